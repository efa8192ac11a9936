//! The one integration-test binary (one link step keeps builds fast). A module per capability.

mod cli;
mod edits;
mod geometry;
mod hostile;
mod interop_content;
mod interop_counts;
mod interop_export;
mod interop_fuzz;
mod interop_hostile;
mod roundtrip;
mod samples;
mod stride;
mod ui;
mod validation;
mod workbook;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

pub fn sample(name: &str) -> PathBuf {
    repo_path(&format!("samples/{name}"))
}

/// Runs the real `strider` binary.
pub fn strider(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strider"))
        .args(args)
        .output()
        .expect("the strider binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
