//! Exports to Threat Dragon and Threat Composer validate against the tools' published schemas and
//! come back into Strider with every field both formats share. The schemas and the real models
//! are in the interop corpus: the tests that need it are skipped without it (`crate::corpus`).

use serde_json::Value;
use std::path::Path;
use strider::io::{self, import_bytes, import_file};
use strider::model::{Id, Model, Priority, RiskResponse, Stride, Threat, ThreatStatus};

fn schema(path: &Path) -> jsonschema::Validator {
    let text = std::fs::read(path).unwrap();
    let schema: Value = serde_json::from_slice(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, text: &str, what: &str) {
    let value: Value = serde_json::from_str(text).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| {
            format!(
                "{} at {}",
                e.to_string().chars().take(300).collect::<String>(),
                e.instance_path()
            )
        })
        .take(10)
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

fn td_schema(corpus: &Path) -> jsonschema::Validator {
    schema(&corpus.join("threat-dragon/schemas/threat-dragon-v2.schema.json"))
}

fn tc_schema(corpus: &Path) -> jsonschema::Validator {
    schema(&corpus.join("threat-composer/schemas/threat-composer-v1.schema.json"))
}

fn vehicle() -> Model {
    io::load(&crate::sample("connected-vehicle.ron")).unwrap()
}

#[test]
fn exports_of_the_samples_and_of_every_imported_model_validate() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let (td, tc) = (td_schema(&corpus), tc_schema(&corpus));
    let mut models = vec![
        ("connected-vehicle".to_owned(), vehicle()),
        (
            "serverless-analytics".to_owned(),
            io::load(&crate::sample("serverless-analytics.ron")).unwrap(),
        ),
    ];
    for rel in [
        "threat-dragon/v2-threat-model.json",
        "threat-dragon/ThreatDragonModels/demo-threat-model.json",
        "threat-dragon/ThreatDragonModels/test/test-reports.json",
        "threat-composer/workspaceExamples/GenAIChatbot.tc.json",
        "threat-composer/workshop-examples/threat-modeling-for-builders-self-paced-elearning/ThreatModelingForBuilders-Exercise4.tc.json",
        "tmt/akri-docs/AkriThreatModel_Sept23.tm7",
        "tmt/tm7-cli/demo.tm7",
    ] {
        models.push((
            rel.to_owned(),
            import_file(&corpus.join(rel)).unwrap().model,
        ));
    }
    for (name, model) in &models {
        let (text, _) = io::threat_dragon::to_json(model);
        assert_valid(&td, &text, &format!("{name} as Threat Dragon"));
        let (text, _) = strider::export::threat_composer(model);
        assert_valid(&tc, &text, &format!("{name} as Threat Composer"));
    }
}

#[test]
fn the_schemas_reject_what_they_should() {
    // A check on the checker: without it, an exporter bug could hide behind a lax validator.
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let (td, tc) = (td_schema(&corpus), tc_schema(&corpus));
    let bad_td = serde_json::json!({ "version": "2.3.0", "summary": {}, "detail": {} });
    assert!(!td.is_valid(&bad_td));
    let bad_tc = serde_json::json!({ "schema": 1, "threats": [{ "id": "x", "numericId": 1, "extra": true }] });
    assert!(!tc.is_valid(&bad_tc));
}

/// What both Strider and Threat Dragon hold for an element, flow and boundary.
fn shared_diagram(m: &Model) -> Vec<String> {
    let mut out = Vec::new();
    for d in &m.diagrams {
        out.push(format!("diagram {} | {}", d.name, d.description));
        let name = |id: &Id| d.element(id).map_or("?".to_owned(), |e| e.name.clone());
        for e in &d.elements {
            out.push(format!(
                "{:?} {} | {} | {} | {:?} {:?} | out {} {} | {:?}",
                e.kind,
                e.name,
                e.technology,
                e.description,
                e.pos,
                e.size,
                e.out_of_scope,
                e.out_of_scope_reason,
                e.props
            ));
        }
        for f in &d.flows {
            out.push(format!(
                "{} -> {} {} | {} | {} enc {} auth {} pub {} bi {} out {} {} | {:?}",
                name(&f.from),
                name(&f.to),
                f.label,
                f.description,
                f.protocol,
                f.encrypted,
                f.authenticated,
                f.public_network,
                f.bidirectional,
                f.out_of_scope,
                f.out_of_scope_reason,
                f.waypoints
            ));
        }
        for b in &d.boundaries {
            out.push(format!(
                "boundary {} | {} | {:?} {:?}",
                b.name, b.description, b.pos, b.size
            ));
        }
    }
    out
}

#[test]
fn strider_to_threat_dragon_and_back_keeps_the_diagram_and_threats() {
    let mut model = vehicle();
    // Exercise the fields the sample leaves empty.
    let d = &mut model.diagrams[0];
    d.flows[0].bidirectional = true;
    d.flows[0].waypoints = vec![(400.0, 90.0), (420.0, 120.0)];
    d.elements[0].out_of_scope = true;
    d.elements[0].out_of_scope_reason = "Managed by the vendor".into();
    let (text, notes) = io::threat_dragon::to_json(&model);
    let back = import_bytes(text.as_bytes(), "vehicle.td.json").unwrap();
    assert_eq!(back.format, io::Foreign::ThreatDragonV2);
    assert_eq!(shared_diagram(&back.model), shared_diagram(&model));

    // Threats: the ones on elements and flows go through; on boundaries or unattached, they are
    // listed in the notes.
    let placed: Vec<&Threat> = model
        .threats
        .iter()
        .filter(|t| {
            t.target
                .as_ref()
                .and_then(|id| model.target(id))
                .is_some_and(|tg| !matches!(tg, strider::model::Target::Boundary(..)))
        })
        .collect();
    assert_eq!(back.model.threats.len(), placed.len(), "{notes:?}");
    if placed.len() < model.threats.len() {
        assert!(!notes.is_empty());
    }
    for (before, after) in placed.iter().zip(&back.model.threats) {
        let title = if before.title.is_empty() {
            before.statement()
        } else {
            before.title.clone()
        };
        assert_eq!(after.title, title);
        assert_eq!(after.description, before.description);
        assert_eq!(after.priority, before.priority);
        assert_eq!(after.stride.first(), before.stride.first());
        let target = |m: &Model, t: &Threat| {
            m.target(t.target.as_ref().unwrap())
                .unwrap()
                .name()
                .to_owned()
        };
        assert_eq!(target(&back.model, after), target(&model, before));
        let status = match before.status {
            ThreatStatus::InProgress => ThreatStatus::Identified,
            s => s,
        };
        assert_eq!(after.status, status, "{}", before.id);
        let titles = |m: &Model, t: &Threat| -> Vec<String> {
            m.mitigations_of(t).map(|x| x.title.clone()).collect()
        };
        if before.mitigations.len() == 1 {
            assert_eq!(titles(&back.model, after), titles(&model, before));
        }
    }
    // Exporting the re-import gives the same file: ids and everything else are stable.
    assert_eq!(io::threat_dragon::to_json(&back.model).0, text);
}

fn threat(id: &str) -> Threat {
    let mut t = Threat::new(Id::from(id));
    t.source = "internet-based threat actor".into();
    t.prerequisites = "with a stolen token".into();
    t.action = "replay vehicle registration requests".into();
    t.impact = "duplicate registrations".into();
    t.impacted_goals = vec!["integrity".into(), "availability".into()];
    t.impacted_assets = vec!["registration records".into()];
    t.stride = vec![Stride::Spoofing, Stride::Tampering];
    t.priority = Some(Priority::Medium);
    t.status = ThreatStatus::Resolved;
    t.response = Some(RiskResponse::Transfer);
    t.justification = "The payment provider carries this risk under contract.".into();
    t.title = "Replayed registrations".into();
    t.description = "x".repeat(1500);
    t.comments = "Raised by the adversary persona.".into();
    t
}

/// The vehicle sample with every Threat Composer field filled in.
fn vehicle_for_threat_composer() -> Model {
    let mut model = vehicle();
    model.info.architecture = "Serverless, three accounts.".into();
    model.threats.push(threat("T90"));
    model
}

#[test]
fn the_threat_composer_export_with_every_field_validates() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let (text, _) = strider::export::threat_composer(&vehicle_for_threat_composer());
    assert_valid(&tc_schema(&corpus), &text, "vehicle.tc.json");
}

#[test]
fn strider_to_threat_composer_and_back_keeps_threats_mitigations_and_assumptions() {
    let model = vehicle_for_threat_composer();
    let (text, notes) = strider::export::threat_composer(&model);
    let value: Value = serde_json::from_str(&text).unwrap();
    let image = value["dataflow"]["image"].as_str().unwrap();
    assert!(
        image.starts_with("data:image/png;base64,iVBORw0KGgo"),
        "a PNG data URL"
    );
    assert!(image.len() <= 1_000_000);

    let back = import_bytes(text.as_bytes(), "vehicle.tc.json")
        .unwrap()
        .model;
    assert_eq!(back.info.title, model.info.title);
    assert_eq!(back.info.description, model.info.description);
    assert_eq!(back.info.architecture, model.info.architecture);
    assert_eq!(back.threats.len(), model.threats.len());
    for (before, after) in model.threats.iter().zip(&back.threats) {
        assert_eq!(after.id, before.id);
        for (a, b) in [
            (&after.source, &before.source),
            (&after.prerequisites, &before.prerequisites),
            (&after.action, &before.action),
            (&after.impact, &before.impact),
            (&after.title, &before.title),
            (&after.justification, &before.justification),
        ] {
            assert_eq!(a, b, "{}", before.id);
        }
        assert_eq!(after.impacted_goals, before.impacted_goals);
        assert_eq!(after.impacted_assets, before.impacted_assets);
        assert_eq!(after.stride, before.stride);
        assert_eq!(after.priority, before.priority);
        assert_eq!(after.response, before.response);
        assert_eq!(after.statement(), before.statement());
        if before.has_grammar() {
            assert_eq!(after.description, before.description, "{}", before.id);
        }
        let status = match before.status {
            ThreatStatus::InProgress => ThreatStatus::Identified,
            s => s,
        };
        assert_eq!(after.status, status);
        assert!(
            after.comments.starts_with(&before.comments),
            "{}",
            before.id
        );
        assert_eq!(after.mitigations, before.mitigations, "{}", before.id);
    }
    for (before, after) in model.mitigations.iter().zip(&back.mitigations) {
        assert_eq!(
            (&after.id, &after.title, &after.status, &after.reference),
            (&before.id, &before.title, &before.status, &before.reference)
        );
        assert!(after.description.starts_with(&before.description));
    }
    for (before, after) in model.assumptions.iter().zip(&back.assumptions) {
        assert_eq!((&after.id, &after.text), (&before.id, &before.text));
        assert_eq!(after.tag, before.tag);
        assert_eq!(after.links, before.links, "{}", before.id);
    }
    // Exporting the re-import keeps the Threat Composer ids, numbers and sentences. (The element
    // or flow name now sits in the comments: the workspace has no diagram to attach it to.)
    let again: Value = serde_json::from_str(&strider::export::threat_composer(&back).0).unwrap();
    for key in ["threats", "mitigations", "assumptions"] {
        let pick = |v: &Value| -> Vec<(Value, Value, Value)> {
            v[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| {
                    (
                        x["id"].clone(),
                        x["numericId"].clone(),
                        x["statement"].clone(),
                    )
                })
                .collect()
        };
        assert_eq!(pick(&again), pick(&value), "{key}");
    }
    assert_eq!(again["mitigationLinks"], value["mitigationLinks"]);
    assert_eq!(again["assumptionLinks"], value["assumptionLinks"]);
    let _ = notes;
}

#[test]
fn threat_composer_files_go_back_to_threat_composer_with_their_ids() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let path = corpus.join("threat-composer/workspaceExamples/ThreatComposer.tc.json");
    let source: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let model = import_file(&path).unwrap().model;
    let (text, _) = strider::export::threat_composer(&model);
    let out: Value = serde_json::from_str(&text).unwrap();
    let ids = |v: &Value, k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(&out, "threats"), ids(&source, "threats"));
    for (a, b) in out["threats"]
        .as_array()
        .unwrap()
        .iter()
        .zip(source["threats"].as_array().unwrap())
    {
        assert_eq!(a["threatAction"], b["threatAction"]);
        assert_eq!(a["numericId"], b["numericId"]);
    }
}

#[test]
fn cli_import_and_export_round() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let ron = dir.path().join("demo.ron");
    let src = corpus.join("threat-dragon/v2-threat-model.json");
    let out = crate::strider(&["import", src.to_str().unwrap(), "-o", ron.to_str().unwrap()]);
    assert!(out.status.success(), "{}", crate::stderr(&out));
    let err = crate::stderr(&out);
    assert!(err.contains("Threat Dragon v2"), "{err}");
    assert!(
        err.contains("7 element(s), 10 flow(s), 3 boundary(ies), 14 threat(s)"),
        "{err}"
    );
    assert!(
        err.contains("loose source end 10 px from \"Browser\""),
        "the loose flow end is reported: {err}"
    );
    let check = crate::strider(&["check", ron.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", crate::stdout(&check));
    // Any command reads another tool's file directly.
    let tm7 = corpus.join("tmt/owasp-threat-dragon/Sample_Threat_Model.tm7");
    let threats = crate::strider(&["threats", tm7.to_str().unwrap(), "--json"]);
    assert!(threats.status.success());
    let listed: Value = serde_json::from_str(&crate::stdout(&threats)).unwrap();
    assert_eq!(listed["threats"].as_array().unwrap().len(), 29);
    for (ext, first) in [("td.json", "{"), ("tc.json", "{")] {
        let path = dir.path().join(format!("out.{ext}"));
        let out = crate::strider(&[
            "export",
            ron.to_str().unwrap(),
            "-o",
            path.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", crate::stderr(&out));
        assert!(std::fs::read_to_string(&path).unwrap().starts_with(first));
    }
    let bad = crate::strider(&["import", "/nonexistent.json", "-o", ron.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
}
