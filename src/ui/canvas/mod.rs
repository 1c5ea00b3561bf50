//! The zone canvas: paints the cached `Diagram` (culled to the view, with semantic zoom: text
//! only at readable sizes, zone titles laid out on screen by `diagram::overview`, assets as
//! chips or dots when their names are too small, a legend of the colour mode) and turns
//! pointer gestures into commands: select, rubber band, move with preview (one `Translate`
//! batch on release), resize handles, the zone, conduit and asset tools, pan and zoom, and the
//! right-click menu. Selection, hover and handles are drawn here, on top of the diagram.
//!
//! This file holds the canvas's transient state ([`CanvasState`], the drag in progress, the
//! in-place name editor), the fonts it measures with and [`show`], one frame of the canvas.
//! The parts: `view` (pan and zoom, fit), `paint` (diagram, titles, marks, legend, overlays),
//! `scene` (what an idle frame reuses of the frame before: the still picture, tessellated),
//! `gestures` (pointer and keyboard input, hit testing, the edits gestures make, the in-place
//! rename) and `context_menu` (the right-click menu). Like the panels, the canvas reads the
//! model and the cached analysis and diagram of the [`Editor`] and only pushes commands and
//! actions; it may use `edit`, `diagram`, `catalog` and `model`, never `persistence`.

mod context_menu;
mod gestures;
mod paint;
mod scene;
mod view;

pub(super) use gestures::conduit_under;
pub use view::View;

use egui::{Color32, FontFamily, FontId, Sense, Vec2};

use self::context_menu::context_menu;
use self::gestures::{inline_rename, input_navigation, interact};
use self::paint::{
    TitlesKey, diagram_shapes, grid_shapes, mark_shapes, paint_drop_preview, paint_legend,
    paint_overlays, title_shapes,
};
use self::scene::{Plan, Scene, SceneKey};
use crate::diagram::overview::{AssetLod, Legibility, TitleLayout};
use crate::diagram::{self};
use crate::model::{ElementId, Model, Point, ZoneId};
use crate::ui::Editor;
use crate::ui::edit::MoveSet;

/// Grid spacing in world units; snapping rounds to it.
pub(super) const GRID: f32 = 20.0;

/// How much workshop mode scales the whole interface (egui's zoom factor), for a projector.
pub(super) const WORKSHOP_SCALE: f32 = 1.5;
/// In workshop mode the side panel, when shown, covers at most this share of the window.
pub(super) const WORKSHOP_SIDE_SHARE: f32 = 0.25;
const HANDLE: f32 = 8.0;
const BOLD: &str = "bold";

/// What a primary-button drag on the canvas is doing.
#[derive(Clone, Debug, Default)]
enum Drag {
    #[default]
    None,
    Pan,
    Move {
        set: MoveSet,
        start: Point,
        delta: Vec2,
    },
    Resize {
        zone: ZoneId,
        handle: usize,
        rect: crate::model::Rect,
    },
    NewZone {
        start: Point,
        end: Point,
    },
    NewConduit {
        from: ZoneId,
        end: Point,
    },
    Rubber {
        start: Point,
        end: Point,
        additive: bool,
    },
}

/// Transient canvas state: never in the model.
#[derive(Default)]
pub(super) struct CanvasState {
    drag: Drag,
    hover: Option<ElementId>,
    context_target: Option<ElementId>,
    rename: Option<String>,
    /// The name being edited in place on the canvas (F2, double-click, a new zone).
    inline: Option<InlineRename>,
    /// Indices of the diagram items drawn this frame (hit testing walks only these).
    visible: Vec<usize>,
    /// The zone titles painted this frame, screen points.
    titles: Vec<TitleLayout>,
    /// What `titles` was laid out for (`None` while something moves).
    titles_key: Option<TitlesKey>,
    /// While something moves: what `titles` was laid out for, and the move's offset then.
    titles_moving: Option<(TitlesKey, Vec2)>,
    /// The still picture under the legend and overlays, tessellated once for idle frames.
    scene: Scene,
    /// A move dropped while the diagram that shows it is still being rebuilt (a large plant):
    /// its elements are drawn where they were dropped until then.
    settling: Option<(MoveSet, Vec2)>,
    pub ctx: Option<egui::Context>,
}

impl CanvasState {
    /// Drops an unfinished gesture (Escape, or the document changed under it).
    pub fn cancel_gesture(&mut self) {
        self.drag = Drag::None;
    }

    /// Starts editing `el`'s name in place (its text field takes the keyboard focus).
    pub fn start_rename(&mut self, model: &Model, el: ElementId) {
        let text = model.name_of(el.as_str()).to_owned();
        self.inline = Some(InlineRename {
            el,
            text,
            focused: false,
            waited: false,
        });
    }

    /// The element whose name is being edited in place, if any (tests).
    pub fn renaming(&self) -> Option<&ElementId> {
        self.inline.as_ref().map(|r| &r.el)
    }
}

/// An in-place name editor on the canvas.
struct InlineRename {
    el: ElementId,
    text: String,
    /// Focus was requested (on its first frame).
    focused: bool,
    /// It waited a frame for its element to be added.
    waited: bool,
}

/// Registers DejaVu Sans Condensed (the diagram's font) as the proportional family and as a
/// `bold` family, ahead of egui's defaults which stay as fallbacks.
pub(super) fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "dejavu".to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(diagram::text::REGULAR_TTF)),
    );
    fonts.font_data.insert(
        "dejavu-bold".to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(diagram::text::BOLD_TTF)),
    );
    let fallback = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    let mut regular = vec!["dejavu".to_owned()];
    regular.extend(fallback.iter().cloned());
    let mut bold = vec!["dejavu-bold".to_owned()];
    bold.extend(fallback);
    fonts.families.insert(FontFamily::Proportional, regular);
    fonts.families.insert(FontFamily::Name(BOLD.into()), bold);
    ctx.set_fonts(fonts);
}

impl Editor {
    /// The zone titles the canvas painted in the last frame (screen points), for tests.
    pub fn canvas_titles(&self) -> &[TitleLayout] {
        &self.canvas.titles
    }

    /// The zone titles as a fresh layout of the current frame's state would place them, with
    /// no cache (tests compare it with [`Editor::canvas_titles`]).
    #[doc(hidden)]
    pub fn canvas_titles_afresh(&self) -> Vec<TitleLayout> {
        let leg = self.legibility();
        let moving = paint::current_move(self).is_some();
        paint::layout_titles_now(self, &leg, leg.asset_lod(self.view.zoom), moving)
    }

    /// How many times the canvas tessellated its still picture (diagram, marks, titles) for
    /// the idle frames that follow, for tests.
    pub fn canvas_scene_builds(&self) -> u64 {
        self.canvas.scene.builds()
    }

    /// The readable text sizes of the current mode.
    pub fn legibility(&self) -> Legibility {
        if self.settings.workshop {
            Legibility::WORKSHOP
        } else {
            Legibility::NORMAL
        }
    }
}

/// Shows the canvas in the remaining space of `ui`.
pub(super) fn show(ed: &mut Editor, ui: &mut egui::Ui) {
    let rect = ui.available_rect_before_wrap();
    let response = ui.allocate_rect(rect, Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Zone canvas"));
    ed.view.rect = rect;
    ed.view.settle(&ed.doc.model, &ed.derived.diagram);
    if !ed.rebuild_pending() {
        ed.canvas.settling = None;
    }

    input_navigation(ed, ui, &response);

    let painter = ui.painter_at(rect);
    let leg = ed.legibility();
    let assets = leg.asset_lod(ed.view.zoom);
    let still = paint::current_move(ed).is_none();
    let key = SceneKey::of(ed, ui.ctx(), assets);
    match ed.canvas.scene.plan(key, &painter, still) {
        Plan::Reuse => painter.extend(ed.canvas.scene.shapes()),
        Plan::Paint(cache) => {
            let shapes = still_shapes(ed, &painter, &leg, assets);
            if cache {
                ed.canvas.scene.build(key, ui.ctx(), rect, shapes);
                painter.extend(ed.canvas.scene.shapes());
            } else {
                painter.extend(shapes);
            }
        }
    }
    paint_legend(ed, &painter, &leg, assets);
    paint_drop_preview(ed, ui, &response, &painter);
    interact(ed, ui, &response);
    paint_overlays(ed, &painter);
    context_menu(ed, &response);
    inline_rename(ed, ui);

    if ed.doc.model.zones.is_empty() && ed.doc.model.assets.is_empty() {
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "Empty model — pick the Zone tool (Z) and drag a rectangle to draw a zone,\nthen place assets from the palette on the left.",
            FontId::proportional(15.0),
            Color32::from_gray(110),
        );
    }
}

/// What the canvas paints under the legend and overlays, in paint order: the background, the
/// grid, the culled diagram, the asset marks and the zone titles. Also refreshes the hit-test
/// list and the title layouts.
fn still_shapes(
    ed: &mut Editor,
    painter: &egui::Painter,
    leg: &Legibility,
    assets: AssetLod,
) -> Vec<egui::Shape> {
    let mut shapes = Vec::with_capacity(1024);
    shapes.push(egui::Shape::rect_filled(
        ed.view.rect,
        0.0,
        if ed.settings.workshop {
            Color32::WHITE
        } else {
            Color32::from_rgb(0xf7, 0xf8, 0xfa)
        },
    ));
    if ed.settings.grid {
        grid_shapes(&mut shapes, &ed.view);
    }
    diagram_shapes(&mut shapes, ed, painter, leg, assets);
    if assets != AssetLod::Full {
        mark_shapes(&mut shapes, ed, painter, leg, assets);
    }
    title_shapes(&mut shapes, ed, painter, leg, assets);
    shapes
}
