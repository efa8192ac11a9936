//! Where flow labels go: on their line, at the first of several spots along it that overlaps no
//! other label and no element, so that busy diagrams (many flows into one element) stay legible.
//! Computed once per model change, in diagram units, from an estimate of each label's size.

use super::{FlowRoute, Point};
use crate::model::Diagram;
use crate::model::geometry::Rect;
use std::collections::HashMap;

/// Label text size in diagram units, and the width at which labels wrap (as drawn).
pub const LABEL_FONT: f32 = 11.0;
pub const LABEL_WRAP: f32 = 170.0;

/// The size of a flow label as drawn: an estimate from its length, wrapped at `LABEL_WRAP`.
pub fn label_size(text: &str) -> (f32, f32) {
    let advance = LABEL_FONT * 0.6;
    let width = text.chars().count() as f32 * advance;
    // Labels show at most three lines (see scene::wrap_clipped).
    let lines = (width / LABEL_WRAP).ceil().clamp(1.0, 3.0);
    (width.min(LABEL_WRAP) + 6.0, lines * LABEL_FONT * 1.3 + 6.0)
}

const SPOTS: [f32; 9] = [0.5, 0.4, 0.6, 0.32, 0.68, 0.25, 0.75, 0.18, 0.82];
const CELL: f32 = 120.0;

/// A coarse grid of the rectangles placed so far, so each check looks at neighbours only.
#[derive(Default)]
struct Grid {
    cells: HashMap<(i32, i32), Vec<Rect>>,
}

impl Grid {
    fn keys(r: &Rect) -> impl Iterator<Item = (i32, i32)> {
        let (x0, y0) = (
            (r.min.0 / CELL).floor() as i32,
            (r.min.1 / CELL).floor() as i32,
        );
        let (x1, y1) = (
            (r.max.0 / CELL).floor() as i32,
            (r.max.1 / CELL).floor() as i32,
        );
        // Coordinates far out saturate at i32::MAX: the neighbourhood must not overflow past it.
        (x0..=x1.min(x0.saturating_add(8)))
            .flat_map(move |x| (y0..=y1.min(y0.saturating_add(8))).map(move |y| (x, y)))
    }

    fn insert(&mut self, r: Rect) {
        for k in Self::keys(&r) {
            self.cells.entry(k).or_default().push(r);
        }
    }

    fn overlap(&self, r: &Rect) -> f32 {
        Self::keys(r)
            .filter_map(|k| self.cells.get(&k))
            .flatten()
            .map(|o| {
                let w = (r.max.0.min(o.max.0) - r.min.0.max(o.min.0)).max(0.0);
                let h = (r.max.1.min(o.max.1) - r.min.1.max(o.min.1)).max(0.0);
                w * h
            })
            .sum()
    }
}

fn point_along(points: &[Point], t: f32) -> Point {
    let seg = |a: Point, b: Point| ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
    let total: f32 = points.windows(2).map(|w| seg(w[0], w[1])).sum();
    let mut left = total * t;
    for w in points.windows(2) {
        let l = seg(w[0], w[1]);
        if l >= left && l > 0.0 {
            let k = left / l;
            return (
                w[0].0 + k * (w[1].0 - w[0].0),
                w[0].1 + k * (w[1].1 - w[0].1),
            );
        }
        left -= l;
    }
    points[0]
}

/// Moves each route's `label_at` to the best free spot along its line.
pub fn place_labels(d: &Diagram, routes: &mut [Option<FlowRoute>]) {
    let mut elements = Grid::default();
    for e in &d.elements {
        elements.insert(e.rect());
    }
    let mut labels = Grid::default();
    for (f, route) in d.flows.iter().zip(routes.iter_mut()) {
        let Some(route) = route else { continue };
        let (w, h) = label_size(&f.label);
        let rect_at = |c: Point| Rect {
            min: (c.0 - w / 2.0, c.1 - h / 2.0),
            max: (c.0 + w / 2.0, c.1 + h / 2.0),
        };
        let mut best = (f32::INFINITY, route.label_at);
        for t in SPOTS {
            let c = point_along(&route.points, t);
            let r = rect_at(c);
            // Covering another label is worse than touching a shape.
            let score = labels.overlap(&r) * 4.0 + elements.overlap(&r);
            if score < best.0 {
                best = (score, c);
            }
            if score == 0.0 {
                break;
            }
        }
        route.label_at = best.1;
        labels.insert(rect_at(best.1));
    }
}
