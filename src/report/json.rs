//! The JSON format. Every decimal (money, rates, token counts, requests) is a string at full
//! precision, so no consumer ever sees a float; whole-number limits from the table are numbers.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::billing::{self, InferenceGeo, Line, Quote, Rates, Speed};
use crate::error::Result;
use crate::money::exact;
use crate::pricing::schema::ToolTokens;
use crate::pricing::{Model, PricingTable};
use crate::tokens::batch_file::BatchEstimate;
use crate::tokens::{Range, TokenEstimate};
use crate::workload::cache_advice::CacheAdvice;
use crate::workload::schema::Ttl;
use crate::workload::sweep::Sweep;
use crate::workload::{CacheOutcome, Classes, Comparison, Estimate, Migration};

fn s(d: Decimal) -> String {
    exact(d)
}

fn to_string(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("report views serialize");
    text.push('\n');
    text
}

#[derive(Serialize)]
struct QuoteJson<'a> {
    model: &'a str,
    model_name: &'a str,
    platform: &'a str,
    batch: bool,
    speed: &'static str,
    inference_geo: &'static str,
    requests: String,
    prompt_tokens_per_request: String,
    tier_above_prompt_tokens: Option<u64>,
    lines: Vec<LineJson>,
    total_usd: String,
    warnings: &'a [String],
}

#[derive(Serialize)]
struct LineJson {
    item: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens_per_request: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    searches_per_request: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    searches: Option<String>,
    base_price: String,
    base_rate_usd: String,
    multipliers: Vec<FactorJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rate_usd_per_mtok: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rate_usd_per_1k_searches: Option<String>,
    cost_usd: String,
}

#[derive(Serialize)]
struct FactorJson {
    name: &'static str,
    factor: String,
}

/// `{"model", "requests", "lines": [{item, tokens, rate, cost…}], "total_usd", …}`.
pub fn quote(q: &Quote) -> String {
    to_string(&quote_view(q))
}

fn line_json(l: &Line) -> LineJson {
    let tokens = l.item.is_tokens();
    let pick = |yes: bool, d: Decimal| yes.then(|| s(d));
    LineJson {
        item: l.item.key(),
        tokens_per_request: pick(tokens, l.per_request),
        tokens: pick(tokens, l.quantity),
        searches_per_request: pick(!tokens, l.per_request),
        searches: pick(!tokens, l.quantity),
        base_price: l.base.label.clone(),
        base_rate_usd: s(l.base.usd),
        multipliers: l
            .factors
            .iter()
            .map(|f| FactorJson {
                name: f.name,
                factor: s(f.value),
            })
            .collect(),
        rate_usd_per_mtok: pick(tokens, l.rate),
        rate_usd_per_1k_searches: pick(!tokens, l.rate),
        cost_usd: s(l.cost),
    }
}

fn quote_view(q: &Quote) -> QuoteJson<'_> {
    let lines = q.lines.iter().map(line_json).collect();
    QuoteJson {
        model: &q.model,
        model_name: &q.model_name,
        platform: &q.mode.platform,
        batch: q.mode.batch,
        speed: match q.mode.speed {
            Speed::Standard => "standard",
            Speed::Fast => "fast",
        },
        inference_geo: match q.mode.inference_geo {
            InferenceGeo::Global => "global",
            InferenceGeo::Us => "us",
        },
        requests: s(q.requests),
        prompt_tokens_per_request: s(q.prompt_tokens),
        tier_above_prompt_tokens: q.tier_above,
        lines,
        total_usd: s(q.total),
        warnings: &q.warnings,
    }
}

#[derive(Serialize)]
struct ModelJson<'a> {
    id: &'a str,
    aliases: &'a [String],
    id_confirmed: bool,
    name: &'a str,
    family: &'a str,
    released: Option<String>,
    status: String,
    tokenizer: &'a str,
    context_window_tokens: u64,
    beta_context_window_tokens: Option<u64>,
    max_output_tokens: Option<u64>,
    batch_max_output_tokens: Option<u64>,
    min_cacheable_tokens: Option<u64>,
    tool_use_system_prompt_tokens: ToolJson,
    inference_geo_us_multiplier: Option<String>,
    regional_premium: bool,
    rates_usd_per_mtok: Vec<RateRowJson>,
    notes: Option<&'a str>,
    source: &'a str,
    checked: String,
    from: &'a str,
}

#[derive(Serialize)]
struct ToolJson {
    auto_none: Option<serde_json::Value>,
    any_tool: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct RateRowJson {
    situation: String,
    input: String,
    cache_write_5m: Option<String>,
    cache_write_1h: Option<String>,
    cache_read: Option<String>,
    output: String,
}

fn rates_json(label: &str, r: &Rates) -> RateRowJson {
    RateRowJson {
        situation: label.to_string(),
        input: s(r.input),
        cache_write_5m: r.cache_write_5m.map(s),
        cache_write_1h: r.cache_write_1h.map(s),
        cache_read: r.cache_read.map(s),
        output: s(r.output),
    }
}

fn tool_json(t: Option<ToolTokens>) -> Option<serde_json::Value> {
    t.map(|t| match t {
        ToolTokens::Tokens(n) => serde_json::Value::from(n),
        ToolTokens::Unsupported => serde_json::Value::from("unsupported"),
    })
}

/// `{"models": [...], "web_search_usd_per_1k_searches": …}` for the given models.
pub fn models(table: &PricingTable, models: &[&Model]) -> Result<String> {
    let mut out = Vec::new();
    for m in models {
        let card = billing::rate_card(table, m)?;
        let overhead = m.tool_use_system_prompt_tokens.as_ref();
        out.push(ModelJson {
            id: &m.id,
            aliases: &m.aliases,
            id_confirmed: m.id_confirmed,
            name: &m.name,
            family: &m.family,
            released: m.released.map(|r| r.to_string()),
            status: m.status.to_string(),
            tokenizer: &m.tokenizer,
            context_window_tokens: m.context_window_tokens,
            beta_context_window_tokens: m.beta_context_window_tokens,
            max_output_tokens: m.max_output_tokens,
            batch_max_output_tokens: m.batch_max_output_tokens,
            min_cacheable_tokens: m.min_cacheable_tokens,
            tool_use_system_prompt_tokens: ToolJson {
                auto_none: tool_json(overhead.and_then(|o| o.auto_none)),
                any_tool: tool_json(overhead.and_then(|o| o.any_tool)),
            },
            inference_geo_us_multiplier: m.inference_geo_us_multiplier.map(|f| s(f.0)),
            regional_premium: m.regional_premium,
            rates_usd_per_mtok: card
                .iter()
                .map(|r| rates_json(&r.label, &r.rates))
                .collect(),
            notes: m.notes.as_deref().map(str::trim),
            source: m.source.trim(),
            checked: m.checked.to_string(),
            from: &m.origin,
        });
    }
    #[derive(Serialize)]
    struct Wrapper<'a> {
        models: Vec<ModelJson<'a>>,
        web_search_usd_per_1k_searches: Option<String>,
        sources: &'a [String],
    }
    Ok(to_string(&Wrapper {
        models: out,
        web_search_usd_per_1k_searches: table
            .server_tools
            .as_ref()
            .map(|t| s(t.web_search_usd_per_1k_searches.0)),
        sources: &table.sources,
    }))
}

#[derive(Serialize)]
struct EstimateJson<'a> {
    name: &'a str,
    period: &'static str,
    days: String,
    total_usd: String,
    total_usd_range: Option<RangeJson>,
    budget_usd: Option<String>,
    headroom_usd: Option<String>,
    over_budget: bool,
    classes: Vec<ClassJson>,
    tasks: Vec<TaskJson<'a>>,
    warnings: &'a [String],
}

#[derive(Serialize)]
struct ClassJson {
    class: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    searches: Option<String>,
    cost_usd: String,
    share_of_total: Option<String>,
}

#[derive(Serialize)]
struct TaskJson<'a> {
    name: &'a str,
    escalation_share: Option<String>,
    model: &'a str,
    requests: String,
    prefix_tokens_per_request: String,
    cache: &'static str,
    cache_ttl: Option<&'static str>,
    hit_rate: Option<String>,
    hit_rate_auto: bool,
    requests_per_minute_per_prefix: Option<String>,
    cold_window_minutes: Option<String>,
    batch_share: String,
    total_usd: String,
    measured: &'a [String],
    lines: Vec<ClassJson>,
    parts: Vec<PartJson<'a>>,
}

#[derive(Serialize)]
struct PartJson<'a> {
    label: &'a str,
    requests: String,
    total_usd: String,
    lines: Vec<LineJson>,
}

fn classes_json(c: &Classes, total: Decimal) -> Vec<ClassJson> {
    c.named()
        .into_iter()
        .map(|(key, _, t)| {
            let searches = key == "web_search";
            ClassJson {
                class: key,
                tokens: (!searches).then(|| s(t.quantity)),
                searches: searches.then(|| s(t.quantity)),
                cost_usd: s(t.cost),
                share_of_total: (!total.is_zero()).then(|| s(t.cost / total)),
            }
        })
        .collect()
}

/// `{"period", "total_usd", "budget_usd", "tasks": [{"name", "model", "total_usd", "hit_rate",
/// "lines"…}], …}`.
pub fn estimate(e: &Estimate) -> String {
    to_string(&estimate_view(e))
}

fn estimate_view(e: &Estimate) -> EstimateJson<'_> {
    let tasks = e
        .tasks
        .iter()
        .map(|r| {
            let (cache, ttl, hit, auto) = match &r.cache {
                CacheOutcome::Off => ("off", None, None, None),
                CacheOutcome::BelowMinimum { .. } => ("below_minimum", None, None, None),
                CacheOutcome::On {
                    ttl,
                    hit_rate,
                    auto,
                } => ("on", Some(ttl.name()), Some(*hit_rate), *auto),
            };
            TaskJson {
                name: &r.task,
                escalation_share: r.escalation_share.map(s),
                model: &r.model,
                requests: s(r.requests),
                prefix_tokens_per_request: s(r.prefix_tokens),
                cache,
                cache_ttl: ttl,
                hit_rate: hit.map(s),
                hit_rate_auto: auto.is_some(),
                requests_per_minute_per_prefix: auto.map(|a| s(a.per_minute)),
                cold_window_minutes: auto.and_then(|a| a.cold_window_minutes).map(s),
                batch_share: s(r.batch_share),
                total_usd: s(r.total),
                measured: &r.measured,
                lines: classes_json(&r.classes, r.total),
                parts: r
                    .parts
                    .iter()
                    .map(|p| PartJson {
                        label: &p.label,
                        requests: s(p.quote.requests),
                        total_usd: s(p.quote.total),
                        lines: p.quote.lines.iter().map(line_json).collect(),
                    })
                    .collect(),
            }
        })
        .collect();
    EstimateJson {
        name: &e.name,
        period: e.period.name(),
        days: s(e.days),
        total_usd: s(e.total),
        total_usd_range: e.tokenizer_range.map(|(low, high)| RangeJson {
            typical: s(e.total),
            low: s(low),
            high: s(high),
        }),
        budget_usd: e.budget.map(s),
        headroom_usd: e.budget.map(|b| s(b - e.total)),
        over_budget: e.budget.is_some_and(|b| e.total > b),
        classes: classes_json(&e.classes, e.total),
        tasks,
        warnings: &e.warnings,
    }
}

#[derive(Serialize)]
struct DeltaJson {
    total_usd: String,
    percent: Option<String>,
    range: Option<RangeJson>,
    first_day_cache_usd: String,
}

#[derive(Serialize)]
struct MigrationJson<'a> {
    before: EstimateJson<'a>,
    after: EstimateJson<'a>,
    delta: DeltaJson,
    notes: &'a [String],
}

/// `{"before": <estimate>, "after": <estimate>, "delta": {"total_usd", "percent", "range",
/// "first_day_cache_usd"}, "notes"}`.
pub fn migration(m: &Migration) -> String {
    to_string(&MigrationJson {
        before: estimate_view(&m.before),
        after: estimate_view(&m.after),
        delta: DeltaJson {
            total_usd: s(m.delta),
            percent: (!m.before.total.is_zero())
                .then(|| s(m.delta / m.before.total * Decimal::ONE_HUNDRED)),
            range: m.delta_range.map(|(low, high)| RangeJson {
                typical: s(m.delta),
                low: s(low),
                high: s(high),
            }),
            first_day_cache_usd: s(m.first_day_cache),
        },
        notes: &m.notes,
    })
}

#[derive(Serialize)]
struct CompareRowJson {
    model: String,
    mode: &'static str,
    total_usd: Option<String>,
    saving_usd: Option<String>,
    cheapest: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// `{"rows": [{"model", "mode", "total_usd", "saving_usd"}…]}`; the first row is the workload as
/// written.
pub fn comparison(c: &Comparison) -> String {
    let cheapest = c.cheapest();
    let mut rows = vec![CompareRowJson {
        model: "as written".into(),
        mode: "as written",
        total_usd: Some(s(c.as_written)),
        saving_usd: Some("0".into()),
        cheapest: false,
        error: None,
    }];
    rows.extend(c.cells.iter().map(|cell| CompareRowJson {
        model: cell.model.clone(),
        mode: cell.mode.key(),
        total_usd: cell.total.as_ref().ok().map(|t| s(*t)),
        saving_usd: cell.total.as_ref().ok().map(|t| s(c.as_written - t)),
        cheapest: cheapest == Some(cell),
        error: cell.total.as_ref().err().cloned(),
    }));
    #[derive(Serialize)]
    struct Wrapper<'a> {
        name: String,
        period: &'static str,
        days: String,
        rows: Vec<CompareRowJson>,
        notes: &'a [String],
    }
    to_string(&Wrapper {
        name: c.name.clone(),
        period: c.period,
        days: s(c.days),
        rows,
        notes: &c.notes,
    })
}

#[derive(Serialize)]
struct RangeJson {
    typical: String,
    low: String,
    high: String,
}

fn range_json(r: Range) -> RangeJson {
    RangeJson {
        typical: s(r.typical),
        low: s(r.low),
        high: s(r.high),
    }
}

#[derive(Serialize)]
struct TokenFileJson<'a> {
    path: &'a str,
    bytes: u64,
    content: &'static str,
    base_tokens: u64,
    factor: RangeJson,
    tokens: RangeJson,
    input_cost_usd: RangeJson,
}

#[derive(Serialize)]
struct SkippedJson<'a> {
    path: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct TokensJson<'a> {
    model: &'a str,
    tokenizer: &'a str,
    base_encoding: &'static str,
    files: Vec<TokenFileJson<'a>>,
    total_bytes: u64,
    total_base_tokens: u64,
    total_tokens: RangeJson,
    total_input_cost_usd: RangeJson,
    skipped: Vec<SkippedJson<'a>>,
    factors_source: &'a str,
}

/// `{"model", "tokenizer", "base_encoding", "files": [{path, bytes, content, base_tokens, factor,
/// tokens, input_cost_usd}], totals…, "skipped"}`; ranges are `{typical, low, high}`.
pub fn token_estimate(t: &TokenEstimate) -> String {
    to_string(&TokensJson {
        model: &t.model,
        tokenizer: &t.tokenizer,
        base_encoding: t.base_encoding,
        files: t
            .files
            .iter()
            .map(|f| TokenFileJson {
                path: &f.name,
                bytes: f.bytes,
                content: f.content.name(),
                base_tokens: f.base_tokens,
                factor: range_json(f.factor),
                tokens: range_json(f.tokens),
                input_cost_usd: range_json(f.input_cost),
            })
            .collect(),
        total_bytes: t.total_bytes,
        total_base_tokens: t.total_base_tokens,
        total_tokens: range_json(t.total_tokens),
        total_input_cost_usd: range_json(t.total_input_cost),
        skipped: t
            .skipped
            .iter()
            .map(|k| SkippedJson {
                path: &k.name,
                reason: &k.reason,
            })
            .collect(),
        factors_source: t.factors_source.trim(),
    })
}

#[derive(Serialize)]
struct BatchModelJson<'a> {
    model: &'a str,
    requests: u64,
    input_tokens: RangeJson,
    cache_write_tokens: RangeJson,
    cache_read_tokens: RangeJson,
    output_tokens_ceiling: String,
    output_tokens_typical: Option<String>,
    batch_cost_usd: RangeJson,
    batch_cost_at_max_tokens_usd: String,
    real_time_cost_usd: RangeJson,
}

#[derive(Serialize)]
struct BatchErrorJson<'a> {
    line: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct BatchJson<'a> {
    requests: u64,
    lines: usize,
    bytes: u64,
    models: Vec<BatchModelJson<'a>>,
    batch_cost_usd: RangeJson,
    real_time_cost_usd: RangeJson,
    errors: Vec<BatchErrorJson<'a>>,
    warnings: &'a [String],
}

/// `{"requests", "models": [...], "batch_cost_usd", "real_time_cost_usd", "errors": [{line,
/// message}]}`.
pub fn batch_file(b: &BatchEstimate) -> String {
    to_string(&BatchJson {
        requests: b.requests,
        lines: b.lines,
        bytes: b.bytes,
        models: b
            .models
            .iter()
            .map(|m| BatchModelJson {
                model: &m.model,
                requests: m.requests,
                input_tokens: range_json(m.input),
                cache_write_tokens: range_json(m.cache_write),
                cache_read_tokens: range_json(m.cache_read),
                output_tokens_ceiling: s(m.output_ceiling),
                output_tokens_typical: m.output_typical.map(s),
                batch_cost_usd: range_json(m.batch),
                batch_cost_at_max_tokens_usd: s(m.batch_ceiling),
                real_time_cost_usd: range_json(m.real_time),
            })
            .collect(),
        batch_cost_usd: range_json(b.total(|m| m.batch)),
        real_time_cost_usd: range_json(b.total(|m| m.real_time)),
        errors: b
            .errors
            .iter()
            .map(|e| BatchErrorJson {
                line: e.line,
                message: &e.message,
            })
            .collect(),
        warnings: &b.warnings,
    })
}

#[derive(Serialize)]
struct AdviceJson<'a> {
    task: &'a str,
    model: &'a str,
    prefix_tokens: String,
    cacheable: bool,
    requests_per_hour_per_prefix: String,
    break_even_hits_per_write_5m: String,
    break_even_hits_per_write_1h: String,
    break_even_hit_rate_5m: String,
    break_even_hit_rate_1h: String,
    ttl_1h_cheaper_above_requests_per_hour: String,
    no_cache_usd: String,
    ttl_5m_usd: String,
    ttl_1h_usd: String,
    as_written_usd: String,
    cheapest: &'static str,
    saving_usd: String,
}

/// `{"tasks": [{task, model, break-even figures, option costs, cheapest, saving_usd}]}`.
pub fn cache_advice(advice: &[CacheAdvice]) -> Result<String> {
    let mut tasks = Vec::new();
    for a in advice {
        let m = &a.multipliers;
        let (best, cost) = a.cheapest();
        tasks.push(AdviceJson {
            task: &a.task,
            model: &a.model,
            prefix_tokens: s(a.prefix_tokens),
            cacheable: a.cacheable,
            requests_per_hour_per_prefix: s(a.per_hour_per_prefix),
            break_even_hits_per_write_5m: s(m.break_even_hits_per_write(Ttl::FiveMinutes)),
            break_even_hits_per_write_1h: s(m.break_even_hits_per_write(Ttl::OneHour)),
            break_even_hit_rate_5m: s(m.break_even_hit_rate(Ttl::FiveMinutes)),
            break_even_hit_rate_1h: s(m.break_even_hit_rate(Ttl::OneHour)),
            ttl_1h_cheaper_above_requests_per_hour: s(m.ttl_crossover_per_hour()?),
            no_cache_usd: s(a.no_cache),
            ttl_5m_usd: s(a.ttl_5m),
            ttl_1h_usd: s(a.ttl_1h),
            as_written_usd: s(a.as_written),
            cheapest: best,
            saving_usd: s(a.as_written - cost),
        });
    }
    #[derive(Serialize)]
    struct Wrapper<'a> {
        tasks: Vec<AdviceJson<'a>>,
    }
    Ok(to_string(&Wrapper { tasks }))
}

#[derive(Serialize)]
struct SeriesJson<'a> {
    label: &'a str,
    totals_usd: Vec<Option<String>>,
}

#[derive(Serialize)]
struct CrossingJson<'a> {
    cheaper_below: &'a str,
    cheaper_above: &'a str,
    at: String,
    cost_usd: String,
}

#[derive(Serialize)]
struct SweepJson<'a> {
    field: &'static str,
    period: &'static str,
    log: bool,
    values: Vec<String>,
    series: Vec<SeriesJson<'a>>,
    crossings: Vec<CrossingJson<'a>>,
}

/// `{"field", "values": [...], "series": [{"label", "totals_usd": [...]}], "crossings": [...]}`.
pub fn sweep(sw: &Sweep) -> String {
    to_string(&SweepJson {
        field: sw.vary.field.name(),
        period: sw.period,
        log: sw.log,
        values: sw.values.iter().map(|v| s(*v)).collect(),
        series: sw
            .series
            .iter()
            .map(|x| SeriesJson {
                label: &x.label,
                totals_usd: x
                    .totals
                    .iter()
                    .map(|t| t.as_ref().ok().map(|t| s(*t)))
                    .collect(),
            })
            .collect(),
        crossings: sw
            .crossings
            .iter()
            .map(|c| CrossingJson {
                cheaper_below: &c.cheaper_below,
                cheaper_above: &c.cheaper_above,
                at: s(c.at),
                cost_usd: s(c.cost),
            })
            .collect(),
    })
}
