//! The embedded requirement catalog must agree exactly with the reference tables
//! (`tests/reference/*.csv`, copies of the project's shared reference data).
#![expect(
    clippy::unwrap_used,
    reason = "a malformed reference table should fail the test loudly"
)]

use std::path::Path;

use zoneplan::catalog::{AppliesTo, catalog};

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
    for name in ["iec62443-3-3-levels.csv", "iec62443-4-2-levels.csv"] {
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
