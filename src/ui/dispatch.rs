//! Running [`Action`]s: the keyboard shortcuts that fire them, whether one is enabled or
//! checked now, and, after the UI pass, the command queue (each command one undo step) and the
//! action queue, each action run by `run_action` (file actions hand over to `document`).

use egui::{Key, KeyboardShortcut};

use super::actions::{Action, Tool};
use super::canvas;
use super::document::{PendingDialog, Proceed};
use super::edit;
use super::editor::Editor;
use super::files::DialogKind;
use super::modals::Modal;
use crate::diagram::ColorMode;
use crate::model::{Command, ElementId};
use crate::report::Paper;

impl Editor {
    pub(super) fn handle_shortcuts(&mut self, ctx: &egui::Context) {
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

    /// Whether a toggle-like action is currently on.
    pub(super) fn checked(&self, a: &Action) -> Option<bool> {
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
            Action::TidyLayout => {
                !self.doc.model.zones.is_empty() || !self.doc.model.assets.is_empty()
            }
            _ => true,
        }
    }

    /// Applies this frame's edits (computed against the model as drawn), then its actions.
    pub(super) fn apply_queues(&mut self, ctx: &egui::Context) {
        let had_work = !self.actions.is_empty() || !self.commands.is_empty();
        for (label, cmd) in std::mem::take(&mut self.commands) {
            self.apply_now(label, cmd);
        }
        for a in std::mem::take(&mut self.actions) {
            self.run_action(a, ctx);
        }
        if had_work {
            ctx.request_repaint();
        }
    }

    /// Runs one action, if it is enabled now. File actions go to `document`; the edits are
    /// applied at once (one undo step each), view changes take effect on the next frame.
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
            Action::ImportInventory => self.ask_inventory(),
            Action::Export(f) => self.ask_export(f),
            Action::TidyLayout => self.tidy_layout(),
            Action::SetPaper(p) => self.settings.paper = p.into(),
            Action::LoadTexts => self.ask(PendingDialog::Texts, DialogKind::OpenTexts),
            Action::StartPage => self.guarded(Proceed::StartPage),
            Action::Quit => self.guarded(Proceed::Quit),
            Action::Undo => {
                if let Some(l) = self
                    .doc
                    .history
                    .undo(std::sync::Arc::make_mut(&mut self.doc.model))
                {
                    self.say(format!("Undid {l}"));
                }
            }
            Action::Redo => {
                if let Some(l) = self
                    .doc
                    .history
                    .redo(std::sync::Arc::make_mut(&mut self.doc.model))
                {
                    self.say(format!("Redid {l}"));
                }
            }
            Action::Copy => self.copy_selection(),
            Action::Cut => self.cut_selection(),
            Action::Paste => self.paste(),
            Action::Duplicate => self.duplicate_selection(),
            Action::Delete => self.delete_selection(),
            Action::SelectAll => self.select_all(),
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
            Action::ZoomSelection => self.zoom_selection(),
            Action::ToggleGrid => self.settings.grid = !self.settings.grid,
            Action::ToggleSnap => self.settings.snap = !self.settings.snap,
            Action::SetColorMode(m) => self.settings.color_mode = m.into(),
            Action::ToggleWorkshop => self.toggle_workshop(ctx),
            Action::TogglePanels => self.panels_hidden = !self.panels_hidden,
            Action::SetTool(t) => self.tool = t,
            Action::Nudge(dx, dy) => self.nudge(dx, dy),
            Action::RiskMatrix => {
                self.modal = Some(Modal::RiskMatrix(Box::new(
                    self.doc.model.project.risk_matrix.clone(),
                )));
            }
            Action::Approval => {
                self.modal = Some(Modal::Approval(Box::new(
                    super::workflow::ApprovalForm::new(&self.doc.model.project),
                )));
            }
            Action::ShowRisk => {
                self.tab = super::Tab::Risk;
                self.panels_hidden = false;
            }
            Action::ShowShortcuts => self.modal = Some(Modal::Shortcuts),
            Action::About => self.modal = Some(Modal::About),
        }
    }

    fn copy_selection(&mut self) {
        self.clipboard = edit::copy(&self.doc.model, &self.selection);
        self.pastes = 0;
        self.say(format!("Copied {}", edit::describe(&self.selection)));
    }

    fn cut_selection(&mut self) {
        self.clipboard = edit::copy(&self.doc.model, &self.selection);
        self.pastes = 0;
        let (cmd, _) = edit::delete(&self.doc.model, &self.selection);
        let label = format!("Cut {}", edit::describe(&self.selection));
        self.apply_now(label, cmd);
    }

    /// Pastes the clipboard, each paste since the last copy a step further down and right.
    fn paste(&mut self) {
        self.pastes += 1;
        let off = 30.0 * self.pastes as f32;
        let (cmd, added) = edit::paste(&self.doc.model, &self.clipboard, off, off);
        let label = format!("Paste {}", edit::describe(&added));
        if self.apply_now(label, cmd) {
            self.selection = added;
        }
    }

    fn duplicate_selection(&mut self) {
        let clip = edit::copy(&self.doc.model, &self.selection);
        let (cmd, added) = edit::paste(&self.doc.model, &clip, 30.0, 30.0);
        let label = format!("Duplicate {}", edit::describe(&added));
        if self.apply_now(label, cmd) {
            self.selection = added;
        }
    }

    fn select_all(&mut self) {
        let m = &self.doc.model;
        self.selection = m
            .zones
            .keys()
            .map(|k| ElementId::Zone(k.clone()))
            .chain(m.assets.keys().map(|k| ElementId::Asset(k.clone())))
            .chain(m.conduits.keys().map(|k| ElementId::Conduit(k.clone())))
            .collect();
    }

    fn zoom_selection(&mut self) {
        let r = self
            .selection
            .iter()
            .filter_map(|e| edit::element_rect(&self.doc.model, e))
            .reduce(|a, b| a.union(&b));
        if let Some(r) = r {
            self.view.request_frame(r);
        }
    }

    /// Workshop mode on or off: interface scale, full screen, panels, and a fit.
    fn toggle_workshop(&mut self, ctx: &egui::Context) {
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

    /// Moves the selection by an arrow key's step.
    fn nudge(&mut self, dx: f32, dy: f32) {
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

    /// Applies an edit at once (actions run after the UI pass already).
    fn apply_now(&mut self, label: String, cmd: Command) -> bool {
        // Before `make_mut`: a no-op copies no model a worker still holds.
        if cmd.is_noop() {
            return false;
        }
        match self
            .doc
            .history
            .apply(std::sync::Arc::make_mut(&mut self.doc.model), label, cmd)
        {
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
}

fn is_text_edit_key(s: &KeyboardShortcut) -> bool {
    matches!(
        s.logical_key,
        Key::Z | Key::Y | Key::X | Key::C | Key::V | Key::A | Key::Backspace | Key::Delete
    )
}
