//! The operations of the diagram editor, each returning the [`Edit`] that performs it. They
//! only read the model: the caller applies the edit through [`super::History`], so every one of
//! them can be undone.

use super::{Boundary, Change, Diagram, Edit, Element, ElementKind, Flow, Id, Model, Threat};
use std::collections::{HashMap, HashSet};

fn diagram<'m>(model: &'m Model, id: &Id) -> Option<&'m Diagram> {
    model.diagrams.iter().find(|d| &d.id == id)
}

fn insert<T>(index: usize, item: T) -> Change<T> {
    Change {
        index,
        before: None,
        after: Some(item),
    }
}

fn remove<T: Clone>(index: usize, item: &T) -> Change<T> {
    Change {
        index,
        before: Some(item.clone()),
        after: None,
    }
}

fn replace<T: Clone>(index: usize, before: &T, after: T) -> Change<T> {
    Change {
        index,
        before: Some(before.clone()),
        after: Some(after),
    }
}

/// Adds an element of `kind` with its centre at `center`; returns the edit and the new id.
pub fn add_element(
    model: &Model,
    diagram_id: &Id,
    kind: ElementKind,
    name: &str,
    technology: &str,
    center: (f32, f32),
) -> Option<(Edit, Id)> {
    let d = diagram(model, diagram_id)?;
    let id = model.fresh_id(kind.id_prefix(), 1);
    let size = Element::default_size(kind);
    let mut e = Element::new(
        id.clone(),
        kind,
        name,
        (center.0 - size.0 / 2.0, center.1 - size.1 / 2.0),
    );
    e.technology = technology.to_owned();
    Some((
        Edit::Element(diagram_id.clone(), insert(d.elements.len(), e)),
        id,
    ))
}

/// Adds a trust boundary with its centre at `center`.
pub fn add_boundary(
    model: &Model,
    diagram_id: &Id,
    name: &str,
    center: (f32, f32),
    size: (f32, f32),
) -> Option<(Edit, Id)> {
    let d = diagram(model, diagram_id)?;
    let id = model.fresh_id("TB", 1);
    let b = Boundary::new(
        id.clone(),
        name,
        (center.0 - size.0 / 2.0, center.1 - size.1 / 2.0),
        size,
    );
    Some((
        Edit::Boundary(diagram_id.clone(), insert(d.boundaries.len(), b)),
        id,
    ))
}

/// Connects two different elements of a diagram with a new data flow.
pub fn add_flow(model: &Model, diagram_id: &Id, from: &Id, to: &Id) -> Option<(Edit, Id)> {
    let d = diagram(model, diagram_id)?;
    if from == to || d.element(from).is_none() || d.element(to).is_none() {
        return None;
    }
    let id = model.fresh_id("F", 2);
    let flow = Flow::new(id.clone(), from.clone(), to.clone(), "Data");
    Some((
        Edit::Flow(diagram_id.clone(), insert(d.flows.len(), flow)),
        id,
    ))
}

/// Changes one element through `change`; `None` when it does not exist.
pub fn update_element(
    model: &Model,
    diagram_id: &Id,
    id: &Id,
    change: impl FnOnce(&mut Element),
) -> Option<Edit> {
    let d = diagram(model, diagram_id)?;
    let index = d.elements.iter().position(|e| &e.id == id)?;
    let mut after = d.elements[index].clone();
    change(&mut after);
    Some(Edit::Element(
        diagram_id.clone(),
        replace(index, &d.elements[index], after),
    ))
}

pub fn update_flow(
    model: &Model,
    diagram_id: &Id,
    id: &Id,
    change: impl FnOnce(&mut Flow),
) -> Option<Edit> {
    let d = diagram(model, diagram_id)?;
    let index = d.flows.iter().position(|f| &f.id == id)?;
    let mut after = d.flows[index].clone();
    change(&mut after);
    Some(Edit::Flow(
        diagram_id.clone(),
        replace(index, &d.flows[index], after),
    ))
}

pub fn update_boundary(
    model: &Model,
    diagram_id: &Id,
    id: &Id,
    change: impl FnOnce(&mut Boundary),
) -> Option<Edit> {
    let d = diagram(model, diagram_id)?;
    let index = d.boundaries.iter().position(|b| &b.id == id)?;
    let mut after = d.boundaries[index].clone();
    change(&mut after);
    Some(Edit::Boundary(
        diagram_id.clone(),
        replace(index, &d.boundaries[index], after),
    ))
}

pub fn update_threat(model: &Model, id: &Id, change: impl FnOnce(&mut Threat)) -> Option<Edit> {
    let index = model.threats.iter().position(|t| &t.id == id)?;
    let mut after = model.threats[index].clone();
    change(&mut after);
    Some(Edit::Threat(replace(index, &model.threats[index], after)))
}

pub fn update_diagram(
    model: &Model,
    diagram_id: &Id,
    change: impl FnOnce(&mut Diagram),
) -> Option<Edit> {
    let index = model.diagrams.iter().position(|d| &d.id == diagram_id)?;
    let mut after = model.diagrams[index].clone();
    change(&mut after);
    Some(Edit::Diagram(replace(index, &model.diagrams[index], after)))
}

/// Moves shapes from the positions they had (`from`) to where they are now in `model`: used
/// after a live drag, so the whole drag is one undo step.
pub fn moved(model: &Model, diagram_id: &Id, from: &HashMap<Id, (f32, f32)>) -> Option<Edit> {
    let d = diagram(model, diagram_id)?;
    let mut edits = Vec::new();
    for (i, e) in d.elements.iter().enumerate() {
        if let Some(&pos) = from.get(&e.id) {
            let before = Element { pos, ..e.clone() };
            edits.push(Edit::Element(
                diagram_id.clone(),
                replace(i, &before, e.clone()),
            ));
        }
    }
    for (i, b) in d.boundaries.iter().enumerate() {
        if let Some(&pos) = from.get(&b.id) {
            let before = Boundary { pos, ..b.clone() };
            edits.push(Edit::Boundary(
                diagram_id.clone(),
                replace(i, &before, b.clone()),
            ));
        }
    }
    Some(Edit::Batch(edits))
}

/// What a delete removed, for the message that tells the user.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Removed {
    pub elements: usize,
    pub boundaries: usize,
    pub flows: usize,
    pub threats: usize,
}

/// Deletes shapes of a diagram, with the flows attached to deleted elements and the threats and
/// review notes about anything deleted. Lists are emptied from the back so that every recorded
/// position is right when the batch is applied in order (and undone in reverse).
pub fn delete(model: &Model, diagram_id: &Id, ids: &HashSet<Id>) -> Option<(Edit, Removed)> {
    let d = diagram(model, diagram_id)?;
    let mut gone: HashSet<&Id> = ids.iter().collect();
    let mut edits = Vec::new();
    let mut removed = Removed::default();
    for (i, f) in d.flows.iter().enumerate().rev() {
        if gone.contains(&f.id) || gone.contains(&f.from) || gone.contains(&f.to) {
            edits.push(Edit::Flow(diagram_id.clone(), remove(i, f)));
            removed.flows += 1;
        }
    }
    for f in &d.flows {
        if gone.contains(&f.from) || gone.contains(&f.to) {
            gone.insert(&f.id);
        }
    }
    for (i, e) in d.elements.iter().enumerate().rev() {
        if gone.contains(&e.id) {
            edits.push(Edit::Element(diagram_id.clone(), remove(i, e)));
            removed.elements += 1;
        }
    }
    for (i, b) in d.boundaries.iter().enumerate().rev() {
        if gone.contains(&b.id) {
            edits.push(Edit::Boundary(diagram_id.clone(), remove(i, b)));
            removed.boundaries += 1;
        }
    }
    let mut gone_threats = HashSet::new();
    for (i, t) in model.threats.iter().enumerate().rev() {
        if t.target.as_ref().is_some_and(|t| gone.contains(t)) {
            edits.push(Edit::Threat(remove(i, t)));
            gone_threats.insert(&t.id);
            removed.threats += 1;
        }
    }
    // Assumptions keep their other links; those to removed threats go.
    for (i, a) in model.assumptions.iter().enumerate() {
        if a.links.iter().any(|l| gone_threats.contains(l)) {
            let mut after = a.clone();
            after.links.retain(|l| !gone_threats.contains(l));
            edits.push(Edit::Assumption(replace(i, a, after)));
        }
    }
    for (i, n) in model.not_applicable.iter().enumerate().rev() {
        if gone.contains(&n.target) {
            edits.push(Edit::NotApplicable(remove(i, n)));
        }
    }
    for (i, n) in model.dismissed.iter().enumerate().rev() {
        if gone.contains(&n.target) {
            edits.push(Edit::Dismissal(remove(i, n)));
        }
    }
    if edits.is_empty() {
        return None;
    }
    Some((Edit::Batch(edits), removed))
}

/// Copied shapes: elements and boundaries, and the flows between copied elements.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clipboard {
    pub elements: Vec<Element>,
    pub boundaries: Vec<Boundary>,
    pub flows: Vec<Flow>,
}

impl Clipboard {
    pub fn is_empty(&self) -> bool {
        self.elements.is_empty() && self.boundaries.is_empty()
    }
}

pub fn copy(model: &Model, diagram_id: &Id, ids: &HashSet<Id>) -> Clipboard {
    let Some(d) = diagram(model, diagram_id) else {
        return Clipboard::default();
    };
    let elements: Vec<Element> = d
        .elements
        .iter()
        .filter(|e| ids.contains(&e.id))
        .cloned()
        .collect();
    let copied: HashSet<&Id> = elements.iter().map(|e| &e.id).collect();
    Clipboard {
        flows: d
            .flows
            .iter()
            .filter(|f| copied.contains(&f.from) && copied.contains(&f.to))
            .cloned()
            .collect(),
        boundaries: d
            .boundaries
            .iter()
            .filter(|b| ids.contains(&b.id))
            .cloned()
            .collect(),
        elements,
    }
}

/// Pastes a clipboard with fresh ids, shifted by `offset`; returns the edit and the new ids.
pub fn paste(
    model: &Model,
    diagram_id: &Id,
    clip: &Clipboard,
    offset: (f32, f32),
) -> Option<(Edit, Vec<Id>)> {
    let d = diagram(model, diagram_id)?;
    if clip.is_empty() {
        return None;
    }
    let mut taken: Vec<Id> = model.all_ids().cloned().collect();
    let mut fresh = |prefix: &str, width: usize| {
        let id = super::next_id(prefix, width, taken.iter());
        taken.push(id.clone());
        id
    };
    let shift = |p: (f32, f32)| (p.0 + offset.0, p.1 + offset.1);
    let mut edits = Vec::new();
    let mut new_ids = Vec::new();
    let mut renamed = HashMap::new();
    for (k, e) in clip.elements.iter().enumerate() {
        let id = fresh(e.kind.id_prefix(), 1);
        renamed.insert(e.id.clone(), id.clone());
        let copy = Element {
            id: id.clone(),
            pos: shift(e.pos),
            ..e.clone()
        };
        edits.push(Edit::Element(
            diagram_id.clone(),
            insert(d.elements.len() + k, copy),
        ));
        new_ids.push(id);
    }
    for (k, b) in clip.boundaries.iter().enumerate() {
        let id = fresh("TB", 1);
        let copy = Boundary {
            id: id.clone(),
            pos: shift(b.pos),
            ..b.clone()
        };
        edits.push(Edit::Boundary(
            diagram_id.clone(),
            insert(d.boundaries.len() + k, copy),
        ));
        new_ids.push(id);
    }
    let mut k = 0;
    for f in &clip.flows {
        let (Some(from), Some(to)) = (renamed.get(&f.from), renamed.get(&f.to)) else {
            continue;
        };
        let copy = Flow {
            id: fresh("F", 2),
            from: from.clone(),
            to: to.clone(),
            waypoints: f.waypoints.iter().map(|&p| shift(p)).collect(),
            ..f.clone()
        };
        new_ids.push(copy.id.clone());
        edits.push(Edit::Flow(
            diagram_id.clone(),
            insert(d.flows.len() + k, copy),
        ));
        k += 1;
    }
    Some((Edit::Batch(edits), new_ids))
}

/// Adds an empty diagram after the others.
pub fn add_diagram(model: &Model, name: &str) -> (Edit, Id) {
    let id = model.fresh_id("DFD", 1);
    let d = Diagram::new(id.clone(), name);
    (Edit::Diagram(insert(model.diagrams.len(), d)), id)
}

/// Removes a diagram with everything on it, and the threats and notes about its contents.
pub fn remove_diagram(model: &Model, diagram_id: &Id) -> Option<Edit> {
    let index = model.diagrams.iter().position(|d| &d.id == diagram_id)?;
    let d = &model.diagrams[index];
    let contents: HashSet<Id> = d.shape_ids().cloned().collect();
    let mut edits = Vec::new();
    if let Some((Edit::Batch(mut inner), _)) = delete(model, diagram_id, &contents) {
        // Only the model-wide lists: the diagram itself goes whole, with its shapes.
        inner.retain(|e| !matches!(e, Edit::Element(..) | Edit::Flow(..) | Edit::Boundary(..)));
        edits.extend(inner);
    }
    edits.push(Edit::Diagram(remove(index, d)));
    Some(Edit::Batch(edits))
}

/// Appends an item to one of the model-wide lists.
pub fn add_mitigation(model: &Model, title: &str) -> (Edit, Id) {
    let id = model.fresh_id("M", 1);
    let m = super::Mitigation::new(id.clone(), title);
    (Edit::Mitigation(insert(model.mitigations.len(), m)), id)
}

pub fn add_assumption(model: &Model, tag: &str, text: &str) -> (Edit, Id) {
    let id = model.fresh_id("A", 1);
    let a = super::Assumption {
        id: id.clone(),
        tag: tag.to_owned(),
        text: text.to_owned(),
        links: Vec::new(),
    };
    (Edit::Assumption(insert(model.assumptions.len(), a)), id)
}

/// A new hand-written threat about `target` in `category`.
pub fn add_threat(
    model: &Model,
    target: Option<&Id>,
    category: Option<super::Stride>,
) -> (Edit, Id) {
    let id = model.fresh_id("T", 2);
    let mut t = Threat::new(id.clone());
    t.target = target.cloned();
    t.stride = category.into_iter().collect();
    (Edit::Threat(insert(model.threats.len(), t)), id)
}

pub fn update_mitigation(
    model: &Model,
    id: &Id,
    change: impl FnOnce(&mut super::Mitigation),
) -> Option<Edit> {
    let index = model.mitigations.iter().position(|m| &m.id == id)?;
    let mut after = model.mitigations[index].clone();
    change(&mut after);
    Some(Edit::Mitigation(replace(
        index,
        &model.mitigations[index],
        after,
    )))
}

pub fn update_assumption(
    model: &Model,
    id: &Id,
    change: impl FnOnce(&mut super::Assumption),
) -> Option<Edit> {
    let index = model.assumptions.iter().position(|a| &a.id == id)?;
    let mut after = model.assumptions[index].clone();
    change(&mut after);
    Some(Edit::Assumption(replace(
        index,
        &model.assumptions[index],
        after,
    )))
}

/// Removes a threat, and the links assumptions have to it.
pub fn delete_threat(model: &Model, id: &Id) -> Option<Edit> {
    let index = model.threats.iter().position(|t| &t.id == id)?;
    let mut edits = Vec::new();
    for (i, a) in model.assumptions.iter().enumerate() {
        if a.links.contains(id) {
            let mut after = a.clone();
            after.links.retain(|l| l != id);
            edits.push(Edit::Assumption(replace(i, a, after)));
        }
    }
    edits.push(Edit::Threat(remove(index, &model.threats[index])));
    Some(Edit::Batch(edits))
}

/// Removes an assumption (its links go with it: they are held by the assumption).
pub fn delete_assumption(model: &Model, id: &Id) -> Option<Edit> {
    let index = model.assumptions.iter().position(|a| &a.id == id)?;
    Some(Edit::Assumption(remove(index, &model.assumptions[index])))
}

/// Removes a mitigation and every link to it.
pub fn delete_mitigation(model: &Model, id: &Id) -> Option<Edit> {
    let index = model.mitigations.iter().position(|m| &m.id == id)?;
    let mut edits = Vec::new();
    for (i, t) in model.threats.iter().enumerate() {
        if t.mitigations.contains(id) {
            let mut after = t.clone();
            after.mitigations.retain(|m| m != id);
            edits.push(Edit::Threat(replace(i, t, after)));
        }
    }
    for (i, a) in model.assumptions.iter().enumerate() {
        if a.links.contains(id) {
            let mut after = a.clone();
            after.links.retain(|l| l != id);
            edits.push(Edit::Assumption(replace(i, a, after)));
        }
    }
    edits.push(Edit::Mitigation(remove(index, &model.mitigations[index])));
    Some(Edit::Batch(edits))
}

/// A new person for a workshop persona, with the name still to be typed.
pub fn add_team_member(model: &Model, persona: super::Persona) -> Edit {
    // After the last person of the same persona, so the team reads in persona order.
    let at = model
        .team
        .iter()
        .rposition(|m| m.persona <= persona)
        .map_or(0, |i| i + 1);
    Edit::Team(insert(
        at,
        super::TeamMember {
            persona,
            name: String::new(),
            contact: String::new(),
        },
    ))
}

pub fn update_team_member(
    model: &Model,
    index: usize,
    change: impl FnOnce(&mut super::TeamMember),
) -> Option<Edit> {
    let before = model.team.get(index)?;
    let mut after = before.clone();
    change(&mut after);
    Some(Edit::Team(replace(index, before, after)))
}

pub fn remove_team_member(model: &Model, index: usize) -> Option<Edit> {
    Some(Edit::Team(remove(index, model.team.get(index)?)))
}

pub fn add_retro_question(model: &Model, question: &str) -> Edit {
    Edit::Retro(insert(
        model.retrospective.len(),
        super::RetroItem {
            question: question.to_owned(),
            answer: String::new(),
            follow_up: String::new(),
        },
    ))
}

/// The questions of the workshop's "Did we do a good enough job?" table not yet asked, all
/// added as one step.
pub fn add_suggested_retro_questions(model: &Model) -> Option<Edit> {
    let asked: Vec<HashSet<String>> = model
        .retrospective
        .iter()
        .map(|r| question_words(&r.question))
        .collect();
    // A question the team already asks in its own words is not added again: half or more of
    // its meaningful words are in one already there.
    let already_asked = |q: &str| {
        let mine = question_words(q);
        asked
            .iter()
            .any(|theirs| 2 * mine.intersection(theirs).count() >= mine.len().max(2))
    };
    let edits: Vec<Edit> = super::RETRO_QUESTIONS
        .iter()
        .filter(|q| !already_asked(q))
        .enumerate()
        .map(|(k, q)| {
            Edit::Retro(insert(
                model.retrospective.len() + k,
                super::RetroItem {
                    question: (*q).to_owned(),
                    answer: String::new(),
                    follow_up: String::new(),
                },
            ))
        })
        .collect();
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// The words of a question that say what it asks: four letters or more, lower case, without the
/// ones every question has.
fn question_words(q: &str) -> HashSet<String> {
    const COMMON: &[&str] = &[
        "what", "which", "does", "this", "that", "have", "with", "would", "should", "make", "from",
        "into", "there", "their", "still", "time",
    ];
    q.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 4 && !COMMON.contains(&w.as_str()))
        .collect()
}

pub fn update_retro(
    model: &Model,
    index: usize,
    change: impl FnOnce(&mut super::RetroItem),
) -> Option<Edit> {
    let before = model.retrospective.get(index)?;
    let mut after = before.clone();
    change(&mut after);
    Some(Edit::Retro(replace(index, before, after)))
}

pub fn remove_retro(model: &Model, index: usize) -> Option<Edit> {
    Some(Edit::Retro(remove(index, model.retrospective.get(index)?)))
}

/// New risk settings, as one undoable step: when priority follows risk (newly, or with moved
/// thresholds), every rated threat's priority is set from its band in the same step.
pub fn set_risk_settings(model: &Model, settings: super::RiskSettings) -> Option<Edit> {
    let before = model.info.risk;
    if settings == before {
        return None;
    }
    let mut info = model.info.clone();
    info.risk = settings;
    let mut edits = vec![Edit::Info(Box::new(model.info.clone()), Box::new(info))];
    let bands = |s: &super::RiskSettings| (s.medium_from, s.high_from, s.critical_from);
    if settings.derive_priority && (!before.derive_priority || bands(&settings) != bands(&before)) {
        for t in &model.threats {
            let mut after = t.clone();
            super::risk::derive_priority(&mut after, &settings);
            if after.priority != t.priority
                && let Some(e) = update_threat(model, &t.id, |x| *x = after)
            {
                edits.push(e);
            }
        }
    }
    Some(Edit::Batch(edits))
}
