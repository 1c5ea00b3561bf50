//! Lays the report's content out on pages: cover, contents, then the chapters in order (each
//! a function of [`chapters`]), the annexes, headers, footers and the outline. The contents
//! and the outline are built from the chapters' marks, so a chapter added to the list is
//! numbered, listed and linked by itself.

use crate::analysis::{self, Severity};
use crate::diagram::overview::{self, Legibility};
use crate::diagram::text::{self, Weight};
use crate::diagram::{self, Color, ColorMode, Diagram, HAlign, Role, Shape, style};
use crate::model::{Fr, Rect};

use super::data::{
    Assessment, AssetRow, ConduitSheet, GapLevel, LevelRow, ReportData, UnmetGroup, UnmetRow,
    ZoneSheet, group_unmet,
};
use super::flow::{
    self, BODY, BODY_BOLD, Cell, Flow, H2, H3, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, MUTED, Mark,
    SMALL, cell, col, unbroken,
};
use super::html::{self, Html};
use super::pdf::{OutlineNode, Page, Style};
use super::summary::severity_word;
use super::zcr;

/// Below this size (points) no text is printed on paper: diagram text that would come out
/// smaller is left out (the zone sheets and their views carry it), and the report adds a
/// view per zone.
pub const MIN_READABLE: f32 = 6.0;

pub const GAP_RED: Color = crate::diagram::style::gap_fill(GapLevel::TwoOrMore);
pub const GAP_AMBER: Color = crate::diagram::style::gap_fill(GapLevel::One);
pub const GAP_GREEN: Color = crate::diagram::style::gap_fill(GapLevel::Met);
pub const GAP_GREY: Color = crate::diagram::style::gap_fill(GapLevel::Unassessed);

/// The shared gap palette (`diagram::style::gap_fill`), the same as the editor's.
pub fn gap_fill(g: GapLevel) -> Color {
    crate::diagram::style::gap_fill(g)
}

pub(super) fn severity_fill(s: Severity) -> Color {
    match s {
        Severity::Error => GAP_RED,
        Severity::Warning => GAP_AMBER,
        Severity::Info => GAP_GREY,
    }
}

/// "High (error)": the client's word and the rule's.
fn severity_cell(s: Severity) -> Cell {
    cell(format!("{}\n({})", severity_word(s), s.label())).fill(severity_fill(s))
}

/// About the height of a sheet's head (its fields beside its levels chart): what the sheets'
/// chapters keep with their heading.
const SHEET_HEAD: f32 = 7.0 * 9.0 + 9.0 + 26.0;

/// The laid-out report: its pages and outline.
pub struct Laid {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineNode>,
}

/// A chapter: its title (the layout numbers it) and the function that lays out its body
/// below the heading. A chapter flows on below the one before unless `own_page`;
/// `landscape` says whether its first page is landscape.
pub struct Chapter {
    pub title: &'static str,
    pub body: fn(&mut Flow, &ReportData),
    /// The same chapter in the HTML report.
    pub html: fn(&mut Html, &ReportData),
    pub own_page: bool,
    pub landscape: fn(&ReportData) -> bool,
    /// How much of its body must fit below its heading, else it starts a new page.
    pub keep: f32,
    /// The body is a figure (see [`figure_chapter`]).
    pub figure: Option<Figure>,
}

/// A chapter whose body is one figure, drawn below its heading or on a page of its own
/// (landscape if the chapter's `landscape`).
pub struct Figure {
    /// What the chapter says where its heading is when the figure's page floats.
    pub note: &'static str,
    /// The scale the figure is drawn at in `room` points below the cursor, at the flow's
    /// width; `None` when there is nothing to draw.
    pub scale: fn(&Flow, &ReportData, f32) -> Option<f32>,
}

impl Chapter {
    const fn new(
        title: &'static str,
        body: fn(&mut Flow, &ReportData),
        html: fn(&mut Html, &ReportData),
    ) -> Self {
        Self {
            title,
            body,
            html,
            own_page: false,
            landscape: |_| false,
            keep: 60.0,
            figure: None,
        }
    }

    /// Starts a new page unless `keep` points fit below the heading.
    const fn keep(mut self, keep: f32) -> Self {
        self.keep = keep;
        self
    }

    const fn own_page(mut self) -> Self {
        self.own_page = true;
        self
    }
}

/// The chapters, in order. A new chapter is one more entry: numbering, contents, outline
/// and links follow.
pub fn chapters() -> Vec<Chapter> {
    vec![
        Chapter::new("Executive summary", executive, html::executive).own_page(),
        // A chapter opening with notes keeps them with the start of its table.
        Chapter::new("Remediation plan", remediation, html::remediation),
        Chapter::new("Findings", findings, html::findings),
        Chapter::new("Security levels and gaps", levels, html::levels),
        Chapter::new(
            "Requirements specification",
            zcr::spec_chapter,
            zcr::spec_chapter_html,
        ),
        Chapter::new(
            "Risk assessment and SL-T derivation",
            zcr::risk_chapter,
            zcr::risk_chapter_html,
        ),
        Chapter {
            title: "Zone & conduit diagram",
            body: diagram_pages,
            html: html::diagram,
            own_page: true,
            keep: 0.0,
            landscape: |d| {
                let w = d.diagram.bounds.expand(10.0);
                w.w > w.h
            },
            figure: Some(Figure {
                note: "The overview of the whole plant follows on a page of its own, at the \
                       first page break that splits no zone sheet: its zones with their gap \
                       badges, the conduits between them and the assets of each zone. Each \
                       zone sheet shows its own zone at a readable scale.",
                scale: diagram_scale,
            }),
        },
        // A sheet's head (fields and levels) must follow its chapter's heading.
        Chapter::new("Zone sheets", zone_sheets, html::zone_sheets).keep(SHEET_HEAD + 40.0),
        Chapter::new("Conduit sheets", conduit_sheets, html::conduit_sheets)
            .keep(SHEET_HEAD + 40.0),
        Chapter::new("Countermeasures", countermeasures, html::countermeasures),
        // Running text: its first section's heading and two lines follow the heading.
        Chapter::new("Method", method, html::method).keep(Flow::section_start(H3, BODY, 2)),
        Chapter::new("Glossary", glossary, html::glossary),
        Chapter::new(
            "Revisions and approval",
            zcr::approval_chapter,
            zcr::approval_chapter_html,
        ),
    ]
}

/// The annexes, in order (lettered A, B, …).
pub fn annexes() -> Vec<Chapter> {
    vec![
        Chapter::new("Unmet items in full", annex_unmet, html::annex_unmet),
        Chapter::new("Cited requirements", appendix, html::appendix),
    ]
}

/// Lays the whole report out.
pub fn lay_out(data: &ReportData, paper: super::Paper) -> Laid {
    let mut body = Flow::new(paper);
    let chapters = chapters();
    for (i, c) in chapters.iter().enumerate() {
        let title = format!("{} {}", i + 1, c.title);
        if let Some(figure) = &c.figure {
            let next = chapters.get(i + 1).filter(|n| !n.own_page);
            figure_chapter(&mut body, &title, figure, c, next.map(|n| n.keep), data);
            continue;
        }
        body.chapter(&title, c.own_page, (c.landscape)(data), c.keep);
        (c.body)(&mut body, data);
    }
    for (i, c) in annexes().iter().enumerate() {
        let letter = char::from(b'A' + (i as u8).min(25));
        body.chapter(
            &format!("Annex {letter}: {}", c.title),
            c.own_page,
            (c.landscape)(data),
            c.keep,
        );
        (c.body)(&mut body, data);
    }
    body.flush_floats();

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

/// A chapter whose body is a figure. When the figure comes out below the chapter's heading
/// on this page at least nine tenths as large as on a page of its own, it goes there, in the
/// flow. Else, when this page has room for the chapter's heading, a note and the start of
/// the next chapter (its heading and what it keeps with it), the heading and the note stay
/// here and the figure's page floats to the next page break, so the page before the figure
/// is not left half empty. Otherwise the chapter starts on the figure's page, as a chapter
/// with a page of its own.
fn figure_chapter(
    f: &mut Flow,
    title: &str,
    figure: &Figure,
    c: &Chapter,
    next_keep: Option<f32>,
    data: &ReportData,
) {
    let landscape = (c.landscape)(data);
    let own = {
        let mut g = f.fresh(landscape);
        g.heading(title, H2, 0.0);
        (figure.scale)(&g, data, g.remaining())
    };
    let here = (!f.pages.is_empty())
        .then(|| (figure.scale)(f, data, f.remaining() - Flow::chapter_head_height()))
        .flatten();
    if let (Some(here), Some(own)) = (here, own)
        && here >= 0.9 * own
    {
        f.chapter(title, false, false, 0.0);
        (c.body)(f, data);
        return;
    }
    let note = figure.note;
    let floats = next_keep.is_some_and(|keep| {
        let room = Flow::chapter_head_height() + f.paragraph_height(note, MUTED);
        !f.pages.is_empty() && f.remaining() >= room + Flow::chapter_room(keep)
    });
    if !floats {
        f.chapter(title, true, landscape, 0.0);
        (c.body)(f, data);
        return;
    }
    f.chapter(title, false, false, 0.0);
    f.paragraph(note, MUTED);
    f.float_page(landscape, |g| {
        g.heading(title, H2, 0.0);
        (c.body)(g, data);
    });
}

fn header_footer(page: &mut Page, data: &ReportData, n: usize, total: usize) {
    let w = page.width;
    let h = page.height;
    let p = &data.project;
    let foot = Style::new(8.0, Weight::Regular, Color::MUTED);
    let inner = w - 2.0 * MARGIN_X;
    // The cover carries the title itself: no running header there.
    if n > 1 {
        running_header(page, data);
    }
    let fy = h - MARGIN_BOTTOM + 22.0;
    page.line(
        &[(MARGIN_X, fy - 6.0), (w - MARGIN_X, fy - 6.0)],
        0.5,
        flow::RULE,
        false,
    );
    let number = format!("page {n} of {total}");
    let number_w = foot.width(&number);
    // The date first: a long revision is cut, never the date (a cut date reads "2026-…").
    let mut left = p.date.clone();
    if !p.revision.is_empty() {
        if !left.is_empty() {
            left.push_str(" · ");
        }
        left.push_str("Revision ");
        left.push_str(&p.revision);
    }
    // The date and revision come first: the classification takes what they leave in the
    // middle.
    let class_style = Style::new(foot.size, Weight::Bold, Color::MUTED);
    let left_room = (inner - number_w - 24.0).max(0.0);
    let left = text::truncate(&left, foot.size, foot.weight, left_room).into_owned();
    let left_w = foot.width(&left);
    page.text(MARGIN_X, fy, &left, foot);
    // Centred when it fits between the two, else right after the left text.
    let room = (inner - left_w - number_w - 24.0).max(0.0);
    let class = text::truncate(&p.classification, foot.size, Weight::Bold, room).into_owned();
    let cw = class_style.width(&class);
    let centre_x = w / 2.0 - cw / 2.0;
    let x = if centre_x >= MARGIN_X + left_w + 12.0
        && centre_x + cw <= w - MARGIN_X - number_w - 12.0
    {
        centre_x
    } else {
        MARGIN_X + left_w + 12.0
    };
    page.text(x, fy, &class, class_style);
    page.text_right(w - MARGIN_X, fy, &number, foot);
}

fn running_header(page: &mut Page, data: &ReportData) {
    let w = page.width;
    let head = Style::new(8.0, Weight::Bold, Color::MUTED);
    let foot = Style::new(8.0, Weight::Regular, Color::MUTED);
    let inner = w - 2.0 * MARGIN_X;
    let title =
        text::truncate(&data.project.name, head.size, head.weight, inner * 0.6).into_owned();
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
}

/// Cover and contents. `offset` is the number of front pages (body page 0 is page
/// `offset`). Every contents entry links to its page.
fn front_matter(data: &ReportData, paper: super::Paper, marks: &[Mark], offset: usize) -> Flow {
    let mut f = Flow::new(paper);
    cover(&mut f, data);
    // The contents share the cover's page when they fit below it (a small plant), else
    // take their own.
    let entry = |m: &Mark| {
        if m.level == 1 {
            BODY_BOLD.line() + 3.5
        } else {
            BODY.line() + 1.5
        }
    };
    let need = H2.line() + 16.0 + marks.iter().map(entry).sum::<f32>();
    let on_cover = f.remaining() >= need;
    if on_cover {
        f.space(8.0);
    } else {
        f.new_page(false);
    }
    f.mark("Contents", 1);
    f.paragraph("Contents", if on_cover { H2 } else { flow::H1 });
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
        let gap = if m.level == 1 { 3.5 } else { 1.5 };
        f.ensure(style.line() + gap);
        f.space(gap);
        let y = f.y;
        let page = f.page();
        page.text(x + indent, y, &title, style);
        page.text_right(x + w, y, &num, style);
        page.link((x + indent, y, w - indent, style.line()), m.page + offset);
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
    f.space(36.0);
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
    f.space(12.0);
    zcr::cover_revisions(f, data);
}

fn bullets(f: &mut Flow, items: &[String]) {
    for s in items {
        f.paragraph_hanging("•", s, BODY, 10.0);
    }
}

fn executive(f: &mut Flow, data: &ReportData) {
    let e = &data.executive;
    f.heading("Overall posture", H2, 40.0);
    for p in &e.posture {
        f.paragraph(p, BODY);
    }
    f.heading("Top risks", H2, 40.0);
    if e.risks.is_empty() {
        f.paragraph(
            "No safety zone falls short of its target, no way leads in from outside to a \
             safety or control zone, and no finding is of high severity.",
            BODY,
        );
    } else {
        f.paragraph(
            "Ranked by consequence: safety zones short of their target first, then ways in \
             from outside, findings of high severity, and control zones far below target.",
            MUTED,
        );
        bullets(f, &e.risks);
    }
    f.heading("What to do first", H2, 40.0);
    if e.first_fixes.is_empty() {
        f.paragraph("Nothing: no zone or conduit has open items.", BODY);
    } else {
        f.paragraph(
            "The first fixes of the remediation plan (chapter 2), each with what it closes.",
            MUTED,
        );
        bullets(f, &e.first_fixes);
    }
    f.heading("What the assessment assumed", H2, 40.0);
    bullets(f, &e.assumptions);
}

fn remediation(f: &mut Flow, data: &ReportData) {
    if data.remediation.is_empty() {
        f.paragraph("Nothing to fix: no zone or conduit has open items.", BODY);
        f.paragraph(analysis::plan::PLAN_HEURISTIC, MUTED);
        return;
    }
    remediation_table(f, data);
    // The notes under the table, so the chapter's heading goes with the table's first rows.
    f.paragraph(analysis::plan::PLAN_HEURISTIC, MUTED);
    f.paragraph(
        "Resulting SL-A assumes the fixes before it are done. Owner, priority and due date \
         come from the planned countermeasure named (from CM-…); a priority marked (suggested) \
         follows rank and safety designation.",
        MUTED,
    );
}

/// A fix as a row: its number; what it does, the items it closes, owner, priority and due;
/// the resulting SL-A. Shared by the PDF and the HTML report.
pub(super) fn remedy_texts(r: &super::summary::Remedy) -> [String; 3] {
    let closes: Vec<String> = r
        .closes
        .iter()
        .map(|(el, items)| {
            let ids: Vec<String> = items.iter().map(|i| unbroken(i)).collect();
            format!("{el}: {}", ids.join(", "))
        })
        .collect();
    let what = if closes.is_empty() {
        format!(
            "{}\nCloses no item alone: one of several weak assets.",
            r.action
        )
    } else {
        format!("{}\nCloses {}: {}", r.action, r.closed, closes.join("; "))
    };
    let from = r
        .source
        .as_ref()
        .map_or_else(String::new, |cm| format!(" (from {cm})"));
    let plan = format!(
        "Owner: {} · priority: {} · due: {}{from}",
        or_dash(&r.owner),
        r.priority,
        or_dash(&r.due)
    );
    [
        r.number.clone(),
        format!("{what}\n{plan}"),
        if r.result.is_empty() {
            "SL-A unchanged: other items of the same FR stay open".to_owned()
        } else {
            r.result.join("\n")
        },
    ]
}

fn remediation_table(f: &mut Flow, data: &ReportData) {
    let rows: Vec<Vec<Cell>> = data
        .remediation
        .iter()
        .map(|r| {
            let [number, what, result] = remedy_texts(r);
            vec![cell(number).bold(), cell(what), cell(result)]
        })
        .collect();
    f.table(
        &[
            col("No.", 0.55),
            col("Fix, the items it closes; owner, priority, due", 5.6),
            col("Resulting SL-A", 2.4),
        ],
        &rows,
    );
}

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "–".to_owned()
    } else {
        s.to_owned()
    }
}

fn levels(f: &mut Flow, data: &ReportData) {
    let c = &data.counts;
    f.paragraph(
        &format!(
            "Counts: {} zones ({} external, not assessed), {} conduits, {} assets ({} boundary \
             devices), {} countermeasure{}; requirement items: {} unmet, {} covered by \
             countermeasures.",
            c.zones,
            c.external_zones,
            c.conduits,
            c.assets,
            c.boundary_devices,
            c.countermeasures,
            if c.countermeasures == 1 { "" } else { "s" },
            c.unmet,
            c.covered
        ),
        BODY,
    );
    f.heading("SL-T / SL-A per zone", H2, 90.0);
    f.paragraph(
        "Each cell shows SL-T/SL-A (estimated achieved level) for one foundational \
         requirement.",
        MUTED,
    );
    level_legend(f);
    level_table(f, "Zone", &data.zone_levels);
    if !data.conduit_levels.is_empty() {
        f.heading("SL-T / SL-A per conduit", H2, 90.0);
        level_table(f, "Conduit", &data.conduit_levels);
    }

    let per: Vec<String> = Fr::ALL
        .iter()
        .zip(&data.unmet_per_fr)
        .map(|(fr, n)| format!("{} {} {n}", fr.label(), fr.abbrev()))
        .collect();
    f.space(4.0);
    f.paragraph(
        &format!(
            "Unmet items per FR: {}; {} in all.",
            per.join(", "),
            data.unmet_per_fr.iter().sum::<usize>()
        ),
        BODY,
    );
}

/// The colours of the level tables, above the table they explain.
fn level_legend(f: &mut Flow) {
    f.swatches(&[
        (GAP_GREEN, Color::MUTED, "met".to_owned()),
        (GAP_AMBER, Color::MUTED, "SL-A 1 below SL-T".to_owned()),
        (GAP_RED, Color::MUTED, "SL-A 2+ below SL-T".to_owned()),
        (GAP_GREY, Color::MUTED, "not assessed".to_owned()),
    ]);
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
    let text = Style::new(8.0, Weight::Regular, Color::TEXT);
    for s in &data.method {
        f.heading(&s.title, H3, 40.0);
        for p in &s.paragraphs {
            f.paragraph(p, text);
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

    /// The world point at page point `(x, y)` (the inverse of [`View::p`]).
    fn w(&self, x: f32, y: f32) -> crate::model::Point {
        let s = self.scale.max(f32::EPSILON);
        crate::model::Point::new(
            self.world.x + (x - self.x) / s,
            self.world.y + (y - self.y) / s,
        )
    }
}

/// The room kept between a conduit line and a zone header it goes round, in points.
const BADGE_CLEARANCE: f32 = 1.5;

/// Zone headers laid out anew at a readable size, when their own would print too small.
fn titles_on_page(d: &Diagram, v: &View) -> Option<Vec<overview::TitleLayout>> {
    if style::size::ZONE_NAME * v.scale >= MIN_READABLE {
        return None;
    }
    let assets_small = style::size::ASSET_NAME * v.scale < MIN_READABLE;
    let zones: Vec<(&diagram::ZoneTitle, Rect)> = d
        .zone_titles
        .iter()
        .map(|t| {
            let (x, y) = v.p(t.rect.x, t.rect.y);
            (t, Rect::new(x, y, t.rect.w * v.scale, t.rect.h * v.scale))
        })
        .collect();
    let (x, y) = v.p(v.world.x, v.world.y);
    let area = Rect::new(x, y, v.world.w * v.scale, v.world.h * v.scale);
    Some(overview::layout_titles(
        &zones,
        &area,
        v.scale,
        &PAPER,
        assets_small,
        &[],
    ))
}

/// Each zone's header on the page, name and badge in one rectangle: as laid out anew
/// (`titles`, when the headers are too small to read), else the headers' own (name, kind line
/// and badge, not the rule under them).
fn header_rects(d: &Diagram, v: &View, titles: Option<&[overview::TitleLayout]>) -> Vec<Rect> {
    let union = |rects: &mut dyn Iterator<Item = Rect>| {
        let first = rects.next()?;
        Some(rects.fold(first, |u, r| u.union(&r)))
    };
    if let Some(titles) = titles {
        return titles
            .iter()
            .filter_map(|t| union(&mut t.rects()))
            .collect();
    }
    let mut zones: Vec<(&crate::model::ElementId, Rect)> = Vec::new();
    for i in d.visible(&v.world).filter(|i| i.role == Role::ZoneHeader) {
        let Some(el @ crate::model::ElementId::Zone(_)) = &i.element else {
            continue;
        };
        if matches!(i.shape, Shape::Line { .. }) {
            continue;
        }
        let (x, y) = v.p(i.bounds.x, i.bounds.y);
        let r = Rect::new(x, y, i.bounds.w * v.scale, i.bounds.h * v.scale);
        match zones.iter_mut().find(|(e, _)| *e == el) {
            Some((_, u)) => *u = u.union(&r),
            None => zones.push((el, r)),
        }
    }
    zones.into_iter().map(|(_, r)| r).collect()
}

/// A line's points on the page; a conduit's bent round the zone headers (`obstacles`) it would
/// otherwise cross (they are painted over the lines: the line would vanish under a badge and
/// strike through a name).
fn page_line(
    v: &View,
    item: &diagram::Item,
    points: &[crate::model::Point],
    obstacles: &[Rect],
) -> Vec<(f32, f32)> {
    let pts: Vec<(f32, f32)> = points.iter().map(|p| v.p(p.x, p.y)).collect();
    if matches!(item.element, Some(crate::model::ElementId::Conduit(_))) {
        super::detour::detour(&pts, obstacles)
    } else {
        pts
    }
}

/// The diagram with each conduit's lines bent round the zone headers they would cross, as the
/// PDF draws them at a readable scale: the HTML report's SVG, drawn at world scale.
pub(super) fn with_detours(d: &Diagram) -> Diagram {
    let v = View {
        world: d.bounds,
        x: d.bounds.x,
        y: d.bounds.y,
        scale: 1.0,
    };
    let obstacles: Vec<Rect> = header_rects(d, &v, None)
        .iter()
        .map(|h| h.expand(BADGE_CLEARANCE))
        .collect();
    let mut out = d.clone();
    for item in &mut out.items {
        let bent = match &item.shape {
            Shape::Line { points, .. } => page_line(&v, item, points, &obstacles),
            _ => continue,
        };
        if let Shape::Line { points, .. } = &mut item.shape {
            *points = bent
                .into_iter()
                .map(|(x, y)| crate::model::Point::new(x, y))
                .collect();
        }
        item.bounds = item.shape.bounds();
    }
    out.bounds = diagram::bounds_of(&out.items);
    out
}

/// Readable sizes on paper, in points: nothing under [`MIN_READABLE`].
const PAPER: Legibility = Legibility {
    min_text: MIN_READABLE,
    title: 8.0,
    title_min: 6.5,
    badge: 6.5,
};

/// Draws the diagram into the view. Text that would print under [`MIN_READABLE`] is never
/// drawn: zone headers are then laid out at a readable size in page points
/// (`diagram::overview`, with asset counts), assets become dots coloured by their gap, and
/// conduits are tagged with their id on their line.
fn paint(page: &mut Page, d: &Diagram, v: &View) {
    let min_stroke = 0.25;
    let (cx, cy) = v.p(v.world.x, v.world.y);
    page.clip(cx, cy, v.world.w * v.scale, v.world.h * v.scale);
    let titles_small = style::size::ZONE_NAME * v.scale < MIN_READABLE;
    let assets_small = style::size::ASSET_NAME * v.scale < MIN_READABLE;
    let labels_small = style::size::CONDUIT_LABEL * v.scale < MIN_READABLE;
    // A conduit label too small to read is left out, box and all: its id goes on the line.
    let in_label = |item: &diagram::Item| {
        labels_small
            && matches!(item.shape, Shape::Rect { .. } | Shape::Text { .. })
            && d.conduit_labels.iter().any(|(c, r)| {
                item.element
                    .as_ref()
                    .is_some_and(|e| e.as_str() == c.as_str())
                    && r.expand(1.0).contains_point(item.bounds.center())
            })
    };
    let titles = titles_on_page(d, v);
    // Conduit lines go round the zone headers (name and badge); the headers are painted
    // last, over the lines, so a line that ends in one still never crosses its badge.
    let obstacles: Vec<Rect> = header_rects(d, v, titles.as_deref())
        .iter()
        .map(|r| r.expand(BADGE_CLEARANCE))
        .collect();
    let bodies = d.visible(&v.world).filter(|i| i.role != Role::ZoneHeader);
    let headers = d
        .visible(&v.world)
        .filter(|i| i.role == Role::ZoneHeader && !titles_small);
    for item in bodies.chain(headers) {
        if (assets_small && item.role == Role::AssetBody) || in_label(item) {
            continue;
        }
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
                    let pts = page_line(v, item, points, &obstacles);
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
                if sz < MIN_READABLE {
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
    if assets_small {
        for m in &d.asset_marks {
            if !v.world.contains_point(m.pos) {
                continue;
            }
            let (x, y) = v.p(m.pos.x, m.pos.y);
            page.circle(x, y, 2.2, m.gap.color(), Some((0.4, Color::WHITE)));
        }
    }
    if labels_small {
        // The conduit's id on the middle of its line, never apart from it.
        let tag = Style::new(MIN_READABLE, Weight::Bold, Color::CONDUIT);
        for (id, _) in &d.conduit_labels {
            // Its line as drawn (bent round badges), back in world points.
            let line: Option<Vec<crate::model::Point>> =
                d.items.iter().find_map(|i| match &i.shape {
                    Shape::Line { points, .. }
                        if i.element
                            .as_ref()
                            .is_some_and(|e| e.as_str() == id.as_str()) =>
                    {
                        Some(
                            page_line(v, i, points, &obstacles)
                                .into_iter()
                                .map(|(x, y)| v.w(x, y))
                                .collect(),
                        )
                    }
                    _ => None,
                });
            // Halfway along, or the nearest point of the line outside every zone (a tag
            // inside a zone would sit on its title or badge).
            let outside =
                |p: &crate::model::Point| !d.zone_titles.iter().any(|z| z.rect.contains_point(*p));
            let Some(c) = line.and_then(|pts| {
                [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9]
                    .iter()
                    .filter_map(|t| point_along(&pts, *t))
                    .find(outside)
                    .or_else(|| point_along(&pts, 0.5))
            }) else {
                continue;
            };
            if !v.world.contains_point(c) {
                continue;
            }
            let (x, y) = v.p(c.x, c.y);
            let w = tag.width(id.as_str()) + 3.0;
            let h = tag.line();
            page.rect(
                x - w / 2.0,
                y - h / 2.0,
                w,
                h,
                Some(Color::WHITE),
                Some((0.4, Color::CONDUIT)),
            );
            page.text_center(x, y - h / 2.0 + 0.8, id.as_str(), tag);
        }
    }
    if let Some(titles) = titles {
        for t in titles {
            let r = t.name_rect;
            page.rect(r.x, r.y, r.w, r.h, Some(Color::WHITE.with_alpha(215)), None);
            // A shortened name that another zone's name also begins with ends in its zone's
            // id instead, so two names never read alike.
            let full = d.zone_titles.iter().find(|z| z.zone == t.zone);
            let lines: Vec<String> = match (t.abbreviated, full, t.name.first()) {
                (true, Some(z), Some(first)) if look_alike(d, z, &first.text) => fit_name(
                    &z.name,
                    t.zone.as_str(),
                    Style::new(first.size, first.weight, Color::TEXT),
                    r.w,
                    t.name.len(),
                ),
                _ => t.name.iter().map(|l| l.text.clone()).collect(),
            };
            for (l, text) in t.name.iter().zip(&lines) {
                page.text(
                    l.pos.x,
                    l.pos.y,
                    text,
                    Style::new(l.size, l.weight, Color::TEXT),
                );
            }
            if let Some((b, l)) = &t.badge {
                page.round_rect((b.x, b.y, b.w, b.h), b.h / 2.0, Some(t.badge_color), None);
                page.text(
                    l.pos.x,
                    l.pos.y,
                    &l.text,
                    Style::new(l.size, l.weight, Color::WHITE),
                );
            }
            for l in &t.notes {
                // Backed like the name: dots may lie under a count.
                page.rect(
                    l.rect.x,
                    l.rect.y,
                    l.rect.w,
                    l.rect.h,
                    Some(Color::WHITE.with_alpha(215)),
                    None,
                );
                page.text(
                    l.pos.x,
                    l.pos.y,
                    &l.text,
                    Style::new(l.size, l.weight, Color::MUTED),
                );
            }
        }
    }
    page.unclip();
}

/// Whether `short` (a zone's name shortened with "…") could be read as another zone's name.
fn look_alike(d: &diagram::Diagram, zone: &diagram::ZoneTitle, short: &str) -> bool {
    let stem = short.trim_end_matches('…').trim_end();
    d.zone_titles
        .iter()
        .any(|o| o.zone != zone.zone && o.name.starts_with(stem))
}

/// The point a fraction `t` of the way along a polyline.
fn point_along(pts: &[crate::model::Point], t: f32) -> Option<crate::model::Point> {
    let seg = |a: &crate::model::Point, b: &crate::model::Point| (b.x - a.x).hypot(b.y - a.y);
    let total: f32 = pts.windows(2).map(|w| seg(&w[0], &w[1])).sum();
    let mut left = total * t;
    for w in pts.windows(2) {
        let l = seg(&w[0], &w[1]);
        if l >= left && l > 0.0 {
            let t = left / l;
            return Some(crate::model::Point::new(
                w[0].x + (w[1].x - w[0].x) * t,
                w[0].y + (w[1].y - w[0].y) * t,
            ));
        }
        left -= l;
    }
    pts.first().copied()
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
        (
            Color::BAD,
            Color::BAD,
            "asset short of its SL-T (red dot)".to_owned(),
        ),
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

/// The room kept under the overview for its caption.
const CAPTION: f32 = MUTED.size * 1.2 * 2.0 + 8.0;

/// The world rectangle the overview shows, or what the chapter says instead when there is
/// nothing to draw.
fn overview_world(d: &Diagram) -> Result<Rect, &'static str> {
    let world = d.bounds.expand(10.0);
    if d.items.is_empty() {
        return Err("The model has no zones or assets to draw.");
    }
    if ![world.x, world.y, world.w, world.h]
        .iter()
        .all(|v| v.is_finite())
    {
        return Err(
            "The diagram cannot be drawn: some positions or sizes in the model are not finite \
             numbers. Correct them in the model file.",
        );
    }
    Ok(world)
}

/// The overview fitted at the flow's width into `room` points from `y` down, less the room
/// of its caption: the one place its scale is worked out, for measuring and drawing alike.
fn overview_view(f: &Flow, world: Rect, y: f32, room: f32) -> View {
    View::fit(world, f.left(), y, f.width(), (room - CAPTION).max(50.0))
}

/// The scale the overview is drawn at in `room` points below the cursor, its legend above
/// it and its caption below; `None` when there is nothing to draw.
fn diagram_scale(f: &Flow, data: &ReportData, room: f32) -> Option<f32> {
    let world = overview_world(&data.diagram).ok()?;
    let legend = f.height_of(|g| g.swatches(&legend_entries()));
    Some(overview_view(f, world, f.y, room - legend).scale)
}

/// The whole plant: its legend, the drawing fitted to the rest of the page (a page of its
/// own, landscape when wide, or below the chapter's heading, see [`figure_chapter`]) and a
/// caption when its own labels would print under 6 pt. Each zone sheet carries a view of its
/// own zone.
fn diagram_pages(f: &mut Flow, data: &ReportData) {
    let d = &data.diagram;
    let world = match overview_world(d) {
        Ok(world) => world,
        Err(why) => {
            f.paragraph(why, BODY);
            return;
        }
    };
    f.swatches(&legend_entries());
    let view = overview_view(f, world, f.y, f.remaining());
    let used_h = world.h * view.scale;
    let (x, y, w) = (f.left(), f.y, f.width());
    f.page()
        .rect(x, y, w, used_h, None, Some((0.5, flow::RULE)));
    paint(f.page(), d, &view);
    f.y += used_h + 6.0;
    if style::size::ZONE_NAME * view.scale < MIN_READABLE {
        f.paragraph(
            "At this scale the diagram's own labels would print under 6 pt: zone names are laid \
             out at a readable size instead, assets are shown as dots with a count per zone and \
             conduits by their id. Each zone sheet shows its zone at a readable scale.",
            MUTED,
        );
    }
}

/// SL-T, SL-A and SL-C as small horizontal bars, one row per FR, within the flow's width,
/// over a scale of 0 to 4 titled "Security levels". A level of 0 is a short red bar, never
/// a blank; an unknown SL-C is marked "?".
fn sl_chart(f: &mut Flow, a: &Assessment) {
    let row_h = 9.0;
    // The rows, then the scale under them.
    let h = 7.0 * row_h + 9.0;
    f.ensure(h);
    let x0 = f.left();
    let axis = Style::new(6.0, Weight::Bold, Color::TEXT);
    let axis_title = "Security levels";
    // The FR labels, and the scale's title before its 0.
    let label_w = (axis.width(axis_title) + 6.0).max(46.0);
    let text_w = 78.0;
    let bar_w = (f.width() - label_w - text_w).clamp(40.0, 200.0);
    let unit = bar_w / 4.0;
    let y0 = f.y;
    let tiny = Style::new(6.5, Weight::Regular, Color::TEXT);
    let page = f.page();
    page.text(x0, y0 + 7.0 * row_h + 1.0, axis_title, axis);
    // Scale: 0..4.
    for l in 0..=4u8 {
        let x = x0 + label_w + f32::from(l) * unit;
        page.line(
            &[(x, y0), (x, y0 + 7.0 * row_h)],
            0.4,
            flow::RULE,
            l > 0 && l < 4,
        );
        page.text_center(
            x,
            y0 + 7.0 * row_h + 1.0,
            &l.to_string(),
            Style::new(6.0, Weight::Regular, Color::MUTED),
        );
    }
    let min_bar = 2.5;
    for (i, fr) in Fr::ALL.iter().enumerate() {
        let y = y0 + i as f32 * row_h;
        page.text(
            x0,
            y + 0.8,
            &format!("{} {}", fr.label(), fr.abbrev()),
            tiny,
        );
        let t = a.sl_t.map(|t| t.get(*fr).get());
        let achieved = a.sl_a.map(|v| v.get(*fr).get());
        let cap = a.sl_c.map(|v| v.get(*fr).get());
        if let Some(t) = t {
            page.rect(
                x0 + label_w,
                y + 0.8,
                f32::from(t) * unit,
                row_h - 1.6,
                Some(Color::rgb(0xf2, 0xf4, 0xf7)),
                Some((0.7, Color::MUTED)),
            );
        }
        if let (Some(_), Some(c)) = (t, achieved) {
            let fill = match GapLevel::of(t, c) {
                GapLevel::Unassessed => Color::NEUTRAL,
                GapLevel::Met => Color::OK,
                GapLevel::One => Color::WARN,
                GapLevel::TwoOrMore => Color::BAD,
            };
            let w = if c > 0 { f32::from(c) * unit } else { min_bar };
            let fill = if c > 0 { fill } else { Color::BAD };
            page.rect(x0 + label_w, y + 2.2, w, row_h - 5.6, Some(fill), None);
        }
        // SL-C: a thin dark bar under the SL-A bar; red when 0.
        if let Some(c) = cap {
            let (w, fill) = if c > 0 {
                (f32::from(c) * unit, Color::CONDUIT)
            } else {
                (min_bar, Color::BAD)
            };
            page.rect(x0 + label_w, y + row_h - 3.0, w, 1.4, Some(fill), None);
        }
        let cap = cap.map_or_else(|| "?".to_owned(), |c| c.to_string());
        let label = match (t, achieved) {
            (Some(t), Some(c)) => format!("T {t} · A {c} · C {cap}"),
            (Some(t), None) => format!("T {t} · C {cap}"),
            _ => format!("C {cap}"),
        };
        page.text(x0 + label_w + bar_w + 6.0, y + 0.8, &label, tiny);
    }
    f.y = y0 + h;
}

/// The key of the level charts, once above the first sheet that carries one.
fn chart_key(f: &mut Flow) {
    f.swatches(&[
        (
            Color::rgb(0xf2, 0xf4, 0xf7),
            Color::MUTED,
            "T: SL-T (outline)".to_owned(),
        ),
        (Color::OK, Color::OK, "A: SL-A meets SL-T".to_owned()),
        (Color::WARN, Color::WARN, "SL-A 1 short".to_owned()),
        (
            Color::BAD,
            Color::BAD,
            "SL-A 2+ short, or a level 0".to_owned(),
        ),
        (
            Color::CONDUIT,
            Color::CONDUIT,
            "C: SL-C (thin bar; ? unknown)".to_owned(),
        ),
    ]);
}

/// A zone laid out afresh at a readable size: its assets (and subzones) as chips in a grid,
/// whatever their positions in the file, each with its gap colour, and its conduits' ends
/// on the right edge with the zone at the other end. Nothing is printed under
/// [`MIN_READABLE`]; names wrap to two lines, then end in "…" and the element's id.
fn zone_view(f: &mut Flow, data: &ReportData, z: &ZoneSheet) {
    let name_st = Style::new(7.0, Weight::Regular, Color::TEXT);
    let glyph_st = Style::new(6.0, Weight::Bold, Color::MUTED);
    let end_st = Style::new(6.5, Weight::Regular, Color::TEXT);
    let title_st = Style::new(8.0, Weight::Bold, Color::TEXT);
    let w = f.width();
    let ends_w = (w * 0.3).min(170.0);
    let chip_w = 104.0;
    let chip_h = 20.0;
    let gap = 4.0;
    let pad = 5.0;
    let grid_w = w - ends_w - 2.0 * pad;
    let cols = ((grid_w + gap) / (chip_w + gap)).floor().max(1.0) as usize;
    // Chips: the zone's own assets, then its subzones.
    let mut chips: Vec<(String, String, Color, bool)> = Vec::new();
    for a in z.assets.iter().filter(|a| a.subzone.is_none()) {
        let mark = data
            .diagram
            .asset_marks
            .iter()
            .find(|m| m.asset.as_str() == a.id);
        chips.push((
            a.name.clone(),
            mark.map_or_else(|| a.kind.clone(), |m| m.glyph.clone()),
            mark.map_or(Color::NEUTRAL, |m| m.gap.color()),
            false,
        ));
        if let Some(last) = chips.last_mut() {
            last.0 = format!("{}\u{1}{}", last.0, a.id);
        }
    }
    for sub in &z.subzones {
        chips.push((
            format!("{sub}\u{1}"),
            "subzone".to_owned(),
            Color::NEUTRAL,
            true,
        ));
    }
    let rows = chips.len().div_ceil(cols).max(1);
    let ends: Vec<String> = z
        .conduits
        .iter()
        .map(|c| {
            let arrow = if c.direction.contains('→') || c.direction.contains("one-way") {
                "→"
            } else {
                "↔"
            };
            format!("{} {arrow} {}", c.id, c.to.join(", "))
        })
        .collect();
    let grid_h = rows as f32 * (chip_h + gap) - gap;
    let ends_h = ends.len() as f32 * end_st.line() * 2.0;
    let h = (title_st.line() + 2.0 * pad + grid_h).max(ends_h + 2.0 * pad);
    f.ensure(h + 6.0);
    let x0 = f.left();
    let y0 = f.y;
    let box_w = w - ends_w;
    let (fill, stroke) = style::zone_kind_colors(z.kind);
    let page = f.page();
    page.round_rect(
        (x0, y0, box_w, h),
        4.0,
        Some(fill),
        Some((0.9, stroke, z.external)),
    );
    let title = fit_name(&z.name, &z.id, title_st, box_w - 2.0 * pad, 1);
    page.text(x0 + pad, y0 + pad - 2.0, &title[0], title_st);
    let gy = y0 + pad + title_st.line();
    for (i, (label, glyph, color, sub)) in chips.iter().enumerate() {
        let (r, c) = (i / cols, i % cols);
        let cx = x0 + pad + c as f32 * (chip_w + gap);
        let cy = gy + r as f32 * (chip_h + gap);
        page.round_rect(
            (cx, cy, chip_w, chip_h),
            2.5,
            Some(Color::WHITE),
            Some((0.6, Color::MUTED, *sub)),
        );
        page.rect(cx, cy, 3.0, chip_h, Some(*color), None);
        let gw = glyph_st.width(glyph).min(34.0);
        let glyph = text::truncate(glyph, glyph_st.size, glyph_st.weight, 34.0).into_owned();
        page.text(
            cx + 5.0,
            cy + (chip_h - glyph_st.size) / 2.0 - 1.0,
            &glyph,
            glyph_st,
        );
        let (name, id) = label.split_once('\u{1}').unwrap_or((label.as_str(), ""));
        let lines = fit_name(name, id, name_st, chip_w - gw - 11.0, 2);
        let ty = cy + (chip_h - lines.len() as f32 * name_st.line()) / 2.0;
        for (k, l) in lines.iter().enumerate() {
            page.text(cx + gw + 8.0, ty + k as f32 * name_st.line(), l, name_st);
        }
    }
    if chips.is_empty() {
        page.text(
            x0 + pad,
            gy,
            "no assets",
            Style::new(7.0, Weight::Regular, Color::MUTED),
        );
    }
    // Conduit ends: a stub from the zone's edge per conduit, labelled with the zone it leads
    // to.
    let ex = x0 + box_w;
    let step = if ends.is_empty() {
        0.0
    } else {
        (h - 2.0 * pad) / ends.len() as f32
    };
    for (i, e) in ends.iter().enumerate() {
        let y = y0 + pad + step * (i as f32 + 0.5);
        page.line(&[(ex, y), (ex + 12.0, y)], 1.4, Color::CONDUIT, false);
        page.circle(ex, y, 1.8, Color::CONDUIT, None);
        let lines = fit_name(e, "", end_st, ends_w - 16.0, 2);
        let ty = y - lines.len() as f32 * end_st.line() / 2.0;
        for (k, l) in lines.iter().enumerate() {
            page.text(ex + 15.0, ty + k as f32 * end_st.line(), l, end_st);
        }
    }
    f.y = y0 + h + 6.0;
}

/// A name in at most `lines` lines of `width`: wrapped, and when it is still too long, cut
/// with "…" followed by `id` (unique), so two long names never shorten to the same text.
pub fn fit_name(name: &str, id: &str, st: Style, width: f32, lines: usize) -> Vec<String> {
    let wrapped = flow::wrap(name, st.size, st.weight, width);
    if wrapped.len() <= lines {
        return wrapped;
    }
    let mut out: Vec<String> = wrapped[..lines.saturating_sub(1)].to_vec();
    let rest = wrapped[lines.saturating_sub(1)..].join(" ");
    let suffix = if id.is_empty() {
        String::new()
    } else {
        format!(" {id}")
    };
    let room = (width - st.width(&suffix)).max(st.size);
    let cut = text::truncate(&rest, st.size, st.weight, room).into_owned();
    let cut = if cut.ends_with('…') {
        cut
    } else {
        format!("{cut}…")
    };
    out.push(format!("{cut}{suffix}"));
    out
}

/// An asset as a row: name (and its subzone), kind, classes, SL-C. Shared by the PDF and the
/// HTML report.
pub(super) fn asset_texts(a: &AssetRow) -> [String; 4] {
    let name = match &a.subzone {
        Some(s) => format!("{}\nin subzone {s}", a.name),
        None => a.name.clone(),
    };
    [name, a.kind.clone(), a.classes.clone(), a.sl_c.clone()]
}

fn asset_table(f: &mut Flow, title: &str, assets: &[AssetRow]) {
    let rows: Vec<Vec<Cell>> = assets
        .iter()
        .map(|a| asset_texts(a).into_iter().map(cell).collect())
        .collect();
    f.table_section(
        title,
        H3,
        None,
        &[
            col("Name", 3.2),
            col("Kind", 2.4),
            col("Classes", 1.4),
            col("SL-C (FR1–FR7)", 2.0),
        ],
        &rows,
    );
}

/// The finding number of a rule on an element, when it is open.
fn finding_number<'a>(data: &'a ReportData, rule: &str, element: &str) -> Option<&'a str> {
    let id = format!("{rule}@{element}");
    data.findings
        .iter()
        .chain(data.accepted.iter().map(|a| &a.finding))
        .find(|f| f.id == id)
        .map(|f| f.number.as_str())
}

/// The insets of two blocks side by side: the left one in the first `share` of the full
/// width, the right one beside it, 12 pt apart.
fn side_insets(f: &Flow, share: f32) -> [(f32, f32); 2] {
    let full = f.full_width();
    [
        (0.0, full * share - 6.0),
        (full * share + 6.0, full * (1.0 - share) - 6.0),
    ]
}

/// The heights of two blocks side by side at `share` (see [`side_by_side`]).
fn side_heights(
    f: &Flow,
    share: f32,
    left: impl Fn(&mut Flow),
    right: impl Fn(&mut Flow),
) -> [f32; 2] {
    let [left_in, right_in] = side_insets(f, share);
    let at = |inset, draw: &dyn Fn(&mut Flow)| {
        let mut g = f.fresh(false);
        g.inset = Some(inset);
        g.height_of(draw)
    };
    [at(left_in, &left), at(right_in, &right)]
}

/// Two blocks side by side, `height` tall (the taller of their heights, [`side_heights`]):
/// `left` in the first `share` of the width, `right` beside it, the cursor below the taller;
/// on a new page unless both fit here. If `left` runs onto a new page (taller than a page),
/// `right` follows below it.
fn side_by_side(
    f: &mut Flow,
    share: f32,
    height: f32,
    left: impl Fn(&mut Flow),
    right: impl Fn(&mut Flow),
) {
    let [left_in, right_in] = side_insets(f, share);
    let inset = f.inset;
    f.ensure(height);
    let (p0, y0) = (f.page_index(), f.y);
    f.inset = Some(left_in);
    left(f);
    let y1 = f.y;
    if f.page_index() != p0 {
        f.inset = inset;
        right(f);
        return;
    }
    f.y = y0;
    f.inset = Some(right_in);
    right(f);
    f.inset = inset;
    if f.page_index() == p0 {
        f.y = f.y.max(y1);
    }
}

/// What a sheet's levels chart says in words: the SL-T rationale and, when so, that no SL-T is
/// set or no SL-C known. Drawn under the chart or under the fields beside it, whichever
/// column is shorter.
fn level_notes(f: &mut Flow, a: &Assessment) {
    f.paragraph(
        &format!("SL-T rationale: {}", or_dash(&a.rationale)),
        Style::new(7.0, Weight::Regular, Color::TEXT),
    );
    if a.sl_t.is_none() {
        f.paragraph(
            "No SL-T is set, so no requirement delta is computed.",
            MUTED,
        );
    } else if a.sl_c.is_none() {
        f.paragraph(
            "SL-C unknown: no assessed asset has a known SL-C.",
            Style::new(7.0, Weight::Regular, Color::MUTED),
        );
    }
}

/// The unmet items grouped by FR and provider (the full list is in annex A), covered and
/// not-applicable items in a line each, planned measures and component deltas as counts.
fn assessment(f: &mut Flow, a: &Assessment) {
    if a.sl_t.is_none() {
        return;
    }

    if a.unmet.is_empty() {
        // Nothing to list: a line, not a section.
        f.space(4.0);
        f.runs(
            &[
                ("Unmet IEC 62443-3-3 items: none.".to_owned(), Weight::Bold),
                (
                    "Every applicable item up to SL-T is met or covered.".to_owned(),
                    Weight::Regular,
                ),
            ],
            SMALL.size,
            SMALL.color,
        );
    } else {
        let title = format!(
            "Unmet IEC 62443-3-3 items ({}), by FR and provider",
            a.unmet.len()
        );
        unmet_groups(f, &title, &a.unmet);
    }
    for line in assessment_lines(a) {
        f.paragraph(&line, SMALL);
    }
}

/// The lines under the unmet items of a sheet: not-applicable and covered items by reason
/// and measure, planned measures, and the component deltas as counts (the lists are in
/// annex A). Shared by the PDF and the HTML report.
pub(super) fn assessment_lines(a: &Assessment) -> Vec<String> {
    let mut out = Vec::new();
    if !a.not_applicable.is_empty() {
        out.push(format!(
            "Not applicable ({}): {}",
            a.not_applicable.len(),
            grouped_not_applicable(&a.not_applicable)
        ));
    }
    if !a.covered.is_empty() {
        let mut by: Vec<(String, Vec<String>)> = Vec::new();
        for c in &a.covered {
            let key = c.by.join(", ");
            match by.iter_mut().find(|(k, _)| *k == key) {
                Some((_, ids)) => ids.push(unbroken(&c.id)),
                None => by.push((key, vec![unbroken(&c.id)])),
            }
        }
        let parts: Vec<String> = by
            .iter()
            .map(|(k, ids)| format!("{} (by {k})", ids.join(", ")))
            .collect();
        out.push(format!(
            "Covered by countermeasures ({}): {}.",
            a.covered.len(),
            parts.join("; ")
        ));
    }
    if !a.planned.is_empty() {
        out.push(format!(
            "Planned countermeasures: {}.",
            a.planned.join("; ")
        ));
    }
    if !a.components.is_empty() {
        let parts: Vec<String> = a
            .components
            .iter()
            .map(|g| format!("{} ({})", g.asset, g.requirements.len()))
            .collect();
        out.push(format!(
            "Component deltas (IEC 62443-4-2 items each asset lacks against the SL-T, listed in \
             annex A): {}.",
            parts.join(", ")
        ));
    }
    out
}

/// "SR 1.6, SR 2.2 (no radio present); …": not-applicable items by their reason.
fn grouped_not_applicable(items: &[String]) -> String {
    let mut by: Vec<(String, Vec<String>)> = Vec::new();
    for n in items {
        // "id title: reason"
        let (head, reason) = n.split_once(": ").unwrap_or((n.as_str(), ""));
        let id = head
            .split_once(' ')
            .map_or(head, |(kind, rest)| {
                let end = rest.find(' ').map_or(rest.len(), |i| {
                    // Keep "RE(1)" with its id.
                    if rest[i + 1..].starts_with("RE(") {
                        rest[i + 1..].find(')').map_or(i, |j| i + 1 + j + 1)
                    } else {
                        i
                    }
                });
                &head[..kind.len() + 1 + end]
            })
            .to_owned();
        // A built-in reason's explanation in brackets is the same on every sheet.
        let reason = reason.split(" (").next().unwrap_or(reason);
        match by.iter_mut().find(|(r, _)| r == reason) {
            Some((_, ids)) => ids.push(unbroken(&id)),
            None => by.push((reason.to_owned(), vec![unbroken(&id)])),
        }
    }
    by.iter()
        .map(|(r, ids)| format!("{} ({r})", ids.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Things several groups share, numbered once above the table: `[1]` for reasons, `(a)` for
/// lists of assets. Shared by the PDF and the HTML report.
pub(super) struct Notes {
    reasons: Vec<String>,
    assets: Vec<String>,
}

impl Notes {
    fn recurring<'a>(lists: impl Iterator<Item = &'a [String]> + Clone) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for list in lists.clone() {
            for r in list {
                let n = lists.clone().filter(|l| l.contains(r)).count();
                if n >= 2 && !out.contains(r) {
                    out.push(r.clone());
                }
            }
        }
        out
    }

    /// The notes of a sheet's groups.
    pub(super) fn of(groups: &[UnmetGroup]) -> Self {
        let culprit_lists: Vec<Vec<String>> = groups
            .iter()
            .filter(|g| !g.culprits.is_empty())
            .map(|g| vec![g.culprits.join(", ")])
            .collect();
        Self {
            reasons: Self::recurring(groups.iter().map(|g| g.reasons.as_slice())),
            assets: Self::recurring(culprit_lists.iter().map(Vec::as_slice)),
        }
    }

    /// "[1] no boundary device on C-06", "(a) assets short: …".
    pub(super) fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .reasons
            .iter()
            .enumerate()
            .map(|(i, r)| format!("[{}] {r}", i + 1))
            .collect();
        lines.extend(
            self.assets
                .iter()
                .map(|a| format!("{} assets short: {a}", self.asset_ref(a))),
        );
        lines
    }

    fn reason(&self, r: &str) -> String {
        match self.reasons.iter().position(|x| x == r) {
            Some(i) => format!("[{}]", i + 1),
            None => r.to_owned(),
        }
    }

    fn asset_ref(&self, list: &str) -> String {
        match self.assets.iter().position(|x| x == list) {
            Some(i) => format!("({})", char::from(b'a' + (i as u8).min(25))),
            None => list.to_owned(),
        }
    }

    /// A group's items, provider and reasons, and assets short with planned measures.
    pub(super) fn row(&self, g: &UnmetGroup) -> [String; 3] {
        let ids: Vec<String> = g.ids.iter().map(|i| unbroken(i)).collect();
        let mut who = Vec::new();
        if !g.culprits.is_empty() {
            who.push(format!(
                "assets short: {}",
                self.asset_ref(&g.culprits.join(", "))
            ));
        }
        if !g.planned.is_empty() {
            who.push(format!("planned: {}", g.planned.join(", ")));
        }
        let why: Vec<String> = g.reasons.iter().map(|r| self.reason(r)).collect();
        let others: Vec<&str> = g
            .providers
            .iter()
            .filter(|p| **p != g.provider)
            .map(String::as_str)
            .collect();
        let by = if others.is_empty() {
            g.provider.clone()
        } else {
            format!("{} (or {})", g.provider, others.join(", "))
        };
        [
            format!("{} ({})", ids.join(", "), g.ids.len()),
            format!("{by}: {}", why.join("; ")),
            who.join("\n"),
        ]
    }
}

/// The unmet items under `title`, grouped, with the notes that recur in the groups above them.
fn unmet_groups(f: &mut Flow, title: &str, unmet: &[UnmetRow]) {
    let groups = group_unmet(unmet);
    let notes = Notes::of(&groups);
    let lines = notes.lines();
    let recurring = format!("Recurring: {}.", lines.join("; "));
    let note = (!lines.is_empty()).then_some((recurring.as_str(), SMALL));
    let rows: Vec<Vec<Cell>> = groups
        .iter()
        .map(|g| {
            let [items, why, who] = notes.row(g);
            vec![
                cell(unbroken(&format!("{} {}", g.fr.label(), g.fr.abbrev()))).bold(),
                cell(items),
                cell(why),
                cell(who),
            ]
        })
        .collect();
    f.table_section(
        title,
        H3,
        note,
        &[
            col("FR", 0.9),
            col("Items", 2.8),
            col("Provider: why unmet", 2.8),
            col("Assets short, planned", 2.4),
        ],
        &rows,
    );
}

fn zone_sheets(f: &mut Flow, data: &ReportData) {
    f.paragraph(
        "One sheet per zone, following the zone characteristics of IEC 62443-3-2 ZCR 6.4, in \
         the order of the hierarchy: by Purdue level from the enterprise down, each zone \
         followed by its subzones. Each sheet draws its zone afresh at a readable size: its \
         assets (a red stripe: short of the zone's SL-T) and subzones, and the ends of its \
         conduits with the zone at the other end. The key to the level charts stands above \
         the first of them.",
        MUTED,
    );
    if data.zones.is_empty() {
        f.paragraph("The model has no zones.", BODY);
    }
    let mut key = true;
    for z in &data.zones {
        let with_key = key && !z.external;
        // The key is part of the first sheet with a chart: no floating page between them.
        f.start_unit(|g| {
            g.height_of(|h| {
                if with_key {
                    chart_key(h);
                }
                zone_sheet(h, data, z);
            })
        });
        if with_key {
            // On the page of the first chart (the chapter's heading and introduction move
            // along when nothing came between them).
            let fields = zone_fields(z);
            f.ensure(
                f.height_of(chart_key)
                    + sheet_start(f, &zone_title(z), &fields, Some(&z.assessment)).room,
            );
            chart_key(f);
            f.hold_floats();
            key = false;
        }
        zone_sheet(f, data, z);
    }
}

/// The ZCR 6.4 fields of a zone sheet (its SL-T, assets and delta come after them).
pub(super) fn zone_fields(z: &ZoneSheet) -> Vec<(&'static str, String)> {
    let mut fields = zone_fields_all(z);
    fields.retain(|(k, v)| *k != "Parent / subzones" || !v.is_empty());
    fields
}

fn zone_fields_all(z: &ZoneSheet) -> Vec<(&'static str, String)> {
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
    vec![
        (
            "Kind, Purdue level, safety",
            format!(
                "{} · {} · {}",
                z.kind.label(),
                z.purdue
                    .clone()
                    .unwrap_or_else(|| "no Purdue level".to_owned()),
                if z.safety {
                    "safety-related"
                } else {
                    "not safety-related"
                }
            ),
        ),
        // Parent and subzones only where the zone has them.
        (
            "Parent / subzones",
            if z.parent.is_none() && z.subzones.is_empty() {
                String::new()
            } else {
                format!(
                    "{} / {}",
                    or_dash(z.parent.as_deref().unwrap_or_default()),
                    or_dash(&z.subzones.join(", "))
                )
            },
        ),
        ("Accountable organisation", z.organisation.clone()),
        ("Description", z.description.clone()),
        ("Connected conduits", conduits),
    ]
}

/// A sheet's head (its fields beside its levels, an external zone's fields alone) measured
/// once: the fields' share of the width, where the level notes go and the head's height.
#[derive(Clone, Copy)]
struct HeadFit {
    share: f32,
    notes: NotesAt,
    height: f32,
}

/// Where a sheet's level notes ([`level_notes`]) go: under the chart, under the fields beside
/// it, or below both at the full width; whichever makes the head shortest.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NotesAt {
    UnderChart,
    UnderFields,
    Below,
}

/// The fields' shares of the width a sheet's head may take: the one that makes the head
/// shortest is used (the first of equals), so long fields get room when the chart beside
/// them is shorter, and the chart keeps it when the fields are short.
const HEAD_SHARES: [f32; 3] = [0.55, 0.5, 0.6];

fn head_fit(f: &Flow, fields: &[(&str, String)], levels: Option<&Assessment>) -> HeadFit {
    let Some(a) = levels else {
        return HeadFit {
            share: 1.0,
            notes: NotesAt::UnderChart,
            height: f.height_of(|g| g.fields(fields)),
        };
    };
    // Each block measured once per width (the chart's height does not depend on it); the
    // blocks of a column stack.
    let below = f.height_of(|g| level_notes(g, a));
    let chart = f.height_of(|g| sl_chart(g, a));
    let mut best: Option<HeadFit> = None;
    for share in HEAD_SHARES {
        let [fields_h, _] = side_heights(f, share, |g| g.fields(fields), |_| {});
        let [notes_left, notes_right] =
            side_heights(f, share, |g| level_notes(g, a), |g| level_notes(g, a));
        for (notes, height) in [
            (NotesAt::UnderChart, fields_h.max(chart + notes_right)),
            (NotesAt::UnderFields, (fields_h + notes_left).max(chart)),
            (NotesAt::Below, fields_h.max(chart) + below),
        ] {
            if best.is_none_or(|b| height < b.height - 0.01) {
                best = Some(HeadFit {
                    share,
                    notes,
                    height,
                });
            }
        }
    }
    best.unwrap_or(HeadFit {
        share: HEAD_SHARES[0],
        notes: NotesAt::UnderChart,
        height: 0.0,
    })
}

/// The left column of a sheet's head: the fields, and the level notes under them when they
/// go there.
fn head_left(f: &mut Flow, fields: &[(&str, String)], a: &Assessment, notes: NotesAt) {
    f.fields(fields);
    if notes == NotesAt::UnderFields {
        level_notes(f, a);
    }
}

/// The right column of a sheet's head: the levels chart, and the level notes under it when
/// they go there.
fn head_right(f: &mut Flow, a: &Assessment, notes: NotesAt) {
    sl_chart(f, a);
    if notes == NotesAt::UnderChart {
        level_notes(f, a);
    }
}

/// Draws a sheet's head as `fit` measured it.
fn sheet_head(f: &mut Flow, fields: &[(&str, String)], levels: Option<&Assessment>, fit: HeadFit) {
    let Some(a) = levels else {
        f.fields(fields);
        return;
    };
    side_by_side(
        f,
        fit.share,
        fit.height,
        |f| head_left(f, fields, a, fit.notes),
        |f| head_right(f, a, fit.notes),
    );
    if fit.notes == NotesAt::Below {
        level_notes(f, a);
    }
}

/// The space above a sheet's heading beyond a heading's own.
const SHEET_GAP: f32 = 4.0;

/// What a sheet's start needs: its head's fit, what its heading keeps with it (the space
/// below the heading and the head) and the room on the page for all of it (with the space
/// above and the heading itself).
struct SheetStart {
    fit: HeadFit,
    keep: f32,
    room: f32,
}

fn sheet_start(
    f: &Flow,
    title: &str,
    fields: &[(&str, String)],
    levels: Option<&Assessment>,
) -> SheetStart {
    let fit = head_fit(f, fields, levels);
    let lines = text::wrap(title, H2.size, H2.weight, f.width()).len();
    let keep = flow::heading_below(H2) + fit.height;
    let room = SHEET_GAP + H2.size * flow::HEADING_ABOVE + lines as f32 * H2.line() + keep;
    SheetStart { fit, keep, room }
}

/// A sheet's heading, in the contents, and its head (fields and levels): on a new page
/// unless this page has room for both.
fn sheet_heading(
    f: &mut Flow,
    title: &str,
    fields: &[(&str, String)],
    levels: Option<&Assessment>,
) {
    f.close_sections(H2);
    let start = sheet_start(f, title, fields, levels);
    if f.remaining() < start.room {
        f.new_page(false);
    } else {
        f.space(SHEET_GAP);
    }
    f.mark(title, 2);
    f.heading(title, H2, start.keep);
    f.hold_floats();
    sheet_head(f, fields, levels, start.fit);
}

/// A zone sheet's title.
fn zone_title(z: &ZoneSheet) -> String {
    format!("Zone: {} ({})", z.name, z.id)
}

fn zone_sheet(f: &mut Flow, data: &ReportData, z: &ZoneSheet) {
    let fields = zone_fields(z);
    let levels = (!z.external).then_some(&z.assessment);
    sheet_heading(f, &zone_title(z), &fields, levels);
    if !z.external {
        zcr::sheet_spec(f, data, &z.id);
    }
    zone_view(f, data, z);
    let title = format!("Assets ({})", z.assets.len());
    if z.assets.is_empty() {
        f.heading(&title, H3, BODY.line());
        f.paragraph("No assets.", BODY);
    } else {
        asset_table(f, &title, &z.assets);
    }
    if z.external {
        // In the type of the lines that end an assessed zone's sheet.
        f.paragraph(
            "External zone: outside the system under consideration. Not assessed; it has no \
             SL-T and no requirement delta.",
            SMALL,
        );
        return;
    }
    assessment(f, &z.assessment);
}

/// The fields of a conduit sheet; a missing boundary device names its finding.
pub(super) fn conduit_fields(data: &ReportData, c: &ConduitSheet) -> Vec<(&'static str, String)> {
    let devices = if c.boundary_devices.is_empty() {
        let finding = finding_number(data, "missing-boundary-device", &c.id)
            .map_or_else(String::new, |n| format!(" (finding {n})"));
        format!(
            "none{finding}: its conduit-scope items that a boundary device would provide are \
         unmet for that reason"
        )
    } else {
        c.boundary_devices
            .iter()
            .map(|d| {
                format!(
                    "{} ({}): {}, {}, SL-C {}",
                    d.name,
                    d.id,
                    d.kind,
                    or_dash(&d.classes),
                    d.sl_c
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    vec![
        ("Zones joined", c.zones.join(", ")),
        ("Direction", c.direction.clone()),
        ("Description", c.description.clone()),
        ("Boundary devices", devices),
    ]
}

fn conduit_sheets(f: &mut Flow, data: &ReportData) {
    f.paragraph(
        "One sheet per conduit: the zones it joins, its channels, its boundary devices and \
         its requirement delta (conduit-scope items only). Level charts as on the zone sheets.",
        MUTED,
    );
    if data.conduits.is_empty() {
        f.paragraph("The model has no conduits.", BODY);
    }
    for c in &data.conduits {
        f.start_unit(|g| g.height_of(|h| conduit_sheet(h, data, c)));
        conduit_sheet(f, data, c);
    }
}

fn conduit_sheet(f: &mut Flow, data: &ReportData, c: &ConduitSheet) {
    let fields = conduit_fields(data, c);
    let title = format!("Conduit: {} ({})", c.name, c.id);
    sheet_heading(f, &title, &fields, Some(&c.assessment));
    zcr::sheet_spec(f, data, &c.id);
    let title = format!("Channels ({})", c.channels.len());
    if c.channels.is_empty() {
        f.heading(&title, H3, BODY.line());
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
        f.table_section(
            &title,
            H3,
            None,
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
    assessment(f, &c.assessment);
}

/// A countermeasure as a row: id; name and justification; kind and status; covers; applies
/// to; owner, priority and due. Shared by the PDF and the HTML report.
pub(super) fn countermeasure_texts(c: &super::data::CountermeasureRow) -> [String; 6] {
    let mut name = c.name.clone();
    if !c.justification.is_empty() {
        name = format!("{name}\n{}", c.justification);
    }
    [
        c.id.clone(),
        name,
        format!("{}\n{}", c.kind, c.status),
        c.covers
            .iter()
            .map(|id| unbroken(id))
            .collect::<Vec<_>>()
            .join(", "),
        c.applies_to.clone(),
        format!("{}\n{}\n{}", or_dash(&c.owner), c.priority, or_dash(&c.due)),
    ]
}

/// A finding's elements and its text (message, then the rule and its reference).
pub(super) fn finding_texts(x: &super::data::FindingRow) -> [String; 2] {
    [
        x.elements.join(", "),
        format!("{}\nRule: {} ({})", x.message, x.rule_title, x.reference),
    ]
}

fn countermeasures(f: &mut Flow, data: &ReportData) {
    if data.countermeasures.is_empty() {
        f.paragraph("No countermeasures are recorded.", BODY);
        return;
    }
    let rows: Vec<Vec<Cell>> = data
        .countermeasures
        .iter()
        .map(|c| {
            let mut row: Vec<Cell> = countermeasure_texts(c).into_iter().map(cell).collect();
            row[0].bold = true;
            row
        })
        .collect();
    f.table(
        &[
            col("Id", 0.9),
            col("Name and justification", 3.4),
            col("Kind, status", 1.5),
            col("Covers", 1.9),
            col("Applies to", 1.8),
            col("Owner, priority, due", 1.6),
        ],
        &rows,
    );
}

fn findings(f: &mut Flow, data: &ReportData) {
    f.paragraph(
        "Severity in words (high, medium, low) with the rule's own level beside it (error, \
         warning, info). Each finding names the rule that raised it and its reference.",
        MUTED,
    );
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
                let [elements, text] = finding_texts(x);
                vec![
                    cell(x.number.clone()).bold(),
                    severity_cell(x.severity),
                    cell(elements),
                    cell(text),
                ]
            })
            .collect();
        f.table(
            &[
                col("No.", 0.6),
                col("Severity", 1.0),
                col("Elements", 1.8),
                col("Finding", 5.6),
            ],
            &rows,
        );
    }
    if let Some(line) = zcr::spec_gaps_line(data) {
        f.paragraph(&line, MUTED);
    }
    if data.accepted.is_empty() {
        return;
    }
    f.heading(
        &format!("Accepted findings ({})", data.accepted.len()),
        H2,
        40.0,
    );
    let rows: Vec<Vec<Cell>> = data
        .accepted
        .iter()
        .map(|a| {
            vec![
                cell(a.finding.number.clone()).bold(),
                severity_cell(a.finding.severity),
                cell(format!(
                    "{}\n{}",
                    a.finding.elements.join(", "),
                    a.finding.message
                )),
                cell(a.justification.clone()),
                cell(format!("{}\n{}", or_dash(&a.by), or_dash(&a.date))),
            ]
        })
        .collect();
    f.table(
        &[
            col("No.", 0.6),
            col("Severity", 1.0),
            col("Finding", 3.8),
            col("Justification", 3.0),
            col("By, date", 1.3),
        ],
        &rows,
    );
}

/// The terms of the report and their meaning, in the tool's own words.
pub(super) fn glossary_terms() -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = vec![
        (
            "Zone".into(),
            "A group of assets that share the same security requirements (IEC 62443-3-2).".into(),
        ),
        (
            "Conduit".into(),
            "The communication between zones, with the channels it carries and the devices that \
             enforce its boundary."
                .into(),
        ),
        (
            "Channel".into(),
            "One flow of a protocol between two assets (or any asset) inside a conduit.".into(),
        ),
        (
            "Boundary device".into(),
            "A firewall, data diode or gateway placed in a conduit to enforce the boundary \
             between zones."
                .into(),
        ),
        (
            "SuC".into(),
            "System under consideration: the plant part this assessment covers.".into(),
        ),
        (
            "FR".into(),
            "Foundational requirement; IEC 62443 groups its requirements into seven.".into(),
        ),
    ];
    let frs: Vec<String> = Fr::ALL
        .iter()
        .map(|fr| format!("{} {}: {}", fr.label(), fr.abbrev(), fr.title()))
        .collect();
    rows.push(("FR1–FR7".to_owned(), format!("{}.", frs.join("; "))));
    rows.extend([
        (
            "SL".to_owned(),
            "Security level, 0 (no specific requirement) to 4, given per FR.".to_owned(),
        ),
        (
            "SL-T".into(),
            "Target security level: the protection a zone or conduit needs, from the risk \
             assessment."
                .into(),
        ),
        (
            "SL-C".into(),
            "Capability security level: what a component (or a zone's weakest component) can \
             reach when properly configured."
                .into(),
        ),
        (
            "SL-A".into(),
            "Achieved security level, estimated by this tool from the providers and \
             implemented countermeasures."
                .into(),
        ),
        (
            "SR, RE".into(),
            "System requirement of IEC 62443-3-3 and its requirement enhancement.".into(),
        ),
        (
            "CR".into(),
            "Component requirement of IEC 62443-4-2, common to all component types.".into(),
        ),
        (
            "SAR, EDR, HDR, NDR".into(),
            "Component classes of IEC 62443-4-2: software application, embedded device, host \
             device and network device requirements."
                .into(),
        ),
        (
            "ZCR".into(),
            "Zone and conduit requirement of IEC 62443-3-2 (the steps of the risk assessment \
             and the zone and conduit design)."
                .into(),
        ),
        (
            "DMZ".into(),
            "Demilitarised zone: the zone between the enterprise and the control system where \
             brokered services live."
                .into(),
        ),
        (
            "Purdue level".into(),
            "Level of the reference architecture, from the field (L0) to the enterprise (L5), \
             with the DMZ at L3.5."
                .into(),
        ),
        (
            "Countermeasure".into(),
            "A technical, procedural, physical or compensating measure that covers the \
             requirement items it names once implemented."
                .into(),
        ),
    ]);
    rows
}

fn glossary(f: &mut Flow, _data: &ReportData) {
    two_columns(f, &glossary_terms(), |f, (term, meaning)| {
        f.runs(
            &[
                (unbroken(term), Weight::Bold),
                (meaning.clone(), Weight::Regular),
            ],
            7.5,
            Color::TEXT,
        );
    });
}

/// Short entries in two columns, each read top to bottom: as many as fit below the cursor
/// in two columns of about the same height, then the rest on the next page the same way.
fn two_columns<T>(f: &mut Flow, items: &[T], draw: impl Fn(&mut Flow, &T)) {
    const GAP: f32 = 12.0;
    let col_w = (f.full_width() - GAP) / 2.0;
    let inset = f.inset;
    f.inset = Some((0.0, col_w));
    let heights: Vec<f32> = items
        .iter()
        .map(|it| f.height_of(|g| draw(g, it)))
        .collect();
    f.inset = inset;
    // Where to split `hs` into two columns, and the taller column's height.
    let split = |hs: &[f32]| -> (usize, f32) {
        let total: f32 = hs.iter().sum();
        let mut left = 0.0_f32;
        let mut best = (hs.len(), total);
        for (k, h) in hs.iter().enumerate() {
            let taller = left.max(total - left);
            if taller < best.1 {
                best = (k, taller);
            }
            left += h;
        }
        best
    };
    let mut start = 0;
    while start < items.len() {
        // The most entries from `start` on that fit the room left, and where they split.
        let fitting = (start + 1..=items.len())
            .map(|end| (end, split(&heights[start..end])))
            .take_while(|(_, (_, h))| *h <= f.remaining())
            .last();
        let Some((end, (k, _))) = fitting else {
            if f.y > MARGIN_TOP + 0.5 {
                f.new_page(false);
                continue;
            }
            // An entry taller than a page: it runs on at the full width.
            draw(f, &items[start]);
            start += 1;
            continue;
        };
        let y0 = f.y;
        f.inset = Some((0.0, col_w));
        for it in &items[start..start + k] {
            draw(f, it);
        }
        let y1 = f.y;
        f.y = y0;
        f.inset = Some((col_w + GAP, col_w));
        for it in &items[start + k..end] {
            draw(f, it);
        }
        f.inset = inset;
        f.y = f.y.max(y1);
        start = end;
        if start < items.len() {
            f.new_page(false);
        }
    }
}

/// Every unmet item of every zone and conduit, one row each, in sheet order.
fn annex_unmet(f: &mut Flow, data: &ReportData) {
    f.paragraph(
        "The item-by-item list behind the grouped tables of the sheets: every unmet IEC \
         62443-3-3 item by FR with the level that requires it (why it is unmet and the assets \
         short are given once per group on the sheet; titles in annex B), then the IEC \
         62443-4-2 items each asset lacks against its SL-T.",
        MUTED,
    );
    let sheets = data
        .zones
        .iter()
        .map(|z| (format!("Zone: {} ({})", z.name, z.id), &z.assessment))
        .chain(
            data.conduits
                .iter()
                .map(|c| (format!("Conduit: {} ({})", c.name, c.id), &c.assessment)),
        );
    let mut any = false;
    for (title, a) in sheets {
        if a.unmet.is_empty() && a.components.is_empty() {
            continue;
        }
        any = true;
        // The sheet's title leads its FRs, which run on in one paragraph, each led by its
        // label in bold: most lists are a few items long, a heading and a line each would be
        // mostly empty.
        let mut pieces: Vec<(String, Weight)> = vec![(format!("{title} —"), Weight::Bold)];
        for fr in Fr::ALL {
            let items: Vec<&UnmetRow> = a.unmet.iter().filter(|u| u.fr == fr).collect();
            if items.is_empty() {
                continue;
            }
            let list: Vec<String> = items
                .iter()
                .map(|u| unbroken(&format!("{} ({})", u.id, u.level)))
                .collect();
            if pieces.len() > 1
                && let Some((last, _)) = pieces.last_mut()
            {
                last.push_str(" ·");
            }
            pieces.push((
                unbroken(&format!(
                    "{} {} ({}):",
                    fr.label(),
                    fr.abbrev(),
                    items.len()
                )),
                Weight::Bold,
            ));
            pieces.push((list.join(", "), Weight::Regular));
        }
        if a.unmet.is_empty() {
            pieces.push(("no unmet IEC 62443-3-3 items".to_owned(), Weight::Regular));
        }
        f.runs(&pieces, 7.5, Color::TEXT);
        // Assets that lack the same 4-2 items share a line.
        let mut same: Vec<(Vec<String>, &Vec<String>)> = Vec::new();
        for g in &a.components {
            match same.iter_mut().find(|(_, r)| **r == g.requirements) {
                Some((names, _)) => names.push(g.asset.clone()),
                None => same.push((vec![g.asset.clone()], &g.requirements)),
            }
        }
        for (names, reqs) in same {
            let ids: Vec<String> = reqs.iter().map(|id| unbroken(id)).collect();
            f.runs(
                &[
                    (
                        format!("4-2, {} ({}):", names.join(", "), reqs.len()),
                        Weight::Bold,
                    ),
                    (ids.join(", "), Weight::Regular),
                ],
                7.5,
                Color::TEXT,
            );
        }
    }
    if !any {
        f.paragraph("No zone or conduit has unmet items.", BODY);
    }
}

fn appendix(f: &mut Flow, data: &ReportData) {
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
    if data.has_texts {
        let rows: Vec<Vec<Cell>> = data
            .appendix
            .iter()
            .map(|r| {
                vec![
                    cell(r.id.clone()).bold(),
                    cell(r.title.clone()),
                    cell(r.text.clone().unwrap_or_default()),
                ]
            })
            .collect();
        f.table(
            &[col("Item", 1.3), col("Title", 2.5), col("Text", 5.0)],
            &rows,
        );
        return;
    }
    // Run-in text, by standard: ids in bold, each with its title.
    for (label, component) in [
        ("IEC 62443-3-3 system requirements", false),
        ("IEC 62443-4-2 component requirements", true),
    ] {
        let items: Vec<&super::data::CitedRequirement> = data
            .appendix
            .iter()
            .filter(|r| r.id.starts_with("SR ") != component)
            .collect();
        if items.is_empty() {
            continue;
        }
        f.heading(label, H3, 30.0);
        let mut pieces = Vec::with_capacity(items.len() * 2);
        for (i, r) in items.iter().enumerate() {
            pieces.push((unbroken(&r.id), Weight::Bold));
            let sep = if i + 1 < items.len() { " ·" } else { "" };
            pieces.push((format!("{}{sep}", r.title), Weight::Regular));
        }
        f.runs(&pieces, 7.0, Color::TEXT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SlVector;

    #[test]
    fn the_glossary_reads_in_two_columns_down_each() {
        let mut f = Flow::new(super::super::Paper::A4);
        f.new_page(false);
        let model = crate::model::Model::default();
        let analysis =
            crate::analysis::Analysis::run_with_reasons(&model, crate::catalog::catalog());
        let data = ReportData::build(&model, &analysis, &super::super::Options::default());
        glossary(&mut f, &data);
        // Each entry's term in bold: where it starts on the page.
        let mut starts: Vec<(f32, f32, String)> = Vec::new();
        let mut at = (0.0, 0.0);
        let mut bold = false;
        for op in &f.pages[0].ops {
            match op {
                printpdf::Op::SetTextMatrix {
                    matrix: printpdf::TextMatrix::Translate(x, y),
                } => at = (x.0, y.0),
                printpdf::Op::SetFont { font, .. } => {
                    bold = matches!(font, printpdf::PdfFontHandle::External(id) if id.0 == "F2");
                }
                printpdf::Op::ShowText { items } if bold => {
                    for i in items {
                        if let printpdf::TextItem::Text(t) = i {
                            starts.push((at.0, at.1, t.clone()));
                        }
                    }
                }
                _ => {}
            }
        }
        let terms = glossary_terms();
        assert_eq!(starts.len(), terms.len(), "{starts:?}");
        let mid = MARGIN_X + f.full_width() / 2.0;
        let split = starts.iter().position(|s| s.0 > mid).unwrap();
        assert!(split > 0 && split < starts.len());
        // Down the left column, then down the right one, in the glossary's order.
        for (col, part) in [&starts[..split], &starts[split..]].into_iter().enumerate() {
            assert!(part.iter().all(|s| (s.0 > mid) == (col == 1)));
            assert!(part.windows(2).all(|w| w[0].1 > w[1].1), "{part:?}");
        }
        let order: Vec<String> = starts
            .iter()
            .map(|s| s.2.replace(flow::NBSP, " "))
            .collect();
        let want: Vec<String> = terms.into_iter().map(|(t, _)| t).collect();
        assert_eq!(order, want);
    }

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

    /// The rectangles filled in red on a page, as (width, height).
    fn red_rects(p: &Page) -> Vec<(f32, f32)> {
        use printpdf::{Color as C, Op};
        let red = match pdf_red() {
            C::Rgb(c) => (c.r, c.g, c.b),
            _ => return Vec::new(),
        };
        let mut fill = None;
        let mut out = Vec::new();
        for op in &p.ops {
            match op {
                Op::SetFillColor { col: C::Rgb(c) } => fill = Some((c.r, c.g, c.b)),
                Op::DrawRectangle { rectangle } if fill == Some(red) => {
                    out.push((rectangle.width.0, rectangle.height.0));
                }
                _ => {}
            }
        }
        out
    }

    fn pdf_red() -> printpdf::Color {
        let [r, g, b, _] = Color::BAD.to_unit();
        printpdf::Color::Rgb(printpdf::Rgb {
            r,
            g,
            b,
            icc_profile: None,
        })
    }

    /// The strings drawn on a page.
    fn strings(p: &Page) -> Vec<String> {
        p.ops
            .iter()
            .filter_map(|op| match op {
                printpdf::Op::ShowText { items } => Some(
                    items
                        .iter()
                        .filter_map(|i| match i {
                            printpdf::TextItem::Text(t) => Some(t.clone()),
                            _ => None,
                        })
                        .collect::<String>(),
                ),
                _ => None,
            })
            .collect()
    }

    /// An assessment with these levels (SL-T, SL-C, SL-A) and nothing listed.
    fn levels(t: [u8; 7], c: [u8; 7], a: [u8; 7]) -> Assessment {
        Assessment {
            sl_t: SlVector::from_levels(t),
            sl_c: SlVector::from_levels(c),
            sl_a: SlVector::from_levels(a),
            not_applicable: Vec::new(),
            rationale: String::new(),
            unmet: Vec::new(),
            covered: Vec::new(),
            planned: Vec::new(),
            components: Vec::new(),
        }
    }

    #[test]
    fn a_sheet_starts_where_its_heading_and_head_fit() {
        let a = Assessment {
            rationale: "Why two.".to_owned(),
            ..levels([2; 7], [1; 7], [1; 7])
        };
        let fields = [
            ("Zones joined", "A, B".to_owned()),
            ("Direction", "both ways".to_owned()),
        ];
        let probe = Flow::new(super::super::Paper::A4);
        let need = sheet_start(&probe, "Conduit: A to B (C-1)", &fields, Some(&a)).room;
        // Its heading, then the fields beside the chart titled by its scale.
        for (room, pages) in [(need + 0.5, 1), (need - 0.5, 2)] {
            let mut f = Flow::new(super::super::Paper::A4);
            f.new_page(false);
            f.y = f.bottom() - room;
            sheet_heading(&mut f, "Conduit: A to B (C-1)", &fields, Some(&a));
            assert_eq!(f.pages.len(), pages, "room {room} for {need}");
            let last = strings(&f.pages[pages - 1]);
            assert_eq!(last[0], "Conduit: A to B (C-1)");
            assert!(last.contains(&"Security levels".to_owned()), "{last:?}");
            assert!(f.y <= f.bottom(), "the head stays on its page");
        }
    }

    #[test]
    fn nothing_unmet_is_a_line_not_a_section() {
        let a = levels([2; 7], [2; 7], [2; 7]);
        let mut f = Flow::new(super::super::Paper::A4);
        f.new_page(false);
        let y0 = f.y;
        assessment(&mut f, &a);
        let drawn = strings(&f.pages[0]).join(" ");
        assert!(
            drawn.starts_with("Unmet IEC 62443-3-3 items: none."),
            "{drawn}"
        );
        assert!(drawn.contains("met or covered."), "{drawn}");
        assert!(f.y - y0 < 2.0 * H3.line(), "{}", f.y - y0);
    }

    #[test]
    fn a_level_of_0_is_a_red_bar_not_a_blank() {
        let a = levels([2; 7], [0, 2, 2, 2, 2, 2, 2], [0, 2, 2, 2, 2, 2, 0]);
        let mut f = Flow::new(super::super::Paper::A4);
        f.new_page(false);
        sl_chart(&mut f, &a);
        let red = red_rects(&f.pages[0]);
        // SL-A 0 on FR1 and FR7, SL-C 0 on FR1: three short red bars.
        assert_eq!(red.len(), 3, "{red:?}");
        assert!(red.iter().all(|(w, h)| *w > 1.0 && *h > 1.0));
    }

    #[test]
    fn zone_headers_are_drawn_over_conduit_lines() {
        use crate::diagram::{Item, Lod, Stroke};
        use crate::model::Point;
        let header = Shape::Rect {
            rect: Rect::new(10.0, 10.0, 40.0, 20.0),
            radius: 0.0,
            fill: Some(Color::BAD),
            stroke: Stroke::NONE,
        };
        let line = Shape::Line {
            points: vec![Point::new(0.0, 20.0), Point::new(100.0, 20.0)],
            stroke: Stroke::solid(2.0, Color::CONDUIT),
        };
        let item = |shape: Shape, role| Item {
            element: None,
            lod: Lod::Always,
            role,
            bounds: shape.bounds(),
            shape,
        };
        // In paint order the header comes first, as a zone's header does before the
        // conduits drawn over it.
        let d = Diagram {
            items: vec![item(header, Role::ZoneHeader), item(line, Role::Plain)],
            bounds: Rect::new(0.0, 0.0, 100.0, 40.0),
            ..Diagram::default()
        };
        let mut page = Page::new(595.0, 842.0);
        // A scale at which headers are readable (they are drawn, not laid out anew).
        let view = View::fit(d.bounds, 0.0, 0.0, 500.0, 200.0);
        paint(&mut page, &d, &view);
        let pos = |f: &dyn Fn(&printpdf::Op) -> bool| page.ops.iter().position(f);
        let line_at = pos(&|o| matches!(o, printpdf::Op::DrawLine { .. })).unwrap();
        let rect_at = pos(&|o| matches!(o, printpdf::Op::DrawRectangle { rectangle } if rectangle.mode == Some(printpdf::PaintMode::Fill))).unwrap();
        assert!(rect_at > line_at, "the header is under the line");
    }

    #[test]
    fn the_html_diagram_bends_conduit_lines_round_headers_too() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/report/crossing.ron");
        let model = crate::persistence::load(&path).unwrap();
        let analysis =
            crate::analysis::Analysis::run_with_reasons(&model, crate::catalog::catalog());
        let d = diagram::build(&model, &analysis, &diagram::Options::default());
        let v = View {
            world: d.bounds,
            x: d.bounds.x,
            y: d.bounds.y,
            scale: 1.0,
        };
        let headers = header_rects(&d, &v, None);
        let crossings = |d: &Diagram| {
            d.items
                .iter()
                .filter(|i| matches!(i.element, Some(crate::model::ElementId::Conduit(_))))
                .filter_map(|i| match &i.shape {
                    Shape::Line { points, .. } => Some(points),
                    _ => None,
                })
                .filter(|points| {
                    points.windows(2).any(|s| {
                        headers.iter().any(|h| {
                            super::super::detour::crossing((s[0].x, s[0].y), (s[1].x, s[1].y), h)
                                .is_some()
                        })
                    })
                })
                .count()
        };
        assert!(crossings(&d) > 0, "the test wants a line across a header");
        let bent = with_detours(&d);
        assert_eq!(crossings(&bent), 0);
        assert_eq!(bent.items.len(), d.items.len());
    }

    #[test]
    fn conduit_lines_go_round_zone_headers() {
        // A hand-drawn plant (positions from the file, not laid out): the conduit from batch
        // control to the office runs straight across the laboratory's header and badge.
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/report/crossing.ron");
        let model = crate::persistence::load(&path).unwrap();
        let analysis =
            crate::analysis::Analysis::run_with_reasons(&model, crate::catalog::catalog());
        let d = diagram::build(&model, &analysis, &diagram::Options::default());
        let conduit = d
            .items
            .iter()
            .find(|i| {
                matches!(&i.element, Some(crate::model::ElementId::Conduit(c)) if c.as_str() == "C-REPORTS")
                    && matches!(i.shape, Shape::Line { .. })
            })
            .unwrap();
        let Shape::Line { points, .. } = &conduit.shape else {
            unreachable!()
        };
        let world = d.bounds.expand(10.0);
        // Headers drawn as they are (a page wide), and laid out anew (a small drawing).
        for w in [500.0, 400.0] {
            let v = View::fit(world, 40.0, 40.0, w, w);
            let titles = titles_on_page(&d, &v);
            assert_eq!(titles.is_some(), w < 450.0, "{w}");
            let headers = header_rects(&d, &v, titles.as_deref());
            assert_eq!(headers.len(), 3, "{w}");
            let crosses = |path: &[(f32, f32)]| {
                headers.iter().any(|h| {
                    path.windows(2)
                        .any(|s| super::super::detour::crossing(s[0], s[1], h).is_some())
                })
            };
            let straight: Vec<(f32, f32)> = points.iter().map(|p| v.p(p.x, p.y)).collect();
            assert!(
                crosses(&straight),
                "{w}: the test wants a line across a header"
            );
            let obstacles: Vec<Rect> = headers.iter().map(|h| h.expand(BADGE_CLEARANCE)).collect();
            let bent = page_line(&v, conduit, points, &obstacles);
            assert!(!crosses(&bent), "{w}: {bent:?}");
            assert_eq!(bent.first(), straight.first());
            assert_eq!(bent.last(), straight.last());
            // That is the line painted.
            let mut page = Page::new(595.0, 842.0);
            paint(&mut page, &d, &v);
            let drawn = page.ops.iter().any(|op| match op {
                printpdf::Op::DrawLine { line } => {
                    line.points.len() == bent.len()
                        && line.points.iter().zip(&bent).all(|(p, b)| {
                            (p.p.x.0 - b.0).abs() < 0.01 && (842.0 - p.p.y.0 - b.1).abs() < 0.01
                        })
                }
                _ => false,
            });
            assert!(drawn, "{w}: the bent line is not the one painted");
        }
    }

    #[test]
    fn long_names_never_shorten_to_look_alikes() {
        let st = Style::new(7.0, Weight::Regular, Color::TEXT);
        let a = "Chlorine dosing pump controller on the north side of the building, unit A";
        let b = "Chlorine dosing pump controller on the north side of the building, unit B";
        let fa = fit_name(a, "A-1", st, 80.0, 2);
        let fb = fit_name(b, "A-2", st, 80.0, 2);
        assert_eq!(fa.len(), 2);
        assert_ne!(fa, fb);
        assert!(fa[1].ends_with("… A-1"), "{fa:?}");
        for l in fa.iter().chain(&fb) {
            assert!(st.width(l) <= 80.5, "{l}");
        }
        // A name that fits in two lines is kept whole.
        assert_eq!(
            fit_name("Filler PLC", "A-F", st, 80.0, 2),
            ["Filler PLC".to_owned()]
        );
    }

    /// A shortened zone name gets its id only when another zone's name begins the same way.
    #[test]
    fn a_shortened_zone_name_takes_its_id_only_beside_a_look_alike() {
        let title = |id: &str, name: &str| diagram::ZoneTitle {
            zone: id.into(),
            rect: Rect::new(0.0, 0.0, 10.0, 10.0),
            name: name.to_owned(),
            status: "met".to_owned(),
            status_color: Color::NEUTRAL,
            sub: String::new(),
            assets: 0,
            short: 0,
        };
        let d = Diagram {
            zone_titles: vec![
                title("Z-1", "Line 1 control"),
                title("Z-2", "Line 1 control room"),
                title("Z-3", "Remote pump station"),
            ],
            ..Diagram::default()
        };
        assert!(look_alike(&d, &d.zone_titles[0], "Line 1 con…"));
        assert!(!look_alike(&d, &d.zone_titles[2], "Remote pump…"));
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
