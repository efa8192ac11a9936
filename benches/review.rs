//! Diff and three-way merge of two versions of a model of 10,000 elements, 20,000 flows, 250
//! boundaries and 10,000 threats that differ in 1% of their items.
//! Target (issue #15): under 300 ms each.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use strider::model::{Model, ThreatStatus, synthetic};
use strider::review::merge::merge;
use strider::review::{DiffOptions, diff};

/// 1% of the items changed, from `offset` on: elements renamed or moved, flow labels edited,
/// threats resolved.
fn changed(base: &Model, offset: usize) -> Model {
    let mut m = base.clone();
    let d = &mut m.diagrams[0];
    for (k, e) in d.elements.iter_mut().skip(offset).step_by(100).enumerate() {
        if k % 2 == 0 {
            e.name.push_str(" (renamed)");
        } else {
            e.pos.0 += 20.0;
        }
    }
    for f in d.flows.iter_mut().skip(offset).step_by(100) {
        f.label.push_str(" v2");
    }
    for t in m.threats.iter_mut().skip(offset).step_by(100) {
        t.status = ThreatStatus::Resolved;
    }
    m
}

fn review(c: &mut Criterion) {
    let base = synthetic::generate(synthetic::Spec {
        elements: 10_000,
        flows: 20_000,
        boundaries: 250,
        threats: 10_000,
        seed: 7,
    });
    let (ours, theirs) = (changed(&base, 0), changed(&base, 50));
    let mut group = c.benchmark_group("review_10000_elements_20000_flows_1_percent_changed");
    group.sample_size(10);
    group.bench_function("diff", |b| {
        b.iter(|| diff(&base, &ours, DiffOptions::default()).items.len())
    });
    group.bench_function("merge", |b| {
        b.iter(|| merge(&base, &ours, &theirs).conflicts.len())
    });
    group.finish();
}

criterion_group!(benches, review);
criterion_main!(benches);
