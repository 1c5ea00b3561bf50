//! Import, layout and export end to end: the real `zoneplan` binary on the fixtures of
//! `tests/fixtures/import/` (a NetBox export, a monitoring tool's CSV with its mapping file, a
//! 300-asset site spreadsheet) and on the samples, plus the quickstart round trip.
#![expect(
    clippy::unwrap_used,
    reason = "the helpers, like the tests, panic on output they did not expect"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use zoneplan::analysis::Analysis;
use zoneplan::catalog::catalog;
use zoneplan::interop::table;
use zoneplan::model::{Model, Placement};
use zoneplan::persistence;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
        .display()
        .to_string()
}

fn sample_path(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample-models")
        .join(name)
        .display()
        .to_string()
}

fn zoneplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zoneplan"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

/// The model without its geometry (zone rectangles, asset positions, conduit routes).
fn strip(m: &Model) -> Model {
    let mut m = m.clone();
    for z in m.zones.values_mut() {
        z.rect = Default::default();
    }
    for a in m.assets.values_mut() {
        a.pos = Default::default();
    }
    for c in m.conduits.values_mut() {
        c.route.clear();
        c.legs.clear();
    }
    m
}

/// Exports the quickstart's tables as CSV into `DIR/tables`; returns that folder.
fn quickstart_tables(dir: &Path) -> String {
    let csv_dir = path(dir, "tables");
    ok(&zoneplan(&[
        "export",
        &sample_path("quickstart.ron"),
        "--format",
        "csv",
        "-o",
        &csv_dir,
    ]));
    csv_dir
}

fn zone_named<'a>(m: &'a Model, name: &str) -> &'a zoneplan::model::Zone {
    m.zones.values().find(|z| z.name == name).unwrap()
}

fn asset_named<'a>(m: &'a Model, name: &str) -> &'a zoneplan::model::Asset {
    m.assets.values().find(|a| a.name == name).unwrap()
}

#[test]
fn netbox_export_imports_with_its_preset() {
    let dir = tempfile::tempdir().unwrap();
    let out = path(dir.path(), "plant.ron");
    let text = ok(&zoneplan(&[
        "import",
        &fixture("netbox-devices.csv"),
        "--preset",
        "netbox",
        "-o",
        &out,
    ]));
    assert!(
        text.starts_with("netbox-devices.csv: 12 added, 0 changed"),
        "{text}"
    );
    // Bad rows: named by row and column, the rest imported.
    assert!(
        text.contains("row 13, column `Name` (column 2): no name"),
        "{text}"
    );
    assert!(
        text.contains("row 15, column `Criticality` (column 19): `urgent` is not a criticality"),
        "{text}"
    );
    let m = persistence::load(Path::new(&out)).unwrap();
    assert_eq!(m.assets.len(), 12);
    // BOM gone from the first header, quoted commas kept, prefix length kept as written.
    let scada = asset_named(&m, "SCADA-01");
    assert_eq!(scada.kind, "scada_server");
    assert_eq!(scada.network, "10.20.3.10/24");
    assert_eq!(scada.vendor, "Siemens");
    // Keywords: role missing, the device type says CompactLogix.
    assert_eq!(asset_named(&m, "PLC-PACK-01").kind, "plc");
    assert_eq!(asset_named(&m, "SIS-01").kind, "safety_controller");
    assert!(asset_named(&m, "SIS-01").flags.safety_related);
    // A zone per security zone, with its Purdue level; the asset without one is unplaced.
    let dmz = zone_named(&m, "Industrial DMZ");
    assert_eq!(dmz.kind, zoneplan::model::ZoneKind::Dmz);
    assert_eq!(dmz.purdue_level, Some(zoneplan::model::PurdueLevel::L3_5));
    assert_eq!(asset_named(&m, "GW-L2-01").placement, Placement::Unplaced);
    let check = zoneplan(&["check", &out, "--format", "json", "--fail-on", "never"]);
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let ids: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.iter().any(|id| id.starts_with("asset-unplaced@")),
        "{ids:?}"
    );
    // Laid out: no asset outside its zone.
    assert_eq!(zoneplan::layout::assets_outside_zones(&m), 0);
}

#[test]
fn monitoring_tool_csv_imports_with_a_mapping_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = path(dir.path(), "plant.ron");
    let text = ok(&zoneplan(&[
        "import",
        &fixture("monitoring-assets.csv"),
        "--mapping",
        &fixture("monitoring-tool.mapping.ron"),
        "-o",
        &out,
    ]));
    assert!(text.contains("9 added"), "{text}");
    assert!(
        text.contains(
            "row 6: kind of `10.30.3.99` not recognised (`OT_device`): imported as `unknown`"
        ),
        "{text}"
    );
    let m = persistence::load(Path::new(&out)).unwrap();
    // The mapping file's own keyword (computer), then the built-in ones.
    assert_eq!(asset_named(&m, "ows-03").kind, "operator_workstation");
    assert_eq!(asset_named(&m, "S7-1500 Line 3").kind, "plc");
    assert_eq!(asset_named(&m, "sis-l3").kind, "safety_controller");
    // Two addresses in one quoted cell stay one cell.
    assert_eq!(
        asset_named(&m, "S7-1500 Line 3 (ET200)").network,
        "10.30.2.11, 10.30.12.11"
    );
    // No name: named by its IP.
    assert_eq!(asset_named(&m, "10.30.3.99").kind, "unknown");
    assert_eq!(
        zone_named(&m, "Line 3 cell").purdue_level,
        Some(zoneplan::model::PurdueLevel::L1)
    );
}

#[test]
fn reimport_updates_by_name_or_ip_instead_of_duplicating() {
    let dir = tempfile::tempdir().unwrap();
    let first = path(dir.path(), "first.ron");
    ok(&zoneplan(&[
        "import",
        &fixture("site-inventory-300.csv"),
        "-o",
        &first,
    ]));
    // The same inventory again: nothing added, everything unchanged.
    let again = path(dir.path(), "again.ron");
    let text = ok(&zoneplan(&[
        "import",
        &fixture("site-inventory-300.csv"),
        "--into",
        &first,
        "-o",
        &again,
    ]));
    assert!(
        text.starts_with("site-inventory-300.csv: 0 added, 0 changed, 300 unchanged"),
        "{text}"
    );
    // A changed inventory, matched by IP: renamed tags and new firmware update in place.
    let changed = std::fs::read_to_string(fixture("site-inventory-300.csv"))
        .unwrap()
        .replacen("ON-ERPSER-01,", "ERP-01,", 1)
        .replacen("PanelView Plus 7,12.0", "PanelView Plus 7,13.0", 1);
    let inv = dir.path().join("changed.csv");
    std::fs::write(&inv, changed).unwrap();
    let by_ip = path(dir.path(), "by-ip.ron");
    let text = ok(&zoneplan(&[
        "import",
        inv.to_str().unwrap(),
        "--into",
        &first,
        "--match",
        "ip",
        "-o",
        &by_ip,
    ]));
    assert!(text.contains("0 added, 2 changed, 298 unchanged"), "{text}");
    assert!(
        text.contains("changed A-ON-ERPSER-01 `ERP-01`: name"),
        "{text}"
    );
    let m = persistence::load(Path::new(&by_ip)).unwrap();
    assert_eq!(m.assets.len(), 300);
    assert_eq!(m.assets["A-ON-ERPSER-01"].name, "ERP-01");
    // By name, the renamed tag is a new asset.
    let text = ok(&zoneplan(&[
        "import",
        inv.to_str().unwrap(),
        "--into",
        &first,
        "--dry-run",
    ]));
    assert!(
        text.contains("1 added, 1 changed, 298 unchanged, 1 not in the inventory (left alone)"),
        "{text}"
    );
    assert!(text.contains("dry run: nothing written"), "{text}");
}

#[test]
fn workbooks_ask_for_a_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("inventory.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("Notes").unwrap();
    notes.write_string(0, 0, "Site walk-down 2026").unwrap();
    let s = wb.add_worksheet();
    s.set_name("Devices").unwrap();
    for (c, h) in ["Name", "Type", "IP", "Zone", "Purdue level", "SL-C FR1"]
        .iter()
        .enumerate()
    {
        s.write_string(2, c as u16, *h).unwrap();
    }
    s.write_string(3, 0, "PLC 1").unwrap();
    s.write_string(3, 1, "Allen-Bradley ControlLogix").unwrap();
    s.write_string(3, 2, "10.0.0.1").unwrap();
    s.write_string(3, 3, "Cell A").unwrap();
    s.write_number(3, 4, 1.0).unwrap();
    s.write_string(4, 0, "HMI 1").unwrap();
    s.write_string(4, 1, "HMI").unwrap();
    s.write_string(4, 3, "Cell A").unwrap();
    s.write_string(4, 4, "seven").unwrap();
    wb.save(&xlsx).unwrap();
    let x = xlsx.to_str().unwrap();
    let out = path(dir.path(), "plant.ron");
    // Several sheets and none chosen: a clear error, nothing written.
    let no_sheet = zoneplan(&["import", x, "-o", &out]);
    assert_eq!(no_sheet.status.code(), Some(2));
    let err = String::from_utf8_lossy(&no_sheet.stderr);
    assert!(err.contains("has 2 sheets (Notes, Devices)"), "{err}");
    assert!(err.contains("--sheet"), "{err}");
    assert!(!Path::new(&out).exists());
    let text = ok(&zoneplan(&["import", x, "--sheet", "Devices", "-o", &out]));
    assert!(
        text.starts_with("inventory.xlsx (sheet Devices): 1 added"),
        "{text}"
    );
    // Rows and columns as the spreadsheet program shows them (header on row 3).
    assert!(
        text.contains("row 5, column `Purdue level` (E): `seven` is not a Purdue level"),
        "{text}"
    );
    let m = persistence::load(Path::new(&out)).unwrap();
    assert_eq!(asset_named(&m, "PLC 1").kind, "plc");
    // SL-C given for FR1 alone is a row error; here FR1 is empty for PLC 1: nothing set.
    assert!(!asset_named(&m, "PLC 1").sl_c_source.is_known());
    let missing = zoneplan(&["import", x, "--sheet", "Nope", "-o", &out]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("has no sheet `Nope`"));
}

#[test]
fn bad_inventories_are_clear_errors_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = path(dir.path(), "plant.ron");
    let csv = dir.path().join("x.csv");
    std::fs::write(&csv, "Serial,Rack\n1,2\n").unwrap();
    let r = zoneplan(&["import", csv.to_str().unwrap(), "-o", &out]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("no column for the asset name or IP address"),
        "{err}"
    );
    assert!(err.contains("Serial, Rack"), "{err}");
    assert!(!Path::new(&out).exists());
    let map = dir.path().join("m.ron");
    std::fs::write(&map, "(columns: { nmae: [\"Host\"] })").unwrap();
    let r = zoneplan(&[
        "import",
        &fixture("netbox-devices.csv"),
        "--mapping",
        map.to_str().unwrap(),
        "-o",
        &out,
    ]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("m.ron:1:"), "{err}");
    assert!(err.contains("nmae"), "{err}");
    assert!(!Path::new(&out).exists());
}

#[path = "../benches/common/synth.rs"]
#[expect(
    dead_code,
    reason = "the layout test uses only `generate` and its parameters"
)]
mod synth;

/// A generated plant of 300 zones whose conduits include 60 that join three or four zones of
/// different bands, laid out by the real binary: every conduit line is orthogonal and passes
/// through no zone but its ends and their ancestors, and every hub conduit has one leg per zone.
#[test]
fn layout_routes_no_conduit_line_through_an_unrelated_zone() {
    let dir = tempfile::tempdir().unwrap();
    let params = synth::Params {
        zones: 300,
        assets: 3_000,
        conduits: 600,
        hubs: 60,
        seed: synth::DEFAULT_SEED,
    };
    let m = synth::generate(&params).unwrap();
    let file = path(dir.path(), "plant.ron");
    persistence::save(&m, Path::new(&file)).unwrap();
    ok(&zoneplan(&["layout", &file]));
    let m = persistence::load(Path::new(&file)).unwrap();
    assert_eq!(zoneplan::layout::conduits_through_zones(&m), Vec::new());
    let mut hubs = 0;
    for c in m.conduits.values() {
        if c.zones.len() > 2 {
            hubs += 1;
            assert_eq!(c.legs.len(), c.zones.len(), "{}", c.id);
        }
        let lines = zoneplan::diagram::conduit_paths(&m, c).unwrap();
        for path in &lines.paths {
            for w in path.windows(2) {
                assert!(w[0].x == w[1].x || w[0].y == w[1].y, "{}: {path:?}", c.id);
            }
        }
    }
    assert_eq!(hubs, 60);
    // Straight lines from the same hubs would cross zones.
    let mut straight = m.clone();
    for c in straight.conduits.values_mut() {
        c.legs.clear();
    }
    assert!(!zoneplan::layout::conduits_through_zones(&straight).is_empty());
    // The boundary devices of routed conduits (all but links between a zone and its subzone,
    // whose devices sit inside the outer zone) are on no zone.
    for a in m.assets.values() {
        let Some(c) = a.placement.conduit().map(|c| &m.conduits[c]) else {
            continue;
        };
        if c.route.is_empty() {
            continue;
        }
        let r = zoneplan::diagram::asset_rect(a);
        assert!(
            m.zones.values().all(|z| !z.rect.intersects(&r)),
            "{} of {}",
            a.id,
            c.id
        );
        // Nor on a hub.
        for h in m.conduits.values().filter(|h| h.zones.len() > 2) {
            assert!(
                !r.expand(5.0).contains_point(h.route[0]),
                "{} on {}",
                a.id,
                h.id
            );
        }
    }
}

#[test]
fn layout_command_tidies_a_messy_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = persistence::load(Path::new(&sample_path("water-treatment.ron"))).unwrap();
    for (i, a) in m.assets.values_mut().enumerate() {
        a.pos = zoneplan::model::Point::new(-3000.0 + i as f32, 5000.0);
    }
    assert!(zoneplan::layout::assets_outside_zones(&m) > 0);
    let messy = dir.path().join("messy.ron");
    persistence::save(&m, &messy).unwrap();
    let out = path(dir.path(), "tidy.ron");
    let text = ok(&zoneplan(&["layout", messy.to_str().unwrap(), "-o", &out]));
    assert!(text.starts_with("laid out "), "{text}");
    let tidy = persistence::load(Path::new(&out)).unwrap();
    assert_eq!(zoneplan::layout::assets_outside_zones(&tidy), 0);
    // Only geometry changed.
    assert_eq!(strip(&tidy), strip(&m));
    // In place, and the same bytes twice.
    ok(&zoneplan(&["layout", &out]));
    let once = std::fs::read(&out).unwrap();
    ok(&zoneplan(&["layout", &out]));
    assert_eq!(std::fs::read(&out).unwrap(), once);
}

#[test]
fn every_export_format_from_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let model = sample_path("quickstart.ron");
    let svg = path(dir.path(), "q.svg");
    ok(&zoneplan(&[
        "export", &model, "--format", "svg", "-o", &svg,
    ]));
    let s = std::fs::read_to_string(&svg).unwrap();
    assert!(s.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(s.contains(">Filler PLC</text>"));
    let drawio = path(dir.path(), "q.drawio");
    ok(&zoneplan(&[
        "export", &model, "--format", "drawio", "-o", &drawio,
    ]));
    let d = std::fs::read_to_string(&drawio).unwrap();
    check_drawio(&d, &persistence::load(Path::new(&model)).unwrap());
    let xlsx = path(dir.path(), "q.xlsx");
    ok(&zoneplan(&[
        "export", &model, "--format", "xlsx", "-o", &xlsx,
    ]));
    // The workbook reads back (calamine) with one sheet per table.
    let sheets = table::sheets(Path::new(&xlsx)).unwrap();
    assert_eq!(
        sheets,
        ["Assets", "Zones", "Conduits", "Findings", "Fix plan"]
    );
    let assets = table::read(Path::new(&xlsx), Some("Assets")).unwrap();
    assert_eq!(assets.rows.len(), 16);
    let conduits = table::read(Path::new(&xlsx), Some("Conduits")).unwrap();
    assert!(conduits.headers.contains(&"Protocol".to_owned()));
    let findings = table::read(Path::new(&xlsx), Some("Findings")).unwrap();
    assert!(!findings.rows.is_empty());
    let csv_dir = path(dir.path(), "tables");
    let text = ok(&zoneplan(&[
        "export", &model, "--format", "csv", "-o", &csv_dir,
    ]));
    for f in ["assets", "zones", "conduits", "findings", "fix-plan"] {
        assert!(text.contains(&format!("{f}.csv")), "{text}");
    }
    // The same bytes on a second export.
    let again = path(dir.path(), "q2.xlsx");
    ok(&zoneplan(&[
        "export", &model, "--format", "xlsx", "-o", &again,
    ]));
    assert_eq!(
        std::fs::read(&xlsx).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

/// The `.ron` files of a folder, sorted.
fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}

/// Every sample and the draw.io fixtures (nesting three deep, a conduit from a zone to its
/// subzone and between sibling subzones, a hub conduit with its firewall, drawn by hand in
/// hub-and-subzones.ron and laid out, with legs, in hub-laid-out.ron) exported by the binary
/// keep draw.io's structure; `tests/drawio/run` opens the same files in draw.io.
#[test]
fn drawio_export_of_every_sample_and_the_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let mut models = ron_files(Path::new(&sample_path("")));
    assert!(models.len() >= 5, "{models:?}");
    let fixtures = ron_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/drawio"));
    assert!(fixtures.len() >= 2, "{fixtures:?}");
    models.extend(fixtures);
    for model in &models {
        let out = dir.path().join("x.drawio");
        ok(&zoneplan(&[
            "export",
            &model.display().to_string(),
            "--format",
            "drawio",
            "-o",
            &out.display().to_string(),
        ]));
        let xml = std::fs::read_to_string(&out).unwrap();
        check_drawio(&xml, &persistence::load(model).unwrap());
    }
}

/// One `<mxCell>` of a draw.io file, as read back.
struct DrawioCell {
    id: String,
    parent: Option<String>,
    value: String,
    style: String,
    vertex: bool,
    edge: bool,
    source: Option<String>,
    target: Option<String>,
    /// x, y, width, height of the `<mxGeometry>` (draw.io's defaults: 0).
    geometry: [f32; 4],
    relative: bool,
}

/// The structure draw.io itself writes and reads (`tests/drawio/check.mjs` opens the files in
/// draw.io): `mxfile > diagram > mxGraphModel > root`, cells 0 and 1, each cell after its
/// container, the model's zones and assets in their containers with geometry relative to
/// them and inside their body (below a swimlane's header), containers marked `container=1`,
/// connectors in the innermost container holding both ends (where draw.io keeps them), HTML
/// labels with SL-T and SL-A.
fn check_drawio(xml: &str, model: &Model) {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let mxfile = doc.root_element();
    assert_eq!(mxfile.tag_name().name(), "mxfile");
    let diagram = mxfile.first_element_child().unwrap();
    assert_eq!(diagram.tag_name().name(), "diagram");
    assert!(diagram.attribute("id").is_some() && diagram.attribute("name").is_some());
    let graph = diagram.first_element_child().unwrap();
    assert_eq!(graph.tag_name().name(), "mxGraphModel");
    let root = graph.first_element_child().unwrap();
    assert_eq!(root.tag_name().name(), "root");
    let num = |n: roxmltree::Node<'_, '_>, a: &str| {
        n.attribute(a).map_or(0.0, |v| v.parse::<f32>().unwrap())
    };
    let cells: Vec<DrawioCell> = root
        .children()
        .filter(roxmltree::Node::is_element)
        .map(|c| {
            assert_eq!(c.tag_name().name(), "mxCell");
            let g = c.children().find(|g| g.has_tag_name("mxGeometry"));
            DrawioCell {
                id: c.attribute("id").unwrap().to_owned(),
                parent: c.attribute("parent").map(str::to_owned),
                value: c.attribute("value").unwrap_or_default().to_owned(),
                style: c.attribute("style").unwrap_or_default().to_owned(),
                vertex: c.attribute("vertex") == Some("1"),
                edge: c.attribute("edge") == Some("1"),
                source: c.attribute("source").map(str::to_owned),
                target: c.attribute("target").map(str::to_owned),
                geometry: g.map_or([0.0; 4], |g| {
                    [num(g, "x"), num(g, "y"), num(g, "width"), num(g, "height")]
                }),
                relative: g.is_some_and(|g| g.attribute("relative") == Some("1")),
            }
        })
        .collect();
    assert_eq!(
        (cells[0].id.as_str(), cells[0].parent.as_deref()),
        ("0", None)
    );
    assert_eq!(
        (cells[1].id.as_str(), cells[1].parent.as_deref()),
        ("1", Some("0"))
    );
    let by_id = |id: &str| cells.iter().position(|c| c.id == id);
    let parent_of = |i: usize| cells[i].parent.as_deref().and_then(&by_id);
    // Innermost first: the cell's containers up to the layer.
    let chain = |mut i: usize| {
        let mut out = vec![i];
        while let Some(p) = parent_of(i) {
            out.push(p);
            i = p;
        }
        out
    };
    for (i, c) in cells.iter().enumerate().skip(1) {
        let p = parent_of(i).unwrap_or_else(|| panic!("{}: parent {:?} missing", c.id, c.parent));
        assert!(
            p < i,
            "{}: written before its container {}",
            c.id,
            cells[p].id
        );
        assert_eq!(by_id(&c.id), Some(i), "{}: id written twice", c.id);
        let container = &cells[p];
        if container.vertex {
            assert!(container.style.contains("container=1;"), "{}", container.id);
        }
        if c.vertex && container.vertex {
            // Relative to the container, inside its body.
            let [x, y, w, h] = c.geometry;
            let [.., pw, ph] = container.geometry;
            let head = container
                .style
                .split(';')
                .find_map(|kv| kv.strip_prefix("startSize="))
                .map_or(0.0, |v| v.parse::<f32>().unwrap());
            assert!(
                x >= 0.0 && y >= head && x + w <= pw && y + h <= ph,
                "{}: {:?} outside the body of {} ({pw} x {ph}, header {head})",
                c.id,
                c.geometry,
                container.id
            );
        }
        if c.edge {
            assert!(c.relative, "{}: an edge's geometry is relative", c.id);
            let ends: Vec<usize> = [&c.source, &c.target]
                .into_iter()
                .map(|e| by_id(e.as_deref().unwrap()).unwrap())
                .collect();
            for &e in &ends {
                assert!(cells[e].vertex, "{}: end {} is no shape", c.id, cells[e].id);
                assert!(
                    cells[e].id.starts_with("zone-") || cells[e].id.ends_with("-hub"),
                    "{}: end {}",
                    c.id,
                    cells[e].id
                );
            }
            // draw.io's mxGraphModel.updateEdgeParent: the nearest container of both ends
            // (one end itself when it holds the other).
            let (a, b) = (chain(ends[0]), chain(ends[1]));
            let common = a.iter().find(|x| b.contains(x)).copied().unwrap();
            let common = if cells[common].vertex { common } else { 1 };
            assert_eq!(
                p, common,
                "{}: in {}, draw.io keeps it in {}",
                c.id, container.id, cells[common].id
            );
        }
        if c.vertex || c.edge {
            assert!(c.style.contains("html=1;"), "{}", c.id);
        }
    }
    // The model's elements, where they belong.
    let cell = |id: &str| &cells[by_id(id).unwrap_or_else(|| panic!("no cell {id}"))];
    for z in model.zones.values() {
        let c = cell(&format!("zone-{}", z.id));
        let want = z
            .parent
            .as_ref()
            .map_or("1".to_owned(), |p| format!("zone-{p}"));
        assert_eq!(c.parent.as_deref(), Some(want.as_str()), "{}", c.id);
        assert!(c.style.starts_with("swimlane;"), "{}", c.id);
        assert!(
            c.value.contains(&format!(
                "<b><font style=\"font-size: 12px\">{}",
                z.name
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
                    .replace('"', "&quot;")
            )),
            "{}",
            c.value
        );
        if !z.is_external() && z.sl_t.is_some() {
            assert!(
                c.value.contains("<br>SL-T {") && c.value.contains(" · SL-A {"),
                "{}",
                c.value
            );
        }
    }
    for a in model.assets.values() {
        let c = cell(&format!("asset-{}", a.id));
        if let Placement::Zone(z) = &a.placement {
            assert_eq!(
                c.parent.as_deref(),
                Some(format!("zone-{z}").as_str()),
                "{}",
                c.id
            );
        }
        // Name, then the kind's glyph and the SL-C.
        let glyph = catalog()
            .asset_kind(&a.kind)
            .map_or(a.kind.as_str(), |k| k.glyph.as_str());
        let slc = c
            .value
            .split_once(&format!("<br>{glyph} · "))
            .unwrap_or_else(|| panic!("{}", c.value))
            .1;
        assert!(
            slc.starts_with("SL-C {") || slc == "no digital interface" || slc == "SL-C unknown",
            "{}",
            c.value
        );
    }
    let mut hubs = 0;
    for k in model.conduits.values() {
        let id = format!("conduit-{}", k.id);
        if k.zones.len() > 2 {
            hubs += 1;
            assert!(cell(&format!("{id}-hub")).vertex);
            assert!(cell(&format!("{id}-1")).value.contains("SL-T"), "{id}");
        } else if k.sl_t.is_some() {
            let v = &cell(&id).value;
            assert!(v.contains("<br>SL-T {") && v.contains("<br>SL-A {"), "{v}");
        }
    }
    let vertices = cells.iter().filter(|c| c.vertex).count();
    assert_eq!(vertices, model.zones.len() + model.assets.len() + hubs);
    assert!(cells.iter().filter(|c| c.edge).count() >= model.conduits.len());
}

/// What the exported tables carry of a model: its architecture (zones, conduits with their
/// channels, assets with their SL-C and services), not its geometry and not its IEC 62443-3-2
/// records (project, approvals, risk assessments, specifications, countermeasures, accepted
/// findings, items marked not applicable), which live only in the model file.
fn architecture(m: &Model) -> Model {
    let mut m = strip(m);
    m.project = Default::default();
    m.countermeasures.clear();
    m.accepted.clear();
    for z in m.zones.values_mut() {
        z.risk = Default::default();
        z.spec = Default::default();
        z.not_applicable.clear();
    }
    for c in m.conduits.values_mut() {
        // The export writes a channel's port, its protocol's own when none is set.
        for ch in &mut c.channels {
            ch.port = ch.port.or_else(|| {
                catalog()
                    .protocol(&ch.protocol)
                    .and_then(|p| p.default_port())
            });
        }
        c.risk = Default::default();
        c.spec = Default::default();
        c.not_applicable.clear();
    }
    m
}

/// A sample's tables exported (CSV folder or workbook) and imported into an empty model on the
/// real binary, with the layout: the same zones, conduits, assets, SL-C and findings as the
/// sample, positions and the 3-2 records aside. Returns the imported model.
fn round_trip(sample: &str, format: &str) -> Model {
    let want = persistence::load(Path::new(&sample_path(sample))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let tables = path(dir.path(), if format == "xlsx" { "t.xlsx" } else { "t" });
    ok(&zoneplan(&[
        "export",
        &sample_path(sample),
        "--format",
        format,
        "-o",
        &tables,
    ]));
    let out = path(dir.path(), "back.ron");
    let text = ok(&zoneplan(&["import", &tables, "-o", &out]));
    let n = want.zones.len();
    assert!(
        text.contains(&format!("{n} zones added, 0 changed")),
        "{sample}: {text}"
    );
    assert!(
        !text.contains("skipped") || text.contains("0 rows skipped"),
        "{text}"
    );
    assert!(!text.contains("there is no"), "{sample}: {text}");
    let got = persistence::load(Path::new(&out)).unwrap();
    let (a, b) = (architecture(&got), architecture(&want));
    assert_eq!(a.zones, b.zones, "{sample}");
    assert_eq!(a.conduits, b.conduits, "{sample}");
    for (id, w) in &b.assets {
        assert_eq!(a.assets.get(id), Some(w), "{sample}: {id}");
    }
    assert_eq!(a, b, "{sample}");
    // The findings and each zone's levels are those of the sample's architecture.
    let (fa, fb) = (
        Analysis::run(&got, catalog()),
        Analysis::run(&architecture(&want), catalog()),
    );
    let ids = |x: &Analysis| {
        x.findings
            .iter()
            .map(|f| (f.id.clone(), f.rule))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&fa), ids(&fb), "{sample}");
    for z in want.zones.keys() {
        let levels = |x: &Analysis| {
            x.deltas
                .zone(z.as_str())
                .map(|d| (d.delta.sl_c, d.delta.sl_a, d.delta.unmet.len()))
        };
        assert_eq!(levels(&fa), levels(&fb), "{sample}: {z}");
    }
    // Every finding of the sample itself comes back, but those that rest on the 3-2 records.
    let of_sample = Analysis::run(&want, catalog());
    let workflow =
        |rule: &str| ["approval-outdated", "spec-incomplete", "tailoring-no-note"].contains(&rule);
    for f in of_sample.findings.iter() {
        if !workflow(f.rule) {
            assert!(
                fa.findings.iter().any(|g| g.id == f.id),
                "{sample}: finding {} ({}) lost",
                f.id,
                f.rule
            );
        }
    }
    // And the laid-out result draws every asset inside its zone.
    assert_eq!(zoneplan::layout::assets_outside_zones(&got), 0, "{sample}");
    got
}

/// The quickstart's tables, exported as CSV and imported into an empty model with the layout.
#[test]
fn quickstart_round_trip() {
    round_trip("quickstart.ron", "csv");
}

/// The water plant (services, boundary devices, nested zones, multi-channel conduits) through
/// the CSV folder and through the workbook.
#[test]
fn water_round_trip_through_csv_and_xlsx() {
    let csv = round_trip("water-treatment.ron", "csv");
    let xlsx = round_trip("water-treatment.ron", "xlsx");
    assert_eq!(strip(&csv), strip(&xlsx));
    assert!(csv.assets.values().any(|a| !a.provides.is_empty()));
}

/// Into an empty model: the zones the inventory names are created (by name, with the Purdue
/// level the rows give), the assets and their SL-C are the sample's.
#[test]
fn quickstart_assets_into_an_empty_model() {
    let sample = persistence::load(Path::new(&sample_path("quickstart.ron"))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let csv_dir = quickstart_tables(dir.path());
    let out = path(dir.path(), "fresh.ron");
    let text = ok(&zoneplan(&[
        "import",
        &path(Path::new(&csv_dir), "assets.csv"),
        "-o",
        &out,
    ]));
    // Boundary devices name conduits this model does not have: reported, imported unplaced.
    assert!(
        text.contains("the boundary device is imported unplaced"),
        "{text}"
    );
    let got = persistence::load(Path::new(&out)).unwrap();
    assert_eq!(got.assets.len(), sample.assets.len());
    for a in got.assets.values() {
        let want = &sample.assets[&a.id];
        assert_eq!(a.sl_c, want.sl_c, "{}", a.id);
        assert_eq!(a.sl_c_source, want.sl_c_source, "{}", a.id);
        assert_eq!(
            (&a.kind, &a.classes, a.flags),
            (&want.kind, &want.classes, want.flags)
        );
        if want.placement.conduit().is_some() {
            assert_eq!(a.placement, Placement::Unplaced);
            continue;
        }
        let zone = |m: &Model, x: &zoneplan::model::Asset| {
            x.placement
                .zone()
                .map(|z| (m.zones[z].name.clone(), m.zones[z].purdue_level))
        };
        assert_eq!(zone(&got, a), zone(&sample, want), "{}", a.id);
    }
    assert_eq!(got.zones.len(), sample.zones.len());
}

/// `--keep-layout`: an import into a model laid out by hand places only what is new.
#[test]
fn import_into_a_drawn_model_can_keep_its_layout() {
    let dir = tempfile::tempdir().unwrap();
    let inv = dir.path().join("more.csv");
    std::fs::write(
        &inv,
        "Name,Type,IP,Zone\nFiller PLC,plc,10.2.2.10,Filling & labelling control\n\
         Capper PLC,plc,10.2.2.40,Filling & labelling control\nBox,,,Packing hall\n",
    )
    .unwrap();
    let out = path(dir.path(), "plant.ron");
    let text = ok(&zoneplan(&[
        "import",
        inv.to_str().unwrap(),
        "--into",
        &sample_path("quickstart.ron"),
        "--keep-layout",
        "-o",
        &out,
    ]));
    assert!(text.contains("2 added, 0 changed, 1 unchanged"), "{text}");
    let before = persistence::load(Path::new(&sample_path("quickstart.ron"))).unwrap();
    let after = persistence::load(Path::new(&out)).unwrap();
    for (id, a) in &before.assets {
        assert_eq!(after.assets[id].pos, a.pos, "{id} kept its place");
    }
    for (id, z) in &before.zones {
        if id.as_str() != "Z-CTL" {
            assert_eq!(after.zones[id].rect, z.rect, "{id} kept its place");
        }
    }
    assert_eq!(zoneplan::layout::assets_outside_zones(&after), 0);
    // Without --into there is nothing to keep.
    let r = zoneplan(&["import", inv.to_str().unwrap(), "--keep-layout", "-o", &out]);
    assert_eq!(r.status.code(), Some(2));
}

/// The samples draw every asset inside its zone: opening one never offers a tidy.
#[test]
fn samples_have_no_asset_outside_its_zone() {
    for s in zoneplan::samples::SAMPLES {
        let m = zoneplan::samples::load(s).unwrap();
        assert_eq!(
            zoneplan::layout::assets_outside_zones(&m),
            0,
            "{}",
            s.file_name
        );
    }
}

/// `--zones` and `--conduits` beside a plain inventory: the tables edited in a spreadsheet,
/// with a bad cell in each; the bad rows are named by file, row and column, the rest import.
#[test]
fn zones_and_conduits_tables_given_on_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let csv_dir = quickstart_tables(dir.path());
    let t = Path::new(&csv_dir);
    let zones = std::fs::read_to_string(t.join("zones.csv"))
        .unwrap()
        .replace(
            "Z-MAINT,Maintenance laptops,Transient / maintenance",
            "Z-MAINT,Maintenance laptops,Kitchen",
        );
    std::fs::write(dir.path().join("my-zones.csv"), zones).unwrap();
    let conduits = std::fs::read_to_string(t.join("conduits.csv"))
        .unwrap()
        .replace(
            "C-04,Wi-Fi ↔ supervision,Line Wi-Fi | Line supervision",
            "C-04,Wi-Fi ↔ supervision,Line Wi-Fi | Atlantis",
        );
    std::fs::write(dir.path().join("my-conduits.csv"), conduits).unwrap();
    let out = path(dir.path(), "back.ron");
    let text = ok(&zoneplan(&[
        "import",
        &path(t, "assets.csv"),
        "--zones",
        &path(dir.path(), "my-zones.csv"),
        "--conduits",
        &path(dir.path(), "my-conduits.csv"),
        "-o",
        &out,
    ]));
    assert!(
        text.contains(
            "my-zones.csv: row 5, column `Kind` (column 3): `Kitchen` is not a zone kind"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "my-conduits.csv: row 8, column `Zones` (column 3): there is no zone `Atlantis`"
        ),
        "{text}"
    );
    // The maintenance port joins the zone whose row was skipped: skipped too, and said so.
    assert!(
        text.contains("my-conduits.csv: row 9, column `Zones` (column 3): there is no zone `Maintenance laptops`"),
        "{text}"
    );
    let got = persistence::load(Path::new(&out)).unwrap();
    assert!(!got.conduits.contains_key("C-04") && !got.conduits.contains_key("C-05"));
    assert_eq!(got.conduits.len(), 4);
    // The laptops' zone still comes, from the assets table (its kind guessed from the name).
    let maint = zone_named(&got, "Maintenance laptops");
    assert_eq!(maint.kind, zoneplan::model::ZoneKind::Transient);
    // A table that is not there is an error naming it, and nothing is written.
    let none = path(dir.path(), "none.ron");
    let bad = zoneplan(&[
        "import",
        &path(t, "assets.csv"),
        "--zones",
        "/nonexistent/z.csv",
        "-o",
        &none,
    ]);
    assert_ne!(bad.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("/nonexistent/z.csv"));
    assert!(!Path::new(&none).exists());
}
