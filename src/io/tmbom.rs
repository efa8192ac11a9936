//! TM-BOM (the OWASP Threat Model Library's JSON, schema 1.x) to a Strider model: trust zones
//! as boundaries, actors, components and data stores as elements in their zone, data flows,
//! threats (one per affected element, or about the whole system) with their CWE and CAPEC, the
//! risks' likelihood and impact as the threat's rating, controls as mitigations, assumptions.
//! TM-BOM has no coordinates: the diagram is laid out automatically, each element in its zone.

use crate::io::import::builder::{Builder, distinct_ends};
use crate::io::import::json::{array, flag, string, text};
use crate::io::import::{Foreign, ImportError, Imported};
use crate::model::{
    Assumption, Boundary, Diagram, Element, ElementKind, Flow, Id, Impact, Likelihood,
    MitigationStatus, Priority, Rating, RiskResponse, Threat, standards,
};
use serde_json::Value;
use std::collections::HashMap;

pub(crate) fn read(root: &Value, path: &str) -> Result<Imported, ImportError> {
    let version = text(root, "version");
    if !version.is_empty() && !version.starts_with('1') {
        return Err(ImportError::new(
            path,
            format!("TM-BOM version {version:?}; Strider reads TM-BOM 1.x"),
        ));
    }
    crate::io::import::json::expect_lists(
        root,
        &[
            "trust_zones",
            "actors",
            "components",
            "data_stores",
            "data_flows",
            "threats",
            "controls",
            "risks",
            "assumptions",
        ],
        path,
    )?;
    let null = Value::Null;
    let scope = root.get("scope").unwrap_or(&null);
    let title = crate::io::import::title_or_file_name(&string(scope, "title"), path);
    let mut b = Builder::new(&title);
    b.model.info.description = string(scope, "description");
    b.model.info.scope = string(root, "description");
    let mut d = Diagram::new(Id::from("DFD1"), "Data flow diagram");

    let mut zones: HashMap<&str, Id> = HashMap::new();
    for z in array(root, "trust_zones") {
        let id = b.id("TB");
        let mut boundary =
            Boundary::new(id.clone(), string(z, "title"), (0.0, 0.0), (200.0, 120.0));
        boundary.description = string(z, "description");
        zones.insert(text(z, "symbolic_name"), id);
        d.boundaries.push(boundary);
    }
    // Elements by (kind, symbolic name): names are unique per list, not across lists.
    let mut nodes: HashMap<(&str, &str), Id> = HashMap::new();
    let mut by_name: HashMap<&str, Id> = HashMap::new();
    let mut parent: HashMap<Id, Id> = HashMap::new();
    let mut unzoned = 0;
    for (list, kind, prefix, key) in [
        ("actors", ElementKind::Actor, "E", "actor"),
        ("components", ElementKind::Process, "P", "component"),
        ("data_stores", ElementKind::Store, "D", "data_store"),
    ] {
        for x in array(root, list) {
            let id = b.id(prefix);
            let mut e = Element::new(id.clone(), kind, string(x, "title"), (0.0, 0.0));
            e.description = string(x, "description");
            e.technology = match kind {
                ElementKind::Store => [text(x, "vendor"), text(x, "product"), text(x, "type")]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
                ElementKind::Actor => string(x, "type"),
                ElementKind::Process => String::new(),
            };
            for field in ["permissions", "repo_link", "parent_component"] {
                let value = string(x, field);
                if !value.is_empty() {
                    e.custom.insert(format!("tmbom:{field}"), value);
                }
            }
            match zones.get(text(x, "trust_zone")) {
                Some(z) => {
                    parent.insert(id.clone(), z.clone());
                }
                None => unzoned += 1,
            }
            let name = text(x, "symbolic_name");
            nodes.insert((key, name), id.clone());
            by_name.entry(name).or_insert_with(|| id.clone());
            d.elements.push(e);
        }
    }
    if unzoned > 0 {
        b.note(format!(
            "{unzoned} element(s) name a trust zone that is not in the file; they are drawn \
             outside every zone"
        ));
    }
    for f in array(root, "data_flows") {
        let label = string(f, "title");
        let end = |key: &str| {
            let e = f.get(key)?;
            match e {
                Value::Object(_) => nodes.get(&(text(e, "type"), text(e, "object"))).cloned(),
                Value::String(s) => by_name.get(s.as_str()).cloned(),
                _ => None,
            }
        };
        let Some((from, to)) = distinct_ends(end("source"), end("destination")) else {
            b.note(format!(
                "data flow \"{label}\" names an end that is not an actor, component or data \
                 store of the file; it was not imported"
            ));
            continue;
        };
        let mut flow = Flow::new(b.id("F"), from, to, label);
        flow.description = string(f, "description");
        flow.encrypted = flag(f, "encrypted");
        if flag(f, "has_sensitive_data") {
            flow.custom
                .insert("tmbom:has_sensitive_data".to_owned(), "true".to_owned());
        }
        d.flows.push(flow);
    }
    crate::io::import::nest::lay_out_nested(&mut d, &parent);
    b.note(
        "TM-BOM has no positions: the diagram was laid out automatically, each element inside \
         its trust zone."
            .to_owned(),
    );
    let boundaries = array(root, "trust_boundaries").len();
    if boundaries > 0 {
        b.note(format!(
            "{boundaries} trust boundary(ies) between zones (their access control and \
             authentication) have no place in Strider's model and were not imported"
        ));
    }
    let data_sets = array(root, "data_sets").len();
    if data_sets > 0 {
        b.note(format!("{data_sets} data set(s) were not imported"));
    }

    threats(&mut b, root, &by_name);
    for a in array(root, "assumptions") {
        let id = b.id("A");
        b.model.assumptions.push(Assumption {
            id,
            tag: string(a, "validity"),
            text: string(a, "description"),
            links: Vec::new(),
        });
    }
    b.model.diagrams.push(d);
    Ok(Imported {
        model: b.model,
        format: Foreign::TmBom,
        report: b.report,
    })
}

/// Threats, rated by the risks that name them and mitigated by the controls that name them.
fn threats(b: &mut Builder, root: &Value, by_name: &HashMap<&str, Id>) {
    let personas: HashMap<&str, &Value> = array(root, "threat_personas")
        .iter()
        .map(|p| (text(p, "symbolic_name"), p))
        .collect();
    // Threat name -> the Strider threats made from it.
    let mut made: HashMap<&str, Vec<usize>> = HashMap::new();
    for t in array(root, "threats") {
        let name = text(t, "symbolic_name");
        let affected: Vec<Option<Id>> = {
            let named: Vec<&str> = array(t, "components_affected")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            if named.is_empty() {
                vec![None]
            } else {
                named
                    .iter()
                    .map(|n| {
                        let id = by_name.get(n).cloned();
                        if id.is_none() {
                            b.note(format!(
                                "threat \"{name}\" names {n:?}, which is not in the file"
                            ));
                        }
                        id
                    })
                    .collect()
            }
        };
        for target in affected {
            let mut x = Threat::new(b.threat_id(None));
            x.target = target;
            x.origin = crate::model::Origin::Imported("TM-BOM".into());
            x.title = string(t, "title");
            x.description = string(t, "description");
            let persona = personas
                .get(text(t, "threat_persona"))
                .map(|p| string(p, "title"))
                .unwrap_or_else(|| string(t, "threat_persona"));
            let event = string(t, "event");
            let mut comments = Vec::new();
            if !persona.is_empty() {
                comments.push(format!("Threat persona: {persona}"));
            }
            if !event.is_empty() {
                comments.push(format!("Event: {event}"));
            }
            x.comments = comments.join("\n");
            let ids = |list: &str, key: &str, prefix: &str| -> Vec<String> {
                array(t, list)
                    .iter()
                    .filter_map(|w| w.get(key))
                    .filter_map(|v| match v {
                        Value::Number(n) => Some(format!("{prefix}-{n}")),
                        Value::String(s) if s.starts_with(prefix) => Some(s.clone()),
                        Value::String(s) => Some(format!("{prefix}-{s}")),
                        _ => None,
                    })
                    .collect()
            };
            let cwe = ids("weaknesses", "cwe_id", "CWE");
            let capec = ids("attack_mechanisms", "capec_id", "CAPEC");
            if !cwe.is_empty() {
                x.standards.insert(standards::CWE.to_owned(), cwe);
            }
            if !capec.is_empty() {
                x.standards.insert(standards::CAPEC.to_owned(), capec);
            }
            made.entry(name).or_default().push(b.model.threats.len());
            b.model.threats.push(x);
        }
    }
    // The worst risk naming a threat rates it.
    for r in array(root, "risks") {
        let likelihood = match text(r, "likelihood") {
            "rare" => Some(Likelihood::Rare),
            "unlikely" => Some(Likelihood::Unlikely),
            "possible" => Some(Likelihood::Possible),
            "likely" => Some(Likelihood::Likely),
            "certain" | "almost_certain" => Some(Likelihood::AlmostCertain),
            _ => None,
        };
        let impact = match text(r, "impact") {
            "negligible" => Some(Impact::Negligible),
            "minor" => Some(Impact::Minor),
            "moderate" => Some(Impact::Moderate),
            "major" => Some(Impact::Major),
            "severe" => Some(Impact::Severe),
            _ => None,
        };
        let rating = Rating { likelihood, impact };
        let priority = match text(r, "level") {
            "critical" | "very_high" | "high" => Some(Priority::High),
            "medium" => Some(Priority::Medium),
            "low" | "very_low" => Some(Priority::Low),
            _ => None,
        };
        for name in array(r, "threats").iter().filter_map(Value::as_str) {
            for &i in made.get(name).map(Vec::as_slice).unwrap_or(&[]) {
                let t = &mut b.model.threats[i];
                let score = |r: &Rating| r.cell().map_or(0, |c| c.score());
                if score(&rating) >= score(&t.rating) {
                    t.rating = rating;
                    if !string(r, "impact_description").is_empty() {
                        t.impact = string(r, "impact_description");
                    }
                }
                if priority.is_some_and(|p| t.priority.is_none_or(|q| p < q)) {
                    t.priority = priority;
                }
            }
        }
    }
    for c in array(root, "controls") {
        let id = b.id("M");
        let mut m = crate::model::Mitigation::new(id.clone(), string(c, "title"));
        m.description = string(c, "description");
        m.status = match text(c, "status") {
            "active" | "assumed" => MitigationStatus::Resolved,
            "approved" | "scheduled" => MitigationStatus::InProgress,
            "retired" | "wont_do" => MitigationStatus::WillNotAction,
            _ => MitigationStatus::Identified,
        };
        let rejected = m.status == MitigationStatus::WillNotAction;
        b.model.mitigations.push(m);
        for name in array(c, "threats").iter().filter_map(Value::as_str) {
            match made.get(name) {
                Some(list) => {
                    for &i in list {
                        let t = &mut b.model.threats[i];
                        t.mitigations.push(id.clone());
                        if !rejected {
                            t.response = Some(RiskResponse::Mitigate);
                        }
                    }
                }
                None => b.note(format!(
                    "control \"{}\" names threat {name:?}, which is not in the file",
                    text(c, "symbolic_name")
                )),
            }
        }
    }
}
