//! Pricing a workload for its period: requests from rates, cached and uncached shapes, the batch
//! split and escalation, each priced by [`billing::quote`](crate::billing::quote()) so every rule of a quote applies.
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
//!
//! - `result.rs`: what an estimate returns;
//! - `traffic.rs`: request rates into requests per period and per minute;
//! - `measured.rs`: token counts from sample files or another tokenizer;
//! - `price.rs`: one row (a task or its escalation) into quotes;
//! - `advice.rs`: the warnings a row deserves;
//! - `dated.rs`: a period that crosses a dated price change, priced day by day;
//! - `sum.rs`: several workloads over one period, and their sum.
//!
//! The period starts on the day the table was resolved for (`--as-of`, default today).

mod advice;
mod classes;
mod dated;
mod measured;
mod price;
mod result;
mod sum;
mod traffic;

pub use result::{
    AutoHitRate, CacheOutcome, Class, ClassTotal, Classes, Estimate, Measured, MeasuredFrom, Part,
    Shape, TaskEstimate, TokenRole,
};
pub use sum::{Estimates, sum_estimates};

use rust_decimal::Decimal;

use self::price::Run;
use self::traffic::Traffic;
use super::schema::{Period, TokenSource, Workload};
use crate::error::{Error, Result};
use crate::money::{add, mul, sum};
use crate::pricing::PricingTable;
use crate::range::{Pick, Range};

/// Days in a month unless the workload says `days_per_month`.
pub const DEFAULT_DAYS_PER_MONTH: u32 = 30;

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
/// counts were measured from files or converted, the range of the total that the tokenizer
/// factors imply.
pub fn estimate(table: &PricingTable, workload: &Workload) -> Result<Estimate> {
    let mut e = estimate_with(table, workload, true, Pick::Typical)?;
    // A range exists when counts come from text, or are converted to another tokenizer.
    let uncertain = workload.tasks.iter().any(|t| {
        let models = std::iter::once(&t.model).chain(t.escalation.as_ref().map(|e| &e.model));
        [&t.tokens.system, &t.tokens.user, &t.tokens.output]
            .iter()
            .any(|s| matches!(s, TokenSource::Text(_)))
            || models
                .filter_map(|m| table.resolve(m).ok())
                .any(|(m, _)| measured::converts(table, t, m))
    });
    if uncertain {
        let range = Range {
            typical: e.total,
            low: estimate_with(table, workload, false, Pick::Low)?.total,
            high: estimate_with(table, workload, false, Pick::High)?.total,
        };
        // Counted in Claude's own vocabulary, the samples leave no range.
        e.total_range = (range.low != range.high).then_some(range);
    }
    Ok(e)
}

/// Sets each task row's cost per request and per 1,000 requests, its escalation row's cost
/// included (an escalation row follows its task's); returns the tasks' requests, `None` when a
/// task is priced without any (day totals from usage).
fn per_request(rows: &mut [TaskEstimate]) -> Result<Option<Decimal>> {
    let mut first_pass = Decimal::ZERO;
    let mut priced_without_requests = false;
    for i in 0..rows.len() {
        if rows[i].escalation_share.is_some() {
            continue;
        }
        let escalated = rows
            .get(i + 1)
            .filter(|r| r.escalation_share.is_some())
            .map_or(Decimal::ZERO, |r| r.total);
        let all_in = add(rows[i].total, escalated, "the cost per request")?;
        let requests = rows[i].requests;
        // A task of day totals has no requests: the workload has no cost per request.
        priced_without_requests |= requests.is_zero() && !all_in.is_zero();
        rows[i].per_request = per(all_in, requests, Decimal::ONE);
        rows[i].per_1k_requests = per(all_in, requests, Decimal::ONE_THOUSAND);
        first_pass = add(first_pass, requests, "the requests")?;
    }
    Ok((!priced_without_requests).then_some(first_pass))
}

/// `cost` per `unit` of `requests` requests: `None` with no requests (or beyond the decimal
/// range, which no real bill reaches).
fn per(cost: Decimal, requests: Decimal, unit: Decimal) -> Option<Decimal> {
    cost.checked_mul(unit)?.checked_div(requests)
}

/// Prices `workload`; `advise` adds the warnings that need extra what-if pricing; `pick`
/// chooses the factor for counts measured from text or converted between tokenizers.
pub(crate) fn estimate_with(
    table: &PricingTable,
    workload: &Workload,
    advise: bool,
    pick: Pick,
) -> Result<Estimate> {
    let days_per_month = workload
        .days_per_month
        .map_or(Decimal::from(DEFAULT_DAYS_PER_MONTH), |f| f.0);
    let days = days_in(workload.period, days_per_month);
    let mut rows = Vec::new();
    let mut warnings = Vec::new();
    for (i, task) in workload.tasks.iter().enumerate() {
        let in_task = |e: Error| match e {
            Error::Overflow(what) => super::overflow::in_task(workload, i, &what),
            other => Error::InTask {
                task: task.name.clone(),
                source: Box::new(other),
            },
        };
        // A task pinned to a day is priced whole at that day's rates, wherever the period is.
        let pinned = match &task.prices_as_of {
            Some(day) => Some(table.as_of(day.civil()?).map_err(in_task)?),
            None => None,
        };
        let table = pinned.as_ref().unwrap_or(table);
        let (model, _) = table.resolve(&task.model)?;
        let traffic = Traffic::of(task, workload.period, days, days_per_month).map_err(in_task)?;
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
        let mut runs = vec![run.clone()];
        if let Some(esc) = &task.escalation {
            let (esc_model, _) = table.resolve(&esc.model)?;
            runs.push(Run {
                model: esc_model,
                requests: mul(traffic.requests, esc.share.0, "escalated requests")
                    .map_err(in_task)?,
                per_minute: mul(traffic.per_minute, esc.share.0, "escalated traffic")
                    .map_err(in_task)?,
                escalation_share: Some(esc.share.0),
                ..run
            });
        }
        for run in runs {
            let (row, split) = if pinned.is_some() {
                (price::price(table, &run).map_err(in_task)?, None)
            } else {
                dated::price_over_period(table, &run, days).map_err(in_task)?
            };
            warnings.extend(split);
            if advise {
                warnings.extend(advice::advice(table, &run, &row).map_err(in_task)?);
            }
            warnings.extend(advice::quote_warnings(&run, &row));
            rows.push(row);
        }
    }
    // The same model warning can come from several rows; say it once.
    let mut unique = Vec::with_capacity(warnings.len());
    for w in warnings {
        if !unique.contains(&w) {
            unique.push(w);
        }
    }
    let together = |e: Error| match e {
        Error::Overflow(what) => super::overflow::in_tasks(workload, &what),
        other => other,
    };
    let first_pass = per_request(&mut rows).map_err(together)?;
    let mut classes = Classes::default();
    for row in &rows {
        classes.add_classes(&row.classes).map_err(together)?;
    }
    let total = sum(rows.iter().map(|r| r.total), "the workload total").map_err(together)?;
    classes.set_shares(total);
    let mut e = Estimate {
        name: workload.name.clone(),
        period: workload.period,
        days,
        total,
        total_range: None,
        budget: None,
        headroom: None,
        headroom_share: None,
        over_budget: false,
        requests: sum(rows.iter().map(|r| r.requests), "the requests").map_err(together)?,
        per_request: first_pass.and_then(|n| per(total, n, Decimal::ONE)),
        per_1k_requests: first_pass.and_then(|n| per(total, n, Decimal::ONE_THOUSAND)),
        classes,
        tasks: rows,
        warnings: unique,
    };
    e.set_budget(workload.budget_usd.map(|b| b.0));
    Ok(e)
}
