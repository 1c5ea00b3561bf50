//! The not-applicable section zones and conduits share: each 3-3 item set not applicable with
//! its justification, and a row to add one.

use egui::{RichText, Ui};

use crate::catalog::catalog;
use crate::model::NotApplicable;
use crate::ui::panels::BAD;

/// The undo label of a change to the not-applicable list, if that is what changed.
pub(super) fn na_label(old: &[NotApplicable], new: &[NotApplicable]) -> Option<String> {
    if new.len() > old.len() {
        new.last()
            .map(|na| format!("Set {} not applicable", na.item))
    } else if new.len() < old.len() {
        old.iter()
            .find(|o| !new.contains(o))
            .map(|na| format!("Set {} applicable again", na.item))
    } else {
        None
    }
}

/// What the "add not-applicable item" row holds between frames.
#[derive(Clone, Default)]
struct NaDraft {
    item: Option<String>,
    justification: String,
    /// The user tried to add without a justification.
    refused: bool,
}

/// A zone's or conduit's 3-3 items set not applicable: each with its justification and a
/// remove button, and a row to add one (the item from the catalog, filtered by where it is
/// judged, and a justification, which may not be empty).
pub(super) fn not_applicable_section(
    ui: &mut Ui,
    salt: &str,
    zone: bool,
    cur: &[NotApplicable],
    n: &mut Vec<NotApplicable>,
) {
    ui.strong("Not applicable");
    if cur.is_empty() {
        ui.weak("No item set not applicable. Built-in rules (no radio, no portable devices) apply by themselves.");
    }
    let mut remove = None;
    for (i, na) in cur.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.monospace(&na.item);
            if let Some(r) = catalog().requirement(&na.item) {
                ui.label(&r.title);
            }
            if ui
                .small_button(format!("Remove {}", na.item))
                .on_hover_text("The item applies again")
                .clicked()
            {
                remove = Some(i);
            }
        });
        ui.label(RichText::new(&na.justification).small().italics());
    }
    if let Some(i) = remove {
        n.remove(i);
    }
    let id = ui.make_persistent_id(("na-draft", salt));
    let mut draft: NaDraft = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    let shown = draft.item.as_ref().map_or_else(
        || "choose…".to_owned(),
        |i| {
            catalog()
                .requirement(i)
                .map_or_else(|| i.clone(), |r| format!("{} — {}", r.id, r.title))
        },
    );
    egui::Grid::new(("na-add", salt))
        .num_columns(2)
        .show(ui, |ui| {
            let l = ui.label("Item");
            egui::ComboBox::from_id_salt(("na-item", salt))
                .selected_text(shown)
                .width(ui.available_width().min(300.0))
                .show_ui(ui, |ui| {
                    for r in catalog().system.iter().filter(|r| {
                        (if zone {
                            r.scope.on_zones()
                        } else {
                            r.scope.on_conduits()
                        }) && !cur.iter().any(|na| na.item == r.id)
                    }) {
                        let text = format!("{} — {}", r.id, r.title);
                        if ui
                            .selectable_label(draft.item.as_deref() == Some(r.id.as_str()), text)
                            .clicked()
                        {
                            draft.item = Some(r.id.clone());
                        }
                    }
                })
                .response
                .labelled_by(l.id)
                .on_hover_text(if zone {
                    "3-3 items judged on zones"
                } else {
                    "3-3 items judged on conduits"
                });
            ui.end_row();
            let l = ui.label("Why it does not apply");
            ui.vertical(|ui| {
                let r = ui
                    .add(
                        egui::TextEdit::multiline(&mut draft.justification)
                            .desired_rows(2)
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(l.id);
                if r.changed() && !draft.justification.trim().is_empty() {
                    draft.refused = false;
                }
                if draft.refused {
                    ui.label(
                        RichText::new(
                            "A justification is required: say why the item does not apply.",
                        )
                        .small()
                        .color(BAD),
                    );
                }
            });
            ui.end_row();
        });
    if ui
        .add_enabled(
            draft.item.is_some(),
            egui::Button::new("Set not applicable"),
        )
        .on_hover_text("Needs an item and a justification")
        .clicked()
        && let Some(item) = draft.item.clone()
    {
        if draft.justification.trim().is_empty() {
            draft.refused = true;
        } else {
            n.push(NotApplicable {
                item,
                justification: draft.justification.trim().to_owned(),
            });
            draft = NaDraft::default();
        }
    }
    ui.data_mut(|d| d.insert_temp(id, draft));
}
