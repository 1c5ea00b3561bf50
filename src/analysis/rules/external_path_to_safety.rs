//! A path of conduits from an external zone to a safety zone. The safety function is the last
//! line of defence, so a tool heuristic shows, for each safety zone, the shortest way in from
//! any external zone (one-way conduits are honoured) and the weakest conduit on it, so the
//! user can check that the way is guarded well enough or cut it.
//!
//! The weakest conduit is the one with the lowest SL-T level on any FR; a conduit without SL-T
//! is weakest of all; on a tie, the first on the path.

use crate::analysis::{Finding, Severity};
use crate::model::{ConduitId, ElementId, SecurityLevel, ZoneId};

use super::{Ctx, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    id: "external-path-to-safety",
    severity: Severity::Warning,
    title: "Safety zone reachable from an external zone",
    reference: "heuristic",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let externals: Vec<ZoneId> = ctx
        .model
        .zones
        .values()
        .filter(|z| z.is_external())
        .map(|z| z.id.clone())
        .collect();
    if externals.is_empty() {
        return;
    }
    // One search for all safety zones keeps the rule linear in the size of the model.
    let tree = ctx.topology.search_from(&externals);
    for z in ctx.model.zones.values() {
        if !z.is_safety() || z.is_external() {
            continue;
        }
        let Some((zones, conduits)) = tree.path(ctx.topology, &z.id) else {
            continue;
        };
        let Some(weakest) = weakest(ctx, &conduits) else {
            continue;
        };
        let path = zones
            .iter()
            .map(|id| format!("\"{}\"", ctx.model.name_of(id.as_str())))
            .collect::<Vec<_>>()
            .join(" → ");
        let strength = match ctx.model.conduits.get(weakest).and_then(|c| c.sl_t) {
            Some(t) => format!("SL-T {t}"),
            None => "no SL-T".to_owned(),
        };
        let steps = conduits.len();
        let elements = zones
            .iter()
            .map(|id| ElementId::Zone(id.clone()))
            .chain(conduits.iter().map(|id| ElementId::Conduit(id.clone())));
        out.push(ctx.finding(
            &META,
            ElementId::Zone(z.id.clone()),
            elements,
            format!(
                "Safety zone \"{}\" can be reached from an external zone through {steps} \
                 conduit{}: {path}. Weakest conduit on the way: \"{}\" ({strength}). Make sure \
                 every conduit on this path is guarded well enough for the safety zone, or cut \
                 the path (for example with a one-way conduit out of the safety zone).",
                z.name,
                if steps == 1 { "" } else { "s" },
                ctx.model.name_of(weakest.as_str()),
            ),
        ));
    }
}

/// The conduit with the lowest SL-T level on any FR (no SL-T counts lowest), first on a tie.
fn weakest<'a>(ctx: &Ctx<'_>, conduits: &'a [ConduitId]) -> Option<&'a ConduitId> {
    let mut best: Option<(Option<SecurityLevel>, &ConduitId)> = None;
    for id in conduits {
        let level = ctx
            .model
            .conduits
            .get(id)
            .and_then(|c| c.sl_t)
            .map(|t| t.0.into_iter().min().unwrap_or(SecurityLevel::SL0));
        // `None < Some(_)`, so a conduit without SL-T is weaker than any with one.
        if best.is_none_or(|(b, _)| level < b) {
            best = Some((level, id));
        }
    }
    best.map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{conduit, findings, ids, zone};
    use crate::model::{Direction, ElementId, Model, ZoneKind};

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
            "Safety zone \"SIS\" can be reached from an external zone through 3 conduits: \
             \"Internet\" → \"Z-dmz\" → \"Z-ctl\" → \"SIS\". Weakest conduit on the way: \"C-1\" \
             (SL-T {2 2 2 2 2 2 1}). Make sure every conduit on this path is guarded well \
             enough for the safety zone, or cut the path (for example with a one-way conduit \
             out of the safety zone)."
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
                "through 1 conduit: \"Z-vendor\" → \"Z-fg\". Weakest conduit on the \
                           way: \"C-4\" (no SL-T)."
            ),
            "{}",
            f[0].message
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
            f[1].message.contains("Weakest conduit on the way: \"C-4\""),
            "{}",
            f[1].message
        );
    }
}
