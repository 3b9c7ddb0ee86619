//! Golden amounts. Each expected figure is worked out by hand in the comment above it from the
//! published prices (fact sheet §2–§10), not by calling the engine: tokens × $/MTok ÷ 1,000,000.

use super::util::{line_costs, total};

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
        .collect()
}

#[test]
fn sonnet_4_6_real_time() {
    // 10,000 × 500 = 5M input × $3 = $15; 10,000 × 200 = 2M output × $15 = $30.
    let args = [
        "-m",
        "claude-sonnet-4-6",
        "--input",
        "500",
        "--output",
        "200",
        "--requests",
        "10000",
    ];
    assert_eq!(
        line_costs(&args),
        pairs(&[("input", "15"), ("output", "30")])
    );
    assert_eq!(total(&args), "45");
}

#[test]
fn sonnet_4_6_batch_is_half() {
    // Same traffic through the Batch API: $1.50 and $7.50 per MTok → $7.50 + $15.
    assert_eq!(
        total(&[
            "-m",
            "claude-sonnet-4-6",
            "--input",
            "500",
            "--output",
            "200",
            "--requests",
            "10000",
            "--batch"
        ]),
        "22.5"
    );
}

#[test]
fn opus_5_5_cache_read_and_1h_write() {
    // input 300 × $4 = $0.0012; 1h write 4,000 × $8 = $0.032; read 120,000 × $0.20 = $0.024;
    // output 800 × $20 = $0.016. Total $0.0732.
    let args = [
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
    ];
    assert_eq!(
        line_costs(&args),
        pairs(&[
            ("input", "0.0012"),
            ("cache_write_1h", "0.032"),
            ("cache_read", "0.024"),
            ("output", "0.016"),
        ])
    );
    assert_eq!(total(&args), "0.0732");
}

#[test]
fn cache_write_5m_is_1_25x_input() {
    // 100 × 10,000 = 1M tokens × $3.75 (1.25 × $3).
    assert_eq!(
        total(&[
            "-m",
            "claude-sonnet-4-6",
            "--cache-write-5m",
            "10000",
            "--requests",
            "100"
        ]),
        "3.75"
    );
}

#[test]
fn cache_write_1h_is_2x_input() {
    // 1M tokens × $6 (2 × $3).
    assert_eq!(
        total(&[
            "-m",
            "claude-sonnet-4-6",
            "--cache-write-1h",
            "10000",
            "--requests",
            "100"
        ]),
        "6"
    );
}

#[test]
fn cache_read_multipliers_per_model() {
    // 1M read tokens: Sonnet 4.6 at 0.1 × $3 = $0.30; Sonnet 5.5 at 0.05 × $2 = $0.10;
    // Fable 5.1 at 0.025 × $10 = $0.25.
    let read = |m| total(&["-m", m, "--cache-read", "100000", "--requests", "10"]);
    assert_eq!(read("claude-sonnet-4-6"), "0.3");
    assert_eq!(read("claude-sonnet-5-5"), "0.1");
    assert_eq!(read("claude-fable-5-1"), "0.25");
}

#[test]
fn haiku_5_5_tier_boundary_on_uncached_input() {
    // Exactly 100,000 prompt tokens stays in the lower tier: 100,000 × $0.10 = $0.01 and
    // 1,000 output × $0.50 = $0.0005.
    assert_eq!(
        total(&[
            "-m",
            "claude-haiku-5-5",
            "--input",
            "100000",
            "--output",
            "1000"
        ]),
        "0.0105"
    );
    // One token over: the whole request at $0.50 / $2.50: 100,001 × 0.5 = $0.0500005 and
    // 1,000 × 2.5 = $0.0025.
    assert_eq!(
        total(&[
            "-m",
            "claude-haiku-5-5",
            "--input",
            "100001",
            "--output",
            "1000"
        ]),
        "0.0525005"
    );
}

#[test]
fn haiku_5_5_tier_counts_cache_reads() {
    // Prompt 1,000 + 99,000 = 100,000: lower tier. 1,000 × $0.10 = $0.0001;
    // 99,000 × $0.01 = $0.00099.
    assert_eq!(
        total(&[
            "-m",
            "claude-haiku-5-5",
            "--input",
            "1000",
            "--cache-read",
            "99000"
        ]),
        "0.00109"
    );
    // Prompt 100,001: higher tier. 1,000 × $0.50 = $0.0005; 99,001 × $0.05 = $0.00495005.
    assert_eq!(
        total(&[
            "-m",
            "claude-haiku-5-5",
            "--input",
            "1000",
            "--cache-read",
            "99001"
        ]),
        "0.00545005"
    );
}

#[test]
fn haiku_5_5_upper_tier_1h_write() {
    // 200,000-token 1h write alone is a >100K prompt: 2 × $0.50 = $1.00/MTok → $0.20.
    assert_eq!(
        total(&["-m", "claude-haiku-5-5", "--cache-write-1h", "200000"]),
        "0.2"
    );
}

#[test]
fn sonnet_4_5_historic_200k_tier() {
    // Priced on a day it was served (it retired on 2026-11-30).
    // 200,000 input × $3 = $0.60; 100 output × $15 = $0.0015.
    assert_eq!(
        total(&[
            "-m",
            "claude-sonnet-4-5",
            "--input",
            "200000",
            "--output",
            "100",
            "--as-of",
            "2026-11-15"
        ]),
        "0.6015"
    );
    // 200,001 input × $6 = $1.200006; 100 output × $22.50 = $0.00225.
    assert_eq!(
        total(&[
            "-m",
            "claude-sonnet-4-5",
            "--input",
            "200001",
            "--output",
            "100",
            "--as-of",
            "2026-11-15"
        ]),
        "1.202256"
    );
}

#[test]
fn us_only_inference_is_1_1x_every_class() {
    // 1M input × $3.30 + 1M output × $16.50 + 1M read × $0.33.
    assert_eq!(
        total(&[
            "-m",
            "claude-sonnet-4-6",
            "--input",
            "100000",
            "--output",
            "100000",
            "--cache-read",
            "100000",
            "--requests",
            "10",
            "--inference-geo",
            "us"
        ]),
        "20.13"
    );
}

#[test]
fn fast_mode_prices_and_stacking() {
    // Opus 5.5 fast: input $8, read 0.05 × $8 = $0.40, output $40; 1M of each = $48.40.
    let fast = [
        "-m",
        "claude-opus-5-5",
        "--fast",
        "--input",
        "100000",
        "--cache-read",
        "100000",
        "--output",
        "100000",
        "--requests",
        "10",
    ];
    assert_eq!(total(&fast), "48.4");
    // With US-only inference on top: × 1.1 = $53.24.
    let mut fast_us = fast.to_vec();
    fast_us.extend(["--inference-geo", "us"]);
    assert_eq!(total(&fast_us), "53.24");
}

#[test]
fn web_search_is_a_flat_fee_never_discounted() {
    // 3 searches × 1,000 requests = 3,000 × $10 / 1,000 = $30, batch or not.
    let args = [
        "-m",
        "claude-haiku-4-5",
        "--web-searches",
        "3",
        "--requests",
        "1000",
    ];
    assert_eq!(total(&args), "30");
    let mut batch = args.to_vec();
    batch.push("--batch");
    assert_eq!(total(&batch), "30");
}

#[test]
fn haiku_3_uses_its_printed_cache_prices() {
    // 5m write $0.30 (not 1.25 × $0.25 = $0.3125), 1h write $0.50, read $0.03 (not $0.025).
    // 2 requests × 50,000 = 100,000 tokens of each: $0.03 + $0.05 + $0.003 = $0.083.
    let args = [
        "-m",
        "claude-3-haiku-20240307",
        "--cache-write-5m",
        "50000",
        "--cache-write-1h",
        "50000",
        "--cache-read",
        "50000",
        "--requests",
        "2",
        // A day it was served (it retired on 2026-04-20).
        "--as-of",
        "2026-04-01",
    ];
    assert_eq!(
        line_costs(&args),
        pairs(&[
            ("input", "0"),
            ("cache_write_5m", "0.03"),
            ("cache_write_1h", "0.05"),
            ("cache_read", "0.003"),
            ("output", "0"),
        ])
    );
    assert_eq!(total(&args), "0.083");
    // Batch halves the published prices too: $0.0415.
    let mut batch = args.to_vec();
    batch.push("--batch");
    assert_eq!(total(&batch), "0.0415");
}

#[test]
fn batch_1h_write_and_us_only_stack() {
    // Opus 5.5: $4 × 2 (1h write) × 0.5 (batch) × 1.1 (US) = $4.40/MTok; 1M tokens.
    assert_eq!(
        total(&[
            "-m",
            "claude-opus-5-5",
            "--cache-write-1h",
            "500000",
            "--requests",
            "2",
            "--batch",
            "--inference-geo",
            "us"
        ]),
        "4.4"
    );
}

#[test]
fn regional_endpoint_premium_only_where_it_applies() {
    // Haiku 4.5 on a regional endpoint: 1M × $1 × 1.1 = $1.10.
    assert_eq!(
        total(&[
            "-m",
            "claude-haiku-4-5",
            "--input",
            "100000",
            "--requests",
            "10",
            "--platform",
            "bedrock-regional"
        ]),
        "1.1"
    );
    // Opus 4.1 keeps its flat price there: 1M × $15.
    assert_eq!(
        total(&[
            "-m",
            "claude-opus-4-1",
            "--input",
            "100000",
            "--requests",
            "10",
            "--platform",
            "vertex-regional"
        ]),
        "15"
    );
}

#[test]
fn haiku_5_5_batch_in_the_upper_tier() {
    // Prompt 150,000 > 100K, batch: input $0.25, output $1.25 per MTok.
    // 150,000 × 0.25 = $0.0375; 2,000 × 1.25 = $0.0025.
    assert_eq!(
        total(&[
            "-m", "haiku", "--input", "150000", "--output", "2000", "--batch"
        ]),
        "0.04"
    );
}

#[test]
fn regional_premium_applies_to_models_after_4_5() {
    // Mythos Preview is a 2026 model: $25 × 1.1 = $27.50 per MTok on a regional endpoint.
    assert_eq!(
        total(&[
            "-m",
            "claude-mythos-preview",
            "--input",
            "100000",
            "--requests",
            "10",
            "--platform",
            "bedrock-regional"
        ]),
        "27.5"
    );
}
