//! Checks a parsed file before it becomes a model: unique ids, references to existing
//! elements, known catalog keys, finite geometry, no parent cycles. Every problem is listed,
//! with the line where the offending id appears.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::catalog;
use crate::model::{Model, Point, Rect};

use super::{FileV1, LoadError, Problem};

/// Finds the line of the `n`th (0-based) occurrence of `needle` in `src`.
fn line_of(src: &str, needle: &str, n: usize) -> Option<usize> {
    let (pos, _) = src.match_indices(needle).nth(n)?;
    Some(src[..pos].matches('\n').count() + 1)
}

fn id_line(src: &str, id: &str, n: usize) -> Option<usize> {
    line_of(src, &format!("id: \"{id}\""), n).or_else(|| line_of(src, &format!("\"{id}\""), n))
}

struct Problems<'s> {
    src: &'s str,
    list: Vec<Problem>,
}

impl Problems<'_> {
    /// A problem located at the first line that mentions `"what"` after the element's own id.
    fn at(&mut self, owner: &str, what: &str, message: String) {
        let owner_line = id_line(self.src, owner, 0).unwrap_or(1);
        let quoted = format!("\"{what}\"");
        let line = self
            .src
            .lines()
            .enumerate()
            .skip(owner_line - 1)
            .find(|(_, l)| l.contains(&quoted))
            .map(|(i, _)| i + 1)
            .or(Some(owner_line));
        self.list.push(Problem { line, message });
    }
}

fn finite_rect(r: &Rect) -> bool {
    [r.x, r.y, r.w, r.h].iter().all(|v| v.is_finite()) && r.w >= 0.0 && r.h >= 0.0
}

fn finite_point(p: &Point) -> bool {
    p.x.is_finite() && p.y.is_finite()
}

pub(super) fn build_model(file: FileV1, src: &str, origin: &str) -> Result<Model, LoadError> {
    let cat = catalog();
    let mut p = Problems {
        src,
        list: Vec::new(),
    };

    // Ids are unique across every kind of element.
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let all_ids = file
        .zones
        .iter()
        .map(|z| z.id.as_str())
        .chain(file.assets.iter().map(|a| a.id.as_str()))
        .chain(file.conduits.iter().map(|c| c.id.as_str()))
        .chain(file.countermeasures.iter().map(|c| c.id.as_str()));
    for id in all_ids {
        let n = seen.entry(id).or_insert(0);
        *n += 1;
        if id.trim().is_empty() {
            p.list.push(Problem {
                line: line_of(src, "id: \"\"", 0),
                message: "an element has an empty id".to_owned(),
            });
        } else if *n == 2 {
            p.list.push(Problem {
                line: id_line(src, id, 1),
                message: format!("duplicate id `{id}`: ids must be unique across zones, assets, conduits and countermeasures"),
            });
        }
    }
    let zones: BTreeSet<&str> = file.zones.iter().map(|z| z.id.as_str()).collect();
    let assets: BTreeSet<&str> = file.assets.iter().map(|a| a.id.as_str()).collect();
    let conduits: BTreeSet<&str> = file.conduits.iter().map(|c| c.id.as_str()).collect();

    for z in &file.zones {
        if let Some(parent) = &z.parent {
            if !zones.contains(parent.as_str()) {
                p.at(
                    z.id.as_str(),
                    parent.as_str(),
                    format!("zone `{}` has parent `{parent}`, which is not a zone", z.id),
                );
            } else if parent == &z.id {
                p.at(
                    z.id.as_str(),
                    parent.as_str(),
                    format!("zone `{}` is its own parent", z.id),
                );
            }
        }
        if !finite_rect(&z.rect) {
            p.at(
                z.id.as_str(),
                z.id.as_str(),
                format!(
                    "zone `{}` has a rectangle that is not finite and non-negative",
                    z.id
                ),
            );
        }
    }
    // Parent cycles (longer than one step).
    let parent: BTreeMap<&str, &str> = file
        .zones
        .iter()
        .filter_map(|z| z.parent.as_ref().map(|pa| (z.id.as_str(), pa.as_str())))
        .collect();
    let mut reported = BTreeSet::new();
    for start in parent.keys() {
        let mut cur = *start;
        let mut path = vec![cur];
        while let Some(next) = parent.get(cur) {
            if *next == cur {
                break;
            }
            if let Some(i) = path.iter().position(|z| z == next) {
                let cycle: BTreeSet<&str> = path[i..].iter().copied().collect();
                if reported.insert(cycle.clone()) && path.len() - i > 1 {
                    let names: Vec<&str> = path[i..].to_vec();
                    p.at(
                        names[0],
                        names[0],
                        format!("zones nest in a cycle: {}", names.join(" → ")),
                    );
                }
                break;
            }
            path.push(next);
            cur = next;
        }
    }

    for a in &file.assets {
        let id = a.id.as_str();
        if cat.asset_kind(&a.kind).is_none() {
            p.at(
                id,
                &a.kind,
                format!(
                    "asset `{id}` has kind `{}`, which is not in the asset-kind catalog",
                    a.kind
                ),
            );
        }
        if let Some(z) = a.placement.zone()
            && !zones.contains(z.as_str())
        {
            p.at(
                id,
                z.as_str(),
                format!("asset `{id}` is placed in zone `{z}`, which does not exist"),
            );
        }
        if let Some(c) = a.placement.conduit()
            && !conduits.contains(c.as_str())
        {
            p.at(
                id,
                c.as_str(),
                format!("asset `{id}` is placed in conduit `{c}`, which does not exist"),
            );
        }
        if !finite_point(&a.pos) {
            p.at(
                id,
                id,
                format!("asset `{id}` has a position that is not finite"),
            );
        }
    }

    for c in &file.conduits {
        let id = c.id.as_str();
        for z in &c.zones {
            if !zones.contains(z.as_str()) {
                p.at(
                    id,
                    z.as_str(),
                    format!("conduit `{id}` joins zone `{z}`, which does not exist"),
                );
            }
        }
        for ch in &c.channels {
            if cat.protocol(&ch.protocol).is_none() {
                p.at(id, &ch.protocol, format!("conduit `{id}` has a channel with protocol `{}`, which is not in the protocol catalog", ch.protocol));
            }
            for a in ch.source.iter().chain(&ch.destination) {
                if !assets.contains(a.as_str()) {
                    p.at(
                        id,
                        a.as_str(),
                        format!(
                            "conduit `{id}` has a channel naming asset `{a}`, which does not exist"
                        ),
                    );
                }
            }
        }
        if c.route.iter().any(|pt| !finite_point(pt)) {
            p.at(
                id,
                id,
                format!("conduit `{id}` has a route point that is not finite"),
            );
        }
    }

    for cm in &file.countermeasures {
        let id = cm.id.as_str();
        for r in &cm.covers {
            if !cat.is_requirement_id(r) {
                p.at(id, r, format!("countermeasure `{id}` covers `{r}`, which is not an IEC 62443-3-3 or 4-2 requirement id"));
            }
        }
        for z in &cm.zones {
            if !zones.contains(z.as_str()) {
                p.at(
                    id,
                    z.as_str(),
                    format!("countermeasure `{id}` applies to zone `{z}`, which does not exist"),
                );
            }
        }
        for c in &cm.conduits {
            if !conduits.contains(c.as_str()) {
                p.at(
                    id,
                    c.as_str(),
                    format!("countermeasure `{id}` applies to conduit `{c}`, which does not exist"),
                );
            }
        }
    }

    let mut accepted = BTreeMap::new();
    for a in &file.accepted {
        if accepted.insert(a.finding.clone(), a.clone()).is_some() {
            p.list.push(Problem {
                line: line_of(src, &format!("finding: \"{}\"", a.finding), 1),
                message: format!("finding `{}` is accepted twice", a.finding),
            });
        }
    }

    if !p.list.is_empty() {
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
