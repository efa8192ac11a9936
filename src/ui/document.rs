//! The open model, where it lives on disk, and its edit history.

use crate::model::{Edit, History, Model, Touched};
use std::collections::VecDeque;
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
    /// Bumped on every change but those in the middle of a live drag: what is costly to derive
    /// and not needed while a hand is moving things (the analysis, the lists, the crash copy)
    /// follows this one, and catches up when the drag ends.
    pub settled_revision: u64,
    /// What each recent revision touched on the diagrams, oldest first, so a view can update
    /// only that (see [`Document::touched_since`]).
    changes: VecDeque<(u64, Touched)>,
    /// The revision from which `changes` is complete.
    changes_from: u64,
}

/// How many revisions' changes are remembered; a view further behind draws everything again.
const CHANGES_KEPT: usize = 64;

impl Document {
    pub fn new(model: Model, path: Option<PathBuf>) -> Self {
        let revision = next_revision();
        Document {
            model,
            history: History::new(),
            path,
            revision,
            settled_revision: revision,
            changes: VecDeque::new(),
            changes_from: revision,
        }
    }

    pub fn untitled() -> Self {
        Self::new(Model::new("Untitled threat model"), None)
    }

    pub fn apply(&mut self, edit: Edit) {
        let touched = edit.touched();
        self.history.apply(&mut self.model, edit);
        self.changed(touched);
    }

    /// Applies an edit that merges with the previous one when it has the same key (typing).
    pub fn apply_merging(&mut self, edit: Edit, key: u64) {
        let touched = edit.touched();
        self.history.apply_merging(&mut self.model, edit, key);
        self.changed(touched);
    }

    /// Records an edit whose effect is already in the model (the end of a live drag).
    pub fn record(&mut self, edit: Edit) {
        let touched = edit.touched();
        self.history.record(edit, None);
        self.changed(touched);
    }

    /// The model was changed in place in ways no edit describes; views must refresh it all.
    pub fn touched(&mut self) {
        self.changed(Touched::Everything);
    }

    /// The model was changed in place by a live drag, on these diagram items only. The drag
    /// records its edit when it ends.
    pub fn touched_only<I: IntoIterator<Item = crate::model::Id>>(&mut self, ids: I) {
        let settled = self.settled_revision;
        self.changed(Touched::ids(ids));
        // Still moving: not settled.
        self.settled_revision = settled;
    }

    pub fn undo(&mut self) -> bool {
        let done = self.history.undo(&mut self.model);
        if done {
            let touched = self
                .history
                .last_undone()
                .map_or(Touched::Everything, Edit::touched);
            self.changed(touched);
        }
        done
    }

    pub fn redo(&mut self) -> bool {
        let done = self.history.redo(&mut self.model);
        if done {
            let touched = self
                .history
                .last_done()
                .map_or(Touched::Everything, Edit::touched);
            self.changed(touched);
        }
        done
    }

    /// A new revision that changed `touched`.
    fn changed(&mut self, touched: Touched) {
        self.revision = next_revision();
        self.settled_revision = self.revision;
        self.changes.push_back((self.revision, touched));
        while self.changes.len() > CHANGES_KEPT {
            if let Some((rev, _)) = self.changes.pop_front() {
                self.changes_from = rev;
            }
        }
    }

    /// What the revisions after `revision` (one a view last drew) touched on the diagrams:
    /// everything when `revision` is not one of this document's recent ones.
    pub fn touched_since(&self, revision: u64) -> Touched {
        let ours =
            revision == self.changes_from || self.changes.iter().any(|(r, _)| *r == revision);
        if !ours {
            return Touched::Everything;
        }
        let mut all = Touched::Nothing;
        for (_, t) in self.changes.iter().filter(|(r, _)| *r > revision) {
            all.add(t.clone());
        }
        all
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

    /// The window title: unsaved mark, the model's title (its first
    /// [`TITLE_BAR_CHARS`] characters), the file name.
    pub fn window_title(&self) -> String {
        let mark = if self.is_dirty() { "● " } else { "" };
        // A window manager shows a few dozen characters; a title of thousands (seen in files
        // from other tools) is cut, so the file name after it still shows.
        let full = self.model.info.title.trim();
        let title: String = if full.chars().count() > TITLE_BAR_CHARS {
            let cut: String = full.chars().take(TITLE_BAR_CHARS).collect();
            format!("{}…", cut.trim_end())
        } else {
            full.to_owned()
        };
        if title.is_empty() {
            format!("{mark}{} — Strider", self.display_name())
        } else {
            format!("{mark}{title} — {} — Strider", self.display_name())
        }
    }
}

/// How much of a model's title the window title shows.
const TITLE_BAR_CHARS: usize = 100;

#[cfg(test)]
mod tests {
    use super::Document;
    use crate::model::Model;

    #[test]
    fn a_long_title_is_cut_in_the_title_bar_and_the_file_name_still_shows() {
        let doc = Document::new(Model::new("t".repeat(5000)), Some("fleet.ron".into()));
        let title = doc.window_title();
        assert!(title.chars().count() < 130, "{title}");
        assert!(title.ends_with("— fleet.ron — Strider"), "{title}");
    }
}
