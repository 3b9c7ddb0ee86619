//! Runs burnrate in-process through `burnrate::cli::run`, with an environment of its own so no
//! user pricing file leaks in. `process.rs` keeps the few tests that start the real binary.

use std::path::{Path, PathBuf};

use burnrate::cli::Env;

/// What one run of burnrate produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `burnrate ARGS` with no `BURNRATE_PRICING`, empty stdin and stdout a pipe.
pub fn burnrate(args: &[&str]) -> Run {
    burnrate_env(args, None)
}

/// Runs `burnrate ARGS` with `BURNRATE_PRICING` set to `pricing_env` (or unset).
pub fn burnrate_env(args: &[&str], pricing_env: Option<&str>) -> Run {
    let env = Env {
        pricing: pricing_env.map(Into::into),
        ..Env::default()
    };
    run_with(args, &env, b"")
}

/// Runs `burnrate ARGS` with `stdin` as standard input.
pub fn burnrate_stdin(args: &[&str], stdin: &[u8]) -> Run {
    run_with(args, &Env::default(), stdin)
}

/// Runs `burnrate ARGS` in `env` with `stdin` as standard input.
pub fn run_with(args: &[&str], env: &Env, mut stdin: &[u8]) -> Run {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let argv = std::iter::once("burnrate").chain(args.iter().copied());
    let code = burnrate::cli::run(argv, env, &mut stdin, &mut out, &mut err);
    Run {
        code: i32::from(code),
        stdout: String::from_utf8(out).expect("utf-8 stdout"),
        stderr: String::from_utf8(err).expect("utf-8 stderr"),
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
