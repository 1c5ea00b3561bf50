//! The toolbar above the canvas: buttons for the most used actions and the canvas tools.

use egui::Ui;

use super::context::Chrome;
use crate::diagram::ColorMode;
use crate::ui::actions::{Action, Tool};

pub(in crate::ui) fn toolbar(ed: &mut Chrome<'_>, ui: &mut Ui) {
    ui.horizontal_wrapped(|ui| {
        for a in [Action::New, Action::Open, Action::Save] {
            action_button(ed, ui, a);
        }
        ui.separator();
        let undo = ed.history.undo_label().map(|l| format!("Undo {l}"));
        let redo = ed.history.redo_label().map(|l| format!("Redo {l}"));
        if ui
            .add_enabled(undo.is_some(), egui::Button::new("Undo"))
            .on_hover_text(undo.unwrap_or_default())
            .clicked()
        {
            ed.act(Action::Undo);
        }
        if ui
            .add_enabled(redo.is_some(), egui::Button::new("Redo"))
            .on_hover_text(redo.unwrap_or_default())
            .clicked()
        {
            ed.act(Action::Redo);
        }
        ui.separator();
        for t in [Tool::Select, Tool::Zone, Tool::Conduit] {
            let a = Action::SetTool(t.clone());
            let mut r = ui.add(egui::Button::new(a.label()).selected(*ed.tool == t));
            if let Some(s) = a.shortcut() {
                r = r.on_hover_text(format!("Shortcut: {}", ui.ctx().format_shortcut(&s)));
            }
            if r.clicked() {
                ed.act(a);
            }
        }
        ui.separator();
        for a in [Action::ZoomFit, Action::ZoomSelection] {
            action_button(ed, ui, a);
        }
        ui.separator();
        let mut mode = ColorMode::from(ed.settings.color_mode);
        egui::ComboBox::from_id_salt("colour-mode")
            .selected_text(mode.label())
            .show_ui(ui, |ui| {
                for m in ColorMode::ALL {
                    ui.selectable_value(&mut mode, m, m.label());
                }
            })
            .response
            .on_hover_text("How zones are filled");
        if mode != ColorMode::from(ed.settings.color_mode) {
            ed.act(Action::SetColorMode(mode));
        }
        let mut grid = ed.settings.grid;
        if ui.checkbox(&mut grid, "Grid").changed() {
            ed.act(Action::ToggleGrid);
        }
        let mut snap = ed.settings.snap;
        if ui.checkbox(&mut snap, "Snap").changed() {
            ed.act(Action::ToggleSnap);
        }
        action_button(ed, ui, Action::ToggleWorkshop);
    });
}

fn action_button(ed: &mut Chrome<'_>, ui: &mut Ui, a: Action) {
    let mut r = ui.add_enabled((ed.enabled)(&a), egui::Button::new(a.label()));
    if let Some(s) = a.shortcut() {
        r = r.on_hover_text(ui.ctx().format_shortcut(&s));
    }
    if r.clicked() {
        ed.act(a);
    }
}
