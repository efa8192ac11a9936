//! The desktop app (eframe/egui). The only module that knows about a screen: it shows the model
//! and turns every gesture into an edit from `model::ops`.

pub mod app;
pub mod canvas;
pub mod compare;
pub mod dialogs;
pub mod document;
pub mod fonts;
pub mod help;
pub mod lists;
pub(crate) mod paint;
pub mod palette;
pub mod properties;
pub mod risk;
pub mod samples;
pub mod storage;
pub mod stride_panel;
pub mod text;
pub mod threat_editor;
pub mod workshop;

pub use app::{Action, StriderApp};

use std::path::PathBuf;

/// Opens the app window, on `file` when given. Returns when the window closes.
pub fn run(file: Option<PathBuf>) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0])
            .with_title("Strider")
            .with_app_id("strider"),
        // Sizes of the window, panels and table columns are kept between runs, beside the
        // recent-files list (and nowhere when nothing is kept).
        persistence_path: storage::Storage::from_env().layout_file(),
        ..Default::default()
    };
    eframe::run_native(
        "Strider",
        options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx);
            Ok(Box::new(StriderApp::launch(file)))
        }),
    )
    .map_err(|e| format!("cannot open the window: {e}"))
}
