//! The participant workbook of the workshop, as PDF (and the same sections as Markdown): the
//! four questions, the diagram drawn as vector graphics, and every table filled in from the
//! model, or left with empty rows for people who fill it in by hand.

mod fonts;
mod mapping;
pub mod markdown;
mod matrix;
mod sections;
mod shapes;
mod tables;
mod writer;

pub use fonts::MAX_PRINTED;
pub use fonts::REPLACEMENT;
pub use writer::{MAX_TABLE_ROWS, Paper};

use crate::model::Model;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    pub paper: Paper,
    /// The same tables with empty rows instead of the model's content.
    pub blank: bool,
}

/// The workbook as PDF bytes.
pub fn pdf(model: &Model, options: Options) -> Vec<u8> {
    sections::write(model, options).0
}

/// The workbook as PDF bytes, and one line for each part left out (tables past
/// [`writer::MAX_TABLE_ROWS`] rows, fields past [`fonts::MAX_PRINTED`] characters).
pub fn pdf_with_notes(model: &Model, options: Options) -> (Vec<u8>, Vec<String>) {
    sections::write(model, options)
}
