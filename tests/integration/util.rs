//! Runs the real binary with a clean environment so no user pricing file leaks in.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of burnrate produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `burnrate ARGS` with `BURNRATE_PRICING` unset.
pub fn burnrate(args: &[&str]) -> Run {
    burnrate_env(args, None)
}

/// Runs `burnrate ARGS` with `BURNRATE_PRICING` set to `pricing_env` (or unset).
pub fn burnrate_env(args: &[&str], pricing_env: Option<&str>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_burnrate"));
    cmd.args(args).env_remove("BURNRATE_PRICING");
    if let Some(v) = pricing_env {
        cmd.env("BURNRATE_PRICING", v);
    }
    let out = cmd.output().expect("burnrate runs");
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

/// Runs a quote with `--format json` and returns the parsed document; panics on failure.
pub fn quote_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["quote"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = burnrate(&all);
    assert_eq!(run.code, 0, "burnrate {all:?} failed: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("valid JSON")
}

/// `total_usd` of a quote.
pub fn total(args: &[&str]) -> String {
    quote_json(args)["total_usd"]
        .as_str()
        .expect("total_usd is a string")
        .to_string()
}

/// `cost_usd` of each line, keyed by item, in order.
pub fn line_costs(args: &[&str]) -> Vec<(String, String)> {
    quote_json(args)["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            (
                l["item"].as_str().unwrap().to_string(),
                l["cost_usd"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Path of a file under `tests/fixtures/`.
pub fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// Writes `text` to a fresh temporary file and returns its path.
pub fn temp_yaml(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("burnrate-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The embedded pricing table, loaded once per test binary, for in-process tests.
pub fn builtin_table() -> &'static burnrate::pricing::PricingTable {
    static TABLE: std::sync::OnceLock<burnrate::pricing::PricingTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| burnrate::pricing::PricingTable::builtin().unwrap())
}
