//! One frame of the diagram canvas (layout and tessellation) on generated diagrams of 2,000
//! elements, 4,000 flows and 50 boundaries and of 10,000, 20,000 and 250, in a headless egui
//! context (no GPU).
//! Targets: median under 8 ms (issue #3), under 4 ms (issue #12); and the same frames on
//! 10,000 elements, 20,000 flows and 250 boundaries under 8 ms each (issue #14).

// The same allocator as the strider binary (see src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Pos2, RawInput, Rect, vec2};
use strider::model::synthetic;
use strider::ui::canvas::Canvas;
use strider::ui::document::Document;

fn frame(ctx: &egui::Context, canvas: &mut Canvas, doc: &mut Document) -> usize {
    let input = RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))),
        ..RawInput::default()
    };
    let output = ctx.run_ui(input, |ui| canvas.show(ui, doc));
    ctx.tessellate(output.shapes, output.pixels_per_point).len()
}

fn canvas_frame(c: &mut Criterion) {
    sized(c, 2_000, 4_000, 50, 500);
    sized(c, 10_000, 20_000, 250, 10_000);
}

/// The frames a person makes on a generated diagram: all of it in view, at 100%, panning, and
/// while dragging one element (routes, labels and the scene placed again).
fn sized(c: &mut Criterion, elements: usize, flows: usize, boundaries: usize, threats: usize) {
    let model = synthetic::generate(synthetic::Spec {
        elements,
        flows,
        boundaries,
        threats,
        seed: 3,
    });
    let mut group = c.benchmark_group(format!(
        "canvas_{elements}_elements_{flows}_flows_{boundaries}_boundaries"
    ));
    group.sample_size(if elements > 5_000 { 15 } else { 30 });
    let start = |whole: bool| {
        let ctx = egui::Context::default();
        let mut doc = Document::new(model.clone(), None);
        let mut canvas = Canvas::default();
        canvas.show_diagram(doc.model.diagrams[0].id.clone());
        if whole {
            canvas.request_fit();
        }
        frame(&ctx, &mut canvas, &mut doc);
        frame(&ctx, &mut canvas, &mut doc);
        (ctx, doc, canvas)
    };
    {
        let (ctx, mut doc, mut canvas) = start(true);
        group.bench_function("whole_diagram_in_view", |b| {
            b.iter(|| frame(&ctx, &mut canvas, &mut doc))
        });
    }
    {
        let (ctx, mut doc, mut canvas) = start(false);
        let c = canvas.scene_rect.center();
        canvas.scene_rect = Rect::from_center_size(c, vec2(1280.0, 760.0));
        frame(&ctx, &mut canvas, &mut doc);
        group.bench_function("zoomed_to_100_percent", |b| {
            b.iter(|| frame(&ctx, &mut canvas, &mut doc))
        });
        let mut step = 0u32;
        group.bench_function("pan_step_at_100_percent", |b| {
            b.iter(|| {
                step += 1;
                let dx = if step % 40 < 20 { 12.0 } else { -12.0 };
                canvas.scene_rect = canvas.scene_rect.translate(vec2(dx, 0.0));
                frame(&ctx, &mut canvas, &mut doc)
            })
        });
    }
    {
        let (ctx, mut doc, mut canvas) = start(false);
        let mut step = 0u32;
        group.bench_function("frame_after_moving_one_element", |b| {
            b.iter(|| {
                step += 1;
                let e = &mut doc.model.diagrams[0].elements[0];
                e.pos.0 += if step.is_multiple_of(2) { 5.0 } else { -5.0 };
                // As a drag does: the element moved, nothing else.
                let id = e.id.clone();
                doc.touched_only([id]);
                frame(&ctx, &mut canvas, &mut doc)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, canvas_frame);
criterion_main!(benches);
