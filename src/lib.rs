//! burnrate tells a team what its Claude API traffic will cost before it spends the money.
//!
//! The pipeline is a series of pure stages; only the first and the last touch the outside world:
//!
//! 1. [`pricing`]: load the embedded `pricing/*.yaml` and the user's overrides into a validated
//!    [`pricing::PricingTable`] (YAML through `yaml`, with positions for every error);
//! 2. [`billing`]: price a usage profile under a mode (batch, fast, US-only, platform) into a
//!    [`billing::Quote`] whose every line carries its tokens, base rate, factors and exact cost;
//! 3. [`workload`] and [`tokens`]: the commands' calculations (estimate, compare, migrate,
//!    cache advice, sweep; token counts, batch files, calibration), each returning a result that
//!    owns every figure a report shows, with typed [`warning`]s;
//! 4. [`report`]: lay results out as a table, Markdown, JSON or CSV;
//! 5. `cli` (feature `cli`): the command line over all of it; `schema` (feature `schema`): the
//!    files' JSON Schemas, generated from the same serde types.
//!
//! Money is [`rust_decimal::Decimal`] throughout and is rounded only for display ([`money`]);
//! figures with an uncertainty are a [`range::Range`]; [`quantity`] holds the validated
//! decimals read from files; [`error`] the one error type and its exit codes.
//!
//! ```
//! use burnrate::billing::{quote, Mode, Usage};
//! use burnrate::pricing::PricingTable;
//! use rust_decimal::Decimal;
//!
//! let table = PricingTable::builtin()?;
//! let (model, _) = table.resolve("claude-sonnet-4-6")?;
//! let usage = Usage { input: Decimal::from(500), output: Decimal::from(200), ..Usage::default() };
//! let q = quote(&table, model, &usage, Decimal::from(10_000), &Mode::default())?;
//! assert_eq!(q.total, Decimal::from(45)); // 5M input at $3 + 2M output at $15 per MTok
//! # Ok::<(), burnrate::error::Error>(())
//! ```

pub mod billing;
#[cfg(feature = "cli")]
pub mod cli;
pub mod error;
pub mod forecast;
pub mod money;
pub mod number;
pub mod pricing;
pub mod quantity;
pub mod range;
pub mod report;
#[cfg(feature = "schema")]
pub mod schema;
mod suggest;
pub mod tokens;
pub mod usage;
mod utf8;
pub mod warning;
pub mod workload;
mod yaml;
