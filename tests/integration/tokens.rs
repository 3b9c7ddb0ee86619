//! `burnrate tokens`: exact base-encoding counts against a reference implementation, the
//! conversion by content type, and every input error.

use super::util::{burnrate, burnrate_stdin, fixture};

/// Counts from Python `tiktoken` 0.14.0 (`cl100k_base`, `encode_ordinary`) on the fixtures in
/// `tests/fixtures/text/`: (file, bytes, tokens, detected content).
const REFERENCE: &[(&str, u64, u64, &str)] = &[
    ("prose.txt", 646, 140, "prose"),
    ("code.rs", 478, 136, "code"),
    ("data.json", 549, 168, "json"),
    ("cjk.txt", 228, 83, "cjk"),
    ("emoji.txt", 105, 48, "prose"),
    ("empty.txt", 0, 0, "prose"),
];

fn tokens_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["tokens"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = burnrate(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn base_counts_equal_tiktoken_exactly() {
    let paths: Vec<String> = REFERENCE
        .iter()
        .map(|(f, ..)| fixture(&format!("text/{f}")))
        .collect();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let doc = tokens_json(&args);
    for (file, (name, bytes, tokens, content)) in
        doc["files"].as_array().unwrap().iter().zip(REFERENCE)
    {
        assert_eq!(file["bytes"], *bytes, "{name}");
        assert_eq!(file["base_tokens"], *tokens, "{name}");
        assert_eq!(file["content"], *content, "{name}");
    }
    assert_eq!(doc["total_base_tokens"], 575);
}

#[test]
fn claude_tokens_and_cost_follow_the_family_factor() {
    // Sonnet 5.5 (claude-4.7 family): prose 140 × 1.55 = 217 (1.30: 182, 1.75: 245); as input at
    // $2/MTok: 217 × 2 / 1M = $0.000434.
    let doc = tokens_json(&[&fixture("text/prose.txt"), "-m", "claude-sonnet-5-5"]);
    let f = &doc["files"][0];
    assert_eq!(f["tokens"]["typical"], "217");
    assert_eq!(f["tokens"]["low"], "182");
    assert_eq!(f["tokens"]["high"], "245");
    assert_eq!(f["input_cost_usd"]["typical"], "0.000434");
    // Haiku 4.5 (claude-3 family): code 136 × 1.18 = 160.48 at $1/MTok = $0.00016048.
    let doc = tokens_json(&[&fixture("text/code.rs"), "-m", "claude-haiku-4-5"]);
    assert_eq!(doc["tokenizer"], "claude-3");
    assert_eq!(doc["files"][0]["tokens"]["typical"], "160.48");
    assert_eq!(doc["files"][0]["input_cost_usd"]["typical"], "0.00016048");
    // --content overrides detection: code read as JSON, 136 × 1.20 = 163.2.
    let doc = tokens_json(&[
        &fixture("text/code.rs"),
        "-m",
        "claude-haiku-4-5",
        "--content",
        "json",
    ]);
    assert_eq!(doc["files"][0]["content"], "json");
    assert_eq!(doc["files"][0]["tokens"]["typical"], "163.2");
}

#[test]
fn reads_standard_input() {
    let run = burnrate_stdin(&["tokens", "-", "--format", "json"], b"hello world\n");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["files"][0]["path"], "-");
    // tiktoken: "hello world\n" = [15339, 1917, 198].
    assert_eq!(doc["files"][0]["base_tokens"], 3);
}

#[test]
fn a_folder_is_walked_and_non_utf8_files_are_skipped_and_counted() {
    let run = burnrate(&["tokens", &fixture("text"), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["files"].as_array().unwrap().len(), 6);
    assert_eq!(doc["total_base_tokens"], 575);
    assert_eq!(
        doc["skipped"][0]["reason"],
        "not UTF-8 text (invalid byte at offset 3)"
    );
    assert_eq!(
        run.stderr,
        format!(
            "warning: skipped `{}`: not UTF-8 text (invalid byte at offset 3)\n",
            fixture("text/latin1.txt")
        )
    );
}

#[test]
fn a_glob_selects_files() {
    let doc = tokens_json(&[&fixture("text/*.txt")]);
    let names: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}"); // cjk, emoji, empty, prose; latin1 skipped
    assert_eq!(doc["skipped"].as_array().unwrap().len(), 1);
}

#[test]
fn input_errors() {
    let latin1 = fixture("text/latin1.txt");
    let run = burnrate(&["tokens", &latin1]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: {latin1}: not UTF-8 text (invalid byte at offset 3); burnrate counts text files only\n"
        )
    );
    let run = burnrate(&["tokens", "/nonexistent/file.txt"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: cannot read `/nonexistent/file.txt`: No such file or directory (os error 2)\n"
    );
    let glob = fixture("text/*.md");
    let run = burnrate(&["tokens", &glob]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!("error: {glob}: the glob matches no files\n")
    );
    let run = burnrate(&["tokens"]);
    assert_eq!(run.code, 2);
}
