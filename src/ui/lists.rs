//! The model-wide lists under the canvas: every threat (sort, filter, jump to its target),
//! the mitigations and assumptions with their links, and the insights of the fourth question.

use super::canvas::Canvas;
use super::document::Document;
use super::text::ellipsize;
use super::threat_editor::ThreatEditor;
use crate::model::{
    Id, MitigationStatus, Priority, RiskResponse, Stride, Target, ThreatStatus, ops,
};
use crate::stride::Insights;
use egui::{ComboBox, RichText, TextEdit, Ui};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Threats,
    Mitigations,
    Assumptions,
    Insights,
    Workshop,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum SortBy {
    #[default]
    Id,
    Target,
    Stride,
    Priority,
    Status,
    Response,
}

#[derive(Default)]
pub struct Lists {
    pub tab: Tab,
    text: String,
    category: Option<Stride>,
    priority: Option<Option<Priority>>,
    status: Option<ThreatStatus>,
    response: Option<Option<RiskResponse>>,
    sort: SortBy,
    descending: bool,
    new_assumption: String,
    new_mitigation: String,
    workshop: super::workshop::WorkshopView,
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
                ui.selectable_value(&mut self.tab, tab, label);
            }
        });
        ui.separator();
        match self.tab {
            Tab::Threats => self.threats(ui, doc, canvas, editor),
            Tab::Mitigations => self.mitigations(ui, doc),
            Tab::Assumptions => self.assumptions(ui, doc),
            Tab::Insights => insights_view(ui, insights, doc, canvas, editor),
            Tab::Workshop => self.workshop.show(ui, doc, insights),
        }
    }

    fn threats(
        &mut self,
        ui: &mut Ui,
        doc: &mut Document,
        canvas: &mut Canvas,
        editor: &mut ThreatEditor,
    ) {
        ui.horizontal_wrapped(|ui| {
            let r = ui.add(
                TextEdit::singleline(&mut self.text)
                    .hint_text("Filter by text")
                    .desired_width(160.0),
            );
            r.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Filter threats")
            });
            filter_combo(
                ui,
                "STRIDE",
                &mut self.category,
                Stride::ALL.iter().map(|s| (*s, s.label())).collect(),
            );
            filter_combo(
                ui,
                "Priority",
                &mut self.priority,
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
                &mut self.status,
                ThreatStatus::ALL.iter().map(|s| (*s, s.label())).collect(),
            );
            filter_combo(
                ui,
                "Response",
                &mut self.response,
                RiskResponse::ALL
                    .iter()
                    .map(|r| (Some(*r), r.label()))
                    .chain([(None, "Not decided")])
                    .collect(),
            );
            if ui.button("New threat").clicked() {
                let target = canvas.selection.iter().next().cloned();
                let (edit, id) = ops::add_threat(&doc.model, target.as_ref(), None);
                doc.apply(edit);
                editor.open = Some(id);
            }
        });
        let text = self.text.to_lowercase();
        let mut rows: Vec<(&crate::model::Threat, String)> = doc
            .model
            .threats
            .iter()
            .map(|t| {
                let name = t
                    .target
                    .as_ref()
                    .and_then(|i| doc.model.target(i))
                    .map_or("(whole system)".to_owned(), |x| x.name().to_owned());
                (t, name)
            })
            .filter(|(t, name)| {
                (text.is_empty()
                    || t.statement().to_lowercase().contains(&text)
                    || name.to_lowercase().contains(&text)
                    || t.id.as_str().to_lowercase().contains(&text))
                    && self.category.is_none_or(|c| t.stride.contains(&c))
                    && self.priority.is_none_or(|p| t.priority == p)
                    && self.status.is_none_or(|s| t.status == s)
                    && self.response.is_none_or(|r| t.response == r)
            })
            .collect();
        let rank_p = |p: Option<Priority>| p.map_or(3, |p| p as u8);
        rows.sort_by(|(a, an), (b, bn)| {
            let o = match self.sort {
                SortBy::Id => a.id.natural_cmp(&b.id),
                SortBy::Target => an.cmp(bn),
                SortBy::Stride => a.stride.cmp(&b.stride),
                SortBy::Priority => rank_p(a.priority).cmp(&rank_p(b.priority)),
                SortBy::Status => a.status.cmp(&b.status),
                SortBy::Response => a
                    .response
                    .map(|r| r as u8)
                    .cmp(&b.response.map(|r| r as u8)),
            };
            if self.descending { o.reverse() } else { o }
        });
        let mut jump: Option<(Id, Option<Id>)> = None;
        // Vertical only: the statement column ends at the panel's edge and is cut there.
        egui::ScrollArea::vertical()
            .id_salt("threat-table")
            .show(ui, |ui| {
                egui::Grid::new("threats")
                    .striped(true)
                    .num_columns(7)
                    .show(ui, |ui| {
                        for (col, label) in [
                            (SortBy::Id, "ID"),
                            (SortBy::Target, "Target"),
                            (SortBy::Stride, "STRIDE"),
                            (SortBy::Priority, "Priority"),
                            (SortBy::Status, "Status"),
                            (SortBy::Response, "Response"),
                        ] {
                            let marker = if self.sort == col {
                                if self.descending { " v" } else { " ^" }
                            } else {
                                ""
                            };
                            if ui.button(format!("{label}{marker}")).clicked() {
                                if self.sort == col {
                                    self.descending = !self.descending;
                                } else {
                                    self.sort = col;
                                    self.descending = false;
                                }
                            }
                        }
                        ui.strong("Threat statement");
                        ui.end_row();
                        for (t, name) in &rows {
                            if ui.link(t.id.as_str()).clicked() {
                                jump = Some((t.id.clone(), t.target.clone()));
                            }
                            ui.label(ellipsize(name, 40)).on_hover_text(name.as_str());
                            ui.label(t.stride_letters());
                            ui.label(t.priority.map_or("-", |p| p.label()));
                            ui.label(t.status.label());
                            ui.label(t.response.map_or("-", |r| r.label()));
                            // Cut with "…" at the panel's edge, never mid-air, and the whole
                            // statement on hover.
                            let statement = t.statement();
                            ui.add(egui::Label::new(ellipsize(&statement, 2000)).truncate())
                                .on_hover_text(ellipsize(&statement, 2000));
                            ui.end_row();
                        }
                    });
            });
        if let Some((threat, target)) = jump {
            editor.open = Some(threat);
            if let Some(target) = target
                && let Some(t) = doc.model.target(&target)
            {
                let diagram = match t {
                    Target::Element(d, _) | Target::Flow(d, _) | Target::Boundary(d, _) => {
                        d.id.clone()
                    }
                };
                if diagram != canvas.diagram {
                    canvas.show_diagram(diagram);
                }
                canvas.selection = [target].into_iter().collect();
            }
        }
    }

    fn mitigations(&mut self, ui: &mut Ui, doc: &mut Document) {
        ui.horizontal(|ui| {
            let r = ui.add(
                TextEdit::singleline(&mut self.new_mitigation)
                    .hint_text("New mitigation")
                    .desired_width(260.0),
            );
            r.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, "New mitigation title")
            });
            if ui.button("Add").clicked() && !self.new_mitigation.trim().is_empty() {
                let (edit, _) = ops::add_mitigation(&doc.model, self.new_mitigation.trim());
                doc.apply(edit);
                self.new_mitigation.clear();
            }
        });
        let mut edit = None;
        egui::ScrollArea::both()
            .id_salt("mitigation-table")
            .show(ui, |ui| {
                egui::Grid::new("mitigations")
                    .striped(true)
                    .num_columns(5)
                    .show(ui, |ui| {
                        for h in ["ID", "Mitigation", "Status", "Addresses", ""] {
                            ui.strong(h);
                        }
                        ui.end_row();
                        for m in &doc.model.mitigations {
                            ui.label(m.id.as_str());
                            let mut title = m.title.clone();
                            let r = ui.add(TextEdit::singleline(&mut title).desired_width(320.0));
                            r.widget_info(|| {
                                egui::WidgetInfo::labeled(
                                    egui::Role::TextInput,
                                    true,
                                    format!("Mitigation {}", m.id),
                                )
                            });
                            if r.changed() {
                                edit = ops::update_mitigation(&doc.model, &m.id, |x| {
                                    x.title = title.clone()
                                })
                                .map(|e| (e, true));
                            }
                            let mut status = m.status;
                            let c = ComboBox::from_id_salt(("mitigation-status", &m.id))
                                .selected_text(status.label())
                                .show_ui(ui, |ui| {
                                    for s in MitigationStatus::ALL {
                                        ui.selectable_value(&mut status, s, s.label());
                                    }
                                });
                            c.response.widget_info(|| {
                                egui::WidgetInfo::labeled(
                                    egui::Role::ComboBox,
                                    true,
                                    format!("Status of {}", m.id),
                                )
                            });
                            if status != m.status {
                                edit = ops::update_mitigation(&doc.model, &m.id, |x| {
                                    x.status = status
                                })
                                .map(|e| (e, false));
                            }
                            let threats: Vec<&str> = doc
                                .model
                                .threats_of_mitigation(&m.id)
                                .map(|t| t.id.as_str())
                                .collect();
                            ui.label(if threats.is_empty() {
                                "-".to_owned()
                            } else {
                                threats.join(", ")
                            });
                            if ui.small_button("Delete").clicked() {
                                edit =
                                    ops::delete_mitigation(&doc.model, &m.id).map(|e| (e, false));
                            }
                            ui.end_row();
                        }
                    });
            });
        if let Some((e, typed)) = edit {
            if typed {
                doc.apply_merging(e, 0x4d49_5449);
            } else {
                doc.apply(e);
            }
        }
    }

    fn assumptions(&mut self, ui: &mut Ui, doc: &mut Document) {
        ui.horizontal(|ui| {
            let r = ui.add(
                TextEdit::singleline(&mut self.new_assumption)
                    .hint_text("New assumption")
                    .desired_width(360.0),
            );
            r.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, "New assumption text")
            });
            for tag in ["WWWO", "WCGW"] {
                if ui.button(format!("Add as {tag}")).clicked()
                    && !self.new_assumption.trim().is_empty()
                {
                    let (edit, _) =
                        ops::add_assumption(&doc.model, tag, self.new_assumption.trim());
                    doc.apply(edit);
                    self.new_assumption.clear();
                }
            }
        });
        let mut edit = None;
        egui::ScrollArea::both()
            .id_salt("assumption-table")
            .show(ui, |ui| {
                egui::Grid::new("assumptions")
                    .striped(true)
                    .num_columns(4)
                    .show(ui, |ui| {
                        for h in ["ID", "Tag", "Assumption", "Linked"] {
                            ui.strong(h);
                        }
                        ui.end_row();
                        for a in &doc.model.assumptions {
                            ui.label(a.id.as_str());
                            ui.label(ellipsize(&a.tag, 30))
                                .on_hover_text(a.tag.as_str());
                            let mut text = a.text.clone();
                            let r = ui.add(TextEdit::singleline(&mut text).desired_width(520.0));
                            r.widget_info(|| {
                                egui::WidgetInfo::labeled(
                                    egui::Role::TextInput,
                                    true,
                                    format!("Assumption {}", a.id),
                                )
                            });
                            if r.changed() {
                                edit = ops::update_assumption(&doc.model, &a.id, |x| {
                                    x.text = text.clone()
                                });
                            }
                            let links: Vec<&str> = a.links.iter().map(|l| l.as_str()).collect();
                            ui.label(if links.is_empty() {
                                "-".to_owned()
                            } else {
                                links.join(", ")
                            });
                            ui.end_row();
                        }
                    });
            });
        if let Some(e) = edit {
            doc.apply_merging(e, 0x4153_534d);
        }
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

/// Where a click on a name in the insights leads: select an element or flow on its diagram, or
/// open a threat in the editor.
enum Jump {
    Select(Id, Id),
    Threat(Id),
}

/// Names as links (a threat by its id and statement), the first dozen, then how many more.
fn links(ui: &mut Ui, model: &crate::model::Model, ids: &[Id], jump: &mut Option<Jump>) {
    if ids.is_empty() {
        ui.label("none");
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for id in ids.iter().take(12) {
            if let Some(t) = model.target(id) {
                let r = ui
                    .link(ellipsize(t.name(), 40))
                    .on_hover_text(format!("{id}: select it"));
                if r.clicked() {
                    *jump = Some(Jump::Select(t.diagram().id.clone(), id.clone()));
                }
            } else if let Some(t) = model.threat(id) {
                let r = ui
                    .link(format!("{id} {}", ellipsize(&t.statement(), 40)))
                    .on_hover_text("Open it in the threat editor");
                if r.clicked() {
                    *jump = Some(Jump::Threat(id.clone()));
                }
            } else {
                ui.label(id.as_str());
            }
        }
        if ids.len() > 12 {
            ui.weak(format!("and {} more", ids.len() - 12));
        }
    });
}

fn insights_view(
    ui: &mut Ui,
    i: &Insights,
    doc: &Document,
    canvas: &mut Canvas,
    editor: &mut ThreatEditor,
) {
    let model = &doc.model;
    let mut jump = None;
    egui::ScrollArea::vertical()
        .id_salt("insights")
        .show(ui, |ui| {
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
                    ui.label("Elements and flows not fully reviewed");
                    links(ui, model, &i.targets_not_reviewed, &mut jump);
                    ui.end_row();
                    ui.label("Open threats");
                    ui.label(format!("{} of {}", i.open_threats, i.threats));
                    ui.end_row();
                    ui.label("Threats without a priority");
                    links(ui, model, &i.without_priority, &mut jump);
                    ui.end_row();
                    ui.label("Threats without a risk response");
                    links(ui, model, &i.without_response, &mut jump);
                    ui.end_row();
                    ui.label("Mitigate, but no mitigation linked");
                    links(ui, model, &i.mitigate_without_mitigation, &mut jump);
                    ui.end_row();
                    ui.label("Not written in the threat grammar");
                    links(ui, model, &i.not_using_grammar, &mut jump);
                    ui.end_row();
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
    match jump {
        Some(Jump::Select(diagram, id)) => {
            if canvas.diagram != diagram {
                canvas.show_diagram(diagram.clone());
            }
            canvas.selection = std::collections::BTreeSet::from([id]);
            if let Some(d) = model.diagrams.iter().find(|d| d.id == diagram) {
                canvas.zoom_to_selection(d);
            }
        }
        Some(Jump::Threat(id)) => editor.open = Some(id),
        None => {}
    }
}
