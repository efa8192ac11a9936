//! The workbook (PDF and Markdown) and the diagram exports (SVG, PNG), read back as a reader
//! would: the PDF's text, the SVG as XML, the PNG's pixels.

use crate::{sample, stderr, strider};
use strider::io;
use strider::model::*;
use strider::workbook::{self, Options, Paper};

fn pdf_text(bytes: &[u8]) -> (usize, String) {
    let doc = lopdf::Document::load_mem(bytes).expect("the PDF parses");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).expect("text extracts");
    (pages.len(), text)
}

/// Whitespace differs between layout and source (wrapping), so compare without it.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_connected_vehicle_workbook_has_every_section_threat_assumption_and_mitigation() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("workbook.pdf");
    let run = strider(&[
        "export",
        sample("connected-vehicle.ron").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let bytes = std::fs::read(&out).unwrap();
    let (pages, text) = pdf_text(&bytes);
    assert!((10..=40).contains(&pages), "{pages} pages");
    let all = squash(&text);
    for heading in [
        "Contents",
        "Assemble the right team",
        "1. What are we working on?",
        "Data flow diagram: Vehicle registration (data plane)",
        "Assumptions",
        "2. What can go wrong?",
        "STRIDE per element",
        "Threats by STRIDE category",
        "Prioritised threats",
        "3. What are we going to do about it?",
        "Risk responses",
        "Mitigations",
        "4. Did we do a good job?",
        "Insights",
        "Retrospective",
    ] {
        assert!(all.contains(&squash(heading)), "missing heading {heading}");
    }
    let m = io::load(&sample("connected-vehicle.ron")).unwrap();
    for t in &m.threats {
        assert!(
            all.contains(&squash(&t.statement())),
            "missing statement of {}",
            t.id
        );
        assert!(all.contains(t.id.as_str()));
    }
    for a in &m.assumptions {
        assert!(
            all.contains(&squash(&a.text)),
            "missing assumption {}",
            a.id
        );
    }
    for x in &m.mitigations {
        assert!(
            all.contains(&squash(&x.title)),
            "missing mitigation {}",
            x.id
        );
    }
    // Page numbers and the running header.
    assert!(all.contains(&format!("1/{pages}")) && all.contains(&format!("{pages}/{pages}")));
    assert!(all.contains(&squash("Connected Vehicle: vehicle registration")));
}

#[test]
fn a_blank_workbook_has_the_tables_but_not_the_content() {
    let m = io::load(&sample("connected-vehicle.ron")).unwrap();
    let bytes = workbook::pdf(
        &m,
        Options {
            paper: Paper::Letter,
            blank: true,
        },
    );
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let first = doc.get_pages().into_values().next().unwrap();
    let media = doc
        .get_object(first)
        .unwrap()
        .as_dict()
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let width = media[2].as_float().unwrap();
    assert!((width - 612.0).abs() < 1.0, "US Letter, got {width}");
    let (_, text) = pdf_text(&bytes);
    let all = squash(&text);
    for header in [
        "Threat modeling persona",
        "Criteria",
        "Invitee contact info",
        "Threat statement",
        "Risk responses",
        "Follow-up action",
        "Draw the external actors",
    ] {
        assert!(all.contains(&squash(header)), "missing {header}");
    }
    assert!(!all.contains(&squash(&m.threats[0].statement())));
    assert!(!all.contains("Dana"));
}

#[test]
fn a_hostile_model_exports_without_panicking() {
    let mut m = synthetic::generate(synthetic::Spec {
        elements: 40,
        flows: 60,
        boundaries: 4,
        threats: 300,
        seed: 9,
    });
    m.info.title = String::new();
    m.info.description = "A very long description. ".repeat(200) + &"x".repeat(5000);
    m.diagrams[0].elements[0].name = String::new();
    m.diagrams[0].elements[1].name =
        "שלום עולם مرحبا 😀🚗 Ελληνικά Кириллица \u{0} \u{202e}".into();
    m.threats[0].action = "use 😀 emoji and עברית".into();
    m.assumptions.push(Assumption {
        id: Id::from("A1"),
        tag: String::new(),
        text: "\u{1b}[31m".repeat(50) + &"y".repeat(5000),
        links: vec![],
    });
    for paper in [Paper::A4, Paper::Letter] {
        let bytes = workbook::pdf(
            &m,
            Options {
                paper,
                blank: false,
            },
        );
        let (pages, text) = pdf_text(&bytes);
        assert!(pages > 10);
        assert!(
            text.contains('\u{fffd}'),
            "characters the font lacks are replaced visibly"
        );
        assert!(squash(&text).contains("Ελληνικά") && squash(&text).contains("Кириллица"));
    }
    let md = workbook::markdown::report(&m);
    assert!(md.contains("## 4. Did we do a good job?"));
}

#[test]
fn svg_png_and_markdown_exports() {
    let dir = tempfile::tempdir().unwrap();
    let sa = sample("serverless-analytics.ron");
    let base = dir.path().join("dfd.svg");
    let run = strider(&["export", sa.to_str().unwrap(), "-o", base.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    // Two diagrams: one file each.
    for id in ["DFD1", "DFD2"] {
        let text = std::fs::read_to_string(dir.path().join(format!("dfd-{id}.svg"))).unwrap();
        let doc = roxmltree::Document::parse(&text).expect("the SVG is XML");
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        assert!(texts.len() > 10);
    }
    let cv = sample("connected-vehicle.ron");
    let png_path = dir.path().join("dfd.png");
    let run = strider(&[
        "export",
        cv.to_str().unwrap(),
        "-o",
        png_path.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert!(info.width > 1000 && info.height > 600);
    let pixels = &buf[..info.buffer_size()];
    let dark = pixels
        .chunks(4)
        .filter(|p| p[0] < 128 && p[1] < 128)
        .count();
    let red = pixels
        .chunks(4)
        .filter(|p| p[0] > 150 && p[1] < 90 && p[2] < 90)
        .count();
    assert!(dark > 5_000, "the drawing has ink ({dark} dark pixels)");
    assert!(red > 1_000, "the trust boundaries are red ({red})");
    let md_path = dir.path().join("report.md");
    let run = strider(&[
        "export",
        cv.to_str().unwrap(),
        "-o",
        md_path.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0));
    let md = std::fs::read_to_string(md_path).unwrap();
    for s in [
        "## 1. What are we working on?",
        "## 2. What can go wrong?",
        "## 3. What are we going to do about it?",
        "## 4. Did we do a good job?",
        "| T13 |",
    ] {
        assert!(md.contains(s), "missing {s}");
    }
}

/// A 5,000-character name (issue 10 saw 93 pages): printed once in full in the element table,
/// shortened with an ellipsis wherever the workbook refers to it, cut to a few lines in the
/// drawing. The workbook grows by a few pages, not by dozens.
#[test]
fn a_5000_character_name_adds_pages_once_not_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(sample("connected-vehicle.ron")).unwrap();
    let export = |name: &str, file: &str| {
        let model = dir.path().join(format!("{file}.ron"));
        std::fs::write(
            &model,
            text.replacen("name: \"Fleet manager\"", &format!("name: \"{name}\""), 1),
        )
        .unwrap();
        let out = dir.path().join(format!("{file}.pdf"));
        let run = strider(&[
            "export",
            model.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        pdf_text(&std::fs::read(&out).unwrap())
    };
    let (normal, _) = export("Fleet manager", "normal");
    for (name, file) in [
        ("X".repeat(5000), "unbroken"),
        ("Fleet manager ".repeat(357), "words"),
    ] {
        let (pages, text) = export(name.trim(), file);
        assert!(
            pages <= normal + 6,
            "{file}: {pages} pages, {normal} without the long name"
        );
        assert!(text.contains('…'), "{file}: references are shortened");
    }
}

/// "Did we do a good job?" has the risk matrices with every rated threat in them, and the
/// appendix maps each control to the threats it addresses and to its standards.
#[test]
fn the_workbook_has_the_risk_matrices_and_the_control_mapping() {
    let m = io::load(&sample("connected-vehicle.ron")).unwrap();
    let bytes = workbook::pdf(&m, Options::default());
    let lines = crate::workbook_pages::text_lines(&bytes);
    // The last line with a heading's text is the heading (the first is in the contents).
    let at = |needle: &str| {
        lines
            .lines()
            .collect::<Vec<_>>()
            .iter()
            .rposition(|l| l.trim() == needle)
            .unwrap_or_else(|| panic!("no line {needle:?}"))
    };
    let matrix = at("Risk matrix");
    let retro = at("Retrospective");
    let appendix = at("Appendix: Control mapping");
    assert!(matrix < retro && retro < appendix, "in order");
    let cells: String = lines.lines().collect::<Vec<_>>()[matrix..retro].join("\n");
    assert!(cells.contains("Inherent risk"), "{cells}");
    assert!(cells.contains("Residual risk"), "{cells}");
    for t in &m.threats {
        assert!(
            cells.contains(t.id.as_str()),
            "{} is in the matrix:\n{cells}",
            t.id
        );
    }
    let mapping: String = lines.lines().collect::<Vec<_>>()[appendix..].join("\n");
    for needle in [
        "ASVS 5.0",
        "M1 Protect data in transit",
        "V12.1.1",
        "A.8.24",
        "SC-8",
    ] {
        assert!(mapping.contains(needle), "{needle} in the appendix");
    }
    // With suggestions accepted, threats cite CWE and CAPEC.
    let mut accepted = m.clone();
    let lib = strider::stride::Library::builtin();
    let suggestions = strider::stride::analyse(&accepted, lib).suggestions;
    strider::stride::accept_all(&accepted, lib, &suggestions[..5]).apply(&mut accepted);
    let lines = crate::workbook_pages::text_lines(&workbook::pdf(&accepted, Options::default()));
    assert!(lines.contains("Weaknesses and attack patterns of the threats"));
    assert!(lines.contains("CWE-"), "CWE ids printed");
    // The blank workbook prints the grids to fill in, and no appendix.
    let blank = workbook::pdf(
        &m,
        Options {
            blank: true,
            ..Options::default()
        },
    );
    let lines = crate::workbook_pages::text_lines(&blank);
    assert!(lines.contains("Inherent risk"));
    assert!(!lines.contains("Control mapping"));
}
