//! The Inspector tab: the project when nothing is selected, one element's inspector, or the
//! common fields of several. One file per element kind (`project`, `zone`, `asset`, `conduit`,
//! `countermeasure`), `multi` for a selection of several, and `not_applicable` for the
//! not-applicable section zones and conduits share. Inspectors compare the edited copy with the
//! model and push one command per change.

mod asset;
mod conduit;
mod countermeasure;
mod multi;
mod not_applicable;
mod project;
mod spec;
mod zone;

use egui::Ui;

use self::asset::asset_inspector;
use self::conduit::conduit_inspector;
use self::countermeasure::countermeasure_editor;
use self::multi::multi_inspector;
use self::project::project;
use self::zone::zone_inspector;
use crate::model::ElementId;
use crate::ui::panels::Cx;

pub(super) fn inspector(cx: &mut Cx<'_>, ui: &mut Ui) {
    let sel: Vec<ElementId> = cx.selection.iter().cloned().collect();
    match sel.as_slice() {
        [] => project(cx, ui),
        [ElementId::Zone(z)] => {
            if let Some(z) = cx.model.zones.get(z).cloned() {
                zone_inspector(cx, ui, z);
            }
        }
        [ElementId::Asset(a)] => {
            if let Some(a) = cx.model.assets.get(a).cloned() {
                asset_inspector(cx, ui, a);
            }
        }
        [ElementId::Conduit(c)] => {
            if let Some(c) = cx.model.conduits.get(c).cloned() {
                conduit_inspector(cx, ui, c);
            }
        }
        [ElementId::Countermeasure(c)] => {
            if let Some(c) = cx.model.countermeasures.get(c).cloned() {
                countermeasure_editor(cx, ui, c);
            }
        }
        many => multi_inspector(cx, ui, many),
    }
}
