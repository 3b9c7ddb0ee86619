//! `burnrate usage`'s cache diagnostics: hit rate, write amplification, writes never read back,
//! the other TTL and prefixes below the minimum, every figure computed by hand from the
//! published prices (USD per MTok) in `pricing/anthropic.yaml`:
//!
//! - Sonnet 4.6: input $3, 5m write $3 × 1.25 = $3.75, 1h write $3 × 2 = $6, read $3 × 0.1 =
//!   $0.30;
//! - Haiku 4.5: input $1, 5m write $1.25, 1h write $2, read $0.10; minimum cacheable prefix
//!   4,096 tokens.

use super::util::burnrate;

const TIMELINE: &str = "tests/fixtures/usage/cache-timeline.jsonl";
const BUCKETS: &str = "tests/fixtures/usage/cache-buckets.json";

fn cache(file: &str) -> Vec<serde_json::Value> {
    let run = burnrate(&["usage", file, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    doc["cache"].as_array().unwrap().clone()
}

fn of<'a>(rows: &'a [serde_json::Value], model: &str) -> &'a serde_json::Value {
    rows.iter().find(|r| r["model"] == model).unwrap()
}

#[test]
fn hit_rate_and_write_amplification_are_by_tokens() {
    // Sonnet: input 100 + 50 + 850 = 1,000; 5m writes 2,000 + 500 + 2,500 = 5,000; reads
    // 2,000. Hit rate 2,000 / (2,000 + 5,000 + 1,000) = 0.25; 5,000 written / 2,000 read = 2.5.
    let rows = cache(TIMELINE);
    let s = of(&rows, "claude-sonnet-4-6");
    assert_eq!(s["hit_rate"], "0.25");
    assert_eq!(s["write_amplification"], "2.5");
    // Haiku: input 2,000 + 1,000 × 3 + 3,000 = 8,000; 1h writes 8,000; reads 16,000.
    // 16,000 / 32,000 = 0.5; 8,000 / 16,000 = 0.5.
    let h = of(&rows, "claude-haiku-4-5-20251001");
    assert_eq!(h["hit_rate"], "0.5");
    assert_eq!(h["write_amplification"], "0.5");
}

#[test]
fn writes_never_read_back_within_their_ttl_are_priced_exactly() {
    // Sonnet, one stream:
    // 10:00 writes 2,000 (5m, prefix end 2,000);
    // 10:03 reads 2,000 (the first write read back, refreshed to 10:08), writes 500 (end 2,500);
    // 10:20 reads nothing: the 500 ran out at 10:08 unread; writes 2,500 (end 2,500), which
    //       nothing reads before it runs out at 10:25 (the logs go on to 11:31).
    // Never read: 500 + 2,500 = 3,000 × $3.75 = $0.01125; less the same tokens as input
    // (3,000 × $3 = $0.009): $0.00225 paid for asking to cache them.
    let rows = cache(TIMELINE);
    let n = &of(&rows, "claude-sonnet-4-6")["never_read"];
    assert_eq!(n["cache_write_5m_tokens"], "3000");
    assert_eq!(n["cache_write_1h_tokens"], "0");
    assert_eq!(n["cost_usd"], "0.01125");
    assert_eq!(n["premium_usd"], "0.00225");
    assert_eq!(n["open_tokens"], "0");
    // Haiku's 1h write is read back at 11:20 and 11:22: nothing unread.
    let n = &of(&rows, "claude-haiku-4-5-20251001")["never_read"];
    assert_eq!(n["cost_usd"], "0");
}

#[test]
fn the_one_hour_ttl_verdict_reprices_the_rewrites() {
    // Sonnet: at 10:20 the 2,500 written (read 0 < end ≤ 0 + 2,500) again covers both lapsed
    // 5m entries (ends 2,000 and 2,500, last refreshed 10:03, within the hour): 2,000 + 500
    // = 2,500 tokens rewritten. As 1h writes: observed 5,000 × $3.75 = $0.01875; instead
    // 2,500 × $6 + 2,500 read × $0.30 = $0.015 + $0.00075 = $0.01575: −$0.003, the 1h TTL
    // would have paid for itself.
    let rows = cache(TIMELINE);
    let w = &of(&rows, "claude-sonnet-4-6")["five_minute_as_one_hour"];
    assert_eq!(w["written_tokens"], "5000");
    assert_eq!(w["changed_tokens"], "2500");
    assert_eq!(w["difference_usd"], "-0.003");
    assert!(of(&rows, "claude-sonnet-4-6")["one_hour_as_five_minute"].is_null());
    // Haiku: the 8,000 1h write (11:00) is read at 11:20, 20 minutes later: a 5m entry would
    // have gone, so it would be written again (the 11:22 read is 2 minutes on: kept).
    // Observed 8,000 × $2 + 8,000 × $0.10 = $0.0168; as 5m writes (8,000 + 8,000) × $1.25 =
    // $0.02: +$0.0032, the 1h TTL paid for itself.
    let w = &of(&rows, "claude-haiku-4-5-20251001")["one_hour_as_five_minute"];
    assert_eq!(w["written_tokens"], "8000");
    assert_eq!(w["changed_tokens"], "8000");
    assert_eq!(w["difference_usd"], "0.0032");
}

#[test]
fn prefixes_below_the_minimum_sent_with_cache_control_are_counted() {
    // Haiku 11:30: the logged request marks its system prompt with cache_control, yet the
    // usage shows no write or read: the prefix was under 4,096. 11:31: no request logged, no
    // cache traffic, and the whole prompt (3,000) is under the minimum.
    let rows = cache(TIMELINE);
    let b = &of(&rows, "claude-haiku-4-5-20251001")["below_minimum"];
    assert_eq!(b["minimum_tokens"], 4096);
    assert_eq!(b["with_cache_control"], 1);
    assert_eq!(b["with_cache_control_tokens"], "1000");
    assert_eq!(b["unknown_below"], 1);
}

#[test]
fn bucketed_data_gives_a_floor_of_writes_never_read() {
    // One day of Sonnet 4.6: 400,000 5m + 200,000 1h written, 100,000 read: at least 500,000
    // written tokens were never read, the 5m ones first: 400,000 × $3.75 + 100,000 × $6 =
    // $1.50 + $0.60 = $2.10; as input 500,000 × $3 = $1.50, so $0.60 premium.
    // Hit rate 100,000 / (1,300,000 + 600,000 + 100,000) = 0.05; 600,000 / 100,000 = 6.
    let rows = cache(BUCKETS);
    let s = of(&rows, "claude-sonnet-4-6");
    assert!(s["never_read"].is_null());
    let e = &s["never_read_estimate"];
    assert_eq!(e["cache_write_5m_tokens"], "400000");
    assert_eq!(e["cache_write_1h_tokens"], "100000");
    assert_eq!(e["cost_usd"], "2.1");
    assert_eq!(e["premium_usd"], "0.6");
    assert_eq!(s["hit_rate"], "0.05");
    assert_eq!(s["write_amplification"], "6");
    // Timeline figures need per-request times.
    assert!(s["five_minute_as_one_hour"].is_null());
}

#[test]
fn usage_without_cache_traffic_has_no_cache_rows() {
    // Haiku 5.5 requests with no cache write or read, prompts over any minimum.
    assert!(cache("tests/fixtures/usage/responses.jsonl").is_empty());
}

#[test]
fn the_table_shows_the_diagnostics_with_what_each_figure_is() {
    let run = burnrate(&["usage", TIMELINE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.contains("Cache diagnostics, USD:"), "{out}");
    // The figures of the tests above, laid out.
    assert!(out.contains("1h saves $0.0030"), "{out}");
    assert!(out.contains("5m costs $0.0032 more"), "{out}");
    assert!(
        out.contains("1 with cache_control, 1 unknown (< 4,096)"),
        "{out}"
    );
    assert!(
        out.contains("hit rate: cache-read tokens ÷ (read + 5m write"),
        "{out}"
    );
    // Without cache traffic there is no cache sheet.
    let run = burnrate(&["usage", "tests/fixtures/usage/responses.jsonl"]);
    assert!(!run.stdout.contains("Cache diagnostics"));
    // The floor from buckets is marked.
    let run = burnrate(&["usage", BUCKETS]);
    assert!(run.stdout.contains("≥ $2.10"), "{}", run.stdout);
}

#[test]
fn a_write_still_live_when_the_logs_end_is_open_not_never_read() {
    // Claude Code: Sonnet 4.6 writes 1,000 (5m) at 2026-11-10 10:00 (the streamed copy at
    // 10:00:03 is the same request); nothing reads it before 10:05, and the logs go on to
    // 2026-11-11 08:00: 1,000 × $3.75 = $0.00375 never read. Haiku 4.5's 500 written at
    // 08:00, the last request, may yet be read: open, not counted.
    let rows = cache("tests/fixtures/usage/claude-code.jsonl");
    let s = &of(&rows, "claude-sonnet-4-6")["never_read"];
    assert_eq!(s["cost_usd"], "0.00375");
    assert_eq!(s["open_tokens"], "0");
    let h = &of(&rows, "claude-haiku-4-5-20251001")["never_read"];
    assert_eq!(h["cost_usd"], "0");
    assert_eq!(h["open_tokens"], "500");
    // Sonnet's write as a 1h write, never rewritten: 1,000 × ($6 − $3.75) = $0.00225 more.
    let w = &of(&rows, "claude-sonnet-4-6")["five_minute_as_one_hour"];
    assert_eq!(w["difference_usd"], "0.00225");
}

#[test]
fn batch_results_count_in_the_rates_but_not_on_the_timeline() {
    // Sonnet 4.6 batch: 10,000 input, 20,000 1h writes, 50,000 reads, no time.
    // 50,000 / 80,000 = 0.625; 20,000 / 50,000 = 0.4.
    let rows = cache("tests/fixtures/usage/batch-results.jsonl");
    assert_eq!(
        rows.len(),
        1,
        "Haiku's small uncached request is no finding"
    );
    let s = of(&rows, "claude-sonnet-4-6");
    assert_eq!(s["hit_rate"], "0.625");
    assert_eq!(s["write_amplification"], "0.4");
    assert_eq!(s["untimed_requests"], 1);
    assert!(s["never_read"].is_null());
    assert!(s["one_hour_as_five_minute"].is_null());
}

#[test]
fn each_read_refreshes_the_ttl_the_rewrite_window_counts_from() {
    // Sonnet 4.6: 3,000 written (5m) at 09:00, read at 09:04, 09:08 (live only because the
    // 09:04 read refreshed it) and 09:12; it runs out at 09:17. At 10:10, over an hour after
    // the write but within the hour of the last refresh, the same 3,000 are written again:
    // an hour's TTL would have kept them. As 1h: observed 6,000 × $3.75 = $0.0225; instead
    // 3,000 × $6 + 3,000 read × $0.30 = $0.018 + $0.0009 = $0.0189: −$0.0036. The 10:10
    // write is the last request: open, not never read.
    let rows = cache("tests/fixtures/usage/cache-refresh.jsonl");
    let s = of(&rows, "claude-sonnet-4-6");
    assert_eq!(s["never_read"]["cost_usd"], "0");
    assert_eq!(s["never_read"]["open_tokens"], "3000");
    let w = &s["five_minute_as_one_hour"];
    assert_eq!(w["changed_tokens"], "3000");
    assert_eq!(w["difference_usd"], "-0.0036");
}
