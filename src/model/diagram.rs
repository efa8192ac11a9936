//! One data flow diagram of a model. A model may have several, e.g. one per plane (data, control).

use super::{Boundary, Element, Flow, Id};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Diagram {
    pub id: Id,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<Element>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boundaries: Vec<Boundary>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<Flow>,
}

impl Diagram {
    pub fn new(id: Id, name: impl Into<String>) -> Self {
        Diagram {
            id,
            name: name.into(),
            description: String::new(),
            elements: Vec::new(),
            boundaries: Vec::new(),
            flows: Vec::new(),
        }
    }

    /// The ids of everything drawn on the diagram: elements, boundaries and flows.
    pub fn shape_ids(&self) -> impl Iterator<Item = &Id> {
        self.elements
            .iter()
            .map(|e| &e.id)
            .chain(self.boundaries.iter().map(|b| &b.id))
            .chain(self.flows.iter().map(|f| &f.id))
    }

    pub fn element(&self, id: &Id) -> Option<&Element> {
        self.elements.iter().find(|e| &e.id == id)
    }

    pub fn flow(&self, id: &Id) -> Option<&Flow> {
        self.flows.iter().find(|f| &f.id == id)
    }

    pub fn boundary(&self, id: &Id) -> Option<&Boundary> {
        self.boundaries.iter().find(|b| &b.id == id)
    }
}
