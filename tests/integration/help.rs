//! Every `--help` ends with real command lines, and each one runs: they are parsed out of the
//! help text and run in-process from the repository's root, against the files in `examples/`.

use clap::CommandFactory;

use super::util::burnrate;

/// The subcommands' names, as clap defines them (the generated `help` left out).
fn subcommands() -> Vec<String> {
    burnrate::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|n| n != "help")
        .collect()
}

/// The command lines of the "Examples:" block of `text`, comments and redirects removed, as
/// arguments after `burnrate`.
fn examples(text: &str) -> Vec<Vec<String>> {
    let block = text
        .split("\nExamples:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no examples in\n{text}"));
    block
        .lines()
        .map_while(|l| l.strip_prefix("  burnrate "))
        .map(|line| {
            let words = split(line);
            // `> FILE` redirects standard output, which the in-process run captures anyway.
            match words.iter().position(|w| w == ">") {
                Some(i) => words[..i].to_vec(),
                None => words,
            }
        })
        .collect()
}

/// Splits a command line as a shell would for these examples: words separated by spaces,
/// `"..."` quoting, and `#` starting a comment.
fn split(line: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted, mut in_word) = (Vec::new(), String::new(), false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            '#' if !quoted && !in_word => break,
            ' ' if !quoted => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            _ => {
                word.push(c);
                in_word = true;
            }
        }
    }
    assert!(!quoted, "unbalanced quotes in `{line}`");
    if in_word {
        words.push(word);
    }
    words
}

#[test]
fn the_splitter_reads_quotes_comments_and_redirects() {
    assert_eq!(
        examples("x\nExamples:\n  burnrate a \"b c\" > out.yaml   # note\n  burnrate d\n(e)\n"),
        [vec!["a".to_string(), "b c".into()], vec!["d".into()]]
    );
}

#[test]
fn every_subcommand_help_shows_two_or_three_examples() {
    for name in subcommands() {
        let run = burnrate(&[&name, "--help"]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let found = examples(&run.stdout);
        assert!(
            (2..=3).contains(&found.len()),
            "`burnrate {name} --help` shows {} examples",
            found.len()
        );
        for args in &found {
            assert_eq!(args[0], name, "an example of `{name}` runs `{}`", args[0]);
        }
    }
}

#[test]
fn every_example_in_the_help_runs() {
    let mut helps = vec![burnrate(&["--help"]).stdout];
    helps.extend(
        subcommands()
            .iter()
            .map(|n| burnrate(&[n, "--help"]).stdout),
    );
    let mut ran = 0;
    for help in &helps {
        for args in examples(help) {
            let argv: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = burnrate(&argv);
            assert_eq!(run.code, 0, "burnrate {}: {}", args.join(" "), run.stderr);
            assert!(
                !run.stdout.is_empty(),
                "burnrate {} printed nothing",
                args.join(" ")
            );
            ran += 1;
        }
    }
    assert!(ran >= 2 * subcommands().len(), "{ran} examples");
}

#[test]
fn usage_lines_show_only_required_arguments_outside_options() {
    // `--model` is required for `quote` (a price needs a model) and for `calibrate` (the model
    // names the tokenizer family fitted); token counts and `--frame` default to 0.
    assert!(
        burnrate(&["quote", "--help"])
            .stdout
            .contains("\nUsage: burnrate quote [OPTIONS] --model <MODEL>\n")
    );
    assert!(
        burnrate(&["calibrate", "--help"])
            .stdout
            .contains("\nUsage: burnrate calibrate [OPTIONS] --model <MODEL> <SAMPLES>\n")
    );
    // In general: every argument the usage line names outside `[OPTIONS]` is one clap
    // requires, and none that has a default.
    let cli = burnrate::cli::Cli::command();
    for sub in cli.get_subcommands().filter(|c| c.get_name() != "help") {
        let help = burnrate(&[sub.get_name(), "--help"]).stdout;
        let usage = help
            .lines()
            .find_map(|l| l.strip_prefix("Usage: "))
            .unwrap()
            .to_string();
        for arg in sub.get_arguments().filter(|a| a.get_long().is_some()) {
            let long = format!("--{}", arg.get_long().unwrap());
            let shown = usage.split(' ').any(|w| w == long);
            assert_eq!(
                shown,
                arg.is_required_set(),
                "`{}`: `{long}` in `{usage}`",
                sub.get_name()
            );
            if shown {
                assert!(arg.get_default_values().is_empty(), "{long} has a default");
            }
        }
    }
}
