//! PDF reports: content, layout, determinism, validity, and the `report` command in batch.
//!
//! External checkers (`pdftotext`, `qpdf`, `pdffonts`) run when installed; with the `CI`
//! environment variable set, a missing one fails the test instead of skipping the check.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions unwrap too"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use zoneplan::analysis::Analysis;
use zoneplan::catalog::{Texts, catalog};
use zoneplan::model::{
    Asset, ComponentClass, Conduit, Model, Placement, Point, Rect, SlVector, Zone, ZoneKind,
};
use zoneplan::persistence;
use zoneplan::report::data::GapLevel;
use zoneplan::report::{self, Options, Paper, ReportData};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/report")
}

/// The good test models, plus every `sample-models/*.ron` that exists.
fn models() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [
        data_dir(),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-models"),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .collect();
        found.sort();
        out.extend(found);
    }
    assert!(out.len() >= 2, "test models missing: {out:?}");
    out
}

/// Whether an external tool is installed; on CI a missing tool is a failure.
fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("--version").output().is_ok()
        || Command::new(tool).arg("-v").output().is_ok();
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "{tool} is not installed (CI installs qpdf and poppler-utils)"
    );
    ok
}

fn write_tmp(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The text of a PDF with all whitespace runs collapsed to one space.
fn pdf_text(bytes: &[u8]) -> String {
    let raw = if have("pdftotext") {
        let dir = tempfile::tempdir().unwrap();
        let p = write_tmp(dir.path(), "r.pdf", bytes);
        let out = Command::new("pdftotext").arg(&p).arg("-").output().unwrap();
        assert!(out.status.success(), "pdftotext failed");
        String::from_utf8(out.stdout).unwrap()
    } else {
        let doc = lopdf::Document::load_mem(bytes).unwrap();
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        doc.extract_text(&pages).unwrap()
    };
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn normal(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn render(model: &Model, options: &Options) -> report::Rendered {
    // `render` turns any printpdf warning into an error, so Ok means the warnings were empty.
    report::report(model, options).unwrap()
}

fn page_count(bytes: &[u8]) -> usize {
    lopdf::Document::load_mem(bytes).unwrap().get_pages().len()
}

#[test]
fn every_name_and_unmet_item_is_in_the_text() {
    for path in models() {
        let model = persistence::load(&path).unwrap();
        let r = render(&model, &Options::default());
        assert_eq!(page_count(&r.bytes), r.pages, "{}", path.display());
        let text = pdf_text(&r.bytes);
        let names = model
            .zones
            .values()
            .map(|z| &z.name)
            .chain(model.conduits.values().map(|c| &c.name))
            .chain(model.assets.values().map(|a| &a.name));
        for name in names {
            assert!(
                text.contains(&normal(name)),
                "{}: `{name}` not in the text",
                path.display()
            );
        }
        let analysis = Analysis::run(&model, catalog());
        let deltas = analysis
            .deltas
            .zones
            .iter()
            .map(|z| &z.delta)
            .chain(analysis.deltas.conduits.iter().map(|c| &c.delta));
        let mut unmet = 0;
        for d in deltas {
            for u in &d.unmet {
                unmet += 1;
                assert!(
                    text.contains(&u.requirement.id),
                    "{}: unmet {} not in the text",
                    path.display(),
                    u.requirement.id
                );
            }
        }
        // Cover, contents and eight chapters each start a page, and so does every zone and
        // conduit sheet after the first; a page holds at least ~15 unmet items, and detail
        // pages of the diagram add up to two pages per zone.
        let sheets = model.zones.len() + model.conduits.len();
        let low = 10 + model.zones.len().saturating_sub(1) + model.conduits.len().saturating_sub(1);
        let high = 12 + 3 * sheets + unmet / 15 + model.assets.len() / 10 + 2 * model.zones.len();
        assert!(
            (low..=high).contains(&r.pages),
            "{}: {} pages, expected {low}..={high}",
            path.display(),
            r.pages
        );
        for heading in [
            "Contents",
            "1 Summary",
            "2 Method",
            "3 Zone & conduit diagram",
            "4 Zone sheets",
            "5 Conduit sheets",
            "6 Countermeasures",
            "7 Findings",
            "8 Appendix",
            catalog::SR_EDITION,
            catalog::CR_EDITION,
            &format!("page {} of {}", r.pages, r.pages),
        ] {
            assert!(text.contains(heading), "{}: {heading}", path.display());
        }
    }
}

use zoneplan::catalog;

#[test]
fn same_model_gives_identical_bytes_and_paper_changes_the_size() {
    let model = persistence::load(&data_dir().join("plant.ron")).unwrap();
    let a = render(&model, &Options::default());
    let b = render(&model, &Options::default());
    assert!(a.bytes == b.bytes, "two renders differ");
    let letter = render(
        &model,
        &Options {
            paper: Paper::Letter,
            texts: None,
        },
    );
    let doc = lopdf::Document::load_mem(&letter.bytes).unwrap();
    let first = *doc.get_pages().values().next().unwrap();
    let media = doc
        .get_dictionary(first)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect::<Vec<f32>>();
    assert_eq!(media, [0.0, 0.0, 612.0, 792.0]);
    // The document id is derived from the content, not random, and not the placeholder.
    let trailer_id = |bytes: &[u8]| {
        let d = lopdf::Document::load_mem(bytes).unwrap();
        format!("{:?}", d.trailer.get(b"ID").unwrap())
    };
    assert_eq!(trailer_id(&a.bytes), trailer_id(&b.bytes));
    assert_ne!(trailer_id(&a.bytes), trailer_id(&letter.bytes));
    assert!(!trailer_id(&a.bytes).contains("placeholder"));
}

#[test]
fn pdf_is_valid_with_embedded_fonts_and_an_outline() {
    let model = persistence::load(&data_dir().join("plant.ron")).unwrap();
    let r = render(&model, &Options::default());
    let dir = tempfile::tempdir().unwrap();
    let p = write_tmp(dir.path(), "plant.pdf", &r.bytes);
    if have("qpdf") {
        let out = Command::new("qpdf")
            .arg("--check")
            .arg(&p)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "qpdf --check: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    if have("pdffonts") {
        let out = Command::new("pdffonts").arg(&p).output().unwrap();
        let listing = String::from_utf8(out.stdout).unwrap();
        let fonts: Vec<&str> = listing.lines().skip(2).collect();
        assert_eq!(fonts.len(), 2, "{listing}");
        for f in fonts {
            let cols: Vec<&str> = f.split_whitespace().collect();
            // name type... encoding emb sub uni object id
            let emb = cols[cols.len() - 5];
            assert_eq!(emb, "yes", "font not embedded: {f}");
        }
    }

    // The outline: cover, contents, eight chapters; zone and conduit sheets nested.
    let doc = lopdf::Document::load_mem(&r.bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    let outlines = catalog.get(b"Outlines").unwrap().as_reference().unwrap();
    let titles = |first: Option<lopdf::ObjectId>| {
        let mut out = Vec::new();
        let mut cur = first;
        while let Some(id) = cur {
            let d = doc.get_dictionary(id).unwrap();
            let title = lopdf::decode_text_string(d.get(b"Title").unwrap()).unwrap();
            let first_child = d.get(b"First").and_then(lopdf::Object::as_reference).ok();
            out.push((title, first_child));
            cur = d.get(b"Next").and_then(lopdf::Object::as_reference).ok();
        }
        out
    };
    let root = doc.get_dictionary(outlines).unwrap();
    let top = titles(
        root.get(b"First")
            .and_then(lopdf::Object::as_reference)
            .ok(),
    );
    let names: Vec<&str> = top.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(names.len(), 10, "{names:?}");
    assert_eq!(names[0], "Cover");
    assert_eq!(names[1], "Contents");
    let zones = top.iter().find(|(t, _)| t == "4 Zone sheets").unwrap();
    let zone_titles = titles(zones.1);
    assert_eq!(zone_titles.len(), model.zones.len());
    assert!(
        zone_titles
            .iter()
            .any(|(t, _)| t.contains("Treatment Control"))
    );
    let conduits = top.iter().find(|(t, _)| t == "5 Conduit sheets").unwrap();
    assert_eq!(titles(conduits.1).len(), model.conduits.len());
}

#[test]
fn data_summarises_levels_gaps_and_citations() {
    let model = persistence::load(&data_dir().join("plant.ron")).unwrap();
    let analysis = Analysis::run(&model, catalog());
    let data = ReportData::build(&model, &analysis, &Options::default());
    assert_eq!(data.counts.zones, 6);
    assert_eq!(data.counts.external_zones, 1);
    assert_eq!(data.counts.boundary_devices, 2);
    // The vendor zone is external: every cell unassessed.
    let vendor = data
        .zone_levels
        .iter()
        .find(|r| r.id == "Z-VENDOR")
        .unwrap();
    assert!(vendor.cells.iter().all(|c| c.gap == GapLevel::Unassessed));
    // Treatment control: SL-T 3, SL-C 1 on FR1 is two short; FR4 2 vs 1 is one short.
    let ctl = data.zone_levels.iter().find(|r| r.id == "Z-CTL").unwrap();
    assert_eq!(ctl.cells[0].label(), "3/1");
    assert_eq!(ctl.cells[0].gap, GapLevel::TwoOrMore);
    assert_eq!(ctl.cells[3].gap, GapLevel::One);
    assert_eq!(ctl.cells[2].gap, GapLevel::Met);
    // Largest gaps: sorted by unmet count, at most five, only real gaps.
    assert!(data.largest_gaps.len() <= 5 && !data.largest_gaps.is_empty());
    assert!(
        data.largest_gaps
            .windows(2)
            .all(|w| w[0].unmet >= w[1].unmet)
    );
    assert!(data.largest_gaps.iter().all(|g| g.unmet > 0));
    let total: usize = data.unmet_per_fr.iter().sum();
    assert_eq!(total, data.counts.unmet);
    // Culprits by name, planned countermeasure beside the item it will cover.
    let sheet = data.zone("Z-CTL").unwrap();
    let pki = sheet
        .assessment
        .unmet
        .iter()
        .find(|u| u.id == "SR 1.8")
        .unwrap();
    assert!(pki.culprits.contains(&"Filtration PLC".to_owned()));
    assert!(pki.reasons.contains(&"no service: pki".to_owned()));
    assert_eq!(pki.providers, "service, component, organisation");
    // No untrusted network reaches the zone: the MFA item does not apply (built-in rule).
    assert!(
        sheet
            .assessment
            .not_applicable
            .iter()
            .any(|n| n.starts_with("SR 1.1 RE(2)"))
    );
    assert!(
        sheet
            .assessment
            .covered
            .iter()
            .any(|c| c.id == "SR 1.1 RE(1)" && c.by == ["Central account management"])
    );
    // The appendix cites every unmet item, in catalog order, 3-3 before 4-2.
    for z in &data.zones {
        for u in &z.assessment.unmet {
            assert!(data.appendix.iter().any(|c| c.id == u.id), "{}", u.id);
        }
    }
    let first_cr = data.appendix.iter().position(|c| c.id.contains("CR "));
    let last_sr = data.appendix.iter().rposition(|c| c.id.starts_with("SR "));
    if let (Some(cr), Some(sr)) = (first_cr, last_sr) {
        assert!(sr < cr);
    }
    // The accepted finding is listed apart from the open ones, with its justification.
    assert!(
        data.findings
            .iter()
            .all(|f| f.id != "asset-unplaced@A-SPARE")
    );
    assert!(data.findings.iter().any(|f| f.id == "empty-zone@Z-OZONE"));
    assert_eq!(data.accepted.len(), 1);
    let acc = &data.accepted[0];
    assert_eq!(acc.finding.id, "asset-unplaced@A-SPARE");
    assert_eq!(acc.finding.elements, ["Spare Engineering Station"]);
    assert_eq!(
        (acc.by.as_str(), acc.date.as_str()),
        ("Plant manager", "2026-11-18")
    );
    assert!(acc.justification.contains("store room"));
}

#[test]
fn user_texts_appear_in_the_appendix() {
    let model = persistence::load(&data_dir().join("small.ron")).unwrap();
    let analysis = Analysis::run(&model, catalog());
    let id = analysis.deltas.zones[0].delta.unmet[0]
        .requirement
        .id
        .clone();
    let texts = Texts::parse(&format!("id,text\n{id},Our own paraphrase of this item\n")).unwrap();
    let r = render(
        &model,
        &Options {
            paper: Paper::A4,
            texts: Some(texts),
        },
    );
    assert!(pdf_text(&r.bytes).contains("Our own paraphrase of this item"));
    let plain = pdf_text(&render(&model, &Options::default()).bytes);
    assert!(!plain.contains("Our own paraphrase"));
}

/// A wide model whose names would be unreadable on one page gets per-zone detail pages, and
/// long names wrap inside the page margins.
#[test]
fn dense_model_gets_detail_pages_and_long_names_stay_inside_the_page() {
    let mut m = Model::default();
    m.project.name = "Dense synthetic plant".to_owned();
    m.project.date = "2026-01-02".to_owned();
    let long = "Extraordinarily long zone name that describes the whole process area in words";
    for i in 0..24 {
        let (col, row) = (i % 8, i / 8);
        let id = format!("Z-{i:02}");
        let rect = Rect::new(col as f32 * 900.0, row as f32 * 700.0, 600.0, 400.0);
        let mut z = Zone::new(
            id.as_str(),
            format!("Area {i:02} {long}"),
            ZoneKind::Control,
            rect,
        );
        z.sl_t = SlVector::from_levels([2; 7]);
        m.insert_zone(z);
        let mut a = Asset::new(
            format!("A-{i:02}").as_str(),
            format!("Controller {i:02} with a rather long descriptive asset name"),
            "plc",
            Point::new(rect.x + 200.0, rect.y + 200.0),
        );
        a.classes.insert(ComponentClass::Edr);
        a.sl_c = SlVector::from_levels([1; 7]).unwrap();
        a.placement = Placement::Zone(id.as_str().into());
        m.insert_asset(a);
        if i > 0 {
            let prev = format!("Z-{:02}", i - 1);
            m.insert_conduit(Conduit::new(
                format!("C-{i:02}").as_str(),
                format!("Link {i:02}"),
                vec![prev.as_str().into(), id.as_str().into()],
            ));
        }
    }
    let r = render(&m, &Options::default());
    let text = pdf_text(&r.bytes);
    assert!(text.contains("Diagram detail: Area 00"), "no detail pages");
    assert!(text.contains("Diagram detail: Area 23"));

    if !have("pdftotext") {
        return;
    }
    // Every word on the non-diagram pages lies within the page margins (48 pt at the sides),
    // on both paper sizes.
    for paper in [Paper::A4, Paper::Letter] {
        let r = render(&m, &Options { paper, texts: None });
        let dir = tempfile::tempdir().unwrap();
        let p = write_tmp(dir.path(), "dense.pdf", &r.bytes);
        let out = Command::new("pdftotext")
            .arg("-bbox")
            .arg(&p)
            .arg("-")
            .output()
            .unwrap();
        let html = String::from_utf8(out.stdout).unwrap();
        let attr = |tag: &str, name: &str| -> f32 {
            let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            let end = start + tag[start..].find('"').unwrap();
            tag[start..end].parse().unwrap()
        };
        let mut checked = 0;
        for page in html.split("<page ").skip(1) {
            let head = &page[..page.find('>').unwrap()];
            let (w, h) = (attr(head, "width"), attr(head, "height"));
            if page.contains(">diagram<") || page.contains(">Diagram<") {
                continue; // the diagram clips its own drawing
            }
            for word in page.split("<word ").skip(1) {
                let tag = &word[..word.find('>').unwrap()];
                let (x0, x1) = (attr(tag, "xMin"), attr(tag, "xMax"));
                let (y0, y1) = (attr(tag, "yMin"), attr(tag, "yMax"));
                assert!(
                    x0 >= 47.0 && x1 <= w - 47.0 && y0 >= 20.0 && y1 <= h - 20.0,
                    "{paper:?}: word outside the margins: {word}"
                );
                checked += 1;
            }
        }
        assert!(checked > 500, "{paper:?}: {checked} words checked");
    }
}

#[test]
fn an_empty_model_still_gives_a_complete_report() {
    let r = render(&Model::default(), &Options::default());
    let text = pdf_text(&r.bytes);
    for s in [
        "Untitled project",
        "The model has no zones or assets to draw.",
        "The model has no zones.",
        "The model has no conduits.",
        "No countermeasures are recorded.",
        "No open findings.",
        "This report cites no requirement items.",
    ] {
        assert!(text.contains(s), "{s}");
    }
    assert_eq!(r.pages, page_count(&r.bytes));
}

// ---- the command line --------------------------------------------------------------------

fn zoneplan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zoneplan"))
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn batch_writes_good_models_and_reports_the_broken_one() {
    let src = tempfile::tempdir().unwrap();
    let plant = std::fs::read(data_dir().join("plant.ron")).unwrap();
    let small = std::fs::read(data_dir().join("small.ron")).unwrap();
    write_tmp(src.path(), "a-plant.ron", &plant);
    write_tmp(src.path(), "b-small.ron", &small);
    write_tmp(src.path(), "c-again.ron", &plant);
    write_tmp(src.path(), "notes.txt", b"not a model");
    let broken = write_tmp(
        src.path(),
        "broken.ron",
        &std::fs::read(data_dir().join("broken/broken.ron")).unwrap(),
    );
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("reports");
    let run = zoneplan()
        .args(["report", "--out-dir"])
        .arg(&dir)
        .arg(src.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stdout}{stderr}");
    assert_eq!(
        files_in(&dir),
        ["a-plant.pdf", "b-small.pdf", "c-again.pdf"],
        "{stdout}{stderr}"
    );
    assert!(
        stderr.contains(&format!("FAIL {}:5:48", broken.display())),
        "{stderr}"
    );
    for name in ["a-plant", "b-small", "c-again"] {
        assert!(
            stdout.contains(&format!(
                "ok   {}",
                src.path().join(format!("{name}.ron")).display()
            )),
            "{stdout}"
        );
        let bytes = std::fs::read(dir.join(format!("{name}.pdf"))).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
    }
    // The same model gives the same file, whichever thread wrote it.
    assert_eq!(
        std::fs::read(dir.join("a-plant.pdf")).unwrap(),
        std::fs::read(dir.join("c-again.pdf")).unwrap()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("a-plant.pdf"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644);
    }
}

#[test]
fn single_report_and_usage_errors() {
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("plant.pdf");
    let model = data_dir().join("plant.ron");
    let ok = zoneplan()
        .args(["report", "--paper", "letter", "-o"])
        .arg(&pdf)
        .arg(&model)
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(
        stdout.starts_with("ok   ") && stdout.contains("pages)"),
        "{stdout}"
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    let empty = tempfile::tempdir().unwrap();
    let small = data_dir().join("small.ron");
    let usage: [Vec<std::ffi::OsString>; 6] = [
        // Both -o and --out-dir.
        vec![
            "-o".into(),
            pdf.clone().into(),
            "--out-dir".into(),
            out.path().into(),
            model.clone().into(),
        ],
        // -o with several models.
        vec![
            "-o".into(),
            pdf.clone().into(),
            model.clone().into(),
            small.clone().into(),
        ],
        // No models at all, or a folder without any.
        vec!["--out-dir".into(), out.path().into()],
        vec!["--out-dir".into(), out.path().into(), empty.path().into()],
        // No output named.
        vec![model.clone().into()],
        // A texts file with an unknown requirement id.
        vec![
            "--texts".into(),
            write_tmp(out.path(), "texts.csv", b"id,text\nSR 99.9,nothing\n").into(),
            "-o".into(),
            pdf.clone().into(),
            model.clone().into(),
        ],
    ];
    for args in usage {
        let run = zoneplan().arg("report").args(&args).output().unwrap();
        assert_eq!(run.status.code(), Some(2), "{args:?}: {run:?}");
        assert!(!run.stderr.is_empty());
    }
    assert_eq!(files_in(out.path()), ["plant.pdf", "texts.csv"]);
}

#[test]
fn a_failure_leaves_no_partial_file() {
    let out = tempfile::tempdir().unwrap();
    // A broken model: no PDF, no temporary file, and an earlier report stays as it was.
    let pdf = out.path().join("report.pdf");
    std::fs::write(&pdf, b"earlier report").unwrap();
    let run = zoneplan()
        .args(["report", "-o"])
        .arg(&pdf)
        .arg(data_dir().join("broken/broken.ron"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("broken.ron:5:48"));
    assert_eq!(std::fs::read(&pdf).unwrap(), b"earlier report");
    assert_eq!(files_in(out.path()), ["report.pdf"]);

    // An output that cannot be written (its "folder" is a file): the error names it, and
    // nothing is left behind.
    let blocker = out.path().join("not-a-dir");
    std::fs::write(&blocker, b"x").unwrap();
    let run = zoneplan()
        .args(["report", "-o"])
        .arg(blocker.join("r.pdf"))
        .arg(data_dir().join("small.ron"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("cannot write"));
    assert_eq!(files_in(out.path()), ["not-a-dir", "report.pdf"]);

    // The target is an existing folder: the rename fails and the temporary file goes away.
    let taken = out.path().join("taken.pdf");
    std::fs::create_dir(&taken).unwrap();
    let run = zoneplan()
        .args(["report", "-o"])
        .arg(&taken)
        .arg(data_dir().join("small.ron"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        files_in(out.path()),
        ["not-a-dir", "report.pdf", "taken.pdf"]
    );
    assert!(files_in(&taken).is_empty());

    // A read-only output folder (not enforceable for root, who may write anyway).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = out.path().join("ro");
        std::fs::create_dir(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        let probe = std::fs::write(ro.join("probe"), b"");
        if probe.is_err() {
            let run = zoneplan()
                .args(["report", "--out-dir"])
                .arg(&ro)
                .arg(data_dir().join("small.ron"))
                .output()
                .unwrap();
            assert_eq!(run.status.code(), Some(1));
            assert!(files_in(&ro).is_empty());
        }
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}
