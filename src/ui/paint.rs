//! Paints a diagram scene (the primitives SVG, PNG and the PDF workbook draw) on the canvas:
//! what a person sees is what prints. Shapes are mapped to the screen here rather than scaled
//! as a texture, and text is laid out at its size on screen, so it stays sharp at every zoom.

use crate::diagram::scene::{Anchor, Item, Rgb, Scene, Stroke as SceneStroke};
use crate::diagram::{Live, Point};
use egui::emath::TSTransform;
use egui::epaint::{CornerRadius, Mesh, Stroke};
use egui::{Color32, FontFamily, FontId, Painter, Pos2, Rect, Shape, pos2, vec2};

/// Text smaller than this on screen is not drawn: unreadable, and the costliest part of a
/// zoomed-out frame.
const MIN_TEXT_PX: f32 = 4.5;

/// A shape smaller than this on screen is drawn as a plain filled box: its curve and outline
/// cannot be told apart at that size, and a zoomed-out diagram of thousands of elements would
/// otherwise be millions of vertices copied every frame.
const DETAIL_PX: f32 = 6.0;

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

/// The shapes (not the text) of a scene tessellated at one zoom, a mesh per layer, with the
/// translation left out: while the diagram is zoomed out, panning only moves the meshes.
#[derive(Default)]
pub struct MeshCache {
    /// The zoom, the pixels per point and the generation of the drawing it was made for.
    key: Option<(u32, u32, u64)>,
    meshes: Vec<std::sync::Arc<Mesh>>,
    /// The meshes moved to where they were last shown: a frame without panning reuses them.
    placed: Option<([u32; 2], Vec<std::sync::Arc<Mesh>>)>,
}

/// The item ranges of a scene's layers (see `Scene::layers`): one range when it has none.
fn layer_ranges(scene: &Scene) -> Vec<std::ops::Range<usize>> {
    if scene.layers.is_empty() {
        return std::iter::once(0..scene.items.len()).collect();
    }
    let ends = scene.layers[1..]
        .iter()
        .copied()
        .chain(std::iter::once(scene.items.len()));
    scene
        .layers
        .iter()
        .copied()
        .zip(ends)
        .map(|(a, b)| a..b)
        .collect()
}

/// Paints the items of a live drawing that fall inside `view` (diagram units), mapped to the
/// screen by `to_screen`: layer by layer (boundaries, flows, name tabs, elements, labels), its
/// full drawing without the items it hides, then the same layer of its patch, so a line drawn
/// again still passes under the shapes. When a good part of the drawing is in view, the full
/// drawing's shapes come from `cache`.
pub fn scene(
    painter: &Painter,
    live: &Live,
    to_screen: TSTransform,
    view: Rect,
    cache: &mut MeshCache,
) {
    let (scene, hidden) = (&live.base, live.hidden.as_slice());
    let layers = layer_ranges(scene);
    let patch_layers = layer_ranges(&live.patch);
    // Zoomed out far enough to see a good part of the diagram: the shapes come from the cache
    // (the screen clips what lies outside). Zoomed in, only the items in view are drawn.
    let whole = Rect::from_min_max(p(scene.min), p(scene.max));
    let seen = view.intersect(whole);
    let mostly_seen = whole.is_finite() && seen.is_positive() && seen.area() >= 0.25 * whole.area();
    let meshes = mostly_seen.then(|| {
        meshes(
            painter,
            scene,
            hidden,
            live.generation,
            to_screen,
            &layers,
            cache,
        )
    });
    for (i, range) in layers.iter().enumerate() {
        let items = Items {
            scene,
            range: range.clone(),
            hidden,
        };
        match meshes.as_ref().and_then(|m| m.get(i)) {
            Some(mesh) => {
                painter.add(Shape::Mesh(mesh.clone()));
                // Text is laid out each frame at the size it is shown (the font atlas may
                // change).
                collect(painter, items, to_screen, view, None, true);
            }
            None => {
                let mut shapes = Vec::new();
                collect(painter, items, to_screen, view, Some(&mut shapes), true);
                painter.extend(shapes);
            }
        }
        if let Some(range) = patch_layers.get(i).filter(|_| !live.patch.items.is_empty()) {
            let items = Items {
                scene: &live.patch,
                range: range.clone(),
                hidden: &[],
            };
            let mut shapes = Vec::new();
            collect(painter, items, to_screen, view, Some(&mut shapes), true);
            painter.extend(shapes);
        }
    }
}

/// The full drawing's shapes, a mesh per layer, tessellated once per zoom and moved to the
/// current translation.
fn meshes(
    painter: &Painter,
    scene: &Scene,
    hidden: &[bool],
    generation: u64,
    to_screen: TSTransform,
    layers: &[std::ops::Range<usize>],
    cache: &mut MeshCache,
) -> Vec<std::sync::Arc<Mesh>> {
    let zoom = to_screen.scaling;
    let ppp = painter.ctx().pixels_per_point();
    let key = (zoom.to_bits(), ppp.to_bits(), generation);
    if cache.key != Some(key) {
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
        cache.meshes = layers
            .iter()
            .map(|range| {
                let mut shapes = Vec::new();
                let items = Items {
                    scene,
                    range: range.clone(),
                    hidden,
                };
                let scaled = TSTransform::from_scaling(zoom);
                collect(
                    painter,
                    items,
                    scaled,
                    Rect::EVERYTHING,
                    Some(&mut shapes),
                    false,
                );
                let mut mesh = Mesh::default();
                for shape in shapes {
                    tessellator.tessellate_shape(shape, &mut mesh);
                }
                std::sync::Arc::new(mesh)
            })
            .collect();
        cache.key = Some(key);
        cache.placed = None;
    }
    let t = to_screen.translation;
    let at = [t.x.to_bits(), t.y.to_bits()];
    match &cache.placed {
        Some((was, meshes)) if *was == at => meshes.clone(),
        _ => {
            let moved: Vec<std::sync::Arc<Mesh>> = cache
                .meshes
                .iter()
                .map(|m| {
                    let mut mesh = (**m).clone();
                    mesh.translate(t);
                    std::sync::Arc::new(mesh)
                })
                .collect();
            cache.placed = Some((at, moved.clone()));
            moved
        }
    }
}

/// Some of a scene's items: a range of them, less those whose owner is set in `hidden`.
struct Items<'a> {
    scene: &'a Scene,
    range: std::ops::Range<usize>,
    hidden: &'a [bool],
}

/// Turns the items in `view` into shapes: into `shapes` when given (else they are left out),
/// and their text onto `painter` when `text` is set.
fn collect(
    painter: &Painter,
    items: Items,
    to_screen: TSTransform,
    view: Rect,
    mut shapes: Option<&mut Vec<Shape>>,
    text: bool,
) {
    let zoom = to_screen.scaling;
    let fonts = Fonts::of(painter);
    let map = |q: &Point| to_screen * p(*q);
    let width = |s: &SceneStroke| (s.width * zoom).max(1.0);
    let Items {
        scene,
        range,
        hidden,
    } = items;
    // The label boxes behind text too small to read go with it (only shapes need to know).
    // `behind_text` is in item order: only the part within the range is looked at.
    let unread: std::collections::HashSet<usize> = if shapes.is_some() {
        let from = scene.behind_text.partition_point(|(i, _)| *i < range.start);
        let to = scene.behind_text.partition_point(|(i, _)| *i < range.end);
        scene.behind_text[from..to]
            .iter()
            .filter(|(_, size)| size * zoom < MIN_TEXT_PX)
            .map(|(i, _)| *i)
            .collect()
    } else {
        Default::default()
    };
    let start = range.start;
    for (index, item) in scene.items[range].iter().enumerate() {
        let index = start + index;
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
        let owner = scene.owners.get(index).copied().unwrap_or(u32::MAX);
        if hidden.get(owner as usize).copied().unwrap_or(false) {
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
                if r.width().min(r.height()) < DETAIL_PX {
                    out.extend(speck(r, *fill, stroke.as_ref()));
                    continue;
                }
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
                if 2.0 * radius.min_elem() < DETAIL_PX {
                    out.extend(speck(
                        Rect::from_center_size(c, radius * 2.0),
                        *fill,
                        stroke.as_ref(),
                    ));
                    continue;
                }
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

/// A shape too small to show its form: a box in its fill colour, or its outline's colour when it
/// has no fill (a boundary seen from far away stays an outline).
fn speck(r: Rect, fill: Option<Rgb>, stroke: Option<&SceneStroke>) -> Option<Shape> {
    match (fill, stroke) {
        (Some(f), _) => Some(Shape::rect_filled(r, CornerRadius::ZERO, color(f))),
        (None, Some(s)) if r.width().max(r.height()) < DETAIL_PX => {
            Some(Shape::rect_filled(r, CornerRadius::ZERO, color(s.color)))
        }
        (None, Some(s)) => Some(Shape::rect_stroke(
            r,
            CornerRadius::ZERO,
            Stroke::new(1.0, color(s.color)),
            egui::StrokeKind::Middle,
        )),
        (None, None) => None,
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
    use crate::diagram::scene::Theme;
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
        let drawn = Live::new(&model, d, Theme::PRINT);
        let view = Rect::from_min_max(p(drawn.base.min), p(drawn.base.max)).expand(10.0);
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
            // The elements' layer (the fourth).
            (
                cache.meshes[3].clone(),
                cache.placed.clone().map(|(_, m)| m[3].clone()),
            )
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

    #[test]
    fn shapes_too_small_to_show_their_form_are_drawn_as_boxes() {
        let model = crate::model::synthetic::generate(crate::model::synthetic::Spec {
            elements: 40,
            flows: 40,
            boundaries: 2,
            threats: 0,
            seed: 4,
        });
        let live = Live::new(&model, &model.diagrams[0], Theme::PRINT);
        let ctx = egui::Context::default();
        let shapes_at = |zoom: f32| {
            let mut shapes = Vec::new();
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                let t = TSTransform::from_scaling(zoom);
                let items = Items {
                    scene: &live.base,
                    range: 0..live.base.items.len(),
                    hidden: &[],
                };
                collect(
                    ui.painter(),
                    items,
                    t,
                    Rect::EVERYTHING,
                    Some(&mut shapes),
                    false,
                );
            });
            // No renderer here to take the font texture.
            output.textures_delta.clear();
            shapes
        };
        let ellipses = |shapes: &[Shape]| {
            shapes
                .iter()
                .filter(|s| matches!(s, Shape::Ellipse(_)))
                .count()
        };
        assert!(
            ellipses(&shapes_at(1.0)) > 0,
            "processes are ellipses up close"
        );
        let far = shapes_at(0.02);
        assert_eq!(ellipses(&far), 0, "far away they are boxes");
        assert!(far.len() < shapes_at(1.0).len());
    }

    #[test]
    fn lines_drawn_again_after_an_edit_still_pass_under_the_shapes() {
        let mut model = crate::model::synthetic::generate(crate::model::synthetic::Spec {
            elements: 1_200,
            flows: 2_400,
            boundaries: 4,
            threats: 0,
            seed: 9,
        });
        let mut live = Live::new(&model, &model.diagrams[0], Theme::PRINT);
        model.diagrams[0].elements[0].pos.0 += 30.0;
        let d = &model.diagrams[0];
        let moved = std::collections::BTreeSet::from([d.elements[0].id.clone()]);
        assert!(live.update(&model, d, &moved), "followed by an update");
        assert!(!live.patch.items.is_empty());
        let c = d.elements[0].rect().center();
        let view = Rect::from_center_size(pos2(c.0, c.1), vec2(900.0, 600.0));
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let t = TSTransform::new(-view.min.to_vec2(), 1.0);
            scene(ui.painter(), &live, t, view, &mut MeshCache::default());
        });
        output.textures_delta.clear();
        let shapes: Vec<&Shape> = output.shapes.iter().map(|c| &c.shape).collect();
        // Flow lines are 1.3 wide; the first process drawn is an ellipse.
        let is_flow = |s: &Shape| match s {
            Shape::Path(p) => (p.stroke.width - 1.3).abs() < 0.01,
            Shape::LineSegment { stroke, .. } => (stroke.width - 1.3).abs() < 0.01,
            _ => false,
        };
        let first_ellipse = shapes
            .iter()
            .position(|s| matches!(s, Shape::Ellipse(_)))
            .expect("processes in view");
        let last_line = shapes
            .iter()
            .rposition(|s| is_flow(s))
            .expect("lines in view");
        assert!(
            last_line < first_ellipse,
            "a flow line (shape {last_line}) is drawn over a process (shape {first_ellipse})"
        );
    }
}
