//! Pricing a workload for its period: requests from rates, cached and uncached shapes, the batch
//! split and escalation, each priced by [`billing::quote`] so every rule of a quote applies.
//!
//! Per task and period:
//!
//! ```text
//! requests   = rate converted to the period (per day × days, per hour × active hours × days,
//!              per month × days ÷ days_per_month)
//! prefix     = system_tokens + the model's tool-use overhead for tool_choice
//! cached     = cache is set and prefix ≥ the model's minimum cacheable length
//! hit rate h = the given share, or 1 − e^(−λT) with λ = requests per minute per prefix variant
//! a request  = user_tokens of input + output_tokens + web searches, and the prefix as
//!              a cache read (share h), a cache write at the TTL's rate (share 1 − h),
//!              or plain input (not cached)
//! batch      = batch_share of the requests priced with the batch discount, the rest real-time
//! escalation = share × requests re-run on the escalation model with the same prompt, output,
//!              cache and batch settings (its own λ for auto), shown as its own row
//! ```
//!
//! Nothing is rounded; shares and rates keep fractional token counts exact.

use rust_decimal::Decimal;

use super::cache::auto_hit_rate;
use super::schema::{CacheSpec, HitRateSpec, Period, Task, TokenSource, ToolChoice, Ttl, Workload};
use crate::billing::{self, Item, Quote, Usage};
use crate::error::{Error, Result};
use crate::money::{add, div, format_count, format_usd, mul, sum};
use crate::pricing::schema::ToolTokens;
use crate::pricing::{Model, PricingTable};

/// Days in a month unless the workload says `days_per_month`.
pub const DEFAULT_DAYS_PER_MONTH: u32 = 30;

/// Months in a year, for a `requests_per_month` rate over `period: year`.
const MONTHS_PER_YEAR: u32 = 12;

/// A batch saving below this many dollars a period draws a warning: the Batch API's latency
/// (up to 24 hours) is then rarely worth it. A judgement threshold, not a price.
const TINY_BATCH_SAVING_USD: u32 = 1;

/// The priced workload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Estimate {
    /// The workload's name.
    pub name: String,
    /// The period.
    pub period: Period,
    /// Days in the period.
    pub days: Decimal,
    /// The budget for the period, if any.
    pub budget: Option<Decimal>,
    /// One row per task, each escalation as a row of its own after its task.
    pub tasks: Vec<TaskEstimate>,
    /// Totals by class over all rows.
    pub classes: Classes,
    /// The period's total, exact.
    pub total: Decimal,
    /// The total at the low and high tokenizer factors, when counts were measured from text.
    pub tokenizer_range: Option<(Decimal, Decimal)>,
    /// What may surprise the user (prefix below the cache minimum, cache that does not pay…).
    pub warnings: Vec<String>,
}

/// One priced row: a task, or the escalated share of a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskEstimate {
    /// The task's name.
    pub task: String,
    /// For an escalation row, the share of the task that is re-run.
    pub escalation_share: Option<Decimal>,
    /// Canonical model id.
    pub model: String,
    /// Requests in the period.
    pub requests: Decimal,
    /// Prefix tokens per request (system tokens + tool-use overhead).
    pub prefix_tokens: Decimal,
    /// What happened to caching.
    pub cache: CacheOutcome,
    /// Share of requests through the Batch API.
    pub batch_share: Decimal,
    /// The quotes that make up the row (real-time/batch × hit/miss/uncached).
    pub parts: Vec<Part>,
    /// Totals by class.
    pub classes: Classes,
    /// The row's total.
    pub total: Decimal,
    /// How token counts measured from files were made (empty when all were given as numbers).
    pub measured: Vec<String>,
    /// The model's tool-use system-prompt tokens included in the prefix.
    pub tool_overhead: Decimal,
}

/// How the prefix was billed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheOutcome {
    /// The task does not cache.
    Off,
    /// The prefix is shorter than the model's minimum cacheable length: plain input.
    BelowMinimum {
        /// The model's minimum.
        minimum: u64,
    },
    /// Cached.
    On {
        /// The TTL.
        ttl: Ttl,
        /// The share of requests that hit.
        hit_rate: Decimal,
        /// For `auto`: the traffic the rate was derived from.
        auto: Option<AutoHitRate>,
    },
}

/// The inputs of an `auto` hit rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutoHitRate {
    /// Requests per active minute per prefix variant (λ).
    pub per_minute: Decimal,
    /// Active minutes a day (H), when the cache expires between active periods and each day
    /// starts cold.
    pub cold_window_minutes: Option<Decimal>,
}

impl CacheOutcome {
    /// The hit rate used, when the prefix was cached.
    pub fn hit_rate(&self) -> Option<Decimal> {
        match self {
            CacheOutcome::On { hit_rate, .. } => Some(*hit_rate),
            _ => None,
        }
    }
}

/// A quote for a share of a row's requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// `real-time, cache hit`, `batch, uncached`…
    pub label: String,
    /// The quote (its `requests` is this part's share of the row's requests).
    pub quote: Quote,
}

/// Tokens (or searches) and cost of one class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClassTotal {
    /// Tokens, or searches for web search.
    pub quantity: Decimal,
    /// USD, exact.
    pub cost: Decimal,
}

/// Totals by billing class; 5-minute and 1-hour writes are one class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Classes {
    /// Uncached input.
    pub input: ClassTotal,
    /// Cache writes (both TTLs).
    pub cache_write: ClassTotal,
    /// Cache reads.
    pub cache_read: ClassTotal,
    /// Output.
    pub output: ClassTotal,
    /// Web searches.
    pub web_search: ClassTotal,
}

impl Classes {
    /// `(key, label, total)` for each class, in bill order.
    pub fn named(&self) -> [(&'static str, &'static str, ClassTotal); 5] {
        [
            ("input", "input", self.input),
            ("cache_write", "cache write", self.cache_write),
            ("cache_read", "cache read", self.cache_read),
            ("output", "output", self.output),
            ("web_search", "web search", self.web_search),
        ]
    }

    fn slot(&mut self, item: Item) -> &mut ClassTotal {
        match item {
            Item::Input => &mut self.input,
            Item::CacheWrite5m | Item::CacheWrite1h => &mut self.cache_write,
            Item::CacheRead => &mut self.cache_read,
            Item::Output => &mut self.output,
            Item::WebSearch => &mut self.web_search,
        }
    }

    fn add_quote(&mut self, quote: &Quote) -> Result<()> {
        for line in &quote.lines {
            let slot = self.slot(line.item);
            slot.quantity = add(slot.quantity, line.quantity, "class totals")?;
            slot.cost = add(slot.cost, line.cost, "class totals")?;
        }
        Ok(())
    }

    fn add_classes(&mut self, other: &Classes) -> Result<()> {
        let mut other = *other;
        for item in [
            Item::Input,
            Item::CacheWrite5m,
            Item::CacheRead,
            Item::Output,
            Item::WebSearch,
        ] {
            let theirs = *other.slot(item);
            let slot = self.slot(item);
            slot.quantity = add(slot.quantity, theirs.quantity, "class totals")?;
            slot.cost = add(slot.cost, theirs.cost, "class totals")?;
        }
        Ok(())
    }
}

/// Days in `period` (`days_per_month` for a month).
pub fn days_in(period: Period, days_per_month: Decimal) -> Decimal {
    match period {
        Period::Day => Decimal::ONE,
        Period::Week => Decimal::from(7),
        Period::Month => days_per_month,
        Period::Year => Decimal::from(365),
    }
}

/// Prices `workload` for its period, with advice (warnings) for each task and, when token
/// counts were measured from files, the range of the total that the tokenizer factors imply.
pub fn estimate(table: &PricingTable, workload: &Workload) -> Result<Estimate> {
    let mut e = estimate_with(table, workload, true, FactorPick::Typical)?;
    // A range exists when counts come from text, or are converted to another tokenizer.
    let measured = workload.tasks.iter().any(|t| {
        let models = std::iter::once(&t.model).chain(t.escalation.as_ref().map(|e| &e.model));
        [&t.tokens.system, &t.tokens.user, &t.tokens.output]
            .iter()
            .any(|s| matches!(s, TokenSource::Text(_)))
            || models
                .filter_map(|m| table.resolve(m).ok())
                .any(|(m, _)| converts(table, t, m))
    });
    if measured {
        let low = estimate_with(table, workload, false, FactorPick::Low)?.total;
        let high = estimate_with(table, workload, false, FactorPick::High)?.total;
        e.tokenizer_range = Some((low, high));
    }
    Ok(e)
}

/// Prices `workload`; `advise` adds the warnings that need extra what-if pricing; `pick`
/// chooses the factor for counts measured from text.
pub(crate) fn estimate_with(
    table: &PricingTable,
    workload: &Workload,
    advise: bool,
    pick: FactorPick,
) -> Result<Estimate> {
    let days_per_month = workload
        .days_per_month
        .map_or(Decimal::from(DEFAULT_DAYS_PER_MONTH), |f| f.0);
    let days = days_in(workload.period, days_per_month);
    let mut rows = Vec::new();
    let mut warnings = Vec::new();
    for task in &workload.tasks {
        let (model, _) = table.resolve(&task.model)?;
        let traffic = Traffic::of(task, workload.period, days, days_per_month)?;
        let run = Run {
            task,
            model,
            requests: traffic.requests,
            per_minute: traffic.per_minute,
            cache: task.cache.clone(),
            batch_share: task.batch_share.0,
            escalation_share: None,
            pick,
        };
        let row = price(table, &run).map_err(|e| in_task(task, e))?;
        if advise {
            warnings.extend(advice(table, &run, &row)?);
        }
        warnings.extend(quote_warnings(&row));
        rows.push(row);
        if let Some(esc) = &task.escalation {
            let (esc_model, _) = table.resolve(&esc.model)?;
            let run = Run {
                model: esc_model,
                requests: mul(traffic.requests, esc.share.0, "escalated requests")?,
                per_minute: mul(traffic.per_minute, esc.share.0, "escalated traffic")?,
                escalation_share: Some(esc.share.0),
                ..run
            };
            let row = price(table, &run).map_err(|e| in_task(task, e))?;
            if advise {
                warnings.extend(advice(table, &run, &row)?);
            }
            warnings.extend(quote_warnings(&row));
            rows.push(row);
        }
    }
    // The same model warning can come from several rows; say it once.
    let mut seen = std::collections::HashSet::new();
    warnings.retain(|w| seen.insert(w.clone()));
    let mut classes = Classes::default();
    for row in &rows {
        classes.add_classes(&row.classes)?;
    }
    let total = sum(rows.iter().map(|r| r.total), "the workload total")?;
    Ok(Estimate {
        name: workload.name.clone(),
        period: workload.period,
        days,
        budget: workload.budget_usd.map(|b| b.0),
        tasks: rows,
        classes,
        total,
        tokenizer_range: None,
        warnings,
    })
}

fn in_task(task: &Task, e: Error) -> Error {
    match e {
        Error::Overflow(_) => e,
        other => Error::Unsupported(format!("task `{}`: {other}", task.name)),
    }
}

/// A task's traffic converted to the period.
struct Traffic {
    /// Requests in the period.
    requests: Decimal,
    /// Requests per active minute (all prefix variants together).
    per_minute: Decimal,
}

impl Traffic {
    fn of(task: &Task, period: Period, days: Decimal, days_per_month: Decimal) -> Result<Traffic> {
        let hours = task.active_hours.0;
        let what = "the request rate";
        // Multiply before dividing, so a monthly rate over a month stays exact.
        let (requests, per_day) = if let Some(r) = task.requests_per_day {
            (mul(r.0, days, what)?, r.0)
        } else if let Some(r) = task.requests_per_hour {
            let per_day = mul(r.0, hours, what)?;
            (mul(per_day, days, what)?, per_day)
        } else if let Some(r) = task.requests_per_month {
            let in_period = match period {
                // A year is twelve months of a monthly rate, not 365 / days_per_month of them.
                Period::Year => mul(r.0, Decimal::from(MONTHS_PER_YEAR), what)?,
                _ => div(mul(r.0, days, what)?, days_per_month, what)?,
            };
            (in_period, div(r.0, days_per_month, what)?)
        } else {
            unreachable!("validated: exactly one request rate per task")
        };
        let per_minute = div(per_day, mul(hours, Decimal::from(60), what)?, what)?;
        Ok(Traffic {
            requests,
            per_minute,
        })
    }
}

/// One row to price: a task (or its escalated share) on a model with cache and batch settings.
#[derive(Clone)]
struct Run<'a> {
    task: &'a Task,
    model: &'a Model,
    requests: Decimal,
    per_minute: Decimal,
    cache: Option<CacheSpec>,
    batch_share: Decimal,
    escalation_share: Option<Decimal>,
    pick: FactorPick,
}

/// The model's tool-use overhead for the task's `tool_choice`.
pub(crate) fn tool_overhead(task: &Task, model: &Model) -> Result<Decimal> {
    let (figure, field) = match task.tool_choice {
        ToolChoice::None => return Ok(Decimal::ZERO),
        ToolChoice::Auto => (
            model
                .tool_use_system_prompt_tokens
                .as_ref()
                .and_then(|o| o.auto_none),
            "auto_none",
        ),
        ToolChoice::Any => (
            model
                .tool_use_system_prompt_tokens
                .as_ref()
                .and_then(|o| o.any_tool),
            "any_tool",
        ),
    };
    match figure {
        Some(ToolTokens::Tokens(n)) => Ok(Decimal::from(n)),
        Some(ToolTokens::Unsupported) => Err(Error::Unsupported(format!(
            "`tool_choice: any` is not supported on {}: the API returns an error for forced \
             tool use",
            model.id
        ))),
        None => Err(Error::MissingPrice(format!(
            "{} publishes no tool-use system-prompt overhead for this tool_choice \
             (`tool_use_system_prompt_tokens.{field}`); add it in a `--pricing` file",
            model.id
        ))),
    }
}

/// Which end of the tokenizer factor range converts counts measured from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactorPick {
    /// The planning factor.
    Typical,
    /// The low end.
    Low,
    /// The high end.
    High,
}

/// Per-request tokens of `source` on `model`: a given count as is; a text sample as the mean over
/// its files of base tokens × the model's factor for each file's content.
fn resolve(
    table: &PricingTable,
    model: &Model,
    measured_on: &str,
    source: &TokenSource,
    pick: FactorPick,
) -> Result<Decimal> {
    let TokenSource::Text(sample) = source else {
        let TokenSource::Count(n) = source else {
            unreachable!()
        };
        let (typical, low, high) = conversion(table, measured_on, model)?;
        let factor = match pick {
            FactorPick::Typical => typical,
            FactorPick::Low => low,
            FactorPick::High => high,
        };
        return mul(*n, factor, "a converted token count");
    };
    let factors = table
        .tokenizer_of(model)
        .and_then(|t| t.factors)
        .ok_or_else(|| {
            Error::MissingPrice(format!(
                "tokenizer `{}` (of {}) has no conversion `factors` in the pricing table, so \
                 `{}` cannot be converted to its tokens",
                model.tokenizer, model.id, sample.pattern
            ))
        })?;
    let what = "tokens measured from text";
    let mut total = Decimal::ZERO;
    for (base, content) in &sample.files {
        let f = content.factor(&factors);
        let factor = match pick {
            FactorPick::Typical => f.typical,
            FactorPick::Low => f.low,
            FactorPick::High => f.high,
        };
        total = add(total, mul(Decimal::from(*base), factor, what)?, what)?;
    }
    div(total, Decimal::from(sample.files.len()), what)
}

/// The conversion from the tokenizer of `measured_on` (a model id) to `model`'s tokenizer.
fn conversion(
    table: &PricingTable,
    measured_on: &str,
    model: &Model,
) -> Result<(Decimal, Decimal, Decimal)> {
    let (from, _) = table.resolve(measured_on)?;
    table
        .conversion(&from.tokenizer, &model.tokenizer)
        .ok_or_else(|| {
            Error::MissingPrice(format!(
                "token counts measured on {} ({} tokenizer) cannot be converted to {} ({}): the \
                 pricing table has no conversion between the two",
                from.id, from.tokenizer, model.id, model.tokenizer
            ))
        })
}

/// Whether pricing `task` on `model` converts its numeric counts to another tokenizer.
fn converts(table: &PricingTable, task: &Task, model: &Model) -> bool {
    table
        .resolve(&task.tokens.measured_on)
        .is_ok_and(|(m, _)| m.tokenizer != model.tokenizer)
}

/// How a measured count was made, for the report.
fn describe(
    table: &PricingTable,
    model: &Model,
    measured_on: &str,
    what: &str,
    source: &TokenSource,
) -> Result<Option<String>> {
    let TokenSource::Text(sample) = source else {
        let TokenSource::Count(n) = source else {
            unreachable!()
        };
        let (from, _) = table.resolve(measured_on)?;
        if from.tokenizer == model.tokenizer {
            return Ok(None);
        }
        let (typical, low, high) = conversion(table, measured_on, model)?;
        return Ok(Some(format!(
            "{what}: {} measured on {} ({} tokenizer) → {} {} tokens at ×{} (range {}–{})",
            format_count(*n),
            from.id,
            from.tokenizer,
            format_count(*n * typical),
            model.tokenizer,
            crate::money::format_factor(typical),
            format_count(*n * low),
            format_count(*n * high)
        )));
    };
    let bases: Vec<u64> = sample.files.iter().map(|(b, _)| *b).collect();
    let (min, max) = (
        bases.iter().min().copied().unwrap_or_default(),
        bases.iter().max().copied().unwrap_or_default(),
    );
    let mean_base = div(
        Decimal::from(bases.iter().sum::<u64>()),
        Decimal::from(bases.len()),
        "a mean",
    )?;
    let typical = resolve(table, model, measured_on, source, FactorPick::Typical)?;
    let (low, high) = (
        resolve(table, model, measured_on, source, FactorPick::Low)?,
        resolve(table, model, measured_on, source, FactorPick::High)?,
    );
    Ok(Some(format!(
        "{what} from `{}`: {} file{}, cl100k_base mean {} (min {}, max {}) → {} {} tokens \
         (range {}–{})",
        sample.pattern,
        bases.len(),
        if bases.len() == 1 { "" } else { "s" },
        format_count(mean_base),
        format_count(Decimal::from(min)),
        format_count(Decimal::from(max)),
        format_count(typical),
        model.tokenizer,
        format_count(low),
        format_count(high)
    )))
}

fn price(table: &PricingTable, run: &Run) -> Result<TaskEstimate> {
    let task = run.task;
    let model = run.model;
    let on = task.tokens.measured_on.as_str();
    let system = resolve(table, model, on, &task.tokens.system, run.pick)?;
    let user = resolve(table, model, on, &task.tokens.user, run.pick)?;
    let output = resolve(table, model, on, &task.tokens.output, run.pick)?;
    let mut measured = Vec::new();
    for (what, source) in [
        ("system tokens", &task.tokens.system),
        ("user tokens", &task.tokens.user),
        ("output tokens", &task.tokens.output),
    ] {
        measured.extend(describe(table, model, on, what, source)?);
    }
    let overhead = tool_overhead(task, model)?;
    let prefix = add(system, overhead, "the prefix")?;
    let cache = match &run.cache {
        None => CacheOutcome::Off,
        Some(spec) => match model.min_cacheable_tokens {
            Some(min) if prefix < Decimal::from(min) => CacheOutcome::BelowMinimum { minimum: min },
            _ if prefix.is_zero() => CacheOutcome::BelowMinimum {
                minimum: model.min_cacheable_tokens.unwrap_or(1),
            },
            _ => {
                let variants = Decimal::from(spec.prefix_variants.0);
                let what = "the traffic per prefix";
                let per_variant = div(run.per_minute, variants, what)?;
                // The cache expires overnight when the idle hours outlast the TTL.
                let active_minutes = task.active_hours.0 * Decimal::from(60);
                let idle_minutes = Decimal::from(24 * 60) - active_minutes;
                let cold_window = (idle_minutes >= spec.ttl.minutes()).then_some(active_minutes);
                match spec.hit_rate {
                    HitRateSpec::Fixed(f) => CacheOutcome::On {
                        ttl: spec.ttl,
                        hit_rate: f.0,
                        auto: None,
                    },
                    HitRateSpec::Auto => CacheOutcome::On {
                        ttl: spec.ttl,
                        hit_rate: auto_hit_rate(per_variant, spec.ttl.minutes(), cold_window)?,
                        auto: Some(AutoHitRate {
                            per_minute: per_variant,
                            cold_window_minutes: cold_window,
                        }),
                    },
                }
            }
        },
    };

    let base = Usage {
        input: user,
        output,
        web_searches: task.web_searches_per_request.0,
        ..Usage::default()
    };
    let shapes: Vec<(&str, Decimal, Usage)> = match &cache {
        CacheOutcome::On { ttl, hit_rate, .. } => {
            let mut miss = base.clone();
            match ttl {
                Ttl::FiveMinutes => miss.cache_write_5m = prefix,
                Ttl::OneHour => miss.cache_write_1h = prefix,
            }
            vec![
                (
                    "cache hit",
                    *hit_rate,
                    Usage {
                        cache_read: prefix,
                        ..base.clone()
                    },
                ),
                ("cache miss", Decimal::ONE - hit_rate, miss),
            ]
        }
        _ => vec![(
            "uncached",
            Decimal::ONE,
            Usage {
                input: add(base.input, prefix, "the prompt")?,
                ..base.clone()
            },
        )],
    };
    let modes = [
        ("real-time", Decimal::ONE - run.batch_share, false),
        ("batch", run.batch_share, true),
    ];
    let mut parts = Vec::new();
    let mut classes = Classes::default();
    for (mode_label, mode_share, batch) in modes {
        let mode = task.mode(batch);
        for (shape_label, shape_share, usage) in &shapes {
            let share = mul(mode_share, *shape_share, "a request share")?;
            if share.is_zero() {
                continue;
            }
            let requests = mul(run.requests, share, "a request share")?;
            let quote = billing::quote(table, model, usage, requests, &mode)?;
            classes.add_quote(&quote)?;
            parts.push(Part {
                label: format!("{mode_label}, {shape_label}"),
                quote,
            });
        }
    }
    let total = sum(parts.iter().map(|p| p.quote.total), "the task total")?;
    Ok(TaskEstimate {
        task: task.name.clone(),
        escalation_share: run.escalation_share,
        model: model.id.clone(),
        requests: run.requests,
        prefix_tokens: prefix,
        cache,
        batch_share: run.batch_share,
        parts,
        classes,
        total,
        measured,
        tool_overhead: overhead,
    })
}

/// The warnings of the row's quotes (model status, unconfirmed id, beta context window), and
/// a note when a prompt-length tier priced the row.
fn quote_warnings(row: &TaskEstimate) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in &row.parts {
        for w in &part.quote.warnings {
            if !out.contains(w) {
                out.push(w.clone());
            }
        }
    }
    if let Some(above) = row.parts.iter().find_map(|p| p.quote.tier_above) {
        out.push(format!(
            "task `{}` on {}: a prompt of {} tokens is over {}, so the higher prompt-length \
             tier prices every token of those requests, output included",
            row.task,
            row.model,
            format_count(row.parts[0].quote.prompt_tokens),
            format_count(Decimal::from(above))
        ));
    }
    out
}

/// Warnings for what will surprise a user about this row.
fn advice(table: &PricingTable, run: &Run, row: &TaskEstimate) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let who = match run.escalation_share {
        None => format!("task `{}`", run.task.name),
        Some(_) => format!("task `{}` (escalation to {})", run.task.name, run.model.id),
    };
    match &row.cache {
        CacheOutcome::BelowMinimum { minimum } => out.push(format!(
            "{who}: the {}-token prefix is below {}'s minimum cacheable length of {} tokens, \
             so it is billed as uncached input on every request",
            format_count(row.prefix_tokens),
            run.model.id,
            format_count(Decimal::from(*minimum))
        )),
        CacheOutcome::On { hit_rate, .. } => {
            if let Some(observed) = run
                .model
                .min_cacheable_tokens_observed
                .filter(|&o| row.prefix_tokens < Decimal::from(o))
            {
                out.push(format!(
                    "{who}: the {}-token prefix meets {}'s documented cache minimum of {} tokens \
                     but not the {} observed in practice; if the observed minimum holds, it is \
                     not cached and costs as uncached input",
                    format_count(row.prefix_tokens),
                    run.model.id,
                    format_count(Decimal::from(
                        run.model.min_cacheable_tokens.unwrap_or_default()
                    )),
                    format_count(Decimal::from(observed))
                ));
            }
            if run.model.min_cacheable_tokens.is_none() {
                out.push(format!(
                    "{who}: {} publishes no minimum cacheable length; the prefix is assumed \
                     cacheable",
                    run.model.id
                ));
            }
            let uncached = price(
                table,
                &Run {
                    cache: None,
                    ..run.clone()
                },
            )?;
            if row.total > uncached.total {
                out.push(format!(
                    "{who}: at this traffic caching costs more than it saves ({} with the cache, \
                     {} without): a hit rate of {}% does not pay for the cache writes",
                    format_usd(row.total),
                    format_usd(uncached.total),
                    format_count(hit_rate * Decimal::ONE_HUNDRED)
                ));
            }
        }
        CacheOutcome::Off => {}
    }
    if run.batch_share > Decimal::ZERO {
        let real_time = price(
            table,
            &Run {
                batch_share: Decimal::ZERO,
                ..run.clone()
            },
        )?;
        let saving = real_time.total - row.total;
        if saving < Decimal::from(TINY_BATCH_SAVING_USD) {
            out.push(format!(
                "{who}: the Batch API saves only {} over the period at this volume; its \
                 latency (up to 24 hours) may not be worth it",
                format_usd(saving)
            ));
        }
    }
    Ok(out)
}
