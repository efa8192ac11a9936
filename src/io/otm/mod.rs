//! Open Threat Model (OTM, IriusRisk's exchange format, written by StartLeft from Terraform,
//! CloudFormation, Visio, Lucid, draw.io and TMT): read.rs brings a file in, write.rs writes
//! OTM 0.2.0 with positions.

mod read;
mod write;

pub(crate) use read::read;
pub use write::to_json;

/// Marks the zone an export adds for elements outside every trust boundary (OTM needs a
/// parent for each component); reading it back, that zone is not a boundary.
const DEFAULT_ZONE: &str = "strider.defaultZone";
/// Marks a mitigation whose effectiveness was not rated (OTM needs a risk reduction).
const NOT_RATED: &str = "strider.effectiveness";
