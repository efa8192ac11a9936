//! TM-BOM files (the OWASP Threat Model Library's) open as sound models laid out automatically:
//! counts worked out from the files, each element inside its trust zone, no labels on top of
//! each other or of shapes, and hostile variants refused or read.

use crate::imported::{assert_sound_and_readable, list, sample_with_a_library_threat};
use serde_json::Value;
use std::collections::HashSet;
use strider::io::import_bytes;
use strider::model::geometry::Membership;

#[test]
fn every_tmbom_file_imports_with_the_counts_it_holds() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    for name in [
        "tm-bom/husky-ai.tmbom.json",
        "tm-bom/cryptocurrency-wallet.tmbom.json",
        "threat-dragon/huskyai.tmbom.json",
    ] {
        let path = corpus.join(name);
        let bytes = std::fs::read(&path).unwrap();
        let v: Value = serde_json::from_slice(&bytes).unwrap();
        let imported = import_bytes(&bytes, name).unwrap_or_else(|e| panic!("{e}"));
        let m = &imported.model;
        let d = &m.diagrams[0];
        let kinds = [
            ("actor", "actors"),
            ("component", "components"),
            ("data_store", "data_stores"),
        ];
        let nodes: HashSet<(String, String)> = kinds
            .iter()
            .flat_map(|(k, l)| {
                list(&v, l).iter().map(move |x| {
                    (
                        k.to_string(),
                        x["symbolic_name"].as_str().unwrap_or("").to_owned(),
                    )
                })
            })
            .collect();
        let end = |e: &Value| {
            (
                e["type"].as_str().unwrap_or("").to_owned(),
                e["object"].as_str().unwrap_or("").to_owned(),
            )
        };
        let flows = list(&v, "data_flows")
            .iter()
            .filter(|f| {
                let (s, t) = (end(&f["source"]), end(&f["destination"]));
                s != t && nodes.contains(&s) && nodes.contains(&t)
            })
            .count();
        let threats: usize = list(&v, "threats")
            .iter()
            .map(|t| list(t, "components_affected").len().max(1))
            .sum();
        assert_eq!(
            d.boundaries.len(),
            list(&v, "trust_zones").len(),
            "{name}: zones"
        );
        assert_eq!(d.elements.len(), nodes.len(), "{name}: elements");
        assert_eq!(d.flows.len(), flows, "{name}: flows");
        assert_eq!(m.threats.len(), threats, "{name}: threats");
        assert_eq!(
            m.mitigations.len(),
            list(&v, "controls").len(),
            "{name}: mitigations"
        );
        assert_eq!(
            m.assumptions.len(),
            list(&v, "assumptions").len(),
            "{name}: assumptions"
        );
        let links: usize = m.threats.iter().map(|t| t.mitigations.len()).sum();
        assert!(
            links > 0 || list(&v, "controls").is_empty(),
            "{name}: links"
        );
        assert_sound_and_readable(m, name);
        // Each element inside the zone it names.
        let membership = Membership::compute(d);
        for (k, l) in kinds {
            let _ = k;
            for x in list(&v, l) {
                let zone = list(&v, "trust_zones")
                    .iter()
                    .find(|z| z["symbolic_name"] == x["trust_zone"])
                    .and_then(|z| z["title"].as_str());
                let Some(zone) = zone else { continue };
                let e = d
                    .elements
                    .iter()
                    .find(|e| Some(e.name.as_str()) == x["title"].as_str())
                    .unwrap();
                let inside = membership.zone_of(d, &e.id).map(|b| b.name.as_str());
                assert_eq!(inside, Some(zone), "{name}: {} in its zone", e.name);
            }
        }
    }
}

#[test]
fn tmbom_risks_rate_threats_and_weaknesses_are_kept() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let m = strider::io::import_file(&corpus.join("tm-bom/husky-ai.tmbom.json"))
        .unwrap()
        .model;
    assert!(
        m.threats.iter().any(|t| t.rating.cell().is_some()),
        "risks rate threats"
    );
    assert!(
        m.threats
            .iter()
            .any(|t| !strider::model::standards::ids(&t.standards, "CWE").is_empty())
    );
    assert!(
        m.threats
            .iter()
            .any(|t| !strider::model::standards::ids(&t.standards, "CAPEC").is_empty())
    );
}

#[test]
fn hostile_tmbom_files_fail_cleanly() {
    for (name, text) in [
        (
            "truncated",
            r#"{"version": "1.0", "scope": {"title": "x"}, "data_flows": ["#,
        ),
        (
            "wrong types",
            r#"{"version": "1.0", "scope": {}, "data_flows": [], "actors": {}}"#,
        ),
        (
            "newer",
            r#"{"version": "2.0", "scope": {}, "data_flows": []}"#,
        ),
        (
            "dangling",
            r#"{"version": "1.0", "scope": {"title": "x"}, "trust_zones": [],
               "actors": [{"symbolic_name": "a", "title": "A", "trust_zone": "none"}],
               "data_flows": [{"title": "f", "source": {"type": "actor", "object": "a"},
                 "destination": {"type": "component", "object": "ghost"}}],
               "threats": [{"symbolic_name": "t", "title": "T", "components_affected": ["ghost"]}],
               "controls": [{"symbolic_name": "c", "title": "C", "threats": ["nope"]}]}"#,
        ),
    ] {
        match import_bytes(text.as_bytes(), "hostile.tmbom.json") {
            Ok(i) => {
                assert!(strider::model::validate(&i.model).is_empty(), "{name}");
                assert!(!i.report.is_empty(), "{name}: says what it did");
            }
            Err(e) => assert!(e.to_string().contains("hostile.tmbom.json"), "{name}: {e}"),
        }
    }
}

/// Strider -> TM-BOM -> Strider: the file validates against the TM-BOM schema (every object
/// closed), and elements with kind and zone, flows, threats with their target, rating, CWE and
/// mitigations, and assumptions come back.
#[test]
fn the_sample_round_trips_through_tmbom_and_validates() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let m = sample_with_a_library_threat();
    let (text, notes) = strider::io::tmbom_write::to_json(&m);
    assert!(notes.iter().any(|n| n.contains("requires")), "{notes:?}");
    let schema: Value = serde_json::from_slice(
        &std::fs::read(corpus.join("tm-bom/threat-model.schema.json")).unwrap(),
    )
    .unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    let errors: Vec<String> = jsonschema::validator_for(&schema)
        .unwrap()
        .iter_errors(&value)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let back = import_bytes(text.as_bytes(), "vehicle.tmbom.json")
        .unwrap()
        .model;
    let (d, e) = (&m.diagrams[0], &back.diagrams[0]);
    assert_eq!(e.elements.len(), d.elements.len());
    assert_eq!(e.flows.len(), d.flows.len());
    assert_eq!(e.boundaries.len(), d.boundaries.len());
    let (ma, mb) = (Membership::compute(d), Membership::compute(e));
    // TM-BOM lists actors, components and stores apart: matched by name.
    for a in &d.elements {
        let b = e.elements.iter().find(|b| b.name == a.name).unwrap();
        assert_eq!(a.kind, b.kind, "{}", a.name);
        assert_eq!(
            ma.zone_of(d, &a.id).map(|z| &z.name),
            mb.zone_of(e, &b.id).map(|z| &z.name),
            "{} in the same zone",
            a.name
        );
    }
    assert_eq!(back.threats.len(), m.threats.len());
    for (a, b) in m.threats.iter().zip(&back.threats) {
        assert_eq!(a.rating, b.rating, "{}", a.id);
        assert_eq!(a.mitigations.len(), b.mitigations.len(), "{}", a.id);
        let on_element = a.target.as_ref().is_some_and(|t| d.element(t).is_some());
        assert_eq!(on_element, b.target.is_some(), "{}", a.id);
        assert_eq!(
            strider::model::standards::ids(&a.standards, "CWE"),
            strider::model::standards::ids(&b.standards, "CWE")
        );
    }
    assert_eq!(back.mitigations.len(), m.mitigations.len());
    assert_eq!(back.assumptions.len(), m.assumptions.len());
}
