//! Writes a synthetic plant of any size as a zoneplan RON file: for benchmarks, for trying the
//! editor on a large model, and for tests that need a big realistic file.
//!
//! ```text
//! cargo run --release --example synth -- --zones 1000 --assets 10000 --conduits 2000 -o big.ron
//! ```
//!
//! The same arguments (and `--seed`) always give the same bytes. The generator itself lives in
//! `benches/common/synth.rs`, shared with the benchmarks; its invariants are tested at the end
//! of this file (`cargo test --example synth`): the counts, no overlapping zones, every asset in
//! its zone below the header, boundary devices between their zones, real gaps, the file loads
//! back. `--hubs N` makes N of the conduits join three or four zones of different bands.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Parser;

#[path = "../benches/common/synth.rs"]
mod synth;

use synth::{DEFAULT_SEED, Params};

/// Generates a plausible plant of the given size and saves it as a zoneplan model.
#[derive(Parser, Debug)]
#[command(name = "synth", version)]
struct Args {
    /// Zones, subzones included.
    #[arg(long, default_value_t = Params::BENCH.zones)]
    zones: usize,
    /// Assets, conduit boundary devices included.
    #[arg(long, default_value_t = Params::BENCH.assets)]
    assets: usize,
    /// Conduits between zones (at most one per pair of zones).
    #[arg(long, default_value_t = Params::BENCH.conduits)]
    conduits: usize,
    /// Of the conduits, how many join three or four zones of different bands.
    #[arg(long, default_value_t = 0)]
    hubs: usize,
    /// Seed of the pseudo-random generator; the same seed gives the same file.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// The RON file to write (replaced atomically if it exists).
    #[arg(short, long)]
    output: PathBuf,
}

fn run(args: &Args) -> anyhow::Result<()> {
    let params = Params {
        zones: args.zones,
        assets: args.assets,
        conduits: args.conduits,
        hubs: args.hubs,
        seed: args.seed,
    };
    let model = synth::generate(&params).context("cannot generate the plant")?;
    zoneplan::persistence::save(&model, &args.output)?;
    let planned = model
        .countermeasures
        .values()
        .filter(|c| !c.is_implemented())
        .count();
    eprintln!(
        "{}: {} zones ({} subzones), {} assets ({} boundary devices), {} conduits, \
         {} countermeasures ({planned} planned), {} accepted findings",
        args.output.display(),
        model.zones.len(),
        model.zones.values().filter(|z| z.parent.is_some()).count(),
        model.assets.len(),
        model
            .assets
            .values()
            .filter(|a| a.placement.conduit().is_some())
            .count(),
        model.conduits.len(),
        model.countermeasures.len(),
        model.accepted.len(),
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("synth: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use zoneplan::analysis::{Analysis, Deltas, Topology};
    use zoneplan::catalog::catalog;
    use zoneplan::model::{
        Asset, AssetId, Countermeasure, Point, PurdueLevel, Rect, Zone, ZoneId, ZoneKind,
    };
    use zoneplan::persistence;

    use super::synth::{
        ASSET_H, ASSET_W, BANDS, DEFAULT_SEED, HEADER_H, Params, SynthError, band_of, generate,
    };

    const MEDIUM: Params = Params {
        zones: 200,
        assets: 2_000,
        conduits: 400,
        hubs: 0,
        seed: DEFAULT_SEED,
    };

    fn asset_box(a: &Asset) -> Rect {
        Rect::new(
            a.pos.x - ASSET_W / 2.0,
            a.pos.y - ASSET_H / 2.0,
            ASSET_W,
            ASSET_H,
        )
    }

    #[test]
    fn counts_are_exact() {
        for params in [
            MEDIUM,
            Params {
                zones: 9,
                assets: 30,
                conduits: 12,
                hubs: 0,
                seed: 7,
            },
            Params {
                zones: 3,
                assets: 2,
                conduits: 3,
                hubs: 0,
                seed: 1,
            },
            Params { hubs: 40, ..MEDIUM },
            Params {
                zones: 3,
                assets: 5,
                conduits: 3,
                hubs: 2,
                seed: 1,
            },
            Params {
                zones: 0,
                assets: 0,
                conduits: 0,
                hubs: 0,
                seed: 1,
            },
        ] {
            let m = generate(&params).unwrap();
            assert_eq!(m.zones.len(), params.zones, "{params:?}");
            assert_eq!(m.assets.len(), params.assets, "{params:?}");
            assert_eq!(m.conduits.len(), params.conduits, "{params:?}");
        }
    }

    #[test]
    fn impossible_requests_are_errors() {
        let p = |zones, assets, conduits| Params {
            zones,
            assets,
            conduits,
            hubs: 0,
            seed: 1,
        };
        assert_eq!(generate(&p(0, 5, 0)), Err(SynthError::NoZones));
        assert_eq!(
            generate(&p(4, 10, 7)),
            Err(SynthError::TooManyConduits {
                conduits: 7,
                max: 6
            })
        );
        // Exactly one conduit per pair is possible.
        assert_eq!(generate(&p(4, 10, 6)).unwrap().conduits.len(), 6);
        // Conduits of three zones: no more than the conduits, and three zones to join.
        let hubs = |zones, conduits, hubs| Params {
            hubs,
            ..p(zones, 10, conduits)
        };
        assert_eq!(
            generate(&hubs(5, 2, 3)),
            Err(SynthError::TooManyHubs {
                hubs: 3,
                conduits: 2
            })
        );
        assert!(generate(&hubs(2, 1, 1)).is_err());
        // Ten conduits among four zones, more than the six pairs: fine when eight join three
        // or four zones.
        let m = generate(&hubs(4, 10, 8)).unwrap();
        assert_eq!(m.conduits.len(), 10);
        assert_eq!(m.conduits.values().filter(|c| c.zones.len() > 2).count(), 8);
    }

    /// Conduits of three or four zones join zones of distinct bands, and the rest of the
    /// plant is the same with or without them.
    #[test]
    fn hub_conduits_join_bands_and_leave_the_rest_alone() {
        let with = generate(&Params { hubs: 40, ..MEDIUM }).unwrap();
        let hubs: Vec<_> = with
            .conduits
            .values()
            .filter(|c| c.zones.len() > 2)
            .collect();
        assert_eq!(hubs.len(), 40);
        for c in &hubs {
            assert!(c.zones.len() <= 4, "{}", c.id);
            let mut bands: Vec<usize> = c
                .zones
                .iter()
                .map(|z| band_of(with.zones[z].kind))
                .collect();
            bands.dedup();
            assert_eq!(bands.len(), c.zones.len(), "{}: {bands:?}", c.id);
        }
        let without = generate(&Params {
            conduits: MEDIUM.conduits - 40,
            ..MEDIUM
        })
        .unwrap();
        assert_eq!(with.zones, without.zones);
        for (id, c) in &without.conduits {
            assert_eq!(&with.conduits[id], c, "{id}");
        }
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_plant() {
        let a = persistence::to_string(&generate(&MEDIUM).unwrap()).unwrap();
        let b = persistence::to_string(&generate(&MEDIUM).unwrap()).unwrap();
        assert_eq!(a, b);
        let other = Params { seed: 99, ..MEDIUM };
        let c = persistence::to_string(&generate(&other).unwrap()).unwrap();
        assert_ne!(a, c);
    }

    #[test]
    fn zones_nest_and_never_overlap() {
        let m = generate(&MEDIUM).unwrap();
        let subzones = m.zones.values().filter(|z| z.parent.is_some()).count();
        assert!(subzones >= MEDIUM.zones / 10, "{subzones} subzones");
        let zones: Vec<&Zone> = m.zones.values().collect();
        for (i, a) in zones.iter().enumerate() {
            assert!(a.rect.w > 0.0 && a.rect.h > HEADER_H, "{}", a.id);
            if let Some(p) = &a.parent {
                assert!(m.zones[p].rect.contains_rect(&a.rect), "{} in {p}", a.id);
                assert!(m.zones[p].parent.is_none(), "one level of nesting");
                assert!(
                    a.rect.y >= m.zones[p].rect.y + HEADER_H,
                    "below {p}'s header"
                );
            }
            for b in &zones[i + 1..] {
                let nested = a.parent.as_ref() == Some(&b.id) || b.parent.as_ref() == Some(&a.id);
                assert!(
                    nested || !a.rect.intersects(&b.rect),
                    "{} overlaps {}",
                    a.id,
                    b.id
                );
            }
        }
    }

    #[test]
    fn bands_run_top_to_bottom_in_purdue_order() {
        let m = generate(&MEDIUM).unwrap();
        let mut extent = [(f32::MAX, f32::MIN); BANDS];
        for z in m.zones.values().filter(|z| z.parent.is_none()) {
            let e = &mut extent[band_of(z.kind)];
            e.0 = e.0.min(z.rect.y);
            e.1 = e.1.max(z.rect.y + z.rect.h);
        }
        for b in 1..BANDS {
            assert!(
                extent[b - 1].1 < extent[b].0,
                "band {b} starts below band {}",
                b - 1
            );
        }
        let level = |k: ZoneKind| {
            m.zones
                .values()
                .find(|z| z.kind == k)
                .and_then(|z| z.purdue_level)
        };
        assert_eq!(level(ZoneKind::Dmz), Some(PurdueLevel::L3_5));
        assert_eq!(level(ZoneKind::Control), Some(PurdueLevel::L2));
        for kind in ZoneKind::ALL {
            assert!(m.zones.values().any(|z| z.kind == kind), "{kind:?}");
        }
    }

    #[test]
    fn assets_sit_inside_their_zone_below_the_header() {
        let m = generate(&MEDIUM).unwrap();
        let mut boxes_per_zone: BTreeMap<&ZoneId, Vec<(Rect, &AssetId)>> = BTreeMap::new();
        for a in m.assets.values() {
            let Some(z) = a.placement.zone() else {
                continue;
            };
            let zone = &m.zones[z];
            let bx = asset_box(a);
            assert!(zone.rect.contains_rect(&bx), "{} outside {z}", a.id);
            assert!(bx.y >= zone.rect.y + HEADER_H, "{} in {z}'s header", a.id);
            for sub in m.subzones(&zone.id) {
                assert!(
                    !sub.rect.intersects(&bx),
                    "{} over subzone {}",
                    a.id,
                    sub.id
                );
            }
            boxes_per_zone.entry(z).or_default().push((bx, &a.id));
        }
        for boxes in boxes_per_zone.values() {
            for (i, (a, ida)) in boxes.iter().enumerate() {
                for (b, idb) in &boxes[i + 1..] {
                    assert!(!a.intersects(b), "{ida} overlaps {idb}");
                }
            }
        }
    }

    #[test]
    fn boundary_devices_sit_between_their_zones() {
        let m = generate(&MEDIUM).unwrap();
        let mut devices = 0;
        for a in m.assets.values() {
            let Some(c) = a.placement.conduit() else {
                continue;
            };
            devices += 1;
            let kind = catalog().asset_kind(&a.kind).unwrap();
            assert!(kind.boundary, "{} is a {}", a.id, a.kind);
            let conduit = &m.conduits[c];
            let [za, zb] = [&conduit.zones[0], &conduit.zones[1]].map(|z| m.zones[z].rect.center());
            let mid = Point::new((za.x + zb.x) / 2.0, (za.y + zb.y) / 2.0);
            assert_eq!(a.pos, mid, "{}", a.id);
            if a.kind == "data_diode" {
                assert!(conduit.is_one_way(), "{c}");
            }
        }
        assert!(devices >= MEDIUM.conduits / 2, "{devices} boundary devices");
    }

    #[test]
    fn conduits_join_distinct_zones_with_catalog_protocols() {
        let m = generate(&MEDIUM).unwrap();
        let mut pairs = BTreeSet::new();
        for c in m.conduits.values() {
            assert_eq!(c.zones.len(), 2, "{}", c.id);
            assert_ne!(c.zones[0], c.zones[1], "{}", c.id);
            let mut pair = [c.zones[0].clone(), c.zones[1].clone()];
            pair.sort();
            assert!(pairs.insert(pair), "{} repeats a pair", c.id);
            assert!(!c.channels.is_empty(), "{}", c.id);
            for ch in &c.channels {
                assert!(
                    catalog().protocol(&ch.protocol).is_some(),
                    "{}",
                    ch.protocol
                );
                for a in ch.source.iter().chain(&ch.destination) {
                    let zone = m.assets[a].placement.zone().unwrap();
                    assert!(c.zones.contains(zone), "{} names {a}", c.id);
                }
            }
        }
        // Every zone has a conduit, and data can flow between it and the top band (one way at
        // least: a data diode only lets data up).
        let t = Topology::build(&m);
        let top: Vec<ZoneId> = m
            .zones
            .values()
            .filter(|z| z.parent.is_none() && band_of(z.kind) == 0)
            .map(|z| z.id.clone())
            .collect();
        let cut_off: Vec<&ZoneId> = m
            .zones
            .keys()
            .filter(|z| {
                let joined = m.conduits.values().any(|c| c.zones.contains(*z));
                let down = t.shortest_path(&top, z).is_some();
                let up = top
                    .iter()
                    .any(|s| t.shortest_path(&[(*z).clone()], s).is_some());
                !joined || !(down || up)
            })
            .collect();
        assert!(cut_off.is_empty(), "{cut_off:?}");
    }

    #[test]
    fn zones_have_gaps_culprits_and_countermeasures() {
        let m = generate(&MEDIUM).unwrap();
        let d = Deltas::compute(&m, catalog());
        let with_culprits = d
            .zones
            .iter()
            .filter(|z| {
                z.delta
                    .unmet
                    .iter()
                    .any(|u| !z.delta.culprits(u).is_empty())
            })
            .count();
        assert!(
            with_culprits > MEDIUM.zones / 3,
            "{with_culprits} zones with culprits"
        );
        // Without procedures (SR 5.4) and emergency power (SR 7.5) no zone is fully at target,
        // but many reach SL-T on most FRs.
        let mostly = d
            .zones
            .iter()
            .filter(|z| {
                z.delta.is_assessed() && !z.assets.is_empty() && z.delta.gap_frs().len() <= 3
            })
            .count();
        assert!(mostly > 0, "some zones reach their SL-T on most FRs");
        assert!(d.zones.iter().any(|z| z.external && !z.delta.is_assessed()));

        let cms: Vec<&Countermeasure> = m.countermeasures.values().collect();
        assert!(cms.iter().any(|c| c.is_implemented()));
        assert!(cms.iter().any(|c| !c.is_implemented()));
        for c in &cms {
            assert!(!c.covers.is_empty(), "{}", c.id);
            assert!(c.covers.iter().all(|r| catalog().requirement(r).is_some()));
            assert!(!c.zones.is_empty() || !c.conduits.is_empty(), "{}", c.id);
        }
        let covered = d.zones.iter().map(|z| z.delta.covered.len()).sum::<usize>()
            + d.conduits
                .iter()
                .map(|c| c.delta.covered.len())
                .sum::<usize>();
        let planned = d
            .elements()
            .flat_map(|(_, delta)| delta.unmet.iter().map(move |u| delta.planned(u)))
            .filter(|p| !p.is_empty())
            .count();
        assert!(
            covered > 0 && planned > 0,
            "{covered} covered, {planned} planned"
        );
    }

    #[test]
    fn accepted_findings_are_real_findings() {
        let m = generate(&MEDIUM).unwrap();
        assert!(!m.accepted.is_empty());
        let a = Analysis::run(&m, catalog());
        for id in m.accepted.keys() {
            let f = a.findings.iter().find(|f| &f.id == id).unwrap();
            assert!(f.accepted, "{id}");
        }
    }

    #[test]
    fn file_loads_back_equal() {
        let m = generate(&MEDIUM).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plant.ron");
        persistence::save(&m, &path).unwrap();
        let back = persistence::load(&path).unwrap();
        assert_eq!(back, m);
    }
}
