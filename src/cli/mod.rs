//! The headless command line: the same work as the app, for CI pipelines and scripts.
//!
//! Exit codes: 0 all is well, 1 the model has problems, 2 a file could not be read or written.

use crate::model::{Model, Priority, Problem, Stats, validate};
use crate::printable::PrintableWriter;
use crate::stride::{self, Insights, Library};
use crate::{export, io};
use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod review;

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
    /// Load and validate a model, and print a summary of it with the analysis insights.
    Check {
        file: PathBuf,
        /// Print the summary as one JSON object.
        #[arg(long)]
        json: bool,
        /// Exit 1 when a threat at or above this priority is still open and has no risk response
        /// (a gate for CI pipelines).
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// An extra threat library (RON) to use with the built-in one.
        #[arg(long)]
        library: Option<PathBuf>,
    },
    /// List the recorded threats; with --suggestions, also the rule suggestions not yet accepted
    /// or dismissed and the STRIDE coverage of every element and flow.
    Threats {
        file: PathBuf,
        /// Print one JSON object with `threats`, `suggestions` and `coverage` arrays.
        #[arg(long)]
        json: bool,
        #[arg(long)]
        suggestions: bool,
        /// An extra threat library (RON) to use with the built-in one.
        #[arg(long)]
        library: Option<PathBuf>,
    },
    /// Write a model to another file; the format follows the output's extension: .ron (the
    /// canonical Strider format), .pdf (the participant workbook), .svg and .png (the diagrams,
    /// one file per diagram when there are several), .md (the workbook as Markdown), .td.json
    /// (Threat Dragon v2), .tc.json (Threat Composer), .otm (Open Threat Model 0.2.0),
    /// .tmbom.json (TM-BOM 1.0), .csv (threats, for a tracker's import),
    /// .xlsx (threats, mitigations, assumptions), .sarif (open threats, for code scanning).
    Export {
        file: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// Paper size of the PDF workbook.
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
        /// A blank workbook: the same tables with empty rows, for filling in by hand.
        #[arg(long)]
        blank: bool,
    },
    /// Import a Threat Dragon (v1 or v2 JSON), Threat Composer (.tc.json), Microsoft TMT (.tm7),
    /// Open Threat Model (OTM 0.1/0.2, JSON or YAML), TM-BOM 1.x, draw.io or Threagile (YAML)
    /// model, recognised by its content, and write it as a Strider model (or any export
    /// format). What has no place in Strider's model is listed on stderr.
    Import {
        file: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Lay every diagram of a model out again as a layered left-to-right data flow diagram
    /// (elements stay inside their trust boundaries, nested boundaries stay nested) and write it;
    /// the format follows the output's extension, as for `export`.
    Layout {
        file: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Start a model from a starter diagram (its trust boundaries, technologies and protocols
    /// set, no threats) and write it; without --template, list the templates.
    New {
        /// The template's name, or a part of it ("serverless", "iot").
        #[arg(short, long)]
        template: Option<String>,
        /// Where to write the model (any export format, as for `export`).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Compare two versions of a model by id: elements, boundaries, flows, threats,
    /// mitigations and assumptions added, removed or changed field by field, moves, elements
    /// in another trust zone, flows that newly cross a trust boundary, STRIDE pairs newly left
    /// unreviewed. Each side is a file or REV:PATH (read with `git show`). Exit 0 when equal, 1
    /// when different, 2 on error; with --fail-on, 0 when every gate passes and 1 when one fails.
    Diff {
        /// The version before: a file, or REV:PATH (e.g. main:model.ron, HEAD~1:./model.ron).
        old: String,
        /// The version after: a file, or REV:PATH.
        new: String,
        /// Leave moves, resizes and bends out.
        #[arg(long)]
        ignore_layout: bool,
        /// Write Markdown for a pull-request comment: a summary table, the details folded.
        #[arg(long, conflicts_with = "json")]
        markdown: bool,
        /// Write one JSON object (schema "strider-diff/1", documented in the README).
        #[arg(long)]
        json: bool,
        /// Fail (exit 1) on what the change introduces: new-unreviewed, new-crossing, new-high
        /// (comma-separated or repeated).
        #[arg(long, value_enum, value_delimiter = ',')]
        fail_on: Vec<GateArg>,
        /// Colour the text form: auto (on a terminal, unless NO_COLOR is set), always, never.
        #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
        color: ColorArg,
    },
    /// Three-way merge of two versions of a model made from a common base, by id and field:
    /// edits of different items or fields merge; a field changed both ways, or an item changed
    /// on one side and deleted on the other, keeps OURS and is listed. New ids THEIRS and OURS
    /// both used are renumbered in THEIRS. Exit 0 merged cleanly, 1 with conflicts, 2 on error.
    /// As a git merge driver: `strider merge %O %A %B -o %A`.
    Merge {
        /// The common ancestor (a file, or REV:PATH).
        base: String,
        /// Our version.
        ours: String,
        /// Their version.
        theirs: String,
        /// Where to write the merged model (canonical RON; may be OURS' file).
        #[arg(short, long)]
        output: PathBuf,
        /// Print conflicts, renumbered ids and problems as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Print a model as plain lines, one per item, for reading and for `git diff` (use as
    /// a textconv: `git config diff.strider.textconv "strider show"`).
    Show {
        /// A model file, or REV:PATH.
        file: String,
    },
}

/// A gate of `diff --fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GateArg {
    NewUnreviewed,
    NewCrossing,
    NewHigh,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
}

/// The priority threshold of `check --fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    High,
    Medium,
    Low,
}

impl FailOn {
    fn includes(self, p: Option<Priority>) -> bool {
        let limit = match self {
            FailOn::High => Priority::High,
            FailOn::Medium => Priority::Medium,
            FailOn::Low => Priority::Low,
        };
        // Priorities are ordered High < Medium < Low.
        p.is_some_and(|p| p <= limit)
    }
}

pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_UNREADABLE: u8 = 2;
/// A command asked for something that does not exist (as clap's own usage errors).
pub const EXIT_USAGE: u8 = 2;

/// Runs a subcommand, writing to the given streams.
pub fn run(command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    if let Command::Diff { .. } | Command::Merge { .. } | Command::Show { .. } = command {
        // Writes colours itself, with every name made printable first.
        return ExitCode::from(review::run(command, out, err));
    }
    // Names from other people's files reach the terminal: every byte goes through `printable`.
    let out: &mut dyn Write = &mut PrintableWriter::new(out);
    let err: &mut dyn Write = &mut PrintableWriter::new(err);
    let code = match command {
        Command::Check {
            file,
            json,
            fail_on,
            library,
        } => check(file, *json, *fail_on, library.as_deref(), out, err),
        Command::Threats {
            file,
            json,
            suggestions,
            library,
        } => threats(file, *json, *suggestions, library.as_deref(), out, err),
        Command::Export {
            file,
            output,
            paper,
            blank,
        } => {
            let options = export::ExportOptions {
                paper: match paper {
                    PaperArg::A4 => crate::workbook::Paper::A4,
                    PaperArg::Letter => crate::workbook::Paper::Letter,
                },
                blank: *blank,
                source: Some(file.clone()),
            };
            export(file, output, &options, out, err)
        }
        Command::Import { file, output } => import(file, output, out, err),
        Command::Layout { file, output } => layout(file, output, out, err),
        Command::New { template, output } => new(template.as_deref(), output.as_deref(), out, err),
        Command::Diff { .. } | Command::Merge { .. } | Command::Show { .. } => EXIT_USAGE,
    };
    ExitCode::from(code)
}

#[derive(Serialize)]
struct CheckReport<'a> {
    file: String,
    title: &'a str,
    ok: bool,
    stats: Stats,
    insights: Insights,
    problems: Vec<Problem>,
    /// Threats that trip `--fail-on` (empty without it).
    gate_failures: Vec<String>,
    /// Layout problems (overlapping labels or shapes, …): warnings that never fail the check.
    /// At most `LAYOUT_WARNINGS_SHOWN` of each kind; `layout_warning_totals` counts them all.
    layout_warnings: Vec<crate::diagram::lint::LayoutWarning>,
    layout_warning_totals: std::collections::BTreeMap<&'static str, usize>,
}

/// How many layout warnings of one kind `check` writes out (the totals count them all).
pub const LAYOUT_WARNINGS_SHOWN: usize = 100;

/// The built-in library, with the user's added when given.
fn library(extra: Option<&Path>, err: &mut dyn Write) -> Option<Library> {
    let builtin = Library::builtin();
    match extra {
        None => Some(builtin.clone()),
        Some(path) => match Library::load(path) {
            Ok(lib) => Some(builtin.merged(&lib)),
            Err(e) => {
                let _ = writeln!(err, "strider: {e}");
                None
            }
        },
    }
}

fn check(
    file: &Path,
    json: bool,
    fail_on: Option<FailOn>,
    extra_library: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let model = match load_or_report(file, json, out, err) {
        Some(m) => m,
        None => return EXIT_UNREADABLE,
    };
    let Some(lib) = library(extra_library, err) else {
        return EXIT_UNREADABLE;
    };
    let problems = validate(&model);
    let analysis = stride::analyse(&model, &lib);
    let gate_failures = fail_on.map_or(Vec::new(), |level| {
        model
            .threats
            .iter()
            .filter(|t| level.includes(t.priority) && t.status.is_open() && t.response.is_none())
            .map(|t| t.id.0.clone())
            .collect()
    });
    let lint = crate::diagram::lint::lint_model_capped(&model, LAYOUT_WARNINGS_SHOWN);
    let report = CheckReport {
        file: file.display().to_string(),
        title: &model.info.title,
        ok: problems.is_empty() && gate_failures.is_empty(),
        stats: Stats::of(&model),
        insights: Insights::of(&model, &analysis),
        problems,
        gate_failures,
        layout_warnings: lint.shown,
        layout_warning_totals: lint.totals,
    };
    let written = if json {
        write_json(&report, out)
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
    match io::open(file) {
        Ok(mut opened) => {
            if let Some((_, report)) = &mut opened.imported {
                report.extend(crate::diagram::tidy::lay_out_unplaced(&mut opened.model));
            }
            if let Some((format, report)) = &opened.imported {
                let _ = writeln!(
                    err,
                    "strider: imported {} from {}",
                    file.display(),
                    format.label()
                );
                print_report(report, err);
            }
            Some(opened.model)
        }
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
    put(out, &format!("{}: {}", r.file, r.title))?;
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
        let bands = ["Critical", "High", "Medium", "Low"];
        if s.threats_rated > 0 {
            writeln!(
                out,
                "    risk       {} of {} rated; inherent {}; residual {}",
                s.threats_rated,
                s.threats,
                counts(&s.inherent_risk, &bands),
                counts(&s.residual_risk, &bands)
            )?;
        } else {
            writeln!(out, "    risk       none rated (likelihood x impact)")?;
        }
    }
    writeln!(out, "  mitigations  {}", s.mitigations)?;
    writeln!(out, "  assumptions  {}", s.assumptions)?;
    let i = &r.insights;
    if i.pairs == 0 {
        writeln!(
            out,
            "  reviewed     nothing to review yet (no elements or flows in scope)"
        )?;
    } else {
        writeln!(
            out,
            "  reviewed     {:.0}% of {} (element or flow, STRIDE category) pairs; {} targets not fully reviewed",
            i.reviewed_share * 100.0,
            i.pairs,
            i.targets_not_reviewed.len()
        )?;
    }
    let list = |ids: &[crate::model::Id]| {
        if ids.is_empty() {
            "none".to_owned()
        } else {
            ids.iter()
                .map(|i| i.0.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    writeln!(out, "  no priority  {}", list(&i.without_priority))?;
    writeln!(out, "  no response  {}", list(&i.without_response))?;
    writeln!(
        out,
        "  Mitigate without a mitigation  {}",
        list(&i.mitigate_without_mitigation)
    )?;
    let stride: Vec<String> = crate::model::Stride::ALL
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                c.letter(),
                i.stride.get(c.label()).copied().unwrap_or(0)
            )
        })
        .collect();
    writeln!(out, "  STRIDE       {}", stride.join(", "))?;
    if !r.gate_failures.is_empty() {
        writeln!(
            out,
            "  gate         failed: {} open without a risk response",
            r.gate_failures.join(", ")
        )?;
    }
    if !r.layout_warnings.is_empty() {
        let total: usize = r.layout_warning_totals.values().sum();
        writeln!(
            out,
            "  layout       {total} warning(s) (move shapes apart or bend flows in the app)"
        )?;
        for w in &r.layout_warnings {
            put(
                out,
                &format!("    warning [{}]: {}: {}", w.kind, w.diagram, w.message),
            )?;
        }
        for (kind, n) in &r.layout_warning_totals {
            if *n > LAYOUT_WARNINGS_SHOWN {
                writeln!(
                    out,
                    "    ... and {} more [{kind}] warnings",
                    n - LAYOUT_WARNINGS_SHOWN
                )?;
            }
        }
    }
    if r.problems.is_empty() {
        writeln!(out, "  problems     none")?;
    } else {
        writeln!(out, "  problems     {}", r.problems.len())?;
        for p in &r.problems {
            put(out, &format!("    {p}"))?;
        }
    }
    Ok(())
}

fn export(
    file: &Path,
    output: &Path,
    options: &export::ExportOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let Some(model) = load_or_report(file, false, out, err) else {
        return EXIT_UNREADABLE;
    };
    write_model(&model, output, options, out, err)
}

/// Writes a model in the output's format: the files written on stdout, what the format could
/// not hold on stderr.
fn write_model(
    model: &Model,
    output: &Path,
    options: &export::ExportOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    match export::export_with(model, output, options) {
        Ok(written) => {
            for p in &written.files {
                let _ = writeln!(out, "wrote {}", p.display());
            }
            for note in &written.notes {
                let _ = put(err, &format!("strider: note: {note}"));
            }
            0
        }
        Err(e) => {
            let _ = writeln!(err, "strider: {e}");
            EXIT_UNREADABLE
        }
    }
}

/// Writes one line whose parts come from a file: a line break inside a name is shown as
/// `\u000a`, so a name can never pass for lines of Strider's own output.
fn put(out: &mut dyn Write, line: &str) -> std::io::Result<()> {
    writeln!(out, "{}", crate::printable::printable(line, false))
}

/// The lines of an import report, under the line that names the import.
fn print_report(report: &[String], err: &mut dyn Write) {
    for line in report {
        let _ = put(err, &format!("  - {line}"));
    }
}

fn layout(file: &Path, output: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let Some(mut model) = load_or_report(file, false, out, err) else {
        return EXIT_UNREADABLE;
    };
    for d in &mut model.diagrams {
        *d = crate::diagram::tidy::tidy(d);
    }
    let left: usize = crate::diagram::lint::lint_model_capped(&model, 0)
        .totals
        .values()
        .sum();
    if left > 0 {
        let _ = writeln!(
            err,
            "strider: note: the new layout has {left} layout warning(s) (`strider check` on the output lists them)"
        );
    }
    write_model(&model, output, &export::ExportOptions::default(), out, err)
}

fn new(
    template: Option<&str>,
    output: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    use crate::templates::TEMPLATES;
    let (Some(wanted), Some(output)) = (template, output) else {
        for t in TEMPLATES {
            let _ = writeln!(out, "{:32} {}", t.name, t.summary);
        }
        if template.is_some() {
            let _ = writeln!(err, "strider: say where to write the model with -o FILE");
            return EXIT_USAGE;
        }
        return 0;
    };
    let wanted = wanted.to_lowercase();
    let found: Vec<_> = TEMPLATES
        .iter()
        .filter(|t| t.name.to_lowercase().contains(&wanted))
        .collect();
    let t = match found.as_slice() {
        [t] => *t,
        [] | [_, _, ..] => {
            let names: Vec<_> = TEMPLATES.iter().map(|t| t.name).collect();
            let _ = writeln!(
                err,
                "strider: {} template matches {wanted:?}; the templates are: {}",
                if found.is_empty() {
                    "no"
                } else {
                    "more than one"
                },
                names.join(", ")
            );
            return EXIT_USAGE;
        }
    };
    let model = crate::templates::build(t);
    write_model(&model, output, &export::ExportOptions::default(), out, err)
}

fn import(file: &Path, output: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut imported = match io::import_file(file) {
        Ok(imported) => imported,
        Err(e) => {
            let _ = writeln!(err, "strider: {e}");
            return EXIT_UNREADABLE;
        }
    };
    let laid_out = crate::diagram::tidy::lay_out_unplaced(&mut imported.model);
    imported.report.extend(laid_out);
    let stats = crate::model::Stats::of(&imported.model);
    let _ = writeln!(
        err,
        "strider: imported {} ({}): {} diagram(s), {} element(s), {} flow(s), {} boundary(ies), \
         {} threat(s), {} mitigation(s), {} assumption(s)",
        file.display(),
        imported.format.label(),
        stats.diagrams,
        stats.actors + stats.processes + stats.stores,
        stats.flows,
        stats.boundaries,
        stats.threats,
        stats.mitigations,
        stats.assumptions,
    );
    print_report(&imported.report, err);
    write_model(
        &imported.model,
        output,
        &export::ExportOptions::default(),
        out,
        err,
    )
}

#[derive(Serialize)]
struct ThreatRow<'a> {
    id: &'a str,
    target: Option<&'a str>,
    target_name: Option<&'a str>,
    stride: String,
    priority: Option<&'static str>,
    status: &'static str,
    response: Option<&'static str>,
    statement: String,
    mitigations: Vec<&'a str>,
}

#[derive(Serialize)]
struct ThreatsReport<'a> {
    file: String,
    threats: Vec<ThreatRow<'a>>,
    suggestions: Vec<stride::Suggestion>,
    coverage: Vec<stride::Coverage>,
}

fn threats(
    file: &Path,
    json: bool,
    with_suggestions: bool,
    extra_library: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let Some(model) = load_or_report(file, json, out, err) else {
        return EXIT_UNREADABLE;
    };
    let Some(lib) = library(extra_library, err) else {
        return EXIT_UNREADABLE;
    };
    // Names looked up once: a search of every diagram per threat is quadratic on big models.
    let names: std::collections::HashMap<&crate::model::Id, &str> = model.target_names();
    let rows: Vec<ThreatRow> = model
        .threats
        .iter()
        .map(|t| ThreatRow {
            id: t.id.as_str(),
            target: t.target.as_ref().map(|i| i.as_str()),
            target_name: t.target.as_ref().and_then(|i| names.get(i).copied()),
            stride: t.stride_letters(),
            priority: t.priority.map(|p| p.label()),
            status: t.status.label(),
            response: t.response.map(|r| r.label()),
            statement: t.statement(),
            mitigations: t.mitigations.iter().map(|m| m.as_str()).collect(),
        })
        .collect();
    let analysis = if with_suggestions {
        stride::analyse(&model, &lib)
    } else {
        stride::Analysis::default()
    };
    let report = ThreatsReport {
        file: file.display().to_string(),
        threats: rows,
        suggestions: analysis.suggestions,
        coverage: analysis.coverage,
    };
    let written = if json {
        write_json(&report, out)
    } else {
        write_threats(&report, with_suggestions, out)
    };
    match written {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(err, "strider: cannot write the report: {e}");
            EXIT_UNREADABLE
        }
    }
}

/// A report as JSON on one line, and a newline: a fifth smaller than indented JSON on big
/// models, and `jq .` indents it for reading. serde_json writes a few bytes at a time; the
/// escaping writer underneath works best on large blocks.
fn write_json(report: &impl Serialize, out: &mut dyn Write) -> std::io::Result<()> {
    let mut block = std::io::BufWriter::with_capacity(1 << 16, &mut *out);
    serde_json::to_writer(&mut block, report).map_err(std::io::Error::other)?;
    writeln!(block)?;
    block.flush()
}

fn write_threats(
    r: &ThreatsReport,
    with_suggestions: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    put(out, &format!("{}: {} threats", r.file, r.threats.len()))?;
    for t in &r.threats {
        put(
            out,
            &format!(
                "{:<5} {:<7} {:<3} {:<12} {:<9} {:<28} {}",
                t.id,
                t.priority.unwrap_or("-"),
                t.stride,
                t.status,
                t.response.unwrap_or("-"),
                t.target_name.unwrap_or("(whole system)"),
                t.statement
            ),
        )?;
    }
    if !with_suggestions {
        return Ok(());
    }
    writeln!(out, "\n{} new suggestions", r.suggestions.len())?;
    for s in &r.suggestions {
        put(
            out,
            &format!(
                "{:<20} {:<6} {} {:<7} {}",
                s.rule_id(),
                s.target.as_str(),
                s.category().letter(),
                s.priority().label(),
                s.statement()
            ),
        )?;
    }
    writeln!(out, "\ncoverage")?;
    for c in &r.coverage {
        let state = match &c.state {
            stride::CoverageState::NotReviewed => "not reviewed".to_owned(),
            stride::CoverageState::Threats(n) => format!("{n} threats"),
            stride::CoverageState::NotApplicable(why) => format!("not applicable: {why}"),
        };
        put(
            out,
            &format!(
                "{:<6} {:<36} {} {}",
                c.target.as_str(),
                c.target_name,
                c.category.letter(),
                state
            ),
        )?;
    }
    Ok(())
}
