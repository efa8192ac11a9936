//! The threat editor, docked at the right of the window while a threat is open: the six
//! grammar parts with the sentence assembled as you type, STRIDE, priority, status, risk
//! response and justification (all visible at 1280×800 without scrolling), then the linked
//! mitigations and assumptions listed first, with a filter, and comments.

use super::document::Document;
use super::text::ListDrafts;
use crate::model::{
    Edit, Id, Priority, RiskResponse, Stride, Threat, ThreatStatus, join_list, ops,
};
use egui::{ComboBox, TextEdit, Ui};
use std::hash::{Hash, Hasher};

#[derive(Default)]
pub struct ThreatEditor {
    /// The threat being edited, if the editor is open.
    pub open: Option<Id>,
    new_mitigation: String,
    /// Narrows the mitigations and assumptions offered for linking.
    filter: String,
    /// The threat the filter and the new mitigation's title were typed for: another threat
    /// starts with both empty.
    typed_for: Option<Id>,
    /// Goals and assets as typed, commas and spaces included.
    lists: ListDrafts,
}

fn key(id: &Id, field: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    ("threat", id, field).hash(&mut h);
    h.finish()
}

impl ThreatEditor {
    /// The editor's panel content; shown by the app in a panel docked at the right.
    pub fn show(&mut self, ui: &mut Ui, doc: &mut Document) {
        let Some(id) = self.open.clone() else { return };
        let Some(before) = doc.model.threat(&id).cloned() else {
            self.open = None;
            return;
        };
        if self.typed_for.as_ref() != Some(&id) {
            self.filter.clear();
            self.new_mitigation.clear();
            self.typed_for = Some(id.clone());
        }
        let mut close = false;
        ui.horizontal(|ui| {
            ui.heading(format!("Threat {id}"));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                close = ui
                    .button("Close")
                    .on_hover_text("Close the threat editor (Esc)")
                    .clicked();
            });
        });
        let mut deleted = false;
        egui::ScrollArea::vertical()
            .id_salt("threat-editor-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                deleted = self.body(ui, doc, &before);
            });
        if close || deleted {
            self.open = None;
            doc.history.seal();
        }
    }

    /// Returns true when the threat was deleted.
    fn body(&mut self, ui: &mut Ui, doc: &mut Document, before: &Threat) -> bool {
        let mut t = before.clone();
        let mut typed: Option<&'static str> = None;
        let mut lost_focus = false;
        // The list fields report here, as the `text` closure holds the two above.
        let mut list_typed: Option<&'static str> = None;
        let mut list_lost_focus = false;
        // What the threat is about: imported threats (Threat Composer has no diagram) start
        // with none, and a threat can move to another element, flow or boundary.
        let name_of = |id: &Option<crate::model::Id>| {
            id.as_ref().and_then(|i| doc.model.target(i)).map_or(
                "The whole system".to_owned(),
                |x| {
                    format!(
                        "{} ({})",
                        super::text::ellipsize(x.name(), 50),
                        id.as_ref().map_or("", |i| i.as_str())
                    )
                },
            )
        };
        // Grid cells would grow with a field that asks for all the room there is: every field
        // gets the panel's width less the label column, measured once.
        let grid_width = ui.available_width();
        let field_width = (grid_width - 112.0).max(160.0);
        egui::Grid::new("threat-head")
            .num_columns(2)
            .min_col_width(96.0)
            .show(ui, |ui| {
                let l = ui.label("About");
                egui::ComboBox::from_id_salt("threat-target")
                    .selected_text(name_of(&t.target))
                    .width(field_width)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut t.target, None, "The whole system");
                        for d in &doc.model.diagrams {
                            let shapes = d
                                .elements
                                .iter()
                                .map(|e| (&e.id, &e.name))
                                .chain(d.flows.iter().map(|f| (&f.id, &f.label)))
                                .chain(d.boundaries.iter().map(|b| (&b.id, &b.name)));
                            for (id, name) in shapes {
                                ui.selectable_value(
                                    &mut t.target,
                                    Some(id.clone()),
                                    format!("{} ({id})", super::text::ellipsize(name, 50)),
                                );
                            }
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
            });
        // The STRIDE boxes wrap under their label, not in a grid cell (which left a gap).
        ui.horizontal_wrapped(|ui| {
            // Aligned with the grid's labels below.
            let l = ui.label("STRIDE");
            ui.add_space((100.0 - l.rect.width()).max(0.0));
            for s in Stride::ALL {
                let mut on = t.stride.contains(&s);
                if ui.checkbox(&mut on, s.label()).changed() {
                    if on {
                        t.stride.push(s);
                        t.stride.sort();
                    } else {
                        t.stride.retain(|x| *x != s);
                    }
                }
            }
        });
        ui.separator();
        ui.strong("Threat grammar");
        let mut text =
            |ui: &mut Ui, label: &str, value: &mut String, field: &'static str, hint: &str| {
                let l = ui.label(label);
                let r = ui
                    .add(
                        TextEdit::singleline(value)
                            .hint_text(hint)
                            .desired_width(field_width),
                    )
                    .labelled_by(l.id);
                if r.changed() {
                    typed = Some(field);
                }
                lost_focus |= r.lost_focus();
                ui.end_row();
            };
        egui::Grid::new("threat-grammar")
            .num_columns(2)
            .min_col_width(96.0)
            .show(ui, |ui| {
                text(
                    ui,
                    "Threat source",
                    &mut t.source,
                    "source",
                    "internet-based threat actor",
                );
                text(
                    ui,
                    "Prerequisites",
                    &mut t.prerequisites,
                    "prerequisites",
                    "with access to another user's token",
                );
                text(
                    ui,
                    "Threat action",
                    &mut t.action,
                    "action",
                    "spoof that user",
                );
                text(
                    ui,
                    "Threat impact",
                    &mut t.impact,
                    "impact",
                    "reading their account data",
                );
                for (label, field, hint) in [
                    (
                        "Impacted goals",
                        "goals",
                        "confidentiality, integrity (comma separated)",
                    ),
                    (
                        "Impacted assets",
                        "assets",
                        "customer records (comma separated)",
                    ),
                ] {
                    let items = if field == "goals" {
                        &mut t.impacted_goals
                    } else {
                        &mut t.impacted_assets
                    };
                    let l = ui.label(label);
                    let (r, changed) =
                        self.lists
                            .field(ui, ("threat", field), items, hint, field_width);
                    let r = r.labelled_by(l.id);
                    if changed {
                        list_typed = Some(field);
                    }
                    list_lost_focus |= r.lost_focus();
                    ui.end_row();
                }
                ui.label("Statement");
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(field_width - 14.0);
                    let statement = t.statement();
                    if statement.is_empty() {
                        ui.add(
                            egui::Label::new(
                                egui::RichText::new(
                                    "Fill in a source and an action to form the threat statement.",
                                )
                                .weak(),
                            )
                            .wrap(),
                        );
                    } else {
                        // Grid cells do not wrap by default: this one must.
                        ui.add(egui::Label::new(egui::RichText::new(statement).italics()).wrap());
                    }
                });
                ui.end_row();
                text(
                    ui,
                    "Short title",
                    &mut t.title,
                    "title",
                    "optional, for lists and the workbook",
                );
            });
        typed = typed.or(list_typed);
        lost_focus |= list_lost_focus;
        ui.separator();
        egui::Grid::new("threat-decision")
            .num_columns(2)
            .min_col_width(96.0)
            .show(ui, |ui| {
                if super::risk::rating_pickers(ui, &mut t.rating) {
                    crate::model::risk::derive_priority(&mut t, &doc.model.info.risk);
                }
                super::risk::summary_row(ui, &t, &doc.model);
                let l = ui.label("Priority");
                ui.horizontal(|ui| {
                    let label = |p: Option<Priority>| p.map_or("Not set", |p| p.label());
                    let c = ComboBox::from_id_salt("threat-priority")
                        .selected_text(label(t.priority))
                        .width(90.0)
                        .show_ui(ui, |ui| {
                            for p in [
                                None,
                                Some(Priority::High),
                                Some(Priority::Medium),
                                Some(Priority::Low),
                            ] {
                                ui.selectable_value(&mut t.priority, p, label(p));
                            }
                        });
                    let _ = c.response.labelled_by(l.id);
                    if doc.model.info.risk.derive_priority && t.rating.cell().is_some() {
                        ui.weak("(follows risk)");
                    }
                    let l = ui.label("Status");
                    let c = ComboBox::from_id_salt("threat-status")
                        .selected_text(t.status.label())
                        .width(120.0)
                        .show_ui(ui, |ui| {
                            for s in ThreatStatus::ALL {
                                ui.selectable_value(&mut t.status, s, s.label());
                            }
                        });
                    let _ = c.response.labelled_by(l.id);
                });
                ui.end_row();
                let l = ui.label("Risk response");
                let label = |r: Option<RiskResponse>| r.map_or("Not decided", |r| r.label());
                let c = ComboBox::from_id_salt("threat-response")
                    .selected_text(label(t.response))
                    .width(140.0)
                    .show_ui(ui, |ui| {
                        for r in [None]
                            .into_iter()
                            .chain(RiskResponse::ALL.into_iter().map(Some))
                        {
                            ui.selectable_value(&mut t.response, r, label(r));
                        }
                    });
                let _ = c.response.labelled_by(l.id);
                ui.end_row();
                let l = ui.label("Justification");
                let r = ui
                    .add(
                        TextEdit::multiline(&mut t.justification)
                            .desired_rows(2)
                            .hint_text("why this response")
                            .desired_width(field_width),
                    )
                    .labelled_by(l.id);
                if r.changed() {
                    typed = Some("justification");
                }
                lost_focus |= r.lost_focus();
                ui.end_row();
            });
        ui.separator();
        let linked = t.mitigations.len();
        ui.strong(format!("Mitigations ({linked} linked)"));
        let r = ui.add(
            TextEdit::singleline(&mut self.filter)
                .hint_text("Filter mitigations and assumptions")
                .desired_width(f32::INFINITY),
        );
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::SearchInput, true, "Filter links"));
        let filter = self.filter.to_lowercase();
        let matches = |id: &Id, text: &str| {
            filter.is_empty()
                || id.as_str().to_lowercase().contains(&filter)
                || text.to_lowercase().contains(&filter)
        };
        if doc.model.mitigations.is_empty() {
            ui.weak("No mitigations yet: add one below.");
        }
        // Linked first, in the order they were linked; then the others that match the filter.
        let (on, off): (Vec<_>, Vec<_>) = doc
            .model
            .mitigations
            .iter()
            .partition(|m| t.mitigations.contains(&m.id));
        let mut hidden = 0;
        for m in on.into_iter().chain(off) {
            let is_on = t.mitigations.contains(&m.id);
            if !is_on && !matches(&m.id, &m.title) {
                hidden += 1;
                continue;
            }
            let mut checked = is_on;
            let label = format!("{} {}", m.id, super::text::ellipsize(&m.title, 120));
            ui.horizontal(|ui| {
                if ui
                    .checkbox(&mut checked, label)
                    .on_hover_text(mitigation_hover(m))
                    .changed()
                {
                    if checked {
                        t.mitigations.push(m.id.clone());
                    } else {
                        t.mitigations.retain(|x| x != &m.id);
                    }
                }
                // Status and effectiveness beside it: they are what makes the residual risk.
                ui.weak(format!(
                    "{}{}",
                    m.status.label(),
                    m.effectiveness
                        .map(|e| format!(", {}", e.label().to_lowercase()))
                        .unwrap_or_default()
                ));
            });
        }
        if hidden > 0 {
            ui.weak(format!("{hidden} more not matching the filter"));
        }
        let mut create = None;
        ui.horizontal(|ui| {
            let r = ui.add(
                TextEdit::singleline(&mut self.new_mitigation)
                    .hint_text("New mitigation")
                    .desired_width((ui.available_width() - 110.0).max(120.0)),
            );
            r.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, "New mitigation")
            });
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button("Add and link").clicked() || enter)
                && !self.new_mitigation.trim().is_empty()
            {
                create = Some(self.new_mitigation.trim().to_owned());
            }
        });
        ui.separator();
        let (on, off): (Vec<_>, Vec<_>) = doc
            .model
            .assumptions
            .iter()
            .partition(|a| a.links.contains(&t.id));
        ui.strong(format!("Assumptions ({} linked)", on.len()));
        let mut assumption_edits = Vec::new();
        let mut hidden = 0;
        for a in on.into_iter().chain(off) {
            let mut checked = a.links.contains(&t.id);
            if !checked && !matches(&a.id, &a.text) {
                hidden += 1;
                continue;
            }
            let label = format!("{} {}", a.id, super::text::ellipsize(&a.text, 120));
            if ui.checkbox(&mut checked, label).changed()
                && let Some(e) = ops::update_assumption(&doc.model, &a.id, |x| {
                    if checked {
                        x.links.push(t.id.clone());
                    } else {
                        x.links.retain(|l| l != &t.id);
                    }
                })
            {
                assumption_edits.push(e);
            }
        }
        if hidden > 0 {
            ui.weak(format!("{hidden} more not matching the filter"));
        }
        if doc.model.assumptions.is_empty() {
            ui.weak("No assumptions yet (add them in the Assumptions list).");
        }
        ui.separator();
        let l = ui.label("Comments");
        let r = ui
            .add(
                TextEdit::multiline(&mut t.comments)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
        if r.changed() {
            typed = Some("comments");
        }
        lost_focus |= r.lost_focus();
        let origin = match &t.origin {
            crate::model::Origin::Manual => "Written by hand".to_owned(),
            crate::model::Origin::Rule(r) => format!("Suggested by rule {r}"),
            crate::model::Origin::Imported(from) => format!("Imported from {from}"),
        };
        ui.weak(origin);
        let references = crate::model::standards::one_line(&t.standards);
        if !references.is_empty() {
            ui.weak(format!("References: {references}"));
        }
        let delete = ui.button("Delete this threat").clicked();

        // Apply what changed, as undoable edits.
        for e in assumption_edits {
            doc.apply(e);
        }
        if let Some(title) = create {
            let (add, mid) = ops::add_mitigation(&doc.model, &title);
            let mut linked = t.clone();
            linked.mitigations.push(mid);
            let mut scratch = doc.model.clone();
            add.apply(&mut scratch);
            if let Some(link) = ops::update_threat(&scratch, &t.id, |x| *x = linked) {
                doc.apply(Edit::Batch(vec![add, link]));
            }
            self.new_mitigation.clear();
            return false;
        }
        if delete {
            if let Some(e) = ops::delete_threat(&doc.model, &t.id) {
                doc.apply(e);
            }
            return true;
        }
        if t != *before
            && let Some(edit) = ops::update_threat(&doc.model, &t.id, |x| *x = t.clone())
        {
            match typed {
                Some(field) => doc.apply_merging(edit, key(&t.id, field)),
                None => doc.apply(edit),
            }
        }
        if lost_focus {
            doc.history.seal();
        }
        false
    }
}

/// A mitigation's status, effectiveness and standard references, for its hover text.
fn mitigation_hover(m: &crate::model::Mitigation) -> String {
    let mut s = format!(
        "{}; effectiveness {}",
        m.status.label(),
        m.effectiveness.map_or("not rated", |e| e.label())
    );
    let refs = crate::model::standards::one_line(&m.standards);
    if !refs.is_empty() {
        s.push('\n');
        s.push_str(&refs);
    }
    s
}

/// "a, b and c" for short lists in the panels.
pub fn short_list(items: &[String]) -> String {
    join_list(items)
}
