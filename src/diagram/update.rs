//! Placing again only what an edit touched. On a diagram of thousands of flows a full placement
//! takes a tenth of a second, too long for every frame of a drag; an element moved or renamed,
//! a bend dragged or a threat's badge changed disturbs only the lines and labels around it.
//!
//! An update keeps every rule of a full placement (lines from outline to outline, labels clear
//! of shapes, badges, name tabs and each other) but not its order: a label placed again takes
//! the best free spot left around it, where a full placement might have given that spot to
//! another. Small diagrams, where the soft rule about crossing lines applies and a full
//! placement is quick, are always placed in full.

use super::Placement;
use super::labels::{self, Tag, footprint, place_label, place_tabs};
use super::route::{route_flow, spreads};
use crate::model::geometry::Rect;
use crate::model::{Diagram, Element, Id, Model};
use std::collections::{BTreeSet, HashMap};

/// The items an update placed again, by index in the diagram's lists: what must be drawn anew.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Replaced {
    pub boundaries: BTreeSet<usize>,
    pub flows: BTreeSet<usize>,
    pub elements: BTreeSet<usize>,
}

impl Replaced {
    pub fn len(&self) -> usize {
        self.boundaries.len() + self.flows.len() + self.elements.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Up to this many rectangles are checked one by one; more are filed in a grid.
const FEW: usize = 32;

impl Placement {
    /// Places again what changed on the items named in `touched` (which were changed in place:
    /// nothing added, removed or reordered). `None` when the diagram is not one this placement
    /// can follow that way; then place it in full.
    pub fn update(
        &mut self,
        model: &Model,
        d: &Diagram,
        touched: &BTreeSet<Id>,
    ) -> Option<Replaced> {
        if d.flows.len() != self.routes.len()
            || d.flows.len() != self.spreads.len()
            || d.boundaries.len() != self.tabs.len()
            || labels::soft_rule_applies(d.flows.len())
        {
            return None;
        }
        let mut out = Replaced::default();
        let index_of = |ids: &mut dyn Iterator<Item = &Id>| -> BTreeSet<usize> {
            ids.enumerate()
                .filter(|(_, id)| touched.contains(*id))
                .map(|(i, _)| i)
                .collect()
        };
        out.elements = index_of(&mut d.elements.iter().map(|e| &e.id));
        out.boundaries = index_of(&mut d.boundaries.iter().map(|b| &b.id));
        let touched_flows = index_of(&mut d.flows.iter().map(|f| &f.id));

        // The red badges on what was touched.
        let mut open_now: HashMap<&Id, usize> = HashMap::new();
        for t in model.threats.iter().filter(|t| t.status.is_open()) {
            if let Some(target) = t.target.as_ref().filter(|t| touched.contains(*t)) {
                *open_now.entry(target).or_default() += 1;
            }
        }
        let mut badge_changed: BTreeSet<&Id> = BTreeSet::new();
        for id in touched {
            let now = open_now.get(id).copied().unwrap_or(0);
            if self.open_on(id) != now {
                badge_changed.insert(id);
                if now == 0 {
                    self.open.remove(id);
                } else {
                    self.open.insert(id.clone(), now);
                }
            }
        }

        // Lines: those of touched flows and of flows into or out of touched elements, and of
        // flows whose place among parallel ones changed (a flow reconnected).
        let moved: BTreeSet<&Id> = out.elements.iter().map(|&i| &d.elements[i].id).collect();
        let mut rerouted: BTreeSet<usize> = touched_flows.clone();
        if !touched_flows.is_empty() {
            let now = spreads(d);
            rerouted.extend((0..now.len()).filter(|&i| now[i] != self.spreads[i]));
            self.spreads = now;
        }
        if !moved.is_empty() {
            rerouted.extend(
                d.flows
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| moved.contains(&f.from) || moved.contains(&f.to))
                    .map(|(i, _)| i),
            );
        }
        let by_id: Option<HashMap<&Id, &Element>> =
            (rerouted.len() > FEW).then(|| d.elements.iter().map(|e| (&e.id, e)).collect());
        let element = |id: &Id| match &by_id {
            Some(map) => map.get(id).copied(),
            None => d.element(id),
        };
        for &i in &rerouted {
            let f = &d.flows[i];
            self.routes[i] = element(&f.from)
                .zip(element(&f.to))
                .and_then(|ends| route_flow(f, ends, self.spreads[i]));
        }
        out.flows.extend(&rerouted);

        // The touched shapes and badges filed where they are now: what labels must stay clear of.
        let mut new_obstacles: Vec<Rect> = Vec::new();
        for &i in &out.elements {
            let e = &d.elements[i];
            self.obstacles.file_element(i, e, self.open_on(&e.id) > 0);
            new_obstacles.push(grow(&e.rect(), 2.0 + 2.0 * super::BADGE_RADIUS));
        }
        let tabs_hit = new_obstacles
            .iter()
            .any(|r| self.tabs.iter().any(|t| t.rect.intersects(r)));
        if !out.boundaries.is_empty() || tabs_hit {
            let tabs = place_tabs(d);
            for (i, (now, was)) in tabs.iter().zip(&self.tabs).enumerate() {
                if now != was {
                    out.boundaries.insert(i);
                    self.obstacles.file(Tag::Tab(i), Some(now.rect));
                    new_obstacles.push(now.rect);
                }
            }
            self.tabs = tabs;
        }

        // Labels placed again: those of lines that changed or whose badge did, and any that
        // now lies under a touched shape, badge or tab.
        let mut again: BTreeSet<usize> = rerouted;
        again.extend(
            d.flows
                .iter()
                .enumerate()
                .filter(|(_, f)| badge_changed.contains(&f.id))
                .map(|(i, _)| i),
        );
        for r in &new_obstacles {
            again.extend(self.obstacles.labels_under(r));
        }
        for &i in &again {
            self.obstacles.file(Tag::Label(i), None);
        }
        for &i in &again {
            let f = &d.flows[i];
            let badge = self.open_on(&f.id) > 0;
            let label = self.routes[i]
                .as_ref()
                .and_then(|route| place_label(&f.label, (i, route), badge, &self.obstacles, None));
            if let Some(l) = &label {
                self.obstacles
                    .file(Tag::Label(i), Some(footprint(l.center, l.size, badge)));
            }
            self.labels[i] = label;
        }
        out.flows.extend(again);
        Some(out)
    }
}

fn grow(r: &Rect, by: f32) -> Rect {
    Rect {
        min: (r.min.0 - by, r.min.1 - by),
        max: (r.max.0 + by, r.max.1 + by),
    }
}
