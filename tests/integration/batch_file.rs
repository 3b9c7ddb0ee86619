//! `burnrate batch-file` on a JSONL written by hand (`tests/fixtures/batch/requests.jsonl`):
//! expected amounts are computed here from reference token counts and published prices.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::util::{burnrate, fixture, temp_yaml};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn json(args: &[&str]) -> (i32, serde_json::Value, String) {
    let mut all = vec!["batch-file"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = burnrate(&all);
    (
        run.code,
        serde_json::from_str(&run.stdout).unwrap(),
        run.stderr,
    )
}

fn dec(v: &serde_json::Value) -> Decimal {
    d(v.as_str().unwrap())
}

#[test]
fn prices_a_hand_written_batch_file() {
    // Content counts from ctok 1.3.0 (token_count minus the frame), each block on its own:
    // Haiku 5.5 (v4.8, frame 6): system prompt 557, user texts 23 and 24; Haiku 4.5 (v3,
    // frame 7): user text 2. Each request has one message, which starts after the cached
    // system prompt: its frame is uncached input. 557 ≥ Haiku 5.5's 512 minimum, so line 1
    // writes it (5m) and line 2 reads it.
    // Output guess: 40 tokens a request. Batch rates per MTok: Haiku 5.5 input 0.05, 5m write
    // 0.0625, read 0.005, output 0.25; Haiku 4.5 input 0.50, output 2.50.
    let mtok = d("1000000");
    let prefix = d("557");
    let line1 = (prefix * d("0.0625") + d("29") * d("0.05") + d("40") * d("0.25")) / mtok;
    let line2 = (prefix * d("0.005") + d("30") * d("0.05") + d("40") * d("0.25")) / mtok;
    let line3 = (d("9") * d("0.50") + d("40") * d("2.50")) / mtok;

    let (code, doc, stderr) = json(&[&fixture("batch/requests.jsonl"), "--output-tokens", "40"]);
    // Three lines fail; the others are still priced, and the exit code says so.
    assert_eq!(code, 1);
    assert_eq!(doc["requests"], 3);
    let haiku55 = &doc["models"][0];
    assert_eq!(haiku55["model"], "claude-haiku-5-5");
    assert_eq!(dec(&haiku55["cache_write_tokens"]["typical"]), prefix);
    assert_eq!(dec(&haiku55["cache_read_tokens"]["typical"]), prefix);
    assert_eq!(dec(&haiku55["input_tokens"]["typical"]), d("59"));
    // Exact counts: no range.
    assert_eq!(
        haiku55["input_tokens"]["low"],
        haiku55["input_tokens"]["high"]
    );
    assert_eq!(dec(&haiku55["batch_cost_usd"]["typical"]), line1 + line2);
    assert_eq!(dec(&doc["models"][1]["batch_cost_usd"]["typical"]), line3);
    assert_eq!(
        dec(&doc["total"]["batch_cost_usd"]["typical"]),
        line1 + line2 + line3
    );
    // Real-time: every rate doubles, so the Batch API saves as much as the batch costs.
    assert_eq!(
        dec(&doc["total"]["real_time_cost_usd"]["typical"]),
        (line1 + line2 + line3) * d("2")
    );
    assert_eq!(
        dec(&doc["total"]["batch_saving_usd"]),
        line1 + line2 + line3
    );
    // The ceiling: every request at its max_tokens (100, 100, 50).
    let ceiling55 = line1 + line2 + d("120") * d("0.25") / mtok;
    assert_eq!(dec(&haiku55["batch_cost_at_max_tokens_usd"]), ceiling55);

    let file = fixture("batch/requests.jsonl");
    assert_eq!(
        stderr,
        format!(
            "warning: {file}:4: not valid JSON: expected ident at line 1 column 2\n\
             warning: {file}:5: missing `params.model` (a string)\n\
             warning: {file}:6: not a JSON object\n\
             warning: 3 of 6 requests could not be priced and are left out of the totals\n"
        )
    );
    assert_eq!(doc["errors"][1]["line"], 5);
}

#[test]
fn without_a_vocabulary_text_is_the_cl100k_count_times_the_factor() {
    // The tokenizers of Haiku 5.5 (claude-4.8) and Haiku 4.5 (claude-3) overridden without a
    // reconstruction, with the table's prose factors 1.55 and 1.08. cl100k_base counts from
    // Python tiktoken 0.14.0: system prompt 451, user texts 16, 17, 2; no frames added.
    // system 451 × 1.55 = 699.05 tokens ≥ the 512 minimum, so line 1 writes it (5m) and line 2
    // reads it.
    let factors = |id: &str, prose: &str| {
        format!(
            "  - id: {id}\n    description: d\n    source: s\n    base_encoding: cl100k_base\n    factors:\n      prose: {{ typical: {prose}, low: 1, high: 2 }}\n      code: {{ typical: 1, low: 1, high: 2 }}\n      json: {{ typical: 1, low: 1, high: 2 }}\n      cjk: {{ typical: 1, low: 1, high: 2 }}\n      agentic: {{ typical: 1, low: 1, high: 2 }}\n    factors_source: test\n"
        )
    };
    let pricing = temp_yaml(
        "batch-factors.yaml",
        &format!(
            "schema_version: 1\nprovider: x\ncurrency: USD\ntokenizers:\n{}{}",
            factors("claude-4.8", "1.55"),
            factors("claude-3", "1.08")
        ),
    );
    let mtok = d("1000000");
    let prefix = d("451") * d("1.55");
    let line1 =
        (prefix * d("0.0625") + d("16") * d("1.55") * d("0.05") + d("40") * d("0.25")) / mtok;
    let line2 =
        (prefix * d("0.005") + d("17") * d("1.55") * d("0.05") + d("40") * d("0.25")) / mtok;
    let line3 = (d("2") * d("1.08") * d("0.50") + d("40") * d("2.50")) / mtok;
    let p = pricing.display().to_string();
    let (_, doc, _) = json(&[
        "--pricing",
        &p,
        &fixture("batch/requests.jsonl"),
        "--output-tokens",
        "40",
    ]);
    let haiku55 = &doc["models"][0];
    assert_eq!(dec(&haiku55["cache_write_tokens"]["typical"]), prefix);
    assert_eq!(dec(&haiku55["batch_cost_usd"]["typical"]), line1 + line2);
    assert_eq!(dec(&doc["models"][1]["batch_cost_usd"]["typical"]), line3);
    assert_ne!(
        haiku55["input_tokens"]["low"],
        haiku55["input_tokens"]["high"]
    );
}

#[test]
fn output_ratio_and_ceiling() {
    // Ratio 0.5 of max_tokens: 50 + 50 on Haiku 5.5, 25 on Haiku 4.5.
    let (_, doc, _) = json(&[&fixture("batch/requests.jsonl"), "--output-ratio", "0.5"]);
    assert_eq!(doc["models"][0]["output_tokens_typical"], "100");
    assert_eq!(doc["models"][0]["output_tokens_ceiling"], "200");
    assert_eq!(doc["models"][1]["output_tokens_typical"], "25");
    // Without a guess, costs assume the ceiling.
    let (_, doc, _) = json(&[&fixture("batch/requests.jsonl")]);
    assert_eq!(
        doc["models"][0]["output_tokens_typical"],
        serde_json::Value::Null
    );
    assert_eq!(
        doc["models"][0]["batch_cost_usd"]["typical"],
        doc["models"][0]["batch_cost_at_max_tokens_usd"]
    );
}

#[test]
fn a_file_over_the_batch_limits_names_the_line() {
    // A pricing override that allows two requests per batch.
    let table = "schema_version: 1\nprovider: anthropic\ncurrency: USD\nplatforms:\n  - id: anthropic\n    name: test\n    batch: true\n    batch_max_requests: 2\n    inference_geo: true\n    source: test\n    checked: 2026-11-22\n";
    let p = temp_yaml("limits.yaml", table).display().to_string();
    let file = fixture("batch/requests.jsonl");
    let run = burnrate(&["--pricing", &p, "batch-file", &file]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: {file}:3: request 3 passes the Batch API's limit of 2 requests per batch; split the file before this line\n"
        )
    );
    let table = table.replace("batch_max_requests: 2", "batch_max_bytes: 2000");
    let p = temp_yaml("bytes.yaml", &table).display().to_string();
    let run = burnrate(&["--pricing", &p, "batch-file", &file]);
    assert_eq!(
        run.stderr,
        format!(
            "error: {file}:2: the file passes the Batch API's limit of 2,000 bytes per batch on this line; split the file before it\n"
        )
    );
}

#[test]
fn a_missing_file_is_an_error() {
    let run = burnrate(&["batch-file", "/nonexistent/requests.jsonl"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: cannot read `/nonexistent/requests.jsonl`: No such file or directory (os error 2)\n"
    );
    let run = burnrate(&[
        "batch-file",
        &fixture("batch/requests.jsonl"),
        "--output-ratio",
        "1.5",
    ]);
    assert_eq!(run.code, 2);
}

#[test]
fn a_breakpoint_inside_a_tool_result_is_named_not_passed_over_in_silence() {
    // Issue 14 #10.
    let line = r#"{"custom_id": "a", "params": {"model": "claude-haiku-4-5", "max_tokens": 10, "messages": [{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "x", "content": [{"type": "text", "text": "r", "cache_control": {"type": "ephemeral"}}]}]}]}}"#;
    let file = temp_yaml("inner-breakpoint.jsonl", &format!("{line}\n"))
        .display()
        .to_string();
    let (code, doc, stderr) = json(&[&file]);
    assert_eq!(code, 0);
    assert_eq!(
        stderr,
        format!(
            "warning: {file}:1: a `cache_control` on a block inside a `tool_result` is not priced as a breakpoint; put it on the `tool_result` block itself\n"
        )
    );
    assert_eq!(doc["warnings"][0]["kind"], "breakpoint_in_tool_result");
    assert_eq!(doc["total"]["cache_write_tokens"]["typical"], "0");
}

#[test]
fn a_custom_id_used_twice_is_a_line_error() {
    // Issue 13 trap 4: the Batch API requires unique ids.
    let line = |id: &str| {
        format!(
            r#"{{"custom_id": "{id}", "params": {{"model": "claude-haiku-4-5", "max_tokens": 10, "messages": [{{"role": "user", "content": "hi"}}]}}}}"#
        )
    };
    let text = format!("{}\n{}\n{}\n", line("a"), line("b"), line("a"));
    let file = temp_yaml("dup-ids.jsonl", &text).display().to_string();
    let (code, doc, stderr) = json(&[&file]);
    assert_eq!(code, 1);
    assert_eq!(doc["requests"], 2);
    assert_eq!(
        stderr,
        format!(
            "warning: {file}:3: custom_id `a` is already used on line 1; the Batch API requires each request's id to be unique\n\
             warning: 1 of 3 requests could not be priced and are left out of the totals\n"
        )
    );
}

#[test]
fn a_breakpoint_below_the_cache_minimum_is_named_once_per_model() {
    // Issue 13 trap 4: ignored in silence. Haiku 4.5's minimum is 4,096 tokens (pricing table);
    // "hi" is far below it.
    let line = |id: &str| {
        format!(
            r#"{{"custom_id": "{id}", "params": {{"model": "claude-haiku-4-5", "max_tokens": 10, "system": [{{"type": "text", "text": "hi", "cache_control": {{"type": "ephemeral"}}}}], "messages": [{{"role": "user", "content": "q"}}]}}}}"#
        )
    };
    let text = format!("{}\n{}\n", line("a"), line("b"));
    let file = temp_yaml("short-prefix.jsonl", &text).display().to_string();
    let (code, doc, stderr) = json(&[&file]);
    assert_eq!(code, 0);
    assert_eq!(doc["warnings"].as_array().unwrap().len(), 1);
    assert_eq!(doc["warnings"][0]["kind"], "batch_prefix_below_minimum");
    assert_eq!(doc["warnings"][0]["minimum"], 4096);
    // Issue 13 trap 4: the warning names the file, as an error does.
    assert!(
        stderr.starts_with(&format!(
            "warning: {file}:1: the 1-token prefix before its cache_control is below \
             claude-haiku-4-5-20251001's cache minimum of 4,096 tokens"
        )),
        "{stderr}"
    );
    assert_eq!(doc["total"]["cache_write_tokens"]["typical"], "0");
}

#[test]
fn max_tokens_must_be_positive_and_within_the_output_limit() {
    // Issue 13 trap 4: a negative max_tokens read as "expected u64"; one above the model's
    // output maximum named the context window instead (Haiku 4.5: 64,000 through the Batch API).
    let line = |max: &str| {
        format!(
            r#"{{"custom_id": "a", "params": {{"model": "claude-haiku-4-5", "max_tokens": {max}, "messages": [{{"role": "user", "content": "hi"}}]}}}}"#
        )
    };
    for (max, message) in [
        ("-5", "`params.max_tokens` must be positive, found -5"),
        ("0", "`params.max_tokens` must be positive, found 0"),
        (
            "900000",
            "900,000 output tokens per request exceed claude-haiku-4-5-20251001's maximum of 64,000 through the Batch API",
        ),
    ] {
        let file = temp_yaml("max-tokens.jsonl", &format!("{}\n", line(max)))
            .display()
            .to_string();
        let (code, _, stderr) = json(&[&file]);
        assert_eq!(code, 1);
        assert_eq!(
            stderr.lines().next().unwrap(),
            format!("warning: {file}:1: {message}")
        );
    }
}

/// Issue 13 trap 4: hits in a batch are best effort, so the hit rate of repeated prefixes is an
/// assumption (`--cache-hit-rate`, default all) and the report spans no hits to all hits.
#[test]
fn the_cache_hit_rate_is_an_assumption_with_its_range() {
    // Three Sonnet 4.6 requests sharing a system prompt with a breakpoint: 10 uncached input
    // tokens each, 50 output tokens each (the guess). Batch rates, half of the list: input
    // $1.50, 5m write $1.875, read $0.15, output $7.50 per MTok.
    let system = "You are a careful assistant. ".repeat(800);
    let lines: Vec<String> = (0..3)
        .map(|i| {
            serde_json::json!({"custom_id": format!("r{i}"), "params": {"model": "claude-sonnet-4-6", "max_tokens": 100,
                "system": [{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}],
                "messages": [{"role": "user", "content": format!("question {i}")}]}})
            .to_string()
        })
        .collect();
    let p = temp_yaml("hits.jsonl", &(lines.join("\n") + "\n"))
        .display()
        .to_string();
    let (code, all, _) = json(&[&p, "--output-tokens", "50"]);
    assert_eq!(code, 0);
    let t = &all["total"];
    let prefix = d(t["cache_write_tokens"]["typical"].as_str().unwrap());
    assert_eq!(t["input_tokens"]["typical"], "30");
    // The two later requests read what the first wrote.
    assert_eq!(
        d(t["cache_read_tokens"]["typical"].as_str().unwrap()),
        prefix * d("2")
    );
    let per_mtok = |tokens: Decimal, rate: &str| tokens * d(rate) / d("1000000");
    let rest = per_mtok(d("30"), "1.5") + per_mtok(d("150"), "7.5");
    let all_hits = per_mtok(prefix, "1.875") + per_mtok(prefix * d("2"), "0.15") + rest;
    let no_hits = per_mtok(prefix * d("3"), "1.875") + rest;
    assert_eq!(
        d(t["batch_cost_usd"]["typical"].as_str().unwrap()),
        all_hits
    );
    assert_eq!(d(t["batch_cost_all_hits_usd"].as_str().unwrap()), all_hits);
    assert_eq!(d(t["batch_cost_no_hits_usd"].as_str().unwrap()), no_hits);
    assert_eq!(all["cache_hit_rate"], "1");
    // At 50%, one of the two later requests writes again: 2 writes and 1 read.
    let (code, half, _) = json(&[&p, "--output-tokens", "50", "--cache-hit-rate", "50%"]);
    assert_eq!(code, 0);
    let t = &half["total"];
    assert_eq!(half["cache_hit_rate"], "0.5");
    assert_eq!(
        d(t["batch_cost_usd"]["typical"].as_str().unwrap()),
        per_mtok(prefix * d("2"), "1.875") + per_mtok(prefix, "0.15") + rest
    );
    assert_eq!(d(t["batch_cost_no_hits_usd"].as_str().unwrap()), no_hits);
    let run = burnrate(&[
        "batch-file",
        &p,
        "--output-tokens",
        "50",
        "--cache-hit-rate",
        "50%",
    ]);
    assert!(
        run.stdout.contains(
            "cache hits: 50% of the requests after the first with a cached prefix are assumed to \
             read it; batch requests run concurrently and hits are best effort (a 1-hour TTL \
             keeps shared context longer): from $0.0282 with no hits to $0.0116 with all"
        ),
        "{}",
        run.stdout
    );
}
