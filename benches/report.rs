//! Report speed: analysis + `ReportData::build` + layout + PDF serialisation of the largest
//! model at hand (`sample-models/*.ron` once merged, else the report test plant), and of a
//! synthetic 40-zone, 400-asset plant.

use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use zoneplan::model::{
    Asset, ComponentClass, Conduit, Model, Placement, Point, Rect, SlVector, Zone, ZoneKind,
};
use zoneplan::persistence;
use zoneplan::report::{self, Options};

/// The biggest `.ron` among the sample models and the report test models.
fn largest_model() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut best: Option<(u64, PathBuf)> = None;
    for dir in [root.join("sample-models"), root.join("tests/data/report")] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let size = e.metadata().map_or(0, |m| m.len());
            if p.extension().is_some_and(|x| x == "ron")
                && best.as_ref().is_none_or(|(s, _)| size > *s)
            {
                best = Some((size, p));
            }
        }
    }
    best.map(|(_, p)| p)
        .unwrap_or_else(|| root.join("tests/data/report/plant.ron"))
}

/// 40 zones in a grid, 10 assets each with mixed SL-C, a conduit between neighbours.
fn synthetic() -> Model {
    let mut m = Model::default();
    m.project.name = "Synthetic plant".to_owned();
    m.project.date = "2026-01-01".to_owned();
    for i in 0..40 {
        let (col, row) = (i % 8, i / 8);
        let id = format!("Z-{i:02}");
        let rect = Rect::new(col as f32 * 900.0, row as f32 * 700.0, 760.0, 560.0);
        let mut z = Zone::new(
            id.as_str(),
            format!("Process area {i:02}"),
            ZoneKind::Control,
            rect,
        );
        z.sl_t = SlVector::from_levels([3, 3, 2, 2, 3, 2, 2]);
        m.insert_zone(z);
        for k in 0..10 {
            let mut a = Asset::new(
                format!("A-{i:02}-{k}").as_str(),
                format!("Controller {i:02}.{k}"),
                "plc",
                Point::new(
                    rect.x + 100.0 + (k % 4) as f32 * 170.0,
                    rect.y + 100.0 + (k / 4) as f32 * 120.0,
                ),
            );
            a.classes.insert(ComponentClass::Edr);
            a.sl_c =
                SlVector::from_levels([1 + (k % 3) as u8, 2, 2, 1, 2, 1, 2]).unwrap_or_default();
            a.placement = Placement::Zone(id.as_str().into());
            m.insert_asset(a);
        }
        if i > 0 {
            let prev = format!("Z-{:02}", i - 1);
            let mut c = Conduit::new(
                format!("C-{i:02}").as_str(),
                format!("Link {i:02}"),
                vec![prev.as_str().into(), id.as_str().into()],
            );
            c.sl_t = SlVector::from_levels([3, 3, 2, 2, 3, 2, 2]);
            m.insert_conduit(c);
        }
    }
    m
}

fn bench(c: &mut Criterion) {
    let path = largest_model();
    let model = persistence::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let name = path
        .file_stem()
        .map_or_else(|| "model".to_owned(), |s| s.to_string_lossy().into_owned());
    let opts = Options::default();
    let mut g = c.benchmark_group("report");
    g.sample_size(10);
    g.bench_function(format!("pdf/{name}"), |b| {
        b.iter(|| report::report(&model, &opts).map(|r| r.bytes.len()));
    });
    // The fixed cost: embedding and compressing the two fonts, cover, contents, chapters.
    let empty = Model::default();
    g.bench_function("pdf/empty-model", |b| {
        b.iter(|| report::report(&empty, &opts).map(|r| r.bytes.len()));
    });
    let big = synthetic();
    if let Ok(r) = report::report(&big, &opts) {
        eprintln!(
            "synthetic report: {} pages, {} bytes",
            r.pages,
            r.bytes.len()
        );
    }
    g.bench_function("pdf/synthetic-40-zones-400-assets", |b| {
        b.iter(|| report::report(&big, &opts).map(|r| r.bytes.len()));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
