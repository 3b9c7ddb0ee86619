//! The warnings a priced row deserves: its quotes' warnings, the prompt-length tier, a prefix
//! below the cache minimum, a cache or a batch share that does not pay.

use rust_decimal::Decimal;

use super::price::{Run, price};
use super::result::{CacheOutcome, TaskEstimate};
use crate::error::{Error, Result};
use crate::pricing::PricingTable;
use crate::warning::{BelowCacheMinimum, Row, Warning};

/// A batch saving below this many dollars a period draws a warning: the Batch API's latency
/// (up to 24 hours) is then rarely worth it. A judgement threshold, not a price.
const TINY_BATCH_SAVING_USD: u32 = 1;

fn row_of(run: &Run) -> Row {
    Row {
        task: run.task.name.clone(),
        escalation_to: run.escalation_share.map(|_| run.model.id.clone()),
    }
}

/// The warnings of the row's quotes (model status, unconfirmed id, beta context window), and
/// one when a prompt-length tier priced the row.
pub(super) fn quote_warnings(run: &Run, row: &TaskEstimate) -> Vec<Warning> {
    let mut out: Vec<Warning> = Vec::new();
    for part in &row.parts {
        for w in &part.quote.warnings {
            if !out.contains(w) {
                out.push(w.clone());
            }
        }
    }
    if let Some((prompt_tokens, above)) = row
        .parts
        .iter()
        .find_map(|p| p.quote.tier_above.map(|a| (p.quote.prompt_tokens, a)))
    {
        out.push(Warning::TierApplied {
            row: Row {
                task: run.task.name.clone(),
                escalation_to: None,
            },
            model: row.model.clone(),
            prompt_tokens,
            above,
        });
    }
    out
}

/// Warnings for what will surprise a user about this row.
pub(super) fn advice(table: &PricingTable, run: &Run, row: &TaskEstimate) -> Result<Vec<Warning>> {
    let mut out = Vec::new();
    let model = &run.model.id;
    match &row.cache {
        CacheOutcome::BelowMinimum { minimum } => {
            out.push(Warning::PrefixBelowCacheMinimum(BelowCacheMinimum {
                row: row_of(run),
                model: model.clone(),
                prefix_tokens: row.prefix_tokens,
                minimum: *minimum,
            }))
        }
        CacheOutcome::On { hit_rate, .. } => {
            if let Some(observed) = run
                .model
                .min_cacheable_tokens_observed
                .filter(|&o| row.prefix_tokens < Decimal::from(o))
            {
                out.push(Warning::PrefixBelowObservedCacheMinimum {
                    row: row_of(run),
                    model: model.clone(),
                    prefix_tokens: row.prefix_tokens,
                    documented: run.model.min_cacheable_tokens.unwrap_or_default(),
                    observed,
                });
            }
            if run.model.min_cacheable_tokens.is_none() {
                out.push(Warning::CacheMinimumUnpublished {
                    row: row_of(run),
                    model: model.clone(),
                });
            }
            let uncached = price(
                table,
                &Run {
                    cache: None,
                    ..run.clone()
                },
            )?;
            if row.total > uncached.total {
                out.push(Warning::CacheNotWorthIt {
                    row: row_of(run),
                    with_cache_usd: row.total,
                    without_cache_usd: uncached.total,
                    hit_rate: *hit_rate,
                });
            }
        }
        CacheOutcome::Off | CacheOutcome::Observed { .. } => {}
    }
    if run.batch_share > Decimal::ZERO {
        let real_time = price(
            table,
            &Run {
                batch_share: Decimal::ZERO,
                ..run.clone()
            },
        );
        // Limits are per part: a request over the real-time maximum but within the Batch API's
        // (300K output on the 1M-context models) can only be sent as a batch, so there is no
        // real-time bill to compare with and nothing to warn about.
        let real_time = match real_time {
            Err(Error::OutputLimit { .. }) => None,
            other => Some(other?),
        };
        if let Some(real_time) = real_time {
            let saving = real_time.total - row.total;
            if saving < Decimal::from(TINY_BATCH_SAVING_USD) {
                out.push(Warning::SmallBatchSaving {
                    row: row_of(run),
                    saving_usd: saving,
                });
            }
        }
    }
    Ok(out)
}
