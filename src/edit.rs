//! Model edits the editor builds from gestures: moves with membership, deletes that leave no
//! dangling reference, copy/paste with fresh ids and names. Pure functions over `Model`, no
//! egui and not behind the `gui` feature, so the rules are unit-tested here and the canvas only
//! collects the gesture.
//!
//! Complex edits are made on a scratch copy and turned into one `Command::Batch` by [`diff`], so
//! every edit is one undo step however many elements it touches. That copy is made once per
//! committed edit, never per frame.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::model::{
    Asset, AssetId, Command, Conduit, ConduitId, Countermeasure, ElementId, Model, Placement,
    Point, Rect, Zone, ZoneId,
};

/// The commands that turn `before` into `after`, as one batch.
pub fn diff(before: &Model, after: &Model) -> Command {
    let mut cmds = Vec::new();
    if before.project != after.project {
        cmds.push(Command::SetProject(after.project.clone()));
    }
    diff_map(
        &before.zones,
        &after.zones,
        &mut cmds,
        |z| Command::PutZone(z.clone()),
        |id| Command::RemoveZone(id.clone()),
    );
    diff_map(
        &before.assets,
        &after.assets,
        &mut cmds,
        |a| Command::PutAsset(a.clone()),
        |id| Command::RemoveAsset(id.clone()),
    );
    diff_map(
        &before.conduits,
        &after.conduits,
        &mut cmds,
        |c| Command::PutConduit(c.clone()),
        |id| Command::RemoveConduit(id.clone()),
    );
    diff_map(
        &before.countermeasures,
        &after.countermeasures,
        &mut cmds,
        |c| Command::PutCountermeasure(c.clone()),
        |id| Command::RemoveCountermeasure(id.clone()),
    );
    for (k, v) in &after.accepted {
        if before.accepted.get(k) != Some(v) {
            cmds.push(Command::SetAcceptance {
                finding: k.clone(),
                acceptance: Some(v.clone()),
            });
        }
    }
    for k in before.accepted.keys() {
        if !after.accepted.contains_key(k) {
            cmds.push(Command::SetAcceptance {
                finding: k.clone(),
                acceptance: None,
            });
        }
    }
    Command::Batch(cmds)
}

fn diff_map<K: Ord, V: PartialEq>(
    before: &BTreeMap<K, V>,
    after: &BTreeMap<K, V>,
    out: &mut Vec<Command>,
    put: impl Fn(&V) -> Command,
    remove: impl Fn(&K) -> Command,
) {
    for (k, v) in after {
        if before.get(k) != Some(v) {
            out.push(put(v));
        }
    }
    for k in before.keys() {
        if !after.contains_key(k) {
            out.push(remove(k));
        }
    }
}

/// What deleting a selection takes with it, for the confirmation.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct DeleteCounts {
    pub zones: usize,
    pub subzones: usize,
    pub assets: usize,
    pub conduits: usize,
}

/// Deletes the selected elements. Zones go with their subzones, their assets, the conduits that
/// join them and those conduits' boundary devices (`Command::delete_zone_cascade`); a deleted
/// conduit's boundary devices stay as unplaced assets. Returns the batch and what it removes.
pub fn delete(model: &Model, selection: &BTreeSet<ElementId>) -> (Command, DeleteCounts) {
    let mut scratch = model.clone();
    for el in selection {
        if let ElementId::Zone(z) = el
            && scratch.zones.contains_key(z)
        {
            scratch.remove_zone_cascade(z);
        }
    }
    for el in selection {
        match el {
            ElementId::Asset(a) => {
                scratch.assets.remove(a);
            }
            ElementId::Conduit(c) => {
                scratch.conduits.remove(c);
            }
            ElementId::Countermeasure(c) => {
                scratch.countermeasures.remove(c);
            }
            ElementId::Zone(_) => {}
        }
    }
    scratch.drop_dangling_references();
    let selected_zones = selection
        .iter()
        .filter(|e| matches!(e, ElementId::Zone(_)))
        .count();
    let removed_zones = model.zones.len() - scratch.zones.len();
    let counts = DeleteCounts {
        zones: selected_zones,
        subzones: removed_zones.saturating_sub(selected_zones),
        assets: model.assets.len() - scratch.assets.len(),
        conduits: model.conduits.len() - scratch.conduits.len(),
    };
    (diff(model, &scratch), counts)
}

/// The zones a move takes along: the selected zones and everything nested in them.
pub fn moved_zones(model: &Model, selection: &BTreeSet<ElementId>) -> BTreeSet<ZoneId> {
    let mut out = BTreeSet::new();
    for el in selection {
        if let ElementId::Zone(z) = el
            && model.zones.contains_key(z)
        {
            out.extend(model.zone_and_descendants(z));
        }
    }
    out
}

/// Everything a move of `selection` moves: zones (with subzones), assets (selected ones and
/// those inside moved zones, and boundary devices of moved conduits), and conduits whose
/// zones all move (their route points move along).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MoveSet {
    pub zones: BTreeSet<ZoneId>,
    pub assets: BTreeSet<AssetId>,
    pub conduits: BTreeSet<ConduitId>,
}

impl MoveSet {
    pub fn of(model: &Model, selection: &BTreeSet<ElementId>) -> Self {
        let zones = moved_zones(model, selection);
        // Only a moved zone carries conduits and assets along: a selection of assets alone
        // (a nudge, a drag) costs what it holds, not what the plant holds.
        let mut conduits: BTreeSet<ConduitId> = if zones.is_empty() {
            BTreeSet::new()
        } else {
            model
                .conduits
                .values()
                .filter(|c| !c.zones.is_empty() && c.zones.iter().all(|z| zones.contains(z)))
                .map(|c| c.id.clone())
                .collect()
        };
        let mut assets = BTreeSet::new();
        for el in selection {
            match el {
                ElementId::Conduit(c) if model.conduits.contains_key(c) => {
                    conduits.insert(c.clone());
                }
                ElementId::Asset(a) if model.assets.contains_key(a) => {
                    assets.insert(a.clone());
                }
                _ => {}
            }
        }
        if !zones.is_empty() || !conduits.is_empty() {
            assets.extend(
                model
                    .assets
                    .values()
                    .filter(|a| match &a.placement {
                        Placement::Zone(z) => zones.contains(z),
                        Placement::Conduit(c) => conduits.contains(c),
                        Placement::Unplaced => false,
                    })
                    .map(|a| a.id.clone()),
            );
        }
        Self {
            zones,
            assets,
            conduits,
        }
    }

    pub fn contains(&self, el: &ElementId) -> bool {
        match el {
            ElementId::Zone(z) => self.zones.contains(z),
            ElementId::Asset(a) => self.assets.contains(a),
            ElementId::Conduit(c) => self.conduits.contains(c),
            ElementId::Countermeasure(_) => false,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.zones.is_empty() && self.assets.is_empty() && self.conduits.is_empty()
    }
}

/// "3 assets", "2 zones and 1 asset": what a step touches, for its undo label.
pub fn describe(selection: &BTreeSet<ElementId>) -> String {
    let mut counts = [0usize; 4];
    for el in selection {
        let i = match el {
            ElementId::Zone(_) => 0,
            ElementId::Asset(_) => 1,
            ElementId::Conduit(_) => 2,
            ElementId::Countermeasure(_) => 3,
        };
        counts[i] += 1;
    }
    let names = [
        ("zone", "zones"),
        ("asset", "assets"),
        ("conduit", "conduits"),
        ("countermeasure", "countermeasures"),
    ];
    let parts: Vec<String> = counts
        .iter()
        .zip(names)
        .filter(|(n, _)| **n > 0)
        .map(|(n, (one, many))| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect();
    match parts.len() {
        0 => "nothing".to_owned(),
        1 => parts[0].clone(),
        _ => {
            let (last, rest) = parts
                .split_last()
                .map_or((String::new(), &[][..]), |(l, r)| (l.clone(), r));
            format!("{} and {last}", rest.join(", "))
        }
    }
}

/// The innermost zone whose rectangle contains `p`, skipping `exclude`.
pub fn zone_at(model: &Model, p: Point, exclude: &BTreeSet<ZoneId>) -> Option<ZoneId> {
    zone_at_in(&Overlay::none(model), p, exclude)
}

fn zone_at_in(view: &Overlay<'_>, p: Point, exclude: &BTreeSet<ZoneId>) -> Option<ZoneId> {
    view.zones()
        .filter(|z| !exclude.contains(&z.id) && z.rect.contains_point(p))
        .max_by(|a, b| {
            view.depth(a)
                .cmp(&view.depth(b))
                .then_with(|| b.rect.area().total_cmp(&a.rect.area()))
        })
        .map(|z| z.id.clone())
}

/// The innermost zone that wholly contains `r`, skipping `exclude`.
pub fn zone_containing(model: &Model, r: &Rect, exclude: &BTreeSet<ZoneId>) -> Option<ZoneId> {
    zone_containing_in(&Overlay::none(model), r, exclude)
}

fn zone_containing_in(view: &Overlay<'_>, r: &Rect, exclude: &BTreeSet<ZoneId>) -> Option<ZoneId> {
    view.zones()
        .filter(|z| !exclude.contains(&z.id) && z.rect.contains_rect(r))
        .min_by(|a, b| a.rect.area().total_cmp(&b.rect.area()))
        .map(|z| z.id.clone())
}

/// The model's zones with some of them replaced (moved copies), without copying the model.
struct Overlay<'a> {
    model: &'a Model,
    moved: Option<&'a BTreeMap<ZoneId, Zone>>,
}

impl<'a> Overlay<'a> {
    fn none(model: &'a Model) -> Self {
        Self { model, moved: None }
    }

    fn zone(&self, id: &ZoneId) -> Option<&'a Zone> {
        self.moved
            .and_then(|m| m.get(id))
            .or_else(|| self.model.zones.get(id))
    }

    fn zones(&self) -> impl Iterator<Item = &'a Zone> + '_ {
        self.model
            .zones
            .values()
            .map(|z| self.moved.and_then(|m| m.get(&z.id)).unwrap_or(z))
    }

    /// How many ancestors `z` has (a cycle counts as what was walked before it closed).
    fn depth(&self, z: &Zone) -> usize {
        let mut n = 0;
        let mut cur = z.parent.as_ref();
        while let Some(p) = cur {
            if n > self.model.zones.len() {
                break;
            }
            n += 1;
            cur = self.zone(p).and_then(|x| x.parent.as_ref());
        }
        n
    }
}

/// Moves the selection by `(dx, dy)` and updates membership by containment: a moved zone
/// becomes a subzone of the innermost zone that holds it (or top level); a moved asset joins
/// the conduit it is dropped on (`on_conduit`), else the innermost zone under it, else none.
/// Assets and subzones carried along by a moved zone keep their membership.
pub fn move_selection(
    model: &Model,
    selection: &BTreeSet<ElementId>,
    dx: f32,
    dy: f32,
    on_conduit: impl Fn(&Model, Point) -> Option<ConduitId>,
) -> Command {
    let set = MoveSet::of(model, selection);
    if set.is_empty() || (dx == 0.0 && dy == 0.0) {
        return Command::Batch(Vec::new());
    }
    // Only the moved elements are copied (a large plant is never cloned for a drag).
    let mut zones: BTreeMap<ZoneId, Zone> = set
        .zones
        .iter()
        .filter_map(|id| model.zones.get(id))
        .map(|z| {
            let mut z = z.clone();
            z.rect = z.rect.translate(dx, dy);
            (z.id.clone(), z)
        })
        .collect();
    let mut assets: BTreeMap<AssetId, Asset> = set
        .assets
        .iter()
        .filter_map(|id| model.assets.get(id))
        .map(|a| {
            let mut a = a.clone();
            a.pos = a.pos.offset(dx, dy);
            (a.id.clone(), a)
        })
        .collect();
    let conduits: Vec<Conduit> = set
        .conduits
        .iter()
        .filter_map(|id| model.conduits.get(id))
        .map(|c| {
            let mut c = c.clone();
            for p in &mut c.route {
                *p = p.offset(dx, dy);
            }
            c
        })
        .collect();
    // Zones the user picked (not carried by a moved parent) look for a new parent.
    for el in selection {
        let ElementId::Zone(z) = el else { continue };
        let carried = model
            .zone(z.as_str())
            .and_then(|zz| zz.parent.as_ref())
            .is_some_and(|p| set.zones.contains(p));
        if carried {
            continue;
        }
        let Some(rect) = zones.get(z).map(|zz| zz.rect) else {
            continue;
        };
        let exclude: BTreeSet<ZoneId> = model.zone_and_descendants(z).into_iter().collect();
        let view = Overlay {
            model,
            moved: Some(&zones),
        };
        let parent = zone_containing_in(&view, &rect, &exclude);
        if let Some(zz) = zones.get_mut(z) {
            zz.parent = parent;
        }
    }
    let view = Overlay {
        model,
        moved: Some(&zones),
    };
    for el in selection {
        let ElementId::Asset(a) = el else { continue };
        let carried = match model.asset(a.as_str()).map(|x| &x.placement) {
            Some(Placement::Zone(z)) => set.zones.contains(z),
            Some(Placement::Conduit(c)) => set.conduits.contains(c),
            _ => false,
        };
        if carried {
            continue;
        }
        let Some(pos) = assets.get(a).map(|x| x.pos) else {
            continue;
        };
        let placement = if let Some(c) = on_conduit(model, pos) {
            Placement::Conduit(c)
        } else if let Some(z) = zone_at_in(&view, pos, &BTreeSet::new()) {
            Placement::Zone(z)
        } else {
            Placement::Unplaced
        };
        if let Some(x) = assets.get_mut(a) {
            x.placement = placement;
        }
    }
    let changed_zones = zones
        .into_values()
        .filter(|z| model.zones.get(&z.id) != Some(z))
        .map(Command::PutZone);
    let changed_assets = assets
        .into_values()
        .filter(|a| model.assets.get(&a.id) != Some(a))
        .map(Command::PutAsset);
    let changed_conduits = conduits
        .into_iter()
        .filter(|c| model.conduits.get(&c.id) != Some(c))
        .map(Command::PutConduit);
    Command::Batch(
        changed_zones
            .chain(changed_assets)
            .chain(changed_conduits)
            .collect(),
    )
}

/// Where an asset at `pos` belongs: the conduit under it, else the innermost zone, else none.
pub fn placement_at(
    model: &Model,
    pos: Point,
    on_conduit: &impl Fn(&Model, Point) -> Option<ConduitId>,
) -> Placement {
    if let Some(c) = on_conduit(model, pos) {
        Placement::Conduit(c)
    } else if let Some(z) = zone_at(model, pos, &BTreeSet::new()) {
        Placement::Zone(z)
    } else {
        Placement::Unplaced
    }
}

/// Copied elements, self-contained: links inside the set are kept on paste.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Clip {
    pub zones: Vec<Zone>,
    pub assets: Vec<Asset>,
    pub conduits: Vec<Conduit>,
    pub countermeasures: Vec<Countermeasure>,
}

impl Clip {
    pub fn is_empty(&self) -> bool {
        self.zones.is_empty()
            && self.assets.is_empty()
            && self.conduits.is_empty()
            && self.countermeasures.is_empty()
    }
}

/// Copies the selection: selected zones with their subzones and assets, selected assets,
/// selected conduits with their boundary devices, and conduits whose zones are all copied.
pub fn copy(model: &Model, selection: &BTreeSet<ElementId>) -> Clip {
    let set = MoveSet::of(model, selection);
    let conduits: BTreeSet<&ConduitId> = model
        .conduits
        .values()
        .filter(|c| {
            selection.contains(&ElementId::Conduit(c.id.clone()))
                || (!c.zones.is_empty() && c.zones.iter().all(|z| set.zones.contains(z)))
        })
        .map(|c| &c.id)
        .collect();
    Clip {
        zones: set
            .zones
            .iter()
            .filter_map(|z| model.zones.get(z).cloned())
            .collect(),
        assets: set
            .assets
            .iter()
            .filter_map(|a| model.assets.get(a).cloned())
            .collect(),
        conduits: conduits
            .iter()
            .filter_map(|c| model.conduits.get(*c).cloned())
            .collect(),
        countermeasures: selection
            .iter()
            .filter_map(|e| match e {
                ElementId::Countermeasure(c) => model.countermeasures.get(c).cloned(),
                _ => None,
            })
            .collect(),
    }
}

/// `name` if no element has it yet, else `name (2)`, `name (3)`, … (an earlier copy's suffix
/// is replaced, not stacked); the result is added to `taken`. An empty name stays empty.
pub fn fresh_name(name: &str, taken: &mut HashSet<String>) -> String {
    if name.is_empty() {
        return String::new();
    }
    let base = match name.rsplit_once(" (") {
        Some((b, n))
            if n.strip_suffix(')')
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit())) =>
        {
            b
        }
        _ => name,
    };
    let out = if taken.contains(name) {
        (2..)
            .map(|k| format!("{base} ({k})"))
            .find(|c| !taken.contains(c))
            .unwrap_or_else(|| name.to_owned())
    } else {
        name.to_owned()
    };
    taken.insert(out.clone());
    out
}

/// Pastes `clip` with new ids, offset by `(dx, dy)`. Links inside the clip are remapped; links
/// to elements outside it are kept when those still exist. Returns the batch and the new
/// elements (to select them).
pub fn paste(model: &Model, clip: &Clip, dx: f32, dy: f32) -> (Command, BTreeSet<ElementId>) {
    let mut taken = HashSet::new();
    let new_id = |prefix: &str, taken: &mut HashSet<String>| {
        let id = model.fresh_id_besides(prefix, taken);
        taken.insert(id.clone());
        id
    };
    let zone_map: BTreeMap<ZoneId, ZoneId> = clip
        .zones
        .iter()
        .map(|z| (z.id.clone(), ZoneId::new(new_id("Z", &mut taken))))
        .collect();
    let asset_map: BTreeMap<AssetId, AssetId> = clip
        .assets
        .iter()
        .map(|a| (a.id.clone(), AssetId::new(new_id("A", &mut taken))))
        .collect();
    let conduit_map: BTreeMap<ConduitId, ConduitId> = clip
        .conduits
        .iter()
        .map(|c| (c.id.clone(), ConduitId::new(new_id("C", &mut taken))))
        .collect();
    let mut scratch = model.clone();
    let mut added = BTreeSet::new();
    // Copies get fresh names ("PLC 1" → "PLC 1 (2)"), so no two elements read alike.
    let mut zone_names: HashSet<String> = model.zones.values().map(|z| z.name.clone()).collect();
    let mut asset_names: HashSet<String> = model.assets.values().map(|a| a.name.clone()).collect();
    let mut conduit_names: HashSet<String> =
        model.conduits.values().map(|c| c.name.clone()).collect();
    for z in &clip.zones {
        let mut n = z.clone();
        n.id = zone_map[&z.id].clone();
        n.name = fresh_name(&z.name, &mut zone_names);
        n.parent = z.parent.as_ref().and_then(|p| {
            zone_map
                .get(p)
                .cloned()
                .or_else(|| model.zones.contains_key(p).then(|| p.clone()))
        });
        n.rect = n.rect.translate(dx, dy);
        added.insert(ElementId::Zone(n.id.clone()));
        scratch.insert_zone(n);
    }
    for a in &clip.assets {
        let mut n = a.clone();
        n.id = asset_map[&a.id].clone();
        n.name = fresh_name(&a.name, &mut asset_names);
        n.pos = n.pos.offset(dx, dy);
        n.placement = match &a.placement {
            Placement::Zone(z) => zone_map
                .get(z)
                .cloned()
                .or_else(|| model.zones.contains_key(z).then(|| z.clone()))
                .map_or(Placement::Unplaced, Placement::Zone),
            Placement::Conduit(c) => conduit_map
                .get(c)
                .cloned()
                .or_else(|| model.conduits.contains_key(c).then(|| c.clone()))
                .map_or(Placement::Unplaced, Placement::Conduit),
            Placement::Unplaced => Placement::Unplaced,
        };
        added.insert(ElementId::Asset(n.id.clone()));
        scratch.insert_asset(n);
    }
    for c in &clip.conduits {
        let mut n = c.clone();
        n.id = conduit_map[&c.id].clone();
        n.name = fresh_name(&c.name, &mut conduit_names);
        n.zones = c
            .zones
            .iter()
            .map(|z| zone_map.get(z).cloned().unwrap_or_else(|| z.clone()))
            .collect();
        for ch in &mut n.channels {
            for end in [&mut ch.source, &mut ch.destination] {
                if let Some(a) = end.as_ref()
                    && let Some(m) = asset_map.get(a)
                {
                    *end = Some(m.clone());
                }
            }
        }
        n.route = n.route.iter().map(|p| p.offset(dx, dy)).collect();
        added.insert(ElementId::Conduit(n.id.clone()));
        scratch.insert_conduit(n);
    }
    for cm in &clip.countermeasures {
        let mut n = cm.clone();
        n.id = new_id("CM", &mut taken).as_str().into();
        n.zones = cm
            .zones
            .iter()
            .map(|z| zone_map.get(z).cloned().unwrap_or_else(|| z.clone()))
            .collect();
        n.conduits = cm
            .conduits
            .iter()
            .map(|c| conduit_map.get(c).cloned().unwrap_or_else(|| c.clone()))
            .collect();
        added.insert(ElementId::Countermeasure(n.id.clone()));
        scratch.insert_countermeasure(n);
    }
    scratch.drop_dangling_references();
    (diff(model, &scratch), added)
}

/// The box an asset is drawn in (the diagram's layout, centred on its position).
pub use crate::diagram::asset_rect;

/// The world rectangle an element covers (zones, assets; conduits by their zones' union).
pub fn element_rect(model: &Model, el: &ElementId) -> Option<Rect> {
    match el {
        ElementId::Zone(z) => model.zones.get(z).map(|z| z.rect),
        ElementId::Asset(a) => model
            .assets
            .get(a)
            .map(|a| crate::diagram::shown_asset_rect(model, a)),
        ElementId::Conduit(c) => model.conduits.get(c).and_then(|c| {
            c.zones
                .iter()
                .filter_map(|z| model.zones.get(z).map(|z| z.rect))
                .chain(c.route.iter().map(|p| Rect::new(p.x, p.y, 0.0, 0.0)))
                .reduce(|a, b| a.union(&b))
        }),
        ElementId::Countermeasure(cm) => model.countermeasures.get(cm).and_then(|cm| {
            cm.zones
                .iter()
                .filter_map(|z| model.zones.get(z).map(|z| z.rect))
                .reduce(|a, b| a.union(&b))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Channel, ZoneKind};

    fn plant() -> Model {
        let mut m = Model::default();
        m.insert_zone(Zone::new(
            "Z-A",
            "A",
            ZoneKind::Control,
            Rect::new(0.0, 0.0, 400.0, 300.0),
        ));
        let mut sub = Zone::new(
            "Z-S",
            "S",
            ZoneKind::Field,
            Rect::new(20.0, 60.0, 200.0, 200.0),
        );
        sub.parent = Some("Z-A".into());
        m.insert_zone(sub);
        m.insert_zone(Zone::new(
            "Z-B",
            "B",
            ZoneKind::Dmz,
            Rect::new(600.0, 0.0, 300.0, 300.0),
        ));
        let mut plc = Asset::new("A-1", "PLC", "plc", Point::new(100.0, 150.0));
        plc.placement = Placement::Zone("Z-S".into());
        m.insert_asset(plc);
        let mut hmi = Asset::new("A-2", "HMI", "hmi_panel", Point::new(700.0, 150.0));
        hmi.placement = Placement::Zone("Z-B".into());
        m.insert_asset(hmi);
        let mut c = Conduit::new("C-1", "A-B", vec!["Z-A".into(), "Z-B".into()]);
        let mut ch = Channel::new("modbus_tcp", "polling");
        ch.source = Some("A-2".into());
        ch.destination = Some("A-1".into());
        c.channels.push(ch);
        m.insert_conduit(c);
        m
    }

    fn sel(ids: &[&str], m: &Model) -> BTreeSet<ElementId> {
        ids.iter().filter_map(|i| m.element_id(i)).collect()
    }

    fn no_conduit(_: &Model, _: Point) -> Option<ConduitId> {
        None
    }

    #[test]
    fn diff_applies_to_after() {
        let before = plant();
        let mut after = before.clone();
        after.zones.remove("Z-B");
        after.assets.get_mut("A-1").unwrap().name = "PLC 1".into();
        after.project.name = "P".into();
        let mut m = before.clone();
        diff(&before, &after).apply(&mut m).unwrap();
        assert_eq!(m, after);
    }

    #[test]
    fn asset_moved_out_leaves_and_into_zone_joins() {
        let m = plant();
        let s = sel(&["A-1"], &m);
        let mut out = m.clone();
        move_selection(&m, &s, 0.0, 400.0, no_conduit)
            .apply(&mut out)
            .unwrap();
        assert_eq!(out.assets["A-1"].placement, Placement::Unplaced);
        let mut into_b = m.clone();
        move_selection(&m, &s, 620.0, 0.0, no_conduit)
            .apply(&mut into_b)
            .unwrap();
        assert_eq!(
            into_b.assets["A-1"].placement,
            Placement::Zone("Z-B".into())
        );
        let mut onto = m.clone();
        move_selection(&m, &s, 5.0, 0.0, |_: &Model, _| Some("C-1".into()))
            .apply(&mut onto)
            .unwrap();
        assert_eq!(
            onto.assets["A-1"].placement,
            Placement::Conduit("C-1".into())
        );
    }

    #[test]
    fn zone_move_carries_contents_and_reparents() {
        let m = plant();
        let s = sel(&["Z-S"], &m);
        let mut moved = m.clone();
        // Into Z-B: becomes its subzone; the PLC rides along and stays in Z-S.
        move_selection(&m, &s, 640.0, -40.0, no_conduit)
            .apply(&mut moved)
            .unwrap();
        assert_eq!(moved.zones["Z-S"].parent, Some("Z-B".into()));
        assert_eq!(moved.assets["A-1"].pos, Point::new(740.0, 110.0));
        assert_eq!(moved.assets["A-1"].placement, Placement::Zone("Z-S".into()));
        // Moving the parent keeps the subzone's parent.
        let s = sel(&["Z-A"], &m);
        let mut m2 = m.clone();
        move_selection(&m, &s, 10.0, 10.0, no_conduit)
            .apply(&mut m2)
            .unwrap();
        assert_eq!(m2.zones["Z-S"].parent, Some("Z-A".into()));
        assert_eq!(m2.zones["Z-S"].rect.x, 30.0);
        // The command puts the moved elements only: Z-A, Z-S and the PLC they carry.
        let Command::Batch(cmds) = move_selection(&m, &s, 10.0, 10.0, no_conduit) else {
            panic!("a batch")
        };
        assert_eq!(cmds.len(), 3, "{cmds:?}");
    }

    /// A laid-out conduit of three zones: moving its zones, or pasting a copy, moves its hub
    /// and every leg along.
    #[test]
    fn hub_routes_move_and_paste_with_their_zones() {
        let mut m = plant();
        m.insert_zone(Zone::new(
            "Z-C",
            "C",
            ZoneKind::Field,
            Rect::new(0.0, 0.0, 300.0, 200.0),
        ));
        m.insert_conduit(Conduit::new(
            "C-H",
            "hub",
            vec!["Z-B".into(), "Z-A".into(), "Z-C".into()],
        ));
        crate::layout::tidy(&mut m);
        assert_eq!(m.conduits["C-H"].legs.len(), 3);
        let lines = |m: &Model, c: &str| crate::diagram::conduit_paths(m, &m.conduits[c]).unwrap();
        let shifted = |l: crate::diagram::ConduitPaths, dx: f32, dy: f32| {
            l.paths
                .iter()
                .map(|p| p.iter().map(|q| q.offset(dx, dy)).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        };
        let before = lines(&m, "C-H");
        let s = sel(&["Z-A", "Z-B", "Z-C"], &m);
        let mut moved = m.clone();
        move_selection(&m, &s, 30.0, -20.0, no_conduit)
            .apply(&mut moved)
            .unwrap();
        assert_eq!(moved.conduits["C-H"].legs, m.conduits["C-H"].legs);
        assert_eq!(
            lines(&moved, "C-H").paths,
            shifted(before.clone(), 30.0, -20.0)
        );
        let mut s = s;
        s.insert(ElementId::Conduit("C-H".into()));
        let (cmd, added) = paste(&m, &copy(&m, &s), 500.0, 700.0);
        let mut pasted = m.clone();
        cmd.apply(&mut pasted).unwrap();
        let copy_id = added
            .iter()
            .find_map(|e| match e {
                ElementId::Conduit(c) if pasted.conduits[c].zones.len() == 3 => Some(c.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!(
            lines(&pasted, copy_id.as_str()).paths,
            shifted(before, 500.0, 700.0)
        );
    }

    #[test]
    fn delete_zone_clears_references() {
        let m = plant();
        let (cmd, counts) = delete(&m, &sel(&["Z-A"], &m));
        assert_eq!(
            counts,
            DeleteCounts {
                zones: 1,
                subzones: 1,
                assets: 1,
                conduits: 1
            }
        );
        let mut d = m.clone();
        let inv = cmd.apply(&mut d).unwrap();
        assert!(d.zones.keys().eq(["Z-B"]));
        assert!(d.assets.keys().eq(["A-2"]));
        inv.apply(&mut d).unwrap();
        assert_eq!(d, m);
        // Deleting an asset clears channel endpoints that name it.
        let (cmd, _) = delete(&m, &sel(&["A-1"], &m));
        let mut d = m.clone();
        cmd.apply(&mut d).unwrap();
        assert_eq!(d.conduits["C-1"].channels[0].destination, None);
        assert_eq!(
            d.conduits["C-1"].channels[0].source,
            Some(AssetId::from("A-2"))
        );
    }

    #[test]
    fn copies_get_fresh_names() {
        let mut taken: HashSet<String> = ["PLC 1", "PLC 1 (2)", "Cell (4)"]
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(fresh_name("PLC 1", &mut taken), "PLC 1 (3)");
        assert_eq!(fresh_name("PLC 1 (2)", &mut taken), "PLC 1 (4)");
        assert_eq!(fresh_name("Cell (4)", &mut taken), "Cell (2)");
        assert_eq!(fresh_name("New", &mut taken), "New");
        assert_eq!(fresh_name("New", &mut taken), "New (2)");
        assert_eq!(fresh_name("", &mut taken), "");
        assert_eq!(fresh_name("f(x)", &mut taken), "f(x)");
    }

    #[test]
    fn paste_remaps_internal_links() {
        let m = plant();
        let clip = copy(&m, &sel(&["Z-A", "Z-B"], &m));
        assert_eq!(clip.zones.len(), 3);
        assert_eq!(clip.assets.len(), 2);
        assert_eq!(clip.conduits.len(), 1);
        let (cmd, added) = paste(&m, &clip, 30.0, 30.0);
        let mut p = m.clone();
        cmd.apply(&mut p).unwrap();
        assert_eq!(p.zones.len(), 6);
        assert_eq!(added.len(), 6);
        let new_conduit = p.conduits.values().find(|c| c.id != "C-1").unwrap();
        assert!(new_conduit.zones.iter().all(|z| z != "Z-A" && z != "Z-B"));
        let ch = &new_conduit.channels[0];
        assert!(ch.source.as_ref().is_some_and(|s| s != "A-2"));
        let new_plc = p
            .assets
            .values()
            .find(|a| a.name == "PLC (2)" && a.id != "A-1")
            .unwrap();
        let Placement::Zone(z) = &new_plc.placement else {
            panic!("placed")
        };
        assert_ne!(z, "Z-S");
        assert_eq!(p.zones[z].parent.as_ref().map(|p| p != "Z-A"), Some(true));
        assert_eq!(new_plc.pos, Point::new(130.0, 180.0));
    }

    #[test]
    fn describe_counts() {
        let m = plant();
        assert_eq!(describe(&sel(&["A-1", "A-2"], &m)), "2 assets");
        assert_eq!(describe(&sel(&["Z-A", "A-1"], &m)), "1 zone and 1 asset");
    }
}
