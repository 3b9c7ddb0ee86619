//! The workload file schema: serde types that mirror a workload YAML field for field.
//!
//! Every struct denies unknown fields. Values are checked while deserializing (counts are
//! non-negative, shares lie in 0..1 or 0%..100%, `active_hours` in (0, 24]), so the YAML reader
//! reports them with the file's line and the field's path. Rules across fields (exactly one
//! request rate, unique task names, models that exist) are checked in `load.rs`.

use std::fmt;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::billing::Ttl;
use crate::billing::{InferenceGeo, Mode, Speed};
use crate::quantity::{Count, DecimalVisitor, Factor, Fraction, Price};

/// A workload: named traffic over a billing period.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Workload {
    /// What the workload is (default: the file's name without its extension).
    #[serde(default)]
    pub name: String,
    /// The period the totals cover.
    pub period: Period,
    /// Days in a month, for `period: month` and `requests_per_month` (default 30).
    pub days_per_month: Option<Factor>,
    /// Spend limit for the period, in USD.
    pub budget_usd: Option<Price>,
    /// The tasks.
    pub tasks: Vec<Task>,
    /// The file it was read from, to place errors found while pricing (an overflow) at a line.
    #[serde(skip)]
    pub(crate) origin: Option<super::overflow::Origin>,
}

/// A billing period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// One day.
    Day,
    /// Seven days.
    Week,
    /// 30 days, or `days_per_month`.
    Month,
    /// 365 days.
    Year,
}

impl Period {
    /// The period's name (`month`).
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }
}

/// One kind of request sent at a steady rate.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Unique within the workload.
    pub name: String,
    /// Model id, alias or family name.
    pub model: String,
    /// Requests per day (exactly one of the three rates).
    #[serde(default, deserialize_with = "present")]
    pub requests_per_day: Option<Count>,
    /// Requests per active hour.
    #[serde(default, deserialize_with = "present")]
    pub requests_per_hour: Option<Count>,
    /// Requests per month (`days_per_month` days).
    #[serde(default, deserialize_with = "present")]
    pub requests_per_month: Option<Count>,
    /// Hours a day the traffic is spread over, in (0, 24]; default 24.
    #[serde(default = "full_day")]
    pub active_hours: Hours,
    /// Static prefix per request: system prompt, tool definitions, documents (or `system_file`).
    #[serde(default, deserialize_with = "present")]
    pub system_tokens: Option<Count>,
    /// A file holding the static prefix, relative to the workload file.
    pub system_file: Option<String>,
    /// The part of the prompt that changes per request (or `user_samples`).
    #[serde(default, deserialize_with = "present")]
    pub user_tokens: Option<Count>,
    /// A glob of sample user prompts, relative to the workload file; their mean is used.
    pub user_samples: Option<String>,
    /// Output tokens per request, thinking included (or `output_samples`).
    #[serde(default, deserialize_with = "present")]
    pub output_tokens: Option<Count>,
    /// A glob of sample outputs, relative to the workload file; their mean is used.
    pub output_samples: Option<String>,
    /// The model whose tokenizer the numeric token counts were measured on (default: `model`).
    /// Priced on a model of another tokenizer family, they are converted.
    pub tokens_measured_on: Option<String>,
    /// The three token counts, resolved from the numbers or files above by the loader.
    #[serde(skip)]
    pub tokens: TaskTokens,
    /// Prompt caching of the static prefix; absent = no caching.
    pub cache: Option<CacheSpec>,
    /// Share of requests sent through the Batch API; default 0.
    #[serde(default)]
    pub batch_share: Fraction,
    /// A share of requests re-run on a stronger model with the same prompt.
    pub escalation: Option<Escalation>,
    /// Tool use: adds the model's tool-use system-prompt overhead to the prefix.
    #[serde(default)]
    pub tool_choice: ToolChoice,
    /// Web searches per request (may be an average).
    #[serde(default)]
    pub web_searches_per_request: Count,
    /// Standard or fast.
    #[serde(default)]
    pub speed: Speed,
    /// Global or US-only inference.
    #[serde(default)]
    pub inference_geo: InferenceGeo,
    /// Observed tokens per request by class, instead of `system_tokens`, `user_tokens`,
    /// `output_tokens` and `cache`: the mix real traffic had (what `usage --to-workload` writes
    /// for sources with request counts).
    pub tokens_per_request: Option<ClassTokens>,
    /// Observed token totals per day by class, instead of a request rate and per-request tokens:
    /// for sources that give no request counts (the usage report, the Console CSV).
    pub tokens_per_day: Option<ClassTokens>,
    /// The prompt length that decides a prompt-length tier for `tokens_per_day` (totals carry no
    /// request length); default: below every tier.
    #[serde(default, deserialize_with = "present")]
    pub prompt_tokens_per_request: Option<Count>,
    /// Price this task at the rates in force on this day, whatever day the estimate is for: a
    /// task observed in one price epoch keeps that epoch's prices.
    pub prices_as_of: Option<crate::pricing::schema::Date>,
}

/// Tokens by billed class, as usage reports count them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClassTokens {
    /// Uncached input tokens.
    #[serde(default)]
    pub input: Count,
    /// Tokens written to the cache with the 5-minute TTL.
    #[serde(default)]
    pub cache_write_5m: Count,
    /// Tokens written to the cache with the 1-hour TTL.
    #[serde(default)]
    pub cache_write_1h: Count,
    /// Tokens read from the cache.
    #[serde(default)]
    pub cache_read: Count,
    /// Output tokens, thinking included.
    #[serde(default)]
    pub output: Count,
    /// Web searches.
    #[serde(default)]
    pub web_searches: Count,
}

impl ClassTokens {
    /// The prompt's cached part: cache writes and reads.
    pub fn cached(&self) -> Decimal {
        self.cache_write_5m.0 + self.cache_write_1h.0 + self.cache_read.0
    }
}

impl Task {
    /// How many of `requests_per_day`, `requests_per_hour` and `requests_per_month` it gives
    /// (the loader wants exactly one, or none for token totals per day).
    pub fn rates_given(&self) -> usize {
        [
            self.requests_per_day.is_some(),
            self.requests_per_hour.is_some(),
            self.requests_per_month.is_some(),
        ]
        .iter()
        .filter(|r| **r)
        .count()
    }

    /// The observed class tokens, per request or per day, when the task is written that way.
    pub fn class_tokens(&self) -> Option<&ClassTokens> {
        self.tokens_per_request
            .as_ref()
            .or(self.tokens_per_day.as_ref())
    }
}

/// Prompt caching of a task's static prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheSpec {
    /// Time to live of the cache entries.
    pub ttl: Ttl,
    /// `auto` (derived from traffic) or a share of requests that hit the cache; default `auto`.
    pub hit_rate: HitRateSpec,
    /// Distinct cached prefixes sharing the traffic (tenants, prompt versions); default 1.
    pub prefix_variants: Variants,
}

/// The fields of [`CacheSpec`] as written; `CacheSpec` wraps them to say what it expects when
/// `cache:` is not a mapping (serde would name the Rust type).
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(
    feature = "schema",
    schemars(
        title = "Cache",
        description = "Prompt caching of the task's static prefix; absent = no caching."
    )
)]
struct CacheFields {
    /// Time to live of the cache entries: `5m` or `1h`.
    ttl: Ttl,
    /// `auto` (derived from traffic) or a share of requests that hit the cache; default `auto`.
    #[serde(default)]
    hit_rate: HitRateSpec,
    /// Distinct cached prefixes sharing the traffic (tenants, prompt versions); default 1.
    #[serde(default = "one_variant")]
    prefix_variants: Variants,
}

impl<'de> Deserialize<'de> for CacheSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CacheSpec;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a mapping with `ttl` (`5m` or `1h`) and optionally `hit_rate` and \
                     `prefix_variants`, such as `{ ttl: 5m }`",
                )
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<CacheSpec, A::Error> {
                let f = CacheFields::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(CacheSpec {
                    ttl: f.ttl,
                    hit_rate: f.hit_rate,
                    prefix_variants: f.prefix_variants,
                })
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for CacheSpec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CacheSpec".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // What the deserializer reads is `CacheFields`.
        CacheFields::json_schema(generator)
    }
}

/// `auto`, or an explicit share of cache hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HitRateSpec {
    /// Derived from the traffic: `1 − e^(−λT)`.
    #[default]
    Auto,
    /// Used as given.
    Fixed(Fraction),
}

/// A count of prefix variants, at least 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variants(pub u32);

/// Hours of activity a day, in (0, 24].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours(pub Decimal);

/// Escalation to a stronger model.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// The model the share is re-run on.
    pub model: String,
    /// Share of the task's requests that are re-run.
    pub share: Fraction,
}

/// `tool_choice` of a task.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ToolChoice {
    /// No tools: no overhead.
    #[default]
    None,
    /// Tools with `tool_choice` `auto` (or `none` with tools present): the `auto_none` overhead.
    Auto,
    /// Tools with `tool_choice` `any` or `tool`: the `any_tool` overhead.
    Any,
}

/// A task's per-request token counts, each given as a number or measured from files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskTokens {
    /// Canonical id of the model the numeric counts are in (`tokens_measured_on`, or the task's
    /// model as written; it does not follow the model when `compare` or `migrate` moves a task).
    pub measured_on: String,
    /// The static prefix.
    pub system: TokenSource,
    /// The changing part of the prompt.
    pub user: TokenSource,
    /// The output.
    pub output: TokenSource,
}

/// Where a token count comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// Given in the workload, in the task model's tokens.
    Count(Decimal),
    /// Measured from text: each file counted in the model's Claude vocabulary (or its
    /// base-encoding count times the family's factor, for a tokenizer without one); the mean
    /// over the files is used.
    Text(TextSample),
}

impl Default for TokenSource {
    fn default() -> Self {
        TokenSource::Count(Decimal::ZERO)
    }
}

/// Counts of sample files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSample {
    /// The file or glob as written in the workload.
    pub pattern: String,
    /// Each file's counts.
    pub files: Vec<SampleFile>,
}

/// One sample file's counts: in the base encoding (for the factor estimate) and in every
/// Claude count the pricing table's models use, so a task moved to another model by `compare`,
/// `migrate` or `sweep` is counted in that model's own vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleFile {
    /// `cl100k_base` tokens.
    pub base_tokens: u64,
    /// The content type, which picks the factor.
    pub content: crate::tokens::Content,
    /// Content tokens by Claude count.
    pub claude: Vec<(crate::tokens::method::ClaudeCount, u64)>,
}

impl SampleFile {
    /// The file's content tokens in `count`, when it was counted that way.
    pub fn claude_tokens(&self, count: crate::tokens::method::ClaudeCount) -> Option<u64> {
        self.claude
            .iter()
            .find(|(c, _)| *c == count)
            .map(|(_, n)| *n)
    }
}

impl Task {
    /// The billing mode of the task's requests, through the Batch API or not.
    pub fn mode(&self, batch: bool) -> Mode {
        Mode {
            batch,
            speed: self.speed,
            inference_geo: self.inference_geo,
            ..Mode::default()
        }
    }
}

fn full_day() -> Hours {
    Hours(Decimal::from(24))
}

fn one_variant() -> Variants {
    Variants(1)
}

impl<'de> Deserialize<'de> for HitRateSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// `auto`, or anything a [`Fraction`] accepts.
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = HitRateSpec;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`auto` or a share between 0 and 1")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<HitRateSpec, E> {
                if v.trim() == "auto" {
                    return Ok(HitRateSpec::Auto);
                }
                let d = DecimalVisitor { percent: true }
                    .visit_str(v)
                    .map_err(|_: E| {
                        E::custom(format!(
                            "expected `auto` or a share between 0 and 1, found `{v}`"
                        ))
                    })?;
                Fraction::checked(d).map(HitRateSpec::Fixed)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<HitRateSpec, E> {
                Fraction::checked(Decimal::from(v)).map(HitRateSpec::Fixed)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<HitRateSpec, E> {
                Fraction::checked(Decimal::from(v)).map(HitRateSpec::Fixed)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<HitRateSpec, E> {
                let d = DecimalVisitor { percent: true }.visit_f64(v)?;
                Fraction::checked(d).map(HitRateSpec::Fixed)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Variants {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = u32::deserialize(d)?;
        if n == 0 {
            return Err(de::Error::custom("`prefix_variants` must be at least 1"));
        }
        Ok(Variants(n))
    }
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Count(h) = Count::deserialize(d)?;
        if h.is_zero() || h > Decimal::from(24) {
            return Err(de::Error::custom(format!(
                "`active_hours` must be more than 0 and at most 24, found {}",
                h.normalize()
            )));
        }
        Ok(Hours(h))
    }
}

/// A field that, when written, must have a value: `requests_per_day:` with nothing after it is
/// a missing number at that line, not the field left out.
fn present<'de, D, T>(d: D) -> std::result::Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}
