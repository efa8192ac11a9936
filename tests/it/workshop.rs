//! The Workshop tab (issue 13, part 1): the four questions as a checklist, the team (Table A),
//! the user story and scope, and the retrospective (Table F) — edited through the window, each
//! change undoable.

use crate::ui::{app, key, sample_doc};
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use strider::model::{Model, Persona};
use strider::ui::StriderApp;
use strider::ui::document::Document;

fn type_slowly(h: &mut Harness<StriderApp>, text: &str) {
    for c in text.chars() {
        h.event(Event::Text(c.to_string()));
        h.run();
    }
}

/// Scrolls the `n`th widget with this label into view, then clicks it, as a person would.
fn click_nth(h: &mut Harness<StriderApp>, label: &str, n: usize) {
    h.get_all_by_label(label)
        .nth(n)
        .unwrap_or_else(|| panic!("no widget {n} labelled {label:?}"))
        .scroll_to_me();
    h.run();
    h.get_all_by_label(label).nth(n).unwrap().click();
    h.run();
}

fn click(h: &mut Harness<StriderApp>, label: &str) {
    click_nth(h, label, 0);
}

fn open_workshop(h: &mut Harness<StriderApp>) {
    h.get_by_label("Workshop").click();
    h.run();
}

/// Undo through the Edit menu, as a person does with a text field focused.
fn undo(h: &mut Harness<StriderApp>) {
    key(h, Modifiers::NONE, Key::Escape);
    key(h, Modifiers::COMMAND, Key::Z);
}

#[test]
fn a_new_model_says_what_each_question_still_lacks() {
    let mut h = app(Document::new(Model::new("Empty"), None));
    open_workshop(&mut h);
    for text in [
        "Team: no one yet for Business, Developer, Adversary, Defender, AppSec SME",
        "Retrospective: 0 of 0 questions answered",
    ] {
        assert!(
            h.query_by_label_contains(text).is_some(),
            "the checklist should say {text:?}"
        );
    }
}

#[test]
fn the_team_is_edited_in_the_window_and_every_step_undoes() {
    let mut h = app(sample_doc("connected-vehicle.ron"));
    open_workshop(&mut h);
    let team = |h: &Harness<StriderApp>| h.state().doc.model.team.clone();
    let before = team(&h);
    let steps = h.state().doc.history.undo_len();
    click(&mut h, "Add a Developer");
    assert_eq!(team(&h).len(), before.len() + 1);
    assert_eq!(h.state().doc.history.undo_len(), steps + 1);
    // The new person comes right after the other developer, with an empty name to type.
    let at = team(&h)
        .iter()
        .position(|m| m.persona == Persona::Developer && m.name.is_empty())
        .expect("a new developer");
    assert_eq!(team(&h)[at - 1].persona, Persona::Developer);
    click_nth(&mut h, "Developer name", 1);
    type_slowly(&mut h, "Sam Okoro");
    click_nth(&mut h, "Developer contact", 1);
    type_slowly(&mut h, "Payments team, sam@example.com");
    key(&mut h, Modifiers::NONE, Key::Escape);
    let added = team(&h)[at].clone();
    assert_eq!(
        added.name, "Sam Okoro",
        "typed character by character, kept exactly"
    );
    assert_eq!(added.contact, "Payments team, sam@example.com");
    // The name and the contact are one undo step each, after the add.
    assert_eq!(h.state().doc.history.undo_len(), steps + 3);
    undo(&mut h);
    assert_eq!(team(&h)[at].contact, "");
    undo(&mut h);
    assert_eq!(team(&h)[at].name, "");
    undo(&mut h);
    assert_eq!(team(&h), before);
    // Removing someone is one step too.
    let removes = h.get_all_by_label("Remove").count();
    assert!(removes >= before.len());
    click(&mut h, "Remove");
    assert_eq!(team(&h).len(), before.len() - 1);
    undo(&mut h);
    assert_eq!(team(&h), before);
}

#[test]
fn the_retrospective_is_asked_answered_and_undone() {
    let mut h = app(Document::new(Model::new("Retro"), None));
    open_workshop(&mut h);
    let retro = |h: &Harness<StriderApp>| h.state().doc.model.retrospective.clone();
    click(&mut h, "Add the workshop's questions");
    assert_eq!(retro(&h).len(), strider::model::RETRO_QUESTIONS.len());
    let steps = h.state().doc.history.undo_len();
    assert_eq!(steps, 1, "all the questions in one step");
    // The same button adds nothing more once they are all asked.
    click(&mut h, "Add the workshop's questions");
    assert_eq!(retro(&h).len(), strider::model::RETRO_QUESTIONS.len());
    click(&mut h, "Answer 6");
    type_slowly(&mut h, "Yes, with  two  developers");
    key(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(retro(&h)[5].answer, "Yes, with  two  developers");
    // A question of the team's own.
    click(&mut h, "New question");
    type_slowly(&mut h, "Did the vehicle team sign off?");
    click(&mut h, "Add question");
    assert_eq!(
        retro(&h).last().unwrap().question,
        "Did the vehicle team sign off?"
    );
    assert!(
        h.query_by_label_contains("Retrospective: 1 of 9 questions answered")
            .is_some()
    );
    undo(&mut h);
    assert_eq!(retro(&h).len(), strider::model::RETRO_QUESTIONS.len());
    undo(&mut h);
    assert_eq!(retro(&h)[5].answer, "");
    undo(&mut h);
    assert!(retro(&h).is_empty());
}

#[test]
fn the_user_story_typed_in_the_workshop_tab_is_the_models() {
    let mut h = app(Document::new(Model::new("Story"), None));
    open_workshop(&mut h);
    // The Workshop tab's field (the properties panel has one too, for the same story).
    click(&mut h, "User story");
    type_slowly(&mut h, "As a rider, I want to unlock a bike.");
    key(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(
        h.state().doc.model.info.user_story,
        "As a rider, I want to unlock a bike."
    );
    undo(&mut h);
    assert_eq!(h.state().doc.model.info.user_story, "");
}

#[test]
fn insights_name_things_and_a_click_selects_them() {
    let mut h = app(sample_doc("connected-vehicle.ron"));
    click(&mut h, "Insights (23% reviewed)");
    // Names, not ids: the web browser is among the elements not fully reviewed.
    assert!(h.query_by_label("E2").is_none(), "ids instead of names");
    click(&mut h, "Web browser");
    let selected: Vec<String> = h
        .state()
        .canvas
        .selection
        .iter()
        .map(|i| i.0.clone())
        .collect();
    assert_eq!(selected, ["E2"]);
    // The selected element is framed in the middle of the view.
    let e = h.state().doc.model.diagrams[0]
        .element(&strider::model::Id::from("E2"))
        .unwrap()
        .rect();
    let c = h.state().canvas.screen_pos(e.center());
    let view = h.state().canvas.view_rect();
    assert!((c - view.center()).length() < 2.0, "{c:?} in {view:?}");
}

#[test]
fn the_workshops_questions_skip_those_already_asked_in_other_words() {
    let mut h = app(sample_doc("connected-vehicle.ron"));
    open_workshop(&mut h);
    let before = h.state().doc.model.retrospective.len();
    click(&mut h, "Add the workshop's questions");
    let questions: Vec<String> = h
        .state()
        .doc
        .model
        .retrospective
        .iter()
        .map(|r| r.question.clone())
        .collect();
    // The sample asks "Did every element get the STRIDE categories its kind calls for?" and
    // "What triggers a revisit of this model?": their near twins are not added.
    for twin in [
        "Did every element and flow get the STRIDE categories its kind calls for?",
        "What change to the system should make us revisit this model?",
    ] {
        assert!(!questions.iter().any(|q| q == twin), "{twin:?} added again");
    }
    assert!(
        questions
            .iter()
            .any(|q| q == "Did we have the right people in the room?")
    );
    assert!(questions.len() > before);
}
