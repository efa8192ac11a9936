//! Reading and writing model files: Strider's own RON format and the formats of other tools.
//! Which writer an output file gets is chosen above this module, in `export`.

mod atomic;
mod drawio;
pub mod import;
pub mod native;
mod notes;
mod open;
pub mod otm;
pub mod sarif;
pub mod spreadsheets;
pub mod tables;
mod threagile;
pub mod threat_composer;
pub mod threat_dragon;
mod tmbom;
pub mod tmbom_write;
mod tmt;
pub mod uuid;

pub use atomic::{remove_stale_temporaries, write_atomically, write_atomically_with};
pub use import::{Foreign, ImportError, Imported, MAX_IMPORT_BYTES, import_bytes, import_file};
pub use native::{
    FORMAT_NAME, FORMAT_VERSION, LoadError, SaveError, from_str, load, save, to_string,
};
pub use open::{OpenError, Opened, is_foreign, open};
