//! The cybersecurity requirements specification (IEC 62443-3-2 ZCR 6): the characteristics of
//! each zone and conduit (ZCR 6.4) and the project-level sections (ZCR 1, 6.2, 6.5–6.9).
//!
//! Name, SL-T, safety designation, data flows, connected zones and conduits and the assets are
//! not repeated here: the model already holds them, and the report and the inspector read them
//! from there.

use serde::{Deserialize, Serialize};

/// Whether an access point is a network interface or a physical port.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize,
)]
pub enum AccessPointKind {
    /// IP interface, VPN endpoint, remote-access service, modem, SSID (ZCR 6.4 f).
    #[default]
    Logical,
    /// USB, serial, front-panel engineering port, removable media (ZCR 6.4 g).
    Physical,
}

impl AccessPointKind {
    pub const ALL: [Self; 2] = [Self::Logical, Self::Physical];

    pub fn label(self) -> &'static str {
        match self {
            Self::Logical => "Logical",
            Self::Physical => "Physical",
        }
    }
}

/// One way into a zone or conduit.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessPoint {
    pub name: String,
    #[serde(default)]
    pub kind: AccessPointKind,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// ZCR 6.4 characteristics of one zone or conduit that the rest of the model does not hold.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Specification {
    /// VLANs, subnets, firewall interfaces (ZCR 6.4 c).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub logical_boundary: String,
    /// Rooms, cabinets, kiosks (ZCR 6.4 d).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub physical_boundary: String,
    /// Site, building, room.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub location: String,
    /// ZCR 6.4 f, g.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub access_points: Vec<AccessPoint>,
    /// ZCR 6.6.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub threat_environment: String,
    /// ZCR 6.4 n, 6.5.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub assumptions: String,
    /// ZCR 6.4 m, 6.7.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub policies: String,
    /// ZCR 6.9.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub regulatory: String,
    /// ZCR 6.4 n.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub external_dependencies: String,
    /// ZCR 6.8; blank means the project's tolerable-risk statement applies.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub tolerable_risk: String,
}

impl Specification {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One mandatory characteristic of a zone or conduit sheet, for the completeness score.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SpecField {
    Organisation,
    LogicalBoundary,
    PhysicalBoundary,
    AccessPoints,
    ThreatEnvironment,
    Assumptions,
    Policies,
    Regulatory,
    ExternalDependencies,
    TolerableRisk,
}

impl SpecField {
    pub const ALL: [Self; 10] = [
        Self::Organisation,
        Self::LogicalBoundary,
        Self::PhysicalBoundary,
        Self::AccessPoints,
        Self::ThreatEnvironment,
        Self::Assumptions,
        Self::Policies,
        Self::Regulatory,
        Self::ExternalDependencies,
        Self::TolerableRisk,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Organisation => "accountable organisation",
            Self::LogicalBoundary => "logical boundary",
            Self::PhysicalBoundary => "physical boundary",
            Self::AccessPoints => "access points",
            Self::ThreatEnvironment => "threat environment",
            Self::Assumptions => "assumptions",
            Self::Policies => "security policies",
            Self::Regulatory => "regulatory requirements",
            Self::ExternalDependencies => "external dependencies",
            Self::TolerableRisk => "tolerable risk",
        }
    }

    /// The ZCR 6 clause the field answers.
    pub fn clause(self) -> &'static str {
        match self {
            Self::Organisation => "ZCR 6.4 b",
            Self::LogicalBoundary => "ZCR 6.4 c",
            Self::PhysicalBoundary => "ZCR 6.4 d",
            Self::AccessPoints => "ZCR 6.4 f/g",
            Self::ThreatEnvironment => "ZCR 6.6",
            Self::Assumptions => "ZCR 6.4 n / 6.5",
            Self::Policies => "ZCR 6.4 m / 6.7",
            Self::Regulatory => "ZCR 6.9",
            Self::ExternalDependencies => "ZCR 6.4 n",
            Self::TolerableRisk => "ZCR 6.8",
        }
    }
}

/// The mandatory fields a sheet lacks, in [`SpecField::ALL`] order. A blank tolerable risk is
/// filled by the project's statement when there is one.
pub fn missing_fields(
    organisation: &str,
    spec: &Specification,
    project_tolerable: &str,
) -> Vec<SpecField> {
    let blank = |s: &str| s.trim().is_empty();
    SpecField::ALL
        .into_iter()
        .filter(|f| match f {
            SpecField::Organisation => blank(organisation),
            SpecField::LogicalBoundary => blank(&spec.logical_boundary),
            SpecField::PhysicalBoundary => blank(&spec.physical_boundary),
            SpecField::AccessPoints => spec.access_points.is_empty(),
            SpecField::ThreatEnvironment => blank(&spec.threat_environment),
            SpecField::Assumptions => blank(&spec.assumptions),
            SpecField::Policies => blank(&spec.policies),
            SpecField::Regulatory => blank(&spec.regulatory),
            SpecField::ExternalDependencies => blank(&spec.external_dependencies),
            SpecField::TolerableRisk => blank(&spec.tolerable_risk) && blank(project_tolerable),
        })
        .collect()
}

/// The share of mandatory fields filled, 0 to 1.
pub fn completeness(missing: usize) -> f32 {
    let total = SpecField::ALL.len();
    #[expect(clippy::cast_precision_loss, reason = "at most ten fields")]
    let share = (total - missing.min(total)) as f32 / total as f32;
    share
}

/// The project-level sections of the specification (ZCR 1, 6.2, 6.5–6.9).
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProjectSpec {
    /// Function, intended use, equipment under control (ZCR 6.2).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub suc_description: String,
    /// Perimeter, what is in and out of scope (ZCR 1.1).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub suc_boundary: String,
    /// The asset owner's tolerable-risk statement (ZCR 6.8).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub tolerable_risk: String,
    /// Operating environment assumptions (ZCR 6.5).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub assumptions: String,
    /// Threat environment and intelligence sources (ZCR 6.6).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub threat_environment: String,
    /// Organisational security policies (ZCR 6.7).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub policies: String,
    /// Regulatory requirements (ZCR 6.9).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub regulatory: String,
    /// The corporate risk method this assessment follows.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub risk_method: String,
}

impl ProjectSpec {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_fields_are_listed_and_the_project_fills_tolerable_risk() {
        let mut s = Specification::default();
        assert_eq!(missing_fields("", &s, "").len(), SpecField::ALL.len());
        assert!(!missing_fields("", &s, "ALARP").contains(&SpecField::TolerableRisk));
        s.logical_boundary = "VLAN 20".into();
        s.access_points.push(AccessPoint {
            name: "AP-1".into(),
            kind: AccessPointKind::Logical,
            detail: String::new(),
        });
        let m = missing_fields("Operations", &s, "ALARP");
        assert!(!m.contains(&SpecField::Organisation));
        assert!(!m.contains(&SpecField::AccessPoints));
        assert!(m.contains(&SpecField::PhysicalBoundary));
        assert_eq!(m.len(), 6);
        assert!((completeness(m.len()) - 0.4).abs() < 1e-6);
        assert!((completeness(0) - 1.0).abs() < 1e-6);
    }
}
