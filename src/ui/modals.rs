//! The modal dialogs over the editor: the [`Modal`] enum and `show_modal`, one function per
//! dialog (unsaved changes, confirm delete, error, accept a finding, export written, shortcuts,
//! recover, about). A dialog reports what the user chose; `show_modal` then acts on it.

use std::path::{Path, PathBuf};

use super::actions::{Action, Menu};
use super::document::{Proceed, pages_text};
use super::edit::DeleteCounts;
use super::editor::Editor;
use super::files;
use super::{export, recovery};
use crate::model::{Command, Model};

/// A modal dialog over the editor.
pub(super) enum Modal {
    Unsaved(Proceed),
    ConfirmDelete {
        counts: DeleteCounts,
        cmd: Box<Command>,
        label: String,
    },
    Error {
        title: String,
        message: String,
    },
    Accept {
        finding: String,
        justification: String,
        by: String,
    },
    /// An export finished: where, how many pages.
    Exported {
        path: PathBuf,
        pages: usize,
    },
    Shortcuts,
    About,
    /// A recovery file from a session that did not end cleanly.
    Recover(Box<recovery::Found>),
    /// The project's risk matrix, as a working copy.
    RiskMatrix(Box<crate::model::RiskMatrix>),
    /// Revisions and approvals, with the form for a new record.
    Approval(Box<super::workflow::ApprovalForm>),
    /// The preview of an inventory import.
    Import(Box<super::interop::ImportPreview>),
    /// The opened file has this many assets outside their zones: tidy?
    OfferTidy(usize),
}

impl Editor {
    /// Shows the open modal, if any, and acts on what the user chose in it.
    pub(super) fn show_modal(&mut self, ctx: &egui::Context) {
        let Some(mut modal) = self.modal.take() else {
            return;
        };
        let mut choice = Choice::default();
        match &mut modal {
            Modal::Unsaved(p) => unsaved(ctx, &self.doc.model, p, &mut choice),
            Modal::ConfirmDelete { counts, cmd, label } => {
                confirm_delete(ctx, counts, cmd, label, &mut choice);
            }
            Modal::Error { title, message } => error(ctx, title, message, &mut choice),
            Modal::Accept {
                finding,
                justification,
                by,
            } => accept(ctx, finding, justification, by, &mut choice),
            Modal::Exported { path, pages } => exported(ctx, path, *pages, &mut choice),
            Modal::Shortcuts => shortcuts(ctx, &mut choice),
            Modal::Recover(found) => recover(ctx, found, &mut choice),
            Modal::About => about(ctx, &mut choice),
            Modal::RiskMatrix(m) => {
                let o = super::workflow::risk_matrix(ctx, &self.doc.model.project, m);
                choice.keep = o.keep;
                choice.apply = o.apply;
            }
            Modal::Approval(f) => {
                let o = super::workflow::approval(ctx, &self.doc.model, &self.derived.analysis, f);
                choice.keep = o.keep;
                choice.apply = o.apply;
            }
            Modal::Import(preview) => {
                match super::interop::import_preview(ctx, preview, &self.doc.model) {
                    super::interop::ImportChoice::Stay => {}
                    super::interop::ImportChoice::AskMapping => self.ask(
                        super::document::PendingDialog::Mapping,
                        super::files::DialogKind::OpenMapping,
                    ),
                    super::interop::ImportChoice::Cancel => choice.keep = false,
                    super::interop::ImportChoice::Import(model, summary) => {
                        choice.keep = false;
                        let cmd = crate::edit::diff(&self.doc.model, &model);
                        choice.apply = Some(("Import inventory".to_owned(), cmd));
                        self.say(format!("Imported: {summary}"));
                        self.view.request_fit();
                    }
                }
            }
            Modal::OfferTidy(n) => match super::interop::offer_tidy(ctx, *n) {
                None => {}
                Some(tidy) => {
                    choice.keep = false;
                    if tidy {
                        self.tidy_layout();
                    }
                }
            },
        }
        if choice.keep && self.modal.is_none() {
            self.modal = Some(modal);
        }
        self.act_on(choice);
    }

    /// Carries out what the user chose in a modal.
    fn act_on(&mut self, choice: Choice) {
        if let Some((label, cmd)) = choice.apply {
            self.push(label, cmd);
        }
        if let Some(p) = choice.save_then {
            self.save(Some(p));
        }
        if choice.discard {
            let file = self.autosave.file_for(self.doc.path.as_deref());
            self.autosave.remove(file);
        }
        if let Some(found) = choice.restore {
            let found = *found;
            self.replace_document(found.model, found.model_path);
            // Restored, not saved: the recovery file stays until the user saves.
            self.doc.history.mark_unsaved();
            self.say(format!("Restored changes from {}", found.age));
        }
        if let Some(p) = choice.next {
            self.proceed(p);
        }
    }

    /// Opens the accept dialog for a finding.
    pub(super) fn start_accept(&mut self, finding: String) {
        self.modal = Some(Modal::Accept {
            finding,
            justification: String::new(),
            by: self.doc.model.project.author.clone(),
        });
    }
}

/// What the user chose in a modal this frame.
struct Choice {
    /// The modal stays open.
    keep: bool,
    /// Go on with this (unsaved changes discarded).
    next: Option<Proceed>,
    /// Save, then go on with this.
    save_then: Option<Proceed>,
    /// An edit to apply.
    apply: Option<(String, Command)>,
    /// Remove the document's recovery file.
    discard: bool,
    /// Restore this recovery file.
    restore: Option<Box<recovery::Found>>,
}

impl Default for Choice {
    fn default() -> Self {
        Self {
            keep: true,
            next: None,
            save_then: None,
            apply: None,
            discard: false,
            restore: None,
        }
    }
}

/// Unsaved changes: save, discard or cancel before `p`.
fn unsaved(ctx: &egui::Context, model: &Model, p: &Proceed, choice: &mut Choice) {
    let shown = egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
        ui.set_width(380.0);
        ui.heading("Unsaved changes");
        ui.label(format!(
            "“{}” has changes that are not saved. Save them first?",
            if model.project.name.is_empty() {
                "Untitled model"
            } else {
                &model.project.name
            }
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                choice.save_then = Some(p.clone());
                choice.keep = false;
            }
            if ui.button("Discard").clicked() {
                choice.next = Some(p.clone());
                choice.discard = true;
                choice.keep = false;
            }
            if ui.button("Cancel").clicked() {
                choice.keep = false;
            }
        });
    });
    if shown.should_close() {
        choice.keep = false;
    }
}

/// Deleting a zone with contents: says what goes with it.
fn confirm_delete(
    ctx: &egui::Context,
    counts: &DeleteCounts,
    cmd: &Command,
    label: &str,
    choice: &mut Choice,
) {
    let shown = egui::Modal::new(egui::Id::unique("confirm-delete")).show(ctx, |ui| {
        ui.set_width(400.0);
        ui.heading("Delete zone with its contents?");
        ui.label(delete_message(counts));
        ui.label("Undo restores all of it, conduits included.");
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Delete all").clicked() {
                choice.apply = Some((label.to_owned(), cmd.clone()));
                choice.keep = false;
            }
            if ui.button("Cancel").clicked() {
                choice.keep = false;
            }
        });
    });
    if shown.should_close() {
        choice.keep = false;
    }
}

/// An error message; the model is unchanged.
fn error(ctx: &egui::Context, title: &str, message: &str, choice: &mut Choice) {
    let shown = egui::Modal::new(egui::Id::unique("error")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading(title);
        egui::ScrollArea::vertical()
            .max_height(300.0)
            .show(ui, |ui| {
                ui.label(egui::RichText::new(message).monospace());
            });
        ui.label("The current model is unchanged.");
        if ui.button("OK").clicked() {
            choice.keep = false;
        }
    });
    if shown.should_close() {
        choice.keep = false;
    }
}

/// Accepting a finding: a justification (required) and who accepts it.
fn accept(
    ctx: &egui::Context,
    finding: &str,
    justification: &mut String,
    by: &mut String,
    choice: &mut Choice,
) {
    let shown = egui::Modal::new(egui::Id::unique("accept")).show(ctx, |ui| {
        ui.set_width(440.0);
        ui.heading("Accept finding");
        ui.label(egui::RichText::new(finding).monospace());
        let l = ui.label("Justification");
        ui.add(
            egui::TextEdit::multiline(justification)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
        ui.horizontal(|ui| {
            let l = ui.label("Accepted by");
            ui.text_edit_singleline(by).labelled_by(l.id);
        });
        ui.horizontal(|ui| {
            let ok = !justification.trim().is_empty();
            if ui
                .add_enabled(ok, egui::Button::new("Accept with justification"))
                .clicked()
            {
                choice.apply = Some((
                    format!("Accept {finding}"),
                    Command::SetAcceptance {
                        finding: finding.to_owned(),
                        acceptance: Some(crate::model::Acceptance {
                            finding: finding.to_owned(),
                            justification: justification.trim().to_owned(),
                            by: by.trim().to_owned(),
                            date: files::today_iso(),
                        }),
                    },
                ));
                choice.keep = false;
            }
            if ui.button("Cancel").clicked() {
                choice.keep = false;
            }
        });
    });
    if shown.should_close() {
        choice.keep = false;
    }
}

/// A report was written: where, how many pages, and a button to open it.
fn exported(ctx: &egui::Context, path: &Path, pages: usize, choice: &mut Choice) {
    let shown = egui::Modal::new(egui::Id::unique("exported")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading("Report written");
        ui.label(format!(
            "Report written: {} ({})",
            path.display(),
            pages_text(pages)
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui
                .button("Open")
                .on_hover_text("Opens the PDF in the default web browser")
                .clicked()
            {
                ctx.open_url(egui::OpenUrl::new_tab(export::file_url(path)));
                choice.keep = false;
            }
            if ui.button("Close").clicked() {
                choice.keep = false;
            }
        });
    });
    if shown.should_close() {
        choice.keep = false;
    }
}

/// The keyboard shortcuts, menu actions first, then the canvas's keys and gestures.
fn shortcuts(ctx: &egui::Context, choice: &mut Choice) {
    let shown = egui::Modal::new(egui::Id::unique("shortcuts")).show(ctx, |ui| {
        ui.heading("Keyboard shortcuts");
        egui::ScrollArea::vertical()
            .max_height(480.0)
            .show(ui, |ui| {
                egui::Grid::new("shortcut-grid")
                    .striped(true)
                    .show(ui, |ui| {
                        for (keys, what) in shortcut_rows(ctx) {
                            ui.label(keys);
                            ui.label(what);
                            ui.end_row();
                        }
                        for (keys, what) in [
                            ("Space + drag, middle drag, scroll", "Pan"),
                            ("Ctrl + wheel, pinch", "Zoom about the cursor"),
                            ("Arrow keys", "Nudge the selection (a grid step)"),
                            ("Shift + arrow keys", "Nudge by five grid steps"),
                            ("Shift + click", "Add to / remove from selection"),
                            ("Right click", "Element menu"),
                        ] {
                            ui.label(keys);
                            ui.label(what);
                            ui.end_row();
                        }
                    });
            });
        if ui.button("Close").clicked() {
            choice.keep = false;
        }
    });
    if shown.should_close() {
        choice.keep = false;
    }
}

/// A recovery file from a session that did not end cleanly: restore or discard it.
fn recover(ctx: &egui::Context, found: &recovery::Found, choice: &mut Choice) {
    let shown = egui::Modal::new(egui::Id::unique("recover")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading("Recover unsaved changes?");
        let what = found.model_path.as_ref().map_or_else(
            || "an unsaved model".to_owned(),
            |p| format!("“{}”", p.display()),
        );
        ui.label(format!(
            "zoneplan did not close cleanly. It kept changes to {what}, written {}:",
            found.age
        ));
        for d in &found.differences {
            ui.label(format!("• {d}"));
        }
        ui.weak(format!("Recovery file: {}", found.file.display()));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Restore changes").clicked() {
                choice.restore = Some(Box::new(found.clone()));
                choice.keep = false;
            }
            if ui.button("Discard changes").clicked() {
                let _gone = std::fs::remove_file(&found.file);
                choice.keep = false;
            }
        });
    });
    if shown.should_close() {
        // Escape decides nothing: the file stays for the next time.
        choice.keep = false;
    }
}

/// Version and what the catalog holds.
fn about(ctx: &egui::Context, choice: &mut Choice) {
    let shown = egui::Modal::new(egui::Id::unique("about")).show(ctx, |ui| {
        ui.heading("zoneplan");
        ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
        ui.label("Zone & conduit designer for IEC 62443.");
        ui.label(format!(
            "Requirement ids and titles: {} and {}. Requirement texts are not bundled; load your own copy with File → Load requirement texts….",
            crate::catalog::SR_EDITION,
            crate::catalog::CR_EDITION
        ));
        if ui.button("Close").clicked() {
            choice.keep = false;
        }
    });
    if shown.should_close() {
        choice.keep = false;
    }
}

/// The Help window's rows: menu actions in menu order, then the alternative keys.
fn shortcut_rows(ctx: &egui::Context) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Menu::ALL
        .iter()
        .flat_map(|m| Action::menu(*m))
        .flatten()
        .filter_map(|a| a.shortcut().map(|s| (ctx.format_shortcut(&s), a.label())))
        .collect();
    for (s, a) in Action::extra_shortcuts() {
        if !matches!(a, Action::Nudge(..)) {
            rows.push((ctx.format_shortcut(&s), a.label()));
        }
    }
    rows
}

fn delete_message(c: &DeleteCounts) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "Deleting {} also deletes {}, {} and {} (with their boundary devices).",
        plural(c.zones, "zone", "zones"),
        plural(c.subzones, "subzone", "subzones"),
        plural(c.assets, "asset", "assets"),
        plural(c.conduits, "conduit", "conduits"),
    )
}
