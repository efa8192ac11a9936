//! Threat Dragon's words for categories, statuses and severities, and Strider's for the same.

use crate::model::{Priority, RiskResponse, Stride, ThreatStatus};

/// A category label as Threat Dragon writes it (in the UI language; English labels and the
/// camelCase ids of its threat-frequency counters are recognised).
pub(crate) fn stride_of(label: &str) -> Option<Stride> {
    let key: String = label
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    Some(match key.as_str() {
        "spoofing" | "s" => Stride::Spoofing,
        "tampering" | "t" => Stride::Tampering,
        "repudiation" | "r" => Stride::Repudiation,
        "informationdisclosure" | "i" => Stride::InformationDisclosure,
        "denialofservice" | "d" => Stride::DenialOfService,
        "elevationofprivilege" | "elevationofprivileges" | "e" => Stride::ElevationOfPrivilege,
        _ => return None,
    })
}

/// The English label Threat Dragon shows for a STRIDE category.
pub(crate) fn label_of(stride: Stride) -> &'static str {
    match stride {
        Stride::Spoofing => "Spoofing",
        Stride::Tampering => "Tampering",
        Stride::Repudiation => "Repudiation",
        Stride::InformationDisclosure => "Information disclosure",
        Stride::DenialOfService => "Denial of service",
        Stride::ElevationOfPrivilege => "Elevation of privilege",
    }
}

/// Status and risk response from Threat Dragon's status; `None` for a status it does not know.
pub(crate) fn status_of(status: &str) -> Option<(ThreatStatus, Option<RiskResponse>)> {
    let key: String = status
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    Some(match key.as_str() {
        "open" | "" => (ThreatStatus::Identified, None),
        "mitigated" => (ThreatStatus::Resolved, Some(RiskResponse::Mitigate)),
        "notapplicable" | "na" => (ThreatStatus::NotUseful, None),
        "accepted" => (ThreatStatus::Resolved, Some(RiskResponse::Accept)),
        "transferred" => (ThreatStatus::Resolved, Some(RiskResponse::Transfer)),
        "avoided" | "eliminated" => (ThreatStatus::Resolved, Some(RiskResponse::Avoid)),
        _ => return None,
    })
}

pub(crate) fn status_label(status: ThreatStatus, response: Option<RiskResponse>) -> &'static str {
    match (status, response) {
        (ThreatStatus::NotUseful, _) => "NotApplicable",
        (ThreatStatus::Resolved, Some(RiskResponse::Accept)) => "Accepted",
        (ThreatStatus::Resolved, Some(RiskResponse::Transfer)) => "Transferred",
        (ThreatStatus::Resolved, Some(RiskResponse::Avoid)) => "Avoided",
        (ThreatStatus::Resolved, _) => "Mitigated",
        _ => "Open",
    }
}

/// Severity as priority; "Critical" is the top of Strider's scale. `Err` keeps an unknown label.
pub(crate) fn priority_of(severity: &str) -> Result<Option<Priority>, ()> {
    match severity.trim().to_ascii_lowercase().as_str() {
        "critical" | "high" => Ok(Some(Priority::High)),
        "medium" => Ok(Some(Priority::Medium)),
        "low" => Ok(Some(Priority::Low)),
        "" | "tbd" | "tba" => Ok(None),
        _ => Err(()),
    }
}

pub(crate) fn severity_label(priority: Option<Priority>) -> &'static str {
    priority.map_or("TBD", Priority::label)
}
