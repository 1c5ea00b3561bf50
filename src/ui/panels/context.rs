//! What a side-panel tab (inspector, risk, deltas, findings) may see and do: the model and
//! what is derived from it, to read; the selection, the tab and the findings filter, to change;
//! edits and actions, to ask for. Nothing else of the editor: a tab cannot save, open a dialog
//! or move the view except by asking.

use std::collections::BTreeSet;

use crate::analysis::Analysis;
use crate::catalog::Texts;
use crate::model::{Command, ElementId, Model};
use crate::ui::Tab;
use crate::ui::actions::Action;

pub(crate) struct Cx<'a> {
    pub model: &'a Model,
    pub analysis: &'a Analysis,
    /// Requirement texts the user loaded.
    pub texts: Option<&'a Texts>,
    pub selection: &'a mut BTreeSet<ElementId>,
    pub tab: &'a mut Tab,
    /// Which severities the Findings tab shows (error, warning, info).
    pub severity_filter: &'a mut [bool; 3],
    /// The document generation and history state `model` is at.
    pub state: (u64, u64),
    /// The reasons of the element the Deltas tab details.
    pub reasons: &'a mut ReasonsCache,
    pub(super) out: Requests,
}

/// The delta of the one zone or conduit the Deltas tab details, with the reasons of its unmet
/// items: the analysis leaves reasons out (see `analysis::Detail`), so they are worked out
/// here, once per element and model state.
#[derive(Default)]
pub struct ReasonsCache {
    key: Option<((u64, u64), ElementId)>,
    delta: Option<crate::analysis::Delta>,
}

impl ReasonsCache {
    /// The delta of `id` in `model` (at `state`), with reasons.
    pub fn get(
        &mut self,
        model: &Model,
        state: (u64, u64),
        id: &ElementId,
    ) -> Option<&crate::analysis::Delta> {
        if self
            .key
            .as_ref()
            .is_none_or(|(s, e)| *s != state || e != id)
        {
            self.delta = crate::analysis::Deltas::element(model, crate::catalog::catalog(), id);
            self.key = Some((state, id.clone()));
        }
        self.delta.as_ref()
    }
}

/// What the tabs asked for this frame, carried out by the editor after the panel.
#[derive(Default)]
pub(crate) struct Requests {
    pub commands: Vec<(String, Command)>,
    pub actions: Vec<Action>,
    /// Select these elements and frame them on the canvas.
    pub frame: Option<Vec<ElementId>>,
    /// Open the accept dialog for this finding.
    pub accept: Option<String>,
}

impl Cx<'_> {
    /// Queues an edit (one undo step, named by `label`).
    pub fn push(&mut self, label: impl Into<String>, cmd: Command) {
        self.out.commands.push((label.into(), cmd));
    }

    /// Queues an action (the menus' and toolbar's).
    pub fn act(&mut self, a: Action) {
        self.out.actions.push(a);
    }

    /// Selects these elements and brings them into view.
    pub fn select_and_frame(&mut self, elements: &[ElementId]) {
        self.out.frame = Some(elements.to_vec());
    }

    /// Opens the accept dialog for a finding.
    pub fn start_accept(&mut self, finding: String) {
        self.out.accept = Some(finding);
    }
}

/// What the bars around the canvas (toolbar, status bar, palette) and the start page may see:
/// the editor's state they show, read-only; and what they may do: ask for actions or for a
/// file to be opened (after the unsaved-changes guard). Nothing else of the editor.
pub(in crate::ui) struct Chrome<'a> {
    pub model: &'a Model,
    pub summary: &'a crate::analysis::Summary,
    pub history: &'a crate::model::History,
    pub tool: &'a crate::ui::actions::Tool,
    pub settings: &'a crate::ui::files::Settings,
    pub zoom: f32,
    pub panels_hidden: bool,
    pub selection: &'a BTreeSet<ElementId>,
    /// The analysis of the last edit is still being computed.
    pub rebuild_pending: bool,
    /// The file a running export writes, and what it writes.
    pub exporting: Option<(&'a std::path::Path, &'static str)>,
    /// The model's file and when it was last saved (`HH:MM`).
    pub file: Option<(&'a std::path::Path, Option<&'a str>)>,
    /// Whether an action can run now.
    pub enabled: &'a dyn Fn(&Action) -> bool,
    pub(in crate::ui) asked: Vec<Ask>,
}

/// What a bar or the start page asked for this frame.
pub(in crate::ui) enum Ask {
    Act(Action),
    /// Open this file or sample, after the unsaved-changes guard.
    Open(crate::ui::document::Proceed),
}

impl Chrome<'_> {
    /// Queues an action (the menus' and toolbar's).
    pub fn act(&mut self, a: Action) {
        self.asked.push(Ask::Act(a));
    }

    /// Opens a file or a sample, asking about unsaved changes first.
    pub fn open(&mut self, p: crate::ui::document::Proceed) {
        self.asked.push(Ask::Open(p));
    }
}
