//! File → Import inventory… (with its preview), File → Export (SVG, draw.io, CSV, XLSX) and
//! Arrange → Tidy layout, and the offer to tidy a file whose assets lie outside their zones.
//!
//! The import is computed on a copy of the model (`interop::import`) and shown before anything
//! changes; Import applies the difference as one undo step, Cancel changes nothing.

use std::path::{Path, PathBuf};

use super::document::PendingDialog;
use super::editor::Editor;
use super::files::DialogKind;
use super::modals::Modal;
use crate::interop::{self, Format, MatchBy, Preset, structure, table};

/// The import preview's state: the file, the chosen sheet, preset and matching, and the
/// outcome for them (recomputed when one changes).
pub(super) struct ImportPreview {
    pub path: PathBuf,
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    pub preset: Preset,
    /// A mapping file chosen instead of the preset.
    pub mapping_file: Option<(PathBuf, interop::Mapping)>,
    pub match_by: MatchBy,
    /// Lay the whole model out again, else place only what is new.
    pub tidy_all: bool,
    /// The inventory, with the zones and conduits tables of a zoneplan workbook.
    tables: Option<structure::Tables>,
    /// The import of `tables` into the current model, or why there is none.
    outcome: Result<interop::Outcome, String>,
}

impl ImportPreview {
    fn new(path: PathBuf, model: &crate::model::Model) -> Self {
        let sheets = table::sheets(&path).unwrap_or_default();
        let sheet = (sheets.len() == 1).then(|| sheets[0].clone());
        let mut p = Self {
            path,
            sheets,
            sheet,
            preset: Preset::Spreadsheet,
            mapping_file: None,
            match_by: MatchBy::Name,
            // A model with a drawing keeps it unless the user asks.
            tidy_all: model.zones.is_empty() && model.assets.is_empty(),
            tables: None,
            outcome: Err(String::new()),
        };
        p.reread(model);
        p
    }

    /// Reads the file (the chosen sheet) again, then recomputes the outcome.
    /// A workbook written by File → Export → Excel (its Assets, Zones and Conduits sheets) is
    /// read whole until a sheet is chosen.
    fn reread(&mut self, model: &crate::model::Model) {
        self.tables = None;
        match structure::read_tables(&self.path, self.sheet.as_deref()) {
            Ok(t) => {
                self.tables = Some(t);
                self.recompute(model);
            }
            Err(table::TableError::ChooseSheet { sheets, .. }) => {
                self.outcome = Err(format!(
                    "This workbook has {} sheets: choose the one that holds the inventory.",
                    sheets.len()
                ));
            }
            Err(e) => self.outcome = Err(e.to_string()),
        }
    }

    fn recompute(&mut self, model: &crate::model::Model) {
        let Some(t) = &self.tables else {
            return;
        };
        let options = interop::Options {
            match_by: self.match_by,
            layout: self.tidy_all,
        };
        let mapping = match &self.mapping_file {
            Some((_, m)) => m.clone(),
            None => self.preset.mapping(),
        };
        self.outcome = interop::import_with(model, &t.assets, t.structure(), &mapping, &options)
            .map_err(|e| e.to_string());
    }
}

impl Editor {
    /// File → Import inventory…: asks for the file.
    pub(super) fn ask_inventory(&mut self) {
        self.ask(PendingDialog::Inventory, DialogKind::OpenInventory);
    }

    /// Opens the preview of importing `path` into the current model.
    pub(super) fn start_import(&mut self, path: PathBuf) {
        self.modal = Some(Modal::Import(Box::new(ImportPreview::new(
            path,
            &self.doc.model,
        ))));
    }

    /// The preview's "Mapping file…": the chosen file replaces the preset (an unreadable one is
    /// an error dialog and the preview stays as it was).
    pub(super) fn use_mapping_file(&mut self, path: &Path) {
        match interop::mapping::load(path) {
            Ok(m) => {
                if let Some(Modal::Import(p)) = &mut self.modal {
                    p.mapping_file = Some((path.to_path_buf(), m));
                    p.recompute(&self.doc.model);
                }
            }
            Err(message) => self
                .toasts
                .error(format!("Cannot use the mapping file: {message}")),
        }
    }

    /// File → Export …: asks where.
    pub(super) fn ask_export(&mut self, f: Format) {
        let stem = self
            .doc
            .path
            .as_deref()
            .and_then(Path::file_stem)
            .map_or_else(
                || "zoneplan".to_owned(),
                |s| s.to_string_lossy().into_owned(),
            );
        let name = match f {
            Format::Csv => format!("{stem}-tables"),
            _ => format!("{stem}.{}", f.extension()),
        };
        self.ask(PendingDialog::Export(f), DialogKind::Export(f, name));
    }

    /// Writes the export (the extension added when missing) off the UI thread; the outcome
    /// comes as a message (see `Editor::poll_export`).
    pub(super) fn write_export(&mut self, f: Format, path: &Path) {
        let path = if f != Format::Csv && path.extension().is_none() {
            path.with_extension(f.extension())
        } else {
            path.to_path_buf()
        };
        self.start_interop_export(f, path);
    }

    /// Arrange → Tidy layout: the automatic layout as one undo step.
    pub(super) fn tidy_layout(&mut self) {
        let mut tidy = crate::model::Model::clone(&self.doc.model);
        crate::layout::tidy(&mut tidy);
        if tidy == *self.doc.model {
            self.say("The layout is already tidy");
            return;
        }
        let cmd = crate::edit::diff(&self.doc.model, &tidy);
        self.push("Tidy layout", cmd);
        self.view.request_fit();
    }

    /// After opening a file: offer to tidy it when assets lie outside their zones (they are
    /// drawn inside meanwhile, see `diagram::inside`).
    pub(super) fn offer_tidy(&mut self) {
        if self.modal.is_some() {
            return;
        }
        let n = crate::layout::assets_outside_zones(&self.doc.model);
        if n > 0 {
            self.modal = Some(Modal::OfferTidy(n));
        }
    }
}

/// What the user did in the import preview.
pub(super) enum ImportChoice {
    Stay,
    /// Ask for a mapping file (the preview stays open).
    AskMapping,
    Cancel,
    /// Apply the outcome's model.
    Import(Box<crate::model::Model>, String),
}

/// The preview: the file, sheet, preset and matching; which column feeds which field; what
/// will be added, changed and left alone, and every problem with its row and column.
pub(super) fn import_preview(
    ctx: &egui::Context,
    p: &mut ImportPreview,
    model: &crate::model::Model,
) -> ImportChoice {
    let mut choice = ImportChoice::Stay;
    let shown = egui::Modal::new(egui::Id::unique("import-preview")).show(ctx, |ui| {
        ui.set_width(720.0);
        ui.heading("Import inventory");
        ui.label(p.path.display().to_string());
        ui.add_space(4.0);
        let (reread, recompute) = preview_options(ui, p, &mut choice);
        if reread {
            p.reread(model);
        } else if recompute {
            p.recompute(model);
        }
        ui.separator();
        preview_outcome(ui, p);
        ui.separator();
        ui.horizontal(|ui| {
            let ready = p
                .outcome
                .as_ref()
                .is_ok_and(|o| o.report.changes_anything());
            if ui.add_enabled(ready, egui::Button::new("Import")).clicked()
                && let Ok(o) = &p.outcome
            {
                choice = ImportChoice::Import(Box::new(o.model.clone()), o.report.summary());
            }
            if ui.button("Cancel").clicked() {
                choice = ImportChoice::Cancel;
            }
        });
    });
    if shown.should_close() && matches!(choice, ImportChoice::Stay) {
        choice = ImportChoice::Cancel;
    }
    choice
}

/// The preview's options: sheet, columns (preset or mapping file), matching and layout.
/// Returns whether the file must be read again (another sheet) or the import recomputed.
fn preview_options(
    ui: &mut egui::Ui,
    p: &mut ImportPreview,
    choice: &mut ImportChoice,
) -> (bool, bool) {
    let mut reread = false;
    let mut recompute = false;
    egui::Grid::new("import-options")
        .num_columns(2)
        .show(ui, |ui| {
            if p.sheets.len() > 1 {
                let l = ui.label("Sheet");
                let current = p
                    .sheet
                    .clone()
                    .unwrap_or_else(|| "Choose a sheet".to_owned());
                egui::ComboBox::from_id_salt("import-sheet")
                    .selected_text(current)
                    .show_ui(ui, |ui| {
                        for s in &p.sheets {
                            if ui
                                .selectable_label(p.sheet.as_deref() == Some(s), s)
                                .clicked()
                            {
                                p.sheet = Some(s.clone());
                                reread = true;
                            }
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
            }
            let l = ui.label("Columns");
            ui.horizontal(|ui| {
                let shown = match &p.mapping_file {
                    Some((path, _)) => format!(
                        "Mapping file {}",
                        path.file_name()
                            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                    ),
                    None => p.preset.label().to_owned(),
                };
                egui::ComboBox::from_id_salt("import-preset")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        for pr in Preset::ALL {
                            let on = p.mapping_file.is_none() && p.preset == pr;
                            if ui.selectable_label(on, pr.label()).clicked() {
                                p.preset = pr;
                                p.mapping_file = None;
                                recompute = true;
                            }
                        }
                    })
                    .response
                    .labelled_by(l.id);
                if ui.button("Mapping file…").clicked() {
                    *choice = ImportChoice::AskMapping;
                }
            });
            ui.end_row();
            ui.label("Existing assets");
            ui.horizontal(|ui| {
                for m in [MatchBy::Name, MatchBy::Ip] {
                    let label = format!("Update {}", m.label());
                    if ui.radio(p.match_by == m, label).clicked() && p.match_by != m {
                        p.match_by = m;
                        recompute = true;
                    }
                }
            });
            ui.end_row();
            ui.label("Layout");
            if ui
                .checkbox(
                    &mut p.tidy_all,
                    "Tidy the whole layout (else only new zones and assets are placed)",
                )
                .changed()
            {
                recompute = true;
            }
            ui.end_row();
        });
    (reread, recompute)
}

/// What the import would do: the summary, the column mapping, and the report's lines,
/// problems first.
fn preview_outcome(ui: &mut egui::Ui, p: &ImportPreview) {
    match &p.outcome {
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        Ok(o) => {
            let r = &o.report;
            ui.label(egui::RichText::new(r.summary()).strong());
            ui.collapsing("Column mapping", |ui| {
                egui::Grid::new("import-mapping")
                    .striped(true)
                    .show(ui, |ui| {
                        for (f, col) in &r.columns {
                            ui.label(f.label());
                            ui.label(col);
                            ui.end_row();
                        }
                        if !r.unmapped.is_empty() {
                            ui.label("Not read");
                            ui.label(r.unmapped.join(", "));
                            ui.end_row();
                        }
                    });
            });
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    // The report without its summary (shown above), problems first.
                    let lines = r.lines();
                    let mut rest: Vec<&String> = lines.iter().skip(1).collect();
                    rest.sort_by_key(|l| !(l.contains("skipped") || l.contains("unplaced")));
                    for l in rest.iter().take(500) {
                        ui.label(l.as_str());
                    }
                    if rest.len() > 500 {
                        ui.label(format!("… and {} more lines", rest.len() - 500));
                    }
                });
        }
    }
}

/// The offer to tidy a file whose assets lie outside their zones.
pub(super) fn offer_tidy(ctx: &egui::Context, outside: usize) -> Option<bool> {
    let mut answer = None;
    let shown = egui::Modal::new(egui::Id::unique("offer-tidy")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.heading("Assets outside their zones");
        ui.label(format!(
            "{outside} asset(s) in this file lie outside their zone. They are drawn inside it \
             meanwhile. Tidy the layout now? (One undo step.)"
        ));
        ui.horizontal(|ui| {
            if ui.button("Tidy layout").clicked() {
                answer = Some(true);
            }
            if ui.button("Keep as is").clicked() {
                answer = Some(false);
            }
        });
    });
    if shown.should_close() && answer.is_none() {
        answer = Some(false);
    }
    answer
}
