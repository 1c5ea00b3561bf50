//! A conduit without an SL-T that joins at least one internal zone: ZCR 5.6 wants a target
//! security level for every conduit of the system under consideration. A conduit that only
//! joins external (or non-existent) zones is outside it.

use crate::analysis::{Finding, Severity};
use crate::model::ElementId;

use super::{Ctx, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    id: "conduit-no-slt",
    severity: Severity::Warning,
    title: "Conduit has no SL-T",
    reference: "IEC 62443-3-2 ZCR 5.6",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for c in ctx.conduits() {
        if c.sl_t.is_some() {
            continue;
        }
        let internal = c
            .zones
            .iter()
            .any(|z| ctx.model.zones.get(z).is_some_and(|z| !z.is_external()));
        if !internal {
            continue;
        }
        let zones = c
            .zones
            .iter()
            .filter(|z| ctx.model.zones.contains_key(*z))
            .map(|z| ElementId::Zone(z.clone()));
        out.push(ctx.finding(
            &META,
            ElementId::Conduit(c.id.clone()),
            zones,
            format!(
                "Conduit \"{}\" has no SL-T; set its target security level per FR (usually at \
                 least the highest of the zones it joins) and record why.",
                c.name
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{conduit, findings, ids, zone};
    use crate::model::{ElementId, Model, ZoneKind};

    #[test]
    fn flags_conduits_without_slt_touching_an_internal_zone() {
        let mut m = Model::default();
        zone(&mut m, "Z-ctl", ZoneKind::Control, Some([2; 7]));
        zone(&mut m, "Z-ext1", ZoneKind::External, None);
        zone(&mut m, "Z-ext2", ZoneKind::External, None);
        conduit(&mut m, "C-set", &["Z-ctl", "Z-ext1"], Some([2; 7]));
        let mut c = conduit(&mut m, "C-unset", &["Z-ext1", "Z-ctl"], None);
        c.name = "Vendor access".into();
        m.insert_conduit(c);
        conduit(&mut m, "C-outside", &["Z-ext1", "Z-ext2"], None);
        conduit(&mut m, "C-dangling", &["Z-gone", "Z-ext2"], None);
        let f = findings(&m, "conduit-no-slt");
        assert_eq!(ids(&f), ["conduit-no-slt@C-unset"]);
        assert!(
            f[0].message
                .starts_with("Conduit \"Vendor access\" has no SL-T")
        );
        assert_eq!(
            f[0].elements,
            [
                ElementId::Conduit("C-unset".into()),
                ElementId::Zone("Z-ext1".into()),
                ElementId::Zone("Z-ctl".into()),
            ]
        );
    }
}
