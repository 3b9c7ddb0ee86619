//! Several workloads priced together: each one's estimate, then their sum over the one period
//! they share.

use rust_decimal::Decimal;
use serde::Serialize;

use super::result::Estimate;
use crate::error::{Error, Result};
use crate::money::sum;
use crate::workload::schema::Period;

/// Estimates of several workloads over the same period, and their sum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Estimates {
    /// Each workload's estimate, in the order given.
    pub estimates: Vec<Estimate>,
    /// The period they share.
    pub period: Period,
    /// Days in it.
    #[serde(with = "crate::money::exact")]
    pub days: Decimal,
    /// The sum of their totals.
    #[serde(rename = "total_usd", with = "crate::money::exact")]
    pub total: Decimal,
    /// The tasks' requests over all workloads (escalation re-runs not counted again).
    #[serde(with = "crate::money::exact")]
    pub requests: Decimal,
    /// The total over those requests; `None` with none.
    #[serde(rename = "per_request_usd", with = "crate::money::exact_opt")]
    pub per_request: Option<Decimal>,
    /// Whether any workload is over its own budget.
    pub any_over_budget: bool,
}

/// Sums `estimates` (at least one); they must cover the same period, or the sum would add a
/// day to a month.
pub fn sum_estimates(estimates: Vec<Estimate>) -> Result<Estimates> {
    let first = estimates
        .first()
        .ok_or_else(|| Error::Usage("no workloads to sum".into()))?;
    let (period, days) = (first.period, first.days);
    if let Some(other) = estimates
        .iter()
        .find(|e| e.period != period || e.days != days)
    {
        return Err(Error::Usage(format!(
            "the workloads cover different periods (`{}`: a {} of {} days, `{}`: a {} of {} \
             days): a sum needs one period",
            first.name,
            period.name(),
            days.normalize(),
            other.name,
            other.period.name(),
            other.days.normalize()
        )));
    }
    let total = sum(
        estimates.iter().map(|e| e.total),
        "the sum of the workloads",
    )?;
    // Each workload's per-request figure is its total over its tasks' requests: recover those.
    let requests = sum(
        estimates.iter().flat_map(|e| {
            e.tasks
                .iter()
                .filter(|r| r.escalation_share.is_none())
                .map(|r| r.requests)
        }),
        "the requests",
    )?;
    Ok(Estimates {
        period,
        days,
        total,
        requests,
        // A workload of day totals has no cost per request, so neither has the sum.
        per_request: if estimates
            .iter()
            .any(|e| e.per_request.is_none() && !e.total.is_zero())
        {
            None
        } else {
            total.checked_div(requests)
        },
        any_over_budget: estimates.iter().any(|e| e.over_budget),
        estimates,
    })
}
