//! After an automatic layout, a flow drawn straight across a shape other than its two ends reads
//! as if it went through that element. Each such flow gets two bends that take it past the
//! shape's corners (over or under it, or beside it; the nearer side unless the farther crosses
//! fewer shapes), shape after shape, and the bends are kept only when the flow then crosses fewer
//! shapes in all. Run once per layout (tidy, imports), never per frame.

use super::Point;
use super::labels::segment_crosses;
use super::route::{route_flow, spreads};
use crate::model::Diagram;
use crate::model::geometry::Rect;
use std::collections::HashMap;

/// Each try routes the flow against every shape: above these sizes the pass is skipped, since a
/// generated model of thousands of elements is not read flow by flow anyway.
const MAX_ELEMENTS: usize = 400;
const MAX_FLOWS: usize = 800;
/// Shapes a flow is bent around, one after the other.
const TRIES: usize = 4;
/// How far past a shape's corner the bends go.
const CLEARANCE: f32 = 18.0;
/// What the lint allows a line to graze (`flow-through-element` shrinks shapes as much).
const GRAZE: f32 = 3.0;

/// Bends the flows of `d` around the shapes they are drawn across.
pub(crate) fn detour(d: &mut Diagram) {
    if d.elements.len() > MAX_ELEMENTS || d.flows.len() > MAX_FLOWS {
        return;
    }
    let spreads = spreads(d);
    let rects: Vec<Rect> = d.elements.iter().map(|e| e.rect()).collect();
    let index: HashMap<_, usize> = d
        .elements
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    for (fi, &spread) in spreads.iter().enumerate() {
        let f = &d.flows[fi];
        let (Some(&a), Some(&b)) = (index.get(&f.from), index.get(&f.to)) else {
            continue;
        };
        let ends = (&d.elements[a], &d.elements[b]);
        let mut waypoints = f.waypoints.clone();
        let mut first_count = None;
        let mut count = 0;
        for _ in 0..TRIES {
            let mut trial = d.flows[fi].clone();
            trial.waypoints = waypoints.clone();
            let Some(route) = route_flow(&trial, ends, spread) else {
                break;
            };
            let crossed = crossings(&route.points, &rects, (a, b));
            count = crossed.len();
            first_count.get_or_insert(count);
            let Some(&(segment, shape)) = crossed.first() else {
                break;
            };
            // The new bends go after the flow's own bends drawn before that segment.
            let at = route
                .bends
                .iter()
                .filter(|(_, p)| *p <= segment)
                .map(|(w, _)| w + 1)
                .max()
                .unwrap_or(0);
            let (p, q) = (route.points[segment], route.points[segment + 1]);
            let best = [false, true]
                .into_iter()
                .filter_map(|far| {
                    let mut w = waypoints.clone();
                    w.splice(at..at, around(p, q, &rects[shape], far));
                    trial.waypoints = w;
                    let r = route_flow(&trial, ends, spread)?;
                    let left = crossings(&r.points, &rects, (a, b));
                    // Progress: this shape is passed and no more are crossed than before (the
                    // way round one shape may run into the next, passed on the following try).
                    let passed = left.iter().all(|(_, s)| *s != shape);
                    (passed && left.len() <= crossed.len())
                        .then(|| (left.len(), trial.waypoints.clone()))
                })
                .min_by_key(|(left, _)| *left);
            match best {
                Some((left, w)) => {
                    waypoints = w;
                    count = left;
                }
                None => break,
            }
        }
        // Bends that did not leave the flow across fewer shapes are not worth having.
        if first_count.is_some_and(|first| count < first) {
            d.flows[fi].waypoints = waypoints;
        }
    }
}

/// The shapes a route is drawn across, other than its two ends: (segment, shape), in the
/// order the route meets them, each shape once.
fn crossings(points: &[Point], rects: &[Rect], ends: (usize, usize)) -> Vec<(usize, usize)> {
    let mut hit: Vec<(usize, usize)> = Vec::new();
    for (k, w) in points.windows(2).enumerate() {
        for (i, r) in rects.iter().enumerate() {
            if i == ends.0 || i == ends.1 || hit.iter().any(|(_, j)| *j == i) {
                continue;
            }
            let inner = Rect {
                min: (r.min.0 + GRAZE, r.min.1 + GRAZE),
                max: (r.max.0 - GRAZE, r.max.1 - GRAZE),
            };
            if segment_crosses(w[0], w[1], &inner) {
                hit.push((k, i));
            }
        }
    }
    hit
}

/// Two bends that take the segment `p`→`q` past `r`: over or under it when the segment runs
/// more across than down, beside it otherwise; on the side the segment passes nearer the
/// centre, or on the other when `far`.
fn around(p: Point, q: Point, r: &Rect, far: bool) -> [Point; 2] {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let c = r.center();
    let (x0, y0) = (r.min.0 - CLEARANCE, r.min.1 - CLEARANCE);
    let (x1, y1) = (r.max.0 + CLEARANCE, r.max.1 + CLEARANCE);
    if dx.abs() >= dy.abs() {
        // Where the segment is at the shape's centre line, to choose the nearer side.
        let t = if dx == 0.0 { 0.5 } else { (c.0 - p.0) / dx };
        let y_at = p.1 + dy * t.clamp(0.0, 1.0);
        let above = (y_at < c.1) != far;
        let y = if above { y0 } else { y1 };
        if dx >= 0.0 {
            [(x0, y), (x1, y)]
        } else {
            [(x1, y), (x0, y)]
        }
    } else {
        let t = if dy == 0.0 { 0.5 } else { (c.1 - p.1) / dy };
        let x_at = p.0 + dx * t.clamp(0.0, 1.0);
        let left = (x_at < c.0) != far;
        let x = if left { x0 } else { x1 };
        if dy >= 0.0 {
            [(x, y0), (x, y1)]
        } else {
            [(x, y1), (x, y0)]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Element, ElementKind, Flow, Id};

    #[test]
    fn a_flow_across_a_shape_is_bent_around_it() {
        let mut d = Diagram::new(Id::from("D"), "d");
        for (id, x) in [("A", 0.0), ("B", 300.0), ("C", 600.0)] {
            d.elements.push(Element::new(
                Id::from(id),
                ElementKind::Process,
                id,
                (x, 0.0),
            ));
        }
        d.flows
            .push(Flow::new(Id::from("F1"), Id::from("A"), Id::from("C"), "x"));
        let rects: Vec<Rect> = d.elements.iter().map(|e| e.rect()).collect();
        let route = |d: &Diagram| {
            let (a, c) = (&d.elements[0], &d.elements[2]);
            route_flow(&d.flows[0], (a, c), (0, 1)).unwrap().points
        };
        assert_eq!(crossings(&route(&d), &rects, (0, 2)).len(), 1);
        detour(&mut d);
        assert_eq!(d.flows[0].waypoints.len(), 2);
        assert!(crossings(&route(&d), &rects, (0, 2)).is_empty());
        // Nothing in the way: nothing changes.
        let before = d.clone();
        detour(&mut d);
        assert_eq!(d, before);
    }
}
