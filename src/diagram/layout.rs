//! Turns a model and its analysis into diagram primitives.

use std::collections::HashMap;

use crate::analysis::Analysis;
use crate::catalog::catalog;
use crate::model::{Asset, AssetId, ComponentClass, Conduit, ElementId, Model, Point, Rect, Zone};

use super::patch::{Index, Span};
use super::style::{self, Color, size};
use super::text::{self, Weight};
use super::{
    AssetGap, AssetMark, ColorMode, Diagram, HAlign, Item, Lod, Options, Role, Shape, Stroke,
    ZoneTitle,
};

/// Builds the diagram of `model`. Deterministic: the same inputs give the same primitives.
pub fn build(model: &Model, analysis: &Analysis, options: &Options) -> Diagram {
    build_parts(model, analysis, options).0
}

/// Builds the diagram with the [`Index`] that lets the editor patch it after a move instead
/// of building it again.
pub fn build_indexed(model: &Model, analysis: &Analysis, options: &Options) -> (Diagram, Index) {
    let (diagram, parts) = build_parts(model, analysis, options);
    let index = Index::new(model, &diagram, options, parts);
    (diagram, index)
}

/// All a zone's or conduit's drawing reads of its delta: the unmet count (badge, fill,
/// label) and whether the gap is severe (their colour). An edit that leaves these alike
/// leaves the drawing alike (see `Index::patch_edits`).
pub(super) fn reading(delta: Option<&crate::analysis::Delta>) -> (usize, bool) {
    delta.map_or((0, false), |d| (d.unmet.len(), d.gap_severe()))
}

/// Whether path `i` of conduit `c` (see [`conduit_paths`]; `hub`: it has a hub) ends in an
/// arrow head: a one-way conduit's, where data arrives (every zone but the first).
pub fn arrow_at(c: &Conduit, i: usize, hub: bool) -> bool {
    c.is_one_way() && (!hub || i > 0)
}

/// A conduit's title on its label: its name (or id), marked when one-way.
pub fn conduit_title(c: &Conduit) -> String {
    let name = if c.name.is_empty() {
        c.id.as_str()
    } else {
        c.name.as_str()
    };
    if c.is_one_way() {
        format!("{name} (one-way)")
    } else {
        name.to_owned()
    }
}

/// The assets a zone's or conduit's delta names as culprits, each once.
pub(super) fn distinct_culprits(d: &crate::analysis::Delta) -> Vec<&AssetId> {
    let mut ids: Vec<&AssetId> = d.culprit_sets().flatten().collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Per asset in id order: how many zones and conduits count it among their culprits (it
/// carries the culprit marker when that is not 0).
pub(super) fn culprit_counts(model: &Model, analysis: &Analysis) -> Vec<u32> {
    let mut counts: HashMap<&AssetId, u32> = HashMap::new();
    for (_, d) in analysis.deltas.elements() {
        for id in distinct_culprits(d) {
            *counts.entry(id).or_default() += 1;
        }
    }
    model
        .assets
        .keys()
        .map(|id| counts.get(id).copied().unwrap_or(0))
        .collect()
}

/// The diagram, and what its index is made of.
fn build_parts(
    model: &Model,
    analysis: &Analysis,
    options: &Options,
) -> (Diagram, super::patch::Parts) {
    let mut b = Builder::new(
        options,
        model.zones.len() * 8 + model.assets.len() * 6 + model.conduits.len() * 7,
    );
    let mut spans =
        Vec::with_capacity(model.zones.len() + model.conduits.len() * 2 + model.assets.len());
    // Each asset's gap, and per zone how many assets it holds directly and how many are short.
    let gaps: Vec<AssetGap> = model
        .assets
        .values()
        .map(|a| AssetGap::of(analysis.deltas.asset(a.id.as_str())))
        .collect();
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (a, gap) in model.assets.values().zip(&gaps) {
        if let Some(z) = a.placement.zone() {
            let c = counts.entry(z.as_str()).or_default();
            c.0 += 1;
            c.1 += usize::from(*gap == AssetGap::Short);
        }
    }

    // Parents before their subzones, so a subzone paints over its parent.
    let mut zones: Vec<(usize, &Zone)> = model
        .zones
        .values()
        .map(|z| (model.ancestors(&z.id).len(), z))
        .collect();
    zones.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    for (_, z) in &zones {
        spans.push(b.span(|b| {
            b.zone(
                z,
                analysis,
                counts.get(z.id.as_str()).copied().unwrap_or_default(),
            );
        }));
    }

    let mut labels = Vec::new();
    for c in model.conduits.values() {
        spans.push(b.span(|b| {
            if let Some(label) = b.conduit(model, c, analysis) {
                labels.push(label);
            }
        }));
    }

    let culprit = culprit_counts(model, analysis);
    for ((a, gap), &count) in model.assets.values().zip(gaps).zip(&culprit) {
        // Never across its zone's border (see `inside`).
        spans.push(b.span(|b| b.asset(&super::inside::shown(model, a), count > 0, gap)));
    }

    // Conduit labels last, placed where they hide no zone header, asset, hub or other label.
    let mut obstacles = Grid::default();
    for hub in labels.iter().filter_map(|l| l.hub) {
        obstacles.insert(hub_obstacle(hub), Grid::FIXED);
    }
    for z in model.zones.values() {
        obstacles.insert(header_obstacle(&z.rect), Grid::FIXED);
    }
    let mut asset_obstacles = Vec::with_capacity(model.assets.len());
    for a in model.assets.values() {
        let r = asset_obstacle(model, a);
        obstacles.insert(r, Grid::FIXED);
        asset_obstacles.push(r);
    }
    let mut conduit_labels = Vec::with_capacity(labels.len());
    for (i, label) in labels.iter().enumerate() {
        let rect = place_label(label, &obstacles, i);
        obstacles.insert(label_obstacle(rect), i);
        spans.push(b.span(|b| b.label(label, rect)));
        conduit_labels.push((label.conduit.clone(), rect));
    }

    let bounds = super::bounds_of(&b.items);
    let parts = super::patch::Parts {
        spans,
        culprit,
        asset_obstacles,
        labels,
        grid: obstacles,
    };
    let diagram = Diagram {
        items: b.items,
        bounds,
        conduit_labels,
        zone_titles: b.titles,
        asset_marks: b.marks,
    };
    (diagram, parts)
}

/// The obstacle a conduit's hub makes for labels.
pub(super) fn hub_obstacle(hub: Point) -> Rect {
    Rect::new(hub.x - 8.0, hub.y - 8.0, 16.0, 16.0)
}

/// The obstacle a zone's header makes for labels.
pub(super) fn header_obstacle(zone: &Rect) -> Rect {
    Rect::new(zone.x, zone.y, zone.w, size::ZONE_HEADER)
}

/// The obstacle an asset's box makes for labels.
pub(super) fn asset_obstacle(model: &Model, a: &Asset) -> Rect {
    super::inside::shown_asset_rect(model, a).expand(2.0)
}

/// The obstacle a placed label makes for the labels after it.
pub(super) fn label_obstacle(rect: Rect) -> Rect {
    rect.expand(3.0)
}

/// The box an asset is drawn in.
pub fn asset_rect(a: &Asset) -> Rect {
    Rect::new(
        a.pos.x - size::ASSET_W / 2.0,
        a.pos.y - size::ASSET_H / 2.0,
        size::ASSET_W,
        size::ASSET_H,
    )
}

pub(super) struct Builder {
    pub(super) items: Vec<Item>,
    pub(super) titles: Vec<ZoneTitle>,
    pub(super) marks: Vec<AssetMark>,
    options: Options,
    widen: f32,
    /// The role of the primitives pushed now.
    role: Role,
}

/// A conduit label waiting to be placed.
#[derive(Clone, PartialEq, Debug)]
pub(super) struct Label {
    pub(super) conduit: crate::model::ConduitId,
    lines: Vec<(String, f32, Weight, Color)>,
    /// The segment to place it along.
    along: (Point, Point),
    w: f32,
    h: f32,
    /// The hub its lines meet at (three or more zones): no label may hide it.
    pub(super) hub: Option<Point>,
}

const LABEL_LINE: f32 = 13.0;

impl Builder {
    pub(super) fn new(options: &Options, capacity: usize) -> Self {
        Self {
            items: Vec::with_capacity(capacity),
            titles: Vec::new(),
            marks: Vec::new(),
            options: *options,
            widen: if options.high_contrast { 1.6 } else { 1.0 },
            role: Role::Plain,
        }
    }

    /// Runs `f` and returns the items it pushed, as a span of `items`.
    pub(super) fn span(&mut self, f: impl FnOnce(&mut Self)) -> Span {
        let start = self.items.len();
        f(self);
        Span {
            start,
            len: self.items.len() - start,
        }
    }

    fn push(&mut self, element: Option<ElementId>, lod: Lod, shape: Shape) {
        let bounds = shape.bounds();
        self.items.push(Item {
            element,
            lod,
            role: self.role,
            shape,
            bounds,
        });
    }

    fn text(
        &mut self,
        el: &Option<ElementId>,
        pos: Point,
        text: String,
        (size, weight, color): (f32, Weight, Color),
        align: HAlign,
    ) {
        if text.is_empty() {
            return;
        }
        self.push(
            el.clone(),
            Lod::Detail,
            Shape::Text {
                pos,
                text,
                size,
                weight,
                color,
                align,
            },
        );
    }

    pub(super) fn zone(&mut self, z: &Zone, analysis: &Analysis, (assets, short): (usize, usize)) {
        let el = Some(ElementId::Zone(z.id.clone()));
        let (unmet, severe) = reading(analysis.deltas.zone(z.id.as_str()).map(|z| &z.delta));
        let (kind_fill, kind_stroke) = style::zone_kind_colors(z.kind);
        let fill = match self.options.color_mode {
            ColorMode::Kind => kind_fill,
            ColorMode::TargetLevel => style::target_level_color(
                z.sl_t
                    .map_or(0, |v| v.levels().into_iter().max().unwrap_or(0)),
            ),
            ColorMode::Gap if z.is_external() || z.sl_t.is_none() => style::GAP_UNASSESSED,
            ColorMode::Gap => style::gap_color(unmet),
        };
        let stroke = Stroke {
            width: if z.is_external() { 2.0 } else { 1.5 } * self.widen,
            color: kind_stroke,
            dashed: z.is_external(),
        };
        let r = z.rect;
        self.push(
            el.clone(),
            Lod::Always,
            Shape::Rect {
                rect: r,
                radius: size::ZONE_RADIUS,
                fill: Some(fill),
                stroke,
            },
        );
        // A thin band under the header keeps the name readable over any fill.
        self.role = Role::ZoneHeader;
        self.push(
            el.clone(),
            Lod::Detail,
            Shape::Line {
                points: vec![
                    Point::new(r.x + size::PAD, r.y + size::ZONE_HEADER - 4.0),
                    Point::new(r.x + r.w - size::PAD, r.y + size::ZONE_HEADER - 4.0),
                ],
                stroke: Stroke::solid(0.75, kind_stroke.with_alpha(90)),
            },
        );

        // Badge at the top right: unmet count, or why there is none.
        let (badge_text, badge_color) = if z.is_external() {
            ("untrusted".to_owned(), Color::UNTRUSTED)
        } else if z.sl_t.is_none() {
            ("no SL-T".to_owned(), Color::NEUTRAL)
        } else if unmet == 0 {
            ("met".to_owned(), Color::OK)
        } else {
            (
                format!("{unmet} unmet"),
                if severe { Color::BAD } else { Color::WARN },
            )
        };
        let badge_size = 10.5;
        let bw = text::width(&badge_text, badge_size, Weight::Bold) + 12.0;
        let bh = 18.0;
        let bx = r.x + r.w - size::PAD - bw;
        let by = r.y + 7.0;
        self.push(
            el.clone(),
            Lod::Always,
            Shape::Rect {
                rect: Rect::new(bx, by, bw, bh),
                radius: bh / 2.0,
                fill: Some(badge_color),
                stroke: Stroke::NONE,
            },
        );
        self.text(
            &el,
            Point::new(bx + bw / 2.0, by + 3.0),
            badge_text.clone(),
            (badge_size, Weight::Bold, Color::WHITE),
            HAlign::Center,
        );

        let name_w = (bx - 6.0 - (r.x + size::PAD)).max(0.0);
        let name = text::truncate(&z.name, size::ZONE_NAME, Weight::Bold, name_w).into_owned();
        self.text(
            &el,
            Point::new(r.x + size::PAD, r.y + 7.0),
            name,
            (size::ZONE_NAME, Weight::Bold, Color::TEXT),
            HAlign::Left,
        );

        let mut sub = z.kind.label().to_owned();
        if let Some(p) = z.purdue_level {
            sub.push_str(" · ");
            sub.push_str(p.label());
        }
        if z.is_safety() && z.kind != crate::model::ZoneKind::Safety {
            sub.push_str(" · safety");
        }
        if let Some(t) = z.sl_t.filter(|_| !z.is_external()) {
            sub.push_str(&format!(" · SL-T {t}"));
        }
        self.titles.push(ZoneTitle {
            zone: z.id.clone(),
            rect: r,
            name: z.name.clone(),
            status: badge_text,
            status_color: badge_color,
            sub: sub.clone(),
            assets,
            short,
        });
        let sub = text::truncate(
            &sub,
            size::ZONE_SUB,
            Weight::Regular,
            (r.w - 2.0 * size::PAD).max(0.0),
        )
        .into_owned();
        self.text(
            &el,
            Point::new(r.x + size::PAD, r.y + 25.0),
            sub,
            (size::ZONE_SUB, Weight::Regular, Color::MUTED),
            HAlign::Left,
        );
        self.role = Role::Plain;
    }

    pub(super) fn asset(&mut self, a: &Asset, culprit: bool, gap: AssetGap) {
        let el = Some(ElementId::Asset(a.id.clone()));
        self.role = Role::AssetBody;
        let r = asset_rect(a);
        let boundary = a.placement.conduit().is_some();
        let stroke = if boundary {
            Stroke::solid(2.0 * self.widen, Color::CONDUIT)
        } else {
            Stroke::solid(1.0 * self.widen, Color::rgb(0x8c, 0x94, 0x9e))
        };
        self.push(
            el.clone(),
            Lod::Always,
            Shape::Rect {
                rect: r,
                radius: size::ASSET_RADIUS,
                fill: Some(Color::WHITE),
                stroke,
            },
        );
        let kind = catalog().asset_kind(&a.kind);
        let glyph_color = class_color(&a.classes);
        let g = Rect::new(r.x + 3.0, r.y + 3.0, size::GLYPH_W, r.h - 6.0);
        self.push(
            el.clone(),
            Lod::Always,
            Shape::Rect {
                rect: g,
                radius: 3.0,
                fill: Some(glyph_color),
                stroke: Stroke::NONE,
            },
        );
        let glyph = kind.map_or("?", |k| k.glyph.as_str()).to_owned();
        self.marks.push(AssetMark {
            asset: a.id.clone(),
            pos: a.pos,
            glyph: glyph.clone(),
            glyph_color,
            gap,
        });
        let glyph_size = if glyph.chars().count() > 3 { 8.0 } else { 9.5 };
        self.text(
            &el,
            Point::new(g.x + g.w / 2.0, g.y + (g.h - glyph_size) / 2.0 - 1.0),
            glyph,
            (glyph_size, Weight::Bold, Color::WHITE),
            HAlign::Center,
        );
        let tx = g.x + g.w + 5.0;
        let tw = r.x + r.w - tx - 4.0 - if culprit { 8.0 } else { 0.0 };
        let name = text::truncate(&a.name, size::ASSET_NAME, Weight::Regular, tw).into_owned();
        self.text(
            &el,
            Point::new(tx, r.y + 3.5),
            name,
            (size::ASSET_NAME, Weight::Regular, Color::TEXT),
            HAlign::Left,
        );
        let sub = if !a.in_scope() {
            "no digital interface".to_owned()
        } else {
            match a.known_sl_c() {
                None => "SL-C unknown".to_owned(),
                Some(v) if a.sl_c_source.is_weak() => format!("SL-C {v} est."),
                Some(v) => format!("SL-C {v}"),
            }
        };
        self.text(
            &el,
            Point::new(tx, r.y + 19.0),
            sub,
            (size::ASSET_SUB, Weight::Regular, Color::MUTED),
            HAlign::Left,
        );
        if culprit {
            let c = Point::new(r.x + r.w - 7.0, r.y + 7.0);
            self.push(
                el.clone(),
                Lod::Always,
                Shape::Circle {
                    center: c,
                    radius: 6.0,
                    fill: Color::BAD,
                    stroke: Stroke::NONE,
                },
            );
            self.text(
                &el,
                Point::new(c.x, c.y - 5.5),
                "!".to_owned(),
                (9.5, Weight::Bold, Color::WHITE),
                HAlign::Center,
            );
        }
        self.role = Role::Plain;
    }

    /// Draws the conduit's lines and arrows; returns its label to place later.
    pub(super) fn conduit(
        &mut self,
        model: &Model,
        c: &Conduit,
        analysis: &Analysis,
    ) -> Option<Label> {
        let el = Some(ElementId::Conduit(c.id.clone()));
        let ConduitPaths { paths, hub } = conduit_paths(model, c)?;
        let stroke = Stroke::solid(size::CONDUIT_WIDTH * self.widen, Color::CONDUIT);
        if let Some(hub) = hub {
            self.push(
                el.clone(),
                Lod::Always,
                Shape::Circle {
                    center: hub,
                    radius: size::HUB_RADIUS * self.widen,
                    fill: Color::CONDUIT,
                    stroke: Stroke::NONE,
                },
            );
        }
        for (i, path) in paths.iter().enumerate() {
            self.push(
                el.clone(),
                Lod::Always,
                Shape::Line {
                    points: path.clone(),
                    stroke,
                },
            );
            if arrow_at(c, i, hub.is_some()) && path.len() >= 2 {
                let tip = path[path.len() - 1];
                let from = path[path.len() - 2];
                self.push(
                    el.clone(),
                    Lod::Always,
                    Shape::Triangle {
                        points: arrow_head(from, tip, size::ARROW * self.widen),
                        fill: Color::CONDUIT,
                    },
                );
            }
        }

        // The label: name, protocols, SL-T and unmet count.
        let mut protocols: Vec<&str> = Vec::new();
        for ch in &c.channels {
            let name = catalog().protocol_name(&ch.protocol);
            if !protocols.contains(&name) {
                protocols.push(name);
            }
        }
        let (unmet, severe) = reading(analysis.deltas.conduit(c.id.as_str()).map(|c| &c.delta));
        let title = conduit_title(c);
        let mut lines = vec![(
            text::truncate(&title, size::CONDUIT_LABEL, Weight::Bold, 200.0).into_owned(),
            size::CONDUIT_LABEL,
            Weight::Bold,
            Color::TEXT,
        )];
        if !protocols.is_empty() {
            let p = protocols.join(", ");
            lines.push((
                text::truncate(&p, size::CONDUIT_LABEL - 1.0, Weight::Regular, 200.0).into_owned(),
                size::CONDUIT_LABEL - 1.0,
                Weight::Regular,
                Color::MUTED,
            ));
        }
        let (slt, color) = match c.sl_t {
            None => ("no SL-T".to_owned(), Color::NEUTRAL),
            Some(t) if unmet == 0 => (format!("SL-T {t} · met"), Color::OK),
            Some(t) => (
                format!("SL-T {t} · {unmet} unmet"),
                if severe { Color::BAD } else { Color::WARN },
            ),
        };
        lines.push((slt, size::CONDUIT_LABEL - 1.0, Weight::Bold, color));
        let w = lines
            .iter()
            .map(|(t, s, wt, _)| text::width(t, *s, *wt))
            .fold(0.0, f32::max)
            + 10.0;
        let h = lines.len() as f32 * LABEL_LINE + 6.0;
        let along = paths
            .iter()
            .flat_map(|p| p.windows(2).map(|s| (s[0], s[1])))
            .max_by(|a, b| seg_len(*a).total_cmp(&seg_len(*b)))?;
        Some(Label {
            conduit: c.id.clone(),
            lines,
            along,
            w,
            h,
            hub,
        })
    }

    pub(super) fn label(&mut self, label: &Label, rect: Rect) {
        let el = Some(ElementId::Conduit(label.conduit.clone()));
        self.push(
            el.clone(),
            Lod::Detail,
            Shape::Rect {
                rect,
                radius: 3.0,
                fill: Some(Color::WHITE.with_alpha(240)),
                stroke: Stroke::solid(1.0, Color::CONDUIT),
            },
        );
        for (i, (t, s, w, c)) in label.lines.iter().enumerate() {
            self.text(
                &el,
                Point::new(rect.x + 5.0, rect.y + 3.0 + i as f32 * LABEL_LINE),
                t.clone(),
                (*s, *w, *c),
                HAlign::Left,
            );
        }
    }
}

/// The glyph colour of an asset by its main component class.
fn class_color(classes: &std::collections::BTreeSet<ComponentClass>) -> Color {
    if classes.contains(&ComponentClass::Ndr) {
        Color::rgb(0x45, 0x4f, 0x5c)
    } else if classes.contains(&ComponentClass::Edr) {
        Color::rgb(0x2e, 0x7d, 0x45)
    } else if classes.contains(&ComponentClass::Hdr) {
        Color::rgb(0x2f, 0x6d, 0xb5)
    } else if classes.contains(&ComponentClass::Sar) {
        Color::rgb(0x6a, 0x3f, 0xa8)
    } else {
        Color::NEUTRAL
    }
}

fn seg_len((a, b): (Point, Point)) -> f32 {
    (b.x - a.x).hypot(b.y - a.y)
}

/// The point where the ray from the centre of `r` towards `target` leaves `r` (the centre when
/// `target` is inside).
fn boundary_toward(r: &Rect, target: Point) -> Point {
    let c = r.center();
    let (dx, dy) = (target.x - c.x, target.y - c.y);
    if r.contains_point(target) || (dx == 0.0 && dy == 0.0) {
        return c;
    }
    let tx = if dx == 0.0 {
        f32::INFINITY
    } else {
        (r.w / 2.0) / dx.abs()
    };
    let ty = if dy == 0.0 {
        f32::INFINITY
    } else {
        (r.h / 2.0) / dy.abs()
    };
    let t = tx.min(ty);
    Point::new(c.x + dx * t, c.y + dy * t)
}

/// How a conduit is drawn: its lines, and for a hub (three or more zones) the point they meet.
#[derive(Clone, PartialEq, Debug)]
pub struct ConduitPaths {
    /// The hub point, for a conduit of three or more zones.
    pub hub: Option<Point>,
    /// Two zones: one polyline from the first zone's border to the second's, through the
    /// route. A hub: one line per zone (in the conduit's zone order, those that exist), from
    /// the hub along the zone's leg to its border.
    pub paths: Vec<Vec<Point>>,
}

/// How conduit `c` is drawn, or `None` when it joins fewer than two existing zones. Two zones:
/// through the route's bend points (or the short link of a zone nested in the other). Three
/// or more: from the hub (the route's first point, else the centroid of the zones' centres)
/// along each zone's leg as the layout routed it (`Conduit::legs`), then into the zone's
/// border; a zone without a leg gets a straight line from the hub.
pub fn conduit_paths(model: &Model, c: &Conduit) -> Option<ConduitPaths> {
    let zones: Vec<(usize, &Zone)> = c
        .zones
        .iter()
        .enumerate()
        .filter_map(|(i, z)| Some((i, model.zones.get(z)?)))
        .collect();
    if zones.len() < 2 {
        return None;
    }
    if let [(_, a), (_, b)] = zones[..] {
        return Some(ConduitPaths {
            paths: vec![route_between(a, b, &c.route)],
            hub: None,
        });
    }
    let (hub, legs) = c.hub_legs().unwrap_or_else(|| {
        let n = zones.len() as f32;
        let (sx, sy) = zones.iter().fold((0.0, 0.0), |(x, y), (_, z)| {
            (x + z.rect.center().x, y + z.rect.center().y)
        });
        (Point::new(sx / n, sy / n), vec![&[]; c.zones.len()])
    });
    let paths = zones
        .iter()
        .map(|(i, z)| {
            let mut path = vec![hub];
            path.extend_from_slice(legs[*i]);
            let last = path[path.len() - 1];
            path.push(boundary_toward(&z.rect, last));
            path
        })
        .collect();
    Some(ConduitPaths {
        paths,
        hub: Some(hub),
    })
}

/// The polyline of a two-zone conduit, from border to border.
fn route_between(a: &Zone, b: &Zone, route: &[Point]) -> Vec<Point> {
    let (ra, rb) = (a.rect, b.rect);
    // A zone nested in the other: a short vertical link from the inner zone's top edge up to
    // the outer zone's header.
    for (outer, inner) in [(ra, rb), (rb, ra)] {
        if route.is_empty() && outer.contains_point(inner.center()) {
            let x = inner.center().x;
            let top = Point::new(x, inner.y);
            let header = Point::new(x, (outer.y + size::ZONE_HEADER).min(inner.y - 1.0));
            return if outer == ra {
                vec![header, top]
            } else {
                vec![top, header]
            };
        }
    }
    let first_target = route.first().copied().unwrap_or_else(|| rb.center());
    let last_source = route.last().copied().unwrap_or_else(|| ra.center());
    let mut pts = vec![boundary_toward(&ra, first_target)];
    pts.extend_from_slice(route);
    pts.push(boundary_toward(&rb, last_source));
    pts
}

fn arrow_head(from: Point, tip: Point, len: f32) -> [Point; 3] {
    let (dx, dy) = (tip.x - from.x, tip.y - from.y);
    let l = dx.hypot(dy).max(1e-3);
    let (ux, uy) = (dx / l, dy / l);
    let base = Point::new(tip.x - ux * len, tip.y - uy * len);
    let half = len * 0.45;
    [
        tip,
        Point::new(base.x - uy * half, base.y + ux * half),
        Point::new(base.x + uy * half, base.y - ux * half),
    ]
}

/// Where a label may go, in the order they are tried: along its segment first, a step to
/// either side; then beyond the segment's ends, which a short segment (a subzone's link to
/// its parent) needs.
fn candidates(label: &Label) -> impl Iterator<Item = Rect> + use<> {
    let (a, b) = label.along;
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let l = dx.hypot(dy).max(1e-3);
    let (nx, ny) = (-dy / l, dx / l);
    let (w, h) = (label.w, label.h);
    let rect_at = move |t: f32, off: f32| {
        let cx = a.x + dx * t + nx * off;
        let cy = a.y + dy * t + ny * off;
        Rect::new(cx - w / 2.0, cy - h / 2.0, w, h)
    };
    let step = if nx.abs() > ny.abs() {
        w / 2.0 + 8.0
    } else {
        h / 2.0 + 8.0
    };
    let along_step = if nx.abs() > ny.abs() {
        h + 8.0
    } else {
        w + 8.0
    } / l;
    let beyond = (1..=3).flat_map(move |j| {
        let j = j as f32;
        [1.0 + j * along_step, -j * along_step]
    });
    [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]
        .into_iter()
        .chain(beyond)
        .flat_map(move |t| {
            [0.0, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0]
                .into_iter()
                .map(move |k| rect_at(t, k * step))
        })
}

/// The area every place a label may go lies in: an obstacle outside it cannot move the label.
pub(super) fn candidate_area(label: &Label) -> Rect {
    candidates(label)
        .reduce(|a, b| a.union(&b))
        .unwrap_or_default()
}

/// The first place for `label` that no obstacle covers (fixed ones and the labels numbered
/// below `number`, placed before it), else the least covered.
pub(super) fn place_label(label: &Label, obstacles: &Grid, number: usize) -> Rect {
    let mut best: Option<(f32, Rect)> = None;
    for r in candidates(label) {
        let covered = obstacles.overlap(&r, number);
        if covered <= 0.0 {
            return r;
        }
        if best.is_none_or(|(c, _)| covered < c) {
            best = Some((covered, r));
        }
    }
    best.map_or_else(
        || {
            let (a, b) = label.along;
            let c = Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
            Rect::new(c.x - label.w / 2.0, c.y - label.h / 2.0, label.w, label.h)
        },
        |(_, r)| r,
    )
}

/// A uniform grid of rectangles for fast overlap queries. Each rectangle carries a tag: a
/// label's number, or [`Grid::FIXED`] for zone headers, assets and hubs.
#[derive(Clone, Debug)]
pub(super) struct Grid {
    cell: f32,
    cells: HashMap<(i32, i32), Vec<(Rect, usize)>>,
}

impl Default for Grid {
    fn default() -> Self {
        Self {
            cell: 200.0,
            cells: HashMap::new(),
        }
    }
}

impl Grid {
    pub(super) const FIXED: usize = usize::MAX;

    fn span(&self, r: &Rect) -> impl Iterator<Item = (i32, i32)> + use<> {
        let c = self.cell;
        let to_cell = |v: f32| (v / c).floor().clamp(-1e6, 1e6) as i32;
        let (x0, x1) = (to_cell(r.x), to_cell(r.x + r.w));
        let (y0, y1) = (to_cell(r.y), to_cell(r.y + r.h));
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    pub(super) fn insert(&mut self, r: Rect, tag: usize) {
        for key in self.span(&r).collect::<Vec<_>>() {
            self.cells.entry(key).or_default().push((r, tag));
        }
    }

    /// Takes out one rectangle inserted with `tag`.
    pub(super) fn remove(&mut self, r: Rect, tag: usize) {
        for key in self.span(&r).collect::<Vec<_>>() {
            if let Some(cell) = self.cells.get_mut(&key)
                && let Some(i) = cell.iter().position(|e| *e == (r, tag))
            {
                cell.swap_remove(i);
            }
        }
    }

    /// The area of `r` that the fixed obstacles and the labels numbered below `number` cover
    /// (overlapping obstacles count twice, equal ones once). The sum does not depend on the
    /// order the rectangles went in, so a patched grid answers as a rebuilt one.
    fn overlap(&self, r: &Rect, number: usize) -> f32 {
        let mut seen: Vec<Rect> = Vec::new();
        let mut areas: Vec<f32> = Vec::new();
        for k in self.span(r) {
            for (o, tag) in self.cells.get(&k).into_iter().flatten() {
                if (*tag == Self::FIXED || *tag < number) && o.intersects(r) && !seen.contains(o) {
                    seen.push(*o);
                    let w = (o.x + o.w).min(r.x + r.w) - o.x.max(r.x);
                    let h = (o.y + o.h).min(r.y + r.h) - o.y.max(r.y);
                    areas.push(w.max(0.0) * h.max(0.0));
                }
            }
        }
        areas.sort_by(f32::total_cmp);
        areas.into_iter().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use crate::diagram::Shape;
    use crate::model::SlVector;
    use crate::model::{Channel, Direction, Placement, ZoneKind};

    fn model() -> Model {
        let mut m = Model::default();
        let mut dmz = Zone::new(
            "Z-DMZ",
            "Industrial DMZ",
            ZoneKind::Dmz,
            Rect::new(0.0, 0.0, 400.0, 200.0),
        );
        dmz.sl_t = SlVector::from_levels([2, 2, 2, 2, 3, 2, 2]);
        m.insert_zone(dmz);
        let mut ctl = Zone::new(
            "Z-CTL",
            "Control",
            ZoneKind::Control,
            Rect::new(0.0, 400.0, 400.0, 200.0),
        );
        ctl.sl_t = SlVector::from_levels([2, 2, 2, 1, 2, 1, 2]);
        m.insert_zone(ctl);
        m.insert_zone(Zone::new(
            "Z-EXT",
            "Vendor",
            ZoneKind::External,
            Rect::new(600.0, 0.0, 300.0, 200.0),
        ));
        let mut plc = Asset::new("A-PLC", "Legacy PLC", "plc", Point::new(100.0, 500.0));
        plc.classes.insert(ComponentClass::Edr);
        plc.placement = Placement::Zone("Z-CTL".into());
        m.insert_asset(plc);
        let mut diode = Conduit::new("C-1", "Diode", vec!["Z-CTL".into(), "Z-DMZ".into()]);
        diode.direction = Direction::Forward;
        diode
            .channels
            .push(Channel::new("opc_ua_sign_encrypt", "replication"));
        m.insert_conduit(diode);
        m
    }

    fn texts(d: &Diagram) -> Vec<&str> {
        d.items
            .iter()
            .filter_map(|i| match &i.shape {
                Shape::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn draws_zones_assets_conduits_and_badges() {
        let m = model();
        let a = Analysis::run(&m, catalog());
        let d = build(&m, &a, &Options::default());
        let t = texts(&d);
        assert!(
            t.contains(&"Industrial DMZ") && t.contains(&"Legacy PLC") && t.contains(&"untrusted")
        );
        assert!(t.iter().any(|s| s.starts_with("Diode (one-way)")));
        assert!(t.contains(&"OPC UA (SignAndEncrypt)"));
        assert!(t.iter().any(|s| s.ends_with("unmet")), "{t:?}");
        // The legacy PLC (SL-C 0) drags its zone down: it carries the culprit marker.
        assert!(
            d.items
                .iter()
                .any(|i| matches!(i.shape, Shape::Circle { .. })
                    && i.element == Some(ElementId::Asset("A-PLC".into())))
        );
        // One-way conduit: an arrow head.
        assert!(
            d.items
                .iter()
                .any(|i| matches!(i.shape, Shape::Triangle { .. }))
        );
        assert!(d.bounds.contains_rect(&Rect::new(0.0, 0.0, 900.0, 600.0)));
        // Overview titles: every zone, parents first, with its badge text.
        let titles: Vec<(&str, &str)> = d
            .zone_titles
            .iter()
            .map(|t| (t.zone.as_str(), t.status.as_str()))
            .collect();
        assert_eq!(titles.len(), 3);
        assert!(titles.contains(&("Z-EXT", "untrusted")));
        assert!(
            titles
                .iter()
                .any(|(z, s)| *z == "Z-CTL" && s.ends_with("unmet"))
        );
    }

    #[test]
    fn deterministic_and_labels_avoid_obstacles() {
        let m = model();
        let a = Analysis::run(&m, catalog());
        let d1 = build(&m, &a, &Options::default());
        let d2 = build(&m, &a, &Options::default());
        assert_eq!(d1, d2);
        let (_, label) = &d1.conduit_labels[0];
        for z in m.zones.values() {
            assert!(!label.intersects(&Rect::new(z.rect.x, z.rect.y, z.rect.w, size::ZONE_HEADER)));
        }
        for asset in m.assets.values() {
            assert!(!label.intersects(&asset_rect(asset)));
        }
    }

    #[test]
    fn long_names_are_shortened_to_fit() {
        let mut m = model();
        if let Some(z) = m.zones.get_mut("Z-DMZ") {
            z.name =
                "An extraordinarily long zone name that cannot possibly fit in the header".into();
        }
        let a = Analysis::run(&m, catalog());
        let d = build(&m, &a, &Options::default());
        let name = texts(&d)
            .into_iter()
            .find(|t| t.starts_with("An extra"))
            .unwrap();
        assert!(name.ends_with('…'));
        assert!(text::width(name, size::ZONE_NAME, Weight::Bold) < 400.0);
    }

    /// The lines and hub dot drawn for conduit `id`.
    fn conduit_shapes(d: &Diagram, id: &str) -> (Vec<Vec<Point>>, Vec<Point>, usize) {
        let mut lines = Vec::new();
        let mut dots = Vec::new();
        let mut arrows = 0;
        for i in &d.items {
            if i.element != Some(ElementId::Conduit(id.into())) {
                continue;
            }
            match &i.shape {
                Shape::Line { points, .. } => lines.push(points.clone()),
                Shape::Circle { center, .. } => dots.push(*center),
                Shape::Triangle { .. } => arrows += 1,
                _ => {}
            }
        }
        (lines, dots, arrows)
    }

    #[test]
    fn hub_conduit_paths_follow_the_legs_of_its_route() {
        let mut m = model();
        let p = Point::new;
        // DMZ (0,0)-(400,200), CTL (0,400)-(400,600), EXT (600,0)-(900,200): the hub in the
        // corridor between DMZ and EXT, at the height of the corridor under the top row.
        let mut hub = Conduit::new(
            "C-H",
            "Hub",
            vec!["Z-DMZ".into(), "Z-CTL".into(), "Z-EXT".into()],
        );
        hub.direction = Direction::Forward;
        // The CTL leg runs down the trunk to the corridor over its own row.
        let legs = [
            vec![p(200.0, 300.0)],
            vec![p(500.0, 350.0), p(200.0, 350.0)],
            vec![p(750.0, 300.0)],
        ];
        hub.set_hub_route(p(500.0, 300.0), &legs);
        m.insert_conduit(hub);
        // A conduit whose label would sit right on the hub (the middle of its longest run).
        let mut over = Conduit::new("C-2", "Over the hub", vec!["Z-DMZ".into(), "Z-EXT".into()]);
        over.route = vec![p(200.0, 300.0), p(800.0, 300.0)];
        m.insert_conduit(over);
        let a = Analysis::run(&m, catalog());
        let d = build(&m, &a, &Options::default());
        let (lines, dots, arrows) = conduit_shapes(&d, "C-H");
        assert_eq!(dots, vec![p(500.0, 300.0)]);
        assert_eq!(
            lines,
            vec![
                vec![p(500.0, 300.0), p(200.0, 300.0), p(200.0, 200.0)],
                vec![
                    p(500.0, 300.0),
                    p(500.0, 350.0),
                    p(200.0, 350.0),
                    p(200.0, 400.0)
                ],
                vec![p(500.0, 300.0), p(750.0, 300.0), p(750.0, 200.0)],
            ]
        );
        // One-way: arrows where data arrives, into CTL and EXT, along the last run.
        assert_eq!(arrows, 2);
        // No label hides the hub.
        for (c, r) in &d.conduit_labels {
            assert!(!r.expand(5.0).contains_point(p(500.0, 300.0)), "{c}: {r:?}");
        }
        assert_eq!(conduit_paths(&m, &m.conduits["C-H"]).unwrap().paths, lines);

        // A hub drawn by hand (no legs): straight lines from the hub, as always.
        let c = m.conduits.get_mut("C-H").unwrap();
        c.route.truncate(1);
        c.legs.clear();
        let d = build(&m, &a, &Options::default());
        let (lines, _, _) = conduit_shapes(&d, "C-H");
        assert_eq!(lines.len(), 3);
        for (l, z) in lines.iter().zip(["Z-DMZ", "Z-CTL", "Z-EXT"]) {
            assert_eq!(l.len(), 2);
            assert_eq!(l[0], p(500.0, 300.0));
            assert_eq!(l[1], boundary_toward(&m.zones[z].rect, l[0]));
        }
        // Legs that do not fit the zones (a hand-edited file): straight lines too.
        let c = m.conduits.get_mut("C-H").unwrap();
        c.set_hub_route(p(500.0, 300.0), &legs);
        c.legs.pop();
        let d2 = build(&m, &a, &Options::default());
        assert_eq!(conduit_shapes(&d2, "C-H").0, lines);
        // No route at all: the hub at the centroid of the zones' centres.
        let c = m.conduits.get_mut("C-H").unwrap();
        c.route.clear();
        c.legs.clear();
        let hub = conduit_paths(&m, &m.conduits["C-H"]).unwrap().hub.unwrap();
        assert_eq!(hub, p(1150.0 / 3.0, 700.0 / 3.0));
    }

    #[test]
    fn boundary_point_is_on_the_border() {
        let r = Rect::new(0.0, 0.0, 100.0, 50.0);
        assert_eq!(
            boundary_toward(&r, Point::new(50.0, 500.0)),
            Point::new(50.0, 50.0)
        );
        assert_eq!(
            boundary_toward(&r, Point::new(500.0, 25.0)),
            Point::new(100.0, 25.0)
        );
        assert_eq!(boundary_toward(&r, Point::new(10.0, 10.0)), r.center());
    }
}
