//! Conduits: the communication paths between zones, with their channels.

use serde::{Deserialize, Serialize};

use super::{
    AssetId, ConduitId, NotApplicable, Point, RiskAssessment, SlVector, Specification, ZoneId,
};

/// Which way data may flow, relative to the conduit's zone order.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize,
)]
pub enum Direction {
    #[default]
    Both,
    /// From the first zone to the others (a data diode), or for a channel from source to
    /// destination.
    Forward,
    /// From the other zones to the first (channels only).
    Reverse,
}

impl Direction {
    pub const ALL: [Self; 3] = [Self::Both, Self::Forward, Self::Reverse];

    pub fn label(self) -> &'static str {
        match self {
            Self::Both => "both ways",
            Self::Forward => "one-way →",
            Self::Reverse => "one-way ←",
        }
    }
}

/// One data flow inside a conduit.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// A name unique within the conduit, so countermeasures can name the channel.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Key into the protocol catalog, e.g. `modbus_tcp`.
    pub protocol: String,
    /// `None` uses the protocol's default port (or it has none, as GOOSE).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(default)]
    pub direction: Direction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<AssetId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<AssetId>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub purpose: String,
}

impl Channel {
    pub fn new(protocol: impl Into<String>, purpose: impl Into<String>) -> Self {
        Self {
            name: String::new(),
            protocol: protocol.into(),
            port: None,
            direction: Direction::Both,
            source: None,
            destination: None,
            purpose: purpose.into(),
        }
    }
}

/// Boundary devices are not listed here: they are the assets whose placement is this conduit
/// (see `Model::boundary_devices`), so the two can never disagree.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conduit {
    pub id: ConduitId,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The zones it joins: two or more.
    pub zones: Vec<ZoneId>,
    #[serde(default)]
    pub channels: Vec<Channel>,
    #[serde(default)]
    pub sl_t: Option<SlVector>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sl_t_rationale: String,
    /// `Forward` makes it one-way from `zones[0]` to the others.
    #[serde(default)]
    pub direction: Direction,
    /// Optional bend points of the drawn line, in world coordinates. With three or more
    /// zones the first point is the hub the lines to the zones meet at, and any further
    /// points are the legs (see `legs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub route: Vec<Point>,
    /// Three or more zones, as the automatic layout routes them: per zone, in the order of
    /// `zones`, how many of the route's points after the hub make that zone's leg, from the
    /// hub outwards (the line then runs on into the zone's border). Empty, or not fitting
    /// `zones` and `route`: straight lines from the hub.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legs: Vec<u32>,
    /// 3-3 items set not applicable, each with its justification.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_applicable: Vec<NotApplicable>,
    /// Accountable organisation (ZCR 6.4 b).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organisation: String,
    /// Threat scenarios and the SL-T derivation (ZCR 5).
    #[serde(default, skip_serializing_if = "RiskAssessment::is_empty")]
    pub risk: RiskAssessment,
    /// ZCR 6.4 characteristics.
    #[serde(default, skip_serializing_if = "Specification::is_empty")]
    pub spec: Specification,
}

impl Conduit {
    pub fn new(id: impl Into<ConduitId>, name: impl Into<String>, zones: Vec<ZoneId>) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            zones,
            channels: Vec::new(),
            sl_t: None,
            sl_t_rationale: String::new(),
            direction: Direction::Both,
            route: Vec::new(),
            legs: Vec::new(),
            not_applicable: Vec::new(),
            organisation: String::new(),
            risk: RiskAssessment::default(),
            spec: Specification::default(),
        }
    }

    /// The channel with this name.
    pub fn channel(&self, name: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.name == name)
    }

    pub fn is_one_way(&self) -> bool {
        self.direction == Direction::Forward
    }

    /// The hub of a conduit of three or more zones and, per zone in the order of `zones`, the
    /// bend points of its leg from the hub outwards. `None` without a hub; every leg empty
    /// when `legs` does not fit `zones` and `route` (a conduit drawn by hand: straight lines).
    pub fn hub_legs(&self) -> Option<(Point, Vec<&[Point]>)> {
        let hub = *self.route.first()?;
        Some((
            hub,
            self.routed_legs()
                .unwrap_or_else(|| vec![&[]; self.zones.len()]),
        ))
    }

    /// The legs after the hub, when `legs` fits `zones` and `route`.
    fn routed_legs(&self) -> Option<Vec<&[Point]>> {
        let rest = self.route.get(1..)?;
        let fits = !self.legs.is_empty()
            && self.legs.len() == self.zones.len()
            && self.legs.iter().map(|&n| n as usize).sum::<usize>() == rest.len();
        if !fits {
            return None;
        }
        let mut legs = Vec::with_capacity(self.legs.len());
        let mut at = 0;
        for &n in &self.legs {
            legs.push(&rest[at..at + n as usize]);
            at += n as usize;
        }
        Some(legs)
    }

    /// Sets the route of a conduit of three or more zones: the hub and one leg per zone, in
    /// the order of `zones`.
    pub fn set_hub_route(&mut self, hub: Point, legs: &[Vec<Point>]) {
        self.route = std::iter::once(hub)
            .chain(legs.iter().flatten().copied())
            .collect();
        self.legs = legs
            .iter()
            .map(|l| u32::try_from(l.len()).unwrap_or(u32::MAX))
            .collect();
    }

    /// Adds a zone to join; its leg (if the others have legs) is a straight line from the hub.
    pub fn add_zone(&mut self, zone: ZoneId) {
        self.zones.push(zone);
        if !self.legs.is_empty() {
            self.legs.push(0);
        }
    }

    /// Removes the zone at `i` with its leg (see [`Self::retain_zones`]).
    pub fn remove_zone(&mut self, i: usize) {
        let mut at = 0;
        self.retain_zones(|_| {
            at += 1;
            at - 1 != i
        });
    }

    /// Keeps only the zones `keep` accepts, with their legs. When two are left, their legs
    /// become one route from the first through the hub to the second.
    pub fn retain_zones(&mut self, mut keep: impl FnMut(&ZoneId) -> bool) {
        let kept: Vec<bool> = self.zones.iter().map(&mut keep).collect();
        if kept.iter().all(|k| *k) {
            return;
        }
        let hub = self.route.first().copied();
        let legs: Option<Vec<Vec<Point>>> = self.routed_legs().map(|legs| {
            legs.into_iter()
                .zip(&kept)
                .filter(|(_, k)| **k)
                .map(|(l, _)| l.to_vec())
                .collect()
        });
        let mut i = 0;
        self.zones.retain(|_| {
            i += 1;
            kept[i - 1]
        });
        match (hub, legs) {
            (Some(hub), Some(legs)) if legs.len() == 2 => {
                self.route = legs[0]
                    .iter()
                    .rev()
                    .copied()
                    .chain(std::iter::once(hub))
                    .chain(legs[1].iter().copied())
                    .collect();
                self.legs.clear();
            }
            (Some(hub), Some(legs)) if legs.len() > 2 => self.set_hub_route(hub, &legs),
            (Some(hub), _) if !self.legs.is_empty() => {
                // Legs that did not fit, or too few zones left: the hub alone.
                self.route = vec![hub];
                self.legs.clear();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f32, y: f32) -> Point {
        Point::new(x, y)
    }

    fn hub_conduit() -> Conduit {
        let mut c = Conduit::new("C-1", "", vec!["A".into(), "B".into(), "C".into()]);
        c.set_hub_route(
            p(0.0, 0.0),
            &[
                vec![p(-10.0, 0.0)],
                vec![p(0.0, 5.0), p(10.0, 5.0)],
                vec![p(0.0, -5.0), p(20.0, -5.0)],
            ],
        );
        c
    }

    #[test]
    fn legs_split_the_route_after_the_hub() {
        let c = hub_conduit();
        assert_eq!(c.legs, vec![1, 2, 2]);
        assert_eq!(c.route.len(), 6);
        let (hub, legs) = c.hub_legs().unwrap();
        assert_eq!(hub, p(0.0, 0.0));
        assert_eq!(legs[1], &[p(0.0, 5.0), p(10.0, 5.0)]);
        assert_eq!(legs[2], &[p(0.0, -5.0), p(20.0, -5.0)]);
        // Legs that do not fit (a hand-edited file): straight lines from the hub.
        let mut bad = c.clone();
        bad.legs = vec![1, 2];
        assert_eq!(bad.hub_legs().unwrap().1, vec![&[] as &[Point]; 3]);
        // A hand-drawn hub: no legs.
        let mut drawn = Conduit::new("C-2", "", c.zones.clone());
        assert!(drawn.hub_legs().is_none());
        drawn.route = vec![p(1.0, 2.0)];
        assert_eq!(
            drawn.hub_legs().unwrap(),
            (p(1.0, 2.0), vec![&[] as &[Point]; 3])
        );
    }

    #[test]
    fn zones_added_and_removed_keep_their_legs() {
        let mut c = hub_conduit();
        c.add_zone("D".into());
        c.add_zone("E".into());
        c.remove_zone(4);
        assert_eq!(c.legs, vec![1, 2, 2, 0]);
        assert_eq!(c.hub_legs().unwrap().1[3], &[] as &[Point]);
        c.retain_zones(|z| z.as_str() != "A");
        assert_eq!(c.zones.len(), 3);
        assert_eq!(c.legs, vec![2, 2, 0]);
        assert_eq!(c.hub_legs().unwrap().1[0], &[p(0.0, 5.0), p(10.0, 5.0)]);
        // Two left: one line from B through the hub to C.
        c.retain_zones(|z| z.as_str() != "D");
        assert!(c.legs.is_empty());
        assert_eq!(
            c.route,
            vec![
                p(10.0, 5.0),
                p(0.0, 5.0),
                p(0.0, 0.0),
                p(0.0, -5.0),
                p(20.0, -5.0)
            ]
        );
        // A hand-drawn hub stays as it is.
        let mut drawn = Conduit::new("C-2", "", vec!["A".into(), "B".into(), "C".into()]);
        drawn.route = vec![p(1.0, 2.0)];
        drawn.retain_zones(|z| z.as_str() != "C");
        assert_eq!(drawn.route, vec![p(1.0, 2.0)]);
        assert!(drawn.legs.is_empty());
    }
}
