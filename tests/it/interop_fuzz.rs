//! Real files, mutated at random: replacing any JSON value with a value of another type, or
//! cutting and splicing XML, must give a model or an error — never a panic, and never a model that
//! is not valid. The files are in the interop corpus: without it these tests are skipped (see
//! `crate::corpus`), which is why each property runs inside a plain test that asks for it first.

use proptest::prelude::*;
use serde_json::Value;
use std::path::Path;
use strider::io::import_bytes;

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Every value in the tree, by a path of indices, in document order.
fn count(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count).sum(),
        Value::Object(o) => o.values().map(count).sum(),
        _ => 0,
    }
}

/// Replaces the `n`th value (in document order) with `with`.
fn replace(v: &mut Value, n: &mut usize, with: &Value) -> bool {
    if *n == 0 {
        *v = with.clone();
        return true;
    }
    *n -= 1;
    match v {
        Value::Array(a) => a.iter_mut().any(|x| replace(x, n, with)),
        Value::Object(o) => o.values_mut().any(|x| replace(x, n, with)),
        _ => false,
    }
}

fn odd_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop_oneof![Just(f64::MAX), Just(-1e300), Just(0.5), Just(-0.0)].prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        Just(Value::Array(vec![Value::Null, Value::from(3)])),
        Just(serde_json::json!({ "x": "NaN", "cell": 7, "text": [] })),
    ]
}

fn check(bytes: &[u8], name: &str) {
    if let Ok(imported) = import_bytes(bytes, name) {
        let problems = strider::model::validate(&imported.model);
        assert!(problems.is_empty(), "{name}: {problems:?}");
    }
}

#[test]
fn any_json_value_of_another_type_is_survived() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let files = [
        "threat-dragon/v2-threat-model.json",
        "threat-dragon/ThreatDragonModels/demo-threat-model.json",
        "threat-composer/workshop-examples/threat-modeling-for-builders-self-paced-elearning/ThreatModelingForBuilders-Exercise4.tc.json",
    ]
    .map(|rel| (rel, json(&corpus.join(rel))));
    proptest!(
        ProptestConfig { cases: 150, ..ProptestConfig::default() },
        |(which in 0usize..3, at in any::<prop::sample::Index>(), with in odd_value())| {
            let (rel, original) = &files[which];
            let mut v = original.clone();
            let mut n = at.index(count(&v));
            replace(&mut v, &mut n, &with);
            check(serde_json::to_string(&v).unwrap().as_bytes(), rel);
        }
    );
}

/// The TMT file the XML properties cut up.
fn tmt_text(corpus: &Path) -> String {
    std::fs::read_to_string(corpus.join("tmt/startleft/MTMT_nested_tz_line.tm7")).unwrap()
}

#[test]
fn xml_cut_and_spliced_is_survived() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let text = tmt_text(&corpus);
    proptest!(
        ProptestConfig { cases: 24, ..ProptestConfig::default() },
        |(from in any::<prop::sample::Index>(), len in 1usize..4000, to in any::<prop::sample::Index>())| {
            let at = |i: prop::sample::Index| {
                let mut p = i.index(text.len());
                while !text.is_char_boundary(p) {
                    p -= 1;
                }
                p
            };
            let (a, b) = (at(from), at(to));
            let mut end = (a + len).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            // Move a slice of the document elsewhere: unbalanced tags, broken values, lost fields.
            let piece = &text[a..end];
            let mut mutated = String::with_capacity(text.len());
            mutated.push_str(&text[..a]);
            mutated.push_str(&text[end..]);
            let b = b.min(mutated.len());
            let mut b = b;
            while !mutated.is_char_boundary(b) {
                b -= 1;
            }
            mutated.insert_str(b, piece);
            check(mutated.as_bytes(), "spliced.tm7");
        }
    );
}

/// Well-formed documents with a field, a shape, a flow or a threat missing.
#[test]
fn tmt_with_any_element_removed_is_survived() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let text = tmt_text(&corpus);
    let doc = roxmltree::Document::parse(&text).unwrap();
    let ranges: Vec<std::ops::Range<usize>> = doc
        .descendants()
        .filter(|n| n.is_element() && n.parent_element().is_some())
        .map(|n| n.range())
        .collect();
    proptest!(
        ProptestConfig { cases: 48, ..ProptestConfig::default() },
        |(which in any::<prop::sample::Index>())| {
            let r = ranges[which.index(ranges.len())].clone();
            let mutated = format!("{}{}", &text[..r.start], &text[r.end..]);
            check(mutated.as_bytes(), "removed.tm7");
        }
    );
}

/// Well-formed documents with any text value replaced by an odd one.
#[test]
fn tmt_with_any_value_replaced_is_survived() {
    let Some(corpus) = crate::corpus() else {
        return;
    };
    let text = tmt_text(&corpus);
    let doc = roxmltree::Document::parse(&text).unwrap();
    let ranges: Vec<std::ops::Range<usize>> = doc
        .descendants()
        .filter(|n| n.is_text())
        .map(|n| n.range())
        .collect();
    proptest!(
        ProptestConfig { cases: 48, ..ProptestConfig::default() },
        |(
            which in any::<prop::sample::Index>(),
            with in prop_oneof![
                Just("NaN"), Just("-1e309"), Just(""), Just("00000000-0000-0000-0000-000000000000"),
                Just("99999999999999999999"), Just("-5"), Just("Mitigated"), Just("&lt;x&gt;"),
            ],
        )| {
            let r = ranges[which.index(ranges.len())].clone();
            let mutated = format!("{}{}{}", &text[..r.start], with, &text[r.end..]);
            check(mutated.as_bytes(), "replaced.tm7");
        }
    );
}
