//! `burnrate migrate`: amounts by hand, and the invariants of a migration.

use std::sync::OnceLock;

use burnrate::pricing::PricingTable;
use burnrate::workload::{self, Changes};
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::util::{burnrate, temp_yaml};

fn migrate_json(path: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["migrate", path];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = burnrate(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn a_migration_across_tokenizers_has_a_range() {
    // Haiku 4.5 → Haiku 5.5, 1,000 requests of 1,000 input and 100 output (counts on the
    // claude-3 tokenizer, ×1.30 typical, 1.0 low, 1.35 high on claude-4.7).
    // Before: 1,000 × (1,000 × $1 + 100 × $5) / 1M = $1.50.
    // After: typical 1,000 × (1,300 × $0.10 + 130 × $0.50) / 1M = $0.195; low $0.15; high
    // (1,350 × 0.10 + 135 × 0.50) = $0.2025. Delta −$1.305 (low −$1.35, high −$1.2975).
    let p = temp_yaml(
        "mig1.yaml",
        "name: m\nperiod: day\ntasks:\n  - name: t\n    model: claude-haiku-4-5\n    requests_per_day: 1000\n    system_tokens: 0\n    user_tokens: 1000\n    output_tokens: 100\n",
    )
    .display()
    .to_string();
    let doc = migrate_json(&p, &["--to-model", "claude-haiku-5-5"]);
    assert_eq!(doc["before"]["total_usd"], "1.5");
    assert_eq!(doc["after"]["total_usd"], "0.195");
    assert_eq!(doc["delta"]["total_usd"], "-1.305");
    assert_eq!(doc["delta"]["share"], "-0.87");
    assert_eq!(doc["delta"]["range"]["low"], "-1.35");
    assert_eq!(doc["delta"]["range"]["high"], "-1.2975");
}

#[test]
fn a_prefix_that_falls_below_the_new_cache_minimum() {
    // Opus 5.5 (minimum 512) → Sonnet 5 (minimum 1,024), same tokenizer. An 800-token prefix
    // with every request a hit: before 1,000 × 800 × $0.20 (read) / 1M = $0.16; after it is
    // plain input: 1,000 × 800 × $2 / 1M = $1.60.
    let p = temp_yaml(
        "mig2.yaml",
        "name: m\nperiod: day\ntasks:\n  - name: t\n    model: claude-opus-5-5\n    requests_per_day: 1000\n    system_tokens: 800\n    user_tokens: 0\n    output_tokens: 0\n    cache: { ttl: 5m, hit_rate: 1 }\n",
    )
    .display()
    .to_string();
    let doc = migrate_json(&p, &["--to-model", "claude-sonnet-5"]);
    assert_eq!(doc["before"]["total_usd"], "0.16");
    assert_eq!(doc["after"]["total_usd"], "1.6");
    assert_eq!(doc["delta"]["total_usd"], "1.44");
    assert_eq!(
        doc["notes"][0]["message"],
        "task `t`: the 800-token prefix falls below claude-sonnet-5's cache minimum of 1,024 tokens: it is no longer cached"
    );
    // Not cached after the switch: there is no cold cache to fill.
    assert_eq!(doc["delta"]["first_day_cache_usd"], "0");
}

#[test]
fn the_cache_starts_cold_after_a_switch() {
    // Round-the-clock traffic keeps the cache warm, so a switch re-writes each prefix once:
    // Sonnet 4.6 → Opus 4.6 (same tokenizer), 2 prefix variants of 10,000 tokens, 5m TTL:
    // 2 × 10,000 × ($6.25 write − $0.50 read) / 1M = $0.115.
    let p = temp_yaml(
        "mig3.yaml",
        "name: m\nperiod: day\ntasks:\n  - name: t\n    model: claude-sonnet-4-6\n    requests_per_day: 100000\n    system_tokens: 10000\n    user_tokens: 0\n    output_tokens: 0\n    cache: { ttl: 5m, prefix_variants: 2 }\n",
    )
    .display()
    .to_string();
    let doc = migrate_json(&p, &["--to-model", "claude-opus-4-6"]);
    assert_eq!(doc["delta"]["first_day_cache_usd"], "0.115");
    let run = burnrate(&["migrate", &p, "--to-model", "claude-opus-4-6"]);
    assert!(
        run.stdout.contains("one-off: $0.12 on the first day"),
        "{}",
        run.stdout
    );
}

#[test]
fn fail_over_budget_judges_the_after_side() {
    // $1.50 a day before; moving to Sonnet 4.6: 1,000 × (1,000 × $3 + 100 × $15) / 1M = $4.50
    // against a $2 budget.
    let p = temp_yaml(
        "mig5.yaml",
        "name: m\nperiod: day\nbudget_usd: 2\ntasks:\n  - name: t\n    model: claude-haiku-4-5\n    requests_per_day: 1000\n    system_tokens: 0\n    user_tokens: 1000\n    output_tokens: 100\n",
    )
    .display()
    .to_string();
    let run = burnrate(&[
        "migrate",
        &p,
        "--to-model",
        "claude-sonnet-4-6",
        "--fail-over-budget",
    ]);
    assert_eq!(run.code, 3);
    assert_eq!(
        run.stderr,
        "warning: after the change, the estimate of $4.50 exceeds the budget of $2.00\n"
    );
    // The average rates paid: input $1 → $3, output $5 → $15 per MTok.
    assert!(
        run.stdout.contains(
            "│ input  │     1,000,000 │    1,000,000 │     0% │              $1 │             $3 │"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "│ output │       100,000 │      100,000 │     0% │              $5 │            $15 │"
        ),
        "{}",
        run.stdout
    );
    let run = burnrate(&[
        "migrate",
        &p,
        "--to-model",
        "claude-haiku-5-5",
        "--fail-over-budget",
    ]);
    assert_eq!(run.code, 0);
}

#[test]
fn usage_errors() {
    let p = temp_yaml(
        "mig4.yaml",
        "name: m\nperiod: day\ntasks:\n  - name: t\n    model: haiku\n    requests_per_day: 1\n    system_tokens: 0\n    user_tokens: 1\n    output_tokens: 0\n",
    )
    .display()
    .to_string();
    let run = burnrate(&["migrate", &p]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: nothing to migrate: give at least one of `--to-model`, `--batch-share`, `--cache-ttl`, `--speed` or `--inference-geo`\n"
    );
    let run = burnrate(&["migrate", &p, "--batch-share", "1", "--task", "x"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: `--task x`: the workload has no such task; its tasks are: `t`\n"
    );
}

fn table() -> &'static PricingTable {
    static TABLE: OnceLock<PricingTable> = OnceLock::new();
    TABLE.get_or_init(|| PricingTable::builtin().unwrap())
}

fn workload_text(
    model: &str,
    per_day: u32,
    system: u32,
    user: u32,
    output: u32,
    batch: &str,
) -> String {
    format!(
        "name: p\nperiod: month\ntasks:\n  - name: t\n    model: {model}\n    tokens_measured_on: claude-haiku-4-5\n    requests_per_day: {per_day}\n    system_tokens: {system}\n    user_tokens: {user}\n    output_tokens: {output}\n    batch_share: {batch}\n    cache: {{ ttl: 5m }}\n"
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_change_is_a_zero_delta(per_day in 1u32..100_000, system in 0u32..50_000, user in 0u32..20_000, output in 0u32..3_000) {
        let text = workload_text("claude-sonnet-4-6", per_day, system, user, output, "0.5");
        let w = workload::load::parse("p.yaml", &text, table()).unwrap();
        let m = workload::migrate(table(), &w, &Changes::default()).unwrap();
        prop_assert_eq!(m.delta.total, Decimal::ZERO);
    }

    #[test]
    fn the_after_side_equals_an_estimate_of_the_edited_workload(
        to in prop::sample::select(vec!["claude-haiku-5-5", "claude-sonnet-5-5", "claude-opus-5-5", "claude-haiku-4-5-20251001"]),
        per_day in 1u32..100_000, system in 0u32..50_000, user in 0u32..20_000, output in 0u32..3_000,
    ) {
        let text = workload_text("claude-sonnet-4-6", per_day, system, user, output, "0.5");
        let w = workload::load::parse("p.yaml", &text, table()).unwrap();
        let changes = Changes { to_model: Some(to.to_string()), ..Changes::default() };
        let m = workload::migrate(table(), &w, &changes).unwrap();
        // The same workload written with the new model (counts still measured on Haiku 4.5).
        let edited = workload::load::parse("e.yaml", &workload_text(to, per_day, system, user, output, "0.5"), table()).unwrap();
        prop_assert_eq!(m.after.total, workload::estimate(table(), &edited).unwrap().total);
    }
}

/// Issue 13 trap 9: the header names every changed setting with its value before, not only the
/// model.
#[test]
fn the_header_names_every_changed_setting() {
    let p = temp_yaml(
        "mig-header.yaml",
        "name: m\nperiod: day\ntasks:\n  - name: a\n    model: claude-haiku-4-5\n    requests_per_day: 10\n    system_tokens: 5000\n    user_tokens: 100\n    output_tokens: 10\n    cache: { ttl: 5m }\n  - name: b\n    model: claude-sonnet-4-6\n    requests_per_day: 10\n    system_tokens: 0\n    user_tokens: 100\n    output_tokens: 10\n    batch_share: 25%\n",
    )
    .display()
    .to_string();
    let run = burnrate(&[
        "migrate",
        &p,
        "--to-model",
        "claude-opus-4-6",
        "--batch-share",
        "50%",
        "--cache-ttl",
        "1h",
        "--inference-geo",
        "us",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let header = run.stdout.lines().nth(1).unwrap();
    assert_eq!(
        header,
        "changes (every task): model claude-haiku-4-5-20251001 / claude-sonnet-4-6 → \
         claude-opus-4-6; batch share 0% / 25% → 50%; cache TTL 5m / no cache → 1h; inference \
         geo global → us"
    );
    let run = burnrate(&["migrate", &p, "--task", "b", "--speed", "standard"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().nth(1).unwrap(),
        "changes (task `b`): speed standard → standard"
    );
}
