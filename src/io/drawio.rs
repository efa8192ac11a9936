//! draw.io (diagrams.net) data flow diagrams drawn by hand: each page a diagram; dashed shapes,
//! groups and containers as trust boundaries; ellipses as processes; cylinders, two-line
//! (partial rectangle) and database shapes as stores; other boxes as actors; edges as flows,
//! labelled by their own text or a text child. Labels are HTML: the tags are stripped.
//!
//! A page is stored plain (`<diagram><mxGraphModel>…`) or, by older versions, compressed: the
//! text of `<diagram>` is base64 of raw DEFLATE of the URL-encoded model. Inflating stops at
//! [`MAX_PAGE_BYTES`], so a compressed bomb is refused, not expanded.

use crate::io::import::builder::{Builder, distinct_ends};
use crate::io::import::html::plain;
use crate::io::import::{Foreign, ImportError, Imported};
use crate::model::{Boundary, Diagram, Element, ElementKind, Flow, Id};
use base64::Engine;
use std::collections::HashMap;

/// The largest page Strider inflates.
const MAX_PAGE_BYTES: usize = 16 << 20;
/// Deeper nesting of shapes than this is flattened.
const MAX_DEPTH: usize = 32;

/// Is this XML a draw.io file (rather than a TMT model)?
pub(crate) fn is_drawio(text: &str) -> bool {
    let head: String = text.chars().take(512).collect();
    head.contains("<mxfile") || head.contains("<mxGraphModel")
}

pub(crate) fn read(text: &str, path: &str) -> Result<Imported, ImportError> {
    let doc = parse(text, path)?;
    let root = doc.root_element();
    let title = crate::io::import::title_or_file_name("", path);
    let mut b = Builder::new(&title);
    let pages: Vec<(String, String)> = if root.has_tag_name("mxGraphModel") {
        vec![("Page-1".to_owned(), text.to_owned())]
    } else {
        root.children()
            .filter(|n| n.has_tag_name("diagram"))
            .map(|d| {
                let name = d.attribute("name").unwrap_or("Page").to_owned();
                let model = match d.children().find(|c| c.has_tag_name("mxGraphModel")) {
                    // Plain: the model is XML inside the page.
                    Some(m) => Ok(text[m.range()].to_owned()),
                    None => inflate(d.text().unwrap_or("").trim(), path, &name),
                };
                model.map(|m| (name, m))
            })
            .collect::<Result<_, _>>()?
    };
    if pages.is_empty() {
        return Err(ImportError::new(path, "a draw.io file with no page"));
    }
    for (n, (name, xml)) in pages.iter().enumerate() {
        let page = parse(xml, path)?;
        let d = page_to_diagram(&mut b, &page, Id(format!("DFD{}", n + 1)), name);
        b.model.diagrams.push(d);
    }
    Ok(Imported {
        model: b.model,
        format: Foreign::DrawIo,
        report: b.report,
    })
}

fn parse<'a>(text: &'a str, path: &str) -> Result<roxmltree::Document<'a>, ImportError> {
    roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            // No DTD, so no entity-expansion bombs.
            allow_dtd: false,
            nodes_limit: 1_000_000,
            ..Default::default()
        },
    )
    .map_err(|e| {
        let p = e.pos();
        ImportError::at(
            path,
            p.row as usize,
            p.col as usize,
            format!("malformed XML: {e}"),
        )
    })
}

/// A compressed page: base64, then raw DEFLATE, then URL encoding.
fn inflate(data: &str, path: &str, page: &str) -> Result<String, ImportError> {
    let fail = |what: String| ImportError::new(path, format!("page \"{page}\": {what}"));
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.as_bytes())
        .map_err(|e| fail(format!("not a compressed draw.io page (base64: {e})")))?;
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_PAGE_BYTES).map_err(
        |e| {
            fail(match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => format!(
                    "the page inflates past {} MiB; refused (a compression bomb?)",
                    MAX_PAGE_BYTES >> 20
                ),
                _ => "not a compressed draw.io page (DEFLATE data is broken)".to_owned(),
            })
        },
    )?;
    let text = String::from_utf8(raw).map_err(|_| fail("the page is not UTF-8".to_owned()))?;
    Ok(url_decode(&text))
}

/// Percent-decoding of draw.io's `encodeURIComponent`: bytes that do not decode stay as written.
fn url_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|c| hex(*c)),
                bytes.get(i + 2).and_then(|c| hex(*c)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A cell of the page, as read.
struct Cell<'a> {
    id: &'a str,
    parent: &'a str,
    value: String,
    style: &'a str,
    vertex: bool,
    edge: bool,
    source: &'a str,
    target: &'a str,
    at: (f32, f32),
    size: (f32, f32),
}

fn page_to_diagram(b: &mut Builder, page: &roxmltree::Document, id: Id, name: &str) -> Diagram {
    let mut d = Diagram::new(id, name);
    let cells: Vec<Cell> = page
        .descendants()
        .filter(|n| n.has_tag_name("mxCell"))
        .map(|n| {
            let geometry = n.children().find(|c| c.has_tag_name("mxGeometry"));
            let num = |k: &str| {
                geometry
                    .and_then(|g| g.attribute(k))
                    .and_then(|v| v.parse::<f32>().ok())
                    .filter(|v| v.is_finite())
                    .map_or(0.0, |v| v.clamp(-1.0e6, 1.0e6))
            };
            Cell {
                id: n.attribute("id").unwrap_or(""),
                parent: n.attribute("parent").unwrap_or(""),
                value: plain(n.attribute("value").unwrap_or("")),
                style: n.attribute("style").unwrap_or(""),
                vertex: n.attribute("vertex") == Some("1"),
                edge: n.attribute("edge") == Some("1"),
                source: n.attribute("source").unwrap_or(""),
                target: n.attribute("target").unwrap_or(""),
                at: (num("x"), num("y")),
                size: (num("width"), num("height")),
            }
        })
        .collect();
    let by_id: HashMap<&str, &Cell> = cells.iter().map(|c| (c.id, c)).collect();
    // Positions are relative to the parent shape.
    let absolute = |c: &Cell| {
        let mut at = c.at;
        let mut here = c.parent;
        for _ in 0..MAX_DEPTH {
            match by_id.get(here) {
                Some(p) if p.vertex => {
                    at = (at.0 + p.at.0, at.1 + p.at.1);
                    here = p.parent;
                }
                _ => break,
            }
        }
        at
    };
    let mut ids: HashMap<&str, Id> = HashMap::new();
    let mut notes = Vec::new();
    for c in cells.iter().filter(|c| c.vertex) {
        let style = c.style.to_lowercase();
        if style.starts_with("text;") || style.contains(";text;") || style == "text" {
            // A label on an edge is read with the edge; free text is kept as a note.
            if !by_id.get(c.parent).is_some_and(|p| p.edge) && !c.value.is_empty() {
                notes.push(c.value.clone());
            }
            continue;
        }
        let at = absolute(c);
        if is_boundary(&style) {
            let id = b.id("TB");
            let name = if c.value.is_empty() {
                "Trust boundary".to_owned()
            } else {
                c.value.clone()
            };
            d.boundaries
                .push(Boundary::new(id.clone(), name, at, c.size));
            ids.insert(c.id, id);
            continue;
        }
        if c.value.is_empty() && c.size.0 * c.size.1 == 0.0 {
            continue;
        }
        let kind = kind_of(&style);
        let id = b.id(match kind {
            ElementKind::Actor => "E",
            ElementKind::Process => "P",
            ElementKind::Store => "D",
        });
        let name = if c.value.is_empty() {
            "Unnamed".to_owned()
        } else {
            c.value.clone()
        };
        let mut e = Element::new(id.clone(), kind, name, at);
        if c.size.0 > 0.0 && c.size.1 > 0.0 {
            e.size = c.size;
        }
        if let Some(icon) = aws_icon(&style) {
            e.technology = icon;
        }
        d.elements.push(e);
        ids.insert(c.id, id);
    }
    for c in cells.iter().filter(|c| c.edge) {
        let label = if c.value.is_empty() {
            cells
                .iter()
                .find(|t| t.parent == c.id && t.vertex && !t.value.is_empty())
                .map_or_else(String::new, |t| t.value.clone())
        } else {
            c.value.clone()
        };
        let end = |key: &str| ids.get(key).cloned();
        let (from, to) = (end(c.source), end(c.target));
        let centre = |end: &Option<Id>| {
            end.as_ref()
                .and_then(|id| d.element(id))
                .map(|e| e.rect().center())
        };
        let (fc, tc) = (centre(&from), centre(&to));
        let from = b.end_off_boundary(&d, from, tc, &label, "source");
        let to = b.end_off_boundary(&d, to, fc, &label, "target");
        let Some((from, to)) = distinct_ends(from, to) else {
            b.note(format!(
                "page \"{name}\": the connector \"{label}\" does not join two shapes; it was not imported"
            ));
            continue;
        };
        let mut f = Flow::new(b.id("F"), from, to, label);
        let style = c.style.to_lowercase();
        f.bidirectional = style.contains("startarrow=")
            && !style.contains("startarrow=none")
            && !style.contains("startarrow=;");
        d.flows.push(f);
    }
    if !notes.is_empty() {
        d.description = notes.join("\n\n");
        b.note(format!(
            "page \"{name}\": {} free text block(s) were kept in the diagram's description",
            notes.len()
        ));
    }
    if !d.elements.is_empty() {
        b.note(format!(
            "page \"{name}\": draw.io has no element kinds; each shape's kind was taken from its \
             style (ellipse: process; cylinder, two lines or a database icon: store; other boxes: \
             external actor)"
        ));
    }
    d
}

fn is_boundary(style: &str) -> bool {
    style.contains("dashed=1")
        || style.contains("swimlane")
        || style.contains("container=1")
        || style.contains("mxgraph.aws4.group")
        || style.contains("shape=group")
}

fn kind_of(style: &str) -> ElementKind {
    const STORES: [&str; 11] = [
        "sqs",
        "queue",
        "partialrectangle",
        "cylinder",
        "datastore",
        "database",
        "dynamodb",
        "rds",
        "aurora",
        "simple_storage_service",
        "s3",
    ];
    if style.starts_with("ellipse") || style.contains(";ellipse") || style.contains("shape=ellipse")
    {
        ElementKind::Process
    } else if STORES.iter().any(|s| style.contains(s)) {
        ElementKind::Store
    } else if style.contains("mxgraph.aws4") || style.contains("process") {
        ElementKind::Process
    } else {
        ElementKind::Actor
    }
}

/// "mxgraph.aws4.lambda" -> "AWS lambda": what an AWS icon names.
fn aws_icon(style: &str) -> Option<String> {
    let at = style.find("resicon=mxgraph.aws4.")?;
    let rest = &style[at + "resicon=mxgraph.aws4.".len()..];
    let name: String = rest.chars().take_while(|c| *c != ';').collect();
    Some(format!("AWS {}", name.replace('_', " ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_decoding_keeps_what_does_not_decode() {
        assert_eq!(
            url_decode("%3CmxCell%20id%3D%221%22%2F%3E"),
            "<mxCell id=\"1\"/>"
        );
        assert_eq!(url_decode("100%"), "100%");
        assert_eq!(url_decode("%zz"), "%zz");
    }
}
