//! `usage --to-workload`: repriced usage written back as a workload, one task per model, group
//! (workspace, API key) and price dimensions, so `estimate`, `compare`, `migrate` and `cache`
//! price what a team really sent.
//!
//! Why each choice keeps `estimate` of the written file equal to the repriced bill:
//!
//! - a task is one set of price dimensions (model, batch or not, speed, inference geo, the
//!   prompt-length bucket or tier): its tokens are billed at one set of rates, so the observed
//!   class totals priced per task add up to the bill. Batch, fast and US-only traffic are tasks
//!   of their own; their shares are written as comments on the model's tasks;
//! - tokens are written by class (`tokens_per_request` where the source counts requests,
//!   `tokens_per_day` where it does not), since observed traffic mixes cache reads, writes of
//!   both TTLs and input in ways a prefix and one hit rate cannot reproduce;
//! - the period is the observed one: `period: month` with `days_per_month` the observed days;
//! - each task carries `prices_as_of`: the first day it was seen in its price epoch. A model
//!   whose rates change inside the period gets one task per epoch, so traffic before and after
//!   a change each keep their own rates (a single estimate date, or an even spread across the
//!   change, would not reproduce the bill).
//!
//! The per-request and per-day figures are quotients: exact to 28 digits, not always to the
//! last token, so the estimate can differ from the bill by far less than a cent.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::Loaded;
use super::record::ServiceTier;
use super::reprice::PricesOn;
use super::result::UsageReport;
use crate::billing::{InferenceGeo, Item, Speed};
use crate::error::{Error, Result};
use crate::money::div;
use crate::pricing::PricingTable;

/// What makes a task: the model and group, and every dimension that decides a rate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct TaskKey {
    model: String,
    workspace: Option<String>,
    api_key: Option<String>,
    batch: bool,
    fast: bool,
    us: bool,
    context_window: Option<&'static str>,
    prompt_over: Option<u64>,
    epoch: Option<Date>,
}

/// The request counts of single-request sources, per day and price dimensions, counted
/// before repricing (the report keeps tokens, not requests).
#[derive(Debug, Default)]
pub struct RequestCounts(BTreeMap<CountKey, u64>);

type CountKey = (Date, String, bool, bool, bool, Option<u64>, Groups2);
type Groups2 = (Option<String>, Option<String>);

/// Counts the single requests `loaded` holds, on the canonical model and prompt tier the
/// repricing gives them (a model the table does not know is left to the repricing to report).
pub fn request_counts(loaded: &Loaded, prices: &dyn PricesOn) -> Result<RequestCounts> {
    let mut out = RequestCounts::default();
    for (_, r) in &loaded.folded.requests {
        let table = prices.on(r.date())?;
        let Ok((model, _)) = table.resolve(&r.pricing.model) else {
            continue;
        };
        let prompt_over = r.prompt_tokens.and_then(|p| {
            model
                .prompt_tiers
                .iter()
                .map(|t| t.above_prompt_tokens)
                .filter(|&above| p > Decimal::from(above))
                .max()
        });
        let key = (
            r.date(),
            model.id.clone(),
            r.pricing.service_tier == ServiceTier::Batch,
            r.pricing.speed == Speed::Fast,
            r.pricing.inference_geo == InferenceGeo::Us,
            prompt_over,
            (r.groups.workspace_id.clone(), r.groups.api_key_id.clone()),
        );
        *out.0.entry(key).or_default() += 1;
    }
    Ok(out)
}

/// One task's sums.
#[derive(Default)]
struct Acc {
    classes: BTreeMap<Item, Decimal>,
    cost: Decimal,
    requests: u64,
    first: Option<Date>,
    last: Option<Date>,
}

/// The workload, as commented YAML naming `schema` on its first line. `report` must list its
/// charges ([`super::Options::charges`]); `counts` are the requests of single-request sources
/// (empty for bucketed sources, whose tasks are then written in tokens per day).
pub fn write(
    table: &PricingTable,
    report: &UsageReport,
    counts: &RequestCounts,
    schema: &str,
) -> Result<String> {
    let (Some(first), Some(last)) = (report.first_day, report.last_day) else {
        return Err(Error::Usage(
            "the usage holds no priced record: there is no traffic to write as a workload".into(),
        ));
    };
    if report.charges.is_empty() {
        return Err(Error::Usage(
            "the repriced usage lists no charges: nothing to write as a workload".into(),
        ));
    }
    let days = Decimal::from(
        first
            .until((jiff::Unit::Day, last))
            .map_err(|e| Error::Usage(format!("cannot count the days to {last}: {e}")))?
            .get_days()
            + 1,
    );
    let epoch = |model: &str, date: Date| -> Option<Date> {
        let (m, _) = table.resolve(model).ok()?;
        m.change_dates()
            .iter()
            .filter_map(|d| d.civil().ok())
            .filter(|d| *d <= date)
            .max()
    };
    let mut tasks: BTreeMap<TaskKey, Acc> = BTreeMap::new();
    for c in &report.charges {
        let key = TaskKey {
            model: c.dims.model.clone(),
            workspace: c.workspace_id.clone(),
            api_key: c.api_key_id.clone(),
            batch: c.dims.service_tier == ServiceTier::Batch,
            fast: c.dims.speed == Speed::Fast.name(),
            us: c.dims.inference_geo == InferenceGeo::Us.name(),
            context_window: c.dims.context_window,
            prompt_over: c.dims.prompt_over,
            epoch: epoch(&c.dims.model, c.date),
        };
        let acc = tasks.entry(key).or_default();
        *acc.classes.entry(c.item).or_default() += c.quantity;
        acc.cost += c.cost;
        acc.first = Some(acc.first.map_or(c.date, |f| f.min(c.date)));
        acc.last = Some(acc.last.map_or(c.date, |l| l.max(c.date)));
    }
    for ((date, model, batch, fast, us, over, (ws, key)), n) in &counts.0 {
        if let Some((_, acc)) = tasks.iter_mut().find(|(k, _)| {
            k.model == *model
                && k.batch == *batch
                && k.fast == *fast
                && k.us == *us
                && k.prompt_over == *over
                && k.workspace == *ws
                && k.api_key == *key
                && k.epoch == epoch(model, *date)
        }) {
            acc.requests += n;
        }
    }
    render(report, &tasks, first, last, days, schema)
}

/// Several epochs of one model: the tasks are named by the day each starts.
fn split_models(tasks: &BTreeMap<TaskKey, Acc>) -> Vec<String> {
    let mut epochs: BTreeMap<&str, Vec<Option<Date>>> = BTreeMap::new();
    for k in tasks.keys() {
        let e = epochs.entry(&k.model).or_default();
        if !e.contains(&k.epoch) {
            e.push(k.epoch);
        }
    }
    epochs
        .into_iter()
        .filter(|(_, e)| e.len() > 1)
        .map(|(m, _)| m.to_string())
        .collect()
}

fn name(k: &TaskKey, acc: &Acc, split: &[String]) -> String {
    let mut parts = vec![k.model.clone()];
    parts.extend(k.workspace.iter().map(|w| format!("workspace {w}")));
    parts.extend(k.api_key.iter().map(|a| format!("key {a}")));
    if k.batch {
        parts.push("batch".into());
    }
    if k.fast {
        parts.push("fast".into());
    }
    if k.us {
        parts.push("US-only".into());
    }
    // Only the long bucket is worth a name: nearly all traffic is in the short one.
    parts.extend(
        k.context_window
            .filter(|c| *c != "0-200k")
            .map(|c| format!("context {c}")),
    );
    parts.extend(k.prompt_over.map(|p| format!("prompt > {p}")));
    if split.contains(&k.model)
        && let Some(first) = acc.first
    {
        parts.push(format!("from {first}"));
    }
    parts.join(" · ")
}

/// A number as the workload reader takes it exactly: integers bare, others quoted (the reader
/// would take an unquoted long fraction as a float).
fn number(d: Decimal) -> String {
    let d = d.normalize();
    if d.fract().is_zero() {
        d.to_string()
    } else {
        format!("\"{d}\"")
    }
}

fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn share(part: Decimal, whole: Decimal) -> String {
    if whole.is_zero() {
        return "-".into();
    }
    let pct = (part * Decimal::ONE_HUNDRED / whole)
        .round_dp(1)
        .normalize();
    format!("{pct}%")
}

fn render(
    report: &UsageReport,
    tasks: &BTreeMap<TaskKey, Acc>,
    first: Date,
    last: Date,
    days: Decimal,
    schema: &str,
) -> Result<String> {
    let mut s = String::new();
    let split = split_models(tasks);
    // Writing to a String cannot fail.
    let mut line = |text: String| {
        let _ = writeln!(s, "{text}");
    };
    line(format!("# yaml-language-server: $schema={schema}"));
    line("# Written by `burnrate usage --to-workload` from the usage in:".into());
    for f in &report.files {
        line(format!("#   {f}"));
    }
    line(format!(
        "# Observed: {first} to {last} ({days} days), repriced at the rates of each day: ${}.",
        report.totals.total_usd.round_dp(2)
    ));
    line(
        "# `estimate` of this file gives that bill; `compare`, `migrate` and `cache` price".into(),
    );
    line(
        "# what-ifs on it. `period: month` with `days_per_month` the observed days makes the"
            .into(),
    );
    line(
        "# period the observed one: set `days_per_month: 30` for a 30-day month at this pace."
            .into(),
    );
    line(
        "# Each task is one model, group and set of rates; `prices_as_of` keeps the rates of"
            .into(),
    );
    line(
        "# the days it was seen (a model whose prices changed in the period has a task per".into(),
    );
    line("# price epoch, named by its first day).".into());
    line(format!(
        "name: {}",
        yaml_string(&format!("usage {first} to {last}"))
    ));
    line("period: month".into());
    line(format!("days_per_month: {days}"));
    line("tasks:".into());
    // The model's totals, for the batch, fast and US-only shares.
    let mut by_model: BTreeMap<&str, [Decimal; 4]> = BTreeMap::new();
    for (k, acc) in tasks {
        let tokens: Decimal = acc
            .classes
            .iter()
            .filter(|(i, _)| i.is_tokens())
            .map(|(_, q)| *q)
            .sum();
        let m = by_model.entry(&k.model).or_default();
        m[0] += tokens;
        if k.batch {
            m[1] += tokens;
        }
        if k.fast {
            m[2] += tokens;
        }
        if k.us {
            m[3] += tokens;
        }
    }
    for (k, acc) in tasks {
        let q = |item: Item| acc.classes.get(&item).copied().unwrap_or_default();
        let (w5, w1, read) = (
            q(Item::CacheWrite5m),
            q(Item::CacheWrite1h),
            q(Item::CacheRead),
        );
        let m = by_model[k.model.as_str()];
        line(format!("  - name: {}", yaml_string(&name(k, acc, &split))));
        line(format!(
            "    # {} to {}: ${} repriced; cache hit rate {} of cached tokens, 1-hour TTL {} of \
             writes; {} of the model's tokens: batch {}, fast {}, US-only {}",
            acc.first.map_or(String::new(), |d| d.to_string()),
            acc.last.map_or(String::new(), |d| d.to_string()),
            acc.cost.round_dp(2),
            share(read, w5 + w1 + read),
            share(w1, w5 + w1),
            k.model,
            share(m[1], m[0]),
            share(m[2], m[0]),
            share(m[3], m[0]),
        ));
        line(format!("    model: {}", k.model));
        let (per, divisor) = if acc.requests > 0 {
            let requests = Decimal::from(acc.requests);
            line(format!(
                "    requests_per_day: {}   # {} requests in {days} days",
                number(div(requests, days, "the requests per day")?),
                acc.requests
            ));
            ("tokens_per_request", requests)
        } else {
            ("tokens_per_day", days)
        };
        line(format!("    {per}:"));
        for (item, field) in [
            (Item::Input, "input"),
            (Item::CacheWrite5m, "cache_write_5m"),
            (Item::CacheWrite1h, "cache_write_1h"),
            (Item::CacheRead, "cache_read"),
            (Item::Output, "output"),
            (Item::WebSearch, "web_searches"),
        ] {
            let total = q(item);
            if total.is_zero() && !matches!(item, Item::Input | Item::Output) {
                continue;
            }
            line(format!(
                "      {field}: {}   # {} in all",
                number(div(total, divisor, "tokens per unit")?),
                total.normalize()
            ));
        }
        if k.batch {
            line("    batch_share: 1".into());
        }
        if k.fast {
            line("    speed: fast".into());
        }
        if k.us {
            line("    inference_geo: us".into());
        }
        if acc.requests == 0 {
            // The bucket's shortest prompt decides the rates, as the repricing takes it.
            match (k.context_window, k.prompt_over) {
                (Some("200k-1M"), _) => line("    prompt_tokens_per_request: 200001".into()),
                (_, Some(over)) => line(format!("    prompt_tokens_per_request: {}", over + 1)),
                _ => {}
            }
        }
        if let Some(d) = acc.first {
            line(format!("    prices_as_of: {d}"));
        }
    }
    Ok(s)
}
