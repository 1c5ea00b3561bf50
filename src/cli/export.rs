//! `zoneplan export MODEL.ron --format svg|drawio|csv|xlsx -o OUT`: the diagram as SVG or
//! draw.io, the tables (assets, zones, conduits with channels, findings, fix plan) as a folder
//! of CSV files or one XLSX workbook. Every file is written atomically.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::interop::{self, Format};
use crate::persistence;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model to export.
    #[arg(value_name = "MODEL.ron")]
    pub model: PathBuf,
    #[arg(long, value_enum)]
    pub format: FormatArg,
    /// The file to write; for `csv` a folder (created if missing) that receives assets.csv,
    /// zones.csv, conduits.csv, findings.csv and fix-plan.csv.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Svg,
    Drawio,
    Csv,
    Xlsx,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let model = persistence::load(&args.model).map_err(|e| anyhow::anyhow!("{e}"))?;
    let format = match args.format {
        FormatArg::Svg => Format::Svg,
        FormatArg::Drawio => Format::Drawio,
        FormatArg::Csv => Format::Csv,
        FormatArg::Xlsx => Format::Xlsx,
    };
    let written =
        interop::write_export(&model, format, &args.output).map_err(anyhow::Error::msg)?;
    let mut text = String::new();
    for p in written {
        text.push_str(&format!("wrote {}\n", p.display()));
    }
    super::write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}
