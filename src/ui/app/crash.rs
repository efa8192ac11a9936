//! A panic must not lose work. The app keeps a handle on the last unsaved model of the thread
//! that draws it; a panic hook writes that model as the autosave copy with a short crash note,
//! and the next start offers it back like any other crash.

use super::{Document, Storage};
use crate::model::Model;
use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::{Arc, Once};

#[derive(Default)]
struct Watched {
    storage: Option<Storage>,
    /// The revision last remembered, so nothing is cloned on frames without an edit.
    revision: u64,
    /// The unsaved model and the file it belongs to; `None` when there is nothing to lose.
    unsaved: Option<(Arc<Model>, Option<PathBuf>)>,
}

thread_local! {
    // Per thread: the app draws on one thread; tests run several apps on their own threads.
    static WATCHED: RefCell<Watched> = RefCell::new(Watched::default());
}

/// Installs the panic hook (once per process) and watches this thread's app, keeping its
/// state in `storage`.
pub(super) fn watch(storage: &Storage) {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            write_rescue_copy(&info.to_string());
            previous(info);
        }));
    });
    WATCHED.with(|w| {
        if let Ok(mut w) = w.try_borrow_mut() {
            *w = Watched {
                storage: Some(storage.clone()),
                ..Watched::default()
            };
        }
    });
}

/// Remembers the document after a frame: a clone of the model after each edit while unsaved.
pub(super) fn remember(doc: &Document, crashed_copy_pending: bool) {
    WATCHED.with(|w| {
        let Ok(mut w) = w.try_borrow_mut() else {
            return;
        };
        // Not in the middle of a drag: the copy is of the model as last edited.
        if w.revision == doc.settled_revision {
            return;
        }
        w.revision = doc.settled_revision;
        // A crashed run's copy still waiting for an answer is never overwritten.
        w.unsaved = (doc.is_dirty() && !crashed_copy_pending)
            .then(|| (Arc::new(doc.model.clone()), doc.path.clone()));
    });
}

/// Called from the panic hook: writes the unsaved model and a crash note, if there is one.
fn write_rescue_copy(panic: &str) {
    let _ = WATCHED.try_with(|w| {
        let Ok(w) = w.try_borrow() else {
            return;
        };
        let (Some(storage), Some((model, origin))) = (&w.storage, &w.unsaved) else {
            return;
        };
        if !storage.keeps_anything() {
            return;
        }
        let text = crate::io::to_string(model);
        if storage.write_autosave(&text, origin.as_deref()).is_ok() {
            let _ = storage.write_crash_note(&format!("Strider stopped: {panic}"));
            eprintln!(
                "strider: your unsaved work was written to {}; it is offered back at the next start",
                storage.describe()
            );
        }
    });
}
