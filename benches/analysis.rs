//! STRIDE analysis (suggestions and coverage) of a generated model with 10,000 elements and
//! 20,000 flows. Target (issue #4): under 50 ms.

// The same allocator as the strider binary (see src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use strider::model::synthetic;
use strider::stride::{self, Insights, Library};

fn analysis(c: &mut Criterion) {
    let model = synthetic::generate(synthetic::Spec {
        elements: 10_000,
        flows: 20_000,
        boundaries: 50,
        threats: 1_000,
        seed: 42,
    });
    let lib = Library::builtin();
    let a = stride::analyse(&model, lib);
    eprintln!(
        "{} suggestions, {} coverage pairs",
        a.suggestions.len(),
        a.coverage.len()
    );
    let mut group = c.benchmark_group("analysis_10k_elements_20k_flows");
    group.sample_size(10);
    group.bench_function("analyse", |b| {
        b.iter(|| stride::analyse(black_box(&model), lib))
    });
    group.bench_function("insights", |b| {
        b.iter(|| Insights::of(black_box(&model), &a))
    });
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
