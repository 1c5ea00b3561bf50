//! An asset that reaches the system through a network outside it (vendor laptop, cellular
//! modem, cloud gateway: `flags.external`) placed in an internal zone: ZCR 3.6 wants such
//! devices in zones of their own. One finding per asset, so each can be triaged on its own.

use crate::analysis::{Finding, Severity};
use crate::model::ElementId;

use super::{Ctx, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    id: "external-in-internal",
    severity: Severity::Warning,
    title: "Externally connected device in an internal zone",
    reference: "IEC 62443-3-2 ZCR 3.6",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for a in ctx.assets() {
        if !a.flags.external {
            continue;
        }
        let Some(zone) = a.placement.zone().and_then(|z| ctx.model.zones.get(z)) else {
            continue;
        };
        if zone.is_external() {
            continue;
        }
        out.push(ctx.finding(
            &META,
            ElementId::Asset(a.id.clone()),
            [ElementId::Zone(zone.id.clone())],
            format!(
                "Asset \"{}\" connects through an external network but sits in internal zone \
                 \"{}\"; move it to an external zone and reach the system through a conduit \
                 that ends in a DMZ.",
                a.name, zone.name
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{asset_in, findings, ids, zone};
    use crate::model::{ElementId, Model, Placement, ZoneKind};

    fn external(m: &mut Model, id: &str, zone: &str) {
        let mut a = asset_in(m, id, "remote_client", zone);
        a.flags.external = true;
        m.insert_asset(a);
    }

    #[test]
    fn flags_external_assets_in_internal_zones() {
        let mut m = Model::default();
        zone(&mut m, "Z-ops", ZoneKind::Operations, Some([2; 7]));
        zone(&mut m, "Z-ext", ZoneKind::External, None);
        m.zones.get_mut("Z-ops").unwrap().name = "Operations".into();
        external(&mut m, "A-gw", "Z-ops");
        external(&mut m, "A-vendor", "Z-ext");
        asset_in(&mut m, "A-scada", "scada_server", "Z-ops");
        // A cellular router as a conduit's boundary device is where it belongs.
        external(&mut m, "A-lte", "Z-ops");
        m.assets.get_mut("A-lte").unwrap().placement = Placement::Conduit("C-1".into());
        m.assets.get_mut("A-gw").unwrap().name = "Cloud gateway".into();
        let f = findings(&m, "external-in-internal");
        assert_eq!(ids(&f), ["external-in-internal@A-gw"]);
        assert!(
            f[0].message.starts_with(
                "Asset \"Cloud gateway\" connects through an external network but sits in \
                 internal zone \"Operations\""
            ),
            "{}",
            f[0].message
        );
        assert_eq!(
            f[0].elements,
            [
                ElementId::Asset("A-gw".into()),
                ElementId::Zone("Z-ops".into())
            ]
        );
    }
}
