//! Editor frame speed (release, headless, no GPU): one frame is `ctx.run_ui` with the whole
//! editor plus `ctx.tessellate` of its shapes, at 1920×1080 and 1 pixel per point, on two
//! generated plants (`common/synth.rs`), side by side in one run so their ratio is measured on
//! one machine: 200 zones / 2,000 assets / 400 conduits, and 1,000 zones / 10,000 assets /
//! 2,000 conduits. `ZONEPLAN_RENDER_PLANTS=small` or `=large` runs one of them.
//!
//! - fit-to-screen, everything visible (target: under 8 ms a frame), with the side panel on
//!   each of its tabs (Inspector is what a user sees first; Deltas and Findings list the
//!   whole analysis);
//! - zoomed in, 1.5 on the zone holding most assets (target: under 2 ms a frame);
//! - one edit per frame: an asset nudged back and forth. A plant whose rebuild (analysis and
//!   diagram) takes longer than the editor's sync budget (12 ms) is rebuilt on a worker, so the
//!   frame pays for applying the edit, a copy of the model for the worker and painting; the
//!   `rebuilds` column counts the rebuilds that landed meanwhile (one runs at a time). A small
//!   plant is rebuilt within the frame.
//! - an edit that changes the analysis: the same asset's SL-C on FR1 up and down, measured
//!   from the edit to the frame that shows its result (the model analysed again, on a worker
//!   when that is slow, and the diagram patched), with the longest frame meanwhile.
//!
//! Before the criterion figures it prints what one rebuild costs (analysis, diagram), and for
//! each case a breakdown over 120 frames (30 for the edit cases): `run_ui` and `tessellate`
//! means, p95 of the whole frame, shapes and vertices, zoom, and how many rebuilds.
//!
//! `cargo bench --bench render`

use std::time::{Duration, Instant};

/// The allocator the `zoneplan` binary uses (see `src/main.rs`), so the figures are the
/// program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::epaint::{ClippedPrimitive, Primitive};
use egui::{Pos2, RawInput, Rect, vec2};
use zoneplan::analysis::Analysis;
use zoneplan::catalog::catalog;
use zoneplan::diagram;
use zoneplan::model::{Command, ElementId, Model, SlVector, ZoneId};
use zoneplan::ui::{Action, Editor, ScriptedDialogs, Tab};

#[path = "common/synth.rs"]
#[expect(
    dead_code,
    reason = "this benchmark uses its own plant size, not `Params::BENCH`"
)]
mod synth;

const SIZE: egui::Vec2 = vec2(1920.0, 1080.0);
const WARM_UP: usize = 5;
const BREAKDOWN_FRAMES: usize = 120;

/// A headless editor and its egui context, stepping frames at 60 Hz.
struct Rig {
    ctx: egui::Context,
    editor: Editor,
    frame: u64,
    /// Input events for the next frame.
    events: Vec<egui::Event>,
}

/// What one frame cost and produced.
struct Frame {
    run_ui: Duration,
    tessellate: Duration,
    shapes: usize,
    vertices: usize,
}

impl Rig {
    fn new(model: Model) -> Self {
        let editor = Editor::with_model(model, Box::new(ScriptedDialogs::default()));
        let mut rig = Self {
            ctx: egui::Context::default(),
            editor,
            frame: 0,
            events: Vec::new(),
        };
        // Fonts, the font atlas, the analysis and diagram caches, panel sizes.
        for _ in 0..WARM_UP {
            rig.step();
        }
        rig
    }

    fn input(&mut self) -> RawInput {
        RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, SIZE)),
            time: Some(self.frame as f64 / 60.0),
            events: std::mem::take(&mut self.events),
            ..RawInput::default()
        }
    }

    /// Presses or releases the primary button at `pos`.
    fn button(&mut self, pos: Pos2, pressed: bool) {
        self.events.push(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }

    /// One frame: the UI pass, then tessellation; returns its timing and size.
    fn step(&mut self) -> Frame {
        self.frame += 1;
        let input = self.input();
        let editor = &mut self.editor;
        let t0 = Instant::now();
        let mut out = self.ctx.run_ui(input, |ui| editor.ui(ui));
        let t1 = Instant::now();
        let shapes = out.shapes.len();
        let prims: Vec<ClippedPrimitive> = self
            .ctx
            .tessellate(std::mem::take(&mut out.shapes), out.pixels_per_point);
        let t2 = Instant::now();
        out.textures_delta.clear();
        let vertices = prims
            .iter()
            .map(|p| match &p.primitive {
                Primitive::Mesh(m) => m.vertices.len(),
                Primitive::Callback(_) => 0,
            })
            .sum();
        Frame {
            run_ui: t1 - t0,
            tessellate: t2 - t1,
            shapes,
            vertices,
        }
    }

    /// Fits the whole plant into the canvas.
    fn fit(&mut self) {
        self.editor.zoom_to_fit();
        self.step();
    }

    /// Frames `zone`, then zooms to `zoom` about its centre.
    fn zoom_on(&mut self, zone: &ZoneId, zoom: f32) {
        if let Some(z) = self.editor.model().zones.get(zone) {
            let r = z.rect;
            self.editor.view.request_frame(r);
            self.step();
            self.editor.set_zoom(zoom);
            self.step();
        }
    }
}

/// The zone with the most assets placed directly in it (ties: the smallest id).
fn busiest_zone(model: &Model) -> Option<ZoneId> {
    model
        .zones
        .keys()
        .map(|z| {
            let n = model
                .assets
                .values()
                .filter(|a| a.placement.zone() == Some(z))
                .count();
            (n, z)
        })
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, z)| z.clone())
}

/// The assets placed in `zone` (id order), to nudge.
fn assets_in(model: &Model, zone: &ZoneId) -> Vec<ElementId> {
    model
        .assets
        .values()
        .filter(|a| a.placement.zone() == Some(zone))
        .map(|a| ElementId::Asset(a.id.clone()))
        .collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// What one rebuild of the editor's cache costs, split: the analysis, then the diagram (mean
/// of `runs`).
fn rebuild_split(model: &Model, runs: u32) {
    let (mut analysis, mut build) = (Duration::ZERO, Duration::ZERO);
    let mut items = 0;
    for _ in 0..runs {
        let t0 = Instant::now();
        let a = Analysis::run(model, catalog());
        let t1 = Instant::now();
        let d = diagram::build(model, &a, &diagram::Options::default());
        analysis += t1 - t0;
        build += t1.elapsed();
        items = d.items.len();
    }
    eprintln!(
        "rebuild                      analysis {:>6.2} ms  diagram {:>6.2} ms  ({items} items)",
        ms(analysis) / f64::from(runs),
        ms(build) / f64::from(runs),
    );
}

/// Runs `frames` frames (calling `before` ahead of each) and prints the breakdown.
fn breakdown(name: &str, rig: &mut Rig, frames: usize, mut before: impl FnMut(&mut Rig)) {
    let (rebuilds, patches) = (rig.editor.rebuilds(), rig.editor.patches());
    let mut totals = Vec::with_capacity(frames);
    let (mut run_ui, mut tess) = (0.0, 0.0);
    let mut last = None;
    for _ in 0..frames {
        before(rig);
        let f = rig.step();
        run_ui += ms(f.run_ui);
        tess += ms(f.tessellate);
        totals.push(ms(f.run_ui + f.tessellate));
        last = Some(f);
    }
    totals.sort_by(f64::total_cmp);
    let n = totals.len().max(1) as f64;
    let p95 = totals
        .get((totals.len() * 95 / 100).min(totals.len().saturating_sub(1)))
        .copied()
        .unwrap_or_default();
    let (shapes, vertices) = last.map_or((0, 0), |f| (f.shapes, f.vertices));
    eprintln!(
        "{name:<28} run_ui {:>6.2} ms  tessellate {:>6.2} ms  total p95 {:>6.2} ms  \
         shapes {shapes:>6}  vertices {vertices:>7}  zoom {:.3}  rebuilds {} (patches {})",
        run_ui / n,
        tess / n,
        p95,
        rig.editor.view.zoom,
        rig.editor.rebuilds() - rebuilds,
        rig.editor.patches() - patches,
    );
}

fn bench(c: &mut Criterion) {
    let which = std::env::var("ZONEPLAN_RENDER_PLANTS").unwrap_or_default();
    let plants = [
        (
            "small",
            synth::Params {
                zones: 200,
                assets: 2_000,
                conduits: 400,
                hubs: 0,
                seed: synth::DEFAULT_SEED,
            },
        ),
        (
            "large",
            synth::Params {
                zones: 1_000,
                assets: 10_000,
                conduits: 2_000,
                hubs: 0,
                seed: synth::DEFAULT_SEED,
            },
        ),
    ];
    for (name, params) in plants {
        if which.is_empty() || which.split(',').any(|w| w.trim() == name) {
            plant(c, name, &params);
        }
    }
}

/// Every case on one generated plant; criterion ids start with `name`.
fn plant(c: &mut Criterion, name: &str, params: &synth::Params) {
    let model = match synth::generate(params) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("cannot generate the plant: {e:?}");
            return;
        }
    };
    let Some(zone) = busiest_zone(&model) else {
        eprintln!("the generated plant has no zones");
        return;
    };
    let assets = assets_in(&model, &zone);
    if assets.is_empty() {
        eprintln!("zone {zone} holds no asset");
        return;
    }

    let mut g = c.benchmark_group(format!("render-{name}"));
    g.sample_size(30);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(4));

    rebuild_split(&model, 10);
    let mut rig = Rig::new(model);
    eprintln!(
        "plant {name}: {} zones, {} assets, {} conduits; diagram {} items; {} findings",
        rig.editor.model().zones.len(),
        rig.editor.model().assets.len(),
        rig.editor.model().conduits.len(),
        rig.editor.diagram().items.len(),
        rig.editor.analysis().findings.len(),
    );

    // Fit to screen, with each tab of the side panel.
    rig.fit();
    for (tab, name) in [
        (Tab::Inspector, "inspector"),
        (Tab::Deltas, "deltas"),
        (Tab::Findings, "findings"),
    ] {
        rig.editor.tab = tab;
        rig.step();
        let case = format!("fit/{name}");
        breakdown(&case, &mut rig, BREAKDOWN_FRAMES, |_| {});
        g.bench_function(&case, |b| b.iter(|| rig.step().vertices));
    }

    // A zone dragged by its title at fit: the frames while the pointer moves draw the moved
    // zone and its assets at the pointer (the model changes on release).
    rig.editor.tab = Tab::Inspector;
    rig.step();
    // Its header strip (where a title would be; at this scale there may be none).
    if let Some(r) = rig.editor.model().zones.get(&zone).map(|z| z.rect) {
        let from = rig
            .editor
            .view
            .to_screen(zoneplan::model::Point::new(r.x + r.w / 2.0, r.y + 6.0));
        rig.events.push(egui::Event::PointerMoved(from));
        rig.step();
        rig.button(from, true);
        rig.step();
        let mut step = 0.0;
        let mut drag = move |rig: &mut Rig| {
            step += 1.0;
            let to = from + vec2(10.0 + (step % 7.0) * 3.0, 6.0);
            rig.events.push(egui::Event::PointerMoved(to));
        };
        breakdown("drag/fit", &mut rig, BREAKDOWN_FRAMES / 4, &mut drag);
        g.bench_function("drag/fit", |b| {
            b.iter(|| {
                drag(&mut rig);
                rig.step().vertices
            });
        });
        // Dropped back where it started: no edit.
        rig.events.push(egui::Event::PointerMoved(from));
        rig.step();
        rig.button(from, false);
        rig.step();
        rig.step();
    }

    // Zoomed in on one zone.
    rig.editor.tab = Tab::Inspector;
    rig.zoom_on(&zone, 1.5);
    breakdown("zoom-1.5/inspector", &mut rig, BREAKDOWN_FRAMES, |_| {});
    g.bench_function("zoom-1.5/inspector", |b| b.iter(|| rig.step().vertices));

    // One edit per frame: the asset selected and nudged one grid step, alternately right and
    // left, so the model stays put on average and each frame rebuilds once.
    let mut right = true;
    let mut nudge = move |rig: &mut Rig| {
        let dx = if right { 1.0 } else { -1.0 };
        right = !right;
        rig.editor.act(Action::Nudge(dx, 0.0));
    };
    // An asset whose nudges only move it: one on a conduit line or a zone border after a nudge
    // is placed anew (its zone's analysis changes, a full rebuild). Each candidate gets a
    // nudge there and back (the first may place it anew), then one more pair must be patched.
    let settle = |rig: &mut Rig| {
        rig.step();
        while rig.editor.rebuild_pending() {
            std::thread::sleep(Duration::from_millis(5));
            rig.step();
        }
    };
    for (i, asset) in assets.iter().enumerate() {
        rig.editor.selection = std::iter::once(asset.clone()).collect();
        rig.step();
        for _ in 0..2 {
            nudge(&mut rig);
            settle(&mut rig);
        }
        let patches = rig.editor.patches();
        for _ in 0..2 {
            nudge(&mut rig);
            settle(&mut rig);
        }
        if rig.editor.patches() == patches + 2 {
            eprintln!("nudging {asset} (a move only)");
            break;
        }
        if i + 1 == assets.len() {
            eprintln!("every asset of {zone} is placed anew by a nudge; nudging {asset}");
        }
    }
    breakdown("edit/zoom-1.5", &mut rig, BREAKDOWN_FRAMES / 4, &mut nudge);
    g.bench_function("edit/zoom-1.5", |b| {
        b.iter(|| {
            nudge(&mut rig);
            rig.step().vertices
        });
    });
    rig.fit();
    breakdown("edit/fit", &mut rig, BREAKDOWN_FRAMES / 4, &mut nudge);
    g.bench_function("edit/fit", |b| {
        b.iter(|| {
            nudge(&mut rig);
            rig.step().vertices
        });
    });
    // An edit that changes the analysis: the nudged asset's SL-C on FR1 one level up, then
    // down. The model is analysed again (on a worker when that is slow) and the diagram is
    // patched where the edit or the new analysis changes it. Measured from the edit to the
    // frame that shows its result (frames go on meanwhile, as in the editor).
    let asset = rig.editor.selection.iter().next().cloned();
    let mut up = true;
    let mut level_edit = move |rig: &mut Rig| {
        let Some(mut a) = asset
            .as_ref()
            .and_then(|id| rig.editor.model().assets.get(id.as_str()))
            .cloned()
        else {
            return;
        };
        let mut levels = a.sl_c.levels();
        levels[0] = if up {
            levels[0].saturating_add(1).min(4)
        } else {
            levels[0].saturating_sub(1)
        };
        up = !up;
        if let Some(v) = SlVector::from_levels(levels) {
            a.sl_c = v;
        }
        rig.editor.push("SL-C", Command::PutAsset(a));
    };
    // Steps frames until the edit's result is shown; returns the longest frame.
    let land = |rig: &mut Rig| {
        let mut longest = Duration::ZERO;
        loop {
            let f = rig.step();
            longest = longest.max(f.run_ui + f.tessellate);
            if !rig.editor.rebuild_pending() {
                return longest;
            }
        }
    };
    let (rebuilds, patches) = (rig.editor.rebuilds(), rig.editor.patches());
    let started = Instant::now();
    let mut longest = Vec::new();
    for _ in 0..BREAKDOWN_FRAMES / 4 {
        level_edit(&mut rig);
        longest.push(ms(land(&mut rig)));
    }
    longest.sort_by(f64::total_cmp);
    eprintln!(
        "{:<28} {:>6.2} ms from edit to shown, longest frame median {:>6.2} ms  rebuilds {} \
         (patches {})",
        "sl-c edit/fit, landed",
        ms(started.elapsed()) / (BREAKDOWN_FRAMES / 4) as f64,
        longest.get(longest.len() / 2).copied().unwrap_or_default(),
        rig.editor.rebuilds() - rebuilds,
        rig.editor.patches() - patches,
    );
    g.bench_function("sl-c edit/fit, landed", |b| {
        b.iter(|| {
            level_edit(&mut rig);
            land(&mut rig);
        });
    });
    g.finish();
    // The same case again after the hundreds of edits criterion made (the history keeps the
    // last 500): an edit must not cost more as the history fills.
    let steps = rig.editor.doc.history.state();
    breakdown(
        &format!("edit/fit after {steps} edits"),
        &mut rig,
        BREAKDOWN_FRAMES / 4,
        &mut nudge,
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
