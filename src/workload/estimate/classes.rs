//! A row written in observed class tokens (`tokens_per_request` with a request rate, or
//! `tokens_per_day`): each unit (a request, or a day's traffic) is the classes as given, so the
//! estimate bills exactly the tokens the traffic had, class by class, with the batch split.
//!
//! Moved to a model of another tokenizer family, every class is converted with the family
//! factor (at the `pick` end of its range), as numeric counts are.

use rust_decimal::Decimal;

use super::measured;
use super::price::Run;
use super::result::{CacheOutcome, Classes, Part, Shape, TaskEstimate, TokenRole};
use crate::billing::{self, Usage};
use crate::error::Result;
use crate::money::{div, mul, sum};
use crate::pricing::PricingTable;
use crate::workload::schema::{ClassTokens, TokenSource};

/// Prices one row of class tokens.
pub(super) fn price(
    table: &PricingTable,
    run: &Run,
    classes: &ClassTokens,
) -> Result<TaskEstimate> {
    let task = run.task;
    let model = run.model;
    let on = task.tokens.measured_on.as_str();
    let convert = |n: Decimal, role: TokenRole| {
        measured::tokens(table, model, on, role, &TokenSource::Count(n), run.pick)
    };
    let usage = Usage {
        input: convert(classes.input.0, TokenRole::User)?,
        cache_write_5m: convert(classes.cache_write_5m.0, TokenRole::System)?,
        cache_write_1h: convert(classes.cache_write_1h.0, TokenRole::System)?,
        cache_read: convert(classes.cache_read.0, TokenRole::System)?,
        output: convert(classes.output.0, TokenRole::Output)?,
        web_searches: classes.web_searches.0,
    };
    let measured = measured::describe(table, model, task)?;
    let cached = usage.cache_write_5m + usage.cache_write_1h + usage.cache_read;
    let per_day = task.tokens_per_day.is_some();
    let prompt = match task.prompt_tokens_per_request {
        Some(p) => p.0,
        // Totals carry no request length: below every tier unless the task says otherwise.
        None if per_day => Decimal::ZERO,
        None => usage.prompt_tokens()?,
    };
    let mut parts = Vec::new();
    let mut classes_total = Classes::default();
    let batch_units = mul(run.requests, run.batch_share, "a request share")?;
    // The batch part takes its share; the real-time part what is left, so the parts add up to
    // the row's units exactly.
    for (batch, units) in [(false, run.requests - batch_units), (true, batch_units)] {
        if units.is_zero() {
            continue;
        }
        let mode = task.mode(batch);
        // The written figures are quotients (a period's tokens over its days or requests), so
        // their product with the units can miss the observed total in the 28th digit, and a
        // bill on a half cent would then round the other way. Snapping each class total to 12
        // places gives the totals back exactly (a 10⁻¹² token is worth under 10⁻¹⁶ USD).
        let totals = snapped(&usage, units)?;
        let mut quote = billing::quote_totals(table, model, &totals, Decimal::ONE, prompt, &mode)?;
        if !per_day {
            // One request as written: its limits (context window, output maximum) and warnings.
            let one = billing::quote(table, model, &usage, Decimal::ONE, &mode)?;
            quote.warnings = one.warnings;
        }
        for line in &mut quote.lines {
            if let Some((_, q)) = usage
                .quantities()
                .into_iter()
                .find(|(i, _)| *i == line.item)
            {
                line.per_request = q;
            }
        }
        quote.requests = units;
        quote.usage = usage.clone();
        classes_total.add_quote(&quote)?;
        parts.push(Part {
            batch,
            shape: Shape::Observed,
            quote,
        });
    }
    let total = sum(parts.iter().map(|p| p.quote.total), "the task total")?;
    classes_total.set_shares(total);
    Ok(TaskEstimate {
        task: task.name.clone(),
        escalation_share: run.escalation_share,
        model: model.id.clone(),
        // A day of totals is not a request: the row counts none.
        requests: if per_day { Decimal::ZERO } else { run.requests },
        prefix_tokens: Decimal::ZERO,
        tool_overhead: Decimal::ZERO,
        cache: CacheOutcome::Observed {
            hit_rate: (!cached.is_zero())
                .then(|| div(usage.cache_read, cached, "the observed hit rate"))
                .transpose()?,
        },
        batch_share: run.batch_share,
        total,
        // Set over the whole task once every row is priced (none for a day of totals).
        per_request: None,
        per_1k_requests: None,
        measured,
        classes: classes_total,
        parts,
    })
}

/// Places a class total keeps: far below a token, far above the quotients' last digit.
const TOTAL_PLACES: u32 = 12;

/// `usage` times `units`, each class rounded to [`TOTAL_PLACES`].
fn snapped(usage: &Usage, units: Decimal) -> Result<Usage> {
    let t = |q: Decimal| mul(q, units, "observed tokens").map(|x| x.round_dp(TOTAL_PLACES));
    Ok(Usage {
        input: t(usage.input)?,
        cache_write_5m: t(usage.cache_write_5m)?,
        cache_write_1h: t(usage.cache_write_1h)?,
        cache_read: t(usage.cache_read)?,
        output: t(usage.output)?,
        web_searches: t(usage.web_searches)?,
    })
}
