//! The desktop app: the open document, its panels and menus, keyboard shortcuts, files,
//! unsaved-changes prompts and autosave.

mod compare;
mod crash;
mod file_dialog;
mod files;
mod input;
mod menus;
mod prompts;
mod shortcuts;

pub use file_dialog::FilePurpose;
pub use prompts::{Message, MessageKind};

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
use crate::model::{Id, Model, ops};
use crate::stride::{self, Analysis, Insights, Library};
use crate::{export, io};
use egui::{Key, KeyboardShortcut, Modifiers, ThemePreference, Ui, ViewportCommand};
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
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
    /// File > New from template: one of `templates::TEMPLATES`.
    NewFromTemplate(usize),
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
    ZoomToSelection,
    /// Lays the diagram out again (one undo step).
    Tidy,
    /// Hides or shows the palette and the side and bottom panels together.
    FocusDiagram,
    ToggleGrid,
    ToggleSnap,
    AddDiagram,
    Help,
    /// Import a Threat Dragon, Threat Composer, TMT, OTM, TM-BOM, draw.io or Threagile model chosen in a dialog.
    Import,
    /// Export to a file chosen in a dialog: the extension picks the format.
    Export(ExportKind),
    /// Goes ahead with a replacement once unsaved work has been dealt with (after a prompt).
    Proceed(Replace),
    /// File > Compare with…: another version of the model, chosen in a dialog.
    CompareWithFile,
    /// File > Compare with last commit: the open file as git has it at HEAD.
    CompareWithHead,
    EndComparison,
}

/// The panels around the canvas; each can be hidden to give the diagram the room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panels {
    pub palette: bool,
    pub side: bool,
    pub lists: bool,
}

impl Default for Panels {
    fn default() -> Self {
        Panels {
            palette: true,
            side: true,
            lists: true,
        }
    }
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
    Csv,
    Xlsx,
    Sarif,
    Otm,
    TmBom,
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
            ExportKind::Csv => ("threats (CSV)", "csv", "threats"),
            ExportKind::Xlsx => (
                "threats, mitigations and assumptions (Excel)",
                "xlsx",
                "threats",
            ),
            ExportKind::Sarif => ("open threats (SARIF)", "sarif", "open-threats"),
            ExportKind::Otm => ("Open Threat Model (OTM)", "otm", "threat-model"),
            ExportKind::TmBom => ("TM-BOM", "tmbom.json", "threat-model"),
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
    NewFromTemplate(usize),
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
    /// The analysis of the model as of a revision: recomputed only after an edit. Shared, so
    /// that a panel keeps its own handle even if the document is replaced while it draws.
    analysed: Option<Rc<Analysed>>,
    pub dialogs: Box<dyn FileDialogs>,
    pub storage: Storage,
    clipboard: ops::Clipboard,
    pastes: u32,
    pub prompt: Option<Prompt>,
    /// An error, warning or piece of information to show until dismissed.
    pub message: Option<Message>,
    /// What the last import or export could not carry over, shown until dismissed.
    pub import_report: Option<ImportReport>,
    /// What the last action did, for the status bar.
    pub notice: Option<String>,
    /// The folder of the file opened or imported last: where the in-app dialog starts for a
    /// document that has no file yet (an import is saved beside the file it came from).
    pub last_folder: Option<PathBuf>,
    pub show_help: bool,
    /// Which panels around the canvas are shown (palette, right side panel, lists).
    pub panels: Panels,
    /// Set once the user agreed to close; the next close request goes through.
    pub closing: bool,
    last_title: String,
    autosave: (Instant, u64),
    theme: ThemePreference,
    renaming_tab: Option<(Id, String, bool)>,
    /// `STRIDER_AUTOMATION_FILE`: where to write the on-screen rectangles of the shown
    /// diagram's elements, so scripts driving the real window (scripts/gui-smoke.sh) can find them.
    automation: Option<(PathBuf, String)>,
    /// Actions asked for while a frame was drawing (menus, buttons): they run at the start of
    /// the next frame, so no panel ever sees the document replaced under it.
    queued: Vec<Action>,
    /// The in-app file dialog, used where the system has none.
    file_dialog: Option<file_dialog::InAppDialog>,
    /// Another version of the model whose differences are marked (File > Compare with…).
    pub comparison: Option<crate::ui::compare::Comparison>,
    /// Input events held back to the next frame (see `input::pace`).
    held_input: Vec<egui::Event>,
    /// Whether the autosave copy on disk is this run's own (and so may be removed once this
    /// run's work is saved), rather than a crashed run's copy still waiting for an answer.
    owns_autosave: bool,
    /// "Discard changes" was answered for the open document: its work and autosave copy go
    /// once something replaces it (or the app quits), not before, so a cancelled Open after
    /// the answer leaves the work, still unsaved, where it was.
    discard_agreed: bool,
}

/// The analysis and insights of one revision of the model.
pub struct Analysed {
    revision: u64,
    pub analysis: Analysis,
    pub insights: Insights,
}

impl StriderApp {
    /// A new app on `doc`, keeping its state in `storage`, asking `dialogs` for files.
    pub fn new(doc: Document, storage: Storage, dialogs: Box<dyn FileDialogs>) -> Self {
        let mut canvas = Canvas::default();
        if let Some(d) = doc.model.diagrams.first() {
            canvas.show_diagram(d.id.clone());
        }
        let prompt = storage.pending_autosave().map(Prompt::Restore);
        crash::watch(&storage);
        StriderApp {
            autosave: (Instant::now(), doc.settled_revision),
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
            message: None,
            import_report: None,
            notice: None,
            last_folder: None,
            show_help: false,
            panels: Panels::default(),
            closing: false,
            last_title: String::new(),
            theme: ThemePreference::System,
            renaming_tab: None,
            automation: std::env::var_os("STRIDER_AUTOMATION_FILE")
                .map(|p| (PathBuf::from(p), String::new())),
            queued: Vec::new(),
            file_dialog: None,
            held_input: Vec::new(),
            comparison: None,
            owns_autosave: false,
            discard_agreed: false,
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
            app.launch_on(&path);
        }
        app
    }

    /// Replaces the document (after any unsaved-changes prompt).
    fn set_document(&mut self, doc: Document) {
        // The old document's work was saved or knowingly discarded before we got here.
        self.drop_own_autosave();
        self.discard_agreed = false;
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
        self.comparison = None;
        self.stride_panel = StridePanel::default();
        self.renaming_tab = None;
        self.analysed = None;
        self.autosave = (Instant::now(), self.doc.settled_revision);
        self.pastes = 0;
    }

    /// Opens a Strider model, or imports another tool's model (recognised by content) as a new
    /// unsaved document, so that saving never overwrites the other tool's file.
    pub fn perform(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::New => self.guarded(ctx, Replace::New),
            Action::Open => self.guarded(ctx, Replace::OpenDialog),
            Action::OpenPath(p) => self.guarded(ctx, Replace::OpenPath(p)),
            Action::OpenSample(i) => self.guarded(ctx, Replace::OpenSample(i)),
            Action::NewFromTemplate(i) => self.guarded(ctx, Replace::NewFromTemplate(i)),
            Action::Quit => self.guarded(ctx, Replace::Quit),
            Action::Save => {
                self.save();
            }
            Action::SaveAs => {
                self.save_as();
            }
            Action::Undo => {
                let what = self.doc.history.undo_description();
                self.notice = Some(match what {
                    Some(what) if self.doc.undo() => format!("Undid: {what}"),
                    _ => "Nothing to undo".into(),
                });
            }
            Action::Redo => {
                let what = self.doc.history.redo_description();
                self.notice = Some(match what {
                    Some(what) if self.doc.redo() => format!("Redid: {what}"),
                    _ => "Nothing to redo".into(),
                });
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
                    let n = self.canvas.selection.len();
                    self.notice = Some(format!("Selected {}", count(n, "item", "items")));
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
            Action::ClearSelection => {
                if !self.canvas.selection.is_empty() {
                    self.canvas.selection.clear();
                    self.notice = Some("Selection cleared".into());
                }
            }
            Action::ZoomFit => self.canvas.request_fit(),
            Action::ZoomIn => self.canvas.zoom_by(1.25),
            Action::ZoomOut => self.canvas.zoom_by(0.8),
            Action::ZoomToSelection => {
                if let Some(di) = self.diagram_index() {
                    self.canvas.zoom_to_selection(&self.doc.model.diagrams[di]);
                }
            }
            Action::Tidy => self.tidy(),
            Action::CompareWithFile => match self.dialogs.open() {
                DialogResult::Chosen(p) => self.compare_with_file(&p),
                DialogResult::Cancelled => {}
                DialogResult::Unavailable => {
                    self.open_in_app_dialog(file_dialog::FilePurpose::Compare, "")
                }
            },
            Action::CompareWithHead => self.compare_with_head(),
            Action::EndComparison => {
                self.comparison = None;
                self.canvas.marks = None;
                self.notice = Some("Comparison ended".into());
            }
            Action::FocusDiagram => {
                let all = self.panels.palette || self.panels.side || self.panels.lists;
                self.panels = Panels {
                    palette: !all,
                    side: !all,
                    lists: !all,
                };
                self.notice = Some(if all {
                    "Panels hidden: F11 brings them back".into()
                } else {
                    "Panels shown".into()
                });
            }
            Action::ToggleGrid => {
                self.canvas.show_grid = !self.canvas.show_grid;
                let on = if self.canvas.show_grid {
                    "shown"
                } else {
                    "hidden"
                };
                self.notice = Some(format!("Grid {on}"));
            }
            Action::ToggleSnap => {
                self.canvas.snap = !self.canvas.snap;
                let on = if self.canvas.snap { "on" } else { "off" };
                self.notice = Some(format!("Snap to grid {on}"));
            }
            Action::AddDiagram => {
                let n = self.doc.model.diagrams.len() + 1;
                let (edit, id) = ops::add_diagram(&self.doc.model, &format!("Diagram {n}"));
                self.doc.apply(edit);
                self.canvas.show_diagram(id);
            }
            Action::Help => self.show_help = true,
            Action::Proceed(next) => self.replace(ctx, next),
            Action::Export(kind) => self.export(kind),
            Action::Import => self.guarded(ctx, Replace::ImportDialog),
        }
    }

    /// Asks where, then writes the export; errors are shown, never fatal.
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
                "Copied {}, {} and {}",
                count(clip.elements.len(), "element", "elements"),
                count(clip.boundaries.len(), "boundary", "boundaries"),
                count(clip.flows.len(), "flow", "flows")
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
            self.notice = Some(format!("Pasted {}", count(ids.len(), "item", "items")));
            self.canvas.selection = ids.into_iter().collect::<BTreeSet<_>>();
        }
    }

    /// A panel dragged below its smallest size closes (egui's collapsible panels): say so, and
    /// how to bring it back, rather than let it vanish without a word.
    fn note_panels_closed_by_dragging(&mut self, before: Panels) {
        let closed: Vec<&str> = [
            (before.palette && !self.panels.palette, "Palette"),
            (before.side && !self.panels.side, "Properties panel"),
            (before.lists && !self.panels.lists, "Lists panel"),
        ]
        .iter()
        .filter(|(gone, _)| *gone)
        .map(|(_, name)| *name)
        .collect();
        if !closed.is_empty()
            && self.notice.as_deref() != Some("Panels hidden: F11 brings them back")
        {
            let items: Vec<String> = closed.iter().map(|c| format!("View > {c}")).collect();
            self.notice = Some(format!(
                "Closed: {} (drag its edge back out, or {}, or F11 for every panel)",
                closed.join(", "),
                items.join(", ")
            ));
        }
    }

    /// Lays the shown diagram out again as a layered left-to-right DFD, as one undo step.
    fn tidy(&mut self) {
        let Some(di) = self.diagram_index() else {
            return;
        };
        let id = self.doc.model.diagrams[di].id.clone();
        if let Some(edit) = ops::update_diagram(&self.doc.model, &id, |d| {
            *d = crate::diagram::tidy::tidy(d);
        }) && !edit.is_noop()
        {
            self.doc.apply(edit);
            self.canvas.request_fit();
            self.notice = Some("Laid the diagram out again (Ctrl+Z undoes it)".into());
        } else {
            self.notice = Some("The diagram is already tidy".into());
        }
    }

    fn delete(&mut self) {
        if self.canvas.delete_picked_bend(&mut self.doc) {
            self.notice = self.canvas.note.take();
            return;
        }
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
                    let plural = if what == "boundary" {
                        "boundaries".to_owned()
                    } else {
                        format!("{what}s")
                    };
                    parts.push(count(n, what, &plural));
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
        steady_caret(&ctx);
        // What menus and buttons asked for last frame happens now, before anything is drawn.
        for action in std::mem::take(&mut self.queued) {
            self.perform(&ctx, action);
        }
        self.on_close_request(&ctx);
        self.on_dropped_files(&ctx);
        self.escape(&ctx);
        self.shortcuts(&ctx);
        self.autosave_tick(&ctx);
        self.update_title(&ctx);
        let step_before = self.doc.history.top_step();
        let notice_before = self.notice.clone();

        let analysed = self.refresh_analysis();
        // Side and bottom panels never take more than their share, so a small window keeps
        // every panel usable and some canvas (the window manager's minimum size is only a hint).
        let whole = ui.available_rect_before_wrap();
        let panels_before = self.panels;
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        // The threat editor is docked at the right, full height, in place of the properties
        // panel while a threat is open: room for every field without scrolling at 1280×800.
        if self.editor.open.is_some() {
            egui::Panel::right("threat-editor")
                .resizable(true)
                .default_size(520.0)
                .min_size(340.0)
                .max_size((whole.width() * 0.5).max(340.0))
                .show(ui, |ui| self.editor.show(ui, &mut self.doc));
        }
        // One panel per tab, so each keeps the height it was given (a list of threats wants
        // more room than the workshop checklist).
        egui::Panel::bottom(("lists", self.lists.tab))
            .resizable(true)
            .default_size(230.0)
            .min_size(80.0)
            .max_size((whole.height() * 0.45).max(80.0))
            .show_collapsible(ui, &mut self.panels.lists, |ui| {
                self.lists.show(
                    ui,
                    &mut self.doc,
                    &mut self.canvas,
                    &mut self.editor,
                    &analysed.insights,
                );
            });
        egui::Panel::left("palette")
            .default_size(190.0)
            .min_size(90.0)
            .max_size((whole.width() * 0.22).max(90.0))
            .show_collapsible(ui, &mut self.panels.palette, |ui| {
                if let Some(item) = palette::show(ui) {
                    let at = self.canvas.view_center();
                    self.canvas.add_item(&mut self.doc, &item, at);
                }
            });
        if self.editor.open.is_none() {
            egui::Panel::right("properties")
                .default_size(320.0)
                .min_size(160.0)
                .max_size((whole.width() * 0.35).max(160.0))
                .show_collapsible(ui, &mut self.panels.side, |ui| {
                    ui.horizontal(|ui| {
                        ui.selectable_value(
                            &mut self.right_tab,
                            RightTab::Properties,
                            "Properties",
                        );
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
                            self.stride_panel.show(
                                ui,
                                &mut self.doc,
                                &self.canvas,
                                &analysed.analysis,
                                &self.library,
                                &mut self.editor,
                            );
                        }
                    }
                });
        }
        // The tab strip above the canvas sits on the panels' colour (a bare frame showed the
        // window's dark clear colour in the light theme).
        let strip = ui.visuals().panel_fill;
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE.fill(strip))
            .show(ui, |ui| {
                self.tabs(ui);
                self.canvas.marks = match &mut self.comparison {
                    Some(c) => {
                        c.follow(&self.doc);
                        Some(c.marks_of(&self.canvas.diagram))
                    }
                    None => None,
                };
                self.canvas.show(ui, &mut self.doc);
            });
        self.changes_window(&ctx);
        if let Some(note) = self.canvas.note.take() {
            self.notice = Some(note);
        }
        self.note_panels_closed_by_dragging(panels_before);
        if let Some(note) = self.stride_panel.note.take() {
            self.notice = Some(note);
        }
        self.prompts(&ctx);
        help::window(&ctx, &mut self.show_help);
        self.in_app_dialog(&ctx);
        self.report_change(step_before, notice_before);
        crash::remember(&self.doc, self.restore_pending());
        self.write_automation_file();
        report_repaint_causes(&ctx);
    }

    /// Asks for an action from inside a frame (a menu item, a button): it runs at the start of
    /// the next frame, between frames, so nothing drawing now sees the document replaced.
    pub fn request(&mut self, ctx: &egui::Context, action: Action) {
        self.queued.push(action);
        ctx.request_repaint();
    }

    /// Says in the status bar what an edit made this frame did, when nothing else said it.
    fn report_change(&mut self, before: (u64, usize), notice_before: Option<String>) {
        if self.doc.history.top_step() == before || self.notice != notice_before {
            return;
        }
        if let Some(what) = self.doc.history.undo_description() {
            self.notice = Some(crate::model::as_done(&what));
        }
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
                    "right_handle": [
                        (r.right() + super::canvas::CONNECT_OFFSET_PX).round(),
                        r.center().y.round()
                    ],
                });
                (e.id.0.clone(), v)
            })
            .collect();
        let to_screen = |q: (f32, f32)| {
            let p = self.canvas.screen_pos(q);
            [p.x.round(), p.y.round()]
        };
        let placed = self.canvas.placement();
        let flows: serde_json::Map<String, serde_json::Value> = d
            .flows
            .iter()
            .zip(&placed.routes)
            .filter_map(|(f, r)| {
                let points: Vec<[f32; 2]> =
                    r.as_ref()?.points.iter().map(|&q| to_screen(q)).collect();
                Some((f.id.0.clone(), serde_json::json!({ "points": points })))
            })
            .collect();
        let boundaries: serde_json::Map<String, serde_json::Value> = d
            .boundaries
            .iter()
            .zip(&placed.tabs)
            .map(|(b, t)| {
                let r = b.rect();
                let v = serde_json::json!({
                    "min": to_screen(r.min),
                    "max": to_screen(r.max),
                    "tab": to_screen(t.rect.center()),
                });
                (b.id.0.clone(), v)
            })
            .collect();
        let text = serde_json::json!({
            "elements": elements,
            "flows": flows,
            "boundaries": boundaries,
            "zoom": self.canvas.zoom(),
        })
        .to_string();
        if &text != last {
            let _ = crate::io::write_atomically(path, text.as_bytes());
            *last = text;
        }
    }

    /// The analysis of the current revision, computed only when the model changed since.
    fn refresh_analysis(&mut self) -> Rc<Analysed> {
        if let Some(a) = &self.analysed
            && a.revision == self.doc.settled_revision
        {
            return a.clone();
        }
        let analysis = stride::analyse(&self.doc.model, &self.library);
        let insights = Insights::of(&self.doc.model, &analysis);
        let fresh = Rc::new(Analysed {
            revision: self.doc.settled_revision,
            analysis,
            insights,
        });
        self.analysed = Some(fresh.clone());
        fresh
    }

    /// The current analysis and insights (for tests and the status bar).
    pub fn analysis(&mut self) -> Rc<Analysed> {
        self.refresh_analysis()
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        // A title from a file may hold control characters, which window lists pass on.
        let title = crate::printable::printable(&self.doc.window_title(), false).into_owned();
        if title != self.last_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
    }
}

/// A text caret that does not blink. A blinking one repaints the whole window twice a second
/// for as long as a field has the focus, which on a diagram of thousands of elements (or
/// without a GPU) keeps a core busy while nobody types.
fn steady_caret(ctx: &egui::Context) {
    if ctx.global_style().visuals.text_cursor.blink {
        ctx.all_styles_mut(|s| s.visuals.text_cursor.blink = false);
    }
}

/// "1 suggestion", "3 suggestions": counts that agree in number.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// With `STRIDER_DEBUG_REPAINT` set, says on stderr why each frame was drawn (the calls that
/// asked for it): how a frame that should have been idle is found.
fn report_repaint_causes(ctx: &egui::Context) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if !*ON.get_or_init(|| std::env::var_os("STRIDER_DEBUG_REPAINT").is_some()) {
        return;
    }
    let causes: Vec<String> = ctx
        .repaint_causes()
        .iter()
        .map(|c| format!("{}:{} {}", c.file, c.line, c.reason))
        .collect();
    eprintln!(
        "strider: frame {} drawn because: {}",
        ctx.cumulative_pass_nr(),
        if causes.is_empty() {
            "input or a window event".to_owned()
        } else {
            causes.join("; ")
        }
    );
}

impl eframe::App for StriderApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        if input::pace(&mut self.held_input, &mut raw_input.events) {
            ctx.request_repaint();
        }
    }

    fn on_exit(&mut self) {
        if !self.doc.is_dirty() || self.discard_agreed {
            self.drop_own_autosave();
        }
    }
}
