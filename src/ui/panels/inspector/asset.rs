//! An asset's inspector: kind, classes, placement, SL-C and where it comes from, and the
//! security services it provides.

use egui::{RichText, Ui};

use crate::catalog::catalog;
use crate::model::{
    Asset, Command, ComponentClass, Criticality, Model, Placement, SecurityLevel, ServiceKind,
    ServiceProvision, SlcSource,
};
use crate::ui::Tab;
use crate::ui::panels::Cx;
use crate::ui::panels::widgets::{
    combo, enum_combo, heading, parse_date, parsed_field, shown_of, sl_vector, text_field,
};
use crate::ui::panels::{BAD, OK};

pub(super) fn asset_inspector(cx: &mut Cx<'_>, ui: &mut Ui, a: Asset) {
    heading(ui, "Asset", a.id.as_str());
    let mut n = a.clone();
    let salt = a.id.as_str().to_owned();
    fields(ui, cx.model, &salt, &a, &mut n);
    capability(ui, &salt, &a, &mut n);
    ui.separator();
    provided_services(ui, cx.model, &a, &mut n);
    component_delta(cx, ui, &a);
    if n != a {
        let label = format!("Edit asset {}", a.name);
        cx.push(label, Command::PutAsset(n));
    }
}

/// Name, kind, classes, placement, criticality, product details and flags.
fn fields(ui: &mut Ui, model: &Model, salt: &str, a: &Asset, n: &mut Asset) {
    egui::Grid::new("asset").num_columns(2).show(ui, |ui| {
        if let Some(v) = text_field(ui, salt, "Name", &a.name, false) {
            n.name = v;
        }
        let kinds: Vec<(String, String)> = catalog()
            .asset_kinds
            .iter()
            .map(|k| (k.key.clone(), k.name.clone()))
            .collect();
        if let Some(k) = combo(
            ui,
            salt,
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
        if let Some(p) = combo(ui, salt, "Placed in", &a.placement, &shown, placements) {
            n.placement = p;
        }
        if let Some(c) = enum_combo(
            ui,
            salt,
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
            if let Some(v) = text_field(ui, salt, label, cur, false) {
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
}

/// The SL-C vector, its source and whether the asset has a digital interface.
fn capability(ui: &mut Ui, salt: &str, a: &Asset, n: &mut Asset) {
    ui.separator();
    ui.strong("Capability (SL-C)");
    if let Some(v) = sl_vector(ui, ("asset-slc", salt), a.sl_c) {
        n.sl_c = v;
    }
    slc_source(ui, salt, &a.sl_c_source, &mut n.sl_c_source);
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
}

/// The asset's 4-2 delta in a line, linking to the Deltas tab.
fn component_delta(cx: &mut Cx<'_>, ui: &mut Ui, a: &Asset) {
    if let Some(d) = cx.analysis.deltas.asset(a.id.as_str()) {
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
                    *cx.tab = Tab::Deltas;
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
