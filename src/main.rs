//! The `zoneplan` binary: everything lives in the library; see `zoneplan::cli`.

fn main() -> std::process::ExitCode {
    zoneplan::cli::main()
}
