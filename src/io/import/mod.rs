//! Opening models written by other tools: OWASP Threat Dragon (v1 and v2 JSON), AWS Threat
//! Composer (`.tc.json`), the Microsoft Threat Modeling Tool (`.tm7`), Open Threat Model (JSON
//! or YAML), TM-BOM, draw.io and Threagile (YAML).
//!
//! The format is recognised by content, never by the file name alone, because people rename
//! files. An import never invents data: what has no place in Strider's model is listed in the
//! [`Imported::report`] so that nothing is dropped silently.

pub(crate) mod builder;
mod detect;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod nest;
mod yaml;

use crate::model::Model;
use std::path::Path;
use thiserror::Error;

pub use detect::Foreign;

/// Files larger than this are refused before reading. The largest real model we know (a TMT file
/// with its embedded template) is 1.3 MB; the limit is set by Strider's own exports instead:
/// twice the largest model Strider opens ([`crate::io::native::MAX_FILE_BYTES`]), since a Threat
/// Dragon file is about twice its model, and an export that would exceed it is refused, so that
/// every file Strider writes opens again.
pub const MAX_IMPORT_BYTES: u64 = 2 * crate::io::native::MAX_FILE_BYTES;

/// A model read from another tool's file, with what could not be carried over.
#[derive(Debug, Clone)]
pub struct Imported {
    pub model: Model,
    pub format: Foreign,
    /// One line per thing that has no place in Strider's model or was approximated.
    pub report: Vec<String>,
}

#[derive(Debug, Clone, Error, PartialEq)]
#[error("{path}{}: {message}", position.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
pub struct ImportError {
    pub path: String,
    /// Line and column (1-based) where the file is malformed, when the parser knows it.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl ImportError {
    pub(crate) fn new(path: &str, message: impl Into<String>) -> Self {
        ImportError {
            path: path.to_owned(),
            position: None,
            message: message.into(),
        }
    }

    pub(crate) fn at(path: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        ImportError {
            path: path.to_owned(),
            position: Some((line, column)),
            message: message.into(),
        }
    }
}

/// Reads and imports a file; `path` also names the source in errors.
pub fn import_file(path: &Path) -> Result<Imported, ImportError> {
    let name = path.display().to_string();
    let size = std::fs::metadata(path)
        .map_err(|e| ImportError::new(&name, format!("cannot read the file: {e}")))?
        .len();
    if size > MAX_IMPORT_BYTES {
        return Err(too_large(&name, size));
    }
    let bytes =
        std::fs::read(path).map_err(|e| ImportError::new(&name, format!("cannot read: {e}")))?;
    import_bytes(&bytes, &name)
}

/// Imports a file's contents; `path` only names the source in errors.
pub fn import_bytes(bytes: &[u8], path: &str) -> Result<Imported, ImportError> {
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(bytes, e.valid_up_to());
        ImportError::at(
            path,
            line,
            column,
            "the file is not UTF-8 text, so it is not a model Strider imports",
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match detect::detect(text, path)? {
        detect::Parsed::Json(format, value) => match format {
            Foreign::ThreatDragonV1 | Foreign::ThreatDragonV2 => {
                super::threat_dragon::read(&value, format, path)
            }
            Foreign::ThreatComposer => super::threat_composer::read(&value, path),
            Foreign::Otm => super::otm::read(&value, path),
            Foreign::TmBom => super::tmbom::read(&value, path),
            Foreign::Threagile => super::threagile::read(&value, path),
            Foreign::Tmt | Foreign::DrawIo => Err(ImportError::new(
                path,
                "a JSON file cannot be a TMT or draw.io model, which are XML",
            )),
        },
        detect::Parsed::Xml if super::drawio::is_drawio(text) => super::drawio::read(text, path),
        detect::Parsed::Xml => super::tmt::read(text, path),
    }
}

fn too_large(path: &str, size: u64) -> ImportError {
    ImportError::new(
        path,
        format!(
            "the file is {size} bytes; Strider imports files up to {MAX_IMPORT_BYTES} bytes \
             (real threat models are far smaller)"
        ),
    )
}

/// The model's title, or when the file has none, the file's name without its extensions.
pub(crate) fn title_or_file_name(title: &str, path: &str) -> String {
    if !title.trim().is_empty() {
        return title.trim().to_owned();
    }
    let name = std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.split('.').next().unwrap_or("").trim();
    if stem.is_empty() {
        "Untitled".to_owned()
    } else {
        stem.to_owned()
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}
