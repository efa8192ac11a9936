//! draw.io DFDs drawn by hand open as sound models: counts worked out from the files' cells,
//! the nesting of dashed boundaries kept, labels as plain text; compressed bombs and broken
//! pages refused with the reason.

use base64::Engine;
use strider::io::import_bytes;
use strider::model::geometry::Membership;

/// The first page's model XML, inflated the way draw.io stores it.
fn page(text: &str) -> String {
    let start = text.find("<diagram").unwrap();
    let body_start = text[start..].find('>').unwrap() + start + 1;
    let body_end = text.find("</diagram>").unwrap();
    let body = text[body_start..body_end].trim();
    if body.starts_with('<') {
        return body.to_owned();
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap();
    let raw = miniz_oxide::inflate::decompress_to_vec(&bytes).unwrap();
    let s = String::from_utf8(raw).unwrap();
    // URL decoding, enough for counting cells.
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn every_drawio_file_imports_with_the_counts_it_holds() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    for name in [
        "drawio/drawio-basic-example.drawio",
        "drawio/michenriksen-dfd.xml",
    ] {
        let text = std::fs::read_to_string(corpus.join(name)).unwrap();
        let xml = page(&text);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let cells: Vec<roxmltree::Node> = doc
            .descendants()
            .filter(|n| n.has_tag_name("mxCell"))
            .collect();
        let style = |n: &roxmltree::Node| n.attribute("style").unwrap_or("").to_lowercase();
        let boundary = |n: &roxmltree::Node| {
            let s = style(n);
            s.contains("dashed=1") || s.contains("aws4.group")
        };
        let text_cell = |n: &roxmltree::Node| style(n).starts_with("text;");
        let vertices: Vec<&roxmltree::Node> = cells
            .iter()
            .filter(|n| n.attribute("vertex") == Some("1") && !text_cell(n))
            .collect();
        let boundaries = vertices.iter().filter(|n| boundary(n)).count();
        let elements = vertices.len() - boundaries;
        let edges = cells
            .iter()
            .filter(|n| n.attribute("edge") == Some("1"))
            .count();
        let imported = import_bytes(text.as_bytes(), name).unwrap_or_else(|e| panic!("{e}"));
        let d = &imported.model.diagrams[0];
        assert_eq!(d.boundaries.len(), boundaries, "{name}: boundaries");
        assert_eq!(d.elements.len(), elements, "{name}: elements");
        assert_eq!(d.flows.len(), edges, "{name}: flows");
        assert!(
            d.elements.iter().all(|e| !e.name.contains('<')),
            "{name}: no HTML"
        );
        crate::imported::assert_sound_and_readable(&imported.model, name);
    }
    // The hand-drawn DFD: the user sits in their machine, inside the LAN, inside the internet.
    let m = strider::io::import_file(&corpus.join("drawio/michenriksen-dfd.xml"))
        .unwrap()
        .model;
    let d = &m.diagrams[0];
    let membership = Membership::compute(d);
    let user = d.elements.iter().find(|e| e.name == "User").unwrap();
    let zones: Vec<&str> = membership
        .boundaries_of(d, &user.id)
        .iter()
        .map(|b| b.name.as_str())
        .collect();
    for z in ["User's Machine", "Users' LAN", "Internet"] {
        assert!(zones.contains(&z), "{zones:?}");
    }
    let https = d.flows.iter().find(|f| f.label == "HTTPS").unwrap();
    assert!(https.bidirectional);
    assert_eq!(
        d.elements
            .iter()
            .filter(|e| e.kind == strider::model::ElementKind::Store)
            .count(),
        5
    );
}

#[test]
fn hostile_drawio_files_fail_cleanly() {
    let wrap =
        |body: &str| format!(r#"<mxfile><diagram id="a" name="P">{body}</diagram></mxfile>"#);
    // 200 MB of zeros deflated to a few hundred kilobytes.
    let zeros = vec![0u8; 200 << 20];
    let bomb = miniz_oxide::deflate::compress_to_vec(&zeros, 9);
    let bomb = base64::engine::general_purpose::STANDARD.encode(bomb);
    for (name, text, says) in [
        ("bomb", wrap(&bomb), "refused"),
        ("not base64", wrap("@@@@"), "base64"),
        ("broken deflate", wrap("AAAAAAAA"), "DEFLATE"),
        (
            "truncated",
            "<mxfile><diagram name=\"P\"><mxGraphModel><root><mxCell".to_owned(),
            "malformed XML",
        ),
        (
            "a DTD",
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><mxfile></mxfile>"
                .to_owned(),
            "",
        ),
    ] {
        let started = std::time::Instant::now();
        let e = import_bytes(text.as_bytes(), "hostile.drawio").expect_err(name);
        assert!(e.to_string().starts_with("hostile.drawio"), "{name}: {e}");
        assert!(e.to_string().contains(says), "{name}: {e}");
        assert!(started.elapsed().as_secs() < 20, "{name}: no hang");
    }
    // Dangling and self-joining edges, and cells without geometry, import with a note.
    let loose = wrap(
        r#"<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>
        <mxCell id="a" value="A" style="ellipse" vertex="1" parent="1"/>
        <mxCell id="e" edge="1" parent="1" source="a" target="ghost"/>
        <mxCell id="s" edge="1" parent="1" source="a" target="a"/></root></mxGraphModel>"#,
    );
    let i = import_bytes(loose.as_bytes(), "loose.drawio").unwrap();
    assert!(strider::model::validate(&i.model).is_empty());
    assert_eq!(i.model.diagrams[0].flows.len(), 0);
    assert!(
        i.report
            .iter()
            .any(|n| n.contains("does not join two shapes"))
    );
}
