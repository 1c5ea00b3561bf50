//! A subzone whose SL-T is below its parent's on some FR. A subzone exists for layered defence
//! inside its parent, so a tool rule wants its target at least the parent's on every FR. Zones
//! without SL-T, and external zones, are left out (other rules report them).

use crate::analysis::{Finding, Severity};
use crate::model::ElementId;

use super::{Ctx, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    id: "subzone-slt-below-parent",
    severity: Severity::Warning,
    title: "Subzone SL-T below its parent zone",
    reference: "heuristic",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for z in ctx.zones() {
        let Some(parent) = z
            .parent
            .as_ref()
            .filter(|p| **p != z.id)
            .and_then(|p| ctx.model.zones.get(p))
        else {
            continue;
        };
        if z.is_external() || parent.is_external() {
            continue;
        }
        let (Some(own), Some(theirs)) = (z.sl_t, parent.sl_t) else {
            continue;
        };
        let gaps: Vec<String> = own
            .below(&theirs)
            .map(|fr| format!("{fr} {} < {}", own.get(fr), theirs.get(fr)))
            .collect();
        if gaps.is_empty() {
            continue;
        }
        out.push(ctx.finding(
            &META,
            ElementId::Zone(z.id.clone()),
            [ElementId::Zone(parent.id.clone())],
            format!(
                "Subzone \"{}\" has a lower SL-T than its parent zone \"{}\": {}; raise the \
                 subzone's SL-T to at least its parent's on every FR.",
                z.name,
                parent.name,
                gaps.join(", ")
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{findings, ids, zone};
    use crate::model::{ElementId, Model, ZoneKind};

    #[test]
    fn flags_subzones_below_their_parent() {
        let mut m = Model::default();
        zone(
            &mut m,
            "Z-unit",
            ZoneKind::Control,
            Some([2, 2, 2, 1, 2, 1, 2]),
        );
        zone(
            &mut m,
            "Z-sis",
            ZoneKind::Safety,
            Some([1, 2, 3, 1, 2, 0, 2]),
        );
        zone(&mut m, "Z-dosing", ZoneKind::Control, Some([3; 7]));
        zone(&mut m, "Z-unset", ZoneKind::Control, None);
        zone(&mut m, "Z-loop", ZoneKind::Control, Some([0; 7]));
        m.zones.get_mut("Z-unit").unwrap().name = "Process unit".into();
        m.zones.get_mut("Z-sis").unwrap().name = "SIS".into();
        for sub in ["Z-sis", "Z-dosing", "Z-unset"] {
            m.zones.get_mut(sub).unwrap().parent = Some("Z-unit".into());
        }
        // A zone that is its own parent (a hand-edited file) is not compared with itself.
        m.zones.get_mut("Z-loop").unwrap().parent = Some("Z-loop".into());
        let f = findings(&m, "subzone-slt-below-parent");
        assert_eq!(ids(&f), ["subzone-slt-below-parent@Z-sis"]);
        assert!(
            f[0].message.starts_with(
                "Subzone \"SIS\" has a lower SL-T than its parent zone \"Process unit\": \
                 FR1 IAC 1 < 2, FR6 TRE 0 < 1;"
            ),
            "{}",
            f[0].message
        );
        assert_eq!(
            f[0].elements,
            [
                ElementId::Zone("Z-sis".into()),
                ElementId::Zone("Z-unit".into())
            ]
        );
    }
}
