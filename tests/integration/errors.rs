//! Every kind of bad input: the exact message on stderr and the exit code.

use super::util::{burnrate, temp_yaml};

fn fails(args: &[&str], code: i32, stderr: &str) {
    let run = burnrate(args);
    assert_eq!(run.stdout, "", "no output on error for {args:?}");
    assert_eq!(run.stderr, stderr, "stderr of {args:?}");
    assert_eq!(run.code, code, "exit code of {args:?}");
}

#[test]
fn unknown_model_suggests_the_close_names() {
    fails(
        &["quote", "-m", "claude-sonet-4-6"],
        1,
        "error: unknown model `claude-sonet-4-6`; did you mean one of: `claude-sonnet-4-6`, `claude-sonnet-4-0`, `claude-sonnet-4-5`?\n",
    );
    fails(
        &["quote", "-m", "claude-opus-4.6"],
        1,
        "error: unknown model `claude-opus-4.6`; did you mean `claude-opus-4-6`?\n",
    );
    fails(
        &["quote", "-m", "gpt-4o"],
        1,
        "error: unknown model `gpt-4o`; run `burnrate models` to list the models\n",
    );
}

#[test]
fn a_two_megabyte_model_name_fails_fast_and_is_cut_short() {
    // Too long for a command-line argument (Linux caps one at 128 KiB), but a batch file line
    // can carry it.
    let name = format!("claude-sonnet-4-6{}", "x".repeat(2 * 1024 * 1024 - 17));
    let line = format!(
        "{{\"custom_id\": \"a\", \"params\": {{\"model\": \"{name}\", \"max_tokens\": 1, \
         \"messages\": []}}}}\n"
    );
    let file = temp_yaml("huge-model.jsonl", &line).display().to_string();
    let started = std::time::Instant::now();
    let run = burnrate(&["batch-file", &file]);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(run.code, 1);
    // The name shows its first 80 characters; it is not compared, so nothing is suggested.
    assert_eq!(
        run.stderr,
        format!(
            "warning: {file}:1: unknown model `claude-sonnet-4-6{}…` (a name of 2,097,152 \
             characters); run `burnrate models` to list the models\n\
             warning: 1 of 1 requests could not be priced and are left out of the totals\n",
            "x".repeat(63)
        )
    );
}

#[test]
fn fast_with_batch_is_a_usage_error() {
    fails(
        &["quote", "-m", "opus", "--fast", "--batch"],
        2,
        "error: `--fast` cannot be combined with `--batch`: fast mode is not available through the Message Batches API\n",
    );
}

#[test]
fn fast_on_a_model_without_fast_mode_says_which_have_it() {
    fails(
        &[
            "quote",
            "-m",
            "claude-sonnet-4-6",
            "--fast",
            "--as-of",
            "2026-11-15",
        ],
        1,
        "error: `--fast`: model `claude-sonnet-4-6` has no fast mode; models with fast mode: claude-fable-5-2, claude-opus-5-5, claude-opus-5, claude-opus-4-8\n",
    );
    // After Opus 4.8's fast mode was removed on 2026-11-30, the list no longer has it.
    fails(
        &[
            "quote",
            "-m",
            "claude-sonnet-4-6",
            "--fast",
            "--as-of",
            "2026-12-01",
        ],
        1,
        "error: `--fast`: model `claude-sonnet-4-6` has no fast mode; models with fast mode: claude-fable-5-2, claude-opus-5-5, claude-opus-5\n",
    );
    // Opus 4.7's fast mode existed and was removed: the API returns an error since then.
    fails(
        &[
            "quote",
            "-m",
            "claude-opus-4-7",
            "--fast",
            "--as-of",
            "2026-12-01",
        ],
        1,
        "error: `--fast`: fast mode on `claude-opus-4-7` was removed on 2026-07-24: the API returns an error for `speed: \"fast\"` (prices as of 2026-12-01)\n",
    );
    fails(
        &[
            "quote",
            "-m",
            "claude-opus-5-5",
            "--fast",
            "--platform",
            "bedrock-global",
        ],
        1,
        "error: `--fast`: fast mode for model `claude-opus-5-5` is offered on anthropic only, not on platform `bedrock-global`\n",
    );
}

#[test]
fn us_only_inference_before_4_6_is_refused() {
    fails(
        &[
            "quote",
            "-m",
            "claude-sonnet-4-5",
            "--inference-geo",
            "us",
            "--as-of",
            "2026-11-15",
        ],
        1,
        "error: `--inference-geo us`: model `claude-sonnet-4-5-20250929` is not eligible for US-only inference (no `inference_geo_us_multiplier` in the pricing table; the API rejects `inference_geo` on models before Claude 4.6)\n",
    );
    fails(
        &[
            "quote",
            "-m",
            "sonnet",
            "--inference-geo",
            "us",
            "--platform",
            "vertex-global",
        ],
        1,
        "error: `--inference-geo us`: US-only inference applies to the Claude API only; platform `vertex-global` sets its own regional prices\n",
    );
}

#[test]
fn batch_where_the_table_has_no_batch_price() {
    fails(
        &[
            "quote",
            "-m",
            "haiku",
            "--batch",
            "--platform",
            "bedrock-regional",
        ],
        1,
        "error: `--batch`: the pricing table has no batch prices for platform `bedrock-regional`; set `batch: true` on the platform in a `--pricing` file to price it\n",
    );
    fails(
        &["quote", "-m", "claude-mythos-preview", "--batch"],
        1,
        "error: `--batch`: model `claude-mythos-preview` has no Batch API price in the pricing table (`batch_multiplier` is not set)\n",
    );
}

#[test]
fn cache_advice_names_the_unpublished_cache_price() {
    let w = super::util::temp_yaml(
        "cache-unpublished.yaml",
        "name: w\nperiod: month\ntasks:\n  - name: t\n    model: claude-mythos-preview\n    \
         requests_per_day: 100\n    system_tokens: 5000\n    user_tokens: 10\n    \
         output_tokens: 10\n",
    );
    fails(
        &["cache", w.to_str().unwrap()],
        1,
        "error: task `t`: model `claude-mythos-preview` has no published cache read price (`cache_read_multiplier` is not in the pricing table); burnrate will not guess it\n",
    );
}

#[test]
fn an_unpublished_price_is_never_taken_as_zero() {
    fails(
        &[
            "quote",
            "-m",
            "claude-mythos-preview",
            "--cache-read",
            "1000",
        ],
        1,
        "error: model `claude-mythos-preview` has no published cache read price (`cache_read_multiplier` is not in the pricing table); burnrate will not guess it\n",
    );
}

#[test]
fn requests_the_api_would_reject_are_refused() {
    fails(
        &[
            "quote",
            "-m",
            "claude-haiku-4-5",
            "--input",
            "150000",
            "--output",
            "60000",
        ],
        1,
        "error: 210,000 prompt + output tokens per request exceed claude-haiku-4-5-20251001's 200,000-token context window; the API would reject the request\n",
    );
    fails(
        &["quote", "-m", "claude-haiku-4-5", "--output", "64001"],
        1,
        "error: 64,001 output tokens per request exceed claude-haiku-4-5-20251001's maximum of 64,000\n",
    );
    // The Batch API allows up to 300K output on the 1M-context models.
    assert_eq!(
        burnrate(&["quote", "-m", "sonnet", "--output", "300000", "--batch"]).code,
        0
    );
    fails(
        &["quote", "-m", "sonnet", "--output", "300000"],
        1,
        "error: 300,000 output tokens per request exceed claude-sonnet-5-5's maximum of 128,000\n",
    );
}

#[test]
fn unknown_platform_lists_the_known_ones() {
    fails(
        &["quote", "-m", "haiku", "--platform", "azure"],
        1,
        "error: unknown platform `azure`; the pricing table defines: anthropic, bedrock-global, bedrock-regional, vertex-global, vertex-regional\n",
    );
}

#[test]
fn clap_usage_errors_exit_2() {
    let run = burnrate(&["quote", "-m", "haiku", "--input", "-5"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    let run = burnrate(&["quote"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--model <MODEL>"), "{}", run.stderr);
    let run = burnrate(&["quote", "-m", "haiku", "--inference-geo", "eu"]);
    assert_eq!(run.code, 2);
}

#[test]
fn overflow_is_an_error_not_a_panic() {
    fails(
        &[
            "quote",
            "-m",
            "claude-haiku-5-5",
            "--web-searches",
            "18446744073709551615",
            "--requests",
            "18446744073709551615",
        ],
        1,
        "error: arithmetic overflow while computing the web search cost: the amounts are too large to price exactly\n",
    );
}

#[test]
fn missing_pricing_file() {
    let run = burnrate(&["--pricing", "/nonexistent/p.yaml", "models"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: cannot read `/nonexistent/p.yaml`: No such file or directory (os error 2)\n"
    );
}

#[test]
fn yaml_syntax_error_names_file_line_and_column() {
    let path = temp_yaml(
        "syntax.yaml",
        "schema_version: 1\nprovider: x\ncurrency: USD\nmodels:\n  - id: a\n    name: b: c\n",
    );
    let p = path.display().to_string();
    fails(
        &["--pricing", &p, "models"],
        1,
        &format!("error: {p}:6:12: mapping values are not allowed in this context\n"),
    );
}

#[test]
fn misspelt_field_is_an_error_not_a_missing_price() {
    let path = temp_yaml(
        "misspelt.yaml",
        "schema_version: 1\nprovider: x\ncurrency: USD\nmodels:\n  - id: my-model\n    name: Mine\n    family: mine\n    status: current\n    input_usd_per_mtok: 1\n    ouput_usd_per_mtok: 5\n",
    );
    let p = path.display().to_string();
    let run = burnrate(&["--pricing", &p, "models"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(&format!(
            "error: {p}:10:5: models[0].ouput_usd_per_mtok: unknown field `ouput_usd_per_mtok`, expected one of `id`, `aliases`"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn negative_price_and_bad_date_are_located() {
    let model = |price: &str, checked: &str| {
        format!(
            "schema_version: 1\nprovider: x\ncurrency: USD\nmodels:\n  - id: m\n    name: M\n    family: m\n    status: current\n    input_usd_per_mtok: {price}\n    output_usd_per_mtok: 5\n    regional_premium: false\n    context_window_tokens: 1000\n    tokenizer: claude-3\n    source: me\n    checked: {checked}\n"
        )
    };
    let p = temp_yaml("negative.yaml", &model("-1", "2026-10-07"))
        .display()
        .to_string();
    fails(
        &["--pricing", &p, "models"],
        1,
        &format!(
            "error: {p}:9:25: models[0].input_usd_per_mtok: a price must be zero or more, found -1\n"
        ),
    );
    let p = temp_yaml("date.yaml", &model("1", "10/07/2026"))
        .display()
        .to_string();
    fails(
        &["--pricing", &p, "models"],
        1,
        &format!(
            "error: {p}:15:14: models[0].checked: expected a date as YYYY-MM-DD, found `10/07/2026`\n"
        ),
    );
    // The right shape is not enough: the day must exist (2026 is not a leap year, 2028 is).
    let p = temp_yaml("feb29.yaml", &model("1", "2026-02-29"))
        .display()
        .to_string();
    fails(
        &["--pricing", &p, "models"],
        1,
        &format!(
            "error: {p}:15:14: models[0].checked: expected a date that exists, YYYY-MM-DD: `2026-02-29` is not in the calendar (February 2026 has 28 days)\n"
        ),
    );
    let p = temp_yaml("leap.yaml", &model("1", "2028-02-29"))
        .display()
        .to_string();
    assert_eq!(burnrate(&["--pricing", &p, "models"]).code, 0);
}

#[test]
fn duplicate_model_in_one_file_is_located() {
    let entry = "  - id: dup\n    name: D\n    family: d\n    status: current\n    input_usd_per_mtok: 1\n    output_usd_per_mtok: 5\n    regional_premium: false\n    context_window_tokens: 1000\n    tokenizer: claude-3\n    source: me\n    checked: 2026-10-07\n";
    let text = format!("schema_version: 1\nprovider: x\ncurrency: USD\nmodels:\n{entry}{entry}");
    let p = temp_yaml("dup.yaml", &text).display().to_string();
    fails(
        &["--pricing", &p, "models"],
        1,
        &format!("error: {p}:16:9: model `dup` is defined twice in this file\n"),
    );
}

#[test]
fn alias_clash_across_files_names_both() {
    let text = "schema_version: 1\nprovider: x\ncurrency: USD\nmodels:\n  - id: my-haiku\n    aliases: [claude-haiku-4-5]\n    name: D\n    family: d\n    status: current\n    input_usd_per_mtok: 1\n    output_usd_per_mtok: 5\n    regional_premium: false\n    context_window_tokens: 1000\n    tokenizer: claude-3\n    source: me\n    checked: 2026-10-07\n";
    let p = temp_yaml("clash.yaml", text).display().to_string();
    fails(
        &["--pricing", &p, "models"],
        1,
        &format!(
            "error: {p}:6:15: model `my-haiku`: the name `claude-haiku-4-5` is already used by model `claude-haiku-4-5-20251001` (from <builtin>/pricing/anthropic.yaml:874:15)\n"
        ),
    );
}

#[test]
fn wrong_currency_or_schema_version() {
    let p = temp_yaml(
        "eur.yaml",
        "schema_version: 1\nprovider: x\ncurrency: EUR\n",
    )
    .display()
    .to_string();
    fails(
        &["--pricing", &p, "models"],
        1,
        &format!("error: {p}:3:11: `currency` is `EUR`, but burnrate prices in `USD` only\n"),
    );
    let p = temp_yaml("v2.yaml", "schema_version: 2\nprovider: x\ncurrency: USD\n")
        .display()
        .to_string();
    fails(
        &["--pricing", &p, "models"],
        1,
        &format!("error: {p}:1:17: `schema_version` is 2, but this burnrate reads version 1\n"),
    );
}

#[test]
fn no_default_pricing_needs_a_file() {
    fails(
        &["--no-default-pricing", "models"],
        2,
        "error: no pricing files: `--no-default-pricing` needs at least one `--pricing FILE`\n",
    );
}

#[test]
fn empty_pricing_file_says_so() {
    let p = temp_yaml("empty-pricing.yaml", "\n# nothing yet\n")
        .display()
        .to_string();
    fails(
        &["--pricing", &p, "models"],
        1,
        &format!(
            "error: {p}: the pricing file is empty; it needs `schema_version`, `provider` and `currency`\n"
        ),
    );
}

#[test]
fn missing_field_points_at_the_entry_and_tab_at_the_tab() {
    let p = temp_yaml(
        "noid.yaml",
        "schema_version: 1\nprovider: x\ncurrency: USD\nmodels:\n  - name: b\n",
    )
    .display()
    .to_string();
    fails(
        &["--pricing", &p, "models"],
        1,
        &format!("error: {p}:5:5: models[0]: missing field `id`\n"),
    );
    let p = temp_yaml(
        "tab-pricing.yaml",
        "schema_version: 1\nprovider: x\ncurrency: USD\nmodels:\n  - id: a\n  \t name: b\n",
    )
    .display()
    .to_string();
    fails(
        &["--pricing", &p, "models"],
        1,
        &format!("error: {p}:6:3: a tab is not allowed for indentation; indent with spaces\n"),
    );
}

#[test]
fn same_counts_as_must_name_a_tokenizer_that_follows_none() {
    let path = temp_yaml(
        "same-counts.yaml",
        "schema_version: 1\nprovider: x\ncurrency: USD\ntokenizers:\n  - id: t-a\n    description: a\n    source: s\n    same_counts_as: claude-4.8\n",
    );
    let p = path.display().to_string();
    fails(
        &["--pricing", &p, "models"],
        1,
        &format!(
            "error: {p}:8:21: tokenizer `t-a`: `same_counts_as` names `claude-4.8`, which itself has `same_counts_as`; name the tokenizer it follows\n"
        ),
    );
}

#[test]
fn a_tokenizer_defined_twice_in_one_file_is_an_error_like_a_model() {
    // Issue 14 #12: the second entry silently won.
    let path = temp_yaml(
        "twice-tokenizer.yaml",
        "schema_version: 1\nprovider: x\ncurrency: USD\ntokenizers:\n  - id: t\n    description: a\n    source: s\n  - id: t\n    description: b\n    source: s\n",
    );
    let p = path.display().to_string();
    fails(
        &["--pricing", &p, "models"],
        1,
        &format!("error: {p}:8:9: tokenizer `t` is defined twice in this file\n"),
    );
}

#[test]
fn a_zero_rate_is_a_warning_and_a_cost_too_small_to_carry_an_error() {
    // Issue 14 #9: a price of 0 printed $0.00 in silence; 1e-28 per MTok made a total of "0".
    let model = |output: &str| {
        format!(
            "schema_version: 1\nprovider: anthropic\ncurrency: USD\nmodels:\n  - id: zero-model\n    name: Z\n    family: z\n    status: current\n    input_usd_per_mtok: 0\n    output_usd_per_mtok: {output}\n    context_window_tokens: 100000\n    regional_premium: false\n    tokenizer: claude-3\n    source: t\n    checked: 2026-12-01\n"
        )
    };
    let p = temp_yaml("zero-rate.yaml", &model("1"))
        .display()
        .to_string();
    let run = burnrate(&[
        "--pricing",
        &p,
        "quote",
        "-m",
        "zero-model",
        "--input",
        "1000",
        "--output",
        "1000",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: zero-model: the input rate is $0 in the pricing table, so those tokens cost nothing here; check the override if that is not meant\n"
    );
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["warnings"][0]["kind"], "zero_rate");
    // 1,000 output tokens × $1/MTok = $0.001.
    assert_eq!(doc["total_usd"], "0.001");
    // The same for a task of observed day totals (priced by `quote_totals`, which skipped the
    // check): 1,000 input at $0 and 1,000 output at $1/MTok over one day = $0.001.
    let w = temp_yaml(
        "zero-rate-day.yaml",
        "name: w\nperiod: day\ntasks:\n  - name: t\n    model: zero-model\n    tokens_per_day: { input: 1000, output: 1000 }\n",
    )
    .display()
    .to_string();
    let run = burnrate(&["--pricing", &p, "estimate", &w, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["total_usd"], "0.001");
    assert!(
        run.stderr
            .contains("warning: zero-model: the input rate is $0 in the pricing table"),
        "{}",
        run.stderr
    );
    // 1,000 × 1e-28 / 1,000,000 = 1e-31: below what a decimal carries.
    let p = temp_yaml("tiny-rate.yaml", &model("0.0000000000000000000000000001"))
        .display()
        .to_string();
    let run = burnrate(&[
        "--pricing",
        &p,
        "quote",
        "-m",
        "zero-model",
        "--input",
        "1000",
        "--output",
        "1000",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.ends_with(
            "error: the output cost is positive but smaller than $0.0000000000000000000000000001, the smallest amount burnrate carries exactly; check the price\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_quote_of_no_tokens_is_a_usage_error_not_a_silent_zero() {
    fails(
        &["quote", "-m", "sonnet", "--requests", "1000"],
        2,
        "error: nothing to price: give at least one of `--input`, `--output`, `--cache-write-5m`, `--cache-write-1h`, `--cache-read` or `--web-searches` (`burnrate models MODEL` shows the model's rates)\n",
    );
}
