//! A diagram's shapes written straight as PDF content (path and colour operators), placed on
//! the page as one form XObject. A diagram of thousands of elements is hundreds of thousands of
//! path operations; held as printpdf operations and converted one by one, they took more
//! memory than the rest of the workbook together. Written here they are a few bytes each.

use crate::diagram::scene::{Rgb, Stroke};
use std::io::Write;

/// Content of a form XObject, in page coordinates (points, origin at the bottom left).
#[derive(Default)]
pub struct Shapes {
    bytes: Vec<u8>,
    fill: Option<Rgb>,
    stroke: Option<Outline>,
}

/// An outline's colour, width and dash (dash and gap lengths), as set in the content.
type Outline = (Rgb, f32, Option<(f32, f32)>);

/// How a closed path is painted.
#[derive(Clone, Copy)]
pub enum Paint {
    Fill,
    Stroke,
    FillStroke,
}

impl Shapes {
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    fn num(&mut self, v: f32) {
        // Two decimals are a hundredth of a point; whole numbers without any.
        let v = if v.is_finite() { v } else { 0.0 };
        let r = (v * 100.0).round() / 100.0;
        let _ = if r.fract() == 0.0 {
            write!(self.bytes, "{} ", r as i64)
        } else {
            write!(self.bytes, "{r} ")
        };
    }

    fn op(&mut self, op: &str) {
        self.bytes.extend_from_slice(op.as_bytes());
        self.bytes.push(b'\n');
    }

    fn color(&mut self, c: Rgb, op: &str) {
        for v in [c.0, c.1, c.2] {
            self.num(f32::from(v) / 255.0);
        }
        self.op(op);
    }

    /// Sets the fill colour, unless it is already set.
    pub fn fill(&mut self, c: Rgb) {
        if self.fill != Some(c) {
            self.color(c, "rg");
            self.fill = Some(c);
        }
    }

    /// Sets the outline's colour, width and dash, scaled to the page (never thinner than a
    /// printer's hairline), unless already set.
    pub fn stroke(&mut self, st: &Stroke, scale: f32) {
        let width = (st.width * scale).max(0.3);
        let dash = st.dash.map(|(d, g)| (d * scale, g * scale));
        let want = (st.color, width, dash);
        if self.stroke == Some(want) {
            return;
        }
        self.color(st.color, "RG");
        self.num(width);
        self.op("w");
        match dash {
            Some((d, g)) => {
                self.bytes.push(b'[');
                self.num(d);
                self.num(g);
                self.op("] 0 d");
            }
            None => self.op("[] 0 d"),
        }
        self.stroke = Some(want);
    }

    /// Sets the fill and outline a closed shape is painted with, and says how it is painted;
    /// none when it has neither.
    pub fn paint_with(
        &mut self,
        fill: Option<Rgb>,
        stroke: Option<&Stroke>,
        scale: f32,
    ) -> Option<Paint> {
        if let Some(f) = fill {
            self.fill(f);
        }
        if let Some(st) = stroke {
            self.stroke(st, scale);
        }
        match (fill, stroke) {
            (Some(_), Some(_)) => Some(Paint::FillStroke),
            (Some(_), None) => Some(Paint::Fill),
            (None, Some(_)) => Some(Paint::Stroke),
            (None, None) => None,
        }
    }

    fn point(&mut self, p: (f32, f32), op: &str) {
        self.num(p.0);
        self.num(p.1);
        self.op(op);
    }

    /// An open line through `points`, stroked.
    pub fn line(&mut self, points: &[(f32, f32)]) {
        let Some((&first, rest)) = points.split_first() else {
            return;
        };
        self.point(first, "m");
        for &p in rest {
            self.point(p, "l");
        }
        self.op("S");
    }

    /// A closed polygon through `points`, painted.
    pub fn polygon(&mut self, points: &[(f32, f32)], paint: Paint) {
        let Some((&first, rest)) = points.split_first() else {
            return;
        };
        self.point(first, "m");
        for &p in rest {
            self.point(p, "l");
        }
        self.close(paint);
    }

    /// An ellipse of radii `r` around `c`, as four Bézier curves, painted.
    pub fn ellipse(&mut self, c: (f32, f32), r: (f32, f32), paint: Paint) {
        const K: f32 = 0.552_284_8;
        let (cx, cy, rx, ry) = (c.0, c.1, r.0, r.1);
        self.point((cx + rx, cy), "m");
        let quarters = [
            [
                (cx + rx, cy + ry * K),
                (cx + rx * K, cy + ry),
                (cx, cy + ry),
            ],
            [
                (cx - rx * K, cy + ry),
                (cx - rx, cy + ry * K),
                (cx - rx, cy),
            ],
            [
                (cx - rx, cy - ry * K),
                (cx - rx * K, cy - ry),
                (cx, cy - ry),
            ],
            [
                (cx + rx * K, cy - ry),
                (cx + rx, cy - ry * K),
                (cx + rx, cy),
            ],
        ];
        for q in quarters {
            for (i, p) in q.into_iter().enumerate() {
                self.num(p.0);
                self.num(p.1);
                if i == 2 {
                    self.op("c");
                }
            }
        }
        self.close(paint);
    }

    fn close(&mut self, paint: Paint) {
        self.op(match paint {
            Paint::Fill => "h f",
            Paint::Stroke => "h S",
            Paint::FillStroke => "h B",
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_are_written_once_per_change_with_short_numbers() {
        let mut s = Shapes::default();
        let red = Rgb(255, 0, 0);
        s.fill(red);
        s.fill(red);
        s.polygon(&[(0.0, 0.0), (10.5, 0.0), (10.5, 2.25)], Paint::Fill);
        let st = Stroke {
            color: red,
            width: 1.0,
            dash: Some((9.0, 5.0)),
        };
        s.stroke(&st, 0.5);
        s.stroke(&st, 0.5);
        s.line(&[(1.0, 1.0), (2.0, 2.0)]);
        let text = String::from_utf8(s.into_bytes()).unwrap();
        assert_eq!(
            text,
            "1 0 0 rg\n0 0 m\n10.5 0 l\n10.5 2.25 l\nh f\n1 0 0 RG\n0.5 w\n[4.5 2.5 ] 0 d\n1 1 m\n2 2 l\nS\n"
        );
    }
}
