//! A zone holding both business assets (`flags.business`) and IACS assets: ZCR 3.2 wants IACS
//! assets separated from business ones. Only the zone's direct assets count (a subzone is a
//! zone of its own); external zones are outside the system under consideration and skipped.
//! In an `Enterprise` zone the IACS assets are the ones out of place, elsewhere the business
//! ones; the finding names those.

use crate::analysis::{Finding, Severity};
use crate::model::{ElementId, ZoneKind};

use super::{Ctx, RuleMeta, mixed_zones, quoted_names};

pub const META: RuleMeta = RuleMeta {
    id: "business-iacs-mixed",
    severity: Severity::Error,
    title: "Business and IACS assets in one zone",
    reference: "IEC 62443-3-2 ZCR 3.2",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for (z, business, iacs) in mixed_zones(ctx, |a| a.flags.business) {
        let (move_what, out_of_place, whereto) = if z.kind == ZoneKind::Enterprise {
            ("IACS", &iacs, "an IACS zone")
        } else {
            ("business", &business, "an enterprise zone")
        };
        out.push(ctx.finding(
            &META,
            ElementId::Zone(z.id.clone()),
            out_of_place.iter().map(|a| ElementId::Asset(a.id.clone())),
            format!(
                "Zone \"{}\" mixes business assets ({}) with IACS assets ({}); move the \
                 {move_what} assets to {whereto}, with a DMZ between business and IACS zones.",
                z.name,
                quoted_names(business.iter().map(|a| a.name.as_str())),
                quoted_names(iacs.iter().map(|a| a.name.as_str())),
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{asset_in, findings, ids, zone};
    use crate::model::{ElementId, Model, ZoneKind};

    fn business(m: &mut Model, id: &str, zone: &str) {
        let mut a = asset_in(m, id, "business_server", zone);
        a.flags.business = true;
        m.insert_asset(a);
    }

    #[test]
    fn flags_zones_mixing_business_and_iacs_assets() {
        let mut m = Model::default();
        zone(&mut m, "Z-ctl", ZoneKind::Control, Some([2; 7]));
        zone(&mut m, "Z-ent", ZoneKind::Enterprise, Some([1; 7]));
        zone(&mut m, "Z-ops", ZoneKind::Operations, Some([2; 7]));
        zone(&mut m, "Z-it", ZoneKind::Enterprise, Some([1; 7]));
        zone(&mut m, "Z-ext", ZoneKind::External, None);
        m.zones.get_mut("Z-ctl").unwrap().name = "Control".into();
        asset_in(&mut m, "A-plc", "plc", "Z-ctl");
        business(&mut m, "A-erp", "Z-ctl");
        business(&mut m, "A-mail", "Z-ent");
        asset_in(&mut m, "A-hist", "historian", "Z-ent");
        asset_in(&mut m, "A-scada", "scada_server", "Z-ops");
        business(&mut m, "A-files", "Z-it");
        business(&mut m, "A-cloud", "Z-ext");
        asset_in(&mut m, "A-vendor", "remote_client", "Z-ext");
        let f = findings(&m, "business-iacs-mixed");
        assert_eq!(
            ids(&f),
            ["business-iacs-mixed@Z-ctl", "business-iacs-mixed@Z-ent"]
        );
        assert_eq!(
            f[0].message,
            "Zone \"Control\" mixes business assets (\"A-erp\") with IACS assets (\"A-plc\"); \
             move the business assets to an enterprise zone, with a DMZ between business and \
             IACS zones."
        );
        assert_eq!(
            f[0].elements,
            [
                ElementId::Zone("Z-ctl".into()),
                ElementId::Asset("A-erp".into())
            ]
        );
        assert!(
            f[1].message
                .contains("move the IACS assets to an IACS zone")
        );
        assert_eq!(f[1].elements[1], ElementId::Asset("A-hist".into()));
    }

    #[test]
    fn only_direct_assets_count() {
        let mut m = Model::default();
        zone(&mut m, "Z-parent", ZoneKind::Enterprise, Some([1; 7]));
        zone(&mut m, "Z-child", ZoneKind::Control, Some([2; 7]));
        m.zones.get_mut("Z-child").unwrap().parent = Some("Z-parent".into());
        business(&mut m, "A-erp", "Z-parent");
        asset_in(&mut m, "A-plc", "plc", "Z-child");
        assert!(findings(&m, "business-iacs-mixed").is_empty());
    }
}
