//! The zones and conduits tables of a zoneplan export (`zones.csv`, `conduits.csv`, or the
//! `Zones` and `Conduits` sheets of the workbook) read back into a model, so that an export
//! edited in a spreadsheet imports again: zones with their kind, Purdue level, parent and
//! SL-T; conduits with their zones, direction, SL-T and channels.
//!
//! Rows match what the model has by id, else by name (ignoring case); a match is updated, the
//! rest are added. Cells left empty keep the model's value. The columns the export computes
//! (assets, SL-C, SL-A, unmet items, boundary devices) are not read: they follow from the model.
//! Channel ends name assets, which the assets table may only now bring, so they are resolved
//! by [`resolve_channel_ends`] after the assets are in.

use std::collections::HashMap;

use crate::catalog::catalog;
use crate::model::{
    AssetId, Channel, Conduit, ConduitId, Direction, Model, Rect, SlVector, Zone, ZoneId, ZoneKind,
};

use super::import::{new_id, parse_purdue, parse_yes_no, plural};
use super::mapping::normalise;
use super::table::{CellError, Row, Table};

/// A zone or conduit a row added or changed.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Element {
    pub row: usize,
    pub id: String,
    pub name: String,
    /// The fields that changed (empty for an added element).
    pub fields: Vec<&'static str>,
}

/// What one zones or conduits table did.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct TableReport {
    pub origin: String,
    /// `zone` or `conduit`.
    pub what: &'static str,
    pub added: Vec<Element>,
    pub changed: Vec<Element>,
    /// Rows that matched and changed nothing.
    pub unchanged: usize,
    /// Rows not imported, each with its row and column.
    pub errors: Vec<CellError>,
    /// Values not used in rows that were imported.
    pub warnings: Vec<CellError>,
}

impl TableReport {
    fn new(origin: &str, what: &'static str) -> Self {
        Self {
            origin: origin.to_owned(),
            what,
            ..Self::default()
        }
    }

    /// Notes what a row did to its element.
    fn record(&mut self, row: usize, id: &str, name: &str, added: bool, fields: Vec<&'static str>) {
        let element = Element {
            row,
            id: id.to_owned(),
            name: name.to_owned(),
            fields: Vec::new(),
        };
        if added {
            self.added.push(element);
        } else if fields.is_empty() {
            self.unchanged += 1;
        } else {
            self.changed.push(Element { fields, ..element });
        }
    }

    /// Notes a change found after the row of an element that was already in the model was
    /// recorded (a parent, a channel's ends): an unchanged element becomes changed.
    fn late_change(&mut self, row: usize, id: &str, name: &str, field: &'static str) {
        if let Some(e) = self.changed.iter_mut().find(|e| e.id == id) {
            if !e.fields.contains(&field) {
                e.fields.push(field);
            }
            return;
        }
        self.unchanged = self.unchanged.saturating_sub(1);
        self.record(row, id, name, false, vec![field]);
    }

    /// "zones.csv: 4 zones added, 1 changed, 0 unchanged, 1 row skipped".
    pub fn summary(&self) -> String {
        format!(
            "{}: {} added, {} changed, {} unchanged, {} skipped",
            self.origin,
            plural(self.added.len(), self.what, &format!("{}s", self.what)),
            self.changed.len(),
            self.unchanged,
            plural(self.errors.len(), "row", "rows"),
        )
    }

    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![self.summary()];
        for e in &self.added {
            out.push(format!(
                "{} row {}: added {} {} `{}`",
                self.origin, e.row, self.what, e.id, e.name
            ));
        }
        for e in &self.changed {
            out.push(format!(
                "{} row {}: changed {} {} `{}`: {}",
                self.origin,
                e.row,
                self.what,
                e.id,
                e.name,
                e.fields.join(", ")
            ));
        }
        for e in self.warnings.iter().chain(&self.errors) {
            out.push(format!("{}: {e}", self.origin));
        }
        out
    }
}

/// The columns of a table, by field name: the export's header and the other names accepted.
struct Columns<'t> {
    table: &'t Table,
    index: HashMap<&'static str, usize>,
}

impl<'t> Columns<'t> {
    fn new(table: &'t Table, fields: &[(&'static str, &[&str])]) -> Self {
        let normal: Vec<String> = table.headers.iter().map(|h| normalise(h)).collect();
        let index = fields
            .iter()
            .filter_map(|(field, names)| {
                names
                    .iter()
                    .find_map(|n| normal.iter().position(|h| *h == normalise(n)))
                    .map(|i| (*field, i))
            })
            .collect();
        Self { table, index }
    }

    fn has(&self, field: &str) -> bool {
        self.index.contains_key(field)
    }

    fn get<'r>(&self, row: &'r Row, field: &str) -> Option<&'r str> {
        self.index
            .get(field)
            .and_then(|i| row.cells.get(*i))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }

    fn error(&self, row: usize, field: &str, message: String) -> CellError {
        CellError {
            row,
            column: self.index.get(field).map(|i| self.table.column_name(*i)),
            message,
        }
    }
}

const ZONE_FIELDS: &[(&str, &[&str])] = &[
    ("id", &["Id", "Zone id"]),
    ("name", &["Name", "Zone", "Zone name"]),
    ("kind", &["Kind", "Zone kind", "Type"]),
    ("purdue", &["Purdue level", "Purdue", "Level"]),
    ("parent", &["Parent", "Parent zone"]),
    ("sl_t", &["SL-T", "Target security level"]),
    ("organisation", &["Organisation", "Organization", "Owner"]),
    ("rationale", &["SL-T rationale", "Rationale"]),
    ("safety", &["Safety designated", "Safety"]),
    ("description", &["Description"]),
];

const CONDUIT_FIELDS: &[(&str, &[&str])] = &[
    ("id", &["Id", "Conduit id"]),
    ("name", &["Name", "Conduit", "Conduit name"]),
    ("zones", &["Zones"]),
    ("direction", &["Direction"]),
    ("sl_t", &["SL-T", "Target security level"]),
    ("rationale", &["SL-T rationale", "Rationale"]),
    ("organisation", &["Organisation", "Organization", "Owner"]),
    ("description", &["Description"]),
    ("channel", &["Channel", "Channel name"]),
    ("protocol", &["Protocol"]),
    ("port", &["Port"]),
    ("channel_direction", &["Channel direction"]),
    ("source", &["Source"]),
    ("destination", &["Destination"]),
    ("purpose", &["Purpose"]),
];

/// The header row lacks a column the table needs: nothing of it is read.
fn missing_columns(table: &Table, what: &str) -> CellError {
    CellError {
        row: 1,
        column: None,
        message: format!(
            "{what}; the headers are: {}; nothing of it is read",
            table.headers.join(", ")
        ),
    }
}

/// A zone kind by its label (`Transient / maintenance`) or key (`remote_site`).
pub fn parse_zone_kind(s: &str) -> Option<ZoneKind> {
    let n = normalise(s);
    ZoneKind::ALL
        .into_iter()
        .find(|k| normalise(k.label()) == n || normalise(k.key()) == n)
}

/// A direction by its label (`one-way →`) or a word (`both`, `forward`, `reverse`, `->`).
pub fn parse_direction(s: &str) -> Option<Direction> {
    let t = s.trim();
    if let Some(d) = Direction::ALL.into_iter().find(|d| d.label() == t) {
        return Some(d);
    }
    match normalise(t).as_str() {
        "both" | "both ways" | "bidirectional" | "two way" => Some(Direction::Both),
        "forward" | "one way" | "one way forward" => Some(Direction::Forward),
        "reverse" | "one way reverse" => Some(Direction::Reverse),
        _ => match t {
            "->" | "→" => Some(Direction::Forward),
            "<-" | "←" => Some(Direction::Reverse),
            "<->" | "↔" => Some(Direction::Both),
            _ => None,
        },
    }
}

/// A protocol's catalog key from its name or key (ignoring case); `None` for one the catalog
/// does not know.
fn protocol_key(s: &str) -> Option<String> {
    // Every protocol's name and key, normalised, built once.
    static INDEX: std::sync::OnceLock<HashMap<String, String>> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut m = HashMap::new();
        for p in &catalog().protocols {
            m.entry(normalise(&p.key)).or_insert_with(|| p.key.clone());
        }
        for p in &catalog().protocols {
            m.entry(normalise(&p.name)).or_insert_with(|| p.key.clone());
        }
        m
    });
    index.get(&normalise(s)).cloned()
}

fn parse_vector(s: &str) -> Result<SlVector, String> {
    s.parse::<SlVector>()
        .map_err(|e| format!("`{s}` is not an SL-T vector: {e}"))
}

/// Element ids by name (trimmed, ignoring case), to find a row's element by id, else by name,
/// without a scan of the model per row. A name two elements share finds the first in id order.
struct Names(HashMap<String, String>);

impl Names {
    fn key(name: &str) -> String {
        name.trim().to_lowercase()
    }

    /// From (id, name) pairs in id order.
    fn of<'a>(items: impl Iterator<Item = (&'a str, &'a str)>) -> Self {
        let mut names = Self(HashMap::new());
        for (id, name) in items {
            names
                .0
                .entry(Self::key(name))
                .or_insert_with(|| id.to_owned());
        }
        names
    }

    /// The element `has` knows by `id`, else the one named `name`.
    fn find(
        &self,
        has: impl Fn(&str) -> bool,
        id: Option<&str>,
        name: Option<&str>,
    ) -> Option<String> {
        if let Some(id) = id.filter(|i| has(i)) {
            return Some(id.to_owned());
        }
        self.0.get(&Self::key(name?)).cloned()
    }

    /// Element `id` was named `old` (if it existed) and is named `new` now.
    fn renamed(&mut self, id: &str, old: Option<&str>, new: &str) {
        if let Some(old) = old
            && self.0.get(&Self::key(old)).is_some_and(|i| i == id)
        {
            self.0.remove(&Self::key(old));
        }
        self.0
            .entry(Self::key(new))
            .or_insert_with(|| id.to_owned());
    }
}

fn zone_names(model: &Model) -> Names {
    Names::of(
        model
            .zones
            .values()
            .map(|z| (z.id.as_str(), z.name.as_str())),
    )
}

/// Sets `*field` to `value` when it differs; notes `name` in `changed`.
fn set<T: PartialEq>(field: &mut T, value: T, name: &'static str, changed: &mut Vec<&'static str>) {
    if *field != value {
        *field = value;
        changed.push(name);
    }
}

/// Reads the zones table into `model`. Parents are set once every zone of the table exists,
/// so a subzone may come before its parent.
pub fn import_zones(model: &mut Model, table: &Table) -> TableReport {
    let mut report = TableReport::new(&table.origin, "zone");
    report.errors.extend(table.bad_rows.iter().cloned());
    let cols = Columns::new(table, ZONE_FIELDS);
    if !cols.has("name") && !cols.has("id") {
        report.errors.push(missing_columns(
            table,
            "a zones table needs a `Name` or `Id` column",
        ));
        return report;
    }
    let mut taken = std::collections::HashSet::new();
    // (row, zone, its parent's name or id, whether the zone is new)
    let mut parents: Vec<(usize, ZoneId, &str, bool)> = Vec::new();
    let mut seen: HashMap<ZoneId, usize> = HashMap::new();
    let mut names = zone_names(model);
    for row in &table.rows {
        let (id, name) = (cols.get(row, "id"), cols.get(row, "name"));
        let Some(label) = name.or(id) else {
            report.errors.push(cols.error(
                row.number,
                "name",
                "no name and no id; the row is skipped".to_owned(),
            ));
            continue;
        };
        let values = match zone_values(&cols, row) {
            Ok(v) => v,
            Err(e) => {
                report.errors.push(e);
                continue;
            }
        };
        let existing = names
            .find(|i| model.zones.contains_key(i), id, name)
            .map(ZoneId::new);
        if let Some(z) = &existing
            && let Some(first) = seen.get(z)
        {
            report.errors.push(cols.error(
                row.number,
                "name",
                format!("`{label}` is the same zone as row {first}; the row is skipped"),
            ));
            continue;
        }
        let (mut zone, added) = match &existing {
            Some(z) => (model.zones[z].clone(), false),
            None => {
                let new_id = new_id(model, &mut taken, id, "Z", label);
                let kind = values.kind.unwrap_or(ZoneKind::Control);
                let mut z = Zone::new(
                    new_id.as_str(),
                    label,
                    kind,
                    Rect::new(0.0, 0.0, 300.0, 150.0),
                );
                z.purdue_level = values.purdue;
                (z, true)
            }
        };
        let mut fields = Vec::new();
        if let Some(n) = name {
            set(&mut zone.name, n.to_owned(), "name", &mut fields);
        }
        apply_zone(&mut zone, values, &mut fields);
        seen.insert(zone.id.clone(), row.number);
        if let Some(p) = cols.get(row, "parent") {
            parents.push((row.number, zone.id.clone(), p, added));
        } else if cols.has("parent") && zone.parent.is_some() {
            zone.parent = None;
            fields.push("parent");
        }
        report.record(row.number, zone.id.as_str(), &zone.name, added, fields);
        let old = model.zones.get(&zone.id).map(|z| z.name.as_str());
        names.renamed(zone.id.as_str(), old, &zone.name);
        model.insert_zone(zone);
    }
    for (row, zone, parent, added) in parents {
        if set_parent(model, &names, &cols, &mut report, (row, &zone), parent) && !added {
            let name = model.name_of(zone.as_str()).to_owned();
            report.late_change(row, zone.as_str(), &name, "parent");
        }
    }
    report
}

/// The values of a zone row; `None` where the cell is empty.
struct ZoneValues {
    kind: Option<ZoneKind>,
    purdue: Option<crate::model::PurdueLevel>,
    sl_t: Option<SlVector>,
    organisation: Option<String>,
    rationale: Option<String>,
    safety: Option<bool>,
    description: Option<String>,
}

fn zone_values(cols: &Columns<'_>, row: &Row) -> Result<ZoneValues, CellError> {
    let skip = |f: &str, m: String| cols.error(row.number, f, format!("{m}; the row is skipped"));
    let text = |f: &str| cols.get(row, f).map(str::to_owned);
    Ok(ZoneValues {
        kind: match cols.get(row, "kind") {
            Some(s) => Some(parse_zone_kind(s).ok_or_else(|| {
                let kinds: Vec<&str> = ZoneKind::ALL.iter().map(|k| k.label()).collect();
                skip(
                    "kind",
                    format!("`{s}` is not a zone kind ({})", kinds.join(", ")),
                )
            })?),
            None => None,
        },
        purdue: match cols.get(row, "purdue") {
            Some(s) => Some(parse_purdue(s).ok_or_else(|| {
                skip(
                    "purdue",
                    format!("`{s}` is not a Purdue level (0, 1, 2, 3, 3.5, 4, 5 or L0 ... L5)"),
                )
            })?),
            None => None,
        },
        sl_t: match cols.get(row, "sl_t") {
            Some(s) => Some(parse_vector(s).map_err(|m| skip("sl_t", m))?),
            None => None,
        },
        organisation: text("organisation"),
        rationale: text("rationale"),
        safety: match cols.get(row, "safety") {
            Some(s) => Some(
                parse_yes_no(s)
                    .ok_or_else(|| skip("safety", format!("`{s}` is neither yes nor no")))?,
            ),
            None => None,
        },
        description: text("description"),
    })
}

fn apply_zone(z: &mut Zone, v: ZoneValues, fields: &mut Vec<&'static str>) {
    if let Some(k) = v.kind {
        set(&mut z.kind, k, "kind", fields);
    }
    if let Some(p) = v.purdue {
        set(&mut z.purdue_level, Some(p), "Purdue level", fields);
    }
    if let Some(s) = v.sl_t {
        set(&mut z.sl_t, Some(s), "SL-T", fields);
    }
    if let Some(o) = v.organisation {
        set(&mut z.organisation, o, "organisation", fields);
    }
    if let Some(r) = v.rationale {
        set(&mut z.sl_t_rationale, r, "SL-T rationale", fields);
    }
    if let Some(s) = v.safety {
        set(&mut z.safety_designated, s, "safety designated", fields);
    }
    if let Some(d) = v.description {
        set(&mut z.description, d, "description", fields);
    }
}

/// Makes `parent` (a zone's name or id) the parent of `zone`, unless that would nest a zone
/// in itself; whether the parent changed.
fn set_parent(
    model: &mut Model,
    names: &Names,
    cols: &Columns<'_>,
    report: &mut TableReport,
    (row, zone): (usize, &ZoneId),
    parent: &str,
) -> bool {
    let Some(p) = names
        .find(|i| model.zones.contains_key(i), Some(parent), Some(parent))
        .map(ZoneId::new)
    else {
        report.warnings.push(cols.error(
            row,
            "parent",
            format!("there is no zone `{parent}` (by name or id); the zone is left top-level"),
        ));
        return false;
    };
    if &p == zone || model.ancestors(&p).contains(zone) {
        report.warnings.push(cols.error(
            row,
            "parent",
            format!(
                "`{parent}` is inside `{}` already, so it cannot be its parent; the parent is left as it was",
                model.name_of(zone.as_str())
            ),
        ));
        return false;
    }
    let Some(z) = model.zones.get_mut(zone) else {
        return false;
    };
    if z.parent.as_ref() == Some(&p) {
        return false;
    }
    z.parent = Some(p);
    true
}

/// The asset names a channel row gives for its ends.
#[derive(Clone, Debug, Default)]
struct EndNames {
    source: Option<String>,
    destination: Option<String>,
}

/// One channel's ends to resolve: its conduit, its place in the conduit and its row.
#[derive(Clone, Debug)]
struct End {
    conduit: ConduitId,
    /// The conduit is new in this import (so its report line says "added" already).
    added: bool,
    channel: usize,
    row: usize,
    names: EndNames,
}

/// A channel's ends as the table names them, resolved once the assets are in.
#[derive(Clone, Debug, Default)]
pub struct PendingEnds {
    ends: Vec<End>,
    source_column: Option<String>,
    destination_column: Option<String>,
}

/// Reads the conduits table into `model`: one row per channel (a conduit without channels has
/// one row with the channel cells empty). A conduit the table lists gets the table's channels.
pub fn import_conduits(model: &mut Model, table: &Table) -> (TableReport, PendingEnds) {
    let mut report = TableReport::new(&table.origin, "conduit");
    report.errors.extend(table.bad_rows.iter().cloned());
    let cols = Columns::new(table, CONDUIT_FIELDS);
    let mut pending = PendingEnds {
        source_column: cols.index.get("source").map(|i| table.column_name(*i)),
        destination_column: cols.index.get("destination").map(|i| table.column_name(*i)),
        ..PendingEnds::default()
    };
    if (!cols.has("name") && !cols.has("id")) || !cols.has("zones") {
        report.errors.push(missing_columns(
            table,
            "a conduits table needs a `Name` (or `Id`) and a `Zones` column",
        ));
        return (report, pending);
    }
    // The rows of each conduit, in table order, keyed by id or name.
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<&Row>> = HashMap::new();
    for row in &table.rows {
        let Some(key) = cols.get(row, "id").or(cols.get(row, "name")) else {
            report.errors.push(cols.error(
                row.number,
                "name",
                "no name and no id; the row is skipped".to_owned(),
            ));
            continue;
        };
        let key = key.to_lowercase();
        if !groups.contains_key(&key) {
            order.push(key.clone());
        }
        groups.entry(key).or_default().push(row);
    }
    let mut taken = std::collections::HashSet::new();
    let mut names = Lookup {
        zones: zone_names(model),
        conduits: Names::of(
            model
                .conduits
                .values()
                .map(|c| (c.id.as_str(), c.name.as_str())),
        ),
    };
    for key in order {
        let rows = &groups[&key];
        import_conduit(
            model,
            &mut names,
            &cols,
            rows,
            &mut taken,
            &mut report,
            &mut pending,
        );
    }
    (report, pending)
}

/// The zones and conduits of the model by name, while the conduits table is read.
struct Lookup {
    zones: Names,
    conduits: Names,
}

fn import_conduit(
    model: &mut Model,
    names: &mut Lookup,
    cols: &Columns<'_>,
    rows: &[&Row],
    taken: &mut std::collections::HashSet<String>,
    report: &mut TableReport,
    pending: &mut PendingEnds,
) {
    let first = rows[0];
    let (id, name) = (cols.get(first, "id"), cols.get(first, "name"));
    let label = name.or(id).unwrap_or_default();
    let skip =
        |f: &str, m: String| cols.error(first.number, f, format!("{m}; the conduit is skipped"));
    // Its zones, by name or id.
    let mut zones = Vec::new();
    for z in cols
        .get(first, "zones")
        .unwrap_or_default()
        .split(['|', ';'])
        .map(str::trim)
        .filter(|z| !z.is_empty())
    {
        match names
            .zones
            .find(|i| model.zones.contains_key(i), Some(z), Some(z))
            .map(ZoneId::new)
        {
            Some(found) if !zones.contains(&found) => zones.push(found),
            Some(_) => {}
            None => {
                report.errors.push(skip(
                    "zones",
                    format!("there is no zone `{z}` (by name or id)"),
                ));
                return;
            }
        }
    }
    if zones.len() < 2 {
        report.errors.push(skip(
            "zones",
            "a conduit joins two or more zones (separate them with `|`)".to_owned(),
        ));
        return;
    }
    let direction = match cols.get(first, "direction") {
        Some(s) => match parse_direction(s) {
            Some(d) => Some(d),
            None => {
                report.errors.push(skip(
                    "direction",
                    format!("`{s}` is not a direction (both ways, one-way →)"),
                ));
                return;
            }
        },
        None => None,
    };
    let sl_t = match cols.get(first, "sl_t").map(parse_vector) {
        Some(Ok(v)) => Some(v),
        Some(Err(m)) => {
            report.errors.push(skip("sl_t", m));
            return;
        }
        None => None,
    };
    let mut channels = Vec::new();
    let mut ends = Vec::new();
    for row in rows {
        match channel(cols, row) {
            Ok(Some((ch, names))) => {
                if names.source.is_some() || names.destination.is_some() {
                    ends.push((channels.len(), row.number, names));
                }
                channels.push(ch);
            }
            Ok(None) => {}
            Err(e) => report.errors.push(e),
        }
        if let Some(p) = cols.get(row, "protocol")
            && protocol_key(p).is_none()
        {
            report.warnings.push(cols.error(
                row.number,
                "protocol",
                format!("`{p}` is not a protocol the catalog knows; kept as written"),
            ));
        }
    }
    let existing = names
        .conduits
        .find(|i| model.conduits.contains_key(i), id, name)
        .map(ConduitId::new);
    let (mut c, added) = match &existing {
        Some(x) => (model.conduits[x].clone(), false),
        None => {
            let new_id = new_id(model, taken, id, "C", label);
            (Conduit::new(new_id.as_str(), label, zones.clone()), true)
        }
    };
    let mut fields = Vec::new();
    if let Some(n) = name {
        set(&mut c.name, n.to_owned(), "name", &mut fields);
    }
    set(&mut c.zones, zones, "zones", &mut fields);
    if let Some(d) = direction {
        set(&mut c.direction, d, "direction", &mut fields);
    }
    if let Some(s) = sl_t {
        set(&mut c.sl_t, Some(s), "SL-T", &mut fields);
    }
    for (f, field, label) in [
        ("rationale", &mut c.sl_t_rationale, "SL-T rationale"),
        ("organisation", &mut c.organisation, "organisation"),
        ("description", &mut c.description, "description"),
    ] {
        if let Some(v) = cols.get(first, f) {
            set(field, v.to_owned(), label, &mut fields);
        }
    }
    // Channels the table gives replace the conduit's; ends already resolved are kept when the
    // table names the same assets (checked after the assets are in).
    let mut new_channels = channels;
    for (i, ch) in new_channels.iter_mut().enumerate() {
        if let Some(old) = c.channels.get(i) {
            ch.source.clone_from(&old.source);
            ch.destination.clone_from(&old.destination);
        }
    }
    let unnamed_ends: Vec<usize> = (0..new_channels.len())
        .filter(|i| !ends.iter().any(|(j, ..)| j == i))
        .collect();
    for i in unnamed_ends {
        new_channels[i].source = None;
        new_channels[i].destination = None;
    }
    set(&mut c.channels, new_channels, "channels", &mut fields);
    for (channel, row, names) in ends {
        pending.ends.push(End {
            conduit: c.id.clone(),
            added,
            channel,
            row,
            names,
        });
    }
    report.record(first.number, c.id.as_str(), &c.name, added, fields);
    let old = model.conduits.get(&c.id).map(|x| x.name.as_str());
    names.conduits.renamed(c.id.as_str(), old, &c.name);
    model.insert_conduit(c);
}

/// A channel row: the channel and the names of its ends, or `None` when the row has no
/// channel cells (a conduit without channels).
fn channel(cols: &Columns<'_>, row: &Row) -> Result<Option<(Channel, EndNames)>, CellError> {
    let (name, protocol) = (cols.get(row, "channel"), cols.get(row, "protocol"));
    let Some(protocol_text) = protocol.or(name) else {
        return Ok(None);
    };
    let skip =
        |f: &str, m: String| cols.error(row.number, f, format!("{m}; the channel is skipped"));
    let key = match protocol {
        Some(p) => protocol_key(p).unwrap_or_else(|| p.to_owned()),
        None => {
            return Err(skip(
                "protocol",
                format!("channel `{protocol_text}` names no protocol"),
            ));
        }
    };
    let mut ch = Channel::new(key, cols.get(row, "purpose").unwrap_or_default());
    ch.name = name.unwrap_or_default().to_owned();
    if let Some(p) = cols.get(row, "port") {
        let port = p
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| skip("port", format!("`{p}` is not a port (1–65535)")))?;
        ch.port = Some(port);
    }
    if let Some(d) = cols.get(row, "channel_direction") {
        ch.direction = parse_direction(d).ok_or_else(|| {
            skip(
                "channel_direction",
                format!("`{d}` is not a direction (both ways, one-way →, one-way ←)"),
            )
        })?;
    }
    let end = |f: &str| cols.get(row, f).map(str::to_owned);
    Ok(Some((
        ch,
        EndNames {
            source: end("source"),
            destination: end("destination"),
        },
    )))
}

/// Sets the channel ends the conduits table named, now that the assets are in (by asset name,
/// ignoring case, or id). An end that names no asset is left empty and reported.
pub fn resolve_channel_ends(model: &mut Model, pending: PendingEnds, report: &mut TableReport) {
    let by_name: HashMap<String, AssetId> = model
        .assets
        .values()
        .map(|a| (a.name.trim().to_lowercase(), a.id.clone()))
        .collect();
    let lookup = |s: &str| -> Option<AssetId> {
        model
            .assets
            .get(s)
            .map(|a| a.id.clone())
            .or_else(|| by_name.get(&s.trim().to_lowercase()).cloned())
    };
    let mut resolved = Vec::new();
    for End {
        conduit,
        added,
        channel: i,
        row,
        names: EndNames {
            source,
            destination,
        },
    } in pending.ends
    {
        let mut end = |name: Option<String>, column: &Option<String>| {
            let name = name?;
            let found = lookup(&name);
            if found.is_none() {
                report.warnings.push(CellError {
                    row,
                    column: column.clone(),
                    message: format!(
                        "there is no asset `{name}` (by name or id); the channel's end is left open"
                    ),
                });
            }
            found
        };
        let s = end(source, &pending.source_column);
        let d = end(destination, &pending.destination_column);
        resolved.push((conduit, added, i, row, s, d));
    }
    for (conduit, added, i, row, s, d) in resolved {
        let Some(ch) = model
            .conduits
            .get_mut(&conduit)
            .and_then(|c| c.channels.get_mut(i))
        else {
            continue;
        };
        if ch.source != s || ch.destination != d {
            ch.source = s;
            ch.destination = d;
            if added {
                continue;
            }
            let name = model.name_of(conduit.as_str()).to_owned();
            report.late_change(row, conduit.as_str(), &name, "channels");
        }
    }
}

/// An inventory with the zones and conduits tables that came with it.
#[derive(Clone, Debug, Default)]
pub struct Tables {
    pub assets: Table,
    pub zones: Option<Table>,
    pub conduits: Option<Table>,
}

impl Tables {
    pub fn structure(&self) -> super::Structure<'_> {
        super::Structure {
            zones: self.zones.as_ref(),
            conduits: self.conduits.as_ref(),
        }
    }
}

/// Reads an inventory, with its zones and conduits when it is a zoneplan export:
/// - a folder written by `zoneplan export --format csv`: its `assets.csv`, and its
///   `zones.csv` and `conduits.csv` when they are there;
/// - a workbook with an `Assets` sheet and a `Zones` or `Conduits` sheet (as `zoneplan export
///   --format xlsx` writes it), when no sheet is chosen;
/// - any other file or sheet: the inventory alone.
pub fn read_tables(
    path: &std::path::Path,
    sheet: Option<&str>,
) -> Result<Tables, super::table::TableError> {
    use super::table::{self, TableError};
    if path.is_dir() {
        let file = |name: &str| path.join(name);
        if !file("assets.csv").is_file() {
            return Err(TableError::Read {
                path: path.display().to_string(),
                message: "is a folder without an assets.csv (a folder is read as a zoneplan CSV export: assets.csv, zones.csv, conduits.csv)".to_owned(),
            });
        }
        let optional = |name: &str| -> Result<Option<Table>, TableError> {
            let p = file(name);
            if p.is_file() {
                table::read(&p, None).map(Some)
            } else {
                Ok(None)
            }
        };
        return Ok(Tables {
            assets: table::read(&file("assets.csv"), None)?,
            zones: optional("zones.csv")?,
            conduits: optional("conduits.csv")?,
        });
    }
    if sheet.is_none() && table::is_workbook(path) {
        let sheets = table::sheets(path)?;
        let named = |n: &str| sheets.iter().find(|s| s.eq_ignore_ascii_case(n)).cloned();
        if let Some(assets) = named("Assets")
            && (named("Zones").is_some() || named("Conduits").is_some())
        {
            let read = |s: Option<String>| -> Result<Option<Table>, TableError> {
                s.map(|s| table::read(path, Some(&s))).transpose()
            };
            return Ok(Tables {
                assets: table::read(path, Some(&assets))?,
                zones: read(named("Zones"))?,
                conduits: read(named("Conduits"))?,
            });
        }
    }
    Ok(Tables {
        assets: table::read(path, sheet)?,
        zones: None,
        conduits: None,
    })
}

/// Reads a zones or conduits table given on its own: a CSV file, or the sheet named `sheet`
/// (`Zones`, `Conduits`) of a workbook, else its only sheet.
pub fn read_one(path: &std::path::Path, sheet: &str) -> Result<Table, super::table::TableError> {
    use super::table;
    if table::is_workbook(path) {
        let sheets = table::sheets(path)?;
        if let Some(s) = sheets.iter().find(|s| s.eq_ignore_ascii_case(sheet)) {
            return table::read(path, Some(s));
        }
    }
    table::read(path, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::table::read_csv;

    fn table(csv: &str, origin: &str) -> Table {
        read_csv(csv.as_bytes(), origin).unwrap_or_default()
    }

    fn zones() -> Table {
        table(
            "Id,Name,Kind,Purdue level,Parent,SL-T,Safety designated\n\
             ,Dosing,Safety,L1,Treatment,{3 3 3 1 3 2 3},yes\n\
             Z-T,Treatment,Control,L1,,{2 2 2 1 2 2 2},no\n\
             ,Bad kind,Kitchen,,,,\n\
             ,Bad level,Control,L9,,,\n",
            "zones.csv",
        )
    }

    #[test]
    fn zones_are_added_with_parents_and_bad_rows_name_their_cell() {
        let mut m = Model::default();
        let r = import_zones(&mut m, &zones());
        assert_eq!(r.added.len(), 2, "{:?}", r.lines());
        let dosing = m.zones.values().find(|z| z.name == "Dosing").unwrap();
        assert_eq!(dosing.parent.as_ref().map(|p| p.as_str()), Some("Z-T"));
        assert_eq!(dosing.kind, ZoneKind::Safety);
        assert!(dosing.safety_designated);
        assert_eq!(dosing.sl_t.unwrap().to_string(), "{3 3 3 1 3 2 3}");
        assert_eq!(m.zones["Z-T"].purdue_level, parse_purdue("L1"));
        let errors: Vec<String> = r.errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].starts_with("row 4, column `Kind` (column 3): `Kitchen` is not a zone kind")
        );
        assert!(errors[1].starts_with("row 5, column `Purdue level` (column 4): `L9`"));
        // Again: everything matches by id or name and nothing changes.
        let before = m.clone();
        let again = import_zones(&mut m, &zones());
        assert!(again.added.is_empty() && again.changed.is_empty());
        assert_eq!(again.unchanged, 2);
        assert_eq!(m, before);
    }

    #[test]
    fn a_parent_cycle_is_refused_and_reported() {
        let mut m = Model::default();
        import_zones(&mut m, &zones());
        let t = table("Name,Parent\nTreatment,Dosing\n", "edit.csv");
        let r = import_zones(&mut m, &t);
        assert_eq!(m.zones["Z-T"].parent, None);
        assert!(
            r.warnings[0].to_string().contains("cannot be its parent"),
            "{:?}",
            r.lines()
        );
        // An empty parent cell makes the zone top-level; the report says what changed.
        let t = table("Name,Parent\nDosing,\n", "edit.csv");
        let r = import_zones(&mut m, &t);
        assert!(m.zones.values().all(|z| z.parent.is_none()));
        assert_eq!(r.changed[0].fields, vec!["parent"]);
        let t = table("Name,Parent\nDosing,Treatment\n", "edit.csv");
        let r = import_zones(&mut m, &t);
        assert_eq!(
            (r.changed[0].fields.clone(), r.unchanged),
            (vec!["parent"], 0)
        );
    }

    #[test]
    fn conduits_read_one_row_per_channel_and_resolve_ends_by_asset_name() {
        let mut m = Model::default();
        import_zones(&mut m, &zones());
        m.insert_asset(crate::model::Asset::new(
            "A-1",
            "Intake PLC",
            "plc",
            crate::model::Point::default(),
        ));
        let t = table(
            "Id,Name,Zones,Direction,SL-T,Channel,Protocol,Port,Channel direction,Source,Destination,Purpose\n\
             C-1,Dosing link,Treatment | Dosing,both ways,{3 3 3 1 3 2 3},,Modbus/TCP,502,one-way →,Intake PLC,Ghost,Setpoints\n\
             C-1,Dosing link,Treatment | Dosing,both ways,{3 3 3 1 3 2 3},tags,ethernet_ip,2222,one-way ←,,,Status\n\
             C-2,Nowhere,Treatment | Mars,,,,,,,,,\n\
             C-3,Odd,Treatment | Dosing,,,x,Smoke signals,99999,,,,\n",
            "conduits.csv",
        );
        let (mut r, ends) = import_conduits(&mut m, &t);
        resolve_channel_ends(&mut m, ends, &mut r);
        let c = &m.conduits["C-1"];
        assert_eq!(c.zones.len(), 2);
        assert_eq!(c.channels.len(), 2);
        assert_eq!(c.channels[0].protocol, "modbus_tcp");
        assert_eq!(c.channels[0].direction, Direction::Forward);
        assert_eq!(
            c.channels[0].source.as_ref().map(|s| s.as_str()),
            Some("A-1")
        );
        assert_eq!(c.channels[0].destination, None);
        assert_eq!(c.channels[1].name, "tags");
        assert_eq!(c.channels[1].port, Some(2222));
        let lines = r.lines().join("\n");
        assert!(
            lines.contains("row 4, column `Zones` (column 3): there is no zone `Mars`"),
            "{lines}"
        );
        assert!(
            lines.contains("row 5, column `Port` (column 8): `99999` is not a port"),
            "{lines}"
        );
        assert!(lines.contains("row 5, column `Protocol` (column 7): `Smoke signals` is not a protocol the catalog knows"), "{lines}");
        assert!(
            lines.contains("row 2, column `Destination` (column 11): there is no asset `Ghost`"),
            "{lines}"
        );
        // C-3 is imported, without the channel that could not be read.
        assert!(m.conduits["C-3"].channels.is_empty());
        assert!(!m.conduits.contains_key("C-2"));
    }

    #[test]
    fn a_table_without_its_key_columns_is_one_error_on_its_header_row() {
        let mut m = Model::default();
        let r = import_zones(&mut m, &table("Colour,Size\nred,2\n", "odd.csv"));
        assert_eq!(r.errors.len(), 1);
        assert!(r.lines()[1].starts_with("odd.csv: row 1: a zones table needs a `Name`"));
        let (r, _) = import_conduits(&mut m, &table("Name\nC-1\n", "c.csv"));
        assert!(r.errors[0].message.contains("and a `Zones` column"));
        assert!(m.zones.is_empty() && m.conduits.is_empty());
    }

    #[test]
    fn words_for_kinds_directions_and_services() {
        assert_eq!(
            parse_zone_kind("Transient / maintenance"),
            Some(ZoneKind::Transient)
        );
        assert_eq!(parse_zone_kind("remote_site"), Some(ZoneKind::RemoteSite));
        assert_eq!(parse_zone_kind("kitchen"), None);
        for d in Direction::ALL {
            assert_eq!(parse_direction(d.label()), Some(d));
        }
        assert_eq!(parse_direction("->"), Some(Direction::Forward));
        assert_eq!(parse_direction("sideways"), None);
        let s = super::super::import::parse_services("log: Control | Ops; Time: Control").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].1, vec!["Control".to_owned()]);
        assert!(super::super::import::parse_services("coffee: Control").is_err());
        assert!(super::super::import::parse_services("log:").is_err());
    }
}
