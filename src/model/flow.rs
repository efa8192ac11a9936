//! Data flows: what moves between two elements, and how it is protected on the way.

use super::Id;
use super::element::is_false;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A data flow from one element to another on the same diagram.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    pub id: Id,
    pub from: Id,
    pub to: Id,
    /// The data carried, as drawn on the arrow ("Tokens, API method, data").
    pub label: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// e.g. "HTTPS", "MQTT over TLS", "DynamoDB API (HTTPS + SigV4)".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub encrypted: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub authenticated: bool,
    /// Travels over the public internet or another network we do not control.
    #[serde(default, skip_serializing_if = "is_false")]
    pub public_network: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub bidirectional: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub out_of_scope: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub out_of_scope_reason: String,
    /// Bend points between the two ends, in diagram units (kept from imported diagrams).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waypoints: Vec<(f32, f32)>,
    /// Drawn with right angles only (horizontal and vertical segments) through its bends.
    #[serde(default, skip_serializing_if = "is_false")]
    pub orthogonal: bool,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom: BTreeMap<String, String>,
}

impl Flow {
    pub fn new(id: Id, from: Id, to: Id, label: impl Into<String>) -> Self {
        Flow {
            id,
            from,
            to,
            label: label.into(),
            description: String::new(),
            protocol: String::new(),
            encrypted: false,
            authenticated: false,
            public_network: false,
            bidirectional: false,
            out_of_scope: false,
            out_of_scope_reason: String::new(),
            waypoints: Vec::new(),
            orthogonal: false,
            custom: BTreeMap::new(),
        }
    }
}
