//! A zone with no assets and no subzones: usually a leftover or an unfinished inventory.

use crate::analysis::{Finding, Severity};
use crate::model::ElementId;

use super::{Ctx, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    id: "empty-zone",
    severity: Severity::Info,
    title: "Zone holds no assets",
    reference: "practice",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for z in &ctx.deltas.zones {
        if z.assets.is_empty() {
            let name = ctx
                .model
                .zones
                .get(&z.id)
                .map_or("", |zone| zone.name.as_str());
            out.push(ctx.finding(
                &META,
                ElementId::Zone(z.id.clone()),
                [],
                format!("Zone \"{name}\" holds no assets; its SL-C counts as 0 on every FR."),
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
