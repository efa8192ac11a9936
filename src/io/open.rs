//! Opening any model file, Strider's own or another tool's, judged by its first character: a
//! Strider model is RON and starts with `(`, the others are JSON (`{`, `[`) or XML (`<`).

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

/// Whether a file looks like another tool's model rather than Strider's own: judged by its first
/// character after a byte-order mark and any amount of white space.
pub fn is_foreign(path: &Path) -> std::io::Result<bool> {
    let mut reader = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut first = true;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(false);
        }
        let mut bytes = chunk;
        if first {
            first = false;
            if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
                bytes = rest;
            }
        }
        if let Some(b) = bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            return Ok(matches!(b, b'{' | b'[' | b'<'));
        }
        let n = chunk.len();
        reader.consume(n);
    }
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
