//! Threagile models (YAML) open as sound models laid out automatically: counts worked out from
//! each file read on its own, every asset inside the boundary that lists it and every nested
//! boundary inside its parent, the demo's values carried over, risk tracking applied, OTM's
//! YAML example equal to its JSON one, and hostile YAML refused quickly with its position.

use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};
use strider::io::import_bytes;
use strider::model::geometry::Membership;
use strider::model::{ElementKind, RiskResponse, ThreatStatus};

const FILES: [&str; 2] = [
    "threagile/example/threagile.yaml",
    "threagile/stub/threagile.yaml",
];

/// The file as a plain tree, read by the YAML crate on its own (not through the importer).
fn tree(bytes: &[u8]) -> Value {
    serde_saphyr::from_slice(bytes).unwrap()
}

fn entries(v: &Value, key: &str) -> Vec<(String, Value)> {
    v.get(key)
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_owned()
}

/// Manual risk categories in both spellings.
fn categories(v: &Value) -> Vec<Value> {
    let mut all: Vec<Value> = entries(v, "individual_risk_categories")
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    if let Some(list) = v.get("custom_risk_categories").and_then(Value::as_array) {
        all.extend(list.iter().cloned());
    }
    all
}

#[test]
fn every_threagile_file_imports_with_the_counts_it_holds() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    for name in FILES {
        let bytes = std::fs::read(corpus.join(name)).unwrap();
        let v = tree(&bytes);
        let imported = import_bytes(&bytes, name).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(imported.format, strider::io::Foreign::Threagile, "{name}");
        let m = &imported.model;
        let d = &m.diagrams[0];
        let assets = entries(&v, "technical_assets");
        let ids: HashSet<String> = assets.iter().map(|(_, a)| text(a, "id")).collect();
        let of_type = |t: &str| assets.iter().filter(|(_, a)| text(a, "type") == t).count();
        let kinds = |k: ElementKind| d.elements.iter().filter(|e| e.kind == k).count();
        assert_eq!(
            kinds(ElementKind::Actor),
            of_type("external-entity"),
            "{name}: actors"
        );
        assert_eq!(
            kinds(ElementKind::Process),
            of_type("process"),
            "{name}: processes"
        );
        assert_eq!(
            kinds(ElementKind::Store),
            of_type("datastore"),
            "{name}: stores"
        );
        let out = assets
            .iter()
            .filter(|(_, a)| a["out_of_scope"] == true)
            .count();
        assert_eq!(
            d.elements.iter().filter(|e| e.out_of_scope).count(),
            out,
            "{name}"
        );
        let links: usize = assets
            .iter()
            .map(|(_, a)| {
                entries(a, "communication_links")
                    .iter()
                    .filter(|(_, l)| {
                        let t = text(l, "target");
                        ids.contains(&t) && t != text(a, "id")
                    })
                    .count()
            })
            .sum();
        assert!(links > 0, "{name}");
        assert_eq!(d.flows.len(), links, "{name}: flows");
        let boundaries = entries(&v, "trust_boundaries");
        assert_eq!(d.boundaries.len(), boundaries.len(), "{name}: boundaries");
        let cats = categories(&v);
        let risks: usize = cats
            .iter()
            .map(|c| entries(c, "risks_identified").len())
            .sum();
        let abuse = entries(&v, "abuse_cases").len();
        assert_eq!(m.threats.len(), risks + abuse, "{name}: threats");
        let texts: HashSet<String> = cats
            .iter()
            .map(|c| text(c, "mitigation"))
            .filter(|t| !t.trim().is_empty())
            .collect();
        let requirements = entries(&v, "security_requirements").len();
        assert_eq!(
            m.mitigations.len(),
            texts.len() + requirements,
            "{name}: mitigations"
        );
        assert_eq!(
            m.assumptions.len(),
            entries(&v, "questions").len(),
            "{name}: assumptions"
        );
        let linked = m
            .threats
            .iter()
            .filter(|t| !t.mitigations.is_empty())
            .count();
        assert_eq!(
            linked, risks,
            "{name}: every risk linked to its category's mitigation"
        );
        crate::imported::assert_sound_and_readable(m, name);

        // Membership: each asset in the boundary that lists it, each nested boundary in its
        // parent (first listing wins, in the order the importer reads: by title).
        let membership = Membership::compute(d);
        let element = |id: &str| {
            let title = &assets.iter().find(|(_, a)| text(a, "id") == id)?.0;
            d.elements.iter().find(|e| &e.name == title)
        };
        let boundary_title: HashMap<String, String> = boundaries
            .iter()
            .map(|(t, b)| (text(b, "id"), t.clone()))
            .collect();
        let mut placed = HashSet::new();
        for (title, b) in &boundaries {
            for id in strings(b, "technical_assets_inside") {
                let Some(e) = element(&id) else { continue };
                if !placed.insert(id.clone()) {
                    continue;
                }
                let zone = membership.zone_of(d, &e.id).map(|z| z.name.clone());
                assert_eq!(zone.as_deref(), Some(title.as_str()), "{name}: {id}");
            }
            for nested in strings(b, "trust_boundaries_nested") {
                let inner = d
                    .boundaries
                    .iter()
                    .find(|x| Some(&x.name) == boundary_title.get(&nested));
                let outer = d.boundaries.iter().find(|x| &x.name == title).unwrap();
                let inner = inner.unwrap_or_else(|| panic!("{name}: {nested}"));
                let (o, i) = (outer.rect(), inner.rect());
                assert!(o.contains_rect(&i), "{name}: {nested} inside {title}");
            }
        }
    }
}

#[test]
fn the_demos_links_and_risks_keep_their_values() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let imported = strider::io::import_file(&corpus.join(FILES[0])).unwrap();
    let m = &imported.model;
    let d = &m.diagrams[0];
    let name_of = |id: &strider::model::Id| {
        d.elements
            .iter()
            .find(|e| &e.id == id)
            .map(|e| e.name.as_str())
            .unwrap_or("")
    };
    // "Database Traffic": ERP system -> SQL database over plain jdbc with credentials.
    let f = d
        .flows
        .iter()
        .find(|f| f.label == "Database Traffic")
        .unwrap();
    assert_eq!(
        (name_of(&f.from), name_of(&f.to)),
        ("Backoffice ERP System", "Customer Contract Database")
    );
    assert_eq!(f.protocol, "jdbc");
    assert!(!f.encrypted && f.authenticated && !f.public_network);
    assert!(f.bidirectional, "sends and receives data");
    // A link from a client on the internet is on a public network.
    let web = d
        .flows
        .iter()
        .find(|f| f.label == "Customer Traffic")
        .unwrap();
    assert!(web.public_network && web.encrypted);
    // The database risk: on its store, rated, its CWE, HTML stripped from its title.
    let t = m
        .threats
        .iter()
        .find(|t| t.title == "Example Individual Risk at Database")
        .unwrap();
    assert_eq!(
        name_of(t.target.as_ref().unwrap()),
        "Customer Contract Database"
    );
    assert_eq!(t.stride, vec![strider::model::Stride::Repudiation]);
    assert_eq!(t.priority, Some(strider::model::Priority::High));
    assert!(t.rating.cell().is_some());
    assert_eq!(
        strider::model::standards::ids(&t.standards, "CWE"),
        ["CWE-693"]
    );
    // Unanswered questions are open; the demo's tracking names only built-in risks.
    assert!(m.assumptions.iter().any(|a| a.tag == "Open question"));
    assert!(
        imported
            .report
            .iter()
            .any(|l| l.contains("untrusted-deserialization@erp-system")),
        "{:?}",
        imported.report
    );
}

#[test]
fn risk_tracking_applies_by_wildcard_and_reports_what_it_cannot() {
    let yaml = r#"
threagile_version: 1.0.0
title: Tracked
technical_assets:
  Web App:
    id: web-app
    type: process
    communication_links:
      Queries:
        target: db
        protocol: jdbc
  DB:
    id: db
    type: datastore
custom_risk_categories:
  - id: weird-auth
    title: Weird Auth
    stride: spoofing
    mitigation: Use the SSO
    risks_identified:
      Weird auth at web:
        severity: elevated
        most_relevant_technical_asset: web-app
      Weird auth on queries:
        severity: low
        most_relevant_communication_link: web-app>queries
risk_tracking:
  weird-auth@*:
    status: accepted
    justification: Internal only
  weird-auth@web-app>queries:
    status: false-positive
  sql-injection@*@*:
    status: mitigated
"#;
    let imported = import_bytes(yaml.as_bytes(), "tracked.yaml").unwrap();
    let m = &imported.model;
    let at_web = m
        .threats
        .iter()
        .find(|t| t.title == "Weird auth at web")
        .unwrap();
    assert_eq!(at_web.status, ThreatStatus::Resolved);
    assert_eq!(at_web.response, Some(RiskResponse::Accept));
    assert_eq!(at_web.justification, "Internal only");
    let on_link = m
        .threats
        .iter()
        .find(|t| t.title == "Weird auth on queries")
        .unwrap();
    assert_eq!(on_link.status, ThreatStatus::NotUseful);
    assert_eq!(
        on_link.target,
        Some(m.diagrams[0].flows[0].id.clone()),
        "on the flow"
    );
    assert!(
        imported
            .report
            .iter()
            .any(|l| l.contains("sql-injection@*@*"))
    );
    assert_eq!(m.mitigations.len(), 1);
}

/// Each hostile file is refused with a reason (and, for YAML errors, a position) or read as a
/// sound model, within a second.
#[test]
fn hostile_threagile_files_fail_cleanly_and_quickly() {
    let mut laughs = String::from(
        "threagile_version: 1.0.0\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let p = i - 1;
        laughs.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let mut merges = String::from("m0: &m0 {k0: v}\n");
    for i in 1..40 {
        let p = i - 1;
        merges.push_str(&format!(
            "m{i}: &m{i}\n  <<: [*m{p}, *m{p}, *m{p}, *m{p}]\n  k{i}: v\n"
        ));
    }
    merges.push_str("threagile_version: 1.0.0\n");
    let deep = format!(
        "threagile_version: 1.0.0\ntitle: {}x{}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let refused: [(&str, String, &str); 8] = [
        ("billion laughs", laughs, "YAML refused"),
        ("merge-key bomb", merges, "YAML refused"),
        ("deep nesting", deep, "malformed YAML"),
        ("wrong type", "threagile_version: 1.0.0\ntechnical_assets: [a, b]\n".into(), "`technical_assets` must be a map"),
        ("newer version", "threagile_version: 2.0.0\ntechnical_assets: {}\n".into(), "Threagile version 2.0.0"),
        ("includes", "threagile_version: 1.0.0\nincludes: [more.yaml]\n".into(), "more.yaml"),
        ("truncated", "threagile_version: 1.0.0\ntechnical_assets:\n  A:\n    id: a\n    communication_links: {x: [\n".into(), "malformed YAML"),
        ("not a model", "just: some\nconfig: file\n".into(), "neither a Threagile model"),
    ];
    for (what, text, says) in refused {
        let start = Instant::now();
        let e = import_bytes(text.as_bytes(), "hostile.yaml").expect_err(what);
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{what} took {:?}",
            start.elapsed()
        );
        let message = e.to_string();
        assert!(message.contains(says), "{what}: {message}");
        if says.contains("YAML") {
            assert!(e.position.is_some(), "{what}: {message}");
        }
    }
    // Dangling references and odd values are read, reported, and give a sound model.
    let odd = r#"
threagile_version: 1.0.0
technical_assets:
  A:
    id: a
    type: spaceship
    technologies: [1, true]
    communication_links:
      To nowhere: {target: ghost}
      To itself: {target: a}
  B: 42
trust_boundaries:
  Loop 1: {id: l1, trust_boundaries_nested: [l2], technical_assets_inside: [a, ghost]}
  Loop 2: {id: l2, trust_boundaries_nested: [l1]}
individual_risk_categories:
  Odd:
    id: odd
    risks_identified:
      At ghost: {most_relevant_technical_asset: ghost, severity: 7}
"#;
    let imported = import_bytes(odd.as_bytes(), "odd.yaml").unwrap();
    let m = &imported.model;
    assert!(
        strider::model::validate(m).is_empty(),
        "{:?}",
        strider::model::validate(m)
    );
    assert!(m.diagrams[0].flows.is_empty());
    let report = imported.report.join("\n");
    for says in [
        "ghost",
        "spaceship",
        "nested inside itself",
        "To itself",
        "\"B\" is not a map",
    ] {
        assert!(
            report.contains(says) || report.contains("no known `type`"),
            "{says}: {report}"
        );
    }
    assert_eq!(m.threats[0].target, None);
}

#[test]
fn otm_in_yaml_reads_as_its_json_twin() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let yaml = strider::io::import_file(&corpus.join("otm/EXAMPLE.yaml")).unwrap();
    let json = strider::io::import_file(&corpus.join("otm/EXAMPLE.otm.json")).unwrap();
    assert_eq!(yaml.format, strider::io::Foreign::Otm);
    assert_eq!(yaml.model, json.model);
    assert_eq!(yaml.report, json.report);
}
