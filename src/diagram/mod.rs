//! The geometry of a drawn diagram, in diagram units, shared by every backend (the egui canvas,
//! SVG, PNG and the PDF workbook): where each flow's line runs, where its label and each
//! boundary's name sit, and what a point on the canvas hits.

mod detour;
mod labels;
pub mod lint;
mod live;
pub mod png;
mod route;
pub mod scene;
pub mod svg;
pub mod tidy;
mod update;

pub use labels::{
    BADGE_RADIUS, FlowLabel, LABEL_FONT, LABEL_WRAP, TAB_FONT, TAB_HEIGHT, Tab, badge_rect,
    element_badge_at, label_size,
};
pub use live::Live;
pub use route::{FlowRoute, distance_to_polyline, polyline_midpoint, route_flows};
pub use update::Replaced;

use crate::model::{Boundary, Diagram, Element, ElementKind, Id, Model};
use std::collections::HashMap;

/// Everything placed on a diagram before drawing: computed once per model change and shared by
/// the canvas (drawing and hit-testing), SVG, PNG, the PDF workbook and the layout lint.
#[derive(Debug, Clone, Default)]
pub struct Placement {
    /// One per flow, in the diagram's order; `None` for a flow that cannot be drawn.
    pub routes: Vec<Option<FlowRoute>>,
    /// One per flow, like `routes`; `None` also for an empty label.
    pub labels: Vec<Option<FlowLabel>>,
    /// One per boundary, in the diagram's order.
    pub tabs: Vec<Tab>,
    /// Open threats per element or flow id (the red badges).
    pub open: HashMap<Id, usize>,
    /// Each flow's rank among the flows joining the same two elements, and their number.
    spreads: Vec<(u32, u32)>,
    /// Everything placed, filed by position, so an update places a label clear of the rest.
    obstacles: labels::Grid,
}

impl Placement {
    pub fn of(model: &Model, d: &Diagram) -> Self {
        let mut open: HashMap<Id, usize> = HashMap::new();
        for t in model.threats.iter().filter(|t| t.status.is_open()) {
            if let Some(target) = &t.target {
                *open.entry(target.clone()).or_default() += 1;
            }
        }
        Self::with_open(d, open)
    }

    /// Placement with the open-threat counts already known.
    pub fn with_open(d: &Diagram, open: HashMap<Id, usize>) -> Self {
        let spreads = route::spreads(d);
        let routes = route::route_spread(d, &spreads);
        let tabs = labels::place_tabs(d);
        let (labels, obstacles) = labels::place_labels(d, &routes, &tabs, &open);
        Placement {
            routes,
            labels,
            tabs,
            open,
            spreads,
            obstacles,
        }
    }

    pub fn open_on(&self, id: &Id) -> usize {
        self.open.get(id).copied().unwrap_or(0)
    }

    /// The boundary whose name tab is under `p` (later tabs are drawn on top).
    pub fn tab_at(&self, d: &Diagram, p: Point) -> Option<Id> {
        self.tabs
            .iter()
            .zip(&d.boundaries)
            .rev()
            .find(|(t, _)| t.rect.contains_point(p))
            .map(|(_, b)| b.id.clone())
    }

    /// The flow whose label is under `p`.
    pub fn label_at(&self, d: &Diagram, p: Point) -> Option<Id> {
        self.labels
            .iter()
            .zip(&d.flows)
            .rev()
            .find(|(l, _)| l.as_ref().is_some_and(|l| l.rect().contains_point(p)))
            .map(|(_, f)| f.id.clone())
    }

    /// The flow whose line passes nearest `p`, within `tolerance`.
    pub fn flow_near(&self, p: Point, tolerance: f32) -> Option<Id> {
        self.routes
            .iter()
            .flatten()
            .map(|r| (r, distance_to_polyline(&r.points, p)))
            .filter(|(_, dist)| *dist <= tolerance)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(r, _)| r.id.clone())
    }
}

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

/// Is `p` on a boundary's outline (within `tolerance`)? The inside of a boundary is left for
/// selecting what it holds.
pub fn boundary_edge_contains(b: &Boundary, p: Point, tolerance: f32) -> bool {
    let r = b.rect();
    let inside_outer = p.0 >= r.min.0 - tolerance
        && p.0 <= r.max.0 + tolerance
        && p.1 >= r.min.1 - tolerance
        && p.1 <= r.max.1 + tolerance;
    let inside_inner = p.0 > r.min.0 + tolerance
        && p.0 < r.max.0 - tolerance
        && p.1 > r.min.1 + tolerance
        && p.1 < r.max.1 - tolerance;
    inside_outer && !inside_inner
}

/// The topmost boundary whose outline is under `p`; inner boundaries win.
pub fn boundary_at(d: &Diagram, p: Point, tolerance: f32) -> Option<&Boundary> {
    d.boundaries
        .iter()
        .filter(|b| boundary_edge_contains(b, p, tolerance))
        .min_by(|a, b| a.rect().area().total_cmp(&b.rect().area()))
}

/// The innermost boundary whose inside holds `p`.
pub fn boundary_inside(d: &Diagram, p: Point) -> Option<&Boundary> {
    d.boundaries
        .iter()
        .filter(|b| b.rect().contains_point(p))
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
