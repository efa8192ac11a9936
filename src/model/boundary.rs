//! Trust boundaries: named rectangles. Which elements they hold is computed from geometry
//! (see `geometry`), never stored, so moving a box can never leave a stale member list behind.

use super::Id;
use super::geometry::Rect;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Boundary {
    pub id: Id,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Top-left corner in diagram units.
    pub pos: (f32, f32),
    pub size: (f32, f32),
}

impl Boundary {
    pub fn new(id: Id, name: impl Into<String>, pos: (f32, f32), size: (f32, f32)) -> Self {
        Boundary {
            id,
            name: name.into(),
            description: String::new(),
            pos,
            size,
        }
    }

    pub fn rect(&self) -> Rect {
        Rect::from_pos_size(self.pos, self.size)
    }
}
