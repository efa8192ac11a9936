//! Files: open, import, save, export, the unsaved-changes guard, dropped files and the autosave copy.

use super::*;

impl StriderApp {
    pub fn open_path(&mut self, path: &Path) -> bool {
        let opened = io::open(path);
        if opened.is_ok() {
            self.last_folder = path.parent().map(Path::to_path_buf);
        }
        match opened {
            Ok(io::Opened {
                model,
                imported: None,
            }) => {
                self.set_document(Document::new(model, Some(path.to_path_buf())));
                self.storage.add_recent(path);
                self.notice = Some(format!("Opened {}", path.display()));
                true
            }
            Ok(io::Opened {
                mut model,
                imported: Some((format, mut report)),
            }) => {
                report.extend(crate::diagram::tidy::lay_out_unplaced(&mut model));
                let mut doc = Document::new(model, None);
                doc.history.mark_unsaved();
                self.set_document(doc);
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into(),
                );
                self.notice = Some(format!(
                    "Imported {name} from {}; Save as to keep it",
                    format.label()
                ));
                self.import_report = Some(ImportReport {
                    file: name,
                    format: format.label(),
                    lines: report,
                });
                true
            }
            Err(e) => {
                // The open document stays as it was.
                self.fail(e.to_string());
                false
            }
        }
    }

    pub(super) fn open_sample(&mut self, index: usize) {
        let Some(sample) = SAMPLES.get(index) else {
            return;
        };
        match io::from_str(sample.text, sample.file_name) {
            Ok(model) => {
                self.set_document(Document::new(model, None));
                self.notice = Some(format!(
                    "Opened the sample \"{}\"; Save as to keep your changes",
                    sample.name
                ));
            }
            Err(e) => self.fail(e.to_string()),
        }
    }

    /// A new, untitled model laid out from a starter diagram.
    pub(super) fn new_from_template(&mut self, index: usize) {
        let Some(t) = crate::templates::TEMPLATES.get(index) else {
            return;
        };
        self.set_document(Document::new(crate::templates::build(t), None));
        // A starter diagram is small: all of it in view, rather than its corner at a zoom
        // chosen for reading a large one.
        self.canvas.request_fit();
        self.notice = Some(format!(
            "New model from the \"{}\" template: rename, add and remove what differs in your system",
            t.name
        ));
    }

    /// Saves to the document's file, or asks where. Returns whether it was saved now (an
    /// in-app dialog may still be asking).
    pub fn save(&mut self) -> bool {
        self.save_then(None)
    }

    /// Saves, then goes ahead with `then` (after an unsaved-changes prompt) once saved.
    pub(super) fn save_then(&mut self, then: Option<Replace>) -> bool {
        match self.doc.path.clone() {
            Some(path) => {
                let saved = self.save_to(&path);
                if saved && let Some(next) = then {
                    self.queued.push(Action::Proceed(next));
                }
                saved
            }
            None => self.save_as_then(then),
        }
    }

    pub fn save_as(&mut self) -> bool {
        self.save_as_then(None)
    }

    pub(super) fn save_as_then(&mut self, then: Option<Replace>) -> bool {
        let suggested = match &self.doc.path {
            Some(p) => p
                .file_name()
                .map_or("model.ron".into(), |n| n.to_string_lossy().into_owned()),
            None => suggested_file_name(&self.doc.model),
        };
        match self.dialogs.save(&suggested) {
            DialogResult::Chosen(path) => self.save_chosen(path, then),
            DialogResult::Cancelled => false,
            DialogResult::Unavailable => {
                self.open_in_app_dialog(FilePurpose::SaveAs(then), &suggested);
                false
            }
        }
    }

    /// Saves where a dialog answered (".ron" added when the name has no extension), then goes
    /// ahead with `then`.
    pub(super) fn save_chosen(&mut self, mut path: PathBuf, then: Option<Replace>) -> bool {
        if path.extension().is_none() {
            path.set_extension("ron");
        }
        let saved = self.save_to(&path);
        if saved && let Some(next) = then {
            self.queued.push(Action::Proceed(next));
        }
        saved
    }

    pub(super) fn save_to(&mut self, path: &Path) -> bool {
        if let Some(folder) = missing_folder(path) {
            self.fail(format!(
                "Cannot save {}: the folder {} does not exist. Create it first, or choose \
                 another place with File > Save as.\nYour work is still open, and kept in the \
                 autosave copy.",
                path.display(),
                folder.display()
            ));
            return false;
        }
        match io::save(&self.doc.model, path) {
            Ok(()) => {
                self.doc.path = Some(path.to_path_buf());
                self.doc.history.mark_saved();
                self.storage.add_recent(path);
                self.drop_own_autosave();
                self.notice = Some(format!("Saved {}", path.display()));
                true
            }
            Err(e) => {
                self.fail(format!("{e}\nThe file on disk was not changed."));
                false
            }
        }
    }

    /// Asks where, then writes the export; errors are shown, never fatal.
    pub fn export(&mut self, kind: ExportKind) {
        let (description, extension, suffix) = kind.describe();
        let stem = suggested_file_name(&self.doc.model);
        let stem = stem.trim_end_matches(".ron");
        let suggested = format!("{stem}-{suffix}.{extension}");
        match self.dialogs.export(&suggested, description, extension) {
            DialogResult::Chosen(p) => self.export_to(kind, p),
            DialogResult::Cancelled => {}
            DialogResult::Unavailable => {
                self.open_in_app_dialog(FilePurpose::Export(kind), &suggested)
            }
        }
    }

    /// Writes an export where a dialog answered, adding the format's extension when missing.
    pub(super) fn export_to(&mut self, kind: ExportKind, mut path: PathBuf) {
        let (_, extension, _) = kind.describe();
        let ending = format!(".{extension}");
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_lowercase();
        if !name.ends_with(&ending) {
            let mut name = path.file_name().unwrap_or_default().to_os_string();
            name.push(&ending);
            path.set_file_name(name);
        }
        if let Some(folder) = missing_folder(&path) {
            self.fail(format!(
                "Cannot export to {}: the folder {} does not exist.",
                path.display(),
                folder.display()
            ));
            return;
        }
        let options = export::ExportOptions {
            paper: match kind {
                ExportKind::Workbook(p) | ExportKind::BlankWorkbook(p) => p,
                _ => crate::workbook::Paper::A4,
            },
            blank: matches!(kind, ExportKind::BlankWorkbook(_)),
            source: self.doc.path.clone(),
        };
        match export::export_with(&self.doc.model, &path, &options) {
            Ok(written) => {
                let names: Vec<String> = written
                    .files
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect();
                self.notice = Some(format!("Exported {}", names.join(", ")));
                if !written.notes.is_empty() {
                    self.import_report = Some(ImportReport {
                        file: names.join(", "),
                        format: "export",
                        lines: written.notes,
                    });
                }
            }
            Err(e) => self.fail(e.to_string()),
        }
    }

    pub(super) fn guarded(&mut self, ctx: &egui::Context, next: Replace) {
        self.discard_agreed = false;
        if self.doc.is_dirty() {
            self.prompt = Some(Prompt::Unsaved(next));
        } else {
            self.replace(ctx, next);
        }
    }

    /// Opens what an open or import dialog answered, or shows the in-app dialog for `purpose`
    /// when the system has none.
    pub(super) fn open_chosen(&mut self, answer: DialogResult, purpose: FilePurpose) {
        match answer {
            DialogResult::Chosen(p) => {
                self.open_path(&p);
            }
            DialogResult::Cancelled => {}
            DialogResult::Unavailable => self.open_in_app_dialog(purpose, ""),
        }
    }

    /// Goes ahead with an action that replaces the document (unsaved work already dealt with).
    pub(super) fn replace(&mut self, ctx: &egui::Context, next: Replace) {
        match next {
            Replace::New => {
                self.set_document(Document::untitled());
                self.notice = Some("New threat model".into());
            }
            Replace::OpenDialog => {
                let answer = self.dialogs.open();
                self.open_chosen(answer, FilePurpose::Open);
            }
            Replace::ImportDialog => {
                let answer = self.dialogs.import();
                self.open_chosen(answer, FilePurpose::Import);
            }
            Replace::OpenPath(p) => {
                self.open_path(&p);
            }
            Replace::OpenSample(i) => self.open_sample(i),
            Replace::NewFromTemplate(i) => self.new_from_template(i),
            Replace::Quit => {
                self.closing = true;
                if !self.doc.is_dirty() || self.discard_agreed {
                    self.drop_own_autosave();
                }
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }

    pub(super) fn on_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.closing {
            if self.doc.is_dirty() {
                ctx.send_viewport_cmd(ViewportCommand::CancelClose);
                self.prompt = Some(Prompt::Unsaved(Replace::Quit));
            } else {
                self.drop_own_autosave();
            }
        }
    }

    pub(super) fn on_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.perform(ctx, Action::OpenPath(path));
        }
    }

    pub(super) fn autosave_tick(&mut self, ctx: &egui::Context) {
        // A crashed run's copy waiting for an answer is never overwritten.
        if !self.doc.is_dirty() || self.restore_pending() {
            return;
        }
        let (last, revision) = self.autosave;
        let due = last + AUTOSAVE_EVERY;
        if revision == self.doc.settled_revision {
            // The copy on disk is current: nothing to wake up for.
            return;
        }
        if Instant::now() >= due {
            self.autosave_now();
            return;
        }
        // Wake up for the autosave due even when idle; no continuous repainting.
        ctx.request_repaint_after(
            due.saturating_duration_since(Instant::now())
                .max(Duration::from_secs(1)),
        );
    }

    /// Writes the autosave copy now (also used by tests).
    pub fn autosave_now(&mut self) {
        let text = io::to_string(&self.doc.model);
        match self.storage.write_autosave(&text, self.doc.path.as_deref()) {
            Ok(()) => self.owns_autosave = true,
            Err(e) => self.notice = Some(format!("Could not write the autosave copy: {e}")),
        }
        self.autosave = (Instant::now(), self.doc.settled_revision);
    }

    /// Removes the autosave copy when it is this run's own: its work was just saved, or the
    /// document it copied was closed with nothing unsaved.
    pub(super) fn drop_own_autosave(&mut self) {
        if self.owns_autosave && !self.restore_pending() {
            self.storage.clear_autosave();
            self.owns_autosave = false;
        }
    }

    pub(super) fn restore_pending(&self) -> bool {
        matches!(self.prompt, Some(Prompt::Restore(_)))
    }

    /// The app started on `path`: opens it, or, when no file is there yet, a new empty model
    /// that the first save writes to that path.
    pub fn launch_on(&mut self, path: &Path) {
        let is_model_name = path
            .extension()
            .is_none_or(|e| e.eq_ignore_ascii_case("ron"));
        if path.exists() || !is_model_name {
            self.open_path(path);
            return;
        }
        let mut path = path.to_path_buf();
        if path.extension().is_none() {
            path.set_extension("ron");
        }
        let title = path
            .file_stem()
            .map_or("Untitled threat model".into(), |s| {
                s.to_string_lossy().into_owned()
            });
        let mut doc = Document::new(Model::new(&title), Some(path.clone()));
        // Nothing is on disk yet: the model is unsaved until the first save creates the file.
        doc.history.mark_unsaved();
        self.set_document(doc);
        self.notice = Some(match missing_folder(&path) {
            Some(folder) => format!(
                "New model for {}; the folder {} does not exist yet: create it before saving, or \
                 use Save as",
                path.display(),
                folder.display()
            ),
            None => format!("New model; Ctrl+S creates {}", path.display()),
        });
    }

    pub(super) fn restore(&mut self, autosave: Autosave) {
        let name = autosave
            .origin
            .as_ref()
            .map_or("autosave".to_owned(), |p| p.display().to_string());
        match io::from_str(&autosave.text, &name) {
            Ok(model) => {
                let mut doc = Document::new(model, autosave.origin.clone());
                doc.history.mark_unsaved();
                self.set_document(doc);
                // The copy is this run's now: it is replaced by the next autosave and removed
                // once the work is saved.
                self.owns_autosave = true;
                self.notice = Some("Restored your unsaved work; save it to keep it".into());
            }
            Err(e) => self.fail(format!(
                "The autosave copy could not be read: {e}\nIt is kept in {}.",
                self.storage.describe()
            )),
        }
    }
}

/// The folder a file would go in, when it does not exist.
fn missing_folder(path: &Path) -> Option<PathBuf> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty())?;
    (!folder.is_dir()).then(|| folder.to_path_buf())
}

/// How long a suggested file name's stem may grow, in characters.
const FILE_NAME_CHARS: usize = 60;

pub(super) fn suggested_file_name(model: &Model) -> String {
    let stem: String = model
        .info
        .title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .scan(0, |len, word| {
            // Whole words up to about 60 characters: file systems refuse names past 255 bytes,
            // and a 5,000-character title is no name for a file.
            *len += word.len() + 1;
            (*len <= FILE_NAME_CHARS + 1 || *len == word.len() + 1).then_some(word)
        })
        .map(|w| w.chars().take(FILE_NAME_CHARS).collect::<String>())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "threat-model.ron".into()
    } else {
        format!("{stem}.ron")
    }
}

#[cfg(test)]
mod tests {
    use super::suggested_file_name;
    use crate::model::Model;

    #[test]
    fn a_suggested_name_is_the_title_in_words_cut_near_sixty_characters() {
        let name = |title: &str| suggested_file_name(&Model::new(title));
        assert_eq!(
            name("Connected Vehicle (workshop)"),
            "connected-vehicle-workshop.ron"
        );
        assert_eq!(name("  ?? "), "threat-model.ron");
        let long = name(&"alpha bravo ".repeat(500));
        assert!(long.len() <= 64 && long.ends_with("bravo.ron"), "{long}");
        let one_word = name(&"x".repeat(5000));
        assert_eq!(one_word, format!("{}.ron", "x".repeat(60)));
    }
}
