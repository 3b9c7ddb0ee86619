//! The pricing file schema: serde types that mirror `pricing/*.yaml` field for field.
//!
//! Every struct denies unknown fields, so a misspelt `ouput_usd_per_mtok` is an error and not a
//! silently missing price. Field-level rules (a price is a non-negative decimal, a multiplier is
//! positive, a date is `YYYY-MM-DD`) are enforced while deserializing, so the YAML reader
//! reports them with the file's line and column. Rules that span entries live in `validate.rs`.
//!
//! Units are in the field names: `_usd_per_mtok` is US dollars per million tokens,
//! `_multiplier` is a factor applied to a rate, `_tokens` is a token count.

use std::fmt;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

pub use super::dated::{Change, Period, Resolved};
pub use crate::quantity::{Factor, Price};

/// One pricing file, e.g. `pricing/anthropic.yaml`. Every section but the header is optional so
/// that an override file can hold a single model.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PricingFile {
    /// Schema version; only `1` exists.
    pub schema_version: u32,
    /// Provider the file describes (`anthropic`).
    pub provider: String,
    /// Currency of every price in the file; only `USD` is supported.
    pub currency: String,
    /// Tokenizer families that models refer to.
    #[serde(default)]
    pub tokenizers: Vec<Tokenizer>,
    /// Endpoints whose prices differ (Claude API, cloud regional endpoints).
    #[serde(default)]
    pub platforms: Vec<Platform>,
    /// Fees for server-side tools.
    pub server_tools: Option<ServerTools>,
    /// The models.
    #[serde(default)]
    pub models: Vec<Model>,
}

/// A model's prices, limits and provenance.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Canonical API id (`claude-sonnet-4-6`, `claude-haiku-4-5-20251001`).
    pub id: String,
    /// Other names the API accepts for this model (undated aliases).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// `false` when no public source confirms the API id (burnrate warns when it is used).
    #[serde(default = "default_true")]
    pub id_confirmed: bool,
    /// Display name (`Claude Sonnet 4.6`).
    pub name: String,
    /// Family (`haiku`, `sonnet`, `opus`…): the family name resolves to its newest model.
    pub family: String,
    /// Release date, `YYYY-MM-DD` or `YYYY-MM`; used to find a family's newest model.
    pub released: Option<Released>,
    /// Availability on the Claude API.
    pub status: Status,
    /// Uncached input tokens, USD per MTok.
    pub input_usd_per_mtok: Price,
    /// Output tokens (thinking included), USD per MTok.
    pub output_usd_per_mtok: Price,
    /// 5-minute cache writes as a multiple of the input rate (absent: not published).
    pub cache_write_5m_multiplier: Option<Factor>,
    /// 1-hour cache writes as a multiple of the input rate (absent: not published).
    pub cache_write_1h_multiplier: Option<Factor>,
    /// Cache reads (hits and refreshes) as a multiple of the input rate (absent: not published).
    pub cache_read_multiplier: Option<Factor>,
    /// Published 5-minute cache-write price where it breaks the multiplier rule (Haiku 3).
    pub cache_write_5m_usd_per_mtok: Option<Price>,
    /// Published 1-hour cache-write price where it breaks the multiplier rule.
    pub cache_write_1h_usd_per_mtok: Option<Price>,
    /// Published cache-read price where it breaks the multiplier rule (Haiku 3).
    pub cache_read_usd_per_mtok: Option<Price>,
    /// Message Batches API factor on every token class (absent: batch not available).
    pub batch_multiplier: Option<Factor>,
    /// US-only inference (`inference_geo: "us"`) factor on every token class (absent: the
    /// model is not eligible).
    pub inference_geo_us_multiplier: Option<Factor>,
    /// Whether cloud regional endpoints add their premium to this model.
    pub regional_premium: bool,
    /// Fast-mode prices (absent: no fast mode).
    pub fast: Option<FastMode>,
    /// What the API does with a fast request once the model has no fast mode (after its
    /// removal): refuse it, or run and bill it at standard speed. Absent: burnrate refuses it.
    pub fast_after_removal: Option<FastAfterRemoval>,
    /// Prompt-length tiers, ascending: a request whose prompt exceeds a threshold pays that
    /// tier's rates on every token class, output included.
    #[serde(default)]
    pub prompt_tiers: Vec<PromptTier>,
    /// Context window in tokens (prompt + output).
    pub context_window_tokens: u64,
    /// Larger context window reachable with a beta header (burnrate warns when it is needed).
    pub beta_context_window_tokens: Option<u64>,
    /// Maximum output tokens per request (absent: not published).
    pub max_output_tokens: Option<u64>,
    /// Maximum output tokens per request through the Batch API, where larger than
    /// `max_output_tokens`.
    pub batch_max_output_tokens: Option<u64>,
    /// Shortest prompt prefix that can be cached (absent: not published).
    pub min_cacheable_tokens: Option<u64>,
    /// A higher minimum seen in practice where it disputes the documented one; burnrate prices
    /// by the documented figure and warns for prefixes in between.
    pub min_cacheable_tokens_observed: Option<u64>,
    /// Input tokens the API adds to the system prompt when tools are present.
    pub tool_use_system_prompt_tokens: Option<ToolUseOverhead>,
    /// Tokenizer family id (see `tokenizers`).
    pub tokenizer: String,
    /// How this model's token counts depart from its tokenizer family's (absent: they do not).
    pub tokenizer_quirks: Option<TokenizerQuirks>,
    /// Caveats a user should know (conflicting sources, deprecations).
    pub notes: Option<String>,
    /// Where the figures come from.
    pub source: String,
    /// Date of the newest source copy that confirms the entry's prices.
    pub checked: Date,
    /// Dated changes: facts that held for a period instead of the undated ones above, each
    /// with its own source (see `dated.rs`). Empty: the facts above hold always.
    #[serde(default)]
    pub history: Vec<Change>,
    /// The file this entry was read from (set by the loader, not part of the YAML).
    #[serde(skip)]
    pub origin: String,
    /// Index of this entry in its file's `models` (set by the loader), to locate it for errors.
    #[serde(skip)]
    pub entry: usize,
    /// Set on a snapshot of the table ([`PricingTable::as_of`](super::PricingTable::as_of)):
    /// the date and since when the facts that refuse requests have held. `None` on the table
    /// as loaded.
    #[serde(skip)]
    pub resolved: Option<Resolved>,
}

/// What the API does with `speed: "fast"` on a model whose fast mode was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FastAfterRemoval {
    /// The API returns an error (Opus 4.7).
    Error,
    /// The request runs at standard speed and is billed at standard rates (Opus 4.6).
    Standard,
}

/// A model's availability on the Claude API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The newest generation.
    Current,
    /// Still served; superseded.
    Legacy,
    /// Announced for retirement.
    Deprecated,
    /// No longer served by the Claude API (may remain on clouds).
    Retired,
    /// Served to selected organisations only.
    Restricted,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Current => "current",
            Status::Legacy => "legacy",
            Status::Deprecated => "deprecated",
            Status::Retired => "retired",
            Status::Restricted => "restricted",
        })
    }
}

/// Fast-mode (`speed: "fast"`) prices. They replace the standard input and output prices across
/// the whole context window; cache and US-only multipliers apply on top.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FastMode {
    /// Fast-mode input, USD per MTok.
    pub input_usd_per_mtok: Price,
    /// Fast-mode output, USD per MTok.
    pub output_usd_per_mtok: Price,
    /// Platforms that offer fast mode for this model.
    pub platforms: Vec<String>,
}

/// A prompt-length tier: above `above_prompt_tokens` prompt tokens (uncached input + cache
/// writes + cache reads) the whole request is billed at these rates.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PromptTier {
    /// Threshold; the tier applies to prompts strictly larger than this.
    pub above_prompt_tokens: u64,
    /// Input rate in the tier, USD per MTok (cache rates follow from the multipliers).
    pub input_usd_per_mtok: Price,
    /// Output rate in the tier, USD per MTok.
    pub output_usd_per_mtok: Price,
}

/// Tool-use system-prompt overhead, by `tool_choice`. Absent fields are not published.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ToolUseOverhead {
    /// Tokens added with `tool_choice` `auto` or `none` (when tools are present).
    pub auto_none: Option<ToolTokens>,
    /// Tokens added with `tool_choice` `any` or `tool`.
    pub any_tool: Option<ToolTokens>,
}

/// A tool-use overhead figure: a token count, or `unsupported` where the API refuses the choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToolTokens {
    /// Extra input tokens.
    Tokens(u64),
    /// The API returns an error for this `tool_choice` on this model.
    Unsupported,
}

/// How one model counts tokens differently from the rest of its tokenizer family.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenizerQuirks {
    /// Trailing ASCII whitespace of a message costs nothing.
    #[serde(default)]
    pub trailing_ascii_whitespace_free: bool,
    /// Tokens each message costs beyond the family's frame.
    #[serde(default)]
    pub extra_message_tokens: u64,
    /// Where the quirk was reported.
    pub source: String,
}

/// A tokenizer family's reconstruction: which of `tokens::claude`'s families counts it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Reconstruction {
    /// The counter family: `v3`, `v4.7` or `v4.8` (the v4.7 vocabulary under the later frame).
    pub family: crate::tokens::claude::Family,
    /// Tokens of the one-message frame a request adds per message, as measured.
    pub frame_tokens: u64,
    /// Where the reconstruction and its evidence come from.
    pub source: String,
}

/// A tokenizer family.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Tokenizer {
    /// Id that models refer to (`claude-3`, `claude-4.7`).
    pub id: String,
    /// What it is and which models use it.
    pub description: String,
    /// Where that comes from.
    pub source: String,
    /// The public encoding that file contents are counted with before conversion.
    pub base_encoding: Option<BaseEncoding>,
    /// Claude tokens per base-encoding token, by content type (absent: not estimated).
    pub factors: Option<ContentFactors>,
    /// Where the factors come from.
    pub factors_source: Option<String>,
    /// Date the factors were last checked.
    pub factors_checked: Option<Date>,
    /// How counts measured on this tokenizer convert to other tokenizers.
    #[serde(default)]
    pub conversions: Vec<Conversion>,
    /// A tokenizer whose counts this one's equal (the same vocabulary under another message
    /// frame): numbers measured on either carry over unconverted, and its `base_encoding`,
    /// `factors` and `conversions` apply where this entry gives none (filled in by the loader).
    pub same_counts_as: Option<String>,
    /// The reconstructed vocabulary that counts this family's tokens exactly (absent: only the
    /// base encoding times `factors`).
    pub reconstruction: Option<Reconstruction>,
    /// The file this entry was read from (set by the loader).
    #[serde(skip)]
    pub origin: String,
    /// Index of this entry in its file's `tokenizers` (set by the loader).
    #[serde(skip)]
    pub entry: usize,
}

/// A conversion of token counts from one tokenizer family to another.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Conversion {
    /// The tokenizer the counts convert to.
    pub to: String,
    /// The planning factor: target tokens per source token.
    pub typical: Factor,
    /// The low end of the range.
    pub low: Factor,
    /// The high end of the range.
    pub high: Factor,
    /// Where the factor comes from.
    pub source: String,
}

/// A public encoding burnrate can count with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BaseEncoding {
    /// tiktoken's `cl100k_base`.
    Cl100kBase,
}

impl BaseEncoding {
    /// `cl100k_base`.
    pub fn name(self) -> &'static str {
        match self {
            BaseEncoding::Cl100kBase => "cl100k_base",
        }
    }
}

/// Conversion factors by content type.
#[derive(Debug, Clone, Copy, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ContentFactors {
    /// Natural-language prose.
    pub prose: FactorRange,
    /// Source code.
    pub code: FactorRange,
    /// JSON, YAML and other structured data.
    pub json: FactorRange,
    /// Chinese, Japanese, Korean (and other non-Latin scripts the data covers).
    pub cjk: FactorRange,
    /// Whole agentic requests: tool schemas, code and prose mixed.
    pub agentic: FactorRange,
}

/// A conversion factor with its plausible range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, try_from = "RawFactorRange")]
pub struct FactorRange {
    /// The planning value.
    pub typical: Decimal,
    /// The low end of the measured range.
    pub low: Decimal,
    /// The high end of the measured range.
    pub high: Decimal,
}

impl serde::Serialize for FactorRange {
    /// `{"typical", "low", "high"}`, each a full-precision decimal string.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("FactorRange", 3)?;
        out.serialize_field("typical", &crate::money::exact(self.typical))?;
        out.serialize_field("low", &crate::money::exact(self.low))?;
        out.serialize_field("high", &crate::money::exact(self.high))?;
        out.end()
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for FactorRange {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FactorRange".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // What the deserializer reads (`try_from`) is `RawFactorRange`.
        RawFactorRange::json_schema(generator)
    }
}

/// A factor range as written: each a multiplier, ordered by `TryFrom`.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct RawFactorRange {
    typical: Factor,
    low: Factor,
    high: Factor,
}

impl TryFrom<RawFactorRange> for FactorRange {
    type Error = String;

    fn try_from(r: RawFactorRange) -> Result<Self, String> {
        if r.low.0 > r.typical.0 || r.typical.0 > r.high.0 {
            return Err(format!(
                "factors must satisfy low <= typical <= high, found low {}, typical {}, high {}",
                r.low.0, r.typical.0, r.high.0
            ));
        }
        Ok(FactorRange {
            typical: r.typical.0,
            low: r.low.0,
            high: r.high.0,
        })
    }
}

/// An endpoint whose prices differ from the Claude API's.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// Id used with `--platform` (`anthropic`, `bedrock-regional`…).
    pub id: String,
    /// What it is.
    pub name: String,
    /// Premium on every token class for models with `regional_premium: true`.
    pub regional_multiplier: Option<Factor>,
    /// Whether batch prices are known for this platform.
    pub batch: bool,
    /// Most requests one Message Batch may hold.
    pub batch_max_requests: Option<u64>,
    /// Largest Message Batch, in bytes.
    pub batch_max_bytes: Option<u64>,
    /// Whether `inference_geo` applies on this platform.
    pub inference_geo: bool,
    /// Caveats.
    pub notes: Option<String>,
    /// Where the figures come from.
    pub source: String,
    /// Date of the source copy.
    pub checked: Date,
    /// The file this entry was read from (set by the loader).
    #[serde(skip)]
    pub origin: String,
}

/// Fees for server-side tools.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ServerTools {
    /// Web search, USD per 1,000 searches. Never batch-discounted.
    pub web_search_usd_per_1k_searches: Price,
    /// Caveats.
    pub notes: Option<String>,
    /// Where the figure comes from.
    pub source: String,
    /// Date of the source copy.
    pub checked: Date,
}

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub String);

/// A release date at day or month precision (`2026-10-07`, `2026-11`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Released {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day, when known.
    pub day: Option<u8>,
}

fn default_true() -> bool {
    true
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Released {
    /// The first day the model was surely served: its day, or the first of its month when only
    /// the month is published (so no day of the release month counts as before it).
    pub fn first_day(&self) -> Date {
        Date(format!(
            "{:04}-{:02}-{:02}",
            self.year,
            self.month,
            self.day.unwrap_or(1)
        ))
    }
}

impl fmt::Display for Released {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{d:02}", self.year, self.month),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

impl std::str::FromStr for Date {
    type Err = String;

    /// A day that exists, written `YYYY-MM-DD`; the error says what was expected.
    fn from_str(s: &str) -> Result<Self, String> {
        match parse_date_parts(s) {
            Ok((_, _, Some(_))) => Ok(Date(s.to_string())),
            Ok((_, _, None)) | Err(DateError::Shape) => {
                Err(format!("expected a date as YYYY-MM-DD, found `{s}`"))
            }
            Err(DateError::Missing(why)) => Err(format!(
                "expected a date that exists, YYYY-MM-DD: `{s}` is not in the calendar ({why})"
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Released {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match parse_date_parts(&s) {
            Ok((year, month, day)) => Ok(Released { year, month, day }),
            Err(DateError::Shape) => Err(de::Error::custom(format!(
                "expected a date as YYYY-MM-DD or YYYY-MM, found `{s}`"
            ))),
            Err(DateError::Missing(why)) => Err(de::Error::custom(format!(
                "expected a date that exists, YYYY-MM-DD or YYYY-MM: `{s}` is not in the calendar \
                 ({why})"
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for ToolTokens {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ToolTokens;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a token count or `unsupported`")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ToolTokens, E> {
                Ok(ToolTokens::Tokens(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ToolTokens, E> {
                if v == "unsupported" {
                    Ok(ToolTokens::Unsupported)
                } else {
                    Err(E::custom(format!(
                        "expected a token count or `unsupported`, found `{v}`"
                    )))
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// Why a date string was refused.
#[derive(Debug, PartialEq, Eq)]
enum DateError {
    /// Not `YYYY-MM-DD` or `YYYY-MM` with digits in each place.
    Shape,
    /// The right shape, but no such day or month (`2026-02-29`, `2026-13`), with the reason.
    Missing(String),
}

/// Parses `YYYY-MM-DD` or `YYYY-MM` into a month or day that exists in the Gregorian calendar.
///
/// The shape is checked here rather than by jiff's parser, which also takes forms a pricing file
/// should not use (`+002026-10-07`, `20261007`); jiff decides whether the day exists.
fn parse_date_parts(s: &str) -> Result<(u16, u8, Option<u8>), DateError> {
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let mut parts = s.split('-');
    let (Some(y), Some(m)) = (parts.next(), parts.next()) else {
        return Err(DateError::Shape);
    };
    let d = parts.next();
    if parts.next().is_some() || !digits(y, 4) || !digits(m, 2) || d.is_some_and(|d| !digits(d, 2))
    {
        return Err(DateError::Shape);
    }
    // Four and two ASCII digits always fit.
    let year: u16 = y.parse().map_err(|_| DateError::Shape)?;
    let month: u8 = m.parse().map_err(|_| DateError::Shape)?;
    let day: Option<u8> = d
        .map(str::parse)
        .transpose()
        .map_err(|_| DateError::Shape)?;
    if !(1..=12).contains(&month) {
        return Err(DateError::Missing(format!(
            "there is no month {month}; months run 01 to 12"
        )));
    }
    // Jiff's years run from -9999 to 9999, so a four-digit year and a real month always make a
    // first of the month.
    let first = jiff::civil::Date::new(year as i16, month as i8, 1)
        .map_err(|e| DateError::Missing(e.to_string()))?;
    if let Some(day) = day
        && jiff::civil::Date::new(year as i16, month as i8, day as i8).is_err()
    {
        return Err(DateError::Missing(format!(
            "{} has {} days",
            first.strftime("%B %Y"),
            first.days_in_month()
        )));
    }
    Ok((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_accept_only_real_calendar_shapes() {
        assert_eq!(parse_date_parts("2026-10-07"), Ok((2026, 10, Some(7))));
        assert_eq!(parse_date_parts("2026-11"), Ok((2026, 11, None)));
        assert_eq!(parse_date_parts("2026-1-01"), Err(DateError::Shape));
        assert_eq!(parse_date_parts("yesterday"), Err(DateError::Shape));
        assert_eq!(parse_date_parts("2026-10-07-01"), Err(DateError::Shape));
        assert_eq!(parse_date_parts("+002026-10-07"), Err(DateError::Shape));
        assert_eq!(parse_date_parts("2026-1a-07"), Err(DateError::Shape));
    }

    #[test]
    fn dates_must_exist() {
        let missing = |s: &str| match parse_date_parts(s) {
            Err(DateError::Missing(why)) => why,
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(missing("2026-02-31"), "February 2026 has 28 days");
        assert_eq!(missing("2026-02-29"), "February 2026 has 28 days");
        assert_eq!(missing("2026-04-31"), "April 2026 has 30 days");
        assert_eq!(missing("2026-10-32"), "October 2026 has 31 days");
        assert_eq!(missing("2026-10-00"), "October 2026 has 31 days");
        assert_eq!(
            missing("2026-13-01"),
            "there is no month 13; months run 01 to 12"
        );
        assert_eq!(
            missing("2026-00"),
            "there is no month 0; months run 01 to 12"
        );
        // 2028 is a leap year; 2100 is not (divisible by 100), 2000 is (by 400).
        assert_eq!(parse_date_parts("2028-02-29"), Ok((2028, 2, Some(29))));
        assert_eq!(missing("2100-02-29"), "February 2100 has 28 days");
        assert_eq!(parse_date_parts("2000-02-29"), Ok((2000, 2, Some(29))));
    }

    #[test]
    fn a_date_that_does_not_exist_names_the_expected_form() {
        use serde::de::IntoDeserializer;
        type Plain = serde::de::value::Error;
        let date =
            |s: &str| Date::deserialize(s.into_deserializer()).map_err(|e: Plain| e.to_string());
        let released = |s: &str| {
            Released::deserialize(s.into_deserializer()).map_err(|e: Plain| e.to_string())
        };
        let err = |s: &str| date(s).unwrap_err();
        assert_eq!(
            err("2026-02-29"),
            "expected a date that exists, YYYY-MM-DD: `2026-02-29` is not in the calendar \
             (February 2026 has 28 days)"
        );
        assert_eq!(
            err("2026-11"),
            "expected a date as YYYY-MM-DD, found `2026-11`"
        );
        assert_eq!(date("2028-02-29").unwrap().0, "2028-02-29");
        let err = |s: &str| released(s).unwrap_err();
        assert_eq!(
            err("2026-13"),
            "expected a date that exists, YYYY-MM-DD or YYYY-MM: `2026-13` is not in the \
             calendar (there is no month 13; months run 01 to 12)"
        );
        assert_eq!(
            err("Nov 2026"),
            "expected a date as YYYY-MM-DD or YYYY-MM, found `Nov 2026`"
        );
        assert_eq!(
            released("2026-11").unwrap(),
            Released {
                year: 2026,
                month: 11,
                day: None
            }
        );
    }
}
