//! A Strider model as a Threat Composer workspace (schema 1). Every object in that format is
//! closed and its strings have maximum lengths, so fields Threat Composer has no place for go in
//! `custom:` metadata (which has no length limit), and what still does not fit is cut and noted.

use super::{
    CUSTOM_DESCRIPTION, CUSTOM_JUSTIFICATION, CUSTOM_REFERENCE, CUSTOM_RESPONSE, CUSTOM_TARGET,
    CUSTOM_TITLE, ORIGIN,
};
use crate::io::uuid::{is_uuid, stable_uuid};
use crate::model::{Id, MitigationStatus, Model, Origin, Threat, ThreatStatus};
use base64::Engine;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// Threat Composer refuses images longer than this (characters of the data URL).
const MAX_IMAGE: usize = 1_000_000;
const PNG_URL: &str = "data:image/png;base64,";

/// Whether a PNG fits Threat Composer's limit on the data-flow image.
pub fn image_fits(png: &[u8]) -> bool {
    PNG_URL.len() + png.len().div_ceil(3) * 4 <= MAX_IMAGE
}

fn image_url(png: &[u8]) -> String {
    format!(
        "{PNG_URL}{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    )
}

/// The JSON text and notes on what had to be shortened or left out. `image` is the data-flow
/// diagram as a PNG, drawn by the caller: a workspace holds one image and no diagram.
pub fn to_json(model: &Model, image: Option<&[u8]>) -> (String, Vec<String>) {
    let mut w = Writer {
        model,
        image: image.filter(|png| image_fits(png)),
        targets: model.shape_names(),
        notes: Vec::new(),
        uuids: HashMap::new(),
    };
    // Uuids given so far, so that a kept one is never given twice (a set: a search would grow
    // with the square of the threats).
    let mut given = std::collections::HashSet::new();
    for id in model
        .threats
        .iter()
        .map(|t| (&t.id, imported_uuid(&t.origin)))
        .chain(model.mitigations.iter().map(|m| (&m.id, None)))
        .chain(model.assumptions.iter().map(|a| (&a.id, None)))
    {
        let uuid =
            id.1.filter(|u| !given.contains(u))
                .unwrap_or_else(|| stable_uuid(&format!("{}/{}", model.info.title, id.0)));
        given.insert(uuid.clone());
        w.uuids.insert(id.0.clone(), uuid);
    }
    w.notes.extend(what_has_no_place(model));
    let root = w.workspace();
    let mut text = serde_json::to_string_pretty(&root).expect("JSON values always serialise");
    text.push('\n');
    (text, w.notes)
}

/// Notes on the parts of a model a Threat Composer workspace has no place for.
fn what_has_no_place(model: &Model) -> Vec<String> {
    let mut notes = Vec::new();
    let (elements, flows, boundaries) = model.diagrams.iter().fold((0, 0, 0), |n, d| {
        (
            n.0 + d.elements.len(),
            n.1 + d.flows.len(),
            n.2 + d.boundaries.len(),
        )
    });
    if elements + flows + boundaries > 0 {
        notes.push(format!(
            "The diagrams' {elements} element(s), {flows} data flow(s) and {boundaries} trust \
             boundary(ies), with their properties, are not in the file as data: a Threat \
             Composer workspace has no diagram, only an image of one, so importing the file \
             gives no diagram back."
        ));
    }
    notes.extend(crate::io::notes::counted(
        model.team.len(),
        "team member(s) are not in the file: a workspace has no team.",
    ));
    notes.extend(crate::io::notes::workshop_records(model));
    let info = &model.info;
    notes.extend(crate::io::notes::fields_left_out(&[
        ("user story", !info.user_story.is_empty()),
        ("scope", !info.scope.is_empty()),
        ("owner", !info.owner.is_empty()),
        ("reviewers", !info.reviewers.is_empty()),
        ("date", !info.date.is_empty()),
        ("version", !info.version.is_empty()),
    ]));
    notes
}

fn imported_uuid(origin: &Origin) -> Option<String> {
    match origin {
        Origin::Imported(from) => from
            .strip_prefix(ORIGIN)
            .map(str::trim)
            .filter(|u| is_uuid(u))
            .map(str::to_owned),
        _ => None,
    }
}

struct Writer<'m> {
    model: &'m Model,
    image: Option<&'m [u8]>,
    /// The name of every shape by id, looked up once rather than searched for every threat.
    targets: HashMap<&'m Id, &'m str>,
    notes: Vec<String>,
    uuids: HashMap<Id, String>,
}

/// A number from a readable id ("T05" gives 5), for Threat Composer's display numbers.
fn numeric(id: &Id, fallback: usize) -> u64 {
    let digits: String = id.0.chars().filter(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(fallback as u64)
}

impl Writer<'_> {
    /// Cuts `text` to `max` characters, noting it.
    fn fit(&mut self, text: &str, max: usize, what: &str) -> String {
        if text.chars().count() <= max {
            return text.to_owned();
        }
        self.notes.push(format!(
            "{what} is longer than Threat Composer allows ({max} characters) and was shortened."
        ));
        let mut cut: String = text.chars().take(max - 3).collect();
        cut.push_str("...");
        cut
    }

    fn workspace(&mut self) -> Value {
        let m = self.model;
        let mut root = Map::new();
        root.insert("schema".into(), json!(1));
        root.insert(
            "applicationInfo".into(),
            json!({
                "name": self.fit(&m.info.title, 200, "The title"),
                "description": self.fit(&m.info.description, 100_000, "The description"),
            }),
        );
        root.insert(
            "architecture".into(),
            json!({ "description": self.fit(&m.info.architecture, 100_000, "The architecture") }),
        );
        root.insert("dataflow".into(), self.dataflow());
        let assumptions = self.assumptions();
        root.insert("assumptions".into(), assumptions);
        let mitigations = self.mitigations();
        root.insert("mitigations".into(), mitigations);
        root.insert("assumptionLinks".into(), self.assumption_links());
        root.insert("mitigationLinks".into(), self.mitigation_links());
        let threats = self.threats();
        root.insert("threats".into(), threats);
        Value::Object(root)
    }

    fn dataflow(&mut self) -> Value {
        let m = self.model;
        let mut description = String::new();
        for (i, d) in m.diagrams.iter().enumerate() {
            if d.description.is_empty() {
                continue;
            }
            if i > 0 {
                description.push_str(&format!("\n\n## {}\n\n", d.name));
            }
            description.push_str(&d.description);
        }
        let mut dataflow = json!({ "description": description.trim() });
        if let Some(png) = self.image {
            dataflow["image"] = json!(image_url(png));
        }
        dataflow
    }

    fn tags(&mut self, tag: &str) -> Vec<String> {
        tag.split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| self.fit(t, 30, &format!("The tag \"{t}\"")))
            .collect()
    }

    fn assumptions(&mut self) -> Value {
        let m = self.model;
        let list = m
            .assumptions
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut o = json!({
                    "id": self.uuids[&a.id],
                    "numericId": numeric(&a.id, i + 1),
                    "displayOrder": i + 1,
                    "content": self.fit(&a.text, 1000, &format!("Assumption {}", a.id)),
                });
                let tags = self.tags(&a.tag);
                if !tags.is_empty() {
                    o["tags"] = json!(tags);
                }
                o
            })
            .collect();
        Value::Array(list)
    }

    fn mitigations(&mut self) -> Value {
        let m = self.model;
        let list = m
            .mitigations
            .iter()
            .enumerate()
            .map(|(i, mitigation)| {
                let mut metadata = Vec::new();
                self.long_text(
                    &mut metadata,
                    "Comments",
                    CUSTOM_DESCRIPTION,
                    &mitigation.description,
                );
                if !mitigation.reference.is_empty() {
                    metadata.push(json!({ "key": CUSTOM_REFERENCE, "value": mitigation.reference }));
                }
                let status = match mitigation.status {
                    MitigationStatus::Identified => "mitigationIdentified",
                    MitigationStatus::InProgress => "mitigationInProgress",
                    MitigationStatus::Resolved => "mitigationResolved",
                    MitigationStatus::WillNotAction => "mitigationResolvedWillNotAction",
                };
                let mut o = json!({
                    "id": self.uuids[&mitigation.id],
                    "numericId": numeric(&mitigation.id, i + 1),
                    "displayOrder": i + 1,
                    "content": self.fit(&mitigation.title, 1000, &format!("Mitigation {}", mitigation.id)),
                    "status": status,
                });
                if !metadata.is_empty() {
                    o["metadata"] = Value::Array(metadata);
                }
                o
            })
            .collect();
        Value::Array(list)
    }

    /// Short text goes in `Comments` (at most 1,000 characters); longer text in a custom field.
    fn long_text(
        &mut self,
        metadata: &mut Vec<Value>,
        short_key: &str,
        long_key: &str,
        text: &str,
    ) {
        if text.is_empty() {
        } else if text.chars().count() <= 1000 {
            metadata.push(json!({ "key": short_key, "value": text }));
        } else {
            metadata.push(json!({ "key": long_key, "value": text }));
        }
    }

    fn assumption_links(&mut self) -> Value {
        let m = self.model;
        let mut links = Vec::new();
        for a in &m.assumptions {
            for linked in &a.links {
                let kind = if m.threat(linked).is_some() {
                    "Threat"
                } else if m.mitigation(linked).is_some() {
                    "Mitigation"
                } else {
                    self.notes.push(format!(
                        "Assumption {}: its link to {linked} has no place in Threat Composer, \
                         which links assumptions to threats and mitigations only.",
                        a.id
                    ));
                    continue;
                };
                links.push(json!({
                    "type": kind,
                    "assumptionId": self.uuids[&a.id],
                    "linkedId": self.uuids[linked],
                }));
            }
        }
        Value::Array(links)
    }

    fn mitigation_links(&mut self) -> Value {
        let m = self.model;
        let links = m
            .threats
            .iter()
            .flat_map(|t| t.mitigations.iter().map(move |mid| (t, mid)))
            .filter(|(_, mid)| m.mitigation(mid).is_some())
            .map(|(t, mid)| {
                json!({ "mitigationId": self.uuids[mid], "linkedId": self.uuids[&t.id] })
            })
            .collect();
        Value::Array(links)
    }

    fn threats(&mut self) -> Value {
        let m = self.model;
        let list = m
            .threats
            .iter()
            .enumerate()
            .map(|(i, t)| self.threat(i, t))
            .collect();
        Value::Array(list)
    }

    fn threat(&mut self, index: usize, t: &Threat) -> Value {
        let what = |part: &str| format!("Threat {}: the {part}", t.id);
        let mut o = json!({
            "id": self.uuids[&t.id],
            "numericId": numeric(&t.id, index + 1),
            "displayOrder": index + 1,
        });
        for (key, value, part) in [
            ("threatSource", &t.source, "threat source"),
            ("prerequisites", &t.prerequisites, "prerequisites"),
            ("threatAction", &t.action, "threat action"),
            ("threatImpact", &t.impact, "threat impact"),
        ] {
            if !value.is_empty() {
                o[key] = json!(self.fit(value, 200, &what(part)));
            }
        }
        for (key, list, part) in [
            ("impactedGoal", &t.impacted_goals, "impacted goal"),
            ("impactedAssets", &t.impacted_assets, "impacted asset"),
        ] {
            if !list.is_empty() {
                let items: Vec<String> =
                    list.iter().map(|s| self.fit(s, 200, &what(part))).collect();
                o[key] = json!(items);
            }
        }
        o["statement"] = json!(self.fit(&t.statement(), 1400, &what("statement")));
        o["status"] = json!(match t.status {
            ThreatStatus::Resolved => "threatResolved",
            ThreatStatus::NotUseful => "threatResolvedNotUseful",
            // Threat Composer has no "in progress" for threats.
            ThreatStatus::Identified | ThreatStatus::InProgress => "threatIdentified",
        });
        let mut metadata = Vec::new();
        if !t.stride.is_empty() {
            let letters: Vec<String> = t.stride.iter().map(|s| s.letter().to_string()).collect();
            metadata.push(json!({ "key": "STRIDE", "value": letters }));
        }
        if let Some(p) = t.priority {
            metadata.push(json!({ "key": "Priority", "value": p.label() }));
        }
        self.long_text(&mut metadata, "Comments", "custom:Comments", &t.comments);
        let target = t
            .target
            .as_ref()
            .and_then(|id| self.targets.get(id))
            .map(|name| (*name).to_owned());
        for (key, value) in [
            (CUSTOM_TITLE, Some(t.title.clone())),
            (CUSTOM_DESCRIPTION, Some(t.description.clone())),
            (CUSTOM_RESPONSE, t.response.map(|r| r.label().to_owned())),
            (CUSTOM_JUSTIFICATION, Some(t.justification.clone())),
            (CUSTOM_TARGET, target),
        ] {
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                metadata.push(json!({ "key": key, "value": v }));
            }
        }
        if !metadata.is_empty() {
            o["metadata"] = Value::Array(metadata);
        }
        o
    }
}
