//! A diagram placed and drawn for a view that follows edits: the canvas. After an edit that
//! changed items in place, only those items are placed and drawn again, into a small patch
//! drawn over the full drawing with their old shapes hidden; the full drawing is made again
//! when the patch grows large or the edit added or removed something.

use super::scene::{self, Owners, Scene, Theme};
use super::{Placement, Replaced};
use crate::model::{Diagram, Id, Model};
use std::collections::BTreeSet;

/// Beyond this many items drawn again, the whole diagram is drawn anew.
const PATCH_LIMIT: usize = 2_000;

pub struct Live {
    pub placement: Placement,
    /// The whole diagram as drawn when last made in full.
    pub base: Scene,
    /// By owner number: items of `base` not to paint, because `patch` draws them as they are now.
    pub hidden: Vec<bool>,
    hidden_count: usize,
    /// The items changed since `base` was made, as they are now.
    pub patch: Scene,
    /// Changes whenever `hidden` does, so what was made from `base` and `hidden` (a mesh) can
    /// tell it is stale.
    pub generation: u64,
    owners: Owners,
    theme: Theme,
}

impl Live {
    pub fn new(model: &Model, d: &Diagram, theme: Theme) -> Self {
        let placement = Placement::of(model, d);
        let base = scene::draw_placed(d, &placement, &theme);
        let owners = Owners::of(d);
        let patch = Scene {
            min: base.min,
            max: base.max,
            items: Vec::new(),
            behind_text: Vec::new(),
            owners: Vec::new(),
            layers: Vec::new(),
        };
        Live {
            placement,
            base,
            hidden: vec![false; owners.count()],
            hidden_count: 0,
            patch,
            generation: 0,
            owners,
            theme,
        }
    }

    /// Follows an edit that changed the `touched` items of `d` in place. False when it cannot:
    /// make it anew with [`Live::new`].
    pub fn update(&mut self, model: &Model, d: &Diagram, touched: &BTreeSet<Id>) -> bool {
        if Owners::of(d) != self.owners {
            return false;
        }
        let Some(replaced) = self.placement.update(model, d, touched) else {
            return false;
        };
        if !self.hide(&replaced) {
            return false;
        }
        let hidden = &self.hidden;
        self.patch = scene::draw_only(d, &self.placement, &self.theme, &|o| {
            hidden.get(o as usize).copied().unwrap_or(false)
        });
        // The extent follows the items wherever they went.
        (self.base.min, self.base.max) = (self.patch.min, self.patch.max);
        true
    }

    /// Hides the replaced items in `base`; false when too many are hidden for a patch.
    fn hide(&mut self, replaced: &Replaced) -> bool {
        let o = self.owners;
        let numbers = (replaced.boundaries.iter().map(|&i| o.boundary(i)))
            .chain(replaced.flows.iter().map(|&i| o.flow(i)))
            .chain(replaced.elements.iter().map(|&i| o.element(i)));
        let mut newly = false;
        for n in numbers {
            if let Some(h) = self.hidden.get_mut(n as usize)
                && !*h
            {
                *h = true;
                self.hidden_count += 1;
                newly = true;
            }
        }
        if newly {
            self.generation += 1;
        }
        self.hidden_count <= PATCH_LIMIT
    }

    pub fn theme(&self) -> Theme {
        self.theme
    }
}
