//! A structurally sound copy of a model, for writers whose formats cannot hold what `validate`
//! finds (a flow whose end does not exist, two things with one id, a position that is not a
//! number). Every change is one line of a report, so an export says what it left out instead of
//! failing or writing a file its reader refuses.

use super::{Id, Model, validate};
use std::borrow::Cow;
use std::collections::HashSet;

/// Problems a writer can carry as they are: a malformed id is still a string, and a flow from an
/// element to itself is still a flow.
const HARMLESS: [&str; 2] = ["bad-id", "self-flow"];

/// The model itself when nothing needs repair, otherwise a repaired copy; with one note per
/// kind of repair.
pub fn writable(model: &Model) -> (Cow<'_, Model>, Vec<String>) {
    let needs_repair = validate(model).iter().any(|p| !HARMLESS.contains(&p.code));
    if !needs_repair {
        return (Cow::Borrowed(model), Vec::new());
    }
    let mut copy = model.clone();
    let mut notes = Notes::default();
    fix_geometry(&mut copy, &mut notes);
    rename_duplicates(&mut copy, &mut notes);
    drop_dangling_flows(&mut copy, &mut notes);
    drop_broken_links(&mut copy, &mut notes);
    (Cow::Owned(copy), notes.lines)
}

#[derive(Default)]
struct Notes {
    lines: Vec<String>,
}

impl Notes {
    /// One line for a kind of repair, naming the first few things it touched.
    fn add(&mut self, what: &str, ids: &[String]) {
        if ids.is_empty() {
            return;
        }
        const SHOWN: usize = 5;
        let mut named: Vec<&str> = ids.iter().take(SHOWN).map(String::as_str).collect();
        let more = ids.len().saturating_sub(SHOWN);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        named.dedup();
        self.lines.push(format!(
            "{what} ({} in all: {}{more}).",
            ids.len(),
            named.join(", ")
        ));
    }
}

/// Diagram ids for the notes: long ids from hostile files are shortened.
fn named(id: &Id) -> String {
    const LONGEST: usize = 40;
    if id.0.chars().count() <= LONGEST {
        id.0.clone()
    } else {
        let mut s: String = id.0.chars().take(LONGEST).collect();
        s.push('…');
        s
    }
}

fn finite(v: f32, otherwise: f32) -> f32 {
    if v.is_finite() { v } else { otherwise }
}

/// Positions that are not numbers become 0; sizes that are not positive numbers become a
/// default box, so that every backend can draw the shape.
fn fix_geometry(model: &mut Model, notes: &mut Notes) {
    let mut fixed = Vec::new();
    let mut fix = |id: &Id, pos: &mut (f32, f32), size: &mut (f32, f32)| {
        let before = (*pos, *size);
        *pos = (finite(pos.0, 0.0), finite(pos.1, 0.0));
        let side = |v: f32, otherwise: f32| {
            if v.is_finite() && v > 0.0 {
                v
            } else {
                otherwise
            }
        };
        *size = (side(size.0, 120.0), side(size.1, 60.0));
        if (*pos, *size) != before {
            fixed.push(named(id));
        }
    };
    for d in &mut model.diagrams {
        for e in &mut d.elements {
            fix(&e.id, &mut e.pos, &mut e.size);
        }
        for b in &mut d.boundaries {
            fix(&b.id, &mut b.pos, &mut b.size);
        }
    }
    let mut bends = Vec::new();
    for f in model.diagrams.iter_mut().flat_map(|d| d.flows.iter_mut()) {
        let before = f.waypoints.len();
        f.waypoints.retain(|p| p.0.is_finite() && p.1.is_finite());
        if f.waypoints.len() != before {
            bends.push(named(&f.id));
        }
    }
    notes.add(
        "Shapes whose position or size was not a usable number were given a default one",
        &fixed,
    );
    notes.add("Bend points that were not numbers were left out", &bends);
}

/// Every id after the first use of it gets a free one (`E1` → `E1-2`); references keep
/// pointing at the first.
fn rename_duplicates(model: &mut Model, notes: &mut Notes) {
    let mut taken: HashSet<String> = HashSet::new();
    let mut all: Vec<&mut Id> = Vec::new();
    for d in &mut model.diagrams {
        all.push(&mut d.id);
        all.extend(d.elements.iter_mut().map(|e| &mut e.id));
        all.extend(d.boundaries.iter_mut().map(|b| &mut b.id));
        all.extend(d.flows.iter_mut().map(|f| &mut f.id));
    }
    all.extend(model.assumptions.iter_mut().map(|a| &mut a.id));
    all.extend(model.threats.iter_mut().map(|t| &mut t.id));
    all.extend(model.mitigations.iter_mut().map(|m| &mut m.id));
    let every: HashSet<String> = all.iter().map(|id| id.0.clone()).collect();
    let mut renamed = Vec::new();
    for id in all {
        if taken.insert(id.0.clone()) {
            continue;
        }
        let free = (2..)
            .map(|n| format!("{}-{n}", id.0))
            .find(|c| !every.contains(c) && !taken.contains(c))
            .unwrap_or_default();
        renamed.push(format!("{} → {}", named(id), free));
        taken.insert(free.clone());
        id.0 = free;
    }
    notes.add(
        "Ids used more than once were renamed after their first use",
        &renamed,
    );
}

/// A flow must join two elements of its own diagram; one that does not cannot be drawn.
fn drop_dangling_flows(model: &mut Model, notes: &mut Notes) {
    let mut dropped = Vec::new();
    for d in &mut model.diagrams {
        let here: HashSet<Id> = d.elements.iter().map(|e| e.id.clone()).collect();
        d.flows.retain(|f| {
            let whole = here.contains(&f.from) && here.contains(&f.to);
            if !whole {
                dropped.push(named(&f.id));
            }
            whole
        });
    }
    notes.add(
        "Data flows whose start or end is not an element of their diagram were left out",
        &dropped,
    );
}

/// Links to what does not exist (or to the wrong kind of thing) are removed, and repeated links
/// kept once.
fn drop_broken_links(model: &mut Model, notes: &mut Notes) {
    let targets: HashSet<Id> = model
        .diagrams
        .iter()
        .flat_map(|d| d.shape_ids())
        .cloned()
        .collect();
    let flows_and_elements: HashSet<Id> = model
        .diagrams
        .iter()
        .flat_map(|d| {
            d.elements
                .iter()
                .map(|e| &e.id)
                .chain(d.flows.iter().map(|f| &f.id))
        })
        .cloned()
        .collect();
    let mitigations: HashSet<Id> = model.mitigations.iter().map(|m| m.id.clone()).collect();
    let threats: HashSet<Id> = model.threats.iter().map(|t| t.id.clone()).collect();
    let (mut untargeted, mut unlinked) = (Vec::new(), Vec::new());
    for t in &mut model.threats {
        if t.target.as_ref().is_some_and(|id| !targets.contains(id)) {
            t.target = None;
            untargeted.push(named(&t.id));
        }
        let mut seen = HashSet::new();
        let before = t.mitigations.len();
        t.mitigations
            .retain(|m| mitigations.contains(m) && seen.insert(m.clone()));
        let mut categories = HashSet::new();
        let stride_before = t.stride.len();
        t.stride.retain(|s| categories.insert(*s));
        if t.mitigations.len() != before || t.stride.len() != stride_before {
            unlinked.push(named(&t.id));
        }
    }
    for a in &mut model.assumptions {
        let mut seen = HashSet::new();
        let before = a.links.len();
        a.links
            .retain(|l| (threats.contains(l) || mitigations.contains(l)) && seen.insert(l.clone()));
        if a.links.len() != before {
            unlinked.push(named(&a.id));
        }
    }
    let mut pairs = HashSet::new();
    let mut stale = Vec::new();
    model.not_applicable.retain(|na| {
        let keep = flows_and_elements.contains(&na.target)
            && pairs.insert((na.target.clone(), na.category));
        if !keep {
            stale.push(named(&na.target));
        }
        keep
    });
    model.dismissed.retain(|d| {
        let keep = flows_and_elements.contains(&d.target);
        if !keep {
            stale.push(named(&d.target));
        }
        keep
    });
    notes.add(
        "Threats whose target does not exist are written without one",
        &untargeted,
    );
    notes.add(
        "Links to mitigations or threats that do not exist, and repeated links, were left out",
        &unlinked,
    );
    notes.add(
        "Review marks (not applicable, dismissed) on what does not exist were left out",
        &stale,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Diagram, Element, ElementKind, Flow};

    fn small() -> Model {
        crate::model::synthetic::generate(crate::model::synthetic::Spec {
            elements: 12,
            flows: 20,
            boundaries: 2,
            threats: 10,
            seed: 7,
        })
    }

    fn broken() -> Model {
        let mut m = small();
        let d = &mut m.diagrams[0];
        let first = d.elements[0].id.clone();
        d.flows.push(Flow::new(
            Id("F900".into()),
            first.clone(),
            Id("E404".into()),
            "to nowhere",
        ));
        let mut twin = Element::new(first, ElementKind::Store, "Twin", (f32::NAN, 0.0));
        twin.size = (-5.0, f32::INFINITY);
        d.elements.push(twin);
        m.diagrams.push(Diagram::new(Id("D9".into()), "Empty"));
        m
    }

    #[test]
    fn a_broken_model_becomes_sound_with_a_note_per_repair() {
        let model = broken();
        let (sound, notes) = writable(&model);
        let left: Vec<_> = validate(&sound)
            .into_iter()
            .filter(|p| !HARMLESS.contains(&p.code))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        let text = notes.join("\n");
        assert!(text.contains("F900"), "{text}");
        assert!(text.contains("→"), "{text}");
        assert!(text.contains("default"), "{text}");
    }

    #[test]
    fn a_sound_model_is_not_copied() {
        let model = small();
        let (sound, notes) = writable(&model);
        assert!(matches!(sound, Cow::Borrowed(_)));
        assert!(notes.is_empty());
    }
}
