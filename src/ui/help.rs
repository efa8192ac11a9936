//! The keyboard shortcuts, listed once: the Help window and the menus read them from here.

pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+N", "New model"),
    ("Ctrl+O", "Open a model"),
    ("Ctrl+S", "Save"),
    ("Ctrl+Shift+S", "Save as"),
    ("Ctrl+Q", "Quit"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z / Ctrl+Y", "Redo"),
    ("Ctrl+C / Ctrl+X / Ctrl+V", "Copy, cut, paste"),
    ("Ctrl+D", "Duplicate the selection"),
    ("Ctrl+A", "Select everything on the diagram"),
    (
        "Delete / Backspace",
        "Delete the selection (and the flows attached)",
    ),
    ("F2 / double-click", "Rename in place"),
    ("Escape", "Clear the selection"),
    ("Ctrl+0", "Zoom to fit"),
    ("Ctrl++ / Ctrl+-", "Zoom in / out"),
    ("Ctrl+wheel / pinch", "Zoom around the pointer"),
    ("Wheel / middle-drag / Space+drag", "Pan"),
    (
        "Drag from a round handle",
        "Connect two elements with a data flow",
    ),
    (
        "Drag a selected flow's end",
        "Attach the flow to another element",
    ),
    (
        "Drag the square handle",
        "Resize the selected element or boundary",
    ),
    ("Alt+drag a boundary", "Move a boundary with what it holds"),
    (
        "Shift/Ctrl+click, drag on empty space",
        "Add to the selection, rubber-band select",
    ),
    ("F1", "This help"),
];

pub fn window(ctx: &egui::Context, open: &mut bool) {
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .resizable(false)
        .collapsible(false)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                for (keys, what) in SHORTCUTS {
                    ui.monospace(*keys);
                    ui.label(*what);
                    ui.end_row();
                }
            });
        });
}
