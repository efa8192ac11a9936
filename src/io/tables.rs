//! Threats, mitigations and assumptions as tables of text: the rows behind the CSV file and the
//! Excel workbook, so that both say the same thing.
//!
//! The threat table's first columns are the ones a Jira CSV import maps without help (Summary,
//! Description, Issue Type, Priority, Labels); GitHub's and other trackers' importers let a user
//! map the same names. Strider's own fields follow, one per column.

use crate::model::{Model, Origin, Risk, Threat, standards};
use std::collections::HashMap;

/// A table: its header and its rows, every row as long as the header.
pub struct Table {
    pub name: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    /// A width in characters per column, for spreadsheets.
    pub widths: Vec<u16>,
}

const THREAT_COLUMNS: [(&str, u16); 26] = [
    ("Summary", 40),
    ("Description", 60),
    ("Issue Type", 10),
    ("Priority", 9),
    ("Labels", 24),
    ("Threat ID", 9),
    ("Target", 22),
    ("Target ID", 9),
    ("STRIDE", 22),
    ("Statement", 60),
    ("Likelihood", 14),
    ("Impact", 11),
    ("Inherent score", 9),
    ("Inherent risk", 10),
    ("Residual score", 9),
    ("Residual risk", 10),
    ("Status", 11),
    ("Response", 10),
    ("Justification", 30),
    ("Mitigations", 40),
    ("Mitigation IDs", 14),
    ("CWE", 12),
    ("CAPEC", 12),
    ("Control standards", 40),
    ("Origin", 18),
    ("Comments", 30),
];

/// Where the Labels column is in [`THREAT_COLUMNS`]; it is repeated once per label, as Jira's
/// CSV import takes one label a column.
const LABELS_AT: usize = 4;

/// Jira refuses a summary longer than this.
const SUMMARY_CHARS: usize = 255;

/// One row per threat, every field.
pub fn threats(model: &Model) -> Table {
    let label_columns = 1 + model
        .threats
        .iter()
        .map(|t| t.stride.len())
        .max()
        .unwrap_or(0);
    let names = model.target_names();
    let mitigations: HashMap<&crate::model::Id, &crate::model::Mitigation> =
        model.mitigations.iter().map(|m| (&m.id, m)).collect();
    let bands = &model.info.risk;
    let risks = Risk::all(model);
    let rows = model
        .threats
        .iter()
        .zip(risks)
        .map(|(t, risk)| {
            let linked: Vec<&crate::model::Mitigation> = t
                .mitigations
                .iter()
                .filter_map(|id| mitigations.get(id).copied())
                .collect();
            let target = t.target.as_ref();
            let score = |cell: Option<crate::model::risk::Cell>| {
                cell.map(|c| c.score().to_string()).unwrap_or_default()
            };
            let band = |cell: Option<crate::model::risk::Cell>| {
                cell.map(|c| bands.band(c.score()).label().to_owned())
                    .unwrap_or_default()
            };
            let mut control_standards: Vec<String> = Vec::new();
            for m in &linked {
                let line = standards::one_line(&m.standards);
                if !line.is_empty() {
                    control_standards.push(format!("{}: {line}", m.id));
                }
            }
            vec![
                summary(t),
                description(t, &linked),
                "Task".to_owned(),
                t.priority.map(|p| p.label().to_owned()).unwrap_or_default(),
                String::new(), // the labels, spliced in below
                t.id.to_string(),
                target
                    .and_then(|id| names.get(id))
                    .map(|n| (*n).to_owned())
                    .unwrap_or_default(),
                target.map(|id| id.to_string()).unwrap_or_default(),
                t.stride
                    .iter()
                    .map(|s| s.label())
                    .collect::<Vec<_>>()
                    .join(", "),
                t.statement(),
                t.rating
                    .likelihood
                    .map(|l| format!("{} - {}", l.level(), l.label()))
                    .unwrap_or_default(),
                t.rating
                    .impact
                    .map(|i| format!("{} - {}", i.level(), i.label()))
                    .unwrap_or_default(),
                score(risk.map(|r| r.inherent)),
                band(risk.map(|r| r.inherent)),
                score(risk.map(|r| r.residual)),
                band(risk.map(|r| r.residual)),
                t.status.label().to_owned(),
                t.response.map(|r| r.label().to_owned()).unwrap_or_default(),
                t.justification.clone(),
                linked
                    .iter()
                    .map(|m| format!("{} {} ({})", m.id, m.title, m.status.label()))
                    .collect::<Vec<_>>()
                    .join("; "),
                t.mitigations
                    .iter()
                    .map(|id| id.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                standards::ids(&t.standards, standards::CWE).join(", "),
                standards::ids(&t.standards, standards::CAPEC).join(", "),
                control_standards.join("; "),
                origin(&t.origin),
                t.comments.clone(),
            ]
        })
        .zip(&model.threats)
        .map(|(mut row, t)| {
            let mut labels = labels(t);
            labels.resize(label_columns, String::new());
            row.splice(LABELS_AT..=LABELS_AT, labels);
            row
        })
        .collect();
    let mut header: Vec<&'static str> = THREAT_COLUMNS.iter().map(|(h, _)| *h).collect();
    let mut widths: Vec<u16> = THREAT_COLUMNS.iter().map(|(_, w)| *w).collect();
    header.splice(LABELS_AT..=LABELS_AT, vec!["Labels"; label_columns]);
    widths.splice(LABELS_AT..=LABELS_AT, vec![16; label_columns]);
    Table {
        name: "Threats",
        header,
        rows,
        widths,
    }
}

/// One row per mitigation, with the threats it addresses and its standard references.
pub fn mitigations(model: &Model) -> Table {
    let mut addresses: HashMap<&crate::model::Id, Vec<&str>> = HashMap::new();
    for t in &model.threats {
        for m in &t.mitigations {
            addresses.entry(m).or_default().push(t.id.as_str());
        }
    }
    let mut header = vec![
        "Mitigation ID",
        "Title",
        "Description",
        "Status",
        "Effectiveness",
        "Reference",
        "Addresses threats",
    ];
    header.extend(standards::CONTROL_FRAMEWORKS);
    header.push("Other standards");
    let rows = model
        .mitigations
        .iter()
        .map(|m| {
            let mut row = vec![
                m.id.to_string(),
                m.title.clone(),
                m.description.clone(),
                m.status.label().to_owned(),
                m.effectiveness
                    .map(|e| e.label().to_owned())
                    .unwrap_or_default(),
                m.reference.clone(),
                addresses
                    .get(&m.id)
                    .map(|ts| ts.join(", "))
                    .unwrap_or_default(),
            ];
            for framework in standards::CONTROL_FRAMEWORKS {
                row.push(standards::ids(&m.standards, framework).join(", "));
            }
            let mut others = m.standards.clone();
            others.retain(|k, _| !standards::CONTROL_FRAMEWORKS.contains(&k.as_str()));
            row.push(standards::one_line(&others));
            row
        })
        .collect();
    Table {
        name: "Mitigations",
        widths: vec![12, 36, 60, 12, 13, 40, 20, 22, 20, 22, 24],
        header,
        rows,
    }
}

pub fn assumptions(model: &Model) -> Table {
    Table {
        name: "Assumptions",
        header: vec!["Assumption ID", "Tag", "Text", "Links"],
        widths: vec![13, 12, 80, 24],
        rows: model
            .assumptions
            .iter()
            .map(|a| {
                vec![
                    a.id.to_string(),
                    a.tag.clone(),
                    a.text.clone(),
                    a.links
                        .iter()
                        .map(|id| id.to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                ]
            })
            .collect(),
    }
}

/// The tracker's one-line title: the threat's short title, else its statement.
fn summary(t: &Threat) -> String {
    let text = if t.title.trim().is_empty() {
        t.statement()
    } else {
        t.title.trim().to_owned()
    };
    let summary = format!("[{}] {text}", t.id);
    match summary.char_indices().nth(SUMMARY_CHARS - 1) {
        Some((at, _)) => format!("{}…", &summary[..at]),
        None => summary,
    }
}

/// The issue body: the statement, then what was decided and how it is mitigated.
fn description(t: &Threat, linked: &[&crate::model::Mitigation]) -> String {
    let mut d = t.statement();
    if let Some(r) = t.response {
        d.push_str(&format!("\n\nResponse: {}", r.label()));
        if !t.justification.trim().is_empty() {
            d.push_str(&format!(" ({})", t.justification.trim()));
        }
    }
    if !linked.is_empty() {
        d.push_str("\n\nMitigations:");
        for m in linked {
            d.push_str(&format!("\n- {} {} ({})", m.id, m.title, m.status.label()));
        }
    }
    d
}

/// Tracker labels: no spaces, so that Jira keeps each one whole.
fn labels(t: &Threat) -> Vec<String> {
    let mut labels = vec!["threat-model".to_owned()];
    labels.extend(
        t.stride
            .iter()
            .map(|s| format!("stride-{}", s.label().to_lowercase().replace(' ', "-"))),
    );
    labels
}

fn origin(o: &Origin) -> String {
    match o {
        Origin::Manual => "Written by hand".to_owned(),
        Origin::Rule(id) => format!("Rule {id}"),
        Origin::Imported(tool) => format!("Imported from {tool}"),
    }
}
