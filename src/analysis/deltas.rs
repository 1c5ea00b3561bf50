//! SL-C per zone and conduit, and the requirement deltas against SL-T.
//!
//! Heuristic of this tool (see [`super::SLC_HEURISTIC`]): a zone's SL-C per FR is the minimum
//! SL-C of every asset in it, subzones included; a conduit's is the minimum over its boundary
//! devices. The delta of a zone is every 3-3 item r on FR f with `SL-C[f] < level(r) <= SL-T[f]`.
//! An implemented countermeasure that applies to the element and names the item moves it from
//! unmet to covered; a planned one is listed beside the unmet item.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use super::IdHash;
use crate::catalog::{Catalog, ComponentRequirement, Requirement};
use crate::model::{
    Asset, AssetId, ConduitId, CountermeasureId, Fr, Model, SecurityLevel, SlVector, ZoneId,
};

/// A 3-3 item the target demands and the capability does not meet.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Unmet {
    pub requirement: &'static Requirement,
    /// Assets of the element whose SL-C on the item's FR is below its level, in id order.
    /// Shared between the items of one FR and level.
    pub culprits: Arc<[AssetId]>,
    /// Planned countermeasures that will cover it.
    pub planned: Vec<CountermeasureId>,
}

/// A 3-3 item covered by implemented countermeasures.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Covered {
    pub requirement: &'static Requirement,
    pub by: Vec<CountermeasureId>,
}

/// The delta of a zone or conduit.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Delta {
    /// `None`: not assessed (no SL-T, or an external zone).
    pub sl_t: Option<SlVector>,
    pub sl_c: SlVector,
    pub unmet: Vec<Unmet>,
    pub covered: Vec<Covered>,
}

impl Delta {
    pub fn is_assessed(&self) -> bool {
        self.sl_t.is_some()
    }

    /// Unmet items per FR.
    pub fn unmet_per_fr(&self) -> [usize; 7] {
        let mut out = [0; 7];
        for u in &self.unmet {
            out[u.requirement.fr.index()] += 1;
        }
        out
    }

    /// The FRs where SL-C is below SL-T.
    pub fn gap_frs(&self) -> Vec<Fr> {
        self.sl_t
            .map(|t| self.sl_c.below(&t).collect())
            .unwrap_or_default()
    }
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ZoneDelta {
    pub id: ZoneId,
    pub external: bool,
    /// Every asset in the zone, subzones included, in id order.
    pub assets: Vec<AssetId>,
    pub delta: Delta,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ConduitDelta {
    pub id: ConduitId,
    pub boundary_devices: Vec<AssetId>,
    pub delta: Delta,
}

/// The 4-2 component delta of one asset against the SL-T of its zone or conduit.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct AssetDelta {
    pub id: AssetId,
    /// The SL-T it is measured against; `None` when its zone or conduit has none.
    pub target: Option<SlVector>,
    /// Shared between assets with the same classes, SL-C and target.
    pub unmet: Arc<[&'static ComponentRequirement]>,
}

/// Index from an id to its position in one of the lists.
type IdIndex<K> = HashMap<K, usize, IdHash>;

/// All deltas of a model, each list in id order.
#[derive(Clone, Debug, Default)]
pub struct Deltas {
    pub zones: Vec<ZoneDelta>,
    pub conduits: Vec<ConduitDelta>,
    pub assets: Vec<AssetDelta>,
    zone_index: IdIndex<ZoneId>,
    conduit_index: IdIndex<ConduitId>,
    asset_index: IdIndex<AssetId>,
}

impl Deltas {
    pub fn compute(model: &Model, catalog: &'static Catalog) -> Self {
        let zone_index = index_of(model.zones.keys());
        let conduit_index = index_of(model.conduits.keys());
        let mut asset_index =
            HashMap::with_capacity_and_hasher(model.assets.len(), IdHash::default());
        let system = SystemItems::new(catalog);

        // The SL-T each zone and conduit measures its members against.
        let zone_target: Vec<Option<SlVector>> = model
            .zones
            .values()
            .map(|z| if z.is_external() { None } else { z.sl_t })
            .collect();
        let conduit_target: Vec<Option<SlVector>> =
            model.conduits.values().map(|c| c.sl_t).collect();

        // One pass over the assets (the model's largest part): their index, where each is, and
        // their component deltas. Many assets share class set, SL-C and target, so each
        // distinct component delta is computed once.
        let mut placed = Vec::with_capacity(model.assets.len());
        let mut direct_len = vec![0; zone_index.len()];
        let mut devices_len = vec![0; conduit_index.len()];
        let none: Arc<[&'static ComponentRequirement]> = Arc::from([]);
        let mut component_memo: HashMap<
            ComponentKey,
            Arc<[&'static ComponentRequirement]>,
            IdHash,
        > = HashMap::default();
        let mut assets = Vec::with_capacity(model.assets.len());
        for (i, a) in model.assets.values().enumerate() {
            asset_index.insert(a.id.clone(), i);
            let mut target = None;
            let mut slot = Slot::Neither;
            if let Some(&z) = a.placement.zone().and_then(|z| zone_index.get(z)) {
                direct_len[z] += 1;
                slot = Slot::Zone(z);
                target = zone_target[z];
            } else if let Some(&c) = a.placement.conduit().and_then(|c| conduit_index.get(c)) {
                devices_len[c] += 1;
                slot = Slot::Conduit(c);
                target = conduit_target[c];
            }
            placed.push((slot, a));
            let unmet = target.map_or_else(
                || Arc::clone(&none),
                |t| {
                    component_memo
                        .entry((a.class_mask(), a.sl_c.levels(), t.levels()))
                        .or_insert_with(|| component_delta(catalog, a, &t).into())
                        .clone()
                },
            );
            assets.push(AssetDelta {
                id: a.id.clone(),
                target,
                unmet,
            });
        }
        // Direct members per zone and conduit, in asset id order.
        let mut direct: Vec<Vec<&Asset>> = direct_len.into_iter().map(Vec::with_capacity).collect();
        let mut devices: Vec<Vec<&Asset>> =
            devices_len.into_iter().map(Vec::with_capacity).collect();
        for (slot, a) in placed {
            match slot {
                Slot::Zone(z) => direct[z].push(a),
                Slot::Conduit(c) => devices[c].push(a),
                Slot::Neither => {}
            }
        }
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); zone_index.len()];
        for (i, z) in model.zones.values().enumerate() {
            if let Some(p) = z.parent.as_ref().and_then(|p| zone_index.get(p))
                && *p != i
            {
                children[*p].push(i);
            }
        }

        let cms = Countermeasures::index(model, catalog, &zone_index, &conduit_index);
        let mut culprits = Culprits::new();
        let zones = model
            .zones
            .values()
            .enumerate()
            .map(|(i, zone)| {
                let members = nested_members(i, &direct, &children);
                let delta = delta_for(
                    &system,
                    zone_target[i],
                    &members,
                    &cms.zones[i],
                    &mut culprits,
                );
                ZoneDelta {
                    id: zone.id.clone(),
                    external: zone.is_external(),
                    assets: members.iter().map(|a| a.id.clone()).collect(),
                    delta,
                }
            })
            .collect();
        let conduits = model
            .conduits
            .values()
            .enumerate()
            .map(|(i, c)| ConduitDelta {
                id: c.id.clone(),
                boundary_devices: devices[i].iter().map(|a| a.id.clone()).collect(),
                delta: delta_for(
                    &system,
                    c.sl_t,
                    &devices[i],
                    &cms.conduits[i],
                    &mut culprits,
                ),
            })
            .collect();
        Self {
            zones,
            conduits,
            assets,
            zone_index,
            conduit_index,
            asset_index,
        }
    }

    pub fn zone(&self, id: &str) -> Option<&ZoneDelta> {
        self.zone_index.get(id).map(|&i| &self.zones[i])
    }

    pub fn conduit(&self, id: &str) -> Option<&ConduitDelta> {
        self.conduit_index.get(id).map(|&i| &self.conduits[i])
    }

    pub fn asset(&self, id: &str) -> Option<&AssetDelta> {
        self.asset_index.get(id).map(|&i| &self.assets[i])
    }

    /// Unmet 3-3 items over all zones and conduits, per FR.
    pub fn total_unmet_per_fr(&self) -> [usize; 7] {
        let mut out = [0; 7];
        let all = self
            .zones
            .iter()
            .map(|z| &z.delta)
            .chain(self.conduits.iter().map(|c| &c.delta));
        for d in all {
            for (o, n) in out.iter_mut().zip(d.unmet_per_fr()) {
                *o += n;
            }
        }
        out
    }
}

/// Position of each id in a list in id order.
fn index_of<'a, K: Clone + Eq + Hash + 'a>(
    ids: impl ExactSizeIterator<Item = &'a K>,
) -> IdIndex<K> {
    let mut index = HashMap::with_capacity_and_hasher(ids.len(), IdHash::default());
    for (i, id) in ids.enumerate() {
        index.insert(id.clone(), i);
    }
    index
}

/// Where an asset is, by position of its zone or conduit.
#[derive(Clone, Copy)]
enum Slot {
    Neither,
    Zone(usize),
    Conduit(usize),
}

/// Class set, SL-C and target of an asset: all its component delta depends on.
type ComponentKey = (u8, [u8; 7], [u8; 7]);

/// The 3-3 items of each FR grouped by level (`by_level[fr][l]`, l in 1..=4), in catalog order
/// within a level: the delta of one FR is a run of whole levels.
struct SystemItems {
    by_level: [[Vec<&'static Requirement>; 5]; 7],
}

impl SystemItems {
    fn new(catalog: &'static Catalog) -> Self {
        let mut by_level: [[Vec<&'static Requirement>; 5]; 7] = Default::default();
        for fr in Fr::ALL {
            for r in catalog.system_delta(fr, SecurityLevel::SL0, SecurityLevel::SL4) {
                by_level[fr.index()][usize::from(r.level.get())].push(r);
            }
        }
        Self { by_level }
    }

    /// The items of `fr` with level `l`.
    fn at(&self, fr: Fr, l: u8) -> &[&'static Requirement] {
        &self.by_level[fr.index()][usize::from(l.min(SecurityLevel::MAX))]
    }

    /// How many items of `fr` have `capability < level <= target`.
    fn count(&self, fr: Fr, capability: u8, target: u8) -> usize {
        (capability + 1..=target)
            .map(|l| self.at(fr, l).len())
            .sum()
    }
}

/// The assets of zone `i` and of all zones nested in it, in id order.
fn nested_members<'a, 'd>(
    i: usize,
    direct: &'d [Vec<&'a Asset>],
    children: &[Vec<usize>],
) -> Cow<'d, [&'a Asset]> {
    if children[i].is_empty() {
        return Cow::Borrowed(&direct[i]);
    }
    let mut out = Vec::new();
    let mut stack = vec![i];
    let mut seen = vec![false; direct.len()];
    while let Some(z) = stack.pop() {
        if std::mem::replace(&mut seen[z], true) {
            continue; // a parent cycle in a hand-edited model
        }
        out.extend_from_slice(&direct[z]);
        stack.extend_from_slice(&children[z]);
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Cow::Owned(out)
}

/// Implemented and planned countermeasures per zone and conduit (by position in id order),
/// with the ids they cover.
struct Countermeasures<'a> {
    zones: Vec<Vec<CmEntry<'a>>>,
    conduits: Vec<Vec<CmEntry<'a>>>,
}

/// A countermeasure's id, whether it is implemented, and the 3-3 items it covers (resolved in
/// the catalog once, so matching is a pointer comparison, not a string one).
type CmEntry<'a> = (&'a CountermeasureId, bool, Arc<[&'static Requirement]>);
type CmList<'a> = [CmEntry<'a>];

impl<'a> Countermeasures<'a> {
    fn index(
        model: &'a Model,
        catalog: &'static Catalog,
        zone_index: &IdIndex<ZoneId>,
        conduit_index: &IdIndex<ConduitId>,
    ) -> Self {
        let mut zones = vec![Vec::new(); zone_index.len()];
        let mut conduits = vec![Vec::new(); conduit_index.len()];
        for cm in model.countermeasures.values() {
            let covers: Arc<[&'static Requirement]> = cm
                .covers
                .iter()
                .filter_map(|id| catalog.requirement(id))
                .collect();
            let entry = (&cm.id, cm.is_implemented(), covers);
            for z in cm.zones.iter().filter_map(|z| zone_index.get(z)) {
                zones[*z].push(entry.clone());
            }
            for c in cm.conduits.iter().filter_map(|c| conduit_index.get(c)) {
                conduits[*c].push(entry.clone());
            }
        }
        Self { zones, conduits }
    }
}

/// The delta of one zone or conduit whose members (assets or boundary devices) are `members`.
fn delta_for(
    system: &SystemItems,
    sl_t: Option<SlVector>,
    members: &[&Asset],
    cms: &CmList<'_>,
    culprits: &mut Culprits,
) -> Delta {
    let sl_c = members
        .iter()
        .map(|a| a.sl_c)
        .reduce(|a, b| a.min(&b))
        .unwrap_or(SlVector::ZERO);
    let Some(target) = sl_t else {
        return Delta {
            sl_t: None,
            sl_c,
            ..Delta::default()
        };
    };
    let (cap, tgt) = (sl_c.levels(), target.levels());
    let gap = Fr::ALL
        .into_iter()
        .map(|fr| system.count(fr, cap[fr.index()], tgt[fr.index()]))
        .sum();
    let mut unmet = Vec::with_capacity(gap);
    let mut covered = Vec::new();
    let with = |r: &Requirement, implemented: bool| -> Vec<CountermeasureId> {
        cms.iter()
            .filter(|(_, imp, covers)| {
                *imp == implemented && covers.iter().any(|c| std::ptr::eq(*c, r))
            })
            .map(|(id, _, _)| (*id).clone())
            .collect()
    };
    culprits.start();
    for fr in Fr::ALL {
        for level in cap[fr.index()] + 1..=tgt[fr.index()] {
            // Culprits depend only on (FR, level): one set per level, built when needed.
            let mut set: Option<Arc<[AssetId]>> = None;
            for &r in system.at(fr, level) {
                if !cms.is_empty() {
                    let by = with(r, true);
                    if !by.is_empty() {
                        covered.push(Covered { requirement: r, by });
                        continue;
                    }
                }
                let set = set
                    .get_or_insert_with(|| culprits.below(members, fr, level))
                    .clone();
                let planned = if cms.is_empty() {
                    Vec::new()
                } else {
                    with(r, false)
                };
                unmet.push(Unmet {
                    requirement: r,
                    culprits: set,
                    planned,
                });
            }
        }
    }
    Delta {
        sl_t: Some(target),
        sl_c,
        unmet,
        covered,
    }
}

/// Builds the culprit sets of one zone or conduit after another. The same assets are often
/// the culprits on several FRs and levels (a legacy device is below the target everywhere),
/// so each distinct set of a member list is allocated once and shared.
struct Culprits {
    /// The sets built for the current members, keyed by membership bits (when there are at most 64 members).
    seen: Vec<(u64, Arc<[AssetId]>)>,
    /// Shared by every element without culprits.
    none: Arc<[AssetId]>,
}

impl Culprits {
    fn new() -> Self {
        Self {
            seen: Vec::new(),
            none: Arc::from([]),
        }
    }

    /// Forgets the sets of the previous element.
    fn start(&mut self) {
        self.seen.clear();
    }

    /// The members whose SL-C on `fr` is below `level`, in member order.
    fn below(&mut self, members: &[&Asset], fr: Fr, level: u8) -> Arc<[AssetId]> {
        let is_below = |a: &Asset| a.sl_c.get(fr).get() < level;
        if members.len() > 64 {
            let ids: Vec<AssetId> = members
                .iter()
                .filter(|a| is_below(a))
                .map(|a| a.id.clone())
                .collect();
            return if ids.is_empty() {
                Arc::clone(&self.none)
            } else {
                Arc::from(ids)
            };
        }
        let mut bits = 0u64;
        let mut picked = [0u8; 64];
        let mut n = 0;
        for (i, a) in (0u8..).zip(members) {
            if is_below(a) {
                bits |= 1 << i;
                picked[n] = i;
                n += 1;
            }
        }
        if n == 0 {
            return Arc::clone(&self.none);
        }
        if let Some((_, set)) = self.seen.iter().find(|(b, _)| *b == bits) {
            return Arc::clone(set);
        }
        // A mapped range has an exact length, so the Arc is allocated once at its size.
        let set: Arc<[AssetId]> = (0..n)
            .map(|k| members[usize::from(picked[k])].id.clone())
            .collect();
        self.seen.push((bits, Arc::clone(&set)));
        set
    }
}

/// The 4-2 items that apply to the asset's classes with `SL-C[f] < level <= target[f]`.
fn component_delta(
    catalog: &'static Catalog,
    asset: &Asset,
    target: &SlVector,
) -> Vec<&'static ComponentRequirement> {
    let mask = asset.class_mask();
    Fr::ALL
        .into_iter()
        .flat_map(|fr| catalog.component_delta(mask, fr, asset.sl_c.get(fr), target.get(fr)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use crate::model::{
        Asset, ComponentClass, Conduit, Countermeasure, CountermeasureKind, CountermeasureStatus,
        Placement, Point, Rect, Zone, ZoneKind,
    };

    fn sl(v: [u8; 7]) -> SlVector {
        SlVector::from_levels(v).unwrap()
    }

    fn asset(id: &str, zone: &str, slc: [u8; 7]) -> Asset {
        let mut a = Asset::new(id, id, "plc", Point::default());
        a.classes.insert(ComponentClass::Edr);
        a.sl_c = sl(slc);
        a.placement = Placement::Zone(zone.into());
        a
    }

    fn model() -> Model {
        let mut m = Model::default();
        let mut z = Zone::new("Z-CTL", "Control", ZoneKind::Control, Rect::default());
        z.sl_t = Some(sl([2, 2, 2, 1, 2, 1, 2]));
        m.insert_zone(z);
        let mut sub = Zone::new("Z-SUB", "Sub", ZoneKind::Control, Rect::default());
        sub.parent = Some("Z-CTL".into());
        sub.sl_t = Some(sl([2, 2, 2, 1, 2, 1, 2]));
        m.insert_zone(sub);
        m.insert_zone(Zone::new(
            "Z-EXT",
            "Vendor",
            ZoneKind::External,
            Rect::default(),
        ));
        m.insert_asset(asset("A-NEW", "Z-CTL", [2, 2, 2, 2, 2, 2, 2]));
        m.insert_asset(asset("A-OLD", "Z-SUB", [1, 2, 2, 2, 2, 2, 2]));
        m
    }

    fn run(m: &Model) -> Deltas {
        Deltas::compute(m, catalog())
    }

    #[test]
    fn zone_slc_is_weakest_asset_including_subzones() {
        let d = run(&model());
        let z = d.zone("Z-CTL").unwrap();
        assert_eq!(z.delta.sl_c, sl([1, 2, 2, 2, 2, 2, 2]));
        assert_eq!(
            z.assets.iter().map(AssetId::as_str).collect::<Vec<_>>(),
            ["A-NEW", "A-OLD"]
        );
        // FR1 SL-C 1 < SL-T 2: exactly the FR1 items with level 2 are unmet, culprit A-OLD.
        let expected: Vec<&str> = catalog()
            .system
            .iter()
            .filter(|r| r.fr == Fr::Iac && r.level.get() == 2)
            .map(|r| r.id.as_str())
            .collect();
        let got: Vec<&str> = z
            .delta
            .unmet
            .iter()
            .map(|u| u.requirement.id.as_str())
            .collect();
        assert_eq!(got, expected);
        assert!(
            z.delta
                .unmet
                .iter()
                .all(|u| *u.culprits == [AssetId::from("A-OLD")])
        );
        assert_eq!(z.delta.unmet_per_fr()[0], expected.len());
    }

    #[test]
    fn empty_zone_has_slc_zero_and_external_is_unassessed() {
        let mut m = model();
        let mut empty = Zone::new("Z-EMPTY", "Empty", ZoneKind::Field, Rect::default());
        empty.sl_t = Some(sl([1, 0, 0, 0, 0, 0, 0]));
        m.insert_zone(empty);
        let d = run(&m);
        let e = d.zone("Z-EMPTY").unwrap();
        assert_eq!(e.delta.sl_c, SlVector::ZERO);
        let ids: Vec<&str> = e
            .delta
            .unmet
            .iter()
            .map(|u| u.requirement.id.as_str())
            .collect();
        assert!(ids.contains(&"SR 1.1"));
        assert!(e.delta.unmet.iter().all(|u| u.culprits.is_empty()));
        let ext = d.zone("Z-EXT").unwrap();
        assert!(ext.external && !ext.delta.is_assessed() && ext.delta.unmet.is_empty());
    }

    #[test]
    fn countermeasures_cover_or_plan() {
        let mut m = model();
        m.insert_countermeasure(Countermeasure {
            id: "CM-1".into(),
            name: "PKI".into(),
            kind: CountermeasureKind::Technical,
            status: CountermeasureStatus::Implemented,
            covers: vec!["SR 1.2".into()],
            zones: vec!["Z-CTL".into()],
            conduits: vec![],
            assets: vec![],
            channels: vec![],
            justification: String::new(),
        });
        m.insert_countermeasure(Countermeasure {
            id: "CM-2".into(),
            name: "Unique accounts".into(),
            kind: CountermeasureKind::Procedural,
            status: CountermeasureStatus::Planned,
            covers: vec!["SR 1.1 RE(1)".into()],
            zones: vec!["Z-CTL".into()],
            conduits: vec![],
            assets: vec![],
            channels: vec![],
            justification: String::new(),
        });
        let d = run(&m);
        let z = &d.zone("Z-CTL").unwrap().delta;
        assert_eq!(z.covered.len(), 1);
        assert_eq!(z.covered[0].requirement.id, "SR 1.2");
        assert_eq!(z.covered[0].by, vec![CountermeasureId::from("CM-1")]);
        assert!(z.unmet.iter().all(|u| u.requirement.id != "SR 1.2"));
        let planned = z
            .unmet
            .iter()
            .find(|u| u.requirement.id == "SR 1.1 RE(1)")
            .unwrap();
        assert_eq!(planned.planned, vec![CountermeasureId::from("CM-2")]);
        // The subzone is not covered by its parent's countermeasure.
        let sub = &d.zone("Z-SUB").unwrap().delta;
        assert!(sub.unmet.iter().any(|u| u.requirement.id == "SR 1.2"));
    }

    #[test]
    fn conduit_slc_from_boundary_devices() {
        let mut m = model();
        let mut c = Conduit::new("C-1", "c", vec!["Z-CTL".into(), "Z-EXT".into()]);
        c.sl_t = Some(sl([2, 2, 2, 2, 3, 2, 2]));
        m.insert_conduit(c);
        let d = run(&m);
        let cd = d.conduit("C-1").unwrap();
        assert_eq!(cd.delta.sl_c, SlVector::ZERO, "no boundary device");
        assert!(cd.delta.unmet.iter().any(|u| u.requirement.id == "SR 5.2"));
        let mut fw = Asset::new("A-FW", "FW", "firewall", Point::default());
        fw.classes.insert(ComponentClass::Ndr);
        fw.sl_c = sl([2, 2, 2, 2, 3, 2, 2]);
        fw.placement = Placement::Conduit("C-1".into());
        m.insert_asset(fw);
        let d = run(&m);
        let cd = d.conduit("C-1").unwrap();
        assert_eq!(cd.boundary_devices, vec![AssetId::from("A-FW")]);
        assert!(cd.delta.unmet.is_empty());
        assert!(d.asset("A-FW").unwrap().unmet.is_empty());
    }

    /// The culprits of each unmet item are exactly the members below the item's level, for
    /// small zones (shared sets) and for zones of more than 64 assets alike.
    #[test]
    fn culprits_are_the_members_below_each_level() {
        for extra in [0, 70] {
            let mut m = Model::default();
            let mut z = Zone::new("Z", "Z", ZoneKind::Control, Rect::default());
            z.sl_t = Some(sl([3, 3, 0, 0, 0, 0, 0]));
            m.insert_zone(z);
            m.insert_asset(asset("A-1", "Z", [1, 2, 0, 0, 0, 0, 0]));
            m.insert_asset(asset("A-2", "Z", [2, 1, 0, 0, 0, 0, 0]));
            for n in 0..extra {
                m.insert_asset(asset(&format!("A-S{n:03}"), "Z", [3, 3, 0, 0, 0, 0, 0]));
            }
            let d = run(&m);
            let zone = d.zone("Z").unwrap();
            assert_eq!(zone.assets.len(), 2 + extra);
            let mut checked = 0;
            for u in &zone.delta.unmet {
                let r = u.requirement;
                let expected: Vec<&str> = m
                    .assets
                    .values()
                    .filter(|a| a.sl_c.get(r.fr) < r.level)
                    .map(|a| a.id.as_str())
                    .collect();
                let got: Vec<&str> = u.culprits.iter().map(AssetId::as_str).collect();
                assert_eq!(got, expected, "{} (extra {extra})", r.id);
                checked += 1;
            }
            // FR1 and FR2 from SL-C 1 to SL-T 3: items of levels 2 and 3 on each.
            let expected_items = [Fr::Iac, Fr::Uc]
                .into_iter()
                .map(|fr| {
                    catalog()
                        .system
                        .iter()
                        .filter(|r| r.fr == fr && (2..=3).contains(&r.level.get()))
                        .count()
                })
                .sum::<usize>();
            assert_eq!(checked, expected_items);
        }
    }

    #[test]
    fn component_delta_respects_classes() {
        let d = run(&model());
        let old = d.asset("A-OLD").unwrap();
        let ids: Vec<&str> = old.unmet.iter().map(|r| r.id.as_str()).collect();
        assert!(ids.contains(&"CR 1.1 RE(1)"), "{ids:?}");
        assert!(
            ids.iter()
                .all(|id| !id.starts_with("NDR") && !id.starts_with("SAR"))
        );
        assert!(
            old.unmet
                .iter()
                .all(|r| r.fr == Fr::Iac && r.level.get() == 2)
        );
        assert!(d.asset("A-NEW").unwrap().unmet.is_empty());
    }
}
