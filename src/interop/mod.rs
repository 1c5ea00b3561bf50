//! Getting a plant in and out: inventory import (CSV, XLSX) with presets and mapping files,
//! and exports of the diagram (SVG, draw.io) and of the model's tables (CSV, XLSX).
//!
//! No egui: the command line (`zoneplan import`, `zoneplan export`) and the editor (File →
//! Import inventory…, File → Export) share all of it.

pub mod export;
pub mod import;
pub mod mapping;
pub mod structure;
pub mod table;

use std::path::Path;

use crate::analysis::{Analysis, FixPlan};
use crate::catalog::catalog;
use crate::model::Model;

pub use export::Format;
pub use import::{MatchBy, Options, Outcome, Report, Structure, import, import_with};
pub use mapping::{Field, Mapping, Preset};
pub use table::Table;

/// Writes an export of `model` to `out`: a file (atomically) for SVG, draw.io and XLSX, a
/// folder of CSV files (each written atomically; the folder is created) for CSV. Returns the
/// files written.
pub fn write_export(
    model: &Model,
    format: Format,
    out: &Path,
) -> Result<Vec<std::path::PathBuf>, String> {
    let write = |path: &Path, bytes: &[u8]| {
        crate::persistence::write_atomic(path, bytes)
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))
    };
    let analysis = Analysis::run_with_reasons(model, catalog());
    match format {
        Format::Svg => {
            write(out, export::svg(model, &analysis).as_bytes())?;
            Ok(vec![out.to_path_buf()])
        }
        Format::Drawio => {
            write(out, export::drawio(model, &analysis).as_bytes())?;
            Ok(vec![out.to_path_buf()])
        }
        Format::Csv | Format::Xlsx => {
            let plan = FixPlan::compute(model, catalog());
            let sheets = export::sheets(model, &analysis, &plan);
            if format == Format::Xlsx {
                write(out, &export::xlsx_bytes(model, &sheets)?)?;
                return Ok(vec![out.to_path_buf()]);
            }
            std::fs::create_dir_all(out)
                .map_err(|e| format!("{}: cannot create the folder: {e}", out.display()))?;
            let mut written = Vec::new();
            for s in &sheets {
                let path = out.join(s.file_name());
                write(&path, &export::csv_bytes(s)?)?;
                written.push(path);
            }
            Ok(written)
        }
    }
}
