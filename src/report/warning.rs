//! The words of each [`Warning`]: the library hands over typed warnings, and this is the one
//! place that says them, for stderr, tables and JSON's `message`.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

use super::sheet::count_of;
use crate::money::{format_count, format_usd};
use crate::warning::{BelowCacheMinimum, Row, Warning};

/// `task `x`` or `task `x` (escalation to MODEL)`.
pub(super) struct Who<'a>(pub(super) &'a Row);

impl fmt::Display for Who<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.escalation_to {
            None => write!(f, "task `{}`", self.0.task),
            Some(model) => write!(f, "task `{}` (escalation to {model})", self.0.task),
        }
    }
}

fn count(n: impl Into<Decimal>) -> String {
    format_count(n.into())
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::UnconfirmedId { model } => {
                write!(
                    f,
                    "the API id `{model}` is not confirmed by any public source"
                )
            }
            Warning::NotYetReleased {
                model,
                released,
                as_of,
            } => write!(
                f,
                "{model} was released on {released}, after {as_of}: it is priced at its first \
                 published rates, which no one paid that day"
            ),
            Warning::ModelStatus {
                model,
                status,
                note,
            } => write!(
                f,
                "{model} is {status}: {}",
                note.as_deref().unwrap_or("see `burnrate models`")
            ),
            Warning::FastBilledAsStandard { model, since } => write!(
                f,
                "fast mode on {model} was removed{}: the API runs `speed: \"fast\"` requests at \
                 standard speed and bills them at standard rates, so they are priced at standard \
                 rates",
                since
                    .as_deref()
                    .map(|d| format!(" on {d}"))
                    .unwrap_or_default()
            ),
            Warning::PricesChangeInPeriod {
                model,
                start,
                days,
                changes,
            } => write!(
                f,
                "{model}'s prices change on {} during the {}-day period from {start}: each day \
                 is priced at the rates in force that day",
                changes.join(", "),
                count(*days)
            ),
            Warning::BetaContextWindow {
                model,
                tokens,
                window,
                beta_window,
            } => write!(
                f,
                "{} prompt + output tokens per request exceed {model}'s standard {}-token \
                 context window; this needs its {}-token beta context window",
                count(*tokens),
                count(*window),
                count(*beta_window)
            ),
            Warning::TierApplied {
                row,
                model,
                prompt_tokens,
                above,
            } => write!(
                f,
                "task `{}` on {model}: a prompt of {} tokens is over {}, so the higher \
                 prompt-length tier prices every token of those requests, output included",
                row.task,
                count(*prompt_tokens),
                count(*above)
            ),
            Warning::PrefixBelowCacheMinimum(BelowCacheMinimum {
                row,
                model,
                prefix_tokens,
                minimum,
            }) => write!(
                f,
                "{}: the {}-token prefix is below {model}'s minimum cacheable length of {} \
                 tokens, so it is billed as uncached input on every request",
                Who(row),
                count(*prefix_tokens),
                count(*minimum)
            ),
            Warning::PrefixBelowObservedCacheMinimum {
                row,
                model,
                prefix_tokens,
                documented,
                observed,
            } => write!(
                f,
                "{}: the {}-token prefix meets {model}'s documented cache minimum of {} tokens \
                 but not the {} observed in practice; if the observed minimum holds, it is not \
                 cached and costs as uncached input",
                Who(row),
                count(*prefix_tokens),
                count(*documented),
                count(*observed)
            ),
            Warning::CacheMinimumUnpublished { row, model } => write!(
                f,
                "{}: {model} publishes no minimum cacheable length; the prefix is assumed \
                 cacheable",
                Who(row)
            ),
            Warning::CacheNotWorthIt {
                row,
                with_cache_usd,
                without_cache_usd,
                hit_rate,
            } => write!(
                f,
                "{}: at this traffic caching costs more than it saves ({} with the cache, {} \
                 without): a hit rate of {} does not pay for the cache writes",
                Who(row),
                format_usd(*with_cache_usd),
                format_usd(*without_cache_usd),
                super::sheet::percent(*hit_rate)
            ),
            Warning::SmallBatchSaving { row, saving_usd } => write!(
                f,
                "{}: the Batch API saves only {} over the period at this volume; its latency \
                 (up to 24 hours) may not be worth it",
                Who(row),
                format_usd(*saving_usd)
            ),
            Warning::TextOverContextWindow {
                path,
                tokens,
                model,
                window,
            } => write!(
                f,
                "`{path}`: about {} tokens, more than {model}'s {}-token context window",
                count(tokens.round()),
                count(*window)
            ),
            Warning::Skipped { path, reason } => write!(f, "skipped `{path}`: {reason}"),
            Warning::OverBudget {
                after_change,
                total_usd,
                budget_usd,
            } => write!(
                f,
                "{} of {} exceeds the budget of {}",
                if *after_change {
                    "after the change, the estimate"
                } else {
                    "the estimate"
                },
                format_usd(*total_usd),
                format_usd(*budget_usd)
            ),
            Warning::UncountedBlocks { line, block } => write!(
                f,
                "line {line}: {block} blocks are not counted (no text to tokenize)"
            ),
            Warning::ZeroRate { model, item } => write!(
                f,
                "{model}: the {item} rate is $0 in the pricing table, so those tokens cost \
                 nothing here; check the override if that is not meant"
            ),
            Warning::BatchPrefixBelowMinimum {
                line,
                model,
                tokens,
                minimum,
            } => write!(
                f,
                "line {line}: the {}-token prefix before its cache_control is below {model}'s \
                 cache minimum of {} tokens: the API does not cache it, so it is billed as input \
                 (said once per model)",
                format_count(*tokens),
                format_count(Decimal::from(*minimum))
            ),
            Warning::BreakpointInToolResult { line } => write!(
                f,
                "line {line}: a `cache_control` on a block inside a `tool_result` is not priced \
                 as a breakpoint; put it on the `tool_result` block itself"
            ),
            Warning::UnpricedLines { failed, requests } => write!(
                f,
                "{failed} of {} requests could not be priced and are left out of the totals",
                failed + requests
            ),
            Warning::UsageAssumed { dimension, assumed } => write!(
                f,
                "the usage does not give `{dimension}` (a report not grouped by it, or a log \
                 without it): that part is priced as `{assumed}`"
            ),
            Warning::PriorityAtList { model } => write!(
                f,
                "{model}: Priority Tier usage is billed against a commitment, not at list \
                 price; it is shown at standard list rates"
            ),
            Warning::TierUnknown { model, above } => write!(
                f,
                "{model}: the export does not say which prompts were over {} tokens; they are \
                 priced below that tier, and the range's high end prices them all in it",
                count(*above)
            ),
            Warning::NoUsage => f.write_str(
                "the input holds no usage records (an empty page, or a period with no traffic): \
                 every total is $0",
            ),
            Warning::DuplicateUsage { records } => write!(
                f,
                "{} appeared twice (the same bucket or request in two pages, lines or files) \
                 and {} counted once",
                count_of(*records, "record"),
                if *records == 1 { "is" } else { "are" }
            ),
            Warning::NotBilled { result, requests } => write!(
                f,
                "{} {result}: not billed, not priced",
                count_of(*requests, "batch result")
            ),
            Warning::Undated { requests, date } => write!(
                f,
                "{} carry no date (Message Batches results, logs without a time): priced at \
                 the rates of {date} (`--as-of` picks the day)",
                count_of(*requests, "request")
            ),
            Warning::UnreadLine { file, line, reason } => {
                write!(
                    f,
                    "{file}:{line}: {reason}; the line is left out of the totals"
                )
            }
            Warning::UnknownModelSkipped { model, records } => write!(
                f,
                "{} of `{model}`, a model the pricing table does not know, left out",
                count_of(*records, "record")
            ),
        }
    }
}

/// Serializes typed notices (warnings, migration notes) as `[{"kind": …, <fields>, "message":
/// …}]`: `#[serde(serialize_with = "crate::report::warning::serialize")]`.
pub fn serialize<T, S>(items: &[T], s: S) -> Result<S::Ok, S::Error>
where
    T: Serialize + fmt::Display,
    S: Serializer,
{
    #[derive(Serialize)]
    struct WithMessage<'a, T> {
        #[serde(flatten)]
        item: &'a T,
        message: String,
    }
    let mut seq = s.serialize_seq(Some(items.len()))?;
    for item in items {
        seq.serialize_element(&WithMessage {
            item,
            message: item.to_string(),
        })?;
    }
    seq.end()
}
