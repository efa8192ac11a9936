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
    // Threat Composer has no diagram: that is said too.
    let o = strider(&[
        "export",
        sample("connected-vehicle.ron").to_str().unwrap(),
        "-o",
        dir.path().join("v.tc.json").to_str().unwrap(),
    ]);
    assert!(
        stderr(&o).contains("not in the file as data"),
        "{}",
        stderr(&o)
    );
    // The same notes reach the app through the export's result.
    let written = strider::export::export_to_path(&model, &out).unwrap();
    assert!(written.notes.iter().any(|n| n.contains("assumption(s)")));
}

/// The bytes a terminal obeys instead of showing: ESC, BEL, CSI (U+009B), carriage return.
fn obeyed_by_a_terminal(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{1b}' | '\u{7}' | '\u{9b}' | '\r'))
}

#[test]
fn escape_sequences_from_a_file_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(crate::fixture("library-lending.td-v2.json")).unwrap();
    let hostile = "\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\rMember";
    let text = text
        .replacen("\"title\": \"", &format!("\"title\": \"{hostile} "), 1)
        .replace("\"name\": \"Member\"", &format!("\"name\": \"{hostile}\""));
    let input = dir.path().join("hostile.td.json");
    std::fs::write(&input, text).unwrap();
    let input = input.to_str().unwrap();
    let out = dir.path().join("out.ron");
    for args in [
        vec!["import", input, "-o", out.to_str().unwrap()],
        vec!["check", input],
        vec!["threats", input],
        vec!["check", input, "--json"],
    ] {
        let o = strider(&args);
        for (stream, what) in [(crate::stdout(&o), "stdout"), (stderr(&o), "stderr")] {
            assert!(
                !obeyed_by_a_terminal(&stream),
                "{args:?} {what}: {stream:?}"
            );
        }
        if !args.contains(&"--json") {
            // The carriage return became a line break on import: still one line of output.
            for stream in [crate::stdout(&o), stderr(&o)] {
                assert!(
                    !stream.lines().any(|l| l.starts_with("Member")),
                    "{args:?}: a name passed for a line of output: {stream}"
                );
            }
        }
        if args.contains(&"--json") {
            // Still JSON, and the name is still the name.
            let value: serde_json::Value = serde_json::from_str(&crate::stdout(&o)).unwrap();
            assert!(value["title"].as_str().unwrap().contains('\u{1b}'));
        }
    }
    let o = strider(&["check", input]);
    assert!(
        crate::stdout(&o).contains("\\u001b]0;pwned"),
        "shown, not obeyed"
    );
    // A Markdown report of it is safe to `cat`.
    let md = dir.path().join("report.md");
    let o = strider(&["export", input, "-o", md.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!obeyed_by_a_terminal(
        &std::fs::read_to_string(&md).unwrap()
    ));
}

#[test]
fn a_model_after_any_amount_of_white_space_is_recognised() {
    let dir = tempfile::tempdir().unwrap();
    for (fixture, padding) in [
        ("library-lending.td-v2.json", " ".repeat(512)),
        ("library-lending.td-v2.json", "\n\t \r\n".repeat(5_000)),
        ("library-lending.tm7", "\n".repeat(9_000)),
    ] {
        let text = std::fs::read_to_string(crate::fixture(fixture)).unwrap();
        let input = dir.path().join(fixture);
        std::fs::write(&input, format!("{padding}{text}")).unwrap();
        let o = strider(&["check", input.to_str().unwrap()]);
        assert_ne!(
            o.status.code(),
            Some(2),
            "{fixture} after {} bytes of white space: {}",
            padding.len(),
            stderr(&o)
        );
    }
}

#[test]
fn a_character_reference_that_names_no_character_is_an_error_at_its_place() {
    let text = std::fs::read_to_string(crate::fixture("library-lending.tm7")).unwrap();
    for reference in ["&#xD800;", "&#xDFFF;", "&#1114112;", "&#x110000;"] {
        let broken = text.replacen(
            ">Catalogue search<",
            &format!(">Catalogue {reference} search<"),
            1,
        );
        let line = broken.lines().position(|l| l.contains(reference)).unwrap() + 1;
        let err = io::import_bytes(broken.as_bytes(), "bad.tm7").unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(line), "{err}");
        assert!(err.to_string().contains(reference), "{err}");
    }
    // In a comment or CDATA section it is only text.
    let commented = text.replacen(
        "<DrawingSurfaceList>",
        "<!-- &#xD800; --><DrawingSurfaceList>",
        1,
    );
    assert!(io::import_bytes(commented.as_bytes(), "ok.tm7").is_ok());
}

#[test]
fn a_megabyte_without_spaces_prints_shortened_and_the_export_says_so() {
    let mut model = vehicle();
    let long = "X".repeat(1_000_000);
    model.diagrams[0].elements[0].name = long.clone();
    model.threats[0].id = Id(format!("T{long}"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("w.pdf");
    let written = strider::export::export_to_path(&model, &out).unwrap();
    assert!(
        written.notes.iter().any(|n| n.contains("were shortened")),
        "{:?}",
        written.notes
    );
    let doc = lopdf::Document::load(&out).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    // The workbook stays a workbook: the megabyte is cut, not laid out over hundreds of pages.
    assert!(pages.len() < 60, "{} pages", pages.len());
    let text = crate::workbook_pages::text_lines(&std::fs::read(&out).unwrap());
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("more characters"),
        "the cut is said on the page"
    );
}

#[test]
fn long_tables_are_cut_with_a_line_saying_how_many_rows_are_not_printed() {
    let model = strider::model::synthetic::generate(strider::model::synthetic::Spec {
        elements: 1_100,
        flows: 10,
        boundaries: 1,
        threats: 5,
        seed: 5,
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("w.pdf");
    let written = strider::export::export_to_path(&model, &out).unwrap();
    let cut = format!(
        "A table of 1100 rows under \"Elements of the data flow diagram\" was cut to its first {}.",
        strider::workbook::MAX_TABLE_ROWS
    );
    assert!(written.notes.contains(&cut), "{:?}", written.notes);
    let doc = lopdf::Document::load(&out).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap();
    assert!(text.contains("100 more rows, not printed"));
}
