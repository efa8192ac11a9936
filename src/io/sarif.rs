//! Open threats as SARIF 2.1.0, so that code-scanning dashboards (GitHub, GitLab, Azure DevOps)
//! list them beside the findings of other tools.
//!
//! One result per open threat (identified or in progress). Its rule is the library rule that
//! suggested it, or "manual"; its level follows priority (High is an error, Medium a warning,
//! Low or unset a note); its message is the threat statement; its location is the model file
//! and, when that file is Strider's own, the line of the threat's id.

use crate::model::{Model, Origin, Priority, Risk, Threat, standards};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where the threats live: the model file as the scanning tool should name it, and its text
/// when it is a Strider file (for line numbers).
pub struct Source<'a> {
    pub uri: String,
    pub text: Option<&'a str>,
}

/// The SARIF log of the model's open threats.
pub fn to_json(model: &Model, source: &Source) -> String {
    let lines = source.text.map(id_lines).unwrap_or_default();
    let risks = Risk::all(model);
    let open: Vec<(&Threat, Option<Risk>)> = model
        .threats
        .iter()
        .zip(risks)
        .filter(|(t, _)| t.status.is_open())
        .collect();
    // Rules in first-use order, each with its index for the results.
    let mut rules: Vec<Value> = Vec::new();
    let mut rule_index: BTreeMap<String, usize> = BTreeMap::new();
    let library = crate::stride::Library::builtin();
    let mut results = Vec::with_capacity(open.len());
    let names = model.target_names();
    for &(t, risk) in &open {
        let rule_id = match &t.origin {
            Origin::Rule(id) => id.clone(),
            _ => "manual".to_owned(),
        };
        let index = *rule_index.entry(rule_id.clone()).or_insert_with(|| {
            rules.push(rule(&rule_id, t, library));
            rules.len() - 1
        });
        let mut location = json!({
            "physicalLocation": {
                "artifactLocation": { "uri": source.uri, "index": 0 },
            }
        });
        if let Some(line) = lines.get(t.id.as_str()) {
            location["physicalLocation"]["region"] = json!({ "startLine": line });
        }
        let target = t
            .target
            .as_ref()
            .and_then(|id| names.get(id).map(|n| format!("{n} ({id})")));
        if let Some(target) = &target {
            location["logicalLocations"] = json!([{ "name": target, "kind": "element" }]);
        }
        let mut properties = json!({
            "threatId": t.id.as_str(),
            "status": t.status.label(),
            "stride": t.stride.iter().map(|s| s.label()).collect::<Vec<_>>(),
        });
        if let Some(p) = t.priority {
            properties["priority"] = json!(p.label());
        }
        if let Some(r) = t.response {
            properties["response"] = json!(r.label());
        }
        if let Some(risk) = risk {
            let bands = &model.info.risk;
            properties["inherentRisk"] = json!(risk.inherent.score());
            properties["inherentBand"] = json!(bands.band(risk.inherent.score()).label());
            properties["residualRisk"] = json!(risk.residual.score());
            properties["residualBand"] = json!(bands.band(risk.residual.score()).label());
        }
        let mut message = t.statement();
        if message.is_empty() {
            message = format!("Threat {} has no statement yet.", t.id);
        }
        results.push(json!({
            "ruleId": rule_id,
            "ruleIndex": index,
            "level": level(t.priority),
            "message": { "text": message },
            "locations": [location],
            "partialFingerprints": { "strider/threatId/v1": t.id.as_str() },
            "properties": properties,
        }));
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "Strider",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "artifacts": [{ "location": { "uri": source.uri } }],
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

fn level(priority: Option<Priority>) -> &'static str {
    match priority {
        Some(Priority::High) => "error",
        Some(Priority::Medium) => "warning",
        Some(Priority::Low) | None => "note",
    }
}

/// A reporting descriptor: the library rule's title and its CWE tags, or the "manual" rule.
fn rule(id: &str, first: &Threat, library: &crate::stride::Library) -> Value {
    if id == "manual" {
        return json!({
            "id": "manual",
            "name": "ThreatWrittenByHand",
            "shortDescription": { "text": "A threat the team wrote in the threat model" },
            "properties": { "tags": ["security", "threat-model"] },
        });
    }
    // The threat's own references come from its rule; a user library's rule may not be loaded.
    let cwe: Vec<String> = match library.rule(id) {
        Some(r) => standards::ids(&r.standards, standards::CWE).to_vec(),
        None => standards::ids(&first.standards, standards::CWE).to_vec(),
    };
    let mut tags = vec!["security".to_owned(), "threat-model".to_owned()];
    tags.extend(
        cwe.iter()
            .map(|c| format!("external/cwe/{}", c.to_lowercase())),
    );
    let title = library
        .rule(id)
        .map(|r| r.title.replace(['{', '}'], ""))
        .unwrap_or_else(|| format!("Library rule {id}"));
    let mut properties = json!({ "tags": tags });
    // GitHub code scanning ranks a rule's alerts by this score (0.1-10): from the rule's
    // default priority, as a High rule is about a weakness of that weight.
    if let Some(r) = library.rule(id) {
        let score = match r.priority {
            Priority::High => "8.0",
            Priority::Medium => "5.5",
            Priority::Low => "3.0",
        };
        properties["security-severity"] = json!(score);
    }
    json!({
        "id": id,
        "shortDescription": { "text": title },
        "properties": properties,
    })
}

/// The 1-based line of each `id: "…",` in a Strider file: ids are unique across a model, so
/// each names the line its item starts on.
fn id_lines(text: &str) -> HashMap<&str, usize> {
    text.lines()
        .enumerate()
        .filter_map(|(n, line)| {
            let id = line.trim().strip_prefix("id: \"")?.strip_suffix("\",")?;
            Some((id, n + 1))
        })
        .collect()
}

/// A path as a URI reference: '/' kept, every byte outside RFC 3986's unreserved set escaped.
pub fn uri_of(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_on_their_lines() {
        let text = "(\n    threats: [\n        (\n            id: \"T01\",\n";
        assert_eq!(id_lines(text).get("T01"), Some(&4));
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri_of("models/my model.ron"), "models/my%20model.ron");
        assert_eq!(uri_of("C:\\m\\ü.ron"), "C%3A/m/%C3%BC.ron");
    }
}
