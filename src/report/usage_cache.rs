//! `usage`'s cache sheet: per model and group, what the cache did, and what it cost where it
//! did not pay. The figures are the result's ([`crate::usage::cache_diagnostics`]); this only
//! lays them out and says what each is.

use rust_decimal::Decimal;

use super::sheet::{Sheet, cells, count_of, dash, percent, usd_for};
use crate::money::{format_count, format_factor};
use crate::usage::UsageReport;
use crate::usage::cache_diagnostics::{CacheDiagnostics, TtlWhatIf};

/// The cache diagnostics sheet (the report has at least one row of them).
pub(super) fn sheet(r: &UsageReport) -> Sheet {
    let usd = usd_for(r.totals.total_usd);
    let verdict = |w: &Option<TtlWhatIf>, other: &str| {
        dash(w.as_ref(), |w| match w.difference_usd.cmp(&Decimal::ZERO) {
            std::cmp::Ordering::Less => format!("{other} saves {}", usd(-w.difference_usd)),
            std::cmp::Ordering::Equal => "same".to_string(),
            std::cmp::Ordering::Greater => {
                format!("{other} costs {} more", usd(w.difference_usd))
            }
        })
    };
    let never = |d: &CacheDiagnostics| {
        let mut parts = Vec::new();
        if let Some(n) = &d.never_read {
            parts.push(usd(n.cost_usd));
        }
        if let Some(n) = &d.never_read_estimate {
            parts.push(format!("≥ {}", usd(n.cost_usd)));
        }
        if parts.is_empty() {
            "-".to_string()
        } else {
            parts.join("; ")
        }
    };
    let rows = r.cache.iter().map(|d| {
        let mut row = cells![&d.model];
        row.extend(d.group.iter().cloned());
        row.push(dash(d.hit_rate, percent));
        row.push(dash(d.write_amplification, |w| {
            format!("{}×", format_factor(w))
        }));
        row.push(never(d));
        row.push(verdict(&d.five_minute_as_one_hour, "1h"));
        row.push(verdict(&d.one_hour_as_five_minute, "5m"));
        row.push(dash(d.below_minimum.as_ref(), |b| {
            format!(
                "{} with cache_control, {} unknown (< {})",
                b.with_cache_control,
                b.unknown_below,
                format_count(b.minimum_tokens.into())
            )
        }));
        row
    });
    let mut notes = vec![
        "hit rate: cache-read tokens ÷ (read + 5m write + 1h write + uncached input): the share \
         of prompt tokens served from the cache"
            .to_string(),
        "written per read: cache-write tokens (5m + 1h) per cache-read token".to_string(),
        "writes never read: what writes no later request of the same model, group and session \
         read back before their TTL ran out cost, exact from request logs with times (a read \
         of R tokens reads back every live write whose prefix ends at or before R, and \
         refreshes it); `≥` marks a floor from daily buckets: the writes beyond the reads, 5m \
         first"
            .to_string(),
        "5m writes as 1h: every 5m write at the 1h rate, and the 5m writes that ran out and \
         were written again within the hour read instead; 1h writes as 5m: every 1h write at \
         the 5m rate, and each read more than 5 minutes after the last written again"
            .to_string(),
        "below minimum: requests with no cache write or read whose logged request asked to \
         cache (the marked prefix was under the model's minimum), and, where the log keeps \
         only the response, those whose whole prompt is under it"
            .to_string(),
    ];
    let untimed: u64 = r.cache.iter().map(|d| d.untimed_requests).sum();
    if untimed > 0 {
        notes.push(format!(
            "{} without a time (batch results) counted in the rates but not followed through the \
             TTLs",
            count_of(untimed, "request")
        ));
    }
    let open: Decimal = r
        .cache
        .iter()
        .filter_map(|d| d.never_read.as_ref())
        .map(|n| n.open_tokens)
        .fold(Decimal::ZERO, |a, b| {
            a.checked_add(b).unwrap_or(Decimal::MAX)
        });
    if !open.is_zero() {
        notes.push(format!(
            "{} written tokens were unread when the logs end, inside their TTL: not counted as \
             never read",
            format_count(open)
        ));
    }
    let first = 1 + r.group.len();
    super::usage::grouped("Cache diagnostics, USD:", "model", r)
        .cols(">hit rate|>written per read|>writes never read|5m writes as 1h|1h writes as 5m|below minimum")
        .rows(rows)
        .notes(notes)
        .droppable(&[first + 5, first + 4, first + 3])
}
