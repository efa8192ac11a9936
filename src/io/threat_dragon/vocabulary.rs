//! Threat Dragon's words for categories, statuses and severities, and Strider's for the same.

use crate::model::{Priority, RiskResponse, Stride, ThreatStatus};

/// A category label as Threat Dragon writes it: in the UI language of whoever added the threat.
/// English, German, French and Spanish labels are recognised (Spanish ones read "English /
/// Spanish"), and so are the camelCase ids of its counters and single letters.
pub(crate) fn stride_of(label: &str) -> Option<Stride> {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    std::iter::once(label)
        .chain(label.split('/'))
        .find_map(|part| stride_of_key(&key(part)))
}

fn stride_of_key(key: &str) -> Option<Stride> {
    Some(match key {
        "spoofing" | "s" | "usurpationdidentité" => Stride::Spoofing,
        "tampering" | "t" | "manipulation" | "falsification" | "manipulación" => Stride::Tampering,
        "repudiation" | "r" | "nichtanerkennung" | "répudiation" | "repudiación" => {
            Stride::Repudiation
        }
        "informationdisclosure"
        | "i"
        | "veröffentlichungvoninformationen"
        | "divulgationdinformation"
        | "brechadeinformación" => Stride::InformationDisclosure,
        "denialofservice" | "d" | "dénideservice" | "denegacióndeservicio" => {
            Stride::DenialOfService
        }
        "elevationofprivilege"
        | "elevationofprivileges"
        | "e"
        | "erhöhungvonrechten"
        | "élévationdeprivilège"
        | "elevacióndeprivilegios" => Stride::ElevationOfPrivilege,
        _ => return None,
    })
}

/// Whether threats of this model type can carry STRIDE categories (a LINDDUN "Divulgation
/// d'information" is not STRIDE's information disclosure).
pub(crate) fn is_stride_model(model_type: &str) -> bool {
    !matches!(
        model_type.trim().to_ascii_uppercase().as_str(),
        "LINDDUN" | "CIA" | "CIADIE" | "DIE" | "PLOT4AI" | "EOP"
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localised_labels() {
        assert_eq!(stride_of("Manipulation"), Some(Stride::Tampering));
        assert_eq!(stride_of("Usurpation d'identité"), Some(Stride::Spoofing));
        assert_eq!(
            stride_of("Élévation de privilège"),
            Some(Stride::ElevationOfPrivilege)
        );
        assert_eq!(
            stride_of("Denial of service / Denegación de servicio"),
            Some(Stride::DenialOfService)
        );
        assert_eq!(
            stride_of("informationDisclosure"),
            Some(Stride::InformationDisclosure)
        );
        assert_eq!(stride_of("Linkability"), None);
        assert!(!is_stride_model("linddun") && is_stride_model("STRIDE") && is_stride_model(""));
    }
}
