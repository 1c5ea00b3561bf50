//! The status bar: headline counts of the analysis, the rebuild spinner, the file and the last
//! save.

use egui::{Color32, RichText, Ui};

use super::context::Chrome;
use super::widgets::count;
use super::{BAD, WARN};
use crate::ui::edit;

pub(in crate::ui) fn status_bar(ed: &Chrome<'_>, ui: &mut Ui) {
    ui.horizontal(|ui| {
        let m = ed.model;
        ui.label(format!(
            "{} · {} · {}",
            count(m.zones.len(), "zone"),
            count(m.assets.len(), "asset"),
            count(m.conduits.len(), "conduit")
        ));
        ui.separator();
        let s = ed.summary;
        let (unmet, errors, warnings) = (s.unmet, s.open_errors, s.open_warnings);
        // Counts in their colours; a zero is plain, never a green that reads "all well"
        // beside a red count.
        let coloured = |n: usize, noun: &str, colour: Color32| {
            let t = RichText::new(count(n, noun));
            if n > 0 { t.color(colour).strong() } else { t }
        };
        if ed.rebuild_pending {
            // A large plant's analysis after an edit arrives a few frames later.
            ui.add(egui::Spinner::new().size(12.0))
                .on_hover_text("Updating the analysis and the diagram after the last edit");
        }
        ui.label(coloured(unmet, "unmet item", BAD))
            .on_hover_text("3-3 items open in zones and conduits (not met, not covered)");
        ui.label(coloured(errors, "error", BAD));
        ui.label(coloured(warnings, "warning", WARN));
        ui.separator();
        ui.label(format!("Zoom {:.0}%", ed.zoom * 100.0));
        if ed.settings.workshop {
            ui.separator();
            ui.strong("Workshop mode — F11 to leave, Tab for panels");
        } else if ed.panels_hidden {
            ui.separator();
            ui.strong("Panels hidden — Tab to show");
        }
        if !ed.selection.is_empty() {
            ui.separator();
            ui.label(format!("Selected: {}", edit::describe(ed.selection)));
        }
        if let Some((path, what)) = ed.exporting {
            ui.separator();
            ui.add(egui::Spinner::new());
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            ui.label(format!("Exporting {what} to {name}…"))
                .on_hover_text(path.display().to_string());
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            // Whatever room the left side leaves, elided, never drawn over it (workshop mode
            // leaves little).
            let place = match ed.file {
                Some((p, saved_at)) => {
                    let saved = saved_at.map_or_else(String::new, |t| format!(" · saved {t}"));
                    RichText::new(format!("{}{saved}", p.display()))
                }
                None => RichText::new("not saved yet").weak(),
            };
            let full = place.text().to_owned();
            ui.add(egui::Label::new(place).truncate())
                .on_hover_text(full);
        });
    });
}
