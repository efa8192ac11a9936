//! The diagram canvas: pan and zoom (egui::Scene), drawing, and every pointer gesture: select,
//! rubber-band, move, resize, connect, reconnect, rename in place, and drops from the palette.
//!
//! All geometry is derived once per model revision (flow routes, open-threat counts) and reused
//! every frame until the next edit; shapes outside the visible area are not drawn.

use super::document::Document;
use super::paint::{self, Palette, TextScale};
use super::palette::PaletteItem;
use crate::diagram::{self, FlowRoute};
use crate::model::{Diagram, Edit, Id, geometry::diagram_bounds, ops};
use egui::containers::DragPanButtons;
use egui::emath::TSTransform;
use egui::{
    Color32, CornerRadius, DragAndDrop, Key, PointerButton, Pos2, Rect, Scene, Sense, Stroke,
    StrokeKind, Ui, Vec2, pos2, vec2,
};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Grid spacing in diagram units.
pub const GRID: f32 = 20.0;
const MIN_ELEMENT: Vec2 = vec2(40.0, 30.0);
const MIN_BOUNDARY: Vec2 = vec2(80.0, 50.0);

pub struct Canvas {
    /// The diagram shown (a tab).
    pub diagram: Id,
    pub selection: BTreeSet<Id>,
    /// The part of the diagram in view, in diagram units; kept between frames.
    pub scene_rect: Rect,
    /// Diagram units to screen points, as of the last frame.
    pub to_global: TSTransform,
    pub show_grid: bool,
    pub snap: bool,
    /// A renaming in progress (double-click on a shape).
    pub renaming: Option<Renaming>,
    fit_pending: bool,
    drag: Option<Drag>,
    cache: Cache,
    label_rects: Vec<(Id, Rect)>,
    screen_rect: Rect,
    /// A short note for the status bar about what the last gesture did.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Renaming {
    pub id: Id,
    pub text: String,
    focused: bool,
}

#[derive(Debug, Clone)]
enum Drag {
    Move {
        start: HashMap<Id, (f32, f32)>,
        origin: Pos2,
    },
    Resize {
        id: Id,
        origin: Pos2,
        before: Shape,
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
enum Shape {
    Element(crate::model::Element),
    Boundary(crate::model::Boundary),
}

#[derive(Default)]
struct Cache {
    revision: u64,
    diagram: Id,
    routes: Vec<Option<FlowRoute>>,
    open_threats: HashMap<Id, usize>,
}

impl Default for Canvas {
    fn default() -> Self {
        Canvas {
            diagram: Id::from("DFD1"),
            selection: BTreeSet::new(),
            scene_rect: Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0)),
            to_global: TSTransform::IDENTITY,
            show_grid: false,
            snap: false,
            renaming: None,
            fit_pending: true,
            drag: None,
            cache: Cache::default(),
            label_rects: Vec::new(),
            screen_rect: Rect::NOTHING,
            note: None,
        }
    }
}

fn snap_to(v: f32, on: bool) -> f32 {
    if on { (v / GRID).round() * GRID } else { v }
}

impl Canvas {
    /// Shows a diagram (from the start of a document, or a new tab), fitted to the view.
    pub fn show_diagram(&mut self, id: Id) {
        self.diagram = id;
        self.selection.clear();
        self.renaming = None;
        self.drag = None;
        self.fit_pending = true;
    }

    pub fn request_fit(&mut self) {
        self.fit_pending = true;
    }

    /// Where the canvas is on the screen (as of the last frame).
    pub fn view_rect(&self) -> Rect {
        self.screen_rect
    }

    pub fn zoom(&self) -> f32 {
        self.to_global.scaling
    }

    /// Zooms the view by `factor` around its centre.
    pub fn zoom_by(&mut self, factor: f32) {
        let c = self.scene_rect.center();
        let size = self.scene_rect.size() / factor;
        if size.x.is_finite() && size.x > 1.0 && size.x < 1.0e6 {
            self.scene_rect = Rect::from_center_size(c, size);
        }
    }

    /// Where a diagram point is on the screen (as of the last frame).
    pub fn screen_pos(&self, point: (f32, f32)) -> Pos2 {
        self.to_global * pos2(point.0, point.1)
    }

    fn to_scene(&self, screen: Pos2) -> Pos2 {
        self.to_global.inverse() * screen
    }

    /// The centre of the view, in diagram units.
    pub fn view_center(&self) -> (f32, f32) {
        let c = self.scene_rect.center();
        (c.x, c.y)
    }

    fn refresh(&mut self, doc: &Document, d: &Diagram) {
        if self.cache.revision == doc.revision && self.cache.diagram == d.id {
            return;
        }
        let mut open = HashMap::new();
        for t in &doc.model.threats {
            if let Some(target) = &t.target
                && t.status.is_open()
            {
                *open.entry(target.clone()).or_insert(0) += 1;
            }
        }
        self.cache = Cache {
            revision: doc.revision,
            diagram: d.id.clone(),
            routes: diagram::layout_flows(d),
            open_threats: open,
        };
        // Forget selected ids that no longer exist (after undo, delete, or another diagram).
        self.selection.retain(|id| {
            d.element(id).is_some() || d.flow(id).is_some() || d.boundary(id).is_some()
        });
    }

    fn fit(&mut self, d: &Diagram) {
        self.fit_pending = false;
        self.scene_rect = match diagram_bounds(d) {
            Some(b) => {
                Rect::from_min_max(pos2(b.min.0, b.min.1), pos2(b.max.0, b.max.1)).expand(30.0)
            }
            None => Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0)),
        };
    }

    pub fn show(&mut self, ui: &mut Ui, doc: &mut Document) {
        let Some(di) = doc.model.diagrams.iter().position(|d| d.id == self.diagram) else {
            match doc.model.diagrams.first() {
                Some(d) => self.show_diagram(d.id.clone()),
                None => {
                    ui.centered_and_justified(|ui| ui.label("This model has no diagram."));
                }
            }
            return;
        };
        self.refresh(doc, &doc.model.diagrams[di]);
        if self.fit_pending {
            self.fit(&doc.model.diagrams[di]);
        }
        let pal = Palette::for_theme(ui.visuals().dark_mode);
        let screen_rect = ui.available_rect_before_wrap();
        if screen_rect != self.screen_rect && self.screen_rect.is_positive() && !self.fit_pending {
            // A panel was resized, or the window: the view grows or shrinks at its edges and
            // the diagram stays where it was on the screen (Scene would rescale it to fit).
            self.scene_rect = self.to_global.inverse() * screen_rect;
        }
        self.screen_rect = screen_rect;
        ui.painter()
            .rect_filled(self.screen_rect, CornerRadius::ZERO, pal.background);
        let mut scene_rect = self.scene_rect;
        let hover_screen = ui.input(|i| i.pointer.hover_pos());
        let response = Scene::new()
            .zoom_range(0.05..=4.0)
            .drag_pan_buttons(DragPanButtons::MIDDLE)
            .scroll_zooms(false)
            .sense(Sense::click_and_drag())
            .show(ui, &mut scene_rect, |ui| {
                self.to_global = ui
                    .ctx()
                    .layer_transform_to_global(ui.layer_id())
                    .unwrap_or_default();
                let hover = hover_screen.map(|p| self.to_global.inverse() * p);
                self.paint(ui, &doc.model.diagrams[di], &pal, hover);
            })
            .response;
        self.scene_rect = scene_rect;
        response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Diagram canvas"));
        self.interact(ui, &response, doc, di);
        self.rename_overlay(ui, doc, di);
    }

    fn paint(&mut self, ui: &Ui, d: &Diagram, pal: &Palette, hover: Option<Pos2>) {
        let painter = ui.painter();
        let visible = ui.clip_rect();
        let ts = TextScale { zoom: self.zoom() };
        if self.show_grid {
            self.paint_grid(painter, visible, pal);
        }
        let margin = 40.0 / ts.zoom.max(0.05);
        let view = visible.expand(margin);
        for b in &d.boundaries {
            if paint::rect_of(b.pos, b.size).intersects(view) {
                paint::boundary(painter, b, self.selection.contains(&b.id), pal, ts);
            }
        }
        self.label_rects.clear();
        for (f, route) in d.flows.iter().zip(&self.cache.routes) {
            let Some(route) = route else { continue };
            let bbox = Rect::from_points(
                &route
                    .points
                    .iter()
                    .map(|&q| paint::p(q))
                    .collect::<Vec<_>>(),
            );
            if !bbox.intersects(view) {
                continue;
            }
            let open = self.cache.open_threats.get(&f.id).copied().unwrap_or(0);
            if let Some(r) = paint::flow(
                painter,
                f,
                route,
                self.selection.contains(&f.id),
                open,
                pal,
                ts,
            ) {
                self.label_rects.push((f.id.clone(), r));
            }
        }
        for e in &d.elements {
            if !paint::rect_of(e.pos, e.size).intersects(view) {
                continue;
            }
            let open = self.cache.open_threats.get(&e.id).copied().unwrap_or(0);
            paint::element(painter, e, self.selection.contains(&e.id), open, pal, ts);
        }
        self.paint_overlays(painter, d, pal, hover);
    }

    fn paint_grid(&self, painter: &egui::Painter, visible: Rect, pal: &Palette) {
        let mut step = GRID;
        while step * self.zoom() < 8.0 {
            step *= 5.0;
        }
        let stroke = Stroke::new(1.0 / self.zoom(), pal.grid);
        let mut x = (visible.left() / step).floor() * step;
        while x <= visible.right() {
            painter.line_segment([pos2(x, visible.top()), pos2(x, visible.bottom())], stroke);
            x += step;
        }
        let mut y = (visible.top() / step).floor() * step;
        while y <= visible.bottom() {
            painter.line_segment([pos2(visible.left(), y), pos2(visible.right(), y)], stroke);
            y += step;
        }
    }

    fn handle_radius(&self) -> f32 {
        6.0 / self.zoom().max(0.05)
    }

    fn connect_handles(e: &crate::model::Element) -> [Pos2; 4] {
        let r = paint::rect_of(e.pos, e.size);
        [
            r.center_top(),
            r.right_center(),
            r.center_bottom(),
            r.left_center(),
        ]
    }

    /// The one selected shape, if exactly one is selected.
    fn single_selection(&self) -> Option<&Id> {
        (self.selection.len() == 1)
            .then(|| self.selection.iter().next())
            .flatten()
    }

    fn resize_handle(&self, d: &Diagram) -> Option<(Id, Pos2)> {
        let id = self.single_selection()?;
        let (pos, size) = d
            .element(id)
            .map(|e| (e.pos, e.size))
            .or_else(|| d.boundary(id).map(|b| (b.pos, b.size)))?;
        Some((id.clone(), pos2(pos.0 + size.0, pos.1 + size.1)))
    }

    fn flow_end_handles(&self, d: &Diagram) -> Option<(Id, Pos2, Pos2)> {
        let id = self.single_selection()?;
        let index = d.flows.iter().position(|f| &f.id == id)?;
        let route = self.cache.routes.get(index)?.as_ref()?;
        Some((
            id.clone(),
            paint::p(route.points[0]),
            paint::p(*route.points.last()?),
        ))
    }

    fn paint_overlays(
        &self,
        painter: &egui::Painter,
        d: &Diagram,
        pal: &Palette,
        hover: Option<Pos2>,
    ) {
        let r = self.handle_radius();
        let stroke = Stroke::new(1.5 / self.zoom().max(0.05), pal.selection);
        if self.drag.is_none()
            && let Some(h) = hover
            && let Some(e) = diagram::element_at(d, (h.x, h.y)).or_else(|| {
                d.elements.iter().rev().find(|e| {
                    Self::connect_handles(e)
                        .iter()
                        .any(|c| c.distance(h) <= r * 1.5)
                })
            })
        {
            for c in Self::connect_handles(e) {
                painter.circle(c, r * 0.8, pal.background, stroke);
            }
        }
        if let Some((_, corner)) = self.resize_handle(d) {
            painter.rect(
                Rect::from_center_size(corner, Vec2::splat(r * 1.6)),
                CornerRadius::ZERO,
                pal.background,
                stroke,
                StrokeKind::Middle,
            );
        }
        if let Some((_, a, b)) = self.flow_end_handles(d) {
            painter.circle(a, r, pal.background, stroke);
            painter.circle(b, r, pal.selection, stroke);
        }
        match &self.drag {
            Some(Drag::RubberBand { origin, to, .. }) => {
                let rect = Rect::from_two_pos(*origin, *to);
                painter.rect(
                    rect,
                    CornerRadius::ZERO,
                    pal.selection.gamma_multiply(0.12),
                    stroke,
                    StrokeKind::Middle,
                );
            }
            Some(Drag::Connect { from, to }) => {
                if let Some(e) = d.element(from) {
                    let start = paint::rect_of(e.pos, e.size).center();
                    painter.extend(egui::Shape::dashed_line(&[start, *to], stroke, 8.0, 5.0));
                    painter.circle_filled(*to, r * 0.7, pal.selection);
                }
            }
            Some(Drag::Reconnect { to, .. }) => {
                painter.circle_filled(*to, r * 0.7, pal.selection);
            }
            _ => {}
        }
    }

    /// What a click at `p` selects: an element, else a flow (line or label), else a boundary's
    /// outline or name.
    pub fn hit(&self, d: &Diagram, p: Pos2) -> Option<Id> {
        let q = (p.x, p.y);
        if let Some(e) = diagram::element_at(d, q) {
            return Some(e.id.clone());
        }
        if let Some((id, _)) = self.label_rects.iter().rev().find(|(_, r)| r.contains(p)) {
            return Some(id.clone());
        }
        let tolerance = 6.0 / self.zoom().max(0.05);
        let near = self
            .cache
            .routes
            .iter()
            .flatten()
            .map(|r| (r, diagram::distance_to_polyline(&r.points, q)))
            .filter(|(_, dist)| *dist <= tolerance)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((route, _)) = near {
            return Some(route.id.clone());
        }
        let ts = TextScale { zoom: self.zoom() };
        diagram::boundary_at(d, q, tolerance, paint::boundary_tab(ts)).map(|b| b.id.clone())
    }

    fn interact(&mut self, ui: &Ui, response: &egui::Response, doc: &mut Document, di: usize) {
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
        // Positions from `response` are in diagram units (it lives in the Scene's layer); the
        // pointer state is in screen points. Use the latter everywhere, mapped once.
        let pointer = ui.input(|i| i.pointer.interact_pos());
        if response.clicked()
            && let Some(pos) = pointer
        {
            let hit = self.hit(&doc.model.diagrams[di], self.to_scene(pos));
            match (hit, additive) {
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
        if response.double_clicked()
            && let Some(pos) = pointer
            && let Some(id) = self.hit(&doc.model.diagrams[di], self.to_scene(pos))
        {
            self.start_rename(doc, di, id);
        }
    }

    pub fn start_rename(&mut self, doc: &Document, di: usize, id: Id) {
        let d = &doc.model.diagrams[di];
        let text = d
            .element(&id)
            .map(|e| e.name.clone())
            .or_else(|| d.flow(&id).map(|f| f.label.clone()))
            .or_else(|| d.boundary(&id).map(|b| b.name.clone()));
        if let Some(text) = text {
            self.selection = BTreeSet::from([id.clone()]);
            self.renaming = Some(Renaming {
                id,
                text,
                focused: false,
            });
        }
    }

    fn begin_drag(
        &mut self,
        doc: &Document,
        di: usize,
        origin: Pos2,
        additive: bool,
        with_members: bool,
        space: bool,
    ) -> Drag {
        let d = &doc.model.diagrams[di];
        if space {
            return Drag::Pan;
        }
        let r = self.handle_radius() * 1.5;
        if let Some((id, corner)) = self.resize_handle(d)
            && corner.distance(origin) <= r
        {
            let before = d
                .element(&id)
                .cloned()
                .map(Shape::Element)
                .or_else(|| d.boundary(&id).cloned().map(Shape::Boundary));
            if let Some(before) = before {
                return Drag::Resize { id, origin, before };
            }
        }
        if let Some((flow, a, b)) = self.flow_end_handles(d) {
            if a.distance(origin) <= r {
                return Drag::Reconnect {
                    flow,
                    source_end: true,
                    to: origin,
                };
            }
            if b.distance(origin) <= r {
                return Drag::Reconnect {
                    flow,
                    source_end: false,
                    to: origin,
                };
            }
        }
        if let Some(e) = d.elements.iter().rev().find(|e| {
            Self::connect_handles(e)
                .iter()
                .any(|c| c.distance(origin) <= r)
        }) {
            return Drag::Connect {
                from: e.id.clone(),
                to: origin,
            };
        }
        let q = (origin.x, origin.y);
        let ts = TextScale { zoom: self.zoom() };
        let tolerance = 6.0 / self.zoom().max(0.05);
        let grabbed = diagram::element_at(d, q).map(|e| e.id.clone()).or_else(|| {
            diagram::boundary_at(d, q, tolerance, paint::boundary_tab(ts)).map(|b| b.id.clone())
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
        let zoom = self.zoom().max(0.05);
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
                doc.touched();
            }
            Some(Drag::Resize { id, origin, before }) => {
                let delta = at - *origin;
                let d = &mut doc.model.diagrams[di];
                let (start, min) = match before {
                    Shape::Element(e) => (e.size, MIN_ELEMENT),
                    Shape::Boundary(b) => (b.size, MIN_BOUNDARY),
                };
                let size = (
                    snap_to(start.0 + delta.x, snap).max(min.x),
                    snap_to(start.1 + delta.y, snap).max(min.y),
                );
                if let Some(e) = d.elements.iter_mut().find(|e| &e.id == id) {
                    e.size = size;
                } else if let Some(b) = d.boundaries.iter_mut().find(|b| &b.id == id) {
                    b.size = size;
                }
                doc.touched();
            }
            Some(Drag::Connect { to, .. })
            | Some(Drag::Reconnect { to, .. })
            | Some(Drag::RubberBand { to, .. }) => *to = at,
            Some(Drag::Pan) => {
                self.scene_rect = self.scene_rect.translate(-screen_delta / zoom);
            }
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
                            crate::model::Change {
                                index: i,
                                before: Some(b),
                                after: Some(d.elements[i].clone()),
                            },
                        )
                    }),
                    Shape::Boundary(b) => d.boundaries.iter().position(|x| x.id == b.id).map(|i| {
                        Edit::Boundary(
                            diagram_id.clone(),
                            crate::model::Change {
                                index: i,
                                before: Some(b),
                                after: Some(d.boundaries[i].clone()),
                            },
                        )
                    }),
                };
                if let Some(edit) = edit {
                    doc.record(edit);
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

    fn rename_overlay(&mut self, ui: &Ui, doc: &mut Document, di: usize) {
        let Some(renaming) = &mut self.renaming else {
            return;
        };
        let d = &doc.model.diagrams[di];
        let anchor = d
            .element(&renaming.id)
            .map(|e| paint::rect_of(e.pos, e.size))
            .or_else(|| {
                d.boundary(&renaming.id)
                    .map(|b| paint::rect_of(b.pos, (200.0, 30.0)))
            })
            .or_else(|| {
                self.label_rects
                    .iter()
                    .find(|(id, _)| id == &renaming.id)
                    .map(|(_, r)| *r)
            });
        let Some(anchor) = anchor else {
            self.renaming = None;
            return;
        };
        let screen = self.to_global * anchor;
        let mut commit = false;
        let mut cancel = false;
        egui::Area::new(ui.scope_id().with("rename-in-place"))
            .fixed_pos(pos2(screen.left(), screen.center().y - 12.0))
            .order(egui::Order::Foreground)
            .show(ui.ctx(), |ui| {
                let edit = egui::TextEdit::singleline(&mut renaming.text)
                    .desired_width(screen.width().max(140.0));
                let r = ui.add(edit);
                r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Rename"));
                if !renaming.focused {
                    // The old name starts selected: typing replaces it, arrows keep it.
                    r.request_focus();
                    super::text::select_all(ui, r.id, &renaming.text);
                    renaming.focused = true;
                }
                if ui.input(|i| i.key_pressed(Key::Escape)) {
                    cancel = true;
                } else if r.lost_focus() {
                    commit = true;
                }
            });
        if cancel {
            self.renaming = None;
        } else if commit {
            let Some(Renaming { id, text, .. }) = self.renaming.take() else {
                return;
            };
            let diagram_id = d.id.clone();
            let edit = ops::update_element(&doc.model, &diagram_id, &id, |e| e.name = text.clone())
                .or_else(|| {
                    ops::update_flow(&doc.model, &diagram_id, &id, |f| f.label = text.clone())
                })
                .or_else(|| {
                    ops::update_boundary(&doc.model, &diagram_id, &id, |b| b.name = text.clone())
                });
            if let Some(edit) = edit {
                doc.apply(edit);
            }
        }
    }

    /// The colour used for the canvas background, for panels that sit on it.
    pub fn background(dark: bool) -> Color32 {
        Palette::for_theme(dark).background
    }
}
