//! Saving then loading gives the same model, and saving again the same bytes, for any model.

use proptest::prelude::*;
use std::collections::BTreeMap;
use strider::io;
use strider::model::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z0-9 ,.'-]{1,30}",
        any::<String>(),
        "[\"\\\\\\n\\r\\t\u{0}-\u{1f}é€😀\u{202e}]{0,12}",
    ]
}

fn id() -> impl Strategy<Value = Id> {
    "[A-Z][A-Za-z0-9_.-]{0,8}".prop_map(Id)
}

fn coord() -> impl Strategy<Value = f32> {
    prop_oneof![
        -1.0e6f32..1.0e6,
        Just(0.0),
        Just(-0.5),
        Just(1.0e-7),
        Just(f32::MAX)
    ]
}

fn pair() -> impl Strategy<Value = (f32, f32)> {
    (coord(), coord())
}

fn props() -> impl Strategy<Value = ElementProps> {
    (
        prop::array::uniform12(any::<bool>()),
        prop::option::of(prop::sample::select(vec![
            Privilege::Limited,
            Privilege::Standard,
            Privilege::Elevated,
            Privilege::Root,
        ])),
    )
        .prop_map(|(b, privilege)| ElementProps {
            stores_credentials: b[0],
            stores_sensitive_data: b[1],
            holds_logs: b[2],
            encrypted_at_rest: b[3],
            backed_up: b[4],
            web_application: b[5],
            authenticates_users: b[6],
            authorizes_requests: b[7],
            validates_input: b[8],
            internet_facing: b[9],
            human: b[10],
            privilege,
        })
}

fn custom() -> impl Strategy<Value = BTreeMap<String, String>> {
    prop::collection::btree_map(text(), text(), 0..3)
}

fn element() -> impl Strategy<Value = Element> {
    (
        id(),
        prop::sample::select(ElementKind::ALL.to_vec()),
        (text(), text(), text()),
        pair(),
        pair(),
        (any::<bool>(), text()),
        props(),
        custom(),
    )
        .prop_map(
            |(id, kind, (name, description, technology), pos, size, oos, props, custom)| Element {
                id,
                kind,
                name,
                description,
                technology,
                pos,
                size,
                out_of_scope: oos.0,
                out_of_scope_reason: oos.1,
                props,
                custom,
            },
        )
}

fn flow() -> impl Strategy<Value = Flow> {
    (
        (id(), id(), id()),
        (text(), text(), text()),
        prop::array::uniform6(any::<bool>()),
        text(),
        prop::collection::vec(pair(), 0..3),
        custom(),
    )
        .prop_map(
            |((id, from, to), (label, description, protocol), b, reason, waypoints, custom)| Flow {
                id,
                from,
                to,
                label,
                description,
                protocol,
                encrypted: b[0],
                authenticated: b[1],
                public_network: b[2],
                bidirectional: b[3],
                out_of_scope: b[4],
                out_of_scope_reason: if b[5] { reason } else { String::new() },
                waypoints,
                orthogonal: b[2] != b[3],
                custom,
            },
        )
}

fn boundary() -> impl Strategy<Value = Boundary> {
    (id(), text(), text(), pair(), pair()).prop_map(|(id, name, description, pos, size)| Boundary {
        id,
        name,
        description,
        pos,
        size,
    })
}

fn diagram() -> impl Strategy<Value = Diagram> {
    (
        id(),
        text(),
        text(),
        prop::collection::vec(element(), 0..5),
        prop::collection::vec(boundary(), 0..3),
        prop::collection::vec(flow(), 0..5),
    )
        .prop_map(
            |(id, name, description, elements, boundaries, flows)| Diagram {
                id,
                name,
                description,
                elements,
                boundaries,
                flows,
            },
        )
}

/// Framework -> ids, with names that need quoting in RON.
fn standards() -> impl Strategy<Value = Standards> {
    prop::collection::btree_map(text(), prop::collection::vec(text(), 0..3), 0..3)
}

fn threat() -> impl Strategy<Value = Threat> {
    (
        (
            id(),
            prop::option::of(id()),
            prop::collection::vec(prop::sample::select(Stride::ALL.to_vec()), 0..3),
        ),
        (text(), text(), text(), text(), text()),
        (
            prop::collection::vec(text(), 0..3),
            prop::collection::vec(text(), 0..3),
        ),
        (
            prop::option::of(prop::sample::select(Priority::ALL.to_vec())),
            prop::sample::select(ThreatStatus::ALL.to_vec()),
            prop::option::of(prop::sample::select(RiskResponse::ALL.to_vec())),
        ),
        (text(), prop::collection::vec(id(), 0..3), text()),
        prop_oneof![
            Just(Origin::Manual),
            text().prop_map(Origin::Rule),
            text().prop_map(Origin::Imported)
        ],
        (
            prop::option::of(prop::sample::select(Likelihood::ALL.to_vec())),
            prop::option::of(prop::sample::select(Impact::ALL.to_vec())),
            standards(),
        ),
    )
        .prop_map(
            |(
                (id, target, stride),
                (title, source, prerequisites, action, impact),
                (goals, assets),
                (priority, status, response),
                (justification, mitigations, comments),
                origin,
                (likelihood, rating_impact, standards),
            )| {
                Threat {
                    id,
                    target,
                    stride,
                    title,
                    source,
                    prerequisites,
                    action,
                    impact,
                    impacted_goals: goals,
                    impacted_assets: assets,
                    description: comments.chars().rev().collect(),
                    priority,
                    status,
                    response,
                    justification,
                    mitigations,
                    comments,
                    origin,
                    rating: Rating {
                        likelihood,
                        impact: rating_impact,
                    },
                    standards,
                }
            },
        )
}

fn model() -> impl Strategy<Value = Model> {
    (
        (
            text(),
            text(),
            prop::collection::vec(text(), 0..3),
            text(),
            text(),
            text(),
            text(),
            text(),
        ),
        prop::collection::vec(
            (prop::sample::select(Persona::ALL.to_vec()), text(), text()).prop_map(
                |(persona, name, contact)| TeamMember {
                    persona,
                    name,
                    contact,
                },
            ),
            0..3,
        ),
        prop::collection::vec(diagram(), 0..3),
        prop::collection::vec(
            (id(), text(), text(), prop::collection::vec(id(), 0..3)).prop_map(
                |(id, tag, text, links)| Assumption {
                    id,
                    tag,
                    text,
                    links,
                },
            ),
            0..3,
        ),
        prop::collection::vec(threat(), 0..4),
        (2u8..30, 2u8..30, 2u8..30, any::<bool>()).prop_map(
            |(medium_from, high_from, critical_from, derive_priority)| RiskSettings {
                medium_from,
                high_from,
                critical_from,
                derive_priority,
            },
        ),
        prop::collection::vec(
            (
                id(),
                text(),
                text(),
                prop::sample::select(MitigationStatus::ALL.to_vec()),
                text(),
                prop::option::of(prop::sample::select(Effectiveness::ALL.to_vec())),
                standards(),
            )
                .prop_map(
                    |(id, title, description, status, reference, effectiveness, standards)| {
                        Mitigation {
                            id,
                            title,
                            description,
                            status,
                            reference,
                            effectiveness,
                            standards,
                        }
                    },
                ),
            0..3,
        ),
        (
            prop::collection::vec(
                (id(), prop::sample::select(Stride::ALL.to_vec()), text()).prop_map(
                    |(target, category, reason)| NotApplicable {
                        target,
                        category,
                        reason,
                    },
                ),
                0..2,
            ),
            prop::collection::vec(
                (text(), id()).prop_map(|(rule, target)| Dismissal { rule, target }),
                0..2,
            ),
            prop::collection::vec(
                (text(), text(), text()).prop_map(|(question, answer, follow_up)| RetroItem {
                    question,
                    answer,
                    follow_up,
                }),
                0..2,
            ),
        ),
    )
        .prop_map(
            |(
                (title, owner, reviewers, date, version, description, user_story, scope),
                team,
                diagrams,
                assumptions,
                threats,
                risk,
                mitigations,
                (not_applicable, dismissed, retrospective),
            )| Model {
                info: ModelInfo {
                    title,
                    owner,
                    reviewers,
                    date,
                    version,
                    description,
                    architecture: user_story.chars().rev().collect(),
                    user_story,
                    scope,
                    risk,
                },
                team,
                diagrams,
                assumptions,
                threats,
                mitigations,
                not_applicable,
                dismissed,
                retrospective,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_model_round_trips_exactly(m in model()) {
        let text = io::to_string(&m);
        let back = io::from_str(&text, "generated.ron").map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&back, &m);
        prop_assert_eq!(io::to_string(&back), text);
    }
}

#[test]
fn large_generated_model_round_trips() {
    let m = synthetic::generate(synthetic::Spec {
        elements: 600,
        flows: 1200,
        boundaries: 16,
        threats: 300,
        seed: 7,
    });
    assert_eq!(validate(&m), vec![]);
    let text = io::to_string(&m);
    let back = io::from_str(&text, "big.ron").unwrap();
    assert_eq!(back, m);
    assert_eq!(io::to_string(&back), text);
}

#[test]
fn save_is_atomic_and_leaves_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.ron");
    let m = Model::new("first");
    io::save(&m, &path).unwrap();
    let mut m2 = m.clone();
    m2.info.title = "second".into();
    io::save(&m2, &path).unwrap();
    assert_eq!(io::load(&path).unwrap().info.title, "second");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["model.ron"]);
}

#[test]
fn a_failed_save_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.ron");
    io::save(&Model::new("kept"), &path).unwrap();
    // Saving into a folder that does not exist fails before the target is touched.
    let bad = dir.path().join("missing-folder").join("model.ron");
    let err = io::save(&Model::new("lost"), &bad).unwrap_err();
    assert!(err.to_string().contains("missing-folder"), "{err}");
    assert_eq!(io::load(&path).unwrap().info.title, "kept");
}
