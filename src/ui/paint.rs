//! Drawing diagram shapes in DFD notation with egui's painter, in diagram units (the canvas's
//! `egui::Scene` scales them to the screen).

use crate::diagram::{FlowRoute, Point};
use crate::model::{Boundary, Element, ElementKind, Flow};
use egui::epaint::{CornerRadius, Stroke, StrokeKind};
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Shape, Vec2, pos2, vec2};

/// Lays out text wrapped to `width` in at most `rows` lines, ending in "…" when it is longer
/// (a 5,000-character name stays inside its shape; the whole name is in the properties).
fn clipped(
    painter: &Painter,
    text: &str,
    font: FontId,
    color: Color32,
    width: f32,
    rows: usize,
) -> std::sync::Arc<egui::Galley> {
    // Laying out text that can never show is wasted work on every frame.
    let shown: String = text.chars().take(rows * 200).collect();
    let mut job = egui::text::LayoutJob::simple(shown, font, color, width);
    job.wrap.max_rows = rows;
    job.wrap.break_anywhere = false;
    job.wrap.overflow_character = Some('…');
    painter.layout_job(job)
}

/// Colours for one theme.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub background: Color32,
    pub grid: Color32,
    pub text: Color32,
    pub weak_text: Color32,
    pub outline: Color32,
    pub actor_fill: Color32,
    pub process_fill: Color32,
    pub store_fill: Color32,
    pub out_of_scope: Color32,
    pub boundary: Color32,
    pub flow: Color32,
    pub label_fill: Color32,
    pub selection: Color32,
    pub badge: Color32,
}

impl Palette {
    pub fn for_theme(dark: bool) -> Self {
        if dark {
            Palette {
                background: Color32::from_rgb(30, 32, 36),
                grid: Color32::from_rgb(44, 47, 53),
                text: Color32::from_rgb(230, 232, 235),
                weak_text: Color32::from_rgb(160, 166, 175),
                outline: Color32::from_rgb(200, 205, 212),
                actor_fill: Color32::from_rgb(48, 62, 84),
                process_fill: Color32::from_rgb(40, 74, 64),
                store_fill: Color32::from_rgb(78, 66, 40),
                out_of_scope: Color32::from_rgb(110, 114, 120),
                boundary: Color32::from_rgb(235, 90, 80),
                flow: Color32::from_rgb(190, 196, 205),
                label_fill: Color32::from_rgba_unmultiplied(30, 32, 36, 230),
                selection: Color32::from_rgb(90, 160, 255),
                badge: Color32::from_rgb(220, 60, 50),
            }
        } else {
            Palette {
                background: Color32::from_rgb(250, 250, 248),
                grid: Color32::from_rgb(232, 232, 228),
                text: Color32::from_rgb(25, 28, 32),
                weak_text: Color32::from_rgb(95, 100, 110),
                outline: Color32::from_rgb(55, 60, 70),
                actor_fill: Color32::from_rgb(222, 232, 247),
                process_fill: Color32::from_rgb(220, 242, 232),
                store_fill: Color32::from_rgb(250, 240, 215),
                out_of_scope: Color32::from_rgb(150, 154, 160),
                boundary: Color32::from_rgb(200, 40, 40),
                flow: Color32::from_rgb(70, 76, 88),
                label_fill: Color32::from_rgba_unmultiplied(250, 250, 248, 235),
                selection: Color32::from_rgb(30, 110, 230),
                badge: Color32::from_rgb(205, 40, 35),
            }
        }
    }
}

/// Text sizes in diagram units that stay readable on screen at the current zoom: never smaller
/// than `min_px` screen pixels.
#[derive(Debug, Clone, Copy)]
pub struct TextScale {
    pub zoom: f32,
}

impl TextScale {
    pub fn size(&self, base: f32, min_px: f32) -> f32 {
        base.max(min_px / self.zoom.max(1e-3))
    }

    /// Secondary text (technology, flow labels) is left out when it would be too small to read.
    pub fn shows_detail(&self) -> bool {
        self.zoom >= 0.45
    }
}

pub fn p(point: Point) -> Pos2 {
    pos2(point.0, point.1)
}

pub fn rect_of(min: Point, size: Point) -> Rect {
    Rect::from_min_size(p(min), vec2(size.0, size.1))
}

/// Dash lengths are given in screen pixels and converted, so a dashed line costs the same
/// number of segments at every zoom (a zoomed-out boundary would otherwise be thousands of dots).
fn dashes(ts: TextScale, dash: f32, gap: f32) -> (f32, f32) {
    let z = ts.zoom.max(0.01);
    (dash / z, gap / z)
}

fn dashed_rect(painter: &Painter, r: Rect, stroke: Stroke, dash: f32, gap: f32) {
    let pts = [
        r.left_top(),
        r.right_top(),
        r.right_bottom(),
        r.left_bottom(),
        r.left_top(),
    ];
    painter.extend(Shape::dashed_line(&pts, stroke, dash, gap));
}

pub fn boundary(painter: &Painter, b: &Boundary, selected: bool, pal: &Palette, ts: TextScale) {
    let r = rect_of(b.pos, b.size);
    let width = 2.0_f32.max(1.2 / ts.zoom);
    let stroke = Stroke::new(width, pal.boundary);
    let (d, g) = dashes(ts, 10.0, 6.0);
    dashed_rect(painter, r, stroke, d, g);
    if selected {
        painter.rect_stroke(
            r.expand(3.0),
            CornerRadius::same(6),
            Stroke::new(width, pal.selection),
            StrokeKind::Outside,
        );
    }
    let font = FontId::proportional(ts.size(13.0, 10.0));
    let name = clipped(
        painter,
        &b.name,
        font,
        pal.boundary,
        (r.width() - 16.0).max(40.0),
        1,
    );
    painter.galley(r.left_top() + vec2(8.0, 5.0), name, pal.boundary);
}

/// The rectangle of a boundary's name tab, for hit-testing.
pub fn boundary_tab(ts: TextScale) -> (f32, f32) {
    (160.0_f32.max(80.0 / ts.zoom), ts.size(13.0, 10.0) + 10.0)
}

pub fn element(
    painter: &Painter,
    e: &Element,
    selected: bool,
    open_threats: usize,
    pal: &Palette,
    ts: TextScale,
) {
    let r = rect_of(e.pos, e.size);
    let line = if e.out_of_scope {
        pal.out_of_scope
    } else {
        pal.outline
    };
    let width = 1.5_f32.max(1.0 / ts.zoom);
    let stroke = Stroke::new(width, line);
    let fill = match e.kind {
        ElementKind::Actor => pal.actor_fill,
        ElementKind::Process => pal.process_fill,
        ElementKind::Store => pal.store_fill,
    };
    let fill = if e.out_of_scope {
        fill.gamma_multiply(0.45)
    } else {
        fill
    };
    match e.kind {
        ElementKind::Actor => {
            painter.rect_filled(r, CornerRadius::ZERO, fill);
            if e.out_of_scope {
                let (d, g) = dashes(ts, 6.0, 4.0);
                dashed_rect(painter, r, stroke, d, g);
            } else {
                painter.rect_stroke(r, CornerRadius::ZERO, stroke, StrokeKind::Inside);
            }
        }
        ElementKind::Process => {
            let radius = r.size() / 2.0;
            painter.add(Shape::ellipse_filled(r.center(), radius, fill));
            if e.out_of_scope {
                let pts: Vec<Pos2> = (0..=48)
                    .map(|i| {
                        let a = i as f32 / 48.0 * std::f32::consts::TAU;
                        r.center() + vec2(a.cos() * radius.x, a.sin() * radius.y)
                    })
                    .collect();
                let (d, g) = dashes(ts, 6.0, 4.0);
                painter.extend(Shape::dashed_line(&pts, stroke, d, g));
            } else {
                painter.add(Shape::ellipse_stroke(r.center(), radius, stroke));
            }
        }
        ElementKind::Store => {
            painter.rect_filled(r, CornerRadius::ZERO, fill);
            let top = [r.left_top(), r.right_top()];
            let bottom = [r.left_bottom(), r.right_bottom()];
            if e.out_of_scope {
                let (d, g) = dashes(ts, 6.0, 4.0);
                painter.extend(Shape::dashed_line(&top, stroke, d, g));
                painter.extend(Shape::dashed_line(&bottom, stroke, d, g));
            } else {
                painter.line_segment(top, stroke);
                painter.line_segment(bottom, stroke);
            }
        }
    }
    if selected {
        let sel = Stroke::new(2.0_f32.max(1.5 / ts.zoom), pal.selection);
        painter.rect_stroke(
            r.expand(4.0),
            CornerRadius::same(4),
            sel,
            StrokeKind::Outside,
        );
    }
    if open_threats > 0 {
        badge(
            painter,
            r.right_top() + vec2(-2.0, 2.0),
            open_threats,
            pal,
            ts,
        );
    }
    // Names go when the shape is too small on screen to hold a readable word: the diagram is
    // then an overview, and zooming in brings them back.
    if r.width() * ts.zoom < MIN_NAMED_WIDTH_PX {
        return;
    }
    // Name, wrapped to the shape, with the technology under it.
    let text_color = if e.out_of_scope {
        pal.weak_text
    } else {
        pal.text
    };
    let wrap = (r.width() - 12.0).max(20.0);
    let name = clipped(
        painter,
        &e.name,
        FontId::proportional(ts.size(14.0, 10.0)),
        text_color,
        wrap.max(ts.size(14.0, 10.0) * 4.0),
        3,
    );
    let tech = (ts.shows_detail() && !e.technology.is_empty()).then(|| {
        clipped(
            painter,
            &e.technology,
            FontId::proportional(ts.size(11.0, 8.0)),
            pal.weak_text,
            wrap,
            2,
        )
    });
    let total = name.size().y + tech.as_ref().map_or(0.0, |t| t.size().y + 2.0);
    let mut y = r.center().y - total / 2.0;
    painter.galley(
        pos2(r.center().x - name.size().x / 2.0, y),
        name.clone(),
        text_color,
    );
    y += name.size().y + 2.0;
    if let Some(t) = tech {
        painter.galley(pos2(r.center().x - t.size().x / 2.0, y), t, pal.weak_text);
    }
}

/// Below this on-screen width an element is drawn without its name.
const MIN_NAMED_WIDTH_PX: f32 = 40.0;

/// A red disc with the number of open threats.
pub fn badge(painter: &Painter, at: Pos2, count: usize, pal: &Palette, ts: TextScale) {
    let radius = ts.size(10.0, 8.0);
    painter.circle_filled(at, radius, pal.badge);
    painter.text(
        at,
        Align2::CENTER_CENTER,
        count.to_string(),
        FontId::proportional(radius * 1.15),
        Color32::WHITE,
    );
}

fn arrow_head(painter: &Painter, tip: Pos2, from: Pos2, size: f32, color: Color32) {
    let dir = (tip - from).normalized();
    if !dir.is_finite() {
        return;
    }
    let normal = vec2(-dir.y, dir.x);
    let base = tip - dir * size;
    painter.add(Shape::convex_polygon(
        vec![
            tip,
            base + normal * size * 0.45,
            base - normal * size * 0.45,
        ],
        color,
        Stroke::NONE,
    ));
}

/// Draws a flow and returns the rectangle of its label (for hit-testing), if drawn.
pub fn flow(
    painter: &Painter,
    f: &Flow,
    route: &FlowRoute,
    selected: bool,
    open_threats: usize,
    pal: &Palette,
    ts: TextScale,
) -> Option<Rect> {
    let color = if selected {
        pal.selection
    } else if f.out_of_scope {
        pal.out_of_scope
    } else {
        pal.flow
    };
    let width = (if selected { 2.5_f32 } else { 1.5 }).max(1.0 / ts.zoom);
    let pts: Vec<Pos2> = route.points.iter().map(|&q| p(q)).collect();
    let stroke = Stroke::new(width, color);
    if f.out_of_scope {
        let (d, g) = dashes(ts, 6.0, 4.0);
        painter.extend(Shape::dashed_line(&pts, stroke, d, g));
    } else {
        painter.add(Shape::line(pts.clone(), stroke));
    }
    let head = 11.0_f32.max(7.0 / ts.zoom);
    let n = pts.len();
    arrow_head(painter, pts[n - 1], pts[n - 2], head, color);
    if f.bidirectional {
        arrow_head(painter, pts[0], pts[1], head, color);
    }
    if !ts.shows_detail() && !selected {
        return None;
    }
    let galley = clipped(
        painter,
        &f.label,
        FontId::proportional(ts.size(crate::diagram::LABEL_FONT, 9.0)),
        color,
        crate::diagram::LABEL_WRAP.max(110.0 / ts.zoom),
        3,
    );
    let at = p(route.label_at);
    let rect = Rect::from_center_size(at, galley.size() + Vec2::splat(6.0));
    painter.rect_filled(rect, CornerRadius::same(3), pal.label_fill);
    painter.galley(rect.min + Vec2::splat(3.0), galley, color);
    if open_threats > 0 {
        badge(painter, rect.right_top(), open_threats, pal, ts);
    }
    Some(rect)
}
