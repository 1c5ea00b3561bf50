//! The 3-2 workflow on the command line: `zoneplan derive` (SL-T proposals from the threat
//! scenarios, applied on request) and `zoneplan approve` (an approval record with the
//! fingerprints of what it approves). Both rewrite the model atomically and only when asked.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::analysis::risk::{Proposal, propose};
use crate::model::{Approval, Decision, ElementId, Model, SltOrigin, fingerprints};
use crate::persistence;

#[derive(Debug, clap::Args)]
pub struct DeriveArgs {
    /// The model file.
    pub model: PathBuf,
    /// Zones or conduits to derive, by id (default: every zone and conduit with scenarios, or
    /// conduits joining zones with an SL-T).
    pub elements: Vec<String>,
    /// Set each SL-T to its tailored proposal and save the model. Elements with a tailored FR
    /// that lacks its note are left as they are and reported.
    #[arg(long)]
    pub apply: bool,
}

#[derive(Debug, clap::Args)]
pub struct ApproveArgs {
    /// The model file; the record is added to it.
    pub model: PathBuf,
    #[arg(long)]
    pub approver: String,
    #[arg(long, default_value = "")]
    pub role: String,
    #[arg(long, default_value = "")]
    pub organisation: String,
    /// ISO date of the decision, e.g. 2026-11-30.
    #[arg(long)]
    pub date: String,
    #[arg(long, value_enum, default_value_t = DecisionArg::Approved)]
    pub decision: DecisionArg,
    /// The revision approved (default: the project's revision).
    #[arg(long)]
    pub revision: Option<String>,
    #[arg(long, default_value = "")]
    pub conditions: String,
    /// An accepted residual risk: a finding id (`rule@element`) or an element id. Repeatable.
    #[arg(long = "accept")]
    pub accepted_risks: Vec<String>,
    /// What calls for a new review, e.g. "any new conduit to the SIS". Repeatable.
    #[arg(long = "trigger")]
    pub review_triggers: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DecisionArg {
    Approved,
    ApprovedWithConditions,
    Rejected,
}

impl From<DecisionArg> for Decision {
    fn from(d: DecisionArg) -> Self {
        match d {
            DecisionArg::Approved => Self::Approved,
            DecisionArg::ApprovedWithConditions => Self::ApprovedWithConditions,
            DecisionArg::Rejected => Self::Rejected,
        }
    }
}

fn load(path: &std::path::Path) -> anyhow::Result<Model> {
    Ok(persistence::load(path)?)
}

fn save(model: &Model, path: &std::path::Path) -> anyhow::Result<()> {
    persistence::save(model, path).with_context(|| format!("cannot save {}", path.display()))
}

/// The elements `derive` works on when none are named.
fn default_elements(model: &Model) -> Vec<ElementId> {
    let zones = model
        .zones
        .values()
        .filter(|z| !z.is_external() && !z.risk.scenarios.is_empty())
        .map(|z| ElementId::Zone(z.id.clone()));
    let conduits = model
        .conduits
        .values()
        .filter(|c| {
            !c.risk.scenarios.is_empty()
                || c.zones
                    .iter()
                    .filter_map(|z| model.zone(z.as_str()))
                    .any(|z| !z.is_external() && z.sl_t.is_some())
        })
        .map(|c| ElementId::Conduit(c.id.clone()));
    zones.chain(conduits).collect()
}

fn describe(out: &mut String, model: &Model, id: &ElementId, p: &Proposal) {
    let current = match id {
        ElementId::Zone(z) => model.zone(z.as_str()).and_then(|z| z.sl_t),
        ElementId::Conduit(c) => model.conduit(c.as_str()).and_then(|c| c.sl_t),
        _ => None,
    };
    out.push_str(&format!("{id} \"{}\"", model.name_of(id.as_str())));
    out.push('\n');
    for t in &p.trace {
        out.push_str(&format!("  {t}"));
        out.push('\n');
    }
    let shown =
        |v: Option<crate::model::SlVector>| v.map_or_else(|| "none".to_owned(), |v| v.to_string());
    let origin = match id {
        ElementId::Zone(z) => model
            .zone(z.as_str())
            .map(|z| SltOrigin::of(z.sl_t, &z.risk)),
        ElementId::Conduit(c) => model
            .conduit(c.as_str())
            .map(|c| SltOrigin::of(c.sl_t, &c.risk)),
        _ => None,
    };
    out.push_str(&format!(
        "  proposed {}, current SL-T {} ({}){}",
        shown(p.tailored),
        shown(current),
        origin.map_or("", SltOrigin::label),
        if p.tailored.is_some() && p.tailored == current {
            " (the same)"
        } else {
            ""
        }
    ));
    out.push('\n');
}

pub fn derive(args: &DeriveArgs) -> anyhow::Result<ExitCode> {
    // Every proposal reads the model as it was loaded: applying a zone first does not change
    // what a conduit joining it is proposed (run again to carry zone changes to conduits).
    let mut model = load(&args.model)?;
    let ids: Vec<ElementId> = if args.elements.is_empty() {
        default_elements(&model)
    } else {
        args.elements
            .iter()
            .map(|e| match model.element_id(e) {
                Some(id @ (ElementId::Zone(_) | ElementId::Conduit(_))) => Ok(id),
                Some(_) => anyhow::bail!("`{e}` is not a zone or conduit; only they have an SL-T"),
                None => anyhow::bail!(
                    "{}: there is no zone or conduit `{e}`",
                    args.model.display()
                ),
            })
            .collect::<anyhow::Result<_>>()?
    };
    let mut out = String::new();
    let mut applied = 0;
    let mut blocked = Vec::new();
    let proposals: Vec<(ElementId, Proposal)> = ids
        .into_iter()
        .filter_map(|id| propose(&model, &id).map(|p| (id, p)))
        .collect();
    for (id, p) in &proposals {
        describe(&mut out, &model, id, p);
        if !args.apply {
            continue;
        }
        let Some(v) = p.tailored else { continue };
        if !p.can_apply() {
            blocked.push(id.to_string());
            continue;
        }
        match id {
            ElementId::Zone(z) => {
                if let Some(z) = model.zones.get_mut(z.as_str()) {
                    z.sl_t = Some(v);
                    z.risk.applied = Some(v);
                    applied += 1;
                }
            }
            ElementId::Conduit(c) => {
                if let Some(c) = model.conduits.get_mut(c.as_str()) {
                    c.sl_t = Some(v);
                    c.risk.applied = Some(v);
                    applied += 1;
                }
            }
            _ => {}
        }
    }
    if args.apply {
        if applied > 0 {
            save(&model, &args.model)?;
        }
        out.push_str(&format!(
            "applied {applied} derivation(s) to {}",
            args.model.display()
        ));
        out.push('\n');
        if !blocked.is_empty() {
            out.push_str(&format!(
                "not applied (a tailored FR lacks its note): {}",
                blocked.join(", ")
            ));
            out.push('\n');
        }
    }
    super::write_stdout(&out)?;
    Ok(if blocked.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn approve(args: &ApproveArgs) -> anyhow::Result<ExitCode> {
    let mut model = load(&args.model)?;
    if args.approver.trim().is_empty() {
        anyhow::bail!("--approver is empty; an approval names who approves");
    }
    if !crate::model::is_iso_date(&args.date) {
        anyhow::bail!(
            "--date {:?} is not a date as YYYY-MM-DD (e.g. 2026-11-30)",
            args.date
        );
    }
    // Accepted risks must name something: an open finding or an element of the model.
    if !args.accepted_risks.is_empty() {
        let analysis = crate::analysis::Analysis::run(&model, crate::catalog::catalog());
        let unknown: Vec<&str> = args
            .accepted_risks
            .iter()
            .map(String::as_str)
            .filter(|id| !model.contains_id(id) && !analysis.findings.iter().any(|f| f.id == *id))
            .collect();
        if !unknown.is_empty() {
            anyhow::bail!(
                "--accept {}: neither a finding of {} nor an element of it (finding ids look like `rule@element`; `zoneplan check` lists them)",
                unknown.join(", "),
                args.model.display()
            );
        }
    }
    let record = Approval {
        approver: args.approver.clone(),
        role: args.role.clone(),
        organisation: args.organisation.clone(),
        date: args.date.clone(),
        revision: args
            .revision
            .clone()
            .unwrap_or_else(|| model.project.revision.clone()),
        decision: args.decision.into(),
        conditions: args.conditions.clone(),
        accepted_risks: args.accepted_risks.clone(),
        review_triggers: args.review_triggers.clone(),
        baseline: fingerprints(&model),
    };
    let summary = format!(
        "{}: recorded \"{}\" by {} on {} ({} elements fingerprinted)\n",
        args.model.display(),
        record.decision.label(),
        record.approver,
        record.date,
        record.baseline.len()
    );
    model.project.approvals.push(record);
    save(&model, &args.model)?;
    super::write_stdout(&summary)?;
    Ok(ExitCode::SUCCESS)
}
