//! The Admin API usage report (`GET /v1/organizations/usage_report/messages`), saved as JSON:
//! one page, an array of pages, or pages one after another (one per line). Every field of a
//! result row is known and checked: an unknown field is an error, never a token class dropped.

use serde::Deserialize;

use super::json_pages::{self, Page};
use super::record::{ContextWindow, Groups, Origin, Pricing, Record, ServiceTier};
use crate::billing::{InferenceGeo, Speed, Usage};
use crate::error::Result;

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
    json_pages::read(file, text, "usage report", explain, |line, page| {
        add_page(file, line, page, &mut out)
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

fn add_page(file: &str, line: usize, page: Page<Row>, out: &mut Parsed) -> Result<()> {
    let origin = Origin {
        file: file.to_string(),
        line,
    };
    for bucket in page.data {
        let start = json_pages::time(&origin, "starting_at", &bucket.starting_at)?;
        let end = json_pages::time(&origin, "ending_at", &bucket.ending_at)?;
        out.observed_until = Some(out.observed_until.map_or(end, |u| u.max(end)));
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
