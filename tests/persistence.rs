//! The model file through the public API: the released-format fixture, round trips, atomic
//! saves, a table of malformed files with their messages and positions, requirement-texts
//! files, and a property test of random models.
#![expect(clippy::unwrap_used, reason = "test helpers may unwrap")]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use zoneplan::catalog::catalog;
use zoneplan::model::{
    Acceptance, Asset, AssetFlags, Channel, ComponentClass, Conduit, ConduitId, Countermeasure,
    CountermeasureKind, CountermeasureStatus, Criticality, Direction, Model, Placement, Point,
    Priority, PurdueLevel, Rect, SlVector, Zone, ZoneId, ZoneKind,
};
use zoneplan::persistence::{
    FORMAT_VERSION, LoadError, SaveError, from_str, load, load_texts, save, to_string,
};

fn sl(levels: [u8; 7]) -> SlVector {
    SlVector::from_levels(levels).unwrap()
}

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The model in `tests/fixtures/format-v1.ron`: every field set somewhere, every enum variant
/// used at least once.
fn complete_model() -> Model {
    let project = zoneplan::model::Project {
        name: "Wasserwerk Süd".into(),
        site: "Pumpwerk 2, Halle \"B\"".into(),
        asset_owner: "Stadtwerke".into(),
        author: "J. Ødegaard".into(),
        revision: "C".into(),
        description: "Line one\nline two with a backslash \\ and a tab\t.".into(),
        date: "2026-11-26".into(),
        classification: "Confidential".into(),
        ..zoneplan::model::Project::default()
    };
    let mut m = Model {
        project,
        ..Model::default()
    };
    let purdue = [
        Some(PurdueLevel::L4),
        Some(PurdueLevel::L3_5),
        Some(PurdueLevel::L3),
        Some(PurdueLevel::L2),
        Some(PurdueLevel::L1),
        Some(PurdueLevel::L0),
        None,
        None,
        None,
        Some(PurdueLevel::L5),
    ];
    for (i, (kind, level)) in ZoneKind::ALL.into_iter().zip(purdue).enumerate() {
        let x = f32::from(u8::try_from(i).unwrap()) * 100.0;
        let mut z = Zone::new(
            format!("Z-{:02}", i + 1).as_str(),
            kind.label(),
            kind,
            Rect::new(x, 0.0, 90.5, 60.25),
        );
        z.purdue_level = level;
        if kind != ZoneKind::External {
            z.sl_t = Some(sl([2, 2, 1, 1, 3, 1, 2]));
        }
        m.insert_zone(z);
    }
    {
        let z = m.zones.get_mut("Z-04").unwrap();
        z.description = "Basic process control — Ω".into();
        z.parent = Some("Z-03".into());
        z.safety_designated = true;
        z.organisation = "Operations dept.".into();
        z.sl_t_rationale = "Risk assessment RA-7".into();
    }

    let mut plc = Asset::new("A-PLC", "PLC \"main\"", "plc", Point::new(312.5, 20.0));
    plc.classes = [ComponentClass::Edr, ComponentClass::Sar].into();
    plc.sl_c = sl([2, 2, 1, 0, 2, 4, 3]);
    plc.sl_c_source = zoneplan::model::SlcSource::Certificate {
        scheme: "ISASecure CSA".into(),
        id: "CSA-0001".into(),
        level: 2,
        scope: "firmware 2.1".into(),
        date: "2026-01-15".into(),
    };
    plc.vendor = "Acme".into();
    plc.model = "X-200".into();
    plc.firmware = "4.1.2".into();
    plc.network = "10.0.4.10/24".into();
    plc.criticality = Criticality::Critical;
    plc.flags = AssetFlags {
        safety_related: true,
        wireless: true,
        temporary: true,
        external: true,
        business: true,
    };
    plc.placement = Placement::Zone("Z-04".into());
    m.insert_asset(plc);
    let mut fw = Asset::new("A-FW", "Firewall", "firewall", Point::new(-15.0, 1e-3));
    fw.classes = [ComponentClass::Ndr].into();
    fw.criticality = Criticality::High;
    fw.placement = Placement::Conduit("C-1".into());
    m.insert_asset(fw);
    let mut hmi = Asset::new("A-HMI", "HMI", "operator_workstation", Point::new(0.0, 0.0));
    hmi.classes = [ComponentClass::Hdr].into();
    hmi.criticality = Criticality::Low;
    m.insert_asset(hmi);
    let mut his = Asset::new("A-HIS", "Historian", "historian", Point::new(1.0, 2.0));
    his.placement = Placement::Zone("Z-03".into());
    m.insert_asset(his);

    let mut c1 = Conduit::new("C-1", "Ops to control", vec!["Z-03".into(), "Z-04".into()]);
    c1.description = "Through the firewall".into();
    let mut ch = Channel::new("modbus_tcp", "Polling");
    ch.port = Some(502);
    ch.direction = Direction::Forward;
    ch.source = Some("A-HIS".into());
    ch.destination = Some("A-PLC".into());
    c1.channels.push(ch);
    let mut back = Channel::new("opc_ua_sign", "");
    back.direction = Direction::Reverse;
    c1.channels.push(back);
    c1.channels
        .push(Channel::new("iec61850_goose", "Interlocks"));
    c1.sl_t = Some(sl([2, 2, 2, 2, 2, 2, 2]));
    c1.sl_t_rationale = "Highest of the two zones".into();
    c1.direction = Direction::Forward;
    c1.route = vec![Point::new(250.0, 30.0), Point::new(260.0, 45.5)];
    m.insert_conduit(c1);
    let c2 = Conduit::new(
        "C-2",
        "Enterprise to DMZ",
        vec!["Z-01".into(), "Z-02".into()],
    );
    m.insert_conduit(c2);

    let kinds = [
        CountermeasureKind::Technical,
        CountermeasureKind::Procedural,
        CountermeasureKind::Physical,
        CountermeasureKind::Compensating,
    ];
    for (i, kind) in kinds.into_iter().enumerate() {
        m.insert_countermeasure(Countermeasure {
            id: format!("CM-{}", i + 1).as_str().into(),
            name: kind.label().to_owned(),
            kind,
            status: if i % 2 == 0 {
                CountermeasureStatus::Implemented
            } else {
                CountermeasureStatus::Planned
            },
            covers: vec!["SR 1.13".into(), "CR 2.1 RE(1)".into()],
            zones: vec!["Z-04".into()],
            conduits: if i == 0 { vec!["C-1".into()] } else { vec![] },
            assets: vec![],
            channels: vec![],
            justification: if i == 3 {
                "Compensates SR 1.13 until the VPN is in place".into()
            } else {
                String::new()
            },
            owner: String::new(),
            priority: None,
            due: String::new(),
        });
    }
    m.accepted.insert(
        "empty-zone@Z-10".into(),
        Acceptance {
            finding: "empty-zone@Z-10".into(),
            justification: "External zone, drawn for context".into(),
            by: "J. Ødegaard".into(),
            date: "2026-11-20".into(),
        },
    );
    m.accepted.insert(
        "asset-unplaced@A-HMI".into(),
        Acceptance {
            finding: "asset-unplaced@A-HMI".into(),
            justification: "Spare".into(),
            ..Acceptance::default()
        },
    );
    m
}

// ---------------------------------------------------------------------------------------------
// The released format

#[test]
fn fixture_v1_loads_field_by_field() {
    let m = load(&fixture_path("format-v1.ron")).unwrap();
    // Version 1 recorded no SL-C source: a real SL-C loads as estimated, with a note.
    let mut expected = complete_model();
    for a in expected.assets.values_mut() {
        if a.sl_c != zoneplan::model::SlVector::ZERO {
            a.sl_c_source = zoneplan::model::SlcSource::Estimated {
                by: String::new(),
                note: zoneplan::persistence::V1_SLC_NOTE.to_owned(),
            };
        }
    }

    assert_eq!(m.project, expected.project);
    assert_eq!(m.project.site, "Pumpwerk 2, Halle \"B\"");
    assert_eq!(
        m.project.description,
        "Line one\nline two with a backslash \\ and a tab\t."
    );

    assert_eq!(m.zones.len(), 10);
    let kinds: BTreeSet<ZoneKind> = m.zones.values().map(|z| z.kind).collect();
    assert_eq!(kinds, ZoneKind::ALL.into_iter().collect());
    let levels: BTreeSet<PurdueLevel> = m.zones.values().filter_map(|z| z.purdue_level).collect();
    assert_eq!(levels, PurdueLevel::ALL.into_iter().collect());
    let z4 = m.zone("Z-04").unwrap();
    assert_eq!(z4.name, "Control");
    assert_eq!(z4.description, "Basic process control — Ω");
    assert_eq!(z4.kind, ZoneKind::Control);
    assert_eq!(z4.parent.as_ref().map(|p| p.as_str()), Some("Z-03"));
    assert_eq!(z4.purdue_level, Some(PurdueLevel::L2));
    assert!(z4.safety_designated);
    assert_eq!(z4.organisation, "Operations dept.");
    assert_eq!(z4.sl_t, Some(sl([2, 2, 1, 1, 3, 1, 2])));
    assert_eq!(z4.sl_t_rationale, "Risk assessment RA-7");
    assert_eq!(z4.rect, Rect::new(300.0, 0.0, 90.5, 60.25));
    assert_eq!(m.zone("Z-10").unwrap().sl_t, None);
    for (id, z) in &m.zones {
        assert_eq!(z, &expected.zones[id], "zone {id}");
    }

    let plc = m.asset("A-PLC").unwrap();
    assert_eq!(plc.name, "PLC \"main\"");
    assert_eq!(plc.kind, "plc");
    assert_eq!(
        plc.classes,
        [ComponentClass::Sar, ComponentClass::Edr].into()
    );
    assert_eq!(plc.sl_c.levels(), [2, 2, 1, 0, 2, 4, 3]);
    assert_eq!(
        (
            plc.vendor.as_str(),
            plc.model.as_str(),
            plc.firmware.as_str(),
            plc.network.as_str()
        ),
        ("Acme", "X-200", "4.1.2", "10.0.4.10/24")
    );
    assert_eq!(plc.criticality, Criticality::Critical);
    assert!(
        plc.flags.safety_related
            && plc.flags.wireless
            && plc.flags.temporary
            && plc.flags.external
            && plc.flags.business
    );
    assert_eq!(plc.placement, Placement::Zone("Z-04".into()));
    assert_eq!(plc.pos, Point::new(312.5, 20.0));
    let fw = m.asset("A-FW").unwrap();
    assert_eq!(fw.placement, Placement::Conduit("C-1".into()));
    assert_eq!(fw.pos, Point::new(-15.0, 1e-3));
    assert_eq!(m.asset("A-HMI").unwrap().placement, Placement::Unplaced);
    let crit: BTreeSet<Criticality> = m.assets.values().map(|a| a.criticality).collect();
    assert_eq!(crit, Criticality::ALL.into_iter().collect());
    let classes: BTreeSet<ComponentClass> =
        m.assets.values().flat_map(|a| a.classes.clone()).collect();
    assert_eq!(classes, ComponentClass::ALL.into_iter().collect());
    for (id, a) in &m.assets {
        assert_eq!(a, &expected.assets[id], "asset {id}");
    }

    let c1 = m.conduit("C-1").unwrap();
    assert_eq!(c1.description, "Through the firewall");
    assert_eq!(c1.zones, [ZoneId::new("Z-03"), ZoneId::new("Z-04")]);
    assert_eq!(c1.direction, Direction::Forward);
    assert!(c1.is_one_way());
    assert_eq!(c1.sl_t, Some(sl([2; 7])));
    assert_eq!(c1.sl_t_rationale, "Highest of the two zones");
    assert_eq!(
        c1.route,
        vec![Point::new(250.0, 30.0), Point::new(260.0, 45.5)]
    );
    let ch = &c1.channels[0];
    assert_eq!(ch.protocol, "modbus_tcp");
    assert_eq!(ch.port, Some(502));
    assert_eq!(ch.direction, Direction::Forward);
    assert_eq!(ch.source.as_ref().map(|a| a.as_str()), Some("A-HIS"));
    assert_eq!(ch.destination.as_ref().map(|a| a.as_str()), Some("A-PLC"));
    assert_eq!(ch.purpose, "Polling");
    let dirs: Vec<Direction> = c1.channels.iter().map(|c| c.direction).collect();
    assert_eq!(
        dirs,
        [Direction::Forward, Direction::Reverse, Direction::Both]
    );
    assert_eq!(m.conduit("C-2").unwrap(), &expected.conduits["C-2"]);
    assert_eq!(c1, &expected.conduits["C-1"]);

    let cm_kinds: Vec<CountermeasureKind> = m.countermeasures.values().map(|c| c.kind).collect();
    assert_eq!(cm_kinds, CountermeasureKind::ALL);
    let cm1 = m.countermeasure("CM-1").unwrap();
    assert_eq!(cm1.status, CountermeasureStatus::Implemented);
    assert_eq!(
        cm1.covers,
        vec!["SR 1.13".to_owned(), "CR 2.1 RE(1)".to_owned()]
    );
    assert_eq!(cm1.zones, [ZoneId::new("Z-04")]);
    assert_eq!(cm1.conduits, [ConduitId::new("C-1")]);
    assert_eq!(
        m.countermeasure("CM-2").unwrap().status,
        CountermeasureStatus::Planned
    );
    assert_eq!(
        m.countermeasure("CM-4").unwrap().justification,
        "Compensates SR 1.13 until the VPN is in place"
    );
    assert_eq!(m.countermeasures, expected.countermeasures);

    let acc = &m.accepted["empty-zone@Z-10"];
    assert_eq!(acc.justification, "External zone, drawn for context");
    assert_eq!(
        (acc.by.as_str(), acc.date.as_str()),
        ("J. Ødegaard", "2026-11-20")
    );
    assert_eq!(m.accepted["asset-unplaced@A-HMI"].by, "");
    assert_eq!(m.accepted, expected.accepted);

    assert_eq!(m, expected);
}

/// The complete model with every field version 2 added.
fn complete_model_v2() -> Model {
    use zoneplan::model::{ChannelRef, NotApplicable, ServiceKind, ServiceProvision};
    let mut m = complete_model();
    let ids: Vec<_> = m.assets.keys().cloned().collect();
    let zone_ids: Vec<_> = m.zones.keys().cloned().collect();
    let a = m.assets.get_mut(&ids[0]).unwrap();
    a.provides.push(ServiceProvision {
        service: ServiceKind::Log,
        zones: vec![zone_ids[0].clone()],
    });
    let last = ids.len() - 1;
    let b = m.assets.get_mut(&ids[last]).unwrap();
    b.digital = false;
    let z = m.zones.get_mut(&zone_ids[0]).unwrap();
    z.not_applicable.push(NotApplicable {
        item: "SR 1.6".into(),
        justification: "no radio in the building".into(),
    });
    let c = m.conduits.get_mut("C-1").unwrap();
    c.channels[0].name = "poll".into();
    c.not_applicable.push(NotApplicable {
        item: "SR 1.13".into(),
        justification: "no untrusted network".into(),
    });
    let cm = m.countermeasures.values_mut().next().unwrap();
    cm.assets.push(ids[0].clone());
    cm.channels.push(ChannelRef {
        conduit: "C-1".into(),
        channel: "poll".into(),
    });
    m
}

/// `complete_model_v2` with the 3-2 workflow: a risk matrix of its own, scenarios, tailoring,
/// a derivation, the ZCR 6 specification, revisions and an approval.
fn complete_model_v2_workflow() -> Model {
    use zoneplan::model::{
        AccessPoint, AccessPointKind, Approaches, Approval, Consequences, Decision, Fr, Revision,
        SecurityLevel, Tailoring, ThreatScenario, ThreatSource, fingerprints,
    };
    let mut m = complete_model_v2();
    m.project.risk_matrix.resize(4, 3);
    m.project.risk_matrix.likelihood[3] = "Frequent".into();
    m.project.spec.suc_description = "Drinking water, 45 ML/d".into();
    m.project.spec.tolerable_risk = "Risk 4 or below".into();
    m.project.spec.risk_method = "Corporate ERM matrix v3".into();
    m.project.revisions.push(Revision {
        revision: "A".into(),
        date: "2026-09-01".into(),
        author: "M. K.".into(),
        description: "First issue".into(),
    });
    let zone_ids: Vec<_> = m.zones.keys().cloned().collect();
    let z = m.zones.get_mut(&zone_ids[1]).unwrap();
    let mut s = ThreatScenario::new("TS-1", "Ransomware from IT");
    s.source = ThreatSource::OrganisedCrime;
    s.vector = "Phishing, then RDP".into();
    s.entry = Some("C-1".into());
    s.vulnerability = "Shared accounts".into();
    s.consequence = "Loss of view, \"manual\" operation".into();
    s.consequences = Consequences {
        safety: Some(1),
        production: Some(3),
        ..Consequences::default()
    };
    s.likelihood = 4;
    s.pha_ref = "HAZOP node 7".into();
    z.risk.scenarios.push(s);
    let mut covered = ThreatScenario::new("TS-2", "Overpressure");
    covered.safeguards_cover = true;
    covered.source = ThreatSource::NationState;
    // An entry through one of the zone's own access points.
    covered.entry = Some("AP-1".into());
    z.risk.scenarios.push(covered);
    z.risk.approaches = Approaches {
        risk_gap: true,
        consequence: false,
        threat: true,
    };
    z.risk.tailoring.push(Tailoring {
        fr: Fr::Dc,
        level: SecurityLevel::SL1,
        note: "Process values only".into(),
    });
    z.risk.applied = z.sl_t;
    z.spec.logical_boundary = "VLAN 20".into();
    z.spec.access_points.push(AccessPoint {
        name: "AP-1".into(),
        kind: AccessPointKind::Physical,
        detail: "USB on the HMI".into(),
    });
    z.spec.regulatory = "NIS2".into();
    let c = m.conduits.get_mut("C-1").unwrap();
    c.organisation = "OT networks".into();
    c.spec.assumptions = "Firewall managed by OT".into();
    c.risk.tailoring.push(Tailoring {
        fr: Fr::Ra,
        level: SecurityLevel::SL3,
        note: "Single path to the plant".into(),
    });
    let baseline = fingerprints(&m);
    m.project.approvals.push(Approval {
        approver: "R. Ortiz".into(),
        role: "Plant manager".into(),
        organisation: "Utility".into(),
        date: "2026-10-01".into(),
        revision: "A".into(),
        decision: Decision::ApprovedWithConditions,
        conditions: "Close R-01 by Q2".into(),
        accepted_risks: vec!["empty-zone@Z-1".into()],
        review_triggers: vec!["any new conduit to the SIS".into()],
        baseline,
    });
    m
}

/// The file of the assessment-method issue (format 2 before the 3-2 workflow) still loads,
/// field by field.
#[test]
fn fixture_v2_of_the_method_loads() {
    let text = std::fs::read_to_string(fixture_path("format-v2-method.ron")).unwrap();
    assert_eq!(
        from_str(&text, "format-v2-method.ron").unwrap(),
        complete_model_v2()
    );
}

/// The current format's fixture is exactly what zoneplan writes, and loads back whole;
/// `format-v1.ron` keeps loading (above).
#[test]
fn fixture_v2_is_what_this_version_writes() {
    assert_eq!(FORMAT_VERSION, 2);
    let path = fixture_path("format-v2.ron");
    let written = to_string(&complete_model_v2_workflow()).unwrap();
    if std::env::var_os("ZONEPLAN_WRITE_FIXTURES").is_some() {
        std::fs::write(&path, &written).unwrap();
    }
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(written, text);
    assert!(text.starts_with("(\n    format_version: 2,\n"));
    assert_eq!(
        from_str(&text, "format-v2.ron").unwrap(),
        complete_model_v2_workflow()
    );
}

// ---------------------------------------------------------------------------------------------
// Round trips

fn round_trip(m: &Model) {
    let text = to_string(m).unwrap();
    let back = from_str(&text, "round-trip.ron").unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(&back, m);
    assert_eq!(to_string(&back).unwrap(), text, "serialisation is stable");
}

#[test]
fn round_trip_empty_model() {
    let m = Model::default();
    round_trip(&m);
    let text = to_string(&m).unwrap();
    assert!(text.starts_with("(\n    format_version: 2,"), "{text}");
    // A minimal hand-written file loads as the empty model.
    assert_eq!(from_str("(format_version: 1)", "min.ron").unwrap(), m);
}

#[test]
fn round_trip_nested_zones() {
    let mut m = Model::default();
    let mut parent = None;
    for i in 0..5 {
        let mut z = Zone::new(
            format!("Z{i}").as_str(),
            format!("Level {i}"),
            ZoneKind::Control,
            Rect::new(0.0, 0.0, 100.0, 100.0),
        );
        z.parent = parent.clone();
        parent = Some(z.id.clone());
        m.insert_zone(z);
    }
    round_trip(&m);
    assert_eq!(
        from_str(&to_string(&m).unwrap(), "x")
            .unwrap()
            .ancestors(&"Z4".into())
            .len(),
        4
    );
}

/// Zones Z-A, Z-B and Z-C, nothing else.
fn three_zones() -> Model {
    let mut m = Model::default();
    for id in ["Z-A", "Z-B", "Z-C"] {
        m.insert_zone(Zone::new(
            id,
            id,
            ZoneKind::Operations,
            Rect::new(0.0, 0.0, 10.0, 10.0),
        ));
    }
    m
}

#[test]
fn round_trip_one_way_conduit_with_channels_and_route() {
    let mut m = three_zones();
    let mut src = Asset::new("A1", "Historian", "historian", Point::new(1.0, 1.0));
    src.placement = Placement::Zone("Z-A".into());
    m.insert_asset(src);
    let mut diode = Asset::new("D1", "Diode", "data_diode", Point::new(5.0, 5.0));
    diode.placement = Placement::Conduit("C1".into());
    m.insert_asset(diode);
    let mut c = Conduit::new(
        "C1",
        "Diode",
        vec!["Z-A".into(), "Z-B".into(), "Z-C".into()],
    );
    c.direction = Direction::Forward;
    let mut ch = Channel::new("opc_ua_sign_encrypt", "Replication");
    ch.port = Some(4840);
    ch.direction = Direction::Forward;
    ch.source = Some("A1".into());
    c.channels.push(ch);
    c.channels.push(Channel::new("syslog", "Logs"));
    c.route = vec![Point::new(-1.5, 2.25), Point::new(1e10, -3.0e-7)];
    m.insert_conduit(c);
    round_trip(&m);
    // Without legs (a hub drawn by hand, or a file from before legs): none written.
    assert!(!to_string(&m).unwrap().contains("legs"));
}

/// A conduit of three zones routed by the layout: the hub, then each zone's leg.
#[test]
fn round_trip_hub_conduit_with_legs() {
    let mut m = three_zones();
    let mut c = Conduit::new("C1", "Hub", vec!["Z-A".into(), "Z-B".into(), "Z-C".into()]);
    let p = Point::new;
    c.set_hub_route(
        p(50.0, 60.0),
        &[
            vec![p(5.0, 60.0)],
            vec![p(50.0, 120.0), p(20.0, 120.0)],
            Vec::new(),
        ],
    );
    m.insert_conduit(c);
    round_trip(&m);
    let text = to_string(&m).unwrap();
    assert!(
        text.contains(
            "            route: [\n                (50.0, 60.0),\n                (5.0, 60.0),\n                \
             (50.0, 120.0),\n                (20.0, 120.0),\n            ],\n            legs: [\n                \
             1,\n                2,\n                0,\n            ],\n"
        ),
        "{text}"
    );
}

#[test]
fn round_trip_countermeasures_and_accepted_findings() {
    let mut m = Model::default();
    m.insert_zone(Zone::new(
        "Z",
        "Z",
        ZoneKind::Control,
        Rect::new(0.0, 0.0, 1.0, 1.0),
    ));
    m.insert_conduit(Conduit::new("C", "C", vec!["Z".into()]));
    let ids: Vec<String> = catalog()
        .system
        .iter()
        .map(|r| r.id.clone())
        .chain(catalog().component.iter().map(|r| r.id.clone()))
        .collect();
    m.insert_countermeasure(Countermeasure {
        id: "CM".into(),
        name: "Everything".into(),
        kind: CountermeasureKind::Compensating,
        status: CountermeasureStatus::Implemented,
        covers: ids,
        zones: vec!["Z".into()],
        conduits: vec!["C".into()],
        assets: vec![],
        channels: vec![],
        justification: "All of it".into(),
        owner: String::new(),
        priority: None,
        due: String::new(),
    });
    for f in ["a@Z", "b@C", "c@CM"] {
        m.accepted.insert(
            f.into(),
            Acceptance {
                finding: f.into(),
                justification: format!("because {f}"),
                by: "me".into(),
                date: String::new(),
            },
        );
    }
    round_trip(&m);
}

#[test]
fn round_trip_unicode_and_escapes() {
    let mut m = Model::default();
    let tricky = "Zöne \"quoted\" \\ back\\slash\nnew line\ttab \u{0} nul \u{7f} 🏭 ﷽ r#\"raw\"#";
    m.project.name = tricky.into();
    let mut z = Zone::new(
        "Zöne-🏭",
        tricky,
        ZoneKind::Field,
        Rect::new(0.0, 0.0, 1.0, 1.0),
    );
    z.description = "// not a comment /* nor this */".into();
    m.insert_zone(z);
    let mut a = Asset::new("\"A\"\\1", tricky, "plc", Point::new(0.0, 0.0));
    a.placement = Placement::Zone("Zöne-🏭".into());
    m.insert_asset(a);
    round_trip(&m);
}

#[test]
fn round_trip_every_enum_variant() {
    round_trip(&complete_model());
}

// ---------------------------------------------------------------------------------------------
// Saving

#[test]
fn saving_twice_gives_identical_bytes_and_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plant.ron");
    let m = complete_model();
    save(&m, &path).unwrap();
    let first = std::fs::read(&path).unwrap();
    save(&m, &path).unwrap();
    let second = std::fs::read(&path).unwrap();
    assert_eq!(first, second);
    assert_eq!(load(&path).unwrap(), m);
    // A model rebuilt in another order saves to the same bytes.
    let mut shuffled = Model {
        project: m.project.clone(),
        accepted: m.accepted.clone(),
        ..Model::default()
    };
    for z in m.zones.values().rev() {
        shuffled.insert_zone(z.clone());
    }
    for a in m.assets.values().rev() {
        shuffled.insert_asset(a.clone());
    }
    for c in m.conduits.values().rev() {
        shuffled.insert_conduit(c.clone());
    }
    for c in m.countermeasures.values().rev() {
        shuffled.insert_countermeasure(c.clone());
    }
    save(&shuffled, &path).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), first);
    assert_eq!(entries(dir.path()), ["plant.ron"]);
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn saving_into_a_missing_folder_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder").join("plant.ron");
    let e = save(&complete_model(), &path).unwrap_err();
    let text = e.to_string();
    assert!(matches!(e, SaveError::Io { .. }), "{e:?}");
    assert!(
        text.contains("no-such-folder") && text.contains("cannot write"),
        "{text}"
    );
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn saving_below_a_file_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("not-a-folder"), "keep").unwrap();
    let path = dir.path().join("not-a-folder").join("plant.ron");
    let e = save(&complete_model(), &path).unwrap_err();
    assert!(matches!(e, SaveError::Io { .. }), "{e:?}");
    assert_eq!(entries(dir.path()), ["not-a-folder"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("not-a-folder")).unwrap(),
        "keep"
    );
}

#[test]
fn saving_over_a_folder_fails_and_leaves_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("plant.ron");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("inside.txt"), "old").unwrap();
    let e = save(&complete_model(), &target).unwrap_err();
    assert!(e.to_string().contains("plant.ron"), "{e}");
    assert_eq!(entries(dir.path()), ["plant.ron"]);
    assert_eq!(entries(&target), ["inside.txt"]);
    assert_eq!(
        std::fs::read_to_string(target.join("inside.txt")).unwrap(),
        "old"
    );
}

#[test]
fn saving_to_a_path_without_a_file_name_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let e = save(&Model::default(), &sub.join("..")).unwrap_err();
    assert!(matches!(e, SaveError::Io { .. }), "{e:?}");
    assert!(e.to_string().contains("does not name a file"), "{e}");
    assert_eq!(entries(dir.path()), ["sub"]);
    assert!(entries(&sub).is_empty());
}

#[cfg(unix)]
#[test]
fn saving_over_a_dangling_link_replaces_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("plant.ron");
    std::os::unix::fs::symlink(dir.path().join("gone.ron"), &link).unwrap();
    save(&complete_model(), &link).unwrap();
    assert!(std::fs::symlink_metadata(&link).unwrap().is_file());
    assert_eq!(load(&link).unwrap(), complete_model());
    assert_eq!(entries(dir.path()), ["plant.ron"]);
}

#[test]
fn a_model_that_cannot_be_saved_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plant.ron");
    save(&complete_model(), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
        let mut m = complete_model();
        m.assets.get_mut("A-PLC").unwrap().pos.y = bad;
        let e = save(&m, &path).unwrap_err();
        let text = e.to_string();
        assert!(matches!(e, SaveError::Invalid(_)), "{e:?}");
        assert!(
            text.contains("asset `A-PLC`") && text.contains("not a finite number"),
            "{text}"
        );
        let mut m = complete_model();
        m.zones.get_mut("Z-02").unwrap().rect.w = bad;
        assert!(
            save(&m, &path)
                .unwrap_err()
                .to_string()
                .contains("zone `Z-02`")
        );
        let mut m = complete_model();
        m.conduits.get_mut("C-1").unwrap().route[1].x = bad;
        assert!(
            save(&m, &path)
                .unwrap_err()
                .to_string()
                .contains("conduit `C-1`")
        );
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(entries(dir.path()), ["plant.ron"]);
}

#[cfg(unix)]
#[test]
fn saving_keeps_permissions_and_writes_through_links() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.ron");
    save(&Model::default(), &real).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    save(&complete_model(), &link).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(load(&real).unwrap(), complete_model());
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // A new file is not private to its owner the way temporary files are.
    let fresh = dir.path().join("fresh.ron");
    save(&Model::default(), &fresh).unwrap();
    let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
    assert_ne!(mode & 0o044, 0, "mode {mode:o}");
    assert_eq!(entries(dir.path()), ["fresh.ron", "link.ron", "real.ron"]);
}

#[cfg(unix)]
#[test]
fn saving_into_a_read_only_folder_leaves_the_old_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("ro");
    std::fs::create_dir(&folder).unwrap();
    let path = folder.join("plant.ron");
    save(&Model::default(), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root (and CAP_DAC_OVERRIDE) write into read-only folders anyway; then there is no
    // read-only situation to test.
    let probe = folder.join("probe");
    let privileged = std::fs::write(&probe, "").is_ok();
    std::fs::remove_file(&probe).ok();
    if privileged {
        eprintln!("skipped: this user can write into a read-only folder");
    } else {
        let e = save(&complete_model(), &path).unwrap_err();
        assert!(e.to_string().contains("plant.ron"), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert_eq!(entries(&folder), ["plant.ron"]);
    }
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Malformed files

/// A valid file; each malformed case changes one thing in it. Line numbers are on the right.
const BASE: &str = r#"(
    format_version: 1,
    project: (name: "Plant"),
    zones: [
        (id: "Z-ENT", name: "Enterprise", kind: Enterprise, rect: (0.0, 0.0, 400.0, 300.0)),
        (
            id: "Z-CTL",
            name: "Control",
            kind: Control,
            parent: Some("Z-ENT"),
            sl_t: Some((2, 2, 1, 1, 2, 1, 2)),
            rect: (10.0, 10.0, 100.0, 80.0),
        ),
    ],
    assets: [
        (
            id: "A-PLC",
            name: "PLC 1",
            kind: "plc",
            placement: Zone("Z-CTL"),
            pos: (20.0, 30.0),
        ),
        (id: "A-FW", name: "Firewall", kind: "firewall", placement: Conduit("C-1"), pos: (5.0, 5.0)),
    ],
    conduits: [
        (
            id: "C-1",
            name: "Enterprise to control",
            zones: ["Z-ENT", "Z-CTL"],
            channels: [
                (protocol: "modbus_tcp", port: Some(502), source: Some("A-FW"), destination: Some("A-PLC")),
            ],
            route: [(50.0, 50.0)],
        ),
    ],
    countermeasures: [
        (
            id: "CM-1",
            name: "Jump host",
            kind: Technical,
            covers: ["SR 1.13"],
            zones: ["Z-CTL"],
            conduits: ["C-1"],
        ),
    ],
    accepted: [
        (finding: "empty-zone@Z-ENT", justification: "Drawn for context"),
    ],
)
"#;

/// `BASE` with `from` (which must occur exactly once) replaced by `to`.
fn edit(from: &str, to: &str) -> String {
    assert_eq!(
        BASE.matches(from).count(),
        1,
        "`{from}` must occur once in BASE"
    );
    BASE.replacen(from, to, 1)
}

#[test]
fn base_file_is_valid() {
    let m = from_str(BASE, "plant.ron").unwrap();
    assert_eq!(m.zones.len(), 2);
    assert_eq!(m.assets.len(), 2);
    round_trip(&m);
}

/// A syntax error: its line, column and the words the message must contain.
struct SyntaxCase {
    name: &'static str,
    src: String,
    line: usize,
    column: usize,
    words: &'static [&'static str],
}

fn syntax_cases() -> Vec<SyntaxCase> {
    let case = |name, src: String, line, column, words| SyntaxCase {
        name,
        src,
        line,
        column,
        words,
    };
    vec![
        case(
            "truncated",
            BASE[..BASE.find("            kind: Control,").unwrap()].to_owned(),
            8,
            29,
            &["ends too early", "cut off", "zone `Z-CTL`"],
        ),
        case(
            "truncated inside a string",
            BASE[..BASE.find("Control\"").unwrap()].to_owned(),
            8,
            19,
            &["ends too early"],
        ),
        case(
            "wrong type: number for a name",
            edit("name: \"PLC 1\"", "name: 17"),
            18,
            19,
            &["expected string", "`name` of asset `A-PLC`"],
        ),
        case(
            "wrong type: text for a flag",
            edit(
                "name: \"PLC 1\",",
                "name: \"PLC 1\", flags: (wireless: \"yes\"),",
            ),
            18,
            46,
            &["expected boolean", "asset `A-PLC`"],
        ),
        case(
            "wrong type: list for the project",
            edit("project: (name: \"Plant\")", "project: [\"Plant\"]"),
            3,
            14,
            &["`project`"],
        ),
        case(
            "format_version 99999999999999999999999",
            edit(
                "format_version: 1",
                "format_version: 99999999999999999999999",
            ),
            2,
            21,
            &["`format_version", "not a version", "reads format_version 2"],
        ),
        case(
            "format_version as a string",
            edit("format_version: 1", "format_version: \"1\""),
            2,
            21,
            &["`format_version` must be a number", "\"1\""],
        ),
        case(
            "format_version 0",
            edit("format_version: 1", "format_version: 0"),
            2,
            21,
            &["`format_version: 0` does not exist"],
        ),
        case(
            "format_version 1.0",
            edit("format_version: 1", "format_version: 1.0"),
            2,
            21,
            &["`format_version: 1.0` is not a version", "whole number"],
        ),
        case(
            "format_version -1",
            edit("format_version: 1", "format_version: -1"),
            2,
            21,
            &["`format_version: -1` is not a version"],
        ),
        case(
            "garbage bytes",
            "\u{1}\u{2}\u{3}garbage\u{7f}".to_owned(),
            1,
            1,
            &["expected `(` to open the model"],
        ),
        case(
            "trailing garbage",
            format!("{BASE}xyz"),
            50,
            1,
            &["after the end of the model"],
        ),
        case(
            "SL 999",
            edit(
                "sl_t: Some((2, 2, 1, 1, 2, 1, 2))",
                "sl_t: Some((2, 2, 1, 999, 2, 1, 2))",
            ),
            11,
            34,
            &["security level 999", "0..=4", "`sl_t` of zone `Z-CTL`"],
        ),
        case(
            "port 70000",
            edit("port: Some(502)", "port: Some(70000)"),
            31,
            53,
            &["out of range", "`port` of conduit `C-1`", "0 to 65535"],
        ),
        case(
            "negative port",
            edit("port: Some(502)", "port: Some(-1)"),
            31,
            54,
            &["conduit `C-1`", "0 to 65535"],
        ),
        case(
            "unknown field",
            edit("name: \"Control\",", "name: \"Control\", colour: \"red\","),
            8,
            30,
            &[
                "unknown field `colour` in zone `Z-CTL`",
                "expected one of id, name, description, kind",
            ],
        ),
        case(
            "unknown top-level field",
            edit(
                "project: (name: \"Plant\"),",
                "project: (name: \"Plant\"), layers: [],",
            ),
            3,
            31,
            &[
                "unknown field `layers` in the model",
                "zones, assets, conduits",
            ],
        ),
        case(
            "unknown project field",
            edit(
                "project: (name: \"Plant\")",
                "project: (name: \"Plant\", owner: \"X\")",
            ),
            3,
            30,
            &["unknown field `owner` in `project`", "asset_owner"],
        ),
        case(
            "unknown channel field",
            edit("port: Some(502),", "port: Some(502), speed: 100,"),
            31,
            59,
            &[
                "unknown field `speed` in a channel",
                "conduit `C-1`",
                "protocol, port",
            ],
        ),
        case(
            "field given twice",
            edit("name: \"Control\",", "name: \"Control\", name: \"Again\","),
            8,
            30,
            &["`name` is given twice in zone `Z-CTL`"],
        ),
        case(
            "missing field",
            edit("            pos: (20.0, 30.0),\n", ""),
            21,
            9,
            &["asset `A-PLC` is missing its `pos`", "(x, y)"],
        ),
        case(
            "unknown enum variant",
            edit("kind: Control", "kind: Bogus"),
            9,
            19,
            &[
                "unknown zone kind `Bogus`",
                "Enterprise, Dmz",
                "zone `Z-CTL`",
            ],
        ),
        case(
            "negative leg",
            edit(
                "route: [(50.0, 50.0)],",
                "route: [(50.0, 50.0)],\n            legs: [1, -1],",
            ),
            34,
            24,
            &[
                "out of range",
                "`legs` of conduit `C-1`",
                "counts of route points per zone",
            ],
        ),
        case(
            "misspelt field",
            edit("parent: Some(\"Z-ENT\")", "parnet: Some(\"Z-ENT\")"),
            10,
            13,
            &["unknown field `parnet` in zone `Z-CTL` (did you mean `parent`?)"],
        ),
        case(
            "variant in the wrong case",
            edit("kind: Control", "kind: control"),
            9,
            19,
            &["unknown zone kind `control` (did you mean `Control`?)"],
        ),
        case(
            "unknown placement",
            edit("placement: Zone(\"Z-CTL\")", "placement: Room(\"Z-CTL\")"),
            20,
            24,
            &["unknown placement `Room`", "Unplaced, Zone, Conduit"],
        ),
        case(
            "unknown countermeasure kind",
            edit("kind: Technical", "kind: Magic"),
            40,
            19,
            &[
                "unknown countermeasure kind `Magic`",
                "countermeasure `CM-1`",
            ],
        ),
        case(
            "SL vector too short",
            edit("sl_t: Some((2, 2, 1, 1, 2, 1, 2))", "sl_t: Some((2, 2, 1))"),
            11,
            32,
            &["SL vector of 7 levels", "found 3 elements", "zone `Z-CTL`"],
        ),
        case(
            "SL vector too long",
            edit(
                "sl_t: Some((2, 2, 1, 1, 2, 1, 2))",
                "sl_t: Some((2, 2, 1, 1, 2, 1, 2, 2))",
            ),
            11,
            47,
            &["SL vector of 7 levels", "found 8 elements", "zone `Z-CTL`"],
        ),
        case(
            "SL-T without Some",
            edit(
                "sl_t: Some((2, 2, 1, 1, 2, 1, 2))",
                "sl_t: (2, 2, 1, 1, 2, 1, 2)",
            ),
            11,
            19,
            &[
                "expected `None` or `Some(...)`",
                "Some((2, 2, 0, 1, 3, 1, 3))",
            ],
        ),
        case(
            "position with three numbers",
            edit("pos: (20.0, 30.0)", "pos: (20.0, 30.0, 1.0)"),
            21,
            31,
            &["expected closing `)`", "asset `A-PLC`", "`(x, y)`"],
        ),
        case(
            "unclosed comment",
            edit("kind: Control,", "kind: Control, /* note"),
            9,
            28,
            &["unclosed block comment"],
        ),
        case(
            "deeply nested brackets",
            format!("(format_version: 1, zones: {}", "[".repeat(10_000)),
            1,
            91,
            &["nested too deeply"],
        ),
    ]
}

#[test]
fn syntax_errors_name_file_line_column_and_what() {
    let mut failures = Vec::new();
    for c in syntax_cases() {
        match from_str(&c.src, "plant.ron") {
            Err(LoadError::Syntax {
                path,
                line,
                column,
                message,
            }) => {
                let text = format!("{path}:{line}:{column}: {message}");
                let missing: Vec<&&str> =
                    c.words.iter().filter(|w| !message.contains(**w)).collect();
                if (line, column) != (c.line, c.column)
                    || !missing.is_empty()
                    || path != "plant.ron"
                {
                    failures.push(format!(
                        "{}: expected {}:{} with {:?}\n   got {text}",
                        c.name, c.line, c.column, c.words
                    ));
                }
                for internal in [
                    "FileV1", "Header", "struct `", "enum `", "ZoneKind", "Instead",
                ] {
                    if message.contains(internal) {
                        failures.push(format!("{}: leaks `{internal}`: {text}", c.name));
                    }
                }
            }
            other => failures.push(format!("{}: not a syntax error: {other:?}", c.name)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A file that parses but is not a valid model: every problem with its line and words.
struct InvalidCase {
    name: &'static str,
    src: String,
    problems: &'static [(usize, &'static [&'static str])],
}

fn invalid_cases() -> Vec<InvalidCase> {
    let case = |name, src: String, problems| InvalidCase {
        name,
        src,
        problems,
    };
    const NOT_FINITE: &[&str] = &["zone `Z-CTL`", "rectangle", "not a finite number"];
    vec![
        case(
            "coordinate 1e400 (beyond f64)",
            edit(
                "rect: (10.0, 10.0, 100.0, 80.0)",
                "rect: (10.0, 10.0, 1e400, 80.0)",
            ),
            &[(12, NOT_FINITE)],
        ),
        case(
            "coordinate 1e39 (beyond f32)",
            edit(
                "rect: (10.0, 10.0, 100.0, 80.0)",
                "rect: (10.0, 1e39, 100.0, 80.0)",
            ),
            &[(12, NOT_FINITE)],
        ),
        case(
            "coordinate -1e39",
            edit(
                "rect: (10.0, 10.0, 100.0, 80.0)",
                "rect: (-1e39, 10.0, 100.0, 80.0)",
            ),
            &[(12, NOT_FINITE)],
        ),
        case(
            "NaN literal",
            edit(
                "rect: (10.0, 10.0, 100.0, 80.0)",
                "rect: (NaN, 10.0, 100.0, 80.0)",
            ),
            &[(12, NOT_FINITE)],
        ),
        case(
            "inf literal in a position",
            edit("pos: (20.0, 30.0)", "pos: (20.0, inf)"),
            &[(21, &["asset `A-PLC`", "position", "not a finite number"])],
        ),
        case(
            "huge route point",
            edit(
                "route: [(50.0, 50.0)]",
                "route: [(50.0, 50.0), (3.5e38, 9e99)]",
            ),
            &[(33, &["conduit `C-1`", "route point", "not a finite number"])],
        ),
        case(
            "negative size",
            edit(
                "rect: (10.0, 10.0, 100.0, 80.0)",
                "rect: (10.0, 10.0, -100.0, 80.0)",
            ),
            &[(12, &["zone `Z-CTL`", "negative width or height"])],
        ),
        case(
            "dangling zone parent",
            edit("parent: Some(\"Z-ENT\")", "parent: Some(\"Z-GONE\")"),
            &[(
                10,
                &["zone `Z-CTL` has parent `Z-GONE`, which does not exist"],
            )],
        ),
        case(
            "zone is its own parent",
            edit("parent: Some(\"Z-ENT\")", "parent: Some(\"Z-CTL\")"),
            &[(10, &["zone `Z-CTL` is its own parent"])],
        ),
        case(
            "parent cycle",
            edit(
                "kind: Enterprise,",
                "kind: Enterprise, parent: Some(\"Z-CTL\"),",
            ),
            &[(10, &["cycle", "Z-CTL → Z-ENT → Z-CTL"])],
        ),
        case(
            "asset placed in a missing zone",
            edit("placement: Zone(\"Z-CTL\")", "placement: Zone(\"Z-GONE\")"),
            &[(
                20,
                &["asset `A-PLC` is placed in zone `Z-GONE`", "does not exist"],
            )],
        ),
        case(
            "asset placed in a missing conduit",
            edit("placement: Conduit(\"C-1\")", "placement: Conduit(\"C-9\")"),
            &[(
                23,
                &["asset `A-FW` is placed in conduit `C-9`", "does not exist"],
            )],
        ),
        case(
            "asset placed in a zone that is a conduit",
            edit("placement: Zone(\"Z-CTL\")", "placement: Zone(\"C-1\")"),
            &[(
                20,
                &["asset `A-PLC` is placed in zone `C-1`, which is a conduit, not a zone"],
            )],
        ),
        case(
            "zone parent is an asset",
            edit("parent: Some(\"Z-ENT\")", "parent: Some(\"A-FW\")"),
            &[(
                10,
                &["zone `Z-CTL` has parent `A-FW`, which is an asset, not a zone"],
            )],
        ),
        case(
            "conduit joins a missing zone",
            edit(
                "zones: [\"Z-ENT\", \"Z-CTL\"]",
                "zones: [\"Z-ENT\", \"Z-GONE\"]",
            ),
            &[(29, &["conduit `C-1` joins zone `Z-GONE`", "does not exist"])],
        ),
        case(
            "channel source and destination missing",
            edit(
                "source: Some(\"A-FW\"), destination: Some(\"A-PLC\")",
                "source: Some(\"A-X\"),\n destination: Some(\"A-Y\")",
            ),
            &[
                (
                    31,
                    &["conduit `C-1`", "source is asset `A-X`", "does not exist"],
                ),
                (
                    32,
                    &[
                        "conduit `C-1`",
                        "destination is asset `A-Y`",
                        "does not exist",
                    ],
                ),
            ],
        ),
        case(
            "unknown protocol",
            edit("protocol: \"modbus_tcp\"", "protocol: \"carrier_pigeon\""),
            &[(
                31,
                &[
                    "protocol `carrier_pigeon`",
                    "not in the protocol catalog",
                    "conduit `C-1`",
                ],
            )],
        ),
        case(
            "misspelt protocol and asset kind",
            edit("protocol: \"modbus_tcp\"", "protocol: \"modbus-tcp\"")
                .replace("kind: \"plc\"", "kind: \"PLC\""),
            &[
                (19, &["kind `PLC`", "(did you mean `plc`?)"]),
                (
                    31,
                    &["protocol `modbus-tcp`", "(did you mean `modbus_tcp`?)"],
                ),
            ],
        ),
        case(
            "unknown asset kind",
            edit("kind: \"plc\"", "kind: \"toaster\""),
            &[(
                19,
                &["asset `A-PLC` has kind `toaster`", "asset-kind catalog"],
            )],
        ),
        case(
            "countermeasure with dangling zone, conduit and requirement",
            edit(
                "covers: [\"SR 1.13\"],\n            zones: [\"Z-CTL\"],\n            conduits: [\"C-1\"],",
                "covers: [\"SR 1.13\", \"SR 99.1\"],\n            zones: [\"Z-CTL\", \"Z-9\"],\n            conduits: [\"C-9\"],",
            ),
            &[
                (
                    41,
                    &[
                        "countermeasure `CM-1` covers `SR 99.1`",
                        "not an IEC 62443-3-3 or 4-2 requirement id",
                    ],
                ),
                (
                    42,
                    &[
                        "countermeasure `CM-1` applies to zone `Z-9`",
                        "does not exist",
                    ],
                ),
                (
                    43,
                    &[
                        "countermeasure `CM-1` applies to conduit `C-9`",
                        "does not exist",
                    ],
                ),
            ],
        ),
        case(
            "duplicate id, same kind",
            edit("(id: \"A-FW\"", "(id: \"A-PLC\""),
            // Renaming A-FW also leaves the channel that named it dangling.
            &[
                (
                    23,
                    &["duplicate id `A-PLC`", "same id as the asset on line 17"],
                ),
                (31, &["source is asset `A-FW`", "does not exist"]),
            ],
        ),
        case(
            "duplicate id across kinds",
            edit("id: \"CM-1\"", "id: \"Z-CTL\""),
            &[(
                38,
                &[
                    "duplicate id `Z-CTL`",
                    "countermeasure",
                    "zone on line 7",
                    "unique across",
                ],
            )],
        ),
        case(
            "empty id",
            edit("id: \"CM-1\"", "id: \"\""),
            &[(38, &["countermeasure number 1 has an empty id"])],
        ),
        case(
            "duplicate acceptance",
            edit(
                "(finding: \"empty-zone@Z-ENT\", justification: \"Drawn for context\"),",
                "(finding: \"empty-zone@Z-ENT\", justification: \"Drawn for context\"),\n        (finding: \"empty-zone@Z-ENT\", justification: \"Again\"),",
            ),
            &[(
                48,
                &[
                    "finding `empty-zone@Z-ENT` is accepted twice",
                    "first on line 47",
                ],
            )],
        ),
        case(
            "format 2: an SL-C without its source",
            edit(
                "kind: \"plc\",",
                "kind: \"plc\",\n            sl_c: (1, 1, 1, 1, 1, 1, 1),",
            )
            .replace("format_version: 1", "format_version: 2"),
            &[(
                20,
                &[
                    "asset `A-PLC` has an SL-C but no `sl_c_source`",
                    "Estimated(",
                ],
            )],
        ),
        case(
            "compensating countermeasure without a justification",
            edit("kind: Technical,", "kind: Compensating,"),
            &[(
                40,
                &[
                    "countermeasure `CM-1` is compensating",
                    "no `justification`",
                ],
            )],
        ),
        case(
            "countermeasure due date that is not a date",
            edit(
                "kind: Technical,",
                "kind: Technical,\n            due: \"31.12.2026\",",
            ),
            &[(
                41,
                &[
                    "countermeasure `CM-1` is due `31.12.2026`",
                    "not a date as YYYY-MM-DD",
                ],
            )],
        ),
        case(
            "not applicable: unknown id and no justification",
            edit(
                "rect: (10.0, 10.0, 100.0, 80.0),",
                "rect: (10.0, 10.0, 100.0, 80.0),\n            not_applicable: [(item: \"SR 9.9\", justification: \" \")],",
            ),
            &[
                (
                    13,
                    &[
                        "zone `Z-CTL` sets `SR 9.9` not applicable",
                        "not an IEC 62443-3-3 id",
                    ],
                ),
                (13, &["without a justification"]),
            ],
        ),
        case(
            "countermeasure names a channel the conduit does not have",
            edit(
                "conduits: [\"C-1\"],",
                "conduits: [\"C-1\"],\n            channels: [(conduit: \"C-1\", channel: \"poll\")],",
            ),
            &[(
                44,
                &[
                    "countermeasure `CM-1` applies to channel `poll` of conduit `C-1`",
                    "no channel of that name",
                ],
            )],
        ),
        case(
            "threat scenarios off the matrix, entering through nothing, twice the same id",
            edit(
                "sl_t: Some((2, 2, 1, 1, 2, 1, 2)),",
                "sl_t: Some((2, 2, 1, 1, 2, 1, 2)),\n            risk: (scenarios: [\n                (id: \"TS-1\", title: \"a\", source: Hacktivist, likelihood: 6, entry: Some(\"C-9\")),\n                (id: \"TS-1\", title: \"b\", source: Hacktivist, likelihood: 2, consequences: (safety: Some(0))),\n            ], tailoring: [(fr: Dc, level: 1), (fr: Dc, level: 2)]),",
            ),
            &[
                (
                    13,
                    &[
                        "zone `Z-CTL`, scenario `TS-1`: likelihood 6 lies off the likelihood scale (1 to 5)",
                    ],
                ),
                (
                    13,
                    &["scenario `TS-1`: it enters through `C-9`, which does not exist"],
                ),
                (
                    14,
                    &["zone `Z-CTL` has two threat scenarios with id `TS-1`"],
                ),
                (
                    14,
                    &[
                        "scenario `TS-1`: safety consequence 0 lies off the consequence scale (1 to 5)",
                    ],
                ),
                (15, &["zone `Z-CTL` tailors DC twice"]),
            ],
        ),
        case(
            "a risk matrix of two levels with the line off it",
            edit(
                "project: (name: \"Plant\"),",
                "project: (\n        name: \"Plant\",\n        risk_matrix: (likelihood: [\"a\", \"b\"], consequence: [\"x\", \"y\", \"z\"], tolerable: 9, gap_sl: (1, 2, 3, 4), consequence_sl: [1, 2], threat_sl: (1, 2, 2, 2, 3, 4)),\n    ),",
            ),
            &[
                (5, &["likelihood scale has 2 levels; it needs 3 to 5"]),
                (
                    5,
                    &["`consequence_sl` has 2 entries but the consequence scale has 3"],
                ),
                (
                    5,
                    &["tolerable risk 9 lies off the matrix; risks run from 2 to 5"],
                ),
            ],
        ),
        case(
            "service provided to a missing zone",
            edit(
                "kind: \"plc\",",
                "kind: \"plc\",\n            provides: [(service: Log, zones: [\"Z-GONE\"])],",
            ),
            &[(
                20,
                &["asset `A-PLC` provides log to zone `Z-GONE`, which does not exist"],
            )],
        ),
        case(
            // The referenced text also appears earlier in the file and in another element:
            // the line must be the one inside the offending element.
            "line inside the right element",
            edit("name: \"Jump host\"", "name: \"Z-GONE\"")
                .replace(
                    "covers: [\"SR 1.13\"],\n            zones: [\"Z-CTL\"]",
                    "covers: [\"SR 1.13\"],\n            zones: [\"Z-GONE\"]",
                )
                .replace("name: \"PLC 1\"", "name: \"Z-GONE\""),
            &[(42, &["countermeasure `CM-1` applies to zone `Z-GONE`"])],
        ),
    ]
}

#[test]
fn invalid_models_list_every_problem_with_its_line() {
    let mut failures = Vec::new();
    for c in invalid_cases() {
        match from_str(&c.src, "plant.ron") {
            Err(e @ LoadError::Invalid { .. }) => {
                let text = e.to_string();
                let LoadError::Invalid { path, problems } = e else {
                    unreachable!()
                };
                assert_eq!(path, "plant.ron");
                let got: Vec<(Option<usize>, &str)> = problems
                    .iter()
                    .map(|p| (p.line, p.message.as_str()))
                    .collect();
                let ok = got.len() == c.problems.len()
                    && got
                        .iter()
                        .zip(c.problems)
                        .all(|((line, msg), (want, words))| {
                            *line == Some(*want) && words.iter().all(|w| msg.contains(w))
                        });
                if !ok {
                    failures.push(format!(
                        "{}: expected {:?}\n   got {text}",
                        c.name, c.problems
                    ));
                }
                for p in &problems {
                    let shown = format!("plant.ron:{}: {}", p.line.unwrap_or(0), p.message);
                    if !text.contains(&shown) {
                        failures.push(format!("{}: `{shown}` not in `{text}`", c.name));
                    }
                }
            }
            other => failures.push(format!("{}: not an invalid-model error: {other:?}", c.name)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn all_problems_are_listed_at_once_in_line_order() {
    let src = edit("parent: Some(\"Z-ENT\")", "parent: Some(\"Z-GONE\")")
        .replace("kind: \"plc\"", "kind: \"toaster\"")
        .replace("(id: \"A-FW\"", "(id: \"A-PLC\"")
        .replace("covers: [\"SR 1.13\"]", "covers: [\"SR 0.0\"]");
    let e = from_str(&src, "plant.ron").unwrap_err();
    let text = e.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "plant.ron: 5 problems", "{text}");
    assert!(
        lines[1].starts_with("plant.ron:10: zone `Z-CTL` has parent `Z-GONE`"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("plant.ron:19: asset `A-PLC` has kind `toaster`"),
        "{text}"
    );
    assert!(
        lines[3].starts_with("plant.ron:23: duplicate id `A-PLC`"),
        "{text}"
    );
    assert!(
        lines[4]
            .starts_with("plant.ron:31: conduit `C-1` has a channel whose source is asset `A-FW`"),
        "{text}"
    );
    assert!(
        lines[5].starts_with("plant.ron:41: countermeasure `CM-1` covers `SR 0.0`"),
        "{text}"
    );
    assert_eq!(e.position(), Some((10, 1)));
}

#[test]
fn versions_empty_files_and_missing_version() {
    let e = from_str(&edit("format_version: 1", "format_version: 3"), "plant.ron").unwrap_err();
    assert!(
        matches!(e, LoadError::NewerVersion { found: 3, .. }),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "plant.ron: written by a newer zoneplan (format_version 3); this one reads format_version 2 and older"
    );
    // A newer file is refused before its (possibly new) fields are looked at.
    let newer = "(format_version: 7, hyperlinks: [(from: \"a\", to: \"b\")])";
    assert!(matches!(
        from_str(newer, "plant.ron"),
        Err(LoadError::NewerVersion { found: 7, .. })
    ));
    // format_version need not come first in a hand-written file.
    assert!(from_str("(zones: [], format_version: 1)", "plant.ron").is_ok());

    for blank in ["", " ", "\n\n\t  \r\n"] {
        let e = from_str(blank, "plant.ron").unwrap_err();
        assert!(matches!(e, LoadError::Empty { .. }), "{e:?}");
        assert!(
            e.to_string().starts_with("plant.ron: the file is empty"),
            "{e}"
        );
    }

    let e = from_str(&edit("    format_version: 1,\n", ""), "plant.ron").unwrap_err();
    let text = e.to_string();
    assert!(matches!(e, LoadError::Invalid { .. }), "{e:?}");
    assert!(
        text.starts_with("plant.ron:1: missing `format_version`")
            && text.contains("(format_version: 2, ..."),
        "{text}"
    );
}

#[test]
fn invalid_utf8_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.ron");
    let mut bytes = BASE.as_bytes().to_vec();
    // "PLC 1" becomes "PLC \xe9" (é in Latin-1) on line 18.
    let at = BASE.find("PLC 1").unwrap() + 4;
    bytes[at] = 0xe9;
    std::fs::write(&path, &bytes).unwrap();
    let e = load(&path).unwrap_err();
    let text = e.to_string();
    match e {
        LoadError::Syntax {
            line,
            column,
            message,
            path: shown,
        } => {
            assert_eq!((line, column), (18, 24), "{text}");
            assert!(message.contains("not UTF-8"), "{text}");
            assert!(shown.ends_with("latin1.ron"), "{text}");
        }
        other => panic!("{other:?}"),
    }
    // Pure binary garbage.
    std::fs::write(&path, [0xff, 0xfe, 0x00, 0x01, 0x80]).unwrap();
    let e = load(&path).unwrap_err();
    assert_eq!(e.position(), Some((1, 1)), "{e}");
}

#[test]
fn a_missing_file_names_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere.ron");
    let e = load(&path).unwrap_err();
    assert!(matches!(e, LoadError::Io { .. }), "{e:?}");
    assert!(e.to_string().contains("nowhere.ron: cannot read"), "{e}");
}

#[test]
fn loading_never_panics_on_cut_or_damaged_files() {
    let full = to_string(&complete_model()).unwrap();
    let mut errors = 0;
    for (cut, _) in full.char_indices().step_by(7) {
        if from_str(&full[..cut], "cut.ron").is_err() {
            errors += 1;
        }
    }
    assert!(errors > 100);
    // Every printable ASCII character dropped in at a few places.
    for pos in [1, 40, 300, full.len() / 2, full.len() - 3] {
        let pos = (pos..full.len())
            .find(|p| full.is_char_boundary(*p))
            .unwrap();
        for c in (b' '..=b'~').map(char::from) {
            let mut s = full.clone();
            s.insert(pos, c);
            let _result = from_str(&s, "damaged.ron");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Requirement-texts files

#[test]
fn texts_files_load_as_ron_or_csv() {
    let dir = tempfile::tempdir().unwrap();
    let ron_path = dir.path().join("texts.ron");
    std::fs::write(
        &ron_path,
        "{\n    \"SR 1.1\": \"My own words\",\n    \"CR 2.1 RE(1)\": \"Mine too\",\n}\n",
    )
    .unwrap();
    let t = load_texts(&ron_path).unwrap();
    assert_eq!(t.len(), 2);
    assert_eq!(t.get("SR 1.1"), Some("My own words"));
    assert_eq!(t.get("CR 2.1 RE(1)"), Some("Mine too"));

    let csv_path = dir.path().join("texts.csv");
    std::fs::write(&csv_path, "id,text\nSR 3.1,\"Integrity, in my words\"\n").unwrap();
    let t = load_texts(&csv_path).unwrap();
    assert_eq!(t.get("SR 3.1"), Some("Integrity, in my words"));
    assert_eq!(t.get("SR 1.1"), None);
}

#[test]
fn texts_file_errors_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("texts.csv");

    std::fs::write(&path, "SR 1.1,a\nSR 99.1,b\n").unwrap();
    let e = load_texts(&path).unwrap_err();
    let text = e.to_string();
    assert!(matches!(e, LoadError::Invalid { .. }), "{e:?}");
    assert_eq!(e.position(), Some((2, 1)));
    assert!(
        text.contains("texts.csv:2: `SR 99.1` is not a requirement id"),
        "{text}"
    );

    std::fs::write(&path, "SR 1.1,a,extra\n").unwrap();
    let e = load_texts(&path).unwrap_err();
    assert!(matches!(e, LoadError::Syntax { line: 1, .. }), "{e:?}");
    assert!(e.to_string().contains("texts.csv:1:1:"), "{e}");

    std::fs::write(&path, "{\n \"SR 1.1\": 3 }").unwrap();
    let e = load_texts(&path).unwrap_err();
    assert!(matches!(e, LoadError::Syntax { line: 2, .. }), "{e:?}");
    assert!(e.to_string().contains("texts.csv:2:"), "{e}");

    std::fs::write(&path, b"SR 1.1,caf\xe9\n").unwrap();
    let e = load_texts(&path).unwrap_err();
    assert_eq!(e.position(), Some((1, 11)), "{e}");
    assert!(e.to_string().contains("not UTF-8"), "{e}");

    let missing = dir.path().join("missing.csv");
    let e = load_texts(&missing).unwrap_err();
    assert!(matches!(e, LoadError::Io { .. }), "{e:?}");
    assert!(e.to_string().contains("missing.csv: cannot read"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Random models

/// Any unicode text, with the characters that need escaping made common.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9 \"\\\\\n\t\r/*#'{}()\\[\\]:,äöü🏭\u{0}\u{2028}]{0,16}",
    ]
}

fn coordinate() -> impl Strategy<Value = f32> {
    prop_oneof![
        any::<f32>().prop_filter("finite", |v| v.is_finite()),
        (-2000i16..2000).prop_map(|v| f32::from(v) / 4.0),
    ]
}

fn level() -> impl Strategy<Value = SlVector> {
    prop::array::uniform7(0u8..=4).prop_map(sl)
}

/// Random choices for one element; indices are taken modulo the number of elements they
/// refer to, so that every reference points at an earlier zone or an existing element.
#[derive(Debug, Clone)]
struct Seeds {
    strings: Vec<String>,
    numbers: Vec<usize>,
    coords: Vec<f32>,
    levels: Vec<SlVector>,
    flags: Vec<bool>,
}

fn seeds() -> impl Strategy<Value = Seeds> {
    (
        prop::collection::vec(text(), 8),
        prop::collection::vec(any::<usize>(), 12),
        prop::collection::vec(coordinate(), 8),
        prop::collection::vec(level(), 2),
        prop::collection::vec(any::<bool>(), 8),
    )
        .prop_map(|(strings, numbers, coords, levels, flags)| Seeds {
            strings,
            numbers,
            coords,
            levels,
            flags,
        })
}

fn pick<T: Clone>(items: &[T], n: usize) -> T {
    items[n % items.len()].clone()
}

fn random_model(
    project: Vec<String>,
    zones: Vec<Seeds>,
    assets: Vec<Seeds>,
    conduits: Vec<Seeds>,
    cms: Vec<Seeds>,
    accepted: Vec<Seeds>,
) -> Model {
    let cat = catalog();
    let mut m = Model::default();
    let p = &mut m.project;
    for (field, value) in [
        &mut p.name,
        &mut p.site,
        &mut p.asset_owner,
        &mut p.author,
        &mut p.revision,
        &mut p.description,
        &mut p.date,
        &mut p.classification,
    ]
    .into_iter()
    .zip(project)
    {
        *field = value;
    }

    // Ids: unique by their numeric prefix, otherwise any text.
    let zone_ids: Vec<ZoneId> = zones
        .iter()
        .enumerate()
        .map(|(i, s)| ZoneId::new(format!("Z{i}{}", s.strings[0])))
        .collect();
    let asset_ids: Vec<String> = assets
        .iter()
        .enumerate()
        .map(|(i, s)| format!("A{i}{}", s.strings[0]))
        .collect();
    let conduit_ids: Vec<ConduitId> = conduits
        .iter()
        .enumerate()
        .map(|(i, s)| ConduitId::new(format!("C{i}{}", s.strings[0])))
        .collect();

    for (i, s) in zones.iter().enumerate() {
        let n = &s.numbers;
        let kind = pick(&ZoneKind::ALL, n[0]);
        let c = &s.coords;
        let mut z = Zone::new(
            zone_ids[i].clone(),
            s.strings[1].clone(),
            kind,
            Rect::new(c[0], c[1], c[2].abs(), c[3].abs()),
        );
        z.description = s.strings[2].clone();
        z.parent = (i > 0 && s.flags[0]).then(|| zone_ids[n[1] % i].clone());
        z.purdue_level = s.flags[1].then(|| pick(&PurdueLevel::ALL, n[2]));
        z.safety_designated = s.flags[2];
        z.organisation = s.strings[3].clone();
        z.sl_t = s.flags[3].then_some(s.levels[0]);
        z.sl_t_rationale = s.strings[4].clone();
        m.insert_zone(z);
    }
    let kinds: Vec<&str> = cat.asset_kinds.iter().map(|k| k.key.as_str()).collect();
    for (i, s) in assets.iter().enumerate() {
        let n = &s.numbers;
        let mut a = Asset::new(
            asset_ids[i].as_str(),
            s.strings[1].clone(),
            pick(&kinds, n[0]),
            Point::new(s.coords[0], s.coords[1]),
        );
        a.classes = ComponentClass::ALL
            .into_iter()
            .zip(&s.flags)
            .filter(|(_, on)| **on)
            .map(|(c, _)| c)
            .collect();
        a.sl_c = s.levels[0];
        if a.sl_c != zoneplan::model::SlVector::ZERO {
            a.sl_c_source = zoneplan::model::SlcSource::Estimated {
                by: s.strings[0].clone(),
                note: String::new(),
            };
        }
        a.vendor = s.strings[2].clone();
        a.model = s.strings[3].clone();
        a.firmware = s.strings[4].clone();
        a.network = s.strings[5].clone();
        a.criticality = pick(&Criticality::ALL, n[1]);
        a.flags = AssetFlags {
            safety_related: s.flags[4],
            wireless: s.flags[5],
            temporary: s.flags[6],
            external: s.flags[7],
            business: s.flags[0] && s.flags[1],
        };
        a.placement = match n[2] % 3 {
            1 if !zone_ids.is_empty() => Placement::Zone(pick(&zone_ids, n[3])),
            2 if !conduit_ids.is_empty() => Placement::Conduit(pick(&conduit_ids, n[3])),
            _ => Placement::Unplaced,
        };
        m.insert_asset(a);
    }
    let protocols: Vec<&str> = cat.protocols.iter().map(|p| p.key.as_str()).collect();
    let directions = [Direction::Both, Direction::Forward, Direction::Reverse];
    for (i, s) in conduits.iter().enumerate() {
        let n = &s.numbers;
        let joined = if zone_ids.is_empty() {
            Vec::new()
        } else {
            (0..2 + n[0] % 3)
                .map(|k| pick(&zone_ids, n[1] + k))
                .collect()
        };
        let mut c = Conduit::new(conduit_ids[i].clone(), s.strings[1].clone(), joined);
        c.description = s.strings[2].clone();
        for k in 0..n[2] % 4 {
            let mut ch = Channel::new(pick(&protocols, n[3] + k), s.strings[3 + k].clone());
            ch.port = s.flags[k].then(|| u16::try_from(n[4 + k] % 65_536).unwrap());
            ch.direction = pick(&directions, n[5 + k]);
            if !asset_ids.is_empty() {
                ch.source = s.flags[k + 1].then(|| pick(&asset_ids, n[6 + k]).as_str().into());
                ch.destination = s.flags[k + 2].then(|| pick(&asset_ids, n[7 + k]).as_str().into());
            }
            c.channels.push(ch);
        }
        c.sl_t = s.flags[5].then_some(s.levels[1]);
        c.sl_t_rationale = s.strings[7].clone();
        c.direction = pick(&directions[..2], n[10]);
        c.route = s
            .coords
            .chunks(2)
            .take(n[11] % 5)
            .map(|xy| Point::new(xy[0], xy[1]))
            .collect();
        m.insert_conduit(c);
    }
    let requirement_ids: Vec<&str> = cat
        .system
        .iter()
        .map(|r| r.id.as_str())
        .chain(cat.component.iter().map(|r| r.id.as_str()))
        .collect();
    for (i, s) in cms.iter().enumerate() {
        let n = &s.numbers;
        m.insert_countermeasure(Countermeasure {
            id: format!("CM{i}{}", s.strings[0]).as_str().into(),
            name: s.strings[1].clone(),
            kind: pick(&CountermeasureKind::ALL, n[0]),
            status: if s.flags[0] {
                CountermeasureStatus::Implemented
            } else {
                CountermeasureStatus::Planned
            },
            covers: (0..n[1] % 5)
                .map(|k| pick(&requirement_ids, n[2] + 31 * k).to_owned())
                .collect(),
            zones: if zone_ids.is_empty() {
                Vec::new()
            } else {
                (0..n[3] % 3).map(|k| pick(&zone_ids, n[4] + k)).collect()
            },
            conduits: if conduit_ids.is_empty() {
                Vec::new()
            } else {
                (0..n[5] % 3)
                    .map(|k| pick(&conduit_ids, n[6] + k))
                    .collect()
            },
            assets: vec![],
            channels: vec![],
            // A compensating measure must say why (a load error otherwise).
            justification: if s.strings[2].trim().is_empty() {
                "because".to_owned()
            } else {
                s.strings[2].clone()
            },
            owner: s.strings[1].clone(),
            priority: s.flags[0].then_some(Priority::Low),
            due: String::new(),
        });
    }
    for (i, s) in accepted.iter().enumerate() {
        let finding = format!("rule-{i}@{}", s.strings[0]);
        m.accepted.insert(
            finding.clone(),
            Acceptance {
                finding,
                justification: s.strings[1].clone(),
                by: s.strings[2].clone(),
                date: s.strings[3].clone(),
            },
        );
    }
    m
}

fn models() -> impl Strategy<Value = Model> {
    (
        prop::collection::vec(text(), 8),
        prop::collection::vec(seeds(), 0..6),
        prop::collection::vec(seeds(), 0..6),
        prop::collection::vec(seeds(), 0..4),
        prop::collection::vec(seeds(), 0..4),
        prop::collection::vec(seeds(), 0..4),
    )
        .prop_map(|(p, z, a, c, cm, acc)| random_model(p, z, a, c, cm, acc))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_models_survive_a_round_trip(m in models()) {
        let text = to_string(&m).unwrap();
        let back = from_str(&text, "random.ron");
        prop_assert!(back.is_ok(), "{}\n{}", back.unwrap_err(), text);
        let back = back.unwrap();
        prop_assert_eq!(&back, &m);
        prop_assert_eq!(to_string(&back).unwrap(), text);
    }

    #[test]
    fn arbitrary_text_never_panics(src in any::<String>()) {
        let _result = from_str(&src, "any.ron");
    }

    #[test]
    fn random_edits_of_a_valid_file_never_panic(
        at in 0usize..10_000,
        cut in 0usize..40,
        insert in "[ -~\n]{0,6}",
    ) {
        let full = to_string(&complete_model()).unwrap();
        let mut start = at % full.len();
        while !full.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + cut).min(full.len());
        while !full.is_char_boundary(end) {
            end -= 1;
        }
        let edited = format!("{}{insert}{}", &full[..start], &full[end..]);
        let _result = from_str(&edited, "edited.ron");
        let half = (0..=edited.len() / 2).rev().find(|i| edited.is_char_boundary(*i)).unwrap();
        let _first_half = from_str(&edited[..half], "half.ron");
    }
}

/// Owner, priority and due date of a countermeasure are saved and loaded back; without them
/// nothing is written (files of earlier versions save byte for byte).
#[test]
fn countermeasure_remediation_fields_round_trip() {
    let mut m = Model::default();
    m.insert_zone(Zone::new(
        "Z",
        "Zone",
        ZoneKind::Control,
        Rect::new(0.0, 0.0, 10.0, 10.0),
    ));
    let mut cm = Countermeasure::new("CM-1", "Firewall rules", CountermeasureKind::Technical);
    cm.zones = vec!["Z".into()];
    m.insert_countermeasure(cm.clone());
    let plain = zoneplan::persistence::to_string(&m).unwrap();
    assert!(
        !plain.contains(" owner:") && !plain.contains(" priority:") && !plain.contains(" due:")
    );
    cm.owner = "OT security team".into();
    cm.priority = Some(Priority::High);
    cm.due = "2027-03-31".into();
    m.insert_countermeasure(cm);
    let text = zoneplan::persistence::to_string(&m).unwrap();
    for s in [
        "owner: \"OT security team\"",
        "priority: Some(High)",
        "due: \"2027-03-31\"",
    ] {
        assert!(text.contains(s), "{s} not in\n{text}");
    }
    let back = zoneplan::persistence::from_str(&text, "cm.ron").unwrap();
    assert_eq!(back, m);
    assert_eq!(zoneplan::persistence::to_string(&back).unwrap(), text);
}
