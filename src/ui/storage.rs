//! What the app keeps between runs: the recent-files list and the autosave copy of unsaved work.
//! Everything lives in one folder: `$STRIDER_STATE_DIR`, else `$XDG_STATE_HOME/strider`, else
//! `~/.local/state/strider`.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

const RECENT_LIMIT: usize = 10;

#[derive(Debug, Clone)]
pub struct Storage {
    dir: Option<PathBuf>,
}

impl Storage {
    pub fn from_env() -> Self {
        let var = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let dir = var("STRIDER_STATE_DIR")
            .or_else(|| var("XDG_STATE_HOME").map(|d| d.join("strider")))
            .or_else(|| var("HOME").map(|h| h.join(".local/state/strider")));
        Storage { dir }
    }

    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Storage {
            dir: Some(dir.into()),
        }
    }

    /// Keeps nothing (tests that must not touch the user's files).
    pub fn none() -> Self {
        Storage { dir: None }
    }

    /// Where the window's size, the panels' sizes and the tables' column widths are kept
    /// (eframe writes egui's memory there).
    pub fn layout_file(&self) -> Option<PathBuf> {
        self.file("layout.ron")
    }

    fn file(&self, name: &str) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.join(name))
    }

    fn write(&self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        let Some(path) = self.file(name) else {
            return Ok(());
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        crate::io::write_atomically(&path, bytes)
    }

    pub fn recent(&self) -> Vec<PathBuf> {
        self.file("recent.txt")
            .and_then(|p| std::fs::read_to_string(p).ok())
            .map(|t| {
                t.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(PathBuf::from)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Puts a file at the top of the recent list.
    pub fn add_recent(&self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let mut list = self.recent();
        list.retain(|p| p != &path);
        list.insert(0, path);
        list.truncate(RECENT_LIMIT);
        let text: String = list.iter().map(|p| format!("{}\n", p.display())).collect();
        // The list is a convenience: failing to write it must never disturb the user's work.
        let _ = self.write("recent.txt", text.as_bytes());
    }

    /// Writes the autosave copy of a model and the file it belongs to.
    pub fn write_autosave(&self, text: &str, origin: Option<&Path>) -> std::io::Result<()> {
        self.write("autosave.ron", text.as_bytes())?;
        let origin = origin.map(|p| p.display().to_string()).unwrap_or_default();
        self.write("autosave-origin.txt", origin.as_bytes())
    }

    /// The autosave copy left by a run that did not end cleanly: its text, the file it belongs
    /// to, and when it was written.
    pub fn pending_autosave(&self) -> Option<Autosave> {
        // Called once at start: the moment to drop what autosaves killed mid-write left behind.
        if let Some(dir) = &self.dir {
            crate::io::remove_stale_temporaries(dir);
        }
        let path = self.file("autosave.ron")?;
        let text = std::fs::read_to_string(&path).ok()?;
        let written = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
        let origin = self
            .file("autosave-origin.txt")
            .and_then(|p| std::fs::read_to_string(p).ok())
            .filter(|s| !s.trim().is_empty())
            .map(PathBuf::from);
        Some(Autosave {
            text,
            origin,
            written,
            crash_note: self.crash_note(),
        })
    }

    /// Whether anything is kept at all (not in tests that keep nothing).
    pub fn keeps_anything(&self) -> bool {
        self.dir.is_some()
    }

    /// Where the state folder is, for messages.
    pub fn describe(&self) -> String {
        self.dir
            .as_ref()
            .map_or("no folder (nothing is kept)".into(), |d| {
                d.display().to_string()
            })
    }

    /// A short note on why the last run ended (a panic), shown when its work is offered back.
    pub fn write_crash_note(&self, note: &str) -> std::io::Result<()> {
        self.write("crash-note.txt", note.as_bytes())
    }

    pub fn crash_note(&self) -> Option<String> {
        self.file("crash-note.txt")
            .and_then(|p| std::fs::read_to_string(p).ok())
            .filter(|s| !s.trim().is_empty())
    }

    pub fn clear_autosave(&self) {
        for name in ["autosave.ron", "autosave-origin.txt", "crash-note.txt"] {
            if let Some(p) = self.file(name) {
                let _ = std::fs::remove_file(p);
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct Autosave {
    pub text: String,
    pub origin: Option<PathBuf>,
    pub written: Option<SystemTime>,
    /// Why the run ended, when it was a panic.
    pub crash_note: Option<String>,
}
