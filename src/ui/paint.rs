//! Paints a diagram scene (the primitives SVG, PNG and the PDF workbook draw) on the canvas:
//! what a person sees is what prints. Shapes are mapped to the screen here rather than scaled
//! as a texture, and text is laid out at its size on screen, so it stays sharp at every zoom.

use crate::diagram::Point;
use crate::diagram::scene::{Anchor, Item, Rgb, Scene, Stroke as SceneStroke};
use egui::emath::TSTransform;
use egui::epaint::{CornerRadius, Mesh, Stroke};
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

/// The shapes (not the text) of a scene tessellated at one zoom, with the translation left
/// out: while the diagram is zoomed out, panning only moves the mesh.
#[derive(Default)]
pub struct MeshCache {
    /// The zoom and the pixels per point it was made for.
    key: Option<(u32, u32)>,
    mesh: std::sync::Arc<Mesh>,
    /// The mesh moved to where it was last shown: a frame without panning reuses it as is.
    placed: Option<([u32; 2], std::sync::Arc<Mesh>)>,
}

/// Paints the items of `scene` that fall inside `view` (diagram units), mapped to the screen
/// by `to_screen`. When a good part of the scene is in view, its shapes come from `cache`.
pub fn scene(
    painter: &Painter,
    scene: &Scene,
    to_screen: TSTransform,
    view: Rect,
    cache: &mut MeshCache,
) {
    let zoom = to_screen.scaling;
    // Zoomed out far enough to see a good part of the diagram: the shapes come from the cache
    // (the screen clips what lies outside). Zoomed in, only the items in view are drawn.
    let whole = Rect::from_min_max(p(scene.min), p(scene.max));
    let seen = view.intersect(whole);
    let mostly_seen = whole.is_finite() && seen.is_positive() && seen.area() >= 0.25 * whole.area();
    if !mostly_seen {
        let mut shapes = Vec::new();
        collect(painter, scene, to_screen, view, Some(&mut shapes), true);
        painter.extend(shapes);
        return;
    }
    let ppp = painter.ctx().pixels_per_point();
    let key = (zoom.to_bits(), ppp.to_bits());
    if cache.key != Some(key) {
        let mut shapes = Vec::new();
        let scaled = TSTransform::from_scaling(zoom);
        collect(
            painter,
            scene,
            scaled,
            Rect::EVERYTHING,
            Some(&mut shapes),
            false,
        );
        let size = painter.ctx().fonts(|f| f.font_image_size());
        let mut tessellator = egui::epaint::Tessellator::new(
            ppp,
            egui::epaint::TessellationOptions {
                // Far out, thousands of hairlines: edge smoothing doubles the mesh and the
                // time to copy it each frame, for a difference nobody sees at that size.
                feathering: zoom >= 0.5,
                ..Default::default()
            },
            size,
            Vec::new(),
        );
        let mut mesh = Mesh::default();
        for shape in shapes {
            tessellator.tessellate_shape(shape, &mut mesh);
        }
        cache.mesh = std::sync::Arc::new(mesh);
        cache.key = Some(key);
        cache.placed = None;
    }
    let t = to_screen.translation;
    let at = [t.x.to_bits(), t.y.to_bits()];
    let placed = match &cache.placed {
        Some((was, mesh)) if *was == at => mesh.clone(),
        _ => {
            let mut mesh = (*cache.mesh).clone();
            mesh.translate(t);
            let mesh = std::sync::Arc::new(mesh);
            cache.placed = Some((at, mesh.clone()));
            mesh
        }
    };
    painter.add(Shape::Mesh(placed));
    // Text is laid out each frame at the size it is shown (the font atlas may change).
    collect(painter, scene, to_screen, view, None, true);
}

/// Turns the scene's items in `view` into shapes: into `shapes` when given (else they are
/// left out), and its text onto `painter` when `text` is set.
fn collect(
    painter: &Painter,
    scene: &Scene,
    to_screen: TSTransform,
    view: Rect,
    mut shapes: Option<&mut Vec<Shape>>,
    text: bool,
) {
    let zoom = to_screen.scaling;
    let fonts = Fonts::of(painter);
    let map = |q: &Point| to_screen * p(*q);
    let width = |s: &SceneStroke| (s.width * zoom).max(1.0);
    // The label boxes behind text too small to read go with it (only shapes need to know).
    let unread: std::collections::HashSet<usize> = if shapes.is_some() {
        scene
            .behind_text
            .iter()
            .filter(|(_, size)| size * zoom < MIN_TEXT_PX)
            .map(|(i, _)| *i)
            .collect()
    } else {
        Default::default()
    };
    for (index, item) in scene.items.iter().enumerate() {
        match item {
            // Too small to read: rejected before measuring where it would go.
            Item::Text { size, .. } if !text || size * zoom < MIN_TEXT_PX => continue,
            Item::Text { .. } => {}
            _ if shapes.is_none() => continue,
            _ => {}
        }
        if !bounds(item).intersects(view) || unread.contains(&index) {
            continue;
        }
        let Some(out) = shapes.as_deref_mut() else {
            // Text only.
            if let Item::Text {
                at,
                text,
                size,
                color: c,
                anchor,
                bold,
            } = item
                && let Some(shape) = text_shape(
                    painter,
                    &fonts,
                    map(at),
                    text,
                    size * zoom,
                    *c,
                    *anchor,
                    *bold,
                )
            {
                painter.add(shape);
            }
            continue;
        };
        match item {
            Item::Rect {
                min,
                max,
                fill,
                stroke,
            } => {
                let r = Rect::from_min_max(map(min), map(max));
                if let Some(f) = fill {
                    out.push(Shape::rect_filled(r, CornerRadius::ZERO, color(*f)));
                }
                if let Some(s) = stroke {
                    let corners = [
                        r.left_top(),
                        r.right_top(),
                        r.right_bottom(),
                        r.left_bottom(),
                        r.left_top(),
                    ];
                    line(out, &corners, s, zoom, width(s));
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
                    out.push(Shape::ellipse_filled(c, radius, color(*f)));
                }
                if let Some(s) = stroke {
                    if s.dash.is_some() {
                        let pts: Vec<Pos2> = (0..=48)
                            .map(|i| {
                                let a = i as f32 / 48.0 * std::f32::consts::TAU;
                                c + vec2(a.cos() * radius.x, a.sin() * radius.y)
                            })
                            .collect();
                        line(out, &pts, s, zoom, width(s));
                    } else {
                        out.push(Shape::ellipse_stroke(
                            c,
                            radius,
                            Stroke::new(width(s), color(s.color)),
                        ));
                    }
                }
            }
            Item::Polyline { points, stroke } => {
                let pts: Vec<Pos2> = points.iter().map(map).collect();
                line(out, &pts, stroke, zoom, width(stroke));
            }
            Item::Polygon { points, fill } => {
                let pts: Vec<Pos2> = points.iter().map(map).collect();
                out.push(Shape::convex_polygon(pts, color(*fill), Stroke::NONE));
            }
            Item::Text {
                at,
                text,
                size,
                color: c,
                anchor,
                bold,
            } => {
                // In order with the shapes: a label's background is drawn just before it.
                out.extend(text_shape(
                    painter,
                    &fonts,
                    map(at),
                    text,
                    size * zoom,
                    *c,
                    *anchor,
                    *bold,
                ));
            }
        }
    }
}

/// One line of scene text at `px` points on screen (nothing when too small to read).
#[allow(clippy::too_many_arguments)]
fn text_shape(
    painter: &Painter,
    fonts: &Fonts,
    at: Pos2,
    text: &str,
    px: f32,
    c: Rgb,
    anchor: Anchor,
    bold: bool,
) -> Option<Shape> {
    if px < MIN_TEXT_PX {
        return None;
    }
    let family = if bold { &fonts.bold } else { &fonts.regular };
    let galley = painter.layout_no_wrap(text.to_owned(), FontId::new(px, family.clone()), color(c));
    let baseline = galley
        .rows
        .first()
        .and_then(|r| r.row.glyphs.first().map(|g| r.pos.y + g.pos.y))
        .unwrap_or(px * 0.8);
    let x = match anchor {
        Anchor::Start => at.x,
        Anchor::Middle => at.x - galley.size().x / 2.0,
    };
    Some(Shape::galley(pos2(x, at.y - baseline), galley, color(c)))
}

/// A line as the scene describes it: solid, or dashed with dash lengths in diagram units
/// (scaled, but never so short that a zoomed-out outline becomes thousands of dots).
fn line(out: &mut Vec<Shape>, pts: &[Pos2], s: &SceneStroke, zoom: f32, width: f32) {
    let stroke = Stroke::new(width, color(s.color));
    match s.dash {
        Some((dash, gap)) => {
            let (dash, gap) = ((dash * zoom).max(3.0), (gap * zoom).max(2.0));
            out.extend(Shape::dashed_line(pts, stroke, dash, gap));
        }
        None => {
            out.push(Shape::line(pts.to_vec(), stroke));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::Placement;
    use crate::diagram::scene::{Theme, draw_placed};
    use std::sync::Arc;

    #[test]
    fn a_zoomed_out_frame_reuses_its_mesh_and_panning_only_moves_it() {
        let model = crate::model::synthetic::generate(crate::model::synthetic::Spec {
            elements: 60,
            flows: 120,
            boundaries: 2,
            threats: 0,
            seed: 1,
        });
        let d = &model.diagrams[0];
        let drawn = draw_placed(d, &Placement::of(&model, d), &Theme::PRINT);
        let view = Rect::from_min_max(p(drawn.min), p(drawn.max)).expand(10.0);
        let ctx = egui::Context::default();
        let mut cache = MeshCache::default();
        let frame = |offset: egui::Vec2, zoom: f32, cache: &mut MeshCache| {
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                scene(
                    ui.painter(),
                    &drawn,
                    TSTransform::new(offset, zoom),
                    view,
                    cache,
                )
            });
            // No renderer here to take the font texture.
            output.textures_delta.clear();
            (cache.mesh.clone(), cache.placed.clone().map(|(_, m)| m))
        };
        let (mesh, placed) = frame(vec2(0.0, 0.0), 0.3, &mut cache);
        let placed = placed.expect("the mesh was placed");
        assert!(!mesh.vertices.is_empty());
        // The same view again: nothing tessellated or moved anew.
        let (again, placed_again) = frame(vec2(0.0, 0.0), 0.3, &mut cache);
        assert!(Arc::ptr_eq(&mesh, &again));
        assert!(Arc::ptr_eq(&placed, placed_again.as_ref().unwrap()));
        // A pan: the same tessellation, moved.
        let (panned, moved) = frame(vec2(40.0, 0.0), 0.3, &mut cache);
        let moved = moved.unwrap();
        assert!(Arc::ptr_eq(&mesh, &panned));
        assert!((moved.vertices[0].pos.x - placed.vertices[0].pos.x - 40.0).abs() < 1e-3);
        // Another zoom: tessellated again.
        let (zoomed, _) = frame(vec2(40.0, 0.0), 0.35, &mut cache);
        assert!(!Arc::ptr_eq(&mesh, &zoomed));
    }
}
