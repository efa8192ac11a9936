//! A diagram as drawing primitives in diagram units: what the SVG, PNG and PDF backends draw,
//! so that every export shows the same shapes in DFD notation.

use super::{Point, layout_flows};
use crate::model::geometry::diagram_bounds;
use crate::model::{Diagram, ElementKind, Model};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub color: Rgb,
    pub width: f32,
    /// Dash and gap lengths, for dashed outlines.
    pub dash: Option<(f32, f32)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Anchor {
    Start,
    Middle,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Rect {
        min: Point,
        max: Point,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    },
    Ellipse {
        center: Point,
        radii: Point,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    },
    Polyline {
        points: Vec<Point>,
        stroke: Stroke,
    },
    Polygon {
        points: Vec<Point>,
        fill: Rgb,
    },
    /// One line of text; `at` is the baseline start (or middle, for `Anchor::Middle`).
    Text {
        at: Point,
        text: String,
        size: f32,
        color: Rgb,
        anchor: Anchor,
        bold: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub min: Point,
    pub max: Point,
    pub items: Vec<Item>,
}

impl Scene {
    pub fn width(&self) -> f32 {
        self.max.0 - self.min.0
    }

    pub fn height(&self) -> f32 {
        self.max.1 - self.min.1
    }
}

const INK: Rgb = Rgb(40, 44, 52);
const GREY: Rgb = Rgb(140, 144, 150);
const RED: Rgb = Rgb(200, 40, 40);
const ACTOR: Rgb = Rgb(222, 232, 247);
const PROCESS: Rgb = Rgb(220, 242, 232);
const STORE: Rgb = Rgb(250, 240, 215);
const LABEL_BG: Rgb = Rgb(255, 255, 255);
const BADGE: Rgb = Rgb(205, 40, 35);
const WHITE: Rgb = Rgb(255, 255, 255);

/// Text width estimate used for wrapping inside the shapes (all backends wrap the same way).
pub fn text_width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.6
}

/// Greedy word wrap to `width`; words longer than a line are cut.
pub fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    wrap_at_most(text, size, width, usize::MAX)
}

/// Wraps like [`wrap`] into at most `max_lines` lines, the last ending in "…" when the text
/// goes on: a 5,000-character name stays inside its shape on every backend (the whole name is
/// in the workbook's element table).
pub fn wrap_clipped(text: &str, size: f32, width: f32, max_lines: usize) -> Vec<String> {
    let mut lines = wrap_at_most(text, size, width, max_lines.saturating_add(1));
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let per_line = ((width / (size * 0.6)).floor() as usize).max(2);
            let keep: String = last.chars().take(per_line - 1).collect();
            *last = format!("{keep}…");
        }
    }
    lines
}

/// The wrapping itself, stopping once `limit` lines are made.
fn wrap_at_most(text: &str, size: f32, width: f32, limit: usize) -> Vec<String> {
    let per_line = ((width / (size * 0.6)).floor() as usize).max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if lines.len() >= limit {
            return lines;
        }
        // Counted once, so an unbroken megabyte word is cut in linear time.
        let (mut rest, mut rest_len) = (word, word.chars().count());
        while rest_len > per_line {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if lines.len() >= limit {
                return lines;
            }
            let cut = rest
                .char_indices()
                .nth(per_line)
                .map_or(rest.len(), |(i, _)| i);
            lines.push(rest[..cut].to_owned());
            rest = &rest[cut..];
            rest_len -= per_line;
        }
        if lines.len() >= limit {
            return lines;
        }
        let word = rest.to_owned();
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && needed > per_line {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn dashed(color: Rgb, width: f32, dash: bool) -> Stroke {
    Stroke {
        color,
        width,
        dash: dash.then_some((6.0, 4.0)),
    }
}

/// Draws one diagram of a model: boundaries, flows with their labels, elements with their
/// names and technologies, and the number of open threats on each.
/// The margin drawn around a diagram's shapes.
const MARGIN: f32 = 20.0;

/// The area a drawn diagram covers, known without drawing it: its shapes plus a margin, or a
/// blank 400 x 300 page for an empty diagram.
pub fn extent(d: &Diagram) -> (Point, Point) {
    let (min, max) = diagram_bounds(d)
        .map(|b| (b.min, b.max))
        .unwrap_or(((0.0, 0.0), (400.0, 300.0)));
    (
        (min.0 - MARGIN, min.1 - MARGIN),
        (max.0 + MARGIN, max.1 + MARGIN),
    )
}

pub fn draw(model: &Model, d: &Diagram) -> Scene {
    let (min, max) = extent(d);
    let mut items = Vec::new();
    for b in &d.boundaries {
        let r = b.rect();
        items.push(Item::Rect {
            min: r.min,
            max: r.max,
            fill: None,
            stroke: Some(Stroke {
                color: RED,
                width: 1.6,
                dash: Some((9.0, 5.0)),
            }),
        });
        items.push(Item::Text {
            at: (r.min.0 + 7.0, r.min.1 + 15.0),
            text: wrap_clipped(&b.name, 12.0, (r.width() - 14.0).max(40.0), 1)
                .pop()
                .unwrap_or_default(),
            size: 12.0,
            color: RED,
            anchor: Anchor::Start,
            bold: false,
        });
    }
    // Open threats per target, counted in one pass rather than a search per shape.
    let mut open_on: std::collections::HashMap<&crate::model::Id, usize> =
        std::collections::HashMap::new();
    for t in model.threats.iter().filter(|t| t.status.is_open()) {
        if let Some(target) = &t.target {
            *open_on.entry(target).or_default() += 1;
        }
    }
    let open = |id: &crate::model::Id| open_on.get(id).copied().unwrap_or(0);
    for (f, route) in d.flows.iter().zip(layout_flows(d)) {
        let Some(route) = route else { continue };
        let color = if f.out_of_scope { GREY } else { INK };
        let pts = route.points.clone();
        items.push(Item::Polyline {
            points: pts.clone(),
            stroke: dashed(color, 1.3, f.out_of_scope),
        });
        let n = pts.len();
        items.push(arrow_head(pts[n - 1], pts[n - 2], color));
        if f.bidirectional {
            items.push(arrow_head(pts[0], pts[1], color));
        }
        let size = super::LABEL_FONT;
        let lines = wrap_clipped(&f.label, size, super::LABEL_WRAP, 3);
        let w = lines
            .iter()
            .map(|l| text_width(l, size))
            .fold(0.0, f32::max)
            + 6.0;
        let h = lines.len() as f32 * size * 1.3 + 4.0;
        let (cx, cy) = route.label_at;
        items.push(Item::Rect {
            min: (cx - w / 2.0, cy - h / 2.0),
            max: (cx + w / 2.0, cy + h / 2.0),
            fill: Some(LABEL_BG),
            stroke: None,
        });
        for (i, line) in lines.iter().enumerate() {
            items.push(Item::Text {
                at: (cx, cy - h / 2.0 + 2.0 + size * (1.0 + 1.3 * i as f32)),
                text: line.clone(),
                size,
                color,
                anchor: Anchor::Middle,
                bold: false,
            });
        }
        let threats = open(&f.id);
        if threats > 0 {
            badge(&mut items, (cx + w / 2.0, cy - h / 2.0), threats);
        }
    }
    for e in &d.elements {
        let r = e.rect();
        let (line, text) = if e.out_of_scope {
            (GREY, GREY)
        } else {
            (INK, INK)
        };
        let stroke = dashed(line, 1.4, e.out_of_scope);
        match e.kind {
            ElementKind::Actor => items.push(Item::Rect {
                min: r.min,
                max: r.max,
                fill: Some(ACTOR),
                stroke: Some(stroke),
            }),
            ElementKind::Process => items.push(Item::Ellipse {
                center: r.center(),
                radii: (r.width() / 2.0, r.height() / 2.0),
                fill: Some(PROCESS),
                stroke: Some(stroke),
            }),
            ElementKind::Store => {
                items.push(Item::Rect {
                    min: r.min,
                    max: r.max,
                    fill: Some(STORE),
                    stroke: None,
                });
                for y in [r.min.1, r.max.1] {
                    items.push(Item::Polyline {
                        points: vec![(r.min.0, y), (r.max.0, y)],
                        stroke,
                    });
                }
            }
        }
        let inner = if e.kind == ElementKind::Process {
            r.width() * 0.72
        } else {
            r.width() - 10.0
        };
        let name = wrap_clipped(&e.name, 13.0, inner, 4);
        let tech = wrap_clipped(&e.technology, 10.0, inner, 2);
        let height = name.len() as f32 * 15.0 + tech.len() as f32 * 12.0;
        let mut y = r.center().1 - height / 2.0;
        for l in name {
            y += 15.0;
            items.push(Item::Text {
                at: (r.center().0, y - 3.0),
                text: l,
                size: 13.0,
                color: text,
                anchor: Anchor::Middle,
                bold: true,
            });
        }
        for l in tech {
            y += 12.0;
            items.push(Item::Text {
                at: (r.center().0, y - 2.0),
                text: l,
                size: 10.0,
                color: GREY,
                anchor: Anchor::Middle,
                bold: false,
            });
        }
        let threats = open(&e.id);
        if threats > 0 {
            badge(&mut items, (r.max.0 - 2.0, r.min.1 + 2.0), threats);
        }
    }
    Scene { min, max, items }
}

fn arrow_head(tip: Point, from: Point, color: Rgb) -> Item {
    let (dx, dy) = (tip.0 - from.0, tip.1 - from.1);
    let len = (dx * dx + dy * dy).sqrt().max(1e-3);
    let (ux, uy) = (dx / len, dy / len);
    let size = 10.0;
    let base = (tip.0 - ux * size, tip.1 - uy * size);
    let (nx, ny) = (-uy * size * 0.45, ux * size * 0.45);
    Item::Polygon {
        points: vec![tip, (base.0 + nx, base.1 + ny), (base.0 - nx, base.1 - ny)],
        fill: color,
    }
}

fn badge(items: &mut Vec<Item>, at: Point, count: usize) {
    items.push(Item::Ellipse {
        center: at,
        radii: (8.0, 8.0),
        fill: Some(BADGE),
        stroke: None,
    });
    items.push(Item::Text {
        at: (at.0, at.1 + 3.5),
        text: count.to_string(),
        size: 10.0,
        color: WHITE,
        anchor: Anchor::Middle,
        bold: true,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipped_wrap_ends_in_an_ellipsis() {
        let long = "x".repeat(5000);
        let lines = wrap_clipped(&long, 10.0, 60.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'));
        assert_eq!(wrap_clipped("API", 10.0, 60.0, 3), ["API"]);
    }

    #[test]
    fn wrap_breaks_on_words_and_cuts_long_ones() {
        assert_eq!(
            wrap("Amazon API Gateway", 10.0, 60.0),
            ["Amazon API", "Gateway"]
        );
        assert_eq!(
            wrap("abcdefghijklmnop", 10.0, 28.0),
            ["abcd", "efgh", "ijkl", "mnop"]
        );
        assert!(wrap("   ", 10.0, 50.0).is_empty());
    }
}
