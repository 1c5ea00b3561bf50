//! Revisions and the asset owner's approval (IEC 62443-3-2 ZCR 7).
//!
//! An approval keeps a fingerprint of every element it approved. A later change to one of them
//! (anything but its place on the canvas), a removed element or a new zone or conduit makes the
//! approval outdated: what was approved is no longer what the model says.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Model;

/// One entry of the revision history.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub revision: String,
    /// ISO date, `2026-11-30`.
    pub date: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize,
)]
pub enum Decision {
    #[default]
    Approved,
    ApprovedWithConditions,
    Rejected,
}

impl Decision {
    pub const ALL: [Self; 3] = [Self::Approved, Self::ApprovedWithConditions, Self::Rejected];

    pub fn label(self) -> &'static str {
        match self {
            Self::Approved => "Approved",
            Self::ApprovedWithConditions => "Approved with conditions",
            Self::Rejected => "Rejected",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Approved => "approved",
            Self::ApprovedWithConditions => "approved_with_conditions",
            Self::Rejected => "rejected",
        }
    }
}

/// One approval record (ZCR 7.1).
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub approver: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organisation: String,
    /// ISO date of the decision.
    pub date: String,
    /// The revision approved.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub revision: String,
    pub decision: Decision,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub conditions: String,
    /// Residual risks accepted with the approval: finding ids (`rule@element`) or element ids
    /// of open items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted_risks: Vec<String>,
    /// What calls for a new review, e.g. "any new conduit to the SIS".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub review_triggers: Vec<String>,
    /// Fingerprint of every approved element by id (see [`fingerprints`]).
    #[serde(default)]
    pub baseline: BTreeMap<String, String>,
}

/// What changed since an approval, by element id, in id order.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Changes {
    pub changed: Vec<String>,
    pub removed: Vec<String>,
    pub added: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty() && self.added.is_empty()
    }

    /// Every id, in id order.
    pub fn all(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .changed
            .iter()
            .chain(&self.removed)
            .chain(&self.added)
            .map(String::as_str)
            .collect();
        v.sort_unstable();
        v
    }
}

impl Approval {
    /// What differs between the model and this approval's baseline.
    pub fn changes(&self, model: &Model) -> Changes {
        let now = fingerprints(model);
        let mut out = Changes::default();
        for (id, print) in &self.baseline {
            match now.get(id) {
                None => out.removed.push(id.clone()),
                Some(p) if p != print => out.changed.push(id.clone()),
                Some(_) => {}
            }
        }
        out.added = now
            .keys()
            .filter(|id| !self.baseline.contains_key(*id))
            .cloned()
            .collect();
        out
    }
}

/// The state of the project's approval: its latest record against the model. Working it out
/// fingerprints every element, so `Analysis::run` does it once and everything else reads
/// `Analysis::approval`.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub enum ApprovalStatus {
    /// No approval record.
    #[default]
    None,
    /// The latest record approves (with or without conditions) and nothing changed since.
    Approved,
    /// The latest record rejects.
    Rejected,
    /// The latest record approved, but approved elements changed since.
    Outdated(Changes),
}

impl ApprovalStatus {
    pub fn key(&self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Outdated(_) => "outdated",
        }
    }

    /// The status and the record it comes from (the last by date, then by position).
    pub fn of(model: &Model) -> (Self, Option<&Approval>) {
        let Some(latest) = latest_approval(model) else {
            return (Self::None, None);
        };
        let status = match latest.decision {
            Decision::Rejected => Self::Rejected,
            Decision::Approved | Decision::ApprovedWithConditions => {
                let changes = latest.changes(model);
                if changes.is_empty() {
                    Self::Approved
                } else {
                    Self::Outdated(changes)
                }
            }
        };
        (status, Some(latest))
    }
}

/// The latest approval record: the last by date, the later in the list among equal dates.
pub fn latest_approval(model: &Model) -> Option<&Approval> {
    model
        .project
        .approvals
        .iter()
        .enumerate()
        .max_by(|(i, a), (j, b)| a.date.cmp(&b.date).then(i.cmp(j)))
        .map(|(_, a)| a)
}

/// FNV-1a, 64 bits: a stable hash for fingerprints and content ids (the same on every machine
/// and in every release, unlike `std`'s hashers).
pub fn fnv1a(bytes: &[u8], seed: u64) -> u64 {
    bytes.iter().fold(seed, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn print_of<T: Serialize>(value: &T) -> String {
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    format!("{:016x}", fnv1a(&bytes, 0xcbf2_9ce4_8422_2325))
}

/// A fingerprint of every zone, conduit, asset and countermeasure, by id. Places on the canvas
/// (zone rectangles, asset positions, conduit routes) are left out: moving things around does
/// not change what was approved.
pub fn fingerprints(model: &Model) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for z in model.zones.values() {
        let mut z = z.clone();
        z.rect = super::Rect::default();
        out.insert(z.id.to_string(), print_of(&z));
    }
    for c in model.conduits.values() {
        let mut c = c.clone();
        c.route.clear();
        c.legs.clear();
        out.insert(c.id.to_string(), print_of(&c));
    }
    for a in model.assets.values() {
        let mut a = a.clone();
        a.pos = super::Point::default();
        out.insert(a.id.to_string(), print_of(&a));
    }
    for cm in model.countermeasures.values() {
        out.insert(cm.id.to_string(), print_of(cm));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rect, SlVector, Zone, ZoneKind};

    fn model() -> Model {
        let mut m = Model::default();
        m.insert_zone(Zone::new(
            "Z-1",
            "Control",
            ZoneKind::Control,
            Rect::default(),
        ));
        m.insert_zone(Zone::new("Z-2", "SIS", ZoneKind::Safety, Rect::default()));
        m
    }

    fn approve(m: &mut Model, date: &str, decision: Decision) {
        m.project.approvals.push(Approval {
            approver: "Plant manager".into(),
            date: date.into(),
            decision,
            baseline: fingerprints(m),
            ..Approval::default()
        });
    }

    #[test]
    fn an_approval_stays_valid_through_moves_and_outdates_on_edits() {
        let mut m = model();
        assert_eq!(ApprovalStatus::of(&m).0, ApprovalStatus::None);
        approve(&mut m, "2026-10-01", Decision::Approved);
        assert_eq!(ApprovalStatus::of(&m).0, ApprovalStatus::Approved);
        m.zones.get_mut("Z-1").unwrap().rect = Rect::new(100.0, 50.0, 300.0, 200.0);
        assert_eq!(ApprovalStatus::of(&m).0, ApprovalStatus::Approved, "a move");
        m.zones.get_mut("Z-2").unwrap().sl_t = Some(SlVector::from_levels([3; 7]).unwrap());
        m.insert_zone(Zone::new("Z-3", "New", ZoneKind::Field, Rect::default()));
        m.zones.remove("Z-1");
        let ApprovalStatus::Outdated(ch) = ApprovalStatus::of(&m).0 else {
            panic!("outdated expected");
        };
        assert_eq!(ch.changed, ["Z-2"]);
        assert_eq!(ch.removed, ["Z-1"]);
        assert_eq!(ch.added, ["Z-3"]);
        assert_eq!(ch.all(), ["Z-1", "Z-2", "Z-3"]);
        // A conduit of three zones laid out again: its hub and legs are places too.
        let mut m = model();
        m.insert_zone(Zone::new("Z-3", "Field", ZoneKind::Field, Rect::default()));
        let zones = vec!["Z-1".into(), "Z-2".into(), "Z-3".into()];
        m.insert_conduit(crate::model::Conduit::new("C-1", "Hub", zones));
        approve(&mut m, "2026-10-01", Decision::Approved);
        let p = crate::model::Point::new;
        let c = m.conduits.get_mut("C-1").unwrap();
        c.set_hub_route(
            p(5.0, 5.0),
            &[vec![p(1.0, 5.0)], Vec::new(), vec![p(9.0, 5.0)]],
        );
        assert_eq!(
            ApprovalStatus::of(&m).0,
            ApprovalStatus::Approved,
            "a layout"
        );
    }

    #[test]
    fn the_latest_record_by_date_decides() {
        let mut m = model();
        approve(&mut m, "2026-10-01", Decision::Rejected);
        approve(&mut m, "2026-09-01", Decision::Approved);
        assert_eq!(ApprovalStatus::of(&m).0, ApprovalStatus::Rejected);
        approve(&mut m, "2026-10-01", Decision::ApprovedWithConditions);
        let (status, latest) = ApprovalStatus::of(&m);
        assert_eq!(status, ApprovalStatus::Approved);
        assert_eq!(latest.unwrap().decision, Decision::ApprovedWithConditions);
    }

    #[test]
    fn fingerprints_are_stable_hex() {
        let m = model();
        let a = fingerprints(&m);
        assert_eq!(a, fingerprints(&m.clone()));
        assert!(a.values().all(|p| p.len() == 16));
        assert_eq!(fnv1a(b"", 0xcbf2_9ce4_8422_2325), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a", 0xcbf2_9ce4_8422_2325), 0xaf63_dc4c_8601_ec8c);
    }
}
