//! Everything around the canvas: start page, toolbar, asset palette, status bar, and the side
//! panel with the inspector, the requirement deltas and the findings. Panels read the model and
//! the cached analysis and push commands; they never change the model directly.
//!
//! This file holds the side panel's tabs and the colours the panels share; each panel has its
//! own file (`start_page`, `toolbar`, `palette`, `status_bar`, `inspector/`, `deltas`,
//! `findings`, `risk`; the Fix plan tab is `ui::plan`), and `widgets` holds the validated fields and
//! combo boxes they are built from. Panels may use `edit`, `analysis`, `catalog` and `model`.
//!
//! No panel takes the whole `Editor`. The side-panel tabs take a `Cx` (the model and analysis to
//! read; selection, tab and filter to change; edits and actions to ask for); the bars and the
//! start page take a `Chrome` (what they show, read-only; actions and file opens to ask for).
//! The editor carries out what they asked after they return.

mod context;
pub(crate) use context::ReasonsCache;
mod deltas;
mod findings;
mod inspector;
mod palette;
pub(super) mod risk;
mod start_page;
mod status_bar;
mod toolbar;
mod widgets;

pub(super) use palette::palette;
pub(super) use start_page::start_page;
pub(super) use status_bar::status_bar;
pub(super) use toolbar::toolbar;

use egui::{Color32, Ui};

pub(crate) use self::context::Cx;
pub(super) use self::context::{Ask, Chrome};

use self::deltas::deltas;
use self::findings::findings;
use self::inspector::inspector;
use crate::ui::{Editor, Tab};

pub(super) const OK: Color32 = Color32::from_rgb(0x2e, 0x7d, 0x32);
pub(super) const BAD: Color32 = Color32::from_rgb(0xc6, 0x28, 0x28);
pub(super) const WARN: Color32 = Color32::from_rgb(0xc7, 0x7c, 0x02);

pub(super) fn side_panel(ed: &mut Editor, ui: &mut Ui) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        for (t, label) in [
            (Tab::Inspector, "Inspector"),
            (Tab::Risk, "Risk"),
            (Tab::Deltas, "Deltas"),
            (Tab::Findings, "Findings"),
            (Tab::FixPlan, "Fix plan"),
        ] {
            let text = if t == Tab::Findings {
                let s = &ed.derived.summary;
                format!("{label} ({})", s.open_findings())
            } else {
                label.to_owned()
            };
            if ui.selectable_label(ed.tab == t, text).clicked() {
                ed.tab = t;
            }
        }
    });
    ui.separator();
    if ed.tab == Tab::FixPlan {
        egui::ScrollArea::both()
            .auto_shrink([false, false])
            .show(ui, |ui| super::plan::tab(ed, ui));
        return;
    }
    let tab = ed.tab;
    let mut cx = Cx {
        model: &ed.doc.model,
        analysis: &ed.derived.analysis,
        texts: ed.texts.as_ref(),
        selection: &mut ed.selection,
        tab: &mut ed.tab,
        severity_filter: &mut ed.severity_filter,
        state: (ed.doc.generation, ed.doc.history.state()),
        reasons: &mut ed.reasons,
        out: context::Requests::default(),
    };
    if tab == Tab::Findings {
        // Its own scroll area, which lays out only the rows in view.
        findings(&mut cx, ui);
    } else {
        // Both ways: in workshop mode the panel is narrower than some grids, which scroll
        // sideways inside it rather than pushing past its edge.
        egui::ScrollArea::both()
            .auto_shrink([false, false])
            .show(ui, |ui| match tab {
                Tab::Inspector => inspector(&mut cx, ui),
                Tab::Risk => risk::tab(&mut cx, ui),
                Tab::Deltas => deltas(&mut cx, ui),
                Tab::Findings | Tab::FixPlan => {}
            });
    }
    let out = cx.out;
    ed.commands.extend(out.commands);
    ed.actions.extend(out.actions);
    if let Some(elements) = out.frame {
        ed.select_and_frame(&elements);
    }
    if let Some(finding) = out.accept {
        ed.start_accept(finding);
    }
}
