//! The editor and the report never draw an asset across its zone's border: an asset whose
//! stored position puts its box outside its zone (a hand-edited file, an import without
//! layout) is drawn at the nearest place inside the zone, under its header. The model keeps
//! the stored position; the editor offers to tidy the layout (`layout::tidy`) instead.

use std::borrow::Cow;

use crate::model::{Asset, Model, Point, Rect};

use super::style::size;

/// The area of a zone where asset boxes' centres may lie: the zone less its header and
/// padding, shrunk by half an asset box. `None` when the zone is too small for a box (the
/// asset is then centred in what there is).
fn centre_area(zone: &Rect) -> Rect {
    let inner = Rect::new(
        zone.x + size::PAD,
        zone.y + size::ZONE_HEADER,
        zone.w - 2.0 * size::PAD,
        zone.h - size::ZONE_HEADER - size::PAD,
    );
    let (hw, hh) = (size::ASSET_W / 2.0, size::ASSET_H / 2.0);
    let (x0, x1) = if inner.w >= size::ASSET_W {
        (inner.x + hw, inner.x + inner.w - hw)
    } else {
        let c = zone.center().x;
        (c, c)
    };
    let (y0, y1) = if inner.h >= size::ASSET_H {
        (inner.y + hh, inner.y + inner.h - hh)
    } else {
        let c = zone.y + zone.h / 2.0;
        (c, c)
    };
    Rect::new(x0, y0, x1 - x0, y1 - y0)
}

/// Where an asset is drawn: its stored position, or for an asset in a zone whose box would
/// cross the zone's border, the nearest position inside.
pub fn shown_pos(model: &Model, a: &Asset) -> Point {
    let Some(zone) = a.placement.zone().and_then(|z| model.zones.get(z)) else {
        return a.pos;
    };
    if zone.rect.contains_rect(&super::asset_rect(a)) {
        return a.pos;
    }
    let area = centre_area(&zone.rect);
    Point::new(
        a.pos.x.clamp(area.x, area.x + area.w),
        a.pos.y.clamp(area.y, area.y + area.h),
    )
}

/// The asset as drawn (see [`shown_pos`]); borrowed when it needs no move.
pub fn shown<'a>(model: &Model, a: &'a Asset) -> Cow<'a, Asset> {
    let p = shown_pos(model, a);
    if p == a.pos {
        Cow::Borrowed(a)
    } else {
        let mut moved = a.clone();
        moved.pos = p;
        Cow::Owned(moved)
    }
}

/// The box an asset is drawn in, inside its zone.
pub fn shown_asset_rect(model: &Model, a: &Asset) -> Rect {
    super::asset_rect(&shown(model, a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Placement, Zone, ZoneKind};

    #[test]
    fn assets_are_drawn_inside_their_zone() {
        let mut m = Model::default();
        m.insert_zone(Zone::new(
            "Z",
            "Z",
            ZoneKind::Control,
            Rect::new(0.0, 0.0, 400.0, 200.0),
        ));
        let mut a = Asset::new("A", "A", "plc", Point::new(900.0, -50.0));
        a.placement = Placement::Zone("Z".into());
        let r = shown_asset_rect(&m, &a);
        assert!(m.zones["Z"].rect.contains_rect(&r), "{r:?}");
        assert!(r.y >= size::ZONE_HEADER);
        // Inside already: untouched.
        a.pos = Point::new(100.0, 100.0);
        assert_eq!(shown_pos(&m, &a), a.pos);
        // Unplaced assets are drawn where they are.
        a.placement = Placement::Unplaced;
        a.pos = Point::new(900.0, -50.0);
        assert_eq!(shown_pos(&m, &a), a.pos);
    }
}
