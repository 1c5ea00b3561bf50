//! The `zoneplan` binary: everything lives in the library; see `zoneplan::cli`.

/// The analysis builds and drops many small shared values after every edit; mimalloc does
/// that about a third faster than the system allocator (see `benches/analysis.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    zoneplan::cli::main()
}
