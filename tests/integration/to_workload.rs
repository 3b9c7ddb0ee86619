//! `usage --to-workload`: the workload written from usage, estimated over the observed period,
//! gives the repriced bill, for every source kind and across a price change; what-ifs run on it.
//! Hand-checked figures in the comments (USD per MTok from `pricing/anthropic.yaml`).

use std::path::PathBuf;

use burnrate::usage::{self, to_workload};
use burnrate::workload;
use rust_decimal::Decimal;

use super::util::{builtin_table, burnrate, temp_yaml};

/// The usage in `files` repriced, and the workload written from it.
fn round_trip(files: &[&str]) -> (Decimal, String) {
    let table = builtin_table();
    let paths: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
    // Message Batches results carry no date: they are priced as of this day.
    let undated = jiff::civil::date(2026, 11, 20);
    let loaded = usage::load(&paths, undated, None, &usage::LogFields::default()).unwrap();
    let counts = to_workload::request_counts(&loaded, table).unwrap();
    let options = usage::Options {
        charges: true,
        ..Default::default()
    };
    let report = usage::reprice(table, loaded, &options, None).unwrap();
    let text = to_workload::write(table, &report, &counts, "workload.schema.json").unwrap();
    (report.totals.total_usd, text)
}

/// The estimate of a written workload (read as `estimate` reads it).
fn estimated(text: &str) -> Decimal {
    let table = builtin_table();
    let w = workload::load::parse("out.yaml", text, table).unwrap();
    workload::estimate(table, &w).unwrap().total
}

/// The bill and the estimate agree exactly (so to the cent).
fn assert_round_trip(files: &[&str]) -> (Decimal, String) {
    let (bill, text) = round_trip(files);
    let estimate = estimated(&text);
    // Exactly: the class totals the written quotients give back are snapped to 12 places.
    assert_eq!(estimate, bill, "{text}");
    assert_eq!(estimate.round_dp(2), bill.round_dp(2), "{text}");
    (bill, text)
}

#[test]
fn a_usage_report_round_trips_in_tokens_per_day() {
    // The report pages: $0.45, checked by hand in the usage tests.
    let (bill, text) = assert_round_trip(&["tests/fixtures/usage/pages.jsonl"]);
    assert_eq!(bill, Decimal::new(45, 2));
    assert!(text.starts_with("# yaml-language-server: $schema=workload.schema.json\n"));
    assert!(text.contains("tokens_per_day:"), "{text}");
    assert!(
        text.contains("#   tests/fixtures/usage/pages.jsonl"),
        "{text}"
    );
    // The grouped report: $19.80 (see `usage::a_grouped_report_is_repriced_per_class_tier_and_geo`).
    let (bill, text) = assert_round_trip(&["tests/fixtures/usage/grouped.json"]);
    assert_eq!(bill, Decimal::new(198, 1));
    // Batch and US-only traffic are tasks of their own.
    assert!(text.contains("batch_share: 1"), "{text}");
    assert!(text.contains("inference_geo: us"), "{text}");
}

#[test]
fn a_console_csv_round_trips() {
    let (bill, _) = assert_round_trip(&["tests/fixtures/usage/console-usage.csv"]);
    assert_eq!(bill, Decimal::new(198, 1));
}

#[test]
fn request_logs_round_trip_with_request_rates() {
    // Haiku 5.5: one request of 150,000 input (above the 100,000 tier) and one of 50,000:
    // $0.083 (see the usage tests). Each tier is a task; each has one request in one day.
    let (bill, text) = assert_round_trip(&["tests/fixtures/usage/responses.jsonl"]);
    assert_eq!(bill, Decimal::new(83, 3));
    assert!(text.contains("requests_per_day: 1"), "{text}");
    assert!(text.contains("tokens_per_request:"), "{text}");
}

#[test]
fn batch_results_and_claude_code_logs_round_trip() {
    let (bill, text) = assert_round_trip(&["tests/fixtures/usage/batch-results.jsonl"]);
    assert_eq!(bill, Decimal::new(9925, 5));
    assert!(text.contains("batch_share: 1"), "{text}");
    let (bill, _) = assert_round_trip(&["tests/fixtures/usage/claude-code.jsonl"]);
    assert_eq!(bill, Decimal::new(9425, 6));
}

#[test]
fn a_period_across_a_price_change_round_trips_per_epoch() {
    // Sonnet 5.5 ($2 input, $10 output, 5m write 1.25 × $2 = $2.50): cache reads cost
    // 0.1 × $2 = $0.20 until 2026-10-06 and 0.05 × $2 = $0.10 from 2026-10-07.
    // Before: 3,000 input × $2 + 300,000 reads × $0.20 + 1,500 output × $10
    //   = $0.006 + $0.06 + $0.015 = $0.081.
    // After (2026-10-08): 1,000 × $2 + 300,000 × $0.10 + 10,000 writes × $2.50 + 500 × $10
    //   = $0.002 + $0.03 + $0.025 + $0.005 = $0.062.
    let (bill, text) = assert_round_trip(&["tests/fixtures/usage/to-workload/price-change.jsonl"]);
    assert_eq!(bill, Decimal::new(143, 3));
    assert_eq!(estimated(&text), Decimal::new(143, 3), "exact: {text}");
    // One task per epoch, each with its epoch's rates and 4 observed days.
    assert!(text.contains("days_per_month: 4"), "{text}");
    assert!(
        text.contains("claude-sonnet-5-5 · from 2026-10-05"),
        "{text}"
    );
    assert!(
        text.contains("claude-sonnet-5-5 · from 2026-10-08"),
        "{text}"
    );
    assert!(text.contains("prices_as_of: 2026-10-05"), "{text}");
    // Two requests in 4 days: 0.5 a day, of 1,500 input, 150,000 reads and 750 output each.
    assert!(text.contains("requests_per_day: \"0.5\""), "{text}");
    assert!(text.contains("cache_read: 150000"), "{text}");

    // The Console CSV across the same change: 2026-10-06, 1M input × $2 + 1M reads × $0.20
    // = $2.20; 2026-10-07, 1M reads × $0.10 + 0.1M output × $10 = $1.10: $3.30.
    let (bill, text) = assert_round_trip(&["tests/fixtures/usage/to-workload/price-change.csv"]);
    assert_eq!(bill, Decimal::new(33, 1));
    assert_eq!(estimated(&text), Decimal::new(33, 1), "exact: {text}");
    // A single date cannot give it: the same tokens all at the 2026-10-07 rates cost
    // $2 + $0.20 + $1 = $3.20.
    let unpinned: String = text
        .lines()
        .filter(|l| !l.contains("prices_as_of"))
        .map(|l| format!("{l}\n"))
        .collect();
    let table = builtin_table()
        .as_of(jiff::civil::date(2026, 10, 7))
        .unwrap();
    let w = workload::load::parse("out.yaml", &unpinned, &table).unwrap();
    assert_eq!(
        workload::estimate(&table, &w).unwrap().total,
        Decimal::new(32, 1)
    );
}

#[test]
fn the_cli_writes_the_workload_and_estimate_gives_the_bill() {
    let out = temp_yaml("to-workload-cli.yaml", "");
    std::fs::remove_file(&out).unwrap();
    let path = out.to_str().unwrap();
    let run = burnrate(&[
        "usage",
        "tests/fixtures/usage/to-workload/price-change.jsonl",
        "--to-workload",
        path,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = burnrate(&["estimate", path, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["total_usd"], "0.143");
    // An existing file is not replaced without --force.
    let run = burnrate(&[
        "usage",
        "tests/fixtures/usage/to-workload/price-change.jsonl",
        "--to-workload",
        path,
    ]);
    assert_ne!(run.code, 0);
}

/// The workload written from the Console CSV (Sonnet 4.6 and Haiku 4.5, 2026-11-02 and 03).
fn console_workload() -> workload::Workload {
    let (_, text) = round_trip(&["tests/fixtures/usage/console-usage.csv"]);
    workload::load::parse("out.yaml", &text, builtin_table()).unwrap()
}

#[test]
fn last_month_on_haiku_5_5_through_the_batch_api_is_one_migrate() {
    // `migrate out.yaml --to-model claude-haiku-5-5 --batch-share 1`: every count converted
    // from the claude-3 tokenizer at ×1.3 (range 1 to 1.35), priced at Haiku 5.5's batch rates
    // ($0.10 input × 0.5 = $0.05, output $0.25, 5m write $0.0625, 1h write $0.10, read $0.005;
    // US-only × 1.1; web search $10 per 1,000, no batch discount):
    //   Sonnet task: 1.3M × 0.05 + 0.26M × 0.0625 + 0.13M × 0.10 + 3.9M × 0.005 + 0.52M × 0.25
    //     + 10 searches × $0.01 = 0.065 + 0.01625 + 0.013 + 0.0195 + 0.13 + 0.10 = $0.34375;
    //   Haiku batch task: 2.6M × 0.05 + 1.3M × 0.25 = $0.455;
    //   Sonnet US-only task: 1.3M × 0.055 + 0.13M × 0.275 = $0.10725.
    // After: $0.906; before, the bill: $19.80.
    let table = builtin_table();
    let w = console_workload();
    let changes = workload::Changes {
        to_model: Some("claude-haiku-5-5".into()),
        batch_share: Some(Decimal::ONE),
        ..Default::default()
    };
    let m = workload::migrate(table, &w, &changes).unwrap();
    assert_eq!(m.before.total, Decimal::new(198, 1));
    // (The README's example: examples/usage/october.yaml the same way, by hand $48.035.)
    let october =
        workload::load(std::path::Path::new("examples/usage/october.yaml"), table).unwrap();
    let after = workload::migrate(table, &october, &changes)
        .unwrap()
        .after
        .total;
    assert_eq!(after, Decimal::new(48035, 3));
    assert_eq!(m.after.total, Decimal::new(906, 3));
    // The conversion is shown as for any converted count, with its range.
    let range = m.delta.range.expect("a tokenizer range");
    assert_eq!(range.typical, m.delta.total);
    assert!(range.low < range.high);
    let sonnet = m
        .after
        .tasks
        .iter()
        .find(|t| t.task == "claude-sonnet-4-6 · workspace wrkspc_a · key key_a")
        .unwrap();
    assert!(!sonnet.measured.is_empty());

    // The same one command on the CLI.
    let path = temp_yaml("to-workload-migrate.yaml", "");
    std::fs::remove_file(&path).unwrap();
    let p = path.to_str().unwrap();
    let run = burnrate(&[
        "usage",
        "tests/fixtures/usage/console-usage.csv",
        "--to-workload",
        p,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = burnrate(&[
        "migrate",
        p,
        "--to-model",
        "claude-haiku-5-5",
        "--batch-share",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["after"]["total_usd"], "0.906");
}

#[test]
fn no_cache_on_observed_traffic_costs_what_caching_saved() {
    // `--cache-ttl none` makes every cached token input: the change is the report's cache
    // saving, $7.65 (Sonnet's 3.3M cached tokens at $3 = $9.90, less the $0.75 + $0.60 + $0.90
    // they cost).
    let table = builtin_table();
    let w = console_workload();
    let changes = workload::Changes {
        cache: Some(workload::CacheChange::Off),
        ..Default::default()
    };
    let m = workload::migrate(table, &w, &changes).unwrap();
    assert_eq!(m.delta.total, Decimal::new(765, 2));
    // All writes at the 1-hour TTL: 0.2M more at $6 instead of $3.75: +$0.45.
    let changes = workload::Changes {
        cache: Some(workload::CacheChange::Ttl(burnrate::billing::Ttl::OneHour)),
        ..Default::default()
    };
    assert_eq!(
        workload::migrate(table, &w, &changes).unwrap().delta.total,
        Decimal::new(45, 2)
    );
}

#[test]
fn compare_takes_the_written_workload() {
    // Haiku 5.5 real-time: the batch task loses its discount, counts × 1.3:
    // Sonnet task 1.3M × 0.10 + 0.26M × 0.125 + 0.13M × 0.20 + 3.9M × 0.01 + 0.52M × 0.50
    //   + $0.10 = 0.13 + 0.0325 + 0.026 + 0.039 + 0.26 + 0.10 = $0.5875 with its own cache;
    // Haiku task 2.6M × 0.10 + 1.3M × 0.50 = $0.91; US task 1.3M × 0.11 + 0.13M × 0.55 = $0.2145.
    let table = builtin_table();
    let w = console_workload();
    let c = workload::compare(table, &w, &["claude-haiku-5-5".to_string()]).unwrap();
    let json = serde_json::to_value(&c).unwrap();
    let text = json.to_string();
    assert!(text.contains("\"1.712\""), "{text}");
}

#[test]
fn a_class_token_task_refuses_what_would_count_its_tokens_twice() {
    let table = builtin_table();
    let head = "name: w\nperiod: day\ntasks:\n  - name: t\n    model: claude-sonnet-4-6\n";
    let err = |body: &str| {
        workload::load::parse("w.yaml", &format!("{head}{body}"), table)
            .unwrap_err()
            .to_string()
    };
    let e = err("    requests_per_day: 10\n    tokens_per_day: { input: 100 }\n");
    assert!(
        e.contains("w.yaml") && e.contains("tasks[0].tokens_per_day"),
        "{e}"
    );
    assert!(e.contains("take no request rate"), "{e}");
    let e = err(
        "    requests_per_day: 10\n    tokens_per_request: { input: 100 }\n    user_tokens: 5\n",
    );
    assert!(
        e.contains("tasks[0].user_tokens") && e.contains("leave `user_tokens` out"),
        "{e}"
    );
    let e = err("    tokens_per_request: { input: 100 }\n");
    assert!(e.contains("exactly one of `requests_per_day`"), "{e}");
    let e = err("    tokens_per_day: { input: -1 }\n");
    assert!(
        e.contains("tokens_per_day.input") || e.contains("negative"),
        "{e}"
    );
    // A day of totals is priced as it is: 1M input at $3 and 0.1M output at $15 = $4.50.
    let w = workload::load::parse(
        "w.yaml",
        &format!("{head}    tokens_per_day: {{ input: 1000000, output: 100000 }}\n"),
        table,
    )
    .unwrap();
    let e = workload::estimate(table, &w).unwrap();
    assert_eq!(e.total, Decimal::new(45, 1));
    assert_eq!(e.requests, Decimal::ZERO);
}

#[test]
fn cache_advice_rebills_the_observed_cached_tokens() {
    // examples/usage/october.yaml, Sonnet 4.6 over 28 days: 91M input, 5.6M 5m writes, 455M
    // reads, 9.1M output. No cache: 551.6M × $3 + 9.1M × $15 = $1,654.80 + $136.50 = $1,791.30;
    // as observed (every write at 5 minutes): $567; every write at 1 hour: 5.6M × $6 = $33.60
    // instead of $21: $579.60. The Haiku batch task cached nothing: caching does not apply.
    let table = builtin_table();
    let w = workload::load(std::path::Path::new("examples/usage/october.yaml"), table).unwrap();
    let advice = workload::cache_advice::advise(table, &w).unwrap();
    let json = serde_json::to_value(&advice).unwrap();
    let text = json.to_string();
    for figure in ["\"1791.3\"", "\"567\"", "\"579.6\""] {
        assert!(text.contains(figure), "{figure} in {text}");
    }
}

#[test]
fn a_sweep_refuses_a_field_an_observed_task_does_not_have() {
    let run = burnrate(&[
        "sweep",
        "examples/usage/october.yaml",
        "--vary",
        "system_tokens=1000..2000",
    ]);
    // Each point is refused with the reason (a sweep shows a point it cannot price as n/a).
    assert!(run.stdout.contains("n/a"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("gives its tokens by class (`tokens_per_day`)"),
        "{}",
        run.stdout
    );
    // A hit rate moves the observed cached tokens between reads and writes: at 0, Sonnet's
    // 460.6M cached tokens are all 5m writes at $3.75: $1,727.25 + $273 input + $136.50 output
    // = $2,136.75, plus Haiku's $275: $2,411.75.
    let run = burnrate(&[
        "sweep",
        "examples/usage/october.yaml",
        "--vary",
        "hit_rate=0..1",
        "--points",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("\"2411.75\""), "{}", run.stdout);
}

#[test]
fn migrate_compare_and_cache_take_the_usage_directly() {
    // `--from-usage` is the workload `--to-workload` writes: the same $48.035 after as the
    // README's migrate on examples/usage/october.yaml.
    let run = burnrate(&[
        "migrate",
        "--from-usage",
        "examples/usage/usage-report.json",
        "--to-model",
        "claude-haiku-5-5",
        "--batch-share",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["before"]["total_usd"], "842");
    assert_eq!(doc["after"]["total_usd"], "48.035");
    for cmd in ["compare", "cache"] {
        let run = burnrate(&[cmd, "--from-usage", "examples/usage/usage-report.json"]);
        assert_eq!(run.code, 0, "{cmd}: {}", run.stderr);
    }
    // Neither a file nor usage: an error saying what is missing.
    let run = burnrate(&["migrate", "--to-model", "claude-haiku-5-5"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("<WORKLOAD>"), "{}", run.stderr);
}

#[test]
fn a_task_pinned_to_a_day_is_checked_against_that_day_not_today() {
    // On 2026-12-03 Sonnet 4.5 is retired and Opus 4.8 has no fast mode (both ended
    // 2026-11-30), but each task is pinned to a day when they were served, as a workload written
    // from last month's usage is. One day of each, 10 requests of 100K input and 5K output:
    // Sonnet 4.5 on 2026-11-10: 1M input × $3 + 0.05M output × $15 = $3.75.
    // Opus 4.8 fast on 2026-11-15: 2 × standard: 1M input × $10 + 0.05M output × $50 = $12.50.
    // Total $16.25.
    let text = r#"name: last month
period: day
tasks:
  - name: old sonnet
    model: claude-sonnet-4-5
    requests_per_day: 10
    system_tokens: 0
    user_tokens: 100000
    output_tokens: 5000
    prices_as_of: 2026-11-10
  - name: fast opus
    model: claude-opus-4-8
    speed: fast
    requests_per_day: 10
    system_tokens: 0
    user_tokens: 100000
    output_tokens: 5000
    prices_as_of: 2026-11-15
"#;
    let today = builtin_table()
        .as_of(jiff::civil::date(2026, 12, 3))
        .unwrap();
    let w = workload::load::parse("pinned.yaml", text, &today).unwrap();
    assert_eq!(
        workload::estimate(&today, &w).unwrap().total,
        Decimal::new(1625, 2)
    );
    // Unpinned, the same tasks are refused at their line, as of the table's day.
    let unpinned = text.replace("    prices_as_of: 2026-11-10\n", "");
    let err = workload::load::parse("pinned.yaml", &unpinned, &today).unwrap_err();
    assert_eq!(
        err.to_string(),
        "pinned.yaml:4:5: tasks[0] (`old sonnet`): claude-sonnet-4-5-20250929 was retired on \
         2026-11-30: the Claude API no longer serves it (prices as of 2026-12-03)"
    );
}
