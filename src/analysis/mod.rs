//! The analysis: `(&Model, &Catalog) -> Analysis`. Pure and deterministic; every list it returns
//! is sorted. Fast enough to run after every edit (see `benches/analysis.rs`).
//!
//! - [`deltas`]: SL-C per zone and conduit and the requirement deltas against SL-T.
//! - [`rules`]: one validation rule per file; each finding has a stable id `rule@element`.
//! - [`topology`]: a petgraph view of zones and conduits, derived, never saved.
//!
//! Depends on `model` and `catalog`. No egui, no I/O.

pub mod deltas;
pub(crate) mod judge;
pub mod plan;
pub mod risk;
pub mod rules;
pub mod topology;
mod update;

use std::fmt;

use rayon::prelude::*;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::model::{ApprovalStatus, ElementId, Model};

pub use deltas::{
    AssetDelta, ConduitDelta, Covered, Delta, Deltas, Detail, NotApplicableItem, Reason, Unmet,
    Why, ZoneDelta,
};
pub use plan::{Fix, FixAction, FixPlan};
pub use rules::{RULES, Rule, RuleMeta};
pub use topology::{SearchTree, Topology};

/// Hashing for the analysis' id indexes. Ids come from the user's own file, so there is nothing
/// to defend against, and std's SipHash was a tenth of the analysis of a 10,000-asset model.
pub(crate) type IdHash = std::hash::BuildHasherDefault<IdHasher>;

/// The FxHash word step (as in rustc) with a final avalanche, so that the low bits the
/// hash table uses depend on every byte of the id.
#[derive(Clone, Copy, Default)]
pub(crate) struct IdHasher(u64);

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // The 64-bit finaliser of MurmurHash3.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// The SL-C heuristic, to be shown wherever deltas are shown.
pub const SLC_HEURISTIC: &str = "Heuristic of this tool: a zone's SL-C on each FR is the lowest \
SL-C of its assessed assets with a digital interface, subzones included (weakest link); an asset \
whose SL-C is unknown is listed as such, never taken as 0 or as met. A conduit's SL-C is the best \
of its boundary devices, held at 0 on FR1, FR3 or FR4 by a channel whose protocol lacks native \
authentication, integrity or confidentiality; such a channel leaves the conduit's communication \
items (SR 1.2, SR 3.1, SR 4.1 and their enhancements) unmet unless a countermeasure covers them.";

/// The SL-A heuristic, to be shown wherever SL-A is shown.
pub const SLA_HEURISTIC: &str = "Heuristic of this tool: SL-A (estimated) on each FR is the \
highest level whose applicable 3-3 items are all met, by a capable component, boundary device \
or security service as the allocation table allows, or covered by an implemented \
countermeasure. Gaps, colours and summaries compare SL-T with this SL-A.";

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

/// How far the achieved (or capability) level falls short of the target on one FR: the one
/// scale the canvas, the panels and the report colour by (see `diagram::style::gap_fill`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GapLevel {
    /// No SL-T (or an external zone).
    Unassessed,
    Met,
    /// One level below SL-T.
    One,
    /// Two or more levels below SL-T.
    TwoOrMore,
}

impl GapLevel {
    pub fn of(target: Option<u8>, capability: u8) -> Self {
        match target {
            None => Self::Unassessed,
            Some(t) if capability >= t => Self::Met,
            Some(t) if t - capability == 1 => Self::One,
            Some(_) => Self::TwoOrMore,
        }
    }
}

/// The headline counts of an analysis (see [`Analysis::summary`]); `check --format json`
/// prints it as `summary`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize)]
pub struct Summary {
    pub zones: usize,
    pub conduits: usize,
    pub assets: usize,
    /// Open 3-3 items in zones and conduits (neither met nor covered).
    pub unmet: usize,
    pub unmet_per_fr: [usize; 7],
    /// Open 4-2 rows of in-scope assets.
    pub unmet_components: usize,
    pub covered: usize,
    pub not_applicable: usize,
    /// Zones with an SL-T whose SL-A reaches it on every FR.
    pub zones_at_target: usize,
    pub zones_short: usize,
    pub open_errors: usize,
    pub open_warnings: usize,
    pub open_info: usize,
    pub accepted: usize,
}

impl Summary {
    /// Open (not accepted) findings of every severity.
    pub fn open_findings(&self) -> usize {
        self.open_errors + self.open_warnings + self.open_info
    }
}

/// Everything derived from a model.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Shared with the editor's next analysis after an in-place edit (see [`Analysis::update`]).
    pub deltas: std::sync::Arc<Deltas>,
    /// Sorted by severity (errors first), then id. Shared with the editor's next analysis
    /// after an in-place edit, which keeps the findings the edit cannot change.
    pub findings: std::sync::Arc<Vec<Finding>>,
    /// The latest approval against the model (IEC 62443-3-2 ZCR 7).
    pub approval: ApprovalStatus,
}

impl Analysis {
    /// The analysis of `model`, its deltas with the culprits of every unmet item but not its
    /// reasons (see [`Detail`]): what the editor shows, which asks [`Deltas::element`] for the
    /// reasons of the one element it details.
    pub fn run(model: &Model, catalog: &'static Catalog) -> Self {
        Self::run_with(model, catalog, Detail::Culprits)
    }

    /// The analysis of `model` with the reasons of every unmet item too: for the report,
    /// `check` and whatever else shows every item's reasons.
    pub fn run_with_reasons(model: &Model, catalog: &'static Catalog) -> Self {
        Self::run_with(model, catalog, Detail::Reasons)
    }

    fn run_with(model: &Model, catalog: &'static Catalog, detail: Detail) -> Self {
        // The deltas and the rules are independent of each other (rules look at the model and
        // its topology), and the rules of one another: run them all on all cores.
        let approval = ApprovalStatus::of(model).0;
        let (deltas, findings) = rayon::join(
            || Deltas::compute_with(model, catalog, detail),
            || {
                let topology = Topology::build(model);
                let ctx = rules::Ctx::new(model, catalog, &topology, &approval);
                Self::check(&ctx, RULES.iter())
            },
        );
        Self::assemble(model, deltas, Vec::new(), findings, approval)
    }

    /// The analysis of `model` after edits that changed elements only in place since the
    /// analysis with `previous` deltas and `findings` was made, `edited` being their log as
    /// `Moved::record_edit` keeps it (see [`Deltas::update`] for what the caller guarantees):
    /// the deltas of the zones, conduits and assets the edits reach are judged again and the
    /// rules of [`rules::Scope::Reached`] check those elements again; the other deltas and
    /// findings are shared or kept. Rules of [`rules::Scope::Plant`] check the whole model.
    /// Equal to [`Analysis::run`].
    pub fn update(
        previous: &Deltas,
        findings: &[Finding],
        model: &Model,
        catalog: &'static Catalog,
        edited: &crate::model::Moved,
    ) -> Self {
        let approval = ApprovalStatus::of(model).0;
        let is_plant = |r: &&Rule| r.scope == rules::Scope::Plant;
        // What the edits reach and the deltas, beside the topology and the rules that check
        // the whole plant.
        let (prepared, (topology, mut fresh)) = rayon::join(
            || Deltas::update_reached(previous, model, catalog, edited),
            || {
                let topology = Topology::build(model);
                let ctx = rules::Ctx::new(model, catalog, &topology, &approval);
                let plant = Self::check(&ctx, RULES.iter().filter(is_plant));
                drop(ctx);
                (topology, plant)
            },
        );
        let Some((deltas, reached)) = prepared else {
            return Self::run(model, catalog);
        };
        let ctx = rules::Ctx::new(model, catalog, &topology, &approval);
        let local = RULES.iter().filter(|r| !is_plant(r));
        // A changed project reaches findings about any element.
        if edited.project {
            fresh.extend(Self::check(&ctx, local));
            return Self::assemble(model, deltas, Vec::new(), fresh, approval);
        }
        fresh.extend(Self::check(&ctx.only(&reached), local));
        // The other rules' findings about elements the edits did not reach stand.
        let plant: std::collections::HashSet<&str, IdHash> =
            (RULES.iter().filter(is_plant)).map(|r| r.meta.id).collect();
        let subjects = reached.subjects(previous);
        let kept = findings
            .iter()
            .filter(|f| {
                !plant.contains(f.rule)
                    && (f.elements.first()).is_some_and(|s| update::Reached::stands(&subjects, s))
            })
            .cloned()
            .collect();
        Self::assemble(model, deltas, kept, fresh, approval)
    }

    /// The findings of `rules` on `ctx`, run on all cores.
    fn check<'r>(ctx: &rules::Ctx<'_>, rules: impl Iterator<Item = &'r Rule>) -> Vec<Finding> {
        rules
            .collect::<Vec<_>>()
            .par_iter()
            .map(|rule| {
                let mut out = Vec::new();
                (rule.check)(ctx, &mut out);
                out
            })
            .flatten_iter()
            .collect()
    }

    /// The analysis of `model` from its deltas and its rules' findings: `kept`, in order
    /// already, and `fresh`.
    fn assemble(
        model: &Model,
        deltas: Deltas,
        kept: Vec<Finding>,
        mut fresh: Vec<Finding>,
        approval: ApprovalStatus,
    ) -> Self {
        let order =
            |a: &Finding, b: &Finding| b.severity.cmp(&a.severity).then_with(|| a.id.cmp(&b.id));
        fresh.sort_by(order);
        // Merged in order: the two lists are sorted.
        let mut findings = Vec::with_capacity(kept.len() + fresh.len());
        let (mut kept, mut fresh) = (kept.into_iter().peekable(), fresh.into_iter().peekable());
        while let Some(next) = match (kept.peek(), fresh.peek()) {
            (Some(k), Some(f)) if order(k, f).is_le() => kept.next(),
            (_, Some(_)) => fresh.next(),
            (Some(_), None) => kept.next(),
            (None, None) => None,
        } {
            findings.push(next);
        }
        findings.dedup_by(|a, b| a.id == b.id);
        let accepted: std::collections::HashSet<&str, IdHash> =
            model.accepted.keys().map(String::as_str).collect();
        for f in &mut findings {
            f.accepted = !accepted.is_empty() && accepted.contains(f.id.as_str());
        }
        Self {
            deltas: std::sync::Arc::new(deltas),
            findings: std::sync::Arc::new(findings),
            approval,
        }
    }

    /// Open (not accepted) findings at or above `severity`.
    pub fn open_at_or_above(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| !f.accepted && f.severity >= severity)
            .count()
    }

    /// The headline counts of this analysis of `model`: one home for what `check`, the report
    /// and the editor's status bar show.
    pub fn summary(&self, model: &Model) -> Summary {
        let d = &self.deltas;
        let per_fr = d.total_unmet_per_fr();
        let all = || {
            d.zones
                .iter()
                .map(|z| &z.delta)
                .chain(d.conduits.iter().map(|c| &c.delta))
        };
        let open = |s: Severity| {
            self.findings
                .iter()
                .filter(|f| !f.accepted && f.severity == s)
                .count()
        };
        Summary {
            zones: model.zones.len(),
            conduits: model.conduits.len(),
            assets: model.assets.len(),
            unmet: per_fr.iter().sum(),
            unmet_per_fr: per_fr,
            unmet_components: d.total_unmet_components(),
            covered: all().map(|x| x.covered.len()).sum(),
            not_applicable: all().map(|x| x.not_applicable.len()).sum(),
            zones_at_target: d
                .zones
                .iter()
                .filter(|z| z.delta.is_assessed() && z.delta.gap_frs().is_empty())
                .count(),
            zones_short: d
                .zones
                .iter()
                .filter(|z| !z.delta.gap_frs().is_empty())
                .count(),
            open_errors: open(Severity::Error),
            open_warnings: open(Severity::Warning),
            open_info: open(Severity::Info),
            accepted: self.findings.iter().filter(|f| f.accepted).count(),
        }
    }

    /// Accepted findings of `severity`.
    pub fn accepted_at(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.accepted && f.severity == severity)
            .count()
    }

    /// The findings that name `element`.
    pub fn findings_for<'a>(&'a self, element: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings
            .iter()
            .filter(move |f| f.elements.iter().any(|e| e.as_str() == element))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::hash::BuildHasher;

    use super::IdHash;

    #[test]
    fn id_hash_spreads_similar_ids_over_the_low_bits() {
        // Ids differ in a few digits, at the end or followed by a common suffix; a hash table
        // picks buckets by the low bits.
        for pattern in [
            |n: usize| format!("A-PLC-{n:05}"),
            |n: usize| format!("Z-{n:05}-UNIT-CONTROL"),
        ] {
            let ids: Vec<String> = (0..4096).map(pattern).collect();
            let hashes: Vec<u64> = ids
                .iter()
                .map(|id| IdHash::default().hash_one(id))
                .collect();
            assert_eq!(hashes.iter().collect::<HashSet<_>>().len(), ids.len());
            let mut buckets = [0usize; 256];
            for h in &hashes {
                buckets[usize::from(*h as u8)] += 1;
            }
            // 16 per bucket on average; a weak hash piles them into a few.
            let fullest = buckets.iter().max().copied().unwrap_or(0);
            assert!(
                fullest <= 40,
                "{}: fullest of 256 buckets holds {fullest}",
                ids[0]
            );
        }
    }
}
