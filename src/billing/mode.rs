//! The pricing modifiers of a request: batch, speed, inference geo, platform, and the cache
//! TTL. One type per concept, used by the workload schema, the command line and the reports.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Service speed.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Speed {
    /// Standard speed.
    #[default]
    Standard,
    /// Fast mode (`speed: "fast"`), priced per the model's `fast` entry.
    Fast,
}

impl Speed {
    /// `standard` or `fast`.
    pub fn name(self) -> &'static str {
        match self {
            Speed::Standard => "standard",
            Speed::Fast => "fast",
        }
    }
}

/// Where inference runs (the Claude API's `inference_geo`).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum InferenceGeo {
    /// Global routing (the default).
    #[default]
    Global,
    /// US-only inference.
    Us,
}

impl InferenceGeo {
    /// `global` or `us`, as the API and the workload file spell it.
    pub fn name(self) -> &'static str {
        match self {
            InferenceGeo::Global => "global",
            InferenceGeo::Us => "us",
        }
    }
}

/// Cache time to live: which write rate a cached prefix pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Ttl {
    /// Five minutes (writes at the 5-minute rate).
    #[serde(rename = "5m")]
    #[cfg_attr(feature = "cli", value(name = "5m"))]
    FiveMinutes,
    /// One hour (writes at the 1-hour rate).
    #[serde(rename = "1h")]
    #[cfg_attr(feature = "cli", value(name = "1h"))]
    OneHour,
}

impl Ttl {
    /// The TTL in minutes.
    pub fn minutes(self) -> Decimal {
        match self {
            Ttl::FiveMinutes => Decimal::from(5),
            Ttl::OneHour => Decimal::from(60),
        }
    }

    /// `5m` or `1h`.
    pub fn name(self) -> &'static str {
        match self {
            Ttl::FiveMinutes => "5m",
            Ttl::OneHour => "1h",
        }
    }

    /// The billed item a write with this TTL is.
    pub fn write_item(self) -> super::Item {
        match self {
            Ttl::FiveMinutes => super::Item::CacheWrite5m,
            Ttl::OneHour => super::Item::CacheWrite1h,
        }
    }
}

/// The platform every quote uses unless told otherwise.
pub const DEFAULT_PLATFORM: &str = "anthropic";

/// The pricing modifiers of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mode {
    /// Platform id from the pricing table (`anthropic`, `bedrock-regional`…).
    pub platform: String,
    /// Sent through the Message Batches API.
    pub batch: bool,
    /// Standard or fast.
    pub speed: Speed,
    /// Global or US-only.
    pub inference_geo: InferenceGeo,
}

impl Default for Mode {
    fn default() -> Self {
        Mode {
            platform: DEFAULT_PLATFORM.to_string(),
            batch: false,
            speed: Speed::Standard,
            inference_geo: InferenceGeo::Global,
        }
    }
}

/// A pricing option a model or platform may not offer; the command line maps each to its flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModeOption {
    /// The Message Batches API.
    Batch,
    /// Fast mode.
    Fast,
    /// US-only inference.
    UsInference,
    /// Fast mode and batch together.
    FastWithBatch,
}
