//! The report's IEC 62443-3-2 chapters and sheet parts, PDF and HTML side by side: the
//! requirements specification of the system under consideration (ZCR 1, 6), the risk
//! assessment and SL-T derivation (ZCR 2, 4, 5), the ZCR 6.4 characteristics on each zone and
//! conduit sheet, and the revisions and approval (ZCR 7). Their content is
//! [`super::workflow::WorkflowData`], built before any drawing.

use crate::diagram::Color;
use crate::diagram::text::Weight;

use super::data::ReportData;
use super::flow::{BODY, Cell, Flow, H2, H3, MUTED, SMALL, cell, col};
use super::html::{Html, td};
use super::pdf::Style;
use super::workflow::{RiskSheet, ScenarioRow, SpecRows};

/// Fills of the matrix cells by bands above the tolerable line (0, 1, 2, 3+).
const BAND_FILL: [Color; 4] = [
    Color::rgb(0xc8, 0xe6, 0xc9),
    Color::rgb(0xff, 0xec, 0xb3),
    Color::rgb(0xff, 0xcc, 0x80),
    Color::rgb(0xef, 0x9a, 0x9a),
];

/// The threat-scenario register: dense, still well above the 6 pt floor.
const REGISTER: Style = Style::new(7.0, Weight::Regular, Color::TEXT);

/// Text that needs attention (an outdated approval, a missing characteristic): dark amber,
/// readable on white.
const WARN_TEXT: Color = Color::rgb(0xa3, 0x4a, 0x00);

/// The SL-T basis when no zone or conduit has an SL-T or a risk assessment yet.
const NO_SL_T: &str = "No zone or conduit has an SL-T or a risk assessment yet: there is no SL-T to derive or to justify. Set each zone's SL-T (or record its threat scenarios) to assess the plant against a target.";

fn band_fill(gap: u8) -> Color {
    BAND_FILL[usize::from(gap.min(3))]
}

/// Run-in "Label: value." pieces: a dense block that takes no table row per field.
fn run_in(f: &mut Flow, rows: &[(&str, String)], style: Style) {
    let mut pieces = Vec::new();
    for (k, v) in rows {
        pieces.push((format!("{k}:"), Weight::Bold));
        let v = v.trim().trim_end_matches('.');
        pieces.push((format!("{v}.  "), Weight::Regular));
    }
    f.runs(&pieces, style.size, style.color);
}

// ---------------------------------------------------------------------------------------------
// Requirements specification (project level)

pub fn spec_chapter(f: &mut Flow, data: &ReportData) {
    let w = &data.workflow;
    f.paragraph(
        "The cybersecurity requirements specification (IEC 62443-3-2 ZCR 6) of the system \
         under consideration. Each zone and conduit sheet carries its own characteristics \
         (ZCR 6.4); the risk chapter shows how each SL-T was derived.",
        MUTED,
    );
    if w.project_spec.is_empty() {
        f.paragraph(
            "No project-level specification is recorded (system under consideration, \
             tolerable risk, assumptions, threat environment, policies, regulations).",
            BODY,
        );
        return;
    }
    run_in(f, &w.project_spec, BODY);
}

pub fn spec_chapter_html(h: &mut Html, data: &ReportData) {
    let w = &data.workflow;
    if w.project_spec.is_empty() {
        h.p("No project-level specification is recorded.");
    } else {
        h.fields(&w.project_spec);
    }
}

// ---------------------------------------------------------------------------------------------
// Risk assessment and SL-T derivation

/// The matrix: likelihood rows (highest on top), consequence columns, each cell coloured by
/// its bands above the tolerable line and holding how many scenarios sit there.
fn matrix(f: &mut Flow, data: &ReportData) {
    let m = &data.workflow.matrix;
    let counts = |l: u8, c: u8| {
        data.workflow
            .sheets
            .iter()
            .flat_map(|s| &s.scenarios)
            .filter(|s| s.cell == Some((l, c)) && !s.covered)
            .count()
    };
    let label_w = 86.0;
    let cell_w = ((f.width() - label_w) / m.consequence.len().max(1) as f32).min(70.0);
    let cell_h = 15.0;
    let rows = m.likelihood.len();
    let h = (rows as f32 + 1.6) * cell_h + 4.0;
    f.ensure(h);
    let x0 = f.left();
    let y0 = f.y;
    let tolerable = m.tolerable;
    let page = f.page();
    for (ri, l) in (1..=u8::try_from(rows).unwrap_or(5)).rev().enumerate() {
        let y = y0 + ri as f32 * cell_h;
        let name = &m.likelihood[usize::from(l) - 1];
        page.text(x0, y + 4.0, &format!("{l} {name}"), SMALL);
        for c in 1..=u8::try_from(m.consequence.len()).unwrap_or(5) {
            let x = x0 + label_w + f32::from(c - 1) * cell_w;
            let risk = l + c;
            let fill = band_fill(risk.saturating_sub(tolerable));
            page.rect(x, y, cell_w - 1.0, cell_h - 1.0, Some(fill), None);
            let n = counts(l, c);
            let text = if n == 0 {
                risk.to_string()
            } else {
                format!("{risk} · {n} sc.")
            };
            let style = if n == 0 {
                Style::new(7.0, Weight::Regular, Color::MUTED)
            } else {
                Style::new(7.0, Weight::Bold, Color::TEXT)
            };
            page.text_center(x + cell_w / 2.0, y + 4.0, &text, style);
        }
    }
    let y = y0 + rows as f32 * cell_h + 2.0;
    for (i, name) in m.consequence.iter().enumerate() {
        let x = x0 + label_w + i as f32 * cell_w;
        page.text_center(
            x + cell_w / 2.0,
            y,
            &format!("{} {name}", i + 1),
            Style::new(6.5, Weight::Regular, Color::TEXT),
        );
    }
    f.space(h);
    f.paragraph(
        &format!(
            "Rows: unmitigated likelihood. Columns: worst credible consequence. A cell's risk is \
             likelihood + consequence; up to {} is tolerable (green); each step above is a band \
             (amber, orange, red). \"sc.\": scenarios not covered by non-hackable safeguards.",
            m.tolerable
        ),
        MUTED,
    );
}

fn tables_rows(data: &ReportData) -> Vec<Vec<Cell>> {
    let m = &data.workflow.matrix;
    let n = m
        .gap_rows
        .len()
        .max(m.consequence_rows.len())
        .max(m.threat_rows.len());
    let pair = |v: &[(String, String)], i: usize| -> [Cell; 2] {
        v.get(i).map_or_else(
            || [cell(""), cell("")],
            |(k, s)| [cell(k.clone()), cell(s.clone()).center()],
        )
    };
    (0..n)
        .map(|i| {
            let mut row = Vec::new();
            row.extend(pair(&m.gap_rows, i));
            row.extend(pair(&m.consequence_rows, i));
            row.extend(pair(&m.threat_rows, i));
            row
        })
        .collect()
}

/// "SL-T {3 3 3 1 3 2 3}, derived from the risk assessment".
fn sl_t_line(s: &RiskSheet) -> String {
    format!(
        "SL-T {}, {}",
        s.sl_t
            .map_or_else(|| "not set".to_owned(), |t| t.to_string()),
        s.origin.label()
    )
}

fn basis(s: &RiskSheet) -> String {
    // Set by hand: its rationale is its basis, whatever a derivation would propose.
    if s.origin == crate::model::SltOrigin::Manual || (s.scenarios.is_empty() && s.method == "none")
    {
        if s.rationale.trim().is_empty() {
            "no scenarios, no rationale".to_owned()
        } else {
            format!("rationale: {}", s.rationale.trim())
        }
    } else {
        let n = s.scenarios.len();
        format!(
            "{}{}",
            if n == 0 {
                String::new()
            } else {
                format!("{n} scenario(s); ")
            },
            s.method
        )
    }
}

/// The title on its own line, then the rest as one wrapped sentence run: the cells stay
/// short without losing a word.
fn scenario_cells(s: &ScenarioRow) -> Vec<Cell> {
    let mut cells = scenario_head(s);
    cells[1].text = format!("{}\n{}", s.title, scenario_text(s));
    cells
}

/// A scenario in the PDF register: its id, title, likelihood, worst consequence and risk in
/// a row, then the rest under the title across the columns to the right, so the long text
/// takes the table's width instead of a narrow column beside mostly empty ones.
fn scenario_rows(s: &ScenarioRow) -> [Vec<Cell>; 2] {
    [
        scenario_head(s),
        vec![cell(""), cell(scenario_text(s)).span()],
    ]
}

/// Source, entry, vector, vulnerability, consequence and HAZOP/PHA reference in a sentence.
fn scenario_text(s: &ScenarioRow) -> String {
    let mut rest = format!("Source: {}", s.source);
    if !s.entry.is_empty() {
        rest.push_str(&format!(", through {}", s.entry));
    }
    for (k, v) in [
        ("vector", &s.vector),
        ("vulnerability", &s.vulnerability),
        ("consequence", &s.consequence),
        ("HAZOP/PHA", &s.pha_ref),
    ] {
        let v = v.trim().trim_end_matches('.');
        if !v.is_empty() {
            rest.push_str(&format!("; {k}: {v}"));
        }
    }
    format!("{rest}.")
}

/// The row of a scenario, its title in the second cell.
fn scenario_head(s: &ScenarioRow) -> Vec<Cell> {
    let risk = cell(s.risk.clone());
    let risk = if s.covered {
        risk.fill(Color::rgb(0xe9, 0xed, 0xf2))
    } else if s.above_tolerable {
        risk.fill(BAND_FILL[2])
    } else {
        risk.fill(BAND_FILL[0])
    };
    vec![
        cell(s.id.clone()).bold(),
        cell(s.title.clone()),
        cell(s.likelihood.clone()),
        cell(if s.worst.is_empty() {
            "–".to_owned()
        } else {
            s.worst.clone()
        }),
        risk,
    ]
}

pub fn risk_chapter(f: &mut Flow, data: &ReportData) {
    let w = &data.workflow;
    f.paragraph(
        &format!(
            "IEC 62443-3-2 leaves the risk method to the asset owner. Each zone's and conduit's \
             SL-T is derived from its threat scenarios by up to three approaches: the risk gap \
             above the tolerable line, the worst credible consequence not covered by \
             non-hackable safeguards, and the most capable credible threat source; the proposal \
             is the highest of them. A conduit is proposed at least the highest SL-T of the \
             internal zones it joins. FRs set apart from the proposal carry a note. The matrix \
             and tables are {}.",
            w.tables_label()
        ),
        MUTED,
    );
    f.heading("Risk matrix", H3, 120.0);
    matrix(f, data);
    f.heading("SL mapping tables", H3, 80.0);
    f.table(
        &[
            col("Bands above tolerable", 2.2),
            col("SL", 0.6),
            col("Worst consequence", 1.8),
            col("SL", 0.6),
            col("Threat source", 2.6),
            col("SL", 0.6),
        ],
        &tables_rows(data),
    );
    f.heading("SL-T basis per zone and conduit", H3, 40.0);
    // One run of text, not a table row each: the elements with scenarios follow with their
    // register; the others are named here with their basis.
    let mut pieces = Vec::new();
    for s in &w.sheets {
        pieces.push((format!("{} ({}):", s.name, s.id), Weight::Bold));
        pieces.push((
            format!(
                "{} {}, {}.",
                s.sl_t
                    .map_or_else(|| "no SL-T".to_owned(), |t| t.to_string()),
                s.origin.label(),
                basis(s).trim_end_matches('.')
            ),
            Weight::Regular,
        ));
    }
    if w.sheets.is_empty() {
        f.paragraph(NO_SL_T, BODY);
    } else {
        f.runs(&pieces, SMALL.size, SMALL.color);
    }
    for s in w.sheets.iter().filter(|s| !s.scenarios.is_empty()) {
        let title = format!("{}: {} ({})", s.noun, s.name, s.id);
        f.heading(&title, H3, 50.0);
        f.paragraph(&sl_t_line(s), BODY);
        let rows: Vec<Vec<Cell>> = s.scenarios.iter().flat_map(scenario_rows).collect();
        f.table_styled(
            &[
                col("ID", 0.55),
                col("Scenario", 4.9),
                col("Likelihood", 1.1),
                col("Worst consequence", 1.6),
                col("Risk", 1.5),
            ],
            &rows,
            REGISTER,
        );
        let mut pieces = vec![("Derivation:".to_owned(), Weight::Bold)];
        pieces.extend(s.trace.iter().map(|t| (t.clone(), Weight::Regular)));
        f.runs(&pieces, SMALL.size, SMALL.color);
    }
}

pub fn risk_chapter_html(h: &mut Html, data: &ReportData) {
    let w = &data.workflow;
    h.muted(&format!(
        "Each SL-T is derived from its threat scenarios: the risk gap, the worst credible \
         consequence and the threat source, the highest of them; conduits at least as high as \
         their zones. The matrix and tables are {}.",
        w.tables_label()
    ));
    let m = &w.matrix;
    h.heading(3, "Risk matrix");
    let mut head = vec!["Likelihood \\ consequence".to_owned()];
    head.extend(
        m.consequence
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{} {c}", i + 1)),
    );
    let rows = (1..=u8::try_from(m.likelihood.len()).unwrap_or(5))
        .rev()
        .map(|l| {
            let mut row = vec![td(format!("{l} {}", m.likelihood[usize::from(l) - 1]))];
            for c in 1..=u8::try_from(m.consequence.len()).unwrap_or(5) {
                let ids: Vec<&str> = w
                    .sheets
                    .iter()
                    .flat_map(|s| &s.scenarios)
                    .filter(|s| s.cell == Some((l, c)) && !s.covered)
                    .map(|s| s.id.as_str())
                    .collect();
                let n = ids.len();
                let text = if n == 0 {
                    (l + c).to_string()
                } else {
                    format!("{} · {n} scenario(s)", l + c)
                };
                row.push(td(text).fill(band_fill((l + c).saturating_sub(m.tolerable))));
            }
            row
        })
        .collect();
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    h.table(&head, rows);
    h.heading(3, "SL mapping tables");
    let rows = tables_rows(data)
        .into_iter()
        .map(|r| r.into_iter().map(|c| td(c.text)).collect())
        .collect();
    h.table(
        &[
            "Bands above tolerable",
            "SL",
            "Worst consequence",
            "SL",
            "Threat source",
            "SL",
        ],
        rows,
    );
    h.heading(3, "SL-T basis per zone and conduit");
    let rows = w
        .sheets
        .iter()
        .map(|s| {
            vec![
                td(format!("{} ({})", s.name, s.id)),
                td(s.sl_t.map_or_else(|| "–".to_owned(), |t| t.to_string())),
                td(s.origin.label()),
                td(basis(s)),
            ]
        })
        .collect();
    if w.sheets.is_empty() {
        h.p(NO_SL_T);
    } else {
        h.table(&["Zone / conduit", "SL-T", "Origin", "Basis"], rows);
    }
    for s in w.sheets.iter().filter(|s| !s.scenarios.is_empty()) {
        h.heading(3, &format!("{}: {} ({})", s.noun, s.name, s.id));
        h.p(&sl_t_line(s));
        let rows = s
            .scenarios
            .iter()
            .map(|x| scenario_cells(x).into_iter().map(|c| td(c.text)).collect())
            .collect();
        h.table(
            &["ID", "Scenario", "Likelihood", "Worst consequence", "Risk"],
            rows,
        );
        h.list(&s.trace);
    }
}

// ---------------------------------------------------------------------------------------------
// Zone and conduit sheets: ZCR 6.4

/// The spec rows of a sheet, in a sentence each, with what is missing.
fn sheet_rows(spec: &SpecRows) -> Vec<(&'static str, String)> {
    spec.rows
        .iter()
        .filter(|(_, v)| v != "–")
        .map(|(k, v)| (*k, v.clone()))
        .collect()
}

fn missing_line(spec: &SpecRows) -> Option<String> {
    (!spec.missing.is_empty()).then(|| {
        format!(
            "Specification {:.0} % complete (ZCR 6.4); missing: {}.",
            spec.completeness * 100.0,
            spec.missing.join(", ")
        )
    })
}

/// The ZCR 6.4 characteristics on a zone or conduit sheet, as one dense block.
pub fn sheet_spec(f: &mut Flow, data: &ReportData, id: &str) {
    let Some(spec) = data.workflow.specs.get(id) else {
        return;
    };
    let rows = sheet_rows(spec);
    // A sheet with nothing but the project's tolerable risk says only what it lacks.
    if rows.iter().any(|(k, _)| !k.starts_with("Tolerable")) {
        f.heading("Characteristics (ZCR 6.4)", H3, 30.0);
        run_in(f, &rows, SMALL);
    }
    if let Some(line) = missing_line(spec) {
        f.paragraph(&line, Style::new(7.5, Weight::Regular, WARN_TEXT));
    }
    // A derived SL-T points to its derivation; a hand-set one has its rationale beside the
    // levels already.
    if let Some(s) = data
        .workflow
        .sheets
        .iter()
        .find(|s| s.id == id && s.origin != crate::model::SltOrigin::Manual)
    {
        f.paragraph(
            &format!("{}; the risk chapter shows how.", sl_t_line(s)),
            SMALL,
        );
    }
}

pub fn sheet_spec_html(h: &mut Html, data: &ReportData, id: &str) {
    let Some(spec) = data.workflow.specs.get(id) else {
        return;
    };
    h.heading(4, "Characteristics (ZCR 6.4)");
    h.fields(&sheet_rows(spec));
    if let Some(line) = missing_line(spec) {
        h.muted(&line);
    }
    if let Some(s) = data.workflow.sheets.iter().find(|s| s.id == id) {
        h.p(&sl_t_line(s));
    }
}

// ---------------------------------------------------------------------------------------------
// Revisions and approval

fn revision_rows(data: &ReportData) -> Vec<Vec<Cell>> {
    data.workflow
        .revisions
        .iter()
        .map(|r| {
            vec![
                cell(r.revision.clone()).bold(),
                cell(r.date.clone()),
                cell(r.author.clone()),
                cell(r.description.clone()),
            ]
        })
        .collect()
}

fn approval_cells(a: &super::workflow::ApprovalRow) -> Vec<Cell> {
    let mut who = a.approver.clone();
    for extra in [&a.role, &a.organisation] {
        if !extra.is_empty() {
            who.push_str(&format!("\n{extra}"));
        }
    }
    let mut terms = String::new();
    if !a.conditions.is_empty() {
        terms.push_str(&format!("Conditions: {}", a.conditions));
    }
    if !a.accepted_risks.is_empty() {
        if !terms.is_empty() {
            terms.push('\n');
        }
        terms.push_str(&format!(
            "Accepted residual risks: {}",
            a.accepted_risks.join(", ")
        ));
    }
    if !a.review_triggers.is_empty() {
        if !terms.is_empty() {
            terms.push('\n');
        }
        terms.push_str(&format!("Review when: {}", a.review_triggers.join("; ")));
    }
    vec![
        cell(who),
        cell(format!("{}\nrev. {}", a.date, a.revision)),
        cell(a.decision.clone()).bold(),
        cell(if terms.is_empty() {
            "–".to_owned()
        } else {
            terms
        }),
    ]
}

/// The approval status in a coloured sentence.
fn status(f: &mut Flow, data: &ReportData) {
    let w = &data.workflow;
    let colour = if w.approval_current {
        Color::TEXT
    } else {
        WARN_TEXT
    };
    f.paragraph(&w.approval_status, Style::new(9.0, Weight::Bold, colour));
}

pub fn approval_chapter(f: &mut Flow, data: &ReportData) {
    let w = &data.workflow;
    f.paragraph(
        "IEC 62443-3-2 ZCR 7.1: the asset owner's management reviews and approves the results \
         of the assessment. An approval covers the model as it was approved: any later change \
         to a zone, conduit, asset or countermeasure makes it outdated.",
        MUTED,
    );
    status(f, data);
    f.heading("Revision history", H3, 40.0);
    if w.revisions.is_empty() {
        f.paragraph("No revisions are recorded.", BODY);
    } else {
        f.table(
            &[
                col("Revision", 1.0),
                col("Date", 1.1),
                col("Author", 1.8),
                col("Change", 5.0),
            ],
            &revision_rows(data),
        );
    }
    f.heading("Approval records", H3, 40.0);
    if w.approvals.is_empty() {
        f.paragraph("No approval is recorded yet.", BODY);
    } else {
        let rows: Vec<Vec<Cell>> = w.approvals.iter().map(approval_cells).collect();
        f.table(
            &[
                col("Approver", 2.0),
                col("Date", 1.2),
                col("Decision", 1.4),
                col("Conditions, accepted risks, review triggers", 5.0),
            ],
            &rows,
        );
    }
    if !w.approval_current {
        f.heading("Approval of this revision", H3, 90.0);
        let rows: Vec<Vec<Cell>> = [
            "Name",
            "Role, organisation",
            "Decision",
            "Date",
            "Signature",
        ]
        .iter()
        .map(|k| vec![cell(*k).bold(), cell("\n\n")])
        .collect();
        f.table(&[col("", 1.5), col("", 6.0)], &rows);
    }
}

pub fn approval_chapter_html(h: &mut Html, data: &ReportData) {
    let w = &data.workflow;
    h.p(&w.approval_status);
    h.heading(3, "Revision history");
    let rows = revision_rows(data)
        .into_iter()
        .map(|r| r.into_iter().map(|c| td(c.text)).collect())
        .collect();
    h.table(&["Revision", "Date", "Author", "Change"], rows);
    h.heading(3, "Approval records");
    let rows = w
        .approvals
        .iter()
        .map(|a| approval_cells(a).into_iter().map(|c| td(c.text)).collect())
        .collect();
    h.table(
        &[
            "Approver",
            "Date",
            "Decision",
            "Conditions, accepted risks, review triggers",
        ],
        rows,
    );
}

/// The cover's revision block: the history with who approved each revision, and blank rows
/// to sign when the current one is not approved.
pub fn cover_revisions(f: &mut Flow, data: &ReportData) {
    let w = &data.workflow;
    let p = &data.project;
    f.paragraph("Revision and approval", H2);
    let approved_by = |rev: &str| {
        w.approvals
            .iter()
            .filter(|a| a.revision == rev)
            .map(|a| format!("{}, {} ({})", a.approver, a.date, a.decision.to_lowercase()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut rows: Vec<Vec<Cell>> = w
        .revisions
        .iter()
        .map(|r| {
            vec![
                cell(r.revision.clone()),
                cell(r.date.clone()),
                cell(r.author.clone()),
                cell(r.description.clone()),
                cell(approved_by(&r.revision)),
            ]
        })
        .collect();
    if !w.revisions.iter().any(|r| r.revision == p.revision) {
        rows.push(vec![
            cell(p.revision.clone()),
            cell(p.date.clone()),
            cell(p.author.clone()),
            cell(""),
            cell(approved_by(&p.revision)),
        ]);
    }
    if !w.approval_current {
        rows.push(vec![cell("\n\n"), cell(""), cell(""), cell(""), cell("")]);
    }
    f.table(
        &[
            col("Revision", 1.1),
            col("Date", 1.1),
            col("Author", 1.6),
            col("Change", 3.2),
            col("Approved by", 2.2),
        ],
        &rows,
    );
    // A current approval is in the table; anything else needs saying.
    if !data.workflow.approval_current {
        status(f, data);
    }
}

/// The sentence that stands for the incomplete-specification findings in the findings chapter.
pub fn spec_gaps_line(data: &ReportData) -> Option<String> {
    let names: Vec<String> = data
        .workflow
        .specs
        .iter()
        .filter(|(_, s)| !s.missing.is_empty())
        .map(|(id, _)| id.clone())
        .collect();
    (!names.is_empty()).then(|| {
        format!(
            "Not numbered above: {} zone(s) and conduit(s) have an incomplete specification \
             (ZCR 6.4, info: rule spec-incomplete): {}. Each sheet says what it lacks.",
            names.len(),
            names.join(", ")
        )
    })
}
