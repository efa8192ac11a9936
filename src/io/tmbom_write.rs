//! A Strider model as TM-BOM 1.0 (the OWASP Threat Model Library's format), which closes every
//! object and requires fields Strider does not have: those are filled with neutral values and
//! each is named in the export's notes. Ids become symbolic names ("T01" -> "t01").

use crate::model::geometry::Membership;
use crate::model::{
    Band, ElementKind, Impact, Likelihood, MitigationStatus, Model, Priority, RiskSettings,
    ThreatStatus, standards,
};
use serde_json::{Value, json};
use std::collections::HashMap;

const SCHEMA: &str = "https://github.com/OWASP/www-project-threat-model-library/blob/v1.0.2/threat-model.schema.json";
const OUTSIDE: &str = "outside-trust-zones";

/// The TM-BOM document, and a note for each value TM-BOM required that Strider did not have,
/// and each thing it could not hold.
pub fn to_json(model: &Model) -> (String, Vec<String>) {
    let mut notes = vec![
        "scope: business criticality \"moderate\", exposure \"external\", tier \"important\" \
         and no data sensitivity are written because TM-BOM requires them; set them in the file"
            .to_owned(),
    ];
    let name = |id: &str| {
        id.to_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    };
    let (mut zones, mut actors, mut components, mut stores, mut flows) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut outside = false;
    let mut kinds: HashMap<&str, &str> = HashMap::new();
    let mut store_types_guessed = 0;
    for d in &model.diagrams {
        let membership = Membership::compute(d);
        for b in &d.boundaries {
            zones.push(json!({
                "symbolic_name": name(b.id.as_str()),
                "title": b.name,
                "description": b.description,
            }));
        }
        for e in &d.elements {
            let zone = membership
                .zone_of(d, &e.id)
                .map_or_else(|| OUTSIDE.to_owned(), |z| name(z.id.as_str()));
            outside |= zone == OUTSIDE;
            let common = |extra: Value| {
                let mut v = json!({
                    "symbolic_name": name(e.id.as_str()),
                    "title": e.name,
                    "description": e.description,
                    "trust_zone": zone,
                });
                if let (Value::Object(v), Value::Object(extra)) = (&mut v, extra) {
                    v.extend(extra);
                }
                v
            };
            match e.kind {
                ElementKind::Actor => {
                    kinds.insert(e.id.as_str(), "actor");
                    let kind = if e.props.human { "user" } else { "system" };
                    actors.push(common(json!({ "type": kind })));
                }
                ElementKind::Process => {
                    kinds.insert(e.id.as_str(), "component");
                    components.push(common(json!({})));
                }
                ElementKind::Store => {
                    kinds.insert(e.id.as_str(), "data_store");
                    let (kind, guessed) = store_type(&e.technology);
                    store_types_guessed += usize::from(guessed);
                    let mut extra = json!({ "type": kind });
                    if !e.technology.is_empty() {
                        extra["product"] = json!(e.technology);
                    }
                    stores.push(common(extra));
                }
            }
        }
        for f in &d.flows {
            let end = |id: &crate::model::Id| json!({ "type": kinds.get(id.as_str()).copied().unwrap_or("component"), "object": name(id.as_str()) });
            flows.push(json!({
                "symbolic_name": name(f.id.as_str()),
                "title": f.label,
                "description": f.description,
                "source": end(&f.from),
                "destination": end(&f.to),
                "has_sensitive_data": f.custom.get("tmbom:has_sensitive_data").is_some_and(|v| v == "true"),
                "encrypted": f.encrypted,
            }));
        }
    }
    if store_types_guessed > 0 {
        notes.push(format!(
            "{store_types_guessed} data store(s) had no technology that names a store type; \
             they are written as \"object\" stores"
        ));
    }
    if outside {
        zones.push(json!({
            "symbolic_name": OUTSIDE,
            "title": "Outside every trust boundary",
            "description": "Elements drawn outside every trust boundary in Strider.",
        }));
    }
    // One persona per distinct threat source; TM-BOM requires one on every threat.
    let mut personas: Vec<Value> = Vec::new();
    let mut persona_of: HashMap<String, String> = HashMap::new();
    let mut threats = Vec::new();
    let mut risks = Vec::new();
    let bands = &model.info.risk;
    let mut on_flows = 0;
    for t in &model.threats {
        let source = if t.source.trim().is_empty() {
            "threat actor".to_owned()
        } else {
            t.source.trim().to_owned()
        };
        let persona = persona_of
            .entry(source.clone())
            .or_insert_with(|| {
                let symbolic = format!("persona-{}", personas.len() + 1);
                personas.push(json!({
                    "symbolic_name": symbolic,
                    "title": source,
                    "description": format!("The threat source \"{source}\" of the threat statements."),
                    "is_person": true,
                    "skill_level": "engineer",
                    "access_level": "anonymous",
                    "malicious_intent": true,
                    "applicability_to_org": "moderate",
                }));
                symbolic
            })
            .clone();
        let affected: Vec<String> = match &t.target {
            Some(id) if kinds.contains_key(id.as_str()) => vec![name(id.as_str())],
            Some(_) => {
                on_flows += 1;
                Vec::new()
            }
            None => Vec::new(),
        };
        let event = if t.action.trim().is_empty() {
            t.statement()
        } else {
            t.action.trim().to_owned()
        };
        let title = if t.title.trim().is_empty() {
            t.statement()
        } else {
            t.title.clone()
        };
        let cwe: Vec<Value> = standards::ids(&t.standards, standards::CWE)
            .iter()
            .filter_map(|c| c.trim_start_matches("CWE-").parse::<u64>().ok())
            .map(|n| json!({ "cwe_id": n }))
            .collect();
        let capec: Vec<Value> = standards::ids(&t.standards, standards::CAPEC)
            .iter()
            .filter_map(|c| c.trim_start_matches("CAPEC-").parse::<u64>().ok())
            .map(|n| json!({ "capec_id": n }))
            .collect();
        let mut threat = json!({
            "symbolic_name": name(t.id.as_str()),
            "title": title,
            "description": if t.description.is_empty() { t.statement() } else { t.description.clone() },
            "threat_persona": persona,
            "event": event,
            "sources": ["adversary"],
            "components_affected": affected,
        });
        if !cwe.is_empty() {
            threat["weaknesses"] = json!(cwe);
        }
        if !capec.is_empty() {
            threat["attack_mechanisms"] = json!(capec);
        }
        threats.push(threat);
        if let Some(cell) = t.rating.cell() {
            let score = cell.score();
            risks.push(json!({
                "symbolic_name": format!("risk-{}", name(t.id.as_str())),
                "title": format!("Risk of {}", t.id),
                "description": t.statement(),
                "threats": [name(t.id.as_str())],
                "likelihood": likelihood(cell.likelihood),
                "impact": impact(cell.impact),
                "impact_description": t.impact,
                "score": score,
                "level": level(bands, score),
            }));
        }
    }
    if on_flows > 0 {
        notes.push(format!(
            "{on_flows} threat(s) about a data flow or a trust boundary list no affected \
             component: TM-BOM's threats affect actors, components and stores"
        ));
    }
    if !personas.is_empty() {
        notes.push(
            "threat personas: one per threat source, with skill \"engineer\", access \
             \"anonymous\" and applicability \"moderate\" written because TM-BOM requires them"
                .to_owned(),
        );
    }
    let controls: Vec<Value> = model
        .mitigations
        .iter()
        .map(|m| {
            let addressed: Vec<&crate::model::Threat> = model
                .threats
                .iter()
                .filter(|t| t.mitigations.contains(&m.id))
                .collect();
            let priority = addressed
                .iter()
                .filter_map(|t| t.priority)
                .min()
                .map_or("none", |p| match p {
                    Priority::High => "high",
                    Priority::Medium => "medium",
                    Priority::Low => "low",
                });
            json!({
                "symbolic_name": name(m.id.as_str()),
                "title": m.title,
                "description": m.description,
                "threats": addressed.iter().map(|t| name(t.id.as_str())).collect::<Vec<_>>(),
                "status": match m.status {
                    MitigationStatus::Resolved => "active",
                    MitigationStatus::InProgress => "scheduled",
                    MitigationStatus::Identified => "suggested",
                    MitigationStatus::WillNotAction => "wont_do",
                },
                "priority": priority,
            })
        })
        .collect();
    let assumptions: Vec<Value> = model
        .assumptions
        .iter()
        .map(|a| {
            let validity = match a.tag.trim().to_lowercase().as_str() {
                v @ ("confirmed" | "rejected" | "unconfirmed") => v.to_owned(),
                _ => "unconfirmed".to_owned(),
            };
            json!({ "description": a.text, "validity": validity })
        })
        .collect();
    let statuses = model
        .threats
        .iter()
        .filter(|t| t.status != ThreatStatus::Identified)
        .count();
    if statuses > 0 {
        notes.push(format!(
            "{statuses} threat status(es) are not in the file: TM-BOM's threats have no status \
             (their controls' status is written)"
        ));
    }
    let title = if model.info.title.trim().is_empty() {
        "Threat model".to_owned()
    } else {
        model.info.title.clone()
    };
    let doc = json!({
        "$schema": SCHEMA,
        "version": "1.0",
        "scope": {
            "title": title,
            "description": model.info.description,
            "business_criticality": "moderate",
            "data_sensitivity": [],
            "exposure": "external",
            "tier": "important",
        },
        "description": model.info.scope,
        "trust_zones": zones,
        "trust_boundaries": [],
        "actors": actors,
        "components": components,
        "data_stores": stores,
        "data_sets": [],
        "data_flows": flows,
        "assumptions": assumptions,
        "threat_personas": personas,
        "threats": threats,
        "controls": controls,
        "risks": risks,
    });
    (
        serde_json::to_string_pretty(&doc).unwrap_or_default(),
        notes,
    )
}

/// TM-BOM's store type from a technology, and whether it had to be guessed.
fn store_type(technology: &str) -> (&'static str, bool) {
    let t = technology.to_lowercase();
    let known = [
        ("sql", ["sql", "rds", "aurora", "postgres"]),
        ("key_value", ["dynamo", "redis", "key_value", "cache"]),
        ("document", ["mongo", "document", "cosmos", "couch"]),
        ("object", ["s3", "blob", "bucket", "object"]),
        ("graph", ["neptune", "neo4j", "graph", "graph"]),
        (
            "time_series",
            ["timestream", "influx", "time_series", "prometheus"],
        ),
    ];
    known
        .iter()
        .find(|(_, words)| words.iter().any(|w| t.contains(w)))
        .map_or(("object", true), |(k, _)| (*k, false))
}

fn likelihood(l: Likelihood) -> &'static str {
    match l {
        Likelihood::Rare => "rare",
        Likelihood::Unlikely => "unlikely",
        Likelihood::Possible => "possible",
        Likelihood::Likely => "likely",
        Likelihood::AlmostCertain => "certain",
    }
}

fn impact(i: Impact) -> &'static str {
    match i {
        Impact::Negligible => "negligible",
        Impact::Minor => "minor",
        Impact::Moderate => "moderate",
        Impact::Major => "major",
        Impact::Severe => "severe",
    }
}

fn level(bands: &RiskSettings, score: u8) -> &'static str {
    match bands.band(score) {
        Band::Low => "low",
        Band::Medium => "medium",
        Band::High => "high",
        Band::Critical => "critical",
    }
}
