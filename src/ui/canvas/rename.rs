//! Renaming in place: a text field over the shape, flow label or boundary name that was
//! double-clicked (or F2); Enter or a click elsewhere keeps the new name, Escape the old one.

use super::Canvas;
use crate::model::{Id, ops};
use crate::ui::document::Document;
use crate::ui::paint;
use egui::{Key, Ui, pos2};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq)]
pub struct Renaming {
    pub id: Id,
    pub text: String,
    focused: bool,
}

impl Canvas {
    pub fn start_rename(&mut self, doc: &Document, di: usize, id: Id) {
        let d = &doc.model.diagrams[di];
        let text = d
            .element(&id)
            .map(|e| e.name.clone())
            .or_else(|| d.flow(&id).map(|f| f.label.clone()))
            .or_else(|| d.boundary(&id).map(|b| b.name.clone()));
        if let Some(text) = text {
            self.selection = BTreeSet::from([id.clone()]);
            self.renaming = Some(Renaming {
                id,
                text,
                focused: false,
            });
        }
    }

    pub(super) fn rename_overlay(&mut self, ui: &Ui, doc: &mut Document, di: usize) {
        let Some(renaming) = &mut self.renaming else {
            return;
        };
        let d = &doc.model.diagrams[di];
        let placed = self.cache.placement();
        let anchor = d
            .element(&renaming.id)
            .map(|e| paint::rect_of(e.pos, e.size))
            .or_else(|| {
                let i = d.boundaries.iter().position(|b| b.id == renaming.id)?;
                let tab = placed.tabs.get(i)?.rect;
                Some(paint::rect_of(
                    tab.min,
                    (tab.width().max(200.0), tab.height()),
                ))
            })
            .or_else(|| {
                let i = d.flows.iter().position(|f| f.id == renaming.id)?;
                let r = placed.labels.get(i)?.as_ref()?.rect();
                Some(paint::rect_of(r.min, (r.width(), r.height())))
            })
            .or_else(|| {
                // A flow without a label yet: the middle of its line.
                let i = d.flows.iter().position(|f| f.id == renaming.id)?;
                let route = placed.routes.get(i)?.as_ref()?;
                let m = crate::diagram::polyline_midpoint(&route.points);
                Some(paint::rect_of((m.0 - 70.0, m.1 - 10.0), (140.0, 20.0)))
            });
        let Some(anchor) = anchor else {
            self.renaming = None;
            return;
        };
        let screen = self.to_global * anchor;
        let mut commit = false;
        let mut cancel = false;
        egui::Area::new(ui.scope_id().with("rename-in-place"))
            .fixed_pos(pos2(screen.left(), screen.center().y - 12.0))
            .order(egui::Order::Foreground)
            .show(ui.ctx(), |ui| {
                let edit = egui::TextEdit::singleline(&mut renaming.text)
                    .desired_width(screen.width().max(140.0));
                let r = ui.add(edit);
                r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Rename"));
                if !renaming.focused {
                    // The old name starts selected: typing replaces it, arrows keep it.
                    r.request_focus();
                    crate::ui::text::select_all(ui, r.id, &renaming.text);
                    renaming.focused = true;
                }
                if ui.input(|i| i.key_pressed(Key::Escape)) {
                    cancel = true;
                } else if r.lost_focus() {
                    commit = true;
                }
            });
        if cancel {
            self.renaming = None;
        } else if commit {
            let Some(Renaming { id, text, .. }) = self.renaming.take() else {
                return;
            };
            let diagram_id = d.id.clone();
            let edit = ops::update_element(&doc.model, &diagram_id, &id, |e| e.name = text.clone())
                .or_else(|| {
                    ops::update_flow(&doc.model, &diagram_id, &id, |f| f.label = text.clone())
                })
                .or_else(|| {
                    ops::update_boundary(&doc.model, &diagram_id, &id, |b| b.name = text.clone())
                });
            if let Some(edit) = edit {
                doc.apply(edit);
            }
        }
    }
}
