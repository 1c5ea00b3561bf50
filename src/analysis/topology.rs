//! A petgraph view of zones (nodes) and conduits (edges). Derived from the model on every
//! analysis, never saved. A one-way conduit only gives edges in its direction of flow.

use std::collections::{HashMap, VecDeque};

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use super::IdHash;
use crate::model::{ConduitId, Model, ZoneId};

pub struct Topology {
    /// Nodes are zone ids; an edge `a -> b` means data can flow from zone a to zone b through
    /// the conduit on the edge.
    pub graph: DiGraph<ZoneId, ConduitId>,
    nodes: HashMap<ZoneId, NodeIndex, IdHash>,
}

impl Topology {
    pub fn build(model: &Model) -> Self {
        let mut graph = DiGraph::with_capacity(model.zones.len(), model.conduits.len() * 2);
        let mut nodes = HashMap::with_capacity_and_hasher(model.zones.len(), IdHash::default());
        for id in model.zones.keys() {
            nodes.insert(id.clone(), graph.add_node(id.clone()));
        }
        let mut ends: Vec<NodeIndex> = Vec::new();
        for c in model.conduits.values() {
            ends.clear();
            ends.extend(c.zones.iter().filter_map(|z| nodes.get(z).copied()));
            let Some((&first, rest)) = ends.split_first() else {
                continue;
            };
            if c.is_one_way() {
                for &b in rest {
                    if b != first {
                        graph.add_edge(first, b, c.id.clone());
                    }
                }
            } else {
                for (i, &a) in ends.iter().enumerate() {
                    for &b in &ends[i + 1..] {
                        if a != b {
                            graph.add_edge(a, b, c.id.clone());
                            graph.add_edge(b, a, c.id.clone());
                        }
                    }
                }
            }
        }
        Self { graph, nodes }
    }

    pub fn node(&self, zone: &ZoneId) -> Option<NodeIndex> {
        self.nodes.get(zone).copied()
    }

    /// The shortest path (fewest conduits) from any of `from` to `to`, as the zones visited and
    /// the conduits crossed. `None` when `to` cannot be reached.
    pub fn shortest_path(
        &self,
        from: &[ZoneId],
        to: &ZoneId,
    ) -> Option<(Vec<ZoneId>, Vec<ConduitId>)> {
        self.search_from(from).path(self, to)
    }

    /// One breadth-first search from all of `from`: the shortest paths from them to every
    /// zone at once (sources in the given order, neighbours by zone id then conduit id, so the
    /// paths are deterministic).
    pub fn search_from(&self, from: &[ZoneId]) -> SearchTree {
        let graph = &self.graph;
        let mut reached = vec![false; graph.node_count()];
        let mut prev = vec![None; graph.node_count()];
        let mut queue = VecDeque::new();
        for z in from {
            if let Some(n) = self.node(z)
                && !reached[n.index()]
            {
                reached[n.index()] = true;
                queue.push_back(n);
            }
        }
        let mut edges = Vec::new();
        while let Some(n) = queue.pop_front() {
            edges.clear();
            edges.extend(graph.edges(n));
            edges.sort_by(|a, b| {
                graph[a.target()]
                    .cmp(&graph[b.target()])
                    .then_with(|| a.weight().cmp(b.weight()))
            });
            for e in &edges {
                let t = e.target();
                if !reached[t.index()] {
                    reached[t.index()] = true;
                    prev[t.index()] = Some((n, e.id()));
                    queue.push_back(t);
                }
            }
        }
        SearchTree { reached, prev }
    }
}

/// The result of [`Topology::search_from`].
pub struct SearchTree {
    /// Per node: whether the search reached it, and from which node over which edge.
    reached: Vec<bool>,
    prev: Vec<Option<(NodeIndex, EdgeIndex)>>,
}

impl SearchTree {
    /// The zones and conduits from a source to `to`; `None` when the search never got there.
    pub fn path(&self, topology: &Topology, to: &ZoneId) -> Option<(Vec<ZoneId>, Vec<ConduitId>)> {
        let target = topology.node(to)?;
        if !self.reached.get(target.index()).copied().unwrap_or(false) {
            return None;
        }
        let graph = &topology.graph;
        let mut zones = vec![graph[target].clone()];
        let mut conduits = Vec::new();
        let mut cur = target;
        while let Some((p, e)) = self.prev[cur.index()] {
            conduits.push(graph[e].clone());
            zones.push(graph[p].clone());
            cur = p;
        }
        zones.reverse();
        conduits.reverse();
        Some((zones, conduits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Conduit, Direction, Rect, Zone, ZoneKind};

    fn model(one_way: bool) -> Model {
        let mut m = Model::default();
        for id in ["Z-EXT", "Z-DMZ", "Z-CTL", "Z-SIS"] {
            m.insert_zone(Zone::new(id, id, ZoneKind::Control, Rect::default()));
        }
        m.insert_conduit(Conduit::new(
            "C-1",
            "ext-dmz",
            vec!["Z-EXT".into(), "Z-DMZ".into()],
        ));
        let mut c2 = Conduit::new("C-2", "ctl-dmz", vec!["Z-CTL".into(), "Z-DMZ".into()]);
        if one_way {
            c2.direction = Direction::Forward;
        }
        m.insert_conduit(c2);
        m.insert_conduit(Conduit::new(
            "C-3",
            "ctl-sis",
            vec!["Z-CTL".into(), "Z-SIS".into()],
        ));
        m
    }

    #[test]
    fn finds_shortest_path() {
        let t = Topology::build(&model(false));
        let (zones, conduits) = t.shortest_path(&["Z-EXT".into()], &"Z-SIS".into()).unwrap();
        let zones: Vec<&str> = zones.iter().map(ZoneId::as_str).collect();
        assert_eq!(zones, ["Z-EXT", "Z-DMZ", "Z-CTL", "Z-SIS"]);
        let conduits: Vec<&str> = conduits.iter().map(ConduitId::as_str).collect();
        assert_eq!(conduits, ["C-1", "C-2", "C-3"]);
    }

    #[test]
    fn one_way_conduit_blocks_the_reverse_path() {
        let t = Topology::build(&model(true));
        assert!(
            t.shortest_path(&["Z-EXT".into()], &"Z-SIS".into())
                .is_none()
        );
        assert!(
            t.shortest_path(&["Z-SIS".into()], &"Z-EXT".into())
                .is_some()
        );
    }
}
