//! A zone's inspector: name, kind, parent, SL-T, not-applicable items and countermeasures.

use egui::Ui;

use super::countermeasure::countermeasures_for;
use super::not_applicable::{na_label, not_applicable_section};
use super::spec::spec_section;
use crate::model::{Command, PurdueLevel, SltOrigin, Zone, ZoneId, ZoneKind};
use crate::ui::Tab;
use crate::ui::panels::Cx;
use crate::ui::panels::widgets::{NewTarget, combo, enum_combo, heading, sl_target, text_field};

pub(super) fn zone_inspector(cx: &mut Cx<'_>, ui: &mut Ui, z: Zone) {
    heading(ui, "Zone", z.id.as_str());
    let model = cx.model;
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
    if !z.is_external() {
        slt_origin(
            cx,
            ui,
            SltOrigin::of(z.sl_t, &z.risk),
            z.risk.scenarios.len(),
        );
    }
    egui::Grid::new("zone-rationale")
        .num_columns(2)
        .show(ui, |ui| {
            if let Some(v) = text_field(ui, &salt, "Rationale", &z.sl_t_rationale, true) {
                n.sl_t_rationale = v;
            }
        });
    if let Some(d) = cx.analysis.deltas.zone(z.id.as_str()) {
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
    if !z.is_external() {
        ui.separator();
        let tolerable = cx.model.project.spec.tolerable_risk.clone();
        spec_section(ui, &salt, &n.organisation, &tolerable, &z.spec, &mut n.spec);
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
        cx.push(label, Command::PutZone(n));
    }
    ui.separator();
    countermeasures_for(cx, ui, Some(z.id.clone()), None);
}

/// Where the SL-T comes from, and the way to the Risk tab.
pub(super) fn slt_origin(cx: &mut Cx<'_>, ui: &mut Ui, origin: SltOrigin, scenarios: usize) {
    ui.horizontal_wrapped(|ui| {
        let text = format!("SL-T {}; {scenarios} threat scenario(s).", origin.label());
        if origin == SltOrigin::Overridden {
            ui.colored_label(crate::ui::panels::WARN, text);
        } else {
            ui.label(text);
        }
        if ui.link("Risk assessment…").clicked() {
            *cx.tab = Tab::Risk;
        }
    });
}
