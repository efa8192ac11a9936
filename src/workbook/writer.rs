//! Laying out pages: headings, wrapped paragraphs, tables whose header row repeats after a page
//! break (a row is split only between lines of text), drawings, a running header, page numbers
//! "n / N" and a table of contents.

use super::fonts::{Fonts, fonts};
use super::shapes::{Paint, Shapes};
use crate::diagram::scene::{Anchor, Item, Rgb as SRgb, Scene};
use printpdf::{
    Color, DictItem, ExternalStream, ExternalXObject, FontId, Mm, Op, PaintMode, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, TextMatrix,
    XObjectTransform,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// Portrait width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

pub(super) const MARGIN: f32 = 48.0;
/// Lines the cover gives the model's title.
const TITLE_LINES: usize = 4;
const TOP: f32 = 64.0;
const BOTTOM: f32 = 56.0;
const BODY: f32 = 9.5;
const LINE: f32 = 1.3;
const CELL_PAD: f32 = 4.0;

pub(crate) const INK: (f32, f32, f32) = (0.12, 0.13, 0.15);
pub(super) const GREY: (f32, f32, f32) = (0.45, 0.47, 0.5);
const HEADER_FILL: (f32, f32, f32) = (0.9, 0.92, 0.95);
pub(super) const RULE: (f32, f32, f32) = (0.7, 0.72, 0.75);

fn rgb(c: (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb::new(c.0, c.1, c.2, None))
}

struct Page {
    ops: Vec<Op>,
    /// The text section open at the end of `ops`, if any.
    text: TextState,
    size: (f32, f32),
    /// The cover and the contents page carry no running header.
    plain: bool,
}

pub struct Writer {
    doc: PdfDocument,
    regular: FontId,
    bold: FontId,
    f: &'static Fonts,
    paper: Paper,
    title: String,
    pages: Vec<Page>,
    /// Distance from the top of the current page to where the next block goes.
    pub(super) y: f32,
    toc: Vec<(u8, String, usize)>,
    toc_page: Option<usize>,
    /// Tables that were cut, one line each, for the export's notes.
    left_out: Vec<String>,
    /// The heading written last, to say where a cut table is.
    last_heading: String,
    /// How many fields were longer than the workbook prints.
    shortened: std::cell::Cell<usize>,
    /// Headings waiting for the block they introduce: they are drawn with it, so a heading
    /// never ends a page.
    pending: Vec<(u8, String)>,
    /// A diagram waiting for the next page break, so the text after it fills the page it
    /// would have left mostly empty (as a float in typesetting).
    floating: Option<(Scene, String)>,
}

/// The most rows a table prints. A workshop table is read by people; past a few dozen pages
/// it is not read but it still costs memory and time in proportion, so the rest is left out
/// with a line saying how many and where they are.
pub const MAX_TABLE_ROWS: usize = 1_000;

/// Text smaller than this (in points) is not printed in a drawing: it cannot be read, even
/// zoomed in on screen, and a large diagram would carry megabytes of it.
pub const MIN_TEXT_PT: f32 = 1.0;

/// Shapes thinner than this (in points) are not printed in a drawing: arrow heads and badges of
/// a very large diagram scaled onto one page, which would cost more than the lines themselves.
pub const MIN_MARK_PT: f32 = 0.5;

/// The smaller side of the box around some points.
fn extent_of(points: &[(f32, f32)]) -> f32 {
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for p in points {
        (x0, y0, x1, y1) = (x0.min(p.0), y0.min(p.1), x1.max(p.0), y1.max(p.1));
    }
    (x1 - x0).min(y1 - y0).max(0.0)
}

/// Column widths summing to `width`: shares by weight, except that no column is narrower than
/// its minimum (the others give up the room, by weight). When the minimums alone are wider
/// than the page, they are scaled down together.
fn fit_widths(weights: &[f32], mins: &[f32], width: f32) -> Vec<f32> {
    let n = weights.len();
    let min_total: f32 = mins.iter().sum();
    if min_total >= width {
        return mins.iter().map(|m| m / min_total * width).collect();
    }
    let mut fixed = vec![false; n];
    loop {
        let free_width = width - (0..n).filter(|&i| fixed[i]).map(|i| mins[i]).sum::<f32>();
        let free_weight: f32 = (0..n)
            .filter(|&i| !fixed[i])
            .map(|i| weights[i].max(1e-3))
            .sum();
        let share = |i: usize| weights[i].max(1e-3) / free_weight * free_width;
        let newly: Vec<usize> = (0..n)
            .filter(|&i| !fixed[i] && share(i) < mins[i])
            .collect();
        if newly.is_empty() {
            return (0..n)
                .map(|i| if fixed[i] { mins[i] } else { share(i) })
                .collect();
        }
        for i in newly {
            fixed[i] = true;
        }
    }
}

/// A table column: its header and its share of the width.
pub struct Column<'a> {
    pub header: &'a str,
    pub weight: f32,
}

pub fn col(header: &str, weight: f32) -> Column<'_> {
    Column { header, weight }
}

impl Writer {
    pub fn new(title: &str, paper: Paper) -> Writer {
        let f = fonts();
        let mut doc = PdfDocument::new(title);
        let regular = doc.add_font(&f.regular);
        let bold = doc.add_font(&f.bold);
        Writer {
            doc,
            regular,
            bold,
            f,
            paper,
            title: f.printable(title),
            pages: Vec::new(),
            y: TOP,
            toc: Vec::new(),
            toc_page: None,
            left_out: Vec::new(),
            last_heading: String::new(),
            shortened: std::cell::Cell::new(0),
            pending: Vec::new(),
            floating: None,
        }
    }

    /// The text as printed (see [`Fonts::printable`]), counting the fields it shortens.
    pub(super) fn printable(&self, text: &str) -> String {
        if text.len() > super::fonts::MAX_PRINTED
            && text.chars().nth(super::fonts::MAX_PRINTED).is_some()
        {
            self.shortened.set(self.shortened.get() + 1);
        }
        self.f.printable(text)
    }

    /// What was left out of the workbook, one line each.
    pub fn left_out(&self) -> Vec<String> {
        let mut lines = self.left_out.clone();
        let n = self.shortened.get();
        if n > 0 {
            lines.push(format!(
                "{n} field(s) longer than {} characters were shortened in the workbook.",
                super::fonts::MAX_PRINTED
            ));
        }
        lines
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.new_page(false);
        }
        self.pages.last_mut().expect("a page exists")
    }

    fn size(&self) -> (f32, f32) {
        self.pages.last().map_or(self.paper.size(), |p| p.size)
    }

    pub(super) fn content_width(&self) -> f32 {
        self.size().0 - 2.0 * MARGIN
    }

    fn bottom(&self) -> f32 {
        self.size().1 - BOTTOM
    }

    pub fn new_page(&mut self, landscape: bool) {
        // A diagram waiting for a page break takes the next page; the text goes on after it.
        if let Some((scene, caption)) = self.floating.take() {
            self.place_drawing(&scene, &caption, false);
        }
        // A page with nothing on it yet is used, turned if needed, rather than left blank.
        let several = self.pages.len() > 1;
        if let Some(last) = self.pages.last_mut()
            && last.ops.is_empty()
            && !last.plain
            && several
        {
            let (w, h) = self.paper.size();
            last.size = if landscape { (h, w) } else { (w, h) };
            self.y = TOP;
            return;
        }
        let (w, h) = self.paper.size();
        let size = if landscape { (h, w) } else { (w, h) };
        self.pages.push(Page {
            ops: Vec::new(),
            text: TextState::default(),
            size,
            plain: false,
        });
        self.y = TOP;
    }

    /// Marks the current page as having no running header (cover, contents).
    pub fn plain_page(&mut self) {
        self.page().plain = true;
    }

    /// Reserves the current page for the table of contents, written at the end.
    pub fn reserve_contents_page(&mut self) {
        self.new_page(false);
        self.page().plain = true;
        self.toc_page = Some(self.pages.len() - 1);
        self.new_page(false);
    }

    pub fn space(&mut self, points: f32) {
        self.y += points;
    }

    pub(super) fn ensure(&mut self, height: f32) {
        if self.pages.is_empty() || self.y + height > self.bottom() {
            self.new_page(false);
        }
    }

    /// Text at (x, baseline from the top) on the current page; the text must be printable.
    pub(super) fn text_at(
        &mut self,
        x: f32,
        baseline: f32,
        size: f32,
        bold: bool,
        color: (f32, f32, f32),
        s: &str,
    ) {
        if s.is_empty() {
            return;
        }
        let h = self.size().1;
        let at = Point {
            x: Pt(x),
            y: Pt(h - baseline),
        };
        self.page();
        let font = if bold { &self.bold } else { &self.regular };
        if let Some(page) = self.pages.last_mut() {
            let text = &mut page.text;
            text.show(
                &mut page.ops,
                (font, bold, size),
                rgb(color),
                at,
                s.to_owned(),
            );
        }
    }

    pub(super) fn rect(
        &mut self,
        x: f32,
        top: f32,
        w: f32,
        h: f32,
        fill: Option<(f32, f32, f32)>,
        stroke: Option<(f32, f32, f32)>,
    ) {
        let page_h = self.size().1;
        let mode = match (fill, stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            (None, Some(_)) => PaintMode::Stroke,
            (None, None) => return,
        };
        let page = self.page();
        page.text.close(&mut page.ops);
        if let Some(c) = fill {
            page.text.fill(&mut page.ops, rgb(c));
        }
        if let Some(c) = stroke {
            page.text.outline(&mut page.ops, rgb(c), 0.6);
        }
        let ops = &mut page.ops;
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(page_h - top - h),
                width: Pt(w),
                height: Pt(h),
                mode: Some(mode),
                winding_order: None,
            },
        });
    }

    /// A heading, drawn with the first lines of the block after it (never alone at a page's
    /// foot).
    pub fn heading(&mut self, level: u8, text: &str) {
        self.last_heading = self.printable(text);
        self.pending.push((level, text.to_owned()));
    }

    fn heading_size(level: u8) -> f32 {
        match level {
            1 => 17.0,
            2 => 13.0,
            _ => 11.0,
        }
    }

    /// The height of a heading as drawn.
    fn heading_height(&self, level: u8, text: &str) -> f32 {
        let size = Self::heading_size(level);
        let lines = self
            .f
            .wrap(&self.printable(text), size, true, self.content_width())
            .len();
        (if level == 1 { 6.0 } else { 8.0 }) + lines as f32 * size * LINE + size * 0.5
    }

    /// Before a block whose first part is `next` points tall: the pending headings and that
    /// part go on this page if both fit, else together on the next.
    pub(super) fn begin_block(&mut self, next: f32) {
        let headings: f32 = self
            .pending
            .iter()
            .map(|(l, t)| self.heading_height(*l, t))
            .sum();
        let fresh = self.y <= TOP + 0.5;
        // A diagram still waiting stays in its own part of the workbook: it goes before the
        // next of the four questions begins.
        let new_part = self.pending.iter().any(|(level, _)| *level == 1);
        if self.pages.is_empty()
            || (!fresh && self.y + headings + next > self.bottom())
            || (new_part && self.floating.is_some())
        {
            self.new_page(false);
        }
        for (level, text) in std::mem::take(&mut self.pending) {
            self.draw_heading(level, &text);
        }
    }

    fn draw_heading(&mut self, level: u8, text: &str) {
        let size = Self::heading_size(level);
        let text = self.printable(text);
        let lines = self.f.wrap(&text, size, true, self.content_width());
        self.page();
        self.y += if level == 1 { 6.0 } else { 8.0 };
        if level <= 2 {
            self.toc.push((level, text.clone(), self.pages.len() - 1));
        }
        for l in lines {
            self.y += size * LINE;
            self.text_at(MARGIN, self.y, size, true, INK, &l);
        }
        self.y += size * 0.5;
    }

    pub fn paragraph(&mut self, text: &str) {
        self.paragraph_styled(text, BODY, false, INK);
    }

    pub fn note(&mut self, text: &str) {
        self.paragraph_styled(text, BODY - 0.5, false, GREY);
    }

    pub fn paragraph_styled(&mut self, text: &str, size: f32, bold: bool, color: (f32, f32, f32)) {
        let text = self.printable(text);
        let lines = self.f.wrap(&text, size, bold, self.content_width());
        // A heading keeps at least two lines of its paragraph (all of a short one).
        self.begin_block(lines.len().min(2) as f32 * size * LINE);
        for l in lines {
            self.ensure(size * LINE);
            self.y += size * LINE;
            self.text_at(MARGIN, self.y, size, bold, color, &l);
        }
        self.y += size * 0.6;
    }

    /// A table: the header row repeats on every page the table spans; rows are split only
    /// between lines of text, and only when a row is taller than a page.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>]) {
        let width = self.content_width();
        let size = BODY - 1.0;
        let shown = &rows[..rows.len().min(MAX_TABLE_ROWS)];
        // Each column is at least as wide as its widest word (up to a quarter of the page), so
        // narrow columns such as "Pri." or "STRIDE" never break a word.
        let mins: Vec<f32> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let words = shown
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|t| self.f.widest_word(&self.printable(t), size, false))
                    .fold(self.f.widest_word(c.header, size, true), f32::max);
                (words + 2.0 * CELL_PAD + 1.0).min(width * 0.25)
            })
            .collect();
        let weights: Vec<f32> = columns.iter().map(|c| c.weight).collect();
        let widths = fit_widths(&weights, &mins, width);
        let line_h = size * LINE;
        let wrap_cells = |w: &Writer, cells: &[String], bold: bool| -> Vec<Vec<String>> {
            widths
                .iter()
                .enumerate()
                .map(|(i, cw)| {
                    let text = w.printable(cells.get(i).map_or("", |s| s.as_str()));
                    w.f.wrap(&text, size, bold, cw - 2.0 * CELL_PAD)
                })
                .collect()
        };
        let header: Vec<String> = columns.iter().map(|c| c.header.to_owned()).collect();
        let header_cells = wrap_cells(self, &header, true);
        let header_h =
            header_cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * line_h + 2.0 * CELL_PAD;
        let draw_row = |w: &mut Writer,
                        cells: &[Vec<String>],
                        from: usize,
                        to: usize,
                        bold: bool,
                        fill: Option<(f32, f32, f32)>| {
            let lines = to - from;
            let h = lines.max(1) as f32 * line_h + 2.0 * CELL_PAD;
            // The cells' boxes first, then their text: the text of a row is then one run of
            // text operations rather than one per cell.
            let mut x = MARGIN;
            for cw in &widths {
                w.rect(x, w.y, *cw, h, fill, Some(RULE));
                x += cw;
            }
            let mut x = MARGIN;
            for (i, cw) in widths.iter().enumerate() {
                for (k, l) in cells[i].iter().skip(from).take(lines).enumerate() {
                    w.text_at(
                        x + CELL_PAD,
                        w.y + CELL_PAD + (k as f32 + 0.8) * line_h,
                        size,
                        bold,
                        INK,
                        l,
                    );
                }
                x += cw;
            }
            w.y += h;
        };
        // The header never stands alone at a page's foot: it goes with the whole first row
        // (or as much of it as a page holds).
        let page_lines = ((self.bottom() - TOP - header_h - 2.0 * CELL_PAD) / line_h)
            .floor()
            .max(1.0) as usize;
        let first_lines = shown.first().map_or(1, |r| {
            wrap_cells(self, r, false)
                .iter()
                .map(Vec::len)
                .max()
                .unwrap_or(1)
        });
        // A first row taller than a page is split anyway: then two of its lines will do.
        let first_need = if first_lines <= page_lines {
            first_lines
        } else {
            2
        };
        self.begin_block(header_h + first_need as f32 * line_h + 2.0 * CELL_PAD);
        draw_row(
            self,
            &header_cells,
            0,
            header_cells.iter().map(Vec::len).max().unwrap_or(1),
            true,
            Some(HEADER_FILL),
        );
        let header_lines = header_cells.iter().map(Vec::len).max().unwrap_or(1);
        let (rows, cut) = rows.split_at(rows.len().min(MAX_TABLE_ROWS));
        for row in rows {
            let cells = wrap_cells(self, row, false);
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1);
            let mut from = 0;
            while from < lines {
                let room = ((self.bottom() - self.y - 2.0 * CELL_PAD) / line_h)
                    .floor()
                    .max(0.0) as usize;
                let fits_whole = lines - from <= room;
                let page_rows = ((self.bottom() - TOP - header_h - 2.0 * CELL_PAD) / line_h)
                    .floor()
                    .max(1.0) as usize;
                if !fits_whole && (room == 0 || lines - from <= page_rows) {
                    // Move the row to the next page, under a repeated header.
                    self.new_page(self.size().0 > self.size().1);
                    draw_row(
                        self,
                        &header_cells,
                        0,
                        header_lines,
                        true,
                        Some(HEADER_FILL),
                    );
                    continue;
                }
                let to = (from + room.max(1)).min(lines);
                draw_row(self, &cells, from, to, false, None);
                from = to;
            }
        }
        self.y += 10.0;
        if !cut.is_empty() {
            let under = if self.last_heading.is_empty() {
                String::new()
            } else {
                format!(" under \"{}\"", self.last_heading)
            };
            self.note(&format!(
                "… and {} more rows, not printed: a workbook table prints its first {} rows; \
                 the model file holds them all.",
                cut.len(),
                MAX_TABLE_ROWS
            ));
            self.left_out.push(format!(
                "A table of {} rows{under} was cut to its first {}.",
                rows.len() + cut.len(),
                MAX_TABLE_ROWS
            ));
        }
    }

    /// A diagram on a page of its own, landscape when it is wider than tall, scaled to fit
    /// whole. Text that would print smaller than [`MIN_TEXT_PT`] is left out: a diagram of
    /// thousands of elements scaled onto one page shows its shape, and its tables the names.
    pub fn drawing(&mut self, scene: &Scene, caption: &str) {
        // A page less than half used would be left mostly empty by a page break here: the
        // drawing waits for the next break, and what follows fills this page first.
        let used = (self.y - TOP) / (self.bottom() - TOP);
        if self.floating.is_none() && self.y > TOP + 0.5 && used < 0.5 {
            self.floating = Some((scene.clone(), caption.to_owned()));
            return;
        }
        self.place_drawing(scene, caption, true);
    }

    /// The drawing on a page of its own; `with_headings`: the headings waiting are its own
    /// (not those of the block a floated drawing is placed before).
    fn place_drawing(&mut self, scene: &Scene, caption: &str, with_headings: bool) {
        let landscape = scene.width() > scene.height();
        let pending = if with_headings {
            std::mem::take(&mut self.pending)
        } else {
            Vec::new()
        };
        self.new_page(landscape);
        for (level, text) in pending {
            self.draw_heading(level, &text);
        }
        self.draw_heading(2, caption);
        let (pw, ph) = self.size();
        let box_w = pw - 2.0 * MARGIN;
        let box_h = ph - self.y - BOTTOM;
        let s = (box_w / scene.width()).min(box_h / scene.height()).min(1.5);
        let ox = MARGIN + (box_w - scene.width() * s) / 2.0;
        let oy = self.y;
        let map = |p: (f32, f32)| Point {
            x: Pt(ox + (p.0 - scene.min.0) * s),
            y: Pt(ph - (oy + (p.1 - scene.min.1) * s)),
        };
        let color = |c: SRgb| {
            rgb((
                f32::from(c.0) / 255.0,
                f32::from(c.1) / 255.0,
                f32::from(c.2) / 255.0,
            ))
        };
        let at = |p: (f32, f32)| {
            let q = map(p);
            (q.x.0, q.y.0)
        };
        // Shapes go into one form XObject written as raw content; text stays page text (over
        // the shapes, as on the canvas), sharing one text section per run of lines.
        let mut shapes = Shapes::default();
        let mut ops = vec![Op::SaveGraphicsState];
        let mut text_state = TextState::default();
        let (mut hidden, mut marks) = (0usize, 0usize);
        for item in &scene.items {
            match item {
                Item::Rect { min, max, .. }
                    if (max.0 - min.0).min(max.1 - min.1) * s < MIN_MARK_PT =>
                {
                    marks += 1
                }
                Item::Ellipse { radii, .. } if 2.0 * radii.0.min(radii.1) * s < MIN_MARK_PT => {
                    marks += 1
                }
                Item::Polygon { points, .. } if extent_of(points) * s < MIN_MARK_PT => marks += 1,
                Item::Rect {
                    min,
                    max,
                    fill,
                    stroke,
                } => {
                    let Some(how) = shapes.paint_with(*fill, stroke.as_ref(), s) else {
                        continue;
                    };
                    let corners = [*min, (max.0, min.1), *max, (min.0, max.1)].map(at);
                    shapes.polygon(&corners, how);
                }
                Item::Ellipse {
                    center,
                    radii,
                    fill,
                    stroke,
                } => {
                    let Some(how) = shapes.paint_with(*fill, stroke.as_ref(), s) else {
                        continue;
                    };
                    shapes.ellipse(at(*center), (radii.0 * s, radii.1 * s), how);
                }
                Item::Polyline { points, stroke } => {
                    shapes.stroke(stroke, s);
                    let pts: Vec<(f32, f32)> = points.iter().map(|p| at(*p)).collect();
                    shapes.line(&pts);
                }
                Item::Polygon { points, fill } => {
                    shapes.fill(*fill);
                    let pts: Vec<(f32, f32)> = points.iter().map(|p| at(*p)).collect();
                    shapes.polygon(&pts, Paint::Fill);
                }
                Item::Text { size, .. } if size * s < MIN_TEXT_PT => hidden += 1,
                Item::Text {
                    at,
                    text,
                    size,
                    color: c,
                    anchor,
                    bold,
                } => {
                    let text = self.printable(text);
                    let size_pt = size * s;
                    let width = self.f.width(&text, size_pt, *bold);
                    let mut p = map(*at);
                    if *anchor == Anchor::Middle {
                        p.x = Pt(p.x.0 - width / 2.0);
                    }
                    let font = if *bold { &self.bold } else { &self.regular };
                    text_state.show(&mut ops, (font, *bold, size_pt), color(*c), p, text);
                }
            }
        }
        text_state.close(&mut ops);
        ops.push(Op::RestoreGraphicsState);
        let form = (!shapes.is_empty()).then(|| {
            let mut dict = std::collections::BTreeMap::new();
            dict.insert("Type".to_owned(), DictItem::Name(b"XObject".to_vec()));
            dict.insert("Subtype".to_owned(), DictItem::Name(b"Form".to_vec()));
            dict.insert(
                "BBox".to_owned(),
                DictItem::Array([0.0, 0.0, pw, ph].map(DictItem::Real).to_vec()),
            );
            self.doc.add_xobject(&ExternalXObject {
                stream: ExternalStream {
                    dict,
                    content: shapes.into_bytes(),
                    compress: true,
                },
                width: None,
                height: None,
                dpi: None,
            })
        });
        let page = self.page();
        page.text.close(&mut page.ops);
        if let Some(id) = form {
            page.ops.push(Op::UseXobject {
                id,
                transform: XObjectTransform::default(),
            });
        }
        page.ops.extend(ops);
        if hidden + marks > 0 {
            self.left_out.push(format!(
                "In the diagram \"{caption}\", {hidden} label(s) and {marks} mark(s) (arrow \
                 heads, badges, label backgrounds) would print too small to see at the scale \
                 that fits it on a page, and were left out; the tables name every element and \
                 flow."
            ));
        }
        // The rest of the document continues on a portrait page.
        self.new_page(false);
    }

    /// Horizontal bars with their values.
    pub fn bars(&mut self, items: &[(String, usize)]) {
        let max = items.iter().map(|i| i.1).max().unwrap_or(0).max(1);
        let label_w = 150.0;
        let bar_w = self.content_width() - label_w - 40.0;
        // A chart is never split across pages.
        self.begin_block(16.0 * items.len() as f32);
        for (label, n) in items {
            self.ensure(16.0);
            let label = self.printable(label);
            self.text_at(MARGIN, self.y + 11.0, BODY, false, INK, &label);
            let w = bar_w * *n as f32 / max as f32;
            self.rect(
                MARGIN + label_w,
                self.y + 2.0,
                w.max(0.5),
                11.0,
                Some((0.35, 0.55, 0.85)),
                None,
            );
            self.text_at(
                MARGIN + label_w + w + 5.0,
                self.y + 11.0,
                BODY,
                false,
                INK,
                &n.to_string(),
            );
            self.y += 16.0;
        }
        self.y += 8.0;
    }

    /// Big cover text.
    /// The cover's title, in at most [`TITLE_LINES`] lines: the last ends in "…" when the
    /// title goes on (the whole title is in the model; the cover is no place for 5,000
    /// characters).
    pub fn title(&mut self, text: &str, size: f32) {
        self.begin_block(size * LINE);
        let text = self.printable(text);
        let mut lines = self.f.wrap(&text, size, true, self.content_width());
        if lines.len() > TITLE_LINES {
            lines.truncate(TITLE_LINES);
            let ellipsis = self.f.width("…", size, true);
            let last = &lines[TITLE_LINES - 1];
            let cut = self
                .f
                .clip(last, size, true, self.content_width() - ellipsis)
                .trim_end()
                .to_owned();
            lines[TITLE_LINES - 1] = format!("{cut}…");
        }
        for l in lines {
            self.ensure(size * LINE);
            self.y += size * LINE;
            self.text_at(MARGIN, self.y, size, true, INK, &l);
        }
        self.y += size * 0.4;
    }

    /// Writes the contents page, the running headers and the page numbers, and returns the PDF.
    pub fn finish(mut self) -> Vec<u8> {
        if !self.pending.is_empty() {
            self.begin_block(0.0);
        }
        if let Some((scene, caption)) = self.floating.take() {
            self.place_drawing(&scene, &caption, false);
        }
        if self.pages.last().is_some_and(|p| p.ops.is_empty()) && self.pages.len() > 1 {
            self.pages.pop();
        }
        let n = self.pages.len();
        if let Some(toc) = self.toc_page {
            let entries = std::mem::take(&mut self.toc);
            let saved = self.pages.len();
            let (w, _) = self.pages[toc].size;
            // Draw onto the reserved page by temporarily making it the last one.
            let page = self.pages.remove(toc);
            self.pages.push(page);
            self.y = TOP;
            self.draw_heading(1, "Contents");
            self.toc.clear();
            for (level, text, page) in &entries {
                let indent = if *level == 1 { 0.0 } else { 16.0 };
                let size = if *level == 1 { BODY + 1.0 } else { BODY };
                let number = (page + 1).to_string();
                let nw = self.f.width(&number, size, false);
                let max_text = w - 2.0 * MARGIN - indent - nw - 20.0;
                let shown = self.f.clip(text, size, *level == 1, max_text).to_owned();
                if self.y + size * 1.6 > self.bottom() {
                    break;
                }
                self.y += size * 1.6;
                self.text_at(MARGIN + indent, self.y, size, *level == 1, INK, &shown);
                self.text_at(w - MARGIN - nw, self.y, size, false, INK, &number);
            }
            let page = self.pages.pop().expect("pushed above");
            self.pages.insert(toc, page);
            debug_assert_eq!(saved, self.pages.len());
        }
        for i in 0..n {
            let (w, h) = self.pages[i].size;
            let number = format!("{} / {}", i + 1, n);
            let nw = self.f.width(&number, 8.0, false);
            let plain = self.pages[i].plain;
            let page = self.pages.remove(i);
            self.pages.push(page);
            self.text_at(w - MARGIN - nw, h - 28.0, 8.0, false, GREY, &number);
            if !plain {
                const RUNNING: &str = "Threat model workbook";
                let running = self.f.width(RUNNING, 8.0, false);
                // The title takes what the running head leaves, with a gap: a long one is cut
                // rather than printed over it.
                let room = w - 2.0 * MARGIN - running - 16.0;
                let mut shown = self.f.clip(&self.title, 8.0, false, room).to_owned();
                if shown.len() < self.title.len() {
                    let ellipsis = self.f.width("…", 8.0, false);
                    let cut = self.f.clip(&self.title, 8.0, false, room - ellipsis);
                    shown = format!("{}…", cut.trim_end());
                }
                self.text_at(MARGIN, 32.0, 8.0, false, GREY, &shown);
                self.text_at(w - MARGIN - running, 32.0, 8.0, false, GREY, RUNNING);
            }
            let page = self.pages.pop().expect("pushed above");
            self.pages.insert(i, page);
        }
        let pages: Vec<PdfPage> = self
            .pages
            .into_iter()
            .map(|mut p| {
                p.text.close(&mut p.ops);
                PdfPage::new(
                    Mm(p.size.0 * 25.4 / 72.0),
                    Mm(p.size.1 * 25.4 / 72.0),
                    p.ops,
                )
            })
            .collect();
        let mut warnings = Vec::new();
        self.doc.with_pages(pages);
        let mut pdf = self
            .doc
            .to_lopdf_document(&PdfSaveOptions::default(), &mut warnings);
        // The pages' operations are in `pdf` now: for a large model they are the most memory
        // this holds, so they go before the streams are compressed and written.
        drop(self.doc);
        pdf.compress();

        let mut bytes = Vec::new();
        // Writing into memory cannot fail.
        let _ = pdf.save_to(&mut bytes);
        bytes
    }
}

/// What a page's (or a drawing's) operations have set so far, so each is written only when it
/// changes: lines one after another share one text section, and the font, the fill colour and
/// the outline are set again only when they differ. A workbook of a large model is mostly
/// table cells, and setting everything for each one was most of its memory.
#[derive(Debug, Default)]
struct TextState {
    /// A text section is open.
    open: bool,
    /// The font (bold or not) and size set last.
    font: Option<(bool, f32)>,
    /// The fill colour set last (text and shapes share it).
    fill: Option<Color>,
    /// The outline colour and thickness set last.
    outline: Option<(Color, f32)>,
}

impl TextState {
    /// One line of text with its baseline starting at `at` (page coordinates).
    fn show(
        &mut self,
        ops: &mut Vec<Op>,
        (font, bold, size): (&FontId, bool, f32),
        color: Color,
        at: Point,
        text: String,
    ) {
        if !self.open {
            ops.push(Op::StartTextSection);
            self.open = true;
        }
        if self.font != Some((bold, size)) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font.clone()),
                size: Pt(size),
            });
            self.font = Some((bold, size));
        }
        self.fill(ops, color);
        // An absolute position: a text cursor move would be relative to the previous line.
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(at.x, at.y),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(text)],
        });
    }

    fn fill(&mut self, ops: &mut Vec<Op>, color: Color) {
        if self.fill.as_ref() != Some(&color) {
            ops.push(Op::SetFillColor { col: color.clone() });
            self.fill = Some(color);
        }
    }

    fn outline(&mut self, ops: &mut Vec<Op>, color: Color, thickness: f32) {
        if self.outline.as_ref() != Some(&(color.clone(), thickness)) {
            ops.push(Op::SetOutlineColor { col: color.clone() });
            ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
            self.outline = Some((color, thickness));
        }
    }

    /// Ends the open text section before anything else is drawn. The font and colours stay
    /// set: they belong to the graphics state, not to the section.
    fn close(&mut self, ops: &mut Vec<Op>) {
        if self.open {
            ops.push(Op::EndTextSection);
            self.open = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fit_widths;

    #[test]
    fn narrow_columns_get_their_minimum_and_the_rest_shares_by_weight() {
        let w = fit_widths(&[0.45, 3.0, 1.0], &[30.0, 20.0, 20.0], 400.0);
        assert!((w.iter().sum::<f32>() - 400.0).abs() < 0.01);
        assert!(w[0] >= 30.0);
        assert!((w[1] / w[2] - 3.0).abs() < 0.01);
        // Minimums wider than the page are scaled down together.
        let w = fit_widths(&[1.0, 1.0], &[300.0, 100.0], 200.0);
        assert_eq!(w, vec![150.0, 50.0]);
        // Shares already above the minimums are kept.
        assert_eq!(
            fit_widths(&[1.0, 1.0], &[10.0, 10.0], 100.0),
            vec![50.0, 50.0]
        );
    }
}
