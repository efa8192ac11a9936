//! Load, validate and save of a generated model with 10,000 elements and 20,000 flows.
//! Targets (issue #2): load + validate under 150 ms, save under 100 ms.

// The same allocator as the strider binary (see src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use strider::io;
use strider::model::{synthetic, validate};

fn big_model() -> strider::model::Model {
    synthetic::generate(synthetic::Spec {
        elements: 10_000,
        flows: 20_000,
        boundaries: 50,
        threats: 1_000,
        seed: 42,
    })
}

fn model_io(c: &mut Criterion) {
    let model = big_model();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    io::save(&model, &path).unwrap();
    let bytes = std::fs::metadata(&path).unwrap().len();
    eprintln!("generated file: {bytes} bytes");

    let mut group = c.benchmark_group("model_10k_elements_20k_flows");
    group.sample_size(20);
    group.bench_function("load_and_validate", |b| {
        b.iter(|| {
            let m = io::load(black_box(&path)).unwrap();
            let problems = validate(&m);
            assert!(problems.is_empty());
            m
        })
    });
    group.bench_function("validate_only", |b| b.iter(|| validate(black_box(&model))));
    group.bench_function("save", |b| {
        b.iter(|| io::save(black_box(&model), &path).unwrap())
    });
    group.finish();
}

criterion_group!(benches, model_io);
criterion_main!(benches);
