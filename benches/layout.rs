//! Automatic layout and label placement on a generated diagram of 200 elements, 400 flows and
//! 10 boundaries (issue #12 target: `layout` under 100 ms), and the placement of routes, labels
//! and name tabs on the 2,000-element diagram the canvas bench draws.

// The same allocator as the strider binary (see src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use strider::diagram::Placement;
use strider::diagram::tidy::tidy;
use strider::model::synthetic;

fn layout(c: &mut Criterion) {
    let model = synthetic::generate(synthetic::Spec {
        elements: 200,
        flows: 400,
        boundaries: 10,
        threats: 100,
        seed: 5,
    });
    let d = &model.diagrams[0];
    let mut group = c.benchmark_group("layout_200_elements_400_flows_10_boundaries");
    group.bench_function("tidy", |b| b.iter(|| tidy(black_box(d))));
    group.bench_function("tidy_then_place_labels", |b| {
        b.iter(|| Placement::of(&model, &tidy(black_box(d))))
    });
    group.finish();
    let big = synthetic::generate(synthetic::Spec {
        elements: 2_000,
        flows: 4_000,
        boundaries: 50,
        threats: 500,
        seed: 3,
    });
    let mut group = c.benchmark_group("placement_2000_elements_4000_flows_50_boundaries");
    group.sample_size(20);
    group.bench_function("routes_labels_tabs", |b| {
        b.iter(|| Placement::of(&big, black_box(&big.diagrams[0])))
    });
    group.finish();
}

criterion_group!(benches, layout);
criterion_main!(benches);
