//! The document: plain data, no egui, no I/O.
//!
//! Every edit goes through a [`Command`] whose `apply` returns its inverse; [`History`] keeps
//! labelled transactions of them for undo/redo. Elements live in `BTreeMap`s keyed by id, so
//! every walk over the model is in id order and everything derived from it is deterministic.

mod approval;
mod asset;
mod command;
mod conduit;
mod countermeasure;
pub mod diff;
mod geometry;
mod history;
mod ids;
mod project;
mod risk;
mod security;
mod service;
mod spec;
mod zone;

use std::collections::{BTreeMap, HashSet};

pub use approval::{
    Approval, ApprovalStatus, Changes, Decision, Revision, fingerprints, fnv1a, latest_approval,
};
pub use asset::{Asset, AssetFlags, ComponentClass, Criticality, Placement, SlcSource};
pub use command::{Command, CommandError, Moved};
pub use conduit::{Channel, Conduit, Direction};
pub use countermeasure::{
    Acceptance, ChannelRef, Countermeasure, CountermeasureKind, CountermeasureStatus,
    NotApplicable, Priority,
};
pub use geometry::{Point, Rect};
pub use history::{History, Transaction};
pub use ids::{AssetId, ConduitId, CountermeasureId, ElementId, ZoneId};
pub use project::{Project, is_iso_date};
pub use risk::{
    Approaches, ConsequenceCategory, Consequences, EXAMPLE_LABEL, RiskAssessment, RiskMatrix,
    SCALE_MAX, SCALE_MIN, SltOrigin, Tailoring, ThreatScenario, ThreatSource,
};
pub use security::{Fr, SecurityLevel, SlVector};
pub use service::{ServiceKind, ServiceProvision};
pub use spec::{
    AccessPoint, AccessPointKind, ProjectSpec, SpecField, Specification, completeness,
    missing_fields,
};
pub use zone::{PurdueLevel, Zone, ZoneKind};

/// A whole zone & conduit model.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Model {
    pub project: Project,
    pub zones: BTreeMap<ZoneId, Zone>,
    pub assets: BTreeMap<AssetId, Asset>,
    pub conduits: BTreeMap<ConduitId, Conduit>,
    pub countermeasures: BTreeMap<CountermeasureId, Countermeasure>,
    /// Accepted findings by finding id.
    pub accepted: BTreeMap<String, Acceptance>,
}

impl Model {
    pub fn zone(&self, id: &str) -> Option<&Zone> {
        self.zones.get(id)
    }

    pub fn asset(&self, id: &str) -> Option<&Asset> {
        self.assets.get(id)
    }

    pub fn conduit(&self, id: &str) -> Option<&Conduit> {
        self.conduits.get(id)
    }

    pub fn countermeasure(&self, id: &str) -> Option<&Countermeasure> {
        self.countermeasures.get(id)
    }

    /// Adds or replaces elements; a convenience for building models in code and tests.
    pub fn insert_zone(&mut self, zone: Zone) {
        self.zones.insert(zone.id.clone(), zone);
    }

    pub fn insert_asset(&mut self, asset: Asset) {
        self.assets.insert(asset.id.clone(), asset);
    }

    pub fn insert_conduit(&mut self, conduit: Conduit) {
        self.conduits.insert(conduit.id.clone(), conduit);
    }

    pub fn insert_countermeasure(&mut self, cm: Countermeasure) {
        self.countermeasures.insert(cm.id.clone(), cm);
    }

    /// Whether any element of any kind has this id (ids are unique across kinds).
    pub fn contains_id(&self, id: &str) -> bool {
        self.zones.contains_key(id)
            || self.assets.contains_key(id)
            || self.conduits.contains_key(id)
            || self.countermeasures.contains_key(id)
    }

    /// The element with this id, of whatever kind.
    pub fn element_id(&self, id: &str) -> Option<ElementId> {
        if let Some((k, _)) = self.zones.get_key_value(id) {
            Some(ElementId::Zone(k.clone()))
        } else if let Some((k, _)) = self.assets.get_key_value(id) {
            Some(ElementId::Asset(k.clone()))
        } else if let Some((k, _)) = self.conduits.get_key_value(id) {
            Some(ElementId::Conduit(k.clone()))
        } else {
            self.countermeasures
                .get_key_value(id)
                .map(|(k, _)| ElementId::Countermeasure(k.clone()))
        }
    }

    /// The display name of any element, or its id when it has none.
    pub fn name_of(&self, id: &str) -> &str {
        if let Some(z) = self.zones.get(id) {
            &z.name
        } else if let Some(a) = self.assets.get(id) {
            &a.name
        } else if let Some(c) = self.conduits.get(id) {
            &c.name
        } else if let Some((k, cm)) = self.countermeasures.get_key_value(id) {
            if cm.name.is_empty() {
                k.as_str()
            } else {
                &cm.name
            }
        } else {
            ""
        }
    }

    /// Removes `zone` with what cannot exist without it: its subzones, the assets placed in
    /// them, the conduits that join them and those conduits' boundary devices. References to
    /// them elsewhere are left to [`Model::drop_dangling_references`].
    pub fn remove_zone_cascade(&mut self, zone: &ZoneId) {
        let zones = self.zone_and_descendants(zone);
        let conduits: Vec<ConduitId> = self
            .conduits
            .values()
            .filter(|c| c.zones.iter().any(|z| zones.contains(z)))
            .map(|c| c.id.clone())
            .collect();
        self.assets.retain(|_, a| {
            let in_zone = a.placement.zone().is_some_and(|z| zones.contains(z));
            let in_conduit = a.placement.conduit().is_some_and(|c| conduits.contains(c));
            !(in_zone || in_conduit)
        });
        for c in &conduits {
            self.conduits.remove(c);
        }
        for z in &zones {
            self.zones.remove(z);
        }
    }

    /// The one place that keeps references whole. Clears every reference to an element that no longer exists: asset placements, zone parents,
    /// channel endpoints, countermeasure scopes. Saved files must load, and loading rejects
    /// dangling references.
    pub fn drop_dangling_references(&mut self) {
        let m = self;
        let zones: HashSet<ZoneId> = m.zones.keys().cloned().collect();
        let conduits: HashSet<ConduitId> = m.conduits.keys().cloned().collect();
        let assets: HashSet<AssetId> = m.assets.keys().cloned().collect();
        for a in m.assets.values_mut() {
            for p in &mut a.provides {
                p.zones.retain(|z| zones.contains(z));
            }
            a.provides.retain(|p| !p.zones.is_empty());
            let gone = match &a.placement {
                Placement::Zone(z) => !zones.contains(z),
                Placement::Conduit(c) => !conduits.contains(c),
                Placement::Unplaced => false,
            };
            if gone {
                a.placement = Placement::Unplaced;
            }
        }
        for z in m.zones.values_mut() {
            if z.parent.as_ref().is_some_and(|p| !zones.contains(p)) {
                z.parent = None;
            }
        }
        let entry_gone = |e: &Option<String>| {
            e.as_deref()
                .is_some_and(|e| !zones.contains(e) && !conduits.contains(e))
        };
        for z in m.zones.values_mut() {
            for s in &mut z.risk.scenarios {
                if entry_gone(&s.entry) {
                    s.entry = None;
                }
            }
        }
        for c in m.conduits.values_mut() {
            for s in &mut c.risk.scenarios {
                if entry_gone(&s.entry) {
                    s.entry = None;
                }
            }
            c.retain_zones(|z| zones.contains(z));
            for ch in &mut c.channels {
                if ch.source.as_ref().is_some_and(|s| !assets.contains(s)) {
                    ch.source = None;
                }
                if ch.destination.as_ref().is_some_and(|s| !assets.contains(s)) {
                    ch.destination = None;
                }
            }
        }
        let m_channels: HashSet<(ConduitId, String)> = m
            .conduits
            .values()
            .flat_map(|c| c.channels.iter().map(|ch| (c.id.clone(), ch.name.clone())))
            .collect();
        for cm in m.countermeasures.values_mut() {
            cm.zones.retain(|z| zones.contains(z));
            cm.conduits.retain(|c| conduits.contains(c));
            cm.assets.retain(|a| assets.contains(a));
            let named =
                |r: &ChannelRef| m_channels.contains(&(r.conduit.clone(), r.channel.clone()));
            cm.channels.retain(named);
        }
    }

    /// A fresh id `PREFIX-N` (N counting from 1) that no element uses yet.
    pub fn fresh_id(&self, prefix: &str) -> String {
        self.fresh_id_besides(prefix, &std::collections::HashSet::new())
    }

    /// A fresh id `PREFIX-N` that no element uses and that is not in `taken` (ids handed out
    /// for elements not yet added, as in a paste).
    pub fn fresh_id_besides(
        &self,
        prefix: &str,
        taken: &std::collections::HashSet<String>,
    ) -> String {
        (1..)
            .map(|n| format!("{prefix}-{n}"))
            .find(|id| !self.contains_id(id) && !taken.contains(id))
            .unwrap_or_else(|| format!("{prefix}-x"))
    }

    /// Direct subzones of `zone`, in id order.
    pub fn subzones<'a>(&'a self, zone: &'a ZoneId) -> impl Iterator<Item = &'a Zone> + 'a {
        self.zones
            .values()
            .filter(move |z| z.parent.as_ref() == Some(zone))
    }

    /// `zone` and all zones nested in it, depth first, in id order at each level.
    pub fn zone_and_descendants(&self, zone: &ZoneId) -> Vec<ZoneId> {
        let mut out = vec![zone.clone()];
        let mut i = 0;
        while i < out.len() {
            let cur = out[i].clone();
            for z in self.subzones(&cur) {
                // A parent cycle in a hand-edited file must not loop forever.
                if !out.contains(&z.id) {
                    out.push(z.id.clone());
                }
            }
            i += 1;
        }
        out
    }

    /// Assets placed directly in `zone` (not in its subzones).
    pub fn assets_in_zone<'a>(&'a self, zone: &'a ZoneId) -> impl Iterator<Item = &'a Asset> + 'a {
        self.assets
            .values()
            .filter(move |a| a.placement.zone() == Some(zone))
    }

    /// The boundary devices of a conduit: the assets placed in it.
    pub fn boundary_devices<'a>(
        &'a self,
        conduit: &'a ConduitId,
    ) -> impl Iterator<Item = &'a Asset> + 'a {
        self.assets
            .values()
            .filter(move |a| a.placement.conduit() == Some(conduit))
    }

    /// The internal zones with an SL-T that `conduit` joins, each once, in the conduit's order:
    /// the zones a conduit's SL-T is measured against (external zones set nothing).
    pub fn assessed_zones_of<'a>(&'a self, conduit: &'a Conduit) -> Vec<&'a Zone> {
        let mut out: Vec<&Zone> = Vec::with_capacity(conduit.zones.len());
        for z in conduit.zones.iter().filter_map(|z| self.zones.get(z)) {
            if !z.is_external() && z.sl_t.is_some() && !out.iter().any(|o| o.id == z.id) {
                out.push(z);
            }
        }
        out
    }

    /// Per FR, the highest SL-T of the internal zones `conduit` joins.
    pub fn highest_zone_sl_t(&self, conduit: &Conduit) -> Option<SlVector> {
        self.assessed_zones_of(conduit)
            .iter()
            .filter_map(|z| z.sl_t)
            .reduce(|a, b| a.max(&b))
    }

    /// Conduits that join `zone`.
    pub fn conduits_of_zone<'a>(
        &'a self,
        zone: &'a ZoneId,
    ) -> impl Iterator<Item = &'a Conduit> + 'a {
        self.conduits
            .values()
            .filter(move |c| c.zones.contains(zone))
    }

    /// Ancestors of a zone, nearest first. Stops at a cycle.
    pub fn ancestors(&self, zone: &ZoneId) -> Vec<ZoneId> {
        let mut out: Vec<ZoneId> = Vec::new();
        let mut cur = self.zones.get(zone).and_then(|z| z.parent.clone());
        while let Some(p) = cur {
            if &p == zone || out.contains(&p) {
                break;
            }
            cur = self.zones.get(&p).and_then(|z| z.parent.clone());
            out.push(p);
        }
        out
    }

    /// The bounding box of everything drawn, or `None` for an empty model.
    pub fn bounds(&self) -> Option<Rect> {
        let zones = self.zones.values().map(|z| z.rect);
        let assets = self
            .assets
            .values()
            .map(|a| Rect::new(a.pos.x, a.pos.y, 0.0, 0.0));
        zones.chain(assets).reduce(|a, b| a.union(&b))
    }
}
