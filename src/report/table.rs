//! The terminal table format (tabled, rounded style), fitted to the terminal's width: when a
//! table is wider, the widest text columns wrap at word boundaries first, down to their longest
//! word; numbers never break. A table that cannot fit that way is printed whole (a long line
//! reads better than a broken amount). A pipe or a file gets the whole table (no width).

use tabled::builder::Builder;
use tabled::settings::object::{Columns, Rows};
use tabled::settings::{Alignment, Style, Width};

use super::Width as MaxWidth;
use super::sheet::Sheet;

/// Characters of a cell, as the terminal shows them (the tables hold no wide characters).
fn width(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// The width each column may have so that the table fits `max` columns: each column wraps at
/// word boundaries, widest first, never below its longest word (so no number breaks). `None`
/// when the table fits as it is, or cannot fit that way.
fn fitted(sheet: &Sheet, max: usize) -> Option<Vec<usize>> {
    let n = sheet.header.len();
    let cells = || std::iter::once(&sheet.header).chain(&sheet.rows);
    let column = |c| cells().filter_map(move |r: &Vec<String>| r.get(c));
    let mut widths: Vec<usize> = (0..n)
        .map(|c| column(c).map(|t| width(t)).max().unwrap_or(0))
        .collect();
    let least: Vec<usize> = (0..n)
        .map(|c| {
            column(c)
                .flat_map(|t| t.split_whitespace().map(width))
                .max()
                .unwrap_or(0)
        })
        .collect();
    // Borders and one space of padding either side of each cell.
    let total = |w: &[usize]| w.iter().sum::<usize>() + 3 * n + 1;
    if total(&widths) <= max || total(&least) > max {
        return None;
    }
    while total(&widths) > max {
        let widest = (0..n)
            .filter(|&c| widths[c] > least[c])
            .max_by_key(|&c| widths[c])?;
        widths[widest] -= 1;
    }
    Some(widths)
}

/// The sheet without the columns it may drop, as few as needed (in its `drop_first` order) for
/// the table to fit `max` columns; a note names what was left out.
fn narrowed(sheet: &Sheet, max: usize) -> Sheet {
    let mut out = sheet.clone();
    let mut dropped = Vec::new();
    for &col in &sheet.drop_first {
        if fitted(&out, max).is_some() || natural_width(&out) <= max {
            break;
        }
        let Some(at) = out.header.iter().position(|h| *h == sheet.header[col]) else {
            continue;
        };
        dropped.push(out.header.remove(at));
        for row in &mut out.rows {
            if at < row.len() {
                row.remove(at);
            }
        }
        out.right_aligned = out
            .right_aligned
            .iter()
            .filter(|&&c| c != at)
            .map(|&c| if c > at { c - 1 } else { c })
            .collect();
    }
    if !dropped.is_empty() {
        out.notes.push(format!(
            "left out to fit the terminal: {} (a wider terminal, a pipe or --format markdown \
             shows every column)",
            dropped.join(", ")
        ));
    }
    out
}

fn natural_width(sheet: &Sheet) -> usize {
    let n = sheet.header.len();
    (0..n)
        .map(|c| {
            std::iter::once(&sheet.header)
                .chain(&sheet.rows)
                .filter_map(|r| r.get(c))
                .map(|t| width(t))
                .max()
                .unwrap_or(0)
        })
        .sum::<usize>()
        + 3 * n
        + 1
}

/// Title lines, the table, then notes.
pub fn render(sheet: &Sheet, width: MaxWidth) -> String {
    let narrow;
    let sheet = match width {
        Some(w) if natural_width(sheet) > w => {
            narrow = narrowed(sheet, w);
            &narrow
        }
        _ => sheet,
    };
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
    if let Some(widths) = width.and_then(|w| fitted(sheet, w)) {
        for (c, w) in widths.into_iter().enumerate() {
            table.modify(Columns::one(c), Width::wrap(w).keep_words(true));
        }
    }
    out.push_str(&table.to_string());
    out.push('\n');
    for note in &sheet.notes {
        for line in wrap(note, width) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// A note cut at spaces into lines of at most `width` characters, the later ones indented by
/// two; a word longer than the width stays whole.
fn wrap(text: &str, width: MaxWidth) -> Vec<String> {
    let Some(max) = width else {
        return vec![text.to_string()];
    };
    let indent = text.len() - text.trim_start().len();
    let mut lines = Vec::new();
    let mut line = text[..indent].to_string();
    for word in text.split_whitespace() {
        let fresh = line.trim().is_empty();
        if !fresh && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::replace(&mut line, " ".repeat(indent + 2)));
        } else if !fresh {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Sheet {
        Sheet {
            title: vec![],
            header: ["name", "what", "cost"].map(String::from).to_vec(),
            rows: vec![
                ["a task", "a long description of the task", "$1,234.56"]
                    .map(String::from)
                    .to_vec(),
            ],
            right_aligned: vec![2],
            notes: vec![],
            drop_first: vec![1],
        }
    }

    fn widest(text: &str) -> usize {
        text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
    }

    #[test]
    fn a_wide_table_wraps_text_but_never_a_number() {
        let whole = render(&sheet(), None);
        // 6 + 30 + 9 characters of cells, 3 × 3 + 1 of borders and padding.
        assert_eq!(widest(&whole), 55);
        let fitted = render(&sheet(), Some(40));
        assert!(widest(&fitted) <= 40, "{fitted}");
        assert!(fitted.contains("$1,234.56"), "{fitted}");
        assert!(fitted.contains("description"), "{fitted}");
    }

    #[test]
    fn notes_wrap_at_spaces() {
        assert_eq!(
            wrap("one two three four", Some(9)),
            ["one two", "  three", "  four"]
        );
        assert_eq!(wrap("  indented note", None), ["  indented note"]);
        assert_eq!(wrap("  ab cd", Some(5)), ["  ab", "    cd"]);
    }

    #[test]
    fn a_table_that_cannot_wrap_enough_drops_its_least_useful_column() {
        let narrow = render(&sheet(), Some(30));
        assert!(widest(narrow.lines().next().unwrap()) <= 30, "{narrow}");
        assert!(!narrow.contains("description"), "{narrow}");
        assert!(narrow.lines().all(|l| l.chars().count() <= 30), "{narrow}");
        let flowed = narrow.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flowed.contains("left out to fit the terminal: what"),
            "{narrow}"
        );
    }
}
