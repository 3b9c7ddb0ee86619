//! The terminal table format (tabled, rounded style).

use tabled::builder::Builder;
use tabled::settings::object::{Columns, Rows};
use tabled::settings::{Alignment, Style};

use super::sheet::Sheet;

/// Title lines, the table, then notes.
pub fn render(sheet: &Sheet) -> String {
    let mut out = String::new();
    for line in &sheet.title {
        out.push_str(line);
        out.push('\n');
    }
    let mut builder = Builder::default();
    builder.push_record(sheet.header.iter().cloned());
    for row in &sheet.rows {
        builder.push_record(row.iter().cloned());
    }
    let mut table = builder.build();
    table.with(Style::rounded());
    for &col in &sheet.right_aligned {
        table.modify(Columns::one(col), Alignment::right());
    }
    table.modify(Rows::first(), Alignment::left());
    out.push_str(&table.to_string());
    out.push('\n');
    for note in &sheet.notes {
        out.push_str(note);
        out.push('\n');
    }
    out
}
