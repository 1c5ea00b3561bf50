//! Per zone and conduit: SL-C (weakest link), the estimated SL-A, and the requirement deltas
//! against SL-T, judged item by item against who can provide each item (see [`super::judge`]
//! and the allocation table in the catalog). Per asset: the 4-2 component delta against its
//! holder's SL-T.
//!
//! Heuristics of this tool (see [`super::SLC_HEURISTIC`] and [`super::SLA_HEURISTIC`]): a
//! zone's SL-C per FR is the lowest SL-C of its assessed in-scope assets, subzones included; a
//! conduit's is the best of its boundary devices, held at 0 on FR1/FR3/FR4 by a channel whose
//! protocol lacks native authentication, integrity or confidentiality. SL-A per FR is the
//! highest level whose applicable items are all met or covered.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::IdHash;
use super::judge::{El, Holder, Inputs, NaSource, Status, WhyKey};
use crate::catalog::{Catalog, ComponentRequirement, Requirement};
use crate::model::{
    Asset, AssetId, Conduit, ConduitId, CountermeasureId, ElementId, Fr, Model, Placement,
    SecurityLevel, SlVector, Zone, ZoneId,
};

pub use super::judge::{Reason, Why};

/// A 3-3 item the target demands and no provider or countermeasure meets. Its culprits and
/// reasons are kept once per element in its [`Delta`] (see [`Delta::culprits`] and
/// [`Delta::why`]): the items of an element that fail the same way share them, and a plant's
/// tens of thousands of unmet items cost no allocation each.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Unmet {
    pub requirement: &'static Requirement,
    /// One more than its index into the delta's culprit sets; 0 is no culprits.
    culprits: u32,
    /// Index into the delta's reasons.
    reasons: u32,
    /// One more than its index into the delta's sets of planned countermeasures; 0 is none.
    planned: u32,
}

/// A 3-3 item covered by implemented countermeasures.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Covered {
    pub requirement: &'static Requirement,
    pub by: Vec<CountermeasureId>,
}

/// A 3-3 item that does not apply, and why.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NotApplicableItem {
    pub requirement: &'static Requirement,
    pub reason: Cow<'static, str>,
    /// Set by a built-in rule (or following its base SR), not by the user.
    pub built_in: bool,
}

/// The delta of a zone or conduit.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Delta {
    /// `None`: not assessed (no SL-T, or an external zone).
    pub sl_t: Option<SlVector>,
    /// Weakest link (see the module docs); `None` when no in-scope asset has a known SL-C.
    pub sl_c: Option<SlVector>,
    /// Estimated achieved level; `None` when there is no SL-T.
    pub sl_a: Option<SlVector>,
    /// In-scope members (or boundary devices) whose SL-C is unknown.
    pub sl_c_unknown: Vec<AssetId>,
    pub unmet: Vec<Unmet>,
    /// The distinct culprit sets and reasons of the unmet items (see [`Unmet`]).
    culprit_sets: Vec<Box<[AssetId]>>,
    whys: Vec<Why>,
    planned_sets: Vec<Box<[CountermeasureId]>>,
    pub covered: Vec<Covered>,
    /// Items up to SL-T met by their providers.
    pub met: usize,
    pub not_applicable: Vec<NotApplicableItem>,
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

    /// The FRs where SL-A is below SL-T.
    pub fn gap_frs(&self) -> Vec<Fr> {
        match (self.sl_t, self.sl_a) {
            (Some(t), Some(a)) => a.below(&t).collect(),
            _ => Vec::new(),
        }
    }

    /// Whether SL-A falls two or more levels short of SL-T on some FR.
    pub fn gap_severe(&self) -> bool {
        match (self.sl_t, self.sl_a) {
            (Some(t), Some(a)) => Fr::ALL
                .into_iter()
                .any(|fr| t.get(fr).get() >= a.get(fr).get() + 2),
            _ => false,
        }
    }

    /// The assets of `u` (an item of this delta) whose own SL-C falls short or is unknown, only
    /// for items a component can provide, in id order.
    pub fn culprits(&self, u: &Unmet) -> &[AssetId] {
        (u.culprits as usize)
            .checked_sub(1)
            .and_then(|i| self.culprit_sets.get(i))
            .map_or(&[], |s| &s[..])
    }

    /// Whether the reasons of the unmet items were worked out (see [`Detail`]).
    pub fn has_reasons(&self) -> bool {
        self.unmet.first().is_none_or(|u| u.reasons != NO_REASONS)
    }

    /// Why `u` (an item of this delta) is unmet: one entry per failing provider or constraint;
    /// empty when the reasons were not worked out (see [`Delta::has_reasons`]).
    pub fn why(&self, u: &Unmet) -> &Why {
        static NONE: Why = Why::EMPTY;
        self.whys.get(u.reasons as usize).unwrap_or(&NONE)
    }

    /// The reasons of `u` (an item of this delta) in words.
    pub fn reason_texts(&self, u: &Unmet) -> Vec<String> {
        self.why(u)
            .iter()
            .map(|r| r.text(u.requirement.fr))
            .collect()
    }

    /// The planned countermeasures that will cover `u` (an item of this delta).
    pub fn planned(&self, u: &Unmet) -> &[CountermeasureId] {
        (u.planned as usize)
            .checked_sub(1)
            .and_then(|i| self.planned_sets.get(i))
            .map_or(&[], |s| &s[..])
    }

    /// Each distinct set of culprits of the unmet items, once.
    pub fn culprit_sets(&self) -> impl Iterator<Item = &[AssetId]> + '_ {
        self.culprit_sets.iter().map(|s| &s[..])
    }

    /// Whether two items of this delta have the same culprits.
    pub fn same_culprits(&self, a: &Unmet, b: &Unmet) -> bool {
        a.culprits == b.culprits
    }

    /// SL-C as shown: the vector, or `unknown`.
    pub fn sl_c_label(&self) -> String {
        self.sl_c
            .map_or_else(|| "unknown".to_owned(), |v| v.to_string())
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
    /// The SL-T it is measured against; `None` when its zone or conduit has none, or when the
    /// asset is outside 4-2 (no digital interface).
    pub target: Option<SlVector>,
    /// Has a digital interface: inside the scope of 4-2.
    pub in_scope: bool,
    /// The delta rests on an unknown or estimated SL-C.
    pub weak_sl_c: bool,
    /// Shared between assets with the same classes, SL-C and target.
    pub unmet: Arc<[&'static ComponentRequirement]>,
    /// 4-2 items covered by implemented countermeasures on the asset, its zone or conduit.
    pub covered: Vec<(&'static ComponentRequirement, Vec<CountermeasureId>)>,
}

/// How much of an unmet item the deltas work out. Its culprits are always there (the canvas
/// marks every culprit); its reasons cost about a third of the deltas on a large plant and are
/// read only where one element is shown, in the report and by `check`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Detail {
    /// Culprits, no reasons: [`Delta::why`] is empty (see [`Deltas::element`]).
    Culprits,
    /// Culprits and reasons.
    Reasons,
}

/// All deltas of a model, each list in id order.
#[derive(Clone, Debug, Default)]
pub struct Deltas {
    /// Shared with the deltas [`Deltas::update`] makes after an edit, where unchanged.
    pub zones: Vec<Arc<ZoneDelta>>,
    pub conduits: Vec<Arc<ConduitDelta>>,
    pub assets: Vec<AssetDelta>,
}

/// Class set, SL-C and target of an asset: all its component delta depends on.
type ComponentKey = (u8, [u8; 7], [u8; 7]);

impl Drop for Deltas {
    /// A large plant's deltas are hundreds of thousands of small allocations, made on every
    /// core: free them on every core too (the editor drops the previous analysis after each
    /// edit).
    fn drop(&mut self) {
        if self.zones.len() + self.conduits.len() + self.assets.len() < 1024 {
            return;
        }
        let zones = std::mem::take(&mut self.zones);
        let conduits = std::mem::take(&mut self.conduits);
        let assets = std::mem::take(&mut self.assets);
        rayon::join(
            || zones.into_par_iter().for_each(drop),
            || rayon::join(|| conduits.into_par_iter().for_each(drop), || drop(assets)),
        );
    }
}

impl Deltas {
    /// The deltas of `model`, each unmet item with its culprits and reasons.
    pub fn compute(model: &Model, catalog: &'static Catalog) -> Self {
        Self::compute_with(model, catalog, Detail::Reasons)
    }

    /// The deltas of `model`, with reasons or culprits only (see [`Detail`]).
    pub fn compute_with(model: &Model, catalog: &'static Catalog, detail: Detail) -> Self {
        Self::from_inputs(model, &Inputs::build(model, catalog, detail))
    }

    /// The delta of one zone or conduit of `model` with the reasons of its unmet items, for a
    /// view of one element over deltas computed without them (see [`Detail`]).
    pub fn element(model: &Model, catalog: &'static Catalog, id: &ElementId) -> Option<Delta> {
        let inputs = Inputs::build(model, catalog, Detail::Reasons);
        match id {
            ElementId::Zone(z) => {
                let i = model.zones.keys().position(|k| k == z)?;
                Some(zone_delta(&inputs, i, &model.zones[z]).delta)
            }
            ElementId::Conduit(c) => {
                let i = model.conduits.keys().position(|k| k == c)?;
                Some(conduit_delta(&inputs, i, &model.conduits[c]).delta)
            }
            _ => None,
        }
    }

    fn from_inputs(model: &Model, inputs: &Inputs<'_>) -> Self {
        // Each zone and conduit is judged on its own: spread them over the cores. The component
        // deltas of the assets are independent of them: in parallel too.
        let zone_list: Vec<&Zone> = model.zones.values().collect();
        let conduit_list: Vec<&Conduit> = model.conduits.values().collect();
        let ((zones, conduits), assets) = rayon::join(
            || {
                rayon::join(
                    || zone_deltas(inputs, &zone_list),
                    || conduit_deltas(inputs, &conduit_list),
                )
            },
            || component_deltas(model, inputs),
        );
        Self {
            zones,
            conduits,
            assets,
        }
    }

    pub fn zone(&self, id: &str) -> Option<&ZoneDelta> {
        // Each list is in id order (the model's maps are).
        let i = self
            .zones
            .binary_search_by(|z| z.id.as_str().cmp(id))
            .ok()?;
        self.zones.get(i).map(|z| &**z)
    }

    pub fn conduit(&self, id: &str) -> Option<&ConduitDelta> {
        let i = self
            .conduits
            .binary_search_by(|c| c.id.as_str().cmp(id))
            .ok()?;
        self.conduits.get(i).map(|c| &**c)
    }

    pub fn asset(&self, id: &str) -> Option<&AssetDelta> {
        let i = self
            .assets
            .binary_search_by(|a| a.id.as_str().cmp(id))
            .ok()?;
        self.assets.get(i)
    }

    /// Every zone's and then every conduit's delta, with its id.
    pub fn elements(&self) -> impl Iterator<Item = (&str, &Delta)> + '_ {
        self.zones
            .iter()
            .map(|z| (z.id.as_str(), &z.delta))
            .chain(self.conduits.iter().map(|c| (c.id.as_str(), &c.delta)))
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

    /// Unmet 4-2 rows over all assets.
    pub fn total_unmet_components(&self) -> usize {
        self.assets.iter().map(|a| a.unmet.len()).sum()
    }
}

fn zone_deltas(inputs: &Inputs<'_>, zone_list: &[&Zone]) -> Vec<Arc<ZoneDelta>> {
    zone_list
        .par_iter()
        .enumerate()
        .map(|(i, zone)| Arc::new(zone_delta(inputs, i, zone)))
        .collect()
}

pub(super) fn zone_delta(inputs: &Inputs<'_>, i: usize, zone: &Zone) -> ZoneDelta {
    let (sl_c, unknown) = inputs.sl_c_of(&inputs.zones[i].members, false);
    ZoneDelta {
        id: zone.id.clone(),
        external: zone.is_external(),
        assets: inputs.ids(&inputs.zones[i].all),
        delta: build_delta(
            inputs,
            El::Zone(i),
            zone.sl_t.filter(|_| !zone.is_external()),
            sl_c,
            unknown,
            &zone.not_applicable,
        ),
    }
}

fn conduit_deltas(inputs: &Inputs<'_>, conduit_list: &[&Conduit]) -> Vec<Arc<ConduitDelta>> {
    conduit_list
        .par_iter()
        .enumerate()
        .map(|(i, c)| Arc::new(conduit_delta(inputs, i, c)))
        .collect()
}

pub(super) fn conduit_delta(inputs: &Inputs<'_>, i: usize, c: &Conduit) -> ConduitDelta {
    let ci = &inputs.conduits[i];
    let (best, unknown) = inputs.sl_c_of(&ci.devices, true);
    let sl_c = if ci.devices.is_empty() {
        Some(SlVector::ZERO)
    } else {
        best
    }
    .map(|mut v| {
        for fr in [Fr::Iac, Fr::Si, Fr::Dc] {
            if ci.channels.iter().any(|ch| ch.lacks(fr)) {
                v.set(fr, SecurityLevel::SL0);
            }
        }
        v
    });
    ConduitDelta {
        id: c.id.clone(),
        boundary_devices: inputs.ids(&ci.placed),
        delta: build_delta(
            inputs,
            El::Conduit(i),
            c.sl_t,
            sl_c,
            unknown,
            &c.not_applicable,
        ),
    }
}

fn build_delta(
    inputs: &Inputs<'_>,
    el: El,
    sl_t: Option<SlVector>,
    sl_c: Option<SlVector>,
    sl_c_unknown: Vec<AssetId>,
    user_na: &[crate::model::NotApplicable],
) -> Delta {
    let Some(sl_t) = sl_t else {
        return Delta {
            sl_c,
            sl_c_unknown,
            ..Delta::default()
        };
    };
    let cm_id = |k: u32| inputs.cms[k as usize].cm.id.clone();
    // Planned countermeasures on this element (or its channels).
    let planned: Vec<u32> = match el {
        El::Zone(z) => inputs.zones[z].cms.clone(),
        El::Conduit(c) => {
            let ci = &inputs.conduits[c];
            let mut v = ci.cms.clone();
            v.extend(ci.channel_cms.iter().map(|(k, _)| *k));
            v.sort_unstable();
            v.dedup();
            v
        }
    };
    let planned: Vec<u32> = planned
        .into_iter()
        .filter(|&k| !inputs.cms[k as usize].implemented)
        .collect();
    // Room for every item up to SL-T.
    let due = Fr::ALL
        .into_iter()
        .map(|fr| {
            let t = sl_t.get(fr).get();
            inputs.by_fr[fr.index()]
                .iter()
                .take_while(|r| r.level.get() <= t)
                .count()
        })
        .sum();
    let mut unmet = Vec::with_capacity(due);
    let mut not_applicable = Vec::with_capacity(due / 4);
    let mut met = 0;
    // This thread's buffers: each distinct culprit set, as asset indices and as ids (an
    // item's index into them is one more: 0 is no culprits), and each distinct reason key
    // with its reasons. The lists the delta keeps are copied out at the end, each in one
    // allocation.
    let mut scratch = SCRATCH.take();
    let Scratch {
        sets,
        culprit_sets,
        keys,
        planned_sets,
        whys,
        covered,
    } = &mut scratch;
    let sl_a = inputs.judge(el, true, &mut |item, cache| {
        let r = item.requirement;
        match item.status {
            Status::Met => met += 1,
            Status::Covered(by) => covered.push(Covered {
                requirement: r,
                by: by.into_iter().map(cm_id).collect(),
            }),
            Status::NotApplicable(src) => not_applicable.push(NotApplicableItem {
                requirement: r,
                reason: match src {
                    NaSource::User(k) => Cow::Owned(
                        user_na
                            .get(k)
                            .map_or_else(String::new, |na| na.justification.clone()),
                    ),
                    NaSource::BuiltIn(rule) => Cow::Borrowed(
                        inputs
                            .catalog
                            .applicability
                            .get(rule)
                            .map_or("", |a| a.reason.as_str()),
                    ),
                    NaSource::Base => Cow::Borrowed(r.base_not_applicable.as_str()),
                },
                built_in: !matches!(src, NaSource::User(_)),
            }),
            Status::Unmet => {
                // One set of ids per distinct set of culprits in the element: a legacy
                // device short on every FR and level makes the same set many times.
                let culprits = match item.culprits.and_then(|pos| cache.culprits(pos)) {
                    None => 0,
                    Some(c) => {
                        if let Some(i) = sets
                            .iter()
                            .position(|k| Arc::ptr_eq(k, c) || k[..] == c[..])
                        {
                            i + 1
                        } else {
                            sets.push(Arc::clone(c));
                            culprit_sets.push(
                                c.iter()
                                    .map(|&a| inputs.assets[a as usize].id.clone())
                                    .collect(),
                            );
                            sets.len()
                        }
                    }
                };
                let here = planned
                    .iter()
                    .copied()
                    .filter(|&k| inputs.cms[k as usize].covers.contains(&r.index));
                let planned_here = if here.clone().next().is_none() {
                    0
                } else {
                    let ids: Box<[CountermeasureId]> = here.map(cm_id).collect();
                    match planned_sets.iter().position(|s| *s == ids) {
                        Some(i) => i + 1,
                        None => {
                            planned_sets.push(ids);
                            planned_sets.len()
                        }
                    }
                };
                // Without reasons (see `Detail`), no index: `Delta::why` is empty.
                let reasons = if !inputs.reasons {
                    NO_REASONS as usize
                } else {
                    keys.iter()
                        .position(|k| *k == item.reasons)
                        .unwrap_or_else(|| {
                            keys.push(item.reasons);
                            whys.push(cache.why(&item.reasons));
                            keys.len() - 1
                        })
                };
                unmet.push(Unmet {
                    requirement: r,
                    culprits: culprits as u32,
                    reasons: reasons as u32,
                    planned: planned_here as u32,
                });
            }
        }
    });
    let delta = Delta {
        sl_t: Some(sl_t),
        sl_c,
        sl_a: sl_a.and_then(SlVector::from_levels),
        sl_c_unknown,
        unmet,
        culprit_sets: copy_out(culprit_sets),
        whys: copy_out(whys),
        planned_sets: copy_out(planned_sets),
        covered: copy_out(covered),
        met,
        not_applicable,
    };
    sets.clear();
    keys.clear();
    SCRATCH.set(scratch);
    delta
}

/// An unmet item's reasons index when reasons were not worked out.
const NO_REASONS: u32 = u32::MAX;

/// The contents of `buffer` in a list of their own, in one allocation of the exact size;
/// `buffer` keeps its room for the next element.
fn copy_out<T>(buffer: &mut Vec<T>) -> Vec<T> {
    let mut out = Vec::with_capacity(buffer.len());
    out.append(buffer);
    out
}

/// The buffers [`build_delta`] gathers an element's lists in.
#[derive(Default)]
struct Scratch {
    sets: Vec<Arc<[u32]>>,
    culprit_sets: Vec<Box<[AssetId]>>,
    keys: Vec<WhyKey>,
    planned_sets: Vec<Box<[CountermeasureId]>>,
    whys: Vec<Why>,
    covered: Vec<Covered>,
}

thread_local! {
    /// Each thread's [`Scratch`], reused from element to element.
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::default();
}

/// The 4-2 deltas of every asset.
fn component_deltas(model: &Model, inputs: &Inputs<'_>) -> Vec<AssetDelta> {
    let ctx = Components::new(inputs);
    let assets: Vec<(&Asset, Holder)> = model
        .assets
        .values()
        .zip(inputs.holder.iter().copied())
        .collect();
    assets
        .par_iter()
        .map_init(Memo::default, |memo, &(a, holder)| {
            ctx.delta(memo, a, holder)
        })
        .collect()
}

/// Assets with the same classes, SL-C and target share one list of unmet 4-2 rows (per
/// thread).
pub(super) type Memo = HashMap<ComponentKey, Arc<[&'static ComponentRequirement]>, IdHash>;

/// What the 4-2 delta of each asset reads beside the asset.
pub(super) struct Components<'i, 'm> {
    inputs: &'i Inputs<'m>,
    none: Arc<[&'static ComponentRequirement]>,
    /// Implemented countermeasures that name 4-2 items, with those items.
    cr_cms: Vec<(usize, Vec<&'static ComponentRequirement>)>,
}

impl<'i, 'm> Components<'i, 'm> {
    pub(super) fn new(inputs: &'i Inputs<'m>) -> Self {
        let mut cr_cms = Vec::new();
        for (k, cm) in inputs.cms.iter().enumerate() {
            if !cm.implemented {
                continue;
            }
            let crs: Vec<&'static ComponentRequirement> = cm
                .cm
                .covers
                .iter()
                .filter_map(|id| inputs.catalog.component_requirement(id))
                .filter(|_| cm.cm.covers_technical())
                .collect();
            if !crs.is_empty() {
                cr_cms.push((k, crs));
            }
        }
        Self {
            inputs,
            none: Arc::from([]),
            cr_cms,
        }
    }

    /// The 4-2 delta of asset `a`, held by `holder`.
    pub(super) fn delta(&self, memo: &mut Memo, a: &Asset, holder: Holder) -> AssetDelta {
        let (target, zone, conduit) = match (holder, &a.placement) {
            (Holder::Zone(z), Placement::Zone(id)) => {
                (self.inputs.zones[z as usize].target, Some(id), None)
            }
            (Holder::Conduit(c), Placement::Conduit(id)) => {
                (self.inputs.conduits[c as usize].target, None, Some(id))
            }
            _ => (None, None, None),
        };
        let target = target.and_then(SlVector::from_levels);
        let target = target.filter(|_| a.in_scope());
        let Some(t) = target else {
            return AssetDelta {
                id: a.id.clone(),
                target: None,
                in_scope: a.in_scope(),
                weak_sl_c: false,
                unmet: Arc::clone(&self.none),
                covered: Vec::new(),
            };
        };
        // An unknown SL-C meets nothing: the delta is taken from 0 and flagged.
        let cap = a.known_sl_c().unwrap_or(SlVector::ZERO);
        let mut unmet = memo
            .entry((a.class_mask(), cap.levels(), t.levels()))
            .or_insert_with(|| {
                Fr::ALL
                    .into_iter()
                    .flat_map(|fr| {
                        self.inputs.catalog.component_delta(
                            a.class_mask(),
                            fr,
                            cap.get(fr),
                            t.get(fr),
                        )
                    })
                    .collect::<Vec<_>>()
                    .into()
            })
            .clone();
        let mut covered = Vec::new();
        let applies: Vec<&(usize, Vec<&'static ComponentRequirement>)> = self
            .cr_cms
            .iter()
            .filter(|(k, _)| {
                let cm = self.inputs.cms[*k].cm;
                cm.assets.contains(&a.id)
                    || zone.is_some_and(|z| cm.zones.contains(z))
                    || conduit.is_some_and(|c| cm.conduits.contains(c))
            })
            .collect();
        if !applies.is_empty() && !unmet.is_empty() {
            let mut left = Vec::new();
            for &r in unmet.iter() {
                let by: Vec<CountermeasureId> = applies
                    .iter()
                    .filter(|(_, crs)| crs.iter().any(|c| std::ptr::eq(*c, r)))
                    .map(|(k, _)| self.inputs.cms[*k].cm.id.clone())
                    .collect();
                if by.is_empty() {
                    left.push(r);
                } else {
                    covered.push((r, by));
                }
            }
            unmet = left.into();
        }
        AssetDelta {
            id: a.id.clone(),
            target,
            in_scope: true,
            weak_sl_c: a.sl_c_source.is_weak(),
            unmet,
            covered,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{FixAction, FixPlan};
    use crate::catalog::catalog;
    use crate::model::{
        Asset, Channel, ChannelRef, ComponentClass, Conduit, Countermeasure, CountermeasureKind,
        CountermeasureStatus, NotApplicable, Placement, Point, Rect, ServiceKind, ServiceProvision,
        SlcSource, Zone, ZoneKind,
    };

    fn sl(v: [u8; 7]) -> SlVector {
        SlVector::from_levels(v).unwrap()
    }

    fn est() -> SlcSource {
        SlcSource::Estimated {
            by: "test".into(),
            note: String::new(),
        }
    }

    fn asset(id: &str, zone: &str, slc: [u8; 7]) -> Asset {
        let mut a = Asset::new(id, id, "plc", Point::default());
        a.classes.insert(ComponentClass::Edr);
        a.sl_c = sl(slc);
        a.sl_c_source = est();
        a.placement = Placement::Zone(zone.into());
        a
    }

    fn device(id: &str, conduit: &str, slc: [u8; 7]) -> Asset {
        let mut a = Asset::new(id, id, "firewall", Point::default());
        a.classes.insert(ComponentClass::Ndr);
        a.sl_c = sl(slc);
        a.sl_c_source = est();
        a.placement = Placement::Conduit(conduit.into());
        a
    }

    fn zone(id: &str, t: [u8; 7]) -> Zone {
        let mut z = Zone::new(id, id, ZoneKind::Control, Rect::default());
        z.sl_t = Some(sl(t));
        z
    }

    /// Zone Z-CTL (SL-T 2 everywhere) with a subzone, an external zone and a conduit C-1
    /// between Z-CTL and Z-EXT with a capable firewall.
    fn model() -> Model {
        let mut m = Model::default();
        m.insert_zone(zone("Z-CTL", [2, 2, 2, 1, 2, 1, 2]));
        let mut sub = zone("Z-SUB", [2, 2, 2, 1, 2, 1, 2]);
        sub.parent = Some("Z-CTL".into());
        m.insert_zone(sub);
        m.insert_zone(Zone::new(
            "Z-EXT",
            "Vendor",
            ZoneKind::External,
            Rect::default(),
        ));
        m.insert_asset(asset("A-NEW", "Z-CTL", [2, 2, 2, 2, 2, 2, 2]));
        m.insert_asset(asset("A-OLD", "Z-SUB", [1, 2, 2, 2, 2, 2, 2]));
        let mut c = Conduit::new("C-1", "c", vec!["Z-CTL".into(), "Z-EXT".into()]);
        c.sl_t = Some(sl([2, 2, 2, 2, 2, 2, 2]));
        c.channels.push(Channel::new("https", "web"));
        m.insert_conduit(c);
        m.insert_asset(device("A-FW", "C-1", [3, 3, 3, 3, 3, 3, 3]));
        m
    }

    fn run(m: &Model) -> Deltas {
        Deltas::compute(m, catalog())
    }

    #[test]
    fn reasons_are_left_out_on_request_and_worked_out_per_element() {
        // On every sample: the deltas without reasons are the deltas with them, item for item
        // and culprit for culprit, but for the reasons; `Deltas::element` gives one element's
        // delta with its reasons exactly as the full computation does.
        for src in [
            include_str!("../../sample-models/water-treatment.ron"),
            include_str!("../../sample-models/refinery-hydrocracker.ron"),
            include_str!("../../sample-models/substation-iec61850.ron"),
            include_str!("../../sample-models/pharma-batch.ron"),
            include_str!("../../sample-models/quickstart.ron"),
        ] {
            let m = crate::persistence::from_str(src, "sample.ron").expect("loads");
            let full = Deltas::compute(&m, catalog());
            let lean = Deltas::compute_with(&m, catalog(), Detail::Culprits);
            let pairs = (full
                .zones
                .iter()
                .map(|z| (ElementId::Zone(z.id.clone()), &z.delta)))
            .chain((full.conduits.iter()).map(|c| (ElementId::Conduit(c.id.clone()), &c.delta)))
            .zip(
                (lean.zones.iter().map(|z| &z.delta)).chain(lean.conduits.iter().map(|c| &c.delta)),
            );
            for ((id, f), l) in pairs {
                let ids = |d: &Delta| -> Vec<&str> {
                    d.unmet.iter().map(|u| u.requirement.id.as_str()).collect()
                };
                assert_eq!(ids(f), ids(l), "{id:?}");
                for (a, b) in f.unmet.iter().zip(&l.unmet) {
                    assert_eq!(f.culprits(a), l.culprits(b), "{id:?} {}", a.requirement.id);
                    assert_eq!(f.planned(a), l.planned(b), "{id:?} {}", a.requirement.id);
                    assert!(!f.why(a).is_empty(), "{id:?} {}", a.requirement.id);
                    assert!(l.why(b).is_empty(), "{id:?} {}", a.requirement.id);
                }
                assert_eq!(
                    (f.sl_t, f.sl_c, f.sl_a, f.met),
                    (l.sl_t, l.sl_c, l.sl_a, l.met)
                );
                assert_eq!(
                    (&f.covered, &f.not_applicable),
                    (&l.covered, &l.not_applicable)
                );
                assert!(f.has_reasons());
                assert_eq!(l.has_reasons(), l.unmet.is_empty(), "{id:?}");
                let one = Deltas::element(&m, catalog(), &id).expect("an element");
                assert_eq!(&one, f, "{id:?}");
            }
            assert_eq!(full.assets, lean.assets);
        }
    }

    /// An unmet item with its culprits and reasons, as the delta tells them.
    struct Seen {
        culprits: Vec<AssetId>,
        texts: Vec<String>,
    }

    impl Seen {
        fn reason_texts(&self) -> Vec<String> {
            self.texts.clone()
        }
    }

    fn unmet(d: &Delta, id: &str) -> Option<Seen> {
        let u = d.unmet.iter().find(|u| u.requirement.id == id)?;
        Some(Seen {
            culprits: d.culprits(u).to_vec(),
            texts: d.reason_texts(u),
        })
    }

    fn ids(d: &Delta) -> Vec<&str> {
        d.unmet.iter().map(|u| u.requirement.id.as_str()).collect()
    }

    #[test]
    fn component_items_name_the_assets_that_fall_short() {
        let d = run(&model());
        let z = d.zone("Z-CTL").unwrap();
        assert_eq!(z.delta.sl_c, Some(sl([1, 2, 2, 2, 2, 2, 2])));
        // SR 1.1 RE(1) (component, service): A-OLD is short and there is no IAM service.
        let u = unmet(&z.delta, "SR 1.1 RE(1)").unwrap();
        assert_eq!(*u.culprits, [AssetId::from("A-OLD")]);
        let texts = u.reason_texts();
        assert!(texts.contains(&"no service: iam".to_owned()), "{texts:?}");
        assert!(
            texts.contains(&"sl-c estimated: A-OLD".to_owned()),
            "{texts:?}"
        );
        // FR1: A-OLD holds SL-A at 1. FR5 and FR7 fall short on items only a procedure or a
        // service provides (SR 5.4, SR 7.5); FR2, FR3 and FR6 are met.
        assert_eq!(z.delta.sl_a.unwrap().get(Fr::Iac).get(), 1);
        assert_eq!(z.delta.gap_frs(), vec![Fr::Iac, Fr::Rdf, Fr::Ra]);
        assert_eq!(
            unmet(&z.delta, "SR 5.4").unwrap().reason_texts(),
            ["needs an implemented procedure"]
        );
        assert!(unmet(&z.delta, "SR 7.5").unwrap().culprits.is_empty());
    }

    /// The model with a directory serving Z-CTL, its SL-C `level` on every FR.
    fn with_directory(level: u8) -> Model {
        let mut m = model();
        let mut dc = asset("A-DC", "Z-CTL", [level; 7]);
        dc.provides.push(ServiceProvision {
            service: ServiceKind::Iam,
            zones: vec!["Z-CTL".into()],
        });
        m.insert_asset(dc);
        m
    }

    #[test]
    fn service_provider_meets_what_a_service_can_provide() {
        let d = run(&with_directory(2));
        let z = &d.zone("Z-CTL").unwrap().delta;
        // IAM serves SR 1.1 RE(1) although A-OLD's own SL-C is short.
        assert!(unmet(z, "SR 1.1 RE(1)").is_none(), "{:?}", ids(z));
        // The subzone is served through its parent.
        assert!(unmet(&d.zone("Z-SUB").unwrap().delta, "SR 1.1 RE(1)").is_none());
        // A service only: SR 1.3 RE(1) never names a device.
        for zd in &d.zones {
            for u in &zd.delta.unmet {
                if !u
                    .requirement
                    .has_provider(crate::catalog::Provider::Component)
                {
                    assert!(zd.delta.culprits(u).is_empty(), "{}", u.requirement.id);
                }
            }
        }
    }

    #[test]
    fn service_below_the_level_is_a_reason_not_a_pass() {
        let d = run(&with_directory(1));
        let u = unmet(&d.zone("Z-CTL").unwrap().delta, "SR 1.1 RE(1)").unwrap();
        assert!(
            u.reason_texts()
                .contains(&"service below the level: iam".to_owned())
        );
    }

    #[test]
    fn boundary_devices_protect_the_zone_and_are_credited_for_sr_5_2() {
        let d = run(&model());
        let z = &d.zone("Z-CTL").unwrap().delta;
        assert!(
            unmet(z, "SR 5.2").is_none() && unmet(z, "SR 5.1").is_none(),
            "{:?}",
            ids(z)
        );
        // Without the firewall: one reason naming the conduit, no culprits.
        let mut m = model();
        m.assets.remove("A-FW");
        let d = run(&m);
        let z = &d.zone("Z-CTL").unwrap().delta;
        let u = unmet(z, "SR 5.2").unwrap();
        assert!(u.culprits.is_empty());
        assert_eq!(u.reason_texts(), ["no boundary device on C-1"]);
        let c = &d.conduit("C-1").unwrap().delta;
        let u = unmet(c, "SR 5.2").unwrap();
        assert_eq!(u.reason_texts(), ["no boundary device"]);
        assert!(c.unmet.iter().all(|u| c.culprits(u).is_empty()));
    }

    #[test]
    fn untrusted_network_items_look_only_at_the_conduits_to_untrusted_networks() {
        let mut m = model();
        m.zones.get_mut("Z-CTL").unwrap().sl_t = Some(sl([3, 2, 2, 1, 2, 1, 2]));
        // An internal conduit with a weak switch: it does not enforce MFA, and needs not.
        m.insert_conduit(Conduit::new(
            "C-2",
            "internal",
            vec!["Z-CTL".into(), "Z-SUB".into()],
        ));
        m.insert_asset(device("A-SW", "C-2", [1; 7]));
        let d = run(&m);
        let z = &d.zone("Z-CTL").unwrap().delta;
        assert!(unmet(z, "SR 1.1 RE(2)").is_none(), "{:?}", ids(z));
        // Other boundary items are judged on every conduit, the internal one included.
        let u = unmet(z, "SR 1.2 RE(1)").unwrap();
        assert!(
            u.reason_texts()
                .iter()
                .any(|t| t == "boundary device on C-2 below the level")
        );
    }

    #[test]
    fn conduits_are_judged_on_conduit_scope_items_only() {
        let mut m = model();
        m.assets.remove("A-FW");
        let d = run(&m);
        let c = &d.conduit("C-1").unwrap().delta;
        assert!(!c.unmet.is_empty());
        for u in &c.unmet {
            assert!(u.requirement.scope.on_conduits(), "{}", u.requirement.id);
        }
        assert!(unmet(c, "SR 7.5").is_none() && unmet(c, "SR 1.12").is_none());
    }

    #[test]
    fn an_insecure_channel_holds_its_frs_at_zero_unless_a_countermeasure_covers_it() {
        let mut m = model();
        m.conduits.get_mut("C-1").unwrap().channels = vec![Channel {
            name: "poll".into(),
            ..Channel::new("modbus_tcp", "polling")
        }];
        let d = run(&m);
        let c = &d.conduit("C-1").unwrap().delta;
        // The firewall is SL 3, the channel has no authentication or integrity.
        assert_eq!(c.sl_c.unwrap().get(Fr::Iac).get(), 0);
        assert_eq!(c.sl_c.unwrap().get(Fr::Rdf).get(), 3);
        let u = unmet(c, "SR 3.1").unwrap();
        assert!(
            u.reason_texts()
                .iter()
                .any(|t| t.contains("poll") && t.contains("integrity")),
            "{:?}",
            u.reason_texts()
        );
        assert!(unmet(c, "SR 5.2").is_none());
        // A VPN on that channel covers what it names.
        let mut vpn = Countermeasure::new("CM-VPN", "VPN", CountermeasureKind::Technical);
        vpn.status = CountermeasureStatus::Implemented;
        vpn.covers = vec!["SR 3.1".into()];
        vpn.channels = vec![ChannelRef {
            conduit: "C-1".into(),
            channel: "poll".into(),
        }];
        m.insert_countermeasure(vpn);
        let d = run(&m);
        let c = &d.conduit("C-1").unwrap().delta;
        assert!(unmet(c, "SR 3.1").is_none());
        assert!(c.covered.iter().any(|k| k.requirement.id == "SR 3.1"));
        assert!(unmet(c, "SR 1.2").is_some(), "the VPN names SR 3.1 only");
    }

    #[test]
    fn built_in_applicability_needs_radio_portable_devices_or_untrusted_networks() {
        let mut m = model();
        m.zones.get_mut("Z-CTL").unwrap().sl_t = Some(sl([4, 4, 2, 1, 2, 1, 2]));
        let d = run(&m);
        let z = &d.zone("Z-CTL").unwrap().delta;
        let na: Vec<&str> = z
            .not_applicable
            .iter()
            .map(|n| n.requirement.id.as_str())
            .collect();
        for id in ["SR 1.6", "SR 1.6 RE(1)", "SR 2.2", "SR 2.3"] {
            assert!(na.contains(&id), "{id} in {na:?}");
            assert!(unmet(z, id).is_none());
        }
        // Z-CTL has a conduit to an external zone: untrusted-network items apply.
        assert!(!na.contains(&"SR 1.1 RE(2)"));
        // A wireless asset brings radio in (and no boundary device provides SR 1.6 then).
        m.assets.remove("A-FW");
        let mut ap = asset("A-AP", "Z-CTL", [0; 7]);
        ap.sl_c_source = SlcSource::Unknown;
        ap.flags.wireless = true;
        m.insert_asset(ap);
        let d = run(&m);
        let z = &d.zone("Z-CTL").unwrap().delta;
        assert!(
            z.not_applicable
                .iter()
                .all(|n| n.requirement.id != "SR 1.6")
        );
        assert!(unmet(z, "SR 1.6").is_some());
    }

    #[test]
    fn user_not_applicable_items_stay_visible_with_their_reason() {
        let mut m = model();
        m.zones
            .get_mut("Z-CTL")
            .unwrap()
            .not_applicable
            .push(NotApplicable {
                item: "SR 1.1 RE(1)".into(),
                justification: "no human interface in this zone".into(),
            });
        let d = run(&m);
        let z = &d.zone("Z-CTL").unwrap().delta;
        assert!(unmet(z, "SR 1.1 RE(1)").is_none());
        let n = z
            .not_applicable
            .iter()
            .find(|n| n.requirement.id == "SR 1.1 RE(1)")
            .unwrap();
        assert_eq!(n.reason, "no human interface in this zone");
        assert!(!n.built_in);
    }

    #[test]
    fn unknown_sl_c_is_not_zero_and_meets_nothing() {
        let mut m = model();
        let a = m.assets.get_mut("A-NEW").unwrap();
        a.sl_c_source = SlcSource::Unknown;
        a.sl_c = SlVector::ZERO;
        let d = run(&m);
        let z = &d.zone("Z-CTL").unwrap().delta;
        assert_eq!(z.sl_c_unknown, vec![AssetId::from("A-NEW")]);
        // Weakest link over the assessed assets only.
        assert_eq!(z.sl_c, Some(sl([1, 2, 2, 2, 2, 2, 2])));
        let u = unmet(z, "SR 2.1 RE(1)").unwrap();
        assert!(u.culprits.contains(&AssetId::from("A-NEW")));
        assert!(u.reason_texts().contains(&"sl-c unknown: A-NEW".to_owned()));
        assert!(d.asset("A-NEW").unwrap().weak_sl_c);
    }

    #[test]
    fn assets_without_a_digital_interface_are_outside_4_2() {
        let mut m = model();
        let mut tx = asset("A-TX", "Z-CTL", [0; 7]);
        tx.sl_c_source = SlcSource::Unknown;
        tx.digital = false;
        m.insert_asset(tx);
        let d = run(&m);
        let a = d.asset("A-TX").unwrap();
        assert!(!a.in_scope && a.unmet.is_empty() && a.target.is_none());
        let z = &d.zone("Z-CTL").unwrap().delta;
        assert!(
            z.unmet
                .iter()
                .all(|u| !z.culprits(u).contains(&AssetId::from("A-TX")))
        );
        assert!(z.sl_c_unknown.is_empty());
        assert!(
            d.zone("Z-CTL")
                .unwrap()
                .assets
                .contains(&AssetId::from("A-TX"))
        );
    }

    fn cm(id: &str, kind: CountermeasureKind, covers: &[&str]) -> Countermeasure {
        let mut c = Countermeasure::new(id, id, kind);
        c.status = CountermeasureStatus::Implemented;
        c.covers = covers.iter().map(|s| (*s).to_owned()).collect();
        c.zones = vec!["Z-CTL".into()];
        c
    }

    #[test]
    fn procedural_measures_cover_technical_items_only_when_compensating() {
        // SR 1.2 has no organisation provider: technical. (No firewall, which could provide it.)
        let model = || {
            let mut m = model();
            m.assets.remove("A-FW");
            m
        };
        let mut m = model();
        m.insert_countermeasure(cm(
            "CM-P",
            CountermeasureKind::Procedural,
            &["SR 1.2", "SR 1.1 RE(1)"],
        ));
        let d = run(&m);
        let z = &d.zone("Z-CTL").unwrap().delta;
        assert!(
            unmet(z, "SR 1.2").is_some(),
            "a procedure does not authenticate devices"
        );
        assert!(
            unmet(z, "SR 1.1 RE(1)").is_none(),
            "organisation is a provider there"
        );
        let mut m = model();
        let mut c = cm("CM-C", CountermeasureKind::Compensating, &["SR 1.2"]);
        c.justification = "device whitelisting on the switch ports".into();
        m.insert_countermeasure(c);
        let d = run(&m);
        assert!(unmet(&d.zone("Z-CTL").unwrap().delta, "SR 1.2").is_none());
        // Without a justification a compensating measure covers nothing.
        let mut m = model();
        m.insert_countermeasure(cm("CM-C", CountermeasureKind::Compensating, &["SR 1.2"]));
        let d = run(&m);
        assert!(unmet(&d.zone("Z-CTL").unwrap().delta, "SR 1.2").is_some());
    }

    #[test]
    fn an_enhancement_is_covered_only_when_its_base_is_met_or_covered() {
        let mut m = model();
        m.assets.remove("A-FW");
        m.zones.get_mut("Z-CTL").unwrap().sl_t = Some(sl([3, 2, 2, 1, 2, 1, 2]));
        m.assets.get_mut("A-OLD").unwrap().sl_c = sl([0, 2, 2, 2, 2, 2, 2]);
        // SR 1.2 is unmet (A-OLD at FR1 0); a measure naming only its RE does not cover it.
        m.insert_countermeasure(cm("CM-1", CountermeasureKind::Technical, &["SR 1.2 RE(1)"]));
        let d = run(&m);
        let z = &d.zone("Z-CTL").unwrap().delta;
        assert!(unmet(z, "SR 1.2").is_some());
        let re = unmet(z, "SR 1.2 RE(1)").unwrap();
        assert!(re.reason_texts().contains(&"base SR 1.2 unmet".to_owned()));
        m.countermeasures
            .get_mut("CM-1")
            .unwrap()
            .covers
            .push("SR 1.2".into());
        let d = run(&m);
        let z = &d.zone("Z-CTL").unwrap().delta;
        assert!(unmet(z, "SR 1.2 RE(1)").is_none() && unmet(z, "SR 1.2").is_none());
    }

    #[test]
    fn four_two_ids_take_effect_on_the_assets_a_countermeasure_applies_to() {
        let mut m = model();
        let mut c = Countermeasure::new("CM-1", "Hardening", CountermeasureKind::Technical);
        c.status = CountermeasureStatus::Implemented;
        c.covers = vec!["CR 1.1 RE(1)".into()];
        c.assets = vec!["A-OLD".into()];
        m.insert_countermeasure(c);
        let d = run(&m);
        let a = d.asset("A-OLD").unwrap();
        assert!(a.unmet.iter().all(|r| r.id != "CR 1.1 RE(1)"));
        assert!(
            a.covered
                .iter()
                .any(|(r, by)| r.id == "CR 1.1 RE(1)" && by[0].as_str() == "CM-1")
        );
    }

    #[test]
    fn sl_a_rises_with_countermeasures() {
        let mut m = model();
        let before = run(&m)
            .zone("Z-CTL")
            .unwrap()
            .delta
            .sl_a
            .unwrap()
            .get(Fr::Iac);
        let open: Vec<String> = run(&m)
            .zone("Z-CTL")
            .unwrap()
            .delta
            .unmet
            .iter()
            .filter(|u| u.requirement.fr == Fr::Iac)
            .map(|u| u.requirement.id.clone())
            .collect();
        let refs: Vec<&str> = open.iter().map(String::as_str).collect();
        m.insert_countermeasure(cm("CM-1", CountermeasureKind::Technical, &refs));
        let after = run(&m)
            .zone("Z-CTL")
            .unwrap()
            .delta
            .sl_a
            .unwrap()
            .get(Fr::Iac);
        assert!(after > before, "{before:?} -> {after:?}");
    }

    #[test]
    fn fix_plan_ranks_the_fix_that_closes_most_first() {
        let mut m = model();
        m.assets.remove("A-FW");
        let plan = FixPlan::compute(&m, catalog());
        assert!(plan.open_before > 0);
        assert!(!plan.fixes.is_empty());
        let first = &plan.fixes[0];
        assert_eq!(first.rank, 1);
        assert!(first.closes() > 0, "{first:?}");
        // Ranks count up, each fix closes items that were open, none twice.
        let mut seen = std::collections::BTreeSet::new();
        for (i, f) in plan.fixes.iter().enumerate() {
            assert_eq!(f.rank, i + 1);
            for item in &f.items {
                assert!(seen.insert(item.clone()), "{item:?} closed twice");
            }
        }
        assert!(
            plan.fixes
                .iter()
                .any(|f| f.action == FixAction::AddBoundaryDevice && f.element == "C-1")
        );
        assert!(
            plan.fixes
                .iter()
                .any(|f| f.action == FixAction::AddService && f.service == Some(ServiceKind::Power))
        );
        // Deterministic.
        assert_eq!(plan, FixPlan::compute(&m, catalog()));
    }

    #[test]
    fn fix_plan_implements_planned_countermeasures_and_raises_culprits() {
        let mut m = model();
        // SR 5.4 only a procedure provides: nothing but this measure closes it.
        let mut c = cm("CM-PKI", CountermeasureKind::Procedural, &["SR 5.4"]);
        c.status = CountermeasureStatus::Planned;
        m.insert_countermeasure(c);
        let plan = FixPlan::compute(&m, catalog());
        let implement = plan
            .fixes
            .iter()
            .find(|f| f.action == FixAction::ImplementCountermeasure)
            .unwrap();
        assert_eq!(implement.element, "CM-PKI");
        assert_eq!(implement.items, [("Z-CTL".to_owned(), "SR 5.4".to_owned())]);
        let raise = plan
            .fixes
            .iter()
            .find(|f| f.action == FixAction::RaiseSlC && f.element == "A-OLD");
        assert!(raise.is_some(), "{:#?}", plan.fixes);
        assert!(raise.unwrap().summary.contains("closes"));
    }
}
