//! Text measurement with the embedded fonts, shared by the canvas, the diagram layout and the
//! PDF report, so that a label that fits on screen fits on paper too. printpdf writes plain
//! glyph runs without kerning, so the sum of advance widths is exactly what is drawn.

use std::borrow::Cow;
use std::sync::OnceLock;

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// DejaVu Sans Condensed (Bitstream Vera licence, see `assets/fonts/LICENSE-DejaVu.txt`).
pub const REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed.ttf");
/// DejaVu Sans Condensed Bold.
pub const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed-Bold.ttf");

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum Weight {
    #[default]
    Regular,
    Bold,
}

/// Advance widths in em, for fast measuring.
struct Metrics {
    /// Characters below `TABLE` by code point.
    table: Vec<f32>,
    font: Option<FontRef<'static>>,
    fallback: f32,
}

const TABLE: u32 = 0x2200;

impl Metrics {
    fn new(bytes: &'static [u8]) -> Self {
        let font = FontRef::new(bytes).ok();
        let mut table = vec![0.55; TABLE as usize];
        if let Some(f) = &font {
            let charmap = f.charmap();
            let metrics = f.glyph_metrics(Size::new(1.0), LocationRef::default());
            for (cp, slot) in table.iter_mut().enumerate() {
                let Some(c) = u32::try_from(cp).ok().and_then(char::from_u32) else {
                    continue;
                };
                if let Some(w) = charmap.map(c).and_then(|g| metrics.advance_width(g)) {
                    *slot = w;
                }
            }
        }
        Self {
            table,
            font,
            fallback: 0.6,
        }
    }

    #[inline]
    fn advance(&self, c: char) -> f32 {
        let cp = u32::from(c);
        if cp < TABLE {
            return self.table[cp as usize];
        }
        self.font
            .as_ref()
            .and_then(|f| {
                let g = f.charmap().map(c)?;
                f.glyph_metrics(Size::new(1.0), LocationRef::default())
                    .advance_width(g)
            })
            .unwrap_or(self.fallback)
    }
}

fn metrics(weight: Weight) -> &'static Metrics {
    static REGULAR: OnceLock<Metrics> = OnceLock::new();
    static BOLD: OnceLock<Metrics> = OnceLock::new();
    match weight {
        Weight::Regular => REGULAR.get_or_init(|| Metrics::new(REGULAR_TTF)),
        Weight::Bold => BOLD.get_or_init(|| Metrics::new(BOLD_TTF)),
    }
}

/// Whether the embedded font has a glyph for `c` (else it would show as a box).
pub fn has_glyph(c: char, weight: Weight) -> bool {
    let bytes = match weight {
        Weight::Regular => REGULAR_TTF,
        Weight::Bold => BOLD_TTF,
    };
    FontRef::new(bytes).is_ok_and(|f| f.charmap().map(c).is_some())
}

/// The width of `text` at `size` (same unit as `size`: points on paper, world units on the
/// canvas).
pub fn width(text: &str, size: f32, weight: Weight) -> f32 {
    let m = metrics(weight);
    text.chars().map(|c| m.advance(c)).sum::<f32>() * size
}

/// `text` shortened with "…" so that it fits in `max_width`.
pub fn truncate(text: &str, size: f32, weight: Weight, max_width: f32) -> Cow<'_, str> {
    if width(text, size, weight) <= max_width {
        return Cow::Borrowed(text);
    }
    let m = metrics(weight);
    let budget = max_width / size - m.advance('…');
    let mut used = 0.0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        let w = m.advance(c);
        if used + w > budget {
            break;
        }
        used += w;
        end = i + c.len_utf8();
    }
    if end == 0 {
        return Cow::Borrowed("");
    }
    Cow::Owned(format!("{}…", text[..end].trim_end()))
}

/// Greedy word wrap into lines no wider than `max_width`; a word longer than a line is broken.
pub fn wrap(text: &str, size: f32, weight: Weight, max_width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate, size, weight) <= max_width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // Break a word that is too long on its own.
            let mut rest = word;
            while width(rest, size, weight) > max_width {
                let mut cut = 0;
                for (i, c) in rest.char_indices() {
                    if width(&rest[..i + c.len_utf8()], size, weight) > max_width {
                        break;
                    }
                    cut = i + c.len_utf8();
                }
                if cut == 0 {
                    cut = rest.chars().next().map_or(rest.len(), char::len_utf8);
                }
                lines.push(rest[..cut].to_owned());
                rest = &rest[cut..];
            }
            line = rest.to_owned();
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_with_the_font() {
        let w = width("Hello", 10.0, Weight::Regular);
        assert!(w > 20.0 && w < 35.0, "{w}");
        assert!(width("Hello", 10.0, Weight::Bold) > w);
        assert_eq!(width("", 10.0, Weight::Regular), 0.0);
        assert!(
            (width("ab", 20.0, Weight::Regular) - 2.0 * width("ab", 10.0, Weight::Regular)).abs()
                < 1e-3
        );
        assert!(
            has_glyph('Ü', Weight::Regular)
                && has_glyph('→', Weight::Bold)
                && has_glyph('…', Weight::Regular)
        );
    }

    #[test]
    fn truncates_to_fit() {
        let t = truncate(
            "Chemical dosing and feed control",
            12.0,
            Weight::Regular,
            80.0,
        );
        assert!(t.ends_with('…'), "{t}");
        assert!(width(&t, 12.0, Weight::Regular) <= 80.0);
        assert_eq!(truncate("Short", 12.0, Weight::Regular, 200.0), "Short");
    }

    #[test]
    fn wraps_words_and_breaks_long_ones() {
        let lines = wrap("one two three four five six", 10.0, Weight::Regular, 50.0);
        assert!(lines.len() > 1);
        assert!(
            lines
                .iter()
                .all(|l| width(l, 10.0, Weight::Regular) <= 50.0)
        );
        assert_eq!(lines.join(" "), "one two three four five six");
        let long = wrap(
            "Supercalifragilisticexpialidocious",
            10.0,
            Weight::Regular,
            40.0,
        );
        assert!(long.len() > 2 && long.concat() == "Supercalifragilisticexpialidocious");
        assert_eq!(wrap("a\nb", 10.0, Weight::Regular, 100.0), ["a", "b"]);
    }
}
