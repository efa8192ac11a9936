//! Properties that fit the kind of element, and the common-protocol picker (issue 13, item 4).

use crate::ui::{app, click, key, sample_doc, screen};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use strider::model::Id;
use strider::ui::StriderApp;

fn select(h: &mut Harness<StriderApp>, id: &str) {
    let d = &h.state().doc.model.diagrams[0];
    let at = d.element(&Id::from(id)).map(|e| e.rect().center()).unwrap();
    let at = screen(h, at);
    click(h, at);
    assert_eq!(
        h.state()
            .canvas
            .selection
            .iter()
            .next()
            .map(|i| i.0.clone()),
        Some(id.to_owned())
    );
}

#[test]
fn an_actor_is_not_offered_what_only_a_store_can_be() {
    let mut h = app(sample_doc("connected-vehicle.ron"));
    key(&mut h, Modifiers::COMMAND, Key::Num0);
    select(&mut h, "E1"); // Fleet manager, an actor
    for absent in ["Encrypted at rest", "Backed up", "Validates input"] {
        assert!(
            h.query_by_label(absent).is_none(),
            "an actor was offered {absent:?}"
        );
    }
    assert!(h.query_by_label("A person").is_some());
    select(&mut h, "D1"); // Vehicle table, a store
    for present in ["Encrypted at rest", "Backed up", "Stores sensitive data"] {
        assert!(
            h.query_by_label(present).is_some(),
            "a store lacks {present:?}"
        );
    }
    assert!(h.query_by_label("Authenticates users").is_none());
}

#[test]
fn a_common_protocol_is_picked_and_free_text_still_works() {
    let mut h = app(sample_doc("connected-vehicle.ron"));
    key(&mut h, Modifiers::COMMAND, Key::Num0);
    h.state_mut().canvas.selection = std::collections::BTreeSet::from([Id::from("F00")]);
    h.run();
    let protocol = |h: &Harness<StriderApp>| {
        h.state().doc.model.diagrams[0]
            .flow(&Id::from("F00"))
            .unwrap()
            .protocol
            .clone()
    };
    let before = protocol(&h);
    h.get_by_label("Common protocols").click();
    h.run();
    h.get_by_label("MQTT over TLS").click();
    h.run();
    assert_eq!(protocol(&h), "MQTT over TLS");
    key(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(protocol(&h), before);
}

/// Fields an import keeps with no place of their own (here Threagile's) are shown with the
/// element, as the import report says.
#[test]
fn fields_kept_from_another_tool_are_shown_with_the_element() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let imported = strider::io::import_file(&corpus.join("threagile/stub/threagile.yaml")).unwrap();
    let mut h = app(strider::ui::document::Document::new(imported.model, None));
    key(&mut h, Modifiers::COMMAND, Key::Num0);
    let first = h.state().doc.model.diagrams[0].elements[0].id.0.clone();
    select(&mut h, &first);
    assert!(h.query_by_label_contains("Other fields (").is_some());
    assert!(h.query_by_label("threagile:machine").is_some());
    assert!(h.query_by_label("virtual").is_some());
}
