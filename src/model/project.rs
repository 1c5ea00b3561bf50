//! Project metadata: what the cover page of a report and the window title show.

use serde::{Deserialize, Serialize};

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
}
