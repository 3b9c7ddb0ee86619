//! The Admin API cost report (`GET /v1/organizations/cost_report`), saved as JSON pages: what
//! Anthropic billed per day, for reconciliation. Its `amount` is a decimal string in **cents**.
//! It is read as the usage report is (`json_pages.rs`): in pieces, on every core, a page too big
//! for one piece cut between its buckets, so memory does not grow with the file.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Deserialize;

use std::path::Path;

use super::fold::PageBytes;
use super::json_pages::{self, Bucket, Failed};
use super::json_scan::OpenPage;
use super::record::Origin;
use super::stream::Piece;
use crate::billing::Item;
use crate::error::{Error, Result};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    amount: String,
    currency: String,
    #[serde(default)]
    cost_type: Option<CostType>,
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
    #[serde(default)]
    model: Option<String>,
    #[serde(default)]
    token_type: Option<TokenType>,
    #[serde(default)]
    service_tier: Option<BilledTier>,
    #[serde(default)]
    #[allow(dead_code)]
    context_window: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    inference_geo: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    workspace_id: Option<String>,
}

/// What a cost line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostType {
    /// Tokens.
    Tokens,
    /// Web searches.
    WebSearch,
    /// Code execution (not in the usage report).
    CodeExecution,
    /// Managed Agents runtime (not in the usage report).
    SessionUsage,
}

#[derive(Deserialize)]
enum TokenType {
    #[serde(rename = "uncached_input_tokens")]
    Input,
    #[serde(rename = "output_tokens")]
    Output,
    #[serde(rename = "cache_read_input_tokens")]
    CacheRead,
    #[serde(rename = "cache_creation.ephemeral_5m_input_tokens")]
    CacheWrite5m,
    #[serde(rename = "cache_creation.ephemeral_1h_input_tokens")]
    CacheWrite1h,
}

/// The cost report's tiers: only these two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BilledTier {
    /// Real-time.
    Standard,
    /// Batch.
    Batch,
}

/// One billed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Billed {
    /// Where it was read.
    pub origin: Origin,
    /// The UTC day.
    pub date: Date,
    /// The model, when the report is grouped by description.
    pub model: Option<String>,
    /// The class, when the report gives it (tokens by type, or web search).
    pub item: Option<Item>,
    /// What it is for, when given.
    pub cost_type: Option<CostType>,
    /// Standard or batch, when given.
    pub tier: Option<BilledTier>,
    /// The amount in US dollars (the report's cents ÷ 100).
    pub usd: Decimal,
}

/// The billed lines of `piece` of `file`, in order (read on any core); inside a top-level
/// array every line carries the array's line `array_line`. The lines read before an error are
/// given with it.
pub fn parse_piece(
    file: &str,
    piece: &Piece,
    array_line: Option<usize>,
) -> (Vec<Billed>, Option<Failed>) {
    let mut out = Vec::new();
    let done = json_pages::each_run(file, piece, array_line.is_some(), explain, |run| {
        let origin = Origin {
            file: file.to_string(),
            line: array_line.unwrap_or(run.split.as_ref().map_or(run.at.0, |p| p.line)),
        };
        let (bytes, at) = (run.bytes, run.at);
        json_pages::buckets(file, bytes, run.what, at, explain, |bucket| {
            add_bucket(&origin, bucket, &mut |b| {
                out.push(b);
                Ok(())
            })
        })
        .map_err(|e| {
            // Pages one after another are told apart by their syntax first: a page that is
            // not JSON is named so, not by the field a typed read stopped in.
            let whole = run.what == PageBytes::Whole && array_line.is_none();
            let de = || serde_json::Deserializer::from_slice(bytes);
            whole
                .then(|| json_pages::syntax_error(file, de(), at, explain))
                .flatten()
                .unwrap_or(e)
        })
    });
    (out, done.err())
}

/// `found`, an error in `page` of the file `path` (named `file`), which was cut across pieces,
/// or the error that the page names first when read whole: serde's, then those of its
/// buckets (the page is read again as a stream, so memory stays bounded). `line` is the line
/// its lines carry.
/// In a top-level array (`in_array`) the page is typed at once, as when the array was read
/// whole; else a syntax error in it is named first.
pub fn exact(
    path: &Path,
    file: &str,
    (page, in_array): (&OpenPage, bool),
    line: usize,
    found: Error,
) -> Error {
    if !in_array && let Some(e) = syntax_of(path, file, page) {
        return e;
    }
    let origin = Origin {
        file: file.to_string(),
        line,
    };
    let first = json_pages::recheck(path, file, page, explain, |bucket: Bucket<Row>| {
        add_bucket(&origin, bucket, &mut |_| Ok(()))
    });
    first.unwrap_or(found)
}

/// The first syntax error of `page` of the file `path`, read again as a stream.
fn syntax_of(path: &Path, file: &str, page: &OpenPage) -> Option<Error> {
    use std::io::{Seek, SeekFrom};
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut f = match std::fs::File::open(path).map_err(io) {
        Ok(f) => f,
        Err(e) => return Some(e),
    };
    if let Err(e) = f.seek(SeekFrom::Start(page.offset)).map_err(io) {
        return Some(e);
    }
    let de = serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 16, f));
    json_pages::syntax_error(file, de, (page.line, page.column), explain)
}

/// The billed lines of one bucket, handed to `each`.
fn add_bucket(
    origin: &Origin,
    bucket: Bucket<Row>,
    each: &mut dyn FnMut(Billed) -> Result<()>,
) -> Result<()> {
    let start = json_pages::time(origin, "starting_at", &bucket.starting_at)?;
    let date = jiff::tz::Offset::UTC.to_datetime(start).date();
    for row in bucket.results {
        if row.currency != "USD" {
            return Err(origin.invalid(format!(
                "an amount in `{}`; burnrate prices in USD",
                row.currency
            )));
        }
        let cents: Decimal = row.amount.parse().map_err(|_| {
            origin.invalid(format!(
                "`amount`: `{}` is not a decimal string",
                row.amount
            ))
        })?;
        let item = match (row.cost_type, row.token_type) {
            (Some(CostType::WebSearch), _) => Some(Item::WebSearch),
            (_, Some(t)) => Some(match t {
                TokenType::Input => Item::Input,
                TokenType::Output => Item::Output,
                TokenType::CacheRead => Item::CacheRead,
                TokenType::CacheWrite5m => Item::CacheWrite5m,
                TokenType::CacheWrite1h => Item::CacheWrite1h,
            }),
            _ => None,
        };
        each(Billed {
            origin: origin.clone(),
            date,
            model: row.model,
            item,
            cost_type: row.cost_type,
            tier: row.service_tier,
            usd: cents / Decimal::ONE_HUNDRED,
        })?;
    }
    Ok(())
}

/// A JSON error said in terms of the bill.
fn explain(bare: &str) -> String {
    if bare.contains("unknown field `uncached_input_tokens`")
        || bare.contains("missing field `amount`")
    {
        "this is a usage report, not a cost report: it is what gets repriced, not the bill"
            .to_string()
    } else {
        format!("not a cost report page: {bare}")
    }
}

/// What the bill is compared by: day, model, class, what for and tier.
type BilledKey = (
    Date,
    Option<String>,
    Option<Item>,
    Option<CostType>,
    Option<BilledTier>,
);

/// Billed lines summed per day, model, class, what for and tier as they are read, so a long
/// bill takes memory per distinct line, not per row; each sum keeps its first row's origin.
#[derive(Default)]
pub struct BilledSums {
    index: super::fx::FxHashMap<BilledKey, usize>,
    sums: Vec<Billed>,
}

impl BilledSums {
    /// Adds one billed line.
    pub fn add(&mut self, b: Billed) -> Result<()> {
        let key = (b.date, b.model.clone(), b.item, b.cost_type, b.tier);
        match self.index.get(&key) {
            Some(&i) => {
                let sum = &mut self.sums[i];
                sum.usd = crate::money::add(sum.usd, b.usd, "the billed amounts")?;
            }
            None => {
                self.index.insert(key, self.sums.len());
                self.sums.push(b);
            }
        }
        Ok(())
    }

    /// The sums, in order of first line.
    pub fn finish(self) -> Vec<Billed> {
        self.sums
    }
}
