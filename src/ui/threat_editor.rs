//! The threat editor: the six grammar parts with the sentence assembled as you type, priority,
//! status, risk response and justification, linked mitigations and assumptions, comments.

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
    /// Goals and assets as typed, commas and spaces included.
    lists: ListDrafts,
}

fn key(id: &Id, field: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    ("threat", id, field).hash(&mut h);
    h.finish()
}

impl ThreatEditor {
    pub fn show(&mut self, ctx: &egui::Context, doc: &mut Document) {
        let Some(id) = self.open.clone() else { return };
        let Some(before) = doc.model.threat(&id).cloned() else {
            self.open = None;
            return;
        };
        let mut open = true;
        let mut deleted = false;
        egui::Window::new(format!("Threat {id}"))
            .id(egui::Id::unique("threat-editor"))
            .open(&mut open)
            .default_width(480.0)
            .resizable(true)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(640.0)
                    .show(ui, |ui| {
                        deleted = self.body(ui, doc, &before);
                    });
            });
        if !open || deleted {
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
        ui.horizontal(|ui| {
            let l = ui.label("About");
            egui::ComboBox::from_id_salt("threat-target")
                .selected_text(name_of(&t.target))
                .width(320.0)
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
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("STRIDE");
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
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(l.id);
                if r.changed() {
                    typed = Some(field);
                }
                lost_focus |= r.lost_focus();
                r.changed()
            };
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
                "Impacted goals (comma separated)",
                "goals",
                "confidentiality, integrity",
            ),
            (
                "Impacted assets (comma separated)",
                "assets",
                "customer records",
            ),
        ] {
            let items = if field == "goals" {
                &mut t.impacted_goals
            } else {
                &mut t.impacted_assets
            };
            let l = ui.label(label);
            let (r, changed) = self.lists.field(ui, ("threat", field), items, hint);
            let r = r.labelled_by(l.id);
            if changed {
                list_typed = Some(field);
            }
            list_lost_focus |= r.lost_focus();
        }
        ui.add_space(4.0);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            let statement = t.statement();
            if statement.is_empty() {
                ui.weak("Fill in a source and an action to form the threat statement.");
            } else {
                ui.label(egui::RichText::new(statement).italics());
            }
        });
        text(ui, "Short title (optional)", &mut t.title, "title", "");
        typed = typed.or(list_typed);
        lost_focus |= list_lost_focus;
        ui.separator();
        ui.horizontal(|ui| {
            let l = ui.label("Priority");
            let label = |p: Option<Priority>| p.map_or("Not set", |p| p.label());
            let c = ComboBox::from_id_salt("threat-priority")
                .selected_text(label(t.priority))
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
            let l = ui.label("Status");
            let c = ComboBox::from_id_salt("threat-status")
                .selected_text(t.status.label())
                .show_ui(ui, |ui| {
                    for s in ThreatStatus::ALL {
                        ui.selectable_value(&mut t.status, s, s.label());
                    }
                });
            let _ = c.response.labelled_by(l.id);
        });
        ui.horizontal(|ui| {
            let l = ui.label("Risk response");
            let label = |r: Option<RiskResponse>| r.map_or("Not decided", |r| r.label());
            let c = ComboBox::from_id_salt("threat-response")
                .selected_text(label(t.response))
                .show_ui(ui, |ui| {
                    for r in [None]
                        .into_iter()
                        .chain(RiskResponse::ALL.into_iter().map(Some))
                    {
                        ui.selectable_value(&mut t.response, r, label(r));
                    }
                });
            let _ = c.response.labelled_by(l.id);
        });
        let l = ui.label("Justification");
        let r = ui
            .add(
                TextEdit::multiline(&mut t.justification)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
        if r.changed() {
            typed = Some("justification");
        }
        lost_focus |= r.lost_focus();
        ui.separator();
        ui.strong("Mitigations");
        if doc.model.mitigations.is_empty() {
            ui.weak("No mitigations yet.");
        }
        egui::ScrollArea::vertical()
            .id_salt("threat-mitigations")
            .max_height(150.0)
            .show(ui, |ui| {
                for m in &doc.model.mitigations {
                    let mut on = t.mitigations.contains(&m.id);
                    if ui
                        .checkbox(&mut on, format!("{} {}", m.id, m.title))
                        .changed()
                    {
                        if on {
                            t.mitigations.push(m.id.clone());
                        } else {
                            t.mitigations.retain(|x| x != &m.id);
                        }
                    }
                }
            });
        let mut create = None;
        ui.horizontal(|ui| {
            let r = ui.add(
                TextEdit::singleline(&mut self.new_mitigation)
                    .hint_text("New mitigation")
                    .desired_width(300.0),
            );
            r.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, "New mitigation")
            });
            if ui.button("Add and link").clicked() && !self.new_mitigation.trim().is_empty() {
                create = Some(self.new_mitigation.trim().to_owned());
            }
        });
        ui.separator();
        ui.strong("Assumptions");
        let mut assumption_edits = Vec::new();
        egui::ScrollArea::vertical()
            .id_salt("threat-assumptions")
            .max_height(120.0)
            .show(ui, |ui| {
                for a in &doc.model.assumptions {
                    let mut on = a.links.contains(&t.id);
                    let text: String = a.text.chars().take(90).collect();
                    if ui.checkbox(&mut on, format!("{} {}", a.id, text)).changed()
                        && let Some(e) = ops::update_assumption(&doc.model, &a.id, |x| {
                            if on {
                                x.links.push(t.id.clone());
                            } else {
                                x.links.retain(|l| l != &t.id);
                            }
                        })
                    {
                        assumption_edits.push(e);
                    }
                }
            });
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

/// "a, b and c" for short lists in the panels.
pub fn short_list(items: &[String]) -> String {
    join_list(items)
}
