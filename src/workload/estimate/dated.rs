//! A period that crosses a dated change: each day priced at the rates in force that day.
//!
//! An estimate's period starts on the day the table was resolved for (`--as-of`, default today)
//! and runs for the period's days. When the row's model has a change date inside it, the row is
//! priced once per stretch between change dates, on the model as it stood in that stretch, with
//! the stretch's share of the requests (requests are spread evenly over the period's days), and
//! the stretches are added up. Traffic per minute, and so an automatic hit rate, is the same in
//! every stretch.

use rust_decimal::Decimal;

use super::price::{Run, price};
use super::result::TaskEstimate;
use crate::error::{Error, Result};
use crate::money::{add, div, mul, sum};
use crate::pricing::PricingTable;
use crate::pricing::schema::{Date, Model};
use crate::warning::Warning;

/// The model's change dates inside a period of `days` days from `start` (exclusive of the
/// first day: a change on it is already in the snapshot), each with its day offset.
fn changes_within(model: &Model, start: &Date, days: Decimal) -> Result<Vec<(Date, Decimal)>> {
    let first = start.civil()?;
    let mut out = Vec::new();
    for date in model.change_dates().into_iter().filter(|d| d > start) {
        let span = first
            .until((jiff::Unit::Day, date.civil()?))
            .map_err(|e| Error::Usage(format!("cannot count the days to {date}: {e}")))?;
        let offset = Decimal::from(span.get_days());
        if offset < days {
            out.push((date, offset));
        }
    }
    Ok(out)
}

/// An error of a later stretch, saying that the day it starts is inside the estimated period
/// (the error alone would name a day the user did not ask for).
fn inside(e: Error, from: &Date, start: &Date, days: Decimal) -> Error {
    match e {
        Error::Overflow(_) => e,
        other => Error::InPeriod {
            from: from.to_string(),
            start: start.to_string(),
            days,
            source: Box::new(other),
        },
    }
}

/// Prices `run` over `days` days from the table's as-of day, splitting at the model's change
/// dates. Returns the row and, when it was split, the warning that says so. A table without a
/// date prices the row as it is.
pub(super) fn price_over_period(
    table: &PricingTable,
    run: &Run,
    days: Decimal,
) -> Result<(TaskEstimate, Option<Warning>)> {
    let Some(start) = table.as_of_date() else {
        return Ok((price(table, run)?, None));
    };
    let changes = changes_within(run.model, start, days)?;
    if changes.is_empty() {
        return Ok((price(table, run)?, None));
    }
    let mut bounds: Vec<(Date, Decimal)> = vec![(start.clone(), Decimal::ZERO)];
    bounds.extend(changes.iter().cloned());
    let mut stretches = Vec::new();
    for (k, (from, offset)) in bounds.iter().enumerate() {
        let end = bounds.get(k + 1).map_or(days, |(_, o)| *o);
        let share = div(end - offset, days, "a stretch of the period")?;
        stretches.push((run.model.as_of(from), share));
    }
    let mut rows = Vec::with_capacity(stretches.len());
    for (k, (model, share)) in stretches.iter().enumerate() {
        let stretch = Run {
            model,
            requests: mul(run.requests, *share, "the requests of a stretch")?,
            ..run.clone()
        };
        let priced = price(table, &stretch);
        rows.push(match (k, priced) {
            (1.., Err(e)) => return Err(inside(e, &bounds[k].0, start, days)),
            (_, other) => other?,
        });
    }
    let mut rows = rows.into_iter();
    // `rows` has one entry per stretch, and there are at least two.
    let Some(mut row) = rows.next() else {
        return Ok((price(table, run)?, None));
    };
    for other in rows {
        row.requests = add(row.requests, other.requests, "the requests")?;
        row.classes.add_classes(&other.classes)?;
        row.parts.extend(other.parts);
    }
    row.total = sum(row.parts.iter().map(|p| p.quote.total), "the task total")?;
    row.classes.set_shares(row.total);
    // A change to a fact the row does not use (fast mode, for a standard-speed task) leaves the
    // bill as it was: then the row is shown whole, without a warning about prices changing.
    let whole = price(table, run)?;
    if whole.total == row.total {
        return Ok((whole, None));
    }
    let warning = Warning::PricesChangeInPeriod {
        model: run.model.id.clone(),
        start: start.to_string(),
        days,
        changes: changes.into_iter().map(|(d, _)| d.to_string()).collect(),
    };
    Ok((row, Some(warning)))
}
