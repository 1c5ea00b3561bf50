//! Validation rules, one per file. Each file holds its rule's metadata (`META`), its check and
//! its tests. A finding's id is `rule-id@element-id`, so the user's triage survives edits.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::catalog::Catalog;
use crate::model::{ApprovalStatus, Asset, Conduit, ElementId, Model, Zone, ZoneId};

use super::update::Reached;
use super::{Finding, IdHash, Severity, Topology};

mod approval_outdated;
mod asset_unplaced;
mod business_iacs_mixed;
mod conduit_endpoints;
mod conduit_no_channels;
mod conduit_no_slt;
mod conduit_slt_below_zones;
mod dmz_bypass;
mod empty_zone;
mod external_in_internal;
mod external_path_to_safety;
mod insecure_protocol;
mod missing_boundary_device;
mod safety_mixed;
mod slt_no_rationale;
mod spec_incomplete;
mod subzone_slt_below_parent;
mod tailoring_no_note;
mod temporary_mixed;
mod wireless_mixed;
mod zone_no_slt;

/// What a rule is and where it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable id, kebab-case; the first half of every finding id.
    pub id: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    /// The IEC 62443 clause (`IEC 62443-3-2 ZCR 3.2`), or `practice` (good practice, not a
    /// "shall" of the standard), or `heuristic` (a rule of this tool).
    pub reference: &'static str,
}

/// A rule: its metadata, its check and what a finding of it reads.
pub struct Rule {
    pub meta: &'static RuleMeta,
    pub check: fn(&Ctx<'_>, &mut Vec<Finding>),
    pub scope: Scope,
}

/// What a rule's finding about an element reads, so what an in-place edit must reach for the
/// finding to change (see `Analysis::update`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Scope {
    /// The element and its neighbourhood as `analysis::update` reaches it: its zone or
    /// conduit, a zone's assets and subzones, its parent, the conduits that join it and the
    /// zones, devices and channel ends of those. The check takes its subjects from
    /// [`Ctx::zones`], [`Ctx::conduits`] and [`Ctx::assets`], so an update checks only the
    /// elements an edit reached.
    Reached,
    /// Anything in the plant (paths across it, the approval of every element): checked on
    /// the whole model after every edit.
    Plant,
}

/// What a rule may look at. Shared by all rules, which may run in parallel.
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub catalog: &'static Catalog,
    pub topology: &'a Topology,
    /// The latest approval against the model, worked out once per analysis.
    pub approval: &'a ApprovalStatus,
    /// The assets placed directly in each zone, built once on first use.
    by_zone: OnceLock<ZoneMembers<'a>>,
    /// Every asset by id, built once on first use.
    by_id: OnceLock<HashMap<&'a str, &'a Asset, IdHash>>,
    /// When set, the subjects [`Scope::Reached`] rules check (see `Analysis::update`).
    only: Option<&'a Reached>,
}

/// The values of `map`, or those at the positions `flags` sets.
fn only<'a, K, V>(
    map: &'a std::collections::BTreeMap<K, V>,
    flags: Option<&'a [bool]>,
) -> impl Iterator<Item = &'a V> + 'a {
    let values = map.values().enumerate();
    values
        .filter(move |(i, _)| flags.is_none_or(|f| f[*i]))
        .map(|(_, v)| v)
}

/// Assets placed directly in each zone (not in its subzones), each list in asset id order.
type ZoneMembers<'a> = HashMap<&'a ZoneId, Vec<&'a Asset>, IdHash>;

impl<'a> Ctx<'a> {
    pub fn new(
        model: &'a Model,
        catalog: &'static Catalog,
        topology: &'a Topology,
        approval: &'a ApprovalStatus,
    ) -> Self {
        Self {
            model,
            catalog,
            topology,
            approval,
            by_zone: OnceLock::new(),
            by_id: OnceLock::new(),
            only: None,
        }
    }

    /// This context, for rules of [`Scope::Reached`] to check the `reached` elements only.
    pub(crate) fn only(self, reached: &'a Reached) -> Self {
        Self {
            only: Some(reached),
            ..self
        }
    }

    /// The zones a rule of [`Scope::Reached`] checks: every zone, or those an edit reached.
    pub fn zones(&self) -> impl Iterator<Item = &'a Zone> + 'a {
        only(&self.model.zones, self.only.map(|r| &r.zones[..]))
    }

    /// The conduits a rule of [`Scope::Reached`] checks.
    pub fn conduits(&self) -> impl Iterator<Item = &'a Conduit> + 'a {
        only(&self.model.conduits, self.only.map(|r| &r.conduits[..]))
    }

    /// The assets a rule of [`Scope::Reached`] checks.
    pub fn assets(&self) -> impl Iterator<Item = &'a Asset> + 'a {
        only(&self.model.assets, self.only.map(|r| &r.assets[..]))
    }

    /// The asset with `id`: a hash lookup, for rules that look up every channel's ends (the
    /// model's ordered map compares strings a dozen times per lookup).
    pub(crate) fn asset(&self, id: &str) -> Option<&'a Asset> {
        self.by_id
            .get_or_init(|| {
                self.model
                    .assets
                    .values()
                    .map(|a| (a.id.as_str(), a))
                    .collect()
            })
            .get(id)
            .copied()
    }

    /// The assets placed directly in each zone (not in its subzones), in asset id order: one
    /// pass over all assets, shared by every rule that needs it.
    pub(crate) fn assets_by_zone(&self) -> &ZoneMembers<'a> {
        self.by_zone.get_or_init(|| {
            let mut out =
                ZoneMembers::with_capacity_and_hasher(self.model.zones.len(), IdHash::default());
            for a in self.model.assets.values() {
                if let Some(z) = a.placement.zone() {
                    out.entry(z).or_default().push(a);
                }
            }
            out
        })
    }

    /// A finding of `meta` about `subject` (which names it) and the other `elements`.
    pub fn finding(
        &self,
        meta: &'static RuleMeta,
        subject: impl Into<ElementId>,
        others: impl IntoIterator<Item = ElementId>,
        message: String,
    ) -> Finding {
        let subject = subject.into();
        let id = format!("{}@{}", meta.id, subject);
        let mut elements = vec![subject];
        for e in others {
            if !elements.contains(&e) {
                elements.push(e);
            }
        }
        Finding {
            id,
            rule: meta.id,
            severity: meta.severity,
            elements,
            message,
            accepted: false,
        }
    }
}

/// Every rule, in the order their findings are produced (the analysis sorts them afterwards).
pub const RULES: &[Rule] = &[
    Rule {
        meta: &asset_unplaced::META,
        check: asset_unplaced::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &empty_zone::META,
        check: empty_zone::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &conduit_endpoints::META,
        check: conduit_endpoints::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &zone_no_slt::META,
        check: zone_no_slt::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &conduit_no_slt::META,
        check: conduit_no_slt::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &slt_no_rationale::META,
        check: slt_no_rationale::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &conduit_slt_below_zones::META,
        check: conduit_slt_below_zones::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &subzone_slt_below_parent::META,
        check: subzone_slt_below_parent::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &business_iacs_mixed::META,
        check: business_iacs_mixed::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &safety_mixed::META,
        check: safety_mixed::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &temporary_mixed::META,
        check: temporary_mixed::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &wireless_mixed::META,
        check: wireless_mixed::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &external_in_internal::META,
        check: external_in_internal::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &dmz_bypass::META,
        check: dmz_bypass::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &insecure_protocol::META,
        check: insecure_protocol::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &missing_boundary_device::META,
        check: missing_boundary_device::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &external_path_to_safety::META,
        check: external_path_to_safety::check,
        scope: Scope::Plant,
    },
    Rule {
        meta: &conduit_no_channels::META,
        check: conduit_no_channels::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &tailoring_no_note::META,
        check: tailoring_no_note::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &spec_incomplete::META,
        check: spec_incomplete::check,
        scope: Scope::Reached,
    },
    Rule {
        meta: &approval_outdated::META,
        check: approval_outdated::check,
        scope: Scope::Plant,
    },
];

/// Looks a rule up by id.
pub fn rule(id: &str) -> Option<&'static RuleMeta> {
    RULES.iter().map(|r| r.meta).find(|m| m.id == id)
}

/// The internal zones whose direct assets mix some with a property and some without, with
/// the two groups (with the property first). External zones are outside the system and
/// skipped. Shared by the separation rules of ZCR 3.2, 3.4 and 3.5.
fn mixed_zones<'a>(
    ctx: &Ctx<'a>,
    has: fn(&Asset) -> bool,
) -> Vec<(&'a Zone, Vec<&'a Asset>, Vec<&'a Asset>)> {
    // Without a single such asset no zone can mix; skip the grouping.
    if !ctx.model.assets.values().any(has) {
        return Vec::new();
    }
    let by_zone = ctx.assets_by_zone();
    ctx.zones()
        .filter(|z| !z.is_external())
        .filter_map(|z| {
            let (with, without): (Vec<&Asset>, Vec<&Asset>) =
                by_zone.get(&z.id)?.iter().partition(|a| has(a));
            (!with.is_empty() && !without.is_empty()).then_some((z, with, without))
        })
        .collect()
}

/// At most this many names in a message; the rest are counted.
const NAMES_SHOWN: usize = 5;

/// `"A", "B" and "C"`, or `"A", "B", "C", "D", "E" and 3 more` for long lists.
fn quoted_names<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.into_iter().collect();
    let shown = names.len().min(NAMES_SHOWN);
    let mut out = String::new();
    for (i, n) in names[..shown].iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == shown && names.len() == shown {
                " and "
            } else {
                ", "
            });
        }
        out.push('"');
        out.push_str(n);
        out.push('"');
    }
    if names.len() > shown {
        out = format!("{out} and {} more", names.len() - shown);
    }
    out
}

/// The display name of a zone, or its id when the zone does not exist.
fn zone_name<'a>(model: &'a Model, id: &'a ZoneId) -> &'a str {
    model.zones.get(id).map_or(id.as_str(), |z| z.name.as_str())
}

#[cfg(test)]
pub(crate) mod test_util {
    //! Small helpers for the rules' tests.
    use crate::analysis::{Analysis, Finding};
    use crate::catalog::catalog;
    use crate::model::{
        Asset, AssetId, Channel, Conduit, ConduitId, Direction, Model, Placement, Point,
        PurdueLevel, Rect, SlVector, Zone, ZoneId, ZoneKind,
    };

    pub fn zone(m: &mut Model, id: &str, kind: ZoneKind, sl_t: Option<[u8; 7]>) {
        let mut z = Zone::new(id, id, kind, Rect::new(0.0, 0.0, 100.0, 100.0));
        z.sl_t = sl_t.and_then(SlVector::from_levels);
        z.sl_t_rationale = "test".into();
        m.insert_zone(z);
    }

    pub fn asset_in(m: &mut Model, id: &str, kind: &str, zone: &str) -> Asset {
        let mut a = Asset::new(id, id, kind, Point::default());
        a.placement = Placement::Zone(zone.into());
        m.insert_asset(a.clone());
        a
    }

    /// A conduit named after its id, joining `zones`, with a rationale for its SL-T.
    pub fn conduit(m: &mut Model, id: &str, zones: &[&str], sl_t: Option<[u8; 7]>) -> Conduit {
        let mut c = Conduit::new(id, id, zones.iter().map(|z| ZoneId::from(*z)).collect());
        c.sl_t = sl_t.and_then(SlVector::from_levels);
        c.sl_t_rationale = "test".into();
        m.insert_conduit(c.clone());
        c
    }

    /// The findings of one rule.
    pub fn findings(m: &Model, rule: &str) -> Vec<Finding> {
        Analysis::run(m, catalog())
            .findings
            .iter()
            .filter(|f| f.rule == rule)
            .cloned()
            .collect()
    }

    /// A plant-like model of `zones` zones, `assets` assets and `conduits` conduits: zone kinds
    /// in rotation, each holding the asset kind that belongs there, with one asset in 37 of a
    /// kind that does not; SL-C on the assets; some zones and conduits without SL-T or
    /// rationale; subzones, one-way and unguarded conduits, insecure protocols. Most rules fire
    /// somewhere, on a small share of the elements, as in a model under review.
    pub fn big_model(zones: usize, assets: usize, conduits: usize) -> Model {
        const KINDS: [(ZoneKind, &str); 10] = [
            (ZoneKind::Enterprise, "business_server"),
            (ZoneKind::Dmz, "jump_host"),
            (ZoneKind::Operations, "scada_server"),
            (ZoneKind::Control, "plc"),
            (ZoneKind::Safety, "safety_controller"),
            (ZoneKind::Field, "field_instrument"),
            (ZoneKind::Wireless, "wireless_ap"),
            (ZoneKind::Transient, "engineering_laptop"),
            (ZoneKind::RemoteSite, "rtu"),
            (ZoneKind::External, "remote_client"),
        ];
        const PROTOCOLS: [&str; 5] = ["opc_ua_sign", "modbus_tcp", "https", "dnp3", "ssh"];
        let (zones_n, assets_n) = (zones.max(1), assets.max(1));
        let zid = |i: usize| format!("Z-{i:04}");
        let mut m = Model::default();
        for i in 0..zones {
            let (kind, _) = KINDS[i % KINDS.len()];
            let level = u8::try_from(1 + i % 3).unwrap_or(1);
            let sl_t = (i % 29 != 3 && kind != ZoneKind::External)
                .then_some([level, level, level, 1, level, 1, level]);
            zone(&mut m, &zid(i), kind, sl_t);
            let z = m.zones.get_mut(zid(i).as_str()).unwrap();
            z.name = format!("Zone {i}");
            z.purdue_level = match kind {
                ZoneKind::Enterprise => Some(PurdueLevel::L4),
                ZoneKind::Dmz => Some(PurdueLevel::L3_5),
                ZoneKind::Operations => Some(PurdueLevel::L3),
                _ => None,
            };
            if i % 31 == 0 {
                z.sl_t_rationale.clear();
            }
            if i % 43 == 5 {
                z.parent = Some(zid(i - 2).as_str().into());
            }
        }
        for i in 0..assets {
            let z = (i * 7 + i / zones_n) % zones_n;
            let kind = if i % 37 == 0 {
                KINDS[(z + 1 + i % 7) % KINDS.len()].1
            } else {
                KINDS[z % KINDS.len()].1
            };
            let mut a = asset_in(&mut m, &format!("A-{i:05}"), kind, &zid(z));
            a.name = format!("Asset {i}");
            if let Some(k) = catalog().asset_kind(kind) {
                a.flags = k.flags;
                a.classes.clone_from(&k.classes);
            }
            a.flags.safety_related |= kind == "safety_controller";
            a.flags.wireless |= z % KINDS.len() == 6;
            a.sl_c = SlVector::from_levels([2, 2, 2, 1, 2, 1, 2]).unwrap_or_default();
            if i % 5 == 0 && i / 5 < conduits && (i / 5) % 7 != 3 {
                a.placement = Placement::Conduit(ConduitId::new(format!("C-{:04}", i / 5)));
            }
            m.insert_asset(a);
        }
        for i in 0..conduits {
            let a = (i * 13) % zones_n;
            let b = (a + 1 + i % 3) % zones_n;
            let level = u8::try_from(1 + i % 3).unwrap_or(1);
            let sl_t = (i % 41 != 4).then_some([level, level, level, 1, level, 1, level]);
            let mut c = conduit(&mut m, &format!("C-{i:04}"), &[&zid(a), &zid(b)], sl_t);
            c.name = format!("Conduit {i}");
            if i % 19 != 0 {
                let mut ch = Channel::new(PROTOCOLS[i % PROTOCOLS.len()], "data");
                ch.source = Some(AssetId::new(format!("A-{:05}", (i * 11) % assets_n)));
                c.channels.push(ch);
            }
            if i % 6 == 0 {
                c.direction = Direction::Forward;
            }
            m.insert_conduit(c);
        }
        m
    }

    pub fn ids(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.id.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::zone;
    use super::*;
    use crate::analysis::Analysis;
    use crate::catalog::catalog;
    use crate::model::{Acceptance, ZoneKind};

    #[test]
    fn every_rule_is_registered_once() {
        let ids: Vec<&str> = RULES.iter().map(|r| r.meta.id).collect();
        assert_eq!(
            ids,
            [
                "asset-unplaced",
                "empty-zone",
                "conduit-endpoints",
                "zone-no-slt",
                "conduit-no-slt",
                "slt-no-rationale",
                "conduit-slt-below-zones",
                "subzone-slt-below-parent",
                "business-iacs-mixed",
                "safety-mixed",
                "temporary-mixed",
                "wireless-mixed",
                "external-in-internal",
                "dmz-bypass",
                "insecure-protocol",
                "missing-boundary-device",
                "external-path-to-safety",
                "conduit-no-channels",
                "tailoring-no-note",
                "spec-incomplete",
                "approval-outdated",
            ]
        );
    }

    #[test]
    fn quoted_names_lists_and_counts() {
        assert_eq!(quoted_names([]), "");
        assert_eq!(quoted_names(["A"]), "\"A\"");
        assert_eq!(quoted_names(["A", "B", "C"]), "\"A\", \"B\" and \"C\"");
        assert_eq!(
            quoted_names(["1", "2", "3", "4", "5"]),
            "\"1\", \"2\", \"3\", \"4\" and \"5\""
        );
        assert_eq!(
            quoted_names(["1", "2", "3", "4", "5", "6", "7"]),
            "\"1\", \"2\", \"3\", \"4\", \"5\" and 2 more"
        );
    }

    #[test]
    fn accepted_findings_come_back_marked() {
        let mut m = Model::default();
        zone(&mut m, "Z-1", ZoneKind::Control, None);
        zone(&mut m, "Z-2", ZoneKind::Control, None);
        m.accepted.insert(
            "zone-no-slt@Z-1".into(),
            Acceptance {
                finding: "zone-no-slt@Z-1".into(),
                justification: "assessed in the next phase".into(),
                by: "J. Doe".into(),
                date: "2025-01-31".into(),
            },
        );
        let a = Analysis::run(&m, catalog());
        let state: Vec<(&str, bool)> = a
            .findings
            .iter()
            .filter(|f| f.rule == "zone-no-slt")
            .map(|f| (f.id.as_str(), f.accepted))
            .collect();
        assert_eq!(
            state,
            [("zone-no-slt@Z-1", true), ("zone-no-slt@Z-2", false)]
        );
        assert!(
            a.findings
                .iter()
                .filter(|f| f.id != "zone-no-slt@Z-1")
                .all(|f| !f.accepted)
        );
    }

    #[test]
    fn findings_are_deterministic_and_sorted() {
        let forward = test_util::big_model(100, 1_000, 200);
        // The same model built in the opposite order.
        let mut backward = Model {
            project: forward.project.clone(),
            ..Model::default()
        };
        for z in forward.zones.values().rev() {
            backward.insert_zone(z.clone());
        }
        for a in forward.assets.values().rev() {
            backward.insert_asset(a.clone());
        }
        for c in forward.conduits.values().rev() {
            backward.insert_conduit(c.clone());
        }
        let a = Analysis::run(&forward, catalog());
        let b = Analysis::run(&backward, catalog());
        assert_eq!(a.findings, b.findings);
        assert_eq!(a.findings, Analysis::run(&forward, catalog()).findings);
        // Many rules fire on the generated model, and ids are unique.
        let mut rules: Vec<&str> = a.findings.iter().map(|f| f.rule).collect();
        rules.sort_unstable();
        rules.dedup();
        assert!(rules.len() >= 12, "{rules:?}");
        for w in a.findings.windows(2) {
            assert!(
                (w[0].severity, &w[1].id) > (w[1].severity, &w[0].id),
                "{} before {}",
                w[0].id,
                w[1].id
            );
        }
    }

    #[test]
    fn rule_ids_are_unique_and_kebab_case() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.meta.id).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate rule id");
        for id in ids {
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{id}"
            );
            assert!(rule(id).is_some());
        }
        for r in RULES {
            let reference = r.meta.reference;
            assert!(
                reference.starts_with("IEC 62443")
                    || reference == "practice"
                    || reference == "heuristic",
                "{}: {reference}",
                r.meta.id
            );
        }
    }
}
