//! A channel whose protocol lacks authentication or integrity (as the protocol catalog
//! describes it as commonly deployed) on a conduit whose SL-T asks for them: FR1 or FR3 at 2
//! or more (IEC 62443-3-3 SR 1.2 software process and device authentication, SR 3.1
//! communication integrity).
//!
//! An implemented countermeasure that applies to the conduit covers the missing property:
//! `SR 1.2` or `SR 1.2 RE(1)` covers missing authentication, `SR 3.1` or `SR 3.1 RE(1)`
//! missing integrity (a VPN or a protocol-aware firewall, say). A planned one does not. A
//! protocol the catalog does not know cannot be judged and is skipped. One finding per
//! conduit, listing the offending protocols and their secure variants from the catalog.

use std::collections::HashMap;

use crate::analysis::{Finding, Severity};
use crate::catalog::Protocol;
use crate::model::{ConduitId, ElementId, Fr, SecurityLevel};

use super::{Ctx, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    id: "insecure-protocol",
    severity: Severity::Warning,
    title: "Protocol without authentication or integrity on a demanding conduit",
    reference: "IEC 62443-3-3 SR 1.2 / SR 3.1",
};

/// Requirement ids whose implementation makes up for a protocol without authentication.
const COVERS_AUTHENTICATION: [&str; 2] = ["SR 1.2", "SR 1.2 RE(1)"];
/// Requirement ids whose implementation makes up for a protocol without integrity.
const COVERS_INTEGRITY: [&str; 2] = ["SR 3.1", "SR 3.1 RE(1)"];

/// What the implemented countermeasures of a conduit make up for.
#[derive(Clone, Copy, Default)]
struct Cover {
    authentication: bool,
    integrity: bool,
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let protocols: HashMap<&str, &Protocol> = ctx
        .catalog
        .protocols
        .iter()
        .map(|p| (p.key.as_str(), p))
        .collect();
    let mut covers: HashMap<&ConduitId, Cover> = HashMap::new();
    for cm in ctx.model.countermeasures.values() {
        if !cm.is_implemented() {
            continue;
        }
        let auth = cm
            .covers
            .iter()
            .any(|r| COVERS_AUTHENTICATION.contains(&r.as_str()));
        let integrity = cm
            .covers
            .iter()
            .any(|r| COVERS_INTEGRITY.contains(&r.as_str()));
        if !auth && !integrity {
            continue;
        }
        for c in &cm.conduits {
            let cover = covers.entry(c).or_default();
            cover.authentication |= auth;
            cover.integrity |= integrity;
        }
    }

    for c in ctx.model.conduits.values() {
        let Some(target) = c.sl_t else {
            continue;
        };
        let (fr1, fr3) = (target.get(Fr::Iac), target.get(Fr::Si));
        if fr1 < SecurityLevel::SL2 && fr3 < SecurityLevel::SL2 {
            continue;
        }
        let cover = covers.get(&c.id).copied().unwrap_or_default();
        let mut offending: Vec<(&Protocol, bool, bool)> = Vec::new();
        let mut endpoints: Vec<ElementId> = Vec::new();
        for ch in &c.channels {
            let Some(p) = protocols.get(ch.protocol.as_str()) else {
                continue;
            };
            let no_auth = !p.authentication && !cover.authentication;
            let no_integrity = !p.integrity && !cover.integrity;
            if !no_auth && !no_integrity {
                continue;
            }
            if !offending.iter().any(|(q, _, _)| q.key == p.key) {
                offending.push((p, no_auth, no_integrity));
            }
            for a in [&ch.source, &ch.destination].into_iter().flatten() {
                if let Some((id, _)) = ctx.model.assets.get_key_value(a) {
                    let e = ElementId::Asset(id.clone());
                    if !endpoints.contains(&e) {
                        endpoints.push(e);
                    }
                }
            }
        }
        if offending.is_empty() {
            continue;
        }
        let listed: Vec<String> = offending
            .iter()
            .map(|(p, no_auth, no_integrity)| {
                let lacks = match (no_auth, no_integrity) {
                    (true, true) => "no authentication, no integrity",
                    (true, false) => "no authentication",
                    _ => "no integrity",
                };
                match &p.secure_variant {
                    Some(v) => format!("{} ({lacks}; secure variant: {v})", p.name),
                    None => format!("{} ({lacks})", p.name),
                }
            })
            .collect();
        let any_auth = offending.iter().any(|(_, a, _)| *a);
        let any_integrity = offending.iter().any(|(_, _, i)| *i);
        let needed = match (any_auth, any_integrity) {
            (true, true) => "SR 1.2 (authentication) and SR 3.1 (integrity)",
            (true, false) => "SR 1.2 (authentication)",
            _ => "SR 3.1 (integrity)",
        };
        out.push(ctx.finding(
            &META,
            ElementId::Conduit(c.id.clone()),
            endpoints,
            format!(
                "Conduit \"{}\" has SL-T {} {fr1} and {} {fr3} but carries {}; use the secure \
                 variant, or add an implemented countermeasure on this conduit covering {needed}, \
                 such as a VPN or a protocol-aware firewall.",
                c.name,
                Fr::Iac,
                Fr::Si,
                listed.join(", "),
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{asset_in, conduit, findings, ids, zone};
    use crate::model::{
        Channel, Countermeasure, CountermeasureKind, CountermeasureStatus, ElementId, Model,
        ZoneKind,
    };

    fn channel(protocol: &str, source: Option<&str>, destination: Option<&str>) -> Channel {
        let mut ch = Channel::new(protocol, "test");
        ch.source = source.map(Into::into);
        ch.destination = destination.map(Into::into);
        ch
    }

    fn model() -> Model {
        let mut m = Model::default();
        zone(&mut m, "Z-ops", ZoneKind::Operations, Some([2; 7]));
        zone(&mut m, "Z-ctl", ZoneKind::Control, Some([2; 7]));
        asset_in(&mut m, "A-scada", "scada_server", "Z-ops");
        asset_in(&mut m, "A-plc", "plc", "Z-ctl");
        m
    }

    fn with_channels(m: &mut Model, id: &str, sl_t: [u8; 7], channels: Vec<Channel>) {
        let mut c = conduit(m, id, &["Z-ops", "Z-ctl"], Some(sl_t));
        c.channels = channels;
        m.insert_conduit(c);
    }

    fn countermeasure(m: &mut Model, id: &str, conduit: &str, covers: &[&str], done: bool) {
        m.insert_countermeasure(Countermeasure {
            id: id.into(),
            name: id.into(),
            kind: CountermeasureKind::Technical,
            status: if done {
                CountermeasureStatus::Implemented
            } else {
                CountermeasureStatus::Planned
            },
            covers: covers.iter().map(|s| (*s).to_owned()).collect(),
            zones: Vec::new(),
            conduits: vec![conduit.into()],
            assets: vec![],
            channels: vec![],
            justification: String::new(),
        });
    }

    #[test]
    fn flags_insecure_protocols_on_conduits_with_fr1_or_fr3_at_2() {
        let mut m = model();
        with_channels(
            &mut m,
            "C-modbus",
            [2, 1, 1, 1, 1, 1, 1],
            vec![
                channel("modbus_tcp", Some("A-scada"), Some("A-plc")),
                channel("modbus_tcp", Some("A-scada"), None),
                channel("opc_ua_sign", Some("A-scada"), None),
                channel("vendor", Some("A-gone"), None),
            ],
        );
        with_channels(
            &mut m,
            "C-low",
            [1, 2, 1, 2, 2, 1, 1],
            vec![channel("modbus_tcp", None, None)],
        );
        with_channels(
            &mut m,
            "C-fr3",
            [1, 1, 2, 1, 1, 1, 1],
            vec![channel("opc_classic", None, Some("A-plc"))],
        );
        with_channels(
            &mut m,
            "C-secure",
            [3; 7],
            vec![
                channel("opc_ua_sign_encrypt", None, None),
                channel("made_up", None, None),
            ],
        );
        let f = findings(&m, "insecure-protocol");
        assert_eq!(
            ids(&f),
            ["insecure-protocol@C-fr3", "insecure-protocol@C-modbus"]
        );
        assert_eq!(
            f[1].message,
            "Conduit \"C-modbus\" has SL-T FR1 IAC 2 and FR3 SI 1 but carries Modbus/TCP (no \
             authentication, no integrity; secure variant: Modbus/TCP Security (TLS, port \
             802)), Vendor proprietary (no authentication, no integrity); use the secure \
             variant, or add an implemented countermeasure on this conduit covering SR 1.2 \
             (authentication) and SR 3.1 (integrity), such as a VPN or a protocol-aware \
             firewall."
        );
        assert_eq!(
            f[1].elements,
            [
                ElementId::Conduit("C-modbus".into()),
                ElementId::Asset("A-scada".into()),
                ElementId::Asset("A-plc".into()),
            ]
        );
        assert!(
            f[0].message.contains(
                "OPC Classic (DCOM) (no integrity; secure variant: OPC UA); use the secure \
                 variant, or add an implemented countermeasure on this conduit covering SR 3.1 \
                 (integrity)"
            ),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].elements[1], ElementId::Asset("A-plc".into()));
    }

    #[test]
    fn implemented_countermeasures_cover_the_missing_property() {
        let mut m = model();
        let modbus = || vec![channel("modbus_tcp", None, None)];
        with_channels(&mut m, "C-vpn", [2; 7], modbus());
        countermeasure(&mut m, "CM-vpn", "C-vpn", &["SR 1.2 RE(1)", "SR 3.1"], true);
        with_channels(&mut m, "C-half", [2; 7], modbus());
        countermeasure(&mut m, "CM-auth", "C-half", &["SR 1.2"], true);
        with_channels(&mut m, "C-split", [2; 7], modbus());
        countermeasure(&mut m, "CM-a", "C-split", &["SR 1.2"], true);
        countermeasure(&mut m, "CM-i", "C-split", &["SR 3.1 RE(1)"], true);
        with_channels(&mut m, "C-planned", [2; 7], modbus());
        countermeasure(&mut m, "CM-plan", "C-planned", &["SR 1.2", "SR 3.1"], false);
        with_channels(&mut m, "C-other", [2; 7], modbus());
        countermeasure(&mut m, "CM-other", "C-other", &["SR 5.2"], true);
        let f = findings(&m, "insecure-protocol");
        assert_eq!(
            ids(&f),
            [
                "insecure-protocol@C-half",
                "insecure-protocol@C-other",
                "insecure-protocol@C-planned"
            ]
        );
        assert!(
            f[0].message.contains("Modbus/TCP (no integrity;"),
            "{}",
            f[0].message
        );
        assert!(f[0].message.contains("covering SR 3.1 (integrity), such"));
        assert!(f[2].message.contains("no authentication, no integrity"));
    }
}
