//! The diagram canvas: the view (pan, zoom around the pointer, fit, zoom to selection, minimap),
//! painting the diagram's scene, and every pointer gesture (see `gestures`).
//!
//! The diagram is placed (flow routes, labels, name tabs) and turned into a scene of shapes,
//! lines and text once per model revision — the same scene SVG, PNG and the PDF draw — and that
//! scene is painted every frame, culled to the view, with selection and handles on top.

mod gestures;
mod overlay;
mod rename;

use super::document::Document;
use super::paint;
use crate::diagram::scene::Theme;
use crate::diagram::{Live, Placement, Point};
use crate::model::{Diagram, Id, Touched, geometry::diagram_bounds};
use egui::emath::TSTransform;
use egui::{Color32, CornerRadius, Pos2, Rect, Sense, Ui, Vec2, pos2, vec2};
use std::collections::BTreeSet;

pub use gestures::{CONNECT_OFFSET_PX, connect_handles_at};
pub use rename::Renaming;

/// Grid spacing in diagram units.
pub const GRID: f32 = 20.0;
/// The zoom range, and one wheel notch (Ctrl + wheel): about 10%.
const MIN_ZOOM: f32 = 0.01;
const MAX_ZOOM: f32 = 4.0;
const NOTCH: f32 = 1.1;
/// Element names are 13 units high: a diagram opens no smaller than this zoom, where they are
/// at least 11 pixels, even if it then does not fit (the minimap shows the rest).
pub const READABLE_ZOOM: f32 = 11.0 / 13.0;

pub struct Canvas {
    /// The diagram shown (a tab).
    pub diagram: Id,
    pub selection: BTreeSet<Id>,
    /// A bend point picked on the selected flow (Delete removes it): the flow and its index.
    pub bend: Option<(Id, usize)>,
    /// The part of the diagram in view, in diagram units; kept between frames.
    pub scene_rect: Rect,
    /// Diagram units to screen points, as of the last frame.
    pub to_global: TSTransform,
    pub show_grid: bool,
    pub snap: bool,
    pub show_minimap: bool,
    /// A renaming in progress (double-click on a shape).
    pub renaming: Option<Renaming>,
    fit_pending: Option<Fit>,
    drag: Option<gestures::Drag>,
    cache: Cache,
    screen_rect: Rect,
    /// A short note for the status bar about what the last gesture did.
    pub note: Option<String>,
    /// Differences from another version of the model to mark (File > Compare with…).
    pub marks: Option<crate::ui::compare::Marks>,
}

/// How a pending fit frames the diagram.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fit {
    /// On opening: the whole diagram if it fits at a readable zoom, else readable and the
    /// top-left part.
    Readable,
    /// Zoom to fit: the whole diagram, however small.
    Whole,
}

/// What is derived from the model once per revision and reused every frame.
#[derive(Default)]
struct Cache {
    revision: u64,
    diagram: Id,
    dark: bool,
    /// The diagram placed and drawn, following edits.
    live: Option<Live>,
    /// The scene's shapes tessellated once for a zoom, reused while the whole diagram is in
    /// view (a zoomed-out frame of thousands of flows is mostly tessellation).
    mesh: paint::MeshCache,
}

impl Cache {
    fn placement(&self) -> &Placement {
        static NOTHING: std::sync::LazyLock<Placement> =
            std::sync::LazyLock::new(Placement::default);
        self.live.as_ref().map_or(&NOTHING, |l| &l.placement)
    }
}

impl Default for Canvas {
    fn default() -> Self {
        Canvas {
            diagram: Id::from("DFD1"),
            selection: BTreeSet::new(),
            bend: None,
            scene_rect: Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0)),
            to_global: TSTransform::IDENTITY,
            show_grid: false,
            snap: false,
            show_minimap: true,
            renaming: None,
            fit_pending: Some(Fit::Readable),
            drag: None,
            cache: Cache::default(),
            screen_rect: Rect::NOTHING,
            note: None,
            marks: None,
        }
    }
}

fn snap_to(v: f32, on: bool) -> f32 {
    if on { (v / GRID).round() * GRID } else { v }
}

impl Canvas {
    /// Shows a diagram (from the start of a document, or a new tab), framed readably.
    pub fn show_diagram(&mut self, id: Id) {
        self.diagram = id;
        self.selection.clear();
        self.bend = None;
        self.renaming = None;
        self.drag = None;
        self.fit_pending = Some(Fit::Readable);
    }

    /// Zoom to fit: the whole diagram in view.
    pub fn request_fit(&mut self) {
        self.fit_pending = Some(Fit::Whole);
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
        let c = self.screen_rect.center();
        self.zoom_around(factor, c);
    }

    /// Zooms by `factor` keeping the diagram point under `screen` where it is.
    pub fn zoom_around(&mut self, factor: f32, screen: Pos2) {
        let zoom = self.zoom().max(1e-6);
        let target = (zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let factor = target / zoom;
        if !factor.is_finite() || (factor - 1.0).abs() < 1e-6 {
            return;
        }
        let q = self.to_scene(screen);
        let r = self.scene_rect;
        self.scene_rect = Rect::from_min_max(q + (r.min - q) / factor, q + (r.max - q) / factor);
        self.update_transform();
    }

    /// Frames the selected shapes (or the whole diagram when nothing is selected).
    pub fn zoom_to_selection(&mut self, d: &Diagram) {
        let mut r = Rect::NOTHING;
        for e in d.elements.iter().filter(|e| self.selection.contains(&e.id)) {
            r = r.union(paint::rect_of(e.pos, e.size));
        }
        for b in d
            .boundaries
            .iter()
            .filter(|b| self.selection.contains(&b.id))
        {
            r = r.union(paint::rect_of(b.pos, b.size));
        }
        let routes_known = self.cache.diagram == d.id;
        for (i, f) in d.flows.iter().enumerate() {
            if !self.selection.contains(&f.id) {
                continue;
            }
            match self.cache.placement().routes.get(i) {
                Some(Some(route)) if routes_known => {
                    for q in &route.points {
                        r.extend_with(paint::p(*q));
                    }
                }
                // Another diagram's routes are not placed yet: frame the flow's two ends.
                _ => {
                    for e in [d.element(&f.from), d.element(&f.to)].into_iter().flatten() {
                        r = r.union(paint::rect_of(e.pos, e.size));
                    }
                }
            }
        }
        if !r.is_positive() && !r.is_finite() {
            self.request_fit();
            return;
        }
        // A single small shape is shown large, not at 400%. This framing wins over a fit still
        // pending from showing the diagram.
        self.fit_pending = None;
        self.frame(r.expand(40.0), 1.5, false);
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

    /// The current placement of the shown diagram (routes, labels, name tabs).
    pub fn placement(&self) -> &Placement {
        self.cache.placement()
    }

    fn refresh(&mut self, doc: &Document, d: &Diagram, dark: bool) {
        let same_view = self.cache.diagram == d.id && self.cache.dark == dark;
        if self.cache.revision == doc.revision && same_view && self.cache.live.is_some() {
            return;
        }
        // Only what the edits since the last frame touched is placed and drawn again, when
        // they changed things in place; anything else makes the whole drawing anew.
        let updated = same_view
            && match (doc.touched_since(self.cache.revision), &mut self.cache.live) {
                (Touched::Nothing, Some(_)) => true,
                (Touched::Ids(ids), Some(live)) => live.update(&doc.model, d, &ids),
                _ => false,
            };
        if !updated {
            let theme = if dark { Theme::DARK } else { Theme::PRINT };
            self.cache = Cache {
                revision: doc.revision,
                diagram: d.id.clone(),
                dark,
                live: Some(Live::new(&doc.model, d, theme)),
                mesh: paint::MeshCache::default(),
            };
        }
        self.cache.revision = doc.revision;
        // Forget selected ids that no longer exist (after undo, delete, or another diagram).
        self.selection.retain(|id| {
            d.element(id).is_some() || d.flow(id).is_some() || d.boundary(id).is_some()
        });
        if let Some((flow, i)) = &self.bend
            && d.flow(flow).is_none_or(|f| *i >= f.waypoints.len())
        {
            self.bend = None;
        }
    }

    /// Shows a place of the diagram (diagram units), at no more than 150%: where something
    /// removed was, for instance.
    pub fn look_at(&mut self, min: Point, max: Point) {
        self.fit_pending = None;
        let r = Rect::from_min_max(p2(min), p2(max));
        self.frame(r.expand(60.0), 1.5, false);
    }

    /// Sets the view so `r` (diagram units) fills the canvas, at no more than `max_zoom` and,
    /// when `readable`, no less than [`READABLE_ZOOM`] (then aligned at its top-left corner).
    fn frame(&mut self, r: Rect, max_zoom: f32, readable: bool) {
        let screen = self.screen_rect;
        if !screen.is_positive() || !r.is_positive() {
            return;
        }
        let mut zoom = (screen.width() / r.width())
            .min(screen.height() / r.height())
            .clamp(MIN_ZOOM, max_zoom);
        if readable {
            zoom = zoom.max(READABLE_ZOOM);
        }
        let size = screen.size() / zoom;
        let mut min = r.center() - size / 2.0;
        if size.x < r.width() {
            min.x = r.min.x;
        }
        if size.y < r.height() {
            min.y = r.min.y;
        }
        self.scene_rect = Rect::from_min_size(min, size);
        self.update_transform();
    }

    fn fit(&mut self, d: &Diagram, how: Fit) {
        let r = match diagram_bounds(d) {
            Some(b) => {
                // Flow labels placed away from their line count too.
                let labels = self.cache.placement().labels.iter().flatten();
                let b = labels.fold(b, |b, l| b.union(&l.rect()));
                Rect::from_min_max(p2(b.min), p2(b.max)).expand(30.0)
            }
            None => Rect::from_min_size(Pos2::ZERO, self.screen_rect.size()),
        };
        self.frame(r, 1.5, how == Fit::Readable);
    }

    /// Diagram units to screen points from the view rectangle: the whole of `scene_rect` in
    /// view, centred (as `egui::Scene` does), and `scene_rect` then made to match the screen.
    fn update_transform(&mut self) {
        let screen = self.screen_rect;
        let r = self.scene_rect;
        if !screen.is_positive() || !r.is_positive() || !r.is_finite() {
            return;
        }
        let zoom = (screen.width() / r.width())
            .min(screen.height() / r.height())
            .clamp(MIN_ZOOM, MAX_ZOOM);
        let translation = screen.center().to_vec2() - r.center().to_vec2() * zoom;
        self.to_global = TSTransform::new(translation, zoom);
        self.scene_rect = self.to_global.inverse() * screen;
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
        let dark = ui.visuals().dark_mode;
        self.refresh(doc, &doc.model.diagrams[di], dark);
        let screen_rect = ui.available_rect_before_wrap();
        if screen_rect != self.screen_rect && self.screen_rect.is_positive() {
            // A panel was resized, or the window: the view grows or shrinks at its edges and
            // the diagram stays where it was on the screen.
            self.scene_rect = self.to_global.inverse() * screen_rect;
        }
        self.screen_rect = screen_rect;
        self.update_transform();
        if let Some(how) = self.fit_pending.take() {
            self.fit(&doc.model.diagrams[di], how);
        }
        // The panels' resize edges reach a few points into the canvas: the canvas leaves them
        // that strip, or it would take every drag meant for a panel's edge.
        let grab = ui.style().interaction.resize_grab_radius_side + 1.0;
        let response = ui.interact(
            screen_rect.shrink(grab),
            ui.scope_id().with("diagram-canvas"),
            Sense::click_and_drag(),
        );
        ui.advance_cursor_after_rect(screen_rect);
        response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Diagram canvas"));
        let minimap = self.minimap_response(ui, &doc.model.diagrams[di]);
        self.navigate(ui, &response);
        self.interact(ui, &response, doc, di);
        // Painted after the gestures of this frame, so a drag shows where it is now.
        self.refresh(doc, &doc.model.diagrams[di], dark);
        let painter = ui.painter_at(screen_rect);
        let theme = if dark { Theme::DARK } else { Theme::PRINT };
        painter.rect_filled(
            screen_rect,
            CornerRadius::ZERO,
            paint::color(theme.background),
        );
        let view = self.scene_rect.expand(20.0 / self.zoom().max(MIN_ZOOM));
        if self.show_grid {
            self.paint_grid(&painter, view, dark);
        }
        if let Some(drawn) = &self.cache.live {
            paint::scene(&painter, drawn, self.to_global, view, &mut self.cache.mesh);
        }
        let hover = ui
            .input(|i| i.pointer.hover_pos())
            .map(|p| self.to_scene(p));
        self.paint_differences(&painter, &doc.model.diagrams[di]);
        self.paint_overlays(&painter, &doc.model.diagrams[di], dark, hover);
        if let Some(m) = minimap {
            self.paint_minimap(&painter, &doc.model.diagrams[di], &m, dark);
        }
        self.rename_overlay(ui, doc, di);
    }

    /// Wheel and trackpad: scroll pans; Ctrl + wheel zooms about 10% per notch around the
    /// pointer; a pinch zooms; the middle button (or Space + drag, see `gestures`) pans.
    fn navigate(&mut self, ui: &Ui, response: &egui::Response) {
        if response.dragged_by(egui::PointerButton::Middle) {
            let delta = response.drag_delta();
            self.pan_by(delta);
        }
        if !response.contains_pointer() {
            return;
        }
        let pointer = ui
            .input(|i| i.pointer.hover_pos())
            .unwrap_or(self.screen_rect.center());
        let (scroll, notches, pinch) = ui.input(|i| {
            let mut notches = 0.0;
            let mut pinch = 1.0;
            for e in &i.events {
                match e {
                    egui::Event::MouseWheel {
                        unit,
                        delta,
                        modifiers,
                        ..
                    } if modifiers.command || modifiers.ctrl => {
                        notches += match unit {
                            egui::MouseWheelUnit::Line | egui::MouseWheelUnit::Page => delta.y,
                            egui::MouseWheelUnit::Point => delta.y / 50.0,
                        };
                    }
                    egui::Event::Zoom(f) => pinch *= f,
                    _ => {}
                }
            }
            (i.smooth_scroll_delta, notches, pinch)
        });
        if scroll != Vec2::ZERO {
            self.pan_by(scroll);
        }
        let factor = NOTCH.powf(notches) * pinch;
        if factor.is_finite() && (factor - 1.0).abs() > 1e-4 {
            self.zoom_around(factor, pointer);
        }
    }

    fn pan_by(&mut self, screen_delta: Vec2) {
        self.scene_rect = self
            .scene_rect
            .translate(-screen_delta / self.zoom().max(MIN_ZOOM));
        self.update_transform();
    }

    fn paint_grid(&self, painter: &egui::Painter, view: Rect, dark: bool) {
        let mut step = GRID;
        while step * self.zoom() < 8.0 {
            step *= 5.0;
        }
        let color = if dark {
            Color32::from_rgb(44, 47, 53)
        } else {
            Color32::from_rgb(232, 232, 228)
        };
        let stroke = egui::Stroke::new(1.0, color);
        let mut x = (view.left() / step).floor() * step;
        while x <= view.right() {
            let a = self.to_global * pos2(x, view.top());
            let b = self.to_global * pos2(x, view.bottom());
            painter.line_segment([a, b], stroke);
            x += step;
        }
        let mut y = (view.top() / step).floor() * step;
        while y <= view.bottom() {
            let a = self.to_global * pos2(view.left(), y);
            let b = self.to_global * pos2(view.right(), y);
            painter.line_segment([a, b], stroke);
            y += step;
        }
    }

    /// The colour used for the canvas background, for panels that sit on it.
    pub fn background(dark: bool) -> Color32 {
        paint::color(if dark { Theme::DARK } else { Theme::PRINT }.background)
    }
}

fn p2(point: Point) -> Pos2 {
    pos2(point.0, point.1)
}
