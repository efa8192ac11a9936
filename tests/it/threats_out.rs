//! Threats out of the tool: CSV for a tracker, an Excel workbook, SARIF for code scanning. Each
//! is read back with an independent reader (the csv crate, calamine, the SARIF 2.1.0 schema) and
//! checked against the sample's exact counts.

use crate::{sample, stdout, strider};
use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;
use std::path::Path;
use strider::model::{Model, standards};

/// Every record of a CSV file after its header, the header first.
pub fn csv_rows(path: &Path) -> Result<Vec<csv::StringRecord>, String> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| e.to_string())?;
    reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())
}

/// A sheet's name and its rows of text, header included.
pub type Sheet = (String, Vec<Vec<String>>);

/// Every sheet of a workbook.
pub fn xlsx_rows(path: &Path) -> Result<Vec<Sheet>, String> {
    let mut book: Xlsx<_> = open_workbook(path).map_err(|e| format!("{e}"))?;
    let names = book.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).map_err(|e| format!("{e}"))?;
            let rows = range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Data::String(s) => s.clone(),
                            Data::Empty => String::new(),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            Ok((name, rows))
        })
        .collect()
}

/// The SARIF log at `path`, checked against the SARIF 2.1.0 schema in the interop corpus
/// (skipped, with a note, without the corpus; see `crate::corpus`).
pub fn valid_sarif(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let log: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    if let Some(corpus) = crate::corpus() {
        let schema = std::fs::read(corpus.join("sarif/sarif-schema-2.1.0.json"))
            .map_err(|e| e.to_string())?;
        let schema: Value = serde_json::from_slice(&schema).map_err(|e| e.to_string())?;
        let validator = jsonschema::validator_for(&schema).map_err(|e| e.to_string())?;
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .take(5)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        if !errors.is_empty() {
            return Err(errors.join("\n"));
        }
    }
    Ok(log)
}

fn vehicle() -> Model {
    strider::io::load(&sample("connected-vehicle.ron")).unwrap()
}

fn export(args: &[&str]) {
    let out = strider(args);
    assert!(out.status.success(), "{}", crate::stderr(&out));
}

/// `strider export` of the Connected Vehicle sample to `name` in a fresh folder (kept alive by
/// the returned guard); also the sample's path.
fn export_sample(name: &str) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    let file = sample("connected-vehicle.ron");
    export(&[
        "export",
        file.to_str().unwrap(),
        "-o",
        path.to_str().unwrap(),
    ]);
    (dir, path, file)
}

#[test]
fn csv_has_one_row_per_threat_with_tracker_columns() {
    let (_dir, path, _) = export_sample("threats.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for column in ["Summary", "Description", "Issue Type", "Priority", "Labels"] {
        assert!(
            header.contains(&column.to_owned()),
            "{column} in {header:?}"
        );
    }
    let rows = csv_rows(&path).unwrap();
    let m = vehicle();
    assert_eq!(rows.len(), 18);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (row, t) in rows.iter().zip(&m.threats) {
        assert_eq!(&row[col("Threat ID")], t.id.as_str());
        assert_eq!(&row[col("Statement")], t.statement());
        assert!(row[col("Summary")].starts_with(&format!("[{}]", t.id)));
        assert!(row[col("Summary")].chars().count() <= 255, "Jira's limit");
    }
    // One label a column, as Jira's importer takes them: "threat-model" and the category.
    let labels: Vec<usize> = (0..header.len())
        .filter(|&i| header[i] == "Labels")
        .collect();
    assert_eq!(labels.len(), 2, "one STRIDE category per sample threat");
    assert_eq!(&rows[0][labels[0]], "threat-model");
    assert_eq!(&rows[0][labels[1]], "stride-spoofing");
    assert!(
        rows.iter()
            .flat_map(|r| labels.iter().map(|&i| &r[i]))
            .all(|l| !l.contains(' '))
    );
    // T01: Possible x Major = 12, High; its resolved, partial M14 lowers likelihood one level.
    let t01 = &rows[0];
    assert_eq!(&t01[col("Likelihood")], "3 - Possible");
    assert_eq!(&t01[col("Impact")], "4 - Major");
    assert_eq!(&t01[col("Inherent score")], "12");
    assert_eq!(&t01[col("Inherent risk")], "High");
    assert_eq!(&t01[col("Residual score")], "8");
    assert_eq!(&t01[col("Residual risk")], "Medium");
    assert!(t01[col("Mitigations")].contains("M14 Authenticate with Amazon Cognito"));
    assert!(t01[col("Control standards")].contains("NIST SP 800-53 Rev. 5"));
}

#[test]
fn xlsx_has_three_sheets_with_the_sample_counts() {
    let (_dir, path, _) = export_sample("threats.xlsx");
    let sheets = xlsx_rows(&path).unwrap();
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Threats", "Mitigations", "Assumptions"]);
    let counts: Vec<usize> = sheets.iter().map(|(_, r)| r.len() - 1).collect();
    assert_eq!(counts, [18, 23, 20]);
    let (_, threats) = &sheets[0];
    assert_eq!(threats[0][0], "Summary");
    let id_col = threats[0].iter().position(|h| h == "Threat ID").unwrap();
    assert_eq!(threats[1][id_col], "T01");
    let (_, mitigations) = &sheets[1];
    let header = &mitigations[0];
    let asvs = header.iter().position(|h| h == standards::ASVS).unwrap();
    let addresses = header
        .iter()
        .position(|h| h == "Addresses threats")
        .unwrap();
    let m1 = &mitigations[1];
    assert_eq!(m1[0], "M1");
    assert!(m1[asvs].contains("V12."), "{m1:?}");
    assert!(m1[addresses].contains("T02"), "{m1:?}");
    // The header row is frozen and filters are on (the sheet's XML says so).
    let xml = sheet_xml(&path, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("<pane ySplit=\"1\""), "frozen header");
    assert!(xml.contains("<autoFilter ref=\"A1:"), "filters");
    assert!(xml.contains("<cols>"), "widths");
}

/// One part of the .xlsx zip, as text.
fn sheet_xml(path: &Path, part: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(part).unwrap(), &mut text).unwrap();
    text
}

#[test]
fn sarif_lists_each_open_threat_at_its_line() {
    let (_dir, path, file) = export_sample("open.sarif");
    let log = valid_sarif(&path).unwrap();
    let m = vehicle();
    let open: Vec<_> = m.threats.iter().filter(|t| t.status.is_open()).collect();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), open.len());
    assert_eq!(results.len(), 17, "18 threats, one resolved");
    let text = std::fs::read_to_string(&file).unwrap();
    for (r, t) in results.iter().zip(&open) {
        assert_eq!(r["message"]["text"], t.statement());
        assert_eq!(
            r["ruleId"], "manual",
            "the sample's threats were written by hand"
        );
        let line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap() as usize;
        let at = text.lines().nth(line - 1).unwrap();
        assert_eq!(at.trim(), format!("id: \"{}\",", t.id));
        let level = match t.priority {
            Some(strider::model::Priority::High) => "error",
            Some(strider::model::Priority::Medium) => "warning",
            _ => "note",
        };
        assert_eq!(r["level"], level);
    }
    let uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.ends_with("samples/connected-vehicle.ron"), "{uri}");
}

#[test]
fn sarif_names_library_rules_with_their_cwe() {
    let dir = tempfile::tempdir().unwrap();
    let model_path = dir.path().join("accepted.ron");
    let out = dir.path().join("open.sarif");
    // Accept every suggestion for the sample, then export what is open.
    let mut m = vehicle();
    let lib = strider::stride::Library::builtin();
    let suggestions = strider::stride::analyse(&m, lib).suggestions;
    assert!(!suggestions.is_empty());
    strider::stride::accept_all(&m, lib, &suggestions).apply(&mut m);
    strider::io::save(&m, &model_path).unwrap();
    export(&[
        "export",
        model_path.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let log = valid_sarif(&out).unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let library_rules: Vec<&Value> = rules.iter().filter(|r| r["id"] != "manual").collect();
    assert!(!library_rules.is_empty());
    for r in library_rules {
        let tags = r["properties"]["tags"].as_array().unwrap();
        assert!(
            tags.iter()
                .any(|t| t.as_str().unwrap().starts_with("external/cwe/cwe-")),
            "{r}"
        );
    }
    let results = log["runs"][0]["results"].as_array().unwrap();
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
}

#[test]
fn every_builtin_control_cites_the_three_standards_and_every_rule_a_cwe() {
    let lib = strider::stride::Library::builtin();
    for c in &lib.mitigations {
        for framework in standards::CONTROL_FRAMEWORKS {
            assert!(
                !standards::ids(&c.standards, framework).is_empty(),
                "control {} has no {framework} reference",
                c.id
            );
        }
        for id in standards::ids(&c.standards, standards::ISO_27001) {
            assert!(
                id.starts_with("A.5.")
                    || id.starts_with("A.6.")
                    || id.starts_with("A.7.")
                    || id.starts_with("A.8."),
                "{}: {id} is not 2022 Annex A numbering",
                c.id
            );
        }
        for id in standards::ids(&c.standards, standards::ASVS) {
            assert!(id.starts_with('V'), "{}: {id}", c.id);
        }
    }
    for r in &lib.rules {
        let cwe = standards::ids(&r.standards, standards::CWE);
        assert!(!cwe.is_empty(), "rule {} has no CWE", r.id);
        for id in cwe {
            assert!(
                id.strip_prefix("CWE-")
                    .is_some_and(|n| n.parse::<u32>().is_ok()),
                "{}: {id}",
                r.id
            );
        }
        for id in standards::ids(&r.standards, standards::CAPEC) {
            assert!(
                id.strip_prefix("CAPEC-")
                    .is_some_and(|n| n.parse::<u32>().is_ok()),
                "{}: {id}",
                r.id
            );
        }
    }
}

#[test]
fn accepting_a_suggestion_copies_its_references() {
    let m = vehicle();
    let lib = strider::stride::Library::builtin();
    let s = strider::stride::analyse(&m, lib)
        .suggestions
        .into_iter()
        .next()
        .unwrap();
    let (edit, id) = strider::stride::accept(&m, lib, &s);
    let mut after = m.clone();
    edit.apply(&mut after);
    let t = after.threat(&id).unwrap();
    assert!(!standards::ids(&t.standards, standards::CWE).is_empty());
    for mid in &t.mitigations {
        let added = after.mitigation(mid).unwrap();
        if m.mitigation(mid).is_none() {
            assert!(
                !added.standards.is_empty(),
                "{} came from the catalogue",
                added.id
            );
        }
    }
}

#[test]
fn check_json_counts_risk() {
    let file = sample("connected-vehicle.ron");
    let out = strider(&["check", file.to_str().unwrap(), "--json"]);
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let stats = &report["stats"];
    assert_eq!(stats["threats_rated"], 18);
    let total = |key: &str| -> u64 {
        stats[key]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum()
    };
    assert_eq!(total("inherent_risk"), 18);
    assert_eq!(total("residual_risk"), 18);
    assert_eq!(stats["inherent_risk"]["Critical"], 1, "T14: Likely x Major");
    let text = stdout(&strider(&["check", file.to_str().unwrap()]));
    assert!(text.contains("risk       18 of 18 rated"), "{text}");
}
