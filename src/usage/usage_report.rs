//! The Admin API usage report (`GET /v1/organizations/usage_report/messages`), saved as JSON:
//! one page, an array of pages, or pages one after another (one per line). Every field of a
//! result row is known and checked: an unknown field is an error, never a token class dropped.

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::de::SliceRead;

use super::record::{ContextWindow, Groups, Origin, Pricing, Record, ServiceTier};
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
struct Page {
    data: Vec<Bucket>,
    #[serde(default)]
    #[allow(dead_code)]
    has_more: Option<bool>,
    #[serde(default)]
    #[allow(dead_code)]
    next_page: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Bucket {
    starting_at: String,
    ending_at: String,
    results: Vec<Row>,
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CacheCreation {
    #[serde(default)]
    ephemeral_5m_input_tokens: u64,
    #[serde(default)]
    ephemeral_1h_input_tokens: u64,
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

/// The records of one file, in order, and the dimensions that had to be assumed.
pub struct Parsed {
    /// One record per result row.
    pub records: Vec<Record>,
    /// Dimensions the report did not carry.
    pub assumed: Vec<Assumed>,
    /// The end of the latest bucket, empty ones included: how far the report has looked.
    pub observed_until: Option<jiff::Timestamp>,
}

/// Reads every page of `text` (from `file`).
pub fn parse(file: &str, text: &[u8]) -> Result<Parsed> {
    let mut out = Parsed {
        records: Vec::new(),
        assumed: Vec::new(),
        observed_until: None,
    };
    let start = text.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return Err(Error::Invalid {
            path: file.to_string(),
            line: None,
            column: None,
            message: "the file is empty; expected usage report pages (JSON)".into(),
        });
    };
    if text[start] == b'[' {
        let pages: Vec<Page> = typed(file, text, (1, 1))?;
        let line = 1 + lines_in(&text[..start]);
        for page in pages {
            add_page(file, line, page, &mut out)?;
        }
    } else {
        // Pages one after another: find each page's end first, then read it typed, so an
        // error names its field's path and its place in the file.
        let mut ends =
            serde_json::Deserializer::new(SliceRead::new(text)).into_iter::<IgnoredAny>();
        let (mut at, mut counted, mut line) = (start, 0, 1);
        while let Some(next) = ends.next() {
            next.map_err(|e| syntax(file, &e.to_string(), e.line(), e.column()))?;
            let end = ends.byte_offset();
            line += lines_in(&text[counted..at]);
            counted = at;
            let column = 1 + at
                - text[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
            let page: Page = typed(file, &text[at..end], (line, column))?;
            add_page(file, line, page, &mut out)?;
            at = text[end..]
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .map_or(end, |p| end + p);
        }
    }
    out.assumed.sort();
    out.assumed.dedup();
    Ok(out)
}

fn add_page(file: &str, line: usize, page: Page, out: &mut Parsed) -> Result<()> {
    let origin = Origin {
        file: file.to_string(),
        line,
    };
    for bucket in page.data {
        let start = time(&origin, "starting_at", &bucket.starting_at)?;
        let end = time(&origin, "ending_at", &bucket.ending_at)?;
        out.observed_until = Some(out.observed_until.map_or(end, |u| u.max(end)));
        if end <= start {
            return Err(invalid(
                &origin,
                format!(
                    "the bucket ending at {} does not start before it ({})",
                    bucket.ending_at, bucket.starting_at
                ),
            ));
        }
        for row in bucket.results {
            let model = row.model.ok_or_else(|| {
                invalid(
                    &origin,
                    format!(
                        "the bucket starting {} has usage without a model: the report was not \
                         grouped by model, so it cannot be priced (fetch it with \
                         `group_by[]=model`)",
                        bucket.starting_at
                    ),
                )
            })?;
            if row.service_tier.is_none() {
                out.assumed.push(Assumed::ServiceTier);
            }
            if row.speed.is_none() {
                out.assumed.push(Assumed::Speed);
            }
            if row.inference_geo.is_none() {
                out.assumed.push(Assumed::InferenceGeo);
            }
            let cache = row.cache_creation.unwrap_or(CacheCreation {
                ephemeral_5m_input_tokens: 0,
                ephemeral_1h_input_tokens: 0,
            });
            out.records.push(Record {
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
            });
        }
    }
    Ok(())
}

fn time(origin: &Origin, field: &str, text: &str) -> Result<jiff::Timestamp> {
    text.parse().map_err(|e: jiff::Error| {
        invalid(
            origin,
            format!("`{field}`: `{text}` is not an RFC 3339 time with a zone ({e})"),
        )
    })
}

fn invalid(origin: &Origin, message: String) -> Error {
    Error::Invalid {
        path: origin.file.clone(),
        line: Some(origin.line),
        column: None,
        message,
    }
}

/// `bytes` read as `T`, which starts at `(line, column)` of the file; an error names the path
/// of the field it is in.
fn typed<T: serde::de::DeserializeOwned>(
    file: &str,
    bytes: &[u8],
    (line, column): (usize, usize),
) -> Result<T> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let (l, c) = (inner.line(), inner.column());
        let text = inner.to_string();
        let message = if path == "." || path.is_empty() {
            text
        } else {
            format!("{path}: {text}")
        };
        syntax(
            file,
            &message,
            line + l - 1,
            if l == 1 { column + c - 1 } else { c },
        )
    })
}

/// A JSON error at its line and column, said in terms of the export.
fn syntax(file: &str, text: &str, line: usize, column: usize) -> Error {
    // serde_json appends " at line L column C"; the position is given apart.
    let bare = text.rfind(" at line ").map_or(text, |i| &text[..i]);
    let message = if bare.contains("unknown field `amount`")
        || bare.contains("unknown field `cost_type`")
        || bare.contains("unknown field `currency`")
    {
        "this is an Admin API cost report, not a usage report: a cost report is for \
         reconciliation, not repricing"
            .to_string()
    } else {
        format!("not a usage report page: {bare}")
    };
    Error::Syntax {
        path: file.to_string(),
        line,
        column,
        message,
    }
}

/// Line breaks in `bytes`.
fn lines_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}
