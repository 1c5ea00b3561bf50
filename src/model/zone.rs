//! Zones: groups of assets with common security requirements (IEC 62443-3-2 ZCR 3.1).

use serde::{Deserialize, Serialize};

use super::{NotApplicable, Rect, RiskAssessment, SlVector, Specification, ZoneId};

/// What a zone is for; drives its colour, the rules about DMZs, safety and externals.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub enum ZoneKind {
    Enterprise,
    Dmz,
    Operations,
    Control,
    Safety,
    Field,
    Wireless,
    Transient,
    RemoteSite,
    /// Outside the system under consideration (vendor, internet, utility WAN). Not assessed.
    External,
}

impl ZoneKind {
    pub const ALL: [Self; 10] = [
        Self::Enterprise,
        Self::Dmz,
        Self::Operations,
        Self::Control,
        Self::Safety,
        Self::Field,
        Self::Wireless,
        Self::Transient,
        Self::RemoteSite,
        Self::External,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Enterprise => "Enterprise",
            Self::Dmz => "DMZ",
            Self::Operations => "Operations",
            Self::Control => "Control",
            Self::Safety => "Safety",
            Self::Field => "Field",
            Self::Wireless => "Wireless",
            Self::Transient => "Transient / maintenance",
            Self::RemoteSite => "Remote site",
            Self::External => "External / untrusted",
        }
    }

    /// Stable lower-case key for JSON and the command line.
    pub fn key(self) -> &'static str {
        match self {
            Self::Enterprise => "enterprise",
            Self::Dmz => "dmz",
            Self::Operations => "operations",
            Self::Control => "control",
            Self::Safety => "safety",
            Self::Field => "field",
            Self::Wireless => "wireless",
            Self::Transient => "transient",
            Self::RemoteSite => "remote_site",
            Self::External => "external",
        }
    }
}

/// Purdue reference model level. `L3_5` is the industrial DMZ.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub enum PurdueLevel {
    L0,
    L1,
    L2,
    L3,
    L3_5,
    L4,
    L5,
}

impl PurdueLevel {
    pub const ALL: [Self; 7] = [
        Self::L0,
        Self::L1,
        Self::L2,
        Self::L3,
        Self::L3_5,
        Self::L4,
        Self::L5,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::L0 => "L0",
            Self::L1 => "L1",
            Self::L2 => "L2",
            Self::L3 => "L3",
            Self::L3_5 => "L3.5",
            Self::L4 => "L4",
            Self::L5 => "L5",
        }
    }
}

#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    pub id: ZoneId,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub kind: ZoneKind,
    /// The enclosing zone when this is a subzone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<ZoneId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purdue_level: Option<PurdueLevel>,
    /// Safety-related zone (ZCR 3.3, ZCR 6.4 e). A `Safety` kind zone is always treated as
    /// safety-designated.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub safety_designated: bool,
    /// Accountable organisation (ZCR 6.4 b).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organisation: String,
    /// Target security level; `None` for external zones and zones not yet assessed.
    #[serde(default)]
    pub sl_t: Option<SlVector>,
    /// Why this SL-T (ZCR 5.6).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sl_t_rationale: String,
    pub rect: Rect,
    /// 3-3 items set not applicable, each with its justification.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_applicable: Vec<NotApplicable>,
    /// Threat scenarios and the SL-T derivation (ZCR 5).
    #[serde(default, skip_serializing_if = "RiskAssessment::is_empty")]
    pub risk: RiskAssessment,
    /// ZCR 6.4 characteristics.
    #[serde(default, skip_serializing_if = "Specification::is_empty")]
    pub spec: Specification,
}

impl Zone {
    pub fn new(id: impl Into<ZoneId>, name: impl Into<String>, kind: ZoneKind, rect: Rect) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            kind,
            parent: None,
            purdue_level: None,
            safety_designated: false,
            organisation: String::new(),
            sl_t: None,
            sl_t_rationale: String::new(),
            rect,
            not_applicable: Vec::new(),
            risk: RiskAssessment::default(),
            spec: Specification::default(),
        }
    }

    /// External zones lie outside the system under consideration: no SL-T, not assessed.
    pub fn is_external(&self) -> bool {
        self.kind == ZoneKind::External
    }

    pub fn is_safety(&self) -> bool {
        self.safety_designated || self.kind == ZoneKind::Safety
    }
}
