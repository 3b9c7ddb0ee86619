//! One row (a task, or its escalated share) on a model: the cache outcome, the request shapes
//! (hit, miss, uncached) and the batch split, each priced by [`billing::quote`].

use rust_decimal::Decimal;

use super::measured;
use super::result::{AutoHitRate, CacheOutcome, Classes, Part, Shape, TaskEstimate, TokenRole};
use crate::billing::{self, Ttl, Usage};
use crate::error::Result;
use crate::money::{add, div, mul, sum};
use crate::pricing::{Model, PricingTable};
use crate::range::Pick;
use crate::workload::cache::auto_hit_rate;
use crate::workload::schema::{CacheSpec, HitRateSpec, Task};

/// One row to price: a task (or its escalated share) on a model with cache and batch settings.
#[derive(Clone)]
pub(super) struct Run<'a> {
    pub(super) task: &'a Task,
    pub(super) model: &'a Model,
    pub(super) requests: Decimal,
    pub(super) per_minute: Decimal,
    pub(super) cache: Option<CacheSpec>,
    pub(super) batch_share: Decimal,
    pub(super) escalation_share: Option<Decimal>,
    pub(super) pick: Pick,
}

/// Prices one row.
pub(super) fn price(table: &PricingTable, run: &Run) -> Result<TaskEstimate> {
    let task = run.task;
    let model = run.model;
    if let Some(classes) = task.class_tokens() {
        return super::classes::price(table, run, classes);
    }
    let on = task.tokens.measured_on.as_str();
    let system = measured::tokens(
        table,
        model,
        on,
        TokenRole::System,
        &task.tokens.system,
        run.pick,
    )?;
    let user = measured::tokens(
        table,
        model,
        on,
        TokenRole::User,
        &task.tokens.user,
        run.pick,
    )?;
    let output = measured::tokens(
        table,
        model,
        on,
        TokenRole::Output,
        &task.tokens.output,
        run.pick,
    )?;
    let measured = measured::describe(table, model, task)?;
    let overhead = billing::tool_overhead(model, task.tool_choice)?;
    let prefix = add(system, overhead, "the prefix")?;
    let cache = match &run.cache {
        None => CacheOutcome::Off,
        Some(spec) => match model.min_cacheable_tokens {
            Some(min) if prefix < Decimal::from(min) => CacheOutcome::BelowMinimum { minimum: min },
            _ if prefix.is_zero() => CacheOutcome::BelowMinimum {
                minimum: model.min_cacheable_tokens.unwrap_or(1),
            },
            _ => {
                let variants = Decimal::from(spec.prefix_variants.0);
                let what = "the traffic per prefix";
                let per_variant = div(run.per_minute, variants, what)?;
                // The cache expires overnight when the idle hours outlast the TTL.
                let active_minutes = task.active_hours.0 * Decimal::from(60);
                let idle_minutes = Decimal::from(24 * 60) - active_minutes;
                let cold_window = (idle_minutes >= spec.ttl.minutes()).then_some(active_minutes);
                match spec.hit_rate {
                    HitRateSpec::Fixed(f) => CacheOutcome::On {
                        ttl: spec.ttl,
                        hit_rate: f.0,
                        auto: None,
                    },
                    HitRateSpec::Auto => CacheOutcome::On {
                        ttl: spec.ttl,
                        hit_rate: auto_hit_rate(per_variant, spec.ttl.minutes(), cold_window)?,
                        auto: Some(AutoHitRate {
                            per_minute: per_variant,
                            cold_window_minutes: cold_window,
                        }),
                    },
                }
            }
        },
    };

    let base = Usage {
        input: user,
        output,
        web_searches: task.web_searches_per_request.0,
        ..Usage::default()
    };
    let shapes: Vec<(Shape, Decimal, Usage)> = match &cache {
        CacheOutcome::On { ttl, hit_rate, .. } => {
            let mut miss = base.clone();
            match ttl {
                Ttl::FiveMinutes => miss.cache_write_5m = prefix,
                Ttl::OneHour => miss.cache_write_1h = prefix,
            }
            let hit = Usage {
                cache_read: prefix,
                ..base.clone()
            };
            vec![
                (Shape::Hit, *hit_rate, hit),
                (Shape::Miss, Decimal::ONE - hit_rate, miss),
            ]
        }
        _ => vec![(
            Shape::Uncached,
            Decimal::ONE,
            Usage {
                input: add(base.input, prefix, "the prompt")?,
                ..base.clone()
            },
        )],
    };
    let modes = [
        (false, Decimal::ONE - run.batch_share),
        (true, run.batch_share),
    ];
    let mut parts = Vec::new();
    let mut classes = Classes::default();
    for (batch, mode_share) in modes {
        let mode = task.mode(batch);
        let in_mode = mul(run.requests, mode_share, "a request share")?;
        // The last shape takes what the others leave, so the parts' requests add up to the
        // task's exactly (an auto hit rate has 28 digits; rounding must not lose a request).
        let mut left = in_mode;
        for (k, (shape, shape_share, usage)) in shapes.iter().enumerate() {
            let requests = if k + 1 == shapes.len() {
                left
            } else {
                mul(in_mode, *shape_share, "a request share")?
            };
            left -= requests;
            if requests.is_zero() {
                continue;
            }
            let quote = billing::quote(table, model, usage, requests, &mode)?;
            classes.add_quote(&quote)?;
            parts.push(Part {
                batch,
                shape: *shape,
                quote,
            });
        }
    }
    let total = sum(parts.iter().map(|p| p.quote.total), "the task total")?;
    classes.set_shares(total);
    Ok(TaskEstimate {
        task: task.name.clone(),
        escalation_share: run.escalation_share,
        model: model.id.clone(),
        requests: run.requests,
        prefix_tokens: prefix,
        tool_overhead: overhead,
        cache,
        batch_share: run.batch_share,
        total,
        // Set over the whole task, its escalation included, once every row is priced.
        per_request: None,
        per_1k_requests: None,
        measured,
        classes,
        parts,
    })
}
