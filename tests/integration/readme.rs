//! The README's examples stay true.

use super::util::{burnrate, temp_yaml};

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The ```yaml blocks of the README, in order.
fn yaml_blocks(text: &str) -> Vec<String> {
    text.split("```yaml\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap().to_string())
        .collect()
}

#[test]
fn the_workload_format_example_is_a_valid_workload() {
    let blocks = yaml_blocks(&readme());
    let workload = blocks
        .iter()
        .find(|b| b.contains("tasks:"))
        .expect("a workload block");
    let p = temp_yaml("readme-workload.yaml", workload)
        .display()
        .to_string();
    let run = burnrate(&["estimate", &p]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The same traffic as examples/support-triage.yaml, defaults spelled out.
    let example = burnrate(&[
        "estimate",
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/support-triage.yaml"),
    ]);
    assert_eq!(run.stdout, example.stdout);
}

#[test]
fn the_override_example_is_a_valid_pricing_file() {
    let blocks = yaml_blocks(&readme());
    let pricing = blocks
        .iter()
        .find(|b| b.contains("schema_version"))
        .expect("a pricing block");
    let p = temp_yaml("readme-pricing.yaml", pricing)
        .display()
        .to_string();
    let run = burnrate(&[
        "--pricing",
        &p,
        "quote",
        "-m",
        "claude-sonnet-4-6",
        "--input",
        "1000000",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["total_usd"], "2.4");
}

#[test]
fn the_readme_shows_current_output() {
    // The estimate and compare shown at the top of the README are what burnrate prints now.
    let text = readme();
    for (cmd, marker) in [
        (
            "estimate",
            "$ burnrate estimate examples/support-triage.yaml\n",
        ),
        (
            "compare",
            "$ burnrate compare examples/support-triage.yaml\n",
        ),
    ] {
        let shown = text
            .split(marker)
            .nth(1)
            .unwrap()
            .split("```")
            .next()
            .unwrap();
        let run = burnrate(&[
            cmd,
            concat!(env!("CARGO_MANIFEST_DIR"), "/examples/support-triage.yaml"),
        ]);
        assert_eq!(shown, run.stdout, "README output of `{cmd}`");
    }
}

#[test]
fn the_dated_override_example_adds_a_future_price() {
    let blocks = yaml_blocks(&readme());
    let pricing = blocks
        .iter()
        .find(|b| b.contains("schema_version"))
        .expect("a pricing block");
    let history = blocks
        .iter()
        .find(|b| b.trim_start().starts_with("history:"))
        .expect("a history block");
    let p = temp_yaml("readme-dated.yaml", &format!("{pricing}{history}"))
        .display()
        .to_string();
    let total = |day: &str| {
        let run = burnrate(&[
            "--pricing",
            &p,
            "quote",
            "-m",
            "claude-sonnet-4-6",
            "--input",
            "1000000",
            "--as-of",
            day,
            "--format",
            "json",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        doc["total_usd"].as_str().unwrap().to_string()
    };
    // 1M × $2.40 in 2026; 1M × $3 from 2027-01-01.
    assert_eq!(total("2026-12-31"), "2.4");
    assert_eq!(total("2027-01-15"), "3");
}

#[test]
fn the_as_of_examples_print_what_they_say() {
    // $2.5375 and $1.275 shown to the cent (rounded half away from zero).
    for (day, shown) in [("2026-03-01", "$2.54"), ("2026-04-01", "$1.28")] {
        let run = burnrate(&[
            "quote",
            "-m",
            "claude-opus-4-6",
            "--input",
            "250000",
            "--output",
            "1000",
            "--as-of",
            day,
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let total = run
            .stdout
            .lines()
            .find(|l| l.starts_with("│ total"))
            .unwrap();
        assert!(total.contains(shown), "{total}");
        assert!(readme().contains(&format!("--as-of {day}   # {shown}")));
    }
}

#[test]
fn the_token_examples_print_what_they_show() {
    let text = readme();
    let root = env!("CARGO_MANIFEST_DIR");
    for marker in [
        "$ burnrate tokens tests/fixtures/text/prose.txt tests/fixtures/text/code.rs -m claude-haiku-4-5\n",
        "$ burnrate tokens tests/fixtures/text/prose.txt tests/fixtures/text/code.rs -m claude-haiku-4-5 -m claude-opus-4-7\n",
        "$ burnrate calibrate tests/fixtures/calibrate/counts.csv -m claude-haiku-4-5\n",
    ] {
        let shown = text
            .split(marker)
            .nth(1)
            .unwrap_or_else(|| panic!("README shows {marker}"))
            .split("```")
            .next()
            .unwrap();
        // Tests run in the package root, where the README's relative paths lead.
        assert_eq!(std::env::current_dir().unwrap(), std::path::Path::new(root));
        let args: Vec<&str> = marker
            .trim_start_matches("$ burnrate ")
            .split_whitespace()
            .collect();
        let run = burnrate(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let printed = run.stdout;
        for line in shown.lines() {
            assert!(
                printed.contains(line),
                "README line `{line}` not in:\n{printed}"
            );
        }
    }
}

#[test]
fn the_newcomer_path_runs_as_shown() {
    // The README's `init` then `estimate`, in a folder of their own.
    let text = readme();
    let shown = text
        .split("$ burnrate init workload.yaml --model sonnet --budget 500\n")
        .nth(1)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    let dir = std::env::temp_dir().join(format!("burnrate-newcomer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("workload.yaml");
    let _ = std::fs::remove_file(&path);
    let p = path.display().to_string();
    let run = burnrate(&["init", &p, "--model", "sonnet", "--budget", "500"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr.trim_end(), shown.replace("workload.yaml", &p));
    assert!(text.contains("$ burnrate estimate workload.yaml\n"));
    let run = burnrate(&["estimate", &p]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("workload: estimate for a month (30 days), USD\n")
    );
    // And the first mistake a newcomer makes is named with its file, line and field.
    let edited = std::fs::read_to_string(&path)
        .unwrap()
        .replace("batch_share: 100%", "batch_share: 1.5");
    std::fs::write(&path, edited).unwrap();
    let run = burnrate(&["estimate", &p]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(&format!("error: {p}:"))
            && run.stderr.contains(
                "tasks[1].batch_share: a share must be between 0 and 1 (or 0% and 100%), found 1.5"
            ),
        "{}",
        run.stderr
    );
}

/// Commands shown in the README that this test does not run, each with why.
const NOT_RUN: [(&str, &str); 5] = [
    (
        "burnrate completions ",
        "writes into the user's shell folders; shell.rs checks the scripts",
    ),
    (
        "burnrate man > ",
        "a shell pipeline into man(1); shell.rs checks the page",
    ),
    (
        "burnrate usage ~/.claude/projects",
        "the reader's own Claude Code logs",
    ),
    (
        "burnrate usage november.json",
        "the file the curl before it fetches with an Admin API key",
    ),
    ("burnrate forecast november.json", "the same fetched file"),
];

/// The command lines of the README's code blocks (`$ ` and `# comment`s stripped, `\`
/// continuations joined), each with the `error:` line shown after it, if any.
fn readme_commands(text: &str) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    let mut in_block = false;
    let mut pending = String::new();
    for line in text.lines() {
        if line.starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if !in_block {
            continue;
        }
        if line.starts_with("error: ") && pending.is_empty() {
            if let Some(last) = out.last_mut().filter(|l| l.1.is_none()) {
                last.1 = Some(line.to_string());
            }
            continue;
        }
        let line = line.strip_prefix("$ ").unwrap_or(line);
        let is_command = line.starts_with("burnrate ") || line.starts_with("BURNRATE_PRICING=");
        if !is_command && pending.is_empty() {
            continue;
        }
        let line = line.split(" # ").next().unwrap().trim_end();
        match line.strip_suffix('\\') {
            Some(part) => pending.push_str(part),
            None => {
                pending.push_str(line);
                out.push((std::mem::take(&mut pending), None));
            }
        }
    }
    out
}

/// Issue 13 trap 6: every command in the README runs as written, on the files it names (shipped
/// under `examples/`), with the exit code and error it shows. Files a command writes (`init`,
/// `> calibrated.yaml`, the sweep's chart) go to a folder of the test's own.
#[test]
fn every_readme_command_runs_as_written() {
    let dir = std::env::temp_dir().join(format!("burnrate-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let written = [
        "workload.yaml",
        "calibrated.yaml",
        "docs/sweep-support-triage.svg",
    ];
    let local = |arg: &str| -> String {
        match written.iter().find(|w| **w == arg) {
            Some(w) => dir.join(w.replace('/', "-")).display().to_string(),
            None => arg.to_string(),
        }
    };
    let _ = std::fs::remove_file(dir.join("workload.yaml"));
    let commands = readme_commands(&readme());
    assert!(commands.len() >= 25, "{commands:?}");
    let mut ran = 0;
    for (command, error) in &commands {
        if NOT_RUN
            .iter()
            .any(|(prefix, _)| command.starts_with(prefix))
        {
            continue;
        }
        let mut words: Vec<&str> = command.split_whitespace().collect();
        let mut env = burnrate::cli::Env::default();
        if let Some(value) = words[0].strip_prefix("BURNRATE_PRICING=") {
            env.pricing = Some(value.into());
            words.remove(0);
        }
        assert_eq!(words[0], "burnrate", "{command}");
        let redirect = words.iter().position(|w| *w == ">");
        let target = redirect.map(|i| local(words[i + 1]));
        let args: Vec<String> = words[1..redirect.unwrap_or(words.len())]
            .iter()
            .map(|w| local(w))
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = super::util::run_with(&args, &env, b"");
        match error {
            None => assert_eq!(run.code, 0, "`{command}` failed: {}", run.stderr),
            Some(shown) => {
                assert_ne!(run.code, 0, "`{command}` should fail");
                let shown = shown.trim_end_matches("...");
                assert!(
                    run.stderr.starts_with(shown),
                    "`{command}` printed {}, the README shows {shown}",
                    run.stderr
                );
            }
        }
        if let Some(path) = target {
            std::fs::write(path, &run.stdout).unwrap();
        }
        ran += 1;
    }
    assert!(ran >= 20, "ran {ran} of {}", commands.len());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_usage_to_what_if_example_runs_as_written() {
    // The worked example's commands, run from the package root; the `--to-workload` one writes
    // to a temporary file instead, which must be the shipped `examples/usage/october.yaml`.
    let text = readme();
    let block = text
        .split("### From usage to a what-if: a worked example")
        .nth(1)
        .expect("the worked example")
        .split("```sh\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let shipped = "examples/usage/october.yaml";
    let written = temp_yaml("readme-october.yaml", "");
    let commands: Vec<&str> = block
        .lines()
        .filter(|l| l.starts_with("burnrate "))
        .collect();
    assert_eq!(commands.len(), 5);
    for line in commands {
        let mut args: Vec<String> = line
            .trim_start_matches("burnrate ")
            .split_whitespace()
            .map(String::from)
            .collect();
        let writes = args.iter().any(|a| a == "--to-workload");
        if writes {
            for a in &mut args {
                if a == shipped {
                    *a = written.display().to_string();
                }
            }
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = burnrate(&args);
        assert_eq!(run.code, 0, "`{line}`: {}", run.stderr);
        if writes {
            let now = std::fs::read_to_string(&written).unwrap();
            assert_eq!(
                now,
                std::fs::read_to_string(shipped).unwrap(),
                "regenerate {shipped}"
            );
        }
        if line.starts_with("burnrate estimate") {
            assert!(run.stdout.contains("$842.00"), "{}", run.stdout);
        }
        if line.starts_with("burnrate migrate") {
            assert!(run.stdout.contains("$48.04"), "{}", run.stdout);
            assert!(
                run.stdout.contains("-$805.05 to -$792.12"),
                "{}",
                run.stdout
            );
        }
    }
}
