//! The deltas after an edit that changed elements only in place (see `Moved::record_edit`):
//! only the zones, conduits and assets the edit reaches are judged again; the others are
//! shared with the deltas before the edit. The result equals what [`super::Analysis::run`]
//! makes of the new model (the unit tests below check it on random edits).
//!
//! What an element's judgement reads (see [`super::judge`]), and so what reaches it:
//! - a zone reads its own fields, every asset in it or its subzones, the boundary devices and
//!   conditions of the conduits that join it (which read the kinds of the zones they join and
//!   the flags of their devices and channel ends), and the assets serving it or an ancestor;
//! - a conduit reads its own fields, its devices and channel ends, the kinds of the zones it
//!   joins and the assets serving them;
//! - an asset's 4-2 delta reads the asset, its zone's or conduit's SL-T and the
//!   countermeasures on the three.

use std::sync::Arc;

use rayon::prelude::*;

use super::deltas::{Components, Memo, conduit_delta, zone_delta};
use super::judge::{Holder, Inputs};
use super::{AssetDelta, Deltas, Detail};
use crate::catalog::Catalog;
use crate::model::{ElementId, Model, Moved};

impl Deltas {
    /// The deltas of `model` after edits that changed elements only in place since `previous`
    /// was computed, `edited` being their log as `Moved::record_edit` keeps it (the log closes
    /// on any change of structure: that is the caller's guarantee): the zones, conduits and
    /// assets the edits reach are judged again, the others are shared with `previous`. Equal to
    /// [`Deltas::compute_with`] without reasons, as [`super::Analysis::run`] makes them. As a
    /// safeguard, computed afresh when `model` holds other elements than `previous` or holds
    /// assets elsewhere (a zone given another parent, or a conduit joined to other zones, is
    /// not detected: the log says so).
    pub fn update(
        previous: &Deltas,
        model: &Model,
        catalog: &'static Catalog,
        edited: &Moved,
    ) -> Self {
        match Self::update_reached(previous, model, catalog, edited) {
            Some((deltas, _)) => deltas,
            None => Self::compute_with(model, catalog, Detail::Culprits),
        }
    }

    /// [`Deltas::update`] with what the edits reached; `None` where it computes afresh.
    pub(crate) fn update_reached(
        previous: &Deltas,
        model: &Model,
        catalog: &'static Catalog,
        edited: &Moved,
    ) -> Option<(Self, Reached)> {
        let inputs = Inputs::build(model, catalog, Detail::Culprits);
        let reached = Reached::of(previous, model, &inputs, edited)?;
        Some((Self::reuse(previous, model, &inputs, &reached), reached))
    }

    /// The deltas of `model` (with its `inputs`): those of the `reached` elements judged
    /// again, the others shared with `previous`.
    fn reuse(previous: &Deltas, model: &Model, inputs: &Inputs<'_>, reached: &Reached) -> Self {
        let zones = share_or_judge(
            &previous.zones,
            model.zones.values(),
            &reached.zones,
            |i, z| zone_delta(inputs, i, z),
        );
        let conduits = share_or_judge(
            &previous.conduits,
            model.conduits.values(),
            &reached.conduits,
            |i, c| conduit_delta(inputs, i, c),
        );
        let components = Components::new(inputs);
        let mut memo = Memo::default();
        let assets: Vec<AssetDelta> = (previous.assets.iter())
            .zip(model.assets.values())
            .enumerate()
            .map(|(i, (old, asset))| {
                if reached.assets[i] {
                    components.delta(&mut memo, asset, inputs.holder[i])
                } else {
                    old.clone()
                }
            })
            .collect();
        Self {
            zones,
            conduits,
            assets,
        }
    }

    /// Whether `model` (with its `inputs`) has the elements these deltas were computed for,
    /// each asset where it was.
    fn same_elements(&self, model: &Model, inputs: &Inputs<'_>) -> bool {
        self.zones.len() == model.zones.len()
            && self.conduits.len() == model.conduits.len()
            && self.assets.len() == model.assets.len()
            && (self.zones.iter().zip(model.zones.keys())).all(|(d, id)| d.id == *id)
            && (self.conduits.iter().zip(model.conduits.keys())).all(|(d, id)| d.id == *id)
            && (self.assets.iter().zip(model.assets.keys())).all(|(d, id)| d.id == *id)
            && (self.zones.iter().zip(&inputs.zones))
                .all(|(d, zi)| same(&d.assets, &zi.all, inputs))
            && (self.conduits.iter().zip(&inputs.conduits))
                .all(|(d, ci)| same(&d.boundary_devices, &ci.placed, inputs))
    }
}

/// Per element (in id order): `judge(position, element)` where `reached`, else the `old` delta
/// shared. On all cores.
fn share_or_judge<'m, E: Sync + 'm, D: Send + Sync>(
    old: &[Arc<D>],
    elements: impl Iterator<Item = &'m E>,
    reached: &[bool],
    judge: impl Fn(usize, &E) -> D + Sync,
) -> Vec<Arc<D>> {
    let elements: Vec<&E> = elements.collect();
    (old.par_iter())
        .zip(elements)
        .enumerate()
        .map(|(i, (old, e))| {
            if reached[i] {
                Arc::new(judge(i, e))
            } else {
                Arc::clone(old)
            }
        })
        .collect()
}

/// Whether `ids` are the ids of the assets at positions `at`.
fn same(ids: &[crate::model::AssetId], at: &[u32], inputs: &Inputs<'_>) -> bool {
    ids.len() == at.len()
        && ids
            .iter()
            .zip(at)
            .all(|(id, &a)| inputs.assets[a as usize].id == *id)
}

/// The reached zones (0), conduits (1) and assets (2) by id.
pub(crate) type Subjects<'d> = std::collections::HashSet<(u8, &'d str), super::IdHash>;

/// The zones, conduits and assets (by position in id order) an in-place edit reaches: their
/// deltas are judged again, and the rules of [`super::rules::Scope::Reached`] check them again.
pub(crate) struct Reached {
    pub(crate) zones: Vec<bool>,
    pub(crate) conduits: Vec<bool>,
    pub(crate) assets: Vec<bool>,
}

impl Reached {
    /// What the edits `edited` reach in `model` (with its `inputs`), whose deltas before the
    /// edits are `previous`; `None` when `model` holds other elements than `previous`, or
    /// holds them elsewhere.
    pub(crate) fn of(
        previous: &Deltas,
        model: &Model,
        inputs: &Inputs<'_>,
        edited: &Moved,
    ) -> Option<Self> {
        if !previous.same_elements(model, inputs) {
            return None;
        }
        let zone_at = |id: &str| {
            (previous.zones)
                .binary_search_by(|z| z.id.as_str().cmp(id))
                .ok()
        };
        let conduit_at = |id: &str| {
            (previous.conduits)
                .binary_search_by(|c| c.id.as_str().cmp(id))
                .ok()
        };
        let asset_at = |id: &str| {
            (previous.assets)
                .binary_search_by(|a| a.id.as_str().cmp(id))
                .ok()
        };
        let (nz, nc, na) = (model.zones.len(), model.conduits.len(), model.assets.len());
        // The elements the edits changed, or reached without changing them; `served`: zones
        // whose services may have changed (an edited asset served them before).
        let mut zones = vec![false; nz];
        let mut conduits = vec![false; nc];
        let mut assets = vec![false; na];
        let mut served = vec![false; nz];
        for z in edited.zones.iter().filter_map(|id| zone_at(id.as_str())) {
            zones[z] = true;
        }
        for c in edited
            .conduits
            .iter()
            .filter_map(|id| conduit_at(id.as_str()))
        {
            conduits[c] = true;
        }
        for a in edited.assets.iter().filter_map(|id| asset_at(id.as_str())) {
            assets[a] = true;
        }
        for e in &edited.reached {
            match e {
                ElementId::Zone(id) => {
                    if let Some(z) = zone_at(id.as_str()) {
                        zones[z] = true;
                        served[z] = true;
                    }
                }
                ElementId::Conduit(id) => {
                    if let Some(c) = conduit_at(id.as_str()) {
                        conduits[c] = true;
                    }
                }
                ElementId::Asset(id) => {
                    if let Some(a) = asset_at(id.as_str()) {
                        assets[a] = true;
                    }
                }
                ElementId::Countermeasure(_) => {}
            }
        }
        // Every zone a conduit joins (external ones too), and each zone's parent.
        let mut joins: Vec<Vec<usize>> = vec![Vec::new(); nc];
        for (z, zi) in inputs.zones.iter().enumerate() {
            for &c in &zi.conduits {
                joins[c as usize].push(z);
            }
        }
        let parent: Vec<Option<usize>> = (model.zones.values())
            .map(|z| z.parent.as_ref().and_then(|p| zone_at(p.as_str())))
            .collect();
        let mut out = Self {
            zones: zones.clone(),
            conduits: conduits.clone(),
            assets: assets.clone(),
        };
        // A changed zone: the conduits that join it (their conditions read its kind) and the
        // zones those join (their conditions and boundary read the conduits).
        for z in (0..nz).filter(|&z| zones[z]) {
            for &c in &inputs.zones[z].conduits {
                out.conduit_and_its_zones(c as usize, &joins);
            }
        }
        // A changed zone's subzones (a rule compares a subzone's SL-T with its parent's).
        for (z, p) in parent.iter().enumerate() {
            if p.is_some_and(|p| zones[p]) {
                out.zones[z] = true;
            }
        }
        // A changed conduit: the zones it joins.
        for c in (0..nc).filter(|&c| conduits[c]) {
            out.conduit_and_its_zones(c, &joins);
        }
        // The assets of a changed zone or conduit (their target and countermeasures).
        for (a, h) in inputs.holder.iter().enumerate() {
            match *h {
                Holder::Zone(z) if zones[z as usize] => out.assets[a] = true,
                Holder::Conduit(c) if conduits[c as usize] => out.assets[a] = true,
                _ => {}
            }
        }
        // Zones an edited asset served before: they, the zones below them (served through
        // them) and the conduits that join any of these (a conduit reads its zones'
        // services).
        if served.iter().any(|&s| s) {
            for z in 0..nz {
                let mut at = Some(z);
                let mut steps = 0;
                while let Some(p) = at
                    && steps <= nz
                {
                    if served[p] {
                        out.zone_and_its_conduits(z, inputs);
                        break;
                    }
                    at = parent[p];
                    steps += 1;
                }
            }
        }
        if !assets.iter().any(|&a| a) {
            return Some(out);
        }
        // A changed asset: the zone holding it and that zone's ancestors, or the conduit
        // holding it and the zones that conduit joins ...
        for a in (0..na).filter(|&a| assets[a]) {
            match inputs.holder[a] {
                Holder::Zone(z) => {
                    let mut at = Some(z as usize);
                    let mut steps = 0;
                    while let Some(p) = at
                        && steps <= nz
                    {
                        out.zones[p] = true;
                        at = parent[p];
                        steps += 1;
                    }
                }
                Holder::Conduit(c) => out.conduit_and_its_zones(c as usize, &joins),
                Holder::None => {}
            }
        }
        // ... the conduits it ends a channel of, and the zones they join ...
        let changed: std::collections::HashSet<&str, super::IdHash> = (0..na)
            .filter(|&a| assets[a])
            .map(|a| previous.assets[a].id.as_str())
            .collect();
        for (c, conduit) in model.conduits.values().enumerate() {
            let ends = conduit
                .channels
                .iter()
                .flat_map(|ch| [&ch.source, &ch.destination]);
            if ends.flatten().any(|id| changed.contains(id.as_str())) {
                out.conduit_and_its_zones(c, &joins);
            }
        }
        // ... and the zones it serves now, with the conduits that join them.
        for z in 0..nz {
            let services = inputs.zones[z].services.iter().flatten();
            if services.clone().any(|&a| assets[a as usize]) {
                out.zone_and_its_conduits(z, inputs);
            }
        }
        Some(out)
    }

    /// The reached elements as finding subjects (see [`Reached::stands`]); `ids` are the
    /// deltas the positions follow.
    pub(crate) fn subjects<'d>(&self, ids: &'d Deltas) -> Subjects<'d> {
        let mut out = Subjects::default();
        let mut add = |kind: u8, flags: &[bool], id: &mut dyn FnMut(usize) -> &'d str| {
            for (i, _) in flags.iter().enumerate().filter(|(_, r)| **r) {
                out.insert((kind, id(i)));
            }
        };
        add(0, &self.zones, &mut |i| ids.zones[i].id.as_str());
        add(1, &self.conduits, &mut |i| ids.conduits[i].id.as_str());
        add(2, &self.assets, &mut |i| ids.assets[i].id.as_str());
        out
    }

    /// Whether a finding about `e` stands after the edit: `e` was not reached. A finding
    /// about a countermeasure never stands (no rule of [`super::rules::Scope::Reached`]
    /// makes one).
    pub(crate) fn stands(subjects: &Subjects<'_>, e: &ElementId) -> bool {
        let key = match e {
            ElementId::Zone(id) => (0, id.as_str()),
            ElementId::Conduit(id) => (1, id.as_str()),
            ElementId::Asset(id) => (2, id.as_str()),
            ElementId::Countermeasure(_) => return false,
        };
        !subjects.contains(&key)
    }

    fn conduit_and_its_zones(&mut self, c: usize, joins: &[Vec<usize>]) {
        self.conduits[c] = true;
        for &z in &joins[c] {
            self.zones[z] = true;
        }
    }

    fn zone_and_its_conduits(&mut self, z: usize, inputs: &Inputs<'_>) {
        self.zones[z] = true;
        for &c in &inputs.zones[z].conduits {
            self.conduits[c as usize] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::ops::Not;

    use super::*;
    use crate::analysis::Analysis;
    use crate::catalog::catalog;
    use crate::model::{
        Acceptance, Channel, ChannelRef, Command, Countermeasure, CountermeasureKind,
        CountermeasureStatus, Direction, History, NotApplicable, PurdueLevel, ServiceKind,
        ServiceProvision, SlVector, SlcSource, ZoneKind,
    };

    const SAMPLES: [&str; 5] = [
        include_str!("../../sample-models/water-treatment.ron"),
        include_str!("../../sample-models/refinery-hydrocracker.ron"),
        include_str!("../../sample-models/substation-iec61850.ron"),
        include_str!("../../sample-models/pharma-batch.ron"),
        include_str!("../../sample-models/quickstart.ron"),
    ];

    fn load(src: &str) -> Model {
        crate::persistence::from_str(src, "sample.ron").expect("loads")
    }

    /// Sets an empty `field` to `text`, and empties one that is set.
    fn toggle(field: &mut String, text: String) {
        *field = if field.is_empty() {
            text
        } else {
            String::new()
        };
    }

    /// The samples, and a generated plant with subzones, one-way conduits and most rules
    /// firing.
    fn plants() -> impl Iterator<Item = Model> {
        (SAMPLES.iter().map(|src| load(src)))
            .chain([crate::analysis::rules::test_util::big_model(40, 300, 60)])
    }

    /// The key of `map` at `r` (modulo its length).
    fn pick<K: Clone, V>(map: &BTreeMap<K, V>, r: u64) -> K {
        map.keys()
            .nth(r as usize % map.len().max(1))
            .expect("an element")
            .clone()
    }

    /// The key of an entry of `map` that `wanted` accepts, picked by `r`; any key when none
    /// does.
    fn pick_where<K: Clone, V>(map: &BTreeMap<K, V>, r: u64, wanted: impl Fn(&V) -> bool) -> K {
        let keys: Vec<&K> = map
            .iter()
            .filter(|(_, v)| wanted(v))
            .map(|(k, _)| k)
            .collect();
        match keys.len() {
            0 => pick(map, r),
            n => keys[r as usize % n].clone(),
        }
    }

    /// One random in-place edit of `m`, of anything the deltas or the rules read: SL-C and
    /// its source, kind, digital interface, flags, services and name of an asset; SL-T, kind,
    /// safety designation, Purdue level, not-applicable items, name, rationale and
    /// organisation of a zone; SL-T, channels (with their ends), direction, not-applicable
    /// items, name and rationale of a conduit; a countermeasure's status, kind, items and what
    /// it applies to; a countermeasure added or removed; the project; an acceptance.
    fn random_edit(m: &Model, rnd: &mut impl FnMut(u64) -> u64) -> Command {
        let levels = |rnd: &mut dyn FnMut(u64) -> u64| {
            SlVector::from_levels(std::array::from_fn(|_| rnd(5) as u8)).expect("levels 0-4")
        };
        let items = [
            "SR 1.1", "SR 1.6", "SR 2.8", "SR 3.1", "SR 4.1", "SR 5.1", "SR 7.3",
        ];
        let item = |rnd: &mut dyn FnMut(u64) -> u64| {
            let base = items[rnd(items.len() as u64) as usize];
            if rnd(3) == 0 {
                format!("{base} RE(1)")
            } else {
                base.to_owned()
            }
        };
        // An asset: any, or one in a subzone (its ancestors read it), or one that provides
        // services.
        let asset = |rnd: &mut dyn FnMut(u64) -> u64| {
            let r = rnd(1 << 20);
            match rnd(3) {
                0 => pick(&m.assets, r),
                1 => pick_where(&m.assets, r, |a| {
                    (a.placement.zone()).is_some_and(|z| m.zones[z].parent.is_some())
                }),
                _ => pick_where(&m.assets, r, |a| !a.provides.is_empty()),
            }
        };
        // A zone: any, or one with subzones (a rule compares them with it).
        let zone = |rnd: &mut dyn FnMut(u64) -> u64| {
            let r = rnd(1 << 20);
            if rnd(2) == 0 {
                pick(&m.zones, r)
            } else {
                pick_where(&m.zones, r, |z| {
                    m.zones.values().any(|c| c.parent.as_ref() == Some(&z.id))
                })
            }
        };
        match rnd(17) {
            12 => {
                // A name or rationale (findings quote them).
                let text = format!("Renamed {}", rnd(1000));
                match rnd(4) {
                    0 => {
                        let mut a = m.assets[&asset(rnd)].clone();
                        a.name = text;
                        Command::PutAsset(a)
                    }
                    1 => {
                        let mut z = m.zones[&zone(rnd)].clone();
                        if rnd(2) == 0 {
                            z.name = text;
                        } else {
                            toggle(&mut z.sl_t_rationale, text);
                            z.organisation = if rnd(2) == 0 {
                                "Operations".into()
                            } else {
                                String::new()
                            };
                        }
                        Command::PutZone(z)
                    }
                    _ => {
                        let mut c = m.conduits[&pick(&m.conduits, rnd(1 << 20))].clone();
                        if rnd(2) == 0 {
                            c.name = text;
                        } else {
                            toggle(&mut c.sl_t_rationale, text);
                        }
                        Command::PutConduit(c)
                    }
                }
            }
            13 => {
                if rnd(2) == 0 {
                    let mut z = m.zones[&zone(rnd)].clone();
                    z.purdue_level = (rnd(4) != 0).then(|| PurdueLevel::ALL[rnd(7) as usize]);
                    Command::PutZone(z)
                } else {
                    let mut c = m.conduits[&pick(&m.conduits, rnd(1 << 20))].clone();
                    c.direction = if c.direction == Direction::Both {
                        Direction::Forward
                    } else {
                        Direction::Both
                    };
                    Command::PutConduit(c)
                }
            }
            14 => {
                let mut a = m.assets[&asset(rnd)].clone();
                a.flags.business = rnd(3) == 0;
                a.flags.safety_related = rnd(3) == 0;
                Command::PutAsset(a)
            }
            15 => {
                let mut project = m.project.clone();
                project.spec.tolerable_risk = if project.spec.tolerable_risk.is_empty() {
                    "As low as reasonably practicable".into()
                } else {
                    String::new()
                };
                Command::SetProject(project)
            }
            16 => {
                let zone = pick(&m.zones, rnd(1 << 20));
                let finding = ["zone-no-slt", "spec-incomplete", "empty-zone"][rnd(3) as usize];
                let finding = format!("{finding}@{zone}");
                let acceptance = (rnd(3) != 0).then(|| Acceptance {
                    finding: finding.clone(),
                    justification: "Accepted in the workshop".into(),
                    ..Acceptance::default()
                });
                Command::SetAcceptance {
                    finding,
                    acceptance,
                }
            }
            0 | 1 => {
                let mut a = m.assets[&asset(rnd)].clone();
                a.sl_c = levels(rnd);
                a.sl_c_source = match rnd(3) {
                    0 => SlcSource::Unknown,
                    _ => SlcSource::Estimated {
                        by: String::new(),
                        note: String::new(),
                    },
                };
                Command::PutAsset(a)
            }
            2 => {
                let mut a = m.assets[&asset(rnd)].clone();
                a.kind = [
                    "plc",
                    "firewall",
                    "historian",
                    "hmi",
                    "field_instrument",
                    "rtu",
                ][rnd(6) as usize]
                    .to_owned();
                a.digital = rnd(5) != 0;
                a.flags.wireless = rnd(4) == 0;
                a.flags.temporary = rnd(4) == 0;
                a.flags.external = rnd(5) == 0;
                Command::PutAsset(a)
            }
            3 => {
                let mut a = m.assets[&asset(rnd)].clone();
                if rnd(3) == 0 {
                    a.provides.clear();
                } else {
                    a.provides = vec![ServiceProvision {
                        service: ServiceKind::ALL[rnd(12) as usize],
                        zones: (0..1 + rnd(2))
                            .map(|_| pick(&m.zones, rnd(1 << 20)))
                            .collect(),
                    }];
                }
                Command::PutAsset(a)
            }
            4 | 5 => {
                let mut z = m.zones[&zone(rnd)].clone();
                match rnd(3) {
                    0 => z.sl_t = (rnd(6) != 0).then(|| levels(rnd)),
                    1 => {
                        z.kind = [
                            ZoneKind::Control,
                            ZoneKind::Safety,
                            ZoneKind::Wireless,
                            ZoneKind::Transient,
                            ZoneKind::External,
                            ZoneKind::Dmz,
                        ][rnd(6) as usize];
                    }
                    _ => z.safety_designated = !z.safety_designated,
                }
                Command::PutZone(z)
            }
            6 => {
                let mut z = m.zones[&zone(rnd)].clone();
                if z.not_applicable.is_empty() || rnd(2) == 0 {
                    z.not_applicable.push(NotApplicable {
                        item: item(rnd),
                        justification: format!("reason {}", rnd(100)),
                    });
                } else {
                    z.not_applicable.pop();
                }
                Command::PutZone(z)
            }
            7 | 8 => {
                let mut c = m.conduits[&pick(&m.conduits, rnd(1 << 20))].clone();
                match rnd(4) {
                    0 => c.sl_t = (rnd(5) != 0).then(|| levels(rnd)),
                    1 if !c.channels.is_empty() => {
                        c.channels.pop();
                    }
                    2 => c.not_applicable.push(NotApplicable {
                        item: item(rnd),
                        justification: "none here".into(),
                    }),
                    _ => {
                        let protocol = ["modbus_tcp", "opc_ua", "https", "ntp", "wirelesshart"]
                            [rnd(5) as usize];
                        let mut ch = Channel::new(protocol, "edit");
                        ch.name = format!("ch {}", rnd(1000));
                        // Now and then from an asset on an untrusted network.
                        ch.source = Some(if rnd(2) == 0 {
                            pick_where(&m.assets, rnd(1 << 20), |a| a.flags.external)
                        } else {
                            pick(&m.assets, rnd(1 << 20))
                        });
                        ch.destination = (rnd(2) == 0).then(|| pick(&m.assets, rnd(1 << 20)));
                        c.channels.push(ch);
                    }
                }
                Command::PutConduit(c)
            }
            9 if !m.countermeasures.is_empty() && rnd(3) == 0 => {
                Command::RemoveCountermeasure(pick(&m.countermeasures, rnd(1 << 20)))
            }
            9 | 10 if !m.countermeasures.is_empty() => {
                let mut cm = m.countermeasures[&pick(&m.countermeasures, rnd(1 << 20))].clone();
                match rnd(5) {
                    0 => {
                        cm.status = match cm.status {
                            CountermeasureStatus::Implemented => CountermeasureStatus::Planned,
                            CountermeasureStatus::Planned => CountermeasureStatus::Implemented,
                        }
                    }
                    1 => cm.kind = CountermeasureKind::ALL[rnd(4) as usize],
                    2 => cm.covers.push(item(rnd)),
                    3 => {
                        cm.zones = vec![pick(&m.zones, rnd(1 << 20))];
                        cm.assets = vec![pick(&m.assets, rnd(1 << 20))];
                    }
                    _ => {
                        let c = pick(&m.conduits, rnd(1 << 20));
                        if let Some(ch) = m.conduits[&c].channels.first() {
                            cm.channels = vec![ChannelRef {
                                conduit: c,
                                channel: ch.name.clone(),
                            }];
                        } else {
                            cm.conduits = vec![c];
                        }
                    }
                }
                if cm.kind == CountermeasureKind::Compensating {
                    cm.justification = "meets the intent".into();
                }
                Command::PutCountermeasure(cm)
            }
            _ => {
                let mut cm = Countermeasure::new(
                    format!("CM-T{}", rnd(1 << 20)).as_str(),
                    "Added in a test",
                    CountermeasureKind::Technical,
                );
                cm.status = CountermeasureStatus::Implemented;
                cm.covers = vec![item(rnd), "CR 2.8".into()];
                cm.zones = vec![pick(&m.zones, rnd(1 << 20))];
                cm.conduits = vec![pick(&m.conduits, rnd(1 << 20))];
                cm.assets = vec![pick(&m.assets, rnd(1 << 20))];
                Command::PutCountermeasure(cm)
            }
        }
    }

    /// One random in-place edit of what [`random_edit`] leaves out: risk tailoring and the
    /// applied SL-T, component classes, a vendor SL-C, a countermeasure's name, kind and items,
    /// a channel's name, protocol and ends; or two edits in one batch.
    fn another_edit(m: &Model, rnd: &mut impl FnMut(u64) -> u64) -> Command {
        use crate::model::{ComponentClass, Fr, RiskAssessment, SecurityLevel, Tailoring};
        let tailoring = |rnd: &mut dyn FnMut(u64) -> u64| Tailoring {
            fr: Fr::ALL[rnd(7) as usize],
            level: SecurityLevel::saturating(rnd(5) as u8),
            note: if rnd(2) == 0 {
                String::new()
            } else {
                "Agreed".into()
            },
        };
        // A tailoring added or cleared, or the SL-T marked as applied from the derivation.
        let retailor =
            |risk: &mut RiskAssessment, sl_t, rnd: &mut dyn FnMut(u64) -> u64| match rnd(3) {
                0 => risk.tailoring.push(tailoring(rnd)),
                1 => risk.applied = if rnd(2) == 0 { sl_t } else { None },
                _ => risk.tailoring.clear(),
            };
        match rnd(8) {
            0 => {
                let mut z = m.zones[&pick(&m.zones, rnd(1 << 20))].clone();
                retailor(&mut z.risk, z.sl_t, rnd);
                Command::PutZone(z)
            }
            1 => {
                let mut c = m.conduits[&pick(&m.conduits, rnd(1 << 20))].clone();
                retailor(&mut c.risk, c.sl_t, rnd);
                Command::PutConduit(c)
            }
            2 => {
                let mut a = m.assets[&pick(&m.assets, rnd(1 << 20))].clone();
                let class = ComponentClass::ALL[rnd(4) as usize];
                if !a.classes.remove(&class) {
                    a.classes.insert(class);
                }
                if rnd(2) == 0 {
                    a.sl_c_source = SlcSource::Vendor {
                        document: "Security manual".into(),
                    };
                }
                Command::PutAsset(a)
            }
            3 | 4 if !m.countermeasures.is_empty() => {
                let mut cm = m.countermeasures[&pick(&m.countermeasures, rnd(1 << 20))].clone();
                match rnd(3) {
                    0 => cm.name = format!("Measure {}", rnd(100)),
                    1 => {
                        cm.kind = CountermeasureKind::Compensating;
                        cm.justification = if rnd(2) == 0 {
                            String::new()
                        } else {
                            "j".into()
                        };
                    }
                    _ => {
                        let items = [
                            "SR 1.2",
                            "SR 1.2 RE(1)",
                            "SR 3.1 RE(1)",
                            "SR 4.1 RE(1)",
                            "CR 2.8",
                        ];
                        cm.covers = (items.iter())
                            .filter(|_| rnd(2) == 0)
                            .map(|s| (*s).to_owned())
                            .collect();
                        cm.status = CountermeasureStatus::Implemented;
                    }
                }
                Command::PutCountermeasure(cm)
            }
            5 | 6 => {
                let mut c = m.conduits[&pick(&m.conduits, rnd(1 << 20))].clone();
                if let Some(ch) = c.channels.last_mut() {
                    if rnd(2) == 0 {
                        ch.name = format!("ch {}", rnd(4));
                        ch.protocol = ["modbus_tcp", "opc_ua", "https", "unknown-protocol"]
                            [rnd(4) as usize]
                            .into();
                    } else {
                        ch.source = Some(pick(&m.assets, rnd(1 << 20)));
                        ch.destination = (rnd(2) == 0).then(|| pick(&m.assets, rnd(1 << 20)));
                    }
                }
                Command::PutConduit(c)
            }
            _ => Command::Batch(vec![random_edit(m, rnd), random_edit(m, rnd)]),
        }
    }

    /// Panics, naming the first element that differs, unless `a` and `b` are equal.
    fn assert_same(a: &Deltas, b: &Deltas, what: &str) {
        assert_eq!(a.zones.len(), b.zones.len(), "{what}: zones");
        for (x, y) in a.zones.iter().zip(&b.zones) {
            assert_eq!(x, y, "{what}: zone {}", x.id);
        }
        assert_eq!(a.conduits.len(), b.conduits.len(), "{what}: conduits");
        for (x, y) in a.conduits.iter().zip(&b.conduits) {
            assert_eq!(x, y, "{what}: conduit {}", x.id);
        }
        assert_eq!(a.assets.len(), b.assets.len(), "{what}: assets");
        for (x, y) in a.assets.iter().zip(&b.assets) {
            assert_eq!(x, y, "{what}: asset {}", x.id);
        }
    }

    /// Applies one to three random in-place edits to `m`; returns their log.
    fn edit(m: &mut Model, rnd: &mut impl FnMut(u64) -> u64) -> Moved {
        let mut history = History::default();
        history.restart_changes();
        for _ in 0..1 + rnd(3) {
            let cmd = random_edit(m, rnd);
            history.apply(m, "edit", cmd).expect("applies");
        }
        history.edited_since(0).expect("in place").clone()
    }

    #[test]
    fn random_in_place_edits_update_to_the_computed_deltas() {
        // Each plant, 60 times: one to three random edits; the analysis updated from the
        // previous one (itself updated) equals the analysis run afresh, deltas and findings.
        let mut next = crate::diagram::test_rng(62443);
        let mut rnd = move |n: u64| (next() >> 33) % n.max(1);
        for mut m in plants() {
            let mut analysis = Analysis::run(&m, catalog());
            for round in 0..60 {
                let edited = edit(&mut m, &mut rnd);
                let updated =
                    Analysis::update(&analysis.deltas, &analysis.findings, &m, catalog(), &edited);
                let fresh = Analysis::run(&m, catalog());
                let what = format!("{} round {round}: {edited:?}", m.project.name);
                assert_same(&updated.deltas, &fresh.deltas, &what);
                assert_eq!(updated.findings, fresh.findings, "{what}");
                analysis = updated;
            }
        }
    }

    #[test]
    fn edits_undone_and_redone_update_to_the_analysis_run_afresh() {
        // One history per plant, as the editor keeps it: edits (single or batched), undos and
        // redos, the analysis updated from the log since the state it was made for, or run
        // afresh where the log closed (a countermeasure removed and restored is in place; an
        // undo of nothing is no step).
        let mut next = crate::diagram::test_rng(3_3_2);
        let mut rnd = move |n: u64| (next() >> 33) % n.max(1);
        for mut m in plants() {
            let mut history = History::default();
            history.restart_changes();
            let mut since = history.state();
            let mut analysis = Analysis::run(&m, catalog());
            let mut updated_times = 0;
            for round in 0..40 {
                for _ in 0..1 + rnd(3) {
                    match rnd(6) {
                        0 => {
                            history.undo(&mut m);
                        }
                        1 => {
                            history.redo(&mut m);
                        }
                        2 | 3 => {
                            let cmd = another_edit(&m, &mut rnd);
                            history.apply(&mut m, "edit", cmd).expect("applies");
                        }
                        _ => {
                            let cmd = random_edit(&m, &mut rnd);
                            history.apply(&mut m, "edit", cmd).expect("applies");
                        }
                    }
                }
                let fresh = Analysis::run(&m, catalog());
                if let Some(edited) = history.edited_since(since) {
                    let updated = Analysis::update(
                        &analysis.deltas,
                        &analysis.findings,
                        &m,
                        catalog(),
                        edited,
                    );
                    let what = format!("{} round {round}: {edited:?}", m.project.name);
                    assert_same(&updated.deltas, &fresh.deltas, &what);
                    assert_eq!(updated.findings, fresh.findings, "{what}");
                    updated_times += 1;
                }
                analysis = fresh;
                history.restart_changes();
                since = history.state();
            }
            assert!(updated_times >= 30, "{updated_times} of 40 rounds in place");
        }
    }

    #[test]
    fn an_edit_of_one_asset_judges_only_what_it_reaches() {
        // Raising one PLC's SL-C on the water plant judges its zone (and the zones above)
        // again; the other elements' deltas are the ones computed before, shared.
        let mut m = load(SAMPLES[0]);
        let before = Deltas::compute_with(&m, catalog(), crate::analysis::Detail::Culprits);
        let id = (m.assets.values())
            .find(|a| a.kind == "plc" && a.placement.zone().is_some())
            .expect("a PLC in a zone")
            .id
            .clone();
        let mut history = History::default();
        history.restart_changes();
        let mut plc = m.assets[&id].clone();
        plc.sl_c = SlVector::from_levels([4; 7]).expect("levels");
        history
            .apply(&mut m, "raise", Command::PutAsset(plc))
            .expect("applies");
        let edited = history.edited_since(0).expect("in place").clone();
        let after = Deltas::update(&before, &m, catalog(), &edited);
        assert_same(
            &after,
            &Deltas::compute_with(&m, catalog(), crate::analysis::Detail::Culprits),
            "water",
        );
        let shared = |a: &[Arc<crate::analysis::ZoneDelta>], b: &[Arc<_>]| {
            a.iter().zip(b).filter(|(x, y)| Arc::ptr_eq(x, y)).count()
        };
        let zone = m.assets[&id].placement.zone().expect("in a zone").clone();
        let judged: Vec<&str> = (after.zones.iter().zip(&before.zones))
            .filter(|(x, y)| !Arc::ptr_eq(x, y))
            .map(|(x, _)| x.id.as_str())
            .collect();
        assert!(judged.contains(&zone.as_str()), "{judged:?}");
        assert!(
            shared(&after.zones, &before.zones) + 3 >= m.zones.len(),
            "zones judged again: {judged:?}"
        );
        // The conduits judged again are those it ends a channel of.
        let conduits_judged: Vec<&str> = (after.conduits.iter().zip(&before.conduits))
            .filter(|(x, y)| !Arc::ptr_eq(x, y))
            .map(|(x, _)| x.id.as_str())
            .collect();
        let ends: Vec<&str> = (m.conduits.values())
            .filter(|c| {
                (c.channels.iter()).any(|ch| {
                    ch.source.as_ref() == Some(&id) || ch.destination.as_ref() == Some(&id)
                })
            })
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(conduits_judged, ends);
        let assets_judged = (after.assets.iter().zip(&before.assets))
            .filter(|(x, y)| Arc::ptr_eq(&x.unmet, &y.unmet).not())
            .count();
        assert!(assets_judged <= 1, "{assets_judged} assets judged again");
    }

    #[test]
    fn a_service_withdrawn_from_a_zone_is_judged_again_below_it() {
        // A log server serves Z-P; its subzone Z-S is served through it. Withdrawn, the
        // service leaves its items unmet in Z-S too, which no edit of Z-S said.
        use crate::model::{Asset, Placement, Point, Rect, Zone};
        let levels = |l| SlVector::from_levels([l; 7]).expect("levels");
        let mut m = Model::default();
        for (id, parent) in [("Z-P", None), ("Z-S", Some("Z-P")), ("Z-SVC", None)] {
            let mut z = Zone::new(id, id, ZoneKind::Control, Rect::default());
            z.sl_t = Some(levels(2));
            z.parent = parent.map(Into::into);
            m.insert_zone(z);
        }
        for (id, kind, zone) in [("A-LOG", "historian", "Z-SVC"), ("A-PLC", "plc", "Z-S")] {
            let mut a = Asset::new(id, id, kind, Point::default());
            // The PLC meets nothing itself: only the service can.
            a.sl_c = levels(if id == "A-LOG" { 3 } else { 0 });
            a.sl_c_source = SlcSource::Estimated {
                by: "test".into(),
                note: String::new(),
            };
            a.placement = Placement::Zone(zone.into());
            if id == "A-LOG" {
                a.provides = vec![ServiceProvision {
                    service: ServiceKind::Log,
                    zones: vec!["Z-P".into()],
                }];
            }
            m.insert_asset(a);
        }
        let before = Deltas::compute_with(&m, catalog(), crate::analysis::Detail::Culprits);
        let mut history = History::default();
        history.restart_changes();
        let mut log = m.assets["A-LOG"].clone();
        log.provides.clear();
        history
            .apply(&mut m, "withdraw", Command::PutAsset(log))
            .expect("applies");
        let edited = history.edited_since(0).expect("in place").clone();
        let fresh = Deltas::compute_with(&m, catalog(), crate::analysis::Detail::Culprits);
        let sub = |d: &Deltas| d.zone("Z-S").expect("Z-S").delta.unmet.len();
        assert!(sub(&fresh) > sub(&before), "the service counted in Z-S");
        assert_same(
            &Deltas::update(&before, &m, catalog(), &edited),
            &fresh,
            "withdrawn",
        );
    }

    #[test]
    fn a_parent_raised_above_its_subzone_is_found_on_the_subzone() {
        // The finding names the subzone, which the edit of its parent does not change.
        use crate::analysis::rules::test_util::zone;
        let mut m = Model::default();
        zone(&mut m, "Z-P", ZoneKind::Control, Some([2; 7]));
        zone(&mut m, "Z-S", ZoneKind::Control, Some([2; 7]));
        zone(&mut m, "Z-O", ZoneKind::Control, Some([2; 7]));
        if let Some(s) = m.zones.get_mut("Z-S") {
            s.parent = Some("Z-P".into());
        }
        let before = Analysis::run(&m, catalog());
        let mut history = History::default();
        history.restart_changes();
        let mut parent = m.zones["Z-P"].clone();
        parent.sl_t = SlVector::from_levels([3; 7]);
        history
            .apply(&mut m, "raise", Command::PutZone(parent))
            .expect("applies");
        let edited = history.edited_since(0).expect("in place").clone();
        let fresh = Analysis::run(&m, catalog());
        let id = "subzone-slt-below-parent@Z-S";
        assert!(fresh.findings.iter().any(|f| f.id == id), "{id} found");
        let updated = Analysis::update(&before.deltas, &before.findings, &m, catalog(), &edited);
        assert_eq!(updated.findings, fresh.findings);
    }

    #[test]
    fn a_channel_from_outside_reaches_the_zones_of_its_conduit() {
        // Z-A holds an asset that reaches outside. A channel from it on C-1 makes C-1 a
        // conduit from an untrusted network: Z-A's untrusted-network items now rest on C-1's
        // weak firewall, though neither Z-A nor its assets changed.
        use crate::analysis::rules::test_util::{asset_in, conduit, zone};
        use crate::model::{Channel, Placement};
        let mut m = Model::default();
        zone(&mut m, "Z-A", ZoneKind::Control, Some([3; 7]));
        zone(&mut m, "Z-B", ZoneKind::Control, Some([3; 7]));
        let mut modem = asset_in(&mut m, "A-MODEM", "plc", "Z-A");
        modem.flags.external = true;
        modem.sl_c = SlVector::from_levels([4; 7]).expect("levels");
        m.insert_asset(modem);
        conduit(&mut m, "C-1", &["Z-A", "Z-B"], Some([3; 7]));
        let mut fw = asset_in(&mut m, "A-FW", "firewall", "Z-A");
        fw.placement = Placement::Conduit("C-1".into());
        fw.sl_c = SlVector::from_levels([1; 7]).expect("levels");
        m.insert_asset(fw);
        let before = Analysis::run(&m, catalog());
        let mut history = History::default();
        history.restart_changes();
        let mut c = m.conduits["C-1"].clone();
        let mut ch = Channel::new("https", "remote");
        ch.source = Some("A-MODEM".into());
        c.channels.push(ch);
        history
            .apply(&mut m, "channel", Command::PutConduit(c))
            .expect("applies");
        let edited = history.edited_since(0).expect("in place").clone();
        let fresh = Analysis::run(&m, catalog());
        let zone_a = |a: &Analysis| a.deltas.zone("Z-A").expect("Z-A").clone();
        assert_ne!(zone_a(&before), zone_a(&fresh), "the channel changes Z-A");
        let updated = Analysis::update(&before.deltas, &before.findings, &m, catalog(), &edited);
        assert_same(&updated.deltas, &fresh.deltas, "channel");
    }

    #[test]
    fn deltas_of_other_elements_are_computed_afresh() {
        // A log that does not match the model (an asset added since) is no reason for wrong
        // deltas: they are computed afresh.
        let mut m = load(SAMPLES[4]);
        let before = Deltas::compute_with(&m, catalog(), crate::analysis::Detail::Culprits);
        let mut extra = m.assets.values().next().expect("an asset").clone();
        extra.id = "A-EXTRA".into();
        m.insert_asset(extra);
        let after = Deltas::update(&before, &m, catalog(), &Moved::default());
        assert_same(
            &after,
            &Deltas::compute_with(&m, catalog(), crate::analysis::Detail::Culprits),
            "quickstart",
        );
    }
}
