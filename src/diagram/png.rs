//! PNG output of a diagram: the SVG rendered with resvg, with the embedded DejaVu fonts so the
//! result does not depend on the fonts installed.
//!
//! The image is sized before anything is allocated: a diagram whose shapes lie far apart would
//! otherwise ask for gigabytes of pixels.

use super::Point;
use super::scene::Scene;

pub const FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub const FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The most pixels an exported image may have: 32 million, 128 MB of pixels while drawing.
pub const MAX_PIXELS: u64 = 32_000_000;

/// Below this many pixels per diagram unit an element shrinks to a few pixels and the image
/// shows nothing, so an image that would need less is not drawn at all.
pub const MIN_SCALE: f32 = 0.1;

/// Width and height in pixels of an area drawn at `scale`, saturating instead of overflowing.
pub fn pixels(extent: (Point, Point), scale: f32) -> (u64, u64) {
    let side = |length: f32| {
        let px = (length * scale).ceil();
        if px.is_finite() && px > 0.0 {
            px.min(u32::MAX as f32) as u64
        } else if px > 0.0 {
            u32::MAX as u64
        } else {
            0
        }
    };
    let ((x0, y0), (x1, y1)) = extent;
    (side(x1 - x0), side(y1 - y0))
}

/// The largest scale, at most `wanted`, at which the area fits in `max_pixels`; `None` when even
/// [`MIN_SCALE`] would not fit or the area is empty or not finite.
pub fn fitting_scale(extent: (Point, Point), wanted: f32, max_pixels: u64) -> Option<f32> {
    let (w, h) = pixels(extent, 1.0);
    if w == 0 || h == 0 {
        return None;
    }
    let area = w as f64 * h as f64;
    // A little under the exact root, so that rounding each side up cannot exceed the budget.
    let most = ((max_pixels as f64 / area).sqrt() * 0.995) as f32;
    let scale = wanted.min(most);
    let (w, h) = pixels(extent, scale);
    (scale >= MIN_SCALE && w * h <= max_pixels).then_some(scale)
}

/// Text smaller than this many pixels is a smudge: it is left out of the image, which for a
/// large diagram drawn small saves most of the work of drawing it.
const MIN_TEXT_PX: f32 = 2.0;

/// The scene without the text too small to read at `scale`.
fn legible(scene: &Scene, scale: f32) -> std::borrow::Cow<'_, Scene> {
    use super::scene::Item;
    let tiny = |item: &Item| matches!(item, Item::Text { size, .. } if size * scale < MIN_TEXT_PX);
    if !scene.items.iter().any(tiny) {
        return std::borrow::Cow::Borrowed(scene);
    }
    // What stands behind a text left out goes too; indices are renumbered as items drop out.
    let unread: std::collections::HashSet<usize> = scene
        .behind_text
        .iter()
        .filter(|(_, size)| size * scale < MIN_TEXT_PX)
        .map(|(i, _)| *i)
        .collect();
    let (items, owners) = scene
        .items
        .iter()
        .zip(&scene.owners)
        .enumerate()
        .filter(|(i, (item, _))| !tiny(item) && !unread.contains(i))
        .map(|(_, (item, owner))| (item.clone(), *owner))
        .unzip();
    std::borrow::Cow::Owned(Scene {
        min: scene.min,
        max: scene.max,
        items,
        behind_text: Vec::new(),
        owners,
        layers: Vec::new(),
    })
}

/// Renders a scene at `scale` pixels per diagram unit. Refuses, before allocating anything, an
/// image of more than [`MAX_PIXELS`].
pub fn to_png(scene: &Scene, scale: f32) -> Result<Vec<u8>, String> {
    let (w, h) = pixels((scene.min, scene.max), scale);
    if w == 0 || h == 0 || w * h > MAX_PIXELS {
        return Err(format!(
            "the image would be {w} x {h} pixels; Strider draws images of up to {MAX_PIXELS} pixels"
        ));
    }
    let svg = super::svg::to_svg(&legible(scene, scale), "diagram");
    let mut options = resvg::usvg::Options::default();
    {
        let db = options.fontdb_mut();
        db.load_font_data(FONT_REGULAR.to_vec());
        db.load_font_data(FONT_BOLD.to_vec());
        db.set_sans_serif_family("DejaVu Sans");
    }
    let tree = resvg::usvg::Tree::from_str(&svg, &options).map_err(|e| e.to_string())?;
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(w as u32, h as u32).ok_or("cannot allocate the image")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn far_apart_shapes_are_scaled_down_or_refused_before_drawing() {
        let small = ((0.0, 0.0), (800.0, 600.0));
        assert_eq!(fitting_scale(small, 2.0, MAX_PIXELS), Some(2.0));
        let wide = ((0.0, 0.0), (12_000.0, 6_000.0));
        let scale = fitting_scale(wide, 2.0, MAX_PIXELS).expect("fits when smaller");
        assert!((MIN_SCALE..2.0).contains(&scale));
        let (w, h) = pixels(wide, scale);
        assert!(w * h <= MAX_PIXELS);
        let huge = ((0.0, 0.0), (1e9, 1e9));
        assert_eq!(fitting_scale(huge, 2.0, MAX_PIXELS), None);
        assert_eq!(
            pixels(((0.0, 0.0), (f32::INFINITY, 1.0)), 1.0).0,
            u32::MAX as u64
        );
        assert_eq!(
            fitting_scale(((0.0, 0.0), (f32::NAN, 1.0)), 1.0, MAX_PIXELS),
            None
        );
    }
}
