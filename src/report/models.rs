//! `models`: the effective table (one row per model, standard and batch rates), or one model
//! in full with its rate card.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Report;
use super::sheet::{Sheet, cells, dash};
use crate::billing::{Catalog, ModelCard, PeriodCard, RateRow};
use crate::money::{Exact, format_count, format_factor, format_rate};
use crate::pricing::schema::ToolTokens;

fn optional_rate(rate: Option<Decimal>) -> String {
    dash(rate, format_rate)
}

fn optional_count(count: Option<u64>) -> String {
    dash(count, |c| format_count(c.into()))
}

/// A CSV record: one model in one situation; empty = not published.
#[derive(Serialize)]
pub struct RateRecord<'a> {
    model: &'a str,
    situation: &'a str,
    input_usd_per_mtok: Exact,
    cache_write_5m_usd_per_mtok: Option<Exact>,
    cache_write_1h_usd_per_mtok: Option<Exact>,
    cache_read_usd_per_mtok: Option<Exact>,
    output_usd_per_mtok: Exact,
    checked: &'a str,
}

impl Report for Catalog {
    type Row<'a> = RateRecord<'a>;

    fn sheets(&self) -> Vec<Sheet> {
        match (self.single, self.models.first()) {
            (true, Some(card)) => {
                let mut sheets = vec![model(self, card)];
                sheets.extend(history(card));
                sheets
            }
            _ => vec![list(self)],
        }
    }

    fn rows(&self) -> Vec<RateRecord<'_>> {
        self.models
            .iter()
            .flat_map(|m| {
                m.rates.iter().map(move |r: &RateRow| RateRecord {
                    model: &m.id,
                    situation: &r.label,
                    input_usd_per_mtok: Exact(r.rates.input),
                    cache_write_5m_usd_per_mtok: r.rates.cache_write_5m.map(Exact),
                    cache_write_1h_usd_per_mtok: r.rates.cache_write_1h.map(Exact),
                    cache_read_usd_per_mtok: r.rates.cache_read.map(Exact),
                    output_usd_per_mtok: Exact(r.rates.output),
                    checked: &m.checked,
                })
            })
            .collect()
    }
}

fn list(c: &Catalog) -> Sheet {
    let rows = c.models.iter().map(|m| {
        let standard = &m.rates[0].rates;
        let batch = m.rates.iter().find(|r| r.batch).map(|r| &r.rates);
        cells![
            &m.id,
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
            &m.checked,
        ]
    });
    let families = c
        .family_aliases
        .iter()
        .map(|f| format!("{} = {}", f.family, f.model));
    Sheet::new(
        "Prices in USD per million tokens (MTok), Claude API, global routing",
        "model|aliases|>input|>output|>5m write|>1h write|>cache read|>batch in|>batch out|\
         >context|status|checked",
    )
    .rows(rows)
    .notes([
        format!(
            "family aliases: {}",
            families.collect::<Vec<_>>().join(", ")
        ),
        "`-` = not published; burnrate refuses to price it rather than guess".into(),
    ])
    .notes(match (&c.as_of, c.not_yet_released.is_empty()) {
        (Some(day), false) => Some(format!(
            "not yet released on {day}, left out: {}",
            c.not_yet_released.join(", ")
        )),
        _ => None,
    })
    .notes(["`burnrate models MODEL` shows tiers, fast mode, limits, notes and sources"])
    .droppable(&[1, 11, 9, 5, 7, 8])
}

fn model(c: &Catalog, m: &ModelCard) -> Sheet {
    let rows = m.rates.iter().map(|r| {
        cells![
            &r.label,
            format_rate(r.rates.input),
            optional_rate(r.rates.cache_write_5m),
            optional_rate(r.rates.cache_write_1h),
            optional_rate(r.rates.cache_read),
            format_rate(r.rates.output),
        ]
    });
    let tool = |t: Option<ToolTokens>| match t {
        Some(ToolTokens::Tokens(n)) => format_count(Decimal::from(n)),
        Some(ToolTokens::Unsupported) => "unsupported".to_string(),
        None => "-".to_string(),
    };
    let overhead = m.tool_use_system_prompt_tokens;
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
            if m.family_newest {
                format!(" (`{}` resolves here)", m.family)
            } else {
                String::new()
            }
        ),
        format!(
            "status: {}; released: {}; tokenizer: {}",
            m.status,
            m.released.as_deref().unwrap_or("not published"),
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
            tool(overhead.auto_none),
            tool(overhead.any_tool)
        ),
        format!(
            "US-only inference: {}; regional endpoint premium: {}",
            m.inference_geo_us_multiplier
                .map(|f| format!("x{}", format_factor(f)))
                .unwrap_or_else(|| "not eligible".into()),
            if m.regional_premium { "yes" } else { "no" }
        ),
    ];
    if !m.id_confirmed {
        title.push("the API id is not confirmed by any public source".into());
    }
    title.push("Rates in USD per million tokens:".into());
    let web_search = c.web_search_usd_per_1k_searches.map(|fee| {
        format!(
            "web search: {} per 1,000 searches (not batch-discounted)",
            format_rate(fee)
        )
    });
    let notes = web_search
        .into_iter()
        .chain(m.notes.as_ref().map(|n| format!("notes: {n}")));
    let sources = [
        format!("source: {}", m.source),
        format!("checked: {}; from {}", m.checked, m.origin),
    ];
    let sheet = Sheet::new("", "|>input|>5m write|>1h write|>cache read|>output");
    Sheet { title, ..sheet }
        .rows(rows)
        .notes(notes)
        .notes(sources)
}

/// A period as the pricing file writes it: `until` is the first day it no longer holds.
fn period_label(p: &PeriodCard) -> String {
    label(p.from.as_deref(), p.until.as_deref())
}

fn label(from: Option<&str>, until: Option<&str>) -> String {
    match (from, until) {
        (Some(a), Some(b)) => format!("from {a} until {b}"),
        (Some(a), None) => format!("from {a}"),
        (None, Some(b)) => format!("until {b}"),
        (None, None) => "always".to_string(),
    }
}

/// `models MODEL`'s second sheet: the model's periods between its dated changes, each with its
/// status and main rates, and the sources of the dated changes in the notes. None for a model
/// without dated changes.
fn history(m: &ModelCard) -> Option<Sheet> {
    if m.history.is_empty() {
        return None;
    }
    let rows = m.history.iter().map(|p| {
        let standard = &p.rates[0].rates;
        let fast = p.rates.iter().find(|r| r.fast).map(|r| &r.rates);
        let tiers: Vec<String> = p
            .rates
            .iter()
            .filter(|r| r.tier_above.is_some() && !r.batch)
            .map(|r| {
                let (input, output) = (format_rate(r.rates.input), format_rate(r.rates.output));
                format!("{}: {input} / {output}", r.label)
            })
            .collect();
        cells![
            period_label(p),
            p.status.to_string(),
            format_rate(standard.input),
            format_rate(standard.output),
            optional_rate(standard.cache_read),
            optional_rate(fast.map(|f| f.input)),
            optional_rate(fast.map(|f| f.output)),
            if tiers.is_empty() {
                "-".to_string()
            } else {
                tiers.join("; ")
            },
        ]
    });
    // A change in force over several periods is listed under each of them: said once.
    let changes = m.history.iter().flat_map(|p| &p.changes).map(|c| {
        format!(
            "{}: {} from {} (checked {})",
            label(c.from.as_deref(), c.until.as_deref()),
            c.facts.join(", "),
            c.source,
            c.checked
        )
    });
    let other = format!(
        "other facts from the entry itself ({}); `--as-of DATE` prices with a period's rates",
        m.source
    );
    let title = format!(
        "History of {}: rates in USD per MTok in each period (`until` = first day without)",
        m.id
    );
    let sheet = Sheet::new(
        title,
        "period|status|>input|>output|>cache read|>fast in|>fast out|prompt tiers",
    );
    let sheet = sheet.rows(rows).notes_once(changes).notes([other]);
    Some(sheet.droppable(&[4, 7]))
}
