//! The Findings tab: the rules' findings, virtualised, filtered by severity, each with its
//! element and an accept button.

use egui::{Color32, RichText, Ui};

use super::{BAD, OK, WARN};
use crate::analysis::{Finding, Severity};
use crate::model::{Command, ElementId};
use crate::ui::panels::Cx;

pub(super) fn findings(cx: &mut Cx<'_>, ui: &mut Ui) {
    ui.heading("Findings");
    ui.horizontal(|ui| {
        ui.label("Show");
        for (i, label) in ["Errors", "Warnings", "Info"].iter().enumerate() {
            ui.checkbox(&mut cx.severity_filter[i], *label);
        }
    });
    let mut frame: Option<Vec<ElementId>> = None;
    let mut accept: Option<String> = None;
    let mut revoke: Option<String> = None;
    let shown: Vec<_> = cx
        .analysis
        .findings
        .iter()
        .filter(|f| {
            cx.severity_filter[match f.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            }]
        })
        .collect();
    if shown.is_empty() {
        ui.weak("No findings to show.");
    }
    // Virtualised: a large plant has thousands of findings; only the rows in view are laid
    // out. Each row is two lines (severity, rule, action; the message, whole on hover).
    let row_h = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 14.0;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_h, shown.len(), |ui, range| {
            for f in &shown[range] {
                match finding_row(cx, ui, f, row_h) {
                    Some(RowChoice::Frame(els)) => frame = Some(els),
                    Some(RowChoice::Accept(id)) => accept = Some(id),
                    Some(RowChoice::Revoke(id)) => revoke = Some(id),
                    None => {}
                }
            }
        });
    if let Some(els) = frame {
        cx.select_and_frame(&els);
    }
    if let Some(id) = accept {
        cx.start_accept(id);
    }
    if let Some(id) = revoke {
        cx.push(
            format!("Un-accept {id}"),
            Command::SetAcceptance {
                finding: id,
                acceptance: None,
            },
        );
    }
}

/// What the user did on a row.
enum RowChoice {
    Frame(Vec<ElementId>),
    Accept(String),
    Revoke(String),
}

/// One finding's row, two lines high: severity, rule, accept or un-accept; the message, whole
/// on hover, a click selecting its elements.
fn finding_row(cx: &Cx<'_>, ui: &mut Ui, f: &Finding, row_h: f32) -> Option<RowChoice> {
    let mut choice = None;
    let color = match f.severity {
        Severity::Error => BAD,
        Severity::Warning => WARN,
        Severity::Info => Color32::from_rgb(0x2f, 0x6d, 0xb5),
    };
    let accepted = cx.model.accepted.get(&f.id);
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), row_h),
        egui::Sense::hover(),
    );
    let mut row = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect.shrink2(egui::vec2(4.0, 3.0)))
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    row.set_clip_rect(rect.intersect(ui.clip_rect()));
    row.horizontal(|ui| {
        ui.label(
            RichText::new(f.severity.label().to_uppercase())
                .small()
                .strong()
                .color(color),
        );
        ui.monospace(f.rule);
        if f.accepted {
            ui.label(RichText::new("accepted").small().color(OK));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if accepted.is_some() {
                if ui.small_button("Un-accept").clicked() {
                    choice = Some(RowChoice::Revoke(f.id.clone()));
                }
            } else if ui
                .small_button("Accept…")
                .on_hover_text("Accept with a justification")
                .clicked()
            {
                choice = Some(RowChoice::Accept(f.id.clone()));
            }
        });
    });
    let selected = f.elements.iter().all(|e| cx.selection.contains(e)) && !f.elements.is_empty();
    let msg = if f.accepted {
        RichText::new(&f.message).weak()
    } else {
        RichText::new(&f.message)
    };
    let hover = match accepted {
        Some(a) => format!(
            "{}\n\nAccepted{}{}: {}",
            f.message,
            if a.by.is_empty() {
                String::new()
            } else {
                format!(" by {}", a.by)
            },
            if a.date.is_empty() {
                String::new()
            } else {
                format!(" on {}", a.date)
            },
            a.justification
        ),
        None => format!("{}\n\nClick to select and show its elements", f.message),
    };
    if row
        .add(egui::Button::selectable(selected, msg).truncate())
        .on_hover_text(hover)
        .clicked()
    {
        choice = Some(RowChoice::Frame(f.elements.clone()));
    }
    ui.painter().hline(
        rect.x_range(),
        rect.bottom() - 0.5,
        ui.visuals().widgets.noninteractive.bg_stroke,
    );
    choice
}
