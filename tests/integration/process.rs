//! The few tests that start the real binary, so `main.rs`'s wiring stays covered: the process
//! exit code, real standard input, a closed stdout. Everything else runs in-process (`util.rs`).

use std::io::Write;
use std::process::{Command, Stdio};

use super::util::{Run, burnrate};

/// The binary with a clean environment: no user pricing file, no `$COLUMNS`.
fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_burnrate"));
    cmd.args(args)
        .env_remove("BURNRATE_PRICING")
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn finish(out: std::process::Output) -> Run {
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

#[test]
fn version_is_printed_on_stdout_with_exit_zero() {
    let run = finish(command(&["--version"]).output().unwrap());
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!("burnrate {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn the_exit_code_of_run_is_the_process_exit_code() {
    // examples/nightly-classification.yaml is over its $100 budget: exit 3, the warning on
    // stderr, and the same report as in-process.
    let args = [
        "estimate",
        "examples/nightly-classification.yaml",
        "--fail-over-budget",
    ];
    let real = finish(command(&args).output().unwrap());
    assert_eq!(real.code, 3);
    assert!(
        real.stderr
            .ends_with("warning: the estimate of $168.66 exceeds the budget of $100.00\n"),
        "{}",
        real.stderr
    );
    let inproc = burnrate(&args);
    assert_eq!(real.code, inproc.code);
    assert_eq!(real.stdout, inproc.stdout);
    assert_eq!(real.stderr, inproc.stderr);
}

#[test]
fn tokens_reads_the_real_standard_input() {
    let mut child = command(&["tokens", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"hello world\n")
        .unwrap();
    let run = finish(child.wait_with_output().unwrap());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["files"][0]["path"], "-");
    // ctok 1.3.0, v4.8 (the default Sonnet's family): 3 content tokens.
    assert_eq!(doc["files"][0]["tokens"]["typical"], "3");
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    // `burnrate models | head` with the reader already gone: the write fails with EPIPE (Rust
    // ignores SIGPIPE), which burnrate treats as success, silently.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = command(&["models"]).stdout(writer).output().unwrap();
    let run = finish(out);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");
}
