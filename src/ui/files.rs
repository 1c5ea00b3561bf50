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
    /// An inventory to import (CSV or a workbook).
    OpenInventory,
    /// A column mapping file (RON) for the import.
    OpenMapping,
    /// Where to write an export; the suggested file (or, for CSV, folder) name.
    Export(crate::interop::Format, String),
}

/// The files an inventory can be.
const INVENTORY_EXTENSIONS: &[&str] = &["csv", "txt", "xlsx", "xlsm", "xls", "ods"];

/// How a file dialog ended.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum DialogAnswer {
    Picked(PathBuf),
    Cancelled,
    /// No dialog could open (why, in words): the editor then shows its own.
    Unavailable(String),
}

impl From<Option<PathBuf>> for DialogAnswer {
    fn from(p: Option<PathBuf>) -> Self {
        p.map_or(Self::Cancelled, Self::Picked)
    }
}

/// Asks the user for a path. The answer arrives on the returned channel; implementations must
/// call `ctx.request_repaint()` when it does.
pub trait FileDialogs {
    fn request(
        &self,
        kind: DialogKind,
        start_dir: Option<&Path>,
        ctx: &egui::Context,
    ) -> Receiver<DialogAnswer>;
}

/// A native dialog that returns nothing faster than this did not open: nobody cancels a file
/// dialog within a quarter of a second. rfd answers `None` both for Cancel and for "no portal,
/// no zenity" (after 2–6 ms), so the time is what tells them apart.
const NO_DIALOG_WITHIN: std::time::Duration = std::time::Duration::from_millis(250);

/// Why no native dialog can open here, if that is known before trying: rfd needs a desktop
/// portal on the D-Bus session bus, or the `zenity` program.
pub fn native_unavailable(env: &dyn Fn(&str) -> Option<std::ffi::OsString>) -> Option<String> {
    let on_path = |prog: &str| {
        env("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(prog).is_file()))
    };
    let bus = env("DBUS_SESSION_BUS_ADDRESS").is_some_and(|a| !a.is_empty())
        || env("XDG_RUNTIME_DIR").is_some_and(|d| Path::new(&d).join("bus").exists());
    (!bus && !on_path("zenity"))
        .then(|| "no desktop portal (no D-Bus session bus) and no zenity".to_owned())
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
    ) -> Receiver<DialogAnswer> {
        let (tx, rx) = mpsc::channel();
        if let Some(why) = native_unavailable(&|k| std::env::var_os(k)) {
            let _sent = tx.send(DialogAnswer::Unavailable(why));
            return rx;
        }
        let ctx = ctx.clone();
        let dir = start_dir.map(Path::to_path_buf);
        let failed = tx.clone();
        let spawned = std::thread::Builder::new()
            .name("file-dialog".to_owned())
            .spawn(move || {
                let mut d = rfd::FileDialog::new();
                if let Some(dir) = dir {
                    d = d.set_directory(dir);
                }
                let started = std::time::Instant::now();
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
                    DialogKind::OpenInventory => d
                        .set_title("Import inventory")
                        .add_filter("Inventory (CSV, Excel, ODS)", INVENTORY_EXTENSIONS)
                        .pick_file(),
                    DialogKind::OpenMapping => d
                        .set_title("Column mapping file")
                        .add_filter("Mapping file (RON)", &["ron"])
                        .pick_file(),
                    DialogKind::Export(crate::interop::Format::Csv, _) => {
                        d.set_title("Export CSV tables into a folder").pick_folder()
                    }
                    DialogKind::Export(f, name) => d
                        .set_title(f.label())
                        .add_filter(f.label(), &[f.extension()])
                        .set_file_name(name)
                        .save_file(),
                };
                let answer = match path {
                    Some(p) => DialogAnswer::Picked(p),
                    None if started.elapsed() < NO_DIALOG_WITHIN => DialogAnswer::Unavailable(
                        "the system file dialog closed at once (no desktop portal or zenity \
                         answered)"
                            .to_owned(),
                    ),
                    None => DialogAnswer::Cancelled,
                };
                // The editor may have quit meanwhile; then nobody listens.
                let _sent = tx.send(answer);
                ctx.request_repaint();
            });
        if let Err(e) = spawned {
            let _sent = failed.send(DialogAnswer::Unavailable(format!(
                "cannot start the dialog thread: {e}"
            )));
        }
        rx
    }
}

/// Dialogs that answer from a queue of prepared answers, for tests and scripted runs. An empty
/// queue answers Cancel.
#[derive(Debug, Default)]
pub struct ScriptedDialogs {
    answers: Mutex<VecDeque<DialogAnswer>>,
    asked: Mutex<Vec<DialogKind>>,
}

impl ScriptedDialogs {
    pub fn new<A: Into<DialogAnswer>>(answers: impl IntoIterator<Item = A>) -> Self {
        Self {
            answers: Mutex::new(answers.into_iter().map(Into::into).collect()),
            asked: Mutex::new(Vec::new()),
        }
    }

    /// Queues the answer to the next dialog.
    pub fn push(&self, answer: impl Into<DialogAnswer>) {
        if let Ok(mut a) = self.answers.lock() {
            a.push_back(answer.into());
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
    ) -> Receiver<DialogAnswer> {
        if let Ok(mut a) = self.asked.lock() {
            a.push(kind);
        }
        let answer = self
            .answers
            .lock()
            .ok()
            .and_then(|mut a| a.pop_front())
            .unwrap_or(DialogAnswer::Cancelled);
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
    ) -> Receiver<DialogAnswer> {
        (**self).request(kind, start_dir, ctx)
    }
}

/// zoneplan's own file dialog (egui_file), shown when no native one opens.
pub struct BuiltinDialog {
    dialog: egui_file::FileDialog,
}

impl BuiltinDialog {
    pub fn new(kind: &DialogKind, start_dir: Option<&Path>) -> Self {
        let ext_filter = |exts: &'static [&'static str]| -> egui_file::Filter<PathBuf> {
            Box::new(move |p: &Path| {
                p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| exts.iter().any(|x| x.eq_ignore_ascii_case(e)))
            })
        };
        let (mut d, title, exts): (egui_file::FileDialog, &str, &'static [&'static str]) =
            match kind {
                DialogKind::OpenModel => (
                    egui_file::FileDialog::open_file(),
                    "Open zone model",
                    &["ron"],
                ),
                DialogKind::SaveModel(name) => (
                    egui_file::FileDialog::save_file().default_filename(name.clone()),
                    "Save zone model",
                    &["ron"],
                ),
                DialogKind::OpenTexts => (
                    egui_file::FileDialog::open_file(),
                    "Load requirement texts",
                    &["ron", "csv"],
                ),
                DialogKind::ExportPdf(name) => (
                    egui_file::FileDialog::save_file().default_filename(name.clone()),
                    "Export PDF report",
                    &["pdf"],
                ),
                DialogKind::OpenInventory => (
                    egui_file::FileDialog::open_file(),
                    "Import inventory",
                    INVENTORY_EXTENSIONS,
                ),
                DialogKind::OpenMapping => (
                    egui_file::FileDialog::open_file(),
                    "Column mapping file",
                    &["ron"],
                ),
                DialogKind::Export(crate::interop::Format::Csv, _) => (
                    egui_file::FileDialog::select_folder(),
                    "Export CSV tables into a folder",
                    &[],
                ),
                DialogKind::Export(f, name) => (
                    egui_file::FileDialog::save_file().default_filename(name.clone()),
                    f.label(),
                    match f {
                        crate::interop::Format::Svg => &["svg"],
                        crate::interop::Format::Drawio => &["drawio"],
                        _ => &["xlsx"],
                    },
                ),
            };
        let dir = start_dir
            .map(Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        d = d
            .title(title)
            .initial_path(dir)
            .show_files_filter(ext_filter(exts))
            // Unique labels: the editor has its own Save and Open buttons.
            .open_button_text("Open this file".into())
            .save_button_text("Save here".into())
            .cancel_button_text("Cancel".into())
            .show_new_folder(true)
            .show_rename(false)
            .default_size([640.0, 420.0])
            .keep_on_top(true);
        d.open();
        Self { dialog: d }
    }

    /// Shows it; the answer once the user has chosen or cancelled.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<DialogAnswer> {
        self.dialog.show(ctx);
        match self.dialog.state() {
            egui_file::State::Open => None,
            egui_file::State::Selected => {
                Some(self.dialog.path().map_or(DialogAnswer::Cancelled, |p| {
                    DialogAnswer::Picked(p.to_path_buf())
                }))
            }
            egui_file::State::Cancelled | egui_file::State::Closed => Some(DialogAnswer::Cancelled),
        }
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
    A3,
}

impl From<Paper> for PaperSetting {
    fn from(p: Paper) -> Self {
        match p {
            Paper::A4 => Self::A4,
            Paper::Letter => Self::Letter,
            Paper::A3 => Self::A3,
        }
    }
}

impl From<PaperSetting> for Paper {
    fn from(p: PaperSetting) -> Self {
        match p {
            PaperSetting::A4 => Self::A4,
            PaperSetting::Letter => Self::Letter,
            PaperSetting::A3 => Self::A3,
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
    fn native_dialogs_need_a_session_bus_or_zenity() {
        let dir = tempfile::tempdir().expect("temp dir");
        let env = |vars: Vec<(&'static str, std::ffi::OsString)>| {
            move |k: &str| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())
        };
        let none = env(vec![("PATH", dir.path().as_os_str().to_owned())]);
        assert!(native_unavailable(&none).is_some_and(|w| w.contains("zenity")));
        let bus = env(vec![("DBUS_SESSION_BUS_ADDRESS", "unix:path=/x".into())]);
        assert_eq!(native_unavailable(&bus), None);
        std::fs::write(dir.path().join("zenity"), "").expect("write");
        let zenity = env(vec![("PATH", dir.path().as_os_str().to_owned())]);
        assert_eq!(native_unavailable(&zenity), None);
    }

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
