//! A conduit's inspector: zones, direction, SL-T, its channels as a table (renaming a channel
//! updates the countermeasures that name it), not-applicable items and countermeasures.

use egui::{RichText, Ui};

use super::countermeasure::countermeasures_for;
use super::not_applicable::{na_label, not_applicable_section};
use super::spec::spec_section;
use crate::catalog::catalog;
use crate::model::{
    Asset, AssetId, Channel, Command, Conduit, Direction, ElementId, Model, SltOrigin,
};
use crate::ui::panels::Cx;
use crate::ui::panels::WARN;
use crate::ui::panels::widgets::{
    NewTarget, combo, enum_combo, heading, parse_port, parsed_field, shown_of, sl_target,
    text_field,
};

pub(super) fn conduit_inspector(cx: &mut Cx<'_>, ui: &mut Ui, c: Conduit) {
    heading(ui, "Conduit", c.id.as_str());
    let mut n = c.clone();
    let salt = c.id.as_str().to_owned();
    fields(ui, &salt, &c, &mut n);
    joins(ui, cx.model, &salt, &c, &mut n);
    ui.separator();
    target(cx, ui, &salt, &c, &mut n);
    ui.separator();
    let tolerable = cx.model.project.spec.tolerable_risk.clone();
    spec_section(ui, &salt, &n.organisation, &tolerable, &c.spec, &mut n.spec);
    ui.separator();
    ui.strong("Channels");
    channels(ui, cx.model, &c, &mut n);
    ui.separator();
    boundary_devices(cx, ui, &c);
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
        let mut cmds = renamed_channel_refs(cx.model, &c, &n);
        if cmds.is_empty() {
            cx.push(label, Command::PutConduit(n));
        } else {
            cmds.insert(0, Command::PutConduit(n));
            cx.push(label, Command::Batch(cmds));
        }
    }
    ui.separator();
    countermeasures_for(cx, ui, None, Some(c.id.clone()));
}

/// Name, direction, organisation, description.
fn fields(ui: &mut Ui, salt: &str, c: &Conduit, n: &mut Conduit) {
    egui::Grid::new("conduit").num_columns(2).show(ui, |ui| {
        if let Some(v) = text_field(ui, salt, "Name", &c.name, false) {
            n.name = v;
        }
        if let Some(d) = enum_combo(
            ui,
            salt,
            "Direction",
            c.direction,
            &Direction::ALL,
            Direction::label,
        ) {
            n.direction = d;
        }
        if let Some(v) = text_field(ui, salt, "Organisation", &c.organisation, false) {
            n.organisation = v;
        }
        if let Some(v) = text_field(ui, salt, "Description", &c.description, true) {
            n.description = v;
        }
    });
}

/// The zones it joins: remove one (while more than two), add one.
fn joins(ui: &mut Ui, model: &Model, salt: &str, c: &Conduit, n: &mut Conduit) {
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
                n.remove_zone(i);
            }
        });
    }
    if model.zones.len() > c.zones.len() {
        ui.horizontal(|ui| {
            let l = ui.label("Add zone");
            egui::ComboBox::from_id_salt(("add-zone", salt))
                .selected_text("choose…")
                .show_ui(ui, |ui| {
                    for z in model.zones.values().filter(|z| !c.zones.contains(&z.id)) {
                        if ui.selectable_label(false, &z.name).clicked() {
                            n.add_zone(z.id.clone());
                        }
                    }
                })
                .response
                .labelled_by(l.id);
        });
    }
}

/// SL-T, where it comes from, the copy from the zones, and the rationale.
fn target(cx: &mut Cx<'_>, ui: &mut Ui, salt: &str, c: &Conduit, n: &mut Conduit) {
    ui.strong("Target security level (SL-T)");
    if let Some(NewTarget(v)) = sl_target(ui, ("conduit-slt", salt), c.sl_t) {
        n.sl_t = v;
    }
    super::zone::slt_origin(
        cx,
        ui,
        SltOrigin::of(c.sl_t, &c.risk),
        c.risk.scenarios.len(),
    );
    let from_zones = cx.model.highest_zone_sl_t(c);
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
            if let Some(v) = text_field(ui, salt, "Rationale", &c.sl_t_rationale, true) {
                n.sl_t_rationale = v;
            }
        });
}

/// The assets placed in the conduit, each a link that selects it.
fn boundary_devices(cx: &mut Cx<'_>, ui: &mut Ui, c: &Conduit) {
    // From the analysis (computed once per change), not a walk over every asset per frame.
    let boundary: Vec<&Asset> = cx
        .analysis
        .deltas
        .conduit(c.id.as_str())
        .map(|d| {
            d.boundary_devices
                .iter()
                .filter_map(|a| cx.model.assets.get(a))
                .collect()
        })
        .unwrap_or_default();
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
        *cx.selection = std::iter::once(s).collect();
    }
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
