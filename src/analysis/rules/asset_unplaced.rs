//! An asset that is in no zone and no conduit: ZCR 6.3 wants every asset assigned.

use crate::analysis::{Finding, Severity};
use crate::model::{ElementId, Placement};

use super::{Ctx, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    id: "asset-unplaced",
    severity: Severity::Error,
    title: "Asset placed in no zone or conduit",
    reference: "IEC 62443-3-2 ZCR 6.3",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for a in ctx.assets() {
        let placed = match &a.placement {
            Placement::Unplaced => false,
            // The topology's hash index of the zones (the model's ordered map compares strings).
            Placement::Zone(z) => ctx.topology.node(z).is_some(),
            Placement::Conduit(c) => ctx.model.conduits.contains_key(c),
        };
        if !placed {
            out.push(ctx.finding(
                &META,
                ElementId::Asset(a.id.clone()),
                [],
                format!(
                    "Asset \"{}\" is in no zone or conduit; every asset belongs to exactly one.",
                    a.name
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{asset_in, findings, ids, zone};
    use crate::model::{Asset, Model, Placement, Point, ZoneKind};

    #[test]
    fn flags_unplaced_and_dangling_placement() {
        let mut m = Model::default();
        zone(&mut m, "Z-1", ZoneKind::Control, Some([1; 7]));
        asset_in(&mut m, "A-ok", "plc", "Z-1");
        m.insert_asset(Asset::new("A-free", "Free", "plc", Point::default()));
        let mut lost = Asset::new("A-lost", "Lost", "plc", Point::default());
        lost.placement = Placement::Zone("Z-gone".into());
        m.insert_asset(lost);
        let f = findings(&m, "asset-unplaced");
        assert_eq!(ids(&f), ["asset-unplaced@A-free", "asset-unplaced@A-lost"]);
        assert!(f[0].message.contains("\"Free\""));
    }
}
