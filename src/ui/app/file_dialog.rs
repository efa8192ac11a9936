//! The in-app file dialog (egui_file), for systems without a desktop portal or zenity: minimal
//! Linux, WSL, tiling window managers. Open, Save as, Import and Export all fall back to it.

use super::*;
use egui_file::{FileDialog, State};

/// What the chosen file is for.
#[derive(Debug, Clone, PartialEq)]
pub enum FilePurpose {
    Open,
    Import,
    /// Save there, then go ahead with what an unsaved-changes prompt was guarding.
    SaveAs(Option<Replace>),
    Export(ExportKind),
}

pub(super) struct InAppDialog {
    dialog: FileDialog,
    purpose: FilePurpose,
}

impl FilePurpose {
    fn title(&self) -> String {
        match self {
            FilePurpose::Open => "Open threat model".into(),
            FilePurpose::Import => "Import a Threat Dragon, Threat Composer or TMT model".into(),
            FilePurpose::SaveAs(_) => "Save threat model".into(),
            FilePurpose::Export(kind) => format!("Export {}", kind.describe().0),
        }
    }
}

impl StriderApp {
    /// Shows the in-app dialog for `purpose`, in the document's folder (or the current one),
    /// suggesting `file_name` when saving.
    pub(super) fn open_in_app_dialog(&mut self, purpose: FilePurpose, file_name: &str) {
        let folder = self
            .doc
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .filter(|p| p.is_dir())
            .map(Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."));
        let title = purpose.title();
        let dialog = match &purpose {
            FilePurpose::Open | FilePurpose::Import => FileDialog::open_file(),
            FilePurpose::SaveAs(_) | FilePurpose::Export(_) => {
                FileDialog::save_file().default_filename(file_name)
            }
        };
        let mut dialog = dialog
            .initial_path(folder)
            .title(&title)
            .id(egui::Id::unique("strider-file-dialog"))
            .show_rename(false)
            .default_size([620.0, 420.0]);
        dialog.open();
        self.file_dialog = Some(InAppDialog { dialog, purpose });
        self.notice = Some(format!(
            "{title}: no system file dialog here, so Strider shows its own"
        ));
    }

    /// Whether the in-app dialog is up (it takes the keyboard: no shortcuts meanwhile).
    pub fn file_dialog_open(&self) -> bool {
        self.file_dialog.is_some()
    }

    /// Draws the in-app dialog and acts on its answer.
    pub(super) fn in_app_dialog(&mut self, ctx: &egui::Context) {
        let Some(open) = &mut self.file_dialog else {
            return;
        };
        let state = open.dialog.show(ctx).state();
        let chosen = open.dialog.path().map(Path::to_path_buf);
        match state {
            State::Open => {}
            State::Selected => {
                let Some(InAppDialog { purpose, .. }) = self.file_dialog.take() else {
                    return;
                };
                match chosen {
                    Some(path) => self.dialog_answered(ctx, purpose, path),
                    None => self.notice = Some("No file chosen".into()),
                }
            }
            State::Cancelled | State::Closed => {
                self.file_dialog = None;
                self.notice = Some("Cancelled".into());
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
        }
    }
}
