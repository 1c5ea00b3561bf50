//! A zone or conduit with an SL-T but no rationale: ZCR 5.6 wants the target documented with
//! the reasons for it, so a reviewer can trace it to the risk assessment. A rationale of only
//! blanks counts as none. External zones are not assessed, so their SL-T (if any) is ignored.

use crate::analysis::{Finding, Severity};
use crate::model::ElementId;

use super::{Ctx, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    id: "slt-no-rationale",
    severity: Severity::Warning,
    title: "SL-T without rationale",
    reference: "IEC 62443-3-2 ZCR 5.6",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for z in ctx.model.zones.values() {
        if let Some(t) = z.sl_t
            && !z.is_external()
            && z.sl_t_rationale.trim().is_empty()
        {
            out.push(ctx.finding(
                &META,
                ElementId::Zone(z.id.clone()),
                [],
                format!(
                    "Zone \"{}\" has SL-T {t} but no rationale; record why this target (risk \
                     assessment, consequence, threat) so it can be reviewed.",
                    z.name
                ),
            ));
        }
    }
    for c in ctx.model.conduits.values() {
        if let Some(t) = c.sl_t
            && c.sl_t_rationale.trim().is_empty()
        {
            out.push(ctx.finding(
                &META,
                ElementId::Conduit(c.id.clone()),
                [],
                format!(
                    "Conduit \"{}\" has SL-T {t} but no rationale; record why this target (for \
                     example, the highest SL-T of the zones it joins) so it can be reviewed.",
                    c.name
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{conduit, findings, ids, zone};
    use crate::model::{Model, ZoneKind};

    #[test]
    fn flags_zones_and_conduits_with_slt_and_blank_rationale() {
        let mut m = Model::default();
        zone(&mut m, "Z-ok", ZoneKind::Control, Some([2; 7]));
        zone(
            &mut m,
            "Z-blank",
            ZoneKind::Control,
            Some([1, 2, 3, 0, 1, 1, 2]),
        );
        zone(&mut m, "Z-none", ZoneKind::Control, None);
        zone(&mut m, "Z-ext", ZoneKind::External, Some([1; 7]));
        m.zones.get_mut("Z-blank").unwrap().sl_t_rationale = "  \n".into();
        m.zones.get_mut("Z-blank").unwrap().name = "Boiler control".into();
        m.zones.get_mut("Z-none").unwrap().sl_t_rationale.clear();
        m.zones.get_mut("Z-ext").unwrap().sl_t_rationale.clear();
        conduit(&mut m, "C-ok", &["Z-ok", "Z-blank"], Some([2; 7]));
        let mut c = conduit(&mut m, "C-empty", &["Z-ok", "Z-blank"], Some([2; 7]));
        c.sl_t_rationale.clear();
        m.insert_conduit(c);
        let mut c = conduit(&mut m, "C-unset", &["Z-ok", "Z-blank"], None);
        c.sl_t_rationale.clear();
        m.insert_conduit(c);
        let f = findings(&m, "slt-no-rationale");
        assert_eq!(
            ids(&f),
            ["slt-no-rationale@C-empty", "slt-no-rationale@Z-blank"]
        );
        assert!(
            f[1].message
                .contains("\"Boiler control\" has SL-T {1 2 3 0 1 1 2}")
        );
        assert!(f[0].message.starts_with("Conduit \"C-empty\""));
    }
}
