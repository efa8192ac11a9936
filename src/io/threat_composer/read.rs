//! A Threat Composer workspace to a Strider model.

use super::{
    CUSTOM_DESCRIPTION, CUSTOM_JUSTIFICATION, CUSTOM_REFERENCE, CUSTOM_RESPONSE, CUSTOM_TITLE,
    ORIGIN,
};
use crate::io::import::builder::{Builder, split_title};
use crate::io::import::json::{array, clean, number, string, text};
use crate::io::import::{Foreign, ImportError, Imported};
use crate::model::{
    Assumption, Diagram, Id, Mitigation, MitigationStatus, Origin, Priority, RiskResponse, Stride,
    Threat, ThreatStatus,
};
use serde_json::Value;
use std::collections::HashMap;

pub(crate) fn read(root: &Value, path: &str) -> Result<Imported, ImportError> {
    let empty = Value::Object(Default::default());
    // Before schema 1, Threat Composer exported a bare list of threats.
    let (root, bare_threats) = match root {
        Value::Array(_) => (&empty, Some(root)),
        _ => (root, None),
    };
    match root.get("schema") {
        None if bare_threats.is_some() => {}
        Some(v) if v.as_f64() == Some(1.0) => {}
        Some(Value::Number(n)) => {
            return Err(ImportError::new(
                path,
                format!(
                    "written by a newer Threat Composer (schema {n}); Strider reads schema 1 files"
                ),
            ));
        }
        Some(_) => return Err(ImportError::new(path, "`schema` must be the number 1")),
        None => {
            return Err(ImportError::new(
                path,
                "a Threat Composer workspace needs `\"schema\": 1`",
            ));
        }
    }
    for key in [
        "assumptions",
        "mitigations",
        "threats",
        "assumptionLinks",
        "mitigationLinks",
    ] {
        check_list(root, key, path)?;
    }
    for key in ["applicationInfo", "architecture", "dataflow"] {
        if root.get(key).is_some_and(|v| !v.is_object()) {
            return Err(ImportError::new(path, format!("`{key}` must be an object")));
        }
    }
    let null = Value::Null;
    let app = root.get("applicationInfo").unwrap_or(&null);
    let name = string(app, "name");
    let mut b = Builder::new(&crate::io::import::title_or_file_name(&name, path));
    b.model.info.description = string(app, "description");
    let architecture = root.get("architecture").unwrap_or(&null);
    b.model.info.architecture = string(architecture, "description");
    let dataflow = root.get("dataflow").unwrap_or(&null);
    let id = b.id("DFD");
    let mut diagram = Diagram::new(id, "Data flow diagram");
    diagram.description = string(dataflow, "description");
    b.model.diagrams.push(diagram);
    b.note(
        "Threat Composer workspaces have no diagram: an empty one is ready to draw, and the \
         threats have no element or flow yet.",
    );
    for (what, section) in [("architecture", architecture), ("data flow", dataflow)] {
        let image = text(section, "image");
        if !image.is_empty() {
            b.note(format!(
                "The {what} image ({} KB) was not imported: Strider draws its diagrams itself.",
                image.len() / 1024
            ));
        }
    }
    if let Some(brainstorm) = root.get("brainstorm").and_then(Value::as_object) {
        let notes: usize = brainstorm
            .values()
            .filter_map(Value::as_array)
            .map(Vec::len)
            .sum();
        if notes > 0 {
            b.note(format!(
                "The brainstorm board ({notes} notes) was not imported."
            ));
        }
    }

    let mut ids: HashMap<&str, Id> = HashMap::new();
    let mut taken = Vec::new();
    for a in array(root, "assumptions") {
        let id = b.id_numbered("A", number(a, "numericId"), &mut taken);
        remember(&mut ids, a, &id);
        let mut text = string(a, "content");
        let comments = metadata(a, "Comments");
        if !comments.is_empty() {
            text = format!("{text}\n\nComments: {comments}");
        }
        for field in custom_fields(a, &[]) {
            text = format!("{text}\n{field}");
        }
        b.model.assumptions.push(Assumption {
            id,
            tag: tags(a).join(", "),
            text,
            links: Vec::new(),
        });
    }
    for m in array(root, "mitigations") {
        let id = b.id_numbered("M", number(m, "numericId"), &mut taken);
        remember(&mut ids, m, &id);
        let (title, mut description) = split_title(&string(m, "content"));
        let mut extra = vec![metadata(m, "Comments"), metadata(m, CUSTOM_DESCRIPTION)];
        let tags = tags(m);
        if !tags.is_empty() {
            extra.push(format!("Tags: {}", tags.join(", ")));
        }
        extra.extend(custom_fields(m, &[CUSTOM_REFERENCE, CUSTOM_DESCRIPTION]));
        for e in extra.into_iter().filter(|e| !e.is_empty()) {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(&e);
        }
        b.model.mitigations.push(Mitigation {
            id,
            title,
            description,
            status: match text(m, "status") {
                "mitigationInProgress" => MitigationStatus::InProgress,
                "mitigationResolved" => MitigationStatus::Resolved,
                "mitigationResolvedWillNotAction" => MitigationStatus::WillNotAction,
                _ => MitigationStatus::Identified,
            },
            reference: metadata(m, CUSTOM_REFERENCE),
            effectiveness: None,
            standards: Default::default(),
        });
    }
    let threats = bare_threats.map_or(array(root, "threats"), |t| {
        t.as_array().map_or(&[][..], Vec::as_slice)
    });
    let mut from_packs = 0;
    for t in threats {
        if !t.is_object() {
            return Err(ImportError::new(path, "every threat must be an object"));
        }
        let id = b.id_numbered("T", number(t, "numericId"), &mut taken);
        remember(&mut ids, t, &id);
        if metadata(t, "source") == "threatPack" {
            from_packs += 1;
        }
        if !text(t, "customTemplate").is_empty() {
            b.note(format!(
                "{id}: its custom sentence template was not kept; Strider writes the statement \
                 from the grammar parts."
            ));
        }
        let threat = threat(t, id);
        b.model.threats.push(threat);
    }
    if from_packs > 0 {
        b.note(format!(
            "{from_packs} threat(s) came from a Threat Composer threat pack; the pack references \
             were not kept."
        ));
    }

    let mut dangling = 0;
    for link in array(root, "mitigationLinks") {
        let (Some(m), Some(linked)) = (
            ids.get(text(link, "mitigationId")),
            ids.get(text(link, "linkedId")),
        ) else {
            dangling += 1;
            continue;
        };
        if let Some(t) = b.model.threats.iter_mut().find(|t| &t.id == linked) {
            if !t.mitigations.contains(m) {
                t.mitigations.push(m.clone());
            }
        } else if let Some(a) = b.model.assumptions.iter_mut().find(|a| &a.id == linked) {
            if !a.links.contains(m) {
                a.links.push(m.clone());
            }
        } else {
            dangling += 1;
        }
    }
    for link in array(root, "assumptionLinks") {
        let (Some(a), Some(linked)) = (
            ids.get(text(link, "assumptionId")),
            ids.get(text(link, "linkedId")),
        ) else {
            dangling += 1;
            continue;
        };
        match b.model.assumptions.iter_mut().find(|x| &x.id == a) {
            Some(assumption) if !assumption.links.contains(linked) => {
                assumption.links.push(linked.clone())
            }
            Some(_) => {}
            None => dangling += 1,
        }
    }
    if dangling > 0 {
        b.note(format!(
            "{dangling} link(s) point at threats, mitigations or assumptions that are not in the \
             file and were left out."
        ));
    }
    Ok(Imported {
        model: b.model,
        format: Foreign::ThreatComposer,
        report: b.report,
    })
}

fn check_list(root: &Value, key: &str, path: &str) -> Result<(), ImportError> {
    match root.get(key) {
        None | Some(Value::Array(_)) => Ok(()),
        Some(_) => Err(ImportError::new(path, format!("`{key}` must be a list"))),
    }
}

fn remember<'a>(ids: &mut HashMap<&'a str, Id>, item: &'a Value, id: &Id) {
    let key = text(item, "id");
    if !key.is_empty() {
        ids.insert(key, id.clone());
    }
}

fn tags(item: &Value) -> Vec<String> {
    array(item, "tags")
        .iter()
        .filter_map(Value::as_str)
        .map(clean)
        .filter(|t| !t.is_empty())
        .collect()
}

/// The value of a metadata entry; list values are joined.
fn metadata(item: &Value, key: &str) -> String {
    metadata_list(item, key).join(", ")
}

/// The value of a metadata entry as a list (a single string is a list of one).
fn metadata_list(item: &Value, key: &str) -> Vec<String> {
    array(item, "metadata")
        .iter()
        .find(|m| text(m, "key") == key)
        .map(|m| match m.get("value") {
            Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).map(clean).collect(),
            Some(Value::String(s)) => vec![clean(s)],
            _ => Vec::new(),
        })
        .unwrap_or_default()
}

/// `custom:*` fields other than those Strider reads itself, as "Name: value" lines.
fn custom_fields(item: &Value, known: &[&str]) -> Vec<String> {
    array(item, "metadata")
        .iter()
        .filter_map(|m| {
            let key = text(m, "key");
            let name = key.strip_prefix("custom:")?;
            if known.contains(&key) {
                return None;
            }
            let value = metadata(item, key);
            (!value.is_empty()).then(|| format!("{name}: {value}"))
        })
        .collect()
}

fn threat(t: &Value, id: Id) -> Threat {
    let mut threat = Threat::new(id);
    threat.source = string(t, "threatSource");
    threat.prerequisites = string(t, "prerequisites");
    threat.action = string(t, "threatAction");
    threat.impact = string(t, "threatImpact");
    let list = |key: &str| -> Vec<String> {
        array(t, key)
            .iter()
            .filter_map(Value::as_str)
            .map(clean)
            .filter(|s| !s.is_empty())
            .collect()
    };
    threat.impacted_goals = list("impactedGoal");
    threat.impacted_assets = list("impactedAssets");
    threat.title = metadata(t, CUSTOM_TITLE);
    threat.description = metadata(t, CUSTOM_DESCRIPTION);
    // The stored sentence normally follows from the parts; when someone edited one without the
    // other, the stored sentence is kept as the description rather than lost.
    let stored = string(t, "statement");
    let same = |a: &str, b: &str| a.trim_end_matches('.') == b.trim_end_matches('.');
    if threat.description.is_empty()
        && (!threat.has_grammar() || !same(&stored, &threat.statement()))
    {
        threat.description = stored;
    }
    threat.status = match text(t, "status") {
        "threatResolved" => ThreatStatus::Resolved,
        "threatResolvedNotUseful" => ThreatStatus::NotUseful,
        _ => ThreatStatus::Identified,
    };
    threat.priority = match metadata(t, "Priority").as_str() {
        "High" => Some(Priority::High),
        "Medium" => Some(Priority::Medium),
        "Low" => Some(Priority::Low),
        _ => None,
    };
    for letter in metadata_list(t, "STRIDE") {
        let s = Stride::ALL
            .into_iter()
            .find(|s| letter.starts_with(s.letter()));
        if let Some(s) = s.filter(|s| !threat.stride.contains(s)) {
            threat.stride.push(s);
        }
    }
    threat.stride.sort();
    threat.response = RiskResponse::ALL
        .into_iter()
        .find(|r| r.label() == metadata(t, CUSTOM_RESPONSE));
    threat.justification = metadata(t, CUSTOM_JUSTIFICATION);
    let mut comments = vec![metadata(t, "Comments"), metadata(t, "custom:Comments")];
    let tags = tags(t);
    if !tags.is_empty() {
        comments.push(format!("Tags: {}", tags.join(", ")));
    }
    comments.extend(custom_fields(
        t,
        &[
            CUSTOM_TITLE,
            CUSTOM_DESCRIPTION,
            CUSTOM_RESPONSE,
            CUSTOM_JUSTIFICATION,
            "custom:Comments",
        ],
    ));
    comments.retain(|c| !c.is_empty());
    threat.comments = comments.join("\n");
    let uuid = text(t, "id");
    threat.origin = Origin::Imported(if uuid.is_empty() {
        ORIGIN.to_owned()
    } else {
        format!("{ORIGIN} {uuid}")
    });
    threat
}
