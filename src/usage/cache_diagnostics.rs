//! Cache diagnostics from observed traffic, per model and group: hit rate by tokens, write
//! amplification, the dollars paid for writes never read back (exact from per-request logs,
//! a floor from buckets), whether the other TTL would have paid, and requests that asked to
//! cache a prefix below the model's minimum.
//!
//! Every dollar figure is the repricing's own formula applied to a token count (the cost
//! closure [`Diagnose::add`] is given), so a diagnostic is priced exactly as the bill is.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::cache_timeline::Tally;
use crate::billing::Usage;
use crate::error::Result;
use crate::money::{add, div, sub};

/// What a single request's log line tells of its cache use beyond its counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestFacts {
    /// The Claude Code session it belongs to: one conversation, one run of cached prefixes.
    pub session: Option<String>,
    /// Whether its request marked a block with `cache_control`, where the log keeps the
    /// request (`None`: the log carries only the response).
    pub cache_control: Option<bool>,
    /// Whether the log gives its time (Message Batches results do not).
    pub timed: bool,
}

/// Writes never read back within their TTL, and what they cost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NeverRead {
    /// 5-minute write tokens.
    #[serde(with = "crate::money::exact")]
    pub cache_write_5m_tokens: Decimal,
    /// 1-hour write tokens.
    #[serde(with = "crate::money::exact")]
    pub cache_write_1h_tokens: Decimal,
    /// What those writes cost.
    #[serde(with = "crate::money::exact")]
    pub cost_usd: Decimal,
    /// Their cost less the same tokens as uncached input: what asking to cache them cost.
    #[serde(with = "crate::money::exact")]
    pub premium_usd: Decimal,
    /// Unread writes whose TTL runs past the end of the logs (not counted above; from
    /// per-request logs only).
    #[serde(with = "crate::money::exact")]
    pub open_tokens: Decimal,
}

/// The observed writes of one TTL repriced at the other.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TtlWhatIf {
    /// The write tokens repriced (of requests with a time).
    #[serde(with = "crate::money::exact")]
    pub written_tokens: Decimal,
    /// For 5m → 1h: tokens written again within the hour, read instead. For 1h → 5m: tokens
    /// read back after a gap over 5 minutes, written again instead.
    #[serde(with = "crate::money::exact")]
    pub changed_tokens: Decimal,
    /// The cost with the other TTL less the observed cost: negative when it would have
    /// saved.
    #[serde(with = "crate::money::exact")]
    pub difference_usd: Decimal,
}

/// Requests that asked to cache but had nothing cached: the prefix was below the minimum.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BelowMinimum {
    /// The model's documented minimum cacheable prefix.
    pub minimum_tokens: u64,
    /// Requests whose logged request has `cache_control` and whose usage shows no cache write
    /// or read: the marked prefix was shorter than the minimum.
    pub with_cache_control: u64,
    /// Their prompt tokens.
    #[serde(with = "crate::money::exact")]
    pub with_cache_control_tokens: Decimal,
    /// Requests whose log keeps only the response, with no cache write or read and a whole
    /// prompt below the minimum: whatever they asked, nothing could be cached.
    pub unknown_below: u64,
}

/// The cache diagnostics of one model and group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CacheDiagnostics {
    /// Canonical model id.
    pub model: String,
    /// The group's values, in the order of [`super::UsageReport::group`].
    pub group: Vec<String>,
    /// Uncached input tokens.
    #[serde(with = "crate::money::exact")]
    pub input_tokens: Decimal,
    /// 5-minute write tokens.
    #[serde(with = "crate::money::exact")]
    pub cache_write_5m_tokens: Decimal,
    /// 1-hour write tokens.
    #[serde(with = "crate::money::exact")]
    pub cache_write_1h_tokens: Decimal,
    /// Cache read tokens.
    #[serde(with = "crate::money::exact")]
    pub cache_read_tokens: Decimal,
    /// `read ÷ (read + 5m write + 1h write + uncached input)`: the share of prompt tokens
    /// served from the cache (`None` without prompt tokens).
    #[serde(with = "crate::money::exact_opt")]
    pub hit_rate: Option<Decimal>,
    /// `(5m write + 1h write) ÷ read`: tokens written per token read back (`None` without
    /// reads).
    #[serde(with = "crate::money::exact_opt")]
    pub write_amplification: Option<Decimal>,
    /// Writes never read back within their TTL, exact, from per-request logs with times.
    pub never_read: Option<NeverRead>,
    /// A floor from bucketed data: per day, price and group, the writes beyond the reads.
    pub never_read_estimate: Option<NeverRead>,
    /// The 5-minute writes as 1-hour writes (from per-request logs with times).
    pub five_minute_as_one_hour: Option<TtlWhatIf>,
    /// The 1-hour writes as 5-minute writes (from per-request logs with times).
    pub one_hour_as_five_minute: Option<TtlWhatIf>,
    /// Prefixes below the model's minimum (from per-request logs).
    pub below_minimum: Option<BelowMinimum>,
    /// Per-request records without a time (Message Batches results): in the totals, not on
    /// the timeline.
    pub untimed_requests: u64,
}

/// What one request tells of the minimum, as [`Diagnose::request`] takes it.
pub struct RequestSeen<'a> {
    /// Its usage.
    pub usage: &'a Usage,
    /// Its facts.
    pub facts: &'a RequestFacts,
}

#[derive(Default)]
struct Acc {
    usage: Usage,
    exact: Option<NeverRead>,
    estimate: Option<NeverRead>,
    to_1h: Option<TtlWhatIf>,
    to_5m: Option<TtlWhatIf>,
    below: Option<BelowMinimum>,
    untimed: u64,
}

/// The diagnostics gathered sum by sum.
#[derive(Default)]
pub struct Diagnose {
    rows: BTreeMap<(String, Vec<String>), Acc>,
}

/// The cost of a usage at one sum's day, price and group.
pub type Cost<'a> = dyn Fn(&Usage) -> Result<Decimal> + 'a;

/// A usage of nothing but what `f` sets.
fn only(f: impl FnOnce(&mut Usage)) -> Usage {
    let mut u = Usage::default();
    f(&mut u);
    u
}

fn add_into(into: &mut Option<NeverRead>, n: NeverRead) -> Result<()> {
    let what = "writes never read";
    let a = into.get_or_insert_with(NeverRead::default);
    a.cache_write_5m_tokens = add(a.cache_write_5m_tokens, n.cache_write_5m_tokens, what)?;
    a.cache_write_1h_tokens = add(a.cache_write_1h_tokens, n.cache_write_1h_tokens, what)?;
    a.cost_usd = add(a.cost_usd, n.cost_usd, what)?;
    a.premium_usd = add(a.premium_usd, n.premium_usd, what)?;
    a.open_tokens = add(a.open_tokens, n.open_tokens, what)?;
    Ok(())
}

fn add_what_if(into: &mut Option<TtlWhatIf>, w: TtlWhatIf) -> Result<()> {
    let what = "the TTL what-if";
    let a = into.get_or_insert_with(TtlWhatIf::default);
    a.written_tokens = add(a.written_tokens, w.written_tokens, what)?;
    a.changed_tokens = add(a.changed_tokens, w.changed_tokens, what)?;
    a.difference_usd = add(a.difference_usd, w.difference_usd, what)?;
    Ok(())
}

/// Writes of `w5`/`w1` tokens, priced, and their premium over uncached input.
fn never_read(w5: Decimal, w1: Decimal, open: Decimal, cost: &Cost<'_>) -> Result<NeverRead> {
    let what = "writes never read";
    let written = cost(&only(|u| {
        u.cache_write_5m = w5;
        u.cache_write_1h = w1;
    }))?;
    let tokens = add(w5, w1, what)?;
    let as_input = cost(&only(|u| u.input = tokens))?;
    Ok(NeverRead {
        cache_write_5m_tokens: w5,
        cache_write_1h_tokens: w1,
        cost_usd: written,
        premium_usd: sub(written, as_input, what)?,
        open_tokens: open,
    })
}

impl Diagnose {
    /// Adds one sum of the repricing (a day, price and group) of `model` in `group`: its
    /// `usage`, whether it is of buckets (not single requests), and the timeline's `tally`
    /// of its requests; `cost` prices a usage under its day, price and group.
    pub fn add(
        &mut self,
        model: &str,
        group: &[String],
        usage: &Usage,
        bucket: bool,
        tally: Option<&Tally>,
        cost: &Cost<'_>,
    ) -> Result<()> {
        let what = "the cache diagnostics";
        let acc = self.entry(model, group);
        acc.usage = super::fold::add_usage(&acc.usage, usage)?;
        if bucket {
            // A floor: each token read reads back a distinct token written that day in the
            // same price and group; the unread are taken to be the 5-minute writes first.
            let written = add(usage.cache_write_5m, usage.cache_write_1h, what)?;
            let beyond = sub(written, usage.cache_read, what)?.max(Decimal::ZERO);
            let w5 = beyond.min(usage.cache_write_5m);
            let w1 = sub(beyond, w5, what)?;
            add_into(&mut acc.estimate, never_read(w5, w1, Decimal::ZERO, cost)?)?;
        }
        let Some(t) = tally else {
            return Ok(());
        };
        add_into(
            &mut acc.exact,
            never_read(t.never_read_5m, t.never_read_1h, t.open, cost)?,
        )?;
        if !t.written_5m.is_zero() {
            // All 5m writes at the 1h rate, but the rewritten tokens read instead of written.
            let observed = cost(&only(|u| u.cache_write_5m = t.written_5m))?;
            let instead = cost(&only(|u| {
                u.cache_write_1h = t.written_5m - t.rewritten.min(t.written_5m);
                u.cache_read = t.rewritten.min(t.written_5m);
            }))?;
            add_what_if(
                &mut acc.to_1h,
                TtlWhatIf {
                    written_tokens: t.written_5m,
                    changed_tokens: t.rewritten,
                    difference_usd: sub(instead, observed, what)?,
                },
            )?;
        }
        if !t.written_1h.is_zero() {
            // All 1h writes at the 5m rate, and each late read back written again instead.
            let observed = cost(&only(|u| u.cache_read = t.refetched))?;
            let observed = add(
                observed,
                cost(&only(|u| u.cache_write_1h = t.written_1h))?,
                what,
            )?;
            let rewritten = add(t.written_1h, t.refetched, what)?;
            let instead = cost(&only(|u| u.cache_write_5m = rewritten))?;
            add_what_if(
                &mut acc.to_5m,
                TtlWhatIf {
                    written_tokens: t.written_1h,
                    changed_tokens: t.refetched,
                    difference_usd: sub(instead, observed, what)?,
                },
            )?;
        }
        Ok(())
    }

    /// Adds one single request of `model` in `group` (with the model's documented minimum)
    /// for the prefixes below the minimum, and counts it if it has no time.
    pub fn request(
        &mut self,
        model: &str,
        group: &[String],
        minimum: Option<u64>,
        seen: RequestSeen<'_>,
    ) -> Result<()> {
        let acc = self.entry(model, group);
        if !seen.facts.timed {
            acc.untimed += 1;
        }
        let Some(minimum) = minimum else {
            return Ok(());
        };
        let u = seen.usage;
        let cached = u.cache_write_5m + u.cache_write_1h + u.cache_read;
        if !cached.is_zero() {
            return Ok(());
        }
        let below = acc.below.get_or_insert_with(|| BelowMinimum {
            minimum_tokens: minimum,
            ..BelowMinimum::default()
        });
        match seen.facts.cache_control {
            Some(true) => {
                below.with_cache_control += 1;
                below.with_cache_control_tokens =
                    add(below.with_cache_control_tokens, u.input, "prompt tokens")?;
            }
            Some(false) => {}
            None if u.input < Decimal::from(minimum) => below.unknown_below += 1,
            None => {}
        }
        Ok(())
    }

    fn entry(&mut self, model: &str, group: &[String]) -> &mut Acc {
        self.rows
            .entry((model.to_string(), group.to_vec()))
            .or_default()
    }

    /// The diagnostics of every model and group with cache traffic, or a request that asked
    /// to cache.
    pub fn finish(self) -> Result<Vec<CacheDiagnostics>> {
        let what = "the cache diagnostics";
        let mut out = Vec::new();
        for ((model, group), acc) in self.rows {
            let u = &acc.usage;
            let written = add(u.cache_write_5m, u.cache_write_1h, what)?;
            let below = acc
                .below
                .filter(|b| b.with_cache_control + b.unknown_below > 0);
            // Small prompts with no cache traffic are no finding in traffic that never
            // caches: only a request that asked to cache is.
            let asked = below.as_ref().is_some_and(|b| b.with_cache_control > 0);
            if written.is_zero() && u.cache_read.is_zero() && !asked {
                continue;
            }
            let prompt = u.prompt_tokens()?;
            out.push(CacheDiagnostics {
                hit_rate: (!prompt.is_zero())
                    .then(|| div(u.cache_read, prompt, what))
                    .transpose()?,
                write_amplification: (!u.cache_read.is_zero())
                    .then(|| div(written, u.cache_read, what))
                    .transpose()?,
                model,
                group,
                input_tokens: u.input,
                cache_write_5m_tokens: u.cache_write_5m,
                cache_write_1h_tokens: u.cache_write_1h,
                cache_read_tokens: u.cache_read,
                never_read: acc.exact,
                never_read_estimate: acc.estimate,
                five_minute_as_one_hour: acc.to_1h,
                one_hour_as_five_minute: acc.to_5m,
                below_minimum: below,
                untimed_requests: acc.untimed,
            });
        }
        Ok(out)
    }
}
