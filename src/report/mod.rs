//! Output formats, kept apart from computation: every renderer takes finished results
//! ([`Quote`], the [`PricingTable`]) and returns text. One file per format; the terminal table
//! and Markdown share the human view built in `sheet.rs`.
//!
//! Human formats round money to cents for display (never showing a non-zero amount as `$0.00`);
//! JSON and CSV carry every amount as a full-precision decimal string.

pub mod chart;
mod csv;
mod json;
mod markdown;
mod sheet;
mod table;

use crate::billing::Quote;
use crate::error::Result;
use crate::pricing::{Model, PricingTable};
use crate::tokens::TokenEstimate;
use crate::tokens::batch_file::BatchEstimate;
use crate::workload::cache_advice::CacheAdvice;
use crate::workload::sweep::Sweep;
use crate::workload::{Comparison, Estimate, Migration};

/// An output format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
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

/// Renders a quote.
pub fn quote(quote: &Quote, format: Format) -> Result<String> {
    Ok(match format {
        Format::Table => table::render(&sheet::quote(quote)),
        Format::Markdown => markdown::render(&sheet::quote(quote)),
        Format::Json => json::quote(quote),
        Format::Csv => csv::quote(quote),
    })
}

/// Renders the list of models of the effective table.
pub fn models(table: &PricingTable, format: Format) -> Result<String> {
    Ok(match format {
        Format::Table => table::render(&sheet::models(table)?),
        Format::Markdown => markdown::render(&sheet::models(table)?),
        Format::Json => json::models(table, &table.models.iter().collect::<Vec<_>>())?,
        Format::Csv => csv::models(table)?,
    })
}

/// Renders everything the table holds about one model.
pub fn model(table: &PricingTable, model: &Model, format: Format) -> Result<String> {
    Ok(match format {
        Format::Table => table::render(&sheet::model(table, model)?),
        Format::Markdown => markdown::render(&sheet::model(table, model)?),
        Format::Json => json::models(table, &[model])?,
        Format::Csv => csv::model(table, model)?,
    })
}

/// Renders a workload estimate.
pub fn estimate(e: &Estimate, format: Format) -> Result<String> {
    Ok(match format {
        Format::Table => join(sheet::estimate(e).iter().map(table::render)),
        Format::Markdown => join(sheet::estimate(e).iter().map(markdown::render)),
        Format::Json => json::estimate(e),
        Format::Csv => csv::estimate(e),
    })
}

/// Renders a comparison.
pub fn comparison(c: &Comparison, format: Format) -> Result<String> {
    Ok(match format {
        Format::Table => table::render(&sheet::comparison(c)),
        Format::Markdown => markdown::render(&sheet::comparison(c)),
        Format::Json => json::comparison(c),
        Format::Csv => csv::comparison(c),
    })
}

/// Renders a token estimate.
pub fn token_estimate(t: &TokenEstimate, format: Format) -> Result<String> {
    Ok(match format {
        Format::Table => table::render(&sheet::token_estimate(t)),
        Format::Markdown => markdown::render(&sheet::token_estimate(t)),
        Format::Json => json::token_estimate(t),
        Format::Csv => csv::token_estimate(t),
    })
}

/// Renders a batch-file estimate.
pub fn batch_file(b: &BatchEstimate, format: Format) -> Result<String> {
    Ok(match format {
        Format::Table => table::render(&sheet::batch_file(b)),
        Format::Markdown => markdown::render(&sheet::batch_file(b)),
        Format::Json => json::batch_file(b),
        Format::Csv => csv::batch_file(b),
    })
}

/// Renders a migration.
pub fn migration(m: &Migration, format: Format) -> Result<String> {
    Ok(match format {
        Format::Table => join(sheet::migration(m).iter().map(table::render)),
        Format::Markdown => join(sheet::migration(m).iter().map(markdown::render)),
        Format::Json => json::migration(m),
        Format::Csv => csv::migration(m),
    })
}

/// Renders cache advice.
pub fn cache_advice(advice: &[CacheAdvice], format: Format) -> Result<String> {
    Ok(match format {
        Format::Table => table::render(&sheet::cache_advice(advice)?),
        Format::Markdown => markdown::render(&sheet::cache_advice(advice)?),
        Format::Json => json::cache_advice(advice)?,
        Format::Csv => csv::cache_advice(advice)?,
    })
}

/// Renders a sweep.
pub fn sweep(sw: &Sweep, format: Format) -> Result<String> {
    Ok(match format {
        Format::Table => table::render(&sheet::sweep(sw)),
        Format::Markdown => markdown::render(&sheet::sweep(sw)),
        Format::Json => json::sweep(sw),
        Format::Csv => csv::sweep(sw),
    })
}

/// Several rendered sheets, separated by a blank line.
fn join(parts: impl Iterator<Item = String>) -> String {
    parts.collect::<Vec<_>>().join("\n")
}
