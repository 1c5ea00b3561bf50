//! A channel whose protocol (as the protocol catalog describes it as commonly deployed) lacks a
//! protection that the IEC 62443-3-3 items required by its conduit's SL-T ask of the channel:
//!
//! - device authentication, SR 1.2 from FR1 IAC 2 and SR 1.2 RE(1) from FR1 IAC 3;
//! - cryptographic integrity, SR 3.1 RE(1) from FR3 SI 3 (the base SR 3.1 from SL 1 may be met
//!   by non-cryptographic means, such as checksums and a physically protected link, so a
//!   protocol is not judged on it);
//! - encryption, SR 4.1 RE(1) from FR4 DC 2 when the conduit crosses an untrusted network (it
//!   joins an external zone, or an asset with `flags.external` or a cellular router is one of
//!   its boundary devices or a channel's end), and SR 4.1 RE(2) from FR4 DC 4 on any conduit.
//!
//! The levels come from the catalog; an item set not applicable on the conduit is not asked
//! for. An implemented technical countermeasure (or a compensating one with its justification)
//! covers the items it lists, and an enhancement covers its base requirement too (`SR 1.2
//! RE(1)` covers `SR 1.2`, not the other way round). It covers the channels it names
//! (`Countermeasure::channels`), or, only if it names no channels at all, every channel of the
//! conduits it lists. So a VPN counts for the channels its countermeasure names: a `VPN /
//! IPsec` channel on the conduit does not by itself protect the other channels. A protocol-aware
//! (DPI) firewall among the boundary devices filters traffic but neither authenticates devices
//! nor protects integrity or confidentiality in transit, so it changes nothing here; the message
//! says so. A protocol the catalog does not know cannot be judged and is skipped.
//!
//! One finding per conduit, one sentence per offending protocol with the items it misses and
//! advice that fits the protocol: its secure variant from the catalog where there is one, a VPN
//! (MACsec for a layer-2 protocol) otherwise or as well, and for a protocol that can be neither
//! secured nor tunnelled (a physical port, PTP) the compensating measures that apply.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::analysis::{Finding, IdHash, Severity};
use crate::catalog::Protocol;
use crate::model::{
    Asset, Channel, Conduit, ConduitId, Countermeasure, ElementId, Fr, SecurityLevel,
};

use super::{Ctx, RuleMeta, quoted_names};

pub const META: RuleMeta = RuleMeta {
    id: "insecure-protocol",
    severity: Severity::Warning,
    title: "Protocol without the authentication, integrity or encryption its conduit needs",
    reference: "IEC 62443-3-3 SR 1.2 / SR 3.1 / SR 4.1",
};

/// A 3-3 item that asks something of every channel of a conduit. The protocol provides it
/// natively when `Protocol::native(fr)` says so.
struct Item {
    id: &'static str,
    fr: Fr,
    /// Asked for only on a conduit that crosses an untrusted network.
    untrusted_only: bool,
}

/// The items this rule judges protocols on, in the order the messages name them; at most 8,
/// so a set of them fits a `u8`.
const ITEMS: [Item; 5] = [
    Item {
        id: "SR 1.2",
        fr: Fr::Iac,
        untrusted_only: false,
    },
    Item {
        id: "SR 1.2 RE(1)",
        fr: Fr::Iac,
        untrusted_only: false,
    },
    Item {
        id: "SR 3.1 RE(1)",
        fr: Fr::Si,
        untrusted_only: false,
    },
    Item {
        id: "SR 4.1 RE(1)",
        fr: Fr::Dc,
        untrusted_only: true,
    },
    Item {
        id: "SR 4.1 RE(2)",
        fr: Fr::Dc,
        untrusted_only: false,
    },
];

/// A set of [`ITEMS`], one bit each.
type Items = u8;

/// The asset kind of a protocol-aware firewall.
const DPI_FIREWALL: &str = "dpi_firewall";
/// The asset kind of a cellular router or modem (a carrier network, untrusted).
const CELLULAR_ROUTER: &str = "cellular_router";
/// The catalog key of a VPN channel.
const VPN_PROTOCOL: &str = "ipsec_vpn";

/// The boundary devices of one conduit that matter here.
#[derive(Default)]
struct Boundary<'a> {
    /// The first of them that reaches a network outside the system (a cellular router, say).
    external: Option<&'a Asset>,
    /// The protocol-aware firewalls, which do not count.
    dpi: Vec<&'a Asset>,
}

/// What an implemented countermeasure covers of [`ITEMS`].
struct Cover<'a> {
    cm: &'a Countermeasure,
    items: Items,
    /// Enhancements whose base requirement it lists but not the enhancement itself.
    bases_only: Items,
}

/// One protocol on a conduit that misses items: on which channels, and which items.
struct Offence<'a> {
    protocol: &'a Protocol,
    channels: Vec<&'a Channel>,
    missing: Items,
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    // The level from which each item is asked for; an item the catalog lacks is never asked.
    let levels: Vec<Option<SecurityLevel>> = ITEMS
        .iter()
        .map(|i| ctx.catalog.requirement(i.id).map(|r| r.level))
        .collect();
    let protocols: HashMap<&str, &Protocol, IdHash> = ctx
        .catalog
        .protocols
        .iter()
        .map(|p| (p.key.as_str(), p))
        .collect();

    // What implemented countermeasures cover, by index into `covers`: on whole conduits (those
    // that name no channel), and on named channels.
    let mut covers: Vec<Cover<'_>> = Vec::new();
    let mut on_conduit: HashMap<&ConduitId, Vec<usize>, IdHash> = HashMap::default();
    let mut on_channel: HashMap<(&ConduitId, &str), Vec<usize>, IdHash> = HashMap::default();
    for cm in ctx.model.countermeasures.values() {
        let (items, bases_only) = covered_items(cm);
        if items | bases_only == 0 || !cm.is_implemented() || !cm.covers_technical() {
            continue;
        }
        let i = covers.len();
        covers.push(Cover {
            cm,
            items,
            bases_only,
        });
        if cm.channels.is_empty() {
            for c in &cm.conduits {
                on_conduit.entry(c).or_default().push(i);
            }
        } else {
            for r in &cm.channels {
                on_channel
                    .entry((&r.conduit, r.channel.as_str()))
                    .or_default()
                    .push(i);
            }
        }
    }

    let mut boundaries: HashMap<&ConduitId, Boundary<'_>, IdHash> = HashMap::default();
    for a in ctx.model.assets.values() {
        if let Some(c) = a.placement.conduit() {
            let b = boundaries.entry(c).or_default();
            if b.external.is_none() && reaches_outside(a) {
                b.external = Some(a);
            }
            if a.kind == DPI_FIREWALL {
                b.dpi.push(a);
            }
        }
    }

    for c in ctx.conduits() {
        let Some(target) = c.sl_t else {
            continue;
        };
        let boundary = boundaries.get(&c.id);
        let untrusted = untrusted_because(ctx, c, boundary);
        let mut required: Items = 0;
        for (bit, (item, level)) in ITEMS.iter().zip(&levels).enumerate() {
            let asked = level.is_some_and(|l| target.get(item.fr) >= l)
                && (untrusted.is_some() || !item.untrusted_only)
                && !c.not_applicable.iter().any(|na| na.item.trim() == item.id);
            if asked {
                required |= 1 << bit;
            }
        }
        if required == 0 {
            continue;
        }
        let whole = on_conduit.get(&c.id).map_or(&[][..], Vec::as_slice);
        let mut offences: Vec<Offence<'_>> = Vec::new();
        let mut endpoints: Vec<ElementId> = Vec::new();
        // Countermeasures that list only the base of an enhancement asked for here.
        let mut bases_only: Vec<(usize, Items)> = Vec::new();
        for ch in &c.channels {
            let Some(p) = protocols.get(ch.protocol.as_str()) else {
                continue;
            };
            let named = if ch.name.is_empty() {
                &[][..]
            } else {
                on_channel
                    .get(&(&c.id, ch.name.as_str()))
                    .map_or(&[][..], Vec::as_slice)
            };
            let applying = whole.iter().chain(named).copied();
            let covered = applying.clone().fold(0, |m, i| m | covers[i].items);
            let missing: Items = ITEMS
                .iter()
                .enumerate()
                .filter(|&(bit, item)| {
                    required & (1 << bit) != 0
                        && covered & (1 << bit) == 0
                        && p.native(item.fr) != Some(true)
                })
                .fold(0, |m, (bit, _)| m | (1 << bit));
            if missing == 0 {
                continue;
            }
            for i in applying {
                let bits = covers[i].bases_only & missing;
                if bits == 0 {
                    continue;
                }
                match bases_only.iter_mut().find(|(j, _)| *j == i) {
                    Some((_, b)) => *b |= bits,
                    None => bases_only.push((i, bits)),
                }
            }
            match offences.iter_mut().find(|o| o.protocol.key == p.key) {
                Some(o) => {
                    o.channels.push(ch);
                    o.missing |= missing;
                }
                None => offences.push(Offence {
                    protocol: p,
                    channels: vec![ch],
                    missing,
                }),
            }
            for a in [&ch.source, &ch.destination].into_iter().flatten() {
                if let Some(asset) = ctx.asset(a.as_str()) {
                    let e = ElementId::Asset(asset.id.clone());
                    if !endpoints.contains(&e) {
                        endpoints.push(e);
                    }
                }
            }
        }
        if offences.is_empty() {
            continue;
        }
        let mut message = format!("Conduit \"{}\" has SL-T {target}", c.name);
        if let Some(why) = &untrusted {
            message.push_str(&format!(" and crosses an untrusted network ({why})"));
        }
        message.push('.');
        for o in &offences {
            message.push(' ');
            sentence(o, &mut message);
        }
        message.push_str(
            " An implemented technical countermeasure that covers these items counts for the \
             channels it names, or, if it names none, for every channel of the conduits it lists.",
        );
        for (i, bits) in &bases_only {
            let wanted = ids_of(*bits);
            let bases: Vec<&str> = wanted.iter().map(|id| base_of(id)).collect();
            message.push_str(&format!(
                " Countermeasure \"{}\" lists {} but not the enhancement{} {} that this conduit \
                 needs; if it provides {}, add {} to what it covers.",
                ctx.model.name_of(covers[*i].cm.id.as_str()),
                and_list(&bases),
                if wanted.len() == 1 { "" } else { "s" },
                and_list(&wanted),
                if wanted.len() == 1 { "it" } else { "them" },
                if wanted.len() == 1 { "it" } else { "them" },
            ));
        }
        let vpn_channel = c.channels.iter().any(|ch| ch.protocol == VPN_PROTOCOL);
        if vpn_channel {
            message.push_str(
                " The VPN channel on this conduit protects only the channels such a \
                 countermeasure names, so name the channels it carries and list them there.",
            );
        }
        let dpi = boundary.map_or(&[][..], |b| &b.dpi[..]);
        if !dpi.is_empty() {
            message.push_str(&format!(
                " The protocol-aware firewall{} {} on this conduit filter{} the traffic but \
                 neither authenticate{} devices nor protect{} integrity or confidentiality in \
                 transit, so {} not count here.",
                if dpi.len() == 1 { "" } else { "s" },
                quoted_names(dpi.iter().map(|a| a.name.as_str())),
                if dpi.len() == 1 { "s" } else { "" },
                if dpi.len() == 1 { "s" } else { "" },
                if dpi.len() == 1 { "s" } else { "" },
                if dpi.len() == 1 { "it does" } else { "they do" },
            ));
        }
        let elements = endpoints
            .into_iter()
            .chain(dpi.iter().map(|a| ElementId::Asset(a.id.clone())));
        out.push(ctx.finding(&META, ElementId::Conduit(c.id.clone()), elements, message));
    }
}

/// The [`ITEMS`] a countermeasure covers (an enhancement covers its base requirement too),
/// and the enhancements among them whose base it lists without the enhancement itself.
fn covered_items(cm: &Countermeasure) -> (Items, Items) {
    let (mut items, mut bases_only) = (0, 0);
    for (bit, item) in ITEMS.iter().enumerate() {
        let listed = |id: &str| cm.covers.iter().any(|r| r.trim() == id);
        let covers = cm.covers.iter().any(|r| {
            let r = r.trim();
            r == item.id
                || r.strip_prefix(item.id)
                    .is_some_and(|rest| rest.starts_with(" RE("))
        });
        if covers {
            items |= 1 << bit;
        } else if base_of(item.id) != item.id && listed(base_of(item.id)) {
            bases_only |= 1 << bit;
        }
    }
    (items, bases_only)
}

/// The base requirement of an enhancement (`SR 3.1` of `SR 3.1 RE(1)`), or the id itself.
fn base_of(id: &str) -> &str {
    id.split_once(" RE(").map_or(id, |(base, _)| base)
}

/// The ids of a set of [`ITEMS`], in order.
fn ids_of(items: Items) -> Vec<&'static str> {
    ITEMS
        .iter()
        .enumerate()
        .filter(|&(bit, _)| items & (1 << bit) != 0)
        .map(|(_, item)| item.id)
        .collect()
}

/// `A`, `A and B`, `A, B and C`.
fn and_list(items: &[&str]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_owned(),
        None => String::new(),
    }
}

/// An asset that reaches a network outside the system: flagged external, or a cellular router.
fn reaches_outside(a: &Asset) -> bool {
    a.flags.external || a.kind == CELLULAR_ROUTER
}

/// Why a conduit crosses an untrusted network, or `None`: it joins an external zone, or an
/// asset that reaches outside the system is one of its boundary devices or at an end of one of
/// its channels.
fn untrusted_because(
    ctx: &Ctx<'_>,
    c: &Conduit,
    boundary: Option<&Boundary<'_>>,
) -> Option<String> {
    if let Some(z) = c
        .zones
        .iter()
        .filter_map(|z| ctx.model.zones.get(z))
        .find(|z| z.is_external())
    {
        return Some(format!("it joins external zone \"{}\"", z.name));
    }
    if let Some(a) = boundary.and_then(|b| b.external) {
        return Some(format!(
            "its boundary device \"{}\" reaches outside the system",
            a.name
        ));
    }
    c.channels
        .iter()
        .flat_map(|ch| [&ch.source, &ch.destination])
        .flatten()
        .filter_map(|a| ctx.asset(a.as_str()))
        .find(|a| reaches_outside(a))
        .map(|a| format!("channel end \"{}\" reaches outside the system", a.name))
}

/// `Modbus/TCP (channels "a" and "b") lacks device authentication (SR 1.2): use ...`.
fn sentence(o: &Offence<'_>, out: &mut String) {
    let p = o.protocol;
    let missing = |fr: Fr| {
        ITEMS
            .iter()
            .enumerate()
            .filter(move |&(bit, item)| item.fr == fr && o.missing & (1 << bit) != 0)
            .map(|(_, item)| item.id)
    };
    out.push_str(&p.name);
    let names: Vec<&str> = o
        .channels
        .iter()
        .map(|ch| ch.name.as_str())
        .filter(|n| !n.is_empty())
        .collect();
    match names.len() {
        0 => {}
        1 => w!(out, " (channel {})", quoted_names(names)),
        _ => w!(out, " (channels {})", quoted_names(names)),
    }
    out.push_str(" lacks ");
    // `A`, `A and B`, `A, B and C`, each with its items.
    let lacking: Vec<(Fr, &str)> = [
        (Fr::Iac, "device authentication"),
        (Fr::Si, "cryptographic integrity"),
        (Fr::Dc, "encryption"),
    ]
    .into_iter()
    .filter(|&(fr, _)| missing(fr).next().is_some())
    .collect();
    for (i, (fr, what)) in lacking.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == lacking.len() {
                " and "
            } else {
                ", "
            });
        }
        out.push_str(what);
        out.push_str(" (");
        for (k, id) in missing(*fr).enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            out.push_str(id);
        }
        out.push(')');
    }
    out.push_str(": ");
    advice(p, missing(Fr::Dc).next().is_some(), out);
    out.push('.');
}

/// What to do about a protocol that lacks what its conduit needs.
fn advice(p: &Protocol, needs_encryption: bool, out: &mut String) {
    const COMPENSATING: &str = "record these measures as a compensating countermeasure, with \
                                its justification, that names this channel";
    // A layer-2 protocol does not ride an IP VPN without bridging; MACsec protects its links
    // hop by hop.
    let fallback = if p.transport.starts_with("L2") {
        "protect its links with MACsec"
    } else if needs_encryption {
        "carry it through an encrypting VPN (IPsec or TLS)"
    } else {
        "carry it through a VPN (IPsec or TLS)"
    };
    match (p.key.as_str(), &p.secure_variant) {
        ("physical", _) => w!(
            out,
            "a local port has no protocol security to switch on, so protect it physically \
             (locked cabinet, port blockers, supervised use with an authorised device) and \
             {COMPENSATING}"
        ),
        ("ptp", _) => w!(
            out,
            "PTP has no secure variant in common use and a tunnel would spoil its timing, so \
             keep it on a dedicated time network within the plant, protect it by other means \
             (PTP-aware boundary clocks that filter it, redundant grandmasters, monitoring of \
             the time offset) and {COMPENSATING}"
        ),
        ("vendor", _) => w!(
            out,
            "ask the vendor for a mode with {}, or {fallback}",
            if needs_encryption {
                "authentication, integrity protection and encryption"
            } else {
                "authentication and integrity protection"
            }
        ),
        (_, Some(v)) if needs_encryption => {
            w!(
                out,
                "switch to {v} with encryption if it offers it, or {fallback}"
            );
        }
        (_, Some(v)) => w!(out, "switch to {v}, or {fallback}"),
        (_, None) if needs_encryption && p.authentication && p.integrity => {
            w!(
                out,
                "switch on its encryption if it offers it, or {fallback}"
            );
        }
        (_, None) => w!(out, "it has no secure variant, so {fallback}"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{asset_in, conduit, findings, ids, zone};
    use super::ITEMS;
    use crate::catalog::catalog;
    use crate::model::{
        Channel, ChannelRef, Countermeasure, CountermeasureKind, CountermeasureStatus, ElementId,
        Model, NotApplicable, Placement, ZoneKind,
    };

    fn channel(protocol: &str, source: Option<&str>, destination: Option<&str>) -> Channel {
        let mut ch = Channel::new(protocol, "test");
        ch.source = source.map(Into::into);
        ch.destination = destination.map(Into::into);
        ch
    }

    fn named(name: &str, protocol: &str) -> Channel {
        let mut ch = Channel::new(protocol, "test");
        ch.name = name.into();
        ch
    }

    fn model() -> Model {
        let mut m = Model::default();
        zone(&mut m, "Z-ops", ZoneKind::Operations, Some([2; 7]));
        zone(&mut m, "Z-ctl", ZoneKind::Control, Some([2; 7]));
        zone(&mut m, "Z-wan", ZoneKind::External, None);
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
        let mut cm = Countermeasure::new(id, id, CountermeasureKind::Technical);
        if done {
            cm.status = CountermeasureStatus::Implemented;
        }
        cm.covers = covers.iter().map(|s| (*s).to_owned()).collect();
        cm.conduits = vec![conduit.into()];
        m.insert_countermeasure(cm);
    }

    /// An implemented technical countermeasure on named channels only.
    fn on_channels(m: &mut Model, id: &str, channels: &[(&str, &str)], covers: &[&str]) {
        let mut cm = Countermeasure::new(id, id, CountermeasureKind::Technical);
        cm.status = CountermeasureStatus::Implemented;
        cm.covers = covers.iter().map(|s| (*s).to_owned()).collect();
        cm.channels = channels
            .iter()
            .map(|(c, ch)| ChannelRef {
                conduit: (*c).into(),
                channel: (*ch).to_owned(),
            })
            .collect();
        m.insert_countermeasure(cm);
    }

    #[test]
    fn item_levels_come_from_the_catalog() {
        let levels: Vec<(&str, u8)> = ITEMS
            .iter()
            .map(|i| {
                (
                    i.id,
                    catalog().requirement(i.id).map_or(9, |r| r.level.get()),
                )
            })
            .collect();
        assert_eq!(
            levels,
            [
                ("SR 1.2", 2),
                ("SR 1.2 RE(1)", 3),
                ("SR 3.1 RE(1)", 3),
                ("SR 4.1 RE(1)", 2),
                ("SR 4.1 RE(2)", 4),
            ]
        );
        for i in &ITEMS {
            assert_eq!(
                catalog().requirement(i.id).map(|r| r.fr),
                Some(i.fr),
                "{}",
                i.id
            );
        }
    }

    #[test]
    fn thresholds_follow_the_3_3_items() {
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
                channel("made_up", None, None),
            ],
        );
        // FR3 2 asks only for the base SR 3.1, which needs no cryptography: no finding.
        with_channels(
            &mut m,
            "C-fr3-2",
            [1, 2, 2, 2, 2, 1, 1],
            vec![channel("opc_classic", None, None)],
        );
        // FR3 3 asks for cryptographic integrity, SR 3.1 RE(1).
        with_channels(
            &mut m,
            "C-fr3-3",
            [1, 1, 3, 1, 1, 1, 1],
            vec![channel("opc_classic", None, Some("A-plc"))],
        );
        // FR1 3 asks for SR 1.2 RE(1) as well.
        with_channels(
            &mut m,
            "C-fr1-3",
            [3, 1, 1, 1, 1, 1, 1],
            vec![channel("dnp3", None, None)],
        );
        // FR4 4 asks for encryption across any zone boundary, SR 4.1 RE(2).
        with_channels(
            &mut m,
            "C-fr4-4",
            [1, 1, 1, 4, 1, 1, 1],
            vec![
                channel("opc_ua_sign", None, None),
                channel("opc_ua_sign_encrypt", None, None),
            ],
        );
        let f = findings(&m, "insecure-protocol");
        assert_eq!(
            ids(&f),
            [
                "insecure-protocol@C-fr1-3",
                "insecure-protocol@C-fr3-3",
                "insecure-protocol@C-fr4-4",
                "insecure-protocol@C-modbus",
            ]
        );
        assert_eq!(
            f[3].message,
            "Conduit \"C-modbus\" has SL-T {2 1 1 1 1 1 1}. Modbus/TCP lacks device \
             authentication (SR 1.2): switch to Modbus/TCP Security (TLS, port 802), or carry \
             it through a VPN (IPsec or TLS). Vendor proprietary lacks device authentication \
             (SR 1.2): ask the vendor for a mode with authentication and integrity protection, \
             or carry it through a VPN (IPsec or TLS). An implemented technical countermeasure \
             that covers these items counts for the channels it names, or, if it names none, \
             for every channel of the conduits it lists."
        );
        assert_eq!(
            f[3].elements,
            [
                ElementId::Conduit("C-modbus".into()),
                ElementId::Asset("A-scada".into()),
                ElementId::Asset("A-plc".into()),
            ]
        );
        assert!(
            f[0].message.contains(
                "DNP3 lacks device authentication (SR 1.2, SR 1.2 RE(1)): switch to \
                           DNP3 Secure Authentication v5,"
            ),
            "{}",
            f[0].message
        );
        assert!(
            f[1].message.contains(
                "OPC Classic (DCOM) lacks cryptographic integrity (SR 3.1 RE(1)): switch to \
                 OPC UA,"
            ),
            "{}",
            f[1].message
        );
        assert_eq!(f[1].elements[1], ElementId::Asset("A-plc".into()));
        assert!(
            f[2].message.contains(
                "OPC UA (Sign) lacks encryption (SR 4.1 RE(2)): switch on its encryption if it \
                 offers it, or carry it through an encrypting VPN (IPsec or TLS)."
            ) && !f[2].message.contains("SignAndEncrypt) lacks"),
            "{}",
            f[2].message
        );
    }

    #[test]
    fn confidentiality_is_asked_for_on_untrusted_networks_from_fr4_2() {
        let mut m = model();
        let dnp3 = || vec![channel("dnp3_sav5", None, None)];
        // Inside the plant FR4 2 asks for no encryption.
        with_channels(&mut m, "C-inside", [2, 2, 2, 2, 2, 2, 2], dnp3());
        // Joining an external zone.
        let mut wan = conduit(&mut m, "C-wan", &["Z-wan", "Z-ops"], Some([2; 7]));
        wan.channels = dnp3();
        m.insert_conduit(wan);
        // A cellular router as a boundary device.
        with_channels(&mut m, "C-lte", [2; 7], dnp3());
        let mut lte = asset_in(&mut m, "A-lte", "cellular_router", "Z-ops");
        lte.placement = Placement::Conduit("C-lte".into());
        m.insert_asset(lte);
        // An asset flagged external at the end of a channel.
        asset_in(&mut m, "A-modem", "iiot_gateway", "Z-ctl");
        m.assets.get_mut("A-modem").unwrap().flags.external = true;
        with_channels(
            &mut m,
            "C-modem",
            [2; 7],
            vec![channel("dnp3_sav5", Some("A-modem"), None)],
        );
        // Set not applicable, with a reason: not asked for.
        let mut na = conduit(&mut m, "C-na", &["Z-wan", "Z-ctl"], Some([2; 7]));
        na.channels = dnp3();
        na.not_applicable.push(NotApplicable {
            item: "SR 4.1 RE(1)".into(),
            justification: "only public tariff data".into(),
        });
        m.insert_conduit(na);
        let f = findings(&m, "insecure-protocol");
        assert_eq!(
            ids(&f),
            [
                "insecure-protocol@C-lte",
                "insecure-protocol@C-modem",
                "insecure-protocol@C-wan",
            ]
        );
        assert_eq!(
            f[2].message,
            "Conduit \"C-wan\" has SL-T {2 2 2 2 2 2 2} and crosses an untrusted network (it \
             joins external zone \"Z-wan\"). \
             DNP3-SAv5 lacks encryption (SR 4.1 RE(1)): switch on its encryption if it offers \
             it, or carry it through an encrypting VPN (IPsec or TLS). An implemented technical \
             countermeasure that covers these items counts for the channels it names, or, if it \
             names none, for every channel of the conduits it lists."
        );
        assert!(
            f[0].message.contains(
                "crosses an untrusted network (its boundary device \"A-lte\" reaches outside \
                 the system)"
            ),
            "{}",
            f[0].message
        );
        assert!(
            f[1].message.contains(
                "crosses an untrusted network (channel end \"A-modem\" reaches outside the \
                 system)"
            ),
            "{}",
            f[1].message
        );
        // Modbus over the WAN needs all three, and its advice keeps encryption in view.
        let c = m.conduits.get_mut("C-wan").unwrap();
        c.channels = vec![channel("modbus_tcp", None, None)];
        c.sl_t = crate::model::SlVector::from_levels([3, 3, 3, 2, 3, 2, 2]);
        let f = findings(&m, "insecure-protocol");
        assert!(
            f[2].message.contains(
                "Modbus/TCP lacks device authentication (SR 1.2, SR 1.2 RE(1)), cryptographic \
                 integrity (SR 3.1 RE(1)) and encryption (SR 4.1 RE(1)): switch to Modbus/TCP \
                 Security (TLS, port 802) with encryption if it offers it, or carry it through \
                 an encrypting VPN (IPsec or TLS)."
            ),
            "{}",
            f[2].message
        );
    }

    #[test]
    fn a_dpi_firewall_does_not_silence_the_finding() {
        let mut m = model();
        with_channels(
            &mut m,
            "C-dpi",
            [2, 2, 3, 1, 2, 1, 1],
            vec![channel("modbus_tcp", None, None)],
        );
        let mut fw = asset_in(&mut m, "A-dpi", "dpi_firewall", "Z-ops");
        fw.name = "SIS DPI firewall".into();
        fw.placement = Placement::Conduit("C-dpi".into());
        fw.sl_c = crate::model::SlVector::from_levels([4; 7]).unwrap();
        fw.sl_c_source = crate::model::SlcSource::Vendor {
            document: "datasheet".into(),
        };
        m.insert_asset(fw);
        let f = findings(&m, "insecure-protocol");
        assert_eq!(ids(&f), ["insecure-protocol@C-dpi"]);
        assert!(
            f[0].message.contains(
                "Modbus/TCP lacks device authentication (SR 1.2) and \
                                   cryptographic integrity (SR 3.1 RE(1))"
            ) && f[0].message.ends_with(
                "The protocol-aware firewall \"SIS DPI firewall\" on this conduit filters \
                     the traffic but neither authenticates devices nor protects integrity or \
                     confidentiality in transit, so it does not count here."
            ) && !f[0].message.contains("protocol-aware firewall covering"),
            "{}",
            f[0].message
        );
        assert_eq!(
            f[0].elements,
            [
                ElementId::Conduit("C-dpi".into()),
                ElementId::Asset("A-dpi".into())
            ]
        );
    }

    #[test]
    fn a_vpn_covers_only_the_channels_its_countermeasure_names() {
        let mut m = model();
        // An IPsec channel alone protects nothing else on the conduit.
        with_channels(
            &mut m,
            "C-tunnel",
            [2; 7],
            vec![
                named("poll", "modbus_tcp"),
                named("eng", "s7comm"),
                named("ipsec", "ipsec_vpn"),
            ],
        );
        let f = findings(&m, "insecure-protocol");
        assert!(
            f[0].message.contains("Modbus/TCP (channel \"poll\") lacks")
                && f[0].message.contains("S7comm (channel \"eng\") lacks")
                && f[0].message.contains(
                    "The VPN channel on this conduit protects only the channels such a \
                     countermeasure names"
                ),
            "{}",
            f[0].message
        );
        // A VPN naming "poll" covers that channel only.
        on_channels(&mut m, "CM-vpn", &[("C-tunnel", "poll")], &["SR 1.2 RE(1)"]);
        let f = findings(&m, "insecure-protocol");
        assert!(
            !f[0].message.contains("Modbus/TCP") && f[0].message.contains("S7comm"),
            "{}",
            f[0].message
        );
        // A countermeasure that names channels covers none of the conduits it also lists.
        let cm = m.countermeasures.get_mut("CM-vpn").unwrap();
        cm.conduits = vec!["C-tunnel".into()];
        assert_eq!(ids(&findings(&m, "insecure-protocol")).len(), 1);
        // One that names no channel covers every channel of its conduits.
        countermeasure(&mut m, "CM-all", "C-tunnel", &["SR 1.2"], true);
        assert!(findings(&m, "insecure-protocol").is_empty());
    }

    #[test]
    fn implemented_technical_countermeasures_cover_their_items() {
        let mut m = model();
        let modbus = || vec![channel("modbus_tcp", None, None)];
        let sl = [3, 2, 3, 1, 2, 1, 1];
        with_channels(&mut m, "C-vpn", sl, modbus());
        countermeasure(
            &mut m,
            "CM-vpn",
            "C-vpn",
            &["SR 1.2 RE(1)", "SR 3.1 RE(1)"],
            true,
        );
        // The base SR 1.2 does not cover its enhancement, nor SR 3.1 the cryptographic one.
        with_channels(&mut m, "C-base", sl, modbus());
        countermeasure(&mut m, "CM-base", "C-base", &["SR 1.2", "SR 3.1"], true);
        with_channels(&mut m, "C-planned", sl, modbus());
        countermeasure(
            &mut m,
            "CM-plan",
            "C-planned",
            &["SR 1.2 RE(1)", "SR 3.1 RE(1)"],
            false,
        );
        with_channels(&mut m, "C-proc", sl, modbus());
        countermeasure(
            &mut m,
            "CM-proc",
            "C-proc",
            &["SR 1.2 RE(1)", "SR 3.1 RE(1)"],
            true,
        );
        m.countermeasures.get_mut("CM-proc").unwrap().kind = CountermeasureKind::Procedural;
        let f = findings(&m, "insecure-protocol");
        assert_eq!(
            ids(&f),
            [
                "insecure-protocol@C-base",
                "insecure-protocol@C-planned",
                "insecure-protocol@C-proc"
            ]
        );
        assert!(
            f[0].message.contains(
                "Modbus/TCP lacks device authentication (SR 1.2 RE(1)) and cryptographic \
                 integrity (SR 3.1 RE(1)):"
            ) && f[0].message.contains(
                "Countermeasure \"CM-base\" lists SR 1.2 and SR 3.1 but not the enhancements \
                 SR 1.2 RE(1) and SR 3.1 RE(1) that this conduit needs; if it provides them, add \
                 them to what it covers."
            ),
            "{}",
            f[0].message
        );
        assert!(
            !f[1].message.contains("Countermeasure \""),
            "{}",
            f[1].message
        );
    }

    #[test]
    fn advice_fits_protocols_without_a_secure_variant() {
        let mut m = model();
        with_channels(
            &mut m,
            "C-time",
            [2, 2, 2, 1, 2, 1, 1],
            vec![
                channel("ptp", None, None),
                channel("physical", None, None),
                channel("iec61850_goose", None, None),
            ],
        );
        let f = findings(&m, "insecure-protocol");
        let msg = &f[0].message;
        assert!(!msg.contains("secure variant,"), "{msg}");
        assert!(
            msg.contains(
                "PTP (IEEE 1588) lacks device authentication (SR 1.2): PTP has no secure \
                 variant in common use and a tunnel would spoil its timing,"
            ),
            "{msg}"
        );
        assert!(
            msg.contains(
                "Physical / local port lacks device authentication (SR 1.2): a local port has \
                 no protocol security to switch on, so protect it physically"
            ),
            "{msg}"
        );
        assert!(
            msg.contains(
                "IEC 61850 GOOSE lacks device authentication (SR 1.2): switch to IEC 62351-6 \
                 authentication tag, or protect its links with MACsec."
            ),
            "{msg}"
        );
        // Following the advice for the port: a compensating measure with its justification
        // that names the channel.
        let c = m.conduits.get_mut("C-time").unwrap();
        c.channels = vec![named("front-port", "physical")];
        on_channels(&mut m, "CM-lock", &[("C-time", "front-port")], &["SR 1.2"]);
        let cm = m.countermeasures.get_mut("CM-lock").unwrap();
        cm.kind = CountermeasureKind::Compensating;
        cm.justification = "cabinet locked, key with the shift lead".into();
        assert!(findings(&m, "insecure-protocol").is_empty());
    }
}
