//! Filling a rule's threat template with names from the model.

use std::collections::HashMap;

/// The values placeholders stand for: {element}, {source}, {target}, {flow}, {data},
/// {boundary}, {technology}.
#[derive(Debug, Default, Clone)]
pub struct Bindings {
    values: HashMap<&'static str, String>,
}

impl Bindings {
    pub fn set(&mut self, key: &'static str, value: impl Into<String>) {
        self.values.insert(key, value.into());
    }

    /// Replaces every known `{placeholder}`; unknown ones are left for the library's tests to
    /// catch.
    pub fn fill(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            match after.find('}') {
                Some(end) if self.values.contains_key(&after[..end]) => {
                    out.push_str(&self.values[&after[..end]]);
                    rest = &after[end + 1..];
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_and_keeps_unknown() {
        let mut b = Bindings::default();
        b.set("element", "Vehicle table");
        assert_eq!(
            b.fill("read {element} via {nope}"),
            "read Vehicle table via {nope}"
        );
        assert_eq!(b.fill("{element}{element}"), "Vehicle tableVehicle table");
        assert_eq!(b.fill("no placeholders {"), "no placeholders {");
    }
}
