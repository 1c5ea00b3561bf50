//! RON files: a versioned, deterministic file format with clear errors, and atomic writes.
//!
//! - `format_version` comes first. A newer version than [`FORMAT_VERSION`] is an error; an
//!   older one goes through the migrations in [`migrate`]. Every released version has a
//!   fixture under `tests/fixtures/`.
//! - The same model always gives the same bytes: elements are written in id order.
//! - Loading never panics. Syntax errors name line, column and what was expected; unknown
//!   fields are errors (an older zoneplan must not drop a newer one's data); duplicate ids and
//!   references to missing elements are listed all at once.
//! - Saving writes a temporary file beside the target, flushes it and renames it over.

mod validate;

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use ron::ser::PrettyConfig;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::model::{Acceptance, Asset, Conduit, Countermeasure, Model, Project, Zone};

/// The format version this program writes.
pub const FORMAT_VERSION: u32 = 1;

/// A problem found after parsing: what is wrong, and where when it can be told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

#[derive(Debug, Error)]
pub enum LoadError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "{path}: the file is empty; a zoneplan model starts with `(format_version: {FORMAT_VERSION}, ...`"
    )]
    Empty { path: String },
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path}: written by a newer zoneplan (format_version {found}); this one reads format_version {FORMAT_VERSION} and older"
    )]
    NewerVersion { path: String, found: u64 },
    #[error("{path}: {} problem{}:\n{}", problems.len(), if problems.len() == 1 { "" } else { "s" },
        problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid {
        path: String,
        problems: Vec<Problem>,
    },
}

impl LoadError {
    /// Line and column, when the error has them.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            Self::Syntax { line, column, .. } => Some((*line, *column)),
            Self::Invalid { problems, .. } => problems.first().and_then(|p| p.line).map(|l| (l, 1)),
            _ => None,
        }
    }
}

#[derive(Debug, Error)]
pub enum SaveError {
    #[error("{path}: cannot write: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot serialise the model: {0}")]
    Serialise(#[from] ron::Error),
}

/// The file as written: version first, then the elements as lists in id order (lists, not
/// maps, so that a duplicate id in a hand-edited file is caught rather than silently merged).
#[derive(Serialize)]
struct FileOut<'a> {
    format_version: u32,
    project: &'a Project,
    zones: Vec<&'a Zone>,
    assets: Vec<&'a Asset>,
    conduits: Vec<&'a Conduit>,
    countermeasures: Vec<&'a Countermeasure>,
    accepted: Vec<&'a Acceptance>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileV1 {
    #[expect(dead_code, reason = "checked from the header before the full parse")]
    format_version: u64,
    #[serde(default)]
    project: Project,
    #[serde(default)]
    zones: Vec<Zone>,
    #[serde(default)]
    assets: Vec<Asset>,
    #[serde(default)]
    conduits: Vec<Conduit>,
    #[serde(default)]
    countermeasures: Vec<Countermeasure>,
    #[serde(default)]
    accepted: Vec<Acceptance>,
}

/// Only the version, read before anything else; other fields are skipped. 0 means missing
/// (no released version is 0).
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format_version: u64,
}

/// The model as RON text.
pub fn to_string(model: &Model) -> Result<String, SaveError> {
    let file = FileOut {
        format_version: FORMAT_VERSION,
        project: &model.project,
        zones: model.zones.values().collect(),
        assets: model.assets.values().collect(),
        conduits: model.conduits.values().collect(),
        countermeasures: model.countermeasures.values().collect(),
        accepted: model.accepted.values().collect(),
    };
    let config = PrettyConfig::new()
        .indentor("    ".to_owned())
        .new_line("\n".to_owned())
        .struct_names(false)
        .separate_tuple_members(false);
    let mut s = ron::ser::to_string_pretty(&file, config)?;
    s.push('\n');
    Ok(s)
}

/// Parses a model from RON text. `origin` names the source in error messages.
pub fn from_str(src: &str, origin: &str) -> Result<Model, LoadError> {
    let path = origin.to_owned();
    if src.trim().is_empty() {
        return Err(LoadError::Empty { path });
    }
    let syntax = |e: ron::error::SpannedError| LoadError::Syntax {
        path: origin.to_owned(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: e
            .code
            .to_string()
            .replace("struct `Header`", "the model")
            .replace("struct `FileV1`", "the model"),
    };
    let header: Header = ron::from_str(src).map_err(syntax)?;
    let version = Some(header.format_version).filter(|v| *v > 0).ok_or_else(|| LoadError::Invalid {
        path: origin.to_owned(),
        problems: vec![Problem {
            line: Some(1),
            message: "missing `format_version`; a zoneplan model starts with `(format_version: 1, ...`"
                .to_owned(),
        }],
    })?;
    if version > u64::from(FORMAT_VERSION) {
        return Err(LoadError::NewerVersion {
            path,
            found: version,
        });
    }
    let file = migrate(src, version).map_err(syntax)?;
    validate::build_model(file, src, origin)
}

/// Brings any released version to the current one. Version 1 is the first release, so there
/// is nothing to migrate yet; a version-2 format adds a step here that turns a `FileV1` into
/// the new shape, and keeps `tests/fixtures/format-v1.ron` loading.
fn migrate(src: &str, version: u64) -> Result<FileV1, ron::error::SpannedError> {
    debug_assert!(
        version <= u64::from(FORMAT_VERSION),
        "checked by the caller"
    );
    ron::from_str(src)
}

/// Loads a model from a file.
pub fn load(path: &Path) -> Result<Model, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let src = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let column = valid.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        LoadError::Syntax {
            path: path.display().to_string(),
            line,
            column,
            message: "the file is not UTF-8 text".to_owned(),
        }
    })?;
    from_str(&src, &path.display().to_string())
}

/// Saves a model atomically.
pub fn save(model: &Model, path: &Path) -> Result<(), SaveError> {
    let text = to_string(model)?;
    write_atomic(path, text.as_bytes()).map_err(|source| SaveError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Writes `bytes` to a temporary file in the target's folder, flushes it to disk and renames
/// it over `path`. A failure leaves any earlier file at `path` as it was and no partial file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{file_name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    // The temporary file is created private (0600); give the result the permissions of the
    // file it replaces, or the usual 0644 for a new one, so others can read a shared report.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
