//! Large, deterministic models for benchmarks and stress tests: a grid of elements, boundaries
//! over blocks of the grid, flows between pseudo-random pairs, and threats in the grammar.

use super::{
    Boundary, Diagram, Element, ElementKind, Flow, Id, Mitigation, MitigationStatus, Model,
    Priority, RiskResponse, Stride, Threat,
};

#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub elements: usize,
    pub flows: usize,
    pub boundaries: usize,
    pub threats: usize,
    pub seed: u64,
}

/// A small xorshift generator: enough to scatter flows, with no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TECHNOLOGIES: [&str; 8] = [
    "AWS Lambda",
    "Amazon S3",
    "Amazon DynamoDB",
    "Amazon API Gateway",
    "Amazon SQS",
    "Amazon EKS",
    "",
    "Amazon RDS for MySQL",
];

pub fn generate(spec: Spec) -> Model {
    let mut rng = Rng(spec.seed | 1);
    let mut model = Model::new(format!(
        "Synthetic model: {} elements, {} flows",
        spec.elements, spec.flows
    ));
    let columns = (spec.elements as f32).sqrt().ceil().max(1.0) as usize;
    let diagram: &mut Diagram = &mut model.diagrams[0];
    for i in 0..spec.elements {
        let kind = ElementKind::ALL[i % 3];
        let (col, row) = (i % columns, i / columns);
        let mut e = Element::new(
            Id(format!("{}{}", kind.id_prefix(), i + 1)),
            kind,
            format!("{} {}", kind.label(), i + 1),
            (col as f32 * 220.0, row as f32 * 160.0),
        );
        e.technology = TECHNOLOGIES[i % TECHNOLOGIES.len()].to_owned();
        e.description = format!("Generated element number {}.", i + 1);
        e.props.encrypted_at_rest = kind == ElementKind::Store && i % 2 == 0;
        e.props.internet_facing = i % 7 == 0;
        diagram.elements.push(e);
    }
    let rows = spec.elements.div_ceil(columns);
    let per_side = (spec.boundaries as f32).sqrt().ceil().max(1.0) as usize;
    let block_cols = columns.div_ceil(per_side).max(1);
    let block_rows = rows.div_ceil(per_side).max(1);
    for b in 0..spec.boundaries {
        let (bx, by) = (b % per_side, b / per_side);
        diagram.boundaries.push(Boundary::new(
            Id(format!("TB{}", b + 1)),
            format!("Zone {}", b + 1),
            (
                bx as f32 * block_cols as f32 * 220.0 - 20.0,
                by as f32 * block_rows as f32 * 160.0 - 20.0,
            ),
            (
                block_cols as f32 * 220.0 - 20.0,
                block_rows as f32 * 160.0 - 20.0,
            ),
        ));
    }
    if spec.elements >= 2 {
        for f in 0..spec.flows {
            let from = rng.below(spec.elements);
            let mut to = rng.below(spec.elements);
            if to == from {
                to = (to + 1) % spec.elements;
            }
            let mut flow = Flow::new(
                Id(format!("F{}", f + 1)),
                diagram.elements[from].id.clone(),
                diagram.elements[to].id.clone(),
                format!("Data {}", f + 1),
            );
            flow.protocol = if f % 3 == 0 { "HTTP" } else { "HTTPS" }.to_owned();
            flow.encrypted = f % 3 != 0;
            flow.authenticated = f % 4 != 0;
            diagram.flows.push(flow);
        }
    }
    for m in 0..spec.threats.div_ceil(4) {
        model.mitigations.push(Mitigation {
            id: Id(format!("M{}", m + 1)),
            title: format!("Control {}", m + 1),
            description: "Generated control.".into(),
            status: MitigationStatus::ALL[m % 4],
            reference: String::new(),
            effectiveness: None,
            standards: Default::default(),
        });
    }
    let targets = model.diagrams[0].elements.len();
    for t in 0..spec.threats {
        let mut threat = Threat::new(Id(format!("T{:02}", t + 1)));
        if targets > 0 {
            threat.target = Some(model.diagrams[0].elements[rng.below(targets)].id.clone());
        }
        threat.stride = vec![Stride::ALL[t % 6]];
        threat.source = "internet-based threat actor".into();
        threat.prerequisites = format!("with access number {}", t + 1);
        threat.action = "read data they should not".into();
        threat.impact = "disclosure of records".into();
        threat.impacted_goals = vec!["confidentiality".into()];
        threat.impacted_assets = vec![format!("asset {}", t % 17)];
        threat.priority = [
            Some(Priority::High),
            Some(Priority::Medium),
            Some(Priority::Low),
            None,
        ][t % 4];
        threat.response = [
            Some(RiskResponse::Mitigate),
            None,
            Some(RiskResponse::Accept),
        ][t % 3];
        if !model.mitigations.is_empty() {
            threat.mitigations = vec![model.mitigations[t % model.mitigations.len()].id.clone()];
        }
        model.threats.push(threat);
    }
    model
}
