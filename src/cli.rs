//! The command line: clap definitions and the dispatch from parsed arguments to the library.
//!
//! [`run`] takes the arguments and the output streams as parameters, so tests can drive the
//! whole program in-process; `main.rs` only passes the real ones and exits with the code.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use rust_decimal::Decimal;

use crate::billing::{self, InferenceGeo, Mode, Speed, Usage};
use crate::error::{Error, Result};
use crate::money;
use crate::pricing::load::PRICING_ENV;
use crate::pricing::{self, PricingSources, PricingTable};
use crate::report::{self, Format};
use crate::tokens::Content;
use crate::workload;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: bad input data, missing price, unsupported option, I/O.
pub const EXIT_ERROR: u8 = 1;
/// Exit code: the command line is wrong.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: `estimate --fail-over-budget` and the estimate exceeds the budget.
pub const EXIT_OVER_BUDGET: u8 = 3;

/// Tells what Claude API traffic will cost before you spend the money.
#[derive(Debug, Parser)]
#[command(name = "burnrate", version, about, max_term_width = 100)]
pub struct Cli {
    /// Pricing file layered over the embedded table; repeatable, later files win by id.
    /// Files in $BURNRATE_PRICING (a path list) are applied first.
    #[arg(long, global = true, value_name = "FILE")]
    pub pricing: Vec<PathBuf>,

    /// Do not load the embedded pricing table (use only --pricing and $BURNRATE_PRICING files).
    #[arg(long, global = true)]
    pub no_default_pricing: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Price one usage profile exactly as the API bills it.
    Quote(QuoteArgs),
    /// Show the effective pricing table, or everything known about one model.
    Models(ModelsArgs),
    /// Price a workload file for its period, per task and class, against its budget.
    Estimate(EstimateArgs),
    /// Compare a workload as written with the same traffic on other models and modes.
    Compare(CompareArgs),
    /// Estimate the Claude tokens of text files, folders, globs or stdin, and their input cost.
    Tokens(TokensArgs),
    /// Price a Message Batches input file (JSONL) before submitting it.
    BatchFile(BatchFileArgs),
    /// Fit a tokenizer family's factors to real token counts; prints a `--pricing` file.
    Calibrate(CalibrateArgs),
    /// The bill before and after a change of model, batch share, cache, speed or geo.
    Migrate(MigrateArgs),
    /// When caching pays, which TTL is cheaper at which traffic, and the cheapest choice per task.
    Cache(CacheArgs),
    /// The period cost over a range of one value, per model, as a table and an SVG chart.
    Sweep(SweepArgs),
}

/// `burnrate sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The workload file (YAML).
    pub workload: PathBuf,
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

/// `burnrate cache`.
#[derive(Debug, Args)]
pub struct CacheArgs {
    /// The workload file (YAML).
    pub workload: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `burnrate migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The workload file (YAML).
    pub workload: PathBuf,
    /// Apply the changes to this task only (default: every task).
    #[arg(long, value_name = "NAME")]
    pub task: Option<String>,
    /// Move to this model (id, alias or family name).
    #[arg(long, value_name = "MODEL")]
    pub to_model: Option<String>,
    /// Send this share of requests through the Batch API (0 to 1).
    #[arg(long, value_name = "SHARE", value_parser = parse_share)]
    pub batch_share: Option<Decimal>,
    /// Cache the prefix with this TTL, or stop caching.
    #[arg(long, value_enum)]
    pub cache_ttl: Option<TtlArg>,
    /// Change the speed.
    #[arg(long, value_enum)]
    pub speed: Option<SpeedArg>,
    /// Change where inference runs.
    #[arg(long, value_enum)]
    pub inference_geo: Option<GeoArg>,
    /// Exit with code 3 when the bill after the change exceeds the workload's `budget_usd`.
    #[arg(long)]
    pub fail_over_budget: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `--cache-ttl` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TtlArg {
    /// Five minutes.
    #[value(name = "5m")]
    FiveMinutes,
    /// One hour.
    #[value(name = "1h")]
    OneHour,
    /// No caching.
    None,
}

/// `--speed` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SpeedArg {
    /// Standard speed.
    Standard,
    /// Fast mode.
    Fast,
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
    /// Tokens in each true count that are not the file's text (request framing); subtracted.
    #[arg(long, value_name = "TOKENS", default_value_t = 0)]
    pub frame: u64,
    /// Treat every sample as this content type, instead of detecting it per file.
    #[arg(long, value_enum)]
    pub content: Option<Content>,
}

/// `burnrate batch-file`.
#[derive(Debug, Args)]
pub struct BatchFileArgs {
    /// The JSONL file: one `{"custom_id", "params"}` request per line.
    pub file: PathBuf,
    /// Typical output tokens per request (capped at each request's `max_tokens`).
    #[arg(long, value_name = "TOKENS", conflicts_with = "output_ratio")]
    pub output_tokens: Option<u64>,
    /// Typical output as a share of each request's `max_tokens` (0 to 1).
    #[arg(long, value_name = "SHARE", value_parser = parse_share)]
    pub output_ratio: Option<Decimal>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

fn parse_share(s: &str) -> std::result::Result<Decimal, String> {
    let d: Decimal = s
        .parse()
        .map_err(|_| format!("`{s}` is not a decimal number"))?;
    if d < Decimal::ZERO || d > Decimal::ONE {
        return Err(format!("`{s}` is not between 0 and 1"));
    }
    Ok(d)
}

/// `burnrate tokens`.
#[derive(Debug, Args)]
pub struct TokensArgs {
    /// Files, folders (walked), globs (quoted: "docs/*.md") or `-` for standard input.
    #[arg(required = true, value_name = "PATH|GLOB|-")]
    pub paths: Vec<String>,
    /// The model whose tokenizer and input price apply (default: the newest Sonnet).
    #[arg(long, short)]
    pub model: Option<String>,
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
    /// The workload file (YAML).
    pub workload: PathBuf,
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
    /// The workload file (YAML).
    pub workload: PathBuf,
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
    #[arg(long, value_name = "TOKENS", default_value_t = 0)]
    pub input: u64,
    /// Output tokens per request, thinking included.
    #[arg(long, value_name = "TOKENS", default_value_t = 0)]
    pub output: u64,
    /// Tokens written to the cache with the 5-minute TTL, per request.
    #[arg(long = "cache-write-5m", value_name = "TOKENS", default_value_t = 0)]
    pub cache_write_5m: u64,
    /// Tokens written to the cache with the 1-hour TTL, per request.
    #[arg(long = "cache-write-1h", value_name = "TOKENS", default_value_t = 0)]
    pub cache_write_1h: u64,
    /// Tokens read from the cache, per request.
    #[arg(long, value_name = "TOKENS", default_value_t = 0)]
    pub cache_read: u64,
    /// Number of requests.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub requests: u64,
    /// Send through the Message Batches API.
    #[arg(long)]
    pub batch: bool,
    /// Fast mode (`speed: "fast"`), on models that offer it.
    #[arg(long)]
    pub fast: bool,
    /// Where inference runs: `us` is US-only inference, on eligible models.
    #[arg(long, value_enum, default_value_t = GeoArg::Global)]
    pub inference_geo: GeoArg,
    /// Web searches per request (a flat fee per search).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub web_searches: u64,
    /// Endpoint: `anthropic`, or a cloud endpoint from the pricing table (see `burnrate models`).
    #[arg(long, default_value = billing::DEFAULT_PLATFORM)]
    pub platform: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `--inference-geo` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GeoArg {
    /// Global routing.
    Global,
    /// US-only inference.
    Us,
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

/// Runs burnrate with `args` (program name first), writing results to `out` and diagnostics to
/// `err`. Returns the process exit code.
pub fn run(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            return if e.use_stderr() {
                let _ = write!(err, "{text}");
                EXIT_USAGE
            } else {
                let _ = write!(out, "{text}");
                EXIT_OK
            };
        }
    };
    match execute(&cli) {
        Ok(output) => {
            for warning in &output.warnings {
                let _ = writeln!(err, "warning: {warning}");
            }
            for note in &output.notes {
                let _ = writeln!(err, "{note}");
            }
            match out
                .write_all(output.text.as_bytes())
                .and_then(|()| out.flush())
            {
                Ok(()) => output.code,
                // A closed pipe (`burnrate models | head`) is not an error.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
                Err(e) => {
                    let _ = writeln!(err, "error: cannot write output: {e}");
                    EXIT_ERROR
                }
            }
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            e.exit_code()
        }
    }
}

/// What a command produced: the report, warnings and notes for stderr, and the exit code.
struct Output {
    text: String,
    warnings: Vec<String>,
    code: u8,
    /// Plain information for stderr (when stdout carries a file, as with `calibrate`).
    notes: Vec<String>,
}

fn execute(cli: &Cli) -> Result<Output> {
    let sources = PricingSources::from_cli(
        cli.no_default_pricing,
        std::env::var_os(PRICING_ENV),
        &cli.pricing,
    );
    let table = pricing::load(&sources)?;
    match &cli.command {
        Command::Quote(args) => quote(&table, args),
        Command::Models(args) => models(&table, args),
        Command::Estimate(args) => estimate(&table, args),
        Command::Compare(args) => compare(&table, args),
        Command::Tokens(args) => tokens(&table, args),
        Command::BatchFile(args) => batch_file(&table, args),
        Command::Calibrate(args) => calibrate(&table, args),
        Command::Migrate(args) => migrate(&table, args),
        Command::Sweep(args) => {
            let workload = workload::load(&args.workload, &table)?;
            let sw = workload::sweep::sweep(
                &table,
                &workload,
                args.vary,
                usize::from(args.points),
                args.log,
                &args.models,
                args.task.as_deref(),
            )?;
            if let Some(path) = &args.chart {
                let svg = report::chart::svg(&sw)?;
                std::fs::write(path, svg).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
            }
            Ok(Output {
                text: report::sweep(&sw, args.format)?,
                warnings: Vec::new(),
                code: EXIT_OK,
                notes: Vec::new(),
            })
        }
        Command::Cache(args) => {
            let workload = workload::load(&args.workload, &table)?;
            let advice = workload::cache_advice::advise(&table, &workload)?;
            Ok(Output {
                text: report::cache_advice(&advice, args.format)?,
                warnings: Vec::new(),
                code: EXIT_OK,
                notes: Vec::new(),
            })
        }
    }
}

fn quote(table: &PricingTable, args: &QuoteArgs) -> Result<Output> {
    let (model, _) = table.resolve(&args.model)?;
    let usage = Usage {
        input: Decimal::from(args.input),
        cache_write_5m: Decimal::from(args.cache_write_5m),
        cache_write_1h: Decimal::from(args.cache_write_1h),
        cache_read: Decimal::from(args.cache_read),
        output: Decimal::from(args.output),
        web_searches: Decimal::from(args.web_searches),
    };
    let mode = Mode {
        batch: args.batch,
        speed: if args.fast {
            Speed::Fast
        } else {
            Speed::Standard
        },
        inference_geo: match args.inference_geo {
            GeoArg::Global => InferenceGeo::Global,
            GeoArg::Us => InferenceGeo::Us,
        },
        platform: args.platform.clone(),
    };
    let q = billing::quote(table, model, &usage, Decimal::from(args.requests), &mode)?;
    Ok(Output {
        text: report::quote(&q, args.format)?,
        warnings: q.warnings.clone(),
        code: EXIT_OK,
        notes: Vec::new(),
    })
}

fn models(table: &PricingTable, args: &ModelsArgs) -> Result<Output> {
    let text = match &args.model {
        Some(name) => {
            let (model, _) = table.resolve(name)?;
            report::model(table, model, args.format)?
        }
        None => report::models(table, args.format)?,
    };
    Ok(Output {
        text,
        warnings: Vec::new(),
        code: EXIT_OK,
        notes: Vec::new(),
    })
}

fn estimate(table: &PricingTable, args: &EstimateArgs) -> Result<Output> {
    let workload = workload::load(&args.workload, table)?;
    if args.fail_over_budget && workload.budget_usd.is_none() {
        return Err(Error::Usage(format!(
            "`--fail-over-budget` needs a `budget_usd` in `{}`",
            args.workload.display()
        )));
    }
    let e = workload::estimate(table, &workload)?;
    let (over, code) = budget_verdict(&e, args.fail_over_budget, "the estimate");
    let mut warnings = e.warnings.clone();
    warnings.extend(over);
    Ok(Output {
        text: report::estimate(&e, args.format)?,
        warnings,
        code,
        notes: Vec::new(),
    })
}

/// A warning when `e` exceeds its budget, and the exit code: 3 when over and `fail` is set.
fn budget_verdict(e: &workload::Estimate, fail: bool, what: &str) -> (Option<String>, u8) {
    match e.budget.filter(|b| e.total > *b) {
        Some(budget) => (
            Some(format!(
                "{what} of {} exceeds the budget of {}",
                money::format_usd(e.total),
                money::format_usd(budget)
            )),
            if fail { EXIT_OVER_BUDGET } else { EXIT_OK },
        ),
        None => (None, EXIT_OK),
    }
}

fn tokens(table: &PricingTable, args: &TokensArgs) -> Result<Output> {
    let model = match &args.model {
        Some(name) => table.resolve(name)?.0,
        None => table.newest_of_family("sonnet").ok_or_else(|| {
            Error::Usage("no Sonnet model in the pricing table: pass `--model`".into())
        })?,
    };
    let sources = crate::tokens::expand(&args.paths)?;
    let workers = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let (inputs, skipped) = crate::tokens::stream::count_with(
        &sources,
        &mut io::stdin().lock(),
        crate::tokens::stream::CHUNK_BYTES,
        workers,
    )?;
    let t = crate::tokens::estimate(table, model, inputs, skipped, args.content)?;
    Ok(Output {
        text: report::token_estimate(&t, args.format)?,
        warnings: t.warnings.clone(),
        code: EXIT_OK,
        notes: Vec::new(),
    })
}

fn batch_file(table: &PricingTable, args: &BatchFileArgs) -> Result<Output> {
    let guess = crate::tokens::batch_file::OutputGuess {
        tokens: args.output_tokens,
        ratio: args.output_ratio,
    };
    let b = crate::tokens::batch_file::estimate_file(table, &args.file, guess)?;
    let mut warnings = b.warnings.clone();
    let name = args.file.display();
    warnings.extend(
        b.errors
            .iter()
            .map(|e| format!("{name}:{}: {}", e.line, e.message)),
    );
    if !b.errors.is_empty() {
        warnings.push(format!(
            "{} of {} requests could not be priced and are left out of the totals",
            b.errors.len(),
            b.errors.len() as u64 + b.requests
        ));
    }
    Ok(Output {
        text: report::batch_file(&b, args.format)?,
        warnings,
        code: if b.errors.is_empty() {
            EXIT_OK
        } else {
            EXIT_ERROR
        },
        notes: Vec::new(),
    })
}

fn calibrate(table: &PricingTable, args: &CalibrateArgs) -> Result<Output> {
    use crate::tokens::calibrate;
    let (model, _) = table.resolve(&args.model)?;
    let tokenizer = table
        .tokenizer_of(model)
        .ok_or_else(|| Error::MissingPrice(format!("unknown tokenizer `{}`", model.tokenizer)))?;
    let samples = calibrate::read_samples(&args.samples)?;
    let base = args.samples.parent().unwrap_or(std::path::Path::new("."));
    let c = calibrate::calibrate(
        tokenizer,
        &samples,
        base,
        args.frame,
        args.content,
        &calibrate::today(),
    )?;
    let f = money::format_factor;
    let notes = c
        .fits
        .iter()
        .map(|fit| {
            format!(
                "{} {}: {} ({}–{}) from {} sample{}; the table had {} ({}–{})",
                c.tokenizer,
                fit.content.name(),
                f(fit.factor.typical),
                f(fit.factor.low),
                f(fit.factor.high),
                fit.samples,
                if fit.samples == 1 { "" } else { "s" },
                f(fit.previous.typical),
                f(fit.previous.low),
                f(fit.previous.high)
            )
        })
        .collect();
    Ok(Output {
        text: c.override_yaml,
        warnings: Vec::new(),
        code: EXIT_OK,
        notes,
    })
}

fn migrate(table: &PricingTable, args: &MigrateArgs) -> Result<Output> {
    use crate::workload::schema::{GeoSpec, SpeedSpec, Ttl};
    let workload = workload::load(&args.workload, table)?;
    let changes = workload::Changes {
        task: args.task.clone(),
        to_model: args
            .to_model
            .as_deref()
            .map(|m| table.resolve(m).map(|(m, _)| m.id.clone()))
            .transpose()?,
        batch_share: args.batch_share,
        cache: args.cache_ttl.map(|t| match t {
            TtlArg::FiveMinutes => workload::CacheChange::Ttl(Ttl::FiveMinutes),
            TtlArg::OneHour => workload::CacheChange::Ttl(Ttl::OneHour),
            TtlArg::None => workload::CacheChange::Off,
        }),
        speed: args.speed.map(|s| match s {
            SpeedArg::Standard => SpeedSpec::Standard,
            SpeedArg::Fast => SpeedSpec::Fast,
        }),
        inference_geo: args.inference_geo.map(|g| match g {
            GeoArg::Global => GeoSpec::Global,
            GeoArg::Us => GeoSpec::Us,
        }),
    };
    if changes
        == (workload::Changes {
            task: changes.task.clone(),
            ..Default::default()
        })
    {
        return Err(Error::Usage(
            "nothing to migrate: give at least one of `--to-model`, `--batch-share`, \
             `--cache-ttl`, `--speed` or `--inference-geo`"
                .into(),
        ));
    }
    if args.fail_over_budget && workload.budget_usd.is_none() {
        return Err(Error::Usage(format!(
            "`--fail-over-budget` needs a `budget_usd` in `{}`",
            args.workload.display()
        )));
    }
    let m = workload::migrate(table, &workload, &changes)?;
    let (over, code) = budget_verdict(
        &m.after,
        args.fail_over_budget,
        "after the change, the estimate",
    );
    let mut warnings = m.after.warnings.clone();
    warnings.extend(over);
    Ok(Output {
        text: report::migration(&m, args.format)?,
        warnings,
        code,
        notes: Vec::new(),
    })
}

fn compare(table: &PricingTable, args: &CompareArgs) -> Result<Output> {
    let workload = workload::load(&args.workload, table)?;
    let models = if args.models.is_empty() {
        workload::default_models(table)
    } else {
        args.models.clone()
    };
    let c = workload::compare(table, &workload, &models)?;
    Ok(Output {
        text: report::comparison(&c, args.format)?,
        warnings: Vec::new(),
        code: EXIT_OK,
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
