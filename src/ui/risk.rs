//! Risk in the window: the likelihood and impact pickers of the threat editor, the risk
//! settings of the model, and the 5×5 matrix of the Insights tab, whose cells filter the
//! threat list.

use crate::model::risk::Cell;
use crate::model::{
    Band, Edit, Impact, Likelihood, Matrix, Model, Rating, Risk, RiskSettings, Stage, Threat, ops,
};
use egui::{Color32, ComboBox, RichText, Ui};

/// A band's colour: green, amber, orange, red, softened in the dark theme.
pub fn band_fill(band: Band, dark: bool) -> Color32 {
    let [r, g, b] = band.rgb();
    if dark {
        // Softer in the dark theme: a quarter of the way to black.
        let dim = |c: u8| (u16::from(c) * 3 / 4) as u8;
        Color32::from_rgb(dim(r), dim(g), dim(b))
    } else {
        Color32::from_rgb(r, g, b)
    }
}

/// The likelihood and impact pickers, in the row of a two-column grid. Returns true when the
/// rating changed.
pub fn rating_pickers(ui: &mut Ui, rating: &mut Rating) -> bool {
    let before = *rating;
    let l = ui.label("Likelihood");
    ui.horizontal(|ui| {
        let steps = Likelihood::ALL.map(|x| (x, x.level(), x.label()));
        level_picker(
            ui,
            l.id,
            "threat-likelihood",
            120.0,
            &mut rating.likelihood,
            steps,
        );
        let l = ui.label("Impact");
        let steps = Impact::ALL.map(|x| (x, x.level(), x.label()));
        level_picker(ui, l.id, "threat-impact", 110.0, &mut rating.impact, steps);
    });
    ui.end_row();
    *rating != before
}

/// One of the two five-step scales as a combo box ("3 Possible"), with "Not rated" first,
/// named by the label `named_by` for screen readers.
fn level_picker<T: Copy + PartialEq>(
    ui: &mut Ui,
    named_by: egui::Id,
    salt: &str,
    width: f32,
    value: &mut Option<T>,
    steps: [(T, u8, &str); 5],
) {
    let text = |x: Option<T>| {
        steps
            .iter()
            .find(|(s, ..)| Some(*s) == x)
            .map_or("Not rated".to_owned(), |(_, level, label)| {
                format!("{level} {label}")
            })
    };
    let c = ComboBox::from_id_salt(salt)
        .selected_text(text(*value))
        .width(width)
        .show_ui(ui, |ui| {
            for x in [None]
                .into_iter()
                .chain(steps.iter().map(|(s, ..)| Some(*s)))
            {
                ui.selectable_value(value, x, text(x));
            }
        });
    let _ = c.response.labelled_by(named_by);
}

/// "12 High": a score and its band.
pub fn scored(cell: Cell, settings: &RiskSettings) -> String {
    format!("{} {}", cell.score(), settings.band(cell.score()).label())
}

/// The risk row of the threat editor: inherent and residual, each in its band's colour, and
/// why the residual is what it is.
pub fn summary_row(ui: &mut Ui, t: &Threat, model: &Model) {
    ui.label("Risk");
    let settings = &model.info.risk;
    match Risk::of(t, &model.mitigations) {
        None => {
            ui.weak("Rate likelihood and impact to see the risk");
        }
        Some(risk) => {
            let dark = ui.visuals().dark_mode;
            ui.horizontal(|ui| {
                for (stage, cell) in [
                    (Stage::Inherent, risk.inherent),
                    (Stage::Residual, risk.residual),
                ] {
                    let band = settings.band(cell.score());
                    ui.label(format!("{}:", capitalised(stage.label())));
                    ui.label(
                        RichText::new(format!(" {} ", scored(cell, settings)))
                            .color(Color32::BLACK)
                            .background_color(band_fill(band, dark)),
                    );
                }
            })
            .response
            .on_hover_text(
                "Inherent = likelihood x impact. Residual: each resolved mitigation linked \
                 here lowers the likelihood by its effectiveness (partial 1 level, strong 2).",
            );
        }
    }
    ui.end_row();
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The model's risk settings, in the model's properties: where the bands start and whether
/// priority follows them. Turning "priority follows risk" on sets every rated threat's priority
/// in the same undoable step.
pub fn settings_editor(ui: &mut Ui, model: &Model) -> Option<Edit> {
    let before = model.info.risk;
    let mut s = before;
    egui::CollapsingHeader::new("Risk rating")
        .id_salt("model-risk-settings")
        .show(ui, |ui| {
            ui.label("Score (likelihood x impact) where each band starts:");
            egui::Grid::new("model-risk-bands").show(ui, |ui| {
                for (label, value, range) in [
                    ("Medium from", &mut s.medium_from, 2..=23),
                    ("High from", &mut s.high_from, 3..=24),
                    ("Critical from", &mut s.critical_from, 4..=25),
                ] {
                    let l = ui.label(label);
                    ui.add(egui::DragValue::new(value).range(range))
                        .labelled_by(l.id);
                    ui.end_row();
                }
            });
            ui.checkbox(&mut s.derive_priority, "Priority follows risk")
                .on_hover_text(
                    "Set a rated threat's priority from its inherent band: Critical and High are \
                     High, Medium is Medium, Low is Low",
                );
        });
    if s == before {
        return None;
    }
    keep_rising(&mut s, &before);
    ops::set_risk_settings(model, s)
}

/// Thresholds stay strictly rising: the one just moved pushes the others along.
fn keep_rising(s: &mut RiskSettings, before: &RiskSettings) {
    if s.medium_from != before.medium_from {
        s.high_from = s.high_from.max(s.medium_from + 1);
        s.critical_from = s.critical_from.max(s.high_from + 1);
    } else if s.critical_from != before.critical_from {
        s.high_from = s.high_from.min(s.critical_from - 1);
        s.medium_from = s.medium_from.min(s.high_from - 1);
    } else {
        s.medium_from = s.medium_from.min(s.high_from - 1);
        s.critical_from = s.critical_from.max(s.high_from + 1);
    }
}

/// The smallest and largest width of a matrix cell, and its height.
const CELL_W: std::ops::RangeInclusive<f32> = 54.0..=130.0;
const CELL_H: f32 = 22.0;
/// Room for a row's likelihood label.
const LABEL_W: f32 = 70.0;

/// The width of a cell when `count` matrices share `width`: as wide as the room allows, so that
/// a wide panel shows more ids per cell.
pub fn cell_width(width: f32, count: usize) -> f32 {
    let per_matrix = width / count as f32 - LABEL_W - 20.0;
    (per_matrix / 5.0 - 2.0).clamp(*CELL_W.start(), *CELL_W.end())
}

/// One 5×5 matrix (likelihood up, impact across), each cell listing its threats. Returns the
/// cell clicked.
pub fn matrix(
    ui: &mut Ui,
    matrix: &Matrix,
    stage: Stage,
    settings: &RiskSettings,
    selected: Option<(Stage, Cell)>,
    cell_w: f32,
) -> Option<Cell> {
    let mut clicked = None;
    let size = egui::vec2(cell_w, CELL_H);
    // About 7 px a character at the small size: as many ids as fit, then "+n".
    let fits = ((cell_w - 8.0) / 30.0).floor().max(1.0) as usize;
    let dark = ui.visuals().dark_mode;
    ui.vertical(|ui| {
        ui.strong(format!("{} risk", capitalised(stage.label())));
        egui::Grid::new(("risk-matrix", stage.label()))
            .spacing(egui::vec2(2.0, 2.0))
            .show(ui, |ui| {
                for likelihood in Likelihood::ALL.into_iter().rev() {
                    ui.label(RichText::new(likelihood.label()).small());
                    for impact in Impact::ALL {
                        let cell = Cell { likelihood, impact };
                        let ids = matrix.ids(stage, cell);
                        let shown = ids_fitting(ids, fits);
                        let band = settings.band(cell.score());
                        let is_selected = selected == Some((stage, cell));
                        let button =
                            egui::Button::new(RichText::new(&shown).color(Color32::BLACK).small())
                                .fill(band_fill(band, dark))
                                .stroke(if is_selected {
                                    egui::Stroke::new(2.5, ui.visuals().strong_text_color())
                                } else {
                                    egui::Stroke::NONE
                                })
                                .min_size(size)
                                .wrap_mode(egui::TextWrapMode::Truncate);
                        let r = ui.add_sized(size, button);
                        let all = if ids.is_empty() {
                            "no threats".to_owned()
                        } else {
                            ids.iter()
                                .map(|i| i.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        };
                        let name = format!(
                            "{} risk {} x {} ({}, {}): {all}",
                            capitalised(stage.label()),
                            likelihood.label(),
                            impact.label(),
                            cell.score(),
                            band.label()
                        );
                        r.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, &name)
                        });
                        let r = r.on_hover_text(format!("{name}\nClick to list these threats"));
                        if r.clicked() {
                            clicked = Some(cell);
                        }
                    }
                    ui.end_row();
                }
                ui.label("");
                for impact in Impact::ALL {
                    ui.add_sized(
                        egui::vec2(cell_w, 16.0),
                        egui::Label::new(RichText::new(impact.label()).small()),
                    );
                }
                ui.end_row();
            });
    });
    clicked
}

/// "T01 T04 +3": the first few ids and how many more.
fn ids_fitting(ids: &[crate::model::Id], most: usize) -> String {
    let mut s: Vec<&str> = ids.iter().take(most).map(|i| i.as_str()).collect();
    let more = ids.len().saturating_sub(most);
    let extra = format!("+{more}");
    if more > 0 {
        s.push(&extra);
    }
    s.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_band_has_a_colour_in_both_themes() {
        for band in Band::ALL {
            assert_ne!(band_fill(band, true), band_fill(band, false));
        }
    }

    #[test]
    fn thresholds_pushed_along_stay_rising() {
        let before = RiskSettings::default();
        let mut s = before;
        s.medium_from = 12;
        keep_rising(&mut s, &before);
        assert!(s.check().is_ok(), "{s:?}");
        let mut s = before;
        s.critical_from = 6;
        keep_rising(&mut s, &before);
        assert!(s.check().is_ok(), "{s:?}");
        let mut s = before;
        s.high_from = 20;
        keep_rising(&mut s, &before);
        assert!(s.check().is_ok(), "{s:?}");
    }

    #[test]
    fn cells_name_a_few_ids_and_count_the_rest() {
        let ids: Vec<crate::model::Id> = ["T01", "T02", "T03", "T04", "T05"]
            .into_iter()
            .map(crate::model::Id::from)
            .collect();
        assert_eq!(ids_fitting(&ids, 3), "T01 T02 T03 +2");
        assert_eq!(ids_fitting(&ids[..1], 3), "T01");
        assert_eq!(ids_fitting(&[], 3), "");
    }
}
