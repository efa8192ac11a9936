//! Open Threat Model (OTM 0.1/0.2, JSON) to a Strider model: trust zones and components that
//! hold components become boundaries, other components elements (their DFD kind guessed from
//! `type`, and said so), dataflows flows, threat instances threats with their catalogue entry's
//! name, STRIDE categories, CWEs and likelihood x impact, and the catalogue's mitigations with
//! their risk reduction as effectiveness.
//!
//! Positions in OTM are relative to the parent (as StartLeft writes them) and often missing;
//! when any element lacks one, the diagram is nested provisionally by parent and laid out with
//! the canvas's automatic layout, so zones still hold what they held.

use crate::io::import::builder::{Builder, distinct_ends};
use crate::io::import::json::{array, number, point, string, text};
use crate::io::import::{Foreign, ImportError, Imported};
use crate::model::{
    Boundary, Diagram, Effectiveness, Element, ElementKind, Flow, Id, Impact, Likelihood,
    MitigationStatus, Rating, RiskResponse, Stride, Threat, ThreatStatus, standards,
};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Deeper nesting than this is taken as a cycle or an attack, and flattened.
const MAX_DEPTH: usize = 32;

pub(crate) fn read(root: &Value, path: &str) -> Result<Imported, ImportError> {
    let version = text(root, "otmVersion");
    if !(version.starts_with("0.1") || version.starts_with("0.2")) {
        return Err(ImportError::new(
            path,
            format!("OTM version {version:?}; Strider reads OTM 0.1 and 0.2"),
        ));
    }
    crate::io::import::json::expect_lists(
        root,
        &[
            "trustZones",
            "components",
            "dataflows",
            "threats",
            "mitigations",
        ],
        path,
    )?;
    let null = Value::Null;
    let project = root.get("project").unwrap_or(&null);
    if !project.is_object() && !project.is_null() {
        return Err(ImportError::new(path, "`project` must be an object"));
    }
    let title = crate::io::import::title_or_file_name(&string(project, "name"), path);
    let mut b = Builder::new(&title);
    b.model.info.owner = string(project, "owner");
    b.model.info.description = string(project, "description");
    let mut d = Diagram::new(Id::from("DFD1"), "Data flow diagram");

    // Who holds whom: zones and components both nest, by `parent`.
    let zones = array(root, "trustZones");
    let components = array(root, "components");
    let parent_of = |v: &Value| -> Option<String> {
        let p = v.get("parent")?;
        p.get("trustZone")
            .or_else(|| p.get("component"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let containers: HashSet<String> = components.iter().filter_map(parent_of).collect();
    // Node id -> (parent id, relative position, size).
    let mut nodes: HashMap<String, Node> = HashMap::new();
    let mut ids: HashMap<String, Id> = HashMap::new();
    for z in zones {
        // The zone Strider's own export adds for what lies outside every boundary.
        if z.get("attributes")
            .and_then(|a| a.get(super::DEFAULT_ZONE))
            .is_some()
        {
            continue;
        }
        let node = Node::of(z, parent_of(z));
        let id = b.id("TB");
        ids.insert(string(z, "id"), id.clone());
        d.boundaries.push(Boundary::new(
            id,
            or(&string(z, "name"), "Trust zone"),
            (0.0, 0.0),
            node.size.unwrap_or((400.0, 300.0)),
        ));
        nodes.insert(string(z, "id"), node);
    }
    let mut guessed: Vec<String> = Vec::new();
    for c in components {
        let key = string(c, "id");
        let node = Node::of(c, parent_of(c));
        if containers.contains(&key) {
            let id = b.id("TB");
            ids.insert(key.clone(), id.clone());
            let mut boundary = Boundary::new(
                id,
                or(&string(c, "name"), "Group"),
                (0.0, 0.0),
                node.size.unwrap_or((400.0, 300.0)),
            );
            boundary.description = string(c, "description");
            d.boundaries.push(boundary);
        } else {
            let kind_of = string(c, "type");
            let kind = guess_kind(&kind_of, c);
            let id = b.id(match kind {
                ElementKind::Actor => "E",
                ElementKind::Process => "P",
                ElementKind::Store => "D",
            });
            ids.insert(key.clone(), id.clone());
            let mut e = Element::new(id, kind, or(&string(c, "name"), "Component"), (0.0, 0.0));
            // A bare kind word (what Strider writes when it knows no technology) is no technology.
            if !matches!(kind_of.as_str(), "actor" | "process" | "store") {
                e.technology = kind_of.clone();
            }
            e.description = string(c, "description");
            // Generators draw icons (often 80 x 80): too small for a name in a DFD shape, so an
            // icon-sized shape (under three quarters of Strider's area) grows to at least
            // Strider's size about the icon's centre; a shape drawn to size keeps its size.
            let min = Element::default_size(kind);
            if let Some(size) = node.size {
                let icon = size.0 * size.1 < 0.75 * min.0 * min.1;
                e.size = if icon {
                    (size.0.max(min.0), size.1.max(min.1))
                } else {
                    size
                };
            }
            if kind != ElementKind::Process {
                guessed.push(format!("{} as {}", e.name, kind.label()));
            }
            d.elements.push(e);
        }
        nodes.insert(key, node);
    }
    if !guessed.is_empty() || !d.elements.is_empty() {
        b.note(format!(
            "OTM has no actor, process or store: each component's kind was taken from its tags \
             or guessed from its type ({}; the rest as Process). Check them.",
            if guessed.is_empty() {
                "none as Actor or Store".to_owned()
            } else {
                guessed.join(", ")
            }
        ));
    }
    place(&mut b, &mut d, &nodes, &ids);

    for f in array(root, "dataflows") {
        let label = string(f, "name");
        let end = |key: &str| {
            let id = ids.get(text(f, key))?;
            d.element(id).map(|e| e.id.clone())
        };
        let Some((from, to)) = distinct_ends(end("source"), end("destination")) else {
            b.note(format!(
                "dataflow \"{label}\" does not join two components ({} -> {}); it was not imported",
                text(f, "source"),
                text(f, "destination")
            ));
            continue;
        };
        let mut flow = Flow::new(b.id("F"), from, to, label);
        flow.bidirectional = f.get("bidirectional").and_then(Value::as_bool) == Some(true);
        flow.description = string(f, "description");
        ids.insert(string(f, "id"), flow.id.clone());
        d.flows.push(flow);
    }

    threats(&mut b, root, &ids);
    b.model.diagrams.push(d);
    Ok(Imported {
        model: b.model,
        format: Foreign::Otm,
        report: b.report,
    })
}

fn or(s: &str, default: &str) -> String {
    if s.trim().is_empty() {
        default.to_owned()
    } else {
        s.to_owned()
    }
}

/// Where a zone or component sits: its parent, and its position (relative to the parent) and
/// size when the file gives them.
struct Node {
    parent: Option<String>,
    pos: Option<(f32, f32)>,
    size: Option<(f32, f32)>,
}

impl Node {
    fn of(v: &Value, parent: Option<String>) -> Node {
        let shown = array(v, "representations")
            .iter()
            .find(|r| r.get("position").is_some_and(Value::is_object));
        let size = shown.and_then(|r| r.get("size")).and_then(|s| {
            let (w, h) = (number(s, "width")?, number(s, "height")?);
            (w > 0.0 && h > 0.0).then_some((w.min(1e5) as f32, h.min(1e5) as f32))
        });
        Node {
            parent,
            pos: shown.and_then(|r| r.get("position")).map(point),
            size,
        }
    }
}

/// Positions made absolute (each parent's added), or, when any element has none, a nesting by
/// parent laid out automatically.
fn place(
    b: &mut Builder,
    d: &mut Diagram,
    nodes: &HashMap<String, Node>,
    ids: &HashMap<String, Id>,
) {
    let absolute = |key: &str| -> Option<(f32, f32)> {
        let mut at = (0.0, 0.0);
        let mut here = key;
        for _ in 0..MAX_DEPTH {
            let node = nodes.get(here)?;
            let p = node.pos?;
            at = (at.0 + p.0, at.1 + p.1);
            match &node.parent {
                Some(parent) if nodes.contains_key(parent) => here = parent,
                _ => return Some(at),
            }
        }
        None
    };
    let mut all_placed = true;
    for (key, id) in ids {
        let at = absolute(key);
        if let Some(e) = d.elements.iter_mut().find(|e| &e.id == id) {
            let given = nodes.get(key).and_then(|n| n.size).unwrap_or(e.size);
            match at {
                Some(p) => {
                    e.pos = (
                        p.0 + (given.0 - e.size.0) / 2.0,
                        p.1 + (given.1 - e.size.1) / 2.0,
                    )
                }
                None => all_placed = false,
            }
        } else if let Some(bx) = d.boundaries.iter_mut().find(|x| &x.id == id) {
            match at {
                Some(p) => bx.pos = p,
                None => all_placed = false,
            }
        }
    }
    if all_placed {
        // A shape grown to Strider's size stays inside the zone that holds it.
        for (key, id) in ids {
            let parent = nodes.get(key).and_then(|n| n.parent.as_ref());
            let Some(zone) = parent
                .and_then(|p| ids.get(p))
                .and_then(|p| d.boundaries.iter().find(|x| &x.id == p))
                .map(|x| x.rect())
            else {
                continue;
            };
            if let Some(e) = d.elements.iter_mut().find(|e| &e.id == id) {
                // Only a shape that now sticks out of its zone is moved.
                if zone.contains_rect(&e.rect()) {
                    continue;
                }
                let inset = 8.0;
                // A zone drawn tight around an icon: the shape shrinks back towards the icon.
                let given = nodes.get(key).and_then(|n| n.size).unwrap_or(e.size);
                e.size.0 = e.size.0.min((zone.width() - 2.0 * inset).max(given.0));
                e.size.1 = e.size.1.min((zone.height() - 2.0 * inset).max(given.1));
                let max_x = zone.max.0 - e.size.0 - inset;
                let max_y = zone.max.1 - e.size.1 - inset;
                if max_x >= zone.min.0 + inset {
                    e.pos.0 = e.pos.0.clamp(zone.min.0 + inset, max_x);
                }
                if max_y >= zone.min.1 + inset {
                    e.pos.1 = e.pos.1.clamp(zone.min.1 + inset, max_y);
                }
            }
        }
        return;
    }
    // Parent by Strider id; a cycle of parents is broken where it closes.
    let parent: HashMap<Id, Id> = ids
        .iter()
        .filter_map(|(key, id)| {
            let p = nodes.get(key)?.parent.as_ref()?;
            Some((id.clone(), ids.get(p)?.clone()))
        })
        .collect();
    crate::io::import::nest::lay_out_nested(d, &without_cycles(parent));
    b.note(
        "Some zones or components have no position in the file: the diagram was laid out \
         automatically, each one inside the zone that holds it."
            .to_owned(),
    );
}

/// The parent links with each cycle cut (the link that closes it dropped), in one pass.
fn without_cycles(mut parent: HashMap<Id, Id>) -> HashMap<Id, Id> {
    // Reaches the top without a cycle.
    let mut done: std::collections::HashSet<Id> = std::collections::HashSet::new();
    let keys: Vec<Id> = parent.keys().cloned().collect();
    for start in keys {
        let mut path: Vec<Id> = Vec::new();
        let mut on_path = std::collections::HashSet::new();
        let mut here = start;
        loop {
            if done.contains(&here) {
                break;
            }
            path.push(here.clone());
            on_path.insert(here.clone());
            match parent.get(&here).cloned() {
                Some(p) if on_path.contains(&p) => {
                    parent.remove(&here);
                    break;
                }
                Some(p) => here = p,
                None => break,
            }
        }
        done.extend(path);
    }
    parent
}

/// OTM names no DFD kind: clients, browsers, users and devices are actors; databases, buckets,
/// queues and other stores are stores; the rest processes. A tag or attribute that names the
/// kind wins.
fn guess_kind(kind: &str, c: &Value) -> ElementKind {
    let tags: Vec<String> = array(c, "tags")
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_lowercase)
        .collect();
    for (word, k) in [
        ("actor", ElementKind::Actor),
        ("external", ElementKind::Actor),
        ("store", ElementKind::Store),
        ("process", ElementKind::Process),
    ] {
        if tags.iter().any(|t| t.contains(word)) {
            return k;
        }
    }
    let t = kind.to_lowercase();
    const ACTORS: [&str; 7] = [
        "client", "browser", "user", "device", "mobile", "human", "actor",
    ];
    const STORES: [&str; 14] = [
        "database", "-db", "db-", "sql", "storage", "s3", "rds", "dynamodb", "store", "bucket",
        "queue", "sqs", "cache", "redis",
    ];
    if ACTORS.iter().any(|w| t.contains(w)) {
        ElementKind::Actor
    } else if STORES.iter().any(|w| t.contains(w)) || t == "db" {
        ElementKind::Store
    } else {
        ElementKind::Process
    }
}

/// Threat instances on components and dataflows, each a threat with its catalogue entry; the
/// catalogue's mitigations linked as the instance says.
fn threats(b: &mut Builder, root: &Value, ids: &HashMap<String, Id>) {
    let catalogue: HashMap<&str, &Value> = array(root, "threats")
        .iter()
        .map(|t| (text(t, "id"), t))
        .collect();
    // Every mitigation of the file, in its order, linked or not.
    let mut made: HashMap<String, Id> = HashMap::new();
    for m in array(root, "mitigations") {
        let key = text(m, "id");
        if made.contains_key(key) {
            continue;
        }
        let id = b.id("M");
        let mut x = crate::model::Mitigation::new(id.clone(), or(&string(m, "name"), "Mitigation"));
        x.description = string(m, "description");
        let unrated = m
            .get("attributes")
            .and_then(|a| a.get(super::NOT_RATED))
            .is_some();
        x.effectiveness = number(m, "riskReduction")
            .filter(|_| !unrated)
            .map(effectiveness);
        b.model.mitigations.push(x);
        made.insert(key.to_owned(), id);
    }
    let owners = array(root, "components")
        .iter()
        .chain(array(root, "dataflows"));
    let mut missing = 0;
    let rank: HashMap<&str, usize> = array(root, "threats")
        .iter()
        .enumerate()
        .map(|(i, t)| (text(t, "id"), i))
        .collect();
    let mut order: Vec<usize> = Vec::new();
    for owner in owners {
        let target = ids.get(text(owner, "id")).cloned();
        for instance in array(owner, "threats") {
            let key = text(instance, "threat");
            // "T05" (Strider's own ids, and many tools' numbering) keeps its number.
            let number = key
                .trim_start_matches(|c: char| !c.is_ascii_digit())
                .parse::<f64>()
                .ok();
            let mut t = Threat::new(b.threat_id(number));
            t.target = target.clone();
            t.origin = crate::model::Origin::Imported("OTM".into());
            match catalogue.get(key) {
                Some(entry) => describe(&mut t, entry),
                None => {
                    missing += 1;
                    t.title = format!("Threat {key} (not in the file's threat list)");
                }
            }
            let state = string(instance, "state").to_lowercase();
            let mut all_done = true;
            for link in array(instance, "mitigations") {
                let mkey = text(link, "mitigation");
                let Some(id) = made.get(mkey).cloned() else {
                    b.note(format!(
                        "threat {}: mitigation {mkey:?} is not in the file",
                        t.id
                    ));
                    continue;
                };
                let done = string(link, "state").eq_ignore_ascii_case("implemented");
                all_done &= done;
                if done && let Some(x) = b.model.mitigations.iter_mut().find(|x| x.id == id) {
                    x.status = MitigationStatus::Resolved;
                }
                t.mitigations.push(id);
            }
            if !t.mitigations.is_empty() {
                t.response = Some(RiskResponse::Mitigate);
            }
            let known = status_of(&state);
            t.status = match known {
                Some(s) => s,
                None if !t.mitigations.is_empty() && all_done => ThreatStatus::Resolved,
                None => ThreatStatus::Identified,
            };
            if known.is_none() && !state.is_empty() {
                t.comments = format!("OTM state: {}", string(instance, "state"));
            }
            b.model.threats.push(t);
            order.push(rank.get(key).copied().unwrap_or(usize::MAX));
        }
    }
    // In the order of the file's threat list, as the instances are spread over its components.
    let mut keyed: Vec<(usize, Threat)> = std::mem::take(&mut b.model.threats)
        .into_iter()
        .zip(order)
        .map(|(t, k)| (k, t))
        .collect();
    keyed.sort_by_key(|(k, _)| *k);
    b.model.threats = keyed.into_iter().map(|(_, t)| t).collect();
    if missing > 0 {
        b.note(format!(
            "{missing} threat instance(s) name a threat that is not in the file's threat list; \
             each was kept with its id as title"
        ));
    }
}

/// A threat's text, categories, CWEs and rating from its catalogue entry.
fn describe(t: &mut Threat, entry: &Value) {
    t.title = string(entry, "name");
    t.description = string(entry, "description");
    for c in array(entry, "categories").iter().filter_map(Value::as_str) {
        if let Some(s) = stride_of(c)
            && !t.stride.contains(&s)
        {
            t.stride.push(s);
        }
    }
    let cwes: Vec<String> = array(entry, "cwes")
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    if !cwes.is_empty() {
        t.standards.insert(standards::CWE.to_owned(), cwes);
    }
    let null = Value::Null;
    let risk = entry.get("risk").unwrap_or(&null);
    // OTM rates 0-100: five equal steps onto 1-5.
    let level = |v: f64| ((v / 20.0).ceil().clamp(1.0, 5.0)) as u8;
    // 0 (what an unrated threat must write, as `impact` cannot be null) is no rating.
    let rated = |key: &str| number(risk, key).filter(|v| *v > 0.0);
    t.rating = Rating {
        likelihood: rated("likelihood").map(|v| Likelihood::from_level(level(v))),
        impact: rated("impact").map(|v| Impact::from_level(level(v))),
    };
    // OTM has no priority: a rated threat gets its band's.
    if let Some(cell) = t.rating.cell() {
        t.priority = Some(
            crate::model::RiskSettings::default()
                .band(cell.score())
                .priority(),
        );
    }
}

/// The states Strider writes, and the plain words other tools use for them; `None` for a
/// tool's own state (kept in the comments).
fn status_of(state: &str) -> Option<ThreatStatus> {
    let s = state.replace(['-', '_', ' '], "");
    match s.as_str() {
        "exposed" | "open" | "identified" | "new" => Some(ThreatStatus::Identified),
        "inprogress" | "mitigating" => Some(ThreatStatus::InProgress),
        "mitigated" | "resolved" | "closed" | "fixed" => Some(ThreatStatus::Resolved),
        "notapplicable" | "notuseful" | "falsepositive" => Some(ThreatStatus::NotUseful),
        _ => None,
    }
}

fn stride_of(category: &str) -> Option<Stride> {
    let c = category.to_lowercase().replace(['-', '_'], " ");
    Stride::ALL.into_iter().find(|s| {
        let label = s.label().to_lowercase();
        c == label
            || c.starts_with(&label)
            || (label.starts_with("elevation") && c.starts_with("elevation"))
    })
}

/// OTM's risk reduction (0-100) as effectiveness.
fn effectiveness(reduction: f64) -> Effectiveness {
    if reduction >= 67.0 {
        Effectiveness::Strong
    } else if reduction > 0.0 {
        Effectiveness::Partial
    } else {
        Effectiveness::NoEffect
    }
}
