//! The command line: `zoneplan [FILE]` opens the editor, `zoneplan check|catalog|report|import|layout|export ...`
//! run headless.
//!
//! Exit codes, for every subcommand:
//! - 0: success (for `check`: nothing open at or above `--fail-on`);
//! - 1: `check` found findings at or above `--fail-on`; `report` failed for some model;
//! - 2: bad usage, or a model that cannot be read (the message is on stderr).

mod catalog;
mod check;
mod export;
mod import;
mod layout;
mod report;
mod workflow;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "zoneplan", version, about = "Zone & conduit designer for IEC 62443", long_about = None)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// A model to open in the editor.
    pub file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a model: SL-C, requirement deltas and findings.
    ///
    /// Exit codes: 0 when no open (not accepted) finding reaches `--fail-on`, 1 when one does,
    /// 2 for bad usage or a model that cannot be read.
    Check(check::Args),
    /// Print the IEC 62443 requirement catalog.
    Catalog(catalog::Args),
    /// Write PDF reports: `report MODEL.ron -o OUT.pdf` or `report --out-dir DIR MODELS...`.
    Report(report::Args),
    /// Propose SL-Ts from the threat scenarios (IEC 62443-3-2 ZCR 5.6) and, with `--apply`,
    /// set them. Exit code 1 when a tailored FR lacks its note.
    Derive(workflow::DeriveArgs),
    /// Record the asset owner's approval (ZCR 7) with fingerprints of what it approves.
    Approve(workflow::ApproveArgs),
    /// Import an inventory (CSV or XLSX) into a new or existing model, then lay it out.
    Import(import::Args),
    /// Lay a model out automatically: bands by Purdue level, assets in their zones, orthogonal
    /// conduits.
    Layout(layout::Args),
    /// Export the diagram (svg, drawio) or the tables (csv folder, xlsx workbook).
    Export(export::Args),
}

/// Writes a command's whole output to standard output. A reader that stops early
/// (`zoneplan check big.ron | head`) is not an error.
pub(crate) fn write_stdout(out: &str) -> anyhow::Result<()> {
    write_stdout_with(|w| std::io::Write::write_all(w, out.as_bytes()))
}

/// Streams a command's output to standard output through a buffer, with the same handling of
/// a reader that stops early as [`write_stdout`].
pub(crate) fn write_stdout_with(
    // A concrete writer, not `dyn Write`: serde_json makes millions of small writes for a large
    // plant, and through a trait object none of them is inlined.
    write: impl FnOnce(&mut std::io::BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(anyhow::Error::new(e).context("cannot write to standard output")),
    }
}

/// Parses the arguments and runs. Errors are printed once, here.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Catalog(args)) => catalog::run(&args),
        Some(Command::Report(args)) => report::run(&args),
        Some(Command::Derive(args)) => workflow::derive(&args),
        Some(Command::Approve(args)) => workflow::approve(&args),
        Some(Command::Import(args)) => import::run(&args),
        Some(Command::Layout(args)) => layout::run(&args),
        Some(Command::Export(args)) => export::run(&args),
        None => open_editor(cli.file),
    };
    result.unwrap_or_else(|e| {
        eprintln!("zoneplan: {e:#}");
        ExitCode::from(2)
    })
}

/// Opens the editor window (with `file` when given, else the start page).
#[cfg(feature = "gui")]
fn open_editor(file: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    crate::ui::run(file)?;
    Ok(ExitCode::SUCCESS)
}

/// Without the `gui` feature there is no editor; say how to check a model instead.
#[cfg(not(feature = "gui"))]
fn open_editor(_file: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "this zoneplan was built without the editor (feature `gui`); run `zoneplan check MODEL.ron` or `zoneplan --help`"
    )
}
