//! `zoneplan import INVENTORY.csv|.xlsx -o plant.ron`: assets (and the zones they name) from an
//! inventory, into a new model or into an existing one (`--into`), then the automatic layout.
//!
//! Prints what was added, changed and left alone, row by row; rows that cannot be read are
//! listed with their row and column and the others import. Nothing is written with
//! `--dry-run`, or when the inventory cannot be read at all (exit code 2).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::interop::{self, MatchBy, Preset, mapping, structure};
use crate::model::Model;
use crate::persistence;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The inventory: a CSV file or a workbook (.xlsx, .xlsm, .xls, .ods). A folder written by
    /// `zoneplan export --format csv`, or a workbook written by `--format xlsx`, brings its
    /// zones and conduits too.
    #[arg(value_name = "INVENTORY")]
    pub inventory: PathBuf,
    /// The model to write.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "OUT.ron",
        required_unless_present = "dry_run"
    )]
    pub output: Option<PathBuf>,
    /// An existing model to import into: matching assets are updated, not duplicated.
    #[arg(long, value_name = "MODEL.ron")]
    pub into: Option<PathBuf>,
    /// Built-in column mapping.
    #[arg(long, value_enum, default_value_t = PresetArg::Spreadsheet, conflicts_with = "mapping")]
    pub preset: PresetArg,
    /// A mapping file (RON) for any other export; see the README.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// How a row finds the asset it updates in the model given with `--into`.
    #[arg(long = "match", value_enum, default_value_t = MatchArg::Name)]
    pub match_by: MatchArg,
    /// The sheet of a workbook with several.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Keep the layout of the model given with `--into`: only new zones and assets are placed
    /// (new zones under the drawing, new assets at the bottom of their zone). Without it the
    /// whole model is laid out again.
    #[arg(long, requires = "into")]
    pub keep_layout: bool,
    /// A zones table (CSV, or the `Zones` sheet of a workbook): zones with their kind, Purdue
    /// level, parent and SL-T, as `zoneplan export` writes them.
    #[arg(long, value_name = "FILE")]
    pub zones: Option<PathBuf>,
    /// A conduits table (CSV, or the `Conduits` sheet of a workbook): conduits with their zones,
    /// SL-T and channels, one row per channel, as `zoneplan export` writes them.
    #[arg(long, value_name = "FILE")]
    pub conduits: Option<PathBuf>,
    /// Show what would be imported; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PresetArg {
    Spreadsheet,
    Netbox,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MatchArg {
    Name,
    Ip,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mapping = match &args.mapping {
        Some(path) => mapping::load(path).map_err(anyhow::Error::msg)?,
        None => match args.preset {
            PresetArg::Spreadsheet => Preset::Spreadsheet,
            PresetArg::Netbox => Preset::Netbox,
        }
        .mapping(),
    };
    let mut tables = structure::read_tables(&args.inventory, args.sheet.as_deref())?;
    if let Some(z) = &args.zones {
        tables.zones = Some(structure::read_one(z, "Zones")?);
    }
    if let Some(c) = &args.conduits {
        tables.conduits = Some(structure::read_one(c, "Conduits")?);
    }
    let table = &tables.assets;
    let base = match &args.into {
        Some(path) => persistence::load(path).map_err(|e| anyhow::anyhow!("{e}"))?,
        None => Model::default(),
    };
    let options = interop::Options {
        match_by: match args.match_by {
            MatchArg::Name => MatchBy::Name,
            MatchArg::Ip => MatchBy::Ip,
        },
        layout: !args.keep_layout,
    };
    let outcome = interop::import_with(&base, table, tables.structure(), &mapping, &options)?;
    let mut text = outcome.report.lines().join("\n");
    text.push('\n');
    if !outcome.report.changes_anything() && outcome.report.unchanged.is_empty() {
        super::write_stdout(&text)?;
        bail!("{}: no row could be imported", table.origin);
    }
    if args.dry_run {
        text.push_str("dry run: nothing written\n");
    } else if let Some(out) = &args.output {
        persistence::save(&outcome.model, out)
            .with_context(|| format!("{}: cannot save the model", out.display()))?;
        text.push_str(&format!("wrote {}\n", out.display()));
    }
    super::write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}
