//! Threat Dragon JSON to a Strider model. v1 keeps an element's properties on the cell itself
//! and v2 in `cell.data`; otherwise the two are read by the same code, as leniently as Threat
//! Dragon reads them.

use super::vocabulary::{is_stride_model, priority_of, status_of, stride_of};
use crate::io::import::builder::{Builder, distinct_ends};
use crate::io::import::json::{array, clean, coordinate, flag, number, point, string, text};
use crate::io::import::{Foreign, ImportError, Imported};
use crate::model::{
    Boundary, Diagram, Element, ElementKind, Flow, Id, MitigationStatus, Origin, Persona,
    Privilege, RiskResponse, TeamMember, Threat, ThreatStatus,
};
use serde_json::Value;
use std::collections::HashMap;

/// The key under which an element or flow keeps its Threat Dragon cell id, so that an export
/// back to Threat Dragon keeps the ids its users know.
pub(crate) const CELL_ID: &str = "threat-dragon:id";

/// The key under which an exported cell carries what only Strider has (technology, the element
/// properties Threat Dragon lacks); Threat Dragon keeps keys it does not know.
pub(crate) const STRIDER_KEY: &str = "strider";

pub(crate) fn read(root: &Value, format: Foreign, path: &str) -> Result<Imported, ImportError> {
    let summary = root
        .get("summary")
        .filter(|v| v.is_object())
        .ok_or_else(|| {
            let hint = if root.get("summarize").is_some() {
                " (it has `summarize`, a misspelling)"
            } else {
                ""
            };
            ImportError::new(
                path,
                format!("a Threat Dragon model needs a `summary` object with the title{hint}"),
            )
        })?;
    let detail = root
        .get("detail")
        .filter(|v| v.is_object())
        .ok_or_else(|| {
            let hint = if root.get("details").is_some() {
                " (it has `details`, a misspelling)"
            } else {
                ""
            };
            ImportError::new(
                path,
                format!("a Threat Dragon model needs a `detail` object with the diagrams{hint}"),
            )
        })?;
    let diagrams = match detail.get("diagrams") {
        Some(Value::Array(ds)) => ds.as_slice(),
        None => &[],
        Some(_) => {
            return Err(ImportError::new(
                path,
                "`detail.diagrams` must be a list of diagrams",
            ));
        }
    };

    let title = string(summary, "title");
    let mut b = Builder::new(&crate::io::import::title_or_file_name(&title, path));
    b.model.info.owner = string(summary, "owner");
    b.model.info.description = string(summary, "description");
    b.model.info.version = string(root, "release_version");
    b.model.info.date = string(root, "released_at");
    let reviewer = string(detail, "reviewer");
    if !reviewer.is_empty() {
        b.model.info.reviewers.push(reviewer);
    }
    let mut contributors: Vec<String> = Vec::new();
    for c in array(detail, "contributors") {
        let name = c.as_str().map_or_else(|| string(c, "name"), clean);
        let persona = c
            .get(STRIDER_KEY)
            .and_then(|s| s.get("persona"))
            .and_then(|p| serde_json::from_value::<Persona>(p.clone()).ok());
        match persona {
            Some(persona) if !name.is_empty() => b.model.team.push(TeamMember {
                persona,
                name,
                contact: c
                    .get(STRIDER_KEY)
                    .map(|s| string(s, "contact"))
                    .unwrap_or_default(),
            }),
            _ if !name.is_empty() => contributors.push(name),
            _ => {}
        }
    }
    if !contributors.is_empty() {
        b.note(format!(
            "Contributors {} are not in the team table: Strider's team lists each person with a \
             workshop role; add them under Team.",
            contributors.join(", ")
        ));
    }
    for (index, d) in diagrams.iter().enumerate() {
        read_diagram(&mut b, d, index, path)?;
    }
    if b.model.diagrams.is_empty() {
        let id = b.id("DFD");
        b.model.diagrams.push(Diagram::new(id, "Data flow diagram"));
        b.note("The model has no diagram; an empty one is ready to draw.");
    }
    Ok(Imported {
        model: b.model,
        format,
        report: b.report,
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Cell {
    Element(ElementKind),
    Flow,
    BoundaryBox,
    BoundaryLine,
    Text,
    Unknown,
}

fn cell_kind(cell: &Value) -> Cell {
    let by_name = |name: &str| match name {
        "actor" | "tm.Actor" => Cell::Element(ElementKind::Actor),
        "process" | "tm.Process" => Cell::Element(ElementKind::Process),
        "store" | "tm.Store" => Cell::Element(ElementKind::Store),
        "flow" | "tm.Flow" => Cell::Flow,
        "trust-boundary-box" | "tm.BoundaryBox" => Cell::BoundaryBox,
        // "trust-broundary-curve" is a misspelling real Threat Dragon files contain.
        "trust-boundary-curve" | "trust-broundary-curve" | "trust-boundary" | "tm.Boundary" => {
            Cell::BoundaryLine
        }
        "td-text-block" | "tm.Text" => Cell::Text,
        _ => Cell::Unknown,
    };
    // The shape is the one thing Threat Dragon never changes, so it wins over `data.type`.
    [
        text(cell, "shape"),
        text(cell, "type"),
        cell.get("data").map_or("", |d| text(d, "type")),
    ]
    .into_iter()
    .map(by_name)
    .find(|k| *k != Cell::Unknown)
    .unwrap_or(Cell::Unknown)
}

/// Where a cell's properties live: `data` in v2, the cell itself in v1.
fn data_of(cell: &Value) -> &Value {
    cell.get("data").filter(|d| d.is_object()).unwrap_or(cell)
}

/// A label as any of the four shapes Threat Dragon has written over the years.
fn label_text(cell: &Value) -> String {
    for label in array(cell, "labels") {
        let found = match label {
            Value::String(s) => Some(s.as_str()),
            Value::Object(_) => ["labelText", "label", "text"]
                .iter()
                .find_map(|k| label.get("attrs")?.get(k)?.get("text")?.as_str()),
            _ => None,
        };
        if let Some(t) = found.filter(|t| !t.trim().is_empty()) {
            return clean(t);
        }
    }
    let attrs = cell.get("attrs");
    ["text", "label", "labelText"]
        .iter()
        .find_map(|k| attrs?.get(k)?.get("text")?.as_str())
        .map(clean)
        .unwrap_or_default()
}

fn name_of(cell: &Value, data: &Value) -> String {
    let name = string(data, "name");
    if name.is_empty() {
        label_text(cell)
    } else {
        name
    }
}

fn read_diagram(b: &mut Builder, d: &Value, index: usize, path: &str) -> Result<(), ImportError> {
    if !d.is_object() {
        return Err(ImportError::new(
            path,
            format!("diagram {} is not an object", index + 1),
        ));
    }
    let cells = d
        .get("cells")
        .or_else(|| d.get("diagramJson")?.get("cells"))
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let title = string(d, "title");
    let id = b.id("DFD");
    let mut diagram = Diagram::new(
        id,
        if title.is_empty() {
            format!("Diagram {}", index + 1)
        } else {
            title
        },
    );
    diagram.description = string(d, "description");
    let diagram_type = string(d, "diagramType");

    let mut by_cell: HashMap<&str, Id> = HashMap::new();
    let mut threats: Vec<(Option<Id>, &Value)> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for cell in cells {
        let data = data_of(cell);
        match cell_kind(cell) {
            Cell::Element(kind) => {
                let e = element(b, cell, data, kind);
                by_cell.insert(text(cell, "id"), e.id.clone());
                threats.extend(
                    array(data, "threats")
                        .iter()
                        .map(|t| (Some(e.id.clone()), t)),
                );
                diagram.elements.push(e);
            }
            Cell::BoundaryBox => {
                let mut name = name_of(cell, data);
                if name.is_empty() {
                    name = "Trust boundary".into();
                }
                let boundary = Boundary {
                    id: b.id("TB"),
                    name,
                    description: string(data, "description"),
                    pos: point(cell.get("position").unwrap_or(&Value::Null)),
                    size: size_of(cell, (200.0, 150.0)),
                };
                by_cell.insert(text(cell, "id"), boundary.id.clone());
                diagram.boundaries.push(boundary);
            }
            Cell::Text => {
                let t = name_of(cell, data);
                if !t.is_empty() {
                    notes.push(t);
                }
            }
            Cell::Flow | Cell::BoundaryLine => {}
            Cell::Unknown => b.note(format!(
                "Diagram \"{}\": a cell of unknown shape {:?} was not imported.",
                diagram.name,
                text(cell, "shape")
            )),
        }
    }
    for cell in cells {
        let data = data_of(cell);
        match cell_kind(cell) {
            Cell::Flow => {
                let label = name_of(cell, data);
                let from = end(cell, "source", &by_cell)
                    .or_else(|| snapped(b, cell, "source", &diagram, &label));
                let to = end(cell, "target", &by_cell)
                    .or_else(|| snapped(b, cell, "target", &diagram, &label));
                // An end on a trust-boundary box goes to the element inside it nearest the
                // flow's other end.
                let centre = |end: &Option<Id>| {
                    end.as_ref()
                        .and_then(|id| diagram.element(id))
                        .map(|e| e.rect().center())
                };
                let (to_centre, from_centre) = (centre(&to), centre(&from));
                let from = b.end_off_boundary(&diagram, from, to_centre, &label, "source");
                let to = b.end_off_boundary(&diagram, to, from_centre, &label, "target");
                let Some((from, to)) = distinct_ends(from, to) else {
                    b.note(format!(
                        "Diagram \"{}\": flow \"{label}\" has an end not attached to any element \
                         (or both on one); Strider's flows join two elements, so it was not imported{}.",
                        diagram.name,
                        match array(data, "threats").len() {
                            0 => String::new(),
                            n => format!(" (its {n} threat(s) were kept without a target)"),
                        }
                    ));
                    threats.extend(array(data, "threats").iter().map(|t| (None, t)));
                    continue;
                };
                let f = flow(b, cell, data, from, to, label);
                threats.extend(
                    array(data, "threats")
                        .iter()
                        .map(|t| (Some(f.id.clone()), t)),
                );
                diagram.flows.push(f);
            }
            Cell::BoundaryLine => {
                let mut points = vec![end_point(cell, "source", &diagram)];
                points.extend(array(cell, "vertices").iter().map(point));
                points.push(end_point(cell, "target", &diagram));
                b.line_boundary(
                    &mut diagram,
                    name_of(cell, data),
                    string(data, "description"),
                    &points,
                );
            }
            _ => {}
        }
    }
    if !notes.is_empty() {
        b.note(format!(
            "Diagram \"{}\": {} text block(s) were added to the diagram's description.",
            diagram.name,
            notes.len()
        ));
        for n in notes {
            if !diagram.description.is_empty() {
                diagram.description.push_str("\n\n");
            }
            diagram.description.push_str(&n);
        }
    }
    // Threat Dragon numbers threats; that order (and number) is kept where there is one.
    threats.sort_by(|a, b| {
        let n = |t: &Value| number(t, "number").unwrap_or(f64::MAX);
        n(a.1).total_cmp(&n(b.1))
    });
    for (target, t) in threats {
        let threat = threat(b, target, t, &diagram_type);
        b.model.threats.push(threat);
    }
    b.model.diagrams.push(diagram);
    Ok(())
}

fn size_of(cell: &Value, default: (f32, f32)) -> (f32, f32) {
    let Some(s) = cell.get("size") else {
        return default;
    };
    let w = coordinate(s, "width");
    let h = coordinate(s, "height");
    if w >= 1.0 && h >= 1.0 {
        (w, h)
    } else {
        default
    }
}

fn element(b: &mut Builder, cell: &Value, data: &Value, kind: ElementKind) -> Element {
    let id = b.id(kind.id_prefix());
    let mut e = Element::new(
        id,
        kind,
        name_of(cell, data),
        point(cell.get("position").unwrap_or(&Value::Null)),
    );
    e.size = size_of(cell, Element::default_size(kind));
    e.description = string(data, "description");
    e.out_of_scope = flag(data, "outOfScope");
    e.out_of_scope_reason = string(data, "reasonOutOfScope");
    let p = &mut e.props;
    match kind {
        ElementKind::Actor => p.authenticates_users = flag(data, "providesAuthentication"),
        ElementKind::Process => {
            p.web_application = flag(data, "isWebApplication");
            p.privilege = privilege_of(text(data, "privilegeLevel"));
        }
        ElementKind::Store => {
            p.holds_logs = flag(data, "isALog");
            p.encrypted_at_rest = flag(data, "isEncrypted");
            p.stores_credentials = flag(data, "storesCredentials");
        }
    }
    // Threat Dragon flags Strider has no property for are kept, to go back out on export.
    for key in [
        "handlesCardPayment",
        "handlesGoodsOrServices",
        "isSigned",
        "storesInventory",
    ] {
        if flag(data, key) {
            e.custom
                .insert(format!("threat-dragon:{key}"), "true".into());
        }
    }
    let level = string(data, "privilegeLevel");
    if !level.is_empty() && e.props.privilege.is_none() {
        e.custom
            .insert("threat-dragon:privilegeLevel".into(), level);
    }
    if let Some(own) = data.get(STRIDER_KEY) {
        e.technology = string(own, "technology");
        if let Some(props) = own
            .get("properties")
            .and_then(|p| serde_json::from_value(p.clone()).ok())
        {
            e.props = props;
        }
        if let Some(custom) = own.get("custom").and_then(Value::as_object) {
            for (k, v) in custom {
                if let Some(v) = v.as_str() {
                    e.custom.insert(k.clone(), v.to_owned());
                }
            }
        }
    }
    keep_cell_id(&mut e.custom, cell);
    e
}

fn privilege_of(level: &str) -> Option<Privilege> {
    match level.trim().to_ascii_lowercase().as_str() {
        "root" | "system" | "kernel" => Some(Privilege::Root),
        "admin" | "administrator" | "elevated" | "high" => Some(Privilege::Elevated),
        "user" | "standard" | "medium" => Some(Privilege::Standard),
        "limited" | "low" | "guest" | "none" => Some(Privilege::Limited),
        _ => None,
    }
}

fn keep_cell_id(custom: &mut std::collections::BTreeMap<String, String>, cell: &Value) {
    let id = text(cell, "id");
    if !id.is_empty() {
        custom.insert(CELL_ID.into(), id.to_owned());
    }
}

fn flow(b: &mut Builder, cell: &Value, data: &Value, from: Id, to: Id, label: String) -> Flow {
    let mut f = Flow::new(b.id("F"), from, to, label);
    f.description = string(data, "description");
    f.protocol = string(data, "protocol");
    f.encrypted = flag(data, "isEncrypted");
    f.public_network = flag(data, "isPublicNetwork");
    f.bidirectional = flag(data, "isBidirectional");
    f.out_of_scope = flag(data, "outOfScope");
    f.out_of_scope_reason = string(data, "reasonOutOfScope");
    f.waypoints = array(cell, "vertices").iter().map(point).collect();
    f.authenticated = data
        .get(STRIDER_KEY)
        .is_some_and(|o| flag(o, "authenticated"));
    keep_cell_id(&mut f.custom, cell);
    f
}

/// The element a flow end is attached to: `{cell}` in v2, `{id}` in v1.
fn end(cell: &Value, key: &str, by_cell: &HashMap<&str, Id>) -> Option<Id> {
    let e = cell.get(key)?;
    let id = e
        .get("cell")
        .or_else(|| e.get("id"))
        .and_then(Value::as_str)?;
    by_cell.get(id).cloned()
}

/// A loose flow end (`{x, y}`) drawn at an element's edge: attached to that element, and noted.
fn snapped(b: &mut Builder, cell: &Value, key: &str, diagram: &Diagram, label: &str) -> Option<Id> {
    // Only a loose end has coordinates; one pointing at a missing cell stays unattached.
    let e = cell.get(key).filter(|e| e.get("x").is_some())?;
    b.attach_loose_end(diagram, label, key, point(e))
}

/// A boundary line's end: a loose point, or the centre of the element it is glued to.
fn end_point(cell: &Value, key: &str, diagram: &Diagram) -> (f32, f32) {
    let e = cell.get(key).unwrap_or(&Value::Null);
    if e.get("x").is_some() {
        return point(e);
    }
    let attached = e
        .get("cell")
        .or_else(|| e.get("id"))
        .and_then(Value::as_str);
    attached
        .and_then(|id| {
            diagram
                .elements
                .iter()
                .find(|el| el.custom.get(CELL_ID).is_some_and(|c| c == id))
        })
        .map_or((0.0, 0.0), |el| el.rect().center())
}

fn threat(b: &mut Builder, target: Option<Id>, t: &Value, diagram_type: &str) -> Threat {
    let mut threat = Threat::new(b.threat_id(number(t, "number")));
    threat.target = target;
    threat.title = string(t, "title");
    threat.description = string(t, "description");
    let mut comments: Vec<String> = Vec::new();
    let category = string(t, "type");
    let model_type = match string(t, "modelType") {
        m if m.is_empty() => diagram_type.to_owned(),
        m => m,
    };
    match stride_of(&category).filter(|_| is_stride_model(&model_type)) {
        Some(s) => threat.stride.push(s),
        None if !category.is_empty() => {
            comments.push(format!(
                "Threat Dragon category: {category}{}",
                if model_type.is_empty() {
                    String::new()
                } else {
                    format!(" ({model_type})")
                }
            ));
        }
        None => {}
    }
    let status = string(t, "status");
    let (s, response) = status_of(&status).unwrap_or_else(|| {
        comments.push(format!("Threat Dragon status: {status}"));
        (ThreatStatus::Identified, None)
    });
    threat.status = s;
    threat.response = response;
    let severity = string(t, "severity");
    match priority_of(&severity) {
        Ok(p) => threat.priority = p,
        Err(()) => comments.push(format!("Severity: {severity}")),
    }
    if severity.eq_ignore_ascii_case("critical") {
        comments.push("Severity: Critical".into());
    }
    let score = match t.get("score") {
        Some(Value::Number(n)) => n.to_string(),
        _ => string(t, "score"),
    };
    // A score Strider wrote carries its rating; any other score is kept as a comment.
    match crate::model::Rating::from_score_text(&score) {
        Some(rating) => threat.rating = rating,
        None if !score.is_empty() => comments.push(format!("Score: {score}")),
        None => {}
    }
    let mitigation_status = match threat.response {
        Some(RiskResponse::Mitigate) => MitigationStatus::Resolved,
        _ => MitigationStatus::Identified,
    };
    if let Some(m) = b.mitigation(text(t, "mitigation"), mitigation_status) {
        threat.mitigations.push(m);
    }
    threat.comments = comments.join("\n");
    let id = [text(t, "id"), text(t, "threatId")]
        .into_iter()
        .find(|s| !s.is_empty())
        .map(str::to_owned)
        .or_else(|| number(t, "threatId").map(|n| n.to_string()));
    threat.origin = Origin::Imported(match id {
        Some(id) => format!("{ORIGIN} {id}"),
        None => ORIGIN.to_owned(),
    });
    threat
}

pub(crate) const ORIGIN: &str = "Threat Dragon";
