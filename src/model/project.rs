//! Project metadata: what the cover page of a report and the window title show.

use serde::{Deserialize, Serialize};

use super::{Approval, ProjectSpec, Revision, RiskMatrix};

/// Who, where and which revision. Dates are ISO strings (`2026-11-26`) chosen by the user:
/// reports take their date from here, never from the clock, so output stays deterministic.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Project {
    pub name: String,
    pub site: String,
    pub asset_owner: String,
    pub author: String,
    pub revision: String,
    pub description: String,
    pub date: String,
    pub classification: String,
    /// Project-level sections of the requirements specification (ZCR 1, 6.2, 6.5–6.9).
    #[serde(skip_serializing_if = "ProjectSpec::is_empty")]
    pub spec: ProjectSpec,
    /// The risk matrix, tolerable-risk line and SL-T mapping tables.
    #[serde(skip_serializing_if = "RiskMatrix::is_default")]
    pub risk_matrix: RiskMatrix,
    /// Revision history, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
    /// Asset owner approvals (ZCR 7), oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub approvals: Vec<Approval>,
}

/// Whether `text` is a date as `YYYY-MM-DD` (month 01–12, day 01–31).
pub fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    matches!(parts.as_slice(), [y, m, d]
        if num(y, 4).is_some()
            && num(m, 2).is_some_and(|m| (1..=12).contains(&m))
            && num(d, 2).is_some_and(|d| (1..=31).contains(&d)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn iso_dates_only() {
        use super::is_iso_date;
        assert!(is_iso_date("2026-12-31"));
        for bad in [
            "",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "31.12.2026",
            "2026-12-32",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }
}
