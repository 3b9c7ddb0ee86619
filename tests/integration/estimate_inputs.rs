//! What `estimate` reads (issue 13): `name` is optional, `-` is standard input, several files
//! are priced each and then summed, `--period` overrides the file's; and the cost per request
//! and per 1,000 requests.

use super::util::{burnrate, burnrate_stdin, temp_yaml};

/// Haiku 4.5 ($1 in, $5 out per MTok): 2,000 in + 100 out = $0.002 + $0.0005 = $0.0025 a
/// request; 1,000 a day = $2.50 a day.
const HAIKU: &str = "period: day\ntasks:\n  - name: t\n    model: claude-haiku-4-5\n    requests_per_day: 1000\n    system_tokens: 0\n    user_tokens: 2000\n    output_tokens: 100\n";

/// Sonnet 4.6 ($3 in, $15 out per MTok): 1,000 in + 200 out = $0.003 + $0.003 = $0.006 a
/// request; 100 a day = $0.60 a day.
const SONNET: &str = "name: second\nperiod: day\ntasks:\n  - name: s\n    model: claude-sonnet-4-6\n    requests_per_day: 100\n    system_tokens: 0\n    user_tokens: 1000\n    output_tokens: 200\n";

fn json(run: &super::util::Run) -> serde_json::Value {
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn the_name_defaults_to_the_file_stem_and_stdin_is_read_with_dash() {
    let p = temp_yaml("nameless.yaml", HAIKU).display().to_string();
    let e = json(&burnrate(&["estimate", &p, "--format", "json"]));
    assert_eq!(e["name"], "nameless");
    assert_eq!(e["total_usd"], "2.5");
    let e = json(&burnrate_stdin(
        &["estimate", "-", "--format", "json"],
        HAIKU.as_bytes(),
    ));
    assert_eq!(e["name"], "stdin");
    assert_eq!(e["total_usd"], "2.5");
    let run = burnrate_stdin(&["estimate", "-", "-"], HAIKU.as_bytes());
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: `-` (standard input) can be given once\n"
    );
}

#[test]
fn several_workloads_are_priced_each_then_summed() {
    let a = temp_yaml("sum-a.yaml", HAIKU).display().to_string();
    let b = temp_yaml("sum-b.yaml", SONNET).display().to_string();
    let all = json(&burnrate(&["estimate", &a, &b, "--format", "json"]));
    assert_eq!(all["estimates"][0]["total_usd"], "2.5");
    assert_eq!(all["estimates"][1]["total_usd"], "0.6");
    assert_eq!(all["total_usd"], "3.1");
    assert_eq!(all["requests"], "1100");
    // $3.10 over 1,100 requests.
    assert_eq!(all["per_request_usd"], "0.0028181818181818181818181818");
    let table = burnrate(&["estimate", &a, &b]);
    assert!(
        table
            .stdout
            .contains("2 workloads together: a day (1 day), USD"),
        "{}",
        table.stdout
    );
    let csv = burnrate(&["estimate", &a, &b, "--format", "csv"]);
    assert!(csv.stdout.starts_with("workload,task,"), "{}", csv.stdout);
    assert!(
        csv.stdout.ends_with("\ntotal,total,,,,,total,,3.1\n"),
        "{}",
        csv.stdout
    );
}

#[test]
fn workloads_over_different_periods_are_not_summed_unless_one_is_given() {
    let a = temp_yaml("period-a.yaml", HAIKU).display().to_string();
    let monthly = SONNET.replace("period: day", "period: month");
    let b = temp_yaml("period-b.yaml", &monthly).display().to_string();
    let run = burnrate(&["estimate", &a, &b]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: the workloads cover different periods (`period-a`: a day of 1 days, `second`: a \
         month of 30 days): a sum needs one period: `--period` sets one for all (a month keeps \
         each file's `days_per_month`)\n"
    );
    // Over a week: $2.50 × 7 + $0.60 × 7 = $21.70.
    let all = json(&burnrate(&[
        "estimate", &a, &b, "--period", "week", "--format", "json",
    ]));
    assert_eq!(all["period"], "week");
    assert_eq!(all["total_usd"], "21.7");
}

#[test]
fn the_cost_per_request_includes_the_escalation() {
    // 10% re-run on Sonnet 4.6 with the same prompt: 2,000 × $3 + 100 × $15 per MTok =
    // $0.0075 an escalated request; all in, $0.0025 + 10% × $0.0075 = $0.00325 a request.
    let escalated = format!("{HAIKU}    escalation: {{ model: claude-sonnet-4-6, share: 10% }}\n");
    let p = temp_yaml("per-request.yaml", &escalated)
        .display()
        .to_string();
    let e = json(&burnrate(&["estimate", &p, "--format", "json"]));
    assert_eq!(e["tasks"][0]["per_request_usd"], "0.00325");
    assert_eq!(e["tasks"][0]["per_1k_requests_usd"], "3.25");
    assert_eq!(e["tasks"][1]["per_request_usd"], serde_json::Value::Null);
    assert_eq!(e["per_request_usd"], "0.00325");
    assert_eq!(e["total_usd"], "3.25");
    let table = burnrate(&["estimate", &p]);
    assert!(
        table.stdout.contains(
            "per request: a task's cost with its escalation re-runs, over the task's requests"
        ),
        "{}",
        table.stdout
    );
}

#[test]
fn days_price_any_number_of_days() {
    // $2.50 a day over 10 days; the period reads as a month of 10 days (`days_per_month`).
    let p = temp_yaml("days.yaml", HAIKU).display().to_string();
    let e = json(&burnrate(&[
        "estimate", &p, "--days", "10", "--format", "json",
    ]));
    assert_eq!(e["total_usd"], "25");
    assert_eq!(e["days"], "10");
    assert_eq!(e["period"], "month");
    let run = burnrate(&["estimate", &p, "--days", "10"]);
    assert!(
        run.stdout
            .starts_with("days: estimate for a month (10 days), USD\n"),
        "{}",
        run.stdout
    );
    let run = burnrate(&["estimate", &p, "--days", "0"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: invalid value '0' for '--days <N>': must be more than zero, found 0\n"
        ),
        "{}",
        run.stderr
    );
    let run = burnrate(&["estimate", &p, "--days", "10", "--period", "week"]);
    assert_eq!(run.code, 2);
}
