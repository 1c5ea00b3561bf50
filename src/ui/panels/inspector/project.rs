//! The project's inspector (nothing selected): name, author, date, description.

use egui::Ui;

use crate::model::{Command, Countermeasure, ElementId};
use crate::ui::actions::Action;
use crate::ui::panels::Cx;
use crate::ui::panels::widgets::{heading, text_field};

pub(super) fn project(cx: &mut Cx<'_>, ui: &mut Ui) {
    heading(ui, "Project", "");
    ui.weak("Nothing selected: the model's metadata.");
    let p = cx.model.project.clone();
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
    egui::CollapsingHeader::new("Specification (ZCR 1, 6)")
        .id_salt("project-spec")
        .show(ui, |ui| {
            egui::Grid::new("project-spec-grid")
                .num_columns(2)
                .show(ui, |ui| {
                    let s = &mut n.spec;
                    let fields: [(&str, &mut String); 8] = [
                        ("System under consideration", &mut s.suc_description),
                        ("SuC boundary", &mut s.suc_boundary),
                        ("Tolerable risk", &mut s.tolerable_risk),
                        ("Assumptions", &mut s.assumptions),
                        ("Threat environment", &mut s.threat_environment),
                        ("Security policies", &mut s.policies),
                        ("Regulatory", &mut s.regulatory),
                        ("Risk method", &mut s.risk_method),
                    ];
                    for (label, value) in fields {
                        if let Some(v) = text_field(ui, "project-spec", label, value, true) {
                            *value = v;
                        }
                    }
                });
        });
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("Approval: {}", cx.analysis.approval.key()));
        if ui.link("Revisions and approval…").clicked() {
            cx.act(Action::Approval);
        }
        if ui.link("Risk matrix…").clicked() {
            cx.act(Action::RiskMatrix);
        }
    });
    if n != p {
        cx.push("Edit project", Command::SetProject(n));
    }
    ui.separator();
    let all: Vec<&Countermeasure> = cx.model.countermeasures.values().collect();
    ui.strong(match all.len() {
        0..=16 => "Countermeasures".to_owned(),
        n => format!("Countermeasures ({n}; the list scrolls)"),
    });
    if all.is_empty() {
        ui.weak("None yet. Add them from a zone or conduit's inspector.");
        return;
    }
    // Virtualised, in a list of its own: a large plant has hundreds; only the rows in view
    // are laid out.
    let row_h = ui.text_style_height(&egui::TextStyle::Button) + ui.spacing().item_spacing.y + 2.0;
    let mut picked = None;
    egui::ScrollArea::vertical()
        .id_salt("project-countermeasures")
        .max_height(row_h * 16.0)
        .show_rows(ui, row_h, all.len(), |ui, range| {
            for cm in &all[range] {
                let text = format!("{} — {} ({})", cm.id, cm.name, cm.status.label());
                if ui.selectable_label(false, text).clicked() {
                    picked = Some(cm.id.clone());
                }
            }
        });
    if let Some(id) = picked {
        *cx.selection = std::iter::once(ElementId::Countermeasure(id)).collect();
    }
}
