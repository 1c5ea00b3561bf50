//! The shipped sample plants: canonical on disk, analysable, and as complete and as deliberately
//! imperfect as their documentation says.

use zoneplan::analysis::{Analysis, rules};
use zoneplan::catalog::catalog;
use zoneplan::model::{Model, Rect, ZoneId};
use zoneplan::persistence;
use zoneplan::samples::{self, SAMPLES, Sample};

const HEADER: f32 = 44.0;
const MARGIN: f32 = 12.0;
const ASSET_W: f32 = 140.0;
const ASSET_H: f32 = 34.0;

/// The four reference plants (all samples but the quickstart).
const PLANTS: [&str; 4] = [
    "water-treatment.ron",
    "substation-iec61850.ron",
    "refinery-hydrocracker.ron",
    "pharma-batch.ron",
];

#[cfg(test)]
fn sample(file: &str) -> &'static Sample {
    samples::by_file_name(file).unwrap()
}

#[cfg(test)]
fn model(file: &str) -> Model {
    samples::load(sample(file)).unwrap()
}

fn asset_box(x: f32, y: f32) -> Rect {
    Rect::new(x - ASSET_W / 2.0, y - ASSET_H / 2.0, ASSET_W, ASSET_H)
}

#[test]
fn every_sample_loads_round_trips_and_analyses() {
    assert_eq!(SAMPLES.len(), 5);
    for s in SAMPLES {
        let m = samples::load(s).unwrap();
        let text = persistence::to_string(&m).unwrap();
        assert!(
            text == s.source,
            "{} is not in canonical form; regenerate it through persistence::to_string",
            s.file_name
        );
        let a = Analysis::run_with_reasons(&m, catalog());
        assert_eq!(a.deltas.zones.len(), m.zones.len(), "{}", s.file_name);
        assert_eq!(a.deltas.conduits.len(), m.conduits.len(), "{}", s.file_name);
    }
}

#[test]
fn quickstart_is_small() {
    let m = model("quickstart.ron");
    assert_eq!(m.zones.len(), 6);
    assert!((12..=18).contains(&m.assets.len()), "{}", m.assets.len());
    assert_eq!(m.conduits.len(), 6);
    assert_eq!(m.countermeasures.len(), 1);
}

#[test]
fn plants_meet_the_counts_and_metadata() {
    for file in PLANTS {
        let m = model(file);
        assert!(m.zones.len() >= 8, "{file}: {} zones", m.zones.len());
        assert!(m.assets.len() >= 30, "{file}: {} assets", m.assets.len());
        assert!(
            m.conduits.len() >= 7,
            "{file}: {} conduits",
            m.conduits.len()
        );
        assert!(m.countermeasures.len() >= 3, "{file}");
        let p = &m.project;
        for (field, value) in [
            ("name", &p.name),
            ("site", &p.site),
            ("asset_owner", &p.asset_owner),
            ("author", &p.author),
            ("revision", &p.revision),
            ("description", &p.description),
            ("classification", &p.classification),
        ] {
            assert!(!value.trim().is_empty(), "{file}: project {field} is empty");
        }
        let d = p.date.as_bytes();
        assert!(
            d.len() == 10
                && d[4] == b'-'
                && d[7] == b'-'
                && d.iter()
                    .enumerate()
                    .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit()),
            "{file}: date {} is not YYYY-MM-DD",
            p.date
        );
        let implemented = m.countermeasures.values().filter(|c| c.is_implemented());
        assert!(
            implemented.count() >= 1,
            "{file}: no implemented countermeasure"
        );
        assert!(
            m.countermeasures.values().any(|c| !c.is_implemented()),
            "{file}: no planned countermeasure"
        );
    }
}

#[test]
fn plants_have_targets_rationales_channels_and_known_kinds() {
    let cat = catalog();
    for file in PLANTS {
        let m = model(file);
        for z in m.zones.values().filter(|z| !z.is_external()) {
            assert!(z.sl_t.is_some(), "{file}: zone {} has no SL-T", z.id);
            assert!(
                !z.sl_t_rationale.trim().is_empty(),
                "{file}: zone {} has no rationale",
                z.id
            );
        }
        for z in m.zones.values().filter(|z| z.is_external()) {
            assert!(
                z.sl_t.is_none(),
                "{file}: external zone {} has an SL-T",
                z.id
            );
        }
        for c in m.conduits.values() {
            assert!(c.sl_t.is_some(), "{file}: conduit {} has no SL-T", c.id);
            assert!(
                !c.sl_t_rationale.trim().is_empty(),
                "{file}: conduit {} has no rationale",
                c.id
            );
            assert!(
                !c.channels.is_empty(),
                "{file}: conduit {} has no channels",
                c.id
            );
            for ch in &c.channels {
                assert!(
                    cat.protocol(&ch.protocol).is_some(),
                    "{file}: {}",
                    ch.protocol
                );
                assert!(
                    !ch.purpose.trim().is_empty(),
                    "{file}: conduit {} channel without purpose",
                    c.id
                );
            }
        }
        for a in m.assets.values() {
            assert!(
                !a.classes.is_empty(),
                "{file}: asset {} has no component class",
                a.id
            );
            assert!(
                a.placement.zone().is_some() || a.placement.conduit().is_some(),
                "{file}: {} unplaced",
                a.id
            );
        }
        let bd = m
            .assets
            .values()
            .filter(|a| a.placement.conduit().is_some())
            .count();
        assert!(bd >= 5, "{file}: only {bd} boundary devices");
    }
}

fn nested(m: &Model, a: &ZoneId, b: &ZoneId) -> bool {
    m.ancestors(a).contains(b) || m.ancestors(b).contains(a)
}

#[test]
fn layouts_are_drawable() {
    for s in SAMPLES {
        let file = s.file_name;
        let m = samples::load(s).unwrap();
        let zones: Vec<_> = m.zones.values().collect();
        for (i, a) in zones.iter().enumerate() {
            if let Some(p) = &a.parent {
                let pr = m.zones[p].rect;
                let body = Rect::new(pr.x, pr.y + HEADER, pr.w, pr.h - HEADER);
                assert!(
                    body.contains_rect(&a.rect),
                    "{file}: subzone {} outside its parent's body",
                    a.id
                );
            }
            for b in &zones[i + 1..] {
                if !nested(&m, &a.id, &b.id) {
                    assert!(
                        !a.rect.expand(40.0).intersects(&b.rect.expand(40.0)),
                        "{file}: zones {} and {} overlap or are closer than 80",
                        a.id,
                        b.id
                    );
                }
            }
        }
        let bounds = m.bounds().unwrap();
        assert!(
            bounds.w <= 2400.0 && bounds.h <= 1600.0,
            "{file}: {bounds:?}"
        );
        let boxes: Vec<_> = m
            .assets
            .values()
            .map(|a| (a, asset_box(a.pos.x, a.pos.y)))
            .collect();
        for (i, (a, bx)) in boxes.iter().enumerate() {
            if let Some(z) = a.placement.zone() {
                let r = m.zones[z].rect;
                let inner = Rect::new(
                    r.x + MARGIN,
                    r.y + HEADER,
                    r.w - 2.0 * MARGIN,
                    r.h - HEADER - MARGIN,
                );
                assert!(
                    inner.contains_rect(bx),
                    "{file}: asset {} not inside zone {z}",
                    a.id
                );
                for sub in m
                    .zones
                    .values()
                    .filter(|sz| m.ancestors(&sz.id).contains(z))
                {
                    assert!(
                        !sub.rect.intersects(bx),
                        "{file}: asset {} lies on subzone {}",
                        a.id,
                        sub.id
                    );
                }
            } else {
                for z in m.zones.values() {
                    assert!(
                        !z.rect.intersects(bx),
                        "{file}: boundary device {} lies on zone {}",
                        a.id,
                        z.id
                    );
                }
            }
            for (b, other) in &boxes[i + 1..] {
                assert!(
                    !bx.intersects(other),
                    "{file}: assets {} and {} overlap",
                    a.id,
                    b.id
                );
            }
        }
    }
}

#[test]
fn plants_contrast_unmet_and_clean_zones() {
    for file in PLANTS {
        let m = model(file);
        let a = Analysis::run_with_reasons(&m, catalog());
        let assessed: Vec<_> = a
            .deltas
            .zones
            .iter()
            .filter(|z| z.delta.is_assessed())
            .collect();
        assert!(
            assessed.iter().any(|z| z
                .delta
                .unmet
                .iter()
                .any(|u| !z.delta.culprits(u).is_empty())),
            "{file}: no zone with unmet requirements and culprits"
        );
        assert!(
            assessed
                .iter()
                .any(|z| z.delta.unmet.is_empty() && !z.assets.is_empty()),
            "{file}: no clean zone"
        );
        assert!(
            a.deltas.conduits.iter().any(|c| c.delta.unmet.is_empty()),
            "{file}: no clean conduit"
        );
    }
}

/// Design weaknesses the samples carry on purpose, checked on the model itself so they hold
/// whatever rules are registered.
#[test]
fn plants_carry_their_design_weaknesses() {
    let cat = catalog();
    for file in PLANTS.into_iter().chain(["quickstart.ron"]) {
        let m = model(file);
        let insecure_on_strong_conduit = m.conduits.values().any(|c| {
            let strong = c
                .sl_t
                .is_some_and(|t| t.levels()[0] >= 2 || t.levels()[2] >= 2);
            strong
                && c.channels.iter().any(|ch| {
                    cat.protocol(&ch.protocol)
                        .is_some_and(|p| !p.authentication || !p.integrity)
                })
        });
        assert!(
            insecure_on_strong_conduit,
            "{file}: no insecure protocol on a demanding conduit"
        );
        let unguarded = m
            .conduits
            .values()
            .any(|c| m.boundary_devices(&c.id).next().is_none());
        assert!(unguarded, "{file}: every conduit has a boundary device");
        let legacy = m.assets.values().any(|a| {
            let target = a.placement.zone().and_then(|z| m.zones[z].sl_t);
            target.is_some_and(|t| t.levels()[0] >= 2 && a.sl_c.levels()[0] <= 1)
        });
        assert!(legacy, "{file}: no legacy device below its zone on FR1");
    }
    let refinery = model("refinery-hydrocracker.ron");
    assert!(
        refinery.conduits["C-02"].is_one_way(),
        "the historian diode is one-way"
    );
    assert_eq!(
        refinery
            .boundary_devices(&"C-02".into())
            .map(|a| a.kind.as_str())
            .collect::<Vec<_>>(),
        ["data_diode"]
    );
}

/// Findings each sample is designed to produce (see the sample report). Only rules registered
/// in this build are checked, so the list holds as rules land.
const EXPECTED: &[(&str, &[&str])] = &[
    (
        "quickstart.ron",
        &[
            "insecure-protocol@C-03",
            "insecure-protocol@C-05",
            "insecure-protocol@C-06",
            "missing-boundary-device@C-03",
            "missing-boundary-device@C-06",
        ],
    ),
    (
        "water-treatment.ron",
        &[
            "dmz-bypass@C-10",
            "insecure-protocol@C-03",
            "insecure-protocol@C-04",
            "insecure-protocol@C-08",
            "insecure-protocol@C-09",
            "insecure-protocol@C-10",
            "missing-boundary-device@C-04",
            "missing-boundary-device@C-10",
            "external-path-to-safety@Z-SAFE",
            // Rev C added the W-4 telemetry channel after the asset owner's approval of rev B.
            "approval-outdated@C-05",
            "approval-outdated@CM-01",
        ],
    ),
    (
        "substation-iec61850.ron",
        &[
            "insecure-protocol@C-02",
            "insecure-protocol@C-03",
            "insecure-protocol@C-04",
            "insecure-protocol@C-05",
            "insecure-protocol@C-08",
            "missing-boundary-device@C-05",
            "external-path-to-safety@Z-PC",
            "external-path-to-safety@Z-PB",
        ],
    ),
    (
        "refinery-hydrocracker.ron",
        &[
            "insecure-protocol@C-04",
            "insecure-protocol@C-05",
            "insecure-protocol@C-06",
            "insecure-protocol@C-07",
            "missing-boundary-device@C-09",
            // Outside reaches the BPCS, and from there the SIS and F&G: through the OEM's LTE
            // router in the compressor package, and through the jump host (C-08, C-10) to L3.
            "external-path-to-safety@Z-S1",
            "external-path-to-safety@Z-FGS",
        ],
    ),
    (
        "pharma-batch.ron",
        &[
            "insecure-protocol@C-04",
            "insecure-protocol@C-07",
            "missing-boundary-device@C-06",
            "business-iacs-mixed@Z-LAB",
            "wireless-mixed@Z-EMS",
        ],
    ),
];

/// Findings a sample must not produce: the countermeasure or design that prevents them.
const NOT_EXPECTED: &[(&str, &str)] = &[
    // IPsec over the private APN (CM-01) covers authentication and integrity.
    ("water-treatment.ron", "insecure-protocol@C-05"),
    // TLS and IPsec on the WAN (CM-01).
    ("substation-iec61850.ron", "insecure-protocol@C-01"),
    ("pharma-batch.ron", "dmz-bypass@C-07"),
    // Conduit SL-Ts below their zones' are derived, each lower FR tailored with a note.
    ("water-treatment.ron", "conduit-slt-below-zones@C-08"),
    ("substation-iec61850.ron", "conduit-slt-below-zones@C-04"),
    ("substation-iec61850.ron", "conduit-slt-below-zones@C-05"),
    ("refinery-hydrocracker.ron", "conduit-slt-below-zones@C-03"),
    ("refinery-hydrocracker.ron", "conduit-slt-below-zones@C-07"),
    ("pharma-batch.ron", "conduit-slt-below-zones@C-04"),
    ("pharma-batch.ron", "conduit-slt-below-zones@C-07"),
    // Every sample's SL-Ts are derived or carry a rationale; the approved ones are current.
    ("water-treatment.ron", "slt-no-rationale@Z-CHEM"),
    ("substation-iec61850.ron", "approval-outdated@Z-STN"),
];

fn registered(finding: &str) -> bool {
    finding
        .split_once('@')
        .is_some_and(|(rule, _)| rules::rule(rule).is_some())
}

#[test]
fn samples_produce_their_designed_findings() {
    assert_eq!(EXPECTED.len(), SAMPLES.len());
    for (file, expected) in EXPECTED {
        assert!(expected.len() >= 5, "{file}: too few designed findings");
        let a = Analysis::run_with_reasons(&model(file), catalog());
        let ids: Vec<&str> = a.findings.iter().map(|f| f.id.as_str()).collect();
        for id in expected.iter().filter(|id| registered(id)) {
            assert!(
                ids.contains(id),
                "{file}: expected finding {id}; got {ids:?}"
            );
        }
        // Nothing points at elements that are not in the model, and no finding is accepted.
        let m = model(file);
        for f in a.findings.iter() {
            assert!(!f.accepted);
            assert!(
                f.elements
                    .iter()
                    .all(|e| m.element_id(e.as_str()).is_some()),
                "{}",
                f.id
            );
        }
    }
    for (file, id) in NOT_EXPECTED {
        let a = Analysis::run_with_reasons(&model(file), catalog());
        assert!(
            a.findings.iter().all(|f| f.id != *id),
            "{file}: unexpected {id}"
        );
    }
}

/// The assessment method on every plant (water treatment first of all): system-level items
/// never blame a device, analogue instruments have no 4-2 delta, conduits list only
/// conduit-scope items, and every unmet item says why.
#[test]
fn method_blames_only_components_for_component_items() {
    use zoneplan::catalog::Provider;
    for file in PLANTS.into_iter().chain(["quickstart.ron"]) {
        let m = model(file);
        let a = Analysis::run_with_reasons(&m, catalog());
        for z in &a.deltas.zones {
            for u in &z.delta.unmet {
                assert!(
                    !z.delta.why(u).is_empty(),
                    "{file}: {} {} has no reason",
                    z.id,
                    u.requirement.id
                );
                if !u.requirement.has_provider(Provider::Component) {
                    assert!(
                        z.delta.culprits(u).is_empty(),
                        "{file}: {} {} (providers {:?}) names {:?}",
                        z.id,
                        u.requirement.id,
                        u.requirement.providers,
                        z.delta.culprits(u)
                    );
                }
            }
        }
        for c in &a.deltas.conduits {
            for u in &c.delta.unmet {
                assert!(
                    u.requirement.scope.on_conduits(),
                    "{file}: conduit {} lists zone-only {}",
                    c.id,
                    u.requirement.id
                );
                assert!(!c.delta.why(u).is_empty());
            }
        }
        for asset in m.assets.values().filter(|x| !x.digital) {
            let d = a.deltas.asset(asset.id.as_str()).unwrap();
            assert!(d.unmet.is_empty() && !d.in_scope, "{file}: {}", asset.id);
            for z in &a.deltas.zones {
                assert!(
                    z.delta
                        .unmet
                        .iter()
                        .all(|u| !z.delta.culprits(u).contains(&asset.id))
                );
            }
        }
    }
    // Water treatment has analogue instruments, and a service-only item such as SR 2.8 RE(1)
    // (central audit trail) is unmet without naming any PLC.
    let m = model("water-treatment.ron");
    assert!(m.assets.values().filter(|a| !a.digital).count() >= 3);
    let a = Analysis::run_with_reasons(&m, catalog());
    let with_log_gap = a
        .deltas
        .zones
        .iter()
        .flat_map(|z| &z.delta.unmet)
        .filter(|u| u.requirement.id == "SR 2.8 RE(1)")
        .count();
    assert!(with_log_gap > 0);
}
