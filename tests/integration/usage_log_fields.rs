//! `usage --log-field`: a team's own response log, read by dotted paths, repriced exactly.
//! Totals computed by hand from `pricing/anthropic.yaml` (USD per MTok) in the comments.

use std::path::PathBuf;

use burnrate::usage::{self, FieldPath, LogField, LogFields};
use rust_decimal::Decimal;

use super::util::{builtin_table, burnrate, temp_yaml};

/// The README's example.
const OWN: &str = "examples/usage/own-log.jsonl";

/// The fixture's shape: `{"ts", "meta": {"model", "msg"}, "resp": {"usage"}}`.
fn own_shape() -> LogFields {
    let mut f = LogFields::default();
    for (field, path) in [
        (LogField::Timestamp, "ts"),
        (LogField::Model, "meta.model"),
        (LogField::Usage, "resp.usage"),
        (LogField::Id, "meta.msg"),
    ] {
        f.set(field, FieldPath::parse(path).unwrap());
    }
    f
}

fn repriced(files: &[&str], fields: &LogFields) -> usage::UsageReport {
    let table = builtin_table();
    let paths: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
    let loaded = usage::load(&paths, jiff::civil::date(2026, 12, 1), None, fields).unwrap();
    usage::reprice(table, loaded, &usage::Options::default(), None).unwrap()
}

#[test]
fn a_log_in_its_own_shape_is_repriced_by_its_mapped_fields() {
    // 2026-11-20, Sonnet 4.6 standard: 0.1M input × $3 = $0.30; 0.04M 5m writes × $3.75 =
    // $0.15; 0.2M reads × $0.30 = $0.06; 0.02M output × $15 = $0.30: $0.81.
    // 2026-11-21, Haiku 4.5: msg_b 0.5M × $1 + 0.1M × $5 = $1.00; msg_c batch 1M × $0.50 =
    // $0.50; msg_b logged again a minute later is the same request (by the mapped id), once:
    // $1.50. Total $2.31.
    let r = repriced(&[OWN], &own_shape());
    assert_eq!(r.totals.total_usd, Decimal::new(231, 2));
    let days: Vec<(&str, Decimal)> = r
        .rows
        .iter()
        .map(|row| (row.period.as_str(), row.totals.total_usd))
        .collect();
    assert_eq!(
        days,
        [
            ("2026-11-20", Decimal::new(81, 2)),
            ("2026-11-21", Decimal::new(150, 2))
        ]
    );
    assert_eq!(r.records, 4);
    assert_eq!(r.duplicates, 1);
    // The copy is said; every line had its mapped time, so none is priced as of the undated
    // day.
    assert!(
        matches!(
            r.warnings.as_slice(),
            [burnrate::warning::Warning::DuplicateUsage { records: 1 }]
        ),
        "{:?}",
        r.warnings
    );
}

#[test]
fn the_default_fields_are_the_messages_api_names() {
    // responses.jsonl (`timestamp`, `model`, `usage`) reads the same with the defaults and
    // with the defaults named: Haiku 5.5, 200K input over two requests and 2K output ($0.083,
    // as `usage` prices it without any mapping).
    let file = "tests/fixtures/usage/responses.jsonl";
    let named = {
        let mut f = LogFields::default();
        f.set(LogField::Model, FieldPath::parse("model").unwrap());
        f.set(LogField::Usage, FieldPath::parse("usage").unwrap());
        f
    };
    assert!(!named.is_custom());
    assert_eq!(
        repriced(&[file], &named).totals.total_usd,
        repriced(&[file], &LogFields::default()).totals.total_usd
    );
}

#[test]
fn the_cli_maps_fields_and_names_a_missing_mapped_field_by_file_and_line() {
    // Line 1 as in examples/usage/own-log.jsonl ($0.81); line 2 lacks `meta.model`, line 3 `ts`: both are
    // named, left out, and the exit code is 1.
    let text = "{\"ts\":\"2026-11-20T12:00:00Z\",\"meta\":{\"model\":\"claude-sonnet-4-6\"},\"resp\":{\"usage\":{\"input_tokens\":100000,\"output_tokens\":20000,\"cache_creation\":{\"ephemeral_5m_input_tokens\":40000,\"ephemeral_1h_input_tokens\":0},\"cache_read_input_tokens\":200000,\"service_tier\":\"standard\"}}}\n\
                {\"ts\":\"2026-11-20T12:01:00Z\",\"meta\":{},\"resp\":{\"usage\":{\"input_tokens\":5,\"output_tokens\":5}}}\n\
                {\"meta\":{\"model\":\"claude-sonnet-4-6\"},\"resp\":{\"usage\":{\"input_tokens\":5,\"output_tokens\":5}}}\n";
    let p = temp_yaml("usage-own-missing.jsonl", text);
    let run = burnrate(&[
        "usage",
        p.to_str().unwrap(),
        "--log-field",
        "timestamp=ts",
        "--log-field",
        "model=meta.model",
        "--log-field",
        "usage=resp.usage",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["total_usd"], "0.81");
    let p = p.display();
    for expected in [
        format!(
            "warning: {p}:2: no `meta.model` (a string; mapped as the model field); the line is \
             left out of the totals\n"
        ),
        format!(
            "warning: {p}:3: no `ts` (an RFC 3339 time with a zone; mapped as the timestamp \
             field); the line is left out of the totals\n"
        ),
    ] {
        assert!(run.stderr.contains(&expected), "{}", run.stderr);
    }
}

#[test]
fn a_bad_mapping_is_a_usage_error() {
    for (args, expected) in [
        (
            vec!["--log-field", "when=ts"],
            "`when` is not a log field; expected one of timestamp, model, usage, id",
        ),
        (vec!["--log-field", "model"], "expected NAME=PATH"),
        (
            vec!["--log-field", "model=meta..model"],
            "`meta..model` is not a field path",
        ),
        (
            vec!["--log-field", "model=a", "--log-field", "model=b"],
            "`--log-field model=` is given twice",
        ),
        (
            vec!["--log-field", "model=a", "--input-format", "claude-code"],
            "`--input-format claude-code` reads no response log",
        ),
    ] {
        let mut all = vec!["usage", OWN];
        all.extend(args);
        let run = burnrate(&all);
        assert_ne!(run.code, 0, "{all:?}");
        assert!(run.stderr.contains(expected), "{all:?}: {}", run.stderr);
    }
}
