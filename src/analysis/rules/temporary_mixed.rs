//! Temporarily connected devices (engineering laptops, test sets, USB media) among permanently
//! connected ones in one zone: ZCR 3.4 wants them in zones of their own. The fix is a
//! `Transient` zone holding only temporary devices, joined by a conduit at the port they plug
//! into. Only direct assets count; external zones are outside the system and skipped. In a
//! `Transient` zone the permanent devices are the ones out of place, elsewhere the temporary
//! ones; the finding names those.

use crate::analysis::{Finding, Severity};
use crate::model::{ElementId, ZoneKind};

use super::{Ctx, RuleMeta, mixed_zones, quoted_names};

pub const META: RuleMeta = RuleMeta {
    id: "temporary-mixed",
    severity: Severity::Warning,
    title: "Temporary and permanent devices in one zone",
    reference: "IEC 62443-3-2 ZCR 3.4",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for (z, temporary, permanent) in mixed_zones(ctx, |a| a.flags.temporary) {
        let transient = z.kind == ZoneKind::Transient;
        let out_of_place = if transient { &permanent } else { &temporary };
        let advice = if transient {
            "move the permanent devices out, so this transient zone holds only temporary devices"
        } else {
            "move the temporary devices to a transient zone that holds only temporary devices, \
             joined by a conduit at the port they plug into"
        };
        out.push(ctx.finding(
            &META,
            ElementId::Zone(z.id.clone()),
            out_of_place.iter().map(|a| ElementId::Asset(a.id.clone())),
            format!(
                "Zone \"{}\" mixes temporarily connected devices ({}) with permanent ones ({}); \
                 {advice}.",
                z.name,
                quoted_names(temporary.iter().map(|a| a.name.as_str())),
                quoted_names(permanent.iter().map(|a| a.name.as_str())),
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{asset_in, findings, ids, zone};
    use crate::model::{ElementId, Model, ZoneKind};

    fn laptop(m: &mut Model, id: &str, zone: &str) {
        let mut a = asset_in(m, id, "engineering_laptop", zone);
        a.flags.temporary = true;
        m.insert_asset(a);
    }

    #[test]
    fn flags_temporary_devices_among_permanent_ones() {
        let mut m = Model::default();
        zone(&mut m, "Z-ctl", ZoneKind::Control, Some([2; 7]));
        zone(&mut m, "Z-maint", ZoneKind::Transient, Some([2; 7]));
        zone(&mut m, "Z-maint2", ZoneKind::Transient, Some([2; 7]));
        zone(&mut m, "Z-ext", ZoneKind::External, None);
        asset_in(&mut m, "A-plc", "plc", "Z-ctl");
        laptop(&mut m, "A-lap1", "Z-ctl");
        laptop(&mut m, "A-lap2", "Z-maint");
        laptop(&mut m, "A-lap3", "Z-maint2");
        asset_in(&mut m, "A-ews", "engineering_workstation", "Z-maint2");
        laptop(&mut m, "A-lap4", "Z-ext");
        asset_in(&mut m, "A-vendor", "remote_client", "Z-ext");
        m.zones.get_mut("Z-ctl").unwrap().name = "Packaging line".into();
        let f = findings(&m, "temporary-mixed");
        assert_eq!(
            ids(&f),
            ["temporary-mixed@Z-ctl", "temporary-mixed@Z-maint2"]
        );
        assert!(
            f[0].message.starts_with(
                "Zone \"Packaging line\" mixes temporarily connected devices (\"A-lap1\") with \
                 permanent ones (\"A-plc\"); move the temporary devices to a transient zone"
            ),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].elements[1], ElementId::Asset("A-lap1".into()));
        assert!(f[1].message.contains("move the permanent devices out"));
        assert_eq!(f[1].elements[1], ElementId::Asset("A-ews".into()));
    }
}
