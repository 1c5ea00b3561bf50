//! Semantic zoom: what of the diagram can be read at a given scale, and the zone titles laid
//! out in screen points so that they are always readable and never collide.
//!
//! The editor's canvas calls this every frame (the report draws the diagram's own text at
//! paper scale and does not use it). Pure: screen rectangles in, rectangles and strings out,
//! text measured with the diagram's fonts ([`super::text`]); no egui.

use crate::model::{Point, Rect, ZoneId};

use super::ZoneTitle;
use super::style::size;
use super::text::{self, Weight};

/// Readable text sizes for one display mode, in screen points. At the normal scale a point
/// is a pixel; workshop mode also scales points up (the whole interface), so its sizes are
/// larger still in pixels.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Legibility {
    /// No text is drawn smaller than this.
    pub min_text: f32,
    /// Zone names are drawn at least this large...
    pub title: f32,
    /// ...and, when they do not fit, shrink to this before they are abbreviated.
    pub title_min: f32,
    /// Status badges ("12 unmet") at least this large.
    pub badge: f32,
}

/// How assets are drawn at a zoom.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AssetLod {
    /// The whole box: kind glyph, name, SL-C, culprit marker.
    Full,
    /// Names are too small to read: a chip with the kind glyph and a gap dot.
    Chip,
    /// Even the chip does not fit: a dot coloured by the gap, and a count per zone.
    Dot,
}

impl Legibility {
    pub const NORMAL: Self = Self {
        min_text: 10.0,
        title: 13.0,
        title_min: 11.5,
        badge: 11.0,
    };
    /// With the interface scaled by 1.5 (see `ui::canvas::WORKSHOP_SCALE`): titles 22.5 px,
    /// badges 18.75 px and no text under 16.5 px on screen.
    pub const WORKSHOP: Self = Self {
        min_text: 11.0,
        title: 15.0,
        title_min: 14.0,
        badge: 12.5,
    };

    /// The size (points, in half-point steps) to draw diagram text of `world_size` at `zoom`
    /// (points per world unit), or `None` when it is too small to read: the level-of-detail
    /// decision for every text primitive. Text slightly under the minimum (down to 90 %) is
    /// drawn at the minimum, so the diagram's smallest text (9.5) still shows at 100 %; no
    /// text is ever drawn smaller than `min_text`.
    pub fn text_size(&self, world_size: f32, zoom: f32) -> Option<f32> {
        let natural = world_size * zoom;
        (natural >= 0.9 * self.min_text).then(|| half_points(natural.max(self.min_text)))
    }

    pub fn readable(&self, world_size: f32, zoom: f32) -> bool {
        self.text_size(world_size, zoom).is_some()
    }

    /// Height of an asset chip, in points.
    pub fn chip_height(&self) -> f32 {
        (self.min_text * 1.45).ceil()
    }

    pub fn asset_lod(&self, zoom: f32) -> AssetLod {
        if self.readable(size::ASSET_NAME, zoom) {
            AssetLod::Full
        } else if size::ASSET_H * zoom >= self.chip_height() {
            AssetLod::Chip
        } else {
            AssetLod::Dot
        }
    }
}

/// Rounds a text size up to half points: a continuous zoom would otherwise rasterise glyphs
/// at a new size every frame and fill the font atlas.
pub fn half_points(size: f32) -> f32 {
    ((size * 2.0).ceil() / 2.0).max(1.0)
}

/// One line of text placed on screen.
#[derive(Clone, PartialEq, Debug)]
pub struct Placed {
    pub text: String,
    /// Top-left corner, screen points.
    pub pos: Point,
    pub size: f32,
    pub weight: Weight,
    /// The box the line occupies.
    pub rect: Rect,
}

/// A zone's title as the canvas paints it, in screen points.
#[derive(Clone, PartialEq, Debug)]
pub struct TitleLayout {
    pub zone: ZoneId,
    pub badge_color: super::Color,
    /// One or two lines of the name, all at the same size.
    pub name: Vec<Placed>,
    /// The backing behind the name lines.
    pub name_rect: Rect,
    /// The name was shortened with "…" (the hover card shows it whole).
    pub abbreviated: bool,
    /// The badge shows only the number of unmet items ("44" for "44 unmet").
    pub compact_badge: bool,
    /// The status badge: its pill and its text.
    pub badge: Option<(Rect, Placed)>,
    /// Lines under the name: the kind and SL-T line when readable, the asset count when
    /// assets are dots.
    pub notes: Vec<Placed>,
}

impl TitleLayout {
    pub fn name_size(&self) -> f32 {
        self.name.first().map_or(0.0, |l| l.size)
    }

    /// Every rectangle the title covers.
    pub fn rects(&self) -> impl Iterator<Item = Rect> + '_ {
        std::iter::once(self.name_rect)
            .chain(self.badge.as_ref().map(|b| b.0))
            .chain(self.notes.iter().map(|n| n.rect))
    }
}

/// Line height relative to the font size.
const LINE: f32 = 1.25;
/// Gap between name and badge.
const GAP: f32 = 6.0;

/// Lays out the titles of `zones` (each with its rectangle on screen, in paint order: parents
/// before subzones); `view` is the canvas; `zoom` points per world unit. With `counts`, zones
/// also get an asset count ("12 assets · 3 short"). `content` (the asset chips on screen) is
/// avoided where a whole name can be placed without covering it.
///
/// Every block a title places lies inside its own zone's (visible) rectangle and outside the
/// rectangle of every zone painted over it (subzones), so the titles and badges of nested
/// zones never overlap. Per zone, in order: the name on one line with the badge beside it; on
/// two lines beside the badge; on one or two lines with the badge below; the same at smaller
/// sizes down to `title_min`; then abbreviated at `title_min`. What fits nowhere is left out.
pub fn layout_titles(
    zones: &[(&ZoneTitle, Rect)],
    view: &Rect,
    zoom: f32,
    leg: &Legibility,
    counts: bool,
    content: &[Rect],
) -> Vec<TitleLayout> {
    let near = Near::new(zones, view, content);
    (0..zones.len())
        .filter_map(|i| near.layout(i, zoom, leg, counts))
        .collect()
}

/// The zones and content of [`layout_titles`], bucketed on a grid over the view so that each
/// title looks only at what lies near it (a thousand zones against ten thousand chips).
pub struct Near<'a> {
    zones: &'a [(&'a ZoneTitle, Rect)],
    content: &'a [Rect],
    view: Rect,
    zone_cells: Buckets,
    content_cells: Buckets,
}

impl<'a> Near<'a> {
    pub fn new(zones: &'a [(&'a ZoneTitle, Rect)], view: &Rect, content: &'a [Rect]) -> Self {
        Self {
            zones,
            content,
            view: *view,
            zone_cells: Buckets::new(view, zones.iter().map(|(_, r)| r)),
            content_cells: Buckets::new(view, content.iter()),
        }
    }

    /// The title of zone `i` (in paint order), or `None` when none fits: it keeps clear of
    /// the zones painted over it, and where it can of the content (asset chips or dots).
    pub fn layout(
        &self,
        i: usize,
        zoom: f32,
        leg: &Legibility,
        counts: bool,
    ) -> Option<TitleLayout> {
        let (t, r) = self.zones.get(i)?;
        let area = clip(r, &self.view)?;
        // Zones painted over this one (later in paint order) that reach into it.
        let obstacles: Vec<Rect> = self
            .zone_cells
            .near(&area)
            .into_iter()
            .filter(|&j| j > i)
            .map(|j| self.zones[j].1)
            .filter(|o| o.intersects(&area))
            .collect();
        let mut soft = obstacles.clone();
        soft.extend(
            self.content_cells
                .near(&area)
                .into_iter()
                .map(|j| self.content[j])
                .filter(|c| c.intersects(&area)),
        );
        let l = if soft.len() > obstacles.len() {
            layout_one(t, &area, &soft, zoom, leg, counts, false)
        } else {
            None
        };
        l.or_else(|| layout_one(t, &area, &obstacles, zoom, leg, counts, true))
    }
}

/// Indices of rectangles bucketed on a uniform grid over a view; rectangles outside the view
/// are left out (nothing inside it can meet them).
struct Buckets {
    origin: Point,
    cell: f32,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<usize>>,
}

impl Buckets {
    const CELLS: f32 = 24.0;

    fn new<'r>(view: &Rect, rects: impl Iterator<Item = &'r Rect>) -> Self {
        let cell = (view.w.max(view.h) / Self::CELLS).max(1.0);
        let cols = (view.w / cell).ceil().max(1.0) as usize;
        let rows = (view.h / cell).ceil().max(1.0) as usize;
        let mut b = Self {
            origin: Point::new(view.x, view.y),
            cell,
            cols,
            rows,
            cells: vec![Vec::new(); cols * rows],
        };
        for (i, r) in rects.enumerate().filter(|(_, r)| r.intersects(view)) {
            let (c0, c1, r0, r1) = b.span(r);
            for row in r0..=r1 {
                for col in c0..=c1 {
                    b.cells[row * b.cols + col].push(i);
                }
            }
        }
        b
    }

    /// The columns and rows `r` covers, clamped to the view.
    fn span(&self, r: &Rect) -> (usize, usize, usize, usize) {
        let at =
            |v: f32, o: f32, n: usize| (((v - o) / self.cell).floor().max(0.0) as usize).min(n - 1);
        (
            at(r.x, self.origin.x, self.cols),
            at(r.x + r.w, self.origin.x, self.cols),
            at(r.y, self.origin.y, self.rows),
            at(r.y + r.h, self.origin.y, self.rows),
        )
    }

    /// The rectangles bucketed where `r` (inside the view) lies, each once, in order.
    fn near(&self, r: &Rect) -> Vec<usize> {
        let (c0, c1, r0, r1) = self.span(r);
        let mut out = Vec::new();
        for row in r0..=r1 {
            for col in c0..=c1 {
                out.extend_from_slice(&self.cells[row * self.cols + col]);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn clip(r: &Rect, view: &Rect) -> Option<Rect> {
    let x0 = r.x.max(view.x);
    let y0 = r.y.max(view.y);
    let x1 = (r.x + r.w).min(view.x + view.w);
    let y1 = (r.y + r.h).min(view.y + view.h);
    (x1 > x0 && y1 > y0).then(|| Rect::new(x0, y0, x1 - x0, y1 - y0))
}

fn placed(text: String, pos: Point, size: f32, weight: Weight) -> Placed {
    let w = text::width(&text, size, weight);
    Placed {
        rect: Rect::new(pos.x, pos.y, w, size * LINE),
        text,
        pos,
        size,
        weight,
    }
}

fn layout_one(
    t: &ZoneTitle,
    area: &Rect,
    obstacles: &[Rect],
    zoom: f32,
    leg: &Legibility,
    counts: bool,
    abbreviate: bool,
) -> Option<TitleLayout> {
    // A zone only a line high keeps less padding, so that its name still fits.
    let pad = (7.0 * zoom)
        .clamp(4.0, 12.0)
        .min(((area.h - leg.title_min * LINE) / 2.0).max(1.0));
    let inner = Rect::new(
        area.x + pad,
        area.y + pad,
        area.w - 2.0 * pad,
        area.h - 2.0 * pad,
    );
    if inner.w <= 0.0 || inner.h <= 0.0 {
        return None;
    }
    let fits = |r: &Rect| {
        r.x >= inner.x - 0.5
            && r.y >= inner.y - 0.5
            && r.x + r.w <= inner.x + inner.w + 0.5
            && r.y + r.h <= inner.y + inner.h + 0.5
            && !obstacles.iter().any(|o| o.intersects(r))
    };

    // The badge, at world scale when that is larger.
    let badge_size = half_points(leg.badge.max(10.5 * zoom));
    let badge_h = badge_size * 1.45;
    let badge_w = |status: &str| text::width(status, badge_size, Weight::Bold) + badge_size * 1.1;
    let badge_at = |status: &str, x: f32, y: f32| {
        let w = badge_w(status);
        let pill = Rect::new(x, y, w, badge_h);
        let text_w = text::width(status, badge_size, Weight::Bold);
        let label = placed(
            status.to_owned(),
            Point::new(
                x + (w - text_w) / 2.0,
                y + (badge_h - badge_size * LINE) / 2.0,
            ),
            badge_size,
            Weight::Bold,
        );
        (pill, label)
    };

    let world = size::ZONE_NAME * zoom;
    let top = half_points(leg.title.max(world));
    let mut sizes = vec![top];
    if leg.title_min < top {
        sizes.push(half_points(f32::midpoint(top, leg.title_min)));
        sizes.push(leg.title_min);
    }
    sizes.dedup();

    let x = inner.x;
    let y = inner.y;
    let right = inner.x + inner.w;
    // Try a candidate: name lines at `s`, the badge beside the first line or below the name.
    let attempt = |lines: &[String], s: f32, status: &str, badge_below: bool| {
        let (name, name_rect) = name_lines(lines, s, x, y);
        let badge = if badge_below {
            badge_at(status, x, name_rect.y + name_rect.h + 2.0)
        } else {
            badge_at(
                status,
                right - badge_w(status),
                y + ((s * LINE - badge_h) / 2.0).max(0.0),
            )
        };
        let ok = fits(&name_rect)
            && fits(&badge.0)
            && (badge_below || name_rect.x + name_rect.w + GAP <= badge.0.x);
        ok.then(|| TitleLayout {
            zone: t.zone.clone(),
            badge_color: t.status_color,
            name,
            name_rect,
            abbreviated: false,
            compact_badge: status != t.status,
            badge: Some(badge),
            notes: Vec::new(),
        })
    };
    // The whole name, at sizes from the largest down, with this badge text.
    let whole_name = |status: &str| {
        for &s in &sizes {
            let beside = inner.w - badge_w(status) - GAP;
            let one = vec![t.name.clone()];
            let two_beside = text::wrap(&t.name, s, Weight::Bold, beside.max(1.0));
            let two_below = text::wrap(&t.name, s, Weight::Bold, inner.w);
            let whole = |lines: &Vec<String>| lines.len() <= 2 && !breaks_words(&t.name, lines);
            let candidates = [
                (Some(&one), false),
                (whole(&two_beside).then_some(&two_beside), false),
                (Some(&one), true),
                (whole(&two_below).then_some(&two_below), true),
            ];
            for (lines, below) in candidates {
                if let Some(l) = lines.and_then(|lines| attempt(lines, s, status, below)) {
                    return Some(l);
                }
            }
        }
        None
    };
    // "44 unmet" may shrink to "44" (the legend says what the number is).
    let compact = t
        .status
        .strip_suffix(" unmet")
        .filter(|n| n.chars().all(|c| c.is_ascii_digit()));
    let mut chosen = whole_name(&t.status).or_else(|| compact.and_then(whole_name));
    // No room for a badge beside or under the whole name. In order: the name abbreviated with
    // the badge when most of the name stays; the name alone, whole (the badge's status is on
    // the hover card); abbreviated with the badge; abbreviated alone. A stub of a name (fewer
    // than three letters) says nothing and is never shown.
    let s_min = leg.title_min;
    let alone = |lines: Vec<String>| name_only(t, &lines, s_min, x, y, &fits);
    let with_badge = |min_letters: usize| {
        // Abbreviated at the smallest title size, beside the badge, then above it.
        let status = compact.unwrap_or(&t.status);
        for (room, below) in [(inner.w - badge_w(status) - GAP, false), (inner.w, true)] {
            let short = text::truncate(&t.name, s_min, Weight::Bold, room.max(0.0));
            if !keeps_letters(&short, min_letters) {
                continue;
            }
            if let Some(l) = attempt(&[short.into_owned()], s_min, status, below) {
                return Some(TitleLayout {
                    abbreviated: true,
                    ..l
                });
            }
        }
        None
    };
    if chosen.is_none() && abbreviate {
        let most = t.name.chars().count().div_ceil(2).max(4);
        let lines = text::wrap(&t.name, s_min, Weight::Bold, inner.w);
        let wrapped = (lines.len() <= 2 && !breaks_words(&t.name, &lines)).then_some(lines);
        chosen = with_badge(most)
            .or_else(|| alone(vec![t.name.clone()]))
            .or_else(|| wrapped.and_then(alone))
            .or_else(|| with_badge(3))
            .or_else(|| {
                let short = text::truncate(&t.name, s_min, Weight::Bold, inner.w);
                keeps_letters(&short, 3)
                    .then(|| alone(vec![short.into_owned()]))
                    .flatten()
                    .map(|l| TitleLayout {
                        abbreviated: true,
                        ..l
                    })
            });
    }
    let mut layout = chosen?;

    // Lines under the title, each only if it fits.
    let mut below = layout
        .rects()
        .map(|r| r.y + r.h)
        .fold(layout.name_rect.y, f32::max)
        + 2.0;
    let mut notes = Vec::new();
    if let Some(sub_size) = leg.text_size(size::ZONE_SUB, zoom)
        && !t.sub.is_empty()
    {
        let sub = text::truncate(&t.sub, sub_size, Weight::Regular, inner.w);
        notes.push(placed(
            sub.into_owned(),
            Point::new(x, below),
            sub_size,
            Weight::Regular,
        ));
    }
    if counts && t.assets > 0 {
        let mut c = format!("{} asset{}", t.assets, if t.assets == 1 { "" } else { "s" });
        if t.short > 0 {
            c.push_str(&format!(" · {} short", t.short));
        }
        notes.push(placed(
            c,
            Point::new(x, below),
            leg.min_text,
            Weight::Regular,
        ));
    }
    for mut n in notes {
        n.pos.y = below;
        n.rect.y = below;
        if fits(&n.rect) {
            below = n.rect.y + n.rect.h;
            layout.notes.push(n);
        }
    }
    Some(layout)
}

/// The name's `lines` in bold at size `s` from (`x`, `y`), and the rectangle they take.
fn name_lines(lines: &[String], s: f32, x: f32, y: f32) -> (Vec<Placed>, Rect) {
    let lh = s * LINE;
    let name: Vec<Placed> = lines
        .iter()
        .enumerate()
        .map(|(k, l)| placed(l.clone(), Point::new(x, y + k as f32 * lh), s, Weight::Bold))
        .collect();
    let w = name.iter().map(|p| p.rect.w).fold(0.0, f32::max);
    let rect = Rect::new(x, y, w, lh * name.len() as f32);
    (name, rect)
}

/// Whether `short` (a name, perhaps cut with "…") keeps at least `n` letters of it.
fn keeps_letters(short: &str, n: usize) -> bool {
    short.trim_end_matches('…').chars().count() >= n
}

/// A title of the name's `lines` at size `s` from (`x`, `y`) without a badge, if it fits.
fn name_only(
    t: &ZoneTitle,
    lines: &[String],
    s: f32,
    x: f32,
    y: f32,
    fits: &dyn Fn(&Rect) -> bool,
) -> Option<TitleLayout> {
    let (name, name_rect) = name_lines(lines, s, x, y);
    fits(&name_rect).then(|| TitleLayout {
        zone: t.zone.clone(),
        badge_color: t.status_color,
        name,
        name_rect,
        abbreviated: false,
        compact_badge: false,
        badge: None,
        notes: Vec::new(),
    })
}

/// Whether wrapping had to break a word (a name is then better abbreviated than torn).
fn breaks_words(name: &str, lines: &[String]) -> bool {
    let words = name.split_whitespace().count();
    let got: usize = lines.iter().map(|l| l.split_whitespace().count()).sum();
    got != words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::Color;

    fn title(name: &str, rect: Rect, status: &str) -> ZoneTitle {
        ZoneTitle {
            zone: name.into(),
            rect,
            name: name.to_owned(),
            status: status.to_owned(),
            status_color: Color::WARN,
            sub: "Control · SL-T {2 2 2 2 2 2 2}".to_owned(),
            assets: 12,
            short: 3,
        }
    }

    const VIEW: Rect = Rect {
        x: 0.0,
        y: 0.0,
        w: 2000.0,
        h: 2000.0,
    };

    #[test]
    fn bucketed_titles_match_the_all_pairs_layout() {
        // Zones and chips at random, some off the view or on its edge: each title sees the
        // same zones over it and the same content as when every pair is compared.
        let mut next = crate::diagram::test_rng(7);
        let mut rnd = move |n: f32| (next() >> 40) as f32 / (1u64 << 24) as f32 * n;
        let view = Rect::new(100.0, 50.0, 1700.0, 1000.0);
        let titles: Vec<ZoneTitle> = (0..160)
            .map(|i| {
                let r = Rect::new(
                    rnd(2000.0) - 100.0,
                    rnd(1300.0) - 100.0,
                    20.0 + rnd(400.0),
                    15.0 + rnd(300.0),
                );
                title(&format!("Zone {i} of the plant"), r, "12 unmet")
            })
            .collect();
        let zones: Vec<(&ZoneTitle, Rect)> = titles.iter().map(|t| (t, t.rect)).collect();
        let mut content: Vec<Rect> = (0..900)
            .map(|_| {
                Rect::new(
                    rnd(2000.0) - 100.0,
                    rnd(1300.0) - 100.0,
                    4.0 + rnd(40.0),
                    4.0 + rnd(14.0),
                )
            })
            .collect();
        content.push(Rect::new(view.x + view.w, 300.0, 10.0, 10.0));
        content.push(Rect::new(500.0, 400.0, 0.0, 12.0));
        let leg = Legibility::NORMAL;
        let bucketed = layout_titles(&zones, &view, 0.4, &leg, false, &content);
        let mut all_pairs = Vec::new();
        for (i, (t, r)) in zones.iter().enumerate() {
            let Some(area) = clip(r, &view) else { continue };
            let obstacles: Vec<Rect> = zones[i + 1..]
                .iter()
                .map(|(_, o)| *o)
                .filter(|o| o.intersects(&area))
                .collect();
            let mut soft = obstacles.clone();
            soft.extend(content.iter().filter(|c| c.intersects(&area)));
            let l = if soft.len() > obstacles.len() {
                layout_one(t, &area, &soft, 0.4, &leg, false, false)
            } else {
                None
            };
            all_pairs
                .extend(l.or_else(|| layout_one(t, &area, &obstacles, 0.4, &leg, false, true)));
        }
        assert!(bucketed.len() > 25, "{} titles laid out", bucketed.len());
        assert_eq!(bucketed, all_pairs);
    }

    #[test]
    fn text_below_the_minimum_is_not_readable() {
        let n = Legibility::NORMAL;
        // Asset names (11.5) at zoom 0.5 would be 5.75 points: not drawn as text.
        assert_eq!(n.text_size(size::ASSET_NAME, 0.5), None);
        assert_eq!(n.text_size(size::ASSET_NAME, 1.0), Some(11.5));
        assert_eq!(n.text_size(size::ASSET_NAME, 8.9 / 11.5), None);
        // Just under the minimum: drawn at the minimum, never smaller.
        assert_eq!(n.text_size(size::ASSET_SUB, 1.0), Some(n.min_text));
        for z in [0.05, 0.3, 0.77, 0.8, 0.95, 1.0, 1.3, 4.0] {
            for s in [size::ASSET_SUB, size::ASSET_NAME, size::ZONE_NAME] {
                assert!(n.text_size(s, z).is_none_or(|px| px >= n.min_text));
            }
        }
        assert_eq!(n.asset_lod(1.0), AssetLod::Full);
        assert_eq!(n.asset_lod(0.5), AssetLod::Chip);
        assert_eq!(n.asset_lod(0.1), AssetLod::Dot);
        // Workshop mode asks for more.
        let w = Legibility::WORKSHOP;
        assert!(w.min_text > n.min_text && w.title > n.title && w.badge > n.badge);
        assert!(n.readable(size::ASSET_NAME, 0.85) && !w.readable(size::ASSET_NAME, 0.85));
    }

    #[test]
    fn a_long_name_wraps_rather_than_being_cut() {
        let t = title(
            "Chemical feed & dosing",
            Rect::new(0.0, 0.0, 200.0, 120.0),
            "37 unmet",
        );
        let l = layout_titles(&[(&t, t.rect)], &VIEW, 0.5, &Legibility::NORMAL, false, &[]);
        let l = &l[0];
        assert!(!l.abbreviated);
        let joined: Vec<&str> = l.name.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined.join(" "), "Chemical feed & dosing");
        assert!(l.name_size() >= Legibility::NORMAL.title_min);
        assert!(l.badge.is_some());
    }

    #[test]
    fn a_name_that_cannot_fit_is_abbreviated_at_the_minimum() {
        let t = title(
            "Supercalifragilistic-expialidocious-control-network",
            Rect::new(0.0, 0.0, 150.0, 40.0),
            "3 unmet",
        );
        let l = layout_titles(&[(&t, t.rect)], &VIEW, 0.3, &Legibility::NORMAL, false, &[]);
        assert!(l[0].abbreviated && l[0].name[0].text.ends_with('…'));
        assert_eq!(l[0].name_size(), Legibility::NORMAL.title_min);
    }

    /// A zone too narrow for its name and a badge (a small zone at fit in workshop mode) keeps
    /// its name: whole when it fits, else abbreviated, without the badge.
    #[test]
    fn a_narrow_zone_keeps_its_name_without_the_badge() {
        let w = Legibility::WORKSHOP;
        let t = title("Office", Rect::new(0.0, 0.0, 110.0, 40.0), "no SL-T");
        let l = layout_titles(&[(&t, t.rect)], &VIEW, 0.2, &w, true, &[]);
        assert_eq!(l[0].name[0].text, "Office");
        assert!(l[0].badge.is_none() && !l[0].abbreviated);
        assert!(l[0].name_size() >= w.title_min);
        let t = title(
            "Industrial DMZ",
            Rect::new(0.0, 0.0, 110.0, 40.0),
            "no SL-T",
        );
        let l = layout_titles(&[(&t, t.rect)], &VIEW, 0.2, &w, true, &[]);
        assert!(l[0].abbreviated && l[0].name[0].text.starts_with("Indus"));
        assert!(l[0].badge.is_none());
        // A zone a line high: the name hugs its corner.
        let t = title("Maintenance", Rect::new(0.0, 0.0, 200.0, 23.0), "no SL-T");
        let l = layout_titles(&[(&t, t.rect)], &VIEW, 0.2, &w, true, &[]);
        assert_eq!(l[0].name[0].text, "Maintenance");
        assert!(l[0].name_rect.y + l[0].name_rect.h <= 23.0);
        // With room, the badge stays.
        let t = title("Office", Rect::new(0.0, 0.0, 300.0, 40.0), "no SL-T");
        let l = layout_titles(&[(&t, t.rect)], &VIEW, 0.2, &w, true, &[]);
        assert!(l[0].badge.is_some());
    }

    #[test]
    fn nested_titles_avoid_the_subzone() {
        let parent = title(
            "Treatment process control",
            Rect::new(0.0, 0.0, 700.0, 140.0),
            "44 unmet",
        );
        // A subzone near the parent's top right, under where its badge would go.
        let child = title(
            "Chemical feed & dosing",
            Rect::new(450.0, 26.0, 240.0, 90.0),
            "37 unmet",
        );
        let rects = [parent.rect, child.rect];
        let l = layout_titles(
            &[(&parent, parent.rect), (&child, child.rect)],
            &VIEW,
            0.5,
            &Legibility::WORKSHOP,
            true,
            &[],
        );
        assert_eq!(l.len(), 2);
        for r in l[0].rects() {
            assert!(!r.intersects(&rects[1]), "{r:?}");
            for q in l[1].rects() {
                assert!(!r.intersects(&q));
            }
        }
        for q in l[1].rects() {
            assert!(rects[1].contains_rect(&q));
        }
    }

    #[test]
    fn counts_and_kind_line_only_when_there_is_room() {
        let t = title("Control", Rect::new(0.0, 0.0, 400.0, 200.0), "met");
        let l = layout_titles(&[(&t, t.rect)], &VIEW, 0.2, &Legibility::NORMAL, true, &[]);
        let notes: Vec<&str> = l[0].notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(notes, ["12 assets · 3 short"]);
        // Zoomed in, the kind line is readable and shown; assets are drawn, no count.
        let l = layout_titles(&[(&t, t.rect)], &VIEW, 1.0, &Legibility::NORMAL, false, &[]);
        assert_eq!(l[0].notes[0].text, t.sub);
        // A zone too small for anything gets no title.
        let tiny = Rect::new(0.0, 0.0, 30.0, 12.0);
        assert!(
            layout_titles(&[(&t, tiny)], &VIEW, 0.05, &Legibility::NORMAL, true, &[]).is_empty()
        );
    }
}
