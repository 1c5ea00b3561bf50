//! Wireless devices among wired ones in one zone: ZCR 3.5 wants wireless devices in zones of
//! their own, with the access point or gateway as the conduit's boundary. Only direct assets
//! count; external zones are outside the system and skipped. In a `Wireless` zone the wired
//! devices are the ones out of place, elsewhere the wireless ones; the finding names those.

use crate::analysis::{Finding, Severity};
use crate::model::{ElementId, ZoneKind};

use super::{Ctx, RuleMeta, mixed_zones, quoted_names};

pub const META: RuleMeta = RuleMeta {
    id: "wireless-mixed",
    severity: Severity::Warning,
    title: "Wireless and wired devices in one zone",
    reference: "IEC 62443-3-2 ZCR 3.5",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for (z, wireless, wired) in mixed_zones(ctx, |a| a.flags.wireless) {
        let wireless_zone = z.kind == ZoneKind::Wireless;
        let out_of_place = if wireless_zone { &wired } else { &wireless };
        let advice = if wireless_zone {
            "move the wired devices out of this wireless zone"
        } else {
            "move the wireless devices to a wireless zone, with the access point or gateway as \
             the boundary device of its conduit"
        };
        out.push(ctx.finding(
            &META,
            ElementId::Zone(z.id.clone()),
            out_of_place.iter().map(|a| ElementId::Asset(a.id.clone())),
            format!(
                "Zone \"{}\" mixes wireless devices ({}) with wired ones ({}); {advice}.",
                z.name,
                quoted_names(wireless.iter().map(|a| a.name.as_str())),
                quoted_names(wired.iter().map(|a| a.name.as_str())),
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{asset_in, findings, ids, zone};
    use crate::model::{ElementId, Model, ZoneKind};

    fn radio(m: &mut Model, id: &str, zone: &str) {
        let mut a = asset_in(m, id, "field_instrument", zone);
        a.flags.wireless = true;
        m.insert_asset(a);
    }

    #[test]
    fn flags_wireless_devices_among_wired_ones() {
        let mut m = Model::default();
        zone(&mut m, "Z-field", ZoneKind::Field, Some([1; 7]));
        zone(&mut m, "Z-wl", ZoneKind::Wireless, Some([2; 7]));
        zone(&mut m, "Z-wl2", ZoneKind::Wireless, Some([2; 7]));
        zone(&mut m, "Z-ext", ZoneKind::External, None);
        for i in 1..=7 {
            asset_in(&mut m, &format!("A-ft{i}"), "field_instrument", "Z-field");
        }
        radio(&mut m, "A-whart", "Z-field");
        radio(&mut m, "A-r1", "Z-wl");
        radio(&mut m, "A-r2", "Z-wl");
        radio(&mut m, "A-r3", "Z-wl2");
        asset_in(&mut m, "A-plc", "plc", "Z-wl2");
        radio(&mut m, "A-lte", "Z-ext");
        asset_in(&mut m, "A-vendor", "remote_client", "Z-ext");
        m.zones.get_mut("Z-field").unwrap().name = "Tank farm".into();
        let f = findings(&m, "wireless-mixed");
        assert_eq!(ids(&f), ["wireless-mixed@Z-field", "wireless-mixed@Z-wl2"]);
        assert_eq!(
            f[0].message,
            "Zone \"Tank farm\" mixes wireless devices (\"A-whart\") with wired ones (\"A-ft1\", \
             \"A-ft2\", \"A-ft3\", \"A-ft4\", \"A-ft5\" and 2 more); move the wireless devices \
             to a wireless zone, with the access point or gateway as the boundary device of its \
             conduit."
        );
        assert_eq!(
            f[0].elements,
            [
                ElementId::Zone("Z-field".into()),
                ElementId::Asset("A-whart".into())
            ]
        );
        assert!(f[1].message.contains("move the wired devices out"));
        assert_eq!(f[1].elements[1], ElementId::Asset("A-plc".into()));
    }
}
