//! A way in from outside the system to a safety zone. The safety function is the last line of
//! defence, so a tool heuristic shows, for each safety zone, the shortest way in (one-way
//! conduits are honoured) and the weakest conduit on it, so the user can check that the way is
//! guarded well enough or cut it.
//!
//! A way in starts in an external zone, or at an asset that reaches a network outside the
//! system (`flags.external`: an LTE modem, a cellular router, a cloud gateway) although it sits
//! in an internal zone or is a boundary device of a conduit; such a boundary device lets the
//! outside into the zones its conduit joins (only into the receiving ones of a one-way
//! conduit), and its conduit is the first on the way (and counts as one of its steps). On an
//! equally short way an external zone is preferred as the start, then an asset in a zone, then
//! a boundary device. A safety zone
//! that itself holds such an asset is reached without crossing any conduit.
//!
//! The weakest conduit is judged on the FRs that guard a way in: the one with the lowest SL-T
//! level on FR1 IAC, FR2 UC, FR3 SI or FR5 RDF (FR4 DC, confidentiality, does not stop anyone
//! getting in); a conduit without SL-T is weakest of all; on a tie, the first on the way.

use crate::analysis::IdHash;
use std::collections::{BTreeMap, HashMap};

use crate::analysis::{Finding, Severity};
use crate::model::{Asset, Conduit, ConduitId, ElementId, Fr, SecurityLevel, ZoneId};

use super::{Ctx, RuleMeta, quoted_names};

pub const META: RuleMeta = RuleMeta {
    id: "external-path-to-safety",
    severity: Severity::Warning,
    title: "Safety zone reachable from outside the system",
    reference: "heuristic",
};

/// The FRs on which the weakest conduit of a way in is judged.
const GUARDING: [Fr; 4] = [Fr::Iac, Fr::Uc, Fr::Si, Fr::Rdf];

/// Where a way in starts, for the zone the search starts from.
enum Entry<'a> {
    /// The zone is external.
    Zone,
    /// Assets in the (internal) zone reach networks outside the system.
    Assets(Vec<&'a Asset>),
    /// Boundary devices of a conduit joining the zone reach networks outside the system.
    Conduit(&'a Conduit, Vec<&'a Asset>),
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    // The zones a way in starts from, in order of preference, and how each way starts: those
    // reached from outside directly, and those reached through a conduit whose boundary device
    // reaches outside (that conduit is the first step of the way).
    let mut starts: Vec<ZoneId> = Vec::new();
    let mut via_conduit: Vec<ZoneId> = Vec::new();
    let mut entries: HashMap<&ZoneId, Entry<'_>, IdHash> = HashMap::default();
    for z in model.zones.values().filter(|z| z.is_external()) {
        starts.push(z.id.clone());
        entries.insert(&z.id, Entry::Zone);
    }
    let outside: Vec<&Asset> = model.assets.values().filter(|a| a.flags.external).collect();
    for a in &outside {
        let Some((id, zone)) = a
            .placement
            .zone()
            .and_then(|z| model.zones.get_key_value(z))
        else {
            continue;
        };
        if zone.is_external() {
            continue;
        }
        match entries.get_mut(id) {
            Some(Entry::Assets(assets)) => assets.push(a),
            Some(_) => {}
            None => {
                starts.push(id.clone());
                entries.insert(id, Entry::Assets(vec![a]));
            }
        }
    }
    // Boundary devices, by conduit in id order.
    let mut devices: BTreeMap<&ConduitId, (&Conduit, Vec<&Asset>)> = BTreeMap::new();
    for a in &outside {
        if let Some((id, c)) = a
            .placement
            .conduit()
            .and_then(|c| model.conduits.get_key_value(c))
        {
            devices
                .entry(id)
                .or_insert_with(|| (c, Vec::new()))
                .1
                .push(a);
        }
    }
    for (c, assets) in devices.into_values() {
        // Traffic put into a one-way conduit reaches only its receiving zones.
        let receivers = if c.is_one_way() {
            c.zones.get(1..).unwrap_or_default()
        } else {
            &c.zones[..]
        };
        for z in receivers {
            if let Some((id, _)) = model.zones.get_key_value(z)
                && !entries.contains_key(id)
            {
                via_conduit.push(id.clone());
                entries.insert(id, Entry::Conduit(c, assets.clone()));
            }
        }
    }
    if starts.is_empty() && via_conduit.is_empty() {
        return;
    }
    // One search from each kind of start, for all safety zones, keeps the rule linear in the
    // size of the model.
    let search = |from: &[ZoneId]| (!from.is_empty()).then(|| ctx.topology.search_from(from));
    let (direct, through) = (search(&starts), search(&via_conduit));
    for z in model.zones.values() {
        if !z.is_safety() || z.is_external() {
            continue;
        }
        let direct = direct.as_ref().and_then(|t| t.path(ctx.topology, &z.id));
        let through = through
            .as_ref()
            .and_then(|t| t.path(ctx.topology, &z.id))
            .map(|(zones, mut conduits)| {
                if let Some(Entry::Conduit(c, _)) = zones.first().and_then(|f| entries.get(f))
                    && !conduits.contains(&c.id)
                {
                    conduits.insert(0, c.id.clone());
                }
                (zones, conduits)
            });
        // The shorter way; on a tie, the one that starts outside directly.
        let (zones, conduits) = match (direct, through) {
            (Some(d), Some(t)) if t.1.len() < d.1.len() => t,
            (Some(d), _) => d,
            (None, Some(t)) => t,
            (None, None) => continue,
        };
        let Some(entry) = zones.first().and_then(|first| entries.get(first)) else {
            continue;
        };
        let mut path: Vec<String> = zones
            .iter()
            .map(|id| format!("\"{}\"", model.name_of(id.as_str())))
            .collect();
        let mut assets: &[&Asset] = &[];
        // The start of the way, to follow "can be reached through N conduits from".
        let origin = match entry {
            Entry::Zone => "an external zone".to_owned(),
            Entry::Assets(a) => {
                assets = a;
                format!(
                    "{} in zone \"{}\", which reach{} a network outside the system",
                    quoted_names(a.iter().map(|a| a.name.as_str())),
                    model.name_of(zones[0].as_str()),
                    if a.len() == 1 { "es" } else { "" },
                )
            }
            Entry::Conduit(c, a) => {
                assets = a;
                path.insert(0, format!("conduit \"{}\"", c.name));
                format!(
                    "{}, {} of conduit \"{}\" that reach{} a network outside the system",
                    quoted_names(a.iter().map(|a| a.name.as_str())),
                    if a.len() == 1 {
                        "a boundary device"
                    } else {
                        "boundary devices"
                    },
                    c.name,
                    if a.len() == 1 { "es" } else { "" },
                )
            }
        };
        let elements: Vec<ElementId> = zones
            .iter()
            .map(|id| ElementId::Zone(id.clone()))
            .chain(conduits.iter().map(|id| ElementId::Conduit(id.clone())))
            .chain(assets.iter().map(|a| ElementId::Asset(a.id.clone())))
            .collect();
        let Some(weakest) = weakest(ctx, &conduits) else {
            // An asset reaching outside sits in the safety zone itself.
            out.push(ctx.finding(
                &META,
                ElementId::Zone(z.id.clone()),
                elements,
                format!(
                    "Safety zone \"{}\" can be reached from outside the system without crossing \
                     any conduit: it holds {}, which reach{} a network outside the system. Move \
                     {} to an external zone of {} own and join that to the system, if at all, \
                     through a guarded conduit that ends in a DMZ.",
                    z.name,
                    quoted_names(assets.iter().map(|a| a.name.as_str())),
                    if assets.len() == 1 { "es" } else { "" },
                    if assets.len() == 1 { "it" } else { "them" },
                    if assets.len() == 1 { "its" } else { "their" },
                ),
            ));
            continue;
        };
        let strength = match model.conduits.get(weakest).and_then(|c| c.sl_t) {
            Some(t) => format!("SL-T {t}"),
            None => "no SL-T".to_owned(),
        };
        let steps = conduits.len();
        out.push(ctx.finding(
            &META,
            ElementId::Zone(z.id.clone()),
            elements,
            format!(
                "Safety zone \"{}\" can be reached through {steps} conduit{} from {origin}: {}. \
                 Weakest conduit on the way (judged on {}): \"{}\" ({strength}). Make sure every \
                 conduit on this way is guarded well enough for the safety zone, or cut the way \
                 (for example with a one-way conduit out of the safety zone).",
                z.name,
                if steps == 1 { "" } else { "s" },
                path.join(" → "),
                guarding_frs(),
                model.name_of(weakest.as_str()),
            ),
        ));
    }
}

/// `FR1 IAC, FR2 UC, FR3 SI and FR5 RDF`.
fn guarding_frs() -> String {
    let names: Vec<String> = GUARDING.iter().map(ToString::to_string).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

/// The conduit with the lowest SL-T level on the guarding FRs (no SL-T counts lowest), first
/// on a tie.
fn weakest<'a>(ctx: &Ctx<'_>, conduits: &'a [ConduitId]) -> Option<&'a ConduitId> {
    let mut best: Option<(Option<SecurityLevel>, &ConduitId)> = None;
    for id in conduits {
        let level = ctx.model.conduits.get(id).and_then(|c| c.sl_t).map(|t| {
            GUARDING
                .iter()
                .map(|&fr| t.get(fr))
                .min()
                .unwrap_or(SecurityLevel::SL0)
        });
        // `None < Some(_)`, so a conduit without SL-T is weaker than any with one.
        if best.is_none_or(|(b, _)| level < b) {
            best = Some((level, id));
        }
    }
    best.map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{asset_in, conduit, findings, ids, zone};
    use crate::model::{Direction, ElementId, Model, Placement, SlVector, ZoneKind};

    fn model() -> Model {
        let mut m = Model::default();
        zone(&mut m, "Z-inet", ZoneKind::External, None);
        zone(&mut m, "Z-vendor", ZoneKind::External, None);
        zone(&mut m, "Z-dmz", ZoneKind::Dmz, Some([2; 7]));
        zone(&mut m, "Z-ctl", ZoneKind::Control, Some([2; 7]));
        zone(&mut m, "Z-sis", ZoneKind::Safety, Some([3; 7]));
        zone(&mut m, "Z-fg", ZoneKind::Control, Some([3; 7]));
        zone(&mut m, "Z-island", ZoneKind::Safety, Some([3; 7]));
        m.zones.get_mut("Z-fg").unwrap().safety_designated = true;
        m.zones.get_mut("Z-inet").unwrap().name = "Internet".into();
        m.zones.get_mut("Z-sis").unwrap().name = "SIS".into();
        conduit(
            &mut m,
            "C-1",
            &["Z-inet", "Z-dmz"],
            Some([2, 2, 2, 2, 2, 2, 1]),
        );
        conduit(
            &mut m,
            "C-2",
            &["Z-dmz", "Z-ctl"],
            Some([2, 2, 2, 1, 2, 2, 2]),
        );
        conduit(&mut m, "C-3", &["Z-ctl", "Z-sis"], Some([3; 7]));
        conduit(&mut m, "C-4", &["Z-vendor", "Z-fg"], None);
        m.conduits.get_mut("C-2").unwrap().name = "DMZ to control".into();
        m
    }

    #[test]
    fn reports_the_shortest_path_and_its_weakest_conduit() {
        let m = model();
        let f = findings(&m, "external-path-to-safety");
        assert_eq!(
            ids(&f),
            [
                "external-path-to-safety@Z-fg",
                "external-path-to-safety@Z-sis"
            ]
        );
        assert_eq!(
            f[1].message,
            "Safety zone \"SIS\" can be reached through 3 conduits from an external zone: \
             \"Internet\" → \"Z-dmz\" → \"Z-ctl\" → \"SIS\". Weakest conduit on the way (judged \
             on FR1 IAC, FR2 UC, FR3 SI and FR5 RDF): \"C-1\" (SL-T {2 2 2 2 2 2 1}). Make sure \
             every conduit on this way is guarded well enough for the safety zone, or cut the \
             way (for example with a one-way conduit out of the safety zone)."
        );
        assert_eq!(
            f[1].elements,
            [
                ElementId::Zone("Z-sis".into()),
                ElementId::Zone("Z-inet".into()),
                ElementId::Zone("Z-dmz".into()),
                ElementId::Zone("Z-ctl".into()),
                ElementId::Conduit("C-1".into()),
                ElementId::Conduit("C-2".into()),
                ElementId::Conduit("C-3".into()),
            ]
        );
        assert!(
            f[0].message.contains(
                "through 1 conduit from an external zone: \"Z-vendor\" → \"Z-fg\". Weakest conduit on the way (judged \
                 on FR1 IAC, FR2 UC, FR3 SI and FR5 RDF): \"C-4\" (no SL-T)."
            ),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn the_weakest_conduit_is_judged_without_fr4() {
        let mut m = model();
        // C-1 is low on confidentiality only; C-3 is low on use control.
        m.conduits.get_mut("C-1").unwrap().sl_t = SlVector::from_levels([3, 3, 3, 1, 3, 3, 3]);
        m.conduits.get_mut("C-2").unwrap().sl_t = SlVector::from_levels([3, 3, 3, 1, 3, 1, 1]);
        m.conduits.get_mut("C-3").unwrap().sl_t = SlVector::from_levels([3, 2, 3, 3, 3, 3, 3]);
        let f = findings(&m, "external-path-to-safety");
        assert!(
            f[1].message.contains(
                "Weakest conduit on the way (judged on FR1 IAC, FR2 UC, FR3 SI and \
                           FR5 RDF): \"C-3\" (SL-T {3 2 3 3 3 3 3})."
            ),
            "{}",
            f[1].message
        );
    }

    #[test]
    fn a_one_way_conduit_out_of_the_safety_zone_cuts_the_path() {
        let mut m = model();
        let c3 = m.conduits.get_mut("C-3").unwrap();
        c3.zones = vec!["Z-sis".into(), "Z-ctl".into()];
        c3.direction = Direction::Forward;
        // A tie on the lowest level goes to the first conduit on the path.
        m.conduits.get_mut("C-1").unwrap().sl_t = m.conduits["C-2"].sl_t;
        conduit(&mut m, "C-5", &["Z-fg", "Z-sis"], Some([4; 7]));
        m.conduits.get_mut("C-4").unwrap().direction = Direction::Forward;
        m.conduits.get_mut("C-4").unwrap().zones = vec!["Z-fg".into(), "Z-vendor".into()];
        let f = findings(&m, "external-path-to-safety");
        assert!(f.is_empty(), "{f:?}");
        m.conduits.get_mut("C-4").unwrap().zones = vec!["Z-vendor".into(), "Z-fg".into()];
        m.conduits.get_mut("C-4").unwrap().sl_t = m.conduits["C-2"].sl_t;
        let f = findings(&m, "external-path-to-safety");
        assert_eq!(
            ids(&f),
            [
                "external-path-to-safety@Z-fg",
                "external-path-to-safety@Z-sis"
            ]
        );
        assert!(
            f[1].message.contains("\"Z-vendor\" → \"Z-fg\" → \"SIS\""),
            "{}",
            f[1].message
        );
        assert!(
            f[1].message.contains("FR5 RDF): \"C-4\""),
            "{}",
            f[1].message
        );
    }

    #[test]
    fn external_assets_in_internal_zones_are_ways_in_too() {
        let mut m = Model::default();
        zone(&mut m, "Z-pkg", ZoneKind::Control, Some([2; 7]));
        zone(&mut m, "Z-ctl", ZoneKind::Control, Some([2; 7]));
        zone(&mut m, "Z-sis", ZoneKind::Safety, Some([3; 7]));
        zone(&mut m, "Z-fg", ZoneKind::Safety, Some([3; 7]));
        m.zones.get_mut("Z-pkg").unwrap().name = "Compressor package".into();
        conduit(&mut m, "C-1", &["Z-pkg", "Z-ctl"], Some([2; 7]));
        conduit(&mut m, "C-2", &["Z-ctl", "Z-sis"], Some([3; 7]));
        let mut lte = asset_in(&mut m, "A-lte", "cellular_router", "Z-pkg");
        lte.name = "OEM LTE router".into();
        lte.flags.external = true;
        m.insert_asset(lte);
        // Not flagged external: no way in.
        asset_in(&mut m, "A-plc", "plc", "Z-fg");
        let f = findings(&m, "external-path-to-safety");
        assert_eq!(ids(&f), ["external-path-to-safety@Z-sis"]);
        assert!(
            f[0].message.starts_with(
                "Safety zone \"Z-sis\" can be reached through 2 conduits from \"OEM LTE router\" \
                 in zone \"Compressor package\", which reaches a network outside the system: \
                 \"Compressor package\" → \"Z-ctl\" → \"Z-sis\". Weakest conduit on the way (judged on FR1 IAC, FR2 UC, FR3 SI and FR5 RDF): \"C-1\""
            ),
            "{}",
            f[0].message
        );
        assert_eq!(
            f[0].elements.last(),
            Some(&ElementId::Asset("A-lte".into()))
        );
        // A modem inside the safety zone itself: reached without any conduit.
        let mut modem = asset_in(&mut m, "A-modem", "iiot_gateway", "Z-fg");
        modem.flags.external = true;
        m.insert_asset(modem);
        let f = findings(&m, "external-path-to-safety");
        assert_eq!(
            ids(&f),
            [
                "external-path-to-safety@Z-fg",
                "external-path-to-safety@Z-sis"
            ]
        );
        assert!(
            f[0].message.starts_with(
                "Safety zone \"Z-fg\" can be reached from outside the system without crossing \
                 any conduit: it holds \"A-modem\", which reaches a network outside the system. \
                 Move it to an external zone of its own"
            ),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn an_external_boundary_device_opens_the_zones_of_its_conduit() {
        let mut m = Model::default();
        zone(&mut m, "Z-scada", ZoneKind::Operations, Some([2; 7]));
        zone(&mut m, "Z-remote", ZoneKind::RemoteSite, Some([2; 7]));
        zone(&mut m, "Z-sis", ZoneKind::Safety, Some([3; 7]));
        conduit(&mut m, "C-wan", &["Z-scada", "Z-remote"], None);
        conduit(&mut m, "C-sis", &["Z-scada", "Z-sis"], Some([3; 7]));
        m.conduits.get_mut("C-wan").unwrap().name = "Telemetry".into();
        let mut lte = asset_in(&mut m, "A-lte", "cellular_router", "Z-remote");
        lte.name = "Site routers".into();
        lte.flags.external = true;
        lte.placement = Placement::Conduit("C-wan".into());
        m.insert_asset(lte);
        let f = findings(&m, "external-path-to-safety");
        assert_eq!(ids(&f), ["external-path-to-safety@Z-sis"]);
        assert!(
            f[0].message.starts_with(
                "Safety zone \"Z-sis\" can be reached through 2 conduits from \"Site routers\", \
                 a boundary device of conduit \"Telemetry\" that reaches a network outside the \
                 system: conduit \"Telemetry\" → \"Z-scada\" → \"Z-sis\". Weakest conduit \
                 on the way (judged on FR1 IAC, FR2 UC, FR3 SI and FR5 RDF): \"Telemetry\" (no \
                 SL-T)."
            ),
            "{}",
            f[0].message
        );
        // An external zone as far away wins the tie: the conduit of the device is a step too.
        zone(&mut m, "Z-vendor", ZoneKind::External, None);
        conduit(&mut m, "C-vendor", &["Z-vendor", "Z-scada"], Some([2; 7]));
        let f = findings(&m, "external-path-to-safety");
        assert!(
            f[0].message.contains(
                "through 2 conduits from an external zone: \"Z-vendor\" → \"Z-scada\" → \"Z-sis\""
            ),
            "{}",
            f[0].message
        );
        m.conduits.remove("C-vendor");
        // A one-way conduit into the remote site lets the outside into the remote site only.
        let c = m.conduits.get_mut("C-wan").unwrap();
        c.zones = vec!["Z-scada".into(), "Z-remote".into()];
        c.direction = Direction::Forward;
        assert!(findings(&m, "external-path-to-safety").is_empty());
    }
}
