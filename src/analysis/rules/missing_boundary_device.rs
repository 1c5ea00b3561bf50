//! A conduit between zones of different SL-T with no boundary device (no asset placed in the
//! conduit): nothing enforces the boundary between a weaker and a stronger zone (good practice,
//! IEC 62443-3-3 SR 5.2 zone boundary protection). An external zone counts as different from
//! any internal one; a zone without SL-T is left out of the comparison (`zone-no-slt` reports
//! it).

use crate::analysis::IdHash;
use std::collections::HashSet;

use crate::analysis::{Finding, Severity};
use crate::model::{ConduitId, ElementId, SlVector, Zone};

use super::{Ctx, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    id: "missing-boundary-device",
    severity: Severity::Warning,
    title: "No boundary device between zones of different SL-T",
    reference: "practice",
};

/// What a zone's end of a conduit is compared by.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    External,
    Target(SlVector),
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    // Conduits with at least one boundary device (an asset placed in them).
    let with_device: HashSet<&ConduitId, IdHash> = ctx
        .model
        .assets
        .values()
        .filter_map(|a| a.placement.conduit())
        .collect();
    for c in ctx.conduits() {
        if with_device.contains(&c.id) {
            continue;
        }
        let mut ends: Vec<(&Zone, Level)> = Vec::with_capacity(c.zones.len());
        for z in &c.zones {
            let Some(zone) = ctx.model.zones.get(z) else {
                continue;
            };
            let level = if zone.is_external() {
                Level::External
            } else if let Some(t) = zone.sl_t {
                Level::Target(t)
            } else {
                continue;
            };
            if !ends.iter().any(|(seen, _)| seen.id == zone.id) {
                ends.push((zone, level));
            }
        }
        let Some((_, first)) = ends.first() else {
            continue;
        };
        if ends.iter().all(|(_, l)| l == first) {
            continue;
        }
        let listed: Vec<String> = ends
            .iter()
            .map(|(z, l)| match l {
                Level::External => format!("\"{}\" external", z.name),
                Level::Target(t) => format!("\"{}\" {t}", z.name),
            })
            .collect();
        out.push(ctx.finding(
            &META,
            ElementId::Conduit(c.id.clone()),
            ends.iter().map(|(z, _)| ElementId::Zone(z.id.clone())),
            format!(
                "Conduit \"{}\" joins zones of different SL-T ({}) but has no boundary device; \
                 place a firewall, data diode or gateway in it to enforce the boundary.",
                c.name,
                listed.join(", ")
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{asset_in, conduit, findings, ids, zone};
    use crate::model::{ElementId, Model, Placement, ZoneKind};

    #[test]
    fn flags_unguarded_conduits_between_different_targets() {
        let mut m = Model::default();
        zone(&mut m, "Z-ops", ZoneKind::Operations, Some([2; 7]));
        zone(&mut m, "Z-ops2", ZoneKind::Operations, Some([2; 7]));
        zone(
            &mut m,
            "Z-ctl",
            ZoneKind::Control,
            Some([3, 3, 3, 2, 2, 2, 2]),
        );
        zone(&mut m, "Z-ext", ZoneKind::External, None);
        zone(&mut m, "Z-ext2", ZoneKind::External, None);
        zone(&mut m, "Z-unset", ZoneKind::Control, None);
        m.zones.get_mut("Z-ops").unwrap().name = "Operations".into();
        conduit(&mut m, "C-diff", &["Z-ops", "Z-ctl"], Some([3; 7]));
        conduit(&mut m, "C-ext", &["Z-ext", "Z-ops"], Some([2; 7]));
        conduit(&mut m, "C-same", &["Z-ops", "Z-ops2"], Some([2; 7]));
        conduit(&mut m, "C-exts", &["Z-ext", "Z-ext2"], None);
        conduit(&mut m, "C-unset", &["Z-ops", "Z-unset"], Some([2; 7]));
        conduit(&mut m, "C-guarded", &["Z-ops", "Z-ctl"], Some([3; 7]));
        let mut fw = asset_in(&mut m, "A-fw", "firewall", "Z-ops");
        fw.placement = Placement::Conduit("C-guarded".into());
        m.insert_asset(fw);
        let f = findings(&m, "missing-boundary-device");
        assert_eq!(
            ids(&f),
            [
                "missing-boundary-device@C-diff",
                "missing-boundary-device@C-ext"
            ]
        );
        assert_eq!(
            f[0].message,
            "Conduit \"C-diff\" joins zones of different SL-T (\"Operations\" {2 2 2 2 2 2 2}, \
             \"Z-ctl\" {3 3 3 2 2 2 2}) but has no boundary device; place a firewall, data \
             diode or gateway in it to enforce the boundary."
        );
        assert!(
            f[1].message
                .contains("(\"Z-ext\" external, \"Operations\" {2 2 2 2 2 2 2})")
        );
        assert_eq!(
            f[1].elements,
            [
                ElementId::Conduit("C-ext".into()),
                ElementId::Zone("Z-ext".into()),
                ElementId::Zone("Z-ops".into()),
            ]
        );
    }
}
