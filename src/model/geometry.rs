//! World-space geometry of the diagram. The model has its own small types so that nothing below
//! the UI depends on egui; the UI converts at its boundary.

use serde::{Deserialize, Serialize};

/// A point in world coordinates (one unit is one logical pixel at zoom 1; y grows downwards).
/// Stored as `(x, y)`.
#[derive(Clone, Copy, PartialEq, Debug, Default, Serialize, Deserialize)]
#[serde(from = "(f32, f32)", into = "(f32, f32)")]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl From<(f32, f32)> for Point {
    fn from((x, y): (f32, f32)) -> Self {
        Self { x, y }
    }
}

impl From<Point> for (f32, f32) {
    fn from(p: Point) -> Self {
        (p.x, p.y)
    }
}

impl From<(f32, f32, f32, f32)> for Rect {
    fn from((x, y, w, h): (f32, f32, f32, f32)) -> Self {
        Self { x, y, w, h }
    }
}

impl From<Rect> for (f32, f32, f32, f32) {
    fn from(r: Rect) -> Self {
        (r.x, r.y, r.w, r.h)
    }
}

impl Point {
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    #[must_use]
    pub fn offset(self, dx: f32, dy: f32) -> Self {
        Self::new(self.x + dx, self.y + dy)
    }
}

/// An axis-aligned rectangle in world coordinates: top-left corner and size. Stored as
/// `(x, y, w, h)`.
#[derive(Clone, Copy, PartialEq, Debug, Default, Serialize, Deserialize)]
#[serde(from = "(f32, f32, f32, f32)", into = "(f32, f32, f32, f32)")]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub const fn new(x: f32, y: f32, w: f32, h: f32) -> Self {
        Self { x, y, w, h }
    }

    pub fn min(&self) -> Point {
        Point::new(self.x, self.y)
    }

    pub fn max(&self) -> Point {
        Point::new(self.x + self.w, self.y + self.h)
    }

    pub fn center(&self) -> Point {
        Point::new(self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    pub fn area(&self) -> f32 {
        self.w.max(0.0) * self.h.max(0.0)
    }

    pub fn contains_point(&self, p: Point) -> bool {
        p.x >= self.x && p.y >= self.y && p.x <= self.x + self.w && p.y <= self.y + self.h
    }

    /// Where the segment `a`–`b` runs inside `self` (border included): the fractions of the
    /// segment at which it enters and leaves, `t0 < t1`; `None` when it misses or only
    /// touches a corner. Liang–Barsky clipping.
    pub fn clip_segment(&self, a: Point, b: Point) -> Option<(f32, f32)> {
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let (mut t0, mut t1) = (0.0_f32, 1.0_f32);
        for (p, q) in [
            (-dx, a.x - self.x),
            (dx, self.x + self.w - a.x),
            (-dy, a.y - self.y),
            (dy, self.y + self.h - a.y),
        ] {
            if p == 0.0 {
                if q <= 0.0 {
                    return None;
                }
            } else if p < 0.0 {
                t0 = t0.max(q / p);
            } else {
                t1 = t1.min(q / p);
            }
        }
        (t0 < t1).then_some((t0, t1))
    }

    /// `other` lies wholly inside `self`.
    pub fn contains_rect(&self, other: &Self) -> bool {
        self.contains_point(other.min()) && self.contains_point(other.max())
    }

    pub fn intersects(&self, other: &Self) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }

    #[must_use]
    pub fn translate(&self, dx: f32, dy: f32) -> Self {
        Self::new(self.x + dx, self.y + dy, self.w, self.h)
    }

    /// The smallest rectangle holding both.
    #[must_use]
    pub fn union(&self, other: &Self) -> Self {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        let x2 = (self.x + self.w).max(other.x + other.w);
        let y2 = (self.y + self.h).max(other.y + other.h);
        Self::new(x, y, x2 - x, y2 - y)
    }

    /// Grown by `m` on every side.
    #[must_use]
    pub fn expand(&self, m: f32) -> Self {
        Self::new(self.x - m, self.y - m, self.w + 2.0 * m, self.h + 2.0 * m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_is_clipped_to_the_part_inside() {
        let r = Rect::new(10.0, 10.0, 20.0, 10.0);
        let p = Point::new;
        // Across, entering at a quarter and leaving at three quarters.
        assert_eq!(
            r.clip_segment(p(0.0, 15.0), p(40.0, 15.0)),
            Some((0.25, 0.75))
        );
        // Starting inside.
        assert_eq!(
            r.clip_segment(p(20.0, 15.0), p(40.0, 15.0)),
            Some((0.0, 0.5))
        );
        // Missing it, parallel outside it, and through a corner only.
        assert_eq!(r.clip_segment(p(0.0, 0.0), p(40.0, 5.0)), None);
        assert_eq!(r.clip_segment(p(0.0, 25.0), p(40.0, 25.0)), None);
        assert_eq!(r.clip_segment(p(0.0, 20.0), p(20.0, 0.0)), None);
    }

    #[test]
    fn containment_and_union() {
        let outer = Rect::new(0.0, 0.0, 100.0, 50.0);
        let inner = Rect::new(10.0, 10.0, 20.0, 20.0);
        assert!(outer.contains_rect(&inner));
        assert!(!inner.contains_rect(&outer));
        assert!(outer.intersects(&inner));
        assert!(!outer.intersects(&Rect::new(200.0, 0.0, 10.0, 10.0)));
        let u = inner.union(&Rect::new(90.0, 40.0, 30.0, 30.0));
        assert_eq!(u, Rect::new(10.0, 10.0, 110.0, 60.0));
        assert_eq!(outer.center(), Point::new(50.0, 25.0));
    }
}
