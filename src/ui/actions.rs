//! Every command of the editor as one `Action` enum. Menus, the toolbar and keyboard shortcuts
//! are all built from it, so they cannot disagree about names, shortcuts or availability.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::diagram::ColorMode;
use crate::report::Paper;

/// A canvas tool.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub enum Tool {
    #[default]
    Select,
    /// Drag a rectangle to draw a zone.
    Zone,
    /// Drag from one zone to another to connect them.
    Conduit,
    /// Click to place an asset of this catalog kind.
    Asset(String),
}

#[derive(Clone, PartialEq, Debug)]
pub enum Action {
    New,
    Open,
    Save,
    SaveAs,
    /// Writes the PDF report of the model, on a worker thread.
    ExportPdf,
    /// Asks for an inventory (CSV, XLSX), then shows the import preview.
    ImportInventory,
    /// Writes the diagram (SVG, draw.io) or the tables (CSV folder, XLSX workbook).
    Export(crate::interop::Format),
    /// Lays the whole model out again (one undo step).
    TidyLayout,
    /// The paper size of exported reports.
    SetPaper(Paper),
    LoadTexts,
    /// Back to the start page (asks about unsaved changes).
    StartPage,
    Quit,
    Undo,
    Redo,
    Cut,
    Copy,
    Paste,
    Duplicate,
    /// Edit the selected element's name in place on the canvas.
    Rename,
    Delete,
    SelectAll,
    SelectNone,
    ZoomIn,
    ZoomOut,
    ZoomFit,
    ZoomSelection,
    ToggleGrid,
    ToggleSnap,
    SetColorMode(ColorMode),
    ToggleWorkshop,
    TogglePanels,
    SetTool(Tool),
    Nudge(f32, f32),
    /// The project's risk matrix and SL-T mapping tables.
    RiskMatrix,
    /// Revisions and the asset owner's approval.
    Approval,
    /// The Risk tab of the selected zone or conduit.
    ShowRisk,
    ShowShortcuts,
    About,
}

impl Action {
    /// The actions of each menu, in order; `None` is a separator. The File menu adds the
    /// report paper sizes as a submenu after "Export PDF…".
    pub fn menu(menu: Menu) -> Vec<Option<Self>> {
        match menu {
            Menu::File => vec![
                Some(Self::New),
                Some(Self::Open),
                None,
                Some(Self::Save),
                Some(Self::SaveAs),
                None,
                Some(Self::ExportPdf),
                None,
                Some(Self::ImportInventory),
                Some(Self::Export(crate::interop::Format::Svg)),
                Some(Self::Export(crate::interop::Format::Drawio)),
                Some(Self::Export(crate::interop::Format::Csv)),
                Some(Self::Export(crate::interop::Format::Xlsx)),
                None,
                Some(Self::LoadTexts),
                None,
                Some(Self::StartPage),
                Some(Self::Quit),
            ],
            Menu::Edit => vec![
                Some(Self::Undo),
                Some(Self::Redo),
                None,
                Some(Self::Cut),
                Some(Self::Copy),
                Some(Self::Paste),
                Some(Self::Duplicate),
                Some(Self::Rename),
                Some(Self::Delete),
                None,
                Some(Self::SelectAll),
                Some(Self::SelectNone),
            ],
            Menu::View => {
                let mut v = vec![
                    Some(Self::ZoomIn),
                    Some(Self::ZoomOut),
                    Some(Self::ZoomFit),
                    Some(Self::ZoomSelection),
                    None,
                    Some(Self::ToggleGrid),
                    Some(Self::ToggleSnap),
                    None,
                ];
                v.extend(ColorMode::ALL.map(|m| Some(Self::SetColorMode(m))));
                v.extend([None, Some(Self::ToggleWorkshop), Some(Self::TogglePanels)]);
                v
            }
            Menu::Insert => vec![
                Some(Self::SetTool(Tool::Select)),
                Some(Self::SetTool(Tool::Zone)),
                Some(Self::SetTool(Tool::Conduit)),
            ],
            Menu::Project => vec![
                Some(Self::ShowRisk),
                None,
                Some(Self::RiskMatrix),
                Some(Self::Approval),
            ],
            Menu::Arrange => vec![Some(Self::TidyLayout)],
            Menu::Help => vec![Some(Self::ShowShortcuts), Some(Self::About)],
        }
    }

    /// The label in menus and on the toolbar (the Edit menu names undo steps itself).
    pub fn label(&self) -> String {
        match self {
            Self::New => "New model".to_owned(),
            Self::Open => "Open…".to_owned(),
            Self::Save => "Save".to_owned(),
            Self::SaveAs => "Save as…".to_owned(),
            Self::ExportPdf => "Export PDF…".to_owned(),
            Self::ImportInventory => "Import inventory…".to_owned(),
            Self::Export(f) => match f {
                crate::interop::Format::Svg => "Export SVG…".to_owned(),
                crate::interop::Format::Drawio => "Export draw.io…".to_owned(),
                crate::interop::Format::Csv => "Export CSV tables…".to_owned(),
                crate::interop::Format::Xlsx => "Export Excel workbook…".to_owned(),
            },
            Self::TidyLayout => "Tidy layout".to_owned(),
            Self::SetPaper(p) => match p {
                Paper::A4 => "A4 (210 × 297 mm)".to_owned(),
                Paper::Letter => "US Letter (8.5 × 11 in)".to_owned(),
                Paper::A3 => "A3 (297 × 420 mm)".to_owned(),
            },
            Self::LoadTexts => "Load requirement texts…".to_owned(),
            Self::StartPage => "Close to start page".to_owned(),
            Self::Quit => "Quit".to_owned(),
            Self::Undo => "Undo".to_owned(),
            Self::Redo => "Redo".to_owned(),
            Self::Cut => "Cut".to_owned(),
            Self::Copy => "Copy".to_owned(),
            Self::Paste => "Paste".to_owned(),
            Self::Duplicate => "Duplicate".to_owned(),
            Self::Rename => "Rename".to_owned(),
            Self::Delete => "Delete".to_owned(),
            Self::SelectAll => "Select all".to_owned(),
            Self::SelectNone => "Select none".to_owned(),
            Self::ZoomIn => "Zoom in".to_owned(),
            Self::ZoomOut => "Zoom out".to_owned(),
            Self::ZoomFit => "Zoom to fit".to_owned(),
            Self::ZoomSelection => "Zoom to selection".to_owned(),
            Self::ToggleGrid => "Show grid".to_owned(),
            Self::ToggleSnap => "Snap to grid".to_owned(),
            Self::SetColorMode(m) => m.label().to_owned(),
            Self::ToggleWorkshop => "Workshop mode".to_owned(),
            Self::TogglePanels => "Hide panels".to_owned(),
            Self::SetTool(t) => match t {
                Tool::Select => "Select tool".to_owned(),
                Tool::Zone => "Zone tool".to_owned(),
                Tool::Conduit => "Conduit tool".to_owned(),
                Tool::Asset(k) => format!("Place {}", crate::catalog::catalog().asset_kind_name(k)),
            },
            Self::Nudge(..) => "Nudge".to_owned(),
            Self::RiskMatrix => "Risk matrix and SL-T tables…".to_owned(),
            Self::Approval => "Revisions and approval…".to_owned(),
            Self::ShowRisk => "Risk assessment of the selection".to_owned(),
            Self::ShowShortcuts => "Keyboard shortcuts".to_owned(),
            Self::About => "About zoneplan".to_owned(),
        }
    }

    /// The keyboard shortcut, if any. `COMMAND` is Ctrl (Cmd on a Mac).
    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        let cmd_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        let none = Modifiers::NONE;
        let (m, k) = match self {
            Self::New => (cmd, Key::N),
            Self::Open => (cmd, Key::O),
            Self::Save => (cmd, Key::S),
            Self::SaveAs => (cmd_shift, Key::S),
            Self::ExportPdf => (cmd, Key::E),
            Self::Quit => (cmd, Key::Q),
            Self::Undo => (cmd, Key::Z),
            Self::Redo => (cmd_shift, Key::Z),
            Self::Cut => (cmd, Key::X),
            Self::Copy => (cmd, Key::C),
            Self::Paste => (cmd, Key::V),
            Self::Duplicate => (cmd, Key::D),
            Self::Rename => (none, Key::F2),
            Self::Delete => (none, Key::Delete),
            Self::SelectAll => (cmd, Key::A),
            Self::SelectNone => (none, Key::Escape),
            Self::ZoomIn => (cmd, Key::Plus),
            Self::ZoomOut => (cmd, Key::Minus),
            Self::ZoomFit => (cmd, Key::Num0),
            Self::ZoomSelection => (cmd, Key::Num2),
            Self::ToggleGrid => (cmd, Key::G),
            Self::ToggleWorkshop => (none, Key::F11),
            Self::TogglePanels => (none, Key::Tab),
            Self::SetTool(Tool::Select) => (none, Key::V),
            Self::SetTool(Tool::Zone) => (none, Key::Z),
            Self::SetTool(Tool::Conduit) => (none, Key::C),
            Self::ShowShortcuts => (none, Key::F1),
            _ => return None,
        };
        Some(KeyboardShortcut::new(m, k))
    }

    /// Extra shortcuts that do the same (Ctrl+Y for redo, Backspace for delete, arrows).
    pub fn extra_shortcuts() -> Vec<(KeyboardShortcut, Self)> {
        let none = Modifiers::NONE;
        let shift = Modifiers::SHIFT;
        let mut v = vec![
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::Y),
                Self::Redo,
            ),
            (KeyboardShortcut::new(none, Key::Backspace), Self::Delete),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals),
                Self::ZoomIn,
            ),
        ];
        for (m, step) in [(shift, 10.0), (none, 1.0)] {
            v.extend([
                (
                    KeyboardShortcut::new(m, Key::ArrowLeft),
                    Self::Nudge(-step, 0.0),
                ),
                (
                    KeyboardShortcut::new(m, Key::ArrowRight),
                    Self::Nudge(step, 0.0),
                ),
                (
                    KeyboardShortcut::new(m, Key::ArrowUp),
                    Self::Nudge(0.0, -step),
                ),
                (
                    KeyboardShortcut::new(m, Key::ArrowDown),
                    Self::Nudge(0.0, step),
                ),
            ]);
        }
        v
    }

    /// Shortcuts that need no modifier; they only fire while no text field has the keyboard.
    pub fn is_plain_key(shortcut: &KeyboardShortcut) -> bool {
        shortcut.modifiers.is_none() || shortcut.modifiers == Modifiers::SHIFT
    }

    /// Every action with a shortcut, for the Help window and the key handler.
    pub fn all_with_shortcuts() -> Vec<(KeyboardShortcut, Self)> {
        let mut v: Vec<(KeyboardShortcut, Self)> = Menu::ALL
            .iter()
            .flat_map(|m| Self::menu(*m))
            .flatten()
            .filter_map(|a| a.shortcut().map(|s| (s, a)))
            .collect();
        v.extend(Self::extra_shortcuts());
        // Longer modifier sets first, so Ctrl+Shift+Z is not taken for Ctrl+Z.
        v.sort_by_key(|(s, _)| {
            std::cmp::Reverse(
                u8::from(s.modifiers.shift) + u8::from(s.modifiers.command || s.modifiers.ctrl),
            )
        });
        v
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Menu {
    File,
    Edit,
    View,
    Insert,
    Arrange,
    Project,
    Help,
}

impl Menu {
    pub const ALL: [Self; 7] = [
        Self::File,
        Self::Edit,
        Self::View,
        Self::Insert,
        Self::Arrange,
        Self::Project,
        Self::Help,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::File => "File",
            Self::Edit => "Edit",
            Self::View => "View",
            Self::Insert => "Insert",
            Self::Project => "Project",
            Self::Arrange => "Arrange",
            Self::Help => "Help",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn shortcuts_are_unique() {
        let all = Action::all_with_shortcuts();
        let mut seen = HashSet::new();
        for (s, a) in &all {
            assert!(
                seen.insert((s.modifiers.command, s.modifiers.shift, s.logical_key)),
                "{a:?} reuses a shortcut"
            );
        }
        assert!(all.iter().any(|(_, a)| *a == Action::Redo));
    }
}
