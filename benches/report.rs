//! Report speed (release): analysis + `ReportData::build` + layout + PDF serialisation.
//!
//! - the largest sample plant (target: under 300 ms);
//! - a generated plant of 200 zones, 2,000 assets and 400 conduits (`common/synth.rs`;
//!   target: under 2 s);
//! - a batch of 40 models, once one after the other and once in parallel on all cores with
//!   rayon as `zoneplan report --out-dir` does (target: parallel wall time about half the
//!   serial time on 2 cores);
//! - an empty model: the fixed cost (fonts, cover, contents, chapters);
//! - the HTML export of the largest sample.
//!
//! These run in one process, so one-time costs (parsing the fonts) are paid once; a whole
//! `zoneplan report` also pays them. Until the fonts were subset, deflating the two whole
//! fonts (about 70 ms, once per process) was most of the gap between the two.
//!
//! `cargo bench --bench report`

use std::path::{Path, PathBuf};

/// The allocator the `zoneplan` binary uses (see `src/main.rs`), so the figures are the
/// program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use rayon::prelude::*;
use zoneplan::model::Model;
use zoneplan::persistence;
use zoneplan::report::{self, Options};

#[path = "common/synth.rs"]
#[expect(
    dead_code,
    reason = "this benchmark uses its own plant size, not `Params::BENCH`"
)]
mod synth;

fn samples() -> Vec<(PathBuf, Model)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-models");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|x| x == "ron"));
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| persistence::load(&p).ok().map(|m| (p, m)))
        .collect()
}

fn bench(c: &mut Criterion) {
    let opts = Options::default();
    let samples = samples();
    let mut g = c.benchmark_group("report");
    g.sample_size(10);

    if let Some((path, model)) = samples
        .iter()
        .max_by_key(|(p, _)| std::fs::metadata(p).map_or(0, |m| m.len()))
    {
        let name = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        g.bench_function(format!("pdf/largest-sample/{name}"), |b| {
            b.iter(|| report::report(model, &opts).map(|r| r.bytes.len()));
        });
        g.bench_function(format!("html/largest-sample/{name}"), |b| {
            b.iter(|| report::report_html(model, &opts).len());
        });
    }

    let empty = Model::default();
    g.bench_function("pdf/empty-model", |b| {
        b.iter(|| report::report(&empty, &opts).map(|r| r.bytes.len()));
    });

    let params = synth::Params {
        zones: 200,
        assets: 2_000,
        conduits: 400,
        hubs: 0,
        seed: synth::DEFAULT_SEED,
    };
    match synth::generate(&params) {
        Ok(big) => {
            if let Ok(r) = report::report(&big, &opts) {
                eprintln!(
                    "generated plant report: {} pages, {} bytes",
                    r.pages,
                    r.bytes.len()
                );
            }
            g.bench_function("pdf/generated-200z-2000a-400c", |b| {
                b.iter(|| report::report(&big, &opts).map(|r| r.bytes.len()));
            });
        }
        Err(e) => eprintln!("cannot generate the plant: {e}"),
    }

    // 40 models: the sample plants, repeated.
    let batch: Vec<&Model> = samples.iter().map(|(_, m)| m).cycle().take(40).collect();
    if !batch.is_empty() {
        g.bench_function("batch-40/serial", |b| {
            b.iter(|| {
                batch
                    .iter()
                    .map(|m| report::report(m, &opts).map_or(0, |r| r.pages))
                    .sum::<usize>()
            });
        });
        g.bench_function("batch-40/parallel", |b| {
            b.iter(|| {
                batch
                    .par_iter()
                    .map(|m| report::report(m, &opts).map_or(0, |r| r.pages))
                    .sum::<usize>()
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
