//! The zone canvas: paints the cached `Diagram` (culled to the view, with semantic zoom: text
//! only at readable sizes, zone titles laid out on screen by `diagram::overview`, assets as
//! chips or dots when their names are too small, a legend of the colour mode) and turns
//! pointer gestures into commands: select, rubber band, move with preview (one `Translate`
//! batch on release), resize handles, the zone, conduit and asset tools, pan and zoom, and the
//! right-click menu. Selection, hover and handles are drawn here, on top of the diagram.

use std::collections::BTreeSet;

use egui::{
    Color32, CornerRadius, FontFamily, FontId, Pos2, Rect, Sense, Stroke, StrokeKind, Vec2, pos2,
    vec2,
};

use super::Editor;
use super::actions::{Action, Tool};
use super::edit::{self, MoveSet};
use crate::catalog::catalog;
use crate::diagram::overview::{self, AssetLod, Legibility, Placed, TitleLayout};
use crate::diagram::{self, ColorMode, Diagram, HAlign, Item, Lod, Role, Shape, Weight};
use crate::model::{
    Asset, Command, Conduit, ConduitId, ElementId, Model, Point, SecurityLevel, SlVector, Zone,
    ZoneId, ZoneKind,
};

/// Grid spacing in world units; snapping rounds to it.
pub const GRID: f32 = 20.0;
const MIN_ZOOM: f32 = 0.05;
const MAX_ZOOM: f32 = 6.0;
/// How much workshop mode scales the whole interface (egui's zoom factor), for a projector.
pub const WORKSHOP_SCALE: f32 = 1.5;
/// In workshop mode the side panel, when shown, covers at most this share of the window.
pub const WORKSHOP_SIDE_SHARE: f32 = 0.25;
const HANDLE: f32 = 8.0;
const BOLD: &str = "bold";

/// Pan and zoom. `pan` is the world point at the canvas's top-left corner.
#[derive(Clone, Debug)]
pub struct View {
    pub pan: Vec2,
    pub zoom: f32,
    /// The canvas rectangle of the last frame (screen points).
    pub rect: Rect,
    pending: Option<Pending>,
}

#[derive(Clone, Copy, Debug)]
enum Pending {
    Fit,
    Frame(crate::model::Rect),
    Zoom(f32),
}

impl Default for View {
    fn default() -> Self {
        Self {
            pan: vec2(-40.0, -40.0),
            zoom: 1.0,
            rect: Rect::NOTHING,
            pending: Some(Pending::Fit),
        }
    }
}

impl View {
    pub fn to_screen(&self, p: Point) -> Pos2 {
        self.rect.min + (vec2(p.x, p.y) - self.pan) * self.zoom
    }

    pub fn to_world(&self, p: Pos2) -> Point {
        let v = (p - self.rect.min) / self.zoom + self.pan;
        Point::new(v.x, v.y)
    }

    pub fn rect_to_screen(&self, r: &crate::model::Rect) -> Rect {
        Rect::from_min_max(self.to_screen(r.min()), self.to_screen(r.max()))
    }

    /// The world rectangle the canvas shows.
    pub fn world_view(&self) -> crate::model::Rect {
        let a = self.to_world(self.rect.min);
        let b = self.to_world(self.rect.max);
        crate::model::Rect::new(a.x, a.y, b.x - a.x, b.y - a.y)
    }

    /// Fit everything on the next frame.
    pub fn request_fit(&mut self) {
        self.pending = Some(Pending::Fit);
    }

    /// Frame a world rectangle on the next frame.
    pub fn request_frame(&mut self, r: crate::model::Rect) {
        self.pending = Some(Pending::Frame(r));
    }

    pub fn set_zoom_centered(&mut self, zoom: f32) {
        if self.rect.is_positive() {
            let c = self.rect.center();
            self.zoom_about(c, zoom / self.zoom);
        } else {
            self.pending = Some(Pending::Zoom(zoom));
        }
    }

    pub fn zoom_by(&mut self, factor: f32) {
        if self.rect.is_positive() {
            let c = self.rect.center();
            self.zoom_about(c, factor);
        }
    }

    /// Zooms by `factor` keeping the world point under `screen` in place.
    pub fn zoom_about(&mut self, screen: Pos2, factor: f32) {
        let before = self.to_world(screen);
        self.zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let offset = (screen - self.rect.min) / self.zoom;
        self.pan = vec2(before.x, before.y) - offset;
    }

    fn frame(&mut self, r: crate::model::Rect) {
        if !self.rect.is_positive() {
            return;
        }
        let margin = 40.0;
        let avail = self.rect.size() - vec2(2.0 * margin, 2.0 * margin);
        let zx = avail.x / r.w.max(1.0);
        let zy = avail.y / r.h.max(1.0);
        self.zoom = zx.min(zy).clamp(MIN_ZOOM, 2.0);
        let c = r.center();
        self.pan = vec2(c.x, c.y) - self.rect.size() / (2.0 * self.zoom);
    }

    /// Applies a pending fit or zoom once the canvas size is known.
    fn settle(&mut self, model: &Model, diagram: &Diagram) {
        if !self.rect.is_positive() {
            return;
        }
        match self.pending.take() {
            Some(Pending::Fit) => {
                let b = if diagram.items.is_empty() {
                    model.bounds()
                } else {
                    Some(diagram.bounds)
                };
                match b {
                    Some(b) => self.frame(b),
                    None => {
                        self.zoom = 1.0;
                        self.pan = vec2(-40.0, -40.0);
                    }
                }
            }
            Some(Pending::Frame(r)) => self.frame(r.expand(30.0)),
            Some(Pending::Zoom(z)) => self.set_zoom_centered(z),
            None => {}
        }
    }
}

/// What a primary-button drag on the canvas is doing.
#[derive(Clone, Debug, Default)]
enum Drag {
    #[default]
    None,
    Pan,
    Move {
        set: MoveSet,
        start: Point,
        delta: Vec2,
    },
    Resize {
        zone: ZoneId,
        handle: usize,
        rect: crate::model::Rect,
    },
    NewZone {
        start: Point,
        end: Point,
    },
    NewConduit {
        from: ZoneId,
        end: Point,
    },
    Rubber {
        start: Point,
        end: Point,
        additive: bool,
    },
}

/// Transient canvas state: never in the model.
#[derive(Default)]
pub struct CanvasState {
    drag: Drag,
    hover: Option<ElementId>,
    context_target: Option<ElementId>,
    rename: Option<String>,
    /// The name being edited in place on the canvas (F2, double-click, a new zone).
    inline: Option<InlineRename>,
    /// Indices of the diagram items drawn this frame (hit testing walks only these).
    visible: Vec<usize>,
    /// The zone titles painted this frame, screen points.
    titles: Vec<TitleLayout>,
    /// What `titles` was laid out for (`None` while something moves).
    titles_key: Option<TitlesKey>,
    /// A move dropped while the diagram that shows it is still being rebuilt (a large plant):
    /// its elements are drawn where they were dropped until then.
    settling: Option<(MoveSet, Vec2)>,
    pub ctx: Option<egui::Context>,
}

impl CanvasState {
    /// Drops an unfinished gesture (Escape, or the document changed under it).
    pub fn cancel_gesture(&mut self) {
        self.drag = Drag::None;
    }

    /// Starts editing `el`'s name in place (its text field takes the keyboard focus).
    pub fn start_rename(&mut self, model: &Model, el: ElementId) {
        let text = model.name_of(el.as_str()).to_owned();
        self.inline = Some(InlineRename {
            el,
            text,
            focused: false,
            waited: false,
        });
    }

    /// The element whose name is being edited in place, if any (tests).
    pub fn renaming(&self) -> Option<&ElementId> {
        self.inline.as_ref().map(|r| &r.el)
    }
}

/// An in-place name editor on the canvas.
struct InlineRename {
    el: ElementId,
    text: String,
    /// Focus was requested (on its first frame).
    focused: bool,
    /// It waited a frame for its element to be added.
    waited: bool,
}

/// Shows the in-place name editor over its element: Enter or a click elsewhere keeps the
/// name, Escape drops the edit.
fn inline_rename(ed: &mut Editor, ui: &mut egui::Ui) {
    let Some(mut r) = ed.canvas.inline.take() else {
        return;
    };
    let Some(world) = edit::element_rect(&ed.doc.model, &r.el) else {
        // A new element lands with the edits applied after this frame: wait a frame for it.
        // Otherwise it went away (undo, delete) and there is nothing to rename.
        if !r.focused && !r.waited {
            r.waited = true;
            ed.canvas.inline = Some(r);
        }
        return;
    };
    let screen = ed.view.rect_to_screen(&world);
    let font = FontId::proportional(if ed.settings.workshop { 18.0 } else { 14.0 });
    let h = font.size + 10.0;
    let w = screen.width().clamp(160.0, 420.0);
    let at = egui::Rect::from_min_size(screen.left_top() + egui::vec2(2.0, 2.0), egui::vec2(w, h))
        .intersect(ed.view.rect.shrink(2.0));
    let id = ui.make_persistent_id(("inline-rename", r.el.as_str()));
    let edit = egui::TextEdit::singleline(&mut r.text)
        .id(id)
        .font(font)
        .desired_width(w - 8.0);
    // From the raw events: egui consumes the Escape that takes the focus away from a field.
    let cancelled = ui.input(|i| {
        i.raw.events.iter().any(|e| {
            matches!(
                e,
                egui::Event::Key {
                    key: egui::Key::Escape,
                    pressed: true,
                    ..
                }
            )
        })
    });
    let resp = ui.put(at, edit);
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Name on canvas"));
    if !r.focused {
        resp.request_focus();
        r.focused = true;
        ed.canvas.inline = Some(r);
        return;
    }
    if resp.lost_focus() || !resp.has_focus() {
        if !cancelled {
            rename(ed, &r.el, &r.text);
        }
        return;
    }
    ed.canvas.inline = Some(r);
}

/// Registers DejaVu Sans Condensed (the diagram's font) as the proportional family and as a
/// `bold` family, ahead of egui's defaults which stay as fallbacks.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "dejavu".to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(diagram::text::REGULAR_TTF)),
    );
    fonts.font_data.insert(
        "dejavu-bold".to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(diagram::text::BOLD_TTF)),
    );
    let fallback = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    let mut regular = vec!["dejavu".to_owned()];
    regular.extend(fallback.iter().cloned());
    let mut bold = vec!["dejavu-bold".to_owned()];
    bold.extend(fallback);
    fonts.families.insert(FontFamily::Proportional, regular);
    fonts.families.insert(FontFamily::Name(BOLD.into()), bold);
    ctx.set_fonts(fonts);
}

impl Editor {
    /// The zone titles the canvas painted in the last frame (screen points), for tests.
    pub fn canvas_titles(&self) -> &[TitleLayout] {
        &self.canvas.titles
    }

    /// The readable text sizes of the current mode.
    pub fn legibility(&self) -> Legibility {
        if self.settings.workshop {
            Legibility::WORKSHOP
        } else {
            Legibility::NORMAL
        }
    }
}

fn color(c: diagram::Color) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a)
}

/// A function telling which conduit (line or label) lies under a world point, from the diagram.
pub fn conduit_under(diagram: &Diagram) -> impl Fn(&Model, Point) -> Option<ConduitId> + '_ {
    move |model: &Model, p: Point| {
        for (id, r) in diagram.conduit_labels.iter().rev() {
            if r.contains_point(p) && model.conduits.contains_key(id) {
                return Some(id.clone());
            }
        }
        for item in diagram.items.iter().rev() {
            if let (Some(ElementId::Conduit(c)), Shape::Line { points, stroke }) =
                (&item.element, &item.shape)
                && item.lod == Lod::Always
                && item.bounds.expand(6.0).contains_point(p)
                && polyline_distance(points, p) <= 6.0 + stroke.width
                && model.conduits.contains_key(c)
            {
                return Some(c.clone());
            }
        }
        None
    }
}

fn polyline_distance(points: &[Point], p: Point) -> f32 {
    points
        .windows(2)
        .map(|w| segment_distance(w[0], w[1], p))
        .fold(f32::INFINITY, f32::min)
}

fn segment_distance(a: Point, b: Point, p: Point) -> f32 {
    let ab = vec2(b.x - a.x, b.y - a.y);
    let ap = vec2(p.x - a.x, p.y - a.y);
    let len2 = ab.length_sq();
    let t = if len2 > 0.0 {
        (ap.dot(ab) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (ap - ab * t).length()
}

fn snap(v: f32, on: bool) -> f32 {
    if on { (v / GRID).round() * GRID } else { v }
}

fn snap_point(p: Point, on: bool) -> Point {
    Point::new(snap(p.x, on), snap(p.y, on))
}

/// The topmost element under a world point among the items drawn this frame.
fn hit(diagram: &Diagram, visible: &[usize], p: Point, tol: f32) -> Option<ElementId> {
    for &i in visible.iter().rev() {
        let Some(item) = diagram.items.get(i) else {
            continue;
        };
        let Some(el) = &item.element else { continue };
        let inside = match &item.shape {
            Shape::Rect { rect, .. } => rect.contains_point(p),
            Shape::Line { points, .. } => {
                item.lod == Lod::Always && polyline_distance(points, p) <= tol
            }
            Shape::Circle { .. } | Shape::Triangle { .. } | Shape::Text { .. } => {
                item.bounds.contains_point(p)
            }
        };
        if inside {
            return Some(el.clone());
        }
    }
    None
}

/// What is under the screen point `at`: a zone title painted there first (a title covers asset
/// marks zoomed out, and dragging it moves its zone at every zoom), else the diagram's items.
fn hit_at(ed: &Editor, at: Pos2, tol: f32) -> Option<ElementId> {
    let sp = Point::new(at.x, at.y);
    let title = ed
        .canvas
        .titles
        .iter()
        .rev()
        .find(|t| t.rects().any(|r| r.contains_point(sp)))
        .filter(|t| ed.doc.model.zones.contains_key(&t.zone));
    if let Some(t) = title {
        return Some(ElementId::Zone(t.zone.clone()));
    }
    hit(
        &ed.derived.diagram,
        &ed.canvas.visible,
        ed.view.to_world(at),
        tol,
    )
}

/// The eight resize handles of a zone in screen space: corners then edge midpoints.
fn handles(view: &View, r: &crate::model::Rect) -> [Pos2; 8] {
    let s = view.rect_to_screen(r);
    [
        s.left_top(),
        s.right_top(),
        s.right_bottom(),
        s.left_bottom(),
        s.center_top(),
        s.right_center(),
        s.center_bottom(),
        s.left_center(),
    ]
}

/// A zone rectangle resized by dragging handle `h` to world point `p`.
fn resized(r: &crate::model::Rect, h: usize, p: Point) -> crate::model::Rect {
    let (mut x0, mut y0, mut x1, mut y1) = (r.x, r.y, r.x + r.w, r.y + r.h);
    let min = 60.0;
    match h {
        0 => (x0, y0) = (p.x.min(x1 - min), p.y.min(y1 - min)),
        1 => (x1, y0) = (p.x.max(x0 + min), p.y.min(y1 - min)),
        2 => (x1, y1) = (p.x.max(x0 + min), p.y.max(y0 + min)),
        3 => (x0, y1) = (p.x.min(x1 - min), p.y.max(y0 + min)),
        4 => y0 = p.y.min(y1 - min),
        5 => x1 = p.x.max(x0 + min),
        6 => y1 = p.y.max(y0 + min),
        _ => x0 = p.x.min(x1 - min),
    }
    crate::model::Rect::new(x0, y0, x1 - x0, y1 - y0)
}

/// Shows the canvas in the remaining space of `ui`.
pub fn show(ed: &mut Editor, ui: &mut egui::Ui) {
    let rect = ui.available_rect_before_wrap();
    let response = ui.allocate_rect(rect, Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Zone canvas"));
    ed.view.rect = rect;
    ed.view.settle(&ed.doc.model, &ed.derived.diagram);
    if !ed.rebuild_pending() {
        ed.canvas.settling = None;
    }

    input_navigation(ed, ui, &response);

    let painter = ui.painter_at(rect);
    let high_contrast = ed.settings.workshop;
    painter.rect_filled(
        rect,
        0.0,
        if high_contrast {
            Color32::WHITE
        } else {
            Color32::from_rgb(0xf7, 0xf8, 0xfa)
        },
    );
    if ed.settings.grid {
        paint_grid(&painter, &ed.view);
    }
    let leg = ed.legibility();
    let assets = leg.asset_lod(ed.view.zoom);
    paint_diagram(ed, &painter, &leg, assets);
    if assets != AssetLod::Full {
        paint_asset_marks(ed, &painter, &leg, assets);
    }
    paint_titles(ed, &painter, &leg, assets);
    paint_legend(ed, &painter, &leg, assets);
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
    interact(ed, ui, &response);
    paint_overlays(ed, &painter);
    context_menu(ed, &response);
    inline_rename(ed, ui);

    if ed.doc.model.zones.is_empty() && ed.doc.model.assets.is_empty() {
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "Empty model — pick the Zone tool (Z) and drag a rectangle to draw a zone,\nthen place assets from the palette on the left.",
            FontId::proportional(15.0),
            Color32::from_gray(110),
        );
    }
}

fn input_navigation(ed: &mut Editor, ui: &egui::Ui, response: &egui::Response) {
    if response.dragged_by(egui::PointerButton::Middle) {
        ed.view.pan -= response.drag_delta() / ed.view.zoom;
    }
    if response.contains_pointer() {
        let (zoom, scroll, pointer) =
            ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta, i.pointer.hover_pos()));
        if zoom != 1.0
            && let Some(p) = pointer
        {
            ed.view.zoom_about(p, zoom);
        }
        if scroll != Vec2::ZERO {
            ed.view.pan -= scroll / ed.view.zoom;
        }
    }
}

fn paint_grid(painter: &egui::Painter, view: &View) {
    let mut step = GRID;
    while step * view.zoom < 12.0 {
        step *= 5.0;
    }
    let w = view.world_view();
    let stroke = Stroke::new(1.0, Color32::from_gray(232));
    let major = Stroke::new(1.0, Color32::from_gray(220));
    let mut x = (w.x / step).floor() * step;
    let mut shapes = Vec::new();
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
    painter.extend(shapes);
}

/// The preview offset (screen points) of an element being moved, else zero.
fn move_offset(ed: &Editor, el: &ElementId) -> Vec2 {
    if let Some((set, delta)) = &ed.canvas.settling
        && set.contains(el)
    {
        return *delta * ed.view.zoom;
    }
    match &ed.canvas.drag {
        Drag::Move { set, delta, .. } if set.contains(el) => *delta * ed.view.zoom,
        _ => Vec2::ZERO,
    }
}

/// Paints the visible diagram items; items of elements being moved are drawn at their preview
/// position. Level of detail: each text only when readable ([`Legibility::text_size`]), label
/// boxes and small marks only when their smallest text is, zone headers never (the titles are
/// laid out on screen instead), asset boxes only at [`AssetLod::Full`] (they are still hit
/// targets otherwise).
fn paint_diagram(ed: &mut Editor, painter: &egui::Painter, leg: &Legibility, assets: AssetLod) {
    let view = &ed.view;
    let zoom = view.zoom;
    let detail = leg.readable(diagram::style::size::ASSET_SUB, zoom);
    let (moving, delta) = match (&ed.canvas.drag, &ed.canvas.settling) {
        (Drag::Move { set, delta, .. }, _) | (_, Some((set, delta))) => (Some(set), *delta),
        _ => (None, Vec2::ZERO),
    };
    let mut world = view.world_view();
    if moving.is_some() {
        // Moved items may come from outside the view.
        world = world.translate(-delta.x, -delta.y).union(&world);
    }
    let diagram = &ed.derived.diagram;
    let visible = &mut ed.canvas.visible;
    visible.clear();
    let mut shapes = Vec::with_capacity(256);
    for (i, item) in diagram.items.iter().enumerate() {
        if !item.bounds.intersects(&world) {
            continue;
        }
        let offset = match (moving, &item.element) {
            (Some(set), Some(el)) if set.contains(el) => delta * zoom,
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
        paint_item(&mut shapes, painter, view, item, offset, (leg, detail));
    }
    painter.extend(shapes);
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

/// Assets whose names are too small to read: a chip with the kind glyph and a gap dot, or
/// (smaller still) a dot coloured by the gap.
fn paint_asset_marks(ed: &Editor, painter: &egui::Painter, leg: &Legibility, lod: AssetLod) {
    let view = &ed.view;
    let world = view.world_view().expand(diagram::style::size::ASSET_W);
    let moving = matches!(ed.canvas.drag, Drag::Move { .. });
    let chip_h = leg.chip_height();
    let dot_r = (diagram::style::size::ASSET_H * view.zoom * 0.3).clamp(1.5, 4.5);
    let mut shapes = Vec::new();
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
    painter.extend(shapes);
}

/// Zone names, badges and (room permitting) the kind line or asset count, laid out on screen
/// at readable sizes by `diagram::overview::layout_titles`: long names wrap or are
/// abbreviated (the hover card shows them whole), nested zones' badges never collide.
fn paint_titles(ed: &mut Editor, painter: &egui::Painter, leg: &Legibility, assets: AssetLod) {
    let view = &ed.view;
    let moving = matches!(ed.canvas.drag, Drag::Move { .. }) || ed.canvas.settling.is_some();
    // The layout depends on the diagram, the view and the text sizes only: an idle frame reuses
    // the last one (laying out a thousand titles against each other and the asset chips is the
    // largest part of a frame at fit on a large plant).
    let key = TitlesKey {
        rebuilds: ed.derived.rebuilds,
        view: [
            view.rect.min.x,
            view.rect.min.y,
            view.rect.max.x,
            view.rect.max.y,
            view.zoom,
            view.pan.x,
            view.pan.y,
            painter.ctx().pixels_per_point(),
        ]
        .map(f32::to_bits),
        workshop: ed.settings.workshop,
        assets,
    };
    let layouts = if !moving && ed.canvas.titles_key == Some(key) {
        std::mem::take(&mut ed.canvas.titles)
    } else {
        ed.canvas.titles_key = (!moving).then_some(key);
        layout_titles_now(ed, leg, assets, moving)
    };
    let backing = Color32::from_rgba_unmultiplied(255, 255, 255, 215);
    let text = color(diagram::Color::TEXT);
    let muted = color(diagram::Color::MUTED);
    let mut shapes = Vec::new();
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
    painter.extend(shapes);
    ed.canvas.titles = layouts;
}

/// What the cached title layout was made for (see `paint_titles`).
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) struct TitlesKey {
    rebuilds: u64,
    view: [u32; 8],
    workshop: bool,
    assets: AssetLod,
}

/// Lays out the zone titles of the current view (screen points).
fn layout_titles_now(
    ed: &Editor,
    leg: &Legibility,
    assets: AssetLod,
    moving: bool,
) -> Vec<TitleLayout> {
    let view = &ed.view;
    let chips: Vec<crate::model::Rect> = if assets == AssetLod::Chip {
        let world = view.world_view();
        ed.derived
            .diagram
            .asset_marks
            .iter()
            .filter(|m| world.contains_point(m.pos))
            .map(|m| {
                // The chip and its gap dot.
                let r = chip_rect(view.to_screen(m.pos), &m.glyph, leg);
                from_egui(r.with_max_x(r.max.x + leg.chip_height() * 0.6 + 1.0))
            })
            .collect()
    } else {
        Vec::new()
    };
    let world = view.world_view();
    let zones: Vec<(&diagram::ZoneTitle, crate::model::Rect)> = ed
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
    overview::layout_titles(
        &zones,
        &from_egui(view.rect),
        view.zoom,
        leg,
        assets == AssetLod::Dot,
        &chips,
    )
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
fn paint_legend(ed: &Editor, painter: &egui::Painter, leg: &Legibility, assets: AssetLod) {
    let model = &ed.doc.model;
    let canvas = ed.view.rect;
    if model.zones.is_empty() || canvas.width() < 300.0 || canvas.height() < 200.0 {
        return;
    }
    let mode = ColorMode::from(ed.settings.color_mode);
    let mut pieces = vec![Piece::Text(
        format!("{}:", diagram::legend_title(mode)),
        true,
    )];
    let entries = diagram::legend(mode);
    let entries: Vec<diagram::LegendEntry> = if mode == ColorMode::Kind {
        // Only the kinds this model uses.
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

    let s = leg.min_text;
    let bold = |t: &str, b: bool| {
        diagram::text::width(t, s, if b { Weight::Bold } else { Weight::Regular })
    };
    let row_h = s * 1.6;
    let sw = s * 1.15;
    let gap = s * 0.6;
    let pad = s * 0.5;
    let max_w = (canvas.width() * 0.55).max(240.0);
    // Lay out at the origin, then move to the chosen corner.
    let mut placed: Vec<(Rect, &Piece)> = Vec::new();
    let (mut x, mut y, mut width) = (0.0_f32, 0.0_f32, 0.0_f32);
    for p in &pieces {
        let w = match p {
            Piece::Text(t, b) => bold(t, *b),
            Piece::Tag(_, _, l) => (bold(l, true) + s * 0.8).max(sw * 1.4),
            Piece::Swatch(_, _, l) | Piece::Dot(_, l) => sw + s * 0.3 + bold(l, false),
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
        placed.push((Rect::from_min_size(pos2(x, y), vec2(w, row_h)), p));
        x += w + gap;
        width = width.max(x - gap);
    }
    let size = vec2(width + 2.0 * pad, y + row_h + 2.0 * pad);
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
    let origin = corners
        .iter()
        .map(|c| (*c, covered(Rect::from_min_size(*c, size))))
        .fold(None, |best: Option<(Pos2, f32)>, (c, a)| match best {
            Some((_, b)) if b <= a => best,
            _ => Some((c, a)),
        })
        .map_or(corners[0], |(c, _)| c);
    let frame = Rect::from_min_size(origin, size);
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
    let at = |r: &Rect| r.translate(origin.to_vec2() + vec2(pad, pad));
    let label = |shapes: &mut Vec<egui::Shape>, t: &str, left: Pos2, b: bool, c: Color32| {
        let fam = family(if b { Weight::Bold } else { Weight::Regular });
        let galley = painter.layout_no_wrap(t.to_owned(), FontId::new(s, fam), c);
        shapes.push(egui::Shape::galley(
            left - vec2(0.0, galley.size().y / 2.0),
            galley,
            c,
        ));
    };
    for (r, p) in &placed {
        let r = at(r);
        match p {
            Piece::Text(t, b) => label(&mut shapes, t, r.left_center(), *b, text_color),
            Piece::Tag(fill, stroke, l) => {
                let sr = Rect::from_center_size(r.center(), vec2(r.width(), sw));
                shapes.push(egui::Shape::rect_filled(sr, 2.0, *fill));
                shapes.push(egui::Shape::rect_stroke(
                    sr,
                    2.0,
                    Stroke::new(1.0, *stroke),
                    StrokeKind::Inside,
                ));
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
                shapes.push(egui::Shape::rect_filled(sr, 2.0, *fill));
                shapes.push(egui::Shape::rect_stroke(
                    sr,
                    2.0,
                    Stroke::new(1.0, *stroke),
                    StrokeKind::Inside,
                ));
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
fn paint_overlays(ed: &Editor, painter: &egui::Painter) {
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

fn interact(ed: &mut Editor, ui: &egui::Ui, response: &egui::Response) {
    let view = ed.view.clone();
    let tol = 6.0 / view.zoom;
    let (pointer, press_origin, shift, space) = ui.input(|i| {
        (
            i.pointer.hover_pos(),
            i.pointer.press_origin(),
            i.modifiers.shift,
            i.key_down(egui::Key::Space),
        )
    });
    let snap_on = ed.settings.snap;
    let world_pointer = pointer.map(|p| view.to_world(p));

    // Hover.
    ed.canvas.hover = if response.hovered() {
        pointer.and_then(|s| hit_at(ed, s, tol))
    } else {
        None
    };

    // A kind dropped from the palette.
    if let Some(kind) = response.dnd_release_payload::<String>()
        && let Some(p) = world_pointer
    {
        place_asset(ed, &kind, snap_point(p, snap_on));
        return;
    }

    if response.drag_started_by(egui::PointerButton::Primary)
        && let Some(origin) = press_origin
    {
        let start = view.to_world(origin);
        ed.canvas.drag = if space {
            Drag::Pan
        } else {
            match ed.tool.clone() {
                Tool::Zone => Drag::NewZone {
                    start: snap_point(start, snap_on),
                    end: snap_point(start, snap_on),
                },
                Tool::Conduit => match edit::zone_at(&ed.doc.model, start, &BTreeSet::new()) {
                    Some(from) => Drag::NewConduit { from, end: start },
                    None => {
                        ed.status = "Start a conduit on a zone and drag to another".to_owned();
                        Drag::None
                    }
                },
                Tool::Select | Tool::Asset(_) => start_select_drag(ed, &view, origin, start, shift),
            }
        };
    }

    if response.dragged_by(egui::PointerButton::Primary)
        && let Some(p) = world_pointer
    {
        match &mut ed.canvas.drag {
            Drag::Pan => ed.view.pan -= response.drag_delta() / view.zoom,
            Drag::Move { start, delta, .. } => {
                *delta = vec2(snap(p.x - start.x, snap_on), snap(p.y - start.y, snap_on));
            }
            Drag::Resize { zone, handle, rect } => {
                if let Some(z) = ed.doc.model.zones.get(zone) {
                    *rect = resized(&z.rect, *handle, snap_point(p, snap_on));
                }
            }
            Drag::NewZone { end, .. } => *end = snap_point(p, snap_on),
            Drag::NewConduit { end, .. } | Drag::Rubber { end, .. } => *end = p,
            Drag::None => {}
        }
    }

    if response.drag_stopped_by(egui::PointerButton::Primary) {
        let drag = std::mem::take(&mut ed.canvas.drag);
        finish_drag(ed, drag, world_pointer);
    }

    if response.clicked_by(egui::PointerButton::Primary)
        && let Some(p) = world_pointer
    {
        match ed.tool.clone() {
            Tool::Asset(kind) => {
                place_asset(ed, &kind, snap_point(p, snap_on));
                // One placement, then back to selecting; Shift keeps the kind armed.
                if !shift {
                    ed.tool = Tool::Select;
                }
            }
            _ => {
                let h = pointer.and_then(|s| hit_at(ed, s, tol));
                click_select(ed, h, shift);
            }
        }
    }
    if response.double_clicked()
        && let Some(el) = pointer.and_then(|s| hit_at(ed, s, tol))
    {
        ed.tab = super::Tab::Inspector;
        ed.selection = std::iter::once(el.clone()).collect();
        ed.canvas.start_rename(&ed.doc.model, el);
    }

    if response.secondary_clicked() {
        let target = pointer.and_then(|s| hit_at(ed, s, tol));
        if let Some(t) = &target
            && !ed.selection.contains(t)
        {
            ed.selection = std::iter::once(t.clone()).collect();
        }
        ed.canvas.rename = target
            .as_ref()
            .map(|t| ed.doc.model.name_of(t.as_str()).to_owned());
        ed.canvas.context_target = target;
    }

    if let Some(h) = ed.canvas.hover.clone()
        && matches!(ed.canvas.drag, Drag::None)
    {
        response
            .clone()
            .on_hover_ui_at_pointer(|ui| hover_card(ed, ui, &h));
    }

    if response.hovered() {
        let icon = match (&ed.tool, &ed.canvas.drag) {
            (_, Drag::Pan) => egui::CursorIcon::Grabbing,
            (_, Drag::Move { .. }) => egui::CursorIcon::Move,
            (Tool::Zone | Tool::Asset(_), _) => egui::CursorIcon::Crosshair,
            (Tool::Conduit, _) => egui::CursorIcon::Alias,
            _ if space => egui::CursorIcon::Grab,
            _ => egui::CursorIcon::Default,
        };
        ui.ctx().set_cursor_icon(icon);
    }
}

/// The tooltip for the element under the pointer.
fn hover_card(ed: &Editor, ui: &mut egui::Ui, el: &ElementId) {
    let model = &ed.doc.model;
    let deltas = &ed.derived.analysis.deltas;
    ui.strong(model.name_of(el.as_str()));
    match el {
        ElementId::Zone(z) => {
            if let Some(z) = model.zones.get(z) {
                ui.label(format!("Zone {} · {}", z.id, z.kind.label()));
                ui.label(
                    z.sl_t
                        .map_or_else(|| "no SL-T".to_owned(), |t| format!("SL-T {t}")),
                );
            }
            if let Some(d) = deltas.zone(el.as_str()) {
                ui.label(format!(
                    "SL-A {} · SL-C {} · {} unmet",
                    d.delta
                        .sl_a
                        .map_or_else(|| "–".to_owned(), |a| a.to_string()),
                    d.delta.sl_c_label(),
                    d.delta.unmet.len()
                ));
            }
        }
        ElementId::Asset(a) => {
            if let Some(a) = model.assets.get(a) {
                ui.label(format!(
                    "Asset {} · {}",
                    a.id,
                    catalog().asset_kind_name(&a.kind)
                ));
                ui.label(format!("SL-C {}", a.sl_c));
                let place = match &a.placement {
                    crate::model::Placement::Zone(z) => {
                        format!("in zone {}", model.name_of(z.as_str()))
                    }
                    crate::model::Placement::Conduit(c) => {
                        format!("boundary device of {}", model.name_of(c.as_str()))
                    }
                    crate::model::Placement::Unplaced => "not in any zone".to_owned(),
                };
                ui.label(place);
            }
        }
        ElementId::Conduit(c) => {
            if let Some(c) = model.conduits.get(c) {
                let joins: Vec<&str> = c.zones.iter().map(|z| model.name_of(z.as_str())).collect();
                ui.label(format!("Conduit {} · joins {}", c.id, joins.join(", ")));
                ui.label(format!("{} channels", c.channels.len()));
            }
        }
        ElementId::Countermeasure(_) => {}
    }
    ui.weak("Double-click for the inspector, right-click for more");
}

fn start_select_drag(
    ed: &mut Editor,
    view: &View,
    origin: Pos2,
    start: Point,
    shift: bool,
) -> Drag {
    // Handles of a single selected zone come first.
    if let [ElementId::Zone(z)] = ed.selection.iter().collect::<Vec<_>>()[..]
        && let Some(zone) = ed.doc.model.zones.get(z)
    {
        for (i, h) in handles(view, &zone.rect).iter().enumerate() {
            if h.distance(origin) <= HANDLE {
                return Drag::Resize {
                    zone: z.clone(),
                    handle: i,
                    rect: zone.rect,
                };
            }
        }
    }
    let tol = 6.0 / view.zoom;
    match hit_at(ed, origin, tol) {
        Some(el) => {
            if !ed.selection.contains(&el) {
                if !shift {
                    ed.selection.clear();
                }
                ed.selection.insert(el);
            }
            Drag::Move {
                set: MoveSet::of(&ed.doc.model, &ed.selection),
                start,
                delta: Vec2::ZERO,
            }
        }
        None => Drag::Rubber {
            start,
            end: start,
            additive: shift,
        },
    }
}

fn click_select(ed: &mut Editor, h: Option<ElementId>, shift: bool) {
    match (h, shift) {
        (Some(el), true) => {
            if !ed.selection.remove(&el) {
                ed.selection.insert(el);
            }
        }
        (Some(el), false) => ed.selection = std::iter::once(el).collect(),
        (None, false) => ed.selection.clear(),
        (None, true) => {}
    }
}

fn finish_drag(ed: &mut Editor, drag: Drag, end: Option<Point>) {
    let model = &ed.doc.model;
    match drag {
        Drag::Move { set, delta, .. } => {
            let cmd = edit::move_selection(
                model,
                &ed.selection,
                delta.x,
                delta.y,
                conduit_under(&ed.derived.diagram),
            );
            let label = format!("Move {}", edit::describe(&ed.selection));
            ed.push(label, cmd);
            if delta != Vec2::ZERO {
                ed.canvas.settling = Some((set, delta));
            }
        }
        Drag::Resize { zone, rect, .. } => {
            if let Some(z) = model.zones.get(&zone)
                && z.rect != rect
            {
                let mut z = z.clone();
                z.rect = rect;
                let label = format!("Resize zone {}", z.name);
                ed.push(label, Command::PutZone(z));
            }
        }
        Drag::NewZone { start, end: e } => {
            let e = end.map_or(e, |p| snap_point(p, ed.settings.snap));
            let r = crate::model::Rect::new(
                start.x.min(e.x),
                start.y.min(e.y),
                (e.x - start.x).abs(),
                (e.y - start.y).abs(),
            );
            if r.w >= 40.0 && r.h >= 40.0 {
                add_zone(ed, r);
            } else {
                ed.status = "A zone needs at least 40 × 40: drag a larger rectangle".to_owned();
            }
        }
        Drag::NewConduit { from, end: e } => {
            let e = end.unwrap_or(e);
            let exclude: BTreeSet<ZoneId> = std::iter::once(from.clone()).collect();
            // The zone under the pointer that is not the start zone nor one of its ancestors.
            let to = edit::zone_at(model, e, &exclude);
            if let Some(to) = to.filter(|t| !model.ancestors(&from).contains(t)) {
                let id = model.fresh_id("C");
                let name = format!(
                    "{} – {}",
                    model.name_of(from.as_str()),
                    model.name_of(to.as_str())
                );
                let c = Conduit::new(id.as_str(), name, vec![from, to]);
                ed.selection = std::iter::once(ElementId::Conduit(c.id.clone())).collect();
                ed.push("Add conduit", Command::PutConduit(c));
                ed.tool = Tool::Select;
            } else {
                ed.status = "A conduit joins two zones: release over another zone (not a parent)"
                    .to_owned();
            }
        }
        Drag::Rubber {
            start,
            end: e,
            additive,
        } => {
            let e = end.unwrap_or(e);
            let band = crate::model::Rect::new(
                start.x.min(e.x),
                start.y.min(e.y),
                (e.x - start.x).abs(),
                (e.y - start.y).abs(),
            );
            if !additive {
                ed.selection.clear();
            }
            for z in model.zones.values() {
                if band.contains_rect(&z.rect) {
                    ed.selection.insert(ElementId::Zone(z.id.clone()));
                }
            }
            for a in model.assets.values() {
                if band.contains_rect(&edit::asset_rect(a)) {
                    ed.selection.insert(ElementId::Asset(a.id.clone()));
                }
            }
            for (c, r) in &ed.derived.diagram.conduit_labels {
                if band.contains_rect(r) {
                    ed.selection.insert(ElementId::Conduit(c.clone()));
                }
            }
        }
        Drag::Pan | Drag::None => {}
    }
}

fn add_zone(ed: &mut Editor, r: crate::model::Rect) {
    let model = &ed.doc.model;
    let id = model.fresh_id("Z");
    let n = model.zones.len() + 1;
    let parent = edit::zone_containing(model, &r, &BTreeSet::new());
    let kind = parent
        .as_ref()
        .and_then(|p| model.zones.get(p))
        .map_or(ZoneKind::Control, |p| p.kind);
    let mut z = Zone::new(id.as_str(), format!("Zone {n}"), kind, r);
    z.parent = parent;
    let el = ElementId::Zone(z.id.clone());
    ed.selection = std::iter::once(el.clone()).collect();
    // Typing next names it: its name field has the focus.
    ed.canvas.inline = Some(InlineRename {
        el,
        text: z.name.clone(),
        focused: false,
        waited: false,
    });
    ed.push("Add zone", Command::PutZone(z));
    ed.tool = Tool::Select;
}

/// Places an asset of catalog kind `kind` at `p`, joining the conduit or zone under it.
pub fn place_asset(ed: &mut Editor, kind: &str, p: Point) {
    let Some(k) = catalog().asset_kind(kind) else {
        return;
    };
    let model = &ed.doc.model;
    let id = model.fresh_id("A");
    let n = model.assets.values().filter(|a| a.kind == kind).count() + 1;
    let mut a = Asset::new(id.as_str(), format!("{} {n}", k.name), kind, p);
    a.classes = k.classes.clone();
    a.flags = k.flags;
    a.placement = edit::placement_at(model, p, &conduit_under(&ed.derived.diagram));
    ed.selection = std::iter::once(ElementId::Asset(a.id.clone())).collect();
    ed.push(format!("Add {}", k.name), Command::PutAsset(a));
}

/// Sets the SL-T of a zone or conduit (None clears it).
pub fn set_sl_t(ed: &mut Editor, el: &ElementId, v: Option<SlVector>) {
    let model = &ed.doc.model;
    match el {
        ElementId::Zone(z) => {
            if let Some(z) = model.zones.get(z)
                && z.sl_t != v
            {
                let mut z = z.clone();
                z.sl_t = v;
                ed.push(format!("Set SL-T of {}", z.name), Command::PutZone(z));
            }
        }
        ElementId::Conduit(c) => {
            if let Some(c) = model.conduits.get(c)
                && c.sl_t != v
            {
                let mut c = c.clone();
                c.sl_t = v;
                ed.push(format!("Set SL-T of {}", c.name), Command::PutConduit(c));
            }
        }
        _ => {}
    }
}

/// Renames any element.
pub fn rename(ed: &mut Editor, el: &ElementId, name: &str) {
    let model = &ed.doc.model;
    let name = name.trim().to_owned();
    if name.is_empty() || model.name_of(el.as_str()) == name {
        return;
    }
    let cmd = match el {
        ElementId::Zone(z) => model.zones.get(z).map(|z| {
            let mut z = z.clone();
            z.name.clone_from(&name);
            Command::PutZone(z)
        }),
        ElementId::Asset(a) => model.assets.get(a).map(|a| {
            let mut a = a.clone();
            a.name.clone_from(&name);
            Command::PutAsset(a)
        }),
        ElementId::Conduit(c) => model.conduits.get(c).map(|c| {
            let mut c = c.clone();
            c.name.clone_from(&name);
            Command::PutConduit(c)
        }),
        ElementId::Countermeasure(c) => model.countermeasures.get(c).map(|c| {
            let mut c = c.clone();
            c.name.clone_from(&name);
            Command::PutCountermeasure(c)
        }),
    };
    if let Some(cmd) = cmd {
        ed.push(format!("Rename to “{name}”"), cmd);
    }
}

fn context_menu(ed: &mut Editor, response: &egui::Response) {
    response.context_menu(|ui| {
        let target = ed.canvas.context_target.clone();
        match target {
            Some(el) => element_menu(ed, ui, &el),
            None => {
                for a in [Action::Paste, Action::SelectAll, Action::ZoomFit] {
                    if ui
                        .add_enabled(ed.enabled(&a), egui::Button::new(a.label()))
                        .clicked()
                    {
                        ed.act(a);
                        ui.close();
                    }
                }
            }
        }
    });
}

fn element_menu(ed: &mut Editor, ui: &mut egui::Ui, el: &ElementId) {
    ui.label(egui::RichText::new(ed.doc.model.name_of(el.as_str()).to_owned()).strong());
    ui.horizontal(|ui| {
        let l = ui.label("Rename");
        let mut name = ed.canvas.rename.clone().unwrap_or_default();
        let r = ui.text_edit_singleline(&mut name).labelled_by(l.id);
        if r.changed() {
            ed.canvas.rename = Some(name.clone());
        }
        if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            rename(ed, el, &name);
            ui.close();
        }
    });
    if matches!(el, ElementId::Zone(_) | ElementId::Conduit(_)) {
        ui.menu_button("SL-T preset", |ui| {
            for l in 1..=SecurityLevel::MAX {
                if ui.button(format!("All FRs at SL {l}")).clicked() {
                    set_sl_t(
                        ed,
                        el,
                        Some(SlVector::uniform(SecurityLevel::saturating(l))),
                    );
                    ui.close();
                }
            }
            if ui.button("No SL-T (not assessed)").clicked() {
                set_sl_t(ed, el, None);
                ui.close();
            }
        });
        let sources: Vec<(String, SlVector)> = ed
            .doc
            .model
            .zones
            .values()
            .filter(|z| z.id.as_str() != el.as_str())
            .filter_map(|z| z.sl_t.map(|v| (format!("{} {v}", z.name), v)))
            .collect();
        ui.add_enabled_ui(!sources.is_empty(), |ui| {
            ui.menu_button("Copy SL-T from…", |ui| {
                for (name, v) in sources {
                    if ui.button(name).clicked() {
                        set_sl_t(ed, el, Some(v));
                        ui.close();
                    }
                }
            });
        });
    }
    if let ElementId::Conduit(c) = el
        && let Some(c) = ed.doc.model.conduits.get(c)
    {
        let v = edit::conduit_sl_t_from_zones(&ed.doc.model, c);
        if ui
            .add_enabled(
                v.is_some(),
                egui::Button::new("SL-T from the zones it joins"),
            )
            .clicked()
        {
            set_sl_t(ed, el, v);
            ui.close();
        }
    }
    if let ElementId::Zone(z) = el
        && ui.button("Select contents").clicked()
    {
        let m = &ed.doc.model;
        let zones = m.zone_and_descendants(z);
        let mut sel: BTreeSet<ElementId> = zones
            .iter()
            .skip(1)
            .map(|z| ElementId::Zone(z.clone()))
            .collect();
        for a in m.assets.values() {
            if a.placement.zone().is_some_and(|az| zones.contains(az)) {
                sel.insert(ElementId::Asset(a.id.clone()));
            }
        }
        ed.selection = sel;
        ui.close();
    }
    ui.separator();
    for a in [
        Action::ZoomSelection,
        Action::Copy,
        Action::Duplicate,
        Action::Delete,
    ] {
        if ui
            .add_enabled(ed.enabled(&a), egui::Button::new(a.label()))
            .clicked()
        {
            ed.act(a);
            ui.close();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_round_trips_and_zooms_about_a_point() {
        let mut v = View {
            rect: Rect::from_min_size(pos2(100.0, 50.0), vec2(800.0, 600.0)),
            ..View::default()
        };
        let p = Point::new(123.0, 45.0);
        let s = v.to_screen(p);
        let back = v.to_world(s);
        assert!((back.x - p.x).abs() < 1e-3 && (back.y - p.y).abs() < 1e-3);
        let anchor = pos2(400.0, 300.0);
        let before = v.to_world(anchor);
        v.zoom_about(anchor, 2.0);
        let after = v.to_world(anchor);
        assert!((before.x - after.x).abs() < 1e-3 && (before.y - after.y).abs() < 1e-3);
        assert_eq!(v.zoom, 2.0);
    }

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

    #[test]
    fn resize_keeps_a_minimum() {
        let r = crate::model::Rect::new(0.0, 0.0, 200.0, 100.0);
        let n = resized(&r, 2, Point::new(300.0, 250.0));
        assert_eq!(n, crate::model::Rect::new(0.0, 0.0, 300.0, 250.0));
        let n = resized(&r, 0, Point::new(500.0, 500.0));
        assert_eq!(n.w, 60.0);
        assert_eq!(n.h, 60.0);
    }

    #[test]
    fn distance_to_segments() {
        let pts = [
            Point::new(0.0, 0.0),
            Point::new(10.0, 0.0),
            Point::new(10.0, 10.0),
        ];
        assert_eq!(polyline_distance(&pts, Point::new(5.0, 3.0)), 3.0);
        assert_eq!(polyline_distance(&pts, Point::new(12.0, 5.0)), 2.0);
    }
}
