//! The start page: new, open, recent files and the sample plants.

use egui::{RichText, Ui};

use super::context::Chrome;
use crate::ui::actions::Action;
use crate::ui::document::Proceed;

pub(in crate::ui) fn start_page(ed: &mut Chrome<'_>, ui: &mut Ui) {
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(24.0);
                ui.heading(RichText::new("zoneplan").size(30.0).strong());
                ui.label(
                    "Zones, conduits and security levels for industrial plants under IEC 62443",
                );
                ui.add_space(16.0);
                ui.horizontal(|ui| {
                    let w = 2.0 * 180.0 + ui.spacing().item_spacing.x;
                    ui.add_space(((ui.available_width() - w) / 2.0).max(0.0));
                    if ui
                        .add_sized(
                            [180.0, 36.0],
                            egui::Button::new(RichText::new("New model").size(16.0)),
                        )
                        .clicked()
                    {
                        ed.act(Action::New);
                    }
                    if ui
                        .add_sized(
                            [180.0, 36.0],
                            egui::Button::new(RichText::new("Open…").size(16.0)),
                        )
                        .clicked()
                    {
                        ed.act(Action::Open);
                    }
                });
            });
            ui.add_space(20.0);
            let width = ui.available_width().min(760.0);
            ui.horizontal(|ui| {
                ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
                ui.vertical(|ui| {
                    ui.set_width(width);
                    ui.heading("Recent files");
                    if ed.settings.recent.is_empty() {
                        ui.weak("No recent files yet.");
                    }
                    for p in &ed.settings.recent {
                        let exists = p.exists();
                        let name = p.file_name().map_or_else(
                            || p.display().to_string(),
                            |f| f.to_string_lossy().into_owned(),
                        );
                        ui.horizontal(|ui| {
                            let b = ui
                                .add_enabled(exists, egui::Button::new(name).frame(false))
                                .on_hover_text(p.display().to_string());
                            if b.clicked() {
                                ed.open(Proceed::OpenPath(p.clone()));
                            }
                            ui.weak(
                                p.parent()
                                    .map(|d| d.display().to_string())
                                    .unwrap_or_default(),
                            );
                            if !exists {
                                ui.weak("(missing)");
                            }
                        });
                    }
                    ui.add_space(16.0);
                    ui.heading("Sample plants");
                    let samples = crate::samples::SAMPLES;
                    if samples.is_empty() {
                        ui.weak("No sample plants are bundled in this build.");
                    }
                    for (i, s) in samples.iter().enumerate() {
                        egui::Frame::group(ui.style()).show(ui, |ui| {
                            ui.set_width(width - 16.0);
                            // Title and button on one row, the description wrapped
                            // below at full width, so the button never covers it.
                            ui.horizontal(|ui| {
                                ui.label(RichText::new(s.title).strong());
                                ui.with_layout(
                                    egui::Layout::right_to_left(egui::Align::Center),
                                    |ui| {
                                        if ui.button(format!("Open “{}”", s.title)).clicked() {
                                            ed.open(Proceed::OpenSample(i));
                                        }
                                    },
                                );
                            });
                            ui.add(egui::Label::new(s.description).wrap());
                            ui.weak(s.file_name);
                        });
                    }
                });
            });
        });
    });
}
