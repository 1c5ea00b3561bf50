//! The canvas's still picture. While nothing moves, what the canvas paints under the legend and
//! the overlays (background, grid, the culled diagram, asset marks, zone titles) depends only
//! on the diagram, the view, the level of detail and the colour mode: it is built once, its
//! rectangles, lines and arrow heads tessellated into meshes, and each idle frame hands egui
//! those meshes (which egui copies instead of tessellating thousands of zones and lines again).
//! Small dots (the asset marks) are quads of anti-aliased discs, as egui draws them, but from a
//! texture of the canvas's own: egui's discs sit in the font atlas, whose size (and with it
//! their texture coordinates) can change between the frame that built the picture and one that
//! paints it. Texts stay shapes, laid out once and tessellated by egui each frame.
//!
//! A view that changes every frame (pan, zoom, a drag) is painted shape by shape as before: the
//! mesh is built only when a frame has the same key as the frame before it, so a pan never pays
//! for a mesh it uses once. Moving elements are never cached.

use std::sync::Arc;

use egui::epaint::{CircleShape, Mesh, TessellationOptions, Tessellator};
use egui::{Color32, ColorImage, FontId, Galley, Rect, TextureHandle, TextureId, pos2, vec2};

use super::paint::TitlesKey;
use crate::diagram::{AssetLod, ColorMode};
use crate::ui::Editor;

/// What the still picture was painted for.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) struct SceneKey {
    /// The diagram (its rebuild count), the view, the pixels per point, the text sizes and the
    /// asset level of detail.
    titles: TitlesKey,
    color_mode: ColorMode,
    grid: bool,
    tessellation: TessellationOptions,
}

impl SceneKey {
    /// The key of the current frame.
    pub(super) fn of(ed: &Editor, ctx: &egui::Context, assets: AssetLod) -> Self {
        Self {
            titles: TitlesKey::of(ed, ctx.pixels_per_point(), assets),
            color_mode: ColorMode::from(ed.settings.color_mode),
            grid: ed.settings.grid,
            tessellation: ctx.tessellation_options(|o| *o),
        }
    }
}

/// The cached still picture (see the module comment).
#[derive(Default)]
pub(super) struct Scene {
    /// The key of the last frame painted shape by shape.
    seen: Option<SceneKey>,
    /// The key `shapes` were built for; `None` when they are not valid.
    built: Option<SceneKey>,
    /// The still picture in paint order: each run of geometry as one mesh (on egui's font
    /// texture, solid colours only), each run of small filled circles as one mesh of disc
    /// quads (on the canvas's disc texture), the texts between them as they were.
    shapes: Vec<egui::Shape>,
    /// A galley laid out every frame: egui hands out the same one while its galley cache lives,
    /// and drops that cache exactly when galleys point into a font atlas that is gone (cleared
    /// when full, or rebuilt for new options). A different one means the cached texts are stale.
    probe: Option<Arc<Galley>>,
    /// How many times the picture was tessellated (tests).
    builds: u64,
    /// The disc texture for dots, loaded on the first build.
    discs: Option<Discs>,
}

/// What the canvas does with the still picture this frame.
pub(super) enum Plan {
    /// Paint the cached picture; the hit-test list and title layouts of the frame that built
    /// it are still right.
    Reuse,
    /// Paint shape by shape; `true` when the shapes should then be cached.
    Paint(bool),
}

impl Scene {
    /// Decides between the cached picture and painting shape by shape. `still` is false while
    /// something moves (a drag, or a drop waiting for its rebuild).
    pub(super) fn plan(&mut self, key: SceneKey, painter: &egui::Painter, still: bool) -> Plan {
        let probe = painter.layout_no_wrap("0".to_owned(), FontId::monospace(10.0), Color32::BLACK);
        let same_galleys = self.probe.as_ref().is_some_and(|p| Arc::ptr_eq(p, &probe));
        self.probe = Some(probe);
        if still && same_galleys && self.built == Some(key) {
            return Plan::Reuse;
        }
        // This frame lays out the hit-test list and the titles again: a picture of before no
        // longer goes with them.
        self.built = None;
        let again = still && self.seen == Some(key);
        self.seen = still.then_some(key);
        Plan::Paint(again)
    }

    /// The cached picture, to paint.
    pub(super) fn shapes(&self) -> impl Iterator<Item = egui::Shape> + '_ {
        self.shapes.iter().cloned()
    }

    /// Caches `shapes` (clipped to `clip`) as the picture for `key`: runs without text become
    /// meshes, tessellated as egui would at the end of this frame.
    pub(super) fn build(
        &mut self,
        key: SceneKey,
        ctx: &egui::Context,
        clip: Rect,
        shapes: Vec<egui::Shape>,
    ) {
        // No font atlas: the meshes hold geometry and the canvas's own discs, no glyphs.
        let ppp = ctx.pixels_per_point();
        let mut tessellator = Tessellator::new(ppp, key.tessellation, [1, 1], Vec::new());
        tessellator.set_clip_rect(clip);
        let discs = self.discs.get_or_insert_with(|| Discs::load(ctx));
        let mut flat = Vec::with_capacity(shapes.len());
        flatten(shapes, &mut flat);
        let mut out = Vec::new();
        let mut mesh = Mesh::default();
        for shape in flat {
            match shape {
                egui::Shape::Text(_) => {
                    flush(&mut mesh, &mut out);
                    out.push(shape);
                }
                egui::Shape::Circle(c) if discs.fits(&c, ppp) => {
                    if mesh.texture_id != discs.id() {
                        flush(&mut mesh, &mut out);
                        mesh.texture_id = discs.id();
                    }
                    if clip.expand(c.radius).contains(c.center) {
                        discs.add(&mut mesh, &c, ppp);
                    }
                }
                shape => {
                    if mesh.texture_id != TextureId::default() {
                        flush(&mut mesh, &mut out);
                    }
                    tessellator.tessellate_shape(shape, &mut mesh);
                }
            }
        }
        flush(&mut mesh, &mut out);
        self.shapes = out;
        self.built = Some(key);
        self.builds += 1;
    }

    /// How many times the picture was tessellated so far.
    pub(super) fn builds(&self) -> u64 {
        self.builds
    }
}

/// `shapes` with nested `Shape::Vec`s spread out, in order.
fn flatten(shapes: Vec<egui::Shape>, out: &mut Vec<egui::Shape>) {
    for s in shapes {
        match s {
            egui::Shape::Vec(v) => flatten(v, out),
            s => out.push(s),
        }
    }
}

/// Moves `mesh`, unless empty, to the end of `out` as a shape; `mesh` starts over (on egui's
/// font texture).
fn flush(mesh: &mut Mesh, out: &mut Vec<egui::Shape>) {
    let done = std::mem::take(mesh);
    if !done.is_empty() {
        out.push(egui::Shape::Mesh(Arc::new(done)));
    }
}

/// Anti-aliased discs of radius 2^(i/2 - 1) pixels up to 8, side by side in one texture, as
/// egui prerasterizes them in its font atlas; a small filled circle is a quad of the first disc
/// at least its size (egui's rule).
struct Discs {
    texture: TextureHandle,
    /// Radius in pixels, side in pixels, texture coordinates.
    discs: Vec<(f32, f32, Rect)>,
}

impl Discs {
    const LARGEST: f32 = 8.0;

    fn load(ctx: &egui::Context) -> Self {
        let radii: Vec<f32> = (0..)
            .map(|i| 2.0_f32.powf(i as f32 * 0.5 - 1.0))
            .take_while(|r| *r <= Self::LARGEST)
            .collect();
        let sides: Vec<usize> = radii
            .iter()
            .map(|r| 2 * (r + 0.5).ceil() as usize + 1)
            .collect();
        let width = sides.iter().map(|w| w + 1).sum::<usize>() + 1;
        let height = sides.iter().copied().max().unwrap_or(1) + 2;
        let mut image = ColorImage::filled([width, height], Color32::TRANSPARENT);
        let transfer = ctx.fonts(|f| f.options().color_transfer_function);
        let mut discs = Vec::with_capacity(radii.len());
        let mut x = 1;
        for (r, w) in radii.iter().zip(&sides) {
            let hw = (w / 2) as f32;
            for dy in 0..*w {
                for dx in 0..*w {
                    let d = vec2(dx as f32 - hw, dy as f32 - hw).length();
                    let coverage = (r + 0.5 - d).clamp(0.0, 1.0);
                    image[(x + dx, 1 + dy)] = transfer.color_from_coverage(coverage);
                }
            }
            let uv = Rect::from_min_max(
                pos2(x as f32 / width as f32, 1.0 / height as f32),
                pos2(
                    (x + w) as f32 / width as f32,
                    (1 + w) as f32 / height as f32,
                ),
            );
            discs.push((*r, *w as f32, uv));
            x += w + 1;
        }
        let texture = ctx.load_texture("canvas-discs", image, egui::TextureOptions::LINEAR);
        Self { texture, discs }
    }

    fn id(&self) -> TextureId {
        self.texture.id()
    }

    /// The disc a filled circle without a stroke is drawn from at `ppp`, if it is that small.
    fn disc(&self, c: &CircleShape, ppp: f32) -> Option<(f32, f32, Rect)> {
        if !c.stroke.is_empty() || c.fill == Color32::TRANSPARENT || c.radius <= 0.0 {
            return None;
        }
        // egui's balance between discs drawn too blurry and too sharp.
        let cutoff = c.radius * ppp * 2.0_f32.powf(0.25);
        self.discs.iter().copied().find(|(r, _, _)| cutoff <= *r)
    }

    fn fits(&self, c: &CircleShape, ppp: f32) -> bool {
        self.disc(c, ppp).is_some()
    }

    /// Adds `c` as a quad of its disc.
    fn add(&self, mesh: &mut Mesh, c: &CircleShape, ppp: f32) {
        if let Some((r, w, uv)) = self.disc(c, ppp) {
            // The disc's side in pixels at its radius, scaled to this circle's (points).
            let side = c.radius * w / r;
            mesh.add_rect_with_uv(
                Rect::from_center_size(c.center, vec2(side, side)),
                uv,
                c.fill,
            );
        }
    }
}
