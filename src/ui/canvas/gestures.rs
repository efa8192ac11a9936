//! Pointer gestures on the canvas: select, rubber-band, move (a selected boundary from anywhere
//! inside it; with Alt, together with what it holds), resize from eight handles, connect,
//! reconnect, bend a flow (drag its line to add a bend, drag a bend to move it, double-click it
//! to remove it), pan with Space + drag, and drops from the palette. Each finished gesture is
//! one undo step.

use super::{Canvas, snap_to};
use crate::diagram;
use crate::model::{Change, Diagram, Edit, Id, ops};
use crate::ui::document::Document;
use crate::ui::paint;
use crate::ui::palette::PaletteItem;
use egui::{DragAndDrop, Key, PointerButton, Pos2, Rect, Ui, Vec2, vec2};
use std::collections::{BTreeSet, HashMap, HashSet};

const MIN_ELEMENT: Vec2 = vec2(40.0, 30.0);
const MIN_BOUNDARY: Vec2 = vec2(80.0, 50.0);

#[derive(Debug, Clone)]
pub(super) enum Drag {
    Move {
        start: HashMap<Id, (f32, f32)>,
        origin: Pos2,
    },
    Resize {
        handle: Handle,
        origin: Pos2,
        before: Shape,
    },
    Bend {
        index: usize,
        before: crate::model::Flow,
    },
    Connect {
        from: Id,
        to: Pos2,
    },
    Reconnect {
        flow: Id,
        source_end: bool,
        to: Pos2,
    },
    RubberBand {
        origin: Pos2,
        to: Pos2,
        additive: bool,
    },
    Pan,
}

#[derive(Debug, Clone)]
pub(super) enum Shape {
    Element(crate::model::Element),
    Boundary(crate::model::Boundary),
}

/// The eight resize handles of a selected element or boundary: corners and edge middles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Handle {
    N,
    NE,
    E,
    SE,
    S,
    SW,
    W,
    NW,
}

impl Handle {
    pub(super) const ALL: [Handle; 8] = [
        Handle::N,
        Handle::NE,
        Handle::E,
        Handle::SE,
        Handle::S,
        Handle::SW,
        Handle::W,
        Handle::NW,
    ];

    pub(super) fn at(self, r: Rect) -> Pos2 {
        match self {
            Handle::N => r.center_top(),
            Handle::NE => r.right_top(),
            Handle::E => r.right_center(),
            Handle::SE => r.right_bottom(),
            Handle::S => r.center_bottom(),
            Handle::SW => r.left_bottom(),
            Handle::W => r.left_center(),
            Handle::NW => r.left_top(),
        }
    }

    /// Which edges the handle moves: (west, east, north, south).
    fn edges(self) -> (bool, bool, bool, bool) {
        match self {
            Handle::N => (false, false, true, false),
            Handle::NE => (false, true, true, false),
            Handle::E => (false, true, false, false),
            Handle::SE => (false, true, false, true),
            Handle::S => (false, false, false, true),
            Handle::SW => (true, false, false, true),
            Handle::W => (true, false, false, false),
            Handle::NW => (true, false, true, false),
        }
    }

    pub(super) fn cursor(self) -> egui::CursorIcon {
        use egui::CursorIcon as C;
        match self {
            Handle::N | Handle::S => C::ResizeVertical,
            Handle::E | Handle::W => C::ResizeHorizontal,
            Handle::NE | Handle::SW => C::ResizeNeSw,
            Handle::NW | Handle::SE => C::ResizeNwSe,
        }
    }
}

/// How far outside a shape's side its connect handles sit, in screen points.
pub const CONNECT_OFFSET_PX: f32 = 16.0;

/// The connect handles of a shape with rectangle `r` (diagram units) at `zoom`.
pub fn connect_handles_at(r: Rect, zoom: f32) -> [Pos2; 4] {
    let out = CONNECT_OFFSET_PX / zoom.max(0.05);
    [
        r.center_top() - vec2(0.0, out),
        r.right_center() + vec2(out, 0.0),
        r.center_bottom() + vec2(0.0, out),
        r.left_center() - vec2(out, 0.0),
    ]
}

/// The rectangle after dragging `handle` by `delta`: the opposite edges stay put, and the
/// shape never gets smaller than `min`.
fn resized(before: Rect, handle: Handle, delta: Vec2, min: Vec2, snap: bool) -> Rect {
    let (west, east, north, south) = handle.edges();
    let mut r = before;
    if west {
        r.min.x = snap_to(before.min.x + delta.x, snap).min(before.max.x - min.x);
    }
    if east {
        r.max.x = snap_to(before.max.x + delta.x, snap).max(before.min.x + min.x);
    }
    if north {
        r.min.y = snap_to(before.min.y + delta.y, snap).min(before.max.y - min.y);
    }
    if south {
        r.max.y = snap_to(before.max.y + delta.y, snap).max(before.min.y + min.y);
    }
    r
}

impl Canvas {
    pub(super) fn handle_radius(&self) -> f32 {
        6.0 / self.zoom().max(0.05)
    }

    /// The four round handles a flow is dragged from: just outside the middle of each side,
    /// clear of the resize handles a selected shape has on its outline.
    pub(super) fn connect_handles(&self, e: &crate::model::Element) -> [Pos2; 4] {
        connect_handles_at(paint::rect_of(e.pos, e.size), self.zoom())
    }

    /// The one selected shape, if exactly one is selected.
    pub(super) fn single_selection(&self) -> Option<&Id> {
        (self.selection.len() == 1)
            .then(|| self.selection.iter().next())
            .flatten()
    }

    /// The rectangle of the one selected element or boundary (the resize handles go on it).
    pub(super) fn resizable(&self, d: &Diagram) -> Option<(Id, Rect)> {
        let id = self.single_selection()?;
        let (pos, size) = d
            .element(id)
            .map(|e| (e.pos, e.size))
            .or_else(|| d.boundary(id).map(|b| (b.pos, b.size)))?;
        Some((id.clone(), paint::rect_of(pos, size)))
    }

    pub(super) fn handle_under(&self, d: &Diagram, at: Pos2) -> Option<Handle> {
        let (_, r) = self.resizable(d)?;
        let reach = self.handle_radius() * 1.5;
        Handle::ALL
            .into_iter()
            .find(|h| h.at(r).distance(at) <= reach)
    }

    /// The selected flow's route: its id, index, and points (ends, bends and corners).
    pub(super) fn selected_route(&self, d: &Diagram) -> Option<(Id, usize, Vec<Pos2>)> {
        let id = self.single_selection()?;
        let index = d.flows.iter().position(|f| &f.id == id)?;
        let route = self.cache.placement().routes.get(index)?.as_ref()?;
        Some((
            id.clone(),
            index,
            route.points.iter().map(|&q| paint::p(q)).collect(),
        ))
    }

    /// The selected flow's own bends as drawn: (index in its waypoints, where).
    pub(super) fn selected_bends(&self, d: &Diagram) -> Vec<(usize, Pos2)> {
        let Some(id) = self.single_selection() else {
            return Vec::new();
        };
        let Some(index) = d.flows.iter().position(|f| &f.id == id) else {
            return Vec::new();
        };
        let Some(Some(route)) = self.cache.placement().routes.get(index) else {
            return Vec::new();
        };
        route
            .bends
            .iter()
            .map(|&(w, p)| (w, paint::p(route.points[p])))
            .collect()
    }

    /// The bend of the selected flow under `at`, if any.
    pub(super) fn bend_under(&self, d: &Diagram, at: Pos2) -> Option<(Id, usize)> {
        let id = self.single_selection()?.clone();
        let reach = self.handle_radius() * 1.5;
        self.selected_bends(d)
            .into_iter()
            .find(|(_, p)| p.distance(at) <= reach)
            .map(|(w, _)| (id, w))
    }

    /// What a click at `p` selects: an element, else a flow's label, else the nearest flow
    /// line, else a boundary's name tab or outline.
    pub fn hit(&self, d: &Diagram, p: Pos2) -> Option<Id> {
        let q = (p.x, p.y);
        if let Some(e) = diagram::element_at(d, q) {
            return Some(e.id.clone());
        }
        let placed = self.cache.placement();
        if let Some(id) = placed.label_at(d, q) {
            return Some(id);
        }
        let tolerance = 6.0 / self.zoom().max(0.05);
        if let Some(id) = placed.flow_near(q, tolerance) {
            return Some(id);
        }
        if let Some(id) = placed.tab_at(d, q) {
            return Some(id);
        }
        diagram::boundary_at(d, q, tolerance).map(|b| b.id.clone())
    }

    pub(super) fn interact(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        doc: &mut Document,
        di: usize,
    ) {
        let ctx = ui.ctx().clone();
        // A palette item dropped on the canvas.
        if DragAndDrop::has_payload_of_type::<PaletteItem>(&ctx)
            && ui.input(|i| i.pointer.any_released())
            && let Some(pos) = ui.input(|i| i.pointer.interact_pos())
            && self.screen_rect.contains(pos)
            && let Some(item) = DragAndDrop::take_payload::<PaletteItem>(&ctx)
        {
            let at = self.to_scene(pos);
            self.add_item(doc, &item, (at.x, at.y));
        }
        let modifiers = ui.input(|i| i.modifiers);
        let additive = modifiers.shift || modifiers.command;
        if let Some(pos) = ui.input(|i| i.pointer.hover_pos())
            && response.contains_pointer()
            && self.drag.is_none()
            && let Some(h) = self.handle_under(&doc.model.diagrams[di], self.to_scene(pos))
        {
            ctx.set_cursor_icon(h.cursor());
        }
        if response.drag_started_by(PointerButton::Primary)
            && let Some(origin) = ui.input(|i| i.pointer.press_origin())
        {
            let space = ui.input(|i| i.key_down(Key::Space)) && !ctx.egui_wants_keyboard_input();
            let origin = self.to_scene(origin);
            self.drag = Some(self.begin_drag(doc, di, origin, additive, modifiers.alt, space));
        }
        if self.drag.is_some()
            && let Some(pos) = ui.input(|i| i.pointer.latest_pos())
        {
            let at = self.to_scene(pos);
            let screen_delta = ui.input(|i| i.pointer.delta());
            self.update_drag(doc, di, at, screen_delta);
        }
        if self.drag.is_some()
            && !ui.input(|i| i.pointer.primary_down())
            && let Some(drag) = self.drag.take()
        {
            self.finish_drag(doc, di, drag);
        }
        let pointer = ui.input(|i| i.pointer.interact_pos());
        if response.clicked()
            && let Some(pos) = pointer
        {
            let at = self.to_scene(pos);
            let d = &doc.model.diagrams[di];
            if let Some(bend) = self.bend_under(d, at) {
                self.bend = Some(bend);
                self.note = Some("Bend picked: Delete removes it, dragging moves it".into());
            } else {
                self.bend = None;
                match (self.hit(d, at), additive) {
                    (Some(id), true) => {
                        if !self.selection.remove(&id) {
                            self.selection.insert(id);
                        }
                    }
                    (Some(id), false) => self.selection = BTreeSet::from([id]),
                    (None, false) => self.selection.clear(),
                    (None, true) => {}
                }
            }
        }
        if response.double_clicked()
            && let Some(pos) = pointer
        {
            let at = self.to_scene(pos);
            if let Some((flow, index)) = self.bend_under(&doc.model.diagrams[di], at) {
                self.remove_bend(doc, di, &flow, index);
            } else if let Some(id) = self.hit(&doc.model.diagrams[di], at) {
                self.start_rename(doc, di, id);
            }
        }
    }

    /// Removes the picked bend (Delete with a bend picked). Returns whether there was one.
    pub fn delete_picked_bend(&mut self, doc: &mut Document) -> bool {
        let Some((flow, index)) = self.bend.take() else {
            return false;
        };
        let Some(di) = doc.model.diagrams.iter().position(|d| d.id == self.diagram) else {
            return false;
        };
        self.remove_bend(doc, di, &flow, index)
    }

    fn remove_bend(&mut self, doc: &mut Document, di: usize, flow: &Id, index: usize) -> bool {
        let diagram_id = doc.model.diagrams[di].id.clone();
        let edit = ops::update_flow(&doc.model, &diagram_id, flow, |f| {
            if index < f.waypoints.len() {
                f.waypoints.remove(index);
            }
        });
        self.bend = None;
        match edit {
            Some(edit) if !edit.is_noop() => {
                doc.apply(edit);
                self.note = Some(format!("Removed a bend from flow {flow}"));
                true
            }
            _ => false,
        }
    }

    fn begin_drag(
        &mut self,
        doc: &mut Document,
        di: usize,
        origin: Pos2,
        additive: bool,
        with_members: bool,
        space: bool,
    ) -> Drag {
        if space {
            return Drag::Pan;
        }
        let d = &doc.model.diagrams[di];
        if let Some(handle) = self.handle_under(d, origin)
            && let Some((id, _)) = self.resizable(d)
        {
            let before = d
                .element(&id)
                .cloned()
                .map(Shape::Element)
                .or_else(|| d.boundary(&id).cloned().map(Shape::Boundary));
            if let Some(before) = before {
                return Drag::Resize {
                    handle,
                    origin,
                    before,
                };
            }
        }
        let reach = self.handle_radius() * 1.5;
        if let Some((flow, index, points)) = self.selected_route(d) {
            let n = points.len();
            if points[0].distance(origin) <= reach {
                return Drag::Reconnect {
                    flow,
                    source_end: true,
                    to: origin,
                };
            }
            if points[n - 1].distance(origin) <= reach {
                return Drag::Reconnect {
                    flow,
                    source_end: false,
                    to: origin,
                };
            }
            let before = d.flows[index].clone();
            if let Some((_, bend)) = self.bend_under(d, origin) {
                self.bend = Some((flow, bend));
                return Drag::Bend {
                    index: bend,
                    before,
                };
            }
            // On the line itself: a new bend, in the segment that was grabbed.
            let q = (origin.x, origin.y);
            let segment = (0..n - 1).find(|&i| {
                let seg = [
                    (points[i].x, points[i].y),
                    (points[i + 1].x, points[i + 1].y),
                ];
                diagram::distance_to_polyline(&seg, q) <= reach
            });
            if let Some(segment) = segment
                && diagram::element_at(d, q).is_none()
            {
                let at = (snap_to(origin.x, self.snap), snap_to(origin.y, self.snap));
                // After the last of the flow's own bends drawn before the grabbed segment.
                let after = self.cache.placement().routes[index]
                    .iter()
                    .flat_map(|r| r.bends.iter())
                    .filter(|(_, point)| *point <= segment)
                    .map(|(w, _)| w + 1)
                    .max()
                    .unwrap_or(0);
                let flow_index = index;
                let d = &mut doc.model.diagrams[di];
                let waypoints = &mut d.flows[flow_index].waypoints;
                let bend = after.min(waypoints.len());
                waypoints.insert(bend, at);
                doc.touched_only([flow.clone()]);
                self.bend = Some((flow, bend));
                return Drag::Bend {
                    index: bend,
                    before,
                };
            }
        }
        if let Some(e) = d.elements.iter().rev().find(|e| {
            self.connect_handles(e)
                .iter()
                .any(|c| c.distance(origin) <= reach)
        }) {
            return Drag::Connect {
                from: e.id.clone(),
                to: origin,
            };
        }
        let q = (origin.x, origin.y);
        let tolerance = 6.0 / self.zoom().max(0.05);
        let placed = self.cache.placement();
        let grabbed = diagram::element_at(d, q)
            .map(|e| e.id.clone())
            .or_else(|| placed.tab_at(d, q))
            .or_else(|| diagram::boundary_at(d, q, tolerance).map(|b| b.id.clone()))
            .or_else(|| {
                // A selected boundary moves when dragged from anywhere inside it; an
                // unselected one's inside is left for drawing a selection rectangle.
                d.boundaries
                    .iter()
                    .filter(|b| self.selection.contains(&b.id) && b.rect().contains_point(q))
                    .min_by(|a, b| a.rect().area().total_cmp(&b.rect().area()))
                    .map(|b| b.id.clone())
            });
        let Some(grabbed) = grabbed else {
            return Drag::RubberBand {
                origin,
                to: origin,
                additive,
            };
        };
        if !self.selection.contains(&grabbed) {
            if !additive {
                self.selection.clear();
            }
            self.selection.insert(grabbed);
        }
        let mut moving: HashSet<Id> = self.selection.iter().cloned().collect();
        if with_members {
            let membership = crate::model::geometry::Membership::compute(d);
            for b in d
                .boundaries
                .iter()
                .filter(|b| self.selection.contains(&b.id))
            {
                moving.extend(membership.members(d, &b.id).iter().map(|e| e.id.clone()));
                let rect = b.rect();
                moving.extend(
                    d.boundaries
                        .iter()
                        .filter(|inner| rect.contains_rect(&inner.rect()))
                        .map(|inner| inner.id.clone()),
                );
            }
        }
        let start = d
            .elements
            .iter()
            .filter(|e| moving.contains(&e.id))
            .map(|e| (e.id.clone(), e.pos))
            .chain(
                d.boundaries
                    .iter()
                    .filter(|b| moving.contains(&b.id))
                    .map(|b| (b.id.clone(), b.pos)),
            )
            .collect();
        Drag::Move { start, origin }
    }

    fn update_drag(&mut self, doc: &mut Document, di: usize, at: Pos2, screen_delta: Vec2) {
        let snap = self.snap;
        match &mut self.drag {
            Some(Drag::Move { start, origin }) => {
                let delta = at - *origin;
                let d = &mut doc.model.diagrams[di];
                for e in d.elements.iter_mut() {
                    if let Some(&(x, y)) = start.get(&e.id) {
                        e.pos = (snap_to(x + delta.x, snap), snap_to(y + delta.y, snap));
                    }
                }
                for b in d.boundaries.iter_mut() {
                    if let Some(&(x, y)) = start.get(&b.id) {
                        b.pos = (snap_to(x + delta.x, snap), snap_to(y + delta.y, snap));
                    }
                }
                doc.touched_only(start.keys().cloned());
            }
            Some(Drag::Resize {
                handle,
                origin,
                before,
            }) => {
                let delta = at - *origin;
                let (id, pos, size, min) = match before {
                    Shape::Element(e) => (&e.id, e.pos, e.size, MIN_ELEMENT),
                    Shape::Boundary(b) => (&b.id, b.pos, b.size, MIN_BOUNDARY),
                };
                let r = resized(paint::rect_of(pos, size), *handle, delta, min, snap);
                let (pos, size) = ((r.min.x, r.min.y), (r.width(), r.height()));
                let d = &mut doc.model.diagrams[di];
                if let Some(e) = d.elements.iter_mut().find(|e| &e.id == id) {
                    (e.pos, e.size) = (pos, size);
                } else if let Some(b) = d.boundaries.iter_mut().find(|b| &b.id == id) {
                    (b.pos, b.size) = (pos, size);
                }
                let id = id.clone();
                doc.touched_only([id]);
            }
            Some(Drag::Bend { index, before }) => {
                let d = &mut doc.model.diagrams[di];
                if let Some(f) = d.flows.iter_mut().find(|f| f.id == before.id)
                    && let Some(w) = f.waypoints.get_mut(*index)
                {
                    *w = (snap_to(at.x, snap), snap_to(at.y, snap));
                    doc.touched_only([before.id.clone()]);
                }
            }
            Some(Drag::Connect { to, .. })
            | Some(Drag::Reconnect { to, .. })
            | Some(Drag::RubberBand { to, .. }) => *to = at,
            Some(Drag::Pan) => self.pan_by(screen_delta),
            None => {}
        }
    }

    fn finish_drag(&mut self, doc: &mut Document, di: usize, drag: Drag) {
        let diagram_id = doc.model.diagrams[di].id.clone();
        match drag {
            Drag::Move { start, .. } => {
                if let Some(edit) = ops::moved(&doc.model, &diagram_id, &start) {
                    doc.record(edit);
                }
            }
            Drag::Resize { before, .. } => {
                let d = &doc.model.diagrams[di];
                let edit = match before {
                    Shape::Element(b) => d.elements.iter().position(|e| e.id == b.id).map(|i| {
                        Edit::Element(
                            diagram_id.clone(),
                            Change {
                                index: i,
                                before: Some(b),
                                after: Some(d.elements[i].clone()),
                            },
                        )
                    }),
                    Shape::Boundary(b) => d.boundaries.iter().position(|x| x.id == b.id).map(|i| {
                        Edit::Boundary(
                            diagram_id.clone(),
                            Change {
                                index: i,
                                before: Some(b),
                                after: Some(d.boundaries[i].clone()),
                            },
                        )
                    }),
                };
                if let Some(edit) = edit.filter(|e| !e.is_noop()) {
                    doc.record(edit);
                }
            }
            Drag::Bend { before, index } => {
                // A bend let go on the flow's own source or target would be hidden inside it:
                // it is taken out again, and the status bar says why.
                let on_own_end = {
                    let d = &doc.model.diagrams[di];
                    d.flow(&before.id).and_then(|f| {
                        let w = *f.waypoints.get(index)?;
                        let inside = |id: &Id| {
                            d.element(id)
                                .is_some_and(|e| diagram::element_contains(e, w))
                        };
                        Some(inside(&f.from) || inside(&f.to))
                    })
                };
                if on_own_end == Some(true) {
                    let d = &mut doc.model.diagrams[di];
                    if let Some(f) = d.flows.iter_mut().find(|f| f.id == before.id) {
                        f.waypoints.remove(index);
                    }
                    doc.touched_only([before.id.clone()]);
                    self.bend = None;
                }
                let d = &doc.model.diagrams[di];
                if let Some(i) = d.flows.iter().position(|f| f.id == before.id) {
                    let edit = Edit::Flow(
                        diagram_id.clone(),
                        Change {
                            index: i,
                            before: Some(before),
                            after: Some(d.flows[i].clone()),
                        },
                    );
                    if on_own_end == Some(true) {
                        self.note = Some(format!(
                            "A bend on the flow's own end would be hidden: flow {} keeps its line",
                            d.flows[i].id
                        ));
                    } else {
                        self.note = Some(format!("Bent flow {}", d.flows[i].id));
                    }
                    if !edit.is_noop() {
                        doc.record(edit);
                    }
                }
            }
            Drag::Connect { from, to } => {
                let target = diagram::element_at(&doc.model.diagrams[di], (to.x, to.y))
                    .map(|e| e.id.clone());
                match target {
                    Some(target) if target != from => {
                        if let Some((edit, id)) =
                            ops::add_flow(&doc.model, &diagram_id, &from, &target)
                        {
                            doc.apply(edit);
                            self.selection = BTreeSet::from([id.clone()]);
                            self.note = Some(format!("Added flow {id} from {from} to {target}"));
                        }
                    }
                    _ => {
                        self.note = Some("Drop the flow on another element to connect them".into())
                    }
                }
            }
            Drag::Reconnect {
                flow,
                source_end,
                to,
            } => {
                let target = diagram::element_at(&doc.model.diagrams[di], (to.x, to.y))
                    .map(|e| e.id.clone());
                let Some(target) = target else { return };
                let Some(f) = doc.model.diagrams[di].flow(&flow) else {
                    return;
                };
                let other = if source_end { &f.to } else { &f.from };
                if &target == other {
                    self.note = Some("A flow cannot start and end at the same element".into());
                    return;
                }
                if let Some(edit) = ops::update_flow(&doc.model, &diagram_id, &flow, |f| {
                    if source_end {
                        f.from = target.clone();
                    } else {
                        f.to = target.clone();
                    }
                }) {
                    doc.apply(edit);
                }
            }
            Drag::RubberBand {
                origin,
                to,
                additive,
            } => {
                let min = origin.min(to);
                let max = origin.max(to);
                let inside =
                    diagram::ids_inside(&doc.model.diagrams[di], (min.x, min.y), (max.x, max.y));
                if !additive {
                    self.selection.clear();
                }
                self.selection.extend(inside);
            }
            Drag::Pan => {}
        }
    }

    /// Adds a palette item with its centre at `at` and selects it.
    pub fn add_item(&mut self, doc: &mut Document, item: &PaletteItem, at: (f32, f32)) {
        let at = (snap_to(at.0, self.snap), snap_to(at.1, self.snap));
        let added = match item.kind {
            Some(kind) => ops::add_element(
                &doc.model,
                &self.diagram,
                kind,
                item.name,
                item.technology,
                at,
            )
            .map(|(edit, id)| {
                let mut edit = edit;
                if let Edit::Element(_, change) = &mut edit
                    && let Some(e) = &mut change.after
                {
                    (item.props)(&mut e.props);
                }
                (edit, id)
            }),
            None => ops::add_boundary(&doc.model, &self.diagram, item.name, at, (360.0, 240.0)),
        };
        if let Some((edit, id)) = added {
            doc.apply(edit);
            self.note = Some(format!("Added {} {id}", item.name));
            self.selection = BTreeSet::from([id]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resizing_from_the_left_keeps_the_right_edge() {
        let r = Rect::from_min_max(egui::pos2(100.0, 100.0), egui::pos2(300.0, 200.0));
        let out = resized(r, Handle::W, vec2(-50.0, 10.0), MIN_BOUNDARY, false);
        assert_eq!(out.min.x, 50.0);
        assert_eq!(out.max.x, 300.0);
        assert_eq!((out.min.y, out.max.y), (100.0, 200.0));
        let tiny = resized(r, Handle::NW, vec2(500.0, 500.0), MIN_BOUNDARY, false);
        assert_eq!(tiny.width(), MIN_BOUNDARY.x);
        assert_eq!(tiny.height(), MIN_BOUNDARY.y);
        assert_eq!(tiny.max, r.max);
    }
}
