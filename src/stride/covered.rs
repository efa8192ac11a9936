//! "Likely covered by T01": a suggestion whose element and STRIDE category already have a threat
//! written by hand (or brought from another tool) that says much the same, so the team is not
//! offered as new what it has already written in its own words.

use super::Suggestion;
use crate::model::{Id, Model, Origin, Threat};
use std::collections::{HashMap, HashSet};

/// Words too common in threat statements to say what a threat is about.
const COMMON: &[&str] = &[
    "about",
    "actor",
    "after",
    "also",
    "another",
    "being",
    "through",
    "their",
    "there",
    "these",
    "they",
    "this",
    "that",
    "which",
    "with",
    "without",
    "from",
    "into",
    "onto",
    "over",
    "under",
    "leads",
    "resulting",
    "reduced",
    "threat",
    "able",
    "could",
    "would",
    "have",
    "has",
    "been",
    "than",
    "then",
    "them",
    "what",
    "when",
    "where",
    "while",
    "your",
    "more",
    "most",
    "some",
    "such",
    "other",
    "others",
    "data",
];

/// The words that carry meaning: lower case, four letters or more, not among the common ones,
/// with a plural's "s" taken off so "tokens" meets "token".
fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 4 && !COMMON.contains(&w.as_str()))
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if stem.chars().count() >= 4 && !stem.ends_with('s') => stem.to_owned(),
            _ => w,
        })
        .collect()
}

/// Share of the suggestion's words a threat must also use to count as saying the same.
const SAME: f32 = 0.2;

/// The hand-written threat on the suggestion's element and category that says most nearly the
/// same, when it says enough of it. Looks through every threat: for many suggestions at once,
/// use [`Written`].
pub fn likely_covered_by<'m>(model: &'m Model, s: &Suggestion) -> Option<&'m Threat> {
    best(model.threats.iter(), s)
}

/// The threats written by hand (or brought from another tool), by what they are about: for
/// asking about many suggestions at once.
pub struct Written<'m> {
    by_target: HashMap<&'m Id, Vec<&'m Threat>>,
}

impl<'m> Written<'m> {
    pub fn of(model: &'m Model) -> Self {
        let mut by_target: HashMap<&Id, Vec<&Threat>> = HashMap::new();
        for t in &model.threats {
            if let Some(target) = &t.target
                && !matches!(t.origin, Origin::Rule(_))
            {
                by_target.entry(target).or_default().push(t);
            }
        }
        Written { by_target }
    }

    pub fn likely_covered_by(&self, s: &Suggestion) -> Option<&'m Threat> {
        best(self.by_target.get(&s.target)?.iter().copied(), s)
    }
}

fn best<'m>(threats: impl Iterator<Item = &'m Threat>, s: &Suggestion) -> Option<&'m Threat> {
    let t = s.to_threat(Default::default());
    // The element's own name is in both sentences; it says nothing about what they describe.
    let name = words(s.target_name());
    let meaning = |text: &str| -> HashSet<String> {
        words(text)
            .into_iter()
            .filter(|w| !name.contains(w))
            .collect()
    };
    let said = meaning(&format!(
        "{} {} {} {}",
        t.title,
        t.action,
        t.impact,
        t.impacted_assets.join(" ")
    ));
    if said.is_empty() {
        return None;
    }
    let category = s.category();
    threats
        .filter(|x| {
            x.target.as_ref() == Some(&s.target)
                && x.stride.contains(&category)
                && !matches!(x.origin, Origin::Rule(_))
        })
        .map(|x| {
            let theirs = meaning(&format!("{} {}", x.title, x.statement()));
            let shared = said.intersection(&theirs).count() as f32 / said.len() as f32;
            (x, shared)
        })
        .filter(|(_, shared)| *shared >= SAME)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(x, _)| x)
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn plurals_and_common_words() {
        let w = words("A threat actor steals session tokens from the browser");
        assert!(w.contains("token") && w.contains("steal") && w.contains("session"));
        assert!(!w.contains("threat") && !w.contains("from"));
    }
}
