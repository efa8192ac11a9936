//! SVG output of a diagram scene.

use super::scene::{Anchor, Item, Scene, Stroke};
use std::fmt::Write;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn stroke_attrs(s: &Option<Stroke>) -> String {
    match s {
        None => " stroke=\"none\"".into(),
        Some(s) => {
            let mut a = format!(" stroke=\"{}\" stroke-width=\"{}\"", s.color.hex(), s.width);
            if let Some((d, g)) = s.dash {
                let _ = write!(a, " stroke-dasharray=\"{d} {g}\"");
            }
            a
        }
    }
}

/// A standalone SVG document; `title` goes into its <title>.
pub fn to_svg(scene: &Scene, title: &str) -> String {
    let (w, h) = (scene.width(), scene.height());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"{} {} {w} {h}\" font-family=\"DejaVu Sans, Arial, sans-serif\">",
        scene.min.0, scene.min.1
    );
    let _ = writeln!(out, "<title>{}</title>", esc(title));
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>",
        scene.min.0, scene.min.1
    );
    for item in &scene.items {
        match item {
            Item::Rect {
                min,
                max,
                fill,
                stroke,
            } => {
                let _ = writeln!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}/>",
                    min.0,
                    min.1,
                    max.0 - min.0,
                    max.1 - min.1,
                    fill.map_or("none".into(), |f| f.hex()),
                    stroke_attrs(stroke)
                );
            }
            Item::Ellipse {
                center,
                radii,
                fill,
                stroke,
            } => {
                let _ = writeln!(
                    out,
                    "<ellipse cx=\"{}\" cy=\"{}\" rx=\"{}\" ry=\"{}\" fill=\"{}\"{}/>",
                    center.0,
                    center.1,
                    radii.0,
                    radii.1,
                    fill.map_or("none".into(), |f| f.hex()),
                    stroke_attrs(stroke)
                );
            }
            Item::Polyline { points, stroke } => {
                let pts: Vec<String> = points.iter().map(|p| format!("{},{}", p.0, p.1)).collect();
                let _ = writeln!(
                    out,
                    "<polyline points=\"{}\" fill=\"none\"{}/>",
                    pts.join(" "),
                    stroke_attrs(&Some(*stroke))
                );
            }
            Item::Polygon { points, fill } => {
                let pts: Vec<String> = points.iter().map(|p| format!("{},{}", p.0, p.1)).collect();
                let _ = writeln!(
                    out,
                    "<polygon points=\"{}\" fill=\"{}\"/>",
                    pts.join(" "),
                    fill.hex()
                );
            }
            Item::Text {
                at,
                text,
                size,
                color,
                anchor,
                bold,
            } => {
                let _ = writeln!(
                    out,
                    "<text x=\"{}\" y=\"{}\" font-size=\"{size}\" fill=\"{}\" text-anchor=\"{}\"{}>{}</text>",
                    at.0,
                    at.1,
                    color.hex(),
                    match anchor {
                        Anchor::Start => "start",
                        Anchor::Middle => "middle",
                    },
                    if *bold { " font-weight=\"bold\"" } else { "" },
                    esc(text)
                );
            }
        }
    }
    out.push_str("</svg>\n");
    out
}
