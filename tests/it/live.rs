//! A large diagram after an edit: only what the edit touched is placed and drawn again, and
//! the result keeps every rule a full placement keeps.

use crate::ui::{app, drag, key, screen};
use egui::{Key, Modifiers};
use std::collections::BTreeSet;
use strider::diagram::scene::{Theme, draw_placed};
use strider::diagram::{Live, Placement};
use strider::model::geometry::Rect;
use strider::model::{
    Change, Diagram, Edit, Element, ElementKind, Id, Mitigation, Model, Threat, Touched, synthetic,
};
use strider::ui::document::Document;

/// Large enough (over 1,500 flows) that edits are followed by updates.
fn big() -> Model {
    synthetic::generate(synthetic::Spec {
        elements: 1_200,
        flows: 2_400,
        boundaries: 12,
        threats: 300,
        seed: 11,
    })
}

fn ids(list: &[&str]) -> BTreeSet<Id> {
    list.iter().map(|s| Id::from(*s)).collect()
}

/// The items a painter shows: the full drawing without what it hides, and the patch; as text,
/// sorted, to compare with a drawing made in full.
fn shown(live: &Live) -> Vec<String> {
    let mut out: Vec<String> = live
        .base
        .items
        .iter()
        .zip(&live.base.owners)
        .filter(|(_, o)| !live.hidden[**o as usize])
        .chain(live.patch.items.iter().zip(&live.patch.owners))
        .map(|(item, _)| format!("{item:?}"))
        .collect();
    out.sort();
    out
}

fn all_drawn(d: &Diagram, p: &Placement) -> Vec<String> {
    let mut out: Vec<String> = draw_placed(d, p, &Theme::PRINT)
        .items
        .iter()
        .map(|i| format!("{i:?}"))
        .collect();
    out.sort();
    out
}

/// Does any label overlap an element's shape, a name tab or another label?
fn label_clashes(d: &Diagram, p: &Placement, only: &BTreeSet<usize>) -> Vec<String> {
    let mut out = Vec::new();
    for &i in only {
        let Some(l) = &p.labels[i] else { continue };
        let r = l.rect();
        for e in &d.elements {
            if e.rect().intersects(&r) {
                out.push(format!("label of {} on element {}", d.flows[i].id, e.id));
            }
        }
        for (j, t) in p.tabs.iter().enumerate() {
            if t.rect.intersects(&r) {
                out.push(format!("label of {} on tab {j}", d.flows[i].id));
            }
        }
        for (j, other) in p.labels.iter().enumerate() {
            if j != i
                && let Some(o) = other
                && o.rect().intersects(&r)
            {
                out.push(format!(
                    "label of {} on label of {}",
                    d.flows[i].id, d.flows[j].id
                ));
            }
        }
    }
    out
}

fn moved_onto(d: &mut Diagram, element: usize, spot: Rect) {
    let e = &mut d.elements[element];
    let c = spot.center();
    e.pos = (c.0 - e.size.0 / 2.0, c.1 - e.size.1 / 2.0);
}

#[test]
fn moving_an_element_places_again_only_what_is_around_it() {
    let mut model = big();
    let mut live = Live::new(&model, &model.diagrams[0], Theme::PRINT);
    let before = live.placement.clone();
    let d = &model.diagrams[0];
    // An element, and the label of a flow that neither starts nor ends on it.
    let moved = 0;
    let id = d.elements[moved].id.clone();
    let (victim, spot) = d
        .flows
        .iter()
        .zip(&before.labels)
        .enumerate()
        .rev()
        .find_map(|(i, (f, l))| {
            (f.from != id && f.to != id).then_some(())?;
            Some((i, l.as_ref()?.rect()))
        })
        .unwrap();
    moved_onto(&mut model.diagrams[0], moved, spot);
    let d = &model.diagrams[0];
    let replaced = live
        .placement
        .update(&model, d, &BTreeSet::from([id.clone()]))
        .expect("a move is followed by an update");
    // Only the element, its own flows and the label it now covers were touched.
    let own: BTreeSet<usize> = (0..d.flows.len())
        .filter(|&i| d.flows[i].from == id || d.flows[i].to == id)
        .collect();
    assert!(replaced.flows.is_superset(&own));
    assert!(replaced.flows.contains(&victim), "{replaced:?}");
    assert!(replaced.flows.len() <= own.len() + 12, "{replaced:?}");
    // Lines are exactly those of a full placement; the label moved off the element.
    let full = Placement::of(&model, d);
    assert_eq!(live.placement.routes, full.routes);
    assert_eq!(live.placement.open, full.open);
    let element = d.elements[moved].rect();
    assert!(
        !live.placement.labels[victim]
            .as_ref()
            .unwrap()
            .rect()
            .intersects(&element)
    );
    // Every label placed again is clear of shapes, tabs and other labels; the rest stayed.
    let changed: BTreeSet<usize> = (0..d.flows.len())
        .filter(|&i| live.placement.labels[i] != before.labels[i])
        .collect();
    assert!(changed.is_subset(&replaced.flows));
    assert_eq!(
        label_clashes(d, &live.placement, &changed),
        Vec::<String>::new()
    );
    let near: BTreeSet<usize> = (0..d.flows.len())
        .filter(|&i| {
            live.placement.labels[i]
                .as_ref()
                .is_some_and(|l| l.rect().intersects(&element))
        })
        .collect();
    assert!(
        near.is_empty(),
        "labels still on the moved element: {near:?}"
    );
}

#[test]
fn the_patched_drawing_shows_exactly_what_a_full_drawing_would() {
    let mut model = big();
    let mut live = Live::new(&model, &model.diagrams[0], Theme::PRINT);
    let original = model.diagrams[0].elements[5].pos;
    // A drag: many small moves of one element, then a rename of another, then a flow's label.
    for step in 1..=6 {
        model.diagrams[0].elements[5].pos = (original.0 + 37.0 * step as f32, original.1 + 11.0);
        let id = model.diagrams[0].elements[5].id.clone();
        assert!(live.update(&model, &model.diagrams[0], &BTreeSet::from([id])));
        let d = &model.diagrams[0];
        assert_eq!(shown(&live), all_drawn(d, &live.placement), "step {step}");
    }
    model.diagrams[0].elements[9].name = "Renamed while the diagram is large".into();
    model.diagrams[0].flows[3].label = "A label typed anew".into();
    let d = &model.diagrams[0];
    let touched = BTreeSet::from([d.elements[9].id.clone(), d.flows[3].id.clone()]);
    assert!(live.update(&model, d, &touched));
    assert_eq!(shown(&live), all_drawn(d, &live.placement));
    assert!(
        live.patch
            .items
            .iter()
            .any(|i| format!("{i:?}").contains("A label typed anew"))
    );
    assert_eq!(live.placement.routes, Placement::of(&model, d).routes);
    // Moved back: the lines are where they started.
    model.diagrams[0].elements[5].pos = original;
    let d = &model.diagrams[0];
    assert!(live.update(&model, d, &BTreeSet::from([d.elements[5].id.clone()])));
    assert_eq!(live.placement.routes, Placement::of(&model, d).routes);
}

#[test]
fn a_threat_opened_on_an_element_gives_it_a_badge_clear_of_labels() {
    let mut model = big();
    let mut live = Live::new(&model, &model.diagrams[0], Theme::PRINT);
    let d = &model.diagrams[0];
    let free = d
        .elements
        .iter()
        .find(|e| live.placement.open_on(&e.id) == 0)
        .unwrap()
        .id
        .clone();
    let mut t = Threat::new(Id::from("TNEW"));
    t.title = "A new open threat".into();
    t.target = Some(free.clone());
    model.threats.push(t);
    let d = &model.diagrams[0];
    assert!(live.update(&model, d, &BTreeSet::from([free.clone()])));
    assert_eq!(live.placement.open_on(&free), 1);
    assert_eq!(shown(&live), all_drawn(d, &live.placement));
    assert!(
        live.patch
            .items
            .iter()
            .any(|i| format!("{i:?}").contains("text: \"1\""))
    );
}

#[test]
fn added_or_removed_items_and_small_diagrams_are_placed_in_full() {
    let mut model = big();
    let mut live = Live::new(&model, &model.diagrams[0], Theme::PRINT);
    model.diagrams[0].elements.push(Element::new(
        Id::from("NEW"),
        ElementKind::Process,
        "New",
        (0.0, 0.0),
    ));
    assert!(!live.update(&model, &model.diagrams[0], &ids(&["NEW"])));
    let small = synthetic::generate(synthetic::Spec {
        elements: 50,
        flows: 100,
        boundaries: 2,
        threats: 0,
        seed: 2,
    });
    let mut placed = Placement::of(&small, &small.diagrams[0]);
    let id = small.diagrams[0].elements[0].id.clone();
    assert!(
        placed
            .update(&small, &small.diagrams[0], &BTreeSet::from([id]))
            .is_none()
    );
}

#[test]
fn the_document_says_what_each_edit_touched() {
    let mut model = Model::new("t");
    let d = &mut model.diagrams[0];
    d.elements.push(Element::new(
        Id::from("A"),
        ElementKind::Actor,
        "A",
        (0.0, 0.0),
    ));
    let diagram = d.id.clone();
    let mut doc = Document::new(model, None);
    let start = doc.revision;
    assert_eq!(doc.touched_since(start), Touched::Nothing);
    let before = doc.model.diagrams[0].elements[0].clone();
    let mut after = before.clone();
    after.pos = (50.0, 0.0);
    doc.apply(Edit::Element(
        diagram.clone(),
        Change {
            index: 0,
            before: Some(before),
            after: Some(after),
        },
    ));
    assert_eq!(doc.touched_since(start), Touched::Ids(ids(&["A"])));
    let moved = doc.revision;
    doc.apply(Edit::Mitigation(Change {
        index: 0,
        before: None,
        after: Some(Mitigation {
            id: Id::from("M1"),
            title: "Mitigate".into(),
            description: String::new(),
            status: Default::default(),
            reference: String::new(),
            effectiveness: None,
            standards: Default::default(),
        }),
    }));
    assert_eq!(doc.touched_since(moved), Touched::Nothing);
    assert_eq!(doc.touched_since(start), Touched::Ids(ids(&["A"])));
    let mut t = Threat::new(Id::from("T1"));
    t.target = Some(Id::from("A"));
    doc.apply(Edit::Threat(Change {
        index: 0,
        before: None,
        after: Some(t),
    }));
    let threat = doc.revision;
    doc.apply(Edit::Element(
        diagram,
        Change {
            index: 1,
            before: None,
            after: Some(Element::new(
                Id::from("B"),
                ElementKind::Store,
                "B",
                (0.0, 0.0),
            )),
        },
    ));
    assert_eq!(doc.touched_since(threat), Touched::Everything);
    let added = doc.revision;
    assert!(doc.undo());
    assert_eq!(doc.touched_since(added), Touched::Everything);
    let undone = doc.revision;
    assert!(doc.undo());
    assert_eq!(doc.touched_since(undone), Touched::Ids(ids(&["A"])));
    // A revision this document never had (another document's) means everything.
    let other = Document::untitled();
    assert_eq!(doc.touched_since(other.revision), Touched::Everything);
    doc.touched_only([Id::from("A")]);
    assert_eq!(doc.touched_since(undone), Touched::Ids(ids(&["A"])));
}

#[test]
fn a_drag_on_a_large_diagram_keeps_lines_on_their_elements_and_undo_puts_them_back() {
    let model = big();
    let mut h = app(Document::new(model, None));
    // An element well inside the canvas, at the readable zoom the diagram opens at.
    let (index, from) = {
        let s = h.state();
        let d = &s.doc.model.diagrams[0];
        d.elements
            .iter()
            .enumerate()
            .map(|(i, e)| (i, s.canvas.screen_pos(e.rect().center())))
            .find(|(_, p)| (400.0..800.0).contains(&p.x) && (250.0..500.0).contains(&p.y))
            .unwrap()
    };
    let original = h.state().doc.model.diagrams[0].elements[index].pos;
    let full_before = {
        let s = h.state();
        Placement::of(&s.doc.model, &s.doc.model.diagrams[0])
    };
    drag(&mut h, from, from + egui::vec2(90.0, 70.0));
    {
        let s = h.state();
        let d = &s.doc.model.diagrams[0];
        assert_ne!(d.elements[index].pos, original, "the element was dragged");
        let full = Placement::of(&s.doc.model, d);
        assert_eq!(s.canvas.placement().routes, full.routes);
        let rect = d.elements[index].rect();
        for (l, f) in s.canvas.placement().labels.iter().zip(&d.flows) {
            if let Some(l) = l {
                assert!(
                    !l.rect().intersects(&rect),
                    "label of {} on the dragged element",
                    f.id
                );
            }
        }
        let at = screen(&h, d.elements[index].rect().center());
        assert!((at - (from + egui::vec2(90.0, 70.0))).length() < 30.0);
    }
    key(&mut h, Modifiers::COMMAND, Key::Z);
    let s = h.state();
    assert_eq!(s.doc.model.diagrams[0].elements[index].pos, original);
    assert_eq!(s.canvas.placement().routes, full_before.routes);
}

#[test]
fn the_analysis_waits_for_a_drag_to_end() {
    let mut h = app(Document::new(big(), None));
    let from = {
        let s = h.state();
        let d = &s.doc.model.diagrams[0];
        d.elements
            .iter()
            .map(|e| s.canvas.screen_pos(e.rect().center()))
            .find(|p| (400.0..800.0).contains(&p.x) && (250.0..500.0).contains(&p.y))
            .unwrap()
    };
    // A focused field does not keep the window repainting: its caret does not blink.
    assert!(!h.ctx.global_style().visuals.text_cursor.blink);
    let before = h.state_mut().analysis();
    h.hover_at(from);
    h.run();
    crate::ui::press(&mut h, from, true, Modifiers::NONE);
    for i in 1..=4 {
        h.hover_at(from + egui::vec2(20.0 * i as f32, 0.0));
        h.run();
        let during = h.state_mut().analysis();
        assert!(
            std::rc::Rc::ptr_eq(&before, &during),
            "analysed again mid-drag"
        );
    }
    // The model did move under the pointer, live.
    let doc = &h.state().doc;
    assert_ne!(doc.revision, doc.settled_revision);
    crate::ui::press(&mut h, from + egui::vec2(80.0, 0.0), false, Modifiers::NONE);
    let after = h.state_mut().analysis();
    assert!(
        !std::rc::Rc::ptr_eq(&before, &after),
        "analysed once the drag ended"
    );
    assert_eq!(h.state().doc.history.undo_len(), 1);
}
