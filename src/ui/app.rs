//! The eframe window around the editor: [`run`] opens it (settings from eframe's storage, the
//! recovery directory, the file to open) and `EditorApp` stores the settings and lets a running
//! export and autosave finish on exit. Everything else is the [`Editor`]'s.

use std::path::PathBuf;

use super::editor::Editor;
use super::files::{NativeDialogs, Settings};

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
