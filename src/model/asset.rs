//! Assets: the devices and applications of the plant, each with its capability SL-C.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{AssetId, ConduitId, Point, ServiceProvision, SlVector, ZoneId};

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

/// Where an asset's SL-C comes from. `Unknown` means not assessed, which is not SL 0: the
/// analysis never takes an unknown capability for a met requirement, and flags every delta that
/// rests on an unknown or estimated SL-C.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
pub enum SlcSource {
    /// Not assessed: the `sl_c` vector is not used.
    #[default]
    Unknown,
    /// Someone's estimate (the analyst's, an integrator's), with a note on how.
    Estimated {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        by: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
    /// A supplier's statement of conformance (a 4-2 table, a security manual).
    Vendor {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        document: String,
    },
    /// A certificate from a scheme such as ISASecure CSA or IECEE.
    Certificate {
        scheme: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        id: String,
        /// The certified security level (1–4), 0 when not stated.
        #[serde(default)]
        level: u8,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        scope: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        date: String,
    },
}

impl SlcSource {
    /// `unknown`, `estimated`, `vendor` or `certificate`, as in JSON.
    pub fn key(&self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Estimated { .. } => "estimated",
            Self::Vendor { .. } => "vendor",
            Self::Certificate { .. } => "certificate",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Unknown => "Unknown (not assessed)",
            Self::Estimated { .. } => "Estimated",
            Self::Vendor { .. } => "Vendor statement",
            Self::Certificate { .. } => "Certificate",
        }
    }

    pub fn is_known(&self) -> bool {
        !matches!(self, Self::Unknown)
    }

    /// Unknown or estimated: a delta that rests on it is flagged.
    pub fn is_weak(&self) -> bool {
        matches!(self, Self::Unknown | Self::Estimated { .. })
    }
}

fn yes() -> bool {
    true
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_true(b: &bool) -> bool {
    *b
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
    /// Capability per FR; only meaningful when `sl_c_source` is known.
    #[serde(default)]
    pub sl_c: SlVector,
    /// Where the SL-C comes from.
    #[serde(default)]
    pub sl_c_source: SlcSource,
    /// `false` for an asset without a digital interface (a 4-20 mA instrument, hard-wired I/O,
    /// a mechanical device): outside IEC 62443-4-2, in no weakest link and without a 4-2 delta.
    /// It still counts for the separation rules.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub digital: bool,
    /// Security services it provides to zones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provides: Vec<ServiceProvision>,
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
            sl_c_source: SlcSource::Unknown,
            digital: true,
            provides: Vec::new(),
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

    /// The SL-C, when it has been assessed.
    pub fn known_sl_c(&self) -> Option<SlVector> {
        self.sl_c_source.is_known().then_some(self.sl_c)
    }

    /// Inside the scope of IEC 62443-4-2: it has a digital interface.
    pub fn in_scope(&self) -> bool {
        self.digital
    }

    /// The classes packed as bits (see [`ComponentClass::bit`]).
    pub fn class_mask(&self) -> u8 {
        self.classes.iter().fold(0, |m, c| m | c.bit())
    }
}
