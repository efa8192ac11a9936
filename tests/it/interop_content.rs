//! What the importers carry over, field by field, checked against the source files themselves
//! (the interop corpus; without it these tests are skipped, see `crate::corpus`).

use serde_json::Value;
use std::path::Path;
use strider::io::import_file;
use strider::model::{
    ElementKind, MitigationStatus, Model, Priority, RiskResponse, Stride, Threat, ThreatStatus,
};

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn mitigation_text(m: &Model, t: &Threat) -> String {
    m.mitigations_of(t)
        .map(|x| {
            if x.description.is_empty() {
                x.title.clone()
            } else {
                x.description.clone()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn threat_dragon_threats_keep_text_status_severity_and_mitigation() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    for rel in [
        "threat-dragon/v2-threat-model.json",
        "threat-dragon/iot-device.json",
        "threat-dragon/ThreatDragonModels/demo-threat-model.json",
        "threat-dragon/ThreatDragonModels/test/test-reports.json",
    ] {
        let source = json(&corpus.join(rel));
        let model = import_file(&corpus.join(rel)).unwrap().model;
        let mut seen = 0;
        for d in source["detail"]["diagrams"].as_array().unwrap() {
            let cells = d
                .get("cells")
                .or_else(|| d["diagramJson"].get("cells"))
                .and_then(Value::as_array)
                .unwrap();
            for cell in cells {
                let data = cell.get("data").unwrap_or(cell);
                for t in data["threats"].as_array().into_iter().flatten() {
                    seen += 1;
                    let title = t["title"].as_str().unwrap().trim();
                    let description = t["description"].as_str().unwrap_or("").trim();
                    // Titles repeat (the same threat on two flows): compare with the one that
                    // has the same status.
                    let candidates: Vec<&Threat> = model
                        .threats
                        .iter()
                        .filter(|x| x.title == title && x.description == description)
                        .collect();
                    assert!(
                        !candidates.is_empty(),
                        "{rel}: threat {title:?} not imported"
                    );
                    let open = t["status"] == "Open";
                    let got = candidates
                        .iter()
                        .find(|x| x.status.is_open() == open)
                        .unwrap_or(&candidates[0]);
                    let mitigation = t["mitigation"].as_str().unwrap_or("").trim();
                    assert_eq!(mitigation_text(&model, got), mitigation, "{rel}: {title}");
                    let status = t["status"].as_str().unwrap();
                    let expected = match status {
                        "Open" => (ThreatStatus::Identified, None),
                        "Mitigated" => (ThreatStatus::Resolved, Some(RiskResponse::Mitigate)),
                        "Not Applicable" | "NotApplicable" => (ThreatStatus::NotUseful, None),
                        other => panic!("{rel}: unexpected status {other}"),
                    };
                    assert_eq!((got.status, got.response), expected, "{rel}: {title}");
                    let priority = match t["severity"].as_str().unwrap() {
                        "High" | "Critical" => Some(Priority::High),
                        "Medium" => Some(Priority::Medium),
                        "Low" => Some(Priority::Low),
                        _ => None,
                    };
                    assert_eq!(got.priority, priority, "{rel}: {title}");
                    let category = t["type"].as_str().unwrap();
                    match category {
                        "Information disclosure" => {
                            assert_eq!(got.stride, [Stride::InformationDisclosure])
                        }
                        "Spoofing" => assert_eq!(got.stride, [Stride::Spoofing]),
                        "Tampering" => assert_eq!(got.stride, [Stride::Tampering]),
                        "Denial of service" => assert_eq!(got.stride, [Stride::DenialOfService]),
                        // LINDDUN, CIA and other categories are kept word for word.
                        _ if got.stride.is_empty() => {
                            assert!(got.comments.contains(category), "{rel}: {category}")
                        }
                        _ => {}
                    }
                }
            }
        }
        assert_eq!(seen, model.threats.len(), "{rel}");
    }
}

#[test]
fn threat_dragon_properties_labels_and_boundaries() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let m = import_file(&corpus.join("threat-dragon/ThreatDragonModels/demo-threat-model.json"))
        .unwrap()
        .model;
    let d = &m.diagrams[0];
    let by_name = |n: &str| d.elements.iter().find(|e| e.name == n).unwrap();
    assert!(by_name("Worker Config").props.stores_credentials);
    assert!(by_name("Database").props.holds_logs);
    assert_eq!(by_name("Browser").kind, ElementKind::Actor);
    // v1 labels sit in `labels[].attrs.text.text`.
    let request = d.flows.iter().find(|f| f.label == "Web Request").unwrap();
    assert!(request.public_network && request.encrypted);
    assert_eq!(request.protocol, "HTTP/S");
    assert_eq!(d.element(&request.from).unwrap().name, "Browser");
    // The v2 reports test file holds the misspelled "trust-broundary-curve" and text blocks.
    let r = import_file(&corpus.join("threat-dragon/ThreatDragonModels/test/test-reports.json"))
        .unwrap();
    let lines = r
        .report
        .iter()
        .filter(|l| l.contains("trust-boundary line"))
        .count();
    assert_eq!(lines, 2, "{:?}", r.report);
    assert!(r.report.iter().any(|l| l.contains("text block")));
    // An out-of-scope element keeps its reason; bidirectional and vertices survive (v2).
    let v2 = import_file(&corpus.join("threat-dragon/v2-threat-model.json"))
        .unwrap()
        .model;
    let cfg = v2.diagrams[0]
        .elements
        .iter()
        .find(|e| e.name == "Web Application Config")
        .unwrap();
    assert!(cfg.out_of_scope);
    let put = v2.diagrams[0]
        .flows
        .iter()
        .find(|f| f.label == "Put Message")
        .unwrap();
    assert_eq!(put.waypoints, [(351.0, 120.0)]);
    // The three boundary curves each fence off one element.
    for b in &v2.diagrams[0].boundaries {
        let inside = v2.diagrams[0]
            .elements
            .iter()
            .filter(|e| b.rect().contains_point(e.rect().center()))
            .count();
        assert_eq!(inside, 1, "{}", b.name);
    }
}

#[test]
fn threat_composer_workshop_exercises_import_completely() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    for rel in [
        "threat-composer/workshop-examples/threat-modeling-for-builders-self-paced-elearning/ThreatModelingForBuilders-Exercise1.tc.json",
        "threat-composer/workshop-examples/threat-modeling-for-builders-self-paced-elearning/ThreatModelingForBuilders-Exercise2.tc.json",
        "threat-composer/workshop-examples/threat-modeling-for-builders-self-paced-elearning/ThreatModelingForBuilders-Exercise3.tc.json",
        "threat-composer/workshop-examples/threat-modeling-for-builders-self-paced-elearning/ThreatModelingForBuilders-Exercise4.tc.json",
        "threat-composer/workspaceExamples/GenAIChatbot.tc.json",
    ] {
        let source = json(&corpus.join(rel));
        let imported = import_file(&corpus.join(rel)).unwrap();
        let m = &imported.model;
        assert_eq!(
            m.info.title,
            source["applicationInfo"]["name"].as_str().unwrap().trim()
        );
        assert_eq!(
            m.info.architecture,
            source["architecture"]["description"]
                .as_str()
                .unwrap_or("")
                .trim()
        );
        assert_eq!(
            m.diagrams[0].description,
            source["dataflow"]["description"]
                .as_str()
                .unwrap_or("")
                .trim()
        );
        for (t, got) in source["threats"].as_array().unwrap().iter().zip(&m.threats) {
            let s = |k: &str| t[k].as_str().unwrap_or("").trim().to_owned();
            assert_eq!(got.source, s("threatSource"), "{rel}");
            assert_eq!(got.prerequisites, s("prerequisites"));
            assert_eq!(got.action, s("threatAction"));
            assert_eq!(got.impact, s("threatImpact"));
            let list = |k: &str| -> Vec<String> {
                t[k].as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(|x| x.trim().to_owned())
                    .filter(|x| !x.is_empty())
                    .collect()
            };
            assert_eq!(got.impacted_goals, list("impactedGoal"));
            assert_eq!(got.impacted_assets, list("impactedAssets"));
            let meta = |k: &str| {
                t["metadata"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|x| x["key"] == k)
                    .map(|x| x["value"].clone())
            };
            let letters: Vec<String> = got.stride.iter().map(|x| x.letter().to_string()).collect();
            let mut expected: Vec<String> = meta("STRIDE")
                .and_then(|v| v.as_array().cloned())
                .unwrap_or_default()
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            expected.sort_by_key(|l| "STRIDE".find(l.as_str()));
            expected.dedup();
            assert_eq!(letters, expected, "{rel}");
            assert_eq!(
                got.priority.map(|p| p.label().to_owned()),
                meta("Priority").and_then(|v| v.as_str().map(str::to_owned))
            );
            let status = match t["status"].as_str() {
                Some("threatResolved") => ThreatStatus::Resolved,
                Some("threatResolvedNotUseful") => ThreatStatus::NotUseful,
                _ => ThreatStatus::Identified,
            };
            assert_eq!(got.status, status);
            if let Some(c) = meta("Comments").and_then(|v| v.as_str().map(str::to_owned)) {
                assert!(got.comments.contains(c.trim()), "{rel}");
            }
            // The grammar sentence Strider writes is the one Threat Composer stored; where the
            // file's sentence was edited apart from its parts, it is kept as the description.
            let stored = s("statement");
            assert!(
                got.statement().trim_end_matches('.') == stored.trim_end_matches('.')
                    || got.description == stored,
                "{rel}: {stored}"
            );
        }
        for (x, got) in source["mitigations"]
            .as_array()
            .unwrap()
            .iter()
            .zip(&m.mitigations)
        {
            let content = x["content"].as_str().unwrap().trim();
            assert!(
                got.title == content || got.description.starts_with(content),
                "{rel}: {content}"
            );
            let status = match x["status"].as_str() {
                Some("mitigationResolved") => MitigationStatus::Resolved,
                Some("mitigationInProgress") => MitigationStatus::InProgress,
                Some("mitigationResolvedWillNotAction") => MitigationStatus::WillNotAction,
                _ => MitigationStatus::Identified,
            };
            assert_eq!(got.status, status);
        }
        for (x, got) in source["assumptions"]
            .as_array()
            .unwrap()
            .iter()
            .zip(&m.assumptions)
        {
            assert!(got.text.starts_with(x["content"].as_str().unwrap().trim()));
            if let Some(tags) = x["tags"].as_array() {
                for tag in tags {
                    assert!(got.tag.contains(tag.as_str().unwrap()));
                }
            }
        }
        assert!(imported.report.iter().any(|l| l.contains("no diagram")));
    }
}

#[test]
fn tmt_threats_keep_state_priority_category_and_justification() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let akri = import_file(&corpus.join("tmt/akri-docs/AkriThreatModel_Sept23.tm7")).unwrap();
    let m = &akri.model;
    let count = |s: ThreatStatus| m.threats.iter().filter(|t| t.status == s).count();
    assert_eq!(count(ThreatStatus::Resolved), 55);
    assert_eq!(count(ThreatStatus::NotUseful), 51);
    assert_eq!(count(ThreatStatus::InProgress), 11);
    for t in &m.threats {
        assert!(t.target.is_some(), "{}", t.id);
        assert_eq!(t.priority, Some(Priority::High));
        match t.status {
            ThreatStatus::Resolved => assert_eq!(t.mitigations.len(), 1, "{}", t.id),
            _ => assert!(!t.justification.is_empty(), "{}", t.id),
        }
    }
    // Threat numbers are kept (38...429) so people can find them in TMT.
    assert!(m.threats.iter().any(|t| t.id == "T38"));
    assert!(m.threats.iter().any(|t| t.id == "T429"));
    let out = m.elements().filter(|(_, e)| e.out_of_scope).count()
        + m.flows().filter(|(_, f)| f.out_of_scope).count();
    assert_eq!(out, 8);
    assert!(
        m.diagrams[0].description.contains('\n'),
        "the annotation text"
    );
    assert!(!m.diagrams[0].description.contains('\r'));

    let sample = import_file(&corpus.join("tmt/owasp-threat-dragon/Sample_Threat_Model.tm7"))
        .unwrap()
        .model;
    let by = |s: Stride| sample.threats.iter().filter(|t| t.stride == [s]).count();
    assert_eq!(
        [
            by(Stride::DenialOfService),
            by(Stride::ElevationOfPrivilege),
            by(Stride::Spoofing),
            by(Stride::Repudiation),
            by(Stride::InformationDisclosure),
            by(Stride::Tampering)
        ],
        [9, 7, 6, 4, 2, 1]
    );
    assert!(
        sample
            .elements()
            .any(|(_, e)| e.technology == "OS Process" && e.kind == ElementKind::Process)
    );

    // A custom template: kinds from the template's representations, its own priority word and
    // GUID-keyed fields kept under their labels.
    let custom = import_file(&corpus.join("tmt/startleft/test_model.tm7"))
        .unwrap()
        .model;
    assert_eq!(custom.info.title, "TestSystem");
    let attacker = custom
        .elements()
        .find(|(_, e)| e.name == "Attacker")
        .unwrap()
        .1;
    assert_eq!(attacker.kind, ElementKind::Process);
    assert!(
        custom
            .threats
            .iter()
            .all(|t| t.comments.contains("TMT priority: highest"))
    );
    assert!(
        custom
            .threats
            .iter()
            .any(|t| t.comments.contains("Severity"))
    );
    // Nested boxes three deep.
    let g = strider::model::geometry::Membership::compute(&custom.diagrams[0]);
    let deepest = custom.diagrams[0]
        .elements
        .iter()
        .map(|e| g.holders(&e.id).len())
        .max();
    assert_eq!(deepest, Some(3));
}

/// Real Threat Dragon files glue flow ends to trust-boundary boxes. Strider's flows join
/// elements: the end goes to the element inside the box nearest the other end, with a note, and
/// a box with nothing inside drops the flow with a note. Either way the model is sound.
#[test]
fn a_threat_dragon_flow_on_a_trust_boundary_box_imports_as_a_sound_model() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let mut doc = json(&corpus.join("threat-dragon/three-tier-web-app.json"));
    let cells = doc["detail"]["diagrams"][0]["cells"]
        .as_array_mut()
        .unwrap();
    let boxes: Vec<String> = cells
        .iter()
        .filter(|c| c["shape"] == "trust-boundary-box")
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    let flows: Vec<usize> = (0..cells.len())
        .filter(|&i| cells[i]["shape"] == "flow")
        .collect();
    cells[flows[0]]["source"] = serde_json::json!({ "cell": boxes[0] });
    cells[flows[1]]["target"] = serde_json::json!({ "cell": boxes[1] });
    let text = serde_json::to_vec(&doc).unwrap();
    let imported = strider::io::import_bytes(&text, "glued.json").unwrap();
    let problems = strider::model::validate(&imported.model);
    assert!(problems.is_empty(), "{problems:?}");
    let on_boundary = imported
        .report
        .iter()
        .filter(|n| n.contains("on the trust boundary"))
        .count();
    assert_eq!(on_boundary, 2, "{:?}", imported.report);
    // The first box holds an element: the flow is kept, from an element inside it.
    let d = &imported.model.diagrams[0];
    let original = import_file(&corpus.join("threat-dragon/three-tier-web-app.json")).unwrap();
    // The second end may land on the element at the flow's other end: a flow from an element to
    // itself is not kept (and says so).
    let before = original.model.diagrams[0].flows.len();
    assert!((before - 1..=before).contains(&d.flows.len()));
    let membership = strider::model::geometry::Membership::compute(d);
    let first = &d.flows[0];
    assert!(
        !membership.boundaries_of(d, &first.from).is_empty(),
        "attached inside the box"
    );
}
