//! The report's content from the IEC 62443-3-2 workflow: the risk matrix, the threat scenarios
//! and SL-T derivation of every assessed zone and conduit (ZCR 5), the specification fields of
//! the sheets and the project (ZCR 6), and the revision history and approval (ZCR 7). Pure
//! data, built before any drawing, in the order the report shows it.

use crate::analysis::risk::{Proposal, propose_conduit, propose_zone, scenario_risk};
use crate::model::{
    AccessPointKind, ApprovalStatus, EXAMPLE_LABEL, Model, RiskAssessment, RiskMatrix, SlVector,
    SltOrigin, SpecField, Specification, ThreatSource, completeness, latest_approval,
    missing_fields,
};

/// The project's risk matrix and tables, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatrixInfo {
    pub likelihood: Vec<String>,
    pub consequence: Vec<String>,
    pub tolerable: u8,
    /// The tool's example tables, not the asset owner's own.
    pub example: bool,
    /// "at or below tolerable → SL 1", … in table order.
    pub gap_rows: Vec<(String, String)>,
    pub consequence_rows: Vec<(String, String)>,
    pub threat_rows: Vec<(String, String)>,
}

/// One threat scenario, as its row in the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioRow {
    pub id: String,
    pub title: String,
    pub source: String,
    /// Name and id of what it enters through, or empty.
    pub entry: String,
    pub vector: String,
    pub vulnerability: String,
    pub consequence: String,
    /// "Safety 4 Major", or empty when not rated.
    pub worst: String,
    /// "3 Possible".
    pub likelihood: String,
    /// Risk and whether tolerable, e.g. "7, 2 bands above"; "covered by safeguards".
    pub risk: String,
    pub above_tolerable: bool,
    pub covered: bool,
    pub pha_ref: String,
    /// Its cell (likelihood, worst consequence), when rated.
    pub cell: Option<(u8, u8)>,
}

/// The risk basis of one zone's or conduit's SL-T.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskSheet {
    pub id: String,
    pub name: String,
    /// "Zone" or "Conduit".
    pub noun: &'static str,
    pub sl_t: Option<SlVector>,
    pub origin: SltOrigin,
    /// The approaches that gave a level, in words.
    pub method: String,
    pub proposed: Option<SlVector>,
    pub scenarios: Vec<ScenarioRow>,
    pub trace: Vec<String>,
    pub rationale: String,
}

/// One approval record, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApprovalRow {
    pub approver: String,
    pub role: String,
    pub organisation: String,
    pub date: String,
    pub revision: String,
    pub decision: String,
    pub conditions: String,
    pub accepted_risks: Vec<String>,
    pub review_triggers: Vec<String>,
}

/// The ZCR 6.4 fields the model holds beyond names and levels, for a zone or conduit sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct SpecRows {
    /// (field, value), the mandatory ones always present (a dash when blank).
    pub rows: Vec<(&'static str, String)>,
    pub completeness: f32,
    pub missing: Vec<&'static str>,
}

/// Everything of the workflow the report shows.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkflowData {
    pub matrix: MatrixInfo,
    /// Project-level specification sections (ZCR 1, 6.2, 6.5–6.9), blank ones left out.
    pub project_spec: Vec<(&'static str, String)>,
    /// Assessed zones (in the order given) then conduits in id order: those with scenarios,
    /// a derivation or an SL-T.
    pub sheets: Vec<RiskSheet>,
    pub revisions: Vec<crate::model::Revision>,
    pub approvals: Vec<ApprovalRow>,
    /// The approval's state in one sentence, and whether it holds.
    pub approval_status: String,
    pub approval_current: bool,
    /// ZCR 6.4 rows of every internal zone and every conduit, by id.
    pub specs: std::collections::BTreeMap<String, SpecRows>,
}

fn level(scale: &[String], l: u8) -> String {
    usize::from(l)
        .checked_sub(1)
        .and_then(|i| scale.get(i))
        .map_or_else(|| l.to_string(), |s| format!("{l} {s}"))
}

fn matrix_info(m: &RiskMatrix) -> MatrixInfo {
    let gap_labels = [
        "at or below the tolerable line",
        "1 band above",
        "2 bands above",
        "3 or more bands above",
    ];
    MatrixInfo {
        likelihood: m.likelihood.clone(),
        consequence: m.consequence.clone(),
        tolerable: m.tolerable,
        example: m.is_default(),
        gap_rows: gap_labels
            .iter()
            .zip(m.gap_sl)
            .map(|(l, s)| ((*l).to_owned(), format!("SL {s}")))
            .collect(),
        consequence_rows: m
            .consequence
            .iter()
            .zip(&m.consequence_sl)
            .map(|(c, s)| (c.clone(), format!("SL {s}")))
            .collect(),
        threat_rows: ThreatSource::ALL
            .iter()
            .map(|t| (t.label().to_owned(), format!("SL {}", m.threat_to_sl(*t))))
            .collect(),
    }
}

fn scenario_rows(model: &Model, m: &RiskMatrix, risk: &RiskAssessment) -> Vec<ScenarioRow> {
    risk.scenarios
        .iter()
        .map(|s| {
            let worst = s.consequences.worst();
            let r = scenario_risk(m, s);
            let entry = s.entry.as_deref().map_or_else(String::new, |e| {
                let name = model.name_of(e);
                if name.is_empty() {
                    format!("access point {e}")
                } else {
                    format!("{name} ({e})")
                }
            });
            ScenarioRow {
                id: s.id.clone(),
                title: s.title.clone(),
                source: s.source.label().to_owned(),
                entry,
                vector: s.vector.clone(),
                vulnerability: s.vulnerability.clone(),
                consequence: s.consequence.clone(),
                worst: worst.map_or_else(String::new, |(c, l)| {
                    format!("{} {}", c.label(), level(&m.consequence, l))
                }),
                likelihood: level(&m.likelihood, s.likelihood),
                risk: match (r, s.safeguards_cover) {
                    (Some(v), true) => format!("{v}; covered by safeguards"),
                    (None, true) => "covered by safeguards".to_owned(),
                    (Some(v), false) if m.is_tolerable(v) => format!("{v}, tolerable"),
                    (Some(v), false) => match m.gap(v) {
                        1 => format!("{v}, 1 band above"),
                        g => format!("{v}, {g} bands above"),
                    },
                    (None, false) => "not rated".to_owned(),
                },
                above_tolerable: r.is_some_and(|v| !m.is_tolerable(v)) && !s.safeguards_cover,
                covered: s.safeguards_cover,
                pha_ref: s.pha_ref.clone(),
                cell: worst.map(|(_, c)| (s.likelihood, c)),
            }
        })
        .collect()
}

#[expect(clippy::too_many_arguments, reason = "one sheet's parts, named")]
fn sheet(
    model: &Model,
    id: &str,
    name: &str,
    noun: &'static str,
    sl_t: Option<SlVector>,
    rationale: &str,
    risk: &RiskAssessment,
    p: Proposal,
) -> RiskSheet {
    RiskSheet {
        id: id.to_owned(),
        name: name.to_owned(),
        noun,
        sl_t,
        origin: SltOrigin::of(sl_t, risk),
        method: p.method(),
        proposed: p.tailored,
        scenarios: scenario_rows(model, &model.project.risk_matrix, risk),
        trace: p.trace,
        rationale: rationale.to_owned(),
    }
}

/// The spec rows of a zone or conduit sheet.
pub fn spec_rows(organisation: &str, spec: &Specification, project_tolerable: &str) -> SpecRows {
    let dash = |s: &str| {
        if s.trim().is_empty() {
            "–".to_owned()
        } else {
            s.trim().to_owned()
        }
    };
    let points = |kind: AccessPointKind| {
        let list: Vec<String> = spec
            .access_points
            .iter()
            .filter(|a| a.kind == kind)
            .map(|a| {
                if a.detail.is_empty() {
                    a.name.clone()
                } else {
                    format!("{}: {}", a.name, a.detail)
                }
            })
            .collect();
        dash(&list.join("; "))
    };
    let tolerable = if spec.tolerable_risk.trim().is_empty() && !project_tolerable.is_empty() {
        "as the project (see the specification chapter)".to_owned()
    } else {
        dash(&spec.tolerable_risk)
    };
    let missing = missing_fields(organisation, spec, project_tolerable);
    let mut physical = dash(&spec.physical_boundary);
    if !spec.location.trim().is_empty() {
        physical = format!("{physical} ({})", spec.location.trim());
    }
    SpecRows {
        rows: vec![
            ("Logical boundary (6.4 c)", dash(&spec.logical_boundary)),
            ("Physical boundary, location (6.4 d)", physical),
            (
                "Logical access points (6.4 f)",
                points(AccessPointKind::Logical),
            ),
            (
                "Physical access points (6.4 g)",
                points(AccessPointKind::Physical),
            ),
            ("Threat environment (6.6)", dash(&spec.threat_environment)),
            ("Assumptions (6.4 n, 6.5)", dash(&spec.assumptions)),
            ("Security policies (6.4 m, 6.7)", dash(&spec.policies)),
            ("Regulatory requirements (6.9)", dash(&spec.regulatory)),
            (
                "External dependencies (6.4 n)",
                dash(&spec.external_dependencies),
            ),
            ("Tolerable risk (6.8)", tolerable),
        ],
        completeness: completeness(missing.len()),
        missing: missing.iter().map(|f: &SpecField| f.label()).collect(),
    }
}

impl WorkflowData {
    /// `zone_order`: the assessed zones in the order the report's sheets use.
    pub fn build(model: &Model, approval: &ApprovalStatus, zone_order: &[String]) -> Self {
        let m = &model.project.risk_matrix;
        let mut sheets = Vec::new();
        for id in zone_order {
            let Some(z) = model.zone(id) else { continue };
            if z.is_external() || (z.sl_t.is_none() && z.risk.is_empty()) {
                continue;
            }
            let p = propose_zone(m, &z.risk);
            sheets.push(sheet(
                model,
                id,
                &z.name,
                "Zone",
                z.sl_t,
                &z.sl_t_rationale,
                &z.risk,
                p,
            ));
        }
        for c in model.conduits.values() {
            if c.sl_t.is_none() && c.risk.is_empty() {
                continue;
            }
            let p = propose_conduit(model, c);
            sheets.push(sheet(
                model,
                c.id.as_str(),
                &c.name,
                "Conduit",
                c.sl_t,
                &c.sl_t_rationale,
                &c.risk,
                p,
            ));
        }
        let s = &model.project.spec;
        let project_spec: Vec<(&'static str, String)> = [
            ("System under consideration (ZCR 6.2)", &s.suc_description),
            ("Boundary and access (ZCR 1.1)", &s.suc_boundary),
            ("Tolerable risk (ZCR 6.8)", &s.tolerable_risk),
            (
                "Operating environment assumptions (ZCR 6.5)",
                &s.assumptions,
            ),
            ("Threat environment (ZCR 6.6)", &s.threat_environment),
            ("Organisational security policies (ZCR 6.7)", &s.policies),
            ("Regulatory requirements (ZCR 6.9)", &s.regulatory),
            ("Risk method", &s.risk_method),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k, v.trim().to_owned()))
        .collect();
        let latest = latest_approval(model);
        let who = latest.map_or_else(String::new, |a| {
            format!(
                "{} by {}{} on {}",
                a.decision.label().to_lowercase(),
                a.approver,
                if a.role.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", a.role)
                },
                a.date
            )
        });
        let (approval_status, approval_current) = match approval {
            ApprovalStatus::None => (
                "No approval is recorded: the asset owner's approval (ZCR 7.1) is still to be \
                 given; sign the block at the end of this report."
                    .to_owned(),
                false,
            ),
            ApprovalStatus::Approved => (
                format!(
                    "Revision {} was {who}.",
                    latest.map_or("", |a| a.revision.as_str())
                ),
                true,
            ),
            ApprovalStatus::Rejected => (format!("The latest decision: {who}."), false),
            ApprovalStatus::Outdated(c) => {
                let names: Vec<String> = c
                    .all()
                    .iter()
                    .map(|id| {
                        let n = model.name_of(id);
                        if n.is_empty() {
                            format!("{id} (removed)")
                        } else {
                            format!("{n} ({id})")
                        }
                    })
                    .collect();
                (
                    format!(
                        "OUTDATED: revision {} was {who}, but {} changed since: {}. The changes \
                         need the asset owner's review and a new approval.",
                        latest.map_or("", |a| a.revision.as_str()),
                        if names.len() == 1 {
                            "one element".to_owned()
                        } else {
                            format!("{} elements", names.len())
                        },
                        names.join(", ")
                    ),
                    false,
                )
            }
        };
        let tolerable = &model.project.spec.tolerable_risk;
        let mut specs = std::collections::BTreeMap::new();
        for z in model.zones.values().filter(|z| !z.is_external()) {
            specs.insert(
                z.id.to_string(),
                spec_rows(&z.organisation, &z.spec, tolerable),
            );
        }
        for c in model.conduits.values() {
            let mut rows = spec_rows(&c.organisation, &c.spec, tolerable);
            rows.rows.insert(
                0,
                ("Accountable organisation (6.4 b)", {
                    let o = c.organisation.trim();
                    if o.is_empty() {
                        "–".to_owned()
                    } else {
                        o.to_owned()
                    }
                }),
            );
            specs.insert(c.id.to_string(), rows);
        }
        Self {
            specs,
            matrix: matrix_info(m),
            project_spec,
            sheets,
            revisions: model.project.revisions.clone(),
            approvals: model
                .project
                .approvals
                .iter()
                .map(|a| ApprovalRow {
                    approver: a.approver.clone(),
                    role: a.role.clone(),
                    organisation: a.organisation.clone(),
                    date: a.date.clone(),
                    revision: a.revision.clone(),
                    decision: a.decision.label().to_owned(),
                    conditions: a.conditions.clone(),
                    accepted_risks: a.accepted_risks.clone(),
                    review_triggers: a.review_triggers.clone(),
                })
                .collect(),
            approval_status,
            approval_current,
        }
    }

    /// The label of the example tables, for the method text.
    pub fn tables_label(&self) -> &'static str {
        if self.matrix.example {
            EXAMPLE_LABEL
        } else {
            "the asset owner's tables"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persistence;

    fn sample(name: &str) -> Model {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample-models")
            .join(name);
        persistence::load(&path).expect("sample loads")
    }

    #[test]
    fn the_water_plant_shows_its_scenarios_trace_and_outdated_approval() {
        let m = sample("water-treatment.ron");
        let zones: Vec<String> = m.zones.keys().map(|k| k.to_string()).collect();
        let a = crate::analysis::Analysis::run_with_reasons(&m, crate::catalog::catalog());
        let w = WorkflowData::build(&m, &a.approval, &zones);
        let chem = w.sheets.iter().find(|s| s.id == "Z-CHEM").expect("Z-CHEM");
        assert_eq!(chem.origin, SltOrigin::Derived);
        assert_eq!(chem.proposed, chem.sl_t);
        assert!(chem.scenarios.len() >= 2);
        assert!(chem.trace.iter().any(|t| t.starts_with("Proposal: SL")));
        assert!(chem.scenarios.iter().any(|s| s.above_tolerable));
        assert!(w.matrix.example);
        assert_eq!(w.matrix.gap_rows.len(), 4);
        assert!(!w.approval_current);
        assert!(
            w.approval_status.starts_with("OUTDATED"),
            "{}",
            w.approval_status
        );
        assert!(
            w.approval_status.contains("(C-05)"),
            "{}",
            w.approval_status
        );
        assert!(!w.revisions.is_empty());
        assert!(
            w.project_spec
                .iter()
                .any(|(k, _)| k.starts_with("Tolerable risk"))
        );
        // Every assessed zone and every conduit with an SL-T has a sheet.
        let assessed = m
            .zones
            .values()
            .filter(|z| !z.is_external() && z.sl_t.is_some())
            .count();
        let conduits = m.conduits.values().filter(|c| c.sl_t.is_some()).count();
        assert_eq!(w.sheets.len(), assessed + conduits);
    }

    #[test]
    fn spec_rows_dash_the_blanks_and_defer_to_the_project() {
        let s = Specification {
            logical_boundary: "VLAN 20".into(),
            ..Specification::default()
        };
        let r = spec_rows("", &s, "ALARP");
        assert_eq!(r.rows[0].1, "VLAN 20");
        assert_eq!(r.rows[1].1, "–");
        assert!(r.rows[9].1.starts_with("as the project"));
        assert!(r.missing.contains(&"accountable organisation"));
        assert!((r.completeness - 0.2).abs() < 1e-6);
    }
}
