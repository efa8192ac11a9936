//! The writers as a hostile tester tries them: models with structural problems, shapes far
//! apart, and what each format cannot hold, through the real command line.

use crate::{sample, stderr, strider};
use std::path::Path;
use strider::export::FORMATS;
use strider::io;
use strider::model::{Element, ElementKind, Flow, Id, Model};

fn vehicle() -> Model {
    io::load(&sample("connected-vehicle.ron")).expect("the sample loads")
}

/// Exports `model` (saved as RON first, problems included) to every format through the CLI;
/// returns (extension, exit code, stderr) per format.
fn export_everywhere(model: &Model, dir: &Path) -> Vec<(String, i32, String)> {
    let input = dir.join("input.ron");
    io::save(model, &input).expect("the model saves");
    FORMATS
        .iter()
        .map(|f| {
            let out = dir.join(format!("out{}", f.extension));
            let o = strider(&[
                "export",
                input.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ]);
            (
                f.extension.to_owned(),
                o.status.code().unwrap_or(-1),
                stderr(&o),
            )
        })
        .collect()
}

#[test]
fn every_export_writes_a_model_whose_flow_names_a_missing_element() {
    let mut model = vehicle();
    let d = &mut model.diagrams[0];
    let from = d.elements[0].id.clone();
    d.flows.push(Flow::new(
        Id("F404".into()),
        from,
        Id("E404".into()),
        "lost",
    ));
    // A second element with the first one's id: references cannot tell them apart.
    let twin = d.elements[1].id.clone();
    d.elements.push(Element::new(
        twin,
        ElementKind::Store,
        "Twin",
        (900.0, 900.0),
    ));
    let dir = tempfile::tempdir().unwrap();
    for (extension, code, err) in export_everywhere(&model, dir.path()) {
        assert_eq!(code, 0, "{extension}: {err}");
        assert!(!err.contains("panicked"), "{extension}: {err}");
        if extension != ".ron" {
            assert!(
                err.contains("F404"),
                "{extension} does not name the flow left out: {err}"
            );
            assert!(err.contains("renamed"), "{extension}: {err}");
        }
    }
    for name in ["out.td.json", "out.tc.json"] {
        let back = io::import_file(&dir.path().join(name)).expect("re-imports");
        assert!(strider::model::validate(&back.model).is_empty(), "{name}");
    }
    let td = io::import_file(&dir.path().join("out.td.json"))
        .unwrap()
        .model;
    assert!(td.diagrams[0].elements.iter().any(|e| e.name == "Twin"));
}

#[test]
fn shapes_far_apart_are_drawn_smaller_not_refused_and_not_gigabytes() {
    let mut model = vehicle();
    let d = &mut model.diagrams[0];
    d.elements[0].pos = (-12_000.0, -12_000.0);
    d.elements[1].pos = (12_000.0, 12_000.0);
    let dir = tempfile::tempdir().unwrap();
    let results = export_everywhere(&model, dir.path());
    let png = results.iter().find(|r| r.0 == ".png").unwrap();
    assert_eq!(png.1, 0, "{}", png.2);
    assert!(png.2.contains("was drawn at"), "{}", png.2);
    let tc = results.iter().find(|r| r.0 == ".tc.json").unwrap();
    assert_eq!(tc.1, 0, "{}", tc.2);
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(dir.path().join("out.png")).unwrap(),
    ));
    let info = decoder.read_info().unwrap();
    let (w, h) = info.info().size();
    assert!(
        u64::from(w) * u64::from(h) <= strider::diagram::png::MAX_PIXELS,
        "{w} x {h}"
    );
    // Too far apart to draw legibly at all: refused with the reason, before drawing.
    model.diagrams[0].elements[1].pos = (1.0e9, 1.0e9);
    let results = export_everywhere(&model, dir.path());
    let png = results.iter().find(|r| r.0 == ".png").unwrap();
    assert_eq!(png.1, 2, "{}", png.2);
    assert!(png.2.contains("smallest usable scale"), "{}", png.2);
    let tc = results.iter().find(|r| r.0 == ".tc.json").unwrap();
    assert_eq!(tc.1, 0, "{}", tc.2);
    assert!(tc.2.contains("left out"), "{}", tc.2);
}

#[test]
fn threat_dragon_export_says_what_it_cannot_carry() {
    let model = vehicle();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("v.td.json");
    let o = strider(&[
        "export",
        sample("connected-vehicle.ron").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let err = stderr(&o);
    let assumptions = format!(
        "{} assumption(s) are not in the file",
        model.assumptions.len()
    );
    assert!(err.contains(&assumptions), "{err}");
    assert!(err.contains("mitigation(s) are written as text"), "{err}");
    // The same notes reach the app through the export's result.
    let written = strider::export::export_to_path(&model, &out).unwrap();
    assert!(written.notes.iter().any(|n| n.contains("assumption(s)")));
}
