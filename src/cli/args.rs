//! The clap definitions of every subcommand and flag.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use rust_decimal::Decimal;

use super::examples;
use crate::billing::{self, InferenceGeo, Speed};
use crate::number::{self, Kind};
use crate::report::Format;
use crate::tokens::Content;
use crate::workload::CacheChange;

/// Tells what Claude API traffic will cost before you spend the money.
#[derive(Debug, Parser)]
#[command(name = "burnrate", version, about, max_term_width = 100, after_help = examples::MAIN)]
pub struct Cli {
    /// Pricing file layered over the embedded table; repeatable, later files win by id.
    /// Files in $BURNRATE_PRICING (a path list) are applied first.
    #[arg(long, global = true, value_name = "FILE")]
    pub pricing: Vec<PathBuf>,

    /// Do not load the embedded pricing table (use only --pricing and $BURNRATE_PRICING files).
    #[arg(long, global = true)]
    pub no_default_pricing: bool,

    /// Price with the table as it stood on this day (YYYY-MM-DD): the prices, status and
    /// fast mode in force then. Default: today, in UTC.
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_day)]
    pub as_of: Option<jiff::civil::Date>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// A `--as-of` day: `YYYY-MM-DD`, a day that exists.
/// `NAME=PATH` of `--log-field`.
fn parse_log_field(s: &str) -> Result<(crate::usage::LogField, crate::usage::FieldPath), String> {
    let names = || {
        crate::usage::LogField::ALL
            .iter()
            .map(|f| f.name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (name, path) = s
        .split_once('=')
        .ok_or_else(|| format!("expected NAME=PATH (NAME one of {}), got `{s}`", names()))?;
    let field = crate::usage::LogField::from_name(name.trim())
        .ok_or_else(|| format!("`{name}` is not a log field; expected one of {}", names()))?;
    Ok((field, crate::usage::FieldPath::parse(path.trim())?))
}

fn parse_day(s: &str) -> Result<jiff::civil::Date, String> {
    let day: crate::pricing::schema::Date = s.trim().parse()?;
    day.civil().map_err(|e| e.to_string())
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Price one usage profile exactly as the API bills it.
    #[command(after_help = examples::QUOTE)]
    Quote(QuoteArgs),
    /// Show the effective pricing table, or everything known about one model.
    #[command(after_help = examples::MODELS)]
    Models(ModelsArgs),
    /// Price a workload file for its period, per task and class, against its budget.
    #[command(after_help = examples::ESTIMATE)]
    Estimate(EstimateArgs),
    /// Compare a workload as written with the same traffic on other models and modes.
    #[command(after_help = examples::COMPARE)]
    Compare(CompareArgs),
    /// Estimate the Claude tokens of text files, folders, globs or stdin, and their input cost.
    #[command(after_help = examples::TOKENS)]
    Tokens(TokensArgs),
    /// Price a Message Batches input file (JSONL) before submitting it.
    #[command(after_help = examples::BATCH_FILE)]
    BatchFile(BatchFileArgs),
    /// Fit a tokenizer family's factors to real token counts; prints a `--pricing` file.
    #[command(after_help = examples::CALIBRATE)]
    Calibrate(CalibrateArgs),
    /// The bill before and after a change of model, batch share, cache, speed or geo.
    #[command(after_help = examples::MIGRATE)]
    Migrate(MigrateArgs),
    /// When caching pays, which TTL is cheaper at which traffic, and the cheapest choice per task.
    #[command(after_help = examples::CACHE)]
    Cache(CacheArgs),
    /// The period cost over a range of one value, per model, as a table and an SVG chart.
    #[command(after_help = examples::SWEEP)]
    Sweep(SweepArgs),
    /// Reprice real usage (Admin API or Console exports, request logs) at each day's rates.
    #[command(after_help = examples::USAGE)]
    Usage(UsageArgs),
    /// Project this month's (or week's) spend from usage history, with a band and a budget date.
    #[command(after_help = examples::FORECAST)]
    Forecast(ForecastArgs),
    /// Write a commented starter workload (cached chat, nightly batch, escalation) to edit.
    #[command(after_help = examples::INIT)]
    Init(InitArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish or PowerShell).
    #[command(after_help = examples::COMPLETIONS)]
    Completions(CompletionsArgs),
    /// Print the man page (roff), of burnrate or of one subcommand.
    #[command(after_help = examples::MAN)]
    Man(ManArgs),
    /// Print the JSON Schema of workload or pricing files, for editors (`schemas/` ships both).
    #[command(after_help = examples::SCHEMA)]
    Schema(SchemaArgs),
}

/// `burnrate schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file's schema.
    #[arg(value_enum)]
    pub file: SchemaFile,
}

/// The files `burnrate schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaFile {
    /// A workload (`estimate`, `compare`, ...).
    Workload,
    /// A pricing file (`--pricing`, `pricing/*.yaml`).
    Pricing,
}

/// `burnrate completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell the script is for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `burnrate man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The subcommand whose page to print (`burnrate-estimate(1)`); default: `burnrate(1)`.
    #[arg(value_name = "SUBCOMMAND")]
    pub subcommand: Option<String>,
}

/// `burnrate init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the workload; `-` or none: standard output.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// The main model: the chat task's, and the one escalations are re-run on (default: the
    /// newest Sonnet).
    #[arg(long, short, value_name = "MODEL")]
    pub model: Option<String>,
    /// The cheap model: the nightly batch's and the first pass before escalation (default: the
    /// newest Haiku).
    #[arg(long, value_name = "MODEL")]
    pub cheap_model: Option<String>,
    /// The workload's name (default: the file's name without its extension).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The billing period the totals cover.
    #[arg(long, value_enum, default_value_t = crate::workload::schema::Period::Month)]
    pub period: crate::workload::schema::Period,
    /// Requests a day of the chat task.
    #[arg(long, value_name = "N", default_value_t = 2000, value_parser = parse_count, allow_negative_numbers = true)]
    pub requests_per_day: u64,
    /// A spend limit for the period, in USD (default: none, left commented out).
    #[arg(long, value_name = "USD", value_parser = parse_usd, allow_negative_numbers = true)]
    pub budget: Option<Decimal>,
    /// The JSON Schema the file names for editors, a path relative to the file or a URL.
    #[arg(long, value_name = "PATH|URL", default_value = crate::workload::starter::DEFAULT_SCHEMA)]
    pub schema: String,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// The usage files `usage` and `forecast` read, and how to read them.
#[derive(Debug, Args)]
pub struct UsageInputArgs {
    /// Usage exports: Admin API usage report pages (JSON), the Console usage CSV, Message
    /// Batches results, Messages response logs or Claude Code transcripts (JSONL); or folders
    /// of them.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
    /// Read every file as this format instead of telling it from the file's first bytes.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<crate::usage::InputFormat>,
    /// Where a response log keeps a field, as NAME=PATH (repeatable): NAME is timestamp, model,
    /// usage or id; PATH a dotted path into each line (`meta.model`). Defaults: the Messages
    /// API's names (`model`, `usage`, `id`; `timestamp`, `created_at` or `time`).
    #[arg(long, value_name = "NAME=PATH", value_parser = parse_log_field)]
    pub log_field: Vec<(crate::usage::LogField, crate::usage::FieldPath)>,
}

/// `burnrate forecast`.
#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// The usage to project from.
    #[command(flatten)]
    pub input: UsageInputArgs,
    /// The period to project: the one that holds "now" (the day after the last usage, or
    /// `--as-of`).
    #[arg(long, value_enum, default_value_t = crate::forecast::Span::Month)]
    pub period: crate::forecast::Span,
    /// A budget for the period: the day it runs out is shown, and exit code 3 when the
    /// projection exceeds it.
    #[arg(long, value_name = "USD", value_parser = parse_usd, allow_negative_numbers = true)]
    pub budget: Option<Decimal>,
    /// Records of a model the pricing table does not know: an error, or left out and counted.
    #[arg(long, value_enum, default_value_t = crate::usage::Unknown::Error)]
    pub unknown: crate::usage::Unknown,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `burnrate usage`.
#[derive(Debug, Args)]
pub struct UsageArgs {
    /// The usage to reprice.
    #[command(flatten)]
    pub input: UsageInputArgs,
    /// One row per day, week (ISO, Monday first) or month.
    #[arg(long, value_enum, default_value_t = crate::usage::Period::Day)]
    pub by: crate::usage::Period,
    /// Also one row per value of these dimensions, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "DIMENSIONS")]
    pub group: Vec<crate::usage::GroupBy>,
    /// Records of a model the pricing table does not know: an error, or left out and counted.
    #[arg(long, value_enum, default_value_t = crate::usage::Unknown::Error)]
    pub unknown: crate::usage::Unknown,
    /// The bill to reconcile with: the Admin API cost report (JSON, cents) or the Console cost
    /// CSV (dollars); repeatable. Exit code 4 when a difference over a cent and 0.5% remains.
    #[arg(long, value_name = "FILE")]
    pub cost_report: Vec<PathBuf>,
    /// The organisation id written as FOCUS `BillingAccountId` (`--format focus`).
    #[arg(long, value_name = "ID", default_value = "unknown")]
    pub billing_account: String,
    /// Also write the usage as a workload file (one task per model, group and rates), which
    /// `estimate` prices at the repriced bill and `compare`, `migrate` and `cache` take.
    #[arg(long, value_name = "FILE")]
    pub to_workload: Option<PathBuf>,
    /// The JSON Schema the workload file names for editors (with `--to-workload`).
    #[arg(long, value_name = "PATH|URL", default_value = crate::workload::starter::DEFAULT_SCHEMA)]
    pub schema: String,
    /// Overwrite the `--to-workload` file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Output format; `focus` is FOCUS 1.2 CSV, one row per day, model, dimension and class.
    #[arg(long, value_enum, default_value_t = UsageFormat::Table)]
    pub format: UsageFormat,
}

/// `usage`'s formats: every report format, and FOCUS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum UsageFormat {
    /// A table for the terminal.
    Table,
    /// JSON, every decimal as a full-precision string.
    Json,
    /// CSV with a header row, full precision.
    Csv,
    /// A GitHub-flavoured Markdown table.
    Markdown,
    /// FOCUS 1.2 CSV (FinOps Open Cost and Usage Specification).
    Focus,
}

/// `burnrate sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The workload file (YAML); `-` reads it from standard input.
    pub workload: PathBuf,
    /// The period to price over.
    #[command(flatten)]
    pub over: PeriodArgs,
    /// What to vary: FIELD=FROM..TO with FIELD one of requests_per_day, hit_rate, batch_share,
    /// output_tokens, system_tokens.
    #[arg(long, value_name = "FIELD=FROM..TO")]
    pub vary: crate::workload::sweep::Vary,
    /// Grid points.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u16).range(2..=200))]
    pub points: u16,
    /// Space the grid (and the chart's axes) logarithmically.
    #[arg(long)]
    pub log: bool,
    /// One series per model, comma-separated (default: the workload as written).
    #[arg(long, value_delimiter = ',', value_name = "MODELS")]
    pub models: Vec<String>,
    /// Vary this task only (default: every task).
    #[arg(long, value_name = "NAME")]
    pub task: Option<String>,
    /// Also write an SVG line chart to this file.
    #[arg(long, value_name = "FILE")]
    pub chart: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Where a what-if's workload comes from: a file, standard input, or usage exports.
#[derive(Debug, Args)]
pub struct WorkloadSource {
    /// The workload file (YAML), `-` for standard input, or `--from-usage`.
    #[arg(required_unless_present = "from_usage")]
    pub workload: Option<PathBuf>,
    /// Usage exports (files or folders, as `usage` reads them) taken as the workload, as
    /// `usage --to-workload` would write it, instead of a workload file.
    #[arg(long, value_name = "FILE|DIR", num_args = 1.., conflicts_with = "workload")]
    pub from_usage: Vec<PathBuf>,
}

/// `--period` / `--days`: what to price over instead of the workload file's period.
#[derive(Debug, Clone, Copy, Args)]
pub struct PeriodArgs {
    /// Price over this period instead of the file's (`requests_per_month` and
    /// `days_per_month` keep their meaning).
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub period: Option<crate::workload::schema::Period>,
    /// Price over this many days instead of the file's period (a month of N days, as
    /// `days_per_month: N`).
    #[arg(long, value_name = "N", value_parser = parse_days, conflicts_with = "period")]
    pub days: Option<Decimal>,
}

/// `burnrate cache`.
#[derive(Debug, Args)]
pub struct CacheArgs {
    /// The workload, or the usage taken as one.
    #[command(flatten)]
    pub source: WorkloadSource,
    /// The period to price over.
    #[command(flatten)]
    pub over: PeriodArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `burnrate migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The workload, or the usage taken as one.
    #[command(flatten)]
    pub source: WorkloadSource,
    /// The period to price over.
    #[command(flatten)]
    pub over: PeriodArgs,
    /// Apply the changes to this task only (default: every task).
    #[arg(long, value_name = "NAME")]
    pub task: Option<String>,
    /// Move to this model (id, alias or family name).
    #[arg(long, value_name = "MODEL")]
    pub to_model: Option<String>,
    /// Send this share of requests through the Batch API (0 to 1, or 0% to 100%).
    #[arg(long, value_name = "SHARE", value_parser = parse_share, allow_negative_numbers = true)]
    pub batch_share: Option<Decimal>,
    /// Cache the prefix with this TTL (`5m`, `1h`), or stop caching (`none`).
    #[arg(long, value_name = "5m|1h|none")]
    pub cache_ttl: Option<CacheChange>,
    /// Change the speed.
    #[arg(long, value_enum)]
    pub speed: Option<Speed>,
    /// Change where inference runs.
    #[arg(long, value_enum)]
    pub inference_geo: Option<InferenceGeo>,
    /// Exit with code 3 when the bill after the change exceeds the workload's `budget_usd`.
    #[arg(long)]
    pub fail_over_budget: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `burnrate calibrate`.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Samples: CSV with the header `file,tokens`, or JSONL `{"file": ..., "tokens": ...}`;
    /// paths relative to this file; tokens are true Claude counts (usage.input_tokens or
    /// count_tokens).
    pub samples: PathBuf,
    /// The model the true counts came from (its tokenizer family is calibrated).
    #[arg(long, short)]
    pub model: String,
    /// Tokens in each true count that are not the file's text (request framing); subtracted
    /// (default: the model's measured frame where its vocabulary is reconstructed, else 0).
    #[arg(long, value_name = "TOKENS", value_parser = parse_count, allow_negative_numbers = true)]
    pub frame: Option<u64>,
    /// Fit cl100k_base × factor (an override file) even where the model's vocabulary is
    /// reconstructed; by default such a family gets a residual check, close to 1.
    #[arg(long)]
    pub cl100k_factor: bool,
    /// Treat every sample as this content type, instead of detecting it per file.
    #[arg(long, value_enum)]
    pub content: Option<Content>,
    /// Output: the override file (`yaml`, fits told on stderr), or the fits in a report format.
    #[arg(long, value_enum, default_value_t = CalibrateFormat::Yaml)]
    pub format: CalibrateFormat,
}

/// `calibrate`'s formats: the override file, or every report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CalibrateFormat {
    /// The pricing override to pass with `--pricing` (a residual check: its lines).
    Yaml,
    /// A table for the terminal.
    Table,
    /// JSON, every decimal as a full-precision string (with the override file, if any).
    Json,
    /// CSV with a header row, full precision.
    Csv,
    /// A GitHub-flavoured Markdown table.
    Markdown,
}

/// `burnrate batch-file`.
#[derive(Debug, Args)]
pub struct BatchFileArgs {
    /// The JSONL file: one `{"custom_id", "params"}` request per line.
    pub file: PathBuf,
    /// Typical output tokens per request (capped at each request's `max_tokens`).
    #[arg(long, value_name = "TOKENS", conflicts_with = "output_ratio", value_parser = parse_count, allow_negative_numbers = true)]
    pub output_tokens: Option<u64>,
    /// Typical output as a share of each request's `max_tokens` (0 to 1, or 0% to 100%).
    #[arg(long, value_name = "SHARE", value_parser = parse_share, allow_negative_numbers = true)]
    pub output_ratio: Option<Decimal>,
    /// Share of the requests after the first with a cached prefix that read it from the cache
    /// (default 100%); batch requests run concurrently and hits are best effort, so the report
    /// also shows the cost from no hits to all hits.
    #[arg(long, value_name = "SHARE", value_parser = parse_share, allow_negative_numbers = true)]
    pub cache_hit_rate: Option<Decimal>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// A dollar amount of zero or more, in the one number syntax (`$1.5k` is 1500).
fn parse_usd(s: &str) -> std::result::Result<Decimal, String> {
    let text = s.trim();
    non_negative(number::parse(
        text.strip_prefix('$').unwrap_or(text),
        Kind::Number,
    )?)
}

/// A number of days: more than zero.
fn parse_days(s: &str) -> std::result::Result<Decimal, String> {
    let d = number::parse(s, Kind::Number)?;
    if d <= Decimal::ZERO {
        return Err(format!("must be more than zero, found {}", d.normalize()));
    }
    Ok(d)
}

/// A share from 0 to 1: `0.8` or `80%`.
pub(super) fn parse_share(s: &str) -> std::result::Result<Decimal, String> {
    let d = number::parse(s, Kind::Share)?;
    if d < Decimal::ZERO || d > Decimal::ONE {
        return Err(format!(
            "must be between 0 and 1 (or 0% and 100%), found {}",
            d.normalize()
        ));
    }
    Ok(d)
}

/// A whole count of tokens, requests or searches, in the one number syntax (`10k`, `1e6`).
fn parse_count(s: &str) -> std::result::Result<u64, String> {
    let d = non_negative(number::parse(s, Kind::Number)?)?;
    if !d.fract().is_zero() {
        return Err(format!("must be a whole number, found {}", d.normalize()));
    }
    u64::try_from(d).map_err(|_| format!("must be at most {}, found {d}", u64::MAX))
}

fn non_negative(d: Decimal) -> std::result::Result<Decimal, String> {
    if d.is_sign_negative() && !d.is_zero() {
        return Err(format!("must be zero or more, found {}", d.normalize()));
    }
    Ok(d)
}

/// `burnrate tokens`.
#[derive(Debug, Args)]
pub struct TokensArgs {
    /// Files, folders (walked), globs (quoted: "docs/*.md") or `-` for standard input.
    #[arg(required = true, value_name = "PATH|GLOB|-")]
    pub paths: Vec<String>,
    /// The model whose tokenizer and input price apply (default: the newest Sonnet); give it
    /// twice or more (`-m A -m B`) to see each model's count and the ratio to the first.
    #[arg(long, short)]
    pub model: Vec<String>,
    /// Count with `cl100k_base` × the content factor even where Claude's vocabulary is
    /// reconstructed (to compare the estimate with the count).
    #[arg(long)]
    pub cl100k_factor: bool,
    /// Content type for the conversion factor, instead of detecting it per file.
    #[arg(long, value_enum)]
    pub content: Option<Content>,
    /// Counting threads (default: one per core).
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `burnrate estimate`.
#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// Workload files (YAML), `-` for standard input: one report each, then their sum.
    #[arg(required = true, value_name = "WORKLOAD")]
    pub workloads: Vec<PathBuf>,
    /// The period to price over.
    #[command(flatten)]
    pub over: PeriodArgs,
    /// Exit with code 3 when the estimate exceeds the workload's `budget_usd` (for CI).
    #[arg(long)]
    pub fail_over_budget: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `burnrate compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The workload, or the usage taken as one.
    #[command(flatten)]
    pub source: WorkloadSource,
    /// The period to price over.
    #[command(flatten)]
    pub over: PeriodArgs,
    /// Models to compare, comma-separated (default: the newest Haiku, Sonnet and Opus).
    #[arg(long, value_delimiter = ',', value_name = "MODELS")]
    pub models: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `burnrate quote`: token flags are per request; `--requests` multiplies.
#[derive(Debug, Args)]
pub struct QuoteArgs {
    /// Model id, alias, or family name (`haiku`, `sonnet`, `opus` = the newest of the family).
    #[arg(long, short)]
    pub model: String,
    /// Uncached input tokens per request (as `usage.input_tokens` reports them).
    #[arg(long, value_name = "TOKENS", default_value_t = 0, value_parser = parse_count, allow_negative_numbers = true)]
    pub input: u64,
    /// Output tokens per request, thinking included.
    #[arg(long, value_name = "TOKENS", default_value_t = 0, value_parser = parse_count, allow_negative_numbers = true)]
    pub output: u64,
    /// Tokens written to the cache with the 5-minute TTL, per request.
    #[arg(long = "cache-write-5m", value_name = "TOKENS", default_value_t = 0, value_parser = parse_count, allow_negative_numbers = true)]
    pub cache_write_5m: u64,
    /// Tokens written to the cache with the 1-hour TTL, per request.
    #[arg(long = "cache-write-1h", value_name = "TOKENS", default_value_t = 0, value_parser = parse_count, allow_negative_numbers = true)]
    pub cache_write_1h: u64,
    /// Tokens read from the cache, per request.
    #[arg(long, value_name = "TOKENS", default_value_t = 0, value_parser = parse_count, allow_negative_numbers = true)]
    pub cache_read: u64,
    /// Number of requests.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = parse_count, allow_negative_numbers = true)]
    pub requests: u64,
    /// Send through the Message Batches API.
    #[arg(long)]
    pub batch: bool,
    /// Fast mode (`speed: "fast"`), on models that offer it.
    #[arg(long)]
    pub fast: bool,
    /// Where inference runs: `us` is US-only inference, on eligible models.
    #[arg(long, value_enum, default_value_t = InferenceGeo::Global)]
    pub inference_geo: InferenceGeo,
    /// Web searches per request (a flat fee per search).
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = parse_count, allow_negative_numbers = true)]
    pub web_searches: u64,
    /// Endpoint: `anthropic`, or a cloud endpoint from the pricing table (see `burnrate models`).
    #[arg(long, default_value = billing::DEFAULT_PLATFORM)]
    pub platform: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `burnrate models`.
#[derive(Debug, Args)]
pub struct ModelsArgs {
    /// Show one model in full (id, alias or family name).
    pub model: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}
