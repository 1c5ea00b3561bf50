//! An FR tailored away from the derivation's proposal without a note: ZCR 5.6 wants every
//! deviation from the derived target explained (e.g. "DC lowered: nothing confidential").

use crate::analysis::risk::propose;
use crate::analysis::{Finding, Severity};
use crate::model::{ElementId, Fr};

use super::{Ctx, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    id: "tailoring-no-note",
    severity: Severity::Warning,
    title: "SL-T tailored without a note",
    reference: "IEC 62443-3-2 ZCR 5.6",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let elements = ctx
        .zones()
        .filter(|z| !z.risk.tailoring.is_empty())
        .map(|z| (ElementId::Zone(z.id.clone()), "Zone", z.name.as_str()))
        .chain(
            ctx.conduits()
                .filter(|c| !c.risk.tailoring.is_empty())
                .map(|c| (ElementId::Conduit(c.id.clone()), "Conduit", c.name.as_str())),
        );
    for (id, noun, name) in elements {
        let Some(p) = propose(m, &id) else { continue };
        if p.missing_notes.is_empty() {
            continue;
        }
        let frs: Vec<&str> = p.missing_notes.iter().map(|f: &Fr| f.abbrev()).collect();
        out.push(ctx.finding(
            &META,
            id,
            [],
            format!(
                "{noun} \"{name}\" sets {} apart from the derived proposal without a note; say why \
                 (e.g. DC lowered because nothing confidential passes).",
                frs.join(", ")
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{findings, ids, zone};
    use crate::model::{
        Consequences, Fr, Model, SecurityLevel, Tailoring, ThreatScenario, ZoneKind,
    };

    #[test]
    fn flags_tailored_frs_without_a_note() {
        let mut m = Model::default();
        zone(&mut m, "Z-1", ZoneKind::Control, Some([3; 7]));
        let z = m.zones.get_mut("Z-1").unwrap();
        let mut s = ThreatScenario::new("TS-1", "Ransomware on the HMI");
        s.likelihood = 3;
        s.consequences = Consequences {
            production: Some(4),
            ..Consequences::default()
        };
        z.risk.scenarios.push(s);
        z.risk.tailoring.push(Tailoring {
            fr: Fr::Dc,
            level: SecurityLevel::SL1,
            note: " ".into(),
        });
        let f = findings(&m, "tailoring-no-note");
        assert_eq!(ids(&f), ["tailoring-no-note@Z-1"]);
        assert!(f[0].message.contains("sets DC apart"), "{}", f[0].message);
        m.zones.get_mut("Z-1").unwrap().risk.tailoring[0].note = "Process values only.".into();
        assert!(findings(&m, "tailoring-no-note").is_empty());
    }
}
