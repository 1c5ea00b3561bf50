//! Flowing layout on top of [`super::pdf`]: a cursor that moves down the page, headings,
//! wrapped paragraphs and tables that break across pages (repeating their header row), with
//! every text measured by `diagram::text` so nothing overflows a cell or the page.

use crate::diagram::Color;
use crate::diagram::text::{self, Weight};

/// Table rows of at most this many lines are kept on one page.
const KEEP_WHOLE: usize = 8;

/// A non-breaking space: joins the parts of a requirement id (`SR 1.1 RE(1)`) so a wrapped
/// list never splits one.
pub const NBSP: char = '\u{a0}';

/// A requirement id that wrapping keeps on one line.
pub fn unbroken(id: &str) -> String {
    id.replace(' ', &NBSP.to_string())
}

/// Greedy word wrap that breaks at ordinary spaces only (not at [`NBSP`]); a word wider than
/// the line is broken between characters.
pub fn wrap(s: &str, size: f32, weight: Weight, max_width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if text::width(&candidate, size, weight) <= max_width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if text::width(word, size, weight) <= max_width {
                line = word.to_owned();
            } else {
                // Too long on its own: the shared wrapper breaks it between characters.
                let mut parts = text::wrap(word, size, weight, max_width);
                line = parts.pop().unwrap_or_default();
                lines.extend(parts);
            }
        }
        lines.push(line);
    }
    lines
}

/// The widest unbreakable word of each column plus padding, capped so that one long word
/// cannot take the whole table.
fn column_min_widths(
    header: &[Cell],
    rows: &[Vec<Cell>],
    n: usize,
    style: Style,
    table_w: f32,
) -> Vec<f32> {
    let mut mins = vec![0.0_f32; n];
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        for (m, c) in mins.iter_mut().zip(row).filter(|(_, c)| !c.span) {
            let weight = if c.bold { Weight::Bold } else { style.weight };
            for word in c.text.split([' ', '\n']) {
                *m = m.max(cell_width(text::width(word, style.size, weight)));
            }
        }
    }
    mins.iter().map(|m| m.min(table_w * 0.35)).collect()
}

/// Column widths close to `shares` in which every column is at least its minimum, taking
/// the difference from columns with room to spare. When there is not enough room, `shares`.
fn fit_widths(shares: &[f32], mins: &[f32]) -> Vec<f32> {
    let deficit: f32 = shares.iter().zip(mins).map(|(s, m)| (m - s).max(0.0)).sum();
    if deficit <= 0.0 {
        return shares.to_vec();
    }
    let slack: f32 = shares.iter().zip(mins).map(|(s, m)| (s - m).max(0.0)).sum();
    if slack < deficit {
        return shares.to_vec();
    }
    shares
        .iter()
        .zip(mins)
        .map(|(s, m)| {
            if s < m {
                *m
            } else {
                s - (s - m) / slack * deficit
            }
        })
        .collect()
}

/// A cell's text measured once: the widths of its words, paragraph by paragraph.
struct Measured {
    paras: Vec<Vec<f32>>,
}

impl Measured {
    fn of(c: &Cell, style: Style) -> Self {
        let weight = if c.bold { Weight::Bold } else { style.weight };
        let paras = c
            .text
            .split('\n')
            .map(|p| {
                p.split(' ')
                    .filter(|w| !w.is_empty())
                    .map(|w| text::width(w, style.size, weight))
                    .collect()
            })
            .collect();
        Self { paras }
    }

    /// How many lines [`wrap`] makes of the text at `max` (a word wider than the line is
    /// counted by its width).
    fn lines(&self, max: f32, space: f32) -> usize {
        let mut n = 0;
        for para in &self.paras {
            n += 1;
            let mut x: Option<f32> = None;
            for &w in para {
                x = Some(match x {
                    Some(x) if x + space + w <= max => x + space + w,
                    before => {
                        // A new line, unless this is the paragraph's first word.
                        if before.is_some() {
                            n += 1;
                        }
                        // A word wider than the line takes as many lines as it needs.
                        let extra = (w / max.max(1.0)).ceil().max(1.0) - 1.0;
                        n += extra as usize;
                        w - extra * max
                    }
                });
            }
        }
        n.max(1)
    }
}

/// Widths close to `widths` that make the table shortest: width moves, in steps, from a
/// column to another while that saves lines over the header and the first rows (a column
/// whose text wraps takes room from one with room to spare), or, as long as the rows keep
/// their height, wrapped lines of cells. Each column stays within half and twice its share,
/// and at least as wide as its longest word. Deterministic: the first of equally good moves
/// is taken.
fn balance_widths(
    widths: Vec<f32>,
    shares: &[f32],
    mins: &[f32],
    rows: &[&[Cell]],
    style: Style,
) -> Vec<f32> {
    /// The rows measured: enough to judge a long table by its start.
    const SAMPLE: usize = 80;
    let n = widths.len();
    if n < 2 || rows.iter().any(|r| r.iter().any(|c| c.span)) {
        return widths;
    }
    let rows = &rows[..rows.len().min(SAMPLE)];
    let measured: Vec<Vec<Option<Measured>>> = (0..n)
        .map(|i| {
            rows.iter()
                .map(|r| r.get(i).map(|c| Measured::of(c, style)))
                .collect()
        })
        .collect();
    let space = text::width(" ", style.size, style.weight);
    let lines = |i: usize, w: f32| -> Vec<usize> {
        measured[i]
            .iter()
            .map(|m| m.as_ref().map_or(1, |m| m.lines(text_room(w), space)))
            .collect()
    };
    // The lines of the rows, then (to choose between equally short tables) of the cells:
    // a cell is not wrapped for nothing. `swap` puts other lines in place of two columns'
    // (column `n`: none).
    let total = |cols: &[Vec<usize>], swap: [(usize, &[usize]); 2]| -> usize {
        let col = |i: usize| swap.iter().find(|s| s.0 == i).map_or(&cols[i][..], |s| s.1);
        let rows_lines: usize = (0..rows.len())
            .map(|r| (0..n).map(|i| col(i)[r]).max().unwrap_or(1))
            .sum();
        let cell_lines: usize = (0..n).map(|i| col(i).iter().sum::<usize>()).sum();
        rows_lines * 10_000 + cell_lines
    };
    let lo: Vec<f32> = (0..n)
        .map(|i| mins[i].max(shares[i] * 0.5).min(widths[i]))
        .collect();
    let hi: Vec<f32> = (0..n).map(|i| (shares[i] * 2.0).max(widths[i])).collect();
    let table_w: f32 = widths.iter().sum();
    let mut widths = widths;
    let mut cols: Vec<Vec<usize>> = (0..n).map(|i| lines(i, widths[i])).collect();
    let mut best = total(&cols, [(n, &[]), (n, &[])]);
    for step in [0.08, 0.04, 0.02, 0.01].map(|f| f * table_w) {
        for _ in 0..40 {
            // Each column one step wider and one step narrower, where it may be.
            let mut grown: Vec<Option<Vec<usize>>> = (0..n)
                .map(|i| (widths[i] + step <= hi[i]).then(|| lines(i, widths[i] + step)))
                .collect();
            let mut shrunk: Vec<Option<Vec<usize>>> = (0..n)
                .map(|i| (widths[i] - step >= lo[i]).then(|| lines(i, widths[i] - step)))
                .collect();
            let mut found: Option<(usize, usize, usize)> = None;
            for (to, g) in grown.iter().enumerate() {
                let Some(g) = g else { continue };
                for (from, sh) in shrunk.iter().enumerate() {
                    let Some(sh) = sh.as_ref().filter(|_| from != to) else {
                        continue;
                    };
                    let t = total(&cols, [(to, g), (from, sh)]);
                    if t < found.map_or(best, |f| f.2) {
                        found = Some((to, from, t));
                    }
                }
            }
            let Some((to, from, t)) = found else {
                break;
            };
            widths[to] += step;
            widths[from] -= step;
            cols[to] = grown[to].take().unwrap_or_default();
            cols[from] = shrunk[from].take().unwrap_or_default();
            best = t;
        }
    }
    widths
}

use super::Paper;
use super::pdf::{Page, Style};

pub const MARGIN_X: f32 = 48.0;
pub const MARGIN_TOP: f32 = 58.0;
pub const MARGIN_BOTTOM: f32 = 56.0;
/// Cell padding.
pub const PAD: f32 = 1.5;

/// Room between a cell's text and its right rule beyond the padding, so that no line of text
/// touches the rule.
const RIGHT_ROOM: f32 = 0.5;

/// The width a cell `w` wide leaves its text.
fn text_room(w: f32) -> f32 {
    w - 2.0 * PAD - RIGHT_ROOM
}

/// The width of a cell whose text is `w` wide.
fn cell_width(w: f32) -> f32 {
    w + 2.0 * PAD + RIGHT_ROOM
}
/// The space above a chapter's heading when it flows on below the chapter before.
const CHAPTER_GAP: f32 = 18.0;
/// The space below a paragraph, in units of its size.
const PARA_BELOW: f32 = 0.4;
/// The space above a section's heading, in units of its size.
pub const HEADING_ABOVE: f32 = 0.5;

pub const BODY: Style = Style::new(9.0, Weight::Regular, Color::TEXT);
pub const BODY_BOLD: Style = Style::new(9.0, Weight::Bold, Color::TEXT);
pub const SMALL: Style = Style::new(7.5, Weight::Regular, Color::TEXT);
pub const MUTED: Style = Style::new(8.0, Weight::Regular, Color::MUTED);
pub const H1: Style = Style::new(18.0, Weight::Bold, Color::TEXT);
pub const H2: Style = Style::new(12.0, Weight::Bold, Color::TEXT);
pub const H3: Style = Style::new(10.0, Weight::Bold, Color::TEXT);

pub const RULE: Color = Color::rgb(0xc4, 0xca, 0xd2);
pub const HEADER_FILL: Color = Color::rgb(0xe9, 0xed, 0xf2);

/// The space below a heading's last line.
pub fn heading_below(style: Style) -> f32 {
    style.size * 0.35 + if style == H1 { 4.0 } else { 0.0 }
}

/// A heading that goes into the contents and the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub title: String,
    /// 1: chapter, 2: sheet or section within it.
    pub level: u8,
    /// Page index within this flow.
    pub page: usize,
}

/// One table column: its title and its share of the table width (columns grow to fit their
/// longest word, taking room from the others).
#[derive(Clone, Debug)]
pub struct Col {
    pub title: String,
    pub share: f32,
}

pub fn col(title: &str, share: f32) -> Col {
    Col {
        title: title.to_owned(),
        share,
    }
}

/// A table cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub fill: Option<Color>,
    pub bold: bool,
    pub center: bool,
    /// The cell takes the width of its column and every column after it (the last cell of
    /// its row): a long text under a row's short fields. Such a row stays with the row above.
    pub span: bool,
}

impl Cell {
    pub fn fill(mut self, c: Color) -> Self {
        self.fill = Some(c);
        self
    }

    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    pub fn center(mut self) -> Self {
        self.center = true;
        self
    }

    /// Spans this cell's column and the ones after it.
    pub fn span(mut self) -> Self {
        self.span = true;
        self
    }
}

pub fn cell(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        fill: None,
        bold: false,
        center: false,
        span: false,
    }
}

/// Pages being filled top to bottom.
pub struct Flow {
    paper: Paper,
    pub pages: Vec<Page>,
    pub marks: Vec<Mark>,
    /// The cursor: top of the next thing drawn.
    pub y: f32,
    /// A narrower column `(offset from the left margin, width)` that text and tables keep to
    /// while set (a block beside a picture).
    pub inset: Option<(f32, f32)>,
    /// The last heading drawn, until something follows it: a page break before anything
    /// follows moves it to the new page (a heading never stays alone at a page's foot).
    pending: Option<Pending>,
    /// Pages laid out apart (a figure on a page of its own) that go in at the next page
    /// break, after the page being filled.
    floats: Vec<Page>,
    /// While set, page breaks do not take the floats (inside a zone or conduit sheet: a
    /// figure never splits one); they go in at the first break after [`Flow::release_floats`].
    hold_floats: bool,
    /// The page being filled when the waiting floats were laid out.
    floats_from: usize,
}

/// A heading that nothing follows yet.
struct Pending {
    page: usize,
    /// The page's ops before and after the heading.
    before: usize,
    after: usize,
    /// The heading, any headings it directly follows (a chapter's heading, then its first
    /// section's) and the paragraphs that directly follow it (an introduction): they all move
    /// together.
    items: Vec<Moved>,
    /// Where the first heading starts on its page.
    top: f32,
    /// The lines of the paragraphs in `items`.
    lines: usize,
}

/// What a page break moves along with a heading left alone at a page's foot.
enum Moved {
    /// A heading: its title, style and entry in `marks`, if any.
    Heading(String, Style, Option<usize>),
    /// A paragraph: its text, style and indent.
    Paragraph(String, Style, f32),
}

/// The share of a page that may stay empty above a floating page so that the unit after it
/// (a sheet) is not split by it.
const FLOAT_ROOM: f32 = 0.25;

/// A heading and its introduction move to the next page only while they are this short: a
/// whole section is not a heading left alone.
const MOVABLE: f32 = 110.0;

/// A heading followed by this many lines of text is not left alone: the paragraphs after them
/// are no longer its introduction, and a page break there leaves it where it is.
const INTRO_LINES: usize = 3;

impl Flow {
    pub fn new(paper: Paper) -> Self {
        Self {
            paper,
            pages: Vec::new(),
            marks: Vec::new(),
            y: MARGIN_TOP,
            inset: None,
            pending: None,
            floats: Vec::new(),
            hold_floats: false,
            floats_from: 0,
        }
    }

    /// Starts a page; landscape swaps the paper's sides.
    pub fn new_page(&mut self, landscape: bool) {
        let (w, h) = self.paper.size();
        let (w, h) = if landscape { (h, w) } else { (w, h) };
        // A heading with nothing after it goes along to the new page.
        let y = self.y;
        let orphan = self.pending.take().filter(|p| {
            p.page + 1 == self.pages.len()
                && self.pages[p.page].ops.len() == p.after
                && y - p.top <= MOVABLE
        });
        if let Some(p) = &orphan {
            self.pages[p.page].ops.truncate(p.before);
        }
        if !self.hold_floats {
            self.pages.append(&mut self.floats);
        }
        self.pages.push(Page::new(w, h));
        self.y = MARGIN_TOP;
        if let Some(p) = orphan {
            for (i, item) in p.items.into_iter().enumerate() {
                match item {
                    Moved::Heading(title, style, mark) => {
                        if let Some(m) = mark.and_then(|i| self.marks.get_mut(i)) {
                            m.page = self.pages.len() - 1;
                        }
                        if i > 0 {
                            self.space(style.size * HEADING_ABOVE);
                        }
                        self.heading_text(&title, style, mark);
                    }
                    Moved::Paragraph(text, style, indent) => {
                        self.paragraph_indented(&text, style, indent);
                    }
                }
            }
        }
    }

    /// Lays out a page of its own (landscape if asked) with `body`, to go in after the page
    /// being filled, at the next page break (or at the end, [`Flow::flush_floats`]): a figure
    /// that would otherwise leave the foot of this page empty. Whatever `body` marks is not
    /// in the contents.
    pub fn float_page(&mut self, landscape: bool, body: impl FnOnce(&mut Self)) {
        let mut f = self.fresh(landscape);
        body(&mut f);
        if self.floats.is_empty() {
            self.floats_from = self.page_index();
        }
        self.floats.append(&mut f.pages);
    }

    /// A flow of one new page (landscape if asked) on the same paper, to lay out or measure
    /// something apart.
    pub fn fresh(&self, landscape: bool) -> Self {
        let mut f = Self::new(self.paper);
        f.new_page(landscape);
        f
    }

    /// A unit that a floating page must not split (a sheet) starts here; `height` measures
    /// it. Page breaks take the floating pages again. With one waiting and the unit running
    /// past this page, the unit starts on a new page, after the float, when little of this
    /// page is left ([`FLOAT_ROOM`] of it, and as much again for each page the float has
    /// waited, so it is never far from where it was announced); else the unit starts here
    /// and holds the float back ([`Flow::hold_floats`]) until the next unit.
    pub fn start_unit(&mut self, height: impl FnOnce(&Self) -> f32) {
        self.release_floats();
        if self.floats.is_empty() || self.pages.is_empty() {
            return;
        }
        let body = self.dims().1 - MARGIN_TOP - MARGIN_BOTTOM;
        let waited = self.page_index().saturating_sub(self.floats_from) as f32;
        let room = body * FLOAT_ROOM * (1.0 + waited);
        if self.remaining() <= room && height(self) > self.remaining() {
            self.new_page(false);
        }
    }

    /// Page breaks from here on keep the floating pages back, until
    /// [`Flow::release_floats`]: what follows is one unit (a sheet) that a figure's page must
    /// not split.
    pub fn hold_floats(&mut self) {
        self.hold_floats = true;
    }

    /// Page breaks take the floating pages again (at the end of a unit that held them).
    pub fn release_floats(&mut self) {
        self.hold_floats = false;
    }

    /// Puts the floating pages not yet placed after the last page.
    pub fn flush_floats(&mut self) {
        self.pages.append(&mut self.floats);
    }

    /// The height `draw` takes at the flow's width, measured on a page without end.
    pub fn height_of(&self, draw: impl FnOnce(&mut Self)) -> f32 {
        let mut f = Self::new(self.paper);
        let (w, _) = self.dims();
        f.pages.push(Page::new(w, f32::MAX / 4.0));
        f.inset = self.inset;
        draw(&mut f);
        f.y - MARGIN_TOP
    }

    /// The height of a wrapped paragraph in `style` at the flow's width.
    pub fn paragraph_height(&self, s: &str, style: Style) -> f32 {
        self.height_of(|g| g.paragraph(s, style))
    }

    pub fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.new_page(false);
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub fn page_index(&self) -> usize {
        self.pages.len().saturating_sub(1)
    }

    fn dims(&self) -> (f32, f32) {
        self.pages
            .last()
            .map_or_else(|| self.paper.size(), |p| (p.width, p.height))
    }

    pub fn left(&self) -> f32 {
        MARGIN_X + self.inset.map_or(0.0, |i| i.0)
    }

    pub fn width(&self) -> f32 {
        self.inset
            .map_or_else(|| self.dims().0 - 2.0 * MARGIN_X, |i| i.1)
    }

    /// The full width between the margins, whatever the inset.
    pub fn full_width(&self) -> f32 {
        self.dims().0 - 2.0 * MARGIN_X
    }

    pub fn bottom(&self) -> f32 {
        self.dims().1 - MARGIN_BOTTOM
    }

    pub fn remaining(&self) -> f32 {
        self.bottom() - self.y
    }

    /// Makes sure `h` fits below the cursor, else starts a new portrait page. Returns whether
    /// it broke the page.
    pub fn ensure(&mut self, h: f32) -> bool {
        if self.pages.is_empty() || self.y + h > self.bottom() {
            self.new_page(false);
            true
        } else {
            false
        }
    }

    pub fn space(&mut self, h: f32) {
        self.y += h;
    }

    /// Records a heading for the contents and the outline at the cursor's page.
    pub fn mark(&mut self, title: &str, level: u8) {
        let page = self.page_index();
        self.marks.push(Mark {
            title: title.to_owned(),
            level,
            page,
        });
    }

    /// The room a chapter that keeps `keep` points of its body with its heading needs to
    /// start below what came before.
    pub fn chapter_room(keep: f32) -> f32 {
        Self::chapter_head_height() + keep
    }

    /// The height a chapter's heading takes below what came before it on the page.
    pub fn chapter_head_height() -> f32 {
        CHAPTER_GAP + H1.line() + heading_below(H1)
    }

    /// The room a section heading in `style` takes with `lines` lines of `body` below it:
    /// what a chapter of running text keeps with its heading.
    pub fn section_start(style: Style, body: Style, lines: usize) -> f32 {
        style.size * HEADING_ABOVE
            + style.line()
            + heading_below(style)
            + lines as f32 * body.line()
    }

    /// A chapter, in the contents at level 1: on a new page (landscape if asked) when
    /// `own_page` or when less than `keep` points are left below its heading, else below
    /// what came before.
    pub fn chapter(&mut self, title: &str, own_page: bool, landscape: bool, keep: f32) {
        self.close_sections(H1);
        self.release_floats();
        let (w, h) = self.dims();
        let on_landscape = w > h;
        if own_page
            || landscape
            || on_landscape
            || self.pages.is_empty()
            || self.remaining() < Self::chapter_room(keep)
        {
            self.new_page(landscape);
        } else {
            self.space(CHAPTER_GAP);
        }
        self.mark(title, 1);
        self.heading_text(title, H1, Some(self.marks.len() - 1));
    }

    /// A heading in `style` starts: a section led by a heading no smaller than it is
    /// finished, so a page break from here on leaves it where it is (only a heading that
    /// nothing follows, or its short introduction, moves with what comes after it).
    pub fn close_sections(&mut self, style: Style) {
        if self
            .pending
            .as_ref()
            .is_some_and(|p| match p.items.first() {
                Some(Moved::Heading(_, first, _)) => first.size <= style.size,
                _ => true,
            })
        {
            self.pending = None;
        }
    }

    /// A section heading kept together with at least `keep` points of what follows.
    pub fn heading(&mut self, title: &str, style: Style, keep: f32) {
        self.close_sections(style);
        if self.y > MARGIN_TOP {
            self.space(style.size * HEADING_ABOVE);
        }
        let lines = text::wrap(title, style.size, style.weight, self.width());
        self.ensure(lines.len() as f32 * style.line() + keep);
        // A sheet's heading marked just before it: the mark follows it to its page.
        let page = self.page_index();
        let mark = match self.marks.last_mut() {
            Some(m) if m.title == title => {
                m.page = page;
                Some(self.marks.len() - 1)
            }
            _ => None,
        };
        self.heading_text(title, style, mark);
    }

    fn heading_text(&mut self, title: &str, style: Style, mark: Option<usize>) {
        let (x, w) = (self.left(), self.width());
        let before = self.page().ops.len();
        let top = self.y;
        for line in text::wrap(title, style.size, style.weight, w) {
            let y = self.y;
            self.page().text(x, y, &line, style);
            self.y += style.line();
        }
        self.space(heading_below(style));
        let (page, after) = (self.page_index(), self.page().ops.len());
        let heading = Moved::Heading(title.to_owned(), style, mark);
        // Right below a heading that nothing else follows (a chapter's heading, then its
        // first section's): both move together.
        match self.pending.as_mut().filter(|p| {
            p.page == page
                && p.after == before
                && p.items.iter().all(|m| matches!(m, Moved::Heading(..)))
        }) {
            Some(p) => {
                p.after = after;
                p.items.push(heading);
            }
            None => {
                self.pending = Some(Pending {
                    page,
                    before,
                    after,
                    items: vec![heading],
                    top,
                    lines: 0,
                });
            }
        }
    }

    /// A section of a heading, a note (if any) and a table: the heading keeps with it the
    /// note and the table's header and first row, measured, so it neither stays alone nor
    /// holds back more room than the table needs to start (a short table that then moves
    /// whole takes the heading and note along).
    pub fn table_section(
        &mut self,
        title: &str,
        style: Style,
        note: Option<(&str, Style)>,
        cols: &[Col],
        rows: &[Vec<Cell>],
    ) {
        let start = |g: &mut Self, rows: &[Vec<Cell>]| {
            if let Some((s, st)) = note {
                g.paragraph(s, st);
            }
            g.table(cols, rows);
        };
        let keep = self.height_of(|g| start(g, &rows[..rows.len().min(1)]));
        self.heading(title, style, keep);
        start(self, rows);
    }

    /// A wrapped paragraph, indented by `indent`.
    pub fn paragraph_indented(&mut self, s: &str, style: Style, indent: f32) {
        // Right after a heading: part of its introduction, moved with it.
        let page = self.page_index();
        let len = self.pages.last().map_or(0, |p| p.ops.len());
        // A heading with a few lines of text below it is no longer alone.
        let intro = self
            .pending
            .as_ref()
            .is_some_and(|p| p.page == page && p.after == len && p.lines < INTRO_LINES);
        let lines = self.paragraph_lines(s, style, indent);
        if intro {
            let (page, len) = (self.page_index(), self.page().ops.len());
            if let Some(p) = self.pending.as_mut().filter(|p| p.page == page) {
                p.after = len;
                p.lines += lines;
                p.items.push(Moved::Paragraph(s.to_owned(), style, indent));
            }
        }
    }

    /// Draws a wrapped paragraph; returns its number of lines.
    fn paragraph_lines(&mut self, s: &str, style: Style, indent: f32) -> usize {
        let x = self.left() + indent;
        let w = self.width() - indent;
        let lines = text::wrap(s, style.size, style.weight, w);
        let n = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            // The last line of a paragraph never goes alone onto a new page.
            let keep = if n >= 2 && i == n - 2 { 2.0 } else { 1.0 };
            self.ensure(style.line() * keep);
            let y = self.y;
            self.page().text(x, y, &line, style);
            self.y += style.line();
        }
        self.space(style.size * PARA_BELOW);
        n
    }

    /// A paragraph with a hanging label (a bullet or a number) in the left margin.
    pub fn paragraph_hanging(&mut self, label: &str, s: &str, style: Style, indent: f32) {
        let x = self.left();
        let lines = text::wrap(s, style.size, style.weight, self.width() - indent);
        for (i, line) in lines.iter().enumerate() {
            self.ensure(style.line());
            let y = self.y;
            if i == 0 {
                self.page().text(x, y, label, style);
            }
            self.page().text(x + indent, y, line, style);
            self.y += style.line();
        }
        self.space(style.size * PARA_BELOW);
    }

    pub fn paragraph(&mut self, s: &str, style: Style) {
        self.paragraph_indented(s, style, 0.0);
    }

    /// Running text of styled pieces (a bold id, then its title, …), wrapped word by word
    /// across the pieces: dense lists that would waste a table row each.
    pub fn runs(&mut self, pieces: &[(String, Weight)], size: f32, color: Color) {
        let x0 = self.left();
        let w = self.width();
        let space = text::width(" ", size, Weight::Regular);
        // The leading of any text in this size.
        let line = Style::new(size, Weight::Regular, color).line();
        // Lines of (x offset, word, weight).
        let mut lines: Vec<Vec<(f32, &str, Weight)>> = vec![Vec::new()];
        let mut x = 0.0;
        for (piece, weight) in pieces {
            for word in piece.split(' ').filter(|w| !w.is_empty()) {
                let ww = text::width(word, size, *weight);
                if x > 0.0 && x + ww > w {
                    lines.push(Vec::new());
                    x = 0.0;
                }
                if let Some(l) = lines.last_mut() {
                    l.push((x, word, *weight));
                }
                x += ww + space;
            }
        }
        let n = lines.len();
        for (i, l) in lines.iter().enumerate() {
            // The first line never stays alone at the foot of a page, nor the last at the top
            // of the next.
            let keep = if n >= 2 && (i == 0 || i == n - 2) {
                2.0
            } else {
                1.0
            };
            self.ensure(line * keep);
            let y = self.y;
            for (dx, word, weight) in l {
                self.page()
                    .text(x0 + dx, y, word, Style::new(size, *weight, color));
            }
            self.y += line;
        }
        self.space(size * PARA_BELOW);
    }

    /// A two-column table of labels and values, without a header row.
    pub fn fields(&mut self, rows: &[(&str, String)]) {
        let label_w = 150.0_f32.min(self.width() * 0.32);
        let share = label_w / self.width();
        let cols = [col("", share), col("", 1.0 - share)];
        let rows: Vec<Vec<Cell>> = rows
            .iter()
            .map(|(k, v)| {
                vec![
                    cell(*k).bold().fill(HEADER_FILL),
                    cell(if v.trim().is_empty() {
                        "–".to_owned()
                    } else {
                        v.clone()
                    }),
                ]
            })
            .collect();
        self.table_inner(&cols, &rows, false, SMALL);
    }

    /// A table with a header row that repeats on every page it runs over.
    /// Rows of up to [`KEEP_WHOLE`] lines are never split across pages.
    pub fn table(&mut self, cols: &[Col], rows: &[Vec<Cell>]) {
        self.table_inner(cols, rows, true, SMALL);
    }

    /// [`Flow::table`] in another text style (a dense register in smaller type).
    pub fn table_styled(&mut self, cols: &[Col], rows: &[Vec<Cell>], style: Style) {
        self.table_inner(cols, rows, true, style);
    }

    fn table_inner(&mut self, cols: &[Col], rows: &[Vec<Cell>], header: bool, style: Style) {
        let total = cols.iter().map(|c| c.share).sum::<f32>().max(f32::EPSILON);
        let x0 = self.left();
        let table_w = self.width();
        let header_cells: Vec<Cell> = cols.iter().map(|c| cell(c.title.clone()).bold()).collect();
        let shares: Vec<f32> = cols.iter().map(|c| c.share / total * table_w).collect();
        let mins = column_min_widths(&header_cells, rows, cols.len(), style, table_w);
        let all_rows: Vec<&[Cell]> = std::iter::once(header_cells.as_slice())
            .filter(|_| header)
            .chain(rows.iter().map(Vec::as_slice))
            .collect();
        let widths = balance_widths(fit_widths(&shares, &mins), &shares, &mins, &all_rows, style);
        let line = style.line();

        // Draws one (part of a) row; `lines[i]` are the lines of column i to draw.
        let draw_row =
            |flow: &mut Self, cells: &[Cell], lines: &[&[String]], fill_all: Option<Color>| {
                let n = lines.iter().map(|l| l.len()).max().unwrap_or(0).max(1);
                let h = n as f32 * line + 2.0 * PAD;
                let y = flow.y;
                let mut x = x0;
                for (i, w) in widths.iter().enumerate() {
                    let c = cells.get(i);
                    let span = c.is_some_and(|c| c.span);
                    let w = &if span { widths[i..].iter().sum() } else { *w };
                    let fill = c.and_then(|c| c.fill).or(fill_all);
                    flow.page().rect(x, y, *w, h, fill, Some((0.5, RULE)));
                    let st = if c.is_some_and(|c| c.bold) {
                        Style {
                            weight: Weight::Bold,
                            ..style
                        }
                    } else {
                        style
                    };
                    for (k, l) in lines.get(i).copied().unwrap_or(&[]).iter().enumerate() {
                        let ty = y + PAD + k as f32 * line + (line - style.size) / 2.0;
                        if c.is_some_and(|c| c.center) {
                            flow.page().text_center(x + w / 2.0, ty, l, st);
                        } else {
                            flow.page().text(x + PAD, ty, l, st);
                        }
                    }
                    x += w;
                    if span {
                        break;
                    }
                }
                flow.y += h;
            };
        let wrap_cells = |cells: &[Cell]| -> Vec<Vec<String>> {
            widths
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    cells.get(i).map_or_else(Vec::new, |c| {
                        let weight = if c.bold { Weight::Bold } else { style.weight };
                        let w = if c.span { widths[i..].iter().sum() } else { *w };
                        wrap(&c.text, style.size, weight, text_room(w).max(1.0))
                    })
                })
                .collect()
        };
        let header_lines = wrap_cells(&header_cells);
        let header_h =
            header_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * line + 2.0 * PAD;
        let put_header = |flow: &mut Self| {
            if header {
                let refs: Vec<&[String]> = header_lines.iter().map(Vec::as_slice).collect();
                draw_row(flow, &header_cells, &refs, Some(HEADER_FILL));
            }
        };
        let head_h = if header { header_h } else { 0.0 };

        let all: Vec<Vec<Vec<String>>> = rows.iter().map(|r| wrap_cells(r)).collect();
        let lines_of = |w: &[Vec<String>]| w.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let height = |w: &[Vec<String>]| lines_of(w) as f32 * line + 2.0 * PAD;
        // A short table (a few rows, under a third of a page) stays whole on one page unless
        // two rows or more fit here and two or more go on (a row continued by a spanning row
        // counts as one with it); a longer one keeps its header with at least the first row
        // (or its first lines).
        let whole: f32 = head_h + all.iter().map(|w| height(w)).sum::<f32>();
        let spans = |i: usize| rows.get(i).is_some_and(|r| r.iter().any(|c| c.span));
        let mut units: Vec<f32> = Vec::new();
        for (i, w) in all.iter().enumerate() {
            match units.last_mut() {
                Some(u) if spans(i) => *u += height(w),
                _ => units.push(height(w)),
            }
        }
        let room = if self.pages.is_empty() {
            0.0
        } else {
            self.remaining()
        };
        let here = units
            .iter()
            .scan(head_h, |y, h| {
                *y += h;
                Some(*y)
            })
            .take_while(|y| *y <= room)
            .count();
        let splits_well = here >= 2 && units.len() - here >= 2;
        let page_body = self.dims().1 - MARGIN_TOP - MARGIN_BOTTOM;
        // (A first row short enough to move whole takes its header with it.)
        let first_h = all.first().map_or(0.0, |l| {
            let n = lines_of(l);
            let keep = if n <= KEEP_WHOLE { n } else { 3 };
            keep as f32 * line + 2.0 * PAD
        });
        if rows.len() <= 6 && whole <= page_body / 3.0 && !splits_well {
            self.ensure(whole);
        } else {
            self.ensure(head_h + first_h);
        }
        put_header(self);
        let n = rows.len();
        for (i, (row, wrapped)) in rows.iter().zip(&all).enumerate() {
            // A row that a spanning row continues keeps at least the first lines of it (all
            // of a short one) on its page.
            if spans(i + 1) && !spans(i) {
                let next = lines_of(&all[i + 1]);
                let keep = if next <= KEEP_WHOLE { next } else { 2 };
                let need = height(wrapped) + keep as f32 * line + 2.0 * PAD;
                let fresh = self.y <= MARGIN_TOP + head_h + 0.5;
                if need > self.remaining() && !fresh {
                    self.new_page(false);
                    put_header(self);
                }
            }
            // The last row never goes alone onto a new page: the one before it goes too.
            if n >= 3 && i == n - 2 {
                let (a, b) = (height(wrapped), height(&all[n - 1]));
                let short = lines_of(wrapped) <= KEEP_WHOLE && lines_of(&all[n - 1]) <= KEEP_WHOLE;
                if short && a <= self.remaining() && a + b > self.remaining() {
                    self.new_page(false);
                    put_header(self);
                }
            }
            let mut done = vec![0usize; wrapped.len()];
            let mut fresh = false;
            // Set once part of the row is drawn: later parts repeat its first cell's first
            // line ("SR 1.1 (cont.)"), so a continuation is never anonymous.
            let mut continued: Option<String> = None;
            loop {
                let left = wrapped
                    .iter()
                    .zip(&done)
                    .map(|(l, d)| l.len() - d)
                    .max()
                    .unwrap_or(0);
                let fits = ((self.remaining() - 2.0 * PAD) / line).floor().max(0.0) as usize;
                // A row of up to `KEEP_WHOLE` lines moves to the next page whole; a taller one
                // is split, but never leaving a lone line at the foot of a page. On a fresh
                // page draw whatever fits, at least one line, so this always ends.
                if !fresh && (fits == 0 || (fits < left && (fits < 2 || left <= KEEP_WHOLE))) {
                    self.new_page(false);
                    put_header(self);
                    fresh = true;
                    continue;
                }
                let take = left.min(fits).max(1);
                let mut parts: Vec<&[String]> = wrapped
                    .iter()
                    .zip(&done)
                    .map(|(l, d)| {
                        let end = (d + take).min(l.len());
                        &l[(*d).min(end)..end]
                    })
                    .collect();
                let label;
                if let Some(c) = &continued
                    && parts.first().is_some_and(|p| p.is_empty())
                {
                    label = [c.clone()];
                    parts[0] = &label;
                }
                draw_row(self, row, &parts, None);
                for (d, l) in done.iter_mut().zip(wrapped) {
                    *d = (*d + take).min(l.len());
                }
                if take >= left {
                    break;
                }
                let first = wrapped
                    .first()
                    .and_then(|l| l.first())
                    .filter(|l| !l.is_empty())
                    .or_else(|| {
                        (i > 0 && spans(i))
                            .then(|| all[i - 1].first().and_then(|l| l.first()))
                            .flatten()
                    })
                    .map(String::as_str)
                    .unwrap_or_default();
                continued = Some(if first.is_empty() {
                    "(continued)".to_owned()
                } else {
                    format!("{first} (cont.)")
                });
                self.new_page(false);
                put_header(self);
                fresh = true;
            }
        }
        self.space(6.0);
    }

    /// A line of coloured swatches with labels, wrapping as needed.
    pub fn swatches(&mut self, entries: &[(Color, Color, String)]) {
        let style = SMALL;
        let sw = 10.0;
        let mut x = self.left();
        self.ensure(style.line() + 4.0);
        for (fill, stroke, label) in entries {
            let label = text::truncate(label, style.size, style.weight, self.width() - sw - 4.0)
                .into_owned();
            let w = sw + 4.0 + style.width(&label) + 12.0;
            if x + w > self.left() + self.width() && x > self.left() {
                x = self.left();
                self.y += style.line() + 3.0;
                self.ensure(style.line() + 4.0);
            }
            let y = self.y;
            self.page()
                .rect(x, y + 1.0, sw, sw, Some(*fill), Some((0.75, *stroke)));
            self.page().text(x + sw + 4.0, y, &label, style);
            x += w;
        }
        self.y += style.line() + 6.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use printpdf::{Op, TextItem};

    /// The strings drawn on a page.
    fn texts(p: &Page) -> Vec<String> {
        p.ops
            .iter()
            .filter_map(|op| match op {
                Op::ShowText { items } => Some(
                    items
                        .iter()
                        .filter_map(|i| match i {
                            TextItem::Text(t) => Some(t.clone()),
                            _ => None,
                        })
                        .collect::<String>(),
                ),
                _ => None,
            })
            .collect()
    }

    fn rows(n: usize, lines: usize) -> Vec<Vec<Cell>> {
        (0..n)
            .map(|i| {
                vec![
                    cell(format!("SR {i}.1")),
                    cell(vec!["line"; lines].join("\n")),
                ]
            })
            .collect()
    }

    fn cols() -> [Col; 2] {
        [col("Item", 1.0), col("Text", 3.0)]
    }

    /// A flow whose cursor is `left` points above the bottom margin.
    fn near_bottom(left: f32) -> Flow {
        let mut f = Flow::new(Paper::A4);
        f.new_page(false);
        f.y = f.bottom() - left;
        f
    }

    #[test]
    fn a_three_row_table_is_not_split_after_its_first_row() {
        // Room for the header and one row, not for three.
        let mut f = near_bottom(40.0);
        f.table(&cols(), &rows(3, 1));
        assert_eq!(f.pages.len(), 2);
        let first = texts(&f.pages[0]);
        assert!(!first.iter().any(|t| t.starts_with("SR ")), "{first:?}");
        let second = texts(&f.pages[1]);
        for i in 0..3 {
            assert!(second.contains(&format!("SR {i}.1")), "{second:?}");
        }
    }

    #[test]
    fn a_short_table_splits_only_with_two_rows_on_each_side() {
        let row_h = SMALL.line() + 2.0 * PAD;
        // Room for the header and two rows: four rows split two and two, three stay whole.
        let room = 3.0 * row_h + 1.0;
        let ids = |p: &Page| texts(p).iter().filter(|t| t.starts_with("SR ")).count();
        let mut f = near_bottom(room);
        f.table(&cols(), &rows(4, 1));
        assert_eq!(f.pages.len(), 2);
        assert_eq!((ids(&f.pages[0]), ids(&f.pages[1])), (2, 2));
        let mut f = near_bottom(room);
        f.table(&cols(), &rows(3, 1));
        assert_eq!((ids(&f.pages[0]), ids(&f.pages[1])), (0, 3));
    }

    #[test]
    fn a_row_split_across_pages_repeats_its_id() {
        let mut f = near_bottom(120.0);
        // Taller than `KEEP_WHOLE` lines: it is split.
        f.table(&cols(), &rows(1, 40));
        assert!(f.pages.len() >= 2);
        assert!(texts(&f.pages[0]).contains(&"SR 0.1".to_owned()));
        for p in &f.pages[1..] {
            assert!(
                texts(p).contains(&"SR 0.1 (cont.)".to_owned()),
                "{:?}",
                texts(p)
            );
        }
    }

    #[test]
    fn the_last_row_never_goes_alone_onto_a_new_page() {
        // Twenty rows fill most of a page; the table starts where all but the last fit.
        let mut probe = Flow::new(Paper::A4);
        probe.new_page(false);
        let y0 = probe.y;
        probe.table(&cols(), &rows(20, 1));
        let all = probe.y - 8.0 - y0;
        let row = all / 21.0; // header + 20 rows of one line
        let mut f = near_bottom(all - row * 0.5);
        f.table(&cols(), &rows(20, 1));
        assert_eq!(f.pages.len(), 2);
        let last = texts(&f.pages[1]);
        let ids = last.iter().filter(|t| t.starts_with("SR ")).count();
        assert!(ids >= 2, "{last:?}");
    }

    #[test]
    fn a_chapter_heading_moves_with_the_section_heading_below_it() {
        // Room for a chapter's heading and its first section's, not for the section's text.
        let mut f = near_bottom(H1.line() + H3.line() + 40.0);
        f.chapter("11 Method", false, false, 0.0);
        f.heading("Security levels", H3, 0.0);
        f.paragraph("One line.", BODY);
        f.paragraph(&"word ".repeat(400), BODY);
        let first = texts(&f.pages[0]);
        assert!(!first.iter().any(|t| t.contains("Method")), "{first:?}");
        let second = texts(&f.pages[1]);
        assert_eq!(second[..3], ["11 Method", "Security levels", "One line."]);
        assert_eq!(f.marks.last().map(|m| m.page), Some(1));
    }

    #[test]
    fn a_spanning_row_takes_the_width_and_stays_with_its_row() {
        let cols = [col("Id", 1.0), col("Title", 3.0), col("Risk", 1.0)];
        let row = |text: &str| {
            vec![
                vec![cell("TS-1"), cell("Title"), cell("5")],
                vec![cell(""), cell(text).span()],
            ]
        };
        // Spanning two columns, a long text takes fewer lines than in one column beside
        // another column's text, even with the row above it.
        let long = "word ".repeat(200);
        let mut f = near_bottom(10_000.0);
        f.table(&cols, &row(&long));
        let mut g = near_bottom(10_000.0);
        g.table(&cols, &[vec![cell(""), cell(long.clone()), cell(long)]]);
        assert!(f.y < g.y, "{} vs {}", f.y, g.y);
        let rows = row(&"word ".repeat(30));
        // With room for the header and the first row only, both rows go to the next page.
        let mut f = near_bottom(32.0);
        f.table(&cols, &rows);
        assert_eq!(f.pages.len(), 2);
        assert!(!texts(&f.pages[0]).contains(&"TS-1".to_owned()));
        assert!(texts(&f.pages[1]).contains(&"TS-1".to_owned()));
    }

    #[test]
    fn the_last_line_of_a_paragraph_never_goes_alone_onto_a_new_page() {
        let mut f = near_bottom(BODY.line() * 3.5);
        let long = "word ".repeat(70);
        let n = text::wrap(&long, BODY.size, BODY.weight, f.width()).len();
        assert_eq!(n, 4, "the test wants a paragraph of four lines");
        f.paragraph(&long, BODY);
        assert_eq!(f.pages.len(), 2);
        assert_eq!(texts(&f.pages[1]).len(), 2);
        // Run-in text too: a run of n lines where only n - 1 fit moves its last two.
        let pieces: Vec<(String, Weight)> = (0..60)
            .map(|i| (format!("SR {i}.1 title"), Weight::Regular))
            .collect();
        let line = Style::new(7.0, Weight::Regular, Color::TEXT).line();
        let mut probe = near_bottom(10_000.0);
        let y0 = probe.y;
        probe.runs(&pieces, 7.0, Color::TEXT);
        let n = ((probe.y - y0 - 7.0 * PARA_BELOW) / line).round() as usize;
        assert!(n >= 3, "{n}");
        let mut f = near_bottom(line * (n as f32 - 0.5));
        f.runs(&pieces, 7.0, Color::TEXT);
        assert_eq!(f.pages.len(), 2);
        let baselines = |p: &Page| {
            let mut ys: Vec<String> = p
                .ops
                .iter()
                .filter_map(|op| match op {
                    Op::SetTextMatrix {
                        matrix: printpdf::TextMatrix::Translate(_, y),
                    } => Some(format!("{:.1}", y.0)),
                    _ => None,
                })
                .collect();
            ys.sort();
            ys.dedup();
            ys.len()
        };
        assert_eq!(baselines(&f.pages[1]), 2);
    }

    #[test]
    fn a_finished_section_stays_when_the_next_sheet_breaks_the_page() {
        // A short section (heading and a line) near the foot, then a sheet heading that keeps
        // more than is left: the sheet goes to the next page, the section stays.
        let mut f = near_bottom(80.0);
        f.heading("Unmet items (0)", H3, 20.0);
        f.paragraph("None.", BODY);
        f.heading("Zone: next", H2, 200.0);
        assert_eq!(f.pages.len(), 2);
        assert_eq!(texts(&f.pages[0]), ["Unmet items (0)", "None."]);
        assert_eq!(texts(&f.pages[1]), ["Zone: next"]);
        // A chapter's heading with its introduction still moves with its first section.
        let mut f = near_bottom(80.0);
        f.chapter("3 Findings", false, false, 0.0);
        f.paragraph("Introduction.", MUTED);
        f.heading("Open findings", H2, 200.0);
        assert_eq!(texts(&f.pages[1])[..2], ["3 Findings", "Introduction."]);
    }

    /// A flow of a paragraph with a landscape figure's page waiting to float in.
    fn with_float() -> Flow {
        let mut f = Flow::new(Paper::A4);
        f.new_page(false);
        f.paragraph("Before.", BODY);
        f.float_page(true, |g| g.paragraph("Figure.", BODY));
        f
    }

    #[test]
    fn a_floating_page_goes_in_at_the_next_break() {
        let mut f = with_float();
        f.paragraph("After, on the same page.", BODY);
        assert_eq!(f.pages.len(), 1);
        f.paragraph(&"word ".repeat(2000), BODY);
        let landscape = |p: &Page| p.width > p.height;
        assert!(f.pages.len() >= 3);
        assert_eq!(
            texts(&f.pages[0])[..2],
            ["Before.", "After, on the same page."]
        );
        assert!(landscape(&f.pages[1]));
        assert_eq!(texts(&f.pages[1]), ["Figure."]);
        assert!(f.pages[2..].iter().all(|p| !landscape(p)));
        // Without a break after it, it ends the flow.
        let mut f = Flow::new(Paper::A4);
        f.new_page(false);
        f.float_page(false, |g| g.paragraph("Figure.", BODY));
        f.paragraph("Last.", BODY);
        f.flush_floats();
        assert_eq!(f.pages.len(), 2);
        assert_eq!(texts(&f.pages[1]), ["Figure."]);
    }

    #[test]
    fn a_floating_page_never_splits_a_unit() {
        let mut f = with_float();
        // Units of two pages or so, the first starting with most of its page left.
        for word in ["alpha", "beta", "gamma"] {
            let unit = |g: &mut Flow| g.paragraph(&format!("{word} ").repeat(1200), BODY);
            f.start_unit(|g| g.height_of(unit));
            f.hold_floats();
            unit(&mut f);
        }
        f.release_floats();
        f.flush_floats();
        let landscape: Vec<usize> = (0..f.pages.len())
            .filter(|&i| f.pages[i].width > f.pages[i].height)
            .collect();
        assert_eq!(landscape.len(), 1);
        let at = landscape[0];
        assert_eq!(texts(&f.pages[at]), ["Figure."]);
        for word in ["alpha", "beta", "gamma"] {
            let on = |p: &Page| texts(p).iter().any(|t| t.contains(word));
            let before = f.pages[..at].iter().any(on);
            let after = f.pages[at + 1..].iter().any(on);
            assert!(!(before && after), "the figure splits the unit of {word}");
        }
        // It waited for a unit's start, not for the end.
        assert!(at + 1 < f.pages.len());
    }

    #[test]
    fn columns_give_room_to_the_text_that_wraps() {
        // A long text in a narrow column beside a wide one of short words: the narrow one
        // grows and the table gets shorter than at the columns' shares, the same each time.
        let cols = [col("Short", 3.0), col("Long", 1.0)];
        let long = "word ".repeat(40);
        let rows: Vec<Vec<Cell>> = (0..5)
            .map(|i| vec![cell(format!("R-{i}")), cell(long.clone())])
            .collect();
        let table = || {
            let mut f = near_bottom(10_000.0);
            let y0 = f.y;
            f.table(&cols, &rows);
            (f.y - y0, f.pages.remove(0).ops)
        };
        let (height, ops) = table();
        let line = SMALL.line();
        let width = Flow::new(Paper::A4).paper.size().0 - 2.0 * MARGIN_X;
        let at_share = wrap(&long, SMALL.size, SMALL.weight, text_room(width / 4.0)).len();
        let unbalanced = (line + 2.0 * PAD) + 5.0 * (at_share as f32 * line + 2.0 * PAD) + 8.0;
        assert!(height < unbalanced * 0.75, "{height} vs {unbalanced}");
        assert_eq!(ops, table().1);
        // Within half and twice their shares: the short column keeps at least half.
        let widths = balance_widths(
            vec![300.0, 100.0],
            &[300.0, 100.0],
            &[20.0, 20.0],
            &rows.iter().map(Vec::as_slice).collect::<Vec<_>>(),
            SMALL,
        );
        assert!(
            widths[0] >= 150.0 - 0.01 && widths[1] <= 200.0 + 0.01,
            "{widths:?}"
        );
        assert!((widths.iter().sum::<f32>() - 400.0).abs() < 0.01);
    }
}
