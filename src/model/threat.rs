//! Threats, written in the threat grammar, and what the team decided to do about them.

use super::{Id, Rating, Standards};
use serde::{Deserialize, Serialize};

/// The six STRIDE categories, each the violation of one security property.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stride {
    Spoofing,
    Tampering,
    Repudiation,
    InformationDisclosure,
    DenialOfService,
    ElevationOfPrivilege,
}

impl Stride {
    pub const ALL: [Stride; 6] = [
        Stride::Spoofing,
        Stride::Tampering,
        Stride::Repudiation,
        Stride::InformationDisclosure,
        Stride::DenialOfService,
        Stride::ElevationOfPrivilege,
    ];

    pub fn letter(self) -> char {
        match self {
            Stride::Spoofing => 'S',
            Stride::Tampering => 'T',
            Stride::Repudiation => 'R',
            Stride::InformationDisclosure => 'I',
            Stride::DenialOfService => 'D',
            Stride::ElevationOfPrivilege => 'E',
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stride::Spoofing => "Spoofing",
            Stride::Tampering => "Tampering",
            Stride::Repudiation => "Repudiation",
            Stride::InformationDisclosure => "Information disclosure",
            Stride::DenialOfService => "Denial of service",
            Stride::ElevationOfPrivilege => "Elevation of privilege",
        }
    }

    /// The security property a threat of this category violates.
    pub fn property(self) -> &'static str {
        match self {
            Stride::Spoofing => "authenticity",
            Stride::Tampering => "integrity",
            Stride::Repudiation => "non-repudiation",
            Stride::InformationDisclosure => "confidentiality",
            Stride::DenialOfService => "availability",
            Stride::ElevationOfPrivilege => "authorization",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Priority {
    High,
    Medium,
    Low,
}

impl Priority {
    pub const ALL: [Priority; 3] = [Priority::High, Priority::Medium, Priority::Low];

    pub fn label(self) -> &'static str {
        match self {
            Priority::High => "High",
            Priority::Medium => "Medium",
            Priority::Low => "Low",
        }
    }

    pub fn letter(self) -> char {
        self.label().chars().next().unwrap_or('?')
    }
}

/// Where a threat stands (Threat Composer's vocabulary, plus work in progress).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
pub enum ThreatStatus {
    /// Found, nothing agreed yet.
    #[default]
    Identified,
    /// A response was chosen and is being carried out.
    InProgress,
    /// Every agreed response is done.
    Resolved,
    /// Reviewed and judged not useful (not a real threat for this system).
    NotUseful,
}

impl ThreatStatus {
    pub const ALL: [ThreatStatus; 4] = [
        ThreatStatus::Identified,
        ThreatStatus::InProgress,
        ThreatStatus::Resolved,
        ThreatStatus::NotUseful,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ThreatStatus::Identified => "Identified",
            ThreatStatus::InProgress => "In progress",
            ThreatStatus::Resolved => "Resolved",
            ThreatStatus::NotUseful => "Not useful",
        }
    }

    /// Still needs attention: not resolved and not dismissed.
    pub fn is_open(self) -> bool {
        matches!(self, ThreatStatus::Identified | ThreatStatus::InProgress)
    }
}

/// The four risk responses of the workshop's third question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RiskResponse {
    Mitigate,
    /// Eliminate the threat by changing the design (Shostack's "eliminate").
    Avoid,
    Transfer,
    Accept,
}

impl RiskResponse {
    pub const ALL: [RiskResponse; 4] = [
        RiskResponse::Mitigate,
        RiskResponse::Avoid,
        RiskResponse::Transfer,
        RiskResponse::Accept,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RiskResponse::Mitigate => "Mitigate",
            RiskResponse::Avoid => "Avoid",
            RiskResponse::Transfer => "Transfer",
            RiskResponse::Accept => "Accept",
        }
    }
}

/// Who wrote a threat. A rule suggestion keeps its rule id so that re-analysing never offers it again.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Origin {
    #[default]
    Manual,
    Rule(String),
    /// Brought in from another tool's file (the tool's name).
    Imported(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threat {
    pub id: Id,
    /// The element or flow the threat is about; `None` for threats about the system as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Id>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stride: Vec<Stride>,
    /// A short name for lists; the statement is assembled from the grammar parts.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prerequisites: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub action: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub impact: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub impacted_goals: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub impacted_assets: Vec<String>,
    /// Free text for threats not (yet) written in the grammar, e.g. imported ones.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// Likelihood and impact, for inherent and residual risk (see `model::risk`).
    #[serde(default, skip_serializing_if = "Rating::is_empty")]
    pub rating: Rating,
    #[serde(default)]
    pub status: ThreatStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<RiskResponse>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub justification: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mitigations: Vec<Id>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comments: String,
    #[serde(default)]
    pub origin: Origin,
    /// CWE and CAPEC references (copied from the rule that suggested the threat).
    #[serde(default, skip_serializing_if = "Standards::is_empty")]
    pub standards: Standards,
}

impl Threat {
    pub fn new(id: Id) -> Self {
        Threat {
            id,
            target: None,
            stride: Vec::new(),
            title: String::new(),
            source: String::new(),
            prerequisites: String::new(),
            action: String::new(),
            impact: String::new(),
            impacted_goals: Vec::new(),
            impacted_assets: Vec::new(),
            description: String::new(),
            priority: None,
            rating: Rating::default(),
            status: ThreatStatus::Identified,
            response: None,
            justification: String::new(),
            mitigations: Vec::new(),
            comments: String::new(),
            origin: Origin::Manual,
            standards: Standards::new(),
        }
    }

    /// Has the grammar's core been written (a source and an action)?
    pub fn has_grammar(&self) -> bool {
        !self.source.trim().is_empty() && !self.action.trim().is_empty()
    }

    /// The threat statement. Written in the grammar, it reads "A/An [source] [prerequisites] can
    /// [action], which leads to [impact], resulting in reduced [goals] of [assets]." Threats without
    /// the grammar fall back to their description, then their title.
    pub fn statement(&self) -> String {
        if !self.has_grammar() {
            let text = if self.description.trim().is_empty() {
                &self.title
            } else {
                &self.description
            };
            return text.trim().to_owned();
        }
        statement_of(
            &self.source,
            &self.prerequisites,
            &self.action,
            &self.impact,
            &self.impacted_goals,
            &self.impacted_assets,
        )
    }

    pub fn stride_letters(&self) -> String {
        self.stride.iter().map(|s| s.letter()).collect()
    }
}

/// The grammar sentence from its parts (see [`Threat::statement`]).
pub fn statement_of(
    source: &str,
    prerequisites: &str,
    action: &str,
    impact: &str,
    goals: &[String],
    assets: &[String],
) -> String {
    let mut s = with_article(source.trim());
    let pre = prerequisites.trim();
    if !pre.is_empty() {
        s.push(' ');
        s.push_str(pre);
    }
    s.push_str(" can ");
    s.push_str(action.trim().trim_end_matches('.'));
    let impact = impact.trim().trim_end_matches('.');
    if !impact.is_empty() {
        s.push_str(", which leads to ");
        s.push_str(impact);
    }
    // Threat Composer, and so the workshop's worksheets, read several goals as alternatives.
    let goals = join_with(goals, "and/or");
    let assets = join_list(assets);
    match (goals.is_empty(), assets.is_empty()) {
        (false, false) => s.push_str(&format!(", resulting in reduced {goals} of {assets}")),
        (false, true) => s.push_str(&format!(", resulting in reduced {goals}")),
        (true, false) => s.push_str(&format!(", negatively impacting {assets}")),
        (true, true) => {}
    }
    s.push('.');
    s
}

/// "an internet-based actor", unless the source already starts with an article or determiner.
fn with_article(source: &str) -> String {
    let lower = source.to_lowercase();
    let has_determiner = ["a ", "an ", "the ", "any ", "one ", "some ", "our "]
        .iter()
        .any(|d| lower.starts_with(d));
    if has_determiner || source.is_empty() {
        return capitalise(source);
    }
    let article = if starts_with_vowel_sound(source) {
        "An"
    } else {
        "A"
    };
    format!("{article} {source}")
}

/// Does the word begin with a vowel *sound* ("an IAM principal", "an hour", "a user", "a one-time
/// code")? The article follows the sound, not the letter.
fn starts_with_vowel_sound(text: &str) -> bool {
    let word: String = text.chars().take_while(|c| c.is_alphanumeric()).collect();
    let lower = word.to_lowercase();
    // An acronym is read letter by letter: "an SQL injection", "a URL", "an S3 bucket".
    let acronym = word.chars().count() >= 2
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && word.chars().any(|c| c.is_ascii_uppercase());
    if acronym {
        return word.starts_with(['A', 'E', 'F', 'H', 'I', 'L', 'M', 'N', 'O', 'R', 'S', 'X']);
    }
    const YOU_SOUND: [&str; 9] = [
        "uni", "use", "usi", "usu", "uti", "ura", "ure", "eu", "ubiq",
    ];
    const SILENT_H: [&str; 4] = ["hour", "honest", "honou", "heir"];
    const W_SOUND: [&str; 2] = ["one", "once"];
    // "un-" words are read with a short u ("an uninvited guest"), unlike "a unique id".
    let negated = ["unin", "unim", "unid"]
        .iter()
        .any(|p| lower.starts_with(p));
    if (!negated && YOU_SOUND.iter().any(|p| lower.starts_with(p)))
        || W_SOUND
            .iter()
            .any(|p| lower == *p || lower.starts_with(&format!("{p}-")))
    {
        return false;
    }
    if SILENT_H.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    matches!(lower.chars().next(), Some('a' | 'e' | 'i' | 'o' | 'u'))
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "a, b and c".
pub fn join_list(items: &[String]) -> String {
    join_with(items, "and")
}

fn join_with(items: &[String], last_joiner: &str) -> String {
    let items: Vec<&str> = items
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} {last_joiner} {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_follows_the_sound() {
        for (source, expected) in [
            ("user", "A user"),
            ("User", "A User"),
            ("IAM principal", "An IAM principal"),
            ("SQL injection tool", "An SQL injection tool"),
            ("URL shortener", "A URL shortener"),
            ("S3 bucket owner", "An S3 bucket owner"),
            (
                "internet-based threat actor",
                "An internet-based threat actor",
            ),
            ("hour-long session", "An hour-long session"),
            ("one-time code thief", "A one-time code thief"),
            ("threat actor", "A threat actor"),
            ("unauthenticated caller", "An unauthenticated caller"),
            ("uninvited guest", "An uninvited guest"),
            ("unique visitor", "A unique visitor"),
        ] {
            assert_eq!(with_article(source), expected, "{source}");
        }
    }

    fn grammar(source: &str, pre: &str, action: &str, impact: &str) -> Threat {
        let mut t = Threat::new(Id::from("T01"));
        t.source = source.into();
        t.prerequisites = pre.into();
        t.action = action.into();
        t.impact = impact.into();
        t
    }

    #[test]
    fn statement_full_grammar() {
        let mut t = grammar(
            "internet-based threat actor",
            "with a valid account",
            "flood the API",
            "exhausted concurrency",
        );
        t.impacted_goals = vec!["availability".into()];
        t.impacted_assets = vec!["vehicle registration".into(), "billing data".into()];
        assert_eq!(
            t.statement(),
            "An internet-based threat actor with a valid account can flood the API, which leads to \
             exhausted concurrency, resulting in reduced availability of vehicle registration and billing data."
        );
    }

    #[test]
    fn statement_assets_without_goal_and_existing_article() {
        let mut t = grammar("the fleet manager", "", "deny registering a vehicle", "");
        t.impacted_assets = vec!["billing data".into()];
        assert_eq!(
            t.statement(),
            "The fleet manager can deny registering a vehicle, negatively impacting billing data."
        );
    }

    #[test]
    fn statement_falls_back_to_description_then_title() {
        let mut t = Threat::new(Id::from("T02"));
        t.title = "Weak TLS".into();
        assert_eq!(t.statement(), "Weak TLS");
        t.description = "Old ciphers are accepted.".into();
        assert_eq!(t.statement(), "Old ciphers are accepted.");
    }
}
