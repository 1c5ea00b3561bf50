//! Autosave and recovery: after edits, at most every [`INTERVAL_SECONDS`], the model is written
//! to a recovery file on a worker thread (atomically, like a save). A saved model's recovery
//! file sits beside it (`.plant.ron.recovery`); an unsaved model's lives in the editor's data
//! directory. A clean save or quit removes it; after a crash or kill the next start (or the
//! next open of that file) offers to restore it, with its time and what differs.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::SystemTime;

use crate::model::{Model, diff};
use crate::persistence;

/// The least time between two autosaves, in seconds.
pub const INTERVAL_SECONDS: f64 = 3.0;

/// The recovery file of a model saved at `path`.
pub fn beside(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(
        || "model.ron".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    path.with_file_name(format!(".{name}.recovery"))
}

/// The recovery file of an unsaved model, in the data directory `dir`.
pub fn unsaved_in(dir: &Path) -> PathBuf {
    dir.join("unsaved-model.recovery.ron")
}

/// A recovery file found on disk, with what it would change.
#[derive(Clone, Debug)]
pub struct Found {
    pub file: PathBuf,
    /// The model file it belongs to (`None`: an unsaved model).
    pub model_path: Option<PathBuf>,
    pub model: Model,
    /// When it was written, in words ("4 min ago").
    pub age: String,
    /// What differs from the file on disk (or from an empty model), one phrase each.
    pub differences: Vec<String>,
}

/// Looks for the recovery file `file` of the model at `model_path` (whose current content is
/// `current`). One that holds what the file already holds is removed; one that cannot be read
/// here is left alone. Both give `None`.
pub fn find(file: &Path, model_path: Option<&Path>, current: &Model) -> Option<Found> {
    if !file.is_file() {
        return None;
    }
    let Ok(model) = persistence::load(file) else {
        // Not readable here (written by a newer zoneplan, say): it stays where it is, for the
        // user or that version to open; it is not offered.
        return None;
    };
    let differences = diff::summary(current, &model);
    if differences.is_empty() {
        let _gone = std::fs::remove_file(file);
        return None;
    }
    let age = std::fs::metadata(file)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .map_or_else(|| "at an unknown time".to_owned(), |d| ago(d.as_secs()));
    Some(Found {
        file: file.to_path_buf(),
        model_path: model_path.map(Path::to_path_buf),
        model,
        age,
        differences,
    })
}

/// "just now", "4 min ago", "3 h ago", "2 days ago".
pub fn ago(secs: u64) -> String {
    match secs {
        0..60 => "just now".to_owned(),
        60..3600 => format!("{} min ago", secs / 60),
        3600..86_400 => format!("{} h ago", secs / 3600),
        _ => {
            let d = secs / 86_400;
            format!("{d} day{} ago", if d == 1 { "" } else { "s" })
        }
    }
}

/// The autosave state of the editor.
#[derive(Default)]
pub struct Autosave {
    /// Where an unsaved model's recovery goes (`None`: unsaved models are not autosaved).
    pub data_dir: Option<PathBuf>,
    /// The document state last written (generation, history state).
    written: Option<(u64, u64)>,
    /// When the last autosave started (egui time, seconds).
    last: Option<f64>,
    /// The write in progress: its outcome.
    job: Option<Receiver<Result<(), String>>>,
    /// The last error, so that a failure that repeats is reported once.
    failed: Option<String>,
}

impl Autosave {
    /// The recovery file of a document saved at `path` (or unsaved).
    pub fn file_for(&self, path: Option<&Path>) -> Option<PathBuf> {
        match path {
            Some(p) => Some(beside(p)),
            None => self.data_dir.as_deref().map(unsaved_in),
        }
    }

    /// Picks up a finished write; returns an error message to show, once.
    pub fn poll(&mut self) -> Option<String> {
        let rx = self.job.as_ref()?;
        let result = match rx.try_recv() {
            Ok(result) => result,
            Err(mpsc::TryRecvError::Empty) => return None,
            Err(mpsc::TryRecvError::Disconnected) => Ok(()),
        };
        self.job = None;
        self.outcome(result)
    }

    /// Notes how a write ended; the error, unless it is the one reported last.
    fn outcome(&mut self, result: Result<(), String>) -> Option<String> {
        match result {
            Ok(()) => {
                self.failed = None;
                None
            }
            Err(e) => {
                let new = self.failed.as_deref() != Some(e.as_str());
                self.failed = Some(e.clone());
                new.then_some(e)
            }
        }
    }

    /// Whether `state` is what was last written.
    pub fn is_written(&self, state: (u64, u64)) -> bool {
        self.written == Some(state)
    }

    /// Whether anything was written for the current document.
    pub fn has_written(&self) -> bool {
        self.written.is_some()
    }

    /// Whether a write is running.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// Blocks until a running write is done (tests, quit, a save); its error, if new.
    pub fn wait(&mut self) -> Option<String> {
        let rx = self.job.take()?;
        let result = rx.recv().unwrap_or(Ok(()));
        self.outcome(result)
    }

    /// Whether the document state `state` is due for an autosave at time `now`.
    pub fn due(&self, state: (u64, u64), dirty: bool, now: f64) -> bool {
        dirty
            && !self.busy()
            && self.written != Some(state)
            && self.last.is_none_or(|t| now - t >= INTERVAL_SECONDS)
    }

    /// Writes `model` to `file` on a worker thread.
    pub fn start(
        &mut self,
        model: std::sync::Arc<Model>,
        file: PathBuf,
        state: (u64, u64),
        now: f64,
    ) {
        let (tx, rx) = mpsc::channel();
        let report = tx.clone();
        let spawned = std::thread::Builder::new()
            .name("autosave".to_owned())
            .spawn(move || {
                let r = persistence::save(&model, &file).map_err(|e| e.to_string());
                let _sent = tx.send(r);
                // Freed here (if the editor let go of it meanwhile), not on the UI thread.
                drop(model);
            });
        if let Err(e) = spawned {
            // Reported by `poll` like a failed write.
            let _sent = report.send(Err(format!("cannot start the autosave thread: {e}")));
        }
        self.last = Some(now);
        self.written = Some(state);
        self.job = Some(rx);
    }

    /// The document is saved, discarded or replaced: its recovery file goes.
    pub fn remove(&mut self, file: Option<PathBuf>) {
        // A write still running would recreate it.
        self.wait();
        self.written = None;
        self.last = None;
        if let Some(f) = file {
            let _gone = std::fs::remove_file(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_names() {
        assert_eq!(
            beside(Path::new("/plants/water.ron")),
            PathBuf::from("/plants/.water.ron.recovery")
        );
        assert_eq!(
            unsaved_in(Path::new("/data")),
            PathBuf::from("/data/unsaved-model.recovery.ron")
        );
    }

    #[test]
    fn ages_in_words() {
        assert_eq!(ago(5), "just now");
        assert_eq!(ago(250), "4 min ago");
        assert_eq!(ago(3 * 3600 + 5), "3 h ago");
        assert_eq!(ago(86_400), "1 day ago");
        assert_eq!(ago(3 * 86_400), "3 days ago");
    }

    #[test]
    fn due_only_when_dirty_changed_and_after_the_interval() {
        let mut a = Autosave::default();
        assert!(
            !a.due((1, 1), false, 0.0),
            "a clean document is not autosaved"
        );
        assert!(a.due((1, 1), true, 0.0));
        a.written = Some((1, 1));
        a.last = Some(0.0);
        assert!(
            !a.due((1, 1), true, 100.0),
            "nothing new since the last write"
        );
        assert!(!a.due((1, 2), true, 1.0), "too soon after the last write");
        assert!(a.due((1, 2), true, INTERVAL_SECONDS));
    }

    #[test]
    fn find_offers_differences_and_drops_useless_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join(".m.ron.recovery");
        let current = Model::default();
        assert!(find(&file, None, &current).is_none(), "no file");
        let mut changed = Model::default();
        changed.project.name = "Changed".to_owned();
        persistence::save(&changed, &file).expect("save");
        let found = find(&file, None, &current).expect("offered");
        assert_eq!(found.differences, ["project details changed"]);
        assert_eq!(found.age, "just now");
        // The same content as the file: nothing to offer, and the file goes.
        assert!(find(&file, None, &changed).is_none());
        assert!(!file.exists());
        // One that cannot be read here is not offered, and not deleted either.
        std::fs::write(&file, "(format_version: 99, project: ())").expect("write");
        assert!(find(&file, None, &current).is_none());
        assert!(file.exists(), "a newer version's recovery file is kept");
    }
}
