//! What differs between two models, in words ("2 zones added, 1 asset changed"): shown before
//! a recovered model replaces the saved one.

use std::collections::BTreeMap;

use super::Model;

/// Added, removed and changed counts of one kind of element.
fn count<K: Ord, V: PartialEq>(old: &BTreeMap<K, V>, new: &BTreeMap<K, V>) -> [usize; 3] {
    let added = new.keys().filter(|k| !old.contains_key(*k)).count();
    let removed = old.keys().filter(|k| !new.contains_key(*k)).count();
    let changed = new
        .iter()
        .filter(|(k, v)| old.get(*k).is_some_and(|o| o != *v))
        .count();
    [added, removed, changed]
}

/// The differences from `old` to `new`, one phrase each, in a fixed order; empty when the two
/// are equal.
pub fn summary(old: &Model, new: &Model) -> Vec<String> {
    let mut out = Vec::new();
    let mut kind = |[added, removed, changed]: [usize; 3], one: &str, many: &str| {
        let noun = |n: usize| if n == 1 { one } else { many };
        for (n, what) in [(added, "added"), (removed, "removed"), (changed, "changed")] {
            if n > 0 {
                out.push(format!("{n} {} {what}", noun(n)));
            }
        }
    };
    kind(count(&old.zones, &new.zones), "zone", "zones");
    kind(count(&old.assets, &new.assets), "asset", "assets");
    kind(count(&old.conduits, &new.conduits), "conduit", "conduits");
    kind(
        count(&old.countermeasures, &new.countermeasures),
        "countermeasure",
        "countermeasures",
    );
    kind(
        count(&old.accepted, &new.accepted),
        "accepted finding",
        "accepted findings",
    );
    if old.project != new.project {
        out.push("project details changed".to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rect, Zone, ZoneId, ZoneKind};

    fn zone(id: &str, name: &str) -> Zone {
        Zone::new(
            ZoneId::from(id),
            name,
            ZoneKind::Control,
            Rect::new(0.0, 0.0, 100.0, 100.0),
        )
    }

    #[test]
    fn counts_added_removed_changed() {
        let mut old = Model::default();
        old.zones.insert(ZoneId::from("Z-1"), zone("Z-1", "Cell"));
        old.zones.insert(ZoneId::from("Z-2"), zone("Z-2", "Other"));
        let mut new = old.clone();
        assert!(summary(&old, &new).is_empty());
        new.zones.remove("Z-2");
        new.zones.insert(ZoneId::from("Z-3"), zone("Z-3", "New"));
        new.zones.insert(ZoneId::from("Z-4"), zone("Z-4", "New 2"));
        if let Some(z) = new.zones.get_mut("Z-1") {
            z.name = "Renamed".to_owned();
        }
        new.project.name = "P".to_owned();
        assert_eq!(
            summary(&old, &new),
            [
                "2 zones added",
                "1 zone removed",
                "1 zone changed",
                "project details changed"
            ]
        );
    }
}
