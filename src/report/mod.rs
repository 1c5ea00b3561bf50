//! PDF reports of a zone & conduit model: cover and approval block, contents and outline,
//! summary, method, the diagram, one sheet per zone (IEC 62443-3-2 ZCR 6.4) and per conduit,
//! countermeasures, findings and the cited requirements.
//!
//! Two steps, so the content can be tested without a PDF:
//! [`ReportData::build`] computes every number, table and text; [`render`] lays it out and
//! draws it with printpdf, measuring text with `diagram::text` and the same embedded DejaVu
//! fonts it embeds in the PDF. The output is deterministic: the same model gives the same
//! bytes (no clock, fixed font names, a document id hashed from the content).
//!
//! Depends on `model`, `catalog`, `analysis`, `diagram` and `persistence`; never on egui.

pub mod data;
mod detour;
mod flow;
mod html;
mod pdf;
mod render;
mod subset;
pub mod summary;
pub mod workflow;
mod zcr;

use std::path::Path;

use thiserror::Error;

use crate::analysis::Analysis;
use crate::catalog::{Texts, catalog};
use crate::model::Model;
use crate::persistence;

pub use data::ReportData;
pub use render::MIN_READABLE;

/// Paper size. Pages are portrait except the diagram of a model wider than tall.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
    /// For large plants: the overview diagram at twice the area of A4.
    A3,
}

impl Paper {
    /// Portrait width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Self::A4 => (595.276, 841.89),
            Self::Letter => (612.0, 792.0),
            Self::A3 => (841.89, 1190.551),
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::A4 => "a4",
            Self::Letter => "letter",
            Self::A3 => "a3",
        }
    }
}

/// What the report is built with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub paper: Paper,
    /// The user's requirement texts; the appendix then shows them.
    pub texts: Option<Texts>,
}

#[derive(Debug, Error)]
pub enum ReportError {
    #[error("embedded font {0} cannot be parsed")]
    Font(&'static str),
    #[error("PDF: {0}")]
    Pdf(String),
    #[error("printpdf warned: {0}")]
    Warnings(String),
    #[error("{path}: cannot write: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// A finished report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// Draws the report. printpdf's warnings (e.g. a colour out of range) are errors: a report
/// must not silently differ from what was laid out.
pub fn render(data: &ReportData, paper: Paper) -> Result<Rendered, ReportError> {
    let laid = render::lay_out(data, paper);
    let pages = laid.pages.len();
    let subject = format!(
        "IEC 62443 zone & conduit report{}",
        if data.project.site.is_empty() {
            String::new()
        } else {
            format!(", {}", data.project.site)
        }
    );
    let meta = pdf::Meta {
        title: &data.project.name,
        author: &data.project.author,
        subject: &subject,
        date: &data.project.date,
    };
    let mut warnings = Vec::new();
    let bytes = pdf::serialise(laid.pages, &laid.outline, &meta, &mut warnings)?;
    if !warnings.is_empty() {
        let list: Vec<String> = warnings.iter().map(|w| format!("{w:?}")).collect();
        return Err(ReportError::Warnings(list.join("; ")));
    }
    Ok(Rendered { bytes, pages })
}

/// The report as one self-contained HTML file (the same chapters, the diagram as SVG).
pub fn report_html(model: &Model, options: &Options) -> String {
    let analysis = Analysis::run_with_reasons(model, catalog());
    let data = ReportData::build(model, &analysis, options);
    html::render(&data)
}

/// Writes the HTML report atomically to `path` (see [`write_report`]).
pub fn write_html(model: &Model, path: &Path, options: &Options) -> Result<(), ReportError> {
    let html = report_html(model, options);
    persistence::write_atomic(path, html.as_bytes()).map_err(|source| ReportError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Analyses the model and renders its report.
pub fn report(model: &Model, options: &Options) -> Result<Rendered, ReportError> {
    let analysis = Analysis::run_with_reasons(model, catalog());
    let data = ReportData::build(model, &analysis, options);
    render(&data, options.paper)
}

/// Renders the report and writes it atomically to `path`: on any failure no file (and no
/// temporary file) is left behind, and an earlier file at `path` stays as it was. Returns the
/// number of pages.
pub fn write_report(model: &Model, path: &Path, options: &Options) -> Result<usize, ReportError> {
    let r = report(model, options)?;
    persistence::write_atomic(path, &r.bytes).map_err(|source| ReportError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(r.pages)
}
