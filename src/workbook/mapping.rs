//! The "Control mapping" appendix: each control, the threats it addresses, and the standards it
//! answers to (OWASP ASVS, ISO/IEC 27001 Annex A, NIST SP 800-53, and any framework a user
//! library adds); then each threat's weaknesses (CWE) and attack patterns (CAPEC). It is what an
//! auditor reads to see which requirement each control meets.

use super::writer::{Writer, col};
use crate::model::{Model, standards};
use std::collections::{BTreeSet, HashMap};

pub fn appendix(w: &mut Writer, model: &Model) {
    w.heading(1, "Appendix: Control mapping");
    w.paragraph(
        "Each control, the threats it addresses and the standard requirements it meets. The \
         built-in library's controls carry OWASP ASVS 5.0, ISO/IEC 27001:2022 Annex A and NIST \
         SP 800-53 Rev. 5 references; its rules carry CWE and CAPEC.",
    );
    let mut addresses: HashMap<&crate::model::Id, Vec<&str>> = HashMap::new();
    for t in &model.threats {
        for m in &t.mitigations {
            addresses.entry(m).or_default().push(t.id.as_str());
        }
    }
    // The built-in frameworks first, then any others the model's controls cite.
    let mut others: BTreeSet<&str> = BTreeSet::new();
    for m in &model.mitigations {
        others.extend(
            m.standards
                .keys()
                .map(String::as_str)
                .filter(|k| !standards::CONTROL_FRAMEWORKS.contains(k)),
        );
    }
    let mapped: Vec<_> = model
        .mitigations
        .iter()
        .filter(|m| !m.standards.is_empty() || addresses.contains_key(&m.id))
        .collect();
    if mapped.is_empty() {
        w.note("No control is linked to a threat or cites a standard yet.");
    } else {
        let rows: Vec<Vec<String>> = mapped
            .iter()
            .map(|m| {
                let mut row = vec![
                    format!("{} {}", super::tables::reference(m.id.as_str()), m.title),
                    addresses
                        .get(&m.id)
                        .map(|ts| {
                            let ts: Vec<String> =
                                ts.iter().map(|t| super::tables::reference(t)).collect();
                            ts.join(", ")
                        })
                        .unwrap_or_else(|| "-".to_owned()),
                ];
                for framework in standards::CONTROL_FRAMEWORKS {
                    row.push(or_dash(standards::ids(&m.standards, framework).join(", ")));
                }
                if !others.is_empty() {
                    let mut extra = m.standards.clone();
                    extra.retain(|k, _| others.contains(k.as_str()));
                    row.push(or_dash(standards::one_line(&extra)));
                }
                row
            })
            .collect();
        let mut columns = vec![
            col("Control", 2.2),
            col("Addresses", 1.1),
            col("ASVS 5.0", 1.2),
            col("ISO/IEC 27001:2022", 1.1),
            col("NIST SP 800-53 Rev. 5", 1.2),
        ];
        if !others.is_empty() {
            columns.push(col("Other frameworks", 1.3));
        }
        w.table(&columns, &rows);
    }
    let weaknesses: Vec<Vec<String>> = model
        .threats
        .iter()
        .filter(|t| !t.standards.is_empty())
        .map(|t| {
            vec![
                super::tables::reference(t.id.as_str()),
                super::tables::titled_statement(t),
                or_dash(standards::ids(&t.standards, standards::CWE).join(", ")),
                or_dash(standards::ids(&t.standards, standards::CAPEC).join(", ")),
            ]
        })
        .collect();
    if !weaknesses.is_empty() {
        w.heading(2, "Weaknesses and attack patterns of the threats");
        w.table(
            &[
                col("Threat", 0.6),
                col("Statement", 3.6),
                col("CWE", 0.9),
                col("CAPEC", 0.9),
            ],
            &weaknesses,
        );
    }
}

fn or_dash(s: String) -> String {
    if s.is_empty() { "-".to_owned() } else { s }
}
