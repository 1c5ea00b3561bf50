//! The Risk tab (IEC 62443-3-2 ZCR 5): the selected zone's or conduit's threat scenarios, the
//! risk matrix with the scenarios in their cells, the SL-T derivation with its live proposal and
//! trace, per-FR tailoring with notes, and "Apply derivation" (one undo step). Every edit is a
//! command on the zone or conduit, so it is undoable and the deltas follow at once.

use egui::{Color32, RichText, Ui};

use super::widgets::{combo, enum_combo, heading, text_field};
use super::{BAD, OK, WARN};
use crate::analysis::risk::{Proposal, propose_conduit, propose_zone, scenario_risk};
use crate::model::{
    Command, ConsequenceCategory, EXAMPLE_LABEL, ElementId, Fr, Model, RiskAssessment, RiskMatrix,
    SecurityLevel, SlVector, SltOrigin, Tailoring, ThreatScenario, ThreatSource,
};
use crate::ui::panels::Cx;

/// The zone or conduit the tab shows, as a copy to edit.
enum Subject {
    Zone(crate::model::Zone),
    Conduit(crate::model::Conduit),
}

impl Subject {
    fn risk(&self) -> &RiskAssessment {
        match self {
            Self::Zone(z) => &z.risk,
            Self::Conduit(c) => &c.risk,
        }
    }

    fn sl_t(&self) -> Option<SlVector> {
        match self {
            Self::Zone(z) => z.sl_t,
            Self::Conduit(c) => c.sl_t,
        }
    }

    fn name(&self) -> &str {
        match self {
            Self::Zone(z) => &z.name,
            Self::Conduit(c) => &c.name,
        }
    }

    fn id(&self) -> &str {
        match self {
            Self::Zone(z) => z.id.as_str(),
            Self::Conduit(c) => c.id.as_str(),
        }
    }

    /// The proposal for this subject with `risk` in place of its own.
    fn propose(&self, model: &Model, risk: &RiskAssessment) -> Proposal {
        match self {
            Self::Zone(_) => propose_zone(&model.project.risk_matrix, risk),
            Self::Conduit(c) => {
                let mut c = c.clone();
                c.risk = risk.clone();
                propose_conduit(model, &c)
            }
        }
    }

    /// The command that stores `risk` (and the SL-T `applied`, when applying).
    fn command(&self, risk: RiskAssessment, applied: Option<SlVector>) -> Command {
        match self {
            Self::Zone(z) => {
                let mut z = z.clone();
                z.risk = risk;
                if let Some(t) = applied {
                    z.sl_t = Some(t);
                }
                Command::PutZone(z)
            }
            Self::Conduit(c) => {
                let mut c = c.clone();
                c.risk = risk;
                if let Some(t) = applied {
                    c.sl_t = Some(t);
                }
                Command::PutConduit(c)
            }
        }
    }

    /// Where a scenario may enter: the conduits of a zone and the external zones they join, or
    /// the zones a conduit joins; and the element's own access points (a modem, a USB port).
    fn entries(&self, model: &Model) -> Vec<(Option<String>, String)> {
        let mut v = vec![(None, "— not stated —".to_owned())];
        let mut push = |id: &str| {
            if !v.iter().any(|(e, _)| e.as_deref() == Some(id)) {
                v.push((Some(id.to_owned()), format!("{} ({id})", model.name_of(id))));
            }
        };
        match self {
            Self::Zone(z) => {
                for c in model.conduits_of_zone(&z.id) {
                    push(c.id.as_str());
                }
                for c in model.conduits_of_zone(&z.id) {
                    for other in &c.zones {
                        if model.zone(other.as_str()).is_some_and(|o| o.is_external()) {
                            push(other.as_str());
                        }
                    }
                }
            }
            Self::Conduit(c) => {
                for z in &c.zones {
                    push(z.as_str());
                }
            }
        }
        let spec = match self {
            Self::Zone(z) => &z.spec,
            Self::Conduit(c) => &c.spec,
        };
        for ap in &spec.access_points {
            if !v
                .iter()
                .any(|(e, _)| e.as_deref() == Some(ap.name.as_str()))
            {
                v.push((
                    Some(ap.name.clone()),
                    format!(
                        "access point {} ({})",
                        ap.name,
                        ap.kind.label().to_lowercase()
                    ),
                ));
            }
        }
        v
    }
}

/// The fill of a matrix cell: green at or below the line, then amber, orange and red by bands
/// above it.
fn cell_colour(matrix: &RiskMatrix, risk: u8) -> Color32 {
    match matrix.gap(risk) {
        0 => Color32::from_rgb(0xc8, 0xe6, 0xc9),
        1 => Color32::from_rgb(0xff, 0xec, 0xb3),
        2 => Color32::from_rgb(0xff, 0xcc, 0x80),
        _ => Color32::from_rgb(0xef, 0x9a, 0x9a),
    }
}

/// "3 Possible".
fn level_label(scale: &[String], level: u8) -> String {
    usize::from(level)
        .checked_sub(1)
        .and_then(|i| scale.get(i))
        .map_or_else(|| level.to_string(), |s| format!("{level} {s}"))
}

pub(in crate::ui) fn tab(cx: &mut Cx<'_>, ui: &mut Ui) {
    let subject = match cx.selection.iter().collect::<Vec<_>>().as_slice() {
        [ElementId::Zone(z)] => cx.model.zone(z.as_str()).cloned().map(Subject::Zone),
        [ElementId::Conduit(c)] => cx.model.conduit(c.as_str()).cloned().map(Subject::Conduit),
        _ => None,
    };
    let Some(subject) = subject else {
        heading(ui, "Risk", "");
        ui.label("Select one zone or conduit to assess its risk and derive its SL-T.");
        return;
    };
    if let Subject::Zone(z) = &subject
        && z.is_external()
    {
        heading(ui, "Risk", z.id.as_str());
        ui.label("External zones lie outside the system under consideration: no SL-T to derive.");
        return;
    }
    heading(ui, "Risk", subject.id());
    let model = cx.model;
    let matrix = model.project.risk_matrix.clone();
    let origin = SltOrigin::of(subject.sl_t(), subject.risk());
    ui.label(format!(
        "{}: SL-T {} ({})",
        subject.name(),
        subject
            .sl_t()
            .map_or_else(|| "not set".to_owned(), |t| t.to_string()),
        origin.label()
    ));
    if matrix.is_default() {
        ui.weak(format!(
            "Risk matrix and tables: the tool's defaults ({EXAMPLE_LABEL}); set your own under Project → Risk matrix."
        ));
    }
    let risk = subject.risk().clone();
    let mut r = risk.clone();
    ui.separator();
    scenarios(ui, &subject, model, &matrix, &mut r);
    ui.separator();
    matrix_view(ui, &matrix, &r);
    ui.separator();
    let proposal = subject.propose(model, &r);
    let apply = derivation(ui, subject.id(), &proposal, subject.sl_t(), &mut r);
    if let Some(v) = apply {
        r.applied = Some(v);
        let cmd = subject.command(r, Some(v));
        cx.push(format!("Apply SL-T derivation to {}", subject.name()), cmd);
    } else if r != risk {
        let cmd = subject.command(r, None);
        cx.push(format!("Edit risk assessment of {}", subject.name()), cmd);
    }
}

/// The scenario list and the editor of the chosen one.
fn scenarios(
    ui: &mut Ui,
    subject: &Subject,
    model: &Model,
    matrix: &RiskMatrix,
    r: &mut RiskAssessment,
) {
    ui.strong(format!("Threat scenarios ({})", r.scenarios.len()));
    let chosen_id = ui.make_persistent_id(("risk-scenario", subject.id()));
    let mut chosen: Option<usize> = ui
        .data(|d| d.get_temp::<Option<usize>>(chosen_id))
        .flatten();
    if r.scenarios.is_empty() {
        ui.weak("None yet. A scenario names who attacks, how, and what follows (ZCR 5.1–5.5).");
    }
    for (i, s) in r.scenarios.iter().enumerate() {
        let risk = scenario_risk(matrix, s);
        let mut text = RichText::new(format!(
            "{} {} — {}",
            s.id,
            s.title,
            match (risk, s.safeguards_cover) {
                (_, true) => "covered by safeguards".to_owned(),
                (Some(v), false) if matrix.is_tolerable(v) => format!("risk {v}, tolerable"),
                (Some(v), false) => format!("risk {v}, {} above", matrix.gap(v)),
                (None, false) => "not rated".to_owned(),
            }
        ));
        // Red on the selection's blue would not read: only rows not chosen are coloured.
        if risk.is_some_and(|v| !matrix.is_tolerable(v)) && !s.safeguards_cover && chosen != Some(i)
        {
            text = text.color(BAD);
        }
        if ui.selectable_label(chosen == Some(i), text).clicked() {
            chosen = if chosen == Some(i) { None } else { Some(i) };
        }
    }
    if ui.button("Add scenario").clicked() {
        let id = r.fresh_scenario_id();
        let mut s = ThreatScenario::new(id, "New scenario");
        s.likelihood = 3;
        r.scenarios.push(s);
        chosen = Some(r.scenarios.len() - 1);
    }
    if let Some(i) = chosen.filter(|i| *i < r.scenarios.len()) {
        let entries = subject.entries(model);
        let mut remove = false;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            remove = scenario_editor(ui, (subject.id(), i), matrix, &entries, &mut r.scenarios[i]);
        });
        if remove {
            r.scenarios.remove(i);
            chosen = None;
        }
    }
    ui.data_mut(|d| d.insert_temp(chosen_id, chosen));
}

/// One scenario's fields; true when the user removes it.
fn scenario_editor(
    ui: &mut Ui,
    salt: (&str, usize),
    matrix: &RiskMatrix,
    entries: &[(Option<String>, String)],
    s: &mut ThreatScenario,
) -> bool {
    let old = s.clone();
    egui::Grid::new(("scenario", salt))
        .num_columns(2)
        .show(ui, |ui| {
            if let Some(v) = text_field(ui, salt, "Title", &old.title, false) {
                s.title = v;
            }
            if let Some(v) = enum_combo(
                ui,
                salt,
                "Threat source",
                old.source,
                &ThreatSource::ALL,
                ThreatSource::label,
            ) {
                s.source = v;
            }
            if let Some(v) = text_field(ui, salt, "Vector", &old.vector, false) {
                s.vector = v;
            }
            let shown = super::widgets::shown_of(entries, &old.entry);
            if let Some(v) = combo(ui, salt, "Enters through", &old.entry, &shown, || {
                entries.to_vec()
            }) {
                s.entry = v;
            }
            if let Some(v) = text_field(ui, salt, "Vulnerability", &old.vulnerability, false) {
                s.vulnerability = v;
            }
            if let Some(v) = text_field(ui, salt, "Consequence", &old.consequence, true) {
                s.consequence = v;
            }
            let levels = |scale: &[String]| -> Vec<(u8, String)> {
                (1..=u8::try_from(scale.len()).unwrap_or(5))
                    .map(|l| (l, level_label(scale, l)))
                    .collect()
            };
            for c in ConsequenceCategory::ALL {
                let current = old.consequences.get(c);
                let shown = current.map_or_else(
                    || "— not credible —".to_owned(),
                    |l| level_label(&matrix.consequence, l),
                );
                let options = || {
                    std::iter::once((None, "— not credible —".to_owned()))
                        .chain(
                            levels(&matrix.consequence)
                                .into_iter()
                                .map(|(l, s)| (Some(l), s)),
                        )
                        .collect()
                };
                if let Some(v) = combo(ui, salt, c.label(), &current, &shown, options) {
                    s.consequences.set(c, v);
                }
            }
            let shown = level_label(&matrix.likelihood, old.likelihood);
            if let Some(v) = combo(ui, salt, "Likelihood", &old.likelihood, &shown, || {
                levels(&matrix.likelihood)
            }) {
                s.likelihood = v;
            }
            ui.label("Safeguards");
            ui.checkbox(
                &mut s.safeguards_cover,
                "Non-hackable safeguards fully cover it",
            )
            .on_hover_text(
                "Relief valves, mechanical trips, hard-wired interlocks: the Security PHA \
                 question. A covered scenario sets no cyber SL.",
            );
            ui.end_row();
            if let Some(v) = text_field(ui, salt, "HAZOP / PHA ref", &old.pha_ref, false) {
                s.pha_ref = v;
            }
        });
    if let Some(r) = scenario_risk(matrix, s) {
        let text = format!(
            "Unmitigated risk {r} ({} × {}); tolerable up to {}.",
            level_label(&matrix.likelihood, s.likelihood),
            s.consequences
                .worst()
                .map_or_else(String::new, |(_, c)| level_label(&matrix.consequence, c)),
            matrix.tolerable
        );
        ui.colored_label(if matrix.is_tolerable(r) { OK } else { BAD }, text);
    }
    ui.button(format!("Remove {}", s.id)).clicked()
}

/// The matrix, likelihood upwards and consequence to the right, each cell coloured by its
/// bands above the tolerable line and holding its scenarios' ids.
fn matrix_view(ui: &mut Ui, matrix: &RiskMatrix, r: &RiskAssessment) {
    ui.strong("Risk matrix");
    let nl = u8::try_from(matrix.likelihood.len()).unwrap_or(5);
    let nc = u8::try_from(matrix.consequence.len()).unwrap_or(5);
    let cell_w = ((ui.available_width() - 120.0) / f32::from(nc)).clamp(34.0, 80.0);
    egui::Grid::new("risk-matrix")
        .spacing([2.0, 2.0])
        .show(ui, |ui| {
            for l in (1..=nl).rev() {
                // Names only: "3 Possible" is an option of the scenario's combo.
                ui.label(&matrix.likelihood[usize::from(l) - 1]);
                for c in 1..=nc {
                    let v = l + c;
                    let ids: Vec<String> = r
                        .scenarios
                        .iter()
                        .filter(|s| {
                            s.likelihood == l && s.consequences.worst().map(|w| w.1) == Some(c)
                        })
                        .map(|s| {
                            // Covered scenarios set no SL: shown in brackets.
                            if s.safeguards_cover {
                                format!("({})", s.id)
                            } else {
                                s.id.clone()
                            }
                        })
                        .collect();
                    egui::Frame::new()
                        .fill(cell_colour(matrix, v))
                        .inner_margin(2.0)
                        .show(ui, |ui| {
                            ui.set_min_size(egui::vec2(cell_w, 22.0));
                            ui.set_max_width(cell_w);
                            let text = if ids.is_empty() {
                                RichText::new(v.to_string()).color(Color32::from_gray(120))
                            } else {
                                RichText::new(ids.join(" ")).color(Color32::BLACK).strong()
                            };
                            ui.label(text);
                        })
                        .response
                        .on_hover_text(format!(
                            "Risk {v}: {}",
                            if matrix.is_tolerable(v) {
                                "tolerable".to_owned()
                            } else {
                                format!("{} band(s) above the tolerable line", matrix.gap(v))
                            }
                        ));
                }
                ui.end_row();
            }
            ui.label("");
            for c in 1..=nc {
                ui.label(RichText::new(&matrix.consequence[usize::from(c) - 1]).small())
                    .on_hover_text(format!("Consequence {c}"));
            }
            ui.end_row();
        });
    ui.weak(
        "Rows: likelihood. Columns: worst credible consequence. (TS-n): covered by non-hackable \
         safeguards.",
    );
}

/// The derivation: approaches, trace, per-FR tailoring and Apply. Returns the vector to apply
/// when the user applies it.
fn derivation(
    ui: &mut Ui,
    salt: &str,
    p: &Proposal,
    sl_t: Option<SlVector>,
    r: &mut RiskAssessment,
) -> Option<SlVector> {
    ui.strong("SL-T derivation");
    ui.horizontal_wrapped(|ui| {
        ui.label("Use:");
        ui.checkbox(&mut r.approaches.risk_gap, "risk gap");
        ui.checkbox(&mut r.approaches.consequence, "worst consequence");
        ui.checkbox(&mut r.approaches.threat, "threat actor");
    });
    for t in &p.trace {
        ui.label(t);
    }
    let Some(base) = p.vector else {
        ui.weak("No proposal yet: add a scenario with a likelihood and a consequence.");
        return None;
    };
    ui.label(RichText::new(format!("Proposed SL-T {base}")).strong());
    ui.strong("Tailoring per FR");
    egui::Grid::new(("tailoring", salt))
        .num_columns(2)
        .show(ui, |ui| {
            for fr in Fr::ALL {
                tailoring_row(ui, salt, fr, base.get(fr), r);
            }
        });
    let tailored = p.tailored?;
    ui.horizontal(|ui| {
        ui.label("Result");
        ui.monospace(tailored.to_string());
        if sl_t == Some(tailored) && r.applied == Some(tailored) {
            ui.colored_label(OK, "applied");
        } else if let Some(t) = sl_t {
            ui.colored_label(WARN, format!("current SL-T {t}"));
        }
    });
    let button = ui
        .add_enabled(p.can_apply(), egui::Button::new("Apply derivation"))
        .on_disabled_hover_text("Each tailored FR needs a note first.");
    button.clicked().then_some(tailored)
}

/// One FR: its proposal, the chosen level ("as proposed" removes the tailoring) and, when set
/// apart, the note.
fn tailoring_row(ui: &mut Ui, salt: &str, fr: Fr, proposed: SecurityLevel, r: &mut RiskAssessment) {
    let current = r.tailoring_of(fr).map(|t| t.level);
    let as_proposed = format!("as proposed (SL {proposed})");
    let shown = current.map_or_else(|| as_proposed.clone(), |l| format!("SL {l}"));
    let label = format!("{} level", fr.abbrev());
    let options = || {
        std::iter::once((None, as_proposed.clone()))
            .chain(
                (0..=SecurityLevel::MAX)
                    .map(|l| (Some(SecurityLevel::saturating(l)), format!("SL {l}"))),
            )
            .collect()
    };
    if let Some(v) = combo(ui, (salt, "tailor"), &label, &current, &shown, options) {
        match v {
            None => r.tailoring.retain(|t| t.fr != fr),
            Some(level) => match r.tailoring.iter_mut().find(|t| t.fr == fr) {
                Some(t) => t.level = level,
                None => r.tailoring.push(Tailoring {
                    fr,
                    level,
                    note: String::new(),
                }),
            },
        }
        r.tailoring.sort_by_key(|t| t.fr);
    }
    if let Some(t) = r.tailoring.iter_mut().find(|t| t.fr == fr) {
        let label = format!("{} note", fr.abbrev());
        if let Some(v) = text_field(ui, (salt, "tailor"), &label, &t.note, false) {
            t.note = v;
        }
        if t.level != proposed && t.note.trim().is_empty() {
            ui.label("");
            ui.colored_label(BAD, "A note is needed: why this FR differs.");
            ui.end_row();
        }
    }
}
