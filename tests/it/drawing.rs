//! Drawing a clean DFD (issue 12): bends, parallel flows, labels that never collide, handles,
//! zoom, automatic layout and the layout lint — through the app's pointer input where a person
//! would use them, and through the library and the command line for the geometry.

use crate::ui::{app, click, drag, key, sample_doc, screen};
use egui::{Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::collections::BTreeSet;
use strider::diagram::lint::lint;
use strider::diagram::scene::{self, Item};
use strider::diagram::tidy::tidy;
use strider::diagram::{Placement, route_flows};
use strider::io;
use strider::model::geometry::{Membership, Rect};
use strider::model::{Boundary, Diagram, Element, ElementKind, Flow, Id, Model};
use strider::ui::StriderApp;
use strider::ui::document::Document;

/// An actor and a process far apart, joined by flows in both directions.
fn two_way() -> Document {
    let mut m = Model::new("Drawing test");
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
    d.flows.push(Flow::new(
        Id::from("F1"),
        Id::from("E1"),
        Id::from("P1"),
        "Request",
    ));
    d.flows.push(Flow::new(
        Id::from("F2"),
        Id::from("P1"),
        Id::from("E1"),
        "Response",
    ));
    d.boundaries.push(Boundary::new(
        Id::from("B1"),
        "Cloud",
        (600.0, 150.0),
        (340.0, 380.0),
    ));
    Document::new(m, None)
}

fn route_of(h: &Harness<StriderApp>, id: &str) -> Vec<(f32, f32)> {
    let d = &h.state().doc.model.diagrams[0];
    let i = d.flows.iter().position(|f| f.id == id).unwrap();
    route_flows(d)[i].clone().unwrap().points
}

fn along(pts: &[(f32, f32)], t: f32) -> (f32, f32) {
    let (a, b) = (pts[0], pts[pts.len() - 1]);
    (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
}

fn selected(h: &Harness<StriderApp>) -> Vec<String> {
    h.state()
        .canvas
        .selection
        .iter()
        .map(|i| i.0.clone())
        .collect()
}

fn double_click(h: &mut Harness<StriderApp>, at: Pos2) {
    h.hover_at(at);
    h.run();
    for pressed in [true, false, true, false] {
        h.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run();
}

#[test]
fn opposite_flows_are_apart_and_each_is_picked_by_its_own_line_and_label() {
    let mut h = app(two_way());
    let (a, b) = (route_of(&h, "F1"), route_of(&h, "F2"));
    let gap = (along(&a, 0.5).1 - along(&b, 0.5).1).abs();
    assert!(gap >= 16.0, "opposite flows {gap} apart");
    for (id, pts) in [("F1", &a), ("F2", &b)] {
        // On its line, a fifth of the way along (clear of the labels in the middle).
        let at = screen(&h, along(pts, 0.2));
        click(&mut h, at);
        assert_eq!(selected(&h), [id], "clicking the line of {id}");
        let empty = screen(&h, (400.0, 150.0));
        click(&mut h, empty);
        assert!(selected(&h).is_empty());
    }
    let placement = h.state().canvas.placement().clone();
    for (i, id) in ["F1", "F2"].iter().enumerate() {
        let label = placement.labels[i].as_ref().unwrap();
        let at = screen(&h, label.center);
        click(&mut h, at);
        assert_eq!(selected(&h), [*id], "clicking the label of {id}");
    }
    let (ra, rb) = (
        placement.labels[0].as_ref().unwrap().rect(),
        placement.labels[1].as_ref().unwrap().rect(),
    );
    assert!(!ra.intersects(&rb), "labels {ra:?} and {rb:?} overlap");
}

#[test]
fn a_bend_is_added_moved_and_removed_by_hand_each_one_undo_step() {
    let mut h = app(two_way());
    let pts = route_of(&h, "F1");
    let grab = screen(&h, along(&pts, 0.3));
    click(&mut h, grab);
    assert_eq!(selected(&h), ["F1"]);
    let steps = h.state().doc.history.undo_len();
    // Drag the middle of the selected flow down: a bend where it was dropped.
    drag(&mut h, grab, grab + vec2(0.0, 120.0));
    let f = |h: &Harness<StriderApp>| h.state().doc.model.diagrams[0].flows[0].clone();
    assert_eq!(f(&h).waypoints.len(), 1, "a bend was added");
    assert_eq!(h.state().doc.history.undo_len(), steps + 1);
    let zoom = h.state().canvas.zoom();
    let bend = f(&h).waypoints[0];
    let expected = along(&pts, 0.3);
    assert!(
        (bend.0 - expected.0).abs() < 2.0 && (bend.1 - (expected.1 + 120.0 / zoom)).abs() < 2.0,
        "bend at {bend:?}, expected near {expected:?} + 120 px down"
    );
    // The line now runs through the bend.
    assert_eq!(route_of(&h, "F1")[1], bend);
    // Drag the bend itself: it moves, and no second bend appears.
    let at = screen(&h, bend);
    drag(&mut h, at, at + vec2(60.0, 0.0));
    assert_eq!(f(&h).waypoints.len(), 1);
    assert!((f(&h).waypoints[0].0 - (bend.0 + 60.0 / zoom)).abs() < 2.0);
    assert_eq!(h.state().doc.history.undo_len(), steps + 2);
    // Save and load again: the bend is kept.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bent.ron");
    io::save(&h.state().doc.model, &path).unwrap();
    assert_eq!(
        io::load(&path).unwrap().diagrams[0].flows[0].waypoints,
        f(&h).waypoints
    );
    // Double-click the bend: it is removed, as one step.
    let moved = f(&h).waypoints[0];
    let at = screen(&h, moved);
    double_click(&mut h, at);
    assert!(f(&h).waypoints.is_empty(), "double-click removes the bend");
    assert_eq!(h.state().doc.history.undo_len(), steps + 3);
    key(&mut h, Modifiers::COMMAND, egui::Key::Z);
    assert_eq!(f(&h).waypoints, [moved]);
    // Pick the bend with a click, then Delete removes the bend, not the flow.
    let at = screen(&h, moved);
    click(&mut h, at);
    key(&mut h, Modifiers::NONE, egui::Key::Delete);
    assert!(f(&h).waypoints.is_empty());
    assert_eq!(h.state().doc.model.diagrams[0].flows.len(), 2);
    key(&mut h, Modifiers::COMMAND, egui::Key::Z);
    key(&mut h, Modifiers::COMMAND, egui::Key::Z);
    key(&mut h, Modifiers::COMMAND, egui::Key::Z);
    assert!(f(&h).waypoints.is_empty(), "every step undone");
}

#[test]
fn bends_are_drawn_by_every_backend() {
    let mut doc = two_way();
    doc.model.diagrams[0].flows[0].waypoints = vec![(430.0, 520.0)];
    let m = &doc.model;
    let drawn = scene::draw(m, &m.diagrams[0]);
    let through_bend = drawn
        .items
        .iter()
        .any(|i| matches!(i, Item::Polyline { points, .. } if points.contains(&(430.0, 520.0))));
    assert!(through_bend, "the scene's line runs through the bend");
    let svg = strider::diagram::svg::to_svg(&drawn, "d");
    assert!(svg.contains("430") && svg.contains("520"), "{svg}");
    // Threat Dragon keeps bends as vertices; reading it back gives them again.
    let dir = tempfile::tempdir().unwrap();
    let td = dir.path().join("bent.td.json");
    strider::export::export_with(m, &td, &Default::default()).unwrap();
    let back = io::import_file(&td).unwrap().model;
    let flow = &back.diagrams[0].flows[0];
    assert_eq!(flow.waypoints.len(), 1, "{flow:?}");
    let (x, y) = flow.waypoints[0];
    assert!((x - 430.0).abs() < 1.0 && (y - 520.0).abs() < 1.0);
}

#[test]
fn a_boundary_resizes_from_its_left_edge_and_moves_from_inside_when_selected() {
    let mut h = app(two_way());
    let b = |h: &Harness<StriderApp>| h.state().doc.model.diagrams[0].boundaries[0].clone();
    let before = b(&h);
    // Dragging inside an unselected boundary draws a selection rectangle: nothing moves.
    let inside = screen(&h, (620.0, 480.0));
    drag(&mut h, inside, inside + vec2(40.0, 30.0));
    assert_eq!(b(&h), before);
    // Select it by its name tab.
    let tab = h.state().canvas.placement().tabs[0].rect;
    let at = screen(&h, tab.center());
    click(&mut h, at);
    assert_eq!(selected(&h), ["B1"]);
    let zoom = h.state().canvas.zoom();
    // The left edge's handle: the right edge stays where it was.
    let left = screen(&h, (before.pos.0, before.pos.1 + before.size.1 / 2.0));
    drag(&mut h, left, left - vec2(50.0, 0.0));
    let after = b(&h);
    assert!(
        (after.pos.0 - (before.pos.0 - 50.0 / zoom)).abs() < 1.5,
        "{after:?}"
    );
    assert!((after.rect().max.0 - before.rect().max.0).abs() < 0.01);
    assert_eq!(after.pos.1, before.pos.1);
    assert_eq!(after.size.1, before.size.1);
    // Now drag from inside, on empty space: the selected boundary moves, its element does not.
    let p1 = h.state().doc.model.diagrams[0].elements[1].pos;
    let inside = screen(&h, (620.0, 480.0));
    drag(&mut h, inside, inside + vec2(0.0, 40.0));
    let moved = b(&h);
    assert!(
        (moved.pos.1 - (after.pos.1 + 40.0 / zoom)).abs() < 1.5,
        "{moved:?}"
    );
    assert_eq!(h.state().doc.model.diagrams[0].elements[1].pos, p1);
    key(&mut h, Modifiers::COMMAND, egui::Key::Z);
    key(&mut h, Modifiers::COMMAND, egui::Key::Z);
    assert_eq!(b(&h), before, "two gestures, two undo steps");
}

#[test]
fn eight_handles_each_move_only_their_edges() {
    let mut h = app(two_way());
    let at = screen(&h, (180.0, 330.0));
    click(&mut h, at);
    assert_eq!(selected(&h), ["E1"]);
    let zoom = h.state().canvas.zoom();
    let e = |h: &Harness<StriderApp>| h.state().doc.model.diagrams[0].elements[0].rect();
    let r = e(&h);
    let cx = (r.min.0 + r.max.0) / 2.0;
    let cy = (r.min.1 + r.max.1) / 2.0;
    // (handle, which edges move: west, east, north, south)
    let handles = [
        ((cx, r.min.1), [false, false, true, false]),
        ((r.max.0, r.min.1), [false, true, true, false]),
        ((r.max.0, cy), [false, true, false, false]),
        ((r.max.0, r.max.1), [false, true, false, true]),
        ((cx, r.max.1), [false, false, false, true]),
        ((r.min.0, r.max.1), [true, false, false, true]),
        ((r.min.0, cy), [true, false, false, false]),
        ((r.min.0, r.min.1), [true, false, true, false]),
    ];
    for (at, [west, east, north, south]) in handles {
        let from = screen(&h, at);
        // Outwards by 20 px on both axes; only the handle's edges follow.
        let dx = if west { -20.0 } else { 20.0 };
        let dy = if north { -20.0 } else { 20.0 };
        drag(&mut h, from, from + vec2(dx, dy));
        let n = e(&h);
        let moved = |a: f32, b: f32| (a - b).abs() > 10.0 / zoom;
        assert_eq!(moved(n.min.0, r.min.0), west, "{at:?}: west edge");
        assert_eq!(moved(n.max.0, r.max.0), east, "{at:?}: east edge");
        assert_eq!(moved(n.min.1, r.min.1), north, "{at:?}: north edge");
        assert_eq!(moved(n.max.1, r.max.1), south, "{at:?}: south edge");
        key(&mut h, Modifiers::COMMAND, egui::Key::Z);
        assert_eq!(e(&h), r);
    }
}

#[test]
fn ctrl_wheel_zooms_ten_percent_a_notch_around_the_pointer() {
    let mut h = app(two_way());
    let before = h.state().canvas.zoom();
    let pointer = screen(&h, (180.0, 330.0));
    h.hover_at(pointer);
    h.run();
    let under = |h: &Harness<StriderApp>| h.state().canvas.screen_pos((180.0, 330.0));
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Line,
        delta: vec2(0.0, 1.0),
        phase: egui::TouchPhase::Move,
        modifiers: Modifiers::COMMAND,
        source: egui::MouseWheelSource::Wheel,
    });
    h.run();
    let after = h.state().canvas.zoom();
    assert!(
        (after / before - 1.1).abs() < 0.01,
        "one notch: {before} -> {after}"
    );
    let stays = under(&h);
    assert!(
        stays.distance(pointer) < 1.0,
        "the point under the pointer stays: {pointer:?} -> {stays:?}"
    );
}

#[test]
fn samples_open_readable_and_zoom_to_selection_frames_it() {
    let mut h = app(sample_doc("connected-vehicle.ron"));
    let zoom = h.state().canvas.zoom();
    // Names are 13 units high: at least ~11 px on screen.
    assert!(13.0 * zoom >= 10.9, "opens at {zoom}");
    h.state_mut().canvas.selection = BTreeSet::from([Id::from("D1")]);
    key(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::F);
    let d1 = h.state().doc.model.diagrams[0]
        .element(&Id::from("D1"))
        .unwrap()
        .rect();
    let view = h.state().canvas.view_rect();
    let c = h.state().canvas.screen_pos(d1.center());
    assert!(
        (c - view.center()).length() < 2.0,
        "centred: {c:?} in {view:?}"
    );
}

fn shared_td_models() -> Vec<(String, Model)> {
    let Some(corpus) = crate::corpus() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack = vec![corpus.join("threat-dragon")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "json")
                && let Ok(imported) = io::import_file(&p)
                && matches!(
                    imported.format,
                    io::Foreign::ThreatDragonV1 | io::Foreign::ThreatDragonV2
                )
            {
                out.push((p.display().to_string(), imported.model));
            }
        }
    }
    assert!(out.len() >= 10, "found {} Threat Dragon models", out.len());
    out
}

fn samples() -> Vec<(String, Model)> {
    ["connected-vehicle.ron", "serverless-analytics.ron"]
        .iter()
        .map(|n| (n.to_string(), io::load(&crate::sample(n)).unwrap()))
        .collect()
}

/// Every label's box against every other label, element, badge and name tab.
fn label_collisions(m: &Model, d: &Diagram) -> Vec<String> {
    let p = Placement::of(m, d);
    let mut obstacles: Vec<(String, Rect)> = d
        .elements
        .iter()
        .map(|e| (format!("element {}", e.id), e.rect()))
        .collect();
    for e in &d.elements {
        if p.open_on(&e.id) > 0 {
            let at = strider::diagram::element_badge_at(&e.rect());
            obstacles.push((
                format!("badge of {}", e.id),
                strider::diagram::badge_rect(at),
            ));
        }
    }
    for (t, b) in p.tabs.iter().zip(&d.boundaries) {
        obstacles.push((format!("name of {}", b.id), t.rect));
    }
    let overlap = |a: &Rect, b: &Rect| {
        let w = a.max.0.min(b.max.0) - a.min.0.max(b.min.0);
        let h = a.max.1.min(b.max.1) - a.min.1.max(b.min.1);
        w > 0.5 && h > 0.5
    };
    let mut found = Vec::new();
    for (f, l) in d.flows.iter().zip(&p.labels) {
        let Some(l) = l else { continue };
        let r = l.rect();
        for (what, o) in &obstacles {
            if overlap(&r, o) {
                found.push(format!("label of {} on {what}", f.id));
            }
        }
        obstacles.push((format!("label of {}", f.id), r));
    }
    found
}

#[test]
fn labels_never_collide_on_the_samples_and_the_threat_dragon_models() {
    let mut checked = 0;
    for (name, m) in samples().into_iter().chain(shared_td_models()) {
        for d in &m.diagrams {
            let mut found = label_collisions(&m, d);
            if !found.is_empty() {
                // A crowded layout of the file's own: laid out again, nothing may collide.
                let tidied = tidy(d);
                found = label_collisions(&m, &tidied);
            }
            assert!(found.is_empty(), "{name} / {}: {found:?}", d.id);
            checked += d.flows.len();
        }
    }
    assert!(checked > 50, "{checked} labels checked");
}

#[test]
fn the_samples_have_no_layout_warnings() {
    for (name, m) in samples() {
        for d in &m.diagrams {
            let w = lint(&m, d);
            assert!(w.is_empty(), "{name}: {w:#?}");
        }
    }
}

/// The boundaries holding each element, as ids, when they nest (each inside the one before).
fn nested_holders(d: &Diagram) -> Vec<(Id, Vec<Id>)> {
    let m = Membership::compute(d);
    d.elements
        .iter()
        .filter_map(|e| {
            let holders = m.boundaries_of(d, &e.id);
            let nested = holders
                .windows(2)
                .all(|w| w[0].rect().contains_rect(&w[1].rect()));
            nested.then(|| (e.id.clone(), holders.iter().map(|b| b.id.clone()).collect()))
        })
        .collect()
}

fn assert_tidy_keeps_structure(name: &str, d: &Diagram) {
    let after = tidy(d);
    let before_holders = nested_holders(d);
    let after_m = Membership::compute(&after);
    for (id, holders) in before_holders {
        let now: Vec<Id> = after_m
            .boundaries_of(&after, &id)
            .iter()
            .map(|b| b.id.clone())
            .collect();
        assert_eq!(now, holders, "{name}: element {id} changed trust zones");
    }
    let before_m = Membership::compute(d);
    for b in &d.boundaries {
        let parent = |m: &Membership, d: &Diagram| m.parent_of(d, &b.id).map(|p| p.id.clone());
        assert_eq!(
            parent(&after_m, &after),
            parent(&before_m, d),
            "{name}: boundary {} is nested elsewhere",
            b.id
        );
    }
    let w = lint(&Model::new("x"), &after);
    let overlapping: Vec<_> = w
        .iter()
        .filter(|w| w.kind == "elements-overlap" || w.kind == "half-inside-boundary")
        .collect();
    assert!(overlapping.is_empty(), "{name}: {overlapping:#?}");
    // Sibling boundaries never overlap.
    for (i, a) in after.boundaries.iter().enumerate() {
        for b in &after.boundaries[i + 1..] {
            let (ra, rb) = (a.rect(), b.rect());
            if ra.intersects(&rb) {
                assert!(
                    ra.contains_rect(&rb) || rb.contains_rect(&ra),
                    "{name}: {} and {} overlap",
                    a.id,
                    b.id
                );
            }
        }
    }
}

#[test]
fn layout_keeps_elements_in_their_boundaries_and_nesting() {
    for (name, m) in samples().into_iter().chain(shared_td_models()) {
        for d in &m.diagrams {
            assert_tidy_keeps_structure(&name, d);
        }
    }
    let big = strider::model::synthetic::generate(strider::model::synthetic::Spec {
        elements: 200,
        flows: 400,
        boundaries: 10,
        threats: 0,
        seed: 7,
    });
    assert_tidy_keeps_structure("synthetic", &big.diagrams[0]);
}

#[test]
fn a_flow_that_skips_a_column_is_bent_around_what_lies_between() {
    let mut m = Model::new("chain");
    let d = &mut m.diagrams[0];
    for (i, id) in ["A", "B", "C"].iter().enumerate() {
        d.elements.push(Element::new(
            Id::from(*id),
            ElementKind::Process,
            *id,
            (0.0, i as f32 * 10.0),
        ));
    }
    for (id, from, to) in [("F1", "A", "B"), ("F2", "B", "C"), ("F3", "A", "C")] {
        d.flows
            .push(Flow::new(Id::from(id), Id::from(from), Id::from(to), id));
    }
    let tidied = tidy(&m.diagrams[0]);
    let x = |id: &str| tidied.element(&Id::from(id)).unwrap().pos.0;
    assert!(x("A") < x("B") && x("B") < x("C"), "left to right");
    assert_eq!(tidied.flows[2].waypoints.len(), 1, "{:?}", tidied.flows[2]);
    let warnings = lint(&m, &tidied);
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn layout_and_tidy_from_the_command_line_and_the_menu() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tidy.ron");
    let sample = crate::sample("connected-vehicle.ron");
    let run = crate::strider(&[
        "layout",
        sample.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", crate::stderr(&run));
    let before = io::load(&sample).unwrap();
    let after = io::load(&out).unwrap();
    assert_eq!(
        before.diagrams[0].elements.len(),
        after.diagrams[0].elements.len()
    );
    assert_ne!(before.diagrams[0], after.diagrams[0], "positions changed");
    assert_eq!(before.threats, after.threats, "only the drawing changes");
    // Diagram > Tidy in the app: one undo step.
    let mut h = app(sample_doc("connected-vehicle.ron"));
    let steps = h.state().doc.history.undo_len();
    // The menu bar comes before the diagram's own tab (also named "Diagram" in some models).
    h.get_all_by_label("Diagram").next().unwrap().click();
    h.run();
    h.get_by_label("Tidy layout Ctrl+Shift+L").click();
    h.run();
    assert_eq!(h.state().doc.history.undo_len(), steps + 1);
    assert_eq!(h.state().doc.model.diagrams[0], after.diagrams[0]);
    key(&mut h, Modifiers::COMMAND, egui::Key::Z);
    assert_eq!(h.state().doc.model.diagrams[0], before.diagrams[0]);
}

#[test]
fn check_reports_layout_warnings_without_failing() {
    let mut doc = two_way();
    let d = &mut doc.model.diagrams[0];
    // A third element right on the line between the two, and overlapping the process.
    d.elements.push(Element::new(
        Id::from("E2"),
        ElementKind::Actor,
        "In the way",
        (380.0, 310.0),
    ));
    d.elements.push(Element::new(
        Id::from("E3"),
        ElementKind::Actor,
        "On top",
        (560.0, 330.0),
    ));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crowded.ron");
    io::save(&doc.model, &path).unwrap();
    let run = crate::strider(&["check", path.to_str().unwrap(), "--json"]);
    assert!(run.status.success(), "warnings alone keep exit 0");
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let kinds: BTreeSet<String> = v["layout_warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap().to_owned())
        .collect();
    for k in [
        "flow-through-element",
        "elements-overlap",
        "half-inside-boundary",
    ] {
        assert!(kinds.contains(k), "{k} missing from {kinds:?}");
    }
    let text = crate::strider(&["check", path.to_str().unwrap()]);
    assert!(text.status.success());
    assert!(crate::stdout(&text).contains("warning [flow-through-element]"));
}

#[test]
fn nested_boundary_names_are_never_crossed_by_another_edge() {
    let m = io::load(&crate::sample("connected-vehicle.ron")).unwrap();
    let d = &m.diagrams[0];
    let p = Placement::of(&m, d);
    for (t, b) in p.tabs.iter().zip(&d.boundaries) {
        for o in d.boundaries.iter().filter(|o| o.id != b.id) {
            let r = o.rect();
            let crosses = r.intersects(&t.rect) && !r.contains_rect(&t.rect);
            assert!(
                !crosses,
                "the edge of {} crosses the name of {}",
                o.id, b.id
            );
        }
    }
}

#[test]
fn an_import_without_positions_is_laid_out_and_says_so() {
    // Our own Threat Dragon fixture with every position taken out, as some generators write.
    let mut v: serde_json::Value = serde_json::from_slice(
        &std::fs::read(crate::fixture("library-lending.td-v2.json")).unwrap(),
    )
    .unwrap();
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(o) => {
                o.remove("position");
                o.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("no-positions.json");
    std::fs::write(&input, serde_json::to_vec(&v).unwrap()).unwrap();
    let out = dir.path().join("out.ron");
    let run = crate::strider(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", crate::stderr(&run));
    assert!(
        crate::stderr(&run).contains("laid out automatically"),
        "{}",
        crate::stderr(&run)
    );
    let m = io::load(&out).unwrap();
    let d = &m.diagrams[0];
    let rects: Vec<Rect> = d.elements.iter().map(|e| e.rect()).collect();
    assert!(rects.len() >= 3);
    for (i, a) in rects.iter().enumerate() {
        for b in &rects[i + 1..] {
            assert!(!a.intersects(b), "{a:?} and {b:?} overlap after the layout");
        }
    }
    assert!(lint(&m, d).is_empty(), "{:#?}", lint(&m, d));
}

#[test]
fn a_flow_drawn_with_right_angles_keeps_them_when_bent() {
    let mut doc = two_way();
    doc.model.diagrams[0].elements[1].pos = (700.0, 450.0);
    let mut h = app(doc);
    let pts = route_of(&h, "F1");
    let at = screen(&h, along(&pts, 0.2));
    click(&mut h, at);
    assert_eq!(selected(&h), ["F1"]);
    let steps = h.state().doc.history.undo_len();
    h.get_by_label("Right-angled line").click();
    h.run();
    assert!(h.state().doc.model.diagrams[0].flows[0].orthogonal);
    assert_eq!(h.state().doc.history.undo_len(), steps + 1);
    let square = |pts: &[(f32, f32)]| {
        pts.windows(2)
            .all(|w| (w[0].0 - w[1].0).abs() < 0.01 || (w[0].1 - w[1].1).abs() < 0.01)
    };
    let pts = route_of(&h, "F1");
    assert!(square(&pts), "{pts:?}");
    // Drag the middle of the vertical run sideways: a bend, and still only right angles.
    let (a, b) = (pts[1], pts[2]);
    let grab = screen(&h, ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0));
    drag(&mut h, grab, grab + vec2(60.0, 0.0));
    let f = h.state().doc.model.diagrams[0].flows[0].clone();
    assert_eq!(f.waypoints.len(), 1, "{f:?}");
    let pts = route_of(&h, "F1");
    assert!(square(&pts), "{pts:?}");
}

#[test]
fn a_bend_let_go_on_the_flows_own_end_is_taken_out_again() {
    let mut h = app(two_way());
    let pts = route_of(&h, "F1");
    let grab = screen(&h, along(&pts, 0.3));
    click(&mut h, grab);
    let steps = h.state().doc.history.undo_len();
    let target = screen(&h, (765.0, 330.0)); // the middle of P1, the flow's target
    drag(&mut h, grab, target);
    let f = h.state().doc.model.diagrams[0].flows[0].clone();
    assert!(f.waypoints.is_empty(), "{f:?}");
    assert_eq!(h.state().doc.history.undo_len(), steps, "nothing to undo");
    let d = &h.state().doc.model.diagrams[0];
    assert_eq!(route_flows(d)[0].as_ref().unwrap().points.len(), 2);
}

#[test]
fn a_label_never_hides_its_own_bend_and_its_box_goes_with_its_text() {
    let mut doc = two_way();
    // The bend where the label would otherwise sit: halfway along.
    doc.model.diagrams[0].flows[0].waypoints = vec![(430.0, 500.0)];
    let m = &doc.model;
    let d = &m.diagrams[0];
    let p = Placement::of(m, d);
    let label = p.labels[0].as_ref().unwrap().rect();
    assert!(!label.contains_point((430.0, 500.0)), "{label:?}");
    // Every label background and leader is registered as standing behind its text, so a
    // zoomed-out canvas or a small PNG that leaves the text out leaves them out too.
    let drawn = scene::draw(m, d);
    let labels = p.labels.iter().flatten().count();
    let leaders = p
        .labels
        .iter()
        .flatten()
        .filter(|l| l.leader.is_some())
        .count();
    assert_eq!(drawn.behind_text.len(), labels + leaders);
    for (i, _) in &drawn.behind_text {
        assert!(matches!(
            drawn.items[*i],
            Item::Rect { stroke: None, .. } | Item::Polyline { .. }
        ));
    }
}

#[test]
fn check_writes_out_a_hundred_warnings_of_a_kind_and_counts_the_rest() {
    // One flow from the first to the last of 160 elements in a row runs through 158 of them.
    let mut m = Model::new("A long row");
    let d = &mut m.diagrams[0];
    for i in 0..160 {
        d.elements.push(Element::new(
            Id::from(format!("E{i}").as_str()),
            ElementKind::Actor,
            "Box",
            (i as f32 * 200.0, 0.0),
        ));
    }
    d.flows.push(Flow::new(
        Id::from("F1"),
        Id::from("E0"),
        Id::from("E159"),
        "",
    ));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("row.ron");
    io::save(&m, &path).unwrap();
    let run = crate::strider(&["check", path.to_str().unwrap(), "--json"]);
    assert!(run.status.success());
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let shown = v["layout_warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "flow-through-element")
        .count();
    assert_eq!(shown, strider::cli::LAYOUT_WARNINGS_SHOWN);
    assert_eq!(v["layout_warning_totals"]["flow-through-element"], 158);
    let text = crate::strider(&["check", path.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("158 warning(s)"), "{text}");
    assert!(text.contains("... and 58 more [flow-through-element] warnings"));
}
