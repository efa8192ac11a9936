//! The app's shell as a person meets it: menus clicked in every document state, text typed one
//! character per frame, Escape, renaming, saving where no system file dialog exists, the
//! autosave, the status bar. Each test here failed on the shell before issue 10.

use crate::ui::harness;
use egui::{Event, Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use strider::io;
use strider::model::{Element, ElementKind, Id, Model};
use strider::ui::StriderApp;
use strider::ui::app::{Action, Prompt};
use strider::ui::dialogs::{DialogResult, ScriptedDialogs};
use strider::ui::document::Document;
use strider::ui::storage::Storage;

fn app_on(
    doc: Document,
    storage: Storage,
    answers: Vec<DialogResult>,
) -> Harness<'static, StriderApp> {
    let dialogs = ScriptedDialogs { answers, asked: 0 };
    harness(StriderApp::new(doc, storage, Box::new(dialogs)))
}

fn sample() -> Document {
    let path = crate::sample("connected-vehicle.ron");
    Document::new(io::load(&path).unwrap(), Some(path))
}

fn one_actor() -> Document {
    let mut m = Model::new("Shell test");
    m.diagrams[0].elements.push(Element::new(
        Id::from("E1"),
        ElementKind::Actor,
        "External actor",
        (300.0, 300.0),
    ));
    Document::new(m, None)
}

/// Types `text` as a person does: one character per frame.
fn type_slowly(h: &mut Harness<StriderApp>, text: &str) {
    for c in text.chars() {
        h.event(Event::Text(c.to_string()));
        h.run();
    }
}

fn key(h: &mut Harness<StriderApp>, modifiers: Modifiers, k: Key) {
    h.key_press_modifiers(modifiers, k);
    h.run();
}

fn click_label(h: &mut Harness<StriderApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

fn menu(h: &mut Harness<StriderApp>, path: &[&str]) {
    for item in path {
        click_label(h, item);
    }
}

#[test]
fn open_sample_from_the_menu_with_a_saved_and_an_unsaved_model() {
    // Saved (no unsaved changes): this panicked with "refreshed above".
    let mut h = app_on(sample(), Storage::none(), vec![]);
    assert!(!h.state().doc.is_dirty());
    menu(&mut h, &["File", "Open sample", "Serverless analytics"]);
    assert!(h.state().doc.path.is_none());
    assert_ne!(h.state().doc.model.info.title, "");
    let serverless = h.state().doc.model.info.title.clone();
    // Unsaved: the prompt comes first; Cancel keeps the work.
    h.state_mut().doc.history.mark_unsaved();
    menu(
        &mut h,
        &["File", "Open sample", "Connected Vehicle (workshop)"],
    );
    assert!(matches!(h.state().prompt, Some(Prompt::Unsaved(_))));
    click_label(&mut h, "Cancel");
    assert_eq!(h.state().doc.model.info.title, serverless);
    menu(
        &mut h,
        &["File", "Open sample", "Connected Vehicle (workshop)"],
    );
    click_label(&mut h, "Discard changes");
    assert!(h.state().doc.model.info.title.contains("Connected Vehicle"));
}

#[test]
fn open_recent_from_the_menu() {
    let state = tempfile::tempdir().unwrap();
    let storage = Storage::at(state.path());
    let copy = state.path().join("cv.ron");
    std::fs::copy(crate::sample("connected-vehicle.ron"), &copy).unwrap();
    storage.add_recent(&copy);
    let mut h = app_on(Document::untitled(), storage, vec![]);
    let shown = std::fs::canonicalize(&copy).unwrap().display().to_string();
    menu(&mut h, &["File", "Open recent", &shown]);
    assert_eq!(
        h.state()
            .doc
            .path
            .as_deref()
            .map(std::fs::canonicalize)
            .map(Result::unwrap),
        Some(std::fs::canonicalize(&copy).unwrap())
    );
    assert!(h.state().doc.model.info.title.contains("Connected Vehicle"));
}

#[test]
fn a_path_that_does_not_exist_starts_a_new_model_that_ctrl_s_creates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fleet.ron");
    let mut app = StriderApp::new(
        Document::untitled(),
        Storage::none(),
        Box::new(ScriptedDialogs::default()),
    );
    app.launch_on(&path);
    assert_eq!(app.doc.path.as_deref(), Some(path.as_path()));
    assert!(app.message.is_none(), "{:?}", app.message);
    let mut h = harness(app);
    click_label(&mut h, "Process");
    key(&mut h, Modifiers::COMMAND, Key::S);
    let saved = io::load(&path).expect("Ctrl+S created the file");
    assert_eq!(saved.diagrams[0].elements.len(), 1);
    assert!(!h.state().doc.is_dirty());

    // A folder that does not exist: said clearly, the work stays open and unsaved.
    let mut app = StriderApp::new(
        Document::untitled(),
        Storage::none(),
        Box::new(ScriptedDialogs::default()),
    );
    app.launch_on(&dir.path().join("no-such-folder/fleet.ron"));
    let mut h = harness(app);
    click_label(&mut h, "Process");
    key(&mut h, Modifiers::COMMAND, Key::S);
    let text = h.state().message_text().unwrap_or_default().to_owned();
    assert!(text.contains("does not exist"), "{text}");
    assert!(h.state().doc.is_dirty());
}

/// Types a path into the in-app dialog's "File name" field (which starts with the suggested
/// name selected, so typing replaces it) and presses Enter.
fn type_into_dialog(h: &mut Harness<StriderApp>, suggested: &str, path: &Path) {
    assert_eq!(
        h.get_by_label("File name").value().as_deref(),
        Some(suggested)
    );
    type_slowly(h, &path.display().to_string());
    key(h, Modifiers::NONE, Key::Enter);
}

#[test]
fn without_a_system_dialog_save_as_uses_the_in_app_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("typed-name.ron");
    let mut h = app_on(
        one_actor(),
        Storage::none(),
        vec![DialogResult::Unavailable],
    );
    click_label(&mut h, "Process");
    key(&mut h, Modifiers::COMMAND, Key::S);
    assert!(h.state().file_dialog_open(), "the in-app dialog is shown");
    assert!(h.state().message.is_none());
    type_into_dialog(&mut h, "shell-test.ron", &target);
    assert!(!h.state().file_dialog_open());
    let saved = io::load(&target).expect("saved through the in-app dialog");
    assert_eq!(saved.diagrams[0].elements.len(), 2);
    assert_eq!(h.state().doc.path.as_deref(), Some(target.as_path()));
    assert!(!h.state().doc.is_dirty());
}

#[test]
fn the_in_app_dialog_never_saves_into_a_folder_other_than_the_one_shown() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/folder");
    let name = "strider-issue-11-dialog-check.ron";
    let mut h = app_on(
        one_actor(),
        Storage::none(),
        vec![DialogResult::Unavailable],
    );
    key(&mut h, Modifiers::COMMAND, Key::S);
    assert!(h.state().file_dialog_open());
    let listed = h.get_by_label("Folder").value().unwrap_or_default();
    // The user types another folder but does not press Enter in it, then a name and Enter.
    h.get_by_label("Folder").click();
    h.run();
    key(&mut h, Modifiers::COMMAND, Key::A);
    type_slowly(&mut h, &missing.display().to_string());
    h.get_by_label("File name").click();
    h.run();
    key(&mut h, Modifiers::COMMAND, Key::A);
    type_slowly(&mut h, name);
    key(&mut h, Modifiers::NONE, Key::Enter);
    let in_listed = Path::new(&listed).join(name);
    let landed = in_listed.exists();
    let _ = std::fs::remove_file(&in_listed);
    assert!(!landed, "saved into {listed}, not the folder shown");
    assert!(h.state().file_dialog_open(), "the dialog stays, saying why");
    h.get_by_label_contains("There is no folder");
    assert!(h.state().doc.path.is_none(), "nothing was saved");
}

#[test]
fn an_import_is_saved_from_the_folder_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("lending.td.json");
    std::fs::copy(crate::fixture("library-lending.td-v2.json"), &source).unwrap();
    let mut app = StriderApp::new(
        Document::untitled(),
        Storage::none(),
        Box::new(ScriptedDialogs {
            answers: vec![DialogResult::Unavailable],
            asked: 0,
        }),
    );
    assert!(app.open_path(&source));
    let mut h = harness(app);
    key(&mut h, Modifiers::NONE, Key::Escape);
    key(&mut h, Modifiers::COMMAND, Key::S);
    assert!(h.state().file_dialog_open());
    assert_eq!(
        h.get_by_label("Folder").value().as_deref(),
        Some(dir.path().display().to_string().as_str())
    );
}

#[test]
fn quit_with_unsaved_work_saves_through_the_in_app_dialog_then_quits() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("kept.ron");
    let mut h = app_on(
        one_actor(),
        Storage::none(),
        vec![DialogResult::Unavailable],
    );
    click_label(&mut h, "Process");
    key(&mut h, Modifiers::COMMAND, Key::Q);
    click_label(&mut h, "Save");
    assert!(h.state().file_dialog_open());
    type_into_dialog(&mut h, "shell-test.ron", &target);
    assert!(target.exists());
    assert!(h.state().closing, "quit goes ahead once saved");
}

#[test]
fn the_autosave_is_removed_only_when_saved_or_plainly_discarded() {
    let state = tempfile::tempdir().unwrap();
    let storage = Storage::at(state.path());
    let mut h = app_on(
        one_actor(),
        storage.clone(),
        vec![DialogResult::Unavailable],
    );
    click_label(&mut h, "Process");
    h.state_mut().autosave_now();
    assert!(storage.pending_autosave().is_some());
    // Save with no dialog at all, then cancel the in-app dialog: the copy stays.
    key(&mut h, Modifiers::COMMAND, Key::S);
    key(&mut h, Modifiers::NONE, Key::Escape);
    assert!(!h.state().file_dialog_open());
    assert!(storage.pending_autosave().is_some());
    // Quit, then Escape: nothing is lost.
    key(&mut h, Modifiers::COMMAND, Key::Q);
    key(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().prompt.is_none());
    assert!(storage.pending_autosave().is_some());
    assert!(!h.state().closing);
    // Quit, then Discard changes, which the prompt says deletes the copy: now it goes.
    key(&mut h, Modifiers::COMMAND, Key::Q);
    assert!(h.query_by_label_contains("autosave copy").is_some());
    click_label(&mut h, "Discard changes");
    assert!(storage.pending_autosave().is_none());
}

#[test]
fn a_panic_writes_the_unsaved_work_and_the_next_start_offers_it() {
    let state = tempfile::tempdir().unwrap();
    let storage = Storage::at(state.path());
    let mut h = app_on(one_actor(), storage.clone(), vec![]);
    click_label(&mut h, "Process");
    assert!(storage.pending_autosave().is_none());
    // A panic on the app's thread, as a bug in a panel would raise.
    let caught = std::panic::catch_unwind(|| panic!("a bug in a panel"));
    assert!(caught.is_err());
    let rescued = storage
        .pending_autosave()
        .expect("the panic hook wrote the work");
    assert!(
        rescued
            .crash_note
            .unwrap_or_default()
            .contains("a bug in a panel")
    );
    let model = io::from_str(&rescued.text, "autosave").unwrap();
    assert_eq!(model.diagrams[0].elements.len(), 2);
    drop(h);
    let h = app_on(Document::untitled(), storage, vec![]);
    assert!(matches!(h.state().prompt, Some(Prompt::Restore(_))));
}

#[test]
fn list_fields_keep_spaces_and_commas_typed_one_key_at_a_time() {
    let mut h = app_on(one_actor(), Storage::none(), vec![]);
    // Reviewers, in the model's properties (nothing selected).
    click_label(&mut h, "Reviewers (comma separated)");
    type_slowly(&mut h, "Mei Lin, Ana Silva");
    assert_eq!(h.state().doc.model.info.reviewers, ["Mei Lin", "Ana Silva"]);
    assert!(
        h.query_all_by_value("Mei Lin, Ana Silva").next().is_some(),
        "shown as typed"
    );
    // Goals and assets in the threat editor, then focus moves on right away.
    click_label(&mut h, "New threat");
    click_label(&mut h, "Impacted goals");
    type_slowly(&mut h, "confidentiality, integrity of trips");
    click_label(&mut h, "Impacted assets");
    type_slowly(&mut h, "trip history, vehicle keys");
    click_label(&mut h, "Threat source");
    let t = h.state().doc.model.threats.last().unwrap().clone();
    assert_eq!(t.impacted_goals, ["confidentiality", "integrity of trips"]);
    assert_eq!(t.impacted_assets, ["trip history", "vehicle keys"]);
    assert!(
        h.query_all_by_value("trip history, vehicle keys")
            .next()
            .is_some()
    );
}

#[test]
fn rename_replaces_the_old_name_enter_commits_escape_cancels() {
    let mut h = app_on(one_actor(), Storage::none(), vec![]);
    let at = h.state().canvas.screen_pos((350.0, 330.0));
    h.hover_at(at);
    h.run();
    h.event(Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.event(Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    assert_eq!(h.state().canvas.selection.len(), 1);
    key(&mut h, Modifiers::NONE, Key::F2);
    type_slowly(&mut h, "Fleet manager");
    key(&mut h, Modifiers::NONE, Key::Enter);
    let name = |h: &Harness<StriderApp>| h.state().doc.model.diagrams[0].elements[0].name.clone();
    assert_eq!(name(&h), "Fleet manager");
    // Escape cancels: the name stays.
    key(&mut h, Modifiers::NONE, Key::F2);
    type_slowly(&mut h, "Oops");
    key(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(name(&h), "Fleet manager");
    assert!(h.state().canvas.renaming.is_none());
}

#[test]
fn escape_closes_the_open_menu_and_windows() {
    let mut h = app_on(sample(), Storage::none(), vec![]);
    click_label(&mut h, "File");
    assert!(egui::Popup::is_any_open(&h.ctx));
    key(&mut h, Modifiers::NONE, Key::Escape);
    assert!(!egui::Popup::is_any_open(&h.ctx));
    key(&mut h, Modifiers::NONE, Key::F1);
    assert!(h.state().show_help);
    key(&mut h, Modifiers::NONE, Key::Escape);
    assert!(!h.state().show_help);
    click_label(&mut h, "New threat");
    assert!(h.state().editor.open.is_some());
    key(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().editor.open.is_none());
}

#[test]
fn every_action_reports_itself_and_undo_names_its_step() {
    let mut h = app_on(sample(), Storage::none(), vec![]);
    let ctx = h.ctx.clone();
    // Select the registration documents store, then accept its first suggestion.
    h.state_mut().canvas.selection = [Id::from("D2")].into_iter().collect();
    h.state_mut().right_tab = strider::ui::app::RightTab::Stride;
    h.run();
    h.get_all_by_role_and_label(egui::accesskit::Role::Button, "Accept")
        .next()
        .unwrap()
        .click_accesskit();
    h.run();
    let notice = h.state().notice.clone().unwrap_or_default();
    assert!(notice.starts_with("Accepted T"), "{notice}");
    key(&mut h, Modifiers::NONE, Key::Escape); // closes the threat editor
    let undo = h.state().doc.history.undo_description().unwrap_or_default();
    assert!(undo.starts_with("adding threat T"), "{undo}");
    click_label(&mut h, "Edit");
    assert!(h.query_by_label_contains("Undo adding threat T").is_some());
    key(&mut h, Modifiers::NONE, Key::Escape);
    h.state_mut().perform(&ctx, Action::Undo);
    h.run();
    let notice = h.state().notice.clone().unwrap_or_default();
    assert!(notice.starts_with("Undid: adding threat T"), "{notice}");
    h.state_mut().perform(&ctx, Action::Redo);
    h.run();
    assert!(
        h.state()
            .notice
            .clone()
            .unwrap_or_default()
            .starts_with("Redid:")
    );
    // Dismiss reports too.
    h.get_all_by_role_and_label(egui::accesskit::Role::Button, "Dismiss")
        .next()
        .unwrap()
        .click_accesskit();
    h.run();
    assert!(
        h.state()
            .notice
            .clone()
            .unwrap_or_default()
            .starts_with("Dismissed")
    );
}

#[test]
fn counts_agree_in_number_and_an_empty_model_has_nothing_to_review() {
    assert_eq!(
        strider::ui::app::count(1, "suggestion", "suggestions"),
        "1 suggestion"
    );
    assert_eq!(
        strider::ui::app::count(2, "suggestion", "suggestions"),
        "2 suggestions"
    );
    let h = app_on(Document::untitled(), Storage::none(), vec![]);
    assert!(
        h.query_by_label("Insights (nothing to review yet)")
            .is_some()
    );
    assert!(h.query_by_label_contains("100% reviewed").is_none());
    assert!(h.query_by_label_contains("1 suggestions").is_none());
}

#[test]
fn an_error_is_titled_error() {
    let mut h = app_on(sample(), Storage::none(), vec![]);
    let ctx = h.ctx.clone();
    h.state_mut()
        .perform(&ctx, Action::OpenPath("/no/such/model.ron".into()));
    h.run();
    assert!(h.query_by_label("Error").is_some());
    assert!(h.query_by_label("Something went wrong").is_none());
    key(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().message.is_none());
}

#[test]
fn a_5000_character_name_is_shortened_in_the_lists() {
    let mut doc = one_actor();
    let long = "Fleet manager ".repeat(400);
    doc.model.diagrams[0].elements[0].name = long.clone();
    let (edit, _) = strider::model::ops::add_threat(&doc.model, Some(&Id::from("E1")), None);
    doc.apply(edit);
    let h = app_on(doc, Storage::none(), vec![]);
    // The threats table shows the target's name cut with an ellipsis, not 5,000 characters.
    assert!(h.query_by_label(&long).is_none());
    let shown: String = long.chars().take(80).collect();
    assert!(h.query_by_label(&format!("{shown}…")).is_some());
}

#[test]
fn resizing_the_window_or_a_panel_never_moves_the_diagram() {
    let mut h = app_on(sample(), Storage::none(), vec![]);
    let e = h.state().doc.model.diagrams[0].elements[0].rect().center();
    let before = h.state().canvas.screen_pos(e);
    h.set_size(vec2(1180.0, 700.0));
    h.run();
    let after = h.state().canvas.screen_pos(e);
    assert!((before - after).length() < 1.0, "{before:?} -> {after:?}");
}

#[test]
fn a_tiny_window_keeps_every_panel_and_some_canvas() {
    let mut h = app_on(sample(), Storage::none(), vec![]);
    h.set_size(vec2(400.0, 300.0));
    h.run();
    let canvas = h.state().canvas.view_rect();
    assert!(
        canvas.width() >= 100.0 && canvas.height() >= 40.0,
        "the canvas is squeezed to {canvas:?}"
    );
    // The panels are still there, each with its own room.
    for label in ["Process", "Properties", "New threat"] {
        let r = h.get_by_label(label).rect();
        assert!(r.width() > 10.0 && r.max.x <= 400.5, "{label} at {r:?}");
    }
}

/// "Discard changes" and then Cancel in the Open dialog: the work stays, still unsaved, with its
/// autosave copy. Only a document that really replaces it takes the work away.
#[test]
fn discarding_then_cancelling_the_open_dialog_keeps_the_work() {
    let state = tempfile::tempdir().unwrap();
    let sample_path = crate::sample("connected-vehicle.ron");
    let answers = vec![
        DialogResult::Cancelled,
        DialogResult::Chosen(sample_path.clone()),
    ];
    let mut h = app_on(one_actor(), Storage::at(state.path()), answers);
    click_label(&mut h, "Process");
    h.state_mut().autosave_now();
    let edited = h.state().doc.model.clone();
    assert!(Storage::at(state.path()).pending_autosave().is_some());
    key(&mut h, Modifiers::COMMAND, Key::O);
    assert!(matches!(h.state().prompt, Some(Prompt::Unsaved(_))));
    click_label(&mut h, "Discard changes");
    h.run();
    assert_eq!(h.state().doc.model, edited, "the dialog was cancelled");
    assert!(h.state().doc.is_dirty(), "and the work is still unsaved");
    assert!(
        Storage::at(state.path()).pending_autosave().is_some(),
        "its autosave copy is kept"
    );
    // Asked again, and this time a file is chosen: now the work and its copy go.
    key(&mut h, Modifiers::COMMAND, Key::O);
    click_label(&mut h, "Discard changes");
    h.run();
    assert!(h.state().doc.model.info.title.contains("Connected Vehicle"));
    assert!(Storage::at(state.path()).pending_autosave().is_none());
}

/// An error quoting a very long name (here a path of 3,000 characters) scrolls inside its
/// message, so OK stays on screen in a small window.
#[test]
fn a_long_error_message_keeps_its_ok_button_on_screen() {
    let mut h = Harness::builder()
        .with_size(vec2(640.0, 420.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(64)
        .build_ui_state(
            |ui, app: &mut StriderApp| app.show(ui),
            StriderApp::new(
                one_actor(),
                Storage::none(),
                Box::new(ScriptedDialogs::default()),
            ),
        );
    let long = std::path::PathBuf::from(format!("/nowhere/{}.json", "very long name ".repeat(200)));
    let ctx = h.ctx.clone();
    h.state_mut().perform(&ctx, Action::OpenPath(long));
    h.run();
    assert!(h.state().message_text().is_some());
    let ok = h.get_by_label("OK").rect();
    assert!(ok.bottom() <= 420.0 && ok.top() >= 0.0, "OK at {ok:?}");
}
