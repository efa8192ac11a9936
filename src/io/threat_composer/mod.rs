//! AWS Threat Composer workspaces (`.tc.json`, schema 1): threats in the threat grammar,
//! mitigations, assumptions and the links between them. A workspace has no diagram.

mod read;
mod write;

pub(crate) use read::read;
pub use write::{image_fits, to_json};

/// The `custom:` metadata keys Strider writes for fields Threat Composer has no place for, and
/// reads back on import.
const CUSTOM_TITLE: &str = "custom:Title";
const CUSTOM_DESCRIPTION: &str = "custom:Description";
const CUSTOM_RESPONSE: &str = "custom:Risk response";
const CUSTOM_JUSTIFICATION: &str = "custom:Justification";
const CUSTOM_TARGET: &str = "custom:Element or flow";
const CUSTOM_REFERENCE: &str = "custom:Reference";
const ORIGIN: &str = "Threat Composer";
