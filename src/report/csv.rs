//! The CSV format: a header row, then one record per line, every decimal at full precision.

use crate::billing::{self, Quote, RateRow};
use crate::error::Result;
use crate::money::exact;
use crate::pricing::{Model, PricingTable};
use crate::tokens::TokenEstimate;
use crate::tokens::batch_file::BatchEstimate;
use crate::workload::cache_advice::CacheAdvice;
use crate::workload::schema::Ttl;
use crate::workload::sweep::Sweep;
use crate::workload::{Comparison, Estimate, Migration};

use super::sheet::how;

/// Quotes a field when it holds a separator, a quote or a line break (RFC 4180).
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn record(fields: &[String]) -> String {
    let mut line = fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",");
    line.push('\n');
    line
}

/// `item,per_request,quantity,unit,rate_usd,rate_per,how,cost_usd`, then a `total` record.
pub fn quote(q: &Quote) -> String {
    let mut out = record(
        &[
            "model",
            "item",
            "per_request",
            "quantity",
            "unit",
            "rate_usd",
            "rate_per",
            "how",
            "cost_usd",
        ]
        .map(String::from),
    );
    for l in &q.lines {
        let (unit, per) = if l.item.is_tokens() {
            ("tokens", "MTok")
        } else {
            ("searches", "1K searches")
        };
        out.push_str(&record(&[
            q.model.clone(),
            l.item.key().to_string(),
            exact(l.per_request),
            exact(l.quantity),
            unit.to_string(),
            exact(l.rate),
            per.to_string(),
            how(l),
            exact(l.cost),
        ]));
    }
    out.push_str(&record(&[
        q.model.clone(),
        "total".to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        exact(q.total),
    ]));
    out
}

const RATE_HEADER: [&str; 8] = [
    "model",
    "situation",
    "input_usd_per_mtok",
    "cache_write_5m_usd_per_mtok",
    "cache_write_1h_usd_per_mtok",
    "cache_read_usd_per_mtok",
    "output_usd_per_mtok",
    "checked",
];

fn rate_records(m: &Model, card: &[RateRow]) -> String {
    let opt = |d: Option<rust_decimal::Decimal>| d.map(exact).unwrap_or_default();
    card.iter()
        .map(|r| {
            record(&[
                m.id.clone(),
                r.label.clone(),
                exact(r.rates.input),
                opt(r.rates.cache_write_5m),
                opt(r.rates.cache_write_1h),
                opt(r.rates.cache_read),
                exact(r.rates.output),
                m.checked.to_string(),
            ])
        })
        .collect()
}

/// One record per model and situation (standard, batch, tiers, fast); empty = not published.
pub fn models(table: &PricingTable) -> Result<String> {
    let mut out = record(&RATE_HEADER.map(String::from));
    for m in &table.models {
        out.push_str(&rate_records(m, &billing::rate_card(table, m)?));
    }
    Ok(out)
}

/// The rate card of one model.
pub fn model(table: &PricingTable, m: &Model) -> Result<String> {
    let mut out = record(&RATE_HEADER.map(String::from));
    out.push_str(&rate_records(m, &billing::rate_card(table, m)?));
    Ok(out)
}

/// One record per row and class, then a `total` record per class and overall.
pub fn estimate(e: &Estimate) -> String {
    let mut out = record(
        &[
            "task",
            "escalation_share",
            "model",
            "requests",
            "hit_rate",
            "class",
            "quantity",
            "cost_usd",
        ]
        .map(String::from),
    );
    for r in &e.tasks {
        let hit = r.cache.hit_rate().map(exact).unwrap_or_default();
        let esc = r.escalation_share.map(exact).unwrap_or_default();
        for (key, _, t) in r.classes.named() {
            out.push_str(&record(&[
                r.task.clone(),
                esc.clone(),
                r.model.clone(),
                exact(r.requests),
                hit.clone(),
                key.to_string(),
                exact(t.quantity),
                exact(t.cost),
            ]));
        }
        out.push_str(&record(&[
            r.task.clone(),
            esc,
            r.model.clone(),
            exact(r.requests),
            hit,
            "total".into(),
            String::new(),
            exact(r.total),
        ]));
    }
    for (key, _, t) in e.classes.named() {
        out.push_str(&record(&[
            "total".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            key.to_string(),
            exact(t.quantity),
            exact(t.cost),
        ]));
    }
    out.push_str(&record(&[
        "total".into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        "total".into(),
        String::new(),
        exact(e.total),
    ]));
    out
}

/// `model,mode,total_usd,saving_usd,cheapest`, the workload as written first.
pub fn comparison(c: &Comparison) -> String {
    let cheapest = c.cheapest();
    let mut out =
        record(&["model", "mode", "total_usd", "saving_usd", "cheapest"].map(String::from));
    out.push_str(&record(&[
        "as written".into(),
        "as written".into(),
        exact(c.as_written),
        "0".into(),
        "false".into(),
    ]));
    for cell in &c.cells {
        let (total, saving) = match &cell.total {
            Ok(t) => (exact(*t), exact(c.as_written - t)),
            Err(_) => (String::new(), String::new()),
        };
        out.push_str(&record(&[
            cell.model.clone(),
            cell.mode.key().to_string(),
            total,
            saving,
            (cheapest == Some(cell)).to_string(),
        ]));
    }
    out
}

/// A range as three full-precision cells: typical, low, high.
fn range_cells(r: crate::tokens::Range) -> [String; 3] {
    [exact(r.typical), exact(r.low), exact(r.high)]
}

/// One record per text, then a `total` record; every figure at full precision.
pub fn token_estimate(t: &TokenEstimate) -> String {
    let mut out = record(
        &[
            "path",
            "bytes",
            "content",
            "base_tokens",
            "factor",
            "factor_low",
            "factor_high",
            "tokens",
            "tokens_low",
            "tokens_high",
            "input_cost_usd",
            "input_cost_low_usd",
            "input_cost_high_usd",
        ]
        .map(String::from),
    );
    for f in &t.files {
        let mut row = vec![
            f.name.clone(),
            f.bytes.to_string(),
            f.content.name().to_string(),
            f.base_tokens.to_string(),
        ];
        row.extend(range_cells(f.factor));
        row.extend(range_cells(f.tokens));
        row.extend(range_cells(f.input_cost));
        out.push_str(&record(&row));
    }
    let mut total = vec![
        "total".into(),
        t.total_bytes.to_string(),
        String::new(),
        t.total_base_tokens.to_string(),
    ];
    total.extend([String::new(), String::new(), String::new()]);
    total.extend(range_cells(t.total_tokens));
    total.extend(range_cells(t.total_input_cost));
    out.push_str(&record(&total));
    out
}

/// One record per model: token classes (typical), output, batch and real-time cost with ranges.
pub fn batch_file(b: &BatchEstimate) -> String {
    let mut out = record(
        &[
            "model",
            "requests",
            "input_tokens",
            "cache_write_tokens",
            "cache_read_tokens",
            "output_tokens_ceiling",
            "output_tokens_typical",
            "batch_cost_usd",
            "batch_cost_low_usd",
            "batch_cost_high_usd",
            "batch_cost_at_max_tokens_usd",
            "real_time_cost_usd",
        ]
        .map(String::from),
    );
    for m in &b.models {
        out.push_str(&record(&[
            m.model.clone(),
            m.requests.to_string(),
            exact(m.input.typical),
            exact(m.cache_write.typical),
            exact(m.cache_read.typical),
            exact(m.output_ceiling),
            m.output_typical.map(exact).unwrap_or_default(),
            exact(m.batch.typical),
            exact(m.batch.low),
            exact(m.batch.high),
            exact(m.batch_ceiling),
            exact(m.real_time.typical),
        ]));
    }
    out
}

/// One record per row: model and cost before and after, and the change.
pub fn migration(m: &Migration) -> String {
    let mut out = record(
        &[
            "task",
            "escalation_share",
            "model_before",
            "model_after",
            "cost_before_usd",
            "cost_after_usd",
            "change_usd",
        ]
        .map(String::from),
    );
    for (b, a) in m.before.tasks.iter().zip(&m.after.tasks) {
        out.push_str(&record(&[
            a.task.clone(),
            a.escalation_share.map(exact).unwrap_or_default(),
            b.model.clone(),
            a.model.clone(),
            exact(b.total),
            exact(a.total),
            exact(a.total - b.total),
        ]));
    }
    out.push_str(&record(&[
        "total".into(),
        String::new(),
        String::new(),
        String::new(),
        exact(m.before.total),
        exact(m.after.total),
        exact(m.delta),
    ]));
    out
}

/// One record per task: break-even figures, option costs and the cheapest choice.
pub fn cache_advice(advice: &[CacheAdvice]) -> Result<String> {
    let mut out = record(
        &[
            "task",
            "model",
            "cacheable",
            "break_even_hits_per_write_5m",
            "break_even_hits_per_write_1h",
            "ttl_1h_cheaper_above_requests_per_hour",
            "no_cache_usd",
            "ttl_5m_usd",
            "ttl_1h_usd",
            "cheapest",
        ]
        .map(String::from),
    );
    for a in advice {
        let m = &a.multipliers;
        out.push_str(&record(&[
            a.task.clone(),
            a.model.clone(),
            a.cacheable.to_string(),
            exact(m.break_even_hits_per_write(Ttl::FiveMinutes)),
            exact(m.break_even_hits_per_write(Ttl::OneHour)),
            exact(m.ttl_crossover_per_hour()?),
            exact(a.no_cache),
            exact(a.ttl_5m),
            exact(a.ttl_1h),
            a.cheapest().0.to_string(),
        ]));
    }
    Ok(out)
}

/// One record per grid value: the value and each series' total.
pub fn sweep(sw: &Sweep) -> String {
    let mut header = vec![sw.vary.field.name().to_string()];
    header.extend(sw.series.iter().map(|s| format!("{}_usd", s.label)));
    let mut out = record(&header);
    for (i, v) in sw.values.iter().enumerate() {
        let mut row = vec![exact(*v)];
        row.extend(
            sw.series
                .iter()
                .map(|s| s.totals[i].as_ref().map(|t| exact(*t)).unwrap_or_default()),
        );
        out.push_str(&record(&row));
    }
    out
}
