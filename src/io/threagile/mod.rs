//! Threagile models (YAML, `threagile_version` 1.x) to a Strider model: technical assets as
//! elements by their `type`, communication links as flows from the asset that declares them,
//! trust boundaries as boundaries nested as the file nests them, the manual risk categories
//! (both spellings) as threats with their mitigation, `risk_tracking` applied to them, abuse
//! cases, security requirements and questions. Threagile stores no positions: the diagram is
//! laid out automatically, each asset inside its boundary.
//!
//! Every entity is a map entry whose key is its title and whose `id` is what references use.
//! Threagile fills omitted fields with defaults, so only what builds the graph is required.

mod risks;

use crate::io::import::builder::{Builder, distinct_ends};
use crate::io::import::html::plain;
use crate::io::import::json::{array, flag};
use crate::io::import::{Foreign, ImportError, Imported};
use crate::model::{
    Assumption, Boundary, Diagram, Element, ElementKind, Flow, Id, Mitigation, MitigationStatus,
};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};

/// Protocols Threagile counts as encrypted (besides every `*-encrypted` one).
const ENCRYPTED_PROTOCOLS: [&str; 9] = [
    "https",
    "wss",
    "ftps",
    "sftp",
    "scp",
    "ldaps",
    "ssh",
    "ssh-tunnel",
    "smtp-encrypted",
];

const MAPS: [&str; 9] = [
    "data_assets",
    "technical_assets",
    "trust_boundaries",
    "shared_runtimes",
    "individual_risk_categories",
    "risk_tracking",
    "questions",
    "abuse_cases",
    "security_requirements",
];

/// What the risk reader needs to find a risk's target by Threagile's ids.
pub(super) struct Ids {
    /// Technical asset id -> element.
    pub assets: HashMap<String, Id>,
    /// Communication link id (`source-asset>link-title`) -> flow.
    pub links: HashMap<String, Id>,
    /// Data asset id -> title.
    pub data: HashMap<String, String>,
}

pub(crate) fn read(root: &Value, path: &str) -> Result<Imported, ImportError> {
    check_shape(root, path)?;
    let title = crate::io::import::title_or_file_name(&scalar(root, "title"), path);
    let mut b = Builder::new(&title);
    info(&mut b, root);
    let mut d = Diagram::new(Id::from("DFD1"), "Data flow diagram");
    let data = data_assets(&mut b, root);
    let (assets, internet) = technical_assets(&mut b, &mut d, root, &data);
    let links = communication_links(&mut b, &mut d, root, &assets, &internet, &data);
    let parent = trust_boundaries(&mut b, &mut d, root, &assets);
    shared_runtimes(&mut b, &mut d, root, &assets);
    crate::io::import::nest::lay_out_nested(&mut d, &parent);
    b.note(
        "Threagile stores no positions: the diagram was laid out automatically, each asset \
         inside its trust boundary."
            .to_owned(),
    );
    let ids = Ids {
        assets,
        links,
        data,
    };
    b.model.diagrams.push(d);
    risks::read(&mut b, root, &ids);
    abuse_cases(&mut b, root);
    security_requirements(&mut b, root);
    questions(&mut b, root);
    let tweaks = map(root)
        .keys()
        .filter(|k| k.starts_with("diagram_tweak"))
        .count();
    if tweaks > 0 {
        b.note(format!(
            "{tweaks} diagram_tweak setting(s) (hints for Threagile's Graphviz layout) were not \
             used"
        ));
    }
    Ok(Imported {
        model: b.model,
        format: Foreign::Threagile,
        report: b.report,
    })
}

/// Refuses what Strider cannot read at all: a newer major version, other files joined in, and
/// sections of the wrong type (a section left empty, `key:` alone, reads as none).
fn check_shape(root: &Value, path: &str) -> Result<(), ImportError> {
    if !root.is_object() {
        return Err(ImportError::new(path, "a Threagile model must be a map"));
    }
    let version = scalar(root, "threagile_version");
    let major = version.split('.').next().unwrap_or("").trim();
    if major.parse::<u32>().is_ok_and(|m| m > 1) {
        return Err(ImportError::new(
            path,
            format!("Threagile version {version}; Strider reads Threagile 1.x models"),
        ));
    }
    let includes: Vec<String> = match root.get("includes") {
        Some(Value::Array(list)) => list.iter().map(text_of).collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![text_of(other)],
    };
    if !includes.is_empty() {
        return Err(ImportError::new(
            path,
            format!(
                "this Threagile model includes other files ({}), which Strider does not join; \
                 merge them into one file and open that",
                includes.join(", ")
            ),
        ));
    }
    for key in MAPS {
        if root
            .get(key)
            .is_some_and(|v| !v.is_object() && !v.is_null())
        {
            return Err(ImportError::new(
                path,
                format!("`{key}` must be a map of titles to entries"),
            ));
        }
    }
    if root
        .get("custom_risk_categories")
        .is_some_and(|v| !v.is_array() && !v.is_null())
    {
        return Err(ImportError::new(
            path,
            "`custom_risk_categories` must be a list",
        ));
    }
    Ok(())
}

fn info(b: &mut Builder, root: &Value) {
    let info = &mut b.model.info;
    info.date = scalar(root, "date");
    let author = root.get("author").unwrap_or(&Value::Null);
    info.owner = scalar(author, "name");
    info.reviewers = array(root, "contributors")
        .iter()
        .map(|c| match c {
            Value::Object(_) => scalar(c, "name"),
            other => text_of(other),
        })
        .filter(|n| !n.is_empty())
        .collect();
    let overview = |key: &str| {
        plain(&scalar(
            root.get(key).unwrap_or(&Value::Null),
            "description",
        ))
    };
    let mut description = Vec::new();
    for part in [
        plain(&scalar(root, "management_summary_comment")),
        overview("business_overview"),
        plain(&scalar(root, "application_description")),
    ] {
        if !part.is_empty() {
            description.push(part);
        }
    }
    let criticality = scalar(root, "business_criticality");
    if !criticality.is_empty() {
        description.push(format!("Business criticality: {criticality}."));
    }
    info.description = description.join("\n\n");
    info.architecture = overview("technical_overview");
}

/// Data asset id -> title; their C/I/A ratings are reported, since Strider has no data assets.
fn data_assets(b: &mut Builder, root: &Value) -> HashMap<String, String> {
    let mut data = HashMap::new();
    for (title, asset) in map_of(root, "data_assets") {
        data.insert(id_of(asset, title), plain(title));
    }
    if !data.is_empty() {
        b.note(format!(
            "{} data asset(s): Strider has no data assets of their own; their names are kept on \
             the flows that carry them and the elements that process or store them, their \
             confidentiality, integrity and availability ratings are not",
            data.len()
        ));
    }
    data
}

/// Elements, and which Threagile asset ids are on the internet.
fn technical_assets(
    b: &mut Builder,
    d: &mut Diagram,
    root: &Value,
    data: &HashMap<String, String>,
) -> (HashMap<String, Id>, BTreeSet<String>) {
    let confidential: BTreeSet<String> = map_of(root, "data_assets")
        .filter(|(_, a)| {
            matches!(
                scalar(a, "confidentiality").as_str(),
                "confidential" | "strictly-confidential"
            )
        })
        .map(|(t, a)| id_of(a, t))
        .collect();
    let mut ids = HashMap::new();
    let mut internet = BTreeSet::new();
    let mut untyped = Vec::new();
    for (title, a) in map_of(root, "technical_assets") {
        if !a.is_object() {
            b.note(format!(
                "technical asset \"{}\" is not a map of fields; it was not imported",
                plain(title)
            ));
            continue;
        }
        let kind = match scalar(a, "type").as_str() {
            "external-entity" => ElementKind::Actor,
            "datastore" => ElementKind::Store,
            "process" => ElementKind::Process,
            other => {
                untyped.push(if other.is_empty() {
                    plain(title)
                } else {
                    format!("{} ({other})", plain(title))
                });
                ElementKind::Process
            }
        };
        let tid = id_of(a, title);
        let id = b.id(kind.id_prefix());
        let mut e = Element::new(id.clone(), kind, plain(title), (0.0, 0.0));
        e.description = plain(&scalar(a, "description"));
        e.technology = match a.get("technologies") {
            Some(Value::Array(list)) if !list.is_empty() => {
                list.iter().map(text_of).collect::<Vec<_>>().join(", ")
            }
            _ => scalar(a, "technology"),
        };
        e.out_of_scope = flag(a, "out_of_scope");
        if e.out_of_scope {
            e.out_of_scope_reason = plain(&scalar(a, "justification_out_of_scope"));
        }
        e.props.internet_facing = flag(a, "internet");
        e.props.human = flag(a, "used_as_client_by_human");
        let stored = ids_in(a, "data_assets_stored");
        if kind == ElementKind::Store {
            let encryption = scalar(a, "encryption");
            e.props.encrypted_at_rest = !encryption.is_empty() && encryption != "none";
            e.props.stores_sensitive_data = stored.iter().any(|s| confidential.contains(s));
        }
        e.custom.insert("threagile:id".to_owned(), tid.clone());
        for key in [
            "usage",
            "size",
            "machine",
            "encryption",
            "owner",
            "confidentiality",
            "integrity",
            "availability",
        ] {
            let value = scalar(a, key);
            let meaningless = value.is_empty() || key == "encryption" && value == "none";
            if !meaningless {
                e.custom.insert(format!("threagile:{key}"), value);
            }
        }
        for key in ["multi_tenant", "redundant", "custom_developed_parts"] {
            if flag(a, key) {
                e.custom.insert(format!("threagile:{key}"), "true".into());
            }
        }
        for (key, list) in [
            ("data_processed", ids_in(a, "data_assets_processed")),
            ("data_stored", stored),
        ] {
            if !list.is_empty() {
                e.custom
                    .insert(format!("threagile:{key}"), titles(&list, data));
            }
        }
        let tags = ids_in(a, "tags");
        if !tags.is_empty() {
            e.custom
                .insert("threagile:tags".to_owned(), tags.join(", "));
        }
        if e.props.internet_facing {
            internet.insert(tid.clone());
        }
        if ids.insert(tid.clone(), id).is_some() {
            b.note(format!(
                "two technical assets have the id {tid:?}; links and boundaries name the \
                 last one"
            ));
        }
        d.elements.push(e);
    }
    if !untyped.is_empty() {
        b.note(format!(
            "{} technical asset(s) have no known `type` (external-entity, process, datastore) \
             and were drawn as processes: {}",
            untyped.len(),
            untyped.join(", ")
        ));
    }
    (ids, internet)
}

/// Flows, from the asset that declares each link to its `target`; returns link id -> flow.
fn communication_links(
    b: &mut Builder,
    d: &mut Diagram,
    root: &Value,
    assets: &HashMap<String, Id>,
    internet: &BTreeSet<String>,
    data: &HashMap<String, String>,
) -> HashMap<String, Id> {
    let mut links = HashMap::new();
    for (title, a) in map_of(root, "technical_assets") {
        let source = id_of(a, title);
        for (name, link) in map_of(a, "communication_links") {
            let target = scalar(link, "target");
            let Some((from, to)) =
                distinct_ends(assets.get(&source).cloned(), assets.get(&target).cloned())
            else {
                b.note(format!(
                    "communication link \"{}\" of \"{}\" goes to {target:?}, which is not \
                     another technical asset of the file; it was not imported",
                    plain(name),
                    plain(title)
                ));
                continue;
            };
            let mut f = Flow::new(b.id("F"), from, to, plain(name));
            let protocol = scalar(link, "protocol");
            f.encrypted = ENCRYPTED_PROTOCOLS.contains(&protocol.as_str())
                || protocol.ends_with("-encrypted")
                || flag(link, "vpn");
            f.protocol = protocol;
            let authentication = scalar(link, "authentication");
            f.authenticated = !authentication.is_empty() && authentication != "none";
            f.public_network = internet.contains(&source) || internet.contains(&target);
            let sent = ids_in(link, "data_assets_sent");
            let received = ids_in(link, "data_assets_received");
            f.bidirectional = !sent.is_empty() && !received.is_empty();
            let mut description = vec![plain(&scalar(link, "description"))];
            for (what, list) in [("Data sent", &sent), ("Data received", &received)] {
                if !list.is_empty() {
                    description.push(format!("{what}: {}.", titles(list, data)));
                }
            }
            f.description = description
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            for key in ["authentication", "authorization", "usage"] {
                let value = scalar(link, key);
                if !value.is_empty() {
                    f.custom.insert(format!("threagile:{key}"), value);
                }
            }
            for key in ["vpn", "ip_filtered", "readonly"] {
                if flag(link, key) {
                    f.custom.insert(format!("threagile:{key}"), "true".into());
                }
            }
            links.insert(link_id(&source, name), f.id.clone());
            d.flows.push(f);
        }
    }
    links
}

/// Threagile's id of a communication link, as its risks and tracking entries name it.
pub(super) fn link_id(source: &str, title: &str) -> String {
    let mut kebab = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            kebab.push(c.to_ascii_lowercase());
        } else if !kebab.ends_with('-') {
            kebab.push('-');
        }
    }
    format!("{source}>{}", kebab.trim_matches('-'))
}

/// Boundaries; returns each element's and each nested boundary's parent boundary.
fn trust_boundaries(
    b: &mut Builder,
    d: &mut Diagram,
    root: &Value,
    assets: &HashMap<String, Id>,
) -> HashMap<Id, Id> {
    let mut boundary_ids: HashMap<String, Id> = HashMap::new();
    for (title, t) in map_of(root, "trust_boundaries") {
        let id = b.id("TB");
        let mut boundary = Boundary::new(id.clone(), plain(title), (0.0, 0.0), (200.0, 120.0));
        let kind = scalar(t, "type");
        boundary.description = [
            plain(&scalar(t, "description")),
            if kind.is_empty() {
                String::new()
            } else {
                format!("Threagile type: {kind}.")
            },
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
        boundary_ids.insert(id_of(t, title), id);
        d.boundaries.push(boundary);
    }
    let mut parent: HashMap<Id, Id> = HashMap::new();
    let mut dangling = Vec::new();
    let mut twice = Vec::new();
    for (title, t) in map_of(root, "trust_boundaries") {
        let Some(me) = boundary_ids.get(&id_of(t, title)).cloned() else {
            continue;
        };
        for member in ids_in(t, "technical_assets_inside") {
            match assets.get(&member) {
                None => dangling.push(member),
                Some(e) if parent.contains_key(e) => twice.push(member),
                Some(e) => {
                    parent.insert(e.clone(), me.clone());
                }
            }
        }
        for nested in ids_in(t, "trust_boundaries_nested") {
            match boundary_ids.get(&nested) {
                None => dangling.push(nested),
                Some(child) if parent.contains_key(child) => twice.push(nested),
                Some(child) if encloses(&parent, child, &me) => {
                    b.note(format!(
                        "trust boundary {nested:?} would be nested inside itself (through \
                         \"{}\"); it was kept where it was",
                        plain(title)
                    ));
                }
                Some(child) => {
                    parent.insert(child.clone(), me.clone());
                }
            }
        }
    }
    if !dangling.is_empty() {
        b.note(format!(
            "trust boundaries name {} asset(s) or boundary(ies) that are not in the file: {}",
            dangling.len(),
            dangling.join(", ")
        ));
    }
    if !twice.is_empty() {
        b.note(format!(
            "{} asset(s) or boundary(ies) are listed in two trust boundaries; each stays in the \
             first (by title): {}",
            twice.len(),
            twice.join(", ")
        ));
    }
    parent
}

/// `outer` already holds `inner`, directly or through other boundaries.
fn encloses(parent: &HashMap<Id, Id>, outer: &Id, inner: &Id) -> bool {
    let mut at = inner;
    for _ in 0..=parent.len() {
        if at == outer {
            return true;
        }
        match parent.get(at) {
            Some(p) => at = p,
            None => return false,
        }
    }
    true
}

/// Shared runtimes co-host assets but are no trust boundary: each asset names its runtime.
fn shared_runtimes(b: &mut Builder, d: &mut Diagram, root: &Value, assets: &HashMap<String, Id>) {
    let mut count = 0;
    for (title, r) in map_of(root, "shared_runtimes") {
        count += 1;
        for member in ids_in(r, "technical_assets_running") {
            let Some(id) = assets.get(&member) else {
                continue;
            };
            if let Some(e) = d.elements.iter_mut().find(|e| &e.id == id) {
                let entry = e
                    .custom
                    .entry("threagile:shared_runtime".to_owned())
                    .or_default();
                if !entry.is_empty() {
                    entry.push_str(", ");
                }
                entry.push_str(&plain(title));
            }
        }
    }
    if count > 0 {
        b.note(format!(
            "{count} shared runtime(s) are not trust boundaries in Strider; each asset they run \
             names its runtime (threagile:shared_runtime)"
        ));
    }
}

/// Abuse cases are threats the team had in mind, on no element yet.
fn abuse_cases(b: &mut Builder, root: &Value) {
    let count = map_of(root, "abuse_cases").count();
    if count > 0 {
        b.note(format!(
            "{count} abuse case(s) became threats about the whole system (on no element yet), \
             their text as the statement"
        ));
    }
    for (title, text) in map_of(root, "abuse_cases") {
        let mut t = crate::model::Threat::new(b.threat_id(None));
        t.origin = crate::model::Origin::Imported("Threagile".into());
        t.title = plain(title);
        t.description = plain(&text_of(text));
        t.comments = "Threagile abuse case".to_owned();
        b.model.threats.push(t);
    }
}

fn security_requirements(b: &mut Builder, root: &Value) {
    let count = map_of(root, "security_requirements").count();
    if count > 0 {
        b.note(format!(
            "{count} security requirement(s) became mitigations, Identified and linked to no \
             threat yet"
        ));
    }
    for (title, text) in map_of(root, "security_requirements") {
        let mut m = Mitigation::new(b.id("M"), plain(title));
        m.description = plain(&text_of(text));
        m.status = MitigationStatus::Identified;
        b.model.mitigations.push(m);
    }
}

/// Questions become assumptions to confirm; an empty answer marks an open question.
fn questions(b: &mut Builder, root: &Value) {
    let (count, open) = map_of(root, "questions").fold((0, 0), |(n, o), (_, a)| {
        (n + 1, o + usize::from(text_of(a).is_empty()))
    });
    if count > 0 {
        b.note(format!(
            "{count} question(s) became assumptions, the answer after the question; {open} \
             unanswered are tagged \"Open question\""
        ));
    }
    for (question, answer) in map_of(root, "questions") {
        let answer = plain(&text_of(answer));
        let id = b.id("A");
        let (tag, text) = if answer.is_empty() {
            ("Open question", plain(question))
        } else {
            ("Question", format!("{} {answer}", plain(question)))
        };
        b.model.assumptions.push(Assumption {
            id,
            tag: tag.to_owned(),
            text,
            links: Vec::new(),
        });
    }
}

// Lenient access to Threagile's maps, where a YAML scalar may arrive as a number or a bool.

static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

fn map(v: &Value) -> &Map<String, Value> {
    v.as_object().unwrap_or(&EMPTY)
}

/// The entries of the map at `key` (title, entry), in the file's key order as read.
pub(super) fn map_of<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = (&'a str, &'a Value)> {
    map(v.get(key).unwrap_or(&Value::Null))
        .iter()
        .map(|(k, v)| (k.as_str(), v))
}

/// A scalar as text: YAML reads `id: 42` as a number and `version: 1.0` as a float.
pub(super) fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

pub(super) fn scalar(v: &Value, key: &str) -> String {
    v.get(key).map(text_of).unwrap_or_default()
}

/// An entity's `id`, or its title when it has none.
pub(super) fn id_of(v: &Value, title: &str) -> String {
    let id = scalar(v, "id");
    if id.is_empty() { title.to_owned() } else { id }
}

/// A list of ids (or tags); a single value counts as a list of one.
pub(super) fn ids_in(v: &Value, key: &str) -> Vec<String> {
    match v.get(key) {
        Some(Value::Array(list)) => list.iter().map(text_of).filter(|s| !s.is_empty()).collect(),
        Some(other) => Some(text_of(other))
            .filter(|s| !s.is_empty())
            .into_iter()
            .collect(),
        None => Vec::new(),
    }
}

/// Data asset ids as their titles, joined.
fn titles(ids: &[String], data: &HashMap<String, String>) -> String {
    ids.iter()
        .map(|i| data.get(i).cloned().unwrap_or_else(|| i.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::link_id;

    #[test]
    fn link_ids_are_threagiles_kebab_case() {
        assert_eq!(
            link_id("erp-system", "Database Traffic"),
            "erp-system>database-traffic"
        );
        assert_eq!(link_id("a", "  Web (HTTPS) -- call "), "a>web-https-call");
    }
}
