//! The [`Editor`]: the whole app state, its constructors, the per-frame [`Editor::ui`] (poll the
//! workers, refresh the cache, lay out panels and canvas, show dialogs, apply the queues), and
//! the derived cache of analysis and diagram, rebuilt only when the history state, the document
//! or the view options change (on a worker when a rebuild is slow). The file side is in
//! `document`, running actions in `dispatch`, dialogs in `modals`, the menu bar in `menu`.

use std::collections::BTreeSet;
use std::sync::mpsc::Receiver;

use super::actions::{Action, Tool};
use super::canvas::{self, View};
use super::document::{Document, PendingDialog, Proceed};
use super::edit::{self, Clip};
use super::files::{self, DialogAnswer, DialogKind, FileDialogs, Settings};
use super::modals::Modal;
use super::{export, panels, plan, recovery, toasts};
use crate::analysis::Analysis;
use crate::catalog::{Texts, catalog};
use crate::diagram::{self, ColorMode, Diagram, Options};
use crate::model::{Command, ElementId, Model, Moved};

/// The analysis and diagram of the current model state, rebuilt only when it changes.
#[derive(Default)]
pub(super) struct Derived {
    pub(super) key: Option<(u64, u64, Options)>,
    pub(super) analysis: Analysis,
    pub(super) diagram: Diagram,
    /// How the diagram was built, to patch it after a move.
    index: diagram::Index,
    /// The headline counts (status bar, Findings tab).
    pub(super) summary: crate::analysis::Summary,
    /// How often the cache was brought up to date (tests and benchmarks check it stays put).
    pub(super) rebuilds: u64,
    /// How many of those patched the diagram instead of building it again: after a move (no
    /// analysis) or after in-place edits (analysed again).
    patches: u64,
    /// The latest patches since the last rebuild: the rebuild count each made, and what it
    /// changed (the canvas updates its title layout from these).
    pub(super) patched: std::collections::VecDeque<(u64, diagram::Patched)>,
}

impl Derived {
    /// The diagram was patched up to `key`: counts it and keeps what it changed.
    fn record_patch(&mut self, key: (u64, u64, Options), patched: diagram::Patched) {
        self.key = Some(key);
        self.rebuilds += 1;
        self.patches += 1;
        if self.patched.len() == PATCHES_KEPT {
            self.patched.pop_front();
        }
        self.patched.push_back((self.rebuilds, patched));
    }
}

/// Patches kept in [`Derived::patched`]; a canvas further behind lays out all titles again.
const PATCHES_KEPT: usize = 8;

/// A rebuilt analysis and diagram, computed here or on a worker.
pub(super) struct Built {
    key: (u64, u64, Options),
    analysis: Analysis,
    drawn: Drawn,
    summary: crate::analysis::Summary,
    took: std::time::Duration,
}

/// The deltas and findings of the analysis shown, shared with a rebuild job.
type Previous = (
    std::sync::Arc<crate::analysis::Deltas>,
    std::sync::Arc<Vec<crate::analysis::Finding>>,
);

/// The diagram of a [`Built`]: drawn afresh, or to be patched from the one shown.
enum Drawn {
    Afresh(Box<(Diagram, diagram::Index)>),
    /// After edits that changed elements in place (`edited`, see `Moved::record_edit`):
    /// the editor patches the diagram it shows, with `model`, the state analysed.
    Patch {
        model: std::sync::Arc<Model>,
        edited: Moved,
    },
}

impl Built {
    fn compute(model: &Model, key: (u64, u64, Options)) -> Self {
        let started = std::time::Instant::now();
        let analysis = Analysis::run(model, catalog());
        Self::draw(model, key, analysis, started)
    }

    /// Draws the diagram of an analysis made since `started`.
    fn draw(
        model: &Model,
        key: (u64, u64, Options),
        analysis: Analysis,
        started: std::time::Instant,
    ) -> Self {
        let (diagram, index) = diagram::build_indexed(model, &analysis, &key.2);
        let summary = analysis.summary(model);
        Self {
            key,
            analysis,
            drawn: Drawn::Afresh(Box::new((diagram, index))),
            summary,
            took: started.elapsed(),
        }
    }

    /// Analyses `model` after the in-place edits `edited` since the analysis with `previous`
    /// deltas and findings (see [`Analysis::update`]); the editor patches the diagram.
    fn analyse(
        model: std::sync::Arc<Model>,
        key: (u64, u64, Options),
        previous: &Previous,
        edited: Moved,
    ) -> Self {
        let started = std::time::Instant::now();
        let analysis = Analysis::update(&previous.0, &previous.1, &model, catalog(), &edited);
        let summary = analysis.summary(&model);
        Self {
            key,
            analysis,
            drawn: Drawn::Patch { model, edited },
            summary,
            took: started.elapsed(),
        }
    }
}

/// A rebuild longer than this (the last one measured) moves off the UI thread.
const SYNC_REBUILD: std::time::Duration = std::time::Duration::from_millis(12);

/// Which tab the right-hand panel shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tab {
    Inspector,
    /// Threat scenarios and the SL-T derivation of the selected zone or conduit.
    Risk,
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
    /// The last message shown (tests read it).
    pub last_message: String,
    pub(super) toasts: toasts::Toasts,
    /// Autosave and its recovery file.
    pub autosave: recovery::Autosave,
    /// zoneplan's own file dialog, while it is open.
    pub(super) builtin_dialog: Option<(PendingDialog, files::BuiltinDialog)>,
    /// The native dialogs failed once this session: go straight to the built-in one.
    pub(super) native_dialogs_failed: bool,
    /// A rebuild running on a worker.
    pub(super) rebuild_job: Option<Receiver<Built>>,
    /// How long the last rebuild took.
    last_rebuild: std::time::Duration,
    sync_rebuild_budget: std::time::Duration,
    rebuild_worker_delay: std::time::Duration,
    pub(super) derived: Derived,
    pub(super) canvas: canvas::CanvasState,
    pub(super) dialogs: Box<dyn FileDialogs>,
    pub(super) pending_dialog: Option<(PendingDialog, DialogKind, Receiver<DialogAnswer>)>,
    pub(super) modal: Option<Modal>,
    pub(super) commands: Vec<(String, Command)>,
    pub(super) actions: Vec<Action>,
    pub(super) clipboard: Clip,
    pub(super) pastes: u32,
    pub(super) panels_hidden: bool,
    pub(super) severity_filter: [bool; 3],
    /// The reasons of the element the Deltas tab details.
    pub(super) reasons: super::panels::ReasonsCache,
    last_title: String,
    fonts_installed: bool,
    pub(super) allow_close: bool,
    pub(super) generations: u64,
    /// The PDF export running on its worker thread.
    pub(super) export: Option<export::ExportJob>,
    /// A finished export, shown once no other dialog is open.
    pub(super) export_outcome: Option<export::Outcome>,
    /// The fix plan of the current state and the job computing it.
    pub(super) plan: plan::PlanState,
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
            reasons: Default::default(),
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

    /// How many of [`Editor::rebuilds`] patched the diagram instead of building it again:
    /// after a move (with no analysis) or after edits that changed elements in place (with
    /// the model analysed again).
    pub fn patches(&self) -> u64 {
        self.derived.patches
    }

    /// What the fix plan is computed for: the document and its history state.
    pub(super) fn plan_key(&self) -> plan::PlanKey {
        (self.doc.generation, self.doc.history.state())
    }

    /// The deltas shown, when they are the current model's (no rebuild pending).
    pub(super) fn deltas_of_current_state(
        &self,
    ) -> Option<std::sync::Arc<crate::analysis::Deltas>> {
        (!self.rebuild_pending()).then(|| std::sync::Arc::clone(&self.derived.analysis.deltas))
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
        // Elements only moved since the cache was made: the analysis still holds (it reads no
        // geometry) and the diagram is patched where they moved, at any plant size.
        if same_document
            && let Some((_, state, _)) = self.derived.key
            && let Some(moved) = self.doc.history.moved_since(state)
        {
            let d = &mut self.derived;
            if let Some(patched) =
                d.index
                    .patch(&mut d.diagram, &self.doc.model, &d.analysis, &key.2, moved)
            {
                d.record_patch(key, patched);
                self.doc.history.restart_changes();
                return;
            }
        }
        // Elements changed only in place (a name, a level, a kind, a channel; no element
        // added, removed or moved to another zone): the model is analysed again, and the
        // diagram is patched where the edits or the new analysis change it.
        let edited = if same_document && let Some((_, state, _)) = self.derived.key {
            self.doc.history.edited_since(state).cloned()
        } else {
            None
        };
        // What changes from here on is measured from the state rebuilt now.
        self.doc.history.restart_changes();
        // The model is shared with the job, not copied: an edit while a worker runs copies
        // it then. After in-place edits the job only analyses; `install` patches.
        let model = std::sync::Arc::clone(&self.doc.model);
        // The deltas and findings shown, for the job to keep those the edits do not reach.
        let shown = &self.derived.analysis;
        let previous = (
            std::sync::Arc::clone(&shown.deltas),
            std::sync::Arc::clone(&shown.findings),
        );
        let job = move || match edited {
            Some(edited) => Built::analyse(model, key, &previous, edited),
            None => Built::compute(&model, key),
        };
        if same_document && self.last_rebuild > self.sync_rebuild_budget {
            self.spawn_rebuild(job);
            return;
        }
        let built = job();
        self.install(built);
    }

    /// Runs `job` (a rebuild) on a worker; [`Editor::refresh`] installs what it sends.
    fn spawn_rebuild(&mut self, job: impl FnOnce() -> Built + Send + 'static) {
        let ctx = self.canvas.ctx.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let delay = self.rebuild_worker_delay;
        rayon::spawn(move || {
            std::thread::sleep(delay);
            // The editor may be gone; then nobody listens.
            let _sent = tx.send(job());
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
        self.rebuild_job = Some(rx);
    }

    /// Shows a new analysis whose changes were patched into the diagram shown.
    fn install_patched(
        &mut self,
        key: (u64, u64, Options),
        analysis: Analysis,
        summary: crate::analysis::Summary,
        patched: diagram::Patched,
    ) {
        let d = &mut self.derived;
        let stale = std::mem::replace(&mut d.analysis, analysis);
        rayon::spawn(move || drop(stale));
        d.summary = summary;
        d.record_patch(key, patched);
        let model = &self.doc.model;
        self.selection
            .retain(|e| model.element_id(e.as_str()).is_some());
    }

    /// Shows a rebuilt analysis and diagram.
    fn install(&mut self, built: Built) {
        self.last_rebuild = built.took;
        if built.key.0 != self.doc.generation {
            // Made for a document that has been replaced since.
            return;
        }
        let (diagram, index) = match built.drawn {
            Drawn::Afresh(drawn) => *drawn,
            Drawn::Patch { model, edited } => {
                // The diagram shown is still the one the edits were measured from (no other
                // rebuild runs meanwhile); patch it with the state analysed.
                let started = std::time::Instant::now();
                let d = &mut self.derived;
                let patched = d.index.patch_edits(
                    &mut d.diagram,
                    &model,
                    &d.analysis,
                    &built.analysis,
                    &built.key.2,
                    &edited,
                );
                if let Some(patched) = patched {
                    self.install_patched(built.key, built.analysis, built.summary, patched);
                    self.last_rebuild = built.took + started.elapsed();
                    rayon::spawn(move || drop(model));
                } else {
                    // One the index cannot follow (a conduit gained or lost its label):
                    // draw it afresh, off the frame too.
                    let (key, analysis, took) = (built.key, built.analysis, built.took);
                    self.spawn_rebuild(move || {
                        let mut drawn =
                            Built::draw(&model, key, analysis, std::time::Instant::now());
                        // The analysis was part of this rebuild too.
                        drawn.took += took;
                        drawn
                    });
                }
                return;
            }
        };
        let rebuilds = self.derived.rebuilds + 1;
        let patches = self.derived.patches;
        let stale = std::mem::replace(
            &mut self.derived,
            Derived {
                key: Some(built.key),
                analysis: built.analysis,
                diagram,
                index,
                summary: built.summary,
                rebuilds,
                patches,
                patched: std::collections::VecDeque::new(),
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

    /// Queues an edit; it is applied after this frame's UI pass as one undo step.
    pub fn push(&mut self, label: impl Into<String>, cmd: Command) {
        self.commands.push((label.into(), cmd));
    }

    /// Queues an action (menus, toolbar, shortcuts, tests).
    /// Runs a bar or the start page with the narrow view of the editor it may see
    /// ([`panels::Chrome`]), then carries out what it asked for.
    fn with_chrome(&mut self, f: impl FnOnce(&mut panels::Chrome<'_>)) {
        let enabled = |a: &Action| self.enabled(a);
        let mut cx = panels::Chrome {
            model: &self.doc.model,
            summary: &self.derived.summary,
            history: &self.doc.history,
            tool: &self.tool,
            settings: &self.settings,
            zoom: self.view.zoom,
            panels_hidden: self.panels_hidden,
            selection: &self.selection,
            rebuild_pending: self.rebuild_pending(),
            exporting: self
                .exporting()
                .map(|p| (p, self.exporting_kind().map_or("report", |k| k.label()))),
            file: self
                .doc
                .path
                .as_deref()
                .map(|p| (p, self.doc.saved_at.as_deref())),
            enabled: &enabled,
            asked: Vec::new(),
        };
        f(&mut cx);
        for ask in cx.asked {
            match ask {
                panels::Ask::Act(a) => self.act(a),
                panels::Ask::Open(p) => self.guarded(p),
            }
        }
    }

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
            self.with_chrome(|cx| panels::start_page(cx, ui));
        } else {
            if !self.panels_hidden {
                egui::Panel::top("menu").show(ui, |ui| {
                    egui::MenuBar::new().ui(ui, |ui| self.menu_bar(ui));
                });
                egui::Panel::top("toolbar")
                    .show(ui, |ui| self.with_chrome(|cx| panels::toolbar(cx, ui)));
            }
            egui::Panel::bottom("status")
                .show(ui, |ui| self.with_chrome(|cx| panels::status_bar(cx, ui)));
            if !self.panels_hidden && !self.settings.workshop {
                egui::Panel::left("palette")
                    .resizable(false)
                    .exact_size(172.0)
                    .show(ui, |ui| self.with_chrome(|cx| panels::palette(cx, ui)));
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
                    .resizable(true)
                    .default_size(w)
                    .min_size(w)
                    .max_size(w * 1.6)
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
        self.toasts.show(&ctx, ctx.content_rect());
    }

    /// Shows a message ("Saved …", "Pasted 3 elements") as a toast; every message of a frame
    /// is shown, none replaces another.
    pub fn say(&mut self, message: impl Into<String>) {
        let m = message.into();
        self.toasts.info(m.clone());
        self.last_message = m;
    }

    /// Whether a message is shown as a toast now (tests).
    pub fn toast_texts(&self) -> Vec<String> {
        self.toasts
            .current()
            .iter()
            .map(|t| t.text.clone())
            .collect()
    }

    /// The element whose name is being edited in place on the canvas, if any.
    pub fn renaming(&self) -> Option<&ElementId> {
        self.canvas.renaming()
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

    /// Selects the elements and frames them on the canvas.
    pub(super) fn select_and_frame(&mut self, elements: &[ElementId]) {
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
