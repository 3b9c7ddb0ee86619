//! Prices through time: `--as-of` before and after each dated change, the refusals that say
//! since when, dated override files, and the validation of `history`. Every amount is computed
//! by hand from the published prices (fact sheet §2, §4, §7), in the comment above it.

use super::util::{burnrate, fixture, temp_yaml};

/// `total_usd` of a JSON quote, and its warnings' messages; panics if the quote fails.
fn quote(args: &[&str]) -> (String, Vec<String>) {
    let mut all = vec!["quote"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = burnrate(&all);
    assert_eq!(run.code, 0, "burnrate {all:?}: {}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let warnings = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message"].as_str().unwrap().to_string())
        .collect();
    (doc["total_usd"].as_str().unwrap().to_string(), warnings)
}

/// The stderr of a command that must fail with exit code 1 and print nothing.
fn refused(args: &[&str]) -> String {
    let run = burnrate(args);
    assert_eq!(run.code, 1, "burnrate {args:?}: {}", run.stdout);
    assert_eq!(run.stdout, "");
    run.stderr
}

#[test]
fn opus_4_8_fast_before_and_after_its_removal() {
    // 2026-11-15, fast mode in force at $10 / $50: 100,000 × $10 + 10,000 × $50 per MTok
    // = $1.00 + $0.50 = $1.50.
    let fast = [
        "-m",
        "claude-opus-4-8",
        "--fast",
        "--input",
        "100000",
        "--output",
        "10000",
    ];
    let mut on = fast.to_vec();
    on.extend(["--as-of", "2026-11-15"]);
    assert_eq!(quote(&on), ("1.5".to_string(), Vec::new()));
    // 2026-11-29 is the last day of fast mode (`until` is the first day without it).
    let mut last = fast.to_vec();
    last.extend(["--as-of", "2026-11-29"]);
    assert_eq!(quote(&last).0, "1.5");
    // From 2026-11-30 the API refuses `speed: "fast"`.
    let mut args = vec!["quote"];
    args.extend(fast);
    args.extend(["--as-of", "2026-12-01"]);
    assert_eq!(
        refused(&args),
        "error: `--fast`: fast mode on `claude-opus-4-8` was removed on 2026-11-30: the API \
         returns an error for `speed: \"fast\"` (prices as of 2026-12-01)\n"
    );
    // Standard speed is still priced: 100,000 × $5 + 10,000 × $25 = $0.50 + $0.25 = $0.75.
    assert_eq!(
        quote(&[
            "-m",
            "claude-opus-4-8",
            "--input",
            "100000",
            "--output",
            "10000",
            "--as-of",
            "2026-12-01"
        ])
        .0,
        "0.75"
    );
}

#[test]
fn opus_4_6_long_context_tier_until_2026_03_13() {
    let at = |day| {
        quote(&[
            "-m",
            "claude-opus-4-6",
            "--input",
            "250000",
            "--output",
            "1000",
            "--as-of",
            day,
        ])
        .0
    };
    // 2026-03-01: the prompt of 250,000 is over 200,000, so the whole request pays the tier,
    // $10 input and $37.50 output: 250,000 × 10 / 1M = 2.50; 1,000 × 37.5 / 1M = 0.0375.
    assert_eq!(at("2026-03-01"), "2.5375");
    assert_eq!(at("2026-03-12"), "2.5375");
    // 2026-04-01 (and from 2026-03-13): standard $5 / $25 across the 1M window:
    // 250,000 × 5 / 1M = 1.25; 1,000 × 25 / 1M = 0.025.
    assert_eq!(at("2026-03-13"), "1.275");
    assert_eq!(at("2026-04-01"), "1.275");
}

#[test]
fn sonnet_4_6_long_context_tier_until_2026_03_13() {
    // 2026-03-01: $6 / $22.50 over 200K: 250,000 × 6 / 1M = 1.50; 1,000 × 22.5 / 1M = 0.0225.
    // 2026-04-01: $3 / $15: 0.75 + 0.015.
    let at = |day| {
        quote(&[
            "-m",
            "claude-sonnet-4-6",
            "--input",
            "250000",
            "--output",
            "1000",
            "--as-of",
            day,
        ])
        .0
    };
    assert_eq!(at("2026-03-01"), "1.5225");
    assert_eq!(at("2026-04-01"), "0.765");
}

#[test]
fn sonnet_5_5_cache_read_before_and_after_the_cut() {
    // 1M cache-read tokens: 0.1 × $2 = $0.20 until 2026-10-06, 0.05 × $2 = $0.10 from 2026-10-07.
    let at = |day| {
        quote(&[
            "-m",
            "claude-sonnet-5-5",
            "--cache-read",
            "1000000",
            "--as-of",
            day,
        ])
        .0
    };
    assert_eq!(at("2026-10-06"), "0.2");
    assert_eq!(at("2026-10-07"), "0.1");
}

#[test]
fn opus_4_6_fast_after_removal_is_billed_at_standard_with_a_warning() {
    let fast = |day| {
        quote(&[
            "-m",
            "claude-opus-4-6",
            "--fast",
            "--input",
            "100000",
            "--output",
            "10000",
            "--as-of",
            day,
        ])
    };
    // 2026-03-01, fast in force at 6x: 100,000 × $30 + 10,000 × $150 per MTok = $3 + $1.50.
    assert_eq!(fast("2026-03-01"), ("4.5".to_string(), Vec::new()));
    // 2026-12-01: the API runs it at standard speed and bills $5 / $25: $0.50 + $0.25.
    assert_eq!(
        fast("2026-12-01"),
        (
            "0.75".to_string(),
            vec![
                "fast mode on claude-opus-4-6 was removed on 2026-06-27: the API runs \
                 `speed: \"fast\"` requests at standard speed and bills them at standard rates, \
                 so they are priced at standard rates"
                    .to_string()
            ]
        )
    );
    // The JSON says how it was billed: standard speed, with the typed warning.
    let run = burnrate(&[
        "quote",
        "-m",
        "claude-opus-4-6",
        "--fast",
        "--input",
        "1",
        "--as-of",
        "2026-12-01",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["speed"], "standard");
    assert_eq!(doc["warnings"][0]["kind"], "fast_billed_as_standard");
    assert_eq!(doc["warnings"][0]["since"], "2026-06-27");
}

#[test]
fn a_retired_model_is_refused_with_its_date() {
    // Served (deprecated, with the status warning) the day before its retirement.
    let (total, warnings) = quote(&[
        "-m",
        "claude-sonnet-4-5",
        "--input",
        "100000",
        "--as-of",
        "2026-11-29",
    ]);
    // 100,000 × $3 / 1M = $0.30.
    assert_eq!(total, "0.3");
    assert!(
        warnings[0].starts_with("claude-sonnet-4-5-20250929 is deprecated: "),
        "{warnings:?}"
    );
    assert_eq!(
        refused(&[
            "quote",
            "-m",
            "claude-sonnet-4-5",
            "--input",
            "100000",
            "--as-of",
            "2026-11-30"
        ]),
        "error: claude-sonnet-4-5-20250929 was retired on 2026-11-30: the Claude API no longer \
         serves it (prices as of 2026-11-30); an earlier `--as-of` prices past traffic, and \
         `--platform` a cloud that still serves it\n"
    );
    // A model whose retirement the table does not date says so.
    assert_eq!(
        refused(&[
            "quote",
            "-m",
            "claude-3-opus-latest",
            "--as-of",
            "2026-12-01"
        ]),
        "error: claude-3-opus-20240229 is retired (the pricing table gives no date): the Claude \
         API no longer serves it (prices as of 2026-12-01); an earlier `--as-of` prices past \
         traffic, and `--platform` a cloud that still serves it\n"
    );
}

#[test]
fn a_retired_model_in_a_workload_names_the_task() {
    let p = temp_yaml(
        "retired-task.yaml",
        "name: w\nperiod: day\ntasks:\n  - name: old\n    model: claude-sonnet-4-0\n    requests_per_day: 10\n    system_tokens: 0\n    user_tokens: 10\n    output_tokens: 0\n",
    )
    .display()
    .to_string();
    let stderr = refused(&["estimate", &p, "--as-of", "2026-12-01"]);
    assert!(
        stderr.ends_with(
            "tasks[0] (`old`): claude-sonnet-4-20250514 was retired on 2026-06-15: the Claude \
             API no longer serves it (prices as of 2026-12-01)\n"
        ),
        "{stderr}"
    );
    // On 2026-06-01 it was served: 10 × 10 × $3 / 1M = $0.0003.
    let run = burnrate(&["estimate", &p, "--as-of", "2026-06-01", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["total_usd"], "0.0003");
}

/// A workload of one task on `model` with `output` output tokens and a batch share.
fn output_workload(name: &str, model: &str, output: u64, batch_share: &str) -> String {
    temp_yaml(
        name,
        &format!(
            "name: w\nperiod: day\ntasks:\n  - name: long\n    model: {model}\n    requests_per_day: 10\n    system_tokens: 0\n    user_tokens: 1000\n    output_tokens: {output}\n    batch_share: {batch_share}\n"
        ),
    )
    .display()
    .to_string()
}

#[test]
fn batch_output_limit_is_checked_per_part() {
    // Sonnet 5.5: 128,000 output tokens real-time, 300,000 through the Batch API.
    // 200,000 output, all through batch: 10 requests × (1,000 × $2 + 200,000 × $10) × 0.5 / 1M
    // = 10 × (0.002 + 2) × 0.5 = $10.01.
    let all_batch = output_workload("batch-out.yaml", "claude-sonnet-5-5", 200_000, "1");
    let run = burnrate(&[
        "estimate",
        &all_batch,
        "--as-of",
        "2026-12-01",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["total_usd"], "10.01");
    // quote --batch prices the same request: 1,000 × $1 + 200,000 × $5 per MTok, × 10.
    assert_eq!(
        quote(&[
            "-m",
            "claude-sonnet-5-5",
            "--batch",
            "--input",
            "1000",
            "--output",
            "200000",
            "--requests",
            "10",
            "--as-of",
            "2026-12-01"
        ])
        .0,
        "10.01"
    );
    // compare's batch cells price it too; its real-time cells say why they cannot.
    let run = burnrate(&[
        "compare",
        &all_batch,
        "--models",
        "claude-sonnet-5-5",
        "--as-of",
        "2026-12-01",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let cell = |mode: &str| {
        doc["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["mode"] == mode)
            .unwrap()
            .clone()
    };
    assert_eq!(cell("batch")["total_usd"], "10.01");
    assert!(
        cell("real_time")["error"].as_str().unwrap().contains(
            "200,000 output tokens per request exceed claude-sonnet-5-5's maximum of 128,000"
        ),
        "{}",
        doc["cells"]
    );
    // Half of it real-time: that part is over the real-time maximum, and the error says so.
    let half = output_workload("half-out.yaml", "claude-sonnet-5-5", 200_000, "0.5");
    assert_eq!(
        refused(&["estimate", &half, "--as-of", "2026-12-01"]),
        "error: task `long`: 200,000 output tokens per request exceed claude-sonnet-5-5's \
         maximum of 128,000\n"
    );
    // Above the Batch API's 300,000 too.
    let over = output_workload("over-out.yaml", "claude-sonnet-5-5", 300_001, "1");
    assert_eq!(
        refused(&["estimate", &over, "--as-of", "2026-12-01"]),
        "error: task `long`: 300,001 output tokens per request exceed claude-sonnet-5-5's \
         maximum of 300,000 through the Batch API\n"
    );
}

#[test]
fn an_override_without_dates_replaces_the_dated_entry() {
    // override.yaml's Sonnet 4.6 has no history: its $2.40 holds always, so the embedded
    // >200K tier of early 2026 is gone with the entry it replaced.
    // 250,000 × $2.40 / 1M = $0.60; 1,000 × $12 / 1M = $0.012.
    let over = fixture("pricing/override.yaml");
    let args = |day| {
        quote(&[
            "--pricing",
            &over,
            "-m",
            "claude-sonnet-4-6",
            "--input",
            "250000",
            "--output",
            "1000",
            "--as-of",
            day,
        ])
        .0
    };
    assert_eq!(args("2026-03-01"), "0.612");
    assert_eq!(args("2026-12-01"), "0.612");
}

const FUTURE_PRICE: &str = "schema_version: 1
provider: anthropic
currency: USD
models:
  - id: claude-sonnet-5-5
    name: Claude Sonnet 5.5
    family: sonnet
    released: 2026-09-28
    status: current
    input_usd_per_mtok: 2
    output_usd_per_mtok: 10
    cache_write_5m_multiplier: 1.25
    cache_write_1h_multiplier: 2
    cache_read_multiplier: 0.05
    batch_multiplier: 0.5
    regional_premium: true
    context_window_tokens: 1000000
    max_output_tokens: 128000
    tokenizer: claude-4.7
    source: our notes
    checked: 2026-12-01
    history:
      - from: 2027-01-01
        input_usd_per_mtok: 3
        output_usd_per_mtok: 15
        source: a price change announced to us
        checked: 2026-12-01
";

#[test]
fn an_override_with_dates_adds_a_future_price() {
    let path = temp_yaml("future.yaml", FUTURE_PRICE).display().to_string();
    let at = |day| {
        quote(&[
            "--pricing",
            &path,
            "-m",
            "claude-sonnet-5-5",
            "--input",
            "500000",
            "--output",
            "100000",
            "--as-of",
            day,
        ])
        .0
    };
    // Until 2026-12-31: 500,000 × $2 + 100,000 × $10 per MTok = $1 + $1 = $2.
    assert_eq!(at("2026-12-31"), "2");
    // From 2027-01-01: 500,000 × $3 + 100,000 × $15 = $1.50 + $1.50 = $3.
    assert_eq!(at("2027-01-01"), "3");
}

#[test]
fn overlapping_periods_are_an_error_at_the_later_value() {
    let text = format!(
        "{FUTURE_PRICE}      - from: 2026-12-15
        until: 2027-02-01
        input_usd_per_mtok: 4
        source: another note
        checked: 2026-12-01
"
    );
    let path = temp_yaml("overlap.yaml", &text).display().to_string();
    // The second entry starts on line 28 (`- from: 2026-12-15`); its `input_usd_per_mtok`
    // value is on line 30, after 8 spaces and `input_usd_per_mtok: `: column 29.
    assert_eq!(
        refused(&["--pricing", &path, "models"]),
        format!(
            "error: {path}:30:29: model `claude-sonnet-5-5`: history[1] sets \
             `input_usd_per_mtok` from 2026-12-15 until 2027-02-01, which overlaps history[0] \
             (from 2027-01-01); each fact may have one value per day\n"
        )
    );
}

#[test]
fn from_after_until_is_an_error() {
    let text = FUTURE_PRICE.replace(
        "      - from: 2027-01-01\n",
        "      - from: 2027-01-01\n        until: 2026-06-01\n",
    );
    let path = temp_yaml("backwards.yaml", &text).display().to_string();
    // The inserted `until:` is line 24; its value follows 8 spaces and `until: `: column 16.
    assert_eq!(
        refused(&["--pricing", &path, "models"]),
        format!(
            "error: {path}:24:16: model `claude-sonnet-5-5`: history[0] has `from` 2027-01-01 \
             on or after `until` 2026-06-01; `until` is the first day the change no longer \
             holds, so it must be later than `from`\n"
        )
    );
}

#[test]
fn a_dated_entry_needs_a_date_and_a_fact() {
    let undated = FUTURE_PRICE.replace("      - from: 2027-01-01\n", "      - notes: x\n");
    let path = temp_yaml("undated.yaml", &undated).display().to_string();
    // The entry is the mapping after `      - ` on line 23: column 9.
    assert_eq!(
        refused(&["--pricing", &path, "models"]),
        format!(
            "error: {path}:23:9: model `claude-sonnet-5-5`: history[0] needs `from`, `until` or \
             both; facts that hold always belong in the entry itself\n"
        )
    );
}

#[test]
fn models_shows_the_table_of_the_day_and_a_models_history() {
    // The list as of 2026-03-01: Sonnet 4.5 is deprecated, not retired.
    let run = burnrate(&["models", "--as-of", "2026-03-01", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["as_of"], "2026-03-01");
    let card = |id: &str| {
        doc["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(card("claude-sonnet-4-5-20250929")["status"], "deprecated");
    // Opus 4.6 that day has its tier and its fast mode ($30 / $150) on the rate card.
    let situations: Vec<String> = card("claude-opus-4-6")["rates_usd_per_mtok"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["situation"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        situations,
        [
            "standard",
            "batch",
            "prompt > 200,000",
            "prompt > 200,000, batch",
            "fast"
        ]
    );
    // `models MODEL` lists the periods between the change dates, each with its prices.
    let run = burnrate(&["models", "claude-opus-4-6", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let history = doc["models"][0]["history"].as_array().unwrap();
    let periods: Vec<(String, String)> = history
        .iter()
        .map(|p| (p["from"].to_string(), p["until"].to_string()))
        .collect();
    assert_eq!(
        periods,
        [
            ("null".into(), "\"2026-03-13\"".into()),
            ("\"2026-03-13\"".into(), "\"2026-06-27\"".into()),
            ("\"2026-06-27\"".into(), "null".into()),
        ]
    );
    // Until 2026-03-13: the tier ($10 over 200K) and fast mode ($30) are both in force.
    let rates = &history[0]["rates_usd_per_mtok"];
    assert_eq!(rates[2]["input"], "10");
    assert_eq!(rates[4]["situation"], "fast");
    assert_eq!(rates[4]["input"], "30");
    let facts: Vec<&serde_json::Value> = history[0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["facts"])
        .collect();
    assert_eq!(
        facts,
        [
            &serde_json::json!(["prompt_tiers"]),
            &serde_json::json!(["fast"])
        ]
    );
    // From 2026-06-27: standard only.
    assert_eq!(
        history[2]["rates_usd_per_mtok"].as_array().unwrap().len(),
        2
    );
}

#[test]
fn a_month_across_a_price_change_prices_each_day_at_its_rates() {
    // A month (30 days) from 2026-03-01 on Opus 4.6, 10 requests a day of 250,000 prompt and
    // 1,000 output tokens. The >200K tier ends on 2026-03-13, 12 days in:
    // - 2026-03-01 to 03-12: 120 requests × (250,000 × $10 + 1,000 × $37.50) / 1M
    //   = 120 × 2.5375 = 304.50;
    // - 2026-03-13 to 03-30: 180 requests × (250,000 × $5 + 1,000 × $25) / 1M
    //   = 180 × 1.275 = 229.50;
    // total 534.
    let p = temp_yaml(
        "across.yaml",
        "name: m\nperiod: month\ntasks:\n  - name: long\n    model: claude-opus-4-6\n    requests_per_day: 10\n    system_tokens: 0\n    user_tokens: 250000\n    output_tokens: 1000\n",
    )
    .display()
    .to_string();
    let run = burnrate(&["estimate", &p, "--as-of", "2026-03-01", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["total_usd"], "534");
    assert_eq!(doc["requests"], "300");
    let warning = &doc["warnings"][0];
    assert_eq!(warning["kind"], "prices_change_in_period");
    assert_eq!(warning["changes"], serde_json::json!(["2026-03-13"]));
    assert_eq!(
        warning["message"],
        "claude-opus-4-6's prices change on 2026-03-13 during the 30-day period from \
         2026-03-01: each day is priced at the rates in force that day"
    );
    // The month from 2026-03-13 is all at the standard rates: 300 × 1.275 = 382.50, and the
    // fast-mode change of 2026-06-27 inside a month from 2026-06-15 does not touch a
    // standard-speed task, so nothing is split or said.
    let total = |day: &str| {
        let run = burnrate(&["estimate", &p, "--as-of", day, "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        (doc["total_usd"].clone(), doc["warnings"].clone())
    };
    assert_eq!(total("2026-03-13").0, "382.5");
    assert_eq!(total("2026-06-15"), ("382.5".into(), serde_json::json!([])));
}

#[test]
fn a_month_that_runs_past_a_retirement_is_refused_with_the_day() {
    // Sonnet 4.5 retires on 2026-11-30, inside a month from 2026-11-15.
    let p = temp_yaml(
        "past-retirement.yaml",
        "name: m\nperiod: month\ntasks:\n  - name: t\n    model: claude-sonnet-4-5\n    requests_per_day: 10\n    system_tokens: 0\n    user_tokens: 100\n    output_tokens: 10\n",
    )
    .display()
    .to_string();
    assert_eq!(
        refused(&["estimate", &p, "--as-of", "2026-11-15"]),
        "error: task `t`: from 2026-11-30, inside the 30-day period that starts on 2026-11-15: \
         claude-sonnet-4-5-20250929 was retired on 2026-11-30: the Claude API no longer serves \
         it (prices as of 2026-11-30); an earlier `--as-of` prices past traffic, and \
         `--platform` a cloud that still serves it\n"
    );
}

#[test]
fn as_of_takes_a_day_that_exists() {
    let run = burnrate(&["quote", "-m", "haiku", "--as-of", "2026-02-30"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: invalid value '2026-02-30' for '--as-of <DATE>': expected a date that \
             exists, YYYY-MM-DD: `2026-02-30` is not in the calendar (February 2026 has 28 days)\n"
        ),
        "{}",
        run.stderr
    );
    let run = burnrate(&["models", "--as-of", "tomorrow"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: invalid value 'tomorrow' for '--as-of <DATE>': expected a date as \
             YYYY-MM-DD, found `tomorrow`\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_dated_change_must_leave_a_consistent_model() {
    // A published cache price cannot meet fast mode (cache rates there follow from the
    // multipliers); a dated fast block from 2027 would make them meet.
    let text = FUTURE_PRICE
        .replace(
            "    cache_read_multiplier: 0.05\n",
            "    cache_read_multiplier: 0.05\n    cache_read_usd_per_mtok: 0.1\n",
        )
        .replace(
            "        input_usd_per_mtok: 3\n        output_usd_per_mtok: 15\n",
            "        fast: { input_usd_per_mtok: 4, output_usd_per_mtok: 20, platforms: [anthropic] }\n",
        );
    let path = temp_yaml("inconsistent.yaml", &text).display().to_string();
    // `history:` is on line 23 now; its list starts on line 24 at column 7.
    assert_eq!(
        refused(&["--pricing", &path, "models"]),
        format!(
            "error: {path}:24:7: model `claude-sonnet-5-5`: published cache prices \
             (`cache_*_usd_per_mtok`) cannot be combined with `prompt_tiers` or `fast`, whose \
             cache rates follow from the multipliers (from 2027-01-01, with the dated changes in \
             force)\n"
        )
    );
}
