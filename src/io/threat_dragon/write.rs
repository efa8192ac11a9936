//! A Strider model as a Threat Dragon v2 model: what opens cleanly in Threat Dragon and validates
//! against its published schema. Boundaries become trust-boundary boxes; threats go on the cell
//! of their target.

use super::read::{CELL_ID, ORIGIN, STRIDER_KEY};
use super::vocabulary::{severity_label, status_label};
use crate::io::notes::counted;
use crate::io::uuid::{is_uuid, stable_uuid};
use crate::model::{Boundary, Diagram, Element, ElementKind, Flow, Id, Mitigation, Model, Threat};
use serde::{Serialize, Serializer};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::io::Write;

/// The Threat Dragon version the file claims to come from: the one whose format it follows.
const TD_VERSION: &str = "2.3.0";

/// The JSON text and notes on what Threat Dragon cannot hold.
pub fn to_json(model: &Model) -> (String, Vec<String>) {
    let mut bytes = Vec::new();
    let notes = write_json(model, &mut bytes).unwrap_or_default();
    // serde_json writes UTF-8 only.
    (String::from_utf8(bytes).unwrap_or_default(), notes)
}

/// Writes the JSON to `out` one cell at a time, so that memory stays near the size of the model
/// however large the file; returns the notes on what Threat Dragon cannot hold.
pub fn write_json(model: &Model, out: &mut dyn Write) -> std::io::Result<Vec<String>> {
    let mut notes = Vec::new();
    let mut used = HashSet::new();
    let mut cell_ids: HashMap<&Id, String> = HashMap::new();
    for d in &model.diagrams {
        for (id, kept) in d
            .elements
            .iter()
            .map(|e| (&e.id, e.custom.get(CELL_ID)))
            .chain(d.flows.iter().map(|f| (&f.id, f.custom.get(CELL_ID))))
            .chain(d.boundaries.iter().map(|b| (&b.id, None)))
        {
            let uuid = kept
                .filter(|k| is_uuid(k) && !used.contains(*k))
                .cloned()
                .unwrap_or_else(|| stable_uuid(&format!("{}/{}", model.info.title, id)));
            used.insert(uuid.clone());
            cell_ids.insert(id, uuid);
        }
    }
    let mut threats_on: HashMap<&Id, Vec<(usize, &Threat)>> = HashMap::new();
    let mut untargeted = 0;
    // Threat numbers are the digits of Strider's ids (T05 is number 5), so ids and order survive a
    // trip through Threat Dragon.
    let mut numbers = HashSet::new();
    let numbered: Vec<Option<usize>> = model
        .threats
        .iter()
        .map(|t| t.id.0.trim_start_matches('T').parse::<usize>().ok())
        .map(|n| n.filter(|n| *n > 0 && numbers.insert(*n)))
        .collect();
    let mut next = numbers.iter().max().copied().unwrap_or(0);
    for (t, n) in model.threats.iter().zip(numbered) {
        let n = n.unwrap_or_else(|| {
            next += 1;
            next
        });
        match &t.target {
            Some(target) if cell_ids.contains_key(target) => {
                threats_on.entry(target).or_default().push((n, t))
            }
            _ => untargeted += 1,
        }
    }
    if untargeted > 0 {
        notes.push(format!(
            "{untargeted} threat(s) have no element or flow; Threat Dragon keeps threats only on \
             diagram cells, so they are not in the file."
        ));
    }
    let on_boundaries: usize = model
        .boundaries()
        .map(|(_, b)| threats_on.get(&b.id).map_or(0, Vec::len))
        .sum();
    if on_boundaries > 0 {
        notes.push(format!(
            "{on_boundaries} threat(s) on trust boundaries are not in the file: Threat Dragon's \
             boundaries hold no threats."
        ));
    }
    notes.extend(what_has_no_place(model));
    let ctx = Context {
        model,
        cell_ids: &cell_ids,
        threats_on: &threats_on,
        mitigations: model.mitigations_by_id(),
    };
    // Threat Dragon keeps unknown keys: the workshop role rides along for the way back.
    let contributors: Vec<Value> = model
        .team
        .iter()
        .map(|m| json!({ "name": m.name, STRIDER_KEY: { "persona": m.persona, "contact": m.contact } }))
        .collect();
    // Fields in alphabetical order, as in a `serde_json::Value`, so the text is the same whether
    // a part is a value or streamed.
    let root = Root {
        detail: Detail {
            contributors,
            diagram_top: model.diagrams.len(),
            diagrams: Diagrams(&ctx),
            reviewer: model.info.reviewers.join(", "),
            threat_top: next.max(model.threats.len()),
        },
        release_version: &model.info.version,
        released_at: &model.info.date,
        summary: json!({
            "title": model.info.title,
            "owner": model.info.owner,
            "description": model.info.description,
            "id": 0,
        }),
        version: TD_VERSION,
    };
    serde_json::to_writer_pretty(&mut *out, &root)?;
    out.write_all(b"\n")?;
    Ok(notes)
}

#[derive(Serialize)]
struct Root<'a> {
    detail: Detail<'a>,
    #[serde(skip_serializing_if = "str::is_empty")]
    release_version: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    released_at: &'a str,
    summary: Value,
    version: &'a str,
}

#[derive(Serialize)]
struct Detail<'a> {
    contributors: Vec<Value>,
    #[serde(rename = "diagramTop")]
    diagram_top: usize,
    diagrams: Diagrams<'a>,
    reviewer: String,
    #[serde(rename = "threatTop")]
    threat_top: usize,
}

/// The diagrams, each made and written in turn.
struct Diagrams<'a>(&'a Context<'a>);

impl Serialize for Diagrams<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ctx = self.0;
        s.collect_seq(
            ctx.model
                .diagrams
                .iter()
                .enumerate()
                .map(|(index, d)| DiagramOut {
                    cells: Cells { ctx, d },
                    description: &d.description,
                    diagram_type: "STRIDE",
                    id: index,
                    placeholder: "",
                    thumbnail: "./public/content/images/thumbnail.stride.jpg",
                    title: &d.name,
                    version: TD_VERSION,
                }),
        )
    }
}

#[derive(Serialize)]
struct DiagramOut<'a> {
    cells: Cells<'a>,
    description: &'a str,
    #[serde(rename = "diagramType")]
    diagram_type: &'a str,
    id: usize,
    placeholder: &'a str,
    thumbnail: &'a str,
    title: &'a str,
    version: &'a str,
}

/// A diagram's cells: boundaries, elements, then flows, each built as a value only while it is
/// written.
struct Cells<'a> {
    ctx: &'a Context<'a>,
    d: &'a Diagram,
}

impl Serialize for Cells<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (ctx, d) = (self.ctx, self.d);
        s.collect_seq(
            d.boundaries
                .iter()
                .map(|b| ctx.boundary(b))
                .chain(
                    d.elements
                        .iter()
                        .enumerate()
                        .map(|(z, e)| ctx.element(e, z)),
                )
                .chain(d.flows.iter().map(|f| ctx.flow(f))),
        )
    }
}

/// Notes on the parts of a model Threat Dragon has no place for.
fn what_has_no_place(model: &Model) -> Vec<String> {
    let mut notes = Vec::new();
    let mut count = |n: usize, what: &str| notes.extend(counted(n, what));
    count(
        model.assumptions.len(),
        "assumption(s) are not in the file: Threat Dragon has no place for assumptions.",
    );
    let linked: HashSet<&Id> = model
        .threats
        .iter()
        .filter(|t| t.target.is_some())
        .flat_map(|t| &t.mitigations)
        .collect();
    count(
        linked.len(),
        "mitigation(s) are written as text in the mitigation field of the threats they address: \
         Threat Dragon keeps no separate mitigations, so their ids, status and references are \
         not in the file, and on import a mitigation comes back once per threat text.",
    );
    count(
        model
            .mitigations
            .iter()
            .filter(|m| !linked.contains(&m.id))
            .count(),
        "mitigation(s) address no threat on a diagram and are not in the file.",
    );
    let grammar = model
        .threats
        .iter()
        .filter(|t| {
            !(t.source.is_empty()
                && t.prerequisites.is_empty()
                && t.action.is_empty()
                && t.impact.is_empty()
                && t.impacted_goals.is_empty()
                && t.impacted_assets.is_empty())
        })
        .count();
    count(
        grammar,
        "threat(s) are written in the threat grammar: Threat Dragon keeps the statement as the \
         title, not its six parts.",
    );
    count(
        model
            .threats
            .iter()
            .filter(|t| !t.justification.is_empty() || !t.comments.is_empty())
            .count(),
        "threat(s) have a justification or comments, which Threat Dragon has no place for.",
    );
    notes.extend(crate::io::notes::workshop_records(model));
    let info = &model.info;
    notes.extend(crate::io::notes::fields_left_out(&[
        ("user story", !info.user_story.is_empty()),
        ("architecture", !info.architecture.is_empty()),
        ("scope", !info.scope.is_empty()),
    ]));
    notes
}

struct Context<'m> {
    model: &'m Model,
    cell_ids: &'m HashMap<&'m Id, String>,
    threats_on: &'m HashMap<&'m Id, Vec<(usize, &'m Threat)>>,
    /// Mitigations by id, looked up once rather than searched for every threat.
    mitigations: HashMap<&'m Id, &'m Mitigation>,
}

impl Context<'_> {
    /// The cell id of a shape. Every shape of the model has one; an id that names no shape (a
    /// flow's missing end, which `export` repairs before writing) still gets a stable one rather
    /// than stopping the export.
    fn cell(&self, id: &Id) -> String {
        self.cell_ids
            .get(id)
            .cloned()
            .unwrap_or_else(|| stable_uuid(&format!("{}/{}", self.model.info.title, id)))
    }

    fn boundary(&self, b: &Boundary) -> Value {
        json!({
            "id": self.cell(&b.id),
            "shape": "trust-boundary-box",
            "zIndex": -1,
            "visible": true,
            "position": { "x": b.pos.0, "y": b.pos.1 },
            "size": { "width": b.size.0.max(10.0), "height": b.size.1.max(10.0) },
            "attrs": { "label": { "text": b.name } },
            "data": {
                "type": "tm.BoundaryBox",
                "name": b.name,
                "description": b.description,
                "isTrustBoundary": true,
                "hasOpenThreats": false,
            },
        })
    }

    fn threats(&self, target: &Id) -> (Vec<Value>, bool) {
        let list = self.threats_on.get(target).map_or(&[][..], Vec::as_slice);
        let open = list.iter().any(|(_, t)| t.status.is_open());
        let threats = list.iter().map(|(n, t)| self.threat(*n, t)).collect();
        (threats, open)
    }

    fn threat(&self, number: usize, t: &Threat) -> Value {
        let id = match &t.origin {
            crate::model::Origin::Imported(from) => from
                .strip_prefix(ORIGIN)
                .map(str::trim)
                .filter(|s| is_uuid(s))
                .map(str::to_owned),
            _ => None,
        }
        .unwrap_or_else(|| stable_uuid(&format!("{}/{}", self.model.info.title, t.id)));
        let title = if t.title.is_empty() {
            t.statement()
        } else {
            t.title.clone()
        };
        let mitigation: Vec<String> = t
            .mitigations
            .iter()
            .filter_map(|id| self.mitigations.get(id))
            .map(|m| {
                if m.description.is_empty() {
                    m.title.clone()
                } else if m.description.starts_with(&m.title) {
                    m.description.clone()
                } else {
                    format!("{}\n{}", m.title, m.description)
                }
            })
            .collect();
        json!({
            "id": id,
            "title": title,
            // Strider's category labels are Threat Dragon's English ones.
            "type": t.stride.first().map_or("", |s| s.label()),
            "status": status_label(t.status, t.response),
            "severity": severity_label(t.priority),
            "description": t.description,
            "mitigation": mitigation.join("\n\n"),
            "modelType": "STRIDE",
            "number": number,
            "score": t.rating.score_text().unwrap_or_default(),
            "new": false,
        })
    }

    fn element(&self, e: &Element, z: usize) -> Value {
        let (threats, open) = self.threats(&e.id);
        let stroke = style(open, e.out_of_scope);
        let (shape, kind) = match e.kind {
            ElementKind::Actor => ("actor", "tm.Actor"),
            ElementKind::Process => ("process", "tm.Process"),
            ElementKind::Store => ("store", "tm.Store"),
        };
        let attrs = match e.kind {
            ElementKind::Store => {
                json!({ "text": { "text": e.name }, "topLine": stroke, "bottomLine": stroke })
            }
            _ => json!({ "text": { "text": e.name }, "body": stroke }),
        };
        let kept = |key: &str| {
            e.custom
                .get(&format!("threat-dragon:{key}"))
                .is_some_and(|v| v == "true")
        };
        let mut data = json!({
            "type": kind,
            "name": e.name,
            "description": e.description,
            "isTrustBoundary": false,
            "outOfScope": e.out_of_scope,
            "reasonOutOfScope": e.out_of_scope_reason,
            "hasOpenThreats": open,
            "threats": threats,
        });
        let p = &e.props;
        let flags: Vec<(&str, Value)> = match e.kind {
            ElementKind::Actor => vec![("providesAuthentication", json!(p.authenticates_users))],
            ElementKind::Process => vec![
                ("handlesCardPayment", json!(kept("handlesCardPayment"))),
                (
                    "handlesGoodsOrServices",
                    json!(kept("handlesGoodsOrServices")),
                ),
                ("isWebApplication", json!(p.web_application)),
                (
                    "privilegeLevel",
                    json!(match p.privilege {
                        Some(level) => format!("{level:?}"),
                        None => e
                            .custom
                            .get("threat-dragon:privilegeLevel")
                            .cloned()
                            .unwrap_or_default(),
                    }),
                ),
            ],
            ElementKind::Store => vec![
                ("isALog", json!(p.holds_logs)),
                ("isEncrypted", json!(p.encrypted_at_rest)),
                ("isSigned", json!(kept("isSigned"))),
                ("storesCredentials", json!(p.stores_credentials)),
                ("storesInventory", json!(kept("storesInventory"))),
            ],
        };
        for (k, v) in flags {
            data[k] = v;
        }
        // Threat Dragon keeps keys it does not know, so what only Strider has travels along and
        // comes back on import.
        let own: std::collections::BTreeMap<&String, &String> = e
            .custom
            .iter()
            .filter(|(k, _)| !k.starts_with("threat-dragon:"))
            .collect();
        if !e.technology.is_empty() || e.props != Default::default() || !own.is_empty() {
            data[STRIDER_KEY] = json!({
                "technology": e.technology,
                "properties": e.props,
                "custom": own,
            });
        }
        json!({
            "id": self.cell(&e.id),
            "shape": shape,
            "zIndex": z + 1,
            "visible": true,
            "position": { "x": e.pos.0, "y": e.pos.1 },
            "size": { "width": e.size.0.max(10.0), "height": e.size.1.max(10.0) },
            "attrs": attrs,
            "data": data,
        })
    }

    fn flow(&self, f: &Flow) -> Value {
        let (threats, open) = self.threats(&f.id);
        let mut line = style(open, f.out_of_scope);
        line["targetMarker"] = json!({ "name": "block" });
        line["sourceMarker"] = json!({ "name": if f.bidirectional { "block" } else { "" } });
        json!({
            "id": self.cell(&f.id),
            "shape": "flow",
            "zIndex": 10,
            "width": 200,
            "height": 100,
            "connector": "smooth",
            "source": { "cell": self.cell(&f.from) },
            "target": { "cell": self.cell(&f.to) },
            "vertices": f.waypoints.iter().map(|p| json!({ "x": p.0, "y": p.1 })).collect::<Vec<_>>(),
            "labels": [{
                "markup": [
                    { "tagName": "ellipse", "selector": "labelBody" },
                    { "tagName": "text", "selector": "labelText" },
                ],
                "attrs": {
                    "labelText": {
                        "text": f.label,
                        "textAnchor": "middle",
                        "textVerticalAnchor": "middle",
                    },
                    "labelBody": {
                        "ref": "labelText",
                        "refRx": "50%",
                        "refRy": "60%",
                        "fill": "#fff",
                        "strokeWidth": 0,
                    },
                },
                "position": 0.5,
            }],
            "attrs": { "line": line },
            "data": {
                "type": "tm.Flow",
                "name": f.label,
                "description": f.description,
                "isTrustBoundary": false,
                "outOfScope": f.out_of_scope,
                "reasonOutOfScope": f.out_of_scope_reason,
                "isBidirectional": f.bidirectional,
                "isEncrypted": f.encrypted,
                "isPublicNetwork": f.public_network,
                "protocol": f.protocol,
                "hasOpenThreats": open,
                "threats": threats,
                STRIDER_KEY: { "authenticated": f.authenticated },
            },
        })
    }
}

/// The stroke Threat Dragon itself gives a cell in this state (it restyles only cells that change).
/// A solid line is written as an empty dash pattern: Threat Dragon writes `null`, which its own
/// schema marks "nullable", but that is an OpenAPI word a JSON Schema validator does not know.
fn style(open_threats: bool, out_of_scope: bool) -> Value {
    json!({
        "stroke": if open_threats { "red" } else { "#333333" },
        "strokeWidth": if open_threats { 2.5 } else { 1.5 },
        "strokeDasharray": if out_of_scope { "4 3" } else { "" },
    })
}
