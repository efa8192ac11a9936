//! STRIDE per element, the rule library, suggestions, coverage and insights.

use crate::{sample, stderr, stdout, strider};
use strider::io;
use strider::model::*;
use strider::stride::{self, CoverageState, Insights, Library, TargetKind, applicable};

fn cv() -> Model {
    io::load(&sample("connected-vehicle.ron")).unwrap()
}

/// A small diagram: a user outside a boundary, an API and a table inside it.
fn small() -> Model {
    let mut m = Model::new("small");
    let d = &mut m.diagrams[0];
    let mut user = Element::new(Id::from("E1"), ElementKind::Actor, "Customer", (0.0, 0.0));
    user.props.human = true;
    let mut api = Element::new(
        Id::from("P1"),
        ElementKind::Process,
        "Orders API",
        (400.0, 0.0),
    );
    api.technology = "Amazon API Gateway".into();
    let mut table = Element::new(
        Id::from("D1"),
        ElementKind::Store,
        "Orders table",
        (700.0, 0.0),
    );
    table.technology = "Amazon DynamoDB".into();
    d.elements = vec![user, api, table];
    d.boundaries = vec![Boundary::new(
        Id::from("TB1"),
        "AWS account",
        (350.0, -50.0),
        (600.0, 200.0),
    )];
    let mut f1 = Flow::new(
        Id::from("F01"),
        Id::from("E1"),
        Id::from("P1"),
        "Order request",
    );
    f1.protocol = "HTTPS".into();
    f1.encrypted = true;
    let mut f2 = Flow::new(
        Id::from("F02"),
        Id::from("P1"),
        Id::from("D1"),
        "Order item",
    );
    f2.protocol = "HTTP".into();
    d.flows = vec![f1, f2];
    m
}

fn fired(m: &Model) -> Vec<(String, String)> {
    stride::analyse(m, Library::builtin())
        .suggestions
        .into_iter()
        .map(|s| (s.rule_id().to_owned(), s.target.0))
        .collect()
}

fn fires(m: &Model, rule: &str, target: &str) -> bool {
    fired(m).contains(&(rule.to_owned(), target.to_owned()))
}

#[test]
fn categories_per_kind_follow_the_chart() {
    use Stride::*;
    assert_eq!(
        applicable(TargetKind::Actor, false),
        [Spoofing, Repudiation]
    );
    assert_eq!(applicable(TargetKind::Process, false), Stride::ALL);
    assert_eq!(
        applicable(TargetKind::Store, false),
        [Tampering, InformationDisclosure, DenialOfService]
    );
    assert_eq!(
        applicable(TargetKind::Store, true),
        [
            Tampering,
            Repudiation,
            InformationDisclosure,
            DenialOfService
        ]
    );
    assert_eq!(
        applicable(TargetKind::Flow, false),
        [Tampering, InformationDisclosure, DenialOfService]
    );
}

#[test]
fn the_builtin_library_is_complete_and_every_rule_can_fire_cleanly() {
    let lib = Library::builtin();
    assert!(lib.rules.len() >= 60, "{} rules", lib.rules.len());
    for s in Stride::ALL {
        assert!(
            lib.rules.iter().any(|r| r.category == s),
            "no rule for {s:?}"
        );
    }
    // Over both samples, a synthetic model and the small one, no statement keeps a placeholder,
    // and each suggestion's category applies to its target's kind.
    let mut models = vec![
        cv(),
        io::load(&sample("serverless-analytics.ron")).unwrap(),
        small(),
    ];
    models.push(synthetic::generate(synthetic::Spec {
        elements: 300,
        flows: 600,
        boundaries: 9,
        threats: 0,
        seed: 5,
    }));
    let mut seen = std::collections::HashSet::new();
    for m in &models {
        let a = stride::analyse(m, lib);
        for s in &a.suggestions {
            seen.insert(s.rule_id().to_owned());
            let t = s.to_threat(Id::from("T99"));
            let texts = [
                s.statement(),
                s.title(),
                t.source,
                t.prerequisites,
                t.action,
                t.impact,
            ];
            for text in texts
                .iter()
                .chain(t.impacted_goals.iter())
                .chain(t.impacted_assets.iter())
            {
                assert!(
                    !text.contains('{') && !text.contains('}'),
                    "{}: {text}",
                    s.rule_id()
                );
            }
            assert!(s.statement().ends_with('.'), "{}", s.statement());
            let (kind, holds_logs) = match m.target(&s.target).unwrap() {
                Target::Element(_, e) => (TargetKind::from(e.kind), e.props.holds_logs),
                Target::Flow(..) => (TargetKind::Flow, false),
                Target::Boundary(..) => unreachable!("boundaries get no suggestions"),
            };
            assert!(
                applicable(kind, holds_logs).contains(&s.category()),
                "{} suggests {:?} for a {kind:?}",
                s.rule_id(),
                s.category()
            );
        }
    }
    assert!(
        seen.len() >= 45,
        "only {} of the rules ever fired: {seen:?}",
        seen.len()
    );
}

#[test]
fn technology_rules_fire_only_for_their_technology() {
    let mut m = small();
    assert!(fires(&m, "STO-T-DDB", "D1"));
    assert!(fires(&m, "PRC-D-APIGW", "P1"));
    assert!(!fires(&m, "STO-D-S3", "D1"));
    m.diagrams[0].elements[2].technology = "Amazon S3".into();
    assert!(!fires(&m, "STO-T-DDB", "D1"));
    assert!(fires(&m, "STO-D-S3", "D1"));
    assert!(!fires(&m, "PRC-D-LAMBDA", "P1"));
}

#[test]
fn property_rules_follow_the_properties() {
    let mut m = small();
    assert!(fires(&m, "STO-I-PLAIN", "D1"));
    assert!(fires(&m, "STO-D-NOBACKUP", "D1"));
    assert!(!fires(&m, "STO-I-CREDS", "D1"));
    let p = &mut m.diagrams[0].elements[2].props;
    p.encrypted_at_rest = true;
    p.backed_up = true;
    p.stores_credentials = true;
    assert!(!fires(&m, "STO-I-PLAIN", "D1"));
    assert!(!fires(&m, "STO-D-NOBACKUP", "D1"));
    assert!(fires(&m, "STO-I-CREDS", "D1"));
    // A human actor gets account takeover; a system actor gets key theft.
    assert!(fires(&m, "ACT-S-PASSWORD", "E1"));
    m.diagrams[0].elements[0].props.human = false;
    assert!(!fires(&m, "ACT-S-PASSWORD", "E1"));
    assert!(fires(&m, "ACT-S-KEYS", "E1"));
}

#[test]
fn boundary_crossing_rules_follow_the_geometry() {
    let mut m = small();
    // F01 crosses into the AWS account and is not authenticated.
    assert!(fires(&m, "FLW-T-FORGED", "F01"));
    assert!(fires(&m, "PRC-S-UNAUTH", "P1"));
    assert!(fires(&m, "PRC-E-AUTHZ", "P1"));
    // F02 stays inside: no crossing rule.
    assert!(!fires(&m, "FLW-T-FORGED", "F02"));
    // Move the customer inside the boundary: nothing crosses any more.
    m.diagrams[0].elements[0].pos = (400.0, 100.0);
    assert!(!fires(&m, "FLW-T-FORGED", "F01"));
    assert!(!fires(&m, "PRC-S-UNAUTH", "P1"));
    // Authenticating the flow silences the forgery rule even when it crosses.
    let mut m = small();
    m.diagrams[0].flows[0].authenticated = true;
    assert!(!fires(&m, "FLW-T-FORGED", "F01"));
}

#[test]
fn protocol_rules_tell_http_from_https() {
    let m = small();
    assert!(fires(&m, "FLW-T-HTTP", "F02"));
    assert!(!fires(&m, "FLW-T-HTTP", "F01"));
    assert!(fires(&m, "FLW-I-SNIFF", "F02"));
    assert!(!fires(&m, "FLW-I-SNIFF", "F01"));
}

#[test]
fn a_protocol_that_encrypts_is_not_called_readable_in_transit() {
    // A SigV4 call from the API to the table, the "encrypted" box left unticked.
    let mut m = small();
    m.diagrams[0].flows[1].protocol = "AWS SigV4 API (HTTPS)".into();
    assert!(!fires(&m, "FLW-I-SNIFF", "F02"));
    m.diagrams[0].flows[1].protocol = "MQTT over TLS".into();
    assert!(!fires(&m, "FLW-I-SNIFF", "F02"));
    // Plain HTTP, or no protocol at all, still is.
    m.diagrams[0].flows[1].protocol = "HTTP".into();
    assert!(fires(&m, "FLW-I-SNIFF", "F02"));
    m.diagrams[0].flows[1].protocol.clear();
    assert!(fires(&m, "FLW-I-SNIFF", "F02"));
}

#[test]
fn statements_are_filled_from_the_model() {
    let a = stride::analyse(&small(), Library::builtin());
    let s = a
        .suggestions
        .iter()
        .find(|s| s.rule_id() == "FLW-T-FORGED" && s.target == "F01")
        .unwrap();
    assert_eq!(
        s.statement(),
        "A threat actor who can send data across the AWS account boundary to Orders API can send \
         forged Order request that appears to come from Customer, which leads to Orders API \
         trusting data no one authenticated, resulting in reduced integrity of Order request."
    );
    assert_eq!(s.target_name(), "Order request");
}

#[test]
fn accepted_and_dismissed_suggestions_never_come_back_and_undo_restores_them() {
    let lib = Library::builtin();
    let mut m = small();
    let mut h = History::new();
    let before = stride::analyse(&m, lib).suggestions;
    let first = before[0].clone();
    let (edit, tid) = stride::accept(&m, lib, &first);
    h.apply(&mut m, edit);
    let t = m.threat(&tid).unwrap().clone();
    assert_eq!(t.origin, Origin::Rule(first.rule_id().to_owned()));
    assert_eq!(t.statement(), first.statement());
    assert!(!t.mitigations.is_empty());
    assert!(validate(&m).is_empty());
    let after = stride::analyse(&m, lib).suggestions;
    assert_eq!(after.len(), before.len() - 1);
    assert!(
        !after
            .iter()
            .any(|s| s.rule == first.rule && s.target == first.target)
    );
    // Editing the accepted threat does not bring the suggestion back either.
    let e = ops::update_threat(&m, &tid, |t| t.action = "something else entirely".into()).unwrap();
    h.apply(&mut m, e);
    assert_eq!(stride::analyse(&m, lib).suggestions.len(), before.len() - 1);
    // Dismissing another one.
    let second = after[0].clone();
    let e = stride::dismiss(&m, &second);
    h.apply(&mut m, e);
    assert_eq!(stride::analyse(&m, lib).suggestions.len(), before.len() - 2);
    // Accept all the rest: no duplicates, mitigations shared by title.
    let rest = stride::analyse(&m, lib).suggestions;
    let e = stride::accept_all(&m, lib, &rest);
    h.apply(&mut m, e);
    assert!(stride::analyse(&m, lib).suggestions.is_empty());
    assert!(validate(&m).is_empty(), "{:?}", validate(&m));
    let titles: std::collections::HashSet<_> = m.mitigations.iter().map(|x| &x.title).collect();
    assert_eq!(
        titles.len(),
        m.mitigations.len(),
        "each catalogue control added once"
    );
    // Undo everything: exactly the original suggestions again, once each.
    while h.undo(&mut m) {}
    assert_eq!(stride::analyse(&m, lib).suggestions, before);
}

#[test]
fn coverage_and_insights_add_up() {
    let lib = Library::builtin();
    let mut m = small();
    let a = stride::analyse(&m, lib);
    // Actor 2 + process 6 + store 3 + two flows 3 each = 17 pairs, none reviewed.
    assert_eq!(a.coverage.len(), 17);
    assert!(
        a.coverage
            .iter()
            .all(|c| c.state == CoverageState::NotReviewed)
    );
    let i = Insights::of(&m, &a);
    assert_eq!((i.pairs, i.pairs_reviewed), (17, 0));
    assert_eq!(i.targets_not_reviewed.len(), 5);
    // One threat on the table (T), one pair judged not applicable, one element out of scope.
    let mut t = Threat::new(Id::from("T01"));
    t.target = Some(Id::from("D1"));
    t.stride = vec![Stride::Tampering];
    t.response = Some(RiskResponse::Mitigate);
    m.threats.push(t);
    m.not_applicable.push(NotApplicable {
        target: Id::from("E1"),
        category: Stride::Repudiation,
        reason: "Read-only browsing".into(),
    });
    m.diagrams[0].flows[1].out_of_scope = true;
    let a = stride::analyse(&m, lib);
    assert_eq!(a.coverage.len(), 14);
    let state = |id: &str, c: Stride| {
        a.coverage
            .iter()
            .find(|x| *x.target == id && x.category == c)
            .map(|x| x.state.clone())
    };
    assert_eq!(
        state("D1", Stride::Tampering),
        Some(CoverageState::Threats(1))
    );
    assert_eq!(
        state("E1", Stride::Repudiation),
        Some(CoverageState::NotApplicable("Read-only browsing".into()))
    );
    assert_eq!(state("F02", Stride::Tampering), None, "out of scope");
    let i = Insights::of(&m, &a);
    assert_eq!((i.pairs, i.pairs_reviewed), (14, 2));
    assert!((i.reviewed_share - 2.0 / 14.0).abs() < 1e-9);
    assert_eq!(i.without_priority, [Id::from("T01")]);
    assert!(i.without_response.is_empty());
    assert_eq!(i.mitigate_without_mitigation, [Id::from("T01")]);
    assert_eq!(i.not_using_grammar, [Id::from("T01")]);
    assert_eq!(i.stride["Tampering"], 1);
}

#[test]
fn connected_vehicle_suggestions_cover_the_workshop_themes() {
    let a = stride::analyse(&cv(), Library::builtin());
    let on = |target: &str| -> Vec<String> {
        a.suggestions
            .iter()
            .filter(|s| s.target == target)
            .map(|s| format!("{} {}", s.rule_id(), s.statement()))
            .collect()
    };
    let has = |target: &str, rule: &str| on(target).iter().any(|s| s.starts_with(rule));
    // The documents bucket (S3): malicious uploads (T04), deletion (T11), exposure.
    for rule in ["STO-T-UPLOAD", "STO-D-S3", "STO-I-PUBLIC", "STO-I-READ"] {
        assert!(has("D2", rule), "{rule} missing on D2: {:#?}", on("D2"));
    }
    // The vehicle table (DynamoDB): tampering (T03), deletion (T10), bulk read (T09).
    for rule in ["STO-T-DDB", "STO-D-DDB", "STO-I-READ"] {
        assert!(has("D1", rule), "{rule} missing on D1: {:#?}", on("D1"));
    }
    // Flows from the Users boundary into AWS: the pre-signed URL (T08), replay, oversized payloads.
    assert!(has("F07", "FLW-I-PRESIGNED"), "{:#?}", on("F07"));
    assert!(
        has("F01", "FLW-T-REPLAY") && has("F01", "FLW-D-PAYLOAD"),
        "{:#?}",
        on("F01")
    );
    // And the Lambda function's logs (T07).
    assert!(has("F12", "FLW-I-LOGS"), "{:#?}", on("F12"));
    let s = a
        .suggestions
        .iter()
        .find(|s| s.rule_id() == "FLW-I-PRESIGNED")
        .unwrap();
    assert_eq!(
        s.statement(),
        "A threat actor who obtains the pre-signed URL Web browser uses can download from \
         Registration documents until the URL expires, resulting in reduced confidentiality of \
         files in Registration documents."
    );
}

#[test]
fn cli_threats_json_and_the_fail_on_gate() {
    let cvp = sample("connected-vehicle.ron");
    let out = strider(&["threats", cvp.to_str().unwrap(), "--json", "--suggestions"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["threats"].as_array().unwrap().len(), 18);
    assert!(v["suggestions"].as_array().unwrap().len() > 20);
    assert!(v["coverage"].as_array().unwrap().len() > 30);
    assert_eq!(v["threats"][0]["id"], "T01");
    // Every threat of the sample has a response: the gate passes.
    let out = strider(&["check", cvp.to_str().unwrap(), "--fail-on", "high"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // Remove T13's response: a High threat, open, without a response.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("gate.ron");
    let mut m = cv();
    let t = m.threats.iter_mut().find(|t| t.id == "T13").unwrap();
    t.response = None;
    io::save(&m, &p).unwrap();
    let out = strider(&["check", p.to_str().unwrap(), "--fail-on", "high", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["gate_failures"], serde_json::json!(["T13"]));
    eprintln!("insights {}", v["insights"]);
    assert_eq!(v["insights"]["pairs"], 65, "{}", v["insights"]);
    // A Low gate also catches it; without --fail-on the model is fine.
    let out = strider(&["check", p.to_str().unwrap(), "--fail-on", "low"]);
    assert_eq!(out.status.code(), Some(1));
    let out = strider(&["check", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn user_libraries_add_rules_and_bad_ones_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("mine.ron");
    std::fs::write(
        &good,
        r#"(name: "Ours", mitigations: [(id: "OUR-1", title: "Our control", description: "x")],
            rules: [(id: "OUR-R1", category: Spoofing, when: Kind(Actor), title: "t",
                     source: "rogue {element}", action: "pretend", priority: Low, mitigations: ["OUR-1"])])"#,
    )
    .unwrap();
    let cvp = sample("connected-vehicle.ron");
    let out = strider(&[
        "threats",
        cvp.to_str().unwrap(),
        "--suggestions",
        "--json",
        "--library",
        good.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        v["suggestions"].as_array().unwrap().iter().any(
            |s| s["rule"] == "OUR-R1" && s["statement"] == "A rogue Fleet manager can pretend."
        )
    );
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "(name: \"Bad\",\n rules: [(id: \"X\", category: Spoofin)])",
    )
    .unwrap();
    let out = strider(&[
        "threats",
        cvp.to_str().unwrap(),
        "--library",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bad.ron:2:"), "{}", stderr(&out));
    let dangling = dir.path().join("dangling.ron");
    std::fs::write(&dangling, r#"(name: "D", rules: [(id: "X", category: Spoofing, when: Kind(Actor), title: "t", source: "s", action: "a", priority: Low, mitigations: ["NOPE"])])"#).unwrap();
    let out = strider(&[
        "check",
        cvp.to_str().unwrap(),
        "--library",
        dangling.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("NOPE"), "{}", stderr(&out));
}

#[test]
fn a_suggestion_already_written_by_hand_reads_as_likely_covered() {
    let m = strider::io::load(&crate::sample("connected-vehicle.ron")).unwrap();
    let a = strider::stride::analyse(&m, strider::stride::Library::builtin());
    let find = |rule: &str, target: &str| {
        a.suggestions
            .iter()
            .find(|s| s.rule_id() == rule && s.target == target)
            .unwrap_or_else(|| panic!("{rule} on {target} is suggested"))
    };
    let covered = |rule: &str, target: &str| {
        strider::stride::likely_covered_by(&m, find(rule, target)).map(|t| t.id.to_string())
    };
    // T01 says the same in the team's words: a fleet manager's stolen password used to sign in.
    assert_eq!(covered("ACT-S-PASSWORD", "E1").as_deref(), Some("T01"));
    assert_eq!(covered("STO-D-DDB", "D1").as_deref(), Some("T10"));
    // A look-alike site is another threat than a stolen password, though both are about the
    // fleet manager signing in: the shared name does not count.
    assert_eq!(covered("ACT-S-PHISHING", "E1"), None);
    // The index over many suggestions agrees with the one-at-a-time look-up.
    let written = strider::stride::Written::of(&m);
    for s in &a.suggestions {
        assert_eq!(
            written.likely_covered_by(s).map(|t| &t.id),
            strider::stride::likely_covered_by(&m, s).map(|t| &t.id)
        );
    }
    // Nothing written by hand about the vehicle table's denial of service by flooding: new.
    let new = a
        .suggestions
        .iter()
        .filter(|s| strider::stride::likely_covered_by(&m, s).is_none())
        .count();
    assert!(
        new > 30,
        "{new} of {} suggestions read as new",
        a.suggestions.len()
    );
    // Without the hand-written threat, the suggestion is new again.
    let mut without = m.clone();
    without.threats.retain(|t| t.id != "T01");
    assert!(strider::stride::likely_covered_by(&without, find("ACT-S-PASSWORD", "E1")).is_none());
}

#[test]
fn the_stride_panel_shows_a_suggestion_written_by_hand_as_likely_covered() {
    use egui_kittest::kittest::Queryable;
    let mut h = crate::ui::app(crate::ui::sample_doc("connected-vehicle.ron"));
    h.state_mut().canvas.selection = [strider::model::Id::from("E1")].into_iter().collect();
    h.run();
    h.get_by_label("What can go wrong?").click();
    h.run();
    assert!(
        h.query_all_by_label_contains("Likely covered by T01")
            .next()
            .is_some()
    );
    assert!(h.query_all_by_label("Accept anyway").next().is_some());
    // Opening the threat that covers it.
    h.get_all_by_label("open T01").next().unwrap().click();
    h.run();
    assert_eq!(h.state().editor.open, Some(strider::model::Id::from("T01")));
}

#[test]
fn accept_all_here_leaves_what_a_threat_written_by_hand_covers() {
    use egui_kittest::kittest::Queryable;
    let mut h = crate::ui::app(crate::ui::sample_doc("connected-vehicle.ron"));
    h.state_mut().canvas.selection = [strider::model::Id::from("E1")].into_iter().collect();
    h.run();
    h.get_by_label("What can go wrong?").click();
    h.run();
    let before = h.state().doc.model.threats.len();
    let button = h
        .get_all_by_role(egui::accesskit::Role::Button)
        .find(|n| {
            use egui_kittest::kittest::NodeT;
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("Accept all") && l.ends_with("here"))
        })
        .expect("an Accept all ... here button");
    button.click();
    h.run();
    let m = &h.state().doc.model;
    let added: Vec<_> = m.threats[before..].iter().collect();
    assert!(!added.is_empty());
    for t in &added {
        assert!(
            !matches!(&t.origin, strider::model::Origin::Rule(r) if r == "ACT-S-PASSWORD" || r == "ACT-R-DENY"),
            "{} duplicates a threat written by hand",
            t.id
        );
    }
}
