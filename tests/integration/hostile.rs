//! Issue 14 #13–#16: hostile input gets an error that names the file, the line and the field
//! (overflow, numbers too large to read exactly, bytes that are not UTF-8, a clash with the
//! embedded table, flow-style tasks), and a byte-order mark before JSON is accepted.

use std::path::PathBuf;

use super::util::{burnrate, fixture, temp_yaml};

/// Runs burnrate and checks it failed with exactly `stderr` and exit code 1, printing nothing.
fn fails(args: &[&str], stderr: &str) {
    let run = burnrate(args);
    assert_eq!(run.stdout, "", "no output on error for {args:?}");
    assert_eq!(run.stderr, stderr, "stderr of {args:?}");
    assert_eq!(run.code, 1, "exit code of {args:?}");
}

/// Writes `bytes` to a fresh temporary file.
fn temp_bytes(name: &str, bytes: &[u8]) -> PathBuf {
    let p = temp_yaml(name, "");
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A one-task workload whose task has the given rate line and counts (lines 4 to 9).
fn workload(name: &str, rate: &str, user: &str) -> String {
    let text = format!(
        "name: w\nperiod: month\ntasks:\n  - name: chat\n    model: haiku\n    {rate}\n    system_tokens: 0\n    user_tokens: {user}\n    output_tokens: 100\n"
    );
    temp_yaml(name, &text).display().to_string()
}

#[test]
fn an_overflow_names_the_file_line_task_and_field() {
    // Decimal::MAX requests a day times 30 days cannot be carried.
    let p = workload(
        "overflow-rate.yaml",
        "requests_per_day: \"79228162514264337593543950335\"",
        "1000",
    );
    fails(
        &["estimate", &p],
        &format!(
            "error: {p}:6:23: tasks[0].requests_per_day (task `chat`): arithmetic overflow while computing the request rate: the amounts are too large to price exactly\n"
        ),
    );
}

#[test]
fn an_overflow_in_a_product_names_the_task_s_largest_number() {
    // 10 requests a day are fine; Decimal::MAX user tokens are not: pricing them overflows
    // before the context window is checked.
    let p = workload(
        "overflow-tokens.yaml",
        "requests_per_day: 10",
        "\"79228162514264337593543950335\"",
    );
    fails(
        &["estimate", &p],
        &format!(
            "error: {p}:8:18: tasks[0].user_tokens (task `chat`): arithmetic overflow while computing the input cost: the amounts are too large to price exactly\n"
        ),
    );
}

#[test]
fn an_unquoted_integer_beyond_64_bits_is_refused_not_rounded() {
    // 2^64 arrives as a float, 18446744073709552000: 384 requests a day more than written.
    let p = workload(
        "u64-plus-one.yaml",
        "requests_per_day: 18446744073709551616",
        "1000",
    );
    fails(
        &["estimate", &p],
        &format!(
            "error: {p}:6:23: tasks[0].requests_per_day: a number written without quotes must be between -9223372036854775808 and 18446744073709551615; write a larger one in quotes to keep every digit (at most 79228162514264337593543950335)\n"
        ),
    );
}

#[test]
fn a_quoted_number_beyond_the_decimal_range_says_so() {
    let p = workload(
        "decimal-max-plus-one.yaml",
        "requests_per_day: \"79228162514264337593543950336\"",
        "1000",
    );
    fails(
        &["estimate", &p],
        &format!(
            "error: {p}:6:23: tasks[0].requests_per_day: `79228162514264337593543950336` is out of range: burnrate reads numbers exactly up to 79228162514264337593543950335 in size\n"
        ),
    );
}

#[test]
fn a_workload_that_is_not_utf8_names_the_line_and_byte() {
    // "name: w\n" (8) + "period: month\n" (14) + "tasks:\n" (7) + "  - name: \"a" (12) = 41.
    let p = temp_bytes(
        "latin1.yaml",
        b"name: w\nperiod: month\ntasks:\n  - name: \"a\xff\"\n",
    );
    let p = p.display().to_string();
    fails(
        &["estimate", &p],
        &format!("error: {p}:4: not UTF-8 text (invalid byte at offset 41)\n"),
    );
}

#[test]
fn a_pricing_file_that_is_not_utf8_names_the_line_and_byte() {
    // "schema_version: 1\n" (18) + "provider: x" (11) = 29.
    let p = temp_bytes(
        "latin1-pricing.yaml",
        b"schema_version: 1\nprovider: x\xe9\ncurrency: USD\n",
    );
    let p = p.display().to_string();
    fails(
        &["--pricing", &p, "models"],
        &format!("error: {p}:2: not UTF-8 text (invalid byte at offset 29)\n"),
    );
}

#[test]
fn a_console_csv_that_is_not_utf8_names_the_line_and_byte() {
    let mut bytes = std::fs::read(fixture("usage/console-usage.csv")).unwrap();
    let lines = bytes.iter().filter(|&&b| b == b'\n').count();
    let at = bytes.len() + "2026-11-03,claude-haiku-4-5".len();
    bytes.extend_from_slice(
        b"2026-11-03,claude-haiku-4-5\xff,k,w,message,x,1,0,0,0,1,0,global,standard\n",
    );
    let p = temp_bytes("latin1-usage.csv", &bytes).display().to_string();
    fails(
        &["usage", &p],
        &format!(
            "error: {p}:{}: not UTF-8 text (invalid byte at offset {at})\n",
            lines + 1
        ),
    );
}

#[test]
fn a_request_log_line_that_is_not_utf8_names_the_line_and_byte() {
    // `{"a":1}\n` is 8 bytes, `{"b":"` 6 more.
    let p = temp_bytes("latin1.jsonl", b"{\"a\":1}\n{\"b\":\"\xff\"}\n");
    let p = p.display().to_string();
    fails(
        &["usage", "--input-format", "response-log", &p],
        &format!("error: {p}:2: not UTF-8 text (invalid byte at offset 14)\n"),
    );
}

/// The same run on `file` as given and with a byte-order mark before it: the same output.
fn bom_changes_nothing(file: &str, args: &[&str]) {
    bom_changes_only(file, args, ("", ""));
}

/// As [`bom_changes_nothing`], but the marked run prints `changed.1` where the plain one
/// prints `changed.0`.
fn bom_changes_only(file: &str, args: &[&str], changed: (&str, &str)) {
    let text = std::fs::read(fixture(file)).unwrap();
    let plain = temp_bytes(&format!("plain-{}", file.replace('/', "-")), &text);
    let mut marked = "\u{feff}".as_bytes().to_vec();
    marked.extend_from_slice(&text);
    let marked = temp_bytes(&format!("bom-{}", file.replace('/', "-")), &marked);
    let run = |p: &PathBuf| {
        let mut all: Vec<&str> = args.to_vec();
        let p = p.display().to_string();
        all.push(&p);
        let r = burnrate(&all);
        (
            r.code,
            r.stdout.replace(&p, "FILE"),
            r.stderr.replace(&p, "FILE"),
        )
    };
    let (mut a, b) = (run(&plain), run(&marked));
    a.1 = a.1.replace(changed.0, changed.1);
    assert!(!a.1.is_empty(), "{file}: {}", a.2);
    assert_eq!(a, b, "{file} with a byte-order mark");
}

#[test]
fn a_byte_order_mark_before_json_or_jsonl_is_accepted() {
    bom_changes_nothing("usage/pages.jsonl", &["usage"]);
    bom_changes_nothing("usage/grouped.json", &["usage"]);
    bom_changes_nothing("usage/batch-results.jsonl", &["usage"]);
    bom_changes_nothing("usage/responses.jsonl", &["usage"]);
    bom_changes_nothing("usage/claude-code.jsonl", &["usage"]);
    bom_changes_nothing("usage/console-usage.csv", &["usage"]);
    // The mark's three bytes count toward the file's size (the Batch API's limit is on bytes).
    bom_changes_only(
        "batch/requests.jsonl",
        &["batch-file"],
        ("4,023 bytes", "4,026 bytes"),
    );
    let grouped = fixture("usage/grouped.json");
    bom_changes_nothing(
        "usage/cost-agrees.json",
        &["usage", &grouped, "--cost-report"],
    );
}

#[test]
fn an_alias_clash_with_the_embedded_table_blames_the_user_s_line() {
    // The override replaces claude-sonnet-4-6, which keeps its place in the table, before
    // claude-haiku-4-5-20251001; the clash is still the override's doing.
    let over = std::fs::read_to_string(fixture("pricing/override.yaml")).unwrap();
    let mut text: String = over.lines().take(24).map(|l| format!("{l}\n")).collect();
    text.push_str("    aliases: [claude-haiku-4-5]\n");
    let p = temp_yaml("clash-sonnet.yaml", &text).display().to_string();
    fails(
        &["--pricing", &p, "models"],
        &format!(
            "error: {p}:25:15: model `claude-sonnet-4-6`: the name `claude-haiku-4-5` is already used by model `claude-haiku-4-5-20251001` (from <builtin>/pricing/anthropic.yaml:874:15)\n"
        ),
    );
}

#[test]
fn flow_style_tasks_get_lines_and_columns() {
    let flow = |name: &str, task: &str| {
        let text = format!("name: w\nperiod: month\ntasks: [{task}]\n");
        temp_yaml(name, &text).display().to_string()
    };
    let p = flow(
        "flow-negative.yaml",
        "{name: a, model: haiku, requests_per_day: 10, system_tokens: 0, user_tokens: 1, output_tokens: -1}",
    );
    fails(
        &["estimate", &p],
        &format!(
            "error: {p}:3:104: tasks[0].output_tokens: a count must be zero or more, found -1\n"
        ),
    );
    let p = flow(
        "flow-ttl.yaml",
        "{name: a, model: haiku, requests_per_day: 10, system_tokens: 0, user_tokens: 1, output_tokens: 1, cache: {ttl: 7m}}",
    );
    fails(
        &["estimate", &p],
        &format!(
            "error: {p}:3:120: tasks[0].cache.ttl: unknown variant `7m`, expected `5m` or `1h`\n"
        ),
    );
    // A rule checked after parsing points at the task's `{`.
    let p = flow(
        "flow-no-system.yaml",
        "{name: a, model: haiku, requests_per_day: 10, user_tokens: 1, output_tokens: 1}",
    );
    fails(
        &["estimate", &p],
        &format!(
            "error: {p}:3:9: tasks[0] (`a`): give exactly one of `system_tokens` or `system_file` (found neither)\n"
        ),
    );
}

/// An unquoted decimal with more digits than an `f64` keeps was read rounded with exit 0
/// (`0.1000000000000000001` as `0.1`): it is an error at its line, saying to quote it; a
/// quoted one keeps every digit, and short numbers (`1.5`, `1e3`) read as before.
#[test]
fn an_unquoted_number_with_too_many_digits_is_refused_not_rounded() {
    let text = "name: n\nperiod: day\ntasks:\n  - name: t\n    model: claude-haiku-4-5\n    requests_per_day: 0.1000000000000000001\n    system_tokens: 0\n    user_tokens: 1.5\n    output_tokens: 1e3\n";
    let p = temp_yaml("inexact.yaml", text).display().to_string();
    fails(
        &["estimate", &p],
        &format!(
            "error: {p}:6:23: tasks[0].requests_per_day: `0.1000000000000000001` has more digits than a number written \
             without quotes keeps (it would be read as 0.1): write it in quotes to keep every \
             digit\n"
        ),
    );
    let quoted = text.replace("0.1000000000000000001", "\"0.1000000000000000001\"");
    let p = temp_yaml("inexact-quoted.yaml", &quoted)
        .display()
        .to_string();
    let run = burnrate(&["estimate", &p, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let e: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(e["tasks"][0]["requests"], "0.1000000000000000001");
}
