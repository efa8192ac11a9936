//! The open model, where it lives on disk, and its edit history.

use crate::model::{Edit, History, Model};
use std::path::PathBuf;

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
            revision: 1,
        }
    }

    pub fn untitled() -> Self {
        Self::new(Model::new("Untitled threat model"), None)
    }

    pub fn apply(&mut self, edit: Edit) {
        self.history.apply(&mut self.model, edit);
        self.revision += 1;
    }

    /// Applies an edit that merges with the previous one when it has the same key (typing).
    pub fn apply_merging(&mut self, edit: Edit, key: u64) {
        self.history.apply_merging(&mut self.model, edit, key);
        self.revision += 1;
    }

    /// Records an edit whose effect is already in the model (the end of a live drag).
    pub fn record(&mut self, edit: Edit) {
        self.history.record(edit, None);
        self.revision += 1;
    }

    /// The model was changed in place (a live drag); views must refresh.
    pub fn touched(&mut self) {
        self.revision += 1;
    }

    pub fn undo(&mut self) -> bool {
        let done = self.history.undo(&mut self.model);
        self.revision += u64::from(done);
        done
    }

    pub fn redo(&mut self) -> bool {
        let done = self.history.redo(&mut self.model);
        self.revision += u64::from(done);
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
