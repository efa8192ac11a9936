//! Opening any model file, Strider's own or another tool's, judged by its first character: a
//! Strider model is RON and starts with `(`, the others are JSON (`{`, `[`) or XML (`<`).

use super::import::{self, Foreign, ImportError};
use super::native::{self, LoadError};
use crate::model::Model;
use std::io::Read;
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

/// Whether a file looks like another tool's model rather than Strider's own.
pub fn is_foreign(path: &Path) -> std::io::Result<bool> {
    let mut head = [0u8; 512];
    let n = std::fs::File::open(path)?.read(&mut head)?;
    let head = head[..n]
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&head[..n]);
    Ok(head
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| matches!(b, b'{' | b'[' | b'<')))
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
