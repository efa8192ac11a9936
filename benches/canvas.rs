//! One frame of the diagram canvas (layout and tessellation) on a generated diagram of 2,000
//! elements, 4,000 flows and 50 boundaries, in a headless egui context (no GPU).
//! Targets: median under 8 ms (issue #3), under 4 ms (issue #12).

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
    let model = synthetic::generate(synthetic::Spec {
        elements: 2_000,
        flows: 4_000,
        boundaries: 50,
        threats: 500,
        seed: 3,
    });
    let mut group = c.benchmark_group("canvas_2000_elements_4000_flows_50_boundaries");
    group.sample_size(30);
    for (name, zoom_in) in [
        ("whole_diagram_in_view", false),
        ("zoomed_to_100_percent", true),
    ] {
        let ctx = egui::Context::default();
        let mut doc = Document::new(model.clone(), None);
        let mut canvas = Canvas::default();
        canvas.show_diagram(doc.model.diagrams[0].id.clone());
        frame(&ctx, &mut canvas, &mut doc);
        if zoom_in {
            let c = canvas.scene_rect.center();
            canvas.scene_rect = Rect::from_center_size(c, vec2(1280.0, 760.0));
        }
        frame(&ctx, &mut canvas, &mut doc);
        group.bench_function(name, |b| b.iter(|| frame(&ctx, &mut canvas, &mut doc)));
    }
    // A frame during a drag: one element moved, so routes, labels and the scene are placed
    // again before painting.
    let ctx = egui::Context::default();
    let mut doc = Document::new(model.clone(), None);
    let mut canvas = Canvas::default();
    canvas.show_diagram(doc.model.diagrams[0].id.clone());
    frame(&ctx, &mut canvas, &mut doc);
    let mut step = 0u32;
    group.bench_function("frame_after_moving_one_element", |b| {
        b.iter(|| {
            step += 1;
            doc.model.diagrams[0].elements[0].pos.0 +=
                if step.is_multiple_of(2) { 5.0 } else { -5.0 };
            doc.touched();
            frame(&ctx, &mut canvas, &mut doc)
        })
    });
    group.finish();
}

criterion_group!(benches, canvas_frame);
criterion_main!(benches);
