//! Keyboard shortcuts: global ones, and editing ones that yield to a focused text field.

use super::*;

impl StriderApp {
    /// Escape closes the topmost thing: an open menu or popup (egui closes it), the file dialog
    /// (it closes itself), a message or prompt (its modal closes it), a rename in progress (the
    /// rename field cancels it), then the threat editor, the import report, the help window,
    /// and last the selection.
    pub(super) fn escape(&mut self, ctx: &egui::Context) {
        let pressed = ctx.input(|i| i.key_pressed(Key::Escape));
        let others_handle_it = egui::Popup::is_any_open(ctx)
            || self.file_dialog.is_some()
            || self.message.is_some()
            || self.prompt.is_some()
            || self.canvas.renaming.is_some()
            || self.renaming_tab.is_some();
        if !pressed || others_handle_it {
            return;
        }
        let consume = |ctx: &egui::Context| {
            ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape));
        };
        if self.editor.open.is_some() {
            self.editor.open = None;
            self.doc.history.seal();
            self.notice = Some("Closed the threat editor".into());
        } else if self.import_report.is_some() {
            self.import_report = None;
        } else if self.show_help {
            self.show_help = false;
        } else if ctx.memory(|m| m.focused().is_some()) {
            // A focused text field gives up the focus on Escape by itself.
            return;
        } else {
            self.perform(ctx, Action::ClearSelection);
        }
        consume(ctx);
    }

    /// Whether a modal or the file dialog has the keyboard: shortcuts wait until it is answered.
    pub(super) fn modal_open(&self) -> bool {
        self.file_dialog.is_some() || self.message.is_some() || self.prompt.is_some()
    }

    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
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
        if self.modal_open() {
            return;
        }
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
                (
                    KeyboardShortcut::new(cmd_shift, Key::F),
                    Action::ZoomToSelection,
                ),
                (KeyboardShortcut::new(cmd_shift, Key::L), Action::Tidy),
                (
                    KeyboardShortcut::new(Modifiers::NONE, Key::F11),
                    Action::FocusDiagram,
                ),
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
}
