//! STRIDE per element for the selection: the categories that apply with their coverage, the
//! rule suggestions to accept or dismiss, and the threats recorded.

use super::app::count;
use super::canvas::Canvas;
use super::document::Document;
use super::threat_editor::ThreatEditor;
use crate::model::{Change, Edit, Id, Stride, Target, ops};
use crate::stride::{self, Analysis, CoverageState, Library, Suggestion, TargetKind};
use egui::{Color32, RichText, Ui};

#[derive(Default)]
pub struct StridePanel {
    /// The (target, category) pair being marked not applicable, and the reason typed so far.
    not_applicable: Option<(Id, Stride, String)>,
    /// What the last button did, for the status bar.
    pub note: Option<String>,
}

enum Act {
    Accept(Suggestion),
    AcceptAll(Vec<Suggestion>),
    Dismiss(Suggestion),
    NewThreat(Id, Stride),
    MarkNotApplicable(Id, Stride, String),
    ClearNotApplicable(Id, Stride),
}

pub fn state_text(state: &CoverageState) -> (String, Color32) {
    match state {
        CoverageState::NotReviewed => ("not reviewed".into(), Color32::from_rgb(230, 140, 30)),
        CoverageState::Threats(n) => (
            format!("{n} threat{}", if *n == 1 { "" } else { "s" }),
            Color32::from_rgb(60, 170, 90),
        ),
        CoverageState::NotApplicable(why) => (format!("not applicable: {why}"), Color32::GRAY),
    }
}

impl StridePanel {
    pub fn show(
        &mut self,
        ui: &mut Ui,
        doc: &mut Document,
        canvas: &Canvas,
        analysis: &Analysis,
        lib: &Library,
        editor: &mut ThreatEditor,
    ) {
        let mut act = None;
        let selected: Vec<&Id> = canvas.selection.iter().collect();
        let target = match selected.as_slice() {
            [one] => doc.model.target(one).and_then(|t| match t {
                Target::Element(_, e) => Some((
                    (*one).clone(),
                    e.name.clone(),
                    TargetKind::from(e.kind),
                    e.props.holds_logs,
                    e.out_of_scope,
                )),
                Target::Flow(_, f) => Some((
                    (*one).clone(),
                    f.label.clone(),
                    TargetKind::Flow,
                    false,
                    f.out_of_scope,
                )),
                Target::Boundary(..) => None,
            }),
            _ => None,
        };
        egui::ScrollArea::vertical().show(ui, |ui| {
            let Some((id, name, kind, logs, out_of_scope)) = target else {
                ui.heading("What can go wrong?");
                ui.label("Select an element or a data flow to see the STRIDE categories that apply to it, the threats the rule library suggests, and the threats recorded.");
                ui.add_space(8.0);
                let n = analysis.suggestions.len();
                if ui
                    .add_enabled(n > 0, egui::Button::new("Accept all new suggestions in the model"))
                    .on_hover_text(format!("{} suggested; those a threat written by hand likely covers are left to accept one by one", count(n, "suggestion", "suggestions")))
                    .clicked()
                {
                    act = Some(Act::AcceptAll(analysis.suggestions.clone()));
                }
                return;
            };
            ui.heading(format!("What can go wrong with {}?", super::text::ellipsize(&name, 60)));
            if out_of_scope {
                ui.label("This is out of scope: it is left out of the analysis. Clear \"Out of scope\" in its properties to analyse it.");
                return;
            }
            let mine: Vec<&Suggestion> = analysis.suggestions_for(&id).collect();
            // "Accept all" takes only what is new: what a threat written by hand likely covers
            // would be a duplicate.
            let fresh: Vec<Suggestion> = mine
                .iter()
                .filter(|s| stride::likely_covered_by(&doc.model, s).is_none())
                .map(|s| (*s).clone())
                .collect();
            if ui
                .add_enabled(!fresh.is_empty(), egui::Button::new(format!("Accept all {} here", count(fresh.len(), "new suggestion", "new suggestions"))))
                .clicked()
            {
                act = Some(Act::AcceptAll(fresh));
            }
            for &category in stride::applicable(kind, logs) {
                ui.separator();
                let state = analysis
                    .coverage_of(&id)
                    .find(|c| c.category == category)
                    .map(|c| c.state.clone())
                    .unwrap_or(CoverageState::NotReviewed);
                let (text, color) = state_text(&state);
                ui.horizontal_wrapped(|ui| {
                    ui.strong(format!("{} {}", category.letter(), category.label()));
                    ui.label(RichText::new(text).color(color));
                });
                ui.horizontal(|ui| {
                    if ui.small_button("New threat").clicked() {
                        act = Some(Act::NewThreat(id.clone(), category));
                    }
                    if matches!(state, CoverageState::NotApplicable(_)) {
                        if ui.small_button("Applies after all").clicked() {
                            act = Some(Act::ClearNotApplicable(id.clone(), category));
                        }
                    } else if ui.small_button("Not applicable...").clicked() {
                        self.not_applicable = Some((id.clone(), category, String::new()));
                    }
                });
                if let Some((na_id, na_cat, reason)) = &mut self.not_applicable
                    && *na_id == id
                    && *na_cat == category
                {
                    ui.horizontal(|ui| {
                        let r = ui.add(egui::TextEdit::singleline(reason).hint_text("Why it does not apply"));
                        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Reason"));
                        if ui.add_enabled(!reason.trim().is_empty(), egui::Button::new("OK")).clicked() {
                            act = Some(Act::MarkNotApplicable(id.clone(), category, reason.trim().to_owned()));
                        }
                    });
                }
                for t in doc.model.threats_on(&id).filter(|t| t.stride.contains(&category)) {
                    let label = format!("{} {}", t.id, t.statement());
                    if ui.link(label).clicked() {
                        editor.open = Some(t.id.clone());
                    }
                }
                for s in mine.iter().filter(|s| s.category() == category) {
                    // What the team already wrote in its own words is not offered as new.
                    let covered = stride::likely_covered_by(&doc.model, s);
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        if let Some(t) = covered {
                            ui.horizontal_wrapped(|ui| {
                                ui.weak(format!("Likely covered by {}:", t.id));
                                if ui.link(format!("open {}", t.id)).clicked() {
                                    editor.open = Some(t.id.clone());
                                }
                            });
                            ui.label(RichText::new(s.title()).weak());
                        } else {
                            ui.label(RichText::new(s.title()).strong());
                        }
                        ui.label(s.statement());
                        ui.horizontal(|ui| {
                            ui.weak(format!("{} priority, rule {}", s.priority().label(), s.rule_id()));
                            let accept = if covered.is_some() { "Accept anyway" } else { "Accept" };
                            if ui.small_button(accept).clicked() {
                                act = Some(Act::Accept((*s).clone()));
                            }
                            if ui.small_button("Dismiss").clicked() {
                                act = Some(Act::Dismiss((*s).clone()));
                            }
                        });
                    });
                }
            }
            let others: Vec<_> = doc
                .model
                .threats_on(&id)
                .filter(|t| !t.stride.iter().any(|c| stride::applicable(kind, logs).contains(c)))
                .collect();
            if !others.is_empty() {
                ui.separator();
                ui.strong("Other threats on this element");
                for t in others {
                    if ui.link(format!("{} [{}] {}", t.id, t.stride_letters(), t.statement())).clicked() {
                        editor.open = Some(t.id.clone());
                    }
                }
            }
        });
        match act {
            Some(Act::Accept(s)) => {
                let (edit, tid) = stride::accept(&doc.model, lib, &s);
                doc.apply(edit);
                self.note = Some(format!("Accepted {tid}: {}", s.title()));
                editor.open = Some(tid);
            }
            Some(Act::AcceptAll(list)) => {
                let written = stride::Written::of(&doc.model);
                let (fresh, covered): (Vec<Suggestion>, Vec<Suggestion>) = list
                    .into_iter()
                    .partition(|s| written.likely_covered_by(s).is_none());
                if !fresh.is_empty() {
                    doc.apply(stride::accept_all(&doc.model, lib, &fresh));
                }
                let mut note = format!(
                    "Accepted {}",
                    count(fresh.len(), "suggestion", "suggestions")
                );
                if !covered.is_empty() {
                    note += &format!(
                        "; left {} that threats written by hand likely cover",
                        covered.len()
                    );
                }
                self.note = Some(note);
            }
            Some(Act::Dismiss(s)) => {
                doc.apply(stride::dismiss(&doc.model, &s));
                self.note = Some(format!("Dismissed the suggestion \"{}\"", s.title()));
            }
            Some(Act::NewThreat(target, category)) => {
                let (edit, tid) = ops::add_threat(&doc.model, Some(&target), Some(category));
                doc.apply(edit);
                editor.open = Some(tid);
            }
            Some(Act::MarkNotApplicable(target, category, reason)) => {
                doc.apply(stride::mark_not_applicable(
                    &doc.model, &target, category, &reason,
                ));
                self.not_applicable = None;
            }
            Some(Act::ClearNotApplicable(target, category)) => {
                if let Some(index) = doc
                    .model
                    .not_applicable
                    .iter()
                    .position(|n| n.target == target && n.category == category)
                {
                    let before = doc.model.not_applicable[index].clone();
                    doc.apply(Edit::NotApplicable(Change {
                        index,
                        before: Some(before),
                        after: None,
                    }));
                }
            }
            None => {}
        }
    }
}
