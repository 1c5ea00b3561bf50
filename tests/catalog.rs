//! The embedded requirement catalog must agree exactly with the reference tables
//! (`tests/reference/*.csv`, copies of the project's shared reference data).
#![expect(
    clippy::unwrap_used,
    reason = "a malformed reference table should fail the test loudly"
)]

use std::path::Path;

use zoneplan::catalog::{AppliesTo, Provider, Scope, catalog};
use zoneplan::model::ServiceKind;

struct Row {
    fr: u8,
    id: String,
    title: String,
    applies_to: Option<String>,
    levels: [u8; 4],
}

fn read(path: &str, with_applies_to: bool) -> Vec<Row> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let mut rdr = csv::Reader::from_path(&full).unwrap();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            let off = usize::from(with_applies_to);
            let level = |i: usize| r[3 + off + i].parse::<u8>().unwrap();
            Row {
                fr: r[0].parse().unwrap(),
                id: r[1].to_owned(),
                title: r[2].to_owned(),
                applies_to: with_applies_to.then(|| r[3].to_owned()),
                levels: [level(0), level(1), level(2), level(3)],
            }
        })
        .collect()
}

/// The lowest SL that requires the item; the table must be cumulative.
fn lowest_level(row: &Row) -> u8 {
    let first = row.levels.iter().position(|l| *l == 1).unwrap();
    assert!(
        row.levels[first..].iter().all(|l| *l == 1) && row.levels[..first].iter().all(|l| *l == 0),
        "{}: levels {:?} are not cumulative",
        row.id,
        row.levels
    );
    u8::try_from(first + 1).unwrap()
}

#[test]
fn system_requirements_match_the_reference_table() {
    let rows = read("tests/reference/iec62443-3-3-levels.csv", false);
    let cat = &catalog().system;
    assert_eq!(rows.len(), 100);
    assert_eq!(cat.len(), rows.len());
    for (r, c) in rows.iter().zip(cat) {
        assert_eq!(c.id, r.id);
        assert_eq!(c.fr.number(), r.fr, "{}", r.id);
        assert_eq!(c.title, r.title, "{}", r.id);
        assert_eq!(c.level.get(), lowest_level(r), "{}", r.id);
    }
}

#[test]
fn component_requirements_match_the_reference_table() {
    let rows = read("tests/reference/iec62443-4-2-levels.csv", true);
    let cat = &catalog().component;
    assert_eq!(rows.len(), 122);
    assert_eq!(cat.len(), rows.len());
    for (r, c) in rows.iter().zip(cat) {
        assert_eq!(c.id, r.id);
        assert_eq!(c.fr.number(), r.fr, "{}", r.id);
        assert_eq!(c.title, r.title, "{}", r.id);
        assert_eq!(c.level.get(), lowest_level(r), "{}", r.id);
        let expected = match r.applies_to.as_deref() {
            Some("all") => AppliesTo::All,
            Some("SAR") => AppliesTo::Sar,
            Some("EDR") => AppliesTo::Edr,
            Some("HDR") => AppliesTo::Hdr,
            Some("NDR") => AppliesTo::Ndr,
            other => panic!("{}: unknown applies_to {other:?}", r.id),
        };
        assert_eq!(c.applies_to, expected, "{}", r.id);
    }
}

/// The copies under tests/reference must be the shared reference data, byte for byte, where
/// the shared folder sits beside the checkout (as on developer machines and in CI).
#[test]
fn reference_copies_are_current() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference");
    if !shared.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs with ../shared beside the checkout; it is missing"
        );
        return;
    }
    for name in [
        "iec62443-3-3-levels.csv",
        "iec62443-4-2-levels.csv",
        "iec62443-3-3-allocation.csv",
    ] {
        let ours = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/reference")
                .join(name),
        )
        .unwrap();
        let theirs = std::fs::read(shared.join(name)).unwrap();
        assert!(
            ours == theirs,
            "tests/reference/{name} differs from ../shared/reference/{name}"
        );
    }
}

/// The allocation table (who can provide each 3-3 item) agrees row by row with the reference
/// table: counterpart, scope, providers in order, and the service its note names.
#[test]
fn allocation_matches_the_reference_table() {
    let full =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/iec62443-3-3-allocation.csv");
    let mut rdr = csv::Reader::from_path(&full).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let cat = &catalog().system;
    assert_eq!(rows.len(), 100);
    assert_eq!(cat.len(), rows.len());
    let (mut zone, mut both, mut conduit, mut no_component) = (0, 0, 0, 0);
    for (r, c) in rows.iter().zip(cat) {
        assert_eq!(c.id, &r[0]);
        assert_eq!(c.counterpart.join(" "), &r[1], "{}", c.id);
        let scope = match &r[2] {
            "zone" => {
                zone += 1;
                Scope::Zone
            }
            "both" => {
                both += 1;
                Scope::Both
            }
            "conduit" => {
                conduit += 1;
                Scope::Conduit
            }
            other => panic!("{}: scope {other}", c.id),
        };
        assert_eq!(c.scope, scope, "{}", c.id);
        let providers: Vec<&str> = c.providers.iter().map(|p| p.key()).collect();
        assert_eq!(providers.join(" "), &r[3], "{}", c.id);
        if !c.has_provider(Provider::Component) {
            no_component += 1;
        }
        // The note names the service; the catalog maps it to one of the tool's services.
        let named = r[4].split("service: ").nth(1).map(|rest| {
            rest.split([';', ')'])
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned()
        });
        let expected = named.as_deref().map(|n| match n {
            "iam" => ServiceKind::Iam,
            "pki" | "pki, OCSP/CRL" => ServiceKind::Pki,
            "log" => ServiceKind::Log,
            "monitoring" => ServiceKind::Monitoring,
            "backup" => ServiceKind::Backup,
            "time" => ServiceKind::Time,
            "antimalware" => ServiceKind::Antimalware,
            "integrity" | "config monitoring" => ServiceKind::Patch,
            "endpoint device control" | "nac/antimalware" => ServiceKind::DeviceControl,
            "inventory" => ServiceKind::Inventory,
            "power" => ServiceKind::Power,
            "local infrastructure services" => ServiceKind::Infrastructure,
            other => panic!("{}: unmapped service {other}", c.id),
        });
        if c.has_provider(Provider::Service) {
            assert_eq!(c.service, expected, "{}", c.id);
        } else {
            assert_eq!(c.service, None, "{}", c.id);
        }
        assert_eq!(c.note, &r[4], "{}", c.id);
    }
    // The reference README's sanity figures.
    assert_eq!((zone, both, conduit), (67, 30, 3));
    assert_eq!(no_component, 28);
    assert_eq!(cat.iter().filter(|r| r.counterpart.is_empty()).count(), 16);
}

#[test]
fn applicability_rules_name_catalog_items() {
    let c = catalog();
    assert!(!c.applicability.is_empty());
    for rule in &c.applicability {
        assert!(!rule.reason.is_empty());
        for id in &rule.items {
            assert!(c.requirement(id).unwrap().condition.is_some(), "{id}");
        }
    }
    assert!(c.requirement("SR 1.6").unwrap().condition.is_some());
    assert!(c.requirement("SR 2.3 RE(1)").unwrap().condition.is_some());
    assert!(c.requirement("SR 1.1").unwrap().condition.is_none());
}
