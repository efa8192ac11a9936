//! Writing a model to another file, the format chosen by the output's extension. Each format is
//! one entry in [`FORMATS`]; adding one means adding an entry.

use crate::diagram::{png, scene, svg};
use crate::model::Model;
use crate::workbook::{self, Paper};
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ExportError {
    #[error(
        "{path}: Strider cannot export to this kind of file; supported extensions: {supported}"
    )]
    UnknownFormat { path: String, supported: String },
    #[error("{path}: cannot write: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Failed { path: String, message: String },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportOptions {
    pub paper: Paper,
    /// For the workbook: empty tables for filling in by hand.
    pub blank: bool,
}

/// What an export wrote, and what the target format could not hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Exported {
    pub files: Vec<PathBuf>,
    /// One line per field shortened or left out because the format has no place for it.
    pub notes: Vec<String>,
}

impl From<Vec<PathBuf>> for Exported {
    fn from(files: Vec<PathBuf>) -> Self {
        Exported {
            files,
            notes: Vec::new(),
        }
    }
}

type Writer = fn(&Model, &Path, &ExportOptions) -> Result<Exported, ExportError>;

/// One export format: the file name ending that selects it, a description, and the writer,
/// which returns the files it wrote.
pub struct Format {
    pub extension: &'static str,
    pub description: &'static str,
    pub write: Writer,
}

pub const FORMATS: &[Format] = &[
    Format {
        extension: ".ron",
        description: "Strider model (canonical RON)",
        write: write_native,
    },
    Format {
        extension: ".pdf",
        description: "participant workbook (PDF)",
        write: write_pdf,
    },
    Format {
        extension: ".svg",
        description: "diagram (SVG; one file per diagram)",
        write: write_svg,
    },
    Format {
        extension: ".png",
        description: "diagram (PNG; one file per diagram)",
        write: write_png,
    },
    Format {
        extension: ".td.json",
        description: "Threat Dragon v2 model",
        write: write_threat_dragon,
    },
    Format {
        extension: ".tc.json",
        description: "Threat Composer workspace",
        write: write_threat_composer,
    },
    Format {
        extension: ".md",
        description: "workbook sections as Markdown",
        write: write_markdown,
    },
];

/// The format a path selects: the longest matching extension, ignoring case, so that ".td.json"
/// can win over ".json" when both exist.
pub fn format_for(path: &Path) -> Option<&'static Format> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    FORMATS
        .iter()
        .filter(|f| name.ends_with(f.extension) && name.len() > f.extension.len())
        .max_by_key(|f| f.extension.len())
}

/// Exports with default options; returns the files written.
pub fn export_to_path(model: &Model, path: &Path) -> Result<Exported, ExportError> {
    export_with(model, path, &ExportOptions::default())
}

pub fn export_with(
    model: &Model,
    path: &Path,
    options: &ExportOptions,
) -> Result<Exported, ExportError> {
    let format = format_for(path).ok_or_else(|| ExportError::UnknownFormat {
        path: path.display().to_string(),
        supported: FORMATS
            .iter()
            .map(|f| f.extension)
            .collect::<Vec<_>>()
            .join(", "),
    })?;
    (format.write)(model, path, options)
}

fn write_bytes(path: &Path, bytes: &[u8]) -> Result<Exported, ExportError> {
    super::write_atomically(path, bytes).map_err(|source| ExportError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(vec![path.to_path_buf()].into())
}

fn write_threat_dragon(m: &Model, path: &Path, _: &ExportOptions) -> Result<Exported, ExportError> {
    write_with_notes(path, super::threat_dragon::to_json(m))
}

fn write_threat_composer(
    m: &Model,
    path: &Path,
    _: &ExportOptions,
) -> Result<Exported, ExportError> {
    write_with_notes(path, super::threat_composer::to_json(m))
}

/// Writes a text export, passing on its notes on what the format could not hold.
fn write_with_notes(
    path: &Path,
    (text, notes): (String, Vec<String>),
) -> Result<Exported, ExportError> {
    let mut written = write_bytes(path, text.as_bytes())?;
    written.notes = notes;
    Ok(written)
}

fn write_native(model: &Model, path: &Path, _: &ExportOptions) -> Result<Exported, ExportError> {
    write_bytes(path, super::native::to_string(model).as_bytes())
}

fn write_pdf(model: &Model, path: &Path, o: &ExportOptions) -> Result<Exported, ExportError> {
    let options = workbook::Options {
        paper: o.paper,
        blank: o.blank,
    };
    write_bytes(path, &workbook::pdf(model, options))
}

fn write_markdown(model: &Model, path: &Path, _: &ExportOptions) -> Result<Exported, ExportError> {
    write_bytes(path, workbook::markdown::report(model).as_bytes())
}

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

fn write_svg(model: &Model, path: &Path, _: &ExportOptions) -> Result<Exported, ExportError> {
    need_a_diagram(model, path)?;
    let mut written = Vec::new();
    for (d, p) in model.diagrams.iter().zip(diagram_paths(model, path)) {
        let text = svg::to_svg(&scene::draw(model, d), &d.name);
        written.extend(write_bytes(&p, text.as_bytes())?.files);
    }
    Ok(written.into())
}

fn write_png(model: &Model, path: &Path, _: &ExportOptions) -> Result<Exported, ExportError> {
    need_a_diagram(model, path)?;
    let mut written = Vec::new();
    for (d, p) in model.diagrams.iter().zip(diagram_paths(model, path)) {
        let bytes =
            png::to_png(&scene::draw(model, d), 2.0).map_err(|message| ExportError::Failed {
                path: p.display().to_string(),
                message,
            })?;
        written.extend(write_bytes(&p, &bytes)?.files);
    }
    Ok(written.into())
}
