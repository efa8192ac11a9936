//! YAML written by other tools (Threagile models, OTM in YAML), read into the same JSON value
//! tree the JSON importers walk, so one reader serves both spellings of a format.
//!
//! serde-saphyr is used because it is maintained, safe Rust, applies merge keys (`<<: *base`,
//! which Threagile's demo uses) and caps what aliases may expand to. The caps here are far
//! below its defaults: the largest real file we know (Threagile's demo, 60 KB) replays a few
//! hundred alias events, while a "billion laughs" file would replay billions.

use super::ImportError;
use serde_json::Value;

/// Alias events replayed in all: aliases are re-read, not shared, so this bounds the work and
/// the memory an alias bomb can ask for.
const MAX_REPLAYED_EVENTS: usize = 100_000;
/// Scalars, lists and maps in the file: about 40 times the largest real model.
const MAX_NODES: usize = 1_000_000;
/// Nesting of lists and maps; Threagile's deepest is 5, and the JSON reader's own limit is 128.
const MAX_DEPTH: usize = 64;

/// Parses one YAML document as YAML 1.2 reads it, as Threagile's own reader does: dates and
/// versions stay text (`2020-07-01`, `1.0.0`), and only `true`/`false` are booleans (`y`, `no`
/// and `off` are words). A duplicate key is an error, as it is for Threagile itself.
pub(crate) fn parse(text: &str, path: &str) -> Result<Value, ImportError> {
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    options.strict_booleans = true;
    options.alias_limits.max_total_replayed_events = MAX_REPLAYED_EVENTS;
    if let Some(budget) = options.budget.as_mut() {
        budget.max_nodes = MAX_NODES;
        budget.max_depth = MAX_DEPTH;
    }
    serde_saphyr::from_str_with_options::<Value>(text, options).map_err(|e| {
        let message = plain_message(&e.to_string());
        match e.location() {
            Some(at) if at.line() > 0 => {
                ImportError::at(path, at.line() as usize, at.column() as usize, message)
            }
            _ => ImportError::new(path, message),
        }
    })
}

/// The parser's message in a reader's words: without its position (the import error gives it
/// as `file:line:column`), its source excerpt or advice meant for programmers.
fn plain_message(raw: &str) -> String {
    let line = raw.lines().next().unwrap_or(raw).trim();
    if line.contains("alias") && line.contains("limit") || line.contains("budget") {
        return format!(
            "YAML refused: its aliases or size expand past what Strider reads \
             ({MAX_REPLAYED_EVENTS} replayed alias events, {MAX_NODES} values, {MAX_DEPTH} \
             levels); no real model needs that much"
        );
    }
    let line = line.split(" at line ").next().unwrap_or(line);
    let line = line
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(line);
    format!("malformed YAML: {line}")
}

#[cfg(test)]
mod tests {
    use super::parse;
    use serde_json::json;

    #[test]
    fn merge_keys_apply_and_dates_stay_text() {
        let text = "base: &b\n  a: 1\n  c: x\nderived:\n  <<: *b\n  c: y\nno: off\ndate: 2020-07-01\nv: 1.0.0\n";
        let v = parse(text, "t.yaml").unwrap();
        assert_eq!(v["derived"], json!({"a": 1, "c": "y"}));
        assert_eq!(v["no"], json!("off"));
        assert_eq!(v["date"], json!("2020-07-01"));
        assert_eq!(v["v"], json!("1.0.0"));
    }

    #[test]
    fn an_alias_bomb_is_refused_quickly() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let e = parse(&text, "bomb.yaml").unwrap_err();
        assert!(e.message.starts_with("YAML refused"), "{e}");
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("a: 1\nb: [unclosed\n", "bad.yaml").unwrap_err();
        assert!(e.position.is_some(), "{e}");
        let e = parse("a: 1\na: 2\n", "dup.yaml").unwrap_err();
        assert_eq!(e.position.map(|p| p.0), Some(2), "{e}");
        assert_eq!(e.message, "malformed YAML: duplicate mapping key: a");
    }
}
