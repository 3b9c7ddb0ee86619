//! The terminal table format (tabled, rounded style), fitted to the terminal's width: when a
//! table is wider, its widest columns wrap at word boundaries first. A pipe or a file gets the
//! whole table (no width).

use tabled::builder::Builder;
use tabled::settings::object::{Columns, Rows};
use tabled::settings::peaker::Priority;
use tabled::settings::{Alignment, Style, Width};

use super::Width as MaxWidth;
use super::sheet::Sheet;

/// The narrowest a table is squeezed to: below this, wrapping makes it unreadable and a long
/// line is better.
const MIN_WIDTH: usize = 40;

/// Title lines, the table, then notes.
pub fn render(sheet: &Sheet, width: MaxWidth) -> String {
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
    if let Some(w) = width
        .map(|w| w.max(MIN_WIDTH))
        .filter(|&w| table.total_width() > w)
    {
        table.with(
            Width::wrap(w)
                .keep_words(true)
                .priority(Priority::max(true)),
        );
    }
    out.push_str(&table.to_string());
    out.push('\n');
    for note in &sheet.notes {
        out.push_str(note);
        out.push('\n');
    }
    out
}
