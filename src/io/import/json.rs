//! Lenient access to JSON written by other tools: a missing or mistyped field reads as empty,
//! the way those tools themselves treat it.

use super::ImportError;
use serde_json::Value;

pub(crate) fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A string field, trimmed, with Windows line ends made plain.
pub(crate) fn string(v: &Value, key: &str) -> String {
    clean(text(v, key))
}

pub(crate) fn clean(s: &str) -> String {
    let s = s.trim();
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_owned()
    }
}

/// Booleans also arrive as the strings "true"/"false" in hand-edited files.
pub(crate) fn flag(v: &Value, key: &str) -> bool {
    match v.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

pub(crate) fn number(v: &Value, key: &str) -> Option<f64> {
    match v.get(key)? {
        Value::Number(n) => n.as_f64().filter(|f| f.is_finite()),
        Value::String(s) => s.trim().parse().ok().filter(|f: &f64| f.is_finite()),
        _ => None,
    }
}

pub(crate) fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// A coordinate clamped to what a canvas can hold, so a hostile 1e300 cannot poison geometry.
pub(crate) fn coordinate(v: &Value, key: &str) -> f32 {
    number(v, key).map_or(0.0, |f| f.clamp(-1.0e6, 1.0e6) as f32)
}

pub(crate) fn point(v: &Value) -> (f32, f32) {
    (coordinate(v, "x"), coordinate(v, "y"))
}

/// Refuses a file whose section at one of `keys` is there but not a list (`null`, as YAML
/// writes a section left empty, reads as none).
pub(crate) fn expect_lists(root: &Value, keys: &[&str], path: &str) -> Result<(), ImportError> {
    match keys
        .iter()
        .find(|k| root.get(**k).is_some_and(|v| !v.is_array() && !v.is_null()))
    {
        Some(key) => Err(ImportError::new(path, format!("`{key}` must be a list"))),
        None => Ok(()),
    }
}
