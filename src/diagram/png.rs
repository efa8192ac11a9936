//! PNG output of a diagram: the SVG rendered with resvg, with the embedded DejaVu fonts so the
//! result does not depend on the fonts installed.

use super::scene::Scene;

pub const FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub const FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Renders a scene at `scale` pixels per diagram unit. Fails only when the image would be
/// absurdly large.
pub fn to_png(scene: &Scene, scale: f32) -> Result<Vec<u8>, String> {
    let svg = super::svg::to_svg(scene, "diagram");
    let mut options = resvg::usvg::Options::default();
    {
        let db = options.fontdb_mut();
        db.load_font_data(FONT_REGULAR.to_vec());
        db.load_font_data(FONT_BOLD.to_vec());
        db.set_sans_serif_family("DejaVu Sans");
    }
    let tree = resvg::usvg::Tree::from_str(&svg, &options).map_err(|e| e.to_string())?;
    let (w, h) = (
        (scene.width() * scale).ceil() as u32,
        (scene.height() * scale).ceil() as u32,
    );
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > 400_000_000 {
        return Err(format!("the image would be {w} x {h} pixels"));
    }
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).ok_or("cannot allocate the image")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}
