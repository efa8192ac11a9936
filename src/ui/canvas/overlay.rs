//! What the canvas draws over the diagram and never prints: selection, resize handles, bend
//! handles, connect handles, the gesture in progress, and the minimap.

use super::gestures::{Drag, Handle};
use super::{Canvas, p2};
use crate::diagram;
use crate::model::Diagram;
use crate::model::geometry::diagram_bounds;
use crate::ui::paint;
use egui::{Color32, CornerRadius, Painter, Pos2, Rect, Stroke, StrokeKind, Ui, Vec2, vec2};

fn selection_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(90, 160, 255)
    } else {
        Color32::from_rgb(30, 110, 230)
    }
}

fn handle_fill(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(30, 32, 36)
    } else {
        Color32::WHITE
    }
}

/// The minimap's place on the screen and the transform from diagram units into it.
pub(super) struct Minimap {
    rect: Rect,
    world: Rect,
    scale: f32,
}

impl Minimap {
    fn to_map(&self, q: Pos2) -> Pos2 {
        self.rect.min + (q - self.world.min) * self.scale
    }

    fn to_world(&self, m: Pos2) -> Pos2 {
        self.world.min + (m - self.rect.min) / self.scale
    }
}

const MINIMAP_MAX: Vec2 = vec2(150.0, 100.0);

impl Canvas {
    /// The differences from another version (File > Compare with…): added items outlined
    /// green, changed ones amber, removed ones ghosted red where they were.
    pub(super) fn paint_differences(&self, painter: &Painter, d: &Diagram) {
        use crate::ui::compare::{ADDED, CHANGED, REMOVED};
        let Some(marks) = &self.marks else { return };
        let colour = |id: &crate::model::Id| {
            if marks.added.contains(id) {
                Some(ADDED)
            } else if marks.changed.contains(id) {
                Some(CHANGED)
            } else {
                None
            }
        };
        let on_screen = |r: crate::model::geometry::Rect| {
            self.to_global * Rect::from_min_max(p2(r.min), p2(r.max))
        };
        for e in &d.elements {
            if let Some(c) = colour(&e.id) {
                painter.rect_stroke(
                    on_screen(e.rect()).expand(7.0),
                    CornerRadius::same(6),
                    Stroke::new(3.0, c),
                    StrokeKind::Outside,
                );
            }
        }
        for b in &d.boundaries {
            if let Some(c) = colour(&b.id) {
                painter.rect_stroke(
                    on_screen(b.rect()).expand(5.0),
                    CornerRadius::same(6),
                    Stroke::new(3.0, c),
                    StrokeKind::Outside,
                );
            }
        }
        for (f, route) in d.flows.iter().zip(&self.cache.placement().routes) {
            if let (Some(c), Some(route)) = (colour(&f.id), route) {
                let pts: Vec<Pos2> = route
                    .points
                    .iter()
                    .map(|q| self.to_global * p2(*q))
                    .collect();
                painter.add(egui::Shape::line(
                    pts,
                    Stroke::new(5.0, c.gamma_multiply(0.7)),
                ));
            }
        }
        let ghost = REMOVED.gamma_multiply(0.8);
        for (r, name) in &marks.removed_shapes {
            let r = on_screen(*r);
            painter.extend(egui::Shape::dashed_line(
                &[
                    r.left_top(),
                    r.right_top(),
                    r.right_bottom(),
                    r.left_bottom(),
                    r.left_top(),
                ],
                Stroke::new(2.0, ghost),
                8.0,
                5.0,
            ));
            painter.text(
                r.center(),
                egui::Align2::CENTER_CENTER,
                name,
                egui::FontId::proportional(12.0),
                ghost,
            );
        }
        for line in &marks.removed_flows {
            let pts: Vec<Pos2> = line.iter().map(|q| self.to_global * p2(*q)).collect();
            painter.extend(egui::Shape::dashed_line(
                &pts,
                Stroke::new(2.0, ghost),
                8.0,
                5.0,
            ));
        }
    }

    pub(super) fn paint_overlays(
        &self,
        painter: &Painter,
        d: &Diagram,
        dark: bool,
        hover: Option<Pos2>,
    ) {
        let sel = selection_color(dark);
        let fill = handle_fill(dark);
        let to_screen = |q: Pos2| self.to_global * q;
        let rect_on_screen = |pos, size| self.to_global * paint::rect_of(pos, size);
        let thin = Stroke::new(1.5, sel);
        let thick = Stroke::new(2.5, sel);
        for e in d.elements.iter().filter(|e| self.selection.contains(&e.id)) {
            painter.rect_stroke(
                rect_on_screen(e.pos, e.size).expand(4.0),
                CornerRadius::same(4),
                thick,
                StrokeKind::Outside,
            );
        }
        for b in d
            .boundaries
            .iter()
            .filter(|b| self.selection.contains(&b.id))
        {
            painter.rect_stroke(
                rect_on_screen(b.pos, b.size).expand(3.0),
                CornerRadius::same(6),
                thick,
                StrokeKind::Outside,
            );
        }
        for (f, route) in d.flows.iter().zip(&self.cache.placement().routes) {
            if let Some(route) = route
                && self.selection.contains(&f.id)
            {
                let pts: Vec<Pos2> = route.points.iter().map(|&q| to_screen(p2(q))).collect();
                painter.add(egui::Shape::line(pts, thick));
            }
        }
        let r = 6.0;
        if self.drag.is_none()
            && let Some(h) = hover
            && let Some(e) = diagram::element_at(d, (h.x, h.y)).or_else(|| {
                // Near the shape too, so the handles stay while the pointer goes out to one.
                let around = (super::gestures::CONNECT_OFFSET_PX + 9.0) / self.zoom().max(0.05);
                d.elements
                    .iter()
                    .rev()
                    .find(|e| paint::rect_of(e.pos, e.size).expand(around).contains(h))
            })
        {
            for c in self.connect_handles(e) {
                painter.circle(to_screen(c), r * 0.8, fill, thin);
            }
        }
        if let Some((_, rect)) = self.resizable(d) {
            let rect = self.to_global * rect;
            for h in Handle::ALL {
                painter.rect(
                    Rect::from_center_size(h.at(rect), Vec2::splat(r * 1.6)),
                    CornerRadius::ZERO,
                    fill,
                    thin,
                    StrokeKind::Middle,
                );
            }
        }
        if let Some((id, _, points)) = self.selected_route(d) {
            let pts: Vec<Pos2> = points.iter().map(|&q| to_screen(q)).collect();
            let n = pts.len();
            painter.circle(pts[0], r, fill, thin);
            painter.circle(pts[n - 1], r, sel, thin);
            // Bends as squares (the picked one filled), and a faint dot in the middle of each
            // segment where dragging adds one.
            for (w, q) in self.selected_bends(d) {
                let picked = self.bend.as_ref() == Some(&(id.clone(), w));
                painter.rect(
                    Rect::from_center_size(to_screen(q), Vec2::splat(r * 1.7)),
                    CornerRadius::same(2),
                    if picked { sel } else { fill },
                    thin,
                    StrokeKind::Middle,
                );
            }
            for w in pts.windows(2) {
                let mid = w[0] + (w[1] - w[0]) / 2.0;
                if w[0].distance(w[1]) > 4.0 * r {
                    painter.circle(
                        mid,
                        r * 0.6,
                        fill,
                        Stroke::new(1.0, sel.gamma_multiply(0.7)),
                    );
                }
            }
        }
        match &self.drag {
            Some(Drag::RubberBand { origin, to, .. }) => {
                let rect = Rect::from_two_pos(to_screen(*origin), to_screen(*to));
                painter.rect(
                    rect,
                    CornerRadius::ZERO,
                    sel.gamma_multiply(0.12),
                    thin,
                    StrokeKind::Middle,
                );
            }
            Some(Drag::Connect { from, to }) => {
                if let Some(e) = d.element(from) {
                    let start = to_screen(paint::rect_of(e.pos, e.size).center());
                    let end = to_screen(*to);
                    painter.extend(egui::Shape::dashed_line(&[start, end], thin, 8.0, 5.0));
                    painter.circle_filled(end, r * 0.7, sel);
                }
            }
            Some(Drag::Reconnect { to, .. }) => {
                painter.circle_filled(to_screen(*to), r * 0.7, sel);
            }
            _ => {}
        }
    }

    /// Where the minimap goes, when the diagram reaches beyond the view; and a click or drag in
    /// it centres the view there.
    pub(super) fn minimap_response(&mut self, ui: &Ui, d: &Diagram) -> Option<Minimap> {
        if !self.show_minimap {
            return None;
        }
        let bounds = diagram_bounds(d)?;
        let world = Rect::from_min_max(p2(bounds.min), p2(bounds.max)).expand(20.0);
        if self.scene_rect.contains_rect(world) {
            return None;
        }
        let world = world.union(self.scene_rect);
        let scale = (MINIMAP_MAX.x / world.width()).min(MINIMAP_MAX.y / world.height());
        if !scale.is_finite() || scale <= 0.0 {
            return None;
        }
        let size = world.size() * scale;
        let screen = self.screen_rect;
        // A small canvas (a small window, or the threat editor docked beside it) needs its room
        // for the diagram more than a map of it.
        if screen.width() < size.x * 4.0 || screen.height() < size.y * 3.0 {
            return None;
        }
        let rect = Rect::from_min_size(screen.right_bottom() - size - vec2(12.0, 12.0), size);
        let map = Minimap { rect, world, scale };
        let response = ui.interact(
            rect,
            ui.scope_id().with("minimap"),
            egui::Sense::click_and_drag(),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Image, true, "Minimap: click to move the view")
        });
        if (response.clicked() || response.dragged())
            && let Some(pos) = response.interact_pointer_pos()
        {
            let centre = map.to_world(pos);
            self.scene_rect = Rect::from_center_size(centre, self.scene_rect.size());
            self.update_transform();
        }
        Some(map)
    }

    pub(super) fn paint_minimap(&self, painter: &Painter, d: &Diagram, map: &Minimap, dark: bool) {
        let (bg, shape, edge) = if dark {
            (
                Color32::from_rgba_unmultiplied(20, 22, 26, 200),
                Color32::from_rgb(110, 116, 126),
                Color32::from_rgb(235, 90, 80),
            )
        } else {
            (
                Color32::from_rgba_unmultiplied(255, 255, 255, 210),
                Color32::from_rgb(150, 156, 166),
                Color32::from_rgb(220, 120, 120),
            )
        };
        painter.rect(
            map.rect.expand(3.0),
            CornerRadius::same(4),
            bg,
            Stroke::new(1.0, shape),
            StrokeKind::Outside,
        );
        let mapped = |pos: (f32, f32), size: (f32, f32)| {
            let r = paint::rect_of(pos, size);
            Rect::from_min_max(map.to_map(r.min), map.to_map(r.max))
        };
        for b in &d.boundaries {
            painter.rect_stroke(
                mapped(b.pos, b.size),
                CornerRadius::ZERO,
                Stroke::new(1.0, edge),
                StrokeKind::Middle,
            );
        }
        for e in &d.elements {
            let r = mapped(e.pos, e.size);
            painter.rect_filled(r.expand(0.5), CornerRadius::ZERO, shape);
        }
        let view = Rect::from_min_max(
            map.to_map(self.scene_rect.min),
            map.to_map(self.scene_rect.max),
        )
        .intersect(map.rect);
        painter.rect_stroke(
            view,
            CornerRadius::ZERO,
            Stroke::new(1.5, selection_color(dark)),
            StrokeKind::Middle,
        );
    }
}
