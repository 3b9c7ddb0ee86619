//! The Admin API usage report (`GET /v1/organizations/usage_report/messages`), saved as JSON:
//! one page, an array of pages, or pages one after another (one per line). Every field of a
//! result row is known and checked: an unknown field is an error, never a token class dropped.

use std::sync::Arc;

use serde::Deserialize;

use super::fold::{self, Unit};
use super::json_pages::{self, Bucket};
use super::json_scan::OpenPage;
use super::record::{ContextWindow, Groups, Origin, Pricing, Record, ServiceTier};
use super::stream::Piece;
use crate::billing::{InferenceGeo, Speed, Usage};
use crate::error::{Error, Result};

/// A dimension the source does not give, so burnrate assumed its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Assumed {
    /// No `service_tier`: priced as standard (real-time).
    ServiceTier,
    /// No `speed`: priced at standard speed.
    Speed,
    /// No `inference_geo`: priced as global routing.
    InferenceGeo,
    /// A cache write total without its split by TTL: priced as 5-minute writes.
    CacheTtl,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    model: Option<String>,
    uncached_input_tokens: u64,
    #[serde(default)]
    cache_creation: Option<CacheCreation>,
    #[serde(default)]
    cache_read_input_tokens: u64,
    output_tokens: u64,
    #[serde(default)]
    server_tool_use: Option<ServerToolUse>,
    #[serde(default)]
    service_tier: Option<ServiceTier>,
    #[serde(default)]
    context_window: Option<ContextWindow>,
    #[serde(default)]
    inference_geo: Option<Geo>,
    #[serde(default)]
    speed: Option<Speed>,
    #[serde(default)]
    api_key_id: Option<String>,
    #[serde(default)]
    workspace_id: Option<String>,
    #[serde(default)]
    account_id: Option<String>,
    #[serde(default)]
    service_account_id: Option<String>,
}

/// The cache writes by TTL, in the usage report and in a Messages `usage` object alike; a field
/// beyond these two is a cache class burnrate does not price, so it is refused.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct CacheCreation {
    #[serde(default)]
    pub(super) ephemeral_5m_input_tokens: u64,
    #[serde(default)]
    pub(super) ephemeral_1h_input_tokens: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerToolUse {
    #[serde(default)]
    web_search_requests: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Geo {
    Global,
    Us,
    /// Models released before Opus 4.6: served globally.
    NotAvailable,
}

/// The records of one page.
pub struct PageRecords {
    /// Where the page is, to read it again.
    pub unit: Unit,
    /// One record per result row, the page's own duplicates dropped.
    pub records: Vec<Record>,
    /// The records summed (when read for the fold, which then needs no rows).
    pub sums: fold::PageSums,
    /// Rows the page itself holds twice.
    pub duplicates: usize,
    /// Dimensions the page did not carry.
    pub assumed: Vec<Assumed>,
    /// The end of the latest bucket, empty ones included: how far the report has looked.
    pub observed_until: Option<jiff::Timestamp>,
    /// The page these are part of, when it was cut across pieces (for [`exact`]).
    pub split: Option<Arc<OpenPage>>,
}

use json_pages::Failed;

/// Reads the pages (and parts of pages) of `piece` of `file` (number `index` among the files
/// read); inside a top-level array, every page's records carry the array's line
/// `array_line`. The pages read before an error are given with it.
pub fn parse_piece(
    file: &str,
    index: usize,
    piece: &Piece,
    array_line: Option<usize>,
) -> (Vec<PageRecords>, Option<Failed>) {
    let mut out = Vec::new();
    let done = json_pages::each_run(file, piece, array_line.is_some(), explain, |run| {
        let unit = Unit::Page {
            file: index,
            offset: piece.offset + run.range.start as u64,
            len: run.range.len(),
            line: array_line.unwrap_or(run.split.as_ref().map_or(run.at.0, |p| p.line)),
            bytes: run.what,
        };
        let mut p = summed(file, unit, run.bytes, run.at)?;
        p.split = run.split;
        out.push(p);
        Ok(())
    });
    (out, done.err())
}

/// `found`, an error in (or in folding) `page` of the file `path`, which was cut across pieces,
/// or the error that the page names first when read whole: serde's, then those of its
/// buckets (the page is read again as a stream, so memory stays bounded). `line` is the line its records carry.
pub fn exact(
    path: &std::path::Path,
    file: &str,
    page: &OpenPage,
    line: usize,
    found: Error,
) -> Error {
    let origin = Origin {
        file: file.to_string(),
        line,
    };
    let (mut assumed, mut until) = (Vec::new(), None);
    let first = json_pages::recheck(path, file, page, explain, |bucket: Bucket<Row>| {
        add_bucket(&origin, bucket, &mut assumed, &mut until, &mut |_| Ok(()))
    });
    first.unwrap_or(found)
}

/// The records of the page at `unit` of `file`, read again from `path`.
pub fn reread(path: &std::path::Path, file: &str, unit: Unit) -> Result<Vec<Record>> {
    let Unit::Page { offset, len, .. } = unit else {
        return Ok(Vec::new());
    };
    use std::io::{Read, Seek};
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut f = std::fs::File::open(path).map_err(io)?;
    f.seek(std::io::SeekFrom::Start(offset)).map_err(io)?;
    let mut bytes = vec![0; len];
    f.read_exact(&mut bytes).map_err(io)?;
    Ok(page(file, unit, &bytes, (1, 1))?.records)
}

/// A page summed as it is read; read again as records when it may hold a row twice (a span
/// or a row repeated), which the sums cannot tell.
fn summed(file: &str, unit: Unit, bytes: &[u8], at: (usize, usize)) -> Result<PageRecords> {
    let mut sums = fold::PageSums::default();
    let mut out = read_page(file, unit, bytes, at, &mut |r| sums.add(r))?;
    if sums.repeats() {
        out = page(file, unit, bytes, at)?;
        sums = fold::PageSums::of(std::mem::take(&mut out.records))?;
    }
    out.sums = sums.done();
    Ok(out)
}

/// A page's records, its own duplicates dropped.
fn page(file: &str, unit: Unit, bytes: &[u8], at: (usize, usize)) -> Result<PageRecords> {
    let mut records = Vec::new();
    let mut out = read_page(file, unit, bytes, at, &mut |r| {
        records.push(r);
        Ok(())
    })?;
    let (records, duplicates) = fold::within_unit(records)?;
    out.records = records;
    out.duplicates = duplicates;
    Ok(out)
}

fn read_page(
    file: &str,
    unit: Unit,
    bytes: &[u8],
    at: (usize, usize),
    each: &mut dyn FnMut(Record) -> Result<()>,
) -> Result<PageRecords> {
    let Unit::Page {
        line, bytes: what, ..
    } = unit
    else {
        unreachable!("a page's unit is a page")
    };
    let mut out = PageRecords {
        unit,
        records: Vec::new(),
        sums: fold::PageSums::default(),
        duplicates: 0,
        assumed: Vec::new(),
        observed_until: None,
        split: None,
    };
    let origin = Origin {
        file: file.to_string(),
        line,
    };
    let (assumed, until) = (&mut out.assumed, &mut out.observed_until);
    json_pages::buckets(file, bytes, what, at, explain, |bucket| {
        add_bucket(&origin, bucket, assumed, until, each)
    })?;
    out.assumed.sort();
    out.assumed.dedup();
    Ok(out)
}

/// A JSON error said in terms of the export.
fn explain(bare: &str) -> String {
    if bare.contains("unknown field `amount`")
        || bare.contains("unknown field `cost_type`")
        || bare.contains("unknown field `currency`")
    {
        "this is an Admin API cost report, not a usage report: a cost report is for \
         reconciliation, not repricing"
            .to_string()
    } else {
        format!("not a usage report page: {bare}")
    }
}

/// The records of one bucket, handed to `each`; what it lacks added to `assumed`, its end to
/// `until`.
fn add_bucket(
    origin: &Origin,
    bucket: Bucket<Row>,
    assumed: &mut Vec<Assumed>,
    until: &mut Option<jiff::Timestamp>,
    each: &mut dyn FnMut(Record) -> Result<()>,
) -> Result<()> {
    let start = json_pages::time(origin, "starting_at", &bucket.starting_at)?;
    let end = json_pages::time(origin, "ending_at", &bucket.ending_at)?;
    *until = Some(until.map_or(end, |u| u.max(end)));
    if end <= start {
        return Err(origin.invalid(format!(
            "the bucket ending at {} does not start before it ({})",
            bucket.ending_at, bucket.starting_at
        )));
    }
    for row in bucket.results {
        let model = row.model.ok_or_else(|| {
            origin.invalid(format!(
                "the bucket starting {} has usage without a model: the report was not \
                         grouped by model, so it cannot be priced (fetch it with \
                         `group_by[]=model`)",
                bucket.starting_at
            ))
        })?;
        if row.service_tier.is_none() {
            assumed.push(Assumed::ServiceTier);
        }
        if row.speed.is_none() {
            assumed.push(Assumed::Speed);
        }
        if row.inference_geo.is_none() {
            assumed.push(Assumed::InferenceGeo);
        }
        let cache = row.cache_creation.unwrap_or_default();
        each(Record {
            origin: origin.clone(),
            id: None,
            start,
            end,
            pricing: Pricing {
                model,
                service_tier: row.service_tier.unwrap_or(ServiceTier::Standard),
                inference_geo: match row.inference_geo {
                    Some(Geo::Us) => InferenceGeo::Us,
                    _ => InferenceGeo::Global,
                },
                speed: row.speed.unwrap_or_default(),
                context_window: row.context_window,
                exact_tier: None,
            },
            groups: Groups {
                workspace_id: row.workspace_id,
                api_key_id: row.api_key_id,
                account_id: row.account_id,
                service_account_id: row.service_account_id,
            },
            prompt_tokens: None,
            sidechain: false,
            cache: Default::default(),
            usage: Usage {
                input: row.uncached_input_tokens.into(),
                cache_write_5m: cache.ephemeral_5m_input_tokens.into(),
                cache_write_1h: cache.ephemeral_1h_input_tokens.into(),
                cache_read: row.cache_read_input_tokens.into(),
                output: row.output_tokens.into(),
                web_searches: row
                    .server_tool_use
                    .map_or(0, |s| s.web_search_requests)
                    .into(),
            },
        })?;
    }
    Ok(())
}
