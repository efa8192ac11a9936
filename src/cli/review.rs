//! `strider diff`, `merge` and `show`: threat models in code review.

use super::{ColorArg, Command, EXIT_PROBLEMS, EXIT_UNREADABLE, GateArg};
use crate::printable::PrintableWriter;
use crate::review::gates::{self, Gate};
use crate::review::report::{self, Colours};
use crate::review::{DiffOptions, diff, git};
use std::io::{IsTerminal, Write};

pub fn run(command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match command {
        Command::Merge {
            base,
            ours,
            theirs,
            output,
            json,
        } => merge(
            [base.as_str(), ours.as_str(), theirs.as_str()],
            output,
            *json,
            out,
            err,
        ),
        Command::Show { file } => show(file, out, err),
        _ => diff_command(command, out, err),
    }
}

fn load(spec: &str, err: &mut dyn Write) -> Option<crate::model::Model> {
    match git::load_spec(spec) {
        Ok(m) => Some(m),
        Err(e) => {
            let _ = writeln!(err, "strider: {e}");
            None
        }
    }
}

fn merge(
    [base, ours, theirs]: [&str; 3],
    output: &std::path::Path,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let out: &mut dyn Write = &mut PrintableWriter::new(out);
    let err: &mut dyn Write = &mut PrintableWriter::new(err);
    let (Some(b), Some(o), Some(t)) = (load(base, err), load(ours, err), load(theirs, err)) else {
        return EXIT_UNREADABLE;
    };
    let merged = crate::review::merge::merge(&b, &o, &t);
    if let Err(e) = crate::io::save(&merged.model, output) {
        let _ = writeln!(err, "strider: {e}");
        return EXIT_UNREADABLE;
    }
    for r in &merged.renumbered {
        let _ = writeln!(
            err,
            "strider: their new {} is now {} (ours used that id)",
            r.from, r.to
        );
    }
    for c in &merged.conflicts {
        let _ = writeln!(
            err,
            "strider: conflict in {} {}, {}: ours {} / theirs {} (base {}); kept ours",
            c.kind.label(),
            c.id,
            c.field,
            report::show(&c.ours),
            report::show(&c.theirs),
            report::show(&c.base)
        );
    }
    for p in &merged.problems {
        let _ = writeln!(err, "strider: the merged model has a problem: {p}");
    }
    if json {
        let value = serde_json::json!({
            "output": output.display().to_string(),
            "clean": merged.is_clean(),
            "conflicts": merged.conflicts,
            "renumbered": merged.renumbered,
            "problems": merged.problems,
        });
        let _ = serde_json::to_writer_pretty(&mut *out, &value);
        let _ = writeln!(out);
    }
    if merged.is_clean() { 0 } else { EXIT_PROBLEMS }
}

fn show(file: &str, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut out = PrintableWriter::new(out);
    let err: &mut dyn Write = &mut PrintableWriter::new(err);
    let Some(m) = load(file, err) else {
        return EXIT_UNREADABLE;
    };
    if write!(out, "{}", crate::review::show::lines(&m)).is_err() {
        return EXIT_UNREADABLE;
    }
    0
}

fn diff_command(command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let Command::Diff {
        old,
        new,
        ignore_layout,
        markdown,
        json,
        fail_on,
        color,
    } = command
    else {
        return super::EXIT_USAGE;
    };
    let err: &mut dyn Write = &mut PrintableWriter::new(err);
    let (Some(before), Some(after)) = (load(old, err), load(new, err)) else {
        return EXIT_UNREADABLE;
    };
    let d = diff(
        &before,
        &after,
        DiffOptions {
            ignore_layout: *ignore_layout,
        },
    );
    let gates: Vec<Gate> = fail_on
        .iter()
        .map(|g| match g {
            GateArg::NewUnreviewed => Gate::NewUnreviewed,
            GateArg::NewCrossing => Gate::NewCrossing,
            GateArg::NewHigh => Gate::NewHigh,
        })
        .collect();
    let failures = gates::failures(&before, &after, &d, &gates);
    let colours = match color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let written = if *json {
        let value = serde_json::json!({
            "old": old,
            "new": new,
            "equal": d.is_empty(),
            "gate_failures": failures,
            "diff": d,
        });
        let mut safe = PrintableWriter::new(&mut *out);
        serde_json::to_writer_pretty(&mut safe, &value)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(safe))
    } else if *markdown {
        write!(
            PrintableWriter::new(&mut *out),
            "{}",
            report::markdown(&d, &failures)
        )
    } else if colours {
        // Every name in the report is made printable as it is written: only the colours
        // reach the terminal as escapes.
        write!(out, "{}", report::text(&d, Colours { on: true }))
    } else {
        write!(
            PrintableWriter::new(&mut *out),
            "{}",
            report::text(&d, Colours { on: false })
        )
    };
    if let Err(e) = written {
        let _ = writeln!(err, "strider: could not write the diff: {e}");
        return EXIT_UNREADABLE;
    }
    for f in &failures {
        let _ = writeln!(err, "strider: gate failed: {f}");
    }
    let failed = if gates.is_empty() {
        !d.is_empty()
    } else {
        !failures.is_empty()
    };
    if failed { EXIT_PROBLEMS } else { 0 }
}
