//! Every real model under ../shared/interop imports with the counts its file holds (worked out
//! independently from the files and from ../shared/interop/*/SOURCE.md), or fails clearly.
//! Without that corpus these tests are skipped (see `crate::corpus`).

use std::path::Path;
use strider::io::{Foreign, import_file};
use strider::model::{Model, validate};

#[derive(Debug, PartialEq)]
struct Counts {
    diagrams: usize,
    elements: usize,
    flows: usize,
    boundaries: usize,
    threats: usize,
    mitigations: usize,
    assumptions: usize,
    /// Threat→mitigation links plus assumption links.
    links: usize,
}

fn counts(m: &Model) -> Counts {
    Counts {
        diagrams: m.diagrams.len(),
        elements: m.elements().count(),
        flows: m.flows().count(),
        boundaries: m.boundaries().count(),
        threats: m.threats.len(),
        mitigations: m.mitigations.len(),
        assumptions: m.assumptions.len(),
        links: m.threats.iter().map(|t| t.mitigations.len()).sum::<usize>()
            + m.assumptions.iter().map(|a| a.links.len()).sum::<usize>(),
    }
}

/// (file, format, diagrams, elements, flows, boundaries, threats, mitigations, assumptions, links)
type Row = (&'static str, Foreign, [usize; 8]);

const TD1: Foreign = Foreign::ThreatDragonV1;
const TD2: Foreign = Foreign::ThreatDragonV2;
const TC: Foreign = Foreign::ThreatComposer;
const TMT: Foreign = Foreign::Tmt;
const OTM: Foreign = Foreign::Otm;

const EXPECTED: &[Row] = &[
    // Threat Dragon. A loose flow end drawn at an element's edge is attached to it (v2 demo: the
    // Web Request from the Browser); the others (test-reports: 5) are reported, not imported.
    // Boundary lines become boxes; mitigation texts are shared when repeated.
    (
        "threat-dragon/v2-threat-model.json",
        TD2,
        [1, 7, 10, 3, 14, 11, 0, 14],
    ),
    (
        "threat-dragon/v2-new-model.json",
        TD2,
        [1, 0, 0, 0, 0, 0, 0, 0],
    ),
    // Threat Dragon's test file for its own OTM import: an OTM file (tests/it/otm.rs has the rest).
    (
        "threat-dragon/ThreatDragonModels/test/example-open-threat-model.json",
        OTM,
        [1, 4, 2, 2, 2, 2, 0, 2],
    ),
    (
        "threat-dragon/cryptocurrency-wallet.json",
        TD2,
        [1, 15, 17, 2, 1, 1, 0, 1],
    ),
    (
        "threat-dragon/generic-cms.json",
        TD2,
        [1, 5, 5, 1, 0, 0, 0, 0],
    ),
    (
        "threat-dragon/iot-device.json",
        TD2,
        [1, 11, 14, 1, 4, 4, 0, 4],
    ),
    (
        "threat-dragon/online-game.json",
        TD2,
        [1, 12, 17, 3, 0, 0, 0, 0],
    ),
    (
        "threat-dragon/payment-online.json",
        TD2,
        [1, 5, 10, 3, 0, 0, 0, 0],
    ),
    (
        "threat-dragon/renting-car.json",
        TD2,
        [1, 15, 15, 3, 0, 0, 0, 0],
    ),
    (
        "threat-dragon/three-tier-web-app.json",
        TD2,
        [1, 3, 3, 2, 2, 2, 0, 2],
    ),
    (
        "threat-dragon/ThreatDragonModels/v2-threat-model.json",
        TD2,
        [1, 7, 10, 3, 14, 11, 0, 14],
    ),
    (
        "threat-dragon/ThreatDragonModels/v2-new-model.json",
        TD2,
        [1, 0, 0, 0, 0, 0, 0, 0],
    ),
    (
        "threat-dragon/ThreatDragonModels/test/test-reports.json",
        TD2,
        [7, 24, 4, 4, 8, 1, 0, 8],
    ),
    (
        "threat-dragon/ThreatDragonModels/demo-threat-model.json",
        TD1,
        [1, 7, 10, 4, 14, 11, 0, 14],
    ),
    (
        "threat-dragon/ThreatDragonModels/new-model.json",
        TD1,
        [1, 0, 0, 0, 0, 0, 0, 0],
    ),
    (
        "threat-dragon/ThreatDragonModels/enter-the-dragon/enter-the-dragon-1.json",
        TD1,
        [2, 0, 0, 0, 0, 0, 0, 0],
    ),
    (
        "threat-dragon/ThreatDragonModels/enter-the-dragon/enter-the-dragon-2.json",
        TD1,
        [2, 3, 4, 2, 0, 0, 0, 0],
    ),
    (
        "threat-dragon/ThreatDragonModels/enter-the-dragon/enter-the-dragon-3.json",
        TD1,
        [2, 3, 4, 2, 3, 3, 0, 3],
    ),
    (
        "threat-dragon/ThreatDragonModels/enter-the-dragon/enter-the-dragon-4.json",
        TD1,
        [2, 3, 4, 2, 3, 3, 0, 3],
    ),
    // Threat Composer: no diagram (an empty one is made); links = mitigationLinks + assumptionLinks
    // whose both ends exist. Four files hold 4 mitigation and 10 assumption links to ids that are
    // not in them (deleted items); those are reported, not imported.
    (
        "threat-composer/workspaceExamples/ThreatComposer.tc.json",
        TC,
        [1, 0, 0, 0, 20, 18, 5, 43],
    ),
    (
        "threat-composer/workspaceExamples/GenAIChatbot.tc.json",
        TC,
        [1, 0, 0, 0, 37, 84, 13, 217],
    ),
    (
        "threat-composer/workshop-examples/ThreatComposerWorkspace-reinforce2024-ex1.tc.json",
        TC,
        [1, 0, 0, 0, 18, 18, 6, 39],
    ),
    (
        "threat-composer/workshop-examples/ThreatComposerWorkspace-reinforce2024-ex2.tc.json",
        TC,
        [1, 0, 0, 0, 25, 18, 6, 40],
    ),
    (
        "threat-composer/workshop-examples/ThreatComposerWorkspace-reinforce2024-ex3.3.tc.json",
        TC,
        [1, 0, 0, 0, 25, 20, 6, 42],
    ),
    (
        "threat-composer/workshop-examples/threat-modeling-for-builders-genai-edition-2025/ThreatComposer_Workshop_GenAI-ex1.tc.json",
        TC,
        [1, 0, 0, 0, 0, 0, 1, 0],
    ),
    (
        "threat-composer/workshop-examples/threat-modeling-for-builders-genai-edition-2025/ThreatComposer_Workshop_GenAI-ex2.tc.json",
        TC,
        [1, 0, 0, 0, 0, 0, 13, 0],
    ),
    (
        "threat-composer/workshop-examples/threat-modeling-for-builders-genai-edition-2025/ThreatComposer_Workshop_GenAI-ex3.tc.json",
        TC,
        [1, 0, 0, 0, 37, 0, 13, 38],
    ),
    (
        "threat-composer/workshop-examples/threat-modeling-for-builders-self-paced-elearning/ThreatModelingForBuilders-Exercise1.tc.json",
        TC,
        [1, 0, 0, 0, 0, 0, 0, 0],
    ),
    (
        "threat-composer/workshop-examples/threat-modeling-for-builders-self-paced-elearning/ThreatModelingForBuilders-Exercise2.tc.json",
        TC,
        [1, 0, 0, 0, 0, 0, 13, 0],
    ),
    (
        "threat-composer/workshop-examples/threat-modeling-for-builders-self-paced-elearning/ThreatModelingForBuilders-Exercise3.tc.json",
        TC,
        [1, 0, 0, 0, 10, 0, 19, 0],
    ),
    (
        "threat-composer/workshop-examples/threat-modeling-for-builders-self-paced-elearning/ThreatModelingForBuilders-Exercise4.tc.json",
        TC,
        [1, 0, 0, 0, 10, 22, 19, 34],
    ),
    // Microsoft TMT (SOURCE.md's table): elements = EI + P + DS, boundaries = boxes + lines,
    // flows without the dangling ones (DEMO 3; NEST's one lies on its element's outline and is
    // attached); Mitigated threats link their justification.
    (
        "tmt/owasp-threat-dragon/Sample_Threat_Model.tm7",
        TMT,
        [1, 4, 6, 1, 29, 0, 0, 0],
    ),
    (
        "tmt/akri-docs/AkriThreatModel_Sept23.tm7",
        TMT,
        [1, 13, 27, 11, 117, 24, 0, 55],
    ),
    (
        "tmt/startleft/MTMT_example.tm7",
        TMT,
        [1, 4, 6, 2, 43, 0, 0, 0],
    ),
    (
        "tmt/startleft/MTMT_nested_tz_line.tm7",
        TMT,
        [1, 4, 3, 3, 16, 0, 0, 0],
    ),
    (
        "tmt/startleft/test_model.tm7",
        TMT,
        [1, 5, 8, 4, 10, 0, 1, 0],
    ),
    ("tmt/tm7-cli/demo.tm7", TMT, [2, 16, 12, 2, 0, 0, 0, 0]),
];

/// Files that must fail, and what the message must say.
const BROKEN: &[(&str, &str)] = &[
    (
        "threat-dragon/ThreatDragonModels/test/malformed-new-model.json",
        "`summary`",
    ),
    (
        "threat-dragon/ThreatDragonModels/test/v2-malformed-new-model.json",
        "`detail`",
    ),
];

#[test]
fn every_interop_model_imports_with_the_counts_it_holds() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let mut wrong = Vec::new();
    for (file, format, [d, e, f, b, t, m, a, l]) in EXPECTED {
        let imported = import_file(&corpus.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(imported.format, *format, "{file}");
        let expected = Counts {
            diagrams: *d,
            elements: *e,
            flows: *f,
            boundaries: *b,
            threats: *t,
            mitigations: *m,
            assumptions: *a,
            links: *l,
        };
        let got = counts(&imported.model);
        if got != expected {
            wrong.push(format!(
                "{file}:\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
        // What comes in is a valid Strider model: no dangling links, no duplicate ids.
        let problems = validate(&imported.model);
        assert!(problems.is_empty(), "{file}: {problems:?}");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn links_to_missing_items_are_reported() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let imported =
        import_file(&corpus.join("threat-composer/workspaceExamples/ThreatComposer.tc.json"))
            .unwrap();
    assert!(
        imported
            .report
            .iter()
            .any(|l| l.starts_with("14 link(s) point at")),
        "{:?}",
        imported.report
    );
}

#[test]
fn the_broken_models_fail_with_a_clear_message() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    for (file, says) in BROKEN {
        let e = import_file(&corpus.join(file)).expect_err(file);
        let text = e.to_string();
        assert!(text.contains(says), "{file}: {text}");
        assert!(text.contains(Path::new(file).file_name().unwrap().to_str().unwrap()));
    }
}

/// Guards the table above: a model added to ../shared/interop must be added here too.
#[test]
fn the_table_covers_every_model_file_in_interop() {
    let Some(root) = crate::corpus() else {
        return;
    };
    fn walk(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut files = Vec::new();
    walk(&root, &mut files);
    let root = root.to_string_lossy().replace('\\', "/");
    let not_models = [
        "schema",
        ".otm.",
        ".tmbom.",
        ".cdx.",
        "Packs/",
        "Status.json",
        "StatementExamples",
    ];
    let mut missing = Vec::new();
    for f in &files {
        let rel = f.trim_start_matches(&root).trim_start_matches('/');
        let model = (rel.ends_with(".json") || rel.ends_with(".tm7"))
            && !not_models.iter().any(|n| rel.contains(n));
        let covered =
            EXPECTED.iter().any(|(p, _, _)| *p == rel) || BROKEN.iter().any(|(p, _)| *p == rel);
        if model && !covered {
            missing.push(rel.to_owned());
        }
    }
    assert!(missing.is_empty(), "not in the table: {missing:?}");
}
