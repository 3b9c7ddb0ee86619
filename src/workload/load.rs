//! Reading a workload file and checking the rules that span fields: exactly one request rate per
//! task, unique task names, and models that exist in the pricing table. Every error names the
//! file, the line and column (from the parser) and the field.

use std::io::Read;
use std::path::Path;

use rust_decimal::Decimal;

use super::schema::{ClassTokens, SampleFile, Task, TaskTokens, TextSample, TokenSource, Workload};
use crate::billing::{self, Item};
use crate::billing::{ModeOption, Speed, tool_overhead};
use crate::error::{Error, Result};
use crate::pricing::{Model, PricingTable};
use crate::tokens::method::ClaudeCount;
use crate::yaml::{Parsed, Positions};

/// Reads, parses and validates the workload at `path` against `table`; files it names are read
/// relative to the workload's folder.
pub fn load(path: &Path, table: &PricingTable) -> Result<Workload> {
    let text = crate::utf8::read(path)?;
    let base = path.parent().unwrap_or(Path::new("."));
    parse_in(&path.display().to_string(), &text, base, table)
}

/// Parses and validates workload `text` read from `name`, with files relative to the current
/// folder.
pub fn parse(name: &str, text: &str, table: &PricingTable) -> Result<Workload> {
    parse_in(name, text, Path::new("."), table)
}

/// Parses and validates workload `text` read from `name`, with files relative to `base`.
pub fn parse_in(name: &str, text: &str, base: &Path, table: &PricingTable) -> Result<Workload> {
    let Parsed {
        value: mut workload,
        positions,
    } = crate::yaml::from_str::<Workload>(
        name,
        text,
        "the workload is empty; it needs `period` and `tasks`",
    )?;
    if workload.name.trim().is_empty() {
        workload.name = default_name(name);
    }
    let at = Locator {
        name,
        positions: &positions,
    };
    validate(&workload, &at, table)?;
    resolve_tokens(&mut workload, &at, base, table)?;
    workload.origin = Some(super::overflow::Origin {
        file: name.to_string(),
        positions,
    });
    Ok(workload)
}

/// A workload's name when it gives none: its file's name without the extension (`stdin` for
/// standard input).
fn default_name(source: &str) -> String {
    if source == STDIN {
        return "stdin".into();
    }
    Path::new(source)
        .file_stem()
        .map_or_else(|| source.to_string(), |s| s.to_string_lossy().into_owned())
}

/// How errors name a workload read from standard input.
pub const STDIN: &str = "<stdin>";

/// Reads a workload from standard input (`-`): files it names are relative to the current
/// folder, and errors name it `<stdin>`.
pub fn read(input: &mut dyn Read, table: &PricingTable) -> Result<Workload> {
    let mut bytes = Vec::new();
    // The same bound as a workload file, so an endless stream is refused, not buffered.
    std::io::Read::take(input, crate::yaml::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            path: STDIN.into(),
            source,
        })?;
    let text = String::from_utf8(bytes).map_err(|e| Error::Io {
        path: STDIN.into(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()),
    })?;
    parse_in(STDIN, &text, Path::new("."), table)
}

/// Builds errors that point at a value of the workload by its field path.
struct Locator<'a> {
    name: &'a str,
    positions: &'a Positions,
}

impl Locator<'_> {
    /// An error at the value of `path`, or of its nearest enclosing value when it is absent.
    fn invalid(&self, path: &str, message: String) -> Error {
        self.positions.invalid(self.name, path, message)
    }
}

/// Turns each task's token numbers or files into [`TokenSource`]s, reading and counting the
/// files (this is the only place a workload touches the file system after its own file).
fn resolve_tokens(
    w: &mut Workload,
    at: &Locator<'_>,
    base: &Path,
    table: &PricingTable,
) -> Result<()> {
    for (i, task) in w.tasks.iter_mut().enumerate() {
        if let Some(classes) = task.class_tokens().cloned() {
            class_task(i, task, &classes, at, table)?;
            continue;
        }
        let fields = [
            (
                "system_tokens",
                "system_file",
                task.system_tokens,
                task.system_file.clone(),
            ),
            (
                "user_tokens",
                "user_samples",
                task.user_tokens,
                task.user_samples.clone(),
            ),
            (
                "output_tokens",
                "output_samples",
                task.output_tokens,
                task.output_samples.clone(),
            ),
        ];
        let mut resolved = Vec::with_capacity(3);
        for (count_field, file_field, count, pattern) in fields {
            resolved.push(match (count, pattern) {
                (Some(c), None) => TokenSource::Count(c.0),
                (None, Some(p)) => {
                    TokenSource::Text(read_sample(table, base, &p).map_err(|e| {
                        at.invalid(
                            &format!("tasks[{i}].{file_field}"),
                            format!("tasks[{i}].{file_field}: {e}"),
                        )
                    })?)
                }
                (c, _) => {
                    return Err(at.invalid(
                        &format!("tasks[{i}]"),
                        format!(
                            "tasks[{i}] (`{}`): give exactly one of `{count_field}` or \
                             `{file_field}` (found {})",
                            task.name,
                            if c.is_some() { "both" } else { "neither" }
                        ),
                    ));
                }
            });
        }
        let measured_on = measured_on(task, i, at, table)?;
        let mut it = resolved.into_iter();
        task.tokens = TaskTokens {
            measured_on,
            system: it.next().unwrap_or_default(),
            user: it.next().unwrap_or_default(),
            output: it.next().unwrap_or_default(),
        };
    }
    Ok(())
}

/// Reads the file, folder or glob `pattern` (relative to `base`) and counts each text in the
/// base encoding and in every Claude count of `table`'s models.
/// The canonical id of the model whose tokenizer task `i`'s counts are in
/// (`tokens_measured_on`, or the task's model), an error at that field if it is unknown.
fn measured_on(task: &Task, i: usize, at: &Locator<'_>, table: &PricingTable) -> Result<String> {
    let measuring = task.tokens_measured_on.as_deref().unwrap_or(&task.model);
    table
        .resolve(measuring)
        .map(|(m, _)| m.id.clone())
        .map_err(|e| {
            at.invalid(
                &format!("tasks[{i}].tokens_measured_on"),
                format!("tasks[{i}].tokens_measured_on: {e}"),
            )
        })
}

fn read_sample(table: &PricingTable, base: &Path, pattern: &str) -> Result<TextSample> {
    let full = base.join(pattern).display().to_string();
    let (inputs, skipped) = crate::tokens::collect(&[full], &mut std::io::empty())?;
    if let Some(s) = skipped.first() {
        return Err(Error::Invalid {
            path: s.name.clone(),
            line: None,
            column: None,
            message: s.reason.clone(),
        });
    }
    if inputs.is_empty() {
        return Err(Error::NoFiles(pattern.to_string()));
    }
    let counts = claude_counts(table);
    Ok(TextSample {
        pattern: pattern.to_string(),
        files: inputs
            .iter()
            .map(|input| SampleFile {
                base_tokens: crate::tokens::count::cl100k_tokens(&input.text) as u64,
                content: crate::tokens::Content::detect(input.path.as_deref(), &input.text),
                claude: counts
                    .iter()
                    .map(|c| (*c, c.content_tokens(&input.text)))
                    .collect(),
            })
            .collect(),
    })
}

/// Every distinct Claude count the table's models use.
fn claude_counts(table: &PricingTable) -> Vec<ClaudeCount> {
    let mut out = Vec::new();
    for c in table
        .models()
        .iter()
        .filter_map(|m| ClaudeCount::of(table, m))
    {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// A task written in observed class tokens (`tokens_per_request` or `tokens_per_day`): the
/// per-request fields and `cache` would describe the same tokens twice, so they are refused.
/// Its counts are recorded as the three roles the tokenizer conversion and its report know:
/// the cached part of the prompt as the prefix, uncached input as the user part, and output.
fn class_task(
    i: usize,
    task: &mut Task,
    classes: &ClassTokens,
    at: &Locator<'_>,
    table: &PricingTable,
) -> Result<()> {
    let refuse = |field: &str, why: &str| {
        Err(at.invalid(
            &format!("tasks[{i}].{field}"),
            format!("tasks[{i}].{field} (`{}`): {why}", task.name),
        ))
    };
    let which = if task.tokens_per_day.is_some() {
        "tokens_per_day"
    } else {
        "tokens_per_request"
    };
    if task.tokens_per_day.is_some() && task.tokens_per_request.is_some() {
        return refuse(
            "tokens_per_day",
            "give `tokens_per_day` or `tokens_per_request`, not both",
        );
    }
    let per_request = [
        ("system_tokens", task.system_tokens.is_some()),
        ("system_file", task.system_file.is_some()),
        ("user_tokens", task.user_tokens.is_some()),
        ("user_samples", task.user_samples.is_some()),
        ("output_tokens", task.output_tokens.is_some()),
        ("output_samples", task.output_samples.is_some()),
        ("cache", task.cache.is_some()),
        ("escalation", task.escalation.is_some()),
    ];
    if let Some((field, _)) = per_request.iter().find(|(_, set)| *set) {
        return refuse(
            field,
            &format!("`{which}` already gives the task's tokens by class; leave `{field}` out"),
        );
    }
    let rates = task.rates_given();
    if task.tokens_per_day.is_some() && rates > 0 {
        return refuse(
            "tokens_per_day",
            "token totals per day take no request rate; use `tokens_per_request` with one",
        );
    }
    if task.tokens_per_request.is_some() && task.prompt_tokens_per_request.is_some() {
        return refuse(
            "prompt_tokens_per_request",
            "`tokens_per_request` already gives the prompt length",
        );
    }
    let measured_on = measured_on(task, i, at, table)?;
    task.tokens = TaskTokens {
        measured_on,
        system: TokenSource::Count(classes.cached()),
        user: TokenSource::Count(classes.input.0),
        output: TokenSource::Count(classes.output.0),
    };
    Ok(())
}

fn validate(w: &Workload, at: &Locator<'_>, table: &PricingTable) -> Result<()> {
    if w.tasks.is_empty() {
        return Err(at.invalid(
            "tasks",
            "`tasks` is empty: a workload needs at least one task".to_string(),
        ));
    }
    for (i, task) in w.tasks.iter().enumerate() {
        let field = |f: &str| format!("tasks[{i}].{f}");
        let rates = task.rates_given();
        if rates != 1 && task.tokens_per_day.is_none() {
            return Err(at.invalid(
                &format!("tasks[{i}]"),
                format!(
                    "tasks[{i}] (`{}`): give exactly one of `requests_per_day`, \
                     `requests_per_hour` or `requests_per_month` (found {rates})",
                    task.name
                ),
            ));
        }
        if let Some(first) = w.tasks[..i].iter().position(|t| t.name == task.name) {
            return Err(at.invalid(
                &field("name"),
                format!(
                    "tasks[{i}].name: `{}` is already the name of tasks[{first}]; task names \
                     must be unique",
                    task.name
                ),
            ));
        }
        if task.speed == Speed::Fast && task.batch_share.0 > Decimal::ZERO {
            return Err(at.invalid(
                &field("batch_share"),
                format!(
                    "tasks[{i}].batch_share: fast mode is not available through the Batch API; \
                     set `batch_share: 0` or `speed: standard`"
                ),
            ));
        }
        // A task pinned to a day is checked against that day's table, as it is priced: a
        // model retired (or a fast mode removed) since then was served on that day.
        let pinned = match &task.prices_as_of {
            Some(day) => Some(day.civil().and_then(|d| table.as_of(d)).map_err(|e| {
                at.invalid(
                    &field("prices_as_of"),
                    format!("tasks[{i}].prices_as_of: {e}"),
                )
            })?),
            None => None,
        };
        let table = pinned.as_ref().unwrap_or(table);
        let model = match table.resolve(&task.model) {
            Ok((m, _)) => m,
            Err(e) => {
                return Err(at.invalid(&field("model"), format!("tasks[{i}].model: {e}")));
            }
        };
        check_modes(table, model, task).map_err(|e| {
            at.invalid(
                &format!("tasks[{i}]"),
                format!("tasks[{i}] (`{}`): {e}", task.name),
            )
        })?;
        tool_overhead(model, task.tool_choice).map_err(|e| {
            at.invalid(
                &field("tool_choice"),
                format!("tasks[{i}].tool_choice: {e}"),
            )
        })?;
        if let Some(esc) = &task.escalation {
            let path = field("escalation.model");
            let model = match table.resolve(&esc.model) {
                Ok((m, _)) => m,
                Err(e) => {
                    return Err(at.invalid(&path, format!("tasks[{i}].escalation.model: {e}")));
                }
            };
            check_modes(table, model, task)
                .and_then(|()| tool_overhead(model, task.tool_choice).map(|_| ()))
                .map_err(|e| {
                    at.invalid(
                        &path,
                        format!("tasks[{i}].escalation (`{}`): {e}", task.name),
                    )
                })?;
        }
    }
    Ok(())
}

/// Checks that `model` supports the task's speed, inference geo and (where used) batch.
fn check_modes(table: &PricingTable, model: &Model, task: &Task) -> Result<()> {
    let check = |batch| {
        billing::rate(table, model, Item::Input, Decimal::ZERO, &task.mode(batch))
            .map(|_| ())
            .map_err(name_field)
    };
    if task.batch_share.0 < Decimal::ONE {
        check(false)?;
    }
    if task.batch_share.0 > Decimal::ZERO {
        check(true)?;
    }
    Ok(())
}

/// Names the workload field an unavailable option comes from, as the command line names its
/// flag.
fn name_field(e: Error) -> Error {
    match e {
        Error::Unavailable { option, message } => {
            let field = match option {
                ModeOption::Batch => "`batch_share`",
                ModeOption::Fast => "`speed: fast`",
                ModeOption::UsInference => "`inference_geo: us`",
                ModeOption::FastWithBatch => "`speed: fast` with `batch_share`",
            };
            Error::Unavailable {
                option,
                message: format!("{field}: {message}"),
            }
        }
        other => other,
    }
}
