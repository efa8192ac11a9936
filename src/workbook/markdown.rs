//! The workbook's sections as Markdown, for wikis and pull requests.

use crate::model::geometry::Membership;
use crate::model::{Model, Stride};
use crate::stride::{self, Insights, Library};
use std::fmt::Write;

/// A table cell: one line, with the characters that would break a Markdown table escaped.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn table(out: &mut String, headers: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(headers.len()));
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    if rows.is_empty() {
        let _ = writeln!(out, "| (none){} |", " |".repeat(headers.len() - 1));
    }
    out.push('\n');
}

use super::tables::{self, Targets, by_priority};

pub fn report(model: &Model) -> String {
    let targets = Targets::of(model);
    let mitigations = model.mitigations_by_id();
    let mut o = String::new();
    let i = &model.info;
    let _ = writeln!(o, "# {}\n", cell(&i.title));
    for (label, v) in [
        ("Owner", &i.owner),
        ("Date", &i.date),
        ("Version", &i.version),
    ] {
        if !v.is_empty() {
            let _ = writeln!(o, "- **{label}:** {}", cell(v));
        }
    }
    if !i.reviewers.is_empty() {
        let _ = writeln!(o, "- **Reviewers:** {}", cell(&i.reviewers.join(", ")));
    }
    o.push('\n');
    let team: Vec<Vec<String>> = model
        .team
        .iter()
        .map(|m| vec![m.persona.label().into(), m.name.clone(), m.contact.clone()])
        .collect();
    o.push_str("## Team\n\n");
    table(&mut o, &["Persona", "Name", "Contact"], &team);

    o.push_str("## 1. What are we working on?\n\n");
    for (label, text) in [
        ("System description", &i.description),
        ("Architecture", &i.architecture),
        ("User story", &i.user_story),
        ("Scope", &i.scope),
    ] {
        if !text.is_empty() {
            let _ = writeln!(o, "### {label}\n\n{text}\n");
        }
    }
    for d in &model.diagrams {
        let m = Membership::compute(d);
        let _ = writeln!(o, "### Diagram: {}\n", cell(&d.name));
        table(&mut o, &tables::ELEMENT_HEADERS, &tables::elements(d, &m));
        table(&mut o, &tables::FLOW_HEADERS, &tables::flows(d, &m));
    }
    o.push_str("### Assumptions\n\n");
    let rows: Vec<Vec<String>> = model
        .assumptions
        .iter()
        .map(|a| vec![a.id.0.clone(), a.tag.clone(), a.text.clone()])
        .collect();
    table(&mut o, &["ID", "Tag", "Assumption"], &rows);

    o.push_str("## 2. What can go wrong?\n\n### STRIDE per element\n\n");
    let analysis = stride::analyse(model, Library::builtin());
    let rows = tables::stride_matrix(&analysis, false);
    table(
        &mut o,
        &["Element or flow", "S", "T", "R", "I", "D", "E"],
        &rows,
    );
    o.push_str("### Threats\n\n");
    let sorted = by_priority(model);
    let rows: Vec<Vec<String>> = sorted
        .iter()
        .map(|t| {
            vec![
                t.priority.map_or("-".into(), |p| p.label().into()),
                t.id.0.clone(),
                t.statement(),
                targets.name(t),
                t.stride_letters(),
            ]
        })
        .collect();
    table(
        &mut o,
        &[
            "Priority",
            "Threat ID",
            "Threat statement",
            "Element",
            "STRIDE",
        ],
        &rows,
    );

    o.push_str("## 3. What are we going to do about it?\n\n### Risk responses\n\n");
    let rows: Vec<Vec<String>> = sorted
        .iter()
        .map(|t| {
            vec![
                t.id.0.clone(),
                t.response.map_or("-".into(), |r| r.label().into()),
                t.mitigations
                    .iter()
                    .filter_map(|id| mitigations.get(id))
                    .map(|m| m.id.0.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                t.justification.clone(),
            ]
        })
        .collect();
    table(
        &mut o,
        &["Threat", "Response", "Mitigations", "Justification"],
        &rows,
    );
    o.push_str("### Mitigations\n\n");
    let rows = tables::mitigations(model);
    table(&mut o, &tables::MITIGATION_HEADERS, &rows);

    o.push_str("## 4. Did we do a good job?\n\n");
    let ins = Insights::of(model, &analysis);
    let _ = writeln!(
        o,
        "- {} of {} (element or flow, STRIDE category) pairs reviewed ({:.0}%)",
        ins.pairs_reviewed,
        ins.pairs,
        ins.reviewed_share * 100.0
    );
    let _ = writeln!(
        o,
        "- Threats without a priority: {}",
        ins.without_priority.len()
    );
    let _ = writeln!(
        o,
        "- Threats without a risk response: {}",
        ins.without_response.len()
    );
    let _ = writeln!(
        o,
        "- Mitigate without a mitigation: {}",
        ins.mitigate_without_mitigation.len()
    );
    for s in Stride::ALL {
        let _ = writeln!(
            o,
            "- {}: {} threats",
            s.label(),
            ins.stride.get(s.label()).copied().unwrap_or(0)
        );
    }
    if !ins.risk.is_empty() {
        o.push_str("\n### Risk matrix\n\n");
        for stage in [crate::model::Stage::Inherent, crate::model::Stage::Residual] {
            let name = match stage {
                crate::model::Stage::Inherent => "Inherent",
                crate::model::Stage::Residual => "Residual",
            };
            let _ = writeln!(o, "{name} risk (likelihood down, impact across):\n");
            let rows: Vec<Vec<String>> = crate::model::Likelihood::ALL
                .into_iter()
                .rev()
                .map(|likelihood| {
                    std::iter::once(likelihood.label().to_owned())
                        .chain(crate::model::Impact::ALL.into_iter().map(|impact| {
                            let cell = crate::model::risk::Cell { likelihood, impact };
                            ins.risk
                                .ids(stage, cell)
                                .iter()
                                .map(|id| tables::reference(id.as_str()))
                                .collect::<Vec<_>>()
                                .join(" ")
                        }))
                        .collect()
                })
                .collect();
            let mut headers = vec![""];
            headers.extend(crate::model::Impact::ALL.map(|i| i.label()));
            table(&mut o, &headers, &rows);
        }
    }
    o.push_str("\n### Retrospective\n\n");
    let rows: Vec<Vec<String>> = model
        .retrospective
        .iter()
        .map(|r| vec![r.question.clone(), r.answer.clone(), r.follow_up.clone()])
        .collect();
    table(&mut o, &["Question", "Answer", "Follow-up"], &rows);
    let mapped: Vec<Vec<String>> = model
        .mitigations
        .iter()
        .filter(|m| !m.standards.is_empty())
        .map(|m| {
            vec![
                format!("{} {}", tables::reference(m.id.as_str()), m.title),
                crate::model::standards::one_line(&m.standards),
            ]
        })
        .collect();
    if !mapped.is_empty() {
        o.push_str("## Appendix: Control mapping\n\n");
        table(&mut o, &["Control", "Standards"], &mapped);
    }
    // Text from files may hold control characters that a terminal showing the file obeys.
    crate::printable::printable(&o, true).into_owned()
}
