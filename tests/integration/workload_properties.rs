//! Invariants of workload pricing, over random single-task workloads on every model that
//! publishes cache and batch prices.

use std::sync::OnceLock;

use burnrate::pricing::PricingTable;
use burnrate::workload::{self, Class, CompareMode, Estimate, Workload};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn table() -> &'static PricingTable {
    static TABLE: OnceLock<PricingTable> = OnceLock::new();
    TABLE.get_or_init(|| PricingTable::builtin().unwrap())
}

fn models() -> Vec<&'static str> {
    table()
        .models()
        .iter()
        .filter(|m| m.cache_read_multiplier.is_some() && m.batch_multiplier.is_some())
        .map(|m| m.id.as_str())
        .collect()
}

#[derive(Debug, Clone)]
struct Shape {
    model: &'static str,
    per_day: u32,
    system: u32,
    user: u32,
    output: u32,
    searches: u32,
    batch_share: &'static str,
}

fn shape() -> impl Strategy<Value = Shape> {
    let models = models();
    (
        0..models.len(),
        0u32..200_000,
        0u32..60_000,
        0u32..20_000,
        0u32..3_000,
        0u32..3,
        prop::sample::select(vec!["0", "0.25", "0.5", "1"]),
    )
        .prop_map(
            move |(m, per_day, system, user, output, searches, batch_share)| Shape {
                model: models[m],
                per_day,
                system,
                user,
                output,
                searches,
                batch_share,
            },
        )
}

/// A one-task workload; `cache` is the YAML of the cache mapping or `None`.
fn workload(s: &Shape, per_day: u64, cache: Option<&str>, batch_share: &str) -> Workload {
    let cache = cache
        .map(|c| format!("    cache: {c}\n"))
        .unwrap_or_default();
    let text = format!(
        "name: p\nperiod: month\ntasks:\n  - name: t\n    model: {}\n    requests_per_day: {per_day}\n    system_tokens: {}\n    user_tokens: {}\n    output_tokens: {}\n    web_searches_per_request: {}\n    batch_share: {batch_share}\n{cache}",
        s.model, s.system, s.user, s.output, s.searches
    );
    workload::load::parse("p.yaml", &text, table()).unwrap()
}

fn total(w: &Workload) -> Decimal {
    workload::estimate(table(), w).unwrap().total
}

fn token_cost(e: &Estimate) -> Decimal {
    e.total - e.classes.get(Class::WebSearch).cost
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn cost_is_linear_in_request_volume(s in shape(), k in 1u64..50, hit in prop::sample::select(vec!["0", "0.3", "1"])) {
        // With a given hit rate (an `auto` rate rises with volume, by design).
        let cache = format!("{{ ttl: 5m, hit_rate: {hit} }}");
        let one = total(&workload(&s, u64::from(s.per_day), Some(&cache), s.batch_share));
        let many = total(&workload(&s, u64::from(s.per_day) * k, Some(&cache), s.batch_share));
        prop_assert_eq!(many, one * Decimal::from(k));
    }

    #[test]
    fn a_fully_hit_cache_never_costs_more_than_no_cache(s in shape(), ttl in prop::sample::select(vec!["5m", "1h"])) {
        let cached = total(&workload(&s, u64::from(s.per_day), Some(&format!("{{ ttl: {ttl}, hit_rate: 1 }}")), s.batch_share));
        let uncached = total(&workload(&s, u64::from(s.per_day), None, s.batch_share));
        prop_assert!(cached <= uncached, "{cached} > {uncached}");
    }

    #[test]
    fn batch_plus_cache_is_half_of_real_time_plus_cache_on_tokens(s in shape(), hit in prop::sample::select(vec!["auto", "0.4", "1"])) {
        let cache = format!("{{ ttl: 1h, hit_rate: {hit} }}");
        let real_time = workload::estimate(table(), &workload(&s, u64::from(s.per_day), Some(&cache), "0")).unwrap();
        let batch = workload::estimate(table(), &workload(&s, u64::from(s.per_day), Some(&cache), "1")).unwrap();
        let (half, whole) = (token_cost(&batch) * Decimal::TWO, token_cost(&real_time));
        if hit == "auto" {
            // An auto hit rate is irrational, carried to all 28 digits of a decimal; the two
            // sides round differently in the last digit. Agreement to 1e-20 is far below a cent.
            let tolerance = whole * Decimal::from_scientific("1e-20").unwrap();
            prop_assert!((half - whole).abs() <= tolerance, "{half} vs {whole}");
        } else {
            prop_assert_eq!(half, whole);
        }
        prop_assert_eq!(batch.classes.get(Class::WebSearch).cost, real_time.classes.get(Class::WebSearch).cost);
    }

    #[test]
    fn compare_as_written_cell_equals_estimate(s in shape(), cached: bool, batch: bool) {
        // A workload already in one of the four modes on one model.
        let cache = cached.then_some("{ ttl: 5m, hit_rate: auto }");
        let w = workload(&s, u64::from(s.per_day), cache, if batch { "1" } else { "0" });
        let c = workload::compare(table(), &w, &[s.model.to_string()]).unwrap();
        let mode = match (batch, cached) {
            (false, false) => CompareMode::RealTime,
            (false, true) => CompareMode::RealTimeCache,
            (true, false) => CompareMode::Batch,
            (true, true) => CompareMode::BatchCache,
        };
        let cell = c.cells.iter().find(|x| x.mode == mode).unwrap();
        prop_assert_eq!(cell.total, Some(total(&w)));
        prop_assert_eq!(c.as_written, total(&w));
    }
}
