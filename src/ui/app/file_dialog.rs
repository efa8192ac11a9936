//! The in-app file dialog, for systems without a desktop portal or zenity (minimal Linux, WSL,
//! tiling window managers): Open, Save as, Import and Export all fall back to it.
//!
//! Written here rather than taken from egui_file because every field must carry an accessible
//! name: screen readers, and the end-to-end tests that drive the real window over AT-SPI, find
//! "Folder" and "File name" by label; egui_file 0.29 leaves both unnamed.

use super::*;

/// What the chosen file is for.
#[derive(Debug, Clone, PartialEq)]
pub enum FilePurpose {
    Open,
    Import,
    /// Save there, then go ahead with what an unsaved-changes prompt was guarding.
    SaveAs(Option<Replace>),
    Export(ExportKind),
    /// Another version of the model to compare the open one with.
    Compare,
}

impl FilePurpose {
    fn title(&self) -> String {
        match self {
            FilePurpose::Open => "Open threat model".into(),
            FilePurpose::Import => {
                "Import a Threat Dragon, Threat Composer, TMT, OTM, TM-BOM, draw.io or Threagile model".into()
            }
            FilePurpose::SaveAs(_) => "Save threat model".into(),
            FilePurpose::Export(kind) => format!("Export {}", kind.describe().0),
            FilePurpose::Compare => "Compare with another version".into(),
        }
    }

    fn saves(&self) -> bool {
        matches!(self, FilePurpose::SaveAs(_) | FilePurpose::Export(_))
    }
}

/// One folder entry, as listed.
struct Entry {
    name: String,
    is_dir: bool,
}

/// How many entries a folder shows; a folder with more says so.
const MAX_ENTRIES: usize = 5000;

pub(super) struct InAppDialog {
    purpose: FilePurpose,
    folder: PathBuf,
    folder_text: String,
    name: String,
    /// The folder's entries, read once when the folder changes (never per frame).
    entries: Result<Vec<Entry>, String>,
    show_hidden: bool,
    problem: Option<String>,
    /// A file that exists and would be replaced: the second Save replaces it.
    confirm_replace: Option<PathBuf>,
    started: bool,
}

enum Outcome {
    Pending,
    Chosen(PathBuf),
    Cancelled,
}

impl InAppDialog {
    fn new(purpose: FilePurpose, folder: PathBuf, name: &str) -> Self {
        let mut d = InAppDialog {
            purpose,
            folder_text: folder.display().to_string(),
            folder,
            name: name.to_owned(),
            entries: Ok(Vec::new()),
            show_hidden: false,
            problem: None,
            confirm_replace: None,
            started: false,
        };
        d.read_folder();
        d
    }

    fn read_folder(&mut self) {
        let read = std::fs::read_dir(&self.folder).map_err(|e| e.to_string());
        self.entries = read.map(|dir| {
            let mut list: Vec<Entry> = dir
                .filter_map(Result::ok)
                .map(|e| Entry {
                    name: e.file_name().to_string_lossy().into_owned(),
                    is_dir: e.path().is_dir(),
                })
                .filter(|e| self.show_hidden || !e.name.starts_with('.'))
                .take(MAX_ENTRIES + 1)
                .collect();
            list.sort_by(|a, b| {
                (!a.is_dir, a.name.to_lowercase()).cmp(&(!b.is_dir, b.name.to_lowercase()))
            });
            list
        });
    }

    fn go_to(&mut self, folder: PathBuf) {
        if folder.is_dir() {
            self.folder = folder;
            self.folder_text = self.folder.display().to_string();
            self.problem = None;
            self.read_folder();
        } else {
            self.problem = Some(format!("There is no folder {}", folder.display()));
        }
    }

    /// The typed name as a path: absolute names stand alone, others are in the folder.
    fn target(&self) -> PathBuf {
        let typed = PathBuf::from(self.name.trim());
        if typed.is_absolute() {
            typed
        } else {
            self.folder.join(typed)
        }
    }

    fn confirm(&mut self) -> Outcome {
        // The folder as shown is the folder used: a folder typed but not entered with Enter
        // is entered now, and one that does not exist stops the save rather than letting the
        // file land in the folder listed before.
        let typed = PathBuf::from(self.folder_text.trim());
        if typed != self.folder {
            if typed.is_dir() {
                self.go_to(typed);
            } else {
                self.problem = Some(format!(
                    "There is no folder {}. Type an existing folder, or choose one in the list.",
                    typed.display()
                ));
                return Outcome::Pending;
            }
        }
        if self.name.trim().is_empty() {
            self.problem = Some("Type a file name, or pick a file in the list.".into());
            return Outcome::Pending;
        }
        let path = self.target();
        if path.is_dir() {
            self.name.clear();
            self.go_to(path);
            return Outcome::Pending;
        }
        if !self.purpose.saves() {
            if path.is_file() {
                return Outcome::Chosen(path);
            }
            self.problem = Some(format!("There is no file {}", path.display()));
            return Outcome::Pending;
        }
        match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() && !parent.is_dir() => {
                self.problem = Some(format!(
                    "The folder {} does not exist. Create it first, or choose another.",
                    parent.display()
                ));
                Outcome::Pending
            }
            _ if path.exists() && self.confirm_replace.as_ref() != Some(&path) => {
                self.problem = Some(format!(
                    "{} already exists. Press Save again to replace it.",
                    path.display()
                ));
                self.confirm_replace = Some(path);
                Outcome::Pending
            }
            _ => Outcome::Chosen(path),
        }
    }

    fn show(&mut self, ctx: &egui::Context) -> Outcome {
        let mut outcome = Outcome::Pending;
        let action = if self.purpose.saves() { "Save" } else { "Open" };
        let modal = egui::Modal::new(egui::Id::unique("strider-file-dialog")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading(self.purpose.title());
            ui.horizontal(|ui| {
                let l = ui.label("Folder");
                let r = ui
                    .add(egui::TextEdit::singleline(&mut self.folder_text).desired_width(380.0))
                    .labelled_by(l.id);
                if r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                    let typed = PathBuf::from(self.folder_text.trim());
                    self.go_to(typed);
                }
                if ui
                    .add_enabled(self.folder.parent().is_some(), egui::Button::new("Up"))
                    .on_hover_text("The folder that holds this one")
                    .clicked()
                    && let Some(up) = self.folder.parent().map(Path::to_path_buf)
                {
                    self.go_to(up);
                }
            });
            let mut open_dir = None;
            let mut pick = None;
            egui::ScrollArea::vertical()
                .max_height(260.0)
                .auto_shrink([false, false])
                .show(ui, |ui| match &self.entries {
                    Err(e) => {
                        ui.colored_label(ui.visuals().error_fg_color, format!("Cannot list: {e}"));
                    }
                    Ok(list) if list.is_empty() => {
                        ui.weak("This folder is empty.");
                    }
                    Ok(list) => {
                        for e in list.iter().take(MAX_ENTRIES) {
                            let text = if e.is_dir {
                                format!("{}/", e.name)
                            } else {
                                e.name.clone()
                            };
                            let r = ui.selectable_label(!e.is_dir && e.name == self.name, text);
                            if r.clicked() {
                                if e.is_dir {
                                    open_dir = Some(e.name.clone());
                                } else {
                                    pick = Some((e.name.clone(), r.double_clicked()));
                                }
                            }
                            if r.double_clicked() && !e.is_dir {
                                pick = Some((e.name.clone(), true));
                            }
                        }
                        if list.len() > MAX_ENTRIES {
                            ui.weak(format!("Only the first {MAX_ENTRIES} entries are listed."));
                        }
                    }
                });
            if ui
                .checkbox(&mut self.show_hidden, "Show hidden files")
                .changed()
            {
                self.read_folder();
            }
            ui.horizontal(|ui| {
                let l = ui.label("File name");
                let r = ui
                    .add(egui::TextEdit::singleline(&mut self.name).desired_width(420.0))
                    .labelled_by(l.id);
                if !self.started {
                    r.request_focus();
                    crate::ui::text::select_all(ui, r.id, &self.name);
                    self.started = true;
                }
                if r.changed() {
                    self.confirm_replace = None;
                }
                if r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                    outcome = self.confirm();
                }
            });
            if let Some(p) = &self.problem {
                ui.colored_label(ui.visuals().warn_fg_color, p);
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button(action).clicked() {
                    outcome = self.confirm();
                }
                if ui.button("Cancel").clicked() {
                    outcome = Outcome::Cancelled;
                }
            });
            if let Some(dir) = open_dir {
                let next = self.folder.join(dir);
                self.go_to(next);
            }
            if let Some((name, go)) = pick {
                self.name = name;
                self.confirm_replace = None;
                if go {
                    outcome = self.confirm();
                }
            }
        });
        if matches!(outcome, Outcome::Pending) && modal.should_close() {
            outcome = Outcome::Cancelled;
        }
        outcome
    }
}

impl StriderApp {
    /// Shows the in-app dialog for `purpose`, in the document's folder (else the folder of the
    /// file opened or imported last, else the current one),
    /// suggesting `file_name` when saving.
    pub(super) fn open_in_app_dialog(&mut self, purpose: FilePurpose, file_name: &str) {
        let folder = self
            .doc
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .filter(|p| p.is_dir())
            .map(Path::to_path_buf)
            .or_else(|| self.last_folder.clone().filter(|p| p.is_dir()))
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("/"));
        self.notice = Some(format!(
            "{}: no system file dialog here, so Strider shows its own",
            purpose.title()
        ));
        self.file_dialog = Some(InAppDialog::new(purpose, folder, file_name));
    }

    /// Whether the in-app dialog is up (it takes the keyboard: no shortcuts meanwhile).
    pub fn file_dialog_open(&self) -> bool {
        self.file_dialog.is_some()
    }

    /// Draws the in-app dialog and acts on its answer.
    pub(super) fn in_app_dialog(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.file_dialog else {
            return;
        };
        match dialog.show(ctx) {
            Outcome::Pending => {}
            Outcome::Cancelled => {
                self.file_dialog = None;
                self.notice = Some("Cancelled".into());
            }
            Outcome::Chosen(path) => {
                let Some(dialog) = self.file_dialog.take() else {
                    return;
                };
                self.dialog_answered(ctx, dialog.purpose, path);
            }
        }
    }

    fn dialog_answered(&mut self, ctx: &egui::Context, purpose: FilePurpose, path: PathBuf) {
        match purpose {
            // Opening replaces the document: it happens between frames.
            FilePurpose::Open | FilePurpose::Import => {
                self.request(ctx, Action::OpenPath(path));
            }
            FilePurpose::SaveAs(then) => {
                self.save_chosen(path, then);
            }
            FilePurpose::Export(kind) => self.export_to(kind, path),
            FilePurpose::Compare => self.compare_with_file(&path),
        }
    }
}
