//! Threats out to where work happens: a CSV file of threats (for a tracker's CSV import) and an
//! Excel workbook with threats, mitigations and assumptions on three sheets.

use super::tables::{self, Table};
use crate::model::Model;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

/// Excel keeps at most this many characters in a cell, counted in UTF-16 units.
const EXCEL_CELL_CHARS: usize = 32_767;
/// Excel's rows per sheet, header included.
const EXCEL_ROWS: usize = 1_048_576;

/// The threats as CSV, one row per threat, with a header row.
pub fn csv(model: &Model) -> Result<Vec<u8>, String> {
    let table = tables::threats(model);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let failed = |e: csv::Error| format!("cannot write CSV: {e}");
    writer.write_record(&table.header).map_err(failed)?;
    for row in &table.rows {
        writer.write_record(row).map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| format!("cannot write CSV: {}", e.error()))
}

/// The Excel workbook, and a note for anything Excel could not hold.
pub fn xlsx(model: &Model) -> Result<(Vec<u8>, Vec<String>), String> {
    let mut notes = Vec::new();
    let bytes =
        workbook(model, &mut notes).map_err(|e| format!("cannot write the Excel workbook: {e}"))?;
    Ok((bytes, notes))
}

fn workbook(model: &Model, notes: &mut Vec<String>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new().set_bold().set_text_wrap();
    let body = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for table in [
        tables::threats(model),
        tables::mitigations(model),
        tables::assumptions(model),
    ] {
        sheet(&mut book, &table, &header, &body, notes)?;
    }
    book.save_to_buffer()
}

/// One table on one sheet: header row frozen, filters on, widths set.
fn sheet(
    book: &mut Workbook,
    table: &Table,
    header: &Format,
    body: &Format,
    notes: &mut Vec<String>,
) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(table.name)?;
    for (col, (title, width)) in table.header.iter().zip(&table.widths).enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *title, header)?;
        sheet.set_column_width(col, *width)?;
    }
    let rows = table.rows.len().min(EXCEL_ROWS - 1);
    if rows < table.rows.len() {
        notes.push(format!(
            "{}: {} rows left out; an Excel sheet holds {} rows",
            table.name,
            table.rows.len() - rows,
            EXCEL_ROWS - 1
        ));
    }
    let mut shortened = 0;
    for (r, row) in table.rows.iter().take(rows).enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let text = if cell.encode_utf16().count() > EXCEL_CELL_CHARS {
                shortened += 1;
                fit_utf16(cell, EXCEL_CELL_CHARS)
            } else {
                cell.clone()
            };
            sheet.write_string_with_format(r as u32 + 1, c as u16, text, body)?;
        }
    }
    if shortened > 0 {
        notes.push(format!(
            "{}: {shortened} cells shortened to Excel's {EXCEL_CELL_CHARS} characters",
            table.name
        ));
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_col = table.header.len().saturating_sub(1) as u16;
    sheet.autofilter(0, 0, rows as u32, last_col)?;
    Ok(())
}

/// The longest start of `text` that is at most `units` UTF-16 units long.
fn fit_utf16(text: &str, units: usize) -> String {
    let mut used = 0;
    text.chars()
        .take_while(|c| {
            used += c.len_utf16();
            used <= units
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_cut_by_utf16_units() {
        let text = "\u{1F600}".repeat(20_000);
        let cut = fit_utf16(&text, EXCEL_CELL_CHARS);
        assert!(cut.encode_utf16().count() <= EXCEL_CELL_CHARS);
        assert_eq!(cut.chars().count(), EXCEL_CELL_CHARS / 2);
    }
}
