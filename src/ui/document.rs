//! The open model, where it lives on disk, and its edit history.

use crate::model::{Edit, History, Model};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

/// Revisions are unique across documents, so a view's cache keyed by revision can never take a
/// new document for the one it cached.
fn next_revision() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

pub struct Document {
    pub model: Model,
    pub history: History,
    /// Where the model is saved; `None` until the first "Save as".
    pub path: Option<PathBuf>,
    /// Bumped on every change, so views can cache what they derive from the model.
    pub revision: u64,
}

impl Document {
    pub fn new(model: Model, path: Option<PathBuf>) -> Self {
        Document {
            model,
            history: History::new(),
            path,
            revision: next_revision(),
        }
    }

    pub fn untitled() -> Self {
        Self::new(Model::new("Untitled threat model"), None)
    }

    pub fn apply(&mut self, edit: Edit) {
        self.history.apply(&mut self.model, edit);
        self.revision = next_revision();
    }

    /// Applies an edit that merges with the previous one when it has the same key (typing).
    pub fn apply_merging(&mut self, edit: Edit, key: u64) {
        self.history.apply_merging(&mut self.model, edit, key);
        self.revision = next_revision();
    }

    /// Records an edit whose effect is already in the model (the end of a live drag).
    pub fn record(&mut self, edit: Edit) {
        self.history.record(edit, None);
        self.revision = next_revision();
    }

    /// The model was changed in place (a live drag); views must refresh.
    pub fn touched(&mut self) {
        self.revision = next_revision();
    }

    pub fn undo(&mut self) -> bool {
        let done = self.history.undo(&mut self.model);
        if done {
            self.revision = next_revision();
        }
        done
    }

    pub fn redo(&mut self) -> bool {
        let done = self.history.redo(&mut self.model);
        if done {
            self.revision = next_revision();
        }
        done
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// The name shown in the title bar and prompts.
    pub fn display_name(&self) -> String {
        match &self.path {
            Some(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string()),
            None => "Untitled".to_owned(),
        }
    }

    pub fn window_title(&self) -> String {
        let mark = if self.is_dirty() { "● " } else { "" };
        let title = self.model.info.title.trim();
        if title.is_empty() {
            format!("{mark}{} — Strider", self.display_name())
        } else {
            format!("{mark}{title} — {} — Strider", self.display_name())
        }
    }
}
