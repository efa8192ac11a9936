//! Gates on what a change introduced, for CI: a pull request fails on the problems it adds,
//! not on those the model already had.

use super::diff::{Change, Kind, ModelDiff};
use crate::model::{Model, Priority, Threat};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// A new element or flow with STRIDE pairs neither covered by a threat nor judged not
    /// applicable.
    NewUnreviewed,
    /// A flow that newly crosses a trust boundary with no threat recorded against it.
    NewCrossing,
    /// A new open High threat without a risk response.
    NewHigh,
}

fn unanswered_high(t: &Threat) -> bool {
    t.priority == Some(Priority::High) && t.status.is_open() && t.response.is_none()
}

/// One short reason per failure of the given gates.
pub fn failures(old: &Model, new: &Model, d: &ModelDiff, gates: &[Gate]) -> Vec<String> {
    let mut out = Vec::new();
    if gates.contains(&Gate::NewUnreviewed) {
        for item in d
            .items
            .iter()
            .filter(|i| i.change == Change::Added && matches!(i.kind, Kind::Element | Kind::Flow))
        {
            let letters: String = d
                .coverage
                .newly_unreviewed
                .iter()
                .filter(|p| p.target == item.id)
                .map(|p| p.category.letter())
                .collect();
            if !letters.is_empty() {
                out.push(format!(
                    "new-unreviewed: new {} {} \"{}\" has STRIDE categories {letters} neither covered by a threat nor marked not applicable",
                    item.kind.label(),
                    item.id,
                    item.name
                ));
            }
        }
    }
    if gates.contains(&Gate::NewCrossing) {
        for x in d.new_crossings.iter().filter(|x| x.threats == 0) {
            out.push(format!(
                "new-crossing: flow {} \"{}\" now crosses {} and has no threat recorded against it",
                x.flow,
                x.name,
                x.boundaries.join(", ")
            ));
        }
    }
    if gates.contains(&Gate::NewHigh) {
        let before: HashMap<_, _> = old.threats.iter().map(|t| (&t.id, t)).collect();
        for t in new.threats.iter().filter(|t| unanswered_high(t)) {
            if before.get(&t.id).is_some_and(|was| unanswered_high(was)) {
                continue;
            }
            let name = if t.title.trim().is_empty() {
                t.statement()
            } else {
                t.title.clone()
            };
            out.push(format!(
                "new-high: threat {} \"{name}\" is open, High priority and has no risk response",
                t.id
            ));
        }
    }
    out
}
