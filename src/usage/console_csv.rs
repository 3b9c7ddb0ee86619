//! The Console's CSV exports (no Admin key needed): the usage CSV (tokens by day, model, key,
//! workspace) read as records, and the cost CSV (dollars, not the API's cents) read as billed
//! lines. Anthropic does not document their columns; these follow two independent importers,
//! so a column burnrate does not know is an error that names it, never guessed at.

use std::io::Read;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::cost_report::{Billed, BilledTier, CostType};
use super::crlf::LfReader;
use super::record::{ContextWindow, Groups, Origin, Pricing, Record, ServiceTier};
use super::usage_report::Assumed;
use super::utf8_reader::{BadByte, Utf8Reader};
use crate::billing::{InferenceGeo, Item, Speed, Usage};
use crate::error::{Error, Result};

/// The usage CSV's columns.
const USAGE_COLUMNS: [&str; 14] = [
    "usage_date_utc",
    "model_version",
    "api_key",
    "workspace",
    "usage_type",
    "context_window",
    "usage_input_tokens_no_cache",
    "usage_input_tokens_cache_write_5m",
    "usage_input_tokens_cache_write_1h",
    "usage_input_tokens_cache_read",
    "usage_output_tokens",
    "web_search_count",
    "inference_geo",
    "speed",
];

/// The usage CSV's columns that must be there: a missing token column would price a class at
/// $0.
const USAGE_REQUIRED: [&str; 7] = [
    "usage_date_utc",
    "model_version",
    "usage_input_tokens_no_cache",
    "usage_input_tokens_cache_write_5m",
    "usage_input_tokens_cache_write_1h",
    "usage_input_tokens_cache_read",
    "usage_output_tokens",
];

/// The cost CSV's columns that must be there.
const COST_REQUIRED: [&str; 3] = ["usage_date_utc", "cost_usd", "model"];

/// The cost CSV's columns.
const COST_COLUMNS: [&str; 14] = [
    "usage_date_utc",
    "model",
    "workspace",
    "api_key",
    "usage_type",
    "context_window",
    "token_type",
    "cost_usd",
    "list_price_usd",
    "cost_type",
    "inference_geo",
    "speed",
    "api_key_id",
    "api_key_status",
];

/// Whether `text` starts like a Console CSV export (its first column).
pub fn is_console_csv(text: &[u8]) -> bool {
    strip_bom(text).starts_with(b"usage_date_utc,")
}

fn strip_bom(text: &[u8]) -> &[u8] {
    text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text)
}

/// Notes `a` once (a row each would grow with the file).
fn assume(assumed: &mut Vec<Assumed>, a: Assumed) {
    if !assumed.contains(&a) {
        assumed.push(a);
    }
}

/// The column lookup of a CSV whose header must be exactly `known`'s columns (in any order).
struct Table {
    file: String,
    columns: Vec<String>,
}

/// `text` as a reader of the same bytes, a byte-order mark blanked (not removed) so offsets
/// stay those of the file.
fn bytes_reader(text: &[u8]) -> impl Read + '_ {
    let rest = strip_bom(text);
    let blank: &[u8] = if rest.len() < text.len() { b"   " } else { b"" };
    blank.chain(rest)
}

impl Table {
    /// Reads the CSV from `reader` (a byte-order mark blanked to spaces), checking its header,
    /// and hands `each` every row with its line: nothing is held but the row at hand.
    fn each_row(
        file: &str,
        reader: impl Read,
        (known, required, other): (&[&str], &[&str], &[&str]),
        mut each: impl FnMut(&Table, usize, &csv::StringRecord) -> Result<()>,
    ) -> Result<()> {
        let invalid = |line: Option<usize>, message: String| Error::Invalid {
            path: file.to_string(),
            line,
            column: None,
            message,
        };
        let bad = BadByte::default();
        // The csv crate's own message names a record and field, not the byte.
        let not_csv = |e: csv::Error, line: Option<usize>| match bad.get() {
            Some((at, line)) => Error::Invalid {
                path: file.to_string(),
                line: Some(line),
                column: None,
                message: format!("not UTF-8 text (invalid byte at offset {at})"),
            },
            None => invalid(
                e.position().map(|p| p.line() as usize).or(line),
                format!("not CSV: {e}"),
            ),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(LfReader::new(Utf8Reader::new(reader, bad.clone())));
        let columns: Vec<String> = reader
            .headers()
            .map_err(|e| not_csv(e, Some(1)))?
            .iter()
            .map(|c| c.trim().to_string())
            .collect();
        if columns.iter().any(|c| other.contains(&c.as_str())) {
            return Err(invalid(
                Some(1),
                "this is the Console's other CSV export (usage and cost CSVs are read apart: \
                 usage is repriced, cost is the bill)"
                    .to_string(),
            ));
        }
        if let Some(c) = columns.iter().find(|c| !known.contains(&c.as_str())) {
            return Err(invalid(
                Some(1),
                format!(
                    "unknown column `{c}`: the export's columns are not documented, so burnrate \
                     reads only {}",
                    known.join(", ")
                ),
            ));
        }
        if let Some(c) = required.iter().find(|r| !columns.iter().any(|c| c == *r)) {
            return Err(invalid(
                Some(1),
                format!(
                    "no `{c}` column; the export must have {}",
                    required.join(", ")
                ),
            ));
        }
        let table = Table {
            file: file.to_string(),
            columns,
        };
        let mut record = csv::StringRecord::new();
        let mut rows = 0;
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => return Ok(()),
                Err(e) => return Err(not_csv(e, None)),
            }
            rows += 1;
            let line = record.position().map_or(rows + 1, |p| p.line() as usize);
            each(&table, line, &record)?;
        }
    }

    fn get<'a>(&self, row: &'a csv::StringRecord, name: &str) -> &'a str {
        self.columns
            .iter()
            .position(|c| c == name)
            .and_then(|i| row.get(i))
            .map_or("", str::trim)
    }

    fn invalid(&self, line: usize, message: String) -> Error {
        Error::Invalid {
            path: self.file.clone(),
            line: Some(line),
            column: None,
            message,
        }
    }

    fn date(&self, line: usize, row: &csv::StringRecord) -> Result<Date> {
        let text = self.get(row, "usage_date_utc");
        // The day may come with a time (`2026-11-03 00:00:00`); the day is what prices it.
        let day = text.get(..10).unwrap_or(text);
        day.parse().map_err(|e: jiff::Error| {
            self.invalid(
                line,
                format!("`usage_date_utc`: `{text}` is not a YYYY-MM-DD day ({e})"),
            )
        })
    }

    fn count(&self, line: usize, row: &csv::StringRecord, name: &str) -> Result<u64> {
        let text = self.get(row, name);
        if text.is_empty() {
            return Ok(0);
        }
        text.parse().map_err(|_| {
            self.invalid(
                line,
                format!("`{name}`: `{text}` is not a whole number of zero or more"),
            )
        })
    }
}

/// `≤ 200k`, `0-200k` and the like; `> 200k`, `200k-1M`.
fn context_window(text: &str) -> Option<Option<ContextWindow>> {
    let t = text.to_ascii_lowercase().replace(' ', "");
    match t.as_str() {
        "" => Some(None),
        "≤200k" | "<=200k" | "0-200k" => Some(Some(ContextWindow::UpTo200k)),
        ">200k" | "200k-1m" => Some(Some(ContextWindow::Above200k)),
        _ => None,
    }
}

fn tier(text: &str) -> Option<ServiceTier> {
    match text.to_ascii_lowercase().as_str() {
        "" | "standard" | "message" | "messages" => Some(ServiceTier::Standard),
        "batch" | "message_batch" | "batches" => Some(ServiceTier::Batch),
        "priority" => Some(ServiceTier::Priority),
        _ => None,
    }
}

/// Reads the Console usage CSV: its records, and the dimensions left blank (priced as
/// standard tier, standard speed, global).
pub fn parse_usage(file: &str, text: &[u8]) -> Result<(Vec<Record>, Vec<Assumed>)> {
    let mut out = Vec::new();
    let assumed = read_usage(file, bytes_reader(text), |r| {
        out.push(r);
        Ok(())
    })?;
    Ok((out, assumed))
}

/// Reads the Console usage CSV from `reader` (a byte-order mark blanked to spaces), handing
/// `each` every record as it is read; returns the dimensions left blank.
pub fn read_usage(
    file: &str,
    reader: impl Read,
    mut each: impl FnMut(Record) -> Result<()>,
) -> Result<Vec<Assumed>> {
    let mut assumed = Vec::new();
    Table::each_row(
        file,
        reader,
        (
            &USAGE_COLUMNS,
            &USAGE_REQUIRED,
            &["cost_usd", "token_type", "list_price_usd"],
        ),
        |table, line, row| each(usage_record(file, table, line, row, &mut assumed)?),
    )?;
    assumed.sort();
    Ok(assumed)
}

/// One row of the usage CSV as a record.
fn usage_record(
    file: &str,
    table: &Table,
    line: usize,
    row: &csv::StringRecord,
    assumed: &mut Vec<Assumed>,
) -> Result<Record> {
    let date = table.date(line, row)?;
    let start = jiff::tz::Offset::UTC
        .to_timestamp(date.at(0, 0, 0, 0))
        .map_err(|e| table.invalid(line, format!("the day {date} has no UTC midnight ({e})")))?;
    let end = date
        .tomorrow()
        .and_then(|d| jiff::tz::Offset::UTC.to_timestamp(d.at(0, 0, 0, 0)))
        .map_err(|e| table.invalid(line, format!("the day {date} has no end ({e})")))?;
    let model = table.get(row, "model_version");
    if model.is_empty() {
        return Err(table.invalid(line, "`model_version` is empty".into()));
    }
    let usage_type = table.get(row, "usage_type");
    if usage_type.is_empty() {
        assume(assumed, Assumed::ServiceTier);
    }
    if table.get(row, "speed").is_empty() {
        assume(assumed, Assumed::Speed);
    }
    if table.get(row, "inference_geo").is_empty() {
        assume(assumed, Assumed::InferenceGeo);
    }
    let service_tier = tier(usage_type).ok_or_else(|| {
        table.invalid(
            line,
            format!("`usage_type`: `{usage_type}` is not one burnrate knows (standard, batch)"),
        )
    })?;
    let window = table.get(row, "context_window");
    let context_window = context_window(window).ok_or_else(|| {
        table.invalid(
            line,
            format!("`context_window`: `{window}` is not `≤ 200k` or `> 200k`"),
        )
    })?;
    let speed = match table.get(row, "speed").to_ascii_lowercase().as_str() {
        "" | "standard" => Speed::Standard,
        "fast" => Speed::Fast,
        other => {
            return Err(table.invalid(line, format!("`speed`: `{other}` is not standard or fast")));
        }
    };
    let inference_geo = match table
        .get(row, "inference_geo")
        .to_ascii_lowercase()
        .as_str()
    {
        "us" => InferenceGeo::Us,
        "" | "global" | "not_available" => InferenceGeo::Global,
        other => {
            return Err(table.invalid(
                line,
                format!("`inference_geo`: `{other}` is not global, us or not_available"),
            ));
        }
    };
    let non_empty = |name: &str| Some(table.get(row, name).to_string()).filter(|s| !s.is_empty());
    Ok(Record {
        origin: Origin {
            file: file.to_string(),
            line,
        },
        id: None,
        start,
        end,
        pricing: Pricing {
            model: model.to_string(),
            service_tier,
            inference_geo,
            speed,
            context_window,
            exact_tier: None,
        },
        groups: Groups {
            workspace_id: non_empty("workspace"),
            api_key_id: non_empty("api_key"),
            account_id: None,
            service_account_id: None,
        },
        prompt_tokens: None,
        sidechain: false,
        cache: Default::default(),
        usage: Usage {
            input: table
                .count(line, row, "usage_input_tokens_no_cache")?
                .into(),
            cache_write_5m: table
                .count(line, row, "usage_input_tokens_cache_write_5m")?
                .into(),
            cache_write_1h: table
                .count(line, row, "usage_input_tokens_cache_write_1h")?
                .into(),
            cache_read: table
                .count(line, row, "usage_input_tokens_cache_read")?
                .into(),
            output: table.count(line, row, "usage_output_tokens")?.into(),
            web_searches: table.count(line, row, "web_search_count")?.into(),
        },
    })
}

/// `Claude Sonnet 4.5` → `claude-sonnet-4-5`, as the Console's cost CSV names models.
fn model_id(display: &str) -> String {
    display.trim().to_ascii_lowercase().replace([' ', '.'], "-")
}

/// Reads the Console cost CSV from `reader` (a byte-order mark blanked to spaces), handing
/// `each` every billed line as it is read.
pub fn read_cost(
    file: &str,
    reader: impl Read,
    mut each: impl FnMut(Billed) -> Result<()>,
) -> Result<()> {
    Table::each_row(
        file,
        reader,
        (
            &COST_COLUMNS,
            &COST_REQUIRED,
            &["model_version", "usage_output_tokens"],
        ),
        |table, line, row| each(cost_line(file, table, line, row)?),
    )
}

/// One row of the cost CSV as a billed line.
fn cost_line(file: &str, table: &Table, line: usize, row: &csv::StringRecord) -> Result<Billed> {
    let date = table.date(line, row)?;
    let token_type = table.get(row, "token_type");
    let cost_type = match table.get(row, "cost_type").to_ascii_lowercase().as_str() {
        "" | "token" | "tokens" => CostType::Tokens,
        "web_search" => CostType::WebSearch,
        "code_execution" => CostType::CodeExecution,
        "session_usage" => CostType::SessionUsage,
        other => {
            return Err(table.invalid(
                line,
                format!("`cost_type`: `{other}` is not one burnrate knows"),
            ));
        }
    };
    let item = match (cost_type, token_type) {
        (CostType::WebSearch, _) => Some(Item::WebSearch),
        (_, "input_no_cache") => Some(Item::Input),
        (_, "output") => Some(Item::Output),
        (_, "input_cache_read") => Some(Item::CacheRead),
        (_, "input_cache_write_5m") => Some(Item::CacheWrite5m),
        (_, "input_cache_write_1h") => Some(Item::CacheWrite1h),
        (_, "") => None,
        (_, other) => {
            return Err(table.invalid(
                line,
                format!(
                    "`token_type`: `{other}` is not one burnrate knows (input_no_cache, \
                     input_cache_write_5m, input_cache_write_1h, input_cache_read, output)"
                ),
            ));
        }
    };
    let text = table.get(row, "cost_usd");
    let usd: Decimal = text.trim_start_matches('$').parse().map_err(|_| {
        table.invalid(
            line,
            format!("`cost_usd`: `{text}` is not a decimal number"),
        )
    })?;
    let model = table.get(row, "model");
    Ok(Billed {
        origin: Origin {
            file: file.to_string(),
            line,
        },
        date,
        model: (!model.is_empty()).then(|| model_id(model)),
        item,
        cost_type: Some(cost_type),
        tier: match tier(table.get(row, "usage_type")) {
            Some(ServiceTier::Batch) => Some(BilledTier::Batch),
            Some(_) => Some(BilledTier::Standard),
            None => {
                return Err(table.invalid(
                    line,
                    format!(
                        "`usage_type`: `{}` is not one burnrate knows (standard, batch)",
                        table.get(row, "usage_type")
                    ),
                ));
            }
        },
        usd,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usage::cost_report::BilledSums;

    #[test]
    fn cost_rows_of_one_day_model_and_class_are_summed_as_read() {
        // Two keys' Sonnet 4.6 input on 2026-11-02 ($3.00 + $1.25 = $4.25) are one billed
        // line; its output ($0.50) another; the Haiku line a third.
        let text = "\u{feff}usage_date_utc,model,api_key,token_type,cost_usd,cost_type,usage_type\n\
            2026-11-02,Claude Sonnet 4.6,key_a,input_no_cache,3.00,token,message\n\
            2026-11-02,Claude Sonnet 4.6,key_b,input_no_cache,1.25,token,message\n\
            2026-11-02,Claude Sonnet 4.6,key_a,output,0.50,token,message\n\
            2026-11-02,Claude Haiku 4.5,key_a,input_no_cache,0.10,token,message\n";
        let mut sums = BilledSums::default();
        read_cost("cost.csv", bytes_reader(text.as_bytes()), |b| sums.add(b)).unwrap();
        let lines: Vec<(String, Option<Item>, Decimal, usize)> = sums
            .finish()
            .into_iter()
            .map(|b| (b.model.unwrap(), b.item, b.usd, b.origin.line))
            .collect();
        assert_eq!(
            lines,
            [
                (
                    "claude-sonnet-4-6".into(),
                    Some(Item::Input),
                    Decimal::new(425, 2),
                    2
                ),
                (
                    "claude-sonnet-4-6".into(),
                    Some(Item::Output),
                    Decimal::new(50, 2),
                    4
                ),
                (
                    "claude-haiku-4-5".into(),
                    Some(Item::Input),
                    Decimal::new(10, 2),
                    5
                ),
            ]
        );
    }

    #[test]
    fn a_streamed_csv_names_a_bad_byte_past_the_first_chunk() {
        // 2,000 rows of 41 bytes after the 205-byte header, then a Latin-1 byte: past the
        // checker's 64 KiB chunk, still named by file offset and line.
        let header = USAGE_REQUIRED.join(",");
        let row = "2026-11-02,claude-haiku-4-5,1,0,0,0,1";
        let mut text = format!("{header}\n");
        for _ in 0..2000 {
            text.push_str(row);
            text.push('\n');
        }
        let at = text.len() + "2026-11-02,claude-h".len();
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(b"2026-11-02,claude-h\xe9iku,1,0,0,0,1\n");
        let e = read_usage("u.csv", bytes_reader(&bytes), |_| Ok(())).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("u.csv:2002: not UTF-8 text (invalid byte at offset {at})")
        );
    }
}
