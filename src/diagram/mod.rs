//! The geometry of a drawn diagram, in diagram units, shared by every backend (the egui canvas,
//! and later SVG, PNG and the PDF workbook): where each flow's line runs, where its label sits,
//! and what a point on the canvas hits.

mod labels;
pub mod png;
mod route;
pub mod scene;
pub mod svg;

pub use labels::{LABEL_FONT, LABEL_WRAP, label_size, place_labels};
pub use route::{FlowRoute, distance_to_polyline, polyline_midpoint, route_flows};

/// Routes with their labels placed: what every backend draws.
pub fn layout_flows(d: &Diagram) -> Vec<Option<FlowRoute>> {
    let mut routes = route_flows(d);
    place_labels(d, &mut routes);
    routes
}

use crate::model::{Boundary, Diagram, Element, ElementKind, Id};

pub type Point = (f32, f32);

/// Does `p` fall on the element's drawn shape (an ellipse for processes, a box otherwise)?
pub fn element_contains(e: &Element, p: Point) -> bool {
    let r = e.rect();
    match e.kind {
        ElementKind::Process => {
            let (cx, cy) = r.center();
            let (a, b) = (r.width() / 2.0, r.height() / 2.0);
            if a <= 0.0 || b <= 0.0 {
                return false;
            }
            let (dx, dy) = ((p.0 - cx) / a, (p.1 - cy) / b);
            dx * dx + dy * dy <= 1.0
        }
        _ => r.contains_point(p),
    }
}

/// The topmost element under `p` (later elements are drawn on top).
pub fn element_at(d: &Diagram, p: Point) -> Option<&Element> {
    d.elements.iter().rev().find(|e| element_contains(e, p))
}

/// Is `p` on a boundary's outline (within `tolerance`) or on its name tab? The inside of a
/// boundary is left for selecting what it holds.
pub fn boundary_edge_contains(b: &Boundary, p: Point, tolerance: f32, tab: (f32, f32)) -> bool {
    let r = b.rect();
    let inside_outer = p.0 >= r.min.0 - tolerance
        && p.0 <= r.max.0 + tolerance
        && p.1 >= r.min.1 - tolerance
        && p.1 <= r.max.1 + tolerance;
    let inside_inner = p.0 > r.min.0 + tolerance
        && p.0 < r.max.0 - tolerance
        && p.1 > r.min.1 + tolerance
        && p.1 < r.max.1 - tolerance;
    let on_tab =
        p.0 >= r.min.0 && p.0 <= r.min.0 + tab.0 && p.1 >= r.min.1 && p.1 <= r.min.1 + tab.1;
    (inside_outer && !inside_inner) || on_tab
}

/// The topmost boundary whose outline or name tab is under `p`; inner boundaries win.
pub fn boundary_at(d: &Diagram, p: Point, tolerance: f32, tab: (f32, f32)) -> Option<&Boundary> {
    d.boundaries
        .iter()
        .filter(|b| boundary_edge_contains(b, p, tolerance, tab))
        .min_by(|a, b| a.rect().area().total_cmp(&b.rect().area()))
}

/// The ids of elements and boundaries lying wholly inside a rectangle (rubber-band selection).
pub fn ids_inside(d: &Diagram, min: Point, max: Point) -> Vec<Id> {
    let sel = crate::model::geometry::Rect { min, max };
    d.elements
        .iter()
        .filter(|e| sel.contains_rect(&e.rect()))
        .map(|e| e.id.clone())
        .chain(
            d.boundaries
                .iter()
                .filter(|b| sel.contains_rect(&b.rect()))
                .map(|b| b.id.clone()),
        )
        .collect()
}
