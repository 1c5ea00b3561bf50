//! The ranked fix plan: which single change closes the most open 3-3 items, then the next, ...
//!
//! Candidates: raise an asset's SL-C to its holder's SL-T (upgrade, replace, harden), add a
//! boundary device to a conduit that has none, serve a zone with a security service it lacks,
//! implement a planned countermeasure. Each step takes the candidate with the highest score,
//! applies it hypothetically and re-judges what it touches (greedy, with lazy re-evaluation).
//! The score weighs each item it closes by how far SL-A is below SL-T on the item's FR, doubled
//! on safety-designated zones and raised with the highest asset criticality in the zone. A raise
//! of one of several culprits closes nothing alone; it earns a small share of the items it moves
//! closer, so that once no single fix closes anything, a zone of many weak assets still gets its
//! fixes ranked (and the plan goes on: raising the last culprit closes the items).
//!
//! A heuristic of this tool, labelled as such wherever the plan is shown.

use rayon::prelude::*;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::sync::Arc;

use serde::Serialize;

use super::IdHash;
use super::judge::{El, Extra, Inputs, Status};
use super::{Deltas, Detail};
use crate::catalog::{Catalog, Provider};
use crate::model::{Criticality, Model, ServiceKind};

/// What moving an item closer counts for, against closing it (1): only enough to order the
/// raises of a zone of many weak assets once no single fix closes anything.
const PROGRESS: f64 = 0.01;

/// How many fixes a plan lists at most.
pub const MAX_FIXES: usize = 25;

/// The label of the plan wherever it is shown.
pub const PLAN_HEURISTIC: &str = "Heuristic of this tool: fixes are ranked greedily; each step \
takes the change that closes the most open 3-3 items, weighted by how far SL-A is below SL-T on \
the item's FR, by safety designation and by asset criticality, then re-judges the plant. A \
raised SL-C is the holder's SL-T; an added boundary device or service is assumed capable of the \
SL-T it serves.";

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixAction {
    RaiseSlC,
    AddBoundaryDevice,
    AddService,
    ImplementCountermeasure,
}

impl FixAction {
    pub fn key(self) -> &'static str {
        match self {
            Self::RaiseSlC => "raise-sl-c",
            Self::AddBoundaryDevice => "add-boundary-device",
            Self::AddService => "add-service",
            Self::ImplementCountermeasure => "implement-countermeasure",
        }
    }
}

/// One step of the plan.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Fix {
    pub rank: usize,
    pub action: FixAction,
    /// The asset, conduit, zone or countermeasure the fix is about.
    pub element: String,
    /// The service to add, for `AddService`.
    pub service: Option<ServiceKind>,
    /// The items it closes: (zone or conduit id, item id).
    pub items: Vec<(String, String)>,
    /// What it does, in words: "raise SL-C of PLC 1 [A-PLC1] to {2 2 3 1 2 2 3}: closes 38 of
    /// 55 open items in Treatment".
    pub summary: String,
}

impl Fix {
    pub fn closes(&self) -> usize {
        self.items.len()
    }
}

/// The ranked fixes of a model.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct FixPlan {
    pub fixes: Vec<Fix>,
    /// Open 3-3 items before any fix.
    pub open_before: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Candidate {
    Raise(u32),
    Device(u32),
    Service(u32, ServiceKind),
    Implement(u32),
}

/// Open items of one element: bits by catalog index.
type Open = u128;

struct State<'a, 'm> {
    inputs: &'a mut Inputs<'m>,
    /// Open items per element (zones, then conduits).
    open: Vec<Open>,
    /// Weight per element and FR.
    weight: Vec<[f64; 7]>,
    /// For raise candidates: per element, per open item, the culprits (asset indices).
    culprits: Vec<BTreeMap<usize, Arc<[u32]>>>,
    nz: usize,
    /// The elements a raise of each asset can change (its zones with their conduits, the
    /// conduits it bounds or ends a channel of, with their zones, the zones it serves).
    asset_affected: Vec<Vec<usize>>,
    /// Items per service kind, as bits.
    service_items: [Open; 12],
    /// Items a boundary device can provide, as bits.
    boundary_items: Open,
    /// Assets placed in a conduit.
    device: Vec<bool>,
}

/// One element's open items, SL-A per FR and culprits per open item.
type First = (Open, [u8; 7], BTreeMap<usize, Arc<[u32]>>);

fn criticality_factor(c: Criticality) -> f64 {
    match c {
        Criticality::Low | Criticality::Medium => 1.0,
        Criticality::High => 1.5,
        Criticality::Critical => 2.0,
    }
}

impl State<'_, '_> {
    fn el(&self, e: usize) -> El {
        if e < self.nz {
            El::Zone(e)
        } else {
            El::Conduit(e - self.nz)
        }
    }

    /// Judges element `e`: its open items and, with `detail`, their culprits.
    fn judge(&self, e: usize, detail: bool) -> (Open, [u8; 7], BTreeMap<usize, Arc<[u32]>>) {
        let mut open = 0;
        let mut culprits = BTreeMap::new();
        let sl_a = self.inputs.judge(self.el(e), detail, &mut |item, cache| {
            if item.status == Status::Unmet {
                open |= 1u128 << item.requirement.index;
                if detail && let Some(c) = item.culprits.and_then(|pos| cache.culprits(pos)) {
                    culprits.insert(item.requirement.index, Arc::clone(c));
                }
            }
        });
        (open, sl_a.unwrap_or([4; 7]), culprits)
    }

    /// The elements a candidate can change.
    fn affected(&self, c: Candidate) -> Vec<usize> {
        let i = &*self.inputs;
        let nz = self.nz;
        let mut out = Vec::new();
        let with_conduits_of = |z: usize, out: &mut Vec<usize>| {
            out.push(z);
            out.extend(i.zones[z].conduits.iter().map(|&c| nz + c as usize));
        };
        match c {
            Candidate::Raise(a) => return self.asset_affected[a as usize].clone(),
            Candidate::Device(k) => {
                out.push(nz + k as usize);
                out.extend(i.conduits[k as usize].zones.iter().map(|&z| z as usize));
            }
            Candidate::Service(z, _) => with_conduits_of(z as usize, &mut out),
            Candidate::Implement(k) => {
                for (z, zi) in i.zones.iter().enumerate() {
                    if zi.cms.contains(&k) {
                        out.push(z);
                    }
                }
                for (c, ci) in i.conduits.iter().enumerate() {
                    if ci.cms.contains(&k) || ci.channel_cms.iter().any(|(m, _)| *m == k) {
                        out.push(nz + c);
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Applies a candidate; returns what undoes it.
    fn apply(&mut self, c: Candidate) -> Undo {
        match c {
            Candidate::Raise(a) => {
                let old = self.inputs.slc[a as usize];
                let target = holder_target(self.inputs, a);
                let mut new = old.unwrap_or([0; 7]);
                for (n, t) in new.iter_mut().zip(target) {
                    *n = (*n).max(t);
                }
                self.inputs.slc[a as usize] = Some(new);
                Undo::Slc(a, old)
            }
            Candidate::Device(k) => {
                self.inputs.extras.push(Extra::Device(k));
                Undo::Extra
            }
            Candidate::Service(z, s) => {
                self.inputs.extras.push(Extra::Service(z, s));
                Undo::Extra
            }
            Candidate::Implement(k) => {
                self.inputs.cms[k as usize].implemented = true;
                Undo::Cm(k)
            }
        }
    }

    fn undo(&mut self, u: Undo) {
        match u {
            Undo::Slc(a, old) => self.inputs.slc[a as usize] = old,
            Undo::Extra => {
                self.inputs.extras.pop();
            }
            Undo::Cm(k) => self.inputs.cms[k as usize].implemented = false,
        }
    }

    /// Score of a candidate now: the weight of what it closes, plus a share of what it
    /// moves closer (raises only). Also returns the closed items per element.
    fn evaluate(&mut self, c: Candidate) -> (f64, Vec<(usize, Open)>) {
        let affected = self.affected(c);
        let undo = self.apply(c);
        let mut score = 0.0;
        let mut closed = Vec::new();
        for &e in &affected {
            let (open, _, _) = self.judge(e, false);
            let gone = self.open[e] & !open;
            if gone != 0 {
                score += self.weigh(e, gone);
                closed.push((e, gone));
            }
        }
        self.undo(undo);
        if let Candidate::Raise(a) = c {
            for &e in &affected {
                for (&item, culprits) in &self.culprits[e] {
                    let bit = 1u128 << item;
                    let still = closed.iter().all(|(ce, g)| *ce != e || g & bit == 0);
                    if still && culprits.len() > 1 && culprits.contains(&a) {
                        let fr = self.inputs.catalog.system[item].fr.index();
                        score += PROGRESS * self.weight[e][fr] / culprits.len() as f64;
                    }
                }
            }
        }
        (score, closed)
    }

    /// An upper bound of [`Self::evaluate`]'s score, cheap to compute: the lazy greedy loop
    /// evaluates exactly only the candidates whose bound reaches the top.
    fn bound(&self, c: Candidate) -> f64 {
        let all = |this: &Self, mask: Open| -> f64 {
            this.affected(c)
                .into_iter()
                .map(|e| this.weigh(e, this.open[e] & mask))
                .sum()
        };
        match c {
            Candidate::Raise(a) => {
                let affected = &self.asset_affected[a as usize];
                // As a component: alone among the culprits, the raise may close the item; one
                // of several, it earns its share (as `evaluate` counts it).
                let mut bound: f64 = affected
                    .iter()
                    .map(|&e| {
                        self.culprits[e]
                            .iter()
                            .filter(|(_, cul)| cul.contains(&a))
                            .map(|(&item, cul)| {
                                let w = self.weight[e][self.inputs.catalog.system[item].fr.index()];
                                if cul.len() == 1 {
                                    w
                                } else {
                                    PROGRESS * w / cul.len() as f64
                                }
                            })
                            .sum::<f64>()
                    })
                    .sum();
                // As a boundary device or a service provider: what those provide.
                let mut mask: Open = 0;
                if self.device[a as usize] {
                    mask |= self.boundary_items;
                }
                for p in &self.inputs.assets[a as usize].provides {
                    if let Some(k) = ServiceKind::ALL.iter().position(|s| *s == p.service) {
                        mask |= self.service_items[k];
                    }
                }
                if mask != 0 {
                    bound += affected
                        .iter()
                        .map(|&e| self.weigh(e, self.open[e] & mask))
                        .sum::<f64>();
                }
                bound
            }
            Candidate::Service(_, k) => all(
                self,
                self.service_items[ServiceKind::ALL.iter().position(|s| *s == k).unwrap_or(0)],
            ),
            Candidate::Implement(k) => {
                let mut mask: Open = 0;
                for &item in &self.inputs.cms[k as usize].covers {
                    mask |= 1u128 << item;
                }
                all(self, mask)
            }
            _ => all(self, Open::MAX),
        }
    }

    fn weigh(&self, e: usize, bits: Open) -> f64 {
        let mut w = 0.0;
        let mut b = bits;
        while b != 0 {
            let item = b.trailing_zeros() as usize;
            b &= b - 1;
            w += self.weight[e][self.inputs.catalog.system[item].fr.index()];
        }
        w
    }
}

enum Undo {
    Slc(u32, Option<[u8; 7]>),
    Extra,
    Cm(u32),
}

/// The SL-T of the zone or conduit that holds asset `a`.
fn holder_target(i: &Inputs<'_>, a: u32) -> [u8; 7] {
    let mut t = [0u8; 7];
    let mut raise = |x: Option<[u8; 7]>| {
        if let Some(x) = x {
            for (t, x) in t.iter_mut().zip(x) {
                *t = (*t).max(x);
            }
        }
    };
    for zi in &i.zones {
        if zi.members.binary_search(&a).is_ok() || zi.services.iter().any(|s| s.contains(&a)) {
            raise(zi.target);
        }
    }
    for ci in &i.conduits {
        if ci.devices.contains(&a) || ci.channels.iter().any(|ch| ch.ends.contains(&a)) {
            raise(ci.target);
        }
    }
    t
}

#[derive(PartialEq)]
struct Scored(f64, usize);

impl Eq for Scored {}

impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Scored {
    /// Highest score first; ties go to the earlier candidate (deterministic).
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0
            .total_cmp(&other.0)
            .then_with(|| other.1.cmp(&self.1))
    }
}

impl FixPlan {
    /// Computes the plan. Pure and deterministic. It reads the culprits of unmet items, never
    /// their reasons, so it judges without working them out (see [`Detail`]).
    pub fn compute(model: &Model, catalog: &'static Catalog) -> Self {
        let mut inputs = Inputs::build(model, catalog, Detail::Culprits);
        Self::from_inputs(model, &mut inputs, None)
    }

    /// The same plan, starting from the deltas already computed for `model` (as `check` and
    /// the report have them): the first judgement of every element is read from them instead
    /// of being made again.
    pub fn from_deltas(model: &Model, catalog: &'static Catalog, deltas: &Deltas) -> Self {
        let mut inputs = Inputs::build(model, catalog, Detail::Culprits);
        Self::from_inputs(model, &mut inputs, Some(deltas))
    }

    /// Open items, SL-A and culprits of every element as the deltas hold them, when they are
    /// the deltas of this model (same zones and conduits in the same order).
    fn first_from_deltas(
        inputs: &Inputs<'_>,
        model: &Model,
        deltas: &Deltas,
    ) -> Option<Vec<First>> {
        let same = deltas.zones.len() == model.zones.len()
            && deltas.conduits.len() == model.conduits.len()
            && deltas
                .zones
                .iter()
                .zip(model.zones.keys())
                .all(|(d, k)| &d.id == k)
            && deltas
                .conduits
                .iter()
                .zip(model.conduits.keys())
                .all(|(d, k)| &d.id == k);
        if !same {
            return None;
        }
        let index: HashMap<&str, u32, IdHash> = inputs
            .assets
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i as u32))
            .collect();
        let one = |d: &crate::analysis::Delta| -> Option<First> {
            let mut open: Open = 0;
            let mut culprits = BTreeMap::new();
            for u in &d.unmet {
                open |= 1u128 << u.requirement.index;
                let of = d.culprits(u);
                if !of.is_empty() {
                    let ids: Option<Vec<u32>> =
                        of.iter().map(|a| index.get(a.as_str()).copied()).collect();
                    culprits.insert(u.requirement.index, Arc::from(ids?));
                }
            }
            let sl_a = d.sl_a.map_or([4; 7], |v| v.levels());
            Some((open, sl_a, culprits))
        };
        deltas
            .zones
            .iter()
            .map(|z| &z.delta)
            .chain(deltas.conduits.iter().map(|c| &c.delta))
            .map(one)
            .collect()
    }

    pub(crate) fn from_inputs(
        model: &Model,
        inputs: &mut Inputs<'_>,
        deltas: Option<&Deltas>,
    ) -> Self {
        // Open items are kept as bits of one word per element (the 3-3 catalog has 100).
        if inputs.catalog.system.len() > Open::BITS as usize {
            return Self::default();
        }
        let nz = inputs.zones.len();
        let ne = nz + inputs.conduits.len();
        let zone_crit: Vec<f64> = inputs
            .zones
            .iter()
            .map(|zi| {
                zi.members
                    .iter()
                    .map(|&a| criticality_factor(inputs.assets[a as usize].criticality))
                    .fold(1.0, f64::max)
            })
            .collect();
        let asset_affected = asset_elements(inputs);
        let mut device = vec![false; inputs.assets.len()];
        for ci in &inputs.conduits {
            for &a in &ci.devices {
                device[a as usize] = true;
            }
        }
        let mut boundary_items: Open = 0;
        for r in &inputs.catalog.system {
            if r.has_provider(Provider::Boundary) {
                boundary_items |= 1u128 << r.index;
            }
        }
        let mut service_items: [Open; 12] = [0; 12];
        for r in &inputs.catalog.system {
            if let Some(k) = r.service
                && let Some(i) = ServiceKind::ALL.iter().position(|s| *s == k)
            {
                service_items[i] |= 1u128 << r.index;
            }
        }
        let mut state = State {
            inputs,
            open: vec![0; ne],
            weight: vec![[0.0; 7]; ne],
            culprits: Vec::with_capacity(ne),
            nz,
            asset_affected,
            service_items,
            boundary_items,
            device,
        };
        // The first judgement of every element: from the deltas when given, else made here,
        // on all cores (independent work).
        let given = deltas.and_then(|d| Self::first_from_deltas(state.inputs, model, d));
        let first: Vec<First> = match given {
            Some(f) => f,
            None => (0..ne)
                .into_par_iter()
                .map(|e| state.judge(e, true))
                .collect(),
        };
        for (e, (open, sl_a, culprits)) in first.into_iter().enumerate() {
            state.open[e] = open;
            state.culprits.push(culprits);
            let (target, safety, crit) = match state.el(e) {
                El::Zone(z) => {
                    let zi = &state.inputs.zones[z];
                    (zi.target, zi.safety, zone_crit[z])
                }
                El::Conduit(c) => {
                    let ci = &state.inputs.conduits[c];
                    let safety = ci
                        .zones
                        .iter()
                        .any(|&z| state.inputs.zones[z as usize].safety);
                    let crit = ci
                        .zones
                        .iter()
                        .map(|&z| zone_crit[z as usize])
                        .fold(1.0, f64::max);
                    (ci.target, safety, crit)
                }
            };
            if let Some(t) = target {
                for f in 0..7 {
                    let gap = f64::from(t[f].saturating_sub(sl_a[f]).max(1));
                    state.weight[e][f] = gap * if safety { 2.0 } else { 1.0 } * crit;
                }
            }
        }
        let open_before: usize = state.open.iter().map(|o| o.count_ones() as usize).sum();
        if open_before == 0 {
            return Self {
                fixes: Vec::new(),
                open_before,
            };
        }
        let candidates = candidates(&state, catalog_of(&state));
        let index: HashMap<Candidate, usize, IdHash> = candidates
            .iter()
            .enumerate()
            .map(|(k, c)| (*c, k))
            .collect();
        let mut heap: BinaryHeap<Scored> = BinaryHeap::new();
        for (k, &c) in candidates.iter().enumerate() {
            let bound = state.bound(c);
            if bound > 0.0 {
                heap.push(Scored(bound, k));
            }
        }
        let mut fixes = Vec::new();
        let mut taken = vec![false; candidates.len()];
        while fixes.len() < MAX_FIXES {
            let Some(Scored(_, k)) = heap.pop() else {
                break;
            };
            if taken[k] {
                continue;
            }
            let c = candidates[k];
            let (score, closed) = state.evaluate(c);
            if score <= 0.0 {
                continue;
            }
            if heap.peek().is_some_and(|next| next.0 > score) {
                heap.push(Scored(score, k));
                continue;
            }
            taken[k] = true;
            let affected = state.affected(c);
            let _undo = state.apply(c);
            for &e in &affected {
                let (open, _, culprits) = state.judge(e, true);
                state.open[e] = open;
                state.culprits[e] = culprits;
            }
            // A raise of one of several culprits is worth more once the others are raised:
            // the remaining culprits of what changed get fresh bounds.
            let mut again: Vec<u32> = affected
                .iter()
                .flat_map(|&e| state.culprits[e].values().flat_map(|c| c.iter().copied()))
                .collect();
            again.sort_unstable();
            again.dedup();
            for a in again {
                if let Some(&k) = index.get(&Candidate::Raise(a))
                    && !taken[k]
                {
                    let bound = state.bound(Candidate::Raise(a));
                    if bound > 0.0 {
                        heap.push(Scored(bound, k));
                    }
                }
            }
            fixes.push(describe(model, &state, c, fixes.len() + 1, &closed));
        }
        Self { fixes, open_before }
    }
}

/// For each asset, the elements a raise of its SL-C can change.
fn asset_elements(i: &Inputs<'_>) -> Vec<Vec<usize>> {
    let nz = i.zones.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); i.assets.len()];
    for (z, zi) in i.zones.iter().enumerate() {
        let touch = |a: u32, out: &mut Vec<Vec<usize>>| {
            let list = &mut out[a as usize];
            list.push(z);
            list.extend(zi.conduits.iter().map(|&c| nz + c as usize));
        };
        for &a in &zi.members {
            touch(a, &mut out);
        }
        for list in &zi.services {
            for &a in list {
                touch(a, &mut out);
            }
        }
    }
    for (c, ci) in i.conduits.iter().enumerate() {
        for &a in &ci.devices {
            out[a as usize].push(nz + c);
            out[a as usize].extend(ci.zones.iter().map(|&z| z as usize));
        }
        for ch in &ci.channels {
            for &a in &ch.ends {
                out[a as usize].push(nz + c);
            }
        }
    }
    for list in &mut out {
        list.sort_unstable();
        list.dedup();
    }
    out
}

fn catalog_of(state: &State<'_, '_>) -> &'static Catalog {
    state.inputs.catalog
}

/// Every candidate fix, in a fixed order.
fn candidates(state: &State<'_, '_>, catalog: &'static Catalog) -> Vec<Candidate> {
    let i = &*state.inputs;
    let mut out = Vec::new();
    // Raises: culprits, and devices and service providers the reasons point at.
    let mut raise: Vec<u32> = state
        .culprits
        .iter()
        .flat_map(|m| m.values().flat_map(|c| c.iter().copied()))
        .collect();
    for ci in &i.conduits {
        if ci.target.is_some() {
            raise.extend(&ci.devices);
        }
    }
    for zi in i.zones.iter().filter(|z| z.target.is_some()) {
        for s in &zi.services {
            raise.extend(s);
        }
        raise.extend(
            zi.conduits
                .iter()
                .flat_map(|&c| i.conduits[c as usize].devices.iter().copied()),
        );
    }
    raise.sort_unstable();
    raise.dedup();
    out.extend(raise.into_iter().map(Candidate::Raise));
    for (k, ci) in i.conduits.iter().enumerate() {
        if ci.devices.is_empty()
            && (ci.target.is_some()
                || ci
                    .zones
                    .iter()
                    .any(|&z| i.zones[z as usize].target.is_some()))
        {
            out.push(Candidate::Device(k as u32));
        }
    }
    // Services a zone lacks for items that are open there.
    for (z, zi) in i.zones.iter().enumerate() {
        if zi.target.is_none() || zi.external {
            continue;
        }
        let mut kinds: Vec<ServiceKind> = Vec::new();
        let mut open = state.open[z];
        for &c in &zi.conduits {
            open |= state.open[state.nz + c as usize];
        }
        while open != 0 {
            let item = open.trailing_zeros() as usize;
            open &= open - 1;
            let r = &catalog.system[item];
            if let Some(s) = r.service
                && r.has_provider(Provider::Service)
                && !kinds.contains(&s)
            {
                kinds.push(s);
            }
        }
        kinds.sort_unstable();
        out.extend(kinds.into_iter().map(|s| Candidate::Service(z as u32, s)));
    }
    for (k, cm) in i.cms.iter().enumerate() {
        if !cm.implemented {
            out.push(Candidate::Implement(k as u32));
        }
    }
    out
}

fn describe(
    model: &Model,
    state: &State<'_, '_>,
    c: Candidate,
    rank: usize,
    closed: &[(usize, Open)],
) -> Fix {
    let i = &*state.inputs;
    let el_id = |e: usize| -> String {
        let id = match state.el(e) {
            El::Zone(z) => model.zones.keys().nth(z).map(|k| k.as_str()),
            El::Conduit(c) => model.conduits.keys().nth(c).map(|k| k.as_str()),
        };
        id.unwrap_or_default().to_owned()
    };
    let mut items = Vec::new();
    for &(e, bits) in closed {
        let id = el_id(e);
        let mut b = bits;
        while b != 0 {
            let item = b.trailing_zeros() as usize;
            b &= b - 1;
            items.push((id.clone(), i.catalog.system[item].id.clone()));
        }
    }
    items.sort();
    // Where it closes the most, for the summary.
    let main = closed
        .iter()
        .max_by_key(|(e, bits)| (bits.count_ones(), std::cmp::Reverse(*e)))
        .map(|&(e, bits)| {
            let before = (state.open[e] | bits).count_ones();
            format!(
                "{} of {before} open items in {}",
                bits.count_ones(),
                model.name_of(&el_id(e))
            )
        });
    let named = |id: &str| format!("{} [{id}]", model.name_of(id));
    let (action, element, service, what) = match c {
        Candidate::Raise(a) => {
            let asset = i.assets[a as usize];
            let t = holder_target(i, a);
            let v = t.map(|l| l.to_string()).join(" ");
            (
                FixAction::RaiseSlC,
                asset.id.to_string(),
                None,
                format!(
                    "raise the SL-C of {} to {{{v}}} (upgrade, replace or harden)",
                    named(asset.id.as_str())
                ),
            )
        }
        Candidate::Device(k) => {
            let id = el_id(state.nz + k as usize);
            (
                FixAction::AddBoundaryDevice,
                id.clone(),
                None,
                format!("add a boundary device to {}", named(&id)),
            )
        }
        Candidate::Service(z, s) => {
            let id = el_id(z as usize);
            (
                FixAction::AddService,
                id.clone(),
                Some(s),
                format!(
                    "serve {} with a security service ({})",
                    named(&id),
                    s.label()
                ),
            )
        }
        Candidate::Implement(k) => {
            let cm = i.cms[k as usize].cm;
            (
                FixAction::ImplementCountermeasure,
                cm.id.to_string(),
                None,
                format!(
                    "implement the planned countermeasure {}",
                    named(cm.id.as_str())
                ),
            )
        }
    };
    let summary = match main {
        Some(m) if !items.is_empty() => {
            let extra = items.len()
                - m.split(' ')
                    .next()
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or(0);
            if extra > 0 {
                format!("{what}: closes {m}, and {extra} more elsewhere")
            } else {
                format!("{what}: closes {m}")
            }
        }
        _ => format!("{what}: brings open items closer (one of several culprits)"),
    };
    Fix {
        rank,
        action,
        element,
        service,
        items,
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;

    #[test]
    fn the_plan_from_computed_deltas_is_the_plan() {
        for s in crate::samples::SAMPLES {
            let m = crate::samples::load(s).expect("the sample loads");
            let deltas = Deltas::compute(&m, catalog());
            assert_eq!(
                FixPlan::from_deltas(&m, catalog(), &deltas),
                FixPlan::compute(&m, catalog()),
                "{}",
                s.title
            );
        }
    }

    #[test]
    fn deltas_of_another_model_are_not_used() {
        let samples = crate::samples::SAMPLES;
        let a = crate::samples::load(&samples[0]).expect("loads");
        let b = crate::samples::load(&samples[1]).expect("loads");
        let deltas_of_a = Deltas::compute(&a, catalog());
        assert_eq!(
            FixPlan::from_deltas(&b, catalog(), &deltas_of_a),
            FixPlan::compute(&b, catalog())
        );
    }
}
