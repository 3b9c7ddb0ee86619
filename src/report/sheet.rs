//! The human view of a result: title lines, a header, display rows and notes, with amounts
//! rounded for reading. Shared by the terminal table and Markdown, which only differ in syntax.

use rust_decimal::Decimal;

use crate::billing::{self, InferenceGeo, Line, Quote, RateRow, Speed};
use crate::error::Result;
use crate::money::{display_places, format_count, format_factor, format_rate, format_usd_places};
use crate::pricing::schema::ToolTokens;
use crate::pricing::{Model, PricingTable};

/// A table ready to print.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// Lines printed above the table.
    pub title: Vec<String>,
    /// Column names.
    pub header: Vec<String>,
    /// Cells, already formatted.
    pub rows: Vec<Vec<String>>,
    /// Indices of numeric columns, aligned right.
    pub right_aligned: Vec<usize>,
    /// Lines printed below the table.
    pub notes: Vec<String>,
}

fn strings<const N: usize>(cells: [&str; N]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_string()).collect()
}

/// `claude-sonnet-4-6 (Claude Sonnet 4.6): 10,000 requests, real-time, standard speed, …`.
pub fn quote_title(q: &Quote) -> String {
    format!(
        "{} ({}): {} {}, {}, {} speed, {} inference, platform {}",
        q.model,
        q.model_name,
        format_count(q.requests),
        if q.requests == Decimal::ONE {
            "request"
        } else {
            "requests"
        },
        if q.mode.batch { "batch" } else { "real-time" },
        match q.mode.speed {
            Speed::Standard => "standard",
            Speed::Fast => "fast",
        },
        match q.mode.inference_geo {
            InferenceGeo::Global => "global",
            InferenceGeo::Us => "US-only",
        },
        q.mode.platform
    )
}

/// How a line's rate is made: `input $3 × 0.1 cache read × 0.5 batch`.
pub fn how(line: &Line) -> String {
    let mut text = format!("{} {}", line.base.label, format_rate(line.base.usd));
    for f in &line.factors {
        text.push_str(&format!(" × {} {}", format_factor(f.value), f.name));
    }
    text
}

fn rate_with_unit(line: &Line) -> String {
    if line.item.is_tokens() {
        format!("{}/MTok", format_rate(line.rate))
    } else {
        format!("{}/1K searches", format_rate(line.rate))
    }
}

/// The quote: one row per billed item, then the total.
pub fn quote(q: &Quote) -> Sheet {
    let places = display_places(q.total);
    let format_usd = |amount| format_usd_places(amount, places);
    let mut rows: Vec<Vec<String>> = q
        .lines
        .iter()
        .map(|l| {
            vec![
                l.item.label().to_string(),
                format_count(l.per_request),
                format_count(l.quantity),
                rate_with_unit(l),
                how(l),
                format_usd(l.cost),
            ]
        })
        .collect();
    rows.push(vec![
        "total".to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        format_usd(q.total),
    ]);
    let mut notes = Vec::new();
    if let Some(above) = q.tier_above {
        notes.push(format!(
            "prompt of {} tokens per request is over {}: the higher tier prices every token \
             of the request, output included",
            format_count(q.prompt_tokens),
            format_count(Decimal::from(above))
        ));
    }
    Sheet {
        title: vec![quote_title(q)],
        header: strings([
            "item",
            "per request",
            "total",
            "rate",
            "how the rate is made",
            "cost",
        ]),
        rows,
        right_aligned: vec![1, 2, 3, 5],
        notes,
    }
}

fn optional_rate(rate: Option<Decimal>) -> String {
    rate.map(format_rate).unwrap_or_else(|| "-".to_string())
}

fn optional_count(count: Option<u64>) -> String {
    count
        .map(|c| format_count(Decimal::from(c)))
        .unwrap_or_else(|| "-".to_string())
}

/// The effective table: one row per model with its standard and batch rates.
pub fn models(table: &PricingTable) -> Result<Sheet> {
    let mut rows = Vec::new();
    for m in &table.models {
        let card = billing::rate_card(table, m)?;
        let standard = &card[0].rates;
        let batch = card.iter().find(|r| r.label == "batch").map(|r| &r.rates);
        rows.push(vec![
            m.id.clone(),
            m.aliases.join(", "),
            format_rate(standard.input),
            format_rate(standard.output),
            optional_rate(standard.cache_write_5m),
            optional_rate(standard.cache_write_1h),
            optional_rate(standard.cache_read),
            optional_rate(batch.map(|b| b.input)),
            optional_rate(batch.map(|b| b.output)),
            optional_count(Some(m.context_window_tokens)),
            m.status.to_string(),
            m.checked.to_string(),
        ]);
    }
    let families = table
        .family_aliases()
        .into_iter()
        .map(|(f, m)| format!("{f} = {}", m.id))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(Sheet {
        title: vec!["Prices in USD per million tokens (MTok), Claude API, global routing".into()],
        header: strings([
            "model",
            "aliases",
            "input",
            "output",
            "5m write",
            "1h write",
            "cache read",
            "batch in",
            "batch out",
            "context",
            "status",
            "checked",
        ]),
        rows,
        right_aligned: vec![2, 3, 4, 5, 6, 7, 8, 9],
        notes: vec![
            format!("family aliases: {families}"),
            "`-` = not published; burnrate refuses to price it rather than guess".into(),
            "`burnrate models MODEL` shows tiers, fast mode, limits, notes and sources".into(),
        ],
    })
}

/// One model: every field and its full rate card.
pub fn model(table: &PricingTable, m: &Model) -> Result<Sheet> {
    let card: Vec<RateRow> = billing::rate_card(table, m)?;
    let rows: Vec<Vec<String>> = card
        .iter()
        .map(|r| {
            vec![
                r.label.clone(),
                format_rate(r.rates.input),
                optional_rate(r.rates.cache_write_5m),
                optional_rate(r.rates.cache_write_1h),
                optional_rate(r.rates.cache_read),
                format_rate(r.rates.output),
            ]
        })
        .collect();
    let tool = |t: Option<ToolTokens>| match t {
        Some(ToolTokens::Tokens(n)) => format_count(Decimal::from(n)),
        Some(ToolTokens::Unsupported) => "unsupported".to_string(),
        None => "-".to_string(),
    };
    let overhead = m.tool_use_system_prompt_tokens.as_ref();
    let family_newest = table.newest_of_family(&m.family).map(|n| n.id == m.id);
    let mut title = vec![
        format!("{} ({})", m.id, m.name),
        format!(
            "aliases: {}; family: {}{}",
            if m.aliases.is_empty() {
                "none".to_string()
            } else {
                m.aliases.join(", ")
            },
            m.family,
            if family_newest == Some(true) {
                format!(" (`{}` resolves here)", m.family)
            } else {
                String::new()
            }
        ),
        format!(
            "status: {}; released: {}; tokenizer: {}",
            m.status,
            m.released
                .map(|r| r.to_string())
                .unwrap_or_else(|| "not published".into()),
            m.tokenizer
        ),
        format!(
            "context window: {} tokens{}; max output: {}{}",
            format_count(Decimal::from(m.context_window_tokens)),
            m.beta_context_window_tokens
                .map(|b| format!(" ({} with a beta header)", format_count(Decimal::from(b))))
                .unwrap_or_default(),
            optional_count(m.max_output_tokens),
            m.batch_max_output_tokens
                .map(|b| format!(
                    " ({} through the Batch API)",
                    format_count(Decimal::from(b))
                ))
                .unwrap_or_default()
        ),
        format!(
            "minimum cacheable prompt: {}; tool-use system prompt: {} (auto/none), {} (any/tool)",
            optional_count(m.min_cacheable_tokens),
            tool(overhead.and_then(|o| o.auto_none)),
            tool(overhead.and_then(|o| o.any_tool))
        ),
        format!(
            "US-only inference: {}; regional endpoint premium: {}",
            m.inference_geo_us_multiplier
                .map(|f| format!("x{}", format_factor(f.0)))
                .unwrap_or_else(|| "not eligible".into()),
            if m.regional_premium { "yes" } else { "no" }
        ),
    ];
    if !m.id_confirmed {
        title.push("the API id is not confirmed by any public source".into());
    }
    title.push("Rates in USD per million tokens:".into());
    let mut notes = Vec::new();
    if let Some(tools) = &table.server_tools {
        notes.push(format!(
            "web search: {} per 1,000 searches (not batch-discounted)",
            format_rate(tools.web_search_usd_per_1k_searches.0)
        ));
    }
    if let Some(n) = &m.notes {
        notes.push(format!("notes: {}", n.trim()));
    }
    notes.push(format!("source: {}", m.source.trim()));
    notes.push(format!("checked: {}; from {}", m.checked, m.origin));
    Ok(Sheet {
        title,
        header: strings(["", "input", "5m write", "1h write", "cache read", "output"]),
        rows,
        right_aligned: vec![1, 2, 3, 4, 5],
        notes,
    })
}
