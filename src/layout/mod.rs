//! Automatic layout ("Tidy layout", `zoneplan layout`, and after every import).
//!
//! - Top-level zones sit in bands by Purdue level, enterprise on top and field at the bottom;
//!   safety, wireless, transient and remote-site zones in columns beside their band.
//! - Subzones sit in one row at the bottom of their parent, under the parent's assets.
//! - Assets sit in a grid inside their zone; unplaced assets in a tray under the plant.
//! - All top-level zones share one grid of columns and rows, so the gaps between them are
//!   straight corridors. Conduits are routed orthogonally through them: out of a zone's top or
//!   bottom edge, along the corridor under (or over) its row, along the nearest vertical
//!   corridor, and into the other zone, so a route passes through no unrelated zone. A link
//!   between a zone and one nested in it is left to the diagram's short nested link.
//! - A conduit of three or more zones meets at a hub where a vertical corridor (the trunk,
//!   nearest the middle zone) crosses a horizontal one (under or over the middle zone's row,
//!   whichever makes the shorter trunk). Each zone's leg runs from the hub along the trunk to
//!   the corridor its zone reaches, then along it to the zone (`Conduit::legs`), so no leg
//!   passes through an unrelated zone either; legs in one corridor share one line.
//!   [`conduits_through_zones`] checks a drawing for lines through unrelated zones.
//! - Boundary devices sit on the longest horizontal run of their conduit (of any of its legs),
//!   clear of one another and of every hub.
//!
//! Linear in the size of the model (1,000 zones, 10,000 assets and 2,000 conduits take a few
//! milliseconds; `benches/layout.rs`). Deterministic: the same model gives the same layout.

use std::collections::{BTreeMap, HashMap};

use crate::diagram::style::size;
use crate::diagram::text::{self, Weight};
use crate::model::{AssetId, ConduitId, Model, Point, PurdueLevel, Rect, ZoneId, ZoneKind};

/// A grid cell per asset.
pub const CELL_W: f32 = size::ASSET_W + 16.0;
pub const CELL_H: f32 = size::ASSET_H + 14.0;
/// Inside a zone: the side padding and the height above its first asset row.
const PAD: f32 = 14.0;
const TOP: f32 = size::ZONE_HEADER + 8.0;
/// Between subzones in their parent's row.
const SUB_GAP: f32 = 24.0;
/// The corridors between top-level zones: wide enough for a boundary device and a label.
pub const GAP_X: f32 = 90.0;
pub const GAP_Y: f32 = 120.0;
/// Extra room between the main columns and the side columns (safety, wireless, ...).
const SIDE_GAP: f32 = 80.0;
const MIN_ZONE_W: f32 = 260.0;
const MIN_ZONE_H: f32 = 110.0;
/// Spread of parallel conduits in one corridor.
const LANES: usize = 7;
const LANE_STEP: f32 = 9.0;

/// Lays the whole model out again (zones, assets, conduit routes). Ids, names and everything
/// but geometry stay as they are.
pub fn tidy(model: &mut Model) {
    let plan = Plan::new(model);
    plan.apply(model);
}

/// Places only what `model` has and `before` had not, and leaves everything else where it is
/// (an import into a model laid out by hand):
/// - new zones (with their assets) laid out as by [`tidy`], under the existing drawing;
/// - new assets of existing zones (or assets moved into one) in rows added at the bottom of
///   the zone, which grows to hold them;
/// - new assets without a zone in a tray under everything.
///
/// A zone that grows may then overlap one under it: the editor's Tidy layout sorts that out.
pub fn place_new(model: &mut Model, before: &Model) {
    let new_zones: Vec<ZoneId> = model
        .zones
        .keys()
        .filter(|z| !before.zones.contains_key(*z))
        .cloned()
        .collect();
    let is_new = |a: &crate::model::Asset| {
        before
            .assets
            .get(&a.id)
            .is_none_or(|b| b.placement != a.placement)
    };
    let mut bottom = before.bounds().map_or(0.0, |b| b.y + b.h + GAP_Y);
    let left = before.bounds().map_or(0.0, |b| b.x);
    // New zones: laid out on their own, then moved under the drawing.
    if !new_zones.is_empty() {
        let mut part = Model::default();
        for z in &new_zones {
            let mut zone = model.zones[z].clone();
            zone.parent = zone.parent.filter(|p| new_zones.contains(p));
            part.insert_zone(zone);
        }
        for a in model.assets.values() {
            if a.placement.zone().is_some_and(|z| new_zones.contains(z)) {
                part.insert_asset(a.clone());
            }
        }
        tidy(&mut part);
        let top = part.bounds().map_or(0.0, |b| b.y);
        let (dx, dy) = (left, bottom - top);
        for z in part.zones.values() {
            if let Some(m) = model.zones.get_mut(&z.id) {
                m.rect = z.rect.translate(dx, dy);
            }
        }
        for a in part.assets.values() {
            if let Some(m) = model.assets.get_mut(&a.id) {
                m.pos = a.pos.offset(dx, dy);
            }
        }
        bottom = part.bounds().map_or(bottom, |b| b.y + b.h + dy + GAP_Y);
    }
    // New assets of existing zones: rows added at the bottom of the zone.
    let mut per_zone: BTreeMap<ZoneId, Vec<AssetId>> = BTreeMap::new();
    let mut tray: Vec<AssetId> = Vec::new();
    for a in model.assets.values().filter(|a| is_new(a)) {
        match a.placement.zone() {
            Some(z) if new_zones.contains(z) => {}
            Some(z) if model.zones.contains_key(z) => {
                per_zone.entry(z.clone()).or_default().push(a.id.clone());
            }
            Some(_) => tray.push(a.id.clone()),
            None if a.placement.conduit().is_none() => tray.push(a.id.clone()),
            None => {}
        }
    }
    for (z, assets) in per_zone {
        let Some(rect) = model.zones.get(&z).map(|z| z.rect) else {
            continue;
        };
        let cols = (((rect.w - 2.0 * PAD) / CELL_W).floor() as usize).max(1);
        let rows = assets.len().div_ceil(cols);
        let y0 = rect.y + rect.h - PAD + 4.0;
        for (i, a) in assets.iter().enumerate() {
            let (r, c) = (i / cols, i % cols);
            if let Some(m) = model.assets.get_mut(a) {
                m.pos = Point::new(
                    rect.x + PAD + c as f32 * CELL_W + CELL_W / 2.0,
                    y0 + r as f32 * CELL_H + CELL_H / 2.0,
                );
            }
        }
        if let Some(zone) = model.zones.get_mut(&z) {
            zone.rect.h += rows as f32 * CELL_H + 4.0;
        }
    }
    let per_row = 12;
    for (i, a) in tray.iter().enumerate() {
        let (r, c) = (i / per_row, i % per_row);
        if let Some(m) = model.assets.get_mut(a) {
            m.pos = Point::new(
                left + c as f32 * CELL_W + CELL_W / 2.0,
                bottom + r as f32 * CELL_H + CELL_H / 2.0,
            );
        }
    }
}

/// Whether any asset is drawn outside its zone or overlaps a subzone of it: the editor offers
/// to tidy such a file.
pub fn assets_outside_zones(model: &Model) -> usize {
    model
        .assets
        .values()
        .filter(|a| {
            let Some(z) = a.placement.zone().and_then(|z| model.zones.get(z)) else {
                return false;
            };
            !z.rect.contains_rect(&crate::diagram::asset_rect(a))
        })
        .count()
}

/// Every conduit drawn through a zone that is neither one of its ends nor an ancestor of one,
/// with that zone, in id order (the lines as the diagram draws them, `diagram::conduit_paths`).
/// After [`tidy`] there are none; a model drawn by hand may have some.
pub fn conduits_through_zones(model: &Model) -> Vec<(ConduitId, ZoneId)> {
    let mut out = Vec::new();
    for c in model.conduits.values() {
        let Some(lines) = crate::diagram::conduit_paths(model, c) else {
            continue;
        };
        let segments: Vec<(Point, Point)> = lines
            .paths
            .iter()
            .flat_map(|p| p.windows(2).map(|s| (s[0], s[1])))
            .collect();
        let Some(reach) = segments
            .iter()
            .map(|(a, b)| Rect::new(a.x, a.y, 0.0, 0.0).union(&Rect::new(b.x, b.y, 0.0, 0.0)))
            .reduce(|a, b| a.union(&b))
        else {
            continue;
        };
        let related: Vec<ZoneId> = c
            .zones
            .iter()
            .flat_map(|z| model.ancestors(z).into_iter().chain([z.clone()]))
            .collect();
        for z in model.zones.values() {
            if related.contains(&z.id) || !z.rect.expand(1.0).intersects(&reach.expand(1.0)) {
                continue;
            }
            if segments
                .iter()
                .any(|(a, b)| passes_through(&z.rect, *a, *b))
            {
                out.push((c.id.clone(), z.id.clone()));
            }
        }
    }
    out
}

/// Whether the segment a–b runs through the inside of `r` (more than touching its border: a
/// line along a zone's edge does not pass through it).
fn passes_through(r: &Rect, a: Point, b: Point) -> bool {
    let r = r.expand(-1.0);
    r.w > 0.0 && r.h > 0.0 && r.clip_segment(a, b).is_some()
}

/// The band (row group) and side of a top-level zone.
fn band_of(kind: ZoneKind, level: Option<PurdueLevel>) -> (usize, bool) {
    let side = matches!(
        kind,
        ZoneKind::Safety | ZoneKind::Wireless | ZoneKind::Transient | ZoneKind::RemoteSite
    );
    let level = level.unwrap_or(match kind {
        ZoneKind::External | ZoneKind::Enterprise => PurdueLevel::L4,
        ZoneKind::Dmz => PurdueLevel::L3_5,
        ZoneKind::Operations => PurdueLevel::L3,
        ZoneKind::Wireless | ZoneKind::Transient | ZoneKind::RemoteSite => PurdueLevel::L2,
        ZoneKind::Control | ZoneKind::Safety => PurdueLevel::L1,
        ZoneKind::Field => PurdueLevel::L0,
    });
    // Top to bottom: L5, L4, L3.5, L3, L2, L1, L0.
    let band = match level {
        PurdueLevel::L5 => 0,
        PurdueLevel::L4 => 1,
        PurdueLevel::L3_5 => 2,
        PurdueLevel::L3 => 3,
        PurdueLevel::L2 => 4,
        PurdueLevel::L1 => 5,
        PurdueLevel::L0 => 6,
    };
    (band, side)
}

/// Where everything goes.
struct Plan {
    zones: BTreeMap<ZoneId, Rect>,
    assets: BTreeMap<AssetId, Point>,
    /// Per conduit: its route and, for three or more zones, the points of each leg.
    routes: BTreeMap<ConduitId, (Vec<Point>, Vec<u32>)>,
}

/// The grid of top-level zones.
struct Grid {
    /// Per top-level zone: its row and column.
    cell: HashMap<ZoneId, (usize, usize)>,
    col_x: Vec<f32>,
    col_w: Vec<f32>,
    row_y: Vec<f32>,
    row_h: Vec<f32>,
}

impl Grid {
    /// The y of the corridor under row `r` (`r == usize::MAX`: over row 0).
    fn corridor_below(&self, r: usize) -> f32 {
        self.row_y[r] + self.row_h[r] + GAP_Y / 2.0
    }

    fn corridor_above(&self, r: usize) -> f32 {
        self.row_y[r] - GAP_Y / 2.0
    }

    /// The y of horizontal corridor `k`: over row `k`, or under the last row.
    fn corridor(&self, k: usize) -> f32 {
        if k < self.row_y.len() {
            self.corridor_above(k)
        } else {
            self.corridor_below(self.row_y.len().saturating_sub(1))
        }
    }

    /// The vertical corridors' x: left of every column and right of the last.
    fn vertical_corridors(&self) -> Vec<f32> {
        let mut v: Vec<f32> = self.col_x.iter().map(|x| x - GAP_X / 2.0).collect();
        if let (Some(x), Some(w)) = (self.col_x.last(), self.col_w.last()) {
            v.push(x + w + GAP_X / 2.0);
        }
        v
    }
}

impl Plan {
    fn new(model: &Model) -> Self {
        // Subzones of each zone and assets of each zone, once.
        let mut children: BTreeMap<&ZoneId, Vec<&ZoneId>> = BTreeMap::new();
        let mut roots: Vec<&ZoneId> = Vec::new();
        for z in model.zones.values() {
            match z.parent.as_ref().filter(|p| model.zones.contains_key(*p)) {
                Some(p) if !model.ancestors(&z.id).contains(&z.id) && p != &z.id => {
                    children.entry(p).or_default().push(&z.id);
                }
                _ => roots.push(&z.id),
            }
        }
        let mut in_zone: HashMap<&ZoneId, Vec<&AssetId>> = HashMap::new();
        let mut on_conduit: HashMap<&ConduitId, Vec<&AssetId>> = HashMap::new();
        let mut tray: Vec<&AssetId> = Vec::new();
        for a in model.assets.values() {
            match &a.placement {
                crate::model::Placement::Zone(z) if model.zones.contains_key(z) => {
                    in_zone.entry(z).or_default().push(&a.id);
                }
                crate::model::Placement::Conduit(c) if model.conduits.contains_key(c) => {
                    on_conduit.entry(c).or_default().push(&a.id);
                }
                _ => tray.push(&a.id),
            }
        }

        // In a zone, assets of a kind together (PLCs, then switches ...), by name.
        #[expect(
            clippy::iter_over_hash_type,
            reason = "each list is sorted on its own; the order of the lists does not matter"
        )]
        for list in in_zone.values_mut() {
            list.sort_by(|a, b| {
                let (a, b) = (&model.assets[*a], &model.assets[*b]);
                (&a.kind, &a.name, &a.id).cmp(&(&b.kind, &b.name, &b.id))
            });
        }

        // Sizes, children before parents (a parent cycle in a hand-edited file: its zones
        // were made roots above, and `visiting` stops any loop).
        let mut sizes: HashMap<&ZoneId, (f32, f32)> = HashMap::new();
        let mut visiting = std::collections::HashSet::new();
        for r in &roots {
            size_of(model, r, &children, &in_zone, &mut sizes, &mut visiting);
        }
        // Zones in a cycle of parents that no root reaches: lay them out as roots.
        for z in model.zones.keys() {
            if !sizes.contains_key(z) {
                roots.push(z);
                size_of(model, z, &children, &in_zone, &mut sizes, &mut visiting);
            }
        }

        // Bands: main and side zones per band, in id order.
        let mut bands: Vec<(Vec<&ZoneId>, Vec<&ZoneId>)> = vec![(Vec::new(), Vec::new()); 7];
        for r in &roots {
            let z = &model.zones[*r];
            let (band, side) = band_of(z.kind, z.purdue_level);
            if side {
                bands[band].1.push(r);
            } else {
                bands[band].0.push(r);
            }
        }
        // Columns per band: so that the whole plant comes out about as wide as a screen
        // (16:9), from the zones' total area and average width.
        let total = roots.len().max(1);
        let (area, width) = roots.iter().fold((0.0_f32, 0.0_f32), |(a, w), r| {
            let (zw, zh) = sizes[*r];
            (a + (zw + GAP_X) * (zh + GAP_Y), w + zw + GAP_X)
        });
        let avg_w = (width / total as f32).max(1.0);
        let wanted_w = (area * 16.0 / 9.0).sqrt();
        let wrap = ((wanted_w / avg_w).round() as usize).clamp(1, total);
        let side_wrap = (wrap / 3).max(2);
        let main_cols = bands.iter().map(|b| b.0.len().min(wrap)).max().unwrap_or(0);
        let side_cols = bands
            .iter()
            .map(|b| b.1.len().min(side_wrap))
            .max()
            .unwrap_or(0);
        let cols = main_cols + side_cols;
        let mut cell: HashMap<ZoneId, (usize, usize)> = HashMap::new();
        let mut row = 0;
        for (main, side) in &bands {
            let rows_main = main.len().div_ceil(main_cols.max(1));
            let rows_side = side.len().div_ceil(side_cols.max(1));
            let rows = rows_main.max(rows_side);
            for (i, z) in main.iter().enumerate() {
                cell.insert((*z).clone(), (row + i / main_cols, i % main_cols));
            }
            for (i, z) in side.iter().enumerate() {
                cell.insert(
                    (*z).clone(),
                    (row + i / side_cols, main_cols + i % side_cols),
                );
            }
            row += rows;
        }
        let rows = row;
        let mut col_w = vec![0.0_f32; cols];
        let mut row_h = vec![0.0_f32; rows];
        #[expect(
            clippy::iter_over_hash_type,
            reason = "maxima per row and column: the order does not matter"
        )]
        for (z, (r, c)) in &cell {
            let (w, h) = sizes[z];
            col_w[*c] = col_w[*c].max(w);
            row_h[*r] = row_h[*r].max(h);
        }
        let mut col_x = Vec::with_capacity(cols);
        let mut x = 0.0;
        for (c, w) in col_w.iter().enumerate() {
            if c == main_cols && c > 0 {
                x += SIDE_GAP;
            }
            col_x.push(x);
            x += w + GAP_X;
        }
        let mut row_y = Vec::with_capacity(rows);
        let mut y = 0.0;
        for h in &row_h {
            row_y.push(y);
            y += h + GAP_Y;
        }
        let grid = Grid {
            cell,
            col_x,
            col_w,
            row_y,
            row_h,
        };

        let mut plan = Self {
            zones: BTreeMap::new(),
            assets: BTreeMap::new(),
            routes: BTreeMap::new(),
        };
        let mut sorted: Vec<&ZoneId> = roots.clone();
        sorted.sort();
        for r in sorted {
            let (row, col) = grid.cell[r];
            plan.place(
                r,
                Point::new(grid.col_x[col], grid.row_y[row]),
                &children,
                &in_zone,
                &sizes,
            );
        }

        // The tray of unplaced assets (and boundary devices of conduits that draw no line),
        // under the plant.
        let bottom = grid
            .row_y
            .last()
            .zip(grid.row_h.last())
            .map_or(0.0, |(y, h)| y + h + GAP_Y);
        let per_row = (wrap * 2).max(8);
        let mut tray_i = 0;
        let mut put_in_tray = |plan: &mut Self, id: &AssetId| {
            let (r, c) = (tray_i / per_row, tray_i % per_row);
            plan.assets.insert(
                id.clone(),
                Point::new(
                    c as f32 * CELL_W + CELL_W / 2.0,
                    bottom + r as f32 * CELL_H + CELL_H / 2.0,
                ),
            );
            tray_i += 1;
        };
        for a in &tray {
            put_in_tray(&mut plan, a);
        }

        // Routes, then boundary devices on them.
        let mut lane: HashMap<(bool, i64), usize> = HashMap::new();
        let corridors = grid.vertical_corridors();
        let root_of = |z: &ZoneId| -> ZoneId {
            model
                .ancestors(z)
                .into_iter()
                .rfind(|a| grid.cell.contains_key(a))
                .filter(|_| !grid.cell.contains_key(z))
                .unwrap_or_else(|| z.clone())
        };
        let mut routed: Vec<crate::model::Conduit> = Vec::with_capacity(model.conduits.len());
        for c in model.conduits.values() {
            let zs: Vec<&ZoneId> = c
                .zones
                .iter()
                .filter(|z| model.zones.contains_key(*z))
                .collect();
            // The geometry only: what `device_spot` reads.
            let mut r = crate::model::Conduit::new(c.id.clone(), "", c.zones.clone());
            if zs.len() == 2 {
                r.route = plan.route(model, &grid, &corridors, &mut lane, zs[0], zs[1], &root_of);
            } else if zs.len() > 2 {
                let (hub, legs) = plan.hub_route(&grid, &corridors, &mut lane, c, &root_of);
                r.set_hub_route(hub, &legs);
            }
            routed.push(r);
        }
        // No boundary device covers a hub.
        let mut devices_placed = Occupied::default();
        for r in routed.iter().filter(|r| r.legs.len() > 2) {
            devices_placed.reserve(r.route[0]);
        }
        for r in routed {
            let devices = on_conduit.get(&r.id).map(Vec::as_slice).unwrap_or(&[]);
            if !devices.is_empty() {
                match plan.device_spot(model, &r) {
                    Some((mid, horizontal)) => {
                        let n = devices.len() as f32;
                        for (i, d) in devices.iter().enumerate() {
                            let off = (i as f32 - (n - 1.0) / 2.0)
                                * if horizontal { CELL_W } else { CELL_H };
                            let p = if horizontal {
                                mid.offset(off, 0.0)
                            } else {
                                mid.offset(0.0, off)
                            };
                            let p = devices_placed.free_spot(p, horizontal);
                            plan.assets.insert((*d).clone(), p);
                        }
                    }
                    None => {
                        for d in devices {
                            put_in_tray(&mut plan, d);
                        }
                    }
                }
            }
            plan.routes.insert(r.id, (r.route, r.legs));
        }
        plan
    }

    /// Places zone `z` (and what it holds) with its top-left corner at `at`.
    fn place(
        &mut self,
        z: &ZoneId,
        at: Point,
        children: &BTreeMap<&ZoneId, Vec<&ZoneId>>,
        in_zone: &HashMap<&ZoneId, Vec<&AssetId>>,
        sizes: &HashMap<&ZoneId, (f32, f32)>,
    ) {
        if self.zones.contains_key(z) {
            return;
        }
        let (w, h) = sizes[z];
        self.zones.insert(z.clone(), Rect::new(at.x, at.y, w, h));
        let assets = in_zone.get(z).map(Vec::as_slice).unwrap_or(&[]);
        let cols = grid_cols(assets.len());
        for (i, a) in assets.iter().enumerate() {
            let (r, c) = (i / cols, i % cols);
            self.assets.insert(
                (*a).clone(),
                Point::new(
                    at.x + PAD + c as f32 * CELL_W + CELL_W / 2.0,
                    at.y + TOP + r as f32 * CELL_H + CELL_H / 2.0,
                ),
            );
        }
        let grid_h = assets.len().div_ceil(cols) as f32 * CELL_H;
        let mut x = at.x + PAD;
        let y = at.y + TOP + grid_h + if assets.is_empty() { 0.0 } else { 8.0 };
        for c in children.get(z).map(Vec::as_slice).unwrap_or(&[]) {
            let Some((cw, _)) = sizes.get(c).copied() else {
                continue;
            };
            self.place(c, Point::new(x, y), children, in_zone, sizes);
            x += cw + SUB_GAP;
        }
    }

    /// The bend points of a conduit between zones `a` and `b`.
    #[expect(clippy::too_many_arguments, reason = "one private step of the layout")]
    fn route(
        &self,
        model: &Model,
        grid: &Grid,
        corridors: &[f32],
        lane: &mut HashMap<(bool, i64), usize>,
        a: &ZoneId,
        b: &ZoneId,
        root_of: &dyn Fn(&ZoneId) -> ZoneId,
    ) -> Vec<Point> {
        // Nested in one another: the diagram draws the short link itself.
        if model.ancestors(a).contains(b) || model.ancestors(b).contains(a) || a == b {
            return Vec::new();
        }
        let (Some(ra), Some(rb)) = (self.zones.get(a), self.zones.get(b)) else {
            return Vec::new();
        };
        let (root_a, root_b) = (root_of(a), root_of(b));
        let (Some(&(row_a, _)), Some(&(row_b, _))) =
            (grid.cell.get(&root_a), grid.cell.get(&root_b))
        else {
            return Vec::new();
        };
        // Which corridor each end reaches: toward the other end for a top-level zone, always
        // down for a nested one (straight down it crosses only its own ancestors).
        let y_for = |row: usize, nested: bool, other_row: usize| {
            if !nested && other_row < row {
                grid.corridor_above(row)
            } else {
                grid.corridor_below(row)
            }
        };
        let ya = y_for(row_a, &root_a != a, row_b);
        let yb = y_for(row_b, &root_b != b, row_a);
        let (ax, bx) = (ra.center().x, rb.center().x);
        let mut take = |vertical: bool, at: f32| take_lane(lane, vertical, at);
        if (ya - yb).abs() < 0.5 {
            let y = ya + take(false, ya);
            return vec![Point::new(ax, y), Point::new(bx, y)];
        }
        let xv = nearest(corridors, (ax + bx) / 2.0);
        let xv = xv + take(true, xv);
        let ya = ya + take(false, ya);
        let yb = yb + take(false, yb);
        vec![
            Point::new(ax, ya),
            Point::new(xv, ya),
            Point::new(xv, yb),
            Point::new(bx, yb),
        ]
    }

    /// The hub and the legs (one per zone of `c`, in its order; none for a zone not placed) of
    /// a conduit of three or more zones. The hub is where the trunk, the vertical corridor
    /// nearest the middle zone, meets a horizontal corridor; each leg runs along the trunk to
    /// the horizontal corridor its zone reaches (as an end of a two-zone route does: toward
    /// the hub for a top-level zone, always down for a nested one), then along that corridor
    /// to over or under the zone's centre. So no leg passes through an unrelated zone.
    fn hub_route(
        &self,
        grid: &Grid,
        corridors: &[f32],
        lane: &mut HashMap<(bool, i64), usize>,
        c: &crate::model::Conduit,
        root_of: &dyn Fn(&ZoneId) -> ZoneId,
    ) -> (Point, Vec<Vec<Point>>) {
        // Per zone: the x of its centre, the row of its top-level zone, whether it is nested.
        let ends: Vec<Option<(f32, usize, bool)>> = c
            .zones
            .iter()
            .map(|z| {
                let x = self.zones.get(z)?.center().x;
                let root = root_of(z);
                let &(row, _) = grid.cell.get(&root)?;
                Some((x, row, &root != z))
            })
            .collect();
        let placed = || ends.iter().flatten();
        // Horizontal corridors by index: `k` runs over row `k` (and under row `k - 1`).
        let reach = |&(_, row, nested): &(f32, usize, bool), hub: usize| {
            if !nested && hub <= row { row } else { row + 1 }
        };
        let mut rows: Vec<usize> = placed().map(|e| e.1).collect();
        rows.sort_unstable();
        let mut xs: Vec<f32> = placed().map(|e| e.0).collect();
        xs.sort_unstable_by(f32::total_cmp);
        let (Some(&mid_row), Some(&mid_x)) = (rows.get(rows.len() / 2), xs.get(xs.len() / 2))
        else {
            return (Point::default(), vec![Vec::new(); c.zones.len()]);
        };
        // The hub's corridor: under the middle zone's row, or over it when that makes a
        // shorter trunk.
        let trunk = |hub: usize| {
            let ys = placed()
                .map(|e| grid.corridor(reach(e, hub)))
                .chain([grid.corridor(hub)]);
            let (lo, hi) = ys.fold((f32::MAX, f32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
            hi - lo
        };
        let hub_k = if trunk(mid_row) < trunk(mid_row + 1) {
            mid_row
        } else {
            mid_row + 1
        };
        let xv = nearest(corridors, mid_x);
        let xv = xv + take_lane(lane, true, xv);
        // One lane per corridor for the whole conduit: legs in one corridor share their line.
        let mut ys: Vec<(usize, f32)> = Vec::new();
        let mut y_of = |k: usize| {
            if let Some(&(_, y)) = ys.iter().find(|(j, _)| *j == k) {
                return y;
            }
            let y = grid.corridor(k);
            let y = y + take_lane(lane, false, y);
            ys.push((k, y));
            y
        };
        let hub = Point::new(xv, y_of(hub_k));
        let legs = ends
            .iter()
            .map(|e| {
                let Some(e) = e else { return Vec::new() };
                let k = reach(e, hub_k);
                let y = y_of(k);
                if k == hub_k {
                    vec![Point::new(e.0, y)]
                } else {
                    vec![Point::new(xv, y), Point::new(e.0, y)]
                }
            })
            .collect();
        (hub, legs)
    }

    /// Where a conduit's boundary devices go: the middle of the longest horizontal run of its
    /// route, or of its legs for three or more zones (or the longest run when none is
    /// horizontal), and whether that run is horizontal. `c` carries the new route.
    fn device_spot(&self, model: &Model, c: &crate::model::Conduit) -> Option<(Point, bool)> {
        let rects: Vec<Rect> = c
            .zones
            .iter()
            .filter_map(|z| self.zones.get(z).copied())
            .collect();
        if rects.len() < 2 {
            return None;
        }
        if c.route.is_empty() {
            // The nested link: from the inner zone's top up to the outer zone's header.
            let (a, b) = (&c.zones[0], &c.zones[1]);
            let (outer, inner) = if model.ancestors(b).contains(a) {
                (rects[0], rects[1])
            } else if model.ancestors(a).contains(b) {
                (rects[1], rects[0])
            } else {
                return None;
            };
            let x = inner.center().x;
            return Some((
                Point::new(x, (outer.y + size::ZONE_HEADER + inner.y) / 2.0),
                false,
            ));
        }
        let runs: Vec<(Point, Point)> = match c.hub_legs().filter(|_| rects.len() > 2) {
            Some((hub, legs)) => legs
                .iter()
                .flat_map(|leg| {
                    std::iter::once(hub)
                        .chain(leg.iter().copied())
                        .zip(leg.iter().copied())
                })
                .collect(),
            None => c.route.windows(2).map(|s| (s[0], s[1])).collect(),
        };
        let Some((a, b)) = runs.into_iter().max_by(|p, q| {
            let key = |(a, b): &(Point, Point)| {
                let horizontal = (a.y - b.y).abs() < 0.5;
                ((b.x - a.x).abs() + (b.y - a.y).abs(), horizontal)
            };
            let (lp, hp) = key(p);
            let (lq, hq) = key(q);
            hp.cmp(&hq).then(lp.total_cmp(&lq))
        }) else {
            // A hub without legs.
            return c.route.first().map(|hub| (*hub, true));
        };
        let horizontal = (a.y - b.y).abs() < 0.5;
        Some((Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0), horizontal))
    }

    fn apply(self, model: &mut Model) {
        for (id, r) in self.zones {
            if let Some(z) = model.zones.get_mut(&id) {
                z.rect = r;
            }
        }
        for (id, p) in self.assets {
            if let Some(a) = model.assets.get_mut(&id) {
                a.pos = p;
            }
        }
        for (id, (route, legs)) in self.routes {
            if let Some(c) = model.conduits.get_mut(&id) {
                c.route = route;
                c.legs = legs;
            }
        }
    }
}

/// The next lane of the corridor at `at` (vertical or horizontal): an offset across it, so
/// that parallel conduits in one corridor are spread.
fn take_lane(lane: &mut HashMap<(bool, i64), usize>, vertical: bool, at: f32) -> f32 {
    let n = lane.entry((vertical, at.round() as i64)).or_insert(0);
    let k = *n % LANES;
    *n += 1;
    (k as f32 - (LANES / 2) as f32) * LANE_STEP
}

/// The corridor in `corridors` nearest `x` (`x` itself when there is none).
fn nearest(corridors: &[f32], x: f32) -> f32 {
    corridors
        .iter()
        .copied()
        .min_by(|p, q| (p - x).abs().total_cmp(&(q - x).abs()))
        .unwrap_or(x)
}

/// Boundary devices already placed, by grid cell, so that devices of conduits sharing a
/// corridor do not cover one another.
#[derive(Default)]
struct Occupied {
    cells: HashMap<(i64, i64), Vec<Point>>,
}

impl Occupied {
    fn cell(p: Point) -> (i64, i64) {
        ((p.x / CELL_W).floor() as i64, (p.y / CELL_H).floor() as i64)
    }

    /// Whether a device box at `p` would overlap a placed one (with a little room).
    fn overlaps(&self, p: Point) -> bool {
        let (cx, cy) = Self::cell(p);
        (cx - 1..=cx + 1).any(|x| {
            (cy - 1..=cy + 1).any(|y| {
                self.cells.get(&(x, y)).is_some_and(|v| {
                    v.iter().any(|q| {
                        (q.x - p.x).abs() < size::ASSET_W + 4.0
                            && (q.y - p.y).abs() < size::ASSET_H + 4.0
                    })
                })
            })
        })
    }

    /// Keeps devices off `p` (a hub), as if a device sat there.
    fn reserve(&mut self, p: Point) {
        self.cells.entry(Self::cell(p)).or_default().push(p);
    }

    /// `p`, or the nearest spot along the run (alternating sides, a cell apart) that no
    /// placed device covers; `p` itself when none is free within a few steps.
    fn free_spot(&mut self, p: Point, horizontal: bool) -> Point {
        let step = |k: i16| {
            let d = f32::from((k + 1) / 2) * if k % 2 == 1 { 1.0 } else { -1.0 };
            if horizontal {
                p.offset(d * CELL_W, 0.0)
            } else {
                p.offset(0.0, d * CELL_H)
            }
        };
        let spot = (0..9).map(step).find(|q| !self.overlaps(*q)).unwrap_or(p);
        self.cells.entry(Self::cell(spot)).or_default().push(spot);
        spot
    }
}

/// Columns of the asset grid of a zone with `n` assets: a little wider than tall (cells are
/// wide, so the zone is about four times as wide as tall).
fn grid_cols(n: usize) -> usize {
    if n == 0 {
        return 1;
    }
    (((n as f32) * 1.5).sqrt().ceil() as usize).clamp(1, n)
}

/// Width and height of zone `z` with its assets and subzones, memoised in `sizes`.
fn size_of<'m>(
    model: &'m Model,
    z: &'m ZoneId,
    children: &BTreeMap<&'m ZoneId, Vec<&'m ZoneId>>,
    in_zone: &HashMap<&'m ZoneId, Vec<&'m AssetId>>,
    sizes: &mut HashMap<&'m ZoneId, (f32, f32)>,
    visiting: &mut std::collections::HashSet<&'m ZoneId>,
) -> (f32, f32) {
    if let Some(s) = sizes.get(z) {
        return *s;
    }
    if !visiting.insert(z) {
        return (0.0, 0.0);
    }
    let n = in_zone.get(z).map_or(0, Vec::len);
    let cols = grid_cols(n);
    let (grid_w, grid_h) = if n == 0 {
        (0.0, 0.0)
    } else {
        (cols as f32 * CELL_W, n.div_ceil(cols) as f32 * CELL_H)
    };
    let mut sub_w: f32 = 0.0;
    let mut sub_h: f32 = 0.0;
    let kids = children.get(z).map(Vec::as_slice).unwrap_or(&[]);
    for (i, c) in kids.iter().enumerate() {
        let (w, h) = size_of(model, c, children, in_zone, sizes, visiting);
        sub_w += w + if i > 0 { SUB_GAP } else { 0.0 };
        sub_h = sub_h.max(h);
    }
    let name = model.zones.get(z).map_or("", |z| z.name.as_str());
    // Room for the name in full beside the badge ("12 unmet").
    let title = text::width(name, size::ZONE_NAME, Weight::Bold) + 100.0;
    let w = (grid_w.max(sub_w) + 2.0 * PAD).max(title).max(MIN_ZONE_W);
    let between = if n > 0 && !kids.is_empty() { 8.0 } else { 0.0 };
    let h = (TOP + grid_h + between + sub_h + PAD).max(MIN_ZONE_H);
    sizes.insert(z, (w, h));
    (w, h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Asset, Conduit, Placement, Zone};

    fn zone(id: &str, kind: ZoneKind, level: Option<PurdueLevel>) -> Zone {
        let mut z = Zone::new(id, id, kind, Rect::new(0.0, 0.0, 10.0, 10.0));
        z.purdue_level = level;
        z
    }

    fn asset(id: &str, zone: &str) -> Asset {
        let mut a = Asset::new(id, id, "plc", Point::new(-500.0, 9000.0));
        a.placement = Placement::Zone(zone.into());
        a
    }

    fn plant() -> Model {
        let mut m = Model::default();
        m.insert_zone(zone("ENT", ZoneKind::Enterprise, Some(PurdueLevel::L4)));
        m.insert_zone(zone("DMZ", ZoneKind::Dmz, None));
        m.insert_zone(zone("CTL", ZoneKind::Control, Some(PurdueLevel::L1)));
        m.insert_zone(zone("FLD", ZoneKind::Field, None));
        m.insert_zone(zone("SIS", ZoneKind::Safety, None));
        let mut cell = zone("CELL", ZoneKind::Control, Some(PurdueLevel::L1));
        cell.parent = Some("CTL".into());
        m.insert_zone(cell);
        for i in 0..7 {
            m.insert_asset(asset(&format!("A-{i}"), "CTL"));
        }
        m.insert_asset(asset("A-CELL", "CELL"));
        m.insert_asset(Asset::new("A-LOOSE", "loose", "plc", Point::default()));
        m.insert_conduit(Conduit::new(
            "C-1",
            "ent-dmz",
            vec!["ENT".into(), "DMZ".into()],
        ));
        m.insert_conduit(Conduit::new(
            "C-2",
            "dmz-cell",
            vec!["DMZ".into(), "CELL".into()],
        ));
        m.insert_conduit(Conduit::new(
            "C-3",
            "ctl-cell",
            vec!["CTL".into(), "CELL".into()],
        ));
        m.insert_conduit(Conduit::new(
            "C-4",
            "ctl-sis",
            vec!["CTL".into(), "SIS".into()],
        ));
        let mut fw = Asset::new("A-FW", "fw", "firewall", Point::default());
        fw.placement = Placement::Conduit("C-1".into());
        m.insert_asset(fw);
        m
    }

    /// Whether the open segment a–b passes through the inside of `r` (axis-parallel).
    fn crosses(r: &Rect, a: Point, b: Point) -> bool {
        let inner = r.expand(-1.0);
        let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
        let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
        x0 < inner.x + inner.w && x1 > inner.x && y0 < inner.y + inner.h && y1 > inner.y
    }

    #[test]
    fn bands_nesting_and_grid() {
        let mut m = plant();
        tidy(&mut m);
        let z = |id: &str| m.zones[id].rect;
        // Enterprise above the DMZ above control above field; safety beside control.
        assert!(z("ENT").y < z("DMZ").y);
        assert!(z("DMZ").y + z("DMZ").h < z("CTL").y);
        assert!(z("CTL").y + z("CTL").h < z("FLD").y);
        assert_eq!(z("SIS").y, z("CTL").y);
        assert!(z("SIS").x > z("CTL").x + z("CTL").w);
        // The subzone sits inside its parent, under the parent's assets.
        assert!(z("CTL").contains_rect(&z("CELL")));
        for a in m.assets.values() {
            if let Some(zid) = a.placement.zone() {
                let r = crate::diagram::asset_rect(a);
                assert!(m.zones[zid].rect.contains_rect(&r), "{} in {zid}", a.id);
                for sub in m.subzones(zid) {
                    assert!(!sub.rect.intersects(&r), "{} over {}", a.id, sub.id);
                }
            }
        }
        assert_eq!(assets_outside_zones(&m), 0);
        // No two top-level zones overlap.
        let tops: Vec<Rect> = m
            .zones
            .values()
            .filter(|z| z.parent.is_none())
            .map(|z| z.rect)
            .collect();
        for (i, a) in tops.iter().enumerate() {
            for b in &tops[i + 1..] {
                assert!(!a.intersects(b));
            }
        }
        // The unplaced asset lies in no zone.
        let loose = crate::diagram::asset_rect(&m.assets["A-LOOSE"]);
        assert!(m.zones.values().all(|z| !z.rect.intersects(&loose)));
    }

    /// Every line of every conduit as drawn (route, legs and the runs into the zones'
    /// borders) is orthogonal and passes through no zone but its ends and their ancestors;
    /// each line ends on its zone's top or bottom edge, straight over or under its centre.
    fn assert_routes_clean(m: &Model, what: &str) {
        for c in m.conduits.values() {
            let Some(lines) = crate::diagram::conduit_paths(m, c) else {
                continue;
            };
            let related: Vec<ZoneId> = c
                .zones
                .iter()
                .flat_map(|z| {
                    let mut v = m.ancestors(z);
                    v.push(z.clone());
                    v
                })
                .collect();
            if c.zones.len() > 2 {
                assert_eq!(c.legs.len(), c.zones.len(), "{what}: {}", c.id);
                assert_eq!(lines.hub, c.route.first().copied(), "{what}: {}", c.id);
            }
            let ends: Vec<&ZoneId> = c
                .zones
                .iter()
                .filter(|z| m.zones.contains_key(*z))
                .collect();
            let paths_to = if lines.hub.is_some() {
                ends.clone()
            } else {
                ends[1..].to_vec()
            };
            for (path, end) in lines.paths.iter().zip(paths_to) {
                for w in path.windows(2) {
                    assert!(
                        w[0].x == w[1].x || w[0].y == w[1].y,
                        "{what}: {} not orthogonal: {path:?}",
                        c.id
                    );
                    for z in m.zones.values().filter(|z| !related.contains(&z.id)) {
                        assert!(
                            !crosses(&z.rect, w[0], w[1]),
                            "{what}: {} crosses {}",
                            c.id,
                            z.id
                        );
                    }
                }
                let (r, tip) = (m.zones[end].rect, path[path.len() - 1]);
                let nested = lines.hub.is_none() && c.route.is_empty();
                if !nested {
                    assert_eq!(tip.x, r.center().x, "{what}: {} into {end}", c.id);
                    assert!(
                        tip.y == r.y || tip.y == r.y + r.h,
                        "{what}: {} into {end}: {tip:?} {r:?}",
                        c.id
                    );
                }
            }
        }
        assert_eq!(conduits_through_zones(m), Vec::new(), "{what}");
        // No boundary device covers a hub's dot.
        for c in m.conduits.values().filter(|c| c.legs.len() > 2) {
            let hub = c.route[0];
            let dot = Rect::new(hub.x - 5.0, hub.y - 5.0, 10.0, 10.0);
            for a in m
                .assets
                .values()
                .filter(|a| a.placement.conduit().is_some())
            {
                let r = crate::diagram::asset_rect(a);
                assert!(
                    !r.intersects(&dot),
                    "{what}: {} covers the hub of {}",
                    a.id,
                    c.id
                );
            }
        }
    }

    #[test]
    fn routes_are_orthogonal_and_avoid_unrelated_zones() {
        let mut m = plant();
        tidy(&mut m);
        assert_routes_clean(&m, "plant");
        for c in m.conduits.values().filter(|c| c.zones.len() == 2) {
            // The first leg leaves the first zone straight up or down from its centre.
            if let Some(p) = c.route.first() {
                assert_eq!(p.x, m.zones[&c.zones[0]].rect.center().x);
            }
        }
        // Zone and subzone: the diagram's nested link, no route.
        assert!(m.conduits["C-3"].route.is_empty());
        // The firewall sits on its conduit's horizontal run, outside every zone.
        let fw = m.assets["A-FW"].pos;
        let route = &m.conduits["C-1"].route;
        assert!(route.windows(2).any(|w| w[0].y == fw.y && w[1].y == fw.y));
        let r = crate::diagram::asset_rect(&m.assets["A-FW"]);
        assert!(m.zones.values().all(|z| !z.rect.intersects(&r)));
    }

    /// Zones in four bands, several per band, a subzone and a side column.
    fn wide_plant() -> Model {
        let mut m = Model::default();
        let bands = [
            ("ENT", ZoneKind::Enterprise, 3),
            ("DMZ", ZoneKind::Dmz, 2),
            ("OPS", ZoneKind::Operations, 3),
            ("CTL", ZoneKind::Control, 4),
            ("FLD", ZoneKind::Field, 3),
        ];
        for (tag, kind, n) in bands {
            for i in 1..=n {
                let id = format!("{tag}-{i}");
                m.insert_zone(zone(&id, kind, None));
                for j in 0..i + 1 {
                    m.insert_asset(asset(&format!("A-{id}-{j}"), &id));
                }
            }
        }
        m.insert_zone(zone("SIS", ZoneKind::Safety, None));
        let mut cell = zone("CELL", ZoneKind::Control, Some(PurdueLevel::L1));
        cell.parent = Some("CTL-2".into());
        m.insert_zone(cell);
        m.insert_asset(asset("A-CELL", "CELL"));
        let hubs: [(&str, &[&str]); 4] = [
            ("H-1", &["ENT-1", "OPS-3", "FLD-2"]),
            ("H-2", &["DMZ-2", "CELL", "FLD-1", "SIS"]),
            ("H-3", &["CTL-4", "CTL-1", "ENT-3"]),
            ("H-4", &["CTL-2", "CELL", "ENT-2", "FLD-3"]),
        ];
        for (id, zones) in hubs {
            let zones = zones.iter().map(|z| ZoneId::from(*z)).collect();
            m.insert_conduit(Conduit::new(id, id, zones));
            let mut fw = Asset::new(
                format!("FW-{id}").as_str(),
                "fw",
                "firewall",
                Point::default(),
            );
            fw.placement = Placement::Conduit(id.into());
            m.insert_asset(fw);
        }
        m.conduits.get_mut("H-3").unwrap().direction = crate::model::Direction::Forward;
        m.insert_conduit(Conduit::new(
            "C-1",
            "",
            vec!["ENT-1".into(), "FLD-3".into()],
        ));
        m
    }

    #[test]
    fn hub_conduits_are_routed_through_the_corridors() {
        let mut m = wide_plant();
        tidy(&mut m);
        let z = |id: &str| m.zones[id].rect;
        // The ends really are apart, with zones between them: ENT-1 over OPS-3 over FLD-2,
        // in different columns, DMZ and CTL rows between.
        assert!(z("ENT-1").y + z("ENT-1").h < z("DMZ-1").y);
        assert!(z("OPS-3").y + z("OPS-3").h < z("CTL-1").y);
        assert!(z("CTL-1").y + z("CTL-1").h < z("FLD-2").y);
        assert_ne!(z("ENT-1").x, z("OPS-3").x);
        assert_routes_clean(&m, "wide plant");
        // Straight lines from the same hubs would cross unrelated zones.
        let mut straight = m.clone();
        for c in straight.conduits.values_mut() {
            c.legs.clear();
        }
        let crossed = conduits_through_zones(&straight);
        assert!(
            crossed.iter().any(|(c, _)| c.as_str() == "H-1"),
            "{crossed:?}"
        );
        // Each boundary device sits on a horizontal run of one of its conduit's lines, and
        // on no zone.
        for id in ["H-1", "H-2", "H-3", "H-4"] {
            let fw = &m.assets[format!("FW-{id}").as_str()];
            let lines = crate::diagram::conduit_paths(&m, &m.conduits[id]).unwrap();
            let on_run = lines.paths.iter().any(|p| {
                p.windows(2).any(|w| {
                    w[0].y == fw.pos.y
                        && w[1].y == fw.pos.y
                        && fw.pos.x >= w[0].x.min(w[1].x)
                        && fw.pos.x <= w[0].x.max(w[1].x)
                })
            });
            assert!(on_run, "{id}: {:?} off {:?}", fw.pos, lines.paths);
            let r = crate::diagram::asset_rect(fw);
            assert!(m.zones.values().all(|z| !z.rect.intersects(&r)), "{id}");
        }
        // Laid out again: the same.
        let mut again = m.clone();
        tidy(&mut again);
        assert_eq!(again, m);
    }

    #[test]
    fn sample_routes_cross_no_zone() {
        for s in crate::samples::SAMPLES {
            let mut m = crate::samples::load(s).unwrap();
            tidy(&mut m);
            assert_routes_clean(&m, s.file_name);
            // With a conduit joining one zone of each of its first bands added.
            let mut zones: Vec<&crate::model::Zone> =
                m.zones.values().filter(|z| z.parent.is_none()).collect();
            zones.sort_by(|a, b| a.rect.y.total_cmp(&b.rect.y).then(a.id.cmp(&b.id)));
            let mut picked: Vec<ZoneId> = Vec::new();
            let mut last_y = f32::MIN;
            for z in zones.iter().rev() {
                if z.rect.y != last_y && picked.len() < 4 {
                    picked.push(z.id.clone());
                    last_y = z.rect.y;
                }
            }
            if let Some(sub) = m.zones.values().find(|z| z.parent.is_some()) {
                picked.push(sub.id.clone());
            }
            m.insert_conduit(Conduit::new("C-HUB-TEST", "hub", picked));
            tidy(&mut m);
            assert_routes_clean(&m, s.file_name);
        }
    }

    #[test]
    fn passes_through_counts_the_inside_only() {
        let r = Rect::new(0.0, 0.0, 100.0, 50.0);
        let p = Point::new;
        assert!(passes_through(&r, p(-10.0, 25.0), p(110.0, 25.0)));
        assert!(passes_through(&r, p(-10.0, -10.0), p(50.0, 30.0)));
        assert!(passes_through(&r, p(50.0, 25.0), p(50.0, 200.0)));
        // Along or onto the border, or beside: not through.
        assert!(!passes_through(&r, p(-10.0, 0.0), p(110.0, 0.0)));
        assert!(!passes_through(&r, p(50.0, -40.0), p(50.0, 0.0)));
        assert!(!passes_through(&r, p(-10.0, -10.0), p(110.0, -5.0)));
        assert!(!passes_through(&r, p(120.0, 60.0), p(200.0, -60.0)));
    }

    #[test]
    fn deterministic_and_idempotent() {
        let mut a = plant();
        tidy(&mut a);
        let mut b = a.clone();
        tidy(&mut b);
        assert_eq!(a, b);
        let mut c = plant();
        tidy(&mut c);
        assert_eq!(a, c);
    }

    #[test]
    fn messy_file_is_flagged_then_clean() {
        let m = plant();
        assert!(assets_outside_zones(&m) > 0);
        let mut m = m;
        tidy(&mut m);
        assert_eq!(assets_outside_zones(&m), 0);
    }

    #[test]
    fn place_new_keeps_the_rest_where_it_is() {
        let mut before = plant();
        tidy(&mut before);
        let mut after = before.clone();
        // A new zone with an asset, a new asset in CTL, a new unplaced asset.
        after.insert_zone(zone("NEW", ZoneKind::Control, Some(PurdueLevel::L1)));
        after.insert_asset(asset("A-NEW-1", "NEW"));
        after.insert_asset(asset("A-CTL-9", "CTL"));
        after.insert_asset(Asset::new(
            "A-LOOSE-2",
            "loose 2",
            "plc",
            Point::new(1e6, 1e6),
        ));
        place_new(&mut after, &before);
        // Untouched: every zone but CTL (which grew), every old asset, every route.
        for (id, z) in &before.zones {
            if id.as_str() == "CTL" {
                let grown = after.zones[id].rect;
                assert_eq!((grown.x, grown.y, grown.w), (z.rect.x, z.rect.y, z.rect.w));
                assert!(grown.h > z.rect.h);
            } else {
                assert_eq!(after.zones[id].rect, z.rect, "{id}");
            }
        }
        for (id, a) in &before.assets {
            assert_eq!(after.assets[id].pos, a.pos, "{id}");
        }
        for (id, c) in &before.conduits {
            assert_eq!(after.conduits[id].route, c.route, "{id}");
        }
        // The new ones are inside their zones, the new zone under the old drawing.
        assert_eq!(assets_outside_zones(&after), 0);
        let old_bottom = before.bounds().map(|b| b.y + b.h).unwrap();
        assert!(after.zones["NEW"].rect.y > old_bottom);
        let loose = after.assets["A-LOOSE-2"].pos;
        assert!(loose.y > old_bottom && loose.y < 1e5);
    }

    #[test]
    fn boundary_devices_of_one_corridor_do_not_cover_each_other() {
        let mut m = Model::default();
        m.insert_zone(zone("A", ZoneKind::Control, Some(PurdueLevel::L1)));
        m.insert_zone(zone("B", ZoneKind::Control, Some(PurdueLevel::L1)));
        for i in 0..3 {
            let id = format!("C-{i}");
            m.insert_conduit(Conduit::new(id.as_str(), "", vec!["A".into(), "B".into()]));
            let mut fw = Asset::new(
                format!("FW-{i}").as_str(),
                "fw",
                "firewall",
                Point::default(),
            );
            fw.placement = Placement::Conduit(id.as_str().into());
            m.insert_asset(fw);
        }
        tidy(&mut m);
        let rects: Vec<Rect> = m.assets.values().map(crate::diagram::asset_rect).collect();
        for (i, a) in rects.iter().enumerate() {
            for b in &rects[i + 1..] {
                assert!(!a.intersects(b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn parent_cycle_does_not_hang() {
        let mut m = Model::default();
        let mut a = zone("A", ZoneKind::Control, None);
        a.parent = Some("B".into());
        let mut b = zone("B", ZoneKind::Control, None);
        b.parent = Some("A".into());
        m.insert_zone(a);
        m.insert_zone(b);
        tidy(&mut m);
        assert!(m.zones.values().all(|z| z.rect.w > 0.0));
    }
}
