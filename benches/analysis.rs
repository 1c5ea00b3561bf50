//! The analysis on a large generated plant (1,000 zones, 10,000 assets, 2,000 conduits; see
//! `common/synth.rs`): the whole `Analysis::run` the editor runs on opening a plant (its deltas
//! without the reasons of unmet items, which the editor works out for the one element it
//! details), `Analysis::run_with_reasons` as the report and `check` run it, and its parts,
//! `Deltas::compute` and `Topology::build`, so that the headroom left for the rules stays
//! visible as rules are added.
//!
//! After an in-place edit the editor runs `Analysis::update` instead, which judges again only
//! what the edit reaches: measured for one SL-C edit.
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
use zoneplan::model::{Command, History, Model, Moved, SlVector};

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
    // With every unmet item's reasons too, as the report and `check` run it.
    group.bench_function("Analysis::run_with_reasons", |b| {
        b.iter(|| Analysis::run_with_reasons(black_box(&model), cat));
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
    // After an edit that changed one asset in place (its SL-C on FR1 one level up), as the
    // editor analyses it: the deltas of what the edit reaches are judged again, the rules run
    // on the whole plant.
    if let Some((edited_model, edited)) = raise_one_sl_c(&model) {
        let before = Analysis::run(&model, cat);
        group.bench_function("Analysis::update (one SL-C edit)", |b| {
            b.iter(|| {
                Analysis::update(
                    &before.deltas,
                    &before.findings,
                    black_box(&edited_model),
                    cat,
                    &edited,
                )
            });
        });
        group.bench_function("Deltas::update (one SL-C edit)", |b| {
            b.iter(|| Deltas::update(&before.deltas, black_box(&edited_model), cat, &edited));
        });
    }
    group.bench_function("Topology::build", |b| {
        b.iter(|| Topology::build(black_box(&model)));
    });
    group.finish();
}

/// `model` with the SL-C of its first asset in a zone one level up on FR1 (or down from 4),
/// and the edit log the editor would hand to `Analysis::update`.
fn raise_one_sl_c(model: &Model) -> Option<(Model, Moved)> {
    let mut asset = model
        .assets
        .values()
        .find(|a| a.placement.zone().is_some())?
        .clone();
    let mut levels = asset.sl_c.levels();
    levels[0] = if levels[0] < 4 { levels[0] + 1 } else { 3 };
    asset.sl_c = SlVector::from_levels(levels)?;
    let mut edited_model = model.clone();
    let mut history = History::default();
    history.restart_changes();
    history
        .apply(&mut edited_model, "raise", Command::PutAsset(asset))
        .ok()?;
    let edited = history.edited_since(0)?.clone();
    Some((edited_model, edited))
}

criterion_group!(benches, analysis);
criterion_main!(benches);
