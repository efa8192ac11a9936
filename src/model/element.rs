//! The things a data flow diagram connects: external actors, processes and data stores.

use super::Id;
use super::geometry::Rect;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The three DFD element kinds; STRIDE per element decides what can go wrong by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ElementKind {
    /// A person or system outside our control (DFD "external entity").
    Actor,
    /// Code we run: a service, a function, an API.
    Process,
    /// Data at rest: a table, a bucket, a queue, a log.
    Store,
}

impl ElementKind {
    pub const ALL: [ElementKind; 3] =
        [ElementKind::Actor, ElementKind::Process, ElementKind::Store];

    pub fn label(self) -> &'static str {
        match self {
            ElementKind::Actor => "External actor",
            ElementKind::Process => "Process",
            ElementKind::Store => "Data store",
        }
    }

    /// The id prefix new elements of this kind get, as in the workshop's tables (E1, P3, D2).
    pub fn id_prefix(self) -> &'static str {
        match self {
            ElementKind::Actor => "E",
            ElementKind::Process => "P",
            ElementKind::Store => "D",
        }
    }
}

/// How much the running code may do: decides how bad an elevation of privilege is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Privilege {
    Limited,
    Standard,
    Elevated,
    Root,
}

/// The facts about an element that threat rules reason about. Every flag defaults to false and is
/// left out of the file when false, so a file shows only what someone actually said.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ElementProps {
    #[serde(skip_serializing_if = "is_false")]
    pub stores_credentials: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub stores_sensitive_data: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub holds_logs: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub encrypted_at_rest: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub backed_up: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub web_application: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub authenticates_users: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub authorizes_requests: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub validates_input: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub internet_facing: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub human: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privilege: Option<Privilege>,
}

pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

/// An external actor, process or data store on one diagram.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Element {
    pub id: Id,
    pub kind: ElementKind,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What it is built with, e.g. "AWS Lambda" or "Amazon S3": threat rules match on it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub technology: String,
    /// Top-left corner in diagram units.
    pub pos: (f32, f32),
    pub size: (f32, f32),
    #[serde(default, skip_serializing_if = "is_false")]
    pub out_of_scope: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub out_of_scope_reason: String,
    #[serde(default, skip_serializing_if = "is_default_props")]
    pub props: ElementProps,
    /// Properties Strider has no field for (kept from imported files so nothing is lost).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom: BTreeMap<String, String>,
}

fn is_default_props(p: &ElementProps) -> bool {
    *p == ElementProps::default()
}

impl Element {
    /// A new element of `kind` with the default size for that kind, its top-left corner at `pos`.
    pub fn new(id: Id, kind: ElementKind, name: impl Into<String>, pos: (f32, f32)) -> Self {
        Element {
            id,
            kind,
            name: name.into(),
            description: String::new(),
            technology: String::new(),
            pos,
            size: Self::default_size(kind),
            out_of_scope: false,
            out_of_scope_reason: String::new(),
            props: ElementProps::default(),
            custom: BTreeMap::new(),
        }
    }

    pub fn default_size(kind: ElementKind) -> (f32, f32) {
        match kind {
            ElementKind::Actor => (160.0, 60.0),
            ElementKind::Process => (130.0, 90.0),
            ElementKind::Store => (160.0, 60.0),
        }
    }

    pub fn rect(&self) -> Rect {
        Rect::from_pos_size(self.pos, self.size)
    }
}
