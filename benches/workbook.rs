//! Export of the participant workbook: the Connected Vehicle sample (target under 200 ms) and
//! a generated model with 1,000 threats (target under 1.5 s).

// The same allocator as the strider binary (see src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use strider::model::synthetic;
use strider::workbook::{self, Options};

fn export(c: &mut Criterion) {
    let cv = strider::io::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/connected-vehicle.ron"
    )))
    .unwrap();
    let big = synthetic::generate(synthetic::Spec {
        elements: 200,
        flows: 400,
        boundaries: 9,
        threats: 1_000,
        seed: 11,
    });
    eprintln!(
        "connected vehicle: {} bytes; 1,000 threats: {} bytes",
        workbook::pdf(&cv, Options::default()).len(),
        workbook::pdf(&big, Options::default()).len()
    );
    let mut group = c.benchmark_group("workbook_pdf");
    group.sample_size(10);
    group.bench_function("connected_vehicle", |b| {
        b.iter(|| workbook::pdf(black_box(&cv), Options::default()))
    });
    group.bench_function("generated_1000_threats", |b| {
        b.iter(|| workbook::pdf(black_box(&big), Options::default()))
    });
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
