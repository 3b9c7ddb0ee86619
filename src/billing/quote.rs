//! A usage profile priced line by line: [`quote`].

use rust_decimal::Decimal;
use serde::Serialize;

use super::checks::{billed_mode, check_limits, check_quantities, check_served, model_warnings};
use super::mode::Mode;
use super::pricer::Pricer;
use crate::error::{Error, Result};
use crate::money::{div, mul, sum};
use crate::pricing::{Model, PricingTable};
use crate::warning::Warning;

/// Token counts per request, as the API's `usage` object reports them. Fractions are allowed so
/// that averages over a workload stay exact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usage {
    /// Uncached input tokens (`usage.input_tokens`).
    pub input: Decimal,
    /// Tokens written to the cache with the 5-minute TTL.
    pub cache_write_5m: Decimal,
    /// Tokens written to the cache with the 1-hour TTL.
    pub cache_write_1h: Decimal,
    /// Tokens read from the cache (hits and refreshes).
    pub cache_read: Decimal,
    /// Output tokens, thinking included.
    pub output: Decimal,
    /// Web searches performed (billed per search, not per token).
    pub web_searches: Decimal,
}

impl Usage {
    /// The prompt length that decides a prompt-length tier: every input token of the request.
    pub fn prompt_tokens(&self) -> Result<Decimal> {
        sum(
            [
                self.input,
                self.cache_write_5m,
                self.cache_write_1h,
                self.cache_read,
            ],
            "the prompt length",
        )
    }

    pub(crate) fn quantities(&self) -> [(Item, Decimal); 6] {
        [
            (Item::Input, self.input),
            (Item::CacheWrite5m, self.cache_write_5m),
            (Item::CacheWrite1h, self.cache_write_1h),
            (Item::CacheRead, self.cache_read),
            (Item::Output, self.output),
            (Item::WebSearch, self.web_searches),
        ]
    }
}

/// A billed item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    /// Uncached input tokens.
    Input,
    /// 5-minute cache writes.
    CacheWrite5m,
    /// 1-hour cache writes.
    CacheWrite1h,
    /// Cache reads.
    CacheRead,
    /// Output tokens.
    Output,
    /// Web searches.
    WebSearch,
}

impl Item {
    /// Machine name used in JSON and CSV (`cache_write_5m`).
    pub fn key(self) -> &'static str {
        match self {
            Item::Input => "input",
            Item::CacheWrite5m => "cache_write_5m",
            Item::CacheWrite1h => "cache_write_1h",
            Item::CacheRead => "cache_read",
            Item::Output => "output",
            Item::WebSearch => "web_search",
        }
    }

    /// Human name used in tables (`cache write 5m`).
    pub fn label(self) -> &'static str {
        match self {
            Item::Input => "input",
            Item::CacheWrite5m => "cache write 5m",
            Item::CacheWrite1h => "cache write 1h",
            Item::CacheRead => "cache read",
            Item::Output => "output",
            Item::WebSearch => "web search",
        }
    }

    /// Whether the item is billed per token (per MTok) rather than per use.
    pub fn is_tokens(self) -> bool {
        self != Item::WebSearch
    }

    /// How many units the rate is quoted for: a million tokens, or a thousand searches.
    pub fn rate_unit(self) -> Decimal {
        if self.is_tokens() {
            Decimal::from(1_000_000u32)
        } else {
            Decimal::from(1_000u32)
        }
    }
}

/// One named factor in a rate, e.g. `0.5` for `batch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Factor {
    /// What the factor is for (`cache read`, `batch`, `US-only`, `regional`).
    pub name: &'static str,
    /// Its value.
    #[serde(rename = "factor", with = "crate::money::exact")]
    pub value: Decimal,
}

/// The rate a line starts from, before factors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseRate {
    /// Which price it is (`input`, `fast output`, `input (prompt > 100,000)`, `published cache read`).
    pub label: String,
    /// USD per rate unit (per MTok, or per 1,000 searches).
    pub usd: Decimal,
}

/// One billed item of a quote, with everything needed to explain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// What is billed.
    pub item: Item,
    /// Tokens (or searches) per request.
    pub per_request: Decimal,
    /// Tokens (or searches) over all requests.
    pub quantity: Decimal,
    /// The price the rate starts from.
    pub base: BaseRate,
    /// The factors applied to it, in order.
    pub factors: Vec<Factor>,
    /// `base × factors`: USD per MTok (per 1,000 searches for web search).
    pub rate: Decimal,
    /// `quantity × rate ÷ unit`, exact.
    pub cost: Decimal,
}

/// The price of a usage profile: lines, total and what shaped them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// Canonical model id.
    pub model: String,
    /// Model display name.
    pub model_name: String,
    /// The modifiers applied.
    #[serde(flatten)]
    pub mode: Mode,
    /// Number of requests.
    #[serde(with = "crate::money::exact")]
    pub requests: Decimal,
    /// Per-request usage (the lines carry it item by item).
    #[serde(skip)]
    pub usage: Usage,
    /// Prompt tokens per request (uncached input + cache writes + cache reads).
    #[serde(rename = "prompt_tokens_per_request", with = "crate::money::exact")]
    pub prompt_tokens: Decimal,
    /// The prompt-length threshold exceeded, when a tier priced the request.
    #[serde(rename = "tier_above_prompt_tokens")]
    pub tier_above: Option<u64>,
    /// Billed items: input and output always, the others when used.
    pub lines: Vec<Line>,
    /// Sum of the lines' costs, exact.
    #[serde(rename = "total_usd", with = "crate::money::exact")]
    pub total: Decimal,
    /// Things the user should know that do not stop the quote.
    #[serde(serialize_with = "crate::report::warning::serialize")]
    pub warnings: Vec<Warning>,
}

impl Serialize for Line {
    /// Token items carry `tokens…` and `rate_usd_per_mtok`, web search `searches…` and
    /// `rate_usd_per_1k_searches`, so no consumer mistakes one unit for the other.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use crate::money::Exact;
        use serde::ser::SerializeStruct;
        let tokens = self.item.is_tokens();
        let mut st = s.serialize_struct("Line", 7)?;
        st.serialize_field("item", &self.item.key())?;
        let (per, total, rate) = if tokens {
            ("tokens_per_request", "tokens", "rate_usd_per_mtok")
        } else {
            (
                "searches_per_request",
                "searches",
                "rate_usd_per_1k_searches",
            )
        };
        st.serialize_field(per, &Exact(self.per_request))?;
        st.serialize_field(total, &Exact(self.quantity))?;
        st.serialize_field("base_price", &self.base.label)?;
        st.serialize_field("base_rate_usd", &Exact(self.base.usd))?;
        st.serialize_field("multipliers", &self.factors)?;
        st.serialize_field(rate, &Exact(self.rate))?;
        st.serialize_field("cost_usd", &Exact(self.cost))?;
        st.end()
    }
}

/// Prices `requests` requests of `usage` each on `model` under `mode`.
///
/// Errors, never silent substitutes: an option the model or platform does not support, a price
/// the table does not have, a request over the model's limits, arithmetic overflow.
pub fn quote(
    table: &PricingTable,
    model: &Model,
    usage: &Usage,
    requests: Decimal,
    mode: &Mode,
) -> Result<Quote> {
    let prompt_tokens = usage.prompt_tokens()?;
    let mut quote = quote_totals(table, model, usage, requests, prompt_tokens, mode)?;
    // Held to the model's limits as one request (under the mode it is billed as); the limits'
    // warnings come first.
    let limits = check_limits(model, usage, prompt_tokens, &quote.mode)?;
    quote.warnings.splice(0..0, limits);
    Ok(quote)
}

/// Prices `units` units of token totals `usage` each (a day's tokens of many requests) at the
/// rates of a request whose prompt is `prompt_tokens` long. Every rule and warning of [`quote`]
/// (billed-as mode, model status, a rate of 0) applies; no per-request limit is checked, since a
/// unit is many requests.
pub fn quote_totals(
    table: &PricingTable,
    model: &Model,
    usage: &Usage,
    units: Decimal,
    prompt_tokens: Decimal,
    mode: &Mode,
) -> Result<Quote> {
    check_quantities(usage, units)?;
    check_served(model, mode)?;
    let (mode, billed_as) = billed_mode(model, mode);
    let pricer = Pricer::new(table, model, prompt_tokens, &mode)?;
    let mut warnings = Vec::from_iter(billed_as);
    warnings.extend(model_warnings(model));
    let lines = priced_lines(&pricer, usage, units)?;
    warnings.extend(
        lines
            .iter()
            .filter(|l| l.rate.is_zero() && !l.quantity.is_zero())
            .map(|l| Warning::ZeroRate {
                model: model.id.clone(),
                item: l.item.label().to_string(),
            }),
    );
    let total = sum(lines.iter().map(|l| l.cost), "the total")?;
    Ok(Quote {
        model: model.id.clone(),
        model_name: model.name.clone(),
        mode,
        requests: units,
        usage: usage.clone(),
        prompt_tokens,
        tier_above: pricer.tier_above,
        lines,
        total,
        warnings,
    })
}

/// One line per billed item of `requests` requests of `usage` (input and output always, the
/// others when used).
fn priced_lines(pricer: &Pricer, usage: &Usage, requests: Decimal) -> Result<Vec<Line>> {
    let mut lines = Vec::new();
    for (item, per_request) in usage.quantities() {
        let always = matches!(item, Item::Input | Item::Output);
        if per_request.is_zero() && !always {
            continue;
        }
        let (line_base, factors, rate) = pricer.rate(item)?;
        let what = format!("the {} cost", item.label());
        let quantity = mul(per_request, requests, &what)?;
        let cost = div(mul(quantity, rate, &what)?, item.rate_unit(), &what)?;
        // A positive amount is never carried as 0.
        if cost.is_zero() && quantity > Decimal::ZERO && rate > Decimal::ZERO {
            return Err(Error::TooSmall(what));
        }
        lines.push(Line {
            item,
            per_request,
            quantity,
            base: line_base,
            factors,
            rate,
            cost,
        });
    }
    Ok(lines)
}

/// Prices token totals already summed over many requests (a usage export), at the rates of a
/// request whose prompt is `prompt_tokens` long (which decides a prompt-length tier). No
/// per-request limit is checked: the totals are many requests. Each line's `per_request` is
/// its total. The mode is billed as [`quote`] bills it (fast mode after its removal, on a model
/// the API then bills at standard, comes back at standard with the warning that says so).
pub fn bill(
    table: &PricingTable,
    model: &Model,
    totals: &Usage,
    prompt_tokens: Decimal,
    mode: &Mode,
) -> Result<(Vec<Line>, Option<Warning>)> {
    check_quantities(totals, Decimal::ONE)?;
    check_served(model, mode)?;
    let (mode, billed_as) = billed_mode(model, mode);
    let pricer = Pricer::new(table, model, prompt_tokens, &mode)?;
    Ok((priced_lines(&pricer, totals, Decimal::ONE)?, billed_as))
}

/// The rate of one item for a model at a prompt length under a mode, exactly as [`quote`]
/// applies it: returns USD per MTok (per 1,000 searches for web search).
pub fn rate(
    table: &PricingTable,
    model: &Model,
    item: Item,
    prompt_tokens: Decimal,
    mode: &Mode,
) -> Result<Decimal> {
    check_served(model, mode)?;
    let (mode, _) = billed_mode(model, mode);
    Pricer::new(table, model, prompt_tokens, &mode)?
        .rate(item)
        .map(|(_, _, r)| r)
}
