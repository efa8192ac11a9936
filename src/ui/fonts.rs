//! The diagram's fonts on the canvas: the same DejaVu Sans (regular and bold) the SVG, PNG and
//! PDF backends draw with, so names wrap and weigh the same on screen as on paper.

use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

pub const DIAGRAM: &str = "diagram";
pub const DIAGRAM_BOLD: &str = "diagram-bold";

/// Adds the two diagram families to egui's fonts (egui's own fonts stay for the rest of the UI
/// and as fallbacks for characters DejaVu lacks).
pub fn install(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    let fallbacks = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    for (name, bytes) in [
        (DIAGRAM, crate::diagram::png::FONT_REGULAR),
        (DIAGRAM_BOLD, crate::diagram::png::FONT_BOLD),
    ] {
        fonts
            .font_data
            .insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
        let mut family = vec![name.to_owned()];
        family.extend(fallbacks.iter().cloned());
        fonts.families.insert(FontFamily::Name(name.into()), family);
    }
    ctx.set_fonts(fonts);
}
