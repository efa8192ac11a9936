//! Opening any model file, Strider's own or another tool's, judged by how it starts: a Strider
//! model is RON and starts with `(` (or a RON comment), the others are JSON (`{`, `[`), XML (`<`)
//! or YAML (anything else).

use super::import::{self, Foreign, ImportError};
use super::native::{self, LoadError};
use crate::model::Model;
use std::io::BufRead;
use std::path::Path;
use thiserror::Error;

/// A model, and when it came from another tool, which one and its import report.
#[derive(Debug, Clone)]
pub struct Opened {
    pub model: Model,
    pub imported: Option<(Foreign, Vec<String>)>,
}

#[derive(Debug, Error)]
pub enum OpenError {
    #[error(transparent)]
    Native(#[from] LoadError),
    #[error(transparent)]
    Import(#[from] ImportError),
}

impl OpenError {
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            OpenError::Native(e) => e.position(),
            OpenError::Import(e) => e.position,
        }
    }
}

/// Whether a file looks like another tool's model rather than Strider's own, judged by how it
/// starts after a byte-order mark and any amount of white space: Strider's RON starts with `(`,
/// a comment (`//`, `/*`) or an extension line (`#![enable(...)]`); anything else (JSON, XML,
/// YAML, or nothing at all) goes to the importers, which say what it is.
pub fn is_foreign(path: &Path) -> std::io::Result<bool> {
    let mut reader = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut first = true;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(true);
        }
        let mut bytes = chunk;
        if first {
            first = false;
            if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
                bytes = rest;
            }
        }
        if let Some(at) = bytes.iter().position(|b| !b.is_ascii_whitespace()) {
            let rest = &bytes[at..];
            // A damaged `.ron` file is Strider's own, and its error should say so (with the
            // line), unless it is plainly JSON or XML that someone named `.ron`.
            let named_ron = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
            let json_or_xml = matches!(rest[0], b'{' | b'[' | b'<');
            return Ok(!starts_like_ron(rest) && (!named_ron || json_or_xml));
        }
        let n = chunk.len();
        reader.consume(n);
    }
}

/// `text` starts with what a RON model may start with; a comment cut at the end of the buffer
/// is taken as RON when it begins with `/` (no other format starts so) and as YAML with `#`.
fn starts_like_ron(text: &[u8]) -> bool {
    matches!(
        text,
        [b'(', ..] | [b'/'] | [b'/', b'/' | b'*', ..] | [b'#', b'!', ..]
    )
}

pub fn open(path: &Path) -> Result<Opened, OpenError> {
    let foreign = is_foreign(path).map_err(|source| LoadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    if foreign {
        let imported = import::import_file(path)?;
        Ok(Opened {
            model: imported.model,
            imported: Some((imported.format, imported.report)),
        })
    } else {
        Ok(Opened {
            model: native::load(path)?,
            imported: None,
        })
    }
}
