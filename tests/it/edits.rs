//! Every editor operation undoes exactly: after any sequence of operations, undoing all of them
//! gives back the original model, and redoing them gives back the final one.

use std::collections::HashSet;
use strider::io;
use strider::model::{ElementKind, History, Id, Model, ops};

fn sample() -> Model {
    io::load(&crate::sample("connected-vehicle.ron")).unwrap()
}

#[test]
fn a_long_editing_session_undoes_and_redoes_exactly() {
    let original = sample();
    let mut m = original.clone();
    let mut h = History::new();
    let d = Id::from("DFD1");
    let (e, p7) = ops::add_element(
        &m,
        &d,
        ElementKind::Process,
        "Worker",
        "AWS Lambda",
        (100.0, 100.0),
    )
    .unwrap();
    h.apply(&mut m, e);
    let (e, _) = ops::add_flow(&m, &d, &p7, &Id::from("D1")).unwrap();
    h.apply(&mut m, e);
    let e = ops::update_element(&m, &d, &Id::from("P3"), |x| x.name = "Edge API".into()).unwrap();
    h.apply(&mut m, e);
    let selection: HashSet<Id> = ["P4", "TB6"].iter().map(|s| Id::from(*s)).collect();
    let clip = ops::copy(&m, &d, &selection);
    let (e, removed) = ops::delete(&m, &d, &selection).unwrap();
    assert_eq!(removed.elements, 1);
    assert_eq!(removed.boundaries, 1);
    assert_eq!(
        removed.flows, 5,
        "F03, F04, F05, F06, F12 leave with the Lambda function"
    );
    assert_eq!(
        removed.threats, 3,
        "T07, T14, T15 are about the Lambda function"
    );
    h.apply(&mut m, e);
    let (e, pasted) = ops::paste(&m, &d, &clip, (40.0, 40.0)).unwrap();
    assert_eq!(pasted.len(), 2);
    assert!(
        pasted.iter().all(|id| original.target(id).is_none()),
        "fresh ids"
    );
    h.apply(&mut m, e);
    let (e, dfd2) = ops::add_diagram(&m, "Control plane");
    h.apply(&mut m, e);
    let (e, _) = ops::add_element(&m, &dfd2, ElementKind::Actor, "Admin", "", (0.0, 0.0)).unwrap();
    h.apply(&mut m, e);
    let e = ops::remove_diagram(&m, &Id::from("DFD1")).unwrap();
    h.apply(&mut m, e);
    assert_eq!(m.diagrams.len(), 1);
    assert!(
        m.threats.is_empty(),
        "threats about removed shapes go with them"
    );
    assert!(strider::model::validate(&m).is_empty());
    let end = m.clone();
    while h.undo(&mut m) {}
    assert_eq!(m, original);
    while h.redo(&mut m) {}
    assert_eq!(m, end);
}

#[test]
fn flows_need_two_different_existing_elements() {
    let m = sample();
    let d = Id::from("DFD1");
    assert!(ops::add_flow(&m, &d, &Id::from("E1"), &Id::from("E1")).is_none());
    assert!(ops::add_flow(&m, &d, &Id::from("E1"), &Id::from("nope")).is_none());
    assert!(ops::add_flow(&m, &Id::from("DFD9"), &Id::from("E1"), &Id::from("P3")).is_none());
}
