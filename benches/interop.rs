//! The automatic layout and the inventory import on the large generated plant (1,000 zones,
//! 10,000 assets, 2,000 conduits; see `common/synth.rs`). Targets: the layout under 1 s
//! (it takes milliseconds), and an import of 10,000 rows well under a second.
//!
//! - `layout::tidy`: the whole layout of the plant; `layout::tidy, 200 conduits of 3-4 zones`:
//!   the same size of plant with 200 of its conduits joining three or four zones of different
//!   bands (`synth::Params::hubs`), each routed as a hub with a leg per zone.
//! - `import 10000 rows`: the plant's assets exported as CSV (the assets table of
//!   `zoneplan export --format csv`), read back (`table::read_csv`) and imported into an empty
//!   model, layout included, as `zoneplan import` does.
//! - `import 10000 rows, kinds by keyword`: the same with free-text kinds.
//! - `re-import 10000 rows`: the same CSV into the plant itself: every row matches (by name).
//! - `import the whole export`: the plant's zones, conduits (one row per channel) and assets
//!   tables read back into an empty model, layout included, as `zoneplan import FOLDER` does.
//! - `import site-inventory-300`: the 300-asset site spreadsheet of `tests/fixtures/import`.
//!
//! Measured (release, 2-core machine shared with other builds): layout::tidy 14.6 ms; import
//! 10,000 rows 47 ms (76 ms with kinds by keyword); re-import 59 ms; site-inventory-300 1.4 ms
//! (with other builds loading the machine: up to 19, 65, 101, 81 and 1.9 ms). With hub
//! routes (`cargo bench --bench interop -- layout`): layout::tidy 11.6 ms, with 200 conduits of
//! 3-4 zones 12.6 ms. Later, in one quiet run: layout::tidy 13.9 ms (14.2 ms with the hub
//! conduits), import 10,000 rows 46 ms, kinds by keyword 71 ms, re-import 60 ms,
//! site-inventory-300 1.3 ms, and the whole export (1,000 zones, 2,000 conduits with their
//! channels, 10,000 assets) into an empty model 70 ms.
//!
//! `cargo bench --bench interop`

use std::hint::black_box;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use zoneplan::interop::{self, Options, Preset, export, table};
use zoneplan::model::Model;

#[path = "common/synth.rs"]
mod synth;

fn bench(c: &mut Criterion) {
    let model = match synth::generate(&synth::Params::BENCH) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("cannot generate the benchmark plant: {e}");
            return;
        }
    };
    let mut group = c.benchmark_group("interop 1000z-10000a-2000c");
    group.sample_size(20);
    // The plant, and the same size with 200 of the 2,000 conduits joining three or four zones
    // (a hub and a leg per zone each).
    let with_hubs = synth::generate(&synth::Params {
        hubs: 200,
        ..synth::Params::BENCH
    });
    let plants = [
        ("layout::tidy", Ok(model.clone())),
        ("layout::tidy, 200 conduits of 3-4 zones", with_hubs),
    ];
    for (name, plant) in plants {
        let Ok(plant) = plant else { continue };
        group.bench_function(name, |b| {
            b.iter_batched(
                || plant.clone(),
                |mut m| {
                    zoneplan::layout::tidy(&mut m);
                    m
                },
                criterion::BatchSize::LargeInput,
            );
        });
    }
    let Ok(csv) = export::csv_bytes(&export::assets_sheet(&model)) else {
        eprintln!("cannot write the assets CSV");
        return;
    };
    let mapping = Preset::Spreadsheet.mapping();
    group.bench_function("import 10000 rows (read + import + layout)", |b| {
        b.iter(|| {
            let t = table::read_csv(black_box(&csv), "assets.csv").ok()?;
            interop::import(&Model::default(), &t, &mapping, &Options::default()).ok()
        });
    });
    // The same rows with the kind as free text ("Vendor PLC type", "Vendor Managed switch
    // type"): every kind found by keyword.
    let mut sheet = export::assets_sheet(&model);
    for row in &mut sheet.rows {
        let name = zoneplan::catalog::catalog()
            .asset_kind_name(&row[2])
            .to_owned();
        row[2] = format!("Vendor {name} type");
    }
    let Ok(by_keyword) = export::csv_bytes(&sheet) else {
        return;
    };
    group.bench_function("import 10000 rows, kinds by keyword", |b| {
        b.iter(|| {
            let t = table::read_csv(black_box(&by_keyword), "assets.csv").ok()?;
            interop::import(&Model::default(), &t, &mapping, &Options::default()).ok()
        });
    });
    group.bench_function("re-import 10000 rows into the plant", |b| {
        b.iter(|| {
            let t = table::read_csv(black_box(&csv), "assets.csv").ok()?;
            interop::import(&model, &t, &mapping, &Options::default()).ok()
        });
    });
    // The whole CSV export (zones, conduits with their channels, assets) read back into an
    // empty model, as `zoneplan import FOLDER` does: the round trip.
    let analysis = zoneplan::analysis::Analysis::run(&model, zoneplan::catalog::catalog());
    let plan = zoneplan::analysis::FixPlan::from_deltas(
        &model,
        zoneplan::catalog::catalog(),
        &analysis.deltas,
    );
    let sheets = export::sheets(&model, &analysis, &plan);
    let csv_of = |name: &str| {
        sheets
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| export::csv_bytes(s).ok())
    };
    if let (Some(zones), Some(conduits)) = (csv_of("Zones"), csv_of("Conduits")) {
        group.bench_function("import the whole export (zones, conduits, assets)", |b| {
            b.iter(|| {
                let z = table::read_csv(black_box(&zones), "zones.csv").ok()?;
                let c = table::read_csv(black_box(&conduits), "conduits.csv").ok()?;
                let a = table::read_csv(black_box(&csv), "assets.csv").ok()?;
                let with = interop::Structure {
                    zones: Some(&z),
                    conduits: Some(&c),
                };
                interop::import_with(&Model::default(), &a, with, &mapping, &Options::default())
                    .ok()
            });
        });
    }
    group.finish();

    let site = include_bytes!("../tests/fixtures/import/site-inventory-300.csv");
    c.bench_function("import site-inventory-300 (read + import + layout)", |b| {
        b.iter(|| {
            let t = table::read_csv(black_box(site), "site.csv").ok()?;
            interop::import(&Model::default(), &t, &mapping, &Options::default()).ok()
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
