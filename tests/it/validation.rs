//! Validation reports every structural problem at once, with a stable code and the id concerned.

use strider::model::{
    Assumption, Diagram, Element, ElementKind, Flow, Id, Model, NotApplicable, Stride, Threat,
    validate,
};

fn base() -> Model {
    let mut m = Model::new("t");
    let d = &mut m.diagrams[0];
    d.elements = vec![
        Element::new(Id::from("E1"), ElementKind::Actor, "user", (0.0, 0.0)),
        Element::new(Id::from("P1"), ElementKind::Process, "api", (300.0, 0.0)),
    ];
    d.flows = vec![Flow::new(
        Id::from("F1"),
        Id::from("E1"),
        Id::from("P1"),
        "req",
    )];
    m
}

fn codes(m: &Model) -> Vec<(String, &'static str)> {
    validate(m)
        .into_iter()
        .map(|p| (p.subject, p.code))
        .collect()
}

#[test]
fn a_clean_model_has_no_problems() {
    assert_eq!(validate(&base()), vec![]);
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut m = base();
    let d = &mut m.diagrams[0];
    d.flows.push(Flow::new(
        Id::from("F2"),
        Id::from("E1"),
        Id::from("nope"),
        "x",
    ));
    d.flows.push(Flow::new(
        Id::from("F3"),
        Id::from("P1"),
        Id::from("P1"),
        "loop",
    ));
    d.elements.push(Element::new(
        Id::from("E1"),
        ElementKind::Store,
        "dup",
        (0.0, 500.0),
    ));
    d.elements[1].size = (f32::NAN, 10.0);
    let mut t = Threat::new(Id::from("T01"));
    t.target = Some(Id::from("gone"));
    t.mitigations = vec![Id::from("M9")];
    t.stride = vec![Stride::Spoofing, Stride::Spoofing];
    m.threats.push(t);
    m.assumptions.push(Assumption {
        id: Id::from("A1"),
        tag: "WWWO".into(),
        text: "x".into(),
        links: vec![
            Id::from("T01"),
            Id::from("T99"),
            Id::from("E1"),
            Id::from("T01"),
        ],
    });
    m.not_applicable.push(NotApplicable {
        target: Id::from("ghost"),
        category: Stride::Tampering,
        reason: "n/a".into(),
    });
    let found = codes(&m);
    for expected in [
        ("E1".to_string(), "duplicate-id"),
        ("P1".to_string(), "bad-geometry"),
        ("F2".to_string(), "dangling-flow"),
        ("F3".to_string(), "self-flow"),
        ("T01".to_string(), "missing-target"),
        ("T01".to_string(), "missing-mitigation"),
        ("T01".to_string(), "duplicate-link"),
        ("A1".to_string(), "missing-link"),
        ("A1".to_string(), "bad-link"),
        ("A1".to_string(), "duplicate-link"),
        ("ghost".to_string(), "missing-target"),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
    assert_eq!(found.len(), 11, "{found:?}");
}

#[test]
fn flows_must_stay_on_their_diagram_and_ids_must_be_well_formed() {
    let mut m = base();
    let mut other = Diagram::new(Id::from("DFD2"), "second");
    other.elements.push(Element::new(
        Id::from("E 9"),
        ElementKind::Actor,
        "x",
        (0.0, 0.0),
    ));
    other.flows.push(Flow::new(
        Id::from("F9"),
        Id::from("E 9"),
        Id::from("P1"),
        "x",
    ));
    m.diagrams.push(other);
    let problems = validate(&m);
    let on_other = problems.iter().find(|p| p.subject == "F9").unwrap();
    assert_eq!(on_other.code, "dangling-flow");
    assert!(on_other.message.contains("another diagram"), "{on_other}");
    assert!(
        problems
            .iter()
            .any(|p| p.code == "bad-id" && p.subject == "E 9")
    );
}

#[test]
fn a_threat_may_not_target_a_mitigation_or_assumption() {
    let mut m = base();
    m.assumptions.push(Assumption {
        id: Id::from("A1"),
        tag: String::new(),
        text: "x".into(),
        links: vec![],
    });
    let mut t = Threat::new(Id::from("T01"));
    t.target = Some(Id::from("A1"));
    m.threats.push(t);
    let problems = validate(&m);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, "bad-target");
    assert!(problems[0].message.contains("assumption"));
}

#[test]
fn zero_and_negative_sizes_are_problems() {
    let mut m = base();
    m.diagrams[0].elements[0].size = (0.0, 20.0);
    m.diagrams[0].elements[1].size = (-5.0, 20.0);
    assert_eq!(
        codes(&m),
        [("E1".into(), "bad-geometry"), ("P1".into(), "bad-geometry")]
    );
}
