//! Where text goes on a diagram: boundary names on tabs that no other boundary's edge crosses,
//! and flow labels at a free spot that overlaps no other label, element, badge or boundary name.
//! A label first tries spots on its line, then beside it, then further away with a thin leader
//! line back to the line. Computed once per model change, in diagram units, from the same text
//! measure every backend wraps with.

use super::scene::{text_width, wrap_clipped};
use super::{FlowRoute, Point};
use crate::model::geometry::Rect;
use crate::model::{Diagram, Id};
use std::collections::HashMap;

/// Label text size in diagram units, and the width at which labels wrap (as drawn).
pub const LABEL_FONT: f32 = 11.0;
pub const LABEL_WRAP: f32 = 150.0;
/// Boundary name size, and the height of the tab it sits on.
pub const TAB_FONT: f32 = 12.0;
pub const TAB_HEIGHT: f32 = 20.0;
/// Radius of the red disc counting open threats.
pub const BADGE_RADIUS: f32 = 8.0;
const LINE_HEIGHT: f32 = LABEL_FONT * 1.3;
const PAD: f32 = 3.0;

/// A flow label as placed: its box, its wrapped lines, and a leader line when it had to move
/// away from its flow.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowLabel {
    pub center: Point,
    pub size: Point,
    pub lines: Vec<String>,
    /// From the label's edge to the point on the flow it belongs to.
    pub leader: Option<(Point, Point)>,
}

impl FlowLabel {
    pub fn rect(&self) -> Rect {
        rect_around(self.center, self.size)
    }
}

/// A boundary's name tab: its box and the name on it, in one line or, when the boundary is
/// too narrow for it, two (the second ending in "…" if even that is too short).
#[derive(Debug, Clone, PartialEq)]
pub struct Tab {
    pub rect: Rect,
    pub lines: Vec<String>,
}

/// The height of a name tab of `lines` lines.
pub fn tab_height(lines: usize) -> f32 {
    TAB_HEIGHT + TAB_FONT * 1.25 * (lines.max(1) - 1) as f32
}

/// The lines and box size of a flow label.
pub fn label_lines(text: &str) -> (Vec<String>, Point) {
    let lines = wrap_clipped(text, LABEL_FONT, LABEL_WRAP, 3);
    let width = lines
        .iter()
        .map(|l| text_width(l, LABEL_FONT))
        .fold(0.0, f32::max);
    let size = if lines.is_empty() {
        (0.0, 0.0)
    } else {
        (
            width + 2.0 * PAD,
            lines.len() as f32 * LINE_HEIGHT + 2.0 * PAD,
        )
    };
    (lines, size)
}

/// The size of a flow label as drawn.
pub fn label_size(text: &str) -> Point {
    label_lines(text).1
}

fn rect_around(c: Point, size: Point) -> Rect {
    Rect {
        min: (c.0 - size.0 / 2.0, c.1 - size.1 / 2.0),
        max: (c.0 + size.0 / 2.0, c.1 + size.1 / 2.0),
    }
}

fn grow(r: &Rect, by: f32) -> Rect {
    Rect {
        min: (r.min.0 - by, r.min.1 - by),
        max: (r.max.0 + by, r.max.1 + by),
    }
}

/// The box of a badge drawn centred on `at`.
pub fn badge_rect(at: Point) -> Rect {
    rect_around(at, (2.0 * BADGE_RADIUS, 2.0 * BADGE_RADIUS))
}

/// Where an element's badge is centred.
pub fn element_badge_at(r: &Rect) -> Point {
    (r.max.0 - 2.0, r.min.1 + 2.0)
}

const CELL: f32 = 120.0;

/// What put a rectangle in the grid: an element's shape or badge, a boundary's name tab or a
/// flow's label (by index in their lists), or something not tracked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tag {
    Shape(usize),
    Badge(usize),
    Tab(usize),
    Label(usize),
    Other,
}

/// A coarse grid of the rectangles placed so far, so each check looks at neighbours only.
/// Each rectangle is filed under what put it there, so it can be taken out again when that
/// item moves (see [`super::Placement::update`]).
#[derive(Debug, Clone, Default)]
pub(super) struct Grid {
    cells: HashMap<(i32, i32), Vec<(Rect, Tag)>>,
    /// What each tracked item filed, by kind and index.
    shapes: Vec<Option<Rect>>,
    badges: Vec<Option<Rect>>,
    tabs: Vec<Option<Rect>>,
    labels: Vec<Option<Rect>>,
}

impl Grid {
    fn keys(r: &Rect) -> impl Iterator<Item = (i32, i32)> {
        let (x0, y0) = (
            (r.min.0 / CELL).floor() as i32,
            (r.min.1 / CELL).floor() as i32,
        );
        let (x1, y1) = (
            (r.max.0 / CELL).floor() as i32,
            (r.max.1 / CELL).floor() as i32,
        );
        // Coordinates far out saturate at i32::MAX: the neighbourhood must not overflow past it.
        (x0..=x1.min(x0.saturating_add(8)))
            .flat_map(move |x| (y0..=y1.min(y0.saturating_add(8))).map(move |y| (x, y)))
    }

    /// The element at `index`: its shape, with a little air, and its badge when it has open
    /// threats.
    pub(super) fn file_element(&mut self, index: usize, e: &crate::model::Element, badge: bool) {
        let r = e.rect();
        self.file(Tag::Shape(index), Some(grow(&r, 2.0)));
        self.file(
            Tag::Badge(index),
            badge.then(|| badge_rect(element_badge_at(&r))),
        );
    }

    fn slot(&mut self, tag: Tag) -> Option<&mut Option<Rect>> {
        let (list, i) = match tag {
            Tag::Shape(i) => (&mut self.shapes, i),
            Tag::Badge(i) => (&mut self.badges, i),
            Tag::Tab(i) => (&mut self.tabs, i),
            Tag::Label(i) => (&mut self.labels, i),
            Tag::Other => return None,
        };
        if list.len() <= i {
            list.resize(i + 1, None);
        }
        Some(&mut list[i])
    }

    /// Files `rect` for `tag`, in place of what `tag` filed before (nothing: just takes that out).
    pub(super) fn file(&mut self, tag: Tag, rect: Option<Rect>) {
        let before = self.slot(tag).and_then(|s| std::mem::replace(s, rect));
        if let Some(old) = before {
            for k in Self::keys(&old) {
                if let Some(cell) = self.cells.get_mut(&k)
                    && let Some(at) = cell.iter().position(|(_, t)| *t == tag)
                {
                    cell.swap_remove(at);
                }
            }
        }
        if let Some(r) = rect {
            for k in Self::keys(&r) {
                self.cells.entry(k).or_default().push((r, tag));
            }
        }
    }

    /// Files a rectangle nothing will take out again.
    pub(super) fn insert(&mut self, r: Rect) {
        self.file(Tag::Other, Some(r));
    }

    /// The area of `r` covered by what is in the grid (a rectangle spanning several cells
    /// counts once per cell it shares with `r`; only zero matters to the callers).
    pub(super) fn overlap(&self, r: &Rect) -> f32 {
        Self::keys(r)
            .filter_map(|k| self.cells.get(&k))
            .flatten()
            .map(|(o, _)| overlap_area(r, o))
            .sum()
    }

    /// The flow labels (by index) whose filed rectangles overlap `r`.
    pub(super) fn labels_under(&self, r: &Rect) -> impl Iterator<Item = usize> {
        Self::keys(r)
            .filter_map(|k| self.cells.get(&k))
            .flatten()
            .filter(|(o, _)| overlap_area(r, o) > 0.0)
            .filter_map(|(_, t)| match t {
                Tag::Label(i) => Some(*i),
                _ => None,
            })
    }
}

pub(super) fn overlap_area(r: &Rect, o: &Rect) -> f32 {
    let w = (r.max.0.min(o.max.0) - r.min.0.max(o.min.0)).max(0.0);
    let h = (r.max.1.min(o.max.1) - r.min.1.max(o.min.1)).max(0.0);
    w * h
}

fn seg_len(a: Point, b: Point) -> f32 {
    ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt()
}

/// The point a fraction `t` along a polyline, with the unit direction of its segment there.
fn point_along(points: &[Point], t: f32) -> (Point, Point) {
    let total: f32 = points.windows(2).map(|w| seg_len(w[0], w[1])).sum();
    let mut left = total * t;
    for w in points.windows(2) {
        let l = seg_len(w[0], w[1]);
        if l >= left && l > 0.0 {
            let k = left / l;
            let dir = ((w[1].0 - w[0].0) / l, (w[1].1 - w[0].1) / l);
            return (
                (
                    w[0].0 + k * (w[1].0 - w[0].0),
                    w[0].1 + k * (w[1].1 - w[0].1),
                ),
                dir,
            );
        }
        left -= l;
    }
    (points[0], (1.0, 0.0))
}

/// Does a boundary's outline run through `r`? (It does when the two overlap and neither holds
/// the other whole.)
fn outline_crosses(b: &Rect, r: &Rect) -> bool {
    b.intersects(r) && !b.contains_rect(r) && !r.contains_rect(b)
}

/// Places every boundary's name tab: inside its top-left corner when no other boundary's
/// outline or tab is there, else further along the top edge, else along the bottom edge.
pub fn place_tabs(d: &Diagram) -> Vec<Tab> {
    let rects: Vec<Rect> = d.boundaries.iter().map(|b| b.rect()).collect();
    let mut shapes = Grid::default();
    for e in &d.elements {
        shapes.insert(e.rect());
    }
    let mut placed: Vec<Rect> = Vec::new();
    let mut tabs = Vec::with_capacity(rects.len());
    for (i, (b, r)) in d.boundaries.iter().zip(&rects).enumerate() {
        let room = (r.width() - 8.0).max(20.0);
        let lines = wrap_clipped(&b.name, TAB_FONT, (room - 12.0).max(12.0), 2);
        let width = (lines
            .iter()
            .map(|l| text_width(l, TAB_FONT))
            .fold(0.0, f32::max)
            + 12.0)
            .min(room);
        let height = tab_height(lines.len());
        let at = |x: f32, y: f32| Rect {
            min: (x, y),
            max: (x + width, y + height),
        };
        let free = |t: &Rect| {
            !rects
                .iter()
                .enumerate()
                .any(|(j, o)| j != i && outline_crosses(o, t))
                && !placed.iter().any(|p| p.intersects(t))
                && shapes.overlap(t) == 0.0
        };
        let step = 40.0;
        let slots = ((r.width() - width - 8.0) / step).max(0.0) as usize;
        let top = r.min.1 + 1.0;
        let bottom = r.max.1 - height - 1.0;
        let candidates = (0..=slots.min(30))
            .map(|k| at(r.min.0 + 4.0 + k as f32 * step, top))
            .chain((0..=slots.min(30)).map(|k| at(r.min.0 + 4.0 + k as f32 * step, bottom)));
        let mut chosen = at(r.min.0 + 4.0, top);
        for c in candidates {
            if free(&c) {
                chosen = c;
                break;
            }
        }
        placed.push(chosen);
        tabs.push(Tab {
            rect: chosen,
            lines,
        });
    }
    tabs
}

/// Offsets (as multiples of a label's half height plus a gap) tried beside the line.
const SIDES: [f32; 3] = [0.0, 1.0, -1.0];
const SPOTS: [f32; 9] = [0.5, 0.4, 0.6, 0.32, 0.68, 0.25, 0.75, 0.18, 0.82];
const RINGS: [f32; 7] = [30.0, 50.0, 75.0, 105.0, 140.0, 190.0, 250.0];
/// Rings close enough that a label there, with its leader, reads better than one lying across
/// another flow's line.
const NEAR_RINGS: usize = 3;
const ANGLES: usize = 16;
const LINE_CELL: f32 = 80.0;

/// The segments of every flow's line, filed under the grid cells they pass through, so a label
/// can tell whether it would cover another flow (a soft rule: preferred, not required).
#[derive(Default)]
pub(super) struct Lines {
    cells: HashMap<(i32, i32), Vec<Segment>>,
}

/// A segment of a flow's line: the flow's index and the two ends.
type Segment = (usize, Point, Point);

/// Beyond this many segments around a label's line the soft rule is not tried: in a diagram
/// that dense every spot crosses some line, and looking costs more than it gains.
const DENSE: usize = 48;
/// Above this many flows the soft rule is left out altogether.
const SOFT_RULE_MAX_FLOWS: usize = 1_500;

impl Lines {
    fn key(p: Point) -> (i32, i32) {
        (
            (p.0 / LINE_CELL).floor() as i32,
            (p.1 / LINE_CELL).floor() as i32,
        )
    }

    fn new(routes: &[Option<FlowRoute>]) -> Self {
        let mut lines = Lines::default();
        for (i, r) in routes.iter().enumerate() {
            let Some(r) = r else { continue };
            for w in r.points.windows(2) {
                // The cells the segment passes through (and their neighbours), each once.
                let n = ((seg_len(w[0], w[1]) / (LINE_CELL / 2.0)).ceil() as usize).clamp(1, 4_000);
                let mut last = None;
                for k in 0..=n {
                    let t = k as f32 / n as f32;
                    let key = Self::key((
                        w[0].0 + t * (w[1].0 - w[0].0),
                        w[0].1 + t * (w[1].1 - w[0].1),
                    ));
                    if last != Some(key) {
                        lines.cells.entry(key).or_default().push((i, w[0], w[1]));
                        last = Some(key);
                    }
                }
            }
        }
        lines
    }

    /// How many segments are filed in the 3 x 3 cells around `p`.
    fn around(&self, p: Point) -> usize {
        let (x, y) = Self::key(p);
        (-1..=1)
            .flat_map(|dx| (-1..=1).map(move |dy| (x.saturating_add(dx), y.saturating_add(dy))))
            .filter_map(|k| self.cells.get(&k))
            .map(Vec::len)
            .sum()
    }

    /// How many other flows' segments pass through `r`, counting no further than `limit`.
    fn crossed(&self, r: &Rect, own: usize, limit: usize) -> usize {
        let (a, b) = (Self::key(r.min), Self::key(r.max));
        let mut n = 0;
        // One cell further each way: a segment is filed only under the cells it was sampled in.
        for x in a.0.saturating_sub(1)..=b.0.min(a.0.saturating_add(8)).saturating_add(1) {
            for y in a.1.saturating_sub(1)..=b.1.min(a.1.saturating_add(8)).saturating_add(1) {
                let Some(segments) = self.cells.get(&(x, y)) else {
                    continue;
                };
                for (i, p, q) in segments {
                    if *i != own && segment_crosses(*p, *q, r) {
                        n += 1;
                        if n >= limit {
                            return n;
                        }
                    }
                }
            }
        }
        n
    }
}

/// Does the segment from `a` to `b` pass through the rectangle (Liang–Barsky clipping)?
pub(super) fn segment_crosses(a: Point, b: Point, r: &Rect) -> bool {
    if r.min.0 >= r.max.0 || r.min.1 >= r.max.1 {
        return false;
    }
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-dx, a.0 - r.min.0),
        (dx, r.max.0 - a.0),
        (-dy, a.1 - r.min.1),
        (dy, r.max.1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

/// Places every flow label and returns them in route order (`None` for flows not drawn), with
/// the grid of everything placed (shapes, badges, tabs and labels) for updates to keep.
/// `open` counts the open threats per flow and element: their badges are obstacles too.
pub(super) fn place_labels(
    d: &Diagram,
    routes: &[Option<FlowRoute>],
    tabs: &[Tab],
    open: &HashMap<Id, usize>,
) -> (Vec<Option<FlowLabel>>, Grid) {
    let mut obstacles = Grid::default();
    for (i, e) in d.elements.iter().enumerate() {
        obstacles.file_element(i, e, open.get(&e.id).copied().unwrap_or(0) > 0);
    }
    for (i, t) in tabs.iter().enumerate() {
        obstacles.file(Tag::Tab(i), Some(t.rect));
    }
    // Filing every segment costs more than it is worth on very large diagrams, where labels
    // are read zoomed in and a crossed line is the lesser problem.
    let lines = soft_rule_applies(routes.len()).then(|| Lines::new(routes));
    let labels = d
        .flows
        .iter()
        .zip(routes)
        .enumerate()
        .map(|(i, (f, route))| {
            let badge = open.get(&f.id).copied().unwrap_or(0) > 0;
            let label = place_label(
                &f.label,
                (i, route.as_ref()?),
                badge,
                &obstacles,
                lines.as_ref(),
            )?;
            obstacles.file(
                Tag::Label(i),
                Some(footprint(label.center, label.size, badge)),
            );
            Some(label)
        })
        .collect();
    (labels, obstacles)
}

/// Is the soft rule (a label should not lie across another flow's line) tried with this many
/// flows? Without it, each label depends only on what is around it, so one can be placed
/// again alone after an edit.
pub(super) fn soft_rule_applies(flows: usize) -> bool {
    flows <= SOFT_RULE_MAX_FLOWS
}

/// The area a label keeps free around itself: its box with its badge (at the top-right corner)
/// and a little air.
pub(super) fn footprint(center: Point, size: Point, badge: bool) -> Rect {
    let mut r = grow(&rect_around(center, size), 2.0);
    if badge {
        r.max.0 += BADGE_RADIUS;
        r.min.1 -= BADGE_RADIUS;
    }
    r
}

/// Places the label of the flow at `index` along `route`, clear of the `obstacles` (the caller
/// files it there); none for an empty label.
pub(super) fn place_label(
    text: &str,
    (index, route): (usize, &FlowRoute),
    badge: bool,
    obstacles: &Grid,
    lines: Option<&Lines>,
) -> Option<FlowLabel> {
    let (lines_of_text, size) = label_lines(text);
    if lines_of_text.is_empty() {
        return None;
    }
    let (mid, _) = point_along(&route.points, 0.5);
    let lines = lines.filter(|l| l.around(mid) <= DENSE);
    // The flow's own bends and corners stay visible: a label never sits on one.
    let corners = &route.points[1..route.points.len() - 1];
    let grid = obstacles;
    let hard = |c: Point| {
        let r = footprint(c, size, badge);
        let on_corner = corners.iter().any(|p| r.contains_point(*p));
        grid.overlap(&r) + if on_corner { 1.0e6 } else { 0.0 }
    };
    let soft = |c: Point, limit: usize| {
        lines.map_or(0, |l| l.crossed(&footprint(c, size, badge), index, limit))
    };
    // A leader line may not run through a shape, a name or another label either.
    let clear = |a: Point, b: Point| {
        (1..8).all(|k| {
            let t = k as f32 / 8.0;
            let p = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
            grid.overlap(&rect_around(p, (1.0, 1.0))) == 0.0
        })
    };
    let (center, leader) = best_spot(&route.points, size, hard, soft, clear);
    Some(FlowLabel {
        center,
        size,
        lines: lines_of_text,
        leader,
    })
}

/// The first spot that covers nothing and crosses no other line: on or beside the line, else
/// a little away with a leader; then one that covers nothing though it crosses a line; then the
/// least covered. `hard` is the area covered, `soft(c, limit)` the lines crossed (up to
/// `limit`).
fn best_spot(
    points: &[Point],
    size: Point,
    hard: impl Fn(Point) -> f32,
    soft: impl Fn(Point, usize) -> usize,
    clear: impl Fn(Point, Point) -> bool,
) -> (Point, Option<(Point, Point)>) {
    let mut near = Vec::with_capacity(SPOTS.len() * SIDES.len());
    for t in SPOTS {
        let (on, dir) = point_along(points, t);
        let normal = (-dir.1, dir.0);
        // Beside the line: far enough that the label's box clears it whatever the slope.
        let beside = 0.5 * (size.0 * normal.0.abs() + size.1 * normal.1.abs()) + 3.0;
        for side in SIDES {
            near.push((
                on.0 + normal.0 * beside * side,
                on.1 + normal.1 * beside * side,
            ));
        }
    }
    let (mid, _) = point_along(points, 0.5);
    let ring = |radius: f32, k: usize| {
        let a = k as f32 / ANGLES as f32 * std::f32::consts::TAU;
        (
            mid.0 + a.cos() * (radius + size.0 / 2.0),
            mid.1 + a.sin() * (radius + size.1 / 2.0),
        )
    };
    let away: Vec<Point> = RINGS
        .iter()
        .flat_map(|&radius| (0..ANGLES).map(move |k| ring(radius, k)))
        .collect();
    // In order, stopping at the first spot that is free of everything.
    let mut near_hard = Vec::with_capacity(near.len());
    let mut free = Vec::new();
    for (k, &c) in near.iter().enumerate() {
        let h = hard(c);
        near_hard.push(h);
        if h == 0.0 {
            if soft(c, 1) == 0 {
                return (c, None);
            }
            free.push(k);
        }
    }
    let with_leader = |c: Point| (c, Some((edge_towards(c, size, mid), mid)));
    let leads_clear = |c: Point| clear(edge_towards(c, size, mid), mid);
    let close = NEAR_RINGS * ANGLES;
    if let Some(&c) = away[..close]
        .iter()
        .find(|&&c| hard(c) == 0.0 && leads_clear(c) && soft(c, 1) == 0)
    {
        return with_leader(c);
    }
    if let Some(&k) = free.iter().min_by_key(|&&k| soft(near[k], 4)) {
        return (near[k], None);
    }
    if let Some(&c) = away
        .iter()
        .find(|&&c| hard(c) == 0.0 && leads_clear(c))
        .or_else(|| away.iter().find(|&&c| hard(c) == 0.0))
    {
        return with_leader(c);
    }
    let k = (0..near.len())
        .min_by(|&a, &b| near_hard[a].total_cmp(&near_hard[b]))
        .unwrap_or(0);
    (near.get(k).copied().unwrap_or(mid), None)
}

/// Where the segment from a box's centre to `target` leaves the box.
fn edge_towards(c: Point, size: Point, target: Point) -> Point {
    let (dx, dy) = (target.0 - c.0, target.1 - c.1);
    let tx = if dx != 0.0 {
        (size.0 / 2.0) / dx.abs()
    } else {
        f32::INFINITY
    };
    let ty = if dy != 0.0 {
        (size.1 / 2.0) / dy.abs()
    } else {
        f32::INFINITY
    };
    let t = tx.min(ty).min(1.0);
    (c.0 + dx * t, c.1 + dy * t)
}
