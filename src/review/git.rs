//! Reading a model as it was in a git revision: `REV:PATH`, as `git show` understands it.

use crate::io;
use crate::model::Model;
use std::path::Path;
use std::process::Command;

/// A model named on the command line, loaded: an existing file, or `REV:PATH` read through
/// `git show` (PATH from the repository's root, or `./PATH` from the current folder). Files
/// of other tools are imported as when opened.
pub fn load_spec(spec: &str) -> Result<Model, String> {
    let path = Path::new(spec);
    if path.exists() || !spec.contains(':') {
        return open(path);
    }
    let (rev, file) = spec.split_once(':').unwrap_or((spec, ""));
    show(None, rev, file, spec)
}

/// A model file as git has it in a revision, asked from the file's own folder (for the app's
/// File > Compare with last commit).
pub fn load_revision(path: &Path, rev: &str) -> Result<Model, String> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let label = format!("{rev}:{name}");
    show(dir, rev, &format!("./{name}"), &label)
}

/// Reads `rev:file` with `git show` (in `dir` when given) and loads it; `label` names it in
/// errors.
fn show(dir: Option<&Path>, rev: &str, file: &str, label: &str) -> Result<Model, String> {
    let spec = label;
    let mut git = Command::new("git");
    if let Some(dir) = dir {
        git.current_dir(dir);
    }
    let output = git
        .args(["show", &format!("{rev}:{file}")])
        .output()
        .map_err(|e| format!("{spec}: could not run git ({e})"))?;
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        return Err(format!("{spec}: git could not read it: {}", why.trim()));
    }
    // Through a file of the same name, so the format is recognised as when opening it.
    let dir = tempfile::tempdir().map_err(|e| format!("{spec}: {e}"))?;
    let name = Path::new(file)
        .file_name()
        .map_or_else(|| "model.ron".into(), |n| n.to_owned());
    let copy = dir.path().join(name);
    std::fs::write(&copy, &output.stdout).map_err(|e| format!("{spec}: {e}"))?;
    open(&copy).map_err(|e| e.replace(&copy.display().to_string(), spec))
}

fn open(path: &Path) -> Result<Model, String> {
    let mut opened = io::open(path).map_err(|e| e.to_string())?;
    if opened.imported.is_some() {
        crate::diagram::tidy::lay_out_unplaced(&mut opened.model);
    }
    Ok(opened.model)
}
