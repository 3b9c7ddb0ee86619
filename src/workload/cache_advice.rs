//! Cache advice: when caching pays, which TTL is cheaper at which traffic, and which choice is
//! cheapest for each task as written.
//!
//! With input price I and the model's multipliers (write w = 1.25 for 5 minutes or 2 for an
//! hour, read r = 0.1, 0.05 or 0.025), one write and k hits cost (w + k·r)·I against (1 + k)·I
//! uncached, so caching breaks even at k = (w − 1)/(1 − r) hits per write, or a hit rate of
//! (w − 1)/(w − r). Batch, US-only and regional factors multiply both sides and cancel.
//!
//! Between the TTLs, at λ requests a minute per prefix the steady-state cost per request is
//! r + e^(−λT)·(w_T − r) (times I), so the 1-hour TTL is cheaper when
//! e^(−60λ)(w₁ₕ − r) < e^(−5λ)(w₅ₘ − r), that is above λ* = ln((w₁ₕ − r)/(w₅ₘ − r)) / 55.
//!
//! Multipliers an override file can set make some of these undefined (a read that costs as much
//! as input never pays; two TTLs that write at the same rate never cross): such a figure is
//! `None`, an answer to print, never a division by zero.

use rust_decimal::Decimal;
use rust_decimal::MathematicalOps;
use serde::Serialize;

use super::edit::{CacheChange, Changes, apply};
use super::estimate::{CacheOutcome, TaskEstimate, estimate};
use super::schema::Workload;
use crate::billing::{Item, Ttl};
use crate::error::{Error, Result};
use crate::pricing::{Model, PricingTable};

/// The published multipliers a model caches with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CacheMultipliers {
    /// 5-minute write.
    #[serde(with = "crate::money::exact")]
    pub write_5m: Decimal,
    /// 1-hour write.
    #[serde(with = "crate::money::exact")]
    pub write_1h: Decimal,
    /// Read.
    #[serde(with = "crate::money::exact")]
    pub read: Decimal,
}

impl CacheMultipliers {
    /// The model's multipliers; a published absolute price (Haiku 3) is turned into its
    /// effective multiplier of the input price.
    pub fn of(model: &Model) -> Result<Self> {
        let input = model.input_usd_per_mtok.0;
        let pick = |price: Option<crate::quantity::Price>,
                    factor: Option<crate::quantity::Factor>,
                    item: Item,
                    field: &str| {
            match (price, factor) {
                (Some(p), _) if !input.is_zero() => Ok(p.0 / input),
                (_, Some(f)) => Ok(f.0),
                _ => Err(Error::MissingPrice {
                    model: model.id.clone(),
                    price: item.label().to_string(),
                    field: field.to_string(),
                }),
            }
        };
        Ok(CacheMultipliers {
            write_5m: pick(
                model.cache_write_5m_usd_per_mtok,
                model.cache_write_5m_multiplier,
                Item::CacheWrite5m,
                "cache_write_5m_multiplier",
            )?,
            write_1h: pick(
                model.cache_write_1h_usd_per_mtok,
                model.cache_write_1h_multiplier,
                Item::CacheWrite1h,
                "cache_write_1h_multiplier",
            )?,
            read: pick(
                model.cache_read_usd_per_mtok,
                model.cache_read_multiplier,
                Item::CacheRead,
                "cache_read_multiplier",
            )?,
        })
    }

    fn write(&self, ttl: Ttl) -> Decimal {
        match ttl {
            Ttl::FiveMinutes => self.write_5m,
            Ttl::OneHour => self.write_1h,
        }
    }

    /// Hits per write at which caching costs the same as not caching: (w − 1)/(1 − r);
    /// `None` when a read costs as much as input or more (caching never pays).
    pub fn break_even_hits_per_write(&self, ttl: Ttl) -> Option<Decimal> {
        let saved_per_hit = Decimal::ONE - self.read;
        if saved_per_hit <= Decimal::ZERO {
            return None;
        }
        (self.write(ttl) - Decimal::ONE).checked_div(saved_per_hit)
    }

    /// Hit rate at which caching costs the same as not caching: (w − 1)/(w − r); `None` when
    /// caching never pays.
    pub fn break_even_hit_rate(&self, ttl: Ttl) -> Option<Decimal> {
        let w = self.write(ttl);
        if self.read >= Decimal::ONE || w <= self.read {
            return None;
        }
        (w - Decimal::ONE).checked_div(w - self.read)
    }

    /// Requests per hour per prefix above which the 1-hour TTL is cheaper than the 5-minute one:
    /// 60 · ln((w₁ₕ − r)/(w₅ₘ − r)) / 55. Zero when an hour's write costs no more than five
    /// minutes' (the 1-hour TTL is never worse); `None` when a write costs no more than a read,
    /// where the formula does not apply.
    pub fn ttl_crossover_per_hour(&self) -> Option<Decimal> {
        let (long, short) = (self.write_1h - self.read, self.write_5m - self.read);
        if long <= Decimal::ZERO || short <= Decimal::ZERO {
            return None;
        }
        if long <= short {
            return Some(Decimal::ZERO);
        }
        let ln = (long / short).checked_ln()?;
        ln.checked_mul(Decimal::from(60))?
            .checked_div(Decimal::from(55))
    }
}

/// A caching choice for a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CacheChoice {
    /// No caching.
    #[serde(rename = "none")]
    None,
    /// A 5-minute TTL.
    #[serde(rename = "5m")]
    FiveMinutes,
    /// A 1-hour TTL.
    #[serde(rename = "1h")]
    OneHour,
}

impl CacheChoice {
    /// `none`, `5m` or `1h`.
    pub fn name(self) -> &'static str {
        match self {
            CacheChoice::None => "none",
            CacheChoice::FiveMinutes => "5m",
            CacheChoice::OneHour => "1h",
        }
    }
}

/// Advice for one task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CacheAdvice {
    /// The task.
    pub task: String,
    /// Its model.
    pub model: String,
    /// Prefix tokens per request.
    #[serde(rename = "prefix_tokens_per_request", with = "crate::money::exact")]
    pub prefix_tokens: Decimal,
    /// Whether the prefix meets the model's minimum (advice is only given when it does).
    pub cacheable: bool,
    /// The model's minimum cacheable prefix, where this task's prefix falls below it.
    pub cache_minimum_tokens: Option<u64>,
    /// Requests per active hour per prefix variant, as the workload's traffic gives them
    /// (`None` where the prefix cannot be cached, or the task gives a fixed hit rate).
    #[serde(
        rename = "requests_per_hour_per_prefix",
        with = "crate::money::exact_opt"
    )]
    pub per_hour_per_prefix: Option<Decimal>,
    /// The model's multipliers.
    pub multipliers: CacheMultipliers,
    /// Break-even hits per write with a 5-minute TTL.
    #[serde(with = "crate::money::exact_opt")]
    pub break_even_hits_per_write_5m: Option<Decimal>,
    /// With a 1-hour TTL.
    #[serde(with = "crate::money::exact_opt")]
    pub break_even_hits_per_write_1h: Option<Decimal>,
    /// Break-even hit rate with a 5-minute TTL.
    #[serde(with = "crate::money::exact_opt")]
    pub break_even_hit_rate_5m: Option<Decimal>,
    /// With a 1-hour TTL.
    #[serde(with = "crate::money::exact_opt")]
    pub break_even_hit_rate_1h: Option<Decimal>,
    /// Requests per hour per prefix above which the 1-hour TTL is cheaper.
    #[serde(
        rename = "ttl_1h_cheaper_above_requests_per_hour",
        with = "crate::money::exact_opt"
    )]
    pub ttl_crossover_per_hour: Option<Decimal>,
    /// Period cost of the task (with its escalation) without caching.
    #[serde(rename = "no_cache_usd", with = "crate::money::exact")]
    pub no_cache: Decimal,
    /// With a 5-minute TTL and an auto hit rate.
    #[serde(rename = "ttl_5m_usd", with = "crate::money::exact")]
    pub ttl_5m: Decimal,
    /// With a 1-hour TTL and an auto hit rate.
    #[serde(rename = "ttl_1h_usd", with = "crate::money::exact")]
    pub ttl_1h: Decimal,
    /// The task as written.
    #[serde(rename = "as_written_usd", with = "crate::money::exact")]
    pub as_written: Decimal,
    /// The cheapest choice (the first on ties, in the order none, 5m, 1h).
    pub cheapest: CacheChoice,
    /// What the cheapest choice saves against the task as written.
    #[serde(rename = "saving_usd", with = "crate::money::exact")]
    pub saving: Decimal,
}

/// Advice for every task of a workload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CacheReport {
    /// One entry per task.
    pub tasks: Vec<CacheAdvice>,
}

/// Advice for every task of `workload`.
pub fn advise(table: &PricingTable, workload: &Workload) -> Result<CacheReport> {
    let written = estimate(table, workload)?;
    let mut out = Vec::new();
    for task in &workload.tasks {
        let with = |cache| -> Result<Vec<TaskEstimate>> {
            let changes = Changes {
                task: Some(task.name.clone()),
                cache: Some(cache),
                ..Changes::default()
            };
            let e = estimate(table, &apply(workload, &changes)?)?;
            Ok(e.tasks
                .into_iter()
                .filter(|r| r.task == task.name)
                .collect())
        };
        let total = |rows: &[TaskEstimate]| {
            crate::money::sum(rows.iter().map(|r| r.total), "a task's cache comparison")
        };
        let rows: Vec<_> = written
            .tasks
            .iter()
            .filter(|r| r.task == task.name)
            .collect();
        let Some(row) = rows.first() else { continue };
        let (model, _) = table.resolve(&row.model)?;
        let five = with(CacheChange::Ttl(Ttl::FiveMinutes))?;
        // Cacheable on this model whatever the task says: look at the 5-minute option's row.
        let (cacheable, per_minute) = match five.first().map(|r| &r.cache) {
            Some(CacheOutcome::On { auto: Some(a), .. }) => (true, Some(a.per_minute)),
            Some(CacheOutcome::On { .. }) => (true, None),
            // Observed traffic that cached: the options re-bill its cached tokens (all input,
            // every write at 5 minutes, every write at 1 hour) with the reads it had.
            Some(CacheOutcome::Observed { hit_rate: Some(_) }) => (true, None),
            _ => (false, None),
        };
        let cache_minimum_tokens = match five.first().map(|r| &r.cache) {
            Some(CacheOutcome::BelowMinimum { minimum }) => Some(*minimum),
            _ => None,
        };
        let m = CacheMultipliers::of(model)?;
        let no_cache = total(&with(CacheChange::Off)?)?;
        let ttl_5m = total(&five)?;
        let ttl_1h = total(&with(CacheChange::Ttl(Ttl::OneHour))?)?;
        let as_written =
            crate::money::sum(rows.iter().map(|r| r.total), "a task's cache comparison")?;
        let (cheapest, cost) = [
            (CacheChoice::None, no_cache),
            (CacheChoice::FiveMinutes, ttl_5m),
            (CacheChoice::OneHour, ttl_1h),
        ]
        .into_iter()
        .min_by(|a, b| a.1.cmp(&b.1))
        .unwrap_or((CacheChoice::None, no_cache));
        out.push(CacheAdvice {
            task: task.name.clone(),
            model: model.id.clone(),
            prefix_tokens: row.prefix_tokens,
            cacheable,
            cache_minimum_tokens,
            per_hour_per_prefix: per_minute
                .map(|m| crate::money::mul(m, Decimal::from(60), "the requests per hour"))
                .transpose()?,
            multipliers: m,
            break_even_hits_per_write_5m: m.break_even_hits_per_write(Ttl::FiveMinutes),
            break_even_hits_per_write_1h: m.break_even_hits_per_write(Ttl::OneHour),
            break_even_hit_rate_5m: m.break_even_hit_rate(Ttl::FiveMinutes),
            break_even_hit_rate_1h: m.break_even_hit_rate(Ttl::OneHour),
            ttl_crossover_per_hour: m.ttl_crossover_per_hour(),
            no_cache,
            ttl_5m,
            ttl_1h,
            as_written,
            cheapest,
            saving: as_written - cost,
        });
    }
    Ok(CacheReport { tasks: out })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn m(w5: &str, w1: &str, r: &str) -> CacheMultipliers {
        let d = |s| Decimal::from_str(s).unwrap();
        CacheMultipliers {
            write_5m: d(w5),
            write_1h: d(w1),
            read: d(r),
        }
    }

    #[test]
    fn a_cache_that_can_never_pay_is_an_answer_not_a_division_by_zero() {
        // A read as dear as input: no number of hits pays for a write.
        let same = m("1.25", "2", "1");
        assert_eq!(same.break_even_hits_per_write(Ttl::FiveMinutes), None);
        assert_eq!(same.break_even_hit_rate(Ttl::OneHour), None);
        // A write as cheap as a read: the crossover formula does not apply.
        assert_eq!(m("0.1", "2", "0.1").ttl_crossover_per_hour(), None);
        // Both TTLs write at the same rate: the hour is never worse, from zero traffic up.
        assert_eq!(
            m("1.25", "1.25", "0.1").ttl_crossover_per_hour(),
            Some(Decimal::ZERO)
        );
        // The published multipliers: (1.25 − 1)/(1 − 0.1) = 0.2777…, (2 − 1)/(2 − 0.1) = 0.5263….
        let published = m("1.25", "2", "0.1");
        assert_eq!(
            published
                .break_even_hits_per_write(Ttl::FiveMinutes)
                .map(|x| x.round_dp(4)),
            Some(Decimal::from_str("0.2778").unwrap())
        );
        assert_eq!(
            published
                .break_even_hit_rate(Ttl::OneHour)
                .map(|x| x.round_dp(4)),
            Some(Decimal::from_str("0.5263").unwrap())
        );
    }
}
