//! The rule language: conditions on what a diagram says about an element or a flow.

use crate::model::Priority;
use crate::model::{Element, ElementKind, Flow, Privilege, Stride};
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

/// What is known of an element, prepared once per analysis (technology lower-cased once, not
/// once per rule).
pub struct Facts<'a> {
    pub element: &'a Element,
    pub technology: String,
    /// The name, shared by the placeholder values of every suggestion that mentions it.
    pub name: std::sync::Arc<str>,
    pub inbound: Inbound,
    /// The boundaries holding the element (see `Membership::holders`).
    pub zones: &'a [usize],
}

impl<'a> Facts<'a> {
    pub fn new(element: &'a Element, inbound: Inbound, zones: &'a [usize]) -> Self {
        Facts {
            element,
            technology: element.technology.to_lowercase(),
            name: element.name.as_str().into(),
            inbound,
            zones,
        }
    }
}

/// The facts a condition is evaluated against, for one target.
pub struct Subject<'a> {
    pub kind: TargetKind,
    pub element: Option<&'a Facts<'a>>,
    pub flow: Option<&'a Flow>,
    /// The flow's protocol, lower-cased.
    pub protocol: String,
    pub source: Option<&'a Facts<'a>>,
    pub target: Option<&'a Facts<'a>>,
    pub crosses: bool,
}

/// What arrives at an element, summarised once per element.
#[derive(Debug, Clone, Copy, Default)]
pub struct Inbound {
    pub across_boundary: bool,
    pub unauthenticated: bool,
    pub public_network: bool,
    pub from_actor: bool,
}

/// `haystack` and `needles` are both lower case (needles are lowered when a library loads).
fn contains_any(haystack: &str, needles: &[String]) -> bool {
    needles.iter().any(|n| haystack.contains(n.as_str()))
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
            Condition::Property(p) => s.element.is_some_and(|e| element_has(e.element, *p)),
            Condition::PrivilegeAtLeast(p) => s
                .element
                .and_then(|e| e.element.props.privilege)
                .is_some_and(|have| have >= *p),
            Condition::Source(c) => s.source.is_some_and(|e| c.holds(&Subject::element(e))),
            Condition::Target(c) => s.target.is_some_and(|e| c.holds(&Subject::element(e))),
            Condition::Protocol(words) => s.flow.is_some() && contains_any(&s.protocol, words),
            Condition::Encrypted => s.flow.is_some_and(|f| f.encrypted),
            Condition::Authenticated => s.flow.is_some_and(|f| f.authenticated),
            Condition::PublicNetwork => s.flow.is_some_and(|f| f.public_network),
            Condition::Bidirectional => s.flow.is_some_and(|f| f.bidirectional),
            Condition::CrossesBoundary => s.flow.is_some() && s.crosses,
            Condition::ReceivesAcrossBoundary => {
                s.element.is_some_and(|e| e.inbound.across_boundary)
            }
            Condition::ReceivesUnauthenticated => {
                s.element.is_some_and(|e| e.inbound.unauthenticated)
            }
            Condition::ReceivesFromPublicNetwork => {
                s.element.is_some_and(|e| e.inbound.public_network)
            }
            Condition::ReceivesFromActor => s.element.is_some_and(|e| e.inbound.from_actor),
        }
    }

    /// The target kinds the condition can hold for, when it says (`None`: any kind).
    pub fn kinds(&self) -> Option<Vec<TargetKind>> {
        match self {
            Condition::Kind(k) => Some(vec![*k]),
            Condition::All(cs) => cs.iter().find_map(Condition::kinds),
            Condition::Any(cs) => cs.iter().try_fold(Vec::new(), |mut acc, c| {
                acc.extend(c.kinds()?);
                Some(acc)
            }),
            _ => None,
        }
    }

    /// Lower-cases every word the condition matches on, so matching needs no allocation.
    pub fn normalise(&mut self) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter_mut().for_each(Condition::normalise),
            Condition::Not(c) | Condition::Source(c) | Condition::Target(c) => c.normalise(),
            Condition::Technology(words) | Condition::Protocol(words) => {
                words.iter_mut().for_each(|w| *w = w.to_lowercase())
            }
            _ => {}
        }
    }
}

impl<'a> Subject<'a> {
    pub fn element(e: &'a Facts<'a>) -> Self {
        Subject {
            kind: e.element.kind.into(),
            element: Some(e),
            flow: None,
            protocol: String::new(),
            source: None,
            target: None,
            crosses: false,
        }
    }

    pub fn flow(f: &'a Flow, source: &'a Facts<'a>, target: &'a Facts<'a>) -> Self {
        Subject {
            kind: TargetKind::Flow,
            element: None,
            flow: Some(f),
            protocol: f.protocol.to_lowercase(),
            source: Some(source),
            target: Some(target),
            crosses: source.zones != target.zones,
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
    /// CWE and CAPEC references, copied to the threats the rule suggests.
    #[serde(default)]
    pub standards: crate::model::Standards,
    /// The target kinds the rule can fire for, worked out when the library loads.
    #[serde(skip)]
    pub kinds: Option<Vec<TargetKind>>,
}

impl Rule {
    pub fn can_apply_to(&self, kind: TargetKind) -> bool {
        self.kinds.as_ref().is_none_or(|k| k.contains(&kind))
    }
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
    /// ASVS, ISO/IEC 27001 and NIST SP 800-53 references (or a user library's own frameworks).
    #[serde(default)]
    pub standards: crate::model::Standards,
}
