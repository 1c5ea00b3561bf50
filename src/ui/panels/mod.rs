//! Everything around the canvas: start page, toolbar, asset palette, status bar, and the side
//! panel with the inspector, the requirement deltas and the findings. Panels read the model and
//! the cached analysis and push commands; they never change the model directly.

use egui::{Color32, RichText, Ui};

use super::actions::{Action, Tool};
use super::{Editor, Proceed, Tab, edit};
use crate::analysis::{Delta, SLA_HEURISTIC, SLC_HEURISTIC, Severity};
use crate::catalog::{ALLOCATION_HEURISTIC, Provider, Requirement, catalog};
use crate::diagram::ColorMode;
use crate::model::{
    Asset, AssetId, Channel, ChannelRef, Command, ComponentClass, Conduit, ConduitId,
    Countermeasure, CountermeasureKind, CountermeasureStatus, Criticality, Direction, ElementId,
    Fr, Model, NotApplicable, Placement, PurdueLevel, SecurityLevel, ServiceKind, ServiceProvision,
    SlVector, SlcSource, Zone, ZoneId, ZoneKind,
};

const OK: Color32 = Color32::from_rgb(0x2e, 0x7d, 0x32);
const BAD: Color32 = Color32::from_rgb(0xc6, 0x28, 0x28);
const WARN: Color32 = Color32::from_rgb(0xc7, 0x7c, 0x02);

// ---------------------------------------------------------------- start page

pub fn start_page(ed: &mut Editor, ui: &mut Ui) {
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(24.0);
                ui.heading(RichText::new("zoneplan").size(30.0).strong());
                ui.label(
                    "Zones, conduits and security levels for industrial plants under IEC 62443",
                );
                ui.add_space(16.0);
                ui.horizontal(|ui| {
                    let w = 2.0 * 180.0 + ui.spacing().item_spacing.x;
                    ui.add_space(((ui.available_width() - w) / 2.0).max(0.0));
                    if ui
                        .add_sized(
                            [180.0, 36.0],
                            egui::Button::new(RichText::new("New model").size(16.0)),
                        )
                        .clicked()
                    {
                        ed.act(Action::New);
                    }
                    if ui
                        .add_sized(
                            [180.0, 36.0],
                            egui::Button::new(RichText::new("Open…").size(16.0)),
                        )
                        .clicked()
                    {
                        ed.act(Action::Open);
                    }
                });
            });
            ui.add_space(20.0);
            let width = ui.available_width().min(760.0);
            ui.horizontal(|ui| {
                ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
                ui.vertical(|ui| {
                    ui.set_width(width);
                    ui.heading("Recent files");
                    if ed.settings.recent.is_empty() {
                        ui.weak("No recent files yet.");
                    }
                    for p in ed.settings.recent.clone() {
                        let exists = p.exists();
                        let name = p.file_name().map_or_else(
                            || p.display().to_string(),
                            |f| f.to_string_lossy().into_owned(),
                        );
                        ui.horizontal(|ui| {
                            let b = ui
                                .add_enabled(exists, egui::Button::new(name).frame(false))
                                .on_hover_text(p.display().to_string());
                            if b.clicked() {
                                ed.guarded(Proceed::OpenPath(p.clone()));
                            }
                            ui.weak(
                                p.parent()
                                    .map(|d| d.display().to_string())
                                    .unwrap_or_default(),
                            );
                            if !exists {
                                ui.weak("(missing)");
                            }
                        });
                    }
                    ui.add_space(16.0);
                    ui.heading("Sample plants");
                    let samples = crate::samples::SAMPLES;
                    if samples.is_empty() {
                        ui.weak("No sample plants are bundled in this build.");
                    }
                    for (i, s) in samples.iter().enumerate() {
                        egui::Frame::group(ui.style()).show(ui, |ui| {
                            ui.set_width(width - 16.0);
                            // Title and button on one row, the description wrapped
                            // below at full width, so the button never covers it.
                            ui.horizontal(|ui| {
                                ui.label(RichText::new(s.title).strong());
                                ui.with_layout(
                                    egui::Layout::right_to_left(egui::Align::Center),
                                    |ui| {
                                        if ui.button(format!("Open “{}”", s.title)).clicked() {
                                            ed.guarded(Proceed::OpenSample(i));
                                        }
                                    },
                                );
                            });
                            ui.add(egui::Label::new(s.description).wrap());
                            ui.weak(s.file_name);
                        });
                    }
                });
            });
        });
    });
}

// ---------------------------------------------------------------- toolbar, palette, status

pub fn toolbar(ed: &mut Editor, ui: &mut Ui) {
    ui.horizontal_wrapped(|ui| {
        for a in [Action::New, Action::Open, Action::Save] {
            action_button(ed, ui, a);
        }
        ui.separator();
        let undo = ed.doc.history.undo_label().map(|l| format!("Undo {l}"));
        let redo = ed.doc.history.redo_label().map(|l| format!("Redo {l}"));
        if ui
            .add_enabled(undo.is_some(), egui::Button::new("Undo"))
            .on_hover_text(undo.unwrap_or_default())
            .clicked()
        {
            ed.act(Action::Undo);
        }
        if ui
            .add_enabled(redo.is_some(), egui::Button::new("Redo"))
            .on_hover_text(redo.unwrap_or_default())
            .clicked()
        {
            ed.act(Action::Redo);
        }
        ui.separator();
        for t in [Tool::Select, Tool::Zone, Tool::Conduit] {
            let a = Action::SetTool(t.clone());
            let mut r = ui.add(egui::Button::new(a.label()).selected(ed.tool == t));
            if let Some(s) = a.shortcut() {
                r = r.on_hover_text(format!("Shortcut: {}", ui.ctx().format_shortcut(&s)));
            }
            if r.clicked() {
                ed.act(a);
            }
        }
        ui.separator();
        for a in [Action::ZoomFit, Action::ZoomSelection] {
            action_button(ed, ui, a);
        }
        ui.separator();
        let mut mode = ColorMode::from(ed.settings.color_mode);
        egui::ComboBox::from_id_salt("colour-mode")
            .selected_text(mode.label())
            .show_ui(ui, |ui| {
                for m in ColorMode::ALL {
                    ui.selectable_value(&mut mode, m, m.label());
                }
            })
            .response
            .on_hover_text("How zones are filled");
        if mode != ColorMode::from(ed.settings.color_mode) {
            ed.act(Action::SetColorMode(mode));
        }
        let mut grid = ed.settings.grid;
        if ui.checkbox(&mut grid, "Grid").changed() {
            ed.act(Action::ToggleGrid);
        }
        let mut snap = ed.settings.snap;
        if ui.checkbox(&mut snap, "Snap").changed() {
            ed.act(Action::ToggleSnap);
        }
        action_button(ed, ui, Action::ToggleWorkshop);
    });
}

fn action_button(ed: &mut Editor, ui: &mut Ui, a: Action) {
    let mut r = ui.add_enabled(ed.enabled(&a), egui::Button::new(a.label()));
    if let Some(s) = a.shortcut() {
        r = r.on_hover_text(ui.ctx().format_shortcut(&s));
    }
    if r.clicked() {
        ed.act(a);
    }
}

pub fn palette(ed: &mut Editor, ui: &mut Ui) {
    ui.add_space(4.0);
    ui.strong("Assets");
    ui.weak("Click, then click on the canvas; or drag onto it.");
    ui.add_space(4.0);
    egui::ScrollArea::vertical().show(ui, |ui| {
        for k in &catalog().asset_kinds {
            let selected = ed.tool == Tool::Asset(k.key.clone());
            let b = egui::Button::new(RichText::new(format!("{}  {}", k.glyph, k.name)))
                .selected(selected)
                .min_size(egui::vec2(ui.available_width(), 0.0))
                .sense(egui::Sense::click_and_drag());
            let r = ui.add(b).on_hover_text(&k.description);
            if r.drag_started() {
                egui::DragAndDrop::set_payload(ui.ctx(), k.key.clone());
            }
            if r.clicked() {
                ed.act(Action::SetTool(if selected {
                    Tool::Select
                } else {
                    Tool::Asset(k.key.clone())
                }));
            }
        }
    });
}

pub fn status_bar(ed: &mut Editor, ui: &mut Ui) {
    ui.horizontal(|ui| {
        let m = &ed.doc.model;
        ui.label(format!(
            "{} · {} · {}",
            count(m.zones.len(), "zone"),
            count(m.assets.len(), "asset"),
            count(m.conduits.len(), "conduit")
        ));
        ui.separator();
        let s = &ed.derived.summary;
        let (unmet, errors, warnings) = (s.unmet, s.open_errors, s.open_warnings);
        // Counts in their colours; a zero is plain, never a green that reads "all well"
        // beside a red count.
        let coloured = |n: usize, noun: &str, colour: Color32| {
            let t = RichText::new(count(n, noun));
            if n > 0 { t.color(colour).strong() } else { t }
        };
        if ed.rebuild_pending() {
            // A large plant's analysis after an edit arrives a few frames later.
            ui.add(egui::Spinner::new().size(12.0))
                .on_hover_text("Updating the analysis and the diagram after the last edit");
        }
        ui.label(coloured(unmet, "unmet item", BAD))
            .on_hover_text("3-3 items open in zones and conduits (not met, not covered)");
        ui.label(coloured(errors, "error", BAD));
        ui.label(coloured(warnings, "warning", WARN));
        ui.separator();
        ui.label(format!("Zoom {:.0}%", ed.view.zoom * 100.0));
        if ed.settings.workshop {
            ui.separator();
            ui.strong("Workshop mode — F11 to leave, Tab for panels");
        } else if ed.panels_hidden {
            ui.separator();
            ui.strong("Panels hidden — Tab to show");
        }
        if !ed.selection.is_empty() {
            ui.separator();
            ui.label(format!("Selected: {}", edit::describe(&ed.selection)));
        }
        if let Some(path) = ed.exporting() {
            ui.separator();
            ui.add(egui::Spinner::new());
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            ui.label(format!("Exporting report to {name}…"))
                .on_hover_text(path.display().to_string());
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            // Whatever room the left side leaves, elided, never drawn over it (workshop mode
            // leaves little).
            let place = match &ed.doc.path {
                Some(p) => {
                    let saved = ed
                        .doc
                        .saved_at
                        .as_ref()
                        .map_or_else(String::new, |t| format!(" · saved {t}"));
                    RichText::new(format!("{}{saved}", p.display()))
                }
                None => RichText::new("not saved yet").weak(),
            };
            let full = place.text().to_owned();
            ui.add(egui::Label::new(place).truncate())
                .on_hover_text(full);
        });
    });
}

/// "1 zone", "3 zones".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

// ---------------------------------------------------------------- side panel

pub fn side_panel(ed: &mut Editor, ui: &mut Ui) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        for (t, label) in [
            (Tab::Inspector, "Inspector"),
            (Tab::Deltas, "Deltas"),
            (Tab::Findings, "Findings"),
            (Tab::FixPlan, "Fix plan"),
        ] {
            let text = if t == Tab::Findings {
                let s = &ed.derived.summary;
                format!("{label} ({})", s.open_findings())
            } else {
                label.to_owned()
            };
            if ui.selectable_label(ed.tab == t, text).clicked() {
                ed.tab = t;
            }
        }
    });
    ui.separator();
    if ed.tab == Tab::Findings {
        // Its own scroll area, which lays out only the rows in view.
        findings(ed, ui);
        return;
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| match ed.tab {
            Tab::Inspector => inspector(ed, ui),
            Tab::Deltas => deltas(ed, ui),
            Tab::Findings => {}
            Tab::FixPlan => super::plan::tab(ed, ui),
        });
}

/// A text field committed once, on Enter or when it loses focus; typing is one undo step.
fn text_field(
    ui: &mut Ui,
    salt: impl std::hash::Hash + std::fmt::Debug,
    label: &str,
    current: &str,
    multiline: bool,
) -> Option<String> {
    let l = ui.label(label);
    let id = ui.make_persistent_id(("field", salt, label));
    let mut buf: String = ui
        .data(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| current.to_owned());
    let edit = if multiline {
        egui::TextEdit::multiline(&mut buf).desired_rows(2)
    } else {
        egui::TextEdit::singleline(&mut buf)
    };
    let r = ui
        .add(edit.id(id.with("edit")).desired_width(f32::INFINITY))
        .labelled_by(l.id);
    ui.end_row();
    if r.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, buf));
        None
    } else {
        ui.data_mut(|d| d.remove::<String>(id));
        (r.lost_focus() && buf != current).then_some(buf)
    }
}

/// A text field whose text must parse (a grid row, plus a row for the error). Invalid text
/// keeps the old value, and the field says why beside it until the next valid entry: a value
/// is never silently blanked.
fn parsed_field<T>(
    ui: &mut Ui,
    salt: impl std::hash::Hash + std::fmt::Debug + Copy,
    label: &str,
    current: &str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Option<T> {
    let err_id = ui.make_persistent_id(("field-error", salt, label));
    let out = text_field(ui, salt, label, current, false).and_then(|text| match parse(&text) {
        Ok(v) => {
            ui.data_mut(|d| d.remove::<String>(err_id));
            Some(v)
        }
        Err(e) => {
            ui.data_mut(|d| {
                d.insert_temp(
                    err_id,
                    format!(
                        "“{}” {e}; kept {}",
                        text.trim(),
                        if current.is_empty() {
                            "it empty".to_owned()
                        } else {
                            format!("“{current}”")
                        }
                    ),
                )
            });
            None
        }
    });
    if let Some(e) = ui.data(|d| d.get_temp::<String>(err_id)) {
        ui.label("");
        ui.label(RichText::new(e).small().color(BAD));
        ui.end_row();
    }
    out
}

/// A TCP/UDP port: 1–65535, or empty for none.
fn parse_port(text: &str) -> Result<Option<u16>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u32>() {
        Ok(p) if (1..=65_535).contains(&p) => Ok(u16::try_from(p).ok()),
        Ok(_) => Err("is not a port: ports run from 1 to 65535".to_owned()),
        Err(_) => Err("is not a port number (digits only, 1 to 65535)".to_owned()),
    }
}

/// Requirement ids (3-3 or 4-2), separated by commas or semicolons.
fn parse_ids(text: &str) -> Result<Vec<String>, String> {
    let ids: Vec<String> = text
        .split([',', ';'])
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    let unknown: Vec<&str> = ids
        .iter()
        .map(String::as_str)
        .filter(|i| !catalog().is_requirement_id(i))
        .collect();
    if unknown.is_empty() {
        Ok(ids)
    } else {
        Err(format!(
            "names no requirement: {} (ids look like SR 1.1, SR 3.1 RE(1), CR 2.8)",
            unknown.join(", ")
        ))
    }
}

/// A date as YYYY-MM-DD, or empty.
fn parse_date(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    let parts: Vec<&str> = t.split('-').collect();
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y, m, d]
            if num(y, 4).is_some()
                && num(m, 2).is_some_and(|m| (1..=12).contains(&m))
                && num(d, 2).is_some_and(|d| (1..=31).contains(&d)) =>
        {
            Ok(t.to_owned())
        }
        _ => Err("is not a date as YYYY-MM-DD".to_owned()),
    }
}

/// A labelled combo box (a grid row). `shown` names the current value; the options are only
/// built while the list is open, so a closed combo costs nothing however large the model.
fn combo<T: PartialEq + Clone>(
    ui: &mut Ui,
    salt: impl std::hash::Hash + std::fmt::Debug,
    label: &str,
    current: &T,
    shown: &str,
    options: impl FnOnce() -> Vec<(T, String)>,
) -> Option<T> {
    let l = ui.label(label);
    let mut v = current.clone();
    let r = egui::ComboBox::from_id_salt((salt, label))
        .selected_text(shown)
        .width(ui.available_width().min(240.0))
        .show_ui(ui, |ui| {
            for (o, s) in options() {
                ui.selectable_value(&mut v, o, s);
            }
        });
    r.response.labelled_by(l.id);
    ui.end_row();
    (v != *current).then_some(v)
}

/// A combo over every value of a small enum, each shown by its label.
fn enum_combo<T: PartialEq + Copy>(
    ui: &mut Ui,
    salt: impl std::hash::Hash + std::fmt::Debug,
    label: &str,
    current: T,
    all: &[T],
    name: fn(T) -> &'static str,
) -> Option<T> {
    combo(ui, salt, label, &current, name(current), || {
        all.iter().map(|v| (*v, name(*v).to_owned())).collect()
    })
}

/// The label of `current` among `options` (empty when it is not there).
fn shown_of<T: PartialEq>(options: &[(T, String)], current: &T) -> String {
    options
        .iter()
        .find(|(o, _)| o == current)
        .map_or_else(String::new, |(_, s)| s.clone())
}

/// Seven FR level controls named IAC…RA (with the FR title as tooltip) and presets.
fn sl_vector(
    ui: &mut Ui,
    salt: impl std::hash::Hash + std::fmt::Debug + Copy,
    v: SlVector,
) -> Option<SlVector> {
    let mut out = v;
    egui::Grid::new(("sl", salt))
        .spacing([6.0, 2.0])
        .show(ui, |ui| {
            let mut labels = Vec::new();
            for fr in Fr::ALL {
                labels.push(
                    ui.label(RichText::new(fr.abbrev()).small().strong())
                        .on_hover_text(format!("{} {}", fr.label(), fr.title())),
                );
            }
            ui.end_row();
            // One pick is one change (a drag control would make an undo step per frame).
            for (fr, l) in Fr::ALL.iter().zip(&labels) {
                let mut n = out.get(*fr).get();
                egui::ComboBox::from_id_salt(("sl-level", salt, fr.number()))
                    .width(30.0)
                    .selected_text(n.to_string())
                    .show_ui(ui, |ui| {
                        for level in 0..=SecurityLevel::MAX {
                            ui.selectable_value(&mut n, level, format!("SL {level}"));
                        }
                    })
                    .response
                    .labelled_by(l.id)
                    .on_hover_text(format!("{} {}", fr.label(), fr.title()));
                out.set(*fr, SecurityLevel::saturating(n));
            }
            ui.end_row();
        });
    ui.horizontal(|ui| {
        for l in 1..=SecurityLevel::MAX {
            if ui
                .small_button(format!("All {l}"))
                .on_hover_text(format!("Every FR at SL {l}"))
                .clicked()
            {
                out = SlVector::uniform(SecurityLevel::saturating(l));
            }
        }
    });
    (out != v).then_some(out)
}

/// A changed SL-T: `None` means not assessed.
struct NewTarget(Option<SlVector>);

/// SL-T: not assessed, or a vector.
fn sl_target(
    ui: &mut Ui,
    salt: impl std::hash::Hash + std::fmt::Debug + Copy,
    v: Option<SlVector>,
) -> Option<NewTarget> {
    let mut assessed = v.is_some();
    let mut out = None;
    if ui.checkbox(&mut assessed, "Has a target (SL-T)").changed() {
        out = Some(NewTarget(
            assessed.then_some(v.unwrap_or(SlVector::uniform(SecurityLevel::SL1))),
        ));
    }
    if let Some(v) = v
        && let Some(n) = sl_vector(ui, salt, v)
    {
        out = Some(NewTarget(Some(n)));
    }
    out
}

fn inspector(ed: &mut Editor, ui: &mut Ui) {
    let sel: Vec<ElementId> = ed.selection.iter().cloned().collect();
    match sel.as_slice() {
        [] => project(ed, ui),
        [ElementId::Zone(z)] => {
            if let Some(z) = ed.doc.model.zones.get(z).cloned() {
                zone_inspector(ed, ui, z);
            }
        }
        [ElementId::Asset(a)] => {
            if let Some(a) = ed.doc.model.assets.get(a).cloned() {
                asset_inspector(ed, ui, a);
            }
        }
        [ElementId::Conduit(c)] => {
            if let Some(c) = ed.doc.model.conduits.get(c).cloned() {
                conduit_inspector(ed, ui, c);
            }
        }
        [ElementId::Countermeasure(c)] => {
            if let Some(c) = ed.doc.model.countermeasures.get(c).cloned() {
                countermeasure_editor(ed, ui, c);
            }
        }
        many => multi_inspector(ed, ui, many),
    }
}

fn heading(ui: &mut Ui, kind: &str, id: &str) {
    ui.horizontal(|ui| {
        ui.heading(kind);
        ui.weak(id);
    });
}

fn project(ed: &mut Editor, ui: &mut Ui) {
    heading(ui, "Project", "");
    ui.weak("Nothing selected: the model's metadata.");
    let p = ed.doc.model.project.clone();
    let mut n = p.clone();
    egui::Grid::new("project")
        .num_columns(2)
        .striped(false)
        .show(ui, |ui| {
            let fields: [(&str, &mut String, bool); 8] = [
                ("Name", &mut n.name, false),
                ("Site", &mut n.site, false),
                ("Asset owner", &mut n.asset_owner, false),
                ("Author", &mut n.author, false),
                ("Revision", &mut n.revision, false),
                ("Date", &mut n.date, false),
                ("Classification", &mut n.classification, false),
                ("Description", &mut n.description, true),
            ];
            for (label, value, multi) in fields {
                if let Some(v) = text_field(ui, "project", label, value, multi) {
                    *value = v;
                }
            }
        });
    if n != p {
        ed.push("Edit project", Command::SetProject(n));
    }
    ui.separator();
    ui.strong("Countermeasures");
    let all: Vec<Countermeasure> = ed.doc.model.countermeasures.values().cloned().collect();
    if all.is_empty() {
        ui.weak("None yet. Add them from a zone or conduit's inspector.");
    }
    for cm in all {
        if ui
            .selectable_label(
                false,
                format!("{} — {} ({})", cm.id, cm.name, cm.status.label()),
            )
            .clicked()
        {
            ed.selection = std::iter::once(ElementId::Countermeasure(cm.id.clone())).collect();
        }
    }
}

fn zone_inspector(ed: &mut Editor, ui: &mut Ui, z: Zone) {
    heading(ui, "Zone", z.id.as_str());
    let model = &ed.doc.model;
    let mut n = z.clone();
    let salt = z.id.as_str().to_owned();
    egui::Grid::new("zone").num_columns(2).show(ui, |ui| {
        if let Some(v) = text_field(ui, &salt, "Name", &z.name, false) {
            n.name = v;
        }
        if let Some(k) = enum_combo(ui, &salt, "Kind", z.kind, &ZoneKind::ALL, ZoneKind::label) {
            n.kind = k;
        }
        let parents = || {
            let exclude = model.zone_and_descendants(&z.id);
            let mut v: Vec<(Option<ZoneId>, String)> = vec![(None, "— top level —".to_owned())];
            v.extend(
                model
                    .zones
                    .values()
                    .filter(|p| !exclude.contains(&p.id))
                    .map(|p| (Some(p.id.clone()), format!("{} ({})", p.name, p.id))),
            );
            v
        };
        let shown = z.parent.as_ref().map_or_else(
            || "— top level —".to_owned(),
            |p| format!("{} ({p})", model.name_of(p.as_str())),
        );
        if let Some(p) = combo(ui, &salt, "Parent zone", &z.parent, &shown, parents) {
            n.parent = p;
        }
        let levels = || {
            std::iter::once((None, "—".to_owned()))
                .chain(
                    PurdueLevel::ALL
                        .iter()
                        .map(|l| (Some(*l), l.label().to_owned())),
                )
                .collect()
        };
        let shown = z.purdue_level.map_or("—", |l| l.label());
        if let Some(l) = combo(ui, &salt, "Purdue level", &z.purdue_level, shown, levels) {
            n.purdue_level = l;
        }
        ui.label("Safety");
        ui.checkbox(&mut n.safety_designated, "Safety-designated zone");
        ui.end_row();
        if let Some(v) = text_field(ui, &salt, "Organisation", &z.organisation, false) {
            n.organisation = v;
        }
        if let Some(v) = text_field(ui, &salt, "Description", &z.description, true) {
            n.description = v;
        }
    });
    ui.separator();
    ui.strong("Target security level (SL-T)");
    if let Some(NewTarget(v)) = sl_target(ui, ("zone-slt", &salt), z.sl_t) {
        n.sl_t = v;
    }
    egui::Grid::new("zone-rationale")
        .num_columns(2)
        .show(ui, |ui| {
            if let Some(v) = text_field(ui, &salt, "Rationale", &z.sl_t_rationale, true) {
                n.sl_t_rationale = v;
            }
        });
    if let Some(d) = ed.derived.analysis.deltas.zone(z.id.as_str()) {
        if let Some(a) = d.delta.sl_a {
            ui.horizontal(|ui| {
                ui.label("SL-A (estimated, heuristic)")
                    .on_hover_text(crate::analysis::SLA_HEURISTIC);
                ui.monospace(a.to_string());
            });
        }
        ui.horizontal(|ui| {
            ui.label("SL-C (weakest asset, heuristic)");
            ui.monospace(d.delta.sl_c_label());
        });
        ui.label(format!("{} unmet requirement items", d.delta.unmet.len()));
    }
    ui.separator();
    not_applicable_section(
        ui,
        z.id.as_str(),
        true,
        &z.not_applicable,
        &mut n.not_applicable,
    );
    if n != z {
        let label = na_label(&z.not_applicable, &n.not_applicable)
            .unwrap_or_else(|| format!("Edit zone {}", z.name));
        ed.push(label, Command::PutZone(n));
    }
    ui.separator();
    countermeasures_for(ed, ui, Some(z.id.clone()), None);
}

fn asset_inspector(ed: &mut Editor, ui: &mut Ui, a: Asset) {
    heading(ui, "Asset", a.id.as_str());
    let model = &ed.doc.model;
    let mut n = a.clone();
    let salt = a.id.as_str().to_owned();
    egui::Grid::new("asset").num_columns(2).show(ui, |ui| {
        if let Some(v) = text_field(ui, &salt, "Name", &a.name, false) {
            n.name = v;
        }
        let kinds: Vec<(String, String)> = catalog()
            .asset_kinds
            .iter()
            .map(|k| (k.key.clone(), k.name.clone()))
            .collect();
        if let Some(k) = combo(
            ui,
            &salt,
            "Kind",
            &a.kind,
            &shown_of(&kinds, &a.kind),
            || kinds.clone(),
        ) {
            n.kind = k;
        }
        ui.label("Component classes");
        ui.horizontal(|ui| {
            for c in ComponentClass::ALL {
                let mut on = n.classes.contains(&c);
                if ui.checkbox(&mut on, c.key()).changed() {
                    if on {
                        n.classes.insert(c);
                    } else {
                        n.classes.remove(&c);
                    }
                }
            }
        });
        ui.end_row();
        let placements = || {
            let mut v: Vec<(Placement, String)> =
                vec![(Placement::Unplaced, "— unplaced —".to_owned())];
            v.extend(
                model
                    .zones
                    .values()
                    .map(|z| (Placement::Zone(z.id.clone()), format!("Zone: {}", z.name))),
            );
            v.extend(model.conduits.values().map(|c| {
                (
                    Placement::Conduit(c.id.clone()),
                    format!("Conduit: {}", c.name),
                )
            }));
            v
        };
        let shown = match &a.placement {
            Placement::Unplaced => "— unplaced —".to_owned(),
            Placement::Zone(z) => format!("Zone: {}", model.name_of(z.as_str())),
            Placement::Conduit(c) => format!("Conduit: {}", model.name_of(c.as_str())),
        };
        if let Some(p) = combo(ui, &salt, "Placed in", &a.placement, &shown, placements) {
            n.placement = p;
        }
        if let Some(c) = enum_combo(
            ui,
            &salt,
            "Criticality",
            a.criticality,
            &Criticality::ALL,
            Criticality::label,
        ) {
            n.criticality = c;
        }
        for (label, value, cur) in [
            ("Vendor", &mut n.vendor, &a.vendor),
            ("Product / model", &mut n.model, &a.model),
            ("Firmware", &mut n.firmware, &a.firmware),
            ("Network / address", &mut n.network, &a.network),
        ] {
            if let Some(v) = text_field(ui, &salt, label, cur, false) {
                *value = v;
            }
        }
        ui.label("Flags");
        ui.vertical(|ui| {
            ui.checkbox(&mut n.flags.safety_related, "Safety related");
            ui.checkbox(&mut n.flags.wireless, "Wireless");
            ui.checkbox(&mut n.flags.temporary, "Temporarily connected");
            ui.checkbox(&mut n.flags.external, "External / third party");
            ui.checkbox(&mut n.flags.business, "Business (IT) system");
        });
        ui.end_row();
    });
    ui.separator();
    ui.strong("Capability (SL-C)");
    if let Some(v) = sl_vector(ui, ("asset-slc", &salt), a.sl_c) {
        n.sl_c = v;
    }
    slc_source(ui, &salt, &a.sl_c_source, &mut n.sl_c_source);
    ui.horizontal(|ui| {
        ui.checkbox(&mut n.digital, "Digital interface")
            .on_hover_text(
                "Unchecked: the asset has no digital interface (a 4-20 mA instrument, hard-wired \
             I/O, a mechanical device). It is then outside IEC 62443-4-2: in no zone's weakest \
             link (SL-C) and without a 4-2 delta. It still counts for the separation rules.",
            );
        if !n.digital {
            ui.weak("outside 4-2");
        }
    });
    ui.separator();
    provided_services(ui, &ed.doc.model, &a, &mut n);
    if let Some(d) = ed.derived.analysis.deltas.asset(a.id.as_str()) {
        match d.target {
            Some(t) => {
                let text = format!(
                    "{} unmet IEC 62443-4-2 items against SL-T {t}",
                    d.unmet.len()
                );
                let color = if d.unmet.is_empty() { OK } else { BAD };
                if ui
                    .link(RichText::new(text).color(color))
                    .on_hover_text("Show them in the Deltas tab")
                    .clicked()
                {
                    ed.tab = Tab::Deltas;
                }
            }
            None if !d.in_scope => {
                ui.weak("No digital interface: outside IEC 62443-4-2, no component delta.");
            }
            None => {
                ui.weak("Its zone or conduit has no SL-T yet.");
            }
        }
    }
    if n != a {
        let label = format!("Edit asset {}", a.name);
        ed.push(label, Command::PutAsset(n));
    }
}

/// Where the SL-C comes from: a combo over the four kinds and the fields of the chosen one.
fn slc_source(ui: &mut Ui, salt: &str, cur: &SlcSource, n: &mut SlcSource) {
    let kinds = [
        SlcSource::Unknown,
        SlcSource::Estimated {
            by: String::new(),
            note: String::new(),
        },
        SlcSource::Vendor {
            document: String::new(),
        },
        SlcSource::Certificate {
            scheme: String::new(),
            id: String::new(),
            level: 0,
            scope: String::new(),
            date: String::new(),
        },
    ];
    egui::Grid::new(("slc-source", salt))
        .num_columns(2)
        .show(ui, |ui| {
            let current = cur.key();
            if let Some(k) = combo(ui, salt, "SL-C source", &current, cur.label(), || {
                kinds.iter().map(|k| (k.key(), k.label().to_owned())).collect()
            }) && let Some(new) = kinds.iter().find(|s| s.key() == k)
            {
                *n = new.clone();
            }
            match n {
                SlcSource::Unknown => {
                    ui.label("");
                    ui.weak("Not assessed: the SL-C above is not used, and every delta that rests on it is flagged.");
                    ui.end_row();
                }
                SlcSource::Estimated { by, note } => {
                    if let Some(v) = text_field(ui, salt, "Estimated by", by, false) {
                        *by = v;
                    }
                    if let Some(v) = text_field(ui, salt, "Estimation note", note, true) {
                        *note = v;
                    }
                }
                SlcSource::Vendor { document } => {
                    if let Some(v) = text_field(ui, salt, "Vendor document", document, false) {
                        *document = v;
                    }
                }
                SlcSource::Certificate {
                    scheme,
                    id,
                    level,
                    scope,
                    date,
                } => {
                    if let Some(v) = text_field(ui, salt, "Certificate scheme", scheme, false) {
                        *scheme = v;
                    }
                    if let Some(v) = text_field(ui, salt, "Certificate id", id, false) {
                        *id = v;
                    }
                    let shown = if *level == 0 {
                        "not stated".to_owned()
                    } else {
                        format!("SL {level}")
                    };
                    if let Some(l) = combo(ui, salt, "Certified level", level, &shown, || {
                        (0..=SecurityLevel::MAX)
                            .map(|l| {
                                let text = if l == 0 {
                                    "not stated".to_owned()
                                } else {
                                    format!("SL {l}")
                                };
                                (l, text)
                            })
                            .collect()
                    }) {
                        *level = l;
                    }
                    if let Some(v) = text_field(ui, salt, "Certificate scope", scope, false) {
                        *scope = v;
                    }
                    if let Some(v) = parsed_field(ui, salt, "Certificate date", date, parse_date) {
                        *date = v;
                    }
                }
            }
        });
}

/// The security services an asset provides, each with the zones it serves.
fn provided_services(ui: &mut Ui, model: &Model, a: &Asset, n: &mut Asset) {
    ui.strong("Provides services");
    if a.provides.is_empty() {
        ui.weak("None. A directory, SIEM, backup or time server can serve zones with a service.");
    }
    let mut remove = None;
    for (i, p) in a.provides.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.label(p.service.label());
            let shown = if p.zones.is_empty() {
                "no zone".to_owned()
            } else {
                p.zones
                    .iter()
                    .map(|z| model.name_of(z.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let l = ui.label("serves");
            egui::ComboBox::from_id_salt(("serves", a.id.as_str(), i))
                .selected_text(shown)
                .width(ui.available_width().min(220.0))
                .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
                .show_ui(ui, |ui| {
                    for z in model.zones.values() {
                        let mut on = p.zones.contains(&z.id);
                        if ui.checkbox(&mut on, &z.name).changed() {
                            let zones = &mut n.provides[i].zones;
                            if on {
                                zones.push(z.id.clone());
                                zones.sort();
                            } else {
                                zones.retain(|x| x != &z.id);
                            }
                        }
                    }
                })
                .response
                .labelled_by(l.id)
                .on_hover_text("The zones it serves (their subzones too)");
            if ui
                .small_button(format!("Remove {}", p.service.label()))
                .clicked()
            {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        n.provides.remove(i);
    }
    let missing: Vec<ServiceKind> = ServiceKind::ALL
        .into_iter()
        .filter(|k| !a.provides.iter().any(|p| p.service == *k))
        .collect();
    if !missing.is_empty() {
        ui.horizontal(|ui| {
            let l = ui.label("Add service");
            egui::ComboBox::from_id_salt(("add-service", a.id.as_str()))
                .selected_text("choose…")
                .show_ui(ui, |ui| {
                    for k in missing {
                        if ui.selectable_label(false, k.label()).clicked() {
                            // It serves its own zone to begin with.
                            n.provides.push(ServiceProvision {
                                service: k,
                                zones: a.placement.zone().cloned().into_iter().collect(),
                            });
                        }
                    }
                })
                .response
                .labelled_by(l.id);
        });
    }
}

fn conduit_inspector(ed: &mut Editor, ui: &mut Ui, c: Conduit) {
    heading(ui, "Conduit", c.id.as_str());
    let model = &ed.doc.model;
    let mut n = c.clone();
    let salt = c.id.as_str().to_owned();
    egui::Grid::new("conduit").num_columns(2).show(ui, |ui| {
        if let Some(v) = text_field(ui, &salt, "Name", &c.name, false) {
            n.name = v;
        }
        if let Some(d) = enum_combo(
            ui,
            &salt,
            "Direction",
            c.direction,
            &Direction::ALL,
            Direction::label,
        ) {
            n.direction = d;
        }
        if let Some(v) = text_field(ui, &salt, "Description", &c.description, true) {
            n.description = v;
        }
    });
    ui.strong("Joins");
    for (i, z) in c.zones.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(format!("{} ({z})", model.name_of(z.as_str())));
            if c.zones.len() > 2
                && ui
                    .small_button("Remove")
                    .on_hover_text("Remove this zone from the conduit")
                    .clicked()
            {
                n.zones.remove(i);
            }
        });
    }
    if model.zones.len() > c.zones.len() {
        ui.horizontal(|ui| {
            let l = ui.label("Add zone");
            egui::ComboBox::from_id_salt(("add-zone", &salt))
                .selected_text("choose…")
                .show_ui(ui, |ui| {
                    for z in model.zones.values().filter(|z| !c.zones.contains(&z.id)) {
                        if ui.selectable_label(false, &z.name).clicked() {
                            n.zones.push(z.id.clone());
                        }
                    }
                })
                .response
                .labelled_by(l.id);
        });
    }

    ui.separator();
    ui.strong("Target security level (SL-T)");
    if let Some(NewTarget(v)) = sl_target(ui, ("conduit-slt", &salt), c.sl_t) {
        n.sl_t = v;
    }
    let from_zones = edit::conduit_sl_t_from_zones(&ed.doc.model, &c);
    if ui
        .add_enabled(
            from_zones.is_some(),
            egui::Button::new("Copy from the zones it joins"),
        )
        .on_hover_text("Element-wise maximum of the SL-T of the internal zones it joins")
        .clicked()
    {
        n.sl_t = from_zones;
    }
    egui::Grid::new("conduit-rationale")
        .num_columns(2)
        .show(ui, |ui| {
            if let Some(v) = text_field(ui, &salt, "Rationale", &c.sl_t_rationale, true) {
                n.sl_t_rationale = v;
            }
        });
    ui.separator();
    ui.strong("Channels");
    channels(ui, &ed.doc.model, &c, &mut n);
    // From the analysis (computed once per change), not a walk over every asset per frame.
    let boundary: Vec<&Asset> = ed
        .derived
        .analysis
        .deltas
        .conduit(c.id.as_str())
        .map(|d| {
            d.boundary_devices
                .iter()
                .filter_map(|a| ed.doc.model.assets.get(a))
                .collect()
        })
        .unwrap_or_default();
    ui.separator();
    ui.strong("Boundary devices");
    if boundary.is_empty() {
        ui.weak("None. Drop a firewall, diode or gateway on the conduit's line or label.");
    }
    let mut select = None;
    for a in boundary {
        if ui
            .link(format!(
                "{} ({})",
                a.name,
                catalog().asset_kind_name(&a.kind)
            ))
            .clicked()
        {
            select = Some(ElementId::Asset(a.id.clone()));
        }
    }
    if let Some(s) = select {
        ed.selection = std::iter::once(s).collect();
    }
    ui.separator();
    not_applicable_section(
        ui,
        c.id.as_str(),
        false,
        &c.not_applicable,
        &mut n.not_applicable,
    );
    if n != c {
        let label = na_label(&c.not_applicable, &n.not_applicable)
            .unwrap_or_else(|| format!("Edit conduit {}", c.name));
        let mut cmds = renamed_channel_refs(&ed.doc.model, &c, &n);
        if cmds.is_empty() {
            ed.push(label, Command::PutConduit(n));
        } else {
            cmds.insert(0, Command::PutConduit(n));
            ed.push(label, Command::Batch(cmds));
        }
    }
    ui.separator();
    countermeasures_for(ed, ui, None, Some(c.id.clone()));
}

/// The undo label of a change to the not-applicable list, if that is what changed.
fn na_label(old: &[NotApplicable], new: &[NotApplicable]) -> Option<String> {
    if new.len() > old.len() {
        new.last()
            .map(|na| format!("Set {} not applicable", na.item))
    } else if new.len() < old.len() {
        old.iter()
            .find(|o| !new.contains(o))
            .map(|na| format!("Set {} applicable again", na.item))
    } else {
        None
    }
}

/// What the "add not-applicable item" row holds between frames.
#[derive(Clone, Default)]
struct NaDraft {
    item: Option<String>,
    justification: String,
    /// The user tried to add without a justification.
    refused: bool,
}

/// A zone's or conduit's 3-3 items set not applicable: each with its justification and a
/// remove button, and a row to add one (the item from the catalog, filtered by where it is
/// judged, and a justification, which may not be empty).
fn not_applicable_section(
    ui: &mut Ui,
    salt: &str,
    zone: bool,
    cur: &[NotApplicable],
    n: &mut Vec<NotApplicable>,
) {
    ui.strong("Not applicable");
    if cur.is_empty() {
        ui.weak("No item set not applicable. Built-in rules (no radio, no portable devices) apply by themselves.");
    }
    let mut remove = None;
    for (i, na) in cur.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.monospace(&na.item);
            if let Some(r) = catalog().requirement(&na.item) {
                ui.label(&r.title);
            }
            if ui
                .small_button(format!("Remove {}", na.item))
                .on_hover_text("The item applies again")
                .clicked()
            {
                remove = Some(i);
            }
        });
        ui.label(RichText::new(&na.justification).small().italics());
    }
    if let Some(i) = remove {
        n.remove(i);
    }
    let id = ui.make_persistent_id(("na-draft", salt));
    let mut draft: NaDraft = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    let shown = draft.item.as_ref().map_or_else(
        || "choose…".to_owned(),
        |i| {
            catalog()
                .requirement(i)
                .map_or_else(|| i.clone(), |r| format!("{} — {}", r.id, r.title))
        },
    );
    egui::Grid::new(("na-add", salt))
        .num_columns(2)
        .show(ui, |ui| {
            let l = ui.label("Item");
            egui::ComboBox::from_id_salt(("na-item", salt))
                .selected_text(shown)
                .width(ui.available_width().min(300.0))
                .show_ui(ui, |ui| {
                    for r in catalog().system.iter().filter(|r| {
                        (if zone {
                            r.scope.on_zones()
                        } else {
                            r.scope.on_conduits()
                        }) && !cur.iter().any(|na| na.item == r.id)
                    }) {
                        let text = format!("{} — {}", r.id, r.title);
                        if ui
                            .selectable_label(draft.item.as_deref() == Some(r.id.as_str()), text)
                            .clicked()
                        {
                            draft.item = Some(r.id.clone());
                        }
                    }
                })
                .response
                .labelled_by(l.id)
                .on_hover_text(if zone {
                    "3-3 items judged on zones"
                } else {
                    "3-3 items judged on conduits"
                });
            ui.end_row();
            let l = ui.label("Why it does not apply");
            ui.vertical(|ui| {
                let r = ui
                    .add(
                        egui::TextEdit::multiline(&mut draft.justification)
                            .desired_rows(2)
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(l.id);
                if r.changed() && !draft.justification.trim().is_empty() {
                    draft.refused = false;
                }
                if draft.refused {
                    ui.label(
                        RichText::new(
                            "A justification is required: say why the item does not apply.",
                        )
                        .small()
                        .color(BAD),
                    );
                }
            });
            ui.end_row();
        });
    if ui
        .add_enabled(
            draft.item.is_some(),
            egui::Button::new("Set not applicable"),
        )
        .on_hover_text("Needs an item and a justification")
        .clicked()
        && let Some(item) = draft.item.clone()
    {
        if draft.justification.trim().is_empty() {
            draft.refused = true;
        } else {
            n.push(NotApplicable {
                item,
                justification: draft.justification.trim().to_owned(),
            });
            draft = NaDraft::default();
        }
    }
    ui.data_mut(|d| d.insert_temp(id, draft));
}

/// Countermeasures that name a channel of `old` by a name `new` changed: updated to the new
/// name (channels matched by position).
fn renamed_channel_refs(model: &Model, old: &Conduit, new: &Conduit) -> Vec<Command> {
    let renames: Vec<(&str, &str)> = old
        .channels
        .iter()
        .zip(&new.channels)
        .filter(|(a, b)| a.name != b.name && !a.name.is_empty())
        .map(|(a, b)| (a.name.as_str(), b.name.as_str()))
        .collect();
    if renames.is_empty() || old.channels.len() != new.channels.len() {
        return Vec::new();
    }
    model
        .countermeasures
        .values()
        .filter_map(|cm| {
            let mut n = cm.clone();
            for r in &mut n.channels {
                if r.conduit == old.id
                    && let Some((_, to)) = renames.iter().find(|(from, _)| *from == r.channel)
                {
                    r.channel = (*to).to_owned();
                }
            }
            (n != *cm).then_some(Command::PutCountermeasure(n))
        })
        .collect()
}

/// The channels of a conduit as an editable table.
fn channels(ui: &mut Ui, model: &Model, c: &Conduit, n: &mut Conduit) {
    let assets = || -> Vec<(Option<AssetId>, String)> {
        std::iter::once((None, "—".to_owned()))
            .chain(
                model
                    .assets
                    .values()
                    .filter(|a| {
                        a.placement.zone().is_some_and(|z| {
                            c.zones.contains(z)
                                || model.ancestors(z).iter().any(|p| c.zones.contains(p))
                        }) || a.placement.conduit() == Some(&c.id)
                    })
                    .map(|a| (Some(a.id.clone()), a.name.clone())),
            )
            .collect()
    };
    let asset_name = |a: &Option<AssetId>| {
        a.as_ref()
            .map_or_else(|| "—".to_owned(), |a| model.name_of(a.as_str()).to_owned())
    };
    let protocols: Vec<(String, String)> = catalog()
        .protocols
        .iter()
        .map(|p| (p.key.clone(), p.name.clone()))
        .collect();
    let mut remove = None;
    for (i, ch) in c.channels.iter().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            egui::Grid::new(("channel", c.id.as_str(), i))
                .num_columns(2)
                .show(ui, |ui| {
                    let salt = (c.id.as_str().to_owned(), i);
                    if let Some(v) = text_field(ui, &salt, "Channel name", &ch.name, false) {
                        n.channels[i].name = v.trim().to_owned();
                    }
                    if !ch.name.is_empty()
                        && c.channels.iter().filter(|o| o.name == ch.name).count() > 1
                    {
                        ui.label("");
                        ui.label(
                            RichText::new("Another channel has this name; countermeasures name channels by it.")
                                .small()
                                .color(WARN),
                        );
                        ui.end_row();
                    }
                    if let Some(p) = combo(
                        ui,
                        &salt,
                        "Protocol",
                        &ch.protocol,
                        &shown_of(&protocols, &ch.protocol),
                        || protocols.clone(),
                    ) {
                        n.channels[i].port = catalog().protocol(&p).and_then(|p| p.default_port());
                        n.channels[i].protocol = p;
                    }
                    let port = ch.port.map(|p| p.to_string()).unwrap_or_default();
                    if let Some(v) = parsed_field(ui, &salt, "Port", &port, parse_port) {
                        n.channels[i].port = v;
                    }
                    if let Some(d) = enum_combo(
                        ui,
                        &salt,
                        "Direction",
                        ch.direction,
                        &Direction::ALL,
                        Direction::label,
                    ) {
                        n.channels[i].direction = d;
                    }
                    if let Some(a) = combo(
                        ui,
                        &salt,
                        "From asset",
                        &ch.source,
                        &asset_name(&ch.source),
                        assets,
                    ) {
                        n.channels[i].source = a;
                    }
                    if let Some(a) = combo(
                        ui,
                        &salt,
                        "To asset",
                        &ch.destination,
                        &asset_name(&ch.destination),
                        assets,
                    ) {
                        n.channels[i].destination = a;
                    }
                    if let Some(v) = text_field(ui, &salt, "Purpose", &ch.purpose, false) {
                        n.channels[i].purpose = v;
                    }
                });
            if ui
                .small_button(format!("Remove channel {}", i + 1))
                .clicked()
            {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        n.channels.remove(i);
    }
    if ui.button("Add channel").clicked() {
        let p = catalog().protocols.first();
        let mut ch = Channel::new(p.map(|p| p.key.clone()).unwrap_or_default(), "");
        ch.port = p.and_then(|p| p.default_port());
        n.channels.push(ch);
    }
}

/// The countermeasures that apply to a zone or conduit, editable, and a button to add one.
fn countermeasures_for(
    ed: &mut Editor,
    ui: &mut Ui,
    zone: Option<ZoneId>,
    conduit: Option<ConduitId>,
) {
    ui.strong("Countermeasures");
    let list: Vec<Countermeasure> = ed
        .doc
        .model
        .countermeasures
        .values()
        .filter(|cm| {
            zone.as_ref().is_some_and(|z| cm.zones.contains(z))
                || conduit.as_ref().is_some_and(|c| cm.conduits.contains(c))
        })
        .cloned()
        .collect();
    if list.is_empty() {
        ui.weak("None. A countermeasure covers requirement items the assets cannot meet.");
    }
    for cm in list {
        egui::CollapsingHeader::new(format!("{} — {}", cm.id, cm.name))
            .id_salt(("cm", cm.id.as_str()))
            .show(ui, |ui| countermeasure_editor(ed, ui, cm));
    }
    if ui.button("Add countermeasure").clicked() {
        let id = ed.doc.model.fresh_id("CM");
        let cm = Countermeasure {
            id: id.as_str().into(),
            name: "New countermeasure".to_owned(),
            kind: CountermeasureKind::Technical,
            status: CountermeasureStatus::Planned,
            covers: Vec::new(),
            zones: zone.into_iter().collect(),
            conduits: conduit.into_iter().collect(),
            assets: vec![],
            channels: vec![],
            justification: String::new(),
        };
        ed.push("Add countermeasure", Command::PutCountermeasure(cm));
    }
}

fn countermeasure_editor(ed: &mut Editor, ui: &mut Ui, cm: Countermeasure) {
    let mut n = cm.clone();
    let salt = cm.id.as_str().to_owned();
    let mut remove = false;
    egui::Grid::new(("cm-grid", &salt))
        .num_columns(2)
        .show(ui, |ui| {
            if let Some(v) = text_field(ui, &salt, "Name", &cm.name, false) {
                n.name = v;
            }
            if let Some(k) = enum_combo(
                ui,
                &salt,
                "Kind",
                cm.kind,
                &CountermeasureKind::ALL,
                CountermeasureKind::label,
            ) {
                n.kind = k;
            }
            if let Some(s) = enum_combo(
                ui,
                &salt,
                "Status",
                cm.status,
                &CountermeasureStatus::ALL,
                CountermeasureStatus::label,
            ) {
                n.status = s;
            }
            let covers = cm.covers.join(", ");
            if let Some(ids) = parsed_field(ui, &salt, "Covers (ids)", &covers, parse_ids) {
                n.covers = ids;
            }
            if let Some(v) = text_field(ui, &salt, "Justification", &cm.justification, true) {
                n.justification = v;
            }
            if cm.kind == CountermeasureKind::Compensating && cm.justification.trim().is_empty() {
                ui.label("");
                ui.label(
                    RichText::new(
                        "⚠ A compensating countermeasure needs a justification: without one it \
                         covers nothing.",
                    )
                    .small()
                    .color(WARN),
                );
                ui.end_row();
            }
        });
    countermeasure_targets(ui, &ed.doc.model, &cm, &mut n);
    if ui.small_button(format!("Delete {}", cm.id)).clicked() {
        remove = true;
    }
    if remove {
        ed.push(
            format!("Delete countermeasure {}", cm.id),
            Command::RemoveCountermeasure(cm.id.clone()),
        );
    } else if n != cm {
        ed.push(
            format!("Edit countermeasure {}", cm.id),
            Command::PutCountermeasure(n),
        );
    }
}

/// The assets and named channels a countermeasure applies to, with add and remove.
fn countermeasure_targets(ui: &mut Ui, model: &Model, cm: &Countermeasure, n: &mut Countermeasure) {
    let salt = cm.id.as_str();
    ui.label(RichText::new("Applies to assets").strong());
    if cm.assets.is_empty() {
        ui.weak("No asset. Its 4-2 ids take effect on the assets it applies to.");
    }
    let mut remove_asset = None;
    for (i, a) in cm.assets.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(format!("{} ({a})", model.name_of(a.as_str())));
            if ui
                .small_button(format!("Remove asset {a}"))
                .on_hover_text("The countermeasure no longer applies to this asset")
                .clicked()
            {
                remove_asset = Some(i);
            }
        });
    }
    if let Some(i) = remove_asset {
        n.assets.remove(i);
    }
    ui.horizontal(|ui| {
        let l = ui.label("Apply to asset");
        egui::ComboBox::from_id_salt(("cm-add-asset", salt))
            .selected_text("choose…")
            .show_ui(ui, |ui| {
                for a in model.assets.values().filter(|a| !cm.assets.contains(&a.id)) {
                    if ui
                        .selectable_label(false, format!("{} ({})", a.name, a.id))
                        .clicked()
                    {
                        n.assets.push(a.id.clone());
                        n.assets.sort();
                    }
                }
            })
            .response
            .labelled_by(l.id);
    });
    ui.label(RichText::new("Applies to channels").strong());
    if cm.channels.is_empty() {
        ui.weak(
            "No channel. Name a conduit's channels to let a countermeasure carry some of them.",
        );
    }
    let mut remove_channel = None;
    for (i, r) in cm.channels.iter().enumerate() {
        ui.horizontal(|ui| {
            let known = model
                .conduits
                .get(&r.conduit)
                .is_some_and(|c| c.channel(&r.channel).is_some());
            ui.label(format!(
                "{} / {}",
                model.name_of(r.conduit.as_str()),
                r.channel
            ));
            if !known {
                ui.label(RichText::new("no such channel").small().color(WARN));
            }
            if ui
                .small_button(format!("Remove {} / {}", r.conduit, r.channel))
                .clicked()
            {
                remove_channel = Some(i);
            }
        });
    }
    if let Some(i) = remove_channel {
        n.channels.remove(i);
    }
    ui.horizontal(|ui| {
        let l = ui.label("Apply to channel");
        egui::ComboBox::from_id_salt(("cm-add-channel", salt))
            .selected_text("choose…")
            .show_ui(ui, |ui| {
                let mut any = false;
                for c in model.conduits.values() {
                    for ch in c.channels.iter().filter(|ch| !ch.name.is_empty()) {
                        let r = ChannelRef {
                            conduit: c.id.clone(),
                            channel: ch.name.clone(),
                        };
                        if cm.channels.contains(&r) {
                            continue;
                        }
                        any = true;
                        if ui
                            .selectable_label(false, format!("{} / {}", c.name, ch.name))
                            .clicked()
                        {
                            n.channels.push(r);
                            n.channels.sort();
                        }
                    }
                }
                if !any {
                    ui.weak("No named channel: give channels a name in the conduit's inspector.");
                }
            })
            .response
            .labelled_by(l.id);
    });
}

/// Common fields of several selected elements.
fn multi_inspector(ed: &mut Editor, ui: &mut Ui, sel: &[ElementId]) {
    heading(ui, "Selection", &edit::describe(&ed.selection));
    let model = &ed.doc.model;
    let zones: Vec<&Zone> = sel
        .iter()
        .filter_map(|e| match e {
            ElementId::Zone(z) => model.zones.get(z),
            _ => None,
        })
        .collect();
    let assets: Vec<&Asset> = sel
        .iter()
        .filter_map(|e| match e {
            ElementId::Asset(a) => model.assets.get(a),
            _ => None,
        })
        .collect();
    let mut cmds = Vec::new();
    let mut narrow: Option<bool> = None;
    if zones.len() == sel.len() {
        let first = zones[0];
        let same_kind = zones.iter().all(|z| z.kind == first.kind);
        let same_slt = zones.iter().all(|z| z.sl_t == first.sl_t);
        egui::Grid::new("multi-zone").num_columns(2).show(ui, |ui| {
            let kinds: Vec<(Option<ZoneKind>, String)> =
                std::iter::once((None, "(mixed)".to_owned()))
                    .chain(
                        ZoneKind::ALL
                            .iter()
                            .map(|k| (Some(*k), k.label().to_owned())),
                    )
                    .collect();
            let cur = same_kind.then_some(first.kind);
            if let Some(Some(k)) = combo(ui, "multi", "Kind", &cur, &shown_of(&kinds, &cur), || {
                kinds.clone()
            }) {
                for z in &zones {
                    let mut n = (*z).clone();
                    n.kind = k;
                    cmds.push(Command::PutZone(n));
                }
            }
        });
        ui.strong("SL-T of all");
        if !same_slt {
            ui.weak("The zones differ; a change sets all of them.");
        }
        if let Some(NewTarget(v)) = sl_target(ui, "multi-slt", first.sl_t) {
            for z in &zones {
                let mut n = (*z).clone();
                n.sl_t = v;
                cmds.push(Command::PutZone(n));
            }
        }
    } else if assets.len() == sel.len() {
        let first = assets[0];
        egui::Grid::new("multi-asset")
            .num_columns(2)
            .show(ui, |ui| {
                let crit: Vec<(Option<Criticality>, String)> =
                    std::iter::once((None, "(mixed)".to_owned()))
                        .chain(
                            Criticality::ALL
                                .iter()
                                .map(|c| (Some(*c), c.label().to_owned())),
                        )
                        .collect();
                let cur = assets
                    .iter()
                    .all(|a| a.criticality == first.criticality)
                    .then_some(first.criticality);
                if let Some(Some(c)) = combo(
                    ui,
                    "multi",
                    "Criticality",
                    &cur,
                    &shown_of(&crit, &cur),
                    || crit.clone(),
                ) {
                    for a in &assets {
                        let mut n = (*a).clone();
                        n.criticality = c;
                        cmds.push(Command::PutAsset(n));
                    }
                }
            });
        ui.strong("SL-C of all");
        if let Some(v) = sl_vector(ui, "multi-slc", first.sl_c) {
            for a in &assets {
                let mut n = (*a).clone();
                n.sl_c = v;
                cmds.push(Command::PutAsset(n));
            }
        }
    } else {
        ui.weak("Select only zones or only assets to edit their common fields.");
        let (has_zones, has_assets) = (!zones.is_empty(), !assets.is_empty());
        ui.horizontal(|ui| {
            if has_zones && ui.button("Keep only the zones").clicked() {
                narrow = Some(true);
            }
            if has_assets && ui.button("Keep only the assets").clicked() {
                narrow = Some(false);
            }
        });
    }
    if let Some(zones) = narrow {
        ed.selection.retain(|e| {
            if zones {
                matches!(e, ElementId::Zone(_))
            } else {
                matches!(e, ElementId::Asset(_))
            }
        });
    }
    if !cmds.is_empty() {
        let label = format!("Edit {}", edit::describe(&ed.selection));
        ed.push(label, Command::Batch(cmds));
    }
}

// ---------------------------------------------------------------- deltas

/// The text and fill of one matrix cell, `T/A/C`: SL-T, the estimated SL-A and SL-C (`?` when
/// unknown). The fill compares SL-T with SL-A: green where met, amber one level short, red more.
fn level_cell(
    t: Option<SecurityLevel>,
    a: Option<SecurityLevel>,
    c: Option<SecurityLevel>,
) -> (String, Color32) {
    let c_text = c.map_or_else(|| "?".to_owned(), |c| c.to_string());
    match (t, a) {
        (None, _) => (format!("–/–/{c_text}"), Color32::from_gray(225)),
        (Some(t), a) => {
            let a_level = a.unwrap_or(SecurityLevel::SL0);
            let a_text = a.map_or_else(|| "–".to_owned(), |a| a.to_string());
            let text = format!("{t}/{a_text}/{c_text}");
            let fill = if a_level >= t {
                Color32::from_rgb(0xd7, 0xf0, 0xd8)
            } else if t.get() - a_level.get() == 1 {
                Color32::from_rgb(0xfb, 0xe7, 0xb5)
            } else {
                Color32::from_rgb(0xf6, 0xbd, 0xb9)
            };
            (text, fill)
        }
    }
}

/// `text` cut to `max_w` with an ellipsis, never a letter cut in half.
fn elide(ui: &Ui, text: &str, font: &egui::FontId, max_w: f32) -> String {
    let width = |t: &str| {
        ui.fonts_mut(|f| {
            f.layout_no_wrap(t.to_owned(), font.clone(), Color32::WHITE)
                .size()
                .x
        })
    };
    if width(text) <= max_w {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 1 {
        n -= 1;
        let mut cut = chars[..n].iter().collect::<String>().trim_end().to_owned();
        cut.push('…');
        if width(&cut) <= max_w {
            return cut;
        }
    }
    "…".to_owned()
}

const NAME_W: f32 = 110.0;
const CELL_W: f32 = 38.0;
const UNMET_W: f32 = 66.0;
const ROW_H: f32 = 20.0;

/// The zone × FR matrix, one painted row per zone and conduit. Only the rows in view are
/// drawn, so a large model costs nothing extra per frame.
fn delta_matrix(ed: &mut Editor, ui: &mut Ui) {
    let font = egui::FontId::proportional(13.0);
    let small = egui::FontId::monospace(11.0);
    let text_color = ui.visuals().text_color();
    let width = NAME_W + 7.0 * CELL_W + UNMET_W;
    // Header.
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, ROW_H), egui::Sense::hover());
    let p = ui.painter();
    p.text(
        rect.left_center(),
        egui::Align2::LEFT_CENTER,
        "Zone / conduit",
        font.clone(),
        text_color,
    );
    for (i, fr) in Fr::ALL.iter().enumerate() {
        let x = rect.left() + NAME_W + CELL_W * (i as f32 + 0.5);
        let r = ui.interact(
            egui::Rect::from_center_size(egui::pos2(x, rect.center().y), egui::vec2(CELL_W, ROW_H)),
            ui.scope_id().with(("fr-head", i)),
            egui::Sense::hover(),
        );
        r.on_hover_text(format!("{} {}", fr.label(), fr.title()));
        ui.painter().text(
            egui::pos2(x, rect.center().y),
            egui::Align2::CENTER_CENTER,
            fr.abbrev(),
            egui::FontId::proportional(11.0),
            text_color,
        );
    }
    ui.painter().text(
        egui::pos2(rect.left() + NAME_W + 7.0 * CELL_W + 6.0, rect.center().y),
        egui::Align2::LEFT_CENTER,
        "Unmet",
        font.clone(),
        text_color,
    );
    let n_zones = ed.derived.analysis.deltas.zones.len();
    let rows = n_zones + ed.derived.analysis.deltas.conduits.len();
    let mut select: Option<ElementId> = None;
    egui::ScrollArea::vertical()
        .id_salt("delta-matrix")
        .max_height(340.0)
        .auto_shrink([false, true])
        .show_rows(ui, ROW_H, rows, |ui, range| {
            let deltas = &ed.derived.analysis.deltas;
            for i in range {
                let (el, d) = if i < n_zones {
                    let z = &deltas.zones[i];
                    (ElementId::Zone(z.id.clone()), &z.delta)
                } else {
                    let c = &deltas.conduits[i - n_zones];
                    (ElementId::Conduit(c.id.clone()), &c.delta)
                };
                let name = ed.doc.model.name_of(el.as_str());
                let name = if matches!(el, ElementId::Conduit(_)) {
                    format!("⇄ {name}")
                } else {
                    name.to_owned()
                };
                let cells: Vec<(String, Color32)> = Fr::ALL
                    .iter()
                    .map(|fr| {
                        level_cell(
                            d.sl_t.map(|t| t.get(*fr)),
                            d.sl_a.map(|a| a.get(*fr)),
                            d.sl_c.map(|c| c.get(*fr)),
                        )
                    })
                    .collect();
                let unmet = if d.is_assessed() {
                    format!("{} unmet", d.unmet.len())
                } else {
                    "not assessed".to_owned()
                };
                // The short form fits the column; the hover text has the whole row.
                let unmet_short = if d.is_assessed() {
                    unmet.clone()
                } else {
                    "–".to_owned()
                };
                let summary = Fr::ALL
                    .iter()
                    .zip(&cells)
                    .map(|(fr, (t, _))| format!("{} {t}", fr.abbrev()))
                    .collect::<Vec<_>>()
                    .join(", ");
                let label = format!("{name}: {summary}; {unmet}");
                let (rect, resp) =
                    ui.allocate_exact_size(egui::vec2(width, ROW_H), egui::Sense::click());
                resp.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, label.clone())
                });
                let selected = ed.selection.contains(&el);
                let p = ui.painter_at(rect);
                if selected {
                    p.rect_filled(rect, 2.0, ui.visuals().selection.bg_fill);
                } else if resp.hovered() {
                    p.rect_filled(rect, 2.0, ui.visuals().widgets.hovered.weak_bg_fill);
                }
                let name_rect =
                    egui::Rect::from_min_size(rect.min, egui::vec2(NAME_W - 4.0, ROW_H));
                ui.painter_at(name_rect).text(
                    name_rect.left_center() + egui::vec2(4.0, 0.0),
                    egui::Align2::LEFT_CENTER,
                    elide(ui, &name, &font, NAME_W - 8.0),
                    font.clone(),
                    text_color,
                );
                for (k, (text, fill)) in cells.iter().enumerate() {
                    let c = egui::Rect::from_min_size(
                        egui::pos2(
                            rect.left() + NAME_W + CELL_W * k as f32 + 2.0,
                            rect.top() + 2.0,
                        ),
                        egui::vec2(CELL_W - 4.0, ROW_H - 4.0),
                    );
                    p.rect_filled(c, 2.0, *fill);
                    p.text(
                        c.center(),
                        egui::Align2::CENTER_CENTER,
                        text,
                        small.clone(),
                        Color32::from_gray(20),
                    );
                }
                let unmet_color = match d.unmet.len() {
                    _ if !d.is_assessed() => ui.visuals().weak_text_color(),
                    0 => OK,
                    _ => BAD,
                };
                p.text(
                    egui::pos2(rect.left() + NAME_W + 7.0 * CELL_W + 6.0, rect.center().y),
                    egui::Align2::LEFT_CENTER,
                    &unmet_short,
                    egui::FontId::proportional(11.5),
                    unmet_color,
                );
                if resp.on_hover_text(&label).clicked() {
                    select = Some(el);
                }
            }
        });
    if let Some(s) = select {
        ed.selection = std::iter::once(s).collect();
    }
}

fn deltas(ed: &mut Editor, ui: &mut Ui) {
    ui.heading("Requirement deltas");
    ui.label(RichText::new(SLC_HEURISTIC).small().weak());
    heuristics_note(ui);
    ui.add_space(4.0);
    ui.label(
        RichText::new(
            "Cells show SL-T/SL-A/SL-C per FR (? = SL-C unknown); the colour compares SL-T with \
             the estimated SL-A: red where SL-A falls two or more levels short, amber one.",
        )
        .small(),
    );
    delta_matrix(ed, ui);
    ui.separator();
    let sel: Vec<ElementId> = ed.selection.iter().cloned().collect();
    match sel.as_slice() {
        [ElementId::Zone(z)] => {
            if let Some(d) = ed
                .derived
                .analysis
                .deltas
                .zone(z.as_str())
                .map(|d| d.delta.clone())
            {
                element_delta(ed, ui, z.as_str(), &d);
            }
        }
        [ElementId::Conduit(c)] => {
            if let Some(d) = ed
                .derived
                .analysis
                .deltas
                .conduit(c.as_str())
                .map(|d| d.delta.clone())
            {
                element_delta(ed, ui, c.as_str(), &d);
            }
        }
        [ElementId::Asset(a)] => asset_delta(ed, ui, a),
        _ => {
            ui.weak("Select a zone, conduit or asset to see its unmet requirement items.");
        }
    }
}

fn requirement_text(ed: &Editor, ui: &mut Ui, id: &str) {
    if let Some(t) = ed.texts.as_ref().and_then(|t| t.get(id)) {
        ui.label(RichText::new(t).small().italics());
    }
}

/// The SL-A and allocation heuristics: a short line, the full texts on hover.
fn heuristics_note(ui: &mut Ui) {
    ui.label(
        RichText::new(
            "Note: SL-A is an estimate, and who provides each item follows the tool's allocation \
             table: heuristics of this tool (hover for details).",
        )
        .small()
        .weak(),
    )
    .on_hover_text(format!("{SLA_HEURISTIC}\n\n{ALLOCATION_HEURISTIC}"));
}

/// Who can provide an item, in words: "Boundary device · Security service (log)".
fn providers_text(r: &Requirement) -> String {
    r.providers
        .iter()
        .map(|p| match (p, r.service) {
            (Provider::Service, Some(s)) => format!("{} ({})", p.label(), s.label().to_lowercase()),
            _ => p.label().to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// SL-T, SL-A and SL-C of an element, one row each, one column per FR.
fn level_rows(ui: &mut Ui, salt: &str, d: &Delta) {
    let cell = |v: Option<SlVector>, fr: Fr, unknown: &str| {
        v.map_or_else(|| unknown.to_owned(), |v| v.get(fr).to_string())
    };
    egui::Grid::new(("levels", salt))
        .spacing([10.0, 2.0])
        .striped(true)
        .show(ui, |ui| {
            ui.label("");
            for fr in Fr::ALL {
                ui.label(RichText::new(fr.abbrev()).small().strong())
                    .on_hover_text(format!("{} {}", fr.label(), fr.title()));
            }
            ui.end_row();
            ui.label("SL-T").on_hover_text("Target security level");
            for fr in Fr::ALL {
                ui.monospace(cell(d.sl_t, fr, "–"));
            }
            ui.end_row();
            ui.label("SL-A (est.)").on_hover_text(SLA_HEURISTIC);
            for fr in Fr::ALL {
                let text = cell(d.sl_a, fr, "–");
                let color = match (d.sl_t, d.sl_a) {
                    (Some(t), Some(a)) if a.get(fr) < t.get(fr) => {
                        if t.get(fr).get() - a.get(fr).get() >= 2 {
                            BAD
                        } else {
                            WARN
                        }
                    }
                    (Some(_), Some(_)) => OK,
                    _ => ui.visuals().weak_text_color(),
                };
                ui.label(RichText::new(text).monospace().color(color));
            }
            ui.end_row();
            ui.label("SL-C").on_hover_text(SLC_HEURISTIC);
            for fr in Fr::ALL {
                ui.monospace(cell(d.sl_c, fr, "?"));
            }
            ui.end_row();
        });
}

fn element_delta(ed: &mut Editor, ui: &mut Ui, id: &str, d: &Delta) {
    let name = ed.doc.model.name_of(id).to_owned();
    ui.heading(format!("Delta of {name}"));
    let mut select: Option<AssetId> = None;
    if !d.sl_c_unknown.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("SL-C unknown:").small().color(WARN));
            for a in &d.sl_c_unknown {
                if ui.link(ed.doc.model.name_of(a.as_str())).clicked() {
                    select = Some(a.clone());
                }
            }
        });
    }
    if d.sl_t.is_none() {
        ui.weak("Not assessed: no SL-T (or an external zone).");
        ui.horizontal(|ui| {
            ui.label("SL-C");
            ui.monospace(d.sl_c_label());
        });
        if let Some(a) = select {
            ed.select_and_frame(&[ElementId::Asset(a)]);
        }
        return;
    }
    level_rows(ui, id, d);
    let gaps = d.gap_frs();
    if gaps.is_empty() {
        ui.label(RichText::new("SL-A reaches SL-T on every FR.").color(OK));
    } else {
        let frs: Vec<&str> = gaps.iter().map(|f| f.abbrev()).collect();
        ui.label(
            RichText::new(format!("SL-A below SL-T on {}", frs.join(", ")))
                .color(if d.gap_severe() { BAD } else { WARN }),
        );
    }
    if d.unmet.is_empty() {
        ui.label(RichText::new("Every requirement item of the target is met.").color(OK));
    }
    for fr in Fr::ALL {
        let items: Vec<_> = d.unmet.iter().filter(|u| u.requirement.fr == fr).collect();
        if items.is_empty() {
            continue;
        }
        egui::CollapsingHeader::new(format!(
            "{} {} — {} unmet",
            fr.label(),
            fr.title(),
            items.len()
        ))
        .id_salt(("unmet", id, fr.number()))
        .default_open(true)
        .show(ui, |ui| {
            // Items of one FR and level share their culprits: name them once per run.
            for (i, u) in items.iter().enumerate() {
                ui.horizontal_wrapped(|ui| {
                    ui.monospace(&u.requirement.id);
                    ui.label(&u.requirement.title);
                    ui.weak(format!("SL {}", u.requirement.level));
                });
                requirement_text(ed, ui, &u.requirement.id);
                ui.label(
                    RichText::new(format!("provided by {}", providers_text(u.requirement))).small(),
                )
                .on_hover_text(if u.requirement.note.is_empty() {
                    ALLOCATION_HEURISTIC.to_owned()
                } else {
                    format!("{}\n\n{ALLOCATION_HEURISTIC}", u.requirement.note)
                });
                for r in u.reason_texts() {
                    ui.label(RichText::new(format!("• {r}")).small().color(BAD));
                }
                if !u.planned.is_empty() {
                    let names: Vec<&str> = u
                        .planned
                        .iter()
                        .map(|c| ed.doc.model.name_of(c.as_str()))
                        .collect();
                    ui.weak(format!("planned: {}", names.join(", ")));
                }
                let run_ends = items
                    .get(i + 1)
                    .is_none_or(|next| next.culprits != u.culprits);
                if run_ends && !u.culprits.is_empty() {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new("↳ held back by").small().color(BAD));
                        for a in u.culprits.iter() {
                            if ui.link(ed.doc.model.name_of(a.as_str())).clicked() {
                                select = Some(a.clone());
                            }
                        }
                    });
                }
                ui.add_space(4.0);
            }
        });
    }
    if !d.covered.is_empty() {
        egui::CollapsingHeader::new(format!("Covered by countermeasures — {}", d.covered.len()))
            .id_salt(("covered", id))
            .show(ui, |ui| {
                for c in &d.covered {
                    let names: Vec<&str> =
                        c.by.iter()
                            .map(|b| ed.doc.model.name_of(b.as_str()))
                            .collect();
                    ui.horizontal_wrapped(|ui| {
                        ui.monospace(&c.requirement.id);
                        ui.label(&c.requirement.title);
                        ui.weak(format!("by {}", names.join(", ")));
                    });
                }
            });
    }
    if !d.not_applicable.is_empty() {
        egui::CollapsingHeader::new(format!("Not applicable — {}", d.not_applicable.len()))
            .id_salt(("not-applicable", id))
            .show(ui, |ui| {
                for na in &d.not_applicable {
                    ui.horizontal_wrapped(|ui| {
                        ui.monospace(&na.requirement.id);
                        ui.label(&na.requirement.title);
                        if na.built_in {
                            ui.label(RichText::new("built-in").small().weak())
                                .on_hover_text("Set by a built-in applicability rule of the tool");
                        } else {
                            ui.label(RichText::new("user").small().strong())
                                .on_hover_text(
                                    "Set not applicable in the zone or conduit's inspector",
                                );
                        }
                    });
                    ui.label(RichText::new(na.reason.as_ref()).small().italics());
                }
            });
    }
    if let Some(a) = select {
        ed.select_and_frame(&[ElementId::Asset(a)]);
    }
}

fn asset_delta(ed: &mut Editor, ui: &mut Ui, a: &AssetId) {
    let name = ed.doc.model.name_of(a.as_str()).to_owned();
    ui.heading(format!("Component delta of {name}"));
    let Some(d) = ed.derived.analysis.deltas.asset(a.as_str()) else {
        return;
    };
    let Some(t) = d.target else {
        ui.weak("Its zone or conduit has no SL-T, so there is nothing to measure against.");
        return;
    };
    ui.horizontal(|ui| {
        ui.label("Measured against SL-T");
        ui.monospace(t.to_string());
    });
    ui.label(RichText::new(crate::catalog::CR_EDITION).small().weak());
    if d.unmet.is_empty() {
        ui.label(RichText::new("Its capability meets every applicable 4-2 item.").color(OK));
    }
    for fr in Fr::ALL {
        let items: Vec<_> = d.unmet.iter().filter(|r| r.fr == fr).collect();
        if items.is_empty() {
            continue;
        }
        egui::CollapsingHeader::new(format!(
            "{} {} — {} unmet",
            fr.label(),
            fr.title(),
            items.len()
        ))
        .id_salt(("cr", a.as_str(), fr.number()))
        .default_open(true)
        .show(ui, |ui| {
            for r in items {
                ui.horizontal_wrapped(|ui| {
                    ui.monospace(&r.id);
                    ui.label(&r.title);
                    ui.weak(format!("SL {} · {}", r.level, r.applies_to.key()));
                });
                requirement_text(ed, ui, &r.id);
            }
        });
    }
}

// ---------------------------------------------------------------- findings

fn findings(ed: &mut Editor, ui: &mut Ui) {
    ui.heading("Findings");
    ui.horizontal(|ui| {
        ui.label("Show");
        for (i, label) in ["Errors", "Warnings", "Info"].iter().enumerate() {
            ui.checkbox(&mut ed.severity_filter[i], *label);
        }
    });
    let mut frame: Option<Vec<ElementId>> = None;
    let mut accept: Option<String> = None;
    let mut revoke: Option<String> = None;
    let shown: Vec<_> = ed
        .derived
        .analysis
        .findings
        .iter()
        .filter(|f| {
            ed.severity_filter[match f.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            }]
        })
        .collect();
    if shown.is_empty() {
        ui.weak("No findings to show.");
    }
    // Virtualised: a large plant has thousands of findings; only the rows in view are laid
    // out. Each row is two lines (severity, rule, action; the message, whole on hover).
    let row_h = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 14.0;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_h, shown.len(), |ui, range| {
            for f in &shown[range] {
                let color = match f.severity {
                    Severity::Error => BAD,
                    Severity::Warning => WARN,
                    Severity::Info => Color32::from_rgb(0x2f, 0x6d, 0xb5),
                };
                let accepted = ed.doc.model.accepted.get(&f.id);
                let (rect, _) = ui.allocate_exact_size(
                    egui::vec2(ui.available_width(), row_h),
                    egui::Sense::hover(),
                );
                let mut row = ui.new_child(
                    egui::UiBuilder::new()
                        .max_rect(rect.shrink2(egui::vec2(4.0, 3.0)))
                        .layout(egui::Layout::top_down(egui::Align::Min)),
                );
                row.set_clip_rect(rect.intersect(ui.clip_rect()));
                row.horizontal(|ui| {
                    ui.label(
                        RichText::new(f.severity.label().to_uppercase())
                            .small()
                            .strong()
                            .color(color),
                    );
                    ui.monospace(f.rule);
                    if f.accepted {
                        ui.label(RichText::new("accepted").small().color(OK));
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if accepted.is_some() {
                            if ui.small_button("Un-accept").clicked() {
                                revoke = Some(f.id.clone());
                            }
                        } else if ui
                            .small_button("Accept…")
                            .on_hover_text("Accept with a justification")
                            .clicked()
                        {
                            accept = Some(f.id.clone());
                        }
                    });
                });
                let selected =
                    f.elements.iter().all(|e| ed.selection.contains(e)) && !f.elements.is_empty();
                let msg = if f.accepted {
                    RichText::new(&f.message).weak()
                } else {
                    RichText::new(&f.message)
                };
                let hover = match accepted {
                    Some(a) => format!(
                        "{}\n\nAccepted{}{}: {}",
                        f.message,
                        if a.by.is_empty() {
                            String::new()
                        } else {
                            format!(" by {}", a.by)
                        },
                        if a.date.is_empty() {
                            String::new()
                        } else {
                            format!(" on {}", a.date)
                        },
                        a.justification
                    ),
                    None => format!("{}\n\nClick to select and show its elements", f.message),
                };
                if row
                    .add(egui::Button::selectable(selected, msg).truncate())
                    .on_hover_text(hover)
                    .clicked()
                {
                    frame = Some(f.elements.clone());
                }
                ui.painter().hline(
                    rect.x_range(),
                    rect.bottom() - 0.5,
                    ui.visuals().widgets.noninteractive.bg_stroke,
                );
            }
        });
    if let Some(els) = frame {
        ed.select_and_frame(&els);
    }
    if let Some(id) = accept {
        ed.start_accept(id);
    }
    if let Some(id) = revoke {
        ed.push(
            format!("Un-accept {id}"),
            Command::SetAcceptance {
                finding: id,
                acceptance: None,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_dates_and_ids_parse_or_say_why() {
        assert_eq!(parse_port(" 502 "), Ok(Some(502)));
        assert_eq!(parse_port(""), Ok(None));
        assert!(parse_port("abc").is_err_and(|e| e.contains("not a port number")));
        assert!(parse_port("99999").is_err_and(|e| e.contains("1 to 65535")));
        assert!(parse_port("0").is_err());
        assert_eq!(parse_date("2026-11-30"), Ok("2026-11-30".to_owned()));
        assert_eq!(parse_date(" "), Ok(String::new()));
        assert!(parse_date("30/11/2026").is_err());
        assert!(parse_date("2026-13-01").is_err());
        assert_eq!(
            parse_ids("SR 1.1; SR 3.1 RE(1)"),
            Ok(vec!["SR 1.1".to_owned(), "SR 3.1 RE(1)".to_owned()])
        );
        assert!(parse_ids("SR 1.1, SR 99").is_err_and(|e| e.contains("SR 99")));
    }
}
