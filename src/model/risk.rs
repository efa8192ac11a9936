//! Risk you can rank: a threat's likelihood and impact on a 5×5 scale, its inherent risk
//! (likelihood × impact) and band, and the residual risk left once its resolved mitigations
//! are counted.
//!
//! Residual risk follows one rule a reader can check by hand: each *resolved* mitigation
//! linked to the threat lowers the likelihood by its effectiveness (partial one level, strong
//! two, none or unrated nothing), never below Rare. Controls make an attack less likely; the
//! harm done if it still succeeds stays what it was, so impact is unchanged.

use super::{Id, Mitigation, MitigationStatus, Model, Priority, Threat};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How likely the threat is to be realised, 1 (Rare) to 5 (Almost certain).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Likelihood {
    Rare,
    Unlikely,
    Possible,
    Likely,
    AlmostCertain,
}

impl Likelihood {
    pub const ALL: [Likelihood; 5] = [
        Likelihood::Rare,
        Likelihood::Unlikely,
        Likelihood::Possible,
        Likelihood::Likely,
        Likelihood::AlmostCertain,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Likelihood::Rare => "Rare",
            Likelihood::Unlikely => "Unlikely",
            Likelihood::Possible => "Possible",
            Likelihood::Likely => "Likely",
            Likelihood::AlmostCertain => "Almost certain",
        }
    }

    /// 1 to 5.
    pub fn level(self) -> u8 {
        self as u8 + 1
    }

    /// The likelihood of level 1 to 5 (out-of-range levels are clamped).
    pub fn from_level(level: u8) -> Likelihood {
        Likelihood::ALL[usize::from(level.clamp(1, 5) - 1)]
    }
}

/// How much harm the threat does if realised, 1 (Negligible) to 5 (Severe).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Impact {
    Negligible,
    Minor,
    Moderate,
    Major,
    Severe,
}

impl Impact {
    pub const ALL: [Impact; 5] = [
        Impact::Negligible,
        Impact::Minor,
        Impact::Moderate,
        Impact::Major,
        Impact::Severe,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Impact::Negligible => "Negligible",
            Impact::Minor => "Minor",
            Impact::Moderate => "Moderate",
            Impact::Major => "Major",
            Impact::Severe => "Severe",
        }
    }

    /// 1 to 5.
    pub fn level(self) -> u8 {
        self as u8 + 1
    }

    pub fn from_level(level: u8) -> Impact {
        Impact::ALL[usize::from(level.clamp(1, 5) - 1)]
    }
}

/// A threat's rating; either part may still be unset while the team discusses it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rating {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<Likelihood>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<Impact>,
}

impl Rating {
    pub fn new(likelihood: Likelihood, impact: Impact) -> Rating {
        Rating {
            likelihood: Some(likelihood),
            impact: Some(impact),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.likelihood.is_none() && self.impact.is_none()
    }

    /// Both parts, when both are set.
    pub fn cell(&self) -> Option<Cell> {
        Some(Cell {
            likelihood: self.likelihood?,
            impact: self.impact?,
        })
    }
}

impl Rating {
    /// "12 (Possible x Major)": the score with the rating it came from, for formats with a
    /// single free-text score field (Threat Dragon); [`Rating::from_score_text`] reads it back.
    pub fn score_text(&self) -> Option<String> {
        let c = self.cell()?;
        Some(format!(
            "{} ({} x {})",
            c.score(),
            c.likelihood.label(),
            c.impact.label()
        ))
    }

    /// The rating in a score written by [`Rating::score_text`]; `None` for any other text.
    pub fn from_score_text(text: &str) -> Option<Rating> {
        let inner = text.split_once('(')?.1.split_once(')')?.0;
        let (l, i) = inner.split_once(" x ")?;
        let likelihood = Likelihood::ALL
            .into_iter()
            .find(|x| x.label().eq_ignore_ascii_case(l.trim()))?;
        let impact = Impact::ALL
            .into_iter()
            .find(|x| x.label().eq_ignore_ascii_case(i.trim()))?;
        Some(Rating::new(likelihood, impact))
    }
}

/// One cell of the 5×5 matrix: a likelihood and an impact, both set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cell {
    pub likelihood: Likelihood,
    pub impact: Impact,
}

impl Cell {
    /// Likelihood × impact, 1 to 25.
    pub fn score(self) -> u8 {
        self.likelihood.level() * self.impact.level()
    }
}

/// Risk bands, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Band {
    Low,
    Medium,
    High,
    Critical,
}

impl Band {
    pub const ALL: [Band; 4] = [Band::Low, Band::Medium, Band::High, Band::Critical];

    pub fn label(self) -> &'static str {
        match self {
            Band::Low => "Low",
            Band::Medium => "Medium",
            Band::High => "High",
            Band::Critical => "Critical",
        }
    }

    /// The band's colour, the same in the window, the workbook and every export: green,
    /// amber, orange, red.
    pub fn rgb(self) -> [u8; 3] {
        match self {
            Band::Low => [120, 190, 120],
            Band::Medium => [235, 205, 90],
            Band::High => [240, 150, 70],
            Band::Critical => [220, 80, 70],
        }
    }

    /// The workshop's three priorities from a band: Critical and High are High.
    pub fn priority(self) -> Priority {
        match self {
            Band::Low => Priority::Low,
            Band::Medium => Priority::Medium,
            Band::High | Band::Critical => Priority::High,
        }
    }
}

/// A model's risk settings: where the bands start, and whether priority follows the band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RiskSettings {
    /// The lowest score that is Medium (scores below are Low).
    pub medium_from: u8,
    pub high_from: u8,
    pub critical_from: u8,
    /// Set a rated threat's priority from its inherent band whenever its rating changes.
    pub derive_priority: bool,
}

impl Default for RiskSettings {
    /// Low 1–4, Medium 5–9, High 10–15, Critical 16–25.
    fn default() -> Self {
        RiskSettings {
            medium_from: 5,
            high_from: 10,
            critical_from: 16,
            derive_priority: false,
        }
    }
}

impl RiskSettings {
    pub fn is_default(&self) -> bool {
        *self == RiskSettings::default()
    }

    pub fn band(&self, score: u8) -> Band {
        if score >= self.critical_from {
            Band::Critical
        } else if score >= self.high_from {
            Band::High
        } else if score >= self.medium_from {
            Band::Medium
        } else {
            Band::Low
        }
    }

    /// Thresholds that rise strictly, within 2..=25; says what is wrong otherwise.
    pub fn check(&self) -> Result<(), String> {
        let (m, h, c) = (self.medium_from, self.high_from, self.critical_from);
        if !(2..=25).contains(&m) || !(2..=25).contains(&h) || !(2..=25).contains(&c) {
            return Err(format!(
                "risk band thresholds must lie between 2 and 25 (medium {m}, high {h}, critical {c})"
            ));
        }
        if !(m < h && h < c) {
            return Err(format!(
                "risk band thresholds must rise: medium {m} < high {h} < critical {c}"
            ));
        }
        Ok(())
    }
}

/// After a rating change: the priority the model's settings derive, if they derive one.
pub fn derive_priority(t: &mut Threat, settings: &RiskSettings) {
    if settings.derive_priority
        && let Some(cell) = t.rating.cell()
    {
        t.priority = Some(settings.band(cell.score()).priority());
    }
}

/// How much a mitigation, once in place, reduces the likelihood of the threats it addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Effectiveness {
    /// In place, but it does not make the threat less likely (a detective control, say).
    /// Not called `None`, which a RON file would read as "not rated".
    NoEffect,
    Partial,
    Strong,
}

impl Effectiveness {
    pub const ALL: [Effectiveness; 3] = [
        Effectiveness::NoEffect,
        Effectiveness::Partial,
        Effectiveness::Strong,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Effectiveness::NoEffect => "None",
            Effectiveness::Partial => "Partial",
            Effectiveness::Strong => "Strong",
        }
    }

    /// Likelihood levels it removes.
    pub fn reduction(self) -> u8 {
        match self {
            Effectiveness::NoEffect => 0,
            Effectiveness::Partial => 1,
            Effectiveness::Strong => 2,
        }
    }
}

/// A threat's risk, inherent and residual, when it is rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Risk {
    pub inherent: Cell,
    pub residual: Cell,
}

impl Risk {
    /// The threat's risk, looking its mitigations up in `mitigations`; `None` unless both
    /// likelihood and impact are set.
    pub fn of(threat: &Threat, mitigations: &[Mitigation]) -> Option<Risk> {
        Risk::with(threat, |id| mitigations.iter().find(|m| &m.id == id))
    }

    /// Every threat's risk, in the model's order, with the mitigations looked up once.
    pub fn all(model: &Model) -> Vec<Option<Risk>> {
        let by_id: HashMap<&Id, &Mitigation> =
            model.mitigations.iter().map(|m| (&m.id, m)).collect();
        model
            .threats
            .iter()
            .map(|t| Risk::with(t, |id| by_id.get(id).copied()))
            .collect()
    }

    /// The threat's risk, finding its mitigations with `find`.
    pub fn with<'m>(threat: &Threat, find: impl Fn(&Id) -> Option<&'m Mitigation>) -> Option<Risk> {
        let inherent = threat.rating.cell()?;
        let reduction: u32 = threat
            .mitigations
            .iter()
            .filter_map(find)
            .filter(|m| m.status == MitigationStatus::Resolved)
            .filter_map(|m| m.effectiveness)
            .map(|e| u32::from(e.reduction()))
            .sum();
        let level = u32::from(inherent.likelihood.level()).saturating_sub(reduction);
        let residual = Cell {
            likelihood: Likelihood::from_level(level.clamp(1, 5) as u8),
            impact: inherent.impact,
        };
        Some(Risk { inherent, residual })
    }
}

/// The 5×5 risk matrix: the ids of the rated threats in each cell, inherent and residual.
/// Indexed `[likelihood level - 1][impact level - 1]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Matrix {
    pub inherent: [[Vec<Id>; 5]; 5],
    pub residual: [[Vec<Id>; 5]; 5],
}

/// Which of a threat's two risks a matrix or a filter is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    Inherent,
    Residual,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Inherent => "inherent",
            Stage::Residual => "residual",
        }
    }
}

impl Risk {
    pub fn cell(&self, stage: Stage) -> Cell {
        match stage {
            Stage::Inherent => self.inherent,
            Stage::Residual => self.residual,
        }
    }
}

impl Matrix {
    pub fn of(model: &Model) -> Matrix {
        let mut m = Matrix::default();
        for (t, risk) in model.threats.iter().zip(Risk::all(model)) {
            if let Some(r) = risk {
                m.cell_mut(Stage::Inherent, r.inherent).push(t.id.clone());
                m.cell_mut(Stage::Residual, r.residual).push(t.id.clone());
            }
        }
        m
    }

    pub fn ids(&self, stage: Stage, cell: Cell) -> &[Id] {
        let grid = match stage {
            Stage::Inherent => &self.inherent,
            Stage::Residual => &self.residual,
        };
        &grid[usize::from(cell.likelihood.level() - 1)][usize::from(cell.impact.level() - 1)]
    }

    fn cell_mut(&mut self, stage: Stage, cell: Cell) -> &mut Vec<Id> {
        let grid = match stage {
            Stage::Inherent => &mut self.inherent,
            Stage::Residual => &mut self.residual,
        };
        &mut grid[usize::from(cell.likelihood.level() - 1)][usize::from(cell.impact.level() - 1)]
    }

    pub fn is_empty(&self) -> bool {
        self.inherent.iter().flatten().all(Vec::is_empty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_round_trip_and_clamp() {
        for l in Likelihood::ALL {
            assert_eq!(Likelihood::from_level(l.level()), l);
        }
        for i in Impact::ALL {
            assert_eq!(Impact::from_level(i.level()), i);
        }
        assert_eq!(Likelihood::from_level(0), Likelihood::Rare);
        assert_eq!(Impact::from_level(9), Impact::Severe);
    }

    #[test]
    fn default_bands_cover_every_score() {
        let s = RiskSettings::default();
        assert!(s.check().is_ok());
        let bands: Vec<Band> = (1..=25).map(|n| s.band(n)).collect();
        assert_eq!(bands[0], Band::Low);
        assert_eq!(s.band(4), Band::Low);
        assert_eq!(s.band(5), Band::Medium);
        assert_eq!(s.band(9), Band::Medium);
        assert_eq!(s.band(10), Band::High);
        assert_eq!(s.band(15), Band::High);
        assert_eq!(s.band(16), Band::Critical);
        assert_eq!(s.band(25), Band::Critical);
        assert!(bands.windows(2).all(|w| w[0] <= w[1]), "bands never fall");
    }

    #[test]
    fn score_text_reads_back() {
        let r = Rating::new(Likelihood::AlmostCertain, Impact::Minor);
        let text = r.score_text().expect("rated");
        assert_eq!(text, "10 (Almost certain x Minor)");
        assert_eq!(Rating::from_score_text(&text), Some(r));
        assert_eq!(Rating::from_score_text("7"), None);
        assert_eq!(Rating::default().score_text(), None);
    }

    #[test]
    fn thresholds_must_rise() {
        let bad = RiskSettings {
            medium_from: 10,
            high_from: 10,
            ..RiskSettings::default()
        };
        assert!(bad.check().is_err());
        let out = RiskSettings {
            critical_from: 30,
            ..RiskSettings::default()
        };
        assert!(out.check().is_err());
    }
}
