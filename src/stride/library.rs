//! Threat libraries: the built-in one (assets/threat-library.ron, compiled in) and libraries of
//! the user's own, which add to it.

use super::rules::{CatalogueMitigation, Rule};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Library {
    pub name: String,
    #[serde(default)]
    pub mitigations: Vec<CatalogueMitigation>,
    #[serde(default)]
    pub rules: Vec<Arc<Rule>>,
}

#[derive(Debug, Error)]
pub enum LibraryError {
    #[error("{path}: cannot read the threat library: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

const BUILTIN: &str = include_str!("../../assets/threat-library.ron");

impl Library {
    /// The library that ships with Strider.
    pub fn builtin() -> &'static Library {
        static LIB: OnceLock<Library> = OnceLock::new();
        LIB.get_or_init(|| {
            Library::parse(BUILTIN, "assets/threat-library.ron")
                .expect("the built-in threat library is valid (checked by the tests)")
        })
    }

    pub fn parse(text: &str, path: &str) -> Result<Library, LibraryError> {
        let mut lib: Library =
            ron::Options::default()
                .from_str(text)
                .map_err(|e| LibraryError::Syntax {
                    path: path.to_owned(),
                    line: e.span.start.line,
                    column: e.span.start.col,
                    message: e.code.to_string(),
                })?;
        lib.check(path)?;
        for r in &mut lib.rules {
            let r = Arc::make_mut(r);
            r.when.normalise();
            r.kinds = r.when.kinds();
        }
        Ok(lib)
    }

    pub fn load(path: &Path) -> Result<Library, LibraryError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| LibraryError::Io {
            path: name.clone(),
            source,
        })?;
        Library::parse(&text, &name)
    }

    /// Rule ids are unique, and every mitigation a rule names is in the catalogue.
    fn check(&self, path: &str) -> Result<(), LibraryError> {
        let invalid = |message: String| LibraryError::Invalid {
            path: path.to_owned(),
            message,
        };
        let mut ids = HashSet::new();
        for r in &self.rules {
            if !ids.insert(r.id.as_str()) {
                return Err(invalid(format!("rule id {} is used twice", r.id)));
            }
        }
        let catalogue: HashSet<&str> = self.mitigations.iter().map(|m| m.id.as_str()).collect();
        for r in &self.rules {
            if let Some(m) = r
                .mitigations
                .iter()
                .find(|m| !catalogue.contains(m.as_str()))
            {
                return Err(invalid(format!(
                    "rule {} names mitigation {m}, which is not in the catalogue",
                    r.id
                )));
            }
        }
        Ok(())
    }

    /// This library with another's rules and mitigations added; the other wins on equal ids.
    pub fn merged(&self, other: &Library) -> Library {
        let mut lib = self.clone();
        lib.name = format!("{} + {}", self.name, other.name);
        lib.rules
            .retain(|r| !other.rules.iter().any(|o| o.id == r.id));
        lib.rules.extend(other.rules.iter().cloned());
        lib.mitigations
            .retain(|m| !other.mitigations.iter().any(|o| o.id == m.id));
        lib.mitigations.extend(other.mitigations.iter().cloned());
        lib
    }

    pub fn mitigation(&self, id: &str) -> Option<&CatalogueMitigation> {
        self.mitigations.iter().find(|m| m.id == id)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id).map(|r| &**r)
    }
}
