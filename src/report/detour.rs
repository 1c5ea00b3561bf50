//! Conduit lines bent round the zone badges they would otherwise pass under: on a hand-drawn
//! plant a straight line may run across another zone's header, and a badge painted over it
//! hides where the line goes.

use crate::model::Rect;

/// A point in page points.
pub type Pt = (f32, f32);

/// `pts` (a polyline) with every stretch that runs through one of `obstacles` bent round it,
/// along the nearer way round the rectangle's border. A segment that starts or ends inside an
/// obstacle keeps its course through it (its end is there); one that only touches the border
/// is left alone.
pub fn detour(pts: &[Pt], obstacles: &[Rect]) -> Vec<Pt> {
    let mut path = pts.to_vec();
    if path.len() < 2 {
        return path;
    }
    for r in obstacles {
        let mut out = Vec::with_capacity(path.len() + 4);
        out.push(path[0]);
        for w in path.windows(2) {
            let (a, b) = (w[0], w[1]);
            if let Some((t0, t1)) = crossing(a, b, r) {
                let at = |t: f32| (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
                out.extend(round(at(t0), at(t1), r));
            }
            out.push(b);
        }
        path = out;
    }
    path
}

/// Where segment `a`–`b` runs through the inside of `r`: the fractions of the segment at which
/// it enters and leaves. `None` when it misses `r`, only touches its border, or starts or
/// ends inside it.
pub fn crossing(a: Pt, b: Pt, r: &Rect) -> Option<(f32, f32)> {
    const EPS: f32 = 1e-4;
    let point = |p: Pt| crate::model::Point::new(p.0, p.1);
    let (t0, t1) = r.clip_segment(point(a), point(b))?;
    if t1 - t0 <= EPS || t0 <= EPS || t1 >= 1.0 - EPS {
        return None;
    }
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    // Through the inside, not along the border.
    let t = (t0 + t1) / 2.0;
    let m = (a.0 + dx * t, a.1 + dy * t);
    let inner = r.expand(-0.01);
    inner
        .contains_point(crate::model::Point::new(m.0, m.1))
        .then_some((t0, t1))
}

/// The way from `p0` to `p1` (both on `r`'s border) along the border, the shorter way round:
/// `p0`, the corners passed, `p1`.
fn round(p0: Pt, p1: Pt, r: &Rect) -> Vec<Pt> {
    let (w, h) = (r.w, r.h);
    let perimeter = 2.0 * (w + h);
    // Distance along the border, clockwise from the top-left corner.
    let at = |p: Pt| -> f32 {
        let sides = [
            ((p.1 - r.y).abs(), p.0 - r.x),
            ((p.0 - (r.x + w)).abs(), w + (p.1 - r.y)),
            ((p.1 - (r.y + h)).abs(), w + h + (r.x + w - p.0)),
            ((p.0 - r.x).abs(), 2.0 * w + h + (r.y + h - p.1)),
        ];
        sides
            .iter()
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map_or(0.0, |s| s.1)
    };
    let corners = [
        (0.0, (r.x, r.y)),
        (w, (r.x + w, r.y)),
        (w + h, (r.x + w, r.y + h)),
        (2.0 * w + h, (r.x, r.y + h)),
    ];
    let (s0, s1) = (at(p0), at(p1));
    let ahead = (s1 - s0).rem_euclid(perimeter);
    let forward = ahead <= perimeter - ahead;
    let mut passed: Vec<(f32, Pt)> = corners
        .iter()
        .filter_map(|&(s, c)| {
            let d = if forward {
                (s - s0).rem_euclid(perimeter)
            } else {
                (s0 - s).rem_euclid(perimeter)
            };
            let span = if forward { ahead } else { perimeter - ahead };
            (d > 0.0 && d < span).then_some((d, c))
        })
        .collect();
    passed.sort_by(|a, b| a.0.total_cmp(&b.0));
    std::iter::once(p0)
        .chain(passed.into_iter().map(|(_, c)| c))
        .chain(std::iter::once(p1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clear(path: &[Pt], r: &Rect) -> bool {
        path.windows(2).all(|w| crossing(w[0], w[1], r).is_none())
    }

    #[test]
    fn a_line_through_a_box_goes_round_its_nearer_side() {
        let r = Rect::new(40.0, 10.0, 20.0, 10.0);
        // Just above the middle: over the top.
        let path = detour(&[(0.0, 14.0), (100.0, 14.0)], &[r]);
        assert_eq!(path.first(), Some(&(0.0, 14.0)));
        assert_eq!(path.last(), Some(&(100.0, 14.0)));
        assert!(clear(&path, &r), "{path:?}");
        assert!(
            path.contains(&(40.0, 10.0)) && path.contains(&(60.0, 10.0)),
            "{path:?}"
        );
        // Just below: under the bottom; right to left as well.
        let path = detour(&[(100.0, 17.0), (0.0, 17.0)], &[r]);
        assert!(clear(&path, &r), "{path:?}");
        assert!(
            path.contains(&(60.0, 20.0)) && path.contains(&(40.0, 20.0)),
            "{path:?}"
        );
        // A diagonal through a corner region, and a vertical line.
        for line in [[(30.0, 0.0), (70.0, 30.0)], [(45.0, 0.0), (45.0, 40.0)]] {
            let path = detour(&line, &[r]);
            assert!(clear(&path, &r), "{path:?}");
            assert!(path.len() > 2, "{path:?}");
        }
    }

    #[test]
    fn a_line_that_misses_touches_or_ends_in_a_box_is_left_alone() {
        let r = Rect::new(40.0, 10.0, 20.0, 10.0);
        for line in [
            [(0.0, 30.0), (100.0, 30.0)],
            [(0.0, 10.0), (100.0, 10.0)],
            [(0.0, 15.0), (50.0, 15.0)],
        ] {
            assert_eq!(detour(&line, &[r]), line.to_vec());
        }
    }

    #[test]
    fn a_line_through_two_boxes_goes_round_both() {
        let a = Rect::new(20.0, 10.0, 10.0, 10.0);
        let b = Rect::new(60.0, 12.0, 10.0, 10.0);
        let path = detour(&[(0.0, 16.0), (100.0, 16.0)], &[a, b]);
        assert!(clear(&path, &a) && clear(&path, &b), "{path:?}");
    }
}
