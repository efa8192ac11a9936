//! Every export on generated models, sound and broken: dangling and duplicate ids, huge,
//! far-apart and non-numeric coordinates, long strings without spaces, control characters, and
//! empty everything. No writer may panic; what it writes must read back with the matching
//! reader; what it refuses, it refuses with a message.
//!
//! Peak memory on the worst of these cases is measured on the real binary by
//! `scripts/writers-rss.sh`.

use proptest::prelude::*;
use std::path::Path;
use strider::export::{ExportError, FORMATS, export_to_path};
use strider::io;
use strider::model::{
    Assumption, Boundary, Diagram, Element, ElementKind, Flow, Id, Mitigation, MitigationStatus,
    Model, Stride, Threat,
};

/// Ids drawn from a small pool, so that flows, threats and links often name something that
/// does not exist, or something whose id another thing has too.
const IDS: [&str; 10] = [
    "E1", "E2", "E3", "F1", "T1", "M1", "B1", "X404", "", "bad id",
];

fn id() -> impl Strategy<Value = Id> {
    prop::sample::select(IDS.to_vec()).prop_map(Id::from)
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[A-Za-z0-9 ,.]{1,40}",
        Just("\u{1b}]0;title\u{7}\u{1b}[2J\u{9b}31m\r\n\t\u{0}\u{202e}evil".to_owned()),
        Just("名前 🚗 Ünïcödé \u{202e} zero\u{200b}width".to_owned()),
        // A long run with no space to break at.
        Just("X".repeat(200_000)),
    ]
}

fn coordinate() -> impl Strategy<Value = f32> {
    prop_oneof![
        4 => -600.0f32..600.0,
        1 => Just(1.0e7f32),
        1 => Just(-3.0e7f32),
        1 => Just(1.0e30f32),
        1 => Just(f32::NAN),
        1 => Just(f32::INFINITY),
    ]
}

fn extent() -> impl Strategy<Value = f32> {
    prop_oneof![
        4 => 10.0f32..300.0,
        1 => Just(0.0f32),
        1 => Just(-40.0f32),
        1 => Just(1.0e9f32),
        1 => Just(f32::NAN),
    ]
}

fn element() -> impl Strategy<Value = Element> {
    (
        id(),
        0usize..3,
        text(),
        (coordinate(), coordinate()),
        (extent(), extent()),
        text(),
    )
        .prop_map(|(id, kind, name, pos, size, technology)| {
            let mut e = Element::new(id, ElementKind::ALL[kind], name, pos);
            e.size = size;
            e.technology = technology;
            e
        })
}

fn flow() -> impl Strategy<Value = Flow> {
    (
        id(),
        id(),
        id(),
        text(),
        prop::collection::vec((coordinate(), coordinate()), 0..3),
    )
        .prop_map(|(id, from, to, label, waypoints)| {
            let mut f = Flow::new(id, from, to, label);
            f.waypoints = waypoints;
            f
        })
}

fn boundary() -> impl Strategy<Value = Boundary> {
    (
        id(),
        text(),
        (coordinate(), coordinate()),
        (extent(), extent()),
    )
        .prop_map(|(id, name, pos, size)| Boundary::new(id, name, pos, size))
}

fn threat() -> impl Strategy<Value = Threat> {
    (
        id(),
        prop::option::of(id()),
        text(),
        text(),
        prop::collection::vec(id(), 0..3),
        prop::collection::vec(0usize..6, 0..3),
    )
        .prop_map(|(id, target, title, action, mitigations, stride)| {
            let mut t = Threat::new(id);
            t.target = target;
            t.title = title;
            t.action = action;
            t.mitigations = mitigations;
            t.stride = stride.into_iter().map(|s| Stride::ALL[s]).collect();
            t
        })
}

fn diagram() -> impl Strategy<Value = Diagram> {
    (
        id(),
        text(),
        prop::collection::vec(element(), 0..5),
        prop::collection::vec(boundary(), 0..3),
        prop::collection::vec(flow(), 0..5),
    )
        .prop_map(|(id, name, elements, boundaries, flows)| {
            let mut d = Diagram::new(id, name);
            d.elements = elements;
            d.boundaries = boundaries;
            d.flows = flows;
            d
        })
}

fn model() -> impl Strategy<Value = Model> {
    (
        text(),
        prop::collection::vec(diagram(), 0..3),
        prop::collection::vec(threat(), 0..5),
        prop::collection::vec((id(), text()), 0..3),
        prop::collection::vec((id(), text(), prop::collection::vec(id(), 0..3)), 0..3),
    )
        .prop_map(|(title, diagrams, threats, mitigations, assumptions)| {
            let mut m = Model::new(title);
            m.diagrams = diagrams;
            m.threats = threats;
            m.mitigations = mitigations
                .into_iter()
                .map(|(id, title)| Mitigation {
                    id,
                    title,
                    description: String::new(),
                    status: MitigationStatus::Identified,
                    reference: String::new(),
                    effectiveness: None,
                    standards: Default::default(),
                })
                .collect();
            m.assumptions = assumptions
                .into_iter()
                .map(|(id, text, links)| Assumption {
                    id,
                    tag: String::new(),
                    text,
                    links,
                })
                .collect();
            m
        })
}

/// Reads back a file an export wrote, with the reader of its format.
fn reads_back(path: &Path, extension: &str, model: &Model) -> Result<(), String> {
    let show = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    match extension {
        ".ron" => {
            let back = io::load(path).map_err(|e| show(&e))?;
            // Faithful: the same text again (NaN is not equal to itself, so compare the text).
            if io::to_string(&back) != io::to_string(model) {
                return Err(show(&"the model read back differs"));
            }
        }
        ".td.json" | ".tc.json" | ".otm" | ".tmbom.json" => {
            io::import_file(path).map_err(|e| show(&e))?;
        }
        ".svg" => {
            let text = std::fs::read_to_string(path).map_err(|e| show(&e))?;
            roxmltree::Document::parse(&text).map_err(|e| show(&e))?;
        }
        ".png" => {
            let file = std::fs::File::open(path).map_err(|e| show(&e))?;
            png::Decoder::new(std::io::BufReader::new(file))
                .read_info()
                .map_err(|e| show(&e))?;
        }
        ".pdf" => {
            lopdf::Document::load(path).map_err(|e| show(&e))?;
        }
        ".md" => {
            std::fs::read_to_string(path).map_err(|e| show(&e))?;
        }
        ".csv" => {
            let rows = crate::threats_out::csv_rows(path).map_err(|e| show(&e))?;
            if rows.len() != model.threats.len() {
                return Err(show(&format!(
                    "{} rows for {} threats",
                    rows.len(),
                    model.threats.len()
                )));
            }
        }
        ".xlsx" => {
            let sheets = crate::threats_out::xlsx_rows(path).map_err(|e| show(&e))?;
            let counts: Vec<usize> = sheets.iter().map(|(_, rows)| rows.len() - 1).collect();
            // A reader ends a sheet at its last cell with text: trailing rows of empty cells
            // (an assumption with no id and no text) are not counted.
            use strider::io::tables;
            let (written, _) = strider::model::repair::writable(model);
            let expected: Vec<usize> = [
                tables::threats(&written),
                tables::mitigations(&written),
                tables::assumptions(&written),
            ]
            .iter()
            .map(|t| {
                t.rows
                    .iter()
                    .rposition(|r| r.iter().any(|c| !c.is_empty()))
                    .map_or(0, |i| i + 1)
            })
            .collect();
            if counts != expected {
                return Err(show(&format!(
                    "sheet rows {counts:?}, expected {expected:?}"
                )));
            }
        }
        ".sarif" => {
            let log = crate::threats_out::valid_sarif(path).map_err(|e| show(&e))?;
            let open = model.threats.iter().filter(|t| t.status.is_open()).count();
            let results = log["runs"][0]["results"].as_array().map_or(0, Vec::len);
            if results != open {
                return Err(show(&format!("{results} results for {open} open threats")));
            }
        }
        other => return Err(format!("no reader for {other}")),
    }
    Ok(())
}

#[test]
fn every_export_of_any_model_writes_what_its_reader_reads_or_says_why_not() {
    let dir = tempfile::tempdir().unwrap();
    let cases = std::env::var("STRIDER_WRITER_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    proptest!(
        ProptestConfig { cases, ..ProptestConfig::default() },
        |(model in model())| {
            for format in FORMATS {
                let out = dir.path().join(format!("out{}", format.extension));
                match export_to_path(&model, &out) {
                    Ok(written) => {
                        prop_assert!(!written.files.is_empty());
                        for file in &written.files {
                            let checked = reads_back(file, format.extension, &model);
                            prop_assert!(checked.is_ok(), "{}", checked.unwrap_err());
                            let _ = std::fs::remove_file(file);
                        }
                    }
                    // A drawing of no diagram, or one too large to draw: refused, with why.
                    Err(ExportError::Failed { message, .. }) => {
                        prop_assert!(
                            matches!(format.extension, ".svg" | ".png"),
                            "{} refused: {message}", format.extension
                        );
                        prop_assert!(!message.is_empty());
                    }
                    Err(e) => prop_assert!(false, "{}: {e}", format.extension),
                }
            }
        }
    );
}
