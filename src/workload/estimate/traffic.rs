//! A task's request rate converted to the period and to the per-minute traffic the cache sees.

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::money::{div, mul};
use crate::workload::schema::{Period, Task};

/// Months in a year, for a `requests_per_month` rate over `period: year`.
const MONTHS_PER_YEAR: u32 = 12;

/// A task's traffic converted to the period.
pub(super) struct Traffic {
    /// Requests in the period.
    pub(super) requests: Decimal,
    /// Requests per active minute (all prefix variants together).
    pub(super) per_minute: Decimal,
}

impl Traffic {
    pub(super) fn of(
        task: &Task,
        period: Period,
        days: Decimal,
        days_per_month: Decimal,
    ) -> Result<Traffic> {
        let hours = task.active_hours.0;
        let what = "the request rate";
        // Multiply before dividing, so a monthly rate over a month stays exact.
        let (requests, per_day) = if task.tokens_per_day.is_some() {
            // Token totals per day are priced as one unit of the day's tokens a day.
            (days, Decimal::ONE)
        } else if let Some(r) = task.requests_per_day {
            (mul(r.0, days, what)?, r.0)
        } else if let Some(r) = task.requests_per_hour {
            let per_day = mul(r.0, hours, what)?;
            (mul(per_day, days, what)?, per_day)
        } else if let Some(r) = task.requests_per_month {
            let in_period = match period {
                // A year is twelve months of a monthly rate, not 365 / days_per_month of them.
                Period::Year => mul(r.0, Decimal::from(MONTHS_PER_YEAR), what)?,
                _ => div(mul(r.0, days, what)?, days_per_month, what)?,
            };
            (in_period, div(r.0, days_per_month, what)?)
        } else {
            // The loader refuses such a task; a workload built in code may still lack one.
            return Err(Error::NoRequestRate);
        };
        let per_minute = div(per_day, mul(hours, Decimal::from(60), what)?, what)?;
        Ok(Traffic {
            requests,
            per_minute,
        })
    }
}
