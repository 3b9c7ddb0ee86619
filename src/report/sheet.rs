//! The human view of a result: title lines, a header, display rows and notes, with amounts
//! rounded for reading. Shared by the terminal table and Markdown, which only differ in syntax.

use rust_decimal::Decimal;

use crate::billing::{self, InferenceGeo, Line, Quote, RateRow, Speed};
use crate::error::Result;
use crate::money::{
    display_places, format_count, format_factor, format_rate, format_usd, format_usd_places,
};
use crate::pricing::schema::ToolTokens;
use crate::pricing::{Model, PricingTable};
use crate::tokens::TokenEstimate;
use crate::tokens::batch_file::BatchEstimate;
use crate::workload::cache_advice::CacheAdvice;
use crate::workload::schema::Ttl;
use crate::workload::sweep::Sweep;
use crate::workload::{CacheOutcome, Comparison, Estimate, Migration, TaskEstimate};

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

/// A share as a percentage with up to two decimals (`12.5%`); a share that is not exactly 0 or
/// 1 never shows as `0%` or `100%`.
pub fn percent(share: Decimal) -> String {
    let shown = format_count(share * Decimal::ONE_HUNDRED);
    if shown == "100" && share < Decimal::ONE {
        ">99.99%".to_string()
    } else if shown == "0" && share > Decimal::ZERO {
        "<0.01%".to_string()
    } else {
        format!("{shown}%")
    }
}

/// `1 day`, `30 days`.
fn days(n: Decimal) -> String {
    if n == Decimal::ONE {
        "1 day".to_string()
    } else {
        format!("{} days", format_count(n))
    }
}

fn row_label(row: &TaskEstimate) -> String {
    match row.escalation_share {
        None => row.task.clone(),
        Some(share) => format!("↳ {} escalated", percent(share)),
    }
}

fn hit_rate_cell(row: &TaskEstimate) -> String {
    match &row.cache {
        CacheOutcome::Off => "no cache".to_string(),
        CacheOutcome::BelowMinimum { .. } => "too short".to_string(),
        CacheOutcome::On { hit_rate, .. } => percent(*hit_rate),
    }
}

/// `estimate`: a cost table (with each class's share of the bill) and a token table.
pub fn estimate(e: &Estimate) -> Vec<Sheet> {
    let places = display_places(e.total);
    let usd = |amount| format_usd_places(amount, places);
    // Classes that carry no cost in any row are left out, except input and output.
    let classes: Vec<(&str, &str)> = e
        .classes
        .named()
        .into_iter()
        .filter(|(key, _, t)| matches!(*key, "input" | "output") || !t.quantity.is_zero())
        .map(|(key, label, _)| (key, label))
        .collect();
    let class_of = |c: &crate::workload::Classes, key: &str| {
        c.named()
            .into_iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, t)| t)
            .unwrap_or_default()
    };

    let mut header = strings(["task", "model", "requests", "hit rate"]);
    header.extend(classes.iter().map(|(_, l)| (*l).to_string()));
    header.push("total".into());
    let mut rows: Vec<Vec<String>> = Vec::new();
    for r in &e.tasks {
        let mut row = vec![
            row_label(r),
            r.model.clone(),
            format_count(r.requests),
            hit_rate_cell(r),
        ];
        row.extend(
            classes
                .iter()
                .map(|(k, _)| usd(class_of(&r.classes, k).cost)),
        );
        row.push(usd(r.total));
        rows.push(row);
    }
    let requests: Decimal = e.tasks.iter().map(|r| r.requests).sum();
    let mut total = vec![
        "total".into(),
        String::new(),
        format_count(requests),
        String::new(),
    ];
    total.extend(
        classes
            .iter()
            .map(|(k, _)| usd(class_of(&e.classes, k).cost)),
    );
    total.push(usd(e.total));
    rows.push(total);
    let mut shares = vec![
        "share of bill".into(),
        String::new(),
        String::new(),
        String::new(),
    ];
    shares.extend(classes.iter().map(|(k, _)| {
        if e.total.is_zero() {
            "-".to_string()
        } else {
            percent(class_of(&e.classes, k).cost / e.total)
        }
    }));
    shares.push(if e.total.is_zero() {
        "-".into()
    } else {
        "100%".into()
    });
    rows.push(shares);

    let mut notes = Vec::new();
    if let Some(budget) = e.budget {
        let headroom = budget - e.total;
        notes.push(if headroom >= Decimal::ZERO {
            format!(
                "budget {}: {} under budget ({} headroom)",
                format_usd(budget),
                format_usd(headroom),
                if budget.is_zero() {
                    "0%".into()
                } else {
                    percent(headroom / budget)
                }
            )
        } else {
            format!(
                "budget {}: OVER BUDGET by {}{}",
                format_usd(budget),
                format_usd(-headroom),
                if budget.is_zero() {
                    String::new()
                } else {
                    format!(" ({} over)", percent(-headroom / budget))
                }
            )
        });
    }
    if let Some((low, high)) = e.tokenizer_range {
        notes.push(format!(
            "tokenizer range: {} to {} (token counts measured from files or converted to another \
             tokenizer, at the low and high factors; {} is the typical figure)",
            format_usd(low),
            format_usd(high),
            format_usd(e.total)
        ));
    }
    for r in &e.tasks {
        notes.push(explain_row(r));
        notes.extend(r.measured.iter().map(|m| format!("  {m}")));
    }
    let cost = Sheet {
        title: vec![format!(
            "{}: estimate for a {} ({}), USD",
            e.name,
            e.period.name(),
            days(e.days)
        )],
        right_aligned: (2..header.len()).collect(),
        header,
        rows,
        notes,
    };

    let mut token_header = strings(["task", "model", "prefix / request"]);
    token_header.extend(classes.iter().map(|(k, l)| {
        if *k == "web_search" {
            "web searches".to_string()
        } else {
            format!("{l} tokens")
        }
    }));
    let mut token_rows: Vec<Vec<String>> = e
        .tasks
        .iter()
        .map(|r| {
            let mut row = vec![row_label(r), r.model.clone(), format_count(r.prefix_tokens)];
            row.extend(
                classes
                    .iter()
                    .map(|(k, _)| format_count(class_of(&r.classes, k).quantity)),
            );
            row
        })
        .collect();
    let mut total = vec!["total".into(), String::new(), String::new()];
    total.extend(
        classes
            .iter()
            .map(|(k, _)| format_count(class_of(&e.classes, k).quantity)),
    );
    token_rows.push(total);
    let tokens = Sheet {
        title: vec![format!("Tokens over the {}:", e.period.name())],
        right_aligned: (2..token_header.len()).collect(),
        header: token_header,
        rows: token_rows,
        notes: Vec::new(),
    };
    vec![cost, tokens]
}

/// One line on how a row was priced: cache, hit rate, batch share.
fn explain_row(r: &TaskEstimate) -> String {
    let cache = match &r.cache {
        CacheOutcome::Off => "no prompt caching".to_string(),
        CacheOutcome::BelowMinimum { minimum } => format!(
            "prefix of {} tokens is below the {}-token cache minimum: billed as input",
            format_count(r.prefix_tokens),
            format_count(Decimal::from(*minimum))
        ),
        CacheOutcome::On {
            ttl,
            hit_rate,
            auto,
        } => match auto {
            Some(a) => format!(
                "{} TTL, auto hit rate {} from λ = {} requests/min per prefix and T = {} min: {}",
                ttl.name(),
                percent(*hit_rate),
                format_count(a.per_minute),
                format_count(ttl.minutes()),
                match a.cold_window_minutes {
                    None => "1 − e^(−λT)".to_string(),
                    Some(h) => format!(
                        "the cache is cold at the start of each {}-minute active window, \
                         averaged over its n = λH = {} requests",
                        format_count(h),
                        format_count(a.per_minute * h)
                    ),
                }
            ),
            None => format!(
                "{} TTL, hit rate {} (given)",
                ttl.name(),
                percent(*hit_rate)
            ),
        },
    };
    format!(
        "{} ({}): {}; {} through the Batch API",
        r.task,
        match r.escalation_share {
            None => r.model.clone(),
            Some(s) => format!("{} re-run on {}", percent(s), r.model),
        },
        cache,
        percent(r.batch_share)
    )
}

/// `compare`: models × modes, the cheapest cell marked, savings against the workload as written.
pub fn comparison(c: &Comparison) -> Sheet {
    let places = display_places(c.as_written);
    let usd = |amount| format_usd_places(amount, places);
    let cheapest = c.cheapest();
    let mut models: Vec<&str> = Vec::new();
    for cell in &c.cells {
        if !models.contains(&cell.model.as_str()) {
            models.push(&cell.model);
        }
    }
    let mut header = vec!["model".to_string()];
    header.extend(
        crate::workload::CompareMode::ALL
            .iter()
            .map(|m| m.label().to_string()),
    );
    let mut notes = Vec::new();
    let rows = models
        .iter()
        .map(|model| {
            let mut row = vec![(*model).to_string()];
            for cell in c.cells.iter().filter(|x| x.model == *model) {
                row.push(match &cell.total {
                    Ok(t) => {
                        let saving = c.as_written - t;
                        let mark = if cheapest == Some(cell) { " ★" } else { "" };
                        let delta = if saving >= Decimal::ZERO {
                            format!("saves {}", usd(saving))
                        } else {
                            format!("+{}", usd(-saving))
                        };
                        format!("{} ({delta}){mark}", usd(*t))
                    }
                    Err(why) => {
                        notes.push(format!("{model}, {}: {why}", cell.mode.label()));
                        "n/a".to_string()
                    }
                });
            }
            row
        })
        .collect();
    notes.insert(
        0,
        "★ cheapest; savings are against the workload as written".to_string(),
    );
    notes.insert(
        1,
        "each cell runs every task on the model (no escalation); cache modes use the task's \
         cache settings, or a 5m TTL with an auto hit rate"
            .to_string(),
    );
    notes.extend(c.notes.iter().cloned());
    Sheet {
        title: vec![format!(
            "{}: cost of a {} ({}), USD; as written: {}",
            c.name,
            c.period,
            days(c.days),
            usd(c.as_written)
        )],
        right_aligned: (1..header.len()).collect(),
        header,
        rows,
        notes,
    }
}

/// `tokens`: one row per text with the base count, factor, Claude tokens and input cost.
pub fn token_estimate(t: &TokenEstimate) -> Sheet {
    let places = display_places(t.total_input_cost.high);
    let usd = |amount| format_usd_places(amount, places);
    let whole = |d: Decimal| format_count(d.round());
    let mut rows: Vec<Vec<String>> = t
        .files
        .iter()
        .map(|f| {
            vec![
                f.name.clone(),
                format_count(Decimal::from(f.bytes)),
                f.content.name().to_string(),
                format_count(Decimal::from(f.base_tokens)),
                format!(
                    "{} ({}–{})",
                    format_factor(f.factor.typical),
                    format_factor(f.factor.low),
                    format_factor(f.factor.high)
                ),
                whole(f.tokens.typical),
                format!("{}–{}", whole(f.tokens.low), whole(f.tokens.high)),
                format!(
                    "{} ({}–{})",
                    usd(f.input_cost.typical),
                    usd(f.input_cost.low),
                    usd(f.input_cost.high)
                ),
            ]
        })
        .collect();
    rows.push(vec![
        format!("total ({} files)", t.files.len()),
        format_count(Decimal::from(t.total_bytes)),
        String::new(),
        format_count(Decimal::from(t.total_base_tokens)),
        String::new(),
        whole(t.total_tokens.typical),
        format!(
            "{}–{}",
            whole(t.total_tokens.low),
            whole(t.total_tokens.high)
        ),
        format!(
            "{} ({}–{})",
            usd(t.total_input_cost.typical),
            usd(t.total_input_cost.low),
            usd(t.total_input_cost.high)
        ),
    ]);
    Sheet {
        title: vec![format!(
            "Estimated tokens for {} (tokenizer {}): {} count × factor for the content",
            t.model, t.tokenizer, t.base_encoding
        )],
        header: vec![
            "file".into(),
            "bytes".into(),
            "content".into(),
            t.base_encoding.to_string(),
            "factor".into(),
            "Claude tokens".into(),
            "range".into(),
            "as input".into(),
        ],
        rows,
        right_aligned: vec![1, 3, 4, 5, 6, 7],
        notes: vec![
            "Claude's tokenizer is not public: these are estimates; the range is what published \
             measurements span for this content (`burnrate calibrate` narrows it with your counts)"
                .into(),
            format!("factors: {}", t.factors_source.trim()),
        ],
    }
}

/// `batch-file`: per model, tokens by class, output ceiling and guess, batch and real-time cost.
pub fn batch_file(b: &BatchEstimate) -> Sheet {
    let total_batch = b.total(|m| m.batch);
    let places = display_places(
        total_batch
            .high
            .max(b.models.iter().map(|m| m.batch_ceiling).sum()),
    );
    let usd = |amount| format_usd_places(amount, places);
    let whole = |d: Decimal| format_count(d.round());
    let with_range = |r: crate::tokens::Range, f: &dyn Fn(Decimal) -> String| {
        format!("{} ({}–{})", f(r.typical), f(r.low), f(r.high))
    };
    let mut rows: Vec<Vec<String>> = b
        .models
        .iter()
        .map(|m| {
            vec![
                m.model.clone(),
                format_count(Decimal::from(m.requests)),
                with_range(m.input, &whole),
                whole(m.cache_write.typical),
                whole(m.cache_read.typical),
                match m.output_typical {
                    Some(t) => format!("{} of {}", whole(t), whole(m.output_ceiling)),
                    None => format!("≤ {}", whole(m.output_ceiling)),
                },
                with_range(m.batch, &usd),
                usd(m.batch_ceiling),
                with_range(m.real_time, &usd),
            ]
        })
        .collect();
    let total_rt = b.total(|m| m.real_time);
    rows.push(vec![
        "total".into(),
        format_count(Decimal::from(b.requests)),
        with_range(b.total(|m| m.input), &whole),
        whole(b.total(|m| m.cache_write).typical),
        whole(b.total(|m| m.cache_read).typical),
        String::new(),
        with_range(total_batch, &usd),
        usd(b.models.iter().map(|m| m.batch_ceiling).sum()),
        with_range(total_rt, &usd),
    ]);
    Sheet {
        title: vec![format!(
            "Message Batches file: {} requests on {} lines, {} bytes",
            format_count(Decimal::from(b.requests)),
            format_count(Decimal::from(b.lines as u64)),
            format_count(Decimal::from(b.bytes))
        )],
        header: strings([
            "model",
            "requests",
            "input tokens (range)",
            "cache write",
            "cache read",
            "output",
            "batch cost (range)",
            "batch at max_tokens",
            "same real-time",
        ]),
        rows,
        right_aligned: vec![1, 2, 3, 4, 5, 6, 7, 8],
        notes: vec![
            if b.output_guessed {
                "costs use the typical output guess; \"batch at max_tokens\" is the ceiling".into()
            } else {
                "no output guess given (--output-tokens or --output-ratio): costs assume every \
                 request uses its max_tokens"
                    .into()
            },
            format!(
                "the Batch API saves {} against real-time; input counts are cl100k_base estimates \
                 converted with each model's tokenizer factors (range in brackets)",
                usd(total_rt.typical - total_batch.typical)
            ),
        ],
    }
}

fn change(before: Decimal, after: Decimal) -> String {
    if before.is_zero() {
        if after.is_zero() {
            "0%".into()
        } else {
            "new".into()
        }
    } else {
        let pct = (after - before) / before;
        format!(
            "{}{}",
            if pct > Decimal::ZERO { "+" } else { "" },
            percent(pct)
        )
    }
}

/// `migrate`: per row and in total, before and after side by side, classes, and what changes.
pub fn migration(m: &Migration) -> Vec<Sheet> {
    let places = display_places(m.before.total.max(m.after.total));
    let usd = |amount| format_usd_places(amount, places);
    let signed = |amount: Decimal| {
        if amount > Decimal::ZERO {
            format!("+{}", usd(amount))
        } else {
            usd(amount)
        }
    };
    let mut rows: Vec<Vec<String>> = m
        .before
        .tasks
        .iter()
        .zip(&m.after.tasks)
        .map(|(b, a)| {
            vec![
                row_label(a),
                if b.model == a.model {
                    a.model.clone()
                } else {
                    format!("{} → {}", b.model, a.model)
                },
                format!("{} → {}", hit_rate_cell(b), hit_rate_cell(a)),
                usd(b.total),
                usd(a.total),
                signed(a.total - b.total),
                change(b.total, a.total),
            ]
        })
        .collect();
    rows.push(vec![
        "total".into(),
        String::new(),
        String::new(),
        usd(m.before.total),
        usd(m.after.total),
        signed(m.delta),
        change(m.before.total, m.after.total),
    ]);
    let mut notes = Vec::new();
    if let Some((low, high)) = m.delta_range {
        notes.push(format!(
            "change {} (range {} to {} over the tokenizer factors)",
            signed(m.delta),
            signed(low),
            signed(high)
        ));
    }
    if !m.first_day_cache.is_zero() {
        notes.push(format!(
            "one-off: {} on the first day to re-write the cached prefixes on the new model",
            usd(m.first_day_cache)
        ));
    }
    notes.extend(m.notes.iter().cloned());
    for a in &m.after.tasks {
        notes.extend(a.measured.iter().map(|x| format!("{}: {x}", a.task)));
    }
    if let Some(budget) = m.after.budget {
        notes.push(format!(
            "budget {}: {} after the change",
            format_usd(budget),
            if m.after.total > budget {
                format!("OVER by {}", format_usd(m.after.total - budget))
            } else {
                format!("{} under", format_usd(budget - m.after.total))
            }
        ));
    }
    let cost = Sheet {
        title: vec![format!(
            "{}: migration over a {} ({}), USD",
            m.after.name,
            m.after.period.name(),
            days(m.after.days)
        )],
        header: strings([
            "task", "model", "hit rate", "before", "after", "change", "%",
        ]),
        rows,
        right_aligned: vec![3, 4, 5, 6],
        notes,
    };
    let class_rows = m
        .before
        .classes
        .named()
        .into_iter()
        .zip(m.after.classes.named())
        .filter(|((_, _, b), (_, _, a))| !(b.quantity.is_zero() && a.quantity.is_zero()))
        .map(|((key, label, b), (_, _, a))| {
            // The average rate actually paid: cost ÷ quantity, per MTok (per 1K searches).
            let unit = if key == "web_search" {
                1_000u32
            } else {
                1_000_000u32
            };
            let rate = |t: crate::workload::ClassTotal| {
                if t.quantity.is_zero() {
                    "-".to_string()
                } else {
                    format_rate((t.cost / t.quantity * Decimal::from(unit)).round_dp(4))
                }
            };
            vec![
                label.to_string(),
                format_count(b.quantity.round()),
                format_count(a.quantity.round()),
                change(b.quantity, a.quantity),
                rate(b),
                rate(a),
                usd(b.cost),
                usd(a.cost),
            ]
        })
        .collect();
    let classes = Sheet {
        title: vec![format!("By class over the {}:", m.after.period.name())],
        header: strings([
            "class",
            "tokens before",
            "tokens after",
            "tokens",
            "avg rate before",
            "avg rate after",
            "cost before",
            "cost after",
        ]),
        rows: class_rows,
        right_aligned: vec![1, 2, 3, 4, 5, 6, 7],
        notes: vec![
            "avg rate: the class's cost ÷ its tokens, per MTok (per 1K searches for web search)"
                .into(),
        ],
    };
    vec![cost, classes]
}

/// `cache`: break-even points, the TTL crossover and the cheapest choice per task.
pub fn cache_advice(advice: &[CacheAdvice]) -> Result<Sheet> {
    let places = display_places(advice.iter().map(|a| a.no_cache).max().unwrap_or_default());
    let usd = |amount| format_usd_places(amount, places);
    let two = |d: Decimal| format_count(d.round_dp(2));
    let mut rows = Vec::new();
    let mut notes = vec![
        "break-even: the hits per write (and the hit rate) at which caching costs the same as \
         not caching, from the model's multipliers: (w − 1)/(1 − r) and (w − 1)/(w − r)"
            .to_string(),
        "1h cheaper above: requests per hour per prefix at which the 1-hour TTL costs less than \
         the 5-minute one: 60·ln((w1h − r)/(w5m − r))/55"
            .to_string(),
    ];
    for a in advice {
        if !a.cacheable {
            notes.push(format!(
                "{} ({}): the {}-token prefix is below the model's cache minimum; caching does not apply",
                a.task,
                a.model,
                format_count(a.prefix_tokens)
            ));
            continue;
        }
        let m = &a.multipliers;
        let (best, cost) = a.cheapest();
        rows.push(vec![
            a.task.clone(),
            a.model.clone(),
            format_count(a.prefix_tokens),
            two(a.per_hour_per_prefix),
            format!(
                "{} / {}",
                two(m.break_even_hits_per_write(Ttl::FiveMinutes)),
                two(m.break_even_hits_per_write(Ttl::OneHour))
            ),
            format!(
                "{} / {}",
                percent(m.break_even_hit_rate(Ttl::FiveMinutes)),
                percent(m.break_even_hit_rate(Ttl::OneHour))
            ),
            two(m.ttl_crossover_per_hour()?),
            usd(a.no_cache),
            usd(a.ttl_5m),
            usd(a.ttl_1h),
            format!("{best} (saves {})", usd(a.as_written - cost)),
        ]);
    }
    Ok(Sheet {
        title: vec![
            "Prompt caching: when it pays, and which TTL (costs for the period, USD)".into(),
        ],
        header: strings([
            "task",
            "model",
            "prefix",
            "req/h per prefix",
            "break-even hits/write 5m / 1h",
            "break-even hit rate 5m / 1h",
            "1h cheaper above (req/h)",
            "no cache",
            "5m",
            "1h",
            "cheapest vs as written",
        ]),
        rows,
        right_aligned: vec![2, 3, 4, 5, 6, 7, 8, 9],
        notes,
    })
}

/// `sweep`: one row per grid value, one column per series, the cheapest marked.
pub fn sweep(sw: &Sweep) -> Sheet {
    let max = sw
        .series
        .iter()
        .flat_map(|s| s.totals.iter().filter_map(|t| t.as_ref().ok().copied()))
        .max()
        .unwrap_or_default();
    let usd = |amount| format_usd_places(amount, display_places(max));
    let mut header = vec![sw.vary.field.name().to_string()];
    header.extend(sw.series.iter().map(|s| s.label.clone()));
    let mut notes = Vec::new();
    let rows = sw
        .values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let cheapest = sw
                .series
                .iter()
                .filter_map(|s| s.totals[i].as_ref().ok())
                .min()
                .copied();
            let mut row = vec![format_count(*v)];
            for s in &sw.series {
                row.push(match &s.totals[i] {
                    Ok(t) if sw.series.len() > 1 && Some(*t) == cheapest => {
                        format!("{} ★", usd(*t))
                    }
                    Ok(t) => usd(*t),
                    Err(why) => {
                        notes.push(format!("{} at {}: {why}", s.label, format_count(*v)));
                        "n/a".into()
                    }
                });
            }
            row
        })
        .collect();
    for c in &sw.crossings {
        notes.push(format!(
            "break-even: {} and {} cost the same, {}, at {} ≈ {}; above it {} is cheaper",
            c.cheaper_below,
            c.cheaper_above,
            usd(c.cost),
            sw.vary.field.name(),
            format_count(c.at),
            c.cheaper_above
        ));
    }
    if sw.series.len() > 1 {
        notes.insert(0, "★ cheapest at that value".into());
    }
    Sheet {
        title: vec![format!(
            "Cost per {} as {} varies ({} grid), USD",
            sw.period,
            sw.vary.field.name(),
            if sw.log { "log" } else { "linear" }
        )],
        right_aligned: (0..header.len()).collect(),
        header,
        rows,
        notes,
    }
}
