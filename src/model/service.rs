//! Security services: system-level functions an asset provides to zones (a directory, a SIEM,
//! a backup server, ...). IEC 62443-4-2 lets a component meet a requirement "by integration into
//! a higher-level entity"; the analysis credits a zone with the items such a service provides
//! (see the allocation table in the catalog).

use serde::{Deserialize, Serialize};

use super::ZoneId;

/// A kind of security service. The allocation table names which one serves each 3-3 item.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub enum ServiceKind {
    /// Identity and access management: directory, RADIUS, MFA.
    Iam,
    /// Public key infrastructure: CA, certificate enrolment and revocation.
    Pki,
    /// Log collection and SIEM.
    Log,
    /// Security monitoring and intrusion detection.
    Monitoring,
    /// Backup and recovery.
    Backup,
    /// Time source and distribution (NTP, PTP, GNSS).
    Time,
    /// Anti-malware and application allow-listing, centrally managed.
    Antimalware,
    /// Patch, software integrity and configuration management.
    Patch,
    /// Control of portable and mobile devices (NAC, posture check, media scanning).
    DeviceControl,
    /// Asset inventory.
    Inventory,
    /// Emergency power (UPS, generator).
    Power,
    /// Local network services (DNS, DHCP, directory) hosted on the control side.
    Infrastructure,
}

impl ServiceKind {
    pub const ALL: [Self; 12] = [
        Self::Iam,
        Self::Pki,
        Self::Log,
        Self::Monitoring,
        Self::Backup,
        Self::Time,
        Self::Antimalware,
        Self::Patch,
        Self::DeviceControl,
        Self::Inventory,
        Self::Power,
        Self::Infrastructure,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Iam => "Identity & access management",
            Self::Pki => "PKI / certificates",
            Self::Log => "Log collection / SIEM",
            Self::Monitoring => "Monitoring / IDS",
            Self::Backup => "Backup & recovery",
            Self::Time => "Time",
            Self::Antimalware => "Anti-malware",
            Self::Patch => "Patch & integrity management",
            Self::DeviceControl => "Portable-device control / NAC",
            Self::Inventory => "Asset inventory",
            Self::Power => "Emergency power",
            Self::Infrastructure => "Local network services",
        }
    }

    /// Stable lower-case key for JSON and reasons (`no service: log`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Iam => "iam",
            Self::Pki => "pki",
            Self::Log => "log",
            Self::Monitoring => "monitoring",
            Self::Backup => "backup",
            Self::Time => "time",
            Self::Antimalware => "antimalware",
            Self::Patch => "patch",
            Self::DeviceControl => "device_control",
            Self::Inventory => "inventory",
            Self::Power => "power",
            Self::Infrastructure => "infrastructure",
        }
    }
}

/// A service an asset provides, and the zones it serves (a zone's subzones are served too).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceProvision {
    pub service: ServiceKind,
    pub zones: Vec<ZoneId>,
}
