//! The one error type of the library, and the exit code each kind of error maps to.
//!
//! Messages are lower-case sentences that name the file, field, flag or model involved and, where
//! there is one, what to do about it. `main` prints them once, prefixed with `error: `.

use std::path::PathBuf;

use crate::billing::ModeOption;

/// Result alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong between reading the pricing table and printing a report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read `{path}`: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },

    /// A YAML file (pricing table, workload) is not valid YAML or does not match its schema.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        /// The file, as the user named it (`<builtin>/pricing/…` for the embedded table).
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was wrong and what was expected.
        message: String,
    },

    /// A file parsed, but its content is inconsistent (duplicate id, unknown reference…).
    #[error("{path}{}: {message}", position(*line, *column))]
    Invalid {
        /// The file.
        path: String,
        /// 1-based line of the offending entry, where known.
        line: Option<usize>,
        /// 1-based column of the offending value, where known (YAML files).
        column: Option<usize>,
        /// What is wrong.
        message: String,
    },

    /// A model name that is neither an id, an alias nor a family alias.
    #[error("unknown model {}{}", quoted_name(name), did_you_mean(suggestions))]
    UnknownModel {
        /// What the user typed.
        name: String,
        /// Close matches from the effective table, best first.
        suggestions: Vec<String>,
    },

    /// A `--platform` that the pricing table does not define.
    #[error("unknown platform `{name}`; the pricing table defines: {}", known.join(", "))]
    UnknownPlatform {
        /// What the user typed.
        name: String,
        /// Platform ids in the effective table.
        known: Vec<String>,
    },

    /// A pricing option (batch, fast mode, US-only inference) the model or platform does not
    /// offer. The message names no flag: the command line adds the flag or field it came from.
    #[error("{message}")]
    Unavailable {
        /// The option asked for.
        option: ModeOption,
        /// Why it is not available, and what is.
        message: String,
    },

    /// A request shape the API refuses (forced tool use on a model that rejects it…).
    #[error("{0}")]
    Unsupported(String),

    /// An error in one task of a workload.
    #[error("task `{task}`: {source}")]
    InTask {
        /// The task's name.
        task: String,
        /// What went wrong.
        source: Box<Error>,
    },

    /// An output file (a chart) could not be written.
    #[error("cannot write `{path}`: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },

    /// A price the calculation needs is not in the table. It is never taken as zero.
    #[error("{0}")]
    MissingPrice(String),

    /// A request that the API would reject (over the context window or the output limit).
    #[error("{0}")]
    Limit(String),

    /// A number too large for exact decimal arithmetic.
    #[error("arithmetic overflow while computing {0}: the amounts are too large to price exactly")]
    Overflow(String),

    /// A result could not be laid out in the asked format.
    #[error("cannot render the report: {0}")]
    Render(String),

    /// The operating system refused something the command needs (threads to count with).
    #[error("{0}")]
    System(String),

    /// The command line is well-formed for clap but contradicts itself.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// The process exit code for this error: 2 for usage errors, 1 for everything else
    /// (an error inside a workload task is the file's fault, so it is 1 too).
    ///
    /// Exit codes are part of the CLI's contract and are listed in the README.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            // A task's error is in the workload file, not on the command line.
            _ => 1,
        }
    }

    /// The error inside any [`Error::InTask`] wrappers.
    pub fn innermost(&self) -> &Error {
        match self {
            Error::InTask { source, .. } => source.innermost(),
            other => other,
        }
    }
}

fn position(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

/// Names longer than this many characters are cut short in messages.
const SHOWN_NAME_CHARS: usize = 80;

/// `name` in back-ticks as a message shows it: in full up to [`SHOWN_NAME_CHARS`] characters,
/// otherwise its start, an ellipsis and its length, so that a runaway value (a whole file pasted
/// as a model name) does not flood the terminal.
fn quoted_name(name: &str) -> String {
    match name.char_indices().nth(SHOWN_NAME_CHARS) {
        None => format!("`{name}`"),
        Some((cut, _)) => format!(
            "`{}…` (a name of {} characters)",
            &name[..cut],
            crate::money::format_count(rust_decimal::Decimal::from(name.chars().count()))
        ),
    }
}

fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => "; run `burnrate models` to list the models".to_string(),
        [one] => format!("; did you mean `{one}`?"),
        many => format!(
            "; did you mean one of: {}?",
            many.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_unknown_name_is_cut_short_with_its_length() {
        let name = format!("{}{}", "é".repeat(80), "x".repeat(2_097_072));
        let e = Error::UnknownModel {
            name,
            suggestions: Vec::new(),
        };
        assert_eq!(
            e.to_string(),
            format!(
                "unknown model `{}…` (a name of 2,097,152 characters); run `burnrate models` to \
                 list the models",
                "é".repeat(80)
            )
        );
        // Eighty characters are still shown whole.
        let e = Error::UnknownModel {
            name: "m".repeat(80),
            suggestions: vec!["sonnet".into()],
        };
        assert_eq!(
            e.to_string(),
            format!("unknown model `{}`; did you mean `sonnet`?", "m".repeat(80))
        );
    }
}
