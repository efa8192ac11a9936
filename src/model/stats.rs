//! Counts that summarise a model (what `strider check` prints).

use super::{ElementKind, Model, Risk};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub diagrams: usize,
    pub actors: usize,
    pub processes: usize,
    pub stores: usize,
    pub out_of_scope_elements: usize,
    pub flows: usize,
    /// Flows that cross at least one trust boundary.
    pub crossing_flows: usize,
    pub boundaries: usize,
    pub threats: usize,
    /// Keys: "High", "Medium", "Low", "Unset".
    pub threats_by_priority: BTreeMap<String, usize>,
    pub threats_by_status: BTreeMap<String, usize>,
    /// Keys: the four responses and "Unset".
    pub threats_by_response: BTreeMap<String, usize>,
    /// Threats with both likelihood and impact set.
    pub threats_rated: usize,
    /// Rated threats by the band of their inherent risk (keys: "Low" … "Critical").
    pub inherent_risk: BTreeMap<String, usize>,
    /// Rated threats by the band of their residual risk, once resolved mitigations count.
    pub residual_risk: BTreeMap<String, usize>,
    pub mitigations: usize,
    pub assumptions: usize,
    pub team: usize,
    pub retrospective: usize,
}

impl Stats {
    pub fn of(model: &Model) -> Stats {
        let mut s = Stats {
            diagrams: model.diagrams.len(),
            threats: model.threats.len(),
            mitigations: model.mitigations.len(),
            assumptions: model.assumptions.len(),
            team: model.team.len(),
            retrospective: model.retrospective.len(),
            ..Stats::default()
        };
        for (_, e) in model.elements() {
            match e.kind {
                ElementKind::Actor => s.actors += 1,
                ElementKind::Process => s.processes += 1,
                ElementKind::Store => s.stores += 1,
            }
            s.out_of_scope_elements += usize::from(e.out_of_scope);
        }
        for d in &model.diagrams {
            s.boundaries += d.boundaries.len();
            s.flows += d.flows.len();
            if !d.boundaries.is_empty() {
                let membership = super::geometry::Membership::compute(d);
                s.crossing_flows += d.flows.iter().filter(|f| membership.crosses_any(f)).count();
            }
        }
        let risks = Risk::all(model);
        for (t, risk) in model.threats.iter().zip(risks) {
            let priority = t.priority.map_or("Unset", |p| p.label());
            *s.threats_by_priority.entry(priority.into()).or_default() += 1;
            *s.threats_by_status
                .entry(t.status.label().into())
                .or_default() += 1;
            let response = t.response.map_or("Unset", |r| r.label());
            *s.threats_by_response.entry(response.into()).or_default() += 1;
            if let Some(risk) = risk {
                let bands = &model.info.risk;
                s.threats_rated += 1;
                *s.inherent_risk
                    .entry(bands.band(risk.inherent.score()).label().into())
                    .or_default() += 1;
                *s.residual_risk
                    .entry(bands.band(risk.residual.score()).label().into())
                    .or_default() += 1;
            }
        }
        s
    }
}
