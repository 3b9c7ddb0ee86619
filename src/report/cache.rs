//! `cache`: break-even points, the TTL crossover and the cheapest choice per task.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Report;
use super::sheet::{Sheet, cells, dash, percent, usd_for};
use crate::money::{Exact, format_count};
use crate::workload::cache_advice::{CacheAdvice, CacheReport};

/// Why a task's prefix cannot be cached.
fn why_not(a: &CacheAdvice) -> String {
    let minimum = a
        .cache_minimum_tokens
        .map(|m| format!("{}-token", format_count(Decimal::from(m))))
        .unwrap_or_else(|| "minimum".into());
    if a.prefix_tokens.is_zero() {
        format!(
            "{} ({}): no prefix to cache (no system tokens, no tools): caching does not apply",
            a.task, a.model
        )
    } else {
        format!(
            "{} ({}): the {}-token prefix is below the model's {minimum} cache minimum: caching \
             does not apply",
            a.task,
            a.model,
            format_count(a.prefix_tokens)
        )
    }
}

/// A workload where no task can cache: what each task's prefix is, and why, instead of an
/// empty table of break-even points.
fn nothing_to_cache(r: &CacheReport) -> Sheet {
    let rows = r.tasks.iter().map(|a| {
        let minimum = a.cache_minimum_tokens.map(|m| format_count(m.into()));
        cells![
            &a.task,
            &a.model,
            format_count(a.prefix_tokens),
            minimum.unwrap_or_default()
        ]
    });
    Sheet::new(
        "Prompt caching: no task of this workload can be cached",
        "task|model|>prefix / request|>cache minimum",
    )
    .rows(rows)
    .notes(r.tasks.iter().map(why_not))
}

/// A CSV record: one task.
#[derive(Serialize)]
pub struct CacheRow<'a> {
    task: &'a str,
    model: &'a str,
    cacheable: bool,
    break_even_hits_per_write_5m: Option<Exact>,
    break_even_hits_per_write_1h: Option<Exact>,
    ttl_1h_cheaper_above_requests_per_hour: Option<Exact>,
    no_cache_usd: Exact,
    ttl_5m_usd: Exact,
    ttl_1h_usd: Exact,
    cheapest: &'static str,
}

impl Report for CacheReport {
    type Row<'a> = CacheRow<'a>;

    fn sheets(&self) -> Vec<Sheet> {
        let usd = usd_for(
            self.tasks
                .iter()
                .map(|a| a.no_cache)
                .max()
                .unwrap_or_default(),
        );
        let two =
            |d: Option<Decimal>| d.map_or_else(|| "never".into(), |d| format_count(d.round_dp(2)));
        let share = |d: Option<Decimal>| d.map_or_else(|| "never".into(), percent);
        let mut rows = Vec::new();
        let mut notes = vec![
            "break-even: the hits per write (and the hit rate) at which caching costs the same as \
             not caching, from the model's multipliers: (w − 1)/(1 − r) and (w − 1)/(w − r)"
                .to_string(),
            "1h cheaper above: requests per hour per prefix at which the 1-hour TTL costs less \
             than the 5-minute one: 60·ln((w1h − r)/(w5m − r))/55"
                .to_string(),
        ];
        for a in &self.tasks {
            if !a.cacheable {
                notes.push(why_not(a));
                continue;
            }
            rows.push(cells![
                &a.task,
                &a.model,
                format_count(a.prefix_tokens),
                dash(a.per_hour_per_prefix, |r| format_count(r.round_dp(2))),
                format!(
                    "{} / {}",
                    two(a.break_even_hits_per_write_5m),
                    two(a.break_even_hits_per_write_1h)
                ),
                format!(
                    "{} / {}",
                    share(a.break_even_hit_rate_5m),
                    share(a.break_even_hit_rate_1h)
                ),
                two(a.ttl_crossover_per_hour),
                usd(a.no_cache),
                usd(a.ttl_5m),
                usd(a.ttl_1h),
                format!("{} (saves {})", a.cheapest.name(), usd(a.saving)),
            ]);
        }
        if rows.is_empty() {
            return vec![nothing_to_cache(self)];
        }
        let sheet = Sheet::new(
            "Prompt caching: when it pays, and which TTL (costs for the period, USD)",
            "task|model|>prefix|>req/h per prefix|>break-even hits/write 5m / 1h|\
             >break-even hit rate 5m / 1h|>1h cheaper above (req/h)|>no cache|>5m|>1h|\
             cheapest vs as written",
        );
        vec![sheet.rows(rows).notes(notes).droppable(&[3, 4, 2, 6])]
    }

    fn rows(&self) -> Vec<CacheRow<'_>> {
        self.tasks
            .iter()
            .map(|a| CacheRow {
                task: &a.task,
                model: &a.model,
                cacheable: a.cacheable,
                break_even_hits_per_write_5m: a.break_even_hits_per_write_5m.map(Exact),
                break_even_hits_per_write_1h: a.break_even_hits_per_write_1h.map(Exact),
                ttl_1h_cheaper_above_requests_per_hour: a.ttl_crossover_per_hour.map(Exact),
                no_cache_usd: Exact(a.no_cache),
                ttl_5m_usd: Exact(a.ttl_5m),
                ttl_1h_usd: Exact(a.ttl_1h),
                cheapest: a.cheapest.name(),
            })
            .collect()
    }
}
