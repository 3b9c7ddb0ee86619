//! `burnrate usage`: Admin API usage report pages repriced, every total computed by hand from
//! the published prices (USD per MTok) in the comments.

use super::util::{builtin_table, burnrate, temp_yaml};

const GROUPED: &str = "tests/fixtures/usage/grouped.json";
const PAGES: &str = "tests/fixtures/usage/pages.jsonl";

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["usage"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = burnrate(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn a_grouped_report_is_repriced_per_class_tier_and_geo() {
    // 2026-11-02, Sonnet 4.6 standard: 1M input × $3 = $3; 0.2M 5m writes × $3.75 = $0.75;
    // 0.1M 1h writes × $6 = $0.60; 3M reads × $0.30 = $0.90; 0.4M output × $15 = $6;
    // 10 searches × $10/1,000 = $0.10: $11.35.
    // 2026-11-02, Haiku 4.5 batch: 2M × $0.50 + 1M × $2.50 = $3.50.
    // 2026-11-03, Sonnet 4.6 US-only (× 1.1): 1M × $3.30 + 0.1M × $16.50 = $4.95.
    let doc = json(&[GROUPED]);
    assert_eq!(doc["total_usd"], "19.8");
    assert_eq!(doc["records"], 3);
    assert_eq!(doc["rows"][0]["period"], "2026-11-02");
    assert_eq!(doc["rows"][0]["total_usd"], "14.85");
    assert_eq!(doc["rows"][1]["period"], "2026-11-03");
    assert_eq!(doc["rows"][1]["total_usd"], "4.95");
    // List price: Sonnet's 4.3M prompt tokens uncached × $3 = $12.90 + $6 + $0.10 = $19;
    // Haiku real-time 2M × $1 + 1M × $5 = $7; the US day $4.95: $30.95. Caching saved
    // $19 − $11.35 = $7.65, the Batch API $7 − $3.50 = $3.50.
    assert_eq!(doc["list_usd"], "30.95");
    assert_eq!(doc["cache_saving_usd"], "7.65");
    assert_eq!(doc["batch_saving_usd"], "3.5");
    let class = |key: &str| {
        doc["classes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["class"] == key)
            .cloned()
            .unwrap()
    };
    // 5m and 1h writes apart.
    assert_eq!(class("cache_write_5m")["cost_usd"], "0.75");
    assert_eq!(class("cache_write_1h")["cost_usd"], "0.6");
    assert_eq!(class("web_search")["quantity"], "10");
    assert_eq!(doc["warnings"], serde_json::json!([]));
}

#[test]
fn rows_group_by_model_and_workspace_by_month() {
    let doc = json(&[GROUPED, "--by", "month", "--group", "model,workspace"]);
    let rows: Vec<(String, Vec<String>, String)> = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["period"].as_str().unwrap().to_string(),
                serde_json::from_value(r["group"].clone()).unwrap(),
                r["total_usd"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Haiku's dated id is shown by its canonical id; Sonnet's two days are one month:
    // $11.35 + $4.95 = $16.30.
    assert_eq!(
        rows,
        [
            (
                "2026-11".to_string(),
                vec!["claude-haiku-4-5-20251001".to_string(), "wrkspc_b".into()],
                "3.5".to_string()
            ),
            (
                "2026-11".to_string(),
                vec!["claude-sonnet-4-6".to_string(), "wrkspc_a".into()],
                "16.3".to_string()
            ),
        ]
    );
}

#[test]
fn duplicate_pages_count_once_and_assumptions_are_said() {
    // Haiku 5.5, not grouped by context window: 4M input × $0.10 + 0.1M output × $0.50 = $0.45
    // below its 100K-token tier; all in the tier: 4M × $0.50 + 0.1M × $2.50 = $2.25.
    let doc = json(&[PAGES]);
    assert_eq!(doc["records"], 3);
    assert_eq!(doc["duplicates"], 1);
    assert_eq!(doc["total_usd"], "0.45");
    assert_eq!(doc["total_range"]["high"], "2.25");
    let kinds: Vec<&str> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "usage_assumed",
            "usage_assumed",
            "usage_assumed",
            "duplicate_usage",
            "tier_unknown"
        ]
    );
    let run = burnrate(&["usage", PAGES]);
    assert!(
        run.stderr.contains(
            "warning: the usage does not give `service_tier` (a report not grouped by it, or a \
             log without it): that part is priced as `standard`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "warning: claude-haiku-5-5: the export does not say which prompts were over 100,000 \
             tokens"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn the_rates_used_are_listed_with_their_days() {
    let doc = json(&[GROUPED]);
    let rates = doc["rates"].as_array().unwrap();
    let read = rates
        .iter()
        .find(|r| r["model"] == "claude-sonnet-4-6" && r["class"] == "cache_read")
        .unwrap();
    assert_eq!(read["rate_usd"], "0.3");
    assert_eq!(read["from"], "2026-11-02");
    assert_eq!(read["until"], "2026-11-02");
    assert_eq!(read["multipliers"][0]["name"], "cache read");
    let us = rates
        .iter()
        .find(|r| r["inference_geo"] == "us" && r["class"] == "input")
        .unwrap();
    assert_eq!(us["rate_usd"], "3.3");
}

#[test]
fn csv_has_one_column_per_dimension() {
    let run = burnrate(&["usage", GROUPED, "--group", "tier", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "period,model,workspace,api_key,account,service_account,tier,inference_geo,speed,\
         context_window,class,quantity,cost_usd"
    );
    assert!(
        run.stdout
            .contains("2026-11-02,,,,,,batch,,,,output,1000000,2.5\n"),
        "{}",
        run.stdout
    );
}

fn fails(file: &str, text: &str, expected: &str) {
    let p = temp_yaml(file, text);
    let run = burnrate(&["usage", p.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, expected.replace("{p}", p.to_str().unwrap()));
}

#[test]
fn bad_exports_are_errors_naming_file_line_and_field() {
    let row = |extra: &str| {
        format!(
            "{{\"data\":[{{\"starting_at\":\"2026-11-01T00:00:00Z\",\"ending_at\":\
             \"2026-11-02T00:00:00Z\",\"results\":[{{\"model\":\"claude-haiku-4-5\",\
             \"uncached_input_tokens\":1,\"output_tokens\":1{extra}}}]}}]}}"
        )
    };
    fails(
        "usage-negative.json",
        &row(",\"cache_read_input_tokens\":-5"),
        // serde_json places a value error at the end of the object that holds it (column 193
        // closes the row); the path names the field.
        "error: {p}:1:193: not a usage report page: data[0].results[0].cache_read_input_tokens: invalid value: integer `-5`, expected u64\n",
    );
    fails(
        "usage-unknown-field.json",
        &row(",\"cache_creation_5m_input_tokens\":5"),
        "error: {p}:1:197: not a usage report page: data[0].results[0].cache_creation_5m_input_tokens: unknown field `cache_creation_5m_input_tokens`, expected one of `model`, `uncached_input_tokens`, `cache_creation`, `cache_read_input_tokens`, `output_tokens`, `server_tool_use`, `service_tier`, `context_window`, `inference_geo`, `speed`, `api_key_id`, `workspace_id`, `account_id`, `service_account_id`\n",
    );
    fails(
        "usage-cost.json",
        "{\"data\":[{\"starting_at\":\"2026-11-01T00:00:00Z\",\"ending_at\":\"2026-11-02T00:00:00Z\",\"results\":[{\"amount\":\"123.45\",\"currency\":\"USD\"}]}]}",
        "error: {p}:1:102: this is an Admin API cost report, not a usage report: a cost report is for reconciliation, not repricing\n",
    );
    fails(
        "usage-zone.json",
        "{\"data\":[{\"starting_at\":\"2026-11-01T00:00:00\",\"ending_at\":\"2026-11-02T00:00:00Z\",\"results\":[]}]}\n",
        "error: {p}:1: `starting_at`: `2026-11-01T00:00:00` is not an RFC 3339 time with a zone (failed to find offset component, which is required for parsing a timestamp)\n",
    );
    fails(
        "usage-unknown-model.json",
        &format!(
            "\n\n{}",
            row("").replace("claude-haiku-4-5", "claude-nope-9")
        ),
        "error: {p}:3: unknown model `claude-nope-9`; run `burnrate models` to list the models\n",
    );
    fails(
        "usage-empty.json",
        "  \n",
        "error: {p}: the file is empty; expected usage report pages (JSON)\n",
    );
}

#[test]
fn unknown_models_can_be_skipped_and_counted() {
    let text = "{\"data\":[{\"starting_at\":\"2026-11-01T00:00:00Z\",\"ending_at\":\"2026-11-02T00:00:00Z\",\"results\":[{\"model\":\"claude-nope-9\",\"uncached_input_tokens\":1,\"output_tokens\":1},{\"model\":\"claude-haiku-4-5\",\"uncached_input_tokens\":1000000,\"output_tokens\":0,\"service_tier\":\"standard\",\"speed\":\"standard\",\"inference_geo\":\"global\"}]}]}";
    let p = temp_yaml("usage-skip.json", text);
    let run = burnrate(&[
        "usage",
        p.to_str().unwrap(),
        "--unknown",
        "skip",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    // 1M input × $1 on Haiku 4.5.
    assert_eq!(doc["total_usd"], "1");
    assert!(
        run.stderr.contains(
            "warning: 1 record of `claude-nope-9`, a model the pricing table does not know, \
             left out"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn overlapping_buckets_of_different_widths_are_refused() {
    let day = "{\"data\":[{\"starting_at\":\"2026-11-01T00:00:00Z\",\"ending_at\":\"2026-11-02T00:00:00Z\",\"results\":[]}]}\n";
    let hour = "{\"data\":[{\"starting_at\":\"2026-11-01T05:00:00Z\",\"ending_at\":\"2026-11-01T06:00:00Z\",\"results\":[{\"model\":\"claude-haiku-4-5\",\"uncached_input_tokens\":1,\"output_tokens\":1}]},{\"starting_at\":\"2026-11-01T00:00:00Z\",\"ending_at\":\"2026-11-02T00:00:00Z\",\"results\":[{\"model\":\"claude-haiku-4-5\",\"uncached_input_tokens\":1,\"output_tokens\":1}]}]}\n";
    let _ = day;
    let p = temp_yaml("usage-overlap.json", hour);
    let run = burnrate(&["usage", p.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: {p}:1: the bucket 2026-11-01T05:00:00Z to 2026-11-01T06:00:00Z overlaps the \
             bucket 2026-11-01T00:00:00Z to 2026-11-02T00:00:00Z at {p}:1: exports of different \
             bucket widths cannot be summed\n",
            p = p.display()
        )
    );
}

#[test]
fn each_day_is_priced_at_the_rates_in_force_that_day() {
    // Sonnet 4.6 above 200K prompt tokens paid the long-context tier until 2026-03-13:
    // 2026-03-12: 1M input × $6 + 0.1M output × $22.50 = $8.25;
    // 2026-03-13: 1M input × $3 + 0.1M output × $15 = $4.50. The month: $12.75.
    let bucket = |day: &str, next: &str| {
        format!(
            "{{\"starting_at\":\"2026-03-{day}T00:00:00Z\",\"ending_at\":\"2026-03-{next}T00:00:00Z\",\
             \"results\":[{{\"model\":\"claude-sonnet-4-6\",\"uncached_input_tokens\":1000000,\
             \"output_tokens\":100000,\"service_tier\":\"standard\",\"speed\":\"standard\",\
             \"inference_geo\":\"global\",\"context_window\":\"200k-1M\"}}]}}"
        )
    };
    let text = format!(
        "{{\"data\":[{},{}]}}",
        bucket("12", "13"),
        bucket("13", "14")
    );
    let p = temp_yaml("usage-dated.json", &text);
    let doc = json(&[p.to_str().unwrap(), "--by", "month"]);
    assert_eq!(doc["total_usd"], "12.75");
    let input: Vec<(String, String, String)> = doc["rates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["class"] == "input")
        .map(|r| {
            (
                r["from"].as_str().unwrap().to_string(),
                r["until"].as_str().unwrap().to_string(),
                r["rate_usd"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        input,
        [
            ("2026-03-12".into(), "2026-03-12".into(), "6".into()),
            ("2026-03-13".into(), "2026-03-13".into(), "3".into())
        ]
    );
}

#[test]
fn a_bill_that_matches_exits_zero() {
    // The cost report bills in cents: "300" is $3.00, the Sonnet input of 2026-11-02.
    let run = burnrate(&[
        "usage",
        GROUPED,
        "--cost-report",
        "tests/fixtures/usage/cost-agrees.json",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let r = &doc["reconciliation"];
    assert_eq!(r["per"], serde_json::json!(["day", "model", "class"]));
    assert_eq!(r["billed_usd"], "19.8");
    assert_eq!(r["repriced_usd"], "19.8");
    assert_eq!(r["flagged"], 0);
    assert_eq!(r["lines"].as_array().unwrap().len(), 10);
}

#[test]
fn a_day_that_differs_is_flagged_with_its_cause_and_exit_code_4() {
    // Billed "200" cents ($2.00) for Sonnet's output on 2026-11-03; repriced 0.1M × $16.50 =
    // $1.65: $0.35 over, above a cent and 0.5% of the bill.
    let run = burnrate(&[
        "usage",
        GROUPED,
        "--cost-report",
        "tests/fixtures/usage/cost-differs.json",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let r = &doc["reconciliation"];
    assert_eq!(r["flagged"], 1);
    let flagged: Vec<&serde_json::Value> = r["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["flagged"] == true)
        .collect();
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0]["date"], "2026-11-03");
    assert_eq!(flagged[0]["model"], "claude-sonnet-4-6");
    assert_eq!(flagged[0]["class"], "output");
    assert_eq!(flagged[0]["difference_usd"], "0.35");
    assert_eq!(flagged[0]["cause"], "billed_more");
}

#[test]
fn a_usage_report_given_as_the_bill_is_named() {
    let run = burnrate(&["usage", GROUPED, "--cost-report", GROUPED]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("this is a usage report, not a cost report"),
        "{}",
        run.stderr
    );
}

fn json_as_of(file: &str, day: &str) -> serde_json::Value {
    json(&[file, "--as-of", day])
}

#[test]
fn batch_results_bill_succeeded_requests_at_the_batch_tier() {
    // Sonnet 4.6 at the batch tier (× 0.5): 10,000 input × $1.50 = $0.015; 20,000 1h writes ×
    // $3 = $0.06; 50,000 reads × $0.15 = $0.0075; 2,000 output × $7.50 = $0.015: $0.0975.
    // Haiku 4.5 batch: 1,000 × $0.50 + 500 × $2.50 = $0.00175. Result `a` appears twice and
    // counts once; the errored and expired results are counted, not priced. $0.09925.
    let doc = json_as_of("tests/fixtures/usage/batch-results.jsonl", "2026-11-20");
    assert_eq!(doc["total_usd"], "0.09925");
    assert_eq!(doc["duplicates"], 1);
    assert_eq!(doc["batch_saving_usd"], "0.09925");
    // Batch and cache together: list = total + cache saving + batch saving. Sonnet real-time
    // with its cache $0.195, uncached real-time 80,000 × $3 + 2,000 × $15 = $0.27; Haiku $0.0035
    // either way. List $0.2735 = $0.09925 + $0.075 + $0.09925.
    assert_eq!(doc["list_usd"], "0.2735");
    assert_eq!(doc["cache_saving_usd"], "0.075");
    let kinds: Vec<&str> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["not_billed", "not_billed", "undated", "duplicate_usage"]
    );
    assert_eq!(doc["warnings"][2]["date"], "2026-11-20");
}

#[test]
fn claude_code_logs_keep_the_last_streamed_counts_of_each_request() {
    // msg_1 logged twice while streaming: the larger counts win. Sonnet 4.6: 100 × $3 +
    // 1,000 5m writes × $3.75 + 5,000 reads × $0.30 + 50 × $15 = $0.0063. msg_2 on Haiku 4.5,
    // its 500 cache-write tokens without a TTL split priced as 5m: 2,000 × $1 + 500 × $1.25 +
    // 100 × $5 = $0.003125. The user line is not usage.
    let doc = json(&["tests/fixtures/usage/claude-code.jsonl"]);
    assert_eq!(doc["total_usd"], "0.009425");
    assert_eq!(doc["duplicates"], 1);
    assert_eq!(doc["rows"][0]["period"], "2026-11-10");
    assert_eq!(doc["rows"][0]["total_usd"], "0.0063");
    assert_eq!(doc["warnings"][0]["dimension"], "cache_creation");
}

#[test]
fn a_logged_request_pays_its_own_prompt_length_tier_exactly() {
    // Haiku 5.5, one request per line: 150,000 input tokens are over its 100K tier:
    // 150,000 × $0.50 + 1,000 × $2.50 = $0.0775; 50,000 are not: 50,000 × $0.10 +
    // 1,000 × $0.50 = $0.0055. $0.083, and no range (each request's prompt is known).
    let doc = json(&["tests/fixtures/usage/responses.jsonl"]);
    assert_eq!(doc["total_usd"], "0.083");
    assert!(doc["total_range"].is_null());
    let tiers: Vec<serde_json::Value> = doc["rates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["class"] == "input")
        .map(|r| r["prompt_over"].clone())
        .collect();
    assert_eq!(tiers, [serde_json::Value::Null, serde_json::json!(100000)]);
}

#[test]
fn focus_has_the_mandatory_columns_and_adds_up_to_the_total() {
    let run = burnrate(&[
        "usage",
        GROUPED,
        "--format",
        "focus",
        "--billing-account",
        "org_123",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    // FOCUS 1.2's 21 mandatory columns.
    for column in [
        "BilledCost",
        "EffectiveCost",
        "ListCost",
        "ContractedCost",
        "BillingCurrency",
        "BillingAccountId",
        "BillingAccountName",
        "BillingPeriodStart",
        "BillingPeriodEnd",
        "ChargePeriodStart",
        "ChargePeriodEnd",
        "ChargeCategory",
        "ChargeClass",
        "ChargeDescription",
        "PricingQuantity",
        "PricingUnit",
        "ProviderName",
        "PublisherName",
        "InvoiceIssuerName",
        "ServiceName",
        "ServiceCategory",
    ] {
        assert!(header.iter().any(|h| h == column), "no {column}");
    }
    // Custom columns come after every FOCUS column and start with `x_`.
    let first_custom = header.iter().position(|h| h.starts_with("x_")).unwrap();
    assert!(header[first_custom..].iter().all(|h| h.starts_with("x_")));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // One row per day, model, dimensions and class: 6 Sonnet classes and 2 Haiku on
    // 2026-11-02, 2 Sonnet classes on 2026-11-03.
    assert_eq!(rows.len(), 10);
    let total: rust_decimal::Decimal = rows
        .iter()
        .map(|r| {
            r[col("BilledCost")]
                .parse::<rust_decimal::Decimal>()
                .unwrap()
        })
        .sum();
    assert_eq!(total.to_string(), "19.80");
    let read = rows
        .iter()
        .find(|r| &r[col("SkuId")] == "claude-sonnet-4-6:cache_read")
        .unwrap();
    // 3,000,000 reads: 3 units of 1M tokens at $0.30.
    assert_eq!(&read[col("ConsumedQuantity")], "3000000");
    assert_eq!(&read[col("PricingQuantity")], "3");
    assert_eq!(&read[col("ListUnitPrice")], "0.3");
    assert_eq!(&read[col("ChargePeriodStart")], "2026-11-02T00:00:00Z");
    assert_eq!(&read[col("ChargePeriodEnd")], "2026-11-03T00:00:00Z");
    assert_eq!(&read[col("BillingPeriodStart")], "2026-11-01T00:00:00Z");
    assert_eq!(&read[col("BillingAccountId")], "org_123");
    assert!(read[col("x_Source")].contains("not an invoice"));
}

#[test]
fn the_console_csvs_reprice_and_reconcile_like_the_admin_api() {
    // The same traffic as the grouped usage report: $19.80; the cost CSV in dollars ("3.00" is
    // $3.00) bills the same per day, model ("Claude Sonnet 4.6" is claude-sonnet-4-6) and class.
    let run = burnrate(&[
        "usage",
        "tests/fixtures/usage/console-usage.csv",
        "--cost-report",
        "tests/fixtures/usage/console-cost.csv",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["total_usd"], "19.8");
    assert_eq!(doc["batch_saving_usd"], "3.5");
    assert_eq!(doc["reconciliation"]["billed_usd"], "19.8");
    assert_eq!(doc["reconciliation"]["flagged"], 0);
    // Haiku's row leaves `speed` blank: priced at standard speed, and said.
    assert_eq!(doc["warnings"][0]["dimension"], "speed");
    assert_eq!(doc["warnings"].as_array().unwrap().len(), 1);
}

#[test]
fn a_console_csv_column_burnrate_does_not_know_is_named() {
    let head = "usage_date_utc,model_version,usage_input_tokens_no_cache,usage_input_tokens_cache_write_5m,usage_input_tokens_cache_write_1h,usage_input_tokens_cache_read,usage_output_tokens";
    fails(
        "usage-console-extra.csv",
        &format!("{head},usage_reasoning_tokens\n2026-11-02,claude-haiku-4-5,1,0,0,0,1,1\n"),
        "error: {p}:1: unknown column `usage_reasoning_tokens`: the export's columns are not documented, so burnrate reads only usage_date_utc, model_version, api_key, workspace, usage_type, context_window, usage_input_tokens_no_cache, usage_input_tokens_cache_write_5m, usage_input_tokens_cache_write_1h, usage_input_tokens_cache_read, usage_output_tokens, web_search_count, inference_geo, speed\n",
    );
    let cost = std::fs::read_to_string("tests/fixtures/usage/console-cost.csv").unwrap();
    fails(
        "usage-console-cost-as-usage.csv",
        &cost,
        "error: {p}:1: this is the Console's other CSV export (usage and cost CSVs are read apart: usage is repriced, cost is the bill)\n",
    );
    fails(
        "usage-console-negative.csv",
        &format!("{head}\n2026-11-02,claude-haiku-4-5,1,0,0,0,-3\n"),
        "error: {p}:2: `usage_output_tokens`: `-3` is not a whole number of zero or more\n",
    );
    // Saved on Windows: CRLF breaks, the bad row still named on its own line (3).
    fails(
        "usage-console-crlf.csv",
        &format!(
            "{head}\r\n2026-11-02,claude-haiku-4-5,1,0,0,0,3\r\n2026-11-02,claude-haiku-4-5,1,0,0,0,-3\r\n"
        ),
        "error: {p}:3: `usage_output_tokens`: `-3` is not a whole number of zero or more\n",
    );
    // A token column left out would price its class at $0: it is required.
    fails(
        "usage-console-missing.csv",
        "usage_date_utc,model_version,usage_output_tokens\n2026-11-02,claude-haiku-4-5,3\n",
        "error: {p}:1: no `usage_input_tokens_no_cache` column; the export must have usage_date_utc, model_version, usage_input_tokens_no_cache, usage_input_tokens_cache_write_5m, usage_input_tokens_cache_write_1h, usage_input_tokens_cache_read, usage_output_tokens\n",
    );
    // Blank tier, speed and geo are priced as standard and global, and said.
    let p = temp_yaml(
        "usage-console-blank.csv",
        &format!("{head}\n2026-11-02,claude-haiku-4-5,1000000,0,0,0,0\n"),
    );
    let run = burnrate(&["usage", p.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["total_usd"], "1");
    assert_eq!(doc["warnings"].as_array().unwrap().len(), 3);
}

#[test]
fn the_batch_opportunity_prices_standard_usage_at_batch_rates() {
    // Sonnet 4.6 standard: 2026-11-02 $11.35, of which $11.25 tokens halve to $5.625 and the
    // $0.10 of web searches does not (not batch-discounted): $5.725; 2026-11-03 (US-only)
    // $4.95 halves to $2.475. $16.30 → $8.20, saving $8.10. Haiku's usage was batch already.
    let doc = json(&[GROUPED]);
    let o = doc["batch_opportunity"].as_array().unwrap();
    assert_eq!(o.len(), 1);
    assert_eq!(o[0]["model"], "claude-sonnet-4-6");
    assert_eq!(o[0]["standard_usd"], "16.3");
    assert_eq!(o[0]["batched_usd"], "8.2");
    assert_eq!(o[0]["saving_usd"], "8.1");
    // Daily buckets do not show the hour.
    assert!(o[0]["hours"].is_null());
    // Single requests do: Haiku 5.5 at 12:00 and 12:05 UTC, 151,000 and 51,000 tokens.
    // 12:00, prompt 150,000 > 100,000 (its tier): 0.15M × $0.50 + 1,000 × $2.50 = $0.0775;
    // 12:05: 0.05M × $0.10 + 1,000 × $0.50 = $0.0055. $0.083 standard, × 0.5 batch =
    // $0.0415, saving $0.0415.
    let doc = json(&["tests/fixtures/usage/responses.jsonl"]);
    let o = &doc["batch_opportunity"][0];
    assert_eq!(o["standard_usd"], "0.083");
    assert_eq!(o["batched_usd"], "0.0415");
    assert_eq!(o["saving_usd"], "0.0415");
    assert_eq!(o["hours"][12], "202000");
    assert_eq!(o["hours"][11], "0");
}

#[test]
fn bad_lines_of_a_log_are_left_out_and_named_and_the_rest_is_priced() {
    // The good line: Haiku 4.5, 1M input × $1 = $1. Line 2 has no model; line 3 is cut short
    // (a log still being written): both are said, left out, and the exit code is 1.
    let text = "{\"timestamp\":\"2026-11-20T12:00:00Z\",\"model\":\"claude-haiku-4-5\",\"usage\":{\"input_tokens\":1000000,\"output_tokens\":0,\"service_tier\":\"standard\"}}\r\n\
                {\"timestamp\":\"2026-11-20T12:01:00Z\",\"usage\":{\"input_tokens\":5,\"output_tokens\":5}}\r\n\
                {\"timestamp\":\"2026-11-20T12:02:00Z\",\"model\":\"claude-haiku-4-5\",\"usage\":{\"input_to";
    let p = temp_yaml("usage-bad-lines.jsonl", text);
    let run = burnrate(&["usage", p.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["total_usd"], "1");
    let p = p.display();
    assert!(
        run.stderr.contains(&format!(
            "warning: {p}:2: no `model` (a string); the line is left out of the totals\n"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "warning: {p}:3: not a JSON object: EOF while parsing a string (column 81); the line \
             is left out of the totals\n"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn batch_results_of_two_batches_sharing_custom_ids_both_count() {
    // custom_id `a` in two batches' results with different message ids: two requests.
    let one = "{\"custom_id\":\"a\",\"result\":{\"type\":\"succeeded\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-haiku-4-5\",\"usage\":{\"input_tokens\":1000000,\"output_tokens\":0}}}}\n";
    let two = one.replace("msg_1", "msg_2");
    let a = temp_yaml("batch-one.jsonl", one);
    let b = temp_yaml("batch-two.jsonl", &two);
    // 2 × 1M input at the batch rate of $0.50.
    let doc = json(&[a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(doc["total_usd"], "1");
    assert_eq!(doc["duplicates"], 0);
}

#[test]
fn fast_usage_is_billed_as_the_api_billed_it_that_day() {
    let page = |model: &str, day: &str, next: &str| {
        format!(
            "{{\"data\":[{{\"starting_at\":\"{day}T00:00:00Z\",\"ending_at\":\"{next}T00:00:00Z\",\
             \"results\":[{{\"model\":\"{model}\",\"uncached_input_tokens\":1000000,\
             \"output_tokens\":100000,\"service_tier\":\"standard\",\"speed\":\"fast\",\
             \"inference_geo\":\"global\"}}]}}]}}"
        )
    };
    // Opus 4.8 fast on 2026-11-15, before its removal: 1M × $10 + 0.1M × $50 = $15.
    let p = temp_yaml(
        "usage-fast-48.json",
        &page("claude-opus-4-8", "2026-11-15", "2026-11-16"),
    );
    assert_eq!(json(&[p.to_str().unwrap()])["total_usd"], "15");
    // Opus 4.6 fast in November: removed, run and billed at standard speed: 1M × $5 +
    // 0.1M × $25 = $7.50, with the warning.
    let p = temp_yaml(
        "usage-fast-46.json",
        &page("claude-opus-4-6", "2026-11-15", "2026-11-16"),
    );
    let doc = json(&[p.to_str().unwrap()]);
    assert_eq!(doc["total_usd"], "7.5");
    assert_eq!(doc["warnings"][0]["kind"], "fast_billed_as_standard");
    // Opus 4.8 fast after 2026-11-30: the API refuses it, so the record cannot be right.
    let p = temp_yaml(
        "usage-fast-48-after.json",
        &page("claude-opus-4-8", "2026-12-01", "2026-12-02"),
    );
    let run = burnrate(&["usage", p.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("fast mode on `claude-opus-4-8` was removed on 2026-11-30"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_same_days_from_two_kinds_of_source_are_refused() {
    // The Console CSV holds the same traffic as the usage report: summing both would double it.
    let run = burnrate(&["usage", GROUPED, "tests/fixtures/usage/console-usage.csv"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: tests/fixtures/usage/console-usage.csv:2: usage on 2026-11-02 is also in \
         tests/fixtures/usage/grouped.json:1 (an Admin API usage report, a Console usage CSV): \
         the same traffic from two kinds of source would be counted twice; give one source per \
         period\n"
    );
}

#[test]
fn a_folder_of_exports_is_read_whole() {
    // Two usage-report files of different days: $19.80 (2026-11-02 to 11-04) + $0.45 (11-05).
    let dir = std::env::temp_dir().join(format!("burnrate-usage-dir-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(GROUPED, dir.join("a.json")).unwrap();
    std::fs::copy(PAGES, dir.join("b.jsonl")).unwrap();
    std::fs::write(dir.join("notes.txt"), "not usage").unwrap();
    let doc = json(&[dir.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(doc["total_usd"], "20.25");
    assert_eq!(doc["files"].as_array().unwrap().len(), 2);
}

#[test]
fn claude_code_copies_are_counted_once_by_message_id_sidechains_included() {
    // The first line is a summary (detection looks past it). msg_a streamed twice under req_a,
    // then replayed by a sidechain under req_b: one request, its largest counts, Sonnet 4.6:
    // 200 × $3 + 40 × $15 per million = $0.0012. msg_b, a sidechain's own request on Haiku 4.5:
    // 1,000 × $1 + 100 × $5 = $0.0015. msg_c, logged by a sidechain (500 output) and then by the
    // main chain (300): the main chain's copy is kept, 2,000 × $1 + 300 × $5 = $0.0035.
    let doc = json(&["tests/fixtures/usage/claude-code-sidechain.jsonl"]);
    assert_eq!(doc["total_usd"], "0.0062");
    assert_eq!(doc["records"], 6);
    assert_eq!(doc["duplicates"], 3);
}

#[test]
fn input_format_forces_the_reader_and_says_when_the_file_is_not_that() {
    // A Claude Code log whose first line detection does not know: read as a usage report
    // unless forced. Forced: Haiku 4.5, 1,000 × $1 + 100 × $5 per million = $0.0015.
    let text = "{\"type\":\"queue-operation\",\"operation\":\"enqueue\"}\n\
                {\"type\":\"assistant\",\"timestamp\":\"2026-11-12T09:01:00Z\",\"sessionId\":\"s\",\"requestId\":\"r\",\"message\":{\"id\":\"m\",\"model\":\"claude-haiku-4-5\",\"usage\":{\"input_tokens\":1000,\"output_tokens\":100,\"service_tier\":\"standard\"}}}\n";
    let p = temp_yaml("usage-forced.jsonl", text);
    let p = p.to_str().unwrap();
    assert_eq!(burnrate(&["usage", p]).code, 1);
    let doc = json(&[p, "--input-format", "claude-code"]);
    assert_eq!(doc["total_usd"], "0.0015");

    let run = burnrate(&[
        "usage",
        "tests/fixtures/usage/pages.jsonl",
        "--input-format",
        "claude-code",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: tests/fixtures/usage/pages.jsonl: not a Claude Code log as `--input-format \
         claude-code` says: no line is one of its requests\n"
    );
    let run = burnrate(&[
        "usage",
        "tests/fixtures/usage/claude-code.jsonl",
        "--input-format",
        "response-log",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: tests/fixtures/usage/claude-code.jsonl:1: not a Messages response log as \
         `--input-format response-log` says: no `model` (a string)\n"
    );
    let run = burnrate(&[
        "usage",
        "tests/fixtures/usage/pages.jsonl",
        "--input-format",
        "console-csv",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: tests/fixtures/usage/pages.jsonl:1: not a Console usage CSV as `--input-format \
         console-csv` says: its first column is not `usage_date_utc`\n"
    );
    let run = burnrate(&[
        "usage",
        "tests/fixtures/usage/claude-code.jsonl",
        "--input-format",
        "usage-report",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "error: tests/fixtures/usage/claude-code.jsonl:1:7: not a usage report page: type: \
             unknown field `type`"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_page_read_again_in_another_file_is_compared_row_by_row() {
    // The grouped report twice: every row a copy, counted once ($19.80, as alone).
    let doc = json(&[GROUPED, GROUPED]);
    assert_eq!(doc["total_usd"], "19.8");
    assert_eq!(doc["duplicates"], 3);
    // One count changed in the second file: the two disagree.
    let text = std::fs::read_to_string(GROUPED)
        .unwrap()
        .replace("\"output_tokens\": 400000", "\"output_tokens\": 400001");
    let p = temp_yaml("usage-grouped-changed.json", &text);
    let run = burnrate(&["usage", GROUPED, p.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: {}:1: the bucket starting 2026-11-02T00:00:00Z for `claude-sonnet-4-6` is \
             also at {GROUPED}:1 with other counts: the two exports disagree, so neither can be \
             summed\n",
            p.display()
        )
    );
}

#[test]
fn a_cache_write_of_an_unknown_ttl_in_a_log_is_named_not_dropped() {
    // Line 1: Haiku 4.5, 1M 5m writes × $1.25 = $1.25. Line 2 writes to a TTL burnrate has no
    // price for: its tokens would be lost if the field were ignored, so the line is named, left
    // out, and the exit code is 1.
    let text = "{\"timestamp\":\"2026-11-20T12:00:00Z\",\"model\":\"claude-haiku-4-5\",\"usage\":{\"input_tokens\":0,\"output_tokens\":0,\"cache_creation\":{\"ephemeral_5m_input_tokens\":1000000},\"service_tier\":\"standard\"}}\n\
                {\"timestamp\":\"2026-11-20T12:01:00Z\",\"model\":\"claude-haiku-4-5\",\"usage\":{\"input_tokens\":0,\"output_tokens\":0,\"cache_creation\":{\"ephemeral_24h_input_tokens\":1000000},\"service_tier\":\"standard\"}}\n";
    let p = temp_yaml("usage-unknown-ttl.jsonl", text);
    let run = burnrate(&["usage", p.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["total_usd"], "1.25");
    assert!(
        run.stderr.contains(&format!(
            "warning: {}:2: `usage.cache_creation.ephemeral_24h_input_tokens`: unknown field \
             `ephemeral_24h_input_tokens`, expected `ephemeral_5m_input_tokens` or \
             `ephemeral_1h_input_tokens`; the line is left out of the totals\n",
            p.display()
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn a_usage_report_with_no_records_says_so_rather_than_a_bare_zero() {
    let p = temp_yaml(
        "usage-empty-page.json",
        "{\"data\":[],\"has_more\":false}\n",
    );
    let loaded = burnrate::usage::load(
        &[p],
        jiff::civil::date(2026, 12, 1),
        None,
        &burnrate::usage::LogFields::default(),
    )
    .unwrap();
    let r = burnrate::usage::reprice(
        builtin_table(),
        loaded,
        &burnrate::usage::Options::default(),
        None,
    )
    .unwrap();
    assert_eq!(r.totals.total_usd, rust_decimal::Decimal::ZERO);
    assert!(
        matches!(r.warnings.as_slice(), [burnrate::warning::Warning::NoUsage]),
        "{:?}",
        r.warnings
    );
}
