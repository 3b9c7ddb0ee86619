//! Pricing files layered over the embedded table: later files win by model id.

use super::util::{burnrate, burnrate_env, fixture};

fn total_of(run: &super::util::Run) -> String {
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    doc["total_usd"].as_str().unwrap().to_string()
}

const SONNET_1M: [&str; 10] = [
    "quote",
    "-m",
    "claude-sonnet-4-6",
    "--input",
    "1000000",
    "--output",
    "0",
    "--format",
    "json",
    "--batch",
];

#[test]
fn override_replaces_a_model_price() {
    let over = fixture("pricing/override.yaml");
    // Negotiated $2.40 input, batch 0.5 → 1M tokens = $1.20 (embedded: $1.50).
    assert_eq!(total_of(&burnrate(&SONNET_1M)), "1.5");
    let mut args = vec!["--pricing", over.as_str()];
    args.extend(SONNET_1M);
    assert_eq!(total_of(&burnrate(&args)), "1.2");
}

#[test]
fn later_files_win_and_env_files_come_first() {
    let over = fixture("pricing/override.yaml");
    let later = fixture("pricing/later.yaml");
    // later.yaml has no batch multiplier: the replaced entry is whole, so batch is refused.
    let mut args = vec!["--pricing", over.as_str(), "--pricing", later.as_str()];
    args.extend(SONNET_1M);
    let run = burnrate(&args);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: `--batch`: model `claude-sonnet-4-6` has no Batch API price in the pricing table (`batch_multiplier` is not set)\n"
    );
    // Real-time at $2 from later.yaml; via the environment variable then the flag.
    let realtime = [
        "quote",
        "-m",
        "claude-sonnet-4-6",
        "--input",
        "1000000",
        "--format",
        "json",
    ];
    let mut args = vec!["--pricing", later.as_str()];
    args.extend(realtime);
    assert_eq!(total_of(&burnrate_env(&args, Some(&over))), "2");
    // And the environment file alone.
    assert_eq!(total_of(&burnrate_env(&realtime, Some(&over))), "2.4");
}

#[test]
fn a_new_model_is_priced_and_takes_over_its_family_alias() {
    let over = fixture("pricing/override.yaml");
    let run = burnrate(&[
        "--pricing",
        &over,
        "quote",
        "-m",
        "haiku",
        "--input",
        "1000000",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["model"], "claude-haiku-6");
    assert_eq!(doc["total_usd"], "0.08");
    let detail = burnrate(&["--pricing", &over, "models", "claude-sonnet-4-6"]);
    assert!(
        detail
            .stdout
            .contains(&format!("checked: 2026-11-01; from {over}"))
    );
}

#[test]
fn standalone_table_without_the_embedded_one() {
    let table = fixture("pricing/standalone.yaml");
    let run = burnrate(&[
        "--no-default-pricing",
        "--pricing",
        &table,
        "quote",
        "-m",
        "tiny",
        "--input",
        "1000",
        "--output",
        "1000",
        "--platform",
        "direct",
        "--format",
        "json",
    ]);
    // 1,000 × $1 + 1,000 × $2 per MTok = $0.003.
    assert_eq!(total_of(&run), "0.003");
    let run = burnrate(&[
        "--no-default-pricing",
        "--pricing",
        &table,
        "quote",
        "-m",
        "haiku",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: unknown model `haiku`; run `burnrate models` to list the models\n"
    );
}
