//! Every output format of `estimate` and `compare` for the support-triage example, pinned by
//! insta snapshots (`tests/integration/snapshots/`). Review changes with `cargo insta review`
//! or rerun with `INSTA_UPDATE=always` and read the diff.

use super::util::burnrate;

fn example() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/support-triage.yaml")
        .display()
        .to_string()
}

fn output(command: &str, format: &str) -> String {
    let path = example();
    let run = burnrate(&[command, &path, "--format", format]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The path differs between checkouts; nothing in the output should depend on it.
    assert!(!run.stdout.contains(&path));
    run.stdout
}

#[test]
fn estimate_table() {
    insta::assert_snapshot!(output("estimate", "table"));
}

#[test]
fn estimate_markdown() {
    insta::assert_snapshot!(output("estimate", "markdown"));
}

#[test]
fn estimate_json() {
    insta::assert_snapshot!(output("estimate", "json"));
}

#[test]
fn estimate_csv() {
    insta::assert_snapshot!(output("estimate", "csv"));
}

#[test]
fn compare_table() {
    insta::assert_snapshot!(output("compare", "table"));
}

#[test]
fn compare_markdown() {
    insta::assert_snapshot!(output("compare", "markdown"));
}

#[test]
fn compare_json() {
    insta::assert_snapshot!(output("compare", "json"));
}

#[test]
fn compare_csv() {
    insta::assert_snapshot!(output("compare", "csv"));
}
