//! The view transform of the canvas: pan and zoom, world <-> screen points, and the fit and
//! frame requests that wait until the canvas size is known. Pure geometry: it may use `model`
//! and `diagram` (for bounds), nothing of the editor.

use egui::{Pos2, Rect, Vec2, vec2};

use crate::diagram::Diagram;
use crate::model::{Model, Point};

const MIN_ZOOM: f32 = 0.05;
const MAX_ZOOM: f32 = 6.0;

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
    pub(super) fn settle(&mut self, model: &Model, diagram: &Diagram) {
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

#[cfg(test)]
mod tests {
    use egui::pos2;

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
}
