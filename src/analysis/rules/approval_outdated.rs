//! An element changed or added after the asset owner's latest approval (ZCR 7.1): the approval
//! no longer covers what the model says. One finding per changed element, so a reviewer sees
//! what to look at; moving things on the canvas changes nothing. Removed elements have no
//! finding of their own (there is nothing left to select); `check` and the report list them
//! with the approval's status.

use crate::analysis::{Finding, Severity};
use crate::model::{ApprovalStatus, Model, latest_approval};

use super::{Ctx, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    id: "approval-outdated",
    severity: Severity::Warning,
    title: "Changed since the approval",
    reference: "IEC 62443-3-2 ZCR 7.1",
};

fn noun(model: &Model, id: &str) -> &'static str {
    if model.zones.contains_key(id) {
        "Zone"
    } else if model.conduits.contains_key(id) {
        "Conduit"
    } else if model.assets.contains_key(id) {
        "Asset"
    } else {
        "Countermeasure"
    }
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let (ApprovalStatus::Outdated(changes), Some(a)) = (ctx.approval, latest_approval(m)) else {
        return;
    };
    let who = if a.revision.is_empty() {
        format!("{} on {}", a.approver, a.date)
    } else {
        format!("{} on {} (revision {})", a.approver, a.date, a.revision)
    };
    for (ids, what) in [(&changes.changed, "changed"), (&changes.added, "was added")] {
        for id in ids {
            let Some(element) = m.element_id(id) else {
                continue;
            };
            out.push(ctx.finding(
                &META,
                element,
                [],
                format!(
                    "{} \"{}\" {what} after the approval by {who}; the approval no longer \
                     covers it: review the change and approve again.",
                    noun(m, id),
                    m.name_of(id)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{findings, ids, zone};
    use crate::model::{Approval, Decision, Model, ZoneKind, fingerprints};

    #[test]
    fn flags_what_changed_or_was_added_since_the_latest_approval() {
        let mut m = Model::default();
        zone(&mut m, "Z-1", ZoneKind::Control, Some([2; 7]));
        zone(&mut m, "Z-2", ZoneKind::Field, Some([1; 7]));
        m.project.approvals.push(Approval {
            approver: "R. Ortiz".into(),
            date: "2026-10-01".into(),
            decision: Decision::Approved,
            baseline: fingerprints(&m),
            ..Approval::default()
        });
        assert!(findings(&m, "approval-outdated").is_empty());
        m.zones.get_mut("Z-1").unwrap().sl_t_rationale = "changed".into();
        zone(&mut m, "Z-3", ZoneKind::Field, Some([1; 7]));
        let f = findings(&m, "approval-outdated");
        assert_eq!(ids(&f), ["approval-outdated@Z-1", "approval-outdated@Z-3"]);
        assert!(
            f[0].message
                .contains("changed after the approval by R. Ortiz on 2026-10-01")
        );
        assert!(f[1].message.contains("was added"));
    }
}
