//! The judgement of each 3-3 item on a zone or conduit against its providers (the method of
//! the domain brief §2.5 with the allocation table of the catalog). Shared by the deltas, which
//! report every item with its reasons, and the fix plan, which re-judges the elements a
//! hypothetical fix touches.
//!
//! An item with several technical providers (component, boundary device, security service) is
//! met when any one of them meets it ("provided by integration into a higher-level entity").
//! An implemented countermeasure that names the item covers it, within limits: a procedural or
//! physical measure covers a purely technical item only when it is marked compensating with a
//! justification, and an enhancement is covered only when its base requirement is met or
//! covered. On a conduit, a channel whose protocol lacks native authentication, integrity or
//! confidentiality holds the communication items of FR1, FR3 or FR4 (SR 1.2, SR 3.1, SR 4.1 and
//! their enhancements) unmet unless a countermeasure on the conduit or on that channel covers
//! the item.

use crate::catalog::{Catalog, Condition, Protocol, Provider, Requirement};
use crate::model::{
    Asset, AssetId, ConduitId, Countermeasure, Fr, Model, SecurityLevel, ServiceKind, SlVector,
    ZoneKind,
};

use super::{Detail, IdHash};
use std::collections::HashMap;
use std::sync::Arc;

/// The items a channel's protocol provides or denies natively: device authentication
/// (FR1), communication integrity (FR3) and confidentiality (FR4), with their enhancements.
/// A channel whose protocol lacks the protection holds these at 0 on its conduit.
pub(crate) const CHANNEL_ITEMS: [&str; 3] = ["SR 1.2", "SR 3.1", "SR 4.1"];

/// Levels per FR; `None` for an unknown SL-C.
pub(crate) type Levels = [u8; 7];

/// What the judgement of one item says.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) enum Status {
    Met,
    /// Covered by these countermeasures (indices into [`Inputs::cms`]).
    Covered(Vec<u32>),
    Unmet,
    /// Not applicable: a built-in rule (its index) or the user's justification (index into the
    /// element's list), or the base SR is not applicable.
    NotApplicable(NaSource),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum NaSource {
    BuiltIn(usize),
    User(usize),
    Base,
}

/// Why an item is unmet, one entry per failing provider or constraint.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Reason {
    /// The conduit (or one around the zone) has no boundary device.
    NoBoundaryDevice(Option<ConduitId>),
    /// The best boundary device is below the item's level (conduit id when judged for a zone).
    BoundaryBelow(Option<ConduitId>),
    /// The zone has no conduit at all, so no boundary device protects it.
    NoConduit,
    /// No asset provides the service to the zone.
    NoService(ServiceKind),
    /// The service's providers are below the item's level.
    ServiceBelow(ServiceKind),
    /// Components fall short (see the culprits).
    ComponentsBelow,
    /// A conduit with no channels described: nothing says what its endpoints carry.
    NoChannels,
    /// A channel's protocol lacks the FR's protection natively (channel label, protocol name).
    ChannelProtocol {
        channel: Arc<str>,
        protocol: &'static str,
    },
    /// The delta rests on assets whose SL-C is unknown.
    SlcUnknown(Arc<[AssetId]>),
    /// The delta rests on assets whose SL-C is only estimated.
    SlcEstimated(Arc<[AssetId]>),
    /// Only an implemented procedure meets it.
    NeedsProcedure,
    /// A countermeasure names it but the base SR is unmet.
    BaseUnmet(&'static str),
}

impl Reason {
    /// The reason in words, as in `check` and the report.
    pub fn text(&self, fr: Fr) -> String {
        self.describe(fr).to_string()
    }

    /// The reason in words, written straight into a formatter (`check --format json` writes
    /// hundreds of thousands of them).
    pub fn describe(&self, fr: Fr) -> impl std::fmt::Display + '_ {
        ReasonText { reason: self, fr }
    }
}

struct ReasonText<'r> {
    reason: &'r Reason,
    fr: Fr,
}

impl std::fmt::Display for ReasonText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.reason {
            Reason::NoBoundaryDevice(None) => f.write_str("no boundary device"),
            Reason::NoBoundaryDevice(Some(c)) => write!(f, "no boundary device on {c}"),
            Reason::BoundaryBelow(None) => f.write_str("boundary device below the level"),
            Reason::BoundaryBelow(Some(c)) => write!(f, "boundary device on {c} below the level"),
            Reason::NoConduit => f.write_str("no conduit, so no boundary device"),
            Reason::NoService(s) => write!(f, "no service: {}", s.key()),
            Reason::ServiceBelow(s) => write!(f, "service below the level: {}", s.key()),
            Reason::ComponentsBelow => f.write_str("components below the level"),
            Reason::NoChannels => f.write_str("no channels described"),
            Reason::ChannelProtocol { channel, protocol } => {
                let what = match self.fr {
                    Fr::Iac => "authentication",
                    Fr::Si => "integrity protection",
                    _ => "encryption",
                };
                write!(f, "channel {channel}: {protocol} has no native {what}")
            }
            Reason::SlcUnknown(a) => {
                f.write_str("sl-c unknown: ")?;
                join(f, a)
            }
            Reason::SlcEstimated(a) => {
                f.write_str("sl-c estimated: ")?;
                join(f, a)
            }
            Reason::NeedsProcedure => f.write_str("needs an implemented procedure"),
            Reason::BaseUnmet(b) => write!(f, "base {b} unmet"),
        }
    }
}

fn join(f: &mut std::fmt::Formatter<'_>, ids: &[AssetId]) -> std::fmt::Result {
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        f.write_str(id.as_str())?;
    }
    Ok(())
}

/// One countermeasure as the judgement sees it.
pub(crate) struct CmIn<'m> {
    pub(crate) cm: &'m Countermeasure,
    pub(crate) implemented: bool,
    /// 3-3 items it names, by catalog index.
    pub(crate) covers: Vec<usize>,
}

impl CmIn<'_> {
    /// Whether it may cover `r` (kind and justification permitting).
    fn may_cover(&self, r: &Requirement) -> bool {
        if r.is_technical() {
            self.cm.covers_technical()
        } else {
            self.cm.covers_organisational()
        }
    }
}

pub(crate) struct ChannelIn {
    pub(crate) label: Arc<str>,
    pub(crate) protocol: Option<&'static Protocol>,
    /// In-scope endpoint assets.
    pub(crate) ends: Vec<u32>,
}

impl ChannelIn {
    /// Its protocol lacks what `fr` asks of a channel natively (an unknown protocol lacks all).
    pub(crate) fn lacks(&self, fr: Fr) -> bool {
        !self.protocol.and_then(|p| p.native(fr)).unwrap_or(false)
    }
}

/// Conditions of the built-in applicability rules.
#[derive(Clone, Copy, Default)]
pub(crate) struct Conditions {
    radio: bool,
    portable: bool,
    untrusted: bool,
}

impl Conditions {
    fn holds(self, c: Condition) -> bool {
        match c {
            Condition::Radio => self.radio,
            Condition::PortableDevices => self.portable,
            Condition::UntrustedNetwork => self.untrusted,
        }
    }
}

pub(crate) struct ZoneIn {
    pub(crate) target: Option<Levels>,
    pub(crate) external: bool,
    /// In-scope (digital) assets of the zone and its subzones, by asset index, in id order.
    pub(crate) members: Vec<u32>,
    /// Every asset of the zone and its subzones, in scope or not, in id order.
    pub(crate) all: Vec<u32>,
    /// Conduits that join the zone.
    pub(crate) conduits: Vec<u32>,
    /// Asset indices providing each service to the zone (directly or to an ancestor).
    pub(crate) services: [Vec<u32>; 12],
    pub(crate) conditions: Conditions,
    /// User's not-applicable items: (catalog index, position in the zone's list).
    pub(crate) na: Vec<(usize, usize)>,
    /// Countermeasures applying to the zone.
    pub(crate) cms: Vec<u32>,
    pub(crate) safety: bool,
}

pub(crate) struct ConduitIn {
    pub(crate) target: Option<Levels>,
    /// Every asset placed in the conduit, in id order (in scope or not).
    pub(crate) placed: Vec<u32>,
    /// Boundary devices (in scope), by asset index.
    pub(crate) devices: Vec<u32>,
    pub(crate) channels: Vec<ChannelIn>,
    /// Internal zones it joins.
    pub(crate) zones: Vec<u32>,
    pub(crate) conditions: Conditions,
    pub(crate) na: Vec<(usize, usize)>,
    /// Countermeasures applying to the whole conduit.
    pub(crate) cms: Vec<u32>,
    /// Countermeasures applying to named channels: (countermeasure, channel position).
    pub(crate) channel_cms: Vec<(u32, usize)>,
}

/// A hypothetical change the fix plan tries (and the deltas never see).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) enum Extra {
    /// A service of this kind at the zone's SL-T.
    Service(u32, ServiceKind),
    /// A boundary device at the conduit's SL-T.
    Device(u32),
}

/// Everything the judgement reads, indexed by position in id order.
pub(crate) struct Inputs<'m> {
    pub(crate) catalog: &'static Catalog,
    pub(crate) assets: Vec<&'m Asset>,
    /// Effective SL-C per asset; `None` when unknown.
    pub(crate) slc: Vec<Option<Levels>>,
    pub(crate) zones: Vec<ZoneIn>,
    pub(crate) conduits: Vec<ConduitIn>,
    pub(crate) cms: Vec<CmIn<'m>>,
    /// Hypothetical services and boundary devices of the fix plan.
    pub(crate) extras: Vec<Extra>,
    /// The items of each FR in level order, then catalog order.
    pub(crate) by_fr: [Vec<&'static Requirement>; 7],
    conduit_ids: Vec<ConduitId>,
    /// `zones_self[z] == z`: a zone's own index as a one-element slice.
    zones_self: Vec<u32>,
    /// Per 3-3 item: one of the communication items a channel's protocol holds down.
    channel_item: Vec<bool>,
    /// Per asset: its component classes as a mask.
    masks: Vec<u8>,
    /// Per asset: the zone or conduit it is placed in, by position.
    pub(crate) holder: Vec<Holder>,
    /// The distinct counterpart class masks of the catalog's items.
    mask_slots: Vec<u8>,
    /// Per 3-3 item: its counterpart class mask's position in `mask_slots`.
    item_slot: Vec<u8>,
    /// Work out why each unmet item is unmet (with detail); without, only its culprits.
    pub(crate) reasons: bool,
}

/// The outcome of one item on one element.
pub(crate) struct Judged {
    pub(crate) requirement: &'static Requirement,
    pub(crate) status: Status,
    /// Where its reasons are in the element's cache (see [`ElementCache::why`]); unmet items
    /// judged with detail only.
    pub(crate) reasons: WhyKey,
    /// Where its component culprits are in the element's cache (see
    /// [`ElementCache::culprits`]), for unmet items with a component provider.
    pub(crate) culprits: Option<u16>,
}

/// Where an unmet item's reasons are in the element's cache: the parts of the failing
/// providers (in the allocation table's order), the channels, and one more reason. Items that
/// fail the same way have the same key, so each distinct `Why` is built once per element.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub(crate) struct WhyKey {
    providers: [Option<Part>; 3],
    /// Index into [`ElementCache::channel_lists`].
    channels: Option<u16>,
    extra: Option<ExtraReason>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Part {
    Component(u16),
    Boundary(u16),
    Service(u16),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ExtraReason {
    NeedsProcedure,
    BaseUnmet(&'static str),
}

impl WhyKey {
    fn push(&mut self, part: Part) {
        if let Some(slot) = self.providers.iter_mut().find(|p| p.is_none()) {
            *slot = Some(part);
        }
    }
}

/// The component provider's verdict for one FR, level and class mask of one element.
pub(crate) struct ComponentResult {
    ok: bool,
    culprits: Option<Arc<[u32]>>,
    reasons: Option<Arc<[Reason]>>,
}

/// Component verdicts of the element being judged, and a buffer to gather culprits in.
#[derive(Default)]
pub(crate) struct ComponentCache(Vec<((u8, u8, u8), ComponentResult)>, Vec<u32>);

/// A provider's verdict: met, and if not, why.
type Verdict = (bool, Option<Arc<[Reason]>>);

/// What the providers of one element say, per FR and level: judged once, shared by every item
/// with the same key (the reasons are shared too).
#[derive(Default)]
pub(crate) struct ElementCache {
    component: ComponentCache,
    boundary: Vec<((u8, u8, bool), Verdict)>,
    service: Vec<((u8, u8, u8), Verdict)>,
    /// Deficient channels as reasons: per FR with none lifted (see `channels`), and each
    /// list with lifted channels.
    channel_lists: Vec<(usize, Arc<[Reason]>)>,
    channels: [Option<u16>; 7],
    /// The reasons of each distinct set of failing conduits (positions), and a buffer to
    /// gather such a set in.
    boundary_sets: Vec<(Vec<u32>, Arc<[Reason]>)>,
    failing: Vec<u32>,
    /// A buffer to gather reasons in.
    reasons: Vec<Reason>,
    /// `[NoService(k)]` and `[ServiceBelow(k)]` per service kind `k`, kept from element to
    /// element.
    service_reasons: [Option<Arc<[Reason]>>; 2 * ServiceKind::ALL.len()],
    /// `[NoChannels]`, kept from element to element.
    no_channels: Option<Arc<[Reason]>>,
}

impl ElementCache {
    /// Empties the cache for the next element, keeping its buffers: a large plant judges
    /// thousands of elements, and growing these lists afresh for each was a tenth of the
    /// analysis' allocations.
    fn clear(&mut self) {
        self.component.0.clear();
        self.component.1.clear();
        self.boundary.clear();
        self.service.clear();
        self.channel_lists.clear();
        self.channels = [None; 7];
        self.boundary_sets.clear();
        self.failing.clear();
        self.reasons.clear();
    }

    /// The reasons `key` points at.
    pub(crate) fn why(&self, key: &WhyKey) -> Why {
        let mut why = Why::default();
        for p in key.providers.iter().flatten() {
            why.push(match *p {
                Part::Component(i) => self.component.0[usize::from(i)].1.reasons.clone(),
                Part::Boundary(i) => self.boundary[usize::from(i)].1.1.clone(),
                Part::Service(i) => self.service[usize::from(i)].1.1.clone(),
            });
        }
        why.channels = key
            .channels
            .map(|i| Arc::clone(&self.channel_lists[usize::from(i)].1));
        why.extra = key.extra.map(|e| match e {
            ExtraReason::NeedsProcedure => Reason::NeedsProcedure,
            ExtraReason::BaseUnmet(b) => Reason::BaseUnmet(b),
        });
        why
    }

    /// The culprits (asset indices, sorted) of a component verdict (see [`Judged::culprits`]).
    pub(crate) fn culprits(&self, pos: u16) -> Option<&Arc<[u32]>> {
        self.component.0[usize::from(pos)].1.culprits.as_ref()
    }
}

/// Why an item is unmet: the reasons of each failing provider and constraint, shared between
/// the items of one element that fail the same way.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Why {
    providers: [Option<Arc<[Reason]>>; 3],
    channels: Option<Arc<[Reason]>>,
    extra: Option<Reason>,
}

impl Why {
    /// No reasons.
    pub(crate) const EMPTY: Self = Self {
        providers: [None, None, None],
        channels: None,
        extra: None,
    };

    fn push(&mut self, part: Option<Arc<[Reason]>>) {
        let Some(part) = part else {
            return;
        };
        if let Some(slot) = self.providers.iter_mut().find(|p| p.is_none()) {
            *slot = Some(part);
        }
    }

    /// Every reason, providers first (in the allocation table's order), then channels.
    pub fn iter(&self) -> impl Iterator<Item = &Reason> + '_ {
        self.providers
            .iter()
            .flatten()
            .chain(&self.channels)
            .flat_map(|p| p.iter())
            .chain(&self.extra)
    }

    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    pub fn len(&self) -> usize {
        self.iter().count()
    }
}

/// Each id's position in id order.
fn positions<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize, IdHash> {
    ids.enumerate().map(|(i, id)| (id, i)).collect()
}

fn kind_index(k: ServiceKind) -> usize {
    ServiceKind::ALL.iter().position(|s| *s == k).unwrap_or(0)
}

impl<'m> Inputs<'m> {
    /// Indexes `model` for judging, working out unmet items' reasons or not (`detail`).
    pub(crate) fn build(model: &'m Model, catalog: &'static Catalog, detail: Detail) -> Self {
        let zone_pos = positions(model.zones.keys().map(|k| k.as_str()));
        let conduit_pos = positions(model.conduits.keys().map(|k| k.as_str()));
        let asset_pos = positions(model.assets.keys().map(|k| k.as_str()));
        let assets: Vec<&Asset> = model.assets.values().collect();
        let slc = assets
            .iter()
            .map(|a| a.known_sl_c().map(|v| v.levels()))
            .collect();
        let nz = model.zones.len();
        // Direct members, children, ancestors.
        let mut direct: Vec<Vec<u32>> = vec![Vec::new(); nz];
        let mut devices: Vec<Vec<u32>> = vec![Vec::new(); model.conduits.len()];
        let mut holder = Vec::with_capacity(assets.len());
        for (i, a) in assets.iter().enumerate() {
            if let Some(&z) = a.placement.zone().and_then(|z| zone_pos.get(z.as_str())) {
                direct[z].push(i as u32);
                holder.push(Holder::Zone(z as u32));
            } else if let Some(&c) = a
                .placement
                .conduit()
                .and_then(|c| conduit_pos.get(c.as_str()))
            {
                devices[c].push(i as u32);
                holder.push(Holder::Conduit(c as u32));
            } else {
                holder.push(Holder::None);
            }
        }
        let zones_vec: Vec<_> = model.zones.values().collect();
        let parent: Vec<Option<usize>> = zones_vec
            .iter()
            .enumerate()
            .map(|(i, z)| {
                z.parent
                    .as_ref()
                    .and_then(|p| zone_pos.get(p.as_str()).copied())
                    .filter(|p| *p != i)
            })
            .collect();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); nz];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[*p].push(i);
            }
        }
        let nested = |i: usize| -> Vec<u32> {
            if children[i].is_empty() {
                return direct[i].clone();
            }
            let mut out = Vec::new();
            let mut stack = vec![i];
            let mut seen = vec![false; nz];
            while let Some(z) = stack.pop() {
                if std::mem::replace(&mut seen[z], true) {
                    continue;
                }
                out.extend_from_slice(&direct[z]);
                stack.extend_from_slice(&children[z]);
            }
            out.sort_unstable();
            out
        };
        // Services per zone: providers of the zone or of an ancestor.
        let mut served: Vec<[Vec<u32>; 12]> = (0..nz).map(|_| Default::default()).collect();
        for (i, a) in assets.iter().enumerate() {
            for p in &a.provides {
                for z in &p.zones {
                    if let Some(&z) = zone_pos.get(z.as_str()) {
                        served[z][kind_index(p.service)].push(i as u32);
                    }
                }
            }
        }
        let mut services: Vec<[Vec<u32>; 12]> = Vec::with_capacity(nz);
        for i in 0..nz {
            let mut s: [Vec<u32>; 12] = served[i].clone();
            let mut cur = parent[i];
            let mut steps = 0;
            while let Some(p) = cur {
                steps += 1;
                if p == i || steps > nz {
                    break;
                }
                for (k, list) in served[p].iter().enumerate() {
                    s[k].extend_from_slice(list);
                }
                cur = parent[p];
            }
            for list in &mut s {
                list.sort_unstable();
                list.dedup();
            }
            services.push(s);
        }
        // Countermeasures.
        let mut zone_cms: Vec<Vec<u32>> = vec![Vec::new(); nz];
        let mut conduit_cms: Vec<Vec<u32>> = vec![Vec::new(); model.conduits.len()];
        let mut channel_cms: Vec<Vec<(u32, usize)>> = vec![Vec::new(); model.conduits.len()];
        let conduits_vec: Vec<_> = model.conduits.values().collect();
        let cms: Vec<CmIn<'m>> = model
            .countermeasures
            .values()
            .enumerate()
            .map(|(k, cm)| {
                for z in cm.zones.iter().filter_map(|z| zone_pos.get(z.as_str())) {
                    zone_cms[*z].push(k as u32);
                }
                // A measure that names channels covers only those; one that names none covers
                // the whole of the conduits it lists.
                if cm.channels.is_empty() {
                    for c in cm
                        .conduits
                        .iter()
                        .filter_map(|c| conduit_pos.get(c.as_str()))
                    {
                        conduit_cms[*c].push(k as u32);
                    }
                }
                for r in &cm.channels {
                    if let Some(&c) = conduit_pos.get(r.conduit.as_str())
                        && let Some(pos) = conduits_vec[c]
                            .channels
                            .iter()
                            .position(|ch| ch.name == r.channel)
                    {
                        channel_cms[c].push((k as u32, pos));
                    }
                }
                CmIn {
                    cm,
                    implemented: cm.is_implemented(),
                    covers: cm
                        .covers
                        .iter()
                        .filter_map(|id| catalog.requirement(id).map(|r| r.index))
                        .collect(),
                }
            })
            .collect();
        let user_na = |list: &[crate::model::NotApplicable]| -> Vec<(usize, usize)> {
            list.iter()
                .enumerate()
                .filter_map(|(k, na)| catalog.requirement(&na.item).map(|r| (r.index, k)))
                .collect()
        };
        let zone_kind = |z: usize| zones_vec[z].kind;
        // Conduits per zone, and conduit inputs.
        let mut zone_conduits: Vec<Vec<u32>> = vec![Vec::new(); nz];
        let mut conduit_zones: Vec<Vec<usize>> = Vec::with_capacity(conduits_vec.len());
        let mut conduits = Vec::with_capacity(conduits_vec.len());
        for (ci, c) in conduits_vec.iter().enumerate() {
            let zs: Vec<usize> = c
                .zones
                .iter()
                .filter_map(|z| zone_pos.get(z.as_str()).copied())
                .collect();
            conduit_zones.push(zs.clone());
            for &z in &zs {
                if !zone_conduits[z].contains(&(ci as u32)) {
                    zone_conduits[z].push(ci as u32);
                }
            }
            let channels: Vec<ChannelIn> = c
                .channels
                .iter()
                .map(|ch| {
                    let protocol = catalog.protocol(&ch.protocol);
                    let name = protocol.map_or(ch.protocol.as_str(), |p| p.name.as_str());
                    ChannelIn {
                        label: Arc::from(if ch.name.is_empty() {
                            name
                        } else {
                            ch.name.as_str()
                        }),
                        protocol,
                        ends: [&ch.source, &ch.destination]
                            .into_iter()
                            .flatten()
                            .filter_map(|a| asset_pos.get(a.as_str()).copied())
                            .filter(|&a| assets[a].in_scope())
                            .map(|a| a as u32)
                            .collect(),
                    }
                })
                .collect();
            // Its boundary devices and channel ends.
            let dev = || devices[ci].iter().map(|&a| assets[a as usize]);
            let any = |f: &dyn Fn(&Asset) -> bool| {
                dev().any(f)
                    || channels
                        .iter()
                        .flat_map(|ch| &ch.ends)
                        .any(|&a| f(assets[a as usize]))
            };
            let conditions = Conditions {
                radio: zs.iter().any(|&z| zone_kind(z) == ZoneKind::Wireless)
                    || dev().any(|a| a.flags.wireless)
                    || channels
                        .iter()
                        .any(|ch| ch.protocol.is_some_and(|p| p.radio)),
                portable: zs.iter().any(|&z| zone_kind(z) == ZoneKind::Transient)
                    || any(&|a| a.flags.temporary),
                untrusted: zs.iter().any(|&z| zone_kind(z) == ZoneKind::External)
                    || any(&|a| a.flags.external),
            };
            conduits.push(ConduitIn {
                target: c.sl_t.map(|t| t.levels()),
                placed: devices[ci].clone(),
                devices: devices[ci]
                    .iter()
                    .copied()
                    .filter(|&a| assets[a as usize].in_scope())
                    .collect(),
                channels,
                zones: zs
                    .iter()
                    .filter(|&&z| zone_kind(z) != ZoneKind::External)
                    .map(|&z| z as u32)
                    .collect(),
                conditions,
                na: user_na(&c.not_applicable),
                cms: std::mem::take(&mut conduit_cms[ci]),
                channel_cms: std::mem::take(&mut channel_cms[ci]),
            });
        }
        let zones = zones_vec
            .iter()
            .enumerate()
            .map(|(i, z)| {
                let all = nested(i);
                let members: Vec<u32> = all
                    .iter()
                    .copied()
                    .filter(|&a| assets[a as usize].in_scope())
                    .collect();
                let has = |f: &dyn Fn(&Asset) -> bool| all.iter().any(|&a| f(assets[a as usize]));
                let neighbour = |k: ZoneKind| {
                    zone_conduits[i]
                        .iter()
                        .any(|&c| conduit_zones[c as usize].iter().any(|&z| zone_kind(z) == k))
                };
                ZoneIn {
                    target: if z.is_external() {
                        None
                    } else {
                        z.sl_t.map(|t| t.levels())
                    },
                    external: z.is_external(),
                    members,
                    conduits: zone_conduits[i].clone(),
                    services: std::mem::take(&mut services[i]),
                    conditions: Conditions {
                        radio: z.kind == ZoneKind::Wireless || has(&|a| a.flags.wireless),
                        portable: z.kind == ZoneKind::Transient
                            || has(&|a| a.flags.temporary)
                            || neighbour(ZoneKind::Transient),
                        untrusted: has(&|a| a.flags.external) || neighbour(ZoneKind::External),
                    },
                    na: user_na(&z.not_applicable),
                    cms: std::mem::take(&mut zone_cms[i]),
                    safety: z.is_safety(),
                    all,
                }
            })
            .collect();
        let mut mask_slots: Vec<u8> = Vec::new();
        let item_slot = catalog
            .system
            .iter()
            .map(|r| {
                let m = r.counterpart_classes;
                let pos = mask_slots.iter().position(|&x| x == m).unwrap_or_else(|| {
                    mask_slots.push(m);
                    mask_slots.len() - 1
                });
                pos as u8
            })
            .collect();
        let mut by_fr: [Vec<&'static Requirement>; 7] = Default::default();
        for fr in Fr::ALL {
            by_fr[fr.index()] = catalog
                .system_delta(fr, SecurityLevel::SL0, SecurityLevel::SL4)
                .collect();
        }
        Self {
            catalog,
            assets,
            slc,
            zones,
            conduits,
            cms,
            extras: Vec::new(),
            by_fr,
            conduit_ids: model.conduits.keys().cloned().collect(),
            zones_self: (0..nz as u32).collect(),
            channel_item: catalog
                .system
                .iter()
                .map(|r| CHANNEL_ITEMS.contains(&r.base_id()))
                .collect(),
            masks: model.assets.values().map(Asset::class_mask).collect(),
            mask_slots,
            item_slot,
            holder,
            reasons: detail == Detail::Reasons,
        }
    }

    /// The ids of `assets` (indices), in order.
    pub(crate) fn ids(&self, assets: &[u32]) -> Vec<AssetId> {
        assets
            .iter()
            .map(|&a| self.assets[a as usize].id.clone())
            .collect()
    }

    /// The lowest (`best == false`) or highest known SL-C per FR among `assets`, and the ids of
    /// those whose SL-C is unknown.
    pub(crate) fn sl_c_of(&self, assets: &[u32], best: bool) -> (Option<SlVector>, Vec<AssetId>) {
        let mut out: Option<Levels> = None;
        let mut unknown = Vec::new();
        for &a in assets {
            match &self.slc[a as usize] {
                Some(l) => {
                    let o = out.get_or_insert(*l);
                    for (o, &x) in o.iter_mut().zip(l) {
                        *o = if best { (*o).max(x) } else { (*o).min(x) };
                    }
                }
                None => unknown.push(self.assets[a as usize].id.clone()),
            }
        }
        (out.and_then(SlVector::from_levels), unknown)
    }

    fn conduit_id(&self, c: u32) -> ConduitId {
        self.conduit_ids[c as usize].clone()
    }

    /// The best known level on `fr` among `list`, and whether any of them is unknown.
    fn best(&self, list: &[u32], fr: usize) -> (Option<u8>, bool) {
        let mut best = None;
        let mut unknown = false;
        for &a in list {
            match self.slc[a as usize] {
                Some(l) => best = Some(best.map_or(l[fr], |b: u8| b.max(l[fr]))),
                None => unknown = true,
            }
        }
        (best, unknown)
    }

    fn extra_service(&self, z: u32, k: ServiceKind) -> bool {
        self.extras.contains(&Extra::Service(z, k))
    }

    fn extra_device(&self, c: u32) -> bool {
        self.extras.contains(&Extra::Device(c))
    }

    /// The level a hypothetical service or device of the plan gets on `fr`: the SL-T it serves.
    fn extra_level(target: Option<Levels>, fr: usize) -> u8 {
        target.map_or(SecurityLevel::MAX, |t| t[fr])
    }

    /// Judges every item of the element up to its SL-T, handing each to `sink` in FR, level
    /// and catalog order, and returns SL-A (`None` without an SL-T). Items above SL-T are
    /// judged only as far as SL-A needs, and not handed on.
    ///
    /// Each technical provider is first reduced to one level per FR (the highest level it
    /// meets, see [`Levels`]), so that an item is judged by comparing numbers; the reasons and
    /// culprits are worked out only for the items that stay unmet, and only with `detail`.
    pub(crate) fn judge(
        &self,
        el: El,
        detail: bool,
        sink: &mut dyn FnMut(Judged, &ElementCache),
    ) -> Option<Levels> {
        let (target, conditions, na, cms) = match el {
            El::Zone(z) => {
                let zi = &self.zones[z];
                (zi.target, zi.conditions, &zi.na, &zi.cms)
            }
            El::Conduit(c) => {
                let ci = &self.conduits[c];
                (ci.target, ci.conditions, &ci.na, &ci.cms)
            }
        };
        let target = target?;
        let mut element = Element {
            el,
            target,
            conditions,
            na,
            cms,
            na_mask: na.iter().fold(0, |m, (i, _)| m | bit(*i)),
            cover: self.cover_masks(cms),
            reach: Reach::default(),
            unmet: 0,
            decided: 0,
        };
        // This thread's cache, taken for the element and put back after (judging never
        // judges another element inside, so nothing else wants it meanwhile).
        let mut cache = CACHE.take();
        cache.clear();
        let mut sl_a = [SecurityLevel::MAX; 7];
        for fr in Fr::ALL {
            let f = fr.index();
            let mut failed_at: Option<u8> = None;
            for &r in &self.by_fr[f] {
                let in_scope = match el {
                    El::Zone(_) => r.scope.on_zones(),
                    El::Conduit(_) => r.scope.on_conduits(),
                };
                if !in_scope {
                    continue;
                }
                let level = r.level.get();
                let recorded = level <= target[f];
                if !recorded && failed_at.is_some() {
                    break;
                }
                let j = self.judge_item(r, &mut element, &mut cache, detail && recorded);
                match j.status {
                    Status::Met | Status::Covered(_) => element.decided |= bit(r.index),
                    Status::Unmet => {
                        element.decided |= bit(r.index);
                        element.unmet |= bit(r.index);
                        if failed_at.is_none() {
                            failed_at = Some(level);
                        }
                    }
                    Status::NotApplicable(_) => {}
                }
                if recorded {
                    sink(j, &cache);
                }
            }
            sl_a[f] = failed_at.map_or(SecurityLevel::MAX, |l| l - 1);
        }
        cache.clear();
        CACHE.set(cache);
        Some(sl_a)
    }

    /// The items the element's implemented countermeasures may cover, technical and
    /// organisational (see [`CmIn::may_cover`]), as masks of catalog indices.
    fn cover_masks(&self, cms: &[u32]) -> [u128; 2] {
        let mut out = [0, 0];
        for &k in cms {
            let cm = &self.cms[k as usize];
            if !cm.implemented {
                continue;
            }
            let items = cm.covers.iter().fold(0, |m, &i| m | bit(i));
            if cm.cm.covers_technical() {
                out[0] |= items;
            }
            if cm.cm.covers_organisational() {
                out[1] |= items;
            }
        }
        out
    }

    fn judge_item(
        &self,
        r: &'static Requirement,
        e: &mut Element<'_>,
        cache: &mut ElementCache,
        detail: bool,
    ) -> Judged {
        let judged = |status, reasons, culprits| Judged {
            requirement: r,
            status,
            reasons,
            culprits,
        };
        let na = |src| judged(Status::NotApplicable(src), WhyKey::default(), None);
        // Applicability: the user's, the built-in rules, the base SR.
        if e.na_mask & bit(r.index) != 0
            && let Some(&(_, k)) = e.na.iter().find(|(i, _)| *i == r.index)
        {
            return na(NaSource::User(k));
        }
        if let Some((c, rule)) = r.condition
            && !e.conditions.holds(c)
        {
            return na(NaSource::BuiltIn(rule));
        }
        let base_unmet = r.base.is_some_and(|b| e.unmet & bit(b) != 0);
        if let Some(b) = r.base
            && e.decided & bit(b) == 0
            && (e.na_mask & bit(b) != 0
                || self.catalog.system[b]
                    .condition
                    .is_some_and(|(c, _)| !e.conditions.holds(c)))
        {
            return na(NaSource::Base);
        }
        let f = r.fr.index();
        let level = r.level.get() as i8;
        // An untrusted-network item is enforced where such a network comes in.
        let untrusted = matches!(r.condition, Some((Condition::UntrustedNetwork, _)));
        let tech_met = r.providers.iter().any(|p| match p {
            Provider::Component => self.reach_component(e, r, f) >= level,
            Provider::Boundary => self.reach_boundary(e, f, untrusted) >= level,
            Provider::Service => r
                .service
                .is_some_and(|k| self.reach_service(e, k, f) >= level),
            Provider::Organisation => false,
        });
        // Channels that hold the communication items of a conduit down, and the measures on
        // named channels that lift them.
        let mut deficient = false;
        let mut lifted: Vec<u32> = Vec::new();
        let mut channels = None;
        if let El::Conduit(c) = e.el
            && self.channel_item[r.index]
        {
            let ci = &self.conduits[c];
            if ci.channel_cms.is_empty() {
                deficient = ci.channels.iter().any(|ch| ch.lacks(r.fr));
                if deficient && detail {
                    channels = Some(self.channel_reasons(c, r.fr, &[], cache).1);
                }
            } else {
                let mut lifted_pos = Vec::new();
                for (k, pos) in &ci.channel_cms {
                    if self.covers(*k, r) {
                        lifted.push(*k);
                        lifted_pos.push(*pos);
                    }
                }
                let (n, reasons) = self.channel_reasons(c, r.fr, &lifted_pos, cache);
                if n > 0 {
                    deficient = true;
                    channels = Some(reasons);
                }
            }
        }
        // Countermeasures on the whole element.
        let cover = e.cover[usize::from(!r.is_technical())];
        let by: Vec<u32> = if cover & bit(r.index) == 0 {
            Vec::new()
        } else {
            e.cms
                .iter()
                .copied()
                .filter(|&k| self.covers(k, r))
                .collect()
        };
        if !by.is_empty() && !base_unmet {
            return judged(Status::Covered(by), WhyKey::default(), None);
        }
        if by.is_empty() && tech_met {
            if !deficient {
                if lifted.is_empty() {
                    return judged(Status::Met, WhyKey::default(), None);
                }
                lifted.sort_unstable();
                lifted.dedup();
                return judged(Status::Covered(lifted), WhyKey::default(), None);
            }
            // Met by a provider but held down by a channel: only the channel reasons count.
            let why = WhyKey {
                channels,
                ..WhyKey::default()
            };
            return judged(Status::Unmet, why, None);
        }
        // Unmet: why, provider by provider.
        let mut why = WhyKey::default();
        let mut culprits = None;
        if detail {
            let level = r.level.get();
            for p in &r.providers {
                let (met, part) = match p {
                    Provider::Component => {
                        let pos = self.component(e.el, r, level, cache);
                        let ok = cache.component.0[pos].1.ok;
                        if !ok {
                            culprits = Some(pos as u16);
                        }
                        (ok, Part::Component(pos as u16))
                    }
                    // Without reasons only the component provider's culprits are wanted.
                    Provider::Boundary | Provider::Service if !self.reasons => continue,
                    Provider::Boundary => {
                        let (ok, pos) = self.boundary(e.el, (e.target, f, level, untrusted), cache);
                        (ok, Part::Boundary(pos))
                    }
                    Provider::Service => match self.service(e.el, r, (e.target, f, level), cache) {
                        Some((ok, pos)) => (ok, Part::Service(pos)),
                        None => continue,
                    },
                    Provider::Organisation => continue,
                };
                if !met {
                    why.push(part);
                }
            }
            why.channels = channels;
        }
        why.extra = if base_unmet && !by.is_empty() {
            Some(ExtraReason::BaseUnmet(r.base_id()))
        } else if !r.providers.iter().any(|p| *p != Provider::Organisation) {
            Some(ExtraReason::NeedsProcedure)
        } else {
            None
        };
        judged(Status::Unmet, why, culprits)
    }

    /// The highest level the element's components meet on FR `f` for `r`'s counterpart
    /// classes: the lowest SL-C among the relevant members (channel ends on a conduit), -1
    /// when one is unknown or a conduit describes no channels, 5 when none is relevant.
    fn reach_component(&self, e: &mut Element<'_>, r: &Requirement, f: usize) -> i8 {
        let slot = usize::from(self.item_slot[r.index]);
        if let Some(Some(levels)) = e.reach.component.get(slot) {
            return levels[f];
        }
        let mask = self.mask_slots[slot];
        let mut out = [ALWAYS; 7];
        let mut fold = |a: u32| {
            let m = self.masks[a as usize];
            if m != 0 && m & mask == 0 {
                return;
            }
            match &self.slc[a as usize] {
                Some(l) => {
                    for (o, &x) in out.iter_mut().zip(l) {
                        *o = (*o).min(x as i8);
                    }
                }
                None => out = [NEVER; 7],
            }
        };
        match e.el {
            El::Zone(z) => self.zones[z].members.iter().copied().for_each(&mut fold),
            El::Conduit(c) if self.conduits[c].channels.is_empty() => out = [NEVER; 7],
            El::Conduit(c) => self.conduits[c]
                .channels
                .iter()
                .flat_map(|ch| ch.ends.iter().copied())
                .for_each(&mut fold),
        }
        if let Some(cached) = e.reach.component.get_mut(slot) {
            *cached = Some(out);
        }
        out[f]
    }

    /// The highest level the boundary devices protecting the element meet on FR `f`: a
    /// conduit's best device; for a zone the weakest of its conduits' best devices (with
    /// `untrusted`, of the conduits that reach an untrusted network only).
    fn reach_boundary(&self, e: &mut Element<'_>, f: usize, untrusted: bool) -> i8 {
        let u = usize::from(untrusted);
        if let Some(levels) = e.reach.boundary[u] {
            return levels[f];
        }
        let mut out = [NEVER; 7];
        for (fi, o) in out.iter_mut().enumerate() {
            *o = match e.el {
                El::Conduit(c) => self.conduit_reach(c as u32, e.target, fi),
                El::Zone(z) if self.zones[z].conduits.is_empty() => NEVER,
                El::Zone(z) => self.zones[z]
                    .conduits
                    .iter()
                    .filter(|&&c| !untrusted || self.conduits[c as usize].conditions.untrusted)
                    .map(|&c| self.conduit_reach(c, e.target, fi))
                    .min()
                    .unwrap_or(ALWAYS),
            };
        }
        e.reach.boundary[u] = Some(out);
        out[f]
    }

    /// The best boundary device of conduit `c` on FR `f` (see [`Self::conduit_boundary`]).
    fn conduit_reach(&self, c: u32, target: Levels, f: usize) -> i8 {
        let ci = &self.conduits[c as usize];
        let (mut best, _) = self.best(&ci.devices, f);
        if self.extra_device(c) {
            let l = Self::extra_level(ci.target.or(Some(target)), f);
            best = Some(best.map_or(l, |b| b.max(l)));
        }
        best.map_or(NEVER, |b| b as i8)
    }

    /// The highest level a service of `kind` serving the element meets on FR `f`: for a
    /// conduit, the best over the internal zones it joins.
    fn reach_service(&self, e: &mut Element<'_>, kind: ServiceKind, f: usize) -> i8 {
        let k = kind_index(kind);
        if let Some(levels) = e.reach.service[k] {
            return levels[f];
        }
        let zones: &[u32] = match e.el {
            El::Zone(z) => std::slice::from_ref(&self.zones_self[z]),
            El::Conduit(c) => &self.conduits[c].zones,
        };
        let mut out = [NEVER; 7];
        for (fi, o) in out.iter_mut().enumerate() {
            for &z in zones {
                let zi = &self.zones[z as usize];
                if self.extra_service(z, kind) {
                    *o = (*o).max(Self::extra_level(zi.target.or(Some(e.target)), fi) as i8);
                }
                if let (Some(b), _) = self.best(&zi.services[k], fi) {
                    *o = (*o).max(b as i8);
                }
            }
        }
        e.reach.service[k] = Some(out);
        out[f]
    }

    /// Whether implemented countermeasure `k` covers `r`.
    fn covers(&self, k: u32, r: &Requirement) -> bool {
        let cm = &self.cms[k as usize];
        cm.implemented && cm.covers.contains(&r.index) && cm.may_cover(r)
    }

    /// The channels of conduit `c` whose protocol lacks `fr`'s protection natively, but for
    /// those at `lifted` positions: how many, and as reasons (shared per FR when none is lifted).
    fn channel_reasons(
        &self,
        c: usize,
        fr: Fr,
        lifted: &[usize],
        cache: &mut ElementCache,
    ) -> (usize, u16) {
        if lifted.is_empty()
            && let Some(hit) = cache.channels[fr.index()]
        {
            return (cache.channel_lists[usize::from(hit)].0, hit);
        }
        let mut reasons = std::mem::take(&mut cache.reasons);
        reasons.clear();
        reasons.extend(
            self.conduits[c]
                .channels
                .iter()
                .enumerate()
                .filter(|(pos, ch)| !lifted.contains(pos) && ch.lacks(fr))
                .map(|(_, ch)| Reason::ChannelProtocol {
                    channel: Arc::clone(&ch.label),
                    protocol: ch
                        .protocol
                        .map_or("an unknown protocol", |p| p.name.as_str()),
                }),
        );
        let n = reasons.len();
        cache.channel_lists.push((n, reasons.drain(..).collect()));
        cache.reasons = reasons;
        let pos = (cache.channel_lists.len() - 1) as u16;
        if lifted.is_empty() {
            cache.channels[fr.index()] = Some(pos);
        }
        (n, pos)
    }

    /// The component provider of an item on the element, judged once per FR, level and class
    /// mask (its culprits and reasons are shared by every item with the same three).
    fn component(&self, el: El, r: &Requirement, level: u8, element: &mut ElementCache) -> usize {
        let ElementCache {
            component: cache,
            reasons: buffer,
            no_channels,
            ..
        } = element;
        let f = r.fr.index();
        let mask = r.counterpart_classes;
        let key = (f as u8, level, mask);
        if let Some(pos) = cache.0.iter().position(|(k, _)| *k == key) {
            return pos;
        }
        // An asset with no component class yet is judged on every counterpart.
        let relevant = |a: u32| {
            let m = self.masks[a as usize];
            m == 0 || m & mask != 0
        };
        let short = |a: u32| self.slc[a as usize].is_none_or(|l| l[f] < level);
        let result = match el {
            El::Conduit(c) if self.conduits[c].channels.is_empty() => ComponentResult {
                ok: false,
                culprits: None,
                reasons: Some(Arc::clone(
                    no_channels.get_or_insert_with(|| Arc::from([Reason::NoChannels])),
                )),
            },
            _ => {
                let mut culprits = std::mem::take(&mut cache.1);
                culprits.clear();
                match el {
                    // Members are in id order already.
                    El::Zone(z) => culprits.extend(
                        self.zones[z]
                            .members
                            .iter()
                            .copied()
                            .filter(|&a| relevant(a) && short(a)),
                    ),
                    El::Conduit(c) => {
                        culprits.extend(
                            self.conduits[c]
                                .channels
                                .iter()
                                .flat_map(|ch| ch.ends.iter().copied())
                                .filter(|&a| relevant(a) && short(a)),
                        );
                        culprits.sort_unstable();
                        culprits.dedup();
                    }
                }
                // The reasons depend on the culprits alone: share both with an earlier
                // verdict on the same assets (a device short on every level and FR).
                let earlier = cache.0.iter().find_map(|(_, c)| {
                    c.culprits
                        .as_ref()
                        .filter(|set| set[..] == culprits[..])
                        .map(|set| (Arc::clone(set), c.reasons.clone()))
                });
                let result = if culprits.is_empty() {
                    ComponentResult {
                        ok: true,
                        culprits: None,
                        reasons: None,
                    }
                } else if let Some((set, reasons)) = earlier {
                    ComponentResult {
                        ok: false,
                        culprits: Some(set),
                        reasons,
                    }
                } else if !self.reasons {
                    ComponentResult {
                        ok: false,
                        culprits: Some(Arc::from(&culprits[..])),
                        reasons: None,
                    }
                } else {
                    buffer.clear();
                    buffer.push(Reason::ComponentsBelow);
                    self.flag_sources(&culprits, buffer);
                    ComponentResult {
                        ok: false,
                        culprits: Some(Arc::from(&culprits[..])),
                        reasons: Some(buffer.drain(..).collect()),
                    }
                };
                cache.1 = culprits;
                result
            }
        };
        cache.0.push((key, result));
        cache.0.len() - 1
    }

    /// Unknown and estimated SL-Cs among `assets`, as reasons.
    /// `assets` are sorted positions, so their ids are in id order.
    fn flag_sources(&self, assets: &[u32], reasons: &mut Vec<Reason>) {
        debug_assert!(assets.windows(2).all(|w| w[0] < w[1]));
        // Gathered in this thread's buffer, so that each list is one allocation.
        let mut ids = IDS.take();
        let unknown = |a: u32| self.slc[a as usize].is_none();
        let estimated = |a: u32| {
            let asset = self.assets[a as usize];
            self.slc[a as usize].is_some()
                && matches!(asset.sl_c_source, crate::model::SlcSource::Estimated { .. })
                && asset.known_sl_c().map(|v| v.levels()) == self.slc[a as usize]
        };
        let id = |a: &u32| self.assets[*a as usize].id.clone();
        ids.extend(assets.iter().filter(|&&a| unknown(a)).map(id));
        if !ids.is_empty() {
            reasons.push(Reason::SlcUnknown(ids.drain(..).collect()));
        }
        ids.extend(assets.iter().filter(|&&a| estimated(a)).map(id));
        if !ids.is_empty() {
            reasons.push(Reason::SlcEstimated(ids.drain(..).collect()));
        }
        IDS.set(ids);
    }

    /// The boundary provider on FR `f` at `level`, once per element.
    /// With `untrusted`, only the zone's conduits that reach an untrusted network count.
    fn boundary(
        &self,
        el: El,
        (target, f, level, untrusted): (Levels, usize, u8, bool),
        cache: &mut ElementCache,
    ) -> (bool, u16) {
        let key = (f as u8, level, untrusted);
        let pos = match cache.boundary.iter().position(|(k, _)| *k == key) {
            Some(p) => p,
            None => {
                // Which conduits fall short at this level: the reasons depend on that set
                // alone, so levels and FRs that fail on the same conduits share them.
                let mut failing = std::mem::take(&mut cache.failing);
                failing.clear();
                let reach = |c: u32| self.conduit_reach(c, target, f) < level as i8;
                let no_conduit = match el {
                    El::Conduit(c) => {
                        failing.extend(Some(c as u32).filter(|&c| reach(c)));
                        false
                    }
                    El::Zone(z) => {
                        let zi = &self.zones[z];
                        failing.extend(zi.conduits.iter().copied().filter(|&c| {
                            (!untrusted || self.conduits[c as usize].conditions.untrusted)
                                && reach(c)
                        }));
                        zi.conduits.is_empty()
                    }
                };
                let ok = failing.is_empty() && !no_conduit;
                let shared = if ok {
                    None
                } else if let Some((_, r)) = cache
                    .boundary_sets
                    .iter()
                    .find(|(set, _)| set[..] == failing[..])
                {
                    Some(Arc::clone(r))
                } else {
                    let mut reasons = std::mem::take(&mut cache.reasons);
                    reasons.clear();
                    if no_conduit {
                        reasons.push(Reason::NoConduit);
                    }
                    for &c in &failing {
                        let name = matches!(el, El::Zone(_)).then(|| self.conduit_id(c));
                        self.conduit_boundary(c, name, target, f, level, &mut reasons);
                    }
                    let r: Arc<[Reason]> = reasons.drain(..).collect();
                    cache.reasons = reasons;
                    cache.boundary_sets.push((failing.clone(), Arc::clone(&r)));
                    Some(r)
                };
                cache.failing = failing;
                cache.boundary.push((key, (ok, shared)));
                cache.boundary.len() - 1
            }
        };
        (cache.boundary[pos].1.0, pos as u16)
    }

    /// Whether conduit `c`'s best boundary device reaches `level` on FR `f`; if not, why.
    fn conduit_boundary(
        &self,
        c: u32,
        name: Option<ConduitId>,
        target: Levels,
        f: usize,
        level: u8,
        reasons: &mut Vec<Reason>,
    ) -> bool {
        let ci = &self.conduits[c as usize];
        let (mut best, unknown) = self.best(&ci.devices, f);
        if self.extra_device(c) {
            let l = Self::extra_level(ci.target.or(Some(target)), f);
            best = Some(best.map_or(l, |b| b.max(l)));
        }
        match best {
            _ if ci.devices.is_empty() && best.is_none() => {
                reasons.push(Reason::NoBoundaryDevice(name));
                false
            }
            Some(b) if b >= level => true,
            _ => {
                reasons.push(Reason::BoundaryBelow(name));
                if unknown {
                    let unknown: Vec<u32> = ci
                        .devices
                        .iter()
                        .copied()
                        .filter(|&a| self.slc[a as usize].is_none())
                        .collect();
                    self.flag_sources(&unknown, reasons);
                }
                false
            }
        }
    }

    /// The service provider of `r` on FR `f` at `level`, once per element.
    fn service(
        &self,
        el: El,
        r: &Requirement,
        (target, f, level): (Levels, usize, u8),
        cache: &mut ElementCache,
    ) -> Option<(bool, u16)> {
        let kind = r.service?;
        let k = kind_index(kind);
        let key = (k as u8, f as u8, level);
        let pos = match cache.service.iter().position(|(kk, _)| *kk == key) {
            Some(p) => p,
            None => {
                let zones: &[u32] = match el {
                    El::Zone(z) => std::slice::from_ref(&self.zones_self[z]),
                    El::Conduit(c) => &self.conduits[c].zones,
                };
                let mut any = false;
                let mut ok = false;
                for &z in zones {
                    let zi = &self.zones[z as usize];
                    if self.extra_service(z, kind)
                        && Self::extra_level(zi.target.or(Some(target)), f) >= level
                    {
                        ok = true;
                        break;
                    }
                    let (best, _) = self.best(&zi.services[k], f);
                    any |= !zi.services[k].is_empty();
                    if best.is_some_and(|b| b >= level) {
                        ok = true;
                        break;
                    }
                }
                let reason = if any {
                    Reason::ServiceBelow(kind)
                } else {
                    Reason::NoService(kind)
                };
                // Every element that fails the same way shares the reason (one per thread:
                // a count shared by all threads would bounce between cores).
                let reasons: Option<Arc<[Reason]>> = (!ok).then(|| {
                    let slot = &mut cache.service_reasons[k * 2 + usize::from(any)];
                    Arc::clone(slot.get_or_insert_with(|| Arc::from([reason])))
                });
                cache.service.push((key, (ok, reasons)));
                cache.service.len() - 1
            }
        };
        Some((cache.service[pos].1.0, pos as u16))
    }
}

thread_local! {
    /// Each thread's [`ElementCache`], reused from element to element.
    static CACHE: std::cell::Cell<ElementCache> = std::cell::Cell::default();
    /// Each thread's buffer for lists of asset ids.
    static IDS: std::cell::Cell<Vec<AssetId>> = std::cell::Cell::default();
}

/// A provider level that meets no item, and one that meets every item.
const NEVER: i8 = -1;
const ALWAYS: i8 = SecurityLevel::MAX as i8 + 1;

/// Item `i`'s bit in a mask of catalog indices (the 3-3 catalog has about 100 items; see
/// `catalog::tests`).
fn bit(i: usize) -> u128 {
    1u128 << i
}

/// What each technical provider of the element reaches per FR, worked out on first use.
struct Reach {
    /// Per counterpart class mask (see [`Inputs::mask_slots`]; the catalog has fewer than
    /// [`MASK_SLOTS`], see `catalog::tests`).
    component: [Option<[i8; 7]>; MASK_SLOTS],
    /// All conduits, and only those reaching an untrusted network.
    boundary: [Option<[i8; 7]>; 2],
    service: [Option<[i8; 7]>; 12],
}

impl Default for Reach {
    fn default() -> Self {
        Self {
            component: [None; MASK_SLOTS],
            boundary: [None; 2],
            service: [None; 12],
        }
    }
}

/// Room for the distinct counterpart class masks of the catalog's items.
pub(crate) const MASK_SLOTS: usize = 16;

/// The element being judged, with what its judgement has found so far.
struct Element<'a> {
    el: El,
    target: Levels,
    conditions: Conditions,
    na: &'a [(usize, usize)],
    cms: &'a [u32],
    /// The user's not-applicable items.
    na_mask: u128,
    /// Items its implemented countermeasures may cover: technical, organisational.
    cover: [u128; 2],
    reach: Reach,
    /// Items judged unmet, and judged at all (met, covered or unmet).
    unmet: u128,
    decided: u128,
}

/// Where an asset is placed: a zone or conduit by position, or nowhere.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Holder {
    Zone(u32),
    Conduit(u32),
    None,
}

/// A zone or conduit, by position.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum El {
    Zone(usize),
    Conduit(usize),
}
