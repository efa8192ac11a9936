//! The Mitigations tab: title, status, effectiveness, description, the threats each addresses
//! and its standard references, in a table
//! with resizable columns. Title and description are edited in place (typing is one undo step
//! per field); the threats it addresses open on a click.

use super::{Jump, links};
use crate::model::{Edit, Effectiveness, Id, MitigationStatus, ops};
use crate::ui::document::Document;
use crate::ui::text::typing_key;
use egui::{Align, ComboBox, Layout, TextEdit, Ui};
use egui_extras::{Column, TableBuilder};

#[derive(Default)]
pub struct MitigationTable {
    new_title: String,
}

const ROW_HEIGHT: f32 = 26.0;

/// An edit from the table: typed text merges into one undo step per field.
enum Change {
    Typed(Edit, &'static str, Id),
    Picked(Edit),
}

impl MitigationTable {
    pub fn show(&mut self, ui: &mut Ui, doc: &mut Document) -> Option<Jump> {
        ui.horizontal(|ui| {
            let r = ui.add(
                TextEdit::singleline(&mut self.new_title)
                    .hint_text("New mitigation")
                    .desired_width(260.0),
            );
            r.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, "New mitigation title")
            });
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button("Add").clicked() || enter) && !self.new_title.trim().is_empty() {
                let (edit, _) = ops::add_mitigation(&doc.model, self.new_title.trim());
                doc.apply(edit);
                self.new_title.clear();
            }
        });
        let mut change = None;
        let mut jump = None;
        let mut lost_focus = false;
        let model = &doc.model;
        TableBuilder::new(ui)
            .id_salt("mitigation-table")
            .striped(true)
            .resizable(true)
            // The panel keeps its height however few rows there are, and is not pushed taller
            // by the table's own minimum (200 px by default).
            .auto_shrink(false)
            .min_scrolled_height(0.0)
            .cell_layout(Layout::left_to_right(Align::Center))
            .column(Column::initial(50.0).at_least(36.0).clip(true))
            .column(Column::initial(260.0).at_least(80.0).clip(true))
            .column(Column::initial(120.0).at_least(80.0).clip(true))
            .column(Column::initial(90.0).at_least(60.0).clip(true))
            .column(Column::initial(240.0).at_least(80.0).clip(true))
            .column(Column::initial(220.0).at_least(80.0).clip(true))
            .column(Column::remainder().at_least(120.0).clip(true))
            .column(Column::auto())
            .header(22.0, |mut h| {
                for title in [
                    "ID",
                    "Mitigation",
                    "Status",
                    "Effect",
                    "Description",
                    "Addresses",
                    "Standards",
                    "",
                ] {
                    h.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, model.mitigations.len(), |mut row| {
                    let m = &model.mitigations[row.index()];
                    row.col(|ui| {
                        ui.label(m.id.as_str());
                    });
                    for (field, value) in [("title", &m.title), ("description", &m.description)] {
                        if field == "description" {
                            row.col(|ui| {
                                if let Some(c) = status_combo(ui, model, m) {
                                    change = Some(c);
                                }
                            });
                            row.col(|ui| {
                                if let Some(c) = effectiveness_combo(ui, model, m) {
                                    change = Some(c);
                                }
                            });
                        }
                        row.col(|ui| {
                            let mut text = value.clone();
                            let r = ui.add(
                                TextEdit::singleline(&mut text)
                                    .desired_width(f32::INFINITY)
                                    .hint_text(if field == "title" {
                                        ""
                                    } else {
                                        "Add a description"
                                    }),
                            );
                            let label = if field == "title" {
                                format!("Mitigation {}", m.id)
                            } else {
                                format!("Description of {}", m.id)
                            };
                            r.widget_info(|| {
                                egui::WidgetInfo::labeled(egui::Role::TextInput, true, &label)
                            });
                            let r = if !r.has_focus() && !value.is_empty() {
                                r.on_hover_text(value.as_str())
                            } else {
                                r
                            };
                            lost_focus |= r.lost_focus();
                            if r.changed() {
                                change = ops::update_mitigation(model, &m.id, |x| {
                                    if field == "title" {
                                        x.title = text.clone();
                                    } else {
                                        x.description = text.clone();
                                    }
                                })
                                .map(|e| Change::Typed(e, field, m.id.clone()));
                            }
                        });
                    }
                    row.col(|ui| {
                        let threats: Vec<Id> = model
                            .threats_of_mitigation(&m.id)
                            .map(|t| t.id.clone())
                            .collect();
                        links(ui, model, &threats, 6, &mut jump);
                    });
                    row.col(|ui| {
                        let refs = crate::model::standards::one_line(&m.standards);
                        if refs.is_empty() {
                            ui.weak("-");
                        } else {
                            ui.add(egui::Label::new(&refs).truncate())
                                .on_hover_text(refs.replace("; ", "\n"));
                        }
                    });
                    row.col(|ui| {
                        if ui.small_button("Delete").clicked() {
                            change = ops::delete_mitigation(model, &m.id).map(Change::Picked);
                        }
                    });
                });
            });
        match change {
            Some(Change::Typed(e, field, id)) => {
                doc.apply_merging(e, typing_key(&("mitigation", field, id)))
            }
            Some(Change::Picked(e)) => doc.apply(e),
            None => {}
        }
        if lost_focus {
            doc.history.seal();
        }
        jump
    }
}

fn status_combo(
    ui: &mut Ui,
    model: &crate::model::Model,
    m: &crate::model::Mitigation,
) -> Option<Change> {
    let mut status = m.status;
    let c = ComboBox::from_id_salt(("mitigation-status", &m.id))
        .selected_text(status.label())
        .show_ui(ui, |ui| {
            for s in MitigationStatus::ALL {
                ui.selectable_value(&mut status, s, s.label());
            }
        });
    c.response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::ComboBox, true, format!("Status of {}", m.id))
    });
    if status == m.status {
        return None;
    }
    ops::update_mitigation(model, &m.id, |x| x.status = status).map(Change::Picked)
}

/// How much the mitigation, once resolved, lowers its threats' likelihood.
fn effectiveness_combo(
    ui: &mut Ui,
    model: &crate::model::Model,
    m: &crate::model::Mitigation,
) -> Option<Change> {
    let mut effect = m.effectiveness;
    let label = |e: Option<Effectiveness>| e.map_or("Not rated", |e| e.label());
    let c = ComboBox::from_id_salt(("mitigation-effect", &m.id))
        .selected_text(label(effect))
        .show_ui(ui, |ui| {
            for e in [None].into_iter().chain(Effectiveness::ALL.map(Some)) {
                ui.selectable_value(&mut effect, e, label(e));
            }
        });
    c.response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::ComboBox,
            true,
            format!("Effectiveness of {}", m.id),
        )
    });
    let _ = c.response.on_hover_text(
        "Once resolved: partial lowers the likelihood of the threats it addresses by one \
         level, strong by two",
    );
    if effect == m.effectiveness {
        return None;
    }
    ops::update_mitigation(model, &m.id, |x| x.effectiveness = effect).map(Change::Picked)
}
