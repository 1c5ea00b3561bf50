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
use crate::ui::Editor;

pub(super) fn inspector(ed: &mut Editor, ui: &mut Ui) {
    let sel: Vec<ElementId> = ed.selection.iter().cloned().collect();
    match sel.as_slice() {
        [] => project(ed, ui),
        [ElementId::Zone(z)] => {
            if let Some(z) = ed.doc.model.zones.get(z).cloned() {
                zone_inspector(ed, ui, z);
            }
        }
        [ElementId::Asset(a)] => {
            if let Some(a) = ed.doc.model.assets.get(a).cloned() {
                asset_inspector(ed, ui, a);
            }
        }
        [ElementId::Conduit(c)] => {
            if let Some(c) = ed.doc.model.conduits.get(c).cloned() {
                conduit_inspector(ed, ui, c);
            }
        }
        [ElementId::Countermeasure(c)] => {
            if let Some(c) = ed.doc.model.countermeasures.get(c).cloned() {
                countermeasure_editor(ed, ui, c);
            }
        }
        many => multi_inspector(ed, ui, many),
    }
}
