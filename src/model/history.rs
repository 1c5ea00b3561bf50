//! Undo/redo as labelled transactions of inverse commands.

use super::{Command, CommandError, Model, Moved};

/// One undoable step: its label ("Move 3 assets") and the command that undoes it.
#[derive(Clone, Debug)]
pub struct Transaction {
    pub label: String,
    inverse: Command,
    /// Identifies the model state after this step, for the dirty mark.
    state: u64,
}

/// The edit history of one document.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Transaction>,
    redo: Vec<Transaction>,
    next_state: u64,
    saved_state: u64,
    /// What the steps since a chosen state changed (see [`History::moved_since`]).
    changes: Changes,
}

/// The change log: the state it starts at and, while every step since only moved elements,
/// what they moved; while every step since changed elements only in place, which.
#[derive(Clone, Debug, Default)]
struct Changes {
    since: u64,
    moved: Option<Moved>,
    edited: Option<Moved>,
}

impl History {
    /// Steps kept; older ones are dropped.
    pub const LIMIT: usize = 500;

    /// Applies `cmd` as one undoable step labelled `label`. A command that changes nothing
    /// is not recorded.
    pub fn apply(
        &mut self,
        model: &mut Model,
        label: impl Into<String>,
        cmd: Command,
    ) -> Result<(), CommandError> {
        if cmd.is_noop() {
            return Ok(());
        }
        let inverse = cmd.apply(model)?;
        self.note(&inverse, model);
        self.next_state += 1;
        self.undo.push(Transaction {
            label: label.into(),
            inverse,
            state: self.next_state,
        });
        if self.undo.len() > Self::LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        Ok(())
    }

    /// Undoes the last step; returns its label.
    pub fn undo(&mut self, model: &mut Model) -> Option<String> {
        let t = self.undo.pop()?;
        match t.inverse.apply(model) {
            Ok(redo) => {
                self.note(&redo, model);
                let label = t.label.clone();
                self.redo.push(Transaction {
                    label: t.label,
                    inverse: redo,
                    state: t.state,
                });
                Some(label)
            }
            // Cannot happen while every edit goes through the history; drop the step
            // rather than corrupt the model.
            Err(_) => None,
        }
    }

    /// Redoes the last undone step; returns its label.
    pub fn redo(&mut self, model: &mut Model) -> Option<String> {
        let t = self.redo.pop()?;
        match t.inverse.apply(model) {
            Ok(undo) => {
                self.note(&undo, model);
                let label = t.label.clone();
                self.undo.push(Transaction {
                    label: t.label,
                    inverse: undo,
                    state: t.state,
                });
                Some(label)
            }
            Err(_) => None,
        }
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|t| t.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|t| t.label.as_str())
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// An id of the current model state: changes with every edit, undo and redo, and comes
    /// back to an earlier value when the history does. Use it to cache derived data.
    pub fn state(&self) -> u64 {
        self.undo.last().map_or(0, |t| t.state)
    }

    /// Starts the change log at the current state (see [`History::moved_since`]).
    pub fn restart_changes(&mut self) {
        self.changes = Changes {
            since: self.state(),
            moved: Some(Moved::default()),
            edited: Some(Moved::default()),
        };
    }

    /// What the steps from `state` to the current state moved, when they did nothing but
    /// move elements and the log was restarted at `state`; `None` otherwise (then whatever
    /// was derived from the model at `state` must be derived again).
    pub fn moved_since(&self, state: u64) -> Option<&Moved> {
        self.changes
            .moved
            .as_ref()
            .filter(|_| self.changes.since == state)
    }

    /// The elements the steps from `state` to the current state changed, when they changed
    /// elements only in place (see [`Moved::record_edit`]) and the log was restarted at
    /// `state`; `None` otherwise.
    pub fn edited_since(&self, state: u64) -> Option<&Moved> {
        self.changes
            .edited
            .as_ref()
            .filter(|_| self.changes.since == state)
    }

    /// Adds one applied step (its `inverse`) to the change log.
    fn note(&mut self, inverse: &Command, model: &Model) {
        if let Some(moved) = &mut self.changes.moved
            && !moved.record(inverse, model)
        {
            self.changes.moved = None;
        }
        if let Some(edited) = &mut self.changes.edited
            && !edited.record_edit(inverse, model)
        {
            self.changes.edited = None;
        }
    }

    /// Marks the current state as saved.
    pub fn mark_saved(&mut self) {
        self.saved_state = self.state();
    }

    /// Marks the current state as not saved (a model restored from a recovery file).
    pub fn mark_unsaved(&mut self) {
        self.saved_state = u64::MAX;
    }

    /// Whether the model differs from the last saved (or loaded) state.
    pub fn is_dirty(&self) -> bool {
        self.state() != self.saved_state
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rect, Zone, ZoneKind};

    #[test]
    fn undo_redo_and_dirty() {
        let mut m = Model::default();
        let mut h = History::default();
        assert!(!h.is_dirty());
        let z = Zone::new(
            "Z-1",
            "One",
            ZoneKind::Control,
            Rect::new(0.0, 0.0, 10.0, 10.0),
        );
        h.apply(&mut m, "Add zone", Command::PutZone(z)).unwrap();
        assert!(h.is_dirty());
        h.mark_saved();
        assert!(!h.is_dirty());
        h.apply(
            &mut m,
            "Move 1 zone",
            Command::Translate {
                zones: vec!["Z-1".into()],
                assets: vec![],
                conduits: vec![],
                dx: 5.0,
                dy: 0.0,
            },
        )
        .unwrap();
        assert_eq!(m.zones["Z-1"].rect.x, 5.0);
        assert_eq!(h.undo_label(), Some("Move 1 zone"));
        assert_eq!(h.undo(&mut m).as_deref(), Some("Move 1 zone"));
        assert_eq!(m.zones["Z-1"].rect.x, 0.0);
        assert!(!h.is_dirty(), "back at the saved state");
        assert_eq!(h.redo_label(), Some("Move 1 zone"));
        h.redo(&mut m);
        assert_eq!(m.zones["Z-1"].rect.x, 5.0);
        assert!(h.is_dirty());
        h.undo(&mut m);
        h.undo(&mut m);
        assert!(m.zones.is_empty());
        assert!(h.undo(&mut m).is_none());
        // A new edit after undo clears the redo stack.
        h.redo(&mut m);
        h.apply(&mut m, "Remove", Command::RemoveZone("Z-1".into()))
            .unwrap();
        assert!(!h.can_redo());
    }

    #[test]
    fn noop_is_not_recorded() {
        let mut m = Model::default();
        let mut h = History::default();
        h.apply(&mut m, "Nothing", Command::Batch(vec![])).unwrap();
        assert!(!h.can_undo());
    }
}
