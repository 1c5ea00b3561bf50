//! Exports: the diagram as SVG and as a draw.io file, and the model's tables (assets, zones,
//! conduits with their channels, findings, fix plan) as CSV files or one XLSX workbook.
//!
//! Deterministic: the same model gives the same bytes (no clock; the workbook's date is the
//! model's date).

use std::fmt::Write as _;

use crate::analysis::{Analysis, FixPlan};
use crate::catalog::catalog;
use crate::diagram;
use std::collections::BTreeMap;

use crate::model::{
    Asset, Conduit, ConduitId, ElementId, Fr, Model, Placement, Point, Rect, SlVector, Zone, ZoneId,
};

/// What `zoneplan export` and File → Export write.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    Svg,
    Drawio,
    /// A folder of CSV files, one per table.
    Csv,
    Xlsx,
}

impl Format {
    pub const ALL: [Self; 4] = [Self::Svg, Self::Drawio, Self::Csv, Self::Xlsx];

    pub fn label(self) -> &'static str {
        match self {
            Self::Svg => "SVG image",
            Self::Drawio => "draw.io diagram",
            Self::Csv => "CSV tables (a folder)",
            Self::Xlsx => "Excel workbook",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Drawio => "drawio",
            Self::Csv => "",
            Self::Xlsx => "xlsx",
        }
    }
}

/// One table: a sheet of the workbook, or one CSV file.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Sheet {
    /// The sheet name; the CSV file is its lower-case name with `-` for spaces.
    pub name: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl Sheet {
    pub fn file_name(&self) -> String {
        format!("{}.csv", self.name.to_lowercase().replace(' ', "-"))
    }
}

fn flags_text(a: &Asset) -> String {
    let f = a.flags;
    let mut out: Vec<&str> = Vec::new();
    for (on, w) in [
        (f.safety_related, "safety"),
        (f.wireless, "wireless"),
        (f.temporary, "temporary"),
        (f.external, "external"),
        (f.business, "business"),
    ] {
        if on {
            out.push(w);
        }
    }
    if out.is_empty() {
        // Written out, so that the import does not give the kind's usual flags instead.
        return "none".to_owned();
    }
    out.join(", ")
}

/// `log: Control | Operations; time: Control`, as the import reads it.
fn services_text(model: &Model, a: &Asset) -> String {
    a.provides
        .iter()
        .map(|p| {
            let zones: Vec<&str> = p.zones.iter().map(|z| model.name_of(z.as_str())).collect();
            format!("{}: {}", p.service.key(), zones.join(" | "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn vector(v: Option<SlVector>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The SL-C source's reference text: the document, certificate scheme or estimate note.
fn source_reference(a: &Asset) -> String {
    use crate::model::SlcSource;
    match &a.sl_c_source {
        SlcSource::Unknown => String::new(),
        SlcSource::Estimated { note, .. } => note.clone(),
        SlcSource::Vendor { document } => document.clone(),
        SlcSource::Certificate { scheme, .. } => scheme.clone(),
    }
}

/// Who estimated, or the certificate's id, level, scope and date.
fn source_details(a: &Asset) -> [String; 4] {
    use crate::model::SlcSource;
    match &a.sl_c_source {
        SlcSource::Estimated { by, .. } => {
            [by.clone(), String::new(), String::new(), String::new()]
        }
        SlcSource::Certificate {
            id,
            level,
            scope,
            date,
            ..
        } => [id.clone(), level.to_string(), scope.clone(), date.clone()],
        _ => Default::default(),
    }
}

/// The assets table. Its headers are those the `spreadsheet` import preset reads, so an
/// exported inventory imports back.
pub fn assets_sheet(model: &Model) -> Sheet {
    let mut headers = vec![
        "Id",
        "Name",
        "Kind",
        "Vendor",
        "Model",
        "Firmware",
        "Network",
        "Zone",
        "Purdue level",
        "Conduit",
        "Criticality",
        "Flags",
    ];
    headers.extend([
        "SL-C FR1", "SL-C FR2", "SL-C FR3", "SL-C FR4", "SL-C FR5", "SL-C FR6", "SL-C FR7",
    ]);
    headers.extend([
        "SL-C source",
        "SL-C reference",
        "SL-C by",
        "Certificate level",
        "Certificate scope",
        "Certificate date",
        "Digital",
        "Classes",
        "Services",
    ]);
    let rows = model
        .assets
        .values()
        .map(|a| {
            let zone = a.placement.zone().and_then(|z| model.zones.get(z));
            let conduit = a.placement.conduit().and_then(|c| model.conduits.get(c));
            let mut row = vec![
                a.id.to_string(),
                a.name.clone(),
                a.kind.clone(),
                a.vendor.clone(),
                a.model.clone(),
                a.firmware.clone(),
                a.network.clone(),
                zone.map(|z| z.name.clone()).unwrap_or_default(),
                zone.and_then(|z| z.purdue_level)
                    .map(|p| p.label().to_owned())
                    .unwrap_or_default(),
                conduit.map(|c| c.name.clone()).unwrap_or_default(),
                a.criticality.label().to_owned(),
                flags_text(a),
            ];
            let known = a.sl_c_source.is_known();
            row.extend(Fr::ALL.iter().map(|fr| {
                if known {
                    a.sl_c.get(*fr).get().to_string()
                } else {
                    String::new()
                }
            }));
            row.push(if known {
                a.sl_c_source.key().to_owned()
            } else {
                String::new()
            });
            row.push(source_reference(a));
            row.extend(source_details(a));
            row.push(if a.digital { "yes" } else { "no" }.to_owned());
            row.push(
                a.classes
                    .iter()
                    .map(|c| c.key())
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            row.push(services_text(model, a));
            row
        })
        .collect();
    Sheet {
        name: "Assets",
        headers,
        rows,
    }
}

fn zones_sheet(model: &Model, analysis: &Analysis) -> Sheet {
    let rows = model
        .zones
        .values()
        .map(|z| {
            let d = analysis.deltas.zone(z.id.as_str()).map(|d| &d.delta);
            vec![
                z.id.to_string(),
                z.name.clone(),
                z.kind.label().to_owned(),
                z.purdue_level
                    .map(|p| p.label().to_owned())
                    .unwrap_or_default(),
                z.parent
                    .as_ref()
                    .map(|p| model.name_of(p.as_str()).to_owned())
                    .unwrap_or_default(),
                model.assets_in_zone(&z.id).count().to_string(),
                vector(z.sl_t),
                vector(d.and_then(|d| d.sl_c)),
                vector(d.and_then(|d| d.sl_a)),
                d.map_or(0, |d| d.unmet.len()).to_string(),
                z.organisation.clone(),
                z.sl_t_rationale.clone(),
                if z.safety_designated { "yes" } else { "no" }.to_owned(),
                z.description.clone(),
            ]
        })
        .collect();
    Sheet {
        name: "Zones",
        headers: vec![
            "Id",
            "Name",
            "Kind",
            "Purdue level",
            "Parent",
            "Assets",
            "SL-T",
            "SL-C",
            "SL-A (estimated)",
            "Unmet items",
            "Organisation",
            "SL-T rationale",
            "Safety designated",
            "Description",
        ],
        rows,
    }
}

fn conduits_sheet(model: &Model, analysis: &Analysis) -> Sheet {
    let mut rows = Vec::new();
    for c in model.conduits.values() {
        let d = analysis.deltas.conduit(c.id.as_str()).map(|d| &d.delta);
        let zones: Vec<&str> = c.zones.iter().map(|z| model.name_of(z.as_str())).collect();
        let devices: Vec<&str> = model
            .boundary_devices(&c.id)
            .map(|a| a.name.as_str())
            .collect();
        let base = vec![
            c.id.to_string(),
            c.name.clone(),
            zones.join(" | "),
            c.direction.label().to_owned(),
            devices.join(" | "),
            vector(c.sl_t),
            vector(d.and_then(|d| d.sl_a)),
            d.map_or(0, |d| d.unmet.len()).to_string(),
            c.sl_t_rationale.clone(),
            c.organisation.clone(),
            c.description.clone(),
        ];
        let name_of = |a: &Option<crate::model::AssetId>| {
            a.as_ref()
                .map(|a| model.name_of(a.as_str()).to_owned())
                .unwrap_or_default()
        };
        if c.channels.is_empty() {
            let mut row = base.clone();
            row.extend(std::iter::repeat_n(String::new(), 7));
            rows.push(row);
        }
        for ch in &c.channels {
            let mut row = base.clone();
            row.extend([
                ch.name.clone(),
                catalog().protocol_name(&ch.protocol).to_owned(),
                ch.port
                    .or_else(|| {
                        catalog()
                            .protocol(&ch.protocol)
                            .and_then(|p| p.default_port())
                    })
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
                ch.direction.label().to_owned(),
                name_of(&ch.source),
                name_of(&ch.destination),
                ch.purpose.clone(),
            ]);
            rows.push(row);
        }
    }
    Sheet {
        name: "Conduits",
        headers: vec![
            "Id",
            "Name",
            "Zones",
            "Direction",
            "Boundary devices",
            "SL-T",
            "SL-A (estimated)",
            "Unmet items",
            "SL-T rationale",
            "Organisation",
            "Description",
            "Channel",
            "Protocol",
            "Port",
            "Channel direction",
            "Source",
            "Destination",
            "Purpose",
        ],
        rows,
    }
}

/// `zone`, `asset`, `conduit` or `countermeasure`.
fn element_kind(e: &ElementId) -> &'static str {
    match e {
        ElementId::Zone(_) => "zone",
        ElementId::Asset(_) => "asset",
        ElementId::Conduit(_) => "conduit",
        ElementId::Countermeasure(_) => "countermeasure",
    }
}

fn findings_sheet(model: &Model, analysis: &Analysis) -> Sheet {
    let rows = analysis
        .findings
        .iter()
        .map(|f| {
            let (kind, id) = f
                .elements
                .first()
                .map_or(("", ""), |e| (element_kind(e), e.as_str()));
            vec![
                f.id.clone(),
                f.severity.label().to_owned(),
                f.rule.to_owned(),
                kind.to_owned(),
                id.to_owned(),
                model.name_of(id).to_owned(),
                f.message.clone(),
                if f.accepted { "accepted" } else { "open" }.to_owned(),
            ]
        })
        .collect();
    Sheet {
        name: "Findings",
        headers: vec![
            "Id",
            "Severity",
            "Rule",
            "Element kind",
            "Element",
            "Element name",
            "Message",
            "Status",
        ],
        rows,
    }
}

fn plan_sheet(model: &Model, plan: &FixPlan) -> Sheet {
    let rows = plan
        .fixes
        .iter()
        .map(|f| {
            let items: Vec<String> = f.items.iter().map(|(e, i)| format!("{e}:{i}")).collect();
            vec![
                f.rank.to_string(),
                f.action.key().to_owned(),
                f.element.clone(),
                model.name_of(&f.element).to_owned(),
                f.summary.clone(),
                f.closes().to_string(),
                items.join(" "),
            ]
        })
        .collect();
    Sheet {
        name: "Fix plan",
        headers: vec![
            "Rank",
            "Action",
            "Element",
            "Element name",
            "Summary",
            "Closes",
            "Items",
        ],
        rows,
    }
}

/// Every table, in the order of the workbook's sheets.
pub fn sheets(model: &Model, analysis: &Analysis, plan: &FixPlan) -> Vec<Sheet> {
    vec![
        assets_sheet(model),
        zones_sheet(model, analysis),
        conduits_sheet(model, analysis),
        findings_sheet(model, analysis),
        plan_sheet(model, plan),
    ]
}

/// One table as CSV (UTF-8, comma, `\n` line ends, quoted where needed).
pub fn csv_bytes(sheet: &Sheet) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&sheet.headers).map_err(|e| e.to_string())?;
    for r in &sheet.rows {
        w.write_record(r).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// The tables as one workbook, a sheet each, header row bold and frozen, with a filter.
pub fn xlsx_bytes(model: &Model, sheets: &[Sheet]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    // The model's date, never the clock: the same model gives the same bytes.
    let date = parse_date(&model.project.date)
        .and_then(|(y, m, d)| ExcelDateTime::from_ymd(y, m, d).ok())
        .or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).ok());
    let mut props = DocProperties::new()
        .set_title(&model.project.name)
        .set_author(&model.project.author);
    if let Some(d) = date {
        props = props.set_creation_datetime(&d);
    }
    wb.set_properties(&props);
    let bold = Format::new().set_bold();
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(s.name).map_err(|e| e.to_string())?;
        for (c, h) in s.headers.iter().enumerate() {
            let c = u16::try_from(c).map_err(|e| e.to_string())?;
            ws.write_string_with_format(0, c, *h, &bold)
                .map_err(|e| e.to_string())?;
            let width = s
                .rows
                .iter()
                .map(|r| r.get(c as usize).map_or(0, |t| t.chars().count()))
                .chain(std::iter::once(h.chars().count()))
                .max()
                .unwrap_or(8)
                .clamp(6, 60);
            ws.set_column_width(c, width as f64 + 2.0)
                .map_err(|e| e.to_string())?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).map_err(|e| e.to_string())?;
            for (c, text) in row.iter().enumerate() {
                if text.is_empty() {
                    continue;
                }
                let c = u16::try_from(c).map_err(|e| e.to_string())?;
                ws.write_string(r, c, text).map_err(|e| e.to_string())?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
        let last_col = u16::try_from(s.headers.len().saturating_sub(1)).unwrap_or(0);
        let last_row = u32::try_from(s.rows.len()).unwrap_or(0);
        ws.autofilter(0, 0, last_row, last_col)
            .map_err(|e| e.to_string())?;
    }
    wb.save_to_buffer().map_err(|e| e.to_string())
}

fn parse_date(s: &str) -> Option<(u16, u8, u8)> {
    let mut it = s.trim().splitn(3, '-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.get(..2)?.parse().ok()?;
    Some((y, m, d))
}

pub use crate::diagram::svg::xml_escape;
use crate::diagram::svg::{css, decimals, html_escape as html, num};

/// The diagram as SVG: every primitive the report draws, in world units, text as `<text>`
/// (selectable and searchable), each element's shapes grouped with its id.
pub fn svg(model: &Model, analysis: &Analysis) -> String {
    let d = diagram::build(model, analysis, &diagram::Options::default());
    let title = if model.project.name.is_empty() {
        "zoneplan diagram"
    } else {
        &model.project.name
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}",
        diagram::svg::document(&d, &|id| model.name_of(id).to_owned(), title, 20.0)
    )
}

/// A label line of an element's levels: "SL-T {..} · SL-A {..}".
fn levels_line(sl_t: Option<SlVector>, sl_a: Option<SlVector>) -> String {
    match (sl_t, sl_a) {
        (Some(t), Some(a)) => format!("SL-T {t} · SL-A {a}"),
        (Some(t), None) => format!("SL-T {t}"),
        (None, _) => "no SL-T".to_owned(),
    }
}

/// A draw.io cell id from an element id (ids may hold any character; draw.io's may not
/// start with a digit or hold spaces in practice, so prefix and keep it readable).
fn cell_id(prefix: &str, id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{prefix}-{safe}")
}

/// A fraction of a side for a connector's fixed end (`exitX` and the like): four decimals,
/// a hundredth of a unit on a 100-unit zone.
fn fraction(v: f32, start: f32, len: f32) -> String {
    decimals(if len > 0.0 { (v - start) / len } else { 0.5 }, 4)
}

/// The point half way along a polyline, where draw.io puts a connector's label before its
/// offset.
fn midpoint(points: &[Point]) -> Point {
    let seg = |w: &[Point]| (w[1].x - w[0].x).hypot(w[1].y - w[0].y);
    let mut left = points.windows(2).map(seg).sum::<f32>() / 2.0;
    for w in points.windows(2) {
        let l = seg(w);
        if l > 0.0 && left <= l {
            let t = left / l;
            return Point::new(
                w[0].x + (w[1].x - w[0].x) * t,
                w[0].y + (w[1].y - w[0].y) * t,
            );
        }
        left -= l;
    }
    points.first().copied().unwrap_or_default()
}

/// Which zone holds which: a zone's container is its parent, unless its chain of parents
/// never reaches a top-level zone (a parent missing or a cycle): such a zone is drawn at the
/// top level, so every zone is written exactly once.
struct Nesting<'a> {
    model: &'a Model,
    parent: BTreeMap<&'a ZoneId, Option<&'a Zone>>,
}

impl<'a> Nesting<'a> {
    fn new(model: &'a Model) -> Self {
        let parent = model
            .zones
            .values()
            .map(|z| {
                let mut seen = vec![&z.id];
                let mut cur = z;
                let rooted = loop {
                    match cur.parent.as_ref().and_then(|p| model.zones.get(p)) {
                        None => break true,
                        Some(p) if seen.contains(&&p.id) => break false,
                        Some(p) => {
                            seen.push(&p.id);
                            cur = p;
                        }
                    }
                };
                let parent = z.parent.as_ref().and_then(|p| model.zones.get(p));
                (&z.id, parent.filter(|_| rooted))
            })
            .collect();
        Self { model, parent }
    }

    fn parent(&self, zone: &ZoneId) -> Option<&'a Zone> {
        self.parent.get(zone).copied().flatten()
    }

    /// The zone and its containers, innermost first.
    fn chain(&self, zone: &'a Zone) -> Vec<&'a Zone> {
        let mut out = vec![zone];
        while let Some(p) = self.parent(&out[out.len() - 1].id) {
            out.push(p);
        }
        out
    }

    /// The innermost zone holding all of `zones` (one of them when it holds the others), the
    /// container draw.io itself keeps a connector between them in; `None` for the top level.
    /// A single zone (a connector from a zone to itself): its container.
    fn common(&self, zones: &[&'a Zone]) -> Option<&'a Zone> {
        let first = zones.first()?;
        if zones.iter().all(|z| z.id == first.id) {
            return self.parent(&first.id);
        }
        let mut chain = self.chain(first);
        for z in &zones[1..] {
            let other = self.chain(z);
            chain.retain(|c| other.iter().any(|o| o.id == c.id));
        }
        chain.first().copied()
    }

    /// The conduit's zones that exist.
    fn conduit_zones(&self, c: &Conduit) -> Vec<&'a Zone> {
        c.zones
            .iter()
            .filter_map(|z| self.model.zones.get(z))
            .collect()
    }
}

/// The id draw.io gives a zone's container cell: the zone's own cell, or the layer.
fn container_id(zone: Option<&Zone>) -> String {
    zone.map_or_else(|| "1".to_owned(), |z| cell_id("zone", z.id.as_str()))
}

/// The origin a container's children are placed from (draw.io keeps a child's geometry
/// relative to its container's top-left corner).
fn origin(zone: Option<&Zone>) -> Point {
    zone.map_or_else(Point::default, |z| z.rect.min())
}

/// The diagram as a draw.io (diagrams.net) file, laid out as the canvas shows it: zones as
/// containers (swimlanes) nested as in the model, assets as shapes inside their zone,
/// boundary devices on their conduit, conduits as connectors between their zones along the
/// drawn route, their labels where the canvas puts them; SL-T and SL-A in the labels.
/// Written as draw.io itself saves a file: each cell right after its container, a child's
/// geometry relative to its container, a connector kept in the innermost container that
/// holds both its ends, HTML labels (`html=1`).
pub fn drawio(model: &Model, analysis: &Analysis) -> String {
    let mut out = String::new();
    let name = if model.project.name.is_empty() {
        "zoneplan"
    } else {
        model.project.name.as_str()
    };
    let b = model.bounds().unwrap_or_default();
    wl!(
        out,
        "<mxfile host=\"zoneplan\" agent=\"zoneplan {}\">",
        env!("CARGO_PKG_VERSION")
    );
    wl!(
        out,
        "  <diagram id=\"zoneplan-diagram\" name=\"{}\">",
        xml_escape(name)
    );
    wl!(
        out,
        "    <mxGraphModel dx=\"{}\" dy=\"{}\" grid=\"1\" gridSize=\"10\" guides=\"1\" tooltips=\"1\" connect=\"1\" arrows=\"1\" fold=\"1\" page=\"0\" pageScale=\"1\" pageWidth=\"{}\" pageHeight=\"{}\" math=\"0\" shadow=\"0\">",
        num(b.w.min(2000.0)),
        num(b.h.min(1200.0)),
        num(b.w.max(850.0)),
        num(b.h.max(1100.0))
    );
    out.push_str(
        "      <root>\n        <mxCell id=\"0\" />\n        <mxCell id=\"1\" parent=\"0\" />\n",
    );
    let w = DrawioWriter::new(model, analysis);
    w.container(&mut out, None);
    out.push_str("      </root>\n    </mxGraphModel>\n  </diagram>\n</mxfile>\n");
    out
}

/// Writes the cells of one container, then recursively those of its subzones.
struct DrawioWriter<'a> {
    model: &'a Model,
    analysis: &'a Analysis,
    /// Each container's zones, conduits and assets (`None`: the top level), in id order.
    held: BTreeMap<Option<&'a ZoneId>, Held<'a>>,
    /// Where the canvas puts each conduit's label.
    labels: BTreeMap<ConduitId, Rect>,
}

#[derive(Default)]
struct Held<'a> {
    zones: Vec<&'a Zone>,
    /// A conduit with its zones (at least two).
    conduits: Vec<(&'a Conduit, Vec<&'a Zone>)>,
    assets: Vec<&'a Asset>,
}

impl<'a> DrawioWriter<'a> {
    fn new(model: &'a Model, analysis: &'a Analysis) -> Self {
        let nesting = Nesting::new(model);
        let mut held: BTreeMap<Option<&ZoneId>, Held<'a>> = BTreeMap::new();
        for z in model.zones.values() {
            let p = nesting.parent(&z.id).map(|p| &p.id);
            held.entry(p).or_default().zones.push(z);
        }
        let mut conduit_container = BTreeMap::new();
        for c in model.conduits.values() {
            let zones = nesting.conduit_zones(c);
            if zones.len() >= 2 {
                let p = nesting.common(&zones).map(|p| &p.id);
                conduit_container.insert(&c.id, p);
                held.entry(p).or_default().conduits.push((c, zones));
            }
        }
        for a in model.assets.values() {
            let p = match &a.placement {
                Placement::Zone(z) => model.zones.get_key_value(z).map(|(k, _)| k),
                Placement::Conduit(c) => conduit_container.get(c).copied().flatten(),
                Placement::Unplaced => None,
            };
            held.entry(p).or_default().assets.push(a);
        }
        let labels = diagram::build(model, analysis, &diagram::Options::default())
            .conduit_labels
            .into_iter()
            .collect();
        Self {
            model,
            analysis,
            held,
            labels,
        }
    }

    /// A container's cells in the order the canvas paints them: its subzones (each followed
    /// by its own cells), its conduits, its assets.
    fn container(&self, out: &mut String, zone: Option<&Zone>) {
        let Some(held) = self.held.get(&zone.map(|z| &z.id)) else {
            return;
        };
        for z in &held.zones {
            self.zone(out, z, zone);
            self.container(out, Some(z));
        }
        for (c, zones) in &held.conduits {
            self.conduit(out, c, zones, zone);
        }
        for a in &held.assets {
            self.asset(out, a, zone);
        }
    }

    fn zone(&self, out: &mut String, z: &Zone, container: Option<&Zone>) {
        let (fill, stroke) = diagram::style::zone_kind_colors(z.kind);
        let delta = self.analysis.deltas.zone(z.id.as_str()).map(|d| &d.delta);
        let mut sub = z.kind.label().to_owned();
        if let Some(p) = z.purdue_level {
            w!(sub, " · {}", p.label());
        }
        let mut label = format!(
            "<b><font style=\"font-size: 12px\">{}</font></b><br>{}",
            html(&z.name),
            html(&sub)
        );
        if !z.is_external() {
            let mut levels = levels_line(z.sl_t, delta.and_then(|d| d.sl_a));
            if let Some(d) = delta.filter(|d| d.sl_t.is_some()) {
                w!(levels, " · {} unmet", d.unmet.len());
            }
            w!(label, "<br>{}", html(&levels));
        }
        let dashed = if z.is_external() { "dashed=1;" } else { "" };
        wl!(
            out,
            "        <mxCell id=\"{}\" value=\"{}\" style=\"swimlane;startSize={};container=1;collapsible=0;html=1;whiteSpace=wrap;align=left;verticalAlign=top;spacingLeft=8;fontStyle=0;fontSize=10;fontColor={};rounded=1;arcSize=4;fillColor={};swimlaneFillColor={};strokeColor={};{dashed}\" parent=\"{}\" vertex=\"1\">",
            cell_id("zone", z.id.as_str()),
            xml_escape(&label),
            num(diagram::style::size::ZONE_HEADER),
            css(diagram::Color::TEXT),
            css(fill),
            css(fill),
            css(stroke),
            container_id(container)
        );
        geometry(out, z.rect, origin(container));
    }

    fn asset(&self, out: &mut String, a: &Asset, container: Option<&Zone>) {
        // Inside its zone, as the diagram draws it.
        let r = diagram::shown_asset_rect(self.model, a);
        // The kind's glyph as on the canvas ("PLC", "FW"): a long name wraps onto a second
        // line and the label still fits the shape.
        let kind = catalog()
            .asset_kind(&a.kind)
            .map_or(a.kind.as_str(), |k| k.glyph.as_str());
        let slc = match a.known_sl_c() {
            None if !a.in_scope() => "no digital interface".to_owned(),
            None => "SL-C unknown".to_owned(),
            Some(v) if a.sl_c_source.is_weak() => format!("SL-C {v} est."),
            Some(v) => format!("SL-C {v}"),
        };
        let label = format!(
            "<b>{}</b><br>{} · {}",
            html(&a.name),
            html(kind),
            html(&slc)
        );
        let stroke = if a.placement.conduit().is_some() {
            "#3a414c;strokeWidth=2"
        } else {
            "#8c949e"
        };
        wl!(
            out,
            "        <mxCell id=\"{}\" value=\"{}\" style=\"rounded=1;arcSize=12;whiteSpace=wrap;html=1;fontSize=9;fontColor={};spacing=1;fillColor=#ffffff;strokeColor={stroke};\" parent=\"{}\" vertex=\"1\">",
            cell_id("asset", a.id.as_str()),
            xml_escape(&label),
            css(diagram::Color::TEXT),
            container_id(container)
        );
        geometry(out, r, origin(container));
    }

    /// A conduit as connectors along the lines the canvas draws: fixed ends where the lines
    /// meet the zones (`exitPerimeter=0`: exactly there, even inside a zone), the route's
    /// bend points between; a hub (three or more zones) as a small dot with one connector to
    /// each zone. The label on the (first) connector, moved to where the canvas puts it.
    fn conduit(&self, out: &mut String, c: &Conduit, zones: &[&Zone], container: Option<&Zone>) {
        let Some(paths) = diagram::conduit_paths(self.model, c) else {
            return;
        };
        let o = origin(container);
        let parent = container_id(container);
        let base = cell_id("conduit", c.id.as_str());
        let hub_id = format!("{base}-hub");
        if let Some(hub) = paths.hub {
            let r = diagram::style::size::HUB_RADIUS;
            wl!(
                out,
                "        <mxCell id=\"{hub_id}\" value=\"\" style=\"ellipse;html=1;aspect=fixed;fillColor={};strokeColor=none;\" parent=\"{parent}\" vertex=\"1\">",
                css(diagram::Color::CONDUIT)
            );
            geometry(out, Rect::new(hub.x - r, hub.y - r, 2.0 * r, 2.0 * r), o);
        }
        let label = self.label(c);
        for (i, (path, z)) in paths.paths.iter().zip(zones).enumerate() {
            let (Some(first), Some(last)) = (path.first(), path.last()) else {
                continue;
            };
            let hub = paths.hub.is_some();
            let id = if hub {
                format!("{base}-{}", i + 1)
            } else {
                base.clone()
            };
            let (source, target, exit) = if hub {
                (hub_id.clone(), z, "exitX=0.5;exitY=0.5;".to_owned())
            } else {
                let a = zones[0].rect;
                (
                    cell_id("zone", zones[0].id.as_str()),
                    &zones[1],
                    format!(
                        "exitX={};exitY={};",
                        fraction(first.x, a.x, a.w),
                        fraction(first.y, a.y, a.h)
                    ),
                )
            };
            let t = target.rect;
            let arrow = if diagram::arrow_at(c, i, hub) {
                "endArrow=block;endFill=1;"
            } else {
                "endArrow=none;"
            };
            let value = if i == 0 {
                xml_escape(&label)
            } else {
                String::new()
            };
            wl!(
                out,
                "        <mxCell id=\"{id}\" value=\"{value}\" style=\"html=1;rounded=0;{arrow}startArrow=none;strokeWidth=2.5;strokeColor={};fontSize=10;fontColor={};labelBackgroundColor=#ffffff;{exit}exitDx=0;exitDy=0;exitPerimeter=0;entryX={};entryY={};entryDx=0;entryDy=0;entryPerimeter=0;\" parent=\"{parent}\" source=\"{source}\" target=\"{}\" edge=\"1\">",
                css(diagram::Color::CONDUIT),
                css(diagram::Color::TEXT),
                fraction(last.x, t.x, t.w),
                fraction(last.y, t.y, t.h),
                cell_id("zone", target.id.as_str())
            );
            let mut inner = String::new();
            if i == 0 {
                // draw.io centres a label half way along its connector, then moves it by the
                // offset.
                if let Some(spot) = self.labels.get(&c.id) {
                    let mid = midpoint(path);
                    let centre = spot.center();
                    wl!(
                        inner,
                        "            <mxPoint{}{} as=\"offset\" />",
                        coord("x", centre.x - mid.x),
                        coord("y", centre.y - mid.y)
                    );
                }
            }
            if path.len() > 2 {
                inner.push_str("            <Array as=\"points\">\n");
                for p in &path[1..path.len() - 1] {
                    wl!(
                        inner,
                        "              <mxPoint{}{} />",
                        coord("x", p.x - o.x),
                        coord("y", p.y - o.y)
                    );
                }
                inner.push_str("            </Array>\n");
            }
            if inner.is_empty() {
                out.push_str("          <mxGeometry relative=\"1\" as=\"geometry\" />\n");
            } else {
                out.push_str("          <mxGeometry relative=\"1\" as=\"geometry\">\n");
                out.push_str(&inner);
                out.push_str("          </mxGeometry>\n");
            }
            out.push_str("        </mxCell>\n");
        }
    }

    /// A conduit's label: name, protocols, SL-T, SL-A (estimated) and the unmet count.
    fn label(&self, c: &Conduit) -> String {
        let delta = self
            .analysis
            .deltas
            .conduit(c.id.as_str())
            .map(|d| &d.delta);
        let mut protocols: Vec<&str> = Vec::new();
        for ch in &c.channels {
            let p = catalog().protocol_name(&ch.protocol);
            if !protocols.contains(&p) {
                protocols.push(p);
            }
        }
        let title = diagram::conduit_title(c);
        let mut label = format!("<b>{}</b>", html(&title));
        if !protocols.is_empty() {
            w!(label, "<br>{}", html(&protocols.join(", ")));
        }
        match (c.sl_t, delta) {
            (Some(t), Some(d)) => {
                w!(label, "<br>SL-T {t}<br>");
                if let Some(a) = d.sl_a {
                    w!(label, "SL-A {a} · ");
                }
                w!(label, "{} unmet", d.unmet.len());
            }
            (Some(t), None) => w!(label, "<br>SL-T {t}"),
            (None, _) => label.push_str("<br>no SL-T"),
        }
        label
    }
}

/// A vertex's geometry relative to its container's origin, and the cell's end.
fn geometry(out: &mut String, r: Rect, origin: Point) {
    wl!(
        out,
        "          <mxGeometry{}{}{}{} as=\"geometry\" />\n        </mxCell>",
        coord("x", r.x - origin.x),
        coord("y", r.y - origin.y),
        coord("width", r.w),
        coord("height", r.h)
    );
}

/// ` name="v"`, or nothing for 0: draw.io leaves out a coordinate at its default, so a file
/// it saves again is the same.
fn coord(name: &str, v: f32) -> String {
    match num(v) {
        zero if zero == "0" => String::new(),
        v => format!(" {name}=\"{v}\""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples;

    fn quickstart() -> Model {
        samples::load(samples::by_file_name("quickstart.ron").unwrap()).unwrap()
    }

    #[test]
    fn escaping() {
        assert_eq!(
            xml_escape("a<b & \"c\"\n"),
            "a&lt;b &amp; &quot;c&quot;&#xa;"
        );
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(2.5), "2.5");
    }

    #[test]
    fn svg_has_every_name_as_text() {
        let m = quickstart();
        let a = Analysis::run(&m, catalog());
        let s = svg(&m, &a);
        assert!(s.starts_with("<?xml"));
        for z in m.zones.values() {
            assert!(s.contains(&format!("id=\"{}\"", z.id)), "{}", z.id);
        }
        assert!(s.contains(">Filler PLC</text>"));
        assert_eq!(s, svg(&m, &a));
    }

    #[test]
    fn drawio_nests_assets_in_zones() {
        let m = quickstart();
        let a = Analysis::run(&m, catalog());
        let x = drawio(&m, &a);
        let line = x
            .lines()
            .find(|l| l.contains("id=\"asset-A-CTL-FIL\""))
            .unwrap();
        assert!(line.contains("parent=\"zone-Z-CTL\""), "{line}");
        // Relative to the zone at (0, 600): the asset at (90, 673) as drawn, 140 x 34.
        let geometry = x.lines().skip_while(|l| *l != line).nth(1).unwrap();
        assert!(
            geometry.contains("x=\"20\" y=\"56\" width=\"140\" height=\"34\""),
            "{geometry}"
        );
        assert!(x.contains("SL-T {2 2 2 1 2 1 2}"));
        assert_eq!(x, drawio(&m, &a));
    }

    /// A model of a plant zone P holding a subzone S, a zone Q beside it, a conduit from P to
    /// S, a hub conduit between P, Q and S with its boundary device, an asset in S.
    fn nested() -> Model {
        use crate::model::{Conduit, Zone, ZoneKind};
        let mut m = Model::default();
        m.insert_zone(Zone::new(
            "P",
            "Plant & <control>",
            ZoneKind::Control,
            Rect::new(0.0, 0.0, 600.0, 400.0),
        ));
        let mut s = Zone::new(
            "S",
            "S",
            ZoneKind::Control,
            Rect::new(100.0, 150.0, 300.0, 200.0),
        );
        s.parent = Some("P".into());
        m.insert_zone(s);
        m.insert_zone(Zone::new(
            "Q",
            "Q",
            ZoneKind::Operations,
            Rect::new(800.0, 0.0, 300.0, 200.0),
        ));
        let mut asset = Asset::new("A", "PLC \"1\"", "plc", Point::new(250.0, 250.0));
        asset.placement = Placement::Zone("S".into());
        m.insert_asset(asset);
        m.insert_conduit(Conduit::new("C1", "P to S", vec!["P".into(), "S".into()]));
        let mut hub = Conduit::new("C2", "Hub", vec!["P".into(), "Q".into(), "S".into()]);
        hub.route = vec![Point::new(700.0, 300.0)];
        m.insert_conduit(hub);
        let mut fw = Asset::new("FW", "FW", "firewall", Point::new(700.0, 300.0));
        fw.placement = Placement::Conduit("C2".into());
        m.insert_asset(fw);
        m
    }

    fn cell<'a>(x: &'a str, id: &str) -> &'a str {
        x.lines()
            .find(|l| l.contains(&format!("<mxCell id=\"{id}\"")))
            .unwrap_or_else(|| panic!("no cell {id}"))
    }

    #[test]
    fn drawio_keeps_connectors_where_drawio_does() {
        let m = nested();
        let x = drawio(&m, &Analysis::run(&m, catalog()));
        // The subzone and its asset, relative to their containers.
        assert!(cell(&x, "zone-S").contains("parent=\"zone-P\""));
        assert!(cell(&x, "asset-A").contains("parent=\"zone-S\""));
        // P to S: inside P, as draw.io keeps a connector between a container and its child,
        // from P's header (an end inside P, so not on its perimeter) to S's top.
        let c1 = cell(&x, "conduit-C1");
        assert!(c1.contains("parent=\"zone-P\""), "{c1}");
        assert!(c1.contains("source=\"zone-P\" target=\"zone-S\""), "{c1}");
        assert!(c1.contains("exitX=0.4167;exitY=0.11;"), "{c1}");
        assert!(c1.contains("exitPerimeter=0;entryX=0.5;entryY=0;"), "{c1}");
        // The hub: a dot at the top level (P holds S, Q is beside P), one connector to each
        // zone from it, the boundary device beside it at the top level too.
        assert!(cell(&x, "conduit-C2-hub").contains("parent=\"1\" vertex=\"1\""));
        for (i, z) in ["P", "Q", "S"].iter().enumerate() {
            let e = cell(&x, &format!("conduit-C2-{}", i + 1));
            assert!(
                e.contains(&format!("source=\"conduit-C2-hub\" target=\"zone-{z}\"")),
                "{e}"
            );
        }
        assert!(cell(&x, "asset-FW").contains("parent=\"1\""));
        // Each cell after its container.
        let at = |id: &str| x.find(&format!("<mxCell id=\"{id}\"")).unwrap();
        assert!(at("zone-P") < at("zone-S") && at("zone-S") < at("asset-A"));
        assert!(at("zone-S") < at("conduit-C1"));
    }

    #[test]
    fn drawio_labels_are_html_escaped_then_xml_escaped() {
        let m = nested();
        let x = drawio(&m, &Analysis::run(&m, catalog()));
        // "Plant & <control>" as HTML is "Plant &amp; &lt;control&gt;", then XML-escaped.
        assert!(
            cell(&x, "zone-P").contains("Plant &amp;amp; &amp;lt;control&amp;gt;"),
            "{}",
            cell(&x, "zone-P")
        );
        assert!(
            cell(&x, "asset-A").contains("&lt;b&gt;PLC &amp;quot;1&amp;quot;&lt;/b&gt;&lt;br&gt;")
        );
        assert!(cell(&x, "zone-P").contains("html=1;"));
    }

    #[test]
    fn drawio_writes_every_zone_of_a_parent_cycle_once() {
        let mut m = nested();
        // P and S each other's parent: drawn at the top level, absolute.
        m.zones.get_mut("P").unwrap().parent = Some("S".into());
        let x = drawio(&m, &Analysis::run(&m, catalog()));
        for id in ["zone-P", "zone-S", "zone-Q", "asset-A"] {
            assert_eq!(
                x.matches(&format!("<mxCell id=\"{id}\"")).count(),
                1,
                "{id}"
            );
        }
        assert!(cell(&x, "zone-P").contains("parent=\"1\""));
        assert!(cell(&x, "zone-S").contains("parent=\"1\""));
        let s = x
            .lines()
            .skip_while(|l| !l.contains("id=\"zone-S\""))
            .nth(1)
            .unwrap();
        assert!(s.contains("x=\"100\" y=\"150\""), "{s}");
    }

    #[test]
    fn drawio_label_sits_where_the_canvas_puts_it() {
        // Half way along a polyline, by length.
        let p = midpoint(&[
            Point::new(0.0, 0.0),
            Point::new(0.0, 10.0),
            Point::new(30.0, 10.0),
        ]);
        assert_eq!(p, Point::new(10.0, 10.0));
        assert_eq!(fraction(150.0, 100.0, 300.0), "0.1667");
        assert_eq!(fraction(100.0, 100.0, 0.0), "0.5");
        // The offset moves the label from the connector's middle to the canvas's spot.
        let m = quickstart();
        let a = Analysis::run(&m, catalog());
        let d = diagram::build(&m, &a, &diagram::Options::default());
        let spot = d
            .conduit_labels
            .iter()
            .find(|(c, _)| c.as_str() == "C-03")
            .unwrap()
            .1;
        let x = drawio(&m, &a);
        let offset = x
            .lines()
            .skip_while(|l| !l.contains("<mxCell id=\"conduit-C-03\""))
            .find(|l| l.contains("as=\"offset\""))
            .unwrap();
        let c = &m.conduits["C-03"];
        let path = &diagram::conduit_paths(&m, c).unwrap().paths[0];
        let mid = midpoint(path);
        let want = format!(
            "<mxPoint{}{} as=\"offset\" />",
            coord("x", spot.center().x - mid.x),
            coord("y", spot.center().y - mid.y)
        );
        assert!(offset.contains(&want), "{offset} {want}");
    }

    /// A laid-out conduit of three zones: a hub dot, and from it one connector to each zone
    /// along the zone's leg (its bend points), into the top or bottom centre of the zone.
    #[test]
    fn drawio_hub_connectors_follow_the_legs() {
        let mut m = quickstart();
        let zones: Vec<crate::model::ZoneId> = m
            .zones
            .values()
            .filter(|z| z.parent.is_none())
            .take(3)
            .map(|z| z.id.clone())
            .collect();
        m.insert_conduit(Conduit::new("C-HUB", "Hub", zones));
        crate::layout::tidy(&mut m);
        let a = Analysis::run(&m, catalog());
        let x = drawio(&m, &a);
        let c = &m.conduits["C-HUB"];
        let (hub, legs) = c.hub_legs().unwrap();
        let cell = |id: &str| {
            let at = x.find(&format!("<mxCell id=\"{id}\"")).unwrap();
            &x[at..at + x[at..].find("</mxCell>").unwrap()]
        };
        assert!(
            cell("conduit-C-HUB-hub").contains(&format!(
                "<mxGeometry{}{} width=\"10\" height=\"10\"",
                coord("x", hub.x - 5.0),
                coord("y", hub.y - 5.0)
            )),
            "{}",
            cell("conduit-C-HUB-hub")
        );
        for (i, z) in c.zones.iter().enumerate() {
            let edge = cell(&format!("conduit-C-HUB-{}", i + 1));
            assert!(edge.contains("source=\"conduit-C-HUB-hub\""), "{edge}");
            let want: Vec<String> = legs[i]
                .iter()
                .map(|p| format!("<mxPoint{}{} />", coord("x", p.x), coord("y", p.y)))
                .collect();
            let got: Vec<&str> = edge
                .lines()
                .map(str::trim)
                .filter(|l| l.starts_with("<mxPoint") && !l.contains("offset"))
                .collect();
            assert_eq!(got, want, "{edge}");
            let r = m.zones[z].rect;
            let below = legs[i].last().unwrap().y > r.y + r.h;
            let entry = format!("entryX=0.5;entryY={};", u8::from(below));
            assert!(edge.contains(&entry), "{entry} {edge}");
        }
    }

    #[test]
    fn csv_and_workbook_are_deterministic() {
        let m = quickstart();
        let a = Analysis::run(&m, catalog());
        let plan = FixPlan::compute(&m, catalog());
        let s = sheets(&m, &a, &plan);
        assert_eq!(s.len(), 5);
        assert_eq!(s[0].rows.len(), m.assets.len());
        let one = xlsx_bytes(&m, &s).unwrap();
        let two = xlsx_bytes(&m, &s).unwrap();
        assert_eq!(one, two);
        let csv = String::from_utf8(csv_bytes(&s[0]).unwrap()).unwrap();
        assert!(csv.starts_with("Id,Name,Kind,"));
    }
}
