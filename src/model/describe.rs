//! What an edit does, in words, for Edit > Undo and the status bar ("move of API Gateway").

use super::edit::{Change, Edit};

/// Shortens a name for a menu or status line: whole names can be thousands of characters.
fn short(name: &str) -> String {
    const MAX: usize = 40;
    let name = name.trim();
    if name.is_empty() {
        return "(unnamed)".into();
    }
    match name.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &name[..at]),
        None => name.to_owned(),
    }
}

/// "adding", "deletion" or `changed` for an item of a list.
fn verb<T>(c: &Change<T>, changed: &'static str) -> &'static str {
    match (&c.before, &c.after) {
        (None, Some(_)) => "adding",
        (Some(_), None) => "deletion",
        _ => changed,
    }
}

/// The item a change is about (after it, or before it when removed).
fn item<T>(c: &Change<T>) -> Option<&T> {
    c.after.as_ref().or(c.before.as_ref())
}

/// "adding threat T19", "move of API Gateway".
fn phrase(kind: &str, thing: String) -> String {
    if kind == "adding" {
        format!("adding {thing}")
    } else {
        format!("{kind} of {thing}")
    }
}

/// The kind of change a phrase names ("adding", "move", "deletion").
fn head(phrase: &str) -> &str {
    if phrase.starts_with("adding ") {
        "adding"
    } else {
        phrase.split(" of ").next().unwrap_or("edit")
    }
}

/// Which of a shape's fields a change touched: a move, a resize, a rename or another edit.
fn shape_change(pos: bool, size: bool, name: bool) -> &'static str {
    match (pos, size, name) {
        (true, false, false) => "move",
        (false, true, false) | (true, true, false) => "resize",
        (false, false, true) => "rename",
        _ => "edit",
    }
}

impl Edit {
    /// A short noun phrase: "move of API Gateway", "adding threat T19", "rename of Users".
    pub fn describe(&self) -> String {
        match self {
            Edit::Info(..) => "edit of the model's information".into(),
            Edit::Diagram(c) => {
                let name = item(c).map_or(String::new(), |d| short(&d.name));
                let what = match (&c.before, &c.after) {
                    (Some(a), Some(b)) if a.name != b.name => "rename",
                    _ => verb(c, "edit"),
                };
                phrase(what, format!("diagram {name}"))
            }
            Edit::Element(_, c) => {
                let kind = match (&c.before, &c.after) {
                    (Some(a), Some(b)) => {
                        shape_change(a.pos != b.pos, a.size != b.size, a.name != b.name)
                    }
                    _ => verb(c, "edit"),
                };
                let name = item(c).map_or(String::new(), |e| short(&e.name));
                phrase(kind, name)
            }
            Edit::Boundary(_, c) => {
                let kind = match (&c.before, &c.after) {
                    (Some(a), Some(b)) => {
                        shape_change(a.pos != b.pos, a.size != b.size, a.name != b.name)
                    }
                    _ => verb(c, "edit"),
                };
                let name = item(c).map_or(String::new(), |b| short(&b.name));
                phrase(kind, format!("boundary {name}"))
            }
            Edit::Flow(_, c) => {
                let kind = match (&c.before, &c.after) {
                    (Some(a), Some(b)) if a.label != b.label => "rename",
                    (Some(a), Some(b)) if a.from != b.from || a.to != b.to => "reconnection",
                    _ => verb(c, "edit"),
                };
                let name = item(c).map_or(String::new(), |f| short(&f.label));
                phrase(kind, format!("flow {name}"))
            }
            Edit::Threat(c) => {
                let id = item(c).map_or(String::new(), |t| t.id.to_string());
                phrase(verb(c, "edit"), format!("threat {id}"))
            }
            Edit::Mitigation(c) => {
                let id = item(c).map_or(String::new(), |m| m.id.to_string());
                phrase(verb(c, "edit"), format!("mitigation {id}"))
            }
            Edit::Assumption(c) => {
                let id = item(c).map_or(String::new(), |a| a.id.to_string());
                phrase(verb(c, "edit"), format!("assumption {id}"))
            }
            Edit::Team(c) => {
                let name = item(c).map_or(String::new(), |t| short(&t.name));
                phrase(verb(c, "edit"), format!("team member {name}"))
            }
            Edit::Retro(c) => phrase(verb(c, "edit"), "a retrospective item".into()),
            Edit::NotApplicable(c) => match (&c.before, &c.after) {
                (None, Some(n)) => format!(
                    "marking {} not applicable to {}",
                    n.category.label(),
                    n.target
                ),
                (Some(n), None) => format!("{} applying to {} again", n.category.label(), n.target),
                _ => "edit of a reason for not applicable".into(),
            },
            Edit::Dismissal(c) => match (&c.before, &c.after) {
                (None, Some(d)) => format!("dismissal of rule {} on {}", d.rule, d.target),
                _ => "edit of a dismissed suggestion".into(),
            },
            Edit::Batch(edits) => describe_batch(edits),
        }
    }
}

/// A batch in words: its one edit, or what most of it does ("move of 3 items").
fn describe_batch(edits: &[Edit]) -> String {
    let real: Vec<&Edit> = edits.iter().filter(|e| !e.is_noop()).collect();
    match real.as_slice() {
        [] => "no change".into(),
        [one] => one.describe(),
        many => {
            let heads: Vec<String> = many
                .iter()
                .map(|e| head(&e.describe()).to_owned())
                .collect();
            let same = heads.iter().all(|h| h == &heads[0]);
            let added: Vec<&&Edit> = many
                .iter()
                .filter(|e| matches!(e, Edit::Threat(c) if c.before.is_none()))
                .collect();
            let threats = added.len();
            if let [one] = added.as_slice() {
                one.describe()
            } else if threats > 0 && heads[0] == "adding" {
                let s = if threats == 1 { "" } else { "s" };
                format!("adding {threats} threat{s}")
            } else if same {
                phrase(&heads[0], format!("{} items", many.len()))
            } else {
                format!("{} and {} more changes", many[0].describe(), many.len() - 1)
            }
        }
    }
}

/// A described edit as done, for the status bar: "move of API Gateway" becomes "Moved API
/// Gateway", "adding threat T19" becomes "Added threat T19".
pub fn as_done(phrase: &str) -> String {
    if let Some(rest) = phrase.strip_prefix("adding ") {
        return format!("Added {rest}");
    }
    let Some((kind, thing)) = phrase.split_once(" of ") else {
        return phrase.to_owned();
    };
    let verb = match kind {
        "move" => "Moved",
        "resize" => "Resized",
        "rename" => "Renamed",
        "deletion" => "Deleted",
        "reconnection" => "Reconnected",
        "dismissal" => "Dismissed",
        "edit" => "Edited",
        _ => return phrase.to_owned(),
    };
    format!("{verb} {thing}")
}

#[cfg(test)]
mod tests {
    use super::as_done;

    #[test]
    fn phrases_read_as_done() {
        assert_eq!(as_done("move of API Gateway"), "Moved API Gateway");
        assert_eq!(as_done("adding threat T19"), "Added threat T19");
        assert_eq!(
            as_done("edit of the model's information"),
            "Edited the model's information"
        );
    }
}
