//! The analysis on a large generated plant (1,000 zones, 10,000 assets, 2,000 conduits; see
//! `common/synth.rs`): the whole `Analysis::run` the editor repeats after every edit (target:
//! under 10 ms in release), and its parts, `Deltas::compute` and `Topology::build`, so that
//! the headroom left for the rules stays visible as rules are added.
//!
//! The fix plan (`FixPlan::compute`, target under 50 ms) is measured beside it: the editor
//! computes it off the UI thread, `check` and the report beside the analysis.
//!
//! `cargo bench --bench analysis`

use std::hint::black_box;

/// The allocator the `zoneplan` binary uses (see `src/main.rs`), so the figures are the
/// program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use zoneplan::analysis::{Analysis, Deltas, FixPlan, Topology};
use zoneplan::catalog::catalog;

#[path = "common/synth.rs"]
mod synth;

fn analysis(c: &mut Criterion) {
    let model = match synth::generate(&synth::Params::BENCH) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("cannot generate the benchmark plant: {e}");
            return;
        }
    };
    let cat = catalog();
    let mut group = c.benchmark_group("analysis 1000z-10000a-2000c");
    group.bench_function("Analysis::run", |b| {
        b.iter(|| Analysis::run(black_box(&model), cat));
    });
    group.bench_function("Deltas::compute", |b| {
        b.iter(|| Deltas::compute(black_box(&model), cat));
    });
    group.bench_function("FixPlan::compute", |b| {
        b.iter(|| FixPlan::compute(black_box(&model), cat));
    });
    // As `check` and the report run it: from the deltas the analysis already has.
    let deltas = Deltas::compute(&model, cat);
    group.bench_function("FixPlan::from_deltas", |b| {
        b.iter(|| FixPlan::from_deltas(black_box(&model), cat, &deltas));
    });
    group.bench_function("Topology::build", |b| {
        b.iter(|| Topology::build(black_box(&model)));
    });
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
