//! Filling a rule's threat template with names from the model.

use std::sync::Arc;

/// The values placeholders stand for: {element}, {source}, {target}, {flow}, {data},
/// {boundary}, {technology}. Built once per target and shared by its suggestions; the values
/// are shared strings because most of them are names that many targets repeat.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Bindings {
    /// The target's own name (an element's name, a flow's label).
    pub name: Arc<str>,
    pub element: Arc<str>,
    pub source: Arc<str>,
    pub target: Arc<str>,
    pub flow: Arc<str>,
    pub data: Arc<str>,
    pub technology: Arc<str>,
    pub boundary: Arc<str>,
}

impl Bindings {
    fn value(&self, key: &str) -> Option<&str> {
        Some(match key {
            "element" => &self.element,
            "source" => &self.source,
            "target" => &self.target,
            "flow" => &self.flow,
            "data" => &self.data,
            "technology" => &self.technology,
            "boundary" => &self.boundary,
            _ => return None,
        })
    }

    /// Replaces every known `{placeholder}`; unknown ones are left for the library's tests to
    /// catch.
    pub fn fill(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            match after
                .find('}')
                .and_then(|end| Some((end, self.value(&after[..end])?)))
            {
                Some((end, value)) => {
                    out.push_str(value);
                    rest = &after[end + 1..];
                }
                None => {
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
        let b = Bindings {
            element: "Vehicle table".into(),
            ..Bindings::default()
        };
        assert_eq!(
            b.fill("read {element} via {nope}"),
            "read Vehicle table via {nope}"
        );
        assert_eq!(b.fill("{element}{element}"), "Vehicle tableVehicle table");
        assert_eq!(b.fill("no placeholders {"), "no placeholders {");
    }
}
