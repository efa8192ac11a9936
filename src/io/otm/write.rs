//! A Strider model as OTM 0.2.0: trust boundaries as trust zones (nested by geometry), elements
//! as components (the kind as a tag, which Strider reads back), flows as dataflows, threats as
//! the threat catalogue with an instance on their element or flow, mitigations with a risk
//! reduction. Positions are written relative to the parent, as StartLeft writes them, one
//! representation per diagram.

use crate::model::geometry::Membership;
use crate::model::{
    Effectiveness, ElementKind, MitigationStatus, Model, Stride, ThreatStatus, standards,
};
use serde_json::{Value, json};
use std::collections::HashMap;

/// The OTM document, and a note for each thing OTM could not hold.
pub fn to_json(model: &Model) -> (String, Vec<String>) {
    let mut notes = Vec::new();
    let mut representations = Vec::new();
    let mut zones = Vec::new();
    let mut components = Vec::new();
    let mut dataflows = Vec::new();
    // Threat instances by the id of what they are about.
    let mut instances: HashMap<&str, Vec<Value>> = HashMap::new();
    for t in &model.threats {
        let Some(target) = &t.target else {
            continue;
        };
        let mitigations: Vec<Value> = t
            .mitigations
            .iter()
            .filter_map(|id| model.mitigation(id))
            .map(|m| {
                json!({
                    "mitigation": m.id.as_str(),
                    "state": if m.status == MitigationStatus::Resolved { "implemented" } else { "required" },
                })
            })
            .collect();
        instances.entry(target.as_str()).or_default().push(json!({
            "threat": t.id.as_str(),
            "state": state(t.status),
            "mitigations": mitigations,
        }));
    }
    let whole_system = model.threats.iter().filter(|t| t.target.is_none()).count();
    if whole_system > 0 {
        notes.push(format!(
            "{whole_system} threat(s) about the whole system are in the threat list only: OTM \
             places threats on a component or dataflow"
        ));
    }
    let mut default_zone_needed = false;
    const DEFAULT_ZONE_ID: &str = "strider-outside-boundaries";
    for d in &model.diagrams {
        let membership = Membership::compute(d);
        let extent = crate::diagram::scene::extent(d);
        representations.push(json!({
            "name": d.name,
            "id": d.id.as_str(),
            "type": "diagram",
            "size": {
                "width": (extent.1.0 - extent.0.0).max(1.0).round(),
                "height": (extent.1.1 - extent.0.1).max(1.0).round(),
            },
        }));
        let shape = |id: &str, pos: (f32, f32), origin: (f32, f32), size: (f32, f32)| {
            json!({
                "representation": d.id.as_str(),
                "id": format!("{id}-shape"),
                "position": { "x": (pos.0 - origin.0).round(), "y": (pos.1 - origin.1).round() },
                "size": { "width": size.0.round(), "height": size.1.round() },
            })
        };
        for b in &d.boundaries {
            let parent = membership.parent_of(d, &b.id);
            let mut zone = json!({
                "id": b.id.as_str(),
                "name": b.name,
                "risk": { "trustRating": 50 },
                "representations": [shape(
                    b.id.as_str(),
                    b.pos,
                    parent.map_or((0.0, 0.0), |p| p.pos),
                    b.size,
                )],
            });
            if !b.description.is_empty() {
                zone["description"] = json!(b.description);
            }
            if let Some(p) = parent {
                zone["parent"] = json!({ "trustZone": p.id.as_str() });
            }
            zones.push(zone);
        }
        for e in &d.elements {
            let zone = membership.zone_of(d, &e.id);
            default_zone_needed |= zone.is_none();
            let kind = match e.kind {
                ElementKind::Actor => "actor",
                ElementKind::Process => "process",
                ElementKind::Store => "store",
            };
            let mut c = json!({
                "id": e.id.as_str(),
                "name": e.name,
                "type": if e.technology.trim().is_empty() { kind } else { e.technology.as_str() },
                "parent": { "trustZone": zone.map_or(DEFAULT_ZONE_ID, |z| z.id.as_str()) },
                "tags": [kind],
                "representations": [shape(
                    e.id.as_str(),
                    e.pos,
                    zone.map_or((0.0, 0.0), |z| z.pos),
                    e.size,
                )],
                "threats": instances.remove(e.id.as_str()).unwrap_or_default(),
            });
            if !e.description.is_empty() {
                c["description"] = json!(e.description);
            }
            components.push(c);
        }
        for f in &d.flows {
            let mut flow = json!({
                "id": f.id.as_str(),
                "name": f.label,
                "source": f.from.as_str(),
                "destination": f.to.as_str(),
                "bidirectional": f.bidirectional,
                "threats": instances.remove(f.id.as_str()).unwrap_or_default(),
            });
            if !f.description.is_empty() {
                flow["description"] = json!(f.description);
            }
            dataflows.push(flow);
        }
    }
    let on_boundaries: usize = instances.values().map(Vec::len).sum();
    if on_boundaries > 0 {
        notes.push(format!(
            "{on_boundaries} threat(s) about a trust boundary are in the threat list only: OTM \
             places threats on a component or dataflow"
        ));
    }
    if default_zone_needed {
        zones.push(json!({
            "id": DEFAULT_ZONE_ID,
            "name": "Outside every trust boundary",
            "risk": { "trustRating": 100 },
            "attributes": { super::DEFAULT_ZONE: "true" },
        }));
    }
    let threats: Vec<Value> = model
        .threats
        .iter()
        .map(|t| {
            let statement = t.statement();
            let name = if t.title.trim().is_empty() {
                statement.clone()
            } else {
                t.title.clone()
            };
            let level = |l: Option<u8>| l.map(|l| f64::from(l) * 20.0);
            let mut risk = json!({
                "likelihood": level(t.rating.likelihood.map(|l| l.level())),
                "impact": level(t.rating.impact.map(|i| i.level())).unwrap_or(0.0),
            });
            if t.rating.impact.is_none() {
                risk["impactComment"] = json!("not rated");
            }
            json!({
                "id": t.id.as_str(),
                "name": if name.is_empty() { format!("Threat {}", t.id) } else { name },
                "description": statement,
                "categories": t.stride.iter().map(|s| category(*s)).collect::<Vec<_>>(),
                "cwes": standards::ids(&t.standards, standards::CWE),
                "risk": risk,
            })
        })
        .collect();
    let mitigations: Vec<Value> = model
        .mitigations
        .iter()
        .map(|m| {
            let mut x = json!({
                "id": m.id.as_str(),
                "name": m.title,
                "riskReduction": match m.effectiveness {
                    Some(Effectiveness::Strong) => 80,
                    Some(Effectiveness::Partial) => 50,
                    Some(Effectiveness::NoEffect) | None => 0,
                },
            });
            if !m.description.is_empty() {
                x["description"] = json!(m.description);
            }
            if m.effectiveness.is_none() {
                x["attributes"] = json!({ super::NOT_RATED: "not rated" });
            }
            x
        })
        .collect();
    if !model.assumptions.is_empty() {
        notes.push(format!(
            "{} assumption(s) are not in the file: OTM has no assumptions",
            model.assumptions.len()
        ));
    }
    let title = if model.info.title.trim().is_empty() {
        "Threat model".to_owned()
    } else {
        model.info.title.clone()
    };
    let mut project = json!({ "name": title, "id": slug(&title) });
    if !model.info.description.is_empty() {
        project["description"] = json!(model.info.description);
    }
    if !model.info.owner.is_empty() {
        project["owner"] = json!(model.info.owner);
    }
    let otm = json!({
        "otmVersion": "0.2.0",
        "project": project,
        "representations": representations,
        "trustZones": zones,
        "components": components,
        "dataflows": dataflows,
        "threats": threats,
        "mitigations": mitigations,
    });
    (
        serde_json::to_string_pretty(&otm).unwrap_or_default(),
        notes,
    )
}

fn state(s: ThreatStatus) -> &'static str {
    match s {
        ThreatStatus::Identified => "exposed",
        ThreatStatus::InProgress => "in-progress",
        ThreatStatus::Resolved => "mitigated",
        ThreatStatus::NotUseful => "not-applicable",
    }
}

/// STRIDE in the words OTM files use.
fn category(s: Stride) -> &'static str {
    match s {
        Stride::Spoofing => "Spoofing",
        Stride::Tampering => "Tampering",
        Stride::Repudiation => "Repudiation",
        Stride::InformationDisclosure => "Information Disclosure",
        Stride::DenialOfService => "Denial of Service",
        Stride::ElevationOfPrivilege => "Elevation of Privilege",
    }
}

/// "Connected Vehicle: registration" -> "connected-vehicle-registration".
fn slug(title: &str) -> String {
    let mut s = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-').to_owned();
    if s.is_empty() {
        "threat-model".to_owned()
    } else {
        s
    }
}
