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

/// The layout warnings of a model, at most `per_kind` of each kind written out, and how many
/// of each kind there are in all. A generated diagram of thousands of crossing flows has
/// hundreds of thousands of them: a reader needs the first few and the count, and building
/// every message would cost more than the rest of `check`.
pub fn lint_model_capped(model: &Model, per_kind: usize) -> Capped {
    let mut capped = Capped::default();
    for d in &model.diagrams {
        lint_into(model, d, per_kind, &mut capped);
    }
    capped
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Capped {
    /// The warnings written out, up to the cap for each kind.
    pub shown: Vec<LayoutWarning>,
    /// How many warnings of each kind there are, shown or not.
    pub totals: std::collections::BTreeMap<&'static str, usize>,
}

/// Overlaps smaller than this (in square diagram units) are anti-aliasing, not a problem.
const SLACK: f32 = 4.0;

pub fn lint(model: &Model, d: &Diagram) -> Vec<LayoutWarning> {
    let mut all = Capped::default();
    lint_into(model, d, usize::MAX, &mut all);
    all.shown
}

fn lint_into(model: &Model, d: &Diagram, per_kind: usize, out: &mut Capped) {
    let placed = Placement::of(model, d);
    // The message is only made for a warning that will be shown.
    let mut warn = |kind: &'static str, ids: &dyn Fn() -> Vec<Id>, message: &dyn Fn() -> String| {
        let n = out.totals.entry(kind).or_insert(0);
        *n += 1;
        if *n <= per_kind {
            out.shown.push(LayoutWarning {
                kind,
                diagram: d.id.clone(),
                ids: ids(),
                message: message(),
            });
        }
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
            &|| vec![fa.id.clone(), fb.id.clone()],
            &|| format!("the labels of flows {} and {} overlap", fa.id, fb.id),
        );
    }
    let element_rects: Vec<Rect> = d.elements.iter().map(|e| e.rect()).collect();
    for (a, b) in overlapping_pairs(&element_rects) {
        let (ea, eb) = (&d.elements[a], &d.elements[b]);
        warn(
            "elements-overlap",
            &|| vec![ea.id.clone(), eb.id.clone()],
            &|| format!("elements {} and {} overlap", ea.id, eb.id),
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
            &|| vec![f.id.clone(), e.id.clone()],
            &|| format!("the label of flow {} lies on element {}", f.id, e.id),
        );
    }
    for (e, r) in d.elements.iter().zip(&element_rects) {
        for b in &d.boundaries {
            let br = b.rect();
            if br.intersects(r) && !br.contains_rect(r) && overlap(&br, r) > SLACK {
                warn(
                    "half-inside-boundary",
                    &|| vec![e.id.clone(), b.id.clone()],
                    &|| {
                        format!(
                            "element {} is half inside boundary {} ({}): is it in that trust zone or not?",
                            e.id, b.id, b.name
                        )
                    },
                );
            }
        }
    }
    let index = CellIndex::new(&element_rects);
    for (f, route) in d.flows.iter().zip(&placed.routes) {
        let Some(route) = route else { continue };
        let mut hit: Vec<usize> = Vec::new();
        for w in route.points.windows(2) {
            for i in index.near_segment(w[0], w[1]) {
                if hit.contains(&i) {
                    continue;
                }
                let e = &d.elements[i];
                if e.id == f.from || e.id == f.to {
                    continue;
                }
                if segment_crosses(w[0], w[1], &shrink(&element_rects[i], 3.0)) {
                    hit.push(i);
                }
            }
        }
        for i in hit {
            let e = &d.elements[i].id;
            warn(
                "flow-through-element",
                &|| vec![f.id.clone(), e.clone()],
                &|| format!("flow {} is drawn through element {}", f.id, e),
            );
        }
    }
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

    /// The elements in the cells a segment passes through, each once. The cells are walked
    /// exactly, one after the next along the segment (no hashing of every point): an element
    /// is entered in every cell it covers, so one the segment touches is in a cell it visits.
    fn near_segment(&self, a: Point, b: Point) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        for cell in cells_along(a, b) {
            if let Some(ids) = self.cells.get(&cell) {
                found.extend_from_slice(ids);
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// The grid cells a segment passes through, in order (a grid walk after Amanatides and Woo).
fn cells_along(a: Point, b: Point) -> Vec<(i32, i32)> {
    let (start, end) = (CellIndex::key(a), CellIndex::key(b));
    if ![a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite()) {
        return vec![start];
    }
    // In f64: far from the origin, f32 steps drift past a cell now and then.
    let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
    let size = f64::from(CELL);
    let axis = |d: f64, from: f32, cell: i32| -> (i32, f64, f64) {
        let from = f64::from(from);
        if d > 0.0 {
            (1, ((f64::from(cell) + 1.0) * size - from) / d, size / d)
        } else if d < 0.0 {
            (-1, (f64::from(cell) * size - from) / d, -size / d)
        } else {
            (0, f64::INFINITY, f64::INFINITY)
        }
    };
    let (sx, mut tx, ddx) = axis(dx, a.0, start.0);
    let (sy, mut ty, ddy) = axis(dy, a.1, start.1);
    let most =
        (end.0.abs_diff(start.0) as usize + end.1.abs_diff(start.1) as usize + 2).min(100_000);
    let mut cell = start;
    let mut out = Vec::with_capacity(most.min(1024));
    for _ in 0..most {
        out.push(cell);
        if cell == end {
            break;
        }
        if tx < ty {
            cell.0 = cell.0.saturating_add(sx);
            tx += ddx;
        } else {
            cell.1 = cell.1.saturating_add(sy);
            ty += ddy;
        }
    }
    out
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
    fn the_walk_visits_every_cell_a_segment_crosses() {
        // Checked against fine sampling along many segments.
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 8) as f32 / 16_777_216.0 * 30_000.0 - 15_000.0
        };
        for _ in 0..500 {
            let (a, b) = ((next(), next()), (next(), next()));
            let walked: std::collections::HashSet<_> = cells_along(a, b).into_iter().collect();
            for k in 0..=2_000 {
                let t = k as f32 / 2_000.0;
                let p = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
                let c = CellIndex::key(p);
                // Points within a hair of a cell's edge may round either way.
                let near_edge = [p.0, p.1]
                    .iter()
                    .any(|v| (v / CELL - (v / CELL).round()).abs() < 1e-3);
                assert!(
                    walked.contains(&c) || near_edge,
                    "{a:?} -> {b:?} misses {c:?}"
                );
            }
        }
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
