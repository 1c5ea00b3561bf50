//! The inspector of several selected elements: the fields they have in common.

use egui::Ui;

use crate::model::{Asset, Command, Criticality, ElementId, Zone, ZoneKind};
use crate::ui::edit;
use crate::ui::panels::Cx;
use crate::ui::panels::widgets::{NewTarget, combo, heading, shown_of, sl_target, sl_vector};

/// Common fields of several selected elements.
pub(super) fn multi_inspector(cx: &mut Cx<'_>, ui: &mut Ui, sel: &[ElementId]) {
    heading(ui, "Selection", &edit::describe(cx.selection));
    let model = cx.model;
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
        cx.selection.retain(|e| {
            if zones {
                matches!(e, ElementId::Zone(_))
            } else {
                matches!(e, ElementId::Asset(_))
            }
        });
    }
    if !cmds.is_empty() {
        let label = format!("Edit {}", edit::describe(cx.selection));
        cx.push(label, Command::Batch(cmds));
    }
}
