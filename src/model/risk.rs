//! The IEC 62443-3-2 risk basis of an SL-T (ZCR 2, 4, 5): the project's risk matrix with its
//! tolerable-risk line and mapping tables, and per zone or conduit the threat scenarios and the
//! derivation that turns them into a target.
//!
//! 3-2 prescribes no risk method: the matrix, the tolerable line and the tables belong to the
//! asset owner. The defaults here are the example tables of the tool, labelled "example, not
//! from IEC 62443" wherever they are shown. Levels on the scales are 1-based, as people say
//! them ("likelihood 4 of 5").

use serde::{Deserialize, Serialize};

use super::{Fr, SecurityLevel, SlVector};

/// The label shown wherever the default tables appear.
pub const EXAMPLE_LABEL: &str = "example, not from IEC 62443";

/// The smallest and largest scale a matrix may have (3×3 to 5×5).
pub const SCALE_MIN: usize = 3;
pub const SCALE_MAX: usize = 5;

/// Who could mount the attack (ISAGCA's threat sources). Each maps to the SL that resists it
/// through [`RiskMatrix::threat_sl`].
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize,
)]
pub enum ThreatSource {
    #[default]
    InsiderAccidental,
    InsiderMalicious,
    Hacktivist,
    Cybercriminal,
    OrganisedCrime,
    NationState,
}

impl ThreatSource {
    pub const ALL: [Self; 6] = [
        Self::InsiderAccidental,
        Self::InsiderMalicious,
        Self::Hacktivist,
        Self::Cybercriminal,
        Self::OrganisedCrime,
        Self::NationState,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::InsiderAccidental => "Insider, accidental",
            Self::InsiderMalicious => "Insider, malicious",
            Self::Hacktivist => "Hacktivist",
            Self::Cybercriminal => "Cybercriminal (untargeted ransomware)",
            Self::OrganisedCrime => "Organised crime (targeted)",
            Self::NationState => "Nation state (IACS-specific)",
        }
    }

    /// Stable key for JSON.
    pub fn key(self) -> &'static str {
        match self {
            Self::InsiderAccidental => "insider_accidental",
            Self::InsiderMalicious => "insider_malicious",
            Self::Hacktivist => "hacktivist",
            Self::Cybercriminal => "cybercriminal",
            Self::OrganisedCrime => "organised_crime",
            Self::NationState => "nation_state",
        }
    }
}

/// The four consequence categories a scenario is rated on; the worst credible one counts.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum ConsequenceCategory {
    Safety,
    Environment,
    Production,
    Reputation,
}

impl ConsequenceCategory {
    pub const ALL: [Self; 4] = [
        Self::Safety,
        Self::Environment,
        Self::Production,
        Self::Reputation,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Safety => "Safety",
            Self::Environment => "Environment",
            Self::Production => "Production",
            Self::Reputation => "Reputation",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Safety => "safety",
            Self::Environment => "environment",
            Self::Production => "production",
            Self::Reputation => "reputation",
        }
    }
}

/// The project's risk matrix (ZCR 2.1, 4.1, 6.8) and the mapping tables of the derivation.
///
/// A scenario's risk is `likelihood + consequence` (both 1-based): the cells of one diagonal
/// band carry the same risk. Risks up to `tolerable` are tolerable; a risk above it is that
/// many bands above the line.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskMatrix {
    /// Likelihood scale, lowest first (3 to 5 labels).
    pub likelihood: Vec<String>,
    /// Consequence scale, lowest first (3 to 5 labels).
    pub consequence: Vec<String>,
    /// The highest tolerable risk (`likelihood + consequence`).
    pub tolerable: u8,
    /// Proposed SL by bands above the tolerable line: at or below, 1 band, 2 bands, 3 or more.
    pub gap_sl: [SecurityLevel; 4],
    /// Proposed SL per consequence level, lowest first (one per consequence label).
    pub consequence_sl: Vec<SecurityLevel>,
    /// Proposed SL per threat source, in [`ThreatSource::ALL`] order.
    pub threat_sl: [SecurityLevel; 6],
}

fn sl(n: u8) -> SecurityLevel {
    SecurityLevel::saturating(n)
}

impl Default for RiskMatrix {
    /// The example tables of the tool (see [`EXAMPLE_LABEL`]).
    fn default() -> Self {
        let labels = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect();
        Self {
            likelihood: labels(&["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]),
            consequence: labels(&["Negligible", "Minor", "Moderate", "Major", "Catastrophic"]),
            tolerable: 5,
            gap_sl: [sl(1), sl(2), sl(3), sl(4)],
            consequence_sl: vec![sl(1), sl(2), sl(3), sl(3), sl(4)],
            threat_sl: [sl(1), sl(3), sl(2), sl(2), sl(3), sl(4)],
        }
    }
}

impl RiskMatrix {
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// The risk of a cell, or `None` when a level lies off the scales.
    pub fn risk(&self, likelihood: u8, consequence: u8) -> Option<u8> {
        let on = |v: u8, n: usize| v >= 1 && usize::from(v) <= n;
        (on(likelihood, self.likelihood.len()) && on(consequence, self.consequence.len()))
            .then(|| likelihood + consequence)
    }

    pub fn is_tolerable(&self, risk: u8) -> bool {
        risk <= self.tolerable
    }

    /// Bands above the tolerable line (0 at or below it).
    pub fn gap(&self, risk: u8) -> u8 {
        risk.saturating_sub(self.tolerable)
    }

    pub fn gap_to_sl(&self, gap: u8) -> SecurityLevel {
        self.gap_sl[usize::from(gap.min(3))]
    }

    /// The SL of a consequence level (1-based); the table's last entry for levels beyond it.
    pub fn consequence_to_sl(&self, level: u8) -> SecurityLevel {
        let i = usize::from(level.max(1) - 1);
        self.consequence_sl
            .get(i)
            .or(self.consequence_sl.last())
            .copied()
            .unwrap_or_default()
    }

    pub fn threat_to_sl(&self, source: ThreatSource) -> SecurityLevel {
        let i = ThreatSource::ALL
            .iter()
            .position(|s| *s == source)
            .unwrap_or(0);
        self.threat_sl[i]
    }

    /// The lowest and highest possible risk.
    pub fn risk_range(&self) -> (u8, u8) {
        let n = |v: &Vec<String>| u8::try_from(v.len()).unwrap_or(u8::MAX);
        (2, n(&self.likelihood) + n(&self.consequence))
    }

    /// Resizes a scale to `n` levels (clamped to 3–5), keeping the labels and table entries it
    /// has; new levels get a numbered label and the SL of the level below.
    pub fn resize(&mut self, likelihood: usize, consequence: usize) {
        let likelihood = likelihood.clamp(SCALE_MIN, SCALE_MAX);
        let consequence = consequence.clamp(SCALE_MIN, SCALE_MAX);
        let grow = |v: &mut Vec<String>, n: usize, what: &str| {
            v.truncate(n);
            while v.len() < n {
                v.push(format!("{what} {}", v.len() + 1));
            }
        };
        grow(&mut self.likelihood, likelihood, "Likelihood");
        grow(&mut self.consequence, consequence, "Consequence");
        self.consequence_sl.truncate(consequence);
        while self.consequence_sl.len() < consequence {
            let last = self.consequence_sl.last().copied().unwrap_or(sl(1));
            self.consequence_sl.push(last);
        }
        let (lo, hi) = self.risk_range();
        self.tolerable = self.tolerable.clamp(lo, hi);
    }
}

/// Consequence of a scenario per category, each a 1-based level on the consequence scale, or
/// `None` when not credible in that category.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Consequences {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safety: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub production: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reputation: Option<u8>,
}

impl Consequences {
    pub fn get(&self, c: ConsequenceCategory) -> Option<u8> {
        match c {
            ConsequenceCategory::Safety => self.safety,
            ConsequenceCategory::Environment => self.environment,
            ConsequenceCategory::Production => self.production,
            ConsequenceCategory::Reputation => self.reputation,
        }
    }

    pub fn set(&mut self, c: ConsequenceCategory, level: Option<u8>) {
        *match c {
            ConsequenceCategory::Safety => &mut self.safety,
            ConsequenceCategory::Environment => &mut self.environment,
            ConsequenceCategory::Production => &mut self.production,
            ConsequenceCategory::Reputation => &mut self.reputation,
        } = level;
    }

    /// The worst credible consequence and its category (the first of equals, in
    /// [`ConsequenceCategory::ALL`] order), or `None` when none is rated.
    pub fn worst(&self) -> Option<(ConsequenceCategory, u8)> {
        ConsequenceCategory::ALL
            .iter()
            .filter_map(|c| self.get(*c).map(|l| (*c, l)))
            .fold(None, |best, (c, l)| match best {
                Some((_, b)) if b >= l => best,
                _ => Some((c, l)),
            })
    }
}

/// One threat scenario of a zone or conduit (ZCR 5.1–5.5).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreatScenario {
    /// Short id, unique within the element (`TS-1`), so the report and notes can cite it.
    pub id: String,
    pub title: String,
    pub source: ThreatSource,
    /// How the attack arrives (ZCR 5.1).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub vector: String,
    /// What it enters through: a conduit or external zone by id, or the name of one of the
    /// element's own access points (ZCR 6.4 f, g).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// The weakness it exploits (ZCR 5.2).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub vulnerability: String,
    /// What happens, in HAZOP terms (ZCR 5.3).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub consequence: String,
    #[serde(default)]
    pub consequences: Consequences,
    /// Non-hackable safeguards (relief valves, mechanical trips, …) fully cover the scenario:
    /// the Security PHA question. Such a scenario needs no cyber SL of its own.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub safeguards_cover: bool,
    /// Unmitigated likelihood, 1-based on the likelihood scale (ZCR 5.4).
    pub likelihood: u8,
    /// HAZOP/PHA node or study reference.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pha_ref: String,
}

impl ThreatScenario {
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            title: title.into(),
            source: ThreatSource::Cybercriminal,
            vector: String::new(),
            entry: None,
            vulnerability: String::new(),
            consequence: String::new(),
            consequences: Consequences::default(),
            safeguards_cover: false,
            likelihood: 1,
            pha_ref: String::new(),
        }
    }
}

/// One FR set apart from the proposal, with the reason (e.g. DC lowered: nothing confidential).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tailoring {
    pub fr: Fr,
    pub level: SecurityLevel,
    #[serde(default)]
    pub note: String,
}

/// Which derivation approaches are used (§3.2 of the method); the proposal is the highest of
/// the used ones that have inputs.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Approaches {
    /// Risk gap above the tolerable line.
    pub risk_gap: bool,
    /// Worst credible consequence not covered by non-hackable safeguards.
    pub consequence: bool,
    /// Most capable credible threat source.
    pub threat: bool,
}

impl Default for Approaches {
    fn default() -> Self {
        Self {
            risk_gap: true,
            consequence: true,
            threat: true,
        }
    }
}

/// The risk basis of one zone's or conduit's SL-T.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RiskAssessment {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<ThreatScenario>,
    #[serde(skip_serializing_if = "is_default_approaches")]
    pub approaches: Approaches,
    /// FRs set apart from the proposal, each with a note.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tailoring: Vec<Tailoring>,
    /// The SL-T as the derivation last applied it. The SL-T counts as derived while it equals
    /// this; a later hand edit shows as overriding it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applied: Option<SlVector>,
}

fn is_default_approaches(a: &Approaches) -> bool {
    *a == Approaches::default()
}

impl RiskAssessment {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    pub fn tailoring_of(&self, fr: Fr) -> Option<&Tailoring> {
        self.tailoring.iter().find(|t| t.fr == fr)
    }

    /// A scenario id not yet used here: `TS-1`, `TS-2`, …
    pub fn fresh_scenario_id(&self) -> String {
        (1..)
            .map(|n| format!("TS-{n}"))
            .find(|id| self.scenarios.iter().all(|s| &s.id != id))
            .unwrap_or_default()
    }
}

/// Where an SL-T stands against its derivation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SltOrigin {
    /// No SL-T.
    Unset,
    /// Set by hand, never derived.
    Manual,
    /// Equal to what the derivation applied.
    Derived,
    /// Derived once, then edited by hand.
    Overridden,
}

impl SltOrigin {
    pub fn of(sl_t: Option<SlVector>, risk: &RiskAssessment) -> Self {
        match (sl_t, risk.applied) {
            (None, _) => Self::Unset,
            (Some(_), None) => Self::Manual,
            (Some(t), Some(a)) if t == a => Self::Derived,
            (Some(_), Some(_)) => Self::Overridden,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Unset => "not set",
            Self::Manual => "set by hand",
            Self::Derived => "derived from the risk assessment",
            Self::Overridden => "derived, then overridden by hand",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_matrix_is_five_by_five_with_the_example_tables() {
        let m = RiskMatrix::default();
        assert_eq!((m.likelihood.len(), m.consequence.len()), (5, 5));
        assert_eq!(m.risk(3, 5), Some(8));
        assert_eq!(m.risk(0, 5), None);
        assert_eq!(m.risk(3, 6), None);
        assert!(m.is_tolerable(5) && !m.is_tolerable(6));
        assert_eq!(m.gap(4), 0);
        assert_eq!(m.gap(8), 3);
        assert_eq!(m.gap_to_sl(0).get(), 1);
        assert_eq!(m.gap_to_sl(1).get(), 2);
        assert_eq!(m.gap_to_sl(9).get(), 4);
        assert_eq!(m.consequence_to_sl(5).get(), 4);
        assert_eq!(m.consequence_to_sl(2).get(), 2);
        assert_eq!(m.threat_to_sl(ThreatSource::NationState).get(), 4);
        assert_eq!(m.threat_to_sl(ThreatSource::InsiderAccidental).get(), 1);
    }

    #[test]
    fn resizing_keeps_labels_and_clamps_the_line() {
        let mut m = RiskMatrix::default();
        m.resize(3, 4);
        assert_eq!(m.likelihood, ["Rare", "Unlikely", "Possible"]);
        assert_eq!(m.consequence.len(), 4);
        assert_eq!(m.consequence_sl.len(), 4);
        assert_eq!(m.risk_range(), (2, 7));
        assert_eq!(m.tolerable, 5);
        m.tolerable = 7;
        m.resize(2, 9);
        assert_eq!((m.likelihood.len(), m.consequence.len()), (3, 5));
        assert_eq!(m.consequence[4], "Consequence 5");
        assert_eq!(m.consequence_sl[4], m.consequence_sl[3]);
        assert_eq!(m.tolerable, 7);
        m.resize(3, 3);
        assert_eq!(m.tolerable, 6, "the line stays on the smaller matrix");
    }

    #[test]
    fn the_worst_consequence_is_the_highest_first_of_equals() {
        let mut c = Consequences::default();
        assert_eq!(c.worst(), None);
        c.production = Some(3);
        c.reputation = Some(3);
        assert_eq!(c.worst(), Some((ConsequenceCategory::Production, 3)));
        c.set(ConsequenceCategory::Safety, Some(4));
        assert_eq!(c.worst(), Some((ConsequenceCategory::Safety, 4)));
    }

    #[test]
    fn the_origin_of_an_slt_follows_its_derivation() {
        let v = SlVector::uniform(SecurityLevel::saturating(2));
        let mut r = RiskAssessment::default();
        assert_eq!(SltOrigin::of(None, &r), SltOrigin::Unset);
        assert_eq!(SltOrigin::of(Some(v), &r), SltOrigin::Manual);
        r.applied = Some(v);
        assert_eq!(SltOrigin::of(Some(v), &r), SltOrigin::Derived);
        let mut w = v;
        w.set(Fr::Dc, SecurityLevel::saturating(1));
        assert_eq!(SltOrigin::of(Some(w), &r), SltOrigin::Overridden);
    }

    #[test]
    fn fresh_scenario_ids_fill_gaps() {
        let mut r = RiskAssessment::default();
        assert_eq!(r.fresh_scenario_id(), "TS-1");
        r.scenarios.push(ThreatScenario::new("TS-1", "a"));
        r.scenarios.push(ThreatScenario::new("TS-3", "b"));
        assert_eq!(r.fresh_scenario_id(), "TS-2");
    }
}
