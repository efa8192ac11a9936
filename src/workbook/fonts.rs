//! The embedded fonts (DejaVu Sans, licence in assets/fonts/): text measurement, and the
//! replacement of characters the font cannot draw.

use printpdf::ParsedFont;
use std::sync::OnceLock;

pub struct Fonts {
    pub regular: ParsedFont,
    pub bold: ParsedFont,
}

/// What stands in for a character the font lacks: visible, never silently dropped.
pub const REPLACEMENT: char = '\u{fffd}';

pub fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let parse = |bytes: &[u8]| {
            ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
                .expect("the embedded DejaVu fonts parse (checked by the tests)")
        };
        Fonts {
            regular: parse(crate::diagram::png::FONT_REGULAR),
            bold: parse(crate::diagram::png::FONT_BOLD),
        }
    })
}

impl Fonts {
    fn font(&self, bold: bool) -> &ParsedFont {
        if bold { &self.bold } else { &self.regular }
    }

    /// The text as it will be printed: control characters become spaces, characters the font
    /// has no glyph for become U+FFFD.
    pub fn printable(&self, text: &str) -> String {
        text.chars()
            .map(|c| {
                if c.is_control() {
                    ' '
                } else if self.regular.lookup_glyph_index(c as u32).is_some() {
                    c
                } else {
                    REPLACEMENT
                }
            })
            .collect()
    }

    /// The width of already printable text, in points.
    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let f = self.font(bold);
        let units: u32 = text
            .chars()
            .map(|c| {
                f.lookup_glyph_index(c as u32)
                    .and_then(|g| f.get_glyph_width(g))
                    .map_or(500, u32::from)
            })
            .sum();
        units as f32 / f32::from(f.units_per_em.max(1)) * size
    }

    /// Greedy word wrap to `width` points; a word wider than a line is broken between
    /// characters. Explicit line breaks are kept. Never returns an empty list.
    pub fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size, bold) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // The word alone: break it if it is still too wide.
                for c in word.chars() {
                    line.push(c);
                    if self.width(&line, size, bold) > width && line.chars().count() > 1 {
                        let last = line.pop().expect("two or more characters");
                        lines.push(std::mem::take(&mut line));
                        line.push(last);
                    }
                }
            }
            lines.push(line);
        }
        if lines.is_empty() {
            lines.push(String::new());
        }
        lines
    }
}
