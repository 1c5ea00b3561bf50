//! Countermeasures: technical, procedural, physical or compensating measures that cover
//! requirements a zone or conduit cannot meet by the capability of its assets.

use serde::{Deserialize, Serialize};

use super::{ConduitId, CountermeasureId, ZoneId};

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub enum CountermeasureKind {
    Technical,
    Procedural,
    Physical,
    Compensating,
}

impl CountermeasureKind {
    pub const ALL: [Self; 4] = [
        Self::Technical,
        Self::Procedural,
        Self::Physical,
        Self::Compensating,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Technical => "Technical",
            Self::Procedural => "Procedural",
            Self::Physical => "Physical",
            Self::Compensating => "Compensating",
        }
    }
}

#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize,
)]
pub enum CountermeasureStatus {
    #[default]
    Planned,
    Implemented,
}

impl CountermeasureStatus {
    pub const ALL: [Self; 2] = [Self::Planned, Self::Implemented];

    pub fn label(self) -> &'static str {
        match self {
            Self::Planned => "Planned",
            Self::Implemented => "Implemented",
        }
    }
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Countermeasure {
    pub id: CountermeasureId,
    pub name: String,
    pub kind: CountermeasureKind,
    #[serde(default)]
    pub status: CountermeasureStatus,
    /// Requirement ids it covers, e.g. `SR 1.1 RE(1)`.
    #[serde(default)]
    pub covers: Vec<String>,
    #[serde(default)]
    pub zones: Vec<ZoneId>,
    #[serde(default)]
    pub conduits: Vec<ConduitId>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub justification: String,
}

impl Countermeasure {
    pub fn is_implemented(&self) -> bool {
        self.status == CountermeasureStatus::Implemented
    }
}

/// A user's acceptance of a finding: it stays visible, marked accepted, and no longer counts
/// towards `check --fail-on`.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// The finding id, `rule-id@element-id`.
    pub finding: String,
    pub justification: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    /// ISO date chosen by the user.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
}
