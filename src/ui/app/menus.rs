//! The menu bar, the diagram tabs and the status bar.

use super::*;

impl StriderApp {
    pub(super) fn menu_bar(&mut self, ui: &mut Ui) {
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
                ui.menu_button("New from template", |ui| {
                    for (i, t) in crate::templates::TEMPLATES.iter().enumerate() {
                        if ui.button(t.name).on_hover_text(t.summary).clicked() {
                            action = Some(Action::NewFromTemplate(i));
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
                ui.menu_button("Compare with", |ui| {
                    if ui
                        .button("Another file...")
                        .on_hover_text("Mark what differs from another version of this model")
                        .clicked()
                    {
                        action = Some(Action::CompareWithFile);
                    }
                    let saved = self.doc.path.is_some();
                    if ui
                        .add_enabled(saved, egui::Button::new("Last commit (git HEAD)"))
                        .on_disabled_hover_text("The model has no file yet")
                        .clicked()
                    {
                        action = Some(Action::CompareWithHead);
                    }
                    if self.comparison.is_some() && ui.button("End comparison").clicked() {
                        action = Some(Action::EndComparison);
                    }
                });
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
                        ("Open Threat Model (.otm)...", ExportKind::Otm),
                        ("TM-BOM (.tmbom.json)...", ExportKind::TmBom),
                        ("Threats for a tracker (CSV)...", ExportKind::Csv),
                        (
                            "Threats, mitigations, assumptions (Excel)...",
                            ExportKind::Xlsx,
                        ),
                        (
                            "Open threats for code scanning (SARIF)...",
                            ExportKind::Sarif,
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
                let undo = self.doc.history.undo_description();
                let redo = self.doc.history.redo_description();
                item(
                    ui,
                    &undo.as_ref().map_or("Undo".into(), |w| format!("Undo {w}")),
                    "Ctrl+Z",
                    Action::Undo,
                    undo.is_some(),
                );
                item(
                    ui,
                    &redo.as_ref().map_or("Redo".into(), |w| format!("Redo {w}")),
                    "Ctrl+Shift+Z",
                    Action::Redo,
                    redo.is_some(),
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
                item(
                    ui,
                    "Zoom to selection",
                    "Ctrl+Shift+F",
                    Action::ZoomToSelection,
                );
                ui.separator();
                ui.checkbox(&mut self.panels.palette, "Palette");
                ui.checkbox(&mut self.panels.side, "Properties panel");
                ui.checkbox(&mut self.panels.lists, "Lists panel");
                item(ui, "Focus on the diagram", "F11", Action::FocusDiagram);
                ui.checkbox(&mut self.canvas.show_minimap, "Minimap");
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
                if ui
                    .add(egui::Button::new("Tidy layout").shortcut_text("Ctrl+Shift+L"))
                    .on_hover_text(
                        "Lay the diagram out again, left to right, inside its boundaries",
                    )
                    .clicked()
                {
                    action = Some(Action::Tidy);
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
            self.request(&ctx, a);
        }
    }

    pub(super) fn tabs(&mut self, ui: &mut Ui) {
        let mut switch_to = None;
        let mut add = false;
        let mut tab_edit: Option<egui::Response> = None;
        ui.horizontal(|ui| {
            ui.add_space(6.0);
            for d in &self.doc.model.diagrams {
                if let Some((id, text, started)) = &mut self.renaming_tab
                    && *id == d.id
                {
                    let r = ui.add(egui::TextEdit::singleline(text).desired_width(160.0));
                    r.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Diagram name")
                    });
                    if !*started {
                        r.request_focus();
                        crate::ui::text::select_all(ui, r.id, text);
                        *started = true;
                    }
                    tab_edit = Some(r);
                    continue;
                }
                let r = ui.selectable_label(d.id == self.canvas.diagram, &d.name);
                if r.clicked() {
                    switch_to = Some(d.id.clone());
                }
                if r.double_clicked() {
                    self.renaming_tab = Some((d.id.clone(), d.name.clone(), false));
                }
                r.context_menu(|ui| {
                    if ui.button("Rename").clicked() {
                        self.renaming_tab = Some((d.id.clone(), d.name.clone(), false));
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
        // Enter or a click elsewhere commits, Escape cancels.
        let cancel = ui.input(|i| i.key_pressed(Key::Escape));
        let done = tab_edit.as_ref().is_some_and(|r| r.lost_focus());
        if let Some((id, text, _)) = &self.renaming_tab
            && (cancel || done)
        {
            let (id, text) = (id.clone(), text.trim().to_owned());
            self.renaming_tab = None;
            if !cancel
                && !text.is_empty()
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
            self.request(&ui.ctx().clone(), Action::AddDiagram);
        }
    }

    pub(super) fn status_bar(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            if self.doc.is_dirty() {
                ui.colored_label(ui.visuals().warn_fg_color, "Unsaved changes");
            } else if self.doc.path.is_none() {
                // A new model (or a sample, a template) nobody has changed: nothing to lose,
                // but not saved anywhere either.
                ui.label("Not saved yet");
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
                ui.label(crate::printable::printable(notice, false));
            }
        });
    }
}
