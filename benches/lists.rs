//! One frame of the Threats list with 10,000 threats, in a headless egui context (no GPU), as
//! the app shows it: the bottom panel of a 1280×800 window. Target (issue #13): under 4 ms.
//! Also a frame scrolled to the middle, and the first frame after an edit (rows derived again).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Pos2, RawInput, Rect, vec2};
use strider::model::synthetic;
use strider::stride::{self, Insights, Library};
use strider::ui::canvas::Canvas;
use strider::ui::document::Document;
use strider::ui::lists::Lists;
use strider::ui::threat_editor::ThreatEditor;

struct Screen {
    ctx: egui::Context,
    doc: Document,
    canvas: Canvas,
    editor: ThreatEditor,
    lists: Lists,
    insights: Insights,
}

impl Screen {
    fn frame(&mut self, events: Vec<egui::Event>) -> usize {
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))),
            events,
            ..RawInput::default()
        };
        let output = self.ctx.run_ui(input, |ui| {
            egui::Panel::bottom("lists")
                .exact_size(300.0)
                .show(ui, |ui| {
                    self.lists.show(
                        ui,
                        &mut self.doc,
                        &mut self.canvas,
                        &mut self.editor,
                        &self.insights,
                    )
                });
        });
        self.ctx
            .tessellate(output.shapes, output.pixels_per_point)
            .len()
    }
}

fn threats_list(c: &mut Criterion) {
    let model = synthetic::generate(synthetic::Spec {
        elements: 2_000,
        flows: 4_000,
        boundaries: 50,
        threats: 10_000,
        seed: 5,
    });
    assert_eq!(model.threats.len(), 10_000);
    let analysis = stride::analyse(&model, Library::builtin());
    let insights = Insights::of(&model, &analysis);
    let mut s = Screen {
        ctx: egui::Context::default(),
        doc: Document::new(model, None),
        canvas: Canvas::default(),
        editor: ThreatEditor::default(),
        lists: Lists::default(),
        insights,
    };
    s.frame(Vec::new());
    s.frame(Vec::new());
    let mut group = c.benchmark_group("threats_list_10000_threats");
    group.sample_size(40);
    group.bench_function("one_frame", |b| b.iter(|| s.frame(Vec::new())));
    // Scroll to the middle of the list, then measure frames there.
    for _ in 0..40 {
        s.frame(vec![
            egui::Event::PointerMoved(egui::pos2(640.0, 700.0)),
            egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Page,
                delta: vec2(0.0, -5.0),
                modifiers: egui::Modifiers::NONE,
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
            },
        ]);
    }
    group.bench_function("one_frame_scrolled", |b| b.iter(|| s.frame(Vec::new())));
    group.bench_function("first_frame_after_an_edit", |b| {
        b.iter(|| {
            s.doc.touched();
            s.frame(Vec::new())
        })
    });
    group.finish();
}

criterion_group!(benches, threats_list);
criterion_main!(benches);
