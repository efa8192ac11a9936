//! The Insights tab: what the fourth question asks ("did we do a good job?"), each item naming
//! the elements, flows and threats it counts, a click away.

use super::{Jump, links};
use crate::model::risk::Cell;
use crate::model::{Model, Stage, Stride};
use crate::stride::Insights;
use egui::{RichText, Ui};

/// `selected`: the matrix cell the threat list is filtered by, if any.
pub fn show(
    ui: &mut Ui,
    i: &Insights,
    model: &Model,
    selected: Option<(Stage, Cell)>,
) -> Option<Jump> {
    let mut jump = None;
    egui::ScrollArea::vertical()
        .id_salt("insights")
        .auto_shrink(false)
        .show(ui, |ui| {
            // The matrix first: it is what a team looks at to rank its work.
            ui.label(RichText::new("Risk matrix (likelihood x impact)").strong());
            if i.risk.is_empty() {
                ui.weak("No threat is rated yet: set likelihood and impact in the threat editor.");
            }
            let cell_w = crate::ui::risk::cell_width(ui.available_width(), 2);
            ui.horizontal_top(|ui| {
                for stage in [Stage::Inherent, Stage::Residual] {
                    let settings = &model.info.risk;
                    if let Some(cell) =
                        crate::ui::risk::matrix(ui, &i.risk, stage, settings, selected, cell_w)
                    {
                        jump = Some(Jump::Cell(stage, cell));
                    }
                    ui.add_space(12.0);
                }
            });
            ui.add_space(8.0);
            egui::Grid::new("insights-grid")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    ui.label("Reviewed (element or flow, STRIDE category) pairs");
                    ui.label(if i.pairs == 0 {
                        "Nothing to review yet: add elements or flows to the diagram".to_owned()
                    } else {
                        format!(
                            "{} of {} ({:.0}%)",
                            i.pairs_reviewed,
                            i.pairs,
                            i.reviewed_share * 100.0
                        )
                    });
                    ui.end_row();
                    let rows = [
                        (
                            "Elements and flows not fully reviewed",
                            &i.targets_not_reviewed,
                        ),
                        ("Threats without a priority", &i.without_priority),
                        ("Threats without a risk response", &i.without_response),
                        ("Threats not rated (likelihood x impact)", &i.not_rated),
                        (
                            "Mitigate, but no mitigation linked",
                            &i.mitigate_without_mitigation,
                        ),
                        ("Not written in the threat grammar", &i.not_using_grammar),
                    ];
                    for (n, (label, ids)) in rows.into_iter().enumerate() {
                        ui.label(label);
                        ui.horizontal_wrapped(|ui| links(ui, model, ids, 12, &mut jump));
                        ui.end_row();
                        if n == 0 {
                            ui.label("Open threats");
                            ui.label(format!("{} of {}", i.open_threats, i.threats));
                            ui.end_row();
                        }
                    }
                });
            ui.add_space(8.0);
            ui.label(RichText::new("Threats per STRIDE category").strong());
            let max = i.stride.values().copied().max().unwrap_or(0).max(1);
            for s in Stride::ALL {
                let n = i.stride.get(s.label()).copied().unwrap_or(0);
                ui.horizontal(|ui| {
                    ui.add_sized([170.0, 18.0], egui::Label::new(s.label()));
                    let width = 300.0 * n as f32 / max as f32;
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(300.0, 14.0), egui::Sense::hover());
                    ui.painter().rect_filled(
                        egui::Rect::from_min_size(rect.min, egui::vec2(width, 14.0)),
                        2.0,
                        ui.visuals().selection.bg_fill,
                    );
                    ui.label(n.to_string());
                });
            }
        });
    jump
}
