//! `burnrate cache`: break-even points and the TTL crossover from the published multipliers.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::util::{burnrate, temp_yaml};

fn advice(model: &str, per_hour: &str) -> serde_json::Value {
    let p = temp_yaml(
        &format!("cache-{model}-{per_hour}.yaml"),
        &format!("name: c\nperiod: day\ntasks:\n  - name: t\n    model: {model}\n    requests_per_hour: {per_hour}\n    system_tokens: 20000\n    user_tokens: 100\n    output_tokens: 0\n    cache: {{ ttl: 5m }}\n"),
    )
    .display()
    .to_string();
    // Read on a day every model used here was served (Haiku 3 retired on 2026-04-20).
    let run = burnrate(&["cache", &p, "--format", "json", "--as-of", "2026-04-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap()["tasks"][0].clone()
}

fn at(v: &serde_json::Value, places: u32) -> Decimal {
    Decimal::from_str(v.as_str().unwrap())
        .unwrap()
        .round_dp(places)
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn break_even_at_the_published_multipliers() {
    // Sonnet 4.6: w = 1.25 (5m), 2 (1h), r = 0.1.
    // Hits per write (w − 1)/(1 − r): 0.25/0.9 = 0.2777…, 1/0.9 = 1.1111…
    // Hit rate (w − 1)/(w − r): 0.25/1.15 = 0.2173913…, 1/1.9 = 0.5263157…
    // 1h cheaper above 60·ln(1.9/1.15)/55 = 0.5477366… requests per hour per prefix.
    let a = advice("claude-sonnet-4-6", "10");
    assert_eq!(
        at(&a["break_even_hits_per_write_5m"], 10),
        d("0.2777777778")
    );
    assert_eq!(
        at(&a["break_even_hits_per_write_1h"], 10),
        d("1.1111111111")
    );
    assert_eq!(at(&a["break_even_hit_rate_5m"], 10), d("0.2173913043"));
    assert_eq!(at(&a["break_even_hit_rate_1h"], 10), d("0.5263157895"));
    assert_eq!(
        at(&a["ttl_1h_cheaper_above_requests_per_hour"], 6),
        d("0.547737")
    );
    // Opus 5.5 reads at 0.05: 0.25/0.95 = 0.2631578…; 60·ln(1.95/1.2)/55 = 0.5296448….
    let a = advice("claude-opus-5-5", "10");
    assert_eq!(
        at(&a["break_even_hits_per_write_5m"], 10),
        d("0.2631578947")
    );
    assert_eq!(
        at(&a["ttl_1h_cheaper_above_requests_per_hour"], 6),
        d("0.529645")
    );
    // Haiku 3's printed prices are effective multipliers 0.30/0.25 = 1.2 and 0.03/0.25 = 0.12:
    // 0.2/0.88 = 0.2272727….
    let a = advice("claude-3-haiku-20240307", "10");
    assert_eq!(
        at(&a["break_even_hits_per_write_5m"], 10),
        d("0.2272727273")
    );
}

#[test]
fn the_ttl_crossover_separates_the_cheaper_ttl() {
    // Round-the-clock traffic on Sonnet 4.6: below 0.5478 requests an hour per prefix the
    // 5-minute TTL is cheaper, above it the 1-hour one.
    let below = advice("claude-sonnet-4-6", "0.5");
    assert!(at(&below["ttl_5m_usd"], 28) < at(&below["ttl_1h_usd"], 28));
    let above = advice("claude-sonnet-4-6", "0.6");
    assert!(at(&above["ttl_1h_usd"], 28) < at(&above["ttl_5m_usd"], 28));
    // At this traffic the 1h hit rate, 1 − e^(−0.6) = 45%, is still under its 52.6% break-even,
    // so not caching beats both, and the saving is against the workload as written (5m).
    assert_eq!(above["cheapest"], "none");
    assert_eq!(
        at(&above["saving_usd"], 28),
        at(&above["ttl_5m_usd"], 28) - at(&above["no_cache_usd"], 28)
    );
    // Well above the break-even, the 1-hour TTL is the cheapest choice.
    let busy = advice("claude-sonnet-4-6", "5");
    assert_eq!(busy["cheapest"], "1h");
}

/// Issue 13 trap 8: a workload with nothing cacheable says why per task, instead of an empty
/// table of break-even points.
#[test]
fn nothing_cacheable_says_why() {
    let p = temp_yaml(
        "cache-nothing.yaml",
        "name: n\nperiod: day\ntasks:\n  - name: t\n    model: claude-haiku-4-5\n    requests_per_day: 10\n    system_tokens: 0\n    user_tokens: 100\n    output_tokens: 10\n  - name: u\n    model: claude-haiku-4-5\n    requests_per_day: 10\n    system_tokens: 500\n    user_tokens: 100\n    output_tokens: 10\n",
    )
    .display()
    .to_string();
    let run = burnrate(&["cache", &p, "--format", "markdown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("**Prompt caching: no task of this workload can be cached**\n"),
        "{}",
        run.stdout
    );
    // Haiku 4.5's minimum cacheable prefix is 4,096 tokens.
    for line in [
        "t (claude-haiku-4-5-20251001): no prefix to cache (no system tokens, no tools): caching does not apply",
        "u (claude-haiku-4-5-20251001): the 500-token prefix is below the model's 4,096-token cache minimum: caching does not apply",
    ] {
        assert!(run.stdout.contains(line), "{}", run.stdout);
    }
    let doc: serde_json::Value =
        serde_json::from_str(&burnrate(&["cache", &p, "--format", "json"]).stdout).unwrap();
    assert_eq!(doc["tasks"][1]["cache_minimum_tokens"], 4096);
}
