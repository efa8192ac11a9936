//! Drawing a model from a file that gives no positions but says what holds what (OTM without
//! representations, TM-BOM): every boundary is drawn around exactly its children, a row each,
//! and the canvas's automatic layout, which reads membership from geometry, then lays the
//! diagram out with the nesting kept.

use crate::model::{Diagram, Id};
use std::collections::HashMap;

/// Deeper nesting than this is taken as a cycle or an attack, and flattened.
const MAX_DEPTH: usize = 32;
const GAP: f32 = 40.0;

/// Lays out `d` so that each element and boundary sits inside the boundary `parent` names
/// (none, or a name that is not a boundary of `d`: the top level).
pub(crate) fn lay_out_nested(d: &mut Diagram, parent: &HashMap<Id, Id>) {
    let boundaries: std::collections::HashSet<Id> =
        d.boundaries.iter().map(|b| b.id.clone()).collect();
    let all: Vec<Id> = d
        .boundaries
        .iter()
        .map(|b| b.id.clone())
        .chain(d.elements.iter().map(|e| e.id.clone()))
        .collect();
    let children = |of: Option<&Id>| -> Vec<Id> {
        all.iter()
            .filter(|id| {
                let p = parent
                    .get(*id)
                    .filter(|p| boundaries.contains(*p) && p != id);
                p == of
            })
            .cloned()
            .collect()
    };
    let kids = |id: &Id| children(Some(id));
    let mut x = 0.0;
    for top in children(None) {
        let size = lay(d, &top, (x, 0.0), 0, &kids);
        x += size.0 + GAP;
    }
    *d = crate::diagram::tidy::tidy(d);
}

/// Lays out `id` with its top-left at `at`; returns its size.
fn lay(
    d: &mut Diagram,
    id: &Id,
    at: (f32, f32),
    depth: usize,
    kids: &dyn Fn(&Id) -> Vec<Id>,
) -> (f32, f32) {
    if let Some(e) = d.elements.iter_mut().find(|e| &e.id == id) {
        e.pos = at;
        return e.size;
    }
    let inner = if depth < MAX_DEPTH {
        kids(id)
    } else {
        Vec::new()
    };
    let (mut x, mut h) = (at.0 + GAP, 0.0f32);
    for k in &inner {
        let s = lay(d, k, (x, at.1 + GAP), depth + 1, kids);
        x += s.0 + GAP;
        h = h.max(s.1);
    }
    let size = ((x - at.0).max(200.0), (h + 2.0 * GAP).max(120.0));
    if let Some(b) = d.boundaries.iter_mut().find(|b| &b.id == id) {
        b.pos = at;
        b.size = size;
    }
    size
}
