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

/// A fresh folder under the system temp dir for one test.
#[cfg(unix)]
fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("burnrate-walk-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `burnrate tokens ARGS --format json`: exit code, document and stderr.
#[cfg(unix)]
fn tokens_run(args: &[&str]) -> (i32, serde_json::Value, String) {
    let mut all = vec!["tokens"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = burnrate(&all);
    let doc = serde_json::from_str(&run.stdout).unwrap_or(serde_json::Value::Null);
    (run.code, doc, run.stderr)
}

#[cfg(unix)]
fn paths(doc: &serde_json::Value) -> Vec<String> {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
#[cfg(unix)]
fn a_link_back_to_the_folder_is_reported_not_followed() {
    // Followed, `self -> .` made the walk count a.txt 41 times (until the kernel's limit of 40
    // links in a path), exit 0.
    let dir = temp_dir("self");
    std::fs::write(dir.join("a.txt"), "hello world\n").unwrap();
    std::os::unix::fs::symlink(".", dir.join("self")).unwrap();
    let d = dir.display().to_string();
    let (code, doc, stderr) = tokens_run(&[&d]);
    assert_eq!(code, 0);
    assert_eq!(paths(&doc), vec![format!("{d}/a.txt")]);
    // tiktoken: "hello world\n" = 3 tokens.
    assert_eq!(doc["total_base_tokens"], 3);
    assert_eq!(
        stderr,
        format!(
            "warning: skipped `{d}/self`: a symbolic link loop: it leads back to `{d}`, which is \
             not walked again\n"
        )
    );
    assert_eq!(doc["skipped"][0]["path"], format!("{d}/self"));
}

#[test]
#[cfg(unix)]
fn two_links_back_to_the_folder_end() {
    // Followed, two self-links make 2^40 paths: the walk never finished.
    let dir = temp_dir("two");
    std::fs::write(dir.join("a.txt"), "hello world\n").unwrap();
    std::os::unix::fs::symlink(".", dir.join("s1")).unwrap();
    std::os::unix::fs::symlink(dir.as_path(), dir.join("s2")).unwrap();
    let d = dir.display().to_string();
    let loop_warning = |name: &str| {
        format!(
            "warning: skipped `{d}/{name}`: a symbolic link loop: it leads back to `{d}`, which is \
             not walked again\n"
        )
    };
    let (code, doc, stderr) = tokens_run(&[&d]);
    assert_eq!(code, 0);
    assert_eq!(doc["total_base_tokens"], 3);
    assert_eq!(stderr, loop_warning("s1") + &loop_warning("s2"));
    // A recursive glob walks the same way; `glob::glob` followed the links.
    let pattern = format!("{d}/**/*.txt");
    let (code, doc, stderr) = tokens_run(&[&pattern]);
    assert_eq!(code, 0);
    assert_eq!(paths(&doc), vec![format!("{d}/a.txt")]);
    assert_eq!(stderr, loop_warning("s1") + &loop_warning("s2"));
    // A glob that does not go down into the links does not mention them.
    let (_, doc, stderr) = tokens_run(&[&format!("{d}/*.txt")]);
    assert_eq!(doc["total_base_tokens"], 3);
    assert_eq!(stderr, "");
}

#[test]
#[cfg(unix)]
fn a_file_reached_twice_is_counted_once() {
    let dir = temp_dir("twice");
    std::fs::write(dir.join("a.txt"), "hello world\n").unwrap();
    std::os::unix::fs::symlink("a.txt", dir.join("b-link.txt")).unwrap();
    std::fs::hard_link(dir.join("a.txt"), dir.join("c-hard.txt")).unwrap();
    let d = dir.display().to_string();
    // Through a symbolic link, a hard link, the folder and a glob over it, and by name: one file,
    // kept at its first path.
    let glob = format!("{d}/*.txt");
    let named = format!("{d}/b-link.txt");
    let (code, doc, stderr) = tokens_run(&[&d, &glob, &named]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(paths(&doc), vec![format!("{d}/a.txt")]);
    assert_eq!(doc["total_base_tokens"], 3);
    assert_eq!(stderr, "");
    // A glob whose files were all counted already still matched.
    let (code, doc, _) = tokens_run(&[&named, &glob]);
    assert_eq!(code, 0);
    assert_eq!(paths(&doc), vec![named]);
}

#[test]
#[cfg(unix)]
fn a_fifo_or_broken_link_in_a_folder_is_skipped_and_reported() {
    let dir = temp_dir("special");
    std::fs::write(dir.join("a.txt"), "hello world\n").unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("pipe"))
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("nowhere.txt", dir.join("broken.txt")).unwrap();
    let d = dir.display().to_string();
    let (code, doc, stderr) = tokens_run(&[&d]);
    assert_eq!(code, 0);
    assert_eq!(doc["total_base_tokens"], 3);
    assert_eq!(
        stderr,
        format!(
            "warning: skipped `{d}/broken.txt`: a broken symbolic link (to `nowhere.txt`)\n\
             warning: skipped `{d}/pipe`: a FIFO (named pipe), not a regular file; only regular \
             files are counted\n"
        )
    );
    // A glob that matches only the FIFO says why it matched no files.
    let pattern = format!("{d}/p*");
    let run = burnrate(&["tokens", &pattern]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: {pattern}: the glob matches no files (passed over `{d}/pipe`: a FIFO (named \
             pipe), not a regular file; only regular files are counted)\n"
        )
    );
}
