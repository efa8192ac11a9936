//! "What can go wrong?": STRIDE per element, rule suggestions, and coverage.
//!
//! Which STRIDE categories apply follows the classic per-element chart: external actors S, R;
//! processes all six; data stores T, I, D (and R when they hold logs); data flows T, I, D.
//! Suggestions come from a threat library's rules, matched against what the diagram says, and
//! are identified by (rule, target): once accepted or dismissed they never come back as new.

pub mod grammar;
pub mod insights;
pub mod library;
pub mod rules;

pub use insights::Insights;
pub use library::{Library, LibraryError};
pub use rules::{Condition, TargetKind};

use crate::model::geometry::Membership;
use crate::model::{
    Change, Diagram, Dismissal, Edit, Element, ElementKind, Id, Mitigation, MitigationStatus,
    Model, NotApplicable, Origin, Priority, Stride, Threat,
};
use grammar::Bindings;
use rules::{Inbound, Subject};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The STRIDE categories that apply to a kind of target.
pub fn applicable(kind: TargetKind, holds_logs: bool) -> &'static [Stride] {
    use Stride::*;
    match kind {
        TargetKind::Actor => &[Spoofing, Repudiation],
        TargetKind::Process => &Stride::ALL,
        TargetKind::Store if holds_logs => &[
            Tampering,
            Repudiation,
            InformationDisclosure,
            DenialOfService,
        ],
        TargetKind::Store => &[Tampering, InformationDisclosure, DenialOfService],
        TargetKind::Flow => &[Tampering, InformationDisclosure, DenialOfService],
    }
}

/// A threat a rule suggests for one target, its statement filled in from the model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub rule: String,
    pub target: Id,
    pub target_name: String,
    pub category: Stride,
    pub title: String,
    pub source: String,
    pub prerequisites: String,
    pub action: String,
    pub impact: String,
    pub goals: Vec<String>,
    pub assets: Vec<String>,
    pub priority: Priority,
    /// Catalogue ids of the suggested mitigations.
    pub mitigations: Vec<String>,
    pub statement: String,
}

impl Suggestion {
    /// The threat this suggestion becomes when accepted (without id and mitigation links).
    pub fn to_threat(&self, id: Id) -> Threat {
        let mut t = Threat::new(id);
        t.target = Some(self.target.clone());
        t.stride = vec![self.category];
        t.title = self.title.clone();
        t.source = self.source.clone();
        t.prerequisites = self.prerequisites.clone();
        t.action = self.action.clone();
        t.impact = self.impact.clone();
        t.impacted_goals = self.goals.clone();
        t.impacted_assets = self.assets.clone();
        t.priority = Some(self.priority);
        t.origin = Origin::Rule(self.rule.clone());
        t
    }
}

/// Where a (target, category) pair stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum CoverageState {
    NotReviewed,
    /// How many threats of this category are recorded against the target.
    Threats(usize),
    NotApplicable(String),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    pub target: Id,
    pub target_name: String,
    pub kind: TargetKind,
    pub category: Stride,
    pub state: CoverageState,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Analysis {
    pub suggestions: Vec<Suggestion>,
    pub coverage: Vec<Coverage>,
}

impl Analysis {
    pub fn suggestions_for<'a>(&'a self, target: &'a Id) -> impl Iterator<Item = &'a Suggestion> {
        self.suggestions.iter().filter(move |s| &s.target == target)
    }

    pub fn coverage_of<'a>(&'a self, target: &'a Id) -> impl Iterator<Item = &'a Coverage> {
        self.coverage.iter().filter(move |c| &c.target == target)
    }
}

/// Analyses the whole model: new suggestions, and the coverage of every in-scope target.
pub fn analyse(model: &Model, lib: &Library) -> Analysis {
    let taken: HashSet<(&str, &Id)> = model
        .threats
        .iter()
        .filter_map(|t| match (&t.origin, &t.target) {
            (Origin::Rule(r), Some(target)) => Some((r.as_str(), target)),
            _ => None,
        })
        .chain(model.dismissed.iter().map(|d| (d.rule.as_str(), &d.target)))
        .collect();
    let mut recorded: HashMap<(&Id, Stride), usize> = HashMap::new();
    for t in &model.threats {
        if let Some(target) = &t.target {
            for s in &t.stride {
                *recorded.entry((target, *s)).or_default() += 1;
            }
        }
    }
    let not_applicable: HashMap<(&Id, Stride), &str> = model
        .not_applicable
        .iter()
        .map(|n| ((&n.target, n.category), n.reason.as_str()))
        .collect();
    let mut analysis = Analysis::default();
    for d in &model.diagrams {
        analyse_diagram(d, lib, &taken, &mut analysis.suggestions);
        for (id, name, kind, logs) in targets(d) {
            for &category in applicable(kind, logs) {
                let state = match not_applicable.get(&(id, category)) {
                    Some(reason) => CoverageState::NotApplicable((*reason).to_owned()),
                    None => match recorded.get(&(id, category)) {
                        Some(&n) => CoverageState::Threats(n),
                        None => CoverageState::NotReviewed,
                    },
                };
                analysis.coverage.push(Coverage {
                    target: id.clone(),
                    target_name: name.to_owned(),
                    kind,
                    category,
                    state,
                });
            }
        }
    }
    analysis
}

/// The in-scope targets of a diagram: (id, name, kind, holds logs).
fn targets(d: &Diagram) -> impl Iterator<Item = (&Id, &str, TargetKind, bool)> {
    d.elements
        .iter()
        .filter(|e| !e.out_of_scope)
        .map(|e| {
            (
                &e.id,
                e.name.as_str(),
                TargetKind::from(e.kind),
                e.props.holds_logs,
            )
        })
        .chain(
            d.flows
                .iter()
                .filter(|f| !f.out_of_scope)
                .map(|f| (&f.id, f.label.as_str(), TargetKind::Flow, false)),
        )
}

fn analyse_diagram(
    d: &Diagram,
    lib: &Library,
    taken: &HashSet<(&str, &Id)>,
    out: &mut Vec<Suggestion>,
) {
    let membership = Membership::compute(d);
    let by_id: HashMap<&Id, &Element> = d.elements.iter().map(|e| (&e.id, e)).collect();
    let mut inbound: HashMap<&Id, Inbound> = HashMap::new();
    for f in &d.flows {
        let entry = inbound.entry(&f.to).or_default();
        entry.across_boundary |= membership.crosses_any(f);
        entry.unauthenticated |= !f.authenticated;
        entry.public_network |= f.public_network;
        entry.from_actor |= by_id
            .get(&f.from)
            .is_some_and(|e| e.kind == ElementKind::Actor);
    }
    for e in d.elements.iter().filter(|e| !e.out_of_scope) {
        let subject = Subject::element(e, inbound.get(&e.id).copied().unwrap_or_default());
        let mut b = Bindings::default();
        b.set("element", e.name.clone());
        b.set("source", e.name.clone());
        b.set("target", e.name.clone());
        b.set("flow", format!("data sent to {}", e.name));
        b.set("data", "the data it handles");
        b.set(
            "technology",
            if e.technology.is_empty() {
                e.kind.label().to_lowercase()
            } else {
                e.technology.clone()
            },
        );
        b.set(
            "boundary",
            membership
                .zone_of(d, &e.id)
                .map_or("surrounding trust".to_owned(), |z| z.name.clone()),
        );
        suggest(lib, &subject, &e.id, &e.name, &b, taken, out);
    }
    for f in d.flows.iter().filter(|f| !f.out_of_scope) {
        let (source, target) = (by_id.get(&f.from).copied(), by_id.get(&f.to).copied());
        let (Some(src), Some(dst)) = (source, target) else {
            continue;
        };
        let subject = Subject::flow(f, source, target, &membership);
        let data = if f.label.trim().is_empty() {
            "data".to_owned()
        } else {
            f.label.clone()
        };
        let mut b = Bindings::default();
        b.set(
            "element",
            format!("the flow of {data} from {} to {}", src.name, dst.name),
        );
        b.set("flow", data.clone());
        b.set("data", data);
        b.set("source", src.name.clone());
        b.set("target", dst.name.clone());
        b.set("technology", dst.technology.clone());
        b.set(
            "boundary",
            membership
                .crossings(d, f)
                .first()
                .map_or("surrounding trust".to_owned(), |b| b.name.clone()),
        );
        suggest(lib, &subject, &f.id, &f.label, &b, taken, out);
    }
}

fn suggest(
    lib: &Library,
    subject: &Subject,
    id: &Id,
    name: &str,
    b: &Bindings,
    taken: &HashSet<(&str, &Id)>,
    out: &mut Vec<Suggestion>,
) {
    for rule in &lib.rules {
        if taken.contains(&(rule.id.as_str(), id)) || !rule.when.holds(subject) {
            continue;
        }
        let mut s = Suggestion {
            rule: rule.id.clone(),
            target: id.clone(),
            target_name: name.to_owned(),
            category: rule.category,
            title: b.fill(&rule.title),
            source: b.fill(&rule.source),
            prerequisites: b.fill(&rule.prerequisites),
            action: b.fill(&rule.action),
            impact: b.fill(&rule.impact),
            goals: rule.goals.iter().map(|g| b.fill(g)).collect(),
            assets: rule.assets.iter().map(|a| b.fill(a)).collect(),
            priority: rule.priority,
            mitigations: rule.mitigations.clone(),
            statement: String::new(),
        };
        s.statement = s.to_threat(Id::default()).statement();
        out.push(s);
    }
}

/// The edit that accepts a suggestion: the threat, linked to the suggested mitigations (those
/// already in the model by title are reused, the others added from the catalogue).
pub fn accept(model: &Model, lib: &Library, s: &Suggestion) -> (Edit, Id) {
    let mut edits = Vec::new();
    let mut taken: Vec<Id> = model.all_ids().cloned().collect();
    let mut links = Vec::new();
    let mut added = 0;
    for cid in &s.mitigations {
        let Some(entry) = lib.mitigation(cid) else {
            continue;
        };
        if let Some(existing) = model.mitigations.iter().find(|m| m.title == entry.title) {
            links.push(existing.id.clone());
            continue;
        }
        let id = crate::model::next_id("M", 1, taken.iter());
        taken.push(id.clone());
        edits.push(Edit::Mitigation(Change {
            index: model.mitigations.len() + added,
            before: None,
            after: Some(Mitigation {
                id: id.clone(),
                title: entry.title.clone(),
                description: entry.description.clone(),
                status: MitigationStatus::Identified,
                reference: entry.reference.clone(),
            }),
        }));
        added += 1;
        links.push(id);
    }
    let id = crate::model::next_id("T", 2, taken.iter());
    let mut threat = s.to_threat(id.clone());
    threat.mitigations = links;
    edits.push(Edit::Threat(Change {
        index: model.threats.len(),
        before: None,
        after: Some(threat),
    }));
    (Edit::Batch(edits), id)
}

/// Accepts several suggestions as one undoable step.
pub fn accept_all(model: &Model, lib: &Library, suggestions: &[Suggestion]) -> Edit {
    let mut scratch = model.clone();
    let mut edits = Vec::new();
    for s in suggestions {
        let (edit, _) = accept(&scratch, lib, s);
        edit.apply(&mut scratch);
        edits.push(edit);
    }
    Edit::Batch(edits)
}

/// The edit that dismisses a suggestion for good.
pub fn dismiss(model: &Model, s: &Suggestion) -> Edit {
    Edit::Dismissal(Change {
        index: model.dismissed.len(),
        before: None,
        after: Some(Dismissal {
            rule: s.rule.clone(),
            target: s.target.clone(),
        }),
    })
}

/// The edit that marks a (target, category) pair as not applicable, with the reason.
pub fn mark_not_applicable(model: &Model, target: &Id, category: Stride, reason: &str) -> Edit {
    Edit::NotApplicable(Change {
        index: model.not_applicable.len(),
        before: None,
        after: Some(NotApplicable {
            target: target.clone(),
            category,
            reason: reason.to_owned(),
        }),
    })
}
