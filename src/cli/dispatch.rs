//! From parsed arguments to the library and the report layer, and from library errors to the
//! flags the user typed.

use std::io::Read;

use rust_decimal::Decimal;

use super::args::*;
use super::progress::Bar;
use super::{EXIT_BILL_DIFFERS, EXIT_ERROR, EXIT_OK, EXIT_OVER_BUDGET, Env};
use crate::billing::{self, Mode, ModeOption, Speed, Usage};
use crate::error::{Error, Result};
use crate::pricing::{self, PricingSources, PricingTable};
use crate::report;
use crate::warning::Warning;
use crate::workload::{self, Estimate};

/// What a command produced: the report, warnings and notes for stderr, and the exit code.
pub(super) struct Output {
    pub(super) text: String,
    pub(super) warnings: Vec<String>,
    pub(super) code: u8,
    /// Plain information for stderr (when stdout carries a file, as with `calibrate`).
    pub(super) notes: Vec<String>,
}

impl Output {
    fn report(text: String, warnings: &[Warning]) -> Output {
        Output {
            text,
            warnings: warnings.iter().map(Warning::to_string).collect(),
            code: EXIT_OK,
            notes: Vec::new(),
        }
    }
}

/// A library error in the user's terms: an unavailable pricing option names the flag that
/// asked for it.
pub(super) fn describe(e: &Error) -> String {
    match e {
        Error::Unavailable { option, message } => {
            let flag = match option {
                ModeOption::Batch => "`--batch`",
                ModeOption::Fast => "`--fast`",
                ModeOption::UsInference => "`--inference-geo us`",
                ModeOption::FastWithBatch => "`--fast` with `--batch`",
            };
            format!("{flag}: {message}")
        }
        Error::UnknownTask { name, .. } => format!("`--task {name}`: {e}"),
        // A retired model, even inside a task or a period: say how to price it anyway.
        _ if matches!(e.innermost(), Error::Retired { .. }) => format!(
            "{e}; an earlier `--as-of` prices past traffic, and `--platform` a cloud that still \
             serves it"
        ),
        Error::NoPricingFiles => {
            "no pricing files: `--no-default-pricing` needs at least one `--pricing FILE`".into()
        }
        other => other.to_string(),
    }
}

pub(super) fn execute(cli: &Cli, env: &Env, stdin: &mut dyn Read) -> Result<Output> {
    // Generated from the clap definitions alone: no pricing table needed (nor read).
    match &cli.command {
        Command::Completions(args) => return Ok(Output::report(completions(args.shell), &[])),
        Command::Man(args) => {
            return man(args.subcommand.as_deref()).map(|t| Output::report(t, &[]));
        }
        Command::Schema(args) => {
            let text = match args.file {
                SchemaFile::Workload => crate::schema::workload(),
                SchemaFile::Pricing => crate::schema::pricing(),
            };
            return Ok(Output::report(text, &[]));
        }
        _ => {}
    }
    let sources =
        PricingSources::from_cli(cli.no_default_pricing, env.pricing.clone(), &cli.pricing);
    // Every command prices with the table as it stood on one day, today unless told.
    let day = cli.as_of.unwrap_or_else(today_utc);
    let table = pricing::load(&sources)?.as_of(day)?;
    let width = env.width;
    match &cli.command {
        Command::Quote(args) => quote(&table, args, width),
        Command::Models(args) => {
            let only = args
                .model
                .as_deref()
                .map(|n| table.resolve(n))
                .transpose()?;
            let c = billing::catalog(&table, only.map(|(m, _)| m))?;
            Ok(Output::report(report::render(&c, args.format, width)?, &[]))
        }
        Command::Estimate(args) => estimate(&table, args, stdin, width),
        Command::Compare(args) => {
            let workload = workload_or_usage(&args.source, args.over, stdin, &table)?;
            let models = if args.models.is_empty() {
                workload::default_models(&table)
            } else {
                args.models.clone()
            };
            let c = workload::compare(&table, &workload, &models)?;
            Ok(Output::report(report::render(&c, args.format, width)?, &[]))
        }
        Command::Tokens(args) => tokens(&table, args, env, stdin),
        Command::BatchFile(args) => batch_file(&table, args, env),
        Command::Calibrate(args) => calibrate(&table, args, width),
        Command::Migrate(args) => migrate(&table, args, stdin, width),
        Command::Sweep(args) => sweep(&table, args, stdin, width),
        Command::Forecast(args) => {
            let loaded = load_usage(&args.input, day)?;
            // A forecast is a time series: a record without a time would land on one day.
            if let Some(Warning::Undated { requests, .. }) = loaded
                .warnings
                .iter()
                .find(|w| matches!(w, Warning::Undated { .. }))
            {
                return Err(Error::Usage(format!(
                    "{requests} request(s) carry no date (Message Batches results, logs without \
                     a time): a forecast needs the day of each; give dated usage"
                )));
            }
            let options = crate::usage::Options {
                unknown: args.unknown,
                charges: true,
                ..Default::default()
            };
            let usage = crate::usage::reprice(&table, loaded, &options, None)?;
            let f = crate::forecast::forecast(
                &usage,
                &crate::forecast::Options {
                    span: args.period,
                    budget: args.budget,
                    now: cli.as_of,
                },
            )?;
            let mut out = Output::report(report::render(&f, args.format, width)?, &usage.warnings);
            if f.over_budget {
                out.code = EXIT_OVER_BUDGET;
            }
            Ok(out)
        }
        Command::Usage(args) => {
            let loaded = load_usage(&args.input, day)?;
            use super::args::UsageFormat;
            let options = crate::usage::Options {
                by: args.by,
                group: args.group.clone(),
                unknown: args.unknown,
                charges: matches!(args.format, UsageFormat::Json | UsageFormat::Focus)
                    || args.to_workload.is_some(),
            };
            let billed = (!args.cost_report.is_empty())
                .then(|| crate::usage::load_billed(&args.cost_report))
                .transpose()?;
            let counts = match &args.to_workload {
                Some(_) => Some(crate::usage::to_workload::request_counts(&loaded, &table)?),
                None => None,
            };
            let r = crate::usage::reprice(&table, loaded, &options, billed.as_deref())?;
            if let (Some(path), Some(counts)) = (&args.to_workload, &counts) {
                let text = crate::usage::to_workload::write(&table, &r, counts, &args.schema)?;
                write_new(path, &text, args.force)?;
            }
            let text = match args.format {
                UsageFormat::Focus => report::focus::render(&r, &args.billing_account)?,
                UsageFormat::Table => report::render(&r, report::Format::Table, width)?,
                UsageFormat::Json => report::render(&r, report::Format::Json, width)?,
                UsageFormat::Csv => report::render(&r, report::Format::Csv, width)?,
                UsageFormat::Markdown => report::render(&r, report::Format::Markdown, width)?,
            };
            let mut out = Output::report(text, &r.warnings);
            if r.reconciliation.as_ref().is_some_and(|c| c.flagged > 0) {
                out.code = EXIT_BILL_DIFFERS;
            }
            // Lines left out: the totals are short of the file, so the run is not a success.
            if r.warnings
                .iter()
                .any(|w| matches!(w, Warning::UnreadLine { .. }))
            {
                out.code = EXIT_ERROR;
            }
            Ok(out)
        }
        Command::Init(args) => init(&table, args),
        Command::Completions(_) | Command::Man(_) | Command::Schema(_) => {
            unreachable!("answered before the table")
        }
        Command::Cache(args) => {
            let workload = workload_or_usage(&args.source, args.over, stdin, &table)?;
            let advice = workload::cache_advice::advise(&table, &workload)?;
            Ok(Output::report(
                report::render(&advice, args.format, width)?,
                &[],
            ))
        }
    }
}

/// Today's date in UTC, the day prices are looked up for unless `--as-of` says otherwise.
fn today_utc() -> jiff::civil::Date {
    jiff::tz::Offset::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
}

fn quote(table: &PricingTable, args: &QuoteArgs, width: report::Width) -> Result<Output> {
    if args.fast && args.batch {
        return Err(Error::Usage(
            "`--fast` cannot be combined with `--batch`: fast mode is not available through \
             the Message Batches API"
                .to_string(),
        ));
    }
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
        inference_geo: args.inference_geo,
        platform: args.platform.clone(),
    };
    let q = billing::quote(table, model, &usage, Decimal::from(args.requests), &mode)?;
    // A quote of nothing is $0 that answers no question: say what to give instead (after the
    // mode's own errors, which are about the command as given).
    if usage == Usage::default() {
        return Err(Error::Usage(
            "nothing to price: give at least one of `--input`, `--output`, `--cache-write-5m`, \
             `--cache-write-1h`, `--cache-read` or `--web-searches` (`burnrate models MODEL` \
             shows the model's rates)"
                .to_string(),
        ));
    }
    Ok(Output::report(
        report::render(&q, args.format, width)?,
        &q.warnings,
    ))
}

/// `--fail-over-budget` needs a budget in the workload.
/// `--log-field`s as the library's mapping: a field mapped twice, or a mapping with another
/// format forced, is a usage error rather than a silent choice.
/// The usage files of `usage` and `forecast`, read with their log-field mapping.
fn load_usage(
    input: &super::args::UsageInputArgs,
    day: jiff::civil::Date,
) -> Result<crate::usage::Loaded> {
    let fields = log_fields(&input.log_field, input.input_format)?;
    crate::usage::load(&input.paths, day, input.input_format, &fields)
}

fn log_fields(
    given: &[(crate::usage::LogField, crate::usage::FieldPath)],
    forced: Option<crate::usage::InputFormat>,
) -> Result<crate::usage::LogFields> {
    let mut fields = crate::usage::LogFields::default();
    for (i, (field, path)) in given.iter().enumerate() {
        if given[..i].iter().any(|(f, _)| f == field) {
            return Err(Error::Usage(format!(
                "`--log-field {}=` is given twice; give each field once",
                field.name()
            )));
        }
        fields.set(field.clone(), path.clone());
    }
    if let Some(format) =
        forced.filter(|f| !given.is_empty() && *f != crate::usage::InputFormat::ResponseLog)
    {
        return Err(Error::Usage(format!(
            "`--log-field` maps a response log's fields; `--input-format {}` reads no response log",
            format.name()
        )));
    }
    Ok(fields)
}

/// The workload file, or the usage exports written as a workload (as `usage --to-workload`
/// writes it, read back as a file is); Message Batches results are dated as of the table's day.
fn workload_or_usage(
    source: &WorkloadSource,
    period: PeriodArgs,
    stdin: &mut dyn Read,
    table: &PricingTable,
) -> Result<workload::Workload> {
    if let Some(path) = &source.workload {
        return load_workload(path, period, stdin, table);
    }
    let day = match table.as_of_date() {
        Some(d) => d.civil()?,
        None => today_utc(),
    };
    let loaded = crate::usage::load(
        &source.from_usage,
        day,
        None,
        &crate::usage::LogFields::default(),
    )?;
    let counts = crate::usage::to_workload::request_counts(&loaded, table)?;
    let options = crate::usage::Options {
        charges: true,
        ..Default::default()
    };
    let report = crate::usage::reprice(table, loaded, &options, None)?;
    let text = crate::usage::to_workload::write(
        table,
        &report,
        &counts,
        crate::workload::starter::DEFAULT_SCHEMA,
    )?;
    let mut w = workload::load::parse("the usage as a workload", &text, table)?;
    period.apply(&mut w);
    Ok(w)
}

fn need_budget(fail: bool, workload: &workload::Workload, path: &std::path::Path) -> Result<()> {
    if fail && workload.budget_usd.is_none() {
        return Err(Error::Usage(format!(
            "`--fail-over-budget` needs a `budget_usd` in `{}`",
            path.display()
        )));
    }
    Ok(())
}

/// The estimate's warnings, one more when it is over budget, and the exit code: 3 when over
/// and `fail` is set.
fn budget_verdict(e: &Estimate, fail: bool, after_change: bool) -> (Vec<Warning>, u8) {
    let mut warnings = e.warnings.clone();
    match e.budget.filter(|_| e.over_budget) {
        Some(budget) => {
            warnings.push(Warning::OverBudget {
                after_change,
                total_usd: e.total,
                budget_usd: budget,
            });
            (warnings, if fail { EXIT_OVER_BUDGET } else { EXIT_OK })
        }
        None => (warnings, EXIT_OK),
    }
}

impl PeriodArgs {
    fn apply(self, w: &mut workload::Workload) {
        if let Some(p) = self.period {
            w.period = p;
        }
        // N days is a month of N days, as a workload file says it (`days_per_month`).
        if let Some(days) = self.days {
            w.period = workload::schema::Period::Month;
            w.days_per_month = Some(crate::quantity::Factor(days));
        }
    }
}

/// Loads the workload at `path` (`-`: standard input), over `period` when given.
fn load_workload(
    path: &std::path::Path,
    period: PeriodArgs,
    stdin: &mut dyn Read,
    table: &PricingTable,
) -> Result<workload::Workload> {
    let mut w = if path == std::path::Path::new("-") {
        workload::load::read(stdin, table)?
    } else {
        workload::load(path, table)?
    };
    period.apply(&mut w);
    Ok(w)
}

fn estimate(
    table: &PricingTable,
    args: &EstimateArgs,
    stdin: &mut dyn Read,
    width: report::Width,
) -> Result<Output> {
    if args
        .workloads
        .iter()
        .filter(|p| p.as_os_str() == "-")
        .count()
        > 1
    {
        return Err(Error::Usage(
            "`-` (standard input) can be given once".into(),
        ));
    }
    let mut estimates = Vec::with_capacity(args.workloads.len());
    let mut warnings = Vec::new();
    let mut code = EXIT_OK;
    for path in &args.workloads {
        let workload = load_workload(path, args.over, stdin, table)?;
        need_budget(args.fail_over_budget, &workload, path)?;
        let e = workload::estimate(table, &workload)?;
        let (w, c) = budget_verdict(&e, args.fail_over_budget, false);
        // A warning several workloads share (a model's status) is said once.
        for w in w {
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
        code = code.max(c);
        estimates.push(e);
    }
    let text = if estimates.len() == 1 {
        report::render(&estimates[0], args.format, width)?
    } else {
        let all = workload::sum_estimates(estimates).map_err(|e| match e {
            Error::Usage(m) => Error::Usage(format!(
                "{m}: `--period` sets one for all (a month keeps each file's `days_per_month`)"
            )),
            other => other,
        })?;
        report::render(&all, args.format, width)?
    };
    Ok(Output {
        code,
        ..Output::report(text, &warnings)
    })
}

fn migrate(
    table: &PricingTable,
    args: &MigrateArgs,
    stdin: &mut dyn Read,
    width: report::Width,
) -> Result<Output> {
    let workload = workload_or_usage(&args.source, args.over, stdin, table)?;
    let changes = workload::Changes {
        task: args.task.clone(),
        to_model: args
            .to_model
            .as_deref()
            .map(|m| table.resolve(m).map(|(m, _)| m.id.clone()))
            .transpose()?,
        batch_share: args.batch_share,
        cache: args.cache_ttl,
        speed: args.speed,
        inference_geo: args.inference_geo,
        escalation: None,
    };
    if changes.is_empty() {
        return Err(Error::Usage(
            "nothing to migrate: give at least one of `--to-model`, `--batch-share`, \
             `--cache-ttl`, `--speed` or `--inference-geo`"
                .into(),
        ));
    }
    if args.fail_over_budget && workload.budget_usd.is_none() {
        return Err(Error::Usage(match &args.source.workload {
            Some(path) => format!(
                "`--fail-over-budget` needs a `budget_usd` in `{}`",
                path.display()
            ),
            None => "`--fail-over-budget` needs a `budget_usd`, which usage does not give: \
                     write it with `usage --to-workload` and add one"
                .to_string(),
        }));
    }
    let m = workload::migrate(table, &workload, &changes)?;
    let (warnings, code) = budget_verdict(&m.after, args.fail_over_budget, true);
    Ok(Output {
        code,
        ..Output::report(report::render(&m, args.format, width)?, &warnings)
    })
}

fn sweep(
    table: &PricingTable,
    args: &SweepArgs,
    stdin: &mut dyn Read,
    width: report::Width,
) -> Result<Output> {
    let workload = load_workload(&args.workload, args.over, stdin, table)?;
    let sw = workload::sweep::sweep(
        table,
        &workload,
        args.vary,
        usize::from(args.points),
        args.log,
        &args.models,
        args.task.as_deref(),
    )?;
    let mut notes = Vec::new();
    if let Some(path) = &args.chart {
        write_chart(&sw, path)?;
        // The table goes to stdout; say where the picture went.
        notes.push(format!("chart written to {}", path.display()));
    }
    Ok(Output {
        notes,
        ..Output::report(report::render(&sw, args.format, width)?, &[])
    })
}

#[cfg(feature = "chart")]
fn write_chart(sw: &workload::sweep::Sweep, path: &std::path::Path) -> Result<()> {
    let svg = report::chart::svg(sw)?;
    std::fs::write(path, svg).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(not(feature = "chart"))]
fn write_chart(_: &workload::sweep::Sweep, _: &std::path::Path) -> Result<()> {
    Err(Error::Usage(
        "`--chart`: this burnrate was built without the `chart` feature".into(),
    ))
}

fn tokens(
    table: &PricingTable,
    args: &TokensArgs,
    env: &Env,
    stdin: &mut dyn Read,
) -> Result<Output> {
    let mut models = Vec::new();
    for name in &args.model {
        models.push(table.resolve(name)?.0);
    }
    if models.is_empty() {
        models.push(table.newest_of_family("sonnet").ok_or_else(|| {
            Error::Usage("no Sonnet model in the pricing table: pass `--model`".into())
        })?);
    }
    let chosen = models
        .iter()
        .map(|m| crate::tokens::Chosen::of(table, m, args.cl100k_factor))
        .collect::<Result<Vec<_>>>()?;
    // One pass over the inputs counts them with every counter the models need.
    let mut counters = Vec::new();
    for c in &chosen {
        if !counters.contains(&c.method.counter()) {
            counters.push(c.method.counter());
        }
    }
    let sources = crate::tokens::expand(&args.paths)?;
    let workers = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let (inputs, skipped) = crate::tokens::stream::count_with(
        &counters,
        &sources,
        stdin,
        crate::tokens::stream::CHUNK_BYTES,
        workers,
        &Bar::new(env.stderr_is_terminal),
    )?;
    let estimates = models
        .iter()
        .zip(&chosen)
        .map(|(m, c)| {
            crate::tokens::estimate(
                table,
                m,
                c,
                &inputs,
                &counters,
                skipped.clone(),
                args.content,
            )
        })
        .collect::<Result<Vec<_>>>()?;
    if estimates.len() == 1 {
        let t = &estimates[0];
        return Ok(Output::report(
            report::render(t, args.format, env.width)?,
            &t.warnings,
        ));
    }
    let c = crate::tokens::compare::TokenComparison::new(estimates)?;
    Ok(Output::report(
        report::render(&c, args.format, env.width)?,
        &c.warnings,
    ))
}

fn batch_file(table: &PricingTable, args: &BatchFileArgs, env: &Env) -> Result<Output> {
    let guess = crate::tokens::batch_file::Assumptions {
        tokens: args.output_tokens,
        ratio: args.output_ratio,
        cache_hit_rate: args.cache_hit_rate,
    };
    let progress = Bar::new(env.stderr_is_terminal);
    let b = crate::tokens::batch_file::estimate_file(table, &args.file, guess, &progress)?;
    // Each line that failed, by its place in the file, before the count of them.
    let name = args.file.display();
    let mut warnings = Vec::new();
    for w in &b.warnings {
        if matches!(w, Warning::UnpricedLines { .. }) {
            warnings.extend(
                b.errors
                    .iter()
                    .map(|e| format!("{name}:{}: {}", e.line, e.message)),
            );
        }
        // A warning about one line names the file it is in, as errors do: `FILE:LINE: ...`.
        let text = w.to_string();
        warnings.push(match text.strip_prefix("line ") {
            Some(rest) => format!("{name}:{rest}"),
            None => text,
        });
    }
    Ok(Output {
        text: report::render(&b, args.format, env.width)?,
        warnings,
        code: if b.errors.is_empty() {
            EXIT_OK
        } else {
            EXIT_ERROR
        },
        notes: Vec::new(),
    })
}

/// The completion script for `shell`.
fn completions(shell: clap_complete::Shell) -> String {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "burnrate", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// The man page of burnrate, or of `subcommand` (named `burnrate-SUBCOMMAND`).
fn man(subcommand: Option<&str>) -> Result<String> {
    use clap::CommandFactory;
    let mut cli = Cli::command();
    // Built, so subcommands carry their full names and the generated `help` is present.
    cli.build();
    let page = match subcommand {
        None => cli,
        Some(name) => {
            let names: Vec<String> = cli
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .filter(|n| n != "help")
                .collect();
            let sub = cli.find_subcommand(name).cloned().ok_or_else(|| {
                Error::Usage(format!(
                    "`burnrate man {name}`: no such subcommand; one of {}",
                    names.join(", ")
                ))
            })?;
            sub.version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut buf = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut buf)
        .map_err(|e| Error::Usage(format!("cannot render the man page: {e}")))?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

fn init(table: &PricingTable, args: &InitArgs) -> Result<Output> {
    // The file names canonical ids: the counts in it are in the tokenizer of the model as
    // written, so a family name that moves to a new model would change what they mean.
    let pick = |given: &Option<String>, family: &str, flag: &str| -> Result<String> {
        match given {
            Some(name) => Ok(table.resolve(name)?.0.id.clone()),
            None => table
                .newest_of_family(family)
                .map(|m| m.id.clone())
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "no {family} model in the pricing table: pass `{flag}`"
                    ))
                }),
        }
    };
    let file = args.file.as_ref().filter(|f| f.as_os_str() != "-");
    let starter = workload::starter::Starter {
        name: args.name.clone().unwrap_or_else(|| {
            file.and_then(|f| f.file_stem()).map_or_else(
                || "My workload".to_string(),
                |s| s.to_string_lossy().into_owned(),
            )
        }),
        period: args.period,
        model: pick(&args.model, "sonnet", "--model")?,
        cheap_model: pick(&args.cheap_model, "haiku", "--cheap-model")?,
        requests_per_day: args.requests_per_day,
        budget_usd: args.budget,
        schema: args.schema.clone(),
    };
    let text = starter.render();
    let Some(path) = file else {
        return Ok(Output::report(text, &[]));
    };
    write_new(path, &text, args.force)?;
    Ok(Output {
        text: String::new(),
        warnings: Vec::new(),
        code: EXIT_OK,
        notes: vec![format!(
            "wrote {0}; price it with `burnrate estimate {0}`",
            path.display()
        )],
    })
}

/// Writes `text` to `path`, refusing to replace an existing file unless `force`: the check and
/// the creation are one step (`create_new`), so nothing written in between is lost.
fn write_new(path: &std::path::Path, text: &str, force: bool) -> Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut f = options.open(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            Error::Usage(format!(
                "`{}` already exists; pass `--force` to overwrite it, or name another file",
                path.display()
            ))
        } else {
            Error::Write {
                path: path.to_path_buf(),
                source,
            }
        }
    })?;
    f.write_all(text.as_bytes()).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

fn calibrate(table: &PricingTable, args: &CalibrateArgs, width: report::Width) -> Result<Output> {
    use crate::tokens::calibrate::{self, Against};
    use crate::tokens::method::Method;
    let (model, _) = table.resolve(&args.model)?;
    let tokenizer = table
        .tokenizer_of(model)
        .ok_or_else(|| Error::UnknownTokenizer(model.tokenizer.clone()))?;
    let method = Method::of(table, model, crate::error::FactorsFor::Calibration)?;
    let (against, frame) = match &method {
        Method::Claude { count, frame, .. } if !args.cl100k_factor => {
            (Against::Vocabulary(*count), args.frame.unwrap_or(*frame))
        }
        _ => (Against::Cl100k, args.frame.unwrap_or(0)),
    };
    let samples = calibrate::read_samples(&args.samples)?;
    let c = calibrate::calibrate(
        tokenizer,
        against,
        &samples,
        frame,
        args.content,
        &calibrate::today(),
    )?;
    let format = match args.format {
        CalibrateFormat::Yaml => None,
        CalibrateFormat::Table => Some(report::Format::Table),
        CalibrateFormat::Json => Some(report::Format::Json),
        CalibrateFormat::Csv => Some(report::Format::Csv),
        CalibrateFormat::Markdown => Some(report::Format::Markdown),
    };
    if let Some(format) = format {
        return Ok(Output::report(report::render(&c, format, width)?, &[]));
    }
    Ok(match c.override_yaml.clone() {
        Some(text) => Output {
            notes: report::fit_lines(&c),
            text,
            warnings: Vec::new(),
            code: EXIT_OK,
        },
        // A residual is the report itself.
        None => Output {
            text: report::fit_lines(&c)
                .into_iter()
                .map(|l| l + "\n")
                .collect(),
            notes: Vec::new(),
            warnings: Vec::new(),
            code: EXIT_OK,
        },
    })
}
