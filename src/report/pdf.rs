//! The drawing surface of the report: pages of printpdf ops in points with the origin at the
//! top-left (converted to PDF's bottom-left origin here and nowhere else), the embedded DejaVu
//! fonts, and the final serialisation with a nested outline and a deterministic document id.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use printpdf::{
    Color as PdfColor, FontId, Line, LineDashPattern, LinePoint, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, PdfWarnMsg, Point as PdfPoint,
    Polygon, PolygonRing, Pt, Rect as PdfRect, Rgb, TextItem, TextMatrix, WindingOrder,
};

use crate::diagram::Color;
use crate::diagram::text::{self, BOLD_TTF, REGULAR_TTF, Weight};
use crate::model::fnv1a;

use super::ReportError;

/// Where the baseline sits below the top of a line of text, in em (DejaVu's ascent).
pub const ASCENT: f32 = 0.93;

/// A link: its area `(x, y, w, h)` and the 0-based index of the page it goes to.
pub type Link = ((f32, f32, f32, f32), usize);

/// One page being drawn.
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub ops: Vec<Op>,
    /// Link areas `(x, top, w, h)` to a page (0-based index in the document).
    pub links: Vec<Link>,
    /// The characters drawn, per weight (regular, bold): the fonts are subset to them.
    pub used: [BTreeSet<char>; 2],
}

/// A text style: size in points, weight and colour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    pub size: f32,
    pub weight: Weight,
    pub color: Color,
}

impl Style {
    pub const fn new(size: f32, weight: Weight, color: Color) -> Self {
        Self {
            size,
            weight,
            color,
        }
    }

    /// The height of one line.
    pub fn line(&self) -> f32 {
        self.size * 1.2
    }

    pub fn width(&self, s: &str) -> f32 {
        text::width(s, self.size, self.weight)
    }
}

fn font_id(weight: Weight) -> FontId {
    FontId(
        match weight {
            Weight::Regular => "F1",
            Weight::Bold => "F2",
        }
        .to_owned(),
    )
}

/// A colour on white paper: alpha is blended in, since plain PDF fills have none.
fn pdf_color(c: Color) -> PdfColor {
    let [r, g, b, a] = c.to_unit();
    let mix = |v: f32| (1.0 - a + v * a).clamp(0.0, 1.0);
    PdfColor::Rgb(Rgb {
        r: mix(r),
        g: mix(g),
        b: mix(b),
        icc_profile: None,
    })
}

impl Page {
    pub fn new(width: f32, height: f32) -> Self {
        Self {
            width,
            height,
            ops: Vec::new(),
            links: Vec::new(),
            used: [BTreeSet::new(), BTreeSet::new()],
        }
    }

    fn pt(&self, x: f32, y: f32) -> PdfPoint {
        PdfPoint {
            x: Pt(x),
            y: Pt(self.height - y),
        }
    }

    /// One line of text whose top is at `top`.
    pub fn text(&mut self, x: f32, top: f32, s: &str, style: Style) {
        if s.is_empty() || style.size <= 0.0 {
            return;
        }
        self.used[usize::from(style.weight == Weight::Bold)].extend(s.chars());
        let baseline = self.height - top - style.size * ASCENT;
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(font_id(style.weight)),
                size: Pt(style.size),
            },
            Op::SetFillColor {
                col: pdf_color(style.color),
            },
            Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(x), Pt(baseline)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(s.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    /// A clickable area that goes to page `target` (0-based).
    pub fn link(&mut self, area: (f32, f32, f32, f32), target: usize) {
        self.links.push((area, target));
    }

    /// Text right-aligned to `right`.
    pub fn text_right(&mut self, right: f32, top: f32, s: &str, style: Style) {
        self.text(right - style.width(s), top, s, style);
    }

    /// Text centred on `cx`.
    pub fn text_center(&mut self, cx: f32, top: f32, s: &str, style: Style) {
        self.text(cx - style.width(s) / 2.0, top, s, style);
    }

    /// A rectangle, filled and/or stroked.
    pub fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Color>,
        stroke: Option<(f32, Color)>,
    ) {
        let mode = match (fill.is_some(), stroke.is_some()) {
            (true, true) => PaintMode::FillStroke,
            (true, false) => PaintMode::Fill,
            (false, true) => PaintMode::Stroke,
            (false, false) => return,
        };
        if let Some(c) = fill {
            self.ops.push(Op::SetFillColor { col: pdf_color(c) });
        }
        if let Some((width, c)) = stroke {
            self.set_stroke(width, c, false);
        }
        self.ops.push(Op::DrawRectangle {
            rectangle: PdfRect {
                x: Pt(x),
                y: Pt(self.height - y - h),
                width: Pt(w),
                height: Pt(h),
                mode: Some(mode),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    /// A rectangle with rounded corners.
    pub fn round_rect(
        &mut self,
        (x, y, w, h): (f32, f32, f32, f32),
        radius: f32,
        fill: Option<Color>,
        stroke: Option<(f32, Color, bool)>,
    ) {
        let r = radius.min(w / 2.0).min(h / 2.0).max(0.0);
        if r < 0.5 {
            if let Some((sw, c, dashed)) = stroke.filter(|s| s.2) {
                self.rect(x, y, w, h, fill, None);
                self.set_stroke(sw, c, dashed);
                let pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)];
                self.path(
                    &pts.map(|(px, py)| (px, py, false)),
                    true,
                    PaintMode::Stroke,
                );
                self.ops.push(Op::SetLineDashPattern {
                    dash: LineDashPattern::solid(),
                });
            } else {
                self.rect(x, y, w, h, fill, stroke.map(|(sw, c, _)| (sw, c)));
            }
            return;
        }
        // Bezier circle constant.
        let k = r * 0.552_284_8;
        let pts = [
            (x + r, y, false),
            (x + w - r, y, false),
            (x + w - r + k, y, true),
            (x + w, y + r - k, true),
            (x + w, y + r, false),
            (x + w, y + h - r, false),
            (x + w, y + h - r + k, true),
            (x + w - r + k, y + h, true),
            (x + w - r, y + h, false),
            (x + r, y + h, false),
            (x + r - k, y + h, true),
            (x, y + h - r + k, true),
            (x, y + h - r, false),
            (x, y + r, false),
            (x, y + r - k, true),
            (x + r - k, y, true),
        ];
        let mode = match (fill, stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            (None, Some(_)) => PaintMode::Stroke,
            (None, None) => return,
        };
        if let Some(c) = fill {
            self.ops.push(Op::SetFillColor { col: pdf_color(c) });
        }
        let dashed = stroke.is_some_and(|s| s.2);
        if let Some((sw, c, d)) = stroke {
            self.set_stroke(sw, c, d);
        }
        self.path(&pts, true, mode);
        if dashed {
            self.ops.push(Op::SetLineDashPattern {
                dash: LineDashPattern::solid(),
            });
        }
    }

    pub fn set_stroke(&mut self, width: f32, c: Color, dashed: bool) {
        self.ops.push(Op::SetOutlineColor { col: pdf_color(c) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        if dashed {
            let d = (width * 3.0).max(2.0);
            self.ops.push(Op::SetLineDashPattern {
                dash: LineDashPattern::new(0.0, &[d, d * 0.7]),
            });
        }
    }

    /// A closed or open path; `(x, y, is_bezier_control)`.
    pub fn path(&mut self, pts: &[(f32, f32, bool)], closed: bool, mode: PaintMode) {
        let points: Vec<LinePoint> = pts
            .iter()
            .map(|&(x, y, bezier)| LinePoint {
                p: self.pt(x, y),
                bezier,
            })
            .collect();
        if mode == PaintMode::Stroke && !closed {
            self.ops.push(Op::DrawLine {
                line: Line {
                    points,
                    is_closed: false,
                },
            });
        } else {
            self.ops.push(Op::DrawPolygon {
                polygon: Polygon {
                    rings: vec![PolygonRing { points }],
                    mode,
                    winding_order: WindingOrder::NonZero,
                },
            });
        }
    }

    /// A stroked polyline.
    pub fn line(&mut self, pts: &[(f32, f32)], width: f32, c: Color, dashed: bool) {
        if pts.len() < 2 {
            return;
        }
        self.set_stroke(width, c, dashed);
        let pts: Vec<(f32, f32, bool)> = pts.iter().map(|&(x, y)| (x, y, false)).collect();
        self.path(&pts, false, PaintMode::Stroke);
        if dashed {
            self.ops.push(Op::SetLineDashPattern {
                dash: LineDashPattern::solid(),
            });
        }
    }

    pub fn polygon(&mut self, pts: &[(f32, f32)], fill: Color) {
        self.ops.push(Op::SetFillColor {
            col: pdf_color(fill),
        });
        let pts: Vec<(f32, f32, bool)> = pts.iter().map(|&(x, y)| (x, y, false)).collect();
        self.path(&pts, true, PaintMode::Fill);
    }

    pub fn circle(&mut self, cx: f32, cy: f32, r: f32, fill: Color, stroke: Option<(f32, Color)>) {
        self.round_rect(
            (cx - r, cy - r, 2.0 * r, 2.0 * r),
            r,
            Some(fill),
            stroke.map(|(w, c)| (w, c, false)),
        );
    }

    /// Restricts drawing to a rectangle until [`Page::unclip`].
    pub fn clip(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::DrawRectangle {
            rectangle: PdfRect {
                x: Pt(x),
                y: Pt(self.height - y - h),
                width: Pt(w),
                height: Pt(h),
                mode: Some(PaintMode::Clip),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    pub fn unclip(&mut self) {
        self.ops.push(Op::RestoreGraphicsState);
    }
}

/// An outline (bookmark) entry: title, 0-based page index, and its children.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutlineNode {
    pub title: String,
    pub page: usize,
    pub children: Vec<OutlineNode>,
}

/// Document metadata written to the PDF's Info dictionary.
pub struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// ISO date `YYYY-MM-DD` from the model, or anything else (then no date is written).
    pub date: &'a str,
}

fn parsed_font(weight: Weight) -> Result<&'static ParsedFont, ReportError> {
    static REGULAR: OnceLock<Option<ParsedFont>> = OnceLock::new();
    static BOLD: OnceLock<Option<ParsedFont>> = OnceLock::new();
    let (cell, bytes) = match weight {
        Weight::Regular => (&REGULAR, REGULAR_TTF),
        Weight::Bold => (&BOLD, BOLD_TTF),
    };
    cell.get_or_init(|| ParsedFont::from_bytes(bytes, 0, &mut Vec::new()))
        .as_ref()
        .ok_or(ReportError::Font(match weight {
            Weight::Regular => "DejaVuSansCondensed.ttf",
            Weight::Bold => "DejaVuSansCondensed-Bold.ttf",
        }))
}

/// `D:YYYYMMDD000000Z` for an ISO date, `None` for anything else.
fn pdf_date(iso: &str) -> Option<String> {
    let mut parts = iso.trim().splitn(3, '-');
    let y = parts.next()?;
    let m = parts.next()?;
    let d = parts.next()?;
    let ok = y.len() == 4
        && m.len() == 2
        && d.len() == 2
        && [y, m, d]
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_digit()));
    let month: u8 = m.parse().ok()?;
    let day: u8 = d.parse().ok()?;
    (ok && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("D:{y}{m}{d}000000Z"))
}

const ID_PLACEHOLDER: &[u8; 32] = b"zoneplan-document-id-placeholder";

/// Serialises the pages into a PDF. Deterministic: fonts have fixed resource names, the
/// document id is a hash of the content, and the only date is the model's.
pub fn serialise(
    pages: Vec<Page>,
    outline: &[OutlineNode],
    meta: &Meta<'_>,
    warnings: &mut Vec<PdfWarnMsg>,
) -> Result<Vec<u8>, ReportError> {
    use lopdf::{Dictionary, Object, StringFormat};

    let links: Vec<Vec<Link>> = pages
        .iter()
        .map(|p| {
            p.links
                .iter()
                .map(|&((x, top, w, h), t)| ((x, p.height - top - h, w, h), t))
                .collect()
        })
        .collect();
    let mut used = [BTreeSet::new(), BTreeSet::new()];
    for p in &pages {
        for (all, page) in used.iter_mut().zip(&p.used) {
            all.extend(page.iter().copied());
        }
    }
    let mut doc = PdfDocument::new(meta.title);
    for weight in [Weight::Regular, Weight::Bold] {
        doc.resources
            .fonts
            .map
            .insert(font_id(weight), PdfFont::new(parsed_font(weight)?.clone()));
    }
    doc.with_pages(
        pages
            .into_iter()
            .map(|p| {
                // Exact point sizes: going through `Mm` would round 612 pt to 612.0004.
                let size = PdfRect::from_wh(Pt(p.width), Pt(p.height));
                PdfPage {
                    media_box: size.clone(),
                    trim_box: size.clone(),
                    crop_box: size,
                    ops: p.ops,
                }
            })
            .collect(),
    );
    let opts = PdfSaveOptions {
        subset_fonts: false,
        ..PdfSaveOptions::default()
    };
    let mut lo = doc.to_lopdf_document(&opts, warnings);

    // Info: our own metadata, no clock.
    let mut info = Dictionary::new();
    info.set("Title", utf16(meta.title));
    info.set("Author", utf16(meta.author));
    info.set("Subject", utf16(meta.subject));
    info.set("Creator", utf16("zoneplan"));
    info.set("Producer", utf16("zoneplan (printpdf)"));
    if let Some(d) = pdf_date(meta.date) {
        info.set("CreationDate", Object::string_literal(d.clone()));
        info.set("ModDate", Object::string_literal(d));
    }
    let info_id = lo.add_object(info);
    lo.trailer.set("Info", Object::Reference(info_id));

    // The outline, nested: chapters with their zone and conduit sheets.
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    add_links(&mut lo, &page_ids, &links)?;
    if !outline.is_empty() {
        let root = lo.new_object_id();
        let (count, first) = add_outline_level(&mut lo, root, outline, &page_ids);
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Outlines".to_vec()));
        dict.set("Count", Object::Integer(count));
        if let Some((f, l)) = first {
            dict.set("First", Object::Reference(f));
            dict.set("Last", Object::Reference(l));
        }
        lo.objects.insert(root, Object::Dictionary(dict));
        let catalog_id = lo
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .map_err(|e| ReportError::Pdf(format!("no document catalog: {e}")))?;
        let catalog = lo
            .get_object_mut(catalog_id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| ReportError::Pdf(format!("document catalog: {e}")))?;
        catalog.set("Outlines", Object::Reference(root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }

    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Literal),
            Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Literal),
        ]),
    );
    deflate_fonts(&mut lo, &used);
    // printpdf's own Info dictionary is no longer referenced.
    lo.prune_objects();
    lo.compress();
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| ReportError::Pdf(format!("cannot serialise: {e}")))?;

    // The id: a hash of everything else, written over the placeholders.
    let hash = format!(
        "{:016x}{:016x}",
        fnv1a(&bytes, 0xcbf2_9ce4_8422_2325),
        fnv1a(&bytes, 0x8422_2325_cbf2_9ce4)
    );
    let mut replaced = 0;
    let mut i = 0;
    while i + ID_PLACEHOLDER.len() <= bytes.len() {
        if &bytes[i..i + ID_PLACEHOLDER.len()] == ID_PLACEHOLDER {
            bytes[i..i + ID_PLACEHOLDER.len()].copy_from_slice(hash.as_bytes());
            replaced += 1;
            i += ID_PLACEHOLDER.len();
        } else {
            i += 1;
        }
    }
    if replaced != 2 {
        return Err(ReportError::Pdf(format!(
            "document id placeholder found {replaced} times, expected 2"
        )));
    }
    Ok(bytes)
}

/// The embedded fonts deflated once per process, for a report whose fonts cannot be subset.
fn compressed_font(weight: Weight) -> Option<&'static [u8]> {
    static CACHE: OnceLock<[Option<Vec<u8>>; 2]> = OnceLock::new();
    let cache = CACHE.get_or_init(|| [REGULAR_TTF, BOLD_TTF].map(|ttf| deflate(ttf.to_vec())));
    cache[usize::from(weight == Weight::Bold)].as_deref()
}

fn deflate(bytes: Vec<u8>) -> Option<Vec<u8>> {
    let mut s = lopdf::Stream::new(lopdf::Dictionary::new(), bytes);
    s.compress().ok()?;
    s.dict.get(b"Filter").is_ok().then_some(s.content)
}

/// A subset tag (`ABCDEF`) for a font subset to these characters: six letters hashed from
/// them, so the same text gives the same name.
fn subset_tag(chars: &BTreeSet<char>) -> String {
    let text: String = chars.iter().collect();
    let mut h = fnv1a(text.as_bytes(), 0xcbf2_9ce4_8422_2325);
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (h % 26) as u8);
            h /= 26;
            c
        })
        .collect()
}

/// Puts each embedded font, subset to the characters the report draws in it (glyph ids
/// kept, see `subset`) and deflated, in place of printpdf's raw font file stream, with its
/// `/Length1` and its names (`ABCDEF+F1`, the subset tag) to match; a font that cannot be
/// subset goes in whole, deflated once per process. `Document::compress` then skips them.
/// Returns how many streams it replaced.
fn deflate_fonts(lo: &mut lopdf::Document, used: &[BTreeSet<char>; 2]) -> usize {
    use lopdf::Object;
    let mut replaced = 0;
    let mut renamed: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    for obj in lo.objects.values_mut() {
        let Object::Stream(st) = obj else {
            continue;
        };
        if st.dict.get(b"Filter").is_ok() {
            continue;
        }
        for (weight, ttf) in [(Weight::Regular, REGULAR_TTF), (Weight::Bold, BOLD_TTF)] {
            if st.content.as_slice() != ttf {
                continue;
            }
            let chars = &used[usize::from(weight == Weight::Bold)];
            let small =
                super::subset::subset(ttf, chars).and_then(|s| Some((s.len(), deflate(s)?)));
            let (len, z) = match small {
                Some((len, z)) => {
                    let name = font_id(weight).0.into_bytes();
                    let mut tagged = subset_tag(chars).into_bytes();
                    tagged.push(b'+');
                    tagged.extend_from_slice(&name);
                    renamed.push((name, tagged));
                    (len, z)
                }
                None => match compressed_font(weight) {
                    Some(z) => (ttf.len(), z.to_vec()),
                    None => break,
                },
            };
            st.set_content(z);
            st.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            st.dict.set("Length1", Object::Integer(len as i64));
            replaced += 1;
            break;
        }
    }
    // The font dictionaries and descriptors name the subset with its tag.
    for obj in lo.objects.values_mut() {
        let Object::Dictionary(d) = obj else {
            continue;
        };
        for key in [&b"BaseFont"[..], b"FontName"] {
            let Ok(Object::Name(n)) = d.get_mut(key) else {
                continue;
            };
            if let Some((_, tagged)) = renamed.iter().find(|(name, _)| name == n) {
                *n = tagged.clone();
            }
        }
    }
    replaced
}

/// Link annotations (contents entries) on their pages: `(x, bottom, w, h)` in PDF points.
fn add_links(
    lo: &mut lopdf::Document,
    pages: &[lopdf::ObjectId],
    links: &[Vec<Link>],
) -> Result<(), ReportError> {
    use lopdf::{Dictionary, Object};
    for (page, list) in pages.iter().zip(links) {
        if list.is_empty() {
            continue;
        }
        let mut annots = Vec::with_capacity(list.len());
        for &((x, y, w, h), target) in list {
            let Some(dest) = pages.get(target) else {
                continue;
            };
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"Annot".to_vec()));
            d.set("Subtype", Object::Name(b"Link".to_vec()));
            d.set(
                "Rect",
                Object::Array(
                    [x, y, x + w, y + h]
                        .iter()
                        .map(|v| Object::Real(*v))
                        .collect(),
                ),
            );
            d.set(
                "Border",
                Object::Array(vec![
                    Object::Integer(0),
                    Object::Integer(0),
                    Object::Integer(0),
                ]),
            );
            d.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(*dest),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Null,
                    Object::Null,
                ]),
            );
            annots.push(Object::Reference(lo.add_object(d)));
        }
        let dict = lo
            .get_object_mut(*page)
            .and_then(Object::as_dict_mut)
            .map_err(|e| ReportError::Pdf(format!("page: {e}")))?;
        dict.set("Annots", Object::Array(annots));
    }
    Ok(())
}

/// Adds `nodes` as children of `parent`; returns the number of entries added and the first
/// and last child.
fn add_outline_level(
    lo: &mut lopdf::Document,
    parent: lopdf::ObjectId,
    nodes: &[OutlineNode],
    pages: &[lopdf::ObjectId],
) -> (i64, Option<(lopdf::ObjectId, lopdf::ObjectId)>) {
    use lopdf::{Dictionary, Object};

    let ids: Vec<lopdf::ObjectId> = nodes.iter().map(|_| lo.new_object_id()).collect();
    let mut count = 0;
    for (i, node) in nodes.iter().enumerate() {
        let mut dict = Dictionary::new();
        dict.set("Title", utf16(&node.title));
        dict.set("Parent", Object::Reference(parent));
        if let Some(page) = pages.get(node.page).or_else(|| pages.last()) {
            dict.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(*page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Null,
                    Object::Null,
                ]),
            );
        }
        if i > 0 {
            dict.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            dict.set("Next", Object::Reference(*next));
        }
        count += 1;
        if !node.children.is_empty() {
            let (n, ends) = add_outline_level(lo, ids[i], &node.children, pages);
            if let Some((first, last)) = ends {
                dict.set("First", Object::Reference(first));
                dict.set("Last", Object::Reference(last));
                // Negative: the children start closed, keeping the outline short.
                dict.set("Count", Object::Integer(-n));
            }
        }
        lo.objects.insert(ids[i], Object::Dictionary(dict));
    }
    (count, ids.first().copied().zip(ids.last().copied()))
}

/// A PDF text string in UTF-16BE with its byte order mark.
fn utf16(s: &str) -> lopdf::Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_are_embedded_precompressed() {
        let mut doc = PdfDocument::new("t");
        for weight in [Weight::Regular, Weight::Bold] {
            doc.resources.fonts.map.insert(
                font_id(weight),
                PdfFont::new(parsed_font(weight).unwrap().clone()),
            );
        }
        let mut page = Page::new(200.0, 200.0);
        page.text(
            10.0,
            10.0,
            "Zone Ü",
            Style::new(10.0, Weight::Regular, Color::TEXT),
        );
        page.text(
            10.0,
            30.0,
            "Bold",
            Style::new(10.0, Weight::Bold, Color::TEXT),
        );
        let page_used = page.used.clone();
        doc.with_pages(vec![PdfPage::new(
            printpdf::Mm(70.0),
            printpdf::Mm(70.0),
            page.ops,
        )]);
        let mut warnings = Vec::new();
        let mut lo = doc.to_lopdf_document(&PdfSaveOptions::default(), &mut warnings);
        assert!(warnings.is_empty(), "{warnings:?}");
        let used = [page_used[0].clone(), page_used[1].clone()];
        assert_eq!(deflate_fonts(&mut lo, &used), 2);
        assert_eq!(deflate_fonts(&mut lo, &used), 0, "already compressed");
    }

    #[test]
    fn dates_from_the_model_only() {
        assert_eq!(pdf_date("2026-11-20").as_deref(), Some("D:20261120000000Z"));
        assert_eq!(
            pdf_date(" 2026-01-02 ").as_deref(),
            Some("D:20260102000000Z")
        );
        for bad in ["", "20.11.2026", "2026-13-01", "2026-1-2", "next week"] {
            assert_eq!(pdf_date(bad), None, "{bad}");
        }
    }
}
