//! A petgraph view of zones (nodes) and conduits (edges). Derived from the model on every
//! analysis, never saved. A one-way conduit only gives edges in its direction of flow.

use std::collections::HashMap;

use petgraph::graph::{DiGraph, NodeIndex};

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
        use petgraph::visit::EdgeRef;
        let target = self.node(to)?;
        let mut prev: HashMap<NodeIndex, (NodeIndex, petgraph::graph::EdgeIndex)> = HashMap::new();
        let mut queue = std::collections::VecDeque::new();
        let mut seen = vec![false; self.graph.node_count()];
        for z in from {
            if let Some(n) = self.node(z)
                && !seen[n.index()]
            {
                seen[n.index()] = true;
                queue.push_back(n);
            }
        }
        while let Some(n) = queue.pop_front() {
            if n == target {
                let mut zones = vec![self.graph[n].clone()];
                let mut conduits = Vec::new();
                let mut cur = n;
                while let Some(&(p, e)) = prev.get(&cur) {
                    conduits.push(self.graph[e].clone());
                    zones.push(self.graph[p].clone());
                    cur = p;
                }
                zones.reverse();
                conduits.reverse();
                return Some((zones, conduits));
            }
            // Visit neighbours in a fixed order (by zone id) for deterministic paths.
            let mut edges: Vec<_> = self.graph.edges(n).collect();
            edges.sort_by(|a, b| {
                self.graph[a.target()]
                    .cmp(&self.graph[b.target()])
                    .then_with(|| a.weight().cmp(b.weight()))
            });
            for e in edges {
                let t = e.target();
                if !seen[t.index()] {
                    seen[t.index()] = true;
                    prev.insert(t, (n, e.id()));
                    queue.push_back(t);
                }
            }
        }
        None
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
