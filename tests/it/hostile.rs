//! Malformed and hostile files: each gives a clear error naming the file (and the line and column
//! where there is one) and exit code 2, or loads with its structural problems listed and exit
//! code 1. Nothing panics.

use crate::{sample, stderr, stdout, strider};
use std::path::{Path, PathBuf};
use strider::io::{self, LoadError};

fn cv_text() -> String {
    std::fs::read_to_string(sample("connected-vehicle.ron")).unwrap()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A minimal valid file with `body` as the model's inside.
fn model_file(body: &str) -> String {
    format!("(format: \"strider-threat-model\", version: 1, model: (info: (title: \"t\"), {body}))")
}

const ONE_DIAGRAM: &str = r#"diagrams: [(id: "DFD1", name: "d", elements: [
    (id: "E1", kind: Actor, name: "user", pos: (0.0, 0.0), size: (160.0, 60.0)),
    (id: "P1", kind: Process, name: "api", pos: (300.0, 0.0), size: (130.0, 90.0)),
  ], flows: [FLOWS])]"#;

fn with_flows(flows: &str) -> String {
    model_file(&ONE_DIAGRAM.replace("FLOWS", flows))
}

/// Loads through the library and through the real binary; returns the library's error.
fn expect_unreadable(path: &Path) -> LoadError {
    let err = match io::load(path) {
        Ok(_) => panic!("{} loaded but should not", path.display()),
        Err(e) => e,
    };
    let shown = err.to_string();
    assert!(shown.starts_with(&path.display().to_string()), "{shown}");
    let out = strider(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains(&path.display().to_string()));
    assert!(!stderr(&out).contains("panicked"));
    err
}

fn expect_syntax(path: &Path, line: usize, needle: &str) {
    let err = expect_unreadable(path);
    let (l, _c) = err
        .position()
        .unwrap_or_else(|| panic!("no position in {err}"));
    assert_eq!(l, line, "{err}");
    assert!(err.to_string().contains(needle), "{err} lacks {needle:?}");
}

fn expect_problems(path: &Path, codes: &[&str]) {
    let out = strider(&["check", path.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    for code in codes {
        assert!(
            stdout(&out).contains(code),
            "{code} not in {}",
            stdout(&out)
        );
    }
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().unwrap();
    expect_syntax(&write(dir.path(), "empty.ron", ""), 1, "Expected");
}

#[test]
fn truncated_files_at_many_points() {
    let dir = tempfile::tempdir().unwrap();
    let text = cv_text();
    for cut in [10, 200, text.len() / 3, text.len() / 2, text.len() - 3] {
        let cut = (0..=cut).rev().find(|&i| text.is_char_boundary(i)).unwrap();
        let p = write(dir.path(), "truncated.ron", &text[..cut]);
        expect_unreadable(&p);
    }
}

#[test]
fn wrong_types() {
    let dir = tempfile::tempdir().unwrap();
    let text = cv_text().replacen("version: 1,", "version: \"one\",", 1);
    expect_syntax(&write(dir.path(), "a.ron", text), 3, "integer");
    let text = cv_text().replacen("pos: (40.0, 180.0)", "pos: \"top left\"", 1);
    let line = text.lines().position(|l| l.contains("top left")).unwrap() + 1;
    expect_syntax(&write(dir.path(), "b.ron", text), line, "");
    let text = cv_text().replacen("encrypted: true", "encrypted: \"yes\"", 1);
    let line = text.lines().position(|l| l.contains("\"yes\"")).unwrap() + 1;
    expect_syntax(&write(dir.path(), "c.ron", text), line, "bool");
}

#[test]
fn unknown_field_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let text = cv_text().replacen("kind: Actor,", "kind: Actor,\n colour: \"red\",", 1);
    let line = text.lines().position(|l| l.contains("colour")).unwrap() + 1;
    expect_syntax(&write(dir.path(), "u.ron", text), line, "colour");
}

#[test]
fn unknown_enum_variant_lists_the_choices() {
    let dir = tempfile::tempdir().unwrap();
    let text = cv_text().replacen("kind: Process,", "kind: Proces,", 1);
    let line = text.lines().position(|l| l.contains("Proces,")).unwrap() + 1;
    expect_syntax(&write(dir.path(), "v.ron", text), line, "Process");
}

#[test]
fn missing_required_field() {
    let dir = tempfile::tempdir().unwrap();
    let text = with_flows("").replacen("name: \"user\", ", "", 1);
    expect_syntax(&write(dir.path(), "m.ron", text), 2, "name");
}

#[test]
fn future_version_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let text = cv_text()
        .replacen("version: 1,", "version: 7,", 1)
        .replacen("kind: Actor,", "kind: Actor, hologram: (depth: 3),", 1);
    let err = expect_unreadable(&write(dir.path(), "future.ron", text));
    assert!(
        matches!(err, LoadError::NewerVersion { found: 7, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("newer Strider"));
}

#[test]
fn other_formats_and_garbage() {
    let dir = tempfile::tempdir().unwrap();
    let err = expect_unreadable(&write(
        dir.path(),
        "other.ron",
        "(format: \"threat-dragon\", version: 2)",
    ));
    assert!(matches!(err, LoadError::WrongFormat { .. }), "{err}");
    expect_unreadable(&write(
        dir.path(),
        "td.json",
        "{\"version\": \"2.2.0\", \"summary\": {}}",
    ));
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    expect_unreadable(&write(dir.path(), "garbage.ron", garbage));
    expect_unreadable(&write(
        dir.path(),
        "nul.ron",
        b"(format: \"strider-threat-model\"\0\0\0",
    ));
    expect_syntax(
        &write(
            dir.path(),
            "string.ron",
            "(format: \"strider-threat-model, version: 1)\n",
        ),
        1,
        "",
    );
    expect_unreadable(&write(
        dir.path(),
        "bigint.ron",
        "(format: \"strider-threat-model\", version: 99999999999999999999999, model: ())",
    ));
}

#[test]
fn invalid_utf8_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = cv_text().into_bytes();
    let at = bytes
        .windows(13)
        .position(|w| w == b"Fleet manager")
        .unwrap();
    bytes[at + 2] = 0xFF;
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let err = expect_unreadable(&write(dir.path(), "utf8.ron", bytes));
    assert!(matches!(err, LoadError::NotUtf8 { .. }), "{err}");
    assert_eq!(err.position().unwrap().0, line);
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    for depth in [1_000, 200_000] {
        let text = format!(
            "(format: \"strider-threat-model\", version: 1, model: {}{})",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        expect_syntax(&write(dir.path(), "deep.ron", text), 1, "nested too deeply");
        let text = with_flows(&format!("({}{}", "(".repeat(depth), ")".repeat(depth)));
        expect_unreadable(&write(dir.path(), "deep2.ron", text));
    }
}

#[test]
fn huge_strings_load() {
    let dir = tempfile::tempdir().unwrap();
    let big = "Ω".repeat(5 * 1024 * 1024); // 10 MB of UTF-8
    let text = model_file(&format!("assumptions: [(id: \"A1\", text: \"{big}\")]"));
    let p = write(dir.path(), "huge.ron", text);
    let m = io::load(&p).unwrap();
    assert_eq!(m.assumptions[0].text.len(), 10 * 1024 * 1024);
    let out = strider(&["check", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn odd_unicode_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let odd = "\u{202e}RTL עברית مرحبا \u{0} \u{1b}[31m \u{feff} e\u{301} 👩‍👩‍👧 \\ \" \r\n\t";
    let mut m = strider::model::Model::new(odd);
    m.info.description = odd.repeat(3);
    let p = dir.path().join("odd.ron");
    io::save(&m, &p).unwrap();
    assert_eq!(io::load(&p).unwrap(), m);
}

#[test]
fn byte_order_mark_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "bom.ron", format!("\u{feff}{}", cv_text()));
    assert_eq!(
        io::load(&p).unwrap(),
        io::load(&sample("connected-vehicle.ron")).unwrap()
    );
}

#[test]
fn structural_problems_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let dangling = with_flows(r#"(id: "F1", from: "E1", to: "X9", label: "x")"#);
    expect_problems(
        &write(dir.path(), "dangling.ron", dangling),
        &["dangling-flow", "X9"],
    );
    let dup = with_flows(r#"(id: "E1", from: "E1", to: "P1", label: "x")"#);
    expect_problems(&write(dir.path(), "dup.ron", dup), &["duplicate-id"]);
    let nan = with_flows("").replacen("(300.0, 0.0)", "(NaN, inf)", 1);
    expect_problems(&write(dir.path(), "nan.ron", nan), &["bad-geometry"]);
    let neg = with_flows("").replacen("(130.0, 90.0)", "(-130.0, 90.0)", 1);
    expect_problems(&write(dir.path(), "neg.ron", neg), &["bad-geometry"]);
    let links = model_file(
        r#"threats: [(id: "T01", target: "E5", mitigations: ["M1"])], assumptions: [(id: "A1", text: "x", links: ["T02"])]"#,
    );
    expect_problems(
        &write(dir.path(), "links.ron", links),
        &["missing-target", "missing-mitigation", "missing-link"],
    );
    let bad_id = model_file(r#"mitigations: [(id: "M 1", title: "x")]"#);
    expect_problems(&write(dir.path(), "badid.ron", bad_id), &["bad-id"]);
}

#[test]
fn missing_file_and_directory() {
    let dir = tempfile::tempdir().unwrap();
    let err = expect_unreadable(&dir.path().join("nope.ron"));
    assert!(matches!(err, LoadError::Io { .. }));
    let err = expect_unreadable(dir.path());
    assert!(matches!(err, LoadError::Io { .. }), "{err}");
}
