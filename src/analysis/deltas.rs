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

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use super::IdHash;
use super::judge::{El, ElementJudgement, Inputs, NaSource, Status};
use crate::catalog::{Catalog, ComponentRequirement, Requirement};
use crate::model::{
    Asset, AssetId, ConduitId, CountermeasureId, Fr, Model, SecurityLevel, SlVector, ZoneId,
};

pub use super::judge::Reason;

/// A 3-3 item the target demands and no provider or countermeasure meets.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Unmet {
    pub requirement: &'static Requirement,
    /// Assets whose own SL-C falls short (or is unknown), only for items a component can
    /// provide, in id order.
    pub culprits: Arc<[AssetId]>,
    /// Why, one entry per failing provider or constraint.
    pub reasons: Vec<Reason>,
    /// Planned countermeasures that will cover it.
    pub planned: Vec<CountermeasureId>,
}

impl Unmet {
    /// The reasons in words.
    pub fn reason_texts(&self) -> Vec<String> {
        self.reasons
            .iter()
            .map(|r| r.text(self.requirement.fr))
            .collect()
    }
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
    pub reason: String,
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

/// Class set, SL-C and target of an asset: all its component delta depends on.
type ComponentKey = (u8, [u8; 7], [u8; 7]);

impl Deltas {
    pub fn compute(model: &Model, catalog: &'static Catalog) -> Self {
        let inputs = Inputs::build(model, catalog);
        Self::from_inputs(model, catalog, &inputs)
    }

    pub(crate) fn from_inputs(model: &Model, catalog: &'static Catalog, inputs: &Inputs<'_>) -> Self {
        let zone_index = index_of(model.zones.keys());
        let conduit_index = index_of(model.conduits.keys());
        let asset_index = index_of(model.assets.keys());
        let all_members = all_members(model, &zone_index);
        let zones = model
            .zones
            .values()
            .enumerate()
            .map(|(i, zone)| {
                let j = inputs.judge_zone(i, true);
                let members = &inputs.zones[i].members;
                let known: Vec<SlVector> = members
                    .iter()
                    .filter_map(|&a| inputs.assets[a as usize].known_sl_c())
                    .collect();
                let sl_c = known.into_iter().reduce(|a, b| a.min(&b));
                let unknown = members
                    .iter()
                    .map(|&a| inputs.assets[a as usize])
                    .filter(|a| a.known_sl_c().is_none())
                    .map(|a| a.id.clone())
                    .collect();
                ZoneDelta {
                    id: zone.id.clone(),
                    external: zone.is_external(),
                    assets: all_members[i].clone(),
                    delta: build_delta(
                        model,
                        inputs,
                        El::Zone(i),
                        zone.sl_t.filter(|_| !zone.is_external()),
                        sl_c,
                        unknown,
                        j,
                        &zone.not_applicable,
                    ),
                }
            })
            .collect();
        let conduits = model
            .conduits
            .values()
            .enumerate()
            .map(|(i, c)| {
                let ci = &inputs.conduits[i];
                let j = inputs.judge_conduit(i, true);
                let devices: Vec<&Asset> = model.boundary_devices(&c.id).collect();
                let known: Vec<SlVector> = ci
                    .devices
                    .iter()
                    .filter_map(|&a| inputs.assets[a as usize].known_sl_c())
                    .collect();
                let sl_c = if ci.devices.is_empty() {
                    Some(SlVector::ZERO)
                } else {
                    known.into_iter().reduce(|a, b| a.max(&b))
                }
                .map(|mut v| {
                    for fr in [Fr::Iac, Fr::Si, Fr::Dc] {
                        let weak = ci
                            .channels
                            .iter()
                            .any(|ch| !ch.protocol.and_then(|p| p.native(fr)).unwrap_or(false));
                        if weak {
                            v.set(fr, SecurityLevel::SL0);
                        }
                    }
                    v
                });
                let unknown = ci
                    .devices
                    .iter()
                    .map(|&a| inputs.assets[a as usize])
                    .filter(|a| a.known_sl_c().is_none())
                    .map(|a| a.id.clone())
                    .collect();
                ConduitDelta {
                    id: c.id.clone(),
                    boundary_devices: devices.iter().map(|a| a.id.clone()).collect(),
                    delta: build_delta(
                        model,
                        inputs,
                        El::Conduit(i),
                        c.sl_t,
                        sl_c,
                        unknown,
                        j,
                        &c.not_applicable,
                    ),
                }
            })
            .collect();
        let assets = component_deltas(model, catalog, inputs, &zone_index, &conduit_index);
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

    /// Unmet 4-2 rows over all assets.
    pub fn total_unmet_components(&self) -> usize {
        self.assets.iter().map(|a| a.unmet.len()).sum()
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

/// Every asset of each zone and its subzones (in scope or not), in id order.
fn all_members(model: &Model, zone_index: &IdIndex<ZoneId>) -> Vec<Vec<AssetId>> {
    let n = zone_index.len();
    let mut direct: Vec<Vec<AssetId>> = vec![Vec::new(); n];
    for a in model.assets.values() {
        if let Some(&z) = a.placement.zone().and_then(|z| zone_index.get(z)) {
            direct[z].push(a.id.clone());
        }
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, z) in model.zones.values().enumerate() {
        if let Some(&p) = z.parent.as_ref().and_then(|p| zone_index.get(p))
            && p != i
        {
            children[p].push(i);
        }
    }
    (0..n)
        .map(|i| {
            if children[i].is_empty() {
                return direct[i].clone();
            }
            let mut out = Vec::new();
            let mut stack = vec![i];
            let mut seen = vec![false; n];
            while let Some(z) = stack.pop() {
                if std::mem::replace(&mut seen[z], true) {
                    continue;
                }
                out.extend_from_slice(&direct[z]);
                stack.extend_from_slice(&children[z]);
            }
            out.sort();
            out
        })
        .collect()
}

#[expect(clippy::too_many_arguments, reason = "the parts of one delta")]
fn build_delta(
    model: &Model,
    inputs: &Inputs<'_>,
    el: El,
    sl_t: Option<SlVector>,
    sl_c: Option<SlVector>,
    sl_c_unknown: Vec<AssetId>,
    j: ElementJudgement,
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
    let mut unmet = Vec::new();
    let mut covered = Vec::new();
    let mut not_applicable = Vec::new();
    let mut met = 0;
    let mut last: Option<(Vec<u32>, Arc<[AssetId]>)> = None;
    let none: Arc<[AssetId]> = Arc::from([]);
    for item in j.items {
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
                    NaSource::User(k) => user_na
                        .get(k)
                        .map_or_else(String::new, |na| na.justification.clone()),
                    NaSource::BuiltIn(rule) => inputs
                        .catalog
                        .applicability
                        .get(rule)
                        .map_or_else(String::new, |a| a.reason.clone()),
                    NaSource::Base => format!("its base {} does not apply", r.base_id()),
                },
                built_in: !matches!(src, NaSource::User(_)),
            }),
            Status::Unmet => {
                let culprits = if item.culprits.is_empty() {
                    Arc::clone(&none)
                } else {
                    match &last {
                        Some((k, set)) if *k == item.culprits => Arc::clone(set),
                        _ => {
                            let mut ids: Vec<AssetId> = item
                                .culprits
                                .iter()
                                .map(|&a| inputs.assets[a as usize].id.clone())
                                .collect();
                            ids.sort();
                            let set: Arc<[AssetId]> = Arc::from(ids);
                            last = Some((item.culprits.clone(), Arc::clone(&set)));
                            set
                        }
                    }
                };
                let planned_here: Vec<CountermeasureId> = planned
                    .iter()
                    .copied()
                    .filter(|&k| {
                        let cm = &inputs.cms[k as usize];
                        cm.covers.contains(&r.index)
                    })
                    .map(cm_id)
                    .collect();
                unmet.push(Unmet {
                    requirement: r,
                    culprits,
                    reasons: item.reasons,
                    planned: planned_here,
                });
            }
        }
    }
    let _ = model;
    Delta {
        sl_t: Some(sl_t),
        sl_c,
        sl_a: j.sl_a.and_then(SlVector::from_levels),
        sl_c_unknown,
        unmet,
        covered,
        met,
        not_applicable,
    }
}

/// The 4-2 deltas of every asset.
fn component_deltas(
    model: &Model,
    catalog: &'static Catalog,
    inputs: &Inputs<'_>,
    zone_index: &IdIndex<ZoneId>,
    conduit_index: &IdIndex<ConduitId>,
) -> Vec<AssetDelta> {
    let none: Arc<[&'static ComponentRequirement]> = Arc::from([]);
    let mut memo: HashMap<ComponentKey, Arc<[&'static ComponentRequirement]>, IdHash> =
        HashMap::default();
    // Countermeasures that name 4-2 items, per asset, zone and conduit.
    let mut cr_cms: Vec<(usize, Vec<&'static ComponentRequirement>)> = Vec::new();
    for (k, cm) in inputs.cms.iter().enumerate() {
        if !cm.implemented {
            continue;
        }
        let crs: Vec<&'static ComponentRequirement> = cm
            .cm
            .covers
            .iter()
            .filter_map(|id| catalog.component_requirement(id))
            .filter(|_| cm.cm.covers_technical())
            .collect();
        if !crs.is_empty() {
            cr_cms.push((k, crs));
        }
    }
    model
        .assets
        .values()
        .map(|a| {
            let (target, zone, conduit) = if let Some(z) = a.placement.zone() {
                let t = zone_index
                    .get(z)
                    .and_then(|&i| inputs.zones[i].target)
                    .and_then(SlVector::from_levels);
                (t, Some(z), None)
            } else if let Some(c) = a.placement.conduit() {
                let t = conduit_index
                    .get(c)
                    .and_then(|&i| inputs.conduits[i].target)
                    .and_then(SlVector::from_levels);
                (t, None, Some(c))
            } else {
                (None, None, None)
            };
            let target = target.filter(|_| a.in_scope());
            let Some(t) = target else {
                return AssetDelta {
                    id: a.id.clone(),
                    target: None,
                    in_scope: a.in_scope(),
                    weak_sl_c: false,
                    unmet: Arc::clone(&none),
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
                        .flat_map(|fr| catalog.component_delta(a.class_mask(), fr, cap.get(fr), t.get(fr)))
                        .collect::<Vec<_>>()
                        .into()
                })
                .clone();
            let mut covered = Vec::new();
            let applies: Vec<&(usize, Vec<&'static ComponentRequirement>)> = cr_cms
                .iter()
                .filter(|(k, _)| {
                    let cm = inputs.cms[*k].cm;
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
                        .map(|(k, _)| inputs.cms[*k].cm.id.clone())
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
        })
        .collect()
}
