//! The headless command line: the same work as the app, for CI pipelines and scripts.
//!
//! Exit codes: 0 all is well, 1 the model has problems, 2 a file could not be read or written.

use crate::io;
use crate::model::{Model, Problem, Stats, validate};
use clap::{Parser, Subcommand};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "strider",
    version,
    about = "Threat modeling with data flow diagrams and STRIDE per element.",
    long_about = "Threat modeling with data flow diagrams and STRIDE per element.\n\n\
                  Without a command, Strider opens the desktop app (on FILE when given).",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A model to open in the desktop app.
    pub file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and validate a model, and print a summary of it.
    Check {
        file: PathBuf,
        /// Print the summary as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Write a model to another file; the format follows the output's extension.
    Export {
        file: PathBuf,
        /// The output file (.ron: the canonical Strider format).
        #[arg(short, long)]
        output: PathBuf,
    },
}

pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_UNREADABLE: u8 = 2;

/// Runs a subcommand, writing to the given streams.
pub fn run(command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let code = match command {
        Command::Check { file, json } => check(file, *json, out, err),
        Command::Export { file, output } => export(file, output, out, err),
    };
    ExitCode::from(code)
}

#[derive(Serialize)]
struct CheckReport<'a> {
    file: String,
    title: &'a str,
    ok: bool,
    stats: Stats,
    problems: Vec<Problem>,
}

fn check(file: &Path, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let model = match load_or_report(file, json, out, err) {
        Some(m) => m,
        None => return EXIT_UNREADABLE,
    };
    let problems = validate(&model);
    let report = CheckReport {
        file: file.display().to_string(),
        title: &model.info.title,
        ok: problems.is_empty(),
        stats: Stats::of(&model),
        problems,
    };
    let written = if json {
        serde_json::to_writer_pretty(&mut *out, &report)
            .map_err(std::io::Error::other)
            .and_then(|_| writeln!(out))
    } else {
        write_summary(&report, out)
    };
    if let Err(e) = written {
        let _ = writeln!(err, "strider: cannot write the report: {e}");
        return EXIT_UNREADABLE;
    }
    if report.ok { 0 } else { EXIT_PROBLEMS }
}

fn load_or_report(
    file: &Path,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Option<Model> {
    match io::load(file) {
        Ok(model) => Some(model),
        Err(e) => {
            if json {
                let value = serde_json::json!({
                    "file": file.display().to_string(),
                    "ok": false,
                    "error": e.to_string(),
                    "line": e.position().map(|p| p.0),
                    "column": e.position().map(|p| p.1),
                });
                let _ = writeln!(out, "{value:#}");
            }
            let _ = writeln!(err, "strider: {e}");
            None
        }
    }
}

fn counts(map: &std::collections::BTreeMap<String, usize>, order: &[&str]) -> String {
    let parts: Vec<String> = order
        .iter()
        .filter_map(|k| map.get(*k).map(|n| format!("{k} {n}")))
        .collect();
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join(", ")
    }
}

fn write_summary(r: &CheckReport, out: &mut dyn Write) -> std::io::Result<()> {
    let s = &r.stats;
    writeln!(out, "{}: {}", r.file, r.title)?;
    writeln!(out, "  diagrams     {}", s.diagrams)?;
    writeln!(
        out,
        "  elements     {} ({} actors, {} processes, {} stores; {} out of scope)",
        s.actors + s.processes + s.stores,
        s.actors,
        s.processes,
        s.stores,
        s.out_of_scope_elements
    )?;
    writeln!(
        out,
        "  flows        {} ({} cross a trust boundary)",
        s.flows, s.crossing_flows
    )?;
    writeln!(out, "  boundaries   {}", s.boundaries)?;
    writeln!(out, "  threats      {}", s.threats)?;
    if s.threats > 0 {
        let p = &s.threats_by_priority;
        let st = &s.threats_by_status;
        let rs = &s.threats_by_response;
        writeln!(
            out,
            "    priority   {}",
            counts(p, &["High", "Medium", "Low", "Unset"])
        )?;
        writeln!(
            out,
            "    status     {}",
            counts(st, &["Identified", "In progress", "Resolved", "Not useful"])
        )?;
        writeln!(
            out,
            "    response   {}",
            counts(rs, &["Mitigate", "Avoid", "Transfer", "Accept", "Unset"])
        )?;
    }
    writeln!(out, "  mitigations  {}", s.mitigations)?;
    writeln!(out, "  assumptions  {}", s.assumptions)?;
    if r.problems.is_empty() {
        writeln!(out, "  problems     none")?;
    } else {
        writeln!(out, "  problems     {}", r.problems.len())?;
        for p in &r.problems {
            writeln!(out, "    {p}")?;
        }
    }
    Ok(())
}

fn export(file: &Path, output: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let Some(model) = load_or_report(file, false, out, err) else {
        return EXIT_UNREADABLE;
    };
    match io::export_to_path(&model, output) {
        Ok(()) => {
            let _ = writeln!(out, "wrote {}", output.display());
            0
        }
        Err(e) => {
            let _ = writeln!(err, "strider: {e}");
            EXIT_UNREADABLE
        }
    }
}
