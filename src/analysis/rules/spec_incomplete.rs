//! A zone or conduit whose requirements specification (ZCR 6.4) lacks mandatory
//! characteristics: accountable organisation, boundaries, access points, threat environment,
//! assumptions, policies, regulatory requirements, external dependencies, tolerable risk. The
//! completeness score is the share of those filled. External zones are not specified.

use crate::analysis::{Finding, Severity};
use crate::model::{ElementId, SpecField, Specification, completeness, missing_fields};

use super::{Ctx, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    id: "spec-incomplete",
    severity: Severity::Info,
    title: "Requirements specification incomplete",
    reference: "IEC 62443-3-2 ZCR 6.4",
};

fn message(noun: &str, name: &str, missing: &[SpecField]) -> String {
    let labels: Vec<&str> = missing.iter().map(|f| f.label()).collect();
    format!(
        "{noun} \"{name}\" specification is {:.0} % complete; it lacks {}.",
        completeness(missing.len()) * 100.0,
        labels.join(", ")
    )
}

/// The missing fields of one sheet.
fn missing(org: &str, spec: &Specification, ctx: &Ctx<'_>) -> Vec<SpecField> {
    missing_fields(org, spec, &ctx.model.project.spec.tolerable_risk)
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for z in ctx.zones().filter(|z| !z.is_external()) {
        let m = missing(&z.organisation, &z.spec, ctx);
        if !m.is_empty() {
            out.push(ctx.finding(
                &META,
                ElementId::Zone(z.id.clone()),
                [],
                message("Zone", &z.name, &m),
            ));
        }
    }
    for c in ctx.conduits() {
        let m = missing(&c.organisation, &c.spec, ctx);
        if !m.is_empty() {
            out.push(ctx.finding(
                &META,
                ElementId::Conduit(c.id.clone()),
                [],
                message("Conduit", &c.name, &m),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{findings, ids, zone};
    use crate::model::{AccessPoint, AccessPointKind, Model, ZoneKind};

    #[test]
    fn lists_missing_fields_with_the_score() {
        let mut m = Model::default();
        zone(&mut m, "Z-1", ZoneKind::Control, Some([2; 7]));
        zone(&mut m, "Z-X", ZoneKind::External, None);
        let f = findings(&m, "spec-incomplete");
        assert_eq!(ids(&f), ["spec-incomplete@Z-1"]);
        assert!(f[0].message.contains("is 0 % complete"), "{}", f[0].message);
        let z = m.zones.get_mut("Z-1").unwrap();
        z.organisation = "Operations".into();
        let s = &mut z.spec;
        s.logical_boundary = "VLAN 20".into();
        s.physical_boundary = "Control room".into();
        s.access_points.push(AccessPoint {
            name: "AP-1".into(),
            kind: AccessPointKind::Logical,
            detail: "Firewall interface".into(),
        });
        s.threat_environment = "Ransomware".into();
        s.assumptions = "Staffed 24/7".into();
        s.policies = "OT policy".into();
        s.regulatory = "NIS2".into();
        s.external_dependencies = "None".into();
        let f = findings(&m, "spec-incomplete");
        assert!(f[0].message.contains("90 %") && f[0].message.ends_with("lacks tolerable risk."));
        m.project.spec.tolerable_risk = "ALARP".into();
        assert!(findings(&m, "spec-incomplete").is_empty());
    }
}
