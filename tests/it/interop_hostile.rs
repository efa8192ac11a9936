//! Other people's files are untrusted: every malformed import is a clear error naming the file
//! (and the line and column where the parser knows it), never a panic. The tests that cut up real
//! files need the interop corpus and are skipped without it (see `crate::corpus`).

use strider::io::{ImportError, MAX_IMPORT_BYTES, import_bytes, import_file};

fn fails(bytes: &[u8], says: &str) -> ImportError {
    let e = import_bytes(bytes, "hostile.json").expect_err(says);
    let text = e.to_string();
    assert!(text.starts_with("hostile.json"), "{text}");
    assert!(text.contains(says), "expected {says:?} in {text}");
    e
}

#[test]
fn truncated_json_and_xml_fail_with_a_position() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    for rel in [
        "threat-dragon/v2-threat-model.json",
        "threat-dragon/ThreatDragonModels/demo-threat-model.json",
        "threat-composer/workspaceExamples/ThreatComposer.tc.json",
        "tmt/owasp-threat-dragon/Sample_Threat_Model.tm7",
    ] {
        let bytes = std::fs::read(corpus.join(rel)).unwrap();
        for cut in [1, bytes.len() / 7, bytes.len() / 2, bytes.len() - 2] {
            // Cut on a character boundary so the error is about the structure, not UTF-8.
            let mut cut = cut;
            while std::str::from_utf8(&bytes[..cut]).is_err() {
                cut -= 1;
            }
            let e = import_bytes(&bytes[..cut], rel).expect_err(rel);
            assert!(e.position.is_some(), "{rel} cut at {cut}: {e}");
            let message = e.to_string();
            assert!(message.contains("malformed"), "{message}");
        }
    }
}

#[test]
fn xml_entity_bombs_and_foreign_xml_are_refused() {
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<ThreatModel>&lol9;</ThreatModel>"#;
    fails(bomb.as_bytes(), "document type declaration");
    let external =
        r#"<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ThreatModel>&e;</ThreatModel>"#;
    fails(external.as_bytes(), "document type declaration");
    fails(
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        "root element is <svg>",
    );
    // A template's root element, as a .tb7 file has it.
    fails(
        b"<?xml version='1.0' encoding='utf-8'?><KnowledgeBase><Manifest name='x'/></KnowledgeBase>",
        "template (.tb7)",
    );
    // A ZIP renamed to .tm7 (seen in the wild) is not text at all.
    fails(b"PK\x03\x04\x14\x00\x00\x00\x08\x00\xff\xfe", "not UTF-8");
}

#[test]
fn a_real_tmt_template_is_refused_as_a_template() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let template = std::fs::read(corpus.join("tmt/threat-modeling-templates/default.tb7")).unwrap();
    fails(&template, "template (.tb7)");
}

#[test]
fn wrong_types_and_future_versions_are_explained() {
    fails(
        br#"{"summary": "x", "detail": {"diagrams": []}}"#,
        "`summary`",
    );
    fails(
        br#"{"summary": {"title": "x"}, "detail": {"diagrams": "no"}}"#,
        "list of diagrams",
    );
    fails(
        br#"{"summary": {"title": "x"}, "detail": {"diagrams": [3]}}"#,
        "diagram 1",
    );
    fails(
        br#"{"schema": 7, "threats": []}"#,
        "newer Threat Composer (schema 7)",
    );
    fails(br#"{"schema": "1"}"#, "`schema` must be the number 1");
    fails(
        br#"{"schema": 1, "threats": {}}"#,
        "`threats` must be a list",
    );
    fails(
        br#"{"schema": 1, "threats": [42]}"#,
        "every threat must be an object",
    );
    fails(
        br#"{"schema": 1, "applicationInfo": []}"#,
        "`applicationInfo` must be an object",
    );
    fails(br#"{"hello": "world"}"#, "not a Threat Dragon model");
    fails(b"", "empty");
    fails(b"42", "not a model Strider reads");
    fails(b"- a\n- b\n", "neither a Threagile model");
    fails(br#"{"bomFormat": "CycloneDX"}"#, "CycloneDX");
    fails(
        br#"{"otmVersion": "0.2.0", "project": [1, 2]}"#,
        "`project` must be an object",
    );
    fails(
        br#"{"version": "2.0", "scope": {}, "data_flows": []}"#,
        "TM-BOM version",
    );
}

#[test]
fn odd_values_inside_valid_files_import_without_panicking() {
    // Cells of every wrong type, numbers where strings belong, huge coordinates, NaN-like strings,
    // dangling flows, duplicate ids and odd Unicode.
    let text = r#"{
      "version": "2.3.0",
      "summary": {"title": "\u202eevil\u0000 \ud83d\ude00 title"},
      "detail": {"contributors": [1, null, {"name": 5}], "diagrams": [{
        "title": 7, "cells": [
          null, 3, "x", [],
          {"shape": "process", "id": "a", "position": {"x": 1e300, "y": "NaN"}, "size": {"width": -5},
           "data": {"name": "\u0000\u0007 proc", "threats": [{"title": 5, "status": ["x"], "severity": {}, "mitigation": 3}]}},
          {"shape": "actor", "id": "a", "data": {"name": "dup id"}},
          {"shape": "flow", "id": "f", "source": {"cell": "a"}, "target": {"cell": "missing"}},
          {"shape": "flow", "id": "g", "source": "a", "target": 5},
          {"shape": "trust-boundary-curve", "source": {}, "target": {"x": "1"}, "vertices": [1, {"x": 2}]},
          {"shape": "unknown-shape"}
        ]}]}
    }"#;
    let imported = import_bytes(text.as_bytes(), "odd.json").unwrap();
    let m = &imported.model;
    assert_eq!(m.elements().count(), 2);
    assert_eq!(m.flows().count(), 0);
    for (_, e) in m.elements() {
        assert!(e.pos.0.is_finite() && e.pos.1.is_finite());
        assert!(e.size.0 >= 1.0 && e.size.1 >= 1.0);
    }
    assert!(
        strider::model::validate(m).is_empty(),
        "{:?}",
        strider::model::validate(m)
    );
    assert!(imported.report.iter().any(|l| l.contains("unknown-shape")));
    // And the result saves and loads as a Strider model.
    let text = strider::io::to_string(m);
    assert_eq!(strider::io::from_str(&text, "x.ron").unwrap(), *m);
}

#[test]
fn files_beyond_the_size_limit_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    let f = std::fs::File::create(&path).unwrap();
    // A sparse file one byte over the limit: refused by its size, so nothing is read.
    f.set_len(MAX_IMPORT_BYTES + 1).unwrap();
    let e = import_file(&path).unwrap_err();
    assert!(e.to_string().contains("imports files up to"), "{e}");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    // Run through the real binary: a stack overflow would abort the process, not fail a test.
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("deep.json");
    std::fs::write(&json, "[".repeat(200_000)).unwrap();
    let xml = dir.path().join("deep.tm7");
    std::fs::write(&xml, "<a>".repeat(200_000)).unwrap();
    let out_path = dir.path().join("out.ron");
    for input in [&json, &xml] {
        let out = crate::strider(&[
            "import",
            input.to_str().unwrap(),
            "-o",
            out_path.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{}", crate::stderr(&out));
        assert!(crate::stderr(&out).contains(input.file_name().unwrap().to_str().unwrap()));
    }
}

/// Every file in the generators' folders either imports as a sound model or is refused with a
/// reason that says what it is (a JSON Schema, a SARIF log), never a vague "not a model".
#[test]
fn every_file_in_the_generator_folders_imports_or_says_what_it_is() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let mut seen = 0;
    for folder in ["otm", "tm-bom", "threagile", "drawio", "sarif"] {
        let mut stack = vec![corpus.join(folder)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                if !["json", "otm", "yaml", "yml", "drawio", "xml", "sarif"].contains(&ext) {
                    continue;
                }
                seen += 1;
                let name = path.display().to_string();
                match strider::io::import_file(&path) {
                    Ok(imported) => {
                        let problems = strider::model::validate(&imported.model);
                        assert!(problems.is_empty(), "{name}: {problems:?}");
                    }
                    Err(e) => {
                        let text = e.to_string();
                        assert!(
                            text.contains("JSON Schema") || text.contains("SARIF log"),
                            "{name}: {text}"
                        );
                    }
                }
            }
        }
    }
    assert!(seen >= 15, "{seen} files");
}

/// A damaged `.ron` file is reported as Strider's own, at its line, not as a YAML file that is
/// no model; JSON named `.ron` still goes to the importers, and an empty file says so.
#[test]
fn a_damaged_ron_file_is_read_as_strider_s_own() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let broken = write("broken.ron", "hello world\n");
    match strider::io::open(&broken) {
        Err(strider::io::OpenError::Native(e)) => assert_eq!(e.position(), Some((1, 1))),
        other => panic!("{other:?}"),
    }
    let json = write("renamed.ron", r#"{"hello": "world"}"#);
    assert!(matches!(
        strider::io::open(&json),
        Err(strider::io::OpenError::Import(_))
    ));
    let empty = write("empty.ron", "");
    let e = strider::io::open(&empty).unwrap_err();
    assert!(e.to_string().contains("the file is empty"), "{e}");
}
