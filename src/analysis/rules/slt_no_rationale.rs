//! A zone or conduit whose SL-T was set by hand with no rationale: ZCR 5.6 wants the target
//! documented with the reasons for it, so a reviewer can trace it to the risk assessment. An
//! SL-T the derivation applied carries its trace and needs no rationale; one edited by hand
//! after the derivation (overriding it) does. A rationale of only blanks counts as none.
//! External zones are not assessed, so their SL-T (if any) is ignored.

use crate::analysis::{Finding, Severity};
use crate::model::{ElementId, RiskAssessment, SlVector, SltOrigin};

use super::{Ctx, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    id: "slt-no-rationale",
    severity: Severity::Warning,
    title: "SL-T without rationale",
    reference: "IEC 62443-3-2 ZCR 5.6",
};

/// The SL-T, when it is set by hand (never derived, or overriding the derivation) and has no
/// rationale; with the words that say which.
fn unexplained(
    sl_t: Option<SlVector>,
    rationale: &str,
    risk: &RiskAssessment,
) -> Option<(SlVector, &'static str)> {
    let t = sl_t?;
    if !rationale.trim().is_empty() {
        return None;
    }
    match SltOrigin::of(sl_t, risk) {
        SltOrigin::Manual => Some((t, "set by hand with no rationale and no derivation")),
        SltOrigin::Overridden => Some((t, "set by hand over its derivation, with no rationale")),
        SltOrigin::Derived | SltOrigin::Unset => None,
    }
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for z in ctx.zones() {
        if let Some((t, how)) = unexplained(z.sl_t, &z.sl_t_rationale, &z.risk)
            && !z.is_external()
        {
            out.push(ctx.finding(
                &META,
                ElementId::Zone(z.id.clone()),
                [],
                format!(
                    "Zone \"{}\" has SL-T {t} {how}; derive it from threat scenarios or record \
                     why this target so it can be reviewed.",
                    z.name
                ),
            ));
        }
    }
    for c in ctx.conduits() {
        if let Some((t, how)) = unexplained(c.sl_t, &c.sl_t_rationale, &c.risk) {
            out.push(ctx.finding(
                &META,
                ElementId::Conduit(c.id.clone()),
                [],
                format!(
                    "Conduit \"{}\" has SL-T {t} {how}; derive it (from the zones it joins) or \
                     record why this target so it can be reviewed.",
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
                .contains("\"Boiler control\" has SL-T {1 2 3 0 1 1 2} set by hand")
        );
        assert!(f[0].message.starts_with("Conduit \"C-empty\""));
    }

    #[test]
    fn a_derived_slt_needs_no_rationale_until_overridden_by_hand() {
        let mut m = Model::default();
        zone(&mut m, "Z-1", ZoneKind::Control, Some([2; 7]));
        let z = m.zones.get_mut("Z-1").unwrap();
        z.sl_t_rationale.clear();
        z.risk.applied = z.sl_t;
        assert!(findings(&m, "slt-no-rationale").is_empty());
        let z = m.zones.get_mut("Z-1").unwrap();
        z.sl_t = crate::model::SlVector::from_levels([3; 7]);
        let f = findings(&m, "slt-no-rationale");
        assert_eq!(ids(&f), ["slt-no-rationale@Z-1"]);
        assert!(
            f[0].message.contains("set by hand over its derivation"),
            "{}",
            f[0].message
        );
    }
}
