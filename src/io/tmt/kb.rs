//! The template embedded in every `.tm7` file: what each stencil type is drawn as, and which
//! STRIDE category each threat type belongs to.

use super::xml::{child, children, elements, text_of};
use roxmltree::Node;
use std::collections::HashMap;

#[derive(Default)]
pub(crate) struct KnowledgeBase {
    pub name: String,
    pub version: String,
    /// Element type id → (name, representation, parent id).
    element_types: HashMap<String, (String, String, String)>,
    /// Threat type id → category id.
    threat_types: HashMap<String, String>,
    /// Category id → category name.
    categories: HashMap<String, String>,
    /// Threat field name → label (custom templates key their fields by GUID).
    pub field_labels: HashMap<String, String>,
}

impl KnowledgeBase {
    pub fn read(kb: Node) -> Self {
        let mut k = KnowledgeBase::default();
        if let Some(m) = child(kb, "Manifest") {
            k.name = text_of(m, "Name");
            k.version = text_of(m, "Version");
        }
        for list in ["GenericElements", "StandardElements"] {
            for e in child(kb, list).into_iter().flat_map(elements) {
                k.element_types.insert(
                    text_of(e, "Id"),
                    (
                        text_of(e, "Name"),
                        text_of(e, "Representation"),
                        text_of(e, "ParentId"),
                    ),
                );
            }
        }
        for c in child(kb, "ThreatCategories").into_iter().flat_map(elements) {
            k.categories.insert(text_of(c, "Id"), text_of(c, "Name"));
        }
        for t in child(kb, "ThreatTypes").into_iter().flat_map(elements) {
            k.threat_types
                .insert(text_of(t, "Id"), text_of(t, "Category"));
        }
        let data = child(kb, "ThreatMetaData").and_then(|m| child(m, "PropertiesMetaData"));
        for d in data
            .into_iter()
            .flat_map(|p| children(p, "ThreatMetaDatum"))
        {
            k.field_labels
                .insert(text_of(d, "Name"), text_of(d, "Label"));
        }
        k
    }

    /// How a stencil type is drawn (`Ellipse`, `Rectangle`, `ParallelLines`, `Annotation`,
    /// `BorderBoundary`, `Line`, `LineBoundary`), following standard types to their generic parent.
    pub fn representation(&self, type_id: &str) -> Option<&str> {
        let mut id = type_id;
        for _ in 0..16 {
            let (_, representation, parent) = self.element_types.get(id)?;
            if !representation.is_empty() && representation != "Inherited" {
                return Some(representation);
            }
            id = parent;
        }
        None
    }

    pub fn type_name(&self, type_id: &str) -> Option<&str> {
        self.element_types.get(type_id).map(|(n, _, _)| n.as_str())
    }

    pub fn category_of(&self, threat_type: &str) -> Option<&str> {
        let category = self.threat_types.get(threat_type)?;
        self.categories
            .get(category)
            .map(String::as_str)
            .or(Some(category.as_str()))
    }
}
