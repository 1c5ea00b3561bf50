//! Safety-related assets (SIS, F&G, protection) belong in zones of their own, or the zone that
//! holds them is designated safety-related as a whole (IEC 62443-3-2 ZCR 3.3: where safety and
//! non-safety assets cannot be separated, the whole zone is treated as safety-related).
//!
//! So a safety-designated zone may hold non-safety assets: they are held to the zone's SL-T,
//! which is the standard's intent, and this rule says nothing about them. It flags a zone that
//! holds safety-related assets without being safety-designated: when it mixes them with other
//! assets, the advice offers both remedies (move the safety-related assets to a safety zone of
//! their own, or designate this zone safety-related and raise its SL-T); when it holds nothing
//! else, designating it is the remedy. Neither remedy leads to another finding of this rule.
//!
//! Only the zone's direct assets are members; boundary devices sit in conduits and are not
//! zone members at all. Network gear (an asset whose kind's catalog classes are only NDR, such
//! as a managed switch; for a kind the catalog does not know, the asset's own classes) does not
//! count as mixing: a SIS network needs its switches. External zones are checked too, whatever
//! their designation: a safety-related asset has no place outside the system, and an external
//! zone has no SL-T to raise, so the only advice there is to move the asset.

use std::collections::HashMap;

use crate::analysis::{Finding, Severity};
use crate::catalog::Catalog;
use crate::model::{Asset, ComponentClass, ElementId};

use super::{Ctx, RuleMeta, quoted_names};

pub const META: RuleMeta = RuleMeta {
    id: "safety-mixed",
    severity: Severity::Error,
    title: "Safety-related assets in a zone not designated safety-related",
    reference: "IEC 62443-3-2 ZCR 3.3",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    // Without a single safety-related asset no zone can hold one; skip the grouping.
    if !ctx.model.assets.values().any(|a| a.flags.safety_related) {
        return;
    }
    let by_zone = ctx.assets_by_zone();
    let gear_kinds = network_gear_kinds(ctx.catalog);
    let is_gear = |a: &Asset| match gear_kinds.get(a.kind.as_str()) {
        Some(gear) => *gear,
        None => only_ndr(a.classes.iter().copied()),
    };
    for z in ctx.zones() {
        // A safety-designated zone may hold anything: all of it is treated as safety-related.
        if z.is_safety() && !z.is_external() {
            continue;
        }
        let Some(assets) = by_zone.get(&z.id) else {
            continue;
        };
        let (safety, other): (Vec<&Asset>, Vec<&Asset>) =
            assets.iter().partition(|a| a.flags.safety_related);
        if safety.is_empty() {
            continue;
        }
        let safety_names = quoted_names(safety.iter().map(|a| a.name.as_str()));
        let others: Vec<&Asset> = other.into_iter().filter(|a| !is_gear(a)).collect();
        let message = if z.is_external() {
            format!(
                "External zone \"{}\" holds safety-related assets ({safety_names}), which have \
                 no place outside the system; move them to a safety zone inside the \
                 system.",
                z.name
            )
        } else if others.is_empty() {
            format!(
                "Zone \"{}\" holds safety-related assets ({safety_names}) but is not \
                 safety-designated; designate it safety-related and give it the SL-T the \
                 safety function needs.",
                z.name
            )
        } else {
            format!(
                "Zone \"{}\" is not safety-designated but mixes safety-related assets \
                 ({safety_names}) with other assets ({}). Either move the safety-related assets \
                 to a safety zone of their own, or designate this zone safety-related, so that \
                 all its assets are treated as safety-related, and raise its SL-T to what the \
                 safety function needs.",
                z.name,
                quoted_names(others.iter().map(|a| a.name.as_str())),
            )
        };
        out.push(ctx.finding(
            &META,
            ElementId::Zone(z.id.clone()),
            safety.iter().map(|a| ElementId::Asset(a.id.clone())),
            message,
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
    use crate::analysis::{Analysis, Severity};
    use crate::catalog::catalog;
    use crate::model::{ComponentClass, ElementId, Model, Placement, SlVector, ZoneKind};

    fn safety(m: &mut Model, id: &str, zone: &str) {
        let mut a = asset_in(m, id, "safety_controller", zone);
        a.flags.safety_related = true;
        m.insert_asset(a);
    }

    #[test]
    fn flags_safety_assets_mixed_into_a_zone_not_designated() {
        let mut m = Model::default();
        zone(&mut m, "Z-ctl", ZoneKind::Control, Some([2; 7]));
        m.zones.get_mut("Z-ctl").unwrap().name = "Unit control".into();
        safety(&mut m, "A-sis", "Z-ctl");
        asset_in(&mut m, "A-plc", "plc", "Z-ctl");
        asset_in(&mut m, "A-sw", "managed_switch", "Z-ctl");
        let f = findings(&m, "safety-mixed");
        assert_eq!(ids(&f), ["safety-mixed@Z-ctl"]);
        assert_eq!(f[0].severity, Severity::Error);
        // Both remedies, and the switch does not count as mixing.
        assert_eq!(
            f[0].message,
            "Zone \"Unit control\" is not safety-designated but mixes safety-related assets \
             (\"A-sis\") with other assets (\"A-plc\"). Either move the safety-related assets \
             to a safety zone of their own, or designate this zone safety-related, so that all \
             its assets are treated as safety-related, and raise its SL-T to what the safety \
             function needs."
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
    fn flags_a_zone_of_safety_assets_only_that_is_not_designated() {
        let mut m = Model::default();
        zone(&mut m, "Z-ctl", ZoneKind::Control, Some([2; 7]));
        safety(&mut m, "A-sis", "Z-ctl");
        asset_in(&mut m, "A-sw", "managed_switch", "Z-ctl");
        let f = findings(&m, "safety-mixed");
        assert_eq!(ids(&f), ["safety-mixed@Z-ctl"]);
        assert!(
            f[0].message.starts_with(
                "Zone \"Z-ctl\" holds safety-related assets (\"A-sis\") but is not \
                 safety-designated; designate it safety-related"
            ),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn a_safety_designated_zone_may_hold_non_safety_assets() {
        // ZCR 3.3: what cannot be separated is treated as safety-related with the zone.
        let mut m = Model::default();
        zone(&mut m, "Z-sis", ZoneKind::Safety, Some([3; 7]));
        zone(&mut m, "Z-designated", ZoneKind::Control, Some([3; 7]));
        m.zones.get_mut("Z-designated").unwrap().safety_designated = true;
        safety(&mut m, "A-sis", "Z-sis");
        asset_in(&mut m, "A-ews", "engineering_workstation", "Z-sis");
        safety(&mut m, "A-fg", "Z-designated");
        asset_in(&mut m, "A-hmi", "hmi_panel", "Z-designated");
        // A kind the catalog does not know, with classes beyond NDR: not gear, still fine.
        let mut box_pc = asset_in(&mut m, "A-box", "custom_box", "Z-designated");
        box_pc
            .classes
            .extend([ComponentClass::Ndr, ComponentClass::Hdr]);
        m.insert_asset(box_pc);
        let f = findings(&m, "safety-mixed");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn designating_the_zone_as_advised_leads_to_no_new_error() {
        let mut m = Model::default();
        zone(&mut m, "Z-unit", ZoneKind::Control, Some([2; 7]));
        safety(&mut m, "A-sis", "Z-unit");
        asset_in(&mut m, "A-plc", "plc", "Z-unit");
        asset_in(&mut m, "A-ews", "engineering_workstation", "Z-unit");
        assert_eq!(ids(&findings(&m, "safety-mixed")), ["safety-mixed@Z-unit"]);
        // Follow the advice: designate the zone and raise its SL-T.
        let z = m.zones.get_mut("Z-unit").unwrap();
        z.safety_designated = true;
        z.sl_t = SlVector::from_levels([3; 7]);
        let a = Analysis::run(&m, catalog());
        let errors: Vec<&str> = a
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.id.as_str())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        assert!(a.findings.iter().all(|f| f.rule != "safety-mixed"));
    }

    #[test]
    fn boundary_devices_are_not_members_and_external_zones_only_get_move_advice() {
        let mut m = Model::default();
        zone(&mut m, "Z-vendor", ZoneKind::External, None);
        m.zones.get_mut("Z-vendor").unwrap().safety_designated = true;
        zone(&mut m, "Z-ctl", ZoneKind::Control, Some([2; 7]));
        safety(&mut m, "A-sim", "Z-vendor");
        // A safety-related boundary device in a conduit is no member of any zone.
        let mut fw = asset_in(&mut m, "A-fw", "firewall", "Z-ctl");
        fw.flags.safety_related = true;
        fw.placement = Placement::Conduit("C-1".into());
        m.insert_asset(fw);
        asset_in(&mut m, "A-plc", "plc", "Z-ctl");
        let f = findings(&m, "safety-mixed");
        assert_eq!(ids(&f), ["safety-mixed@Z-vendor"]);
        assert!(
            f[0].message
                .contains("no place outside the system; move them")
                && !f[0].message.contains("designate"),
            "{}",
            f[0].message
        );
    }
}
