//! Assets: the devices and applications of the plant, each with its capability SL-C.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{AssetId, ConduitId, Point, SlVector, ZoneId};

/// IEC 62443-4-2 component types. An asset can be several (a PLC with a web server is EDR + SAR).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub enum ComponentClass {
    /// Software application.
    Sar,
    /// Embedded device.
    Edr,
    /// Host device.
    Hdr,
    /// Network device.
    Ndr,
}

impl ComponentClass {
    pub const ALL: [Self; 4] = [Self::Sar, Self::Edr, Self::Hdr, Self::Ndr];

    pub fn key(self) -> &'static str {
        match self {
            Self::Sar => "SAR",
            Self::Edr => "EDR",
            Self::Hdr => "HDR",
            Self::Ndr => "NDR",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    /// Bit for a class set packed into a `u8`.
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize,
)]
pub enum Criticality {
    Low,
    #[default]
    Medium,
    High,
    Critical,
}

impl Criticality {
    pub const ALL: [Self; 4] = [Self::Low, Self::Medium, Self::High, Self::Critical];

    pub fn label(self) -> &'static str {
        match self {
            Self::Low => "Low",
            Self::Medium => "Medium",
            Self::High => "High",
            Self::Critical => "Critical",
        }
    }
}

/// The properties that the separation rules of ZCR 3.2–3.6 look at.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AssetFlags {
    /// Part of a safety function (SIS, F&G, protection): ZCR 3.3.
    pub safety_related: bool,
    /// Communicates over radio: ZCR 3.5.
    pub wireless: bool,
    /// Connected only for limited periods (laptops, test sets, USB media): ZCR 3.4.
    pub temporary: bool,
    /// Reaches the system through a network outside it (vendor access, cellular): ZCR 3.6.
    pub external: bool,
    /// A business (non-IACS) asset: ZCR 3.2.
    pub business: bool,
}

impl AssetFlags {
    /// No flag set.
    pub fn is_none(&self) -> bool {
        *self == Self::default()
    }
}

/// Where an asset lives: in exactly one zone, or in one conduit as a boundary device.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
pub enum Placement {
    #[default]
    Unplaced,
    Zone(ZoneId),
    /// A boundary device (firewall, diode, VPN gateway) of the conduit.
    Conduit(ConduitId),
}

impl Placement {
    pub fn zone(&self) -> Option<&ZoneId> {
        match self {
            Self::Zone(z) => Some(z),
            _ => None,
        }
    }

    pub fn conduit(&self) -> Option<&ConduitId> {
        match self {
            Self::Conduit(c) => Some(c),
            _ => None,
        }
    }
}

#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Asset {
    pub id: AssetId,
    pub name: String,
    /// Key into the asset-kind catalog, e.g. `plc`.
    pub kind: String,
    #[serde(default)]
    pub classes: BTreeSet<ComponentClass>,
    /// Capability per FR; all 0 means unknown.
    #[serde(default)]
    pub sl_c: SlVector,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub vendor: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub model: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub firmware: String,
    /// IP address or network, free text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub network: String,
    #[serde(default)]
    pub criticality: Criticality,
    #[serde(default, skip_serializing_if = "AssetFlags::is_none")]
    pub flags: AssetFlags,
    #[serde(default)]
    pub placement: Placement,
    pub pos: Point,
}

impl Asset {
    pub fn new(
        id: impl Into<AssetId>,
        name: impl Into<String>,
        kind: impl Into<String>,
        pos: Point,
    ) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            kind: kind.into(),
            classes: BTreeSet::new(),
            sl_c: SlVector::ZERO,
            vendor: String::new(),
            model: String::new(),
            firmware: String::new(),
            network: String::new(),
            criticality: Criticality::default(),
            flags: AssetFlags::default(),
            placement: Placement::Unplaced,
            pos,
        }
    }

    /// The classes packed as bits (see [`ComponentClass::bit`]).
    pub fn class_mask(&self) -> u8 {
        self.classes.iter().fold(0, |m, c| m | c.bit())
    }
}
