//! The canvas's right-click menu: for an element (rename, SL-T presets, actions on the
//! selection) or for the empty canvas (paste, select all, fit). Pushes commands and actions.

use std::collections::BTreeSet;

use super::gestures::rename;
use crate::model::{Command, ElementId, SecurityLevel, SlVector};
use crate::ui::Editor;
use crate::ui::actions::Action;

/// Sets the SL-T of a zone or conduit (None clears it).
fn set_sl_t(ed: &mut Editor, el: &ElementId, v: Option<SlVector>) {
    let model = &ed.doc.model;
    match el {
        ElementId::Zone(z) => {
            if let Some(z) = model.zones.get(z)
                && z.sl_t != v
            {
                let mut z = z.clone();
                z.sl_t = v;
                ed.push(format!("Set SL-T of {}", z.name), Command::PutZone(z));
            }
        }
        ElementId::Conduit(c) => {
            if let Some(c) = model.conduits.get(c)
                && c.sl_t != v
            {
                let mut c = c.clone();
                c.sl_t = v;
                ed.push(format!("Set SL-T of {}", c.name), Command::PutConduit(c));
            }
        }
        _ => {}
    }
}

pub(super) fn context_menu(ed: &mut Editor, response: &egui::Response) {
    response.context_menu(|ui| {
        let target = ed.canvas.context_target.clone();
        match target {
            Some(el) => element_menu(ed, ui, &el),
            None => {
                for a in [Action::Paste, Action::SelectAll, Action::ZoomFit] {
                    if ui
                        .add_enabled(ed.enabled(&a), egui::Button::new(a.label()))
                        .clicked()
                    {
                        ed.act(a);
                        ui.close();
                    }
                }
            }
        }
    });
}

fn element_menu(ed: &mut Editor, ui: &mut egui::Ui, el: &ElementId) {
    ui.label(egui::RichText::new(ed.doc.model.name_of(el.as_str()).to_owned()).strong());
    ui.horizontal(|ui| {
        let l = ui.label("Rename");
        let mut name = ed.canvas.rename.clone().unwrap_or_default();
        let r = ui.text_edit_singleline(&mut name).labelled_by(l.id);
        if r.changed() {
            ed.canvas.rename = Some(name.clone());
        }
        if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            rename(ed, el, &name);
            ui.close();
        }
    });
    if matches!(el, ElementId::Zone(_) | ElementId::Conduit(_)) {
        ui.menu_button("SL-T preset", |ui| {
            for l in 1..=SecurityLevel::MAX {
                if ui.button(format!("All FRs at SL {l}")).clicked() {
                    set_sl_t(
                        ed,
                        el,
                        Some(SlVector::uniform(SecurityLevel::saturating(l))),
                    );
                    ui.close();
                }
            }
            if ui.button("No SL-T (not assessed)").clicked() {
                set_sl_t(ed, el, None);
                ui.close();
            }
        });
        let sources: Vec<(String, SlVector)> = ed
            .doc
            .model
            .zones
            .values()
            .filter(|z| z.id.as_str() != el.as_str())
            .filter_map(|z| z.sl_t.map(|v| (format!("{} {v}", z.name), v)))
            .collect();
        ui.add_enabled_ui(!sources.is_empty(), |ui| {
            ui.menu_button("Copy SL-T from…", |ui| {
                for (name, v) in sources {
                    if ui.button(name).clicked() {
                        set_sl_t(ed, el, Some(v));
                        ui.close();
                    }
                }
            });
        });
    }
    if let ElementId::Conduit(c) = el
        && let Some(c) = ed.doc.model.conduits.get(c)
    {
        let v = ed.doc.model.highest_zone_sl_t(c);
        if ui
            .add_enabled(
                v.is_some(),
                egui::Button::new("SL-T from the zones it joins"),
            )
            .clicked()
        {
            set_sl_t(ed, el, v);
            ui.close();
        }
    }
    if let ElementId::Zone(z) = el
        && ui.button("Select contents").clicked()
    {
        let m = &ed.doc.model;
        let zones = m.zone_and_descendants(z);
        let mut sel: BTreeSet<ElementId> = zones
            .iter()
            .skip(1)
            .map(|z| ElementId::Zone(z.clone()))
            .collect();
        for a in m.assets.values() {
            if a.placement.zone().is_some_and(|az| zones.contains(az)) {
                sel.insert(ElementId::Asset(a.id.clone()));
            }
        }
        ed.selection = sel;
        ui.close();
    }
    ui.separator();
    for a in [
        Action::ZoomSelection,
        Action::Copy,
        Action::Duplicate,
        Action::Delete,
    ] {
        if ui
            .add_enabled(ed.enabled(&a), egui::Button::new(a.label()))
            .clicked()
        {
            ed.act(a);
            ui.close();
        }
    }
}
