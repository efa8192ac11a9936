//! The desktop app driven headless through egui_kittest: real frames, real pointer and keyboard
//! events, the real app state.

use egui::{Key, Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;
use strider::io;
use strider::model::{Element, ElementKind, Id, Model};
use strider::ui::dialogs::{DialogResult, ScriptedDialogs};
use strider::ui::document::Document;
use strider::ui::storage::Storage;
use strider::ui::{Action, StriderApp, app::Prompt};

/// The app in a 1280x800 kittest harness, after its first frames.
pub fn harness(app: StriderApp) -> Harness<'static, StriderApp> {
    let mut h = Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(64)
        .build_ui_state(|ui, app: &mut StriderApp| app.show(ui), app);
    h.run();
    h
}

fn app_with(doc: Document, storage: Storage) -> Harness<'static, StriderApp> {
    harness(StriderApp::new(
        doc,
        storage,
        Box::new(ScriptedDialogs::default()),
    ))
}

pub(crate) fn app(doc: Document) -> Harness<'static, StriderApp> {
    app_with(doc, Storage::none())
}

/// Two elements far apart on an otherwise empty diagram.
fn two_elements() -> Document {
    let mut m = Model::new("UI test");
    let d = &mut m.diagrams[0];
    d.elements.push(Element::new(
        Id::from("E1"),
        ElementKind::Actor,
        "User",
        (100.0, 300.0),
    ));
    d.elements.push(Element::new(
        Id::from("P1"),
        ElementKind::Process,
        "API",
        (700.0, 285.0),
    ));
    Document::new(m, None)
}

pub(crate) fn sample_doc(name: &str) -> Document {
    let path = crate::sample(name);
    Document::new(io::load(&path).unwrap(), Some(path))
}

pub(crate) fn screen(h: &Harness<StriderApp>, p: (f32, f32)) -> Pos2 {
    h.state().canvas.screen_pos(p)
}

fn center_of(h: &Harness<StriderApp>, id: &str) -> (f32, f32) {
    let m = &h.state().doc.model;
    let e = m.diagrams[0].element(&Id::from(id)).unwrap();
    e.rect().center()
}

pub(crate) fn press(h: &mut Harness<StriderApp>, at: Pos2, pressed: bool, modifiers: Modifiers) {
    h.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers,
    });
    h.run();
}

pub(crate) fn click(h: &mut Harness<StriderApp>, at: Pos2) {
    h.hover_at(at);
    h.run();
    press(h, at, true, Modifiers::NONE);
    press(h, at, false, Modifiers::NONE);
}

/// A pointer drag in small steps, as a hand would do it.
pub(crate) fn drag(h: &mut Harness<StriderApp>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.run();
    press(h, from, true, Modifiers::NONE);
    for i in 1..=8 {
        let t = i as f32 / 8.0;
        h.hover_at(from + (to - from) * t);
        h.run();
    }
    press(h, to, false, Modifiers::NONE);
}

pub(crate) fn key(h: &mut Harness<StriderApp>, modifiers: Modifiers, k: Key) {
    h.key_press_modifiers(modifiers, k);
    h.run();
}

fn elements(h: &Harness<StriderApp>) -> usize {
    h.state().doc.model.diagrams[0].elements.len()
}

#[test]
fn palette_adds_every_kind_and_undo_redo_each() {
    let mut h = app(Document::untitled());
    for (label, kind) in [
        ("External actor", Some(ElementKind::Actor)),
        ("Process", Some(ElementKind::Process)),
        ("Data store", Some(ElementKind::Store)),
        ("Trust boundary", None),
        ("DynamoDB table", Some(ElementKind::Store)),
    ] {
        h.get_by_label(label).click();
        h.run();
        let d = &h.state().doc.model.diagrams[0];
        match kind {
            Some(kind) => assert_eq!(d.elements.last().unwrap().kind, kind, "{label}"),
            None => assert_eq!(d.boundaries.len(), 1),
        }
    }
    let d = &h.state().doc.model.diagrams[0];
    assert_eq!(d.elements.len(), 4);
    assert_eq!(d.elements[3].technology, "Amazon DynamoDB");
    assert!(h.state().doc.is_dirty());
    for _ in 0..5 {
        key(&mut h, Modifiers::COMMAND, Key::Z);
    }
    assert_eq!(elements(&h), 0);
    assert!(h.state().doc.model.diagrams[0].boundaries.is_empty());
    assert!(!h.state().doc.is_dirty());
    key(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    key(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(elements(&h), 2);
}

#[test]
fn dragging_from_the_palette_drops_where_released() {
    let mut h = app(two_elements());
    let from = h.get_by_label("Lambda function").rect().center();
    let to = screen(&h, (400.0, 480.0));
    drag(&mut h, from, to);
    let d = &h.state().doc.model.diagrams[0];
    assert_eq!(d.elements.len(), 3);
    let added = d.elements.last().unwrap();
    assert_eq!(added.technology, "AWS Lambda");
    let c = added.rect().center();
    assert!(
        (c.0 - 400.0).abs() < 3.0 && (c.1 - 480.0).abs() < 3.0,
        "{c:?}"
    );
}

#[test]
fn connect_two_elements_by_dragging_from_a_handle() {
    let mut h = app(two_elements());
    let e1 = h.state().doc.model.diagrams[0].elements[0].rect();
    // The right-hand connect handle sits just outside the middle of the right side.
    let handle =
        screen(&h, (e1.max.0, e1.center().1)) + vec2(strider::ui::canvas::CONNECT_OFFSET_PX, 0.0);
    let target = screen(&h, center_of(&h, "P1"));
    drag(&mut h, handle, target);
    let d = &h.state().doc.model.diagrams[0];
    assert_eq!(d.flows.len(), 1, "no flow was created");
    assert_eq!(
        (d.flows[0].from.as_str(), d.flows[0].to.as_str()),
        ("E1", "P1")
    );
    assert!(h.state().canvas.selection.contains(&d.flows[0].id));
    // The elements did not move.
    assert_eq!(d.elements[0].rect(), e1);
    key(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().doc.model.diagrams[0].flows.is_empty());
    key(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(h.state().doc.model.diagrams[0].flows.len(), 1);
}

#[test]
fn a_flow_is_selected_by_clicking_its_line() {
    let mut h = app(sample_doc("connected-vehicle.ron"));
    // The sample opens readable, larger than the view: Ctrl+0 shows all of it.
    key(&mut h, Modifiers::COMMAND, Key::Num0);
    // F05 runs from the Lambda function to the vehicle table; click a quarter of the way along.
    let d = h.state().doc.model.diagrams[0].clone();
    let routes = strider::diagram::route_flows(&d);
    let index = d.flows.iter().position(|f| f.id == "F05").unwrap();
    let pts = &routes[index].as_ref().unwrap().points;
    let (a, b) = (pts[0], pts[1]);
    let on_line = (a.0 + (b.0 - a.0) * 0.3, a.1 + (b.1 - a.1) * 0.3 + 1.0);
    {
        let at = screen(&h, on_line);
        click(&mut h, at);
    }
    let sel: Vec<_> = h.state().canvas.selection.iter().cloned().collect();
    assert_eq!(
        sel,
        [Id::from("F05")],
        "clicked {on_line:?} on {pts:?}, zoom {}",
        h.state().canvas.zoom()
    );
    // Clicking empty canvas clears the selection.
    {
        let at = screen(&h, (1200.0, 720.0));
        click(&mut h, at);
    }
    assert!(h.state().canvas.selection.is_empty());
}

#[test]
fn move_resize_rename_delete_each_undoable() {
    let mut h = app(two_elements());
    let before = h.state().doc.model.clone();
    let zoom = h.state().canvas.zoom();
    // Move.
    let c = screen(&h, center_of(&h, "E1"));
    drag(&mut h, c, c + vec2(100.0, 50.0));
    let pos = h.state().doc.model.diagrams[0].elements[0].pos;
    assert!(
        (pos.0 - (100.0 + 100.0 / zoom)).abs() < 1.0,
        "{pos:?} zoom {zoom}"
    );
    assert!((pos.1 - (300.0 + 50.0 / zoom)).abs() < 1.0, "{pos:?}");
    assert_eq!(h.state().doc.history.undo_len(), 1, "a drag is one step");
    key(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().doc.model, before);
    // Resize: the selected element shows a handle at its bottom-right corner.
    {
        let at = screen(&h, center_of(&h, "E1"));
        click(&mut h, at);
    }
    let r = h.state().doc.model.diagrams[0].elements[0].rect();
    let corner = screen(&h, r.max);
    drag(&mut h, corner, corner + vec2(60.0, 30.0));
    let size = h.state().doc.model.diagrams[0].elements[0].size;
    assert!(
        size.0 > 160.0 + 40.0 / zoom && size.1 > 60.0 + 20.0 / zoom,
        "{size:?}"
    );
    key(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        h.state().doc.model.diagrams[0].elements[0].size,
        (160.0, 60.0)
    );
    // Rename in place: double-click, replace the text, Enter.
    let c = screen(&h, center_of(&h, "P1"));
    h.hover_at(c);
    h.run();
    for pressed in [true, false, true, false] {
        h.event(egui::Event::PointerButton {
            pos: c,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run();
    assert!(
        h.state().canvas.renaming.is_some(),
        "double-click starts renaming"
    );
    key(&mut h, Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text("Vehicle API".into()));
    h.run();
    key(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(
        h.state().doc.model.diagrams[0].elements[1].name,
        "Vehicle API"
    );
    key(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().doc.model.diagrams[0].elements[1].name, "API");
    // Delete takes the attached flows along; undo brings both back.
    h.state_mut()
        .perform(&egui::Context::default(), Action::SelectAll);
    let with_flow = {
        let mut d = two_elements();
        let (edit, _) = strider::model::ops::add_flow(
            &d.model,
            &Id::from("DFD1"),
            &Id::from("E1"),
            &Id::from("P1"),
        )
        .unwrap();
        d.apply(edit);
        d.model
    };
    h.state_mut().doc = Document::new(with_flow.clone(), None);
    h.run();
    {
        let at = screen(&h, center_of(&h, "E1"));
        click(&mut h, at);
    }
    key(&mut h, Modifiers::NONE, Key::Delete);
    let d = &h.state().doc.model.diagrams[0];
    assert_eq!((d.elements.len(), d.flows.len()), (1, 0));
    key(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().doc.model, with_flow);
}

#[test]
fn copy_paste_and_duplicate_give_fresh_ids() {
    let mut h = app(two_elements());
    key(&mut h, Modifiers::COMMAND, Key::A);
    key(&mut h, Modifiers::COMMAND, Key::C);
    key(&mut h, Modifiers::COMMAND, Key::V);
    assert_eq!(elements(&h), 4);
    let ids: Vec<String> = h.state().doc.model.diagrams[0]
        .elements
        .iter()
        .map(|e| e.id.0.clone())
        .collect();
    assert_eq!(ids, ["E1", "P1", "E2", "P2"]);
    // The pasted copies are selected; duplicate them again.
    key(&mut h, Modifiers::COMMAND, Key::D);
    assert_eq!(elements(&h), 6);
    assert!(strider::model::validate(&h.state().doc.model).is_empty());
}

#[test]
fn switching_diagram_tabs() {
    let mut h = app(sample_doc("serverless-analytics.ron"));
    assert_eq!(h.state().canvas.diagram, "DFD1");
    h.get_by_label("Build and deploy pipeline").click();
    h.run();
    assert_eq!(h.state().canvas.diagram, "DFD2");
    // A new tab.
    h.get_by_label("+").click();
    h.run();
    assert_eq!(h.state().doc.model.diagrams.len(), 3);
    assert_eq!(h.state().canvas.diagram, "DFD3");
    key(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().doc.model.diagrams.len(), 2);
}

#[test]
fn unsaved_changes_prompt_before_new_and_save_clears_dirty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.ron");
    let mut h = app(two_elements());
    h.get_by_label("Process").click();
    h.run();
    assert!(h.state().doc.is_dirty());
    assert!(h.state().doc.window_title().starts_with("● "));
    let ctx = h.ctx.clone();
    h.state_mut().perform(&ctx, Action::New);
    h.run();
    assert!(matches!(h.state().prompt, Some(Prompt::Unsaved(_))));
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().prompt.is_none());
    assert_eq!(elements(&h), 3, "cancel keeps the work");
    // Ctrl+N asks again; Save goes through the (scripted) dialog, then the new model opens.
    h.state_mut().dialogs = Box::new(ScriptedDialogs {
        answers: vec![DialogResult::Chosen(path.clone())],
        asked: 0,
    });
    key(&mut h, Modifiers::COMMAND, Key::N);
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(io::load(&path).unwrap().diagrams[0].elements.len(), 3);
    assert_eq!(elements(&h), 0);
    assert!(!h.state().doc.is_dirty());
    // "Don't save" drops changes only when asked to.
    h.get_by_label("External actor").click();
    h.run();
    key(&mut h, Modifiers::COMMAND, Key::N);
    h.get_by_label("Discard changes").click();
    h.run();
    assert_eq!(elements(&h), 0);
}

#[test]
fn save_keeps_the_old_file_when_it_fails_and_ctrl_s_saves() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cv.ron");
    std::fs::copy(crate::sample("connected-vehicle.ron"), &path).unwrap();
    let original = std::fs::read(&path).unwrap();
    let mut h = app(Document::new(io::load(&path).unwrap(), Some(path.clone())));
    h.get_by_label("Process").click();
    h.run();
    key(&mut h, Modifiers::COMMAND, Key::S);
    assert!(!h.state().doc.is_dirty());
    assert_eq!(io::load(&path).unwrap().diagrams[0].elements.len(), 13);
    // Save as into a folder that does not exist: an error in the app, and the file untouched.
    let saved = std::fs::read(&path).unwrap();
    h.state_mut().dialogs = Box::new(ScriptedDialogs {
        answers: vec![DialogResult::Chosen(dir.path().join("nope/cv.ron"))],
        asked: 0,
    });
    h.get_by_label("Process").click();
    h.run();
    key(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    assert!(
        h.state()
            .message_text()
            .unwrap_or("")
            .contains("does not exist")
    );
    assert!(h.state().doc.is_dirty());
    assert_eq!(std::fs::read(&path).unwrap(), saved);
    assert_ne!(saved, original);
}

#[test]
fn autosave_copy_is_offered_after_a_crash() {
    let state = tempfile::tempdir().unwrap();
    let mut h = app_with(two_elements(), Storage::at(state.path()));
    h.get_by_label("Data store").click();
    h.run();
    h.state_mut().autosave_now();
    let edited = h.state().doc.model.clone();
    drop(h); // the "crash": nothing cleaned up
    let mut h = app_with(Document::untitled(), Storage::at(state.path()));
    assert!(matches!(h.state().prompt, Some(Prompt::Restore(_))));
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(h.state().doc.model, edited);
    assert!(h.state().doc.is_dirty(), "restored work is not saved yet");
}

#[test]
fn properties_typing_is_one_undo_step() {
    let mut h = app(two_elements());
    {
        let at = screen(&h, center_of(&h, "E1"));
        click(&mut h, at);
    }
    assert_eq!(h.state().canvas.selection.len(), 1);
    let steps = h.state().doc.history.undo_len();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Technology")
        .click();
    h.run();
    for word in ["Web ", "browser"] {
        h.event(egui::Event::Text(word.into()));
        h.run();
    }
    assert_eq!(
        h.state().doc.model.diagrams[0].elements[0].technology,
        "Web browser"
    );
    assert_eq!(h.state().doc.history.undo_len(), steps + 1);
    let _unused: Option<PathBuf> = None;
}

#[test]
fn rubber_band_selects_what_it_encloses() {
    let mut h = app(two_elements());
    let from = screen(&h, (80.0, 290.0));
    let to = screen(&h, (300.0, 372.0));
    drag(&mut h, from, to);
    let sel: Vec<_> = h.state().canvas.selection.iter().cloned().collect();
    assert_eq!(sel, [Id::from("E1")]);
    // Shift+click adds the other element.
    let at = screen(&h, center_of(&h, "P1"));
    h.hover_at(at);
    h.run();
    press(&mut h, at, true, Modifiers::SHIFT);
    h.event_modifiers(
        egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::SHIFT,
        },
        Modifiers::SHIFT,
    );
    h.run();
    assert_eq!(h.state().canvas.selection.len(), 2);
}

#[test]
fn a_selected_flow_end_can_be_dragged_to_another_element() {
    let mut doc = two_elements();
    let d = Id::from("DFD1");
    let (edit, _) = strider::model::ops::add_element(
        &doc.model,
        &d,
        ElementKind::Store,
        "Table",
        "Amazon DynamoDB",
        (780.0, 600.0),
    )
    .unwrap();
    doc.apply(edit);
    let (edit, flow) =
        strider::model::ops::add_flow(&doc.model, &d, &Id::from("E1"), &Id::from("P1")).unwrap();
    doc.apply(edit);
    let mut h = app(doc);
    h.state_mut().canvas.selection = [flow.clone()].into_iter().collect();
    h.run();
    // The target end sits on P1's outline, facing E1.
    let p1 = h.state().doc.model.diagrams[0]
        .element(&Id::from("P1"))
        .unwrap()
        .rect();
    let end = screen(&h, (p1.min.0, p1.center().1));
    let table = screen(&h, (780.0, 600.0));
    drag(&mut h, end, table);
    let f = h.state().doc.model.diagrams[0].flow(&flow).unwrap().clone();
    assert_eq!((f.from.as_str(), f.to.as_str()), ("E1", "D1"));
    key(&mut h, Modifiers::COMMAND, Key::Z);
    let f = h.state().doc.model.diagrams[0].flow(&flow).unwrap().clone();
    assert_eq!(f.to.as_str(), "P1");
}

#[test]
fn moving_a_boundary_leaves_its_members_unless_alt_is_held() {
    let mut h = app(sample_doc("connected-vehicle.ron"));
    let tb1 = h.state().doc.model.diagrams[0]
        .boundary(&Id::from("TB1"))
        .unwrap()
        .clone();
    let e1_before = h.state().doc.model.diagrams[0]
        .element(&Id::from("E1"))
        .unwrap()
        .pos;
    // Grab the boundary by its name tab.
    let tab = screen(&h, (tb1.pos.0 + 20.0, tb1.pos.1 + 8.0));
    drag(&mut h, tab, tab + vec2(0.0, 30.0));
    let d = &h.state().doc.model.diagrams[0];
    assert!(d.boundary(&Id::from("TB1")).unwrap().pos.1 > tb1.pos.1 + 20.0);
    assert_eq!(d.element(&Id::from("E1")).unwrap().pos, e1_before);
}

#[test]
fn accept_a_suggestion_edit_it_link_a_mitigation_and_undo() {
    let mut h = app(sample_doc("connected-vehicle.ron"));
    key(&mut h, Modifiers::COMMAND, Key::Num0);
    // Select the documents bucket and open "What can go wrong?".
    let at = screen(&h, center_of(&h, "D2"));
    click(&mut h, at);
    h.get_by_label("What can go wrong?").click();
    h.run();
    let badge_before = h
        .state()
        .doc
        .model
        .threats_on(&Id::from("D2"))
        .filter(|t| t.status.is_open())
        .count();
    let pending = h
        .state_mut()
        .analysis()
        .analysis
        .suggestions_for(&Id::from("D2"))
        .count();
    assert!(pending > 0);
    let threats = h.state().doc.model.threats.len();
    // Accept the first suggestion shown: the editor opens on the new threat.
    h.get_all_by_role_and_label(egui::accesskit::Role::Button, "Accept")
        .next()
        .unwrap()
        .click_accesskit();
    h.run();
    assert_eq!(h.state().doc.model.threats.len(), threats + 1);
    let tid = h.state().editor.open.clone().expect("editor opened");
    assert_eq!(
        h.state_mut()
            .analysis()
            .analysis
            .suggestions_for(&Id::from("D2"))
            .count(),
        pending - 1
    );
    assert_eq!(
        h.state()
            .doc
            .model
            .threats_on(&Id::from("D2"))
            .filter(|t| t.status.is_open())
            .count(),
        badge_before + 1,
        "the canvas badge counts the new open threat"
    );
    // Edit the action in the grammar editor: the statement follows.
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Threat action")
        .focus();
    h.run();
    key(&mut h, Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text(
        "replace registration PDFs with forged ones".into(),
    ));
    h.run();
    let t = h.state().doc.model.threat(&tid).unwrap().clone();
    assert!(
        t.statement()
            .contains("can replace registration PDFs with forged ones"),
        "{}",
        t.statement()
    );
    // Link an existing mitigation.
    let before_links = t.mitigations.len();
    h.get_by_label("M13 Limit pre-signed URL capabilities")
        .click_accesskit();
    h.run();
    let t = h.state().doc.model.threat(&tid).unwrap().clone();
    assert_eq!(t.mitigations.len(), before_links + 1);
    assert!(t.mitigations.contains(&Id::from("M13")));
    // Undo three times: the link, the typing, the accept.
    h.get_by_label("Threats (19)").click();
    h.run();
    for _ in 0..3 {
        h.state_mut()
            .perform(&egui::Context::default(), Action::Undo);
        h.run();
    }
    assert_eq!(h.state().doc.model.threats.len(), threats);
    assert_eq!(
        h.state_mut()
            .analysis()
            .analysis
            .suggestions_for(&Id::from("D2"))
            .count(),
        pending
    );
}

#[test]
fn file_export_writes_the_workbook_through_the_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(sample_doc("connected-vehicle.ron"));
    // The user types a name without an extension: .pdf is added.
    h.state_mut().dialogs = Box::new(ScriptedDialogs {
        answers: vec![DialogResult::Chosen(dir.path().join("handout"))],
        asked: 0,
    });
    let ctx = h.ctx.clone();
    h.state_mut().perform(
        &ctx,
        Action::Export(strider::ui::app::ExportKind::Workbook(
            strider::workbook::Paper::A4,
        )),
    );
    h.run();
    let bytes = std::fs::read(dir.path().join("handout.pdf")).expect("the workbook was written");
    assert!(bytes.starts_with(b"%PDF"));
    assert!(
        h.state()
            .notice
            .as_deref()
            .unwrap_or("")
            .contains("handout.pdf")
    );
    // A failing export is an error message, not a crash.
    h.state_mut().dialogs = Box::new(ScriptedDialogs {
        answers: vec![DialogResult::Chosen(dir.path().join("missing/dfd.svg"))],
        asked: 0,
    });
    h.state_mut()
        .perform(&ctx, Action::Export(strider::ui::app::ExportKind::Svg));
    h.run();
    assert!(h.state().message_text().unwrap_or("").contains("dfd.svg"));
}

#[test]
fn a_threat_dragon_export_shows_what_it_could_not_carry_in_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(sample_doc("connected-vehicle.ron"));
    h.state_mut().dialogs = Box::new(ScriptedDialogs {
        answers: vec![DialogResult::Chosen(dir.path().join("vehicle.td.json"))],
        asked: 0,
    });
    let ctx = h.ctx.clone();
    h.state_mut().perform(
        &ctx,
        Action::Export(strider::ui::app::ExportKind::ThreatDragon),
    );
    h.run();
    assert!(dir.path().join("vehicle.td.json").is_file());
    h.get_by_label("Export report");
    h.get_by_label_contains("assumption(s) are not in the file");
    h.get_by_label_contains("mitigation(s) are written as text");
}

/// A file dropped on the window, as the windowing integration hands it to egui.
#[derive(Debug)]
struct DroppedOnWindow(PathBuf);

impl egui::DroppedFile for DroppedOnWindow {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn file_import_opens_another_tools_model_as_a_new_unsaved_document() {
    // Real Threat Dragon and TMT files, from the interop corpus.
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let mut h = app(sample_doc("connected-vehicle.ron"));
    let td = corpus.join("threat-dragon/v2-threat-model.json");
    h.state_mut().dialogs = Box::new(ScriptedDialogs {
        answers: vec![DialogResult::Chosen(td)],
        asked: 0,
    });
    key(&mut h, Modifiers::COMMAND, Key::I);
    h.run();
    let state = h.state();
    assert_eq!(state.doc.model.info.title, "Demo Threat Model");
    assert_eq!(state.doc.model.diagrams[0].elements.len(), 7);
    // Saving must never overwrite the Threat Dragon file, and closing must not lose the import.
    assert!(state.doc.path.is_none());
    assert!(state.doc.is_dirty());
    let report = state
        .import_report
        .as_ref()
        .expect("the import report is shown");
    assert!(report.lines.iter().any(|l| l.contains("loose source end")));
    // The report window is on screen, with its lines.
    h.get_by_label("Import report");
    h.get_by_label_contains("it was attached to it");
    key(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().import_report.is_none(), "Esc closes the report");

    // Dropping (or opening) a TMT file imports it the same way, after the unsaved prompt.
    let tm7 = corpus.join("tmt/owasp-threat-dragon/Sample_Threat_Model.tm7");
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedOnWindow(tm7)));
    h.run();
    assert!(matches!(h.state().prompt, Some(Prompt::Unsaved(_))));
    h.get_by_label("Discard changes").click();
    h.run();
    assert_eq!(h.state().doc.model.threats.len(), 29);
    assert!(h.state().doc.path.is_none());

    // A broken file leaves the open document as it was and says why.
    let broken = corpus.join("threat-dragon/ThreatDragonModels/test/malformed-new-model.json");
    h.state_mut().doc.history.mark_saved();
    let ctx = h.ctx.clone();
    h.state_mut().perform(&ctx, Action::OpenPath(broken));
    h.run();
    assert_eq!(h.state().doc.model.threats.len(), 29);
    assert!(h.state().message_text().unwrap_or("").contains("`summary`"));
}

#[test]
fn a_threat_without_a_target_can_be_put_on_an_element() {
    // As after importing a Threat Composer workspace: threats about the whole system.
    let mut doc = two_elements();
    let mut t = strider::model::Threat::new(Id::from("T01"));
    t.action = "replay registration requests".into();
    doc.model.threats.push(t);
    let mut h = app(doc);
    h.state_mut().editor.open = Some(Id::from("T01"));
    h.run();
    h.get_by_label("About").click();
    h.run();
    h.get_by_label("API (P1)").click();
    h.run();
    assert_eq!(h.state().doc.model.threats[0].target, Some(Id::from("P1")));
    // One undoable step.
    key(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().doc.model.threats[0].target, None);
}

#[test]
fn file_export_writes_threats_as_csv_excel_and_sarif() {
    use strider::ui::app::ExportKind;
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(sample_doc("connected-vehicle.ron"));
    let ctx = h.ctx.clone();
    for (kind, name) in [
        (ExportKind::Csv, "threats.csv"),
        (ExportKind::Xlsx, "threats.xlsx"),
        (ExportKind::Sarif, "open.sarif"),
    ] {
        // Named without the extension: the dialog's kind adds it.
        let stem = name.split('.').next().unwrap();
        h.state_mut().dialogs = Box::new(ScriptedDialogs {
            answers: vec![DialogResult::Chosen(dir.path().join(stem))],
            asked: 0,
        });
        h.state_mut().perform(&ctx, Action::Export(kind));
        h.run();
        assert!(dir.path().join(name).is_file(), "{name} written");
    }
    assert_eq!(
        crate::threats_out::csv_rows(&dir.path().join("threats.csv"))
            .unwrap()
            .len(),
        18
    );
    // The SARIF points at the document's own file, at each threat's line.
    let log = crate::threats_out::valid_sarif(&dir.path().join("open.sarif")).unwrap();
    let first = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert!(
        first["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("samples/connected-vehicle.ron")
    );
    assert!(first["region"]["startLine"].as_u64().unwrap() > 1);
}

#[test]
fn a_risk_matrix_cell_lists_its_threats() {
    let mut h = app(sample_doc("connected-vehicle.ron"));
    h.get_by_label_contains("Insights (").click();
    h.run();
    h.run();
    // T14 is Likely x Major: inherent 16, Critical.
    h.get_by_label("Inherent risk Likely x Major (16, Critical): T14")
        .click_accesskit();
    h.run();
    h.run();
    assert!(h.query_by_label("Threat T14").is_some(), "T14 listed");
    assert!(
        h.query_by_label("Threat T01").is_none(),
        "T01 is not in that cell"
    );
    // The chip clears the cell filter.
    h.get_by_label_contains("inherent Likely x Major").click();
    h.run();
    h.run();
    assert!(h.query_by_label("Threat T01").is_some(), "all listed again");
}
