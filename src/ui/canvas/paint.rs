//! Painting the canvas: the grid, the cached diagram's primitives culled to the view (with
//! moved elements drawn at their preview position), asset marks and zone titles of the semantic
//! zoom, the legend of the colour mode, the palette's drop preview, and the overlays (selection,
//! hover, handles, the drag in progress). Reads the editor's state; never pushes an edit.

use egui::{
    Color32, CornerRadius, FontFamily, FontId, Pos2, Rect, Stroke, StrokeKind, Vec2, pos2, vec2,
};

use super::gestures::handles;
use super::gestures::snap_point;
use super::view::View;
use super::{BOLD, Drag, GRID, HANDLE};
use crate::catalog::catalog;
use crate::diagram::overview::{self, AssetLod, Legibility, Placed, TitleLayout};
use crate::diagram::{self, ColorMode, HAlign, Item, Lod, Role, Shape, Weight};
use crate::model::{Asset, ElementId, Point, ZoneKind};
use crate::ui::Editor;
use crate::ui::edit::{self};

pub(super) fn color(c: diagram::Color) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a)
}

/// The grid lines of the view.
pub(super) fn grid_shapes(shapes: &mut Vec<egui::Shape>, view: &View) {
    let mut step = GRID;
    while step * view.zoom < 12.0 {
        step *= 5.0;
    }
    let w = view.world_view();
    let stroke = Stroke::new(1.0, Color32::from_gray(232));
    let major = Stroke::new(1.0, Color32::from_gray(220));
    let mut x = (w.x / step).floor() * step;
    while x <= w.x + w.w {
        let sx = view.to_screen(Point::new(x, 0.0)).x;
        let s = if (x / (step * 5.0)).fract().abs() < 1e-3 {
            major
        } else {
            stroke
        };
        shapes.push(egui::Shape::line_segment(
            [pos2(sx, view.rect.top()), pos2(sx, view.rect.bottom())],
            s,
        ));
        x += step;
    }
    let mut y = (w.y / step).floor() * step;
    while y <= w.y + w.h {
        let sy = view.to_screen(Point::new(0.0, y)).y;
        let s = if (y / (step * 5.0)).fract().abs() < 1e-3 {
            major
        } else {
            stroke
        };
        shapes.push(egui::Shape::line_segment(
            [pos2(view.rect.left(), sy), pos2(view.rect.right(), sy)],
            s,
        ));
        y += step;
    }
}

/// The elements being moved and by how much (world units): a drag in progress, else a dropped
/// move whose rebuild is still running. The diagram, the marks and the titles all draw this
/// one move.
pub(super) fn current_move(ed: &Editor) -> Option<(&crate::edit::MoveSet, Vec2)> {
    move_of(&ed.canvas.drag, &ed.canvas.settling)
}

/// [`current_move`] from the two places a move can be.
fn move_of<'a>(
    drag: &'a Drag,
    settling: &'a Option<(crate::edit::MoveSet, Vec2)>,
) -> Option<(&'a crate::edit::MoveSet, Vec2)> {
    match (drag, settling) {
        (Drag::Move { set, delta, .. }, _) | (_, Some((set, delta))) => Some((set, *delta)),
        _ => None,
    }
}

/// The preview offset (screen points) of an element being moved, else zero.
fn move_offset(ed: &Editor, el: &ElementId) -> Vec2 {
    match current_move(ed) {
        Some((set, delta)) if set.contains(el) => delta * ed.view.zoom,
        _ => Vec2::ZERO,
    }
}

/// Paints the visible diagram items; items of elements being moved are drawn at their preview
/// position. Level of detail: each text only when readable ([`Legibility::text_size`]), label
/// boxes and small marks only when their smallest text is, zone headers never (the titles are
/// laid out on screen instead), asset boxes only at [`AssetLod::Full`] (they are still hit
/// targets otherwise).
pub(super) fn diagram_shapes(
    shapes: &mut Vec<egui::Shape>,
    ed: &mut Editor,
    painter: &egui::Painter,
    leg: &Legibility,
    assets: AssetLod,
) {
    let view = &ed.view;
    let zoom = view.zoom;
    let detail = leg.readable(diagram::style::size::ASSET_SUB, zoom);
    let moving = move_of(&ed.canvas.drag, &ed.canvas.settling);
    let delta = moving.map_or(Vec2::ZERO, |(_, d)| d);
    let mut world = view.world_view();
    if moving.is_some() {
        // Moved items may come from outside the view.
        world = world.translate(-delta.x, -delta.y).union(&world);
    }
    let diagram = &ed.derived.diagram;
    let visible = &mut ed.canvas.visible;
    visible.clear();
    for (i, item) in diagram.items.iter().enumerate() {
        if !item.bounds.intersects(&world) {
            continue;
        }
        let offset = match (moving, &item.element) {
            (Some((set, _)), Some(el)) if set.contains(el) => delta * zoom,
            _ => Vec2::ZERO,
        };
        let drawn = match (item.role, &item.shape) {
            (Role::ZoneHeader, _) => false,
            (Role::AssetBody, _) if assets != AssetLod::Full => {
                // Not drawn, but still what a click on the asset's chip or dot hits.
                if offset == Vec2::ZERO && matches!(item.shape, Shape::Rect { fill: Some(_), .. }) {
                    visible.push(i);
                }
                false
            }
            (_, Shape::Text { size, .. }) => leg.readable(*size, zoom),
            _ => item.lod == Lod::Always || detail,
        };
        if !drawn {
            continue;
        }
        if offset == Vec2::ZERO {
            visible.push(i);
        }
        paint_item(shapes, painter, view, item, offset, (leg, detail));
    }
}

fn paint_item(
    out: &mut Vec<egui::Shape>,
    painter: &egui::Painter,
    view: &View,
    item: &Item,
    offset: Vec2,
    (leg, detail): (&Legibility, bool),
) {
    let zoom = view.zoom;
    let tp = |p: Point| view.to_screen(p) + offset;
    let stroke_of = |s: &diagram::Stroke| Stroke::new((s.width * zoom).max(0.6), color(s.color));
    match &item.shape {
        Shape::Rect {
            rect,
            radius,
            fill,
            stroke,
        } => {
            let r = view.rect_to_screen(rect).translate(offset);
            let radius = if detail { radius * zoom } else { 0.0 };
            let cr = CornerRadius::from(radius.min(255.0));
            if let Some(f) = fill {
                out.push(egui::Shape::rect_filled(r, cr, color(*f)));
            }
            if stroke.is_visible() {
                if stroke.dashed {
                    let pts = [
                        r.left_top(),
                        r.right_top(),
                        r.right_bottom(),
                        r.left_bottom(),
                        r.left_top(),
                    ];
                    out.extend(egui::Shape::dashed_line(&pts, stroke_of(stroke), 8.0, 5.0));
                } else {
                    out.push(egui::Shape::rect_stroke(
                        r,
                        cr,
                        stroke_of(stroke),
                        StrokeKind::Middle,
                    ));
                }
            }
        }
        Shape::Line { points, stroke } => {
            let pts: Vec<Pos2> = points.iter().map(|p| tp(*p)).collect();
            if stroke.dashed {
                out.extend(egui::Shape::dashed_line(&pts, stroke_of(stroke), 8.0, 5.0));
            } else {
                out.push(egui::Shape::line(pts, stroke_of(stroke)));
            }
        }
        Shape::Triangle { points, fill } => {
            out.push(egui::Shape::convex_polygon(
                points.iter().map(|p| tp(*p)).collect(),
                color(*fill),
                Stroke::NONE,
            ));
        }
        Shape::Circle {
            center,
            radius,
            fill,
            stroke,
        } => {
            out.push(egui::Shape::circle_filled(
                tp(*center),
                radius * zoom,
                color(*fill),
            ));
            if stroke.is_visible() {
                out.push(egui::Shape::circle_stroke(
                    tp(*center),
                    radius * zoom,
                    stroke_of(stroke),
                ));
            }
        }
        Shape::Text {
            pos,
            text,
            size,
            weight,
            color: c,
            align,
        } => {
            let family = match weight {
                Weight::Regular => FontFamily::Proportional,
                Weight::Bold => FontFamily::Name(BOLD.into()),
            };
            let anchor = match align {
                HAlign::Left => egui::Align2::LEFT_TOP,
                HAlign::Center => egui::Align2::CENTER_TOP,
                HAlign::Right => egui::Align2::RIGHT_TOP,
            };
            let Some(px) = leg.text_size(*size, zoom) else {
                return;
            };
            let galley = painter.layout_no_wrap(text.clone(), FontId::new(px, family), color(*c));
            let r = anchor.anchor_size(tp(*pos), galley.size());
            out.push(egui::Shape::galley(r.min, galley, color(*c)));
        }
    }
}

fn family(w: Weight) -> FontFamily {
    match w {
        Weight::Regular => FontFamily::Proportional,
        Weight::Bold => FontFamily::Name(BOLD.into()),
    }
}

fn to_egui(r: &crate::model::Rect) -> Rect {
    Rect::from_min_size(pos2(r.x, r.y), vec2(r.w, r.h))
}

fn from_egui(r: Rect) -> crate::model::Rect {
    crate::model::Rect::new(r.min.x, r.min.y, r.width(), r.height())
}

/// A line laid out by `diagram::overview`, centred vertically in its box.
fn placed_text(painter: &egui::Painter, p: &Placed, c: Color32) -> egui::Shape {
    let galley = painter.layout_no_wrap(p.text.clone(), FontId::new(p.size, family(p.weight)), c);
    let y = p.pos.y + (p.rect.h - galley.size().y) / 2.0;
    egui::Shape::galley(pos2(p.pos.x, y), galley, c)
}

/// An asset chip centred on `c`, with its gap dot to the right.
fn chip_rect(c: Pos2, glyph: &str, leg: &Legibility) -> Rect {
    let h = leg.chip_height();
    let text_w = diagram::text::width(glyph, leg.min_text, Weight::Bold);
    Rect::from_center_size(c, vec2((text_w + h * 0.5).max(h), h))
}

/// The radius of an asset dot on screen at `zoom`.
fn dot_radius(zoom: f32) -> f32 {
    (diagram::style::size::ASSET_H * zoom * 0.3).clamp(1.5, 4.5)
}

/// Assets whose names are too small to read: a chip with the kind glyph and a gap dot, or
/// (smaller still) a dot coloured by the gap.
pub(super) fn mark_shapes(
    shapes: &mut Vec<egui::Shape>,
    ed: &Editor,
    painter: &egui::Painter,
    leg: &Legibility,
    lod: AssetLod,
) {
    let view = &ed.view;
    let world = view.world_view().expand(diagram::style::size::ASSET_W);
    let moving = current_move(ed).is_some();
    let chip_h = leg.chip_height();
    let dot_r = dot_radius(view.zoom);
    for m in &ed.derived.diagram.asset_marks {
        if !world.contains_point(m.pos) {
            continue;
        }
        let offset = if moving {
            move_offset(ed, &ElementId::Asset(m.asset.clone()))
        } else {
            Vec2::ZERO
        };
        let c = view.to_screen(m.pos) + offset;
        let gap = color(m.gap.color());
        if lod == AssetLod::Chip {
            let r = chip_rect(c, &m.glyph, leg);
            shapes.push(egui::Shape::rect_filled(r, 3.0, color(m.glyph_color)));
            let galley = painter.layout_no_wrap(
                m.glyph.clone(),
                FontId::new(leg.min_text, family(Weight::Bold)),
                Color32::WHITE,
            );
            shapes.push(egui::Shape::galley(
                r.center() - galley.size() / 2.0,
                galley,
                Color32::WHITE,
            ));
            // The gap dot just right of the chip, clear of its text.
            let d = chip_h * 0.3;
            let at = r.right_center() + vec2(d + 1.0, 0.0);
            shapes.push(egui::Shape::circle_filled(at, d, gap));
            shapes.push(egui::Shape::circle_stroke(
                at,
                d,
                Stroke::new(1.0, Color32::WHITE),
            ));
        } else {
            shapes.push(egui::Shape::circle_filled(c, dot_r, gap));
        }
    }
}

/// Zone names, badges and (room permitting) the kind line or asset count, laid out on screen
/// at readable sizes by `diagram::overview::layout_titles`: long names wrap or are
/// abbreviated (the hover card shows them whole), nested zones' badges never collide.
pub(super) fn title_shapes(
    shapes: &mut Vec<egui::Shape>,
    ed: &mut Editor,
    painter: &egui::Painter,
    leg: &Legibility,
    assets: AssetLod,
) {
    // The layout depends on the diagram, the view and the text sizes only: an idle frame reuses
    // the last one (laying out a thousand titles against each other and the asset chips is the
    // largest part of a frame at fit on a large plant).
    let key = TitlesKey::of(ed, painter.ctx().pixels_per_point(), assets);
    let dragged = current_move(ed).map(|(set, delta)| (set.zones.clone(), delta));
    let layouts = if let Some((zones, delta)) = &dragged {
        let delta = *delta;
        // While something moves, the titles it reaches follow it frame by frame; the others
        // keep the layout of the frame before.
        let layouts = match ed.canvas.titles_moving {
            Some((k, before)) if k == key => {
                let cached = std::mem::take(&mut ed.canvas.titles);
                let view = &ed.view;
                let dirty: Vec<crate::model::Rect> = zones
                    .iter()
                    .filter_map(|z| ed.doc.model.zones.get(z))
                    .flat_map(|z| {
                        let r = view.rect_to_screen(&z.rect);
                        [
                            r.translate(before * view.zoom),
                            r.translate(delta * view.zoom),
                        ]
                    })
                    .map(from_egui)
                    .collect();
                relayout_where(ed, leg, assets, true, &dirty, cached)
            }
            _ => layout_titles_now(ed, leg, assets, true),
        };
        ed.canvas.titles_key = None;
        ed.canvas.titles_moving = Some((key, delta));
        layouts
    } else if ed.canvas.titles_key == Some(key) {
        std::mem::take(&mut ed.canvas.titles)
    } else if let Some(dirty) = patched_where(ed, leg, assets, key) {
        // Only patches since (moves, in-place edits): lay out again the titles they reach,
        // keep the others.
        let cached = std::mem::take(&mut ed.canvas.titles);
        let layouts = relayout_where(ed, leg, assets, false, &dirty, cached);
        ed.canvas.titles_key = Some(key);
        layouts
    } else {
        ed.canvas.titles_key = Some(key);
        layout_titles_now(ed, leg, assets, false)
    };
    if dragged.is_none() {
        ed.canvas.titles_moving = None;
    }
    let backing = Color32::from_rgba_unmultiplied(255, 255, 255, 215);
    let text = color(diagram::Color::TEXT);
    let muted = color(diagram::Color::MUTED);
    for l in &layouts {
        shapes.push(egui::Shape::rect_filled(
            to_egui(&l.name_rect).expand(1.5),
            3.0,
            backing,
        ));
        for p in &l.name {
            shapes.push(placed_text(painter, p, text));
        }
        if let Some((pill, label)) = &l.badge {
            shapes.push(egui::Shape::rect_filled(
                to_egui(pill),
                pill.h / 2.0,
                color(l.badge_color),
            ));
            shapes.push(placed_text(painter, label, Color32::WHITE));
        }
        for n in &l.notes {
            shapes.push(egui::Shape::rect_filled(
                to_egui(&n.rect).expand(1.0),
                2.0,
                backing,
            ));
            shapes.push(placed_text(painter, n, muted));
        }
    }
    ed.canvas.titles = layouts;
}

/// What the cached title layout was made for (see `title_shapes`): the diagram, the view,
/// the text sizes and the asset marks the titles keep clear of.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) struct TitlesKey {
    rebuilds: u64,
    view: [u32; 8],
    workshop: bool,
    assets: AssetLod,
}

impl TitlesKey {
    /// The key of the current frame, at `pixels_per_point`.
    pub(super) fn of(ed: &Editor, pixels_per_point: f32, assets: AssetLod) -> Self {
        let view = &ed.view;
        Self {
            rebuilds: ed.derived.rebuilds,
            view: [
                view.rect.min.x,
                view.rect.min.y,
                view.rect.max.x,
                view.rect.max.y,
                view.zoom,
                view.pan.x,
                view.pan.y,
                pixels_per_point,
            ]
            .map(f32::to_bits),
            workshop: ed.settings.workshop,
            assets,
        }
    }
}

/// The patches of the diagram since the cached title layout, when that layout was made for
/// the same view and nothing but patches came between.
fn patched_since(ed: &Editor, key: TitlesKey) -> Option<Vec<&diagram::Patched>> {
    let cached = ed.canvas.titles_key?;
    if (TitlesKey {
        rebuilds: key.rebuilds,
        ..cached
    }) != key
        || cached.rebuilds >= key.rebuilds
    {
        return None;
    }
    (cached.rebuilds + 1..=key.rebuilds)
        .map(|n| {
            ed.derived
                .patched
                .iter()
                .find(|(at, _)| *at == n)
                .map(|(_, p)| p)
        })
        .collect()
}

/// The zones in view (paint order) with their screen rectangles, and what titles should keep
/// clear of where they can: the asset chips, or the dots.
fn title_inputs<'a>(
    ed: &'a Editor,
    leg: &Legibility,
    assets: AssetLod,
    moving: bool,
) -> (
    Vec<(&'a diagram::ZoneTitle, crate::model::Rect)>,
    Vec<crate::model::Rect>,
) {
    let view = &ed.view;
    let world = view.world_view();
    let content = ed
        .derived
        .diagram
        .asset_marks
        .iter()
        .filter(|m| world.contains_point(m.pos))
        .filter_map(|m| content_rect(view, leg, assets, m))
        .collect();
    let zones = ed
        .derived
        .diagram
        .zone_titles
        .iter()
        .filter(|t| t.rect.intersects(&world))
        .map(|t| {
            let mut r = view.rect_to_screen(&t.rect);
            if moving {
                r = r.translate(move_offset(ed, &ElementId::Zone(t.zone.clone())));
            }
            (t, from_egui(r))
        })
        .collect();
    (zones, content)
}

/// The screen rectangle a title keeps clear of for an asset mark: its chip with the gap dot,
/// or its dot.
fn content_rect(
    view: &View,
    leg: &Legibility,
    assets: AssetLod,
    m: &diagram::AssetMark,
) -> Option<crate::model::Rect> {
    match assets {
        AssetLod::Chip => {
            let r = chip_rect(view.to_screen(m.pos), &m.glyph, leg);
            Some(from_egui(
                r.with_max_x(r.max.x + leg.chip_height() * 0.6 + 1.0),
            ))
        }
        AssetLod::Dot => {
            let r = dot_radius(view.zoom) + 1.0;
            let c = view.to_screen(m.pos);
            Some(crate::model::Rect::new(c.x - r, c.y - r, 2.0 * r, 2.0 * r))
        }
        AssetLod::Full => None,
    }
}

/// Lays out the zone titles of the current view (screen points).
pub(super) fn layout_titles_now(
    ed: &Editor,
    leg: &Legibility,
    assets: AssetLod,
    moving: bool,
) -> Vec<TitleLayout> {
    let (zones, content) = title_inputs(ed, leg, assets, moving);
    overview::layout_titles(
        &zones,
        &from_egui(ed.view.rect),
        ed.view.zoom,
        leg,
        assets == AssetLod::Dot,
        &content,
    )
}

/// Where the patches since the cached title layout (see [`patched_since`]) changed
/// something a title depends on, in screen points: the zones' rectangles before and after,
/// and the asset marks' before and after. `None` when anything but patches came between.
fn patched_where(
    ed: &Editor,
    leg: &Legibility,
    assets: AssetLod,
    key: TitlesKey,
) -> Option<Vec<crate::model::Rect>> {
    let patches = patched_since(ed, key)?;
    let view = &ed.view;
    let mut dirty: Vec<crate::model::Rect> = patches
        .iter()
        .flat_map(|p| &p.zones)
        .map(|r| from_egui(view.rect_to_screen(r)))
        .collect();
    dirty.extend(
        patches
            .iter()
            .flat_map(|p| &p.marks)
            .filter_map(|m| content_rect(view, leg, assets, m)),
    );
    Some(dirty)
}

/// The titles of the current view: laid out again where a `dirty` screen rectangle reaches
/// into the zone, else taken from `cached`.
fn relayout_where(
    ed: &Editor,
    leg: &Legibility,
    assets: AssetLod,
    moving: bool,
    dirty: &[crate::model::Rect],
    cached: Vec<TitleLayout>,
) -> Vec<TitleLayout> {
    let mut cached: std::collections::HashMap<crate::model::ZoneId, TitleLayout> =
        cached.into_iter().map(|l| (l.zone.clone(), l)).collect();
    let (zones, content) = title_inputs(ed, leg, assets, moving);
    let view = &ed.view;
    let near = overview::Near::new(&zones, &from_egui(view.rect), &content);
    zones
        .iter()
        .enumerate()
        .filter_map(|(i, (t, r))| {
            if dirty.iter().any(|d| d.intersects(r)) {
                near.layout(i, view.zoom, leg, assets == AssetLod::Dot)
            } else {
                cached.remove(&t.zone)
            }
        })
        .collect()
}

/// One piece of the legend, in reading order.
enum Piece {
    Text(String, bool),
    /// A swatch with its label written on it (short labels: levels, counts).
    Tag(Color32, Color32, String),
    /// A swatch with its label beside it.
    Swatch(Color32, Color32, String),
    Dot(Color32, String),
    /// Start a new row.
    Break,
}

/// The legend of the colour mode (and of the asset marks when assets are marks), small, in
/// the corner of the canvas where it covers the fewest zones.
pub(super) fn paint_legend(
    ed: &Editor,
    painter: &egui::Painter,
    leg: &Legibility,
    assets: AssetLod,
) {
    let canvas = ed.view.rect;
    if ed.doc.model.zones.is_empty() || canvas.width() < 300.0 || canvas.height() < 200.0 {
        return;
    }
    let pieces = legend_pieces(ed, assets);
    let max_w = (canvas.width() * 0.55).max(240.0);
    let (placed, size) = layout_legend(&pieces, leg.min_text, max_w);
    let origin = legend_corner(ed, size);
    paint_legend_pieces(
        painter,
        &placed,
        Rect::from_min_size(origin, size),
        leg.min_text,
    );
}

/// What the legend says: the colour mode's entries (only the zone kinds the model uses), the
/// badge when badges are shortened, and the asset marks when assets are marks.
fn legend_pieces(ed: &Editor, assets: AssetLod) -> Vec<Piece> {
    let model = &ed.doc.model;
    let mode = ColorMode::from(ed.settings.color_mode);
    let mut pieces = vec![Piece::Text(
        format!("{}:", diagram::legend_title(mode)),
        true,
    )];
    let entries = diagram::legend(mode);
    let entries: Vec<diagram::LegendEntry> = if mode == ColorMode::Kind {
        ZoneKind::ALL
            .iter()
            .zip(entries)
            .filter(|(k, _)| model.zones.values().any(|z| z.kind == **k))
            .map(|(_, e)| e)
            .collect()
    } else {
        entries
    };
    for e in entries {
        let (fill, stroke) = (color(e.fill), color(e.stroke));
        pieces.push(if mode != ColorMode::Kind {
            Piece::Tag(fill, stroke, e.label)
        } else {
            Piece::Swatch(fill, stroke, e.label)
        });
    }
    if ed.canvas.titles.iter().any(|t| t.compact_badge) {
        pieces.push(Piece::Break);
        pieces.push(Piece::Text("Badge:".to_owned(), true));
        pieces.push(Piece::Tag(
            color(diagram::Color::WARN),
            color(diagram::Color::WARN),
            "12".to_owned(),
        ));
        pieces.push(Piece::Text("unmet items".to_owned(), false));
    }
    if assets != AssetLod::Full {
        pieces.push(Piece::Break);
        pieces.push(Piece::Text("Assets:".to_owned(), true));
        for g in [
            diagram::AssetGap::Short,
            diagram::AssetGap::Met,
            diagram::AssetGap::Unassessed,
        ] {
            pieces.push(Piece::Dot(color(g.color()), g.label().to_owned()));
        }
    }
    pieces
}

/// The pieces in rows no wider than `max_w` at text size `s`, laid out at the origin, and the
/// size of the whole legend with its padding.
fn layout_legend(pieces: &[Piece], s: f32, max_w: f32) -> (Vec<(Rect, &Piece)>, Vec2) {
    let width_of = |t: &str, b: bool| {
        diagram::text::width(t, s, if b { Weight::Bold } else { Weight::Regular })
    };
    let row_h = s * 1.6;
    let sw = s * 1.15;
    let gap = s * 0.6;
    let pad = s * 0.5;
    let mut placed: Vec<(Rect, &Piece)> = Vec::new();
    let (mut x, mut y, mut width) = (0.0_f32, 0.0_f32, 0.0_f32);
    for p in pieces {
        let w = match p {
            Piece::Text(t, b) => width_of(t, *b),
            Piece::Tag(_, _, l) => (width_of(l, true) + s * 0.8).max(sw * 1.4),
            Piece::Swatch(_, _, l) | Piece::Dot(_, l) => sw + s * 0.3 + width_of(l, false),
            Piece::Break => {
                x = 0.0;
                y += row_h;
                continue;
            }
        };
        if x > 0.0 && x + w > max_w {
            x = 0.0;
            y += row_h;
        }
        placed.push((
            Rect::from_min_size(pos2(x + pad, y + pad), vec2(w, row_h)),
            p,
        ));
        x += w + gap;
        width = width.max(x - gap);
    }
    (placed, vec2(width + 2.0 * pad, y + row_h + 2.0 * pad))
}

/// The corner of the canvas where a legend of `size` covers the least zone area.
fn legend_corner(ed: &Editor, size: Vec2) -> Pos2 {
    let canvas = ed.view.rect;
    let margin = 8.0;
    let corners = [
        pos2(canvas.left() + margin, canvas.bottom() - margin - size.y),
        pos2(
            canvas.right() - margin - size.x,
            canvas.bottom() - margin - size.y,
        ),
        pos2(canvas.left() + margin, canvas.top() + margin),
        pos2(canvas.right() - margin - size.x, canvas.top() + margin),
    ];
    let zones: Vec<Rect> = ed
        .derived
        .diagram
        .zone_titles
        .iter()
        .map(|t| ed.view.rect_to_screen(&t.rect))
        .filter(|r| r.intersects(canvas))
        .collect();
    let covered = |r: Rect| -> f32 { zones.iter().map(|z| z.intersect(r).area().max(0.0)).sum() };
    corners
        .iter()
        .map(|c| (*c, covered(Rect::from_min_size(*c, size))))
        .fold(None, |best: Option<(Pos2, f32)>, (c, a)| match best {
            Some((_, b)) if b <= a => best,
            _ => Some((c, a)),
        })
        .map_or(corners[0], |(c, _)| c)
}

/// Paints the legend's frame and its laid-out pieces (text size `s`).
fn paint_legend_pieces(painter: &egui::Painter, placed: &[(Rect, &Piece)], frame: Rect, s: f32) {
    let sw = s * 1.15;
    let mut shapes = vec![
        egui::Shape::rect_filled(
            frame,
            4.0,
            Color32::from_rgba_unmultiplied(255, 255, 255, 235),
        ),
        egui::Shape::rect_stroke(
            frame,
            4.0,
            Stroke::new(1.0, Color32::from_gray(190)),
            StrokeKind::Inside,
        ),
    ];
    let text_color = color(diagram::Color::TEXT);
    let label = |shapes: &mut Vec<egui::Shape>, t: &str, left: Pos2, b: bool, c: Color32| {
        let fam = family(if b { Weight::Bold } else { Weight::Regular });
        let galley = painter.layout_no_wrap(t.to_owned(), FontId::new(s, fam), c);
        shapes.push(egui::Shape::galley(
            left - vec2(0.0, galley.size().y / 2.0),
            galley,
            c,
        ));
    };
    let swatch = |shapes: &mut Vec<egui::Shape>, sr: Rect, fill: Color32, stroke: Color32| {
        shapes.push(egui::Shape::rect_filled(sr, 2.0, fill));
        shapes.push(egui::Shape::rect_stroke(
            sr,
            2.0,
            Stroke::new(1.0, stroke),
            StrokeKind::Inside,
        ));
    };
    for (r, p) in placed {
        let r = r.translate(frame.min.to_vec2());
        match p {
            Piece::Text(t, b) => label(&mut shapes, t, r.left_center(), *b, text_color),
            Piece::Tag(fill, stroke, l) => {
                let sr = Rect::from_center_size(r.center(), vec2(r.width(), sw));
                swatch(&mut shapes, sr, *fill, *stroke);
                let c = if fill.intensity() < 0.45 {
                    Color32::WHITE
                } else {
                    text_color
                };
                let galley =
                    painter.layout_no_wrap(l.clone(), FontId::new(s, family(Weight::Bold)), c);
                shapes.push(egui::Shape::galley(
                    sr.center() - galley.size() / 2.0,
                    galley,
                    c,
                ));
            }
            Piece::Swatch(fill, stroke, l) => {
                let sr = Rect::from_min_size(r.left_center() - vec2(0.0, sw / 2.0), vec2(sw, sw));
                swatch(&mut shapes, sr, *fill, *stroke);
                let left = r.left_center() + vec2(sw + s * 0.3, 0.0);
                label(&mut shapes, l, left, false, text_color);
            }
            Piece::Dot(c, l) => {
                shapes.push(egui::Shape::circle_filled(
                    r.left_center() + vec2(sw / 2.0, 0.0),
                    sw * 0.35,
                    *c,
                ));
                let left = r.left_center() + vec2(sw + s * 0.3, 0.0);
                label(&mut shapes, l, left, false, text_color);
            }
            Piece::Break => {}
        }
    }
    painter.extend(shapes);
}

/// Selection, hover, handles and in-progress gestures, over the diagram.
pub(super) fn paint_overlays(ed: &Editor, painter: &egui::Painter) {
    let view = &ed.view;
    let model = &ed.doc.model;
    let accent = Color32::from_rgb(0x1e, 0x6f, 0xd9);
    let delta = match &ed.canvas.drag {
        Drag::Move { delta, .. } => *delta * view.zoom,
        _ => Vec2::ZERO,
    };
    if let Some(h) = &ed.canvas.hover
        && !ed.selection.contains(h)
        && let Some(r) = outline_rect(ed, h)
    {
        painter.rect_stroke(
            r.expand(2.0),
            3.0,
            Stroke::new(1.5, accent.gamma_multiply(0.5)),
            StrokeKind::Outside,
        );
    }
    for el in &ed.selection {
        if let Some(r) = outline_rect(ed, el) {
            painter.rect_stroke(
                r.expand(2.0).translate(delta),
                3.0,
                Stroke::new(2.0, accent),
                StrokeKind::Outside,
            );
        }
    }
    if let [ElementId::Zone(z)] = ed.selection.iter().collect::<Vec<_>>()[..]
        && let Some(zone) = model.zones.get(z)
        && !matches!(ed.canvas.drag, Drag::Move { .. })
    {
        let r = match &ed.canvas.drag {
            Drag::Resize { rect, .. } => *rect,
            _ => zone.rect,
        };
        for h in handles(view, &r) {
            let hr = Rect::from_center_size(h, vec2(HANDLE, HANDLE));
            painter.rect_filled(hr, 1.0, Color32::WHITE);
            painter.rect_stroke(hr, 1.0, Stroke::new(1.5, accent), StrokeKind::Middle);
        }
    }
    match &ed.canvas.drag {
        Drag::Resize { rect, .. } => {
            painter.rect_stroke(
                view.rect_to_screen(rect),
                4.0,
                Stroke::new(2.0, accent),
                StrokeKind::Middle,
            );
        }
        Drag::NewZone { start, end } => {
            let r = Rect::from_two_pos(view.to_screen(*start), view.to_screen(*end));
            painter.rect_filled(r, 4.0, accent.gamma_multiply(0.12));
            painter.rect_stroke(r, 4.0, Stroke::new(1.5, accent), StrokeKind::Middle);
        }
        Drag::NewConduit { from, end } => {
            if let Some(z) = model.zones.get(from) {
                let a = view.to_screen(z.rect.center());
                let b = view.to_screen(*end);
                painter.extend(egui::Shape::dashed_line(
                    &[a, b],
                    Stroke::new(2.5, accent),
                    8.0,
                    5.0,
                ));
                painter.circle_filled(b, 4.0, accent);
            }
        }
        Drag::Rubber { start, end, .. } => {
            let r = Rect::from_two_pos(view.to_screen(*start), view.to_screen(*end));
            painter.rect_filled(r, 0.0, accent.gamma_multiply(0.08));
            painter.rect_stroke(r, 0.0, Stroke::new(1.0, accent), StrokeKind::Middle);
        }
        _ => {}
    }
}

/// The screen rectangle to outline for an element.
fn outline_rect(ed: &Editor, el: &ElementId) -> Option<Rect> {
    let model = &ed.doc.model;
    match el {
        // Labels are in conduit id order (the layout walks the model's conduits in order).
        ElementId::Conduit(c) => ed
            .derived
            .diagram
            .conduit_labels
            .binary_search_by(|(id, _)| id.cmp(c))
            .ok()
            .and_then(|i| ed.derived.diagram.conduit_labels.get(i))
            .map(|(_, r)| ed.view.rect_to_screen(r))
            .or_else(|| edit::element_rect(model, el).map(|r| ed.view.rect_to_screen(&r))),
        ElementId::Countermeasure(_) => None,
        _ => edit::element_rect(model, el).map(|r| ed.view.rect_to_screen(&r)),
    }
}

/// Where a kind dragged from the palette will land, while it hovers over the canvas.
pub(super) fn paint_drop_preview(
    ed: &Editor,
    ui: &egui::Ui,
    response: &egui::Response,
    painter: &egui::Painter,
) {
    if let Some(kind) = response.dnd_hover_payload::<String>()
        && let Some(p) = ui.input(|i| i.pointer.hover_pos())
    {
        // Where a kind dragged from the palette will land.
        let at = snap_point(ed.view.to_world(p), ed.settings.snap);
        let ghost = Asset::new("", "", kind.as_str(), at);
        let r = ed.view.rect_to_screen(&edit::asset_rect(&ghost));
        let accent = Color32::from_rgb(0x1e, 0x6f, 0xd9);
        painter.rect_filled(r, 4.0, accent.gamma_multiply(0.15));
        painter.rect_stroke(r, 4.0, Stroke::new(1.5, accent), StrokeKind::Middle);
        painter.text(
            r.center(),
            egui::Align2::CENTER_CENTER,
            catalog().asset_kind_name(&kind),
            FontId::proportional((11.5 * ed.view.zoom).clamp(8.0, 18.0)),
            accent,
        );
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn legend_rows_wrap_within_the_width_and_stay_inside_the_frame() {
        let pieces: Vec<Piece> = (0..12)
            .map(|i| Piece::Swatch(Color32::WHITE, Color32::BLACK, format!("Zone kind {i}")))
            .chain([Piece::Break, Piece::Text("Assets:".to_owned(), true)])
            .collect();
        let (placed, size) = layout_legend(&pieces, 11.0, 300.0);
        assert_eq!(placed.len(), 13, "a break is not drawn");
        let frame = Rect::from_min_size(Pos2::ZERO, size);
        assert!(size.x <= 300.0 + 11.0, "{size:?}");
        let rows: std::collections::BTreeSet<i32> =
            placed.iter().map(|(r, _)| r.top() as i32).collect();
        assert!(rows.len() >= 3, "wrapped into rows: {rows:?}");
        for (r, _) in &placed {
            assert!(frame.contains_rect(*r), "{r:?} outside {frame:?}");
        }
    }

    use super::super::install_fonts;
    use super::*;

    #[test]
    fn canvas_text_measures_as_in_the_layout() {
        let ctx = egui::Context::default();
        install_fonts(&ctx);
        let mut widths = Vec::new();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            for (text, weight, family) in [
                (
                    "Domain controller 12",
                    Weight::Regular,
                    FontFamily::Proportional,
                ),
                (
                    "Plant DMZ · SL-T {3 3 3 3 3 3 3}",
                    Weight::Regular,
                    FontFamily::Proportional,
                ),
                (
                    "Treatment control",
                    Weight::Bold,
                    FontFamily::Name(BOLD.into()),
                ),
            ] {
                let galley = ui.painter().layout_no_wrap(
                    text.to_owned(),
                    FontId::new(14.0, family),
                    Color32::BLACK,
                );
                widths.push((galley.size().x, diagram::text::width(text, 14.0, weight)));
            }
        });
        output.textures_delta.clear();
        for (egui_w, layout_w) in widths {
            assert!(
                (egui_w - layout_w).abs() <= layout_w * 0.03 + 1.0,
                "egui {egui_w} vs layout {layout_w}"
            );
        }
    }
}
