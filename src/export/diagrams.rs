//! Diagrams as images: one SVG or PNG file per diagram, and the single image a Threat Composer
//! workspace holds. Every raster is sized before it is drawn (see `diagram::png`).

use super::{ExportError, ExportOptions, Exported, write_bytes};
use crate::diagram::{png, scene, svg};
use crate::model::Model;
use std::path::{Path, PathBuf};

/// Pixels per diagram unit of an exported PNG, when it fits.
const PNG_SCALE: f32 = 2.0;

/// Threat Composer's image must stay under a megabyte of base64: more pixels than this never fit.
const THREAT_COMPOSER_PIXELS: u64 = 4_000_000;

/// The file for each diagram: the path itself for a single diagram, `NAME-<diagram id>.EXT`
/// when there are several.
fn diagram_paths(model: &Model, path: &Path) -> Vec<PathBuf> {
    if model.diagrams.len() <= 1 {
        return vec![path.to_path_buf()];
    }
    let stem = path
        .file_stem()
        .map_or("diagram".into(), |s| s.to_string_lossy().into_owned());
    let ext = path
        .extension()
        .map_or("".into(), |s| s.to_string_lossy().into_owned());
    model
        .diagrams
        .iter()
        .map(|d| path.with_file_name(format!("{stem}-{}.{ext}", d.id)))
        .collect()
}

/// A drawing needs a diagram: say so rather than write nothing.
fn need_a_diagram(model: &Model, path: &Path) -> Result<(), ExportError> {
    if model.diagrams.is_empty() {
        return Err(ExportError::Failed {
            path: path.display().to_string(),
            message: "the model has no diagram to draw; add one (Diagram > New diagram) first"
                .into(),
        });
    }
    Ok(())
}

pub(super) fn write_svg(
    model: &Model,
    path: &Path,
    _: &ExportOptions,
) -> Result<Exported, ExportError> {
    need_a_diagram(model, path)?;
    let mut written = Vec::new();
    for (d, p) in model.diagrams.iter().zip(diagram_paths(model, path)) {
        let text = svg::to_svg(&scene::draw(model, d), &d.name);
        written.extend(write_bytes(&p, text.as_bytes())?.files);
    }
    Ok(written.into())
}

/// One PNG per diagram at twice the diagram's size, or smaller when that would exceed
/// [`png::MAX_PIXELS`]; a diagram too large even at the smallest usable scale is refused
/// before anything is drawn.
pub(super) fn write_png(
    model: &Model,
    path: &Path,
    _: &ExportOptions,
) -> Result<Exported, ExportError> {
    need_a_diagram(model, path)?;
    let mut written = Exported::default();
    for (d, p) in model.diagrams.iter().zip(diagram_paths(model, path)) {
        let extent = scene::extent(d);
        let Some(scale) = png::fitting_scale(extent, PNG_SCALE, png::MAX_PIXELS) else {
            let (w, h) = png::pixels(extent, png::MIN_SCALE);
            return Err(ExportError::Failed {
                path: p.display().to_string(),
                message: format!(
                    "the diagram \"{}\" spans {w} x {h} pixels even at its smallest usable \
                     scale, more than the {} pixels an image may have; export it as SVG, or \
                     move its shapes closer together",
                    d.name,
                    png::MAX_PIXELS
                ),
            });
        };
        if scale < PNG_SCALE {
            written.notes.push(format!(
                "The diagram \"{}\" was drawn at {:.0}% instead of {:.0}% to stay under {} pixels.",
                d.name,
                scale * 100.0,
                PNG_SCALE * 100.0,
                png::MAX_PIXELS
            ));
        }
        let bytes =
            png::to_png(&scene::draw(model, d), scale).map_err(|message| ExportError::Failed {
                path: p.display().to_string(),
                message,
            })?;
        written.files.extend(write_bytes(&p, &bytes)?.files);
    }
    Ok(written)
}

/// The diagram as the PNG a Threat Composer workspace holds: the first diagram with elements,
/// at the largest of a few scales that fits the format's limit; with notes on what was left out.
pub(super) fn threat_composer_image(model: &Model) -> (Option<Vec<u8>>, Vec<String>) {
    let mut notes = Vec::new();
    let Some(d) = model.diagrams.iter().find(|d| !d.elements.is_empty()) else {
        return (None, notes);
    };
    if model.diagrams.len() > 1 {
        notes.push(format!(
            "Threat Composer holds one data-flow image: it shows \"{}\".",
            d.name
        ));
    }
    let extent = scene::extent(d);
    let mut scales: Vec<f32> = [1.5, 1.0, 0.5]
        .into_iter()
        .filter_map(|s| png::fitting_scale(extent, s, THREAT_COMPOSER_PIXELS))
        .collect();
    scales.dedup();
    // Drawn only once it is known that some scale can fit.
    let drawn = (!scales.is_empty()).then(|| scene::draw(model, d));
    let image = drawn.and_then(|drawn| {
        scales.into_iter().find_map(|scale| {
            png::to_png(&drawn, scale)
                .ok()
                .filter(|png| crate::io::threat_composer::image_fits(png))
        })
    });
    if image.is_none() {
        notes.push(
            "The diagram is too large for Threat Composer's image limit and was left out.".into(),
        );
    }
    (image, notes)
}
