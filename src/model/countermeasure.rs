//! Countermeasures: technical, procedural, physical or compensating measures that cover
//! requirements a zone or conduit cannot meet by the capability of its assets.

use serde::{Deserialize, Serialize};

use super::{AssetId, ConduitId, CountermeasureId, ZoneId};

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
    /// Requirement ids it covers: 3-3 items (`SR 1.1 RE(1)`) for the zones and conduits it
    /// applies to, 4-2 items (`CR 2.8`) for the assets it applies to.
    #[serde(default)]
    pub covers: Vec<String>,
    #[serde(default)]
    pub zones: Vec<ZoneId>,
    #[serde(default)]
    pub conduits: Vec<ConduitId>,
    /// Assets it applies to (its 4-2 ids take effect on them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<AssetId>,
    /// Named channels it applies to (a VPN that carries some of a conduit's channels).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<ChannelRef>,
    /// Why it meets the intent of what it covers; required for a compensating measure.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub justification: String,
    /// Who carries it out (a person, role or contractor), for the remediation plan.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// When it is due, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub due: String,
}

/// A channel of a conduit, by the channel's name.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelRef {
    pub conduit: ConduitId,
    pub channel: String,
}

/// How urgent a planned countermeasure is, in the remediation plan of the report.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub enum Priority {
    High,
    Medium,
    Low,
}

impl Priority {
    pub const ALL: [Self; 3] = [Self::High, Self::Medium, Self::Low];

    pub fn label(self) -> &'static str {
        match self {
            Self::High => "High",
            Self::Medium => "Medium",
            Self::Low => "Low",
        }
    }

    /// A priority or none, for a choice that includes "not set".
    pub fn label_of(p: Option<Self>) -> &'static str {
        p.map_or("–", Self::label)
    }
}

/// A 3-3 item set not applicable to a zone or conduit, with the reason. Like an accepted
/// finding it stays visible as such in the deltas and the report.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotApplicable {
    /// A 3-3 id, e.g. `SR 1.6`.
    pub item: String,
    pub justification: String,
}

impl Countermeasure {
    pub fn is_implemented(&self) -> bool {
        self.status == CountermeasureStatus::Implemented
    }

    /// A new countermeasure that applies to nothing yet.
    pub fn new(
        id: impl Into<CountermeasureId>,
        name: impl Into<String>,
        kind: CountermeasureKind,
    ) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            kind,
            status: CountermeasureStatus::Planned,
            covers: Vec::new(),
            zones: Vec::new(),
            conduits: Vec::new(),
            assets: Vec::new(),
            channels: Vec::new(),
            justification: String::new(),
            owner: String::new(),
            priority: None,
            due: String::new(),
        }
    }

    /// Whether it may cover an item that only technical means provide: technical measures,
    /// and compensating ones that say why. A procedural or physical measure covers only items
    /// the allocation table expects an organisation to provide, unless marked compensating.
    pub fn covers_technical(&self) -> bool {
        match self.kind {
            CountermeasureKind::Technical => true,
            CountermeasureKind::Compensating => !self.justification.trim().is_empty(),
            CountermeasureKind::Procedural | CountermeasureKind::Physical => false,
        }
    }

    /// Whether it may cover an item that an organisation can provide.
    pub fn covers_organisational(&self) -> bool {
        self.kind != CountermeasureKind::Compensating || !self.justification.trim().is_empty()
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
