//! The Deltas tab: the zone × FR matrix of SL-T/SL-A/SL-C (only the rows in view are drawn),
//! and the unmet requirement items of the selected zone, conduit or asset with their reasons.

use egui::{Color32, RichText, Ui};

use super::{BAD, OK, WARN};
use crate::analysis::{Delta, SLA_HEURISTIC, SLC_HEURISTIC};
use crate::catalog::{ALLOCATION_HEURISTIC, Provider, Requirement};
use crate::model::{AssetId, ElementId, Fr, Model, SecurityLevel, SlVector};
use crate::ui::panels::Cx;

/// The text and fill of one matrix cell, `T/A/C`: SL-T, the estimated SL-A and SL-C (`?` when
/// unknown). The fill compares SL-T with SL-A on the shared gap scale (`diagram::style::gap_fill`,
/// the report's colours): green where met, amber one level short, red more.
fn level_cell(
    t: Option<SecurityLevel>,
    a: Option<SecurityLevel>,
    c: Option<SecurityLevel>,
) -> (String, Color32) {
    let c_text = c.map_or_else(|| "?".to_owned(), |c| c.to_string());
    let gap = crate::analysis::GapLevel::of(
        t.map(SecurityLevel::get),
        a.unwrap_or(SecurityLevel::SL0).get(),
    );
    let fill = crate::diagram::style::gap_fill(gap);
    let fill = Color32::from_rgb(fill.r, fill.g, fill.b);
    let text = match t {
        None => format!("–/–/{c_text}"),
        Some(t) => {
            let a_text = a.map_or_else(|| "–".to_owned(), |a| a.to_string());
            format!("{t}/{a_text}/{c_text}")
        }
    };
    (text, fill)
}

/// `text` cut to `max_w` with an ellipsis, never a letter cut in half.
fn elide(ui: &Ui, text: &str, font: &egui::FontId, max_w: f32) -> String {
    let width = |t: &str| {
        ui.fonts_mut(|f| {
            f.layout_no_wrap(t.to_owned(), font.clone(), Color32::WHITE)
                .size()
                .x
        })
    };
    if width(text) <= max_w {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 1 {
        n -= 1;
        let mut cut = chars[..n].iter().collect::<String>().trim_end().to_owned();
        cut.push('…');
        if width(&cut) <= max_w {
            return cut;
        }
    }
    "…".to_owned()
}

const NAME_W: f32 = 110.0;
const CELL_W: f32 = 38.0;
const UNMET_W: f32 = 66.0;
const ROW_H: f32 = 20.0;

/// The fonts, colour and width of the delta matrix.
struct MatrixStyle {
    font: egui::FontId,
    small: egui::FontId,
    text_color: Color32,
    width: f32,
}

/// The zone × FR matrix, one painted row per zone and conduit. Only the rows in view are
/// drawn, so a large model costs nothing extra per frame.
fn delta_matrix(cx: &mut Cx<'_>, ui: &mut Ui) {
    let style = MatrixStyle {
        font: egui::FontId::proportional(13.0),
        small: egui::FontId::monospace(11.0),
        text_color: ui.visuals().text_color(),
        width: NAME_W + 7.0 * CELL_W + UNMET_W,
    };
    matrix_header(ui, &style);
    let n_zones = cx.analysis.deltas.zones.len();
    let rows = n_zones + cx.analysis.deltas.conduits.len();
    let mut select: Option<ElementId> = None;
    egui::ScrollArea::vertical()
        .id_salt("delta-matrix")
        .max_height(340.0)
        .auto_shrink([false, true])
        .show_rows(ui, ROW_H, rows, |ui, range| {
            let deltas = &cx.analysis.deltas;
            for i in range {
                let (el, d) = if i < n_zones {
                    let z = &deltas.zones[i];
                    (ElementId::Zone(z.id.clone()), &z.delta)
                } else {
                    let c = &deltas.conduits[i - n_zones];
                    (ElementId::Conduit(c.id.clone()), &c.delta)
                };
                if matrix_row(cx, ui, &style, &el, d) {
                    select = Some(el);
                }
            }
        });
    if let Some(s) = select {
        *cx.selection = std::iter::once(s).collect();
    }
}

/// The matrix's header row: "Zone / conduit", the FR abbreviations (full names on hover),
/// "Unmet".
fn matrix_header(ui: &mut Ui, style: &MatrixStyle) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(style.width, ROW_H), egui::Sense::hover());
    let p = ui.painter();
    p.text(
        rect.left_center(),
        egui::Align2::LEFT_CENTER,
        "Zone / conduit",
        style.font.clone(),
        style.text_color,
    );
    for (i, fr) in Fr::ALL.iter().enumerate() {
        let x = rect.left() + NAME_W + CELL_W * (i as f32 + 0.5);
        let r = ui.interact(
            egui::Rect::from_center_size(egui::pos2(x, rect.center().y), egui::vec2(CELL_W, ROW_H)),
            ui.scope_id().with(("fr-head", i)),
            egui::Sense::hover(),
        );
        r.on_hover_text(format!("{} {}", fr.label(), fr.title()));
        ui.painter().text(
            egui::pos2(x, rect.center().y),
            egui::Align2::CENTER_CENTER,
            fr.abbrev(),
            egui::FontId::proportional(11.0),
            style.text_color,
        );
    }
    ui.painter().text(
        egui::pos2(rect.left() + NAME_W + 7.0 * CELL_W + 6.0, rect.center().y),
        egui::Align2::LEFT_CENTER,
        "Unmet",
        style.font.clone(),
        style.text_color,
    );
}

/// The texts of one matrix row: the name, the cells, the short unmet column, and the whole
/// row in words (its accessible label and hover text).
struct MatrixRow {
    name: String,
    cells: Vec<(String, Color32)>,
    unmet_short: String,
    label: String,
}

impl MatrixRow {
    fn new(model: &Model, el: &ElementId, d: &Delta) -> Self {
        let name = model.name_of(el.as_str());
        let name = if matches!(el, ElementId::Conduit(_)) {
            format!("⇄ {name}")
        } else {
            name.to_owned()
        };
        let cells: Vec<(String, Color32)> = Fr::ALL
            .iter()
            .map(|fr| {
                level_cell(
                    d.sl_t.map(|t| t.get(*fr)),
                    d.sl_a.map(|a| a.get(*fr)),
                    d.sl_c.map(|c| c.get(*fr)),
                )
            })
            .collect();
        let unmet = if d.is_assessed() {
            format!("{} unmet", d.unmet.len())
        } else {
            "not assessed".to_owned()
        };
        // The short form fits the column; the hover text has the whole row.
        let unmet_short = if d.is_assessed() {
            unmet.clone()
        } else {
            "–".to_owned()
        };
        let summary = Fr::ALL
            .iter()
            .zip(&cells)
            .map(|(fr, (t, _))| format!("{} {t}", fr.abbrev()))
            .collect::<Vec<_>>()
            .join(", ");
        let label = format!("{name}: {summary}; {unmet}");
        Self {
            name,
            cells,
            unmet_short,
            label,
        }
    }
}

/// One painted, clickable row of the matrix; returns whether it was clicked.
fn matrix_row(cx: &Cx<'_>, ui: &mut Ui, style: &MatrixStyle, el: &ElementId, d: &Delta) -> bool {
    let row = MatrixRow::new(cx.model, el, d);
    let (rect, resp) = ui.allocate_exact_size(egui::vec2(style.width, ROW_H), egui::Sense::click());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, row.label.clone()));
    let selected = cx.selection.contains(el);
    let p = ui.painter_at(rect);
    if selected {
        p.rect_filled(rect, 2.0, ui.visuals().selection.bg_fill);
    } else if resp.hovered() {
        p.rect_filled(rect, 2.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    paint_row(ui, style, rect, &row, d);
    resp.on_hover_text(&row.label).clicked()
}

/// The name, the level cells and the unmet count of a row, painted into `rect`.
fn paint_row(ui: &Ui, style: &MatrixStyle, rect: egui::Rect, row: &MatrixRow, d: &Delta) {
    let p = ui.painter_at(rect);
    let name_rect = egui::Rect::from_min_size(rect.min, egui::vec2(NAME_W - 4.0, ROW_H));
    ui.painter_at(name_rect).text(
        name_rect.left_center() + egui::vec2(4.0, 0.0),
        egui::Align2::LEFT_CENTER,
        elide(ui, &row.name, &style.font, NAME_W - 8.0),
        style.font.clone(),
        style.text_color,
    );
    for (k, (text, fill)) in row.cells.iter().enumerate() {
        let c = egui::Rect::from_min_size(
            egui::pos2(
                rect.left() + NAME_W + CELL_W * k as f32 + 2.0,
                rect.top() + 2.0,
            ),
            egui::vec2(CELL_W - 4.0, ROW_H - 4.0),
        );
        p.rect_filled(c, 2.0, *fill);
        p.text(
            c.center(),
            egui::Align2::CENTER_CENTER,
            text,
            style.small.clone(),
            Color32::from_gray(20),
        );
    }
    let unmet_color = match d.unmet.len() {
        _ if !d.is_assessed() => ui.visuals().weak_text_color(),
        0 => OK,
        _ => BAD,
    };
    p.text(
        egui::pos2(rect.left() + NAME_W + 7.0 * CELL_W + 6.0, rect.center().y),
        egui::Align2::LEFT_CENTER,
        &row.unmet_short,
        egui::FontId::proportional(11.5),
        unmet_color,
    );
}

pub(super) fn deltas(cx: &mut Cx<'_>, ui: &mut Ui) {
    ui.heading("Requirement deltas");
    ui.label(RichText::new(SLC_HEURISTIC).small().weak());
    heuristics_note(ui);
    ui.add_space(4.0);
    ui.label(
        RichText::new(
            "Cells show SL-T/SL-A/SL-C per FR (? = SL-C unknown); the colour compares SL-T with \
             the estimated SL-A: red where SL-A falls two or more levels short, amber one.",
        )
        .small(),
    );
    delta_matrix(cx, ui);
    ui.separator();
    let sel: Vec<ElementId> = cx.selection.iter().cloned().collect();
    // With the reasons of its unmet items, which the analysis leaves out.
    let chosen = match sel.as_slice() {
        [e @ (ElementId::Zone(_) | ElementId::Conduit(_))] => cx
            .reasons
            .get(cx.model, cx.state, e)
            .cloned()
            .map(|d| (e.as_str(), d)),
        _ => None,
    };
    match sel.as_slice() {
        [ElementId::Zone(_) | ElementId::Conduit(_)] => {
            if let Some((id, d)) = chosen {
                element_delta(cx, ui, id, &d);
            }
        }
        [ElementId::Asset(a)] => asset_delta(cx, ui, a),
        _ => {
            ui.weak("Select a zone, conduit or asset to see its unmet requirement items.");
        }
    }
}

fn requirement_text(cx: &Cx<'_>, ui: &mut Ui, id: &str) {
    if let Some(t) = cx.texts.and_then(|t| t.get(id)) {
        ui.label(RichText::new(t).small().italics());
    }
}

/// The SL-A and allocation heuristics: a short line, the full texts on hover.
fn heuristics_note(ui: &mut Ui) {
    ui.label(
        RichText::new(
            "Note: SL-A is an estimate, and who provides each item follows the tool's allocation \
             table: heuristics of this tool (hover for details).",
        )
        .small()
        .weak(),
    )
    .on_hover_text(format!("{SLA_HEURISTIC}\n\n{ALLOCATION_HEURISTIC}"));
}

/// Who can provide an item, in words: "Boundary device · Security service (log)".
fn providers_text(r: &Requirement) -> String {
    r.providers
        .iter()
        .map(|p| match (p, r.service) {
            (Provider::Service, Some(s)) => format!("{} ({})", p.label(), s.label().to_lowercase()),
            _ => p.label().to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// SL-T, SL-A and SL-C of an element, one row each, one column per FR.
fn level_rows(ui: &mut Ui, salt: &str, d: &Delta) {
    let cell = |v: Option<SlVector>, fr: Fr, unknown: &str| {
        v.map_or_else(|| unknown.to_owned(), |v| v.get(fr).to_string())
    };
    egui::Grid::new(("levels", salt))
        .spacing([10.0, 2.0])
        .striped(true)
        .show(ui, |ui| {
            ui.label("");
            for fr in Fr::ALL {
                ui.label(RichText::new(fr.abbrev()).small().strong())
                    .on_hover_text(format!("{} {}", fr.label(), fr.title()));
            }
            ui.end_row();
            ui.label("SL-T").on_hover_text("Target security level");
            for fr in Fr::ALL {
                ui.monospace(cell(d.sl_t, fr, "–"));
            }
            ui.end_row();
            ui.label("SL-A (est.)").on_hover_text(SLA_HEURISTIC);
            for fr in Fr::ALL {
                let text = cell(d.sl_a, fr, "–");
                let color = match (d.sl_t, d.sl_a) {
                    (Some(t), Some(a)) if a.get(fr) < t.get(fr) => {
                        if t.get(fr).get() - a.get(fr).get() >= 2 {
                            BAD
                        } else {
                            WARN
                        }
                    }
                    (Some(_), Some(_)) => OK,
                    _ => ui.visuals().weak_text_color(),
                };
                ui.label(RichText::new(text).monospace().color(color));
            }
            ui.end_row();
            ui.label("SL-C").on_hover_text(SLC_HEURISTIC);
            for fr in Fr::ALL {
                ui.monospace(cell(d.sl_c, fr, "?"));
            }
            ui.end_row();
        });
}

fn element_delta(cx: &mut Cx<'_>, ui: &mut Ui, id: &str, d: &Delta) {
    let name = cx.model.name_of(id).to_owned();
    ui.heading(format!("Delta of {name}"));
    let mut select: Option<AssetId> = None;
    if !d.sl_c_unknown.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("SL-C unknown:").small().color(WARN));
            for a in &d.sl_c_unknown {
                if ui.link(cx.model.name_of(a.as_str())).clicked() {
                    select = Some(a.clone());
                }
            }
        });
    }
    if d.sl_t.is_none() {
        ui.weak("Not assessed: no SL-T (or an external zone).");
        ui.horizontal(|ui| {
            ui.label("SL-C");
            ui.monospace(d.sl_c_label());
        });
        if let Some(a) = select {
            cx.select_and_frame(&[ElementId::Asset(a)]);
        }
        return;
    }
    level_rows(ui, id, d);
    let gaps = d.gap_frs();
    if gaps.is_empty() {
        ui.label(RichText::new("SL-A reaches SL-T on every FR.").color(OK));
    } else {
        let frs: Vec<&str> = gaps.iter().map(|f| f.abbrev()).collect();
        ui.label(
            RichText::new(format!("SL-A below SL-T on {}", frs.join(", ")))
                .color(if d.gap_severe() { BAD } else { WARN }),
        );
    }
    if d.unmet.is_empty() {
        ui.label(RichText::new("Every requirement item of the target is met.").color(OK));
    }
    unmet_items(cx, ui, id, d, &mut select);
    covered_and_not_applicable(cx, ui, id, d);
    if let Some(a) = select {
        cx.select_and_frame(&[ElementId::Asset(a)]);
    }
}

/// The unmet items by FR: id, title, level, providers, reasons, planned countermeasures, and
/// the culprits once per run of items that share them (a click selects one into `select`).
fn unmet_items(cx: &Cx<'_>, ui: &mut Ui, id: &str, d: &Delta, select: &mut Option<AssetId>) {
    by_fr(
        ui,
        ("unmet", id),
        &d.unmet,
        |u| u.requirement.fr,
        |ui, items| {
            // Items of one FR and level share their culprits: name them once per run.
            for (i, u) in items.iter().enumerate() {
                ui.horizontal_wrapped(|ui| {
                    ui.monospace(&u.requirement.id);
                    ui.label(&u.requirement.title);
                    ui.weak(format!("SL {}", u.requirement.level));
                });
                requirement_text(cx, ui, &u.requirement.id);
                ui.label(
                    RichText::new(format!("provided by {}", providers_text(u.requirement))).small(),
                )
                .on_hover_text(if u.requirement.note.is_empty() {
                    ALLOCATION_HEURISTIC.to_owned()
                } else {
                    format!("{}\n\n{ALLOCATION_HEURISTIC}", u.requirement.note)
                });
                for r in d.reason_texts(u) {
                    ui.label(RichText::new(format!("• {r}")).small().color(BAD));
                }
                let planned = d.planned(u);
                if !planned.is_empty() {
                    let names: Vec<&str> = planned
                        .iter()
                        .map(|c| cx.model.name_of(c.as_str()))
                        .collect();
                    ui.weak(format!("planned: {}", names.join(", ")));
                }
                let run_ends = items
                    .get(i + 1)
                    .is_none_or(|next| !d.same_culprits(next, u));
                let culprits = d.culprits(u);
                if run_ends && !culprits.is_empty() {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new("↳ held back by").small().color(BAD));
                        for a in culprits {
                            if ui.link(cx.model.name_of(a.as_str())).clicked() {
                                *select = Some(a.clone());
                            }
                        }
                    });
                }
                ui.add_space(4.0);
            }
        },
    );
}

/// The items implemented countermeasures cover and those that do not apply, folded.
fn covered_and_not_applicable(cx: &Cx<'_>, ui: &mut Ui, id: &str, d: &Delta) {
    if !d.covered.is_empty() {
        egui::CollapsingHeader::new(format!("Covered by countermeasures — {}", d.covered.len()))
            .id_salt(("covered", id))
            .show(ui, |ui| {
                for c in &d.covered {
                    let names: Vec<&str> =
                        c.by.iter().map(|b| cx.model.name_of(b.as_str())).collect();
                    ui.horizontal_wrapped(|ui| {
                        ui.monospace(&c.requirement.id);
                        ui.label(&c.requirement.title);
                        ui.weak(format!("by {}", names.join(", ")));
                    });
                }
            });
    }
    if !d.not_applicable.is_empty() {
        egui::CollapsingHeader::new(format!("Not applicable — {}", d.not_applicable.len()))
            .id_salt(("not-applicable", id))
            .show(ui, |ui| {
                for na in &d.not_applicable {
                    ui.horizontal_wrapped(|ui| {
                        ui.monospace(&na.requirement.id);
                        ui.label(&na.requirement.title);
                        if na.built_in {
                            ui.label(RichText::new("built-in").small().weak())
                                .on_hover_text("Set by a built-in applicability rule of the tool");
                        } else {
                            ui.label(RichText::new("user").small().strong())
                                .on_hover_text(
                                    "Set not applicable in the zone or conduit's inspector",
                                );
                        }
                    });
                    ui.label(RichText::new(na.reason.as_ref()).small().italics());
                }
            });
    }
}

fn asset_delta(cx: &mut Cx<'_>, ui: &mut Ui, a: &AssetId) {
    let name = cx.model.name_of(a.as_str()).to_owned();
    ui.heading(format!("Component delta of {name}"));
    let Some(d) = cx.analysis.deltas.asset(a.as_str()) else {
        return;
    };
    let Some(t) = d.target else {
        ui.weak("Its zone or conduit has no SL-T, so there is nothing to measure against.");
        return;
    };
    ui.horizontal(|ui| {
        ui.label("Measured against SL-T");
        ui.monospace(t.to_string());
    });
    ui.label(RichText::new(crate::catalog::CR_EDITION).small().weak());
    if d.unmet.is_empty() {
        ui.label(RichText::new("Its capability meets every applicable 4-2 item.").color(OK));
    }
    by_fr(
        ui,
        ("cr", a.as_str()),
        &d.unmet,
        |r| r.fr,
        |ui, items| {
            for r in items {
                ui.horizontal_wrapped(|ui| {
                    ui.monospace(&r.id);
                    ui.label(&r.title);
                    ui.weak(format!("SL {} · {}", r.level, r.applies_to.key()));
                });
                requirement_text(cx, ui, &r.id);
            }
        },
    );
}

/// `list` grouped by FR, each group under an open header "FR1 IAC … — n unmet" (salted with
/// `salt` and the FR); `show` draws the items of one group.
fn by_fr<'t, T>(
    ui: &mut Ui,
    salt: (&str, &str),
    list: &'t [T],
    fr_of: impl Fn(&T) -> Fr,
    mut show: impl FnMut(&mut Ui, Vec<&'t T>),
) {
    for fr in Fr::ALL {
        let items: Vec<&T> = list.iter().filter(|x| fr_of(x) == fr).collect();
        if items.is_empty() {
            continue;
        }
        egui::CollapsingHeader::new(format!(
            "{} {} — {} unmet",
            fr.label(),
            fr.title(),
            items.len()
        ))
        .id_salt((salt.0, salt.1, fr.number()))
        .default_open(true)
        .show(ui, |ui| show(ui, items));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::GapLevel;

    #[test]
    fn matrix_cells_use_the_report_gap_colours() {
        let l = |n: u8| SecurityLevel::new(n);
        for (t, a, gap) in [
            (Some(2), Some(2), GapLevel::Met),
            (Some(3), Some(2), GapLevel::One),
            (Some(3), None, GapLevel::TwoOrMore),
            (None, Some(1), GapLevel::Unassessed),
        ] {
            let (_, fill) = level_cell(t.and_then(l), a.and_then(l), None);
            let want = crate::diagram::style::gap_fill(gap);
            assert_eq!(
                fill,
                Color32::from_rgb(want.r, want.g, want.b),
                "{t:?}/{a:?}"
            );
        }
    }
}
