//! The JSON format. Every decimal (money, rates, token counts, requests) is a string at full
//! precision, so no consumer ever sees a float; whole-number limits from the table are numbers.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::billing::{self, InferenceGeo, Quote, Rates, Speed};
use crate::error::Result;
use crate::money::exact;
use crate::pricing::schema::ToolTokens;
use crate::pricing::{Model, PricingTable};

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
    let lines = q
        .lines
        .iter()
        .map(|l| {
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
        })
        .collect();
    to_string(&QuoteJson {
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
    })
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
