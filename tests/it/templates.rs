//! Starter diagrams (issue 13, part 7): File > New from template and `strider new`. Each is a
//! real model: valid, laid out with no layout warnings, its elements inside their trust zones,
//! technologies and protocols set so the rules have something to say, and no threats yet.

use crate::strider as run;
use crate::ui::{app, key};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use strider::model::{ElementKind, Model};
use strider::templates::{TEMPLATES, build};
use strider::ui::document::Document;

#[test]
fn six_starters_each_valid_laid_out_and_ready_for_analysis() {
    assert!(TEMPLATES.len() >= 6);
    for t in TEMPLATES {
        let m = build(t);
        let d = &m.diagrams[0];
        assert!(d.elements.len() >= 5, "{}", t.name);
        assert!(!d.boundaries.is_empty(), "{}", t.name);
        assert!(m.threats.is_empty() && m.mitigations.is_empty());
        assert_eq!(strider::model::validate(&m), vec![], "{}", t.name);
        assert_eq!(
            strider::diagram::lint::lint_model(&m),
            vec![],
            "{} has layout warnings",
            t.name
        );
        for e in &d.elements {
            if e.kind != ElementKind::Actor {
                assert!(!e.technology.is_empty(), "{}: {}", t.name, e.name);
            }
        }
        for f in &d.flows {
            assert!(!f.protocol.is_empty(), "{}: {}", t.name, f.label);
        }
        let a = strider::stride::analyse(&m, strider::stride::Library::builtin());
        assert!(
            a.suggestions.len() >= 5,
            "{}: only {} suggestions",
            t.name,
            a.suggestions.len()
        );
        // Round trip through the file format.
        let text = strider::io::to_string(&m);
        assert_eq!(strider::io::from_str(&text, "t.ron").unwrap(), m);
    }
}

#[test]
fn new_from_template_through_the_file_menu_keeps_unsaved_work_safe() {
    let mut h = app(Document::new(Model::new("Mine"), None));
    for t in TEMPLATES {
        for item in ["File", "New from template", t.name] {
            h.get_by_label(item).click();
            h.run();
        }
        let doc = &h.state().doc;
        assert_eq!(doc.model.info.title, t.name);
        assert!(doc.path.is_none() && !doc.is_dirty());
        assert_eq!(
            doc.model.diagrams[0].elements,
            build(t).diagrams[0].elements
        );
    }
    // With unsaved work, the app asks first; Cancel keeps the work.
    h.state_mut().doc.model.info.title = "Typed by hand".into();
    h.state_mut().doc.touched();
    let edit = strider::model::ops::add_mitigation(&h.state().doc.model, "Keep me").0;
    h.state_mut().doc.apply(edit);
    for item in ["File", "New from template", TEMPLATES[0].name] {
        h.get_by_label(item).click();
        h.run();
    }
    assert!(
        h.query_by_label("Cancel").is_some(),
        "the unsaved-changes prompt"
    );
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().doc.model.mitigations.len(), 1);
    key(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().doc.model.mitigations.is_empty());
}

#[test]
fn the_command_line_lists_and_writes_templates() {
    let list = run(&["new"]);
    assert!(list.status.success());
    let text = String::from_utf8_lossy(&list.stdout);
    for t in TEMPLATES {
        assert!(text.contains(t.name), "{text}");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fleet.ron");
    let r = run(&["new", "--template", "iot", "-o", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let m = strider::io::load(&out).unwrap();
    assert_eq!(m.info.title, "IoT fleet");
    let r = run(&[
        "new",
        "--template",
        "mainframe",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("no template matches"));
}
