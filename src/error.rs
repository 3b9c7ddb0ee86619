//! The one error type of the library, and the exit code each kind of error maps to.
//!
//! Messages are lower-case sentences that name the file, field, flag or model involved and, where
//! there is one, what to do about it. `main` prints them once, prefixed with `error: `.

use std::path::PathBuf;

use rust_decimal::Decimal;

use crate::billing::ModeOption;
use crate::money::format_count;

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

    /// Forced tool use (`tool_choice: any` or `tool`) on a model whose API refuses it.
    #[error(
        "`tool_choice: any` is not supported on {model}: the API returns an error for forced \
         tool use"
    )]
    ForcedToolUse {
        /// The model id.
        model: String,
    },

    /// A task built in code without a request rate (the workload loader refuses such a file).
    #[error(
        "the task has no request rate (`requests_per_day`, `requests_per_hour` or \
         `requests_per_month`)"
    )]
    NoRequestRate,

    /// An error in one task of a workload.
    #[error("task `{task}`: {source}")]
    InTask {
        /// The task's name.
        task: String,
        /// What went wrong.
        source: Box<Error>,
    },

    /// An error in records of a usage export: where the first is, and how many more share it.
    #[error("{at}{}: {source}", if *more == 0 { String::new() } else { format!(" (and {more} more record{} like it)", if *more == 1 { "" } else { "s" }) })]
    InRecords {
        /// `file:line` of the first record.
        at: String,
        /// Records beyond the first with the same error.
        more: usize,
        /// What went wrong.
        source: Box<Error>,
    },

    /// Usage in a service tier the pricing table has no prices for.
    #[error(
        "the pricing table has no prices for the `{tier}` service tier; burnrate will not \
         price it as another tier"
    )]
    NoTierPrice {
        /// The tier, as the API names it.
        tier: &'static str,
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
    #[error(
        "model `{model}` has no published {price} price (`{field}` is not in the pricing \
         table); burnrate will not guess it"
    )]
    MissingPrice {
        /// The model id.
        model: String,
        /// The price, as reports name it (`cache read`).
        price: String,
        /// The pricing-table field that would hold it.
        field: String,
    },

    /// A per-use fee the calculation needs is not in the table (web search).
    #[error("the pricing table has no {fee} fee (`{field}`)")]
    MissingFee {
        /// The fee, in words.
        fee: &'static str,
        /// The pricing-table field that would hold it.
        field: &'static str,
    },

    /// A tool-use system-prompt overhead the model does not publish; never counted as 0.
    #[error(
        "{model} publishes no tool-use system-prompt overhead for this tool_choice \
         (`tool_use_system_prompt_tokens.{field}`); add it in a `--pricing` file"
    )]
    MissingToolOverhead {
        /// The model id.
        model: String,
        /// `auto_none` or `any_tool`.
        field: &'static str,
    },

    /// The pricing table defines no platform to show rates for.
    #[error("the pricing table defines no platforms")]
    NoPlatforms,

    /// A model refers to a tokenizer the table does not define.
    #[error("unknown tokenizer `{0}`")]
    UnknownTokenizer(String),

    /// A tokenizer lacks the conversion factors a count needs. Never a factor of 1.
    #[error("tokenizer `{tokenizer}`{}", match needed_for {
        FactorsFor::Sample { model, pattern } => format!(
            " (of {model}) has no conversion `factors` in the pricing table, so `{pattern}` \
             cannot be converted to its tokens"),
        FactorsFor::Estimate { model } => format!(
            " (of {model}) has no `base_encoding` and `factors` in the pricing table, so its \
             tokens cannot be estimated"),
        FactorsFor::Calibration => " has no factors in the pricing table to start from".into(),
    })]
    MissingFactors {
        /// The tokenizer id.
        tokenizer: String,
        /// What the factors were needed for.
        needed_for: FactorsFor,
    },

    /// Token counts measured on one tokenizer with no conversion to another in the table.
    #[error(
        "token counts measured on {from_model} ({from_tokenizer} tokenizer) cannot be converted \
         to {to_model} ({to_tokenizer}): the pricing table has no conversion between the two"
    )]
    NoConversion {
        /// The model the counts were measured on.
        from_model: String,
        /// Its tokenizer.
        from_tokenizer: String,
        /// The model being priced.
        to_model: String,
        /// Its tokenizer.
        to_tokenizer: String,
    },

    /// Prompt plus output tokens over the model's context window: the API would reject it.
    #[error(
        "{} prompt + output tokens per request exceed {model}'s {}-token context window; the \
         API would reject the request",
        format_count(*tokens),
        format_count(Decimal::from(*window))
    )]
    ContextWindow {
        /// The model id.
        model: String,
        /// Prompt + output tokens per request.
        tokens: Decimal,
        /// The largest window the model offers (its beta window where it has one).
        window: u64,
    },

    /// Output tokens per request over the model's maximum.
    #[error(
        "{} output tokens per request exceed {model}'s maximum of {}{}",
        format_count(*tokens),
        format_count(Decimal::from(*max)),
        if *batch { " through the Batch API" } else { "" }
    )]
    OutputLimit {
        /// The model id.
        model: String,
        /// Output tokens per request.
        tokens: Decimal,
        /// The maximum that applies.
        max: u64,
        /// Whether the batch maximum applied.
        batch: bool,
    },

    /// A batch file over one of the Batch API's per-batch limits.
    #[error("{path}:{line}: {}", match limit {
        BatchLimit::Bytes { max } => format!(
            "the file passes the Batch API's limit of {} bytes per batch on this line; split \
             the file before it", format_count(Decimal::from(*max))),
        BatchLimit::Requests { request, max } => format!(
            "request {} passes the Batch API's limit of {} requests per batch; split the file \
             before this line",
            format_count(Decimal::from(*request)), format_count(Decimal::from(*max))),
    })]
    BatchLimit {
        /// The file.
        path: String,
        /// 1-based line where the limit is passed.
        line: usize,
        /// Which limit.
        limit: BatchLimit,
    },

    /// A quantity below zero.
    #[error("{what} must be zero or more, got {value}")]
    Negative {
        /// The quantity (`input tokens`, `requests`).
        what: String,
        /// What was given.
        value: Decimal,
    },

    /// A task name (to edit or sweep) the workload does not hold. The message names no flag:
    /// the command line adds `--task`.
    #[error("the workload has no such task; its tasks are: {}", known.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", "))]
    UnknownTask {
        /// The name given.
        name: String,
        /// The workload's task names.
        known: Vec<String>,
    },

    /// A glob or folder that names no file.
    #[error("`{0}` holds no files")]
    NoFiles(String),

    /// A glob that does not parse.
    #[error("`{pattern}` is not a valid glob: {reason}")]
    BadGlob {
        /// The pattern.
        pattern: String,
        /// The parser's reason.
        reason: String,
    },

    /// No pricing file at all: the embedded table left out and no other given.
    #[error("no pricing files: the embedded table is left out and no other file is given")]
    NoPricingFiles,

    /// A log-spaced sweep that starts at zero or below.
    #[error("a log-spaced sweep needs FROM > 0")]
    LogGridFromZero,

    /// A model the Claude API no longer serves on the day the table was resolved for. The
    /// message names no flag: the command line adds what to do.
    #[error(
        "{model} {}: the Claude API no longer serves it (prices as of {as_of})",
        match since {
            Some(day) => format!("was retired on {day}"),
            None => "is retired (the pricing table gives no date)".to_string(),
        }
    )]
    Retired {
        /// The model id.
        model: String,
        /// The day it retired, where the pricing table says.
        since: Option<String>,
        /// The day the table was resolved for.
        as_of: String,
    },

    /// An error on a later day of an estimated period that crosses a dated change: the inner
    /// error names that day, which the user did not ask for, so this says where it falls.
    #[error(
        "from {from}, inside the {}-day period that starts on {start}: {source}",
        format_count(*days)
    )]
    InPeriod {
        /// The first day of the stretch that failed.
        from: String,
        /// The first day of the period.
        start: String,
        /// Days in the period.
        days: Decimal,
        /// What went wrong.
        source: Box<Error>,
    },

    /// A positive amount smaller than exact decimal arithmetic can carry (it would read as 0).
    #[error(
        "{0} is positive but smaller than $0.0000000000000000000000000001, the smallest amount \
         burnrate carries exactly; check the price"
    )]
    TooSmall(String),

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
            Error::Usage(_)
            | Error::Negative { .. }
            | Error::UnknownTask { .. }
            | Error::NoFiles(_)
            | Error::BadGlob { .. }
            | Error::NoPricingFiles
            | Error::LogGridFromZero => 2,
            // A task's error is in the workload file, not on the command line.
            _ => 1,
        }
    }

    /// The error inside any [`Error::InTask`], [`Error::InPeriod`] and [`Error::InRecords`]
    /// wrappers.
    pub fn innermost(&self) -> &Error {
        match self {
            Error::InTask { source, .. }
            | Error::InPeriod { source, .. }
            | Error::InRecords { source, .. } => source.innermost(),
            other => other,
        }
    }
}

/// What a tokenizer's conversion factors were needed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactorsFor {
    /// Converting a workload's text sample (`pattern`) to `model`'s tokens.
    Sample {
        /// The model priced.
        model: String,
        /// The sample's file pattern.
        pattern: String,
    },
    /// Estimating `model`'s tokens from a cl100k count.
    Estimate {
        /// The model.
        model: String,
    },
    /// Fitting new factors from the table's.
    Calibration,
}

/// One of the Batch API's per-batch limits, passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchLimit {
    /// The batch's size in bytes.
    Bytes {
        /// The limit.
        max: u64,
    },
    /// The number of requests; `request` is the first one over.
    Requests {
        /// The 1-based number of the request over the limit.
        request: u64,
        /// The limit.
        max: u64,
    },
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
