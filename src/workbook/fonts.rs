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

/// The most characters of one field a workbook prints. A page holds about 4,000; a field longer
/// than a few pages (a pasted log, a hostile file's megabyte name) is not read on paper, and
/// printing it whole would make the workbook's size and time grow with it.
pub const MAX_PRINTED: usize = 12_000;

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
    /// has no glyph for become U+FFFD, and past [`MAX_PRINTED`] characters the rest is left out
    /// with a note saying how much.
    pub fn printable(&self, text: &str) -> String {
        let mut chars = text.char_indices();
        let cut = chars.nth(MAX_PRINTED).map(|(at, _)| at);
        let shown = &text[..cut.unwrap_or(text.len())];
        let mut printed: String = shown
            .chars()
            .map(|c| {
                if c.is_control() {
                    ' '
                } else if self.regular.lookup_glyph_index(c as u32).is_some() {
                    c
                } else {
                    REPLACEMENT
                }
            })
            .collect();
        if let Some(at) = cut {
            let left = text[at..].chars().count();
            printed.push_str(&format!(" … ({left} more characters, in the model file)"));
        }
        printed
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

    /// The width of the widest word of already printable text, in points: the narrowest a
    /// column can be without breaking a word.
    pub fn widest_word(&self, text: &str, size: f32, bold: bool) -> f32 {
        text.split_whitespace()
            .map(|w| self.width(w, size, bold))
            .fold(0.0, f32::max)
    }

    /// The longest start of already printable text that fits in `width` points, measuring each
    /// character once.
    pub fn clip<'t>(&self, text: &'t str, size: f32, bold: bool, width: f32) -> &'t str {
        let f = self.font(bold);
        let per_unit = size / f32::from(f.units_per_em.max(1));
        let mut units = 0u64;
        for (at, c) in text.char_indices() {
            units += f
                .lookup_glyph_index(c as u32)
                .and_then(|g| f.get_glyph_width(g))
                .map_or(500, u64::from);
            if units as f32 * per_unit > width {
                return &text[..at];
            }
        }
        text
    }

    /// Greedy word wrap to `width` points; a word wider than a line is broken between
    /// characters. Explicit line breaks are kept. Never returns an empty list.
    ///
    /// Linear in the text: each character is measured once, and a line's width is kept as a
    /// running sum rather than measured again for every word or character added.
    pub fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let f = self.font(bold);
        let per_unit = size / f32::from(f.units_per_em.max(1));
        let units = |c: char| -> u64 {
            f.lookup_glyph_index(c as u32)
                .and_then(|g| f.get_glyph_width(g))
                .map_or(500, u64::from)
        };
        let fits = |u: u64| u as f32 * per_unit <= width;
        let space = units(' ');
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut line_units = 0u64;
            for word in paragraph.split_whitespace() {
                let word_units: u64 = word.chars().map(units).sum();
                let joined = if line.is_empty() {
                    word_units
                } else {
                    line_units + space + word_units
                };
                if fits(joined) {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                    line_units = joined;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                line_units = 0;
                // The word alone, broken between characters where it is still too wide.
                for c in word.chars() {
                    let u = units(c);
                    if !line.is_empty() && !fits(line_units + u) {
                        lines.push(std::mem::take(&mut line));
                        line_units = 0;
                    }
                    line.push(c);
                    line_units += u;
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
