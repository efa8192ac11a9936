//! Structural problems of a model, all reported at once, as values: a model with problems still
//! loads and can be repaired in the app.

use super::{Id, Model};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// One structural problem: a stable code for scripts, the id it concerns, and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub code: &'static str,
    pub subject: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} [{}]", self.subject, self.message, self.code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Diagram,
    Element,
    Boundary,
    Flow,
    Assumption,
    Threat,
    Mitigation,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Diagram => "diagram",
            Kind::Element => "element",
            Kind::Boundary => "trust boundary",
            Kind::Flow => "data flow",
            Kind::Assumption => "assumption",
            Kind::Threat => "threat",
            Kind::Mitigation => "mitigation",
        }
    }
}

struct Report {
    problems: Vec<Problem>,
}

impl Report {
    fn add(&mut self, code: &'static str, subject: &Id, message: String) {
        self.problems.push(Problem {
            code,
            subject: subject.0.clone(),
            message,
        });
    }
}

/// Every structural problem of the model, in file order.
pub fn validate(model: &Model) -> Vec<Problem> {
    let mut report = Report {
        problems: Vec::new(),
    };
    let ids = index_ids(model, &mut report);
    check_diagrams(model, &ids, &mut report);
    check_threats(model, &ids, &mut report);
    check_links(model, &ids, &mut report);
    if let Err(message) = model.info.risk.check() {
        report.problems.push(Problem {
            code: "risk-bands",
            subject: "risk".to_owned(),
            message,
        });
    }
    report.problems
}

/// Indexes every id by kind and reports malformed and duplicate ids.
fn index_ids<'m>(model: &'m Model, report: &mut Report) -> HashMap<&'m Id, Kind> {
    let mut all: Vec<(&Id, Kind)> = Vec::new();
    for d in &model.diagrams {
        all.push((&d.id, Kind::Diagram));
        all.extend(d.elements.iter().map(|e| (&e.id, Kind::Element)));
        all.extend(d.boundaries.iter().map(|b| (&b.id, Kind::Boundary)));
        all.extend(d.flows.iter().map(|f| (&f.id, Kind::Flow)));
    }
    all.extend(model.assumptions.iter().map(|a| (&a.id, Kind::Assumption)));
    all.extend(model.threats.iter().map(|t| (&t.id, Kind::Threat)));
    all.extend(model.mitigations.iter().map(|m| (&m.id, Kind::Mitigation)));

    let mut index = HashMap::with_capacity(all.len());
    let mut reported = HashSet::new();
    for (id, kind) in all {
        if !id.is_well_formed() {
            report.add(
                "bad-id",
                id,
                format!(
                    "the {} id {:?} is not a valid id (use 1 to 64 letters, digits, '-', '_' or '.')",
                    kind.noun(),
                    id.0
                ),
            );
        }
        if let Some(first) = index.insert(id, kind)
            && reported.insert(id)
        {
            report.add(
                "duplicate-id",
                id,
                format!(
                    "the id is used more than once (by a {} and a {}); every id must be unique",
                    first.noun(),
                    kind.noun()
                ),
            );
        }
    }
    index
}

fn check_diagrams(model: &Model, ids: &HashMap<&Id, Kind>, report: &mut Report) {
    for d in &model.diagrams {
        let here: HashSet<&Id> = d.elements.iter().map(|e| &e.id).collect();
        let shapes = d
            .elements
            .iter()
            .map(|e| (&e.id, e.pos, e.size))
            .chain(d.boundaries.iter().map(|b| (&b.id, b.pos, b.size)));
        for (id, pos, size) in shapes {
            if ![pos.0, pos.1, size.0, size.1].iter().all(|v| v.is_finite()) {
                report.add(
                    "bad-geometry",
                    id,
                    "position or size is not a finite number".into(),
                );
            } else if size.0 <= 0.0 || size.1 <= 0.0 {
                report.add(
                    "bad-geometry",
                    id,
                    format!("size {} x {} must be positive", size.0, size.1),
                );
            }
        }
        for f in &d.flows {
            for (end, which) in [(&f.from, "starts"), (&f.to, "ends")] {
                if here.contains(end) {
                    continue;
                }
                let message = match ids.get(end) {
                    Some(Kind::Element) => format!(
                        "{which} at {end}, which is on another diagram; a flow must connect elements of its own diagram"
                    ),
                    Some(kind) => format!(
                        "{which} at {end}, which is a {}, not an element",
                        kind.noun()
                    ),
                    None => format!("{which} at {end}, which does not exist"),
                };
                report.add("dangling-flow", &f.id, message);
            }
            if f.from == f.to {
                report.add(
                    "self-flow",
                    &f.id,
                    format!("starts and ends at the same element {}", f.from),
                );
            }
            if f.waypoints
                .iter()
                .any(|p| !p.0.is_finite() || !p.1.is_finite())
            {
                report.add(
                    "bad-geometry",
                    &f.id,
                    "a bend point is not a finite number".into(),
                );
            }
        }
    }
}

fn check_threats(model: &Model, ids: &HashMap<&Id, Kind>, report: &mut Report) {
    for t in &model.threats {
        if let Some(target) = &t.target {
            match ids.get(target) {
                Some(Kind::Element | Kind::Flow | Kind::Boundary) => {}
                Some(kind) => report.add(
                    "bad-target",
                    &t.id,
                    format!(
                        "targets {target}, which is a {}; a threat targets an element, flow or boundary",
                        kind.noun()
                    ),
                ),
                None => report.add(
                    "missing-target",
                    &t.id,
                    format!("targets {target}, which does not exist"),
                ),
            }
        }
        let mut seen = HashSet::new();
        for m in &t.mitigations {
            if ids.get(m) != Some(&Kind::Mitigation) {
                report.add(
                    "missing-mitigation",
                    &t.id,
                    format!("links mitigation {m}, which does not exist"),
                );
            } else if !seen.insert(m) {
                report.add(
                    "duplicate-link",
                    &t.id,
                    format!("links mitigation {m} more than once"),
                );
            }
        }
        let mut stride = HashSet::new();
        if let Some(dup) = t.stride.iter().find(|s| !stride.insert(**s)) {
            report.add(
                "duplicate-link",
                &t.id,
                format!("lists STRIDE category {} more than once", dup.label()),
            );
        }
    }
}

fn check_links(model: &Model, ids: &HashMap<&Id, Kind>, report: &mut Report) {
    for a in &model.assumptions {
        let mut seen = HashSet::new();
        for link in &a.links {
            match ids.get(link) {
                Some(Kind::Threat | Kind::Mitigation) => {
                    if !seen.insert(link) {
                        report.add(
                            "duplicate-link",
                            &a.id,
                            format!("links {link} more than once"),
                        );
                    }
                }
                Some(kind) => report.add(
                    "bad-link",
                    &a.id,
                    format!(
                        "links {link}, which is a {}; assumptions link threats and mitigations",
                        kind.noun()
                    ),
                ),
                None => report.add(
                    "missing-link",
                    &a.id,
                    format!("links {link}, which does not exist"),
                ),
            }
        }
    }
    let mut pairs = HashSet::new();
    for na in &model.not_applicable {
        if !matches!(ids.get(&na.target), Some(Kind::Element | Kind::Flow)) {
            report.add(
                "missing-target",
                &na.target,
                format!(
                    "is marked not applicable for {}, but no element or flow has this id",
                    na.category.label()
                ),
            );
        } else if !pairs.insert((&na.target, na.category)) {
            report.add(
                "duplicate-link",
                &na.target,
                format!(
                    "is marked not applicable for {} more than once",
                    na.category.label()
                ),
            );
        }
    }
    for d in &model.dismissed {
        if !matches!(ids.get(&d.target), Some(Kind::Element | Kind::Flow)) {
            report.add(
                "missing-target",
                &d.target,
                format!(
                    "has a dismissed suggestion of rule {}, but no element or flow has this id",
                    d.rule
                ),
            );
        }
    }
}
