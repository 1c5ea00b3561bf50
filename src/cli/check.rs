//! `zoneplan check MODEL.ron [--format text|json] [--fail-on error|warning|never] [--texts FILE]`:
//! the deltas and findings of one model, for a terminal or for a script.
//!
//! Both outputs are built from [`Analysis`] only and are deterministic (everything in id order,
//! findings by severity then id). The JSON shape is a public interface documented in README.md:
//! fields may be added, never renamed. The exit code says whether open (not accepted) findings
//! reach the `--fail-on` threshold; see the module docs of `cli` for all codes.
//!
//! Depends on `model`, `catalog`, `analysis` and `persistence`; nothing here knows egui.

use std::fmt::Display;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use crate::analysis::risk::{Proposal, propose_conduit, propose_zone, scenario_risk};
use crate::analysis::{self, Analysis, Covered, Delta, Finding, FixPlan, Severity, Unmet, Why};
use crate::catalog::{Provider, Texts, catalog};
use crate::model::{
    ApprovalStatus, AssetId, Changes, ComponentClass, CountermeasureId, Fr, Model, RiskAssessment,
    SecurityLevel, SlVector, SltOrigin, completeness, latest_approval, missing_fields,
};
use crate::persistence;

/// The version of the JSON format below; bumped only if a field ever has to change meaning.
const JSON_VERSION: u32 = 2;

/// Text output is laid out for a terminal this wide.
const WIDTH: usize = 100;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model to check (a zoneplan `.ron` file).
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit with 1 when an open (not accepted) finding has at least this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Your own requirement texts (CSV `id,text` or a RON map) to show under unmet items.
    #[arg(long, value_name = "FILE")]
    pub texts: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

impl FailOn {
    /// The lowest severity that fails the check, if any does.
    fn threshold(self) -> Option<Severity> {
        match self {
            Self::Error => Some(Severity::Error),
            Self::Warning => Some(Severity::Warning),
            Self::Never => None,
        }
    }
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let model = persistence::load(&args.model)?;
    let texts = args
        .texts
        .as_deref()
        .map(crate::persistence::load_texts)
        .transpose()?;
    // The plan starts from the analysis' deltas rather than judging every element again.
    let analysis = Analysis::run_with_reasons(&model, catalog());
    match args.format {
        Format::Json => {
            // Streamed: a large plant's report is tens of megabytes. The fix plan is its last
            // section but one, so it is worked out while the sections before it are written.
            std::thread::scope(|scope| {
                let planning =
                    scope.spawn(|| FixPlan::from_deltas(&model, catalog(), &analysis.deltas));
                let report = json_report(&model, &analysis, Later::new(planning), texts.as_ref());
                super::write_stdout_with(|w| {
                    serde_json::to_writer_pretty(&mut *w, &report).map_err(std::io::Error::from)?;
                    std::io::Write::write_all(w, b"\n")
                })
            })?;
        }
        Format::Text => {
            let plan = FixPlan::from_deltas(&model, catalog(), &analysis.deltas);
            let colour = use_colour(
                std::io::stdout().is_terminal(),
                std::env::var_os("NO_COLOR").is_some(),
            );
            let out = text_report(
                &model,
                &analysis,
                &plan,
                texts.as_ref(),
                &args.model.display().to_string(),
                Style { colour },
            );
            super::write_stdout(&out)?;
        }
    }
    // An outdated approval counts as a warning even when only removals outdate it (removed
    // elements have no finding of their own).
    let outdated = matches!(analysis.approval, ApprovalStatus::Outdated(_));
    let failed = args
        .fail_on
        .threshold()
        .is_some_and(|s| analysis.open_at_or_above(s) > 0 || (outdated && s <= Severity::Warning));
    // The process ends here: freeing a large plant's model and analysis piece by piece would
    // only delay the exit (a tenth of the run at 10,000 assets); the OS takes the memory back.
    #[expect(
        clippy::mem_forget,
        reason = "the process exits next; the OS frees the memory at once"
    )]
    std::mem::forget((model, analysis));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Colour only for a terminal, and never when the user set `NO_COLOR`.
fn use_colour(stdout_is_tty: bool, no_color_set: bool) -> bool {
    stdout_is_tty && !no_color_set
}

// ---------------------------------------------------------------------------------------------
// JSON

#[derive(Serialize)]
struct JsonReport<'a, P> {
    version: u32,
    project: JsonProject<'a>,
    heuristic: &'static str,
    heuristics: JsonHeuristics,
    zones: Vec<JsonZone<'a>>,
    conduits: Vec<JsonConduit<'a>>,
    assets: Vec<JsonAsset<'a>>,
    findings: Vec<JsonFinding<'a>>,
    fix_plan: P,
    summary: analysis::Summary,
    approval: JsonApproval<'a>,
    revisions: &'a [crate::model::Revision],
}

/// The latest approval against the model (IEC 62443-3-2 ZCR 7).
#[derive(Serialize)]
struct JsonApproval<'a> {
    /// `none`, `approved`, `rejected` or `outdated`.
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<JsonApprovalRecord<'a>>,
    /// Approved elements changed, removed, and elements added since (outdated only).
    changed: Vec<String>,
    removed: Vec<String>,
    added: Vec<String>,
}

#[derive(Serialize)]
struct JsonApprovalRecord<'a> {
    approver: &'a str,
    role: &'a str,
    organisation: &'a str,
    date: &'a str,
    revision: &'a str,
    decision: &'static str,
    conditions: &'a str,
    accepted_risks: &'a [String],
    review_triggers: &'a [String],
}

fn json_approval<'a>(model: &'a Model, status: &ApprovalStatus) -> JsonApproval<'a> {
    let record = latest_approval(model);
    let changes = match status {
        ApprovalStatus::Outdated(c) => c.clone(),
        _ => Changes::default(),
    };
    JsonApproval {
        status: status.key(),
        record: record.map(|a| JsonApprovalRecord {
            approver: &a.approver,
            role: &a.role,
            organisation: &a.organisation,
            date: &a.date,
            revision: &a.revision,
            decision: a.decision.key(),
            conditions: &a.conditions,
            accepted_risks: &a.accepted_risks,
            review_triggers: &a.review_triggers,
        }),
        changed: changes.changed,
        removed: changes.removed,
        added: changes.added,
    }
}

/// The risk basis of a zone's or conduit's SL-T (IEC 62443-3-2 ZCR 5).
#[derive(Serialize)]
struct JsonRisk<'a> {
    /// The derivation approaches that gave a level, in words, or `none`.
    method: String,
    /// The scalar proposal of the scenarios, before the zones (conduits) and tailoring.
    proposed_sl: Option<u8>,
    /// The proposal per FR after tailoring: what applying the derivation sets.
    proposed: Option<[u8; 7]>,
    /// `unset`, `manual`, `derived` or `overridden`.
    origin: &'static str,
    scenarios: Vec<JsonScenario<'a>>,
    tailoring: Vec<JsonTailoring<'a>>,
    trace: Vec<String>,
}

#[derive(Serialize)]
struct JsonScenario<'a> {
    id: &'a str,
    title: &'a str,
    source: &'static str,
    entry: Option<&'a str>,
    likelihood: u8,
    /// The worst credible consequence level and its category.
    consequence: Option<u8>,
    consequence_category: Option<&'static str>,
    /// `likelihood + consequence` on the project's matrix.
    risk: Option<u8>,
    tolerable: Option<bool>,
    safeguards_cover: bool,
    pha_ref: &'a str,
}

#[derive(Serialize)]
struct JsonTailoring<'a> {
    fr: u8,
    level: u8,
    note: &'a str,
}

fn origin_key(o: SltOrigin) -> &'static str {
    match o {
        SltOrigin::Unset => "unset",
        SltOrigin::Manual => "manual",
        SltOrigin::Derived => "derived",
        SltOrigin::Overridden => "overridden",
    }
}

/// The risk section and the `derived` flag of one zone or conduit.
fn json_risk<'a>(
    model: &'a Model,
    sl_t: Option<SlVector>,
    risk: &'a RiskAssessment,
    proposal: Proposal,
) -> (JsonRisk<'a>, bool) {
    let matrix = &model.project.risk_matrix;
    let origin = SltOrigin::of(sl_t, risk);
    let p = proposal;
    let out = JsonRisk {
        method: p.method(),
        proposed_sl: p.scalar.map(SecurityLevel::get),
        proposed: levels(p.tailored),
        origin: origin_key(origin),
        scenarios: risk
            .scenarios
            .iter()
            .map(|s| {
                let worst = s.consequences.worst();
                let r = scenario_risk(matrix, s);
                JsonScenario {
                    id: &s.id,
                    title: &s.title,
                    source: s.source.key(),
                    entry: s.entry.as_deref(),
                    likelihood: s.likelihood,
                    consequence: worst.map(|(_, l)| l),
                    consequence_category: worst.map(|(c, _)| c.key()),
                    risk: r,
                    tolerable: r.map(|r| matrix.is_tolerable(r)),
                    safeguards_cover: s.safeguards_cover,
                    pha_ref: &s.pha_ref,
                }
            })
            .collect(),
        tailoring: risk
            .tailoring
            .iter()
            .map(|t| JsonTailoring {
                fr: t.fr.number(),
                level: t.level.get(),
                note: &t.note,
            })
            .collect(),
        trace: p.trace,
    };
    (out, origin == SltOrigin::Derived)
}

fn spec_score(model: &Model, organisation: &str, spec: &crate::model::Specification) -> f32 {
    completeness(missing_fields(organisation, spec, &model.project.spec.tolerable_risk).len())
}

/// The labels of the tool's own heuristics that the numbers rest on.
#[derive(Serialize)]
struct JsonHeuristics {
    sl_c: &'static str,
    sl_a: &'static str,
    allocation: &'static str,
    fix_plan: &'static str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    rank: usize,
    action: &'static str,
    element: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    service: Option<&'static str>,
    closes: usize,
    summary: &'a str,
    items: Vec<JsonFixItem<'a>>,
}

#[derive(Serialize)]
struct JsonFixItem<'a> {
    element: &'a str,
    id: &'a str,
}

/// The fix plan as the JSON lists it.
fn json_fixes(plan: &FixPlan) -> Vec<JsonFix<'_>> {
    plan.fixes
        .iter()
        .map(|f| JsonFix {
            rank: f.rank,
            action: f.action.key(),
            element: &f.element,
            service: f.service.map(|s| s.key()),
            closes: f.closes(),
            summary: &f.summary,
            items: f
                .items
                .iter()
                .map(|(element, id)| JsonFixItem { element, id })
                .collect(),
        })
        .collect()
}

/// The fix plan being worked out on another thread, awaited when the JSON writer reaches it.
struct Later<'scope> {
    handle: std::cell::Cell<Option<std::thread::ScopedJoinHandle<'scope, FixPlan>>>,
}

impl<'scope> Later<'scope> {
    fn new(handle: std::thread::ScopedJoinHandle<'scope, FixPlan>) -> Self {
        Self {
            handle: std::cell::Cell::new(Some(handle)),
        }
    }
}

impl Serialize for Later<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let plan = self
            .handle
            .take()
            .and_then(|h| h.join().ok())
            .ok_or_else(|| serde::ser::Error::custom("the fix plan could not be worked out"))?;
        json_fixes(&plan).serialize(s)
    }
}

#[derive(Serialize)]
struct JsonNotApplicable<'a> {
    id: &'a str,
    reason: &'a str,
    built_in: bool,
}

#[derive(Serialize)]
struct JsonProvision<'a> {
    service: &'static str,
    zones: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonProject<'a> {
    name: &'a str,
    revision: &'a str,
}

#[derive(Serialize)]
struct JsonZone<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    parent: Option<&'a str>,
    external: bool,
    sl_t: Option<[u8; 7]>,
    sl_c: Option<[u8; 7]>,
    sl_a: Option<[u8; 7]>,
    sl_c_unknown: Vec<&'a str>,
    assets: Vec<&'a str>,
    unmet: UnmetList<'a>,
    covered: Vec<JsonCovered<'a>>,
    not_applicable: Vec<JsonNotApplicable<'a>>,
    risk: Option<JsonRisk<'a>>,
    derived: bool,
    /// Share of the mandatory ZCR 6.4 characteristics filled, 0–1 (null for external zones).
    spec_completeness: Option<f32>,
}

#[derive(Serialize)]
struct JsonConduit<'a> {
    id: &'a str,
    name: &'a str,
    zones: Vec<&'a str>,
    boundary_devices: Vec<&'a str>,
    sl_t: Option<[u8; 7]>,
    sl_c: Option<[u8; 7]>,
    sl_a: Option<[u8; 7]>,
    sl_c_unknown: Vec<&'a str>,
    unmet: UnmetList<'a>,
    covered: Vec<JsonCovered<'a>>,
    not_applicable: Vec<JsonNotApplicable<'a>>,
    organisation: &'a str,
    risk: Option<JsonRisk<'a>>,
    derived: bool,
    /// Share of the mandatory ZCR 6.4 characteristics filled, 0–1.
    spec_completeness: f32,
}

#[derive(Serialize)]
struct JsonUnmet<'a> {
    id: &'a str,
    title: &'a str,
    fr: u8,
    level: u8,
    providers: Providers,
    culprits: &'a [AssetId],
    reasons: Reasons<'a>,
    planned: &'a [CountermeasureId],
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
}

/// An element's unmet items, written one by one as the JSON is streamed: a large plant has
/// hundreds of thousands of them.
struct UnmetList<'a> {
    delta: &'a Delta,
    texts: Option<&'a Texts>,
}

impl Serialize for UnmetList<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.delta;
        s.collect_seq(d.unmet.iter().map(|u| json_unmet(d, u, self.texts)))
    }
}

/// The allocation table's provider kinds of an item, by key.
struct Providers(&'static [Provider]);

impl Serialize for Providers {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|p| p.key()))
    }
}

/// An unmet item's reasons in words, formatted straight into the output.
struct Reasons<'a>(&'a Why, Fr);

impl Serialize for Reasons<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let fr = self.1;
        s.collect_seq(self.0.iter().map(|r| Words(r.describe(fr))))
    }
}

/// A `Display` value as a JSON string, without an intermediate `String`.
struct Words<D>(D);

impl<D: Display> Serialize for Words<D> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

#[derive(Serialize)]
struct JsonCovered<'a> {
    id: &'a str,
    title: &'a str,
    fr: u8,
    level: u8,
    by: &'a str,
    countermeasures: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonAsset<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    classes: Vec<&'static str>,
    zone: Option<&'a str>,
    conduit: Option<&'a str>,
    in_scope: bool,
    sl_c: Option<[u8; 7]>,
    sl_c_source: &'static str,
    provides: Vec<JsonProvision<'a>>,
    target: Option<[u8; 7]>,
    unmet_crs: Vec<&'a str>,
    covered_crs: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    id: &'a str,
    rule: &'a str,
    severity: Severity,
    title: &'static str,
    reference: &'static str,
    elements: Vec<&'a str>,
    message: &'a str,
    accepted: bool,
    justification: Option<&'a str>,
}

fn levels(v: Option<SlVector>) -> Option<[u8; 7]> {
    v.map(|v| v.levels())
}

fn json_unmet<'a>(d: &'a Delta, u: &'a Unmet, texts: Option<&'a Texts>) -> JsonUnmet<'a> {
    let r = u.requirement;
    JsonUnmet {
        id: &r.id,
        title: &r.title,
        fr: r.fr.number(),
        level: r.level.get(),
        providers: Providers(&r.providers),
        culprits: d.culprits(u),
        reasons: Reasons(d.why(u), r.fr),
        planned: d.planned(u),
        text: texts.and_then(|t| t.get(&r.id)),
    }
}

fn json_covered(c: &Covered) -> JsonCovered<'_> {
    let r = c.requirement;
    let mut by: Vec<&str> = c.by.iter().map(|c| c.as_str()).collect();
    by.sort_unstable();
    JsonCovered {
        id: &r.id,
        title: &r.title,
        fr: r.fr.number(),
        level: r.level.get(),
        by: by.first().copied().unwrap_or_default(),
        countermeasures: by,
    }
}

type JsonDelta<'a> = (
    UnmetList<'a>,
    Vec<JsonCovered<'a>>,
    Vec<JsonNotApplicable<'a>>,
);

fn json_delta<'a>(d: &'a Delta, texts: Option<&'a Texts>) -> JsonDelta<'a> {
    (
        UnmetList { delta: d, texts },
        d.covered.iter().map(json_covered).collect(),
        d.not_applicable
            .iter()
            .map(|n| JsonNotApplicable {
                id: &n.requirement.id,
                reason: &n.reason,
                built_in: n.built_in,
            })
            .collect(),
    )
}

/// Class keys in alphabetical order (`EDR`, `HDR`, `NDR`, `SAR`).
fn class_keys<'a>(classes: impl IntoIterator<Item = &'a ComponentClass>) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = classes.into_iter().map(|c| c.key()).collect();
    keys.sort_unstable();
    keys
}

fn json_report<'a, P: Serialize>(
    model: &'a Model,
    analysis: &'a Analysis,
    plan: P,
    texts: Option<&'a Texts>,
) -> JsonReport<'a, P> {
    let deltas = &analysis.deltas;
    let zones = deltas
        .zones
        .iter()
        .map(|zd| {
            let zone = model.zone(zd.id.as_str());
            let (unmet, covered, not_applicable) = json_delta(&zd.delta, texts);
            let internal = zone.filter(|z| !z.is_external());
            let (risk, derived) = internal.map_or((None, false), |z| {
                let p = propose_zone(&model.project.risk_matrix, &z.risk);
                let (r, d) = json_risk(model, z.sl_t, &z.risk, p);
                (Some(r), d)
            });
            JsonZone {
                id: zd.id.as_str(),
                name: model.name_of(zd.id.as_str()),
                kind: zone.map_or("", |z| z.kind.key()),
                parent: zone.and_then(|z| z.parent.as_ref()).map(|p| p.as_str()),
                external: zd.external,
                sl_t: levels(zd.delta.sl_t),
                sl_c: levels(zd.delta.sl_c),
                sl_a: levels(zd.delta.sl_a),
                sl_c_unknown: zd.delta.sl_c_unknown.iter().map(|a| a.as_str()).collect(),
                assets: zd.assets.iter().map(|a| a.as_str()).collect(),
                unmet,
                covered,
                not_applicable,
                risk,
                derived,
                spec_completeness: internal.map(|z| spec_score(model, &z.organisation, &z.spec)),
            }
        })
        .collect();
    let conduits = deltas
        .conduits
        .iter()
        .map(|cd| {
            let (unmet, covered, not_applicable) = json_delta(&cd.delta, texts);
            let conduit = model.conduit(cd.id.as_str());
            let (risk, derived) = conduit.map_or((None, false), |c| {
                let p = propose_conduit(model, c);
                let (r, d) = json_risk(model, c.sl_t, &c.risk, p);
                (Some(r), d)
            });
            JsonConduit {
                id: cd.id.as_str(),
                name: model.name_of(cd.id.as_str()),
                zones: conduit
                    .map(|c| c.zones.iter().map(|z| z.as_str()).collect())
                    .unwrap_or_default(),
                boundary_devices: cd.boundary_devices.iter().map(|a| a.as_str()).collect(),
                sl_t: levels(cd.delta.sl_t),
                sl_c: levels(cd.delta.sl_c),
                sl_a: levels(cd.delta.sl_a),
                sl_c_unknown: cd.delta.sl_c_unknown.iter().map(|a| a.as_str()).collect(),
                unmet,
                covered,
                not_applicable,
                organisation: conduit.map_or("", |c| c.organisation.as_str()),
                risk,
                derived,
                spec_completeness: conduit
                    .map_or(0.0, |c| spec_score(model, &c.organisation, &c.spec)),
            }
        })
        .collect();
    let assets = model
        .assets
        .values()
        .map(|a| {
            let delta = deltas.asset(a.id.as_str());
            JsonAsset {
                id: a.id.as_str(),
                name: &a.name,
                kind: &a.kind,
                classes: class_keys(&a.classes),
                zone: a.placement.zone().map(|z| z.as_str()),
                conduit: a.placement.conduit().map(|c| c.as_str()),
                in_scope: a.in_scope(),
                sl_c: levels(a.known_sl_c()),
                sl_c_source: a.sl_c_source.key(),
                provides: a
                    .provides
                    .iter()
                    .map(|p| JsonProvision {
                        service: p.service.key(),
                        zones: p.zones.iter().map(|z| z.as_str()).collect(),
                    })
                    .collect(),
                target: levels(delta.and_then(|d| d.target)),
                unmet_crs: delta
                    .map(|d| d.unmet.iter().map(|r| r.id.as_str()).collect())
                    .unwrap_or_default(),
                covered_crs: delta
                    .map(|d| d.covered.iter().map(|(r, _)| r.id.as_str()).collect())
                    .unwrap_or_default(),
            }
        })
        .collect();
    let findings = analysis
        .findings
        .iter()
        .map(|f| {
            let meta = analysis::rules::rule(f.rule);
            JsonFinding {
                id: &f.id,
                rule: f.rule,
                severity: f.severity,
                title: meta.map_or("", |m| m.title),
                reference: meta.map_or("", |m| m.reference),
                elements: f.elements.iter().map(|e| e.as_str()).collect(),
                message: &f.message,
                accepted: f.accepted,
                justification: model
                    .accepted
                    .get(&f.id)
                    .filter(|_| f.accepted)
                    .map(|a| a.justification.as_str()),
            }
        })
        .collect();
    JsonReport {
        version: JSON_VERSION,
        project: JsonProject {
            name: &model.project.name,
            revision: &model.project.revision,
        },
        heuristic: analysis::SLC_HEURISTIC,
        heuristics: JsonHeuristics {
            sl_c: analysis::SLC_HEURISTIC,
            sl_a: analysis::SLA_HEURISTIC,
            allocation: crate::catalog::ALLOCATION_HEURISTIC,
            fix_plan: analysis::plan::PLAN_HEURISTIC,
        },
        zones,
        conduits,
        assets,
        findings,
        fix_plan: plan,
        summary: analysis.summary(model),
        approval: json_approval(model, &analysis.approval),
        revisions: &model.project.revisions,
    }
}

// ---------------------------------------------------------------------------------------------
// Text

/// ANSI styling, or none.
#[derive(Clone, Copy)]
struct Style {
    colour: bool,
}

impl Style {
    fn paint(self, code: &str, s: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }

    fn bold(self, s: &str) -> String {
        self.paint("1", s)
    }

    fn dim(self, s: &str) -> String {
        self.paint("2", s)
    }

    fn severity(self, s: Severity) -> String {
        // Padded before painting so that columns line up with and without colour.
        let label = format!("{:<8}", s.label());
        match s {
            Severity::Error => self.paint("1;31", &label),
            Severity::Warning => self.paint("1;33", &label),
            Severity::Info => self.paint("36", &label),
        }
    }
}

/// Appends `text` word-wrapped to [`WIDTH`]: the first line starts with `first` (plain text),
/// the following ones with `indent` spaces. A word longer than a line is kept whole.
fn wrap(out: &mut String, first: &str, indent: usize, text: &str) {
    let mut line = first.to_owned();
    let mut len = first.chars().count();
    let mut fresh = true; // nothing but the prefix on this line yet
    for word in text.split_whitespace() {
        let w = word.chars().count();
        if !fresh && len + 1 + w > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = " ".repeat(indent);
            len = indent;
            fresh = true;
        }
        if !fresh {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += w;
        fresh = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// Appends one line.
fn push_line(out: &mut String, line: impl Display) {
    out.push_str(&line.to_string());
    out.push('\n');
}

/// The approval's status in one sentence.
fn approval_line(model: &Model, status: &ApprovalStatus) -> String {
    let record = latest_approval(model);
    let by = record.map_or_else(String::new, |a| {
        format!(
            "{} ({}) by {} on {}",
            a.decision.label(),
            if a.revision.is_empty() {
                "no revision"
            } else {
                a.revision.as_str()
            },
            a.approver,
            a.date
        )
    });
    match status {
        ApprovalStatus::None => "Approval: none recorded (ZCR 7).".to_owned(),
        ApprovalStatus::Approved | ApprovalStatus::Rejected => format!("Approval: {by}."),
        ApprovalStatus::Outdated(c) => format!(
            "Approval: OUTDATED: {by}; changed since: {}.",
            c.all().join(", ")
        ),
    }
}

fn sl_t_label(delta: &Delta, external: bool) -> String {
    match delta.sl_t {
        Some(t) => t.to_string(),
        None if external => "external, not assessed".to_owned(),
        None => "not assessed".to_owned(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The name of a countermeasure in quotes after its id, or the id alone.
fn cm_label(model: &Model, id: &str) -> String {
    match model.countermeasure(id) {
        Some(cm) if !cm.name.is_empty() => format!("{id} \"{}\"", cm.name),
        _ => id.to_owned(),
    }
}

/// Unmet and covered items of one zone or conduit.
fn text_delta(out: &mut String, model: &Model, delta: &Delta, texts: Option<&Texts>) {
    if !delta.is_assessed() {
        return;
    }
    if delta.unmet.is_empty() {
        out.push_str("  Unmet: none\n");
    } else {
        push_line(out, format_args!("  Unmet ({}):", delta.unmet.len()));
        for u in &delta.unmet {
            let r = u.requirement;
            let reasons = delta.reason_texts(u).join("; ");
            let mut line = format!("{} {} — {}", r.id, r.title, reasons);
            let culprits = delta.culprits(u);
            if !culprits.is_empty() {
                let culprits: Vec<&str> = culprits.iter().map(|a| a.as_str()).collect();
                line.push_str(&format!("; culprits: {}", culprits.join(", ")));
            }
            let fr = format!("{}:", r.fr);
            wrap(out, &format!("    {fr:<8} "), 13, &line);
            let planned = delta.planned(u);
            if !planned.is_empty() {
                let planned: Vec<String> = planned
                    .iter()
                    .map(|c| cm_label(model, c.as_str()))
                    .collect();
                wrap(out, "             planned: ", 22, &planned.join(", "));
            }
            if let Some(text) = texts.and_then(|t| t.get(&r.id)) {
                wrap(out, "               ", 15, text);
            }
        }
    }
    if !delta.not_applicable.is_empty() {
        let ids: Vec<&str> = delta
            .not_applicable
            .iter()
            .map(|n| n.requirement.id.as_str())
            .collect();
        wrap(
            out,
            &format!("  Not applicable ({}): ", ids.len()),
            4,
            &ids.join(", "),
        );
    }
    if !delta.covered.is_empty() {
        push_line(out, format_args!("  Covered ({}):", delta.covered.len()));
        for c in &delta.covered {
            let r = c.requirement;
            let by: Vec<String> = c.by.iter().map(|b| cm_label(model, b.as_str())).collect();
            let fr = format!("{}:", r.fr);
            wrap(
                out,
                &format!("    {fr:<8} "),
                13,
                &format!("{} {} — by {}", r.id, r.title, by.join(", ")),
            );
        }
    }
}

fn text_finding(out: &mut String, model: &Model, f: &Finding, style: Style) {
    let mark = if f.accepted { "  [accepted]" } else { "" };
    push_line(
        out,
        format_args!("  {}{}{mark}", style.severity(f.severity), f.id),
    );
    wrap(out, "          ", 10, &f.message);
    if f.accepted
        && let Some(a) = model.accepted.get(&f.id)
    {
        let who = [a.by.as_str(), a.date.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let by = if who.is_empty() {
            String::new()
        } else {
            format!(" ({who})")
        };
        wrap(
            out,
            "          accepted: ",
            20,
            &format!("{}{by}", a.justification),
        );
    }
}

fn text_report(
    model: &Model,
    analysis: &Analysis,
    plan: &FixPlan,
    texts: Option<&Texts>,
    origin: &str,
    style: Style,
) -> String {
    let mut out = String::new();
    let title = if model.project.name.is_empty() {
        format!("zoneplan check: {origin}")
    } else if model.project.revision.is_empty() {
        format!("zoneplan check: {origin} — {}", model.project.name)
    } else {
        format!(
            "zoneplan check: {origin} — {}, revision {}",
            model.project.name, model.project.revision
        )
    };
    push_line(&mut out, style.bold(&title));
    out.push('\n');
    wrap(&mut out, "", 0, analysis::SLC_HEURISTIC);
    wrap(&mut out, "", 0, analysis::SLA_HEURISTIC);
    wrap(&mut out, "", 0, crate::catalog::ALLOCATION_HEURISTIC);

    let deltas = &analysis.deltas;
    for zd in &deltas.zones {
        out.push('\n');
        let zone = model.zone(zd.id.as_str());
        let mut about = zone.map_or_else(String::new, |z| z.kind.key().to_owned());
        if let Some(p) = zone.and_then(|z| z.parent.as_ref()) {
            about.push_str(&format!(", subzone of {p}"));
        }
        push_line(
            &mut out,
            format_args!(
                "{} {}",
                style.bold(&format!(
                    "Zone {} [{}]",
                    model.name_of(zd.id.as_str()),
                    zd.id
                )),
                style.dim(&format!("({about})"))
            ),
        );
        push_line(
            &mut out,
            format_args!(
                "  SL-T {}   SL-A {}   SL-C {}",
                sl_t_label(&zd.delta, zd.external),
                zd.delta
                    .sl_a
                    .map_or_else(|| "–".to_owned(), |a| a.to_string()),
                zd.delta.sl_c_label()
            ),
        );
        if let Some(z) = zone.filter(|z| !z.is_external() && z.sl_t.is_some()) {
            push_line(
                &mut out,
                format_args!("  SL-T {}", SltOrigin::of(z.sl_t, &z.risk).label()),
            );
        }
        if zd.assets.is_empty() {
            out.push_str("  Assets: none\n");
        } else {
            let ids: Vec<&str> = zd.assets.iter().map(|a| a.as_str()).collect();
            wrap(
                &mut out,
                &format!("  Assets ({}): ", ids.len()),
                4,
                &ids.join(", "),
            );
        }
        text_delta(&mut out, model, &zd.delta, texts);
    }
    for cd in &deltas.conduits {
        out.push('\n');
        let zones = model
            .conduit(cd.id.as_str())
            .map(|c| {
                c.zones
                    .iter()
                    .map(|z| z.as_str())
                    .collect::<Vec<_>>()
                    .join(" – ")
            })
            .unwrap_or_default();
        push_line(
            &mut out,
            format_args!(
                "{} {}",
                style.bold(&format!(
                    "Conduit {} [{}]",
                    model.name_of(cd.id.as_str()),
                    cd.id
                )),
                style.dim(&format!("({zones})"))
            ),
        );
        push_line(
            &mut out,
            format_args!(
                "  SL-T {}   SL-A {}   SL-C {}",
                sl_t_label(&cd.delta, false),
                cd.delta
                    .sl_a
                    .map_or_else(|| "–".to_owned(), |a| a.to_string()),
                cd.delta.sl_c_label()
            ),
        );
        if cd.boundary_devices.is_empty() {
            out.push_str("  Boundary devices: none (see the missing-boundary-device finding)\n");
        } else {
            let ids: Vec<&str> = cd.boundary_devices.iter().map(|a| a.as_str()).collect();
            wrap(
                &mut out,
                &format!("  Boundary devices ({}): ", ids.len()),
                4,
                &ids.join(", "),
            );
        }
        text_delta(&mut out, model, &cd.delta, texts);
    }

    let with_crs: Vec<_> = deltas
        .assets
        .iter()
        .filter(|a| !a.unmet.is_empty())
        .collect();
    if !with_crs.is_empty() {
        out.push('\n');
        push_line(
            &mut out,
            format_args!(
                "{}",
                style.bold("Component requirements (IEC 62443-4-2) unmet against the SL-T")
            ),
        );
        for a in with_crs {
            let ids: Vec<&str> = a.unmet.iter().map(|r| r.id.as_str()).collect();
            wrap(
                &mut out,
                &format!(
                    "  {} [{}] ({}): ",
                    model.name_of(a.id.as_str()),
                    a.id,
                    ids.len()
                ),
                4,
                &ids.join(", "),
            );
        }
    }

    out.push('\n');
    push_line(
        &mut out,
        style.bold(&format!(
            "Fix plan ({} open items; first {} fixes)",
            plan.open_before,
            plan.fixes.len()
        )),
    );
    wrap(&mut out, "  ", 2, analysis::plan::PLAN_HEURISTIC);
    if plan.fixes.is_empty() {
        out.push_str("  nothing to fix\n");
    }
    for f in &plan.fixes {
        wrap(&mut out, &format!("  {:>2}. ", f.rank), 6, &f.summary);
    }

    let s = analysis.summary(model);
    out.push('\n');
    let open = s.open_errors + s.open_warnings + s.open_info;
    push_line(
        &mut out,
        format_args!(
            "{}",
            style.bold(&format!("Findings ({open} open, {} accepted)", s.accepted))
        ),
    );
    if analysis.findings.is_empty() {
        out.push_str("  none\n");
    }
    // Open ones first (the analysis sorts each by severity, then id).
    for f in analysis.findings.iter().filter(|f| !f.accepted) {
        text_finding(&mut out, model, f, style);
    }
    for f in analysis.findings.iter().filter(|f| f.accepted) {
        text_finding(&mut out, model, f, style);
    }

    out.push('\n');
    wrap(&mut out, "", 10, &approval_line(model, &analysis.approval));
    let line = format!(
        "Summary: {} unmet, {} covered; open findings: {}, {}, {} info; {} accepted.",
        s.unmet,
        s.covered,
        plural(s.open_errors, "error", "errors"),
        plural(s.open_warnings, "warning", "warnings"),
        s.open_info,
        s.accepted,
    );
    wrap(&mut out, "", 9, &line);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_tty_without_no_color() {
        assert!(use_colour(true, false));
        assert!(!use_colour(true, true));
        assert!(!use_colour(false, false));
        assert!(!use_colour(false, true));
    }

    #[test]
    fn wrap_keeps_lines_short_and_indents() {
        let mut out = String::new();
        let text = "word ".repeat(60);
        wrap(&mut out, "  first: ", 4, &text);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 2, "{out}");
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH), "{out}");
        assert!(lines[0].starts_with("  first: word"));
        assert!(lines[1].starts_with("    word"));
        assert_eq!(out.matches("word").count(), 60);
    }

    #[test]
    fn style_pads_before_painting() {
        let plain = Style { colour: false };
        assert_eq!(plain.severity(Severity::Info), "info    ");
        let painted = Style { colour: true };
        assert_eq!(
            painted.severity(Severity::Error),
            "\x1b[1;31merror   \x1b[0m"
        );
    }

    #[test]
    fn covered_by_is_the_first_id() {
        let r = &catalog().system[0];
        let c = Covered {
            requirement: r,
            by: vec!["CM-2".into(), "CM-1".into()],
        };
        let j = json_covered(&c);
        assert_eq!(j.by, "CM-1");
        assert_eq!(j.countermeasures, ["CM-1", "CM-2"]);
    }
}
