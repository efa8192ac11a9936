//! Risk you can rank: inherent risk and its band, residual risk from resolved mitigations,
//! priority that follows risk, and ratings that survive the trip through other tools' files.

use crate::sample;
use strider::model::risk::{Cell, derive_priority};
use strider::model::*;

fn vehicle() -> Model {
    strider::io::load(&sample("connected-vehicle.ron")).unwrap()
}

fn rated(l: Likelihood, i: Impact) -> Threat {
    let mut t = Threat::new(Id::from("T01"));
    t.rating = Rating::new(l, i);
    t
}

fn control(id: &str, status: MitigationStatus, e: Option<Effectiveness>) -> Mitigation {
    let mut m = Mitigation::new(Id::from(id), id);
    m.status = status;
    m.effectiveness = e;
    m
}

#[test]
fn inherent_risk_is_likelihood_times_impact_in_its_band() {
    let s = RiskSettings::default();
    for (l, i, score, band) in [
        (Likelihood::Rare, Impact::Negligible, 1, Band::Low),
        (Likelihood::Unlikely, Impact::Minor, 4, Band::Low),
        (Likelihood::Possible, Impact::Minor, 6, Band::Medium),
        (Likelihood::Possible, Impact::Major, 12, Band::High),
        (Likelihood::Likely, Impact::Major, 16, Band::Critical),
        (
            Likelihood::AlmostCertain,
            Impact::Severe,
            25,
            Band::Critical,
        ),
    ] {
        let r = Risk::of(&rated(l, i), &[]).unwrap();
        assert_eq!(r.inherent.score(), score);
        assert_eq!(s.band(score), band);
        assert_eq!(r.residual, r.inherent, "no mitigation, no reduction");
    }
    // Half-rated threats have no risk yet.
    let mut t = rated(Likelihood::Likely, Impact::Major);
    t.rating.impact = None;
    assert_eq!(Risk::of(&t, &[]), None);
    // Bands follow the model's thresholds.
    let strict = RiskSettings {
        medium_from: 3,
        high_from: 6,
        critical_from: 12,
        derive_priority: false,
    };
    assert_eq!(strict.band(12), Band::Critical);
    assert_eq!(strict.band(2), Band::Low);
}

#[test]
fn residual_risk_counts_only_resolved_mitigations_by_their_effectiveness() {
    use Effectiveness::*;
    use MitigationStatus::*;
    let mitigations = vec![
        control("M1", Resolved, Some(Strong)),
        control("M2", Resolved, Some(Partial)),
        control("M3", InProgress, Some(Strong)),
        control("M4", Resolved, Some(NoEffect)),
        control("M5", Resolved, Option::None),
    ];
    let residual = |links: &[&str]| {
        let mut t = rated(Likelihood::AlmostCertain, Impact::Major);
        t.mitigations = links.iter().map(|l| Id::from(*l)).collect();
        Risk::of(&t, &mitigations).unwrap().residual
    };
    let cell = |l| Cell {
        likelihood: l,
        impact: Impact::Major,
    };
    assert_eq!(
        residual(&["M1"]),
        cell(Likelihood::Possible),
        "strong: two levels"
    );
    assert_eq!(
        residual(&["M2"]),
        cell(Likelihood::Likely),
        "partial: one level"
    );
    assert_eq!(
        residual(&["M3"]),
        cell(Likelihood::AlmostCertain),
        "not resolved"
    );
    assert_eq!(
        residual(&["M4", "M5"]),
        cell(Likelihood::AlmostCertain),
        "none, unrated"
    );
    assert_eq!(
        residual(&["M1", "M2"]),
        cell(Likelihood::Unlikely),
        "they add up"
    );
    assert_eq!(
        residual(&["M1", "M1", "M2"]),
        cell(Likelihood::Rare),
        "never below Rare"
    );
    assert_eq!(
        residual(&["M9"]),
        cell(Likelihood::AlmostCertain),
        "a dangling link"
    );
    // The sample: T01 (Possible x Major) has M14 resolved, partial: Unlikely x Major.
    let m = vehicle();
    let t01 = m.threat(&Id::from("T01")).unwrap();
    let r = Risk::of(t01, &m.mitigations).unwrap();
    assert_eq!((r.inherent.score(), r.residual.score()), (12, 8));
    // Every threat's risk at once agrees with one at a time.
    let all = Risk::all(&m);
    for (t, r) in m.threats.iter().zip(all) {
        assert_eq!(r, Risk::of(t, &m.mitigations), "{}", t.id);
    }
}

#[test]
fn the_sample_rates_every_threat_and_every_mitigation() {
    let m = vehicle();
    assert_eq!(m.threats.len(), 18);
    assert!(m.threats.iter().all(|t| t.rating.cell().is_some()));
    assert!(m.mitigations.iter().all(|x| x.effectiveness.is_some()));
    // The workshop's priorities agree with the default bands.
    let s = RiskSettings::default();
    for t in &m.threats {
        let band = s.band(t.rating.cell().unwrap().score());
        assert_eq!(Some(band.priority()), t.priority, "{}", t.id);
    }
    let matrix = Matrix::of(&m);
    let placed: usize = matrix.inherent.iter().flatten().map(Vec::len).sum();
    assert_eq!(placed, 18);
}

#[test]
fn priority_follows_risk_when_the_model_says_so() {
    let mut t = rated(Likelihood::Likely, Impact::Moderate);
    t.priority = Some(Priority::Low);
    let mut s = RiskSettings::default();
    derive_priority(&mut t, &s);
    assert_eq!(t.priority, Some(Priority::Low), "off by default");
    s.derive_priority = true;
    derive_priority(&mut t, &s);
    assert_eq!(t.priority, Some(Priority::High), "12 is High");
    t.rating = Rating::new(Likelihood::Rare, Impact::Minor);
    derive_priority(&mut t, &s);
    assert_eq!(t.priority, Some(Priority::Low));

    // Turned on for a model: every rated threat's priority in one undoable step.
    let mut m = vehicle();
    let t02 = Id::from("T02");
    ops::update_threat(&m, &t02, |t| {
        t.rating = Rating::new(Likelihood::AlmostCertain, Impact::Severe)
    })
    .unwrap()
    .apply(&mut m);
    assert_eq!(m.threat(&t02).unwrap().priority, Some(Priority::Low));
    let before = m.clone();
    let on = RiskSettings {
        derive_priority: true,
        ..m.info.risk
    };
    let edit = ops::set_risk_settings(&m, on).unwrap();
    edit.apply(&mut m);
    assert!(m.info.risk.derive_priority);
    assert_eq!(m.threat(&t02).unwrap().priority, Some(Priority::High));
    edit.inverse().apply(&mut m);
    assert_eq!(m, before, "one undo restores settings and priorities");
    assert!(
        ops::set_risk_settings(&m, m.info.risk).is_none(),
        "no change, no edit"
    );
}

#[test]
fn ratings_survive_threat_dragon_and_the_native_format() {
    let m = vehicle();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vehicle.td.json");
    strider::export::export_to_path(&m, &path).unwrap();
    let back = strider::io::import_file(&path).unwrap().model;
    for t in &m.threats {
        let b = back
            .threats
            .iter()
            .find(|b| b.statement() == t.statement())
            .unwrap_or_else(|| panic!("{} came back", t.id));
        assert_eq!(b.rating, t.rating, "{}", t.id);
    }
    let text = strider::io::to_string(&m);
    assert_eq!(strider::io::from_str(&text, "x.ron").unwrap(), m);
    assert!(text.contains("likelihood: Possible"));
    assert!(text.contains("effectiveness: Strong"));
}

#[test]
fn bad_risk_settings_in_a_file_are_named() {
    let m = vehicle();
    let text = strider::io::to_string(&m).replacen(
        "info: (",
        "info: (\n            risk: (medium_from: 5, high_from: 4, critical_from: 16),",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.ron");
    std::fs::write(&path, text).unwrap();
    let out = crate::strider(&["check", path.to_str().unwrap()]);
    let said = format!("{}{}", crate::stdout(&out), crate::stderr(&out));
    assert!(said.contains("risk band thresholds must rise"), "{said}");
}

#[test]
fn the_markdown_report_has_the_matrices_and_the_mapping() {
    let md = strider::workbook::markdown::report(&vehicle());
    assert!(md.contains("### Risk matrix"));
    assert!(md.contains("| Likely |  | T12 T16 |  | T14 |  |"), "{md}");
    assert!(md.contains("Residual risk (likelihood down, impact across)"));
    assert!(md.contains("## Appendix: Control mapping"));
    assert!(md.contains("| M1 Protect data in transit | ASVS 5.0 V12.1.1"));
}
