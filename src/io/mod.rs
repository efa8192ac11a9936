//! Reading and writing models: Strider's own RON format, and the exporters chosen by the output
//! file's extension.

mod atomic;
pub mod export;
pub mod import;
pub mod native;
mod open;
pub mod threat_composer;
pub mod threat_dragon;
mod tmt;
pub mod uuid;

pub use atomic::write_atomically;
pub use export::{ExportError, ExportOptions, Exported, export_to_path, export_with};
pub use import::{Foreign, ImportError, Imported, MAX_IMPORT_BYTES, import_bytes, import_file};
pub use native::{
    FORMAT_NAME, FORMAT_VERSION, LoadError, SaveError, from_str, load, save, to_string,
};
pub use open::{OpenError, Opened, is_foreign, open};
