//! Colours and sizes of the diagram, shared by screen and paper.

use crate::model::ZoneKind;

/// An sRGB colour with alpha, 0..=255 each. Our own type: the diagram knows no egui.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

impl Color {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 255 }
    }

    pub const fn with_alpha(self, a: u8) -> Self {
        Self { a, ..self }
    }

    pub const WHITE: Self = Self::rgb(255, 255, 255);
    pub const BLACK: Self = Self::rgb(0, 0, 0);
    pub const TEXT: Self = Self::rgb(0x1f, 0x24, 0x2b);
    pub const MUTED: Self = Self::rgb(0x55, 0x5d, 0x68);
    pub const CONDUIT: Self = Self::rgb(0x3a, 0x41, 0x4c);
    pub const OK: Self = Self::rgb(0x2e, 0x7d, 0x32);
    pub const WARN: Self = Self::rgb(0xc7, 0x7c, 0x02);
    pub const BAD: Self = Self::rgb(0xc6, 0x28, 0x28);
    pub const NEUTRAL: Self = Self::rgb(0x8a, 0x91, 0x9c);
    pub const UNTRUSTED: Self = Self::rgb(0xb7, 0x1c, 0x1c);

    /// Mixes towards `other` by `t` (0..=1).
    #[must_use]
    pub fn lerp(self, other: Self, t: f32) -> Self {
        let t = t.clamp(0.0, 1.0);
        let mix = |a: u8, b: u8| {
            let v = f32::from(a) + (f32::from(b) - f32::from(a)) * t;
            // In range by construction: a convex mix of two u8 values.
            v.round().clamp(0.0, 255.0) as u8
        };
        Self {
            r: mix(self.r, other.r),
            g: mix(self.g, other.g),
            b: mix(self.b, other.b),
            a: mix(self.a, other.a),
        }
    }

    /// As 0..=1 floats, for PDF.
    pub fn to_unit(self) -> [f32; 4] {
        [self.r, self.g, self.b, self.a].map(|c| f32::from(c) / 255.0)
    }
}

/// Fill and border colour of a zone of each kind.
pub fn zone_kind_colors(kind: ZoneKind) -> (Color, Color) {
    let (fill, stroke) = match kind {
        ZoneKind::Enterprise => ((0xe3, 0xe8, 0xf0), (0x5b, 0x6b, 0x82)),
        ZoneKind::Dmz => ((0xfc, 0xec, 0xcf), (0xb0, 0x7a, 0x12)),
        ZoneKind::Operations => ((0xdb, 0xea, 0xfb), (0x2f, 0x6d, 0xb5)),
        ZoneKind::Control => ((0xdc, 0xf1, 0xdf), (0x2e, 0x7d, 0x45)),
        ZoneKind::Safety => ((0xfb, 0xdc, 0xda), (0xb3, 0x26, 0x1e)),
        ZoneKind::Field => ((0xec, 0xf1, 0xd6), (0x6b, 0x7a, 0x1f)),
        ZoneKind::Wireless => ((0xea, 0xe0, 0xf7), (0x6a, 0x3f, 0xa8)),
        ZoneKind::Transient => ((0xee, 0xee, 0xee), (0x6e, 0x6e, 0x6e)),
        ZoneKind::RemoteSite => ((0xd6, 0xf0, 0xed), (0x1f, 0x7a, 0x70)),
        ZoneKind::External => ((0xff, 0xf5, 0xf5), (0xb7, 0x1c, 0x1c)),
    };
    (
        Color::rgb(fill.0, fill.1, fill.2),
        Color::rgb(stroke.0, stroke.1, stroke.2),
    )
}

/// Fill for "colour by SL-T": the zone's highest target level on a sequential blue scale,
/// five steps far enough apart to tell apart (ColorBrewer "Blues", kept light enough for dark
/// text on the deepest step). Levels above 4 are clamped.
pub fn target_level_color(max_level: u8) -> Color {
    const STEPS: [Color; 5] = [
        Color::rgb(0xf7, 0xfb, 0xff),
        Color::rgb(0xd0, 0xe2, 0xf4),
        Color::rgb(0xa4, 0xca, 0xe8),
        Color::rgb(0x6b, 0xa8, 0xd8),
        Color::rgb(0x3f, 0x83, 0xc4),
    ];
    STEPS[usize::from(max_level.min(4))]
}

/// The fill of a gap level (met, one level short, two or more, no SL-T): the same on screen and
/// on paper.
pub const fn gap_fill(g: crate::analysis::GapLevel) -> Color {
    use crate::analysis::GapLevel;
    match g {
        GapLevel::Unassessed => Color::rgb(0xe4, 0xe6, 0xe9),
        GapLevel::Met => Color::rgb(0xcc, 0xea, 0xce),
        GapLevel::One => Color::rgb(0xfb, 0xe0, 0x9c),
        GapLevel::TwoOrMore => Color::rgb(0xf4, 0xb4, 0xae),
    }
}

/// Fill for "colour by gap" of a zone without SL-T or an external zone.
pub const GAP_UNASSESSED: Color = Color::rgb(0xf4, 0xf4, 0xf4);

/// Fill for "colour by gap": a heat map of unmet items.
pub fn gap_color(unmet: usize) -> Color {
    match unmet {
        0 => Color::rgb(0xd7, 0xf0, 0xd8),
        1..=5 => Color::rgb(0xfb, 0xf0, 0xc4),
        6..=15 => Color::rgb(0xfb, 0xd9, 0xb0),
        _ => Color::rgb(0xf6, 0xbd, 0xb9),
    }
}

/// Sizes in world units (1 unit = 1 px at zoom 1; the report scales the whole diagram).
pub mod size {
    /// Height of a zone's header band (name, kind, SL-T, badge).
    pub const ZONE_HEADER: f32 = 44.0;
    pub const ZONE_RADIUS: f32 = 6.0;
    pub const ZONE_NAME: f32 = 14.0;
    pub const ZONE_SUB: f32 = 11.0;
    pub const PAD: f32 = 8.0;
    /// An asset is drawn as a box of this size centred on its position.
    pub const ASSET_W: f32 = 140.0;
    pub const ASSET_H: f32 = 34.0;
    pub const ASSET_RADIUS: f32 = 4.0;
    pub const ASSET_NAME: f32 = 11.5;
    pub const ASSET_SUB: f32 = 9.5;
    pub const GLYPH_W: f32 = 32.0;
    pub const CONDUIT_WIDTH: f32 = 2.5;
    pub const CONDUIT_LABEL: f32 = 10.5;
    pub const ARROW: f32 = 12.0;
    /// Radius of the dot where a conduit of three or more zones meets.
    pub const HUB_RADIUS: f32 = 5.0;
}
