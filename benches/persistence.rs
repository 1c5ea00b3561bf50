//! Saving and loading a large generated plant (1,000 zones, 10,000 assets, 2,000 conduits; see
//! `common/synth.rs`). Targets: `save` (serialise, write, flush, rename) and `load` (read,
//! parse, validate) each under 300 ms in release. `to_string` and `from_str` alone show how
//! much of that is the disk.
//!
//! `cargo bench --bench persistence`

use std::hint::black_box;
use std::time::Duration;

/// The allocator the `zoneplan` binary uses (see `src/main.rs`), so the figures are the
/// program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use zoneplan::persistence;

#[path = "common/synth.rs"]
mod synth;

fn persistence(c: &mut Criterion) {
    let model = match synth::generate(&synth::Params::BENCH) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("cannot generate the benchmark plant: {e}");
            return;
        }
    };
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("cannot create a temporary folder: {e}");
            return;
        }
    };
    let path = dir.path().join("plant.ron");
    let text = match persistence::to_string(&model).and_then(|t| {
        persistence::save(&model, &path)?;
        Ok(t)
    }) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot save the benchmark plant: {e}");
            return;
        }
    };
    // Time only what succeeds: a plant that does not load back would time the error path.
    match persistence::load(&path) {
        Ok(back) if back == model => {}
        Ok(_) => {
            eprintln!("the benchmark plant loads back different from what was saved");
            return;
        }
        Err(e) => {
            eprintln!("the benchmark plant does not load back: {e}");
            return;
        }
    }
    eprintln!(
        "benchmark plant: {} bytes, {} lines",
        text.len(),
        text.lines().count()
    );

    let mut group = c.benchmark_group("persistence 1000z-10000a-2000c");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("to_string", |b| {
        b.iter(|| persistence::to_string(black_box(&model)));
    });
    group.bench_function("save", |b| {
        b.iter(|| persistence::save(black_box(&model), &path));
    });
    group.bench_function("from_str", |b| {
        b.iter(|| persistence::from_str(black_box(&text), "plant.ron"));
    });
    group.bench_function("load", |b| {
        b.iter(|| persistence::load(black_box(&path)));
    });
    group.finish();
}

criterion_group!(benches, persistence);
criterion_main!(benches);
