//! File > Compare with…: the open model against another version of it (a file, or the file as
//! last committed to git), shown on the canvas (added outlined green, changed amber, removed
//! ghosted red) with a list of the changes that selects what it names.

use crate::model::{Id, Model, geometry::Rect};
use crate::review::diff::{Change, ItemChange, Kind, ModelDiff};
use crate::review::{DiffOptions, diff};
use crate::ui::document::Document;
use egui::{Color32, RichText, Ui};
use std::collections::HashSet;

/// The other version, and what differs from it as of a revision of the open model.
pub struct Comparison {
    /// What it is compared with, for people ("HEAD", a file name).
    pub label: String,
    pub old: Model,
    pub diff: ModelDiff,
    revision: u64,
    /// The marks of one diagram, kept until the diff or the diagram changes.
    marks: Option<(Id, Marks)>,
    /// Tells comparisons apart (each opens its own window).
    serial: u64,
}

impl Comparison {
    pub fn new(label: String, old: Model, doc: &Document) -> Self {
        let d = diff(&old, &doc.model, DiffOptions::default());
        Comparison {
            label,
            old,
            diff: d,
            revision: doc.settled_revision,
            marks: None,
            serial: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        }
    }

    pub fn serial(&self) -> u64 {
        self.serial
    }

    /// Compares again after an edit (not in the middle of a drag).
    pub fn follow(&mut self, doc: &Document) {
        if self.revision != doc.settled_revision {
            self.diff = diff(&self.old, &doc.model, DiffOptions::default());
            self.revision = doc.settled_revision;
            self.marks = None;
        }
    }

    /// The marks of a diagram, computed once per diff.
    pub fn marks_of(&mut self, diagram: &Id) -> Marks {
        match &self.marks {
            Some((id, m)) if id == diagram => m.clone(),
            _ => {
                let m = self.marks(diagram);
                self.marks = Some((diagram.clone(), m.clone()));
                m
            }
        }
    }

    /// What the canvas marks on one diagram.
    pub fn marks(&self, diagram: &Id) -> Marks {
        let mut m = Marks::default();
        let here = |i: &&ItemChange| i.diagram.as_ref() == Some(diagram);
        for i in self.diff.items.iter().filter(here) {
            match i.change {
                Change::Added => {
                    m.added.insert(i.id.clone());
                }
                Change::Changed => {
                    m.changed.insert(i.id.clone());
                }
                Change::Removed => {}
            }
        }
        // What was removed is drawn where it was in the other version.
        if let Some(old) = self.old.diagrams.iter().find(|d| &d.id == diagram) {
            let removed: HashSet<&Id> = self
                .diff
                .items
                .iter()
                .filter(here)
                .filter(|i| i.change == Change::Removed)
                .map(|i| &i.id)
                .collect();
            for e in old.elements.iter().filter(|e| removed.contains(&e.id)) {
                m.removed_shapes.push((e.rect(), e.name.clone()));
            }
            for b in old.boundaries.iter().filter(|b| removed.contains(&b.id)) {
                m.removed_shapes.push((b.rect(), b.name.clone()));
            }
            // Removed lines as they ran: from outline to outline, parallel ones apart.
            if old.flows.iter().any(|f| removed.contains(&f.id)) {
                let routes = crate::diagram::route_flows(old);
                for (f, route) in old.flows.iter().zip(routes) {
                    if let Some(r) = route.filter(|_| removed.contains(&f.id)) {
                        m.removed_flows.push(r.points);
                    }
                }
            }
        }
        m
    }

    /// Where a removed element, boundary or flow was, in the other version (diagram units).
    pub fn where_removed(&self, diagram: &Id, id: &Id) -> Option<Rect> {
        let old = self.old.diagrams.iter().find(|d| &d.id == diagram)?;
        if let Some(e) = old.element(id) {
            return Some(e.rect());
        }
        if let Some(b) = old.boundary(id) {
            return Some(b.rect());
        }
        let f = old.flow(id)?;
        let (a, b) = (old.element(&f.from)?.rect(), old.element(&f.to)?.rect());
        Some(a.union(&b))
    }

    /// The list of changes; returns an item picked (its kind, diagram and id), and whether to
    /// end the comparison.
    pub fn list(&self, ui: &mut Ui) -> (Option<Picked>, bool) {
        let mut picked = None;
        let mut end = false;
        ui.horizontal(|ui| {
            ui.label(format!(
                "{} difference{} from {}",
                self.diff.items.len(),
                if self.diff.items.len() == 1 { "" } else { "s" },
                self.label
            ));
            if ui.button("End comparison").clicked() {
                end = true;
            }
        });
        if self.diff.is_empty() {
            ui.weak("The model is the same as that version.");
        }
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for f in &self.diff.info {
                    ui.label(format!("~ model {} changed", f.field));
                }
                for i in &self.diff.items {
                    let (sign, colour) = match i.change {
                        Change::Added => ("+", ADDED),
                        Change::Removed => ("-", REMOVED),
                        Change::Changed => ("~", CHANGED),
                    };
                    let text = format!(
                        "{sign} {} {} {}",
                        i.kind.label(),
                        i.id,
                        crate::ui::text::ellipsize(&i.name, 60)
                    );
                    let r = ui.add(egui::Button::selectable(
                        false,
                        RichText::new(text).color(colour),
                    ));
                    let r = if i.change == Change::Changed {
                        r.on_hover_text(what_changed(i))
                    } else {
                        r
                    };
                    if r.clicked() {
                        picked = Some((i.kind, i.change, i.diagram.clone(), i.id.clone()));
                    }
                }
                if !self.diff.zones.is_empty() {
                    ui.separator();
                    ui.weak("In another trust zone:");
                }
                for z in &self.diff.zones {
                    ui.label(format!(
                        "{} \"{}\": {} -> {}",
                        z.element,
                        crate::ui::text::ellipsize(&z.name, 40),
                        z.before.as_deref().unwrap_or("outside every boundary"),
                        z.after.as_deref().unwrap_or("outside every boundary")
                    ));
                }
                if !self.diff.new_crossings.is_empty() {
                    ui.separator();
                    ui.weak("Newly crossing a trust boundary:");
                }
                for x in &self.diff.new_crossings {
                    ui.label(
                        RichText::new(format!(
                            "! flow {} now crosses {} ({} threats)",
                            x.flow,
                            x.boundaries.join(", "),
                            x.threats
                        ))
                        .color(CHANGED),
                    );
                }
            });
        (picked, end)
    }
}

/// What changed in an item, one field per line, before -> after.
fn what_changed(i: &ItemChange) -> String {
    use crate::review::report::show;
    let short = |v: &serde_json::Value| crate::ui::text::ellipsize(&show(v), 80).into_owned();
    let mut lines: Vec<String> = i
        .fields
        .iter()
        .map(|f| format!("{}: {} -> {}", f.field, short(&f.before), short(&f.after)))
        .collect();
    if let Some([a, b]) = i.moved {
        lines.push(format!(
            "moved from ({:.0}, {:.0}) to ({:.0}, {:.0})",
            a.0, a.1, b.0, b.1
        ));
    }
    if let Some([a, b]) = i.resized {
        lines.push(format!(
            "resized from {:.0} x {:.0} to {:.0} x {:.0}",
            a.0, a.1, b.0, b.1
        ));
    }
    if i.rerouted {
        lines.push("bends changed".to_owned());
    }
    lines.join("\n")
}

/// An item picked in the list of changes: its kind, how it changed, the diagram it is on, its
/// id.
pub type Picked = (Kind, Change, Option<Id>, Id);

pub const ADDED: Color32 = Color32::from_rgb(40, 170, 80);
pub const CHANGED: Color32 = Color32::from_rgb(225, 150, 20);
pub const REMOVED: Color32 = Color32::from_rgb(215, 55, 50);

/// What the canvas marks on the shown diagram.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks {
    pub added: HashSet<Id>,
    pub changed: HashSet<Id>,
    /// Removed elements and boundaries where they were, with their names.
    pub removed_shapes: Vec<(Rect, String)>,
    /// Removed flows' lines, where they ran.
    pub removed_flows: Vec<Vec<(f32, f32)>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_says_what_changed_from_what_to_what() {
        let text = include_str!("../../samples/connected-vehicle.ron");
        let old = crate::io::from_str(text, "connected-vehicle.ron").expect("the sample loads");
        let mut new = old.clone();
        new.diagrams[0].elements[1].name = "Web browser (PWA)".into();
        new.diagrams[0].elements[1].pos.1 += 40.0;
        let d = diff(&old, &new, DiffOptions::default());
        let text = what_changed(&d.items[0]);
        assert!(
            text.contains("name: Web browser -> Web browser (PWA)"),
            "{text}"
        );
        assert!(text.contains("moved from (40, 400) to (40, 440)"), "{text}");
    }
}
