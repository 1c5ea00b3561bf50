//! An internal zone without an SL-T: ZCR 5.6 wants a target security level for every zone of
//! the system under consideration. External zones lie outside it and are never assessed, so
//! they never get this finding.

use crate::analysis::{Finding, Severity};
use crate::model::ElementId;

use super::{Ctx, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    id: "zone-no-slt",
    severity: Severity::Warning,
    title: "Zone has no SL-T",
    reference: "IEC 62443-3-2 ZCR 5.6",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for z in ctx.zones() {
        if z.is_external() || z.sl_t.is_some() {
            continue;
        }
        out.push(ctx.finding(
            &META,
            ElementId::Zone(z.id.clone()),
            [],
            format!(
                "Zone \"{}\" has no SL-T; set its target security level per FR from the \
                 detailed risk assessment and record why.",
                z.name
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{findings, ids, zone};
    use crate::model::{Model, ZoneKind};

    #[test]
    fn flags_internal_zones_without_slt_only() {
        let mut m = Model::default();
        zone(&mut m, "Z-set", ZoneKind::Control, Some([2; 7]));
        zone(&mut m, "Z-zero", ZoneKind::Control, Some([0; 7]));
        zone(&mut m, "Z-unset", ZoneKind::Operations, None);
        zone(&mut m, "Z-ext", ZoneKind::External, None);
        m.zones.get_mut("Z-unset").unwrap().name = "Operations LAN".into();
        let f = findings(&m, "zone-no-slt");
        assert_eq!(ids(&f), ["zone-no-slt@Z-unset"]);
        assert!(
            f[0].message
                .starts_with("Zone \"Operations LAN\" has no SL-T")
        );
    }
}
