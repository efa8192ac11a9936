//! A diagram as drawing primitives in diagram units: what the SVG, PNG and PDF backends draw,
//! so that every export shows the same shapes in DFD notation.

use super::{Placement, Point};
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
    /// Items that are there only for a text (a label's background, its leader line), with that
    /// text's size: a painter that leaves a text out because it would be too small to read
    /// leaves these out too, so a zoomed-out line is not cut by an empty box.
    pub behind_text: Vec<(usize, f32)>,
    /// For each item, the diagram item it draws (see [`Owners`]), so a view can draw again
    /// only what an edit touched.
    pub owners: Vec<u32>,
    /// Where each layer starts in `items`: boundaries, flow lines, name tabs, elements, flow
    /// labels (empty when the scene was filtered and no longer knows).
    pub layers: Vec<usize>,
}

/// Numbers every diagram item that draws something: boundaries (with their name tabs) first,
/// then flows (with their labels), then elements, each in its list's order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Owners {
    boundaries: u32,
    flows: u32,
    elements: u32,
}

impl Owners {
    pub fn of(d: &Diagram) -> Self {
        Owners {
            boundaries: d.boundaries.len() as u32,
            flows: d.flows.len() as u32,
            elements: d.elements.len() as u32,
        }
    }

    pub fn boundary(self, i: usize) -> u32 {
        i as u32
    }

    pub fn flow(self, i: usize) -> u32 {
        self.boundaries + i as u32
    }

    pub fn element(self, i: usize) -> u32 {
        self.boundaries + self.flows + i as u32
    }

    pub fn count(self) -> usize {
        (self.boundaries + self.flows + self.elements) as usize
    }
}

impl Scene {
    pub fn width(&self) -> f32 {
        self.max.0 - self.min.0
    }

    pub fn height(&self) -> f32 {
        self.max.1 - self.min.1
    }
}

/// The colours a diagram is drawn in: the printed ones, and a dark set for the canvas in a dark
/// theme. Shapes, lines and text are the same in both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub background: Rgb,
    pub ink: Rgb,
    pub grey: Rgb,
    pub boundary: Rgb,
    pub actor: Rgb,
    pub process: Rgb,
    pub store: Rgb,
    pub label_bg: Rgb,
    pub badge: Rgb,
    pub badge_text: Rgb,
}

impl Theme {
    pub const PRINT: Theme = Theme {
        background: Rgb(255, 255, 255),
        ink: Rgb(40, 44, 52),
        grey: Rgb(140, 144, 150),
        boundary: Rgb(200, 40, 40),
        actor: Rgb(222, 232, 247),
        process: Rgb(220, 242, 232),
        store: Rgb(250, 240, 215),
        label_bg: Rgb(255, 255, 255),
        badge: Rgb(205, 40, 35),
        badge_text: Rgb(255, 255, 255),
    };
    pub const DARK: Theme = Theme {
        background: Rgb(30, 32, 36),
        ink: Rgb(220, 224, 230),
        grey: Rgb(140, 146, 155),
        boundary: Rgb(235, 90, 80),
        actor: Rgb(48, 62, 84),
        process: Rgb(40, 74, 64),
        store: Rgb(78, 66, 40),
        label_bg: Rgb(30, 32, 36),
        badge: Rgb(220, 60, 50),
        badge_text: Rgb(255, 255, 255),
    };
}

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
            let chars = natural_break(rest, per_line);
            let cut = rest
                .char_indices()
                .nth(chars)
                .map_or(rest.len(), |(i, _)| i);
            lines.push(rest[..cut].to_owned());
            rest = &rest[cut..];
            rest_len -= chars;
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

/// Where to cut a word longer than a line of `per_line` characters, in characters: after the
/// last hyphen, underscore, slash or dot, or before the last capital that follows a small
/// letter (`identity-` / `provider`, `Identity` / `Provider`), when that keeps at least a third
/// of the line; otherwise at the line's end. A hyphen just past the end hangs there, since it
/// is narrower than the letters the width estimate counts (`sourcecode-` / `repository`).
fn natural_break(word: &str, per_line: usize) -> usize {
    let head: Vec<char> = word.chars().take(per_line + 1).collect();
    if head.len() > per_line && head[per_line] == '-' {
        return per_line + 1;
    }
    let least = (per_line / 3).max(2);
    (least..=per_line.min(head.len() - 1))
        .rev()
        .find(|&i| {
            let (before, at) = (head[i - 1], head[i]);
            matches!(before, '-' | '_' | '/' | '.') || before.is_lowercase() && at.is_uppercase()
        })
        .unwrap_or(per_line)
}

fn dashed(color: Rgb, width: f32, dash: bool) -> Stroke {
    Stroke {
        color,
        width,
        dash: dash.then_some((6.0, 4.0)),
    }
}

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

/// Draws one diagram of a model in print colours: boundaries with their name tabs, flows with
/// their labels, elements with their names and technologies, and the number of open threats on
/// each.
pub fn draw(model: &Model, d: &Diagram) -> Scene {
    draw_placed(d, &Placement::of(model, d), &Theme::PRINT)
}

/// Draws a diagram whose text and lines are already placed. The canvas calls this once per
/// model change and paints the result; the exporters call [`draw`].
pub fn draw_placed(d: &Diagram, placed: &Placement, theme: &Theme) -> Scene {
    draw_only(d, placed, theme, &|_| true)
}

/// Draws the diagram items whose owner number (see [`Owners`]) `keep` accepts, in the order
/// [`draw_placed`] draws them.
pub fn draw_only(
    d: &Diagram,
    placed: &Placement,
    theme: &Theme,
    keep: &dyn Fn(u32) -> bool,
) -> Scene {
    // Flow labels placed away from their lines may lie outside the shapes: the picture holds
    // them too.
    let (mut min, mut max) = extent(d);
    for label in placed.labels.iter().flatten() {
        let r = label.rect();
        min = (min.0.min(r.min.0 - MARGIN), min.1.min(r.min.1 - MARGIN));
        max = (max.0.max(r.max.0 + MARGIN), max.1.max(r.max.1 + MARGIN));
    }
    let number = Owners::of(d);
    let mut items = Vec::new();
    let mut behind_text = Vec::new();
    let mut owners = Vec::new();
    let mut layers = vec![0];
    // Every item pushed since the last call belongs to `owner`.
    let mut own = |items: &Vec<Item>, owner: u32| owners.resize(items.len(), owner);
    for (i, b) in d.boundaries.iter().enumerate() {
        if !keep(number.boundary(i)) {
            continue;
        }
        let r = b.rect();
        items.push(Item::Rect {
            min: r.min,
            max: r.max,
            fill: None,
            stroke: Some(Stroke {
                color: theme.boundary,
                width: 1.6,
                dash: Some((9.0, 5.0)),
            }),
        });
        own(&items, number.boundary(i));
    }
    layers.push(items.len());
    for (i, (f, route)) in d.flows.iter().zip(&placed.routes).enumerate() {
        let Some(route) = route.as_ref().filter(|_| keep(number.flow(i))) else {
            continue;
        };
        let color = if f.out_of_scope {
            theme.grey
        } else {
            theme.ink
        };
        let pts = &route.points;
        items.push(Item::Polyline {
            points: pts.clone(),
            stroke: dashed(color, 1.3, f.out_of_scope),
        });
        let n = pts.len();
        items.push(arrow_head(pts[n - 1], pts[n - 2], color));
        if f.bidirectional {
            items.push(arrow_head(pts[0], pts[1], color));
        }
        own(&items, number.flow(i));
    }
    // Names on tabs with a background, over every outline and line: no edge strikes them out.
    layers.push(items.len());
    for (i, tab) in placed.tabs.iter().enumerate() {
        if !keep(number.boundary(i)) {
            continue;
        }
        items.push(Item::Rect {
            min: tab.rect.min,
            max: tab.rect.max,
            fill: Some(theme.background),
            stroke: Some(Stroke {
                color: theme.boundary,
                width: 1.0,
                dash: None,
            }),
        });
        for (i, line) in tab.lines.iter().enumerate() {
            items.push(Item::Text {
                at: (
                    tab.rect.min.0 + 6.0,
                    tab.rect.min.1 + 14.5 + i as f32 * super::TAB_FONT * 1.25,
                ),
                text: line.clone(),
                size: super::TAB_FONT,
                color: theme.boundary,
                anchor: Anchor::Start,
                bold: false,
            });
        }
        own(&items, number.boundary(i));
    }
    layers.push(items.len());
    for (i, e) in d.elements.iter().enumerate() {
        if keep(number.element(i)) {
            element(&mut items, e, placed.open_on(&e.id), theme);
            own(&items, number.element(i));
        }
    }
    layers.push(items.len());
    for (i, (f, label)) in d.flows.iter().zip(&placed.labels).enumerate() {
        let Some(label) = label.as_ref().filter(|_| keep(number.flow(i))) else {
            continue;
        };
        let color = if f.out_of_scope {
            theme.grey
        } else {
            theme.ink
        };
        if let Some((a, b)) = label.leader {
            behind_text.push((items.len(), super::LABEL_FONT));
            items.push(Item::Polyline {
                points: vec![a, b],
                stroke: Stroke {
                    color: theme.grey,
                    width: 0.7,
                    dash: None,
                },
            });
        }
        let r = label.rect();
        behind_text.push((items.len(), super::LABEL_FONT));
        items.push(Item::Rect {
            min: r.min,
            max: r.max,
            fill: Some(theme.label_bg),
            stroke: None,
        });
        let size = super::LABEL_FONT;
        for (i, line) in label.lines.iter().enumerate() {
            items.push(Item::Text {
                at: (
                    label.center.0,
                    r.min.1 + 3.0 + size * (1.0 + 1.3 * i as f32) - 1.5,
                ),
                text: line.clone(),
                size,
                color,
                anchor: Anchor::Middle,
                bold: false,
            });
        }
        let threats = placed.open_on(&f.id);
        if threats > 0 {
            badge(&mut items, (r.max.0, r.min.1), threats, theme);
        }
        own(&items, number.flow(i));
    }
    Scene {
        min,
        max,
        items,
        behind_text,
        owners,
        layers,
    }
}

fn element(items: &mut Vec<Item>, e: &crate::model::Element, threats: usize, theme: &Theme) {
    let r = e.rect();
    let (line, text) = if e.out_of_scope {
        (theme.grey, theme.grey)
    } else {
        (theme.ink, theme.ink)
    };
    let stroke = dashed(line, 1.4, e.out_of_scope);
    match e.kind {
        ElementKind::Actor => items.push(Item::Rect {
            min: r.min,
            max: r.max,
            fill: Some(theme.actor),
            stroke: Some(stroke),
        }),
        ElementKind::Process => items.push(Item::Ellipse {
            center: r.center(),
            radii: (r.width() / 2.0, r.height() / 2.0),
            fill: Some(theme.process),
            stroke: Some(stroke),
        }),
        ElementKind::Store => {
            items.push(Item::Rect {
                min: r.min,
                max: r.max,
                fill: Some(theme.store),
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
            color: theme.grey,
            anchor: Anchor::Middle,
            bold: false,
        });
    }
    if threats > 0 {
        badge(items, super::element_badge_at(&r), threats, theme);
    }
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

fn badge(items: &mut Vec<Item>, at: Point, count: usize, theme: &Theme) {
    let r = super::BADGE_RADIUS;
    items.push(Item::Ellipse {
        center: at,
        radii: (r, r),
        fill: Some(theme.badge),
        stroke: None,
    });
    items.push(Item::Text {
        at: (at.0, at.1 + 3.5),
        text: count.to_string(),
        size: 10.0,
        color: theme.badge_text,
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

    #[test]
    fn long_words_break_after_hyphens_and_between_camel_case_words() {
        // 10 characters a line.
        assert_eq!(
            wrap("sourcecode-repository", 10.0, 60.0),
            ["sourcecode-", "repository"]
        );
        assert_eq!(
            wrap("identity-provider", 10.0, 60.0),
            ["identity-", "provider"]
        );
        assert_eq!(
            wrap("IdentityProvider", 10.0, 60.0),
            ["Identity", "Provider"]
        );
        // No natural break: cut at the line's end, as before.
        assert_eq!(
            wrap("abcdefghijklmnop", 10.0, 60.0),
            ["abcdefghij", "klmnop"]
        );
    }
}
