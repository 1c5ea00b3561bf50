//! The asset palette on the left: one entry per catalog asset kind, clicked to arm the tool or
//! dragged onto the canvas.

use egui::{RichText, Ui};

use super::context::Chrome;
use crate::catalog::catalog;
use crate::ui::actions::{Action, Tool};

pub(in crate::ui) fn palette(ed: &mut Chrome<'_>, ui: &mut Ui) {
    ui.add_space(4.0);
    ui.strong("Assets");
    ui.weak("Click, then click on the canvas; or drag onto it.");
    ui.add_space(4.0);
    egui::ScrollArea::vertical().show(ui, |ui| {
        for k in &catalog().asset_kinds {
            let selected = *ed.tool == Tool::Asset(k.key.clone());
            let b = egui::Button::new(RichText::new(format!("{}  {}", k.glyph, k.name)))
                .selected(selected)
                .min_size(egui::vec2(ui.available_width(), 0.0))
                .sense(egui::Sense::click_and_drag());
            let r = ui.add(b).on_hover_text(&k.description);
            if r.drag_started() {
                egui::DragAndDrop::set_payload(ui.ctx(), k.key.clone());
            }
            if r.clicked() {
                ed.act(Action::SetTool(if selected {
                    Tool::Select
                } else {
                    Tool::Asset(k.key.clone())
                }));
            }
        }
    });
}
