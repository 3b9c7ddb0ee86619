//! Every rate a model can be billed at, and the catalogue `burnrate models` shows.

use rust_decimal::Decimal;
use serde::Serialize;

use super::mode::{DEFAULT_PLATFORM, Mode, Speed};
use super::pricer::Pricer;
use super::quote::Item;
use crate::error::{Error, Result};
use crate::money::format_count;
use crate::pricing::schema::ToolTokens;
use crate::pricing::{Model, PricingTable, Status};

/// Per-MTok rates of every token class under one mode; `None` where the table has no price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rates {
    /// Uncached input.
    #[serde(with = "crate::money::exact")]
    pub input: Decimal,
    /// 5-minute cache write.
    #[serde(with = "crate::money::exact_opt")]
    pub cache_write_5m: Option<Decimal>,
    /// 1-hour cache write.
    #[serde(with = "crate::money::exact_opt")]
    pub cache_write_1h: Option<Decimal>,
    /// Cache read.
    #[serde(with = "crate::money::exact_opt")]
    pub cache_read: Option<Decimal>,
    /// Output.
    #[serde(with = "crate::money::exact")]
    pub output: Decimal,
}

/// One row of a model's rate card: a named situation and its rates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RateRow {
    /// `standard`, `batch`, `prompt > 100,000`, `prompt > 100,000, batch`, `fast`.
    #[serde(rename = "situation")]
    pub label: String,
    /// Through the Batch API.
    #[serde(skip)]
    pub batch: bool,
    /// In fast mode.
    #[serde(skip)]
    pub fast: bool,
    /// The prompt-length tier, by the prompt tokens it starts above; `None` below every tier.
    #[serde(skip)]
    pub tier_above: Option<u64>,
    /// The rates in that situation.
    #[serde(flatten)]
    pub rates: Rates,
}

/// The tool-use system-prompt tokens of a model, per `tool_choice`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ToolOverhead {
    /// With `tool_choice` `auto` or `none`.
    pub auto_none: Option<ToolTokens>,
    /// With `tool_choice` `any` or `tool`.
    pub any_tool: Option<ToolTokens>,
}

impl Serialize for ToolTokens {
    /// A count, or `"unsupported"`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            ToolTokens::Tokens(n) => s.serialize_u64(*n),
            ToolTokens::Unsupported => s.serialize_str("unsupported"),
        }
    }
}

/// Everything the table holds about one model, with its rate card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelCard {
    /// Canonical API id.
    pub id: String,
    /// Other names the API accepts.
    pub aliases: Vec<String>,
    /// Whether a public source confirms the id.
    pub id_confirmed: bool,
    /// Display name.
    pub name: String,
    /// Family.
    pub family: String,
    /// Whether the family name resolves to this model (it is the family's newest).
    pub family_newest: bool,
    /// Release date.
    pub released: Option<String>,
    /// Availability.
    pub status: Status,
    /// Tokenizer family.
    pub tokenizer: String,
    /// Context window.
    pub context_window_tokens: u64,
    /// Beta context window.
    pub beta_context_window_tokens: Option<u64>,
    /// Maximum output per request.
    pub max_output_tokens: Option<u64>,
    /// Maximum output through the Batch API.
    pub batch_max_output_tokens: Option<u64>,
    /// Minimum cacheable prompt.
    pub min_cacheable_tokens: Option<u64>,
    /// Tool-use overhead.
    pub tool_use_system_prompt_tokens: ToolOverhead,
    /// US-only inference factor (absent: not eligible).
    #[serde(with = "crate::money::exact_opt")]
    pub inference_geo_us_multiplier: Option<Decimal>,
    /// Whether cloud regional endpoints add their premium.
    pub regional_premium: bool,
    /// Every situation's rates, USD per MTok.
    #[serde(rename = "rates_usd_per_mtok")]
    pub rates: Vec<RateRow>,
    /// Caveats.
    pub notes: Option<String>,
    /// Where the figures come from.
    pub source: String,
    /// When they were checked.
    pub checked: String,
    /// The file the entry was read from.
    #[serde(rename = "from")]
    pub origin: String,
    /// The model's periods between its dated changes, oldest first, each with the rates then
    /// in force; empty when the entry has no dated changes (its facts hold always).
    pub history: Vec<PeriodCard>,
}

/// One period of a model's history: the status and rates between two change dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodCard {
    /// First day of the period (`YYYY-MM-DD`; absent: open).
    pub from: Option<String>,
    /// First day after the period (absent: open-ended).
    pub until: Option<String>,
    /// Availability on the Claude API in the period.
    pub status: Status,
    /// Every situation's rates in the period, USD per MTok.
    #[serde(rename = "rates_usd_per_mtok")]
    pub rates: Vec<RateRow>,
    /// The dated changes in force in the period; facts they do not set come from the entry
    /// itself (its `source`).
    pub changes: Vec<ChangeSource>,
}

/// A dated change in force in a period, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeSource {
    /// First day of the change (absent: open).
    pub from: Option<String>,
    /// First day after it (absent: open-ended).
    pub until: Option<String>,
    /// The facts it sets (`fast`, `prompt_tiers`, `status`…).
    pub facts: Vec<String>,
    /// Caveats.
    pub notes: Option<String>,
    /// Where it comes from.
    pub source: String,
    /// When that was checked.
    pub checked: String,
}

/// A family name and the model it resolves to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FamilyAlias {
    /// The family name (`sonnet`).
    pub family: String,
    /// The newest model of the family.
    pub model: String,
}

/// The effective table as `burnrate models` shows it: each model's card and the table's fees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Catalog {
    /// The models shown.
    pub models: Vec<ModelCard>,
    /// Family names and where they resolve.
    pub family_aliases: Vec<FamilyAlias>,
    /// The web search fee.
    #[serde(with = "crate::money::exact_opt")]
    pub web_search_usd_per_1k_searches: Option<Decimal>,
    /// The files the table was built from.
    pub sources: Vec<String>,
    /// The date the table stands as of (`YYYY-MM-DD`); absent for a table not resolved to a date.
    pub as_of: Option<String>,
    /// The models of the table left out of the list because they were released after `as_of`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_yet_released: Vec<String>,
    /// Whether this is one model in full (`burnrate models MODEL`) rather than the list.
    #[serde(skip)]
    pub single: bool,
}

/// The catalogue of `models` (every model of the table when `None`).
pub fn catalog(table: &PricingTable, only: Option<&Model>) -> Result<Catalog> {
    // A list for a past day holds the models that existed on it.
    let (models, later): (Vec<&Model>, Vec<&Model>) = match only {
        Some(m) => (vec![m], Vec::new()),
        None => table
            .models
            .iter()
            .partition(|m| !table.as_of_date().is_some_and(|day| m.unreleased_on(day))),
    };
    let not_yet_released = later.iter().map(|m| m.id.clone()).collect();
    let cards = models
        .into_iter()
        .map(|m| model_card(table, m))
        .collect::<Result<_>>()?;
    Ok(Catalog {
        models: cards,
        family_aliases: table
            .family_aliases()
            .into_iter()
            .map(|(f, m)| FamilyAlias {
                family: f.to_string(),
                model: m.id.clone(),
            })
            .collect(),
        web_search_usd_per_1k_searches: table
            .server_tools
            .as_ref()
            .map(|t| t.web_search_usd_per_1k_searches.0),
        sources: table.sources.clone(),
        as_of: table.as_of_date().map(ToString::to_string),
        not_yet_released,
        single: only.is_some(),
    })
}

fn model_card(table: &PricingTable, m: &Model) -> Result<ModelCard> {
    let overhead = m.tool_use_system_prompt_tokens.as_ref();
    Ok(ModelCard {
        id: m.id.clone(),
        aliases: m.aliases.clone(),
        id_confirmed: m.id_confirmed,
        name: m.name.clone(),
        family: m.family.clone(),
        family_newest: table
            .newest_of_family(&m.family)
            .is_some_and(|n| n.id == m.id),
        released: m.released.map(|r| r.to_string()),
        status: m.status,
        tokenizer: m.tokenizer.clone(),
        context_window_tokens: m.context_window_tokens,
        beta_context_window_tokens: m.beta_context_window_tokens,
        max_output_tokens: m.max_output_tokens,
        batch_max_output_tokens: m.batch_max_output_tokens,
        min_cacheable_tokens: m.min_cacheable_tokens,
        tool_use_system_prompt_tokens: ToolOverhead {
            auto_none: overhead.and_then(|o| o.auto_none),
            any_tool: overhead.and_then(|o| o.any_tool),
        },
        inference_geo_us_multiplier: m.inference_geo_us_multiplier.map(|f| f.0),
        regional_premium: m.regional_premium,
        rates: rate_card(table, m)?,
        notes: m.notes.as_deref().map(|n| n.trim().to_string()),
        source: m.source.trim().to_string(),
        checked: m.checked.to_string(),
        origin: m.origin.clone(),
        history: history(table, m)?,
    })
}

/// The model's periods with their rates; empty for a model without dated changes.
fn history(table: &PricingTable, m: &Model) -> Result<Vec<PeriodCard>> {
    if m.history.is_empty() {
        return Ok(Vec::new());
    }
    m.periods()?
        .into_iter()
        .map(|(period, snapshot)| {
            let changes = m
                .history
                .iter()
                .filter(|c| {
                    period.from.as_ref().map_or_else(
                        // The first period runs up to the first change date: what holds on its
                        // last day holds throughout.
                        || c.from.is_none(),
                        |from| c.period().contains(from),
                    )
                })
                .map(|c| ChangeSource {
                    from: c.from.as_ref().map(ToString::to_string),
                    until: c.until.as_ref().map(ToString::to_string),
                    facts: c.facts().into_iter().map(str::to_string).collect(),
                    notes: c.notes.as_deref().map(|n| n.trim().to_string()),
                    source: c.source.trim().to_string(),
                    checked: c.checked.to_string(),
                })
                .collect();
            Ok(PeriodCard {
                from: period.from.as_ref().map(ToString::to_string),
                until: period.until.as_ref().map(ToString::to_string),
                status: snapshot.status,
                rates: rate_card(table, &snapshot)?,
                changes,
            })
        })
        .collect()
}

/// Every rate a model can be billed at on its home platform (`anthropic` where the table has
/// it): standard and batch, each prompt-length tier, and fast mode. Computed by the same code as
/// [`quote`](super::quote()), so the card and a quote can never disagree.
pub fn rate_card(table: &PricingTable, model: &Model) -> Result<Vec<RateRow>> {
    let platform = home_platform(table)?;
    let standard = Mode {
        platform: platform.to_string(),
        ..Mode::default()
    };
    let batch = Mode {
        batch: true,
        ..standard.clone()
    };
    let fast = Mode {
        speed: Speed::Fast,
        ..standard.clone()
    };
    let mut situations = vec![("standard".to_string(), standard.clone(), None)];
    let batch_ok = Pricer::new(table, model, Decimal::ZERO, &batch).is_ok();
    if batch_ok {
        situations.push(("batch".to_string(), batch.clone(), None));
    }
    for tier in &model.prompt_tiers {
        let above = Some(tier.above_prompt_tokens);
        let label = format!("prompt > {}", format_count(tier.above_prompt_tokens.into()));
        situations.push((label.clone(), standard.clone(), above));
        if batch_ok {
            situations.push((format!("{label}, batch"), batch.clone(), above));
        }
    }
    if Pricer::new(table, model, Decimal::ZERO, &fast).is_ok() {
        situations.push(("fast".to_string(), fast, None));
    }
    situations
        .into_iter()
        .map(|(label, mode, tier_above)| {
            // One token over the tier's threshold prices the whole request in it.
            let prompt = tier_above.map_or(Decimal::ZERO, |a| Decimal::from(a) + Decimal::ONE);
            let pricer = Pricer::new(table, model, prompt, &mode)?;
            let optional = |item| pricer.rate(item).ok().map(|(_, _, r)| r);
            Ok(RateRow {
                label,
                batch: mode.batch,
                fast: mode.speed == Speed::Fast,
                tier_above,
                rates: Rates {
                    input: pricer.rate(Item::Input)?.2,
                    cache_write_5m: optional(Item::CacheWrite5m),
                    cache_write_1h: optional(Item::CacheWrite1h),
                    cache_read: optional(Item::CacheRead),
                    output: pricer.rate(Item::Output)?.2,
                },
            })
        })
        .collect()
}

/// The platform a rate card is shown for: `anthropic` if defined, else the table's first.
fn home_platform(table: &PricingTable) -> Result<&str> {
    table
        .platforms
        .iter()
        .find(|p| p.id == DEFAULT_PLATFORM)
        .or_else(|| table.platforms.first())
        .map(|p| p.id.as_str())
        .ok_or(Error::NoPlatforms)
}
