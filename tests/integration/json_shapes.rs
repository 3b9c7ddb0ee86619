//! The JSON shape of every command, pinned: each `--format json` document is read into
//! test-side structs that list every field and reject any other (`deny_unknown_fields`), so a
//! field added, removed or renamed fails here. Fields that may be `null` must still be present
//! ([`nullable`]); fields that are left out when empty are `#[serde(default)]` and each test
//! checks that its fixture shows both forms. Decimals are strings ([`Dec`]) that must parse as
//! a `Decimal` and be written in full, without trailing zeros.
//!
//! Fixtures: `examples/`, `tests/fixtures/text/`, and `tests/fixtures/shapes/` (a workload, a
//! sweep and a batch file made to exercise the data-dependent fields).

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, Error as _};

use super::util::{burnrate, fixture};

/// The day the shapes are read on, so they do not change with the calendar: every fixture model
/// is served for the month that starts then (Sonnet 4.5 retired on 2026-11-30), and none of
/// their prices changes inside it (Sonnet 5.5's cache read did on 2026-10-07).
const AS_OF: &str = "2026-10-15";

/// Runs `burnrate ARGS --format json --as-of AS_OF`, expects `code`, and reads the document as
/// `T`.
fn json<T: DeserializeOwned>(args: &[&str], code: i32) -> T {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json", "--as-of", AS_OF]);
    let run = burnrate(&all);
    assert_eq!(run.code, code, "burnrate {all:?}: {}", run.stderr);
    parse(&run.stdout).unwrap_or_else(|e| panic!("burnrate {all:?}: {e}"))
}

/// Reads `text` as `T`, naming the path of the first field that does not fit.
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| e.to_string())
}

/// A field that must be present but may be `null` (a missing `Option` field would otherwise be
/// taken as `None` silently).
fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    Option::deserialize(d)
}

/// A decimal as JSON carries it: a string, full precision, no trailing zeros, no exponent.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Dec(String);

impl Dec {
    fn value(&self) -> Decimal {
        Decimal::from_str(&self.0).unwrap()
    }
}

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let v = Decimal::from_str(&s)
            .map_err(|e| D::Error::custom(format!("`{s}` is not a decimal: {e}")))?;
        if v.normalize().to_string() != s {
            return Err(D::Error::custom(format!(
                "`{s}` is not written in full without trailing zeros (`{}`)",
                v.normalize()
            )));
        }
        Ok(Dec(s))
    }
}

/// `typical`, `low`, `high`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Range {
    typical: Dec,
    low: Dec,
    high: Dec,
}

/// Every warning kind the library has, each with all its fields and the `message`.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[allow(dead_code)]
enum Warning {
    UnconfirmedId {
        model: String,
        message: String,
    },
    NotYetReleased {
        model: String,
        released: String,
        as_of: String,
        message: String,
    },
    ModelStatus {
        model: String,
        status: Status,
        #[serde(default)]
        note: Option<String>,
        message: String,
    },
    BetaContextWindow {
        model: String,
        tokens: Dec,
        window: u64,
        beta_window: u64,
        message: String,
    },
    TierApplied {
        task: String,
        #[serde(default)]
        escalation_to: Option<String>,
        model: String,
        prompt_tokens: Dec,
        above: u64,
        message: String,
    },
    PrefixBelowCacheMinimum {
        task: String,
        #[serde(default)]
        escalation_to: Option<String>,
        model: String,
        prefix_tokens: Dec,
        minimum: u64,
        message: String,
    },
    PrefixBelowObservedCacheMinimum {
        task: String,
        #[serde(default)]
        escalation_to: Option<String>,
        model: String,
        prefix_tokens: Dec,
        documented: u64,
        observed: u64,
        message: String,
    },
    CacheMinimumUnpublished {
        task: String,
        #[serde(default)]
        escalation_to: Option<String>,
        model: String,
        message: String,
    },
    CacheNotWorthIt {
        task: String,
        #[serde(default)]
        escalation_to: Option<String>,
        with_cache_usd: Dec,
        without_cache_usd: Dec,
        hit_rate: Dec,
        message: String,
    },
    SmallBatchSaving {
        task: String,
        #[serde(default)]
        escalation_to: Option<String>,
        saving_usd: Dec,
        message: String,
    },
    TextOverContextWindow {
        path: String,
        tokens: Dec,
        model: String,
        window: u64,
        message: String,
    },
    Skipped {
        path: String,
        reason: String,
        message: String,
    },
    OverBudget {
        after_change: bool,
        total_usd: Dec,
        budget_usd: Dec,
        message: String,
    },
    UncountedBlocks {
        line: u64,
        block: String,
        message: String,
    },
    UnpricedLines {
        failed: u64,
        requests: u64,
        message: String,
    },
    PricesChangeInPeriod {
        model: String,
        start: String,
        days: Dec,
        changes: Vec<String>,
        message: String,
    },
    FastBilledAsStandard {
        model: String,
        #[serde(default)]
        since: Option<String>,
        message: String,
    },
    UsageAssumed {
        dimension: String,
        assumed: String,
        message: String,
    },
    PriorityAtList {
        model: String,
        message: String,
    },
    TierUnknown {
        model: String,
        above: u64,
        message: String,
    },
    DuplicateUsage {
        records: u64,
        message: String,
    },
    UnknownModelSkipped {
        model: String,
        records: u64,
        message: String,
    },
    UnreadLine {
        file: String,
        line: u64,
        reason: String,
        message: String,
    },
    NoUsage {
        message: String,
    },
    NotBilled {
        result: String,
        requests: u64,
        message: String,
    },
    Undated {
        requests: u64,
        date: String,
        message: String,
    },
}

impl Warning {
    /// The `kind`, and for a row's warning whether it is about an escalation.
    fn kind(&self) -> String {
        let (kind, escalation) = match self {
            Warning::UnconfirmedId { .. } => ("unconfirmed_id", &None),
            Warning::NotYetReleased { .. } => ("not_yet_released", &None),
            Warning::NoUsage { .. } => ("no_usage", &None),
            Warning::ModelStatus { .. } => ("model_status", &None),
            Warning::BetaContextWindow { .. } => ("beta_context_window", &None),
            Warning::TierApplied { escalation_to, .. } => ("tier_applied", escalation_to),
            Warning::PrefixBelowCacheMinimum { escalation_to, .. } => {
                ("prefix_below_cache_minimum", escalation_to)
            }
            Warning::PrefixBelowObservedCacheMinimum { escalation_to, .. } => {
                ("prefix_below_observed_cache_minimum", escalation_to)
            }
            Warning::CacheMinimumUnpublished { escalation_to, .. } => {
                ("cache_minimum_unpublished", escalation_to)
            }
            Warning::CacheNotWorthIt { escalation_to, .. } => ("cache_not_worth_it", escalation_to),
            Warning::SmallBatchSaving { escalation_to, .. } => {
                ("small_batch_saving", escalation_to)
            }
            Warning::TextOverContextWindow { .. } => ("text_over_context_window", &None),
            Warning::Skipped { .. } => ("skipped", &None),
            Warning::OverBudget { .. } => ("over_budget", &None),
            Warning::UncountedBlocks { .. } => ("uncounted_blocks", &None),
            Warning::UnpricedLines { .. } => ("unpriced_lines", &None),
            Warning::FastBilledAsStandard { .. } => ("fast_billed_as_standard", &None),
            Warning::PricesChangeInPeriod { .. } => ("prices_change_in_period", &None),
            Warning::UsageAssumed { .. } => ("usage_assumed", &None),
            Warning::PriorityAtList { .. } => ("priority_at_list", &None),
            Warning::TierUnknown { .. } => ("tier_unknown", &None),
            Warning::DuplicateUsage { .. } => ("duplicate_usage", &None),
            Warning::UnknownModelSkipped { .. } => ("unknown_model_skipped", &None),
            Warning::NotBilled { .. } => ("not_billed", &None),
            Warning::UnreadLine { .. } => ("unread_line", &None),
            Warning::Undated { .. } => ("undated", &None),
        };
        match escalation {
            Some(to) => format!("{kind} (escalation to {to})"),
            None => kind.to_string(),
        }
    }
}

fn kinds(warnings: &[Warning]) -> Vec<String> {
    warnings.iter().map(Warning::kind).collect()
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Status {
    Current,
    Legacy,
    Deprecated,
    Retired,
    Restricted,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Period {
    Day,
    Week,
    Month,
    Year,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
enum Ttl {
    #[serde(rename = "5m")]
    FiveMinutes,
    #[serde(rename = "1h")]
    OneHour,
}

// ---- quote -------------------------------------------------------------------------------

/// A billed item: token items carry `tokens…` and a per-MTok rate, web search `searches…` and
/// a per-1K-searches rate.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Line {
    item: Item,
    #[serde(default)]
    tokens_per_request: Option<Dec>,
    #[serde(default)]
    tokens: Option<Dec>,
    #[serde(default)]
    searches_per_request: Option<Dec>,
    #[serde(default)]
    searches: Option<Dec>,
    base_price: String,
    base_rate_usd: Dec,
    multipliers: Vec<Multiplier>,
    #[serde(default)]
    rate_usd_per_mtok: Option<Dec>,
    #[serde(default)]
    rate_usd_per_1k_searches: Option<Dec>,
    cost_usd: Dec,
}

impl Line {
    /// Exactly the token trio or the search trio, as the item says.
    fn check(&self) {
        let tokens = [
            &self.tokens_per_request,
            &self.tokens,
            &self.rate_usd_per_mtok,
        ];
        let searches = [
            &self.searches_per_request,
            &self.searches,
            &self.rate_usd_per_1k_searches,
        ];
        let is_search = self.item == Item::WebSearch;
        assert!(
            tokens.iter().all(|f| f.is_some() != is_search)
                && searches.iter().all(|f| f.is_some() == is_search),
            "{self:?}"
        );
    }
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Item {
    Input,
    #[serde(rename = "cache_write_5m")]
    CacheWrite5m,
    #[serde(rename = "cache_write_1h")]
    CacheWrite1h,
    CacheRead,
    Output,
    WebSearch,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Multiplier {
    name: String,
    factor: Dec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Quote {
    model: String,
    model_name: String,
    platform: String,
    batch: bool,
    speed: Speed,
    inference_geo: InferenceGeo,
    requests: Dec,
    prompt_tokens_per_request: Dec,
    #[serde(deserialize_with = "nullable")]
    tier_above_prompt_tokens: Option<u64>,
    lines: Vec<Line>,
    total_usd: Dec,
    warnings: Vec<Warning>,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Speed {
    Standard,
    Fast,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum InferenceGeo {
    Global,
    Us,
}

#[test]
fn quote() {
    // Claude Sonnet 4.5 (deprecated on AS_OF), batch, 255,000 prompt tokens: over the 200,000
    // tier.
    let q: Quote = json(
        &[
            "quote",
            "-m",
            "claude-sonnet-4-5",
            "--input",
            "250000",
            "--output",
            "1000",
            "--cache-write-1h",
            "5000",
            "--web-searches",
            "3",
            "--batch",
            "--requests",
            "2",
        ],
        0,
    );
    for line in &q.lines {
        line.check();
    }
    let items: Vec<&Item> = q.lines.iter().map(|l| &l.item).collect();
    assert_eq!(
        items,
        [
            &Item::Input,
            &Item::CacheWrite1h,
            &Item::Output,
            &Item::WebSearch
        ]
    );
    assert_eq!(q.tier_above_prompt_tokens, Some(200_000));
    assert_eq!(kinds(&q.warnings), ["beta_context_window", "model_status"]);
    // Tier prices $6 in / $22.50 out, halved by batch: 500,000 × $3 + 10,000 × $6 (1h write at
    // 2×) + 2,000 × $11.25 per MTok, and 6 searches at $10 per 1,000:
    // 1.5 + 0.06 + 0.0225 + 0.06 = 1.6425.
    assert_eq!(q.total_usd.value(), Decimal::new(16425, 4));
}

#[test]
fn quote_billed_at_standard_after_fast_mode_was_removed() {
    // Opus 4.6's fast mode ended about 2026-06-27; on AS_OF a fast request runs and bills at
    // standard speed: the quote says `standard`, and the warning carries the date.
    let q: Quote = json(
        &["quote", "-m", "claude-opus-4-6", "--fast", "--input", "1"],
        0,
    );
    assert_eq!(q.speed, Speed::Standard);
    assert_eq!(kinds(&q.warnings), ["fast_billed_as_standard"]);
    match &q.warnings[0] {
        Warning::FastBilledAsStandard { since, .. } => {
            assert_eq!(since.as_deref(), Some("2026-06-27"))
        }
        other => panic!("{other:?}"),
    }
}

// ---- models ------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Catalog {
    models: Vec<ModelCard>,
    family_aliases: Vec<FamilyAlias>,
    #[serde(deserialize_with = "nullable")]
    web_search_usd_per_1k_searches: Option<Dec>,
    sources: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    as_of: Option<String>,
    #[serde(default)]
    not_yet_released: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ModelCard {
    id: String,
    aliases: Vec<String>,
    id_confirmed: bool,
    name: String,
    family: String,
    family_newest: bool,
    #[serde(deserialize_with = "nullable")]
    released: Option<String>,
    status: Status,
    tokenizer: String,
    context_window_tokens: u64,
    #[serde(deserialize_with = "nullable")]
    beta_context_window_tokens: Option<u64>,
    #[serde(deserialize_with = "nullable")]
    max_output_tokens: Option<u64>,
    #[serde(deserialize_with = "nullable")]
    batch_max_output_tokens: Option<u64>,
    #[serde(deserialize_with = "nullable")]
    min_cacheable_tokens: Option<u64>,
    tool_use_system_prompt_tokens: ToolOverhead,
    #[serde(deserialize_with = "nullable")]
    inference_geo_us_multiplier: Option<Dec>,
    regional_premium: bool,
    rates_usd_per_mtok: Vec<RateRow>,
    #[serde(deserialize_with = "nullable")]
    notes: Option<String>,
    source: String,
    checked: String,
    from: String,
    history: Vec<PeriodCard>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct PeriodCard {
    #[serde(deserialize_with = "nullable")]
    from: Option<String>,
    #[serde(deserialize_with = "nullable")]
    until: Option<String>,
    status: Status,
    rates_usd_per_mtok: Vec<RateRow>,
    changes: Vec<ChangeSource>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ChangeSource {
    #[serde(deserialize_with = "nullable")]
    from: Option<String>,
    #[serde(deserialize_with = "nullable")]
    until: Option<String>,
    facts: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    notes: Option<String>,
    source: String,
    checked: String,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct ToolOverhead {
    #[serde(deserialize_with = "nullable")]
    auto_none: Option<ToolTokens>,
    #[serde(deserialize_with = "nullable")]
    any_tool: Option<ToolTokens>,
}

/// A count, or the word `unsupported`.
#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
enum ToolTokens {
    Tokens(u64),
    Unsupported(Unsupported),
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
enum Unsupported {
    #[serde(rename = "unsupported")]
    Unsupported,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct RateRow {
    situation: String,
    input: Dec,
    #[serde(deserialize_with = "nullable")]
    cache_write_5m: Option<Dec>,
    #[serde(deserialize_with = "nullable")]
    cache_write_1h: Option<Dec>,
    #[serde(deserialize_with = "nullable")]
    cache_read: Option<Dec>,
    output: Dec,
}

impl RateRow {
    fn rates(&self) -> [Option<Decimal>; 5] {
        [
            Some(self.input.value()),
            self.cache_write_5m.as_ref().map(Dec::value),
            self.cache_write_1h.as_ref().map(Dec::value),
            self.cache_read.as_ref().map(Dec::value),
            Some(self.output.value()),
        ]
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FamilyAlias {
    family: String,
    model: String,
}

#[test]
fn models_list() {
    let c: Catalog = json(&["models"], 0);
    let card = |id: &str| c.models.iter().find(|m| m.id == id).unwrap();
    // Haiku 4.5 at $1 / $5: 5m write 1.25×, 1h write 2×, read 0.1×.
    let d = |s: &str| Some(Decimal::from_str(s).unwrap());
    assert_eq!(
        card("claude-haiku-4-5-20251001").rates_usd_per_mtok[0].rates(),
        [d("1"), d("1.25"), d("2"), d("0.1"), d("5")]
    );
    // Mythos Preview publishes no cache prices: null, not absent.
    assert_eq!(
        card("claude-mythos-preview").rates_usd_per_mtok[0].rates(),
        [d("25"), None, None, None, d("125")]
    );
    // Tool overhead: a count, `unsupported`, or null.
    assert_eq!(
        card("claude-opus-5-5").tool_use_system_prompt_tokens,
        ToolOverhead {
            auto_none: Some(ToolTokens::Tokens(286)),
            any_tool: Some(ToolTokens::Unsupported(Unsupported::Unsupported)),
        }
    );
    assert_eq!(
        card("claude-mythos-5-1").tool_use_system_prompt_tokens,
        ToolOverhead {
            auto_none: None,
            any_tool: None,
        }
    );
    let aliases: Vec<(&str, &str)> = c
        .family_aliases
        .iter()
        .map(|a| (a.family.as_str(), a.model.as_str()))
        .collect();
    assert_eq!(
        aliases,
        // As of 2026-10-15: the newest of each family released by then.
        [
            ("fable", "claude-fable-5-1"),
            ("mythos", "claude-mythos-5-1"),
            ("opus", "claude-opus-5-5"),
            ("sonnet", "claude-sonnet-5-5"),
            ("haiku", "claude-haiku-5-5"),
        ]
    );
    assert_eq!(c.sources, ["<builtin>/pricing/anthropic.yaml"]);
    assert_eq!(c.as_of.as_deref(), Some(AS_OF));
    // Fable 5.2 and Mythos 5.2 came out in November: not in the list of 2026-10-15.
    assert_eq!(
        c.not_yet_released,
        ["claude-fable-5-2", "claude-mythos-5-2"]
    );
    // A model without dated changes has no history; one with them lists its periods.
    assert!(card("claude-haiku-4-5-20251001").history.is_empty());
    assert_eq!(card("claude-opus-4-8").history.len(), 2);
}

#[test]
fn models_one() {
    // Sonnet 4.5: a prompt-length tier and a beta context window; the same document as the list.
    let c: Catalog = json(&["models", "claude-sonnet-4-5"], 0);
    assert_eq!(c.models.len(), 1);
    let m = &c.models[0];
    assert_eq!(m.id, "claude-sonnet-4-5-20250929");
    assert_eq!(m.aliases, ["claude-sonnet-4-5"]);
    assert_eq!(m.status, Status::Deprecated);
    assert_eq!(m.beta_context_window_tokens, Some(1_000_000));
    let situations: Vec<&str> = m
        .rates_usd_per_mtok
        .iter()
        .map(|r| r.situation.as_str())
        .collect();
    assert_eq!(
        situations,
        [
            "standard",
            "batch",
            "prompt > 200,000",
            "prompt > 200,000, batch"
        ]
    );
    // Over 200,000 prompt tokens: $6 / $22.50, and half that in a batch.
    let d = |s: &str| Some(Decimal::from_str(s).unwrap());
    assert_eq!(
        m.rates_usd_per_mtok[3].rates(),
        [d("3"), d("3.75"), d("6"), d("0.3"), d("11.25")]
    );
    assert_eq!(c.web_search_usd_per_1k_searches, Some(Dec("10".into())));
    // Deprecated until 2026-11-30, retired from then on; each period names its dated change.
    let periods: Vec<(Option<&str>, Option<&str>, &Status)> = m
        .history
        .iter()
        .map(|p| (p.from.as_deref(), p.until.as_deref(), &p.status))
        .collect();
    assert_eq!(
        periods,
        [
            (None, Some("2026-11-30"), &Status::Deprecated),
            (Some("2026-11-30"), None, &Status::Retired),
        ]
    );
    assert_eq!(m.history[0].changes[0].facts, ["status"]);
    assert_eq!(m.history[0].changes[0].from, None);
    assert_eq!(m.history[0].changes[0].until.as_deref(), Some("2026-11-30"));
    assert!(m.history[1].changes.is_empty());
    assert_eq!(m.history[1].rates_usd_per_mtok[0].rates()[0], d("3"));
}

// ---- estimate ----------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Estimate {
    name: String,
    period: Period,
    days: Dec,
    total_usd: Dec,
    #[serde(deserialize_with = "nullable")]
    total_usd_range: Option<Range>,
    #[serde(deserialize_with = "nullable")]
    budget_usd: Option<Dec>,
    #[serde(deserialize_with = "nullable")]
    headroom_usd: Option<Dec>,
    #[serde(deserialize_with = "nullable")]
    headroom_share: Option<Dec>,
    over_budget: bool,
    requests: Dec,
    #[serde(deserialize_with = "nullable")]
    per_request_usd: Option<Dec>,
    #[serde(deserialize_with = "nullable")]
    per_1k_requests_usd: Option<Dec>,
    classes: Vec<ClassTotal>,
    tasks: Vec<TaskEstimate>,
    warnings: Vec<Warning>,
}

/// `estimate A B ...`: each estimate, then their sum.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Estimates {
    estimates: Vec<Estimate>,
    period: Period,
    days: Dec,
    total_usd: Dec,
    requests: Dec,
    #[serde(deserialize_with = "nullable")]
    per_request_usd: Option<Dec>,
    any_over_budget: bool,
}

/// A class total: `tokens` for the token classes, `searches` for web search.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ClassTotal {
    class: Class,
    #[serde(default)]
    tokens: Option<Dec>,
    #[serde(default)]
    searches: Option<Dec>,
    cost_usd: Dec,
    #[serde(deserialize_with = "nullable")]
    share_of_total: Option<Dec>,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Class {
    Input,
    CacheWrite,
    CacheRead,
    Output,
    WebSearch,
}

/// The five classes in order, each with its own unit.
fn check_classes(classes: &[ClassTotal]) {
    let order: Vec<&Class> = classes.iter().map(|c| &c.class).collect();
    assert_eq!(
        order,
        [
            &Class::Input,
            &Class::CacheWrite,
            &Class::CacheRead,
            &Class::Output,
            &Class::WebSearch
        ]
    );
    for c in classes {
        let is_search = c.class == Class::WebSearch;
        assert!(
            c.tokens.is_some() != is_search && c.searches.is_some() == is_search,
            "{c:?}"
        );
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct TaskEstimate {
    task: String,
    #[serde(deserialize_with = "nullable")]
    escalation_share: Option<Dec>,
    model: String,
    requests: Dec,
    prefix_tokens_per_request: Dec,
    tool_overhead_tokens: Dec,
    cache: CacheState,
    #[serde(deserialize_with = "nullable")]
    cache_minimum_tokens: Option<u64>,
    #[serde(deserialize_with = "nullable")]
    cache_ttl: Option<Ttl>,
    #[serde(deserialize_with = "nullable")]
    hit_rate: Option<Dec>,
    hit_rate_auto: bool,
    #[serde(deserialize_with = "nullable")]
    requests_per_minute_per_prefix: Option<Dec>,
    #[serde(deserialize_with = "nullable")]
    cold_window_minutes: Option<Dec>,
    batch_share: Dec,
    total_usd: Dec,
    #[serde(deserialize_with = "nullable")]
    per_request_usd: Option<Dec>,
    #[serde(deserialize_with = "nullable")]
    per_1k_requests_usd: Option<Dec>,
    measured: Vec<Measured>,
    lines: Vec<ClassTotal>,
    parts: Vec<Part>,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum CacheState {
    Off,
    BelowMinimum,
    On,
}

/// How a count was made: measured from text files (counted in Claude's vocabulary, or the base
/// count times a factor), or converted from another tokenizer.
#[derive(Debug, Deserialize)]
#[serde(tag = "from", rename_all = "snake_case", deny_unknown_fields)]
#[allow(dead_code)]
enum Measured {
    Text {
        role: Role,
        tokenizer: String,
        tokens: Range,
        pattern: String,
        files: u64,
        base_mean: Dec,
        base_min: u64,
        base_max: u64,
        message: String,
    },
    Counted {
        role: Role,
        tokenizer: String,
        tokens: Range,
        pattern: String,
        files: u64,
        family: String,
        mean: Dec,
        min: u64,
        max: u64,
        frame: u64,
        message: String,
    },
    Converted {
        role: Role,
        tokenizer: String,
        tokens: Range,
        count: Dec,
        measured_on: String,
        from_tokenizer: String,
        factor: Range,
        message: String,
    },
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Role {
    System,
    User,
    Output,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Part {
    label: String,
    requests: Dec,
    total_usd: Dec,
    lines: Vec<Line>,
}

fn check_estimate(e: &Estimate) {
    check_classes(&e.classes);
    for t in &e.tasks {
        check_classes(&t.lines);
        for line in t.parts.iter().flat_map(|p| &p.lines) {
            line.check();
        }
    }
}

const SHAPES: &str = "tests/fixtures/shapes/workload.yaml";

#[test]
fn estimate() {
    let e: Estimate = json(&["estimate", SHAPES], 0);
    check_estimate(&e);
    let all: Estimates = json(&["estimate", SHAPES, SHAPES], 0);
    assert_eq!(all.estimates.len(), 2);
    all.estimates.iter().for_each(check_estimate);
    let rows: Vec<(&str, bool, &CacheState)> = e
        .tasks
        .iter()
        .map(|t| (t.task.as_str(), t.escalation_share.is_some(), &t.cache))
        .collect();
    assert_eq!(
        rows,
        [
            ("measured agent", false, &CacheState::BelowMinimum),
            ("measured agent", true, &CacheState::BelowMinimum),
            ("cached", false, &CacheState::On),
            ("plain batch", false, &CacheState::Off),
            ("long prompt", false, &CacheState::On),
        ]
    );
    // The system prompt is counted from text in the vocabulary, the user and output counts
    // converted.
    let from: Vec<&str> = e.tasks[0]
        .measured
        .iter()
        .map(|m| match m {
            Measured::Text { .. } => "text",
            Measured::Counted { .. } => "counted",
            Measured::Converted { .. } => "converted",
        })
        .collect();
    assert_eq!(from, ["counted", "converted", "converted"]);
    assert!(e.tasks[2].hit_rate_auto);
    assert!(e.tasks[2].requests_per_minute_per_prefix.is_some());
    assert_eq!(
        kinds(&e.warnings),
        [
            "prefix_below_cache_minimum",
            "prefix_below_cache_minimum (escalation to claude-haiku-4-5-20251001)",
            "small_batch_saving",
            "cache_not_worth_it",
            "beta_context_window",
            "model_status",
            "tier_applied",
        ]
    );
    // 1,000 requests a day with one search each, and the 10% escalation re-run: 33,000 searches
    // a month at $10 per 1,000.
    let searches = &e.classes[4];
    assert_eq!(searches.searches, Some(Dec("33000".into())));
    assert_eq!(searches.cost_usd.value(), Decimal::from(330));
    // Haiku 5.5, 15,000 requests of 1,800 input and 100 output tokens at $0.10 / $0.50: $0.00023
    // each real-time, half of them at the batch half price: 7,500 × 0.00023 × 1.5 = 2.5875.
    assert_eq!(e.tasks[3].total_usd.value(), Decimal::new(25875, 4));
    assert!(e.over_budget);
}

// ---- compare -----------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Comparison {
    name: String,
    period: Period,
    days: Dec,
    as_written_usd: Dec,
    models: Vec<String>,
    cells: Vec<Cell>,
    conversions: Vec<Conversion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Cell {
    model: String,
    mode: CompareMode,
    #[serde(deserialize_with = "nullable")]
    total_usd: Option<Dec>,
    #[serde(deserialize_with = "nullable")]
    saving_usd: Option<Dec>,
    cheapest: bool,
    #[serde(default)]
    error: Option<String>,
    converted: bool,
    #[serde(default)]
    not_cached: Vec<NotCached>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct NotCached {
    task: String,
    prefix_tokens: Dec,
    minimum: u64,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum CompareMode {
    RealTime,
    RealTimeCache,
    Batch,
    BatchCache,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Conversion {
    model: String,
    task: String,
    role: String,
    count: Dec,
    measured_on: String,
    from_tokenizer: String,
    to_tokenizer: String,
    factor: Range,
    tokens: Range,
    message: String,
}

#[test]
fn compare() {
    // Mythos Preview has no cache or batch prices: those cells carry an error instead.
    let c: Comparison = json(
        &[
            "compare",
            SHAPES,
            "--models",
            "claude-mythos-preview,claude-haiku-5-5",
        ],
        0,
    );
    assert_eq!(c.models, ["claude-mythos-preview", "claude-haiku-5-5"]);
    let cells: Vec<(&str, &CompareMode, bool, bool)> = c
        .cells
        .iter()
        .map(|x| {
            assert_eq!(x.total_usd.is_none(), x.error.is_some(), "{x:?}");
            assert_eq!(x.saving_usd.is_none(), x.error.is_some(), "{x:?}");
            (x.model.as_str(), &x.mode, x.error.is_some(), x.cheapest)
        })
        .collect();
    assert_eq!(
        cells,
        [
            (
                "claude-mythos-preview",
                &CompareMode::RealTime,
                false,
                false
            ),
            (
                "claude-mythos-preview",
                &CompareMode::RealTimeCache,
                true,
                false
            ),
            ("claude-mythos-preview", &CompareMode::Batch, true, false),
            (
                "claude-mythos-preview",
                &CompareMode::BatchCache,
                true,
                false
            ),
            ("claude-haiku-5-5", &CompareMode::RealTime, false, false),
            (
                "claude-haiku-5-5",
                &CompareMode::RealTimeCache,
                false,
                false
            ),
            ("claude-haiku-5-5", &CompareMode::Batch, false, false),
            ("claude-haiku-5-5", &CompareMode::BatchCache, false, true),
        ]
    );
    // Every cell's saving is the as-written total less its own.
    for x in c.cells.iter().filter(|x| x.error.is_none()) {
        assert_eq!(
            x.saving_usd.as_ref().unwrap().value(),
            c.as_written_usd.value() - x.total_usd.as_ref().unwrap().value()
        );
    }
    // The counts measured on Sonnet 4.6 (claude-3) are converted for both claude-4.7 models.
    let mut conversions: Vec<(&str, &str, &str)> = c
        .conversions
        .iter()
        .map(|x| {
            (
                x.model.as_str(),
                x.from_tokenizer.as_str(),
                x.to_tokenizer.as_str(),
            )
        })
        .collect();
    // One entry per converted count; each model converts the same five.
    assert_eq!(conversions.len(), 10);
    conversions.dedup();
    assert_eq!(
        conversions,
        [
            ("claude-mythos-preview", "claude-3", "claude-4.8"),
            ("claude-haiku-5-5", "claude-3", "claude-4.8"),
        ]
    );
}

// ---- migrate -----------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Migration {
    #[serde(deserialize_with = "nullable")]
    changed_task: Option<String>,
    changes: Vec<SettingChange>,
    before: Estimate,
    after: Estimate,
    delta: Delta,
    tasks: Vec<RowChange>,
    classes: Vec<ClassChange>,
    notes: Vec<MigrationNote>,
}

/// A changed setting: its values before, and after.
#[derive(Debug, Deserialize)]
#[serde(tag = "setting", rename_all = "snake_case", deny_unknown_fields)]
#[allow(dead_code)]
enum SettingChange {
    Model {
        from: Vec<String>,
        to: String,
    },
    BatchShare {
        from: Vec<Dec>,
        to: Dec,
    },
    CacheTtl {
        from: Vec<Option<Ttl>>,
        to: Option<Ttl>,
    },
    Speed {
        from: Vec<Speed>,
        to: Speed,
    },
    InferenceGeo {
        from: Vec<InferenceGeo>,
        to: InferenceGeo,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Delta {
    total_usd: Dec,
    #[serde(deserialize_with = "nullable")]
    share: Option<Dec>,
    #[serde(deserialize_with = "nullable")]
    range: Option<Range>,
    first_day_cache_usd: Dec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct RowChange {
    task: String,
    #[serde(deserialize_with = "nullable")]
    escalation_share: Option<Dec>,
    model_before: String,
    model_after: String,
    #[serde(deserialize_with = "nullable")]
    hit_rate_before: Option<Dec>,
    #[serde(deserialize_with = "nullable")]
    hit_rate_after: Option<Dec>,
    cost_before_usd: Dec,
    cost_after_usd: Dec,
    change_usd: Dec,
    #[serde(deserialize_with = "nullable")]
    change_share: Option<Dec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ClassChange {
    class: Class,
    quantity_before: Dec,
    quantity_after: Dec,
    #[serde(deserialize_with = "nullable")]
    quantity_change_share: Option<Dec>,
    cost_before_usd: Dec,
    cost_after_usd: Dec,
    #[serde(deserialize_with = "nullable")]
    average_rate_before_usd: Option<Dec>,
    #[serde(deserialize_with = "nullable")]
    average_rate_after_usd: Option<Dec>,
    rate_per: RatePer,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
enum RatePer {
    #[serde(rename = "MTok")]
    MTok,
    #[serde(rename = "1K searches")]
    ThousandSearches,
}

/// Every migration note kind, each with all its fields and the `message`.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[allow(dead_code)]
enum MigrationNote {
    ColdCache {
        task: String,
        #[serde(default)]
        escalation_to: Option<String>,
        model: String,
        cost_usd: Dec,
        message: String,
    },
    LeavesCache {
        task: String,
        #[serde(default)]
        escalation_to: Option<String>,
        model: String,
        prefix_tokens: Dec,
        minimum: u64,
        message: String,
    },
    EntersCache {
        task: String,
        #[serde(default)]
        escalation_to: Option<String>,
        model: String,
        prefix_tokens: Dec,
        message: String,
    },
    EntersTier {
        task: String,
        #[serde(default)]
        escalation_to: Option<String>,
        model: String,
        above: u64,
        message: String,
    },
    LeavesTier {
        task: String,
        #[serde(default)]
        escalation_to: Option<String>,
        above: u64,
        message: String,
    },
    ToolOverhead {
        task: String,
        #[serde(default)]
        escalation_to: Option<String>,
        before: Dec,
        after: Dec,
        message: String,
    },
    TokensRecounted {
        task: String,
        #[serde(default)]
        escalation_to: Option<String>,
        role: String,
        tokenizer_before: String,
        before: Dec,
        tokenizer_after: String,
        after: Dec,
        ratio: Option<Dec>,
        message: String,
    },
}

#[test]
fn migrate() {
    // Everything to Opus 4.6 (claude-3 tokenizer, 4,096-token cache minimum, no tier).
    let m: Migration = json(&["migrate", SHAPES, "--to-model", "claude-opus-4-6"], 0);
    assert!(m.changed_task.is_none());
    assert!(
        matches!(&m.changes[..], [SettingChange::Model { to, .. }] if to == "claude-opus-4-6"),
        "{:?}",
        m.changes
    );
    let all: Migration = json(
        &[
            "migrate",
            SHAPES,
            "--task",
            "cached",
            "--batch-share",
            "50%",
            "--cache-ttl",
            "none",
            "--inference-geo",
            "us",
        ],
        0,
    );
    assert_eq!(all.changed_task.as_deref(), Some("cached"));
    assert_eq!(all.changes.len(), 3, "{:?}", all.changes);
    check_estimate(&m.before);
    check_estimate(&m.after);
    let notes: Vec<(&str, &str)> = m
        .notes
        .iter()
        .map(|n| match n {
            MigrationNote::ColdCache { task, .. } => ("cold_cache", task.as_str()),
            MigrationNote::LeavesCache { task, .. } => ("leaves_cache", task.as_str()),
            MigrationNote::EntersCache { task, .. } => ("enters_cache", task.as_str()),
            MigrationNote::EntersTier { task, .. } => ("enters_tier", task.as_str()),
            MigrationNote::LeavesTier { task, .. } => ("leaves_tier", task.as_str()),
            MigrationNote::ToolOverhead { task, .. } => ("tool_overhead", task.as_str()),
            MigrationNote::TokensRecounted { task, .. } => ("tokens_recounted", task.as_str()),
        })
        .collect();
    assert_eq!(
        notes,
        [
            // prose.txt recounted: 197 on Sonnet 5.5 (claude-4.8), 144 on Opus 4.6 (claude-3).
            ("tokens_recounted", "measured agent"),
            ("leaves_cache", "cached"),
            ("cold_cache", "long prompt"),
            ("leaves_tier", "long prompt"),
        ]
    );
    let rates: Vec<&RatePer> = m.classes.iter().map(|c| &c.rate_per).collect();
    assert_eq!(
        rates,
        [
            &RatePer::MTok,
            &RatePer::MTok,
            &RatePer::MTok,
            &RatePer::MTok,
            &RatePer::ThousandSearches
        ]
    );
    // The delta is after − before; its share is a fraction of before, like the rows'.
    let (before, after) = (m.before.total_usd.value(), m.after.total_usd.value());
    assert_eq!(m.delta.total_usd.value(), after - before);
    assert_eq!(
        m.delta.share.as_ref().unwrap().value(),
        (after - before) / before
    );
    assert_eq!(m.tasks.len(), m.before.tasks.len());
    assert!(m.delta.range.is_some());
}

// ---- cache -------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CacheReport {
    tasks: Vec<CacheAdvice>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct CacheAdvice {
    task: String,
    model: String,
    prefix_tokens_per_request: Dec,
    cacheable: bool,
    #[serde(deserialize_with = "nullable")]
    cache_minimum_tokens: Option<u64>,
    #[serde(deserialize_with = "nullable")]
    requests_per_hour_per_prefix: Option<Dec>,
    multipliers: CacheMultipliers,
    #[serde(deserialize_with = "nullable")]
    break_even_hits_per_write_5m: Option<Dec>,
    #[serde(deserialize_with = "nullable")]
    break_even_hits_per_write_1h: Option<Dec>,
    #[serde(deserialize_with = "nullable")]
    break_even_hit_rate_5m: Option<Dec>,
    #[serde(deserialize_with = "nullable")]
    break_even_hit_rate_1h: Option<Dec>,
    #[serde(deserialize_with = "nullable")]
    ttl_1h_cheaper_above_requests_per_hour: Option<Dec>,
    no_cache_usd: Dec,
    ttl_5m_usd: Dec,
    ttl_1h_usd: Dec,
    as_written_usd: Dec,
    cheapest: CacheChoice,
    saving_usd: Dec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct CacheMultipliers {
    write_5m: Dec,
    write_1h: Dec,
    read: Dec,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
enum CacheChoice {
    #[serde(rename = "none")]
    None,
    #[serde(rename = "5m")]
    FiveMinutes,
    #[serde(rename = "1h")]
    OneHour,
}

#[test]
fn cache() {
    let c: CacheReport = json(&["cache", SHAPES], 0);
    let rows: Vec<(&str, bool, &CacheChoice)> = c
        .tasks
        .iter()
        .map(|t| (t.task.as_str(), t.cacheable, &t.cheapest))
        .collect();
    assert_eq!(
        rows,
        [
            ("measured agent", false, &CacheChoice::None),
            ("cached", true, &CacheChoice::FiveMinutes),
            ("plain batch", true, &CacheChoice::OneHour),
            ("long prompt", true, &CacheChoice::FiveMinutes),
        ]
    );
    // Traffic per prefix is only there where it was derived (a cacheable prefix, auto hit rate).
    assert_eq!(c.tasks[0].requests_per_hour_per_prefix, None);
    assert!(c.tasks[1].requests_per_hour_per_prefix.is_some());
    // Uncached, `plain batch` costs what its estimate says (see `estimate`): $2.5875.
    let plain = &c.tasks[2];
    assert_eq!(plain.no_cache_usd.value(), Decimal::new(25875, 4));
    assert_eq!(plain.as_written_usd, plain.no_cache_usd);
    assert_eq!(
        plain.saving_usd.value(),
        plain.as_written_usd.value() - plain.ttl_1h_usd.value()
    );
}

// ---- sweep -------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Sweep {
    field: Field,
    values: Vec<Dec>,
    log: bool,
    period: Period,
    series: Vec<Series>,
    cheapest: Vec<Option<u64>>,
    crossings: Vec<Crossing>,
    escalation_dropped: Vec<String>,
    cache_added: Vec<String>,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Field {
    RequestsPerDay,
    HitRate,
    BatchShare,
    OutputTokens,
    SystemTokens,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Series {
    label: String,
    totals_usd: Vec<Option<Dec>>,
    errors: Vec<Option<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Crossing {
    cheaper_above: String,
    cheaper_below: String,
    at: Dec,
    cost_usd: Dec,
}

#[test]
fn sweep() {
    let s: Sweep = json(
        &[
            "sweep",
            "tests/fixtures/shapes/sweep.yaml",
            "--vary",
            "system_tokens=100..3000",
            "--points",
            "3",
            "--models",
            "claude-mythos-preview,claude-haiku-4-5,claude-sonnet-5-5",
        ],
        0,
    );
    assert_eq!(s.field, Field::SystemTokens);
    assert_eq!(s.values, ["100", "1550", "3000"].map(|v| Dec(v.into())));
    let labels: Vec<&str> = s.series.iter().map(|x| x.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "claude-mythos-preview",
            "claude-haiku-4-5-20251001",
            "claude-sonnet-5-5"
        ]
    );
    // Each point has a total or an error: Mythos Preview cannot cache, so only the 100-token
    // prefix (below its 2,048 minimum, billed uncached) is priced.
    for x in &s.series {
        for (t, e) in x.totals_usd.iter().zip(&x.errors) {
            assert_ne!(t.is_some(), e.is_some(), "{x:?}");
        }
    }
    let priced: Vec<bool> = s.series[0].totals_usd.iter().map(Option::is_some).collect();
    assert_eq!(priced, [true, false, false]);
    // 1,000 requests of 110 input and 10 output tokens, the prefix below the cache minimum:
    // Haiku 4.5 at $1 / $5: 1,000 × (0.00011 + 0.00005) = 0.16; Mythos Preview at $25 / $125,
    // with the claude-3 counts × 1.3 for its tokenizer: 1,000 × (0.00275 + 0.00125) × 1.3 = 5.2.
    assert_eq!(s.series[1].totals_usd[0], Some(Dec("0.16".into())));
    assert_eq!(s.series[0].totals_usd[0], Some(Dec("5.2".into())));
    assert_eq!(s.cheapest, [Some(1), Some(2), Some(2)]);
    assert_eq!(s.crossings.len(), 1);
    assert_eq!(s.crossings[0].cheaper_below, "claude-haiku-4-5-20251001");
    assert_eq!(s.crossings[0].cheaper_above, "claude-sonnet-5-5");
}

// ---- tokens ------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Tokens {
    model: String,
    tokenizer: String,
    method: String,
    family: Option<String>,
    frame_tokens: Option<u64>,
    base_encoding: Option<String>,
    source: String,
    fallback: Option<String>,
    files: Vec<FileEstimate>,
    total_bytes: u64,
    total_base_tokens: Option<u64>,
    total_tokens: Range,
    total_input_cost_usd: Range,
    skipped: Vec<Skipped>,
    warnings: Vec<Warning>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct FileEstimate {
    path: String,
    bytes: u64,
    content: Content,
    base_tokens: Option<u64>,
    factor: Option<Range>,
    tokens: Range,
    input_cost_usd: Range,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Content {
    Prose,
    Code,
    Json,
    Cjk,
    Agentic,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Skipped {
    path: String,
    reason: String,
}

#[test]
fn tokens() {
    let t: Tokens = json(
        &[
            "tokens",
            &fixture("text"),
            "-m",
            "claude-haiku-4-5",
            "--cl100k-factor",
        ],
        0,
    );
    assert_eq!(t.tokenizer, "claude-3");
    assert_eq!(t.method, "cl100k_factor");
    assert_eq!(t.base_encoding.as_deref(), Some("cl100k_base"));
    let contents: Vec<&Content> = t.files.iter().map(|f| &f.content).collect();
    assert_eq!(
        contents,
        [
            &Content::Cjk,
            &Content::Code,
            &Content::Json,
            &Content::Prose,
            &Content::Prose,
            &Content::Prose
        ]
    );
    // tiktoken's counts (see tokens.rs); prose.txt: 140 × 1.08 = 151.2 at $1/MTok.
    assert_eq!(t.total_base_tokens, Some(575));
    let prose = t
        .files
        .iter()
        .find(|f| f.path.ends_with("prose.txt"))
        .unwrap();
    assert_eq!(prose.tokens.typical, Dec("151.2".into()));
    assert_eq!(prose.input_cost_usd.typical.value(), Decimal::new(1512, 7));
    assert_eq!(t.skipped.len(), 1);
    assert_eq!(kinds(&t.warnings), ["skipped"]);
    // Claude's vocabulary: no base count, no factor; ctok's v3 count of prose.txt is 144.
    let t: Tokens = json(&["tokens", &fixture("text"), "-m", "claude-haiku-4-5"], 0);
    assert_eq!(t.method, "claude_vocabulary");
    assert_eq!(t.family.as_deref(), Some("v3"));
    assert_eq!(t.frame_tokens, Some(7));
    assert_eq!(t.total_base_tokens, None);
    let prose = t
        .files
        .iter()
        .find(|f| f.path.ends_with("prose.txt"))
        .unwrap();
    assert_eq!(prose.tokens.typical, Dec("144".into()));
    assert!(prose.factor.is_none() && prose.base_tokens.is_none());
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct TokenComparison {
    models: Vec<Tokens>,
    files: Vec<CountsAcross>,
    total: CountsAcross,
    warnings: Vec<Warning>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct CountsAcross {
    path: String,
    tokens: Vec<Range>,
    ratios: Vec<Option<Dec>>,
}

#[test]
fn tokens_on_several_models() {
    let c: TokenComparison = json(
        &[
            "tokens",
            &fixture("text"),
            "-m",
            "claude-haiku-4-5",
            "-m",
            "claude-sonnet-5",
        ],
        0,
    );
    assert_eq!(c.models.len(), 2);
    assert_eq!(c.files.len(), 6);
    // ctok: 642 on v3, 808 on v4.8 over the six texts.
    assert_eq!(c.total.tokens[0].typical, Dec("642".into()));
    assert_eq!(c.total.tokens[1].typical, Dec("808".into()));
    assert_eq!(kinds(&c.warnings), ["skipped"]);
}

// ---- batch-file --------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct BatchFile {
    requests: u64,
    lines: u64,
    bytes: u64,
    models: Vec<ModelTotal>,
    total: ModelTotal,
    output_guessed: bool,
    cache_hit_rate: Dec,
    errors: Vec<LineError>,
    warnings: Vec<Warning>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ModelTotal {
    model: String,
    requests: u64,
    method: Option<String>,
    input_tokens: Range,
    cache_write_tokens: Range,
    cache_read_tokens: Range,
    output_tokens_ceiling: Dec,
    #[serde(deserialize_with = "nullable")]
    output_tokens_typical: Option<Dec>,
    batch_cost_usd: Range,
    batch_cost_at_max_tokens_usd: Dec,
    real_time_cost_usd: Range,
    batch_saving_usd: Dec,
    batch_cost_no_hits_usd: Dec,
    batch_cost_all_hits_usd: Dec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LineError {
    line: u64,
    message: String,
}

#[test]
fn batch_file() {
    // An image block, a forced tool call on a model without published tool overhead (an error
    // on its line, never counted as 0), and a line without a model: exit 1.
    let b: BatchFile = json(
        &[
            "batch-file",
            "tests/fixtures/shapes/batch.jsonl",
            "--output-tokens",
            "50",
        ],
        1,
    );
    assert_eq!((b.requests, b.lines), (1, 3));
    assert!(b.output_guessed);
    let errors: Vec<(u64, &str)> = b
        .errors
        .iter()
        .map(|e| (e.line, e.message.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                2,
                "claude-mythos-5-2 publishes no tool-use system-prompt overhead for this \
                 tool_choice (`tool_use_system_prompt_tokens.any_tool`); add it in a `--pricing` \
                 file"
            ),
            (3, "missing `params.model` (a string)"),
        ]
    );
    let kinds: Vec<String> = b.warnings.iter().map(Warning::kind).collect();
    assert_eq!(kinds, ["uncounted_blocks", "unpriced_lines"]);
    // One model priced: the file total is that model's.
    assert_eq!(
        b.total.batch_cost_usd.typical,
        b.models[0].batch_cost_usd.typical
    );
    assert_eq!(b.total.requests, 1);
    let haiku = &b.models[0];
    assert_eq!(haiku.model, "claude-haiku-5-5");
    assert_eq!(haiku.output_tokens_ceiling, Dec("200".into()));
    assert_eq!(haiku.output_tokens_typical, Some(Dec("50".into())));
    // At max_tokens the batch costs the other 150 output tokens more, at $0.25/MTok.
    assert_eq!(
        haiku.batch_cost_at_max_tokens_usd.value() - haiku.batch_cost_usd.typical.value(),
        Decimal::new(375, 7)
    );
}

// ---- usage --------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct UsageReport {
    files: Vec<String>,
    records: u64,
    duplicates: u64,
    #[serde(deserialize_with = "nullable")]
    first_day: Option<String>,
    #[serde(deserialize_with = "nullable")]
    last_day: Option<String>,
    #[serde(deserialize_with = "nullable")]
    observed_until: Option<String>,
    by: String,
    group: Vec<String>,
    rows: Vec<UsageRow>,
    classes: Vec<UsageClass>,
    total_usd: Dec,
    #[serde(deserialize_with = "nullable")]
    total_range: Option<Range>,
    list_usd: Dec,
    cache_saving_usd: Dec,
    batch_saving_usd: Dec,
    rates: Vec<UsageRate>,
    charges: Vec<UsageCharge>,
    batch_opportunity: Vec<BatchOpportunity>,
    cache: Vec<CacheDiagnostics>,
    #[serde(deserialize_with = "nullable")]
    reconciliation: Option<Reconciliation>,
    warnings: Vec<Warning>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct CacheDiagnostics {
    model: String,
    group: Vec<String>,
    input_tokens: Dec,
    cache_write_5m_tokens: Dec,
    cache_write_1h_tokens: Dec,
    cache_read_tokens: Dec,
    #[serde(deserialize_with = "nullable")]
    hit_rate: Option<Dec>,
    #[serde(deserialize_with = "nullable")]
    write_amplification: Option<Dec>,
    #[serde(deserialize_with = "nullable")]
    never_read: Option<NeverRead>,
    #[serde(deserialize_with = "nullable")]
    never_read_estimate: Option<NeverRead>,
    #[serde(deserialize_with = "nullable")]
    five_minute_as_one_hour: Option<TtlWhatIf>,
    #[serde(deserialize_with = "nullable")]
    one_hour_as_five_minute: Option<TtlWhatIf>,
    #[serde(deserialize_with = "nullable")]
    below_minimum: Option<BelowMinimum>,
    untimed_requests: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct NeverRead {
    cache_write_5m_tokens: Dec,
    cache_write_1h_tokens: Dec,
    cost_usd: Dec,
    premium_usd: Dec,
    open_tokens: Dec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct TtlWhatIf {
    written_tokens: Dec,
    changed_tokens: Dec,
    difference_usd: Dec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct BelowMinimum {
    minimum_tokens: u64,
    with_cache_control: u64,
    with_cache_control_tokens: Dec,
    unknown_below: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct BatchOpportunity {
    model: String,
    group: Vec<String>,
    standard_usd: Dec,
    batched_usd: Dec,
    saving_usd: Dec,
    #[serde(deserialize_with = "nullable")]
    hours: Option<Vec<Dec>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct UsageCharge {
    date: String,
    model: String,
    service_tier: String,
    speed: String,
    inference_geo: String,
    #[serde(deserialize_with = "nullable")]
    context_window: Option<String>,
    #[serde(deserialize_with = "nullable")]
    prompt_over: Option<u64>,
    #[serde(deserialize_with = "nullable")]
    workspace_id: Option<String>,
    #[serde(deserialize_with = "nullable")]
    api_key_id: Option<String>,
    class: String,
    quantity: Dec,
    rate_usd: Dec,
    cost_usd: Dec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Reconciliation {
    per: Vec<String>,
    lines: Vec<ReconciliationLine>,
    billed_usd: Dec,
    repriced_usd: Dec,
    difference_usd: Dec,
    priority_usd: Dec,
    flagged: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ReconciliationLine {
    date: String,
    #[serde(deserialize_with = "nullable")]
    model: Option<String>,
    #[serde(deserialize_with = "nullable")]
    class: Option<String>,
    billed_usd: Dec,
    repriced_usd: Dec,
    difference_usd: Dec,
    flagged: bool,
    #[serde(deserialize_with = "nullable")]
    cause: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct UsageRow {
    period: String,
    group: Vec<String>,
    classes: Vec<UsageClass>,
    total_usd: Dec,
    #[serde(deserialize_with = "nullable")]
    total_range: Option<Range>,
    list_usd: Dec,
    cache_saving_usd: Dec,
    batch_saving_usd: Dec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct UsageClass {
    class: String,
    quantity: Dec,
    cost_usd: Dec,
    #[serde(deserialize_with = "nullable")]
    share_of_total: Option<Dec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct UsageRate {
    model: String,
    service_tier: String,
    speed: String,
    inference_geo: String,
    #[serde(deserialize_with = "nullable")]
    context_window: Option<String>,
    #[serde(deserialize_with = "nullable")]
    prompt_over: Option<u64>,
    class: String,
    from: String,
    until: String,
    base_price: String,
    base_rate_usd: Dec,
    multipliers: Vec<UsageMultiplier>,
    rate_usd: Dec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct UsageMultiplier {
    name: String,
    factor: Dec,
}

#[test]
fn usage() {
    let u: UsageReport = json(
        &[
            "usage",
            "tests/fixtures/usage/grouped.json",
            "--group",
            "model,tier",
        ],
        0,
    );
    assert_eq!(u.group, ["model", "tier"]);
    assert_eq!(u.by, "day");
    assert_eq!(u.rows.len(), 3);
    assert!(u.rows.iter().all(|r| r.group.len() == 2));
    assert!(u.total_range.is_none());
    assert_eq!(u.first_day.as_deref(), Some("2026-11-02"));
    // Every row's classes add up to its total; the rows to the whole.
    for r in &u.rows {
        let sum: Decimal = r.classes.iter().map(|c| c.cost_usd.value()).sum();
        assert_eq!(sum, r.total_usd.value());
    }
    let rows: Decimal = u.rows.iter().map(|r| r.total_usd.value()).sum();
    assert_eq!(rows, u.total_usd.value());
    let charges: Decimal = u.charges.iter().map(|c| c.cost_usd.value()).sum();
    assert_eq!(charges, u.total_usd.value());
    assert!(u.reconciliation.is_none());
    // With a bill beside it: one line flagged, exit 4.
    let b: UsageReport = json(
        &[
            "usage",
            "tests/fixtures/usage/grouped.json",
            "--cost-report",
            "tests/fixtures/usage/cost-differs.json",
        ],
        4,
    );
    // Per-request sources: batch results (not billed, undated) and a log whose requests pay
    // their own tier (`prompt_over`).
    let q: UsageReport = json(&["usage", "tests/fixtures/usage/batch-results.jsonl"], 0);
    assert_eq!(
        kinds(&q.warnings),
        ["not_billed", "not_billed", "undated", "duplicate_usage"]
    );
    let t: UsageReport = json(&["usage", "tests/fixtures/usage/responses.jsonl"], 0);
    assert!(t.cache.is_empty());
    // Cache diagnostics: every field, from a timeline and from buckets.
    let c: UsageReport = json(&["usage", "tests/fixtures/usage/cache-timeline.jsonl"], 0);
    assert_eq!(c.cache.len(), 2);
    assert!(c.cache.iter().all(|d| d.never_read.is_some()));
    assert!(c.cache.iter().any(|d| d.below_minimum.is_some()));
    assert!(c.cache.iter().any(|d| d.five_minute_as_one_hour.is_some()));
    assert!(c.cache.iter().any(|d| d.one_hour_as_five_minute.is_some()));
    let c: UsageReport = json(&["usage", "tests/fixtures/usage/cache-buckets.json"], 0);
    assert!(c.cache[0].never_read_estimate.is_some());
    assert!(t.rates.iter().any(|r| r.prompt_over == Some(100_000)));
    assert_eq!(
        t.batch_opportunity[0].hours.as_ref().map(Vec::len),
        Some(24)
    );
    let r = b.reconciliation.unwrap();
    assert_eq!(r.flagged, 1);
    assert_eq!(
        r.lines.iter().filter(|l| l.cause.is_some()).count(),
        1,
        "only a flagged line has a cause"
    );
    // A ranged and warned report: every warning kind it raises has its fields.
    let p: UsageReport = json(&["usage", "tests/fixtures/usage/pages.jsonl"], 0);
    assert!(p.total_range.is_some());
    assert_eq!(
        kinds(&p.warnings),
        [
            "usage_assumed",
            "usage_assumed",
            "usage_assumed",
            "duplicate_usage",
            "tier_unknown"
        ]
    );
}

// ---- forecast -----------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Forecast {
    span: String,
    period_start: String,
    period_end: String,
    now: String,
    history_days: u64,
    method: String,
    trend_usd_per_day: Dec,
    residual_sd_usd: Dec,
    spent_usd: Dec,
    projected_usd: Range,
    #[serde(deserialize_with = "nullable")]
    budget_usd: Option<Dec>,
    over_budget: bool,
    #[serde(deserialize_with = "nullable")]
    budget_runs_out: Option<String>,
    days: Vec<ForecastDay>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ForecastDay {
    date: String,
    #[serde(deserialize_with = "nullable")]
    actual_usd: Option<Dec>,
    #[serde(deserialize_with = "nullable")]
    predicted_usd: Option<Dec>,
}

#[test]
fn forecast() {
    // "Now" comes from the data (the shapes' fixed `--as-of` would be before it).
    let run = burnrate(&[
        "forecast",
        "tests/fixtures/usage/grouped.json",
        "--budget",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let f: Forecast = parse(&run.stdout).unwrap();
    assert_eq!(f.span, "month");
    assert_eq!(f.days.len(), 30);
    assert!(
        f.days
            .iter()
            .all(|d| d.actual_usd.is_some() != d.predicted_usd.is_some())
    );
    assert!(f.budget_runs_out.is_some());
}

// ---- the shapes themselves can fail ------------------------------------------------------

#[test]
fn an_added_missing_or_mistyped_field_is_rejected() {
    let quote = r#"{"model": "m", "model_name": "M", "platform": "anthropic", "batch": false,
        "speed": "standard", "inference_geo": "global", "requests": "1",
        "prompt_tokens_per_request": "10", "tier_above_prompt_tokens": null,
        "lines": [], "total_usd": "0", "warnings": []}"#;
    assert!(parse::<Quote>(quote).is_ok());
    let err = |text: &str| parse::<Quote>(text).unwrap_err();
    assert!(
        err(&quote.replace(r#""batch": false,"#, r#""batch": false, "extra": 1,"#))
            .contains("unknown field `extra`")
    );
    // A nullable field must still be there.
    assert!(
        err(&quote.replace(r#""tier_above_prompt_tokens": null,"#, ""))
            .contains("missing field `tier_above_prompt_tokens`")
    );
    // Decimals are strings, in full.
    assert!(err(&quote.replace(r#""requests": "1""#, r#""requests": 1"#)).contains("requests"));
    assert!(
        err(&quote.replace(r#""total_usd": "0""#, r#""total_usd": "0.10""#))
            .contains("`0.10` is not written in full without trailing zeros")
    );
    // A warning with a field its kind does not have, or an unknown kind.
    let warning = |w: &str| quote.replace(r#""warnings": []"#, &format!(r#""warnings": [{w}]"#));
    assert!(
        parse::<Quote>(&warning(
            r#"{"kind": "unconfirmed_id", "model": "m", "message": "x"}"#
        ))
        .is_ok()
    );
    assert!(
        err(&warning(
            r#"{"kind": "unconfirmed_id", "model": "m", "message": "x", "extra": 1}"#
        ))
        .contains("unknown field `extra`")
    );
    assert!(
        err(&warning(r#"{"kind": "new_kind", "message": "x"}"#))
            .contains("unknown variant `new_kind`")
    );
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Calibration {
    tokenizer: String,
    against: serde_json::Value,
    frame: u64,
    fits: Vec<Fit>,
    #[serde(deserialize_with = "nullable")]
    override_yaml: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Fit {
    content: String,
    samples: u64,
    factor: Range,
    previous: Range,
}

#[test]
fn calibrate() {
    let fitted: Calibration = json(
        &[
            "calibrate",
            "tests/fixtures/calibrate/counts.csv",
            "-m",
            "claude-haiku-4-5",
            "--cl100k-factor",
        ],
        0,
    );
    assert_eq!(fitted.against, "cl100k");
    assert!(fitted.override_yaml.is_some());
    let residual: Calibration = json(
        &[
            "calibrate",
            "tests/fixtures/calibrate/counts.csv",
            "-m",
            "claude-haiku-4-5",
        ],
        0,
    );
    assert_eq!(residual.against["vocabulary"]["family"], "v3");
    assert!(residual.override_yaml.is_none());
}
