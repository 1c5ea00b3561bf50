//! Editor flows, headless, through the real UI (egui_kittest): clicks on widgets found by their
//! accessible labels, drags on the canvas found by its accessible name, assertions on the
//! model. File dialogs are answered by `ScriptedDialogs`.

use std::path::PathBuf;
use std::sync::Arc;

use egui::{Key, Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use zoneplan::catalog::catalog;
use zoneplan::model::{
    Asset, Conduit, ElementId, Model, Placement, Point, Priority, Rect, SlVector, Zone, ZoneKind,
};
use zoneplan::persistence;
use zoneplan::ui::{DialogAnswer, Editor, FileDialogs, ScriptedDialogs};

fn harness(model: Model, dialogs: Arc<ScriptedDialogs>) -> Harness<'static, Editor> {
    let dialogs: Box<dyn FileDialogs> = Box::new(dialogs);
    editor_harness(
        Harness::builder().with_size(vec2(1500.0, 950.0)),
        Editor::with_model(model, dialogs),
    )
}

/// `editor` in a harness made by `builder` (its size, step, checks), after a first run.
/// Rebuilds stay on the frame however long the last one took on a busy test machine (the
/// tests of the worker path ask for it), so a flow never waits on a worker by chance.
fn editor_harness(
    builder: egui_kittest::HarnessBuilder<Editor>,
    mut editor: Editor,
) -> Harness<'static, Editor> {
    editor.set_sync_rebuild_budget(std::time::Duration::MAX);
    let mut h = builder.build_ui_state(|ui, ed: &mut Editor| ed.ui(ui), editor);
    h.run();
    h
}

/// A fixed view (world origin near the canvas corner, zoom 1) so tests can aim at world points.
fn fixed_view(h: &mut Harness<'_, Editor>) {
    h.state_mut().view.zoom = 1.0;
    h.state_mut().view.pan = vec2(-40.0, -40.0);
    h.run();
}

fn screen(h: &Harness<'_, Editor>, x: f32, y: f32) -> Pos2 {
    h.state().view.to_screen(Point::new(x, y))
}

fn drag(h: &mut Harness<'_, Editor>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    h.hover_at(from + (to - from) * 0.5);
    h.run();
    h.hover_at(to);
    h.run();
    h.drop_at(to);
    h.run();
}

fn click_canvas(h: &mut Harness<'_, Editor>, at: Pos2) {
    h.hover_at(at);
    h.run();
    h.drag_at(at);
    h.run();
    h.drop_at(at);
    h.run();
}

fn shift_click(h: &mut Harness<'_, Editor>, at: Pos2) {
    h.hover_at(at);
    h.run();
    h.event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::SHIFT,
        });
        h.run();
    }
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run();
}

fn palette_label(key: &str) -> String {
    let k = catalog().asset_kind(key).expect("a catalog kind");
    format!("{}  {}", k.glyph, k.name)
}

/// Two zones with assets and a conduit between them.
fn two_zones() -> Model {
    let mut m = Model::default();
    m.project.name = "Flow test".into();
    m.insert_zone(Zone::new(
        "Z-A",
        "Control A",
        ZoneKind::Control,
        Rect::new(0.0, 0.0, 400.0, 300.0),
    ));
    m.insert_zone(Zone::new(
        "Z-B",
        "Operations B",
        ZoneKind::Operations,
        Rect::new(600.0, 0.0, 400.0, 300.0),
    ));
    let mut sub = Zone::new(
        "Z-S",
        "Safety S",
        ZoneKind::Safety,
        Rect::new(20.0, 160.0, 180.0, 120.0),
    );
    sub.parent = Some("Z-A".into());
    m.insert_zone(sub);
    for (id, kind, zone, x, y) in [
        ("A-1", "plc", "Z-A", 280.0, 100.0),
        ("A-2", "safety_controller", "Z-S", 110.0, 230.0),
        ("A-3", "scada_server", "Z-B", 800.0, 150.0),
    ] {
        let mut a = Asset::new(id, id, kind, Point::new(x, y));
        a.placement = Placement::Zone(zone.into());
        m.insert_asset(a);
    }
    m.insert_conduit(Conduit::new(
        "C-1",
        "A to B",
        vec!["Z-A".into(), "Z-B".into()],
    ));
    m
}

#[test]
fn create_zones_an_asset_and_a_conduit() {
    let mut h = harness(Model::default(), Arc::default());
    fixed_view(&mut h);
    h.get_by_label("Zone tool").click();
    h.run();
    let (a, b) = (screen(&h, 0.0, 0.0), screen(&h, 400.0, 300.0));
    drag(&mut h, a, b);
    h.get_by_label("Zone tool").click();
    h.run();
    let (a, b) = (screen(&h, 600.0, 0.0), screen(&h, 900.0, 300.0));
    drag(&mut h, a, b);
    assert_eq!(h.state().model().zones.len(), 2);
    let z1 = h.state().model().zones.values().next().unwrap().clone();
    assert_eq!(z1.rect, Rect::new(0.0, 0.0, 400.0, 300.0));

    h.get_by_label(&palette_label("plc")).click();
    h.run();
    let p = screen(&h, 200.0, 160.0);
    click_canvas(&mut h, p);
    let m = h.state().model();
    assert_eq!(m.assets.len(), 1);
    let plc = m.assets.values().next().unwrap();
    assert_eq!(plc.kind, "plc");
    assert_eq!(plc.placement, Placement::Zone(z1.id.clone()));
    assert!(!plc.classes.is_empty(), "defaults from the catalog kind");

    h.get_by_label("Conduit tool").click();
    h.run();
    let (a, b) = (screen(&h, 60.0, 260.0), screen(&h, 750.0, 150.0));
    drag(&mut h, a, b);
    let m = h.state().model();
    assert_eq!(m.conduits.len(), 1);
    let c = m.conduits.values().next().unwrap();
    assert_eq!(c.zones.len(), 2);
    assert!(c.zones.contains(&z1.id));
    // Four undo steps: two zones, an asset, a conduit.
    assert!(h.state().title().starts_with('●'), "dirty mark");
}

#[test]
fn setting_sl_t_changes_delta_table_and_badge() {
    let mut h = harness(two_zones(), Arc::default());
    fixed_view(&mut h);
    // Select Control A by clicking its header.
    let p = screen(&h, 100.0, 20.0);
    click_canvas(&mut h, p);
    assert_eq!(
        h.state().selection.iter().collect::<Vec<_>>(),
        [&ElementId::Zone("Z-A".into())]
    );
    let badge = |h: &Harness<'_, Editor>| {
        h.state()
            .diagram()
            .items
            .iter()
            .filter(|i| i.element == Some(ElementId::Zone("Z-A".into())))
            .find_map(|i| match &i.shape {
                zoneplan::diagram::Shape::Text { text, .. }
                    if text.ends_with("unmet") || text == "met" || text == "no SL-T" =>
                {
                    Some(text.clone())
                }
                _ => None,
            })
    };
    assert_eq!(badge(&h).as_deref(), Some("no SL-T"));
    h.get_by_label("Deltas").click();
    h.run();
    assert!(h.query_by_label_contains("Control A: IAC –").is_some());
    h.get_by_label("Inspector").click();
    h.run();
    h.get_by_label("Has a target (SL-T)").click();
    h.run();
    h.get_by_label("All 2").click();
    h.run();
    assert_eq!(
        h.state().model().zones["Z-A"].sl_t,
        Some(SlVector::from_levels([2; 7]).unwrap())
    );
    // One FR at a time: the IAC control.
    h.get_by_label("IAC").click();
    h.run();
    h.get_by_label("SL 3").click();
    h.run();
    assert_eq!(
        h.state().model().zones["Z-A"].sl_t,
        Some(SlVector::from_levels([3, 2, 2, 2, 2, 2, 2]).unwrap())
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let unmet = h
        .state()
        .analysis()
        .deltas
        .zone("Z-A")
        .unwrap()
        .delta
        .unmet
        .len();
    assert!(unmet > 0);
    assert_eq!(badge(&h), Some(format!("{unmet} unmet")));
    h.get_by_label("Deltas").click();
    h.run();
    // Each cell reads SL-T/SL-A/SL-C; the assets' SL-C is unknown.
    let d = h
        .state()
        .analysis()
        .deltas
        .zone("Z-A")
        .unwrap()
        .delta
        .clone();
    let sl_a = d.sl_a.expect("an SL-A where there is an SL-T");
    let cells = zoneplan::model::Fr::ALL
        .iter()
        .map(|fr| format!("{} 2/{}/?", fr.abbrev(), sl_a.get(*fr)))
        .collect::<Vec<_>>()
        .join(", ");
    assert!(
        h.query_by_label_contains(&format!("Control A: {cells}; {unmet} unmet"))
            .is_some(),
        "Control A: {cells}; {unmet} unmet"
    );
    // Two steps: the checkbox and the preset; the menu names them.
    assert_eq!(
        h.state().doc.history.undo_label(),
        Some("Edit zone Control A")
    );
}

#[test]
fn move_group_then_undo_and_redo() {
    let mut h = harness(two_zones(), Arc::default());
    fixed_view(&mut h);
    let before = h.state().model().clone();
    // Select Control A, shift-click the SCADA server.
    let p = screen(&h, 100.0, 20.0);
    click_canvas(&mut h, p);
    let p = screen(&h, 800.0, 150.0);
    shift_click(&mut h, p);
    assert_eq!(h.state().selection.len(), 2);
    let (a, b) = (screen(&h, 100.0, 20.0), screen(&h, 140.0, 420.0));
    drag(&mut h, a, b);
    let m = h.state().model().clone();
    assert_eq!(m.zones["Z-A"].rect.x, 40.0);
    assert_eq!(m.zones["Z-A"].rect.y, 400.0);
    assert_eq!(m.zones["Z-S"].rect.y, 560.0, "subzone moves along");
    assert_eq!(m.assets["A-2"].pos, Point::new(150.0, 630.0));
    assert_eq!(m.assets["A-3"].pos, Point::new(840.0, 550.0));
    assert_eq!(
        m.assets["A-3"].placement,
        Placement::Unplaced,
        "dragged out of its zone"
    );
    assert_eq!(
        h.state().doc.history.undo_label(),
        Some("Move 1 zone and 1 asset")
    );
    h.get_by_label("Undo").click();
    h.run();
    assert_eq!(h.state().model(), &before);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(h.state().model(), &m);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(h.state().model(), &m);
}

#[test]
fn delete_zone_with_contents_then_undo() {
    let mut h = harness(two_zones(), Arc::default());
    fixed_view(&mut h);
    let before = h.state().model().clone();
    let p = screen(&h, 100.0, 20.0);
    click_canvas(&mut h, p);
    h.key_press(Key::Delete);
    h.run();
    assert!(
        h.query_by_label_contains("also deletes 1 subzone, 2 assets and 1 conduit")
            .is_some()
    );
    h.get_by_label("Delete all").click();
    h.run();
    let m = h.state().model();
    assert!(m.zones.keys().eq(["Z-B"]));
    assert!(m.assets.keys().eq(["A-3"]));
    assert!(m.conduits.is_empty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().model(), &before);
}

#[test]
fn copy_and_paste_keeps_internal_links() {
    let mut h = harness(two_zones(), Arc::default());
    fixed_view(&mut h);
    let p = screen(&h, 100.0, 20.0);
    click_canvas(&mut h, p);
    h.event(egui::Event::Copy);
    h.run();
    h.event(egui::Event::Paste(String::new()));
    h.run();
    let m = h.state().model();
    assert_eq!(m.zones.len(), 5);
    assert_eq!(m.assets.len(), 5);
    let new_sub = m
        .zones
        .values()
        .find(|z| z.name == "Safety S (2)" && z.id != "Z-S")
        .unwrap();
    let new_parent = new_sub.parent.clone().unwrap();
    assert_ne!(new_parent, "Z-A");
    assert_eq!(
        m.zones[&new_parent].name, "Control A (2)",
        "copies get fresh names"
    );
    assert_eq!(new_sub.rect.x, 50.0, "offset from the original");
    let new_sis = m
        .assets
        .values()
        .find(|a| a.kind == "safety_controller" && a.id != "A-2")
        .unwrap();
    assert_eq!(new_sis.placement, Placement::Zone(new_sub.id.clone()));
    // The pasted elements are selected; undo removes them in one step (once the rebuild of
    // the paste has landed, which on a loaded machine runs on its worker).
    assert_eq!(h.state().selection.len(), 4);
    settle(&mut h);
    h.get_by_label("Undo").click();
    h.run();
    assert_eq!(h.state().model(), &two_zones());
}

#[test]
fn accept_a_finding_with_justification() {
    let mut m = two_zones();
    m.insert_zone(Zone::new(
        "Z-E",
        "Empty",
        ZoneKind::Field,
        Rect::new(0.0, 500.0, 200.0, 150.0),
    ));
    let mut h = harness(m, Arc::default());
    let open_before = h
        .state()
        .analysis()
        .findings
        .iter()
        .filter(|f| !f.accepted)
        .count();
    assert!(open_before > 0);
    h.get_by_label_contains("Findings (").click();
    h.run();
    // Clicking a finding selects its elements.
    let first = h.state().analysis().findings[0].clone();
    h.get_by_label(&first.message).click();
    h.run();
    assert_eq!(
        h.state().selection,
        first.elements.iter().cloned().collect()
    );
    h.get_all_by_label("Accept…").next().unwrap().click();
    h.run();
    h.get_by_label("Justification").focus();
    h.get_by_label("Justification")
        .type_text("Reviewed in the workshop");
    h.run();
    h.get_by_label("Accepted by").focus();
    h.get_by_label("Accepted by").type_text("AB");
    h.run();
    h.get_by_label("Accept with justification").click();
    h.run();
    let model = h.state().model();
    assert_eq!(model.accepted.len(), 1);
    let acc = model.accepted.values().next().unwrap();
    assert_eq!(acc.justification, "Reviewed in the workshop");
    assert_eq!(acc.by, "AB");
    assert_eq!(acc.date.len(), 10, "ISO date");
    let open_after = h
        .state()
        .analysis()
        .findings
        .iter()
        .filter(|f| !f.accepted)
        .count();
    assert_eq!(open_after, open_before - 1);
    h.get_by_label("Un-accept").click();
    h.run();
    assert!(h.state().model().accepted.is_empty());
    // Filter by severity: with every severity off, nothing is listed.
    for s in ["Errors", "Warnings", "Info"] {
        h.get_by_label(s).click();
        h.run();
    }
    assert!(h.query_by_label("No findings to show.").is_some());
    assert!(h.query_by_label("Accept…").is_none());
}

#[test]
fn save_and_load_back_equal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plant.ron");
    let dialogs = Arc::new(ScriptedDialogs::new([Some(path.clone())]));
    let mut h = harness(two_zones(), dialogs.clone());
    // Make it dirty, then save through the menu shortcut; no path yet, so Save As asks.
    let p = screen(&h, 100.0, 20.0);
    click_canvas(&mut h, p);
    h.key_press(Key::ArrowRight);
    h.run();
    assert!(h.state().doc.history.is_dirty());
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(dialogs.asked().len(), 1);
    assert!(!h.state().doc.history.is_dirty());
    assert!(!h.state().title().starts_with('●'));
    let loaded = persistence::load(&path).unwrap();
    assert_eq!(&loaded, h.state().model());
    assert_eq!(h.state().settings.recent.first(), Some(&path));
    // Open it again through File → Open.
    dialogs.push(Some(path.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert_eq!(h.state().model(), &loaded);
    assert_eq!(h.state().doc.path.as_ref(), Some(&path));
}

#[test]
fn malformed_file_shows_error_and_keeps_model() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "(format_version: 1, zones: [ (id: \"Z-1\", name: 3) ]",
    )
    .unwrap();
    let dialogs = Arc::new(ScriptedDialogs::new([Some(bad.clone())]));
    let mut h = harness(two_zones(), dialogs);
    let before = h.state().model().clone();
    h.get_by_label("Open…").click();
    h.run();
    assert!(h.query_by_label("Cannot open the model").is_some());
    assert!(
        h.query_by_label_contains("bad.ron:1:").is_some(),
        "message names file and position"
    );
    assert_eq!(h.state().model(), &before);
    h.get_by_label("OK").click();
    h.run();
    assert!(h.query_by_label("Cannot open the model").is_none());
}

#[test]
fn unsaved_changes_ask_before_new() {
    let mut h = harness(two_zones(), Arc::default());
    let p = screen(&h, 100.0, 20.0);
    click_canvas(&mut h, p);
    h.key_press(Key::ArrowDown);
    h.run();
    h.get_by_label("New model").click();
    h.run();
    assert!(h.query_by_label("Unsaved changes").is_some());
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().model().zones.len(), 3);
    h.get_by_label("New model").click();
    h.run();
    h.get_by_label("Discard").click();
    h.run();
    assert!(h.state().model().zones.is_empty());
}

#[test]
fn start_page_lists_recent_files_and_starts_new() {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("recent.ron");
    persistence::save(&two_zones(), &path).unwrap();
    let mut settings = zoneplan::ui::Settings::default();
    settings.add_recent(&path);
    let editor = Editor::new(Box::new(ScriptedDialogs::default()), settings);
    let mut h = editor_harness(Harness::builder().with_size(vec2(1200.0, 800.0)), editor);
    assert!(h.state().start_page);
    h.get_by_label("recent.ron").click();
    h.run();
    assert!(!h.state().start_page);
    assert_eq!(h.state().model(), &two_zones());
}

/// The plant used for screenshots and render checks: 8 zones, 30 assets, 8 conduits.
fn plant() -> Model {
    let mut m = Model::default();
    m.project.name = "Riverside water works".into();
    m.project.site = "Riverside".into();
    let zones = [
        (
            "Z-ENT",
            "Enterprise",
            ZoneKind::Enterprise,
            (0.0, 0.0, 1400.0, 220.0),
            None,
            None,
        ),
        (
            "Z-DMZ",
            "Plant DMZ",
            ZoneKind::Dmz,
            (0.0, 300.0, 640.0, 220.0),
            None,
            Some(3),
        ),
        (
            "Z-OPS",
            "Operations",
            ZoneKind::Operations,
            (720.0, 300.0, 680.0, 260.0),
            None,
            Some(2),
        ),
        (
            "Z-CTL",
            "Treatment control",
            ZoneKind::Control,
            (0.0, 620.0, 900.0, 420.0),
            None,
            Some(2),
        ),
        (
            "Z-SIS",
            "Chlorine SIS",
            ZoneKind::Safety,
            (40.0, 800.0, 380.0, 210.0),
            Some("Z-CTL"),
            Some(3),
        ),
        (
            "Z-FLD",
            "Field bus",
            ZoneKind::Field,
            (980.0, 620.0, 420.0, 420.0),
            None,
            Some(1),
        ),
        (
            "Z-RMT",
            "Pump station 7",
            ZoneKind::RemoteSite,
            (980.0, 1100.0, 420.0, 220.0),
            None,
            Some(2),
        ),
        (
            "Z-EXT",
            "Vendor remote access",
            ZoneKind::External,
            (0.0, 1100.0, 600.0, 220.0),
            None,
            None,
        ),
    ];
    for (id, name, kind, r, parent, sl) in zones {
        let mut z = Zone::new(id, name, kind, Rect::from(r));
        z.parent = parent.map(Into::into);
        z.sl_t = sl.map(|l| SlVector::uniform(zoneplan::model::SecurityLevel::saturating(l)));
        m.insert_zone(z);
    }
    let kinds = [
        (
            "Z-ENT",
            [
                "business_server",
                "domain_controller",
                "business_server",
                "backup_server",
            ],
        ),
        (
            "Z-DMZ",
            ["historian", "patch_server", "jump_host", "opc_ua_server"],
        ),
        (
            "Z-OPS",
            [
                "scada_server",
                "operator_workstation",
                "operator_workstation",
                "engineering_workstation",
            ],
        ),
        ("Z-CTL", ["plc", "plc", "hmi_panel", "managed_switch"]),
        ("Z-SIS", ["safety_controller", "hmi_panel", "", ""]),
        (
            "Z-FLD",
            ["field_instrument", "drive", "field_instrument", "drive"],
        ),
        ("Z-RMT", ["rtu", "cellular_router", "", ""]),
        ("Z-EXT", ["remote_client", "remote_client", "", ""]),
    ];
    let mut n = 0;
    for (zone, ks) in kinds {
        let r = m.zones[zone].rect;
        for (i, k) in ks.iter().filter(|k| !k.is_empty()).enumerate() {
            n += 1;
            let x = r.x + 90.0 + (i % 4) as f32 * 160.0;
            let x = if x + 70.0 > r.x + r.w {
                r.x + 90.0 + (i % 2) as f32 * 160.0
            } else {
                x
            };
            let y = r.y
                + 90.0
                + if x == r.x + 90.0 + (i % 2) as f32 * 160.0 && i >= 2 && r.w < 600.0 {
                    60.0
                } else {
                    0.0
                };
            let name = format!("{} {n}", catalog().asset_kind_name(k));
            let mut a = Asset::new(format!("A-{n:02}").as_str(), name, *k, Point::new(x, y));
            a.classes = catalog()
                .asset_kind(k)
                .expect("a catalog kind")
                .classes
                .clone();
            a.sl_c = SlVector::from_levels([2, 2, 1, 1, 2, 1, 2]).expect("levels in range");
            a.sl_c_source = zoneplan::model::SlcSource::Estimated {
                by: "integrator".into(),
                note: String::new(),
            };
            a.placement = Placement::Zone(zone.into());
            m.insert_asset(a);
        }
    }
    let conduits = [
        ("C-01", "Enterprise – DMZ", "Z-ENT", "Z-DMZ"),
        ("C-02", "DMZ – Operations", "Z-DMZ", "Z-OPS"),
        ("C-03", "Operations – Control", "Z-OPS", "Z-CTL"),
        ("C-04", "Control – Field", "Z-CTL", "Z-FLD"),
        ("C-05", "Control – SIS", "Z-CTL", "Z-SIS"),
        ("C-06", "Operations – Pump 7", "Z-OPS", "Z-RMT"),
        ("C-07", "Vendor – DMZ", "Z-EXT", "Z-DMZ"),
    ];
    for (id, name, a, b) in conduits {
        m.insert_conduit(Conduit::new(id, name, vec![a.into(), b.into()]));
    }
    for (id, kind, conduit, x, y) in [
        ("A-90", "firewall", "C-01", 320.0, 260.0),
        ("A-91", "firewall", "C-02", 680.0, 420.0),
        ("A-92", "dpi_firewall", "C-03", 810.0, 590.0),
        ("A-93", "remote_access_gateway", "C-07", 320.0, 1060.0),
    ] {
        n += 1;
        let mut a = Asset::new(
            id,
            format!("{} {n}", catalog().asset_kind_name(kind)),
            kind,
            Point::new(x, y),
        );
        a.classes = catalog()
            .asset_kind(kind)
            .expect("a catalog kind")
            .classes
            .clone();
        a.sl_c = SlVector::from_levels([3, 3, 2, 2, 3, 2, 2]).expect("levels in range");
        a.sl_c_source = zoneplan::model::SlcSource::Vendor {
            document: "4-2 conformance table".into(),
        };
        a.placement = Placement::Conduit(conduit.into());
        m.insert_asset(a);
    }
    m
}

/// `tests/data/ui/plant.ron` is the saved `plant()` (for screenshots); saving is deterministic.
/// Regenerate with `UPDATE_UI_DATA=1`.
#[test]
fn plant_fixture_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/ui/plant.ron");
    let text = persistence::to_string(&plant()).unwrap();
    if std::env::var_os("UPDATE_UI_DATA").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
    }
    let stored = std::fs::read_to_string(&path).unwrap();
    assert_eq!(stored, text);
    let m = persistence::from_str(&stored, "plant.ron").unwrap();
    assert_eq!(m.zones.len(), 8);
    assert!(m.assets.len() >= 30);
}

#[test]
fn plant_renders_and_workshop_mode_hides_panels() {
    let mut h = harness(plant(), Arc::default());
    assert!(h.query_by_label("Inspector").is_some());
    assert!(h.state().view.zoom < 1.0, "fitted to the canvas");
    h.key_press(Key::F11);
    h.run();
    assert!(h.query_by_label("Inspector").is_none(), "panels hidden");
    h.key_press(Key::F11);
    h.run();
    assert!(h.query_by_label("Inspector").is_some());
}

fn right_click(h: &mut Harness<'_, Editor>, at: Pos2) {
    h.hover_at(at);
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run();
    }
}

#[test]
fn context_menu_sets_sl_t_and_conduit_copies_from_zones() {
    let mut h = harness(two_zones(), Arc::default());
    fixed_view(&mut h);
    let p = screen(&h, 100.0, 20.0);
    right_click(&mut h, p);
    h.get_by_label("SL-T preset").hover();
    h.run();
    h.get_by_label("All FRs at SL 3").click();
    h.run();
    assert_eq!(
        h.state().model().zones["Z-A"].sl_t,
        Some(SlVector::from_levels([3; 7]).unwrap())
    );
    // The conduit's inspector copies the element-wise max of the zones it joins.
    let conduit = ElementId::Conduit("C-1".into());
    h.state_mut().selection = std::iter::once(conduit).collect();
    h.run();
    h.get_by_label("Copy from the zones it joins").click();
    h.run();
    assert_eq!(
        h.state().model().conduits["C-1"].sl_t,
        Some(SlVector::from_levels([3; 7]).unwrap())
    );
}

#[test]
fn drag_from_palette_and_resize_a_zone() {
    let mut h = harness(two_zones(), Arc::default());
    fixed_view(&mut h);
    let from = h.get_by_label(&palette_label("firewall")).rect().center();
    let to = screen(&h, 740.0, 240.0);
    drag(&mut h, from, to);
    let fw = h
        .state()
        .model()
        .assets
        .values()
        .find(|a| a.kind == "firewall")
        .expect("dropped on the canvas")
        .clone();
    assert_eq!(fw.pos, Point::new(740.0, 240.0));
    assert_eq!(fw.placement, Placement::Zone("Z-B".into()));
    // Select Control A and drag its bottom-right handle.
    let p = screen(&h, 100.0, 20.0);
    click_canvas(&mut h, p);
    assert_eq!(
        h.state().selection.iter().collect::<Vec<_>>(),
        [&ElementId::Zone("Z-A".into())]
    );
    let (a, b) = (screen(&h, 400.0, 300.0), screen(&h, 480.0, 380.0));
    drag(&mut h, a, b);
    assert_eq!(
        h.state().model().zones["Z-A"].rect,
        Rect::new(0.0, 0.0, 480.0, 380.0)
    );
    assert_eq!(
        h.state().doc.history.undo_label(),
        Some("Resize zone Control A")
    );
}

#[test]
fn idle_frames_and_navigation_do_not_rebuild_the_cache() {
    let mut h = harness(plant(), Arc::default());
    let built = h.state().rebuilds();
    assert_eq!(built, 1);
    let c = h.get_by_label("Zone canvas").rect().center();
    for i in 0..5 {
        h.hover_at(c + vec2(i as f32 * 13.0, 7.0));
        h.run_steps(10);
    }
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: vec2(0.0, -120.0),
        modifiers: Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
    });
    // Tooltips over elements animate in: let them settle.
    h.run_steps(10);
    h.state_mut().set_zoom(2.0);
    h.run_steps(10);
    assert_eq!(
        h.state().rebuilds(),
        built,
        "hover, scroll and zoom reuse the cache"
    );
    h.state_mut().selection = std::iter::once(ElementId::Zone("Z-DMZ".into())).collect();
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(h.state().rebuilds(), built + 1, "an edit rebuilds once");
    // A view option changes the diagram only.
    h.get_by_label("Grid").click();
    h.run();
    assert_eq!(h.state().rebuilds(), built + 1);
}

#[test]
fn rename_from_context_menu_and_edit_several_zones() {
    let mut h = harness(two_zones(), Arc::default());
    fixed_view(&mut h);
    let p = screen(&h, 280.0, 100.0);
    right_click(&mut h, p);
    h.get_by_label("Rename").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_label("Rename").type_text("Main PLC");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().model().assets["A-1"].name, "Main PLC");
    assert_eq!(
        h.state().doc.history.undo_label(),
        Some("Rename to “Main PLC”")
    );

    // Rubber band around both top-level zones' area selects every zone, asset and label in it.
    let (a, b) = (screen(&h, -30.0, -30.0), screen(&h, 1010.0, 310.0));
    drag(&mut h, a, b);
    let zones = h
        .state()
        .selection
        .iter()
        .filter(|e| matches!(e, ElementId::Zone(_)))
        .count();
    assert_eq!(zones, 3);
    // Narrow to the zones: the inspector edits their common SL-T in one step.
    h.get_by_label("Keep only the zones").click();
    h.run();
    assert_eq!(h.state().selection.len(), 3);
    h.get_by_label("Has a target (SL-T)").click();
    h.run();
    h.get_by_label("All 3").click();
    h.run();
    let m = h.state().model();
    assert!(
        m.zones
            .values()
            .all(|z| z.sl_t == SlVector::from_levels([3; 7]))
    );
    assert_eq!(h.state().doc.history.undo_label(), Some("Edit 3 zones"));
}

#[test]
fn loaded_requirement_texts_show_in_the_deltas() {
    let dir = tempfile::tempdir().unwrap();
    let texts = dir.path().join("texts.ron");
    // The user's own notes stand in for licensed texts here.
    std::fs::write(
        &texts,
        "{\"SR 5.1\": \"Our paraphrase of SR 5.1 for the workshop\"}",
    )
    .unwrap();
    let dialogs = Arc::new(ScriptedDialogs::new([Some(texts)]));
    let mut m = two_zones();
    m.zones.get_mut("Z-A").unwrap().sl_t = Some(SlVector::from_levels([2; 7]).unwrap());
    let mut h = harness(m, dialogs.clone());
    h.state_mut().act(zoneplan::ui::Action::LoadTexts);
    h.run();
    assert_eq!(dialogs.asked(), [zoneplan::ui::DialogKind::OpenTexts]);
    assert_eq!(h.state().texts.as_ref().map(|t| t.len()), Some(1));
    h.state_mut().selection = std::iter::once(ElementId::Zone("Z-A".into())).collect();
    h.get_by_label("Deltas").click();
    h.run();
    assert!(
        h.query_by_label("Our paraphrase of SR 5.1 for the workshop")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("Heuristic of this tool")
            .is_some()
    );
}

/// The ids of the unmet 3-3 items of a zone, as the editor's analysis has them.
fn unmet_in(h: &Harness<'_, Editor>, zone: &str) -> Vec<String> {
    h.state()
        .analysis()
        .deltas
        .zone(zone)
        .map(|z| {
            z.delta
                .unmet
                .iter()
                .map(|u| u.requirement.id.clone())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn countermeasure_moves_items_from_unmet_to_covered() {
    let mut m = two_zones();
    m.zones.get_mut("Z-A").unwrap().sl_t = Some(SlVector::from_levels([2; 7]).unwrap());
    let mut h = harness(m, Arc::default());
    let unmet = |h: &Harness<'_, Editor>| unmet_in(h, "Z-A");
    let before = unmet(&h);
    // No boundary device on the conduit: segmentation and boundary protection are open.
    assert!(before.contains(&"SR 5.1".to_owned()));
    assert!(before.contains(&"SR 5.2".to_owned()));
    h.state_mut().selection = std::iter::once(ElementId::Zone("Z-A".into())).collect();
    h.run();
    h.get_by_label("Add countermeasure").click();
    h.run();
    assert_eq!(h.state().model().countermeasures.len(), 1);
    h.get_by_label_contains("CM-1 —").click();
    h.run();
    h.get_by_label("Covers (ids)").focus();
    h.run();
    h.get_by_label("Covers (ids)").type_text("SR 5.1, SR 5.2");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let steps_after_typing = h.state().doc.history.undo_label().map(str::to_owned);
    assert_eq!(
        steps_after_typing.as_deref(),
        Some("Edit countermeasure CM-1")
    );
    // Planned: still unmet, listed as planned. Implemented: covered.
    assert_eq!(unmet(&h), before);
    h.get_by_label("Status").click();
    h.run();
    h.get_by_label("Implemented").click();
    h.run();
    let after = unmet(&h);
    assert_eq!(after.len(), before.len() - 2);
    let covered = &h
        .state()
        .analysis()
        .deltas
        .zone("Z-A")
        .unwrap()
        .delta
        .covered;
    assert_eq!(covered.len(), 2);
    // Typing was one undo step: undo status, then covers, then the add.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state().model().countermeasures["CM-1"].covers.is_empty());
}

/// A countermeasure's owner, priority and due date are edited in its inspector (the report's
/// remediation plan takes them); a due date that is not YYYY-MM-DD is refused with the reason.
#[test]
fn countermeasure_owner_priority_and_due_date() {
    let mut h = harness(two_zones(), Arc::default());
    h.state_mut().selection = std::iter::once(ElementId::Zone("Z-A".into())).collect();
    h.run();
    h.get_by_label("Add countermeasure").click();
    h.run();
    h.get_by_label_contains("CM-1 —").click();
    h.run();
    for (label, text) in [
        ("Owner", "OT security team"),
        ("Due (YYYY-MM-DD)", "31.12.2027"),
    ] {
        h.get_by_label(label).focus();
        h.run();
        h.get_by_label(label).type_text(text);
        h.run();
        h.key_press(Key::Enter);
        h.run();
    }
    let cm = h.state().model().countermeasures["CM-1"].clone();
    assert_eq!(cm.owner, "OT security team");
    assert_eq!(cm.due, "", "a date that is not YYYY-MM-DD is refused");
    assert!(
        h.query_by_label_contains("is not a date as YYYY-MM-DD")
            .is_some()
    );
    h.get_by_label("Due (YYYY-MM-DD)").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Due (YYYY-MM-DD)").type_text("2027-12-31");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("Priority").click();
    h.run();
    h.get_by_label("High").click();
    h.run();
    let cm = &h.state().model().countermeasures["CM-1"];
    assert_eq!(cm.due, "2027-12-31");
    assert_eq!(cm.priority, Some(Priority::High));
}

#[test]
fn closing_the_window_with_unsaved_changes_asks() {
    let mut h = harness(two_zones(), Arc::default());
    let p = screen(&h, 100.0, 20.0);
    click_canvas(&mut h, p);
    h.key_press(Key::ArrowDown);
    h.run();
    assert!(h.state().title().starts_with("● Flow test — not saved"));
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.step();
    let cancelled = h
        .output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .is_some_and(|v| v.commands.contains(&egui::ViewportCommand::CancelClose));
    assert!(cancelled, "the close is held back");
    h.run();
    assert!(h.query_by_label("Unsaved changes").is_some());
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label("Unsaved changes").is_none());
    assert_eq!(h.state().model().zones.len(), 3);
}

#[test]
fn help_lists_the_shortcuts_and_the_edit_menu_names_the_step() {
    let mut h = harness(two_zones(), Arc::default());
    fixed_view(&mut h);
    let count = |h: &Harness<'_, Editor>, l: &str| h.query_all_by_label(l).count();
    h.key_press(Key::F1);
    h.run();
    // The heading, and the F1 row of the table.
    assert_eq!(count(&h, "Keyboard shortcuts"), 2);
    assert_eq!(count(&h, "Nudge by five grid steps"), 1);
    assert_eq!(count(&h, "Ctrl+Shift+Z"), 1);
    h.get_by_label("Close").hover();
    h.run();
    h.get_by_label("Close").click();
    h.run();
    assert_eq!(count(&h, "Keyboard shortcuts"), 0);

    let p = screen(&h, 280.0, 100.0);
    click_canvas(&mut h, p);
    h.key_press(Key::ArrowRight);
    h.run();
    h.get_by_label("Edit").click();
    h.run();
    assert!(h.query_by_label_contains("Undo Nudge 1 asset").is_some());
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.query_by_label_contains("Undo Nudge").is_none(),
        "Escape closed the menu"
    );
}

#[test]
fn conduit_channels_are_edited_in_the_inspector() {
    let mut h = harness(two_zones(), Arc::default());
    h.state_mut().selection = std::iter::once(ElementId::Conduit("C-1".into())).collect();
    h.run();
    h.get_by_label("Add channel").click();
    h.run();
    let first = catalog().protocols.first().unwrap();
    let ch = h.state().model().conduits["C-1"].channels[0].clone();
    assert_eq!(ch.protocol, first.key);
    assert_eq!(ch.port, first.default_port());
    h.get_by_label("From asset").click();
    h.run();
    h.get_by_label("A-3").click();
    h.run();
    h.get_by_label("Port").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Port").type_text("4840");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let ch = h.state().model().conduits["C-1"].channels[0].clone();
    assert_eq!(ch.source, Some("A-3".into()));
    assert_eq!(ch.port, Some(4840));
    // The edited model still saves and loads.
    let text = persistence::to_string(h.state().model()).unwrap();
    assert_eq!(
        &persistence::from_str(&text, "mem").unwrap(),
        h.state().model()
    );
}

/// Runs frames until the PDF export's worker is done (bounded: one minute), then settles.
fn wait_for_export(h: &mut Harness<'_, Editor>) {
    for _ in 0..3000 {
        if h.state().exporting().is_none() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    assert!(h.state().exporting().is_none(), "the export finished");
    h.run();
}

/// File → Export PDF… through the menu; steps until the dialog was asked.
fn export_through_menu(h: &mut Harness<'_, Editor>, dialogs: &ScriptedDialogs) {
    export_through_menu_item(h, dialogs, "Export PDF… Ctrl+E");
}

/// File → `item` (an export) through the menu; steps until the dialog was asked.
fn export_through_menu_item(h: &mut Harness<'_, Editor>, dialogs: &ScriptedDialogs, item: &str) {
    let asked = dialogs.asked().len();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label(item).click();
    for _ in 0..10 {
        h.step();
        if dialogs.asked().len() > asked {
            break;
        }
    }
    assert_eq!(
        dialogs.asked().len(),
        asked + 1,
        "the export dialog was asked"
    );
}

#[test]
fn export_pdf_from_the_file_menu_runs_off_the_ui_thread() {
    use zoneplan::report::{self, Options, Paper};
    use zoneplan::ui::{DialogKind, PaperSetting};

    let dir = tempfile::tempdir().unwrap();
    // No extension: the editor adds `.pdf`.
    let chosen = dir.path().join("flow-report");
    let path = dir.path().join("flow-report.pdf");
    let dialogs = Arc::new(ScriptedDialogs::new([Some(chosen)]));
    let mut m = two_zones();
    // A target level, so the report cites requirements (and shows loaded texts).
    m.zones.get_mut("Z-A").unwrap().sl_t = Some(SlVector::from_levels([2; 7]).unwrap());
    let mut h = harness(m, dialogs.clone());
    let model = h.state().model().clone();
    // Help lists the shortcut.
    h.key_press(Key::F1);
    h.run();
    assert!(h.query_by_label("Ctrl+E").is_some());
    h.get_by_label("Close").hover();
    h.run();
    h.get_by_label("Close").click();
    h.run();
    assert!(h.query_by_label("Ctrl+E").is_none());

    export_through_menu(&mut h, &dialogs);
    assert_eq!(
        dialogs.asked(),
        [DialogKind::ExportPdf("flow-test.pdf".to_owned())],
        "a save dialog for a PDF, named after the project"
    );
    // Ctrl+E while the first export runs: the answer starts the worker at the start of the
    // next frame, the shortcut comes after it and is refused.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.step();
    assert_eq!(h.state().exporting(), Some(path.as_path()));
    assert!(
        h.state().last_message.contains("still being written"),
        "{}",
        h.state().last_message
    );
    assert_eq!(dialogs.asked().len(), 1, "no second dialog");
    assert!(
        h.query_by_label("Exporting report to flow-report.pdf…")
            .is_some(),
        "the status bar shows the running export"
    );
    wait_for_export(&mut h);

    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    // The same report as `zoneplan report` writes, on A4.
    let expected = report::report(&model, &Options::default()).unwrap();
    assert_eq!(bytes, expected.bytes);
    assert!(h.query_by_label("Report written").is_some());
    let line = format!(
        "Report written: {} ({} pages)",
        path.display(),
        expected.pages
    );
    assert!(h.query_by_label(&line).is_some(), "{line}");
    h.get_by_label("Open").click();
    h.step();
    let opened: Vec<String> = h
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::OpenUrl(u) => Some(u.url.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(opened.len(), 1, "{opened:?}");
    assert!(
        opened[0].starts_with("file:///") && opened[0].ends_with("/flow-report.pdf"),
        "{opened:?}"
    );
    h.run();
    assert!(h.query_by_label("Report written").is_none());

    // Letter paper, chosen in File → Report paper, is remembered and used; so are the
    // requirement texts the user loaded.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Report paper").click();
    h.run();
    h.get_by_label("US Letter (8.5 × 11 in)").click();
    h.run();
    assert_eq!(h.state().settings.paper, PaperSetting::Letter);
    let src = "{\"SR 1.1\": \"Our paraphrase of SR 1.1 for the workshop\"}";
    let texts_file = dir.path().join("texts.ron");
    std::fs::write(&texts_file, src).unwrap();
    dialogs.push(Some(texts_file));
    h.state_mut().act(zoneplan::ui::Action::LoadTexts);
    h.run();
    assert!(h.state().texts.is_some());
    let letter = dir.path().join("letter.pdf");
    dialogs.push(Some(letter.clone()));
    export_through_menu(&mut h, &dialogs);
    h.step();
    wait_for_export(&mut h);
    let mut options = Options {
        paper: Paper::Letter,
        texts: Some(zoneplan::catalog::Texts::parse(src).unwrap()),
    };
    let written = std::fs::read(&letter).unwrap();
    assert_eq!(written, report::report(&model, &options).unwrap().bytes);
    options.texts = None;
    assert_ne!(
        written,
        report::report(&model, &options).unwrap().bytes,
        "the texts are in the report"
    );
    h.get_by_label("Close").click();
    h.run();
    assert!(h.query_by_label("Report written").is_none());
}

#[test]
fn failed_export_shows_the_error_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("report.pdf");
    let dialogs = Arc::new(ScriptedDialogs::new([Some(path.clone())]));
    let mut h = harness(two_zones(), dialogs.clone());
    export_through_menu(&mut h, &dialogs);
    h.step();
    wait_for_export(&mut h);
    assert!(h.query_by_label("Cannot export the report").is_some());
    assert!(
        h.query_by_label_contains("report.pdf: cannot write")
            .is_some(),
        "the message names the file"
    );
    assert!(h.query_by_label("Report written").is_none());
    assert!(!path.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing, not even a temporary file, was left"
    );
    h.get_by_label("OK").click();
    h.run();
    assert!(h.query_by_label("Cannot export the report").is_none());
    assert_eq!(h.state().model(), &two_zones());
}

/// Types into the text field labelled `label` and commits it with Enter.
fn type_into(h: &mut Harness<'_, Editor>, label: &str, text: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label(label).type_text(text);
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

/// Picks `option` in the combo box labelled `combo` (scrolling the list to it).
fn pick(h: &mut Harness<'_, Editor>, combo: &str, option: &str) {
    h.get_by_label(combo).scroll_to_me();
    h.run();
    h.get_by_label(combo).click();
    h.run();
    h.get_by_label(option).scroll_to_me();
    h.run();
    h.get_by_label(option).click();
    h.run();
}

#[test]
fn asset_sl_c_source_digital_interface_and_services_in_the_inspector() {
    use zoneplan::model::{ServiceKind, SlcSource, ZoneId};

    let mut m = two_zones();
    m.zones.get_mut("Z-A").unwrap().sl_t = Some(SlVector::from_levels([2; 7]).unwrap());
    let mut h = harness(m, Arc::default());
    h.state_mut().selection = std::iter::once(ElementId::Asset("A-1".into())).collect();
    h.run();
    assert_eq!(
        h.state().model().assets["A-1"].sl_c_source,
        SlcSource::Unknown
    );
    assert!(
        h.query_by_label_contains("Not assessed: the SL-C above")
            .is_some()
    );

    // A vendor statement with its document.
    pick(&mut h, "SL-C source", "Vendor statement");
    type_into(
        &mut h,
        "Vendor document",
        "PLC security manual, 4-2 table rev 3",
    );
    assert_eq!(
        h.state().model().assets["A-1"].sl_c_source,
        SlcSource::Vendor {
            document: "PLC security manual, 4-2 table rev 3".into()
        }
    );
    // Now known: Control A's SL-C is the PLC's (A-2 in the subzone is still unknown).
    let d = h
        .state()
        .analysis()
        .deltas
        .zone("Z-A")
        .unwrap()
        .delta
        .clone();
    assert_eq!(d.sl_c_unknown, [zoneplan::model::AssetId::from("A-2")]);

    // A certificate, with scheme and level.
    pick(&mut h, "SL-C source", "Certificate");
    type_into(&mut h, "Certificate scheme", "ISASecure CSA");
    pick(&mut h, "Certified level", "SL 2");
    match &h.state().model().assets["A-1"].sl_c_source {
        SlcSource::Certificate { scheme, level, .. } => {
            assert_eq!(scheme, "ISASecure CSA");
            assert_eq!(*level, 2);
        }
        other => panic!("expected a certificate, got {other:?}"),
    }

    // No digital interface: outside 4-2, no component delta.
    assert!(h.state().model().assets["A-1"].digital);
    h.get_by_label("Digital interface").click();
    h.run();
    assert!(!h.state().model().assets["A-1"].digital);
    let ad = h.state().analysis().deltas.asset("A-1").unwrap().clone();
    assert!(!ad.in_scope && ad.target.is_none());
    assert!(h.query_by_label("outside 4-2").is_some());

    // It provides a time service to its own zone, then to Operations B as well.
    pick(&mut h, "Add service", ServiceKind::Time.label());
    let p = h.state().model().assets["A-1"].provides.clone();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].service, ServiceKind::Time);
    assert_eq!(p[0].zones, [ZoneId::from("Z-A")]);
    h.get_by_label("serves").click();
    h.run();
    h.get_by_label("Operations B").click();
    h.run();
    assert_eq!(
        h.state().model().assets["A-1"].provides[0].zones,
        [ZoneId::from("Z-A"), ZoneId::from("Z-B")]
    );
    h.key_press(Key::Escape);
    h.run();

    // Each change was one undo step.
    h.state_mut().act(zoneplan::ui::Action::Undo);
    h.run();
    assert_eq!(
        h.state().model().assets["A-1"].provides[0].zones,
        [ZoneId::from("Z-A")]
    );
    for _ in 0..2 {
        h.state_mut().act(zoneplan::ui::Action::Undo);
        h.run();
    }
    assert!(h.state().model().assets["A-1"].provides.is_empty());
    assert!(h.state().model().assets["A-1"].digital);
}

#[test]
fn not_applicable_item_needs_a_justification_shows_in_deltas_and_undoes() {
    let mut m = two_zones();
    m.zones.get_mut("Z-A").unwrap().sl_t = Some(SlVector::from_levels([2; 7]).unwrap());
    let mut h = harness(m, Arc::default());
    let unmet_ids = |h: &Harness<'_, Editor>| unmet_in(h, "Z-A");
    assert!(unmet_ids(&h).contains(&"SR 5.4".to_owned()));
    h.state_mut().selection = std::iter::once(ElementId::Zone("Z-A".into())).collect();
    h.run();
    pick(&mut h, "Item", "SR 5.4 — Application partitioning");
    // No justification: refused, with a message beside the field.
    h.get_by_label("Set not applicable").click();
    h.run();
    assert!(
        h.query_by_label_contains("A justification is required")
            .is_some()
    );
    assert!(h.state().model().zones["Z-A"].not_applicable.is_empty());
    h.get_by_label("Why it does not apply").focus();
    h.run();
    h.get_by_label("Why it does not apply")
        .type_text("One application only: the zone hosts nothing to partition");
    h.run();
    assert!(
        h.query_by_label_contains("A justification is required")
            .is_none()
    );
    h.get_by_label("Set not applicable").click();
    h.run();
    let na = h.state().model().zones["Z-A"].not_applicable.clone();
    assert_eq!(na.len(), 1);
    assert_eq!(na[0].item, "SR 5.4");
    assert_eq!(
        na[0].justification,
        "One application only: the zone hosts nothing to partition"
    );
    assert_eq!(
        h.state().doc.history.undo_label(),
        Some("Set SR 5.4 not applicable")
    );
    // Live in the analysis: no longer unmet, listed as the user's.
    assert!(!unmet_ids(&h).contains(&"SR 5.4".to_owned()));
    let d = h
        .state()
        .analysis()
        .deltas
        .zone("Z-A")
        .unwrap()
        .delta
        .clone();
    let item = d
        .not_applicable
        .iter()
        .find(|n| n.requirement.id == "SR 5.4")
        .expect("listed as not applicable");
    assert!(!item.built_in);
    // The Deltas tab lists it (collapsed) with its reason, marked as the user's.
    h.get_by_label("Deltas").click();
    h.run();
    let header = format!("Not applicable — {}", d.not_applicable.len());
    h.get_by_label(&header).scroll_to_me();
    h.run();
    h.get_by_label(&header).click();
    h.run();
    assert!(
        h.query_by_label("One application only: the zone hosts nothing to partition")
            .is_some()
    );
    assert!(h.query_by_label("user").is_some());
    assert!(h.query_all_by_label("built-in").count() >= 1);
    // Providers and reasons of an unmet item.
    assert!(h.query_all_by_label("• no boundary device on C-1").count() >= 1);
    assert!(
        h.query_all_by_label_contains("provided by Boundary device")
            .count()
            >= 1
    );
    // The culprits, once per run of items (of one FR) that share them, as links to the assets.
    let runs = d
        .unmet
        .windows(2)
        .filter(|w| w[0].requirement.fr != w[1].requirement.fr || !d.same_culprits(&w[0], &w[1]))
        .count()
        + 1;
    // Z-A's assets fall short of its SL-T, so some items name them.
    let u = d
        .unmet
        .iter()
        .find(|u| !d.culprits(u).is_empty())
        .expect("an unmet item with culprits");
    let held = h.query_all_by_label("↳ held back by").count();
    assert!(held >= 1 && held <= runs, "{held} of {runs} runs");
    let name = h
        .state()
        .model()
        .name_of(d.culprits(u)[0].as_str())
        .to_owned();
    assert!(h.query_all_by_label(&name).count() >= 1, "{name}");
    // Undo: the item applies again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state().model().zones["Z-A"].not_applicable.is_empty());
    assert!(unmet_ids(&h).contains(&"SR 5.4".to_owned()));
    assert!(
        h.query_by_label("One application only: the zone hosts nothing to partition")
            .is_none()
    );
}

/// Runs frames until the fix plan of the current state is there (bounded: one minute).
fn wait_for_plan(h: &mut Harness<'_, Editor>) {
    for _ in 0..3000 {
        if !h.state().plan_pending() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    assert!(!h.state().plan_pending(), "the plan was computed");
    h.run();
}

#[test]
fn fix_plan_tab_computes_off_the_ui_thread_and_selects_a_fix() {
    use zoneplan::analysis::FixPlan;

    let mut h = harness(plant(), Arc::default());
    assert_eq!(h.state().plans_started(), 0, "not computed until shown");
    let expected = FixPlan::compute(h.state().model(), catalog());
    assert!(!expected.fixes.is_empty());
    h.get_by_label("Fix plan").click();
    h.step();
    assert_eq!(h.state().plans_started(), 1);
    wait_for_plan(&mut h);
    assert!(h.query_by_label("computing…").is_none());
    assert!(
        h.query_by_label_contains("fixes are ranked greedily")
            .is_some()
    );
    let first = &expected.fixes[0];
    h.get_by_label(&format!("#1 {}", first.summary)).click();
    h.run();
    let el = h.state().model().element_id(&first.element).unwrap();
    assert_eq!(h.state().selection.iter().collect::<Vec<_>>(), [&el]);
    // Idle frames reuse the plan.
    h.run_steps(5);
    assert_eq!(h.state().plans_started(), 1);
    // An edit makes a new plan for the new state; the old one is not shown meanwhile.
    h.state_mut()
        .push("Edit", zoneplan::model::Command::RemoveAsset("A-90".into()));
    h.step();
    h.step();
    assert_eq!(h.state().plans_started(), 2);
    wait_for_plan(&mut h);
    let again = FixPlan::compute(h.state().model(), catalog());
    assert!(
        h.query_by_label(&format!("#1 {}", again.fixes[0].summary))
            .is_some()
    );
}

#[test]
fn invalid_port_keeps_the_old_value_and_says_why() {
    let mut h = harness(two_zones(), Arc::default());
    h.state_mut().selection = std::iter::once(ElementId::Conduit("C-1".into())).collect();
    h.run();
    h.get_by_label("Add channel").click();
    h.run();
    type_into(&mut h, "Port", "502");
    assert_eq!(
        h.state().model().conduits["C-1"].channels[0].port,
        Some(502)
    );
    for bad in ["abc", "99999"] {
        type_into(&mut h, "Port", bad);
        assert_eq!(
            h.state().model().conduits["C-1"].channels[0].port,
            Some(502),
            "“{bad}” must not blank or change the port"
        );
        assert!(
            h.query_by_label_contains(&format!("“{bad}” is not a port"))
                .is_some(),
            "the field says why beside it"
        );
    }
    // A valid entry clears the message.
    type_into(&mut h, "Port", "4840");
    assert_eq!(
        h.state().model().conduits["C-1"].channels[0].port,
        Some(4840)
    );
    assert!(h.query_by_label_contains("is not a port").is_none());
}

#[test]
fn no_native_dialog_opens_the_built_in_one_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = Arc::new(ScriptedDialogs::new([DialogAnswer::Unavailable(
        "no desktop portal (no D-Bus session bus) and no zenity".to_owned(),
    )]));
    // egui_file's two text fields (folder, file name) carry no accessible name: the check that
    // every widget has one is off for this flow only.
    let boxed: Box<dyn FileDialogs> = Box::new(dialogs.clone());
    let mut h = editor_harness(
        Harness::builder()
            .with_size(vec2(1500.0, 950.0))
            .with_accessibility_check(false),
        Editor::with_model(two_zones(), boxed),
    );
    h.state_mut().settings.recent = vec![dir.path().join("earlier.ron")];
    // A change, then New: the unsaved-changes prompt's Save must not just close it.
    let p = screen(&h, 100.0, 20.0);
    click_canvas(&mut h, p);
    h.key_press(Key::ArrowRight);
    h.run();
    let edited = h.state().model().clone();
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    // The prompt's Save (the toolbar has one too).
    h.get_all_by_label("Save").last().unwrap().click();
    h.run();
    h.run();
    assert!(
        h.state().builtin_dialog_open(),
        "the built-in dialog is open"
    );
    assert!(
        h.state()
            .toast_texts()
            .iter()
            .any(|t| t.contains("could not open") && t.contains("no zenity")),
        "a visible message says what happened: {:?}",
        h.state().toast_texts()
    );
    assert!(h.query_by_label_contains("Save zone model").is_some());
    h.get_by_label("Save here").click();
    h.run();
    h.run();
    let saved = dir.path().join("flow-test.ron");
    assert!(
        saved.is_file(),
        "saved under the suggested name; the folder holds {:?}, messages {:?}, dialog open {}",
        std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect::<Vec<_>>(),
        h.state().toast_texts(),
        h.state().builtin_dialog_open()
    );
    assert_eq!(persistence::load(&saved).unwrap(), edited);
    // Then the prompt's New went ahead; both messages of that frame are shown.
    assert!(h.state().model().zones.is_empty());
    let toasts = h.state().toast_texts();
    assert!(
        toasts.iter().any(|t| t.starts_with("Saved ")) && toasts.iter().any(|t| t == "New model"),
        "{toasts:?}"
    );
    // For the rest of the session the built-in dialog opens at once.
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert!(h.state().builtin_dialog_open());
    assert_eq!(
        dialogs.asked().len(),
        1,
        "the native dialog is not tried again"
    );
    h.get_by_label("Cancel").click();
    h.run();
    assert!(!h.state().builtin_dialog_open());
}

#[test]
fn recovery_after_a_crash_restores_the_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plant.ron");
    persistence::save(&two_zones(), &path).unwrap();
    let edited = {
        let mut h = harness(Model::default(), Arc::default());
        h.state_mut().open_path(&path);
        h.run();
        fixed_view(&mut h);
        let p = screen(&h, 100.0, 20.0);
        click_canvas(&mut h, p);
        h.key_press(Key::ArrowRight);
        h.run();
        assert!(h.state().doc.history.is_dirty());
        let file = h.state_mut().autosave_now().unwrap();
        assert_eq!(file, dir.path().join(".plant.ron.recovery"));
        assert!(file.is_file(), "autosaved beside the model");
        h.state().model().clone()
        // Dropped here without saving or quitting: a crash.
    };
    assert_ne!(edited, two_zones());
    let mut h = harness(Model::default(), Arc::default());
    h.state_mut().open_path(&path);
    h.run();
    assert!(h.query_by_label("Recover unsaved changes?").is_some());
    assert!(
        h.query_by_label_contains("zones changed").is_some(),
        "what differs (the zone moved with its subzone)"
    );
    assert!(h.query_by_label_contains("just now").is_some(), "when");
    h.get_by_label("Restore changes").click();
    h.run();
    assert_eq!(h.state().model(), &edited);
    assert!(h.state().doc.history.is_dirty(), "restored, not yet saved");
    // Saving removes the recovery file; the next open offers nothing.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!dir.path().join(".plant.ron.recovery").exists());
    assert_eq!(persistence::load(&path).unwrap(), edited);
    h.state_mut().open_path(&path);
    h.run();
    assert!(h.query_by_label("Recover unsaved changes?").is_none());
}

#[test]
fn unsaved_model_recovery_and_a_clean_discard() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut h = harness(two_zones(), Arc::default());
        h.state_mut()
            .set_recovery_dir(Some(dir.path().to_path_buf()));
        fixed_view(&mut h);
        let p = screen(&h, 100.0, 20.0);
        click_canvas(&mut h, p);
        h.key_press(Key::ArrowRight);
        h.run();
        h.state_mut().autosave_now().unwrap();
    }
    let mut h = harness(Model::default(), Arc::default());
    h.state_mut()
        .set_recovery_dir(Some(dir.path().to_path_buf()));
    h.state_mut().offer_unsaved_recovery();
    h.run();
    assert!(h.query_by_label_contains("an unsaved model").is_some());
    assert!(h.query_by_label_contains("3 zones added").is_some());
    h.get_by_label("Restore changes").click();
    h.run();
    assert_eq!(h.state().model().zones.len(), 3);
    // Discarding the changes at the unsaved prompt removes the recovery file.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("Discard").click();
    h.run();
    assert!(!dir.path().join("unsaved-model.recovery.ron").exists());
}

#[test]
fn paste_ignores_the_system_clipboard_and_undo_works_in_an_open_combo() {
    let mut h = harness(two_zones(), Arc::default());
    h.state_mut().selection = std::iter::once(ElementId::Asset("A-1".into())).collect();
    h.run();
    h.event(egui::Event::Copy);
    h.run();
    // Whatever text the system clipboard holds, Ctrl+V pastes the editor's own copy.
    h.event(egui::Event::Paste(
        "some text from another program".to_owned(),
    ));
    h.run();
    h.event(egui::Event::Paste(String::new()));
    h.run();
    let names: Vec<String> = h
        .state()
        .model()
        .assets
        .values()
        .map(|a| a.name.clone())
        .collect();
    assert!(names.contains(&"A-1 (2)".to_owned()) && names.contains(&"A-1 (3)".to_owned()));
    let pos = |h: &Harness<'_, Editor>, name: &str| {
        h.state()
            .model()
            .assets
            .values()
            .find(|a| a.name == name)
            .map(|a| a.pos)
            .unwrap()
    };
    assert_ne!(
        pos(&h, "A-1"),
        pos(&h, "A-1 (2)"),
        "not on top of the original"
    );
    assert_ne!(
        pos(&h, "A-1 (2)"),
        pos(&h, "A-1 (3)"),
        "nor on top of each other"
    );
    // Undo with a combo box open in the inspector.
    h.state_mut().selection = std::iter::once(ElementId::Asset("A-1".into())).collect();
    h.run();
    h.get_by_label("Criticality").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().model().assets.len(),
        4,
        "the second paste is undone"
    );
}

#[test]
fn findings_list_lays_out_only_the_rows_in_view() {
    let mut m = two_zones();
    for i in 0..600 {
        m.insert_zone(Zone::new(
            format!("Z-E{i:03}").as_str(),
            format!("Empty {i}"),
            ZoneKind::Control,
            Rect::new(
                2000.0 + 50.0 * (i % 30) as f32,
                60.0 * (i / 30) as f32,
                40.0,
                40.0,
            ),
        ));
    }
    let mut h = harness(m, Arc::default());
    let findings = h.state().analysis().findings.len();
    assert!(findings > 600, "{findings} findings");
    h.get_by_label_contains("Findings (").click();
    h.run();
    let rows = h.get_all_by_label("Accept…").count();
    assert!(
        (5..80).contains(&rows),
        "{rows} rows laid out for {findings} findings"
    );
}

fn water_plant() -> Model {
    persistence::from_str(
        include_str!("../sample-models/water-treatment.ron"),
        "water-treatment.ron",
    )
    .expect("the sample loads")
}

/// The titles the canvas painted: every zone named (in full when `whole`, else perhaps
/// abbreviated with "…"), inside its zone, clear of every zone nested in it and of every other
/// title; returns the smallest name size (points).
fn check_titles(h: &Harness<'_, Editor>, m: &Model, whole: bool) -> f32 {
    let ed = h.state();
    let titles = ed.canvas_titles();
    assert_eq!(titles.len(), m.zones.len(), "every zone has a title at fit");
    let screen = |r: &Rect| {
        let s = ed.view.rect_to_screen(r);
        Rect::new(s.min.x, s.min.y, s.width(), s.height())
    };
    let mut min_size = f32::INFINITY;
    for t in titles {
        let zone = &m.zones[&t.zone];
        let name: Vec<&str> = t.name.iter().map(|l| l.text.as_str()).collect();
        if whole || !t.abbreviated {
            assert!(!t.abbreviated, "{} abbreviated", zone.name);
            assert_eq!(name.join(" "), zone.name, "names are never cut");
        } else {
            let stem = name[0].strip_suffix('…').expect("abbreviated with …");
            assert!(zone.name.starts_with(stem) && name.len() == 1);
        }
        assert!(t.badge.is_some(), "{} has its badge", zone.name);
        min_size = min_size.min(t.name_size());
        let own = screen(&zone.rect);
        for r in t.rects() {
            assert!(
                own.expand(0.5).contains_rect(&r),
                "{} leaves its zone",
                zone.name
            );
            for other in m.zones.values() {
                if m.ancestors(&other.id).contains(&zone.id) {
                    assert!(
                        !r.intersects(&screen(&other.rect)),
                        "{}'s title covers subzone {}",
                        zone.name,
                        other.name
                    );
                }
            }
            for u in titles.iter().filter(|u| u.zone != t.zone) {
                assert!(
                    u.rects().all(|q| !q.intersects(&r)),
                    "titles of {} and {} overlap",
                    zone.name,
                    m.zones[&u.zone].name
                );
            }
        }
    }
    min_size
}

#[test]
fn water_plant_titles_at_fit_are_whole_readable_and_apart() {
    let m = water_plant();
    // The subzone of the issue: its badge must stay clear of its parent's.
    assert_eq!(
        m.zones["Z-CHEM"].parent.as_ref().map(|p| p.as_str()),
        Some("Z-TRT")
    );
    let mut h = editor_harness(
        Harness::builder().with_size(vec2(1920.0, 1080.0)),
        Editor::with_model(m.clone(), Box::new(ScriptedDialogs::default())),
    );
    let normal = zoneplan::diagram::Legibility::NORMAL;
    let size = check_titles(&h, &m, true);
    assert!(size >= normal.title_min, "{size}");
    assert!(
        h.state().view.zoom < 0.7,
        "at fit the diagram's own asset names are too small to read"
    );

    // Workshop mode on a 1920 × 1080 projector: the interface is scaled, so the window is
    // 1920/scale points wide.
    h.key_press(Key::F11);
    h.run();
    let ppp = h.ctx.pixels_per_point();
    assert!(ppp > 1.0, "workshop mode scales the interface");
    h.set_size(vec2(1920.0 / ppp, 1080.0 / ppp));
    h.state_mut().act(zoneplan::ui::Action::ZoomFit);
    h.run();
    assert!(h.query_by_label("Inspector").is_none(), "panels hidden");
    let size = check_titles(&h, &m, true);
    assert!(
        size * ppp >= 20.0,
        "zone names at fit in workshop mode: {} px",
        size * ppp
    );
    for t in h.state().canvas_titles() {
        let (_, badge) = t.badge.as_ref().unwrap();
        assert!(badge.size * ppp >= 18.0, "badge {} px", badge.size * ppp);
    }

    // Panels shown in workshop mode take a small part of the screen.
    h.state_mut().act(zoneplan::ui::Action::TogglePanels);
    h.run();
    assert!(h.query_by_label("Inspector").is_some());
    let canvas = h.get_by_label("Zone canvas").rect();
    assert!(
        canvas.width() >= 0.7 * 1920.0 / ppp,
        "canvas keeps most of the width: {}",
        canvas.width()
    );

    // The editor's first window (1400 × 900, panels shown): zones are small at fit, the
    // subzone sits right under its parent's badge, and still no title touches another.
    h.key_press(Key::F11);
    h.run();
    h.set_size(vec2(1400.0, 900.0));
    h.state_mut().act(zoneplan::ui::Action::ZoomFit);
    h.run();
    assert!(h.state().view.zoom < 0.35, "{}", h.state().view.zoom);
    let size = check_titles(&h, &m, false);
    assert!(size >= normal.title_min);
}

#[test]
fn status_bar_in_workshop_mode_elides_the_path_rather_than_overlap() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir
        .path()
        .join("a-rather-long-folder-name-for-the-client-project-files")
        .join("riverbend-water-and-wastewater-treatment-zone-model-revision-c.ron");
    std::fs::create_dir_all(long.parent().unwrap()).unwrap();
    persistence::save(&two_zones(), &long).unwrap();
    let mut h = editor_harness(
        Harness::builder().with_size(vec2(1280.0, 720.0)),
        Editor::with_model(Model::default(), Box::new(ScriptedDialogs::default())),
    );
    h.state_mut().open_path(&long);
    h.run();
    h.key_press(Key::F11);
    h.run();
    h.run();
    let hint = h.get_by_label_contains("Workshop mode — F11").rect();
    let path = h.get_by_label(&long.display().to_string()).rect();
    assert!(
        hint.right() <= path.left() + 0.5,
        "the path {path:?} is drawn over the hint {hint:?}"
    );
}

#[test]
fn palette_places_once_shift_keeps_it_armed_escape_disarms() {
    let mut h = harness(two_zones(), Arc::default());
    fixed_view(&mut h);
    h.get_by_label(&palette_label("plc")).click();
    h.run();
    let p = screen(&h, 150.0, 60.0);
    click_canvas(&mut h, p);
    assert_eq!(h.state().model().assets.len(), 4);
    assert_eq!(h.state().tool, zoneplan::ui::Tool::Select, "disarmed");
    let p = screen(&h, 120.0, 90.0);
    click_canvas(&mut h, p);
    assert_eq!(h.state().model().assets.len(), 4, "a second click selects");
    // Shift keeps the kind armed for several placements.
    h.get_by_label(&palette_label("plc")).click();
    h.run();
    for x in [150.0, 240.0] {
        let p = screen(&h, x, 60.0);
        shift_click(&mut h, p);
    }
    assert_eq!(h.state().model().assets.len(), 6);
    assert!(matches!(h.state().tool, zoneplan::ui::Tool::Asset(_)));
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().tool, zoneplan::ui::Tool::Select);
}

#[test]
fn rename_in_place_with_f2_double_click_and_after_drawing_a_zone() {
    // Short frames, so two clicks a frame apart make a double-click (egui: within 0.3 s).
    let mut h = editor_harness(
        Harness::builder()
            .with_size(vec2(1500.0, 950.0))
            .with_step_dt(0.05),
        Editor::with_model(two_zones(), Box::new(ScriptedDialogs::default())),
    );
    fixed_view(&mut h);
    // F2 on the selected zone.
    h.state_mut().selection = std::iter::once(ElementId::Zone("Z-B".into())).collect();
    h.run();
    h.key_press(Key::F2);
    h.run();
    h.run();
    assert_eq!(h.state().renaming(), Some(&ElementId::Zone("Z-B".into())));
    type_into(&mut h, "Name on canvas", "Reactor hall");
    assert_eq!(h.state().model().zones["Z-B"].name, "Reactor hall");
    assert_eq!(h.state().renaming(), None);
    // Double-click on an asset; Escape keeps the old name.
    let p = screen(&h, 280.0, 100.0);
    h.hover_at(p);
    h.run();
    for _ in 0..2 {
        for pressed in [true, false] {
            h.event(egui::Event::PointerButton {
                pos: p,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
            h.step();
        }
    }
    h.run();
    assert_eq!(h.state().renaming(), Some(&ElementId::Asset("A-1".into())));
    h.get_by_label("Name on canvas").type_text("Nope");
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().model().assets["A-1"].name, "A-1");
    assert_eq!(h.state().renaming(), None);
    // A new zone's name field has the focus: typing names it.
    h.get_by_label("Zone tool").click();
    h.run();
    let (a, b) = (screen(&h, 0.0, 400.0), screen(&h, 300.0, 600.0));
    drag(&mut h, a, b);
    h.run();
    let new = h
        .state()
        .model()
        .zones
        .values()
        .find(|z| z.rect.y == 400.0)
        .map(|z| z.id.clone())
        .unwrap();
    assert_eq!(h.state().renaming(), Some(&ElementId::Zone(new.clone())));
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Name on canvas").type_text("Boiler house");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().model().zones[&new].name, "Boiler house");
}

#[test]
fn dragging_a_zone_by_its_title_moves_it_at_every_zoom() {
    let mut h = harness(two_zones(), Arc::default());
    h.state_mut().settings.snap = false;
    for zoom in [0.2, 0.5, 1.0, 2.0] {
        h.state_mut().view.zoom = zoom;
        h.state_mut().view.pan = vec2(-40.0, -40.0);
        h.run();
        h.run();
        let before = h.state().model().zones["Z-A"].rect;
        let title = h
            .state()
            .canvas_titles()
            .iter()
            .find(|t| t.zone == "Z-A")
            .map(|t| t.name_rect);
        eprintln!("zoom {zoom}: title {title:?}");
        let from = match title {
            Some(t) => Pos2::new(t.x + t.w / 2.0, t.y + t.h / 2.0),
            // Zoomed in, the diagram draws the title in the zone's header.
            None => screen(&h, before.x + 30.0, before.y + 12.0),
        };
        drag(&mut h, from, from + vec2(40.0, 30.0));
        let after = h.state().model().zones["Z-A"].rect;
        assert!(
            ((after.x - before.x) - 40.0 / zoom).abs() < 0.5
                && ((after.y - before.y) - 30.0 / zoom).abs() < 0.5,
            "zoom {zoom}: {before:?} -> {after:?}"
        );
        assert_eq!(
            h.state().model().assets["A-1"].placement,
            Placement::Zone("Z-A".into()),
            "its assets move with it"
        );
    }
}

/// Runs frames until the rebuild on its worker has landed (bounded: ten seconds).
fn wait_for_rebuild(h: &mut Harness<'_, Editor>) {
    for _ in 0..1000 {
        if !h.state().rebuild_pending() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    panic!("the rebuild never landed");
}

/// Drags zone `zone` by its title by `by` screen points, in small steps, and drops it; returns
/// where its title was before.
fn drag_zone_title(h: &mut Harness<'_, Editor>, zone: &str, by: egui::Vec2) -> egui::Rect {
    let title = h
        .state()
        .canvas_titles()
        .iter()
        .find(|t| t.zone == zone)
        .map(|t| t.name_rect)
        .expect("the zone's title is on the canvas");
    let from = Pos2::new(title.x + title.w / 2.0, title.y + title.h / 2.0);
    for (i, at) in [from, from + by / 2.0, from + by].into_iter().enumerate() {
        if i == 0 {
            h.hover_at(at);
            h.step();
            h.drag_at(at);
        } else {
            h.hover_at(at);
        }
        h.step();
    }
    h.drop_at(from + by);
    h.step(); // the drop: the move is applied after this frame
    egui::Rect::from_min_size(Pos2::new(title.x, title.y), vec2(title.w, title.h))
}

fn title_rect_x(h: &Harness<'_, Editor>, zone: &str) -> f32 {
    h.state()
        .diagram()
        .zone_titles
        .iter()
        .find(|t| t.zone == zone)
        .map(|t| t.rect.x)
        .expect("the zone is in the diagram")
}

#[test]
fn a_move_patches_the_diagram_at_once_and_a_slow_rebuild_runs_off_the_frame() {
    let mut h = harness(two_zones(), Arc::default());
    // Every rebuild after an edit is "slow": the worker path, on a small model.
    h.state_mut()
        .set_sync_rebuild_budget(std::time::Duration::ZERO);
    // Slow enough that the frames right after the edit see it running.
    h.state_mut()
        .set_rebuild_worker_delay(std::time::Duration::from_millis(300));
    h.state_mut().settings.snap = false;
    fixed_view(&mut h);
    let (rebuilds, patches) = (h.state().rebuilds(), h.state().patches());

    // A pure move (Operations B, 100 points right, into no other zone) needs no analysis:
    // the diagram is patched on the next frame, whatever the rebuild budget.
    drag_zone_title(&mut h, "Z-B", vec2(100.0, 0.0));
    h.step();
    assert_eq!(h.state().model().zones["Z-B"].rect.x, 700.0);
    assert!(!h.state().rebuild_pending(), "patched, not rebuilt");
    assert_eq!(h.state().patches(), patches + 1);
    assert_eq!(h.state().rebuilds(), rebuilds + 1);
    assert_eq!(title_rect_x(&h, "Z-B"), 700.0);
    assert_diagram_is_fresh(&h, "a zone moved");

    // Safety S dragged out of Control A loses its parent: the analysis changes, and the
    // rebuild runs on its worker while the frames go on.
    let before = h.state().model().clone();
    let title = drag_zone_title(&mut h, "Z-S", vec2(0.0, 400.0));
    h.step(); // the rebuild starts on its worker; the frame does not wait for it
    assert_eq!(h.state().model().zones["Z-S"].parent, None);
    assert!(
        h.state().rebuild_pending(),
        "the diagram shown is the old one"
    );
    let shown = h
        .state()
        .canvas_titles()
        .iter()
        .find(|t| t.zone == "Z-S")
        .map(|t| t.name_rect.y)
        .unwrap();
    assert!(
        (shown - (title.min.y + 400.0)).abs() < 1.0,
        "drawn where dropped ({shown}), not back at {}",
        title.min.y
    );
    wait_for_rebuild(&mut h);
    h.run();
    assert_eq!(h.state().patches(), patches + 1, "rebuilt, not patched");
    let rect = h
        .state()
        .diagram()
        .zone_titles
        .iter()
        .find(|t| t.zone == "Z-S")
        .map(|t| t.rect.y)
        .unwrap();
    assert_eq!(
        rect, 560.0,
        "the new diagram has the zone where it was dropped"
    );
    // Undo takes the same path and lands too.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    wait_for_rebuild(&mut h);
    assert_eq!(h.state().model(), &before);
}

/// The diagram shown equals the one a fresh build of the model makes, and the analysis shown
/// (updated after in-place edits) the one run afresh, item for item.
fn assert_diagram_is_fresh(h: &Harness<'_, Editor>, what: &str) {
    let analysis =
        zoneplan::analysis::Analysis::run(h.state().model(), zoneplan::catalog::catalog());
    assert_eq!(
        h.state().diagram(),
        &zoneplan::diagram::build(h.state().model(), &analysis, &Default::default()),
        "{what}: the patched diagram is the one a rebuild makes"
    );
    // The analysis shown (updated after in-place edits) is the model's, item for item.
    let shown = h.state().analysis();
    assert_eq!(shown.findings, analysis.findings, "{what}: findings");
    assert_eq!(shown.deltas.zones, analysis.deltas.zones, "{what}: zones");
    assert_eq!(shown.deltas.conduits, analysis.deltas.conduits, "{what}");
    assert_eq!(
        shown.deltas.assets, analysis.deltas.assets,
        "{what}: assets"
    );
}

#[test]
fn in_place_edits_patch_the_diagram_with_the_new_analysis_here_or_off_the_frame() {
    let mut m = two_zones();
    m.zones.get_mut("Z-A").unwrap().sl_t = Some(SlVector::from_levels([2; 7]).unwrap());
    for a in ["A-1", "A-2"] {
        m.assets.get_mut(a).unwrap().sl_c = SlVector::from_levels([2; 7]).unwrap();
    }
    m.assets.get_mut("A-2").unwrap().sl_c_source = zoneplan::model::SlcSource::Vendor {
        document: "Manual".into(),
    };
    let mut h = harness(m, Arc::default());
    fixed_view(&mut h);
    let patches = h.state().patches();

    // A small plant: the SL-C source of the PLC, picked in the inspector, is analysed and
    // patched into the diagram on the frame (its zone's badge and the PLC's dot change).
    h.state_mut().selection = std::iter::once(ElementId::Asset("A-1".into())).collect();
    h.run();
    let unmet_before = unmet_in(&h, "Z-A");
    pick(&mut h, "SL-C source", "Vendor statement");
    assert!(!h.state().rebuild_pending());
    assert_ne!(unmet_in(&h, "Z-A"), unmet_before, "the analysis follows");
    assert!(h.state().patches() > patches, "patched, not rebuilt");
    assert_diagram_is_fresh(&h, "SL-C source");

    // Every rebuild "slow": the worker analyses, the frame that lands it patches.
    h.state_mut()
        .set_sync_rebuild_budget(std::time::Duration::ZERO);
    h.state_mut()
        .set_rebuild_worker_delay(std::time::Duration::from_millis(200));
    let patches = h.state().patches();
    h.state_mut().selection = std::iter::once(ElementId::Zone("Z-B".into())).collect();
    h.run();
    h.key_press(Key::F2);
    h.run();
    h.run();
    // (A rebuild runs while typing: step, as the spinner keeps the frames coming.)
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Name on canvas")
        .type_text("Reactor hall with a longer name");
    h.step();
    h.key_press(Key::Enter);
    h.step();
    assert_eq!(
        h.state().model().zones["Z-B"].name,
        "Reactor hall with a longer name"
    );
    wait_for_rebuild(&mut h);
    h.run();
    assert_eq!(h.state().patches(), patches + 1, "patched off the frame");
    assert_diagram_is_fresh(&h, "rename");
    let title = h
        .state()
        .canvas_titles()
        .iter()
        .find(|t| t.zone == "Z-B")
        .map(|t| t.name.iter().map(|p| p.text.clone()).collect::<String>())
        .unwrap();
    assert!(
        title.contains("Reactor"),
        "the canvas shows the new name: {title}"
    );

    // Undo is an in-place edit too.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    wait_for_rebuild(&mut h);
    h.run();
    assert_eq!(h.state().model().zones["Z-B"].name, "Operations B");
    assert_eq!(h.state().patches(), patches + 2);
    assert_diagram_is_fresh(&h, "undo");

    // Deleting an asset changes the structure: rebuilt, not patched.
    h.state_mut().selection = std::iter::once(ElementId::Asset("A-3".into())).collect();
    h.run();
    h.key_press(Key::Delete);
    h.step();
    wait_for_rebuild(&mut h);
    h.run();
    assert!(!h.state().model().assets.contains_key("A-3"));
    assert_eq!(h.state().patches(), patches + 2, "rebuilt");
    assert_diagram_is_fresh(&h, "delete");
}

/// A harness for views whose new grids (scenarios, matrix, tailoring, dialogs) take a few
/// frames to size their columns.
fn harness_with_new_grids(m: Model) -> Harness<'static, Editor> {
    let dialogs: Box<dyn FileDialogs> = Box::new(Arc::new(ScriptedDialogs::default()));
    editor_harness(
        Harness::builder()
            .with_size(vec2(1500.0, 950.0))
            .with_max_steps(10),
        Editor::with_model(m, dialogs),
    )
}

#[test]
fn derive_an_slt_from_two_scenarios_tailor_one_fr_then_undo() {
    let mut m = two_zones();
    let z = m.zones.get_mut("Z-A").unwrap();
    z.sl_t = Some(SlVector::from_levels([1; 7]).unwrap());
    z.sl_t_rationale = "Placeholder from the kick-off".into();
    let mut h = harness_with_new_grids(m);
    let unmet_before = unmet_in(&h, "Z-A");
    h.state_mut().selection = std::iter::once(ElementId::Zone("Z-A".into())).collect();
    h.run();
    h.get_by_label("Risk").click();
    h.run();
    assert!(
        h.query_by_label("No proposal yet: add a scenario with a likelihood and a consequence.")
            .is_some()
    );

    // Scenario 1: ransomware from the office, possible, major production loss: risk 7.
    h.get_by_label("Add scenario").click();
    h.run();
    type_into(&mut h, "Title", "Ransomware from the office network");
    pick(&mut h, "Likelihood", "3 Possible");
    pick(&mut h, "Production", "4 Major");
    // Scenario 2: a hacktivist, unlikely, moderate safety consequence: risk 5, tolerable.
    h.get_by_label("Add scenario").click();
    h.run();
    type_into(&mut h, "Title", "Hacktivist changes a setpoint");
    pick(&mut h, "Threat source", "Hacktivist");
    pick(&mut h, "Likelihood", "2 Unlikely");
    pick(&mut h, "Safety", "3 Moderate");
    let risk = h.state().model().zones["Z-A"].risk.clone();
    assert_eq!(risk.scenarios.len(), 2);
    assert_eq!(
        risk.scenarios[0].title,
        "Ransomware from the office network"
    );
    assert_eq!(risk.scenarios[0].consequences.production, Some(4));
    assert_eq!(risk.scenarios[1].likelihood, 2);
    // Risk gap 2 bands → SL 3; Major → SL 3; cybercriminal and hacktivist → SL 2.
    assert!(h.query_by_label("Proposed SL-T {3 3 3 3 3 3 3}").is_some());
    assert!(
        h.query_by_label_contains("2 bands above, so SL 3")
            .is_some()
    );

    // Tailor DC down: Apply waits for the note.
    pick(&mut h, "DC level", "SL 1");
    assert!(
        h.query_by_label("A note is needed: why this FR differs.")
            .is_some()
    );
    h.get_by_label("Apply derivation").scroll_to_me();
    h.run();
    h.get_by_label("Apply derivation").click();
    h.run();
    assert_eq!(
        h.state().model().zones["Z-A"].sl_t,
        SlVector::from_levels([1; 7])
    );
    type_into(
        &mut h,
        "DC note",
        "Process values only; nothing confidential",
    );
    assert!(
        h.query_by_label("A note is needed: why this FR differs.")
            .is_none()
    );
    h.get_by_label("Apply derivation").scroll_to_me();
    h.run();
    h.get_by_label("Apply derivation").click();
    h.run();
    let z = &h.state().model().zones["Z-A"];
    let derived = SlVector::from_levels([3, 3, 3, 1, 3, 3, 3]);
    assert_eq!(z.sl_t, derived);
    assert_eq!(z.risk.applied, derived);
    assert_eq!(
        z.risk.tailoring[0].note,
        "Process values only; nothing confidential"
    );
    assert_eq!(
        h.state().doc.history.undo_label(),
        Some("Apply SL-T derivation to Control A")
    );
    let unmet_after = unmet_in(&h, "Z-A");
    assert!(
        unmet_after.len() > unmet_before.len(),
        "a higher target, more items due"
    );
    assert!(h.query_by_label("applied").is_some());

    // Undo: the SL-T, its derivation mark and the deltas go back; the scenarios stay.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let z = &h.state().model().zones["Z-A"];
    assert_eq!(z.sl_t, SlVector::from_levels([1; 7]));
    assert_eq!(z.risk.applied, None);
    assert_eq!(z.risk.scenarios.len(), 2);
    assert_eq!(unmet_in(&h, "Z-A"), unmet_before);
    // Redo, then a hand edit shows as overriding the derivation.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(h.state().model().zones["Z-A"].sl_t, derived);
    let mut z = h.state().model().zones["Z-A"].clone();
    z.sl_t = SlVector::from_levels([3, 3, 3, 1, 3, 3, 2]);
    h.state_mut()
        .push("Hand edit", zoneplan::model::Command::PutZone(z));
    h.run();
    h.get_by_label("Inspector").click();
    h.run();
    assert!(
        h.query_by_label_contains("derived, then overridden by hand")
            .is_some()
    );
}

#[test]
fn approval_recorded_in_the_dialog_outdates_on_an_edit_and_the_matrix_is_one_undo_step() {
    let mut h = harness_with_new_grids(two_zones());
    // With a zone selected, "Project" names the menu only (not the inspector's heading).
    let select_a = |h: &mut Harness<'_, Editor>| {
        h.state_mut().selection = std::iter::once(ElementId::Zone("Z-A".into())).collect();
        h.run();
    };
    let select_none = |h: &mut Harness<'_, Editor>| {
        h.state_mut().selection.clear();
        h.run();
    };
    select_a(&mut h);
    h.get_by_label("Project").click();
    h.run();
    h.get_by_label("Revisions and approval…").click();
    h.run();
    assert!(h.query_by_label("No approval recorded yet.").is_some());
    // Refused without a valid date, with the reason.
    type_into(&mut h, "Approver", "R. Ortiz");
    type_into(&mut h, "Decision date", "30.11.2026");
    h.get_by_label("Record decision").click();
    h.run();
    assert!(
        h.query_by_label_contains("is not a date as YYYY-MM-DD")
            .is_some()
    );
    assert!(h.state().model().project.approvals.is_empty());
    type_into(&mut h, "Decision date", "2026-11-30");
    pick(&mut h, "Decision", "Approved with conditions");
    h.get_by_label("Record decision").click();
    h.run();
    let approvals = h.state().model().project.approvals.clone();
    assert_eq!(approvals.len(), 1);
    assert_eq!(approvals[0].approver, "R. Ortiz");
    assert_eq!(
        approvals[0].baseline.len(),
        7,
        "3 zones, 3 assets, 1 conduit"
    );
    select_none(&mut h);
    assert!(h.query_by_label("Approval: approved").is_some());
    // An edit outdates it, and the findings say which element.
    let mut z = h.state().model().zones["Z-B"].clone();
    z.organisation = "Operations".into();
    h.state_mut()
        .push("Edit zone", zoneplan::model::Command::PutZone(z));
    h.run();
    assert!(h.query_by_label("Approval: outdated").is_some());
    assert!(
        h.state()
            .analysis()
            .findings
            .iter()
            .any(|f| f.id == "approval-outdated@Z-B")
    );

    // The risk matrix dialog edits a copy; Apply is one undo step.
    select_a(&mut h);
    h.get_by_label("Project").click();
    h.run();
    h.get_by_label("Risk matrix and SL-T tables…").click();
    h.run();
    assert!(
        h.query_by_label_contains("example, not from IEC 62443")
            .is_some()
    );
    type_into(&mut h, "L 5", "Frequent");
    assert_eq!(
        h.state().model().project.risk_matrix.likelihood[4],
        "Almost certain"
    );
    h.get_by_label("Apply").click();
    h.run();
    assert_eq!(
        h.state().model().project.risk_matrix.likelihood[4],
        "Frequent"
    );
    assert_eq!(h.state().doc.history.undo_label(), Some("Edit risk matrix"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state().model().project.risk_matrix.is_default());
}

/// Clicks File → Import inventory… (the File menu already open) and waits for the preview.
fn open_import_preview(h: &mut Harness<'_, Editor>) {
    h.get_by_label("Import inventory…").click();
    for _ in 0..10 {
        h.step();
        if h.query_by_label("Import inventory").is_some() {
            break;
        }
    }
    settle(h);
}

/// Lets the editor settle after an edit: the rebuild (on its worker when the machine is slow)
/// lands, then a few frames for toasts and the modal.
fn settle(h: &mut Harness<'_, Editor>) {
    wait_for_rebuild(h);
    h.run_steps(8);
}

/// File → Import inventory…: the preview shows what will happen and changes nothing; Import
/// applies it as one undo step (with the layout); undo takes all of it back, redo brings it
/// again. A second import of the same file through the preview, cancelled, changes nothing.
#[test]
fn import_inventory_through_the_preview_then_undo_and_redo() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("inventory.csv");
    std::fs::write(
        &csv,
        "\u{feff}Name,Type,IP address,Zone,Purdue level,Criticality\r\n\
         PLC 7,Allen-Bradley ControlLogix,10.0.0.7,Control A,L1,High\r\n\
         Panel 7,HMI,10.0.0.8,Packing cell,L1,Medium\r\n\
         Mystery box,,10.0.0.9,,,\r\n\
         Broken,PLC,10.0.0.10,Control A,L9,\r\n",
    )
    .unwrap();
    let dialogs = Arc::new(ScriptedDialogs::new([Some(csv.clone()), Some(csv.clone())]));
    let mut h = harness(two_zones(), dialogs.clone());
    let before = h.state().model().clone();

    h.get_by_label("File").click();
    settle(&mut h);
    open_import_preview(&mut h);
    assert_eq!(
        dialogs.asked(),
        [zoneplan::ui::DialogKind::OpenInventory],
        "an open dialog for an inventory"
    );
    // The preview: the summary, a row error with its row and column, nothing changed yet.
    assert!(
        h.query_by_label_contains("3 added, 0 changed, 0 unchanged, 3 not in the inventory")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("row 5, column `Purdue level` (column 5): `L9`")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("row 4: `Mystery box` names no zone")
            .is_some()
    );
    assert_eq!(h.state().model(), &before, "the preview changes nothing");
    h.get_by_label("Import").click();
    settle(&mut h);
    settle(&mut h);
    assert!(
        h.query_by_label("Import inventory").is_none(),
        "the preview closed"
    );
    let after = h.state().model().clone();
    assert_eq!(after.assets.len(), before.assets.len() + 3);
    let plc = after.assets.values().find(|a| a.name == "PLC 7").unwrap();
    assert_eq!(plc.kind, "plc");
    assert_eq!(
        plc.placement,
        Placement::Zone("Z-A".into()),
        "zone found by name"
    );
    assert!(after.zones.values().any(|z| z.name == "Packing cell"));
    assert_eq!(
        zoneplan::layout::assets_outside_zones(&after),
        0,
        "laid out"
    );
    assert_eq!(h.state().doc.history.undo_label(), Some("Import inventory"));
    // One undo step takes the whole import back, one redo brings it again.
    h.get_by_label("Undo").click();
    settle(&mut h);
    assert_eq!(h.state().model(), &before);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    settle(&mut h);
    assert_eq!(h.state().model(), &after);

    // Again, now into the imported model: the preview says nothing new; Cancel.
    h.get_by_label("File").click();
    settle(&mut h);
    open_import_preview(&mut h);
    assert!(
        h.query_by_label_contains("0 added, 0 changed, 3 unchanged")
            .is_some(),
        "a re-import matches by name"
    );
    h.get_by_label("Cancel").click();
    settle(&mut h);
    assert_eq!(h.state().model(), &after, "cancel changes nothing");
}

/// Arrange → Tidy layout is one undo step; a file with assets outside their zones is offered
/// the tidy when opened.
#[test]
fn tidy_layout_is_one_undo_step_and_offered_for_messy_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut messy = two_zones();
    for a in messy.assets.values_mut() {
        a.pos = Point::new(5000.0, 5000.0);
    }
    let path = dir.path().join("messy.ron");
    persistence::save(&messy, &path).unwrap();
    let dialogs = Arc::new(ScriptedDialogs::new([Some(path.clone())]));
    let mut h = harness(Model::default(), dialogs);
    h.state_mut().open_path(&path);
    settle(&mut h);
    assert!(h.query_by_label("Assets outside their zones").is_some());
    h.get_by_label("Tidy layout").click();
    settle(&mut h);
    settle(&mut h);
    let tidy = h.state().model().clone();
    assert_eq!(zoneplan::layout::assets_outside_zones(&tidy), 0);
    assert_eq!(h.state().doc.history.undo_label(), Some("Tidy layout"));
    h.get_by_label("Undo").click();
    settle(&mut h);
    assert_eq!(h.state().model(), &messy);
    // The Arrange menu does the same.
    h.get_by_label("Arrange").click();
    settle(&mut h);
    h.get_by_label("Tidy layout").click();
    settle(&mut h);
    settle(&mut h);
    assert_eq!(h.state().model(), &tidy);
}

/// The import preview takes a mapping file instead of a preset: the preview is recomputed with
/// its columns and kind keywords before anything is imported.
#[test]
fn import_preview_with_a_mapping_file() {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let dialogs = Arc::new(ScriptedDialogs::new([
        Some(fixtures.join("monitoring-assets.csv")),
        Some(fixtures.join("monitoring-tool.mapping.ron")),
    ]));
    let mut h = harness(Model::default(), dialogs.clone());
    h.get_by_label("File").click();
    settle(&mut h);
    open_import_preview(&mut h);
    // The plain preset does not read the tool's product names.
    assert!(
        h.query_by_label_contains("not read: `mac_address` (column 5), `product_name` (column 7)")
            .is_some()
    );
    h.get_by_label("Mapping file…").hover();
    settle(&mut h);
    h.get_by_label("Mapping file…").click();
    for _ in 0..10 {
        h.step();
        if dialogs.asked().len() == 2 {
            break;
        }
    }
    settle(&mut h);
    settle(&mut h);
    assert_eq!(
        dialogs.asked()[1],
        zoneplan::ui::DialogKind::OpenMapping,
        "a dialog for the mapping file"
    );
    assert!(
        h.query_by_label_contains("model <- `product_name` (column 7)")
            .is_some(),
        "the preview uses the mapping file's columns"
    );
    assert!(h.state().model().assets.is_empty(), "nothing imported yet");
    h.get_by_label("Import").click();
    settle(&mut h);
    settle(&mut h);
    let m = h.state().model();
    assert_eq!(m.assets.len(), 9);
    let ows = m.assets.values().find(|a| a.name == "ows-03").unwrap();
    assert_eq!(
        ows.model, "OptiPlex 7090",
        "product_name mapped to the model"
    );
    assert_eq!(
        ows.kind, "operator_workstation",
        "the mapping's own keyword"
    );
}

/// File → Export SVG… and Export CSV tables…: a save dialog (a folder for CSV), the files
/// written as `zoneplan export` writes them.
#[test]
fn export_svg_and_csv_from_the_file_menu() {
    use zoneplan::interop::Format;
    use zoneplan::ui::DialogKind;

    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("plant");
    let tables = dir.path().join("tables");
    let dialogs = Arc::new(ScriptedDialogs::new([
        Some(svg.clone()),
        Some(tables.clone()),
    ]));
    let mut h = harness(two_zones(), dialogs.clone());
    for label in ["Export SVG…", "Export CSV tables…"] {
        export_through_menu_item(&mut h, &dialogs, label);
        // Written off the UI thread: frames run until it is done.
        h.step();
        wait_for_export(&mut h);
        assert!(
            h.state().last_message.starts_with("Exported"),
            "{label}: {}",
            h.state().last_message
        );
        settle(&mut h);
    }
    assert_eq!(
        dialogs.asked(),
        [
            DialogKind::Export(Format::Svg, "zoneplan.svg".to_owned()),
            DialogKind::Export(Format::Csv, "zoneplan-tables".to_owned()),
        ]
    );
    // The extension is added; the bytes are the command line's.
    let written = std::fs::read_to_string(dir.path().join("plant.svg")).unwrap();
    let model = h.state().model().clone();
    let analysis = zoneplan::analysis::Analysis::run(&model, catalog());
    assert_eq!(written, zoneplan::interop::export::svg(&model, &analysis));
    for f in [
        "assets.csv",
        "zones.csv",
        "conduits.csv",
        "findings.csv",
        "fix-plan.csv",
    ] {
        assert!(tables.join(f).is_file(), "{f}");
    }
    assert!(
        h.state().last_message.contains("5 files in"),
        "{}",
        h.state().last_message
    );
}

/// An SVG export that cannot be written: the error names the file, no dialog claims success,
/// nothing is left behind and the model is as it was.
#[test]
fn failed_svg_export_shows_the_error_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("plant.svg");
    let dialogs = Arc::new(ScriptedDialogs::new([Some(path.clone())]));
    let mut h = harness(two_zones(), dialogs.clone());
    export_through_menu_item(&mut h, &dialogs, "Export SVG…");
    h.step();
    wait_for_export(&mut h);
    assert!(
        h.query_by_label("The export could not be written")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("plant.svg: cannot write")
            .is_some()
    );
    assert!(h.state().last_message.contains("could not be exported"));
    assert!(!path.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    h.get_by_label("OK").click();
    h.run();
    assert!(
        h.query_by_label("The export could not be written")
            .is_none()
    );
    assert_eq!(h.state().model(), &two_zones());
}

/// A workbook with several sheets: the preview asks which one before it shows anything.
#[test]
fn import_preview_asks_for_the_sheet_of_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("site.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet()
        .set_name("Notes")
        .unwrap()
        .write_string(0, 0, "Walk-down notes")
        .unwrap();
    let s = wb.add_worksheet().set_name("Devices").unwrap();
    for (c, h) in ["Name", "Type", "Zone"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_string(1, 0, "PLC 9").unwrap();
    s.write_string(1, 1, "PLC").unwrap();
    s.write_string(1, 2, "Control A").unwrap();
    wb.save(&xlsx).unwrap();
    let dialogs = Arc::new(ScriptedDialogs::new([Some(xlsx)]));
    let mut h = harness(two_zones(), dialogs);
    h.get_by_label("File").click();
    settle(&mut h);
    open_import_preview(&mut h);
    assert!(
        h.query_by_label_contains("This workbook has 2 sheets")
            .is_some(),
        "the preview asks for a sheet"
    );
    pick(&mut h, "Sheet", "Devices");
    settle(&mut h);
    assert!(
        h.query_by_label_contains("1 added, 0 changed, 0 unchanged")
            .is_some(),
        "the chosen sheet is read"
    );
    h.get_by_label("Import").click();
    settle(&mut h);
    settle(&mut h);
    let plc = h
        .state()
        .model()
        .assets
        .values()
        .find(|a| a.name == "PLC 9")
        .unwrap()
        .clone();
    assert_eq!(plc.placement, Placement::Zone("Z-A".into()));
}

/// A workbook written by `zoneplan export --format xlsx`, imported into an empty editor through
/// the preview: its Zones and Conduits sheets come with the Assets sheet (no sheet to choose),
/// so the plant's zones, conduits with channels and assets are all back, in one undo step.
#[test]
fn import_preview_reads_a_whole_zoneplan_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("quickstart.xlsx");
    let sample = zoneplan::persistence::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-models/quickstart.ron"),
    )
    .unwrap();
    zoneplan::interop::write_export(&sample, zoneplan::interop::Format::Xlsx, &xlsx).unwrap();
    let dialogs = Arc::new(ScriptedDialogs::new([Some(xlsx)]));
    let mut h = harness(Model::default(), dialogs);
    h.get_by_label("File").click();
    settle(&mut h);
    open_import_preview(&mut h);
    assert!(
        h.query_by_label_contains("This workbook has").is_none(),
        "a zoneplan workbook needs no sheet chosen"
    );
    let zones = sample.zones.len();
    assert!(
        h.query_by_label_contains(&format!("(sheet Zones): {zones} zones added"))
            .is_some(),
        "the preview lists the zones sheet"
    );
    assert!(
        h.state().model().zones.is_empty(),
        "the preview changes nothing"
    );
    h.get_by_label("Import").click();
    settle(&mut h);
    settle(&mut h);
    let m = h.state().model().clone();
    assert_eq!(m.zones.len(), zones);
    assert_eq!(m.conduits.len(), sample.conduits.len());
    assert_eq!(m.assets.len(), sample.assets.len());
    assert_eq!(
        m.conduits["C-03"].channels,
        sample.conduits["C-03"].channels
    );
    assert_eq!(zoneplan::layout::assets_outside_zones(&m), 0);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert!(
        h.state().model().zones.is_empty(),
        "one undo step takes it all back"
    );
}

/// A headless editor stepped one frame at a time on a plain egui context (no kittest runs of
/// several passes), at 1920×1080: for what the canvas keeps between frames.
struct FrameRig {
    ctx: egui::Context,
    editor: Editor,
    frame: u64,
}

impl FrameRig {
    fn new(model: Model) -> Self {
        Self {
            ctx: egui::Context::default(),
            editor: Editor::with_model(model, Box::new(ScriptedDialogs::default())),
            frame: 0,
        }
    }

    /// One frame; returns its tessellated output's vertices (position and colour, in paint
    /// order across its meshes).
    fn step(&mut self) -> Vec<(egui::Pos2, egui::Color32)> {
        self.frame += 1;
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(Pos2::ZERO, vec2(1920.0, 1080.0))),
            time: Some(self.frame as f64 / 60.0),
            ..egui::RawInput::default()
        };
        let editor = &mut self.editor;
        let mut out = self.ctx.run_ui(input, |ui| editor.ui(ui));
        out.textures_delta.clear();
        self.ctx
            .tessellate(std::mem::take(&mut out.shapes), out.pixels_per_point)
            .into_iter()
            .flat_map(|p| match p.primitive {
                egui::epaint::Primitive::Mesh(m) => m.vertices,
                egui::epaint::Primitive::Callback(_) => Vec::new(),
            })
            .map(|v| (v.pos, v.color))
            .collect()
    }

    fn builds(&self) -> u64 {
        self.editor.canvas_scene_builds()
    }

    /// Steps `n` frames and returns how many still pictures they built.
    fn built_in(&mut self, n: usize) -> u64 {
        let before = self.builds();
        for _ in 0..n {
            self.step();
        }
        self.builds() - before
    }
}

#[test]
fn idle_canvas_frames_reuse_one_still_picture_until_the_diagram_view_or_mode_changes() {
    use zoneplan::diagram::ColorMode;
    use zoneplan::ui::Action;
    let mut rig = FrameRig::new(water_plant());
    for _ in 0..6 {
        rig.step();
    }
    assert!(rig.builds() >= 1, "an idle canvas builds its picture");
    assert_eq!(rig.built_in(10), 0, "idle frames reuse it");

    // A new view: the first frame paints shape by shape, the second builds, then reuse.
    rig.editor.set_zoom(0.8);
    assert_eq!(
        rig.built_in(1),
        0,
        "a view seen once is not cached (a pan or zoom)"
    );
    assert_eq!(rig.built_in(1), 1, "a view seen twice is");
    assert_eq!(rig.built_in(5), 0);
    // A view that changes every frame (a pan) never builds.
    for i in 0..5 {
        rig.editor.view.pan.x += 3.0 + i as f32;
        assert_eq!(rig.built_in(1), 0, "pan frame {i}");
    }
    assert_eq!(rig.built_in(2), 1);

    // The colour mode: the diagram is rebuilt in its colours, and the picture with it.
    rig.editor.act(Action::SetColorMode(ColorMode::Gap));
    assert!(rig.built_in(4) >= 1, "a new colour mode is painted anew");
    assert_eq!(rig.built_in(5), 0);

    // An edit of the model (a new diagram).
    let asset = rig
        .editor
        .model()
        .assets
        .keys()
        .next()
        .cloned()
        .expect("the sample has assets");
    rig.editor.selection = std::iter::once(ElementId::Asset(asset)).collect();
    let rebuilds = rig.editor.rebuilds();
    rig.editor.act(Action::Nudge(20.0, 0.0));
    assert!(rig.built_in(4) >= 1, "an edited diagram is painted anew");
    assert!(rig.editor.rebuilds() > rebuilds);
    assert_eq!(rig.built_in(5), 0);

    // Workshop mode (other text sizes, background).
    rig.editor.act(Action::ToggleWorkshop);
    assert!(rig.built_in(4) >= 1, "workshop mode is painted anew");
    assert_eq!(rig.built_in(5), 0);
}

#[test]
fn the_cached_still_picture_paints_what_painting_shape_by_shape_paints() {
    // Zoomed out (asset dots), at fit, and zoomed in (chips, text): the frame that paints shape
    // by shape and the idle frames that paint the cached picture give the same vertices.
    let mut rig = FrameRig::new(water_plant());
    for _ in 0..6 {
        rig.step();
    }
    for zoom in [0.2, 0.5, 1.0, 2.0] {
        rig.editor.set_zoom(zoom);
        let builds = rig.builds();
        let shape_by_shape = rig.step();
        assert_eq!(
            rig.builds(),
            builds,
            "zoom {zoom}: the first frame is not cached"
        );
        let building = rig.step();
        assert_eq!(rig.builds(), builds + 1, "zoom {zoom}: the second is");
        let cached = rig.step();
        assert_eq!(rig.builds(), builds + 1, "zoom {zoom}: the third reuses it");
        assert!(shape_by_shape.len() > 1000, "zoom {zoom}: a picture");
        assert_eq!(
            shape_by_shape, building,
            "zoom {zoom}: the frame that builds"
        );
        assert_eq!(shape_by_shape, cached, "zoom {zoom}: an idle frame");
    }
}

#[test]
fn titles_after_moves_match_a_fresh_layout_at_every_level_of_detail() {
    // Zoomed out (dots), half way (chips) and at zoom 1 (asset boxes): after each move only
    // the titles it reaches are laid out again; the result must be what a fresh editor on
    // the moved plant lays out.
    for zoom in [0.22, 0.5, 1.0] {
        let mut h = harness(plant(), Arc::default());
        h.state_mut().view.zoom = zoom;
        h.state_mut().view.pan = vec2(-40.0, -40.0);
        h.run();
        let patches = h.state().patches();
        let assets: Vec<ElementId> = h
            .state()
            .model()
            .assets
            .keys()
            .map(|a| ElementId::Asset(a.clone()))
            .collect();
        let zones: Vec<ElementId> = h
            .state()
            .model()
            .zones
            .keys()
            .map(|z| ElementId::Zone(z.clone()))
            .collect();
        let moves = assets.iter().step_by(3).chain(zones.iter().step_by(2));
        for (i, el) in moves.enumerate() {
            h.state_mut().selection = std::iter::once(el.clone()).collect();
            let d = if i % 2 == 0 { 40.0 } else { -25.0 };
            h.state_mut().act(zoneplan::ui::Action::Nudge(d, d / 2.0));
            h.run();
            // After each move, as a fresh editor on the moved plant lays them out.
            let mut fresh = harness(h.state().model().clone(), Arc::default());
            fresh.state_mut().view = h.state().view.clone();
            fresh.run();
            assert_eq!(
                h.state().canvas_titles(),
                fresh.state().canvas_titles(),
                "zoom {zoom}, move {i} ({el:?})"
            );
        }
        assert!(
            h.state().patches() > patches + 3,
            "the moves were patched ({} patches)",
            h.state().patches() - patches
        );
        let mut fresh = harness(h.state().model().clone(), Arc::default());
        fresh.state_mut().view = h.state().view.clone();
        fresh.run();
        assert_eq!(
            h.state().diagram(),
            fresh.state().diagram(),
            "zoom {zoom}: the diagram"
        );
        assert!(!fresh.state().canvas_titles().is_empty());
        assert_eq!(
            h.state().canvas_titles(),
            fresh.state().canvas_titles(),
            "zoom {zoom}: the titles"
        );
    }
}

#[test]
fn titles_follow_a_dragged_zone_frame_by_frame() {
    // While a zone is dragged, only the titles it reaches are laid out again each frame; every
    // frame must show what a fresh layout of that frame shows, and the drop too.
    let mut h = harness(plant(), Arc::default());
    h.state_mut().settings.snap = false;
    h.state_mut().view.zoom = 0.5;
    h.state_mut().view.pan = vec2(-40.0, -40.0);
    h.run();
    let dmz = h.state().model().zones["Z-DMZ"].rect;
    let from = h
        .state()
        .view
        .to_screen(Point::new(dmz.x + dmz.w / 2.0, dmz.y + 8.0));
    h.hover_at(from);
    h.step();
    h.drag_at(from);
    h.step();
    // Right across the operations zone, down over the control zone, left across its title
    // and up out of it again: titles are blocked and freed on the way.
    let path = (1..=12)
        .map(|i| vec2(i as f32 * 30.0, 0.0))
        .chain((1..=8).map(|i| vec2(360.0, i as f32 * 25.0)))
        .chain((1..=12).map(|i| vec2(360.0 - i as f32 * 30.0, 200.0)))
        .chain((1..=8).map(|i| vec2(0.0, 200.0 - i as f32 * 25.0)))
        .chain((1..=4).map(|i| vec2(i as f32 * 30.0, 0.0)));
    for (i, d) in path.enumerate() {
        h.hover_at(from + d);
        h.step();
        // The canvas paints before it reads this frame's pointer: compare once the pointer
        // has been still for a frame.
        h.step();
        assert!(h.state().canvas_titles().len() >= 5, "frame {i}");
        assert_eq!(
            h.state().canvas_titles(),
            h.state().canvas_titles_afresh().as_slice(),
            "frame {i} of the drag"
        );
    }
    h.drop_at(from + vec2(120.0, 0.0));
    h.run();
    assert_ne!(h.state().model().zones["Z-DMZ"].rect, dmz, "the zone moved");
    assert_eq!(
        h.state().canvas_titles(),
        h.state().canvas_titles_afresh().as_slice(),
        "after the drop"
    );
}

#[test]
fn the_project_lists_many_countermeasures_lazily_and_a_click_selects_one() {
    let mut m = water_plant();
    let first = m
        .countermeasures
        .values()
        .next()
        .expect("the sample has countermeasures")
        .clone();
    for i in 0..120 {
        let mut cm = first.clone();
        cm.id = format!("CM-X{i:03}").as_str().into();
        cm.name = format!("Extra measure {i}");
        m.countermeasures.insert(cm.id.clone(), cm);
    }
    let mut h = harness(m, Arc::default());
    h.state_mut().selection.clear();
    h.run();
    let row = |cm: &zoneplan::model::Countermeasure| {
        format!("{} — {} ({})", cm.id, cm.name, cm.status.label())
    };
    let (top, bottom) = {
        let cms = &h.state().model().countermeasures;
        let top = row(cms.values().next().expect("one"));
        let bottom = row(cms.values().last().expect("one"));
        (top, bottom)
    };
    assert!(h.query_by_label(&top).is_some(), "the first row is shown");
    assert!(
        h.query_by_label(&bottom).is_none(),
        "rows out of view are not laid out"
    );
    h.get_by_label(&top).click();
    h.run();
    let id = h
        .state()
        .model()
        .countermeasures
        .keys()
        .next()
        .expect("one")
        .clone();
    assert_eq!(
        h.state().selection,
        std::iter::once(ElementId::Countermeasure(id)).collect()
    );
}
