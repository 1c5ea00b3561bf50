//! Conduits: the communication paths between zones, with their channels.

use serde::{Deserialize, Serialize};

use super::{
    AssetId, ConduitId, NotApplicable, Point, RiskAssessment, SlVector, Specification, ZoneId,
};

/// Which way data may flow, relative to the conduit's zone order.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize,
)]
pub enum Direction {
    #[default]
    Both,
    /// From the first zone to the others (a data diode), or for a channel from source to
    /// destination.
    Forward,
    /// From the other zones to the first (channels only).
    Reverse,
}

impl Direction {
    pub const ALL: [Self; 3] = [Self::Both, Self::Forward, Self::Reverse];

    pub fn label(self) -> &'static str {
        match self {
            Self::Both => "both ways",
            Self::Forward => "one-way →",
            Self::Reverse => "one-way ←",
        }
    }
}

/// One data flow inside a conduit.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// A name unique within the conduit, so countermeasures can name the channel.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Key into the protocol catalog, e.g. `modbus_tcp`.
    pub protocol: String,
    /// `None` uses the protocol's default port (or it has none, as GOOSE).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(default)]
    pub direction: Direction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<AssetId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<AssetId>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub purpose: String,
}

impl Channel {
    pub fn new(protocol: impl Into<String>, purpose: impl Into<String>) -> Self {
        Self {
            name: String::new(),
            protocol: protocol.into(),
            port: None,
            direction: Direction::Both,
            source: None,
            destination: None,
            purpose: purpose.into(),
        }
    }
}

/// Boundary devices are not listed here: they are the assets whose placement is this conduit
/// (see `Model::boundary_devices`), so the two can never disagree.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conduit {
    pub id: ConduitId,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The zones it joins: two or more.
    pub zones: Vec<ZoneId>,
    #[serde(default)]
    pub channels: Vec<Channel>,
    #[serde(default)]
    pub sl_t: Option<SlVector>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sl_t_rationale: String,
    /// `Forward` makes it one-way from `zones[0]` to the others.
    #[serde(default)]
    pub direction: Direction,
    /// Optional bend points of the drawn line, in world coordinates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub route: Vec<Point>,
    /// 3-3 items set not applicable, each with its justification.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_applicable: Vec<NotApplicable>,
    /// Accountable organisation (ZCR 6.4 b).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organisation: String,
    /// Threat scenarios and the SL-T derivation (ZCR 5).
    #[serde(default, skip_serializing_if = "RiskAssessment::is_empty")]
    pub risk: RiskAssessment,
    /// ZCR 6.4 characteristics.
    #[serde(default, skip_serializing_if = "Specification::is_empty")]
    pub spec: Specification,
}

impl Conduit {
    pub fn new(id: impl Into<ConduitId>, name: impl Into<String>, zones: Vec<ZoneId>) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            zones,
            channels: Vec::new(),
            sl_t: None,
            sl_t_rationale: String::new(),
            direction: Direction::Both,
            route: Vec::new(),
            not_applicable: Vec::new(),
            organisation: String::new(),
            risk: RiskAssessment::default(),
            spec: Specification::default(),
        }
    }

    /// The channel with this name.
    pub fn channel(&self, name: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.name == name)
    }

    pub fn is_one_way(&self) -> bool {
        self.direction == Direction::Forward
    }
}
