//! What a client reads first: the executive summary, the numbered remediation plan (R-01 …)
//! and the numbered findings (F-01 …) with severity words and messages in sentences. Pure:
//! computed from the model, its analysis and the fix plan, in a stated order.

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::plan::{Fix, FixAction};
use crate::analysis::{Analysis, Delta, Severity};
use crate::model::{Countermeasure, Fr, Model, SlVector, SlcSource};

/// The executive summary, in sentences.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Executive {
    /// The overall posture: zones and conduits at target, short, by how much, on which FRs.
    pub posture: Vec<String>,
    /// The top risks, ranked by consequence (safety zones short of target, ways in from
    /// outside, error findings, control zones far short).
    pub risks: Vec<String>,
    /// The first fixes of the remediation plan with what each closes.
    pub first_fixes: Vec<String>,
    /// What the assessment assumed.
    pub assumptions: Vec<String>,
}

/// One step of the remediation plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remedy {
    /// `R-01`, `R-02`, … in the plan's order.
    pub number: String,
    /// What to do, as a sentence.
    pub action: String,
    /// The zones and conduits whose items it closes, by name.
    pub elements: Vec<String>,
    /// The items it closes, per zone or conduit name.
    pub closes: Vec<(String, Vec<String>)>,
    /// How many items it closes in all.
    pub closed: usize,
    /// SL-A after this fix (and the ones before it) where it changes: one line per element.
    pub result: Vec<String>,
    pub owner: String,
    /// `High`, `Medium`, `Low`, or a suggestion by rank marked "(suggested)".
    pub priority: String,
    pub due: String,
    /// The countermeasure the owner, priority and due date come from.
    pub source: Option<String>,
}

/// The client's word for a rule severity.
pub fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "High",
        Severity::Warning => "Medium",
        Severity::Info => "Low",
    }
}

/// `F-01`, `R-01`: numbers padded to two digits (three from 100 on).
pub fn number(prefix: &str, n: usize) -> String {
    format!("{prefix}-{n:02}")
}

/// An SL vector in words: the most common level, then the exceptions.
/// `{2 2 3 1 2 1 2}` → "2 on every FR except FR3 (3), FR4 (1) and FR6 (1)".
pub fn sl_words(v: SlVector) -> String {
    let levels: Vec<u8> = Fr::ALL.iter().map(|fr| v.get(*fr).get()).collect();
    let mut counts = [0usize; 5];
    for l in &levels {
        counts[usize::from(*l).min(4)] += 1;
    }
    // The most common level; ties go to the higher one.
    let common = (0..=4u8)
        .rev()
        .max_by_key(|l| counts[usize::from(*l)])
        .unwrap_or(0);
    let exceptions: Vec<String> = Fr::ALL
        .iter()
        .zip(&levels)
        .filter(|(_, l)| **l != common)
        .map(|(fr, l)| format!("{} ({l})", fr.label()))
        .collect();
    if exceptions.is_empty() {
        format!("{common} on every FR")
    } else {
        format!("{common} on every FR except {}", and_list(&exceptions))
    }
}

/// "a", "a and b", "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A finding's message with its raw SL vectors (`{2 2 3 1 2 1 2}`) put into words.
pub fn sentence(message: &str) -> String {
    // How the tool counts countermeasures is for the method chapter, not for each finding.
    if let Some(i) = message.find(" An implemented technical countermeasure that covers") {
        let rest = &message[i + 1..];
        let end = rest.find(". ").map_or(rest.len(), |e| e + 1);
        let tail = rest[end..].trim_start();
        let joined = if tail.is_empty() {
            message[..i].to_owned()
        } else {
            format!("{} {tail}", &message[..i])
        };
        return sentence(&joined);
    }
    // "has SL-T {a}, below {b} of the zones it joins on FR…": the FRs are named after it, so
    // the vectors only repeat them.
    let below = "of the zones it joins on ";
    if let (Some(start), Some(end)) = (message.find("has SL-T {"), message.find(below))
        && start < end
    {
        let rest = &message[end + below.len()..];
        return sentence(&format!(
            "{}has an SL-T below that of the zones it joins on {rest}",
            &message[..start]
        ));
    }
    let mut out = String::with_capacity(message.len() + 32);
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            break;
        };
        let inner = &rest[open + 1..open + len];
        let levels: Vec<u8> = inner
            .split(' ')
            .filter_map(|s| s.parse::<u8>().ok())
            .collect();
        out.push_str(&rest[..open]);
        match vector(&levels) {
            Some(v) if inner.split(' ').count() == 7 => out.push_str(&sl_words(v)),
            _ => out.push_str(&rest[open..=open + len]),
        }
        rest = &rest[open + len + 1..];
    }
    out.push_str(rest);
    out
}

fn vector(levels: &[u8]) -> Option<SlVector> {
    <[u8; 7]>::try_from(levels)
        .ok()
        .and_then(SlVector::from_levels)
}

/// Owner, priority and due date for a fix: from the countermeasure it implements, or from a
/// planned countermeasure on the fix's own element (the conduit that gets the device, the
/// zone that gets the service, the asset that is raised) that covers an item it closes.
fn tracking<'m>(model: &'m Model, fix: &Fix) -> Option<&'m Countermeasure> {
    if fix.action == FixAction::ImplementCountermeasure {
        return model.countermeasures.get(fix.element.as_str());
    }
    let on_element = |cm: &Countermeasure| match fix.action {
        FixAction::AddBoundaryDevice => cm.conduits.iter().any(|c| c.as_str() == fix.element),
        FixAction::AddService => cm.zones.iter().any(|z| z.as_str() == fix.element),
        FixAction::RaiseSlC => cm.assets.iter().any(|a| a.as_str() == fix.element),
        FixAction::ImplementCountermeasure => false,
    };
    model.countermeasures.values().find(|cm| {
        !cm.is_implemented()
            && on_element(cm)
            && fix
                .items
                .iter()
                .any(|(_, item)| cm.covers.iter().any(|c| c == item))
    })
}

fn action_sentence(model: &Model, fix: &Fix) -> String {
    let named = |id: &str| {
        let n = model.name_of(id);
        if n.is_empty() {
            id.to_owned()
        } else {
            format!("\"{n}\"")
        }
    };
    match fix.action {
        FixAction::RaiseSlC => {
            // The plan's summary carries the target vector: "… to {2 2 3 1 2 2 3} …".
            let target = fix
                .summary
                .find('{')
                .zip(fix.summary.find('}'))
                .and_then(|(a, b)| {
                    let levels: Vec<u8> = fix.summary[a + 1..b]
                        .split(' ')
                        .filter_map(|s| s.parse().ok())
                        .collect();
                    vector(&levels)
                });
            match target {
                Some(v) => format!(
                    "Raise the SL-C of {} to {} (upgrade, replace or harden it).",
                    named(&fix.element),
                    sl_words(v)
                ),
                None => format!(
                    "Raise the SL-C of {} to the SL-T of its zone (upgrade, replace or harden \
                     it).",
                    named(&fix.element)
                ),
            }
        }
        FixAction::AddBoundaryDevice => format!(
            "Place a boundary device (firewall, data diode or gateway) in conduit {}.",
            named(&fix.element)
        ),
        FixAction::AddService => {
            let service = fix.service.map_or("security", |s| s.label());
            let article = if service.starts_with(['A', 'E', 'I', 'O', 'U']) {
                "an"
            } else {
                "a"
            };
            format!(
                "Serve zone {} with {article} {service} service.",
                named(&fix.element)
            )
        }
        FixAction::ImplementCountermeasure => format!(
            "Implement the planned countermeasure {} ({}).",
            named(&fix.element),
            fix.element
        ),
    }
}

/// SL-A per FR from the levels of the items still open (`None`: nothing open on that FR).
fn sl_a_of(open: &BTreeMap<&str, (Fr, u8)>) -> [Option<u8>; 7] {
    let mut out = [None; 7];
    for (fr, level) in open.values() {
        let i = fr.index();
        let a = level.saturating_sub(1);
        out[i] = Some(out[i].map_or(a, |o: u8| o.min(a)));
    }
    out
}

/// The numbered remediation plan from the fix plan.
pub fn remedies(model: &Model, analysis: &Analysis, fixes: &[Fix]) -> Vec<Remedy> {
    let deltas: BTreeMap<&str, &Delta> = analysis.deltas.elements().collect();
    // Items still open per element, as the plan goes on.
    let mut open: BTreeMap<&str, BTreeMap<&str, (Fr, u8)>> = deltas
        .iter()
        .map(|(id, d)| {
            (
                *id,
                d.unmet
                    .iter()
                    .map(|u| {
                        (
                            u.requirement.id.as_str(),
                            (u.requirement.fr, u.requirement.level.get()),
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    let name = |id: &str| {
        let n = model.name_of(id);
        if n.is_empty() { id } else { n }.to_owned()
    };
    fixes
        .iter()
        .enumerate()
        .map(|(i, fix)| {
            let mut closes: BTreeMap<&str, Vec<String>> = BTreeMap::new();
            for (el, item) in &fix.items {
                closes.entry(el.as_str()).or_default().push(item.clone());
            }
            let mut result = Vec::new();
            for (el, items) in &closes {
                let Some(now) = open.get_mut(el) else {
                    continue;
                };
                let before = sl_a_of(now);
                for item in items {
                    now.remove(item.as_str());
                }
                let after = sl_a_of(now);
                let target = deltas.get(el).and_then(|d| d.sl_t);
                let current = deltas.get(el).and_then(|d| d.sl_a);
                let level = |v: [Option<u8>; 7], fr: Fr| {
                    v[fr.index()].unwrap_or_else(|| {
                        let t = target.map_or(0, |t| t.get(fr).get());
                        current.map_or(t, |a| a.get(fr).get().max(t))
                    })
                };
                let changes: Vec<String> = Fr::ALL
                    .iter()
                    .filter(|fr| level(before, **fr) != level(after, **fr))
                    .map(|fr| {
                        format!(
                            "{} {}→{}",
                            fr.label(),
                            level(before, *fr),
                            level(after, *fr)
                        )
                    })
                    .collect();
                if !changes.is_empty() {
                    let done = if now.is_empty() { " (meets SL-T)" } else { "" };
                    result.push(format!("{}: SL-A {}{done}", name(el), changes.join(", ")));
                }
            }
            let cm = tracking(model, fix);
            let rank = i + 1;
            let safety = closes.keys().any(|el| {
                model
                    .zones
                    .get(*el)
                    .is_some_and(crate::model::Zone::is_safety)
            });
            let priority = match cm.and_then(|c| c.priority) {
                Some(p) => p.label().to_owned(),
                None if safety || rank <= 3 => "High (suggested)".to_owned(),
                None if rank <= 10 => "Medium (suggested)".to_owned(),
                None => "Low (suggested)".to_owned(),
            };
            Remedy {
                number: number("R", rank),
                action: action_sentence(model, fix),
                elements: closes.keys().map(|el| name(el)).collect(),
                closed: fix.items.len(),
                closes: closes
                    .into_iter()
                    .map(|(el, items)| (name(el), items))
                    .collect(),
                result,
                owner: cm.map(|c| c.owner.clone()).unwrap_or_default(),
                priority,
                due: cm.map(|c| c.due.clone()).unwrap_or_default(),
                source: cm
                    .filter(|c| !c.owner.is_empty() || c.priority.is_some() || !c.due.is_empty())
                    .map(|c| c.id.to_string()),
            }
        })
        .collect()
}

/// A finding as the executive summary names it.
pub struct NamedFinding<'a> {
    pub number: &'a str,
    pub rule: &'a str,
    pub severity: Severity,
    pub message: &'a str,
}

/// An FR on which an element falls short: the FR, its SL-T and its SL-A.
type Short = (Fr, u8, u8);

/// The executive summary.
pub fn executive(
    model: &Model,
    analysis: &Analysis,
    remedies: &[Remedy],
    findings: &[NamedFinding<'_>],
) -> Executive {
    let name = |id: &str| model.name_of(id).to_owned();
    // Posture.
    let zones: Vec<(&str, &Delta)> = analysis
        .deltas
        .zones
        .iter()
        .filter(|z| z.delta.sl_t.is_some())
        .map(|z| (z.id.as_str(), &z.delta))
        .collect();
    let conduits: Vec<(&str, &Delta)> = analysis
        .deltas
        .conduits
        .iter()
        .filter(|c| c.delta.sl_t.is_some())
        .map(|c| (c.id.as_str(), &c.delta))
        .collect();
    let shortfall = |d: &Delta| -> Vec<Short> {
        let (Some(t), Some(a)) = (d.sl_t, d.sl_a) else {
            return Vec::new();
        };
        Fr::ALL
            .iter()
            .filter(|fr| a.get(**fr).get() < t.get(**fr).get())
            .map(|fr| (*fr, t.get(*fr).get(), a.get(*fr).get()))
            .collect()
    };
    let mut posture = Vec::new();
    let unassessed: Vec<String> = model
        .zones
        .values()
        .filter(|z| z.is_external() || z.sl_t.is_none())
        .map(|z| format!("\"{}\"", z.name))
        .collect();
    let mut fr_short = [0usize; 7];
    let describe = |what: &str, list: &[(&str, &Delta)], fr_short: &mut [usize; 7]| {
        let short: Vec<Vec<Short>> = list
            .iter()
            .map(|(_, d)| shortfall(d))
            .filter(|s| !s.is_empty())
            .collect();
        for s in &short {
            for (fr, _, _) in s {
                fr_short[fr.index()] += 1;
            }
        }
        let far = short
            .iter()
            .filter(|s| s.iter().any(|(_, t, a)| t - a >= 2))
            .count();
        let met = list.len() - short.len();
        if list.is_empty() {
            return None;
        }
        let n = list.len();
        let far_words = match far {
            0 => "none of them by more than one level".to_owned(),
            f if f == short.len() && f > 1 => {
                "each by two or more levels on at least one FR".to_owned()
            }
            f if f == short.len() => "by two or more levels on at least one FR".to_owned(),
            f => format!("{f} of them by two or more levels on at least one FR"),
        };
        Some(match (met, short.len()) {
            (_, 0) if n == 1 => format!("The one assessed {what} reaches its SL-T on every FR."),
            (_, 0) => format!("All {n} assessed {what}s reach their SL-T on every FR."),
            (0, 1) => {
                format!("The one assessed {what} falls short of its SL-T, {far_words}.")
            }
            (0, _) => format!(
                "None of the {n} assessed {what}s reaches its SL-T on every FR: all fall short, \
                 {far_words}."
            ),
            (m, s) => format!(
                "{m} of the {n} assessed {what}s reach{} their SL-T on every FR; {s} fall{} \
                 short, {far_words}.",
                if m == 1 { "es" } else { "" },
                if s == 1 { "s" } else { "" }
            ),
        })
    };
    posture.extend(describe("zone", &zones, &mut fr_short));
    posture.extend(describe("conduit", &conduits, &mut fr_short));
    let mut frs: Vec<(Fr, usize)> = Fr::ALL
        .iter()
        .map(|fr| (*fr, fr_short[fr.index()]))
        .filter(|(_, n)| *n > 0)
        .collect();
    frs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if !frs.is_empty() {
        let top: Vec<String> = frs
            .iter()
            .take(3)
            .map(|(fr, n)| {
                format!(
                    "{} {} ({}: {n} zone{s} and conduit{s})",
                    fr.label(),
                    fr.abbrev(),
                    fr.title().to_lowercase(),
                    s = if *n == 1 { "" } else { "s" }
                )
            })
            .collect();
        posture.push(format!(
            "The gaps lie most often on {}.",
            and_list(&top).replace(": 1 zone and conduit)", ": one zone or conduit)")
        ));
    }
    let s = analysis.summary(model);
    posture.push(format!(
        "In all, {} requirement item{} of IEC 62443-3-3 {} open and {} {} covered by \
         implemented countermeasures; the validation rules raise {} open finding{} ({} of high \
         severity).",
        s.unmet,
        if s.unmet == 1 { "" } else { "s" },
        if s.unmet == 1 { "is" } else { "are" },
        s.covered,
        if s.covered == 1 { "is" } else { "are" },
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        s.open_errors,
    ));
    if zones.is_empty() && conduits.is_empty() {
        posture.insert(
            0,
            "No zone or conduit has an SL-T yet, so nothing is assessed against a target."
                .to_owned(),
        );
    }

    // Risks, by consequence.
    let mut risks = Vec::new();
    let mut safety: Vec<(&str, Vec<Short>, usize)> = zones
        .iter()
        .filter(|(id, _)| {
            model
                .zones
                .get(*id)
                .is_some_and(crate::model::Zone::is_safety)
        })
        .map(|(id, d)| (*id, shortfall(d), d.unmet.len()))
        .filter(|(_, s, _)| !s.is_empty())
        .collect();
    safety.sort_by(|a, b| {
        let gap = |s: &[Short]| s.iter().map(|(_, t, a)| t - a).max().unwrap_or(0);
        gap(&b.1)
            .cmp(&gap(&a.1))
            .then(b.2.cmp(&a.2))
            .then(a.0.cmp(b.0))
    });
    for (id, short, open) in &safety {
        let frs: Vec<String> = short
            .iter()
            .map(|(fr, t, a)| format!("{} {} (SL-A {a} of {t})", fr.label(), fr.abbrev()))
            .collect();
        risks.push(format!(
            "Safety zone \"{}\" falls short of its target on {}; {open} requirement item{} \
             {} open.",
            name(id),
            and_list(&frs),
            if *open == 1 { "" } else { "s" },
            if *open == 1 { "is" } else { "are" },
        ));
    }
    const PATHS: [&str; 3] = [
        "external-path-to-safety",
        "dmz-bypass",
        "external-in-internal",
    ];
    for rule in PATHS {
        for f in findings.iter().filter(|f| f.rule == rule) {
            risks.push(format!(
                "{} ({}): {}",
                f.number,
                severity_word(f.severity).to_lowercase(),
                first_sentence(f.message)
            ));
        }
    }
    for f in findings
        .iter()
        .filter(|f| f.severity == Severity::Error && !PATHS.contains(&f.rule))
    {
        risks.push(format!(
            "{} (high): {}",
            f.number,
            first_sentence(f.message)
        ));
    }
    // Control zones far short (not safety: named above).
    let mut control: Vec<(&str, u8, usize)> = zones
        .iter()
        .filter(|(id, _)| {
            model.zones.get(*id).is_some_and(|z| {
                !z.is_safety()
                    && matches!(
                        z.kind,
                        crate::model::ZoneKind::Control | crate::model::ZoneKind::Field
                    )
            })
        })
        .map(|(id, d)| {
            let gap = shortfall(d)
                .iter()
                .map(|(_, t, a)| t - a)
                .max()
                .unwrap_or(0);
            (*id, gap, d.unmet.len())
        })
        .filter(|(_, gap, _)| *gap >= 2)
        .collect();
    control.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0)));
    for (id, gap, open) in control.iter().take(3) {
        risks.push(format!(
            "Control zone \"{}\" is {} levels below its target on at least one FR, with \
             {open} requirement items open.",
            name(id),
            words(usize::from(*gap))
        ));
    }

    let first_fixes = remedies
        .iter()
        .take(10)
        .map(|r| {
            let per: Vec<String> = r
                .closes
                .iter()
                .map(|(el, items)| format!("{} in \"{el}\"", items.len()))
                .collect();
            let per = if let [(el, _)] = r.closes.as_slice() {
                vec![format!("in \"{el}\"")]
            } else {
                per
            };
            let colon = if r.closes.len() == 1 { " " } else { ": " };
            if r.closed == 0 {
                format!(
                    "{} {} It closes no item alone but brings them closer (one of several weak \
                     assets).",
                    r.number, r.action
                )
            } else {
                format!(
                    "{} {} It closes {} open item{}{colon}{}.",
                    r.number,
                    r.action,
                    r.closed,
                    if r.closed == 1 { "" } else { "s" },
                    and_list(&per)
                )
            }
        })
        .collect();

    // Assumptions.
    let mut sources: BTreeMap<&str, usize> = BTreeMap::new();
    for a in model.assets.values().filter(|a| a.in_scope()) {
        let key = match a.sl_c_source {
            SlcSource::Unknown => "unknown",
            SlcSource::Estimated { .. } => "estimated",
            SlcSource::Vendor { .. } => "a vendor statement",
            SlcSource::Certificate { .. } => "a certificate",
        };
        *sources.entry(key).or_default() += 1;
    }
    let mut assumptions = Vec::new();
    if !sources.is_empty() {
        let parts: Vec<String> = [
            "a certificate",
            "a vendor statement",
            "estimated",
            "unknown",
        ]
        .iter()
        .filter_map(|k| sources.get(k).map(|n| format!("{n} from {k}")))
        .map(|s| {
            s.replace("from estimated", "estimated")
                .replace("from unknown", "unknown")
        })
        .collect();
        assumptions.push(format!(
            "The capability (SL-C) of the assets is taken from the model as recorded: {}. An \
             unknown SL-C is never counted as met; estimates are named where a gap rests on \
             them.",
            and_list(&parts)
        ));
    }
    let planned = model
        .countermeasures
        .values()
        .filter(|c| !c.is_implemented())
        .count();
    assumptions.push(match planned {
        0 => "Only implemented countermeasures are credited; no countermeasure is planned."
            .to_owned(),
        1 => "Only implemented countermeasures are credited; the one planned is listed but not \
              counted."
            .to_owned(),
        n => format!(
            "Only implemented countermeasures are credited; the {n} planned ones are listed but \
             not counted."
        ),
    });
    if !unassessed.is_empty() {
        assumptions.push(format!(
            "Not assessed (external, or no SL-T): {}.",
            and_list(&unassessed)
        ));
    }
    assumptions.push(
        "Which provider can meet each requirement (the allocation table), the zone SL-C as its \
         weakest asset's, the estimated SL-A and the ranking of the fixes are heuristics of \
         this tool, set out in the method chapter; they are not rules of IEC 62443."
            .to_owned(),
    );
    Executive {
        posture,
        risks,
        first_fixes,
        assumptions,
    }
}

/// Small numbers in words, as a sentence wants them.
fn words(n: usize) -> String {
    match n {
        2 => "two".to_owned(),
        3 => "three".to_owned(),
        4 => "four".to_owned(),
        n => n.to_string(),
    }
}

/// The first sentence of a message (up to the first ". " or ": " that ends a clause).
fn first_sentence(s: &str) -> String {
    match s.find(". ") {
        Some(i) => s[..=i].to_owned(),
        None => s.to_owned(),
    }
}

/// Every requirement id of a list, once, in the list's order.
pub fn unique(ids: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    ids.into_iter().filter(|i| seen.insert(i.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(l: [u8; 7]) -> SlVector {
        SlVector::from_levels(l).unwrap()
    }

    #[test]
    fn vectors_in_words() {
        assert_eq!(sl_words(v([2; 7])), "2 on every FR");
        assert_eq!(
            sl_words(v([2, 2, 3, 1, 2, 1, 2])),
            "2 on every FR except FR3 (3), FR4 (1) and FR6 (1)"
        );
    }

    #[test]
    fn messages_lose_their_raw_vectors() {
        let m = "Conduit \"A\" has SL-T {2 2 3 1 2 1 2}, below {2 2 3 2 2 2 3} of the zones it \
                 joins on FR4 DC (set by \"B\"); raise it.";
        assert_eq!(
            sentence(m),
            "Conduit \"A\" has an SL-T below that of the zones it joins on FR4 DC (set by \
             \"B\"); raise it."
        );
        let m = "Conduit \"C\" has SL-T {2 2 2 1 2 2 2}. Modbus lacks it.";
        let s = sentence(m);
        assert!(!s.contains('{'), "{s}");
        assert!(s.contains("SL-T 2 on every FR except FR4 (1)"), "{s}");
        // Braces that are not a vector stay.
        assert_eq!(sentence("set {a b}"), "set {a b}");
    }

    #[test]
    fn numbers_and_words() {
        assert_eq!(number("F", 3), "F-03");
        assert_eq!(number("R", 112), "R-112");
        assert_eq!(severity_word(Severity::Error), "High");
        assert_eq!(severity_word(Severity::Info), "Low");
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
    }
}
