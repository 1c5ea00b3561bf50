//! A conduit whose SL-T is below the highest SL-T of the internal zones it joins, on some FR.
//!
//! IEC 62443-3-2 gives no formula linking conduit and zone targets; common practice gives a
//! conduit at least the highest SL-T of the zones it connects, per FR, and asks for a reason
//! when it is lower. A lower FR of a derived SL-T that its derivation tailors with a note has
//! that reason and is not reported. External zones have no SL-T and are left out of the maximum; a zone
//! without SL-T is left out too (`zone-no-slt` reports it), and a conduit without SL-T is
//! reported by `conduit-no-slt` instead.

use crate::analysis::{Finding, Severity};
use crate::model::{ElementId, Fr, SecurityLevel, SltOrigin, Zone};

use super::{Ctx, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    id: "conduit-slt-below-zones",
    severity: Severity::Warning,
    title: "Conduit SL-T below the zones it joins",
    reference: "practice",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for c in ctx.conduits() {
        let Some(target) = c.sl_t else {
            continue;
        };
        let zones = ctx.model.assessed_zones_of(c);
        // Per FR, the highest level among the zones and the first zone (in the conduit's
        // order) that holds it.
        let derived = SltOrigin::of(c.sl_t, &c.risk) == SltOrigin::Derived;
        let noted = |fr: Fr| {
            derived
                && c.risk
                    .tailoring_of(fr)
                    .is_some_and(|t| t.level == target.get(fr) && !t.note.trim().is_empty())
        };
        let mut required = target;
        let mut below: Vec<Fr> = Vec::new();
        let mut setters: Vec<&Zone> = Vec::new();
        for fr in Fr::ALL {
            let mut top: Option<(SecurityLevel, &Zone)> = None;
            for z in &zones {
                let level = z.sl_t.map_or(SecurityLevel::SL0, |t| t.get(fr));
                if top.is_none_or(|(best, _)| level > best) {
                    top = Some((level, z));
                }
            }
            let Some((level, zone)) = top else {
                continue;
            };
            if target.get(fr) < level && !noted(fr) {
                required.set(fr, level);
                below.push(fr);
                if !setters.iter().any(|z| z.id == zone.id) {
                    setters.push(zone);
                }
            }
        }
        if below.is_empty() {
            continue;
        }
        let frs: Vec<String> = below
            .iter()
            .map(|fr| format!("{} {}", fr.label(), fr.abbrev()))
            .collect();
        let names: Vec<String> = setters.iter().map(|z| format!("\"{}\"", z.name)).collect();
        out.push(ctx.finding(
            &META,
            ElementId::Conduit(c.id.clone()),
            setters.iter().map(|z| ElementId::Zone(z.id.clone())),
            format!(
                "Conduit \"{}\" has SL-T {target}, below {required} of the zones it joins on {} \
                 (set by {}); raise its SL-T, or derive it and note why each of these FRs is lower.",
                c.name,
                frs.join(", "),
                names.join(", ")
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{conduit, findings, ids, zone};
    use crate::model::{ElementId, Model, ZoneKind};

    #[test]
    fn lists_each_fr_below_the_highest_internal_zone() {
        let mut m = Model::default();
        zone(
            &mut m,
            "Z-scada",
            ZoneKind::Operations,
            Some([3, 2, 2, 1, 1, 1, 1]),
        );
        zone(
            &mut m,
            "Z-ctl",
            ZoneKind::Control,
            Some([2, 2, 3, 1, 1, 1, 1]),
        );
        zone(&mut m, "Z-ext", ZoneKind::External, Some([4; 7]));
        zone(&mut m, "Z-unset", ZoneKind::Control, None);
        m.zones.get_mut("Z-scada").unwrap().name = "SCADA".into();
        m.zones.get_mut("Z-ctl").unwrap().name = "Control".into();
        conduit(
            &mut m,
            "C-low",
            &["Z-scada", "Z-ctl"],
            Some([2, 2, 2, 1, 1, 1, 1]),
        );
        conduit(
            &mut m,
            "C-max",
            &["Z-scada", "Z-ctl"],
            Some([3, 2, 3, 1, 1, 1, 1]),
        );
        // External zones are left out of the maximum.
        conduit(
            &mut m,
            "C-ext",
            &["Z-ext", "Z-ctl"],
            Some([2, 2, 3, 1, 1, 1, 1]),
        );
        conduit(&mut m, "C-unset", &["Z-scada", "Z-unset"], None);
        conduit(&mut m, "C-nozone", &["Z-unset", "Z-ext"], Some([0; 7]));
        let f = findings(&m, "conduit-slt-below-zones");
        assert_eq!(ids(&f), ["conduit-slt-below-zones@C-low"]);
        assert!(
            f[0].message
                .contains("has SL-T {2 2 2 1 1 1 1}, below {3 2 3 1 1 1 1} of the zones it joins on FR1 IAC, FR3 SI (set by \"SCADA\", \"Control\")"),
            "{}",
            f[0].message
        );
        assert_eq!(
            f[0].elements,
            [
                ElementId::Conduit("C-low".into()),
                ElementId::Zone("Z-scada".into()),
                ElementId::Zone("Z-ctl".into()),
            ]
        );
    }

    #[test]
    fn a_derived_conduit_with_noted_lower_frs_is_not_reported() {
        use crate::model::{Fr, SecurityLevel, Tailoring};
        let mut m = Model::default();
        zone(
            &mut m,
            "Z-a",
            ZoneKind::Operations,
            Some([3, 2, 2, 1, 1, 1, 1]),
        );
        zone(
            &mut m,
            "Z-b",
            ZoneKind::Control,
            Some([2, 2, 3, 1, 1, 1, 1]),
        );
        let mut c = conduit(&mut m, "C-1", &["Z-a", "Z-b"], Some([2, 2, 2, 1, 1, 1, 1]));
        let tailor = |fr, note: &str| Tailoring {
            fr,
            level: SecurityLevel::SL2,
            note: note.into(),
        };
        c.risk.tailoring = vec![
            tailor(Fr::Iac, "Jump host authenticates"),
            tailor(Fr::Si, ""),
        ];
        c.risk.applied = c.sl_t;
        m.insert_conduit(c.clone());
        // SI has no note: still reported, on SI only.
        let f = findings(&m, "conduit-slt-below-zones");
        assert!(
            f[0].message.contains("on FR3 SI (set by"),
            "{}",
            f[0].message
        );
        c.risk.tailoring[1].note = "Read-only historian replication".into();
        m.insert_conduit(c.clone());
        assert!(findings(&m, "conduit-slt-below-zones").is_empty());
        // Set by hand afterwards: the notes no longer hold.
        c.sl_t = crate::model::SlVector::from_levels([2, 2, 2, 1, 1, 1, 2]);
        m.insert_conduit(c);
        assert_eq!(findings(&m, "conduit-slt-below-zones").len(), 1);
    }
}
