//! The editor (feature `gui`): egui/eframe on top of the model, the analysis and the diagram.
//!
//! One frame (see ARCHITECTURE.md, "One frame of the editor"): panels and the canvas read `&Model` and the cached
//! analysis and diagram, and push `Command`s and `Action`s into queues; after the UI pass the
//! queues are applied (each command one undo step), and the cache is rebuilt on the next frame
//! only when `History::state()` (or the document, or the view options) changed. Per frame the
//! canvas only culls and paints.
//!
//! Slow work stays off the UI thread: file dialogs (see `files`; zoneplan's own dialog when no
//! native one opens), File → Export PDF… (see `export`), autosave (see `recovery`) and the Fix
//! plan tab's ranked fixes (see `plan`, keyed on the history state), whose results are polled
//! at the start of a frame. Messages are toasts (see `toasts`).
//!
//! [`Editor`] is the whole app state and [`Editor::ui`] its per-frame function, usable without
//! a window (kittest flows, the render benchmark); [`run`] wraps it in an eframe window.
//! A headless frame: `Editor::with_model(model, Box::new(ScriptedDialogs::default()))`, then
//! `ctx.run_ui(input, |ui| editor.ui(ui))`; `zoom_to_fit` / `set_zoom` set the view.

mod actions;
mod canvas;
pub use crate::edit;
mod export;
pub mod files;
mod panels;
mod plan;
pub mod recovery;
mod toasts;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

use egui::{Key, KeyboardShortcut};

pub use actions::{Action, Tool};
pub use canvas::View;
pub use files::{
    DialogAnswer, DialogKind, FileDialogs, NativeDialogs, PaperSetting, ScriptedDialogs, Settings,
};

use crate::analysis::Analysis;
use crate::catalog::{Texts, catalog};
use crate::diagram::{self, ColorMode, Diagram, Options};
use crate::model::{Command, ElementId, History, Model};
use crate::persistence;
use crate::report::Paper;

use actions::Menu;
use edit::{Clip, DeleteCounts};

/// Opens the editor window, with `file` loaded when given (else the start page).
pub fn run(file: Option<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("zoneplan")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([720.0, 480.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "zoneplan",
        options,
        Box::new(move |cc| {
            let settings = cc
                .storage
                .and_then(|s| s.get_string(Settings::KEY))
                .map(|s| Settings::from_stored(&s))
                .unwrap_or_default();
            let mut settings = settings;
            // Workshop mode is for one session; a restart comes back to the normal layout.
            settings.workshop = false;
            cc.egui_ctx.set_zoom_factor(1.0);
            let mut editor = Editor::new(Box::new(NativeDialogs), settings);
            editor.install_fonts(&cc.egui_ctx);
            editor.set_recovery_dir(eframe::storage_dir("zoneplan"));
            if let Some(path) = file {
                editor.open_path(&path);
            } else {
                editor.offer_unsaved_recovery();
            }
            Ok(Box::new(EditorApp { editor }))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the editor window: {e}"))
}

/// The eframe wrapper: storage of settings, window close handling.
struct EditorApp {
    editor: Editor,
}

impl eframe::App for EditorApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.editor.ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        storage.set_string(Settings::KEY, self.editor.settings.to_stored());
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // A report still being written finishes, so no temporary file is left behind.
        self.editor.finish_export();
        // An autosave still being written finishes too (the recovery file stays consistent).
        self.editor.autosave.wait();
    }
}

/// The open document: the model, its history and where it lives.
#[derive(Debug, Default)]
pub struct Document {
    pub model: Model,
    pub history: History,
    pub path: Option<PathBuf>,
    /// When it was last saved in this session, for the status bar.
    pub saved_at: Option<String>,
    /// Changes whenever another document replaces this one (cache key).
    generation: u64,
}

/// The analysis and diagram of the current model state, rebuilt only when it changes.
#[derive(Default)]
struct Derived {
    key: Option<(u64, u64, Options)>,
    analysis: Analysis,
    diagram: Diagram,
    /// The headline counts (status bar, Findings tab).
    summary: crate::analysis::Summary,
    /// How often the cache was rebuilt (tests and benchmarks check it stays put).
    rebuilds: u64,
}

/// A rebuilt analysis and diagram, computed here or on a worker.
struct Built {
    key: (u64, u64, Options),
    analysis: Analysis,
    diagram: Diagram,
    summary: crate::analysis::Summary,
    took: std::time::Duration,
}

impl Built {
    fn compute(model: &Model, key: (u64, u64, Options)) -> Self {
        let started = std::time::Instant::now();
        let analysis = Analysis::run(model, catalog());
        let diagram = diagram::build(model, &analysis, &key.2);
        let summary = analysis.summary(model);
        Self {
            key,
            analysis,
            diagram,
            summary,
            took: started.elapsed(),
        }
    }
}

/// A rebuild longer than this (the last one measured) moves off the UI thread.
const SYNC_REBUILD: std::time::Duration = std::time::Duration::from_millis(12);

/// What to do once unsaved changes are dealt with.
#[derive(Clone, PartialEq, Debug)]
enum Proceed {
    New,
    Open,
    OpenPath(PathBuf),
    OpenSample(usize),
    StartPage,
    Quit,
}

/// What a running file dialog is for.
#[derive(Clone, PartialEq, Debug)]
enum PendingDialog {
    Open,
    SaveAs(Option<Proceed>),
    Texts,
    ExportPdf,
}

/// A modal dialog over the editor.
enum Modal {
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
}

/// Which tab the right-hand panel shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tab {
    Inspector,
    Deltas,
    Findings,
    /// The ranked fix plan, computed off the UI thread.
    FixPlan,
}

/// The whole editor state. Build it with [`Editor::new`] or [`Editor::with_model`] and call
/// [`Editor::ui`] once per frame.
pub struct Editor {
    pub doc: Document,
    /// Showing the start page instead of a document.
    pub start_page: bool,
    pub selection: BTreeSet<ElementId>,
    pub tool: Tool,
    pub view: View,
    pub settings: Settings,
    pub tab: Tab,
    /// Requirement texts the user loaded (never bundled).
    pub texts: Option<Texts>,
    /// The next message to show ("Saved …", "Pasted 3 elements"); each frame moves it into a
    /// toast and [`Editor::last_message`].
    pub status: String,
    /// The last message shown (tests read it).
    pub last_message: String,
    toasts: toasts::Toasts,
    /// Autosave and its recovery file.
    pub autosave: recovery::Autosave,
    /// zoneplan's own file dialog, while it is open.
    builtin_dialog: Option<(PendingDialog, files::BuiltinDialog)>,
    /// The native dialogs failed once this session: go straight to the built-in one.
    native_dialogs_failed: bool,
    /// A rebuild running on a worker.
    rebuild_job: Option<Receiver<Built>>,
    /// How long the last rebuild took.
    last_rebuild: std::time::Duration,
    sync_rebuild_budget: std::time::Duration,
    rebuild_worker_delay: std::time::Duration,
    derived: Derived,
    canvas: canvas::CanvasState,
    dialogs: Box<dyn FileDialogs>,
    pending_dialog: Option<(PendingDialog, DialogKind, Receiver<DialogAnswer>)>,
    modal: Option<Modal>,
    commands: Vec<(String, Command)>,
    actions: Vec<Action>,
    clipboard: Clip,
    pastes: u32,
    panels_hidden: bool,
    severity_filter: [bool; 3],
    last_title: String,
    fonts_installed: bool,
    allow_close: bool,
    generations: u64,
    /// The PDF export running on its worker thread.
    export: Option<export::ExportJob>,
    /// A finished export, shown once no other dialog is open.
    export_outcome: Option<export::Outcome>,
    /// The fix plan of the current state and the job computing it.
    plan: plan::PlanState,
}

impl Editor {
    /// An editor on the start page.
    pub fn new(dialogs: Box<dyn FileDialogs>, settings: Settings) -> Self {
        Self {
            doc: Document::default(),
            start_page: true,
            selection: BTreeSet::new(),
            tool: Tool::Select,
            view: View::default(),
            settings,
            tab: Tab::Inspector,
            texts: None,
            status: String::new(),
            last_message: String::new(),
            toasts: toasts::Toasts::default(),
            autosave: recovery::Autosave::default(),
            builtin_dialog: None,
            native_dialogs_failed: false,
            rebuild_job: None,
            last_rebuild: std::time::Duration::ZERO,
            sync_rebuild_budget: SYNC_REBUILD,
            rebuild_worker_delay: std::time::Duration::ZERO,
            derived: Derived::default(),
            canvas: canvas::CanvasState::default(),
            dialogs,
            pending_dialog: None,
            modal: None,
            commands: Vec::new(),
            actions: Vec::new(),
            clipboard: Clip::default(),
            pastes: 0,
            panels_hidden: false,
            severity_filter: [true; 3],
            last_title: String::new(),
            fonts_installed: false,
            allow_close: false,
            generations: 0,
            export: None,
            export_outcome: None,
            plan: plan::PlanState::default(),
        }
    }

    /// An editor showing `model` (not yet saved anywhere), view fitted on the first frame.
    pub fn with_model(model: Model, dialogs: Box<dyn FileDialogs>) -> Self {
        let mut e = Self::new(dialogs, Settings::default());
        e.replace_document(model, None);
        e
    }

    pub fn model(&self) -> &Model {
        &self.doc.model
    }

    /// The analysis of the current model (as of the last frame).
    pub fn analysis(&self) -> &Analysis {
        &self.derived.analysis
    }

    /// The diagram of the current model (as of the last frame).
    pub fn diagram(&self) -> &Diagram {
        &self.derived.diagram
    }

    /// How many times the analysis and diagram were rebuilt: once per model change, never
    /// for frames in which nothing changed.
    pub fn rebuilds(&self) -> u64 {
        self.derived.rebuilds
    }

    /// What the fix plan is computed for: the document and its history state.
    fn plan_key(&self) -> plan::PlanKey {
        (self.doc.generation, self.doc.history.state())
    }

    /// Whether the fix plan of the current model is still being computed (or not yet asked
    /// for: the Fix plan tab starts it).
    pub fn plan_pending(&self) -> bool {
        self.plan.current(self.plan_key()).is_none()
    }

    /// How many fix-plan jobs were started.
    pub fn plans_started(&self) -> u64 {
        self.plan.started
    }

    /// Fit the whole model into the canvas on the next frame.
    pub fn zoom_to_fit(&mut self) {
        self.view.request_fit();
    }

    /// Sets the zoom (1 = world units are points) about the canvas centre.
    pub fn set_zoom(&mut self, zoom: f32) {
        self.view.set_zoom_centered(zoom);
    }

    /// Registers the diagram's DejaVu fonts as egui's proportional family and a bold family,
    /// so canvas text measures as in the layout.
    pub fn install_fonts(&mut self, ctx: &egui::Context) {
        canvas::install_fonts(ctx);
        // Ctrl +/- zoom the canvas here, not the whole interface.
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        self.fonts_installed = true;
    }

    /// The diagram options from the view settings.
    fn options(&self) -> Options {
        Options {
            color_mode: ColorMode::from(self.settings.color_mode),
            high_contrast: self.settings.workshop,
        }
    }

    fn refresh(&mut self) {
        // A rebuild finished on its worker: show it (newer than what is shown, even if the
        // model moved on meanwhile; then the next one starts below).
        if let Some(rx) = &self.rebuild_job {
            match rx.try_recv() {
                Ok(built) => {
                    self.rebuild_job = None;
                    self.install(built);
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.rebuild_job = None,
            }
        }
        let options = self.options();
        let key = (self.doc.generation, self.doc.history.state(), options);
        if self.derived.key == Some(key) || self.rebuild_job.is_some() {
            return;
        }
        // An edit of a plant whose rebuild takes longer than a frame's budget is rebuilt on a
        // worker: the frame that applies the edit stays short, and the canvas shows the moved
        // elements where they were dropped until the new diagram arrives. A new document or
        // new view options are rebuilt here, at once.
        let same_document = self
            .derived
            .key
            .is_some_and(|(g, _, o)| g == key.0 && o == key.2);
        if same_document && self.last_rebuild > self.sync_rebuild_budget {
            let model = self.doc.model.clone();
            let ctx = self.canvas.ctx.clone();
            let (tx, rx) = std::sync::mpsc::channel();
            let delay = self.rebuild_worker_delay;
            rayon::spawn(move || {
                std::thread::sleep(delay);
                let built = Built::compute(&model, key);
                // The editor may be gone; then nobody listens.
                let _sent = tx.send(built);
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
                drop(model);
            });
            self.rebuild_job = Some(rx);
            return;
        }
        let built = Built::compute(&self.doc.model, key);
        self.install(built);
    }

    /// Shows a rebuilt analysis and diagram.
    fn install(&mut self, built: Built) {
        self.last_rebuild = built.took;
        if built.key.0 != self.doc.generation {
            // Made for a document that has been replaced since.
            return;
        }
        let rebuilds = self.derived.rebuilds + 1;
        let stale = std::mem::replace(
            &mut self.derived,
            Derived {
                key: Some(built.key),
                analysis: built.analysis,
                diagram: built.diagram,
                summary: built.summary,
                rebuilds,
            },
        );
        // Freeing the old analysis and diagram (tens of thousands of small values on a
        // large plant) is no work for the frame that shows the new ones.
        rayon::spawn(move || drop(stale));
        // Drop selected elements that no longer exist (after undo, delete, load).
        let model = &self.doc.model;
        self.selection
            .retain(|e| model.element_id(e.as_str()).is_some());
    }

    /// Whether the analysis and diagram shown are older than the model (a rebuild runs).
    pub fn rebuild_pending(&self) -> bool {
        let key = (
            self.doc.generation,
            self.doc.history.state(),
            self.options(),
        );
        self.derived.key != Some(key)
    }

    /// Rebuilds that take longer than this after an edit run on a worker (tests set it to
    /// zero to take that path on a small model).
    pub fn set_sync_rebuild_budget(&mut self, budget: std::time::Duration) {
        self.sync_rebuild_budget = budget;
    }

    /// Makes the rebuild worker wait this long before it starts (tests: to see the frames in
    /// between, which a small model's rebuild would otherwise outrun).
    pub fn set_rebuild_worker_delay(&mut self, delay: std::time::Duration) {
        self.rebuild_worker_delay = delay;
    }

    fn replace_document(&mut self, model: Model, path: Option<PathBuf>) {
        self.generations += 1;
        self.doc = Document {
            model,
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
                self.status = format!("Opened {}", path.display());
                if let Some(found) = found {
                    self.modal = Some(Modal::Recover(Box::new(found)));
                }
            }
            Err(e) => {
                let position = e
                    .position()
                    .map(|(l, c)| format!("\n\nat line {l}, column {c}"))
                    .unwrap_or_default();
                self.modal = Some(Modal::Error {
                    title: "Cannot open the model".to_owned(),
                    message: format!("{e}{position}"),
                });
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
                self.status = format!("Saved {}", path.display());
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

    /// Queues an edit; it is applied after this frame's UI pass as one undo step.
    pub fn push(&mut self, label: impl Into<String>, cmd: Command) {
        self.commands.push((label.into(), cmd));
    }

    /// Queues an action (menus, toolbar, shortcuts, tests).
    pub fn act(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// The per-frame function: the whole editor inside `ui`.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if !self.fonts_installed {
            self.install_fonts(&ctx);
        }
        self.poll_dialog(&ctx);
        self.poll_export();
        let key = self.plan_key();
        self.plan.poll(key);
        self.handle_close_request(&ctx);
        self.refresh();
        self.update_title(&ctx);
        if self.modal.is_none() {
            self.handle_shortcuts(&ctx);
            // A model file dropped on the window opens (asking about unsaved changes first).
            let dropped = ctx.input(|i| {
                i.raw.dropped_files.iter().find_map(|f| {
                    let p = f.path();
                    (!p.as_os_str().is_empty()).then(|| p.to_path_buf())
                })
            });
            if let Some(path) = dropped {
                self.guarded(Proceed::OpenPath(path));
            }
        }

        if self.start_page {
            panels::start_page(self, ui);
        } else {
            if !self.panels_hidden {
                egui::Panel::top("menu").show(ui, |ui| {
                    egui::MenuBar::new().ui(ui, |ui| self.menu_bar(ui));
                });
                egui::Panel::top("toolbar").show(ui, |ui| panels::toolbar(self, ui));
            }
            egui::Panel::bottom("status").show(ui, |ui| panels::status_bar(self, ui));
            if !self.panels_hidden && !self.settings.workshop {
                egui::Panel::left("palette")
                    .resizable(false)
                    .exact_size(172.0)
                    .show(ui, |ui| panels::palette(self, ui));
                egui::Panel::right("side")
                    .resizable(true)
                    .default_size(470.0)
                    .min_size(320.0)
                    .max_size(640.0)
                    .show(ui, |ui| panels::side_panel(self, ui));
            } else if !self.panels_hidden {
                // Workshop mode: no palette, and a narrow side panel, so the diagram keeps
                // most of the projector.
                let w = ui.available_width() * canvas::WORKSHOP_SIDE_SHARE;
                egui::Panel::right("side-workshop")
                    .resizable(false)
                    .exact_size(w)
                    .show(ui, |ui| panels::side_panel(self, ui));
            }
            egui::CentralPanel::default()
                .frame(egui::Frame::NONE)
                .show(ui, |ui| canvas::show(self, ui));
        }
        self.show_builtin_dialog(&ctx);
        self.show_modal(&ctx);
        self.apply_queues(&ctx);
        self.autosave_tick(&ctx);
        if !self.status.is_empty() {
            let m = std::mem::take(&mut self.status);
            self.toasts.info(m.clone());
            self.last_message = m;
        }
        self.toasts.show(&ctx, ctx.content_rect());
    }

    /// Whether a message is shown as a toast now (tests).
    pub fn toast_texts(&self) -> Vec<String> {
        self.toasts
            .current()
            .iter()
            .map(|t| t.text.clone())
            .collect()
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
    fn autosave_tick(&mut self, ctx: &egui::Context) {
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
        let Some(file) = self.autosave.file_for(self.doc.path.as_deref()) else {
            return;
        };
        let now = ctx.input(|i| i.time);
        if self.autosave.due(state, dirty, now) {
            self.autosave
                .start(self.doc.model.clone(), file, state, now);
        } else if dirty && !self.autosave.is_written(state) {
            // Come back when the interval is over, even if nothing else happens.
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                recovery::INTERVAL_SECONDS,
            ));
        } else if !dirty && self.autosave.has_written() {
            // Undone back to the saved state: the file holds it all.
            self.autosave.remove(Some(file));
        }
    }

    /// Writes the autosave now, whatever the interval, and waits for it (tests).
    pub fn autosave_now(&mut self) -> Option<PathBuf> {
        self.autosave.wait();
        let file = self.autosave.file_for(self.doc.path.as_deref())?;
        let state = (self.doc.generation, self.doc.history.state());
        self.autosave
            .start(self.doc.model.clone(), file.clone(), state, f64::MAX);
        self.autosave.wait();
        Some(file)
    }

    fn show_builtin_dialog(&mut self, ctx: &egui::Context) {
        let Some((_, dialog)) = &mut self.builtin_dialog else {
            return;
        };
        if let Some(answer) = dialog.show(ctx)
            && let Some((what, _)) = self.builtin_dialog.take()
        {
            self.dialog_answered(what, answer);
        }
    }

    /// The element whose name is being edited in place on the canvas, if any.
    pub fn renaming(&self) -> Option<&ElementId> {
        self.canvas.renaming()
    }

    /// Whether zoneplan's own file dialog is open.
    pub fn builtin_dialog_open(&self) -> bool {
        self.builtin_dialog.is_some()
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.title();
        if title != self.last_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
    }

    /// The window title: model name, file and a dirty mark.
    pub fn title(&self) -> String {
        if self.start_page {
            return "zoneplan".to_owned();
        }
        let name = if self.doc.model.project.name.is_empty() {
            "Untitled model"
        } else {
            &self.doc.model.project.name
        };
        let file = self.doc.path.as_ref().map_or_else(
            || "not saved".to_owned(),
            |p| {
                p.file_name().map_or_else(
                    || p.display().to_string(),
                    |f| f.to_string_lossy().into_owned(),
                )
            },
        );
        let dirty = if self.doc.history.is_dirty() {
            "● "
        } else {
            ""
        };
        format!("{dirty}{name} — {file} — zoneplan")
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && !self.allow_close
            && !self.start_page
            && self.doc.history.is_dirty()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.modal = Some(Modal::Unsaved(Proceed::Quit));
        }
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        // While typing, or while a menu or popup is open (Escape closes it), plain keys
        // belong to that widget; text-editing keys (Ctrl+Z, Ctrl+C, …) only to a text field.
        // So undo works whatever else has focus, an open combo box included.
        let text_focus = ctx.egui_wants_keyboard_input();
        let typing = text_focus || egui::Popup::is_any_open(ctx);
        let mut fired = Vec::new();
        ctx.input_mut(|i| {
            // The windowing layer turns Ctrl+X/C/V into these events instead of key presses.
            if !text_focus {
                for e in &i.events {
                    match e {
                        egui::Event::Cut => fired.push(Action::Cut),
                        egui::Event::Copy => fired.push(Action::Copy),
                        egui::Event::Paste(_) => fired.push(Action::Paste),
                        _ => {}
                    }
                }
            }
            for (shortcut, action) in Action::all_with_shortcuts() {
                if (typing && Action::is_plain_key(&shortcut))
                    || (text_focus && is_text_edit_key(&shortcut))
                {
                    continue;
                }
                if i.consume_shortcut(&shortcut) {
                    fired.push(action);
                }
            }
        });
        for a in fired {
            if self.start_page && !matches!(a, Action::New | Action::Open | Action::Quit) {
                continue;
            }
            self.actions.push(a);
        }
    }

    fn menu_bar(&mut self, ui: &mut egui::Ui) {
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
                                    for p in [Paper::A4, Paper::Letter] {
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

    /// Whether a toggle-like action is currently on.
    fn checked(&self, a: &Action) -> Option<bool> {
        match a {
            Action::ToggleGrid => Some(self.settings.grid),
            Action::ToggleSnap => Some(self.settings.snap),
            Action::ToggleWorkshop => Some(self.settings.workshop),
            Action::TogglePanels => Some(self.panels_hidden),
            Action::SetColorMode(m) => Some(ColorMode::from(self.settings.color_mode) == *m),
            Action::SetTool(t) => Some(self.tool == *t),
            Action::SetPaper(p) => Some(Paper::from(self.settings.paper) == *p),
            _ => None,
        }
    }

    /// Whether an action can run now.
    pub fn enabled(&self, a: &Action) -> bool {
        match a {
            Action::Undo => self.doc.history.can_undo(),
            Action::Redo => self.doc.history.can_redo(),
            Action::Cut
            | Action::Copy
            | Action::Duplicate
            | Action::Delete
            | Action::SelectNone => !self.selection.is_empty(),
            Action::ZoomSelection => !self.selection.is_empty(),
            Action::Rename => self.selection.len() == 1,
            Action::Paste => !self.clipboard.is_empty(),
            _ => true,
        }
    }

    /// Runs `p`, first asking about unsaved changes when there are any.
    fn guarded(&mut self, p: Proceed) {
        if !self.start_page && self.doc.history.is_dirty() {
            self.modal = Some(Modal::Unsaved(p));
        } else {
            self.proceed(p);
        }
    }

    fn proceed(&mut self, p: Proceed) {
        match p {
            Proceed::New => {
                self.replace_document(Model::default(), None);
                self.status = "New model".to_owned();
            }
            Proceed::Open => self.ask(PendingDialog::Open, DialogKind::OpenModel),
            Proceed::OpenPath(path) => self.open_path(&path),
            Proceed::OpenSample(i) => {
                if let Some(s) = crate::samples::SAMPLES.get(i) {
                    match crate::samples::load(s) {
                        Ok(m) => {
                            self.replace_document(m, None);
                            self.status = format!("Opened sample “{}”", s.title);
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

    fn ask(&mut self, what: PendingDialog, kind: DialogKind) {
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

    fn poll_dialog(&mut self, ctx: &egui::Context) {
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
                    self.status = format!("Loaded {} requirement texts", t.len());
                    self.texts = Some(t);
                }
                Err(e) => {
                    let position = e
                        .position()
                        .map(|(l, c)| format!("\n\nat line {l}, column {c}"))
                        .unwrap_or_default();
                    self.modal = Some(Modal::Error {
                        title: "Cannot load requirement texts".to_owned(),
                        message: format!("{e}{position}"),
                    });
                }
            },
            PendingDialog::ExportPdf => self.start_export(export::with_pdf_extension(path)),
        }
    }

    /// File → Export PDF…: asks where, then renders on a worker thread. One export at a time.
    fn export_pdf(&mut self) {
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
        self.status = format!(
            "Not started: the report to {} is still being written",
            job.path.display()
        );
        true
    }

    /// Picks up a finished export; its dialog waits until no other dialog is open.
    fn poll_export(&mut self) {
        if let Some(job) = self.export.as_mut()
            && let Some(outcome) = job.poll()
        {
            self.export = None;
            self.status = match &outcome {
                export::Outcome::Written { path, pages } => {
                    format!("Exported {} ({})", path.display(), pages_text(*pages))
                }
                export::Outcome::Failed { .. } => "The report could not be exported".to_owned(),
            };
            self.export_outcome = Some(outcome);
        }
        if self.modal.is_none()
            && let Some(outcome) = self.export_outcome.take()
        {
            self.modal = Some(match outcome {
                export::Outcome::Written { path, pages } => Modal::Exported { path, pages },
                export::Outcome::Failed { path, message } => Modal::Error {
                    title: "Cannot export the report".to_owned(),
                    message: format!("{message}\n\nNo report was written to {}.", path.display()),
                },
            });
        }
    }

    /// Where the running PDF export writes, if one runs.
    pub fn exporting(&self) -> Option<&Path> {
        self.export.as_ref().map(|j| j.path.as_path())
    }

    /// Waits for a running PDF export to finish (before the window closes).
    pub fn finish_export(&mut self) {
        if let Some(job) = self.export.take() {
            job.wait();
        }
    }

    /// Save to the current path, or ask for one; then continue with `then`.
    fn save(&mut self, then: Option<Proceed>) {
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

    fn save_as(&mut self, then: Option<Proceed>) {
        let name = self
            .doc
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| suggested_file_name(&self.doc.model));
        self.ask(PendingDialog::SaveAs(then), DialogKind::SaveModel(name));
    }

    /// Applies this frame's edits (computed against the model as drawn), then its actions.
    fn apply_queues(&mut self, ctx: &egui::Context) {
        let had_work = !self.actions.is_empty() || !self.commands.is_empty();
        for (label, cmd) in std::mem::take(&mut self.commands) {
            if let Err(e) = self.doc.history.apply(&mut self.doc.model, label, cmd) {
                self.modal = Some(Modal::Error {
                    title: "The edit could not be applied".to_owned(),
                    message: e.to_string(),
                });
            }
        }
        for a in std::mem::take(&mut self.actions) {
            self.run_action(a, ctx);
        }
        if had_work {
            ctx.request_repaint();
        }
    }

    fn run_action(&mut self, a: Action, ctx: &egui::Context) {
        if !self.enabled(&a) {
            return;
        }
        match a {
            Action::New => self.guarded(Proceed::New),
            Action::Open => self.guarded(Proceed::Open),
            Action::Save => self.save(None),
            Action::SaveAs => self.save_as(None),
            Action::ExportPdf => self.export_pdf(),
            Action::SetPaper(p) => self.settings.paper = p.into(),
            Action::LoadTexts => self.ask(PendingDialog::Texts, DialogKind::OpenTexts),
            Action::StartPage => self.guarded(Proceed::StartPage),
            Action::Quit => self.guarded(Proceed::Quit),
            Action::Undo => {
                if let Some(l) = self.doc.history.undo(&mut self.doc.model) {
                    self.status = format!("Undid {l}");
                }
            }
            Action::Redo => {
                if let Some(l) = self.doc.history.redo(&mut self.doc.model) {
                    self.status = format!("Redid {l}");
                }
            }
            Action::Copy => {
                self.clipboard = edit::copy(&self.doc.model, &self.selection);
                self.pastes = 0;
                self.status = format!("Copied {}", edit::describe(&self.selection));
            }
            Action::Cut => {
                self.clipboard = edit::copy(&self.doc.model, &self.selection);
                self.pastes = 0;
                let (cmd, _) = edit::delete(&self.doc.model, &self.selection);
                let label = format!("Cut {}", edit::describe(&self.selection));
                self.apply_now(label, cmd);
            }
            Action::Paste => {
                self.pastes += 1;
                let off = 30.0 * self.pastes as f32;
                let (cmd, added) = edit::paste(&self.doc.model, &self.clipboard, off, off);
                let label = format!("Paste {}", edit::describe(&added));
                if self.apply_now(label, cmd) {
                    self.selection = added;
                }
            }
            Action::Duplicate => {
                let clip = edit::copy(&self.doc.model, &self.selection);
                let (cmd, added) = edit::paste(&self.doc.model, &clip, 30.0, 30.0);
                let label = format!("Duplicate {}", edit::describe(&added));
                if self.apply_now(label, cmd) {
                    self.selection = added;
                }
            }
            Action::Delete => self.delete_selection(),
            Action::SelectAll => {
                let m = &self.doc.model;
                self.selection = m
                    .zones
                    .keys()
                    .map(|k| ElementId::Zone(k.clone()))
                    .chain(m.assets.keys().map(|k| ElementId::Asset(k.clone())))
                    .chain(m.conduits.keys().map(|k| ElementId::Conduit(k.clone())))
                    .collect();
            }
            Action::Rename => {
                if let Some(el) = self.selection.iter().next().cloned() {
                    self.canvas.start_rename(&self.doc.model, el);
                }
            }
            Action::SelectNone => {
                self.selection.clear();
                self.tool = Tool::Select;
                self.canvas.cancel_gesture();
            }
            Action::ZoomIn => self.view.zoom_by(1.25),
            Action::ZoomOut => self.view.zoom_by(0.8),
            Action::ZoomFit => self.view.request_fit(),
            Action::ZoomSelection => {
                let r = self
                    .selection
                    .iter()
                    .filter_map(|e| edit::element_rect(&self.doc.model, e))
                    .reduce(|a, b| a.union(&b));
                if let Some(r) = r {
                    self.view.request_frame(r);
                }
            }
            Action::ToggleGrid => self.settings.grid = !self.settings.grid,
            Action::ToggleSnap => self.settings.snap = !self.settings.snap,
            Action::SetColorMode(m) => self.settings.color_mode = m.into(),
            Action::ToggleWorkshop => {
                self.settings.workshop = !self.settings.workshop;
                self.panels_hidden = self.settings.workshop;
                ctx.set_zoom_factor(if self.settings.workshop {
                    canvas::WORKSHOP_SCALE
                } else {
                    1.0
                });
                ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(self.settings.workshop));
                self.view.request_fit();
            }
            Action::TogglePanels => self.panels_hidden = !self.panels_hidden,
            Action::SetTool(t) => self.tool = t,
            Action::Nudge(dx, dy) => {
                // Plain arrows move by 1 (one grid step when snapping), Shift+arrows by 10
                // (five grid steps).
                let (dx, dy) = if self.settings.snap {
                    let scale = |d: f32| {
                        if d == 0.0 {
                            0.0
                        } else {
                            d.signum() * if d.abs() >= 10.0 { 5.0 } else { 1.0 }
                        }
                    };
                    (scale(dx) * canvas::GRID, scale(dy) * canvas::GRID)
                } else {
                    (dx, dy)
                };
                let cmd = edit::move_selection(
                    &self.doc.model,
                    &self.selection,
                    dx,
                    dy,
                    canvas::conduit_under(&self.derived.diagram),
                );
                let label = format!("Nudge {}", edit::describe(&self.selection));
                self.apply_now(label, cmd);
            }
            Action::ShowShortcuts => self.modal = Some(Modal::Shortcuts),
            Action::About => self.modal = Some(Modal::About),
        }
    }

    /// Applies an edit at once (actions run after the UI pass already).
    fn apply_now(&mut self, label: String, cmd: Command) -> bool {
        if cmd.is_noop() {
            return false;
        }
        match self.doc.history.apply(&mut self.doc.model, label, cmd) {
            Ok(()) => true,
            Err(e) => {
                self.modal = Some(Modal::Error {
                    title: "The edit could not be applied".to_owned(),
                    message: e.to_string(),
                });
                false
            }
        }
    }

    /// Deletes the selection; with zones in it, first says what goes with them.
    fn delete_selection(&mut self) {
        let (cmd, counts) = edit::delete(&self.doc.model, &self.selection);
        let label = format!("Delete {}", edit::describe(&self.selection));
        if counts.zones > 0 && (counts.subzones + counts.assets + counts.conduits) > 0 {
            self.modal = Some(Modal::ConfirmDelete {
                counts,
                cmd: Box::new(cmd),
                label,
            });
        } else {
            self.apply_now(label, cmd);
        }
    }

    fn show_modal(&mut self, ctx: &egui::Context) {
        let Some(modal) = self.modal.take() else {
            return;
        };
        let mut keep = true;
        let mut next: Option<Proceed> = None;
        let mut save_then: Option<Proceed> = None;
        let mut apply: Option<(String, Command)> = None;
        let mut discard = false;
        let mut restore: Option<Box<recovery::Found>> = None;
        let modal = match modal {
            Modal::Unsaved(p) => {
                let shown = egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
                    ui.set_width(380.0);
                    ui.heading("Unsaved changes");
                    ui.label(format!(
                        "“{}” has changes that are not saved. Save them first?",
                        if self.doc.model.project.name.is_empty() {
                            "Untitled model"
                        } else {
                            &self.doc.model.project.name
                        }
                    ));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            save_then = Some(p.clone());
                            keep = false;
                        }
                        if ui.button("Discard").clicked() {
                            next = Some(p.clone());
                            discard = true;
                            keep = false;
                        }
                        if ui.button("Cancel").clicked() {
                            keep = false;
                        }
                    });
                });
                if shown.should_close() {
                    keep = false;
                }
                Modal::Unsaved(p)
            }
            Modal::ConfirmDelete { counts, cmd, label } => {
                let shown = egui::Modal::new(egui::Id::unique("confirm-delete")).show(ctx, |ui| {
                    ui.set_width(400.0);
                    ui.heading("Delete zone with its contents?");
                    ui.label(delete_message(&counts));
                    ui.label("Undo restores all of it, conduits included.");
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Delete all").clicked() {
                            apply = Some((label.clone(), (*cmd).clone()));
                            keep = false;
                        }
                        if ui.button("Cancel").clicked() {
                            keep = false;
                        }
                    });
                });
                if shown.should_close() {
                    keep = false;
                }
                Modal::ConfirmDelete { counts, cmd, label }
            }
            Modal::Error { title, message } => {
                let shown = egui::Modal::new(egui::Id::unique("error")).show(ctx, |ui| {
                    ui.set_max_width(560.0);
                    ui.heading(&title);
                    egui::ScrollArea::vertical()
                        .max_height(300.0)
                        .show(ui, |ui| {
                            ui.label(egui::RichText::new(&message).monospace());
                        });
                    ui.label("The current model is unchanged.");
                    if ui.button("OK").clicked() {
                        keep = false;
                    }
                });
                if shown.should_close() {
                    keep = false;
                }
                Modal::Error { title, message }
            }
            Modal::Accept {
                finding,
                mut justification,
                mut by,
            } => {
                let shown = egui::Modal::new(egui::Id::unique("accept")).show(ctx, |ui| {
                    ui.set_width(440.0);
                    ui.heading("Accept finding");
                    ui.label(egui::RichText::new(&finding).monospace());
                    let l = ui.label("Justification");
                    ui.add(
                        egui::TextEdit::multiline(&mut justification)
                            .desired_rows(3)
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(l.id);
                    ui.horizontal(|ui| {
                        let l = ui.label("Accepted by");
                        ui.text_edit_singleline(&mut by).labelled_by(l.id);
                    });
                    ui.horizontal(|ui| {
                        let ok = !justification.trim().is_empty();
                        if ui
                            .add_enabled(ok, egui::Button::new("Accept with justification"))
                            .clicked()
                        {
                            apply = Some((
                                format!("Accept {finding}"),
                                Command::SetAcceptance {
                                    finding: finding.clone(),
                                    acceptance: Some(crate::model::Acceptance {
                                        finding: finding.clone(),
                                        justification: justification.trim().to_owned(),
                                        by: by.trim().to_owned(),
                                        date: files::today_iso(),
                                    }),
                                },
                            ));
                            keep = false;
                        }
                        if ui.button("Cancel").clicked() {
                            keep = false;
                        }
                    });
                });
                if shown.should_close() {
                    keep = false;
                }
                Modal::Accept {
                    finding,
                    justification,
                    by,
                }
            }
            Modal::Exported { path, pages } => {
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
                            ctx.open_url(egui::OpenUrl::new_tab(export::file_url(&path)));
                            keep = false;
                        }
                        if ui.button("Close").clicked() {
                            keep = false;
                        }
                    });
                });
                if shown.should_close() {
                    keep = false;
                }
                Modal::Exported { path, pages }
            }
            Modal::Shortcuts => {
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
                        keep = false;
                    }
                });
                if shown.should_close() {
                    keep = false;
                }
                Modal::Shortcuts
            }
            Modal::Recover(found) => {
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
                            restore = Some(found.clone());
                            keep = false;
                        }
                        if ui.button("Discard changes").clicked() {
                            let _gone = std::fs::remove_file(&found.file);
                            keep = false;
                        }
                    });
                });
                if shown.should_close() {
                    // Escape decides nothing: the file stays for the next time.
                    keep = false;
                }
                Modal::Recover(found)
            }
            Modal::About => {
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
                        keep = false;
                    }
                });
                if shown.should_close() {
                    keep = false;
                }
                Modal::About
            }
        };
        if keep && self.modal.is_none() {
            self.modal = Some(modal);
        }
        if let Some((label, cmd)) = apply {
            self.push(label, cmd);
        }
        if let Some(p) = save_then {
            self.save(Some(p));
        }
        if discard {
            let file = self.autosave.file_for(self.doc.path.as_deref());
            self.autosave.remove(file);
        }
        if let Some(found) = restore {
            let found = *found;
            self.replace_document(found.model, found.model_path);
            // Restored, not saved: the recovery file stays until the user saves.
            self.doc.history.mark_unsaved();
            self.status = format!("Restored changes from {}", found.age);
        }
        if let Some(p) = next {
            self.proceed(p);
        }
    }

    /// Opens the accept dialog for a finding.
    fn start_accept(&mut self, finding: String) {
        self.modal = Some(Modal::Accept {
            finding,
            justification: String::new(),
            by: self.doc.model.project.author.clone(),
        });
    }

    /// Selects the elements and frames them on the canvas.
    fn select_and_frame(&mut self, elements: &[ElementId]) {
        self.selection = elements.iter().cloned().collect();
        let r = elements
            .iter()
            .filter_map(|e| edit::element_rect(&self.doc.model, e))
            .reduce(|a, b| a.union(&b));
        if let Some(r) = r {
            self.view.request_frame(r);
        }
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

/// "1 page", "12 pages".
fn pages_text(n: usize) -> String {
    format!("{n} {}", if n == 1 { "page" } else { "pages" })
}

fn is_text_edit_key(s: &KeyboardShortcut) -> bool {
    matches!(
        s.logical_key,
        Key::Z | Key::Y | Key::X | Key::C | Key::V | Key::A | Key::Backspace | Key::Delete
    )
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
