//! Pointer and keyboard input on the canvas: navigation (pan, zoom), hit testing, the drags
//! of the tools (move, resize, rubber band, new zone, new conduit), clicks, the hover card, the
//! in-place name editor, and the edits these make (pushed as commands through the editor's
//! queue: add a zone, place an asset, rename). Uses `edit` for the model edits.

use std::collections::BTreeSet;

use egui::{FontId, Pos2, Vec2, vec2};

use super::view::View;
use super::{Drag, GRID, HANDLE, InlineRename};
use crate::catalog::catalog;
use crate::diagram::{Diagram, Lod, Shape};
use crate::model::{
    Asset, Command, Conduit, ConduitId, ElementId, Model, Point, Zone, ZoneId, ZoneKind,
};
use crate::ui::Editor;
use crate::ui::actions::Tool;
use crate::ui::edit::{self, MoveSet};

/// Shows the in-place name editor over its element: Enter or a click elsewhere keeps the
/// name, Escape drops the edit.
pub(super) fn inline_rename(ed: &mut Editor, ui: &mut egui::Ui) {
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

/// A function telling which conduit (line or label) lies under a world point, from the diagram.
pub(crate) fn conduit_under(diagram: &Diagram) -> impl Fn(&Model, Point) -> Option<ConduitId> + '_ {
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

pub(super) fn snap(v: f32, on: bool) -> f32 {
    if on { (v / GRID).round() * GRID } else { v }
}

pub(super) fn snap_point(p: Point, on: bool) -> Point {
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
pub(super) fn handles(view: &View, r: &crate::model::Rect) -> [Pos2; 8] {
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

pub(super) fn input_navigation(ed: &mut Editor, ui: &egui::Ui, response: &egui::Response) {
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

/// The pointer and the modifiers of this frame, read once for every gesture step.
struct PointerInput {
    /// The view as the frame started (drags in this frame use it).
    view: View,
    /// Hit-test tolerance in world units.
    tol: f32,
    pointer: Option<Pos2>,
    press_origin: Option<Pos2>,
    /// The pointer in world coordinates.
    world: Option<Point>,
    shift: bool,
    space: bool,
    snap: bool,
}

/// Turns this frame's pointer input on the canvas into hover, drags, clicks and the cursor.
pub(super) fn interact(ed: &mut Editor, ui: &egui::Ui, response: &egui::Response) {
    let view = ed.view.clone();
    let (pointer, press_origin, shift, space) = ui.input(|i| {
        (
            i.pointer.hover_pos(),
            i.pointer.press_origin(),
            i.modifiers.shift,
            i.key_down(egui::Key::Space),
        )
    });
    let input = PointerInput {
        tol: 6.0 / view.zoom,
        world: pointer.map(|p| view.to_world(p)),
        view,
        pointer,
        press_origin,
        shift,
        space,
        snap: ed.settings.snap,
    };

    // Hover.
    ed.canvas.hover = if response.hovered() {
        input.pointer.and_then(|s| hit_at(ed, s, input.tol))
    } else {
        None
    };

    // A kind dropped from the palette.
    if let Some(kind) = response.dnd_release_payload::<String>()
        && let Some(p) = input.world
    {
        place_asset(ed, &kind, snap_point(p, input.snap));
        return;
    }

    primary_drag(ed, response, &input);
    primary_click(ed, response, &input);
    if response.double_clicked()
        && let Some(el) = input.pointer.and_then(|s| hit_at(ed, s, input.tol))
    {
        ed.tab = crate::ui::Tab::Inspector;
        ed.selection = std::iter::once(el.clone()).collect();
        ed.canvas.start_rename(&ed.doc.model, el);
    }
    if response.secondary_clicked() {
        secondary_click(ed, &input);
    }
    hover_feedback(ed, ui, response, input.space);
}

/// Starts, updates and finishes a primary-button drag.
fn primary_drag(ed: &mut Editor, response: &egui::Response, input: &PointerInput) {
    if response.drag_started_by(egui::PointerButton::Primary)
        && let Some(origin) = input.press_origin
    {
        ed.canvas.drag = start_drag(ed, input, origin);
    }

    if response.dragged_by(egui::PointerButton::Primary)
        && let Some(p) = input.world
    {
        update_drag(ed, response, input, p);
    }

    if response.drag_stopped_by(egui::PointerButton::Primary) {
        let drag = std::mem::take(&mut ed.canvas.drag);
        finish_drag(ed, drag, input.world);
    }
}

/// The drag a press at `origin` starts: pan with Space held, else what the tool does.
fn start_drag(ed: &mut Editor, input: &PointerInput, origin: Pos2) -> Drag {
    let start = input.view.to_world(origin);
    let snap_on = input.snap;
    if input.space {
        return Drag::Pan;
    }
    match ed.tool.clone() {
        Tool::Zone => Drag::NewZone {
            start: snap_point(start, snap_on),
            end: snap_point(start, snap_on),
        },
        Tool::Conduit => match edit::zone_at(&ed.doc.model, start, &BTreeSet::new()) {
            Some(from) => Drag::NewConduit { from, end: start },
            None => {
                ed.say("Start a conduit on a zone and drag to another".to_owned());
                Drag::None
            }
        },
        Tool::Select | Tool::Asset(_) => {
            start_select_drag(ed, &input.view, origin, start, input.shift)
        }
    }
}

/// Follows the pointer (at world point `p`) with the drag in progress.
fn update_drag(ed: &mut Editor, response: &egui::Response, input: &PointerInput, p: Point) {
    let snap_on = input.snap;
    match &mut ed.canvas.drag {
        Drag::Pan => ed.view.pan -= response.drag_delta() / input.view.zoom,
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

/// A primary click: places the armed asset kind, else selects what is under the pointer.
fn primary_click(ed: &mut Editor, response: &egui::Response, input: &PointerInput) {
    if response.clicked_by(egui::PointerButton::Primary)
        && let Some(p) = input.world
    {
        match ed.tool.clone() {
            Tool::Asset(kind) => {
                place_asset(ed, &kind, snap_point(p, input.snap));
                // One placement, then back to selecting; Shift keeps the kind armed.
                if !input.shift {
                    ed.tool = Tool::Select;
                }
            }
            _ => {
                let h = input.pointer.and_then(|s| hit_at(ed, s, input.tol));
                click_select(ed, h, input.shift);
            }
        }
    }
}

/// A right click: selects the element under the pointer (unless already selected) and makes
/// it the context menu's target.
fn secondary_click(ed: &mut Editor, input: &PointerInput) {
    let target = input.pointer.and_then(|s| hit_at(ed, s, input.tol));
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

/// The hover card of the element under the pointer and the cursor of the tool or drag.
fn hover_feedback(ed: &Editor, ui: &egui::Ui, response: &egui::Response, space: bool) {
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
                ed.say("A zone needs at least 40 × 40: drag a larger rectangle".to_owned());
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
                ed.say(
                    "A conduit joins two zones: release over another zone (not a parent)"
                        .to_owned(),
                );
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
fn place_asset(ed: &mut Editor, kind: &str, p: Point) {
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

/// Renames any element.
pub(super) fn rename(ed: &mut Editor, el: &ElementId, name: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
