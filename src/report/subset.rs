//! Font subsetting that keeps glyph ids: the glyphs a report does not use are emptied (their
//! outlines dropped, their metrics zeroed), the layout tables the PDF never reads are left
//! out, and every glyph id stays what it was, so the content streams, the `/W` widths and
//! the identity CID-to-glyph map printpdf writes stay valid as they are. Pure and
//! deterministic: the same font and characters give the same bytes.
//!
//! A TrueType (`glyf`) font only; anything else gives `None` and the caller embeds the whole
//! font.

use std::collections::{BTreeMap, BTreeSet};

use skrifa::MetadataProvider;

/// Tables a PDF viewer never reads from an embedded CID TrueType font (shaping, kerning,
/// device metrics, signatures).
const DROP: [&[u8; 4]; 12] = [
    b"GSUB", b"GPOS", b"GDEF", b"kern", b"hdmx", b"VDMX", b"LTSH", b"DSIG", b"FFTM", b"JSTF",
    b"MATH", b"BASE",
];

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The table directory: tag → bytes.
fn tables(ttf: &[u8]) -> Option<BTreeMap<[u8; 4], &[u8]>> {
    let n = usize::from(u16_at(ttf, 4)?);
    let mut out = BTreeMap::new();
    for i in 0..n {
        let rec = 12 + 16 * i;
        let tag: [u8; 4] = ttf.get(rec..rec + 4)?.try_into().ok()?;
        let off = usize::try_from(u32_at(ttf, rec + 8)?).ok()?;
        let len = usize::try_from(u32_at(ttf, rec + 12)?).ok()?;
        out.insert(tag, ttf.get(off..off.checked_add(len)?)?);
    }
    Some(out)
}

/// The glyphs a composite glyph is built from.
fn components(glyph: &[u8]) -> Vec<u16> {
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAVE_SCALE: u16 = 0x0008;
    const MORE: u16 = 0x0020;
    const HAVE_XY_SCALE: u16 = 0x0040;
    const HAVE_2X2: u16 = 0x0080;
    let mut out = Vec::new();
    // A composite has a negative contour count.
    if u16_at(glyph, 0).is_none_or(|n| (n as i16) >= 0) {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(gid)) = (u16_at(glyph, at), u16_at(glyph, at + 2)) {
        out.push(gid);
        at += 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        at += if flags & HAVE_SCALE != 0 {
            2
        } else if flags & HAVE_XY_SCALE != 0 {
            4
        } else if flags & HAVE_2X2 != 0 {
            8
        } else {
            0
        };
        if flags & MORE == 0 {
            break;
        }
    }
    out
}

fn checksum(b: &[u8]) -> u32 {
    b.chunks(4).fold(0u32, |sum, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

/// `ttf` with only the glyphs of `chars` (and `.notdef`, and the parts of composite
/// glyphs) kept, glyph ids unchanged.
pub fn subset(ttf: &[u8], chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    let t = tables(ttf)?;
    let (head, maxp, hhea, loca, glyf, hmtx) = (
        *t.get(b"head")?,
        *t.get(b"maxp")?,
        *t.get(b"hhea")?,
        *t.get(b"loca")?,
        *t.get(b"glyf")?,
        *t.get(b"hmtx")?,
    );
    let glyphs = usize::from(u16_at(maxp, 4)?);
    let long = u16_at(head, 50)? == 1;
    let offset = |g: usize| -> Option<usize> {
        if long {
            usize::try_from(u32_at(loca, 4 * g)?).ok()
        } else {
            Some(usize::from(u16_at(loca, 2 * g)?) * 2)
        }
    };
    let glyph = |g: usize| -> Option<&[u8]> { glyf.get(offset(g)?..offset(g + 1)?) };

    let font = skrifa::FontRef::new(ttf).ok()?;
    let charmap = font.charmap();
    let mut keep: BTreeSet<u16> = BTreeSet::from([0]);
    let mut todo: Vec<u16> = chars
        .iter()
        .filter_map(|c| charmap.map(*c))
        .filter_map(|g| u16::try_from(g.to_u32()).ok())
        .collect();
    while let Some(g) = todo.pop() {
        if usize::from(g) >= glyphs || !keep.insert(g) {
            continue;
        }
        todo.extend(components(glyph(usize::from(g))?));
    }

    // glyf and a long loca: kept glyphs copied (4-byte aligned), the others empty.
    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity(4 * (glyphs + 1));
    for g in 0..glyphs {
        new_loca.extend_from_slice(&u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
        if keep.contains(&u16::try_from(g).ok()?) {
            new_glyf.extend_from_slice(glyph(g)?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend_from_slice(&u32::try_from(new_glyf.len()).ok()?.to_be_bytes());

    // hmtx: metrics of unused glyphs zeroed (the last long metric stays: it is the advance
    // of every glyph after it).
    let long_metrics = usize::from(u16_at(hhea, 34)?);
    let mut new_hmtx = hmtx.to_vec();
    for g in 0..glyphs {
        if keep.contains(&u16::try_from(g).ok()?) || g + 1 == long_metrics {
            continue;
        }
        let (at, len) = if g < long_metrics {
            (4 * g, 4)
        } else {
            (4 * long_metrics + 2 * (g - long_metrics), 2)
        };
        if let Some(m) = new_hmtx.get_mut(at..at + len) {
            m.fill(0);
        }
    }

    let mut new_head = head.to_vec();
    new_head.get_mut(8..12)?.fill(0); // checkSumAdjustment, set below
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes());
    // post format 3: no glyph names.
    let mut new_post = t.get(b"post").map(|p| p.get(..32).unwrap_or(p).to_vec());
    if let Some(p) = new_post.as_mut().filter(|p| p.len() == 32) {
        p[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
    } else {
        new_post = None;
    }

    let mut out_tables: BTreeMap<[u8; 4], Vec<u8>> = BTreeMap::new();
    for (tag, data) in &t {
        if DROP.contains(&tag) {
            continue;
        }
        let data = match tag {
            b"glyf" => new_glyf.clone(),
            b"loca" => new_loca.clone(),
            b"hmtx" => new_hmtx.clone(),
            b"head" => new_head.clone(),
            b"post" => match &new_post {
                Some(p) => p.clone(),
                None => continue,
            },
            _ => data.to_vec(),
        };
        out_tables.insert(*tag, data);
    }

    // The file: offset table, records by tag, tables 4-byte aligned.
    let n = u16::try_from(out_tables.len()).ok()?;
    let pow = 1u16 << (15 - n.leading_zeros().min(15));
    let mut out = Vec::new();
    out.extend_from_slice(&u32_at(ttf, 0)?.to_be_bytes());
    out.extend_from_slice(&n.to_be_bytes());
    out.extend_from_slice(&(pow * 16).to_be_bytes());
    out.extend_from_slice(&(pow.trailing_zeros() as u16).to_be_bytes());
    out.extend_from_slice(&(n * 16 - pow * 16).to_be_bytes());
    let mut at = 12 + 16 * out_tables.len();
    let mut head_at = None;
    for (tag, data) in &out_tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&u32::try_from(at).ok()?.to_be_bytes());
        out.extend_from_slice(&u32::try_from(data.len()).ok()?.to_be_bytes());
        if tag == b"head" {
            head_at = Some(at);
        }
        at += data.len().div_ceil(4) * 4;
    }
    for data in out_tables.values() {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    let h = head_at?;
    out.get_mut(h + 8..h + 12)?
        .copy_from_slice(&adjust.to_be_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::text::{BOLD_TTF, REGULAR_TTF};
    use skrifa::MetadataProvider;

    #[test]
    fn keeps_the_used_glyphs_at_their_ids_and_drops_the_rest() {
        let chars: BTreeSet<char> = "Zone Ü ≥ – ↔ fi".chars().collect();
        for ttf in [REGULAR_TTF, BOLD_TTF] {
            let small = subset(ttf, &chars).unwrap();
            assert!(
                small.len() * 4 < ttf.len(),
                "{} of {}",
                small.len(),
                ttf.len()
            );
            // Deterministic.
            assert_eq!(small, subset(ttf, &chars).unwrap());
            let full = skrifa::FontRef::new(ttf).unwrap();
            let sub = skrifa::FontRef::new(&small).unwrap();
            let (fm, sm) = (full.charmap(), sub.charmap());
            let outline = |f: &skrifa::FontRef<'_>, g| {
                let glyphs = f.outline_glyphs();
                let mut pen = Pen(0);
                if let Some(o) = glyphs.get(g) {
                    o.draw(skrifa::instance::Size::unscaled(), &mut pen).ok();
                }
                pen.0
            };
            for c in chars.iter().filter(|c| **c != ' ') {
                let g = fm.map(*c).unwrap();
                assert_eq!(sm.map(*c), Some(g), "{c}: glyph id changed");
                let n = outline(&sub, g);
                assert!(n > 0 && n == outline(&full, g), "{c}: outline lost");
            }
            // A glyph the text does not use is empty.
            let q = fm.map('q').unwrap();
            assert!(outline(&full, q) > 0);
            assert_eq!(outline(&sub, q), 0);
        }
    }

    /// Counts the drawing commands of an outline.
    struct Pen(usize);

    impl skrifa::outline::OutlinePen for Pen {
        fn move_to(&mut self, _: f32, _: f32) {
            self.0 += 1;
        }
        fn line_to(&mut self, _: f32, _: f32) {
            self.0 += 1;
        }
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {
            self.0 += 1;
        }
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {
            self.0 += 1;
        }
        fn close(&mut self) {}
    }

    #[test]
    fn not_a_font_gives_none() {
        assert!(subset(b"not a font", &BTreeSet::from(['a'])).is_none());
    }
}
