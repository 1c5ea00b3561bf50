//! The menu bar, built from the [`Action`] enum's menus (labels, shortcuts, enabled and
//! checked states), with the report paper, asset kinds and recent files as submenus.

use super::actions::{Action, Menu, Tool};
use super::document::Proceed;
use super::editor::Editor;
use crate::catalog::catalog;
use crate::report::Paper;

impl Editor {
    pub(super) fn menu_bar(&mut self, ui: &mut egui::Ui) {
        for menu in Menu::ALL {
            ui.menu_button(menu.label(), |ui| {
                for item in Action::menu(menu) {
                    match item {
                        None => {
                            ui.separator();
                        }
                        Some(a) => {
                            let export = a == Action::ExportPdf;
                            self.menu_item(ui, a);
                            if export {
                                ui.menu_button("Report paper", |ui| {
                                    for p in [Paper::A4, Paper::Letter, Paper::A3] {
                                        self.menu_item(ui, Action::SetPaper(p));
                                    }
                                });
                            }
                        }
                    }
                }
                if menu == Menu::Insert {
                    ui.menu_button("Asset", |ui| {
                        for k in &catalog().asset_kinds {
                            let t = Tool::Asset(k.key.clone());
                            if ui
                                .add(egui::Button::new(&k.name).selected(self.tool == t))
                                .on_hover_text(&k.description)
                                .clicked()
                            {
                                self.actions.push(Action::SetTool(t));
                                ui.close();
                            }
                        }
                    });
                }
                if menu == Menu::File && !self.settings.recent.is_empty() {
                    ui.separator();
                    ui.menu_button("Open recent", |ui| {
                        for p in self.settings.recent.clone() {
                            if ui.button(p.display().to_string()).clicked() {
                                self.guarded(Proceed::OpenPath(p));
                                ui.close();
                            }
                        }
                    });
                }
            });
        }
    }

    /// One menu entry for `a`: its label (undo steps named), shortcut, checked state.
    fn menu_item(&mut self, ui: &mut egui::Ui, a: Action) {
        let label = match &a {
            Action::Undo => self
                .doc
                .history
                .undo_label()
                .map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}")),
            Action::Redo => self
                .doc
                .history
                .redo_label()
                .map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}")),
            other => other.label(),
        };
        let mut button = egui::Button::new(label);
        if let Some(s) = a.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&s));
        }
        if let Some(checked) = self.checked(&a) {
            button = button.selected(checked);
        }
        if ui.add_enabled(self.enabled(&a), button).clicked() {
            self.actions.push(a);
            ui.close();
        }
    }
}
