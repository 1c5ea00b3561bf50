//! A conduit must join two or more distinct zones that exist (IEC 62443-3-2 ZCR 3.1: a conduit
//! connects zones). One finding per conduit: a conduit that names too few zones *and* a zone
//! that does not exist gets both problems in one message.

use crate::analysis::{Finding, Severity};
use crate::model::{ElementId, ZoneId};

use super::{Ctx, RuleMeta, quoted_names};

pub const META: RuleMeta = RuleMeta {
    id: "conduit-endpoints",
    severity: Severity::Error,
    title: "Conduit does not join two existing zones",
    reference: "IEC 62443-3-2 ZCR 3.1",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for c in ctx.conduits() {
        let mut distinct: Vec<&ZoneId> = Vec::with_capacity(c.zones.len());
        for z in &c.zones {
            if !distinct.contains(&z) {
                distinct.push(z);
            }
        }
        let missing: Vec<&ZoneId> = distinct
            .iter()
            .copied()
            .filter(|z| !ctx.model.zones.contains_key(*z))
            .collect();
        let too_few = distinct.len() < 2;
        if !too_few && missing.is_empty() {
            continue;
        }
        let mut problems = Vec::new();
        if too_few {
            problems.push(match distinct.first() {
                None => "names no zone".to_owned(),
                Some(z) => format!(
                    "joins only one distinct zone ({})",
                    quoted_names([super::zone_name(ctx.model, z)])
                ),
            });
        }
        if !missing.is_empty() {
            let ids = quoted_names(missing.iter().map(|z| z.as_str()));
            problems.push(if missing.len() == 1 {
                format!("names zone id {ids}, which does not exist")
            } else {
                format!("names zone ids {ids}, which do not exist")
            });
        }
        let existing = distinct
            .iter()
            .filter(|z| ctx.model.zones.contains_key(**z))
            .map(|z| ElementId::Zone((*z).clone()));
        out.push(ctx.finding(
            &META,
            ElementId::Conduit(c.id.clone()),
            existing,
            format!(
                "Conduit \"{}\" {}; connect it to two or more existing zones, or delete it.",
                c.name,
                problems.join(" and ")
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{conduit, findings, ids, zone};
    use crate::model::{ElementId, Model, ZoneKind};

    #[test]
    fn flags_too_few_and_dangling_zones_in_one_finding_each() {
        let mut m = Model::default();
        zone(&mut m, "Z-A", ZoneKind::Control, Some([1; 7]));
        zone(&mut m, "Z-B", ZoneKind::Operations, Some([1; 7]));
        conduit(&mut m, "C-ok", &["Z-A", "Z-B"], Some([1; 7]));
        conduit(&mut m, "C-self", &["Z-A", "Z-A"], Some([1; 7]));
        conduit(&mut m, "C-gone", &["Z-A", "Z-gone"], Some([1; 7]));
        conduit(&mut m, "C-both", &["Z-gone"], Some([1; 7]));
        conduit(&mut m, "C-none", &[], Some([1; 7]));
        let f = findings(&m, "conduit-endpoints");
        assert_eq!(
            ids(&f),
            [
                "conduit-endpoints@C-both",
                "conduit-endpoints@C-gone",
                "conduit-endpoints@C-none",
                "conduit-endpoints@C-self",
            ]
        );
        let both = &f[0].message;
        assert!(
            both.contains("only one distinct zone (\"Z-gone\")"),
            "{both}"
        );
        assert!(
            both.contains("zone id \"Z-gone\", which does not exist"),
            "{both}"
        );
        let gone = &f[1];
        assert!(!gone.message.contains("only one"), "{}", gone.message);
        assert!(gone.message.contains("\"Z-gone\""), "{}", gone.message);
        assert_eq!(
            gone.elements,
            [
                ElementId::Conduit("C-gone".into()),
                ElementId::Zone("Z-A".into())
            ]
        );
        assert!(f[2].message.contains("names no zone"), "{}", f[2].message);
        assert!(
            f[3].message
                .starts_with("Conduit \"C-self\" joins only one distinct zone (\"Z-A\")")
        );
    }
}
