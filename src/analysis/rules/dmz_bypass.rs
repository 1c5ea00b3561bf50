//! A conduit straight from the enterprise or an external network to the site's operations and
//! control levels, bypassing the industrial DMZ (good practice: all traffic between the
//! enterprise, Purdue L4/L5, and the site, L0–L3, ends in the DMZ at L3.5, where brokered
//! services such as a historian replica, a jump host or file transfer live).
//!
//! The upper end is an `Enterprise` or `External` zone or a zone at Purdue L4/L5. The lower end
//! is a zone at Purdue L0–L3, or, when its Purdue level is unset, an `Operations`, `Control`,
//! `Safety`, `Field`, `RemoteSite`, `Wireless` or `Transient` zone (the wireless and transient
//! zones of ZCR 3.4 and 3.5 hold IACS devices). A DMZ (a `Dmz` zone, or a zone at L3.5) is
//! neither, so a conduit that ends in one is fine. A one-way conduit (data diode) whose flow
//! only leaves the lower zones is not a bypass: nothing can come in through it. One finding per
//! conduit; a conduit joining more than two zones is a bypass when it joins an upper and a
//! lower zone, even if a DMZ is among its zones, because traffic may pass between any of them.

use crate::analysis::{Finding, Severity};
use crate::model::{ElementId, PurdueLevel, Zone, ZoneKind};

use super::{Ctx, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    id: "dmz-bypass",
    severity: Severity::Error,
    title: "Conduit bypasses the DMZ",
    reference: "practice",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for c in ctx.conduits() {
        let mut zones: Vec<&Zone> = Vec::with_capacity(c.zones.len());
        for z in &c.zones {
            if let Some(zone) = ctx.model.zones.get(z)
                && !zones.iter().any(|seen| seen.id == zone.id)
            {
                zones.push(zone);
            }
        }
        // Zones that may send into the conduit: all of them, or only its first if one-way.
        let senders = if c.is_one_way() {
            let first = c.zones.first();
            let n = usize::from(zones.first().is_some_and(|z| Some(&z.id) == first));
            &zones[..n]
        } else {
            &zones[..]
        };
        let uppers: Vec<&Zone> = senders
            .iter()
            .copied()
            .filter(|z| upper(z).is_some())
            .collect();
        let lowers: Vec<&Zone> = zones
            .iter()
            .copied()
            .filter(|z| lower(z).is_some() && uppers.iter().any(|u| u.id != z.id))
            .collect();
        if lowers.is_empty() {
            continue;
        }
        let uppers: Vec<&Zone> = uppers
            .into_iter()
            .filter(|u| lowers.iter().any(|l| l.id != u.id))
            .collect();
        let describe = |zs: &[&Zone], why: fn(&Zone) -> Option<String>| {
            zs.iter()
                .map(|z| format!("\"{}\" ({})", z.name, why(z).unwrap_or_default()))
                .collect::<Vec<_>>()
                .join(" and ")
        };
        let message = format!(
            "Conduit \"{}\" joins {} directly to {}, bypassing the DMZ; end it in a DMZ (Purdue \
             L3.5) and broker the traffic there (jump host, historian replica, file transfer).",
            c.name,
            describe(&uppers, upper),
            describe(&lowers, lower),
        );
        let elements = uppers
            .iter()
            .chain(&lowers)
            .map(|z| ElementId::Zone(z.id.clone()));
        out.push(ctx.finding(&META, ElementId::Conduit(c.id.clone()), elements, message));
    }
}

/// Whether a zone is the industrial DMZ: a `Dmz` zone or one at Purdue L3.5.
fn is_dmz(z: &Zone) -> bool {
    z.kind == ZoneKind::Dmz || z.purdue_level == Some(PurdueLevel::L3_5)
}

/// Why a zone is an upper end (enterprise, external or L4/L5), or `None`.
fn upper(z: &Zone) -> Option<String> {
    if is_dmz(z) {
        return None;
    }
    match z.purdue_level {
        Some(l @ (PurdueLevel::L4 | PurdueLevel::L5)) => Some(format!("Purdue {}", l.label())),
        _ if matches!(z.kind, ZoneKind::Enterprise | ZoneKind::External) => {
            Some(format!("{} zone", z.kind.label()))
        }
        _ => None,
    }
}

/// Why a zone is a lower end (L0–L3, or a site zone without a level), or `None`.
fn lower(z: &Zone) -> Option<String> {
    if is_dmz(z) {
        return None;
    }
    match z.purdue_level {
        Some(l @ (PurdueLevel::L0 | PurdueLevel::L1 | PurdueLevel::L2 | PurdueLevel::L3)) => {
            Some(format!("Purdue {}", l.label()))
        }
        None if matches!(
            z.kind,
            ZoneKind::Operations
                | ZoneKind::Control
                | ZoneKind::Safety
                | ZoneKind::Field
                | ZoneKind::RemoteSite
                | ZoneKind::Wireless
                | ZoneKind::Transient
        ) =>
        {
            Some(format!("{} zone", z.kind.label()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{conduit, findings, ids, zone};
    use crate::model::{Direction, ElementId, Model, PurdueLevel, ZoneKind};

    fn model() -> Model {
        let mut m = Model::default();
        zone(&mut m, "Z-ent", ZoneKind::Enterprise, Some([1; 7]));
        zone(&mut m, "Z-inet", ZoneKind::External, None);
        zone(&mut m, "Z-l4", ZoneKind::Operations, Some([1; 7]));
        zone(&mut m, "Z-dmz", ZoneKind::Dmz, Some([2; 7]));
        zone(&mut m, "Z-ops", ZoneKind::Operations, Some([2; 7]));
        zone(&mut m, "Z-ctl", ZoneKind::Control, Some([2; 7]));
        zone(&mut m, "Z-l2", ZoneKind::Operations, Some([2; 7]));
        zone(&mut m, "Z-l3ctl", ZoneKind::Control, Some([2; 7]));
        m.zones.get_mut("Z-ent").unwrap().name = "Corporate".into();
        m.zones.get_mut("Z-ctl").unwrap().name = "Line 1".into();
        m.zones.get_mut("Z-ops").unwrap().name = "Site operations".into();
        m.zones.get_mut("Z-l4").unwrap().purdue_level = Some(PurdueLevel::L4);
        m.zones.get_mut("Z-l2").unwrap().purdue_level = Some(PurdueLevel::L2);
        m.zones.get_mut("Z-l3ctl").unwrap().purdue_level = Some(PurdueLevel::L3);
        m
    }

    #[test]
    fn flags_direct_conduits_from_the_top_to_the_control_levels() {
        let mut m = model();
        conduit(&mut m, "C-ent-ctl", &["Z-ent", "Z-ctl"], Some([2; 7]));
        conduit(&mut m, "C-l2-inet", &["Z-l2", "Z-inet"], Some([2; 7]));
        conduit(&mut m, "C-l4-ctl", &["Z-ctl", "Z-l4"], Some([2; 7]));
        // Through the DMZ: fine.
        conduit(&mut m, "C-ent-dmz", &["Z-ent", "Z-dmz"], Some([2; 7]));
        conduit(&mut m, "C-dmz-ctl", &["Z-dmz", "Z-ctl"], Some([2; 7]));
        let f = findings(&m, "dmz-bypass");
        assert_eq!(
            ids(&f),
            [
                "dmz-bypass@C-ent-ctl",
                "dmz-bypass@C-l2-inet",
                "dmz-bypass@C-l4-ctl"
            ]
        );
        assert!(
            f[0].message.starts_with(
                "Conduit \"C-ent-ctl\" joins \"Corporate\" (Enterprise zone) directly to \
                 \"Line 1\" (Control zone), bypassing the DMZ;"
            ),
            "{}",
            f[0].message
        );
        assert!(
            f[1].message.contains(
                "\"Z-inet\" (External / untrusted zone) directly to \"Z-l2\" (Purdue L2)"
            ),
            "{}",
            f[1].message
        );
        assert!(
            f[2].message.contains("\"Z-l4\" (Purdue L4)"),
            "{}",
            f[2].message
        );
        assert_eq!(
            f[2].elements,
            [
                ElementId::Conduit("C-l4-ctl".into()),
                ElementId::Zone("Z-l4".into()),
                ElementId::Zone("Z-ctl".into()),
            ]
        );
    }

    #[test]
    fn enterprise_to_operations_at_level_3_bypasses_the_dmz_too() {
        let mut m = model();
        zone(&mut m, "Z-rs", ZoneKind::RemoteSite, Some([2; 7]));
        zone(&mut m, "Z-wlan", ZoneKind::Wireless, Some([2; 7]));
        // An operations zone at L3.5 is a DMZ by its level.
        zone(&mut m, "Z-pin", ZoneKind::Operations, Some([2; 7]));
        m.zones.get_mut("Z-pin").unwrap().purdue_level = Some(PurdueLevel::L3_5);
        conduit(&mut m, "C-ent-ops", &["Z-ent", "Z-ops"], Some([2; 7]));
        conduit(&mut m, "C-ent-l3", &["Z-ent", "Z-l3ctl"], Some([2; 7]));
        conduit(&mut m, "C-inet-rs", &["Z-inet", "Z-rs"], Some([2; 7]));
        conduit(&mut m, "C-l4-wlan", &["Z-l4", "Z-wlan"], Some([2; 7]));
        // Ending in a DMZ, by kind or by level, is fine.
        conduit(&mut m, "C-ent-dmz", &["Z-ent", "Z-dmz"], Some([2; 7]));
        conduit(&mut m, "C-inet-pin", &["Z-inet", "Z-pin"], Some([2; 7]));
        conduit(&mut m, "C-pin-ops", &["Z-pin", "Z-ops"], Some([2; 7]));
        let f = findings(&m, "dmz-bypass");
        assert_eq!(
            ids(&f),
            [
                "dmz-bypass@C-ent-l3",
                "dmz-bypass@C-ent-ops",
                "dmz-bypass@C-inet-rs",
                "dmz-bypass@C-l4-wlan",
            ]
        );
        assert!(
            f[1].message.starts_with(
                "Conduit \"C-ent-ops\" joins \"Corporate\" (Enterprise zone) directly to \
                 \"Site operations\" (Operations zone), bypassing the DMZ; end it in a DMZ"
            ),
            "{}",
            f[1].message
        );
        assert!(
            f[0].message.contains("directly to \"Z-l3ctl\" (Purdue L3)"),
            "{}",
            f[0].message
        );
        assert!(
            f[2].message
                .contains("directly to \"Z-rs\" (Remote site zone)"),
            "{}",
            f[2].message
        );
    }

    #[test]
    fn a_diode_out_of_the_control_zone_is_no_bypass() {
        let mut m = model();
        let mut out = conduit(&mut m, "C-out", &["Z-ctl", "Z-ent"], Some([2; 7]));
        out.direction = Direction::Forward;
        m.insert_conduit(out);
        let mut inward = conduit(&mut m, "C-in", &["Z-ent", "Z-ctl"], Some([2; 7]));
        inward.direction = Direction::Forward;
        m.insert_conduit(inward);
        // One finding per conduit, however many pairs it joins; a DMZ among them does not help.
        conduit(
            &mut m,
            "C-hub",
            &["Z-ent", "Z-inet", "Z-ctl", "Z-l2", "Z-dmz"],
            Some([2; 7]),
        );
        // A one-way conduit whose first zone does not exist lets nothing in.
        let mut dangling = conduit(&mut m, "C-dangling", &["Z-gone", "Z-ent", "Z-ctl"], None);
        dangling.direction = Direction::Forward;
        m.insert_conduit(dangling);
        let f = findings(&m, "dmz-bypass");
        assert_eq!(ids(&f), ["dmz-bypass@C-hub", "dmz-bypass@C-in"]);
        assert!(
            f[0].message.contains(
                "joins \"Corporate\" (Enterprise zone) and \"Z-inet\" (External / untrusted \
                 zone) directly to \"Line 1\" (Control zone) and \"Z-l2\" (Purdue L2)"
            ),
            "{}",
            f[0].message
        );
    }
}
