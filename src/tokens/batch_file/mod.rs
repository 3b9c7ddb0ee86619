//! The cost of a Message Batches input file (JSONL) before it is submitted.
//!
//! Each line is `{"custom_id", "params": {"model", "max_tokens", "system", "messages", "tools",
//! "tool_choice", "cache_control"}}`. For each request the prompt is read in API order (tools,
//! system, messages) as blocks. Each block's text (tool definitions and tool inputs as compact
//! JSON) is counted in the model's Claude vocabulary, and each message adds the model's measured
//! frame; for a tokenizer without a vocabulary, text is counted with `cl100k_base` and converted
//! with the tokenizer's factors (by detected content), with a range.
//!
//! Caching: the prompt up to the last `cache_control` breakpoint (or all of it, with a
//! top-level `cache_control`) is the cached prefix. The first request in the file with a given
//! model and prefix writes it at its TTL; of the later ones, the assumed hit rate (default all)
//! read it and the rest write it again: requests in a batch run concurrently and hits are best
//! effort, so the result also carries the cost from no hits to all hits. A prefix shorter than the model's minimum cacheable length
//! is plain input. When tools are present, the model's tool-use system prompt joins the prefix
//! (or the input, without a breakpoint).
//!
//! Output: the ceiling is `max_tokens`; a typical figure comes from `--output-tokens` (capped at
//! `max_tokens`) or `--output-ratio` × `max_tokens`.
//!
//! The file is read line by line, so its size does not bound memory; the Batch API's limits
//! (requests and bytes per batch, from the pricing table) are checked on the way.
//!
//! - `request.rs`: a line as typed structs, and what a malformed one lacks;
//! - `prefix.rs`: the prompt in API order and where its cached prefix ends;
//! - `price.rs`: counting, the cache write-or-read decision, and the per-model totals;
//! - this file: the result types and the reading loop.

mod prefix;
mod price;
mod request;

use std::io::BufRead;
use std::path::Path;

use rust_decimal::Decimal;

use serde::Serialize;

use super::claude::Edge;
use super::estimate::Range;
use super::method::Counter;
use super::parallel;
use super::progress::Progress;
use crate::billing;
use crate::error::{BatchLimit, Error, Result};
use crate::pricing::PricingTable;
use crate::warning::Warning;
use price::{OrderedPricer, ParsedBatch, parse_line};

/// What the file cannot say and the estimate assumes: output, and cache hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Assumptions {
    /// A fixed output per request (capped at each request's `max_tokens`).
    pub tokens: Option<u64>,
    /// A share of each request's `max_tokens`.
    pub ratio: Option<Decimal>,
    /// The share of requests after the first with a prefix that read it from the cache
    /// (default 1: every one). Requests in a batch run concurrently and hits are best effort.
    pub cache_hit_rate: Option<Decimal>,
}

impl Assumptions {
    /// The hit rate assumed for a repeated prefix.
    pub fn hit_rate(&self) -> Decimal {
        self.cache_hit_rate.unwrap_or(Decimal::ONE)
    }
}

/// A line that could not be priced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Totals for one model (and, in [`BatchEstimate::total`], for the whole file).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ModelTotal {
    /// Canonical model id (`total` for the file).
    pub model: String,
    /// Requests.
    pub requests: u64,
    /// How the prompts were counted (`None` in a total over models counted differently).
    pub method: Option<super::MethodKind>,
    /// Uncached input tokens (with the tokenizer range).
    #[serde(rename = "input_tokens")]
    pub input: Range,
    /// Cache-write tokens.
    #[serde(rename = "cache_write_tokens")]
    pub cache_write: Range,
    /// Cache-read tokens.
    #[serde(rename = "cache_read_tokens")]
    pub cache_read: Range,
    /// Output tokens if every request used its `max_tokens`.
    #[serde(rename = "output_tokens_ceiling", with = "crate::money::exact")]
    pub output_ceiling: Decimal,
    /// Output tokens at the typical guess, when one was given.
    #[serde(rename = "output_tokens_typical", with = "crate::money::exact_opt")]
    pub output_typical: Option<Decimal>,
    /// Batch cost at the typical output (or the ceiling when no guess was given).
    #[serde(rename = "batch_cost_usd")]
    pub batch: Range,
    /// Batch cost with every request at its `max_tokens`.
    #[serde(rename = "batch_cost_at_max_tokens_usd", with = "crate::money::exact")]
    pub batch_ceiling: Decimal,
    /// What the same requests would cost real-time (same output as `batch`).
    #[serde(rename = "real_time_cost_usd")]
    pub real_time: Range,
    /// What the Batch API saves against real-time, at the typical figures.
    #[serde(rename = "batch_saving_usd", with = "crate::money::exact")]
    pub batch_saving: Decimal,
    /// Batch cost (typical counts and output) if no repeated prefix hit the cache: every
    /// request writes it.
    #[serde(rename = "batch_cost_no_hits_usd", with = "crate::money::exact")]
    pub batch_no_hits: Decimal,
    /// Batch cost if every repeated prefix hit the cache.
    #[serde(rename = "batch_cost_all_hits_usd", with = "crate::money::exact")]
    pub batch_all_hits: Decimal,
}

impl ModelTotal {
    /// Adds another model's totals (for the file's total), or leaves `self` as it was and
    /// names the sum that overflowed.
    pub(super) fn add(&mut self, m: &ModelTotal) -> crate::error::Result<()> {
        use crate::money::add;
        let what = "the batch file's totals";
        let method = if self.requests == 0 {
            m.method
        } else if self.method != m.method {
            None
        } else {
            self.method
        };
        let sum = ModelTotal {
            model: self.model.clone(),
            requests: self
                .requests
                .checked_add(m.requests)
                .ok_or_else(|| crate::error::Error::Overflow(what.into()))?,
            method,
            input: self.input.checked_add(m.input, what)?,
            cache_write: self.cache_write.checked_add(m.cache_write, what)?,
            cache_read: self.cache_read.checked_add(m.cache_read, what)?,
            output_ceiling: add(self.output_ceiling, m.output_ceiling, what)?,
            output_typical: match (self.output_typical, m.output_typical) {
                (Some(a), Some(b)) => Some(add(a, b, what)?),
                (a, b) => a.or(b),
            },
            batch: self.batch.checked_add(m.batch, what)?,
            batch_ceiling: add(self.batch_ceiling, m.batch_ceiling, what)?,
            real_time: self.real_time.checked_add(m.real_time, what)?,
            batch_saving: add(self.batch_saving, m.batch_saving, what)?,
            batch_no_hits: add(self.batch_no_hits, m.batch_no_hits, what)?,
            batch_all_hits: add(self.batch_all_hits, m.batch_all_hits, what)?,
        };
        *self = sum;
        Ok(())
    }
}

/// The priced file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchEstimate {
    /// Requests priced.
    pub requests: u64,
    /// Lines read (including failed ones).
    pub lines: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Per model, in order of first appearance.
    pub models: Vec<ModelTotal>,
    /// The whole file: the models' totals added up.
    pub total: ModelTotal,
    /// Whether a typical output guess was given.
    pub output_guessed: bool,
    /// The share of repeated prefixes assumed to hit the cache.
    #[serde(with = "crate::money::exact")]
    pub cache_hit_rate: Decimal,
    /// Lines that could not be priced.
    pub errors: Vec<LineError>,
    /// Things to know (content that is not counted, lines left out…).
    #[serde(serialize_with = "crate::report::warning::serialize")]
    pub warnings: Vec<Warning>,
}

/// A text's tokens with `counter`, as one whole message, with the calling thread's encoder.
fn count_on_this_thread(counter: Counter, text: &str) -> u64 {
    counter.piece_tokens(
        text,
        Edge::Head {
            raw_space: text.starts_with(' '),
        },
        true,
    )
}

/// Reads and prices the JSONL batch file at `path`, reporting the bytes read to `progress`.
pub fn estimate_file(
    table: &PricingTable,
    path: &Path,
    guess: Assumptions,
    progress: &dyn Progress,
) -> Result<BatchEstimate> {
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    progress.start(file.metadata().map_or(0, |m| m.len()));
    let estimate = estimate_reader(
        table,
        std::io::BufReader::new(file),
        &path.display().to_string(),
        guess,
        progress,
    );
    progress.finish();
    estimate
}

/// Lines handed to a worker at a time.
const LINES_PER_BATCH: usize = 256;

/// The longest line read as one request, where the platform sets no byte limit of its own (the
/// Claude API's whole batch is 256 MB).
const MAX_LINE_BYTES: u64 = 256 << 20;

/// Prices a batch file read from `reader`, named `name` in errors. Lines are parsed and counted
/// in batches by a pool of one thread per core; the results are priced in file order.
pub(crate) fn estimate_reader(
    table: &PricingTable,
    mut reader: impl BufRead,
    name: &str,
    guess: Assumptions,
    progress: &dyn Progress,
) -> Result<BatchEstimate> {
    let platform = table.platform(billing::DEFAULT_PLATFORM)?;
    let mut est = BatchEstimate {
        requests: 0,
        lines: 0,
        bytes: 0,
        models: Vec::new(),
        total: ModelTotal::default(),
        output_guessed: guess.tokens.is_some() || guess.ratio.is_some(),
        cache_hit_rate: guess.hit_rate(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut pricer = OrderedPricer::new(table, guess);
    let parse = |(seq, lines): (usize, Vec<(usize, String)>)| -> ParsedBatch {
        let parsed = lines
            .into_iter()
            .map(|(n, text)| (n, parse_line(table, &text, &count_on_this_thread)))
            .collect();
        (seq, parsed)
    };
    let (read, rest) = parallel::run(workers, 2 * workers, parse, |lanes| {
        let mut seq = 0;
        let mut batch = Vec::with_capacity(LINES_PER_BATCH);
        let mut nonempty = 0u64;
        let mut buf = Vec::new();
        let result = loop {
            buf.clear();
            // Read no further than the byte limit allows (one byte past it, to know it was
            // passed): a 1 GB line was read whole before the 256 MB limit was checked.
            let room = platform
                .batch_max_bytes
                .unwrap_or(MAX_LINE_BYTES)
                .saturating_sub(est.bytes)
                .min(MAX_LINE_BYTES)
                .saturating_add(1);
            let n = match std::io::Read::take(reader.by_ref(), room).read_until(b'\n', &mut buf) {
                Ok(n) => n,
                Err(source) => {
                    break Err(Error::Io {
                        path: name.into(),
                        source,
                    });
                }
            };
            if n == 0 {
                break Ok(());
            }
            est.lines += 1;
            est.bytes += n as u64;
            progress.advance(n as u64);
            let line_no = est.lines;
            if let Some(max) = platform.batch_max_bytes.filter(|&m| est.bytes > m) {
                break Err(Error::BatchLimit {
                    path: name.to_string(),
                    line: line_no,
                    limit: BatchLimit::Bytes { max },
                });
            }
            if n as u64 > MAX_LINE_BYTES {
                break Err(Error::Invalid {
                    path: name.to_string(),
                    line: Some(line_no),
                    column: None,
                    message: format!(
                        "a line longer than {} MiB, the most burnrate reads as one request",
                        MAX_LINE_BYTES >> 20
                    ),
                });
            }
            // A byte-order mark before the first request is no part of it.
            let line = match buf.strip_prefix("\u{feff}".as_bytes()) {
                Some(rest) if line_no == 1 => rest,
                _ => &buf[..],
            };
            let text = match std::str::from_utf8(line) {
                Ok(t) if t.trim().is_empty() => continue,
                Ok(t) => t,
                Err(e) => {
                    let start = est.bytes - n as u64 + (buf.len() - line.len()) as u64;
                    est.errors.push(LineError {
                        line: line_no,
                        message: format!(
                            "not UTF-8 text (invalid byte at offset {})",
                            start + e.valid_up_to() as u64
                        ),
                    });
                    nonempty += 1;
                    continue;
                }
            };
            if let Some(max) = platform.batch_max_requests.filter(|&m| nonempty >= m) {
                break Err(Error::BatchLimit {
                    path: name.to_string(),
                    line: line_no,
                    limit: BatchLimit::Requests {
                        request: nonempty + 1,
                        max,
                    },
                });
            }
            nonempty += 1;
            batch.push((line_no, text.to_string()));
            if batch.len() == LINES_PER_BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(LINES_PER_BATCH));
                lanes.send((seq, full));
                seq += 1;
                // Pricing as results come keeps the parsed lines held back few.
                for done in lanes.ready() {
                    pricer.accept(done, &mut est);
                }
            }
        };
        if result.is_ok() && !batch.is_empty() {
            lanes.send((seq, std::mem::take(&mut batch)));
        }
        result
    })?;
    read?;
    for done in rest {
        pricer.accept(done, &mut est);
    }
    est.errors.sort_by_key(|e| e.line);
    let mut total = ModelTotal {
        model: "total".into(),
        ..ModelTotal::default()
    };
    for m in &est.models {
        total.add(m)?;
    }
    est.total = total;
    if !est.errors.is_empty() {
        est.warnings.push(Warning::UnpricedLines {
            failed: est.errors.len() as u64,
            requests: est.requests,
        });
    }
    Ok(est)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::progress::Silent;

    #[test]
    fn an_endless_line_stops_at_the_byte_limit() {
        // Before, a line was read to its end (here: never) before the limit was checked.
        let mut table = PricingTable::builtin().unwrap();
        for p in &mut table.platforms {
            p.batch_max_bytes = Some(4096);
        }
        let endless = std::io::BufReader::new(std::io::repeat(b'a'));
        let err = estimate_reader(
            &table,
            endless,
            "endless.jsonl",
            Assumptions::default(),
            &Silent,
        )
        .unwrap_err();
        assert!(
            matches!(
                err,
                Error::BatchLimit {
                    line: 1,
                    limit: BatchLimit::Bytes { max: 4096 },
                    ..
                }
            ),
            "{err}"
        );
    }
}
