//! File dialogs behind a small trait: the real editor asks rfd on a worker thread (the window
//! keeps repainting while a dialog is open); tests hand in paths with [`ScriptedDialogs`].
//!
//! Also the editor's settings that persist through eframe storage (recent files, view
//! settings, the paper size of exported reports). The model itself is never stored there.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver};

use serde::{Deserialize, Serialize};

use crate::diagram::ColorMode;
use crate::report::Paper;

/// Which file the user is asked for.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum DialogKind {
    OpenModel,
    /// Save a model; the suggested file name.
    SaveModel(String),
    /// A requirement texts file (RON or CSV).
    OpenTexts,
    /// Where to write the PDF report; the suggested file name.
    ExportPdf(String),
}

/// Asks the user for a path. The answer arrives on the returned channel (`None`: cancelled or
/// failed); implementations must call `ctx.request_repaint()` when it does.
pub trait FileDialogs {
    fn request(
        &self,
        kind: DialogKind,
        start_dir: Option<&Path>,
        ctx: &egui::Context,
    ) -> Receiver<Option<PathBuf>>;
}

/// Native dialogs through rfd (xdg portal, or zenity), each on its own thread.
#[derive(Clone, Copy, Debug, Default)]
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn request(
        &self,
        kind: DialogKind,
        start_dir: Option<&Path>,
        ctx: &egui::Context,
    ) -> Receiver<Option<PathBuf>> {
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        let dir = start_dir.map(Path::to_path_buf);
        let spawned = std::thread::Builder::new()
            .name("file-dialog".to_owned())
            .spawn(move || {
                let mut d = rfd::FileDialog::new();
                if let Some(dir) = dir {
                    d = d.set_directory(dir);
                }
                let path = match kind {
                    DialogKind::OpenModel => d
                        .set_title("Open zone model")
                        .add_filter("Zone model (RON)", &["ron"])
                        .pick_file(),
                    DialogKind::SaveModel(name) => d
                        .set_title("Save zone model")
                        .add_filter("Zone model (RON)", &["ron"])
                        .set_file_name(name)
                        .save_file(),
                    DialogKind::OpenTexts => d
                        .set_title("Load requirement texts")
                        .add_filter("Requirement texts", &["ron", "csv"])
                        .pick_file(),
                    DialogKind::ExportPdf(name) => d
                        .set_title("Export PDF report")
                        .add_filter("PDF document", &["pdf"])
                        .set_file_name(name)
                        .save_file(),
                };
                // The editor may have quit meanwhile; then nobody listens.
                let _sent = tx.send(path);
                ctx.request_repaint();
            });
        if spawned.is_err() {
            let (tx, rx) = mpsc::channel();
            let _sent = tx.send(None);
            return rx;
        }
        rx
    }
}

/// Dialogs that answer from a queue of prepared paths, for tests and scripted runs.
#[derive(Debug, Default)]
pub struct ScriptedDialogs {
    answers: Mutex<VecDeque<Option<PathBuf>>>,
    asked: Mutex<Vec<DialogKind>>,
}

impl ScriptedDialogs {
    pub fn new(answers: impl IntoIterator<Item = Option<PathBuf>>) -> Self {
        Self {
            answers: Mutex::new(answers.into_iter().collect()),
            asked: Mutex::new(Vec::new()),
        }
    }

    /// Queues the answer to the next dialog.
    pub fn push(&self, answer: Option<PathBuf>) {
        if let Ok(mut a) = self.answers.lock() {
            a.push_back(answer);
        }
    }

    /// The dialogs asked so far.
    pub fn asked(&self) -> Vec<DialogKind> {
        self.asked.lock().map(|a| a.clone()).unwrap_or_default()
    }
}

impl FileDialogs for ScriptedDialogs {
    fn request(
        &self,
        kind: DialogKind,
        _start_dir: Option<&Path>,
        ctx: &egui::Context,
    ) -> Receiver<Option<PathBuf>> {
        if let Ok(mut a) = self.asked.lock() {
            a.push(kind);
        }
        let answer = self
            .answers
            .lock()
            .ok()
            .and_then(|mut a| a.pop_front())
            .flatten();
        let (tx, rx) = mpsc::channel();
        let _sent = tx.send(answer);
        ctx.request_repaint();
        rx
    }
}

impl<T: FileDialogs + ?Sized> FileDialogs for std::sync::Arc<T> {
    fn request(
        &self,
        kind: DialogKind,
        start_dir: Option<&Path>,
        ctx: &egui::Context,
    ) -> Receiver<Option<PathBuf>> {
        (**self).request(kind, start_dir, ctx)
    }
}

/// What the editor remembers between runs (eframe storage, key [`Settings::KEY`]).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    pub grid: bool,
    pub snap: bool,
    pub color_mode: ColorModeSetting,
    pub workshop: bool,
    /// Paper size of exported reports.
    pub paper: PaperSetting,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            grid: true,
            snap: true,
            color_mode: ColorModeSetting::Kind,
            workshop: false,
            paper: PaperSetting::A4,
        }
    }
}

/// `ColorMode` as stored (the diagram type has no serde).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum ColorModeSetting {
    Kind,
    TargetLevel,
    Gap,
}

impl From<ColorMode> for ColorModeSetting {
    fn from(m: ColorMode) -> Self {
        match m {
            ColorMode::Kind => Self::Kind,
            ColorMode::TargetLevel => Self::TargetLevel,
            ColorMode::Gap => Self::Gap,
        }
    }
}

impl From<ColorModeSetting> for ColorMode {
    fn from(m: ColorModeSetting) -> Self {
        match m {
            ColorModeSetting::Kind => Self::Kind,
            ColorModeSetting::TargetLevel => Self::TargetLevel,
            ColorModeSetting::Gap => Self::Gap,
        }
    }
}

/// `report::Paper` as stored (the report type has no serde).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum PaperSetting {
    A4,
    Letter,
}

impl From<Paper> for PaperSetting {
    fn from(p: Paper) -> Self {
        match p {
            Paper::A4 => Self::A4,
            Paper::Letter => Self::Letter,
        }
    }
}

impl From<PaperSetting> for Paper {
    fn from(p: PaperSetting) -> Self {
        match p {
            PaperSetting::A4 => Self::A4,
            PaperSetting::Letter => Self::Letter,
        }
    }
}

impl Settings {
    pub const KEY: &'static str = "zoneplan-settings";
    pub const MAX_RECENT: usize = 10;

    /// Parses stored settings; anything unreadable gives the defaults.
    pub fn from_stored(s: &str) -> Self {
        ron::from_str(s).unwrap_or_default()
    }

    pub fn to_stored(&self) -> String {
        ron::to_string(self).unwrap_or_default()
    }

    /// Puts `path` first in the recent files.
    pub fn add_recent(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(Self::MAX_RECENT);
    }
}

/// Today's date as ISO 8601 (UTC), from the system clock.
pub fn today_iso() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The time of day as `HH:MM` (UTC), for the status bar's last save.
pub fn now_hhmm() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let s = secs % 86_400;
    format!("{:02}:{:02} UTC", s / 3600, (s % 3600) / 60)
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 { y + 1 } else { y },
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_418), (2025, 11, 26));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn settings_round_trip_and_recent() {
        let mut s = Settings::default();
        s.add_recent(Path::new("/a.ron"));
        s.add_recent(Path::new("/b.ron"));
        s.add_recent(Path::new("/a.ron"));
        assert_eq!(s.recent, [PathBuf::from("/a.ron"), PathBuf::from("/b.ron")]);
        assert_eq!(Settings::from_stored(&s.to_stored()), s);
        assert_eq!(Settings::from_stored("garbage"), Settings::default());
    }

    #[test]
    fn paper_is_remembered_and_older_settings_default_to_a4() {
        let s = Settings {
            paper: PaperSetting::Letter,
            ..Settings::default()
        };
        let back = Settings::from_stored(&s.to_stored());
        assert_eq!(Paper::from(back.paper), Paper::Letter);
        // Settings stored before the paper setting existed keep their other values.
        let old = Settings::from_stored("(grid: false)");
        assert!(!old.grid);
        assert_eq!(old.paper, PaperSetting::A4);
    }
}
