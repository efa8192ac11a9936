//! OWASP Threat Dragon models: v1 (JointJS) and v2 (AntV X6) JSON in, v2 JSON out.

mod read;
pub(crate) mod vocabulary;
mod write;

pub(crate) use read::read;
pub use write::{to_json, write_json};
