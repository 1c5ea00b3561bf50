//! Turns the RON parser's errors into sentences for a plant engineer: no Rust type names, the
//! element and field the error is in, and a hint about how the value is written.

use ron::error::{Error, SpannedError};

use super::outline::{Outline, offset_of};

/// What a Rust type is called in the file's own words.
fn thing(type_name: &str) -> &str {
    match type_name {
        "FileV1" | "Header" => "the model",
        "Project" => "the project",
        "Zone" => "a zone",
        "Asset" => "an asset",
        "AssetFlags" => "an asset's flags",
        "Conduit" => "a conduit",
        "Channel" => "a channel",
        "Countermeasure" => "a countermeasure",
        "Acceptance" => "an accepted finding",
        "ZoneKind" => "zone kind",
        "PurdueLevel" => "Purdue level",
        "ComponentClass" => "component class",
        "Criticality" => "criticality",
        "Placement" => "placement",
        "Direction" => "direction",
        "CountermeasureKind" => "countermeasure kind",
        "CountermeasureStatus" => "countermeasure status",
        other => other,
    }
}

/// The singular noun for an element of a top-level list.
pub(super) fn element_noun(section: &str) -> &str {
    match section {
        "zones" => "zone",
        "assets" => "asset",
        "conduits" => "conduit",
        "countermeasures" => "countermeasure",
        "accepted" => "accepted finding",
        other => other,
    }
}

/// How a value of this field is written, for errors about its shape or range.
fn hint(field: &str) -> Option<&'static str> {
    Some(match field {
        "rect" => "a rectangle is written `(x, y, width, height)`",
        "pos" => "a position is written `(x, y)`",
        "route" => "a route is a list of points, e.g. `[(10.0, 20.0), (30.0, 20.0)]`",
        "legs" => "legs are counts of route points per zone, e.g. `[1, 2, 2]`",
        "sl_t" => {
            "an SL-T is `None` or seven levels 0 to 4, FR1 to FR7, e.g. `Some((2, 2, 0, 1, 3, 1, 3))`"
        }
        "sl_c" => "an SL-C is seven levels 0 to 4, FR1 to FR7, e.g. `(2, 2, 0, 1, 3, 1, 3)`",
        "port" => "a port is `None` or `Some(n)` with n from 0 to 65535",
        "parent" | "purdue_level" | "source" | "destination" => {
            "an optional value is written `None` or `Some(...)`"
        }
        _ => return None,
    })
}

fn list(names: &[&str]) -> String {
    names.join(", ")
}

/// Edit distance between two short names, ignoring case.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// ` (did you mean \`x\`?)` when one of `names` is a likely typo of `found`, else nothing.
pub(super) fn did_you_mean<'a>(found: &str, names: impl IntoIterator<Item = &'a str>) -> String {
    let limit = if found.chars().count() <= 4 { 1 } else { 2 };
    names
        .into_iter()
        .map(|n| (distance(found, n), n))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map_or_else(String::new, |(_, n)| format!(" (did you mean `{n}`?)"))
}

/// Lower-cases the first letter of a parser message and drops its "instead".
fn sentence(message: &str) -> String {
    let trimmed = message.strip_suffix(" instead").unwrap_or(message);
    let mut chars = trimmed.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_lowercase().chain(chars).collect::<String>()
    })
}

/// Where in the model an offset lies: the element (`zone \`Z1\``) or top-level section, and
/// the innermost field name before the offset.
fn context(outline: &Outline, offset: usize) -> (String, Option<String>, Option<String>) {
    let (section, element) = outline.at(offset);
    let Some(section) = section else {
        return (String::new(), None, None);
    };
    if let Some((index, el)) = element {
        let field = el
            .fields
            .iter()
            .rev()
            .find(|f| f.offset <= offset)
            .map(|f| f.text.clone());
        let noun = element_noun(&section.text);
        let key = if section.text == "accepted" {
            "finding"
        } else {
            "id"
        };
        let who = el.own_string(key).map_or_else(
            || format!("{noun} number {} of `{}`", index + 1, section.text),
            |id| format!("{noun} `{id}`"),
        );
        return (section.text.clone(), Some(who), field);
    }
    let nested = outline.struct_fields.get(&section.text).and_then(|fields| {
        fields
            .iter()
            .rev()
            .find(|f| f.offset <= offset && f.offset >= section.offset)
    });
    match nested {
        Some(f) => (
            section.text.clone(),
            Some(format!("`{}`", section.text)),
            Some(f.text.clone()),
        ),
        None => (section.text.clone(), None, Some(section.text.clone())),
    }
}

/// The Rust type of an element of a top-level list.
fn element_type(section: &str) -> &str {
    match section {
        "zones" => "Zone",
        "assets" => "Asset",
        "conduits" => "Conduit",
        "countermeasures" => "Countermeasure",
        "accepted" => "Acceptance",
        "project" => "Project",
        _ => "",
    }
}

/// Line, column and a readable message for a parser error in `src`.
pub(super) fn describe(e: &SpannedError, src: &str, outline: &Outline) -> (usize, usize, String) {
    let (mut line, mut column) = (e.span.start.line, e.span.start.col);
    // The parser's span may start at the blanks before the offending value: step over them.
    let rest = &src[offset_of(src, line, column)..];
    let blanks = rest.len() - rest.trim_start().len();
    if blanks < rest.len() {
        for c in rest[..blanks].chars() {
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
    }
    let mut offset = offset_of(src, line, column);
    // An unclosed comment is reported where the parser gave up; point at its `/*`.
    if matches!(e.code, Error::UnclosedBlockComment)
        && let Some(open) = src[..offset].rfind("/*")
    {
        offset = open;
        let before = &src[..open];
        line = before.matches('\n').count() + 1;
        column = before.chars().rev().take_while(|c| *c != '\n').count() + 1;
    }
    let (section, who, field) = context(outline, offset);
    // "zone `Z1`" when the error is about the element itself, else "a channel", ...
    let owner = |outer: &Option<String>| -> (String, bool) {
        let outer = outer.as_deref().unwrap_or("");
        match &who {
            Some(w) if !outer.is_empty() && element_type(&section) == outer => (w.clone(), true),
            _ => (thing(outer).to_owned(), false),
        }
    };
    let mut about_owner = false;
    let mut field = field;
    let mut message = match &e.code {
        Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let (o, own) = owner(outer);
            about_owner = own;
            field = None;
            format!(
                "unknown field `{found}` in {o}{}; expected one of {}",
                did_you_mean(found, expected.iter().copied()),
                list(expected)
            )
        }
        Error::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => format!(
            "unknown {} `{found}`{}; expected one of {}",
            thing(outer.as_deref().unwrap_or("value")),
            did_you_mean(found, expected.iter().copied()),
            list(expected)
        ),
        Error::MissingStructField {
            field: missing,
            outer,
        } => {
            let (o, own) = owner(outer);
            about_owner = own;
            field = Some((*missing).to_owned());
            format!("{o} is missing its `{missing}`")
        }
        Error::DuplicateStructField {
            field: twice,
            outer,
        } => {
            let (o, own) = owner(outer);
            about_owner = own;
            field = None;
            format!("`{twice}` is given twice in {o}")
        }
        Error::ExpectedNamedStructLike(name) => {
            format!("expected `(` to open {}", thing(name))
        }
        Error::ExpectedDifferentStructName { expected, found } => {
            format!("expected {}, found `{found}`", thing(expected))
        }
        Error::Eof => "a bracket or value is missing".to_owned(),
        Error::ExpectedOption => "expected `None` or `Some(...)`".to_owned(),
        Error::IntegerOutOfBounds => "the number is out of range".to_owned(),
        Error::TrailingCharacters => "unexpected text after the end of the model".to_owned(),
        Error::ExceededRecursionLimit => "brackets are nested too deeply".to_owned(),
        Error::UnexpectedChar(c) => format!("unexpected character {c:?}"),
        other => sentence(&other.to_string()),
    };
    let end = offset_of(src, e.span.end.line, e.span.end.col);
    if end >= src.trim_end().len() {
        message = format!("the file ends too early ({message}); was it cut off?");
    }
    if message.contains("`format_version") {
        // The parser reports these after reading the value; point at its start instead.
        let at = outline
            .sections
            .iter()
            .find(|s| s.text == "format_version")
            .and_then(|s| {
                let after_key = s.offset + s.text.len();
                let colon = after_key + src[after_key..].find(':')?;
                let value = &src[colon + 1..];
                Some(colon + 1 + value.len() - value.trim_start().len())
            });
        if let Some(at) = at {
            let before = &src[..at];
            line = before.matches('\n').count() + 1;
            column = before.chars().rev().take_while(|c| *c != '\n').count() + 1;
        }
        return (line, column, message);
    }
    // Say where: the element, and the field unless the message already names it.
    let field_shown = !matches!(&e.code, Error::MissingStructField { .. });
    match (&field, &who) {
        (Some(f), Some(w)) if field_shown && !about_owner => {
            message.push_str(&format!(" (in `{f}` of {w})"));
        }
        (Some(f), None) if field_shown => message.push_str(&format!(" (in `{f}`)")),
        (_, Some(w)) if !about_owner => message.push_str(&format!(" (in {w})")),
        _ => {}
    }
    if let Some(h) = field.as_deref().and_then(hint) {
        message.push_str("; ");
        message.push_str(h);
    }
    (line, column, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_for_typos() {
        assert_eq!(distance("parnet", "parent"), 2);
        assert_eq!(distance("control", "Control"), 0);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(
            did_you_mean("parnet", ["parent", "purdue_level"]),
            " (did you mean `parent`?)"
        );
        assert_eq!(
            did_you_mean("control", ["Enterprise", "Control"]),
            " (did you mean `Control`?)"
        );
        assert_eq!(did_you_mean("colour", ["id", "name", "kind"]), "");
        assert_eq!(
            did_you_mean("Dnz", ["Dmz", "Safety"]),
            " (did you mean `Dmz`?)"
        );
        assert_eq!(did_you_mean("Xy", ["Dmz"]), "");
    }
}
