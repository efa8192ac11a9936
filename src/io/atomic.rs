//! Writing a file so that a crash or a full disk can never leave a half-written model behind:
//! the bytes go to a temporary file in the same folder, which then replaces the target in one
//! rename.

use std::io::Write;
use std::path::Path;

pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".strider-save-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // `persist` renames over the target; on failure the temporary file is removed when dropped.
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
