//! One usage record as every source is read into: a time bucket (or a request), the
//! dimensions that decide its price and its group, and its token counts.

use jiff::Timestamp;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::billing::{InferenceGeo, Speed, Usage};

/// Where a record was read: the file and the 1-based line its page or line starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file, as the user named it.
    pub file: String,
    /// 1-based line.
    pub line: usize,
}

impl Origin {
    /// An error about what was read here.
    pub fn invalid(&self, message: String) -> crate::error::Error {
        crate::error::Error::Invalid {
            path: self.file.clone(),
            line: Some(self.line),
            column: None,
            message,
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// The API's service tier: how a request was served and billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceTier {
    /// Real-time at list price.
    Standard,
    /// The Message Batches API.
    Batch,
    /// Priority Tier (a commitment, burnt down at list-price weights).
    Priority,
    /// Priority Tier capacity used on demand.
    PriorityOnDemand,
    /// Flex.
    Flex,
    /// Flex at a discount.
    FlexDiscount,
}

impl ServiceTier {
    /// The name the API uses.
    pub fn name(self) -> &'static str {
        match self {
            ServiceTier::Standard => "standard",
            ServiceTier::Batch => "batch",
            ServiceTier::Priority => "priority",
            ServiceTier::PriorityOnDemand => "priority_on_demand",
            ServiceTier::Flex => "flex",
            ServiceTier::FlexDiscount => "flex_discount",
        }
    }
}

/// The usage report's context-window bucket: all it tells of a request's prompt length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum ContextWindow {
    /// Prompts of at most 200K tokens.
    #[serde(rename = "0-200k")]
    UpTo200k,
    /// Prompts above 200K tokens.
    #[serde(rename = "200k-1M")]
    Above200k,
}

impl ContextWindow {
    /// The prompt lengths the bucket holds: (exclusive lower bound, inclusive upper bound).
    pub fn prompt_range(self) -> (u64, Option<u64>) {
        match self {
            ContextWindow::UpTo200k => (0, Some(200_000)),
            ContextWindow::Above200k => (200_000, None),
        }
    }

    /// The name the API uses.
    pub fn name(self) -> &'static str {
        match self {
            ContextWindow::UpTo200k => "0-200k",
            ContextWindow::Above200k => "200k-1M",
        }
    }
}

/// What decides a record's price, besides its date: model, tier, geo, speed, prompt bucket.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pricing {
    /// The model as the source names it (an id, a dated id or an alias).
    pub model: String,
    /// Service tier; `standard` when the source does not say.
    pub service_tier: ServiceTier,
    /// `us` or global (`not_available` and absent are global).
    pub inference_geo: InferenceGeo,
    /// Standard or fast.
    pub speed: Speed,
    /// The prompt-length bucket, when the source gives one.
    pub context_window: Option<ContextWindow>,
    /// For a single request, the prompt-length tier its own prompt falls in (`Some(None)`
    /// below every tier); `None` when only a bucket is known.
    pub exact_tier: Option<Option<u64>>,
}

/// The groups a record belongs to (each `None` when the source does not break it down).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Groups {
    /// Workspace id (`None` is the default workspace, or not grouped).
    pub workspace_id: Option<String>,
    /// API key id.
    pub api_key_id: Option<String>,
    /// Account id (OAuth).
    pub account_id: Option<String>,
    /// Service account id (OIDC federation).
    pub service_account_id: Option<String>,
}

/// One record of usage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Where it was read.
    pub origin: Origin,
    /// A single request's id (message id, with the request id where the source has one), so
    /// the same request read twice counts once; `None` for a bucket.
    pub id: Option<String>,
    /// Start of its bucket (or the request's time).
    pub start: Timestamp,
    /// End of its bucket (exclusive); the start again for a single request.
    pub end: Timestamp,
    /// What decides its price.
    pub pricing: Pricing,
    /// Its groups.
    pub groups: Groups,
    /// Its token counts and web searches, totals over the bucket.
    pub usage: Usage,
    /// A single request's prompt length (uncached input, cache writes and reads), which
    /// decides its prompt-length tier; `None` for a bucket.
    pub prompt_tokens: Option<Decimal>,
    /// A Claude Code sidechain (subagent) entry, which may replay its parent's messages: a
    /// main-chain copy of the same message is kept over it.
    pub sidechain: bool,
    /// What a single request's log line tells of its cache use beyond its counts (its
    /// session, whether it asked to cache); empty for a bucket.
    pub cache: super::cache_diagnostics::RequestFacts,
}

impl Record {
    /// The UTC day its prices are taken from (its start's).
    pub fn date(&self) -> Date {
        jiff::tz::Offset::UTC.to_datetime(self.start).date()
    }
}
