//! Edits as data. `apply` changes the model and returns the command that undoes it, so undo,
//! redo and transactions need no per-edit code.

use std::collections::BTreeSet;

use thiserror::Error;

use super::{
    Acceptance, Asset, AssetId, Conduit, ConduitId, Countermeasure, CountermeasureId, ElementId,
    Model, Project, Zone, ZoneId,
};

#[derive(Clone, PartialEq, Debug)]
pub enum Command {
    SetProject(Project),
    /// Insert or replace a zone.
    PutZone(Zone),
    RemoveZone(ZoneId),
    PutAsset(Asset),
    RemoveAsset(AssetId),
    PutConduit(Conduit),
    RemoveConduit(ConduitId),
    PutCountermeasure(Countermeasure),
    RemoveCountermeasure(CountermeasureId),
    /// Accept a finding (`Some`) or take the acceptance back (`None`).
    SetAcceptance {
        finding: String,
        acceptance: Option<Acceptance>,
    },
    /// Move zone rectangles, asset positions and conduit route points by one offset: a drag.
    Translate {
        zones: Vec<ZoneId>,
        assets: Vec<AssetId>,
        conduits: Vec<ConduitId>,
        dx: f32,
        dy: f32,
    },
    /// Several commands as one step; applied in order, undone in reverse.
    Batch(Vec<Command>),
}

#[derive(Clone, PartialEq, Eq, Debug, Error)]
pub enum CommandError {
    #[error("there is no element with id `{0}`")]
    Missing(String),
}

impl Command {
    /// Applies the command and returns its inverse. On error the model is unchanged.
    pub fn apply(self, model: &mut Model) -> Result<Self, CommandError> {
        Ok(match self {
            Self::SetProject(p) => Self::SetProject(std::mem::replace(&mut model.project, p)),
            Self::PutZone(z) => {
                let id = z.id.clone();
                match model.zones.insert(id.clone(), z) {
                    Some(old) => Self::PutZone(old),
                    None => Self::RemoveZone(id),
                }
            }
            Self::RemoveZone(id) => Self::PutZone(
                model
                    .zones
                    .remove(&id)
                    .ok_or_else(|| CommandError::Missing(id.to_string()))?,
            ),
            Self::PutAsset(a) => {
                let id = a.id.clone();
                match model.assets.insert(id.clone(), a) {
                    Some(old) => Self::PutAsset(old),
                    None => Self::RemoveAsset(id),
                }
            }
            Self::RemoveAsset(id) => Self::PutAsset(
                model
                    .assets
                    .remove(&id)
                    .ok_or_else(|| CommandError::Missing(id.to_string()))?,
            ),
            Self::PutConduit(c) => {
                let id = c.id.clone();
                match model.conduits.insert(id.clone(), c) {
                    Some(old) => Self::PutConduit(old),
                    None => Self::RemoveConduit(id),
                }
            }
            Self::RemoveConduit(id) => Self::PutConduit(
                model
                    .conduits
                    .remove(&id)
                    .ok_or_else(|| CommandError::Missing(id.to_string()))?,
            ),
            Self::PutCountermeasure(c) => {
                let id = c.id.clone();
                match model.countermeasures.insert(id.clone(), c) {
                    Some(old) => Self::PutCountermeasure(old),
                    None => Self::RemoveCountermeasure(id),
                }
            }
            Self::RemoveCountermeasure(id) => Self::PutCountermeasure(
                model
                    .countermeasures
                    .remove(&id)
                    .ok_or_else(|| CommandError::Missing(id.to_string()))?,
            ),
            Self::SetAcceptance {
                finding,
                acceptance,
            } => {
                let old = match acceptance {
                    Some(a) => model.accepted.insert(finding.clone(), a),
                    None => model.accepted.remove(&finding),
                };
                Self::SetAcceptance {
                    finding,
                    acceptance: old,
                }
            }
            Self::Translate {
                zones,
                assets,
                conduits,
                dx,
                dy,
            } => {
                // Check first so that a failed move changes nothing.
                if let Some(id) = zones.iter().find(|id| !model.zones.contains_key(*id)) {
                    return Err(CommandError::Missing(id.to_string()));
                }
                if let Some(id) = assets.iter().find(|id| !model.assets.contains_key(*id)) {
                    return Err(CommandError::Missing(id.to_string()));
                }
                if let Some(id) = conduits.iter().find(|id| !model.conduits.contains_key(*id)) {
                    return Err(CommandError::Missing(id.to_string()));
                }
                for id in &zones {
                    if let Some(z) = model.zones.get_mut(id) {
                        z.rect = z.rect.translate(dx, dy);
                    }
                }
                for id in &assets {
                    if let Some(a) = model.assets.get_mut(id) {
                        a.pos = a.pos.offset(dx, dy);
                    }
                }
                for id in &conduits {
                    if let Some(c) = model.conduits.get_mut(id) {
                        for p in &mut c.route {
                            *p = p.offset(dx, dy);
                        }
                    }
                }
                Self::Translate {
                    zones,
                    assets,
                    conduits,
                    dx: -dx,
                    dy: -dy,
                }
            }
            Self::Batch(cmds) => {
                let mut inverses = Vec::with_capacity(cmds.len());
                for cmd in cmds {
                    match cmd.apply(model) {
                        Ok(inv) => inverses.push(inv),
                        Err(e) => {
                            // Roll back what was applied so the model is unchanged.
                            for inv in inverses.into_iter().rev() {
                                let _undone = inv.apply(model);
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Self::Batch(inverses)
            }
        })
    }

    /// A batch that deletes a zone with everything that depends on it: its subzones (deepest
    /// first), the assets placed in them, the conduits that join them and the boundary devices
    /// of those conduits. Countermeasures and channels that name the zone are updated. Undoing
    /// the batch restores all of it.
    pub fn delete_zone_cascade(model: &Model, zone: &ZoneId) -> Self {
        // What goes, then what is left with its references repaired in the one place that does
        // it (`Model::drop_dangling_references`): the commands are the difference.
        let zones = model.zone_and_descendants(zone);
        let mut after = model.clone();
        after.remove_zone_cascade(zone);
        after.drop_dangling_references();
        let mut cmds = Vec::new();
        for a in model.assets.values() {
            match after.assets.get(&a.id) {
                None => cmds.push(Self::RemoveAsset(a.id.clone())),
                Some(n) if n != a => cmds.push(Self::PutAsset(n.clone())),
                Some(_) => {}
            }
        }
        for c in model.conduits.values() {
            match after.conduits.get(&c.id) {
                None => cmds.push(Self::RemoveConduit(c.id.clone())),
                Some(n) if n != c => cmds.push(Self::PutConduit(n.clone())),
                Some(_) => {}
            }
        }
        for cm in model.countermeasures.values() {
            if let Some(n) = after.countermeasures.get(&cm.id)
                && n != cm
            {
                cmds.push(Self::PutCountermeasure(n.clone()));
            }
        }
        for z in zones.iter().rev() {
            cmds.push(Self::RemoveZone(z.clone()));
        }
        Self::Batch(cmds)
    }

    /// Whether this command changes nothing (an empty batch, a zero move).
    pub fn is_noop(&self) -> bool {
        match self {
            Self::Batch(c) => c.iter().all(Self::is_noop),
            Self::Translate {
                zones,
                assets,
                conduits,
                dx,
                dy,
            } => {
                (zones.is_empty() && assets.is_empty() && conduits.is_empty())
                    || (*dx == 0.0 && *dy == 0.0)
            }
            _ => false,
        }
    }
}

/// The elements a change only moved: zone rectangles, asset positions, conduit routes. The
/// analysis reads none of these, so after such a change it still holds and only these
/// elements' drawing changes (see `diagram::Index::patch`).
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Moved {
    pub zones: BTreeSet<ZoneId>,
    pub assets: BTreeSet<AssetId>,
    pub conduits: BTreeSet<ConduitId>,
    /// In a log of in-place edits (see [`Moved::record_edit`]): elements whose analysis an
    /// edit may change without changing them, the zones an edited asset served before the
    /// edit and the zones, conduits and assets a changed countermeasure applies to, before
    /// or after. `Deltas::update` judges them again.
    pub reached: BTreeSet<ElementId>,
    /// In a log of in-place edits: the project changed (some rules read its risk matrix,
    /// specification defaults and approvals).
    pub project: bool,
}

impl Moved {
    /// Adds what a command moved, given the `inverse` its `apply` returned and the model it
    /// was applied to. Returns false, adding nothing more, when the command changed anything
    /// but geometry (or added or removed an element).
    pub fn record(&mut self, inverse: &Command, model: &Model) -> bool {
        match inverse {
            Command::Translate {
                zones,
                assets,
                conduits,
                ..
            } => {
                self.zones.extend(zones.iter().cloned());
                self.assets.extend(assets.iter().cloned());
                self.conduits.extend(conduits.iter().cloned());
                true
            }
            Command::Batch(cmds) => cmds.iter().all(|c| self.record(c, model)),
            Command::PutZone(old) => {
                let new = model.zones.get(&old.id);
                moved_only(old, new, |o, n| o.rect = n.rect, &mut self.zones, &old.id)
            }
            Command::PutAsset(old) => {
                let new = model.assets.get(&old.id);
                moved_only(old, new, |o, n| o.pos = n.pos, &mut self.assets, &old.id)
            }
            Command::PutConduit(old) => {
                let new = model.conduits.get(&old.id);
                let route = |o: &mut Conduit, n: &Conduit| {
                    o.route.clone_from(&n.route);
                    o.legs.clone_from(&n.legs);
                };
                moved_only(old, new, route, &mut self.conduits, &old.id)
            }
            _ => false,
        }
    }
}

impl Moved {
    /// Like [`Moved::record`], for a log of edits that change elements in place: adds every
    /// zone, asset and conduit the command changed in any way (moves included). Returns
    /// false when it changed the model's structure: added or removed an element, gave a zone
    /// another parent, placed an asset elsewhere, or joined a conduit to other zones. Changes
    /// to the project, countermeasures and acceptances touch no element (the analysis
    /// follows them; see `diagram::Index::patch_edits`).
    pub fn record_edit(&mut self, inverse: &Command, model: &Model) -> bool {
        match inverse {
            Command::Translate { .. } => self.record(inverse, model),
            Command::Batch(cmds) => cmds.iter().all(|c| self.record_edit(c, model)),
            Command::PutZone(old) => match model.zones.get(&old.id) {
                Some(new) if new.parent == old.parent => {
                    self.zones.insert(old.id.clone());
                    true
                }
                _ => false,
            },
            Command::PutAsset(old) => match model.assets.get(&old.id) {
                Some(new) if new.placement == old.placement => {
                    self.assets.insert(old.id.clone());
                    // The zones it served keep its service no more, or anew.
                    let served = old.provides.iter().flat_map(|p| &p.zones);
                    self.reached
                        .extend(served.map(|z| ElementId::Zone(z.clone())));
                    true
                }
                _ => false,
            },
            Command::PutConduit(old) => match model.conduits.get(&old.id) {
                Some(new) if new.zones == old.zones => {
                    self.conduits.insert(old.id.clone());
                    true
                }
                _ => false,
            },
            Command::PutCountermeasure(old) => {
                self.reach_countermeasure(Some(old));
                self.reach_countermeasure(model.countermeasures.get(&old.id));
                true
            }
            Command::RemoveCountermeasure(id) => {
                self.reach_countermeasure(model.countermeasures.get(id));
                true
            }
            Command::SetProject(_) => {
                self.project = true;
                true
            }
            Command::SetAcceptance { .. } => true,
            Command::RemoveZone(_) | Command::RemoveAsset(_) | Command::RemoveConduit(_) => false,
        }
    }
}

impl Moved {
    /// Adds the elements countermeasure `cm` applies to to [`Moved::reached`].
    fn reach_countermeasure(&mut self, cm: Option<&Countermeasure>) {
        let Some(cm) = cm else { return };
        let zones = cm.zones.iter().cloned().map(ElementId::Zone);
        let conduits = (cm.conduits.iter())
            .chain(cm.channels.iter().map(|r| &r.conduit))
            .cloned()
            .map(ElementId::Conduit);
        let assets = cm.assets.iter().cloned().map(ElementId::Asset);
        self.reached.extend(zones.chain(conduits).chain(assets));
    }
}

/// Whether an element replaced `old` by `new` and only moved it: equal once `geometry`
/// copies the new geometry into the old; then `id` joins `into`.
fn moved_only<T: Clone + PartialEq, I: Ord + Clone>(
    old: &T,
    new: Option<&T>,
    geometry: impl FnOnce(&mut T, &T),
    into: &mut BTreeSet<I>,
    id: &I,
) -> bool {
    let Some(new) = new else { return false };
    let mut moved = old.clone();
    geometry(&mut moved, new);
    let only = moved == *new;
    if only {
        into.insert(id.clone());
    }
    only
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        AssetFlags, Channel, CountermeasureKind, CountermeasureStatus, Placement, Point, Rect,
        SlVector, ZoneKind,
    };

    #[test]
    fn zone_cascade_leaves_no_dangling_reference_anywhere() {
        // Z-A holds an asset that is a channel end on a conduit between two other zones.
        let mut m = Model::default();
        for (id, x) in [("Z-A", 0.0), ("Z-B", 200.0), ("Z-C", 400.0)] {
            m.insert_zone(Zone::new(
                id,
                id,
                ZoneKind::Control,
                Rect::new(x, 0.0, 100.0, 100.0),
            ));
        }
        let mut a = crate::model::Asset::new("A-1", "HMI", "hmi", Point::new(10.0, 10.0));
        a.placement = Placement::Zone("Z-A".into());
        m.insert_asset(a);
        let mut c = Conduit::new("C-1", "B-C", vec!["Z-B".into(), "Z-C".into()]);
        let mut ch = Channel::new("modbus_tcp", "polling");
        ch.source = Some("A-1".into());
        c.channels.push(ch);
        m.insert_conduit(c);
        let mut after = m.clone();
        Command::delete_zone_cascade(&m, &"Z-A".into())
            .apply(&mut after)
            .unwrap();
        assert!(!after.assets.contains_key("A-1"));
        assert_eq!(after.conduits["C-1"].channels[0].source, None);
        let mut repaired = after.clone();
        repaired.drop_dangling_references();
        assert_eq!(repaired, after, "nothing left to repair");
    }

    fn sample() -> Model {
        let mut m = Model::default();
        m.project.name = "Test".into();
        let mut a = Zone::new(
            "Z-A",
            "A",
            ZoneKind::Control,
            Rect::new(0.0, 0.0, 100.0, 100.0),
        );
        a.sl_t = SlVector::from_levels([2, 2, 2, 1, 2, 1, 2]);
        m.insert_zone(a);
        let mut sub = Zone::new(
            "Z-S",
            "Sub",
            ZoneKind::Control,
            Rect::new(10.0, 10.0, 40.0, 40.0),
        );
        sub.parent = Some("Z-A".into());
        m.insert_zone(sub);
        m.insert_zone(Zone::new(
            "Z-B",
            "B",
            ZoneKind::Dmz,
            Rect::new(200.0, 0.0, 100.0, 100.0),
        ));
        let mut plc = Asset::new("A-1", "PLC", "plc", Point::new(20.0, 20.0));
        plc.placement = Placement::Zone("Z-S".into());
        m.insert_asset(plc);
        let mut fw = Asset::new("A-2", "FW", "firewall", Point::new(150.0, 50.0));
        fw.placement = Placement::Conduit("C-1".into());
        m.insert_asset(fw);
        let mut c = Conduit::new("C-1", "A-B", vec!["Z-A".into(), "Z-B".into()]);
        c.channels.push(Channel::new("https", "reports"));
        c.route.push(Point::new(150.0, 20.0));
        m.insert_conduit(c);
        m.insert_countermeasure(Countermeasure {
            id: "CM-1".into(),
            name: "Allow-list".into(),
            kind: CountermeasureKind::Technical,
            status: CountermeasureStatus::Implemented,
            covers: vec!["SR 3.1".into()],
            zones: vec!["Z-S".into()],
            conduits: vec!["C-1".into()],
            assets: vec![],
            channels: vec![],
            justification: String::new(),
            owner: String::new(),
            priority: None,
            due: String::new(),
        });
        m
    }

    /// Apply, then apply the inverse: the model must be back where it started, and applying
    /// the inverse of the inverse must redo the change.
    fn round_trip(cmd: Command) {
        let original = sample();
        let mut m = original.clone();
        let inverse = cmd.clone().apply(&mut m).expect("command applies");
        let changed = m.clone();
        let redo = inverse.apply(&mut m).expect("inverse applies");
        assert_eq!(m, original, "inverse of {cmd:?} did not restore the model");
        redo.apply(&mut m).expect("redo applies");
        assert_eq!(m, changed, "redo of {cmd:?} did not give the changed model");
    }

    #[test]
    fn every_command_round_trips() {
        let m = sample();
        let mut zone = m.zones["Z-B"].clone();
        zone.name = "Renamed".into();
        let mut asset = m.assets["A-1"].clone();
        asset.flags = AssetFlags {
            wireless: true,
            ..AssetFlags::default()
        };
        let mut conduit = m.conduits["C-1"].clone();
        conduit.sl_t = Some(SlVector::uniform(crate::model::SecurityLevel::SL3));
        let mut cm = m.countermeasures["CM-1"].clone();
        cm.status = CountermeasureStatus::Planned;
        let mut project = m.project.clone();
        project.revision = "B".into();
        let cmds = vec![
            Command::SetProject(project),
            Command::PutZone(zone),
            Command::PutZone(Zone::new("Z-N", "New", ZoneKind::Field, Rect::default())),
            Command::RemoveZone("Z-B".into()),
            Command::PutAsset(asset),
            Command::PutAsset(Asset::new("A-9", "New", "hmi_panel", Point::default())),
            Command::RemoveAsset("A-2".into()),
            Command::PutConduit(conduit),
            Command::RemoveConduit("C-1".into()),
            Command::PutCountermeasure(cm),
            Command::RemoveCountermeasure("CM-1".into()),
            Command::SetAcceptance {
                finding: "empty-zone@Z-B".into(),
                acceptance: Some(Acceptance {
                    finding: "empty-zone@Z-B".into(),
                    justification: "placeholder for phase 2".into(),
                    by: "AB".into(),
                    date: "2026-11-26".into(),
                }),
            },
            Command::Translate {
                zones: vec!["Z-A".into(), "Z-S".into()],
                assets: vec!["A-1".into()],
                conduits: vec!["C-1".into()],
                dx: 12.5,
                dy: -4.0,
            },
            Command::Batch(vec![
                Command::RemoveAsset("A-1".into()),
                Command::RemoveZone("Z-S".into()),
            ]),
            Command::delete_zone_cascade(&m, &"Z-A".into()),
        ];
        for cmd in cmds {
            round_trip(cmd);
        }
    }

    #[test]
    fn accept_then_revoke_round_trips() {
        let mut m = sample();
        m.accepted.insert(
            "x@Z-A".into(),
            Acceptance {
                finding: "x@Z-A".into(),
                justification: "j".into(),
                ..Acceptance::default()
            },
        );
        let before = m.clone();
        let inv = Command::SetAcceptance {
            finding: "x@Z-A".into(),
            acceptance: None,
        }
        .apply(&mut m)
        .unwrap();
        assert!(m.accepted.is_empty());
        inv.apply(&mut m).unwrap();
        assert_eq!(m, before);
    }

    #[test]
    fn cascade_removes_dependents() {
        let mut m = sample();
        Command::delete_zone_cascade(&m, &"Z-A".into())
            .apply(&mut m)
            .unwrap();
        assert!(m.zones.keys().eq(["Z-B"]));
        assert!(
            m.assets.is_empty(),
            "asset in subzone and boundary device go"
        );
        assert!(m.conduits.is_empty());
        let cm = &m.countermeasures["CM-1"];
        assert!(cm.zones.is_empty() && cm.conduits.is_empty());
    }

    #[test]
    fn failed_batch_leaves_model_unchanged() {
        let mut m = sample();
        let before = m.clone();
        let err = Command::Batch(vec![
            Command::RemoveAsset("A-1".into()),
            Command::RemoveZone("Z-nope".into()),
        ])
        .apply(&mut m)
        .unwrap_err();
        assert_eq!(err, CommandError::Missing("Z-nope".into()));
        assert_eq!(m, before);
        let err = Command::Translate {
            zones: vec!["Z-A".into()],
            assets: vec!["A-nope".into()],
            conduits: vec![],
            dx: 1.0,
            dy: 1.0,
        }
        .apply(&mut m)
        .unwrap_err();
        assert_eq!(err, CommandError::Missing("A-nope".into()));
        assert_eq!(m, before);
    }
}
