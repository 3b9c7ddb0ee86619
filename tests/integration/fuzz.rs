//! A fuzz harness that runs on stable Rust (issue 14, "keep it fixed"): one target per parser,
//! each seeded with the repository's examples and fixtures and mutated by proptest (byte flips,
//! truncation, splicing with another seed, duplicated lines, huge numbers, deep nesting).
//!
//! Every case runs burnrate in-process on the mutated file and asserts: no panic; exit code 0,
//! or a non-zero one that says why (an error with a message, the warnings of lines left out,
//! or the reconciliation of exit code 4); at most [`HANG`] of wall time; and, on Linux, a peak
//! resident set at most [`HEAP`] above where the case started (read from `/proc/self`, so the
//! memory check is exact only when the fuzz tests run alone: `--test-threads=1`).
//!
//! The seed of the random generator is fixed, so a run is reproducible. The default of
//! [`DEFAULT_CASES`] cases per target keeps this module around half a minute on two cores in a
//! debug build. A longer run sets `BURNRATE_FUZZ_CASES`:
//!
//! ```text
//! BURNRATE_FUZZ_CASES=20000 cargo test --release --test integration fuzz:: -- --test-threads=1 --nocapture
//! ```
//!
//! Each target prints the cases it ran, the slowest case and the largest memory growth. A
//! failing case is written to `target/fuzz-failures/` so it can be replayed by hand.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

use super::util::burnrate;

/// Cases per target unless `BURNRATE_FUZZ_CASES` says otherwise.
const DEFAULT_CASES: u32 = 128;
/// A case that takes longer is a hang (the bound of issue 14).
const HANG: Duration = Duration::from_secs(5);
/// A case whose resident memory grows more than this is an unbounded read (issue 14).
const HEAP: u64 = 256 << 20;

/// Numbers that have found overflow, rounding and sign bugs before.
const HUGE: &[&str] = &[
    "18446744073709551615",
    "18446744073709551616",
    "79228162514264337593543950335",
    "79228162514264337593543950336",
    "340282366920938463463374607431768211456",
    "1e400",
    "-1",
    "-9223372036854775809",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000001",
    ".nan",
    "NaN",
    "1e-400",
];

/// One change to an input.
#[derive(Debug, Clone)]
enum Mutation {
    /// Sets the byte at a position (taken modulo the length).
    Flip(usize, u8),
    /// Cuts the input at a position.
    Truncate(usize),
    /// Replaces the bytes from a position with a piece of another seed.
    Splice(usize, usize, usize, usize),
    /// Repeats a line.
    DuplicateLine(usize, u8),
    /// Puts a huge or odd number where a number (or any byte) is.
    Number(usize, usize),
    /// Opens `depth` brackets at a position (`[` or `{"a":`).
    Nest(usize, u16, bool),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Mutation::Flip(p, b)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        2 => (any::<usize>(), any::<usize>(), any::<usize>(), 0usize..400)
            .prop_map(|(a, s, b, n)| Mutation::Splice(a, s, b, n)),
        2 => (any::<usize>(), 1u8..50).prop_map(|(l, n)| Mutation::DuplicateLine(l, n)),
        4 => (any::<usize>(), 0..HUGE.len()).prop_map(|(p, k)| Mutation::Number(p, k)),
        1 => (any::<usize>(), 1u16..20_000, any::<bool>()).prop_map(|(p, d, m)| Mutation::Nest(p, d, m)),
    ]
}

/// `input` with `m` applied; `seeds` are the target's seeds, for splicing.
fn apply(mut input: Vec<u8>, m: &Mutation, seeds: &[Vec<u8>]) -> Vec<u8> {
    let at = |p: usize, v: &Vec<u8>| if v.is_empty() { 0 } else { p % (v.len() + 1) };
    match *m {
        Mutation::Flip(p, b) => {
            if !input.is_empty() {
                let i = p % input.len();
                input[i] = b;
            }
        }
        Mutation::Truncate(p) => input.truncate(at(p, &input)),
        Mutation::Splice(a, s, b, n) => {
            let other = &seeds[s % seeds.len()];
            let from = at(b, other).min(other.len());
            let piece = &other[from..(from + n).min(other.len())];
            let a = at(a, &input).min(input.len());
            let end = (a + n).min(input.len());
            input.splice(a..end, piece.iter().copied());
        }
        Mutation::DuplicateLine(l, n) => {
            let lines: Vec<&[u8]> = input.split_inclusive(|&b| b == b'\n').collect();
            if !lines.is_empty() {
                let k = l % lines.len();
                let mut out = Vec::with_capacity(input.len() + lines[k].len() * n as usize);
                for (i, line) in lines.iter().enumerate() {
                    let times = if i == k { 1 + n as usize } else { 1 };
                    for _ in 0..times {
                        out.extend_from_slice(line);
                        if !line.ends_with(b"\n") && times > 1 {
                            out.push(b'\n');
                        }
                    }
                }
                input = out;
            }
        }
        Mutation::Number(p, k) => {
            let p = at(p, &input).min(input.len());
            // Replace the run of digits at or after `p`, or insert at `p` when there is none.
            let start = input[p..]
                .iter()
                .position(u8::is_ascii_digit)
                .map_or(p, |d| p + d);
            let end = input[start..]
                .iter()
                .position(|b| !(b.is_ascii_digit() || *b == b'.'))
                .map_or(input.len(), |e| start + e);
            input.splice(start..end, HUGE[k].bytes());
        }
        Mutation::Nest(p, depth, map) => {
            let p = at(p, &input).min(input.len());
            let open: &[u8] = if map { b"{\"a\":" } else { b"[" };
            let nest: Vec<u8> = open.repeat(depth as usize);
            input.splice(p..p, nest);
        }
    }
    input
}

/// A folder of this process holding copies of the files the seeds name by relative path
/// (`examples/`, and `text/` beside the calibration fixtures), where the cases are written.
fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        // Cargo's scratch folder for tests, under `target/`: nothing is left in the system's
        // temporary folder, and each run starts from fresh copies.
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz");
        let _ = std::fs::remove_dir_all(&root);
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&repo.join("examples"), &root.join("examples"));
        copy_dir(&repo.join("tests/fixtures/text"), &root.join("text"));
        for dir in ["calibrate", "cases"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        root
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The bytes of each file, relative to the repository.
fn seeds(files: &[&str]) -> Vec<Vec<u8>> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    files
        .iter()
        .map(|f| std::fs::read(repo.join(f)).unwrap_or_else(|e| panic!("seed {f}: {e}")))
        .collect()
}

/// Peak and current resident memory of this process, in bytes (Linux).
fn memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kb: u64 = line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kb * 1024)
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

/// Resets the peak resident memory to the current one (Linux; nothing elsewhere).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Whether a failed run says why: an `error: ` with a message, a warning (lines left out), or,
/// for exit code 4, the reconciliation table that shows the difference.
fn said(r: &super::util::Run) -> bool {
    let message = |prefix: &str| {
        r.stderr
            .lines()
            .any(|l| l.strip_prefix(prefix).is_some_and(|m| !m.trim().is_empty()))
    };
    message("error: ") || message("warning: ") || (r.code == 4 && !r.stdout.is_empty())
}

/// What the worst case of a target did.
#[derive(Default)]
struct Worst {
    cases: u32,
    slowest: Duration,
    growth: u64,
}

/// Runs target `name`: each case writes a mutated seed to `file` (under the fuzz folder) and runs
/// `args` with `{}` replaced by its path.
fn target(name: &str, files: &[&str], file: &str, args: &[&str]) {
    let cases = std::env::var("BURNRATE_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    let seeds = seeds(files);
    let path = root().join(file);
    let shown = path.display().to_string();
    let argv: Vec<String> = args.iter().map(|a| a.replace("{}", &shown)).collect();
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    // The command line itself must be right, or every case would test only clap.
    std::fs::write(&path, &seeds[0]).unwrap();
    let first = burnrate(&argv);
    assert_ne!(first.code, 2, "{name}: {argv:?}: {}", first.stderr);
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 32,
        ..Config::default()
    };
    // A fixed seed per target: a run is reproducible, and each target draws its own cases.
    let mut key = [7u8; 32];
    for (k, b) in key.iter_mut().zip(name.bytes()) {
        *k ^= b;
    }
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &key));
    let worst = std::cell::RefCell::new(Worst::default());
    let strategy = (0..seeds.len(), prop::collection::vec(mutation(), 0..6));
    let result = runner.run(&strategy, |(seed, mutations)| {
        let input = mutations
            .iter()
            .fold(seeds[seed].clone(), |input, m| apply(input, m, &seeds));
        std::fs::write(&path, &input).unwrap();
        reset_peak();
        let before = memory();
        let start = Instant::now();
        let run = catch_unwind(AssertUnwindSafe(|| burnrate(&argv)));
        let took = start.elapsed();
        let growth = match (before, memory()) {
            (Some((_, rss)), Some((peak, _))) => peak.saturating_sub(rss),
            _ => 0,
        };
        {
            let mut w = worst.borrow_mut();
            w.cases += 1;
            w.slowest = w.slowest.max(took);
            w.growth = w.growth.max(growth);
        }
        let problem = match &run {
            Err(_) => Some("panicked".to_string()),
            Ok(r) if r.code != 0 && !said(r) => {
                Some(format!("exit code {} with no message", r.code))
            }
            _ if took > HANG => Some(format!("took {took:?}")),
            _ if growth > HEAP => Some(format!("memory grew by {} MiB", growth >> 20)),
            _ => None,
        };
        if let Some(problem) = problem {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(
                dir.join(format!("{name}-{}", file.replace('/', "-"))),
                &input,
            );
            return Err(TestCaseError::fail(format!(
                "{name}: {problem} on seed {} after {mutations:?}",
                files[seed]
            )));
        }
        Ok(())
    });
    let _ = std::fs::remove_file(&path);
    let w = worst.into_inner();
    println!(
        "fuzz {name}: {} cases, slowest {:?}, largest memory growth {} MiB",
        w.cases,
        w.slowest,
        w.growth >> 20
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn workload_yaml() {
    target(
        "workload",
        &[
            "examples/support-triage.yaml",
            "examples/contract-review.yaml",
            "examples/email-replies.yaml",
            "examples/nightly-classification.yaml",
            "examples/research-agent.yaml",
            "tests/fixtures/shapes/workload.yaml",
            "tests/fixtures/shapes/sweep.yaml",
        ],
        "examples/fuzz-case.yaml",
        &["estimate", "{}"],
    );
}

#[test]
fn pricing_override_yaml() {
    target(
        "pricing",
        &[
            "tests/fixtures/pricing/override.yaml",
            "tests/fixtures/pricing/later.yaml",
            "tests/fixtures/pricing/standalone.yaml",
        ],
        "cases/pricing.yaml",
        &[
            "--pricing",
            "{}",
            "quote",
            "-m",
            "sonnet",
            "--input",
            "1000",
        ],
    );
}

#[test]
fn batch_file_jsonl() {
    target(
        "batch-file",
        &[
            "tests/fixtures/batch/requests.jsonl",
            "examples/batch-requests.jsonl",
            "tests/fixtures/shapes/batch.jsonl",
        ],
        "cases/batch.jsonl",
        &["batch-file", "{}"],
    );
}

#[test]
fn calibration_csv() {
    target(
        "calibrate-csv",
        &["tests/fixtures/calibrate/counts.csv"],
        "calibrate/counts.csv",
        &["calibrate", "--model", "haiku", "{}"],
    );
}

#[test]
fn calibration_jsonl() {
    // The same samples as JSONL lines.
    let csv = seeds(&["tests/fixtures/calibrate/counts.csv"]).remove(0);
    let jsonl: String = String::from_utf8(csv)
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .map(|(f, t)| format!("{{\"file\": \"{f}\", \"tokens\": {t}}}\n"))
        .collect();
    let seed = root().join("calibrate/seed.jsonl");
    std::fs::write(&seed, jsonl).unwrap();
    // An absolute path: `seeds` joins it to the repository, which leaves it as it is.
    let seed = seed.display().to_string();
    target(
        "calibrate-jsonl",
        &[&seed],
        "calibrate/counts.jsonl",
        &["calibrate", "--model", "haiku", "{}"],
    );
}

#[test]
fn usage_report_json() {
    target(
        "usage-report",
        &[
            "tests/fixtures/usage/grouped.json",
            "tests/fixtures/usage/pages.jsonl",
            "examples/usage/usage-report.json",
        ],
        "cases/usage-report.json",
        &["usage", "{}"],
    );
}

#[test]
fn console_csv() {
    target(
        "console-csv",
        &[
            "tests/fixtures/usage/console-usage.csv",
            "examples/usage/console-usage.csv",
        ],
        "cases/console-usage.csv",
        &["usage", "{}"],
    );
}

#[test]
fn request_log_jsonl() {
    target(
        "request-log",
        &[
            "tests/fixtures/usage/batch-results.jsonl",
            "tests/fixtures/usage/responses.jsonl",
        ],
        "cases/requests.jsonl",
        &["usage", "{}"],
    );
}

#[test]
fn claude_code_jsonl() {
    target(
        "claude-code",
        &[
            "tests/fixtures/usage/claude-code.jsonl",
            "tests/fixtures/usage/claude-code-sidechain.jsonl",
        ],
        "cases/claude-code.jsonl",
        &["usage", "--input-format", "claude-code", "{}"],
    );
}

#[test]
fn cost_report() {
    let usage = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/usage/grouped.json")
        .display()
        .to_string();
    target(
        "cost-report",
        &[
            "tests/fixtures/usage/cost-agrees.json",
            "tests/fixtures/usage/cost-differs.json",
            "tests/fixtures/usage/console-cost.csv",
        ],
        "cases/cost.json",
        &["usage", &usage, "--cost-report", "{}"],
    );
}

#[test]
fn token_counting() {
    target(
        "tokens",
        &[
            "tests/fixtures/text/prose.txt",
            "tests/fixtures/text/code.rs",
            "tests/fixtures/text/cjk.txt",
            "tests/fixtures/text/emoji.txt",
            "tests/fixtures/text/data.json",
            "tests/fixtures/text/latin1.txt",
        ],
        "cases/text.txt",
        &["tokens", "{}"],
    );
}
