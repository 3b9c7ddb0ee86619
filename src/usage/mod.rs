//! Real usage in: Anthropic's usage exports read into [`record::Record`]s and repriced at the
//! rates in force on each record's day.
//!
//! - `record.rs`: one record, whatever its source;
//! - `usage_report.rs`: the Admin API usage report (JSON pages);
//! - `console_csv.rs`: the Console's usage and cost CSV exports;
//! - `requests.rs`: per-request logs (Message Batches results, Messages responses, Claude
//!   Code transcripts);
//! - `cost_report.rs`: the Admin API cost report (what was billed, in cents);
//! - `json_pages.rs`: report pages as JSON (one, an array, or one per line), read typed;
//! - `reprice.rs`: duplicates and overlaps, sums, pricing, rows;
//! - `reconcile.rs`: the bill beside the repricing;
//! - `result.rs`: what the `usage` command reports.

pub mod console_csv;
pub mod cost_report;
mod json_pages;
pub mod reconcile;
pub mod record;
pub mod reprice;
pub mod requests;
pub mod result;
pub mod usage_report;

use std::path::{Path, PathBuf};

pub use reprice::{Options, PricesOn, Unknown, reprice};
pub use result::{GroupBy, Period, UsageReport};

use crate::error::{Error, Result};

/// The largest usage file read (a year of hourly buckets by model, workspace and key is
/// well under it).
pub const MAX_FILE_BYTES: u64 = 2 << 30;

/// What a set of inputs holds.
pub struct Loaded {
    /// The files read, in order.
    pub files: Vec<String>,
    /// Their records.
    pub records: Vec<record::Record>,
    /// Dimensions any of them lacked.
    pub assumed: Vec<usage_report::Assumed>,
    /// What else the reading found that the user should know.
    pub warnings: Vec<crate::warning::Warning>,
    /// The end of the latest usage-report bucket, empty ones included.
    pub observed_until: Option<jiff::Timestamp>,
}

/// Reads usage exports: files, and folders of `.json`, `.jsonl` and `.csv` files (sorted), each in the
/// format its first object shows. Requests the source gives no time for (Message Batches
/// results) are priced as of `undated`.
pub fn load(paths: &[PathBuf], undated: jiff::civil::Date) -> Result<Loaded> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = Vec::new();
            for entry in walkdir::WalkDir::new(path).follow_links(false) {
                // An entry that cannot be read is usage that would go missing: an error.
                let entry = entry.map_err(|e| Error::Io {
                    path: e.path().unwrap_or(path).to_path_buf(),
                    source: e
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("unreadable entry")),
                })?;
                let p = entry.path();
                if entry.file_type().is_file()
                    && p.extension()
                        .is_some_and(|x| x == "json" || x == "jsonl" || x == "csv")
                {
                    inside.push(entry.into_path());
                }
            }
            inside.sort();
            if inside.is_empty() {
                return Err(Error::NoFiles(path.display().to_string()));
            }
            files.extend(inside);
        } else {
            files.push(path.clone());
        }
    }
    let mut out = Loaded {
        files: Vec::new(),
        records: Vec::new(),
        assumed: Vec::new(),
        warnings: Vec::new(),
        observed_until: None,
    };
    let (mut not_billed, mut undated_requests) = (Vec::<(String, u64)>::new(), 0);
    let mut kinds: Vec<(String, &'static str)> = Vec::new();
    for file in files {
        let name = file.display().to_string();
        let text = read(&file)?;
        if console_csv::is_console_csv(&text) {
            kinds.push((name.clone(), "a Console usage CSV"));
            let (records, assumed) = console_csv::parse_usage(&name, &text)?;
            out.records.extend(records);
            out.assumed.extend(assumed);
            out.files.push(name);
            continue;
        }
        match requests_shape(&text) {
            None => {
                kinds.push((name.clone(), "an Admin API usage report"));
                let parsed = usage_report::parse(&name, &text)?;
                out.observed_until = out.observed_until.max(parsed.observed_until);
                out.records.extend(parsed.records);
                out.assumed.extend(parsed.assumed);
            }
            Some(shape) => {
                kinds.push((name.clone(), "a log of single requests"));
                let parsed = requests::parse(&name, &text, shape, undated)?;
                out.records.extend(parsed.records);
                out.assumed.extend(parsed.assumed);
                for (kind, n) in parsed.not_billed {
                    match not_billed.iter_mut().find(|(k, _)| *k == kind) {
                        Some((_, total)) => *total += n,
                        None => not_billed.push((kind, n)),
                    }
                }
                undated_requests += parsed.undated;
                out.warnings
                    .extend(parsed.unread.into_iter().map(|(at, reason)| {
                        crate::warning::Warning::UnreadLine {
                            file: at.file,
                            line: at.line,
                            reason,
                        }
                    }));
            }
        }
        out.files.push(name);
    }
    one_source_per_day(&out.records, &kinds)?;
    out.assumed.sort();
    out.assumed.dedup();
    out.warnings.extend(
        not_billed
            .into_iter()
            .map(|(result, requests)| crate::warning::Warning::NotBilled { result, requests }),
    );
    if undated_requests > 0 {
        out.warnings.push(crate::warning::Warning::Undated {
            requests: undated_requests,
            date: undated.to_string(),
        });
    }
    Ok(out)
}

/// Refuses a day that two kinds of source both report: the same traffic from a usage report
/// and a Console CSV, or a report and the requests' own logs, would be counted twice.
fn one_source_per_day(records: &[record::Record], kinds: &[(String, &'static str)]) -> Result<()> {
    let kind_of = |file: &str| {
        kinds
            .iter()
            .find(|(f, _)| f == file)
            .map_or("a usage file", |(_, k)| *k)
    };
    let mut seen: std::collections::BTreeMap<jiff::civil::Date, &record::Record> =
        std::collections::BTreeMap::new();
    for r in records {
        match seen.get(&r.date()) {
            Some(first) if kind_of(&first.origin.file) != kind_of(&r.origin.file) => {
                return Err(Error::Invalid {
                    path: r.origin.file.clone(),
                    line: Some(r.origin.line),
                    column: None,
                    message: format!(
                        "usage on {} is also in {} ({}, {}): the same traffic from two kinds of \
                         source would be counted twice; give one source per period",
                        r.date(),
                        first.origin,
                        kind_of(&first.origin.file),
                        kind_of(&r.origin.file)
                    ),
                });
            }
            Some(_) => {}
            None => {
                seen.insert(r.date(), r);
            }
        }
    }
    Ok(())
}

/// Reads cost report files (what was billed), for reconciliation.
pub fn load_billed(paths: &[PathBuf]) -> Result<Vec<cost_report::Billed>> {
    let mut out = Vec::new();
    for path in paths {
        let text = read(path)?;
        let name = path.display().to_string();
        if console_csv::is_console_csv(&text) {
            out.extend(console_csv::parse_cost(&name, &text)?);
        } else {
            out.extend(cost_report::parse(&name, &text)?);
        }
    }
    Ok(out)
}

/// The per-request shape of a file whose first line is a whole JSON object of one; `None`
/// for usage report pages (or anything else, which the page reader then names).
fn requests_shape(text: &[u8]) -> Option<requests::Shape> {
    let text = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
    let first = text
        .split(|&b| b == b'\n')
        .find(|l| l.iter().any(|b| !b.is_ascii_whitespace()))?;
    let value: serde_json::Value = serde_json::from_slice(first).ok()?;
    if value.get("data").is_some() {
        return None;
    }
    requests::shape_of(&value)
}

fn read(path: &Path) -> Result<Vec<u8>> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(Error::Invalid {
            path: path.display().to_string(),
            line: None,
            column: None,
            message: "not a regular file; give a usage export (JSON)".into(),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::Invalid {
            path: path.display().to_string(),
            line: None,
            column: None,
            message: format!(
                "the file is {} bytes, over the {}-byte limit for one usage file; split it",
                meta.len(),
                MAX_FILE_BYTES
            ),
        });
    }
    std::fs::read(path).map_err(io)
}
