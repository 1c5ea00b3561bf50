//! Checks a parsed file before it becomes a model: unique ids, references to existing
//! elements, known catalog keys, finite geometry, no parent cycles, each finding accepted once.
//! Every problem is listed, each with the line of the offending value (found through the
//! file's [`Outline`]), in line order.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::catalog;
use crate::model::{
    CountermeasureKind, Model, NotApplicable, Point, Rect, RiskAssessment, RiskMatrix, SCALE_MAX,
    SCALE_MIN, SlVector, SlcSource,
};

use super::messages::{did_you_mean, element_noun};
use super::outline::LazyOutline;
use super::{FileV1, LoadError, Problem};

/// What f32 coordinates can hold, for messages about values beyond it.
const NOT_FINITE: &str =
    "not a finite number (NaN, infinity, or beyond ±3.4e38, the largest a coordinate can hold)";

struct Problems<'o, 'd> {
    outline: &'o LazyOutline<'o>,
    list: Vec<Problem>,
    /// Every id with the sections that define it (the kind of element an id first names is
    /// looked up only for a message).
    defs: Option<&'d Definitions<'d>>,
}

impl Problems<'_, '_> {
    /// Why a reference to a `wanted` (e.g. `zone`) named `id` does not resolve.
    fn absent(&self, id: &str, wanted: &str) -> String {
        let kind = self
            .defs
            .and_then(|d| d.get(id))
            .and_then(|places| places.first())
            .map(|&(section, _)| element_noun(section));
        match kind {
            Some(kind) => format!("which is {} {kind}, not a {wanted}", article(kind)),
            None => "which does not exist".to_owned(),
        }
    }

    /// A problem in element `index` of `section`, located at the string `value` in `field`
    /// (or at `field` itself, or at the element).
    fn at(
        &mut self,
        section: &str,
        index: usize,
        field: &str,
        value: Option<&str>,
        message: String,
    ) {
        let line = self.outline.get().element(section, index).and_then(|el| {
            value
                .and_then(|v| el.value_line(field, v))
                .or_else(|| el.field_line(field))
                .or(Some(el.line))
        });
        self.list.push(Problem { line, message });
    }

    /// A problem at the `nth` (0-based) nested field `inner` of element `index`'s field
    /// `field` (the `id` of the third threat scenario in `risk`, say), or at `field`.
    fn at_nested(
        &mut self,
        (section, index): (&str, usize),
        (field, inner, nth): (&str, &str, usize),
        message: String,
    ) {
        let line = self.outline.get().element(section, index).and_then(|el| {
            let from = el.fields.iter().find(|f| f.depth == 0 && f.text == field)?;
            el.fields
                .iter()
                .filter(|f| f.offset > from.offset && f.depth > 0 && f.text == inner)
                .nth(nth)
                .map(|f| f.line)
                .or(Some(from.line))
        });
        self.list.push(Problem { line, message });
    }

    /// A problem in the project's field `field`, located at that field.
    fn at_project(&mut self, field: &str, message: String) {
        let line = self
            .outline
            .get()
            .struct_fields
            .get("project")
            .and_then(|fs| fs.iter().find(|f| f.text == field))
            .map(|f| f.line);
        self.list.push(Problem { line, message });
    }
}

fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn finite_rect(r: &Rect) -> bool {
    [r.x, r.y, r.w, r.h].iter().all(|v| v.is_finite())
}

fn finite_point(p: &Point) -> bool {
    p.x.is_finite() && p.y.is_finite()
}

/// The first coordinate of `model` that is not finite, described, or `None`. Such a model
/// cannot be saved: its file would not load again.
pub(super) fn non_finite(model: &Model) -> Option<String> {
    let zone = model
        .zones
        .values()
        .find(|z| !finite_rect(&z.rect))
        .map(|z| {
            format!(
                "zone `{}` has a rectangle with a value that is {NOT_FINITE}",
                z.id
            )
        });
    let asset = || {
        model
            .assets
            .values()
            .find(|a| !finite_point(&a.pos))
            .map(|a| format!("asset `{}` has a position that is {NOT_FINITE}", a.id))
    };
    let conduit = || {
        model
            .conduits
            .values()
            .find(|c| c.route.iter().any(|p| !finite_point(p)))
            .map(|c| format!("conduit `{}` has a route point that is {NOT_FINITE}", c.id))
    };
    zone.or_else(asset).or_else(conduit)
}

/// Where each id is defined: section and index in the file.
type Definitions<'f> = BTreeMap<&'f str, Vec<(&'static str, usize)>>;

fn check_ids<'f>(file: &'f FileV1, p: &mut Problems<'_, '_>) -> Definitions<'f> {
    let mut defs: Definitions<'f> = BTreeMap::new();
    let all = file
        .zones
        .iter()
        .map(|z| ("zones", z.id.as_str()))
        .chain(file.assets.iter().map(|a| ("assets", a.id.as_str())))
        .chain(file.conduits.iter().map(|c| ("conduits", c.id.as_str())))
        .chain(
            file.countermeasures
                .iter()
                .map(|c| ("countermeasures", c.id.as_str())),
        );
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for (section, id) in all {
        let i = index.entry(section).or_insert(0);
        defs.entry(id).or_default().push((section, *i));
        *i += 1;
    }
    for (id, places) in &defs {
        for &(section, i) in places {
            if id.trim().is_empty() {
                p.at(
                    section,
                    i,
                    "id",
                    None,
                    format!("{} number {} has an empty id", element_noun(section), i + 1),
                );
            }
        }
        if id.trim().is_empty() {
            continue;
        }
        let Some((&(first_section, first_i), rest)) = places.split_first() else {
            continue;
        };
        if rest.is_empty() {
            // Unique: no message, so no need for the outline's lines (scanning them costs as
            // much as a tenth of loading a large plant).
            continue;
        }
        let first_line = p
            .outline
            .get()
            .element(first_section, first_i)
            .and_then(|el| el.field_line("id"));
        let first = match first_line {
            Some(l) => format!("{} on line {l}", element_noun(first_section)),
            None => format!("a {}", element_noun(first_section)),
        };
        for &(section, i) in rest {
            p.at(
                section,
                i,
                "id",
                Some(id),
                format!(
                    "duplicate id `{id}`: this {} has the same id as the {first}; ids must be unique across zones, assets, conduits and countermeasures",
                    element_noun(section)
                ),
            );
        }
    }
    defs
}

fn check_zones(
    file: &FileV1,
    zones: &BTreeSet<&str>,
    refs: &EntryTargets<'_>,
    p: &mut Problems<'_, '_>,
) {
    for (i, z) in file.zones.iter().enumerate() {
        let id = z.id.as_str();
        if let Some(parent) = &z.parent {
            if parent == &z.id {
                p.at(
                    "zones",
                    i,
                    "parent",
                    Some(parent.as_str()),
                    format!("zone `{id}` is its own parent"),
                );
            } else if !zones.contains(parent.as_str()) {
                p.at(
                    "zones",
                    i,
                    "parent",
                    Some(parent.as_str()),
                    format!(
                        "zone `{id}` has parent `{parent}`, {}",
                        p.absent(parent.as_str(), "zone")
                    ),
                );
            }
        }
        check_not_applicable(&z.not_applicable, "zones", i, id, p);
        check_risk(
            &z.risk,
            &z.spec,
            &file.project.risk_matrix,
            ("zones", i, id),
            refs,
            p,
        );
        if !finite_rect(&z.rect) {
            p.at(
                "zones",
                i,
                "rect",
                None,
                format!("zone `{id}` has a rectangle with a value that is {NOT_FINITE}"),
            );
        } else if z.rect.w < 0.0 || z.rect.h < 0.0 {
            p.at(
                "zones",
                i,
                "rect",
                None,
                format!(
                    "zone `{id}` has a negative width or height; a rectangle is `(x, y, width, height)`"
                ),
            );
        }
    }

    // Parent cycles longer than one step, each reported once, at its smallest zone id.
    let parent: BTreeMap<&str, &str> = file
        .zones
        .iter()
        .filter_map(|z| z.parent.as_ref().map(|pa| (z.id.as_str(), pa.as_str())))
        .collect();
    let mut reported: BTreeSet<Vec<&str>> = BTreeSet::new();
    for start in parent.keys() {
        let mut path = vec![*start];
        let mut cur = *start;
        while let Some(next) = parent.get(cur).copied() {
            if next == cur {
                break;
            }
            if let Some(pos) = path.iter().position(|z| *z == next) {
                let mut cycle = path[pos..].to_vec();
                if cycle.len() > 1 {
                    let min = cycle
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, z)| **z)
                        .map_or(0, |(k, _)| k);
                    cycle.rotate_left(min);
                    if reported.insert(cycle.clone()) {
                        let head = cycle[0];
                        let index = file.zones.iter().position(|z| z.id == head).unwrap_or(0);
                        let mut names = cycle.clone();
                        names.push(head);
                        p.at(
                            "zones",
                            index,
                            "parent",
                            None,
                            format!(
                                "zones are nested in a cycle: {} (each is the parent of the one before)",
                                names.join(" → ")
                            ),
                        );
                    }
                }
                break;
            }
            path.push(next);
            cur = next;
        }
    }
}

fn check_assets(
    file: &FileV1,
    zones: &BTreeSet<&str>,
    conduits: &BTreeSet<&str>,
    p: &mut Problems<'_, '_>,
) {
    let cat = catalog();
    for (i, a) in file.assets.iter().enumerate() {
        let id = a.id.as_str();
        if cat.asset_kind(&a.kind).is_none() {
            p.at(
                "assets",
                i,
                "kind",
                Some(&a.kind),
                format!(
                    "asset `{id}` has kind `{}`, which is not in the asset-kind catalog{} (`zoneplan catalog` lists them)",
                    a.kind,
                    did_you_mean(&a.kind, cat.asset_kinds.iter().map(|k| k.key.as_str()))
                ),
            );
        }
        if let Some(z) = a.placement.zone()
            && !zones.contains(z.as_str())
        {
            p.at(
                "assets",
                i,
                "placement",
                Some(z.as_str()),
                format!(
                    "asset `{id}` is placed in zone `{z}`, {}",
                    p.absent(z.as_str(), "zone")
                ),
            );
        }
        if let Some(c) = a.placement.conduit()
            && !conduits.contains(c.as_str())
        {
            p.at(
                "assets",
                i,
                "placement",
                Some(c.as_str()),
                format!(
                    "asset `{id}` is placed in conduit `{c}`, {}",
                    p.absent(c.as_str(), "conduit")
                ),
            );
        }
        for prov in &a.provides {
            for z in &prov.zones {
                if !zones.contains(z.as_str()) {
                    p.at(
                        "assets",
                        i,
                        "provides",
                        Some(z.as_str()),
                        format!(
                            "asset `{id}` provides {} to zone `{z}`, {}",
                            prov.service.key(),
                            p.absent(z.as_str(), "zone")
                        ),
                    );
                }
            }
        }
        if !a.sl_c_source.is_known() && a.sl_c != SlVector::ZERO {
            p.at(
                "assets",
                i,
                "sl_c",
                None,
                format!(
                    "asset `{id}` has an SL-C but no `sl_c_source`; say where it comes from: `sl_c_source: Estimated(by: \"...\", note: \"...\")`, `Vendor(document: \"...\")` or `Certificate(scheme: \"...\", ...)`"
                ),
            );
        }
        if let SlcSource::Certificate { scheme, level, .. } = &a.sl_c_source {
            if scheme.trim().is_empty() {
                p.at(
                    "assets",
                    i,
                    "sl_c_source",
                    None,
                    format!(
                        "asset `{id}` has a certificate without a `scheme` (e.g. \"ISASecure CSA\")"
                    ),
                );
            }
            if *level > 4 {
                p.at(
                    "assets",
                    i,
                    "sl_c_source",
                    None,
                    format!("asset `{id}` has a certificate of level {level}; levels are 1 to 4 (0: not stated)"),
                );
            }
        }
        if !finite_point(&a.pos) {
            p.at(
                "assets",
                i,
                "pos",
                None,
                format!("asset `{id}` has a position with a value that is {NOT_FINITE}"),
            );
        }
    }
}

fn check_conduits(
    file: &FileV1,
    zones: &BTreeSet<&str>,
    assets: &BTreeSet<&str>,
    refs: &EntryTargets<'_>,
    p: &mut Problems<'_, '_>,
) {
    let cat = catalog();
    for (i, c) in file.conduits.iter().enumerate() {
        let id = c.id.as_str();
        for z in &c.zones {
            if !zones.contains(z.as_str()) {
                p.at(
                    "conduits",
                    i,
                    "zones",
                    Some(z.as_str()),
                    format!(
                        "conduit `{id}` joins zone `{z}`, {}",
                        p.absent(z.as_str(), "zone")
                    ),
                );
            }
        }
        let mut names = BTreeSet::new();
        for ch in c.channels.iter().filter(|ch| !ch.name.is_empty()) {
            if !names.insert(ch.name.as_str()) {
                p.at(
                    "conduits",
                    i,
                    "channels",
                    Some(&ch.name),
                    format!(
                        "conduit `{id}` has two channels named `{}`; channel names are unique within a conduit",
                        ch.name
                    ),
                );
            }
        }
        check_not_applicable(&c.not_applicable, "conduits", i, id, p);
        check_risk(
            &c.risk,
            &c.spec,
            &file.project.risk_matrix,
            ("conduits", i, id),
            refs,
            p,
        );
        for ch in &c.channels {
            if cat.protocol(&ch.protocol).is_none() {
                p.at(
                    "conduits",
                    i,
                    "channels",
                    Some(&ch.protocol),
                    format!(
                        "conduit `{id}` has a channel with protocol `{}`, which is not in the protocol catalog{} (`zoneplan catalog` lists them)",
                        ch.protocol,
                        did_you_mean(&ch.protocol, cat.protocols.iter().map(|p| p.key.as_str()))
                    ),
                );
            }
            for (end, a) in [("source", &ch.source), ("destination", &ch.destination)] {
                if let Some(a) = a
                    && !assets.contains(a.as_str())
                {
                    p.at(
                        "conduits",
                        i,
                        "channels",
                        Some(a.as_str()),
                        format!(
                            "conduit `{id}` has a channel whose {end} is asset `{a}`, {}",
                            p.absent(a.as_str(), "asset")
                        ),
                    );
                }
            }
        }
        if c.route.iter().any(|pt| !finite_point(pt)) {
            p.at(
                "conduits",
                i,
                "route",
                None,
                format!("conduit `{id}` has a route point with a value that is {NOT_FINITE}"),
            );
        }
    }
}

/// What a threat scenario may enter through: a zone or a conduit.
struct EntryTargets<'a> {
    zones: &'a BTreeSet<&'a str>,
    conduits: &'a BTreeSet<&'a str>,
}

/// The project's risk matrix: scales of 3 to 5 levels, one SL per consequence level, a
/// tolerable line on the matrix.
fn check_matrix(m: &RiskMatrix, p: &mut Problems<'_, '_>) {
    for (name, scale) in [
        ("likelihood", &m.likelihood),
        ("consequence", &m.consequence),
    ] {
        if !(SCALE_MIN..=SCALE_MAX).contains(&scale.len()) {
            p.at_project(
                "risk_matrix",
                format!(
                    "the risk matrix's {name} scale has {} levels; it needs {SCALE_MIN} to {SCALE_MAX}",
                    scale.len()
                ),
            );
        }
    }
    if m.consequence_sl.len() != m.consequence.len() {
        p.at_project(
            "risk_matrix",
            format!(
                "the risk matrix's `consequence_sl` has {} entries but the consequence scale has {} levels; give one SL per level",
                m.consequence_sl.len(),
                m.consequence.len()
            ),
        );
    }
    let (lo, hi) = m.risk_range();
    if !(lo..=hi).contains(&m.tolerable) {
        p.at_project(
            "risk_matrix",
            format!(
                "the risk matrix's tolerable risk {} lies off the matrix; risks run from {lo} to {hi} (likelihood + consequence)",
                m.tolerable
            ),
        );
    }
}

/// Threat scenarios and tailoring: unique scenario ids, levels on the matrix's scales, entry
/// points that exist (a zone, a conduit, or one of the element's own access points), each FR
/// tailored once.
fn check_risk(
    risk: &RiskAssessment,
    spec: &crate::model::Specification,
    matrix: &RiskMatrix,
    (section, i, id): (&str, usize, &str),
    refs: &EntryTargets<'_>,
    p: &mut Problems<'_, '_>,
) {
    let noun = element_noun(section);
    let mut seen = BTreeSet::new();
    for (k, s) in risk.scenarios.iter().enumerate() {
        let sid = s.id.as_str();
        let at = |p: &mut Problems<'_, '_>, message: String| {
            p.at_nested((section, i), ("risk", "id", k), message);
        };
        if sid.trim().is_empty() {
            at(
                p,
                format!("{noun} `{id}` has a threat scenario without an id (e.g. `TS-1`)"),
            );
        } else if !seen.insert(sid) {
            at(
                p,
                format!("{noun} `{id}` has two threat scenarios with id `{sid}`"),
            );
        }
        let scale = |n: usize| format!("1 to {n}");
        if usize::from(s.likelihood) < 1 || usize::from(s.likelihood) > matrix.likelihood.len() {
            at(
                p,
                format!(
                    "{noun} `{id}`, scenario `{sid}`: likelihood {} lies off the likelihood scale ({})",
                    s.likelihood,
                    scale(matrix.likelihood.len())
                ),
            );
        }
        for c in crate::model::ConsequenceCategory::ALL {
            if let Some(l) = s.consequences.get(c)
                && (l < 1 || usize::from(l) > matrix.consequence.len())
            {
                at(
                    p,
                    format!(
                        "{noun} `{id}`, scenario `{sid}`: {} consequence {l} lies off the consequence scale ({})",
                        c.key(),
                        scale(matrix.consequence.len())
                    ),
                );
            }
        }
        if let Some(e) = &s.entry
            && !refs.zones.contains(e.as_str())
            && !refs.conduits.contains(e.as_str())
            && !spec.access_points.iter().any(|ap| &ap.name == e)
        {
            let why = p.absent(e, "conduit, zone or access point of its own");
            at(
                p,
                format!("{noun} `{id}`, scenario `{sid}`: it enters through `{e}`, {why}"),
            );
        }
    }
    let mut frs = BTreeSet::new();
    for (k, t) in risk.tailoring.iter().enumerate() {
        if !frs.insert(t.fr) {
            p.at_nested(
                (section, i),
                ("risk", "fr", k),
                format!("{noun} `{id}` tailors {} twice", t.fr.abbrev()),
            );
        }
    }
}

/// Items set not applicable: 3-3 ids, each once, each with a justification.
fn check_not_applicable(
    list: &[NotApplicable],
    section: &str,
    i: usize,
    id: &str,
    p: &mut Problems<'_, '_>,
) {
    let noun = element_noun(section);
    let mut seen = BTreeSet::new();
    for na in list {
        if catalog().requirement(&na.item).is_none() {
            p.at(
                section,
                i,
                "not_applicable",
                Some(&na.item),
                format!(
                    "{noun} `{id}` sets `{}` not applicable, which is not an IEC 62443-3-3 id (e.g. `SR 1.6`, `SR 2.3 RE(1)`)",
                    na.item
                ),
            );
        } else if !seen.insert(na.item.as_str()) {
            p.at(
                section,
                i,
                "not_applicable",
                Some(&na.item),
                format!("{noun} `{id}` sets `{}` not applicable twice", na.item),
            );
        }
        if na.justification.trim().is_empty() {
            p.at(
                section,
                i,
                "not_applicable",
                Some(&na.item),
                format!(
                    "{noun} `{id}` sets `{}` not applicable without a justification; say why it does not apply",
                    na.item
                ),
            );
        }
    }
}

fn check_countermeasures(
    file: &FileV1,
    zones: &BTreeSet<&str>,
    conduits: &BTreeSet<&str>,
    assets: &BTreeSet<&str>,
    p: &mut Problems<'_, '_>,
) {
    let cat = catalog();
    for (i, cm) in file.countermeasures.iter().enumerate() {
        let id = cm.id.as_str();
        if cm.kind == CountermeasureKind::Compensating && cm.justification.trim().is_empty() {
            p.at(
                "countermeasures",
                i,
                "kind",
                None,
                format!(
                    "countermeasure `{id}` is compensating but has no `justification`; a compensating countermeasure must say how it meets the intent of what it covers"
                ),
            );
        }
        if !cm.due.is_empty() && !crate::model::is_iso_date(&cm.due) {
            p.at(
                "countermeasures",
                i,
                "due",
                None,
                format!(
                    "countermeasure `{id}` is due `{}`, which is not a date as YYYY-MM-DD (e.g. `2027-03-31`)",
                    cm.due
                ),
            );
        }
        for a in &cm.assets {
            if !assets.contains(a.as_str()) {
                p.at(
                    "countermeasures",
                    i,
                    "assets",
                    Some(a.as_str()),
                    format!(
                        "countermeasure `{id}` applies to asset `{a}`, {}",
                        p.absent(a.as_str(), "asset")
                    ),
                );
            }
        }
        for ch in &cm.channels {
            let conduit = file.conduits.iter().find(|c| c.id == ch.conduit);
            let problem = match conduit {
                None => Some(format!(
                    "countermeasure `{id}` applies to a channel of conduit `{}`, {}",
                    ch.conduit,
                    p.absent(ch.conduit.as_str(), "conduit")
                )),
                Some(c) if c.channel(&ch.channel).is_none() => Some(format!(
                    "countermeasure `{id}` applies to channel `{}` of conduit `{}`, which has no channel of that name{}",
                    ch.channel,
                    ch.conduit,
                    did_you_mean(&ch.channel, c.channels.iter().map(|c| c.name.as_str()))
                )),
                Some(_) => None,
            };
            if let Some(message) = problem {
                p.at("countermeasures", i, "channels", Some(&ch.channel), message);
            }
        }
        for r in &cm.covers {
            if !cat.is_requirement_id(r) {
                p.at(
                    "countermeasures",
                    i,
                    "covers",
                    Some(r),
                    format!(
                        "countermeasure `{id}` covers `{r}`, which is not an IEC 62443-3-3 or 4-2 requirement id (e.g. `SR 1.1`, `CR 2.1 RE(1)`)"
                    ),
                );
            }
        }
        for z in &cm.zones {
            if !zones.contains(z.as_str()) {
                p.at(
                    "countermeasures",
                    i,
                    "zones",
                    Some(z.as_str()),
                    format!(
                        "countermeasure `{id}` applies to zone `{z}`, {}",
                        p.absent(z.as_str(), "zone")
                    ),
                );
            }
        }
        for c in &cm.conduits {
            if !conduits.contains(c.as_str()) {
                p.at(
                    "countermeasures",
                    i,
                    "conduits",
                    Some(c.as_str()),
                    format!(
                        "countermeasure `{id}` applies to conduit `{c}`, {}",
                        p.absent(c.as_str(), "conduit")
                    ),
                );
            }
        }
    }
}

pub(super) fn build_model(
    file: FileV1,
    outline: &LazyOutline<'_>,
    origin: &str,
) -> Result<Model, LoadError> {
    let mut p = Problems {
        outline,
        list: Vec::new(),
        defs: None,
    };
    let defs = check_ids(&file, &mut p);
    p.defs = Some(&defs);
    let of_kind = |kind: &str| -> BTreeSet<&str> {
        defs.iter()
            .filter(|(_, places)| places.iter().any(|(s, _)| *s == kind))
            .map(|(id, _)| *id)
            .collect()
    };
    let zones = of_kind("zones");
    let assets = of_kind("assets");
    let conduits = of_kind("conduits");
    let refs = EntryTargets {
        zones: &zones,
        conduits: &conduits,
    };
    check_matrix(&file.project.risk_matrix, &mut p);
    check_zones(&file, &zones, &refs, &mut p);
    check_assets(&file, &zones, &conduits, &mut p);
    check_conduits(&file, &zones, &assets, &refs, &mut p);
    check_countermeasures(&file, &zones, &conduits, &assets, &mut p);

    let mut accepted = BTreeMap::new();
    let mut first_index: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, a) in file.accepted.iter().enumerate() {
        if accepted.insert(a.finding.clone(), a.clone()).is_some() {
            let first = first_index
                .get(a.finding.as_str())
                .and_then(|&k| outline.get().element("accepted", k))
                .and_then(|el| el.field_line("finding"))
                .map_or_else(String::new, |l| format!(" (first on line {l})"));
            p.at(
                "accepted",
                i,
                "finding",
                Some(&a.finding),
                format!("finding `{}` is accepted twice{first}", a.finding),
            );
        } else {
            first_index.insert(a.finding.as_str(), i);
        }
    }

    if !p.list.is_empty() {
        // Stable: problems on the same line keep the order they were found in.
        p.list.sort_by_key(|pr| pr.line.unwrap_or(usize::MAX));
        return Err(LoadError::Invalid {
            path: origin.to_owned(),
            problems: p.list,
        });
    }

    let mut model = Model {
        project: file.project,
        accepted,
        ..Model::default()
    };
    for z in file.zones {
        model.insert_zone(z);
    }
    for a in file.assets {
        model.insert_asset(a);
    }
    for c in file.conduits {
        model.insert_conduit(c);
    }
    for cm in file.countermeasures {
        model.insert_countermeasure(cm);
    }
    Ok(model)
}
