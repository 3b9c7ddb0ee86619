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

use rust_decimal::Decimal;
use rust_decimal::MathematicalOps;

use super::estimate::{CacheOutcome, estimate};
use super::migrate::{CacheChange, Changes, apply};
use super::schema::{Ttl, Workload};
use crate::error::{Error, Result};
use crate::pricing::{Model, PricingTable};

/// The published multipliers a model caches with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheMultipliers {
    /// 5-minute write.
    pub write_5m: Decimal,
    /// 1-hour write.
    pub write_1h: Decimal,
    /// Read.
    pub read: Decimal,
}

impl CacheMultipliers {
    /// The model's multipliers; a published absolute price (Haiku 3) is turned into its
    /// effective multiplier of the input price.
    pub fn of(model: &Model) -> Result<Self> {
        let input = model.input_usd_per_mtok.0;
        let pick = |price: Option<crate::quantity::Price>,
                    factor: Option<crate::quantity::Factor>,
                    what: &str| {
            match (price, factor) {
                (Some(p), _) if !input.is_zero() => Ok(p.0 / input),
                (_, Some(f)) => Ok(f.0),
                _ => Err(Error::MissingPrice(format!(
                    "{} has no published {what} price",
                    model.id
                ))),
            }
        };
        Ok(CacheMultipliers {
            write_5m: pick(
                model.cache_write_5m_usd_per_mtok,
                model.cache_write_5m_multiplier,
                "5-minute cache write",
            )?,
            write_1h: pick(
                model.cache_write_1h_usd_per_mtok,
                model.cache_write_1h_multiplier,
                "1-hour cache write",
            )?,
            read: pick(
                model.cache_read_usd_per_mtok,
                model.cache_read_multiplier,
                "cache read",
            )?,
        })
    }

    fn write(&self, ttl: Ttl) -> Decimal {
        match ttl {
            Ttl::FiveMinutes => self.write_5m,
            Ttl::OneHour => self.write_1h,
        }
    }

    /// Hits per write at which caching costs the same as not caching: (w − 1)/(1 − r).
    pub fn break_even_hits_per_write(&self, ttl: Ttl) -> Decimal {
        (self.write(ttl) - Decimal::ONE) / (Decimal::ONE - self.read)
    }

    /// Hit rate at which caching costs the same as not caching: (w − 1)/(w − r).
    pub fn break_even_hit_rate(&self, ttl: Ttl) -> Decimal {
        (self.write(ttl) - Decimal::ONE) / (self.write(ttl) - self.read)
    }

    /// Requests per hour per prefix above which the 1-hour TTL is cheaper than the 5-minute one:
    /// 60 · ln((w₁ₕ − r)/(w₅ₘ − r)) / 55.
    pub fn ttl_crossover_per_hour(&self) -> Result<Decimal> {
        let ratio = (self.write_1h - self.read) / (self.write_5m - self.read);
        let ln = ratio
            .checked_ln()
            .ok_or_else(|| Error::Overflow("the TTL crossover".into()))?;
        Ok(ln * Decimal::from(60) / Decimal::from(55))
    }
}

/// Advice for one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheAdvice {
    /// The task.
    pub task: String,
    /// Its model.
    pub model: String,
    /// Prefix tokens per request.
    pub prefix_tokens: Decimal,
    /// Whether the prefix meets the model's minimum (advice is only given when it does).
    pub cacheable: bool,
    /// Requests per active hour per prefix variant, as the workload's traffic gives them.
    pub per_hour_per_prefix: Decimal,
    /// The model's multipliers.
    pub multipliers: CacheMultipliers,
    /// Period cost of the task (with its escalation) without caching, 5m auto, 1h auto.
    pub no_cache: Decimal,
    /// With a 5-minute TTL and an auto hit rate.
    pub ttl_5m: Decimal,
    /// With a 1-hour TTL and an auto hit rate.
    pub ttl_1h: Decimal,
    /// The task as written.
    pub as_written: Decimal,
}

impl CacheAdvice {
    /// The cheapest option: `none`, `5m` or `1h`, and its cost.
    pub fn cheapest(&self) -> (&'static str, Decimal) {
        [
            ("none", self.no_cache),
            ("5m", self.ttl_5m),
            ("1h", self.ttl_1h),
        ]
        .into_iter()
        .min_by(|a, b| a.1.cmp(&b.1))
        .unwrap_or(("none", self.no_cache))
    }
}

/// Advice for every task of `workload`.
pub fn advise(table: &PricingTable, workload: &Workload) -> Result<Vec<CacheAdvice>> {
    let written = estimate(table, workload)?;
    let mut out = Vec::new();
    for task in &workload.tasks {
        let with = |cache| -> Result<Vec<super::estimate::TaskEstimate>> {
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
        let total = |rows: &[super::estimate::TaskEstimate]| rows.iter().map(|r| r.total).sum();
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
            Some(CacheOutcome::On { auto: Some(a), .. }) => (true, a.per_minute),
            Some(CacheOutcome::On { .. }) => (true, Decimal::ZERO),
            _ => (false, Decimal::ZERO),
        };
        out.push(CacheAdvice {
            task: task.name.clone(),
            model: model.id.clone(),
            prefix_tokens: row.prefix_tokens,
            cacheable,
            per_hour_per_prefix: per_minute * Decimal::from(60),
            multipliers: CacheMultipliers::of(model)?,
            no_cache: total(&with(CacheChange::Off)?),
            ttl_5m: total(&five),
            ttl_1h: total(&with(CacheChange::Ttl(Ttl::OneHour))?),
            as_written: rows.iter().map(|r| r.total).sum(),
        });
    }
    Ok(out)
}
