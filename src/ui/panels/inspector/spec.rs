//! The Specification section of a zone's or conduit's inspector (IEC 62443-3-2 ZCR 6.4): the
//! completeness score, the mandatory characteristics still missing, and the fields. Safety
//! designation, data flows, connected zones and conduits, assets and SL-T are not repeated:
//! the rest of the inspector and the model hold them.

use egui::Ui;

use crate::model::{AccessPoint, AccessPointKind, Specification, completeness, missing_fields};
use crate::ui::panels::widgets::{enum_combo, text_field};
use crate::ui::panels::{OK, WARN};

/// Where a text field of the specification lives.
type FieldOf = fn(&mut Specification) -> &mut String;

/// The section; edits land in `n` (and `organisation`, for conduits, whose inspector has no
/// other place for it).
pub(super) fn spec_section(
    ui: &mut Ui,
    salt: &str,
    organisation: &str,
    project_tolerable: &str,
    spec: &Specification,
    n: &mut Specification,
) {
    let missing = missing_fields(organisation, spec, project_tolerable);
    let score = completeness(missing.len());
    let title = format!("Specification (ZCR 6) — {:.0} % complete", score * 100.0);
    egui::CollapsingHeader::new(title)
        .id_salt(("spec", salt))
        .show(ui, |ui| {
            if missing.is_empty() {
                ui.colored_label(OK, "Every mandatory characteristic is filled.");
            } else {
                let labels: Vec<&str> = missing.iter().map(|f| f.label()).collect();
                ui.colored_label(WARN, format!("Missing: {}.", labels.join(", ")));
            }
            egui::Grid::new(("spec-grid", salt))
                .num_columns(2)
                .show(ui, |ui| {
                    let fields: [(&str, &String, FieldOf, bool); 9] = [
                        (
                            "Logical boundary",
                            &spec.logical_boundary,
                            |s| &mut s.logical_boundary,
                            false,
                        ),
                        (
                            "Physical boundary",
                            &spec.physical_boundary,
                            |s| &mut s.physical_boundary,
                            false,
                        ),
                        ("Location", &spec.location, |s| &mut s.location, false),
                        (
                            "Threat environment",
                            &spec.threat_environment,
                            |s| &mut s.threat_environment,
                            true,
                        ),
                        (
                            "Assumptions",
                            &spec.assumptions,
                            |s| &mut s.assumptions,
                            true,
                        ),
                        (
                            "Security policies",
                            &spec.policies,
                            |s| &mut s.policies,
                            true,
                        ),
                        ("Regulatory", &spec.regulatory, |s| &mut s.regulatory, true),
                        (
                            "External dependencies",
                            &spec.external_dependencies,
                            |s| &mut s.external_dependencies,
                            true,
                        ),
                        (
                            "Tolerable risk",
                            &spec.tolerable_risk,
                            |s| &mut s.tolerable_risk,
                            true,
                        ),
                    ];
                    for (label, current, field, multi) in fields {
                        if let Some(v) = text_field(ui, ("spec", salt), label, current, multi) {
                            *field(n) = v;
                        }
                    }
                });
            if spec.tolerable_risk.is_empty() && !project_tolerable.is_empty() {
                ui.weak(format!(
                    "Tolerable risk: the project's ({project_tolerable})."
                ));
            }
            access_points(ui, salt, spec, n);
        });
}

fn access_points(ui: &mut Ui, salt: &str, spec: &Specification, n: &mut Specification) {
    ui.strong("Access points (ZCR 6.4 f, g)");
    let mut remove = None;
    for (i, ap) in spec.access_points.iter().enumerate() {
        egui::Grid::new(("ap", salt, i))
            .num_columns(2)
            .show(ui, |ui| {
                let s = (salt, "ap", i);
                if let Some(v) = text_field(ui, s, "Access point", &ap.name, false) {
                    n.access_points[i].name = v;
                }
                if let Some(v) = enum_combo(
                    ui,
                    s,
                    "Kind",
                    ap.kind,
                    &AccessPointKind::ALL,
                    AccessPointKind::label,
                ) {
                    n.access_points[i].kind = v;
                }
                if let Some(v) = text_field(ui, s, "Detail", &ap.detail, false) {
                    n.access_points[i].detail = v;
                }
            });
        if ui
            .small_button(format!("Remove access point {}", ap.name))
            .clicked()
        {
            remove = Some(i);
        }
    }
    if let Some(i) = remove {
        n.access_points.remove(i);
    }
    if ui.button("Add access point").clicked() {
        n.access_points.push(AccessPoint {
            name: format!("AP-{}", spec.access_points.len() + 1),
            kind: AccessPointKind::Logical,
            detail: String::new(),
        });
    }
}
