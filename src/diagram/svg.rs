//! The diagram's primitives as SVG: shapes in world units, text as `<text>` (selectable and
//! searchable), each element's shapes grouped with its id and name. One writer for the SVG
//! export and the HTML report. Deterministic: two decimals, the same bytes on every machine.

use std::fmt::Write as _;

use super::{Diagram, HAlign, Shape, Weight};
use crate::model::ElementId;

/// Where DejaVu's baseline lies below the top of the text, in em.
const ASCENT: f32 = 0.93;

fn element_kind(e: &ElementId) -> &'static str {
    match e {
        ElementId::Zone(_) => "zone",
        ElementId::Asset(_) => "asset",
        ElementId::Conduit(_) => "conduit",
        ElementId::Countermeasure(_) => "countermeasure",
    }
}

/// The `<svg>` element of diagram `d` (no XML prolog, so it also embeds in HTML), with
/// `margin` world units around the drawing; `name_of` names each element's group.
pub fn document(d: &Diagram, name_of: &dyn Fn(&str) -> String, title: &str, margin: f32) -> String {
    let b = d.bounds.expand(margin);
    let mut out = String::with_capacity(d.items.len() * 120);
    wl!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{}\" height=\"{}\" viewBox=\"{} {} {} {}\" font-family=\"'DejaVu Sans Condensed', 'DejaVu Sans', Arial, sans-serif\">",
        num(b.w),
        num(b.h),
        num(b.x),
        num(b.y),
        num(b.w),
        num(b.h)
    );
    wl!(out, "<title>{}</title>", xml_escape(title));
    wl!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
        num(b.x),
        num(b.y),
        num(b.w),
        num(b.h)
    );
    let mut open: Option<&ElementId> = None;
    for item in &d.items {
        if item.element.as_ref() != open {
            if open.is_some() {
                out.push_str("</g>\n");
            }
            open = item.element.as_ref();
            if let Some(e) = open {
                let (class, id) = (element_kind(e), e.as_str());
                wl!(
                    out,
                    "<g class=\"{class}\" id=\"{}\"><title>{}</title>",
                    xml_escape(id),
                    xml_escape(&name_of(id))
                );
            }
        }
        shape_svg(&mut out, &item.shape);
    }
    if open.is_some() {
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

/// XML text and attribute escaping.
pub fn xml_escape(s: &str) -> String {
    escape(s, "&#xa;", "&apos;")
}

/// HTML text escaping, a line break as `<br>` (the HTML report, draw.io's HTML labels).
pub fn html_escape(s: &str) -> String {
    escape(s, "<br>", "'")
}

fn escape(s: &str, newline: &str, apostrophe: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str(apostrophe),
            '\n' => out.push_str(newline),
            // XML 1.0 has no other control characters.
            c if (c as u32) < 0x20 && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

pub fn css(c: super::Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

pub fn num(v: f32) -> String {
    // Two decimals, without trailing zeros: small files, the same bytes on every machine.
    decimals(v, 2)
}

/// `v` with `places` decimals, without trailing zeros (and never "-0").
pub fn decimals(v: f32, places: usize) -> String {
    let s = format!("{v:.places$}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

fn paint(c: super::Color, what: &str) -> String {
    let mut s = format!(" {what}=\"{}\"", css(c));
    if c.a < 255 {
        w!(s, " {what}-opacity=\"{}\"", num(f32::from(c.a) / 255.0));
    }
    s
}

fn stroke_attrs(s: &super::Stroke) -> String {
    if !s.is_visible() {
        return " stroke=\"none\"".to_owned();
    }
    let mut out = paint(s.color, "stroke");
    w!(out, " stroke-width=\"{}\"", num(s.width));
    if s.dashed {
        w!(
            out,
            " stroke-dasharray=\"{} {}\"",
            num(s.width * 4.0),
            num(s.width * 3.0)
        );
    }
    out
}

/// An SVG `points` list: `x,y x,y ...`.
fn points_attr(points: &[crate::model::Point]) -> String {
    let pts: Vec<String> = points
        .iter()
        .map(|p| format!("{},{}", num(p.x), num(p.y)))
        .collect();
    pts.join(" ")
}

fn shape_svg(out: &mut String, shape: &Shape) {
    match shape {
        Shape::Rect {
            rect,
            radius,
            fill,
            stroke,
        } => {
            let fill = fill.map_or_else(|| " fill=\"none\"".to_owned(), |f| paint(f, "fill"));
            wl!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"{fill}{}/>",
                num(rect.x),
                num(rect.y),
                num(rect.w.max(0.0)),
                num(rect.h.max(0.0)),
                num(*radius),
                stroke_attrs(stroke)
            );
        }
        Shape::Line { points, stroke } => {
            wl!(
                out,
                "<polyline points=\"{}\" fill=\"none\" stroke-linejoin=\"round\"{}/>",
                points_attr(points),
                stroke_attrs(stroke)
            );
        }
        Shape::Triangle { points, fill } => {
            wl!(
                out,
                "<polygon points=\"{}\"{}/>",
                points_attr(points),
                paint(*fill, "fill")
            );
        }
        Shape::Circle {
            center,
            radius,
            fill,
            stroke,
        } => {
            wl!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{}{}/>",
                num(center.x),
                num(center.y),
                num(*radius),
                paint(*fill, "fill"),
                stroke_attrs(stroke)
            );
        }
        Shape::Text {
            pos,
            text,
            size,
            weight,
            color,
            align,
        } => {
            let anchor = match align {
                HAlign::Left => "start",
                HAlign::Center => "middle",
                HAlign::Right => "end",
            };
            let bold = if *weight == Weight::Bold {
                " font-weight=\"bold\""
            } else {
                ""
            };
            // `pos` is the top of the text; SVG places the baseline (DejaVu's ascent is
            // 0.93 em).
            wl!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\"{bold}{}>{}</text>",
                num(pos.x),
                num(pos.y + size * ASCENT),
                num(*size),
                paint(*color, "fill"),
                xml_escape(text)
            );
        }
    }
}
