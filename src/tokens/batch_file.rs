//! The cost of a Message Batches input file (JSONL) before it is submitted.
//!
//! Each line is `{"custom_id", "params": {"model", "max_tokens", "system", "messages", "tools",
//! "tool_choice", "cache_control"}}`. For each request the prompt is read in API order (tools,
//! system, messages) as blocks; text is counted with `cl100k_base` and converted with the model's
//! tokenizer factors (tool definitions and tool inputs as JSON, text by its detected content).
//!
//! Caching: the prompt up to the last `cache_control` breakpoint (or all of it, with a
//! top-level `cache_control`) is the cached prefix. The first request in the file with a given
//! model and prefix writes it at its TTL; later ones read it (the file is assumed to run within
//! the TTL, as a batch usually does). A prefix shorter than the model's minimum cacheable length
//! is plain input. When tools are present, the model's tool-use system prompt joins the prefix
//! (or the input, without a breakpoint).
//!
//! Output: the ceiling is `max_tokens`; a typical figure comes from `--output-tokens` (capped at
//! `max_tokens`) or `--output-ratio` × `max_tokens`.
//!
//! The file is read line by line, so its size does not bound memory; the Batch API's limits
//! (requests and bytes per batch, from the pricing table) are checked on the way.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::BufRead;
use std::path::Path;

use rust_decimal::Decimal;
use serde_json::Value;

use super::content::Content;
use super::count::cl100k_tokens_own;
use super::estimate::Range;
use super::parallel;
use super::stream::Progress;
use crate::billing::{self, Mode, Usage};
use crate::error::{Error, Result};
use crate::money::{add, format_count, mul};
use crate::pricing::schema::{ContentFactors, ToolTokens};
use crate::pricing::{Model, PricingTable};

/// How to guess output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutputGuess {
    /// A fixed output per request (capped at each request's `max_tokens`).
    pub tokens: Option<u64>,
    /// A share of each request's `max_tokens`.
    pub ratio: Option<Decimal>,
}

/// A line that could not be priced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Totals for one model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelTotal {
    /// Canonical model id.
    pub model: String,
    /// Requests.
    pub requests: u64,
    /// Uncached input tokens (with the tokenizer range).
    pub input: Range,
    /// Cache-write tokens.
    pub cache_write: Range,
    /// Cache-read tokens.
    pub cache_read: Range,
    /// Output tokens if every request used its `max_tokens`.
    pub output_ceiling: Decimal,
    /// Output tokens at the typical guess, when one was given.
    pub output_typical: Option<Decimal>,
    /// Batch cost at the typical output (or the ceiling when no guess was given).
    pub batch: Range,
    /// Batch cost with every request at its `max_tokens`.
    pub batch_ceiling: Decimal,
    /// What the same requests would cost real-time (same output as `batch`).
    pub real_time: Range,
}

/// The priced file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchEstimate {
    /// Requests priced.
    pub requests: u64,
    /// Lines read (including failed ones).
    pub lines: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Per model, in order of first appearance.
    pub models: Vec<ModelTotal>,
    /// Whether a typical output guess was given.
    pub output_guessed: bool,
    /// Lines that could not be priced.
    pub errors: Vec<LineError>,
    /// Things to know (content that is not counted…).
    pub warnings: Vec<String>,
}

impl BatchEstimate {
    /// Sum of a per-model range.
    pub fn total(&self, pick: impl Fn(&ModelTotal) -> Range) -> Range {
        self.models
            .iter()
            .fold(Range::default(), |acc, m| acc + pick(m))
    }
}

/// One block of a prompt: its text, how to convert it, and whether a breakpoint ends it.
struct Block {
    text: String,
    content: Content,
    breakpoint: Option<CacheTtl>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum CacheTtl {
    FiveMinutes,
    OneHour,
}

/// A request's counts in base tokens by content, before conversion.
#[derive(Default, Clone)]
struct Counted {
    /// `(base tokens, content)` pieces.
    pieces: Vec<(u64, Content)>,
}

impl Counted {
    fn claude(&self, factors: &ContentFactors, pick: usize) -> Result<Decimal> {
        let mut total = Decimal::ZERO;
        for (base, content) in &self.pieces {
            let f = content.factor(factors);
            let factor = [f.typical, f.low, f.high][pick];
            total = add(
                total,
                mul(Decimal::from(*base), factor, "batch tokens")?,
                "batch tokens",
            )?;
        }
        Ok(total)
    }
}

/// Reads and prices the JSONL batch file at `path`.
pub fn estimate_file(
    table: &PricingTable,
    path: &Path,
    guess: OutputGuess,
) -> Result<BatchEstimate> {
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let progress = Progress::new(file.metadata().map_or(0, |m| m.len()));
    let estimate = estimate_reader(
        table,
        std::io::BufReader::new(file),
        &path.display().to_string(),
        guess,
        &progress,
    );
    progress.finish();
    estimate
}

/// Lines handed to a worker at a time.
const LINES_PER_BATCH: usize = 256;

/// Each line's number and parse result.
type ParsedLines<'t> = Vec<(usize, std::result::Result<Parsed<'t>, String>)>;

/// A worker's answer: a batch's sequence number and its lines.
type ParsedBatch<'t> = (usize, ParsedLines<'t>);

/// Prices a batch file read from `reader`, named `name` in errors. Lines are parsed and counted
/// in batches by a pool of one thread per core; the results are priced in file order.
pub(crate) fn estimate_reader(
    table: &PricingTable,
    mut reader: impl BufRead,
    name: &str,
    guess: OutputGuess,
    progress: &Progress,
) -> Result<BatchEstimate> {
    let platform = table.platform(billing::DEFAULT_PLATFORM)?;
    let mut est = BatchEstimate {
        requests: 0,
        lines: 0,
        bytes: 0,
        models: Vec::new(),
        output_guessed: guess.tokens.is_some() || guess.ratio.is_some(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut pricer = OrderedPricer {
        table,
        guess,
        seen: HashSet::new(),
        index: HashMap::new(),
        next: 0,
        waiting: BTreeMap::new(),
    };
    let parse = |(seq, lines): (usize, Vec<(usize, String)>)| -> ParsedBatch {
        let parsed = lines
            .into_iter()
            .map(|(n, text)| (n, parse_line(table, &text, &cl100k_tokens_own)))
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
            let n = match reader.read_until(b'\n', &mut buf) {
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
            progress.advance(n);
            let line_no = est.lines;
            if let Some(max) = platform.batch_max_bytes.filter(|&m| est.bytes > m) {
                break Err(Error::Limit(format!(
                    "{name}:{line_no}: the file passes the Batch API's limit of {} bytes per \
                     batch on this line; split the file before it",
                    format_count(Decimal::from(max))
                )));
            }
            let text = match std::str::from_utf8(&buf) {
                Ok(t) if t.trim().is_empty() => continue,
                Ok(t) => t,
                Err(_) => {
                    est.errors.push(LineError {
                        line: line_no,
                        message: "not UTF-8".into(),
                    });
                    nonempty += 1;
                    continue;
                }
            };
            if let Some(max) = platform.batch_max_requests.filter(|&m| nonempty >= m) {
                break Err(Error::Limit(format!(
                    "{name}:{line_no}: request {} passes the Batch API's limit of {} requests \
                     per batch; split the file before this line",
                    format_count(Decimal::from(nonempty + 1)),
                    format_count(Decimal::from(max))
                )));
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
    Ok(est)
}

/// Prices batches of parsed lines strictly in file order, holding early arrivals back.
struct OrderedPricer<'t> {
    table: &'t PricingTable,
    guess: OutputGuess,
    seen: HashSet<u64>,
    index: HashMap<String, usize>,
    next: usize,
    waiting: BTreeMap<usize, ParsedLines<'t>>,
}

impl<'t> OrderedPricer<'t> {
    fn accept(&mut self, (seq, lines): ParsedBatch<'t>, est: &mut BatchEstimate) {
        self.waiting.insert(seq, lines);
        while let Some(lines) = self.waiting.remove(&self.next) {
            self.next += 1;
            for (line_no, parsed) in lines {
                let priced = parsed.and_then(|p| {
                    price_parsed(
                        self.table,
                        p,
                        self.guess,
                        &mut self.seen,
                        &mut est.warnings,
                        line_no,
                    )
                });
                match priced {
                    Ok(priced) => add_priced(est, &mut self.index, priced),
                    Err(message) => est.errors.push(LineError {
                        line: line_no,
                        message,
                    }),
                }
            }
        }
    }
}

fn add_priced(est: &mut BatchEstimate, index: &mut HashMap<String, usize>, priced: Priced) {
    est.requests += 1;
    let slot = *index.entry(priced.model.clone()).or_insert_with(|| {
        est.models.push(ModelTotal {
            model: priced.model.clone(),
            requests: 0,
            input: Range::default(),
            cache_write: Range::default(),
            cache_read: Range::default(),
            output_ceiling: Decimal::ZERO,
            output_typical: None,
            batch: Range::default(),
            batch_ceiling: Decimal::ZERO,
            real_time: Range::default(),
        });
        est.models.len() - 1
    });
    let m = &mut est.models[slot];
    m.requests += 1;
    m.input = m.input + priced.input;
    m.cache_write = m.cache_write + priced.cache_write;
    m.cache_read = m.cache_read + priced.cache_read;
    m.output_ceiling += priced.output_ceiling;
    if let Some(t) = priced.output_typical {
        m.output_typical = Some(m.output_typical.unwrap_or_default() + t);
    }
    m.batch = m.batch + priced.batch;
    m.batch_ceiling += priced.batch_ceiling;
    m.real_time = m.real_time + priced.real_time;
}

/// One priced request.
struct Priced {
    model: String,
    input: Range,
    cache_write: Range,
    cache_read: Range,
    output_ceiling: Decimal,
    output_typical: Option<Decimal>,
    batch: Range,
    batch_ceiling: Decimal,
    real_time: Range,
}

/// A line parsed and counted: everything that does not depend on the lines before it.
struct Parsed<'t> {
    model: &'t Model,
    factors: ContentFactors,
    prefix: Counted,
    rest: Counted,
    overhead: u64,
    key: u64,
    ttl: Option<CacheTtl>,
    max_tokens: u64,
    /// Block types that were not counted (images, documents…).
    uncounted: Vec<String>,
    /// A note about the tool-use overhead, if it was unknown.
    overhead_note: Option<String>,
}

/// Parses and counts one line (runs on any thread; `count` is that thread's encoder).
fn parse_line<'t>(
    table: &'t PricingTable,
    text: &str,
    count: &dyn Fn(&str) -> usize,
) -> std::result::Result<Parsed<'t>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let obj = value.as_object().ok_or("not a JSON object")?;
    obj.get("custom_id")
        .and_then(Value::as_str)
        .ok_or("missing `custom_id` (a string)")?;
    let params = obj
        .get("params")
        .and_then(Value::as_object)
        .ok_or("missing `params` (an object)")?;
    let model_name = params
        .get("model")
        .and_then(Value::as_str)
        .ok_or("missing `params.model` (a string)")?;
    let (model, _) = table.resolve(model_name).map_err(|e| e.to_string())?;
    let max_tokens = params
        .get("max_tokens")
        .and_then(Value::as_u64)
        .ok_or("missing `params.max_tokens` (a whole number)")?;
    let mut uncounted = Vec::new();
    let blocks = blocks_of(params, &mut uncounted)?;
    let factors = table
        .tokenizer_of(model)
        .and_then(|t| t.factors)
        .ok_or_else(|| {
            format!(
                "tokenizer `{}` of {} has no conversion factors",
                model.tokenizer, model.id
            )
        })?;
    // Split at the last breakpoint; top-level cache_control caches everything.
    let top_level = params.get("cache_control").map(ttl_of).transpose()?;
    let last = blocks.iter().rposition(|b| b.breakpoint.is_some());
    let (cut, ttl) = match (top_level, last) {
        (Some(t), _) => (blocks.len(), Some(t)),
        (None, Some(i)) => (i + 1, blocks[i].breakpoint),
        (None, None) => (0, None),
    };
    let counted = |bs: &[Block]| Counted {
        pieces: bs
            .iter()
            .map(|b| (count(&b.text) as u64, b.content))
            .collect(),
    };
    let has_tools = params
        .get("tools")
        .and_then(Value::as_array)
        .is_some_and(|t| !t.is_empty());
    let mut overhead_note = None;
    let overhead = if has_tools {
        tool_overhead(model, params, &mut overhead_note)?
    } else {
        0
    };
    let mut hasher = DefaultHasher::new();
    model.id.hash(&mut hasher);
    for b in &blocks[..cut] {
        b.text.hash(&mut hasher);
    }
    Ok(Parsed {
        model,
        factors,
        prefix: counted(&blocks[..cut]),
        rest: counted(&blocks[cut..]),
        overhead,
        key: hasher.finish(),
        ttl,
        max_tokens,
        uncounted,
        overhead_note,
    })
}

/// Prices a parsed line, in file order: whether its prefix is a cache write or read depends on
/// the lines before it.
fn price_parsed(
    table: &PricingTable,
    parsed: Parsed,
    guess: OutputGuess,
    seen: &mut HashSet<u64>,
    warnings: &mut Vec<String>,
    line: usize,
) -> std::result::Result<Priced, String> {
    for kind in &parsed.uncounted {
        let w = format!("line {line}: {kind} blocks are not counted (no text to tokenize)");
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    }
    if let Some(note) = parsed.overhead_note.filter(|n| !warnings.contains(n)) {
        warnings.push(note);
    }
    let Parsed {
        model,
        factors,
        prefix,
        rest,
        overhead,
        key,
        ttl,
        max_tokens,
        ..
    } = parsed;
    let output_ceiling = Decimal::from(max_tokens);
    let output_typical = match (guess.tokens, guess.ratio) {
        (Some(t), _) => Some(Decimal::from(t.min(max_tokens))),
        (None, Some(r)) => Some(output_ceiling * r),
        (None, None) => None,
    };
    let overhead = Decimal::from(overhead);
    let err = |e: Error| e.to_string();
    let mut usages = Vec::with_capacity(3);
    for pick in 0..3 {
        let p = prefix.claude(&factors, pick).map_err(err)?;
        let r = rest.claude(&factors, pick).map_err(err)?;
        let mut u = Usage::default();
        // The cache decision is made once, at the typical count, so the range compares like
        // with like.
        let p_typical = prefix.claude(&factors, 0).map_err(err)? + overhead;
        let cacheable = ttl.is_some()
            && p_typical > Decimal::ZERO
            && model
                .min_cacheable_tokens
                .is_none_or(|m| p_typical >= Decimal::from(m));
        if cacheable {
            let cached = p + overhead;
            if seen.contains(&key) {
                u.cache_read = cached;
            } else if ttl == Some(CacheTtl::OneHour) {
                u.cache_write_1h = cached;
            } else {
                u.cache_write_5m = cached;
            }
            u.input = r;
        } else {
            u.input = p + r + overhead;
        }
        usages.push(u);
    }
    let batch_mode = Mode {
        batch: true,
        ..Mode::default()
    };
    let real_mode = Mode::default();
    let price = |u: &Usage, output: Decimal, mode: &Mode| -> std::result::Result<Decimal, String> {
        let usage = Usage {
            output,
            ..u.clone()
        };
        billing::quote(table, model, &usage, Decimal::ONE, mode)
            .map(|q| q.total)
            .map_err(|e| e.to_string())
    };
    let out = output_typical.unwrap_or(output_ceiling);
    let range_of = |mode: &Mode| -> std::result::Result<Range, String> {
        Ok(Range {
            typical: price(&usages[0], out, mode)?,
            low: price(&usages[1], out, mode)?,
            high: price(&usages[2], out, mode)?,
        })
    };
    let priced = Priced {
        model: model.id.clone(),
        input: Range {
            typical: usages[0].input,
            low: usages[1].input,
            high: usages[2].input,
        },
        cache_write: Range {
            typical: usages[0].cache_write_5m + usages[0].cache_write_1h,
            low: usages[1].cache_write_5m + usages[1].cache_write_1h,
            high: usages[2].cache_write_5m + usages[2].cache_write_1h,
        },
        cache_read: Range {
            typical: usages[0].cache_read,
            low: usages[1].cache_read,
            high: usages[2].cache_read,
        },
        output_ceiling,
        output_typical,
        batch: range_of(&batch_mode)?,
        batch_ceiling: price(&usages[0], output_ceiling, &batch_mode)?,
        real_time: range_of(&real_mode)?,
    };
    if ttl.is_some() {
        seen.insert(key);
    }
    Ok(priced)
}

fn ttl_of(v: &Value) -> std::result::Result<CacheTtl, String> {
    match v.get("ttl").and_then(Value::as_str) {
        None | Some("5m") => Ok(CacheTtl::FiveMinutes),
        Some("1h") => Ok(CacheTtl::OneHour),
        Some(other) => Err(format!(
            "unknown cache_control ttl `{other}` (expected 5m or 1h)"
        )),
    }
}

/// The prompt's blocks in API order: tools, system, messages.
fn blocks_of(
    params: &serde_json::Map<String, Value>,
    uncounted: &mut Vec<String>,
) -> std::result::Result<Vec<Block>, String> {
    let mut blocks = Vec::new();
    let breakpoint = |v: &Value| v.get("cache_control").map(ttl_of).transpose();
    if let Some(tools) = params.get("tools") {
        for tool in tools.as_array().ok_or("`params.tools` is not an array")? {
            let mut definition = tool.clone();
            if let Some(o) = definition.as_object_mut() {
                o.remove("cache_control");
            }
            blocks.push(Block {
                text: definition.to_string(),
                content: Content::Json,
                breakpoint: breakpoint(tool)?,
            });
        }
    }
    match params.get("system") {
        None => {}
        Some(Value::String(s)) => blocks.push(text_block(s, None)),
        Some(Value::Array(items)) => {
            for item in items {
                push_content_block(item, &mut blocks, uncounted, breakpoint(item)?)?;
            }
        }
        Some(_) => return Err("`params.system` is neither a string nor an array".into()),
    }
    let messages = params
        .get("messages")
        .and_then(Value::as_array)
        .ok_or("missing `params.messages` (an array)")?;
    for message in messages {
        match message.get("content") {
            Some(Value::String(s)) => blocks.push(text_block(s, None)),
            Some(Value::Array(items)) => {
                for item in items {
                    push_content_block(item, &mut blocks, uncounted, breakpoint(item)?)?;
                }
            }
            _ => return Err("a message has no `content`".into()),
        }
    }
    Ok(blocks)
}

fn text_block(text: &str, breakpoint: Option<CacheTtl>) -> Block {
    Block {
        text: text.to_string(),
        content: Content::detect(None, text),
        breakpoint,
    }
}

fn push_content_block(
    item: &Value,
    blocks: &mut Vec<Block>,
    uncounted: &mut Vec<String>,
    breakpoint: Option<CacheTtl>,
) -> std::result::Result<(), String> {
    match item.get("type").and_then(Value::as_str) {
        Some("text") => {
            let text = item
                .get("text")
                .and_then(Value::as_str)
                .ok_or("a text block has no `text`")?;
            blocks.push(text_block(text, breakpoint));
        }
        Some("tool_use") => blocks.push(Block {
            text: item.get("input").map(Value::to_string).unwrap_or_default(),
            content: Content::Json,
            breakpoint,
        }),
        Some("tool_result") => match item.get("content") {
            Some(Value::String(s)) => blocks.push(text_block(s, breakpoint)),
            Some(Value::Array(inner)) => {
                for i in inner {
                    push_content_block(i, blocks, uncounted, None)?;
                }
                if let (Some(b), Some(last)) = (breakpoint, blocks.last_mut()) {
                    last.breakpoint = Some(b);
                }
            }
            _ => {}
        },
        Some(other) => {
            if !uncounted.iter().any(|u| u == other) {
                uncounted.push(other.to_string());
            }
            // The breakpoint still ends the prefix, even if the block itself is not counted.
            if let (Some(b), Some(last)) = (breakpoint, blocks.last_mut()) {
                last.breakpoint = Some(b);
            }
        }
        None => return Err("a content block has no `type`".into()),
    }
    Ok(())
}

fn tool_overhead(
    model: &Model,
    params: &serde_json::Map<String, Value>,
    note: &mut Option<String>,
) -> std::result::Result<u64, String> {
    let choice = params
        .get("tool_choice")
        .and_then(|c| c.get("type"))
        .and_then(Value::as_str)
        .unwrap_or("auto");
    let overhead = model.tool_use_system_prompt_tokens.as_ref();
    let figure = match choice {
        "any" | "tool" => overhead.and_then(|o| o.any_tool),
        _ => overhead.and_then(|o| o.auto_none),
    };
    match figure {
        Some(ToolTokens::Tokens(n)) => Ok(n),
        Some(ToolTokens::Unsupported) => Err(format!(
            "tool_choice `{choice}` is not supported on {}: the API returns an error for forced tool use",
            model.id
        )),
        None => {
            *note = Some(format!(
                "{} publishes no tool-use system-prompt overhead; it is counted as 0 tokens",
                model.id
            ));
            Ok(0)
        }
    }
}
