//! The 5×5 risk matrices of "Did we do a good job?": inherent and residual side by side, each
//! cell in its band's colour with the ids of the threats in it. A blank workbook prints the
//! coloured grids empty, for a team rating threats on paper.

use super::writer::{GREY, MARGIN, RULE, Writer};
use crate::model::risk::Cell;
use crate::model::{Impact, Likelihood, Matrix, RiskSettings, Stage};

/// Width of the likelihood labels, a cell's width and height, and the gap between the grids.
const LABEL_W: f32 = 60.0;
const CELL_W: f32 = 36.0;
const CELL_H: f32 = 30.0;
/// Lines of ids in a cell.
const LINES: usize = 3;
const GAP: f32 = 18.0;
const SMALL: f32 = 6.5;

impl Writer {
    pub fn risk_matrices(&mut self, matrix: &Matrix, settings: &RiskSettings, blank: bool) {
        let height = 14.0 + 5.0 * CELL_H + 14.0;
        // A chart is never split across pages.
        self.begin_block(height);
        self.ensure(height);
        let top = self.y;
        let grid_w = LABEL_W + 5.0 * CELL_W;
        let second = (MARGIN + grid_w + GAP).min(MARGIN + self.content_width() - grid_w);
        for (stage, left) in [(Stage::Inherent, MARGIN), (Stage::Residual, second)] {
            self.grid(matrix, settings, stage, left, top, blank);
        }
        self.y = top + height + 8.0;
    }

    fn grid(
        &mut self,
        matrix: &Matrix,
        settings: &RiskSettings,
        stage: Stage,
        left: f32,
        top: f32,
        blank: bool,
    ) {
        let title = match stage {
            Stage::Inherent => "Inherent risk",
            Stage::Residual => "Residual risk (resolved mitigations counted)",
        };
        self.text_at(left, top + 9.0, 8.0, true, super::writer::INK, title);
        let grid_top = top + 14.0;
        for (row, likelihood) in Likelihood::ALL.into_iter().rev().enumerate() {
            let y = grid_top + row as f32 * CELL_H;
            self.text_at(
                left,
                y + CELL_H / 2.0 + 2.5,
                SMALL,
                false,
                GREY,
                likelihood.label(),
            );
            for (col, impact) in Impact::ALL.into_iter().enumerate() {
                let x = left + LABEL_W + col as f32 * CELL_W;
                let cell = Cell { likelihood, impact };
                let [r, g, b] = settings.band(cell.score()).rgb();
                let fill = (
                    f32::from(r) / 255.0,
                    f32::from(g) / 255.0,
                    f32::from(b) / 255.0,
                );
                self.rect(x, y, CELL_W, CELL_H, Some(fill), Some(RULE));
                if blank {
                    continue;
                }
                for (line, text) in cell_lines(matrix.ids(stage, cell)).iter().enumerate() {
                    let baseline = y + 8.5 + line as f32 * 8.0;
                    let text = self.printable(text);
                    self.text_at(x + 2.5, baseline, SMALL, false, super::writer::INK, &text);
                }
            }
        }
        let axis = grid_top + 5.0 * CELL_H + 9.0;
        for (col, impact) in Impact::ALL.into_iter().enumerate() {
            let x = left + LABEL_W + col as f32 * CELL_W + 1.0;
            self.text_at(x, axis, SMALL - 0.5, false, GREY, impact.label());
        }
    }
}

/// A cell's ids on at most three lines: "T04 T07" / "T15 T16" / "T18 +3" (one id a line when
/// ids are long).
fn cell_lines(ids: &[crate::model::Id]) -> Vec<String> {
    let per_line = if ids.iter().any(|i| i.as_str().chars().count() > 4) {
        1
    } else {
        2
    };
    let room = LINES * per_line;
    let mut shown: Vec<String> = ids
        .iter()
        .map(|i| super::tables::reference(i.as_str()))
        .collect();
    if shown.len() > room {
        let more = shown.len() - (room - 1);
        shown.truncate(room - 1);
        shown.push(format!("+{more}"));
    }
    shown.chunks(per_line).map(|c| c.join(" ")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_cell_counts_what_it_cannot_show() {
        let ids: Vec<crate::model::Id> = (1..=7)
            .map(|n| crate::model::Id(format!("T{n:02}")))
            .collect();
        assert_eq!(cell_lines(&ids), ["T01 T02", "T03 T04", "T05 +2"]);
        assert_eq!(cell_lines(&ids[..3]), ["T01 T02", "T03"]);
        assert!(cell_lines(&[]).is_empty());
        let long: Vec<crate::model::Id> = (1..=3)
            .map(|n| crate::model::Id(format!("T{n:05}")))
            .collect();
        assert_eq!(cell_lines(&long), ["T00001", "T00002", "T00003"]);
    }
}
