//! RON files: a versioned, deterministic file format with clear errors, and atomic writes.
//!
//! - `format_version` comes first. A newer version than [`FORMAT_VERSION`] is an error; an
//!   older one goes through the migrations in [`migrate`]. Every released version has a
//!   fixture under `tests/fixtures/`.
//! - The same model always gives the same bytes: elements are written in id order.
//! - Loading never panics. Syntax errors name line, column and what was expected; unknown
//!   fields are errors (an older zoneplan must not drop a newer one's data); duplicate ids and
//!   references to missing elements are listed all at once.
//! - Saving writes a temporary file beside the target, flushes it and renames it over. A model
//!   whose geometry is not finite is refused, so that what is saved can always be loaded.
//! - [`load_texts`] reads a user's requirement-texts file (see [`crate::catalog::Texts`]).

mod messages;
mod outline;
mod validate;

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use ron::ser::PrettyConfig;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::catalog::{Texts, TextsError};
use crate::model::{
    Acceptance, Asset, Conduit, Countermeasure, Model, Project, SlVector, SlcSource, Zone,
};

/// The format version this program writes.
pub const FORMAT_VERSION: u32 = 2;

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
    #[error("{}", invalid_text(path, problems))]
    Invalid {
        path: String,
        problems: Vec<Problem>,
    },
}

/// One problem: `plant.ron:12: message`. Several: a count, then one such line each.
fn invalid_text(path: &str, problems: &[Problem]) -> String {
    let line = |p: &Problem| match p.line {
        Some(l) => format!("{path}:{l}: {}", p.message),
        None => format!("{path}: {}", p.message),
    };
    match problems {
        [one] => line(one),
        _ => {
            let mut out = format!("{path}: {} problems", problems.len());
            for p in problems {
                out.push('\n');
                out.push_str(&line(p));
            }
            out
        }
    }
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
    /// The model holds something the file format cannot carry, e.g. a NaN coordinate.
    #[error("cannot save: {0}")]
    Invalid(String),
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

/// Only the version, read before anything else; other fields are skipped.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format_version: Version,
}

/// A `format_version` value: a whole number from 1 up. Anything else is an error that says
/// what was found, located by the parser. The default, 0, stands for a missing version (an
/// explicit 0 is refused).
#[derive(Default)]
struct Version(u64);

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Version;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a whole number such as {FORMAT_VERSION}")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Version, E> {
                if v == 0 {
                    return Err(E::custom(format!(
                        "`format_version: 0` does not exist; the first format is 1 and this zoneplan reads up to {FORMAT_VERSION}"
                    )));
                }
                Ok(Version(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Version, E> {
                u64::try_from(v).map_or_else(
                    |_| {
                        Err(E::custom(format!(
                            "`format_version: {v}` is not a version; versions count up from 1"
                        )))
                    },
                    |v| self.visit_u64(v),
                )
            }
            // With ron's `integer128` feature (which another crate in the build may turn on),
            // integers beyond u64 arrive here instead of as floats.
            fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Version, E> {
                u64::try_from(v).map_or_else(
                    |_| {
                        Err(E::custom(format!(
                            "`format_version: {v}` is not a version any zoneplan writes; this one reads format_version {FORMAT_VERSION} and older"
                        )))
                    },
                    |v| self.visit_u64(v),
                )
            }
            fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Version, E> {
                u128::try_from(v).map_or_else(
                    |_| {
                        Err(E::custom(format!(
                            "`format_version: {v}` is not a version; versions count up from 1"
                        )))
                    },
                    |v| self.visit_u128(v),
                )
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Version, E> {
                // Integers beyond u64 reach here as floats.
                Err(E::custom(if v >= 2f64.powi(64) {
                    format!(
                        "`format_version: {v:e}` is not a version any zoneplan writes; this one reads format_version {FORMAT_VERSION} and older"
                    )
                } else {
                    format!(
                        "`format_version: {v:?}` is not a version; it must be a whole number such as {FORMAT_VERSION}"
                    )
                }))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Version, E> {
                Err(E::custom(format!(
                    "`format_version` must be a number, e.g. `format_version: {FORMAT_VERSION}`, not the text {v:?}"
                )))
            }
        }
        d.deserialize_any(V)
    }
}

/// The model as RON text.
pub fn to_string(model: &Model) -> Result<String, SaveError> {
    if let Some(problem) = validate::non_finite(model) {
        return Err(SaveError::Invalid(problem));
    }
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
    let outline = outline::LazyOutline::new(src);
    let syntax = |e: ron::error::SpannedError| {
        let (line, column, message) = messages::describe(&e, src, outline.get());
        LoadError::Syntax {
            path: origin.to_owned(),
            line,
            column,
            message,
        }
    };
    // Files as zoneplan writes them start with the version: read it without parsing the whole
    // file twice. Anything else (a hand-edited file with the version elsewhere, or an odd
    // value) goes through the full header parse and its messages.
    let fast = leading_version(src);
    let version = match fast {
        Some(v) => v,
        None => {
            let header: Header = ron::from_str(src).map_err(syntax)?;
            header.format_version.0
        }
    };
    if version == 0 {
        return Err(LoadError::Invalid {
            path,
            problems: vec![Problem {
                line: Some(1),
                message: format!(
                    "missing `format_version`; a zoneplan model starts with `(format_version: {FORMAT_VERSION}, ...`"
                ),
            }],
        });
    }
    if version > u64::from(FORMAT_VERSION) {
        return Err(LoadError::NewerVersion {
            path,
            found: version,
        });
    }
    let file = match migrate(src, version) {
        Ok(file) => file,
        // A broken file reports what the header parse finds first, as when the version is
        // read the slow way (a syntax error before a type error, say).
        Err(e) if fast.is_some() => {
            return Err(syntax(ron::from_str::<Header>(src).err().unwrap_or(e)));
        }
        Err(e) => return Err(syntax(e)),
    };
    validate::build_model(file, &outline, origin)
}

/// `format_version` when the file opens with `(format_version: N,` (white space and comments
/// allowed between the tokens) and N is a plain whole number from 1 up; otherwise `None`.
fn leading_version(src: &str) -> Option<u64> {
    fn skip(mut s: &str) -> Option<&str> {
        loop {
            let t = s.trim_start();
            if let Some(rest) = t.strip_prefix("//") {
                s = rest.split_once('\n').map_or("", |(_, r)| r);
            } else if let Some(rest) = t.strip_prefix("/*") {
                // Nested or unterminated comments: leave them to the parser.
                let (inner, after) = rest.split_once("*/")?;
                if inner.contains("/*") {
                    return None;
                }
                s = after;
            } else {
                return Some(t);
            }
        }
    }
    let s = skip(src.strip_prefix('\u{feff}').unwrap_or(src))?;
    let s = skip(s.strip_prefix('(')?)?;
    let s = skip(s.strip_prefix("format_version")?)?;
    let s = skip(s.strip_prefix(':')?)?;
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (number, rest) = s.split_at(digits);
    let rest = skip(rest)?;
    if number.is_empty()
        || number.starts_with('0')
        || !(rest.starts_with(',') || rest.starts_with(')'))
    {
        return None;
    }
    number.parse().ok()
}

/// Brings any released version to the current one.
///
/// Version 2 only adds fields, each with a default, so a version-1 file parses as it is. What
/// changes is meaning: version 1 had no SL-C source, and an SL-C of all zeros meant "unknown".
/// So a version-1 asset with an all-zero SL-C is unknown (as before), and one with a real SL-C
/// is marked estimated, with a note that the file did not say where it came from.
/// `tests/fixtures/format-v1.ron` keeps this working.
fn migrate(src: &str, version: u64) -> Result<FileV1, ron::error::SpannedError> {
    debug_assert!(
        version <= u64::from(FORMAT_VERSION),
        "checked by the caller"
    );
    let mut file: FileV1 = ron::from_str(src)?;
    if version == 1 {
        for a in &mut file.assets {
            if !a.sl_c_source.is_known() && a.sl_c != SlVector::ZERO {
                a.sl_c_source = SlcSource::Estimated {
                    by: String::new(),
                    note: V1_SLC_NOTE.to_owned(),
                };
            }
        }
    }
    Ok(file)
}

/// The note on an SL-C read from a version-1 file.
pub const V1_SLC_NOTE: &str = "from a format 1 file, which did not record the source";

/// Reads a file as UTF-8 text; an invalid byte is reported with its line and column.
fn read_text(path: &Path) -> Result<String, LoadError> {
    let shown = || path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: shown(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = std::str::from_utf8(&e.as_bytes()[..e.utf8_error().valid_up_to()])
            .unwrap_or_default();
        let line = valid.matches('\n').count() + 1;
        let column = valid.chars().rev().take_while(|c| *c != '\n').count() + 1;
        LoadError::Syntax {
            path: shown(),
            line,
            column,
            message: "the file is not UTF-8 text (was it saved in another encoding, or is it not a zoneplan file?)"
                .to_owned(),
        }
    })
}

/// The loader's contract, as the fuzzer and its corpus replay check it: text that loads saves,
/// and what it saves loads back the same model. `Err` says which step broke (text that does not
/// load at all is `Ok`: refusing it is the loader's job).
pub fn check_round_trip(src: &str) -> Result<(), String> {
    let Ok(model) = from_str(src, "fuzz.ron") else {
        return Ok(());
    };
    let saved = to_string(&model).map_err(|e| format!("a loaded model does not save: {e}"))?;
    match from_str(&saved, "saved.ron") {
        Ok(again) if again == model => Ok(()),
        Ok(_) => Err("the saved model loads back different".to_owned()),
        Err(e) => Err(format!("a saved model does not load: {e}\n{saved}")),
    }
}

/// Loads a model from a file.
pub fn load(path: &Path) -> Result<Model, LoadError> {
    let src = read_text(path)?;
    from_str(&src, &path.display().to_string())
}

/// Loads a user's requirement-texts file (RON map or `id,text` CSV, see [`Texts::parse`]), for
/// `check --texts FILE` and the editor. Errors name the file and the line.
pub fn load_texts(path: &Path) -> Result<Texts, LoadError> {
    let src = read_text(path)?;
    let shown = path.display().to_string();
    Texts::parse(&src).map_err(|e| match e {
        TextsError::Syntax {
            line,
            column,
            message,
        } => LoadError::Syntax {
            path: shown,
            line,
            column,
            message,
        },
        TextsError::UnknownId { line, id } => LoadError::Invalid {
            path: shown,
            problems: vec![Problem {
                line: Some(line),
                message: format!(
                    "`{id}` is not a requirement id of IEC 62443-3-3 or 4-2 (e.g. `SR 1.1`, `CR 2.1 RE(1)`)"
                ),
            }],
        },
    })
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
/// A symbolic link is written through (the file it points to is replaced), and a replaced
/// file keeps its permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    // A link whose target does not exist yet is replaced like a file.
    let target = if is_link {
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Some(file_name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the path does not name a file",
        ));
    };
    let prefix = format!(".{file_name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A new file gets the usual permissions (0666 less the umask), not tempfile's 0600.
    #[cfg(unix)]
    let new_file_mode = std::os::unix::fs::PermissionsExt::from_mode(0o666);
    #[cfg(unix)]
    builder.permissions(new_file_mode);
    let mut tmp = builder.tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    if let Ok(old) = std::fs::metadata(&target)
        && old.is_file()
    {
        tmp.as_file().set_permissions(old.permissions())?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    // Make the rename itself durable. The new file is in place whatever happens here, so a
    // folder that cannot be synced (some network file systems) is not an error.
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(&dir) {
        d.sync_all().ok();
    }
    remove_stale_temps(&dir, &prefix);
    Ok(())
}

/// A temporary file of a save that was killed before its rename stays behind; one older than
/// this is nobody's save in progress.
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(600);

/// Removes the temporary files (`.NAME.XXXXXX.tmp`) that killed saves of the same file left in
/// `dir`, once they are older than [`STALE_TEMP`]. Best effort: a file that cannot be read or
/// removed stays.
fn remove_stale_temps(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(prefix) && name.ends_with(".tmp")) {
            continue;
        }
        let stale = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE_TEMP);
        if stale {
            std::fs::remove_file(e.path()).ok();
        }
    }
}

#[cfg(test)]
mod temp_tests {
    use super::*;

    #[test]
    fn a_save_removes_stale_temp_files_of_killed_saves_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("plant.ron");
        let old = dir.path().join(".plant.ron.aB3xYz.tmp");
        let fresh = dir.path().join(".plant.ron.Qw12er.tmp");
        let other = dir.path().join(".other.ron.aB3xYz.tmp");
        for f in [&old, &fresh, &other] {
            std::fs::write(f, "partial").expect("write");
        }
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for f in [&old, &other] {
            std::fs::File::options()
                .write(true)
                .open(f)
                .and_then(|h| h.set_modified(hour_ago))
                .expect("set time");
        }
        write_atomic(&path, b"(format_version: 2)").expect("save");
        assert!(!old.exists(), "a stale temp of this file goes");
        assert!(fresh.exists(), "a recent one may be a save in progress");
        assert!(other.exists(), "another file's temps are not ours");
    }
}

#[cfg(test)]
mod version_tests {
    use super::leading_version;

    #[test]
    fn the_leading_version_is_read_without_a_full_parse_only_when_plain() {
        assert_eq!(
            leading_version("(\n    format_version: 2,\n    project: ()"),
            Some(2)
        );
        assert_eq!(
            leading_version("\u{feff}// a model\n( /* v */ format_version : 1 )"),
            Some(1)
        );
        // Anything unusual goes the slow way, with its messages.
        for src in [
            "(zones: [], format_version: 1)",
            "(format_version: 01,",
            "(format_version: 1e3,",
            "(format_version: \"1\",",
            "(format_version: 0,",
            "(format_version: 1 2,",
            "/* /* nested */ */ (format_version: 1,",
            "",
        ] {
            assert_eq!(leading_version(src), None, "{src}");
        }
    }
}
