//! The commands as a user runs them: exact output for the README examples.

use super::util::{burnrate, quote_json};

#[test]
fn quote_prints_the_explained_table() {
    let run = burnrate(&[
        "quote",
        "--model",
        "claude-sonnet-4-6",
        "--input",
        "500",
        "--output",
        "200",
        "--requests",
        "10000",
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        "\
claude-sonnet-4-6 (Claude Sonnet 4.6): 10,000 requests, real-time, standard speed, global inference, platform anthropic
╭────────┬─────────────┬───────────┬──────────┬──────────────────────┬────────╮
│ item   │ per request │ total     │ rate     │ how the rate is made │ cost   │
├────────┼─────────────┼───────────┼──────────┼──────────────────────┼────────┤
│ input  │         500 │ 5,000,000 │  $3/MTok │ input $3             │ $15.00 │
│ output │         200 │ 2,000,000 │ $15/MTok │ output $15           │ $30.00 │
│ total  │             │           │          │                      │ $45.00 │
╰────────┴─────────────┴───────────┴──────────┴──────────────────────┴────────╯
"
    );
}

#[test]
fn quote_shows_every_factor_and_the_tier() {
    let run = burnrate(&[
        "quote",
        "-m",
        "haiku",
        "--input",
        "1000",
        "--cache-read",
        "99001",
        "--output",
        "500",
        "--batch",
        "--inference-geo",
        "us",
        "--requests",
        "1000",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(
        "│ cache read │      99,001 │ 99,001,000 │ $0.0275/MTok │ input (prompt > 100,000) $0.50 × 0.1 cache read × 0.5 batch × 1.1 US-only │ $2.72 │"
    ), "{}", run.stdout);
    assert!(run.stdout.contains(
        "prompt of 100,001 tokens per request is over 100,000: the higher tier prices every token of the request, output included"
    ));
}

#[test]
fn family_alias_resolves_to_newest_and_json_names_the_canonical_id() {
    let doc = quote_json(&["-m", "sonnet", "--input", "1"]);
    assert_eq!(doc["model"], "claude-sonnet-5-5");
    assert_eq!(
        quote_json(&["-m", "HAIKU", "--input", "1"])["model"],
        "claude-haiku-5-5"
    );
    assert_eq!(
        quote_json(&["-m", "opus", "--input", "1"])["model"],
        "claude-opus-5-5"
    );
    assert_eq!(
        quote_json(&["-m", "claude-haiku-4-5", "--input", "1"])["model"],
        "claude-haiku-4-5-20251001"
    );
}

#[test]
fn json_carries_exact_decimal_strings() {
    let doc = quote_json(&[
        "-m",
        "claude-opus-5-5",
        "--cache-read",
        "120000",
        "--cache-write-1h",
        "4000",
        "--input",
        "300",
        "--output",
        "800",
    ]);
    assert_eq!(doc["requests"], "1");
    assert_eq!(doc["total_usd"], "0.0732");
    let read = &doc["lines"][2];
    assert_eq!(read["item"], "cache_read");
    assert_eq!(read["tokens"], "120000");
    assert_eq!(read["base_rate_usd"], "4");
    assert_eq!(read["multipliers"][0]["name"], "cache read");
    assert_eq!(read["multipliers"][0]["factor"], "0.05");
    assert_eq!(read["rate_usd_per_mtok"], "0.2");
    assert_eq!(read["cost_usd"], "0.024");
}

#[test]
fn csv_has_a_header_and_full_precision() {
    let run = burnrate(&[
        "quote",
        "-m",
        "claude-haiku-5-5",
        "--input",
        "100001",
        "--output",
        "1000",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "\
model,item,per_request,quantity,unit,rate_usd,rate_per,how,cost_usd
claude-haiku-5-5,input,100001,100001,tokens,0.5,MTok,\"input (prompt > 100,000) $0.50\",0.0500005
claude-haiku-5-5,output,1000,1000,tokens,2.5,MTok,\"output (prompt > 100,000) $2.50\",0.0025
claude-haiku-5-5,total,,,,,,,0.0525005
"
    );
}

#[test]
fn markdown_is_a_github_table() {
    let run = burnrate(&[
        "quote",
        "-m",
        "claude-sonnet-4-6",
        "--input",
        "500",
        "--output",
        "200",
        "--requests",
        "10000",
        "--format",
        "markdown",
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "\
**claude-sonnet-4-6 (Claude Sonnet 4.6): 10,000 requests, real-time, standard speed, global inference, platform anthropic**

| item | per request | total | rate | how the rate is made | cost |
|---|---:|---:|---:|---|---:|
| input | 500 | 5,000,000 | $3/MTok | input $3 | $15.00 |
| output | 200 | 2,000,000 | $15/MTok | output $15 | $30.00 |
| total |  |  |  |  | $45.00 |
"
    );
}

#[test]
fn small_amounts_are_never_shown_as_zero() {
    let run = burnrate(&["quote", "-m", "haiku", "--input", "7"]);
    assert_eq!(run.code, 0);
    // 7 × $0.10 / 1M = $0.0000007.
    assert!(run.stdout.contains("│ $0.0000007 │"), "{}", run.stdout);
    // Only the true zero (no output tokens) reads `$0.00`, the one way zero is shown.
    let zeros: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("$0.00 "))
        .collect();
    assert_eq!(zeros.len(), 1, "{}", run.stdout);
    assert!(zeros[0].starts_with("│ output "), "{}", run.stdout);
}

#[test]
fn retired_models_are_priced_with_a_warning_where_a_cloud_still_serves_them() {
    // Retirement is about the Claude API; on a cloud endpoint the model is priced with the
    // status warning (Haiku 3 keeps its flat price there: 1M × $0.25).
    let run = burnrate(&[
        "quote",
        "-m",
        "claude-3-haiku-20240307",
        "--input",
        "100000",
        "--requests",
        "10",
        "--platform",
        "bedrock-global",
    ]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("$0.25"));
    assert_eq!(
        run.stderr,
        "warning: claude-3-haiku-20240307 is retired: Retired 2026-04-20. Tool-use overhead from the 2025 table.\n"
    );
}

#[test]
fn models_lists_every_model_and_the_family_aliases() {
    let run = burnrate(&["models"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains(
        "│ claude-haiku-5-5           │                          │ $0.10 │  $0.50 │   $0.125 │    $0.20 │      $0.01 │    $0.05 │     $0.25 │ 1,000,000 │ current    │ 2026-10-08 │"
    ), "{}", run.stdout);
    assert!(run.stdout.contains(
        "family aliases: fable = claude-fable-5-2, mythos = claude-mythos-5-2, opus = claude-opus-5-5, sonnet = claude-sonnet-5-5, haiku = claude-haiku-5-5"
    ));
}

#[test]
fn models_detail_shows_tiers_fast_limits_and_source() {
    let run = burnrate(&["models", "haiku"]);
    assert_eq!(run.code, 0);
    for needle in [
        "claude-haiku-5-5 (Claude Haiku 5.5)",
        "family: haiku (`haiku` resolves here)",
        "minimum cacheable prompt: 512; tool-use system prompt: 286 (auto/none), 406 (any/tool)",
        "│ prompt > 100,000        │ $0.50 │   $0.625 │       $1 │      $0.05 │  $2.50 │",
        "│ prompt > 100,000, batch │ $0.25 │  $0.3125 │    $0.50 │     $0.025 │  $1.25 │",
        "web search: $10 per 1,000 searches (not batch-discounted)",
        "checked: 2026-10-08; from <builtin>/pricing/anthropic.yaml",
    ] {
        assert!(
            run.stdout.contains(needle),
            "missing {needle:?} in\n{}",
            run.stdout
        );
    }
    let fast = burnrate(&["models", "claude-opus-5-5", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&fast.stdout).unwrap();
    let rows = doc["models"][0]["rates_usd_per_mtok"].as_array().unwrap();
    let fast_row = rows.iter().find(|r| r["situation"] == "fast").unwrap();
    assert_eq!(fast_row["input"], "8");
    assert_eq!(fast_row["cache_read"], "0.4");
    assert_eq!(fast_row["output"], "40");
}

#[test]
fn models_csv_lists_every_situation() {
    let run = burnrate(&["models", "--format", "csv"]);
    assert_eq!(run.code, 0);
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "model,situation,input_usd_per_mtok,cache_write_5m_usd_per_mtok,cache_write_1h_usd_per_mtok,cache_read_usd_per_mtok,output_usd_per_mtok,checked"
    );
    assert!(
        run.stdout
            .contains("claude-3-haiku-20240307,standard,0.25,0.3,0.5,0.03,1.25,2025-10-01\n")
    );
    assert!(
        run.stdout
            .contains("claude-mythos-preview,standard,25,,,,125,2026-11-22\n")
    );
}

#[test]
fn help_and_version_exit_zero() {
    let help = burnrate(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("quote"));
    let version = burnrate(&["--version"]);
    assert_eq!(version.code, 0);
    assert_eq!(
        version.stdout,
        format!("burnrate {}\n", env!("CARGO_PKG_VERSION"))
    );
}
