//! The desktop app: the open document, its panels and menus, keyboard shortcuts, files,
//! unsaved-changes prompts and autosave.

use super::canvas::Canvas;
use super::dialogs::{DialogResult, FileDialogs, NativeDialogs};
use super::document::Document;
use super::lists::Lists;
use super::properties::PropertiesPanel;
use super::samples::SAMPLES;
use super::storage::{Autosave, Storage};
use super::stride_panel::StridePanel;
use super::threat_editor::ThreatEditor;
use super::{help, palette};
use crate::io;
use crate::model::{Id, Model, ops};
use crate::stride::{self, Analysis, Insights, Library};
use egui::{Key, KeyboardShortcut, Modifiers, ThemePreference, Ui, ViewportCommand};
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How often unsaved work is copied aside.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(30);

/// Something the user asked for, from a menu, a shortcut or a test.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    New,
    Open,
    OpenPath(PathBuf),
    OpenSample(usize),
    Save,
    SaveAs,
    Quit,
    Undo,
    Redo,
    Copy,
    Cut,
    Paste,
    Duplicate,
    Delete,
    SelectAll,
    Rename,
    ClearSelection,
    ZoomFit,
    ZoomIn,
    ZoomOut,
    ToggleGrid,
    ToggleSnap,
    AddDiagram,
    Help,
    /// Import a Threat Dragon, Threat Composer or TMT model chosen in a dialog.
    Import,
    /// Export to a file chosen in a dialog: the extension picks the format.
    Export(ExportKind),
}

/// What File > Export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Workbook(crate::workbook::Paper),
    BlankWorkbook(crate::workbook::Paper),
    Svg,
    Png,
    Markdown,
    ThreatDragon,
    ThreatComposer,
}

impl ExportKind {
    fn describe(self) -> (&'static str, &'static str, &'static str) {
        match self {
            ExportKind::Workbook(_) => ("participant workbook (PDF)", "pdf", "workbook"),
            ExportKind::BlankWorkbook(_) => ("blank workbook (PDF)", "pdf", "blank-workbook"),
            ExportKind::Svg => ("diagram (SVG)", "svg", "diagram"),
            ExportKind::Png => ("diagram (PNG)", "png", "diagram"),
            ExportKind::Markdown => ("report (Markdown)", "md", "report"),
            ExportKind::ThreatDragon => ("Threat Dragon model", "td.json", "threat-dragon"),
            ExportKind::ThreatComposer => {
                ("Threat Composer workspace", "tc.json", "threat-composer")
            }
        }
    }
}

/// The lines of an import (or export) report, for the report window.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub file: String,
    pub format: &'static str,
    pub lines: Vec<String>,
}

/// Actions that replace the document, and so must not drop unsaved work.
#[derive(Debug, Clone, PartialEq)]
pub enum Replace {
    New,
    OpenDialog,
    ImportDialog,
    OpenPath(PathBuf),
    OpenSample(usize),
    Quit,
}

#[derive(Debug, Clone)]
pub enum Prompt {
    /// "Save changes to X?" before `Replace` goes ahead.
    Unsaved(Replace),
    /// A copy of unsaved work from a run that did not end cleanly.
    Restore(Autosave),
    RemoveDiagram(Id),
}

/// What the right-hand panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RightTab {
    #[default]
    Properties,
    Stride,
}

pub struct StriderApp {
    pub doc: Document,
    pub canvas: Canvas,
    properties: PropertiesPanel,
    pub right_tab: RightTab,
    stride_panel: StridePanel,
    pub lists: Lists,
    pub editor: ThreatEditor,
    pub library: Library,
    /// The analysis of the model as of a revision: recomputed only after an edit.
    analysed: Option<(u64, Analysis, Insights)>,
    pub dialogs: Box<dyn FileDialogs>,
    pub storage: Storage,
    clipboard: ops::Clipboard,
    pastes: u32,
    pub prompt: Option<Prompt>,
    /// An error to show until dismissed.
    pub error: Option<String>,
    /// What the last import or export could not carry over, shown until dismissed.
    pub import_report: Option<ImportReport>,
    /// What the last action did, for the status bar.
    pub notice: Option<String>,
    pub show_help: bool,
    /// Set once the user agreed to close; the next close request goes through.
    pub closing: bool,
    last_title: String,
    autosave: (Instant, u64),
    theme: ThemePreference,
    renaming_tab: Option<(Id, String)>,
    /// `STRIDER_AUTOMATION_FILE`: where to write the on-screen rectangles of the shown
    /// diagram's elements, so scripts driving the real window (scripts/gui-smoke.sh) can find them.
    automation: Option<(PathBuf, String)>,
}

impl StriderApp {
    /// A new app on `doc`, keeping its state in `storage`, asking `dialogs` for files.
    pub fn new(doc: Document, storage: Storage, dialogs: Box<dyn FileDialogs>) -> Self {
        let mut canvas = Canvas::default();
        if let Some(d) = doc.model.diagrams.first() {
            canvas.show_diagram(d.id.clone());
        }
        let prompt = storage.pending_autosave().map(Prompt::Restore);
        StriderApp {
            autosave: (Instant::now(), doc.revision),
            doc,
            canvas,
            properties: PropertiesPanel::default(),
            right_tab: RightTab::default(),
            stride_panel: StridePanel::default(),
            lists: Lists::default(),
            editor: ThreatEditor::default(),
            library: Library::builtin().clone(),
            analysed: None,
            dialogs,
            storage,
            clipboard: ops::Clipboard::default(),
            pastes: 0,
            prompt,
            error: None,
            import_report: None,
            notice: None,
            show_help: false,
            closing: false,
            last_title: String::new(),
            theme: ThemePreference::System,
            renaming_tab: None,
            automation: std::env::var_os("STRIDER_AUTOMATION_FILE")
                .map(|p| (PathBuf::from(p), String::new())),
        }
    }

    /// The app as launched from the command line: on `path` when given.
    pub fn launch(path: Option<PathBuf>) -> Self {
        let mut app = StriderApp::new(
            Document::untitled(),
            Storage::from_env(),
            Box::new(NativeDialogs),
        );
        if let Some(path) = path {
            app.open_path(&path);
        }
        app
    }

    /// Replaces the document (after any unsaved-changes prompt).
    fn set_document(&mut self, doc: Document) {
        self.doc = doc;
        let (grid, snap) = (self.canvas.show_grid, self.canvas.snap);
        self.canvas = Canvas::default();
        self.canvas.show_grid = grid;
        self.canvas.snap = snap;
        if let Some(d) = self.doc.model.diagrams.first() {
            self.canvas.show_diagram(d.id.clone());
        }
        self.properties = PropertiesPanel::default();
        self.editor = ThreatEditor::default();
        self.analysed = None;
        self.autosave = (Instant::now(), self.doc.revision);
        self.pastes = 0;
    }

    /// Opens a Strider model, or imports another tool's model (recognised by content) as a new
    /// unsaved document, so that saving never overwrites the other tool's file.
    pub fn open_path(&mut self, path: &Path) -> bool {
        match io::open(path) {
            Ok(io::Opened {
                model,
                imported: None,
            }) => {
                self.set_document(Document::new(model, Some(path.to_path_buf())));
                self.storage.add_recent(path);
                self.storage.clear_autosave();
                self.notice = Some(format!("Opened {}", path.display()));
                true
            }
            Ok(io::Opened {
                model,
                imported: Some((format, report)),
            }) => {
                let mut doc = Document::new(model, None);
                doc.history.mark_unsaved();
                self.set_document(doc);
                self.storage.clear_autosave();
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
                self.error = Some(e.to_string());
                false
            }
        }
    }

    fn open_sample(&mut self, index: usize) {
        let Some(sample) = SAMPLES.get(index) else {
            return;
        };
        match io::from_str(sample.text, sample.file_name) {
            Ok(model) => {
                self.set_document(Document::new(model, None));
                self.storage.clear_autosave();
                self.notice = Some(format!(
                    "Opened the sample \"{}\"; Save as to keep your changes",
                    sample.name
                ));
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Saves to the document's file, or asks where. Returns whether it was saved.
    pub fn save(&mut self) -> bool {
        match self.doc.path.clone() {
            Some(path) => self.save_to(&path),
            None => self.save_as(),
        }
    }

    pub fn save_as(&mut self) -> bool {
        let suggested = match &self.doc.path {
            Some(p) => p
                .file_name()
                .map_or("model.ron".into(), |n| n.to_string_lossy().into_owned()),
            None => suggested_file_name(&self.doc.model),
        };
        match self.dialogs.save(&suggested) {
            DialogResult::Chosen(mut path) => {
                if path.extension().is_none() {
                    path.set_extension("ron");
                }
                self.save_to(&path)
            }
            DialogResult::Cancelled => false,
            DialogResult::Unavailable => {
                self.error = Some(
                    "No file dialog is available on this system (install xdg-desktop-portal or \
                     zenity). Your work is kept in the autosave copy; start Strider with a file \
                     path (strider FILE) to save there."
                        .into(),
                );
                false
            }
        }
    }

    fn save_to(&mut self, path: &Path) -> bool {
        match io::save(&self.doc.model, path) {
            Ok(()) => {
                self.doc.path = Some(path.to_path_buf());
                self.doc.history.mark_saved();
                self.storage.add_recent(path);
                self.storage.clear_autosave();
                self.notice = Some(format!("Saved {}", path.display()));
                true
            }
            Err(e) => {
                self.error = Some(format!("{e}\nThe file on disk was not changed."));
                false
            }
        }
    }

    /// Does what an action asks. Actions that would replace unsaved work ask first.
    pub fn perform(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::New => self.guarded(ctx, Replace::New),
            Action::Open => self.guarded(ctx, Replace::OpenDialog),
            Action::OpenPath(p) => self.guarded(ctx, Replace::OpenPath(p)),
            Action::OpenSample(i) => self.guarded(ctx, Replace::OpenSample(i)),
            Action::Quit => self.guarded(ctx, Replace::Quit),
            Action::Save => {
                self.save();
            }
            Action::SaveAs => {
                self.save_as();
            }
            Action::Undo => {
                if !self.doc.undo() {
                    self.notice = Some("Nothing to undo".into());
                }
            }
            Action::Redo => {
                if !self.doc.redo() {
                    self.notice = Some("Nothing to redo".into());
                }
            }
            Action::Copy => self.copy(),
            Action::Cut => {
                self.copy();
                self.delete();
            }
            Action::Paste => {
                self.pastes += 1;
                let clip = self.clipboard.clone();
                self.paste(&clip, 30.0 * self.pastes as f32);
            }
            Action::Duplicate => {
                let clip = self.selection_clipboard();
                self.paste(&clip, 30.0);
            }
            Action::Delete => self.delete(),
            Action::SelectAll => {
                if let Some(d) = self.current_diagram() {
                    self.canvas.selection = d.shape_ids().cloned().collect();
                }
            }
            Action::Rename => {
                if let (Some(id), Some(di)) = (
                    self.canvas.selection.iter().next().cloned(),
                    self.diagram_index(),
                ) {
                    self.canvas.start_rename(&self.doc, di, id);
                }
            }
            Action::ClearSelection => self.canvas.selection.clear(),
            Action::ZoomFit => self.canvas.request_fit(),
            Action::ZoomIn => self.canvas.zoom_by(1.25),
            Action::ZoomOut => self.canvas.zoom_by(0.8),
            Action::ToggleGrid => self.canvas.show_grid = !self.canvas.show_grid,
            Action::ToggleSnap => self.canvas.snap = !self.canvas.snap,
            Action::AddDiagram => {
                let n = self.doc.model.diagrams.len() + 1;
                let (edit, id) = ops::add_diagram(&self.doc.model, &format!("Diagram {n}"));
                self.doc.apply(edit);
                self.canvas.show_diagram(id);
            }
            Action::Help => self.show_help = true,
            Action::Export(kind) => self.export(kind),
            Action::Import => self.guarded(ctx, Replace::ImportDialog),
        }
    }

    /// Asks where, then writes the export; errors are shown, never fatal.
    pub fn export(&mut self, kind: ExportKind) {
        let (description, extension, suffix) = kind.describe();
        let stem = suggested_file_name(&self.doc.model);
        let stem = stem.trim_end_matches(".ron");
        let suggested = format!("{stem}-{suffix}.{extension}");
        let path = match self.dialogs.export(&suggested, description, extension) {
            DialogResult::Chosen(mut p) => {
                let ending = format!(".{extension}");
                let name = p
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .to_lowercase();
                if !name.ends_with(&ending) {
                    let mut name = p.file_name().unwrap_or_default().to_os_string();
                    name.push(&ending);
                    p.set_file_name(name);
                }
                p
            }
            DialogResult::Cancelled => return,
            DialogResult::Unavailable => {
                self.error = Some(
                    "No file dialog is available on this system (install xdg-desktop-portal or \
                     zenity). Use the command line instead: strider export FILE -o OUT"
                        .into(),
                );
                return;
            }
        };
        let options = io::ExportOptions {
            paper: match kind {
                ExportKind::Workbook(p) | ExportKind::BlankWorkbook(p) => p,
                _ => crate::workbook::Paper::A4,
            },
            blank: matches!(kind, ExportKind::BlankWorkbook(_)),
        };
        match io::export_with(&self.doc.model, &path, &options) {
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
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    fn guarded(&mut self, ctx: &egui::Context, next: Replace) {
        if self.doc.is_dirty() {
            self.prompt = Some(Prompt::Unsaved(next));
        } else {
            self.replace(ctx, next);
        }
    }

    /// Opens what an open or import dialog answered; `instead` says what to do without dialogs.
    fn open_chosen(&mut self, answer: DialogResult, instead: &str) {
        match answer {
            DialogResult::Chosen(p) => {
                self.open_path(&p);
            }
            DialogResult::Cancelled => {}
            DialogResult::Unavailable => {
                self.error = Some(format!(
                    "No file dialog is available on this system (install xdg-desktop-portal or \
                     zenity). {instead}"
                ));
            }
        }
    }

    /// Goes ahead with an action that replaces the document (unsaved work already dealt with).
    fn replace(&mut self, ctx: &egui::Context, next: Replace) {
        match next {
            Replace::New => {
                self.set_document(Document::untitled());
                self.storage.clear_autosave();
            }
            Replace::OpenDialog => {
                let answer = self.dialogs.open();
                self.open_chosen(
                    answer,
                    "Drop a file on the window, use File > Open recent, or start Strider with a \
                     file path: strider FILE",
                );
            }
            Replace::ImportDialog => {
                let answer = self.dialogs.import();
                self.open_chosen(
                    answer,
                    "Drop the file on the window, or use the command line: strider import FILE \
                     -o MODEL.ron",
                );
            }
            Replace::OpenPath(p) => {
                self.open_path(&p);
            }
            Replace::OpenSample(i) => self.open_sample(i),
            Replace::Quit => {
                self.closing = true;
                self.storage.clear_autosave();
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }

    fn current_diagram(&self) -> Option<&crate::model::Diagram> {
        self.doc
            .model
            .diagrams
            .iter()
            .find(|d| d.id == self.canvas.diagram)
    }

    fn diagram_index(&self) -> Option<usize> {
        self.doc
            .model
            .diagrams
            .iter()
            .position(|d| d.id == self.canvas.diagram)
    }

    fn selection_set(&self) -> HashSet<Id> {
        self.canvas.selection.iter().cloned().collect()
    }

    fn selection_clipboard(&self) -> ops::Clipboard {
        ops::copy(&self.doc.model, &self.canvas.diagram, &self.selection_set())
    }

    fn copy(&mut self) {
        let clip = self.selection_clipboard();
        if !clip.is_empty() {
            self.notice = Some(format!(
                "Copied {} elements, {} boundaries and {} flows",
                clip.elements.len(),
                clip.boundaries.len(),
                clip.flows.len()
            ));
            self.clipboard = clip;
            self.pastes = 0;
        }
    }

    fn paste(&mut self, clip: &ops::Clipboard, offset: f32) {
        if let Some((edit, ids)) = ops::paste(
            &self.doc.model,
            &self.canvas.diagram,
            clip,
            (offset, offset),
        ) {
            self.doc.apply(edit);
            self.canvas.selection = ids.into_iter().collect::<BTreeSet<_>>();
        }
    }

    fn delete(&mut self) {
        let ids = self.selection_set();
        if ids.is_empty() {
            return;
        }
        if let Some((edit, removed)) = ops::delete(&self.doc.model, &self.canvas.diagram, &ids) {
            self.doc.apply(edit);
            self.canvas.selection.clear();
            let mut parts = Vec::new();
            for (n, what) in [
                (removed.elements, "element"),
                (removed.boundaries, "boundary"),
                (removed.flows, "flow"),
                (removed.threats, "threat"),
            ] {
                if n > 0 {
                    let plural = if n == 1 {
                        what.to_owned()
                    } else if what == "boundary" {
                        "boundaries".to_owned()
                    } else {
                        format!("{what}s")
                    };
                    parts.push(format!("{n} {plural}"));
                }
            }
            self.notice = Some(format!(
                "Deleted {} (Ctrl+Z brings them back)",
                parts.join(", ")
            ));
        }
    }

    /// One frame of the whole app.
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.on_close_request(&ctx);
        self.on_dropped_files(&ctx);
        // Escape closes the import report before it can clear the selection.
        if self.import_report.is_some()
            && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
        {
            self.import_report = None;
        }
        self.shortcuts(&ctx);
        self.autosave_tick(&ctx);
        self.update_title(&ctx);

        self.refresh_analysis();
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        egui::Panel::bottom("lists")
            .resizable(true)
            .default_size(230.0)
            .show(ui, |ui| {
                let (_, _, insights) = self.analysed.as_ref().expect("refreshed above");
                self.lists.show(
                    ui,
                    &mut self.doc,
                    &mut self.canvas,
                    &mut self.editor,
                    insights,
                );
            });
        egui::Panel::left("palette")
            .default_size(190.0)
            .show(ui, |ui| {
                if let Some(item) = palette::show(ui) {
                    let at = self.canvas.view_center();
                    self.canvas.add_item(&mut self.doc, &item, at);
                }
            });
        egui::Panel::right("properties")
            .default_size(320.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut self.right_tab, RightTab::Properties, "Properties");
                    ui.selectable_value(
                        &mut self.right_tab,
                        RightTab::Stride,
                        "What can go wrong?",
                    );
                });
                ui.separator();
                match self.right_tab {
                    RightTab::Properties => {
                        self.properties.show(ui, &mut self.doc, &mut self.canvas)
                    }
                    RightTab::Stride => {
                        let (_, analysis, _) = self.analysed.as_ref().expect("refreshed above");
                        self.stride_panel.show(
                            ui,
                            &mut self.doc,
                            &self.canvas,
                            analysis,
                            &self.library,
                            &mut self.editor,
                        );
                    }
                }
            });
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                self.tabs(ui);
                self.canvas.show(ui, &mut self.doc);
            });
        if let Some(note) = self.canvas.note.take() {
            self.notice = Some(note);
        }
        self.editor.show(&ctx, &mut self.doc);
        self.prompts(&ctx);
        help::window(&ctx, &mut self.show_help);
        self.write_automation_file();
    }

    fn write_automation_file(&mut self) {
        let Some((path, last)) = &mut self.automation else {
            return;
        };
        let Some(d) = self
            .doc
            .model
            .diagrams
            .iter()
            .find(|d| d.id == self.canvas.diagram)
        else {
            return;
        };
        let elements: serde_json::Map<String, serde_json::Value> = d
            .elements
            .iter()
            .map(|e| {
                let r = self.canvas.to_global * super::paint::rect_of(e.pos, e.size);
                let v = serde_json::json!({
                    "name": e.name,
                    "center": [r.center().x.round(), r.center().y.round()],
                    "right_handle": [r.right().round(), r.center().y.round()],
                });
                (e.id.0.clone(), v)
            })
            .collect();
        let text = serde_json::json!({ "elements": elements }).to_string();
        if &text != last {
            let _ = crate::io::write_atomically(path, text.as_bytes());
            *last = text;
        }
    }

    /// Re-analyses the model when it changed since the last analysis.
    fn refresh_analysis(&mut self) {
        if self
            .analysed
            .as_ref()
            .is_some_and(|(rev, _, _)| *rev == self.doc.revision)
        {
            return;
        }
        let analysis = stride::analyse(&self.doc.model, &self.library);
        let insights = Insights::of(&self.doc.model, &analysis);
        self.analysed = Some((self.doc.revision, analysis, insights));
    }

    /// The current analysis (for tests and the status bar).
    pub fn analysis(&mut self) -> &Analysis {
        self.refresh_analysis();
        &self.analysed.as_ref().expect("just refreshed").1
    }

    fn on_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.closing {
            if self.doc.is_dirty() {
                ctx.send_viewport_cmd(ViewportCommand::CancelClose);
                self.prompt = Some(Prompt::Unsaved(Replace::Quit));
            } else {
                self.storage.clear_autosave();
            }
        }
    }

    fn on_dropped_files(&mut self, ctx: &egui::Context) {
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

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let cmd = Modifiers::COMMAND;
        let cmd_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        // Always available, even while typing.
        let global = [
            (KeyboardShortcut::new(cmd_shift, Key::S), Action::SaveAs),
            (KeyboardShortcut::new(cmd, Key::S), Action::Save),
            (KeyboardShortcut::new(cmd, Key::O), Action::Open),
            (KeyboardShortcut::new(cmd, Key::I), Action::Import),
            (KeyboardShortcut::new(cmd, Key::N), Action::New),
            (KeyboardShortcut::new(cmd, Key::Q), Action::Quit),
            (
                KeyboardShortcut::new(Modifiers::NONE, Key::F1),
                Action::Help,
            ),
        ];
        let mut fired = Vec::new();
        ctx.input_mut(|i| {
            for (shortcut, action) in &global {
                if i.consume_shortcut(shortcut) {
                    fired.push(action.clone());
                }
            }
        });
        // Editing keys belong to a text field while one has the focus.
        if !ctx.egui_wants_keyboard_input() && self.canvas.renaming.is_none() {
            let editing = [
                (KeyboardShortcut::new(cmd_shift, Key::Z), Action::Redo),
                (KeyboardShortcut::new(cmd, Key::Z), Action::Undo),
                (KeyboardShortcut::new(cmd, Key::Y), Action::Redo),
                (KeyboardShortcut::new(cmd, Key::C), Action::Copy),
                (KeyboardShortcut::new(cmd, Key::X), Action::Cut),
                (KeyboardShortcut::new(cmd, Key::V), Action::Paste),
                (KeyboardShortcut::new(cmd, Key::D), Action::Duplicate),
                (KeyboardShortcut::new(cmd, Key::A), Action::SelectAll),
                (KeyboardShortcut::new(cmd, Key::Num0), Action::ZoomFit),
                (KeyboardShortcut::new(cmd, Key::Plus), Action::ZoomIn),
                (KeyboardShortcut::new(cmd, Key::Equals), Action::ZoomIn),
                (KeyboardShortcut::new(cmd, Key::Minus), Action::ZoomOut),
                (
                    KeyboardShortcut::new(Modifiers::NONE, Key::Delete),
                    Action::Delete,
                ),
                (
                    KeyboardShortcut::new(Modifiers::NONE, Key::Backspace),
                    Action::Delete,
                ),
                (
                    KeyboardShortcut::new(Modifiers::NONE, Key::F2),
                    Action::Rename,
                ),
                (
                    KeyboardShortcut::new(Modifiers::NONE, Key::Escape),
                    Action::ClearSelection,
                ),
            ];
            ctx.input_mut(|i| {
                for (shortcut, action) in &editing {
                    if i.consume_shortcut(shortcut) {
                        fired.push(action.clone());
                    }
                }
            });
        }
        for action in fired {
            self.perform(ctx, action);
        }
    }

    fn autosave_tick(&mut self, ctx: &egui::Context) {
        if !self.doc.is_dirty() {
            return;
        }
        let (last, revision) = self.autosave;
        let due = last + AUTOSAVE_EVERY;
        if revision != self.doc.revision && Instant::now() >= due {
            self.autosave_now();
        }
        // Wake up for the next autosave even when idle; no continuous repainting.
        ctx.request_repaint_after(
            due.saturating_duration_since(Instant::now())
                .max(Duration::from_secs(1)),
        );
    }

    /// Writes the autosave copy now (also used by tests).
    pub fn autosave_now(&mut self) {
        let text = io::to_string(&self.doc.model);
        if let Err(e) = self.storage.write_autosave(&text, self.doc.path.as_deref()) {
            self.notice = Some(format!("Could not write the autosave copy: {e}"));
        }
        self.autosave = (Instant::now(), self.doc.revision);
    }

    fn restore(&mut self, autosave: Autosave) {
        let name = autosave
            .origin
            .as_ref()
            .map_or("autosave".to_owned(), |p| p.display().to_string());
        match io::from_str(&autosave.text, &name) {
            Ok(model) => {
                let mut doc = Document::new(model, autosave.origin.clone());
                doc.history.mark_unsaved();
                self.set_document(doc);
                self.notice = Some("Restored your unsaved work; save it to keep it".into());
            }
            Err(e) => self.error = Some(format!("The autosave copy could not be read: {e}")),
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.doc.window_title();
        if title != self.last_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
    }

    fn menu_bar(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let mut action = None;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                let mut item = |ui: &mut Ui, label: &str, keys: &str, a: Action| {
                    if ui
                        .add(egui::Button::new(label).shortcut_text(keys))
                        .clicked()
                    {
                        action = Some(a);
                    }
                };
                item(ui, "New", "Ctrl+N", Action::New);
                item(ui, "Open...", "Ctrl+O", Action::Open);
                ui.menu_button("Open recent", |ui| {
                    let recent = self.storage.recent();
                    if recent.is_empty() {
                        ui.weak("No recent files");
                    }
                    for path in recent {
                        if ui.button(path.display().to_string()).clicked() {
                            action = Some(Action::OpenPath(path));
                        }
                    }
                });
                ui.menu_button("Open sample", |ui| {
                    for (i, s) in SAMPLES.iter().enumerate() {
                        if ui.button(s.name).clicked() {
                            action = Some(Action::OpenSample(i));
                        }
                    }
                });
                if ui
                    .add(egui::Button::new("Import...").shortcut_text("Ctrl+I"))
                    .clicked()
                {
                    action = Some(Action::Import);
                }
                ui.menu_button("Export", |ui| {
                    use crate::workbook::Paper;
                    for (label, kind) in [
                        ("Workbook, A4 (PDF)...", ExportKind::Workbook(Paper::A4)),
                        (
                            "Workbook, US Letter (PDF)...",
                            ExportKind::Workbook(Paper::Letter),
                        ),
                        (
                            "Blank workbook, A4 (PDF)...",
                            ExportKind::BlankWorkbook(Paper::A4),
                        ),
                        (
                            "Blank workbook, US Letter (PDF)...",
                            ExportKind::BlankWorkbook(Paper::Letter),
                        ),
                        ("Diagram (SVG)...", ExportKind::Svg),
                        ("Diagram (PNG)...", ExportKind::Png),
                        ("Report (Markdown)...", ExportKind::Markdown),
                        (
                            "Threat Dragon model (.td.json)...",
                            ExportKind::ThreatDragon,
                        ),
                        (
                            "Threat Composer workspace (.tc.json)...",
                            ExportKind::ThreatComposer,
                        ),
                    ] {
                        if ui.button(label).clicked() {
                            action = Some(Action::Export(kind));
                        }
                    }
                });

                ui.separator();
                let mut item = |ui: &mut Ui, label: &str, keys: &str, a: Action| {
                    if ui
                        .add(egui::Button::new(label).shortcut_text(keys))
                        .clicked()
                    {
                        action = Some(a);
                    }
                };
                item(ui, "Save", "Ctrl+S", Action::Save);
                item(ui, "Save as...", "Ctrl+Shift+S", Action::SaveAs);
                ui.separator();
                ui.separator();
                item(ui, "Quit", "Ctrl+Q", Action::Quit);
            });
            ui.menu_button("Edit", |ui| {
                let mut item = |ui: &mut Ui, label: &str, keys: &str, a: Action, on: bool| {
                    if ui
                        .add_enabled(on, egui::Button::new(label).shortcut_text(keys))
                        .clicked()
                    {
                        action = Some(a);
                    }
                };
                let any = !self.canvas.selection.is_empty();
                item(
                    ui,
                    "Undo",
                    "Ctrl+Z",
                    Action::Undo,
                    self.doc.history.can_undo(),
                );
                item(
                    ui,
                    "Redo",
                    "Ctrl+Shift+Z",
                    Action::Redo,
                    self.doc.history.can_redo(),
                );
                ui.separator();
                item(ui, "Cut", "Ctrl+X", Action::Cut, any);
                item(ui, "Copy", "Ctrl+C", Action::Copy, any);
                item(
                    ui,
                    "Paste",
                    "Ctrl+V",
                    Action::Paste,
                    !self.clipboard.is_empty(),
                );
                item(ui, "Duplicate", "Ctrl+D", Action::Duplicate, any);
                item(ui, "Delete", "Del", Action::Delete, any);
                item(
                    ui,
                    "Rename",
                    "F2",
                    Action::Rename,
                    self.canvas.selection.len() == 1,
                );
                ui.separator();
                item(ui, "Select all", "Ctrl+A", Action::SelectAll, true);
            });
            ui.menu_button("View", |ui| {
                let mut item = |ui: &mut Ui, label: &str, keys: &str, a: Action| {
                    if ui
                        .add(egui::Button::new(label).shortcut_text(keys))
                        .clicked()
                    {
                        action = Some(a);
                    }
                };
                item(ui, "Zoom to fit", "Ctrl+0", Action::ZoomFit);
                item(ui, "Zoom in", "Ctrl++", Action::ZoomIn);
                item(ui, "Zoom out", "Ctrl+-", Action::ZoomOut);
                ui.separator();
                let mut grid = self.canvas.show_grid;
                if ui.checkbox(&mut grid, "Show grid").changed() {
                    action = Some(Action::ToggleGrid);
                }
                let mut snap = self.canvas.snap;
                if ui.checkbox(&mut snap, "Snap to grid").changed() {
                    action = Some(Action::ToggleSnap);
                }
                ui.separator();
                ui.label("Theme");
                for (pref, label) in [
                    (ThemePreference::System, "Follow the system"),
                    (ThemePreference::Light, "Light"),
                    (ThemePreference::Dark, "Dark"),
                ] {
                    if ui.radio(self.theme == pref, label).clicked() {
                        self.theme = pref;
                        ctx.set_theme(pref);
                    }
                }
            });
            ui.menu_button("Diagram", |ui| {
                if ui.button("New diagram").clicked() {
                    action = Some(Action::AddDiagram);
                }
                let can_remove = self.doc.model.diagrams.len() > 1;
                if ui
                    .add_enabled(can_remove, egui::Button::new("Remove this diagram..."))
                    .clicked()
                {
                    self.prompt = Some(Prompt::RemoveDiagram(self.canvas.diagram.clone()));
                }
            });
            ui.menu_button("Help", |ui| {
                if ui
                    .add(egui::Button::new("Keyboard shortcuts").shortcut_text("F1"))
                    .clicked()
                {
                    action = Some(Action::Help);
                }
            });
        });
        if let Some(a) = action {
            self.perform(&ctx, a);
        }
    }

    fn tabs(&mut self, ui: &mut Ui) {
        let mut switch_to = None;
        let mut add = false;
        ui.horizontal(|ui| {
            ui.add_space(6.0);
            for d in &self.doc.model.diagrams {
                if let Some((id, text)) = &mut self.renaming_tab
                    && *id == d.id
                {
                    let r = ui.add(egui::TextEdit::singleline(text).desired_width(160.0));
                    r.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Diagram name")
                    });
                    r.request_focus();
                    continue;
                }
                let r = ui.selectable_label(d.id == self.canvas.diagram, &d.name);
                if r.clicked() {
                    switch_to = Some(d.id.clone());
                }
                if r.double_clicked() {
                    self.renaming_tab = Some((d.id.clone(), d.name.clone()));
                }
                r.context_menu(|ui| {
                    if ui.button("Rename").clicked() {
                        self.renaming_tab = Some((d.id.clone(), d.name.clone()));
                    }
                    if ui
                        .add_enabled(
                            self.doc.model.diagrams.len() > 1,
                            egui::Button::new("Remove..."),
                        )
                        .clicked()
                    {
                        self.prompt = Some(Prompt::RemoveDiagram(d.id.clone()));
                    }
                });
            }
            if ui.button("+").on_hover_text("Add a diagram").clicked() {
                add = true;
            }
        });
        if let Some((id, text)) = &self.renaming_tab
            && ui.input(|i| {
                i.key_pressed(Key::Enter) || i.key_pressed(Key::Escape) || i.pointer.any_click()
            })
        {
            let (id, text) = (id.clone(), text.trim().to_owned());
            self.renaming_tab = None;
            if !text.is_empty()
                && let Some(edit) = ops::update_diagram(&self.doc.model, &id, |d| d.name = text)
                && !edit.is_noop()
            {
                self.doc.apply(edit);
            }
        }
        if let Some(id) = switch_to
            && id != self.canvas.diagram
        {
            self.canvas.show_diagram(id);
        }
        if add {
            self.perform(&ui.ctx().clone(), Action::AddDiagram);
        }
    }

    fn status_bar(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            if self.doc.is_dirty() {
                ui.colored_label(ui.visuals().warn_fg_color, "Unsaved changes");
            } else {
                ui.label("Saved");
            }
            ui.separator();
            ui.label(format!("{:.0}%", self.canvas.zoom() * 100.0));
            ui.separator();
            let n = self.canvas.selection.len();
            ui.label(match n {
                0 => "Nothing selected".to_owned(),
                1 => "1 selected".to_owned(),
                n => format!("{n} selected"),
            });
            if let Some(notice) = &self.notice {
                ui.separator();
                ui.label(notice);
            }
        });
    }

    /// What an import could not carry over: a window the user can keep open while checking the
    /// model, not a modal, since the lines are a to-do list.
    fn import_report_window(&mut self, ctx: &egui::Context) {
        let Some(report) = &self.import_report else {
            return;
        };
        let mut open = true;
        let mut dismissed = false;
        egui::Window::new("Import report")
            .open(&mut open)
            .default_width(520.0)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(format!("{} ({})", report.file, report.format));
                if report.lines.is_empty() {
                    ui.label("Everything in the file was carried over.");
                } else {
                    ui.label("Not carried over, or changed on the way:");
                }
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        for line in &report.lines {
                            ui.label(format!("- {line}"));
                        }
                    });
                ui.add_space(6.0);
                dismissed = ui.button("Close (Esc)").clicked();
            });
        if !open || dismissed {
            self.import_report = None;
        }
    }

    fn prompts(&mut self, ctx: &egui::Context) {
        self.import_report_window(ctx);
        if let Some(error) = self.error.clone() {
            let modal = egui::Modal::new(egui::Id::unique("strider-error")).show(ctx, |ui| {
                ui.set_max_width(460.0);
                ui.heading("Something went wrong");
                ui.label(&error);
                ui.add_space(8.0);
                ui.button("OK").clicked()
            });
            if modal.inner || modal.should_close() {
                self.error = None;
            }
            return;
        }
        let Some(prompt) = self.prompt.clone() else {
            return;
        };
        let name = self.doc.display_name();
        let answer = egui::Modal::new(egui::Id::unique("strider-prompt")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            match &prompt {
                Prompt::Unsaved(_) => {
                    ui.heading(format!("Save changes to {name}?"));
                    ui.label("Your changes will be lost if you don't save them.");
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            return Some(0);
                        }
                        if ui.button("Don't save").clicked() {
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
            // A failed or cancelled save keeps the document open, unsaved work and all.
            (Prompt::Unsaved(next), 0) if self.save() => self.replace(ctx, next),
            (Prompt::Unsaved(next), 1) => {
                self.doc.history.mark_saved();
                self.replace(ctx, next);
            }
            (Prompt::Restore(a), 0) => self.restore(a),
            (Prompt::Restore(_), 1) => self.storage.clear_autosave(),
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

fn suggested_file_name(model: &Model) -> String {
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
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "threat-model.ron".into()
    } else {
        format!("{stem}.ron")
    }
}

impl eframe::App for StriderApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn on_exit(&mut self) {
        if !self.doc.is_dirty() {
            self.storage.clear_autosave();
        }
    }
}
