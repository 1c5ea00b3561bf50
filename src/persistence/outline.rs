//! Where things are in a model file: a tolerant scan of the RON text that finds, for every
//! element of the top-level lists (`zones`, `assets`, ...), its lines, its field names and its
//! string values. Error messages use it to point at the right line and to say which element a
//! syntax error is in. It never fails: on broken text it simply knows less.

use std::collections::BTreeMap;

/// A field name or string value and where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Located {
    pub text: String,
    pub line: usize,
    /// Byte offset in the source.
    pub offset: usize,
    /// Nesting below the element: 0 for the element's own fields, 1 for a field of a struct
    /// inside it (a channel's `port`), ...
    pub depth: usize,
}

/// One element of a top-level list, e.g. one zone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Element {
    pub line: usize,
    pub start: usize,
    /// Byte offset just past the closing bracket, or the end of the text when it is missing.
    pub end: usize,
    pub fields: Vec<Located>,
    pub strings: Vec<Located>,
}

impl Element {
    /// The line of the element's own field `name`.
    pub fn field_line(&self, name: &str) -> Option<usize> {
        self.fields
            .iter()
            .find(|f| f.depth == 0 && f.text == name)
            .map(|f| f.line)
    }

    /// The line of the first string value equal to `value` at or after the element's own
    /// field `field` (or anywhere in the element when `field` is absent).
    pub fn value_line(&self, field: &str, value: &str) -> Option<usize> {
        let from = self
            .fields
            .iter()
            .find(|f| f.depth == 0 && f.text == field)
            .map_or(self.start, |f| f.offset);
        self.strings
            .iter()
            .find(|s| s.offset >= from && s.text == value)
            .map(|s| s.line)
            .or_else(|| self.field_line(field))
    }

    /// The value of the element's own `id` (or `finding`) field, when it is a plain string.
    pub fn own_string(&self, field: &str) -> Option<&str> {
        let f = self
            .fields
            .iter()
            .find(|f| f.depth == 0 && f.text == field)?;
        self.strings
            .iter()
            .find(|s| s.offset > f.offset)
            .map(|s| s.text.as_str())
    }
}

/// The shape of a model file as far as it could be read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Outline {
    /// Top-level field names with their line and offset, in file order.
    pub sections: Vec<Located>,
    /// Elements of each top-level list, in file order.
    pub lists: BTreeMap<String, Vec<Element>>,
    /// Fields of top-level structs (the `project`), by section.
    pub struct_fields: BTreeMap<String, Vec<Located>>,
    /// Byte offset just past the `)` that closes the model, when there is one.
    pub end: Option<usize>,
}

impl Outline {
    pub fn element(&self, section: &str, index: usize) -> Option<&Element> {
        self.lists.get(section)?.get(index)
    }

    /// The top-level section and the element (with its index) that contain byte `offset`.
    pub fn at(&self, offset: usize) -> (Option<&Located>, Option<(usize, &Element)>) {
        if self.end.is_some_and(|end| offset >= end) {
            return (None, None);
        }
        let section = self.sections.iter().rev().find(|s| s.offset <= offset);
        let element = section.and_then(|s| {
            self.lists.get(&s.text).and_then(|els| {
                els.iter()
                    .enumerate()
                    .find(|(_, e)| e.start <= offset && offset < e.end)
            })
        });
        (section, element)
    }

    /// Scans `src`. Comments, strings (plain and raw) and char literals are understood;
    /// anything else is brackets, names and punctuation.
    pub fn scan(src: &str) -> Self {
        let mut out = Self::default();
        let bytes = src.as_bytes();
        // Open brackets, outermost first; `Some(i)` marks the `(` of element `i` of the
        // current list.
        let mut stack: Vec<u8> = Vec::new();
        let mut section: Option<String> = None;
        let mut element_depth: Option<usize> = None;
        let mut line = 1;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            match b {
                b'\n' => {
                    line += 1;
                    i += 1;
                }
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    let mut nest = 0usize;
                    while i < bytes.len() {
                        if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                            nest += 1;
                            i += 2;
                        } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                            nest = nest.saturating_sub(1);
                            i += 2;
                            if nest == 0 {
                                break;
                            }
                        } else {
                            if bytes[i] == b'\n' {
                                line += 1;
                            }
                            i += 1;
                        }
                    }
                }
                b'"' | b'r' | b'b' if b == b'"' || raw_string_hashes(bytes, i, b).is_some() => {
                    let start = i;
                    let start_line = line;
                    let end = string_end(bytes, i);
                    line += bytes[start..end].iter().filter(|c| **c == b'\n').count();
                    i = end;
                    if let Some(depth) = element_depth
                        && let Some(el) = current_element(&mut out, section.as_deref())
                        && let Ok(text) = ron::from_str::<String>(&src[start..end])
                    {
                        el.strings.push(Located {
                            text,
                            line: start_line,
                            offset: start,
                            depth: stack.len().saturating_sub(depth),
                        });
                    }
                }
                b'\'' => {
                    // A char literal: skip an escaped quote inside.
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'\'' && bytes[i] != b'\n' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                }
                b'(' | b'[' | b'{' => {
                    stack.push(b);
                    // An element opens right inside a top-level list: `( section: [ (`.
                    if stack.len() == 3
                        && stack[0] == b'('
                        && stack[1] == b'['
                        && let Some(s) = &section
                    {
                        out.lists.entry(s.clone()).or_default().push(Element {
                            line,
                            start: i,
                            end: src.len(),
                            ..Element::default()
                        });
                        element_depth = Some(stack.len());
                    }
                    i += 1;
                }
                b')' | b']' | b'}' => {
                    if element_depth == Some(stack.len()) {
                        if let Some(el) = current_element(&mut out, section.as_deref()) {
                            el.end = i + 1;
                        }
                        element_depth = None;
                    }
                    stack.pop();
                    i += 1;
                    if stack.is_empty() && b == b')' && out.end.is_none() {
                        out.end = Some(i);
                    }
                }
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    let start = i;
                    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_')
                    {
                        i += 1;
                    }
                    if !followed_by_colon(bytes, i) {
                        continue;
                    }
                    let name = src[start..i].to_owned();
                    let located = |depth| Located {
                        text: name.clone(),
                        line,
                        offset: start,
                        depth,
                    };
                    if stack.first() != Some(&b'(') {
                        continue;
                    }
                    if stack.len() == 1 {
                        out.sections.push(located(0));
                        section = Some(name.clone());
                        element_depth = None;
                    } else if let Some(depth) = element_depth {
                        let nested = stack.len().saturating_sub(depth);
                        if let Some(el) = current_element(&mut out, section.as_deref()) {
                            el.fields.push(located(nested));
                        }
                    } else if let Some(s) = &section {
                        let nested = stack.len().saturating_sub(2);
                        out.struct_fields
                            .entry(s.clone())
                            .or_default()
                            .push(located(nested));
                    }
                }
                _ => i += 1,
            }
        }
        out
    }
}

fn current_element<'o>(out: &'o mut Outline, section: Option<&str>) -> Option<&'o mut Element> {
    out.lists.get_mut(section?)?.last_mut()
}

/// For `r"`, `r#"`, `br"`, `b"`: the number of `#`s of a raw string (0 for `b"`).
fn raw_string_hashes(bytes: &[u8], i: usize, b: u8) -> Option<usize> {
    // Only at the start of a token.
    if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') {
        return None;
    }
    let mut j = i + 1;
    if b == b'b' {
        if bytes.get(j) == Some(&b'"') {
            return Some(0);
        }
        if bytes.get(j) != Some(&b'r') {
            return None;
        }
        j += 1;
    }
    let hashes = bytes[j..].iter().take_while(|c| **c == b'#').count();
    (bytes.get(j + hashes) == Some(&b'"')).then_some(hashes)
}

/// The byte offset just past the string literal starting at `i`, or the end of the text.
fn string_end(bytes: &[u8], i: usize) -> usize {
    if bytes[i] == b'"' || (bytes[i] == b'b' && bytes.get(i + 1) == Some(&b'"')) {
        let mut j = if bytes[i] == b'"' { i + 1 } else { i + 2 };
        while j < bytes.len() {
            match bytes[j] {
                b'\\' => j += 2,
                b'"' => return j + 1,
                _ => j += 1,
            }
        }
        return bytes.len();
    }
    let b = bytes[i];
    let hashes = raw_string_hashes(bytes, i, b).unwrap_or(0);
    let open = i + usize::from(b == b'b') + 1 + hashes + 1;
    let mut j = open;
    while j < bytes.len() {
        if bytes[j] == b'"'
            && bytes[j + 1..]
                .iter()
                .take(hashes)
                .filter(|c| **c == b'#')
                .count()
                == hashes
        {
            return j + 1 + hashes;
        }
        j += 1;
    }
    bytes.len()
}

/// Whether the next thing after `i` (skipping blanks and comments) is a single `:`.
fn followed_by_colon(bytes: &[u8], mut i: usize) -> bool {
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) == Some(&b'/') && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        return bytes.get(i) == Some(&b':') && bytes.get(i + 1) != Some(&b':');
    }
}

/// Converts a 1-based line and (character) column to a byte offset, clamped to the text.
pub(super) fn offset_of(src: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        src.match_indices('\n')
            .nth(line - 2)
            .map_or(src.len(), |(i, _)| i + 1)
    };
    src[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(src.len(), |(i, _)| line_start + i)
}

/// The outline of a source, scanned only when a message needs a line: loading a valid file
/// never pays for it.
pub struct LazyOutline<'s> {
    src: &'s str,
    outline: std::sync::OnceLock<Outline>,
}

impl<'s> LazyOutline<'s> {
    pub fn new(src: &'s str) -> Self {
        Self {
            src,
            outline: std::sync::OnceLock::new(),
        }
    }

    pub fn get(&self) -> &Outline {
        self.outline.get_or_init(|| Outline::scan(self.src))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r##"#![enable(implicit_some)]
(
    format_version: 1,
    project: (name: "P // not a comment", site: "S"),
    // zones: a comment with "quotes"
    zones: [
        (
            id: "Z1",
            name: "Control \"A\"",
            /* kind: Bogus, */ kind: Control,
            rect: (0.0, 0.0, 1.0, 1.0),
        ),
        (id: "Z2", name: r#"raw "one""#, kind: Field, parent: Some("Z1"), rect: (0, 0, 1, 1)),
    ],
    conduits: [
        (
            id: "C1",
            zones: ["Z1", "Z2"],
            channels: [(protocol: "modbus_tcp", port: 502)],
        ),
    ],
)
"##;

    #[test]
    fn finds_elements_fields_and_strings() {
        let o = Outline::scan(SRC);
        let names: Vec<&str> = o.sections.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(names, ["format_version", "project", "zones", "conduits"]);
        let zones = &o.lists["zones"];
        assert_eq!(zones.len(), 2);
        assert_eq!(zones[0].line, 7);
        assert_eq!(zones[0].own_string("id"), Some("Z1"));
        assert_eq!(zones[0].field_line("kind"), Some(10));
        assert_eq!(zones[0].field_line("rect"), Some(11));
        assert_eq!(zones[1].line, 13);
        assert_eq!(zones[1].own_string("name"), Some("raw \"one\""));
        assert_eq!(zones[1].value_line("parent", "Z1"), Some(13));
        let c = o.element("conduits", 0).unwrap();
        assert_eq!(c.value_line("zones", "Z2"), Some(18));
        let port = c.fields.iter().find(|f| f.text == "port").unwrap();
        assert_eq!((port.line, port.depth), (19, 2));
        assert_eq!(o.struct_fields["project"].len(), 2);
        assert_eq!(o.at(c.start + 5).1.map(|(i, _)| i), Some(0));
    }

    #[test]
    fn broken_text_does_not_panic() {
        for cut in 0..SRC.len() {
            if SRC.is_char_boundary(cut) {
                let _outline = Outline::scan(&SRC[..cut]);
            }
        }
        let _outline = Outline::scan("r#\"unterminated \" b'\\");
    }

    #[test]
    fn offsets_from_positions() {
        let src = "ab\nçd\n";
        assert_eq!(offset_of(src, 1, 1), 0);
        assert_eq!(offset_of(src, 2, 2), 5);
        assert_eq!(offset_of(src, 9, 9), src.len());
    }
}
