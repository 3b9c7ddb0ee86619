//! `estimate` and `compare` on workload files. Expected amounts are worked out by hand in the
//! comments from the published prices, not by calling the engine.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::util::{burnrate, temp_yaml};

/// Writes a one-task workload: `head` is the workload header, `task` the task's fields.
fn workload(file: &str, head: &str, task: &str) -> String {
    let text = format!("name: test\n{head}tasks:\n  - name: t\n{task}");
    temp_yaml(file, &text).display().to_string()
}

fn estimate_json(path: &str) -> serde_json::Value {
    let run = burnrate(&["estimate", path, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn total(path: &str) -> String {
    estimate_json(path)["total_usd"]
        .as_str()
        .unwrap()
        .to_string()
}

fn cents(value: &str) -> String {
    Decimal::from_str(value)
        .unwrap()
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .to_string()
}

#[test]
fn explicit_hit_rate() {
    // Sonnet 4.6, 1,000 requests, prefix 10,000, user 500, output 200, 5m cache, 80% hits.
    // Hit: 10,000 × $0.30 + 500 × $3 + 200 × $15 = $0.0075 per request × 800 = $6.00.
    // Miss: 10,000 × $3.75 + 500 × $3 + 200 × $15 = $0.042 per request × 200 = $8.40.
    let p = workload(
        "hit80.yaml",
        "period: day\n",
        "    model: claude-sonnet-4-6\n    requests_per_day: 1000\n    system_tokens: 10000\n    user_tokens: 500\n    output_tokens: 200\n    cache: { ttl: 5m, hit_rate: 80% }\n",
    );
    let doc = estimate_json(&p);
    assert_eq!(doc["total_usd"], "14.4");
    assert_eq!(doc["tasks"][0]["hit_rate"], "0.8");
    assert_eq!(doc["tasks"][0]["hit_rate_auto"], false);
}

#[test]
fn auto_hit_rate_round_the_clock() {
    // 1,440 requests a day over 24 hours: λ = 1 per minute, T = 5: h = 1 − e^(−5)
    // = 0.99326205300091453290… Cost = 1,440 × ($0.042 − $0.0345 h) = $11.1347412069…
    let p = workload(
        "auto.yaml",
        "period: day\n",
        "    model: claude-sonnet-4-6\n    requests_per_day: 1440\n    system_tokens: 10000\n    user_tokens: 500\n    output_tokens: 200\n    cache: { ttl: 5m }\n",
    );
    let doc = estimate_json(&p);
    let h = Decimal::from_str(doc["tasks"][0]["hit_rate"].as_str().unwrap()).unwrap();
    let expected = Decimal::from_str("0.9932620530009145329033639516").unwrap();
    assert!(
        (h - expected).abs() < Decimal::from_str("1e-16").unwrap(),
        "{h}"
    );
    assert_eq!(doc["tasks"][0]["requests_per_minute_per_prefix"], "1");
    assert_eq!(cents(doc["total_usd"].as_str().unwrap()), "11.13");
    assert!(
        doc["total_usd"]
            .as_str()
            .unwrap()
            .starts_with("11.134741206914")
    );
}

#[test]
fn quantities_that_do_not_depend_on_the_cache_stay_exact_under_an_auto_hit_rate() {
    // 30 requests an hour × 9 hours × 21 days = 5,670 requests; 5,670 × 900 = 5,103,000 output
    // and 5,670 × 2,500 = 14,175,000 input tokens, however the hit and miss parts split them.
    let doc = estimate_json("examples/contract-review.yaml");
    assert_eq!(doc["requests"], "5670");
    let class = |name: &str| {
        doc["classes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["class"] == name)
            .unwrap()["tokens"]
            .clone()
    };
    assert_eq!(class("output"), "5103000");
    assert_eq!(class("input"), "14175000");
}

#[test]
fn auto_hit_rate_with_a_daily_cold_start() {
    // 2 requests in 8 active hours (H = 480 min): λ = 2/480 per minute, T = 5, n = λH = 2; the
    // cache is cold each morning, so h = (1 − 1/n)(1 − e^(−λT)) + e^(−λT)·T/H
    // = 0.020510807056580336738526262954…
    let p = workload(
        "cold.yaml",
        "period: day\n",
        "    model: claude-sonnet-4-6\n    requests_per_day: 2\n    active_hours: 8\n    system_tokens: 10000\n    user_tokens: 0\n    output_tokens: 0\n    cache: { ttl: 5m, hit_rate: auto }\n",
    );
    let doc = estimate_json(&p);
    let h = Decimal::from_str(doc["tasks"][0]["hit_rate"].as_str().unwrap()).unwrap();
    let expected = Decimal::from_str("0.0205108070565803367385262630").unwrap();
    assert!(
        (h - expected).abs() < Decimal::from_str("1e-16").unwrap(),
        "{h}"
    );
    assert_eq!(doc["tasks"][0]["cold_window_minutes"], "480");
}

#[test]
fn a_monthly_rate_over_a_year_is_twelve_months() {
    // 1,000 a month × 12, not × 365 / 30.
    let p = workload(
        "yearly.yaml",
        "period: year\n",
        "    model: haiku\n    requests_per_month: 1000\n    system_tokens: 0\n    user_tokens: 1\n    output_tokens: 0\n",
    );
    assert_eq!(estimate_json(&p)["tasks"][0]["requests"], "12000");
}

#[test]
fn quote_warnings_reach_the_estimate() {
    // A restricted model with an unconfirmed id, and a prompt over Sonnet 4.5's 200K tier (which
    // needs its beta window) on a day it was deprecated (it retired on 2026-11-30).
    let text = "name: w\nperiod: day\ntasks:\n  - name: old\n    model: claude-mythos-preview\n    requests_per_day: 10\n    system_tokens: 0\n    user_tokens: 10\n    output_tokens: 0\n  - name: long\n    model: claude-sonnet-4-5\n    requests_per_day: 10\n    system_tokens: 0\n    user_tokens: 250000\n    output_tokens: 0\n";
    let p = temp_yaml("warned.yaml", text).display().to_string();
    let run = burnrate(&["estimate", &p, "--as-of", "2026-11-15"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr,
        "warning: the API id `claude-mythos-preview` is not confirmed by any public source\n\
         warning: claude-mythos-preview is restricted: Research preview, restricted. Input and output prices from third-party tables only; cache, batch and US-only prices, the release date, the maximum output and the API id are not published, so burnrate refuses to price those rather than guess.\n\
         warning: 250,000 prompt + output tokens per request exceed claude-sonnet-4-5-20250929's standard 200,000-token context window; this needs its 1,000,000-token beta context window\n\
         warning: claude-sonnet-4-5-20250929 is deprecated: Deprecated; retired on 2026-11-30, from which day the Claude API no longer serves it. Prompts above 200K need the 1M-context beta (context-1m-2025-08-07) and are billed at the long-context rates for the whole request; whether the beta still worked in late 2026 is not confirmed.\n\
         warning: task `long` on claude-sonnet-4-5-20250929: a prompt of 250,000 tokens is over 200,000, so the higher prompt-length tier prices every token of those requests, output included\n"
    );
    // 10 × 250,000 × $6 (the >200K rate) = $15; 10 × 10 × $25 (Mythos Preview input) / 1M =
    // $0.0025.
    let run = burnrate(&["estimate", &p, "--format", "json", "--as-of", "2026-11-15"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["total_usd"], "15.0025");
}

#[test]
fn a_disputed_cache_minimum_is_flagged() {
    // Sonnet 4.6: documented minimum 1,024, 2,048 observed. A 1,500-token prefix is priced as
    // cached (the documented rule) with a warning.
    let p = workload(
        "disputed.yaml",
        "period: day\n",
        "    model: claude-sonnet-4-6\n    requests_per_day: 100\n    system_tokens: 1500\n    user_tokens: 0\n    output_tokens: 0\n    cache: { ttl: 5m, hit_rate: 1 }\n",
    );
    // 100 × 1,500 × $0.30 / 1M = $0.045.
    assert_eq!(total(&p), "0.045");
    assert_eq!(
        burnrate(&["estimate", &p]).stderr,
        "warning: task `t`: the 1,500-token prefix meets claude-sonnet-4-6's documented cache minimum of 1,024 tokens but not the 2,048 observed in practice; if the observed minimum holds, it is not cached and costs as uncached input\n"
    );
}

#[test]
fn batch_share_zero_half_and_all() {
    // Haiku 4.5, 1,000 requests of 1,000 input and 100 output: $0.0015 each real-time,
    // $0.00075 through the Batch API.
    let cost = |share: &str| {
        let p = workload(
            &format!("batch{share}.yaml"),
            "period: day\n",
            &format!(
                "    model: claude-haiku-4-5\n    requests_per_day: 1000\n    system_tokens: 0\n    user_tokens: 1000\n    output_tokens: 100\n    batch_share: {share}\n"
            ),
        );
        total(&p)
    };
    assert_eq!(cost("0"), "1.5");
    assert_eq!(cost("0.5"), "1.125");
    assert_eq!(cost("1"), "0.75");
}

#[test]
fn escalation_is_its_own_row() {
    // Base: 1,000 × $0.0015 = $1.50 on Haiku 4.5. 25% re-run on Sonnet 4.6:
    // 250 × (1,000 × $3 + 100 × $15) / 1M = 250 × $0.0045 = $1.125.
    let p = workload(
        "esc.yaml",
        "period: day\n",
        "    model: claude-haiku-4-5\n    requests_per_day: 1000\n    system_tokens: 0\n    user_tokens: 1000\n    output_tokens: 100\n    escalation: { model: claude-sonnet-4-6, share: 25% }\n",
    );
    let doc = estimate_json(&p);
    assert_eq!(doc["tasks"][0]["total_usd"], "1.5");
    assert_eq!(doc["tasks"][1]["model"], "claude-sonnet-4-6");
    assert_eq!(doc["tasks"][1]["escalation_share"], "0.25");
    assert_eq!(doc["tasks"][1]["requests"], "250");
    assert_eq!(doc["tasks"][1]["total_usd"], "1.125");
    assert_eq!(doc["total_usd"], "2.625");
}

#[test]
fn cache_minimum_boundary() {
    // Haiku 4.5 caches prefixes of 4,096 tokens or more. With every request a hit:
    // 4,095 tokens: not cached, 4,100 input × $1 = $0.0041 per request → $4.10 for 1,000.
    // 4,096 tokens: read 4,096 × $0.10 + 5 input × $1 = $0.0004146 → $0.4146.
    let cost = |system: u32| {
        let p = workload(
            &format!("min{system}.yaml"),
            "period: day\n",
            &format!(
                "    model: claude-haiku-4-5\n    requests_per_day: 1000\n    system_tokens: {system}\n    user_tokens: 5\n    output_tokens: 0\n    cache: {{ ttl: 5m, hit_rate: 1 }}\n"
            ),
        );
        (total(&p), burnrate(&["estimate", &p]).stderr)
    };
    let (under, warning) = cost(4095);
    assert_eq!(under, "4.1");
    assert_eq!(
        warning,
        "warning: task `t`: the 4,095-token prefix is below claude-haiku-4-5-20251001's minimum cacheable length of 4,096 tokens, so it is billed as uncached input on every request\n"
    );
    assert_eq!(cost(4096).0, "0.4146");
}

#[test]
fn period_conversions() {
    let requests = |head: &str, rate: &str| {
        let p = workload(
            "period.yaml",
            head,
            &format!(
                "    model: haiku\n    {rate}\n    active_hours: 8\n    system_tokens: 0\n    user_tokens: 1\n    output_tokens: 0\n"
            ),
        );
        estimate_json(&p)["tasks"][0]["requests"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(requests("period: day\n", "requests_per_day: 100"), "100");
    assert_eq!(requests("period: week\n", "requests_per_day: 100"), "700");
    assert_eq!(requests("period: month\n", "requests_per_day: 100"), "3000");
    assert_eq!(
        requests(
            "period: month\ndays_per_month: 31\n",
            "requests_per_day: 100"
        ),
        "3100"
    );
    assert_eq!(requests("period: year\n", "requests_per_day: 100"), "36500");
    // Per active hour: 10 × 8 hours × 7 days.
    assert_eq!(requests("period: week\n", "requests_per_hour: 10"), "560");
    // Per month over a week: 3,000 × 7 / 30; over its own month, exactly the rate.
    assert_eq!(
        requests("period: week\n", "requests_per_month: 3000"),
        "700"
    );
    assert_eq!(
        requests(
            "period: month\ndays_per_month: 21\n",
            "requests_per_month: 1000"
        ),
        "1000"
    );
}

#[test]
fn tool_choice_adds_the_models_overhead_to_the_prefix() {
    // Sonnet 4.6: 497 tokens for auto/none, 589 for any. 1,000 requests of 1,000 + overhead
    // input at $3: $4.491 and $4.767.
    let cost = |choice: &str| {
        let p = workload(
            &format!("tools{choice}.yaml"),
            "period: day\n",
            &format!(
                "    model: claude-sonnet-4-6\n    requests_per_day: 1000\n    system_tokens: 1000\n    user_tokens: 0\n    output_tokens: 0\n    tool_choice: {choice}\n"
            ),
        );
        total(&p)
    };
    assert_eq!(cost("none"), "3");
    assert_eq!(cost("auto"), "4.491");
    assert_eq!(cost("any"), "4.767");
}

#[test]
fn web_searches_are_billed_per_search() {
    // 1,000 requests × 2 searches × $10 / 1,000 = $20, plus 1,000 × 100 input × $1 = $0.10.
    let p = workload(
        "search.yaml",
        "period: day\n",
        "    model: claude-haiku-4-5\n    requests_per_day: 1000\n    system_tokens: 0\n    user_tokens: 100\n    output_tokens: 0\n    web_searches_per_request: 2\n",
    );
    assert_eq!(total(&p), "20.1");
}

#[test]
fn budget_and_the_fail_over_budget_exit_code() {
    // $1.50 a day against a $1 budget.
    let over = workload(
        "over.yaml",
        "period: day\nbudget_usd: 1\n",
        "    model: claude-haiku-4-5\n    requests_per_day: 1000\n    system_tokens: 0\n    user_tokens: 1000\n    output_tokens: 100\n",
    );
    let run = burnrate(&["estimate", &over, "--fail-over-budget"]);
    assert_eq!(run.code, 3);
    assert!(
        run.stdout
            .contains("budget $1.00: OVER BUDGET by $0.50 (50% over)"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stderr,
        "warning: the estimate of $1.50 exceeds the budget of $1.00\n"
    );
    assert_eq!(burnrate(&["estimate", &over]).code, 0);
    let doc = estimate_json(&over);
    assert_eq!(doc["budget_usd"], "1");
    assert_eq!(doc["headroom_usd"], "-0.5");
    assert_eq!(doc["over_budget"], true);

    let under = workload(
        "under.yaml",
        "period: day\nbudget_usd: 2\n",
        "    model: claude-haiku-4-5\n    requests_per_day: 1000\n    system_tokens: 0\n    user_tokens: 1000\n    output_tokens: 100\n",
    );
    let run = burnrate(&["estimate", &under, "--fail-over-budget"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .contains("budget $2.00: $0.50 under budget (25% headroom)")
    );

    let none = workload(
        "nobudget.yaml",
        "period: day\n",
        "    model: haiku\n    requests_per_day: 1\n    system_tokens: 0\n    user_tokens: 1\n    output_tokens: 0\n",
    );
    let run = burnrate(&["estimate", &none, "--fail-over-budget"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!("error: `--fail-over-budget` needs a `budget_usd` in `{none}`\n")
    );
}

#[test]
fn compare_marks_the_cheapest_and_measures_savings() {
    // Haiku 4.5 as written: $1.50 a day (see batch_share_zero_half_and_all).
    // On Haiku 5.5 the counts convert from the claude-3 to the claude-4.7 tokenizer (×1.30):
    // 1,000 × (1,300 × $0.10 + 130 × $0.50) / 1M = $0.195; batch $0.0975.
    let p = workload(
        "cmp.yaml",
        "period: day\n",
        "    model: claude-haiku-4-5\n    requests_per_day: 1000\n    system_tokens: 0\n    user_tokens: 1000\n    output_tokens: 100\n",
    );
    let run = burnrate(&[
        "compare",
        &p,
        "--models",
        "haiku,claude-haiku-4-5",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rows = doc["cells"].as_array().unwrap();
    assert_eq!(rows.len(), 8);
    assert_eq!(doc["as_written_usd"], "1.5");
    let cell = |model: &str, mode: &str| {
        rows.iter()
            .find(|r| r["model"] == model && r["mode"] == mode)
            .unwrap()
            .clone()
    };
    assert_eq!(cell("claude-haiku-5-5", "real_time")["total_usd"], "0.195");
    assert_eq!(cell("claude-haiku-5-5", "real_time")["saving_usd"], "1.305");
    assert_eq!(cell("claude-haiku-5-5", "batch")["total_usd"], "0.0975");
    // No prefix to cache: the cache modes cost the same as without.
    assert_eq!(
        cell("claude-haiku-5-5", "batch_cache")["total_usd"],
        "0.0975"
    );
    // No prefix: both cache modes say why they cost what the uncached modes cost.
    let not_cached = &cell("claude-haiku-5-5", "real_time_cache")["not_cached"];
    assert_eq!(not_cached[0]["task"], "t");
    assert_eq!(not_cached[0]["prefix_tokens"], "0");
    assert_eq!(not_cached[0]["minimum"], 512);
    assert!(cell("claude-haiku-5-5", "batch")["not_cached"].is_null());
    // Each converted count is listed: 1,000 user tokens × 1.3 = 1,300 (range ×1–×1.35);
    // 100 output tokens → 130 (100–135). Haiku 4.5's own cells are not converted.
    assert_eq!(doc["conversions"].as_array().unwrap().len(), 2);
    assert_eq!(
        doc["conversions"][0]["message"],
        "claude-haiku-5-5, t: 1,000 user tokens per request measured on claude-haiku-4-5-20251001 (claude-3) → 1,300 claude-4.8 tokens at ×1.3 (range 1,000–1,350)"
    );
    assert_eq!(doc["conversions"][1]["tokens"]["typical"], "130");
    assert_eq!(cell("claude-haiku-5-5", "batch")["converted"], true);
    assert_eq!(
        cell("claude-haiku-4-5-20251001", "batch")["converted"],
        false
    );
    let table = burnrate(&["compare", &p, "--models", "haiku,claude-haiku-4-5"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    let line = |model: &str| {
        table
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("│ {model} ")))
            .unwrap()
            .to_string()
    };
    assert_eq!(line("claude-haiku-5-5").matches(" †").count(), 4);
    assert!(!line("claude-haiku-4-5-20251001").contains('†'));
    for note in [
        "claude-haiku-5-5, cache modes: t has no prefix to cache: priced without the cache",
        "claude-haiku-4-5-20251001, cache modes: t has no prefix to cache: priced without the cache",
        "  claude-3 → claude-4.8 at ×1.3 (range 1–1.35), for claude-haiku-5-5:",
        "    t (measured on claude-haiku-4-5-20251001): 1,000 user tokens → 1,300 (1,000–1,350); \
         100 output tokens → 130 (100–135)",
    ] {
        assert!(
            table.stdout.lines().any(|l| l == note),
            "{note}\n{}",
            table.stdout
        );
    }
    // The first cheapest cell is marked, once.
    assert_eq!(cell("claude-haiku-5-5", "batch")["cheapest"], true);
    assert_eq!(rows.iter().filter(|r| r["cheapest"] == true).count(), 1);
    // The workload's own mode on its own model equals the estimate.
    assert_eq!(
        cell("claude-haiku-4-5-20251001", "real_time")["total_usd"],
        "1.5"
    );
}

#[test]
fn every_example_runs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue; // the folders beside the workloads hold their prompt files
        }
        let path = path.display().to_string();
        for cmd in ["estimate", "compare"] {
            let run = burnrate(&[cmd, &path]);
            assert_eq!(run.code, 0, "{cmd} {path}: {}", run.stderr);
        }
        count += 1;
    }
    assert!(count >= 5);
}

#[test]
fn warns_when_caching_does_not_pay() {
    // 3 requests in 8 hours, 1h TTL: λ = 3/480, n = 3, h = (1 − 1/3)(1 − e^(−0.375))
    // + e^(−0.375)·60/480 = 29.44%. Per batch request: hit $0.0024, miss (1h write at 2×)
    // $0.0309, uncached (10,100 × $3 + 100 × $15) × 0.5 / 1M = $0.0159. Over 90 requests:
    // $2.0259 cached against $1.431 uncached.
    let p = workload(
        "nopay.yaml",
        "period: month\n",
        "    model: claude-sonnet-4-6\n    requests_per_day: 3\n    active_hours: 8\n    system_tokens: 10000\n    user_tokens: 100\n    output_tokens: 100\n    batch_share: 1\n    cache: { ttl: 1h }\n",
    );
    assert_eq!(cents(&total(&p)), "2.03");
    assert_eq!(
        burnrate(&["estimate", &p]).stderr,
        "warning: task `t`: at this traffic caching costs more than it saves ($2.03 with the cache, $1.43 without): a hit rate of 29.44% does not pay for the cache writes\n"
    );
}

#[test]
fn warns_when_batch_saves_next_to_nothing() {
    // 30 requests a month × (100 × $1 + 100 × $5) / 1M = $0.018 real-time; batch saves $0.009.
    let p = workload(
        "tiny.yaml",
        "period: month\n",
        "    model: claude-haiku-4-5\n    requests_per_day: 1\n    system_tokens: 0\n    user_tokens: 100\n    output_tokens: 100\n    batch_share: 1\n",
    );
    let run = burnrate(&["estimate", &p, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["total_usd"], "0.009");
    assert_eq!(
        run.stderr,
        "warning: task `t`: the Batch API saves only $0.01 over the period at this volume; its latency (up to 24 hours) may not be worth it\n"
    );
    assert_eq!(doc["warnings"][0]["kind"], "small_batch_saving");
    assert_eq!(doc["warnings"][0]["saving_usd"], "0.009");
    assert_eq!(
        doc["warnings"][0]["message"],
        run.stderr["warning: ".len()..].trim_end()
    );
}

#[test]
fn token_counts_measured_from_files() {
    // Haiku 4.5 (claude-3: the v3 vocabulary, frame 7), 1,000 requests a day; counts from
    // ctok 1.3.0 (tokens.rs CLAUDE_REFERENCE).
    // system_file prose.txt: 144 tokens.
    // user_samples e*.txt: emoji.txt 53 and empty.txt 1 → mean 27, + 7 for the user message's
    // frame = 34.
    // Per request: (144 + 34) × $1 + 100 output × $5, per MTok = $0.000678; × 1,000 = $0.678,
    // exact: no range.
    let text = super::util::fixture("text");
    let p = workload(
        "measured.yaml",
        "period: day\n",
        &format!(
            "    model: claude-haiku-4-5\n    requests_per_day: 1000\n    system_file: {text}/prose.txt\n    user_samples: \"{text}/e*.txt\"\n    output_tokens: 100\n"
        ),
    );
    let doc = estimate_json(&p);
    assert_eq!(doc["total_usd"], "0.678");
    assert_eq!(doc["total_usd_range"], serde_json::Value::Null);
    assert_eq!(doc["tasks"][0]["prefix_tokens_per_request"], "144");
    assert_eq!(doc["tasks"][0]["measured"][1]["from"], "counted");
    assert_eq!(doc["tasks"][0]["measured"][1]["frame"], 7);
    let run = burnrate(&["estimate", &p]);
    assert!(run.stdout.contains(&format!(
        "user tokens from `{text}/e*.txt`: 2 files, counted with Claude's v3 vocabulary: mean 27 (min 1, max 53) + 7 message frame tokens → 34 claude-3 tokens"
    )), "{}", run.stdout);
    assert!(!run.stdout.contains("tokenizer range"), "{}", run.stdout);

    // The same workload where claude-3 has no vocabulary (an override without
    // `reconstruction`): the cl100k count times the prose factor 1.08 (1.03–1.16).
    // system_file prose.txt: 140 cl100k tokens → 151.2 (144.2–162.4).
    // user_samples: emoji.txt 48 and empty.txt 0 → mean 25.92 (24.72–27.84); no frame added.
    // Per request: (151.2 + 25.92) × $1 + 100 output × $5, per MTok = $0.00067712.
    // Low: (144.2 + 24.72) → $0.00066892; high: (162.4 + 27.84) → $0.00069024.
    let factor = super::util::temp_yaml(
        "claude-3-factors.yaml",
        "schema_version: 1\nprovider: x\ncurrency: USD\ntokenizers:\n  - id: claude-3\n    description: d\n    source: s\n    base_encoding: cl100k_base\n    factors:\n      prose: { typical: 1.08, low: 1.03, high: 1.16 }\n      code: { typical: 1.18, low: 1.05, high: 1.30 }\n      json: { typical: 1.20, low: 1.08, high: 1.25 }\n      cjk: { typical: 1.15, low: 0.95, high: 1.45 }\n      agentic: { typical: 1.25, low: 1.15, high: 1.35 }\n    factors_source: test\n",
    );
    let f = factor.display().to_string();
    let run = burnrate(&["--pricing", &f, "estimate", &p, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["total_usd"], "0.67712");
    assert_eq!(doc["total_usd_range"]["low"], "0.66892");
    assert_eq!(doc["total_usd_range"]["high"], "0.69024");
    assert_eq!(doc["tasks"][0]["prefix_tokens_per_request"], "151.2");
    let run = burnrate(&["--pricing", &f, "estimate", &p]);
    assert!(
        run.stdout.contains("tokenizer range: $0.67 to $0.69"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(&format!(
        "user tokens from `{text}/e*.txt`: 2 files, cl100k_base mean 24 (min 0, max 48) → 25.92 claude-3 tokens (range 24.72–27.84)"
    )), "{}", run.stdout);
    // Numbers only: no range.
    let p = workload(
        "counted.yaml",
        "period: day\n",
        "    model: claude-haiku-4-5\n    requests_per_day: 1\n    system_tokens: 0\n    user_tokens: 1\n    output_tokens: 0\n",
    );
    assert_eq!(
        estimate_json(&p)["total_usd_range"],
        serde_json::Value::Null
    );
}

#[test]
fn a_migration_from_files_counts_the_text_in_each_models_vocabulary() {
    // system_file prose.txt on Haiku 4.5 (v3): 144 tokens; moved to Opus 4.7 (v4.7): 197, the
    // user's own inflation ×1.368 (not the table's ×1.30). 1,000 requests a day, no output.
    // Before: 1,000 × 144 × $1 / 1M = $0.144; after: 1,000 × 197 × $5 / 1M = $0.985.
    let text = super::util::fixture("text");
    let p = workload(
        "migrate-files.yaml",
        "period: day\n",
        &format!(
            "    model: claude-haiku-4-5\n    requests_per_day: 1000\n    system_file: {text}/prose.txt\n    user_tokens: 0\n    output_tokens: 0\n"
        ),
    );
    let run = burnrate(&[
        "migrate",
        &p,
        "--to-model",
        "claude-opus-4-7",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["before"]["total_usd"], "0.144");
    assert_eq!(doc["after"]["total_usd"], "0.985");
    assert_eq!(doc["after"]["tasks"][0]["prefix_tokens_per_request"], "197");
    assert_eq!(doc["after"]["total_usd_range"], serde_json::Value::Null);
    let note = doc["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "tokens_recounted")
        .expect("a recount note");
    assert_eq!(
        note["message"],
        "task `t`: system tokens recounted from its files: 144 per request on claude-3, 197 on claude-4.7 (×1.368 on your text)"
    );
    assert_eq!(note["ratio"], "1.3680555555555555555555555556");
}

#[test]
fn opus_5_does_not_count_trailing_ascii_whitespace() {
    // tokenizer_quirks: Opus 5 drops a message's trailing ASCII whitespace; Sonnet 5 (v4.8, no
    // quirk) counts it. ctok 1.3.0 v4.8: "hello world" = 3, "hello world \t  \n \n\t\n" = 10.
    let dir = std::env::temp_dir().join(format!("burnrate-trailing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("t.txt");
    std::fs::write(&file, "hello world \t  \n \n\t\n").unwrap();
    let f = file.display().to_string();
    let count = |model: &str| {
        let run = burnrate(&["tokens", &f, "-m", model, "--format", "json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        doc["total_tokens"]["typical"].as_str().unwrap().to_string()
    };
    assert_eq!(count("claude-sonnet-5"), "10");
    assert_eq!(count("claude-opus-5"), "3");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn counts_measured_on_another_tokenizer_are_converted() {
    // Counts measured on Sonnet 4.6 (claude-3 tokenizer), priced on Sonnet 5.5 (claude-4.8, the claude-4.7 counts):
    // ×1.30 typical, 1.0 low, 1.35 high. 1,000 requests of 1,000 input and 100 output at $2 /
    // $10 per MTok: typical 1,000 × (1,300 × 2 + 130 × 10) / 1M = $3.90; low (×1.0) $3.00;
    // high (×1.35) $4.05.
    let p = workload(
        "converted.yaml",
        "period: day\n",
        "    model: claude-sonnet-5-5\n    tokens_measured_on: claude-sonnet-4-6\n    requests_per_day: 1000\n    system_tokens: 0\n    user_tokens: 1000\n    output_tokens: 100\n",
    );
    let doc = estimate_json(&p);
    assert_eq!(doc["total_usd"], "3.9");
    assert_eq!(doc["total_usd_range"]["low"], "3");
    assert_eq!(doc["total_usd_range"]["high"], "4.05");
    let user = &doc["tasks"][0]["measured"][1];
    assert_eq!(
        user["message"],
        "user tokens: 1,000 measured on claude-sonnet-4-6 (claude-3 tokenizer) → 1,300 claude-4.8 tokens at ×1.3 (range 1,000–1,350)"
    );
    assert_eq!(user["from"], "converted");
    assert_eq!(user["tokens"]["typical"], "1300");
    assert_eq!(user["factor"]["high"], "1.35");
    // Measured on a model of the same family: no conversion, no range.
    let p = workload(
        "same.yaml",
        "period: day\n",
        "    model: claude-sonnet-5-5\n    tokens_measured_on: claude-opus-5-5\n    requests_per_day: 1000\n    system_tokens: 0\n    user_tokens: 1000\n    output_tokens: 100\n",
    );
    let doc = estimate_json(&p);
    assert_eq!(doc["total_usd"], "3");
    assert_eq!(doc["total_usd_range"], serde_json::Value::Null);
}

#[test]
fn counts_measured_on_opus_4_7_carry_over_to_opus_5_unconverted() {
    // Opus 5 (claude-4.8) counts with Opus 4.7's vocabulary (claude-4.7): no conversion, no
    // range. 1,000 requests of 1,000 input and 100 output at $5 / $25 per MTok:
    // 1,000 × (1,000 × 5 + 100 × 25) / 1M = $7.50.
    let p = workload(
        "same-counts.yaml",
        "period: day\n",
        "    model: claude-opus-5\n    tokens_measured_on: claude-opus-4-7\n    requests_per_day: 1000\n    system_tokens: 0\n    user_tokens: 1000\n    output_tokens: 100\n",
    );
    let doc = estimate_json(&p);
    assert_eq!(doc["total_usd"], "7.5");
    assert_eq!(doc["total_usd_range"], serde_json::Value::Null);
    assert_eq!(doc["tasks"][0]["measured"], serde_json::json!([]));
}
