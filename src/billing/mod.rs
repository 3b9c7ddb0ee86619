//! The cost formula: how the API bills one usage profile.
//!
//! For each billed item the rate is
//!
//! ```text
//! rate = base rate                      model price, or its prompt-length tier, or fast-mode price
//!      × cache multiplier               5m write, 1h write or read (absent for input and output)
//!      × batch multiplier               with --batch
//!      × US-only multiplier             with --inference-geo us
//!      × regional multiplier            on a regional cloud endpoint, for models that pay it
//! cost = tokens × rate ÷ 1,000,000
//! ```
//!
//! All factors come from the pricing table; the order does not change the product. A request's
//! prompt length (uncached input + cache writes + cache reads) picks the tier, and the tier then
//! prices every token class of the request, output included. Fast mode has its own prices across
//! the whole context window, so tiers do not apply to it. Web search is a flat fee per search,
//! never discounted or multiplied.
//!
//! Nothing here rounds: every line and the total are exact decimals.
//!
//! - `mode.rs`: the modifiers (batch, speed, inference geo, platform, TTL);
//! - `quote.rs`: usage, billed items and [`quote`], the priced profile;
//! - `pricer.rs`: the base rate and factors of each item under a mode;
//! - `checks.rs`: what the API refuses (options, limits) and what it warns about;
//! - `rate_card.rs`: every rate a model can be billed at, for `burnrate models`.

mod checks;
mod mode;
mod pricer;
mod quote;
mod rate_card;

pub(crate) use checks::tool_overhead;
pub use mode::{DEFAULT_PLATFORM, InferenceGeo, Mode, ModeOption, Speed, Ttl};
pub use quote::{BaseRate, Factor, Item, Line, Quote, Usage, bill, quote, quote_totals, rate};
pub use rate_card::{
    Catalog, ChangeSource, FamilyAlias, ModelCard, PeriodCard, RateRow, Rates, ToolOverhead,
    catalog, rate_card,
};
