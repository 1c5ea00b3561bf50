//! Patching a built diagram after a move or an in-place edit, instead of building it again:
//! the editor's edit frame on a large plant (a drag, a nudge, a zone resize, a rename, a new
//! SL-C) then costs what the changed elements cost, not what the plant costs.
//!
//! A move changes no analysis (it reads no geometry, see `model::Moved`), so only the moved
//! elements' primitives change, with those that follow them: the conduits of a moved zone,
//! the assets drawn inside it (an asset never crosses its zone's border), and the conduit
//! labels whose places the move frees or takes. Labels are placed in order, each avoiding the
//! ones before it; a label is placed again only when a changed obstacle lies where it may go,
//! and if it then moves, that change passes on to the labels after it. The result is the
//! diagram [`build`](super::build) makes of the moved model, primitive for primitive (the
//! tests compare the two).
//!
//! An edit that changes elements in place (no element added, removed, given another parent
//! zone or placed elsewhere; see `model::Moved::record_edit`) is patched the same way with
//! the new analysis ([`Index::patch_edits`]): the edited elements are drawn again, with those
//! whose drawing reads something of the analysis that changed (a zone's or conduit's unmet
//! count and severity, an asset's gap and culprit mark, a zone's count of short assets).

use std::collections::BTreeSet;

use crate::analysis::{Analysis, Delta};
use crate::model::{AssetId, ConduitId, Model, Moved, Rect, ZoneId};

use super::layout::{
    Builder, Grid, Label, asset_obstacle, candidate_area, distinct_culprits, header_obstacle,
    hub_obstacle, label_obstacle, place_label, reading,
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
    /// Per asset in id order: how many zones and conduits count it among their culprits.
    pub(super) culprit: Vec<u32>,
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
    culprit: Vec<u32>,
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

    /// Brings `diagram`, built (or last patched) with this index and the analysis `before`,
    /// up to date with `model` after edits that changed elements only in place (see
    /// `Moved::record_edit`): `edited` names the elements they changed, `analysis` is the
    /// model's analysis now. Besides those elements, the ones whose drawing reads something
    /// of the analysis that changed are drawn again: a zone whose unmet count or severity
    /// changed, or one of whose assets changed its gap (the asset count line); a conduit
    /// whose unmet count changed (its label); an asset whose gap or culprit mark changed.
    /// Returns `None` as [`Index::patch`] does, leaving the index as it was.
    pub fn patch_edits(
        &mut self,
        diagram: &mut Diagram,
        model: &Model,
        before: &Analysis,
        analysis: &Analysis,
        options: &Options,
        edited: &Moved,
    ) -> Option<Patched> {
        if !self.fits(diagram, model, options) {
            return None;
        }
        let mut changed = edited.clone();
        // Each list of deltas is in id order, and in-place edits keep the elements: compare
        // them side by side.
        let (d0, d1) = (&before.deltas, &analysis.deltas);
        if d0.zones.len() != diagram.zone_titles.len()
            || d1.zones.len() != d0.zones.len()
            || d0.conduits.len() != self.conduit_ids.len()
            || d1.conduits.len() != d0.conduits.len()
            || d0.assets.len() != diagram.asset_marks.len()
            || d1.assets.len() != d0.assets.len()
        {
            return None;
        }
        // Culprit counts change only with the culprit sets of a zone or conduit: take each
        // changed element's old culprits off and its new ones on (in a copy, kept only if the
        // patch succeeds).
        let mut counts = self.culprit.clone();
        let mut recount: Vec<(usize, bool)> = Vec::new();
        let mut culprits = |old: &Delta, new: &Delta| -> Option<()> {
            if old.culprit_sets().eq(new.culprit_sets()) {
                return Some(());
            }
            for (delta, up) in [(old, false), (new, true)] {
                for id in distinct_culprits(delta) {
                    let n = Self::asset_number(diagram, id)?;
                    let count = &mut counts[n];
                    recount.push((n, *count > 0));
                    *count = if up {
                        *count + 1
                    } else {
                        count.saturating_sub(1)
                    };
                }
            }
            Some(())
        };
        for (old, new) in d0.zones.iter().zip(&d1.zones) {
            if old.id != new.id {
                return None;
            }
            if reading(Some(&old.delta)) != reading(Some(&new.delta)) {
                changed.zones.insert(new.id.clone());
            }
            culprits(&old.delta, &new.delta)?;
        }
        for (k, (old, new)) in d0.conduits.iter().zip(&d1.conduits).enumerate() {
            if old.id != new.id || new.id != self.conduit_ids[k] {
                return None;
            }
            if reading(Some(&old.delta)) != reading(Some(&new.delta)) {
                changed.conduits.insert(new.id.clone());
            }
            culprits(&old.delta, &new.delta)?;
        }
        for (n, was) in recount {
            if was != (counts[n] > 0) {
                changed.assets.insert(diagram.asset_marks[n].asset.clone());
            }
        }
        for ((old, new), m) in d0.assets.iter().zip(&d1.assets).zip(&diagram.asset_marks) {
            if old.id != new.id || new.id != m.asset {
                return None;
            }
            if AssetGap::of(Some(old)) != AssetGap::of(Some(new)) {
                changed.assets.insert(m.asset.clone());
                // Its zone's count of short assets.
                if let Some(z) = model.assets.get(&m.asset).and_then(|a| a.placement.zone()) {
                    changed.zones.insert(z.clone());
                }
            }
        }
        // The patch draws with the new counts; a refused patch leaves the index as it was.
        let before_counts = std::mem::replace(&mut self.culprit, counts);
        let patched = self.patch(diagram, model, analysis, options, &changed);
        if patched.is_none() {
            self.culprit = before_counts;
        }
        patched
    }

    /// Whether this index was made for `diagram`'s elements and `options`, as far as a
    /// patch can tell (the patch checks each element it draws again).
    fn fits(&self, diagram: &Diagram, model: &Model, options: &Options) -> bool {
        *options == self.options
            && diagram.asset_marks.len() == model.assets.len()
            && self.conduit_ids.len() == model.conduits.len()
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
        if !self.fits(diagram, model, options) {
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
            // Its asset count line: how many assets it holds directly, how many are short.
            let counts = self.zone_assets[n].iter().fold((0, 0), |(all, short), &a| {
                let gap = AssetGap::of(
                    analysis
                        .deltas
                        .asset(diagram.asset_marks[a as usize].asset.as_str()),
                );
                (all + 1, short + usize::from(gap == AssetGap::Short))
            });
            let mut b = Builder::new(options, 8);
            b.zone(z, analysis, counts);
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
            b.asset(&super::inside::shown(model, a), self.culprit[n] > 0, gap);
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

    /// Applies `cmds` through a history, analyses again, patches the edits, and compares
    /// with a fresh build. Returns whether the index could patch them.
    fn check_edits(model: &mut Model, options: &Options, cmds: Vec<Command>) -> bool {
        let (before, mut diagram, mut index) = built(model, options);
        let mut history = History::default();
        history.restart_changes();
        for cmd in cmds {
            history.apply(model, "edit", cmd).unwrap();
        }
        let edited = history.edited_since(0).expect("in-place edits").clone();
        let analysis = Analysis::run(model, catalog());
        let titles = diagram.zone_titles.clone();
        let Some(patched) =
            index.patch_edits(&mut diagram, model, &before, &analysis, options, &edited)
        else {
            return false;
        };
        let fresh = super::super::build(model, &analysis, options);
        assert_eq!(diagram.items.len(), fresh.items.len());
        for (i, (a, b)) in diagram.items.iter().zip(&fresh.items).enumerate() {
            assert_eq!(a, b, "item {i}");
        }
        assert_eq!(diagram, fresh);
        // Every zone whose title changed is reported, so the canvas lays it out again.
        for (old, new) in titles.iter().zip(&fresh.zone_titles) {
            assert!(
                old == new || patched.zones.contains(&new.rect),
                "{} changed unreported",
                new.zone
            );
        }
        true
    }

    /// A copy of a value of `map` picked by `r`.
    fn any<K, V: Clone>(map: &std::collections::BTreeMap<K, V>, r: u64) -> V {
        map.values()
            .nth(r as usize % map.len().max(1))
            .expect("an element")
            .clone()
    }

    /// One random in-place edit of `m`: a name, an SL-T, an SL-C or its source, a kind, a
    /// channel, a countermeasure's status, or a move.
    fn random_edit(m: &Model, rnd: &mut impl FnMut(u64) -> u64) -> Command {
        use crate::model::{Channel, CountermeasureStatus, SlVector, SlcSource};
        let levels = |rnd: &mut dyn FnMut(u64) -> u64| {
            SlVector::from_levels(std::array::from_fn(|_| rnd(5) as u8)).expect("levels 0-4")
        };
        let name = |rnd: &mut dyn FnMut(u64) -> u64| -> String {
            "A name that grows longer and longer"
                .chars()
                .take(1 + rnd(34) as usize)
                .collect()
        };
        match rnd(9) {
            0 | 1 => {
                let mut a = any(&m.assets, rnd(1 << 20));
                a.sl_c = levels(rnd);
                a.sl_c_source = if rnd(4) == 0 {
                    SlcSource::Unknown
                } else {
                    SlcSource::Estimated {
                        by: String::new(),
                        note: String::new(),
                    }
                };
                Command::PutAsset(a)
            }
            2 => {
                let mut a = any(&m.assets, rnd(1 << 20));
                a.name = name(rnd);
                a.kind = ["plc", "firewall", "historian", "hmi", "field_instrument"]
                    [rnd(5) as usize]
                    .to_owned();
                a.digital = rnd(5) != 0;
                Command::PutAsset(a)
            }
            3 | 4 => {
                let mut z = any(&m.zones, rnd(1 << 20));
                z.sl_t = (rnd(6) != 0).then(|| levels(rnd));
                if rnd(2) == 0 {
                    z.name = name(rnd);
                }
                Command::PutZone(z)
            }
            5 => {
                let mut c = any(&m.conduits, rnd(1 << 20));
                c.sl_t = (rnd(5) != 0).then(|| levels(rnd));
                c.name = name(rnd);
                Command::PutConduit(c)
            }
            6 => {
                let mut c = any(&m.conduits, rnd(1 << 20));
                if c.channels.is_empty() || rnd(2) == 0 {
                    let protocol = ["modbus_tcp", "opc_ua", "https", "ntp"][rnd(4) as usize];
                    let mut ch = Channel::new(protocol, "edit");
                    ch.name = format!("ch {}", rnd(1000));
                    c.channels.push(ch);
                } else {
                    c.channels.pop();
                }
                Command::PutConduit(c)
            }
            7 if !m.countermeasures.is_empty() => {
                let mut cm = any(&m.countermeasures, rnd(1 << 20));
                cm.status = if cm.status == CountermeasureStatus::Implemented {
                    CountermeasureStatus::Planned
                } else {
                    CountermeasureStatus::Implemented
                };
                Command::PutCountermeasure(cm)
            }
            _ => {
                let mut z = any(&m.zones, rnd(1 << 20));
                z.rect = z
                    .rect
                    .translate(rnd(80) as f32 - 40.0, rnd(80) as f32 - 40.0);
                Command::PutZone(z)
            }
        }
    }

    #[test]
    fn random_in_place_edits_patch_to_the_rebuilt_diagram() {
        // Names, SL-Ts, SL-Cs and their sources, kinds, channels, countermeasures and moves,
        // one or three at a time, on each sample plant and in every colour mode: the patched
        // diagram equals a fresh build with the new analysis, primitive for primitive.
        let mut next = super::super::test_rng(2026);
        let mut rnd = move |n: u64| (next() >> 33) % n.max(1);
        let samples = [
            include_str!("../../sample-models/water-treatment.ron"),
            include_str!("../../sample-models/refinery-hydrocracker.ron"),
            include_str!("../../sample-models/substation-iec61850.ron"),
        ];
        let (mut patched, mut tried) = (0, 0);
        for (k, src) in samples.iter().enumerate() {
            let mut m = crate::persistence::from_str(src, "sample.ron").expect("loads");
            for round in 0..40 {
                let options = Options {
                    color_mode: [
                        super::super::ColorMode::Gap,
                        super::super::ColorMode::Kind,
                        super::super::ColorMode::TargetLevel,
                    ][(round + k) % 3],
                    high_contrast: round % 4 == 0,
                };
                let n = if round % 3 == 0 { 3 } else { 1 };
                let mut cmds = Vec::new();
                let mut scratch = m.clone();
                for _ in 0..n {
                    let cmd = random_edit(&scratch, &mut rnd);
                    cmd.clone().apply(&mut scratch).expect("applies");
                    cmds.push(cmd);
                }
                tried += 1;
                patched += usize::from(check_edits(&mut m, &options, cmds));
            }
        }
        // Only an edit that gives a conduit a label or takes it away is built afresh.
        assert!(patched * 10 >= tried * 9, "{patched} of {tried} patched");
    }

    #[test]
    fn a_run_of_edits_patched_one_after_another_stays_exact() {
        // The index carries what it counted (culprit marks) from patch to patch: 60 edits on
        // one index, each compared with a fresh build.
        let mut next = super::super::test_rng(77);
        let mut rnd = move |n: u64| (next() >> 33) % n.max(1);
        let options = Options {
            color_mode: super::super::ColorMode::Gap,
            high_contrast: false,
        };
        let mut m = water();
        let (mut analysis, mut diagram, mut index) = built(&m, &options);
        let mut patched = 0;
        for _ in 0..60 {
            let mut history = History::default();
            history.restart_changes();
            let cmd = random_edit(&m, &mut rnd);
            history.apply(&mut m, "edit", cmd).unwrap();
            let edited = history.edited_since(0).expect("in place").clone();
            let now = Analysis::run(&m, catalog());
            if index
                .patch_edits(&mut diagram, &m, &analysis, &now, &options, &edited)
                .is_some()
            {
                patched += 1;
                assert_eq!(diagram, super::super::build(&m, &now, &options));
                analysis = now;
            } else {
                (analysis, diagram, index) = built(&m, &options);
            }
        }
        assert!(patched >= 50, "{patched} of 60 patched");
    }

    #[test]
    fn an_edit_that_changes_the_structure_is_not_logged_as_in_place() {
        let mut m = water();
        let mut history = History::default();
        history.restart_changes();
        let mut a = m
            .assets
            .values()
            .find(|a| a.placement.zone().is_some())
            .expect("a zone asset")
            .clone();
        a.name = "Renamed".into();
        history
            .apply(&mut m, "rename", Command::PutAsset(a.clone()))
            .unwrap();
        assert_eq!(
            history.edited_since(0).map(|e| e.assets.len()),
            Some(1),
            "a rename is in place"
        );
        assert!(history.moved_since(0).is_none(), "and not a move");
        let other = m
            .zones
            .keys()
            .find(|z| Some(*z) != a.placement.zone())
            .expect("another zone")
            .clone();
        a.placement = crate::model::Placement::Zone(other);
        history
            .apply(&mut m, "replace", Command::PutAsset(a))
            .unwrap();
        assert!(history.edited_since(0).is_none(), "placed elsewhere");
        history.restart_changes();
        let mut z = m.zones.values().next().expect("a zone").clone();
        z.parent = m.zones.keys().nth(1).cloned();
        history.apply(&mut m, "nest", Command::PutZone(z)).unwrap();
        assert!(
            history.edited_since(history.state()).is_none(),
            "a new parent"
        );
        history.restart_changes();
        let id = m.assets.keys().next().expect("an asset").clone();
        history
            .apply(&mut m, "delete", Command::RemoveAsset(id))
            .unwrap();
        assert!(history.edited_since(history.state()).is_none(), "a removal");
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
