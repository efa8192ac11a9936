//! Native file dialogs, behind a trait so that tests never open a real one.

use std::path::PathBuf;
use std::time::{Duration, Instant};

pub trait FileDialogs {
    /// Asks for a model to open.
    fn open(&mut self) -> DialogResult;
    /// Asks for another tool's model to import.
    fn import(&mut self) -> DialogResult;
    /// Asks where to save, suggesting a file name.
    fn save(&mut self, suggested_name: &str) -> DialogResult;
    /// Asks where to export, for a file type (`description`, `extension` without the dot).
    fn export(&mut self, suggested_name: &str, description: &str, extension: &str) -> DialogResult;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogResult {
    Chosen(PathBuf),
    Cancelled,
    /// No dialog could be shown (no desktop portal and no zenity on Linux).
    Unavailable,
}

/// The system's dialogs, through rfd.
pub struct NativeDialogs;

/// rfd answers `None` both when the user cancels and, within milliseconds, when no dialog
/// backend exists. No person closes a dialog that fast, so a near-instant `None` means the
/// dialog never appeared.
const TOO_FAST: Duration = Duration::from_millis(150);

/// `STRIDER_FILE_DIALOG=builtin` skips the system dialog and uses Strider's own (for people
/// whose portal misbehaves, and for tests that drive the real window).
fn builtin_only() -> bool {
    std::env::var_os("STRIDER_FILE_DIALOG").is_some_and(|v| v == "builtin")
}

fn outcome(started: Instant, picked: Option<PathBuf>) -> DialogResult {
    match picked {
        Some(p) => DialogResult::Chosen(p),
        None if started.elapsed() < TOO_FAST => DialogResult::Unavailable,
        None => DialogResult::Cancelled,
    }
}

impl FileDialogs for NativeDialogs {
    fn open(&mut self) -> DialogResult {
        if builtin_only() {
            return DialogResult::Unavailable;
        }
        let started = Instant::now();
        let picked = rfd::FileDialog::new()
            .set_title("Open threat model")
            .add_filter("Strider model", &["ron"])
            // Other tools' models open too (recognised by content), as new unsaved documents.
            .add_filter(
                "Threat Dragon, Threat Composer, TMT, OTM, TM-BOM, draw.io or Threagile model",
                &["json", "tm7", "otm", "drawio", "xml", "yaml", "yml"],
            )
            .add_filter("All files", &["*"])
            .pick_file();
        outcome(started, picked)
    }

    fn import(&mut self) -> DialogResult {
        if builtin_only() {
            return DialogResult::Unavailable;
        }
        let started = Instant::now();
        let picked = rfd::FileDialog::new()
            .set_title("Import a Threat Dragon, Threat Composer, TMT, OTM, TM-BOM, draw.io or Threagile model")
            .add_filter("Threat models", &["json", "tm7", "otm", "drawio", "xml", "yaml", "yml"])
            .add_filter("All files", &["*"])
            .pick_file();
        outcome(started, picked)
    }

    fn save(&mut self, suggested_name: &str) -> DialogResult {
        if builtin_only() {
            return DialogResult::Unavailable;
        }
        let started = Instant::now();
        let picked = rfd::FileDialog::new()
            .set_title("Save threat model")
            .add_filter("Strider model", &["ron"])
            .set_file_name(suggested_name)
            .save_file();
        outcome(started, picked)
    }

    fn export(&mut self, suggested_name: &str, description: &str, extension: &str) -> DialogResult {
        if builtin_only() {
            return DialogResult::Unavailable;
        }
        let started = Instant::now();
        let picked = rfd::FileDialog::new()
            .set_title(format!("Export {description}"))
            .add_filter(description, &[extension])
            .set_file_name(suggested_name)
            .save_file();
        outcome(started, picked)
    }
}

/// Scripted answers, for tests.
#[derive(Debug, Default)]
pub struct ScriptedDialogs {
    pub answers: Vec<DialogResult>,
    pub asked: usize,
}

impl FileDialogs for ScriptedDialogs {
    fn open(&mut self) -> DialogResult {
        self.next()
    }

    fn import(&mut self) -> DialogResult {
        self.next()
    }

    fn save(&mut self, _suggested_name: &str) -> DialogResult {
        self.next()
    }

    fn export(&mut self, _: &str, _: &str, _: &str) -> DialogResult {
        self.next()
    }
}

impl ScriptedDialogs {
    fn next(&mut self) -> DialogResult {
        self.asked += 1;
        if self.answers.is_empty() {
            DialogResult::Cancelled
        } else {
            self.answers.remove(0)
        }
    }
}
