//! Where data flow lines run: from the edge of one shape to the edge of the other, through any
//! bend points, with flows between the same two elements spread apart so each stays visible and
//! clickable.

use super::Point;
use crate::model::{Diagram, Element, ElementKind, Flow, Id};
use std::collections::HashMap;

/// Distance between parallel flows joining the same two elements.
const SPREAD: f32 = 24.0;

#[derive(Debug, Clone, PartialEq)]
pub struct FlowRoute {
    pub id: Id,
    /// From the source's outline to the target's outline; at least two points.
    pub points: Vec<Point>,
    /// The flow's own bends that are drawn: (index in its waypoints, index in `points`). A
    /// right-angled flow has corners of its own between them.
    pub bends: Vec<(usize, usize)>,
}

/// Routes for every flow of a diagram whose two ends exist, in the diagram's flow order.
pub fn route_flows(d: &Diagram) -> Vec<Option<FlowRoute>> {
    route_spread(d, &spreads(d))
}

/// Routes for every flow, spread as [`spreads`] says.
pub(super) fn route_spread(d: &Diagram, spreads: &[(u32, u32)]) -> Vec<Option<FlowRoute>> {
    let by_id: HashMap<&Id, &Element> = d.elements.iter().map(|e| (&e.id, e)).collect();
    d.flows
        .iter()
        .zip(spreads)
        .map(|(f, &spread)| route_flow(f, (by_id.get(&f.from)?, by_id.get(&f.to)?), spread))
        .collect()
}

/// Where each flow stands among those joining the same two elements: its rank and their
/// number, in the diagram's flow order.
pub(super) fn spreads(d: &Diagram) -> Vec<(u32, u32)> {
    let mut pair_count: HashMap<(&Id, &Id), u32> = HashMap::new();
    let ranks: Vec<u32> = d
        .flows
        .iter()
        .map(|f| {
            let n = pair_count.entry(ordered(&f.from, &f.to)).or_default();
            *n += 1;
            *n - 1
        })
        .collect();
    d.flows
        .iter()
        .zip(ranks)
        .map(|(f, rank)| (rank, pair_count[&ordered(&f.from, &f.to)]))
        .collect()
}

/// The route of one flow between its two ends, spread by its `(rank, count)` among the flows
/// joining the same two elements; none for a flow from an element to itself.
pub(super) fn route_flow(
    f: &Flow,
    (a, b): (&Element, &Element),
    (rank, n): (u32, u32),
) -> Option<FlowRoute> {
    if f.from == f.to {
        return None;
    }
    let offset = (rank as f32 - (n as f32 - 1.0) / 2.0) * SPREAD;
    Some(route(
        f.id.clone(),
        (a, b),
        &f.waypoints,
        offset,
        f.from < f.to,
        f.orthogonal,
    ))
}

fn ordered<'a>(a: &'a Id, b: &'a Id) -> (&'a Id, &'a Id) {
    if a <= b { (a, b) } else { (b, a) }
}

fn route(
    id: Id,
    (from, to): (&Element, &Element),
    waypoints: &[Point],
    offset: f32,
    forward: bool,
    orthogonal: bool,
) -> FlowRoute {
    // A bend dropped on one of the flow's own ends would hide the line inside the shape (and
    // its arrowhead with it): such bends are passed over.
    let inside_ends =
        |w: &Point| super::element_contains(from, *w) || super::element_contains(to, *w);
    let kept: Vec<(usize, Point)> = waypoints
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, w)| !inside_ends(w))
        .collect();
    let (ca, cb) = (from.rect().center(), to.rect().center());
    let (start_inside, end_inside) = if orthogonal {
        // Parallel right-angled flows run on parallel tracks.
        ((ca.0, ca.1 + offset), (cb.0, cb.1 + offset))
    } else {
        // The normal of the pair's line, measured in one fixed direction so that A→B and B→A
        // flows are spread to opposite sides rather than drawn on top of each other.
        let (lo, hi) = if forward { (ca, cb) } else { (cb, ca) };
        let (dx, dy) = (hi.0 - lo.0, hi.1 - lo.1);
        let len = (dx * dx + dy * dy).sqrt().max(1e-3);
        let normal = (-dy / len * offset, dx / len * offset);
        (
            (ca.0 + normal.0, ca.1 + normal.1),
            (cb.0 + normal.0, cb.1 + normal.1),
        )
    };
    // The points between the two ends, with which of them are the flow's own bends.
    let mut inner: Vec<(Option<usize>, Point)> = Vec::with_capacity(kept.len() * 2 + 2);
    if orthogonal {
        let mut prev = start_inside;
        if kept.is_empty() {
            // No bends: across at the middle, like a Z.
            let mx = (start_inside.0 + end_inside.0) / 2.0 + offset;
            inner.push((None, (mx, start_inside.1)));
            inner.push((None, (mx, end_inside.1)));
        } else {
            for &(i, w) in &kept {
                if prev.0 != w.0 && prev.1 != w.1 {
                    inner.push((None, (w.0, prev.1)));
                }
                inner.push((Some(i), w));
                prev = w;
            }
            if prev.0 != end_inside.0 && prev.1 != end_inside.1 {
                inner.push((None, (end_inside.0, prev.1)));
            }
        }
    } else {
        inner.extend(kept.iter().map(|&(i, w)| (Some(i), w)));
    }
    let first_towards = inner.first().map_or(end_inside, |p| p.1);
    let last_from = inner.last().map_or(start_inside, |p| p.1);
    let start = exit_point(from, start_inside, first_towards);
    let end = exit_point(to, end_inside, last_from);
    let mut points = Vec::with_capacity(inner.len() + 2);
    let mut bends = Vec::with_capacity(kept.len());
    points.push(start);
    for (own, p) in inner {
        if let Some(i) = own {
            bends.push((i, points.len()));
        }
        points.push(p);
    }
    points.push(end);
    FlowRoute { id, points, bends }
}

/// Where the segment from `inside` towards `towards` leaves the element's outline. Falls back to
/// `inside` when the segment never leaves it (overlapping shapes).
fn exit_point(e: &Element, inside: Point, towards: Point) -> Point {
    let r = e.rect();
    let (cx, cy) = r.center();
    let (a, b) = (r.width() / 2.0, r.height() / 2.0);
    let d = (towards.0 - inside.0, towards.1 - inside.1);
    if (d.0 == 0.0 && d.1 == 0.0) || a <= 0.0 || b <= 0.0 {
        return inside;
    }
    let t = match e.kind {
        ElementKind::Process => {
            // Solve ((px + t dx - cx)/a)^2 + ((py + t dy - cy)/b)^2 = 1 for the larger root.
            let (px, py) = ((inside.0 - cx) / a, (inside.1 - cy) / b);
            let (qx, qy) = (d.0 / a, d.1 / b);
            let qa = qx * qx + qy * qy;
            let qb = 2.0 * (px * qx + py * qy);
            let qc = px * px + py * py - 1.0;
            let disc = qb * qb - 4.0 * qa * qc;
            if disc < 0.0 {
                return inside;
            }
            (-qb + disc.sqrt()) / (2.0 * qa)
        }
        _ => {
            let tx = if d.0 > 0.0 {
                (cx + a - inside.0) / d.0
            } else if d.0 < 0.0 {
                (cx - a - inside.0) / d.0
            } else {
                f32::INFINITY
            };
            let ty = if d.1 > 0.0 {
                (cy + b - inside.1) / d.1
            } else if d.1 < 0.0 {
                (cy - b - inside.1) / d.1
            } else {
                f32::INFINITY
            };
            tx.min(ty)
        }
    };
    if !(0.0..=1.0).contains(&t) {
        return inside;
    }
    (inside.0 + t * d.0, inside.1 + t * d.1)
}

/// The point halfway along a polyline.
pub fn polyline_midpoint(points: &[Point]) -> Point {
    let seg_len = |a: Point, b: Point| ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
    let total: f32 = points.windows(2).map(|w| seg_len(w[0], w[1])).sum();
    let mut left = total / 2.0;
    for w in points.windows(2) {
        let l = seg_len(w[0], w[1]);
        if l >= left && l > 0.0 {
            let t = left / l;
            return (
                w[0].0 + t * (w[1].0 - w[0].0),
                w[0].1 + t * (w[1].1 - w[0].1),
            );
        }
        left -= l;
    }
    points.first().copied().unwrap_or((0.0, 0.0))
}

/// The shortest distance from `p` to a polyline.
pub fn distance_to_polyline(points: &[Point], p: Point) -> f32 {
    points
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            let len2 = dx * dx + dy * dy;
            let t = if len2 == 0.0 {
                0.0
            } else {
                (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
            };
            let (qx, qy) = (a.0 + t * dx, a.1 + t * dy);
            ((p.0 - qx).powi(2) + (p.1 - qy).powi(2)).sqrt()
        })
        .fold(f32::INFINITY, f32::min)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Element, Flow};

    fn diagram() -> Diagram {
        let mut d = Diagram::new(Id::from("D"), "d");
        d.elements = vec![
            Element::new(Id::from("A"), ElementKind::Actor, "a", (0.0, 0.0)), // 160x60
            Element::new(Id::from("B"), ElementKind::Process, "b", (400.0, -15.0)), // 130x90
        ];
        d.flows = vec![
            Flow::new(Id::from("F1"), Id::from("A"), Id::from("B"), "x"),
            Flow::new(Id::from("F2"), Id::from("B"), Id::from("A"), "y"),
        ];
        d
    }

    #[test]
    fn lines_start_and_end_on_the_outlines() {
        let mut d = diagram();
        d.flows.truncate(1);
        let r = route_flows(&d)[0].clone().unwrap();
        assert_eq!(r.points.len(), 2);
        let (s, e) = (r.points[0], r.points[1]);
        assert!(
            (s.0 - 160.0).abs() < 0.01 && (s.1 - 30.0).abs() < 0.01,
            "{s:?}"
        );
        assert!(
            (e.0 - 400.0).abs() < 0.01 && (e.1 - 30.0).abs() < 0.01,
            "{e:?}"
        );
        assert_eq!(polyline_midpoint(&r.points), (280.0, 30.0));
    }

    #[test]
    fn opposite_flows_are_spread_apart() {
        let routes = route_flows(&diagram());
        let (a, b) = (routes[0].as_ref().unwrap(), routes[1].as_ref().unwrap());
        let (ma, mb) = (polyline_midpoint(&a.points), polyline_midpoint(&b.points));
        assert!((ma.1 - mb.1).abs() >= SPREAD - 0.01, "{a:?} {b:?}");
        assert!(distance_to_polyline(&a.points, mb) > 16.0);
    }

    #[test]
    fn a_bend_dropped_on_an_end_is_passed_over() {
        let mut d = diagram();
        d.flows.truncate(1);
        // On the process B itself: the line must still end on B's outline.
        d.flows[0].waypoints = vec![(460.0, 30.0)];
        let r = route_flows(&d)[0].clone().unwrap();
        assert_eq!(r.points.len(), 2, "{r:?}");
        assert!((r.points[1].0 - 400.0).abs() < 0.01, "{r:?}");
    }

    #[test]
    fn right_angled_flows_run_horizontally_and_vertically() {
        let mut d = diagram();
        d.flows.truncate(1);
        d.elements[1].pos = (400.0, 200.0);
        d.flows[0].orthogonal = true;
        let r = route_flows(&d)[0].clone().unwrap();
        assert_eq!(r.points.len(), 4, "{r:?}");
        for w in r.points.windows(2) {
            assert!(w[0].0 == w[1].0 || w[0].1 == w[1].1, "{w:?} is slanted");
        }
        // With a bend, the bend is kept and known as the flow's own.
        d.flows[0].waypoints = vec![(300.0, 400.0)];
        let r = route_flows(&d)[0].clone().unwrap();
        assert_eq!(r.bends.len(), 1);
        assert_eq!(r.points[r.bends[0].1], (300.0, 400.0));
        for w in r.points.windows(2) {
            assert!(w[0].0 == w[1].0 || w[0].1 == w[1].1, "{w:?} is slanted");
        }
    }

    #[test]
    fn distance_to_segment() {
        let pts = [(0.0, 0.0), (10.0, 0.0)];
        assert_eq!(distance_to_polyline(&pts, (5.0, 3.0)), 3.0);
        assert_eq!(distance_to_polyline(&pts, (13.0, 4.0)), 5.0);
    }
}
