//! The threat model as plain data, and everything that is true of it.
//!
//! Nothing here knows about screens or file formats beyond deriving serde: the canvas, the STRIDE
//! analysis, the workbook and the importers are all functions of a [`Model`].

mod boundary;
mod describe;
mod diagram;
mod edit;
mod element;
pub mod geometry;
mod id;
pub mod ops;
pub mod repair;
pub mod risk;
pub mod standards;
mod stats;
pub mod synthetic;
mod threat;
mod touched;
pub mod validate;

pub use boundary::Boundary;
pub use describe::as_done;
pub use diagram::Diagram;
pub use edit::{Change, Edit, History};
pub use element::{Element, ElementKind, ElementProps, Privilege};
pub use flow::Flow;
pub use id::{Id, next_id};
pub use risk::{
    Band, Effectiveness, Impact, Likelihood, Matrix, Rating, Risk, RiskSettings, Stage,
};
pub use standards::Standards;
pub use stats::Stats;
pub use threat::{
    Origin, Priority, RiskResponse, Stride, Threat, ThreatStatus, join_list, statement_of,
};
pub use touched::Touched;
pub use validate::{Problem, validate};

mod flow;

use serde::{Deserialize, Serialize};

/// A whole threat model: what is being built, what can go wrong, what we do about it, and how
/// well we did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub info: ModelInfo,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team: Vec<TeamMember>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagrams: Vec<Diagram>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<Assumption>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub threats: Vec<Threat>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mitigations: Vec<Mitigation>,
    /// STRIDE categories the team judged not to apply to a target, with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_applicable: Vec<NotApplicable>,
    /// Rule suggestions the team dismissed, so analysis never offers them again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed: Vec<Dismissal>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retrospective: Vec<RetroItem>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelInfo {
    pub title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reviewers: Vec<String>,
    /// As written by the user, e.g. "2026-11-22".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub date: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub user_story: String,
    /// How the system is built, in prose (Threat Composer's "Architecture" section).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub architecture: String,
    /// What is in and out of scope, and why.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub scope: String,
    /// Where the risk bands start, and whether priority follows them.
    #[serde(skip_serializing_if = "RiskSettings::is_default")]
    pub risk: RiskSettings,
}

/// The questions of the workshop's "Did we do a good enough job?" table (Table F), offered for
/// the retrospective; a team adds its own beside them.
pub const RETRO_QUESTIONS: [&str; 8] = [
    "Does the diagram match what will be built?",
    "Did every element and flow get the STRIDE categories its kind calls for?",
    "Which threats still have no response or no mitigation?",
    "Which assumptions turned out to be wrong?",
    "Did we find something we would otherwise have missed?",
    "Did we have the right people in the room?",
    "Was the time well spent; what would we change next time?",
    "What change to the system should make us revisit this model?",
];

/// The workshop's five threat-modeling personas ("Assemble the right team").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Persona {
    Business,
    Developer,
    Adversary,
    Defender,
    AppSecSme,
}

impl Persona {
    pub const ALL: [Persona; 5] = [
        Persona::Business,
        Persona::Developer,
        Persona::Adversary,
        Persona::Defender,
        Persona::AppSecSme,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Persona::Business => "Business",
            Persona::Developer => "Developer",
            Persona::Adversary => "Adversary",
            Persona::Defender => "Defender",
            Persona::AppSecSme => "AppSec SME",
        }
    }

    /// What the persona brings to the room (the worksheet's "Criteria" column, in our words).
    pub fn criteria(self) -> &'static str {
        match self {
            Persona::Business => "Owns the business outcome and its requirements",
            Persona::Developer => "Knows the design and how it is built",
            Persona::Adversary => "Thinks like an attacker",
            Persona::Defender => "Designs the controls and weighs their operability",
            Persona::AppSecSme => "Moderates and brings security depth",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamMember {
    pub persona: Persona,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub contact: String,
}

/// An assumption about the design, scope or environment. Links point at threats and mitigations
/// (the assumption is the one place the link is stored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assumption {
    pub id: Id,
    /// e.g. "WWWO" (what are we working on) or "WCGW" (what can go wrong).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tag: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Id>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
pub enum MitigationStatus {
    #[default]
    Identified,
    InProgress,
    Resolved,
    WillNotAction,
}

impl MitigationStatus {
    pub const ALL: [MitigationStatus; 4] = [
        MitigationStatus::Identified,
        MitigationStatus::InProgress,
        MitigationStatus::Resolved,
        MitigationStatus::WillNotAction,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MitigationStatus::Identified => "Identified",
            MitigationStatus::InProgress => "In progress",
            MitigationStatus::Resolved => "Resolved",
            MitigationStatus::WillNotAction => "Will not action",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mitigation {
    pub id: Id,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default)]
    pub status: MitigationStatus,
    /// A link to the control's documentation.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reference: String,
    /// How much the control, once resolved, lowers the likelihood of the threats it addresses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effectiveness: Option<Effectiveness>,
    /// ASVS, ISO/IEC 27001 and NIST SP 800-53 references (copied from the library's control).
    #[serde(default, skip_serializing_if = "Standards::is_empty")]
    pub standards: Standards,
}

impl Mitigation {
    pub fn new(id: Id, title: impl Into<String>) -> Mitigation {
        Mitigation {
            id,
            title: title.into(),
            description: String::new(),
            status: MitigationStatus::Identified,
            reference: String::new(),
            effectiveness: None,
            standards: Standards::new(),
        }
    }
}

/// A (target, STRIDE category) pair the team reviewed and judged not to apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotApplicable {
    pub target: Id,
    pub category: Stride,
    pub reason: String,
}

/// A rule suggestion the team dismissed for one target.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dismissal {
    pub rule: String,
    pub target: Id,
}

/// One row of the retrospective ("Did we do a good job?").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetroItem {
    pub question: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub answer: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub follow_up: String,
}

/// What a threat or other reference points at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target<'m> {
    Element(&'m Diagram, &'m Element),
    Flow(&'m Diagram, &'m Flow),
    Boundary(&'m Diagram, &'m Boundary),
}

impl<'m> Target<'m> {
    pub fn name(&self) -> &'m str {
        match self {
            Target::Element(_, e) => &e.name,
            Target::Flow(_, f) => &f.label,
            Target::Boundary(_, b) => &b.name,
        }
    }

    pub fn diagram(&self) -> &'m Diagram {
        match self {
            Target::Element(d, _) | Target::Flow(d, _) | Target::Boundary(d, _) => d,
        }
    }
}

impl Model {
    /// An empty model with one empty diagram, ready to draw.
    pub fn new(title: impl Into<String>) -> Self {
        Model {
            info: ModelInfo {
                title: title.into(),
                ..ModelInfo::default()
            },
            team: Vec::new(),
            diagrams: vec![Diagram::new(Id::from("DFD1"), "Data flow diagram")],
            assumptions: Vec::new(),
            threats: Vec::new(),
            mitigations: Vec::new(),
            not_applicable: Vec::new(),
            dismissed: Vec::new(),
            retrospective: Vec::new(),
        }
    }

    pub fn elements(&self) -> impl Iterator<Item = (&Diagram, &Element)> {
        self.diagrams
            .iter()
            .flat_map(|d| d.elements.iter().map(move |e| (d, e)))
    }

    pub fn flows(&self) -> impl Iterator<Item = (&Diagram, &Flow)> {
        self.diagrams
            .iter()
            .flat_map(|d| d.flows.iter().map(move |f| (d, f)))
    }

    pub fn boundaries(&self) -> impl Iterator<Item = (&Diagram, &Boundary)> {
        self.diagrams
            .iter()
            .flat_map(|d| d.boundaries.iter().map(move |b| (d, b)))
    }

    /// Every element's, flow's and boundary's name by id, built once: looking each threat's
    /// target up with [`Model::target`] is quadratic on big models.
    pub fn target_names(&self) -> std::collections::HashMap<&Id, &str> {
        self.diagrams
            .iter()
            .flat_map(|d| {
                d.elements
                    .iter()
                    .map(|e| (&e.id, e.name.as_str()))
                    .chain(d.flows.iter().map(|f| (&f.id, f.label.as_str())))
                    .chain(d.boundaries.iter().map(|b| (&b.id, b.name.as_str())))
            })
            .collect()
    }

    /// Finds the element, flow or boundary with this id on any diagram.
    pub fn target(&self, id: &Id) -> Option<Target<'_>> {
        self.diagrams.iter().find_map(|d| {
            d.element(id)
                .map(|e| Target::Element(d, e))
                .or_else(|| d.flow(id).map(|f| Target::Flow(d, f)))
                .or_else(|| d.boundary(id).map(|b| Target::Boundary(d, b)))
        })
    }

    pub fn threat(&self, id: &Id) -> Option<&Threat> {
        self.threats.iter().find(|t| &t.id == id)
    }

    pub fn mitigation(&self, id: &Id) -> Option<&Mitigation> {
        self.mitigations.iter().find(|m| &m.id == id)
    }

    pub fn assumption(&self, id: &Id) -> Option<&Assumption> {
        self.assumptions.iter().find(|a| &a.id == id)
    }

    /// Every id in use, of every kind: ids share one namespace so a reference is never ambiguous.
    pub fn all_ids(&self) -> impl Iterator<Item = &Id> {
        self.diagrams
            .iter()
            .flat_map(|d| {
                std::iter::once(&d.id)
                    .chain(d.elements.iter().map(|e| &e.id))
                    .chain(d.boundaries.iter().map(|b| &b.id))
                    .chain(d.flows.iter().map(|f| &f.id))
            })
            .chain(self.assumptions.iter().map(|a| &a.id))
            .chain(self.threats.iter().map(|t| &t.id))
            .chain(self.mitigations.iter().map(|m| &m.id))
    }

    /// A fresh id with the given prefix, unused anywhere in the model.
    pub fn fresh_id(&self, prefix: &str, width: usize) -> Id {
        next_id(prefix, width, self.all_ids())
    }

    /// The mitigations linked to a threat, resolved (missing ids are skipped; validation reports them).
    pub fn mitigations_of<'m>(
        &'m self,
        threat: &'m Threat,
    ) -> impl Iterator<Item = &'m Mitigation> {
        threat
            .mitigations
            .iter()
            .filter_map(|id| self.mitigation(id))
    }

    /// The threats that link a mitigation.
    pub fn threats_of_mitigation<'m>(
        &'m self,
        mitigation: &'m Id,
    ) -> impl Iterator<Item = &'m Threat> {
        self.threats
            .iter()
            .filter(move |t| t.mitigations.contains(mitigation))
    }

    /// The threats recorded against a target.
    /// The name of every element, flow and boundary by id, for looking up many targets at once
    /// (a search per threat grows with the square of the model). The first of two shapes with
    /// one id wins, as in [`Model::target`].
    pub fn shape_names(&self) -> std::collections::HashMap<&Id, &str> {
        let mut names = std::collections::HashMap::new();
        for d in &self.diagrams {
            for (id, name) in d
                .elements
                .iter()
                .map(|e| (&e.id, e.name.as_str()))
                .chain(d.flows.iter().map(|f| (&f.id, f.label.as_str())))
                .chain(d.boundaries.iter().map(|b| (&b.id, b.name.as_str())))
            {
                names.entry(id).or_insert(name);
            }
        }
        names
    }

    /// Every mitigation by id, for looking up the mitigations of many threats at once. The
    /// first of two with one id wins, as in [`Model::mitigation`].
    pub fn mitigations_by_id(&self) -> std::collections::HashMap<&Id, &Mitigation> {
        self.mitigations.iter().rev().map(|m| (&m.id, m)).collect()
    }

    pub fn threats_on<'m>(&'m self, target: &'m Id) -> impl Iterator<Item = &'m Threat> {
        self.threats
            .iter()
            .filter(move |t| t.target.as_ref() == Some(target))
    }
}
