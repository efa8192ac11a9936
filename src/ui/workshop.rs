//! The workshop's own screen: the four questions in order, each with what it still lacks (a
//! checklist a facilitator can project), and the tables the workbook prints that are not drawn
//! on the canvas: the team (Table A), the user story and scope, and the retrospective (Table F).
//! Every change is an undoable edit; typing in one field is one undo step.

use super::document::Document;
use crate::model::{Edit, Id, Model, Persona, ops};
use crate::stride::Insights;
use egui::{RichText, TextEdit, Ui};
use std::hash::{Hash, Hasher};

#[derive(Default)]
pub struct WorkshopView {
    /// A question of the team's own, being typed.
    new_question: String,
}

/// One line of the checklist: done or not, and what is still missing.
struct Check {
    done: bool,
    text: String,
}

fn check(done: bool, text: impl Into<String>) -> Check {
    Check {
        done,
        text: text.into(),
    }
}

fn merge_key(what: &str, index: usize, field: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    ("workshop", what, index, field).hash(&mut h);
    h.finish()
}

/// What the widgets of one frame did: the edit to make, whether it came from typing (and in
/// which field, so keystrokes merge into one undo step), and whether a field lost the focus.
#[derive(Default)]
struct Typing {
    edit: Option<Edit>,
    typed: Option<u64>,
    lost_focus: bool,
}

impl Typing {
    /// A text field showing `value`, named `name` for screen readers; typing in it makes the
    /// edit `change` returns for the new text.
    fn field(
        &mut self,
        ui: &mut Ui,
        value: &str,
        name: String,
        (multiline, hint, width): (bool, &str, f32),
        key: u64,
        change: impl FnOnce(String) -> Option<Edit>,
    ) {
        let mut text = value.to_owned();
        let edit = if multiline {
            TextEdit::multiline(&mut text).desired_rows(1)
        } else {
            TextEdit::singleline(&mut text)
        };
        let r = ui.add(edit.hint_text(hint).desired_width(width));
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, &name));
        if r.changed() {
            self.edit = change(text);
            self.typed = Some(key);
        }
        self.lost_focus |= r.lost_focus();
    }

    /// A click: its own undo step.
    fn click(&mut self, edit: Option<Edit>) {
        self.edit = edit;
        self.typed = None;
    }

    /// Applies a typed change as part of the field's current undo step, or a click as its own.
    fn commit(self, doc: &mut Document) {
        if let Some(edit) = self.edit.filter(|e| !e.is_noop()) {
            match self.typed {
                Some(key) => doc.apply_merging(edit, key),
                None => doc.apply(edit),
            }
        }
        if self.lost_focus {
            doc.history.seal();
        }
    }
}

/// Names of the first few ids, for a checklist line ("Web browser, API Gateway and 3 more").
fn names(model: &Model, ids: &[Id]) -> String {
    let shown: Vec<String> = ids
        .iter()
        .take(3)
        .map(|id| {
            model
                .target(id)
                .map_or_else(|| id.to_string(), |t| t.name().to_owned())
        })
        .map(|n| super::text::ellipsize(&n, 40).into_owned())
        .collect();
    match ids.len() {
        0 => String::new(),
        n if n <= 3 => shown.join(", "),
        n => format!("{} and {} more", shown.join(", "), n - 3),
    }
}

/// What each of the four questions still lacks.
fn checklist(model: &Model, i: &Insights) -> [(&'static str, Vec<Check>); 4] {
    let missing: Vec<&str> = Persona::ALL
        .iter()
        .filter(|p| {
            !model
                .team
                .iter()
                .any(|m| m.persona == **p && !m.name.trim().is_empty())
        })
        .map(|p| p.label())
        .collect();
    let elements: usize = model.diagrams.iter().map(|d| d.elements.len()).sum();
    let answered = model
        .retrospective
        .iter()
        .filter(|r| !r.answer.trim().is_empty())
        .count();
    [
        (
            "1. What are we working on?",
            vec![
                check(
                    missing.is_empty(),
                    if missing.is_empty() {
                        "Team: every persona has someone".to_owned()
                    } else {
                        format!("Team: no one yet for {}", missing.join(", "))
                    },
                ),
                check(
                    !model.info.user_story.trim().is_empty() && !model.info.scope.trim().is_empty(),
                    "User story and scope written",
                ),
                check(elements > 0, format!("Diagram: {elements} elements drawn")),
                check(
                    !model.assumptions.is_empty(),
                    format!(
                        "Assumptions: {} written (Assumptions tab)",
                        model.assumptions.len()
                    ),
                ),
            ],
        ),
        (
            "2. What can go wrong?",
            vec![
                check(
                    i.pairs > 0 && i.targets_not_reviewed.is_empty(),
                    if i.targets_not_reviewed.is_empty() {
                        format!("Every element and flow reviewed ({} pairs)", i.pairs)
                    } else {
                        format!(
                            "{} elements or flows not fully reviewed: {}",
                            i.targets_not_reviewed.len(),
                            names(model, &i.targets_not_reviewed)
                        )
                    },
                ),
                check(i.threats > 0, format!("Threats recorded: {}", i.threats)),
            ],
        ),
        (
            "3. What are we going to do about it?",
            vec![
                check(
                    i.without_priority.is_empty(),
                    if i.without_priority.is_empty() {
                        "Every threat has a priority".to_owned()
                    } else {
                        format!("No priority: {}", names(model, &i.without_priority))
                    },
                ),
                check(
                    i.without_response.is_empty(),
                    if i.without_response.is_empty() {
                        "Every threat has a risk response".to_owned()
                    } else {
                        format!("No risk response: {}", names(model, &i.without_response))
                    },
                ),
                check(
                    i.mitigate_without_mitigation.is_empty(),
                    if i.mitigate_without_mitigation.is_empty() {
                        "Every Mitigate has a mitigation".to_owned()
                    } else {
                        format!(
                            "Mitigate without a mitigation: {}",
                            names(model, &i.mitigate_without_mitigation)
                        )
                    },
                ),
            ],
        ),
        (
            "4. Did we do a good job?",
            vec![check(
                answered > 0,
                format!(
                    "Retrospective: {answered} of {} questions answered",
                    model.retrospective.len()
                ),
            )],
        ),
    ]
}

fn checklist_view(ui: &mut Ui, model: &Model, insights: &Insights) {
    for (question, checks) in checklist(model, insights) {
        let done = checks.iter().filter(|c| c.done).count();
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(question).strong());
            ui.weak(format!("{done} of {} done", checks.len()));
        });
        for c in checks {
            ui.horizontal_wrapped(|ui| {
                ui.add_space(12.0);
                // Words, not symbols: every font has them, and a projector shows them.
                if c.done {
                    ui.colored_label(ui.visuals().weak_text_color(), "done");
                } else {
                    ui.colored_label(ui.visuals().warn_fg_color, "to do");
                }
                ui.label(c.text);
            });
        }
    }
}

impl WorkshopView {
    pub fn show(&mut self, ui: &mut Ui, doc: &mut Document, insights: &Insights) {
        // The checklist on the left, the tables to fill in on the right: both in view at once.
        let checklist_width = (ui.available_width() * 0.38).clamp(260.0, 520.0);
        let height = ui.available_height();
        let down = egui::Layout::top_down(egui::Align::LEFT);
        ui.horizontal_top(|ui| {
            ui.allocate_ui_with_layout(egui::vec2(checklist_width, height), down, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("workshop-checklist")
                    .auto_shrink([false, false])
                    .show(ui, |ui| checklist_view(ui, &doc.model, insights));
            });
            ui.separator();
            let rest = egui::vec2(ui.available_width(), height);
            ui.allocate_ui_with_layout(rest, down, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("workshop-tables")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        self.team(ui, doc);
                        ui.separator();
                        story_and_scope(ui, doc);
                        ui.separator();
                        self.retrospective(ui, doc);
                    });
            });
        });
    }

    fn team(&mut self, ui: &mut Ui, doc: &mut Document) {
        ui.label(RichText::new("Assemble the right team").strong());
        ui.weak("Who is in the room for each persona: more than one person is fine.");
        let mut t = Typing::default();
        for persona in Persona::ALL {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(persona.label()).strong());
                ui.weak(persona.criteria());
                let label = persona.label();
                let article = if label.starts_with(['A', 'E', 'I', 'O', 'U']) {
                    "an"
                } else {
                    "a"
                };
                if ui.small_button(format!("Add {article} {label}")).clicked() {
                    t.click(Some(ops::add_team_member(&doc.model, persona)));
                }
            });
            for (index, member) in doc.model.team.iter().enumerate() {
                if member.persona != persona {
                    continue;
                }
                ui.horizontal(|ui| {
                    ui.add_space(16.0);
                    t.field(
                        ui,
                        &member.name,
                        format!("{} name", persona.label()),
                        (false, "Name", 180.0),
                        merge_key("team", index, "name"),
                        |name| ops::update_team_member(&doc.model, index, |m| m.name = name),
                    );
                    let width = (ui.available_width() - 90.0).clamp(160.0, 420.0);
                    t.field(
                        ui,
                        &member.contact,
                        format!("{} contact", persona.label()),
                        (false, "Team, title, e-mail", width),
                        merge_key("team", index, "contact"),
                        |contact| {
                            ops::update_team_member(&doc.model, index, |m| m.contact = contact)
                        },
                    );
                    if ui
                        .button("Remove")
                        .on_hover_text("Take this person off the team (Ctrl+Z brings them back)")
                        .clicked()
                    {
                        t.click(ops::remove_team_member(&doc.model, index));
                    }
                });
            }
        }
        t.commit(doc);
    }

    fn retrospective(&mut self, ui: &mut Ui, doc: &mut Document) {
        ui.label(RichText::new("Did we do a good enough job?").strong());
        let mut t = Typing::default();
        // One block per question, sized from the room there is: a grid of three fixed widths
        // was squeezed to a few letters a column when the panel is narrow.
        let width = (ui.available_width() - 8.0).max(240.0);
        let half = ((width - 8.0) / 2.0).max(116.0);
        for (index, item) in doc.model.retrospective.iter().enumerate() {
            let n = index + 1;
            ui.horizontal(|ui| {
                t.field(
                    ui,
                    &item.question,
                    format!("Question {n}"),
                    (true, "Question", (width - 80.0).max(160.0)),
                    merge_key("retro", index, "question"),
                    |q| ops::update_retro(&doc.model, index, |i| i.question = q),
                );
                if ui
                    .button("Remove")
                    .on_hover_text("Take this question off (Ctrl+Z brings it back)")
                    .clicked()
                {
                    t.click(ops::remove_retro(&doc.model, index));
                }
            });
            ui.horizontal(|ui| {
                t.field(
                    ui,
                    &item.answer,
                    format!("Answer {n}"),
                    (true, "Answer or evidence", half),
                    merge_key("retro", index, "answer"),
                    |a| ops::update_retro(&doc.model, index, |i| i.answer = a),
                );
                t.field(
                    ui,
                    &item.follow_up,
                    format!("Follow-up {n}"),
                    (true, "Follow-up action", half),
                    merge_key("retro", index, "follow_up"),
                    |f| ops::update_retro(&doc.model, index, |i| i.follow_up = f),
                );
            });
            ui.add_space(6.0);
        }
        ui.horizontal(|ui| {
            let r = ui.add(
                TextEdit::singleline(&mut self.new_question)
                    .hint_text("A question of your own")
                    .desired_width(320.0),
            );
            r.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, "New question")
            });
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button("Add question").clicked() || enter) && !self.new_question.trim().is_empty()
            {
                t.click(Some(ops::add_retro_question(
                    &doc.model,
                    self.new_question.trim(),
                )));
                self.new_question.clear();
            }
            if ui
                .button("Add the workshop's questions")
                .on_hover_text("The questions of the workbook's \"Did we do a good enough job?\" table not asked yet")
                .clicked()
            {
                t.click(ops::add_suggested_retro_questions(&doc.model));
            }
        });
        t.commit(doc);
    }
}

/// The user story and scope (the workbook's system description), editable here as well as in
/// the properties with nothing selected.
fn story_and_scope(ui: &mut Ui, doc: &mut Document) {
    ui.label(RichText::new("User story and scope").strong());
    let before = doc.model.info.clone();
    let mut info = before.clone();
    let mut t = Typing::default();
    for (label, value, key) in [
        ("User story", &mut info.user_story, "user_story"),
        ("Scope", &mut info.scope, "scope"),
    ] {
        ui.horizontal(|ui| {
            let l = ui.label(label);
            let r = ui
                .add(
                    TextEdit::multiline(value)
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
            if r.changed() {
                t.typed = Some(merge_key("info", 0, key));
            }
            t.lost_focus |= r.lost_focus();
        });
    }
    t.edit = (info != before).then(|| Edit::Info(Box::new(before), Box::new(info)));
    t.commit(doc);
}
