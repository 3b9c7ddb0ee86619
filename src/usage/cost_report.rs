//! The Admin API cost report (`GET /v1/organizations/cost_report`), saved as JSON pages: what
//! Anthropic billed per day, for reconciliation. Its `amount` is a decimal string in **cents**.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::de::SliceRead;

use super::record::Origin;
use crate::billing::Item;
use crate::error::{Error, Result};

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
    #[allow(dead_code)]
    ending_at: String,
    results: Vec<Row>,
}

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
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

/// Reads every page of a cost report.
pub fn parse(file: &str, text: &[u8]) -> Result<Vec<Billed>> {
    let mut out = Vec::new();
    let Some(start) = text.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Err(Error::Invalid {
            path: file.to_string(),
            line: None,
            column: None,
            message: "the file is empty; expected cost report pages (JSON)".into(),
        });
    };
    let mut ends = serde_json::Deserializer::new(SliceRead::new(text)).into_iter::<IgnoredAny>();
    let (mut at, mut counted, mut line) = (start, 0, 1);
    while let Some(next) = ends.next() {
        next.map_err(|e| syntax(file, e.to_string(), e.line(), e.column()))?;
        let end = ends.byte_offset();
        line += text[counted..at].iter().filter(|&&b| b == b'\n').count();
        counted = at;
        let mut de = serde_json::Deserializer::from_slice(&text[at..end]);
        let page: Page = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            syntax(
                file,
                format!("{path}: {inner}"),
                line + inner.line() - 1,
                inner.column(),
            )
        })?;
        let origin = Origin {
            file: file.to_string(),
            line,
        };
        for bucket in page.data {
            let start: jiff::Timestamp = bucket.starting_at.parse().map_err(|e: jiff::Error| {
                invalid(
                    &origin,
                    format!(
                        "`starting_at`: `{}` is not an RFC 3339 time with a zone ({e})",
                        bucket.starting_at
                    ),
                )
            })?;
            let date = jiff::tz::Offset::UTC.to_datetime(start).date();
            for row in bucket.results {
                if row.currency != "USD" {
                    return Err(invalid(
                        &origin,
                        format!("an amount in `{}`; burnrate prices in USD", row.currency),
                    ));
                }
                let cents: Decimal = row.amount.parse().map_err(|_| {
                    invalid(
                        &origin,
                        format!("`amount`: `{}` is not a decimal string", row.amount),
                    )
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
                out.push(Billed {
                    origin: origin.clone(),
                    date,
                    model: row.model,
                    item,
                    cost_type: row.cost_type,
                    tier: row.service_tier,
                    usd: cents / Decimal::ONE_HUNDRED,
                });
            }
        }
        at = text[end..]
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .map_or(end, |p| end + p);
    }
    Ok(out)
}

fn invalid(origin: &Origin, message: String) -> Error {
    Error::Invalid {
        path: origin.file.clone(),
        line: Some(origin.line),
        column: None,
        message,
    }
}

fn syntax(file: &str, text: String, line: usize, column: usize) -> Error {
    let bare = text
        .rfind(" at line ")
        .map_or(text.as_str(), |i| &text[..i]);
    let message = if bare.contains("unknown field `uncached_input_tokens`")
        || bare.contains("missing field `amount`")
    {
        "this is a usage report, not a cost report: it is what gets repriced, not the bill"
            .to_string()
    } else {
        format!("not a cost report page: {bare}")
    };
    Error::Syntax {
        path: file.to_string(),
        line,
        column,
        message,
    }
}
