//! The one integration-test binary (one link step keeps builds fast). A module per capability.

mod cli;
mod drawing;
mod drawio;
mod edits;
mod fixtures;
mod geometry;
mod hostile;
mod imported;
mod interop_content;
mod interop_counts;
mod interop_export;
mod interop_fuzz;
mod interop_hostile;
mod lists;
mod live;
mod otm;
mod properties;
mod review;
mod risk;
mod roundtrip;
mod samples;
mod saves;
mod shell;
mod stride;
mod templates;
mod threagile;
mod threats_out;
mod tmbom;
mod ui;
mod validation;
mod workbook;
mod workbook_pages;
mod workshop;
mod writers;
mod writers_prop;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Where the interop corpus lives: real models from other tools, beside the checkout and not in
/// this repository.
const CORPUS: &str = "../shared/interop";

/// The interop corpus, for the tests that read it; they begin with
/// `let Some(corpus) = crate::corpus() else { return };`.
///
/// When it is not there (a bare clone), the calling test is skipped: this prints one `skipped:`
/// line on stderr, past the test harness's output capture so that it shows in a normal
/// `cargo test` run, and returns `None`. With `STRIDER_REQUIRE_CORPUS=1` (CI, where the corpus
/// must be present) its absence fails the test instead.
pub fn corpus() -> Option<PathBuf> {
    let dir = repo_path(CORPUS);
    if dir.is_dir() {
        return Some(dir);
    }
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("this test");
    if std::env::var_os("STRIDER_REQUIRE_CORPUS").is_some_and(|v| v == "1") {
        panic!(
            "{test} needs the interop corpus at {CORPUS} ({}), which is missing; \
             STRIDER_REQUIRE_CORPUS=1 makes that a failure",
            dir.display()
        );
    }
    // `eprintln!` would be captured and shown only for failing tests.
    let _ = writeln!(
        std::io::stderr().lock(),
        "skipped: {test} needs the interop corpus at {CORPUS} \
         (set STRIDER_REQUIRE_CORPUS=1 to make its absence a failure)"
    );
    None
}

/// A model written by this team for the tests, in `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo_path(&format!("tests/fixtures/{name}"))
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
