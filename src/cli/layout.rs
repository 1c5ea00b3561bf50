//! `zoneplan layout MODEL.ron [-o OUT.ron]`: the automatic layout (bands by Purdue level,
//! subzones in their parents, assets in a grid, orthogonal conduits, boundary devices on their
//! conduit). Writes back to MODEL.ron unless `-o` names another file; atomically either way.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::persistence;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model to lay out.
    #[arg(value_name = "MODEL.ron")]
    pub model: PathBuf,
    /// Where to write the laid-out model (default: MODEL.ron itself).
    #[arg(short = 'o', long = "output", value_name = "OUT.ron")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut model = persistence::load(&args.model).map_err(|e| anyhow::anyhow!("{e}"))?;
    let outside = crate::layout::assets_outside_zones(&model);
    crate::layout::tidy(&mut model);
    let out = args.output.as_ref().unwrap_or(&args.model);
    persistence::save(&model, out)
        .with_context(|| format!("{}: cannot save the model", out.display()))?;
    super::write_stdout(&format!(
        "laid out {} zones, {} assets, {} conduits ({} assets were outside their zone) -> {}\n",
        model.zones.len(),
        model.assets.len(),
        model.conduits.len(),
        outside,
        out.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}
