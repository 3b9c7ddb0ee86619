//! Terminal tables fit the terminal: with a width, every line of a table is at most that many
//! display columns; without one (a pipe, a file), the table is whole, however wide. Titles and
//! notes above and below a table are prose and are not wrapped.

use burnrate::cli::Env;
use unicode_width::UnicodeWidthStr;

use super::util::run_with;

/// The stdout of `burnrate ARGS` with stdout a terminal `width` columns wide (`None`: a pipe).
fn table_output(args: &[&str], width: Option<usize>) -> String {
    let env = Env {
        width,
        ..Env::default()
    };
    let run = run_with(args, &env, b"");
    assert_eq!(run.code, 0, "burnrate {args:?}: {}", run.stderr);
    run.stdout
}

/// The display widths of the table lines (those drawn with the rounded box characters).
fn table_line_widths(text: &str) -> Vec<usize> {
    let widths: Vec<usize> = text
        .lines()
        .filter(|l| l.starts_with(['╭', '│', '├', '╰']))
        .map(UnicodeWidthStr::width)
        .collect();
    assert!(!widths.is_empty(), "no table in:\n{text}");
    widths
}

/// At 100 columns every table line fits; through a pipe the same table is wider than 100.
fn fits_100_and_is_whole_through_a_pipe(args: &[&str]) {
    let fitted = table_output(args, Some(100));
    let too_wide: Vec<(usize, &str)> = fitted
        .lines()
        .filter(|l| l.starts_with(['╭', '│', '├', '╰']))
        .map(|l| (l.width(), l))
        .filter(|&(w, _)| w > 100)
        .collect();
    assert!(too_wide.is_empty(), "burnrate {args:?}: {too_wide:#?}");
    let whole = table_line_widths(&table_output(args, None));
    // Every line of a table is as wide as its border.
    assert!(whole.iter().all(|&w| w == whole[0]), "{whole:?}");
    assert!(
        whole[0] > 100,
        "burnrate {args:?} is only {} wide",
        whole[0]
    );
}

#[test]
fn the_cache_table_fits_100_columns() {
    fits_100_and_is_whole_through_a_pipe(&["cache", "examples/support-triage.yaml"]);
}

#[test]
fn the_models_table_fits_100_columns() {
    fits_100_and_is_whole_through_a_pipe(&["models"]);
}

#[test]
fn a_table_that_fits_is_left_alone() {
    // `quote` is narrower than 100 columns: the same at 100 as through a pipe.
    let args = ["quote", "-m", "haiku", "--input", "1000"];
    let whole = table_output(&args, None);
    assert!(table_line_widths(&whole).iter().all(|&w| w < 100));
    assert_eq!(table_output(&args, Some(100)), whole);
}

#[test]
fn a_models_history_fits_100_columns() {
    // `models MODEL` has two sheets: the rate card and, for a model with dated changes, its
    // history, which is wider than 100 columns when whole.
    let args = ["models", "claude-opus-4-6"];
    let fitted = table_output(&args, Some(100));
    assert!(fitted.contains("History of claude-opus-4-6"), "{fitted}");
    assert!(
        table_line_widths(&fitted).iter().all(|&w| w <= 100),
        "{fitted}"
    );
    let whole = table_line_widths(&table_output(&args, None));
    assert!(whole.iter().any(|&w| w > 100), "{whole:?}");
}
