//! Paints a diagram scene (the primitives SVG, PNG and the PDF workbook draw) on the canvas:
//! what a person sees is what prints. Shapes are mapped to the screen here rather than scaled
//! as a texture, and text is laid out at its size on screen, so it stays sharp at every zoom.

use crate::diagram::Point;
use crate::diagram::scene::{Anchor, Item, Rgb, Scene, Stroke as SceneStroke};
use egui::emath::TSTransform;
use egui::epaint::{CornerRadius, Stroke};
use egui::{Color32, FontFamily, FontId, Painter, Pos2, Rect, Shape, pos2, vec2};

/// Text smaller than this on screen is not drawn: unreadable, and the costliest part of a
/// zoomed-out frame.
const MIN_TEXT_PX: f32 = 4.5;

pub fn p(point: Point) -> Pos2 {
    pos2(point.0, point.1)
}

pub fn rect_of(min: Point, size: Point) -> Rect {
    Rect::from_min_size(p(min), vec2(size.0, size.1))
}

pub fn color(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

/// The families text is drawn in: the printed diagram's DejaVu when installed (see
/// `ui::fonts`), egui's own font otherwise.
pub struct Fonts {
    regular: FontFamily,
    bold: FontFamily,
}

impl Fonts {
    pub fn of(painter: &Painter) -> Self {
        let has = |name: &str| {
            let family = FontFamily::Name(name.into());
            painter
                .fonts(|f| f.definitions().families.contains_key(&family))
                .then_some(family)
        };
        Fonts {
            regular: has(super::fonts::DIAGRAM).unwrap_or(FontFamily::Proportional),
            bold: has(super::fonts::DIAGRAM_BOLD).unwrap_or(FontFamily::Proportional),
        }
    }
}

/// The bounding box of an item, in diagram units, for culling.
fn bounds(item: &Item) -> Rect {
    match item {
        Item::Rect { min, max, .. } => Rect::from_min_max(p(*min), p(*max)),
        Item::Ellipse { center, radii, .. } => {
            Rect::from_center_size(p(*center), vec2(radii.0 * 2.0, radii.1 * 2.0))
        }
        Item::Polyline { points, .. } | Item::Polygon { points, .. } => {
            let mut r = Rect::NOTHING;
            for q in points {
                r.extend_with(p(*q));
            }
            r
        }
        Item::Text { at, text, size, .. } => {
            // Generous: the exact width is only known once laid out.
            let w = crate::diagram::scene::text_width(text, *size) * 1.2 + size;
            Rect::from_center_size(p(*at), vec2(w * 2.0, size * 2.5))
        }
    }
}

/// Paints the items of `scene` that fall inside `view` (diagram units), mapped to the screen
/// by `to_screen`.
pub fn scene(painter: &Painter, scene: &Scene, to_screen: TSTransform, view: Rect) {
    let zoom = to_screen.scaling;
    let fonts = Fonts::of(painter);
    let map = |q: &Point| to_screen * p(*q);
    let width = |s: &SceneStroke| (s.width * zoom).max(1.0);
    let unread: std::collections::HashSet<usize> = scene
        .behind_text
        .iter()
        .filter(|(_, size)| size * zoom < MIN_TEXT_PX)
        .map(|(i, _)| *i)
        .collect();
    for (index, item) in scene.items.iter().enumerate() {
        if !bounds(item).intersects(view) || unread.contains(&index) {
            continue;
        }
        match item {
            Item::Rect {
                min,
                max,
                fill,
                stroke,
            } => {
                let r = Rect::from_min_max(map(min), map(max));
                if let Some(f) = fill {
                    painter.rect_filled(r, CornerRadius::ZERO, color(*f));
                }
                if let Some(s) = stroke {
                    let corners = [
                        r.left_top(),
                        r.right_top(),
                        r.right_bottom(),
                        r.left_bottom(),
                        r.left_top(),
                    ];
                    line(painter, &corners, s, zoom, width(s));
                }
            }
            Item::Ellipse {
                center,
                radii,
                fill,
                stroke,
            } => {
                let c = map(center);
                let radius = vec2(radii.0, radii.1) * zoom;
                if let Some(f) = fill {
                    painter.add(Shape::ellipse_filled(c, radius, color(*f)));
                }
                if let Some(s) = stroke {
                    if s.dash.is_some() {
                        let pts: Vec<Pos2> = (0..=48)
                            .map(|i| {
                                let a = i as f32 / 48.0 * std::f32::consts::TAU;
                                c + vec2(a.cos() * radius.x, a.sin() * radius.y)
                            })
                            .collect();
                        line(painter, &pts, s, zoom, width(s));
                    } else {
                        painter.add(Shape::ellipse_stroke(
                            c,
                            radius,
                            Stroke::new(width(s), color(s.color)),
                        ));
                    }
                }
            }
            Item::Polyline { points, stroke } => {
                let pts: Vec<Pos2> = points.iter().map(map).collect();
                line(painter, &pts, stroke, zoom, width(stroke));
            }
            Item::Polygon { points, fill } => {
                let pts: Vec<Pos2> = points.iter().map(map).collect();
                painter.add(Shape::convex_polygon(pts, color(*fill), Stroke::NONE));
            }
            Item::Text {
                at,
                text,
                size,
                color: c,
                anchor,
                bold,
            } => {
                let px = size * zoom;
                if px < MIN_TEXT_PX {
                    continue;
                }
                let family = if *bold { &fonts.bold } else { &fonts.regular };
                let galley = painter.layout_no_wrap(
                    text.clone(),
                    FontId::new(px, family.clone()),
                    color(*c),
                );
                let baseline = galley
                    .rows
                    .first()
                    .and_then(|r| r.row.glyphs.first().map(|g| r.pos.y + g.pos.y))
                    .unwrap_or(px * 0.8);
                let at = map(at);
                let x = match anchor {
                    Anchor::Start => at.x,
                    Anchor::Middle => at.x - galley.size().x / 2.0,
                };
                painter.galley(pos2(x, at.y - baseline), galley, color(*c));
            }
        }
    }
}

/// A line as the scene describes it: solid, or dashed with dash lengths in diagram units
/// (scaled, but never so short that a zoomed-out outline becomes thousands of dots).
fn line(painter: &Painter, pts: &[Pos2], s: &SceneStroke, zoom: f32, width: f32) {
    let stroke = Stroke::new(width, color(s.color));
    match s.dash {
        Some((dash, gap)) => {
            let (dash, gap) = ((dash * zoom).max(3.0), (gap * zoom).max(2.0));
            painter.extend(Shape::dashed_line(pts, stroke, dash, gap));
        }
        None => {
            painter.add(Shape::line(pts.to_vec(), stroke));
        }
    }
}
