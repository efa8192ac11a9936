//! The model-wide lists under the canvas: every threat (sort, filter, jump to its target),
//! the mitigations and assumptions with their links, the insights of the fourth question, and
//! the workshop checklist. Each tab keeps its own panel height and its tables' column widths.

mod assumptions;
mod insights;
mod mitigations;
mod threats;

use super::canvas::Canvas;
use super::document::Document;
use super::text::ellipsize;
use super::threat_editor::ThreatEditor;
use crate::model::{Id, Model};
use crate::stride::Insights;
use egui::{ComboBox, Ui};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Tab {
    #[default]
    Threats,
    Mitigations,
    Assumptions,
    Insights,
    Workshop,
}

#[derive(Default)]
pub struct Lists {
    pub tab: Tab,
    threats: threats::ThreatTable,
    mitigations: mitigations::MitigationTable,
    assumptions: assumptions::AssumptionTable,
    workshop: super::workshop::WorkshopView,
}

/// Where a click in a list leads: select an element, flow or boundary on its diagram and frame
/// it, or open a threat in the editor (and select what it is about).
pub enum Jump {
    Select(Id, Id),
    Threat(Id),
    /// A risk matrix cell: list the threats in it.
    Cell(crate::model::Stage, crate::model::risk::Cell),
}

impl Lists {
    pub fn show(
        &mut self,
        ui: &mut Ui,
        doc: &mut Document,
        canvas: &mut Canvas,
        editor: &mut ThreatEditor,
        insights: &Insights,
    ) {
        // A tab picked now shows from the next frame: this frame's panel is the old tab's, and
        // showing the new tab's content in it would give the old panel the new one's height.
        let mut picked = self.tab;
        ui.horizontal(|ui| {
            for (tab, label) in [
                (
                    Tab::Threats,
                    format!("Threats ({})", doc.model.threats.len()),
                ),
                (
                    Tab::Mitigations,
                    format!("Mitigations ({})", doc.model.mitigations.len()),
                ),
                (
                    Tab::Assumptions,
                    format!("Assumptions ({})", doc.model.assumptions.len()),
                ),
                (
                    Tab::Insights,
                    if insights.pairs == 0 {
                        "Insights (nothing to review yet)".to_owned()
                    } else {
                        format!(
                            "Insights ({:.0}% reviewed)",
                            insights.reviewed_share * 100.0
                        )
                    },
                ),
                (Tab::Workshop, "Workshop".to_owned()),
            ] {
                ui.selectable_value(&mut picked, tab, label);
            }
        });

        ui.separator();
        // The tab's content gets exactly the room the panel has: a panel grows to hold what is
        // drawn in it, so content drawn taller (a table's minimum height, a tall checklist)
        // would change the height the person gave the panel.
        let rect = ui.available_rect_before_wrap();
        let mut content = ui.new_child(
            egui::UiBuilder::new()
                .max_rect(rect)
                .layout(egui::Layout::top_down(egui::Align::Min)),
        );
        content.set_clip_rect(rect.intersect(ui.clip_rect()));
        let ui_content = &mut content;
        let jump = match self.tab {
            Tab::Threats => self.threats.show(ui_content, doc, canvas, editor),
            Tab::Mitigations => self.mitigations.show(ui_content, doc),
            Tab::Assumptions => self.assumptions.show(ui_content, doc),
            Tab::Insights => insights::show(ui_content, insights, &doc.model, self.threats.cell()),
            Tab::Workshop => {
                self.workshop.show(ui_content, doc, insights);
                None
            }
        };
        ui.advance_cursor_after_rect(rect);
        if picked != self.tab {
            self.tab = picked;
            ui.ctx().request_repaint();
        }
        match jump {
            Some(Jump::Cell(stage, cell)) => {
                self.threats.filter_cell(stage, cell);
                self.tab = Tab::Threats;
                ui.ctx().request_repaint();
            }
            Some(jump) => follow(jump, doc, canvas, editor),
            None => {}
        }
    }
}

/// Goes where a click in a list leads.
pub fn follow(jump: Jump, doc: &Document, canvas: &mut Canvas, editor: &mut ThreatEditor) {
    let model = &doc.model;
    // Insights frame what they name; a threat's row only selects its target, leaving the view
    // where the person put it.
    let frame = matches!(jump, Jump::Select(..));
    let (diagram, id) = match jump {
        Jump::Select(diagram, id) => (diagram, id),
        Jump::Cell(..) => return,
        Jump::Threat(threat) => {
            let target = model.threat(&threat).and_then(|t| t.target.clone());
            editor.open = Some(threat);
            match target.and_then(|t| model.target(&t).map(|x| (x.diagram().id.clone(), t))) {
                Some(place) => place,
                None => return,
            }
        }
    };
    if canvas.diagram != diagram {
        canvas.show_diagram(diagram.clone());
    }
    canvas.selection = std::collections::BTreeSet::from([id]);
    if frame && let Some(d) = model.diagrams.iter().find(|d| d.id == diagram) {
        canvas.zoom_to_selection(d);
    }
}

fn filter_combo<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<T>,
    options: Vec<(T, &str)>,
) {
    let current = value
        .and_then(|v| options.iter().find(|(o, _)| *o == v).map(|(_, l)| *l))
        .unwrap_or("Any");
    let c = ComboBox::from_id_salt(("filter", label))
        .selected_text(format!("{label}: {current}"))
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "Any");
            for (o, l) in &options {
                ui.selectable_value(value, Some(*o), *l);
            }
        });
    c.response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, label));
}

/// What an id names, for a link: an element, flow or boundary by its name, a threat by its id
/// and statement, a mitigation by its title, an assumption by its text.
fn describe(model: &Model, id: &Id) -> (String, Option<Jump>) {
    if let Some(t) = model.target(id) {
        let name = if t.name().trim().is_empty() {
            id.to_string()
        } else {
            ellipsize(t.name(), 40).into_owned()
        };
        return (name, Some(Jump::Select(t.diagram().id.clone(), id.clone())));
    }
    if let Some(t) = model.threat(id) {
        let text = format!("{id} {}", ellipsize(&t.statement(), 40));
        return (text, Some(Jump::Threat(id.clone())));
    }
    if let Some(m) = model.mitigation(id) {
        return (format!("{id} {}", ellipsize(&m.title, 40)), None);
    }
    if let Some(a) = model.assumption(id) {
        return (format!("{id} {}", ellipsize(&a.text, 40)), None);
    }
    (format!("{id} (missing)"), None)
}

/// Names as links, the first `max`, then how many more.
fn links(ui: &mut Ui, model: &Model, ids: &[Id], max: usize, jump: &mut Option<Jump>) {
    if ids.is_empty() {
        ui.label("none");
        return;
    }
    for id in ids.iter().take(max) {
        let (text, to) = describe(model, id);
        match to {
            Some(to) => {
                let hint = match &to {
                    Jump::Select(..) => format!(
                        "{}\n{id}: click to select it",
                        model.target(id).map_or("", |t| t.name())
                    ),
                    Jump::Threat(_) => format!(
                        "{id}: {}\nClick to open it in the threat editor",
                        model.threat(id).map(|t| t.statement()).unwrap_or_default()
                    ),
                    Jump::Cell(..) => String::new(),
                };
                if ui.link(text).on_hover_text(hint).clicked() {
                    *jump = Some(to);
                }
            }
            None => {
                ui.label(text);
            }
        }
    }
    if ids.len() > max {
        ui.weak(format!("and {} more", ids.len() - max));
    }
}
