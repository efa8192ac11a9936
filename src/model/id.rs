//! Short, stable, readable identifiers: `E1`, `F03`, `B2`, `T07`, `M4`, `A12`.
//!
//! Ids are chosen once, when a thing is created, and never renumbered: a file kept in git diffs
//! cleanly because nothing else moves when one item is added or removed.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The identity of anything in a model that something else can point at.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    pub fn new(s: impl Into<String>) -> Self {
        Id(s.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Orders ids the way people read them: T9 before T38 before T100.
    pub fn natural_cmp(&self, other: &Id) -> std::cmp::Ordering {
        let split = |s: &str| {
            let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            let (prefix, number) = s.split_at(s.len() - digits);
            (prefix.to_owned(), number.parse::<u128>().ok())
        };
        split(&self.0)
            .cmp(&split(&other.0))
            .then_with(|| self.0.cmp(&other.0))
    }

    /// Ids are meant to be typed and read by people and to survive every export format, so they are
    /// limited to a conservative alphabet.
    pub fn is_well_formed(&self) -> bool {
        !self.0.is_empty()
            && self.0.len() <= 64
            && self
                .0
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Id {
    fn from(s: &str) -> Self {
        Id(s.to_owned())
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// The next free id with `prefix`, one past the highest number already used with that prefix,
/// zero-padded to `width` digits (threats use `T01`, the workbook's style).
pub fn next_id<'a>(prefix: &str, width: usize, existing: impl IntoIterator<Item = &'a Id>) -> Id {
    let highest = existing
        .into_iter()
        .filter_map(|id| id.0.strip_prefix(prefix))
        .filter_map(|rest| rest.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    Id(format!("{prefix}{:0width$}", highest + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_reads_numbers_as_numbers() {
        let mut ids = [
            Id::from("T100"),
            Id::from("T38"),
            Id::from("T9"),
            Id::from("A2"),
        ];
        ids.sort_by(Id::natural_cmp);
        assert_eq!(ids.map(|i| i.0), ["A2", "T9", "T38", "T100"]);
    }

    #[test]
    fn next_id_skips_past_highest_and_pads() {
        let ids = [Id::from("T01"), Id::from("T09"), Id::from("X99")];
        assert_eq!(next_id("T", 2, &ids), Id::from("T10"));
        assert_eq!(next_id("M", 1, &ids), Id::from("M1"));
        assert_eq!(next_id("T", 2, &[Id::from("T99")]), Id::from("T100"));
    }

    #[test]
    fn well_formed_ids() {
        assert!(Id::from("WWWO-Assume-1").is_well_formed());
        assert!(!Id::from("").is_well_formed());
        assert!(!Id::from("a b").is_well_formed());
        assert!(!Id::from("é").is_well_formed());
    }
}
