//! The lists under the canvas and the docked threat editor (issue 13, parts 2 and 3): columns
//! resized by hand keep their width across tabs and restarts, a click anywhere on a threat's row
//! opens it, each tab keeps its own panel height, Mitigations and Assumptions read in full, and
//! the threat editor shows every field of the decision at 1280×800 without scrolling.

use crate::ui::{app, drag, key, sample_doc};
use egui::accesskit::{Role, Toggled};
use egui::{Event, Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use strider::model::Id;
use strider::ui::StriderApp;

fn type_slowly(h: &mut Harness<StriderApp>, text: &str) {
    for c in text.chars() {
        h.event(Event::Text(c.to_string()));
        h.run();
    }
}

fn header_left(h: &Harness<StriderApp>, label: &str) -> f32 {
    h.get_by_role_and_label(Role::Button, label).rect().left()
}

/// Drags the line between the ID and Target columns of the threat table by `dx`.
fn widen_id_column(h: &mut Harness<StriderApp>, dx: f32) {
    let target = h.get_by_role_and_label(Role::Button, "Target").rect();
    // The resize line runs along the left edge of the next column's cells.
    let from = egui::pos2(target.left() - 2.0, target.center().y);
    drag(h, from, from + vec2(dx, 0.0));
    h.run();
}

#[test]
fn a_resized_column_keeps_its_width_across_tabs_and_restarts() {
    let mut h = app(sample_doc("connected-vehicle.ron"));
    let before = header_left(&h, "Target");
    widen_id_column(&mut h, 80.0);
    let after = header_left(&h, "Target");
    assert!(
        (after - before - 80.0).abs() < 4.0,
        "the ID column should be 80 px wider: Target header moved from {before} to {after}"
    );
    // Another tab and back: the same width.
    h.get_by_label("Mitigations (23)").click();
    h.run();
    h.get_by_label("Threats (18)").click();
    h.run();
    assert!((header_left(&h, "Target") - after).abs() < 1.0);
    // A restart: eframe keeps egui's memory (ron, in the state folder) and gives it back.
    let memory = h
        .ctx
        .memory(|m| ron::to_string(m).expect("memory serialises"));
    let mut again = app(sample_doc("connected-vehicle.ron"));
    again
        .ctx
        .memory_mut(|m| *m = ron::from_str(&memory).expect("memory reads back"));
    again.run();
    again.run();
    assert!(
        (header_left(&again, "Target") - after).abs() < 1.0,
        "after a restart the Target column starts at {}, not {after}",
        header_left(&again, "Target")
    );
}

#[test]
fn each_tab_keeps_its_own_panel_height() {
    let mut h = app(sample_doc("connected-vehicle.ron"));
    let tab = |h: &Harness<StriderApp>| h.get_by_label("Threats (18)").rect().top();
    let top = tab(&h);
    // The lists panel's top edge is its resize handle, a few pixels above the tab strip.
    let edge = egui::pos2(500.0, top - 6.0);
    drag(&mut h, edge, edge - vec2(0.0, 90.0));
    let raised = tab(&h);
    assert!(
        top - raised > 50.0,
        "the Threats panel should be taller: tabs at {top}, then {raised}"
    );
    h.get_by_label("Workshop").click();
    h.run();
    let workshop_top = h.get_by_label("Workshop").rect().top();
    assert!(
        workshop_top > raised + 40.0,
        "the Workshop tab keeps its own height ({workshop_top}), not the Threats tab's ({raised})"
    );
    h.get_by_label("Threats (18)").click();
    h.run();
    assert!(
        (tab(&h) - raised).abs() < 2.0,
        "the Threats tab keeps its height"
    );
}

#[test]
fn a_click_anywhere_on_a_row_opens_the_threat_and_selects_its_target() {
    let mut h = app(sample_doc("connected-vehicle.ron"));
    let row = h.get_by_role_and_label(Role::Row, "Threat T02").rect();
    // On the statement, not on the id.
    let at = egui::pos2(900.0, row.center().y);
    crate::ui::click(&mut h, at);
    assert_eq!(h.state().editor.open, Some(Id::from("T02")));
    assert!(h.state().canvas.selection.contains(&Id::from("E2")));
}

#[test]
fn the_mitigations_list_shows_description_and_what_each_addresses() {
    let mut h = app(sample_doc("connected-vehicle.ron"));
    h.get_by_label("Mitigations (23)").click();
    h.run();
    let title = h.get_by_label("Mitigation M1").rect();
    assert!(
        title.width() > 200.0,
        "the title field is {} px wide",
        title.width()
    );
    // M1 addresses T02 (and maybe more): the threat is named, and a click opens it.
    let link = h
        .get_all_by_role(Role::Link)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("T02 "))
        })
        .expect("a link to T02");
    link.click();
    h.run();
    assert_eq!(h.state().editor.open, Some(Id::from("T02")));
    // Type a description, character by character: one undo step.
    h.get_by_label("Description of M1").click();
    h.run();
    key(&mut h, Modifiers::NONE, Key::End);
    type_slowly(&mut h, "Managed rules, rate limits");
    key(&mut h, Modifiers::NONE, Key::Tab);
    let m = h.state().doc.model.mitigation(&Id::from("M1")).unwrap();
    assert!(
        m.description.ends_with("Managed rules, rate limits"),
        "{}",
        m.description
    );
    let before = m.description.clone();
    key(&mut h, Modifiers::NONE, Key::Escape);
    key(&mut h, Modifiers::COMMAND, Key::Z);
    let m = h.state().doc.model.mitigation(&Id::from("M1")).unwrap();
    assert_ne!(
        m.description, before,
        "undo takes the typing back in one step"
    );
    assert!(!m.description.contains("rate limits"));
}

#[test]
fn the_assumptions_list_names_what_each_is_linked_to_and_deletes_with_undo() {
    let mut h = app(sample_doc("connected-vehicle.ron"));
    let n = h.state().doc.model.assumptions.len();
    h.get_by_label(&format!("Assumptions ({n})")).click();
    h.run();
    let text = h.get_by_label("Assumption A1").rect();
    assert!(
        text.width() > 300.0,
        "the text field is {} px wide",
        text.width()
    );
    let first = h.state().doc.model.assumptions[0].clone();
    if let Some(link) = first.links.first() {
        let (name, _) = describe_for_test(&h, link);
        assert!(
            h.query_by_label_contains(&name).is_some(),
            "the link {link} is shown by name ({name})"
        );
    }
    h.get_all_by_label("Delete").next().unwrap().click();
    h.run();
    assert_eq!(h.state().doc.model.assumptions.len(), n - 1);
    key(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().doc.model.assumptions.len(), n);
}

fn describe_for_test(h: &Harness<StriderApp>, id: &Id) -> (String, ()) {
    let m = &h.state().doc.model;
    let name = if let Some(t) = m.target(id) {
        t.name().to_owned()
    } else if m.threat(id).is_some() {
        format!("{id} ")
    } else {
        id.to_string()
    };
    (name, ())
}

#[test]
fn the_docked_editor_shows_every_decision_field_at_1280_by_800() {
    let mut h = app(sample_doc("connected-vehicle.ron"));
    let row = h.get_by_role_and_label(Role::Row, "Threat T01").rect();
    crate::ui::click(&mut h, row.center());
    assert_eq!(h.state().editor.open, Some(Id::from("T01")));
    // The status bar is the window's last 30 px or so.
    let bottom = 800.0 - 24.0;
    for label in [
        "About",
        "Threat source",
        "Prerequisites",
        "Threat action",
        "Threat impact",
        "Impacted goals",
        "Impacted assets",
        "Short title",
        "Priority",
        "Status",
        "Risk response",
        "Justification",
    ] {
        let r = h
            .get_all_by_label(label)
            .filter(|n| n.accesskit_node().role() != Role::Label)
            .map(|n| n.rect())
            .next()
            .unwrap_or_else(|| panic!("no field labelled {label:?}"));
        assert!(
            r.bottom() <= bottom && r.top() >= 20.0 && r.left() >= 640.0,
            "{label:?} at {r:?} is not fully in view in the docked editor"
        );
    }
    for s in strider::model::Stride::ALL {
        let r = h.get_by_role_and_label(Role::CheckBox, s.label()).rect();
        assert!(r.bottom() <= bottom, "{} at {r:?}", s.label());
    }
    // The statement reads in full in the editor.
    let statement = h
        .state()
        .doc
        .model
        .threat(&Id::from("T01"))
        .unwrap()
        .statement();
    let shown = h
        .get_all_by_label(&statement)
        .map(|n| n.rect())
        .find(|r| r.left() >= 640.0)
        .expect("the statement in the editor");
    assert!(shown.bottom() <= bottom, "the statement at {shown:?}");
}

fn checkbox_state(h: &Harness<StriderApp>, label: &str) -> (bool, f32) {
    let n = h.get_by_role_and_label(Role::CheckBox, label);
    (
        n.accesskit_node().toggled() == Some(Toggled::True),
        n.rect().top(),
    )
}

#[test]
fn linked_mitigations_come_first_and_one_created_in_the_editor_shows_linked() {
    let mut h = app(sample_doc("connected-vehicle.ron"));
    h.state_mut().editor.open = Some(Id::from("T01"));
    h.run();
    let model = h.state().doc.model.clone();
    let label = |id: &str| {
        let m = model.mitigation(&Id::from(id)).unwrap();
        format!("{} {}", m.id, m.title)
    };
    let (on14, y14) = checkbox_state(&h, &label("M14"));
    let (on15, y15) = checkbox_state(&h, &label("M15"));
    let (on1, y1) = checkbox_state(&h, &label("M1"));
    assert!(on14 && on15 && !on1);
    assert!(
        y14 < y1 && y15 < y1,
        "linked ones are listed before M1 ({y14}, {y15} vs {y1})"
    );
    // The filter narrows the unlinked ones; the linked stay.
    h.get_by_label("Filter links").scroll_to_me();
    h.run();
    h.get_by_label("Filter links").click();
    h.run();
    type_slowly(&mut h, "zzz-nothing");
    assert!(h.query_by_label(&label("M1")).is_none());
    assert!(h.query_by_label(&label("M14")).is_some());
    assert!(
        h.query_all_by_label_contains("more not matching the filter")
            .next()
            .is_some()
    );
    // Create one from the editor: it is shown, linked.
    h.get_by_label("New mitigation").scroll_to_me();
    h.run();
    h.get_by_label("New mitigation").click();
    h.run();
    type_slowly(&mut h, "Lock out after five failed sign-ins");
    h.get_by_label("Add and link").scroll_to_me();
    h.run();
    h.get_by_label("Add and link").click();
    h.run();
    let t = h
        .state()
        .doc
        .model
        .threat(&Id::from("T01"))
        .unwrap()
        .clone();
    let new = t.mitigations.last().unwrap().clone();
    let (on, _) = checkbox_state(&h, &format!("{new} Lock out after five failed sign-ins"));
    assert!(on, "the new mitigation is shown linked");
    // One undo takes the mitigation and its link away.
    key(&mut h, Modifiers::NONE, Key::Escape);
    h.state_mut().editor.open = Some(Id::from("T01"));
    h.run();
    key(&mut h, Modifiers::COMMAND, Key::Z);
    let m = &h.state().doc.model;
    assert!(m.mitigation(&new).is_none());
    assert_eq!(m.threat(&Id::from("T01")).unwrap().mitigations.len(), 2);
}
