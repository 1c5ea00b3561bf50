//! Everything a report says, computed from the model and its analysis before any drawing:
//! counts, tables, sheets and texts. Pure and deterministic (every list in id order or in a
//! stated sort order), so it can be tested without a PDF.

use std::collections::BTreeSet;

use crate::analysis::{self, Analysis, Delta, Severity};
use crate::catalog::{self, Catalog, Texts, catalog};
use crate::diagram::{self, Diagram};
use crate::model::{Asset, AssetId, CountermeasureId, Fr, Model, SlVector, ZoneKind};

use super::Options;
use super::summary::{self, Executive, Remedy};

/// The whole content of a report.
#[derive(Clone, Debug)]
pub struct ReportData {
    pub project: ProjectInfo,
    pub counts: Counts,
    /// SL-T / SL-C per zone (external zones included, shown unassessed), in id order.
    pub zone_levels: Vec<LevelRow>,
    /// SL-T / SL-C per conduit, in id order.
    pub conduit_levels: Vec<LevelRow>,
    /// Unmet 3-3 items per FR over all zones and conduits.
    pub unmet_per_fr: [usize; 7],
    /// Open and accepted findings per severity, errors first.
    pub findings_by_severity: Vec<SeverityCount>,
    /// The zones and conduits with the most unmet items (at most five, only those with gaps).
    pub largest_gaps: Vec<GapEntry>,
    /// The executive summary, in sentences.
    pub executive: Executive,
    /// The numbered remediation plan (R-01 …) from the ranked fix plan, see `analysis::plan`.
    pub remediation: Vec<Remedy>,
    /// The paragraphs of the method chapter.
    pub method: Vec<MethodSection>,
    pub diagram: Diagram,
    pub zones: Vec<ZoneSheet>,
    pub conduits: Vec<ConduitSheet>,
    pub countermeasures: Vec<CountermeasureRow>,
    /// Open findings, in the analysis order (errors first, then id).
    pub findings: Vec<FindingRow>,
    /// Accepted findings, with who accepted them and why.
    pub accepted: Vec<AcceptedRow>,
    /// Every requirement id the report cites, in catalog order (3-3 first, then 4-2).
    pub appendix: Vec<CitedRequirement>,
    /// Whether the user supplied requirement texts (the appendix then shows them).
    pub has_texts: bool,
    /// The IEC 62443-3-2 workflow: risk, specification, approval.
    pub workflow: super::workflow::WorkflowData,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectInfo {
    pub name: String,
    pub site: String,
    pub asset_owner: String,
    pub author: String,
    pub revision: String,
    pub date: String,
    pub classification: String,
    pub description: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    pub zones: usize,
    pub external_zones: usize,
    pub conduits: usize,
    pub assets: usize,
    pub boundary_devices: usize,
    pub countermeasures: usize,
    pub unmet: usize,
    pub covered: usize,
}

pub use crate::analysis::GapLevel;

/// One cell of the SL table: "T/C".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LevelCell {
    pub target: Option<u8>,
    pub capability: u8,
    pub gap: GapLevel,
}

impl LevelCell {
    pub fn label(&self) -> String {
        match self.target {
            Some(t) => format!("{t}/{}", self.capability),
            None => format!("–/{}", self.capability),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelRow {
    pub id: String,
    pub name: String,
    pub cells: [LevelCell; 7],
    pub unmet: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeverityCount {
    pub severity: Severity,
    pub open: usize,
    pub accepted: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GapEntry {
    /// "Zone" or "Conduit".
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub unmet: usize,
    /// The FRs with unmet items, with their counts.
    pub frs: Vec<(Fr, usize)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MethodSection {
    pub title: String,
    pub paragraphs: Vec<String>,
}

/// An asset as listed in a zone sheet or as a conduit's boundary device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssetRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub classes: String,
    pub sl_c: String,
    /// The zone it sits in when that is a subzone of the sheet's zone.
    pub subzone: Option<String>,
}

/// A 3-3 item the target demands and the capability does not meet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnmetRow {
    pub id: String,
    pub title: String,
    pub fr: Fr,
    pub level: u8,
    /// Names of the assets below the item's level.
    pub culprits: Vec<String>,
    /// Names of planned countermeasures that will cover it.
    pub planned: Vec<String>,
    /// Who can provide it (allocation table) and why it is unmet.
    pub providers: String,
    pub reasons: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoveredRow {
    pub id: String,
    pub title: String,
    /// Names of the implemented countermeasures.
    pub by: Vec<String>,
}

/// The 4-2 component delta of one asset: asset name and the CR ids it lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComponentGap {
    pub asset: String,
    pub requirements: Vec<String>,
}

/// Unmet items of one FR with the same first provider in the allocation table (the one that
/// would normally meet them): the culprits, reasons, other providers and planned measures of
/// the group listed once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnmetGroup {
    pub fr: Fr,
    /// The first provider of the group's items ("component", "service", …).
    pub provider: String,
    /// Every provider of the group's items, first seen first.
    pub providers: Vec<String>,
    /// Item ids, in the order of the unmet list.
    pub ids: Vec<String>,
    /// Every reason of the group's items, once, first seen first.
    pub reasons: Vec<String>,
    pub culprits: Vec<String>,
    pub planned: Vec<String>,
}

/// The unmet items grouped by FR, then by first provider (first seen first).
pub fn group_unmet(unmet: &[UnmetRow]) -> Vec<UnmetGroup> {
    fn add(list: &mut Vec<String>, items: &[String]) {
        for i in items {
            if !list.contains(i) {
                list.push(i.clone());
            }
        }
    }
    let mut groups: Vec<UnmetGroup> = Vec::new();
    for fr in Fr::ALL {
        for u in unmet.iter().filter(|u| u.fr == fr) {
            let all: Vec<String> = u.providers.split(", ").map(str::to_owned).collect();
            let first = all.first().cloned().unwrap_or_default();
            let i = match groups
                .iter()
                .position(|g| g.fr == fr && g.provider == first)
            {
                Some(i) => i,
                None => {
                    groups.push(UnmetGroup {
                        fr,
                        provider: first,
                        providers: Vec::new(),
                        ids: Vec::new(),
                        reasons: Vec::new(),
                        culprits: Vec::new(),
                        planned: Vec::new(),
                    });
                    groups.len() - 1
                }
            };
            let g = &mut groups[i];
            g.ids.push(u.id.clone());
            add(&mut g.providers, &all);
            add(&mut g.reasons, &u.reasons);
            add(&mut g.culprits, &u.culprits);
            add(&mut g.planned, &u.planned);
        }
    }
    groups
}

/// Target, capability and the item lists of a zone or conduit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    pub sl_t: Option<SlVector>,
    /// Weakest link; `None` when unknown.
    pub sl_c: Option<SlVector>,
    /// Estimated achieved level.
    pub sl_a: Option<SlVector>,
    /// Items set not applicable: "id title: reason".
    pub not_applicable: Vec<String>,
    pub rationale: String,
    pub unmet: Vec<UnmetRow>,
    pub covered: Vec<CoveredRow>,
    /// Planned countermeasures that apply to the element: "name (id)".
    pub planned: Vec<String>,
    pub components: Vec<ComponentGap>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectedConduit {
    pub name: String,
    pub id: String,
    /// The other zones it joins, by name.
    pub to: Vec<String>,
    pub direction: String,
}

/// ZCR 6.4 zone characteristics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneSheet {
    pub id: String,
    pub name: String,
    pub kind: ZoneKind,
    pub description: String,
    pub parent: Option<String>,
    pub subzones: Vec<String>,
    pub purdue: Option<String>,
    pub organisation: String,
    pub safety: bool,
    pub external: bool,
    pub conduits: Vec<ConnectedConduit>,
    pub assets: Vec<AssetRow>,
    pub assessment: Assessment,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelRow {
    pub protocol: String,
    pub port: String,
    pub from: String,
    pub to: String,
    pub direction: String,
    pub purpose: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConduitSheet {
    pub id: String,
    pub name: String,
    pub description: String,
    pub zones: Vec<String>,
    pub direction: String,
    pub channels: Vec<ChannelRow>,
    pub boundary_devices: Vec<AssetRow>,
    pub assessment: Assessment,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountermeasureRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub status: String,
    pub owner: String,
    pub priority: String,
    pub due: String,
    /// Requirement ids.
    pub covers: Vec<String>,
    pub applies_to: String,
    pub justification: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingRow {
    /// `F-01` …: open findings first, then accepted ones, in the analysis order.
    pub number: String,
    pub id: String,
    pub severity: Severity,
    pub rule: String,
    /// The rule's title and its reference (clause, `practice` or `heuristic`).
    pub rule_title: String,
    pub reference: String,
    pub elements: Vec<String>,
    /// The rule's message with its SL vectors in words.
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptedRow {
    pub finding: FindingRow,
    pub justification: String,
    pub by: String,
    pub date: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CitedRequirement {
    pub id: String,
    pub title: String,
    /// From the user's texts file, when given and it has the id.
    pub text: Option<String>,
}

impl ReportData {
    /// Computes the report's content. `analysis` must be the analysis of `model` with the
    /// reasons of its unmet items (`Analysis::run_with_reasons`): the annex prints them.
    pub fn build(model: &Model, analysis: &Analysis, options: &Options) -> Self {
        debug_assert!(
            analysis.deltas.elements().all(|(_, d)| d.has_reasons()),
            "the report needs Analysis::run_with_reasons"
        );
        let cat = catalog();
        let p = &model.project;
        let project = ProjectInfo {
            name: if p.name.trim().is_empty() {
                "Untitled project".to_owned()
            } else {
                p.name.clone()
            },
            site: p.site.clone(),
            asset_owner: p.asset_owner.clone(),
            author: p.author.clone(),
            revision: p.revision.clone(),
            date: p.date.clone(),
            classification: p.classification.clone(),
            description: p.description.clone(),
        };

        let deltas = &analysis.deltas;
        let summary = analysis.summary(model);
        let counts = Counts {
            zones: model.zones.len(),
            external_zones: model.zones.values().filter(|z| z.is_external()).count(),
            conduits: model.conduits.len(),
            assets: model.assets.len(),
            boundary_devices: model
                .assets
                .values()
                .filter(|a| a.placement.conduit().is_some())
                .count(),
            countermeasures: model.countermeasures.len(),
            unmet: summary.unmet,
            covered: summary.covered,
        };

        let zone_levels = deltas
            .zones
            .iter()
            .map(|z| level_row(z.id.as_str(), model.name_of(z.id.as_str()), &z.delta))
            .collect();
        let conduit_levels = deltas
            .conduits
            .iter()
            .map(|c| level_row(c.id.as_str(), model.name_of(c.id.as_str()), &c.delta))
            .collect();

        let findings_by_severity = [Severity::Error, Severity::Warning, Severity::Info]
            .into_iter()
            .map(|severity| SeverityCount {
                severity,
                open: match severity {
                    Severity::Error => summary.open_errors,
                    Severity::Warning => summary.open_warnings,
                    Severity::Info => summary.open_info,
                },
                accepted: analysis.accepted_at(severity),
            })
            .collect();

        let mut largest_gaps: Vec<GapEntry> = deltas
            .zones
            .iter()
            .map(|z| ("Zone", z.id.as_str(), &z.delta))
            .chain(
                deltas
                    .conduits
                    .iter()
                    .map(|c| ("Conduit", c.id.as_str(), &c.delta)),
            )
            .filter(|(_, _, d)| !d.unmet.is_empty())
            .map(|(kind, id, d)| GapEntry {
                kind,
                id: id.to_owned(),
                name: model.name_of(id).to_owned(),
                unmet: d.unmet.len(),
                frs: Fr::ALL
                    .into_iter()
                    .zip(d.unmet_per_fr())
                    .filter(|(_, n)| *n > 0)
                    .collect(),
            })
            .collect();
        largest_gaps.sort_by(|a, b| b.unmet.cmp(&a.unmet).then_with(|| a.id.cmp(&b.id)));
        largest_gaps.truncate(5);
        let plan = crate::analysis::FixPlan::from_deltas(model, cat, &analysis.deltas);
        let remediation = summary::remedies(model, analysis, &plan.fixes);

        let zones: Vec<ZoneSheet> = model
            .zones
            .values()
            .map(|z| {
                let delta = deltas.zone(z.id.as_str());
                let members: &[AssetId] = delta.map_or(&[], |d| d.assets.as_slice());
                let assets = members
                    .iter()
                    .filter_map(|id| model.asset(id.as_str()))
                    .map(|a| {
                        let subzone = a
                            .placement
                            .zone()
                            .filter(|pz| **pz != z.id)
                            .map(|pz| model.name_of(pz.as_str()).to_owned());
                        asset_row(cat, a, subzone)
                    })
                    .collect();
                let conduits = model
                    .conduits_of_zone(&z.id)
                    .map(|c| ConnectedConduit {
                        name: c.name.clone(),
                        id: c.id.to_string(),
                        to: c
                            .zones
                            .iter()
                            .filter(|other| **other != z.id)
                            .map(|other| model.name_of(other.as_str()).to_owned())
                            .collect(),
                        direction: c.direction.label().to_owned(),
                    })
                    .collect();
                let empty = Delta::default();
                let d = delta.map_or(&empty, |d| &d.delta);
                let planned = model
                    .countermeasures
                    .values()
                    .filter(|cm| !cm.is_implemented() && cm.zones.contains(&z.id))
                    .map(|cm| format!("{} ({})", cm.name, cm.id))
                    .collect();
                let mut components = Vec::new();
                for id in members {
                    if let Some(ad) = deltas.asset(id.as_str())
                        && !ad.unmet.is_empty()
                    {
                        components.push(ComponentGap {
                            asset: model.name_of(id.as_str()).to_owned(),
                            requirements: ad.unmet.iter().map(|r| r.id.clone()).collect(),
                        });
                    }
                }
                ZoneSheet {
                    id: z.id.to_string(),
                    name: z.name.clone(),
                    kind: z.kind,
                    description: z.description.clone(),
                    parent: z.parent.as_ref().map(|p| {
                        let name = model.name_of(p.as_str());
                        if name.is_empty() {
                            p.to_string()
                        } else {
                            format!("{name} ({p})")
                        }
                    }),
                    subzones: model.subzones(&z.id).map(|s| s.name.clone()).collect(),
                    purdue: z.purdue_level.map(|l| l.label().to_owned()),
                    organisation: z.organisation.clone(),
                    safety: z.is_safety(),
                    external: z.is_external(),
                    conduits,
                    assets,
                    assessment: assessment(model, d, &z.sl_t_rationale, planned, components),
                }
            })
            .collect();

        let conduits = model
            .conduits
            .values()
            .map(|c| {
                let devices: Vec<&Asset> = model.boundary_devices(&c.id).collect();
                let empty = Delta::default();
                let d = deltas.conduit(c.id.as_str()).map_or(&empty, |d| &d.delta);
                let planned = model
                    .countermeasures
                    .values()
                    .filter(|cm| !cm.is_implemented() && cm.conduits.contains(&c.id))
                    .map(|cm| format!("{} ({})", cm.name, cm.id))
                    .collect();
                let components = devices
                    .iter()
                    .filter_map(|a| {
                        let ad = deltas.asset(a.id.as_str())?;
                        (!ad.unmet.is_empty()).then(|| ComponentGap {
                            asset: a.name.clone(),
                            requirements: ad.unmet.iter().map(|r| r.id.clone()).collect(),
                        })
                    })
                    .collect();
                let endpoint = |a: &Option<AssetId>| {
                    a.as_ref()
                        .map_or_else(|| "any".to_owned(), |a| name_or_id(model, a.as_str()))
                };
                ConduitSheet {
                    id: c.id.to_string(),
                    name: c.name.clone(),
                    description: c.description.clone(),
                    zones: c
                        .zones
                        .iter()
                        .map(|z| name_or_id(model, z.as_str()))
                        .collect(),
                    direction: match c.direction {
                        crate::model::Direction::Forward => format!(
                            "one-way, from {} to the other zones",
                            c.zones
                                .first()
                                .map_or_else(String::new, |z| name_or_id(model, z.as_str()))
                        ),
                        other => other.label().to_owned(),
                    },
                    channels: c
                        .channels
                        .iter()
                        .map(|ch| ChannelRow {
                            protocol: cat.protocol_name(&ch.protocol).to_owned(),
                            port: ch
                                .port
                                .or_else(|| {
                                    cat.protocol(&ch.protocol).and_then(|p| p.default_port())
                                })
                                .map_or_else(|| "–".to_owned(), |p| p.to_string()),
                            from: endpoint(&ch.source),
                            to: endpoint(&ch.destination),
                            direction: ch.direction.label().to_owned(),
                            purpose: ch.purpose.clone(),
                        })
                        .collect(),
                    boundary_devices: devices.iter().map(|a| asset_row(cat, a, None)).collect(),
                    assessment: assessment(model, d, &c.sl_t_rationale, planned, components),
                }
            })
            .collect::<Vec<_>>();

        let countermeasures = model
            .countermeasures
            .values()
            .map(|cm| {
                let applies: Vec<String> = cm
                    .zones
                    .iter()
                    .map(|z| name_or_id(model, z.as_str()))
                    .chain(cm.conduits.iter().map(|c| name_or_id(model, c.as_str())))
                    .collect();
                CountermeasureRow {
                    id: cm.id.to_string(),
                    name: cm.name.clone(),
                    kind: cm.kind.label().to_owned(),
                    status: cm.status.label().to_owned(),
                    owner: cm.owner.clone(),
                    priority: crate::model::Priority::label_of(cm.priority).to_owned(),
                    due: cm.due.clone(),
                    covers: cm.covers.clone(),
                    applies_to: applies.join(", "),
                    justification: cm.justification.clone(),
                }
            })
            .collect();

        let finding_row = |n: usize, f: &analysis::Finding| {
            let meta = analysis::rules::rule(f.rule);
            FindingRow {
                number: summary::number("F", n),
                id: f.id.clone(),
                severity: f.severity,
                rule: f.rule.to_owned(),
                rule_title: meta.map_or_else(String::new, |m| m.title.to_owned()),
                reference: meta.map_or_else(String::new, |m| m.reference.to_owned()),
                elements: f
                    .elements
                    .iter()
                    .map(|e| name_or_id(model, e.as_str()))
                    .collect(),
                message: summary::sentence(&f.message),
            }
        };
        // Incomplete specifications are told once, in a sentence, and on each sheet (see
        // `zcr`), not as one numbered finding per zone and conduit.
        let findings: Vec<FindingRow> = analysis
            .findings
            .iter()
            .filter(|f| !f.accepted && f.rule != "spec-incomplete")
            .enumerate()
            .map(|(i, f)| finding_row(i + 1, f))
            .collect();
        let open_count = findings.len();
        let accepted = analysis
            .findings
            .iter()
            .filter(|f| f.accepted)
            .enumerate()
            .map(|(i, f)| {
                let acc = model.accepted.get(&f.id);
                AcceptedRow {
                    finding: finding_row(open_count + i + 1, f),
                    justification: acc.map_or_else(String::new, |a| a.justification.clone()),
                    by: acc.map_or_else(String::new, |a| a.by.clone()),
                    date: acc.map_or_else(String::new, |a| a.date.clone()),
                }
            })
            .collect();

        let named: Vec<summary::NamedFinding<'_>> = findings
            .iter()
            .map(|f| summary::NamedFinding {
                number: &f.number,
                rule: &f.rule,
                severity: f.severity,
                message: &f.message,
            })
            .collect();
        let executive = summary::executive(model, analysis, &remediation, &named);
        let mut zones = zones;
        hierarchy_order(model, &mut zones);
        let order: Vec<String> = zones.iter().map(|z| z.id.clone()).collect();
        let workflow = super::workflow::WorkflowData::build(model, &analysis.approval, &order);
        let mut data = Self {
            project,
            counts,
            zone_levels,
            conduit_levels,
            unmet_per_fr: summary.unmet_per_fr,
            findings_by_severity,
            largest_gaps,
            executive,
            remediation,
            method: method_sections(),
            diagram: diagram::build(model, analysis, &diagram::Options::default()),
            zones,
            conduits,
            countermeasures,
            findings,
            accepted,
            appendix: Vec::new(),
            has_texts: options.texts.is_some(),
            workflow,
        };
        data.appendix = cited(cat, &data, model, options.texts.as_ref());
        data
    }

    /// The zone sheet with this id.
    pub fn zone(&self, id: &str) -> Option<&ZoneSheet> {
        self.zones.iter().find(|z| z.id == id)
    }

    /// The conduit sheet with this id.
    pub fn conduit(&self, id: &str) -> Option<&ConduitSheet> {
        self.conduits.iter().find(|c| c.id == id)
    }
}

/// Zone sheets in the order of the hierarchy: top-level zones by Purdue level (enterprise
/// first, zones without a level after those with one), each followed by its subzones
/// (depth first), ties by id.
fn hierarchy_order(model: &Model, zones: &mut [ZoneSheet]) {
    let rank = |id: &str| {
        model
            .zones
            .get(id)
            .and_then(|z| z.purdue_level)
            .map_or(u8::MAX, |l| 10 - purdue_rank(l))
    };
    let mut order: Vec<String> = Vec::with_capacity(zones.len());
    let mut tops: Vec<&crate::model::Zone> = model
        .zones
        .values()
        .filter(|z| {
            z.parent
                .as_ref()
                .is_none_or(|p| !model.zones.contains_key(p))
        })
        .collect();
    tops.sort_by(|a, b| {
        rank(a.id.as_str())
            .cmp(&rank(b.id.as_str()))
            .then(a.id.cmp(&b.id))
    });
    fn visit(model: &Model, z: &crate::model::Zone, order: &mut Vec<String>, depth: usize) {
        if order.iter().any(|o| o == z.id.as_str()) || depth > model.zones.len() {
            return;
        }
        order.push(z.id.to_string());
        for sub in model.subzones(&z.id) {
            visit(model, sub, order, depth + 1);
        }
    }
    for z in tops {
        visit(model, z, &mut order, 0);
    }
    // Zones in a parent cycle are reached from no top: keep them, by id.
    for z in model.zones.values() {
        if !order.iter().any(|o| o == z.id.as_str()) {
            order.push(z.id.to_string());
        }
    }
    zones.sort_by_key(|s| order.iter().position(|o| *o == s.id).unwrap_or(usize::MAX));
}

/// Purdue levels from the field (L0 is 0) up to the enterprise (L5 is 6).
fn purdue_rank(l: crate::model::PurdueLevel) -> u8 {
    crate::model::PurdueLevel::ALL
        .iter()
        .position(|x| *x == l)
        .map_or(0, |i| i as u8)
}

fn name_or_id(model: &Model, id: &str) -> String {
    let name = model.name_of(id);
    if name.is_empty() {
        id.to_owned()
    } else {
        name.to_owned()
    }
}

fn level_row(id: &str, name: &str, d: &Delta) -> LevelRow {
    let cells = Fr::ALL.map(|fr| {
        let target = d.sl_t.map(|t| t.get(fr).get());
        // Gaps are SL-T against the estimated SL-A.
        let capability = d.sl_a.map_or(0, |a| a.get(fr).get());
        LevelCell {
            target,
            capability,
            gap: GapLevel::of(target, capability),
        }
    });
    LevelRow {
        id: id.to_owned(),
        name: name.to_owned(),
        cells,
        unmet: d.unmet.len(),
    }
}

fn asset_row(cat: &Catalog, a: &Asset, subzone: Option<String>) -> AssetRow {
    AssetRow {
        id: a.id.to_string(),
        name: a.name.clone(),
        kind: cat.asset_kind_name(&a.kind).to_owned(),
        classes: a
            .classes
            .iter()
            .map(|c| c.key())
            .collect::<Vec<_>>()
            .join(", "),
        sl_c: if !a.in_scope() {
            "no digital interface (outside 4-2)".to_owned()
        } else {
            match a.known_sl_c() {
                None => "unknown".to_owned(),
                Some(v) if a.sl_c_source.is_weak() => format!("{v} estimated"),
                Some(v) => format!("{v} {}", a.sl_c_source.key()),
            }
        },
        subzone,
    }
}

/// A reason as a client reads it: asset ids as names ("SL-C estimated: Filler PLC"),
/// services by their name ("no Identity & access management service").
fn named_reason(model: &Model, r: String) -> String {
    for (head, words) in [
        ("sl-c estimated: ", "SL-C estimated: "),
        ("sl-c unknown: ", "SL-C unknown: "),
    ] {
        if let Some(list) = r.strip_prefix(head) {
            let names: Vec<String> = list.split(", ").map(|id| name_or_id(model, id)).collect();
            return format!("{words}{}", names.join(", "));
        }
    }
    let service = |key: &str| {
        crate::model::ServiceKind::ALL
            .iter()
            .find(|s| s.key() == key)
            .map_or(key, |s| s.label().split(" / ").next().unwrap_or(key))
            .to_owned()
    };
    if let Some(key) = r.strip_prefix("no service: ") {
        return format!("no {} service", service(key));
    }
    if let Some(key) = r.strip_prefix("service below the level: ") {
        return format!("{} service below the level", service(key));
    }
    r
}

fn cm_names(model: &Model, ids: &[CountermeasureId]) -> Vec<String> {
    ids.iter()
        .map(|id| name_or_id(model, id.as_str()))
        .collect()
}

fn assessment(
    model: &Model,
    d: &Delta,
    rationale: &str,
    planned: Vec<String>,
    components: Vec<ComponentGap>,
) -> Assessment {
    Assessment {
        sl_t: d.sl_t,
        sl_c: d.sl_c,
        sl_a: d.sl_a,
        not_applicable: d
            .not_applicable
            .iter()
            .map(|n| format!("{} {}: {}", n.requirement.id, n.requirement.title, n.reason))
            .collect(),
        rationale: rationale.to_owned(),
        unmet: d
            .unmet
            .iter()
            .map(|u| UnmetRow {
                id: u.requirement.id.clone(),
                title: u.requirement.title.clone(),
                fr: u.requirement.fr,
                level: u.requirement.level.get(),
                culprits: d
                    .culprits(u)
                    .iter()
                    .map(|a| name_or_id(model, a.as_str()))
                    .collect(),
                planned: cm_names(model, d.planned(u)),
                providers: u
                    .requirement
                    .providers
                    .iter()
                    .map(|p| p.key())
                    .collect::<Vec<_>>()
                    .join(", "),
                reasons: d
                    .reason_texts(u)
                    .into_iter()
                    .map(|r| named_reason(model, r))
                    .collect(),
            })
            .collect(),
        covered: d
            .covered
            .iter()
            .map(|c| CoveredRow {
                id: c.requirement.id.clone(),
                title: c.requirement.title.clone(),
                by: cm_names(model, &c.by),
            })
            .collect(),
        planned,
        components,
    }
}

/// Every requirement id the report cites: unmet and covered items, component deltas and the
/// ids countermeasures name, in catalog order.
fn cited(
    cat: &Catalog,
    data: &ReportData,
    model: &Model,
    texts: Option<&Texts>,
) -> Vec<CitedRequirement> {
    let mut ids: BTreeSet<&str> = BTreeSet::new();
    let assessments = data
        .zones
        .iter()
        .map(|z| &z.assessment)
        .chain(data.conduits.iter().map(|c| &c.assessment));
    for a in assessments {
        ids.extend(a.unmet.iter().map(|u| u.id.as_str()));
        ids.extend(a.covered.iter().map(|c| c.id.as_str()));
        for g in &a.components {
            ids.extend(g.requirements.iter().map(String::as_str));
        }
    }
    for cm in model.countermeasures.values() {
        ids.extend(cm.covers.iter().map(String::as_str));
    }
    let text = |id: &str| texts.and_then(|t| t.get(id)).map(str::to_owned);
    let system = cat
        .system
        .iter()
        .filter(|r| ids.contains(r.id.as_str()))
        .map(|r| CitedRequirement {
            id: r.id.clone(),
            title: r.title.clone(),
            text: text(&r.id),
        });
    let component = cat
        .component
        .iter()
        .filter(|r| ids.contains(r.id.as_str()))
        .map(|r| CitedRequirement {
            id: r.id.clone(),
            title: r.title.clone(),
            text: text(&r.id),
        });
    system.chain(component).collect()
}

fn method_sections() -> Vec<MethodSection> {
    let s = |title: &str, paragraphs: &[&str]| MethodSection {
        title: title.to_owned(),
        paragraphs: paragraphs.iter().map(|p| (*p).to_owned()).collect(),
    };
    vec![
        s(
            "Security levels",
            &[
                "SL-T, SL-C and SL-A are defined in the glossary. SL-T comes from the risk \
                 assessment (IEC 62443-3-2 ZCR 5), per FR, from 0 to 4.",
                "SL-C (capability security level) is the level the components can reach when \
                 properly configured, as declared for each asset (IEC 62443-4-2) with its \
                 source: a certificate, a vendor statement, an estimate, or unknown. Unknown is \
                 not 0: an unknown SL-C meets nothing and is named wherever a gap rests on it. \
                 Assets without a digital interface are outside IEC 62443-4-2.",
                "A cell \"T/A\" in the tables of security levels and gaps gives SL-T and SL-A for \
                 one FR. Green: SL-A meets SL-T; amber: SL-A is one level short; red: two or more \
                 levels short; grey: not assessed (no SL-T, or an external zone outside the \
                 system under consideration).",
            ],
        ),
        s(
            "Requirement deltas",
            &[
                "Every IEC 62443-3-3 item the SL-T requires is judged against who can provide \
                 it: every relevant component (its 4-2 counterpart), the boundary devices on the \
                 conduits, a security service serving the zone, or an organisational procedure. \
                 Any one technical provider meets it. Conduits are judged on conduit-scope \
                 items only. Unmet items name the reason and, where a component could provide \
                 the item, the assets that fall short.",
                "An item is covered when an implemented countermeasure that applies to the zone \
                 or conduit names it. A procedural or physical measure covers a technical item \
                 only when marked compensating with a justification; an enhancement is covered \
                 only when its base requirement is met or covered. Planned countermeasures are \
                 listed beside the unmet items they will cover but do not cover them yet.",
                "Items can be not applicable: wireless items where no radio is present, \
                 portable-device items where no temporary device connects, untrusted-network \
                 items where no external connection exists (built-in rules of this tool), or \
                 by the user's justification. They are listed on each sheet.",
                "For each asset, the component delta lists the IEC 62443-4-2 items that apply to \
                 its component types (SAR, EDR, HDR, NDR) and lie between its SL-C and the SL-T \
                 of its zone or conduit.",
            ],
        ),
        s(
            "Diagrams",
            &[
                "The overview draws the model file's positions; no text prints under 6 pt (zone \
                 names laid out at a readable size, assets as dots with a count per zone, \
                 conduits by their id on their line). Each zone sheet lays its zone out afresh: \
                 its assets in a grid inside the zone whatever their positions in the file (so \
                 an asset placed outside its zone's rectangle is shown inside it), and its \
                 conduits' ends. Names wrap to two lines, then end in \"…\" and the element's \
                 id, so two long names never read alike.",
            ],
        ),
        s(
            "Catalog editions",
            &[
                &format!("System requirements: {}.", catalog::SR_EDITION),
                &format!("Component requirements: {}.", catalog::CR_EDITION),
                "Requirement ids and short titles only are reproduced; the standard's texts are \
                 not, unless the user supplied them (see the appendix).",
            ],
        ),
        s(
            "Heuristics of this tool",
            &[
                analysis::SLC_HEURISTIC,
                analysis::SLA_HEURISTIC,
                catalog::ALLOCATION_HEURISTIC,
                analysis::plan::PLAN_HEURISTIC,
                "Heuristic of this tool: countermeasure coverage is counted only by explicit \
                 requirement ids; the tool does not judge whether a measure is adequate.",
                "Each finding names the rule that raised it and its reference: a clause of \
                 IEC 62443, \"practice\" for good practice that is not a requirement of the \
                 standard, or \"heuristic\" for a rule of this tool.",
            ],
        ),
    ]
}
