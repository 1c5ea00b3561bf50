//! Lays the report's content out on pages: cover, contents, summary, method, diagram, zone
//! and conduit sheets, countermeasures, findings and appendix; then headers, footers and the
//! outline.

use crate::analysis::{self, Severity};
use crate::diagram::text::{self, Weight};
use crate::diagram::{self, Color, ColorMode, Diagram, HAlign, Lod, Shape, style};
use crate::model::{Fr, Rect, SlVector};

use super::data::{Assessment, AssetRow, GapLevel, LevelRow, ReportData, ZoneSheet};
use super::flow::{
    self, BODY, BODY_BOLD, Cell, Col, Flow, H2, H3, MARGIN_BOTTOM, MARGIN_X, MUTED, Mark, SMALL,
    cell, col, unbroken,
};
use super::pdf::{OutlineNode, Page, Style};

/// Below this size (points) a zone name on the overview diagram is too small to read, and
/// the report adds a detail page per zone.
pub const MIN_READABLE: f32 = 5.0;

pub const GAP_RED: Color = crate::diagram::style::gap_fill(GapLevel::TwoOrMore);
pub const GAP_AMBER: Color = crate::diagram::style::gap_fill(GapLevel::One);
pub const GAP_GREEN: Color = crate::diagram::style::gap_fill(GapLevel::Met);
pub const GAP_GREY: Color = crate::diagram::style::gap_fill(GapLevel::Unassessed);

/// The shared gap palette (`diagram::style::gap_fill`), the same as the editor's.
pub fn gap_fill(g: GapLevel) -> Color {
    crate::diagram::style::gap_fill(g)
}

fn severity_fill(s: Severity) -> Color {
    match s {
        Severity::Error => GAP_RED,
        Severity::Warning => GAP_AMBER,
        Severity::Info => GAP_GREY,
    }
}

/// The laid-out report: its pages and outline.
pub struct Laid {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineNode>,
}

/// Lays the whole report out.
pub fn lay_out(data: &ReportData, paper: super::Paper) -> Laid {
    let mut body = Flow::new(paper);
    summary(&mut body, data);
    method(&mut body, data);
    diagram_pages(&mut body, data);
    zone_sheets(&mut body, data);
    conduit_sheets(&mut body, data);
    countermeasures(&mut body, data);
    findings(&mut body, data);
    appendix(&mut body, data);

    // Contents entries have a fixed height, so their page count does not depend on the page
    // numbers they show: lay them out once to count, then for real.
    let probe = front_matter(data, paper, &body.marks, 0);
    let offset = probe.pages.len();
    let front = front_matter(data, paper, &body.marks, offset);

    let mut pages = front.pages;
    pages.extend(body.pages);
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        header_footer(page, data, i + 1, total);
    }

    let mut outline = vec![OutlineNode {
        title: "Cover".to_owned(),
        page: 0,
        children: Vec::new(),
    }];
    if let Some(m) = front.marks.iter().find(|m| m.level == 1) {
        outline.push(OutlineNode {
            title: m.title.clone(),
            page: m.page,
            children: Vec::new(),
        });
    }
    for m in &body.marks {
        let node = OutlineNode {
            title: m.title.clone(),
            page: m.page + offset,
            children: Vec::new(),
        };
        match (m.level, outline.last_mut()) {
            (2.., Some(parent)) => parent.children.push(node),
            _ => outline.push(node),
        }
    }
    Laid { pages, outline }
}

fn header_footer(page: &mut Page, data: &ReportData, n: usize, total: usize) {
    let w = page.width;
    let h = page.height;
    let p = &data.project;
    let head = Style::new(8.0, Weight::Bold, Color::MUTED);
    let foot = Style::new(8.0, Weight::Regular, Color::MUTED);
    let inner = w - 2.0 * MARGIN_X;
    let title = text::truncate(&p.name, head.size, head.weight, inner * 0.6).into_owned();
    page.text(MARGIN_X, 28.0, &title, head);
    let right = text::truncate(
        "IEC 62443 zone & conduit report",
        foot.size,
        foot.weight,
        inner * 0.38,
    )
    .into_owned();
    page.text_right(w - MARGIN_X, 28.0, &right, foot);
    page.line(
        &[(MARGIN_X, 40.0), (w - MARGIN_X, 40.0)],
        0.5,
        flow::RULE,
        false,
    );

    let fy = h - MARGIN_BOTTOM + 22.0;
    page.line(
        &[(MARGIN_X, fy - 6.0), (w - MARGIN_X, fy - 6.0)],
        0.5,
        flow::RULE,
        false,
    );
    let mut left = String::new();
    if !p.revision.is_empty() {
        left.push_str("Revision ");
        left.push_str(&p.revision);
    }
    if !p.date.is_empty() {
        if !left.is_empty() {
            left.push_str(" · ");
        }
        left.push_str(&p.date);
    }
    let left = text::truncate(&left, foot.size, foot.weight, inner * 0.33).into_owned();
    page.text(MARGIN_X, fy, &left, foot);
    let class =
        text::truncate(&p.classification, foot.size, Weight::Bold, inner * 0.33).into_owned();
    page.text_center(
        w / 2.0,
        fy,
        &class,
        Style::new(foot.size, Weight::Bold, Color::MUTED),
    );
    page.text_right(w - MARGIN_X, fy, &format!("page {n} of {total}"), foot);
}

/// Cover and contents. `offset` is the number of front pages (body page 0 is page
/// `offset`).
fn front_matter(data: &ReportData, paper: super::Paper, marks: &[Mark], offset: usize) -> Flow {
    let mut f = Flow::new(paper);
    cover(&mut f, data);
    f.new_page(false);
    f.mark("Contents", 1);
    f.paragraph("Contents", flow::H1);
    f.space(4.0);
    let x = f.left();
    let w = f.width();
    for m in marks {
        let (style, indent) = if m.level == 1 {
            (BODY_BOLD, 0.0)
        } else {
            (BODY, 16.0)
        };
        let num = format!("{}", m.page + offset + 1);
        let nw = style.width(&num);
        let title =
            text::truncate(&m.title, style.size, style.weight, w - indent - nw - 24.0).into_owned();
        let gap = if m.level == 1 { 5.0 } else { 1.5 };
        f.ensure(style.line() + gap);
        f.space(gap);
        let y = f.y;
        let page = f.page();
        page.text(x + indent, y, &title, style);
        page.text_right(x + w, y, &num, style);
        // Dotted leader between title and number.
        let from = x + indent + style.width(&title) + 6.0;
        let to = x + w - nw - 6.0;
        if to > from {
            page.line(
                &[(from, y + style.size * 0.9), (to, y + style.size * 0.9)],
                0.5,
                flow::RULE,
                true,
            );
        }
        f.y += style.line();
    }
    f
}

fn cover(f: &mut Flow, data: &ReportData) {
    let p = &data.project;
    f.new_page(false);
    f.space(70.0);
    f.paragraph(
        "IEC 62443 zone & conduit report",
        Style::new(12.0, Weight::Bold, Color::MUTED),
    );
    f.space(6.0);
    f.paragraph(&p.name, Style::new(26.0, Weight::Bold, Color::TEXT));
    if !p.description.is_empty() {
        f.space(4.0);
        f.paragraph(&p.description, BODY);
    }
    f.space(24.0);
    f.fields(&[
        ("Site", p.site.clone()),
        ("Asset owner", p.asset_owner.clone()),
        ("Author", p.author.clone()),
        ("Revision", p.revision.clone()),
        ("Date", p.date.clone()),
        ("Classification", p.classification.clone()),
    ]);
    f.space(20.0);
    f.paragraph("Revision and approval", H2);
    let cols = [
        col("Revision", 0.13),
        col("Date", 0.17),
        col("Author", 0.22),
        col("Approved by", 0.22),
        col("Signature", 0.26),
    ];
    let mut rows = vec![vec![
        cell(p.revision.clone()),
        cell(p.date.clone()),
        cell(p.author.clone()),
        cell(""),
        cell(""),
    ]];
    // Blank rows to fill in by hand: tall enough to sign.
    for _ in 0..3 {
        rows.push(vec![cell("\n\n"), cell(""), cell(""), cell(""), cell("")]);
    }
    f.table(&cols, &rows);
}

/// The first fixes of the ranked plan.
fn fix_plan(f: &mut Flow, data: &ReportData) {
    f.heading("What to fix first", H2, 60.0);
    if data.fix_plan.is_empty() {
        f.paragraph("Nothing: no zone or conduit has open items.", BODY);
        return;
    }
    f.paragraph(analysis::plan::PLAN_HEURISTIC, MUTED);
    let rows: Vec<Vec<Cell>> = data
        .fix_plan
        .iter()
        .take(10)
        .map(|x| {
            vec![
                cell(x.rank.to_string()).center(),
                cell(x.summary.clone()),
                cell(x.closes.to_string()).center(),
            ]
        })
        .collect();
    f.table(&[col("#", 0.5), col("Fix", 7.0), col("Closes", 1.0)], &rows);
}

fn summary(f: &mut Flow, data: &ReportData) {
    let c = &data.counts;
    f.chapter("1 Summary");
    f.fields(&[
        (
            "Zones",
            format!("{} ({} external, not assessed)", c.zones, c.external_zones),
        ),
        ("Conduits", c.conduits.to_string()),
        (
            "Assets",
            format!("{} ({} boundary devices)", c.assets, c.boundary_devices),
        ),
        ("Countermeasures", c.countermeasures.to_string()),
        (
            "Requirement items",
            format!(
                "{} unmet, {} covered by countermeasures",
                c.unmet, c.covered
            ),
        ),
    ]);

    fix_plan(f, data);

    f.heading("SL-T / SL-A per zone", H2, 60.0);
    f.paragraph(
        "Each cell shows SL-T/SL-A (estimated achieved level) for one foundational \
         requirement. Green: met; amber: SL-A one level short; red: two or more short; grey: \
         not assessed.",
        MUTED,
    );
    level_table(f, "Zone", &data.zone_levels);
    if !data.conduit_levels.is_empty() {
        f.heading("SL-T / SL-A per conduit", H2, 60.0);
        level_table(f, "Conduit", &data.conduit_levels);
    }
    f.swatches(&[
        (GAP_GREEN, Color::MUTED, "met".to_owned()),
        (GAP_AMBER, Color::MUTED, "SL-A 1 below SL-T".to_owned()),
        (GAP_RED, Color::MUTED, "SL-A 2+ below SL-T".to_owned()),
        (GAP_GREY, Color::MUTED, "not assessed".to_owned()),
    ]);

    f.heading("Unmet items per FR", H2, 50.0);
    let mut cols: Vec<Col> = Fr::ALL
        .iter()
        .map(|fr| col(&format!("{} {}", fr.label(), fr.abbrev()), 1.0))
        .collect();
    cols.push(col("Total", 1.0));
    let mut row: Vec<Cell> = data
        .unmet_per_fr
        .iter()
        .map(|n| cell(n.to_string()).center())
        .collect();
    row.push(
        cell(data.unmet_per_fr.iter().sum::<usize>().to_string())
            .center()
            .bold(),
    );
    f.table(&cols, &[row]);

    f.heading("Findings by severity", H2, 50.0);
    let rows: Vec<Vec<Cell>> = data
        .findings_by_severity
        .iter()
        .map(|s| {
            vec![
                cell(s.severity.label()).fill(severity_fill(s.severity)),
                cell(s.open.to_string()).center(),
                cell(s.accepted.to_string()).center(),
            ]
        })
        .collect();
    f.table(
        &[col("Severity", 2.0), col("Open", 1.0), col("Accepted", 1.0)],
        &rows,
    );

    f.heading("Largest gaps", H2, 50.0);
    if data.largest_gaps.is_empty() {
        f.paragraph("No zone or conduit has unmet items.", BODY);
    } else {
        let rows: Vec<Vec<Cell>> = data
            .largest_gaps
            .iter()
            .enumerate()
            .map(|(i, g)| {
                vec![
                    cell((i + 1).to_string()).center(),
                    cell(format!("{} ({})", g.name, g.id)),
                    cell(g.kind),
                    cell(g.unmet.to_string()).center(),
                    cell(
                        g.frs
                            .iter()
                            .map(|(fr, n)| {
                                unbroken(&format!("{} {} ({n})", fr.label(), fr.abbrev()))
                            })
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                ]
            })
            .collect();
        f.table(
            &[
                col("#", 0.5),
                col("Zone or conduit", 4.0),
                col("Type", 1.3),
                col("Unmet", 1.1),
                col("FRs with unmet items", 5.0),
            ],
            &rows,
        );
    }
}

fn level_table(f: &mut Flow, what: &str, rows: &[LevelRow]) {
    let mut cols = vec![col(what, 4.0)];
    cols.extend(Fr::ALL.iter().map(|fr| col(&fr.label(), 1.0)));
    cols.push(col("Unmet", 1.2));
    let rows: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            let mut row = vec![cell(r.name.clone())];
            row.extend(
                r.cells
                    .iter()
                    .map(|c| cell(c.label()).center().fill(gap_fill(c.gap))),
            );
            row.push(cell(r.unmet.to_string()).center());
            row
        })
        .collect();
    f.table(&cols, &rows);
}

fn method(f: &mut Flow, data: &ReportData) {
    f.chapter("2 Method");
    for s in &data.method {
        f.heading(&s.title, H2, 40.0);
        for p in &s.paragraphs {
            f.paragraph(p, BODY);
        }
    }
}

/// Maps world coordinates into a page rectangle.
#[derive(Clone, Copy)]
struct View {
    world: Rect,
    x: f32,
    y: f32,
    scale: f32,
}

impl View {
    fn fit(world: Rect, x: f32, y: f32, w: f32, h: f32) -> Self {
        let scale = (w / world.w.max(1.0)).min(h / world.h.max(1.0));
        // Centre horizontally, keep the top.
        let x = x + (w - world.w * scale) / 2.0;
        Self { world, x, y, scale }
    }

    fn p(&self, px: f32, py: f32) -> (f32, f32) {
        (
            self.x + (px - self.world.x) * self.scale,
            self.y + (py - self.world.y) * self.scale,
        )
    }
}

fn paint(page: &mut Page, d: &Diagram, v: &View) {
    let min_stroke = 0.25;
    let (cx, cy) = v.p(v.world.x, v.world.y);
    page.clip(cx, cy, v.world.w * v.scale, v.world.h * v.scale);
    for item in d.visible(&v.world) {
        match &item.shape {
            Shape::Rect {
                rect,
                radius,
                fill,
                stroke,
            } => {
                let (x, y) = v.p(rect.x, rect.y);
                let s = stroke.is_visible().then(|| {
                    (
                        (stroke.width * v.scale).max(min_stroke),
                        stroke.color,
                        stroke.dashed,
                    )
                });
                page.round_rect(
                    (x, y, rect.w * v.scale, rect.h * v.scale),
                    radius * v.scale,
                    *fill,
                    s,
                );
            }
            Shape::Line { points, stroke } => {
                if stroke.is_visible() {
                    let pts: Vec<(f32, f32)> = points.iter().map(|p| v.p(p.x, p.y)).collect();
                    page.line(
                        &pts,
                        (stroke.width * v.scale).max(min_stroke),
                        stroke.color,
                        stroke.dashed,
                    );
                }
            }
            Shape::Triangle { points, fill } => {
                let pts: Vec<(f32, f32)> = points.iter().map(|p| v.p(p.x, p.y)).collect();
                page.polygon(&pts, *fill);
            }
            Shape::Circle {
                center,
                radius,
                fill,
                stroke,
            } => {
                let (x, y) = v.p(center.x, center.y);
                let s = stroke
                    .is_visible()
                    .then(|| ((stroke.width * v.scale).max(min_stroke), stroke.color));
                page.circle(x, y, radius * v.scale, *fill, s);
            }
            Shape::Text {
                pos,
                text,
                size,
                weight,
                color,
                align,
            } => {
                let sz = size * v.scale;
                if item.lod == Lod::Detail && sz < 2.0 {
                    continue;
                }
                let (x, y) = v.p(pos.x, pos.y);
                let st = Style::new(sz, *weight, *color);
                match align {
                    HAlign::Left => page.text(x, y, text, st),
                    HAlign::Center => page.text_center(x, y, text, st),
                    HAlign::Right => page.text_right(x, y, text, st),
                }
            }
        }
    }
    page.unclip();
}

/// The legend of the diagram: zone kinds, then the markers.
fn legend_entries() -> Vec<(Color, Color, String)> {
    let mut out: Vec<(Color, Color, String)> = diagram::legend(ColorMode::Kind)
        .into_iter()
        .map(|e| (e.fill, e.stroke, e.label))
        .collect();
    out.extend([
        (
            Color::WHITE,
            Color::CONDUIT,
            "boundary device (thick border, in a conduit)".to_owned(),
        ),
        (Color::BAD, Color::BAD, "culprit asset (red dot)".to_owned()),
        (
            Color::CONDUIT,
            Color::CONDUIT,
            "conduit line; arrow: one-way".to_owned(),
        ),
        (Color::OK, Color::OK, "badge: SL-T met".to_owned()),
        (Color::WARN, Color::WARN, "badge: unmet items".to_owned()),
        (
            Color::BAD,
            Color::BAD,
            "badge: unmet, SL-C 2+ short".to_owned(),
        ),
        (Color::NEUTRAL, Color::NEUTRAL, "badge: no SL-T".to_owned()),
    ]);
    out
}

/// Height the legend needs at this width.
fn legend_height(entries: &[(Color, Color, String)], width: f32) -> f32 {
    let mut x = 0.0;
    let mut rows = 1.0;
    for (_, _, label) in entries {
        let w = 14.0 + SMALL.width(label) + 12.0;
        if x + w > width && x > 0.0 {
            rows += 1.0;
            x = 0.0;
        }
        x += w;
    }
    rows * (SMALL.line() + 3.0) + 6.0
}

fn diagram_pages(f: &mut Flow, data: &ReportData) {
    let d = &data.diagram;
    let world = d.bounds.expand(10.0);
    let landscape = world.w > world.h;
    f.new_page(landscape);
    f.mark("3 Zone & conduit diagram", 1);
    f.paragraph("3 Zone & conduit diagram", flow::H1);
    let entries = legend_entries();
    let lh = legend_height(&entries, f.width());
    if d.items.is_empty() {
        f.paragraph("The model has no zones or assets to draw.", BODY);
        return;
    }
    if ![world.x, world.y, world.w, world.h]
        .iter()
        .all(|v| v.is_finite())
    {
        f.paragraph(
            "The diagram cannot be drawn: some positions or sizes in the model are not finite \
             numbers. Correct them in the model file.",
            BODY,
        );
        return;
    }
    let avail_h = f.bottom() - f.y - lh - 8.0;
    let view = View::fit(world, f.left(), f.y, f.width(), avail_h.max(50.0));
    let used_h = world.h * view.scale;
    let (x, y, w) = (f.left(), f.y, f.width());
    f.page()
        .rect(x, y, w, used_h, None, Some((0.5, flow::RULE)));
    paint(f.page(), d, &view);
    f.y += used_h + 8.0;
    f.swatches(&entries);

    let readable = style::size::ZONE_NAME * view.scale;
    if readable >= MIN_READABLE || data.zones.is_empty() {
        return;
    }
    f.paragraph(
        &format!(
            "At this scale zone names are {readable:.1} pt high; the pages that follow show \
             each zone enlarged."
        ),
        MUTED,
    );
    for z in &data.zones {
        detail_page(f, d, z, &entries);
    }
}

fn detail_page(f: &mut Flow, d: &Diagram, z: &ZoneSheet, entries: &[(Color, Color, String)]) {
    let Some(rect) = d
        .items
        .iter()
        .find(|i| {
            i.element.as_ref().is_some_and(|e| e.as_str() == z.id)
                && matches!(i.shape, Shape::Rect { .. })
        })
        .map(|i| i.bounds)
    else {
        return;
    };
    // The zone with the labels of its conduits when they are near (a far one would shrink
    // the zone again).
    let reach = rect.expand(rect.w.max(rect.h) * 0.6);
    let world = d
        .conduit_labels
        .iter()
        .filter(|(c, r)| {
            z.conduits.iter().any(|zc| zc.id == c.as_str()) && reach.contains_point(r.center())
        })
        .fold(rect, |acc, (_, r)| acc.union(r))
        .expand(40.0);
    f.new_page(world.w > world.h);
    let title = format!("Diagram detail: {} ({})", z.name, z.id);
    f.mark(&title, 2);
    f.paragraph(&title, H2);
    let lh = legend_height(entries, f.width());
    let avail_h = f.bottom() - f.y - lh - 8.0;
    let view = View::fit(world, f.left(), f.y, f.width(), avail_h.max(50.0));
    let used_h = world.h * view.scale;
    let (x, y, w) = (f.left(), f.y, f.width());
    f.page()
        .rect(x, y, w, used_h, None, Some((0.5, flow::RULE)));
    paint(f.page(), d, &view);
    f.y += used_h + 8.0;
    f.swatches(entries);
}

fn sl_text(v: Option<SlVector>) -> String {
    v.map_or_else(|| "not set: not assessed".to_owned(), |v| v.to_string())
}

/// SL-T vs SL-C as small horizontal bars, one row per FR.
fn sl_chart(f: &mut Flow, a: &Assessment) {
    let row_h = 13.0;
    let h = 7.0 * row_h + 22.0;
    f.ensure(h);
    let x0 = f.left();
    let label_w = 120.0;
    let bar_w = (f.width() - label_w - 90.0).min(240.0);
    let unit = bar_w / 4.0;
    let y0 = f.y;
    let page = f.page();
    // Scale: 0..4.
    for l in 0..=4u8 {
        let x = x0 + label_w + f32::from(l) * unit;
        page.line(
            &[(x, y0), (x, y0 + 7.0 * row_h)],
            0.4,
            flow::RULE,
            l > 0 && l < 4,
        );
        page.text_center(x, y0 + 7.0 * row_h + 2.0, &l.to_string(), MUTED);
    }
    for (i, fr) in Fr::ALL.iter().enumerate() {
        let y = y0 + i as f32 * row_h;
        page.text(
            x0,
            y + 2.0,
            &format!("{} {}", fr.label(), fr.abbrev()),
            SMALL,
        );
        let c = a.sl_a.map_or(0, |v| v.get(*fr).get());
        let cap = a
            .sl_c
            .map_or_else(|| "?".to_owned(), |v| v.get(*fr).get().to_string());
        let t = a.sl_t.map(|t| t.get(*fr).get());
        let gap = GapLevel::of(t, c);
        if let Some(t) = t {
            page.rect(
                x0 + label_w,
                y + 2.0,
                f32::from(t) * unit,
                row_h - 4.0,
                Some(Color::rgb(0xf2, 0xf4, 0xf7)),
                Some((0.8, Color::MUTED)),
            );
        }
        let fill = match gap {
            GapLevel::Unassessed => Color::NEUTRAL,
            GapLevel::Met => Color::OK,
            GapLevel::One => Color::WARN,
            GapLevel::TwoOrMore => Color::BAD,
        };
        if t.is_some() {
            // SL-A 0 is drawn as a thin red bar, never left blank.
            let w = if c > 0 { f32::from(c) * unit } else { 3.0 };
            page.rect(
                x0 + label_w,
                y + 4.5,
                w,
                row_h - 9.0,
                Some(if c > 0 { fill } else { Color::BAD }),
                None,
            );
        }
        let label = match t {
            Some(t) => format!("SL-T {t} · SL-A {c} · SL-C {cap}"),
            None => format!("SL-C {cap}"),
        };
        page.text(x0 + label_w + bar_w + 10.0, y + 2.0, &label, SMALL);
    }
    f.y = y0 + 7.0 * row_h + 14.0;
    f.swatches(&[
        (
            Color::rgb(0xf2, 0xf4, 0xf7),
            Color::MUTED,
            "SL-T (outline)".to_owned(),
        ),
        (Color::OK, Color::OK, "SL-A meets SL-T".to_owned()),
        (Color::WARN, Color::WARN, "SL-A 1 short".to_owned()),
        (Color::BAD, Color::BAD, "SL-A 2+ short".to_owned()),
    ]);
}

fn asset_table(f: &mut Flow, assets: &[AssetRow]) {
    let rows: Vec<Vec<Cell>> = assets
        .iter()
        .map(|a| {
            let name = match &a.subzone {
                Some(s) => format!("{}\nin subzone {s}", a.name),
                None => a.name.clone(),
            };
            vec![
                cell(name),
                cell(a.kind.clone()),
                cell(a.classes.clone()),
                cell(a.sl_c.clone()),
            ]
        })
        .collect();
    f.table(
        &[
            col("Name", 3.2),
            col("Kind", 2.4),
            col("Classes", 1.4),
            col("SL-C (FR1–FR7)", 2.0),
        ],
        &rows,
    );
}

/// SL-T, chart, unmet and covered items, planned measures and component deltas.
fn assessment(f: &mut Flow, a: &Assessment) {
    f.heading("Security levels", H3, 40.0);
    f.fields(&[
        ("SL-T", sl_text(a.sl_t)),
        ("SL-A (estimated)", sl_text(a.sl_a)),
        (
            "SL-C (weakest link)",
            a.sl_c
                .map_or_else(|| "unknown".to_owned(), |v| v.to_string()),
        ),
        ("SL-T rationale", a.rationale.clone()),
    ]);
    sl_chart(f, a);
    if a.sl_t.is_none() {
        f.paragraph(
            "No SL-T is set, so no requirement delta is computed.",
            MUTED,
        );
        return;
    }

    f.heading(
        &format!("Unmet IEC 62443-3-3 items ({})", a.unmet.len()),
        H3,
        40.0,
    );
    if a.unmet.is_empty() {
        f.paragraph(
            "None: every applicable item up to SL-T is met or covered.",
            BODY,
        );
    } else {
        let rows: Vec<Vec<Cell>> = a
            .unmet
            .iter()
            .map(|u| {
                let mut why = u.reasons.join("; ");
                if !u.culprits.is_empty() {
                    why = format!("{why}\nassets short: {}", u.culprits.join(", "));
                }
                vec![
                    cell(u.id.clone()).bold(),
                    cell(u.title.clone()),
                    cell(format!("{} {}", u.fr.label(), u.level)).center(),
                    cell(u.providers.clone()),
                    cell(why),
                    cell(u.planned.join(", ")),
                ]
            })
            .collect();
        f.table(
            &[
                col("Item", 1.5),
                col("Title", 2.6),
                col("FR SL", 0.8),
                col("Providers", 1.5),
                col("Why unmet", 3.0),
                col("Planned", 1.4),
            ],
            &rows,
        );
    }
    if !a.not_applicable.is_empty() {
        f.heading(
            &format!("Not applicable ({})", a.not_applicable.len()),
            H3,
            30.0,
        );
        for n in &a.not_applicable {
            f.paragraph_indented(&format!("• {n}"), BODY, 6.0);
        }
    }
    if !a.covered.is_empty() {
        f.heading(
            &format!("Covered by countermeasures ({})", a.covered.len()),
            H3,
            40.0,
        );
        let rows: Vec<Vec<Cell>> = a
            .covered
            .iter()
            .map(|c| {
                vec![
                    cell(c.id.clone()).bold(),
                    cell(c.title.clone()),
                    cell(c.by.join(", ")),
                ]
            })
            .collect();
        f.table(
            &[col("Item", 1.6), col("Title", 3.6), col("Covered by", 3.0)],
            &rows,
        );
    }
    if !a.planned.is_empty() {
        f.heading("Planned countermeasures", H3, 30.0);
        for p in &a.planned {
            f.paragraph_indented(&format!("• {p}"), BODY, 6.0);
        }
    }
    f.heading("Component deltas (IEC 62443-4-2)", H3, 40.0);
    if a.components.is_empty() {
        f.paragraph("No asset falls short of the target.", BODY);
    } else {
        let rows: Vec<Vec<Cell>> = a
            .components
            .iter()
            .map(|g| {
                let ids: Vec<String> = g.requirements.iter().map(|id| unbroken(id)).collect();
                vec![cell(g.asset.clone()), cell(ids.join(", "))]
            })
            .collect();
        f.table(
            &[col("Asset", 1.0), col("Missing component items", 3.0)],
            &rows,
        );
    }
}

fn zone_sheets(f: &mut Flow, data: &ReportData) {
    f.chapter("4 Zone sheets");
    f.paragraph(
        "One sheet per zone, following the zone characteristics of IEC 62443-3-2 ZCR 6.4.",
        MUTED,
    );
    if data.zones.is_empty() {
        f.paragraph("The model has no zones.", BODY);
    }
    for (i, z) in data.zones.iter().enumerate() {
        if i > 0 || f.remaining() < 300.0 {
            f.new_page(false);
        }
        let title = format!("Zone: {} ({})", z.name, z.id);
        f.mark(&title, 2);
        f.heading(&title, H2, 80.0);
        let conduits = z
            .conduits
            .iter()
            .map(|c| {
                format!(
                    "{} ({}) to {}, {}",
                    c.name,
                    c.id,
                    c.to.join(", "),
                    c.direction
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        f.fields(&[
            ("Name / id", format!("{} / {}", z.name, z.id)),
            ("Kind", z.kind.label().to_owned()),
            ("Parent zone", z.parent.clone().unwrap_or_default()),
            ("Subzones", z.subzones.join(", ")),
            ("Purdue level", z.purdue.clone().unwrap_or_default()),
            ("Accountable organisation", z.organisation.clone()),
            (
                "Safety designation",
                if z.safety {
                    "safety-related".to_owned()
                } else {
                    "not safety-related".to_owned()
                },
            ),
            ("Description", z.description.clone()),
            ("Connected conduits", conduits),
        ]);
        f.heading(&format!("Assets ({})", z.assets.len()), H3, 40.0);
        if z.assets.is_empty() {
            f.paragraph("No assets.", BODY);
        } else {
            asset_table(f, &z.assets);
        }
        if z.external {
            f.heading("Assessment", H3, 30.0);
            f.paragraph(
                "External zone: outside the system under consideration. Not assessed; it has \
                 no SL-T and no requirement delta.",
                BODY,
            );
            continue;
        }
        assessment(f, &z.assessment);
    }
}

fn conduit_sheets(f: &mut Flow, data: &ReportData) {
    f.chapter("5 Conduit sheets");
    if data.conduits.is_empty() {
        f.paragraph("The model has no conduits.", BODY);
    }
    for (i, c) in data.conduits.iter().enumerate() {
        if i > 0 || f.remaining() < 300.0 {
            f.new_page(false);
        }
        let title = format!("Conduit: {} ({})", c.name, c.id);
        f.mark(&title, 2);
        f.heading(&title, H2, 80.0);
        f.fields(&[
            ("Name / id", format!("{} / {}", c.name, c.id)),
            ("Zones joined", c.zones.join(", ")),
            ("Direction", c.direction.clone()),
            ("Description", c.description.clone()),
        ]);
        f.heading(&format!("Channels ({})", c.channels.len()), H3, 40.0);
        if c.channels.is_empty() {
            f.paragraph("No channels listed.", BODY);
        } else {
            let rows: Vec<Vec<Cell>> = c
                .channels
                .iter()
                .map(|ch| {
                    vec![
                        cell(ch.protocol.clone()),
                        cell(ch.port.clone()).center(),
                        cell(ch.from.clone()),
                        cell(ch.to.clone()),
                        cell(ch.direction.clone()),
                        cell(ch.purpose.clone()),
                    ]
                })
                .collect();
            f.table(
                &[
                    col("Protocol", 2.0),
                    col("Port", 0.8),
                    col("From", 1.8),
                    col("To", 1.8),
                    col("Direction", 1.3),
                    col("Purpose", 2.6),
                ],
                &rows,
            );
        }
        f.heading(
            &format!("Boundary devices ({})", c.boundary_devices.len()),
            H3,
            40.0,
        );
        if c.boundary_devices.is_empty() {
            f.paragraph(
                "None: no boundary device protects this conduit (one finding); its \
                 conduit-scope items are unmet for that reason.",
                BODY,
            );
        } else {
            asset_table(f, &c.boundary_devices);
        }
        assessment(f, &c.assessment);
    }
}

fn countermeasures(f: &mut Flow, data: &ReportData) {
    f.chapter("6 Countermeasures");
    if data.countermeasures.is_empty() {
        f.paragraph("No countermeasures are recorded.", BODY);
        return;
    }
    let rows: Vec<Vec<Cell>> = data
        .countermeasures
        .iter()
        .map(|c| {
            vec![
                cell(c.id.clone()).bold(),
                cell(c.name.clone()),
                cell(c.kind.clone()),
                cell(c.status.clone()),
                cell(
                    c.covers
                        .iter()
                        .map(|id| unbroken(id))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                cell(c.applies_to.clone()),
                cell(c.justification.clone()),
            ]
        })
        .collect();
    f.table(
        &[
            col("Id", 0.9),
            col("Name", 2.0),
            col("Kind", 1.5),
            col("Status", 1.6),
            col("Covers", 1.9),
            col("Applies to", 1.8),
            col("Justification", 2.4),
        ],
        &rows,
    );
}

fn findings(f: &mut Flow, data: &ReportData) {
    f.chapter("7 Findings");
    f.heading(
        &format!("Open findings ({})", data.findings.len()),
        H2,
        40.0,
    );
    if data.findings.is_empty() {
        f.paragraph("No open findings.", BODY);
    } else {
        let rows: Vec<Vec<Cell>> = data
            .findings
            .iter()
            .map(|x| {
                vec![
                    cell(x.severity.label()).fill(severity_fill(x.severity)),
                    cell(format!("{}\n{}", x.rule, x.reference)),
                    cell(x.elements.join(", ")),
                    cell(x.message.clone()),
                ]
            })
            .collect();
        f.table(
            &[
                col("Severity", 1.0),
                col("Rule", 2.0),
                col("Elements", 2.0),
                col("Message", 4.5),
            ],
            &rows,
        );
    }
    f.heading(
        &format!("Accepted findings ({})", data.accepted.len()),
        H2,
        40.0,
    );
    if data.accepted.is_empty() {
        f.paragraph("No accepted findings.", BODY);
    } else {
        let rows: Vec<Vec<Cell>> = data
            .accepted
            .iter()
            .map(|a| {
                vec![
                    cell(a.finding.severity.label()).fill(severity_fill(a.finding.severity)),
                    cell(format!("{}\n{}", a.finding.rule, a.finding.reference)),
                    cell(format!(
                        "{}\n{}",
                        a.finding.elements.join(", "),
                        a.finding.message
                    )),
                    cell(a.justification.clone()),
                    cell(a.by.clone()),
                    cell(a.date.clone()),
                ]
            })
            .collect();
        f.table(
            &[
                col("Severity", 1.0),
                col("Rule", 1.8),
                col("Finding", 3.2),
                col("Justification", 3.0),
                col("By", 1.3),
                col("Date", 1.2),
            ],
            &rows,
        );
    }
}

fn appendix(f: &mut Flow, data: &ReportData) {
    f.chapter("8 Appendix: cited requirements");
    f.paragraph(
        &format!(
            "The IEC 62443-3-3 and 4-2 items this report cites, with their short titles{}.",
            if data.has_texts {
                " and the texts from the user's texts file"
            } else {
                ""
            }
        ),
        MUTED,
    );
    if data.appendix.is_empty() {
        f.paragraph("This report cites no requirement items.", BODY);
        return;
    }
    let rows: Vec<Vec<Cell>> = data
        .appendix
        .iter()
        .map(|r| {
            let mut row = vec![cell(r.id.clone()).bold(), cell(r.title.clone())];
            if data.has_texts {
                row.push(cell(r.text.clone().unwrap_or_default()));
            }
            row
        })
        .collect();
    let cols = if data.has_texts {
        vec![col("Item", 1.3), col("Title", 2.5), col("Text", 5.0)]
    } else {
        vec![col("Item", 1.3), col("Title", 5.0)]
    };
    f.table(&cols, &rows);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gap_colours_differ() {
        let all = [
            GapLevel::Unassessed,
            GapLevel::Met,
            GapLevel::One,
            GapLevel::TwoOrMore,
        ]
        .map(gap_fill);
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn view_fits_and_maps() {
        let v = View::fit(
            Rect::new(100.0, 50.0, 400.0, 200.0),
            10.0,
            20.0,
            200.0,
            200.0,
        );
        assert!((v.scale - 0.5).abs() < 1e-6);
        assert_eq!(v.p(100.0, 50.0), (10.0, 20.0));
        assert_eq!(v.p(500.0, 250.0), (210.0, 120.0));
    }
}
