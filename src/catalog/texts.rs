//! Requirement texts supplied by the user. The standard's texts are copyrighted, so zoneplan
//! ships none; a user who owns the standard can keep their own `id -> text` file, as RON
//! (`{"SR 1.1": "...", ...}`) or CSV (`id,text` rows, an optional header).

use std::collections::BTreeMap;

use thiserror::Error;

use super::catalog;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum TextsError {
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("line {line}: `{id}` is not a requirement id of IEC 62443-3-3 or 4-2")]
    UnknownId { line: usize, id: String },
}

/// Requirement texts by id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Texts(BTreeMap<String, String>);

impl Texts {
    pub fn get(&self, id: &str) -> Option<&str> {
        self.0.get(id).map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Parses RON when the text starts with `{`, else CSV.
    pub fn parse(src: &str) -> Result<Self, TextsError> {
        if src.trim_start().starts_with('{') {
            Self::parse_ron(src)
        } else {
            Self::parse_csv(src)
        }
    }

    fn parse_ron(src: &str) -> Result<Self, TextsError> {
        let map: BTreeMap<String, String> = ron::from_str(src).map_err(|e| TextsError::Syntax {
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })?;
        for id in map.keys() {
            if !catalog().is_requirement_id(id) {
                let line = src
                    .lines()
                    .position(|l| l.contains(&format!("\"{id}\"")))
                    .map_or(1, |i| i + 1);
                return Err(TextsError::UnknownId {
                    line,
                    id: id.clone(),
                });
            }
        }
        Ok(Self(map))
    }

    fn parse_csv(src: &str) -> Result<Self, TextsError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(false)
            .from_reader(src.as_bytes());
        let mut map = BTreeMap::new();
        for (i, rec) in reader.records().enumerate() {
            let rec = rec.map_err(|e| {
                let line = e
                    .position()
                    .map_or(i + 1, |p| usize::try_from(p.line()).unwrap_or(0));
                TextsError::Syntax {
                    line,
                    column: 1,
                    message: e.to_string(),
                }
            })?;
            let line = rec
                .position()
                .and_then(|p| usize::try_from(p.line()).ok())
                .unwrap_or(i + 1);
            if rec.len() != 2 {
                return Err(TextsError::Syntax {
                    line,
                    column: 1,
                    message: format!("expected 2 fields (id,text), found {}", rec.len()),
                });
            }
            let id = rec[0].trim();
            if i == 0 && id.eq_ignore_ascii_case("id") {
                continue;
            }
            if !catalog().is_requirement_id(id) {
                return Err(TextsError::UnknownId {
                    line,
                    id: id.to_owned(),
                });
            }
            map.insert(id.to_owned(), rec[1].trim().to_owned());
        }
        Ok(Self(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_header_and_quotes() {
        let t = Texts::parse("id,text\nSR 1.1,\"My words, with a comma\"\nCR 2.1,Other\n").unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t.get("SR 1.1"), Some("My words, with a comma"));
        assert_eq!(t.get("CR 2.1"), Some("Other"));
    }

    #[test]
    fn ron_map() {
        let t = Texts::parse("{\n  \"SR 3.1\": \"Integrity text\",\n}").unwrap();
        assert_eq!(t.get("SR 3.1"), Some("Integrity text"));
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(
            Texts::parse("SR 1.1,a\nSR 99.1,b\n"),
            Err(TextsError::UnknownId {
                line: 2,
                id: "SR 99.1".into()
            })
        );
        let e = Texts::parse("SR 1.1,a,b\n").unwrap_err();
        assert!(matches!(e, TextsError::Syntax { line: 1, .. }), "{e:?}");
        let e = Texts::parse("{\n \"SR 1.1\": 3 }").unwrap_err();
        assert!(matches!(e, TextsError::Syntax { line: 2, .. }), "{e:?}");
    }
}
