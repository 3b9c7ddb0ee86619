//! Output formats, kept apart from computation. Each command's result implements [`Report`]:
//! its sheets (titled tables and notes, for the terminal and Markdown) and its CSV rows; JSON is
//! the result's own `Serialize`. [`render`] is the one path from a result to text.
//!
//! Renderers only round and lay out: every figure they show is a field of the result. Human
//! formats round money for display (never showing a non-zero amount as `$0.00`); JSON and CSV
//! carry every amount as a full-precision decimal string.
//!
//! - `sheet.rs`: the sheet and the formatting rules sheets share;
//! - `table.rs`, `markdown.rs`, `csv.rs`: the formats (JSON needs no file of its own);
//! - `warning.rs`: the words of each warning;
//! - one file per command: `quote.rs`, `models.rs`, `estimate.rs`, `compare.rs`, `migrate.rs`,
//!   `cache.rs`, `sweep.rs`, `tokens.rs`, `batch_file.rs`, `calibrate.rs`;
//! - `chart.rs`: the sweep's SVG chart (feature `chart`).

mod batch_file;
mod cache;
mod calibrate;
#[cfg(feature = "chart")]
pub mod chart;
mod compare;
mod csv;
mod estimate;
pub mod focus;
mod forecast;
mod markdown;
mod migrate;
mod models;
mod quote;
mod sheet;
mod sweep;
#[cfg(feature = "cli")]
mod table;
mod tokens;
mod usage;
mod usage_cache;
pub mod warning;

pub use calibrate::fit_lines;
pub use sheet::{Sheet, percent};

use serde::Serialize;

use crate::error::{Error, Result};

/// An output format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// A table for the terminal.
    #[default]
    Table,
    /// JSON, every decimal as a full-precision string.
    Json,
    /// CSV with a header row, full precision.
    Csv,
    /// A GitHub-flavoured Markdown table.
    Markdown,
}

/// A result that can be laid out in every format.
pub trait Report: Serialize {
    /// One CSV record (it may borrow from the result).
    type Row<'a>: Serialize
    where
        Self: 'a;

    /// The human view: one or more titled tables with notes.
    fn sheets(&self) -> Vec<Sheet>;

    /// The CSV records, full precision.
    fn rows(&self) -> Vec<Self::Row<'_>>;
}

/// How wide a terminal table may be: `None` for no limit (a pipe, a file).
pub type Width = Option<usize>;

/// Lays out `report` in `format`; tables are fitted to `width` columns.
pub fn render<R: Report>(report: &R, format: Format, width: Width) -> Result<String> {
    match format {
        #[cfg(feature = "cli")]
        Format::Table => Ok(join(
            report.sheets().iter().map(|s| table::render(s, width)),
        )),
        // Without the terminal table (feature `cli`), a table is laid out as Markdown.
        #[cfg(not(feature = "cli"))]
        Format::Table => {
            let _ = width;
            Ok(join(report.sheets().iter().map(markdown::render)))
        }
        Format::Markdown => Ok(join(report.sheets().iter().map(markdown::render))),
        Format::Csv => csv::render(&report.rows()),
        Format::Json => {
            let mut text = serde_json::to_string_pretty(report)
                .map_err(|e| Error::Render(format!("JSON: {e}")))?;
            text.push('\n');
            Ok(text)
        }
    }
}

/// Several rendered sheets, separated by a blank line.
fn join(parts: impl Iterator<Item = String>) -> String {
    parts.collect::<Vec<_>>().join("\n")
}
