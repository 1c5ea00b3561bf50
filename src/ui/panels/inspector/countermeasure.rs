//! Countermeasures: the list on a zone or conduit, a countermeasure's own inspector, and the
//! assets and channels it applies to.

use egui::{RichText, Ui};

use crate::model::{
    ChannelRef, Command, ConduitId, Countermeasure, CountermeasureKind, CountermeasureStatus,
    Model, Priority, ZoneId,
};
use crate::ui::panels::Cx;
use crate::ui::panels::WARN;
use crate::ui::panels::widgets::{enum_combo, parse_date, parse_ids, parsed_field, text_field};

/// The countermeasures that apply to a zone or conduit, editable, and a button to add one.
pub(super) fn countermeasures_for(
    cx: &mut Cx<'_>,
    ui: &mut Ui,
    zone: Option<ZoneId>,
    conduit: Option<ConduitId>,
) {
    ui.strong("Countermeasures");
    let list: Vec<Countermeasure> = cx
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
            .show(ui, |ui| countermeasure_editor(cx, ui, cm));
    }
    if ui.button("Add countermeasure").clicked() {
        let id = cx.model.fresh_id("CM");
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
            owner: String::new(),
            priority: None,
            due: String::new(),
        };
        cx.push("Add countermeasure", Command::PutCountermeasure(cm));
    }
}

pub(super) fn countermeasure_editor(cx: &mut Cx<'_>, ui: &mut Ui, cm: Countermeasure) {
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
            if let Some(v) = text_field(ui, &salt, "Owner", &cm.owner, false) {
                n.owner = v;
            }
            if let Some(p) = enum_combo(
                ui,
                &salt,
                "Priority",
                cm.priority,
                &[
                    None,
                    Some(Priority::High),
                    Some(Priority::Medium),
                    Some(Priority::Low),
                ],
                Priority::label_of,
            ) {
                n.priority = p;
            }
            if let Some(d) = parsed_field(ui, &salt, "Due (YYYY-MM-DD)", &cm.due, parse_date) {
                n.due = d;
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
    countermeasure_targets(ui, cx.model, &cm, &mut n);
    if ui.small_button(format!("Delete {}", cm.id)).clicked() {
        remove = true;
    }
    if remove {
        cx.push(
            format!("Delete countermeasure {}", cm.id),
            Command::RemoveCountermeasure(cm.id.clone()),
        );
    } else if n != cm {
        cx.push(
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
