//! The Project menu's dialogs of the 3-2 workflow: the risk matrix with its tolerable line and
//! SL-T mapping tables (ZCR 2, 4, 6.8), and revisions with the asset owner's approval (ZCR 7).
//! Each edits a working copy; applying it is one command, so one undo step.

use egui::{RichText, Ui};

use crate::analysis::{Analysis, Finding};
use crate::model::{
    Approval, ApprovalStatus, Command, Decision, EXAMPLE_LABEL, Model, Project, Revision,
    RiskMatrix, SCALE_MAX, SCALE_MIN, SecurityLevel, ThreatSource, fingerprints, is_iso_date,
    latest_approval,
};

/// What a dialog asks for this frame.
pub(super) struct Outcome {
    /// The dialog stays open.
    pub keep: bool,
    /// An edit to apply, with its undo label.
    pub apply: Option<(String, Command)>,
}

/// A labelled single-line text field of a dialog form.
fn field(ui: &mut Ui, label: &str, value: &mut String) {
    let l = ui.label(label);
    ui.add(egui::TextEdit::singleline(value).desired_width(260.0))
        .labelled_by(l.id);
    ui.end_row();
}

/// A combo of SL 0–4 (a grid row).
fn sl_combo(
    ui: &mut Ui,
    salt: impl std::hash::Hash + std::fmt::Debug,
    label: &str,
    v: &mut SecurityLevel,
) {
    let l = ui.label(label);
    egui::ComboBox::from_id_salt(salt)
        .selected_text(format!("SL {v}"))
        .show_ui(ui, |ui| {
            for n in 0..=SecurityLevel::MAX {
                ui.selectable_value(v, SecurityLevel::saturating(n), format!("SL {n}"));
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();
}

/// The risk matrix dialog over a working copy `m` of the project's matrix.
pub(super) fn risk_matrix(ctx: &egui::Context, project: &Project, m: &mut RiskMatrix) -> Outcome {
    let mut out = Outcome {
        keep: true,
        apply: None,
    };
    let shown = egui::Modal::new(egui::Id::unique("risk-matrix-dialog")).show(ctx, |ui| {
        ui.set_width(560.0);
        ui.heading("Risk matrix and SL-T tables");
        ui.label(
            "IEC 62443-3-2 leaves the risk method to the asset owner: set your corporate matrix, \
             the tolerable-risk line and the tables that turn a scenario into an SL.",
        );
        if m.is_default() {
            ui.weak(format!("These are the tool's defaults: {EXAMPLE_LABEL}."));
        }
        egui::ScrollArea::vertical()
            .max_height(520.0)
            .show(ui, |ui| {
                scales(ui, m);
                ui.separator();
                tables(ui, m);
            });
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button("Apply").clicked() {
                out.keep = false;
                if *m != project.risk_matrix {
                    let mut p = project.clone();
                    p.risk_matrix = m.clone();
                    out.apply = Some(("Edit risk matrix".to_owned(), Command::SetProject(p)));
                }
            }
            if ui
                .button("Example tables")
                .on_hover_text(EXAMPLE_LABEL)
                .clicked()
            {
                *m = RiskMatrix::default();
            }
            if ui.button("Cancel").clicked() {
                out.keep = false;
            }
        });
    });
    if shown.should_close() {
        out.keep = false;
    }
    out
}

fn scales(ui: &mut Ui, m: &mut RiskMatrix) {
    let (mut nl, mut nc) = (m.likelihood.len(), m.consequence.len());
    egui::Grid::new("matrix-size")
        .num_columns(2)
        .show(ui, |ui| {
            for (label, n) in [
                ("Likelihood levels", &mut nl),
                ("Consequence levels", &mut nc),
            ] {
                let l = ui.label(label);
                ui.add(egui::Slider::new(n, SCALE_MIN..=SCALE_MAX))
                    .labelled_by(l.id);
                ui.end_row();
            }
        });
    if (nl, nc) != (m.likelihood.len(), m.consequence.len()) {
        m.resize(nl, nc);
    }
    ui.columns(2, |cols| {
        for (ui, (title, scale)) in cols.iter_mut().zip([
            ("Likelihood, lowest first", &mut m.likelihood),
            ("Consequence, lowest first", &mut m.consequence),
        ]) {
            ui.strong(title);
            egui::Grid::new(title).num_columns(2).show(ui, |ui| {
                for (i, s) in scale.iter_mut().enumerate() {
                    field(ui, &format!("{} {}", &title[..1], i + 1), s);
                }
            });
        }
    });
    let (lo, hi) = m.risk_range();
    ui.horizontal(|ui| {
        let l = ui.label("Tolerable up to risk");
        ui.add(egui::Slider::new(&mut m.tolerable, lo..=hi))
            .labelled_by(l.id);
    });
    ui.weak("A scenario's risk is likelihood + consequence; each step above the line is a band.");
}

fn tables(ui: &mut Ui, m: &mut RiskMatrix) {
    ui.columns(3, |cols| {
        cols[0].strong("Bands above tolerable");
        egui::Grid::new("gap-sl")
            .num_columns(2)
            .show(&mut cols[0], |ui| {
                for (i, v) in m.gap_sl.iter_mut().enumerate() {
                    let label = match i {
                        0 => "at or below".to_owned(),
                        3 => "3 or more".to_owned(),
                        n => format!("{n} band(s)"),
                    };
                    sl_combo(ui, ("gap", i), &label, v);
                }
            });
        cols[1].strong("Worst consequence");
        egui::Grid::new("consequence-sl")
            .num_columns(2)
            .show(&mut cols[1], |ui| {
                for (i, v) in m.consequence_sl.iter_mut().enumerate() {
                    let label = m.consequence.get(i).cloned().unwrap_or_default();
                    sl_combo(ui, ("consequence", i), &label, v);
                }
            });
        cols[2].strong("Threat source");
        egui::Grid::new("threat-sl")
            .num_columns(2)
            .show(&mut cols[2], |ui| {
                for (i, v) in m.threat_sl.iter_mut().enumerate() {
                    sl_combo(ui, ("threat", i), ThreatSource::ALL[i].label(), v);
                }
            });
    });
}

/// The approval dialog's form.
pub(super) struct ApprovalForm {
    pub approver: String,
    pub role: String,
    pub organisation: String,
    pub date: String,
    pub decision: Decision,
    pub conditions: String,
    /// Finding or element ids, separated by `;` or new lines.
    pub accepted: String,
    /// One trigger per line.
    pub triggers: String,
    pub revision: Revision,
    pub error: Option<String>,
}

impl ApprovalForm {
    pub fn new(project: &Project) -> Self {
        Self {
            approver: String::new(),
            role: String::new(),
            organisation: project.asset_owner.clone(),
            date: project.date.clone(),
            decision: Decision::Approved,
            conditions: String::new(),
            accepted: String::new(),
            triggers: String::new(),
            revision: Revision {
                revision: project.revision.clone(),
                date: project.date.clone(),
                author: project.author.clone(),
                description: String::new(),
            },
            error: None,
        }
    }

    /// The record this form describes, with the model's fingerprints, or why it cannot be.
    /// Accepted risks must be findings of the model or its elements.
    fn record(&self, model: &Model, findings: &[Finding]) -> Result<Approval, String> {
        if self.approver.trim().is_empty() {
            return Err("Name the approver.".to_owned());
        }
        if !is_iso_date(self.date.trim()) {
            return Err(format!(
                "The date “{}” is not a date as YYYY-MM-DD.",
                self.date
            ));
        }
        let list = |s: &str, seps: &[char]| -> Vec<String> {
            s.split(seps)
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let accepted = list(&self.accepted, &[';', '\n']);
        let unknown: Vec<&str> = accepted
            .iter()
            .map(String::as_str)
            .filter(|id| !model.contains_id(id) && !findings.iter().any(|f| f.id == *id))
            .collect();
        if !unknown.is_empty() {
            return Err(format!(
                "Accepted risks: {} is neither a finding nor an element of this model.",
                unknown.join(", ")
            ));
        }
        Ok(Approval {
            approver: self.approver.trim().to_owned(),
            role: self.role.trim().to_owned(),
            organisation: self.organisation.trim().to_owned(),
            date: self.date.trim().to_owned(),
            revision: model.project.revision.clone(),
            decision: self.decision,
            conditions: self.conditions.trim().to_owned(),
            accepted_risks: accepted,
            review_triggers: list(&self.triggers, &['\n']),
            baseline: fingerprints(model),
        })
    }
}

/// The status of the approval, in a sentence.
fn status_line(model: &Model, status: &ApprovalStatus) -> (String, bool) {
    let latest = latest_approval(model);
    let who = latest.map_or_else(String::new, |a| {
        format!("{} by {} on {}", a.decision.label(), a.approver, a.date)
    });
    match status {
        ApprovalStatus::None => ("No approval recorded yet.".to_owned(), false),
        ApprovalStatus::Approved => (format!("Current: {who}."), true),
        ApprovalStatus::Rejected => (format!("Latest decision: {who}."), false),
        ApprovalStatus::Outdated(c) => (
            format!(
                "Outdated: {who}; since then {} changed: {}.",
                c.all().len(),
                c.all().join(", ")
            ),
            false,
        ),
    }
}

/// Revisions and approvals of the model, and the form to record a new one.
pub(super) fn approval(
    ctx: &egui::Context,
    model: &Model,
    analysis: &Analysis,
    f: &mut ApprovalForm,
) -> Outcome {
    let mut out = Outcome {
        keep: true,
        apply: None,
    };
    let shown = egui::Modal::new(egui::Id::unique("approval-dialog")).show(ctx, |ui| {
        ui.set_width(600.0);
        ui.heading("Revisions and approval");
        let (line, ok) = status_line(model, &analysis.approval);
        ui.colored_label(
            if ok {
                crate::ui::panels::OK
            } else {
                crate::ui::panels::WARN
            },
            line,
        );
        egui::ScrollArea::vertical()
            .max_height(560.0)
            .show(ui, |ui| {
                history(ui, model);
                ui.separator();
                ui.strong("Add a revision");
                egui::Grid::new("revision-form")
                    .num_columns(2)
                    .show(ui, |ui| {
                        field(ui, "Revision", &mut f.revision.revision);
                        field(ui, "Revision date", &mut f.revision.date);
                        field(ui, "Author", &mut f.revision.author);
                        field(ui, "Change", &mut f.revision.description);
                    });
                if ui.button("Add revision").clicked() {
                    if is_iso_date(f.revision.date.trim()) && !f.revision.revision.trim().is_empty()
                    {
                        let mut p = model.project.clone();
                        p.revision = f.revision.revision.trim().to_owned();
                        p.revisions.push(f.revision.clone());
                        out.apply = Some((
                            format!("Add revision {}", f.revision.revision),
                            Command::SetProject(p),
                        ));
                        f.error = None;
                    } else {
                        f.error =
                            Some("A revision needs a name and a date as YYYY-MM-DD.".to_owned());
                    }
                }
                ui.separator();
                ui.strong("Record the asset owner's decision (ZCR 7.1)");
                egui::Grid::new("approval-form")
                    .num_columns(2)
                    .show(ui, |ui| {
                        field(ui, "Approver", &mut f.approver);
                        field(ui, "Role", &mut f.role);
                        field(ui, "Organisation", &mut f.organisation);
                        field(ui, "Decision date", &mut f.date);
                        let l = ui.label("Decision");
                        egui::ComboBox::from_id_salt("decision")
                            .selected_text(f.decision.label())
                            .show_ui(ui, |ui| {
                                for d in Decision::ALL {
                                    ui.selectable_value(&mut f.decision, d, d.label());
                                }
                            })
                            .response
                            .labelled_by(l.id);
                        ui.end_row();
                        field(ui, "Conditions", &mut f.conditions);
                        field(ui, "Accepted risks", &mut f.accepted);
                        let l = ui.label("Review triggers");
                        ui.add(egui::TextEdit::multiline(&mut f.triggers).desired_rows(2))
                            .labelled_by(l.id);
                        ui.end_row();
                    });
                ui.weak(
                    "Accepted risks: finding or element ids, separated by semicolons. Review \
                 triggers: one per line. The record keeps a fingerprint of every element: a later \
                 change makes it outdated.",
                );
            });
        if let Some(e) = &f.error {
            ui.colored_label(crate::ui::panels::BAD, e);
        }
        ui.horizontal(|ui| {
            if ui.button("Record decision").clicked() {
                match f.record(model, &analysis.findings) {
                    Ok(a) => {
                        let label = format!("Record approval by {}", a.approver);
                        let mut p = model.project.clone();
                        p.approvals.push(a);
                        out.apply = Some((label, Command::SetProject(p)));
                        out.keep = false;
                    }
                    Err(e) => f.error = Some(e),
                }
            }
            if ui.button("Close").clicked() {
                out.keep = false;
            }
        });
    });
    if shown.should_close() {
        out.keep = false;
    }
    out
}

/// The revision history and the approval records so far.
fn history(ui: &mut Ui, model: &Model) {
    let p = &model.project;
    ui.strong("Revision history");
    if p.revisions.is_empty() {
        ui.weak("None recorded.");
    }
    for r in &p.revisions {
        ui.label(format!(
            "{} — {} — {}: {}",
            r.revision, r.date, r.author, r.description
        ));
    }
    ui.strong("Approval records");
    if p.approvals.is_empty() {
        ui.weak("None recorded.");
    }
    for a in &p.approvals {
        let mut line = format!(
            "{} — {} ({}, {}) — {}",
            a.date,
            a.approver,
            a.role,
            a.organisation,
            a.decision.label()
        );
        if !a.conditions.is_empty() {
            line.push_str(&format!("; conditions: {}", a.conditions));
        }
        ui.label(RichText::new(line));
    }
}
