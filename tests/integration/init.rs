//! `burnrate init`: the starter workload prices as written, its flags fill it in, and an
//! existing file is never replaced without `--force`.

use super::util::{burnrate, temp_yaml};

/// A fresh, empty folder of this test process's temporary folder.
fn fresh_dir(name: &str) -> std::path::PathBuf {
    let dir = temp_yaml("placeholder", "").parent().unwrap().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `burnrate init ARGS` to stdout; panics unless it succeeds silently.
fn starter(args: &[&str]) -> String {
    let mut all = vec!["init"];
    all.extend_from_slice(args);
    let run = burnrate(&all);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{all:?}");
    run.stdout
}

#[test]
fn the_starter_workload_prices_as_written() {
    let text = starter(&[
        "--model",
        "claude-sonnet-4-6",
        "--cheap-model",
        "claude-haiku-4-5",
    ]);
    let path = temp_yaml("init-starter.yaml", &text).display().to_string();
    let run = burnrate(&["estimate", &path, "--format", "json"]);
    // No warning either: every prefix is above its model's cache minimum.
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["name"], "My workload");
    assert_eq!(doc["period"], "month");
    assert_eq!(doc["budget_usd"], serde_json::Value::Null);
    let tasks = doc["tasks"].as_array().unwrap();
    let names: Vec<_> = tasks
        .iter()
        .map(|t| (t["task"].as_str().unwrap(), t["model"].as_str().unwrap()))
        .collect();
    assert_eq!(
        names,
        [
            ("cached chat", "claude-sonnet-4-6"),
            ("nightly batch", "claude-haiku-4-5-20251001"),
            ("triage with escalation", "claude-haiku-4-5-20251001"),
            ("triage with escalation", "claude-sonnet-4-6"),
        ]
    );
    // Nightly batch on Haiku 4.5 ($1 input, $5 output per MTok), all through the Batch API
    // (× 0.5), 60,000 requests, 90% hits on the 5,000-token prefix with the 1h TTL:
    // 270M cache read × $0.05 = $13.50; 30M cache write × $1 = $30; 180M input × $0.50 = $90;
    // 6M output × $2.50 = $15; $148.50.
    assert_eq!(tasks[1]["total_usd"], "148.5");
    assert_eq!(tasks[1]["hit_rate"], "0.9");
    // Triage's first pass: 90,000 requests, the 5,000-token prefix cached with an auto hit
    // rate; its input and output have no cache in them: 45M input × $1 = $45 and 7.2M output
    // × $5 = $36.
    let lines = |t: &serde_json::Value| -> Vec<(String, String)> {
        t["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["class"].as_str().unwrap().to_string(),
                    l["cost_usd"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let triage = lines(&tasks[2]);
    assert!(
        triage.contains(&("input".into(), "45".into())),
        "{triage:?}"
    );
    assert!(
        triage.contains(&("output".into(), "36".into())),
        "{triage:?}"
    );
}

#[test]
fn flags_fill_in_the_starter() {
    let text = starter(&[
        "--model",
        "opus",
        "--cheap-model",
        "claude-haiku-4-5",
        "--name",
        "Support: 2027",
        "--period",
        "week",
        "--requests-per-day",
        "150",
        "--budget",
        "$250",
        "--as-of",
        "2026-11-15",
    ]);
    for line in [
        "name: \"Support: 2027\"",
        "period: week ",
        "budget_usd: 250 ",
        "    requests_per_day: 150 ",
        // The family name is written as the model it stands for that day.
        "    model: claude-opus-5-5",
        "      model: claude-opus-5-5",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(line)),
            "no line `{line}` in\n{text}"
        );
    }
    let path = temp_yaml("init-flags.yaml", &text).display().to_string();
    let run = burnrate(&[
        "estimate",
        &path,
        "--as-of",
        "2026-11-15",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["name"], "Support: 2027");
    assert_eq!(doc["days"], "7");
    assert_eq!(doc["budget_usd"], "250");
    // 150 requests a day for a week.
    assert_eq!(doc["tasks"][0]["requests"], "1050");
}

#[test]
fn the_default_models_are_the_newest_sonnet_and_haiku() {
    let text = starter(&["--as-of", "2026-11-15"]);
    let models: Vec<_> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("model: "))
        .collect();
    assert_eq!(
        models,
        [
            "claude-sonnet-5-5",
            "claude-haiku-5-5",
            "claude-haiku-5-5",
            "claude-sonnet-5-5"
        ]
    );
    let path = temp_yaml("init-default.yaml", &text).display().to_string();
    let run = burnrate(&["estimate", &path, "--as-of", "2026-11-15"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

#[test]
fn the_starter_names_its_schema() {
    let text = starter(&[]);
    assert!(text.starts_with("# yaml-language-server: $schema=workload.schema.json\n"));
    assert!(text.contains("`burnrate schema workload > workload.schema.json`"));
    let text = starter(&["--schema", "../schemas/workload.schema.json"]);
    assert!(text.starts_with("# yaml-language-server: $schema=../schemas/workload.schema.json\n"));
    assert!(!text.contains("burnrate schema workload"));
}

#[test]
fn dash_writes_to_stdout() {
    assert_eq!(starter(&["-"]), starter(&[]));
}

#[test]
fn init_writes_a_file_and_never_replaces_one_without_force() {
    let dir = fresh_dir("init-file");
    let file = dir.join("traffic.yaml");
    let path = file.display().to_string();
    let run = burnrate(&["init", &path, "--model", "claude-sonnet-4-6"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!("wrote {path}; price it with `burnrate estimate {path}`\n")
    );
    let written = std::fs::read_to_string(&file).unwrap();
    // The name defaults to the file's stem.
    assert!(written.contains("\nname: traffic\n"));

    std::fs::write(&file, "mine").unwrap();
    let run = burnrate(&["init", &path]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: `{path}` already exists; pass `--force` to overwrite it, or name another \
             file\n"
        )
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");

    let run = burnrate(&["init", &path, "--model", "claude-sonnet-4-6", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), written);
    let run = burnrate(&["estimate", &path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn init_names_an_unknown_model() {
    let run = burnrate(&["init", "--model", "sonet-4-6"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("error: unknown model `sonet-4-6`"),
        "{}",
        run.stderr
    );
}
