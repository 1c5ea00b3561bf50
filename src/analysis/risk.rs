//! SL-T derivation (IEC 62443-3-2 ZCR 5.6): from a zone's or conduit's threat scenarios and the
//! project's risk matrix to a proposed SL-T, with the trace an assessor reads.
//!
//! Three approaches (the method's §3.2), each optional: the risk gap above the tolerable line,
//! the worst credible consequence, and the most capable credible threat source. Scenarios whose
//! consequence non-hackable safeguards fully cover drive none of them (the Security PHA
//! question). The proposal is the highest level of the approaches used, as one scalar; a
//! conduit's proposal is also at least, per FR, the highest SL-T of the internal zones it joins.
//! Tailoring then sets FRs apart from the proposal, each with a note. The mapping tables are the
//! project's (by default the tool's example tables, "example, not from IEC 62443").

use crate::model::{
    Conduit, ElementId, Fr, Model, RiskAssessment, RiskMatrix, SecurityLevel, SlVector,
    ThreatScenario,
};

/// What one approach proposes and why.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Basis {
    pub level: SecurityLevel,
    /// The scenario that sets the level, if any.
    pub scenario: Option<String>,
    /// One sentence: the inputs and the table row used.
    pub reason: String,
}

/// The proposal for one zone or conduit, with its trace.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Proposal {
    pub risk_gap: Option<Basis>,
    pub consequence: Option<Basis>,
    pub threat: Option<Basis>,
    /// Conduits: the highest SL-T per FR of the internal zones joined, and those zones.
    pub from_zones: Option<(SlVector, Vec<String>)>,
    /// The highest of the approaches used (before the conduit's zones).
    pub scalar: Option<SecurityLevel>,
    /// The proposal per FR before tailoring.
    pub vector: Option<SlVector>,
    /// The proposal after tailoring: what "Apply" sets.
    pub tailored: Option<SlVector>,
    /// FRs tailored away from the proposal without a note.
    pub missing_notes: Vec<Fr>,
    /// The derivation step by step, in sentences.
    pub trace: Vec<String>,
}

impl Proposal {
    /// The approaches that gave a level, as words: `risk gap, consequence`.
    pub fn method(&self) -> String {
        let mut used = Vec::new();
        if self.risk_gap.is_some() {
            used.push("risk gap");
        }
        if self.consequence.is_some() {
            used.push("worst credible consequence");
        }
        if self.threat.is_some() {
            used.push("threat source");
        }
        if self.from_zones.is_some() {
            used.push("highest SL-T of the joined zones");
        }
        if used.is_empty() {
            "none".to_owned()
        } else {
            used.join(", ")
        }
    }

    /// Ready to apply: there is a proposal and every tailored FR has its note.
    pub fn can_apply(&self) -> bool {
        self.tailored.is_some() && self.missing_notes.is_empty()
    }
}

/// A scenario's unmitigated risk on the matrix: its likelihood with its worst consequence.
pub fn scenario_risk(matrix: &RiskMatrix, s: &ThreatScenario) -> Option<u8> {
    let (_, worst) = s.consequences.worst()?;
    matrix.risk(s.likelihood, worst)
}

fn max_basis(a: Option<Basis>, b: Basis) -> Option<Basis> {
    match a {
        Some(a) if a.level >= b.level => Some(a),
        _ => Some(b),
    }
}

/// The scalar approaches over a set of scenarios.
fn approaches(matrix: &RiskMatrix, risk: &RiskAssessment, out: &mut Proposal) {
    let used = risk.approaches;
    let driving: Vec<&ThreatScenario> = risk
        .scenarios
        .iter()
        .filter(|s| !s.safeguards_cover)
        .collect();
    for s in risk.scenarios.iter().filter(|s| s.safeguards_cover) {
        out.trace.push(format!(
            "{} \"{}\": non-hackable safeguards fully cover it, so it sets no cyber SL.",
            s.id, s.title
        ));
    }
    if used.risk_gap && !risk.scenarios.is_empty() {
        let mut best: Option<Basis> = None;
        for s in &driving {
            let Some(r) = scenario_risk(matrix, s) else {
                continue;
            };
            let gap = matrix.gap(r);
            let level = matrix.gap_to_sl(gap);
            let reason = format!(
                "{}: likelihood {} × consequence {} = risk {r} against tolerable {}: {}, so SL {level}.",
                s.id,
                label(&matrix.likelihood, s.likelihood),
                s.consequences
                    .worst()
                    .map_or_else(String::new, |(_, c)| label(&matrix.consequence, c)),
                matrix.tolerable,
                match gap {
                    0 => "at or below the line".to_owned(),
                    1 => "1 band above".to_owned(),
                    g => format!("{g} bands above"),
                }
            );
            best = max_basis(
                best,
                Basis {
                    level,
                    scenario: Some(s.id.clone()),
                    reason,
                },
            );
        }
        out.risk_gap = Some(best.unwrap_or_else(|| Basis {
            level: matrix.gap_to_sl(0),
            scenario: None,
            reason: format!(
                "no scenario rated above the tolerable line drives a cyber SL: baseline SL {}.",
                matrix.gap_to_sl(0)
            ),
        }));
    }
    if used.consequence {
        for s in &driving {
            let Some((cat, c)) = s.consequences.worst() else {
                continue;
            };
            let level = matrix.consequence_to_sl(c);
            out.consequence = max_basis(
                out.consequence.take(),
                Basis {
                    level,
                    scenario: Some(s.id.clone()),
                    reason: format!(
                        "{}: worst credible consequence {} ({}), not covered by non-hackable safeguards, so SL {level}.",
                        s.id,
                        label(&matrix.consequence, c),
                        cat.key()
                    ),
                },
            );
        }
    }
    if used.threat {
        for s in &driving {
            let level = matrix.threat_to_sl(s.source);
            out.threat = max_basis(
                out.threat.take(),
                Basis {
                    level,
                    scenario: Some(s.id.clone()),
                    reason: format!(
                        "{}: credible threat source: {}, so SL {level}.",
                        s.id,
                        s.source.label()
                    ),
                },
            );
        }
    }
    for b in [&out.risk_gap, &out.consequence, &out.threat]
        .into_iter()
        .flatten()
    {
        out.trace.push(b.reason.clone());
    }
    out.scalar = [&out.risk_gap, &out.consequence, &out.threat]
        .into_iter()
        .flatten()
        .map(|b| b.level)
        .max();
    if let Some(l) = out.scalar {
        out.trace.push(format!(
            "Proposal: SL {l}, the highest of {}.",
            out.method()
        ));
    }
}

/// "4 Likely": the 1-based level with its label.
fn label(scale: &[String], level: u8) -> String {
    let name = usize::from(level)
        .checked_sub(1)
        .and_then(|i| scale.get(i))
        .map_or("", String::as_str);
    if name.is_empty() {
        level.to_string()
    } else {
        format!("{level} {name}")
    }
}

/// Tailoring on top of the proposal per FR.
fn tailor(risk: &RiskAssessment, out: &mut Proposal) {
    let Some(base) = out.vector else {
        return;
    };
    let mut v = base;
    for t in &risk.tailoring {
        if t.level == base.get(t.fr) {
            continue;
        }
        v.set(t.fr, t.level);
        let dir = if t.level > base.get(t.fr) {
            "raised"
        } else {
            "lowered"
        };
        if t.note.trim().is_empty() {
            out.missing_notes.push(t.fr);
            out.trace.push(format!(
                "{} {dir} to {} without a note: a note is needed.",
                t.fr.abbrev(),
                t.level
            ));
        } else {
            out.trace.push(format!(
                "{} {dir} to {}: {}",
                t.fr.abbrev(),
                t.level,
                t.note.trim()
            ));
        }
    }
    out.tailored = Some(v);
    if v != base {
        out.trace.push(format!("Tailored SL-T: {v}."));
    }
}

/// The proposal for a zone's risk assessment.
pub fn propose_zone(matrix: &RiskMatrix, risk: &RiskAssessment) -> Proposal {
    let mut out = Proposal::default();
    approaches(matrix, risk, &mut out);
    out.vector = out.scalar.map(SlVector::uniform);
    tailor(risk, &mut out);
    out
}

/// The proposal for a conduit: its own scenarios, and per FR at least the highest SL-T of the
/// internal zones it joins (external zones are outside the system and set nothing).
pub fn propose_conduit(model: &Model, conduit: &Conduit) -> Proposal {
    let mut out = Proposal::default();
    approaches(&model.project.risk_matrix, &conduit.risk, &mut out);
    if let Some(h) = model.highest_zone_sl_t(conduit) {
        let zones: Vec<String> = model
            .assessed_zones_of(conduit)
            .iter()
            .map(|z| z.id.to_string())
            .collect();
        out.trace.push(format!(
            "Highest SL-T per FR of the joined zones ({}): {h}.",
            zones.join(", ")
        ));
        out.from_zones = Some((h, zones));
    }
    out.vector = match (out.scalar, &out.from_zones) {
        (Some(s), Some((h, _))) => Some(h.max(&SlVector::uniform(s))),
        (Some(s), None) => Some(SlVector::uniform(s)),
        (None, Some((h, _))) => Some(*h),
        (None, None) => None,
    };
    if let (Some(v), Some(_), Some(_)) = (out.vector, out.scalar, &out.from_zones) {
        out.trace.push(format!(
            "Proposal: {v}, per FR the higher of the scenarios' SL and the zones'."
        ));
    }
    tailor(&conduit.risk, &mut out);
    out
}

/// The proposal for a zone or conduit by id, `None` for other elements.
pub fn propose(model: &Model, element: &ElementId) -> Option<Proposal> {
    match element {
        ElementId::Zone(z) => model
            .zone(z.as_str())
            .map(|z| propose_zone(&model.project.risk_matrix, &z.risk)),
        ElementId::Conduit(c) => model.conduit(c.as_str()).map(|c| propose_conduit(model, c)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Consequences, Rect, Tailoring, ThreatSource, Zone, ZoneKind};

    fn scenario(
        id: &str,
        likelihood: u8,
        safety: Option<u8>,
        production: Option<u8>,
    ) -> ThreatScenario {
        let mut s = ThreatScenario::new(id, format!("scenario {id}"));
        s.likelihood = likelihood;
        s.consequences = Consequences {
            safety,
            production,
            ..Consequences::default()
        };
        s
    }

    fn sl(n: u8) -> SecurityLevel {
        SecurityLevel::saturating(n)
    }

    #[test]
    fn the_risk_gap_maps_bands_above_the_line() {
        let m = RiskMatrix::default();
        let mut r = RiskAssessment::default();
        // 2 + 3 = 5: at the line.
        r.scenarios.push(scenario("TS-1", 2, None, Some(3)));
        r.approaches.consequence = false;
        r.approaches.threat = false;
        let p = propose_zone(&m, &r);
        assert_eq!(p.risk_gap.as_ref().unwrap().level, sl(1));
        // 4 + 4 = 8: three bands above.
        r.scenarios.push(scenario("TS-2", 4, Some(4), Some(2)));
        let p = propose_zone(&m, &r);
        let b = p.risk_gap.clone().unwrap();
        assert_eq!((b.level, b.scenario.as_deref()), (sl(4), Some("TS-2")));
        assert!(b.reason.contains("3 bands above"), "{}", b.reason);
        assert_eq!(p.scalar, Some(sl(4)));
        assert_eq!(p.method(), "risk gap");
    }

    #[test]
    fn the_consequence_approach_skips_scenarios_safeguards_cover() {
        let m = RiskMatrix::default();
        let mut r = RiskAssessment::default();
        let mut covered = scenario("TS-1", 3, Some(5), None);
        covered.safeguards_cover = true;
        r.scenarios.push(covered);
        r.scenarios.push(scenario("TS-2", 1, None, Some(2)));
        r.approaches.risk_gap = false;
        r.approaches.threat = false;
        let p = propose_zone(&m, &r);
        let b = p.consequence.unwrap();
        assert_eq!((b.level, b.scenario.as_deref()), (sl(2), Some("TS-2")));
        assert!(p.trace[0].contains("non-hackable safeguards"));
    }

    #[test]
    fn the_threat_approach_takes_the_most_capable_source_and_the_proposal_the_highest() {
        let m = RiskMatrix::default();
        let mut r = RiskAssessment::default();
        let mut a = scenario("TS-1", 1, None, Some(1));
        a.source = ThreatSource::InsiderAccidental;
        let mut b = scenario("TS-2", 1, None, Some(1));
        b.source = ThreatSource::NationState;
        r.scenarios = vec![a, b];
        let p = propose_zone(&m, &r);
        assert_eq!(p.threat.as_ref().unwrap().level, sl(4));
        assert_eq!(p.risk_gap.as_ref().unwrap().level, sl(1));
        assert_eq!(p.consequence.as_ref().unwrap().level, sl(1));
        assert_eq!(p.scalar, Some(sl(4)));
        assert_eq!(p.vector, Some(SlVector::uniform(sl(4))));
        r.approaches.threat = false;
        assert_eq!(propose_zone(&m, &r).scalar, Some(sl(1)));
    }

    #[test]
    fn tailoring_needs_a_note_per_fr_that_differs() {
        let m = RiskMatrix::default();
        let mut r = RiskAssessment::default();
        r.scenarios.push(scenario("TS-1", 4, Some(4), None));
        r.tailoring.push(Tailoring {
            fr: Fr::Dc,
            level: sl(1),
            note: String::new(),
        });
        // Same as the proposal: no note needed.
        r.tailoring.push(Tailoring {
            fr: Fr::Iac,
            level: sl(4),
            note: String::new(),
        });
        let p = propose_zone(&m, &r);
        assert_eq!(p.missing_notes, [Fr::Dc]);
        assert!(!p.can_apply());
        assert_eq!(p.tailored.unwrap().get(Fr::Dc), sl(1));
        r.tailoring[0].note = "Nothing confidential: process values only.".into();
        let p = propose_zone(&m, &r);
        assert!(p.can_apply());
        assert!(
            p.trace
                .iter()
                .any(|t| t.starts_with("DC lowered to 1: Nothing"))
        );
    }

    #[test]
    fn a_conduit_is_proposed_from_its_internal_zones() {
        let mut m = Model::default();
        let mut a = Zone::new("Z-A", "A", ZoneKind::Control, Rect::default());
        a.sl_t = SlVector::from_levels([2, 2, 3, 1, 2, 1, 3]);
        let mut b = Zone::new("Z-B", "B", ZoneKind::Operations, Rect::default());
        b.sl_t = SlVector::from_levels([3, 2, 2, 2, 2, 2, 1]);
        let mut x = Zone::new("Z-X", "X", ZoneKind::External, Rect::default());
        x.sl_t = SlVector::from_levels([4; 7]);
        for z in [a, b, x] {
            m.insert_zone(z);
        }
        let mut c = Conduit::new("C-1", "C", vec!["Z-A".into(), "Z-B".into(), "Z-X".into()]);
        let p = propose_conduit(&m, &c);
        assert_eq!(p.vector, SlVector::from_levels([3, 2, 3, 2, 2, 2, 3]));
        assert_eq!(p.from_zones.as_ref().unwrap().1, ["Z-A", "Z-B"]);
        assert_eq!(p.scalar, None);
        c.risk.scenarios.push(scenario("TS-1", 4, None, Some(4)));
        c.risk.approaches.threat = false;
        let p = propose_conduit(&m, &c);
        // Risk 8 → SL 4 raises every FR.
        assert_eq!(p.vector, Some(SlVector::uniform(sl(4))));
        m.insert_conduit(c);
        assert!(propose(&m, &ElementId::Conduit("C-1".into())).is_some());
    }

    #[test]
    fn no_scenarios_no_proposal() {
        let p = propose_zone(&RiskMatrix::default(), &RiskAssessment::default());
        assert_eq!((p.scalar, p.vector, p.tailored), (None, None, None));
        assert_eq!(p.method(), "none");
        assert!(!p.can_apply());
    }
}
