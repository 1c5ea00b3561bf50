//! SL-C per zone and conduit, and the requirement deltas against SL-T.
//!
//! Heuristic of this tool (see [`super::SLC_HEURISTIC`]): a zone's SL-C per FR is the minimum
//! SL-C of every asset in it, subzones included; a conduit's is the minimum over its boundary
//! devices. The delta of a zone is every 3-3 item r on FR f with `SL-C[f] < level(r) <= SL-T[f]`.
//! An implemented countermeasure that applies to the element and names the item moves it from
//! unmet to covered; a planned one is listed beside the unmet item.

use std::collections::HashMap;
use std::sync::Arc;

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
    pub unmet: Vec<&'static ComponentRequirement>,
}

/// All deltas of a model, each list in id order.
#[derive(Clone, Debug, Default)]
pub struct Deltas {
    pub zones: Vec<ZoneDelta>,
    pub conduits: Vec<ConduitDelta>,
    pub assets: Vec<AssetDelta>,
    zone_index: HashMap<ZoneId, usize>,
    conduit_index: HashMap<ConduitId, usize>,
    asset_index: HashMap<AssetId, usize>,
}

impl Deltas {
    pub fn compute(model: &Model, catalog: &'static Catalog) -> Self {
        let zone_ids: Vec<&ZoneId> = model.zones.keys().collect();
        let zone_index: HashMap<ZoneId, usize> = zone_ids
            .iter()
            .enumerate()
            .map(|(i, z)| ((*z).clone(), i))
            .collect();
        let conduit_index: HashMap<ConduitId, usize> = model
            .conduits
            .keys()
            .enumerate()
            .map(|(i, c)| (c.clone(), i))
            .collect();

        // Direct members per zone and conduit, in asset id order.
        let mut direct: Vec<Vec<&Asset>> = vec![Vec::new(); zone_ids.len()];
        let mut devices: Vec<Vec<&Asset>> = vec![Vec::new(); conduit_index.len()];
        for a in model.assets.values() {
            if let Some(z) = a.placement.zone().and_then(|z| zone_index.get(z)) {
                direct[*z].push(a);
            } else if let Some(c) = a.placement.conduit().and_then(|c| conduit_index.get(c)) {
                devices[*c].push(a);
            }
        }
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); zone_ids.len()];
        for (i, z) in model.zones.values().enumerate() {
            if let Some(p) = z.parent.as_ref().and_then(|p| zone_index.get(p))
                && *p != i
            {
                children[*p].push(i);
            }
        }

        let cms = Countermeasures::index(model);
        let zones = model
            .zones
            .values()
            .enumerate()
            .map(|(i, zone)| {
                let members = nested_members(i, &direct, &children);
                let sl_t = if zone.is_external() { None } else { zone.sl_t };
                let delta = delta_for(catalog, sl_t, &members, cms.for_zone(&zone.id));
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
            .zip(&devices)
            .map(|(c, devs)| ConduitDelta {
                id: c.id.clone(),
                boundary_devices: devs.iter().map(|a| a.id.clone()).collect(),
                delta: delta_for(catalog, c.sl_t, devs, cms.for_conduit(&c.id)),
            })
            .collect();
        let assets = model
            .assets
            .values()
            .map(|a| {
                let target = if let Some(z) = a.placement.zone() {
                    model
                        .zones
                        .get(z)
                        .filter(|z| !z.is_external())
                        .and_then(|z| z.sl_t)
                } else if let Some(c) = a.placement.conduit() {
                    model.conduits.get(c).and_then(|c| c.sl_t)
                } else {
                    None
                };
                AssetDelta {
                    id: a.id.clone(),
                    target,
                    unmet: target.map_or_else(Vec::new, |t| component_delta(catalog, a, &t)),
                }
            })
            .collect();
        let asset_index = model
            .assets
            .keys()
            .enumerate()
            .map(|(i, a)| (a.clone(), i))
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

/// The assets of zone `i` and of all zones nested in it, in id order.
fn nested_members<'a>(
    i: usize,
    direct: &[Vec<&'a Asset>],
    children: &[Vec<usize>],
) -> Vec<&'a Asset> {
    if children[i].is_empty() {
        return direct[i].clone();
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
    out
}

/// Implemented and planned countermeasures per zone and conduit, with the ids they cover.
struct Countermeasures<'a> {
    zones: HashMap<&'a ZoneId, Vec<CmEntry<'a>>>,
    conduits: HashMap<&'a ConduitId, Vec<CmEntry<'a>>>,
}

/// A countermeasure's id, whether it is implemented, and the requirement ids it covers.
type CmEntry<'a> = (&'a CountermeasureId, bool, &'a [String]);
type CmList<'a> = [CmEntry<'a>];

impl<'a> Countermeasures<'a> {
    fn index(model: &'a Model) -> Self {
        let mut zones: HashMap<&ZoneId, Vec<_>> = HashMap::new();
        let mut conduits: HashMap<&ConduitId, Vec<_>> = HashMap::new();
        for cm in model.countermeasures.values() {
            let entry = (&cm.id, cm.is_implemented(), cm.covers.as_slice());
            for z in &cm.zones {
                zones.entry(z).or_default().push(entry);
            }
            for c in &cm.conduits {
                conduits.entry(c).or_default().push(entry);
            }
        }
        Self { zones, conduits }
    }

    fn for_zone(&self, id: &ZoneId) -> &CmList<'a> {
        self.zones.get(id).map_or(&[], Vec::as_slice)
    }

    fn for_conduit(&self, id: &ConduitId) -> &CmList<'a> {
        self.conduits.get(id).map_or(&[], Vec::as_slice)
    }
}

/// The delta of one zone or conduit whose members (assets or boundary devices) are `members`.
fn delta_for(
    catalog: &'static Catalog,
    sl_t: Option<SlVector>,
    members: &[&Asset],
    cms: &CmList<'_>,
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
    let mut unmet = Vec::new();
    let mut covered = Vec::new();
    for fr in Fr::ALL {
        let (cap, tgt) = (sl_c.get(fr), target.get(fr));
        if cap >= tgt {
            continue;
        }
        // Culprits depend only on (FR, level): compute each set once.
        let mut culprits: [Option<Arc<[AssetId]>>; 5] = Default::default();
        for r in catalog.system_delta(fr, cap, tgt) {
            let by: Vec<CountermeasureId> = cms
                .iter()
                .filter(|(_, implemented, covers)| *implemented && covers.contains(&r.id))
                .map(|(id, _, _)| (*id).clone())
                .collect();
            if !by.is_empty() {
                covered.push(Covered { requirement: r, by });
                continue;
            }
            let level = r.level;
            let set = culprits[usize::from(level.get())]
                .get_or_insert_with(|| culprits_below(members, fr, level))
                .clone();
            let planned = cms
                .iter()
                .filter(|(_, implemented, covers)| !*implemented && covers.contains(&r.id))
                .map(|(id, _, _)| (*id).clone())
                .collect();
            unmet.push(Unmet {
                requirement: r,
                culprits: set,
                planned,
            });
        }
    }
    Delta {
        sl_t: Some(target),
        sl_c,
        unmet,
        covered,
    }
}

fn culprits_below(members: &[&Asset], fr: Fr, level: SecurityLevel) -> Arc<[AssetId]> {
    members
        .iter()
        .filter(|a| a.sl_c.get(fr) < level)
        .map(|a| a.id.clone())
        .collect()
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
