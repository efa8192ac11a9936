//! What every importer needs: fresh readable ids, mitigations shared by text, trust-boundary
//! lines turned into the boxes Strider draws, and the import report.

use crate::model::{
    Boundary, Diagram, Element, Id, Mitigation, MitigationStatus, Model, geometry::Rect,
};
use std::collections::HashMap;

/// Builds a model from an empty one, handing out ids in creation order (E1, P1, F01, T01…), which
/// cannot collide because nothing else is in the model.
pub(crate) struct Builder {
    pub model: Model,
    counters: HashMap<&'static str, u64>,
    threat_ids: Vec<Id>,
    mitigations_by_text: HashMap<String, Id>,
    pub report: Vec<String>,
}

impl Builder {
    pub fn new(title: &str) -> Self {
        let mut model = Model::new(title);
        model.diagrams.clear();
        Builder {
            model,
            counters: HashMap::new(),
            threat_ids: Vec::new(),
            mitigations_by_text: HashMap::new(),
            report: Vec::new(),
        }
    }

    pub fn id(&mut self, prefix: &'static str) -> Id {
        let n = self.counters.entry(prefix).or_insert(0);
        *n += 1;
        let width = if matches!(prefix, "T" | "F") { 2 } else { 1 };
        Id(format!("{prefix}{:0width$}", *n))
    }

    /// Reserves a number the source file gave (T-0005 becomes T05) when it is free; otherwise a
    /// fresh one.
    pub fn id_numbered(
        &mut self,
        prefix: &'static str,
        number: Option<f64>,
        taken: &mut Vec<Id>,
    ) -> Id {
        let width = if matches!(prefix, "T" | "F") { 2 } else { 1 };
        if let Some(n) = number.filter(|n| n.fract() == 0.0 && *n >= 1.0 && *n < 1e9) {
            let id = Id(format!("{prefix}{:0width$}", n as u64));
            if !taken.contains(&id) {
                taken.push(id.clone());
                return id;
            }
        }
        loop {
            let id = self.id(prefix);
            if !taken.contains(&id) {
                taken.push(id.clone());
                return id;
            }
        }
    }

    /// A threat id from the number the source gave, when free.
    pub fn threat_id(&mut self, number: Option<f64>) -> Id {
        let mut taken = std::mem::take(&mut self.threat_ids);
        let id = self.id_numbered("T", number, &mut taken);
        self.threat_ids = taken;
        id
    }

    /// The mitigation with this text, created on first use: tools that keep mitigation text on
    /// each threat repeat the same control many times.
    pub fn mitigation(&mut self, text: &str, status: MitigationStatus) -> Option<Id> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Some(id) = self.mitigations_by_text.get(text) {
            if let Some(m) = self.model.mitigations.iter_mut().find(|m| &m.id == id)
                && status > m.status
            {
                m.status = status;
            }
            return Some(id.clone());
        }
        let id = self.id("M");
        let (title, description) = split_title(text);
        self.model.mitigations.push(Mitigation {
            id: id.clone(),
            title,
            description,
            status,
            reference: String::new(),
            effectiveness: None,
            standards: Default::default(),
        });
        self.mitigations_by_text.insert(text.to_owned(), id.clone());
        Some(id)
    }

    pub fn note(&mut self, line: impl Into<String>) {
        self.report.push(line.into());
    }

    /// A trust-boundary line (through `points`) added to `diagram` as the box of the zone it
    /// fences off, and noted.
    pub fn line_boundary(
        &mut self,
        diagram: &mut Diagram,
        name: String,
        description: String,
        points: &[(f32, f32)],
    ) {
        let (rect, held) = region_of_line(points, &diagram.elements);
        let name = if name.is_empty() {
            "Trust boundary".to_owned()
        } else {
            name
        };
        self.note(format!(
            "Diagram \"{}\": the trust-boundary line \"{name}\" became a box around the zone it \
             fences off ({held} element(s)).",
            diagram.name
        ));
        let mut boundary =
            Boundary::new(self.id("TB"), name, rect.min, (rect.width(), rect.height()));
        boundary.description = description;
        diagram.boundaries.push(boundary);
    }

    /// The element a loose flow end at `at` was drawn against (see [`element_near`]), noted.
    pub fn attach_loose_end(
        &mut self,
        diagram: &Diagram,
        flow: &str,
        which: &str,
        at: (f32, f32),
    ) -> Option<Id> {
        let (e, distance) = element_near(at, &diagram.elements)?;
        self.note(format!(
            "Diagram \"{}\": flow \"{flow}\" had a loose {which} end {distance:.0} px from \"{}\"; \
             it was attached to it.",
            diagram.name, e.name
        ));
        Some(e.id.clone())
    }
}

impl Builder {
    /// A flow end that another tool attached to a trust-boundary box (Threat Dragon lets
    /// people do this): Strider's flows join elements, so the end goes to the element inside
    /// the box nearest `toward` (the flow's other end), with a note; `None`, with a note, when
    /// the box holds no element. An end that is not a boundary is returned as it is.
    pub fn end_off_boundary(
        &mut self,
        diagram: &Diagram,
        end: Option<Id>,
        toward: Option<(f32, f32)>,
        flow: &str,
        which: &str,
    ) -> Option<Id> {
        let id = end?;
        let Some(boundary) = diagram.boundaries.iter().find(|b| b.id == id) else {
            return Some(id);
        };
        let area = boundary.rect();
        let toward = toward.unwrap_or_else(|| area.center());
        let inside = diagram
            .elements
            .iter()
            .filter(|e| area.contains_point(e.rect().center()))
            .min_by(|a, b| {
                let d = |e: &Element| {
                    let c = e.rect().center();
                    (c.0 - toward.0).hypot(c.1 - toward.1)
                };
                d(a).total_cmp(&d(b))
            });
        match inside {
            Some(e) => {
                self.note(format!(
                    "Diagram \"{}\": flow \"{flow}\" had its {which} on the trust boundary \"{}\"; \
                     Strider's flows join elements, so it was attached to \"{}\", the nearest \
                     element inside it.",
                    diagram.name, boundary.name, e.name
                ));
                Some(e.id.clone())
            }
            None => {
                self.note(format!(
                    "Diagram \"{}\": flow \"{flow}\" had its {which} on the trust boundary \"{}\", \
                     which holds no element to attach it to.",
                    diagram.name, boundary.name
                ));
                None
            }
        }
    }
}

/// A long text becomes a one-line title and the full text as description.
pub(crate) fn split_title(text: &str) -> (String, String) {
    let first = text.lines().next().unwrap_or("").trim();
    if first.chars().count() <= 120 && first.len() == text.len() {
        return (first.to_owned(), String::new());
    }
    let title: String = if first.chars().count() > 120 {
        let cut: String = first.chars().take(117).collect();
        format!("{}...", cut.trim_end())
    } else {
        first.to_owned()
    };
    (title, text.to_owned())
}

/// The box a trust-boundary line stands for. A line splits the diagram in two; the side with
/// fewer elements is taken as the zone it fences off (the way people draw a boundary around the
/// part that differs), and the box is drawn around those elements. A line with every element on
/// one side fences off nothing: it becomes a thin box along the line. Returns the box and how
/// many elements it holds.
pub(crate) fn region_of_line(points: &[(f32, f32)], elements: &[Element]) -> (Rect, usize) {
    const MARGIN: f32 = 12.0;
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for e in elements {
        match side_of(points, e.rect().center()) {
            Some(true) => left.push(e.rect()),
            Some(false) => right.push(e.rect()),
            None => {}
        }
    }
    let area = |group: &[Rect]| {
        group
            .iter()
            .fold(None::<Rect>, |acc, r| Some(acc.map_or(*r, |a| a.union(r))))
    };
    let zone = match (left.is_empty(), right.is_empty()) {
        (false, false) => {
            let (l, r) = (area(&left), area(&right));
            let smaller = match left.len().cmp(&right.len()) {
                std::cmp::Ordering::Less => true,
                std::cmp::Ordering::Greater => false,
                std::cmp::Ordering::Equal => {
                    l.map_or(0.0, |a| a.area()) <= r.map_or(0.0, |a| a.area())
                }
            };
            if smaller {
                l.map(|r| (r, left.len()))
            } else {
                r.map(|r| (r, right.len()))
            }
        }
        _ => None,
    };
    if let Some((r, held)) = zone {
        // Room above the elements for the boundary's name.
        let rect = Rect {
            min: (r.min.0 - MARGIN, r.min.1 - 2.5 * MARGIN),
            max: (r.max.0 + MARGIN, r.max.1 + MARGIN),
        };
        return (rect, held);
    }
    let first = points.first().copied().unwrap_or((0.0, 0.0));
    let mut rect = Rect {
        min: first,
        max: first,
    };
    for &p in points {
        rect = rect.union(&Rect { min: p, max: p });
    }
    let grow = |lo: f32, hi: f32| {
        if hi - lo < 2.0 * MARGIN {
            let mid = (lo + hi) / 2.0;
            (mid - MARGIN, mid + MARGIN)
        } else {
            (lo, hi)
        }
    };
    let (x0, x1) = grow(rect.min.0, rect.max.0);
    let (y0, y1) = grow(rect.min.1, rect.max.1);
    (
        Rect {
            min: (x0, y0),
            max: (x1, y1),
        },
        0,
    )
}

/// How far a loose flow end may lie from an element's outline and still be taken as attached to
/// it: tools draw such ends at the element's edge without gluing them.
pub(crate) const SNAP_DISTANCE: f32 = 24.0;

/// The element whose outline is nearest to `p`, when within [`SNAP_DISTANCE`]; with the distance.
pub(crate) fn element_near(p: (f32, f32), elements: &[Element]) -> Option<(&Element, f32)> {
    elements
        .iter()
        .map(|e| {
            let r = e.rect();
            let dx = (r.min.0 - p.0).max(p.0 - r.max.0).max(0.0);
            let dy = (r.min.1 - p.1).max(p.1 - r.max.1).max(0.0);
            (e, dx.hypot(dy))
        })
        .filter(|(_, d)| *d <= SNAP_DISTANCE)
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// Both ends of a flow, when both are known and differ (a flow from an element to itself is not a
/// data flow Strider can draw).
pub(crate) fn distinct_ends(from: Option<Id>, to: Option<Id>) -> Option<(Id, Id)> {
    match (from, to) {
        (Some(a), Some(b)) if a != b => Some((a, b)),
        _ => None,
    }
}

/// Which side of a polyline a point lies on, judged by its nearest segment; `None` for a
/// polyline of fewer than two distinct points.
fn side_of(points: &[(f32, f32)], p: (f32, f32)) -> Option<bool> {
    let mut best: Option<(f32, f32)> = None; // (distance², cross)
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let d = (b.0 - a.0, b.1 - a.1);
        let len2 = d.0 * d.0 + d.1 * d.1;
        if len2 <= f32::EPSILON {
            continue;
        }
        let t = (((p.0 - a.0) * d.0 + (p.1 - a.1) * d.1) / len2).clamp(0.0, 1.0);
        let q = (a.0 + t * d.0, a.1 + t * d.1);
        let dist2 = (p.0 - q.0).powi(2) + (p.1 - q.1).powi(2);
        let cross = d.0 * (p.1 - a.1) - d.1 * (p.0 - a.0);
        if best.is_none_or(|(bd, _)| dist2 < bd) {
            best = Some((dist2, cross));
        }
    }
    best.map(|(_, cross)| cross > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ElementKind;

    #[test]
    fn an_arch_holds_the_element_under_it_and_a_line_with_all_on_one_side_holds_none() {
        let under = Element::new(Id::from("D1"), ElementKind::Store, "db", (290.0, 420.0));
        let beside = Element::new(Id::from("D2"), ElementKind::Store, "cfg", (700.0, 420.0));
        let above = Element::new(Id::from("P1"), ElementKind::Process, "web", (220.0, 100.0));
        let arch = [
            (230.0, 520.0),
            (320.0, 280.0),
            (590.0, 250.0),
            (660.0, 350.0),
            (660.0, 510.0),
        ];
        let (r, held) = region_of_line(&arch, &[under.clone(), beside.clone(), above]);
        assert_eq!(held, 1);
        assert!(r.contains_point(under.rect().center()));
        assert!(!r.contains_point(beside.rect().center()));
        let (band, held) = region_of_line(&[(0.0, 100.0), (500.0, 100.0)], &[under]);
        assert_eq!(held, 0);
        assert_eq!(band.height(), 24.0);
    }
}
