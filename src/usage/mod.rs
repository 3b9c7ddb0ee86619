//! Real usage in: Anthropic's usage exports read into [`record::Record`]s and repriced at the
//! rates in force on each record's day.
//!
//! - `record.rs`: one record, whatever its source;
//! - `usage_report.rs`: the Admin API usage report (JSON pages);
//! - `console_csv.rs`: the Console's usage and cost CSV exports;
//! - `requests.rs`: per-request logs (Message Batches results, Messages responses, Claude
//!   Code transcripts);
//! - `log_fields.rs`: where a team's own response log keeps each field;
//! - `cost_report.rs`: the Admin API cost report (what was billed, in cents);
//! - `json_pages.rs`: report pages as JSON (one, an array, or one per line), read typed;
//! - `reprice.rs`: duplicates and overlaps, sums, pricing, rows;
//! - `cache_timeline.rs`: per-request logs followed through the cache's TTLs;
//! - `cache_diagnostics.rs`: hit rate, write amplification, writes never read, TTL what-ifs;
//! - `reconcile.rs`: the bill beside the repricing;
//! - `result.rs`: what the `usage` command reports.

pub mod cache_diagnostics;
pub mod cache_timeline;
pub mod console_csv;
pub mod cost_report;
mod crlf;
pub mod fold;
pub mod format;
mod fx;
mod json_pages;
mod json_scan;
pub mod log_fields;
pub mod reconcile;
pub mod record;
pub mod reprice;
pub mod requests;
pub mod result;
#[cfg(test)]
mod split_tests;
mod stream;
pub mod to_workload;
pub mod usage_report;
mod utf8_reader;

use std::io::Read;
use std::path::{Path, PathBuf};

pub use format::InputFormat;
pub use log_fields::{FieldPath, LogField, LogFields};
pub use reprice::{Options, PricesOn, Unknown, reprice};
pub use result::{GroupBy, Period, UsageReport};

use crate::error::{Error, Result};

/// The largest file read whole (a Console usage CSV, read again whole to compare a repeated
/// span): usage and cost reports, request logs and the CSVs' first reading are streamed, of any
/// size.
pub const MAX_FILE_BYTES: u64 = 2 << 30;

/// What a set of inputs holds.
pub struct Loaded {
    /// The files read, in order.
    pub files: Vec<String>,
    /// Their records, folded into sums as they were read.
    pub folded: fold::Folded,
    /// Dimensions any of them lacked.
    pub assumed: Vec<usage_report::Assumed>,
    /// What else the reading found that the user should know.
    pub warnings: Vec<crate::warning::Warning>,
    /// The end of the latest usage-report bucket, empty ones included.
    pub observed_until: Option<jiff::Timestamp>,
}

/// Reads usage exports: files, and folders of `.json`, `.jsonl` and `.csv` files (sorted), each in the
/// format its first bytes show, or in `forced` when given. Requests the source gives no time
/// for (Message Batches results) are priced as of `undated`. A response log's lines are read
/// by `fields` (the Messages API's own names by default).
///
/// Usage reports and request logs are read in pieces, on every core, and folded into sums as
/// they are read (see [`fold`] for what is held); a Console CSV is read row by row on one
/// thread (a month of daily rows), and read again whole only to compare a span it repeats.
pub fn load(
    paths: &[PathBuf],
    undated: jiff::civil::Date,
    forced: Option<InputFormat>,
    fields: &LogFields,
) -> Result<Loaded> {
    load_in_pieces(paths, undated, forced, fields, stream::PIECE_BYTES)
}

/// [`load`], with streamed files cut in pieces of `piece_bytes` (tests cut small ones, so that
/// cuts land everywhere).
fn load_in_pieces(
    paths: &[PathBuf],
    undated: jiff::civil::Date,
    forced: Option<InputFormat>,
    fields: &LogFields,
    piece_bytes: usize,
) -> Result<Loaded> {
    let files = expand(paths)?;
    let mut out = Loaded {
        files: files.iter().map(|f| f.display().to_string()).collect(),
        folded: fold::Folded::default(),
        assumed: Vec::new(),
        warnings: Vec::new(),
        observed_until: None,
    };
    let mut reading = Reading {
        piece_bytes,
        fold: fold::Fold::default(),
        not_billed: Vec::new(),
        undated: 0,
    };
    for (index, file) in files.iter().enumerate() {
        read_file(
            file,
            index,
            &files,
            (undated, forced, fields),
            &mut reading,
            &mut out,
        )?;
    }
    out.folded = reading.fold.finish()?;
    out.assumed.sort();
    out.assumed.dedup();
    out.warnings.extend(
        reading
            .not_billed
            .into_iter()
            .map(|(result, requests)| crate::warning::Warning::NotBilled { result, requests }),
    );
    if reading.undated > 0 {
        out.warnings.push(crate::warning::Warning::Undated {
            requests: reading.undated,
            date: undated.to_string(),
        });
    }
    Ok(out)
}

/// The fold and the per-request counts across files.
struct Reading {
    piece_bytes: usize,
    fold: fold::Fold,
    not_billed: Vec<(String, u64)>,
    undated: u64,
}

/// The files `paths` name: files, and the `.json`, `.jsonl` and `.csv` files in folders.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
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
    Ok(files)
}

/// The first bytes read to tell a file's format: at least the first line.
const HEAD_BYTES: usize = 1 << 20;

fn read_file(
    path: &Path,
    index: usize,
    files: &[PathBuf],
    (undated, forced, fields): (jiff::civil::Date, Option<InputFormat>, &LogFields),
    reading: &mut Reading,
    out: &mut Loaded,
) -> Result<()> {
    let name = path.display().to_string();
    let (mut head, rest) = open(path)?;
    let whole = rest.is_none();
    let format = forced.unwrap_or_else(|| format::detect(&head, whole, fields));
    let csv_header = console_csv::is_console_csv(&head);
    blank_bom(&mut head);
    let kind = format.kind();
    let reread = |unit: fold::Unit| match unit {
        fold::Unit::Page { file, .. } => {
            usage_report::reread(&files[file], &files[file].display().to_string(), unit)
        }
        fold::Unit::File(file) => {
            let name = files[file].display().to_string();
            Ok(console_csv::parse_usage(&name, &read(&files[file])?)?.0)
        }
        fold::Unit::Request => Ok(Vec::new()),
    };
    let first_byte = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map(|p| (head[p], lines(&head[..p])));
    let reader = std::io::Cursor::new(head).chain(rest.unwrap_or_else(empty));
    match format {
        InputFormat::ConsoleCsv => {
            if forced.is_some() && !csv_header {
                return Err(not_the_format(
                    &name,
                    Some(1),
                    format,
                    "its first column is not `usage_date_utc`",
                ));
            }
            // Streamed: what is held is one entry per day, price and group (for copies within
            // the file) and the fold's sums, not the rows.
            let mut copies = fold::UnitCopies::default();
            let mut duplicates = 0;
            let assumed = console_csv::read_usage(&name, reader, |r| {
                if !copies.is_new(&r)? {
                    duplicates += 1;
                    return Ok(());
                }
                reading
                    .fold
                    .bucket(fold::Unit::File(index), kind, r, &reread)
            })?;
            reading.fold.add_duplicates(duplicates);
            out.assumed.extend(assumed);
        }
        InputFormat::UsageReport => {
            // Pages in a top-level array all carry the line of its `[`.
            let array_line = array_line(&first_byte);
            let mut pages = 0;
            // An error in a page cut across pieces is named as the page read whole names it.
            let exact = |e, page: Option<std::sync::Arc<json_scan::OpenPage>>| match page {
                Some(p) => usage_report::exact(path, &name, &p, array_line.unwrap_or(p.line), e),
                None => e,
            };
            stream::each_piece(
                reading.piece_bytes,
                (path, 0),
                reader,
                stream::Units::Json(json_scan::Scanner::new()),
                |piece| usage_report::parse_piece(&name, index, piece, array_line),
                |(parsed, error)| {
                    for page in parsed {
                        pages += 1;
                        reading.fold.add_duplicates(page.duplicates);
                        out.observed_until = out.observed_until.max(page.observed_until);
                        out.assumed.extend(page.assumed);
                        let split = page.split;
                        reading
                            .fold
                            .page(page.unit, kind, page.sums, &reread)
                            .map_err(|e| exact(e, split))?;
                    }
                    error.map_or(Ok(()), |(e, page)| Err(exact(e, page)))
                },
            )?;
            if pages == 0 {
                return Err(Error::Invalid {
                    path: name,
                    line: None,
                    column: None,
                    message: "the file is empty; expected usage report pages (JSON)".into(),
                });
            }
        }
        InputFormat::BatchResults | InputFormat::ResponseLog | InputFormat::ClaudeCode => {
            let shape = format.shape().expect("a request log has a shape");
            let (mut priced, mut first_unread) = (0u64, None);
            stream::each_piece(
                reading.piece_bytes,
                (path, 0),
                reader,
                stream::Units::Lines,
                |piece| requests::parse(&name, piece, shape, undated, fields),
                |parsed| {
                    let parsed = parsed?;
                    priced += parsed.records.len() as u64
                        + parsed.not_billed.iter().map(|(_, n)| n).sum::<u64>();
                    for r in parsed.records {
                        reading.fold.request(kind, r)?;
                    }
                    out.assumed.extend(parsed.assumed);
                    for (kind, n) in parsed.not_billed {
                        match reading.not_billed.iter_mut().find(|(k, _)| *k == kind) {
                            Some((_, total)) => *total += n,
                            None => reading.not_billed.push((kind, n)),
                        }
                    }
                    reading.undated += parsed.undated;
                    for (at, reason) in parsed.unread {
                        if first_unread.is_none() {
                            first_unread = Some((at.line, reason.clone()));
                        }
                        out.warnings.push(crate::warning::Warning::UnreadLine {
                            file: at.file,
                            line: at.line,
                            reason,
                        });
                    }
                    Ok(())
                },
            )?;
            if forced.is_some() && priced == 0 {
                let (line, why) = first_unread.map_or(
                    (None, "no line is one of its requests".to_string()),
                    |(l, r)| (Some(l), r),
                );
                return Err(not_the_format(&name, line, format, &why));
            }
        }
    }
    Ok(())
}

/// The line of a file's top-level `[`, from its first non-blank byte and the lines before it.
fn array_line(first: &Option<(u8, usize)>) -> Option<usize> {
    first.and_then(|(b, before)| (b == b'[').then_some(1 + before))
}

fn lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

fn not_the_format(file: &str, line: Option<usize>, format: InputFormat, why: &str) -> Error {
    Error::Invalid {
        path: file.to_string(),
        line,
        column: None,
        message: format!(
            "not {} as `--input-format {}` says: {why}",
            format.title(),
            format.name()
        ),
    }
}

/// What is left to read of a file after its head, if anything.
type Rest = Option<Box<dyn Read>>;

fn empty() -> Box<dyn Read> {
    Box::new(std::io::empty())
}

/// `path` opened, after checking it is a regular file (a FIFO would block, a device never end).
fn open_regular(path: &Path) -> Result<(std::fs::File, std::fs::Metadata)> {
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
    Ok((std::fs::File::open(path).map_err(io)?, meta))
}

/// The first bytes of `path` (at least its first line, unless that starts as a report page),
/// and the rest to read when there is more.
fn open(path: &Path) -> Result<(Vec<u8>, Rest)> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let (mut file, _) = open_regular(path)?;
    let mut head = Vec::new();
    loop {
        let n = (&mut file)
            .take(HEAD_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(io)?;
        if n < HEAD_BYTES {
            return Ok((head, None));
        }
        // A first line that is a report page (one the size of the file, say) is not read
        // whole to be told: its first key tells it.
        if head.contains(&b'\n') || format::starts_as_report(&head) {
            return Ok((head, Some(Box::new(file))));
        }
    }
}

/// Reads cost report files (what was billed), for reconciliation, summed per day, model,
/// class, what for and tier as they are read: a Console cost CSV line by line, a cost report's
/// JSON pages in pieces on every core as a usage report's are, so memory grows with the
/// distinct lines billed, not with the file.
pub fn load_billed(paths: &[PathBuf]) -> Result<Vec<cost_report::Billed>> {
    load_billed_in_pieces(paths, stream::PIECE_BYTES)
}

/// [`load_billed`], with cost reports cut in pieces of `piece_bytes` (tests cut small ones).
fn load_billed_in_pieces(
    paths: &[PathBuf],
    piece_bytes: usize,
) -> Result<Vec<cost_report::Billed>> {
    let mut sums = cost_report::BilledSums::default();
    for path in paths {
        let name = path.display().to_string();
        let (mut head, rest) = open(path)?;
        if console_csv::is_console_csv(&head) {
            blank_bom(&mut head);
            let reader = std::io::Cursor::new(head).chain(rest.unwrap_or_else(empty));
            console_csv::read_cost(&name, reader, |b| sums.add(b))?;
        } else {
            read_cost_report(path, &name, (head, rest), piece_bytes, &mut sums)?;
        }
    }
    Ok(sums.finish())
}

/// The JSON pages of the cost report `path` (named `name`; its head read, and the rest),
/// added to `sums` in file order.
fn read_cost_report(
    path: &Path,
    name: &str,
    (mut head, rest): (Vec<u8>, Rest),
    piece_bytes: usize,
    sums: &mut cost_report::BilledSums,
) -> Result<()> {
    // A byte-order mark is skipped, not blanked: columns on line 1 are counted after it, as
    // when the whole file was read with the mark stripped (offsets stay the file's).
    let bom = "\u{feff}".as_bytes();
    let from = if head.starts_with(bom) { bom.len() } else { 0 };
    head.drain(..from);
    let mut rest = rest.unwrap_or_else(empty);
    // Whether the pages are in an array is told by the first byte that is not blank: the
    // blanks before it are read on (in the head) only in a file that starts with more of them.
    let first = loop {
        if let Some(p) = head.iter().position(|b| !b.is_ascii_whitespace()) {
            break p;
        }
        let n = (&mut rest)
            .take(HEAD_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
        if n == 0 {
            return Err(Error::Invalid {
                path: name.to_string(),
                line: None,
                column: None,
                message: "the file is empty; expected cost report pages (JSON)".into(),
            });
        }
    };
    let array_line = array_line(&Some((head[first], lines(&head[..first]))));
    // An error in a page cut across pieces is named as the page read whole names it.
    let exact = |e, page: Option<std::sync::Arc<json_scan::OpenPage>>| match page {
        Some(p) => cost_report::exact(
            path,
            name,
            (&p, array_line.is_some()),
            array_line.unwrap_or(p.line),
            e,
        ),
        None => e,
    };
    stream::each_piece(
        piece_bytes,
        (path, from as u64),
        std::io::Cursor::new(head).chain(rest),
        stream::Units::Json(json_scan::Scanner::new()),
        |piece| cost_report::parse_piece(name, piece, array_line),
        |(billed, error)| {
            for b in billed {
                sums.add(b)?;
            }
            error.map_or(Ok(()), |(e, page)| Err(exact(e, page)))
        },
    )
}

/// A byte-order mark reads as whitespace: blanked, not removed, so byte offsets (to read a
/// page again, to name a bad byte) stay those of the file.
fn blank_bom(head: &mut [u8]) {
    if head.starts_with("\u{feff}".as_bytes()) {
        head[..3].fill(b' ');
    }
}

fn read(path: &Path) -> Result<Vec<u8>> {
    let (mut file, meta) = open_regular(path)?;
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
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(bytes)
}
