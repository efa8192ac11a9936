//! Strider: threat modeling with data flow diagrams, STRIDE per element and the workshop's
//! participant workbook.
//!
//! The library holds everything that works without a window: the [`model`], its files ([`io`]),
//! and the command line ([`cli`]). The desktop app is a thin shell over the same functions.

pub mod cli;
pub mod diagram;
pub mod export;
pub mod io;
pub mod model;
pub mod printable;
pub mod review;
pub mod stride;
pub mod templates;
pub mod ui;
pub mod workbook;
