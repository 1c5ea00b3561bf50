//! Which inventory column feeds which asset field: built-in presets (a plain spreadsheet,
//! NetBox's device export) and mapping files (RON) for any other export, with keyword rules
//! that turn a tool's device type ("Allen-Bradley ControlLogix") into an asset kind (`plc`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::catalog::catalog;

/// An asset field an inventory column can feed.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The asset's id in the model (kept when free; else one is made up).
    Id,
    Name,
    Kind,
    Vendor,
    Model,
    Firmware,
    /// IP address or network.
    Network,
    Zone,
    Purdue,
    Criticality,
    /// Words out of safety, wireless, temporary, external, business.
    Flags,
    /// The whole SL-C vector: `{2 2 1 1 2 1 1}`, `2,2,1,1,2,1,1` or `2211211`.
    SlC,
    SlCFr1,
    SlCFr2,
    SlCFr3,
    SlCFr4,
    SlCFr5,
    SlCFr6,
    SlCFr7,
    /// unknown, estimated, vendor or certificate.
    SlCSource,
    /// The document, certificate scheme or estimate note behind the SL-C.
    SlCReference,
    /// Who estimated the SL-C, or the certificate's number.
    SlCBy,
    /// A certificate's level (1–4), scope and date.
    CertificateLevel,
    CertificateScope,
    CertificateDate,
    /// For a boundary device: the conduit (name or id) it sits in.
    Conduit,
    /// yes/no: whether the asset has a digital interface (no: outside 4-2).
    Digital,
    /// IEC 62443-4-2 component classes: EDR, HDR, NDR, SAR (default: the kind's).
    Classes,
    /// Security services the asset provides and the zones each serves:
    /// `log: Control | Operations; time: Control`.
    Services,
}

impl Field {
    pub const ALL: [Self; 29] = [
        Self::Id,
        Self::Name,
        Self::Kind,
        Self::Vendor,
        Self::Model,
        Self::Firmware,
        Self::Network,
        Self::Zone,
        Self::Purdue,
        Self::Criticality,
        Self::Flags,
        Self::SlC,
        Self::SlCFr1,
        Self::SlCFr2,
        Self::SlCFr3,
        Self::SlCFr4,
        Self::SlCFr5,
        Self::SlCFr6,
        Self::SlCFr7,
        Self::SlCSource,
        Self::SlCReference,
        Self::SlCBy,
        Self::CertificateLevel,
        Self::CertificateScope,
        Self::CertificateDate,
        Self::Conduit,
        Self::Digital,
        Self::Classes,
        Self::Services,
    ];

    /// The key used in mapping files and messages.
    pub fn key(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Name => "name",
            Self::Kind => "kind",
            Self::Vendor => "vendor",
            Self::Model => "model",
            Self::Firmware => "firmware",
            Self::Network => "network",
            Self::Zone => "zone",
            Self::Purdue => "purdue",
            Self::Criticality => "criticality",
            Self::Flags => "flags",
            Self::SlC => "sl_c",
            Self::SlCFr1 => "sl_c_fr1",
            Self::SlCFr2 => "sl_c_fr2",
            Self::SlCFr3 => "sl_c_fr3",
            Self::SlCFr4 => "sl_c_fr4",
            Self::SlCFr5 => "sl_c_fr5",
            Self::SlCFr6 => "sl_c_fr6",
            Self::SlCFr7 => "sl_c_fr7",
            Self::SlCSource => "sl_c_source",
            Self::SlCReference => "sl_c_reference",
            Self::SlCBy => "sl_c_by",
            Self::CertificateLevel => "certificate_level",
            Self::CertificateScope => "certificate_scope",
            Self::CertificateDate => "certificate_date",
            Self::Conduit => "conduit",
            Self::Digital => "digital",
            Self::Classes => "classes",
            Self::Services => "services",
        }
    }

    /// A label for the preview.
    pub fn label(self) -> &'static str {
        match self {
            Self::Id => "Id",
            Self::Name => "Name",
            Self::Kind => "Kind",
            Self::Vendor => "Vendor",
            Self::Model => "Model",
            Self::Firmware => "Firmware",
            Self::Network => "IP / network",
            Self::Zone => "Zone",
            Self::Purdue => "Purdue level",
            Self::Criticality => "Criticality",
            Self::Flags => "Flags",
            Self::SlC => "SL-C",
            Self::SlCFr1 => "SL-C FR1",
            Self::SlCFr2 => "SL-C FR2",
            Self::SlCFr3 => "SL-C FR3",
            Self::SlCFr4 => "SL-C FR4",
            Self::SlCFr5 => "SL-C FR5",
            Self::SlCFr6 => "SL-C FR6",
            Self::SlCFr7 => "SL-C FR7",
            Self::SlCSource => "SL-C source",
            Self::SlCReference => "SL-C reference",
            Self::SlCBy => "SL-C by / certificate id",
            Self::CertificateLevel => "Certificate level",
            Self::CertificateScope => "Certificate scope",
            Self::CertificateDate => "Certificate date",
            Self::Conduit => "Conduit (boundary device)",
            Self::Digital => "Digital interface",
            Self::Classes => "Component classes",
            Self::Services => "Services provided",
        }
    }

    /// The per-FR SL-C fields in FR order.
    pub const SL_C_FRS: [Self; 7] = [
        Self::SlCFr1,
        Self::SlCFr2,
        Self::SlCFr3,
        Self::SlCFr4,
        Self::SlCFr5,
        Self::SlCFr6,
        Self::SlCFr7,
    ];
}

/// A mapping: for each field the headers that may feed it (the first one the file has wins),
/// and keyword rules for kinds, tried before the built-in ones.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// What export this mapping is for.
    #[serde(default)]
    pub description: String,
    /// Field -> header names, matched ignoring case, spaces and punctuation.
    pub columns: BTreeMap<Field, Vec<String>>,
    /// Keyword -> asset kind: a kind cell (or, failing it, the model, vendor and name) holding
    /// the keyword maps to the kind. Tried in order, before the built-in keywords.
    #[serde(default)]
    pub kinds: Vec<(String, String)>,
}

/// The built-in mappings.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Preset {
    /// A spreadsheet with plain headers (Name, Kind, Vendor, IP, Zone, ...), also what
    /// `zoneplan export --format csv` writes for assets.
    #[default]
    Spreadsheet,
    /// NetBox's device list export (CSV, "All data" or "Current view").
    Netbox,
}

impl Preset {
    pub const ALL: [Self; 2] = [Self::Spreadsheet, Self::Netbox];

    pub fn key(self) -> &'static str {
        match self {
            Self::Spreadsheet => "spreadsheet",
            Self::Netbox => "netbox",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Spreadsheet => "Spreadsheet (plain headers)",
            Self::Netbox => "NetBox device export",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.key() == key)
    }

    pub fn mapping(self) -> Mapping {
        let mut columns: BTreeMap<Field, Vec<String>> = BTreeMap::new();
        fn put(columns: &mut BTreeMap<Field, Vec<String>>, f: Field, names: &[&str]) {
            columns.insert(f, names.iter().map(|s| (*s).to_owned()).collect());
        }
        match self {
            Self::Spreadsheet => {
                put(&mut columns, Field::Id, &["id", "asset id"]);
                put(
                    &mut columns,
                    Field::Name,
                    &[
                        "name",
                        "asset name",
                        "asset",
                        "hostname",
                        "host name",
                        "device",
                        "tag",
                    ],
                );
                put(
                    &mut columns,
                    Field::Kind,
                    &[
                        "kind",
                        "asset kind",
                        "type",
                        "asset type",
                        "device type",
                        "category",
                        "role",
                    ],
                );
                put(
                    &mut columns,
                    Field::Vendor,
                    &["vendor", "manufacturer", "make"],
                );
                put(
                    &mut columns,
                    Field::Model,
                    &["model", "product", "device model"],
                );
                put(
                    &mut columns,
                    Field::Firmware,
                    &[
                        "firmware",
                        "firmware version",
                        "fw",
                        "version",
                        "os",
                        "software version",
                    ],
                );
                put(
                    &mut columns,
                    Field::Network,
                    &[
                        "ip",
                        "ip address",
                        "ipv4",
                        "address",
                        "network",
                        "ip network",
                    ],
                );
                put(
                    &mut columns,
                    Field::Zone,
                    &["zone", "security zone", "zone name"],
                );
                put(
                    &mut columns,
                    Field::Purdue,
                    &["purdue", "purdue level", "level"],
                );
                put(
                    &mut columns,
                    Field::Criticality,
                    &["criticality", "critical", "importance"],
                );
                put(&mut columns, Field::Flags, &["flags"]);
                put(
                    &mut columns,
                    Field::SlC,
                    &["sl-c", "slc", "sl c", "capability"],
                );
                for (i, f) in Field::SL_C_FRS.iter().enumerate() {
                    let n = i + 1;
                    columns.insert(
                        *f,
                        vec![
                            format!("sl-c fr{n}"),
                            format!("slc fr{n}"),
                            format!("sl-c {}", crate::model::Fr::ALL[i].abbrev()),
                            format!("fr{n}"),
                        ],
                    );
                }
                columns.insert(
                    Field::SlCSource,
                    vec!["sl-c source".to_owned(), "slc source".to_owned()],
                );
                columns.insert(
                    Field::SlCReference,
                    vec![
                        "sl-c reference".to_owned(),
                        "slc reference".to_owned(),
                        "sl-c document".to_owned(),
                    ],
                );
                put(
                    &mut columns,
                    Field::SlCBy,
                    &["sl-c by", "estimated by", "certificate id"],
                );
                put(
                    &mut columns,
                    Field::CertificateLevel,
                    &["certificate level"],
                );
                put(
                    &mut columns,
                    Field::CertificateScope,
                    &["certificate scope"],
                );
                put(&mut columns, Field::CertificateDate, &["certificate date"]);
                put(&mut columns, Field::Conduit, &["conduit", "boundary of"]);
                put(
                    &mut columns,
                    Field::Digital,
                    &["digital", "digital interface"],
                );
                put(
                    &mut columns,
                    Field::Classes,
                    &["classes", "component classes"],
                );
                put(
                    &mut columns,
                    Field::Services,
                    &["services", "services provided", "provides"],
                );
            }
            Self::Netbox => {
                put(&mut columns, Field::Name, &["name"]);
                // Role first ("PLC", "Firewall"); the device type is tried by keyword after it.
                put(&mut columns, Field::Kind, &["role", "device role"]);
                put(&mut columns, Field::Vendor, &["manufacturer"]);
                put(&mut columns, Field::Model, &["type", "device type"]);
                put(
                    &mut columns,
                    Field::Firmware,
                    &["firmware", "cf_firmware", "platform"],
                );
                put(
                    &mut columns,
                    Field::Network,
                    &["primary ip", "primary ipv4", "ip address", "primary ipv6"],
                );
                // NetBox has no zones: a custom field, else the location inside the site.
                put(
                    &mut columns,
                    Field::Zone,
                    &[
                        "security zone",
                        "zone",
                        "cf_security_zone",
                        "cf_zone",
                        "location",
                    ],
                );
                put(
                    &mut columns,
                    Field::Purdue,
                    &["purdue level", "cf_purdue_level", "purdue"],
                );
                put(
                    &mut columns,
                    Field::Criticality,
                    &["criticality", "cf_criticality"],
                );
            }
        }
        Mapping {
            description: self.label().to_owned(),
            columns,
            kinds: Vec::new(),
        }
    }
}

/// Problems with a mapping file, with where.
pub fn load(path: &Path) -> Result<Mapping, String> {
    let src = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read the mapping file: {e}", path.display()))?;
    parse(&src).map_err(|e| format!("{}:{e}", path.display()))
}

/// Parses a mapping file's text; errors read `LINE:COLUMN: message`.
pub fn parse(src: &str) -> Result<Mapping, String> {
    let m: Mapping = ron::from_str(src).map_err(|e| {
        format!(
            "{}:{}: {} (fields are: {})",
            e.span.start.line,
            e.span.start.col,
            e.code,
            Field::ALL.map(Field::key).join(", ")
        )
    })?;
    for (keyword, kind) in &m.kinds {
        if catalog().asset_kind(kind).is_none() {
            return Err(format!(
                "0:0: the keyword `{keyword}` maps to `{kind}`, which is not an asset kind (see assets/catalog/asset-kinds.ron)"
            ));
        }
    }
    Ok(m)
}

/// A header as compared: lower case, letters and digits, single spaces.
pub fn normalise(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut space = false;
    for c in header.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out
}

/// For each field, the column it comes from, given the headers.
pub fn resolve(mapping: &Mapping, headers: &[String]) -> BTreeMap<Field, usize> {
    let normal: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let mut out = BTreeMap::new();
    for (field, names) in &mapping.columns {
        let found = names.iter().find_map(|n| {
            let n = normalise(n);
            normal.iter().position(|h| *h == n)
        });
        if let Some(i) = found {
            out.insert(*field, i);
        }
    }
    out
}

/// The built-in keyword rules: a word in a tool's device type or model, and the kind it means.
/// Specific words come before general ones ("safety plc" before "plc"). A heuristic of the tool.
const KEYWORDS: &[(&str, &str)] = &[
    ("safety plc", "safety_controller"),
    ("safety controller", "safety_controller"),
    ("sis", "safety_controller"),
    ("triconex", "safety_controller"),
    ("hima", "safety_controller"),
    ("guardlogix", "safety_controller"),
    ("data diode", "data_diode"),
    ("diode", "data_diode"),
    ("unidirectional", "data_diode"),
    ("dpi", "dpi_firewall"),
    ("tofino", "dpi_firewall"),
    ("firewall", "firewall"),
    ("fortigate", "firewall"),
    ("palo alto", "firewall"),
    ("asa", "firewall"),
    ("vpn", "remote_access_gateway"),
    ("remote access", "remote_access_gateway"),
    ("lte", "cellular_router"),
    ("cellular", "cellular_router"),
    ("4g", "cellular_router"),
    ("5g", "cellular_router"),
    ("router", "router"),
    ("access point", "wireless_ap"),
    ("wireless", "wireless_ap"),
    ("wlan", "wireless_ap"),
    ("wifi", "wireless_ap"),
    ("switch", "managed_switch"),
    ("scalance", "managed_switch"),
    ("stratix", "managed_switch"),
    ("hirschmann", "managed_switch"),
    ("ruggedcom", "managed_switch"),
    ("controllogix", "plc"),
    ("compactlogix", "plc"),
    ("micrologix", "plc"),
    ("logix", "plc"),
    ("simatic s7", "plc"),
    ("s7 1500", "plc"),
    ("s7 1200", "plc"),
    ("s7 300", "plc"),
    ("s7 400", "plc"),
    ("modicon", "plc"),
    ("melsec", "plc"),
    ("plc", "plc"),
    ("controller", "plc"),
    ("dcs", "dcs_controller"),
    ("deltav", "dcs_controller"),
    ("experion", "dcs_controller"),
    ("ovation", "dcs_controller"),
    ("rtu", "rtu"),
    ("relay", "protection_relay"),
    ("ied", "protection_relay"),
    ("sel ", "protection_relay"),
    ("hmi", "hmi_panel"),
    ("panelview", "hmi_panel"),
    ("operator panel", "hmi_panel"),
    ("operator workstation", "operator_workstation"),
    ("operator station", "operator_workstation"),
    ("ows", "operator_workstation"),
    ("engineering workstation", "engineering_workstation"),
    ("engineering station", "engineering_workstation"),
    ("ews", "engineering_workstation"),
    ("laptop", "engineering_laptop"),
    ("notebook", "engineering_laptop"),
    ("historian", "historian"),
    ("pi server", "historian"),
    ("opc", "opc_ua_server"),
    ("mes", "mes_server"),
    ("scada", "scada_server"),
    ("domain controller", "domain_controller"),
    ("active directory", "domain_controller"),
    ("backup", "backup_server"),
    ("wsus", "patch_server"),
    ("antivirus", "patch_server"),
    ("patch", "patch_server"),
    ("jump", "jump_host"),
    ("bastion", "jump_host"),
    ("iiot", "iiot_gateway"),
    ("iot gateway", "iiot_gateway"),
    ("edge", "iiot_gateway"),
    ("serial", "serial_device_server"),
    ("gateway", "serial_device_server"),
    ("moxa", "serial_device_server"),
    ("ntp", "time_server"),
    ("gps clock", "time_server"),
    ("time server", "time_server"),
    ("esxi", "virtualization_host"),
    ("hyper v", "virtualization_host"),
    ("hypervisor", "virtualization_host"),
    ("usb", "usb_kiosk"),
    ("kiosk", "usb_kiosk"),
    ("vfd", "drive"),
    ("drive", "drive"),
    ("powerflex", "drive"),
    ("sinamics", "drive"),
    ("transmitter", "field_instrument"),
    ("analyser", "field_instrument"),
    ("analyzer", "field_instrument"),
    ("flowmeter", "field_instrument"),
    ("instrument", "field_instrument"),
    ("sensor", "field_instrument"),
    ("actuator", "field_instrument"),
    ("test set", "test_set"),
    ("omicron", "test_set"),
    ("printer", "business_server"),
    ("erp", "business_server"),
    ("workstation", "operator_workstation"),
];

/// A keyword rule, its word normalised and padded with spaces for whole-word search.
struct Rule<'a> {
    word: &'a str,
    padded: String,
    kind: &'a str,
}

impl<'a> Rule<'a> {
    fn new(word: &'a str, kind: &'a str) -> Option<Self> {
        let w = normalise(word);
        (!w.is_empty()).then(|| Self {
            word,
            padded: format!(" {w} "),
            kind,
        })
    }
}

/// Each catalog kind's key and normalised name, once.
fn catalog_kinds() -> &'static [(&'static str, String)] {
    static KINDS: std::sync::OnceLock<Vec<(&'static str, String)>> = std::sync::OnceLock::new();
    KINDS.get_or_init(|| {
        catalog()
            .asset_kinds
            .iter()
            .map(|k| (k.key.as_str(), normalise(&k.name)))
            .collect()
    })
}

/// The built-in rules, specific and generic, normalised once.
fn builtin_rules() -> (&'static [Rule<'static>], &'static [Rule<'static>]) {
    static RULES: std::sync::OnceLock<(Vec<Rule<'static>>, Vec<Rule<'static>>)> =
        std::sync::OnceLock::new();
    let (s, g) = RULES.get_or_init(|| {
        KEYWORDS
            .iter()
            .filter_map(|(w, k)| Rule::new(w, k))
            .partition(|r| !GENERIC.contains(&r.word))
    });
    (s, g)
}

/// Words too general to beat a specific word anywhere in the row.
const GENERIC: &[&str] = &[
    "controller",
    "gateway",
    "workstation",
    "edge",
    "serial",
    "instrument",
    "sensor",
    "drive",
    "relay",
];

/// How a kind was found, for the report.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum KindMatch {
    /// The cell names a catalog kind (key or name).
    Exact,
    /// A keyword rule matched this text.
    Keyword { keyword: String, text: String },
    /// Nothing matched: `unknown`.
    Unknown,
}

/// The kind for a row: the kind cell as a catalog key or name, else a keyword (the mapping's,
/// then the built-in ones) in the kind cell, then in the model, vendor and name.
pub fn kind_of(mapping: &Mapping, kind: &str, others: &[&str]) -> (String, KindMatch) {
    let k = normalise(kind);
    if !k.is_empty() {
        let as_key = k.replace(' ', "_");
        if let Some((key, _)) = catalog_kinds()
            .iter()
            .find(|(key, name)| *key == as_key || *name == k)
        {
            return ((*key).to_owned(), KindMatch::Exact);
        }
    }
    // The mapping's keywords, then the built-in ones (specific before general), first in the
    // kind cell, then in the model, vendor and name; generic words ("controller", "gateway")
    // only after every specific one, so "HIMA HIMatrix" makes a "controller" a safety
    // controller while an "EWS" by HIMA stays an engineering workstation.
    let normal = |t: &str| format!(" {} ", normalise(t));
    let kind_text = [(normal(kind), kind)];
    let other_texts: Vec<(String, &str)> = others.iter().map(|t| (normal(t), *t)).collect();
    let user: Vec<Rule<'_>> = mapping
        .kinds
        .iter()
        .filter_map(|(w, k)| Rule::new(w, k))
        .collect();
    let (specific, generic) = builtin_rules();
    for (rules, texts) in [
        (&user[..], &kind_text[..]),
        (&user[..], &other_texts[..]),
        (specific, &kind_text[..]),
        (specific, &other_texts[..]),
        (generic, &kind_text[..]),
        (generic, &other_texts[..]),
    ] {
        for r in rules {
            // Whole words only: "asa" must not match "nasa", "ews" not "news".
            if let Some((_, text)) = texts.iter().find(|(n, _)| n.contains(&r.padded)) {
                return (
                    r.kind.to_owned(),
                    KindMatch::Keyword {
                        keyword: r.word.trim().to_owned(),
                        text: (*text).to_owned(),
                    },
                );
            }
        }
    }
    (UNKNOWN_KIND.to_owned(), KindMatch::Unknown)
}

/// The catalog kind of an asset whose kind no rule recognised.
pub const UNKNOWN_KIND: &str = "unknown";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_loosely() {
        let m = Preset::Spreadsheet.mapping();
        let headers: Vec<String> = ["Asset Name", "IP-Address", "Purdue Level", "SL-C FR3"]
            .map(str::to_owned)
            .to_vec();
        let r = resolve(&m, &headers);
        assert_eq!(r[&Field::Name], 0);
        assert_eq!(r[&Field::Network], 1);
        assert_eq!(r[&Field::Purdue], 2);
        assert_eq!(r[&Field::SlCFr3], 3);
        assert!(!r.contains_key(&Field::Kind));
    }

    #[test]
    fn kinds_by_key_name_and_keyword() {
        let m = Mapping::default();
        assert_eq!(kind_of(&m, "plc", &[]).0, "plc");
        assert_eq!(kind_of(&m, "HMI panel", &[]).0, "hmi_panel");
        let (k, how) = kind_of(&m, "Allen-Bradley ControlLogix", &[]);
        assert_eq!(k, "plc");
        assert!(matches!(how, KindMatch::Keyword { .. }));
        assert_eq!(kind_of(&m, "Safety PLC", &[]).0, "safety_controller");
        // Falls back to the model when the kind cell says nothing useful.
        assert_eq!(kind_of(&m, "OT device", &["FortiGate 60F"]).0, "firewall");
        // Whole words: "nasa" is no ASA firewall.
        let (k, how) = kind_of(&m, "nasa thing", &[]);
        assert_eq!((k.as_str(), how), (UNKNOWN_KIND, KindMatch::Unknown));
    }

    #[test]
    fn user_keywords_come_first() {
        let m = Mapping {
            kinds: vec![("controller".to_owned(), "dcs_controller".to_owned())],
            ..Mapping::default()
        };
        assert_eq!(kind_of(&m, "controller", &[]).0, "dcs_controller");
    }

    #[test]
    fn every_keyword_names_a_catalog_kind() {
        for (w, k) in KEYWORDS {
            assert!(catalog().asset_kind(k).is_some(), "{w} -> {k}");
        }
        assert!(catalog().asset_kind(UNKNOWN_KIND).is_some());
    }

    #[test]
    fn mapping_files_parse_and_fail_with_where() {
        let m =
            parse(r#"(columns: { name: ["Host"], network: ["IP"] }, kinds: [("ctrl", "plc")])"#)
                .unwrap();
        assert_eq!(m.columns[&Field::Name], ["Host"]);
        let e = parse("(columns: { nmae: [\"x\"] })").unwrap_err();
        assert!(e.starts_with("1:"), "{e}");
        assert!(e.contains("nmae"), "{e}");
        let e = parse(r#"(columns: {}, kinds: [("x", "toaster")])"#).unwrap_err();
        assert!(e.contains("toaster"), "{e}");
    }
}
