//! Strider's native file format: RON, one field per line, stable order, with the format's name
//! and version at the top so that later versions can migrate older files.
//!
//! ```ron
//! (
//!     format: "strider-threat-model",
//!     version: 1,
//!     model: (
//!         info: (
//!             title: "Connected Vehicle",
//! ```
//!
//! Fields that hold their default value (false, empty, unset) are left out, so a file shows only
//! what someone said. Loading then saving an unchanged model gives the same bytes.

use crate::model::Model;
use serde::{Deserialize, Serialize};
use std::path::Path;
use thiserror::Error;

pub const FORMAT_NAME: &str = "strider-threat-model";
/// The newest format version this build reads and the one it writes.
pub const FORMAT_VERSION: u32 = 1;
/// Larger files are refused before reading: no real model comes close.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, Error)]
pub enum LoadError {
    #[error("{path}: cannot read the file: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: the file is {size} bytes; Strider opens models up to {MAX_FILE_BYTES} bytes")]
    TooLarge { path: String, size: u64 },
    #[error("{path}:{line}:{column}: the file is not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 {
        path: String,
        line: usize,
        column: usize,
        offset: usize,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path}: this is not a Strider model (its format is {found:?}, expected {FORMAT_NAME:?})"
    )]
    WrongFormat { path: String, found: String },
    #[error(
        "{path}: written by a newer Strider (file format version {found}); this version reads versions up to {FORMAT_VERSION}. Update Strider to open it."
    )]
    NewerVersion { path: String, found: u32 },
}

impl LoadError {
    /// The line and column the error points at, when there is one.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            LoadError::Syntax { line, column, .. } | LoadError::NotUtf8 { line, column, .. } => {
                Some((*line, *column))
            }
            _ => None,
        }
    }
}

#[derive(Debug, Error)]
#[error("{path}: cannot save: {source}")]
pub struct SaveError {
    pub path: String,
    pub source: std::io::Error,
}

/// Only the first two fields, read before anything else so that a file from a newer version is
/// recognised as such even when the rest no longer matches this version's model.
#[derive(Deserialize)]
#[serde(rename = "StriderFile")]
struct Header {
    format: String,
    version: u32,
}

#[derive(Deserialize)]
#[serde(rename = "StriderFile", deny_unknown_fields)]
struct FileV1 {
    format: String,
    version: u32,
    model: Model,
}

#[derive(Serialize)]
struct FileOut<'m> {
    format: &'static str,
    version: u32,
    model: &'m Model,
}

fn ron_options() -> ron::Options {
    // `implicit_some` lets optional fields be written as `priority: High` rather than
    // `priority: Some(High)`, which reads better in a file people edit and diff.
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .struct_names(false)
        .separate_tuple_members(false)
        .escape_strings(true)
}

/// The canonical text of a model.
pub fn to_string(model: &Model) -> String {
    let file = FileOut {
        format: FORMAT_NAME,
        version: FORMAT_VERSION,
        model,
    };
    let mut text = ron_options()
        .to_string_pretty(&file, pretty())
        .expect("a model always serialises: it has no maps with non-string keys");
    text.push('\n');
    text
}

/// Parses a model from text; `path` only names the source in errors.
pub fn from_str(text: &str, path: &str) -> Result<Model, LoadError> {
    // Some Windows editors start UTF-8 files with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options = ron_options();
    // One pass in the common case; the lenient header is only read to explain a failure, so that
    // a newer or foreign file is reported as such rather than as its first unknown field.
    match options.from_str::<FileV1>(text) {
        Ok(file) => check_header(&file.format, file.version, path).map(|()| file.model),
        Err(full) => {
            let header: Header = options.from_str(text).map_err(|e| syntax_error(path, &e))?;
            check_header(&header.format, header.version, path)?;
            Err(syntax_error(path, &full))
        }
    }
}

fn check_header(format: &str, version: u32, path: &str) -> Result<(), LoadError> {
    if format != FORMAT_NAME {
        return Err(LoadError::WrongFormat {
            path: path.to_owned(),
            found: format.to_owned(),
        });
    }
    match version {
        FORMAT_VERSION => Ok(()),
        v if v > FORMAT_VERSION => Err(LoadError::NewerVersion {
            path: path.to_owned(),
            found: v,
        }),
        // Versions before 1 never existed; a migration step goes here when version 2 arrives.
        v => Err(LoadError::Syntax {
            path: path.to_owned(),
            line: 1,
            column: 1,
            message: format!("unknown file format version {v}"),
        }),
    }
}

fn syntax_error(path: &str, e: &ron::error::SpannedError) -> LoadError {
    let message = match &e.code {
        ron::Error::ExceededRecursionLimit => {
            "the file is nested too deeply to be a Strider model".to_owned()
        }
        code => code.to_string(),
    };
    LoadError::Syntax {
        path: path.to_owned(),
        line: e.span.start.line,
        column: e.span.start.col,
        message,
    }
}

/// Reads and parses a model file.
pub fn load(path: &Path) -> Result<Model, LoadError> {
    let name = path.display().to_string();
    let io = |source| LoadError::Io {
        path: name.clone(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { path: name, size });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let text = decode_utf8(bytes, &name)?;
    from_str(&text, &name)
}

/// Text from bytes, or an error that says where the first invalid byte is.
pub fn decode_utf8(bytes: Vec<u8>, path: &str) -> Result<String, LoadError> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        LoadError::NotUtf8 {
            path: path.to_owned(),
            line,
            column,
            offset,
        }
    })
}

/// Saves a model in canonical form, atomically: the old file stays intact if anything fails.
pub fn save(model: &Model, path: &Path) -> Result<(), SaveError> {
    super::write_atomically(path, to_string(model).as_bytes()).map_err(|source| SaveError {
        path: path.display().to_string(),
        source,
    })
}
