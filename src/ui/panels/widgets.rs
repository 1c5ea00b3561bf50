//! The field helpers the panels are built from: text fields committed once (one undo step),
//! fields that must parse (and the parsers, with their tests), combo boxes, SL vectors and
//! SL-T, headings and counts. No editor state: they edit values the caller turns into commands.

use egui::{RichText, Ui};

use super::BAD;
use crate::catalog::catalog;
use crate::model::{Fr, SecurityLevel, SlVector};

/// "1 zone", "3 zones".
pub(super) fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A text field committed once, on Enter or when it loses focus; typing is one undo step.
pub(super) fn text_field(
    ui: &mut Ui,
    salt: impl std::hash::Hash + std::fmt::Debug,
    label: &str,
    current: &str,
    multiline: bool,
) -> Option<String> {
    let l = ui.label(label);
    let id = ui.make_persistent_id(("field", salt, label));
    let mut buf: String = ui
        .data(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| current.to_owned());
    let edit = if multiline {
        egui::TextEdit::multiline(&mut buf).desired_rows(2)
    } else {
        egui::TextEdit::singleline(&mut buf)
    };
    let r = ui
        .add(edit.id(id.with("edit")).desired_width(f32::INFINITY))
        .labelled_by(l.id);
    ui.end_row();
    if r.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, buf));
        None
    } else {
        ui.data_mut(|d| d.remove::<String>(id));
        (r.lost_focus() && buf != current).then_some(buf)
    }
}

/// A text field whose text must parse (a grid row, plus a row for the error). Invalid text
/// keeps the old value, and the field says why beside it until the next valid entry: a value
/// is never silently blanked.
pub(super) fn parsed_field<T>(
    ui: &mut Ui,
    salt: impl std::hash::Hash + std::fmt::Debug + Copy,
    label: &str,
    current: &str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Option<T> {
    let err_id = ui.make_persistent_id(("field-error", salt, label));
    let out = text_field(ui, salt, label, current, false).and_then(|text| match parse(&text) {
        Ok(v) => {
            ui.data_mut(|d| d.remove::<String>(err_id));
            Some(v)
        }
        Err(e) => {
            ui.data_mut(|d| {
                d.insert_temp(
                    err_id,
                    format!(
                        "“{}” {e}; kept {}",
                        text.trim(),
                        if current.is_empty() {
                            "it empty".to_owned()
                        } else {
                            format!("“{current}”")
                        }
                    ),
                )
            });
            None
        }
    });
    if let Some(e) = ui.data(|d| d.get_temp::<String>(err_id)) {
        ui.label("");
        ui.label(RichText::new(e).small().color(BAD));
        ui.end_row();
    }
    out
}

/// A TCP/UDP port: 1–65535, or empty for none.
pub(super) fn parse_port(text: &str) -> Result<Option<u16>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u32>() {
        Ok(p) if (1..=65_535).contains(&p) => Ok(u16::try_from(p).ok()),
        Ok(_) => Err("is not a port: ports run from 1 to 65535".to_owned()),
        Err(_) => Err("is not a port number (digits only, 1 to 65535)".to_owned()),
    }
}

/// Requirement ids (3-3 or 4-2), separated by commas or semicolons.
pub(super) fn parse_ids(text: &str) -> Result<Vec<String>, String> {
    let ids: Vec<String> = text
        .split([',', ';'])
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    let unknown: Vec<&str> = ids
        .iter()
        .map(String::as_str)
        .filter(|i| !catalog().is_requirement_id(i))
        .collect();
    if unknown.is_empty() {
        Ok(ids)
    } else {
        Err(format!(
            "names no requirement: {} (ids look like SR 1.1, SR 3.1 RE(1), CR 2.8)",
            unknown.join(", ")
        ))
    }
}

/// A date as YYYY-MM-DD, or empty.
pub(super) fn parse_date(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    if crate::model::is_iso_date(t) {
        Ok(t.to_owned())
    } else {
        Err("is not a date as YYYY-MM-DD".to_owned())
    }
}

/// A labelled combo box (a grid row). `shown` names the current value; the options are only
/// built while the list is open, so a closed combo costs nothing however large the model.
pub(super) fn combo<T: PartialEq + Clone>(
    ui: &mut Ui,
    salt: impl std::hash::Hash + std::fmt::Debug,
    label: &str,
    current: &T,
    shown: &str,
    options: impl FnOnce() -> Vec<(T, String)>,
) -> Option<T> {
    let l = ui.label(label);
    let mut v = current.clone();
    let r = egui::ComboBox::from_id_salt((salt, label))
        .selected_text(shown)
        .width(ui.available_width().min(240.0))
        .show_ui(ui, |ui| {
            for (o, s) in options() {
                ui.selectable_value(&mut v, o, s);
            }
        });
    r.response.labelled_by(l.id);
    ui.end_row();
    (v != *current).then_some(v)
}

/// A combo over every value of a small enum, each shown by its label.
pub(super) fn enum_combo<T: PartialEq + Copy>(
    ui: &mut Ui,
    salt: impl std::hash::Hash + std::fmt::Debug,
    label: &str,
    current: T,
    all: &[T],
    name: fn(T) -> &'static str,
) -> Option<T> {
    combo(ui, salt, label, &current, name(current), || {
        all.iter().map(|v| (*v, name(*v).to_owned())).collect()
    })
}

/// The label of `current` among `options` (empty when it is not there).
pub(super) fn shown_of<T: PartialEq>(options: &[(T, String)], current: &T) -> String {
    options
        .iter()
        .find(|(o, _)| o == current)
        .map_or_else(String::new, |(_, s)| s.clone())
}

/// Seven FR level controls named IAC…RA (with the FR title as tooltip) and presets.
pub(super) fn sl_vector(
    ui: &mut Ui,
    salt: impl std::hash::Hash + std::fmt::Debug + Copy,
    v: SlVector,
) -> Option<SlVector> {
    let mut out = v;
    egui::Grid::new(("sl", salt))
        .spacing([6.0, 2.0])
        .show(ui, |ui| {
            let mut labels = Vec::new();
            for fr in Fr::ALL {
                labels.push(
                    ui.label(RichText::new(fr.abbrev()).small().strong())
                        .on_hover_text(format!("{} {}", fr.label(), fr.title())),
                );
            }
            ui.end_row();
            // One pick is one change (a drag control would make an undo step per frame).
            for (fr, l) in Fr::ALL.iter().zip(&labels) {
                let mut n = out.get(*fr).get();
                egui::ComboBox::from_id_salt(("sl-level", salt, fr.number()))
                    .width(30.0)
                    .selected_text(n.to_string())
                    .show_ui(ui, |ui| {
                        for level in 0..=SecurityLevel::MAX {
                            ui.selectable_value(&mut n, level, format!("SL {level}"));
                        }
                    })
                    .response
                    .labelled_by(l.id)
                    .on_hover_text(format!("{} {}", fr.label(), fr.title()));
                out.set(*fr, SecurityLevel::saturating(n));
            }
            ui.end_row();
        });
    ui.horizontal(|ui| {
        for l in 1..=SecurityLevel::MAX {
            if ui
                .small_button(format!("All {l}"))
                .on_hover_text(format!("Every FR at SL {l}"))
                .clicked()
            {
                out = SlVector::uniform(SecurityLevel::saturating(l));
            }
        }
    });
    (out != v).then_some(out)
}

/// A changed SL-T: `None` means not assessed.
pub(super) struct NewTarget(pub(super) Option<SlVector>);

/// SL-T: not assessed, or a vector.
pub(super) fn sl_target(
    ui: &mut Ui,
    salt: impl std::hash::Hash + std::fmt::Debug + Copy,
    v: Option<SlVector>,
) -> Option<NewTarget> {
    let mut assessed = v.is_some();
    let mut out = None;
    if ui.checkbox(&mut assessed, "Has a target (SL-T)").changed() {
        out = Some(NewTarget(
            assessed.then_some(v.unwrap_or(SlVector::uniform(SecurityLevel::SL1))),
        ));
    }
    if let Some(v) = v
        && let Some(n) = sl_vector(ui, salt, v)
    {
        out = Some(NewTarget(Some(n)));
    }
    out
}

pub(super) fn heading(ui: &mut Ui, kind: &str, id: &str) {
    ui.horizontal(|ui| {
        ui.heading(kind);
        ui.weak(id);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_dates_and_ids_parse_or_say_why() {
        assert_eq!(parse_port(" 502 "), Ok(Some(502)));
        assert_eq!(parse_port(""), Ok(None));
        assert!(parse_port("abc").is_err_and(|e| e.contains("not a port number")));
        assert!(parse_port("99999").is_err_and(|e| e.contains("1 to 65535")));
        assert!(parse_port("0").is_err());
        assert_eq!(parse_date("2026-11-30"), Ok("2026-11-30".to_owned()));
        assert_eq!(parse_date(" "), Ok(String::new()));
        assert!(parse_date("30/11/2026").is_err());
        assert!(parse_date("2026-13-01").is_err());
        assert_eq!(
            parse_ids("SR 1.1; SR 3.1 RE(1)"),
            Ok(vec!["SR 1.1".to_owned(), "SR 3.1 RE(1)".to_owned()])
        );
        assert!(parse_ids("SR 1.1, SR 99").is_err_and(|e| e.contains("SR 99")));
    }
}
