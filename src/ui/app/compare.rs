//! File > Compare with…: starting and ending a comparison, and its window of changes.

use super::*;
use crate::review::diff::{Change, Kind};
use crate::ui::compare::Comparison;

impl StriderApp {
    /// Compares the open model with another version of it in a file.
    pub(super) fn compare_with_file(&mut self, path: &Path) {
        match io::open(path) {
            Ok(opened) => {
                let label = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into(),
                );
                self.start_comparison(label, opened.model);
            }
            Err(e) => self.fail(format!("Could not compare: {e}")),
        }
    }

    /// Compares the open model with its file as last committed to git.
    pub(super) fn compare_with_head(&mut self) {
        let Some(path) = self.doc.path.clone() else {
            self.notice = Some("Save the model in a git repository first".into());
            return;
        };
        match crate::review::git::load_revision(&path, "HEAD") {
            Ok(model) => self.start_comparison("the last commit (HEAD)".into(), model),
            Err(e) => {
                // git's own words, after a sentence a person can act on.
                let why = if e.contains("not a git repository") {
                    "This model's folder is not in a git repository."
                } else if e.contains("exists on disk, but not in") {
                    "This file has not been committed yet: there is no earlier version to compare with."
                } else if e.contains("could not run git") {
                    "git is not installed, or could not be run."
                } else {
                    "git could not give the last committed version of this file."
                };
                self.notice = None;
                self.fail(format!("{why}\n\n{e}"));
            }
        }
    }

    fn start_comparison(&mut self, label: String, old: Model) {
        let c = Comparison::new(label, old, &self.doc);
        let n = c.diff.items.len();
        self.notice = Some(format!(
            "Compared with {}: {}",
            c.label,
            count(n, "difference", "differences")
        ));
        self.comparison = Some(c);
    }

    /// The list of changes while comparing; a click selects what it names.
    pub(super) fn changes_window(&mut self, ctx: &egui::Context) {
        let Some(c) = &self.comparison else { return };
        let mut open = true;
        let mut result = (None, false);
        // Over the canvas's lower left, clear of the side panels; a new comparison opens anew
        // (not collapsed or moved as the last one was left).
        egui::Window::new("Changes")
            .id(egui::Id::unique(("changes", c.serial())))
            .open(&mut open)
            .default_pos(ctx.content_rect().left_bottom() + egui::vec2(190.0, -420.0))
            .default_width(340.0)
            .max_height(360.0)
            .show(ctx, |ui| result = c.list(ui));
        let (picked, end) = result;
        if !open || end {
            self.perform(ctx, Action::EndComparison);
            return;
        }
        let Some((kind, change, diagram, id)) = picked else {
            return;
        };
        match (kind, change) {
            // What was removed is shown where it was.
            (Kind::Element | Kind::Boundary | Kind::Flow, Change::Removed) => {
                let Some(d) = diagram else { return };
                let place = self
                    .comparison
                    .as_ref()
                    .and_then(|c| c.where_removed(&d, &id));
                if d != self.canvas.diagram && self.doc.model.diagrams.iter().any(|x| x.id == d) {
                    self.canvas.show_diagram(d);
                }
                self.canvas.selection.clear();
                if let Some(r) = place {
                    self.canvas.look_at(r.min, r.max);
                }
            }
            (Kind::Element | Kind::Boundary | Kind::Flow, _) => {
                if let Some(d) = diagram.filter(|d| *d != self.canvas.diagram) {
                    self.canvas.show_diagram(d);
                }
                self.canvas.selection = BTreeSet::from([id]);
                self.perform(ctx, Action::ZoomToSelection);
            }
            (Kind::Threat, _) if self.doc.model.threat(&id).is_some() => {
                self.editor.open = Some(id)
            }
            (_, Change::Removed) => {
                self.notice = Some(format!("{} {id} was removed", kind.label()));
            }
            _ => {}
        }
    }
}
