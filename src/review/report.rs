//! A model diff written for people: plain text (coloured on a terminal) and Markdown for a
//! pull-request comment (a summary table first, the details folded).

use super::diff::{Change, ItemChange, Kind, ModelDiff};
use crate::printable::printable;
use serde_json::Value;
use std::fmt::Write;

/// A name or value from the model, safe to put on a terminal (see [`printable`]).
fn safe(s: &str) -> String {
    printable(s, false).into_owned()
}

/// Colours for a terminal; none when writing to a file or a pipe.
#[derive(Debug, Clone, Copy)]
pub struct Colours {
    pub on: bool,
}

impl Colours {
    fn paint(self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn added(self, t: &str) -> String {
        self.paint("32", t)
    }

    fn removed(self, t: &str) -> String {
        self.paint("31", t)
    }

    fn changed(self, t: &str) -> String {
        self.paint("33", t)
    }

    fn bold(self, t: &str) -> String {
        self.paint("1", t)
    }
}

/// A value as a reviewer reads it: strings without quotes, lists joined, nothing as "(none)".
pub fn show(v: &Value) -> String {
    match v {
        Value::Null => "(none)".to_owned(),
        Value::String(s) if s.is_empty() => "(none)".to_owned(),
        Value::String(s) => safe(s),
        Value::Array(a) if a.is_empty() => "(none)".to_owned(),
        Value::Array(a) => a.iter().map(show).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

fn point(p: (f32, f32)) -> String {
    format!("({:.0}, {:.0})", p.0, p.1)
}

/// What one item's change says, after its name: its fields, and layout.
fn details(item: &ItemChange) -> Vec<String> {
    let mut lines: Vec<String> = item
        .fields
        .iter()
        .map(|f| format!("{}: {} → {}", f.field, show(&f.before), show(&f.after)))
        .collect();
    if let Some([a, b]) = item.moved {
        lines.push(format!("moved {} → {}", point(a), point(b)));
    }
    if let Some([a, b]) = item.resized {
        lines.push(format!("resized {} → {}", point(a), point(b)));
    }
    if item.rerouted {
        lines.push("bends changed".to_owned());
    }
    lines
}

fn title(item: &ItemChange) -> String {
    if item.name.trim().is_empty() {
        format!("{} {}", item.kind.label(), safe(&item.id.0))
    } else {
        format!(
            "{} {} \"{}\"",
            item.kind.label(),
            safe(&item.id.0),
            safe(&item.name)
        )
    }
}

/// The readable text form.
pub fn text(d: &ModelDiff, c: Colours) -> String {
    let mut out = String::new();
    if d.is_empty() {
        out.push_str("The models are the same.\n");
        return out;
    }
    let _ = writeln!(out, "{}", c.bold(&summary_line(d)));
    for f in &d.info {
        let _ = writeln!(
            out,
            "{} model {}: {} → {}",
            c.changed("~"),
            f.field,
            show(&f.before),
            show(&f.after)
        );
    }
    for item in &d.items {
        let (mark, t) = match item.change {
            Change::Added => (c.added("+"), c.added(&title(item))),
            Change::Removed => (c.removed("-"), c.removed(&title(item))),
            Change::Changed => (c.changed("~"), title(item)),
        };
        let _ = writeln!(out, "{mark} {t}");
        if item.change == Change::Changed {
            for line in details(item) {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    for z in &d.zones {
        let _ = writeln!(
            out,
            "{} element {} \"{}\" changed trust zone: {} → {}",
            c.changed("~"),
            safe(&z.element.0),
            safe(&z.name),
            safe(z.before.as_deref().unwrap_or("(outside every boundary)")),
            safe(z.after.as_deref().unwrap_or("(outside every boundary)"))
        );
    }
    for x in &d.new_crossings {
        let _ = writeln!(
            out,
            "{} flow {} \"{}\" now crosses {} ({} threat{} on it)",
            c.changed("!"),
            safe(&x.flow.0),
            safe(&x.name),
            safe(&x.boundaries.join(", ")),
            x.threats,
            if x.threats == 1 { "" } else { "s" }
        );
    }
    if !d.coverage.newly_unreviewed.is_empty() {
        let _ = writeln!(
            out,
            "{} STRIDE pairs newly left unreviewed: {}",
            c.removed("!"),
            pairs(&d.coverage.newly_unreviewed)
        );
    }
    if !d.coverage.newly_reviewed.is_empty() {
        let _ = writeln!(
            out,
            "{} STRIDE pairs newly reviewed: {}",
            c.added("+"),
            pairs(&d.coverage.newly_reviewed)
        );
    }
    if !d.other.is_empty() {
        let _ = writeln!(
            out,
            "{} also changed: {}",
            c.changed("~"),
            d.other.join(", ")
        );
    }
    out
}

fn pairs(list: &[super::diff::Pair]) -> String {
    list.iter()
        .map(|p| format!("{} {}", safe(&p.target.0), p.category.letter()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "3 added, 1 removed, 4 changed": counts over every kind.
fn summary_line(d: &ModelDiff) -> String {
    let (mut a, mut r, mut c) = (0, 0, 0);
    for k in Kind::ALL {
        let (x, y, z) = d.counts(k);
        (a, r, c) = (a + x, r + y, c + z);
    }
    format!(
        "{a} added, {r} removed, {c} changed; {} new boundary crossing{}; {} STRIDE pair{} newly unreviewed",
        d.new_crossings.len(),
        if d.new_crossings.len() == 1 { "" } else { "s" },
        d.coverage.newly_unreviewed.len(),
        if d.coverage.newly_unreviewed.len() == 1 {
            ""
        } else {
            "s"
        },
    )
}

/// Text safe inside a Markdown table cell or list item.
fn md(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace(['\n', '\r'], " ")
}

/// The Markdown form, for a pull-request comment.
pub fn markdown(d: &ModelDiff, gate_failures: &[String]) -> String {
    let mut out = String::from("### Threat model changes\n\n");
    if d.is_empty() {
        out.push_str("No changes to the threat model.\n");
        return out;
    }
    if !gate_failures.is_empty() {
        out.push_str("**Gate failed:**\n\n");
        for f in gate_failures {
            let _ = writeln!(out, "- {}", md(f));
        }
        out.push('\n');
    }
    out.push_str("| | Added | Removed | Changed |\n|---|---:|---:|---:|\n");
    for k in Kind::ALL {
        let (a, r, c) = d.counts(k);
        if a + r + c > 0 {
            let _ = writeln!(out, "| {} | {a} | {r} | {c} |", k.plural());
        }
    }
    let _ = writeln!(
        out,
        "\n**{}** new boundary crossing(s) · **{}** STRIDE pair(s) newly unreviewed · **{}** element(s) in another trust zone\n",
        d.new_crossings.len(),
        d.coverage.newly_unreviewed.len(),
        d.zones.len()
    );
    out.push_str("<details><summary>Details</summary>\n\n");
    for f in &d.info {
        let _ = writeln!(
            out,
            "- model **{}**: {} → {}",
            md(&f.field),
            md(&show(&f.before)),
            md(&show(&f.after))
        );
    }
    for item in &d.items {
        let sign = match item.change {
            Change::Added => "➕ added",
            Change::Removed => "➖ removed",
            Change::Changed => "✏️ changed",
        };
        let _ = writeln!(out, "- {sign} {}", md(&title(item)));
        if item.change == Change::Changed {
            for line in details(item) {
                let _ = writeln!(out, "  - {}", md(&line));
            }
        }
    }
    for z in &d.zones {
        let _ = writeln!(
            out,
            "- 🔀 element {} \"{}\" moved to trust zone {} (was {})",
            z.element,
            md(&z.name),
            md(z.after.as_deref().unwrap_or("none")),
            md(z.before.as_deref().unwrap_or("none"))
        );
    }
    for x in &d.new_crossings {
        let _ = writeln!(
            out,
            "- ⚠️ flow {} \"{}\" now crosses {} ({} threats)",
            x.flow,
            md(&x.name),
            md(&x.boundaries.join(", ")),
            x.threats
        );
    }
    if !d.coverage.newly_unreviewed.is_empty() {
        let _ = writeln!(
            out,
            "- STRIDE pairs newly unreviewed: {}",
            md(&pairs(&d.coverage.newly_unreviewed))
        );
    }
    if !d.other.is_empty() {
        let _ = writeln!(out, "- also changed: {}", md(&d.other.join(", ")));
    }
    out.push_str("\n</details>\n");
    out
}
