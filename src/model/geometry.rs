//! Rectangles, and the facts that follow from where things are drawn: which trust boundaries hold
//! an element, how boundaries nest, and which boundaries a data flow crosses.
//!
//! Membership is decided by an element's centre: an element belongs to every boundary whose
//! rectangle contains its centre. A boundary sits inside another when its whole rectangle does.

use super::{Boundary, Diagram, Flow, Id};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub min: (f32, f32),
    pub max: (f32, f32),
}

impl Rect {
    /// A rectangle from its top-left corner and size; a negative size is taken as zero.
    pub fn from_pos_size(pos: (f32, f32), size: (f32, f32)) -> Self {
        Rect {
            min: pos,
            max: (pos.0 + size.0.max(0.0), pos.1 + size.1.max(0.0)),
        }
    }

    pub fn width(&self) -> f32 {
        self.max.0 - self.min.0
    }

    pub fn height(&self) -> f32 {
        self.max.1 - self.min.1
    }

    pub fn area(&self) -> f32 {
        self.width() * self.height()
    }

    pub fn center(&self) -> (f32, f32) {
        (
            (self.min.0 + self.max.0) / 2.0,
            (self.min.1 + self.max.1) / 2.0,
        )
    }

    pub fn contains_point(&self, p: (f32, f32)) -> bool {
        p.0 >= self.min.0 && p.0 <= self.max.0 && p.1 >= self.min.1 && p.1 <= self.max.1
    }

    pub fn contains_rect(&self, other: &Rect) -> bool {
        self.contains_point(other.min) && self.contains_point(other.max)
    }

    pub fn intersects(&self, other: &Rect) -> bool {
        self.min.0 < other.max.0
            && other.min.0 < self.max.0
            && self.min.1 < other.max.1
            && other.min.1 < self.max.1
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            min: (self.min.0.min(other.min.0), self.min.1.min(other.min.1)),
            max: (self.max.0.max(other.max.0), self.max.1.max(other.max.1)),
        }
    }
}

/// Boundary membership of one diagram, computed once and then queried. Boundary lists are ordered
/// outermost first (largest area first, ties broken by id so the order is stable).
#[derive(Debug, Clone, Default)]
pub struct Membership {
    /// For each element id, the indices (into `diagram.boundaries`) of the boundaries holding it.
    of_element: HashMap<Id, Vec<usize>>,
    /// Boundary indices sorted outermost first.
    order: Vec<usize>,
}

impl Membership {
    pub fn compute(diagram: &Diagram) -> Self {
        let rects: Vec<_> = diagram.boundaries.iter().map(Boundary::rect).collect();
        let mut order: Vec<usize> = (0..rects.len()).collect();
        order.sort_by(|&a, &b| {
            rects[b]
                .area()
                .total_cmp(&rects[a].area())
                .then_with(|| diagram.boundaries[a].id.cmp(&diagram.boundaries[b].id))
        });
        let of_element = diagram
            .elements
            .iter()
            .map(|e| {
                let c = e.rect().center();
                let holders = order
                    .iter()
                    .copied()
                    .filter(|&i| rects[i].contains_point(c))
                    .collect();
                (e.id.clone(), holders)
            })
            .collect();
        Membership { of_element, order }
    }

    /// The indices (into `diagram.boundaries`) of the boundaries holding an element, outermost
    /// first; two elements are in the same trust zones exactly when these are equal.
    pub fn holders(&self, element: &Id) -> &[usize] {
        self.of_element.get(element).map_or(&[], |v| v.as_slice())
    }

    /// The boundaries holding an element, outermost first.
    pub fn boundaries_of<'d>(&self, diagram: &'d Diagram, element: &Id) -> Vec<&'d Boundary> {
        self.of_element
            .get(element)
            .map(|v| v.iter().map(|&i| &diagram.boundaries[i]).collect())
            .unwrap_or_default()
    }

    /// The innermost boundary holding an element (its trust zone), if any.
    pub fn zone_of<'d>(&self, diagram: &'d Diagram, element: &Id) -> Option<&'d Boundary> {
        self.of_element
            .get(element)
            .and_then(|v| v.last())
            .map(|&i| &diagram.boundaries[i])
    }

    /// The elements directly or indirectly inside a boundary, in diagram order.
    pub fn members<'d>(&self, diagram: &'d Diagram, boundary: &Id) -> Vec<&'d super::Element> {
        let Some(index) = diagram.boundaries.iter().position(|b| &b.id == boundary) else {
            return Vec::new();
        };
        diagram
            .elements
            .iter()
            .filter(|e| {
                self.of_element
                    .get(&e.id)
                    .is_some_and(|v| v.contains(&index))
            })
            .collect()
    }

    /// The boundaries a flow crosses: those holding exactly one of its two ends. Boundaries being
    /// left come first (innermost first), then those being entered (outermost first), so the list
    /// reads as the path the data takes.
    pub fn crossings<'d>(&self, diagram: &'d Diagram, flow: &Flow) -> Vec<&'d Boundary> {
        let empty = Vec::new();
        let from = self.of_element.get(&flow.from).unwrap_or(&empty);
        let to = self.of_element.get(&flow.to).unwrap_or(&empty);
        let leaving = from.iter().rev().filter(|i| !to.contains(i));
        let entering = to.iter().filter(|i| !from.contains(i));
        leaving
            .chain(entering)
            .map(|&i| &diagram.boundaries[i])
            .collect()
    }

    /// The first boundary [`Self::crossings`] lists, without building the list.
    pub fn first_crossing<'d>(&self, diagram: &'d Diagram, flow: &Flow) -> Option<&'d Boundary> {
        let from = self.holders(&flow.from);
        let to = self.holders(&flow.to);
        from.iter()
            .rev()
            .find(|i| !to.contains(i))
            .or_else(|| to.iter().find(|i| !from.contains(i)))
            .map(|&i| &diagram.boundaries[i])
    }

    /// Does the flow cross at least one trust boundary?
    pub fn crosses_any(&self, flow: &Flow) -> bool {
        let empty = Vec::new();
        let from = self.of_element.get(&flow.from).unwrap_or(&empty);
        let to = self.of_element.get(&flow.to).unwrap_or(&empty);
        from != to
    }

    /// The boundary directly enclosing another: the smallest one that contains its whole
    /// rectangle and comes before it in the outermost-first order (so equal rectangles never
    /// enclose each other).
    pub fn parent_of<'d>(&self, diagram: &'d Diagram, boundary: &Id) -> Option<&'d Boundary> {
        let child = diagram.boundaries.iter().position(|b| &b.id == boundary)?;
        let rect = diagram.boundaries[child].rect();
        let rank = self.order.iter().position(|&i| i == child)?;
        self.order[..rank]
            .iter()
            .rev()
            .map(|&i| &diagram.boundaries[i])
            .find(|b| b.rect().contains_rect(&rect))
    }
}

/// The bounding box of everything drawn on a diagram, or `None` when it is empty.
pub fn diagram_bounds(diagram: &Diagram) -> Option<Rect> {
    diagram
        .elements
        .iter()
        .map(|e| e.rect())
        .chain(diagram.boundaries.iter().map(Boundary::rect))
        .reduce(|a, b| a.union(&b))
}
