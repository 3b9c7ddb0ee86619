//! `migrate`: the bill before and after a change (model, batch share, cache TTL, speed,
//! inference geo), applied to every task or to one. Both sides are [`estimate`]s (the after side
//! of an edited copy of the workload), so every rule and tokenizer conversion applies to each.
//!
//! On top of the two estimates the migration reports what a user must know before switching:
//! the delta with its tokenizer range (each side at the same factor pick), the one-off cost of
//! re-writing cached prefixes on a new model (the cache starts cold), prefixes that cross the new
//! model's cache minimum, prompt-length tiers entered or left, and tool-use overhead changes.

use rust_decimal::Decimal;

use super::estimate::{CacheOutcome, Estimate, FactorPick, TaskEstimate, estimate, estimate_with};
use super::schema::{CacheSpec, GeoSpec, HitRateSpec, SpeedSpec, Ttl, Variants, Workload};
use crate::billing::{self, Item};
use crate::error::{Error, Result};
use crate::money::{format_count, format_usd};
use crate::pricing::PricingTable;
use crate::quantity::Fraction;

/// The cache setting a migration applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheChange {
    /// Cache with this TTL (keeping the task's hit rate and variants, or `auto` and 1).
    Ttl(Ttl),
    /// No caching.
    Off,
}

/// The changes to apply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Only this task (by name); all tasks when `None`.
    pub task: Option<String>,
    /// Move to this model.
    pub to_model: Option<String>,
    /// New batch share.
    pub batch_share: Option<Decimal>,
    /// New cache setting.
    pub cache: Option<CacheChange>,
    /// New speed.
    pub speed: Option<SpeedSpec>,
    /// New inference geo.
    pub inference_geo: Option<GeoSpec>,
}

/// The migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The workload as written.
    pub before: Estimate,
    /// The workload with the changes.
    pub after: Estimate,
    /// `after − before`, exact.
    pub delta: Decimal,
    /// The delta at the low and high tokenizer factors (each side at the same pick), when the
    /// counts are uncertain.
    pub delta_range: Option<(Decimal, Decimal)>,
    /// One-off cost of writing the cached prefixes again on a new model.
    pub first_day_cache: Decimal,
    /// What changes besides the money (cache minimum crossings, tiers, tool overhead…).
    pub notes: Vec<String>,
}

/// Applies `changes` to a copy of `workload`.
pub fn apply(workload: &Workload, changes: &Changes) -> Result<Workload> {
    let mut w = workload.clone();
    if let Some(name) = changes
        .task
        .as_ref()
        .filter(|n| !w.tasks.iter().any(|t| &t.name == *n))
    {
        return Err(Error::Usage(format!(
            "`--task {name}`: the workload has no such task; its tasks are: {}",
            w.tasks
                .iter()
                .map(|t| format!("`{}`", t.name))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    for task in &mut w.tasks {
        if changes.task.as_ref().is_some_and(|n| n != &task.name) {
            continue;
        }
        if let Some(m) = &changes.to_model {
            task.model = m.clone();
        }
        if let Some(b) = changes.batch_share {
            task.batch_share = Fraction(b);
        }
        match changes.cache {
            Some(CacheChange::Off) => task.cache = None,
            Some(CacheChange::Ttl(ttl)) => {
                task.cache = Some(match &task.cache {
                    Some(c) => CacheSpec { ttl, ..c.clone() },
                    None => CacheSpec {
                        ttl,
                        hit_rate: HitRateSpec::Auto,
                        prefix_variants: Variants(1),
                    },
                });
            }
            None => {}
        }
        if let Some(s) = changes.speed {
            task.speed = s;
        }
        if let Some(g) = changes.inference_geo {
            task.inference_geo = g;
        }
    }
    Ok(w)
}

/// Prices `workload` before and after `changes`.
pub fn migrate(table: &PricingTable, workload: &Workload, changes: &Changes) -> Result<Migration> {
    let edited = apply(workload, changes)?;
    let before = estimate(table, workload)?;
    let after = estimate(table, &edited)?;
    let delta = after.total - before.total;
    let delta_range = if before.tokenizer_range.is_some() || after.tokenizer_range.is_some() {
        let at = |w: &Workload, pick| estimate_with(table, w, false, pick).map(|e| e.total);
        let low = at(&edited, FactorPick::Low)? - at(workload, FactorPick::Low)?;
        let high = at(&edited, FactorPick::High)? - at(workload, FactorPick::High)?;
        Some((low.min(high), low.max(high)))
    } else {
        None
    };
    let mut notes = Vec::new();
    let mut first_day_cache = Decimal::ZERO;
    for (b, a) in before.tasks.iter().zip(&after.tasks) {
        let who = row_name(a);
        let switched = b.model != a.model;
        if let Some(cost) = switched
            .then(|| cold_start_cost(table, workload, a))
            .transpose()?
            .flatten()
        {
            first_day_cache += cost;
            notes.push(format!(
                "{who}: the cache starts cold on {}: re-writing the prefixes once costs {} \
                 more on the first day",
                a.model,
                format_usd(cost)
            ));
        }
        match (&b.cache, &a.cache) {
            (CacheOutcome::On { .. }, CacheOutcome::BelowMinimum { minimum }) => notes.push(format!(
                "{who}: the {}-token prefix falls below {}'s cache minimum of {} tokens: it is no \
                 longer cached",
                format_count(a.prefix_tokens),
                a.model,
                format_count(Decimal::from(*minimum))
            )),
            (CacheOutcome::BelowMinimum { .. }, CacheOutcome::On { .. }) => notes.push(format!(
                "{who}: the {}-token prefix now meets {}'s cache minimum: it is cached",
                format_count(a.prefix_tokens),
                a.model
            )),
            _ => {}
        }
        let tier = |t: &TaskEstimate| t.parts.iter().find_map(|p| p.quote.tier_above);
        match (tier(b), tier(a)) {
            (None, Some(above)) => notes.push(format!(
                "{who}: its prompts enter {}'s prompt-length tier above {} tokens, which prices \
                 the whole request",
                a.model,
                format_count(Decimal::from(above))
            )),
            (Some(above), None) => notes.push(format!(
                "{who}: its prompts leave the prompt-length tier above {} tokens",
                format_count(Decimal::from(above))
            )),
            _ => {}
        }
        if b.model != a.model && b.tool_overhead != a.tool_overhead {
            notes.push(format!(
                "{who}: the tool-use system prompt changes from {} to {} tokens",
                format_count(b.tool_overhead),
                format_count(a.tool_overhead)
            ));
        }
    }
    Ok(Migration {
        before,
        after,
        delta,
        delta_range,
        first_day_cache,
        notes,
    })
}

fn row_name(row: &TaskEstimate) -> String {
    match row.escalation_share {
        None => format!("task `{}`", row.task),
        Some(_) => format!("task `{}` (escalation)", row.task),
    }
}

/// One write per prefix variant at the new model's write rate instead of a read: what a cold
/// cache costs once after the switch. `None` when the row is not cached, or its cache is cold
/// every morning already.
fn cold_start_cost(
    table: &PricingTable,
    workload: &Workload,
    row: &TaskEstimate,
) -> Result<Option<Decimal>> {
    let CacheOutcome::On { ttl, auto, .. } = row.cache else {
        return Ok(None);
    };
    // A cache that already goes cold every night is re-written each morning anyway.
    if auto.is_some_and(|a| a.cold_window_minutes.is_some()) {
        return Ok(None);
    }
    let Some(task) = workload.tasks.iter().find(|t| t.name == row.task) else {
        return Ok(None);
    };
    let variants = task
        .cache
        .as_ref()
        .map_or(Decimal::ONE, |c| Decimal::from(c.prefix_variants.0));
    let (model, _) = table.resolve(&row.model)?;
    let mode = task.mode(row.batch_share == Decimal::ONE);
    let write = match ttl {
        Ttl::FiveMinutes => Item::CacheWrite5m,
        Ttl::OneHour => Item::CacheWrite1h,
    };
    let per_mtok = billing::rate(table, model, write, row.prefix_tokens, &mode)?
        - billing::rate(table, model, Item::CacheRead, row.prefix_tokens, &mode)?;
    Ok(Some(
        variants * row.prefix_tokens * per_mtok / Item::CacheRead.rate_unit(),
    ))
}
