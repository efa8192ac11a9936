//! Writing a file so that a crash or a full disk can never leave a half-written model behind:
//! the bytes go to a temporary file in the same folder, which then replaces the target in one
//! rename.
//!
//! What a save must not change is kept: a symbolic link stays a link (the file it points to is
//! replaced), and the file keeps its permissions. A process killed mid-write leaves its temporary
//! file behind; the next save into that folder removes such leftovers once they are old enough
//! that no other save can still be writing them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Temporary files are named `.strider-save-XXXXXX.tmp`.
const PREFIX: &str = ".strider-save-";
const SUFFIX: &str = ".tmp";

/// A leftover younger than this may belong to a save still in progress.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// How many symbolic links a path may pass through, as the kernel allows.
const MAX_LINKS: usize = 40;

pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, |out| out.write_all(bytes))
}

/// Like [`write_atomically`], for output written in pieces by `fill` (through a buffer), so that
/// a large file never has to be held in memory whole. When `fill` fails, the target is left as
/// it was and the temporary file is removed.
pub fn write_atomically_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let path = through_links(path)?;
    let dir = folder_of(&path);
    remove_stale_temporaries(dir);
    let existing = std::fs::metadata(&path).ok().map(|m| m.permissions());
    let mut builder = tempfile::Builder::new();
    builder.prefix(PREFIX).suffix(SUFFIX);
    #[cfg(unix)]
    {
        // A new file gets the permissions any new file gets here (0666 less the umask), not the
        // owner-only 0600 of a temporary file.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| in_folder(dir, e))?;
    if let Some(permissions) = existing {
        tmp.as_file().set_permissions(permissions)?;
    }
    {
        let mut out = std::io::BufWriter::with_capacity(256 * 1024, tmp.as_file_mut());
        fill(&mut out)?;
        out.flush()?;
    }
    tmp.as_file().sync_all()?;
    // `persist` renames over the target; on failure the temporary file is removed when dropped.
    tmp.persist(&path).map_err(|e| e.error)?;
    sync_folder(dir);
    Ok(())
}

/// The error of creating the temporary file, told about the folder: the temporary file's own
/// name means nothing to the user.
fn in_folder(dir: &Path, e: std::io::Error) -> std::io::Error {
    // tempfile says "<cause> at path <temporary file>"; the cause is what helps.
    let text = e.to_string();
    let cause = text.split(" at path ").next().unwrap_or(&text);
    std::io::Error::new(
        e.kind(),
        format!(
            "cannot create a file in the folder {}: {cause}",
            dir.display()
        ),
    )
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The file a path names once symbolic links are followed, even when the last one points at a
/// file that does not exist yet.
fn through_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&path)?;
                path = folder_of(&path).join(target);
            }
            _ => return Ok(path),
        }
    }
    Err(std::io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// Makes the rename itself durable: until the folder is flushed, a power cut can bring back the
/// old file. Not every system can open a folder for this, so a failure is not an error.
fn sync_folder(dir: &Path) {
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
}

/// Removes `.strider-save-*.tmp` files older than a minute from `dir`: what saves killed
/// mid-write left behind. Best effort: a leftover that cannot be removed stays.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(PREFIX) && name.ends_with(SUFFIX)) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        let old = meta
            .modified()
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if meta.is_file() && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
