//! Every change the app makes to a model, as a small value with an inverse. Undo and redo are
//! nothing but applying an edit's inverse, or the edit again (see [`super::History`]).
//!
//! An edit addresses an item by its position in its list: edits are applied in strict history
//! order, so a position recorded when an edit was made is valid when it is undone or redone.

use super::{
    Assumption, Boundary, Diagram, Dismissal, Element, Flow, Id, Mitigation, Model, ModelInfo,
    NotApplicable, RetroItem, TeamMember, Threat,
};

/// One item of a list before and after a change: `None` before means an insertion, `None`
/// after a removal.
#[derive(Debug, Clone, PartialEq)]
pub struct Change<T> {
    pub index: usize,
    pub before: Option<T>,
    pub after: Option<T>,
}

impl<T: Clone> Change<T> {
    fn inverse(&self) -> Self {
        Change {
            index: self.index,
            before: self.after.clone(),
            after: self.before.clone(),
        }
    }

    fn apply(&self, list: &mut Vec<T>) {
        match (&self.before, &self.after) {
            (None, Some(item)) => {
                let at = self.index.min(list.len());
                list.insert(at, item.clone());
            }
            (Some(_), None) => {
                if self.index < list.len() {
                    list.remove(self.index);
                }
            }
            (Some(_), Some(item)) => {
                if let Some(slot) = list.get_mut(self.index) {
                    *slot = item.clone();
                }
            }
            (None, None) => {}
        }
    }
}

/// What an edit changes. Diagram contents are addressed by the diagram's id, so an edit keeps
/// pointing at the right diagram when tabs are added or removed before it.
// Variants carry whole items (a threat, an element) by value: boxing them would add an
// allocation per keystroke for no gain, as history entries are few and short-lived.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Info(Box<ModelInfo>, Box<ModelInfo>),
    Diagram(Change<Diagram>),
    Element(Id, Change<Element>),
    Boundary(Id, Change<Boundary>),
    Flow(Id, Change<Flow>),
    Threat(Change<Threat>),
    Mitigation(Change<Mitigation>),
    Assumption(Change<Assumption>),
    Team(Change<TeamMember>),
    Retro(Change<RetroItem>),
    NotApplicable(Change<NotApplicable>),
    Dismissal(Change<Dismissal>),
    /// Several edits that undo and redo as one step (a multi-selection move, a delete with the
    /// flows it takes along).
    Batch(Vec<Edit>),
}

impl Edit {
    pub fn inverse(&self) -> Edit {
        match self {
            Edit::Info(before, after) => Edit::Info(after.clone(), before.clone()),
            Edit::Diagram(c) => Edit::Diagram(c.inverse()),
            Edit::Element(d, c) => Edit::Element(d.clone(), c.inverse()),
            Edit::Boundary(d, c) => Edit::Boundary(d.clone(), c.inverse()),
            Edit::Flow(d, c) => Edit::Flow(d.clone(), c.inverse()),
            Edit::Threat(c) => Edit::Threat(c.inverse()),
            Edit::Mitigation(c) => Edit::Mitigation(c.inverse()),
            Edit::Assumption(c) => Edit::Assumption(c.inverse()),
            Edit::Team(c) => Edit::Team(c.inverse()),
            Edit::Retro(c) => Edit::Retro(c.inverse()),
            Edit::NotApplicable(c) => Edit::NotApplicable(c.inverse()),
            Edit::Dismissal(c) => Edit::Dismissal(c.inverse()),
            Edit::Batch(edits) => Edit::Batch(edits.iter().rev().map(Edit::inverse).collect()),
        }
    }

    pub fn apply(&self, model: &mut Model) {
        let diagram = |model: &mut Model, id: &Id| -> Option<usize> {
            model.diagrams.iter().position(|d| &d.id == id)
        };
        match self {
            Edit::Info(_, after) => model.info = (**after).clone(),
            Edit::Diagram(c) => c.apply(&mut model.diagrams),
            Edit::Element(d, c) => {
                if let Some(i) = diagram(model, d) {
                    c.apply(&mut model.diagrams[i].elements)
                }
            }
            Edit::Boundary(d, c) => {
                if let Some(i) = diagram(model, d) {
                    c.apply(&mut model.diagrams[i].boundaries)
                }
            }
            Edit::Flow(d, c) => {
                if let Some(i) = diagram(model, d) {
                    c.apply(&mut model.diagrams[i].flows)
                }
            }
            Edit::Threat(c) => c.apply(&mut model.threats),
            Edit::Mitigation(c) => c.apply(&mut model.mitigations),
            Edit::Assumption(c) => c.apply(&mut model.assumptions),
            Edit::Team(c) => c.apply(&mut model.team),
            Edit::Retro(c) => c.apply(&mut model.retrospective),
            Edit::NotApplicable(c) => c.apply(&mut model.not_applicable),
            Edit::Dismissal(c) => c.apply(&mut model.dismissed),
            Edit::Batch(edits) => edits.iter().for_each(|e| e.apply(model)),
        }
    }

    /// Does the edit change nothing? (Such edits are not recorded.)
    pub fn is_noop(&self) -> bool {
        match self {
            Edit::Info(a, b) => a == b,
            Edit::Diagram(c) => c.before == c.after,
            Edit::Element(_, c) => c.before == c.after,
            Edit::Boundary(_, c) => c.before == c.after,
            Edit::Flow(_, c) => c.before == c.after,
            Edit::Threat(c) => c.before == c.after,
            Edit::Mitigation(c) => c.before == c.after,
            Edit::Assumption(c) => c.before == c.after,
            Edit::Team(c) => c.before == c.after,
            Edit::Retro(c) => c.before == c.after,
            Edit::NotApplicable(c) => c.before == c.after,
            Edit::Dismissal(c) => c.before == c.after,
            Edit::Batch(edits) => edits.iter().all(Edit::is_noop),
        }
    }

    /// Folds a later edit of the same item into this one (typing a word is one undo step).
    /// Returns false, leaving `self` as it was, when the two do not touch the same item.
    fn absorb(&mut self, later: &Edit) -> bool {
        fn merge<T: Clone>(a: &mut Change<T>, b: &Change<T>) -> bool {
            let same = a.index == b.index && a.after.is_some() && b.before.is_some();
            if same {
                a.after = b.after.clone();
            }
            same
        }
        match (self, later) {
            (Edit::Info(_, a), Edit::Info(_, b)) => {
                *a = b.clone();
                true
            }
            (Edit::Diagram(a), Edit::Diagram(b)) => merge(a, b),
            (Edit::Element(d1, a), Edit::Element(d2, b)) if d1 == d2 => merge(a, b),
            (Edit::Boundary(d1, a), Edit::Boundary(d2, b)) if d1 == d2 => merge(a, b),
            (Edit::Flow(d1, a), Edit::Flow(d2, b)) if d1 == d2 => merge(a, b),
            (Edit::Threat(a), Edit::Threat(b)) => merge(a, b),
            (Edit::Mitigation(a), Edit::Mitigation(b)) => merge(a, b),
            (Edit::Assumption(a), Edit::Assumption(b)) => merge(a, b),
            (Edit::Team(a), Edit::Team(b)) => merge(a, b),
            (Edit::Retro(a), Edit::Retro(b)) => merge(a, b),
            _ => false,
        }
    }
}

/// The undo and redo stacks, and the point at which the model was last saved.
#[derive(Debug, Default)]
pub struct History {
    done: Vec<Step>,
    undone: Vec<Step>,
    next_serial: u64,
    /// The serial of the step on top of `done` when the model was saved (0: nothing done).
    saved_at: Option<u64>,
}

#[derive(Debug)]
struct Step {
    edit: Edit,
    serial: u64,
    /// Steps with the same key merge (consecutive keystrokes in one text field).
    merge_key: Option<u64>,
}

/// How many steps are kept; older ones are forgotten.
const LIMIT: usize = 500;

impl History {
    pub fn new() -> Self {
        History {
            done: Vec::new(),
            undone: Vec::new(),
            next_serial: 1,
            saved_at: Some(0),
        }
    }

    fn top_serial(&self) -> u64 {
        self.done.last().map_or(0, |s| s.serial)
    }

    /// Applies an edit to the model and records it.
    pub fn apply(&mut self, model: &mut Model, edit: Edit) {
        edit.apply(model);
        self.record(edit, None);
    }

    /// Applies an edit, merging it into the previous step when both carry the same `key` and
    /// touch the same item.
    pub fn apply_merging(&mut self, model: &mut Model, edit: Edit, key: u64) {
        edit.apply(model);
        self.record(edit, Some(key));
    }

    /// Records an edit whose effect is already in the model (e.g. a drag that moved things live).
    pub fn record(&mut self, edit: Edit, merge_key: Option<u64>) {
        if edit.is_noop() {
            return;
        }
        self.undone.clear();
        let saved_is_top = self.saved_at == Some(self.top_serial());
        if let (Some(key), Some(top)) = (merge_key, self.done.last_mut())
            && top.merge_key == Some(key)
            && !saved_is_top
            && top.edit.absorb(&edit)
        {
            return;
        }
        let serial = self.next_serial;
        self.next_serial += 1;
        self.done.push(Step {
            edit,
            serial,
            merge_key,
        });
        if self.done.len() > LIMIT {
            self.done.remove(0);
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    pub fn undo(&mut self, model: &mut Model) -> bool {
        let Some(step) = self.done.pop() else {
            return false;
        };
        step.edit.inverse().apply(model);
        self.undone.push(step);
        true
    }

    pub fn redo(&mut self, model: &mut Model) -> bool {
        let Some(step) = self.undone.pop() else {
            return false;
        };
        step.edit.apply(model);
        self.done.push(step);
        true
    }

    /// Ends merging: the next edit starts a new step even with the same key.
    pub fn seal(&mut self) {
        if let Some(top) = self.done.last_mut() {
            top.merge_key = None;
        }
    }

    pub fn mark_saved(&mut self) {
        self.saved_at = Some(self.top_serial());
    }

    /// Marks the model as changed since its file (e.g. restored from an autosave copy).
    pub fn mark_unsaved(&mut self) {
        self.saved_at = None;
    }

    /// Is the model different from what was last saved?
    pub fn is_dirty(&self) -> bool {
        self.saved_at != Some(self.top_serial())
    }

    /// What Undo would undo, in words ("move of API Gateway").
    pub fn undo_description(&self) -> Option<String> {
        self.done.last().map(|s| s.edit.describe())
    }

    /// What Redo would redo, in words.
    pub fn redo_description(&self) -> Option<String> {
        self.undone.last().map(|s| s.edit.describe())
    }

    /// Changes whenever a step is added, undone or redone (for views that report the last change).
    pub fn top_step(&self) -> (u64, usize) {
        (self.top_serial(), self.undone.len())
    }

    /// The step Undo would undo (the last one done or redone).
    pub fn last_done(&self) -> Option<&Edit> {
        self.done.last().map(|s| &s.edit)
    }

    /// The step Redo would redo (the last one undone).
    pub fn last_undone(&self) -> Option<&Edit> {
        self.undone.last().map(|s| &s.edit)
    }

    pub fn undo_len(&self) -> usize {
        self.done.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ElementKind, Model};

    fn model() -> Model {
        let mut m = Model::new("t");
        m.diagrams[0].elements.push(Element::new(
            Id::from("E1"),
            ElementKind::Actor,
            "a",
            (0.0, 0.0),
        ));
        m
    }

    fn rename(m: &Model, name: &str) -> Edit {
        let e = &m.diagrams[0].elements[0];
        let mut after = e.clone();
        after.name = name.into();
        Edit::Element(
            Id::from("DFD1"),
            Change {
                index: 0,
                before: Some(e.clone()),
                after: Some(after),
            },
        )
    }

    #[test]
    fn undo_redo_and_dirty_tracking() {
        let mut m = model();
        let original = m.clone();
        let mut h = History::new();
        assert!(!h.is_dirty());
        let e = rename(&m, "b");
        h.apply(&mut m, e);
        assert!(h.is_dirty());
        assert!(h.undo(&mut m));
        assert_eq!(m, original);
        assert!(!h.is_dirty());
        assert!(h.redo(&mut m));
        assert_eq!(m.diagrams[0].elements[0].name, "b");
        h.mark_saved();
        assert!(!h.is_dirty());
        h.undo(&mut m);
        assert!(h.is_dirty());
    }

    #[test]
    fn keystrokes_merge_into_one_step() {
        let mut m = model();
        let mut h = History::new();
        for name in ["a1", "a12", "a123"] {
            let e = rename(&m, name);
            h.apply_merging(&mut m, e, 7);
        }
        assert_eq!(h.undo_len(), 1);
        h.undo(&mut m);
        assert_eq!(m.diagrams[0].elements[0].name, "a");
    }

    #[test]
    fn batch_inverse_runs_backwards() {
        let mut m = model();
        let original = m.clone();
        let mut h = History::new();
        let add = Edit::Element(
            Id::from("DFD1"),
            Change {
                index: 1,
                before: None,
                after: Some(Element::new(
                    Id::from("E2"),
                    ElementKind::Store,
                    "s",
                    (9.0, 9.0),
                )),
            },
        );
        let remove_first = Edit::Element(
            Id::from("DFD1"),
            Change {
                index: 0,
                before: Some(m.diagrams[0].elements[0].clone()),
                after: None,
            },
        );
        h.apply(&mut m, Edit::Batch(vec![add, remove_first]));
        assert_eq!(m.diagrams[0].elements.len(), 1);
        assert_eq!(m.diagrams[0].elements[0].id, "E2");
        h.undo(&mut m);
        assert_eq!(m, original);
    }
}
