//! Exports: the diagram as SVG and as a draw.io file, and the model's tables (assets, zones,
//! conduits with their channels, findings, fix plan) as CSV files or one XLSX workbook.
//!
//! Deterministic: the same model gives the same bytes (no clock; the workbook's date is the
//! model's date).

use std::fmt::Write as _;

use crate::analysis::{Analysis, FixPlan};
use crate::catalog::catalog;
use crate::diagram;
use crate::model::{Asset, ElementId, Fr, Model, Placement, SlVector};

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
use crate::diagram::svg::{css, num};

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

/// The diagram as a draw.io (diagrams.net) file: zones as containers (swimlanes) nested as in
/// the model, assets as shapes inside their zone, boundary devices on their conduit,
/// conduits as orthogonal connectors between zones with their bend points; SL-T and SL-A in
/// the labels. Geometry of a child is relative to its container, as draw.io keeps it.
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
        "<mxfile host=\"zoneplan\" agent=\"zoneplan {}\" version=\"24.7.17\">",
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
    // Parents before subzones: draw.io needs a container before its children.
    let mut zones: Vec<(usize, &crate::model::Zone)> = model
        .zones
        .values()
        .map(|z| (model.ancestors(&z.id).len(), z))
        .collect();
    zones.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    for (_, z) in &zones {
        let (fill, stroke) = diagram::style::zone_kind_colors(z.kind);
        let delta = analysis.deltas.zone(z.id.as_str()).map(|d| &d.delta);
        let mut label = format!("{}\n{}", z.name, z.kind.label());
        if let Some(p) = z.purdue_level {
            w!(label, " · {}", p.label());
        }
        if !z.is_external() {
            w!(
                label,
                " · {}",
                levels_line(z.sl_t, delta.and_then(|d| d.sl_a))
            );
            if let Some(d) = delta.filter(|d| d.sl_t.is_some()) {
                w!(label, " · {} unmet", d.unmet.len());
            }
        }
        let (parent, origin) = match z.parent.as_ref().and_then(|p| model.zones.get(p)) {
            Some(p) => (cell_id("zone", p.id.as_str()), p.rect.min()),
            None => ("1".to_owned(), crate::model::Point::default()),
        };
        let dashed = if z.is_external() { "dashed=1;" } else { "" };
        wl!(
            out,
            "        <mxCell id=\"{}\" value=\"{}\" style=\"swimlane;startSize=44;container=1;collapsible=0;childLayout=;horizontal=1;whiteSpace=wrap;html=0;align=left;verticalAlign=top;spacingLeft=8;fontStyle=1;rounded=1;arcSize=4;fillColor={};swimlaneFillColor={};strokeColor={};{dashed}\" vertex=\"1\" parent=\"{parent}\">",
            cell_id("zone", z.id.as_str()),
            xml_escape(&label),
            css(fill),
            css(fill),
            css(stroke)
        );
        geometry(
            &mut out,
            z.rect.x - origin.x,
            z.rect.y - origin.y,
            z.rect.w,
            z.rect.h,
        );
    }
    for a in model.assets.values() {
        // Inside its zone, as the diagram draws it.
        let r = diagram::shown_asset_rect(model, a);
        let (parent, origin) = match &a.placement {
            Placement::Zone(z) => match model.zones.get(z) {
                Some(z) => (cell_id("zone", z.id.as_str()), z.rect.min()),
                None => ("1".to_owned(), crate::model::Point::default()),
            },
            _ => ("1".to_owned(), crate::model::Point::default()),
        };
        let kind = catalog().asset_kind_name(&a.kind);
        let slc = match a.known_sl_c() {
            None if !a.in_scope() => "no digital interface".to_owned(),
            None => "SL-C unknown".to_owned(),
            Some(v) if a.sl_c_source.is_weak() => format!("SL-C {v} est."),
            Some(v) => format!("SL-C {v}"),
        };
        let label = format!("{}\n{kind} · {slc}", a.name);
        let boundary = a.placement.conduit().is_some();
        let stroke = if boundary {
            "#3a414c;strokeWidth=2"
        } else {
            "#8c949e"
        };
        wl!(
            out,
            "        <mxCell id=\"{}\" value=\"{}\" style=\"rounded=1;arcSize=12;whiteSpace=wrap;html=0;fontSize=10;fillColor=#ffffff;strokeColor={stroke};\" vertex=\"1\" parent=\"{parent}\">",
            cell_id("asset", a.id.as_str()),
            xml_escape(&label)
        );
        geometry(&mut out, r.x - origin.x, r.y - origin.y, r.w, r.h);
    }
    for c in model.conduits.values() {
        let zs: Vec<&crate::model::Zone> =
            c.zones.iter().filter_map(|z| model.zones.get(z)).collect();
        if zs.len() < 2 {
            continue;
        }
        let delta = analysis.deltas.conduit(c.id.as_str()).map(|d| &d.delta);
        let mut protocols: Vec<&str> = Vec::new();
        for ch in &c.channels {
            let p = catalog().protocol_name(&ch.protocol);
            if !protocols.contains(&p) {
                protocols.push(p);
            }
        }
        let mut label = if c.name.is_empty() {
            c.id.to_string()
        } else {
            c.name.clone()
        };
        if !protocols.is_empty() {
            w!(label, "\n{}", protocols.join(", "));
        }
        w!(
            label,
            "\n{}",
            levels_line(c.sl_t, delta.and_then(|d| d.sl_a))
        );
        let arrow = if c.is_one_way() {
            "endArrow=block;endFill=1;"
        } else {
            "endArrow=none;"
        };
        // A hub conduit (three or more zones): one connector from the first zone to each
        // other zone, the same label on the first.
        for (i, z) in zs.iter().enumerate().skip(1) {
            let id = if zs.len() == 2 {
                cell_id("conduit", c.id.as_str())
            } else {
                format!("{}-{i}", cell_id("conduit", c.id.as_str()))
            };
            let value = if i == 1 {
                xml_escape(&label)
            } else {
                String::new()
            };
            // Where the route leaves and enters (top or bottom centre), so draw.io's
            // orthogonal router keeps the laid-out route.
            let ends = match (zs.len(), c.route.first(), c.route.last()) {
                (2, Some(first), Some(last)) => {
                    let side = |r: &crate::model::Rect, p: &crate::model::Point| {
                        u8::from(p.y >= r.y + r.h)
                    };
                    format!(
                        "exitX=0.5;exitY={};exitDx=0;exitDy=0;entryX=0.5;entryY={};entryDx=0;entryDy=0;",
                        side(&zs[0].rect, first),
                        side(&z.rect, last)
                    )
                }
                _ => String::new(),
            };
            wl!(
                out,
                "        <mxCell id=\"{id}\" value=\"{value}\" style=\"edgeStyle=orthogonalEdgeStyle;rounded=0;orthogonalLoop=1;html=0;strokeWidth=2.5;strokeColor=#3a414c;fontSize=10;labelBackgroundColor=#ffffff;{arrow}startArrow=none;{ends}\" edge=\"1\" parent=\"1\" source=\"{}\" target=\"{}\">",
                cell_id("zone", zs[0].id.as_str()),
                cell_id("zone", z.id.as_str())
            );
            out.push_str("          <mxGeometry relative=\"1\" as=\"geometry\">\n");
            if zs.len() == 2 && !c.route.is_empty() {
                out.push_str("            <Array as=\"points\">\n");
                for p in &c.route {
                    wl!(
                        out,
                        "              <mxPoint x=\"{}\" y=\"{}\" />",
                        num(p.x),
                        num(p.y)
                    );
                }
                out.push_str("            </Array>\n");
            }
            out.push_str("          </mxGeometry>\n        </mxCell>\n");
        }
    }
    out.push_str("      </root>\n    </mxGraphModel>\n  </diagram>\n</mxfile>\n");
    out
}

fn geometry(out: &mut String, x: f32, y: f32, w: f32, h: f32) {
    wl!(
        out,
        "          <mxGeometry x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" as=\"geometry\" />\n        </mxCell>",
        num(x),
        num(y),
        num(w),
        num(h)
    );
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
        assert!(x.contains("id=\"asset-A-CTL-FIL\""));
        let line = x
            .lines()
            .find(|l| l.contains("id=\"asset-A-CTL-FIL\""))
            .unwrap();
        assert!(line.contains("parent=\"zone-Z-CTL\""), "{line}");
        assert!(x.contains("SL-T {2 2 2 1 2 1 2}"));
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
