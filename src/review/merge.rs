//! A three-way merge of two versions of a model made from a common base, by id and by field,
//! as git calls a merge driver: edits of different items, or of different fields of one item,
//! merge cleanly; the same field changed two ways, or an item changed on one side and deleted
//! on the other, is a conflict that keeps OURS and is reported.

use super::diff::Kind;
use crate::model::{
    Assumption, Boundary, Diagram, Element, Flow, Id, Mitigation, Model, Threat, next_id, validate,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};

/// A field both sides changed differently, or an item one side deleted and the other changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    pub kind: Kind,
    pub id: Id,
    /// The field, or "(deleted)" when one side deleted the item.
    pub field: String,
    pub base: Value,
    pub ours: Value,
    pub theirs: Value,
}

/// An id THEIRS added that OURS also added for something else: given a new one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Renumbered {
    pub from: Id,
    pub to: Id,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub model: Model,
    pub conflicts: Vec<Conflict>,
    pub renumbered: Vec<Renumbered>,
    /// What validation finds wrong in the merged model (a flow THEIRS added to an element OURS
    /// deleted…): the merge is not clean.
    pub problems: Vec<String>,
}

impl Merged {
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty() && self.problems.is_empty()
    }
}

/// Merges `ours` and `theirs`, both made from `base`.
pub fn merge(base: &Model, ours: &Model, theirs: &Model) -> Merged {
    let map = collisions(base, ours, theirs);
    // Copied only when some of its ids must change.
    let renamed;
    let theirs = if map.is_empty() {
        theirs
    } else {
        let mut copy = theirs.clone();
        rename_ids(&mut copy, &map);
        renamed = copy;
        &renamed
    };
    let mut renumbered: Vec<Renumbered> = map
        .into_iter()
        .map(|(from, to)| Renumbered { from, to })
        .collect();
    renumbered.sort_by(|a, b| a.from.cmp(&b.from));
    let mut conflicts = Vec::new();
    let c = &mut conflicts;
    let model = Model {
        info: merge_fields(
            Kind::Model,
            &Id::from("model"),
            &base.info,
            &ours.info,
            &theirs.info,
            c,
        ),
        team: merge_set(&base.team, &ours.team, &theirs.team),
        diagrams: merge_diagrams(base, ours, theirs, c),
        assumptions: merge_list(
            Kind::Assumption,
            &base.assumptions,
            &ours.assumptions,
            &theirs.assumptions,
            |a: &Assumption| &a.id,
            c,
        ),
        threats: merge_list(
            Kind::Threat,
            &base.threats,
            &ours.threats,
            &theirs.threats,
            |t: &Threat| &t.id,
            c,
        ),
        mitigations: merge_list(
            Kind::Mitigation,
            &base.mitigations,
            &ours.mitigations,
            &theirs.mitigations,
            |m: &Mitigation| &m.id,
            c,
        ),
        not_applicable: merge_set(
            &base.not_applicable,
            &ours.not_applicable,
            &theirs.not_applicable,
        ),
        dismissed: merge_set(&base.dismissed, &ours.dismissed, &theirs.dismissed),
        retrospective: merge_set(
            &base.retrospective,
            &ours.retrospective,
            &theirs.retrospective,
        ),
    };
    let problems = validate(&model).iter().map(|p| p.to_string()).collect();
    Merged {
        model,
        conflicts,
        renumbered,
        problems,
    }
}

fn to_value<T: Serialize>(item: Option<&T>) -> Value {
    item.and_then(|i| serde_json::to_value(i).ok())
        .unwrap_or(Value::Null)
}

/// Merges one item field by field: a field changed on one side only takes that change; one
/// changed on both sides to different values keeps OURS and is a conflict.
fn merge_fields<T: Clone + PartialEq + Serialize + DeserializeOwned>(
    kind: Kind,
    id: &Id,
    base: &T,
    ours: &T,
    theirs: &T,
    conflicts: &mut Vec<Conflict>,
) -> T {
    if ours == theirs || theirs == base {
        return ours.clone();
    }
    if ours == base {
        return theirs.clone();
    }
    let (Value::Object(b), Value::Object(o), Value::Object(t)) = (
        to_value(Some(base)),
        to_value(Some(ours)),
        to_value(Some(theirs)),
    ) else {
        return ours.clone();
    };
    let mut merged = o.clone();
    let keys: BTreeSet<&String> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    let mut clashed = Vec::new();
    for key in keys {
        let (bv, ov, tv) = (b.get(key), o.get(key), t.get(key));
        if ov == tv || tv == bv {
            continue;
        }
        if ov == bv {
            match tv {
                Some(v) => merged.insert(key.clone(), v.clone()),
                None => merged.remove(key),
            };
            continue;
        }
        clashed.push(Conflict {
            kind,
            id: id.clone(),
            field: key.clone(),
            base: bv.cloned().unwrap_or(Value::Null),
            ours: ov.cloned().unwrap_or(Value::Null),
            theirs: tv.cloned().unwrap_or(Value::Null),
        });
    }
    match serde_json::from_value(Value::Object(merged)) {
        Ok(item) => {
            conflicts.extend(clashed);
            item
        }
        // Fields that only make sense together (never with the model as it is): OURS whole.
        Err(e) => {
            conflicts.push(Conflict {
                kind,
                id: id.clone(),
                field: format!("(whole item: {e})"),
                base: to_value(Some(base)),
                ours: to_value(Some(ours)),
                theirs: to_value(Some(theirs)),
            });
            ours.clone()
        }
    }
}

/// Merges a list of items with ids. The order is OURS', with what THEIRS added after; when
/// OURS kept the base's order, THEIRS' order is taken.
fn merge_list<T: Clone + PartialEq + Serialize + DeserializeOwned>(
    kind: Kind,
    base: &[T],
    ours: &[T],
    theirs: &[T],
    id: impl Fn(&T) -> &Id,
    conflicts: &mut Vec<Conflict>,
) -> Vec<T> {
    if ours == theirs || theirs == base {
        return ours.to_vec();
    }
    if ours == base {
        return theirs.to_vec();
    }
    let index = |list: &'_ [T]| -> HashMap<Id, usize> {
        list.iter()
            .enumerate()
            .map(|(i, x)| (id(x).clone(), i))
            .collect()
    };
    let (b, o, t) = (index(base), index(ours), index(theirs));
    let same_order = ours.len() == base.len() && ours.iter().zip(base).all(|(x, y)| id(x) == id(y));
    let skeleton: Vec<&T> = if same_order {
        theirs.iter().chain(base.iter()).collect()
    } else {
        ours.iter()
            .chain(theirs.iter())
            .chain(base.iter())
            .collect()
    };
    let mut seen: HashSet<&Id> = HashSet::new();
    let mut out = Vec::with_capacity(ours.len().max(theirs.len()));
    for x in skeleton {
        let key = id(x);
        if !seen.insert(key) {
            continue;
        }
        let (bi, oi, ti) = (
            b.get(key).map(|&i| &base[i]),
            o.get(key).map(|&i| &ours[i]),
            t.get(key).map(|&i| &theirs[i]),
        );
        let deleted = |kept: &T, changed_side: &str| Conflict {
            kind,
            id: key.clone(),
            field: "(deleted)".to_owned(),
            base: to_value(bi),
            ours: if changed_side == "ours" {
                to_value(Some(kept))
            } else {
                Value::Null
            },
            theirs: if changed_side == "theirs" {
                to_value(Some(kept))
            } else {
                Value::Null
            },
        };
        match (bi, oi, ti) {
            (_, Some(o), None) if bi.is_none() => out.push(o.clone()),
            (None, None, Some(t)) => out.push(t.clone()),
            // Added on both sides: the same item (colliding ids were renumbered before).
            (None, Some(o), Some(_)) => out.push(o.clone()),
            (Some(b), Some(o), Some(t)) => {
                out.push(merge_fields(kind, key, b, o, t, conflicts));
            }
            // Deleted by THEIRS: gone, unless OURS changed it.
            (Some(b), Some(o), None) if o != b => {
                conflicts.push(deleted(o, "ours"));
                out.push(o.clone());
            }
            // Deleted by OURS: gone; a change THEIRS made to it is a conflict (OURS kept).
            (Some(b), None, Some(t)) if t != b => conflicts.push(deleted(t, "theirs")),
            _ => {}
        }
    }
    out
}

/// Merges a list compared as a set of values (team, judgements, retrospective): what either
/// side removed is gone, what either side added is there.
fn merge_set<T: Clone + PartialEq>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    let mut out: Vec<T> = ours
        .iter()
        .filter(|x| !base.contains(x) || theirs.contains(x))
        .cloned()
        .collect();
    for x in theirs {
        if !base.contains(x) && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

/// Diagrams by id: their name and description by field, their elements, boundaries and flows
/// as lists.
fn merge_diagrams(
    base: &Model,
    ours: &Model,
    theirs: &Model,
    conflicts: &mut Vec<Conflict>,
) -> Vec<Diagram> {
    let heads = |m: &Model| -> Vec<Diagram> {
        m.diagrams
            .iter()
            .map(|d| {
                let mut head = Diagram::new(d.id.clone(), d.name.clone());
                head.description = d.description.clone();
                head
            })
            .collect()
    };
    let merged_heads = merge_list(
        Kind::Diagram,
        &heads(base),
        &heads(ours),
        &heads(theirs),
        |d: &Diagram| &d.id,
        conflicts,
    );
    let find = |m: &Model, id: &Id| m.diagrams.iter().find(|d| &d.id == id).cloned();
    merged_heads
        .into_iter()
        .map(|head| {
            let empty = Diagram::new(head.id.clone(), "");
            let (b, o, t) = (
                find(base, &head.id),
                find(ours, &head.id),
                find(theirs, &head.id),
            );
            // A diagram only one side has is taken whole from it.
            let (b, o, t) = match (b, o, t) {
                (b, Some(o), Some(t)) => (b.unwrap_or(empty), o, t),
                (_, Some(o), None) => return o,
                (_, None, Some(t)) => return t,
                _ => return head,
            };
            Diagram {
                id: head.id,
                name: head.name,
                description: head.description,
                elements: merge_list(
                    Kind::Element,
                    &b.elements,
                    &o.elements,
                    &t.elements,
                    |e: &Element| &e.id,
                    conflicts,
                ),
                boundaries: merge_list(
                    Kind::Boundary,
                    &b.boundaries,
                    &o.boundaries,
                    &t.boundaries,
                    |x: &Boundary| &x.id,
                    conflicts,
                ),
                flows: merge_list(
                    Kind::Flow,
                    &b.flows,
                    &o.flows,
                    &t.flows,
                    |f: &Flow| &f.id,
                    conflicts,
                ),
            }
        })
        .collect()
}

/// The leading letters of an id ("TB" of "TB12") and the width of its number.
fn prefix_of(id: &Id) -> (&str, usize) {
    let digits = id.0.len() - id.0.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    (&id.0[..id.0.len() - digits], digits)
}

/// Ids THEIRS added that OURS also added for a different item, each with the fresh id it is
/// given in THEIRS (every reference to it follows, see [`rename_ids`]).
fn collisions(base: &Model, ours: &Model, theirs: &Model) -> HashMap<Id, Id> {
    let in_base: HashSet<&Id> = base.all_ids().collect();
    // What OURS added, by id, as JSON: an identical item added on both sides is the same item.
    let ours_new: HashMap<&Id, Value> = new_items(ours, &in_base).into_iter().collect();
    let mut taken: HashSet<Id> = base
        .all_ids()
        .chain(ours.all_ids())
        .chain(theirs.all_ids())
        .cloned()
        .collect();
    let mut map: HashMap<Id, Id> = HashMap::new();
    for (id, value) in new_items(theirs, &in_base) {
        if map.contains_key(id) {
            continue;
        }
        if let Some(mine) = ours_new.get(id)
            && *mine != value
        {
            let (prefix, width) = prefix_of(id);
            let fresh = next_id(prefix, width.max(1), taken.iter());
            taken.insert(fresh.clone());
            map.insert(id.clone(), fresh);
        }
    }
    map
}

/// The items of a model whose ids the base does not have, as JSON, for telling same from
/// different.
fn new_items<'m>(m: &'m Model, in_base: &HashSet<&Id>) -> Vec<(&'m Id, Value)> {
    fn add<'m, T: Serialize>(
        out: &mut Vec<(&'m Id, Value)>,
        list: &'m [T],
        id: impl Fn(&T) -> &Id,
        in_base: &HashSet<&Id>,
    ) {
        for item in list {
            if !in_base.contains(id(item)) {
                out.push((id(item), to_value(Some(item))));
            }
        }
    }
    let mut out = Vec::new();
    for d in &m.diagrams {
        add(&mut out, &d.elements, |e| &e.id, in_base);
        add(&mut out, &d.boundaries, |b| &b.id, in_base);
        add(&mut out, &d.flows, |f| &f.id, in_base);
    }
    add(&mut out, &m.threats, |t| &t.id, in_base);
    add(&mut out, &m.mitigations, |x| &x.id, in_base);
    add(&mut out, &m.assumptions, |a| &a.id, in_base);
    out
}

/// Renames ids, and every reference to them, throughout a model.
fn rename_ids(m: &mut Model, map: &HashMap<Id, Id>) {
    let swap = |id: &mut Id| {
        if let Some(new) = map.get(id) {
            *id = new.clone();
        }
    };
    for d in &mut m.diagrams {
        for e in &mut d.elements {
            swap(&mut e.id);
        }
        for b in &mut d.boundaries {
            swap(&mut b.id);
        }
        for f in &mut d.flows {
            swap(&mut f.id);
            swap(&mut f.from);
            swap(&mut f.to);
        }
    }
    for t in &mut m.threats {
        swap(&mut t.id);
        if let Some(target) = &mut t.target {
            swap(target);
        }
        t.mitigations.iter_mut().for_each(swap);
    }
    for x in &mut m.mitigations {
        swap(&mut x.id);
    }
    for a in &mut m.assumptions {
        swap(&mut a.id);
        a.links.iter_mut().for_each(swap);
    }
    for n in &mut m.not_applicable {
        swap(&mut n.target);
    }
    for d in &mut m.dismissed {
        swap(&mut d.target);
    }
}
