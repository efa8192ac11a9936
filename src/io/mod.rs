//! Reading and writing models: Strider's own RON format, and the exporters chosen by the output
//! file's extension.

mod atomic;
pub mod export;
pub mod native;

pub use atomic::write_atomically;
pub use export::{ExportError, ExportOptions, export_to_path, export_with};
pub use native::{
    FORMAT_NAME, FORMAT_VERSION, LoadError, SaveError, from_str, load, save, to_string,
};
