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

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::money::{add, div, format_count, mul, sum};
use crate::pricing::schema::Factor as TableFactor;
use crate::pricing::{Model, Platform, PricingTable, Status};

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

    fn quantities(&self) -> [(Item, Decimal); 6] {
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

/// Service speed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Speed {
    /// Standard speed.
    #[default]
    Standard,
    /// Fast mode (`speed: "fast"`), priced per the model's `fast` entry.
    Fast,
}

/// Where inference runs (the Claude API's `inference_geo`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InferenceGeo {
    /// Global routing (the default).
    #[default]
    Global,
    /// US-only inference.
    Us,
}

/// The pricing modifiers of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mode {
    /// Sent through the Message Batches API.
    pub batch: bool,
    /// Standard or fast.
    pub speed: Speed,
    /// Global or US-only.
    pub inference_geo: InferenceGeo,
    /// Platform id from the pricing table (`anthropic`, `bedrock-regional`…).
    pub platform: String,
}

/// The platform every quote uses unless told otherwise.
pub const DEFAULT_PLATFORM: &str = "anthropic";

impl Default for Mode {
    fn default() -> Self {
        Mode {
            batch: false,
            speed: Speed::Standard,
            inference_geo: InferenceGeo::Global,
            platform: DEFAULT_PLATFORM.to_string(),
        }
    }
}

/// A billed item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Factor {
    /// What the factor is for (`cache read`, `batch`, `US-only`, `regional`).
    pub name: &'static str,
    /// Its value.
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Canonical model id.
    pub model: String,
    /// Model display name.
    pub model_name: String,
    /// The modifiers applied.
    pub mode: Mode,
    /// Number of requests.
    pub requests: Decimal,
    /// Per-request usage.
    pub usage: Usage,
    /// Prompt tokens per request (uncached input + cache writes + cache reads).
    pub prompt_tokens: Decimal,
    /// The prompt-length threshold exceeded, when a tier priced the request.
    pub tier_above: Option<u64>,
    /// Billed items: input and output always, the others when used.
    pub lines: Vec<Line>,
    /// Sum of the lines' costs, exact.
    pub total: Decimal,
    /// Things the user should know that do not stop the quote.
    pub warnings: Vec<String>,
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
    check_quantities(usage, requests)?;
    let prompt_tokens = usage.prompt_tokens()?;
    let pricer = Pricer::new(table, model, prompt_tokens, mode)?;
    let mut warnings = check_limits(model, usage, prompt_tokens, mode)?;
    warnings.extend(model_warnings(model));

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
    let total = sum(lines.iter().map(|l| l.cost), "the total")?;
    Ok(Quote {
        model: model.id.clone(),
        model_name: model.name.clone(),
        mode: mode.clone(),
        requests,
        usage: usage.clone(),
        prompt_tokens,
        tier_above: pricer.tier_above,
        lines,
        total,
        warnings,
    })
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
    Pricer::new(table, model, prompt_tokens, mode)?
        .rate(item)
        .map(|(_, _, r)| r)
}

/// Everything that fixes the rates of a request: the checked mode, the tier, the base prices
/// and the factors common to every token class.
struct Pricer<'a> {
    table: &'a PricingTable,
    model: &'a Model,
    input: BaseRate,
    output: BaseRate,
    common: Vec<Factor>,
    tier_above: Option<u64>,
}

impl<'a> Pricer<'a> {
    fn new(
        table: &'a PricingTable,
        model: &'a Model,
        prompt_tokens: Decimal,
        mode: &Mode,
    ) -> Result<Self> {
        let platform = table.platform(&mode.platform)?;
        check_mode(table, model, platform, mode)?;
        let tier = match mode.speed {
            Speed::Fast => None,
            Speed::Standard => model
                .prompt_tiers
                .iter()
                .rev()
                .find(|t| prompt_tokens > Decimal::from(t.above_prompt_tokens)),
        };
        let (input, output) = match (mode.speed, tier, &model.fast) {
            (Speed::Fast, _, Some(fast)) => (
                base("fast input", fast.input_usd_per_mtok.0),
                base("fast output", fast.output_usd_per_mtok.0),
            ),
            (_, Some(t), _) => (
                base(
                    &format!(
                        "input (prompt > {})",
                        format_count(t.above_prompt_tokens.into())
                    ),
                    t.input_usd_per_mtok.0,
                ),
                base(
                    &format!(
                        "output (prompt > {})",
                        format_count(t.above_prompt_tokens.into())
                    ),
                    t.output_usd_per_mtok.0,
                ),
            ),
            _ => (
                base("input", model.input_usd_per_mtok.0),
                base("output", model.output_usd_per_mtok.0),
            ),
        };
        Ok(Pricer {
            table,
            model,
            input,
            output,
            common: common_factors(model, platform, mode),
            tier_above: tier.map(|t| t.above_prompt_tokens),
        })
    }

    fn rate(&self, item: Item) -> Result<(BaseRate, Vec<Factor>, Decimal)> {
        let (line_base, mut factors) = match item {
            Item::Input => (self.input.clone(), Vec::new()),
            Item::Output => (self.output.clone(), Vec::new()),
            Item::CacheWrite5m | Item::CacheWrite1h | Item::CacheRead => {
                cache_base(self.model, item, &self.input)?
            }
            Item::WebSearch => (web_search_base(self.table)?, Vec::new()),
        };
        if item.is_tokens() {
            factors.extend(self.common.iter().cloned());
        }
        let rate = factors.iter().try_fold(line_base.usd, |r, f| {
            mul(r, f.value, &format!("the {} rate", item.label()))
        })?;
        Ok((line_base, factors, rate))
    }
}

fn base(label: &str, usd: Decimal) -> BaseRate {
    BaseRate {
        label: label.to_string(),
        usd,
    }
}

/// The base and cache factor of a cache line: the model's published absolute price where it
/// breaks the multiplier rule, otherwise the (tier or fast) input rate times the multiplier.
fn cache_base(model: &Model, item: Item, input: &BaseRate) -> Result<(BaseRate, Vec<Factor>)> {
    let (published, multiplier, field) = match item {
        Item::CacheWrite5m => (
            model.cache_write_5m_usd_per_mtok,
            model.cache_write_5m_multiplier,
            "cache_write_5m_multiplier",
        ),
        Item::CacheWrite1h => (
            model.cache_write_1h_usd_per_mtok,
            model.cache_write_1h_multiplier,
            "cache_write_1h_multiplier",
        ),
        _ => (
            model.cache_read_usd_per_mtok,
            model.cache_read_multiplier,
            "cache_read_multiplier",
        ),
    };
    // Validation guarantees a published price never meets a tier or fast mode, so the base
    // input here is the model's own input price.
    if let Some(p) = published {
        return Ok((
            base(&format!("published {}", item.label()), p.0),
            Vec::new(),
        ));
    }
    let Some(TableFactor(m)) = multiplier else {
        return Err(Error::MissingPrice(format!(
            "model `{}` has no published {} price (`{field}` is not in the pricing table); \
             burnrate will not guess it",
            model.id,
            item.label()
        )));
    };
    Ok((
        input.clone(),
        vec![Factor {
            name: item.label(),
            value: m,
        }],
    ))
}

fn web_search_base(table: &PricingTable) -> Result<BaseRate> {
    let tools = table.server_tools.as_ref().ok_or_else(|| {
        Error::MissingPrice(
            "the pricing table has no web search fee (`server_tools.web_search_usd_per_1k_searches`)"
                .to_string(),
        )
    })?;
    Ok(base(
        "web search per 1,000",
        tools.web_search_usd_per_1k_searches.0,
    ))
}

/// Factors that apply to every token class: batch, US-only, regional premium.
fn common_factors(model: &Model, platform: &Platform, mode: &Mode) -> Vec<Factor> {
    let mut factors = Vec::new();
    // check_mode has ensured that a requested multiplier exists.
    if let (true, Some(TableFactor(b))) = (mode.batch, model.batch_multiplier) {
        factors.push(Factor {
            name: "batch",
            value: b,
        });
    }
    if let (InferenceGeo::Us, Some(TableFactor(us))) =
        (mode.inference_geo, model.inference_geo_us_multiplier)
    {
        factors.push(Factor {
            name: "US-only",
            value: us,
        });
    }
    if let (Some(TableFactor(r)), true) = (platform.regional_multiplier, model.regional_premium) {
        factors.push(Factor {
            name: "regional",
            value: r,
        });
    }
    factors
}

fn check_quantities(usage: &Usage, requests: Decimal) -> Result<()> {
    let negative = usage
        .quantities()
        .into_iter()
        .find(|(_, q)| q.is_sign_negative() && !q.is_zero());
    if let Some((item, q)) = negative {
        return Err(Error::Usage(format!(
            "{} must be zero or more, got {q}",
            item.label()
        )));
    }
    if requests.is_sign_negative() && !requests.is_zero() {
        return Err(Error::Usage(format!(
            "requests must be zero or more, got {requests}"
        )));
    }
    Ok(())
}

/// Refuses modifiers the model or platform does not offer, saying why.
fn check_mode(table: &PricingTable, model: &Model, platform: &Platform, mode: &Mode) -> Result<()> {
    if mode.batch && mode.speed == Speed::Fast {
        return Err(Error::Usage(
            "`--fast` cannot be combined with `--batch`: fast mode is not available through \
             the Message Batches API"
                .to_string(),
        ));
    }
    if mode.batch {
        if !platform.batch {
            return Err(Error::Unsupported(format!(
                "`--batch`: the pricing table has no batch prices for platform `{}`; set \
                 `batch: true` on the platform in a `--pricing` file to price it",
                platform.id
            )));
        }
        if model.batch_multiplier.is_none() {
            return Err(Error::Unsupported(format!(
                "`--batch`: model `{}` has no Batch API price in the pricing table \
                 (`batch_multiplier` is not set)",
                model.id
            )));
        }
    }
    if mode.speed == Speed::Fast {
        let Some(fast) = &model.fast else {
            let with_fast: Vec<&str> = table
                .models
                .iter()
                .filter(|m| m.fast.is_some())
                .map(|m| m.id.as_str())
                .collect();
            return Err(Error::Unsupported(format!(
                "`--fast`: model `{}` has no fast mode{}; models with fast mode: {}",
                model.id,
                model
                    .notes
                    .as_deref()
                    .filter(|n| n.to_ascii_lowercase().contains("fast mode"))
                    .map(|n| format!(" ({})", n.trim_end_matches('.')))
                    .unwrap_or_default(),
                if with_fast.is_empty() {
                    "none".to_string()
                } else {
                    with_fast.join(", ")
                }
            )));
        };
        if !fast.platforms.iter().any(|p| p == &platform.id) {
            return Err(Error::Unsupported(format!(
                "`--fast`: fast mode for model `{}` is offered on {} only, not on platform `{}`",
                model.id,
                fast.platforms.join(", "),
                platform.id
            )));
        }
    }
    if mode.inference_geo == InferenceGeo::Us {
        if !platform.inference_geo {
            return Err(Error::Unsupported(format!(
                "`--inference-geo us` applies to the Claude API only; platform `{}` sets its own \
                 regional prices (see `--platform`)",
                platform.id
            )));
        }
        if model.inference_geo_us_multiplier.is_none() {
            return Err(Error::Unsupported(format!(
                "`--inference-geo us`: model `{}` is not eligible for US-only inference \
                 (no `inference_geo_us_multiplier` in the pricing table; the API rejects \
                 `inference_geo` on models before Claude 4.6)",
                model.id
            )));
        }
    }
    Ok(())
}

/// Refuses requests the API would reject; warns where a beta header is needed.
fn check_limits(
    model: &Model,
    usage: &Usage,
    prompt_tokens: Decimal,
    mode: &Mode,
) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    let needed = add(prompt_tokens, usage.output, "the context size")?;
    let window = Decimal::from(model.context_window_tokens);
    if needed > window {
        match model.beta_context_window_tokens {
            Some(beta) if needed <= Decimal::from(beta) => warnings.push(format!(
                "{} prompt + output tokens per request exceed {}'s standard {}-token context \
                 window; this needs its {}-token beta context window",
                format_count(needed),
                model.id,
                format_count(window),
                format_count(beta.into())
            )),
            limit => {
                return Err(Error::Limit(format!(
                    "{} prompt + output tokens per request exceed {}'s {}-token context window; \
                     the API would reject the request",
                    format_count(needed),
                    model.id,
                    format_count(limit.unwrap_or(model.context_window_tokens).into())
                )));
            }
        }
    }
    let max_output = if mode.batch {
        model.batch_max_output_tokens.or(model.max_output_tokens)
    } else {
        model.max_output_tokens
    };
    if let Some(max) = max_output.filter(|&max| usage.output > Decimal::from(max)) {
        return Err(Error::Limit(format!(
            "{} output tokens per request exceed {}'s maximum of {}{}",
            format_count(usage.output),
            model.id,
            format_count(max.into()),
            if mode.batch {
                " through the Batch API"
            } else {
                ""
            }
        )));
    }
    Ok(warnings)
}

fn model_warnings(model: &Model) -> Vec<String> {
    let mut warnings = Vec::new();
    if !model.id_confirmed {
        warnings.push(format!(
            "the API id `{}` is not confirmed by any public source",
            model.id
        ));
    }
    match model.status {
        Status::Retired | Status::Deprecated | Status::Restricted => warnings.push(format!(
            "{} is {}: {}",
            model.id,
            model.status,
            model
                .notes
                .as_deref()
                .unwrap_or("see `burnrate models`")
                .trim()
        )),
        Status::Current | Status::Legacy => {}
    }
    warnings
}

/// Per-MTok rates of every token class under one mode; `None` where the table has no price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rates {
    /// Uncached input.
    pub input: Decimal,
    /// 5-minute cache write.
    pub cache_write_5m: Option<Decimal>,
    /// 1-hour cache write.
    pub cache_write_1h: Option<Decimal>,
    /// Cache read.
    pub cache_read: Option<Decimal>,
    /// Output.
    pub output: Decimal,
}

/// One row of a model's rate card: a named situation and its rates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateRow {
    /// `standard`, `batch`, `prompt > 100000`, `prompt > 100000, batch`, `fast`.
    pub label: String,
    /// The rates in that situation.
    pub rates: Rates,
}

/// Every rate a model can be billed at on its home platform (`anthropic` where the table has
/// it): standard and batch, each prompt-length tier, and fast mode. Computed by the same code as
/// [`quote`], so the card and a quote can never disagree.
pub fn rate_card(table: &PricingTable, model: &Model) -> Result<Vec<RateRow>> {
    let platform = home_platform(table)?;
    let standard = Mode {
        platform: platform.to_string(),
        ..Mode::default()
    };
    let batch = Mode {
        batch: true,
        ..standard.clone()
    };
    let fast = Mode {
        speed: Speed::Fast,
        ..standard.clone()
    };
    let mut situations = vec![("standard".to_string(), standard.clone(), Decimal::ZERO)];
    let batch_ok = Pricer::new(table, model, Decimal::ZERO, &batch).is_ok();
    if batch_ok {
        situations.push(("batch".to_string(), batch.clone(), Decimal::ZERO));
    }
    for tier in &model.prompt_tiers {
        let over = Decimal::from(tier.above_prompt_tokens) + Decimal::ONE;
        let label = format!("prompt > {}", format_count(tier.above_prompt_tokens.into()));
        situations.push((label.clone(), standard.clone(), over));
        if batch_ok {
            situations.push((format!("{label}, batch"), batch.clone(), over));
        }
    }
    if Pricer::new(table, model, Decimal::ZERO, &fast).is_ok() {
        situations.push(("fast".to_string(), fast, Decimal::ZERO));
    }
    situations
        .into_iter()
        .map(|(label, mode, prompt)| {
            let pricer = Pricer::new(table, model, prompt, &mode)?;
            let optional = |item| pricer.rate(item).ok().map(|(_, _, r)| r);
            Ok(RateRow {
                label,
                rates: Rates {
                    input: pricer.rate(Item::Input)?.2,
                    cache_write_5m: optional(Item::CacheWrite5m),
                    cache_write_1h: optional(Item::CacheWrite1h),
                    cache_read: optional(Item::CacheRead),
                    output: pricer.rate(Item::Output)?.2,
                },
            })
        })
        .collect()
}

/// The platform a rate card is shown for: `anthropic` if defined, else the table's first.
fn home_platform(table: &PricingTable) -> Result<&str> {
    table
        .platforms
        .iter()
        .find(|p| p.id == DEFAULT_PLATFORM)
        .or_else(|| table.platforms.first())
        .map(|p| p.id.as_str())
        .ok_or_else(|| Error::MissingPrice("the pricing table defines no platforms".to_string()))
}
