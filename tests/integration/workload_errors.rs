//! Every workload validation error: its exact message (file, line, field) and exit code.

use super::util::{builtin_table, burnrate, temp_yaml};

/// Writes a workload whose single task is `fields` (after `name` and `model`) and checks
/// `estimate` fails with exactly `message` (after `error: PATH:`).
fn rejects(file: &str, model: &str, fields: &str, message: &str) {
    let text =
        format!("name: test\nperiod: day\ntasks:\n  - name: t\n    model: {model}\n{fields}");
    rejects_text(file, &text, message);
}

fn rejects_text(file: &str, text: &str, message: &str) {
    let p = temp_yaml(file, text).display().to_string();
    let run = burnrate(&["estimate", &p]);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, format!("error: {p}:{message}\n"));
    assert_eq!(run.code, 1);
}

const COUNTS: &str = "    system_tokens: 0\n    user_tokens: 1\n    output_tokens: 0\n";

#[test]
fn negative_count() {
    rejects(
        "neg.yaml",
        "haiku",
        &format!("    requests_per_day: -5\n{COUNTS}"),
        "6:23: tasks[0].requests_per_day: a count must be zero or more, found -5",
    );
}

#[test]
fn a_count_written_without_a_value_is_named_not_counted_as_absent() {
    // Issue 13 trap 10: "give exactly one of ... (found 0)".
    rejects(
        "no-value.yaml",
        "haiku",
        &format!("    requests_per_day:\n{COUNTS}"),
        "6:21: tasks[0].requests_per_day: expected a number (such as 1500, 1.5, 1e6, 10k or 2.5M), found nothing",
    );
}

#[test]
fn share_above_one() {
    rejects(
        "share.yaml",
        "haiku",
        &format!("    requests_per_day: 5\n{COUNTS}    batch_share: 1.5\n"),
        "10:18: tasks[0].batch_share: a share must be between 0 and 1 (or 0% and 100%), found 1.5",
    );
    rejects(
        "pct.yaml",
        "haiku",
        &format!(
            "    requests_per_day: 5\n{COUNTS}    escalation:\n      model: sonnet\n      share: 125%\n"
        ),
        "12:14: tasks[0].escalation.share: a share must be between 0 and 1 (or 0% and 100%), found 1.25",
    );
}

#[test]
fn unknown_key() {
    let p = temp_yaml(
        "key.yaml",
        &format!("name: test\nperiod: day\ntasks:\n  - name: t\n    model: haiku\n    requests_per_day: 5\n{COUNTS}    colour: blue\n"),
    )
    .display()
    .to_string();
    let run = burnrate(&["estimate", &p]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(&format!(
            "error: {p}:10:5: tasks[0].colour: unknown field `colour`, expected one of `name`, `model`"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_model_and_escalation_model() {
    rejects(
        "model.yaml",
        "claude-haiku-4.5",
        &format!("    requests_per_day: 5\n{COUNTS}"),
        "5:12: tasks[0].model: unknown model `claude-haiku-4.5`; did you mean `claude-haiku-4-5`?",
    );
    rejects(
        "escmodel.yaml",
        "haiku",
        &format!(
            "    requests_per_day: 5\n{COUNTS}    escalation:\n      model: sonet\n      share: 0.2\n"
        ),
        "11:14: tasks[0].escalation.model: unknown model `sonet`; did you mean `sonnet`?",
    );
}

#[test]
fn duplicate_task_names() {
    let task = format!("  - name: t\n    model: haiku\n    requests_per_day: 5\n{COUNTS}");
    rejects_text(
        "dup.yaml",
        &format!("name: test\nperiod: day\ntasks:\n{task}{task}"),
        "10:11: tasks[1].name: `t` is already the name of tasks[0]; task names must be unique",
    );
}

#[test]
fn exactly_one_request_rate() {
    rejects(
        "two.yaml",
        "haiku",
        &format!("    requests_per_day: 5\n    requests_per_hour: 5\n{COUNTS}"),
        "4:5: tasks[0] (`t`): give exactly one of `requests_per_day`, `requests_per_hour` or `requests_per_month` (found 2)",
    );
    rejects(
        "none.yaml",
        "haiku",
        COUNTS,
        "4:5: tasks[0] (`t`): give exactly one of `requests_per_day`, `requests_per_hour` or `requests_per_month` (found 0)",
    );
}

#[test]
fn missing_token_count_is_not_taken_as_zero() {
    rejects(
        "missing.yaml",
        "haiku",
        "    requests_per_day: 5\n    system_tokens: 0\n    user_tokens: 1\n",
        "4:5: tasks[0] (`t`): give exactly one of `output_tokens` or `output_samples` (found neither)",
    );
}

#[test]
fn cache_fields() {
    rejects(
        "ttl.yaml",
        "haiku",
        &format!("    requests_per_day: 5\n{COUNTS}    cache: {{ ttl: 10m }}\n"),
        "10:19: tasks[0].cache.ttl: unknown variant `10m`, expected `5m` or `1h`",
    );
    rejects(
        "hit.yaml",
        "haiku",
        &format!(
            "    requests_per_day: 5\n{COUNTS}    cache: {{ ttl: 5m, hit_rate: sometimes }}\n"
        ),
        "10:33: tasks[0].cache.hit_rate: expected `auto` or a share between 0 and 1, found `sometimes`",
    );
    rejects(
        "variants.yaml",
        "haiku",
        &format!(
            "    requests_per_day: 5\n{COUNTS}    cache:\n      ttl: 5m\n      prefix_variants: 0\n"
        ),
        "12:24: tasks[0].cache.prefix_variants: `prefix_variants` must be at least 1",
    );
}

#[test]
fn active_hours_out_of_range() {
    rejects(
        "hours.yaml",
        "haiku",
        &format!("    requests_per_day: 5\n    active_hours: 25\n{COUNTS}"),
        "7:19: tasks[0].active_hours: `active_hours` must be more than 0 and at most 24, found 25",
    );
}

#[test]
fn options_the_model_does_not_support() {
    rejects(
        "fastbatch.yaml",
        "claude-opus-5-5",
        &format!("    requests_per_day: 5\n{COUNTS}    speed: fast\n    batch_share: 0.5\n"),
        "11:18: tasks[0].batch_share: fast mode is not available through the Batch API; set `batch_share: 0` or `speed: standard`",
    );
    rejects(
        "geo.yaml",
        "claude-haiku-4-5",
        &format!("    requests_per_day: 5\n{COUNTS}    inference_geo: us\n"),
        "4:5: tasks[0] (`t`): `inference_geo: us`: model `claude-haiku-4-5-20251001` is not eligible for US-only inference (no `inference_geo_us_multiplier` in the pricing table; the API rejects `inference_geo` on models before Claude 4.6)",
    );
    rejects(
        "any.yaml",
        "claude-opus-5-5",
        &format!("    requests_per_day: 5\n{COUNTS}    tool_choice: any\n"),
        "10:18: tasks[0].tool_choice: `tool_choice: any` is not supported on claude-opus-5-5: the API returns an error for forced tool use",
    );
}

#[test]
fn bad_period_and_empty_tasks() {
    rejects_text(
        "period.yaml",
        "name: test\nperiod: fortnight\ntasks: []\n",
        "2:9: period: unknown variant `fortnight`, expected one of `day`, `week`, `month`, `year`",
    );
    rejects_text(
        "empty.yaml",
        "name: test\nperiod: day\ntasks: []\n",
        "3:8: `tasks` is empty: a workload needs at least one task",
    );
}

#[test]
fn unreadable_workload() {
    let run = burnrate(&["estimate", "/nonexistent/w.yaml"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: cannot read `/nonexistent/w.yaml`: No such file or directory (os error 2)\n"
    );
}

#[test]
fn token_files() {
    let text = super::util::fixture("text");
    rejects(
        "both.yaml",
        "haiku",
        &format!(
            "    requests_per_day: 5\n    system_tokens: 10\n    system_file: {text}/prose.txt\n    user_tokens: 1\n    output_tokens: 0\n"
        ),
        "4:5: tasks[0] (`t`): give exactly one of `system_tokens` or `system_file` (found both)",
    );
    rejects(
        "nofile.yaml",
        "haiku",
        "    requests_per_day: 5\n    system_file: /nonexistent/system.txt\n    user_tokens: 1\n    output_tokens: 0\n",
        "7:18: tasks[0].system_file: cannot read `/nonexistent/system.txt`: No such file or directory (os error 2)",
    );
    rejects(
        "noglob.yaml",
        "haiku",
        &format!(
            "    requests_per_day: 5\n    system_tokens: 0\n    user_samples: \"{text}/*.md\"\n    output_tokens: 0\n"
        ),
        &format!("8:19: tasks[0].user_samples: {text}/*.md: the glob matches no files"),
    );
    rejects(
        "latin.yaml",
        "haiku",
        &format!(
            "    requests_per_day: 5\n    system_tokens: 0\n    user_tokens: 1\n    output_samples: {text}/latin1.txt\n"
        ),
        &format!(
            "9:21: tasks[0].output_samples: {text}/latin1.txt: not UTF-8 text (invalid byte at offset 3); burnrate counts text files only"
        ),
    );
}

#[test]
fn a_tab_in_the_indentation_is_pointed_at() {
    rejects_text(
        "tab.yaml",
        "name: test\nperiod: day\ntasks:\n  - name: t\n\tmodel: haiku\n",
        "5:1: a tab is not allowed for indentation; indent with spaces",
    );
    rejects_text(
        "tab2.yaml",
        "name: test\nperiod: day\ntasks:\n  - name: t\n    cache:\n    \tttl: 5m\n",
        "6:5: a tab is not allowed for indentation; indent with spaces",
    );
}

#[test]
fn an_unclosed_quote_is_reported_where_it_opens() {
    rejects_text(
        "quote.yaml",
        "name: \"test\nperiod: day\ntasks:\n  - name: t\n    model: haiku\n",
        "1:7: unclosed quote: the string that starts here has no closing quote",
    );
}

#[test]
fn an_empty_workload_says_so() {
    // No position: an empty file has no line to point at, hence the leading space.
    let message = " the workload is empty; it needs `period` and `tasks`";
    rejects_text("empty-file.yaml", "", message);
    rejects_text("comments.yaml", "# to do\n\n", message);
}

#[test]
fn cache_that_is_not_a_mapping_says_what_it_expects() {
    rejects(
        "cache-true.yaml",
        "haiku",
        &format!("    requests_per_day: 5\n{COUNTS}    cache: true\n"),
        "10:12: tasks[0].cache: expected a mapping with `ttl` (`5m` or `1h`) and optionally `hit_rate` and `prefix_variants`, such as `{ ttl: 5m }`, found boolean `true`",
    );
    rejects(
        "cache-no-ttl.yaml",
        "haiku",
        &format!("    requests_per_day: 5\n{COUNTS}    cache: {{ hit_rate: auto }}\n"),
        "10:12: tasks[0].cache: missing field `ttl`",
    );
}

#[test]
fn deep_nesting_stops_at_the_depth_limit_quickly() {
    let levels = 100_000;
    let text = format!("name: {}{}\n", "[".repeat(levels), "]".repeat(levels));
    assert!(text.len() > 200_000);
    let started = std::time::Instant::now();
    let e = burnrate::workload::load::parse("deep.yaml", &text, builtin_table()).unwrap_err();
    let took = started.elapsed();
    assert_eq!(
        e.to_string(),
        "deep.yaml:1:39: the YAML is nested more than 32 levels deep, the limit for burnrate's files"
    );
    // A guard against a hang (issue 14: > 5 s), not a speed goal: a shared CI machine can be
    // several times slower than a quiet one.
    assert!(took.as_secs() < 5, "took {took:?}");
}

#[test]
fn an_alias_bomb_stops_at_the_size_limit_quickly() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    text.push_str("name: test\nperiod: day\ntasks: []\n");
    let started = std::time::Instant::now();
    let e = burnrate::workload::load::parse("bomb.yaml", &text, builtin_table()).unwrap_err();
    let took = started.elapsed();
    assert!(
        e.to_string().ends_with(
            ": the YAML holds more than 50000 values once aliases (`*name`) are expanded, the limit for burnrate's files"
        ),
        "{e}"
    );
    // A guard against a hang (issue 14: > 5 s), not a speed goal: a shared CI machine can be
    // several times slower than a quiet one.
    assert!(took.as_secs() < 5, "took {took:?}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_parsing() {
    let text = format!("name: test\n{}", "# padding\n".repeat(110_000));
    let e = burnrate::workload::load::parse("big.yaml", &text, builtin_table()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "big.yaml: the file is 1100011 bytes; burnrate reads YAML files of at most 1048576 bytes (1 MiB)"
    );
}

#[test]
#[cfg(unix)]
fn sample_folders_do_not_follow_loops_or_count_a_file_twice() {
    let dir = std::env::temp_dir().join(format!("burnrate-samples-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), "hello world\n").unwrap();
    let d = dir.display().to_string();
    let workload = format!(
        "name: test\nperiod: day\ntasks:\n  - name: t\n    model: haiku\n    requests_per_day: 5\n    system_tokens: 0\n    user_samples: {d}\n    output_tokens: 0\n"
    );
    let p = temp_yaml("samples.yaml", &workload).display().to_string();
    let before = burnrate(&["estimate", &p, "--format", "json"]);
    assert_eq!(before.code, 0, "{}", before.stderr);
    // A second path to the same file changes nothing: the mean is still over one sample.
    std::os::unix::fs::symlink("a.txt", dir.join("b.txt")).unwrap();
    let linked = burnrate(&["estimate", &p, "--format", "json"]);
    assert_eq!(linked.stdout, before.stdout);
    // A loop is named; a sample folder must be read whole, so it is an error here.
    std::os::unix::fs::symlink(".", dir.join("self")).unwrap();
    rejects_text(
        "samples.yaml",
        &workload,
        &format!(
            "8:19: tasks[0].user_samples: {d}/self: a symbolic link loop: it leads back to `{d}`, which is not walked again"
        ),
    );
}
