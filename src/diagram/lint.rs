//! Layout problems a reader would trip over, found on the placed diagram: labels on top of each
//! other or of a shape, shapes on top of each other, an element half inside a boundary, a flow
//! drawn through an element it does not touch. Warnings only: the model is still sound.

use super::labels::segment_crosses;
use super::{Placement, Point};
use crate::model::geometry::Rect;
use crate::model::{Diagram, Id, Model};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayoutWarning {
    /// A stable name for the kind of problem: `labels-overlap`, `label-on-element`,
    /// `elements-overlap`, `half-inside-boundary`, `flow-through-element`.
    pub kind: &'static str,
    pub diagram: Id,
    /// What is involved, first the flow or element the warning is about.
    pub ids: Vec<Id>,
    pub message: String,
}

/// Every layout warning of every diagram of a model.
pub fn lint_model(model: &Model) -> Vec<LayoutWarning> {
    model.diagrams.iter().flat_map(|d| lint(model, d)).collect()
}

/// Overlaps smaller than this (in square diagram units) are anti-aliasing, not a problem.
const SLACK: f32 = 4.0;

pub fn lint(model: &Model, d: &Diagram) -> Vec<LayoutWarning> {
    let placed = Placement::of(model, d);
    let mut out = Vec::new();
    let mut warn = |kind: &'static str, ids: Vec<Id>, message: String| {
        out.push(LayoutWarning {
            kind,
            diagram: d.id.clone(),
            ids,
            message,
        })
    };
    let labels: Vec<(usize, Rect)> = placed
        .labels
        .iter()
        .enumerate()
        .filter_map(|(i, l)| Some((i, l.as_ref()?.rect())))
        .collect();
    let label_rects: Vec<Rect> = labels.iter().map(|(_, r)| *r).collect();
    for (a, b) in overlapping_pairs(&label_rects) {
        let (fa, fb) = (&d.flows[labels[a].0], &d.flows[labels[b].0]);
        warn(
            "labels-overlap",
            vec![fa.id.clone(), fb.id.clone()],
            format!("the labels of flows {} and {} overlap", fa.id, fb.id),
        );
    }
    let element_rects: Vec<Rect> = d.elements.iter().map(|e| e.rect()).collect();
    for (a, b) in overlapping_pairs(&element_rects) {
        let (ea, eb) = (&d.elements[a], &d.elements[b]);
        warn(
            "elements-overlap",
            vec![ea.id.clone(), eb.id.clone()],
            format!("elements {} and {} overlap", ea.id, eb.id),
        );
    }
    // Labels against elements: one sweep over both lists together.
    let mixed: Vec<Rect> = label_rects.iter().chain(&element_rects).copied().collect();
    let nl = label_rects.len();
    for (a, b) in overlapping_pairs(&mixed) {
        let (label, element) = match (a < nl, b < nl) {
            (true, false) => (a, b - nl),
            (false, true) => (b, a - nl),
            _ => continue,
        };
        let (f, e) = (&d.flows[labels[label].0], &d.elements[element]);
        warn(
            "label-on-element",
            vec![f.id.clone(), e.id.clone()],
            format!("the label of flow {} lies on element {}", f.id, e.id),
        );
    }
    for (e, r) in d.elements.iter().zip(&element_rects) {
        for b in &d.boundaries {
            let br = b.rect();
            if br.intersects(r) && !br.contains_rect(r) && overlap(&br, r) > SLACK {
                warn(
                    "half-inside-boundary",
                    vec![e.id.clone(), b.id.clone()],
                    format!(
                        "element {} is half inside boundary {} ({}): is it in that trust zone or not?",
                        e.id, b.id, b.name
                    ),
                );
            }
        }
    }
    let index = CellIndex::new(&element_rects);
    for (f, route) in d.flows.iter().zip(&placed.routes) {
        let Some(route) = route else { continue };
        let mut hit: Vec<&Id> = Vec::new();
        for w in route.points.windows(2) {
            for i in index.near_segment(w[0], w[1]) {
                let e = &d.elements[i];
                if e.id == f.from || e.id == f.to || hit.contains(&&e.id) {
                    continue;
                }
                if segment_crosses(w[0], w[1], &shrink(&element_rects[i], 3.0)) {
                    hit.push(&e.id);
                }
            }
        }
        for e in hit {
            warn(
                "flow-through-element",
                vec![f.id.clone(), e.clone()],
                format!("flow {} is drawn through element {}", f.id, e),
            );
        }
    }
    out
}

const CELL: f32 = 200.0;

/// Which elements lie in which square of a coarse grid, to find those near a segment.
struct CellIndex {
    cells: std::collections::HashMap<(i32, i32), Vec<usize>>,
}

impl CellIndex {
    fn key(p: Point) -> (i32, i32) {
        ((p.0 / CELL).floor() as i32, (p.1 / CELL).floor() as i32)
    }

    fn new(rects: &[Rect]) -> Self {
        let mut cells: std::collections::HashMap<(i32, i32), Vec<usize>> = Default::default();
        for (i, r) in rects.iter().enumerate() {
            let (a, b) = (Self::key(r.min), Self::key(r.max));
            // A shape larger than a few cells is entered in its first ones only: lint is a hint.
            for x in a.0..=b.0.min(a.0.saturating_add(16)) {
                for y in a.1..=b.1.min(a.1.saturating_add(16)) {
                    cells.entry((x, y)).or_default().push(i);
                }
            }
        }
        CellIndex { cells }
    }

    /// The elements in the cells a segment passes through (and their neighbours), each once.
    fn near_segment(&self, a: Point, b: Point) -> Vec<usize> {
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let steps = ((len / (CELL / 2.0)).ceil() as usize).clamp(1, 10_000);
        let mut keys = std::collections::HashSet::new();
        for s in 0..=steps {
            let t = s as f32 / steps as f32;
            let (cx, cy) = Self::key((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)));
            for dx in -1..=1 {
                for dy in -1..=1 {
                    keys.insert((cx.saturating_add(dx), cy.saturating_add(dy)));
                }
            }
        }
        let mut found: Vec<usize> = keys
            .iter()
            .filter_map(|k| self.cells.get(k))
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

fn overlap(a: &Rect, b: &Rect) -> f32 {
    super::labels::overlap_area(a, b)
}

fn shrink(r: &Rect, by: f32) -> Rect {
    Rect {
        min: (r.min.0 + by, r.min.1 + by),
        max: (r.max.0 - by, r.max.1 - by),
    }
}

/// Pairs of rectangles that overlap by more than `SLACK`, found by a sweep along x: linear in
/// the input plus the pairs that share a column.
pub fn overlapping_pairs(rects: &[Rect]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..rects.len())
        .filter(|&i| rects[i].min.0.is_finite() && rects[i].max.0.is_finite())
        .collect();
    order.sort_by(|&a, &b| rects[a].min.0.total_cmp(&rects[b].min.0));
    let mut pairs = Vec::new();
    for (k, &a) in order.iter().enumerate() {
        for &b in &order[k + 1..] {
            if rects[b].min.0 >= rects[a].max.0 {
                break;
            }
            if overlap(&rects[a], &rects[b]) > SLACK {
                pairs.push((a.min(b), a.max(b)));
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_and_rectangles() {
        let r = Rect {
            min: (0.0, 0.0),
            max: (10.0, 10.0),
        };
        assert!(segment_crosses((-5.0, 5.0), (15.0, 5.0), &r));
        assert!(!segment_crosses((-5.0, 15.0), (15.0, 15.0), &r));
        assert!(!segment_crosses((-5.0, -5.0), (-1.0, 20.0), &r));
    }

    #[test]
    fn the_sweep_finds_only_real_overlaps() {
        let at = |x: f32, y: f32| Rect {
            min: (x, y),
            max: (x + 10.0, y + 10.0),
        };
        let rects = [at(0.0, 0.0), at(5.0, 5.0), at(20.0, 0.0), at(5.0, 40.0)];
        assert_eq!(overlapping_pairs(&rects), [(0, 1)]);
    }
}
