//! Writing a model to another file, the format chosen by the output's extension. Each format is
//! one entry in [`FORMATS`]; adding one (PDF, SVG, Markdown…) means adding an entry.

use crate::model::Model;
use std::path::Path;
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

/// One export format: the file name ending that selects it, a description, and the writer.
pub struct Format {
    pub extension: &'static str,
    pub description: &'static str,
    pub write: fn(&Model, &Path) -> Result<(), ExportError>,
}

pub const FORMATS: &[Format] = &[Format {
    extension: ".ron",
    description: "Strider model (canonical RON)",
    write: write_native,
}];

/// The format a path selects: the longest matching extension, ignoring case, so that ".td.json"
/// can win over ".json" when both exist.
pub fn format_for(path: &Path) -> Option<&'static Format> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    FORMATS
        .iter()
        .filter(|f| name.ends_with(f.extension) && name.len() > f.extension.len())
        .max_by_key(|f| f.extension.len())
}

pub fn export_to_path(model: &Model, path: &Path) -> Result<(), ExportError> {
    let format = format_for(path).ok_or_else(|| ExportError::UnknownFormat {
        path: path.display().to_string(),
        supported: FORMATS
            .iter()
            .map(|f| f.extension)
            .collect::<Vec<_>>()
            .join(", "),
    })?;
    (format.write)(model, path)
}

fn write_native(model: &Model, path: &Path) -> Result<(), ExportError> {
    super::native::save(model, path).map_err(|e| ExportError::Io {
        path: e.path,
        source: e.source,
    })
}
