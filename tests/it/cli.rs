//! The command line as a script would use it: summaries, JSON, exit codes and export.

use crate::{sample, stderr, stdout, strider};
use serde_json::Value;

fn check_json(name: &str) -> Value {
    let path = sample(name);
    let out = strider(&["check", path.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("check --json prints one JSON object")
}

#[test]
fn check_json_reports_the_connected_vehicle_counts() {
    let v = check_json("connected-vehicle.ron");
    assert_eq!(v["ok"], true);
    assert_eq!(v["title"], "Connected Vehicle: vehicle registration");
    let s = &v["stats"];
    assert_eq!(s["diagrams"], 1);
    assert_eq!(s["actors"], 3);
    assert_eq!(s["processes"], 6);
    assert_eq!(s["stores"], 3);
    assert_eq!(s["out_of_scope_elements"], 5);
    assert_eq!(s["flows"], 16);
    assert_eq!(s["crossing_flows"], 12);
    assert_eq!(s["boundaries"], 9);
    assert_eq!(s["threats"], 18);
    assert_eq!(s["threats_by_priority"]["High"], 3);
    assert_eq!(s["threats_by_priority"]["Medium"], 10);
    assert_eq!(s["threats_by_priority"]["Low"], 5);
    assert_eq!(s["threats_by_response"]["Mitigate"], 15);
    assert_eq!(s["threats_by_response"]["Transfer"], 1);
    assert_eq!(s["mitigations"], 23);
    assert_eq!(s["assumptions"], 20);
    assert_eq!(v["problems"].as_array().unwrap().len(), 0);
}

#[test]
fn check_json_reports_the_serverless_counts() {
    let v = check_json("serverless-analytics.ron");
    let s = &v["stats"];
    assert_eq!(s["diagrams"], 2);
    assert_eq!(
        (
            s["actors"].as_u64(),
            s["processes"].as_u64(),
            s["stores"].as_u64()
        ),
        (Some(4), Some(7), Some(9))
    );
    assert_eq!(s["flows"], 22);
    assert_eq!(s["crossing_flows"], 10);
    assert_eq!(s["boundaries"], 7);
    assert_eq!(s["threats"], 17);
    assert_eq!(s["mitigations"], 13);
    assert_eq!(s["assumptions"], 5);
}

#[test]
fn check_text_summary_and_problem_exit_code() {
    let out = strider(&["check", sample("connected-vehicle.ron").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("elements     12 (3 actors, 6 processes, 3 stores; 5 out of scope)"),
        "{text}"
    );
    assert!(text.contains("problems     none"));

    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    let fixed = std::fs::read_to_string(sample("connected-vehicle.ron")).unwrap();
    std::fs::write(&broken, fixed.replacen("to: \"P3\"", "to: \"P99\"", 1)).unwrap();
    let out = strider(&["check", broken.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["problems"][0]["code"], "dangling-flow");
    assert_eq!(v["problems"][0]["subject"], "F01");
}

#[test]
fn check_json_on_an_unreadable_file_is_still_json() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.ron");
    std::fs::write(&p, "(format: \"strider-threat-model\",\n version: x)").unwrap();
    let out = strider(&["check", p.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["line"], 2);
    assert!(v["error"].as_str().unwrap().contains("bad.ron:2:"));
}

#[test]
fn export_writes_the_canonical_form() {
    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.ron");
    // The same model written by hand: one line, Some(..), fields out of order, default values.
    std::fs::write(
        &messy,
        r#"(version: 1, format: "strider-threat-model", model: (info: (title: "Hand written", owner: ""),
        threats: [(id: "T01", priority: Some(High), status: Identified, origin: Manual)]))"#,
    )
    .unwrap();
    let out_path = dir.path().join("Clean.RON");
    let out = strider(&[
        "export",
        messy.to_str().unwrap(),
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = std::fs::read_to_string(&out_path).unwrap();
    let model = strider::io::load(&out_path).unwrap();
    assert_eq!(written, strider::io::to_string(&model));
    assert!(written.starts_with("(\n    format: \"strider-threat-model\",\n    version: 1,\n"));
    assert!(written.contains("            priority: High,\n"));
    assert!(!written.contains("owner"));
}

#[test]
fn export_to_an_unknown_format_says_which_are_supported() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("model.docx");
    let out = strider(&[
        "export",
        sample("connected-vehicle.ron").to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("supported extensions: .ron"),
        "{}",
        stderr(&out)
    );
    assert!(!target.exists());
}

#[test]
fn export_of_an_unreadable_file_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.ron");
    let out = strider(&[
        "export",
        "/nonexistent/model.ron",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/nonexistent/model.ron"));
    assert!(!target.exists());
}
