//! Writing a model to another file, the format chosen by the output's extension. Each format is
//! one entry in [`FORMATS`]; adding one means adding an entry.
//!
//! This module sits above `io`, `diagram` and `workbook` and is the only place that joins them:
//! the file formats know nothing of drawings or workbooks.
//!
//! Every writer gets a model it can hold: Strider's own format writes the model exactly as it
//! is, problems included, and every other format gets a repaired copy (see
//! [`crate::model::repair`]) with a note for each repair.

mod diagrams;

use crate::io::MAX_IMPORT_BYTES;
use crate::model::{Model, repair};
use crate::workbook::{self, Paper};
use std::borrow::Cow;
use std::io::Write;
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

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportOptions {
    pub paper: Paper,
    /// For the workbook: empty tables for filling in by hand.
    pub blank: bool,
    /// The model's own file, if it has one: SARIF results point at it.
    pub source: Option<PathBuf>,
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
    /// Writes the model exactly as it is, structural problems included; every other format
    /// gets a repaired copy.
    pub keeps_problems: bool,
    pub write: Writer,
}

pub const FORMATS: &[Format] = &[
    Format {
        extension: ".ron",
        description: "Strider model (canonical RON)",
        keeps_problems: true,
        write: write_native,
    },
    Format {
        extension: ".pdf",
        description: "participant workbook (PDF)",
        keeps_problems: false,
        write: write_pdf,
    },
    Format {
        extension: ".svg",
        description: "diagram (SVG; one file per diagram)",
        keeps_problems: false,
        write: diagrams::write_svg,
    },
    Format {
        extension: ".png",
        description: "diagram (PNG; one file per diagram)",
        keeps_problems: false,
        write: diagrams::write_png,
    },
    Format {
        extension: ".td.json",
        description: "Threat Dragon v2 model",
        keeps_problems: false,
        write: write_threat_dragon,
    },
    Format {
        extension: ".tc.json",
        description: "Threat Composer workspace",
        keeps_problems: false,
        write: write_threat_composer,
    },
    Format {
        extension: ".otm",
        description: "Open Threat Model 0.2.0 (IriusRisk, StartLeft), positions included",
        keeps_problems: false,
        write: write_otm,
    },
    Format {
        extension: ".tmbom.json",
        description: "TM-BOM 1.0 (OWASP Threat Model Library)",
        keeps_problems: false,
        write: write_tmbom,
    },
    Format {
        extension: ".csv",
        description: "threats as CSV (for a tracker's CSV import)",
        keeps_problems: false,
        write: write_csv,
    },
    Format {
        extension: ".xlsx",
        description: "threats, mitigations and assumptions (Excel workbook)",
        keeps_problems: false,
        write: write_xlsx,
    },
    Format {
        extension: ".sarif",
        description: "open threats as SARIF 2.1.0 (code-scanning dashboards)",
        keeps_problems: false,
        write: write_sarif,
    },
    Format {
        extension: ".md",
        description: "workbook sections as Markdown",
        keeps_problems: false,
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
    let (model, repairs) = if format.keeps_problems {
        (Cow::Borrowed(model), Vec::new())
    } else {
        repair::writable(model)
    };
    let mut written = (format.write)(&model, path, options)?;
    written.notes.splice(0..0, repairs);
    Ok(written)
}

/// The Threat Composer workspace of a model, with the diagram drawn as its data-flow image, and
/// the notes on what it could not hold: what `-o NAME.tc.json` writes.
pub fn threat_composer(model: &Model) -> (String, Vec<String>) {
    let (model, mut notes) = repair::writable(model);
    let (text, more) = threat_composer_of_sound(&model);
    notes.extend(more);
    (text, notes)
}

fn threat_composer_of_sound(model: &Model) -> (String, Vec<String>) {
    let (image, mut notes) = diagrams::threat_composer_image(model);
    let (text, more) = crate::io::threat_composer::to_json(model, image.as_deref());
    notes.extend(more);
    (text, notes)
}

pub(crate) fn write_bytes(path: &Path, bytes: &[u8]) -> Result<Exported, ExportError> {
    crate::io::write_atomically(path, bytes).map_err(|source| ExportError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(vec![path.to_path_buf()].into())
}

/// Threat Dragon files can be far larger than their model, so they are streamed to disk, and
/// refused past the size Strider itself would import.
fn write_threat_dragon(m: &Model, path: &Path, _: &ExportOptions) -> Result<Exported, ExportError> {
    let mut notes = Vec::new();
    write_capped(path, "Threat Dragon", |out| {
        notes = crate::io::threat_dragon::write_json(m, out)?;
        Ok(())
    })?;
    Ok(Exported {
        files: vec![path.to_path_buf()],
        notes,
    })
}

/// Marks the error of a file that grew past [`MAX_IMPORT_BYTES`].
#[derive(Debug)]
struct TooLarge;

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "larger than {} MiB", MAX_IMPORT_BYTES >> 20)
    }
}

impl std::error::Error for TooLarge {}

/// Counts what passes through and fails once it exceeds `limit`.
struct Capped<'w> {
    inner: &'w mut dyn Write,
    written: u64,
    limit: u64,
}

impl Write for Capped<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.written += buf.len() as u64;
        if self.written > self.limit {
            return Err(std::io::Error::other(TooLarge));
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes a file another tool (and Strider) will import, atomically and no larger than Strider
/// imports: past that, the export is refused and the target left as it was.
fn write_capped(
    path: &Path,
    format: &str,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), ExportError> {
    write_at_most(path, format, MAX_IMPORT_BYTES, fill)
}

fn write_at_most(
    path: &Path,
    format: &str,
    limit: u64,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), ExportError> {
    crate::io::write_atomically_with(path, |out| {
        let mut capped = Capped {
            inner: out,
            written: 0,
            limit,
        };
        fill(&mut capped)
    })
    .map_err(|source| {
        if source.get_ref().is_some_and(|e| e.is::<TooLarge>()) {
            too_large(path, format)
        } else {
            ExportError::Io {
                path: path.display().to_string(),
                source,
            }
        }
    })
}

fn too_large(path: &Path, format: &str) -> ExportError {
    ExportError::Failed {
        path: path.display().to_string(),
        message: format!(
            "the {format} file would be larger than {} MiB, the largest file Strider imports, \
             so it could not be opened again; the model is too large for this format",
            MAX_IMPORT_BYTES >> 20
        ),
    }
}

fn write_threat_composer(
    m: &Model,
    path: &Path,
    _: &ExportOptions,
) -> Result<Exported, ExportError> {
    let (text, notes) = threat_composer_of_sound(m);
    write_capped(path, "Threat Composer", |out| {
        out.write_all(text.as_bytes())
    })?;
    Ok(Exported {
        files: vec![path.to_path_buf()],
        notes,
    })
}

fn write_native(model: &Model, path: &Path, _: &ExportOptions) -> Result<Exported, ExportError> {
    write_bytes(path, crate::io::native::to_string(model).as_bytes())
}

fn write_pdf(model: &Model, path: &Path, o: &ExportOptions) -> Result<Exported, ExportError> {
    let options = workbook::Options {
        paper: o.paper,
        blank: o.blank,
    };
    let (bytes, notes) = workbook::pdf_with_notes(model, options);
    let mut written = write_bytes(path, &bytes)?;
    written.notes = notes;
    Ok(written)
}

fn write_otm(model: &Model, path: &Path, _: &ExportOptions) -> Result<Exported, ExportError> {
    let (text, notes) = crate::io::otm::to_json(model);
    write_capped(path, "OTM", |out| out.write_all(text.as_bytes()))?;
    Ok(Exported {
        files: vec![path.to_path_buf()],
        notes,
    })
}

fn write_tmbom(model: &Model, path: &Path, _: &ExportOptions) -> Result<Exported, ExportError> {
    let (text, notes) = crate::io::tmbom_write::to_json(model);
    write_capped(path, "TM-BOM", |out| out.write_all(text.as_bytes()))?;
    Ok(Exported {
        files: vec![path.to_path_buf()],
        notes,
    })
}

fn write_csv(model: &Model, path: &Path, _: &ExportOptions) -> Result<Exported, ExportError> {
    let bytes = crate::io::spreadsheets::csv(model).map_err(|message| failed(path, message))?;
    write_bytes(path, &bytes)
}

fn write_xlsx(model: &Model, path: &Path, _: &ExportOptions) -> Result<Exported, ExportError> {
    let (bytes, notes) =
        crate::io::spreadsheets::xlsx(model).map_err(|message| failed(path, message))?;
    let mut written = write_bytes(path, &bytes)?;
    written.notes = notes;
    Ok(written)
}

/// Results point at the model's file as given (relative paths stay relative, as code scanning
/// wants them), with line numbers when it is Strider's own file.
fn write_sarif(model: &Model, path: &Path, o: &ExportOptions) -> Result<Exported, ExportError> {
    use crate::io::sarif;
    let text = o
        .source
        .as_ref()
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron")))
        .and_then(|p| std::fs::read_to_string(p).ok());
    let uri = o.source.as_ref().map_or_else(
        || "untitled.ron".to_owned(),
        |p| sarif::uri_of(&p.to_string_lossy()),
    );
    let json = sarif::to_json(
        model,
        &sarif::Source {
            uri,
            text: text.as_deref(),
        },
    );
    write_bytes(path, json.as_bytes())
}

fn failed(path: &Path, message: String) -> ExportError {
    ExportError::Failed {
        path: path.display().to_string(),
        message,
    }
}

fn write_markdown(model: &Model, path: &Path, _: &ExportOptions) -> Result<Exported, ExportError> {
    write_bytes(path, workbook::markdown::report(model).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_past_the_import_limit_is_refused_and_leaves_the_target_as_it_was() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("big.td.json");
        std::fs::write(&path, "before").expect("writes");
        let result = write_at_most(&path, "Threat Dragon", 10, |out| out.write_all(&[b'x'; 64]));
        let message = result.expect_err("refused").to_string();
        assert!(message.contains("larger than"), "{message}");
        assert_eq!(std::fs::read_to_string(&path).expect("reads"), "before");
        let left = std::fs::read_dir(dir.path()).expect("lists").count();
        assert_eq!(left, 1, "no temporary file is left behind");
        write_at_most(&path, "Threat Dragon", 64, |out| out.write_all(&[b'x'; 64]))
            .expect("at the limit it is written");
        // The real limit lets Strider's exports of the largest model it opens back in: a Threat
        // Dragon file is about twice its model.
        const { assert!(MAX_IMPORT_BYTES >= 2 * crate::io::native::MAX_FILE_BYTES) };
    }
}
