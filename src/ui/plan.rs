//! The Fix plan tab: the plan is computed on a worker thread, with the model shared (not
//! copied) and from the deltas shown when they are the current state's (`FixPlan::from_deltas`,
//! else `FixPlan::compute`), so a large plant never holds up a frame. A job is keyed on the document generation and
//! `History::state()`; a result for a state that is no longer current is discarded, and a new
//! job starts only while the tab is shown. The worker asks for a repaint when it is done.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use egui::{RichText, Ui};

use super::Editor;
use crate::analysis::plan::PLAN_HEURISTIC;
use crate::analysis::{Deltas, FixPlan};
use crate::catalog::catalog;
use crate::model::Model;

/// Document generation and history state: what a plan was computed for.
pub type PlanKey = (u64, u64);

/// The plan of the current model, and the job computing the next one.
#[derive(Default)]
pub struct PlanState {
    /// The last plan received, with the state it belongs to.
    done: Option<(PlanKey, Arc<FixPlan>)>,
    /// The running job and the state it computes.
    job: Option<(PlanKey, Receiver<FixPlan>)>,
    /// How many jobs were started (tests check a plan is not recomputed per frame).
    pub started: u64,
}

impl PlanState {
    /// Picks up a finished job; a result for an old state is dropped.
    pub fn poll(&mut self, current: PlanKey) {
        let Some((key, rx)) = &self.job else {
            return;
        };
        match rx.try_recv() {
            Ok(plan) => {
                if *key == current {
                    self.done = Some((*key, Arc::new(plan)));
                }
                self.job = None;
            }
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => self.job = None,
        }
    }

    /// The plan for `current`, if it is ready.
    pub fn current(&self, current: PlanKey) -> Option<Arc<FixPlan>> {
        self.done
            .as_ref()
            .filter(|(k, _)| *k == current)
            .map(|(_, p)| Arc::clone(p))
    }

    /// Starts a job for `current` unless its plan is there or one is already running for it.
    /// A job for an older state is left to finish and its result dropped.
    /// `deltas`: the model's, when the analysis shown is of the current state.
    pub fn ensure(
        &mut self,
        current: PlanKey,
        model: &Arc<Model>,
        deltas: Option<Arc<Deltas>>,
        ctx: &egui::Context,
    ) {
        if self.current(current).is_some() || self.job.as_ref().is_some_and(|(k, _)| *k == current)
        {
            return;
        }
        let (tx, rx) = mpsc::channel();
        let model = Arc::clone(model);
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("fix-plan".to_owned())
            .spawn(move || {
                let plan = match deltas {
                    Some(deltas) => FixPlan::from_deltas(&model, catalog(), &deltas),
                    None => FixPlan::compute(&model, catalog()),
                };
                // The editor may have moved on or quit; then nobody listens.
                let _sent = tx.send(plan);
                ctx.request_repaint();
            });
        if spawned.is_ok() {
            self.job = Some((current, rx));
            self.started += 1;
        }
    }
}

/// The Fix plan tab.
pub fn tab(ed: &mut Editor, ui: &mut Ui) {
    ui.heading("Fix plan");
    ui.label(RichText::new(PLAN_HEURISTIC).small().weak());
    ui.add_space(4.0);
    let key = ed.plan_key();
    ed.plan.poll(key);
    let ctx = ui.ctx().clone();
    let deltas = ed.deltas_of_current_state();
    ed.plan.ensure(key, &ed.doc.model, deltas, &ctx);
    let Some(plan) = ed.plan.current(key) else {
        ui.horizontal(|ui| {
            ui.add(egui::Spinner::new());
            ui.label("computing…");
        });
        return;
    };
    if plan.open_before == 0 {
        ui.label(
            RichText::new("No open 3-3 items: nothing to fix.")
                .color(egui::Color32::from_rgb(0x2e, 0x7d, 0x32)),
        );
        return;
    }
    ui.label(format!(
        "{} open 3-3 items. {} ranked fixes; click one to select its element.",
        plan.open_before,
        plan.fixes.len()
    ));
    if plan.fixes.is_empty() {
        ui.weak("No single change closes an open item: see the unmet items in the Deltas tab.");
    }
    let mut select: Option<String> = None;
    for f in &plan.fixes {
        let selected = ed
            .selection
            .iter()
            .any(|e| e.as_str() == f.element.as_str())
            && ed.selection.len() == 1;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let text = format!("#{} {}", f.rank, f.summary);
            if ui
                .add(egui::Button::selectable(selected, text).wrap_mode(egui::TextWrapMode::Wrap))
                .on_hover_text("Select its element on the canvas")
                .clicked()
            {
                select = Some(f.element.clone());
            }
            let closes = f.closes();
            let what = if closes == 0 {
                "closes none alone (one of several culprits)".to_owned()
            } else if closes == 1 {
                "closes 1 item".to_owned()
            } else {
                format!("closes {closes} items")
            };
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(f.action.key()).small().monospace());
                ui.label(RichText::new(what).small().strong());
            })
            .response
            .on_hover_text(
                f.items
                    .iter()
                    .map(|(el, item)| format!("{item} in {}", ed.doc.model.name_of(el)))
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
        });
    }
    if let Some(id) = select
        && let Some(el) = ed.doc.model.element_id(&id)
    {
        ed.select_and_frame(&[el]);
    }
}
