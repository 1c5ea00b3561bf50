//! A zone with no assets and no subzones: usually a leftover or an unfinished inventory.

use crate::analysis::IdHash;
use crate::analysis::{Finding, Severity};
use std::collections::HashSet;

use crate::model::{ElementId, ZoneId};

use super::{Ctx, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    id: "empty-zone",
    severity: Severity::Info,
    title: "Zone holds no assets",
    reference: "practice",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    // A zone holds assets when it or any zone nested in it has one: mark every zone with a
    // direct asset and its ancestors.
    let mut holding: HashSet<&ZoneId, IdHash> =
        HashSet::with_capacity_and_hasher(ctx.model.zones.len(), IdHash::default());
    for z in ctx.model.assets.values().filter_map(|a| a.placement.zone()) {
        // Most assets share their zone with the one before: skip the ordered map's lookup.
        if holding.contains(z) {
            continue;
        }
        let Some((mut cur, _)) = ctx.model.zones.get_key_value(z) else {
            continue;
        };
        // `insert` is false for a zone already marked (with its ancestors), or in a cycle.
        while holding.insert(cur) {
            match ctx.model.zones[cur]
                .parent
                .as_ref()
                .and_then(|p| ctx.model.zones.get_key_value(p))
            {
                Some((parent, _)) => cur = parent,
                None => break,
            }
        }
    }
    for z in ctx.zones() {
        if !holding.contains(&z.id) {
            out.push(ctx.finding(
                &META,
                ElementId::Zone(z.id.clone()),
                [],
                format!(
                    "Zone \"{}\" holds no assets; its SL-C is unknown and nothing in it is assessed.",
                    z.name
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{asset_in, findings, ids, zone};
    use crate::model::{Model, ZoneKind};

    #[test]
    fn flags_only_zones_without_assets() {
        let mut m = Model::default();
        zone(&mut m, "Z-full", ZoneKind::Control, Some([1; 7]));
        zone(&mut m, "Z-empty", ZoneKind::Control, Some([1; 7]));
        asset_in(&mut m, "A-1", "plc", "Z-full");
        assert_eq!(ids(&findings(&m, "empty-zone")), ["empty-zone@Z-empty"]);
    }
}
