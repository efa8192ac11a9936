//! The Threats tab: every threat of the model in a table with resizable columns (their widths
//! are remembered), filters, sorting by any column, and a click anywhere on a row opening the
//! threat and selecting what it is about. Only the rows in view are laid out, and what the rows
//! show is derived once per edit, so a model of 10,000 threats scrolls as lightly as one of ten.

use super::{Jump, filter_combo};
use crate::model::risk::Cell;
use crate::model::{
    Band, Id, Model, Priority, Risk, RiskResponse, Stage, Stride, ThreatStatus, ops,
};
use crate::ui::canvas::Canvas;
use crate::ui::document::Document;
use crate::ui::text::ellipsize;
use crate::ui::threat_editor::ThreatEditor;
use egui::{Align, Layout, Sense, TextEdit, Ui};
use egui_extras::{Column, TableBuilder};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
enum SortBy {
    #[default]
    Id,
    Target,
    Stride,
    Priority,
    Risk,
    Residual,
    Status,
    Response,
}

/// What the list is filtered and sorted by; the cache is valid while this and the document's
/// revision are unchanged.
#[derive(Debug, Clone, PartialEq, Default)]
struct View {
    text: String,
    category: Option<Stride>,
    priority: Option<Option<Priority>>,
    status: Option<ThreatStatus>,
    response: Option<Option<RiskResponse>>,
    /// The band of the inherent risk (`Some(None)`: not rated).
    band: Option<Option<Band>>,
    /// A risk matrix cell picked in Insights.
    cell: Option<(Stage, Cell)>,
    sort: SortBy,
    descending: bool,
}

/// One row as shown: derived from the model once per edit, not once per frame.
struct Row {
    /// Index into `model.threats`.
    index: usize,
    id: Id,
    target_name: String,
    stride: String,
    risk: Option<Risk>,
    /// Filled when the list is filtered by text (the filter reads it); otherwise made for the
    /// rows in view only, as they are drawn.
    statement: Option<String>,
}

#[derive(Default)]
pub struct ThreatTable {
    view: View,
    cache: Option<(u64, View, Vec<Row>)>,
}

/// Height of one row: one line of body text and the cell's margins.
const ROW_HEIGHT: f32 = 22.0;

impl ThreatTable {
    /// Lists only the threats in one cell of the risk matrix.
    pub fn filter_cell(&mut self, stage: Stage, cell: Cell) {
        self.view.cell = Some((stage, cell));
    }

    pub fn cell(&self) -> Option<(Stage, Cell)> {
        self.view.cell
    }

    pub fn show(
        &mut self,
        ui: &mut Ui,
        doc: &mut Document,
        canvas: &mut Canvas,
        editor: &mut ThreatEditor,
    ) -> Option<Jump> {
        self.filters(ui, doc, canvas, editor);
        // Rows show names and threats, which a drag does not change.
        let fresh = matches!(&self.cache, Some((rev, view, _)) if *rev == doc.settled_revision && *view == self.view);
        if !fresh {
            self.cache = Some((
                doc.settled_revision,
                self.view.clone(),
                rows(&doc.model, &self.view),
            ));
        }
        let (_, _, rows) = self.cache.as_ref()?;
        let mut sort_clicked = None;
        let mut open: Option<usize> = None;
        let selected = editor.open.clone();
        let header = |ui: &mut Ui, col: SortBy, label: &str, view: &View| {
            let marker = match (view.sort == col, view.descending) {
                (false, _) => "",
                (true, false) => " ^",
                (true, true) => " v",
            };
            let r = ui
                .add(egui::Button::new(format!("{label}{marker}")).frame(false))
                .on_hover_text(format!("Sort by {}", label.to_lowercase()));
            r.clicked().then_some(col)
        };
        TableBuilder::new(ui)
            .id_salt("threat-table")
            .striped(true)
            .resizable(true)
            // The panel keeps its height however few rows there are, and is not pushed taller
            // by the table's own minimum (200 px by default).
            .auto_shrink(false)
            .min_scrolled_height(0.0)
            .sense(Sense::click())
            .cell_layout(Layout::left_to_right(Align::Center))
            .column(Column::initial(64.0).at_least(36.0).clip(true))
            .column(Column::initial(170.0).at_least(50.0).clip(true))
            .column(Column::initial(64.0).at_least(44.0).clip(true))
            .column(Column::initial(70.0).at_least(44.0).clip(true))
            .column(Column::initial(80.0).at_least(44.0).clip(true))
            .column(Column::initial(80.0).at_least(44.0).clip(true))
            .column(Column::initial(100.0).at_least(50.0).clip(true))
            .column(Column::initial(90.0).at_least(50.0).clip(true))
            .column(Column::remainder().at_least(120.0).clip(true))
            .header(ROW_HEIGHT, |mut h| {
                for (col, label) in [
                    (SortBy::Id, "ID"),
                    (SortBy::Target, "Target"),
                    (SortBy::Stride, "STRIDE"),
                    (SortBy::Priority, "Priority"),
                    (SortBy::Risk, "Inherent"),
                    (SortBy::Residual, "Residual"),
                    (SortBy::Status, "Status"),
                    (SortBy::Response, "Response"),
                ] {
                    h.col(|ui| {
                        if let Some(c) = header(ui, col, label, &self.view) {
                            sort_clicked = Some(c);
                        }
                    });
                }
                h.col(|ui| {
                    ui.strong("Threat statement");
                });
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, rows.len(), |mut row| {
                    let r = &rows[row.index()];
                    let Some(t) = doc.model.threats.get(r.index) else {
                        return;
                    };
                    row.set_selected(selected.as_ref() == Some(&r.id));
                    row.col(|ui| {
                        ui.add(egui::Label::new(r.id.as_str()).selectable(false));
                    });
                    row.col(|ui| {
                        ui.add(
                            egui::Label::new(&r.target_name)
                                .selectable(false)
                                .truncate(),
                        )
                        .on_hover_text(&r.target_name);
                    });
                    row.col(|ui| {
                        ui.add(egui::Label::new(&r.stride).selectable(false));
                    });
                    row.col(|ui| {
                        ui.add(
                            egui::Label::new(t.priority.map_or("-", |p| p.label()))
                                .selectable(false),
                        );
                    });
                    for stage in [Stage::Inherent, Stage::Residual] {
                        row.col(|ui| {
                            risk_cell(ui, r.risk.as_ref(), stage, &doc.model.info.risk);
                        });
                    }
                    row.col(|ui| {
                        ui.add(
                            egui::Label::new(t.status.label())
                                .selectable(false)
                                .truncate(),
                        );
                    });
                    row.col(|ui| {
                        ui.add(
                            egui::Label::new(t.response.map_or("-", |r| r.label()))
                                .selectable(false)
                                .truncate(),
                        );
                    });
                    row.col(|ui| {
                        let statement = r.statement.clone().unwrap_or_else(|| shown_statement(t));
                        // Cut with "…" at the column's edge, the whole statement on hover.
                        ui.add(egui::Label::new(&statement).selectable(false).truncate())
                            .on_hover_text(statement);
                    });
                    let response = row.response();
                    if response.clicked() {
                        open = Some(row.index());
                    }
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Row, true, format!("Threat {}", r.id))
                    });
                });
            });
        if let Some(col) = sort_clicked {
            if self.view.sort == col {
                self.view.descending = !self.view.descending;
            } else {
                self.view.sort = col;
                self.view.descending = false;
            }
        }
        open.and_then(|i| rows.get(i))
            .map(|r| Jump::Threat(r.id.clone()))
    }

    fn filters(
        &mut self,
        ui: &mut Ui,
        doc: &mut Document,
        canvas: &mut Canvas,
        editor: &mut ThreatEditor,
    ) {
        let v = &mut self.view;
        ui.horizontal_wrapped(|ui| {
            let r = ui.add(
                TextEdit::singleline(&mut v.text)
                    .hint_text("Filter by text")
                    .desired_width(160.0),
            );
            r.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Filter threats")
            });
            filter_combo(
                ui,
                "STRIDE",
                &mut v.category,
                Stride::ALL.iter().map(|s| (*s, s.label())).collect(),
            );
            filter_combo(
                ui,
                "Priority",
                &mut v.priority,
                vec![
                    (Some(Priority::High), "High"),
                    (Some(Priority::Medium), "Medium"),
                    (Some(Priority::Low), "Low"),
                    (None, "Not set"),
                ],
            );
            filter_combo(
                ui,
                "Status",
                &mut v.status,
                ThreatStatus::ALL.iter().map(|s| (*s, s.label())).collect(),
            );
            filter_combo(
                ui,
                "Response",
                &mut v.response,
                RiskResponse::ALL
                    .iter()
                    .map(|r| (Some(*r), r.label()))
                    .chain([(None, "Not decided")])
                    .collect(),
            );
            filter_combo(
                ui,
                "Inherent risk",
                &mut v.band,
                Band::ALL
                    .iter()
                    .rev()
                    .map(|b| (Some(*b), b.label()))
                    .chain([(None, "Not rated")])
                    .collect(),
            );
            if let Some((stage, cell)) = v.cell {
                let label = format!(
                    "{} {} x {}  [x]",
                    stage.label(),
                    cell.likelihood.label(),
                    cell.impact.label()
                );
                if ui
                    .button(label)
                    .on_hover_text("Listing one cell of the risk matrix; click to list all")
                    .clicked()
                {
                    v.cell = None;
                }
            }
            if ui.button("New threat").clicked() {
                let target = canvas.selection.iter().next().cloned();
                let (edit, id) = ops::add_threat(&doc.model, target.as_ref(), None);
                doc.apply(edit);
                editor.open = Some(id);
            }
        });
    }
}

/// The rows the view shows, filtered and sorted.
fn rows(model: &Model, view: &View) -> Vec<Row> {
    let names: HashMap<&Id, &str> = model.target_names();
    let text = view.text.to_lowercase();
    let risks = Risk::all(model);
    let bands = &model.info.risk;
    let mut rows: Vec<Row> = model
        .threats
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            let risk = risks[*i];
            view.category.is_none_or(|c| t.stride.contains(&c))
                && view.priority.is_none_or(|p| t.priority == p)
                && view.status.is_none_or(|s| t.status == s)
                && view.response.is_none_or(|r| t.response == r)
                && view
                    .band
                    .is_none_or(|b| risk.map(|r| bands.band(r.inherent.score())) == b)
                && view
                    .cell
                    .is_none_or(|(stage, cell)| risk.is_some_and(|r| r.cell(stage) == cell))
        })
        .map(|(index, t)| {
            let target_name = match &t.target {
                None => "(whole system)".to_owned(),
                Some(id) => names
                    .get(id)
                    .map_or_else(|| id.to_string(), |n| ellipsize(n, 80).into_owned()),
            };
            Row {
                index,
                id: t.id.clone(),
                target_name,
                stride: t.stride_letters(),
                risk: risks[index],
                // Long enough for any panel; the label cuts it at the column's edge.
                statement: (!text.is_empty()).then(|| shown_statement(t)),
            }
        })
        .filter(|r| {
            text.is_empty()
                || r.statement
                    .as_ref()
                    .is_some_and(|s| s.to_lowercase().contains(&text))
                || r.target_name.to_lowercase().contains(&text)
                || r.id.as_str().to_lowercase().contains(&text)
        })
        .collect();
    let threats = &model.threats;
    let rank_p = |p: Option<Priority>| p.map_or(3, |p| p as u8);
    rows.sort_by(|a, b| {
        let (ta, tb) = (&threats[a.index], &threats[b.index]);
        let o = match view.sort {
            SortBy::Id => a.id.natural_cmp(&b.id),
            SortBy::Target => a.target_name.cmp(&b.target_name),
            SortBy::Stride => ta.stride.cmp(&tb.stride),
            SortBy::Priority => rank_p(ta.priority).cmp(&rank_p(tb.priority)),
            // Lowest first, like every column (unrated below Low); a second click puts the
            // highest first.
            SortBy::Risk | SortBy::Residual => {
                let stage = if view.sort == SortBy::Risk {
                    Stage::Inherent
                } else {
                    Stage::Residual
                };
                let key = |r: &Option<Risk>| r.map_or(0, |r| r.cell(stage).score());
                key(&a.risk).cmp(&key(&b.risk))
            }
            SortBy::Status => ta.status.cmp(&tb.status),
            SortBy::Response => ta
                .response
                .map(|r| r as u8)
                .cmp(&tb.response.map(|r| r as u8)),
        }
        .then_with(|| a.id.natural_cmp(&b.id));
        if view.descending { o.reverse() } else { o }
    });
    rows
}

/// A threat's statement as the list shows it: long enough for any panel (the label cuts it at
/// the column's edge), never megabytes.
fn shown_statement(t: &crate::model::Threat) -> String {
    ellipsize(&t.statement(), 2000).into_owned()
}

/// A risk column: the score and band of one stage in the band's colour, both on hover.
fn risk_cell(
    ui: &mut Ui,
    risk: Option<&Risk>,
    stage: Stage,
    settings: &crate::model::RiskSettings,
) {
    let Some(risk) = risk else {
        ui.add(egui::Label::new("-").selectable(false))
            .on_hover_text("Not rated: set likelihood and impact in the threat editor");
        return;
    };
    let cell = risk.cell(stage);
    let band = settings.band(cell.score());
    let text = egui::RichText::new(format!(" {} ", crate::ui::risk::scored(cell, settings)))
        .color(egui::Color32::BLACK)
        .background_color(crate::ui::risk::band_fill(band, ui.visuals().dark_mode));
    ui.add(egui::Label::new(text).selectable(false))
        .on_hover_text(format!(
            "Inherent {} (likelihood x impact); residual {} once resolved mitigations count",
            crate::ui::risk::scored(risk.inherent, settings),
            crate::ui::risk::scored(risk.residual, settings)
        ));
}
