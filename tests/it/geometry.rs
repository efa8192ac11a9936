//! Boundary membership, nesting and crossings on hand-built diagrams.

use strider::model::geometry::{Membership, Rect};
use strider::model::{Boundary, Diagram, Element, ElementKind, Flow, Id};

fn diagram() -> Diagram {
    // outer [0,0 .. 1000,1000] holds inner [100,100 .. 500,500]; side [600,600 .. 900,900] sits
    // inside outer too. A is in inner, B in side, C outside everything.
    let mut d = Diagram::new(Id::from("DFD1"), "test");
    d.boundaries = vec![
        Boundary::new(Id::from("B-inner"), "inner", (100.0, 100.0), (400.0, 400.0)),
        Boundary::new(Id::from("B-outer"), "outer", (0.0, 0.0), (1000.0, 1000.0)),
        Boundary::new(Id::from("B-side"), "side", (600.0, 600.0), (300.0, 300.0)),
    ];
    d.elements = vec![
        Element::new(Id::from("A"), ElementKind::Process, "a", (200.0, 200.0)),
        Element::new(Id::from("B"), ElementKind::Store, "b", (650.0, 650.0)),
        Element::new(Id::from("C"), ElementKind::Actor, "c", (1200.0, 50.0)),
        Element::new(Id::from("D"), ElementKind::Actor, "d", (300.0, 150.0)),
    ];
    d.flows = vec![
        Flow::new(Id::from("AB"), Id::from("A"), Id::from("B"), "x"),
        Flow::new(Id::from("CA"), Id::from("C"), Id::from("A"), "x"),
        Flow::new(Id::from("AD"), Id::from("A"), Id::from("D"), "x"),
    ];
    d
}

fn names(v: Vec<&Boundary>) -> Vec<String> {
    v.into_iter().map(|b| b.name.clone()).collect()
}

#[test]
fn membership_is_outermost_first_and_by_centre() {
    let d = diagram();
    let m = Membership::compute(&d);
    assert_eq!(
        names(m.boundaries_of(&d, &Id::from("A"))),
        ["outer", "inner"]
    );
    assert_eq!(
        names(m.boundaries_of(&d, &Id::from("B"))),
        ["outer", "side"]
    );
    assert!(m.boundaries_of(&d, &Id::from("C")).is_empty());
    assert_eq!(m.zone_of(&d, &Id::from("A")).unwrap().name, "inner");
    let members: Vec<_> = m
        .members(&d, &Id::from("B-outer"))
        .iter()
        .map(|e| e.id.0.clone())
        .collect();
    assert_eq!(members, ["A", "B", "D"]);
}

#[test]
fn membership_follows_geometry_when_things_move() {
    let mut d = diagram();
    // Move A's centre out of `inner` (but still in `outer`).
    d.elements[0].pos = (520.0, 520.0);
    let m = Membership::compute(&d);
    assert_eq!(names(m.boundaries_of(&d, &Id::from("A"))), ["outer"]);
    // Moving a boundary over an element makes it a member.
    d.boundaries[0].pos = (450.0, 450.0);
    let m = Membership::compute(&d);
    assert_eq!(
        names(m.boundaries_of(&d, &Id::from("A"))),
        ["outer", "inner"]
    );
}

#[test]
fn crossings_list_boundaries_left_then_entered() {
    let d = diagram();
    let m = Membership::compute(&d);
    let cross = |id: &str| names(m.crossings(&d, d.flow(&Id::from(id)).unwrap()));
    assert_eq!(cross("AB"), ["inner", "side"]);
    assert_eq!(cross("CA"), ["outer", "inner"]);
    assert_eq!(cross("AD"), Vec::<String>::new());
    assert!(m.crosses_any(d.flow(&Id::from("AB")).unwrap()));
    assert!(!m.crosses_any(d.flow(&Id::from("AD")).unwrap()));
}

#[test]
fn nesting_finds_the_smallest_enclosing_boundary() {
    let mut d = diagram();
    let m = Membership::compute(&d);
    assert_eq!(m.parent_of(&d, &Id::from("B-inner")).unwrap().name, "outer");
    assert_eq!(m.parent_of(&d, &Id::from("B-side")).unwrap().name, "outer");
    assert!(m.parent_of(&d, &Id::from("B-outer")).is_none());
    // Two identical rectangles: exactly one encloses the other, never both.
    d.boundaries.push(Boundary::new(
        Id::from("B-twin"),
        "twin",
        (100.0, 100.0),
        (400.0, 400.0),
    ));
    let m = Membership::compute(&d);
    let a = m
        .parent_of(&d, &Id::from("B-inner"))
        .map(|b| b.id.0.clone());
    let b = m.parent_of(&d, &Id::from("B-twin")).map(|b| b.id.0.clone());
    assert!(
        (a.as_deref() == Some("B-twin")) != (b.as_deref() == Some("B-inner")),
        "{a:?} {b:?}"
    );
}

#[test]
fn rect_basics() {
    let r = Rect::from_pos_size((10.0, 20.0), (100.0, 50.0));
    assert_eq!(r.center(), (60.0, 45.0));
    assert!(r.contains_point((10.0, 20.0)));
    assert!(!r.contains_point((111.0, 20.0)));
    let neg = Rect::from_pos_size((0.0, 0.0), (-5.0, 3.0));
    assert_eq!(neg.width(), 0.0);
    assert!(r.intersects(&Rect::from_pos_size((100.0, 60.0), (50.0, 50.0))));
    assert!(!r.intersects(&Rect::from_pos_size((110.0, 20.0), (50.0, 50.0))));
}
