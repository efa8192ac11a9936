//! What changed between two versions of a model, matched by id: the semantic diff a reviewer
//! reads in a pull request instead of a RON text diff.
//!
//! Items are compared field by field through their serialised form, so a field added to the
//! model is compared without touching this file. Layout (positions, sizes, bends) is reported
//! apart from content, as moves and resizes, and can be left out.

use crate::model::geometry::Membership;
use crate::model::{
    Assumption, Boundary, Diagram, Element, Flow, Id, Mitigation, Model, Stride, Threat,
};
use crate::stride::{self, CoverageState};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The version of the JSON shape `strider diff --json` writes.
pub const DIFF_SCHEMA: &str = "strider-diff/1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The model's own fields (title, scope, …).
    Model,
    Diagram,
    Element,
    Boundary,
    Flow,
    Threat,
    Mitigation,
    Assumption,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Model => "model",
            Kind::Diagram => "diagram",
            Kind::Element => "element",
            Kind::Boundary => "boundary",
            Kind::Flow => "flow",
            Kind::Threat => "threat",
            Kind::Mitigation => "mitigation",
            Kind::Assumption => "assumption",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            Kind::Model => "model",
            Kind::Diagram => "diagrams",
            Kind::Element => "elements",
            Kind::Boundary => "boundaries",
            Kind::Flow => "flows",
            Kind::Threat => "threats",
            Kind::Mitigation => "mitigations",
            Kind::Assumption => "assumptions",
        }
    }

    pub const ALL: [Kind; 7] = [
        Kind::Diagram,
        Kind::Element,
        Kind::Boundary,
        Kind::Flow,
        Kind::Threat,
        Kind::Mitigation,
        Kind::Assumption,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// One field's value before and after (JSON `null` where the field was absent or empty).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Value,
    pub after: Value,
}

/// One item added, removed or changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemChange {
    pub kind: Kind,
    pub id: Id,
    /// Its name (label for a flow, title for a threat or mitigation), as it is now, or as it
    /// was when removed.
    pub name: String,
    /// The diagram it is on (elements, boundaries and flows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagram: Option<Id>,
    pub change: Change,
    /// The fields that changed (for `changed`), layout left out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
    /// Moved from one position to another (layout).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved: Option<[(f32, f32); 2]>,
    /// Resized (layout).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resized: Option<[(f32, f32); 2]>,
    /// Its bends changed (layout).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub rerouted: bool,
}

impl ItemChange {
    /// Changed only where it is drawn.
    pub fn layout_only(&self) -> bool {
        self.change == Change::Changed && self.fields.is_empty()
    }
}

/// An element now in another trust zone (its innermost boundary).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZoneChange {
    pub diagram: Id,
    pub element: Id,
    pub name: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A flow that crosses a trust boundary now and did not before (or is new).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Crossing {
    pub diagram: Id,
    pub flow: Id,
    pub name: String,
    /// The boundaries it crosses, as the data travels.
    pub boundaries: Vec<String>,
    /// How many threats are recorded against it.
    pub threats: usize,
}

/// A STRIDE pair (target and category) whose review state changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Pair {
    pub target: Id,
    pub name: String,
    pub category: Stride,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CoverageDelta {
    /// Pairs neither covered by a threat nor judged not applicable, that were not so before
    /// (on new items, or whose threats were removed).
    pub newly_unreviewed: Vec<Pair>,
    /// Pairs reviewed now that were not before.
    pub newly_reviewed: Vec<Pair>,
}

/// Everything that differs between two models.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ModelDiff {
    pub schema: &'static str,
    /// The model's own fields (title, scope, …).
    pub info: Vec<FieldChange>,
    /// Every added, removed or changed item, by kind, then diagram, then id.
    pub items: Vec<ItemChange>,
    pub zones: Vec<ZoneChange>,
    pub new_crossings: Vec<Crossing>,
    pub coverage: CoverageDelta,
    /// The team, retrospective, not-applicable judgements and dismissed suggestions changed
    /// (compared whole, not item by item).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other: Vec<String>,
}

impl ModelDiff {
    pub fn is_empty(&self) -> bool {
        self.info.is_empty()
            && self.items.is_empty()
            && self.zones.is_empty()
            && self.new_crossings.is_empty()
            && self.coverage.newly_unreviewed.is_empty()
            && self.coverage.newly_reviewed.is_empty()
            && self.other.is_empty()
    }

    /// How many items of `kind` were added, removed and changed.
    pub fn counts(&self, kind: Kind) -> (usize, usize, usize) {
        let of = |c: Change| {
            self.items
                .iter()
                .filter(|i| i.kind == kind && i.change == c)
                .count()
        };
        (of(Change::Added), of(Change::Removed), of(Change::Changed))
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct DiffOptions {
    /// Leave moves, resizes and bends out.
    pub ignore_layout: bool,
}

/// An item's fields as the diff compares them: its serialised form, plus any derived field
/// (a threat's statement).
fn fields_of<T: Serialize>(
    item: &T,
    extra: &dyn Fn(&T) -> Vec<(String, Value)>,
) -> serde_json::Map<String, Value> {
    let mut map = match serde_json::to_value(item) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    map.extend(extra(item));
    map
}

fn point(v: Option<&Value>) -> Option<(f32, f32)> {
    let a = v?.as_array()?;
    Some((a.first()?.as_f64()? as f32, a.get(1)?.as_f64()? as f32))
}

/// How the diff reads one kind of item: its id, its name, and fields derived from it.
struct Reader<'a, T> {
    kind: Kind,
    id: &'a dyn Fn(&T) -> &Id,
    name: &'a dyn Fn(&T) -> String,
    extra: &'a dyn Fn(&T) -> Vec<(String, Value)>,
}

fn no_extra<T>(_: &T) -> Vec<(String, Value)> {
    Vec::new()
}

/// Compares two lists of items by id. Items equal as values are passed over before anything
/// is serialised: in a large model nearly all are.
fn compare<T: Serialize + PartialEq>(
    r: &Reader<T>,
    diagram: Option<&Id>,
    (old, new): (&[T], &[T]),
    options: DiffOptions,
    out: &mut Vec<ItemChange>,
) {
    let before: HashMap<&Id, &T> = old.iter().map(|e| ((r.id)(e), e)).collect();
    let after: HashMap<&Id, &T> = new.iter().map(|e| ((r.id)(e), e)).collect();
    let item = |e: &T, change| ItemChange {
        kind: r.kind,
        id: (r.id)(e).clone(),
        name: (r.name)(e),
        diagram: diagram.cloned(),
        change,
        fields: Vec::new(),
        moved: None,
        resized: None,
        rerouted: false,
    };
    for e in new {
        let Some(&was) = before.get((r.id)(e)) else {
            out.push(item(e, Change::Added));
            continue;
        };
        if was == e {
            continue;
        }
        let (a_fields, b_fields) = (fields_of(was, r.extra), fields_of(e, r.extra));
        let mut change = item(e, Change::Changed);
        // Where it is drawn (position, size, bends) is layout, reported apart.
        let layout = |a: Option<&Value>, b: Option<&Value>| {
            (!options.ignore_layout)
                .then(|| [point(a).unwrap_or_default(), point(b).unwrap_or_default()])
        };
        let keys: BTreeSet<&String> = a_fields.keys().chain(b_fields.keys()).collect();
        for key in keys {
            let (a, b) = (a_fields.get(key), b_fields.get(key));
            if a == b {
                continue;
            }
            match key.as_str() {
                "pos" => change.moved = layout(a, b),
                "size" => change.resized = layout(a, b),
                "waypoints" => change.rerouted = !options.ignore_layout,
                _ => change.fields.push(FieldChange {
                    field: key.clone(),
                    before: a.cloned().unwrap_or(Value::Null),
                    after: b.cloned().unwrap_or(Value::Null),
                }),
            }
        }
        let layout = change.moved.is_some() || change.resized.is_some() || change.rerouted;
        if !change.fields.is_empty() || layout {
            out.push(change);
        }
    }
    for e in old {
        if !after.contains_key((r.id)(e)) {
            out.push(item(e, Change::Removed));
        }
    }
}

/// The semantic diff of two models.
pub fn diff(old: &Model, new: &Model, options: DiffOptions) -> ModelDiff {
    let mut d = ModelDiff {
        schema: DIFF_SCHEMA,
        ..ModelDiff::default()
    };
    // The model's own fields.
    if let (Ok(Value::Object(a)), Ok(Value::Object(b))) = (
        serde_json::to_value(&old.info),
        serde_json::to_value(&new.info),
    ) {
        let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for key in keys {
            if a.get(key) != b.get(key) {
                d.info.push(FieldChange {
                    field: key.clone(),
                    before: a.get(key).cloned().unwrap_or(Value::Null),
                    after: b.get(key).cloned().unwrap_or(Value::Null),
                });
            }
        }
    }
    // Diagrams (their name and description), and what is on them.
    type Head = (Id, String, String);
    let heads = |m: &Model| -> Vec<Head> {
        m.diagrams
            .iter()
            .map(|g| (g.id.clone(), g.name.clone(), g.description.clone()))
            .collect()
    };
    let (old_heads, new_heads) = (heads(old), heads(new));
    let head = Reader {
        kind: Kind::Diagram,
        id: &|h: &Head| &h.0,
        name: &|h: &Head| h.1.clone(),
        extra: &|h: &Head| {
            vec![
                ("name".to_owned(), Value::String(h.1.clone())),
                ("description".to_owned(), Value::String(h.2.clone())),
            ]
        },
    };
    compare(&head, None, (&old_heads, &new_heads), options, &mut d.items);
    let empty = Diagram::new(Id::from(""), "");
    let old_diagrams: HashMap<&Id, &Diagram> = old.diagrams.iter().map(|g| (&g.id, g)).collect();
    let new_ids: BTreeSet<&Id> = new.diagrams.iter().map(|g| &g.id).collect();
    let pairs = new
        .diagrams
        .iter()
        .map(|g| (old_diagrams.get(&g.id).copied().unwrap_or(&empty), g))
        .chain(
            old.diagrams
                .iter()
                .filter(|g| !new_ids.contains(&g.id))
                .map(|g| (g, &empty)),
        );
    let elements = Reader {
        kind: Kind::Element,
        id: &|e: &Element| &e.id,
        name: &|e: &Element| e.name.clone(),
        extra: &no_extra,
    };
    let boundaries = Reader {
        kind: Kind::Boundary,
        id: &|b: &Boundary| &b.id,
        name: &|b: &Boundary| b.name.clone(),
        extra: &no_extra,
    };
    let flows = Reader {
        kind: Kind::Flow,
        id: &|f: &Flow| &f.id,
        name: &|f: &Flow| f.label.clone(),
        extra: &no_extra,
    };
    for (a, b) in pairs {
        let on = Some(if b.id.0.is_empty() { &a.id } else { &b.id });
        compare(
            &elements,
            on,
            (&a.elements, &b.elements),
            options,
            &mut d.items,
        );
        compare(
            &boundaries,
            on,
            (&a.boundaries, &b.boundaries),
            options,
            &mut d.items,
        );
        compare(&flows, on, (&a.flows, &b.flows), options, &mut d.items);
        if !b.id.0.is_empty() {
            zones_and_crossings(a, b, new, &mut d);
        }
    }
    // Threats (with their statement, as read), mitigations and assumptions.
    let threats = Reader {
        kind: Kind::Threat,
        id: &|t: &Threat| &t.id,
        name: &|t: &Threat| {
            if t.title.trim().is_empty() {
                t.statement()
            } else {
                t.title.clone()
            }
        },
        extra: &|t: &Threat| vec![("statement".to_owned(), Value::String(t.statement()))],
    };
    compare(
        &threats,
        None,
        (&old.threats, &new.threats),
        options,
        &mut d.items,
    );
    let mitigations = Reader {
        kind: Kind::Mitigation,
        id: &|m: &Mitigation| &m.id,
        name: &|m: &Mitigation| m.title.clone(),
        extra: &no_extra,
    };
    let pair = (old.mitigations.as_slice(), new.mitigations.as_slice());
    compare(&mitigations, None, pair, options, &mut d.items);
    let assumptions = Reader {
        kind: Kind::Assumption,
        id: &|a: &Assumption| &a.id,
        name: &|a: &Assumption| a.text.clone(),
        extra: &no_extra,
    };
    let pair = (old.assumptions.as_slice(), new.assumptions.as_slice());
    compare(&assumptions, None, pair, options, &mut d.items);
    d.items
        .sort_by(|a, b| (a.kind, &a.diagram, &a.id).cmp(&(b.kind, &b.diagram, &b.id)));
    d.coverage = coverage(old, new, &d.items);
    // What is compared whole.
    let whole: [(&str, bool); 4] = [
        ("team", old.team != new.team),
        ("retrospective", old.retrospective != new.retrospective),
        (
            "not-applicable judgements",
            old.not_applicable != new.not_applicable,
        ),
        ("dismissed suggestions", old.dismissed != new.dismissed),
    ];
    d.other = whole
        .iter()
        .filter(|(_, changed)| *changed)
        .map(|(name, _)| (*name).to_owned())
        .collect();
    d
}

/// Elements now in another trust zone, and flows that newly cross a boundary.
fn zones_and_crossings(a: &Diagram, b: &Diagram, new: &Model, d: &mut ModelDiff) {
    let (ma, mb) = (Membership::compute(a), Membership::compute(b));
    let zone = |m: &Membership, g: &Diagram, id: &Id| m.zone_of(g, id).map(|z| z.name.clone());
    let old_elements: BTreeSet<&Id> = a.elements.iter().map(|e| &e.id).collect();
    for e in &b.elements {
        if !old_elements.contains(&e.id) {
            continue;
        }
        let (before, after) = (zone(&ma, a, &e.id), zone(&mb, b, &e.id));
        // By boundary, not name: two zones may share a name.
        let (ib, ia) = (ma.holders(&e.id).last(), mb.holders(&e.id).last());
        let same = match (ib, ia) {
            (Some(&x), Some(&y)) => a.boundaries[x].id == b.boundaries[y].id,
            (None, None) => true,
            _ => false,
        };
        if !same {
            d.zones.push(ZoneChange {
                diagram: b.id.clone(),
                element: e.id.clone(),
                name: e.name.clone(),
                before,
                after,
            });
        }
    }
    let old_flows: HashMap<&Id, &crate::model::Flow> = a.flows.iter().map(|f| (&f.id, f)).collect();
    let mut threats: HashMap<&Id, usize> = HashMap::new();
    for t in &new.threats {
        if let Some(target) = &t.target {
            *threats.entry(target).or_default() += 1;
        }
    }
    for f in &b.flows {
        if !mb.crosses_any(f) {
            continue;
        }
        let crossed_before = old_flows.get(&f.id).is_some_and(|was| ma.crosses_any(was));
        if !crossed_before {
            d.new_crossings.push(Crossing {
                diagram: b.id.clone(),
                flow: f.id.clone(),
                name: f.label.clone(),
                boundaries: mb.crossings(b, f).iter().map(|x| x.name.clone()).collect(),
                threats: threats.get(&f.id).copied().unwrap_or(0),
            });
        }
    }
}

type Pairs = BTreeMap<(Id, Stride), String>;

/// Of the STRIDE pairs of the `relevant` targets, those not reviewed and those reviewed.
fn review_state(m: &Model, relevant: &HashSet<Id>) -> (Pairs, Pairs) {
    let (mut unreviewed, mut reviewed) = (Pairs::new(), Pairs::new());
    for c in stride::coverage(m) {
        if !relevant.contains(&*c.target) {
            continue;
        }
        let key = ((*c.target).clone(), c.category);
        let name = c.target_name.to_string();
        if c.state == CoverageState::NotReviewed {
            unreviewed.insert(key, name);
        } else {
            reviewed.insert(key, name);
        }
    }
    (unreviewed, reviewed)
}

/// The STRIDE pairs whose review state changed. Only targets the change touched can have
/// changed: items added, removed or changed, the targets of threats added, removed or changed,
/// and those of judgements made or withdrawn.
fn coverage(old: &Model, new: &Model, items: &[ItemChange]) -> CoverageDelta {
    let mut relevant: HashSet<Id> = items.iter().map(|i| i.id.clone()).collect();
    let threats = |m: &'_ Model| -> HashMap<Id, Option<Id>> {
        m.threats
            .iter()
            .map(|t| (t.id.clone(), t.target.clone()))
            .collect()
    };
    let (before, after) = (threats(old), threats(new));
    for t in items.iter().filter(|i| i.kind == Kind::Threat) {
        for map in [&before, &after] {
            if let Some(Some(target)) = map.get(&t.id) {
                relevant.insert(target.clone());
            }
        }
    }
    for n in old.not_applicable.iter().chain(&new.not_applicable) {
        if !(old.not_applicable.contains(n) && new.not_applicable.contains(n)) {
            relevant.insert(n.target.clone());
        }
    }
    let ((old_unreviewed, old_reviewed), (unreviewed, reviewed)) =
        (review_state(old, &relevant), review_state(new, &relevant));
    let pairs = |now: Pairs, then: &Pairs| {
        now.into_iter()
            .filter(|(k, _)| !then.contains_key(k))
            .map(|((target, category), name)| Pair {
                target,
                name,
                category,
            })
            .collect()
    };
    CoverageDelta {
        newly_unreviewed: pairs(unreviewed, &old_unreviewed),
        newly_reviewed: pairs(reviewed, &old_reviewed),
    }
}
