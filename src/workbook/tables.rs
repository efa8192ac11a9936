//! The rows of the workbook's tables, computed once for both the PDF and the Markdown report.

use crate::model::geometry::Membership;
use crate::model::{Diagram, Id, Model, Threat};
use crate::stride::{Analysis, CoverageState};

/// A name where it refers to an item described elsewhere: shortened with an ellipsis, so a
/// 5,000-character name prints once in full (in its own table) rather than in every row.
pub fn reference(name: &str) -> String {
    const MAX: usize = 80;
    match name.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &name[..at]),
        None => name.to_owned(),
    }
}

/// A diagram named only "Data flow diagram" (the default) or nothing at all.
fn unnamed(name: &str) -> bool {
    let n = name.trim();
    n.is_empty() || n.eq_ignore_ascii_case("data flow diagram") || n.eq_ignore_ascii_case("dfd")
}

/// "Data flow diagram: Vehicle registration", without repeating the default name.
pub fn diagram_caption(name: &str) -> String {
    if unnamed(name) {
        "Data flow diagram".to_owned()
    } else {
        format!("Data flow diagram: {}", reference(name))
    }
}

/// "Elements of Vehicle registration", or "Elements of the data flow diagram".
pub fn of_diagram(what: &str, name: &str) -> String {
    if unnamed(name) {
        format!("{what} of the data flow diagram")
    } else {
        format!("{what} of {}", reference(name))
    }
}

/// A threat's statement, under its short title when it has one.
pub fn titled_statement(t: &Threat) -> String {
    let title = t.title.trim();
    if title.is_empty() {
        t.statement()
    } else {
        format!("{title}\n{}", t.statement())
    }
}

/// The names of the threats' targets, looked up once for the whole workbook.
pub struct Targets<'m>(std::collections::HashMap<&'m Id, &'m str>);

impl<'m> Targets<'m> {
    pub fn of(model: &'m Model) -> Self {
        Targets(model.shape_names())
    }

    /// The threat's target as the workbook names it.
    pub fn name(&self, t: &Threat) -> String {
        t.target
            .as_ref()
            .and_then(|id| self.0.get(id))
            .map_or("Whole system".to_owned(), |name| reference(name))
    }
}

/// Threats, High priority first, then Medium, Low and unset; by id within a priority.
pub fn by_priority(model: &Model) -> Vec<&Threat> {
    let mut sorted: Vec<&Threat> = model.threats.iter().collect();
    sorted.sort_by_key(|t| (t.priority.map_or(3, |p| p as u8), t.id.clone()));
    sorted
}

pub const ELEMENT_HEADERS: [&str; 6] = ["ID", "Name", "Type", "Technology", "Trust zone", "Scope"];

pub fn elements(d: &Diagram, m: &Membership) -> Vec<Vec<String>> {
    d.elements
        .iter()
        .map(|e| {
            vec![
                reference(&e.id.0),
                e.name.clone(),
                e.kind.label().to_owned(),
                e.technology.clone(),
                m.zone_of(d, &e.id)
                    .map_or("-".to_owned(), |b| reference(&b.name)),
                if e.out_of_scope {
                    format!("Out: {}", e.out_of_scope_reason)
                } else {
                    "In".to_owned()
                },
            ]
        })
        .collect()
}

pub const FLOW_HEADERS: [&str; 8] = [
    "ID",
    "From",
    "To",
    "Data",
    "Protocol",
    "Enc.",
    "Auth.",
    "Boundaries crossed",
];

pub fn flows(d: &Diagram, m: &Membership) -> Vec<Vec<String>> {
    let yes = |b: bool| if b { "yes" } else { "no" }.to_owned();
    // Element names looked up once, not searched for at both ends of every flow.
    let mut names: std::collections::HashMap<&Id, &str> = std::collections::HashMap::new();
    for e in &d.elements {
        names.entry(&e.id).or_insert(&e.name);
    }
    let name = |id: &Id| names.get(id).map_or(id.0.clone(), |n| reference(n));
    d.flows
        .iter()
        .map(|f| {
            vec![
                reference(&f.id.0),
                name(&f.from),
                name(&f.to),
                f.label.clone(),
                f.protocol.clone(),
                yes(f.encrypted),
                yes(f.authenticated),
                m.crossings(d, f)
                    .iter()
                    .map(|b| reference(&b.name))
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        })
        .collect()
}

/// One row per in-scope element or flow: its name, then S T R I D E cells: the number of
/// threats, "n/a", "?" (not reviewed), or empty when the category does not apply.
pub fn stride_matrix(analysis: &Analysis, blank: bool) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut current: Option<&Id> = None;
    for c in &analysis.coverage {
        if current != Some(&*c.target) {
            current = Some(&*c.target);
            let mut row = vec![format!("{} {}", c.target, reference(&c.target_name))];
            row.extend(std::iter::repeat_n(String::new(), 6));
            rows.push(row);
        }
        let cell = match &c.state {
            _ if blank => String::new(),
            CoverageState::NotReviewed => "?".to_owned(),
            CoverageState::Threats(n) => n.to_string(),
            CoverageState::NotApplicable(_) => "n/a".to_owned(),
        };
        if let Some(row) = rows.last_mut() {
            row[1 + c.category as usize] = cell;
        }
    }
    rows
}

pub const MITIGATION_HEADERS: [&str; 4] = ["ID", "Mitigation", "Status", "Addresses"];

pub fn mitigations(model: &Model) -> Vec<Vec<String>> {
    // Which threats each mitigation addresses, in one pass over the threats.
    let mut addresses: std::collections::HashMap<&Id, Vec<&str>> = std::collections::HashMap::new();
    for t in &model.threats {
        for m in &t.mitigations {
            let list = addresses.entry(m).or_default();
            if list.last() != Some(&t.id.0.as_str()) {
                list.push(&t.id.0);
            }
        }
    }
    model
        .mitigations
        .iter()
        .map(|m| {
            let text = if m.description.is_empty() {
                m.title.clone()
            } else {
                format!("{}: {}", m.title, m.description)
            };
            vec![
                reference(&m.id.0),
                text,
                m.status.label().to_owned(),
                addresses
                    .get(&m.id)
                    .map_or(String::new(), |ids| ids.join(", ")),
            ]
        })
        .collect()
}
