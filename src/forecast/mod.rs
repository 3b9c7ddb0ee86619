//! A forecast from repriced history: spend to date in the current period, the projection to
//! its end with an 80% band, and the day a budget runs out at the current pace.
//!
//! - `model.rs`: the daily-spend model (trend and weekday levels, by least squares).
//!
//! The method, also said in every report: daily spend is fitted by ordinary least squares to a
//! linear trend with one level per weekday (the mean alone under two weeks of history); the
//! projection sums the fitted days left in the period; the band is ±t standard errors of
//! that sum (Student's t for the residuals' degrees of freedom), from the spread of the past daily
//! residuals and the uncertainty of the fit.

pub mod model;

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;
use rust_decimal::{Decimal, MathematicalOps};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::money::{add, mul, sub};
use crate::range::Range;
use crate::usage::UsageReport;

/// The period forecast.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Span {
    /// The ISO week (Monday to Sunday) that holds "now".
    Week,
    /// The calendar month that holds "now".
    #[default]
    Month,
}

/// What to forecast.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The period.
    pub span: Span,
    /// A budget for the period.
    pub budget: Option<Decimal>,
    /// "Now": the start of this day. Default: the day the last usage-report bucket ends in, or
    /// the last day of a request log (taken as partial).
    pub now: Option<Date>,
}

/// One day of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Day {
    /// The day.
    #[serde(serialize_with = "crate::usage::result::date")]
    pub date: Date,
    /// Repriced spend, for a day before now.
    #[serde(with = "crate::money::exact_opt")]
    pub actual_usd: Option<Decimal>,
    /// Predicted spend, for a day from now on.
    #[serde(with = "crate::money::exact_opt")]
    pub predicted_usd: Option<Decimal>,
}

/// A forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Forecast {
    /// The period.
    pub span: Span,
    /// Its first day.
    #[serde(serialize_with = "crate::usage::result::date")]
    pub period_start: Date,
    /// Its last day.
    #[serde(serialize_with = "crate::usage::result::date")]
    pub period_end: Date,
    /// The first day not yet seen.
    #[serde(serialize_with = "crate::usage::result::date")]
    pub now: Date,
    /// Days of history the model was fitted on.
    pub history_days: usize,
    /// The method, in words.
    pub method: &'static str,
    /// The fitted trend, USD per day per day.
    #[serde(with = "crate::money::exact")]
    pub trend_usd_per_day: Decimal,
    /// The standard deviation of past daily residuals.
    #[serde(with = "crate::money::exact")]
    pub residual_sd_usd: Decimal,
    /// Spent in the period before now.
    #[serde(with = "crate::money::exact")]
    pub spent_usd: Decimal,
    /// The projected total of the period: typical, and the 80% band.
    pub projected_usd: Range,
    /// The budget, when given.
    #[serde(with = "crate::money::exact_opt")]
    pub budget_usd: Option<Decimal>,
    /// Whether the projection's typical figure exceeds the budget.
    pub over_budget: bool,
    /// The first day whose cumulative spend (actual, then projected) exceeds the budget.
    #[serde(serialize_with = "crate::usage::result::opt_date")]
    pub budget_runs_out: Option<Date>,
    /// Every day of the period.
    pub days: Vec<Day>,
}

fn weekday(d: Date) -> usize {
    // Monday = 0.
    d.weekday().to_monday_zero_offset() as usize
}

fn date_error(e: jiff::Error) -> Error {
    Error::Overflow(format!("a forecast date ({e})"))
}

/// Daily spend from `report`, every day from the first with usage to the day before `now`.
fn history(report: &UsageReport, now: Date) -> Result<(Option<Date>, Vec<Decimal>)> {
    let mut by_day: BTreeMap<Date, Decimal> = BTreeMap::new();
    for c in report.charges.iter().filter(|c| c.date < now) {
        let d = by_day.entry(c.date).or_default();
        *d = add(*d, c.cost, "daily spend")?;
    }
    let Some(&first) = by_day.keys().next() else {
        return Ok((None, Vec::new()));
    };
    let mut out = Vec::new();
    let mut day = first;
    while day < now {
        out.push(by_day.get(&day).copied().unwrap_or_default());
        day = day.checked_add(1.day()).map_err(date_error)?;
    }
    Ok((Some(first), out))
}

/// Forecasts the period that holds "now" from the repriced history in `report`.
pub fn forecast(report: &UsageReport, options: &Options) -> Result<Forecast> {
    // Now: the day the last usage-report bucket ends in (a bucket ending at midnight makes the
    // next day now; one ending at 15:00 leaves that day partial, so it is predicted whole and
    // its spend so far left out of the fit). Request logs have no bucket end: their last day
    // is taken as partial.
    let now = match (options.now, report.observed_until.or(report.last_day)) {
        (Some(now), _) => now,
        (None, Some(now)) => now,
        (None, None) => {
            return Err(Error::Invalid {
                path: report.files.join(", "),
                line: None,
                column: None,
                message: "no usage to forecast from".into(),
            });
        }
    };
    let (first, spend) = history(report, now)?;
    let Some(first) = first else {
        return Err(Error::Invalid {
            path: report.files.join(", "),
            line: None,
            column: None,
            message: format!("no usage before {now} to forecast from"),
        });
    };
    forecast_series(first, &spend, now, options)
}

/// Forecasts the period that holds `now` from daily spend `spend`, the first on `first` and
/// one per day up to the day before `now`.
pub fn forecast_series(
    first: Date,
    spend: &[Decimal],
    now: Date,
    options: &Options,
) -> Result<Forecast> {
    let (start, end) = match options.span {
        Span::Month => (now.first_of_month(), now.last_of_month()),
        Span::Week => {
            let start = now
                .checked_sub((weekday(now) as i64).days())
                .map_err(date_error)?;
            (start, start.checked_add(6.days()).map_err(date_error)?)
        }
    };
    let fit = model::fit(spend, weekday(first))?;
    let mut days = Vec::new();
    let mut future = Vec::new();
    let (mut spent, mut predicted) = (Decimal::ZERO, Decimal::ZERO);
    let mut day = start;
    while day <= end {
        let t = usize::try_from((day - first).get_days()).unwrap_or(0);
        if day < now {
            let actual = if day >= first {
                spend.get(t).copied().unwrap_or_default()
            } else {
                Decimal::ZERO
            };
            spent = add(spent, actual, "the forecast")?;
            days.push(Day {
                date: day,
                actual_usd: Some(actual),
                predicted_usd: None,
            });
        } else {
            // Spend is never negative, whatever the trend says.
            let p = fit.predict(t, weekday(day))?.max(Decimal::ZERO);
            predicted = add(predicted, p, "the forecast")?;
            future.push((t, weekday(day)));
            days.push(Day {
                date: day,
                actual_usd: None,
                predicted_usd: Some(p),
            });
        }
        day = day.checked_add(1.day()).map_err(date_error)?;
    }
    let typical = add(spent, predicted, "the forecast")?;
    // Student's t for the residuals' degrees of freedom: a short history gets a wider band;
    // with no spread to measure (a day of history) there is no band.
    let half = match model::t80(fit.dof) {
        Some(t) => mul(
            t,
            fit.sum_variance(&future)?.sqrt().unwrap_or_default(),
            "the forecast band",
        )?,
        None => Decimal::ZERO,
    };
    let projected = Range {
        typical,
        // Spend already made cannot be undone.
        low: sub(typical, half, "the forecast band")?.max(spent),
        high: add(typical, half, "the forecast band")?,
    };
    let budget_runs_out = match options.budget {
        None => None,
        Some(budget) => {
            let mut total = Decimal::ZERO;
            let mut out = None;
            for d in &days {
                let v = d.actual_usd.or(d.predicted_usd).unwrap_or_default();
                total = add(total, v, "the forecast")?;
                if total > budget {
                    out = Some(d.date);
                    break;
                }
            }
            out
        }
    };
    Ok(Forecast {
        span: options.span,
        period_start: start,
        period_end: end,
        now,
        history_days: spend.len(),
        method: if fit.seasonal {
            "least squares: linear trend and a level per weekday; 80% band from the daily \
             residuals and the fit's uncertainty"
        } else {
            "the mean daily spend (under two weeks of history); 80% band from the daily \
             residuals and the mean's uncertainty"
        },
        trend_usd_per_day: fit.trend_per_day(),
        residual_sd_usd: fit.variance.sqrt().unwrap_or_default(),
        spent_usd: spent,
        projected_usd: projected,
        budget_usd: options.budget,
        over_budget: options.budget.is_some_and(|b| typical > b),
        budget_runs_out,
        days,
    })
}
