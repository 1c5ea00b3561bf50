//! Inventory import: rows of a [`Table`] become assets (and the zones they name) in a model.
//!
//! Pure: [`import`] takes the model and returns the new model with a [`Report`] of what it
//! added, changed and left alone; nothing is written and nothing in the given model changes,
//! so a caller can preview, cancel, or apply the result as one undo step.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::catalog::catalog;
use crate::model::{
    Asset, AssetFlags, AssetId, ComponentClass, ConduitId, Criticality, Fr, Model, Placement,
    Point, PurdueLevel, Rect, SecurityLevel, ServiceKind, ServiceProvision, SlVector, SlcSource,
    Zone, ZoneId, ZoneKind,
};

use super::mapping::{self, Field, KindMatch, Mapping};
use super::structure::{self, TableReport};
use super::table::{CellError, Row, Table};

/// How a row finds the asset it updates in the model.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum MatchBy {
    /// Same name, ignoring case and surrounding spaces.
    #[default]
    Name,
    /// An IP address in common (`10.0.0.5/24` and `10.0.0.5` are the same address).
    Ip,
}

impl MatchBy {
    pub fn label(self) -> &'static str {
        match self {
            Self::Name => "by name",
            Self::Ip => "by IP address",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Options {
    pub match_by: MatchBy,
    /// Tidy the whole layout afterwards (see [`crate::layout::tidy`]); else only what is new
    /// is placed and everything else keeps its place ([`crate::layout::place_new`]).
    pub layout: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            match_by: MatchBy::Name,
            layout: true,
        }
    }
}

/// One row's asset.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Entry {
    pub row: usize,
    pub asset: AssetId,
    pub name: String,
}

/// An asset a row changed, and which fields.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Change {
    pub entry: Entry,
    pub fields: Vec<&'static str>,
}

/// A zone the import created, and how its kind was chosen.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NewZone {
    pub id: ZoneId,
    pub name: String,
    pub kind: ZoneKind,
    pub purdue: Option<PurdueLevel>,
    /// Why this kind (a heuristic of the tool: check it).
    pub why: String,
}

/// A kind found by keyword, or not found.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct KindNote {
    pub row: usize,
    pub name: String,
    /// The text looked at (the kind cell, else the model ...).
    pub text: String,
    /// The kind chosen, `unknown` when no keyword matched.
    pub kind: String,
    /// The keyword that matched.
    pub keyword: Option<String>,
}

/// What an import did, row by row.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Report {
    pub origin: String,
    /// The column each mapped field comes from (`header (letter)`), in field order.
    pub columns: Vec<(Field, String)>,
    /// Headers no field reads.
    pub unmapped: Vec<String>,
    pub added: Vec<Entry>,
    pub changed: Vec<Change>,
    /// Rows that matched an asset and changed nothing.
    pub unchanged: Vec<Entry>,
    /// Assets of the model that no row matched (left as they were).
    pub untouched: usize,
    pub zones_added: Vec<NewZone>,
    /// Kinds found by keyword.
    pub keyword_kinds: Vec<KindNote>,
    /// Kinds nothing recognised: imported as `unknown`.
    pub unknown_kinds: Vec<KindNote>,
    /// New assets without a zone: unplaced, a finding until placed.
    pub unplaced: Vec<Entry>,
    /// Rows not imported, each with its row and column.
    pub errors: Vec<CellError>,
    /// Values not used in rows that were imported (a conduit the model lacks).
    pub warnings: Vec<CellError>,
    /// How many data rows the table had (read or not).
    pub rows: usize,
    /// The zones and conduits tables read with the inventory, if any (a zoneplan export).
    pub structure: Vec<TableReport>,
}

impl Report {
    /// The summary line: "12 added, 3 changed, 40 unchanged, 2 zones created, 1 row skipped".
    pub fn summary(&self) -> String {
        let mut parts = vec![
            format!("{} added", self.added.len()),
            format!("{} changed", self.changed.len()),
            format!("{} unchanged", self.unchanged.len()),
        ];
        if self.untouched > 0 {
            parts.push(format!(
                "{} not in the inventory (left alone)",
                self.untouched
            ));
        }
        parts.push(plural(
            self.zones_added.len(),
            "zone created",
            "zones created",
        ));
        if !self.unknown_kinds.is_empty() {
            parts.push(plural(
                self.unknown_kinds.len(),
                "kind unknown",
                "kinds unknown",
            ));
        }
        if !self.unplaced.is_empty() {
            parts.push(format!("{} without a zone", self.unplaced.len()));
        }
        parts.push(plural(self.errors.len(), "row skipped", "rows skipped"));
        let mut out = parts.join(", ");
        for t in &self.structure {
            let many = format!("{}s", t.what);
            out.push_str(&format!(
                "; {} added, {} changed from their table",
                plural(t.added.len(), t.what, &many),
                t.changed.len()
            ));
        }
        out
    }

    /// Whether the import adds or changes anything (assets, zones or conduits).
    pub fn changes_anything(&self) -> bool {
        !(self.added.is_empty() && self.changed.is_empty())
            || self
                .structure
                .iter()
                .any(|t| !(t.added.is_empty() && t.changed.is_empty()))
    }

    /// The whole report as text lines, for the command line and the editor's log: the summary,
    /// the zones and conduits tables when there are any, then the inventory row by row.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![format!("{}: {}", self.origin, self.summary())];
        out.extend(self.structure.iter().flat_map(TableReport::lines));
        let cols: Vec<String> = self
            .columns
            .iter()
            .map(|(f, c)| format!("{} <- {c}", f.key()))
            .collect();
        out.push(format!("columns: {}", cols.join(", ")));
        if !self.unmapped.is_empty() {
            out.push(format!("not read: {}", self.unmapped.join(", ")));
        }
        for z in &self.zones_added {
            out.push(format!(
                "zone created: {} `{}` as {} ({}; a guess of the tool, check it)",
                z.id,
                z.name,
                z.kind.label(),
                z.why
            ));
        }
        for e in &self.added {
            out.push(format!("row {}: added {} `{}`", e.row, e.asset, e.name));
        }
        for c in &self.changed {
            out.push(format!(
                "row {}: changed {} `{}`: {}",
                c.entry.row,
                c.entry.asset,
                c.entry.name,
                c.fields.join(", ")
            ));
        }
        for k in &self.keyword_kinds {
            out.push(format!(
                "row {}: `{}` is {} by the keyword `{}` in `{}` (heuristic)",
                k.row,
                k.name,
                k.kind,
                k.keyword.as_deref().unwrap_or_default(),
                k.text
            ));
        }
        for k in &self.unknown_kinds {
            out.push(format!(
                "row {}: kind of `{}` not recognised (`{}`): imported as `unknown`",
                k.row, k.name, k.text
            ));
        }
        for e in &self.unplaced {
            out.push(format!(
                "row {}: `{}` names no zone: left unplaced (a finding until placed)",
                e.row, e.name
            ));
        }
        for e in &self.warnings {
            out.push(format!("{e}"));
        }
        for e in &self.errors {
            out.push(format!("{e}"));
        }
        out
    }
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Why nothing can be imported at all.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "{origin}: no column for the asset name or IP address; the headers are: {}. Use another preset or a mapping file (--mapping)",
        headers.join(", ")
    )]
    NoNameColumn {
        origin: String,
        headers: Vec<String>,
    },
}

/// The result: the new model and what changed.
#[derive(Clone, PartialEq, Debug)]
pub struct Outcome {
    pub model: Model,
    pub report: Report,
}

/// A row read into asset values; `None` where the file has no value.
#[derive(Default)]
struct Values {
    name: String,
    id: Option<String>,
    kind: Option<(String, KindMatch, String)>,
    vendor: Option<String>,
    model: Option<String>,
    firmware: Option<String>,
    network: Option<String>,
    zone: Option<String>,
    purdue: Option<PurdueLevel>,
    criticality: Option<Criticality>,
    flags: Option<AssetFlags>,
    sl_c: Option<(SlVector, SlcSource)>,
    conduit: Option<String>,
    digital: Option<bool>,
    classes: Option<BTreeSet<ComponentClass>>,
    /// Each service and the zone names (or ids) it serves.
    services: Option<Vec<(ServiceKind, Vec<String>)>>,
}

/// The zones and conduits tables that come with an inventory (a zoneplan export read back).
#[derive(Clone, Copy, Default, Debug)]
pub struct Structure<'a> {
    pub zones: Option<&'a Table>,
    pub conduits: Option<&'a Table>,
}

/// Imports `table` into (a copy of) `model`.
pub fn import(
    model: &Model,
    table: &Table,
    mapping: &Mapping,
    options: &Options,
) -> Result<Outcome, ImportError> {
    import_with(model, table, Structure::default(), mapping, options)
}

/// Imports the zones table, then the conduits table, then the inventory `table`, into (a copy
/// of) `model`; then the channel ends the conduits table names, which may be assets the
/// inventory brings.
pub fn import_with(
    model: &Model,
    table: &Table,
    with: Structure<'_>,
    mapping: &Mapping,
    options: &Options,
) -> Result<Outcome, ImportError> {
    let columns = mapping::resolve(mapping, &table.headers);
    if !columns.contains_key(&Field::Name) && !columns.contains_key(&Field::Network) {
        return Err(ImportError::NoNameColumn {
            origin: table.origin.clone(),
            headers: table.headers.clone(),
        });
    }
    let mut report = Report {
        origin: table.origin.clone(),
        columns: columns
            .iter()
            .map(|(f, i)| (*f, table.column_name(*i)))
            .collect(),
        rows: table.rows.len() + table.bad_rows.len(),
        ..Report::default()
    };
    let used: BTreeSet<usize> = columns.values().copied().collect();
    report.unmapped = table
        .headers
        .iter()
        .enumerate()
        .filter(|(i, h)| !used.contains(i) && !h.is_empty())
        .map(|(i, _)| table.column_name(i))
        .collect();
    report.errors.extend(table.bad_rows.iter().cloned());

    let mut out = model.clone();
    if let Some(z) = with.zones {
        report.structure.push(structure::import_zones(&mut out, z));
    }
    let ends = with.conduits.map(|c| {
        let (r, ends) = structure::import_conduits(&mut out, c);
        report.structure.push(r);
        ends
    });
    let mut zones_by_name: HashMap<String, ZoneId> = out
        .zones
        .values()
        .map(|z| (z.name.trim().to_lowercase(), z.id.clone()))
        .collect();
    let mut index = Index::new(&out, options.match_by);
    // Which row claimed each asset, so a second row for the same asset is reported.
    let mut claimed: HashMap<AssetId, usize> = HashMap::new();
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();

    for row in &table.rows {
        let values = match read_row(table, &columns, mapping, row) {
            Ok(v) => v,
            Err(e) => {
                report.errors.push(e);
                continue;
            }
        };
        let existing = index.find(&values);
        if let Some(id) = &existing
            && let Some(first) = claimed.get(id)
        {
            report.errors.push(CellError {
                row: row.number,
                column: None,
                message: format!(
                    "`{}` is the same asset as row {first} ({}); the row is skipped",
                    values.name,
                    options.match_by.label()
                ),
            });
            continue;
        }
        // The zone, created when new.
        let zone = match values.zone.as_deref() {
            Some(name) => Some(zone_for(
                &mut out,
                &mut zones_by_name,
                &mut report,
                &mut taken,
                name,
                values.purdue,
            )),
            None => None,
        };
        let conduit = match values.conduit.as_deref() {
            Some(c) => match conduit_by_name(&out, c) {
                Some(id) => Some(id),
                None => {
                    report.warnings.push(CellError {
                        row: row.number,
                        column: columns.get(&Field::Conduit).map(|i| table.column_name(*i)),
                        message: format!(
                            "there is no conduit `{c}` in the model (by name or id); the boundary device is imported unplaced"
                        ),
                    });
                    None
                }
            },
            None => None,
        };
        if let Some((kind, how, text)) = &values.kind {
            note_kind(&mut report, row.number, &values.name, kind, how, text);
        }
        let services = values.services.as_ref().map(|list| {
            let column = columns.get(&Field::Services).map(|i| table.column_name(*i));
            let zone_of = |n: &str| {
                zones_by_name
                    .get(&n.trim().to_lowercase())
                    .cloned()
                    .or_else(|| out.zones.get(n).map(|z| z.id.clone()))
            };
            served_zones(list, zone_of, |kind, n| {
                report.warnings.push(CellError {
                    row: row.number,
                    column: column.clone(),
                    message: format!(
                        "there is no zone `{n}` (by name or id); the {} service is imported without it",
                        kind.key()
                    ),
                });
            })
        });
        match existing {
            Some(id) => {
                let Some(old) = out.assets.get(&id) else {
                    continue;
                };
                let mut a = old.clone();
                let fields = update(&mut a, &values, zone, conduit, services);
                let entry = Entry {
                    row: row.number,
                    asset: id.clone(),
                    name: a.name.clone(),
                };
                claimed.insert(id.clone(), row.number);
                if fields.is_empty() {
                    report.unchanged.push(entry);
                } else {
                    report.changed.push(Change { entry, fields });
                    out.insert_asset(a);
                }
            }
            None => {
                let id = new_id(&out, &mut taken, values.id.as_deref(), "A", &values.name);
                let mut a = Asset::new(id.as_str(), values.name.clone(), "", Point::default());
                let kind = values
                    .kind
                    .as_ref()
                    .map_or(mapping::UNKNOWN_KIND, |k| k.0.as_str());
                set_kind(&mut a, kind);
                if values.kind.is_none() {
                    note_kind(
                        &mut report,
                        row.number,
                        &values.name,
                        mapping::UNKNOWN_KIND,
                        &KindMatch::Unknown,
                        "",
                    );
                }
                let placed = zone.is_some() || conduit.is_some();
                update(&mut a, &values, zone, conduit, services);
                let entry = Entry {
                    row: row.number,
                    asset: a.id.clone(),
                    name: a.name.clone(),
                };
                if !placed {
                    report.unplaced.push(entry.clone());
                }
                report.added.push(entry);
                claimed.insert(a.id.clone(), row.number);
                index.add(&a);
                out.insert_asset(a);
            }
        }
    }
    report.untouched = model
        .assets
        .keys()
        .filter(|id| !claimed.contains_key(*id))
        .count();
    report.errors.sort_by_key(|e| e.row);
    if let (Some(ends), Some(r)) = (ends, report.structure.last_mut()) {
        structure::resolve_channel_ends(&mut out, ends, r);
    }
    if options.layout {
        crate::layout::tidy(&mut out);
    } else {
        crate::layout::place_new(&mut out, model);
    }
    Ok(Outcome { model: out, report })
}

fn note_kind(report: &mut Report, row: usize, name: &str, kind: &str, how: &KindMatch, text: &str) {
    match how {
        KindMatch::Exact => {}
        KindMatch::Keyword { keyword, text } => report.keyword_kinds.push(KindNote {
            row,
            name: name.to_owned(),
            text: text.clone(),
            kind: kind.to_owned(),
            keyword: Some(keyword.clone()),
        }),
        KindMatch::Unknown => report.unknown_kinds.push(KindNote {
            row,
            name: name.to_owned(),
            text: text.to_owned(),
            kind: kind.to_owned(),
            keyword: None,
        }),
    }
}

/// A conduit by name (ignoring case) or id.
fn conduit_by_name(model: &Model, name: &str) -> Option<ConduitId> {
    let n = name.trim();
    model.conduits.get(n).map(|c| c.id.clone()).or_else(|| {
        model
            .conduits
            .values()
            .find(|c| c.name.trim().eq_ignore_ascii_case(n))
            .map(|c| c.id.clone())
    })
}

/// Looks assets up by name or IP address.
struct Index {
    by: MatchBy,
    map: HashMap<String, AssetId>,
}

impl Index {
    fn new(model: &Model, by: MatchBy) -> Self {
        let mut i = Self {
            by,
            map: HashMap::new(),
        };
        // In id order, so the first asset of a name wins, as it should on every run.
        for a in model.assets.values() {
            i.add(a);
        }
        i
    }

    fn keys(&self, name: &str, network: &str) -> Vec<String> {
        match self.by {
            MatchBy::Name => {
                let n = name.trim().to_lowercase();
                if n.is_empty() { vec![] } else { vec![n] }
            }
            MatchBy::Ip => ip_addresses(network),
        }
    }

    fn add(&mut self, a: &Asset) {
        for k in self.keys(&a.name, &a.network) {
            self.map.entry(k).or_insert_with(|| a.id.clone());
        }
    }

    fn find(&self, v: &Values) -> Option<AssetId> {
        let keys = self.keys(&v.name, v.network.as_deref().unwrap_or_default());
        keys.iter().find_map(|k| self.map.get(k).cloned())
    }
}

/// The IP addresses in a network cell: split at commas, semicolons and spaces, without a
/// prefix length (`10.0.0.5/24` is `10.0.0.5`).
pub fn ip_addresses(cell: &str) -> Vec<String> {
    cell.split([',', ';', ' ', '\n'])
        .map(|s| {
            s.split('/')
                .next()
                .unwrap_or_default()
                .trim()
                .to_lowercase()
        })
        .filter(|s| s.parse::<std::net::IpAddr>().is_ok())
        .collect()
}

fn cell<'a>(columns: &BTreeMap<Field, usize>, row: &'a Row, f: Field) -> Option<&'a str> {
    columns
        .get(&f)
        .and_then(|i| row.cells.get(*i))
        .map(String::as_str)
        .filter(|s| !s.is_empty())
}

fn read_row(
    table: &Table,
    columns: &BTreeMap<Field, usize>,
    mapping: &Mapping,
    row: &Row,
) -> Result<Values, CellError> {
    let get = |f: Field| cell(columns, row, f);
    let err = |f: Field, message: String| CellError {
        row: row.number,
        column: columns.get(&f).map(|i| table.column_name(*i)),
        message: format!("{message}; the row is skipped"),
    };
    let name = match get(Field::Name).or_else(|| get(Field::Network)) {
        Some(n) => n.to_owned(),
        None => {
            let f = if columns.contains_key(&Field::Name) {
                Field::Name
            } else {
                Field::Network
            };
            return Err(err(
                f,
                "no name (and no IP address to name it by)".to_owned(),
            ));
        }
    };
    let text = |f: Field| get(f).map(str::to_owned);
    let mut v = Values {
        name,
        id: text(Field::Id),
        vendor: text(Field::Vendor),
        model: text(Field::Model),
        firmware: text(Field::Firmware),
        network: text(Field::Network),
        zone: text(Field::Zone),
        ..Values::default()
    };
    if columns.contains_key(&Field::Kind) || get(Field::Model).is_some() {
        let kind_cell = get(Field::Kind).unwrap_or_default();
        let vendor_model = format!(
            "{} {}",
            v.vendor.as_deref().unwrap_or_default(),
            v.model.as_deref().unwrap_or_default()
        );
        let others = [
            v.model.as_deref().unwrap_or_default(),
            vendor_model.as_str(),
            v.name.as_str(),
        ];
        let (kind, how) = mapping::kind_of(mapping, kind_cell, &others);
        let text = match &how {
            KindMatch::Keyword { text, .. } => text.clone(),
            _ if kind_cell.is_empty() => v.model.clone().unwrap_or_default(),
            _ => kind_cell.to_owned(),
        };
        v.kind = Some((kind, how, text));
    }
    if let Some(s) = get(Field::Purdue) {
        v.purdue = Some(parse_purdue(s).ok_or_else(|| {
            err(
                Field::Purdue,
                format!("`{s}` is not a Purdue level (0, 1, 2, 3, 3.5, 4, 5 or L0 ... L5)"),
            )
        })?);
    }
    if let Some(s) = get(Field::Criticality) {
        v.criticality = Some(parse_criticality(s).ok_or_else(|| {
            err(
                Field::Criticality,
                format!("`{s}` is not a criticality (low, medium, high, critical or 1–4)"),
            )
        })?);
    }
    if let Some(s) = get(Field::Flags) {
        v.flags = Some(parse_flags(s).map_err(|w| {
            err(
                Field::Flags,
                format!("`{w}` is not a flag (safety, wireless, temporary, external, business)"),
            )
        })?);
    }
    // SL-C: a whole vector, or one column per FR (all seven).
    let mut sl_c: Option<SlVector> = None;
    if let Some(s) = get(Field::SlC) {
        sl_c = Some(
            s.parse::<SlVector>()
                .map_err(|e| err(Field::SlC, format!("`{s}` is not an SL-C vector: {e}")))?,
        );
    }
    let per_fr: Vec<Option<&str>> = Field::SL_C_FRS.iter().map(|f| get(*f)).collect();
    if per_fr.iter().any(Option::is_some) {
        let mut vec = SlVector::ZERO;
        for (i, (f, c)) in Field::SL_C_FRS.iter().zip(&per_fr).enumerate() {
            let fr = Fr::ALL[i];
            let Some(c) = c else {
                // Named at the first FR that has a level (the missing one may have no column).
                let given = Field::SL_C_FRS
                    .iter()
                    .zip(&per_fr)
                    .find(|(_, c)| c.is_some())
                    .map_or(*f, |(g, _)| *g);
                return Err(err(
                    given,
                    format!("SL-C is given for some FRs but not for {}", fr.abbrev()),
                ));
            };
            let level = c
                .parse::<u8>()
                .ok()
                .and_then(SecurityLevel::new)
                .ok_or_else(|| err(*f, format!("`{c}` is not a security level (0–4)")))?;
            vec.set(fr, level);
        }
        sl_c = Some(vec);
    }
    v.conduit = get(Field::Conduit).map(str::to_owned);
    if let Some(s) = get(Field::Digital) {
        v.digital = Some(
            parse_yes_no(s)
                .ok_or_else(|| err(Field::Digital, format!("`{s}` is neither yes nor no")))?,
        );
    }
    if let Some(s) = get(Field::Classes) {
        let mut set = BTreeSet::new();
        for w in s
            .split([',', ';', '|', ' '])
            .map(str::trim)
            .filter(|w| !w.is_empty())
        {
            let c = ComponentClass::from_key(&w.to_uppercase()).ok_or_else(|| {
                err(
                    Field::Classes,
                    format!("`{w}` is not a component class (EDR, HDR, NDR, SAR)"),
                )
            })?;
            set.insert(c);
        }
        v.classes = Some(set);
    }
    if let Some(s) = get(Field::Services) {
        v.services = Some(parse_services(s).map_err(|m| err(Field::Services, m))?);
    }
    let reference = get(Field::SlCReference).unwrap_or_default().to_owned();
    let by = get(Field::SlCBy).unwrap_or_default();
    let source = match get(Field::SlCSource) {
        Some(s) => Some(parse_source(s, &reference, by).ok_or_else(|| {
            err(
                Field::SlCSource,
                format!("`{s}` is not an SL-C source (unknown, estimated, vendor, certificate)"),
            )
        })?),
        None => None,
    };
    v.sl_c = match (sl_c, source) {
        (Some(vec), Some(src)) if src.is_known() => Some((vec, src)),
        (_, Some(SlcSource::Unknown)) => Some((SlVector::ZERO, SlcSource::Unknown)),
        (Some(vec), None) => Some((
            vec,
            SlcSource::Estimated {
                by: "import".to_owned(),
                note: format!(
                    "{} row {}: the inventory gives no source for this SL-C",
                    table.origin, row.number
                ),
            },
        )),
        (None, Some(src)) => {
            return Err(err(
                Field::SlCSource,
                format!("SL-C source `{}` without any SL-C levels", src.key()),
            ));
        }
        (None, None) => None,
        (Some(_), Some(_)) => None,
    };
    if let Some((
        _,
        SlcSource::Certificate {
            level, scope, date, ..
        },
    )) = &mut v.sl_c
    {
        if let Some(s) = get(Field::CertificateLevel) {
            *level = s.parse::<u8>().ok().filter(|l| *l <= 4).ok_or_else(|| {
                err(
                    Field::CertificateLevel,
                    format!("`{s}` is not a certificate level (1–4, 0: not stated)"),
                )
            })?;
        }
        *scope = get(Field::CertificateScope).unwrap_or_default().to_owned();
        *date = get(Field::CertificateDate).unwrap_or_default().to_owned();
    }
    Ok(v)
}

/// The services a row names, each with the zones found by `zone_of`; `missing` hears of a
/// zone name that finds none (the service is kept without it).
fn served_zones(
    list: &[(ServiceKind, Vec<String>)],
    zone_of: impl Fn(&str) -> Option<ZoneId>,
    mut missing: impl FnMut(ServiceKind, &str),
) -> Vec<ServiceProvision> {
    list.iter()
        .map(|(kind, names)| ServiceProvision {
            service: *kind,
            zones: names
                .iter()
                .filter_map(|n| {
                    let found = zone_of(n);
                    if found.is_none() {
                        missing(*kind, n);
                    }
                    found
                })
                .collect(),
        })
        .collect()
}

/// `log: Control | Operations; time: Control`: each service by key or label, and the zones it
/// serves separated by `|`.
pub fn parse_services(s: &str) -> Result<Vec<(ServiceKind, Vec<String>)>, String> {
    let mut out: Vec<(ServiceKind, Vec<String>)> = Vec::new();
    for part in s.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (kind, zones) = part.split_once(':').unwrap_or((part, ""));
        let n = mapping::normalise(kind);
        let kind = ServiceKind::ALL
            .into_iter()
            .find(|k| mapping::normalise(k.key()) == n || mapping::normalise(k.label()) == n)
            .ok_or_else(|| {
                let keys: Vec<&str> = ServiceKind::ALL.iter().map(|k| k.key()).collect();
                format!("`{}` is not a service ({})", kind.trim(), keys.join(", "))
            })?;
        let zones: Vec<String> = zones
            .split('|')
            .map(str::trim)
            .filter(|z| !z.is_empty())
            .map(str::to_owned)
            .collect();
        if zones.is_empty() {
            return Err(format!(
                "the service `{}` names no zone it serves (`{}: Zone A | Zone B`)",
                kind.key(),
                kind.key()
            ));
        }
        out.push((kind, zones));
    }
    Ok(out)
}

pub(super) fn parse_yes_no(s: &str) -> Option<bool> {
    match mapping::normalise(s).as_str() {
        "yes" | "y" | "true" | "1" | "x" => Some(true),
        "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// `L1`, `1`, `Level 1`, `3.5`, `L3.5`, `DMZ`.
pub fn parse_purdue(s: &str) -> Option<PurdueLevel> {
    let t = mapping::normalise(s).replace(' ', "");
    let t = t
        .strip_prefix("level")
        .or_else(|| t.strip_prefix("purdue"))
        .unwrap_or(&t);
    let t = t.strip_prefix('l').unwrap_or(t);
    Some(match t {
        "0" => PurdueLevel::L0,
        "1" => PurdueLevel::L1,
        "2" => PurdueLevel::L2,
        "3" => PurdueLevel::L3,
        // normalise() turns "3.5" into "3 5", then spaces went.
        "35" | "3_5" | "dmz" | "idmz" => PurdueLevel::L3_5,
        "4" => PurdueLevel::L4,
        "5" => PurdueLevel::L5,
        _ => return None,
    })
}

pub fn parse_criticality(s: &str) -> Option<Criticality> {
    Some(match mapping::normalise(s).as_str() {
        "low" | "1" | "l" => Criticality::Low,
        "medium" | "med" | "moderate" | "normal" | "2" | "m" => Criticality::Medium,
        "high" | "3" | "h" => Criticality::High,
        "critical" | "very high" | "crit" | "4" | "c" => Criticality::Critical,
        _ => return None,
    })
}

/// Flag words separated by commas, semicolons, `|` or spaces. Err names the bad word.
pub fn parse_flags(s: &str) -> Result<AssetFlags, String> {
    let mut f = AssetFlags::default();
    for w in s
        .split([',', ';', '|', ' '])
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        match w.to_lowercase().as_str() {
            "safety" | "safety_related" | "sis" => f.safety_related = true,
            "wireless" | "radio" => f.wireless = true,
            "temporary" | "transient" => f.temporary = true,
            "external" | "remote" => f.external = true,
            "business" | "it" => f.business = true,
            "none" | "-" => {}
            _ => return Err(w.to_owned()),
        }
    }
    Ok(f)
}

/// The source with its reference text (document, certificate scheme, estimate note).
fn parse_source(s: &str, reference: &str, by: &str) -> Option<SlcSource> {
    Some(match mapping::normalise(s).as_str() {
        "unknown" | "not assessed" | "none" => SlcSource::Unknown,
        "estimated" | "estimate" | "est" => SlcSource::Estimated {
            by: by.to_owned(),
            note: reference.to_owned(),
        },
        "vendor" | "vendor statement" | "supplier" => SlcSource::Vendor {
            document: reference.to_owned(),
        },
        "certificate" | "certified" | "cert" => SlcSource::Certificate {
            scheme: if reference.is_empty() {
                "not stated".to_owned()
            } else {
                reference.to_owned()
            },
            id: by.to_owned(),
            level: 0,
            scope: String::new(),
            date: String::new(),
        },
        _ => return None,
    })
}

fn set_kind(a: &mut Asset, kind: &str) {
    a.kind = kind.to_owned();
    if let Some(k) = catalog().asset_kind(kind) {
        a.classes = k.classes.clone();
        let d = k.flags;
        a.flags.safety_related |= d.safety_related;
        a.flags.wireless |= d.wireless;
        a.flags.temporary |= d.temporary;
        a.flags.external |= d.external;
        a.flags.business |= d.business;
    }
}

/// Writes the row's values into `a`; returns the names of the fields that changed.
fn update(
    a: &mut Asset,
    v: &Values,
    zone: Option<ZoneId>,
    conduit: Option<ConduitId>,
    services: Option<Vec<ServiceProvision>>,
) -> Vec<&'static str> {
    let mut changed = Vec::new();
    if a.name != v.name {
        a.name.clone_from(&v.name);
        changed.push("name");
    }
    if let Some((kind, how, _)) = &v.kind {
        // An unrecognised kind never replaces a known one.
        let keep =
            *how == KindMatch::Unknown && a.kind != mapping::UNKNOWN_KIND && !a.kind.is_empty();
        if !keep && a.kind != *kind {
            set_kind(a, kind);
            changed.push("kind");
        }
    }
    for (field, value, name) in [
        (&mut a.vendor, &v.vendor, "vendor"),
        (&mut a.model, &v.model, "model"),
        (&mut a.firmware, &v.firmware, "firmware"),
        (&mut a.network, &v.network, "network"),
    ] {
        if let Some(value) = value
            && field != value
        {
            field.clone_from(value);
            changed.push(name);
        }
    }
    if let Some(c) = v.criticality
        && a.criticality != c
    {
        a.criticality = c;
        changed.push("criticality");
    }
    if let Some(f) = v.flags
        && a.flags != f
    {
        a.flags = f;
        changed.push("flags");
    }
    if let Some((vec, src)) = &v.sl_c {
        if a.sl_c != *vec {
            a.sl_c = *vec;
            changed.push("SL-C");
        }
        if a.sl_c_source != *src {
            a.sl_c_source = src.clone();
            changed.push("SL-C source");
        }
    }
    if let Some(c) = &v.classes
        && a.classes != *c
    {
        a.classes.clone_from(c);
        changed.push("classes");
    }
    if let Some(d) = v.digital
        && a.digital != d
    {
        a.digital = d;
        changed.push("digital");
    }
    if let Some(s) = services
        && a.provides != s
    {
        a.provides = s;
        changed.push("services");
    }
    let placement = match (zone, conduit) {
        (_, Some(c)) => Some(Placement::Conduit(c)),
        (Some(z), None) => Some(Placement::Zone(z)),
        (None, None) => None,
    };
    if let Some(p) = placement
        && a.placement != p
    {
        a.placement = p;
        changed.push("placement");
    }
    changed
}

/// The zone named `name`: an existing one (by name, ignoring case) or a new one.
fn zone_for(
    model: &mut Model,
    by_name: &mut HashMap<String, ZoneId>,
    report: &mut Report,
    taken: &mut std::collections::HashSet<String>,
    name: &str,
    purdue: Option<PurdueLevel>,
) -> ZoneId {
    let key = name.trim().to_lowercase();
    if let Some(id) = by_name.get(&key) {
        return id.clone();
    }
    // An id written in the cell also names the zone.
    if let Some(z) = model.zones.get(name.trim()) {
        return z.id.clone();
    }
    let (kind, why) = guess_zone_kind(name, purdue);
    let id = unique_id(model, taken, "Z", name);
    let mut z = Zone::new(
        id.as_str(),
        name.trim(),
        kind,
        Rect::new(0.0, 0.0, 300.0, 150.0),
    );
    z.purdue_level = purdue;
    model.insert_zone(z);
    by_name.insert(key, ZoneId::new(&id));
    report.zones_added.push(NewZone {
        id: ZoneId::new(&id),
        name: name.trim().to_owned(),
        kind,
        purdue,
        why,
    });
    ZoneId::new(id)
}

/// The kind of a zone the inventory names: from words in its name, else its Purdue level.
/// A heuristic of the tool, reported as such.
pub fn guess_zone_kind(name: &str, purdue: Option<PurdueLevel>) -> (ZoneKind, String) {
    let n = format!(" {} ", mapping::normalise(name));
    let words: &[(&str, ZoneKind)] = &[
        ("dmz", ZoneKind::Dmz),
        ("safety", ZoneKind::Safety),
        ("sis", ZoneKind::Safety),
        ("wireless", ZoneKind::Wireless),
        ("wifi", ZoneKind::Wireless),
        ("wi fi", ZoneKind::Wireless),
        ("wlan", ZoneKind::Wireless),
        ("remote", ZoneKind::RemoteSite),
        ("maintenance", ZoneKind::Transient),
        ("transient", ZoneKind::Transient),
        ("vendor", ZoneKind::External),
        ("internet", ZoneKind::External),
        ("external", ZoneKind::External),
        ("enterprise", ZoneKind::Enterprise),
        ("office", ZoneKind::Enterprise),
        ("corporate", ZoneKind::Enterprise),
        ("field", ZoneKind::Field),
        ("instrument", ZoneKind::Field),
        ("supervis", ZoneKind::Operations),
        ("operations", ZoneKind::Operations),
        ("scada", ZoneKind::Operations),
        ("control", ZoneKind::Control),
        ("cell", ZoneKind::Control),
    ];
    for (w, k) in words {
        if n.contains(&format!(" {w}")) {
            return (*k, format!("the name holds `{w}`"));
        }
    }
    let by_level = match purdue {
        Some(PurdueLevel::L0) => Some(ZoneKind::Field),
        Some(PurdueLevel::L1 | PurdueLevel::L2) => Some(ZoneKind::Control),
        Some(PurdueLevel::L3) => Some(ZoneKind::Operations),
        Some(PurdueLevel::L3_5) => Some(ZoneKind::Dmz),
        Some(PurdueLevel::L4 | PurdueLevel::L5) => Some(ZoneKind::Enterprise),
        None => None,
    };
    match (by_level, purdue) {
        (Some(k), Some(p)) => (k, format!("Purdue level {}", p.label())),
        _ => (
            ZoneKind::Control,
            "no hint in the name and no Purdue level: Control".to_owned(),
        ),
    }
}

/// `PREFIX-WORDS` from a name (upper case letters and digits), made unique.
fn unique_id(
    model: &Model,
    taken: &mut std::collections::HashSet<String>,
    prefix: &str,
    name: &str,
) -> String {
    let slug: String = mapping::normalise(name)
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
        .to_uppercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(40)
        .collect();
    let base = if slug.is_empty() {
        prefix.to_owned()
    } else {
        format!("{prefix}-{slug}")
    };
    let mut id = base.clone();
    let mut n = 2;
    while model.contains_id(&id) || taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// The id a cell asks for when it is free, else one made from the name (`PREFIX-WORDS`).
pub(super) fn new_id(
    model: &Model,
    taken: &mut std::collections::HashSet<String>,
    wanted: Option<&str>,
    prefix: &str,
    name: &str,
) -> String {
    if let Some(w) = wanted.map(str::trim).filter(|w| !w.is_empty())
        && !model.contains_id(w)
        && !taken.contains(w)
    {
        taken.insert(w.to_owned());
        return w.to_owned();
    }
    unique_id(model, taken, prefix, name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::mapping::Preset;
    use crate::interop::table::read_csv;

    /// Services name the zones they serve; a zone that is not there is a warning on the
    /// Services cell, and the service keeps the zones that are.
    #[test]
    fn services_serve_the_zones_they_name() {
        let out = run(
            &Model::default(),
            "Name,Kind,Zone,Services\n\
             SIEM,historian,Control A,log: Control A | Atlantis; time: control a\n",
            MatchBy::Name,
        );
        let a = out.model.assets.values().next().unwrap();
        let zone = out.model.zones.values().next().unwrap().id.clone();
        assert_eq!(a.provides.len(), 2);
        assert_eq!(a.provides[0].service, ServiceKind::Log);
        assert_eq!(a.provides[0].zones, vec![zone.clone()]);
        assert_eq!(a.provides[1].zones, vec![zone]);
        let w: Vec<String> = out
            .report
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with("row 2, column `Services` (column 4): there is no zone `Atlantis`"),
            "{w:?}"
        );
    }

    fn run(model: &Model, csv: &str, by: MatchBy) -> Outcome {
        let t = read_csv(csv.as_bytes(), "inv.csv").unwrap();
        import(
            model,
            &t,
            &Preset::Spreadsheet.mapping(),
            &Options {
                match_by: by,
                layout: false,
            },
        )
        .unwrap()
    }

    #[test]
    fn values_parse_loosely_and_fail_clearly() {
        assert_eq!(parse_purdue("L3.5"), Some(PurdueLevel::L3_5));
        assert_eq!(parse_purdue("Level 2"), Some(PurdueLevel::L2));
        assert_eq!(parse_purdue("0"), Some(PurdueLevel::L0));
        assert_eq!(parse_purdue("DMZ"), Some(PurdueLevel::L3_5));
        assert_eq!(parse_purdue("L9"), None);
        assert_eq!(parse_criticality("Very high"), Some(Criticality::Critical));
        assert_eq!(parse_criticality("2"), Some(Criticality::Medium));
        assert_eq!(parse_criticality("urgent"), None);
        let f = parse_flags("safety; wireless").unwrap();
        assert!(f.safety_related && f.wireless && !f.business);
        assert_eq!(parse_flags("safety, purple"), Err("purple".to_owned()));
        assert_eq!(
            ip_addresses("10.0.0.5/24, 10.1.0.5;fe80::1 DHCP"),
            ["10.0.0.5", "10.1.0.5", "fe80::1"]
        );
    }

    #[test]
    fn zone_kinds_from_names_then_levels() {
        assert_eq!(guess_zone_kind("Plant DMZ", None).0, ZoneKind::Dmz);
        assert_eq!(guess_zone_kind("Line 3 SIS", None).0, ZoneKind::Safety);
        assert_eq!(
            guess_zone_kind("Area 7", Some(PurdueLevel::L3)).0,
            ZoneKind::Operations
        );
        let (k, why) = guess_zone_kind("Area 7", None);
        assert_eq!(k, ZoneKind::Control);
        assert!(why.contains("no hint"), "{why}");
    }

    #[test]
    fn rows_become_assets_zones_and_reported_problems() {
        let csv = "Name,Type,IP,Zone,Purdue level,SL-C,SL-C source,SL-C FR1\n\
                   PLC 1,plc,10.0.0.1,Cell A,L1,{2 2 2 2 2 2 2},vendor,\n\
                   PLC 2,Modicon M580,10.0.0.2,Cell A,L1,2222222,,\n\
                   Panel,HMI,10.0.0.3,,,,,\n\
                   PLC 1,plc,10.0.0.9,Cell A,L1,,,\n\
                   Bad,plc,,Cell A,,,,3\n\
                   Src,plc,,Cell A,,,vendor,\n";
        let o = run(&Model::default(), csv, MatchBy::Name);
        let r = &o.report;
        assert_eq!(r.added.len(), 3, "{:?}", r.lines());
        assert_eq!(r.zones_added.len(), 1);
        assert_eq!(r.zones_added[0].purdue, Some(PurdueLevel::L1));
        // A second row for PLC 1, a partial per-FR SL-C and a source without levels.
        let errors: Vec<String> = r.errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("row 5: `PLC 1` is the same asset as row 2"));
        assert!(errors[1].starts_with(
            "row 6, column `SL-C FR1` (column 8): SL-C is given for some FRs but not for"
        ));
        assert!(errors[2].contains("SL-C source `vendor` without any SL-C levels"));
        let plc2 = o.model.assets.values().find(|a| a.name == "PLC 2").unwrap();
        assert_eq!(plc2.kind, "plc");
        // SL-C without a source: estimated, with where it came from.
        assert!(
            matches!(&plc2.sl_c_source, SlcSource::Estimated { note, .. } if note.contains("inv.csv row 3"))
        );
        let panel = o.model.assets.values().find(|a| a.name == "Panel").unwrap();
        assert_eq!(panel.placement, Placement::Unplaced);
        assert_eq!(r.unplaced.len(), 1);
        assert!(r.summary().contains("3 rows skipped"), "{}", r.summary());
    }

    #[test]
    fn reimport_by_ip_updates_and_keeps_known_kinds() {
        let first = run(
            &Model::default(),
            "Name,Type,IP,Firmware\nPLC 1,plc,10.0.0.1,V1\n",
            MatchBy::Name,
        );
        let again = run(
            &first.model,
            "Name,Type,IP,Firmware\nController A,black box,10.0.0.1/24,V2\n",
            MatchBy::Ip,
        );
        let r = &again.report;
        assert!(r.added.is_empty());
        assert_eq!(r.changed.len(), 1);
        assert_eq!(r.changed[0].fields, ["name", "firmware", "network"]);
        let a = again.model.assets.values().next().unwrap();
        // An unrecognised kind never replaces a known one.
        assert_eq!(a.kind, "plc");
        assert_eq!(a.name, "Controller A");
        // The model given is never changed.
        assert_eq!(first.model.assets.values().next().unwrap().name, "PLC 1");
    }

    #[test]
    fn no_name_column_is_an_error() {
        let t = read_csv(b"Serial,Rack\n1,2\n", "x.csv").unwrap();
        let e = import(
            &Model::default(),
            &t,
            &Preset::Spreadsheet.mapping(),
            &Options::default(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("Serial, Rack"));
    }
}
