//! Safety-related assets (SIS, F&G, protection) belong in safety zones of their own
//! (ZCR 3.3): a finding for a zone that is not safety-designated but holds safety-related
//! assets, and for a safety zone that mixes safety-related with non-safety assets.
//!
//! Only the zone's direct assets are members; boundary devices sit in conduits and are not
//! zone members at all. Network gear (an asset whose kind's catalog classes are only NDR, such
//! as a managed switch; for a kind the catalog does not know, the asset's own classes) inside a
//! safety zone does not count as non-safety mixing: a SIS network needs its switches.
//! External zones are checked too: a safety-related asset has no place outside the system.

use std::collections::HashMap;

use crate::analysis::{Finding, Severity};
use crate::catalog::Catalog;
use crate::model::{Asset, ComponentClass, ElementId};

use super::{Ctx, RuleMeta, quoted_names};

pub const META: RuleMeta = RuleMeta {
    id: "safety-mixed",
    severity: Severity::Error,
    title: "Safety-related and other assets in one zone",
    reference: "IEC 62443-3-2 ZCR 3.3",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    // Without a single safety-related asset no zone can mix; skip the grouping.
    if !ctx.model.assets.values().any(|a| a.flags.safety_related) {
        return;
    }
    let by_zone = ctx.assets_by_zone();
    let gear_kinds = network_gear_kinds(ctx.catalog);
    let is_gear = |a: &Asset| match gear_kinds.get(a.kind.as_str()) {
        Some(gear) => *gear,
        None => only_ndr(a.classes.iter().copied()),
    };
    for z in ctx.model.zones.values() {
        let Some(assets) = by_zone.get(&z.id) else {
            continue;
        };
        let (safety, other): (Vec<&Asset>, Vec<&Asset>) =
            assets.iter().partition(|a| a.flags.safety_related);
        if safety.is_empty() {
            continue;
        }
        let safety_names = quoted_names(safety.iter().map(|a| a.name.as_str()));
        if !z.is_safety() {
            out.push(ctx.finding(
                &META,
                ElementId::Zone(z.id.clone()),
                safety.iter().map(|a| ElementId::Asset(a.id.clone())),
                format!(
                    "Zone \"{}\" is not safety-designated but holds safety-related assets \
                     ({safety_names}); move them to a safety zone, or designate this zone \
                     safety-related so all of it is treated as such.",
                    z.name
                ),
            ));
            continue;
        }
        let mixed: Vec<&Asset> = other.into_iter().filter(|a| !is_gear(a)).collect();
        if mixed.is_empty() {
            continue;
        }
        out.push(ctx.finding(
            &META,
            ElementId::Zone(z.id.clone()),
            mixed.iter().map(|a| ElementId::Asset(a.id.clone())),
            format!(
                "Safety zone \"{}\" mixes safety-related assets ({safety_names}) with non-safety \
                 assets ({}); move the non-safety assets to another zone, or mark them \
                 safety-related if they are part of the safety function.",
                z.name,
                quoted_names(mixed.iter().map(|a| a.name.as_str())),
            ),
        ));
    }
}

/// For every asset kind of the catalog, whether it is a network device only (switch, router).
fn network_gear_kinds(catalog: &Catalog) -> HashMap<&str, bool> {
    catalog
        .asset_kinds
        .iter()
        .map(|k| (k.key.as_str(), only_ndr(k.classes.iter().copied())))
        .collect()
}

/// At least one class, and every class NDR.
fn only_ndr(mut classes: impl Iterator<Item = ComponentClass>) -> bool {
    let mut any = false;
    let all = classes.all(|c| {
        any = true;
        c == ComponentClass::Ndr
    });
    any && all
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{asset_in, findings, ids, zone};
    use crate::model::{ComponentClass, ElementId, Model, Placement, ZoneKind};

    fn safety(m: &mut Model, id: &str, zone: &str) {
        let mut a = asset_in(m, id, "safety_controller", zone);
        a.flags.safety_related = true;
        m.insert_asset(a);
    }

    #[test]
    fn flags_safety_assets_outside_safety_zones() {
        let mut m = Model::default();
        zone(&mut m, "Z-ctl", ZoneKind::Control, Some([2; 7]));
        zone(&mut m, "Z-designated", ZoneKind::Control, Some([3; 7]));
        m.zones.get_mut("Z-designated").unwrap().safety_designated = true;
        m.zones.get_mut("Z-ctl").unwrap().name = "Unit control".into();
        safety(&mut m, "A-sis", "Z-ctl");
        asset_in(&mut m, "A-plc", "plc", "Z-ctl");
        safety(&mut m, "A-fg", "Z-designated");
        let f = findings(&m, "safety-mixed");
        assert_eq!(ids(&f), ["safety-mixed@Z-ctl"]);
        assert!(
            f[0].message.starts_with(
                "Zone \"Unit control\" is not safety-designated but holds safety-related \
                 assets (\"A-sis\")"
            ),
            "{}",
            f[0].message
        );
        assert_eq!(
            f[0].elements,
            [
                ElementId::Zone("Z-ctl".into()),
                ElementId::Asset("A-sis".into())
            ]
        );
    }

    #[test]
    fn flags_safety_zones_mixing_but_not_for_network_gear_or_boundary_devices() {
        let mut m = Model::default();
        zone(&mut m, "Z-sis", ZoneKind::Safety, Some([3; 7]));
        zone(&mut m, "Z-fg", ZoneKind::Safety, Some([3; 7]));
        safety(&mut m, "A-sis", "Z-sis");
        asset_in(&mut m, "A-ews", "engineering_workstation", "Z-sis");
        asset_in(&mut m, "A-sw1", "managed_switch", "Z-sis");
        safety(&mut m, "A-fg", "Z-fg");
        asset_in(&mut m, "A-sw2", "managed_switch", "Z-fg");
        // A kind the catalog does not know counts as network gear by its own classes.
        let mut tap = asset_in(&mut m, "A-tap", "custom_tap", "Z-fg");
        tap.classes.insert(ComponentClass::Ndr);
        m.insert_asset(tap);
        // A firewall in a conduit is a boundary device, not a zone member.
        let mut fw = asset_in(&mut m, "A-fw", "firewall", "Z-fg");
        fw.placement = Placement::Conduit("C-1".into());
        m.insert_asset(fw);
        let f = findings(&m, "safety-mixed");
        assert_eq!(ids(&f), ["safety-mixed@Z-sis"]);
        assert!(
            f[0].message.contains(
                "mixes safety-related assets (\"A-sis\") with non-safety assets (\"A-ews\")"
            ),
            "{}",
            f[0].message
        );
        assert_eq!(
            f[0].elements,
            [
                ElementId::Zone("Z-sis".into()),
                ElementId::Asset("A-ews".into())
            ]
        );
    }

    #[test]
    fn unknown_kind_without_ndr_only_classes_is_not_gear() {
        let mut m = Model::default();
        zone(&mut m, "Z-sis", ZoneKind::Safety, Some([3; 7]));
        safety(&mut m, "A-sis", "Z-sis");
        let mut box_pc = asset_in(&mut m, "A-box", "custom_box", "Z-sis");
        box_pc
            .classes
            .extend([ComponentClass::Ndr, ComponentClass::Hdr]);
        m.insert_asset(box_pc);
        asset_in(&mut m, "A-blank", "custom_blank", "Z-sis");
        let f = findings(&m, "safety-mixed");
        assert_eq!(ids(&f), ["safety-mixed@Z-sis"]);
        assert!(
            f[0].message.contains("(\"A-blank\" and \"A-box\")"),
            "{}",
            f[0].message
        );
    }
}
