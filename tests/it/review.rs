//! Threat models in code review: the semantic diff, its Markdown and JSON forms, the gates on
//! what a change introduced, and versions read from a real git repository.

use crate::{sample, stderr, stdout, strider};
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use strider::model::{
    Element, ElementKind, Flow, Id, Mitigation, Model, Priority, RiskResponse, Stride, Threat,
    ThreatStatus,
};
use strider::review::diff::{Change, Kind, ModelDiff};
use strider::review::gates::{Gate, failures};
use strider::review::{DiffOptions, diff};

fn cv() -> Model {
    strider::io::load(&sample("connected-vehicle.ron")).unwrap()
}

fn item<'a>(d: &'a ModelDiff, kind: Kind, id: &str) -> &'a strider::review::diff::ItemChange {
    d.items
        .iter()
        .find(|i| i.kind == kind && i.id.0 == id)
        .unwrap_or_else(|| panic!("no {kind:?} {id} in {:#?}", d.items))
}

fn field<'a>(i: &'a strider::review::diff::ItemChange, name: &str) -> (&'a Value, &'a Value) {
    let f = i
        .fields
        .iter()
        .find(|f| f.field == name)
        .unwrap_or_else(|| panic!("no field {name} in {i:#?}"));
    (&f.before, &f.after)
}

/// A new process outside every boundary and a flow to it from the API's Lambda: a new
/// element and a new boundary-crossing flow, with no threats.
fn with_audit_service(m: &mut Model) {
    let d = &mut m.diagrams[0];
    d.elements.push(Element::new(
        Id::from("P7"),
        ElementKind::Process,
        "Audit service",
        (1300.0, 700.0),
    ));
    d.flows.push(Flow::new(
        Id::from("F90"),
        Id::from("P4"),
        Id::from("P7"),
        "Audit events",
    ));
}

fn new_threat(id: &str, target: &str, priority: Priority) -> Threat {
    let mut t = Threat::new(Id::from(id));
    t.title = format!("Threat {id}");
    t.target = Some(Id::from(target));
    t.stride = vec![Stride::Tampering];
    t.priority = Some(priority);
    t.status = ThreatStatus::Identified;
    t
}

/// Every kind of change the diff reports, on the Connected Vehicle sample.
fn changed() -> Model {
    let mut m = cv();
    m.info.title = "Connected Vehicle: vehicle registration, v2".into();
    let d = &mut m.diagrams[0];
    // Renamed; moved within its zone; moved into another zone.
    d.elements.iter_mut().find(|e| e.id.0 == "E2").unwrap().name = "Web browser (PWA)".into();
    d.elements
        .iter_mut()
        .find(|e| e.id.0 == "D3")
        .unwrap()
        .pos
        .0 += 10.0;
    d.elements.iter_mut().find(|e| e.id.0 == "P1").unwrap().pos = (60.0, 480.0);
    // Removed with its flows: the connected vehicle.
    d.elements.retain(|e| e.id.0 != "E3");
    d.flows.retain(|f| f.from.0 != "E3" && f.to.0 != "E3");
    // A boundary removed: what it held is now in the zone around it.
    d.boundaries.retain(|b| b.id.0 != "TB6");
    // A flow changed field by field.
    let f = d.flows.iter_mut().find(|f| f.id.0 == "F15").unwrap();
    f.encrypted = false;
    f.protocol = "HTTP".into();
    with_audit_service(&mut m);
    // Threats: one added, one removed, one changed (status, priority, statement).
    m.threats.push(new_threat("T90", "P7", Priority::High));
    m.threats.retain(|t| t.id.0 != "T18");
    let t = m.threats.iter_mut().find(|t| t.id.0 == "T02").unwrap();
    t.status = ThreatStatus::Resolved;
    t.priority = Some(Priority::Medium);
    t.action = "replay a captured request".into();
    // A mitigation added and linked to a threat.
    m.mitigations.push(Mitigation {
        id: Id::from("M90"),
        title: "Sign audit events".into(),
        description: String::new(),
        status: Default::default(),
        reference: String::new(),
        effectiveness: None,
        standards: Default::default(),
    });
    m.threats
        .iter_mut()
        .find(|t| t.id.0 == "T01")
        .unwrap()
        .mitigations
        .push(Id::from("M90"));
    // An assumption reworded.
    m.assumptions[0].text = "Fleet managers sign in with a second factor.".into();
    m
}

#[test]
fn every_kind_of_change_on_the_connected_vehicle_sample_is_reported() {
    let (old, new) = (cv(), changed());
    assert!(diff(&old, &old, DiffOptions::default()).is_empty());
    let d = diff(&old, &new, DiffOptions::default());
    assert_eq!(d.info.len(), 1);
    assert_eq!(d.info[0].field, "title");
    // Elements.
    let e2 = item(&d, Kind::Element, "E2");
    assert_eq!(e2.change, Change::Changed);
    assert_eq!(field(e2, "name").1, "Web browser (PWA)");
    assert!(e2.moved.is_none());
    let d3 = item(&d, Kind::Element, "D3");
    assert!(d3.layout_only(), "{d3:#?}");
    let [from, to] = d3.moved.unwrap();
    assert_eq!(to.0 - from.0, 10.0);
    assert_eq!(item(&d, Kind::Element, "E3").change, Change::Removed);
    let p7 = item(&d, Kind::Element, "P7");
    assert_eq!(
        (p7.change, p7.name.as_str()),
        (Change::Added, "Audit service")
    );
    assert_eq!(item(&d, Kind::Boundary, "TB6").change, Change::Removed);
    // Flows: added, removed along with the vehicle, changed field by field.
    assert_eq!(item(&d, Kind::Flow, "F90").change, Change::Added);
    assert!(
        d.items
            .iter()
            .any(|i| i.kind == Kind::Flow && i.change == Change::Removed)
    );
    let f15 = item(&d, Kind::Flow, "F15");
    assert_eq!(field(f15, "encrypted"), (&Value::Bool(true), &Value::Null));
    assert_eq!(field(f15, "protocol").1, "HTTP");
    // Trust zones: P1 moved into Users; D2 left in the zone around the removed S3 boundary.
    let zone = |id: &str| d.zones.iter().find(|z| z.element.0 == id).cloned();
    let p1 = zone("P1").expect("P1 changed zone");
    assert_eq!(
        (p1.before.as_deref(), p1.after.as_deref()),
        (Some("Front-end"), Some("Users"))
    );
    assert_eq!(zone("D2").unwrap().before.as_deref(), Some("S3"));
    assert!(
        zone("D3").is_none(),
        "a move within a zone is not a zone change"
    );
    // The new flow crosses out of the API zone, with no threat on it.
    let crossing = d.new_crossings.iter().find(|x| x.flow.0 == "F90").unwrap();
    assert!(
        crossing.boundaries.iter().any(|b| b == "API"),
        "{crossing:?}"
    );
    assert_eq!(crossing.threats, 0);
    // Threats, mitigations, assumptions and their links.
    assert_eq!(item(&d, Kind::Threat, "T90").change, Change::Added);
    assert_eq!(item(&d, Kind::Threat, "T18").change, Change::Removed);
    let t02 = item(&d, Kind::Threat, "T02");
    assert_eq!(field(t02, "status").1, "Resolved");
    assert_eq!(field(t02, "priority"), (&"Low".into(), &"Medium".into()));
    assert!(
        field(t02, "statement")
            .1
            .as_str()
            .unwrap()
            .contains("replay a captured request")
    );
    let t01 = item(&d, Kind::Threat, "T01");
    assert_eq!(
        field(t01, "mitigations").1,
        &serde_json::json!(["M14", "M15", "M90"])
    );
    assert_eq!(item(&d, Kind::Mitigation, "M90").change, Change::Added);
    assert_eq!(item(&d, Kind::Assumption, "A1").change, Change::Changed);
    // STRIDE: the new process and flow are unreviewed; the vehicle's pairs went with it.
    let unreviewed: Vec<&str> = d
        .coverage
        .newly_unreviewed
        .iter()
        .map(|p| p.target.0.as_str())
        .collect();
    assert!(unreviewed.contains(&"P7") && unreviewed.contains(&"F90"));
    // Layout left out on request: the move within a zone disappears, the rest stays.
    let quiet = diff(
        &old,
        &new,
        DiffOptions {
            ignore_layout: true,
        },
    );
    assert!(quiet.items.iter().all(|i| i.id.0 != "D3"));
    assert!(quiet.items.iter().all(|i| i.moved.is_none()));
    assert_eq!(quiet.zones.len(), d.zones.len());
}

fn write(dir: &Path, name: &str, m: &Model) -> String {
    let path = dir.join(name);
    strider::io::save(m, &path).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn markdown_and_json_forms_for_pull_requests_and_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (
        write(dir.path(), "a.ron", &cv()),
        write(dir.path(), "b.ron", &changed()),
    );
    let md = strider(&["diff", &a, &b, "--markdown"]);
    assert_eq!(md.status.code(), Some(1), "{}", stderr(&md));
    let text = stdout(&md);
    assert!(text.starts_with("### Threat model changes"), "{text}");
    assert!(text.contains("| elements | 1 | 1 | 3 |"), "{text}");
    assert!(text.contains("| threats | 1 | 1 | 2 |"), "{text}");
    let (table, details) = text.split_once("<details>").expect("details folded");
    assert!(table.contains("new boundary crossing"));
    assert!(details.contains("Web browser (PWA)") && details.contains("</details>"));
    let json = strider(&["diff", &a, &b, "--json"]);
    assert_eq!(json.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&json)).expect("one JSON object");
    assert_eq!(v["equal"], false);
    assert_eq!(v["diff"]["schema"], "strider-diff/1");
    let items = v["diff"]["items"].as_array().unwrap();
    let p7 = items.iter().find(|i| i["id"] == "P7").unwrap();
    assert_eq!(
        (&p7["kind"], &p7["change"]),
        (&"element".into(), &"added".into())
    );
    assert_eq!(p7["diagram"], "DFD1");
    assert!(!v["diff"]["new_crossings"].as_array().unwrap().is_empty());
    // Equal models: exit 0, and the text says so.
    let same = strider(&["diff", &a, &a, "--color", "never"]);
    assert_eq!(same.status.code(), Some(0));
    assert_eq!(stdout(&same), "The models are the same.\n");
    // Colours only when asked for (or on a terminal); never inside names.
    let coloured = strider(&["diff", &a, &b, "--color", "always"]);
    assert!(stdout(&coloured).contains("\x1b[32m+"));
    let plain = strider(&["diff", &a, &b]);
    assert!(!stdout(&plain).contains('\x1b'));
    // A file that cannot be read: exit 2.
    let missing = strider(&["diff", &a, "/nonexistent/model.ron"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn each_gate_fails_on_what_a_change_introduces_and_passes_otherwise() {
    let old = cv();
    let gate = |new: &Model, g: Gate| {
        let d = diff(&old, new, DiffOptions::default());
        failures(&old, new, &d, &[g])
    };
    // A renamed element introduces nothing: every gate passes though the models differ.
    let mut renamed = cv();
    renamed.diagrams[0].elements[0].name = "Fleet operator".into();
    for g in [Gate::NewUnreviewed, Gate::NewCrossing, Gate::NewHigh] {
        assert!(gate(&renamed, g).is_empty(), "{g:?}");
    }
    // A new element and crossing flow with no threats: new-unreviewed and new-crossing fail.
    let mut added = cv();
    with_audit_service(&mut added);
    let reasons = gate(&added, Gate::NewUnreviewed);
    assert!(reasons.iter().any(|r| r.contains("P7")), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("F90")), "{reasons:?}");
    let reasons = gate(&added, Gate::NewCrossing);
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(reasons[0].contains("F90") && reasons[0].contains("API"));
    // Reviewed: a threat of every category on each new item passes both.
    for target in ["P7", "F90"] {
        for (k, s) in Stride::ALL.into_iter().enumerate() {
            let mut t = new_threat(&format!("T{target}{k}"), target, Priority::Low);
            t.stride = vec![s];
            t.response = Some(RiskResponse::Accept);
            added.threats.push(t);
        }
    }
    assert!(gate(&added, Gate::NewUnreviewed).is_empty());
    assert!(gate(&added, Gate::NewCrossing).is_empty());
    // A new open High threat without a response fails new-high; with one it passes.
    let mut high = cv();
    high.threats.push(new_threat("T90", "E1", Priority::High));
    assert_eq!(gate(&high, Gate::NewHigh).len(), 1);
    high.threats.last_mut().unwrap().response = Some(RiskResponse::Mitigate);
    assert!(gate(&high, Gate::NewHigh).is_empty());
    // The CLI: exit 1 with a reason per failure, exit 0 when the gates pass.
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.ron", &old);
    let mut bad = cv();
    with_audit_service(&mut bad);
    let b = write(dir.path(), "b.ron", &bad);
    let out = strider(&["diff", &a, &b, "--fail-on", "new-crossing,new-high"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("gate failed: new-crossing: flow F90"));
    let r = write(dir.path(), "r.ron", &renamed);
    let out = strider(&[
        "diff",
        &a,
        &r,
        "--fail-on",
        "new-unreviewed",
        "--fail-on",
        "new-high",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Strider test",
            "-c",
            "user.email=test@example.com",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
}

fn strider_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_strider"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the strider binary runs")
}

#[test]
fn versions_are_read_from_git_revisions() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    write(repo, "model.ron", &cv());
    git(repo, &["add", "model.ron"]);
    git(repo, &["commit", "-q", "-m", "first"]);
    write(repo, "model.ron", &changed());
    git(repo, &["commit", "-q", "-am", "second"]);
    let out = strider_in(repo, &["diff", "HEAD~1:model.ron", "HEAD:model.ron"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("Web browser (PWA)"));
    // The working copy against the last commit, from the current folder: the same.
    let out = strider_in(repo, &["diff", "HEAD:./model.ron", "model.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A revision git does not know: exit 2, and git's reason.
    let out = strider_in(repo, &["diff", "nosuchrev:model.ron", "model.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nosuchrev:model.ron"),
        "{}",
        stderr(&out)
    );
}

use proptest::prelude::*;
use strider::review::merge::merge;

/// Ours moves the logs store and renames the browser; theirs adds a threat on the store and a
/// new element with a flow: independent edits.
fn independent() -> (Model, Model, Model) {
    let base = cv();
    let mut ours = cv();
    let d = &mut ours.diagrams[0];
    d.elements.iter_mut().find(|e| e.id.0 == "D3").unwrap().pos = (1120.0, 100.0);
    d.elements.iter_mut().find(|e| e.id.0 == "E2").unwrap().name = "Web browser (PWA)".into();
    let mut theirs = cv();
    theirs
        .threats
        .push(new_threat("T90", "D3", Priority::Medium));
    with_audit_service(&mut theirs);
    (base, ours, theirs)
}

#[test]
fn independent_edits_merge_to_the_union() {
    let (base, ours, theirs) = independent();
    let merged = merge(&base, &ours, &theirs);
    assert!(
        merged.is_clean(),
        "{:?} {:?}",
        merged.conflicts,
        merged.problems
    );
    let m = &merged.model;
    let d = &m.diagrams[0];
    let el = |id: &str| d.elements.iter().find(|e| e.id.0 == id).unwrap();
    assert_eq!(el("D3").pos, (1120.0, 100.0));
    assert_eq!(el("E2").name, "Web browser (PWA)");
    assert_eq!(el("P7").name, "Audit service");
    assert!(d.flows.iter().any(|f| f.id.0 == "F90"));
    assert!(m.threats.iter().any(|t| t.id.0 == "T90"));
    assert_eq!(m.threats.len(), base.threats.len() + 1);
    // Through the command line: written canonically, and it reads back the same.
    let dir = tempfile::tempdir().unwrap();
    let (b, o, t) = (
        write(dir.path(), "base.ron", &base),
        write(dir.path(), "ours.ron", &ours),
        write(dir.path(), "theirs.ron", &theirs),
    );
    let out_path = dir.path().join("merged.ron");
    let out = strider(&["merge", &b, &o, &t, "-o", out_path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(&out_path).unwrap();
    assert_eq!(text, strider::io::to_string(m), "written canonically");
    assert_eq!(strider::io::load(&out_path).unwrap(), *m);
}

#[test]
fn a_conflicting_merge_keeps_ours_lists_the_field_and_exits_1() {
    let base = cv();
    let mut ours = cv();
    let mut theirs = cv();
    ours.diagrams[0].elements[0].name = "Fleet operator".into();
    theirs.diagrams[0].elements[0].name = "Fleet administrator".into();
    // Changed on one side, deleted on the other.
    ours.mitigations.retain(|m| m.id.0 != "M1");
    for t in &mut ours.threats {
        t.mitigations.retain(|m| m.0 != "M1");
    }
    theirs.mitigations[0].title = "Protect every byte in transit".into();
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(merged.model.diagrams[0].elements[0].name, "Fleet operator");
    let fields: Vec<(&str, &str)> = merged
        .conflicts
        .iter()
        .map(|c| (c.id.0.as_str(), c.field.as_str()))
        .collect();
    assert!(fields.contains(&("E1", "name")), "{fields:?}");
    assert!(fields.contains(&("M1", "(deleted)")), "{fields:?}");
    assert!(merged.model.mitigations.iter().all(|m| m.id.0 != "M1"));
    let dir = tempfile::tempdir().unwrap();
    let (b, o, t) = (
        write(dir.path(), "base.ron", &base),
        write(dir.path(), "ours.ron", &ours),
        write(dir.path(), "theirs.ron", &theirs),
    );
    let out_path = dir.path().join("merged.ron");
    let out = strider(&[
        "merge",
        &b,
        &o,
        &t,
        "-o",
        out_path.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("conflict in element E1, name"),
        "{}",
        stderr(&out)
    );
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["clean"], false);
    assert_eq!(v["conflicts"][0]["ours"], "Fleet operator");
}

#[test]
fn new_ids_both_sides_used_are_renumbered_in_theirs_with_their_references() {
    let base = cv();
    let mut ours = cv();
    ours.diagrams[0].elements.push(Element::new(
        Id::from("P7"),
        ElementKind::Store,
        "Archive",
        (1300.0, 300.0),
    ));
    let mut theirs = cv();
    with_audit_service(&mut theirs);
    theirs.threats.push(new_threat("T90", "P7", Priority::Low));
    let merged = merge(&base, &ours, &theirs);
    assert!(
        merged.is_clean(),
        "{:?} {:?}",
        merged.conflicts,
        merged.problems
    );
    assert_eq!(merged.renumbered.len(), 1);
    let fresh = merged.renumbered[0].to.clone();
    assert_eq!(merged.renumbered[0].from.0, "P7");
    assert_ne!(fresh.0, "P7");
    let d = &merged.model.diagrams[0];
    let name = |id: &Id| {
        d.elements
            .iter()
            .find(|e| &e.id == id)
            .unwrap()
            .name
            .clone()
    };
    assert_eq!(name(&Id::from("P7")), "Archive");
    assert_eq!(name(&fresh), "Audit service");
    let f90 = d.flows.iter().find(|f| f.id.0 == "F90").unwrap();
    assert_eq!(f90.to, fresh);
    let t90 = merged
        .model
        .threats
        .iter()
        .find(|t| t.id.0 == "T90")
        .unwrap();
    assert_eq!(t90.target.as_ref(), Some(&fresh));
}

#[test]
fn a_real_git_merge_uses_the_driver() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    let (base, ours, theirs) = independent();
    git(repo, &["init", "-q", "-b", "main"]);
    std::fs::write(
        repo.join(".gitattributes"),
        "*.ron merge=strider diff=strider\n",
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_strider");
    git(
        repo,
        &[
            "config",
            "merge.strider.driver",
            &format!("{bin} merge %O %A %B -o %A"),
        ],
    );
    git(
        repo,
        &["config", "diff.strider.textconv", &format!("{bin} show")],
    );
    write(repo, "model.ron", &base);
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "base"]);
    git(repo, &["checkout", "-q", "-b", "theirs"]);
    write(repo, "model.ron", &theirs);
    git(repo, &["commit", "-q", "-am", "theirs"]);
    git(repo, &["checkout", "-q", "main"]);
    write(repo, "model.ron", &ours);
    git(repo, &["commit", "-q", "-am", "ours"]);
    // The readable diff through the textconv: one line changed, as a person reads it.
    let shown = Command::new("git")
        .args(["diff", "HEAD~1", "--", "model.ron"])
        .current_dir(repo)
        .output()
        .unwrap();
    let shown = stdout(&shown);
    assert!(
        shown.contains("+  actor E2 \"Web browser (PWA)\""),
        "{shown}"
    );
    git(repo, &["merge", "-q", "--no-edit", "theirs"]);
    let merged = strider::io::load(&repo.join("model.ron")).unwrap();
    assert_eq!(merged, merge(&base, &ours, &theirs).model);
    // Both change one name: git reports the conflict, the file keeps ours.
    git(repo, &["checkout", "-q", "-b", "other"]);
    let mut a = merged.clone();
    a.diagrams[0].elements[0].name = "Fleet administrator".into();
    write(repo, "model.ron", &a);
    git(repo, &["commit", "-q", "-am", "theirs renames"]);
    git(repo, &["checkout", "-q", "main"]);
    let mut b = merged.clone();
    b.diagrams[0].elements[0].name = "Fleet operator".into();
    write(repo, "model.ron", &b);
    git(repo, &["commit", "-q", "-am", "ours renames"]);
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@e",
            "merge",
            "--no-edit",
            "other",
        ])
        .current_dir(repo)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(said.contains("conflict in element E1, name"), "{said}");
    let kept = strider::io::load(&repo.join("model.ron")).unwrap();
    assert_eq!(kept.diagrams[0].elements[0].name, "Fleet operator");
}

/// A generated model changed a little: elements renamed and moved, one removed with its flows,
/// one added with a flow, a threat's status changed.
fn changed_a_little(base: &Model, seed: u64) -> Model {
    let mut m = base.clone();
    let d = &mut m.diagrams[0];
    let n = d.elements.len();
    let pick = |k: u64| (seed.wrapping_mul(31).wrapping_add(k * 17) as usize) % n.max(1);
    if n > 2 {
        let i = pick(1);
        d.elements[i].name = format!("Renamed {seed}");
        let j = pick(2);
        d.elements[j].pos.0 += 40.0;
        let gone = d.elements.remove(pick(3) % d.elements.len()).id;
        d.flows.retain(|f| f.from != gone && f.to != gone);
        m.threats.retain(|t| t.target.as_ref() != Some(&gone));
        for a in &mut m.assumptions {
            a.links.retain(|l| *l != gone);
        }
    }
    let d = &mut m.diagrams[0];
    let id = Id::from(format!("X{seed}").as_str());
    d.elements.push(Element::new(
        id.clone(),
        ElementKind::Process,
        "Added",
        (0.0, 0.0),
    ));
    if let Some(first) = d.elements.first().map(|e| e.id.clone()) {
        d.flows.push(Flow::new(
            Id::from(format!("XF{seed}").as_str()),
            first,
            id,
            "new",
        ));
    }
    if let Some(t) = m.threats.first_mut() {
        t.status = ThreatStatus::Resolved;
    }
    m
}

#[test]
fn merging_with_an_unchanged_side_gives_the_other_side() {
    proptest!(ProptestConfig { cases: 24, ..ProptestConfig::default() }, |(
        elements in 3usize..30,
        flows in 0usize..40,
        boundaries in 0usize..4,
        threats in 0usize..20,
        seed in 1u64..1_000,
        change in 1u64..1_000,
    )| {
        let base = strider::model::synthetic::generate(strider::model::synthetic::Spec {
            elements, flows, boundaries, threats, seed,
        });
        let x = changed_a_little(&base, change);
        let m = merge(&base, &x, &base);
        prop_assert!(m.conflicts.is_empty());
        prop_assert_eq!(&m.model, &x);
        let m = merge(&base, &base, &x);
        prop_assert!(m.conflicts.is_empty());
        prop_assert_eq!(&m.model, &x);
        prop_assert!(m.renumbered.is_empty());
    });
}

mod in_the_app {
    use super::*;
    use egui_kittest::kittest::Queryable;
    use strider::model::{Change as EditChange, Edit};
    use strider::ui::StriderApp;
    use strider::ui::dialogs::{DialogResult, ScriptedDialogs};
    use strider::ui::document::Document;
    use strider::ui::storage::Storage;

    fn click(h: &mut egui_kittest::Harness<'static, StriderApp>, label: &str) {
        h.get_by_label(label).click();
        h.run();
    }

    #[test]
    fn compare_with_a_file_marks_the_canvas_and_lists_changes_that_select() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.ron");
        strider::io::save(&cv(), &old).unwrap();
        let new = dir.path().join("new.ron");
        strider::io::save(&changed(), &new).unwrap();
        let doc = Document::new(strider::io::load(&new).unwrap(), Some(new));
        let dialogs = ScriptedDialogs {
            answers: vec![DialogResult::Chosen(old)],
            asked: 0,
        };
        let mut h = crate::ui::harness(StriderApp::new(doc, Storage::none(), Box::new(dialogs)));
        for item in ["File", "Compare with", "Another file..."] {
            click(&mut h, item);
        }
        let marks = h
            .state()
            .canvas
            .marks
            .clone()
            .expect("the canvas marks differences");
        assert!(marks.changed.contains(&Id::from("E2")));
        assert!(marks.added.contains(&Id::from("P7")));
        assert!(marks.added.contains(&Id::from("F90")));
        let ghosts: Vec<&str> = marks
            .removed_shapes
            .iter()
            .map(|(_, n)| n.as_str())
            .collect();
        assert!(
            ghosts.contains(&"Connected vehicle") && ghosts.contains(&"S3"),
            "{ghosts:?}"
        );
        // A change in the list selects what it names.
        click(&mut h, "~ element E2 Web browser (PWA)");
        assert_eq!(
            h.state().canvas.selection,
            std::collections::BTreeSet::from([Id::from("E2")])
        );
        // A removed one is shown where it was, with nothing selected.
        let was = cv().diagrams[0]
            .element(&Id::from("E3"))
            .unwrap()
            .rect()
            .center();
        let far = (was.0 + 5_000.0, was.1);
        h.state_mut().canvas.look_at(far, far);
        h.run();
        click(&mut h, "- element E3 Connected vehicle");
        assert!(h.state().canvas.selection.is_empty());
        let at = h.state().canvas.screen_pos(was);
        assert!(
            (150.0..1100.0).contains(&at.x) && (60.0..760.0).contains(&at.y),
            "the removed vehicle's place is in view: {at:?}"
        );
        // An edit is followed: the browser renamed back is no longer a difference.
        let (diagram, before) = {
            let d = &h.state().doc.model.diagrams[0];
            let i = d.elements.iter().position(|e| e.id.0 == "E2").unwrap();
            (d.id.clone(), (i, d.elements[i].clone()))
        };
        let mut after = before.1.clone();
        after.name = "Web browser".into();
        h.state_mut().doc.apply(Edit::Element(
            diagram,
            EditChange {
                index: before.0,
                before: Some(before.1),
                after: Some(after),
            },
        ));
        h.run();
        let marks = h.state().canvas.marks.clone().unwrap();
        assert!(!marks.changed.contains(&Id::from("E2")));
        click(&mut h, "End comparison");
        assert!(h.state().comparison.is_none());
        assert!(h.state().canvas.marks.is_none());
    }

    #[test]
    fn compare_with_the_last_commit_of_the_open_file() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path();
        git(repo, &["init", "-q"]);
        let path = repo.join("model.ron");
        strider::io::save(&cv(), &path).unwrap();
        git(repo, &["add", "model.ron"]);
        git(repo, &["commit", "-q", "-m", "first"]);
        let mut m = cv();
        m.diagrams[0].elements[0].name = "Fleet operator".into();
        let doc = Document::new(m, Some(path));
        let mut h = crate::ui::harness(StriderApp::new(
            doc,
            Storage::none(),
            Box::new(ScriptedDialogs::default()),
        ));
        for item in ["File", "Compare with", "Last commit (git HEAD)"] {
            click(&mut h, item);
        }
        let c = h.state().comparison.as_ref().expect("compared");
        assert!(c.label.contains("HEAD"));
        assert_eq!(c.diff.items.len(), 1);
        assert!(
            h.state()
                .canvas
                .marks
                .as_ref()
                .unwrap()
                .changed
                .contains(&Id::from("E1"))
        );
    }
}
