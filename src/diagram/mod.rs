//! The look of the zone & conduit diagram as a list of primitives in world coordinates.
//! The editor paints them with egui (`ui::canvas`), the report with printpdf, so screen and
//! paper never drift apart. Selection, handles and hover are not here: the editor draws them
//! on top.
//!
//! Built once per model revision (not per frame). Depends on `model`, `catalog` and
//! `analysis`; knows no egui and no printpdf.

pub mod inside;
mod layout;
pub mod overview;
mod patch;
pub mod style;
pub mod svg;
pub mod text;

use crate::model::{ElementId, Point, Rect};

pub use inside::shown_asset_rect;
pub use layout::{
    ConduitPaths, arrow_at, asset_rect, build, build_indexed, conduit_paths, conduit_title,
};
pub use overview::{AssetLod, Legibility, TitleLayout};
pub use patch::{Index, Patched};
pub use style::Color;
pub use text::Weight;

/// A small deterministic generator for the diagram's randomised tests: each call returns the
/// next state of a 64-bit linear congruential generator.
#[cfg(test)]
pub(crate) fn test_rng(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state
    }
}

/// How zones are filled.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum ColorMode {
    /// By zone kind (enterprise, DMZ, control, safety, ...).
    #[default]
    Kind,
    /// By the highest level of the zone's SL-T.
    TargetLevel,
    /// A heat map of unmet requirement items.
    Gap,
}

impl ColorMode {
    pub const ALL: [Self; 3] = [Self::Kind, Self::TargetLevel, Self::Gap];

    pub fn label(self) -> &'static str {
        match self {
            Self::Kind => "Colour by kind",
            Self::TargetLevel => "Colour by SL-T",
            Self::Gap => "Colour by gap",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Options {
    pub color_mode: ColorMode,
    /// Thicker lines and stronger colours, for a projector.
    pub high_contrast: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            color_mode: ColorMode::Kind,
            high_contrast: false,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Stroke {
    pub width: f32,
    pub color: Color,
    pub dashed: bool,
}

impl Stroke {
    pub const fn solid(width: f32, color: Color) -> Self {
        Self {
            width,
            color,
            dashed: false,
        }
    }

    pub const NONE: Self = Self::solid(0.0, Color::WHITE);

    pub fn is_visible(&self) -> bool {
        self.width > 0.0 && self.color.a > 0
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum HAlign {
    Left,
    Center,
    Right,
}

/// A primitive, in world coordinates (y grows downwards).
#[derive(Clone, PartialEq, Debug)]
pub enum Shape {
    Rect {
        rect: Rect,
        radius: f32,
        fill: Option<Color>,
        stroke: Stroke,
    },
    /// An open polyline.
    Line { points: Vec<Point>, stroke: Stroke },
    /// A filled triangle (arrow heads, warning markers).
    Triangle { points: [Point; 3], fill: Color },
    Circle {
        center: Point,
        radius: f32,
        fill: Color,
        stroke: Stroke,
    },
    /// One line of text. `pos` is the left, centre or right end of its baseline box top:
    /// the text's top edge sits at `pos.y` and it is `size` tall.
    Text {
        pos: Point,
        text: String,
        size: f32,
        weight: Weight,
        color: Color,
        align: HAlign,
    },
}

impl Shape {
    /// The area the shape covers, for culling.
    pub fn bounds(&self) -> Rect {
        match self {
            Self::Rect { rect, stroke, .. } => rect.expand(stroke.width / 2.0),
            Self::Line { points, stroke } => points_bounds(points).expand(stroke.width),
            Self::Triangle { points, .. } => points_bounds(points),
            Self::Circle { center, radius, .. } => Rect::new(
                center.x - radius,
                center.y - radius,
                2.0 * radius,
                2.0 * radius,
            ),
            Self::Text {
                pos,
                text,
                size,
                weight,
                align,
                ..
            } => {
                let w = text::width(text, *size, *weight);
                let x = match align {
                    HAlign::Left => pos.x,
                    HAlign::Center => pos.x - w / 2.0,
                    HAlign::Right => pos.x - w,
                };
                Rect::new(x, pos.y, w, size * 1.25)
            }
        }
    }
}

/// Everything `items` draw: the union of their bounds.
pub fn bounds_of(items: &[Item]) -> Rect {
    items
        .iter()
        .map(|i| i.bounds)
        .reduce(|a, b| a.union(&b))
        .unwrap_or_default()
}

fn points_bounds(points: &[Point]) -> Rect {
    points
        .iter()
        .map(|p| Rect::new(p.x, p.y, 0.0, 0.0))
        .reduce(|a, b| a.union(&b))
        .unwrap_or_default()
}

/// Whether a primitive is worth drawing when zoomed far out.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lod {
    /// Always drawn: zone bodies, conduit lines, asset boxes.
    Always,
    /// Text and small decorations: skipped when they would be too small to read.
    Detail,
}

/// What the editor's semantic zoom does with a primitive. The report draws every primitive as
/// it is, whatever its role.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Role {
    #[default]
    Plain,
    /// A zone's header: name, kind line, badge. The editor lays out [`Diagram::zone_titles`]
    /// at a readable screen size instead (see [`overview`]).
    ZoneHeader,
    /// Part of an asset's box. The editor draws it only while the asset's name is readable,
    /// else the asset's [`AssetMark`].
    AssetBody,
}

/// One primitive with the element it belongs to (for hit testing and highlighting).
#[derive(Clone, PartialEq, Debug)]
pub struct Item {
    pub element: Option<ElementId>,
    pub lod: Lod,
    pub role: Role,
    pub shape: Shape,
    /// Cached `shape.bounds()`.
    pub bounds: Rect,
}

/// The whole diagram, in paint order.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Diagram {
    pub items: Vec<Item>,
    /// Everything drawn.
    pub bounds: Rect,
    /// The world rectangle of each conduit label, by conduit (hit testing in the editor).
    pub conduit_labels: Vec<(crate::model::ConduitId, Rect)>,
    /// Each zone's name and badge, parents before subzones, for the zoomed-out overview:
    /// when the diagram's own text is too small to read, the editor paints these at a fixed
    /// screen size instead, so a whole plant stays legible at fit-to-screen.
    pub zone_titles: Vec<ZoneTitle>,
    /// Each asset placed in a zone or conduit as a glyph, for the zoomed-out canvas, in id
    /// order.
    pub asset_marks: Vec<AssetMark>,
}

/// An asset as a small mark: its kind glyph and whether it falls short of its target.
#[derive(Clone, PartialEq, Debug)]
pub struct AssetMark {
    pub asset: crate::model::AssetId,
    /// Centre of the asset's box, world coordinates.
    pub pos: Point,
    /// The kind's short glyph ("PLC", "HMI").
    pub glyph: String,
    pub glyph_color: Color,
    pub gap: AssetGap,
}

/// Whether an asset is short of the SL-T of its zone or conduit: its 4-2 component delta.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum AssetGap {
    /// No SL-T to measure against, or no digital interface (outside 4-2).
    Unassessed,
    Met,
    /// Some 4-2 requirement unmet at the target (an unknown SL-C meets nothing).
    Short,
}

impl AssetGap {
    pub fn of(delta: Option<&crate::analysis::deltas::AssetDelta>) -> Self {
        match delta {
            Some(d) if d.in_scope && d.target.is_some() => {
                if d.unmet.is_empty() {
                    Self::Met
                } else {
                    Self::Short
                }
            }
            _ => Self::Unassessed,
        }
    }

    pub fn color(self) -> Color {
        match self {
            Self::Unassessed => Color::NEUTRAL,
            Self::Met => Color::OK,
            Self::Short => Color::BAD,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Unassessed => "not assessed",
            Self::Met => "meets zone SL-T",
            Self::Short => "short of zone SL-T",
        }
    }
}

/// A zone's name and status badge, for the overview (see [`Diagram::zone_titles`]).
#[derive(Clone, PartialEq, Debug)]
pub struct ZoneTitle {
    pub zone: crate::model::ZoneId,
    /// The zone's rectangle, world coordinates.
    pub rect: Rect,
    pub name: String,
    /// The badge text: "12 unmet", "met", "no SL-T" or "untrusted".
    pub status: String,
    pub status_color: Color,
    /// Kind, Purdue level and SL-T, untruncated ("Control · L1 · SL-T {2 2 2 2 2 2 2}").
    pub sub: String,
    /// Assets placed directly in the zone (not its subzones), and how many are short of its
    /// SL-T ([`AssetGap::Short`]).
    pub assets: usize,
    pub short: usize,
}

impl Diagram {
    /// Items that intersect `view` (culling), in paint order.
    pub fn visible<'a>(&'a self, view: &'a Rect) -> impl Iterator<Item = &'a Item> + 'a {
        self.items.iter().filter(move |i| i.bounds.intersects(view))
    }
}

/// A legend entry: a swatch colour and what it means.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct LegendEntry {
    pub fill: Color,
    pub stroke: Color,
    pub label: String,
}

/// The legend's heading for a colour mode.
pub fn legend_title(mode: ColorMode) -> &'static str {
    match mode {
        ColorMode::Kind => "Zone kind",
        ColorMode::TargetLevel => "SL-T (highest FR)",
        ColorMode::Gap => "Unmet items",
    }
}

/// The legend for a colour mode. Short labels (the SL-T levels, the unmet counts) are meant
/// to be written on their swatch.
pub fn legend(mode: ColorMode) -> Vec<LegendEntry> {
    use crate::model::ZoneKind;
    match mode {
        ColorMode::Kind => ZoneKind::ALL
            .iter()
            .map(|k| {
                let (fill, stroke) = style::zone_kind_colors(*k);
                LegendEntry {
                    fill,
                    stroke,
                    label: k.label().to_owned(),
                }
            })
            .collect(),
        ColorMode::TargetLevel => (0..=4)
            .map(|l| LegendEntry {
                fill: style::target_level_color(l),
                stroke: Color::MUTED,
                label: l.to_string(),
            })
            .collect(),
        ColorMode::Gap => [
            (Some(0), "0"),
            (Some(3), "1–5"),
            (Some(10), "6–15"),
            (Some(16), ">15"),
            (None, "no SL-T"),
        ]
        .iter()
        .map(|(n, label)| LegendEntry {
            fill: n.map_or(style::GAP_UNASSESSED, style::gap_color),
            stroke: Color::MUTED,
            label: (*label).to_owned(),
        })
        .collect(),
    }
}
