//! The rule language: conditions on what a diagram says about an element or a flow.

use crate::model::{Element, ElementKind, Flow, Privilege, Stride};
use crate::model::{Priority, geometry::Membership};
use serde::Deserialize;

/// What a rule can be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
pub enum TargetKind {
    Actor,
    Process,
    Store,
    Flow,
}

impl From<ElementKind> for TargetKind {
    fn from(k: ElementKind) -> Self {
        match k {
            ElementKind::Actor => TargetKind::Actor,
            ElementKind::Process => TargetKind::Process,
            ElementKind::Store => TargetKind::Store,
        }
    }
}

/// An element property a condition can test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Property {
    StoresCredentials,
    StoresSensitiveData,
    HoldsLogs,
    EncryptedAtRest,
    BackedUp,
    WebApplication,
    AuthenticatesUsers,
    AuthorizesRequests,
    ValidatesInput,
    InternetFacing,
    Human,
}

/// A condition over a target (an element, or a flow with its two ends). Conditions that do not
/// apply to the target's kind are false (e.g. `Encrypted` on an element).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Kind(TargetKind),
    /// The element's technology contains one of these words (case-insensitive).
    Technology(Vec<String>),
    Property(Property),
    /// The element runs with at least this privilege.
    PrivilegeAtLeast(Privilege),
    /// For a flow: the condition holds for its source element.
    Source(Box<Condition>),
    /// For a flow: the condition holds for its target element.
    Target(Box<Condition>),
    /// For a flow: its protocol contains one of these words (case-insensitive).
    Protocol(Vec<String>),
    Encrypted,
    Authenticated,
    PublicNetwork,
    Bidirectional,
    /// For a flow: it crosses at least one trust boundary (computed from the geometry).
    CrossesBoundary,
    /// For an element: some flow into it crosses a trust boundary.
    ReceivesAcrossBoundary,
    /// For an element: some flow into it is not authenticated.
    ReceivesUnauthenticated,
    /// For an element: some flow into it travels over a public network.
    ReceivesFromPublicNetwork,
    /// For an element: some flow into it comes from an external actor.
    ReceivesFromActor,
}

/// The facts a condition is evaluated against, prepared once per target.
pub struct Subject<'a> {
    pub kind: TargetKind,
    pub element: Option<&'a Element>,
    pub flow: Option<&'a Flow>,
    pub source: Option<&'a Element>,
    pub target: Option<&'a Element>,
    pub crosses: bool,
    pub inbound: Inbound,
}

/// What arrives at an element, summarised once per element.
#[derive(Debug, Clone, Copy, Default)]
pub struct Inbound {
    pub across_boundary: bool,
    pub unauthenticated: bool,
    pub public_network: bool,
    pub from_actor: bool,
}

fn contains_any(haystack: &str, needles: &[String]) -> bool {
    let hay = haystack.to_lowercase();
    needles.iter().any(|n| hay.contains(&n.to_lowercase()))
}

fn element_has(e: &Element, p: Property) -> bool {
    let x = &e.props;
    match p {
        Property::StoresCredentials => x.stores_credentials,
        Property::StoresSensitiveData => x.stores_sensitive_data,
        Property::HoldsLogs => x.holds_logs,
        Property::EncryptedAtRest => x.encrypted_at_rest,
        Property::BackedUp => x.backed_up,
        Property::WebApplication => x.web_application,
        Property::AuthenticatesUsers => x.authenticates_users,
        Property::AuthorizesRequests => x.authorizes_requests,
        Property::ValidatesInput => x.validates_input,
        Property::InternetFacing => x.internet_facing,
        Property::Human => x.human,
    }
}

impl Condition {
    pub fn holds(&self, s: &Subject) -> bool {
        match self {
            Condition::All(cs) => cs.iter().all(|c| c.holds(s)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(s)),
            Condition::Not(c) => !c.holds(s),
            Condition::Kind(k) => s.kind == *k,
            Condition::Technology(words) => s
                .element
                .is_some_and(|e| contains_any(&e.technology, words)),
            Condition::Property(p) => s.element.is_some_and(|e| element_has(e, *p)),
            Condition::PrivilegeAtLeast(p) => s
                .element
                .and_then(|e| e.props.privilege)
                .is_some_and(|have| have >= *p),
            Condition::Source(c) => s
                .source
                .is_some_and(|e| c.holds(&Subject::element(e, Inbound::default()))),
            Condition::Target(c) => s
                .target
                .is_some_and(|e| c.holds(&Subject::element(e, Inbound::default()))),
            Condition::Protocol(words) => s.flow.is_some_and(|f| contains_any(&f.protocol, words)),
            Condition::Encrypted => s.flow.is_some_and(|f| f.encrypted),
            Condition::Authenticated => s.flow.is_some_and(|f| f.authenticated),
            Condition::PublicNetwork => s.flow.is_some_and(|f| f.public_network),
            Condition::Bidirectional => s.flow.is_some_and(|f| f.bidirectional),
            Condition::CrossesBoundary => s.flow.is_some() && s.crosses,
            Condition::ReceivesAcrossBoundary => s.element.is_some() && s.inbound.across_boundary,
            Condition::ReceivesUnauthenticated => s.element.is_some() && s.inbound.unauthenticated,
            Condition::ReceivesFromPublicNetwork => s.element.is_some() && s.inbound.public_network,
            Condition::ReceivesFromActor => s.element.is_some() && s.inbound.from_actor,
        }
    }
}

impl<'a> Subject<'a> {
    pub fn element(e: &'a Element, inbound: Inbound) -> Self {
        Subject {
            kind: e.kind.into(),
            element: Some(e),
            flow: None,
            source: None,
            target: None,
            crosses: false,
            inbound,
        }
    }

    pub fn flow(
        f: &'a Flow,
        source: Option<&'a Element>,
        target: Option<&'a Element>,
        membership: &Membership,
    ) -> Self {
        Subject {
            kind: TargetKind::Flow,
            element: None,
            flow: Some(f),
            source,
            target,
            crosses: membership.crosses_any(f),
            inbound: Inbound::default(),
        }
    }
}

/// One rule of a threat library: when it fires, and the threat it suggests.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub category: Stride,
    pub when: Condition,
    /// A short name, with placeholders.
    pub title: String,
    pub source: String,
    #[serde(default)]
    pub prerequisites: String,
    pub action: String,
    #[serde(default)]
    pub impact: String,
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default)]
    pub assets: Vec<String>,
    pub priority: Priority,
    /// Ids of mitigations in the library's catalogue.
    #[serde(default)]
    pub mitigations: Vec<String>,
}

/// A control in a library's mitigation catalogue.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueMitigation {
    pub id: String,
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub reference: String,
}
