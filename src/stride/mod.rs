//! "What can go wrong?": STRIDE per element, rule suggestions, and coverage.
//!
//! Which STRIDE categories apply follows the classic per-element chart: external actors S, R;
//! processes all six; data stores T, I, D (and R when they hold logs); data flows T, I, D.
//! Suggestions come from a threat library's rules, matched against what the diagram says, and
//! are identified by (rule, target): once accepted or dismissed they never come back as new.

pub mod covered;
pub mod grammar;
pub mod insights;
pub mod library;
pub mod rules;

pub use covered::{Written, likely_covered_by};
pub use insights::Insights;
pub use library::{Library, LibraryError};
pub use rules::{Condition, TargetKind};

use crate::model::geometry::Membership;
use crate::model::{
    Change, Diagram, Dismissal, Edit, ElementKind, Id, Mitigation, Model, NotApplicable, Origin,
    Priority, Stride, Threat,
};
use grammar::Bindings;
use rules::{Facts, Inbound, Rule, Subject};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

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

/// A threat a rule suggests for one target. The statement is filled in from the model when it
/// is read, so that analysing a large model does not write out tens of thousands of sentences
/// nobody looks at.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub rule: Arc<Rule>,
    pub target: Id,
    bindings: Arc<Bindings>,
}

impl Suggestion {
    pub fn rule_id(&self) -> &str {
        &self.rule.id
    }

    pub fn category(&self) -> Stride {
        self.rule.category
    }

    pub fn priority(&self) -> Priority {
        self.rule.priority
    }

    /// The name of the element or flow it is about.
    pub fn target_name(&self) -> &str {
        &self.bindings.name
    }

    /// Catalogue ids of the suggested mitigations.
    pub fn mitigations(&self) -> &[String] {
        &self.rule.mitigations
    }

    pub fn title(&self) -> String {
        self.bindings.fill(&self.rule.title)
    }

    pub fn statement(&self) -> String {
        self.to_threat(Id::default()).statement()
    }

    /// The threat this suggestion becomes when accepted (without mitigation links).
    pub fn to_threat(&self, id: Id) -> Threat {
        let b = &self.bindings;
        let r = &self.rule;
        let mut t = Threat::new(id);
        t.target = Some(self.target.clone());
        t.stride = vec![r.category];
        t.title = b.fill(&r.title);
        t.source = b.fill(&r.source);
        t.prerequisites = b.fill(&r.prerequisites);
        t.action = b.fill(&r.action);
        t.impact = b.fill(&r.impact);
        t.impacted_goals = r.goals.iter().map(|g| b.fill(g)).collect();
        t.impacted_assets = r.assets.iter().map(|a| b.fill(a)).collect();
        t.priority = Some(r.priority);
        t.origin = Origin::Rule(r.id.clone());
        t.standards = r.standards.clone();
        t
    }
}

/// Suggestions are written out in full: rule, target, the filled grammar and the statement.
impl Serialize for Suggestion {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let t = self.to_threat(Id::default());
        let mut s = serializer.serialize_struct("Suggestion", 14)?;
        s.serialize_field("rule", &self.rule.id)?;
        s.serialize_field("target", &self.target)?;
        s.serialize_field("target_name", self.target_name())?;
        s.serialize_field("category", &self.rule.category)?;
        s.serialize_field("title", &t.title)?;
        s.serialize_field("source", &t.source)?;
        s.serialize_field("prerequisites", &t.prerequisites)?;
        s.serialize_field("action", &t.action)?;
        s.serialize_field("impact", &t.impact)?;
        s.serialize_field("goals", &t.impacted_goals)?;
        s.serialize_field("assets", &t.impacted_assets)?;
        s.serialize_field("priority", &self.rule.priority)?;
        s.serialize_field("mitigations", &self.rule.mitigations)?;
        s.serialize_field("statement", &t.statement())?;
        s.end()
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
    /// Shared by the pairs of one target.
    pub target: Arc<Id>,
    pub target_name: Arc<str>,
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
        self.coverage.iter().filter(move |c| &*c.target == target)
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
    let reviews = reviews_of(model);
    let mut analysis = Analysis::default();
    for d in &model.diagrams {
        let part = analyse_diagram(d, lib, &taken, &reviews);
        analysis.suggestions.extend(part.suggestions);
        analysis.coverage.extend(part.coverage);
    }
    analysis
}

/// Per target, one look-up: how many threats per category, and which pairs were judged not
/// applicable.
fn reviews_of(model: &Model) -> HashMap<&Id, Review<'_>> {
    let mut reviews: HashMap<&Id, Review> = HashMap::new();
    for t in &model.threats {
        if let Some(target) = &t.target {
            let r = reviews.entry(target).or_default();
            for s in &t.stride {
                r.threats[*s as usize] += 1;
            }
        }
    }
    for n in &model.not_applicable {
        reviews.entry(&n.target).or_default().not_applicable[n.category as usize] =
            Some(n.reason.as_str());
    }
    reviews
}

/// The STRIDE coverage of every in-scope element and flow, as [`analyse`] reports it, without
/// looking for suggestions (which is most of an analysis).
pub fn coverage(model: &Model) -> Vec<Coverage> {
    let reviews = reviews_of(model);
    let mut out = Vec::new();
    for d in &model.diagrams {
        for e in d.elements.iter().filter(|e| !e.out_of_scope) {
            let kind = TargetKind::from(e.kind);
            cover(&e.id, &e.name, kind, e.props.holds_logs, &reviews, &mut out);
        }
        for f in d.flows.iter().filter(|f| !f.out_of_scope) {
            cover(&f.id, &f.label, TargetKind::Flow, false, &reviews, &mut out);
        }
    }
    out
}

/// What the team recorded about one target, by STRIDE category (in `Stride::ALL` order).
#[derive(Default)]
struct Review<'m> {
    threats: [usize; 6],
    not_applicable: [Option<&'m str>; 6],
}

/// The coverage pairs of one in-scope target.
fn cover(
    id: &Id,
    name: &str,
    kind: TargetKind,
    logs: bool,
    reviews: &HashMap<&Id, Review>,
    out: &mut Vec<Coverage>,
) {
    let (target, target_name): (Arc<Id>, Arc<str>) = (Arc::new(id.clone()), name.into());
    let review = reviews.get(id);
    for &category in applicable(kind, logs) {
        let c = category as usize;
        let state = match review {
            Some(Review { not_applicable, .. }) if not_applicable[c].is_some() => {
                CoverageState::NotApplicable(not_applicable[c].unwrap_or("").to_owned())
            }
            Some(r) if r.threats[c] > 0 => CoverageState::Threats(r.threats[c]),
            _ => CoverageState::NotReviewed,
        };
        out.push(Coverage {
            target: target.clone(),
            target_name: target_name.clone(),
            kind,
            category,
            state,
        });
    }
}

/// Suggestions and coverage of part of a diagram.
#[derive(Default)]
struct Part {
    suggestions: Vec<Suggestion>,
    coverage: Vec<Coverage>,
}

impl Part {
    fn append(&mut self, other: Part) {
        self.suggestions.extend(other.suggestions);
        self.coverage.extend(other.coverage);
    }
}

/// Above this many targets a diagram is analysed on two threads.
const PARALLEL_FROM: usize = 4_000;

fn analyse_diagram(
    d: &Diagram,
    lib: &Library,
    taken: &HashSet<(&str, &Id)>,
    reviews: &HashMap<&Id, Review>,
) -> Part {
    let membership = Membership::compute(d);
    let index: HashMap<&Id, usize> = d
        .elements
        .iter()
        .enumerate()
        .map(|(i, e)| (&e.id, i))
        .collect();
    let ends: Vec<Option<(usize, usize)>> = d
        .flows
        .iter()
        .map(|f| Some((*index.get(&f.from)?, *index.get(&f.to)?)))
        .collect();
    let zones: Vec<&[usize]> = d
        .elements
        .iter()
        .map(|e| membership.holders(&e.id))
        .collect();
    let mut inbound = vec![Inbound::default(); d.elements.len()];
    for (f, end) in d.flows.iter().zip(&ends) {
        let Some((s, t)) = *end else { continue };
        let i = &mut inbound[t];
        i.across_boundary |= zones[s] != zones[t];
        i.unauthenticated |= !f.authenticated;
        i.public_network |= f.public_network;
        i.from_actor |= d.elements[s].kind == ElementKind::Actor;
    }
    let facts: Vec<Facts> = d
        .elements
        .iter()
        .zip(inbound)
        .zip(&zones)
        .map(|((e, inbound), zones)| Facts::new(e, inbound, zones))
        .collect();
    let elements = |range: std::ops::Range<usize>| {
        let mut part = Part {
            suggestions: Vec::with_capacity(range.len() * 4),
            coverage: Vec::with_capacity(range.len() * 4),
        };
        for f in facts[range].iter().filter(|f| !f.element.out_of_scope) {
            element_suggestions(d, &membership, lib, f, taken, &mut part.suggestions);
            let e = f.element;
            let kind = TargetKind::from(e.kind);
            cover(
                &e.id,
                &e.name,
                kind,
                e.props.holds_logs,
                reviews,
                &mut part.coverage,
            );
        }
        part
    };
    let flows = |range: std::ops::Range<usize>| {
        let mut part = Part {
            suggestions: Vec::with_capacity(range.len() * 3),
            coverage: Vec::with_capacity(range.len() * 3),
        };
        for (f, end) in d.flows[range.clone()].iter().zip(&ends[range]) {
            if f.out_of_scope {
                continue;
            }
            if let Some((s, t)) = *end {
                let (source, target) = (&facts[s], &facts[t]);
                flow_suggestions(
                    d,
                    &membership,
                    lib,
                    f,
                    source,
                    target,
                    taken,
                    &mut part.suggestions,
                );
            }
            cover(
                &f.id,
                &f.label,
                TargetKind::Flow,
                false,
                reviews,
                &mut part.coverage,
            );
        }
        part
    };
    let (n, m) = (d.elements.len(), d.flows.len());
    if n + m < PARALLEL_FROM {
        let mut part = elements(0..n);
        part.append(flows(0..m));
        return part;
    }
    // Two halves on two threads, joined in order so the result does not depend on timing.
    let ((e1, f1), (e2, f2)) = std::thread::scope(|scope| {
        let first = scope.spawn(|| (elements(0..n / 2), flows(0..m / 2)));
        let second = (elements(n / 2..n), flows(m / 2..m));
        (first.join().expect("analysis thread"), second)
    });
    let mut part = e1;
    part.append(e2);
    part.append(f1);
    part.append(f2);
    part
}

fn element_suggestions(
    d: &Diagram,
    membership: &Membership,
    lib: &Library,
    f: &Facts,
    taken: &HashSet<(&str, &Id)>,
    out: &mut Vec<Suggestion>,
) {
    let e = f.element;
    let bindings = || Bindings {
        name: f.name.clone(),
        element: f.name.clone(),
        source: f.name.clone(),
        target: f.name.clone(),
        flow: format!("data sent to {}", e.name).into(),
        data: "the data it handles".into(),
        technology: if e.technology.is_empty() {
            e.kind.label().to_lowercase().into()
        } else {
            e.technology.as_str().into()
        },
        boundary: membership
            .zone_of(d, &e.id)
            .map_or("surrounding trust".into(), |z| z.name.as_str().into()),
    };
    suggest(lib, &Subject::element(f), &e.id, bindings, taken, out);
}

#[allow(clippy::too_many_arguments)]
fn flow_suggestions(
    d: &Diagram,
    membership: &Membership,
    lib: &Library,
    f: &crate::model::Flow,
    source: &Facts,
    target: &Facts,
    taken: &HashSet<(&str, &Id)>,
    out: &mut Vec<Suggestion>,
) {
    let (src, dst) = (source.element, target.element);
    let bindings = || {
        let label: Arc<str> = f.label.as_str().into();
        let data = if f.label.trim().is_empty() {
            "data".into()
        } else {
            label.clone()
        };
        Bindings {
            name: label,
            element: format!("the flow of {data} from {} to {}", src.name, dst.name).into(),
            flow: data.clone(),
            data,
            source: source.name.clone(),
            target: target.name.clone(),
            technology: dst.technology.as_str().into(),
            boundary: membership
                .first_crossing(d, f)
                .map_or("surrounding trust".into(), |b| b.name.as_str().into()),
        }
    };
    suggest(
        lib,
        &Subject::flow(f, source, target),
        &f.id,
        bindings,
        taken,
        out,
    );
}

/// Adds the suggestions of every rule that fires for one target; the placeholder values are
/// only worked out when a rule fires, once, and shared.
fn suggest(
    lib: &Library,
    subject: &Subject,
    id: &Id,
    bindings: impl FnOnce() -> Bindings,
    taken: &HashSet<(&str, &Id)>,
    out: &mut Vec<Suggestion>,
) {
    let mut bindings = Some(bindings);
    let mut shared: Option<Arc<Bindings>> = None;
    for rule in &lib.rules {
        if !rule.can_apply_to(subject.kind)
            || !rule.when.holds(subject)
            || (!taken.is_empty() && taken.contains(&(rule.id.as_str(), id)))
        {
            continue;
        }
        let b = shared
            .get_or_insert_with(|| Arc::new((bindings.take().expect("called once"))()))
            .clone();
        out.push(Suggestion {
            rule: rule.clone(),
            target: id.clone(),
            bindings: b,
        });
    }
}

/// The edit that accepts a suggestion: the threat, linked to the suggested mitigations (those
/// already in the model by title are reused, the others added from the catalogue).
pub fn accept(model: &Model, lib: &Library, s: &Suggestion) -> (Edit, Id) {
    let mut edits = Vec::new();
    let mut taken: Vec<Id> = model.all_ids().cloned().collect();
    let mut links = Vec::new();
    let mut added = 0;
    for cid in s.mitigations() {
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
                description: entry.description.clone(),
                reference: entry.reference.clone(),
                standards: entry.standards.clone(),
                ..Mitigation::new(id.clone(), entry.title.clone())
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
            rule: s.rule.id.clone(),
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
