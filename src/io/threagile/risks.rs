//! Threagile's manual risks: each category (the `individual_risk_categories` map of the 2020
//! releases and the IDE schema, or the `custom_risk_categories` list Threagile reads today)
//! with its `risks_identified` as threats, the category's mitigation text linked to them, and
//! `risk_tracking` entries applied by Threagile's synthetic risk ids.

use super::{Ids, id_of, ids_in, map_of, scalar, text_of};
use crate::io::import::builder::Builder;
use crate::io::import::html::plain;
use crate::model::{
    Impact, Likelihood, MitigationStatus, Origin, Priority, Rating, RiskResponse, Stride, Threat,
    ThreatStatus, standards,
};
use serde_json::Value;

/// How many unmatched tracking keys the report names before it only counts them.
const NAMED: usize = 8;

pub(super) fn read(b: &mut Builder, root: &Value, ids: &Ids) {
    let listed = crate::io::import::json::array(root, "custom_risk_categories");
    let categories: Vec<(String, &Value)> = map_of(root, "individual_risk_categories")
        .map(|(t, c)| (t.to_owned(), c))
        .chain(listed.iter().map(|c| (scalar(c, "title"), c)))
        .collect();
    // Threagile's synthetic id of each threat made, for risk_tracking.
    let mut synthetic: Vec<(Vec<String>, usize)> = Vec::new();
    let mut rated = 0;
    for (title, category) in &categories {
        let title = if title.is_empty() {
            id_of(category, "unnamed category")
        } else {
            plain(title)
        };
        let mitigation = b.mitigation(
            &plain(&scalar(category, "mitigation")),
            MitigationStatus::Identified,
        );
        if let Some(m) = &mitigation {
            let sheet = scalar(category, "cheat_sheet");
            if let Some(m) = b.model.mitigations.iter_mut().find(|x| &x.id == m)
                && m.reference.is_empty()
            {
                m.reference = sheet;
            }
        }
        let category_id = id_of(category, &title);
        for (risk_title, risk) in map_of(category, "risks_identified") {
            let mut t = Threat::new(b.threat_id(None));
            t.origin = Origin::Imported("Threagile".into());
            t.title = plain(risk_title);
            t.target = target(b, risk, ids, &t.title);
            t.stride = stride(&scalar(category, "stride")).into_iter().collect();
            t.action = plain(&scalar(category, "description"));
            // Threagile names no threat source, so the statement is the category's text until
            // someone writes the grammar's source.
            t.description = t.action.clone();
            t.impact = plain(&scalar(category, "impact"));
            let data = scalar(risk, "most_relevant_data_asset");
            if !data.is_empty() {
                t.impacted_assets = vec![ids.data.get(&data).cloned().unwrap_or(data)];
            }
            t.priority = match scalar(risk, "severity").as_str() {
                "critical" | "high" => Some(Priority::High),
                "elevated" | "medium" => Some(Priority::Medium),
                "low" => Some(Priority::Low),
                _ => None,
            };
            t.rating = rating(risk);
            if t.rating.cell().is_some() {
                rated += 1;
            }
            let cwe = scalar(category, "cwe");
            if !cwe.is_empty() && cwe != "0" {
                let cwe = cwe.trim_start_matches("CWE-").to_owned();
                t.standards
                    .insert(standards::CWE.to_owned(), vec![format!("CWE-{cwe}")]);
            }
            t.comments = comments(&title, &category_id, category, risk);
            if let Some(m) = &mitigation {
                t.mitigations.push(m.clone());
            }
            synthetic.push((synthetic_id(&category_id, risk), b.model.threats.len()));
            b.model.threats.push(t);
        }
    }
    if rated > 0 {
        b.note(format!(
            "{rated} risk(s) are rated on Threagile's four-step scales, placed on Strider's \
             five steps as: likelihood unlikely, likely, very-likely, frequent -> Unlikely, \
             Possible, Likely, Almost certain; impact low, medium, high, very-high -> Minor, \
             Moderate, Major, Severe. Priority follows Threagile's own severity, so it can \
             differ from the rating's band"
        ));
    }
    tracking(b, root, &synthetic);
}

/// The threat's element or flow: the most relevant link, else the most relevant asset.
fn target(b: &mut Builder, risk: &Value, ids: &Ids, title: &str) -> Option<crate::model::Id> {
    let link = scalar(risk, "most_relevant_communication_link");
    if let Some(flow) = ids.links.get(&link) {
        return Some(flow.clone());
    }
    let asset = scalar(risk, "most_relevant_technical_asset");
    if let Some(element) = ids.assets.get(&asset) {
        return Some(element.clone());
    }
    let named: Vec<String> = [link, asset]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if !named.is_empty() {
        b.note(format!(
            "risk \"{title}\" names {}, which is not in the file; it is about the whole system",
            named.join(" and ")
        ));
    }
    None
}

fn stride(name: &str) -> Option<Stride> {
    Some(match name {
        "spoofing" => Stride::Spoofing,
        "tampering" => Stride::Tampering,
        "repudiation" => Stride::Repudiation,
        "information-disclosure" => Stride::InformationDisclosure,
        "denial-of-service" => Stride::DenialOfService,
        "elevation-of-privilege" => Stride::ElevationOfPrivilege,
        _ => return None,
    })
}

fn rating(risk: &Value) -> Rating {
    Rating {
        likelihood: match scalar(risk, "exploitation_likelihood").as_str() {
            "unlikely" => Some(Likelihood::Unlikely),
            "likely" => Some(Likelihood::Possible),
            "very-likely" => Some(Likelihood::Likely),
            "frequent" => Some(Likelihood::AlmostCertain),
            _ => None,
        },
        impact: match scalar(risk, "exploitation_impact").as_str() {
            "low" => Some(Impact::Minor),
            "medium" => Some(Impact::Moderate),
            "high" => Some(Impact::Major),
            "very-high" => Some(Impact::Severe),
            _ => None,
        },
    }
}

/// What Threagile says of the risk that has no field in Strider, one line each.
fn comments(title: &str, category_id: &str, category: &Value, risk: &Value) -> String {
    let mut lines = vec![format!("Threagile risk category: {title} ({category_id})")];
    for (label, key) in [
        ("ASVS", "asvs"),
        ("Cheat sheet", "cheat_sheet"),
        ("Action", "action"),
        ("Check", "check"),
        ("Function", "function"),
        ("Detection logic", "detection_logic"),
        ("Risk assessment", "risk_assessment"),
        ("False positives", "false_positives"),
    ] {
        let value = plain(&scalar(category, key));
        if !value.is_empty() {
            lines.push(format!("{label}: {value}"));
        }
    }
    let breach = scalar(risk, "data_breach_probability");
    if !breach.is_empty() {
        let assets = ids_in(risk, "data_breach_technical_assets");
        lines.push(if assets.is_empty() {
            format!("Data breach probability: {breach}")
        } else {
            format!("Data breach probability: {breach} ({})", assets.join(", "))
        });
    }
    lines.join("\n")
}

/// Threagile's id of a risk: the category id, then each most relevant id given, joined by `@`.
fn synthetic_id(category_id: &str, risk: &Value) -> Vec<String> {
    let mut parts = vec![category_id.to_owned()];
    for key in [
        "most_relevant_data_asset",
        "most_relevant_technical_asset",
        "most_relevant_communication_link",
        "most_relevant_trust_boundary",
        "most_relevant_shared_runtime",
    ] {
        let id = scalar(risk, key);
        if !id.is_empty() {
            parts.push(id);
        }
    }
    parts
}

/// A tracking key matches a risk part by part, `*` standing for any one part.
fn matches(key: &[&str], id: &[String]) -> bool {
    key.len() == id.len() && key.iter().zip(id).all(|(k, p)| *k == "*" || k == p)
}

/// `risk_tracking` sets status, response and justification on the risks it names; keys that
/// name risks Threagile's own rules derive (not in the file) are reported.
fn tracking(b: &mut Builder, root: &Value, synthetic: &[(Vec<String>, usize)]) {
    let mut unmatched = Vec::new();
    for (key, entry) in map_of(root, "risk_tracking") {
        let parts: Vec<&str> = key.split('@').collect();
        let hits: Vec<usize> = synthetic
            .iter()
            .filter(|(id, _)| matches(&parts, id))
            .map(|(_, i)| *i)
            .collect();
        if hits.is_empty() {
            unmatched.push(key);
            continue;
        }
        let status = scalar(entry, "status");
        let (threat_status, response) = match status.as_str() {
            "accepted" => (ThreatStatus::Resolved, Some(RiskResponse::Accept)),
            "in-progress" => (ThreatStatus::InProgress, Some(RiskResponse::Mitigate)),
            "mitigated" => (ThreatStatus::Resolved, Some(RiskResponse::Mitigate)),
            "false-positive" => (ThreatStatus::NotUseful, None),
            _ => (ThreatStatus::Identified, None),
        };
        let mut note = vec![format!(
            "Threagile tracking: {}",
            if status.is_empty() {
                "unchecked"
            } else {
                &status
            }
        )];
        for (label, field) in [
            ("ticket", "ticket"),
            ("date", "date"),
            ("checked by", "checked_by"),
        ] {
            let value = scalar(entry, field);
            if !value.is_empty() {
                note.push(format!("{label} {value}"));
            }
        }
        let justification = plain(&text_of(entry.get("justification").unwrap_or(&Value::Null)));
        for i in hits {
            let t = &mut b.model.threats[i];
            t.status = threat_status;
            if response.is_some() {
                t.response = response;
            }
            if !justification.is_empty() {
                t.justification = justification.clone();
            }
            t.comments.push('\n');
            t.comments.push_str(&note.join(", "));
        }
    }
    if !unmatched.is_empty() {
        let shown: Vec<&str> = unmatched.iter().take(NAMED).copied().collect();
        let more = unmatched.len() - shown.len();
        b.note(format!(
            "{} risk_tracking entr{} name risks that Threagile's built-in rules derive, which \
             are not in the file, so they were not applied (Strider's own rules suggest threats \
             instead): {}{}",
            unmatched.len(),
            if unmatched.len() == 1 { "y" } else { "ies" },
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn tracking_keys_match_part_by_part_with_wildcards() {
        let id: Vec<String> = ["ldap-injection", "ldap-auth-server", "app>ldap"]
            .map(String::from)
            .to_vec();
        assert!(matches(&["ldap-injection", "*", "*"], &id));
        assert!(matches(
            &["ldap-injection", "ldap-auth-server", "app>ldap"],
            &id
        ));
        assert!(!matches(&["ldap-injection", "*"], &id));
        assert!(!matches(&["other", "*", "*"], &id));
    }
}
