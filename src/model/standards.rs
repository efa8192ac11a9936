//! References from threats and controls to the standards auditors ask about: CWE and CAPEC on
//! threats (from the rule that suggested them), OWASP ASVS, ISO/IEC 27001 Annex A and NIST SP
//! 800-53 on controls. A framework's name maps to the ids it cites; a library may add
//! frameworks of its own.

use std::collections::BTreeMap;

/// Framework name -> ids, e.g. `"CWE" -> ["CWE-319"]`.
pub type Standards = BTreeMap<String, Vec<String>>;

pub const CWE: &str = "CWE";
pub const CAPEC: &str = "CAPEC";
pub const ASVS: &str = "ASVS 5.0";
pub const ISO_27001: &str = "ISO/IEC 27001:2022";
pub const NIST_800_53: &str = "NIST SP 800-53 Rev. 5";

/// The frameworks a built-in control cites, in the order they are shown.
pub const CONTROL_FRAMEWORKS: [&str; 3] = [ASVS, ISO_27001, NIST_800_53];

/// "ASVS 5.0 V12.1.1; NIST SP 800-53 Rev. 5 SC-8, SC-13": one line for a table cell. Ids that
/// already name their framework ("CWE-319") are not prefixed twice.
pub fn one_line(standards: &Standards) -> String {
    standards
        .iter()
        .filter(|(_, ids)| !ids.is_empty())
        .map(|(framework, ids)| {
            if ids.iter().all(|id| id.starts_with(framework.as_str())) {
                ids.join(", ")
            } else {
                format!("{framework} {}", ids.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every id of one framework, or none.
pub fn ids<'s>(standards: &'s Standards, framework: &str) -> &'s [String] {
    standards.get(framework).map(Vec::as_slice).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_names_each_framework_once() {
        let mut s = Standards::new();
        s.insert(CWE.into(), vec!["CWE-319".into()]);
        s.insert(NIST_800_53.into(), vec!["SC-8".into(), "SC-13".into()]);
        assert_eq!(one_line(&s), "CWE-319; NIST SP 800-53 Rev. 5 SC-8, SC-13");
        assert_eq!(ids(&s, CWE), ["CWE-319".to_owned()]);
        assert!(ids(&s, CAPEC).is_empty());
    }
}
