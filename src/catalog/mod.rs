//! Static IEC 62443 knowledge, embedded from `assets/catalog/*.ron`: the 3-3 system
//! requirements and 4-2 component requirements with the lowest SL that requires each, the asset
//! kinds and the protocols. Ids and short titles only: the standard's texts are copyrighted; a
//! user who owns them can load a [`Texts`] file of their own.
//!
//! Depends on `model` only. No egui, no file I/O.

mod texts;

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::model::{AssetFlags, ComponentClass, Fr, SecurityLevel, ServiceKind};

pub use texts::{Texts, TextsError};

/// The edition of the system requirement table, shown in reports.
pub const SR_EDITION: &str = "IEC 62443-3-3:2013 with COR1:2014";
/// The edition of the component requirement table, shown in reports.
pub const CR_EDITION: &str = "IEC 62443-4-2:2019";

/// The label of the allocation table wherever it is used.
pub const ALLOCATION_HEURISTIC: &str = "Who can provide each 3-3 item (component, boundary \
device, security service, organisation) follows zoneplan's allocation table: a heuristic of \
this tool built from public sources (the ISA GCA/ISCI component certification study, IACS UR \
E26/E27, vendors' 4-2 tables) and expert judgement, not a table of IEC 62443.";

/// Where a 3-3 item is judged.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Deserialize)]
pub enum Scope {
    Zone,
    Conduit,
    Both,
}

impl Scope {
    pub fn on_zones(self) -> bool {
        self != Self::Conduit
    }

    pub fn on_conduits(self) -> bool {
        self != Self::Zone
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Zone => "zone",
            Self::Conduit => "conduit",
            Self::Both => "both",
        }
    }
}

/// Who can provide a 3-3 item (the allocation table's `providers`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Deserialize)]
pub enum Provider {
    /// Every relevant asset has the capability (4-2 counterpart).
    Component,
    /// The boundary devices of the conduit, or of the conduits around the zone.
    Boundary,
    /// A system-level security service serving the zone.
    Service,
    /// A procedure of the asset owner or integrator.
    Organisation,
}

impl Provider {
    pub const ALL: [Self; 4] = [
        Self::Component,
        Self::Boundary,
        Self::Service,
        Self::Organisation,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Component => "component",
            Self::Boundary => "boundary",
            Self::Service => "service",
            Self::Organisation => "organisation",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Component => "Component",
            Self::Boundary => "Boundary device",
            Self::Service => "Security service",
            Self::Organisation => "Organisation",
        }
    }
}

/// A condition under which some 3-3 items apply at all (see `assets/catalog/applicability.ron`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Deserialize)]
pub enum Condition {
    Radio,
    PortableDevices,
    UntrustedNetwork,
}

/// A built-in applicability rule: the items apply only where the condition holds.
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicabilityRule {
    pub condition: Condition,
    pub items: Vec<String>,
    /// Shown as the reason where the item does not apply.
    pub reason: String,
}

/// A 3-3 system requirement (`SR 1.1`) or requirement enhancement (`SR 1.1 RE(1)`), with who
/// can provide it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Requirement {
    pub id: String,
    pub fr: Fr,
    pub title: String,
    /// The lowest SL that requires it; every higher SL does too.
    pub level: SecurityLevel,
    /// The 4-2 items that are its component counterpart (empty: only the system provides it).
    pub counterpart: Vec<String>,
    /// The component classes the counterpart applies to, as a class mask (see
    /// [`ComponentClass::bit`]); 0 when there is no counterpart.
    pub counterpart_classes: u8,
    pub scope: Scope,
    /// The providers, the main one first. Technical providers are alternatives.
    pub providers: Vec<Provider>,
    /// The service a `Service` provider means.
    pub service: Option<ServiceKind>,
    /// The allocation table's note (the tool's own words, not the standard's).
    pub note: String,
    /// The built-in applicability condition, if any, with its rule's index.
    pub condition: Option<(Condition, usize)>,
    /// For an RE, the index of its base SR in [`Catalog::system`].
    pub base: Option<usize>,
    /// For an RE, why it does not apply when its base SR does not ("its base SR 1.6 does not
    /// apply"); empty for an SR.
    pub base_not_applicable: String,
    /// Index in [`Catalog::system`].
    pub index: usize,
}

impl Requirement {
    /// `SR 1.1 RE(1)` → `SR 1.1`; an SR is its own base.
    pub fn base_id(&self) -> &str {
        self.id.split(" RE(").next().unwrap_or(&self.id)
    }

    pub fn is_enhancement(&self) -> bool {
        self.id.contains(" RE(")
    }

    pub fn has_provider(&self, p: Provider) -> bool {
        self.providers.contains(&p)
    }

    /// Only technical means provide it: no organisation among its providers.
    pub fn is_technical(&self) -> bool {
        !self.has_provider(Provider::Organisation)
    }
}

/// Which 4-2 component types a component requirement applies to.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Deserialize)]
pub enum AppliesTo {
    All,
    Sar,
    Edr,
    Hdr,
    Ndr,
}

impl AppliesTo {
    /// `all`, `SAR`, `EDR`, `HDR`, `NDR`.
    pub fn key(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Sar => "SAR",
            Self::Edr => "EDR",
            Self::Hdr => "HDR",
            Self::Ndr => "NDR",
        }
    }

    pub fn class(self) -> Option<ComponentClass> {
        match self {
            Self::All => None,
            Self::Sar => Some(ComponentClass::Sar),
            Self::Edr => Some(ComponentClass::Edr),
            Self::Hdr => Some(ComponentClass::Hdr),
            Self::Ndr => Some(ComponentClass::Ndr),
        }
    }

    /// Whether it applies to a component with these classes (a mask of
    /// [`ComponentClass::bit`]).
    pub fn applies(self, class_mask: u8) -> bool {
        self.class().is_none_or(|c| class_mask & c.bit() != 0)
    }
}

/// A 4-2 component requirement (`CR 1.1`, `EDR 2.13 RE(1)`, ...).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ComponentRequirement {
    pub id: String,
    pub fr: Fr,
    pub title: String,
    pub applies_to: AppliesTo,
    pub level: SecurityLevel,
}

/// A kind of asset from the palette, with what new assets of the kind start with.
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetKind {
    pub key: String,
    pub name: String,
    /// A few letters drawn in the asset's glyph.
    pub glyph: String,
    pub classes: BTreeSet<ComponentClass>,
    #[serde(default)]
    pub flags: AssetFlags,
    /// Usually a conduit's boundary device (firewall, diode, VPN gateway).
    #[serde(default)]
    pub boundary: bool,
    #[serde(default)]
    pub description: String,
}

/// A protocol that channels can carry, with its native protection.
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Protocol {
    pub key: String,
    pub name: String,
    pub ports: Vec<u16>,
    pub transport: String,
    pub authentication: bool,
    pub integrity: bool,
    pub encryption: bool,
    /// The secure variant to recommend, when there is one.
    #[serde(default)]
    pub secure_variant: Option<String>,
    /// Carried over radio (WirelessHART, ISA100, ...).
    #[serde(default)]
    pub radio: bool,
}

impl Protocol {
    /// Whether the protocol natively protects what FR1 (authentication), FR3 (integrity) or FR4
    /// (confidentiality) asks of a channel; `None` for FRs a protocol does not speak to.
    pub fn native(&self, fr: Fr) -> Option<bool> {
        match fr {
            Fr::Iac => Some(self.authentication),
            Fr::Si => Some(self.integrity),
            Fr::Dc => Some(self.encryption),
            _ => None,
        }
    }
}

impl Protocol {
    /// The first of its ports.
    pub fn default_port(&self) -> Option<u16> {
        self.ports.first().copied()
    }
}

/// Everything the tool knows about IEC 62443, loaded once.
#[derive(Debug)]
pub struct Catalog {
    pub system: Vec<Requirement>,
    pub component: Vec<ComponentRequirement>,
    pub asset_kinds: Vec<AssetKind>,
    pub protocols: Vec<Protocol>,
    pub applicability: Vec<ApplicabilityRule>,
    system_by_id: HashMap<String, usize>,
    component_by_id: HashMap<String, usize>,
    protocol_by_key: HashMap<String, usize>,
    /// Indices into `system` per FR, sorted by level then catalog order.
    system_by_fr: [Vec<usize>; 7],
    /// Indices into `component` per class mask (0..16) and FR, sorted by level.
    component_by_mask_fr: Vec<[Vec<usize>; 7]>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SrRow {
    id: String,
    fr: u8,
    title: String,
    level: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AllocationRow {
    id: String,
    counterpart: Vec<String>,
    scope: Scope,
    providers: Vec<Provider>,
    service: Option<ServiceKind>,
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CrRow {
    id: String,
    fr: u8,
    title: String,
    applies_to: AppliesTo,
    level: u8,
}

const SR_RON: &str = include_str!("../../assets/catalog/iec62443-3-3.ron");
const CR_RON: &str = include_str!("../../assets/catalog/iec62443-4-2.ron");
const KINDS_RON: &str = include_str!("../../assets/catalog/asset-kinds.ron");
const PROTOCOLS_RON: &str = include_str!("../../assets/catalog/protocols.ron");
const ALLOCATION_RON: &str = include_str!("../../assets/catalog/iec62443-3-3-allocation.ron");
const APPLICABILITY_RON: &str = include_str!("../../assets/catalog/applicability.ron");

/// The embedded catalog. Parsed on first use; the embedded files are checked by tests, so
/// this cannot fail in a released build.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        #[expect(
            clippy::expect_used,
            reason = "embedded data, verified by the catalog tests"
        )]
        Catalog::parse(&Sources {
            sr: SR_RON,
            cr: CR_RON,
            kinds: KINDS_RON,
            protocols: PROTOCOLS_RON,
            allocation: ALLOCATION_RON,
            applicability: APPLICABILITY_RON,
        })
        .expect("the embedded catalog is valid")
    })
}

fn level_of(level: u8, id: &str) -> Result<SecurityLevel, String> {
    SecurityLevel::new(level)
        .filter(|l| l.get() >= 1)
        .ok_or_else(|| format!("{id}: level {level} is not 1..=4"))
}

/// The RON texts a catalog is built from.
pub struct Sources<'a> {
    pub sr: &'a str,
    pub cr: &'a str,
    pub kinds: &'a str,
    pub protocols: &'a str,
    pub allocation: &'a str,
    pub applicability: &'a str,
}

impl Catalog {
    /// Builds a catalog from its RON sources.
    pub fn parse(src: &Sources<'_>) -> Result<Self, String> {
        let sr_rows: Vec<SrRow> = ron::from_str(src.sr).map_err(|e| format!("3-3 catalog: {e}"))?;
        let cr_rows: Vec<CrRow> = ron::from_str(src.cr).map_err(|e| format!("4-2 catalog: {e}"))?;
        let asset_kinds: Vec<AssetKind> =
            ron::from_str(src.kinds).map_err(|e| format!("asset kinds: {e}"))?;
        let protocols: Vec<Protocol> =
            ron::from_str(src.protocols).map_err(|e| format!("protocols: {e}"))?;
        let allocation: Vec<AllocationRow> =
            ron::from_str(src.allocation).map_err(|e| format!("allocation table: {e}"))?;
        let applicability: Vec<ApplicabilityRule> =
            ron::from_str(src.applicability).map_err(|e| format!("applicability rules: {e}"))?;
        if allocation.len() != sr_rows.len() {
            return Err(format!(
                "allocation table: {} rows for {} 3-3 items",
                allocation.len(),
                sr_rows.len()
            ));
        }
        let fr = |n: u8, id: &str| Fr::from_number(n).ok_or_else(|| format!("{id}: FR {n}"));
        let mut system = sr_rows
            .into_iter()
            .zip(allocation)
            .enumerate()
            .map(|(index, (r, a))| {
                if a.id != r.id {
                    return Err(format!(
                        "allocation table: row {} is {}, expected {}",
                        index + 1,
                        a.id,
                        r.id
                    ));
                }
                if a.providers.is_empty() {
                    return Err(format!("allocation table: {} has no provider", a.id));
                }
                if a.providers.contains(&Provider::Service) != a.service.is_some() {
                    return Err(format!(
                        "allocation table: {} names a service exactly when it has a service provider",
                        a.id
                    ));
                }
                Ok(Requirement {
                    fr: fr(r.fr, &r.id)?,
                    level: level_of(r.level, &r.id)?,
                    id: r.id,
                    title: r.title,
                    counterpart: a.counterpart,
                    counterpart_classes: 0,
                    scope: a.scope,
                    providers: a.providers,
                    service: a.service,
                    note: a.note,
                    condition: None,
                    base: None,
                    base_not_applicable: String::new(),
                    index,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let component = cr_rows
            .into_iter()
            .map(|r| {
                Ok(ComponentRequirement {
                    fr: fr(r.fr, &r.id)?,
                    level: level_of(r.level, &r.id)?,
                    applies_to: r.applies_to,
                    id: r.id,
                    title: r.title,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;

        let mut system_by_id = HashMap::new();
        for (i, r) in system.iter().enumerate() {
            if system_by_id.insert(r.id.clone(), i).is_some() {
                return Err(format!("duplicate requirement {}", r.id));
            }
        }
        let mut component_by_id = HashMap::new();
        for (i, r) in component.iter().enumerate() {
            if component_by_id.insert(r.id.clone(), i).is_some() {
                return Err(format!("duplicate component requirement {}", r.id));
            }
        }
        // Resolve counterparts, bases and applicability conditions.
        for r in &mut system {
            let mut mask = 0u8;
            for cr in &r.counterpart {
                let c = component_by_id
                    .get(cr)
                    .map(|&k| &component[k])
                    .ok_or_else(|| format!("allocation table: {}: unknown 4-2 item {cr}", r.id))?;
                mask |= match c.applies_to.class() {
                    Some(class) => class.bit(),
                    None => 0xF,
                };
            }
            r.counterpart_classes = mask;
            if r.is_enhancement() {
                let base_id = r.base_id().to_owned();
                r.base_not_applicable = format!("its base {base_id} does not apply");
                r.base = Some(
                    *system_by_id
                        .get(&base_id)
                        .ok_or_else(|| format!("{}: no base SR {base_id}", r.id))?,
                );
            }
        }
        for (k, rule) in applicability.iter().enumerate() {
            for id in &rule.items {
                let &i = system_by_id
                    .get(id)
                    .ok_or_else(|| format!("applicability rules: unknown 3-3 item {id}"))?;
                if system[i].condition.is_some() {
                    return Err(format!("applicability rules: {id} is under two rules"));
                }
                system[i].condition = Some((rule.condition, k));
            }
        }
        let mut seen = BTreeSet::new();
        for k in &asset_kinds {
            if !seen.insert(k.key.as_str()) {
                return Err(format!("duplicate asset kind {}", k.key));
            }
        }
        let mut seen = BTreeSet::new();
        for p in &protocols {
            if !seen.insert(p.key.as_str()) {
                return Err(format!("duplicate protocol {}", p.key));
            }
        }

        let mut system_by_fr: [Vec<usize>; 7] = Default::default();
        for (i, r) in system.iter().enumerate() {
            system_by_fr[r.fr.index()].push(i);
        }
        for v in &mut system_by_fr {
            v.sort_by_key(|&i| system[i].level);
        }
        let component_by_mask_fr = (0u8..16)
            .map(|mask| {
                let mut by_fr: [Vec<usize>; 7] = Default::default();
                for (i, r) in component.iter().enumerate() {
                    if r.applies_to.applies(mask) {
                        by_fr[r.fr.index()].push(i);
                    }
                }
                for v in &mut by_fr {
                    v.sort_by_key(|&i| component[i].level);
                }
                by_fr
            })
            .collect();

        let protocol_by_key = protocols
            .iter()
            .enumerate()
            .map(|(i, p)| (p.key.clone(), i))
            .collect();
        Ok(Self {
            system,
            component,
            asset_kinds,
            protocols,
            applicability,
            system_by_id,
            component_by_id,
            protocol_by_key,
            system_by_fr,
            component_by_mask_fr,
        })
    }

    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.system_by_id.get(id).map(|&i| &self.system[i])
    }

    pub fn component_requirement(&self, id: &str) -> Option<&ComponentRequirement> {
        self.component_by_id.get(id).map(|&i| &self.component[i])
    }

    /// Whether `id` names a 3-3 or 4-2 item.
    pub fn is_requirement_id(&self, id: &str) -> bool {
        self.system_by_id.contains_key(id) || self.component_by_id.contains_key(id)
    }

    /// The title of a 3-3 or 4-2 item.
    pub fn title_of(&self, id: &str) -> Option<&str> {
        self.requirement(id)
            .map(|r| r.title.as_str())
            .or_else(|| self.component_requirement(id).map(|r| r.title.as_str()))
    }

    /// The 3-3 items of FR `fr` required at `target` but not at `capability`, i.e. with
    /// `capability < level <= target`, in catalog order within each level.
    pub fn system_delta(
        &self,
        fr: Fr,
        capability: SecurityLevel,
        target: SecurityLevel,
    ) -> impl Iterator<Item = &Requirement> + '_ {
        self.system_by_fr[fr.index()]
            .iter()
            .map(|&i| &self.system[i])
            .skip_while(move |r| r.level <= capability)
            .take_while(move |r| r.level <= target)
    }

    /// The 4-2 items for a component with these classes on FR `fr` with
    /// `capability < level <= target`.
    pub fn component_delta(
        &self,
        class_mask: u8,
        fr: Fr,
        capability: SecurityLevel,
        target: SecurityLevel,
    ) -> impl Iterator<Item = &ComponentRequirement> + '_ {
        self.component_by_mask_fr[usize::from(class_mask & 0xF)][fr.index()]
            .iter()
            .map(|&i| &self.component[i])
            .skip_while(move |r| r.level <= capability)
            .take_while(move |r| r.level <= target)
    }

    pub fn asset_kind(&self, key: &str) -> Option<&AssetKind> {
        self.asset_kinds.iter().find(|k| k.key == key)
    }

    pub fn protocol(&self, key: &str) -> Option<&Protocol> {
        self.protocol_by_key.get(key).map(|&i| &self.protocols[i])
    }

    /// The asset kind's display name, or the key itself for an unknown kind.
    pub fn asset_kind_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.asset_kind(key).map_or(key, |k| k.name.as_str())
    }

    /// The protocol's display name, or the key itself for an unknown protocol.
    pub fn protocol_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.protocol(key).map_or(key, |p| p.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanity_figures() {
        let c = catalog();
        let srs = c.system.iter().filter(|r| !r.is_enhancement()).count();
        assert_eq!(srs, 51);
        assert_eq!(c.system.len() - srs, 49);
        let per_fr: Vec<usize> = Fr::ALL
            .iter()
            .map(|fr| {
                c.system
                    .iter()
                    .filter(|r| r.fr == *fr && !r.is_enhancement())
                    .count()
            })
            .collect();
        assert_eq!(per_fr, [13, 12, 9, 3, 4, 2, 8]);
        let at = |sl: u8| c.system.iter().filter(|r| r.level.get() <= sl).count();
        assert_eq!([at(1), at(2), at(3), at(4)], [37, 60, 90, 100]);
        assert_eq!(c.component.len(), 122);
        assert!(c.asset_kinds.len() >= 30);
        assert!(c.protocols.len() >= 20);
    }

    #[test]
    fn the_judgement_fits_the_catalog() {
        // The analysis keeps a set of 3-3 items in a u128 and the component verdicts of an
        // element in a fixed table per distinct counterpart class mask.
        let c = catalog();
        assert!(c.system.len() <= 128);
        assert!(c.system.iter().all(|r| r.base.is_none_or(|b| b < r.index)));
        let mut masks: Vec<u8> = c.system.iter().map(|r| r.counterpart_classes).collect();
        masks.sort_unstable();
        masks.dedup();
        assert!(
            masks.len() <= crate::analysis::judge::MASK_SLOTS,
            "{} masks",
            masks.len()
        );
        let re = c.requirement("SR 1.6 RE(1)").expect("in the catalog");
        assert_eq!(re.base_not_applicable, "its base SR 1.6 does not apply");
    }

    #[test]
    fn component_counts_per_type() {
        let c = catalog();
        let count = |class: ComponentClass, sl: u8| {
            c.component
                .iter()
                .filter(|r| r.applies_to.applies(class.bit()) && r.level.get() <= sl)
                .count()
        };
        let row = |class| [1, 2, 3, 4].map(|sl| count(class, sl));
        assert_eq!(row(ComponentClass::Sar), [34, 53, 67, 73]);
        assert_eq!(row(ComponentClass::Edr), [36, 61, 77, 83]);
        assert_eq!(row(ComponentClass::Hdr), [36, 62, 78, 84]);
        assert_eq!(row(ComponentClass::Ndr), [40, 67, 86, 92]);
    }

    #[test]
    fn system_delta_is_the_band_between_capability_and_target() {
        let c = catalog();
        let ids: Vec<&str> = c
            .system_delta(Fr::Iac, SecurityLevel::SL1, SecurityLevel::SL2)
            .map(|r| r.id.as_str())
            .collect();
        assert!(ids.contains(&"SR 1.1 RE(1)"));
        assert!(ids.contains(&"SR 1.2"));
        assert!(!ids.contains(&"SR 1.1"), "met at SL1");
        assert!(!ids.contains(&"SR 1.1 RE(2)"), "SL3 item");
        let none = c.system_delta(Fr::Iac, SecurityLevel::SL2, SecurityLevel::SL2);
        assert_eq!(none.count(), 0);
        let all = c.system_delta(Fr::Ra, SecurityLevel::SL0, SecurityLevel::SL4);
        assert_eq!(
            all.count(),
            c.system.iter().filter(|r| r.fr == Fr::Ra).count()
        );
    }

    #[test]
    fn lookups() {
        let c = catalog();
        assert_eq!(c.title_of("SR 3.1"), Some("Communication integrity"));
        assert!(c.is_requirement_id("NDR 5.2"));
        assert!(!c.is_requirement_id("SR 9.9"));
        assert_eq!(
            c.requirement("SR 1.1 RE(2)").map(Requirement::base_id),
            Some("SR 1.1")
        );
        let laptop = c.asset_kind("engineering_laptop").unwrap();
        assert!(laptop.flags.temporary);
        assert!(c.asset_kind("wireless_ap").unwrap().flags.wireless);
        let modbus = c.protocol("modbus_tcp").unwrap();
        assert!(!modbus.authentication && !modbus.integrity);
        assert_eq!(modbus.default_port(), Some(502));
    }

    #[test]
    fn issue_asset_kinds_and_protocols_are_present() {
        let c = catalog();
        for k in [
            "plc",
            "dcs_controller",
            "rtu",
            "safety_controller",
            "protection_relay",
            "hmi_panel",
            "operator_workstation",
            "scada_server",
            "engineering_workstation",
            "historian",
            "opc_ua_server",
            "mes_server",
            "domain_controller",
            "backup_server",
            "patch_server",
            "jump_host",
            "firewall",
            "dpi_firewall",
            "managed_switch",
            "router",
            "data_diode",
            "wireless_ap",
            "remote_access_gateway",
            "cellular_router",
            "iiot_gateway",
            "serial_device_server",
            "time_server",
            "virtualization_host",
            "engineering_laptop",
            "usb_kiosk",
            "field_instrument",
            "drive",
        ] {
            let kind = c.asset_kind(k).unwrap_or_else(|| panic!("asset kind {k}"));
            assert!(!kind.classes.is_empty(), "{k} has component classes");
        }
        for p in [
            "modbus_tcp",
            "ethernet_ip",
            "profinet",
            "opc_ua_none",
            "opc_ua_sign",
            "opc_ua_sign_encrypt",
            "dnp3",
            "dnp3_sav5",
            "iec104",
            "iec61850_mms",
            "iec61850_goose",
            "s7comm",
            "bacnet_ip",
            "https",
            "rdp",
            "smb",
            "ssh",
            "snmp_v2c",
            "snmp_v3",
            "syslog",
            "ntp",
            "ipsec_vpn",
        ] {
            assert!(c.protocol(p).is_some(), "protocol {p}");
        }
    }
}
