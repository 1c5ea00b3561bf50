//! The report as one self-contained HTML file for reading on screen: the same chapters in
//! the same order as the PDF (each chapter of [`super::render::chapters`] has its HTML
//! body beside its PDF body), inline CSS, the diagram as inline SVG, contents as links. No
//! script, no external resource. Deterministic: the same data gives the same bytes.

use std::fmt::Write as _;

use crate::diagram::Color;
use crate::model::Fr;

use super::data::{Assessment, AssetRow, ReportData, group_unmet};
use super::render::{self, Notes};
use super::summary::severity_word;

/// An HTML document being written: the body and the contents it collects.
pub struct Html {
    body: String,
    toc: Vec<(u8, String, String)>,
}

/// Escapes text for HTML.
pub use crate::diagram::svg::html_escape as esc;

fn rgb(c: Color) -> String {
    if c.a == 255 {
        format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
    } else {
        format!(
            "rgba({},{},{},{:.3})",
            c.r,
            c.g,
            c.b,
            f32::from(c.a) / 255.0
        )
    }
}

/// A table cell: text, an optional background and bold.
pub struct Td {
    text: String,
    fill: Option<Color>,
    bold: bool,
}

pub fn td(text: impl Into<String>) -> Td {
    Td {
        text: text.into(),
        fill: None,
        bold: false,
    }
}

impl Td {
    pub fn fill(mut self, c: Color) -> Self {
        self.fill = Some(c);
        self
    }

    fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
}

impl Html {
    fn new() -> Self {
        Self {
            body: String::new(),
            toc: Vec::new(),
        }
    }

    /// A heading with an anchor; levels 1 and 2 go into the contents.
    pub fn heading(&mut self, level: u8, title: &str) {
        let anchor = format!("s{}", self.toc.len() + 1);
        if level <= 2 {
            self.toc.push((level, title.to_owned(), anchor.clone()));
        }
        let tag = level.clamp(1, 4) + 1;
        writeln!(self.body, "<h{tag} id=\"{anchor}\">{}</h{tag}>", esc(title)).unwrap_or_default();
    }

    pub fn p(&mut self, text: &str) {
        writeln!(self.body, "<p>{}</p>", esc(text)).unwrap_or_default();
    }

    /// A paragraph that starts with a bold `lead`.
    pub fn p_lead(&mut self, lead: &str, text: &str) {
        writeln!(
            self.body,
            "<p><strong>{}</strong> {}</p>",
            esc(lead),
            esc(text)
        )
        .unwrap_or_default();
    }

    pub fn muted(&mut self, text: &str) {
        writeln!(self.body, "<p class=\"muted\">{}</p>", esc(text)).unwrap_or_default();
    }

    pub fn list(&mut self, items: &[String]) {
        self.body.push_str("<ul>\n");
        for i in items {
            writeln!(self.body, "<li>{}</li>", esc(i)).unwrap_or_default();
        }
        self.body.push_str("</ul>\n");
    }

    pub fn table(&mut self, head: &[&str], rows: Vec<Vec<Td>>) {
        self.body.push_str("<table><thead><tr>");
        for h in head {
            write!(self.body, "<th>{}</th>", esc(h)).unwrap_or_default();
        }
        self.body.push_str("</tr></thead><tbody>\n");
        for row in rows {
            self.body.push_str("<tr>");
            for c in row {
                let style = c
                    .fill
                    .map_or_else(String::new, |f| format!(" style=\"background:{}\"", rgb(f)));
                let text = if c.bold {
                    format!("<b>{}</b>", esc(&c.text))
                } else {
                    esc(&c.text)
                };
                write!(self.body, "<td{style}>{text}</td>").unwrap_or_default();
            }
            self.body.push_str("</tr>\n");
        }
        self.body.push_str("</tbody></table>\n");
    }

    pub fn fields(&mut self, rows: &[(&str, String)]) {
        self.body.push_str("<table class=\"fields\"><tbody>\n");
        for (k, v) in rows {
            let v = if v.trim().is_empty() { "–" } else { v };
            writeln!(self.body, "<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(v))
                .unwrap_or_default();
        }
        self.body.push_str("</tbody></table>\n");
    }

    fn raw(&mut self, s: &str) {
        self.body.push_str(s);
    }
}

const CSS: &str = "body{font-family:'DejaVu Sans Condensed','DejaVu Sans',Arial,sans-serif;\
color:#1f242b;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.4;font-size:15px}\
h1{font-size:1.9em}h2{font-size:1.5em;margin-top:2em;border-bottom:1px solid #c4cad2}\
h3{font-size:1.2em;margin-top:1.5em}h4{font-size:1.05em}\
table{border-collapse:collapse;margin:.5em 0 1em;width:100%}\
th,td{border:1px solid #c4cad2;padding:3px 6px;vertical-align:top;text-align:left;font-size:.92em}\
th{background:#e9edf2}table.fields th{width:14em}.muted{color:#555d68;font-size:.92em}\
nav a{text-decoration:none}nav li.l2{margin-left:1.5em;font-size:.92em}nav ul{list-style:none;padding:0}\
svg{width:100%;height:auto;border:1px solid #c4cad2}.swatch{display:inline-block;width:.9em;\
height:.9em;border:1px solid #555d68;margin:0 .3em 0 1em;vertical-align:middle}";

/// The whole report as one HTML file.
pub fn render(data: &ReportData) -> String {
    let mut h = Html::new();
    for (i, c) in render::chapters().iter().enumerate() {
        h.heading(1, &format!("{} {}", i + 1, c.title));
        (c.html)(&mut h, data);
    }
    for (i, c) in render::annexes().iter().enumerate() {
        let letter = char::from(b'A' + (i as u8).min(25));
        h.heading(1, &format!("Annex {letter}: {}", c.title));
        (c.html)(&mut h, data);
    }
    let p = &data.project;
    let mut out = String::with_capacity(h.body.len() + 4096);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    writeln!(
        out,
        "<title>{} – IEC 62443 zone &amp; conduit report</title><style>{CSS}</style></head><body>",
        esc(&p.name)
    )
    .unwrap_or_default();
    writeln!(
        out,
        "<p class=\"muted\">IEC 62443 zone &amp; conduit report</p><h1>{}</h1>",
        esc(&p.name)
    )
    .unwrap_or_default();
    if !p.description.is_empty() {
        writeln!(out, "<p>{}</p>", esc(&p.description)).unwrap_or_default();
    }
    let mut cover = Html::new();
    cover.fields(&[
        ("Site", p.site.clone()),
        ("Asset owner", p.asset_owner.clone()),
        ("Author", p.author.clone()),
        ("Revision", p.revision.clone()),
        ("Date", p.date.clone()),
        ("Classification", p.classification.clone()),
    ]);
    out.push_str(&cover.body);
    out.push_str("<nav><h2>Contents</h2><ul>\n");
    for (level, title, anchor) in &h.toc {
        writeln!(
            out,
            "<li class=\"l{level}\"><a href=\"#{anchor}\">{}</a></li>",
            esc(title)
        )
        .unwrap_or_default();
    }
    out.push_str("</ul></nav>\n");
    out.push_str(&h.body);
    out.push_str("</body></html>\n");
    out
}

pub fn executive(h: &mut Html, data: &ReportData) {
    let e = &data.executive;
    h.heading(3, "Overall posture");
    for p in &e.posture {
        h.p(p);
    }
    h.heading(3, "Top risks");
    if e.risks.is_empty() {
        h.p("No safety zone falls short of its target, no way leads in from outside to a safety or control zone, and no finding is of high severity.");
    } else {
        h.list(&e.risks);
    }
    h.heading(3, "What to do first");
    if e.first_fixes.is_empty() {
        h.p("Nothing: no zone or conduit has open items.");
    } else {
        h.list(&e.first_fixes);
    }
    h.heading(3, "What the assessment assumed");
    h.list(&e.assumptions);
}

pub fn remediation(h: &mut Html, data: &ReportData) {
    h.muted(crate::analysis::plan::PLAN_HEURISTIC);
    if data.remediation.is_empty() {
        h.p("Nothing to fix: no zone or conduit has open items.");
        return;
    }
    let rows = data
        .remediation
        .iter()
        .map(|r| {
            let [number, what, result] = render::remedy_texts(r);
            vec![td(number).bold(), td(what), td(result)]
        })
        .collect();
    h.table(
        &[
            "No.",
            "Fix, the items it closes; owner, priority, due",
            "Resulting SL-A",
        ],
        rows,
    );
}

fn dash(s: &str) -> String {
    if s.trim().is_empty() {
        "–".to_owned()
    } else {
        s.to_owned()
    }
}

pub fn findings(h: &mut Html, data: &ReportData) {
    h.heading(3, &format!("Open findings ({})", data.findings.len()));
    if data.findings.is_empty() {
        h.p("No open findings.");
    }
    let row = |f: &super::data::FindingRow| {
        let [elements, text] = render::finding_texts(f);
        vec![
            td(f.number.clone()).bold(),
            td(format!(
                "{} ({})",
                severity_word(f.severity),
                f.severity.label()
            ))
            .fill(render::severity_fill(f.severity)),
            td(elements),
            td(text),
        ]
    };
    if !data.findings.is_empty() {
        let rows = data.findings.iter().map(row).collect();
        h.table(&["No.", "Severity", "Elements", "Finding"], rows);
    }
    if !data.accepted.is_empty() {
        h.heading(3, &format!("Accepted findings ({})", data.accepted.len()));
        let rows = data
            .accepted
            .iter()
            .map(|a| {
                let mut r = row(&a.finding);
                r.push(td(format!(
                    "{}\n{}, {}",
                    a.justification,
                    dash(&a.by),
                    dash(&a.date)
                )));
                r
            })
            .collect();
        h.table(
            &["No.", "Severity", "Elements", "Finding", "Accepted because"],
            rows,
        );
    }
    if let Some(line) = super::zcr::spec_gaps_line(data) {
        h.muted(&line);
    }
}

pub fn levels(h: &mut Html, data: &ReportData) {
    for (what, rows) in [
        ("zone", &data.zone_levels),
        ("conduit", &data.conduit_levels),
    ] {
        if rows.is_empty() {
            continue;
        }
        h.heading(3, &format!("SL-T / SL-A per {what}"));
        let mut head = vec![what];
        let frs: Vec<String> = Fr::ALL.iter().map(|fr| fr.label()).collect();
        head.extend(frs.iter().map(String::as_str));
        head.push("Unmet");
        let rows = rows
            .iter()
            .map(|r| {
                let mut row = vec![td(r.name.clone())];
                row.extend(
                    r.cells
                        .iter()
                        .map(|c| td(c.label()).fill(render::gap_fill(c.gap))),
                );
                row.push(td(r.unmet.to_string()));
                row
            })
            .collect();
        h.table(&head, rows);
    }
    h.muted("Each cell: SL-T/SL-A. Green: met; amber: SL-A one level short; red: two or more short; grey: not assessed.");
}

pub fn method(h: &mut Html, data: &ReportData) {
    for s in &data.method {
        h.heading(3, &s.title);
        for p in &s.paragraphs {
            h.p(p);
        }
    }
}

pub fn glossary(h: &mut Html, _data: &ReportData) {
    let rows = render::glossary_terms()
        .into_iter()
        .map(|(t, m)| vec![td(t).bold(), td(m)])
        .collect();
    h.table(&["Term", "Meaning"], rows);
}

/// The diagram as SVG in world coordinates: the screen zooms it.
pub fn diagram(h: &mut Html, data: &ReportData) {
    let d = &data.diagram;
    if d.items.is_empty() {
        h.p("The model has no zones or assets to draw.");
        return;
    }
    let b = d.bounds.expand(10.0);
    if ![b.x, b.y, b.w, b.h].iter().all(|v| v.is_finite()) {
        h.p("The diagram cannot be drawn: some positions or sizes in the model are not finite numbers.");
        return;
    }
    let title = if data.project.name.is_empty() {
        "Zone & conduit diagram"
    } else {
        data.project.name.as_str()
    };
    let name_of = |id: &str| {
        let zone = data
            .zones
            .iter()
            .find(|z| z.id == id)
            .map(|z| z.name.clone());
        let conduit = || {
            data.conduits
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.name.clone())
        };
        let asset = || {
            data.zones
                .iter()
                .flat_map(|z| &z.assets)
                .chain(data.conduits.iter().flat_map(|c| &c.boundary_devices))
                .find(|a| a.id == id)
                .map(|a| a.name.clone())
        };
        zone.or_else(conduit)
            .or_else(asset)
            .unwrap_or_else(|| id.to_owned())
    };
    // Conduit lines round the zone headers, as on paper.
    let bent = super::render::with_detours(d);
    h.raw(&crate::diagram::svg::document(&bent, &name_of, title, 10.0));
    let mut legend = String::from("<p class=\"muted\">");
    for e in crate::diagram::legend(crate::diagram::ColorMode::Kind) {
        write!(
            legend,
            "<span class=\"swatch\" style=\"background:{};border-color:{}\"></span>{}",
            rgb(e.fill),
            rgb(e.stroke),
            esc(&e.label)
        )
        .unwrap_or_default();
    }
    legend.push_str("</p>\n");
    h.raw(&legend);
}

fn assets(h: &mut Html, assets: &[AssetRow]) {
    let rows = assets
        .iter()
        .map(|a| render::asset_texts(a).into_iter().map(td).collect())
        .collect();
    h.table(&["Name", "Kind", "Classes", "SL-C (FR1–FR7)"], rows);
}

fn assessment(h: &mut Html, a: &Assessment) {
    let v = |x: Option<crate::model::SlVector>| x.map_or_else(|| "–".to_owned(), |v| v.to_string());
    h.fields(&[
        ("SL-T", v(a.sl_t)),
        ("SL-A (estimated)", v(a.sl_a)),
        ("SL-C (weakest link)", v(a.sl_c)),
        ("SL-T rationale", a.rationale.clone()),
    ]);
    if a.sl_t.is_none() {
        h.muted("No SL-T is set, so no requirement delta is computed.");
        return;
    }
    if a.unmet.is_empty() {
        // Nothing to list: a line, not a section (as in the PDF).
        h.p_lead(
            "Unmet IEC 62443-3-3 items: none.",
            "Every applicable item up to SL-T is met or covered.",
        );
    } else {
        h.heading(
            4,
            &format!(
                "Unmet IEC 62443-3-3 items ({}), by FR and provider",
                a.unmet.len()
            ),
        );
        let groups = group_unmet(&a.unmet);
        let notes = Notes::of(&groups);
        let recurring = notes.lines();
        if !recurring.is_empty() {
            h.muted(&format!("Recurring: {}.", recurring.join("; ")));
        }
        let rows = groups
            .iter()
            .map(|g| {
                let cells = notes.row(g);
                vec![
                    td(format!("{} {}", g.fr.label(), g.fr.abbrev())).bold(),
                    td(cells[0].clone()),
                    td(cells[1].clone()),
                    td(cells[2].clone()),
                ]
            })
            .collect();
        h.table(
            &[
                "FR",
                "Items",
                "Provider: why unmet",
                "Assets short, planned",
            ],
            rows,
        );
    }
    for line in render::assessment_lines(a) {
        h.muted(&line);
    }
}

pub fn zone_sheets(h: &mut Html, data: &ReportData) {
    for z in &data.zones {
        h.heading(2, &format!("Zone: {} ({})", z.name, z.id));
        h.fields(&render::zone_fields(z));
        if !z.external {
            super::zcr::sheet_spec_html(h, data, &z.id);
        }
        h.heading(4, &format!("Assets ({})", z.assets.len()));
        assets(h, &z.assets);
        if z.external {
            h.p("External zone: outside the system under consideration. Not assessed.");
        } else {
            assessment(h, &z.assessment);
        }
    }
}

pub fn conduit_sheets(h: &mut Html, data: &ReportData) {
    for c in &data.conduits {
        h.heading(2, &format!("Conduit: {} ({})", c.name, c.id));
        h.fields(&render::conduit_fields(data, c));
        super::zcr::sheet_spec_html(h, data, &c.id);
        let rows = c
            .channels
            .iter()
            .map(|ch| {
                vec![
                    td(ch.protocol.clone()),
                    td(ch.port.clone()),
                    td(ch.from.clone()),
                    td(ch.to.clone()),
                    td(ch.direction.clone()),
                    td(ch.purpose.clone()),
                ]
            })
            .collect();
        h.heading(4, &format!("Channels ({})", c.channels.len()));
        h.table(
            &["Protocol", "Port", "From", "To", "Direction", "Purpose"],
            rows,
        );
        assessment(h, &c.assessment);
    }
}

pub fn countermeasures(h: &mut Html, data: &ReportData) {
    if data.countermeasures.is_empty() {
        h.p("No countermeasures are recorded.");
        return;
    }
    let rows = data
        .countermeasures
        .iter()
        .map(|c| {
            let mut row: Vec<Td> = render::countermeasure_texts(c)
                .into_iter()
                .map(td)
                .collect();
            row[0].bold = true;
            row
        })
        .collect();
    h.table(
        &[
            "Id",
            "Name and justification",
            "Kind, status",
            "Covers",
            "Applies to",
            "Owner, priority, due",
        ],
        rows,
    );
}

pub fn annex_unmet(h: &mut Html, data: &ReportData) {
    let sheets = data
        .zones
        .iter()
        .map(|z| (format!("Zone: {} ({})", z.name, z.id), &z.assessment))
        .chain(
            data.conduits
                .iter()
                .map(|c| (format!("Conduit: {} ({})", c.name, c.id), &c.assessment)),
        );
    for (title, a) in sheets {
        if a.unmet.is_empty() && a.components.is_empty() {
            continue;
        }
        h.heading(4, &title);
        let rows = a
            .unmet
            .iter()
            .map(|u| {
                vec![
                    td(u.id.clone()).bold(),
                    td(u.title.clone()),
                    td(format!("{} {}", u.fr.label(), u.level)),
                    td(u.reasons.join("; ")),
                    td(u.culprits.join(", ")),
                ]
            })
            .collect();
        h.table(
            &["Item", "Title", "FR SL", "Why unmet", "Assets short"],
            rows,
        );
        for g in &a.components {
            h.muted(&format!("4-2, {}: {}", g.asset, g.requirements.join(", ")));
        }
    }
}

pub fn appendix(h: &mut Html, data: &ReportData) {
    let rows = data
        .appendix
        .iter()
        .map(|r| {
            vec![
                td(r.id.clone()).bold(),
                td(r.title.clone()),
                td(r.text.clone().unwrap_or_default()),
            ]
        })
        .collect();
    if data.has_texts {
        h.table(&["Item", "Title", "Text"], rows);
    } else {
        let rows = data
            .appendix
            .iter()
            .map(|r| vec![td(r.id.clone()).bold(), td(r.title.clone())])
            .collect();
        h.table(&["Item", "Title"], rows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("a < b & \"c\"\nd"), "a &lt; b &amp; &quot;c&quot;<br>d");
        assert_eq!(rgb(Color::rgb(0xc6, 0x28, 0x28)), "#c62828");
    }
}
