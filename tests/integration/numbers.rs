//! The one number syntax (issue 13): `1e6`, `1.5`, `10k`, `2.5M`, `80%` for shares, on the
//! command line and in files; a negative value is "must be zero or more".

use super::util::{burnrate, temp_yaml, total};

#[test]
fn suffixes_and_exponents_price_the_same_as_plain_digits() {
    // Haiku 4.5: $1 input, $5 output per MTok. 10,000 in = $0.01 and 1,500 out = $0.0075 a
    // request, $0.0175; times 1,000,000 requests = $17,500.
    let plain = total(&[
        "-m",
        "claude-haiku-4-5",
        "--input",
        "10000",
        "--output",
        "1500",
        "--requests",
        "1000000",
    ]);
    assert_eq!(plain, "17500");
    let short = total(&[
        "-m",
        "claude-haiku-4-5",
        "--input",
        "10k",
        "--output",
        "1.5e3",
        "--requests",
        "1M",
    ]);
    assert_eq!(short, plain);
    let separated = total(&[
        "-m",
        "claude-haiku-4-5",
        "--input",
        "10_000",
        "--output",
        "1.5K",
        "--requests",
        "1e6",
    ]);
    assert_eq!(separated, plain);
}

#[test]
fn a_negative_or_fractional_count_says_what_is_wrong() {
    let run = burnrate(&["quote", "-m", "haiku", "--input", "-100"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: invalid value '-100' for '--input <TOKENS>': must be zero or more, found -100\n"
        ),
        "{}",
        run.stderr
    );
    let run = burnrate(&["batch-file", "x.jsonl", "--output-tokens", "-5"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: invalid value '-5' for '--output-tokens <TOKENS>': must be zero or more, found -5\n"
        ),
        "{}",
        run.stderr
    );
    let run = burnrate(&["quote", "-m", "haiku", "--input", "1.5"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: invalid value '1.5' for '--input <TOKENS>': must be a whole number, found 1.5\n"
        ),
        "{}",
        run.stderr
    );
    let run = burnrate(&["quote", "-m", "haiku", "--input", "3m"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: invalid value '3m' for '--input <TOKENS>': expected a number (such as 1500, 1.5, 1e6, 10k or 2.5M), found `3m`\n"
        ),
        "{}",
        run.stderr
    );
}

const WORKLOAD: &str = "name: n\nperiod: day\ntasks:\n  - name: t\n    model: claude-haiku-4-5\n    requests_per_day: 1000\n    system_tokens: 0\n    user_tokens: 2000\n    output_tokens: 100\n";

#[test]
fn shares_take_percentages_on_the_command_line() {
    let p = temp_yaml("numbers-share.yaml", WORKLOAD)
        .display()
        .to_string();
    let as_share = burnrate(&["migrate", &p, "--batch-share", "0.8", "--format", "json"]);
    let as_percent = burnrate(&["migrate", &p, "--batch-share", "80%", "--format", "json"]);
    assert_eq!(as_share.code, 0, "{}", as_share.stderr);
    assert_eq!(as_percent.stdout, as_share.stdout);
    let run = burnrate(&["migrate", &p, "--batch-share", "120%"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: invalid value '120%' for '--batch-share <SHARE>': must be between 0 and 1 (or 0% and 100%), found 1.2\n"
        ),
        "{}",
        run.stderr
    );
    let run = burnrate(&[
        "sweep",
        &p,
        "--vary",
        "batch_share=0%..100%",
        "--points",
        "2",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Haiku 4.5, a day of 1,000 requests of 2,000 in + 100 out: $2 + $0.50 = $2.50 real-time,
    // half that through the Batch API.
    assert_eq!(
        run.stdout,
        "field,value,series,total_usd,cheapest\nbatch_share,0,as written,2.5,true\nbatch_share,1,as written,1.25,true\n"
    );
}

#[test]
fn files_take_the_same_numbers() {
    let short = WORKLOAD
        .replace("requests_per_day: 1000", "requests_per_day: 1k")
        .replace("user_tokens: 2000", "user_tokens: 2e3")
        .replace("output_tokens: 100", "output_tokens: \"0.1k\"");
    let a = burnrate(&[
        "estimate",
        &temp_yaml("numbers-a.yaml", WORKLOAD).display().to_string(),
        "--format",
        "json",
    ]);
    let b = burnrate(&[
        "estimate",
        &temp_yaml("numbers-b.yaml", &short).display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let total =
        |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap()["total_usd"].clone();
    assert_eq!(total(&a.stdout), "2.5");
    assert_eq!(total(&b.stdout), total(&a.stdout));
    let bad = WORKLOAD.replace("user_tokens: 2000", "user_tokens: 2 thousand");
    let p = temp_yaml("numbers-bad.yaml", &bad).display().to_string();
    let run = burnrate(&["estimate", &p]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: {p}:8:18: tasks[0].user_tokens: expected a number (such as 1500, 1.5, 1e6, 10k or 2.5M), found `2 thousand`\n"
        )
    );
}
