//! Validation rules, one per file. Each file holds its rule's metadata (`META`), its check and
//! its tests. A finding's id is `rule-id@element-id`, so the user's triage survives edits.

use crate::catalog::Catalog;
use crate::model::{ElementId, Model};

use super::{Deltas, Finding, Severity, Topology};

mod asset_unplaced;
mod empty_zone;

/// What a rule is and where it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable id, kebab-case; the first half of every finding id.
    pub id: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    /// The IEC 62443 clause (`IEC 62443-3-2 ZCR 3.2`), or `practice` (good practice, not a
    /// "shall" of the standard), or `heuristic` (a rule of this tool).
    pub reference: &'static str,
}

/// A rule: its metadata and its check.
pub struct Rule {
    pub meta: &'static RuleMeta,
    pub check: fn(&Ctx<'_>, &mut Vec<Finding>),
}

/// What a rule may look at.
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub catalog: &'static Catalog,
    pub deltas: &'a Deltas,
    pub topology: &'a Topology,
}

impl Ctx<'_> {
    /// A finding of `meta` about `subject` (which names it) and the other `elements`.
    pub fn finding(
        &self,
        meta: &'static RuleMeta,
        subject: impl Into<ElementId>,
        others: impl IntoIterator<Item = ElementId>,
        message: String,
    ) -> Finding {
        let subject = subject.into();
        let id = format!("{}@{}", meta.id, subject);
        let mut elements = vec![subject];
        for e in others {
            if !elements.contains(&e) {
                elements.push(e);
            }
        }
        Finding {
            id,
            rule: meta.id,
            severity: meta.severity,
            elements,
            message,
            accepted: false,
        }
    }
}

/// Every rule, in the order their findings are produced (the analysis sorts them afterwards).
pub const RULES: &[Rule] = &[
    Rule {
        meta: &asset_unplaced::META,
        check: asset_unplaced::check,
    },
    Rule {
        meta: &empty_zone::META,
        check: empty_zone::check,
    },
];

/// Looks a rule up by id.
pub fn rule(id: &str) -> Option<&'static RuleMeta> {
    RULES.iter().map(|r| r.meta).find(|m| m.id == id)
}

#[cfg(test)]
pub(crate) mod test_util {
    //! Small helpers for the rules' tests.
    use crate::analysis::{Analysis, Finding};
    use crate::catalog::catalog;
    use crate::model::{Asset, Model, Placement, Point, Rect, SlVector, Zone, ZoneKind};

    pub fn zone(m: &mut Model, id: &str, kind: ZoneKind, sl_t: Option<[u8; 7]>) {
        let mut z = Zone::new(id, id, kind, Rect::new(0.0, 0.0, 100.0, 100.0));
        z.sl_t = sl_t.and_then(SlVector::from_levels);
        z.sl_t_rationale = "test".into();
        m.insert_zone(z);
    }

    pub fn asset_in(m: &mut Model, id: &str, kind: &str, zone: &str) -> Asset {
        let mut a = Asset::new(id, id, kind, Point::default());
        a.placement = Placement::Zone(zone.into());
        m.insert_asset(a.clone());
        a
    }

    /// The findings of one rule.
    pub fn findings(m: &Model, rule: &str) -> Vec<Finding> {
        Analysis::run(m, catalog())
            .findings
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }

    pub fn ids(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.id.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_kebab_case() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.meta.id).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate rule id");
        for id in ids {
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{id}"
            );
            assert!(rule(id).is_some());
        }
        for r in RULES {
            let reference = r.meta.reference;
            assert!(
                reference.starts_with("IEC 62443")
                    || reference == "practice"
                    || reference == "heuristic",
                "{}: {reference}",
                r.meta.id
            );
        }
    }
}
