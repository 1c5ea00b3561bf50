//! Patching a built diagram after a move, instead of building it again: the editor's edit
//! frame on a large plant (a drag, a nudge, a zone resize) then costs what the moved elements
//! cost, not what the plant costs.
//!
//! A move changes no analysis (it reads no geometry, see `model::Moved`), so only the moved
//! elements' primitives change, with those that follow them: the conduits of a moved zone,
//! the assets drawn inside it (an asset never crosses its zone's border), and the conduit
//! labels whose places the move frees or takes. Labels are placed in order, each avoiding the
//! ones before it; a label is placed again only when a changed obstacle lies where it may go,
//! and if it then moves, that change passes on to the labels after it. The result is the
//! diagram [`build`](super::build) makes of the moved model, primitive for primitive (the
//! tests compare the two).

use std::collections::BTreeSet;

use crate::analysis::Analysis;
use crate::model::{AssetId, ConduitId, Model, Moved, Rect, ZoneId};

use super::layout::{
    Builder, Grid, Label, asset_obstacle, candidate_area, header_obstacle, hub_obstacle,
    label_obstacle, place_label,
};
use super::{AssetGap, AssetMark, Diagram, Item, Options};

/// Where one element's primitives lie in [`Diagram::items`].
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) len: usize,
}

/// What [`build_indexed`](super::layout::build_indexed) gathers for the index.
pub(super) struct Parts {
    /// The items' spans in order: zones (paint order), conduits and assets (id order), labels.
    pub(super) spans: Vec<Span>,
    /// Per asset in id order: whether it is a culprit of some delta.
    pub(super) culprit: Vec<bool>,
    /// Per asset in id order: the obstacle it makes for labels.
    pub(super) asset_obstacles: Vec<Rect>,
    /// The labels in the order they were placed (conduit id order).
    pub(super) labels: Vec<Label>,
    pub(super) grid: Grid,
}

/// What a patch changed that the editor's screen-space titles depend on: where moved zones
/// were and are (world rectangles), and the asset marks before and after.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Patched {
    pub zones: Vec<Rect>,
    pub marks: Vec<AssetMark>,
}

/// A placed label with what it needs to be placed again.
#[derive(Clone, Debug)]
struct LabelSlot {
    label: Label,
    /// Every place the label may go lies in here.
    area: Rect,
}

/// How a built diagram was put together, to patch it (see [`Index::patch`]). Elements are
/// known by number: zones in paint order (their spans and titles), conduits and assets in id
/// order (assets: their marks); ids are found by binary search, through the diagram's own
/// titles and marks where it has them.
#[derive(Clone, Debug, Default)]
pub struct Index {
    options: Options,
    spans: Vec<Span>,
    /// Zone numbers in id order (for the search).
    zones_by_id: Vec<u32>,
    /// Conduit ids in id order.
    conduit_ids: Vec<ConduitId>,
    culprit: Vec<bool>,
    asset_obstacles: Vec<Rect>,
    /// Per zone: the conduits that join it.
    zone_conduits: Vec<Vec<u32>>,
    /// Per zone: the assets placed in it.
    zone_assets: Vec<Vec<u32>>,
    labels: Vec<LabelSlot>,
    /// Per conduit: its label's number.
    label_of: Vec<Option<u32>>,
    grid: Grid,
}

impl Index {
    pub(super) fn new(model: &Model, diagram: &Diagram, options: &Options, parts: Parts) -> Self {
        let titles = &diagram.zone_titles;
        let mut zones_by_id: Vec<u32> = (0..titles.len() as u32).collect();
        zones_by_id
            .sort_unstable_by(|a, b| titles[*a as usize].zone.cmp(&titles[*b as usize].zone));
        let zone_number = |id: &ZoneId| {
            zones_by_id
                .binary_search_by(|n| titles[*n as usize].zone.cmp(id))
                .ok()
                .map(|i| zones_by_id[i] as usize)
        };
        let mut zone_conduits = vec![Vec::new(); titles.len()];
        for (n, c) in model.conduits.values().enumerate() {
            for z in c.zones.iter().filter_map(&zone_number) {
                zone_conduits[z].push(n as u32);
            }
        }
        let mut zone_assets = vec![Vec::new(); titles.len()];
        for (n, a) in model.assets.values().enumerate() {
            if let Some(z) = a.placement.zone().and_then(&zone_number) {
                zone_assets[z].push(n as u32);
            }
        }
        let conduit_ids: Vec<ConduitId> = model.conduits.keys().cloned().collect();
        let mut label_of = vec![None; conduit_ids.len()];
        let labels: Vec<LabelSlot> = parts
            .labels
            .into_iter()
            .enumerate()
            .map(|(i, label)| {
                if let Ok(c) = conduit_ids.binary_search(&label.conduit) {
                    label_of[c] = Some(i as u32);
                }
                LabelSlot {
                    area: candidate_area(&label),
                    label,
                }
            })
            .collect();
        Self {
            options: *options,
            spans: parts.spans,
            zones_by_id,
            conduit_ids,
            culprit: parts.culprit,
            asset_obstacles: parts.asset_obstacles,
            zone_conduits,
            zone_assets,
            labels,
            label_of,
            grid: parts.grid,
        }
    }

    fn zone_number(&self, diagram: &Diagram, id: &ZoneId) -> Option<usize> {
        let titles = &diagram.zone_titles;
        self.zones_by_id
            .binary_search_by(|n| titles[*n as usize].zone.cmp(id))
            .ok()
            .map(|i| self.zones_by_id[i] as usize)
    }

    fn asset_number(diagram: &Diagram, id: &AssetId) -> Option<usize> {
        diagram
            .asset_marks
            .binary_search_by(|m| m.asset.cmp(id))
            .ok()
    }

    /// Brings `diagram`, built with this index from a model, up to date with `model` after
    /// `moved` was moved in it, with the same `analysis` and options, and says what changed.
    /// Returns `None`, leaving the diagram to be built again, when the move is not one this
    /// index can follow (an element it does not know, a conduit that gained or lost its
    /// label, other options).
    pub fn patch(
        &mut self,
        diagram: &mut Diagram,
        model: &Model,
        analysis: &Analysis,
        options: &Options,
        moved: &Moved,
    ) -> Option<Patched> {
        if *options != self.options
            || diagram.asset_marks.len() != model.assets.len()
            || self.conduit_ids.len() != model.conduits.len()
        {
            return None;
        }
        // What follows the moved elements, by number; every one must be known and still there.
        let mut zones: Vec<(usize, &crate::model::Zone)> = Vec::with_capacity(moved.zones.len());
        for id in &moved.zones {
            zones.push((self.zone_number(diagram, id)?, model.zones.get(id)?));
        }
        let mut conduits: BTreeSet<usize> = BTreeSet::new();
        for id in &moved.conduits {
            conduits.insert(self.conduit_ids.binary_search(id).ok()?);
        }
        let mut assets: BTreeSet<usize> = BTreeSet::new();
        for id in &moved.assets {
            assets.insert(Self::asset_number(diagram, id)?);
        }
        for (z, _) in &zones {
            conduits.extend(self.zone_conduits[*z].iter().map(|&c| c as usize));
            assets.extend(self.zone_assets[*z].iter().map(|&a| a as usize));
        }
        // Numbers in id order match the model's maps only while no element came or went.
        let conduit_at = |n: usize| {
            let id = &self.conduit_ids[n];
            model.conduits.get(id)
        };
        let asset_at = |n: usize| model.assets.get(&diagram.asset_marks[n].asset);
        if conduits.iter().any(|&n| conduit_at(n).is_none())
            || assets.iter().any(|&n| asset_at(n).is_none())
        {
            return None;
        }

        // The conduits first: one that gains or loses its label changes the labels' order.
        let mut new_conduits = Vec::with_capacity(conduits.len());
        for &n in &conduits {
            let c = conduit_at(n)?;
            let mut b = Builder::new(options, 8);
            let label = b.conduit(model, c, analysis);
            if label.is_some() != self.label_of[n].is_some() {
                return None;
            }
            new_conduits.push((n, b.items, label));
        }
        let new_assets: Vec<(usize, &crate::model::Asset)> = assets
            .iter()
            .filter_map(|&n| Some((n, asset_at(n)?)))
            .collect();
        let grid = &mut self.grid;
        let mut patched = Patched::default();
        // Obstacles that moved: the labels in their way are placed again below.
        let mut changed: Vec<Rect> = Vec::new();
        let mut move_fixed = |grid: &mut Grid, old: Rect, new: Rect| {
            if old != new {
                grid.remove(old, Grid::FIXED);
                grid.insert(new, Grid::FIXED);
                changed.push(old);
                changed.push(new);
            }
        };

        for (n, z) in zones {
            let title = &diagram.zone_titles[n];
            move_fixed(grid, header_obstacle(&title.rect), header_obstacle(&z.rect));
            patched.zones.extend([title.rect, z.rect]);
            let mut b = Builder::new(options, 8);
            b.zone(z, analysis, (title.assets, title.short));
            replace(&mut self.spans, &mut diagram.items, n, b.items);
            if let Some(t) = b.titles.pop() {
                diagram.zone_titles[n] = t;
            }
        }

        let first_conduit = diagram.zone_titles.len();
        let mut relabel: BTreeSet<usize> = BTreeSet::new();
        for (c, items, label) in new_conduits {
            replace(
                &mut self.spans,
                &mut diagram.items,
                first_conduit + c,
                items,
            );
            if let (Some(label), Some(n)) = (label, self.label_of[c]) {
                let n = n as usize;
                let slot = &mut self.labels[n];
                if let (Some(old), Some(new)) = (slot.label.hub, label.hub) {
                    move_fixed(grid, hub_obstacle(old), hub_obstacle(new));
                }
                slot.area = candidate_area(&label);
                slot.label = label;
                relabel.insert(n);
            }
        }

        let first_asset = first_conduit + self.conduit_ids.len();
        for (n, a) in new_assets {
            let obstacle = asset_obstacle(model, a);
            move_fixed(grid, self.asset_obstacles[n], obstacle);
            self.asset_obstacles[n] = obstacle;
            let gap = AssetGap::of(analysis.deltas.asset(a.id.as_str()));
            let mut b = Builder::new(options, 8);
            b.asset(&super::inside::shown(model, a), self.culprit[n], gap);
            replace(
                &mut self.spans,
                &mut diagram.items,
                first_asset + n,
                b.items,
            );
            if let Some(m) = b.marks.pop()
                && m != diagram.asset_marks[n]
            {
                let old = std::mem::replace(&mut diagram.asset_marks[n], m.clone());
                patched.marks.extend([old, m]);
            }
        }

        // The labels in order, each placed again where a changed obstacle (or a label before
        // it that moved) lies in its way.
        let first_label = first_asset + diagram.asset_marks.len();
        for n in 0..self.labels.len() {
            let slot = &self.labels[n];
            let in_the_way = changed.iter().any(|r| r.intersects(&slot.area));
            if !in_the_way && !relabel.contains(&n) {
                continue;
            }
            let old = diagram.conduit_labels[n].1;
            let rect = place_label(&slot.label, grid, n);
            if rect != old {
                grid.remove(label_obstacle(old), n);
                grid.insert(label_obstacle(rect), n);
                changed.push(label_obstacle(old));
                changed.push(label_obstacle(rect));
            } else if !relabel.contains(&n) {
                continue;
            }
            let mut b = Builder::new(options, 4);
            b.label(&slot.label, rect);
            replace(
                &mut self.spans,
                &mut diagram.items,
                first_label + n,
                b.items,
            );
            diagram.conduit_labels[n].1 = rect;
        }
        diagram.bounds = super::bounds_of(&diagram.items);
        Some(patched)
    }
}

/// Puts `items` in place of span `n`'s, moving the spans after it if the count changed.
fn replace(spans: &mut [Span], all: &mut Vec<Item>, n: usize, items: Vec<Item>) {
    let Span { start, len } = spans[n];
    if items.len() == len {
        for (slot, item) in all[start..start + len].iter_mut().zip(items) {
            *slot = item;
        }
        return;
    }
    let grown = items.len().wrapping_sub(len);
    all.splice(start..start + len, items);
    spans[n].len = len.wrapping_add(grown);
    for s in &mut spans[n + 1..] {
        s.start = s.start.wrapping_add(grown);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use crate::model::{Command, History, Rect as R};

    fn built(model: &Model, options: &Options) -> (Analysis, Diagram, Index) {
        let analysis = Analysis::run(model, catalog());
        let (diagram, index) = super::super::layout::build_indexed(model, &analysis, options);
        (analysis, diagram, index)
    }

    /// Applies `cmd` through a history, patches, and compares with a fresh build.
    fn check_patch(model: &mut Model, options: &Options, cmds: Vec<Command>) {
        let (analysis, mut diagram, mut index) = built(model, options);
        let mut history = History::default();
        history.restart_changes();
        for cmd in cmds {
            history.apply(model, "move", cmd).unwrap();
        }
        let moved = history.moved_since(0).expect("only moves").clone();
        assert!(
            index
                .patch(&mut diagram, model, &analysis, options, &moved)
                .is_some()
        );
        let fresh = super::super::build(model, &analysis, options);
        assert_eq!(diagram.items.len(), fresh.items.len());
        for (i, (a, b)) in diagram.items.iter().zip(&fresh.items).enumerate() {
            assert_eq!(a, b, "item {i}");
        }
        assert_eq!(diagram, fresh);
    }

    fn translate(zones: &[&str], assets: &[&str], conduits: &[&str], d: (f32, f32)) -> Command {
        Command::Translate {
            zones: zones.iter().map(|z| (*z).into()).collect(),
            assets: assets.iter().map(|a| (*a).into()).collect(),
            conduits: conduits.iter().map(|c| (*c).into()).collect(),
            dx: d.0,
            dy: d.1,
        }
    }

    fn water() -> Model {
        crate::persistence::from_str(
            include_str!("../../sample-models/water-treatment.ron"),
            "water-treatment.ron",
        )
        .expect("the sample loads")
    }

    #[test]
    fn a_moved_asset_patches_to_the_rebuilt_diagram() {
        let mut m = water();
        let ids: Vec<String> = m.assets.keys().map(|a| a.to_string()).collect();
        for (i, id) in ids.iter().enumerate().step_by(7) {
            let d = (i as f32 * 3.0 - 40.0, 25.0 - i as f32);
            check_patch(
                &mut m,
                &Options::default(),
                vec![translate(&[], &[id], &[], d)],
            );
        }
    }

    #[test]
    fn a_moved_zone_takes_its_conduits_assets_and_labels_along() {
        let mut m = water();
        let zones: Vec<String> = m.zones.keys().map(|z| z.to_string()).collect();
        for (i, z) in zones.iter().enumerate() {
            // The zone alone (its assets clamped inside), then with its assets.
            let d = (if i % 2 == 0 { 60.0 } else { -45.0 }, 30.0);
            check_patch(
                &mut m,
                &Options::default(),
                vec![translate(&[z], &[], &[], d)],
            );
            let assets: Vec<String> = m
                .assets
                .values()
                .filter(|a| a.placement.zone().is_some_and(|p| p.as_str() == z))
                .map(|a| a.id.to_string())
                .collect();
            let assets: Vec<&str> = assets.iter().map(String::as_str).collect();
            check_patch(
                &mut m,
                &Options::default(),
                vec![translate(&[z], &assets, &[], (-d.0, -d.1))],
            );
        }
    }

    #[test]
    fn labels_in_the_way_move_and_pass_it_on() {
        // A boundary device (drawn where it stands, not clamped into a zone) dropped onto each
        // label in turn: that label must move, and may push the ones after it.
        let mut m = water();
        let device = m
            .assets
            .values()
            .find(|a| a.placement.conduit().is_some())
            .expect("the sample has a boundary device")
            .id
            .to_string();
        let mut moved_labels = 0;
        let n = built(&m, &Options::default()).1.conduit_labels.len();
        for i in 0..n {
            for (fx, fy) in [(0.0, 0.0), (-0.5, 0.0), (0.5, 0.0), (0.0, -1.0), (0.0, 1.0)] {
                let before = built(&m, &Options::default()).1.conduit_labels;
                let r = before[i].1;
                let target = r.center();
                let pos = m.assets[device.as_str()].pos;
                let d = (target.x + fx * r.w - pos.x, target.y + fy * r.h - pos.y);
                check_patch(
                    &mut m,
                    &Options::default(),
                    vec![translate(&[], &[&device], &[], d)],
                );
                let after = built(&m, &Options::default()).1.conduit_labels;
                moved_labels += before.iter().zip(&after).filter(|(a, b)| a != b).count();
            }
        }
        assert!(
            moved_labels >= n,
            "{moved_labels} label moves for {n} drops"
        );
    }

    #[test]
    fn a_label_pushed_aside_pushes_the_next_one() {
        // Two conduits between the same zones: the second label sits beside the first. An
        // asset dropped on the first sends it to the second's place, which must then move.
        use crate::model::{Asset, Conduit, Placement, Point, Zone, ZoneKind};
        let mut m = Model::default();
        m.insert_zone(Zone::new(
            "Z-A",
            "Upper",
            ZoneKind::Control,
            R::new(0.0, 0.0, 300.0, 200.0),
        ));
        m.insert_zone(Zone::new(
            "Z-B",
            "Lower",
            ZoneKind::Control,
            R::new(0.0, 700.0, 300.0, 200.0),
        ));
        for id in ["C-1", "C-2"] {
            m.insert_conduit(Conduit::new(id, id, vec!["Z-A".into(), "Z-B".into()]));
        }
        let mut fw = Asset::new("A-FW", "Firewall", "firewall", Point::new(800.0, 800.0));
        fw.placement = Placement::Conduit("C-1".into());
        m.insert_asset(fw);
        let before = built(&m, &Options::default()).1.conduit_labels;
        let first = before[0].1.center();
        check_patch(
            &mut m,
            &Options::default(),
            vec![translate(
                &[],
                &["A-FW"],
                &[],
                (first.x - 800.0, first.y - 800.0),
            )],
        );
        let after = built(&m, &Options::default()).1.conduit_labels;
        assert_ne!(before[0], after[0], "the first label moved off the asset");
        assert_ne!(before[1], after[1], "and pushed the second");
    }

    #[test]
    fn random_crowded_plants_patch_to_the_rebuilt_diagram() {
        // Zones at random, many conduits with names of random length between them, and a
        // boundary device dropped at random inside each label in turn. On such crowded plants
        // a label pushed aside pushes others that the device is nowhere near.
        use crate::model::{Asset, Conduit, Placement, Point, Zone, ZoneKind};
        let mut next = super::super::test_rng(12345);
        let mut rnd = move |n: u64| (next() >> 33) % n.max(1);
        for _ in 0..40 {
            let mut m = Model::default();
            let zones = 3 + rnd(4);
            for i in 0..zones {
                let rect = R::new(
                    rnd(1200) as f32,
                    rnd(1200) as f32,
                    160.0 + rnd(200) as f32,
                    120.0 + rnd(150) as f32,
                );
                m.insert_zone(Zone::new(
                    format!("Z-{i}").as_str(),
                    "zone",
                    ZoneKind::Control,
                    rect,
                ));
            }
            for k in 0..6 + rnd(14) {
                let a = rnd(zones);
                let b = (a + 1 + rnd(zones - 1)) % zones;
                let name: String = "A conduit with a long name"
                    .chars()
                    .take(1 + rnd(26) as usize)
                    .collect();
                m.insert_conduit(Conduit::new(
                    format!("C-{k:02}").as_str(),
                    name,
                    vec![
                        format!("Z-{a}").as_str().into(),
                        format!("Z-{b}").as_str().into(),
                    ],
                ));
            }
            let mut fw = Asset::new("A-FW", "Firewall", "firewall", Point::new(-900.0, -900.0));
            fw.placement = Placement::Conduit("C-00".into());
            m.insert_asset(fw);
            let labels = built(&m, &Options::default()).1.conduit_labels;
            for (_, r) in &labels {
                let pos = m.assets["A-FW"].pos;
                let x = r.x + rnd(r.w as u64 + 1) as f32;
                let y = r.y + rnd(r.h as u64 + 1) as f32;
                check_patch(
                    &mut m,
                    &Options::default(),
                    vec![translate(&[], &["A-FW"], &[], (x - pos.x, y - pos.y))],
                );
            }
        }
    }

    #[test]
    fn a_resized_zone_and_a_rerouted_conduit_patch_in_every_colour_mode() {
        for mode in [
            super::super::ColorMode::Kind,
            super::super::ColorMode::Gap,
            super::super::ColorMode::TargetLevel,
        ] {
            let options = Options {
                color_mode: mode,
                high_contrast: mode == super::super::ColorMode::Gap,
            };
            let mut m = water();
            let mut z = m.zones.values().next().expect("a zone").clone();
            // Narrow enough to cut the name and clamp the assets.
            z.rect = R::new(z.rect.x, z.rect.y, 120.0, z.rect.h * 0.6);
            let mut c = m.conduits.values().last().expect("a conduit").clone();
            c.route = vec![crate::model::Point::new(-300.0, -200.0)];
            check_patch(
                &mut m,
                &options,
                vec![Command::Batch(vec![
                    Command::PutZone(z),
                    Command::PutConduit(c),
                ])],
            );
        }
    }

    #[test]
    fn anything_but_a_move_is_not_patched() {
        let mut m = water();
        let mut history = History::default();
        history.restart_changes();
        let mut a = m.assets.values().next().expect("an asset").clone();
        a.pos.x += 10.0;
        history
            .apply(&mut m, "move", Command::PutAsset(a.clone()))
            .unwrap();
        assert!(
            history
                .moved_since(0)
                .is_some_and(|mv| mv.assets.len() == 1)
        );
        a.name.push_str(" (renamed)");
        history
            .apply(&mut m, "rename", Command::PutAsset(a))
            .unwrap();
        assert_eq!(history.moved_since(0), None);
        // Undo back to a move-only step: the log stays closed until restarted.
        history.undo(&mut m);
        assert_eq!(history.moved_since(0), None);
        let state = history.state();
        history.restart_changes();
        assert_eq!(history.moved_since(state), Some(&Moved::default()));
        assert_eq!(history.moved_since(state + 1), None);
    }

    #[test]
    fn other_options_or_unknown_elements_are_refused() {
        let m = water();
        let (analysis, mut diagram, mut index) = built(&m, &Options::default());
        let mut moved = Moved::default();
        moved.assets.insert("A-NOT-THERE".into());
        assert_eq!(
            index.patch(&mut diagram, &m, &analysis, &Options::default(), &moved),
            None
        );
        let other = Options {
            high_contrast: true,
            ..Options::default()
        };
        assert_eq!(
            index.patch(&mut diagram, &m, &analysis, &other, &Moved::default()),
            None
        );
    }
}
