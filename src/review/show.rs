//! A model as plain lines, one per item, in a fixed order: what `strider show` prints, and what
//! git shows in `git diff` and `git log -p` when Strider is the textconv for model files. A
//! change to one field of one item is a change to one line.

use crate::model::Model;
use std::fmt::Write;

fn quoted(s: &str) -> String {
    format!("{s:?}")
}

fn ids(list: &[crate::model::Id]) -> String {
    list.iter()
        .map(|i| i.0.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn lines(m: &Model) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "model {}", quoted(&m.info.title));
    for (field, value) in [
        ("owner", &m.info.owner),
        ("version", &m.info.version),
        ("date", &m.info.date),
        ("description", &m.info.description),
        ("user story", &m.info.user_story),
        ("architecture", &m.info.architecture),
        ("scope", &m.info.scope),
    ] {
        if !value.is_empty() {
            let _ = writeln!(o, "  {field}: {}", quoted(value));
        }
    }
    for d in &m.diagrams {
        let _ = writeln!(o, "diagram {} {}", d.id, quoted(&d.name));
        for b in &d.boundaries {
            let _ = writeln!(
                o,
                "  boundary {} {} at ({:.0}, {:.0}) size ({:.0}, {:.0})",
                b.id,
                quoted(&b.name),
                b.pos.0,
                b.pos.1,
                b.size.0,
                b.size.1
            );
        }
        for e in &d.elements {
            let kind = format!("{:?}", e.kind).to_lowercase();
            let mut line = format!("  {kind} {} {}", e.id, quoted(&e.name));
            if !e.technology.is_empty() {
                line += &format!(" [{}]", e.technology);
            }
            if e.out_of_scope {
                line += " out of scope";
            }
            let _ = writeln!(o, "{line} at ({:.0}, {:.0})", e.pos.0, e.pos.1);
        }
        for f in &d.flows {
            let mut line = format!(
                "  flow {} {} -> {} {}",
                f.id,
                f.from,
                f.to,
                quoted(&f.label)
            );
            if !f.protocol.is_empty() {
                line += &format!(" over {}", f.protocol);
            }
            for (on, word) in [
                (f.encrypted, "encrypted"),
                (f.authenticated, "authenticated"),
                (f.bidirectional, "both ways"),
                (f.out_of_scope, "out of scope"),
            ] {
                if on {
                    line += &format!(", {word}");
                }
            }
            let _ = writeln!(o, "{line}");
        }
    }
    for t in &m.threats {
        let priority = t.priority.map_or("-".to_owned(), |p| format!("{p:?}"));
        let response = t.response.map_or("-".to_owned(), |r| format!("{r:?}"));
        let target = t.target.as_ref().map_or("-", |x| x.0.as_str());
        let _ = writeln!(
            o,
            "threat {} [{}] on {target}, {priority}, {:?}, {response}: {}",
            t.id,
            t.stride_letters(),
            t.status,
            t.statement()
        );
        if !t.mitigations.is_empty() {
            let _ = writeln!(o, "  mitigated by {}", ids(&t.mitigations));
        }
    }
    for x in &m.mitigations {
        let _ = writeln!(o, "mitigation {} {} {:?}", x.id, quoted(&x.title), x.status);
    }
    for a in &m.assumptions {
        let _ = writeln!(o, "assumption {} [{}] {}", a.id, a.tag, quoted(&a.text));
        if !a.links.is_empty() {
            let _ = writeln!(o, "  about {}", ids(&a.links));
        }
    }
    for n in &m.not_applicable {
        let _ = writeln!(
            o,
            "not applicable {} {}: {}",
            n.target,
            n.category.letter(),
            quoted(&n.reason)
        );
    }
    o
}
