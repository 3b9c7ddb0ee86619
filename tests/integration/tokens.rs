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

/// Content counts from ctok 1.3.0 (`token_count(text, version)` minus the frame: 7 for "3.0",
/// 11 for "4.7", 6 for "4.8") on the same fixtures: (file, v3, v4.7, v4.8).
const CLAUDE_REFERENCE: &[(&str, u64, u64, u64)] = &[
    ("prose.txt", 144, 197, 197),
    ("code.rs", 175, 236, 236),
    ("data.json", 182, 230, 230),
    ("cjk.txt", 87, 87, 86),
    ("emoji.txt", 53, 59, 59),
    ("empty.txt", 1, 1, 0),
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
    let mut args = args;
    args.push("--cl100k-factor");
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
fn claude_counts_equal_ctok_in_each_family() {
    let paths: Vec<String> = CLAUDE_REFERENCE
        .iter()
        .map(|(f, ..)| fixture(&format!("text/{f}")))
        .collect();
    for (model, family, frame, pick) in [
        ("claude-haiku-4-5", "v3", 7, 0),
        ("claude-opus-4-7", "v4.7", 11, 1),
        ("claude-sonnet-5", "v4.8", 6, 2),
    ] {
        let mut args: Vec<&str> = paths.iter().map(String::as_str).collect();
        args.extend(["-m", model]);
        let doc = tokens_json(&args);
        assert_eq!(doc["method"], "claude_vocabulary", "{model}");
        assert_eq!(doc["family"], family, "{model}");
        assert_eq!(doc["frame_tokens"], frame, "{model}");
        assert_eq!(doc["fallback"], serde_json::Value::Null);
        assert_eq!(doc["total_base_tokens"], serde_json::Value::Null);
        let mut total = 0;
        for (file, reference) in doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .zip(CLAUDE_REFERENCE)
        {
            let want = [reference.1, reference.2, reference.3][pick];
            total += want;
            let tokens = &file["tokens"];
            assert_eq!(
                tokens["typical"],
                want.to_string(),
                "{model} {}",
                reference.0
            );
            assert_eq!(tokens["low"], tokens["high"], "an exact count has no range");
            assert_eq!(tokens["typical"], tokens["low"]);
            assert_eq!(file["factor"], serde_json::Value::Null);
        }
        assert_eq!(doc["total_tokens"]["typical"], total.to_string(), "{model}");
    }
    // Priced as input: Haiku 4.5 at $1/MTok, prose 144 tokens = $0.000144; Opus 4.7 at $5/MTok,
    // prose 197 tokens = $0.000985.
    let doc = tokens_json(&[&paths[0], "-m", "claude-haiku-4-5"]);
    assert_eq!(doc["files"][0]["input_cost_usd"]["typical"], "0.000144");
    let doc = tokens_json(&[&paths[0], "-m", "claude-opus-4-7"]);
    assert_eq!(doc["files"][0]["input_cost_usd"]["typical"], "0.000985");
}

#[test]
fn several_models_show_each_count_and_the_ratio_to_the_first() {
    // prose.txt: 144 on Haiku 4.5 (v3), 197 on Opus 4.7 (v4.7): 197 / 144 = 1.368055...
    let doc = tokens_json(&[
        &fixture("text/prose.txt"),
        "-m",
        "claude-haiku-4-5",
        "-m",
        "claude-opus-4-7",
    ]);
    assert_eq!(doc["files"][0]["tokens"][0]["typical"], "144");
    assert_eq!(doc["files"][0]["tokens"][1]["typical"], "197");
    assert_eq!(
        doc["files"][0]["ratios"][0],
        "1.3680555555555555555555555556"
    );
    assert_eq!(doc["models"][1]["family"], "v4.7");
    let run = burnrate(&[
        "tokens",
        &fixture("text/prose.txt"),
        "-m",
        "claude-haiku-4-5",
        "-m",
        "claude-opus-4-7",
    ]);
    assert!(run.stdout.contains("×1.368"), "{}", run.stdout);
}

#[test]
fn a_tokenizer_without_a_vocabulary_falls_back_to_the_factor_and_says_so() {
    // An override tokenizer with factors and no reconstruction: prose.txt 140 cl100k tokens
    // × 2 = 280 (low ×1.5 = 210, high ×2.5 = 350) at $1/MTok.
    let pricing = super::util::temp_yaml(
        "future-tokenizer.yaml",
        "schema_version: 1\nprovider: x\ncurrency: USD\ntokenizers:\n  - id: future\n    description: d\n    source: s\n    base_encoding: cl100k_base\n    factors:\n      prose: { typical: 2, low: 1.5, high: 2.5 }\n      code: { typical: 2, low: 1.5, high: 2.5 }\n      json: { typical: 2, low: 1.5, high: 2.5 }\n      cjk: { typical: 2, low: 1.5, high: 2.5 }\n      agentic: { typical: 2, low: 1.5, high: 2.5 }\n    factors_source: test\nmodels:\n  - id: future-model\n    name: Future\n    family: future\n    status: current\n    input_usd_per_mtok: 1\n    output_usd_per_mtok: 5\n    context_window_tokens: 100000\n    regional_premium: false\n    tokenizer: future\n    source: test\n    checked: 2026-12-02\n",
    );
    let p = pricing.display().to_string();
    let run = burnrate(&[
        "--pricing",
        &p,
        "tokens",
        &fixture("text/prose.txt"),
        "-m",
        "future-model",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["method"], "cl100k_factor");
    assert_eq!(doc["fallback"], "no_vocabulary");
    assert_eq!(doc["files"][0]["tokens"]["typical"], "280");
    assert_eq!(doc["files"][0]["tokens"]["low"], "210");
    assert_eq!(doc["files"][0]["tokens"]["high"], "350");
    let run = burnrate(&[
        "--pricing",
        &p,
        "tokens",
        &fixture("text/prose.txt"),
        "-m",
        "future-model",
    ]);
    assert!(
        run.stdout
            .contains("the future tokenizer has no reconstructed vocabulary: these are estimates"),
        "{}",
        run.stdout
    );
}

#[test]
fn claude_tokens_and_cost_follow_the_family_factor() {
    // Sonnet 5.5 (claude-4.7 family): prose 140 × 1.55 = 217 (1.30: 182, 1.75: 245); as input at
    // $2/MTok: 217 × 2 / 1M = $0.000434.
    let doc = tokens_json(&[
        &fixture("text/prose.txt"),
        "-m",
        "claude-sonnet-5-5",
        "--cl100k-factor",
    ]);
    assert_eq!(doc["method"], "cl100k_factor");
    assert_eq!(doc["fallback"], "asked");
    let f = &doc["files"][0];
    assert_eq!(f["tokens"]["typical"], "217");
    assert_eq!(f["tokens"]["low"], "182");
    assert_eq!(f["tokens"]["high"], "245");
    assert_eq!(f["input_cost_usd"]["typical"], "0.000434");
    // Haiku 4.5 (claude-3 family): code 136 × 1.18 = 160.48 at $1/MTok = $0.00016048.
    let doc = tokens_json(&[
        &fixture("text/code.rs"),
        "-m",
        "claude-haiku-4-5",
        "--cl100k-factor",
    ]);
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
        "--cl100k-factor",
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
    // ctok 1.3.0, v4.8 (the default Sonnet's family): 3 content tokens.
    assert_eq!(doc["files"][0]["tokens"]["typical"], "3");
}

#[test]
fn a_folder_is_walked_and_non_utf8_files_are_skipped_and_counted() {
    let run = burnrate(&["tokens", &fixture("text"), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["files"].as_array().unwrap().len(), 6);
    // The v4.8 counts of CLAUDE_REFERENCE: 86 + 236 + 230 + 59 + 197 + 0.
    assert_eq!(doc["total_tokens"]["typical"], "808");
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
    // ctok 1.3.0, v4.8 (the default Sonnet's family): "hello world\n" = 3 content tokens.
    assert_eq!(doc["total_tokens"]["typical"], "3");
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
    assert_eq!(doc["total_tokens"]["typical"], "3");
    assert_eq!(stderr, loop_warning("s1") + &loop_warning("s2"));
    // A recursive glob walks the same way; `glob::glob` followed the links.
    let pattern = format!("{d}/**/*.txt");
    let (code, doc, stderr) = tokens_run(&[&pattern]);
    assert_eq!(code, 0);
    assert_eq!(paths(&doc), vec![format!("{d}/a.txt")]);
    assert_eq!(stderr, loop_warning("s1") + &loop_warning("s2"));
    // A glob that does not go down into the links does not mention them.
    let (_, doc, stderr) = tokens_run(&[&format!("{d}/*.txt")]);
    assert_eq!(doc["total_tokens"]["typical"], "3");
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
    assert_eq!(doc["total_tokens"]["typical"], "3");
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
    assert_eq!(doc["total_tokens"]["typical"], "3");
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

#[test]
#[cfg(unix)]
fn a_named_fifo_or_device_is_refused_not_read_for_ever() {
    // Issue 14 #6: `tokens FIFO` with no writer blocked; `tokens /dev/zero` grew without end.
    let dir = temp_dir("named-special");
    let fifo = dir.join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let f = fifo.display().to_string();
    let run = burnrate(&["tokens", &f]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: {f}: a FIFO (named pipe), not a regular file; burnrate reads regular files, or standard input as `-`\n"
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
    let run = burnrate(&["tokens", "/dev/zero"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: /dev/zero: a device, not a regular file; burnrate reads regular files, or standard input as `-`\n"
    );
}

#[test]
fn an_empty_folder_is_an_error_not_a_total_of_nothing() {
    // Issue 13 trap 7: "total (0 files)", $0.00, exit 0.
    let dir = temp_dir("empty");
    let d = dir.display().to_string();
    let run = burnrate(&["tokens", &d]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, format!("error: `{d}` holds no files\n"));
    // One file: "(1 file)".
    let run = burnrate(&["tokens", &fixture("text/prose.txt")]);
    assert!(run.stdout.contains("│ total (1 file)  "), "{}", run.stdout);
}
