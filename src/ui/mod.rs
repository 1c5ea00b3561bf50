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
//!
//! Where things are: `app` (the eframe window), `editor` (the `Editor` state, the frame, the
//! derived cache), `document` (open, save, recovery, dialogs, export: the file side),
//! `dispatch` (shortcuts and running actions), `modals` (the dialogs), `menu` (the menu bar),
//! `panels/` (everything around the canvas), `canvas/` (the diagram and its gestures), and
//! `actions`, `files`, `export`, `plan`, `recovery`, `toasts`. This file only declares them.

mod actions;
mod app;
mod canvas;
mod dispatch;
mod document;
pub use crate::edit;
mod editor;
mod export;
pub mod files;
mod interop;
mod menu;
mod modals;
mod panels;
mod plan;
pub mod recovery;
mod toasts;
mod workflow;

pub use actions::{Action, Tool};
pub use app::run;
pub use canvas::View;
pub use document::Document;
pub use editor::{Editor, Tab};
pub use files::{
    DialogAnswer, DialogKind, FileDialogs, NativeDialogs, PaperSetting, ScriptedDialogs, Settings,
};
