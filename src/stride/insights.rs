//! "Did we do a good job?": what is still missing from the analysis.

use super::{Analysis, CoverageState};
use crate::model::{Id, Matrix, Model, RiskResponse, Stride};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Insights {
    /// (target, category) pairs that apply to in-scope targets.
    pub pairs: usize,
    /// Pairs with threats recorded or judged not applicable.
    pub pairs_reviewed: usize,
    /// `pairs_reviewed / pairs`, 1.0 when there is nothing to review.
    pub reviewed_share: f64,
    /// In-scope elements and flows with at least one pair not reviewed.
    pub targets_not_reviewed: Vec<Id>,
    pub threats: usize,
    pub open_threats: usize,
    pub without_priority: Vec<Id>,
    pub without_response: Vec<Id>,
    /// Threats without both likelihood and impact, so in neither risk matrix.
    pub not_rated: Vec<Id>,
    /// Threats whose response is Mitigate but that link no mitigation.
    pub mitigate_without_mitigation: Vec<Id>,
    /// Threats not written in the grammar (no source or action).
    pub not_using_grammar: Vec<Id>,
    /// Threats per STRIDE category (a threat with two categories counts in both).
    pub stride: BTreeMap<String, usize>,
    pub without_stride: Vec<Id>,
    /// The rated threats in the 5×5 risk matrix, inherent and residual.
    pub risk: Matrix,
}

impl Insights {
    pub fn of(model: &Model, analysis: &Analysis) -> Insights {
        let pairs = analysis.coverage.len();
        let pairs_reviewed = analysis
            .coverage
            .iter()
            .filter(|c| c.state != CoverageState::NotReviewed)
            .count();
        let mut targets_not_reviewed: Vec<Id> = Vec::new();
        for c in &analysis.coverage {
            if c.state == CoverageState::NotReviewed
                && targets_not_reviewed.last() != Some(&*c.target)
            {
                targets_not_reviewed.push((*c.target).clone());
            }
        }
        targets_not_reviewed.dedup();
        let ids = |f: &dyn Fn(&crate::model::Threat) -> bool| -> Vec<Id> {
            model
                .threats
                .iter()
                .filter(|t| f(t))
                .map(|t| t.id.clone())
                .collect()
        };
        let mut stride: BTreeMap<String, usize> = Stride::ALL
            .iter()
            .map(|s| (s.label().to_owned(), 0))
            .collect();
        for t in &model.threats {
            for s in &t.stride {
                *stride.entry(s.label().to_owned()).or_default() += 1;
            }
        }
        Insights {
            pairs,
            pairs_reviewed,
            reviewed_share: if pairs == 0 {
                1.0
            } else {
                pairs_reviewed as f64 / pairs as f64
            },
            targets_not_reviewed,
            threats: model.threats.len(),
            open_threats: model.threats.iter().filter(|t| t.status.is_open()).count(),
            without_priority: ids(&|t| t.priority.is_none()),
            without_response: ids(&|t| t.response.is_none()),
            not_rated: ids(&|t| t.rating.cell().is_none()),
            mitigate_without_mitigation: ids(&|t| {
                t.response == Some(RiskResponse::Mitigate) && t.mitigations.is_empty()
            }),
            not_using_grammar: ids(&|t| !t.has_grammar()),
            stride,
            without_stride: ids(&|t| t.stride.is_empty()),
            risk: Matrix::of(model),
        }
    }
}
