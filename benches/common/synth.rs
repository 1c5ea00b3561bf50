//! Synthetic plants of any size, for the benchmarks and `examples/synth.rs`.
//!
//! [`generate`] builds a plausible IEC 62443 model from a few counts and a seed; the same
//! [`Params`] always give the same model (a splitmix64 generator written here, no crate).
//!
//! What a generated plant holds:
//! - Zones of mixed kinds in Purdue bands, top to bottom: external and enterprise, DMZ,
//!   operations (and transient), control (and remote sites), safety, field (and wireless).
//!   About one zone in eight is a subzone drawn inside its parent; about one in a hundred is
//!   reserved for an expansion and holds no assets yet (its empty-zone finding is accepted).
//! - Assets of kinds that fit their zone, a mix of strong, middling and legacy SL-C, so zones
//!   have unmet requirements with culprits. About one asset in a hundred is a misfit (a
//!   business server in operations, an access point in a control zone, ...).
//! - Conduits that join each zone to one in the band above (or a subzone to its parent), and
//!   more between neighbouring bands, within a band and a few across bands; channels carry
//!   catalog protocols that fit the bands joined. If asked for ([`Params::hubs`]), some
//!   conduits join three or four zones of different bands instead (a plant-wide service such
//!   as time reaching several areas). Many conduits of two zones have a boundary device
//!   (firewall, DPI firewall, router, data diode, VPN gateway) at the midpoint between the
//!   centres of the zones it joins; a conduit with a data diode is one-way.
//! - Countermeasures, implemented and planned, that cover requirements the zones and conduits
//!   really miss, and a few accepted findings.
//!
//! Layout: every zone is a rectangle; top-level zones are packed in rows within their band,
//! subzones in a row inside their parent below the parent's own assets. Asset boxes
//! ([`ASSET_W`] × [`ASSET_H`], centred on `pos`) sit in a grid below the zone's header band
//! ([`HEADER_H`]) and never overlap a subzone, another asset or the zone's border.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use zoneplan::analysis::{Analysis, Deltas};
use zoneplan::catalog::{Catalog, catalog};
use zoneplan::model::{
    Acceptance, Asset, AssetId, Channel, Conduit, ConduitId, Countermeasure, CountermeasureKind,
    CountermeasureStatus, Criticality, Direction, Fr, Model, Placement, Point, Project,
    PurdueLevel, Rect, ServiceKind, ServiceProvision, SlVector, SlcSource, Zone, ZoneId, ZoneKind,
};

/// Width of an asset box on the canvas, centred on the asset's `pos`.
pub const ASSET_W: f32 = 140.0;
/// Height of an asset box on the canvas, centred on the asset's `pos`.
pub const ASSET_H: f32 = 34.0;
/// Height of the band at the top of a zone that holds its title; no asset goes there.
pub const HEADER_H: f32 = 44.0;

/// Horizontal distance between the left edges of neighbouring asset boxes.
const PITCH_X: f32 = 160.0;
/// Vertical distance between the top edges of neighbouring asset boxes.
const PITCH_Y: f32 = 50.0;
/// Inner margin of a zone (left, right, bottom, and below the header).
const PAD: f32 = 16.0;
/// Space between a zone's own assets and its row of subzones, and between subzones.
const INNER_GAP: f32 = 20.0;
/// Space between neighbouring top-level zones.
const ZONE_GAP: f32 = 60.0;
/// Space between two Purdue bands.
const BAND_GAP: f32 = 200.0;
/// Number of Purdue bands.
pub const BANDS: usize = 6;

/// The default seed: any seed gives a plausible plant; this one makes the files and the
/// benchmarks reproducible.
pub const DEFAULT_SEED: u64 = 62_443;

/// What to generate.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Params {
    /// Zones, subzones included.
    pub zones: usize,
    /// Assets, boundary devices included.
    pub assets: usize,
    pub conduits: usize,
    /// Of `conduits`, how many join three or four zones (the rest join two).
    pub hubs: usize,
    pub seed: u64,
}

impl Params {
    /// The size the benchmarks measure: 1,000 zones, 10,000 assets, 2,000 conduits.
    pub const BENCH: Self = Self {
        zones: 1_000,
        assets: 10_000,
        conduits: 2_000,
        hubs: 0,
        seed: DEFAULT_SEED,
    };
}

/// Why a plant cannot be generated.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum SynthError {
    /// Assets or conduits were asked for without zones to hold them.
    NoZones,
    /// More conduits than distinct pairs of zones.
    TooManyConduits { conduits: usize, max: usize },
    /// More conduits of three or four zones than conduits, or fewer than three zones.
    TooManyHubs { hubs: usize, conduits: usize },
    /// The embedded catalog lacks an asset kind or protocol the generator uses.
    Catalog(String),
}

impl fmt::Display for SynthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoZones => f.write_str("assets and conduits need at least one zone"),
            Self::TooManyConduits { conduits, max } => write!(
                f,
                "{conduits} conduits asked for, but the zones allow at most {max} (one per pair of zones)"
            ),
            Self::TooManyHubs { hubs, conduits } => write!(
                f,
                "{hubs} conduits of three or more zones asked for, but there are {conduits} conduits (and they need three zones)"
            ),
            Self::Catalog(what) => write!(f, "the catalog has no {what}"),
        }
    }
}

impl std::error::Error for SynthError {}

/// A splitmix64 pseudo-random generator: tiny, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`; `n` must not be 0.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// True with `percent` % probability.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One item of a non-empty slice.
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// One item of a non-empty slice of `(item, weight)`, by weight.
    fn weighted<T: Copy>(&mut self, items: &[(T, usize)]) -> T {
        let total: usize = items.iter().map(|(_, w)| w).sum();
        let mut r = self.below(total.max(1));
        for &(item, w) in items {
            if r < w {
                return item;
            }
            r -= w;
        }
        items[items.len() - 1].0
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// The Purdue band of a zone kind, 0 at the top.
pub fn band_of(kind: ZoneKind) -> usize {
    match kind {
        ZoneKind::External | ZoneKind::Enterprise => 0,
        ZoneKind::Dmz => 1,
        ZoneKind::Operations | ZoneKind::Transient => 2,
        ZoneKind::Control | ZoneKind::RemoteSite => 3,
        ZoneKind::Safety => 4,
        ZoneKind::Field | ZoneKind::Wireless => 5,
    }
}

/// How many top-level zones of each kind, per hundred.
const KIND_SHARE: [(ZoneKind, usize); 10] = [
    (ZoneKind::External, 2),
    (ZoneKind::Enterprise, 5),
    (ZoneKind::Dmz, 4),
    (ZoneKind::Operations, 12),
    (ZoneKind::Transient, 2),
    (ZoneKind::Control, 26),
    (ZoneKind::RemoteSite, 4),
    (ZoneKind::Safety, 12),
    (ZoneKind::Field, 27),
    (ZoneKind::Wireless, 6),
];

/// How many assets a zone of the kind holds, relatively.
fn asset_weight(kind: ZoneKind) -> usize {
    match kind {
        ZoneKind::External => 2,
        ZoneKind::Dmz | ZoneKind::Transient => 4,
        ZoneKind::Wireless => 5,
        ZoneKind::RemoteSite | ZoneKind::Safety => 6,
        ZoneKind::Enterprise => 8,
        ZoneKind::Operations => 10,
        ZoneKind::Control => 12,
        ZoneKind::Field => 14,
    }
}

/// The asset kinds a zone of the kind holds, with their weights.
fn palette(kind: ZoneKind) -> &'static [(&'static str, usize)] {
    match kind {
        ZoneKind::External => &[("remote_client", 3), ("business_server", 1)],
        ZoneKind::Enterprise => &[
            ("business_server", 5),
            ("domain_controller", 1),
            ("backup_server", 1),
            ("historian", 1),
            ("managed_switch", 1),
        ],
        ZoneKind::Dmz => &[
            ("historian", 2),
            ("patch_server", 2),
            ("jump_host", 2),
            ("opc_ua_server", 1),
            ("usb_kiosk", 1),
            ("time_server", 1),
        ],
        ZoneKind::Operations => &[
            ("scada_server", 2),
            ("operator_workstation", 4),
            ("engineering_workstation", 2),
            ("historian", 1),
            ("domain_controller", 1),
            ("mes_server", 1),
            ("opc_ua_server", 1),
            ("virtualization_host", 1),
            ("backup_server", 1),
            ("managed_switch", 1),
        ],
        ZoneKind::Transient => &[("engineering_laptop", 4), ("test_set", 1), ("usb_kiosk", 1)],
        ZoneKind::Control => &[
            ("plc", 5),
            ("dcs_controller", 3),
            ("hmi_panel", 3),
            ("managed_switch", 2),
            ("serial_device_server", 1),
            ("operator_workstation", 1),
        ],
        ZoneKind::RemoteSite => &[
            ("rtu", 4),
            ("plc", 2),
            ("protection_relay", 2),
            ("managed_switch", 1),
            ("time_server", 1),
        ],
        ZoneKind::Safety => &[
            ("safety_controller", 5),
            ("hmi_panel", 1),
            ("managed_switch", 1),
        ],
        ZoneKind::Field => &[
            ("field_instrument", 6),
            ("drive", 3),
            ("protection_relay", 1),
            ("plc", 1),
            ("serial_device_server", 1),
        ],
        ZoneKind::Wireless => &[("wireless_ap", 1), ("field_instrument", 3)],
    }
}

/// Assets that do not belong where they end up: what the separation rules are for.
const MISFITS: [&str; 5] = [
    "business_server",
    "wireless_ap",
    "engineering_laptop",
    "safety_controller",
    "iiot_gateway",
];

/// A short tag used in ids and names.
fn kind_tag(kind: ZoneKind) -> &'static str {
    match kind {
        ZoneKind::Enterprise => "ENT",
        ZoneKind::Dmz => "DMZ",
        ZoneKind::Operations => "OPS",
        ZoneKind::Control => "CTL",
        ZoneKind::Safety => "SIS",
        ZoneKind::Field => "FLD",
        ZoneKind::Wireless => "WLS",
        ZoneKind::Transient => "TRN",
        ZoneKind::RemoteSite => "RMT",
        ZoneKind::External => "EXT",
    }
}

fn zone_name(kind: ZoneKind, n: usize) -> String {
    match kind {
        ZoneKind::Enterprise => format!("Enterprise network {n}"),
        ZoneKind::Dmz => format!("Industrial DMZ {n}"),
        ZoneKind::Operations => format!("Site operations {n}"),
        ZoneKind::Control => format!("Unit {n} control"),
        ZoneKind::Safety => format!("Unit {n} SIS"),
        ZoneKind::Field => format!("Unit {n} field I/O"),
        ZoneKind::Wireless => format!("Wireless instruments {n}"),
        ZoneKind::Transient => format!("Maintenance devices {n}"),
        ZoneKind::RemoteSite => format!("Remote station {n}"),
        ZoneKind::External => format!("Vendor access {n}"),
    }
}

fn organisation(kind: ZoneKind) -> &'static str {
    match kind {
        ZoneKind::Enterprise => "Corporate IT",
        ZoneKind::Dmz => "OT security",
        ZoneKind::Operations | ZoneKind::Transient => "Plant operations",
        ZoneKind::Control | ZoneKind::Field | ZoneKind::Wireless => "Process automation",
        ZoneKind::Safety => "Process safety",
        ZoneKind::RemoteSite => "Pipeline operations",
        ZoneKind::External => "Service vendor",
    }
}

fn purdue(kind: ZoneKind, n: usize) -> Option<PurdueLevel> {
    match kind {
        ZoneKind::External => None,
        ZoneKind::Enterprise if n.is_multiple_of(3) => Some(PurdueLevel::L5),
        ZoneKind::Enterprise => Some(PurdueLevel::L4),
        ZoneKind::Dmz => Some(PurdueLevel::L3_5),
        ZoneKind::Operations | ZoneKind::Transient => Some(PurdueLevel::L3),
        ZoneKind::Control | ZoneKind::RemoteSite => Some(PurdueLevel::L2),
        ZoneKind::Safety => Some(PurdueLevel::L1),
        ZoneKind::Field if n.is_multiple_of(2) => Some(PurdueLevel::L1),
        ZoneKind::Field | ZoneKind::Wireless => Some(PurdueLevel::L0),
    }
}

/// The SL-T a zone of the kind usually gets; `None` for external zones.
fn base_sl_t(kind: ZoneKind) -> Option<[u8; 7]> {
    match kind {
        ZoneKind::External => None,
        ZoneKind::Enterprise => Some([1, 1, 1, 1, 1, 1, 1]),
        ZoneKind::Dmz => Some([2, 2, 2, 2, 3, 2, 2]),
        ZoneKind::Operations => Some([2, 2, 2, 2, 2, 2, 2]),
        ZoneKind::Transient => Some([2, 2, 2, 1, 1, 1, 1]),
        ZoneKind::Control | ZoneKind::Field => Some([2, 2, 2, 1, 2, 1, 2]),
        ZoneKind::RemoteSite => Some([2, 2, 2, 2, 2, 1, 2]),
        ZoneKind::Safety => Some([3, 3, 3, 2, 3, 2, 3]),
        ZoneKind::Wireless => Some([2, 2, 2, 3, 2, 1, 2]),
    }
}

/// SL-C of a device of today, of a middling one, and of a legacy one.
const SL_C_PROFILES: [(&[u8; 7], usize); 3] = [
    (&[3, 3, 3, 2, 3, 2, 3], 30),
    (&[2, 2, 2, 1, 2, 1, 2], 45),
    (&[1, 1, 1, 0, 1, 1, 1], 25),
];

/// Vendor, model and firmware for an asset kind; fictitious but shaped like real ones.
fn product(kind: &str, rng: &mut Rng) -> (&'static str, String, String) {
    let vendors: &[&str] = match kind {
        "firewall"
        | "dpi_firewall"
        | "router"
        | "managed_switch"
        | "data_diode"
        | "remote_access_gateway"
        | "cellular_router"
        | "wireless_ap" => &["Netgard", "Ferrum Networks", "Balkon"],
        "plc"
        | "dcs_controller"
        | "rtu"
        | "safety_controller"
        | "protection_relay"
        | "hmi_panel"
        | "drive"
        | "field_instrument"
        | "serial_device_server" => &[
            "Aurel Automation",
            "Kestrel Controls",
            "Vantor",
            "Helix Process",
        ],
        _ => &["Orbis Systems", "Lumen Software", "Stratus PC"],
    };
    let vendor = rng.pick(vendors);
    let model = format!(
        "{}-{}",
        kind.split('_')
            .map(|w| w.chars().next().unwrap_or('X').to_ascii_uppercase())
            .collect::<String>(),
        100 + rng.below(900)
    );
    let firmware = format!("{}.{}.{}", 1 + rng.below(6), rng.below(10), rng.below(20));
    (vendor, model, firmware)
}

/// The protocols a conduit between zones of these kinds carries, and what for.
fn protocols(a: ZoneKind, b: ZoneKind) -> &'static [(&'static str, &'static str)] {
    use ZoneKind::{
        Control, Dmz, Enterprise, External, Operations, RemoteSite, Safety, Transient, Wireless,
    };
    let pair = if band_of(a) <= band_of(b) {
        (a, b)
    } else {
        (b, a)
    };
    match pair {
        (External, _) | (_, External) => &[
            ("ipsec_vpn", "Vendor remote access"),
            ("https", "Cloud reporting"),
            ("rdp", "Remote support session"),
        ],
        (_, RemoteSite) | (RemoteSite, _) => &[
            ("dnp3", "Telemetry and control"),
            ("iec104", "Telecontrol"),
            ("dnp3_sav5", "Authenticated telemetry"),
            ("ipsec_vpn", "WAN tunnel"),
            ("ntp", "Time sync"),
        ],
        (_, Transient) | (Transient, _) => &[
            ("rdp", "Engineering session"),
            ("ssh", "Device maintenance"),
            ("physical", "Front-port commissioning"),
            ("https", "Web configuration"),
        ],
        (Enterprise, Enterprise | Dmz) => &[
            ("https", "Reports and dashboards"),
            ("rdp", "Brokered remote access"),
            ("smb", "File transfer"),
            ("syslog_tls", "Log forwarding"),
        ],
        (Dmz | Enterprise, _) | (Operations, Operations) => &[
            ("opc_ua_sign_encrypt", "Historian replication"),
            ("https", "Patch distribution"),
            ("smb", "Backup transfer"),
            ("opc_classic", "Legacy data collection"),
            ("syslog", "Event logs"),
            ("ntp", "Time sync"),
            ("rdp", "Jump host session"),
        ],
        (Operations, _) | (Control, Control) => &[
            ("opc_ua_none", "Process data"),
            ("opc_ua_sign", "Alarms and events"),
            ("modbus_tcp", "Supervisory control"),
            ("ethernet_ip", "Supervisory control"),
            ("s7comm", "Controller programming"),
            ("snmp_v2c", "Network monitoring"),
            ("ntp", "Time sync"),
        ],
        (Control | Safety, Safety) => &[
            ("modbus_tcp", "SIS status to DCS"),
            ("vendor", "Safety peer link"),
            ("cip_security", "Safety I/O status"),
        ],
        (_, Wireless) => &[
            ("wireless_hart", "Wireless instruments"),
            ("modbus_tcp", "Gateway data"),
        ],
        _ => &[
            ("profinet", "Cyclic I/O"),
            ("ethernet_ip", "Cyclic I/O"),
            ("modbus_tcp", "Drive control"),
            ("hart_ip", "Instrument diagnostics"),
            ("iec61850_mms", "Substation control"),
            ("iec61850_goose", "Interlocks"),
        ],
    }
}

/// What a countermeasure on FR `fr` is called, and of what kind it is.
fn countermeasure_for(fr: Fr, n: usize) -> (&'static str, CountermeasureKind) {
    let options: &[(&str, CountermeasureKind)] = match fr {
        Fr::Iac => &[
            (
                "Central directory authentication",
                CountermeasureKind::Technical,
            ),
            (
                "Shared account register and review",
                CountermeasureKind::Procedural,
            ),
        ],
        Fr::Uc => &[
            ("Role-based access matrix", CountermeasureKind::Procedural),
            ("Locked engineering cabinet", CountermeasureKind::Physical),
        ],
        Fr::Si => &[
            ("Application allow-listing", CountermeasureKind::Technical),
            ("Firmware change procedure", CountermeasureKind::Procedural),
        ],
        Fr::Dc => &[
            (
                "Encrypted tunnel across the site WAN",
                CountermeasureKind::Compensating,
            ),
            ("Encrypted backups", CountermeasureKind::Technical),
        ],
        Fr::Rdf => &[
            (
                "Protocol allow-list on the upstream firewall",
                CountermeasureKind::Compensating,
            ),
            (
                "Quarterly firewall rule review",
                CountermeasureKind::Procedural,
            ),
        ],
        Fr::Tre => &[
            (
                "Log forwarding to the plant SIEM",
                CountermeasureKind::Technical,
            ),
            (
                "Daily log review by the OT SOC",
                CountermeasureKind::Procedural,
            ),
        ],
        Fr::Ra => &[
            ("Redundant power and network", CountermeasureKind::Physical),
            ("Tested backup and restore", CountermeasureKind::Procedural),
        ],
    };
    options[n % options.len()]
}

/// The plan of one zone before it becomes a [`Zone`].
struct Plan {
    kind: ZoneKind,
    id: ZoneId,
    name: String,
    /// Index of the parent plan.
    parent: Option<usize>,
    children: Vec<usize>,
    reserved: bool,
    /// Assets placed directly in it.
    n_assets: usize,
    /// Columns of its asset grid.
    cols: usize,
    size: (f32, f32),
    rect: Rect,
}

/// Splits `total` over `weights` in proportion (largest remainders, ties to the lower index).
fn apportion(total: usize, weights: &[usize]) -> Vec<usize> {
    let sum: usize = weights.iter().sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let mut out: Vec<usize> = weights.iter().map(|w| total * w / sum).collect();
    let mut rest: Vec<(usize, usize)> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| (total * w % sum, i))
        .collect();
    rest.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let given: usize = out.iter().sum();
    for &(_, i) in rest.iter().take(total - given) {
        out[i] += 1;
    }
    out
}

/// Generates a plant. See the module docs for what it holds.
pub fn generate(params: &Params) -> Result<Model, SynthError> {
    let cat = catalog();
    if params.zones == 0 && (params.assets > 0 || params.conduits > 0) {
        return Err(SynthError::NoZones);
    }
    if params.hubs > params.conduits || (params.hubs > 0 && params.zones < 3) {
        return Err(SynthError::TooManyHubs {
            hubs: params.hubs,
            conduits: params.conduits,
        });
    }
    // The conduits of two zones.
    let pairs = Params {
        conduits: params.conduits - params.hubs,
        ..*params
    };
    let max_conduits = params.zones * params.zones.saturating_sub(1) / 2;
    if pairs.conduits > max_conduits {
        return Err(SynthError::TooManyConduits {
            conduits: pairs.conduits,
            max: max_conduits,
        });
    }
    check_catalog(cat)?;
    let mut rng = Rng::new(params.seed);
    let mut plans = plan_zones(params, &mut rng);
    let n_boundary = (pairs.conduits * 3 / 5).min(params.assets / 8);
    distribute_assets(&mut plans, params.assets - n_boundary, &mut rng);
    layout(&mut plans);

    let mut model = Model {
        project: Project {
            name: format!("Synthetic plant {}", params.seed),
            site: "Generated site".to_owned(),
            asset_owner: "Example Process Industries".to_owned(),
            author: "zoneplan synth".to_owned(),
            revision: "A".to_owned(),
            description: format!(
                "Generated by examples/synth.rs: {} zones, {} assets, {} conduits, seed {}.",
                params.zones, params.assets, params.conduits, params.seed
            ),
            date: "2026-01-15".to_owned(),
            classification: "Test data".to_owned(),
            ..Project::default()
        },
        ..Model::default()
    };
    let mut per_kind = BTreeMap::new();
    for (i, p) in plans.iter().enumerate() {
        let n = per_kind.entry(p.kind).or_insert(0);
        *n += 1;
        model.insert_zone(make_zone(p, &plans, i, *n, &mut rng));
    }
    let members = place_assets(&mut model, &plans, cat, &mut rng)?;
    add_conduits(
        &mut model, &plans, &members, &pairs, n_boundary, cat, &mut rng,
    )?;
    add_hubs(&mut model, &plans, params);
    add_countermeasures(&mut model, cat, &mut rng);
    assessment_facts(&mut model);
    accept_findings(&mut model, &plans, cat);
    Ok(model)
}

/// The conduits of three or four zones: each joins a zone in each of three or four bands (any
/// zone of the band, subzones too; more zones of one band when fewer bands have zones), and
/// carries time synchronisation. A generator of their own, so that the rest of the plant is
/// the same with or without them.
fn add_hubs(model: &mut Model, plans: &[Plan], params: &Params) {
    let mut rng = Rng::new(params.seed ^ 0x4855_4253);
    let mut by_band: Vec<Vec<usize>> = vec![Vec::new(); BANDS];
    for (i, p) in plans.iter().enumerate() {
        by_band[band_of(p.kind)].push(i);
    }
    let bands: Vec<usize> = (0..BANDS).filter(|b| !by_band[*b].is_empty()).collect();
    let first = params.conduits - params.hubs;
    for h in 0..params.hubs {
        let mut picked_bands = bands.clone();
        rng.shuffle(&mut picked_bands);
        picked_bands.truncate(3 + rng.below(2));
        picked_bands.sort_unstable();
        let mut zones: Vec<usize> = picked_bands
            .iter()
            .map(|&b| rng.pick(&by_band[b]))
            .collect();
        while zones.len() < 3 {
            let z = rng.below(plans.len());
            if !zones.contains(&z) {
                zones.push(z);
            }
        }
        let names: Vec<&str> = zones.iter().map(|&z| plans[z].name.as_str()).collect();
        let mut c = Conduit::new(
            ConduitId::new(format!("C-{:04}", first + h + 1)),
            format!("Time service to {}", names.join(", ")),
            zones.iter().map(|&z| plans[z].id.clone()).collect(),
        );
        c.channels.push(Channel::new("ntp", "Time synchronisation"));
        c.sl_t = zones
            .iter()
            .filter_map(|&z| model.zones[&plans[z].id].sl_t)
            .reduce(|a, b| a.max(&b));
        if c.sl_t.is_some() {
            c.sl_t_rationale = "The highest SL-T of the zones it joins.".to_owned();
        }
        model.insert_conduit(c);
    }
}

/// Where each SL-C comes from, which instruments are analogue, and the security services, all
/// derived from what is already generated (no random draws, so the plant stays the same): an
/// all-zero SL-C is unknown, a boundary device's is a vendor statement, the rest are estimates;
/// every third field instrument is a 4-20 mA loop without a digital interface; directory,
/// backup, time and patch servers serve their own zone and the seven zones after it.
fn assessment_facts(model: &mut Model) {
    let zones: Vec<ZoneId> = model.zones.keys().cloned().collect();
    let pos: BTreeMap<ZoneId, usize> = zones.iter().cloned().zip(0..).collect();
    for (n, a) in model.assets.values_mut().enumerate() {
        if a.kind == "field_instrument" && n % 3 == 0 {
            a.digital = false;
            a.sl_c = SlVector::ZERO;
        }
        a.sl_c_source = if a.sl_c == SlVector::ZERO {
            SlcSource::Unknown
        } else if a.placement.conduit().is_some() {
            SlcSource::Vendor {
                document: format!("{} {} security manual", a.vendor, a.model),
            }
        } else {
            SlcSource::Estimated {
                by: "zoneplan synth".to_owned(),
                note: String::new(),
            }
        };
        let services: &[ServiceKind] = match a.kind.as_str() {
            "domain_controller" => &[ServiceKind::Iam],
            "backup_server" => &[ServiceKind::Backup],
            "time_server" => &[ServiceKind::Time],
            "patch_server" => &[ServiceKind::Patch, ServiceKind::Antimalware],
            _ => &[],
        };
        if let Some(&z) = a.placement.zone().and_then(|z| pos.get(z)) {
            for &service in services {
                a.provides.push(ServiceProvision {
                    service,
                    zones: zones.iter().skip(z).take(8).cloned().collect(),
                });
            }
        }
    }
}

/// Every asset kind and protocol the generator names must be in the catalog.
fn check_catalog(cat: &Catalog) -> Result<(), SynthError> {
    let kinds = KIND_SHARE
        .iter()
        .flat_map(|(k, _)| palette(*k).iter().map(|(a, _)| *a))
        .chain(MISFITS)
        .chain(BOUNDARY_KINDS.iter().map(|(k, _)| *k));
    for k in kinds {
        if cat.asset_kind(k).is_none() {
            return Err(SynthError::Catalog(format!("asset kind `{k}`")));
        }
    }
    for (a, _) in KIND_SHARE {
        for (b, _) in KIND_SHARE {
            for (p, _) in protocols(a, b) {
                if cat.protocol(p).is_none() {
                    return Err(SynthError::Catalog(format!("protocol `{p}`")));
                }
            }
        }
    }
    Ok(())
}

/// Decides the zones: kinds, nesting, reserved ones; ids in creation order.
fn plan_zones(params: &Params, rng: &mut Rng) -> Vec<Plan> {
    let n_sub = if params.zones >= 8 {
        params.zones * 12 / 100
    } else {
        0
    };
    let n_top = params.zones - n_sub;
    let counts = apportion(n_top, &KIND_SHARE.map(|(_, w)| w));
    let mut plans = Vec::with_capacity(params.zones);
    let mut serial: BTreeMap<ZoneKind, usize> = BTreeMap::new();
    for ((kind, _), count) in KIND_SHARE.iter().zip(counts) {
        for _ in 0..count {
            let n = serial.entry(*kind).or_insert(0);
            *n += 1;
            plans.push(Plan {
                kind: *kind,
                id: ZoneId::new(format!("Z-{}-{:04}", kind_tag(*kind), *n)),
                name: zone_name(*kind, *n),
                parent: None,
                children: Vec::new(),
                reserved: false,
                n_assets: 0,
                cols: 0,
                size: (0.0, 0.0),
                rect: Rect::default(),
            });
        }
    }
    let eligible: Vec<usize> = (0..plans.len())
        .filter(|&i| {
            matches!(
                plans[i].kind,
                ZoneKind::Enterprise
                    | ZoneKind::Operations
                    | ZoneKind::Control
                    | ZoneKind::Safety
                    | ZoneKind::Field
            )
        })
        .collect();
    for _ in 0..n_sub {
        // At least 7 top-level zones, so the shares above always give control and field zones.
        let candidates: Vec<usize> = eligible
            .iter()
            .copied()
            .filter(|&p| plans[p].children.len() < 4)
            .collect();
        let parent = if candidates.is_empty() {
            0
        } else {
            rng.pick(&candidates)
        };
        let k = plans[parent].children.len() + 1;
        let child = Plan {
            kind: plans[parent].kind,
            id: ZoneId::new(format!("{}.{k}", plans[parent].id)),
            name: format!("{} / cell {k}", plans[parent].name),
            parent: Some(parent),
            children: Vec::new(),
            reserved: false,
            n_assets: 0,
            cols: 0,
            size: (0.0, 0.0),
            rect: Rect::default(),
        };
        plans.push(child);
        let idx = plans.len() - 1;
        plans[parent].children.push(idx);
    }
    if params.zones >= 20 {
        let mut free: Vec<usize> = (0..n_top)
            .filter(|&i| plans[i].children.is_empty() && plans[i].kind != ZoneKind::External)
            .collect();
        rng.shuffle(&mut free);
        for &i in free.iter().take(params.zones / 100 + 1) {
            plans[i].reserved = true;
        }
    }
    plans
}

/// Gives every zone its number of direct assets: at least one each while there are enough.
fn distribute_assets(plans: &mut [Plan], total: usize, rng: &mut Rng) {
    let holders: Vec<usize> = (0..plans.len()).filter(|&i| !plans[i].reserved).collect();
    if holders.is_empty() {
        return;
    }
    if total < holders.len() {
        let mut order = holders;
        rng.shuffle(&mut order);
        for &i in order.iter().take(total) {
            plans[i].n_assets = 1;
        }
        return;
    }
    let weights: Vec<usize> = holders
        .iter()
        .map(|&i| {
            let base = asset_weight(plans[i].kind) * (50 + rng.below(101));
            // A parent keeps only its shared equipment; the cells hold the rest.
            if plans[i].children.is_empty() {
                base
            } else {
                base / 3
            }
        })
        .collect();
    let extra = apportion(total - holders.len(), &weights);
    for (&i, e) in holders.iter().zip(extra) {
        plans[i].n_assets = 1 + e;
    }
}

/// Sizes every zone (subzones first) and packs the top-level zones in their bands.
fn layout(plans: &mut [Plan]) {
    // Subzones have no subzones of their own, so sizing them first sizes every child before
    // its parent.
    let order: Vec<usize> = (0..plans.len())
        .filter(|&i| plans[i].parent.is_some())
        .chain((0..plans.len()).filter(|&i| plans[i].parent.is_none()))
        .collect();
    for &i in &order {
        let n = plans[i].n_assets;
        let cols = (((2 * n) as f64).sqrt().ceil() as usize).clamp(2, 10);
        let rows = n.div_ceil(cols);
        let own_w = cols as f32 * PITCH_X - (PITCH_X - ASSET_W);
        let own_h = if rows == 0 {
            ASSET_H
        } else {
            rows as f32 * PITCH_Y - (PITCH_Y - ASSET_H)
        };
        let kids = &plans[i].children;
        let kids_w: f32 = kids.iter().map(|&c| plans[c].size.0).sum::<f32>()
            + INNER_GAP * kids.len().saturating_sub(1) as f32;
        let kids_h = kids.iter().map(|&c| plans[c].size.1).fold(0.0, f32::max);
        let (body_w, body_h) = if kids.is_empty() {
            (own_w, own_h)
        } else if n == 0 {
            (kids_w, kids_h)
        } else {
            (own_w.max(kids_w), own_h + INNER_GAP + kids_h)
        };
        plans[i].cols = cols;
        plans[i].size = (body_w + 2.0 * PAD, HEADER_H + PAD + body_h + PAD);
    }

    let tops = plans.iter().filter(|p| p.parent.is_none()).count();
    let band_width = (tops as f32).sqrt().ceil().max(4.0) * 700.0;
    let mut y = 0.0;
    for band in 0..BANDS {
        let members: Vec<usize> = (0..plans.len())
            .filter(|&i| plans[i].parent.is_none() && band_of(plans[i].kind) == band)
            .collect();
        if members.is_empty() {
            continue;
        }
        let (mut x, mut row_h) = (0.0_f32, 0.0_f32);
        for i in members {
            let (w, h) = plans[i].size;
            if x > 0.0 && x + w > band_width {
                y += row_h + ZONE_GAP;
                x = 0.0;
                row_h = 0.0;
            }
            place(plans, i, x, y);
            x += w + ZONE_GAP;
            row_h = row_h.max(h);
        }
        y += row_h + BAND_GAP;
    }
}

/// Puts zone `i` with its top-left corner at (x, y), and its subzones inside it.
fn place(plans: &mut [Plan], i: usize, x: f32, y: f32) {
    let (w, h) = plans[i].size;
    plans[i].rect = Rect::new(x, y, w, h);
    let n = plans[i].n_assets;
    let rows = n.div_ceil(plans[i].cols);
    let mut kx = x + PAD;
    let ky = if n == 0 {
        y + HEADER_H + PAD
    } else {
        y + HEADER_H + PAD + rows as f32 * PITCH_Y - (PITCH_Y - ASSET_H) + INNER_GAP
    };
    for c in plans[i].children.clone() {
        place(plans, c, kx, ky);
        kx += plans[c].size.0 + INNER_GAP;
    }
}

/// The centre of the `j`th direct asset of a zone laid out by [`layout`].
fn asset_pos(plan: &Plan, j: usize) -> Point {
    let (col, row) = (j % plan.cols, j / plan.cols);
    Point::new(
        plan.rect.x + PAD + col as f32 * PITCH_X + ASSET_W / 2.0,
        plan.rect.y + HEADER_H + PAD + row as f32 * PITCH_Y + ASSET_H / 2.0,
    )
}

fn make_zone(p: &Plan, plans: &[Plan], i: usize, n: usize, rng: &mut Rng) -> Zone {
    let mut z = Zone::new(p.id.clone(), p.name.clone(), p.kind, p.rect);
    z.parent = p.parent.map(|q| plans[q].id.clone());
    z.purdue_level = purdue(p.kind, n);
    z.safety_designated = p.kind == ZoneKind::Safety;
    z.organisation = organisation(p.kind).to_owned();
    if p.reserved {
        z.name = format!("{} (reserved)", p.name);
        z.description = "Reserved for the planned expansion; no assets yet.".to_owned();
    }
    // A few zones are still waiting for their detailed risk assessment.
    let assessed = !rng.chance(3);
    z.sl_t = base_sl_t(p.kind)
        .filter(|_| assessed)
        .and_then(|mut levels| {
            // Some risk assessments ask more on one FR than the zone type usually gets.
            if rng.chance(25) {
                let f = rng.below(7);
                levels[f] = (levels[f] + 1).min(4);
            }
            SlVector::from_levels(levels)
        });
    if z.sl_t.is_some() {
        z.sl_t_rationale = format!(
            "Detailed risk assessment RA-{:04}: worst credible consequence of zone {}.",
            i + 1,
            p.id
        );
    }
    z
}

/// SL-C of one asset: a profile, then a little jitter per FR.
fn sl_c(rng: &mut Rng, strong: bool) -> SlVector {
    let mut levels = if strong {
        *SL_C_PROFILES[0].0
    } else {
        *rng.weighted(&SL_C_PROFILES)
    };
    if rng.chance(20) {
        let f = rng.below(7);
        levels[f] = levels[f].saturating_sub(1);
    }
    if rng.chance(3) {
        // Not yet assessed: all zero means unknown.
        levels = [0; 7];
    }
    SlVector::from_levels(levels).unwrap_or(SlVector::ZERO)
}

/// A new asset of catalog kind `kind` with the kind's classes and flags.
fn new_asset(
    cat: &Catalog,
    id: String,
    kind: &str,
    tag: &str,
    pos: Point,
    rng: &mut Rng,
) -> Result<Asset, SynthError> {
    let k = cat
        .asset_kind(kind)
        .ok_or_else(|| SynthError::Catalog(format!("asset kind `{kind}`")))?;
    let mut a = Asset::new(AssetId::new(id), format!("{} {tag}", k.name), kind, pos);
    a.classes = k.classes.clone();
    a.flags = k.flags;
    let (vendor, model, firmware) = product(kind, rng);
    a.vendor = vendor.to_owned();
    a.model = model;
    a.firmware = firmware;
    a.criticality = match kind {
        "safety_controller" => Criticality::Critical,
        "plc" | "dcs_controller" | "scada_server" | "rtu" | "protection_relay" => Criticality::High,
        _ if rng.chance(30) => Criticality::Low,
        _ => Criticality::Medium,
    };
    Ok(a)
}

/// Creates the zones' own assets, in their grids. Returns each zone's direct assets.
fn place_assets(
    model: &mut Model,
    plans: &[Plan],
    cat: &Catalog,
    rng: &mut Rng,
) -> Result<Vec<Vec<AssetId>>, SynthError> {
    let mut serial = 0usize;
    let mut members = vec![Vec::new(); plans.len()];
    for (zi, p) in plans.iter().enumerate() {
        let tag = p.id.as_str().trim_start_matches("Z-");
        for j in 0..p.n_assets {
            serial += 1;
            let kind = if rng.chance(1) {
                rng.pick(&MISFITS)
            } else {
                rng.weighted(palette(p.kind))
            };
            let glyph = cat
                .asset_kind(kind)
                .map_or("AST", |k| k.glyph.as_str())
                .to_owned();
            let id = format!("A-{glyph}-{serial:05}");
            let mut a = new_asset(
                cat,
                id,
                kind,
                &format!("{tag}-{:02}", j + 1),
                asset_pos(p, j),
                rng,
            )?;
            a.sl_c = sl_c(rng, false);
            a.network = format!("10.{}.{}.{}", (16 + zi / 256) % 256, zi % 256, 10 + j % 240);
            if p.kind == ZoneKind::Safety && kind != "managed_switch" {
                a.flags.safety_related = true;
            }
            a.placement = Placement::Zone(p.id.clone());
            members[zi].push(a.id.clone());
            model.insert_asset(a);
        }
    }
    Ok(members)
}

/// Boundary device kinds, by weight.
const BOUNDARY_KINDS: [(&str, usize); 6] = [
    ("firewall", 50),
    ("dpi_firewall", 20),
    ("router", 12),
    ("data_diode", 8),
    ("remote_access_gateway", 5),
    ("cellular_router", 5),
];

/// Joins the zones: each to one in the band above (a subzone to its parent), then more
/// between neighbouring bands, within bands and a few across. Boundary devices go on the
/// conduits that need them most: those that reach outside, the DMZ or across bands.
fn add_conduits(
    model: &mut Model,
    plans: &[Plan],
    members: &[Vec<AssetId>],
    params: &Params,
    n_boundary: usize,
    cat: &Catalog,
    rng: &mut Rng,
) -> Result<(), SynthError> {
    let n = plans.len();
    let tops_by_band: Vec<Vec<usize>> = (0..BANDS)
        .map(|b| {
            (0..n)
                .filter(|&i| plans[i].parent.is_none() && band_of(plans[i].kind) == b)
                .collect()
        })
        .collect();
    let mut pairs: Vec<(usize, usize)> = Vec::with_capacity(params.conduits);
    let mut used: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut add = |a: usize, b: usize, pairs: &mut Vec<(usize, usize)>| {
        if a != b && pairs.len() < params.conduits && used.insert((a.min(b), a.max(b))) {
            pairs.push((a, b));
        }
    };
    // Upwards: every zone to its parent or to a zone in the nearest band above; the zones of
    // the top band down to one in the nearest band below.
    for (i, plan) in plans.iter().enumerate() {
        let band = band_of(plan.kind);
        if let Some(p) = plan.parent {
            add(p, i, &mut pairs);
        } else if let Some(above) = (0..band).rev().find(|&b| !tops_by_band[b].is_empty()) {
            add(rng.pick(&tops_by_band[above]), i, &mut pairs);
        } else if let Some(below) = (band + 1..BANDS).find(|&b| !tops_by_band[b].is_empty()) {
            add(i, rng.pick(&tops_by_band[below]), &mut pairs);
        }
    }
    // More: neighbouring bands mostly, some within a band, a few skipping bands.
    let mut attempts = 0usize;
    while pairs.len() < params.conduits && attempts < params.conduits * 20 {
        attempts += 1;
        let a = rng.below(n);
        let ba = band_of(plans[a].kind);
        let target_band = match rng.below(100) {
            0..70 => ba + 1,
            70..92 => ba,
            _ => ba + 2 + rng.below(3),
        };
        if target_band >= BANDS || tops_by_band[target_band].is_empty() {
            continue;
        }
        add(a, rng.pick(&tops_by_band[target_band]), &mut pairs);
    }
    // A dense request the random walk could not fill: take the first free pairs in order.
    'fill: for a in 0..n {
        for b in a + 1..n {
            if pairs.len() >= params.conduits {
                break 'fill;
            }
            add(a, b, &mut pairs);
        }
    }

    // Which conduits get a boundary device: outside, DMZ and cross-band first.
    let needs = |&(a, b): &(usize, usize)| {
        let (ka, kb) = (plans[a].kind, plans[b].kind);
        let outside = [ka, kb]
            .iter()
            .any(|k| matches!(k, ZoneKind::External | ZoneKind::Dmz | ZoneKind::RemoteSite));
        let across = band_of(ka).abs_diff(band_of(kb)) > 1;
        usize::from(outside) + usize::from(across)
    };
    let mut order: Vec<usize> = (0..pairs.len()).collect();
    rng.shuffle(&mut order);
    order.sort_by_key(|&c| std::cmp::Reverse(needs(&pairs[c])));
    let guarded: BTreeSet<usize> = order.into_iter().take(n_boundary).collect();

    let mut device_serial = 0usize;
    for (ci, &(a, b)) in pairs.iter().enumerate() {
        let (pa, pb) = (&plans[a], &plans[b]);
        // Upper band first, or the parent first.
        let (up, down) = if band_of(pb.kind) < band_of(pa.kind) {
            (b, a)
        } else {
            (a, b)
        };
        let id = ConduitId::new(format!("C-{:04}", ci + 1));
        let mut c = Conduit::new(
            id.clone(),
            format!("{} to {}", plans[up].name, plans[down].name),
            vec![plans[up].id.clone(), plans[down].id.clone()],
        );
        let choices = protocols(plans[up].kind, plans[down].kind);
        let mut chosen: Vec<(&str, &str)> = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let p = rng.pick(choices);
            if !chosen.contains(&p) {
                chosen.push(p);
            }
        }
        for (protocol, purpose) in chosen {
            let mut ch = Channel::new(protocol, purpose);
            if rng.chance(50) {
                ch.source = members[down].first().cloned();
                ch.destination = members[up].first().cloned();
                ch.direction = if rng.chance(60) {
                    Direction::Forward
                } else {
                    Direction::Both
                };
            }
            c.channels.push(ch);
        }
        c.sl_t = match (
            model.zones[&plans[up].id].sl_t,
            model.zones[&plans[down].id].sl_t,
        ) {
            (Some(x), Some(y)) => Some(x.max(&y)),
            (Some(x), None) | (None, Some(x)) => Some(x),
            (None, None) => None,
        };
        if c.sl_t.is_some() {
            c.sl_t_rationale = "The higher SL-T of the zones it joins.".to_owned();
        }
        if guarded.contains(&ci) {
            device_serial += 1;
            let touches = |k: ZoneKind| plans[up].kind == k || plans[down].kind == k;
            let kind = if touches(ZoneKind::External) {
                "remote_access_gateway"
            } else if touches(ZoneKind::RemoteSite) && rng.chance(50) {
                "cellular_router"
            } else {
                let k = rng.weighted(&BOUNDARY_KINDS[..4]);
                if k == "data_diode" {
                    // One-way from the lower zone up, as diodes are used.
                    c.zones.reverse();
                    c.direction = Direction::Forward;
                    // Channel endpoints already run from the lower zone up.
                    for ch in &mut c.channels {
                        ch.direction = Direction::Forward;
                    }
                }
                k
            };
            let (ra, rb) = (plans[a].rect.center(), plans[b].rect.center());
            let mid = Point::new((ra.x + rb.x) / 2.0, (ra.y + rb.y) / 2.0);
            let glyph = cat
                .asset_kind(kind)
                .map_or("BND", |k| k.glyph.as_str())
                .to_owned();
            let mut dev = new_asset(
                cat,
                format!("A-{glyph}-{:05}", params.assets + device_serial),
                kind,
                id.as_str(),
                mid,
                rng,
            )?;
            // Boundary devices are mostly recent; a few old routers remain.
            let legacy = kind == "router" && rng.chance(50);
            dev.sl_c = sl_c(rng, !legacy);
            dev.criticality = Criticality::High;
            dev.placement = Placement::Conduit(id.clone());
            model.insert_asset(dev);
        }
        model.insert_conduit(c);
    }
    Ok(())
}

/// A zone or a conduit with the ids and FRs of the items it misses.
type Target = (Option<ZoneId>, Option<ConduitId>, Vec<(String, Fr)>);

/// Countermeasures for requirements zones and conduits really miss: some implemented (they
/// move the items to covered), some planned (listed beside the unmet items).
fn add_countermeasures(model: &mut Model, cat: &'static Catalog, rng: &mut Rng) {
    let deltas = Deltas::compute(model, cat);
    let mut targets: Vec<Target> = Vec::new();
    for z in &deltas.zones {
        if !z.delta.unmet.is_empty() && rng.chance(15) {
            let ids = z
                .delta
                .unmet
                .iter()
                .map(|u| (u.requirement.id.clone(), u.requirement.fr))
                .collect();
            targets.push((Some(z.id.clone()), None, ids));
        }
    }
    for c in &deltas.conduits {
        if !c.delta.unmet.is_empty() && rng.chance(10) {
            let ids = c
                .delta
                .unmet
                .iter()
                .map(|u| (u.requirement.id.clone(), u.requirement.fr))
                .collect();
            targets.push((None, Some(c.id.clone()), ids));
        }
    }
    let zone_ids: Vec<ZoneId> = model
        .zones
        .values()
        .filter(|z| !z.is_external())
        .map(|z| z.id.clone())
        .collect();
    for (n, (zone, conduit, unmet)) in targets.into_iter().enumerate() {
        let (first, fr) = unmet[rng.below(unmet.len())].clone();
        // The items of the same FR it also covers.
        let mut covers: Vec<String> = vec![first];
        for (id, f) in &unmet {
            if *f == fr && covers.len() < 3 && !covers.contains(id) && rng.chance(50) {
                covers.push(id.clone());
            }
        }
        let (name, kind) = countermeasure_for(fr, n);
        let mut zones: Vec<ZoneId> = zone.into_iter().collect();
        // A procedure often applies to a few zones at once.
        if !zones.is_empty()
            && !zone_ids.is_empty()
            && kind == CountermeasureKind::Procedural
            && rng.chance(40)
        {
            let extra = zone_ids[rng.below(zone_ids.len())].clone();
            if !zones.contains(&extra) {
                zones.push(extra);
            }
        }
        let status = if n % 5 < 3 {
            CountermeasureStatus::Implemented
        } else {
            CountermeasureStatus::Planned
        };
        let id = format!("CM-{:04}", n + 1);
        model.insert_countermeasure(Countermeasure {
            id: id.as_str().into(),
            name: name.to_owned(),
            kind,
            status,
            covers,
            zones,
            conduits: conduit.into_iter().collect(),
            assets: vec![],
            channels: vec![],
            justification: format!("Agreed in the security review; see work order WO-{id}."),
            owner: String::new(),
            priority: None,
            due: String::new(),
        });
    }
}

/// Accepts the findings about the reserved zones (they are empty on purpose).
fn accept_findings(model: &mut Model, plans: &[Plan], cat: &'static Catalog) {
    let reserved: BTreeSet<&str> = plans
        .iter()
        .filter(|p| p.reserved)
        .map(|p| p.id.as_str())
        .collect();
    let analysis = Analysis::run(model, cat);
    for f in analysis.findings.iter() {
        let about_reserved = f
            .elements
            .first()
            .is_some_and(|e| reserved.contains(e.as_str()));
        if about_reserved {
            model.accepted.insert(
                f.id.clone(),
                Acceptance {
                    finding: f.id.clone(),
                    justification: "Reserved for the planned expansion; the inventory follows \
                                    with the project."
                        .to_owned(),
                    by: "OT security lead".to_owned(),
                    date: "2026-01-20".to_owned(),
                },
            );
        }
    }
}
