//! Modal prompts (unsaved changes, restore, remove diagram), notices and the import report.

use super::*;
use crate::printable::printable;

/// What a message window says about itself in its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    Information,
    Warning,
    Error,
}

/// A message to read and dismiss: an error, a warning, or information.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub kind: MessageKind,
    pub text: String,
}

impl MessageKind {
    pub fn title(self) -> &'static str {
        match self {
            MessageKind::Information => "Information",
            MessageKind::Warning => "Warning",
            MessageKind::Error => "Error",
        }
    }
}

impl StriderApp {
    /// Shows an error until dismissed (the document stays as it was).
    pub(super) fn fail(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            kind: MessageKind::Error,
            text: text.into(),
        });
    }

    /// The text of the message shown, if any (for tests).
    pub fn message_text(&self) -> Option<&str> {
        self.message.as_ref().map(|m| m.text.as_str())
    }

    /// What an import could not carry over: a window the user can keep open while checking the
    /// model, not a modal, since the lines are a to-do list.
    pub(super) fn import_report_window(&mut self, ctx: &egui::Context) {
        let Some(report) = &self.import_report else {
            return;
        };
        let mut open = true;
        let mut dismissed = false;
        let (title, heading) = if report.format == "export" {
            (
                "Export report",
                "Not carried into the file, or changed on the way:",
            )
        } else {
            ("Import report", "Not carried over, or changed on the way:")
        };
        egui::Window::new(title)
            .open(&mut open)
            .default_width(520.0)
            // Clear of the menu bar, whose File menu a window in the corner would cover.
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 80.0))
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(printable(
                    &format!("{} ({})", report.file, report.format),
                    false,
                ));
                if report.lines.is_empty() {
                    ui.label("Everything in the file was carried over.");
                } else {
                    ui.label(heading);
                }
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        for line in &report.lines {
                            ui.label(format!("- {}", printable(line, false)));
                        }
                    });
                ui.add_space(6.0);
                dismissed = ui.button("Close (Esc)").clicked();
            });
        if !open || dismissed {
            self.import_report = None;
        }
    }

    pub(super) fn prompts(&mut self, ctx: &egui::Context) {
        self.import_report_window(ctx);
        if let Some(message) = self.message.clone() {
            let modal = egui::Modal::new(egui::Id::unique("strider-error")).show(ctx, |ui| {
                ui.set_max_width(460.0);
                ui.heading(message.kind.title());
                // A message quoting a long name from someone's file must not push the OK button
                // off a small window.
                let room = (ctx.content_rect().height() - 160.0).max(80.0);
                egui::ScrollArea::vertical()
                    .max_height(room)
                    .show(ui, |ui| {
                        ui.label(printable(&message.text, true));
                    });
                ui.add_space(8.0);
                ui.button("OK").clicked()
            });
            if modal.inner || modal.should_close() {
                self.message = None;
            }
            return;
        }
        let Some(prompt) = self.prompt.clone() else {
            return;
        };
        // An unsaved model has no file name yet: its title says which model it is.
        let name = match (&self.doc.path, self.doc.model.info.title.trim()) {
            (None, title) if !title.is_empty() => {
                let cut: String = title.chars().take(60).collect();
                if cut.len() < title.len() {
                    format!("\"{}…\"", cut.trim_end())
                } else {
                    format!("\"{title}\"")
                }
            }
            _ => self.doc.display_name(),
        };
        let answer = egui::Modal::new(egui::Id::unique("strider-prompt")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            match &prompt {
                Prompt::Unsaved(_) => {
                    ui.heading(format!("Save changes to {name}?"));
                    ui.label(
                        "Discard deletes your changes and their autosave copy for good. \
                         Cancel (Esc) keeps working on them.",
                    );
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            return Some(0);
                        }
                        if ui.button("Discard changes").clicked() {
                            return Some(1);
                        }
                        ui.button("Cancel").clicked().then_some(2)
                    })
                    .inner
                }
                Prompt::Restore(a) => {
                    ui.heading("Restore unsaved work?");
                    let from = a
                        .origin
                        .as_ref()
                        .map_or("an untitled model".to_owned(), |p| p.display().to_string());
                    let age = a
                        .written
                        .and_then(|t| t.elapsed().ok())
                        .map_or(String::new(), |d| {
                            format!(", {} minutes ago", d.as_secs() / 60)
                        });
                    ui.label(format!(
                        "Strider did not close cleanly. An autosave copy of {from} was kept{age}."
                    ));
                    if let Some(note) = &a.crash_note {
                        ui.weak(truncated(note, 400));
                    }
                    ui.label("Discard deletes that copy for good.");
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Restore").clicked() {
                            return Some(0);
                        }
                        ui.button("Discard").clicked().then_some(1)
                    })
                    .inner
                }
                Prompt::RemoveDiagram(id) => {
                    let d = self.doc.model.diagrams.iter().find(|d| &d.id == id);
                    let what = d.map_or(String::new(), |d| {
                        format!(
                            "\"{}\" and its {} elements, {} flows and {} boundaries",
                            d.name,
                            d.elements.len(),
                            d.flows.len(),
                            d.boundaries.len()
                        )
                    });
                    ui.heading("Remove this diagram?");
                    ui.label(format!(
                        "This removes {what}, with the threats about them. Undo brings them back."
                    ));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Remove").clicked() {
                            return Some(0);
                        }
                        ui.button("Cancel").clicked().then_some(1)
                    })
                    .inner
                }
            }
        });
        let choice = answer.inner.or(answer.should_close().then_some(99));
        let Some(choice) = choice else { return };
        self.prompt = None;
        match (prompt, choice) {
            // A failed or cancelled save keeps the document open, unsaved work and all; a save
            // through the in-app dialog goes ahead when the dialog answers.
            (Prompt::Unsaved(next), 0) => {
                self.save_then(Some(next));
            }
            (Prompt::Unsaved(next), 1) => {
                // Discarding was said plainly: the work and its autosave copy go when the next
                // document replaces this one (a dialog cancelled after this keeps both).
                self.discard_agreed = true;
                self.request(ctx, Action::Proceed(next));
            }
            (Prompt::Unsaved(_), _) => {
                self.notice = Some("Cancelled; your changes are still here".into())
            }
            (Prompt::Restore(a), 0) => self.restore(a),
            (Prompt::Restore(_), 1) => {
                self.storage.clear_autosave();
                self.notice = Some("Discarded the autosave copy".into());
            }
            (Prompt::Restore(a), _) => self.prompt = Some(Prompt::Restore(a)),
            (Prompt::RemoveDiagram(id), 0) => {
                if let Some(edit) = ops::remove_diagram(&self.doc.model, &id) {
                    self.doc.apply(edit);
                    if let Some(first) = self.doc.model.diagrams.first() {
                        self.canvas.show_diagram(first.id.clone());
                    }
                }
            }
            _ => {}
        }
    }
}

/// The first `max` characters of a text, with an ellipsis when cut.
pub(super) fn truncated(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}
