//! What an edit changed on the diagrams, so a view of a large diagram can place and draw again
//! only what was touched rather than the whole of it.

use super::{Change, Edit, Id};
use std::collections::BTreeSet;

/// The diagram items whose drawing an edit may have changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Touched {
    /// Nothing drawn changed (a mitigation, the team, the model's title...).
    #[default]
    Nothing,
    /// These elements, flows and boundaries changed in place (moved, resized, renamed), or the
    /// open threats on them did. Nothing was added, removed or reordered.
    Ids(BTreeSet<Id>),
    /// Anything may have changed: place and draw the whole diagram again.
    Everything,
}

impl Touched {
    /// One more change on top of this one.
    pub fn add(&mut self, other: Touched) {
        match (&mut *self, other) {
            (Touched::Everything, _) | (_, Touched::Nothing) => {}
            (_, Touched::Everything) => *self = Touched::Everything,
            (Touched::Nothing, ids) => *self = ids,
            (Touched::Ids(mine), Touched::Ids(theirs)) => mine.extend(theirs),
        }
    }

    pub fn ids<I: IntoIterator<Item = Id>>(ids: I) -> Self {
        Touched::Ids(ids.into_iter().collect())
    }
}

/// An item changed in place is touched by id; one added or removed changes everything after it.
fn in_place<T>(c: &Change<T>, id: impl Fn(&T) -> &Id) -> Touched {
    match (&c.before, &c.after) {
        (Some(a), Some(b)) if id(a) == id(b) => Touched::ids([id(b).clone()]),
        _ => Touched::Everything,
    }
}

impl Edit {
    /// What this edit (or its inverse: the same items) changes on the diagrams.
    pub fn touched(&self) -> Touched {
        match self {
            Edit::Diagram(_) => Touched::Everything,
            Edit::Element(_, c) => in_place(c, |e| &e.id),
            Edit::Boundary(_, c) => in_place(c, |b| &b.id),
            Edit::Flow(_, c) => in_place(c, |f| &f.id),
            // A threat's red badge sits on its target.
            Edit::Threat(c) => Touched::ids(
                [&c.before, &c.after]
                    .into_iter()
                    .flatten()
                    .filter_map(|t| t.target.clone()),
            ),
            Edit::Batch(edits) => {
                let mut all = Touched::Nothing;
                for e in edits {
                    all.add(e.touched());
                    if all == Touched::Everything {
                        break;
                    }
                }
                all
            }
            Edit::Info(..)
            | Edit::Mitigation(_)
            | Edit::Assumption(_)
            | Edit::Team(_)
            | Edit::Retro(_)
            | Edit::NotApplicable(_)
            | Edit::Dismissal(_) => Touched::Nothing,
        }
    }
}
