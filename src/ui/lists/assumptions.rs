//! The Assumptions tab: tag, text and what each is linked to (by name, a click away), in a table
//! with resizable columns. The text is edited in place, one undo step per field.

use super::{Jump, links};
use crate::model::ops;
use crate::ui::document::Document;
use crate::ui::text::{ellipsize, typing_key};
use egui::{Align, Layout, TextEdit, Ui};
use egui_extras::{Column, TableBuilder};

#[derive(Default)]
pub struct AssumptionTable {
    new_text: String,
}

const ROW_HEIGHT: f32 = 26.0;

impl AssumptionTable {
    pub fn show(&mut self, ui: &mut Ui, doc: &mut Document) -> Option<Jump> {
        ui.horizontal(|ui| {
            let r = ui.add(
                TextEdit::singleline(&mut self.new_text)
                    .hint_text("New assumption")
                    .desired_width(360.0),
            );
            r.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, "New assumption text")
            });
            for (tag, hint) in [
                ("WWWO", "About what we are working on"),
                ("WCGW", "About what can go wrong"),
            ] {
                if ui
                    .button(format!("Add as {tag}"))
                    .on_hover_text(hint)
                    .clicked()
                    && !self.new_text.trim().is_empty()
                {
                    let (edit, _) = ops::add_assumption(&doc.model, tag, self.new_text.trim());
                    doc.apply(edit);
                    self.new_text.clear();
                }
            }
        });
        let mut edit = None;
        let mut removed = None;
        let mut jump = None;
        let mut lost_focus = false;
        let model = &doc.model;
        TableBuilder::new(ui)
            .id_salt("assumption-table")
            .striped(true)
            .resizable(true)
            // The panel keeps its height however few rows there are, and is not pushed taller
            // by the table's own minimum (200 px by default).
            .auto_shrink(false)
            .min_scrolled_height(0.0)
            .cell_layout(Layout::left_to_right(Align::Center))
            .column(Column::initial(50.0).at_least(36.0).clip(true))
            .column(Column::initial(70.0).at_least(40.0).clip(true))
            .column(Column::initial(560.0).at_least(120.0).clip(true))
            .column(Column::remainder().at_least(120.0).clip(true))
            .column(Column::auto())
            .header(22.0, |mut h| {
                for title in ["ID", "Tag", "Assumption", "Linked to", ""] {
                    h.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, model.assumptions.len(), |mut row| {
                    let a = &model.assumptions[row.index()];
                    row.col(|ui| {
                        ui.label(a.id.as_str());
                    });
                    row.col(|ui| {
                        ui.label(ellipsize(&a.tag, 30))
                            .on_hover_text(a.tag.as_str());
                    });
                    row.col(|ui| {
                        let mut text = a.text.clone();
                        let r =
                            ui.add(TextEdit::singleline(&mut text).desired_width(f32::INFINITY));
                        r.widget_info(|| {
                            egui::WidgetInfo::labeled(
                                egui::Role::TextInput,
                                true,
                                format!("Assumption {}", a.id),
                            )
                        });
                        let r = if r.has_focus() {
                            r
                        } else {
                            r.on_hover_text(a.text.as_str())
                        };
                        lost_focus |= r.lost_focus();
                        if r.changed() {
                            edit = ops::update_assumption(model, &a.id, |x| x.text = text.clone())
                                .map(|e| (e, a.id.clone()));
                        }
                    });
                    row.col(|ui| links(ui, model, &a.links, 4, &mut jump));
                    row.col(|ui| {
                        if ui.small_button("Delete").clicked() {
                            removed = ops::delete_assumption(model, &a.id);
                        }
                    });
                });
            });
        if let Some((e, id)) = edit {
            doc.apply_merging(e, typing_key(("assumption", id)));
        }
        if let Some(e) = removed {
            doc.apply(e);
        }
        if lost_focus {
            doc.history.seal();
        }
        jump
    }
}
