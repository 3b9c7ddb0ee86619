//! `burnrate completions` and `burnrate man`: generated from the clap definitions, so every
//! subcommand and flag is in them; neither reads a pricing table.

use clap::CommandFactory;

use super::util::burnrate;

fn subcommands() -> Vec<String> {
    burnrate::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|n| n != "help")
        .collect()
}

/// `burnrate ARGS` with `--no-default-pricing` and no pricing file, which any command that
/// loads the table refuses: these succeed without one.
fn without_table(args: &[&str]) -> String {
    let mut all = vec!["--no-default-pricing"];
    all.extend_from_slice(args);
    let run = burnrate(&all);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{args:?}");
    run.stdout
}

#[test]
fn completions_name_every_subcommand_and_flag() {
    let bash = without_table(&["completions", "bash"]);
    assert!(bash.contains("complete -F _burnrate"), "{bash}");
    let zsh = without_table(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef burnrate\n"), "{zsh}");
    let fish = without_table(&["completions", "fish"]);
    for name in subcommands() {
        assert!(
            bash.contains(&format!(
                "burnrate__subcmd__{}",
                name.replace('-', "__subcmd__")
            )),
            "{name}"
        );
        assert!(zsh.contains(&format!("'{name}:")), "zsh: {name}");
        assert!(fish.contains(&format!("-a \"{name}\"")), "fish: {name}");
    }
    assert!(fish.contains("-l fail-over-budget"));
    assert!(fish.contains("-l cheap-model"));
    // Value enums complete to their values.
    assert!(
        fish.contains(
            r#"init" -l period -d 'The billing period the totals cover' -r -f -a "day\t'One day'"#
        ),
        "{fish}"
    );
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let run = burnrate(&["completions", "tcsh"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: invalid value 'tcsh' for '<SHELL>'\n  [possible values: bash, elvish, fish, powershell, zsh]"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_man_page_lists_every_subcommand() {
    let page = without_table(&["man"]);
    assert!(
        page.contains(&format!(
            ".TH burnrate 1  \"burnrate {}\"",
            env!("CARGO_PKG_VERSION")
        )),
        "{page}"
    );
    let subs = page.split(".SH SUBCOMMANDS\n").nth(1).unwrap();
    for name in subcommands() {
        let roff = name.replace('-', "\\-");
        assert!(
            subs.contains(&format!("burnrate\\-{roff}(1)")),
            "{name} missing from SUBCOMMANDS"
        );
    }
}

#[test]
fn each_subcommand_has_its_own_page_with_its_examples() {
    let page = without_table(&["man", "estimate"]);
    assert!(
        page.contains(&format!(
            ".TH burnrate-estimate 1  \"estimate {}\"",
            env!("CARGO_PKG_VERSION")
        )),
        "{page}"
    );
    assert!(page.contains("\\fB\\-\\-fail\\-over\\-budget\\fR\n"));
    assert!(
        page.contains(
            "  burnrate estimate examples/support\\-triage.yaml \\-\\-fail\\-over\\-budget"
        )
    );
    let run = burnrate(&["man", "estimat"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: `burnrate man estimat`: no such subcommand; one of {}\n",
            subcommands().join(", ")
        )
    );
}
