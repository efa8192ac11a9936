//! Threat models in code review: what changed between two versions of a model, gates on what
//! a change introduced, and a three-way merge by id.

pub mod diff;
pub mod gates;
pub mod git;
pub mod merge;
pub mod report;
pub mod show;

pub use diff::{DiffOptions, ModelDiff, diff};
