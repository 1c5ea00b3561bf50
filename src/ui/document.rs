//! The file side of the editor: the open [`Document`], replacing it (new, open, sample,
//! recovery), open, save and save as, the guard that asks about unsaved changes first, the file
//! dialogs (native ones off the UI thread, zoneplan's own when they are unavailable), the PDF
//! export's start and outcome, and autosave with its recovery offers. Uses `persistence`,
//! `files`, `recovery` and `export`; the modals it opens are in `modals`.

use std::path::{Path, PathBuf};

use super::actions::Tool;
use super::canvas;
use super::editor::Editor;
use super::files::{self, DialogAnswer, DialogKind};
use super::modals::Modal;
use super::{export, recovery};
use crate::model::{History, Model};
use crate::persistence;
use crate::report::Paper;

/// The open document: the model, its history and where it lives.
#[derive(Debug, Default)]
pub struct Document {
    /// Shared with the workers that read it (rebuild, autosave, export): an edit copies it
    /// only while one of them still holds it (`Arc::make_mut`).
    pub model: std::sync::Arc<Model>,
    pub history: History,
    pub path: Option<PathBuf>,
    /// When it was last saved in this session, for the status bar.
    pub saved_at: Option<String>,
    /// Changes whenever another document replaces this one (cache key).
    pub(super) generation: u64,
}

/// What to do once unsaved changes are dealt with.
#[derive(Clone, PartialEq, Debug)]
pub(super) enum Proceed {
    New,
    Open,
    OpenPath(PathBuf),
    OpenSample(usize),
    StartPage,
    Quit,
}

/// What a running file dialog is for.
#[derive(Clone, PartialEq, Debug)]
pub(super) enum PendingDialog {
    Open,
    SaveAs(Option<Proceed>),
    Texts,
    ExportPdf,
    Inventory,
    /// A mapping file for the open import preview.
    Mapping,
    Export(crate::interop::Format),
}

impl Editor {
    pub(super) fn replace_document(&mut self, model: Model, path: Option<PathBuf>) {
        self.generations += 1;
        self.doc = Document {
            model: std::sync::Arc::new(model),
            history: History::default(),
            path,
            saved_at: None,
            generation: self.generations,
        };
        self.selection.clear();
        // Edits queued against the previous document must not land in this one, nor its
        // rebuild be shown.
        self.commands.clear();
        self.rebuild_job = None;
        let ctx = self.canvas.ctx.take();
        self.canvas = canvas::CanvasState::default();
        self.canvas.ctx = ctx;
        self.tool = Tool::Select;
        self.start_page = false;
        self.pastes = 0;
        self.view.request_fit();
    }

    /// Loads a model file; a load error shows in a dialog and leaves the current model as is.
    pub fn open_path(&mut self, path: &Path) {
        match persistence::load(path) {
            Ok(model) => {
                let found = recovery::find(&recovery::beside(path), Some(path), &model);
                self.replace_document(model, Some(path.to_path_buf()));
                self.settings.add_recent(path);
                self.say(format!("Opened {}", path.display()));
                if let Some(found) = found {
                    self.modal = Some(Modal::Recover(Box::new(found)));
                }
                self.offer_tidy();
            }
            Err(e) => {
                self.modal = Some(load_error("Cannot open the model", &e));
            }
        }
    }

    /// Saves to `path` atomically. Returns whether it worked; errors show in a dialog.
    pub fn save_to(&mut self, path: &Path) -> bool {
        match persistence::save(&self.doc.model, path) {
            Ok(()) => {
                // The saved file holds everything: the recovery of this document goes (and that
                // of the unsaved model it was, if it was).
                let old = self.autosave.file_for(self.doc.path.as_deref());
                self.autosave.remove(old);
                self.autosave.remove(Some(recovery::beside(path)));
                self.doc.path = Some(path.to_path_buf());
                self.doc.history.mark_saved();
                self.doc.saved_at = Some(files::now_hhmm());
                self.settings.add_recent(path);
                self.say(format!("Saved {}", path.display()));
                true
            }
            Err(e) => {
                self.modal = Some(Modal::Error {
                    title: "Cannot save the model".to_owned(),
                    message: e.to_string(),
                });
                false
            }
        }
    }

    /// Where an unsaved model's recovery file goes (`None`: unsaved models are not autosaved).
    pub fn set_recovery_dir(&mut self, dir: Option<PathBuf>) {
        self.autosave.data_dir = dir;
    }

    /// Offers the recovery file of an unsaved model left by a session that did not end cleanly.
    pub fn offer_unsaved_recovery(&mut self) {
        if let Some(file) = self.autosave.file_for(None)
            && let Some(found) = recovery::find(&file, None, &Model::default())
        {
            self.modal = Some(Modal::Recover(Box::new(found)));
        }
    }

    /// Starts an autosave when one is due, and reports a failed one.
    pub(super) fn autosave_tick(&mut self, ctx: &egui::Context) {
        if let Some(e) = self.autosave.poll() {
            self.toasts.error(format!(
                "Autosave failed: {e}. Your changes are still open here; save them with Ctrl+S."
            ));
        }
        if self.start_page {
            return;
        }
        let state = (self.doc.generation, self.doc.history.state());
        let dirty = self.doc.history.is_dirty();
        let now = ctx.input(|i| i.time);
        // The recovery file's path is worked out only when there is something to do with it.
        let file = |a: &recovery::Autosave| a.file_for(self.doc.path.as_deref());
        if self.autosave.due(state, dirty, now) {
            if let Some(f) = file(&self.autosave) {
                self.autosave.start(self.doc.model.clone(), f, state, now);
            }
        } else if dirty && !self.autosave.is_written(state) {
            // Come back when the interval is over, even if nothing else happens.
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                recovery::INTERVAL_SECONDS,
            ));
        } else if !dirty && self.autosave.has_written() {
            // Undone back to the saved state: the file holds it all.
            let f = file(&self.autosave);
            self.autosave.remove(f);
        }
    }

    /// Writes the autosave now, whatever the interval, and waits for it (tests).
    pub fn autosave_now(&mut self) -> Option<PathBuf> {
        self.autosave.wait();
        let file = self.autosave.file_for(self.doc.path.as_deref())?;
        let state = (self.doc.generation, self.doc.history.state());
        let now = self
            .canvas
            .ctx
            .as_ref()
            .map_or(0.0, |c| c.input(|i| i.time));
        self.autosave
            .start(self.doc.model.clone(), file.clone(), state, now);
        self.autosave.wait();
        Some(file)
    }

    pub(super) fn show_builtin_dialog(&mut self, ctx: &egui::Context) {
        let Some((_, dialog)) = &mut self.builtin_dialog else {
            return;
        };
        if let Some(answer) = dialog.show(ctx)
            && let Some((what, _)) = self.builtin_dialog.take()
        {
            self.dialog_answered(what, answer);
        }
    }

    /// Whether zoneplan's own file dialog is open.
    pub fn builtin_dialog_open(&self) -> bool {
        self.builtin_dialog.is_some()
    }

    /// Runs `p`, first asking about unsaved changes when there are any.
    pub(super) fn guarded(&mut self, p: Proceed) {
        if !self.start_page && self.doc.history.is_dirty() {
            self.modal = Some(Modal::Unsaved(p));
        } else {
            self.proceed(p);
        }
    }

    pub(super) fn proceed(&mut self, p: Proceed) {
        match p {
            Proceed::New => {
                self.replace_document(Model::default(), None);
                self.say("New model".to_owned());
            }
            Proceed::Open => self.ask(PendingDialog::Open, DialogKind::OpenModel),
            Proceed::OpenPath(path) => self.open_path(&path),
            Proceed::OpenSample(i) => {
                if let Some(s) = crate::samples::SAMPLES.get(i) {
                    match crate::samples::load(s) {
                        Ok(m) => {
                            self.replace_document(m, None);
                            self.say(format!("Opened sample “{}”", s.title));
                        }
                        Err(e) => {
                            self.modal = Some(Modal::Error {
                                title: "Cannot open the sample".to_owned(),
                                message: e.to_string(),
                            });
                        }
                    }
                }
            }
            Proceed::StartPage => {
                self.start_page = true;
                self.selection.clear();
            }
            Proceed::Quit => {
                self.allow_close = true;
                self.quit_now();
            }
        }
    }

    fn quit_now(&self) {
        if let Some(ctx) = self.canvas.ctx.as_ref() {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    pub(super) fn ask(&mut self, what: PendingDialog, kind: DialogKind) {
        if self.pending_dialog.is_some() || self.builtin_dialog.is_some() {
            return;
        }
        let Some(ctx) = self.canvas.ctx.clone() else {
            return;
        };
        let dir = self.dialog_dir();
        if self.native_dialogs_failed {
            self.builtin_dialog = Some((what, files::BuiltinDialog::new(&kind, dir.as_deref())));
            return;
        }
        let rx = self.dialogs.request(kind.clone(), dir.as_deref(), &ctx);
        self.pending_dialog = Some((what, kind, rx));
    }

    /// The directory a dialog starts in: the document's, else the last file's.
    fn dialog_dir(&self) -> Option<PathBuf> {
        self.doc
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .or_else(|| {
                self.settings
                    .recent
                    .first()
                    .and_then(|p| p.parent())
                    .map(Path::to_path_buf)
            })
    }

    pub(super) fn poll_dialog(&mut self, ctx: &egui::Context) {
        self.canvas.ctx = Some(ctx.clone());
        let Some((what, kind, rx)) = self.pending_dialog.take() else {
            return;
        };
        match rx.try_recv() {
            Ok(DialogAnswer::Unavailable(why)) => {
                // Never taken as Cancel: say so, and ask again with zoneplan's own dialog.
                self.native_dialogs_failed = true;
                self.toasts.error(format!(
                    "The system file dialog could not open: {why}. Using zoneplan's own file \
                     dialog for the rest of this session."
                ));
                let dir = self.dialog_dir();
                self.builtin_dialog =
                    Some((what, files::BuiltinDialog::new(&kind, dir.as_deref())));
            }
            Ok(answer) => self.dialog_answered(what, answer),
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                self.pending_dialog = Some((what, kind, rx));
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.toasts
                    .error("The file dialog ended without an answer; nothing was changed.");
            }
        }
    }

    fn dialog_answered(&mut self, what: PendingDialog, answer: DialogAnswer) {
        let DialogAnswer::Picked(path) = answer else {
            return;
        };
        match what {
            PendingDialog::Open => self.open_path(&path),
            PendingDialog::SaveAs(then) => {
                let path = if path.extension().is_none() {
                    path.with_extension("ron")
                } else {
                    path
                };
                if self.save_to(&path)
                    && let Some(p) = then
                {
                    self.proceed(p);
                }
            }
            PendingDialog::Texts => match persistence::load_texts(&path) {
                Ok(t) => {
                    self.say(format!("Loaded {} requirement texts", t.len()));
                    self.texts = Some(t);
                }
                Err(e) => {
                    self.modal = Some(load_error("Cannot load requirement texts", &e));
                }
            },
            PendingDialog::ExportPdf => self.start_export(export::with_pdf_extension(path)),
            PendingDialog::Inventory => self.start_import(path),
            PendingDialog::Mapping => self.use_mapping_file(&path),
            PendingDialog::Export(f) => self.write_export(f, &path),
        }
    }

    /// File → Export PDF…: asks where, then renders on a worker thread. One export at a time.
    pub(super) fn export_pdf(&mut self) {
        if self.refuse_second_export() {
            return;
        }
        let fallback = suggested_file_name(&self.doc.model);
        let fallback = fallback.strip_suffix(".ron").unwrap_or(&fallback);
        let name = export::suggested_pdf_name(self.doc.path.as_deref(), fallback);
        self.ask(PendingDialog::ExportPdf, DialogKind::ExportPdf(name));
    }

    /// Starts rendering a copy of the model (and the loaded texts) to `path`.
    fn start_export(&mut self, path: PathBuf) {
        if self.refuse_second_export() {
            return;
        }
        let Some(ctx) = self.canvas.ctx.clone() else {
            return;
        };
        let paper = Paper::from(self.settings.paper);
        match export::ExportJob::start(
            self.doc.model.clone(),
            self.texts.clone(),
            paper,
            path,
            &ctx,
        ) {
            Ok(job) => self.export = Some(job),
            Err(message) => {
                self.modal = Some(Modal::Error {
                    title: "Cannot export the report".to_owned(),
                    message,
                });
            }
        }
    }

    /// While an export runs, says so in the status bar and returns true.
    fn refuse_second_export(&mut self) -> bool {
        let Some(job) = &self.export else {
            return false;
        };
        self.say(format!(
            "Not started: the {} to {} is still being written",
            job.kind.label(),
            job.path.display()
        ));
        true
    }

    /// Starts writing a copy of the model as `format` to `path` (see `ui::export`).
    pub(super) fn start_interop_export(&mut self, format: crate::interop::Format, path: PathBuf) {
        if self.refuse_second_export() {
            return;
        }
        let Some(ctx) = self.canvas.ctx.clone() else {
            return;
        };
        match export::ExportJob::start_interop(self.doc.model.clone(), format, path, &ctx) {
            Ok(job) => self.export = Some(job),
            Err(message) => {
                self.modal = Some(Modal::Error {
                    title: "The export could not be written".to_owned(),
                    message,
                });
            }
        }
    }

    /// Picks up a finished export; its dialog waits until no other dialog is open.
    pub(super) fn poll_export(&mut self) {
        if let Some(job) = self.export.as_mut()
            && let Some(outcome) = job.poll()
        {
            self.export = None;
            self.say(match &outcome {
                export::Outcome::Written { path, pages } => {
                    format!("Exported {} ({})", path.display(), pages_text(*pages))
                }
                export::Outcome::Files {
                    path,
                    format,
                    files,
                } => format!(
                    "Exported {}: {}",
                    format.label(),
                    if files.len() == 1 {
                        path.display().to_string()
                    } else {
                        format!("{} files in {}", files.len(), path.display())
                    }
                ),
                export::Outcome::Failed {
                    kind: export::Kind::Report,
                    ..
                } => "The report could not be exported".to_owned(),
                export::Outcome::Failed { kind, .. } => {
                    format!("The {} could not be exported", kind.label())
                }
            });
            // The files of an SVG, draw.io or table export need no dialog: the message says it.
            if !matches!(outcome, export::Outcome::Files { .. }) {
                self.export_outcome = Some(outcome);
            }
        }
        if self.modal.is_none()
            && let Some(outcome) = self.export_outcome.take()
        {
            self.modal = match outcome {
                export::Outcome::Written { path, pages } => Some(Modal::Exported { path, pages }),
                export::Outcome::Failed {
                    path,
                    kind: export::Kind::Report,
                    message,
                } => Some(Modal::Error {
                    title: "Cannot export the report".to_owned(),
                    message: format!("{message}\n\nNo report was written to {}.", path.display()),
                }),
                export::Outcome::Failed { message, .. } => Some(Modal::Error {
                    title: "The export could not be written".to_owned(),
                    message,
                }),
                // Never kept: the message says it (see above).
                export::Outcome::Files { .. } => None,
            };
        }
    }

    /// Where the running export writes, if one runs.
    pub fn exporting(&self) -> Option<&Path> {
        self.export.as_ref().map(|j| j.path.as_path())
    }

    /// What the running export writes, if one runs.
    pub fn exporting_kind(&self) -> Option<export::Kind> {
        self.export.as_ref().map(|j| j.kind)
    }

    /// Waits for a running PDF export to finish (before the window closes).
    pub fn finish_export(&mut self) {
        if let Some(job) = self.export.take() {
            job.wait();
        }
    }

    /// Save to the current path, or ask for one; then continue with `then`.
    pub(super) fn save(&mut self, then: Option<Proceed>) {
        match self.doc.path.clone() {
            Some(p) => {
                if self.save_to(&p)
                    && let Some(t) = then
                {
                    self.proceed(t);
                }
            }
            None => self.save_as(then),
        }
    }

    pub(super) fn save_as(&mut self, then: Option<Proceed>) {
        let name = self
            .doc
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| suggested_file_name(&self.doc.model));
        self.ask(PendingDialog::SaveAs(then), DialogKind::SaveModel(name));
    }
}

/// "1 page", "12 pages".
pub(super) fn pages_text(n: usize) -> String {
    format!("{n} {}", if n == 1 { "page" } else { "pages" })
}

/// A file name from the project name: "Water works" -> "water-works.ron".
fn suggested_file_name(model: &Model) -> String {
    let slug: String = model
        .project
        .name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "model.ron".to_owned()
    } else {
        format!("{slug}.ron")
    }
}

/// The error dialog of a file that cannot be loaded: what is wrong, and where.
fn load_error(title: &str, e: &persistence::LoadError) -> Modal {
    let position = e
        .position()
        .map(|(l, c)| format!("\n\nat line {l}, column {c}"))
        .unwrap_or_default();
    Modal::Error {
        title: title.to_owned(),
        message: format!("{e}{position}"),
    }
}
