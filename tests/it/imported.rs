//! What the importer tests of the generators' formats (OTM, TM-BOM, draw.io, Threagile) share:
//! lenient list access to the file read on its own, the checks every imported model must pass,
//! and the model their round trips start from.

use serde_json::Value;
use strider::model::Model;

/// The list at `key`, or none.
pub(crate) fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Sound (no structural problem), and readable as drawn: labels clear of each other and of
/// shapes, and no line drawn across a shape that is not one of its ends.
pub(crate) fn assert_sound_and_readable(m: &Model, what: &str) {
    let problems = strider::model::validate(m);
    assert!(problems.is_empty(), "{what}: {problems:?}");
    let unreadable: Vec<_> = strider::diagram::lint::lint_model(m)
        .into_iter()
        .filter(|w| {
            ["labels-overlap", "label-on-element", "flow-through-element"].contains(&w.kind)
        })
        .collect();
    assert!(unreadable.is_empty(), "{what}: {unreadable:?}");
}

/// The Connected Vehicle sample with one threat accepted from the built-in library, so that a
/// round trip also carries a rule's CWE.
pub(crate) fn sample_with_a_library_threat() -> Model {
    let mut m = strider::io::load(&crate::sample("connected-vehicle.ron")).unwrap();
    let lib = strider::stride::Library::builtin();
    let s = strider::stride::analyse(&m, lib).suggestions.remove(0);
    strider::stride::accept(&m, lib, &s).0.apply(&mut m);
    m
}
