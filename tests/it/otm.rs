//! Open Threat Model files (the spec's example and StartLeft's conversions) open as sound models:
//! counts worked out from the files themselves, zones nested as their `parent`s say, no layout
//! warnings, and hostile variants refused or read without a hang.

use crate::imported::{assert_sound_and_readable, list, sample_with_a_library_threat};
use serde_json::Value;
use std::collections::HashSet;
use std::path::PathBuf;
use strider::io::import_bytes;
use strider::model::geometry::Membership;

fn files(corpus: &std::path::Path) -> Vec<PathBuf> {
    let mut f = vec![
        corpus.join("otm/EXAMPLE.otm.json"),
        // Threat Dragon's own test file for its OTM import.
        corpus.join("threat-dragon/ThreatDragonModels/test/example-open-threat-model.json"),
    ];
    let mut more: Vec<PathBuf> = std::fs::read_dir(corpus.join("otm/startleft"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "otm"))
        .collect();
    more.sort();
    f.extend(more);
    f
}

fn parent(v: &Value) -> Option<&str> {
    let p = v.get("parent")?;
    p.get("trustZone").or_else(|| p.get("component"))?.as_str()
}

#[test]
fn every_otm_file_imports_with_the_counts_it_holds() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let found = files(&corpus);
    assert!(found.len() >= 5, "{found:?}");
    for path in found {
        let bytes = std::fs::read(&path).unwrap();
        let v: Value = serde_json::from_slice(&bytes).unwrap();
        let imported =
            import_bytes(&bytes, &path.display().to_string()).unwrap_or_else(|e| panic!("{e}"));
        let m = &imported.model;
        let what = path.display();
        // Expected, from the file.
        let components = list(&v, "components");
        let component_ids: HashSet<&str> =
            components.iter().filter_map(|c| c["id"].as_str()).collect();
        // Components that hold components are drawn as boundaries.
        let containers: HashSet<&str> = components
            .iter()
            .filter_map(parent)
            .filter(|p| component_ids.contains(p))
            .collect();
        let elements: HashSet<&str> = components
            .iter()
            .filter_map(|c| c["id"].as_str())
            .filter(|id| !containers.contains(id))
            .collect();
        let zones = list(&v, "trustZones").len() + containers.len();
        let flows = list(&v, "dataflows")
            .iter()
            .filter(|f| {
                let (s, d) = (f["source"].as_str(), f["destination"].as_str());
                s != d
                    && s.is_some_and(|s| elements.contains(s))
                    && d.is_some_and(|d| elements.contains(d))
            })
            .count();
        let instances: Vec<&Value> = components
            .iter()
            .chain(list(&v, "dataflows"))
            .flat_map(|o| list(o, "threats"))
            .collect();
        let catalogue: HashSet<&str> = list(&v, "mitigations")
            .iter()
            .filter_map(|m| m["id"].as_str())
            .collect();
        let linked: HashSet<&str> = instances
            .iter()
            .flat_map(|i| list(i, "mitigations"))
            .filter_map(|l| l["mitigation"].as_str())
            .filter(|id| catalogue.contains(id))
            .collect();
        let d = &m.diagrams[0];
        assert_eq!(d.elements.len(), elements.len(), "{what}: elements");
        assert_eq!(d.boundaries.len(), zones, "{what}: zones");
        assert_eq!(d.flows.len(), flows, "{what}: flows");
        assert_eq!(m.threats.len(), instances.len(), "{what}: threats");
        assert_eq!(m.mitigations.len(), catalogue.len(), "{what}: mitigations");
        assert!(linked.len() <= catalogue.len());
        let links: usize = m.threats.iter().map(|t| t.mitigations.len()).sum();
        let expected_links = instances
            .iter()
            .flat_map(|i| list(i, "mitigations"))
            .filter(|l| {
                l["mitigation"]
                    .as_str()
                    .is_some_and(|id| catalogue.contains(id))
            })
            .count();
        assert_eq!(links, expected_links, "{what}: links");
        assert_sound_and_readable(m, &what.to_string());
        let warnings = strider::diagram::lint::lint_model(m);
        assert!(warnings.is_empty(), "{what}: {warnings:?}");
        // Every element sits in the zone its `parent` names, and nested zones stay nested.
        let membership = Membership::compute(d);
        for c in components.iter().filter(|c| {
            c["id"].as_str().is_some_and(|id| elements.contains(id)) && parent(c).is_some()
        }) {
            let name = c["name"].as_str().unwrap();
            let zone_name = list(&v, "trustZones")
                .iter()
                .chain(components)
                .find(|z| z["id"].as_str() == parent(c))
                .and_then(|z| z["name"].as_str());
            let Some(zone_name) = zone_name else { continue };
            let e = d.elements.iter().find(|e| e.name == name).unwrap();
            let zone = membership.zone_of(d, &e.id).map(|b| b.name.as_str());
            assert_eq!(zone, Some(zone_name), "{what}: {name} in its zone");
        }
        for z in list(&v, "trustZones")
            .iter()
            .filter(|z| parent(z).is_some())
        {
            let inner = d
                .boundaries
                .iter()
                .find(|b| b.name == z["name"].as_str().unwrap())
                .unwrap();
            assert!(
                membership.parent_of(d, &inner.id).is_some(),
                "{what}: nested"
            );
        }
    }
}

#[test]
fn otm_threats_keep_their_category_cwe_rating_and_mitigation_state() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let path = corpus.join("otm/EXAMPLE.otm.json");
    let m = strider::io::import_file(&path).unwrap().model;
    let t = &m.threats[0];
    assert!(!t.stride.is_empty(), "{t:?}");
    assert!(!strider::model::standards::ids(&t.standards, "CWE").is_empty());
    assert!(t.rating.cell().is_some(), "likelihood x impact");
    assert!(!t.mitigations.is_empty());
    assert!(m.mitigations[0].effectiveness.is_some(), "risk reduction");
    let mtmt = strider::io::import_file(&corpus.join("otm/startleft/MTMT_MVP.otm")).unwrap();
    assert!(mtmt.model.threats.iter().all(|t| t.target.is_some()));
}

#[test]
fn hostile_otm_files_fail_cleanly_or_read_without_a_hang() {
    let cases: Vec<(&str, String)> = vec![
        (
            "truncated",
            r#"{"otmVersion": "0.2.0", "project": {"name": "x""#.to_owned(),
        ),
        (
            "wrong types",
            r#"{"otmVersion": "0.2.0", "components": "many"}"#.to_owned(),
        ),
        ("newer", r#"{"otmVersion": "9.0.0"}"#.to_owned()),
        (
            "a cycle of parents",
            r#"{"otmVersion": "0.2.0", "trustZones": [
                {"id": "a", "name": "A", "parent": {"trustZone": "b"}},
                {"id": "b", "name": "B", "parent": {"trustZone": "a"}}],
              "components": [{"id": "c", "name": "C", "type": "web-service",
                "parent": {"trustZone": "a"}}]}"#
                .to_owned(),
        ),
        ("deep nesting", {
            let n = 5_000;
            let zones: Vec<String> = (0..n)
                .map(|i| {
                    format!(
                        r#"{{"id": "z{i}", "name": "Z{i}", "parent": {{"trustZone": "z{}"}}}}"#,
                        i + 1
                    )
                })
                .collect();
            format!(
                r#"{{"otmVersion": "0.2.0", "trustZones": [{}], "components": [
                    {{"id": "c", "name": "C", "type": "db", "parent": {{"trustZone": "z0"}}}}]}}"#,
                zones.join(",")
            )
        }),
        (
            "dangling ends and threats",
            r#"{"otmVersion": "0.2.0", "components": [
                {"id": "c", "name": "C", "type": "web-service", "parent": {"trustZone": "nowhere"},
                 "threats": [{"threat": "missing", "state": "exposed",
                   "mitigations": [{"mitigation": "gone", "state": "implemented"}]}]}],
              "dataflows": [{"id": "f", "name": "F", "source": "c", "destination": "ghost"}]}"#
                .to_owned(),
        ),
    ];
    for (name, text) in cases {
        let started = std::time::Instant::now();
        match import_bytes(text.as_bytes(), "hostile.otm") {
            Ok(i) => {
                assert!(strider::model::validate(&i.model).is_empty(), "{name}");
                assert!(
                    !i.report.is_empty() || name == "deep nesting",
                    "{name}: says what it did"
                );
            }
            Err(e) => assert!(e.to_string().contains("hostile.otm"), "{name}: {e}"),
        }
        assert!(started.elapsed().as_secs() < 20, "{name}: no hang");
    }
}

fn otm_schema(corpus: &std::path::Path) -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_slice(&std::fs::read(corpus.join("otm/otm_schema.json")).unwrap())
            .unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// Strider -> OTM -> Strider keeps what both hold: elements with kind, name, technology and
/// place; zones and their nesting; flows; threats with category, CWE, rating and status;
/// mitigations with effectiveness and their links. The file validates against the OTM schema.
#[test]
fn the_sample_round_trips_through_otm_and_validates() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    // A threat from the library, to carry a CWE.
    let m = sample_with_a_library_threat();
    let (text, _) = strider::io::otm::to_json(&m);
    let value: Value = serde_json::from_str(&text).unwrap();
    let errors: Vec<String> = otm_schema(&corpus)
        .iter_errors(&value)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let back = import_bytes(text.as_bytes(), "vehicle.otm").unwrap().model;
    let (d, e) = (&m.diagrams[0], &back.diagrams[0]);
    assert_eq!(e.elements.len(), d.elements.len());
    for (a, b) in d.elements.iter().zip(&e.elements) {
        assert_eq!(
            (&a.name, a.kind, &a.technology),
            (&b.name, b.kind, &b.technology)
        );
        let (ca, cb) = (a.rect().center(), b.rect().center());
        assert!(
            (ca.0 - cb.0).abs() < 2.0 && (ca.1 - cb.1).abs() < 2.0,
            "{} placed",
            a.name
        );
    }
    assert_eq!(e.boundaries.len(), d.boundaries.len());
    let (ma, mb) = (Membership::compute(d), Membership::compute(e));
    for (x, y) in d.boundaries.iter().zip(&e.boundaries) {
        assert_eq!(x.name, y.name);
        assert_eq!(
            ma.parent_of(d, &x.id).map(|p| &p.name),
            mb.parent_of(e, &y.id).map(|p| &p.name),
            "{} nested",
            x.name
        );
    }
    assert_eq!(e.flows.len(), d.flows.len());
    assert_eq!(back.threats.len(), m.threats.len());
    for (a, b) in m.threats.iter().zip(&back.threats) {
        assert_eq!(a.stride, b.stride, "{}", a.id);
        assert_eq!(a.rating, b.rating, "{}", a.id);
        assert_eq!(a.status, b.status, "{}", a.id);
        assert_eq!(a.statement(), b.description, "{}", a.id);
        assert_eq!(a.mitigations.len(), b.mitigations.len(), "{}", a.id);
        assert_eq!(
            strider::model::standards::ids(&a.standards, "CWE"),
            strider::model::standards::ids(&b.standards, "CWE")
        );
    }
    assert_eq!(back.mitigations.len(), m.mitigations.len());
    for (a, b) in m.mitigations.iter().zip(&back.mitigations) {
        assert_eq!((&a.title, a.effectiveness), (&b.title, b.effectiveness));
    }
}
