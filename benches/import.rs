//! Importing each real model under ../shared/interop (read, parse, map, from the file on disk).
//! Target (issue #6): under 50 ms per file in a release build; OTM, TM-BOM and draw.io (issue #17):
//! under 20 ms.
//! The slowest is what counts.

// The same allocator as the strider binary (see src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;

const FILES: &[&str] = &[
    "threat-dragon/v2-threat-model.json",
    "threat-dragon/cryptocurrency-wallet.json",
    "threat-dragon/ThreatDragonModels/test/test-reports.json",
    "threat-dragon/ThreatDragonModels/demo-threat-model.json",
    "threat-composer/workspaceExamples/GenAIChatbot.tc.json",
    "threat-composer/workshop-examples/threat-modeling-for-builders-self-paced-elearning/ThreatModelingForBuilders-Exercise4.tc.json",
    "tmt/owasp-threat-dragon/Sample_Threat_Model.tm7",
    "tmt/akri-docs/AkriThreatModel_Sept23.tm7",
    "tmt/startleft/MTMT_example.tm7",
    "tmt/startleft/test_model.tm7",
    "tmt/tm7-cli/demo.tm7",
    "otm/EXAMPLE.otm.json",
    "otm/startleft/MTMT_MVP.otm",
    "otm/startleft/lucid-aws-with-tz-and-vpc.otm",
    "otm/startleft/nested_tz.otm",
    "otm/startleft/bidirectional-connectors.otm",
    "tm-bom/husky-ai.tmbom.json",
    "tm-bom/cryptocurrency-wallet.tmbom.json",
    "drawio/drawio-basic-example.drawio",
    "drawio/michenriksen-dfd.xml",
    "otm/EXAMPLE.yaml",
    "threagile/example/threagile.yaml",
    "threagile/stub/threagile.yaml",
];

fn interop(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/interop")
        .join(rel)
}

fn import(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    group.sample_size(30);
    for rel in FILES {
        let path = interop(rel);
        // The file's name, with its folder when the name alone repeats (threagile.yaml).
        let mut parts = rel.rsplit('/');
        let file = parts.next().unwrap_or(rel);
        let name = if FILES.iter().filter(|f| f.ends_with(file)).count() > 1 {
            format!("{}-{file}", parts.next().unwrap_or(""))
        } else {
            file.to_owned()
        };
        group.bench_function(name, |b| {
            b.iter(|| strider::io::import_file(black_box(&path)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
