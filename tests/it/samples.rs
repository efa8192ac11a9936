//! The shipped samples load, validate clean, re-save byte-identically, and say what the workshop says.

use crate::sample;
use strider::io;
use strider::model::geometry::Membership;
use strider::model::{ElementKind, Id, Priority, RiskResponse, Stride, validate};

const SAMPLES: [&str; 2] = ["connected-vehicle.ron", "serverless-analytics.ron"];

#[test]
fn samples_load_validate_and_resave_byte_identically() {
    for name in SAMPLES {
        let path = sample(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let model = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(validate(&model), vec![], "{name} has problems");
        assert_eq!(
            io::to_string(&model),
            text,
            "{name} is not in canonical form"
        );
    }
}

#[test]
fn connected_vehicle_matches_the_workshop_model() {
    let m = io::load(&sample("connected-vehicle.ron")).unwrap();
    let d = &m.diagrams[0];
    let kinds = |k| d.elements.iter().filter(|e| e.kind == k).count();
    assert_eq!(
        (
            kinds(ElementKind::Actor),
            kinds(ElementKind::Process),
            kinds(ElementKind::Store)
        ),
        (3, 6, 3)
    );
    assert_eq!(d.boundaries.len(), 9);
    assert_eq!(d.flows.len(), 16);
    assert_eq!(m.threats.len(), 18);
    assert_eq!(m.assumptions.len(), 20);
    assert_eq!(m.team.len(), 5);

    let count = |r| m.threats.iter().filter(|t| t.response == Some(r)).count();
    assert_eq!(count(RiskResponse::Mitigate), 15);
    assert_eq!(count(RiskResponse::Accept), 1);
    assert_eq!(count(RiskResponse::Avoid), 1);
    assert_eq!(count(RiskResponse::Transfer), 1);
    let high: Vec<_> = m
        .threats
        .iter()
        .filter(|t| t.priority == Some(Priority::High))
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(high, ["T01", "T13", "T14"]);
    // Every threat is written in the grammar and carries one STRIDE category.
    for t in &m.threats {
        assert!(t.has_grammar(), "{} is not in the grammar", t.id);
        assert_eq!(t.stride.len(), 1);
        assert!(t.statement().ends_with('.'));
    }
    let t01 = m.threat(&Id::from("T01")).unwrap();
    assert_eq!(t01.stride, [Stride::Spoofing]);
    assert!(
        t01.statement()
            .starts_with("An internet-based threat actor holding")
    );
}

#[test]
fn connected_vehicle_boundaries_nest_and_flows_cross_as_drawn() {
    let m = io::load(&sample("connected-vehicle.ron")).unwrap();
    let d = &m.diagrams[0];
    let members = Membership::compute(d);
    fn names(ids: Vec<&strider::model::Boundary>) -> Vec<&str> {
        ids.into_iter().map(|b| b.name.as_str()).collect()
    }
    assert_eq!(
        names(members.boundaries_of(d, &Id::from("P3"))),
        ["Connected Vehicle Solution", "Vehicle Registration", "API"]
    );
    assert_eq!(
        members.parent_of(d, &Id::from("TB4")).unwrap().name,
        "Vehicle Registration"
    );
    assert_eq!(
        members.parent_of(d, &Id::from("TB3")).unwrap().name,
        "Connected Vehicle Solution"
    );
    assert!(members.parent_of(d, &Id::from("TB1")).is_none());
    let crossing = |flow: &str| names(members.crossings(d, d.flow(&Id::from(flow)).unwrap()));
    assert_eq!(
        crossing("F01"),
        [
            "Users",
            "Connected Vehicle Solution",
            "Vehicle Registration",
            "API"
        ]
    );
    assert_eq!(
        crossing("F02"),
        [
            "API",
            "Vehicle Registration",
            "Connected Vehicle Solution",
            "Users"
        ]
    );
    assert_eq!(crossing("F03"), Vec::<&str>::new());
    assert_eq!(crossing("F05"), ["API", "DynamoDB"]);
    assert_eq!(crossing("F12"), ["API", "Vehicle Registration"]);
    assert_eq!(crossing("F15"), ["Vehicle Registration", "DynamoDB"]);
    // Every element has a trust zone, and no two elements overlap on the canvas.
    for e in &d.elements {
        assert!(members.zone_of(d, &e.id).is_some(), "{} has no zone", e.id);
        for other in &d.elements {
            if other.id != e.id {
                assert!(
                    !e.rect().intersects(&other.rect()),
                    "{} overlaps {}",
                    e.id,
                    other.id
                );
            }
        }
    }
}

#[test]
fn connected_vehicle_fits_a_1280_by_800_canvas() {
    let m = io::load(&sample("connected-vehicle.ron")).unwrap();
    let bounds = strider::model::geometry::diagram_bounds(&m.diagrams[0]).unwrap();
    assert!(bounds.min.0 >= 0.0 && bounds.min.1 >= 0.0);
    assert!(
        bounds.max.0 <= 1280.0 && bounds.max.1 <= 800.0,
        "{bounds:?}"
    );
}
