//! The workbook's pages read one by one from the PDF (issue 13, part 6): no page ends with a
//! heading or with a table's header row, no word of a table cell is broken across lines, every
//! threat's short title is printed, and the diagram is not put after a page left mostly empty.

use std::collections::{BTreeSet, HashMap, HashSet};
use strider::model::{Id, Model};
use strider::workbook::{self, Options};

/// One piece of text on a page, as drawn: bold or not, its size, where, and its text.
struct Run {
    bold: bool,
    size: f32,
    at: (f32, f32),
    text: String,
}

struct Page {
    runs: Vec<Run>,
    text: String,
}

/// Every line of text a workbook prints, in order, one per line: what a reader's text
/// extraction gives (lines sharing one text section stay apart).
pub(crate) fn text_lines(bytes: &[u8]) -> String {
    pages(bytes)
        .iter()
        .flat_map(|p| p.runs.iter().map(|r| r.text.as_str()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn pages(bytes: &[u8]) -> Vec<Page> {
    let doc = lopdf::Document::load_mem(bytes).expect("the PDF parses");
    let bold_name = cover_title_font(&doc);
    doc.get_pages()
        .iter()
        .map(|(&n, &id)| {
            let fonts = doc.get_page_fonts(id).unwrap();
            // Fonts are subset under made-up names: the bold one is the cover title's.
            let bold: HashSet<Vec<u8>> = fonts
                .iter()
                .filter(|(_, f)| base_font(f) == bold_name)
                .map(|(k, _)| k.clone())
                .collect();
            let encodings: HashMap<Vec<u8>, lopdf::Encoding> = fonts
                .iter()
                .filter_map(|(k, f)| Some((k.clone(), f.get_font_encoding(&doc).ok()?)))
                .collect();
            let content = doc.get_and_decode_page_content(id).unwrap();
            let number = |o: &lopdf::Object| {
                o.as_float()
                    .or_else(|_| o.as_i64().map(|i| i as f32))
                    .unwrap_or(0.0)
            };
            let (mut font, mut bold_now, mut size, mut at) = (Vec::new(), false, 0.0, (0.0, 0.0));
            let mut runs = Vec::new();
            for op in &content.operations {
                match op.operator.as_str() {
                    "Tf" => {
                        font = op.operands[0].as_name().unwrap_or_default().to_vec();
                        bold_now = bold.contains(&font);
                        size = number(&op.operands[1]);
                    }
                    "Td" => at = (number(&op.operands[0]), number(&op.operands[1])),
                    // The writer places each line with an absolute text matrix.
                    "Tm" => at = (number(&op.operands[4]), number(&op.operands[5])),
                    "Tj" | "TJ" => {
                        let mut text = String::new();
                        let mut collect = |o: &lopdf::Object| {
                            if let (lopdf::Object::String(b, _), Some(e)) =
                                (o, encodings.get(&font))
                            {
                                text += &lopdf::Document::decode_text(e, b).unwrap_or_default();
                            }
                        };
                        for o in &op.operands {
                            match o {
                                lopdf::Object::Array(items) => items.iter().for_each(&mut collect),
                                other => collect(other),
                            }
                        }
                        runs.push(Run {
                            bold: bold_now,
                            size,
                            at,
                            text,
                        });
                    }
                    _ => {}
                }
            }
            Page {
                runs,
                text: doc.extract_text(&[n]).unwrap_or_default(),
            }
        })
        .collect()
}

fn base_font(f: &lopdf::Dictionary) -> Vec<u8> {
    f.get(b"BaseFont")
        .and_then(|b| b.as_name())
        .map(<[u8]>::to_vec)
        .unwrap_or_default()
}

/// The base font of the cover's title (the first text over 20 pt), which is set in bold.
fn cover_title_font(doc: &lopdf::Document) -> Vec<u8> {
    let (_, &first) = doc.get_pages().iter().next().expect("a page");
    let fonts = doc.get_page_fonts(first).unwrap();
    let content = doc.get_and_decode_page_content(first).unwrap();
    content
        .operations
        .iter()
        .filter(|op| op.operator == "Tf")
        .find(|op| op.operands[1].as_float().is_ok_and(|s| s > 20.0))
        .and_then(|op| fonts.get(op.operands[0].as_name().ok()?))
        .map(|f| base_font(f))
        .expect("the cover has a title")
}

fn sample() -> Model {
    strider::io::load(&crate::sample("connected-vehicle.ron")).unwrap()
}

/// A model as typed in the app: long names, short titles on every threat, many threats, so the
/// tables cross pages at many places.
fn typed_model() -> Model {
    let mut m = sample();
    for (i, t) in m.threats.iter_mut().enumerate() {
        t.title = format!("Short title number {}", i + 1);
    }
    let more: Vec<_> = m
        .threats
        .iter()
        .map(|t| {
            let mut t = t.clone();
            t.id = Id::from(format!("{}b", t.id).as_str());
            t.title = format!("Copy of {}", t.title);
            t
        })
        .collect();
    m.threats.extend(more);
    m.diagrams[0].elements[0].name = "Fleet manager ".repeat(360);
    m
}

/// Runs of the page's content, without the running header and page number (8 pt, written last).
fn content(p: &Page) -> &[Run] {
    let end = p
        .runs
        .iter()
        .rposition(|r| (r.size - 8.0).abs() > 0.01)
        .map_or(0, |i| i + 1);
    &p.runs[..end]
}

fn is_diagram_page(p: &Page) -> bool {
    p.text.contains("Data flow diagram") && !p.text.contains("Contents")
}

/// `blank_rows`: the tables' rows hold no text (the blank workbook), so only headings are
/// checked; a header row followed by empty rows has no text after it.
fn check_page_ends(name: &str, bytes: &[u8], blank_rows: bool) {
    let pages = pages(bytes);
    assert!(pages.len() > 5);
    for (i, p) in pages.iter().enumerate().skip(2) {
        if is_diagram_page(p) {
            continue;
        }
        let runs = content(p);
        let Some(last) = runs.last() else { continue };
        // Headings are bold at 11 pt and over; a table's header row is bold at body size.
        let heading = last.bold && last.size >= 10.5;
        assert!(
            !heading && (blank_rows || !last.bold),
            "{name}: page {} ends with bold text (a heading or a table's header row): {:?}",
            i + 1,
            p.text.lines().rev().take(6).collect::<Vec<_>>()
        );
    }
}

#[test]
fn no_page_ends_with_a_heading_or_a_lone_table_header() {
    check_page_ends(
        "Connected Vehicle",
        &workbook::pdf(&sample(), Options::default()),
        false,
    );
    // Tall first rows (a 600-character name fills some 30 lines of its cell) after headings
    // that land at every height of a page, as the description above them grows.
    for k in 0..14 {
        let mut m = sample();
        m.diagrams[0].elements[0].name = "Fleet manager ".repeat(43);
        m.info.description = "A system description of some length. ".repeat(k * 12);
        check_page_ends(
            &format!("description {k}"),
            &workbook::pdf(&m, Options::default()),
            false,
        );
    }
    check_page_ends(
        "typed model",
        &workbook::pdf(&typed_model(), Options::default()),
        false,
    );
    let blank = Options {
        blank: true,
        ..Options::default()
    };
    check_page_ends("blank", &workbook::pdf(&sample(), blank), true);
}

/// Every word of the model's short fields and of the tables' headers: a line ending with a
/// piece that is not a word, which with the next line's start makes one, is a broken word.
fn words(m: &Model) -> BTreeSet<String> {
    let mut text = String::from(
        "ID Name Type Technology Trust zone Scope From To Data Protocol Enc. Auth. Boundaries \
         crossed Pri. Threat Statement Response Mitigations Justification STRIDE Element Tag \
         Linked Status Addresses Priority recorded none (none recorded) yes no In Out",
    );
    for d in &m.diagrams {
        for e in &d.elements {
            text += &format!(" {} {} {}", e.name, e.technology, e.kind.label());
        }
        for f in &d.flows {
            text += &format!(" {} {}", f.label, f.protocol);
        }
    }
    for t in &m.threats {
        text += &format!(" {} {}", t.id, t.stride_letters());
    }
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| c == ',' || c == '(' || c == ')')
                .to_owned()
        })
        .filter(|w| w.chars().count() >= 3)
        .collect()
}

#[test]
fn no_word_of_a_table_cell_is_broken_across_lines() {
    let m = sample();
    let dictionary = words(&m);
    for (name, bytes) in [
        ("filled", workbook::pdf(&m, Options::default())),
        (
            "blank",
            workbook::pdf(
                &m,
                Options {
                    blank: true,
                    ..Options::default()
                },
            ),
        ),
    ] {
        for (i, p) in pages(&bytes).iter().enumerate() {
            if is_diagram_page(p) {
                continue;
            }
            // Two runs of one cell: the same font and left edge, the second a line below.
            for pair in p.runs.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                let same_cell = a.bold == b.bold
                    && (a.size - b.size).abs() < 0.01
                    && (a.at.0 - b.at.0).abs() < 0.1
                    && a.at.1 > b.at.1
                    && a.at.1 - b.at.1 < 2.0 * a.size;
                let (Some(end), Some(start)) = (
                    a.text.split_whitespace().last(),
                    b.text.split_whitespace().next(),
                ) else {
                    continue;
                };
                if !same_cell {
                    continue;
                }
                let joined = format!("{end}{start}");
                assert!(
                    dictionary.contains(end) || !dictionary.contains(&joined),
                    "{name}, page {}: {joined:?} is broken as {end:?} / {start:?}",
                    i + 1
                );
            }
        }
    }
}

#[test]
fn every_short_title_is_printed_and_the_diagram_follows_a_full_page() {
    let m = typed_model();
    let bytes = workbook::pdf(&m, Options::default());
    let pages = pages(&bytes);
    let all: String = pages
        .iter()
        .map(|p| p.text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(" ");
    for t in &m.threats {
        assert!(
            all.contains(&t.title),
            "{}'s title {:?} is not printed",
            t.id,
            t.title
        );
    }
    // The page before the diagram is filled by what follows it rather than left mostly empty.
    let d = pages
        .iter()
        .position(is_diagram_page_after_contents)
        .expect("a diagram page");
    // Lines of text: distinct baselines.
    let mut baselines: Vec<i32> = pages[d - 1]
        .runs
        .iter()
        .map(|r| r.at.1.round() as i32)
        .collect();
    baselines.sort_unstable();
    baselines.dedup();
    assert!(
        baselines.len() > 40,
        "the page before the diagram holds only {} lines",
        baselines.len()
    );
}

fn is_diagram_page_after_contents(p: &Page) -> bool {
    is_diagram_page(p) && !p.text.contains("Contents")
}

#[test]
fn an_unnamed_diagram_is_not_called_data_flow_diagram_twice() {
    let mut m = sample();
    m.diagrams[0].name = "Data flow diagram".into();
    let text: String = pages(&workbook::pdf(&m, Options::default()))
        .iter()
        .map(|p| p.text.clone())
        .collect();
    assert!(!text.contains("Data flow diagram: Data flow diagram"));
    assert!(text.contains("Elements of the data flow diagram"));
}

/// A title of thousands of characters is cut with an ellipsis on the cover and in the running
/// head, leaving room for "Threat model workbook" beside it.
#[test]
fn a_long_title_is_cut_in_the_running_head() {
    let mut m = sample();
    m.info.title = "alpha bravo ".repeat(420);
    let pages = pages(&workbook::pdf(&m, Options::default()));
    // The cover gives it four lines, ending in an ellipsis, and the owner still follows.
    let cover = &pages[0];
    let title_lines: Vec<&Run> = cover.runs.iter().filter(|r| r.size == 26.0).collect();
    assert_eq!(title_lines.len(), 4);
    assert!(
        title_lines[3].text.ends_with('…'),
        "{}",
        title_lines[3].text
    );
    assert!(cover.text.contains("Owner:"), "{}", cover.text);
    let is_head = |r: &&Run| r.size == 8.0 && r.text.starts_with("alpha bravo");
    let page = pages
        .iter()
        .find(|p| p.runs.iter().any(|r| is_head(&r)))
        .expect("the running head names the model");
    let head = page.runs.iter().find(is_head).unwrap();
    assert!(head.text.ends_with('…'), "{}", head.text);
    assert!(
        head.text.chars().count() < 110,
        "{}",
        head.text.chars().count()
    );
    let running = page
        .runs
        .iter()
        .find(|r| r.text == "Threat model workbook")
        .expect("and says what it is");
    assert!((running.at.1 - head.at.1).abs() < 0.5, "on one line");
}
