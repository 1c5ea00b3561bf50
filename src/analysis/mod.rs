//! The analysis: `(&Model, &Catalog) -> Analysis`. Pure and deterministic; every list it returns
//! is sorted. Fast enough to run after every edit (see `benches/analysis.rs`).
//!
//! - [`deltas`]: SL-C per zone and conduit and the requirement deltas against SL-T.
//! - [`rules`]: one validation rule per file; each finding has a stable id `rule@element`.
//! - [`topology`]: a petgraph view of zones and conduits, derived, never saved.
//!
//! Depends on `model` and `catalog`. No egui, no I/O.

pub mod deltas;
pub mod rules;
pub mod topology;

use std::fmt;

use serde::Serialize;

use crate::catalog::Catalog;
use crate::model::{ElementId, Model};

pub use deltas::{AssetDelta, ConduitDelta, Covered, Delta, Deltas, Unmet, ZoneDelta};
pub use rules::{RULES, Rule, RuleMeta};
pub use topology::Topology;

/// The heuristic the deltas rest on, to be shown wherever deltas are shown.
pub const SLC_HEURISTIC: &str = "Heuristic of this tool: a zone's SL-C on each FR is the lowest \
SL-C of the assets in it, subzones included (weakest link); a conduit's is the lowest of its \
boundary devices. A zone or conduit with no such assets has SL-C 0.";

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One problem a rule found.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Finding {
    /// `rule-id@element-id`: stable across edits, so the user's triage survives.
    pub id: String,
    pub rule: &'static str,
    pub severity: Severity,
    /// The elements involved; the first is the one the id names.
    pub elements: Vec<ElementId>,
    pub message: String,
    /// The user accepted it (see `Model::accepted`).
    pub accepted: bool,
}

/// Everything derived from a model.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    pub deltas: Deltas,
    /// Sorted by severity (errors first), then id.
    pub findings: Vec<Finding>,
}

impl Analysis {
    pub fn run(model: &Model, catalog: &'static Catalog) -> Self {
        let topology = Topology::build(model);
        let deltas = Deltas::compute(model, catalog);
        let ctx = rules::Ctx {
            model,
            catalog,
            deltas: &deltas,
            topology: &topology,
        };
        let mut findings = Vec::new();
        for rule in RULES {
            (rule.check)(&ctx, &mut findings);
        }
        for f in &mut findings {
            f.accepted = model.accepted.contains_key(&f.id);
        }
        findings.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.id.cmp(&b.id)));
        findings.dedup_by(|a, b| a.id == b.id);
        Self { deltas, findings }
    }

    /// Open (not accepted) findings at or above `severity`.
    pub fn open_at_or_above(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| !f.accepted && f.severity >= severity)
            .count()
    }

    /// The findings that name `element`.
    pub fn findings_for<'a>(&'a self, element: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings
            .iter()
            .filter(move |f| f.elements.iter().any(|e| e.as_str() == element))
    }
}
