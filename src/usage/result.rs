//! What `usage` reports: repriced usage per period and group, per token class, what caching
//! and batching saved against list price, and every rate it used with the days it held.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;

use super::record::{Groups, Pricing, ServiceTier};
use crate::billing::{Factor, Item};
use crate::pricing::Model;
use crate::range::Range;
use crate::warning::Warning;

/// How long a row's period is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// A UTC day (`2026-11-03`).
    #[default]
    Day,
    /// An ISO week, Monday to Sunday (`2026-W45`).
    Week,
    /// A calendar month (`2026-11`).
    Month,
}

impl Period {
    /// The period `date` falls in, as a sortable label.
    pub fn of(self, date: Date) -> String {
        match self {
            Period::Day => date.to_string(),
            Period::Week => {
                let w = date.iso_week_date();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Period::Month => format!("{:04}-{:02}", date.year(), date.month()),
        }
    }
}

/// A dimension rows can be grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// The model (its canonical id).
    Model,
    /// The workspace.
    Workspace,
    /// The API key.
    ApiKey,
    /// The account (OAuth).
    Account,
    /// The service account.
    ServiceAccount,
    /// The service tier.
    Tier,
    /// The inference geo.
    InferenceGeo,
    /// The speed.
    Speed,
    /// The context-window bucket.
    ContextWindow,
}

impl GroupBy {
    /// The column's name.
    pub fn name(self) -> &'static str {
        match self {
            GroupBy::Model => "model",
            GroupBy::Workspace => "workspace",
            GroupBy::ApiKey => "api_key",
            GroupBy::Account => "account",
            GroupBy::ServiceAccount => "service_account",
            GroupBy::Tier => "tier",
            GroupBy::InferenceGeo => "inference_geo",
            GroupBy::Speed => "speed",
            GroupBy::ContextWindow => "context_window",
        }
    }

    /// A record's value in this dimension; `-` where the export does not give one.
    pub(super) fn value(self, model: &Model, p: &Pricing, g: &Groups) -> String {
        let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_string());
        match self {
            GroupBy::Model => model.id.clone(),
            GroupBy::Workspace => or_dash(&g.workspace_id),
            GroupBy::ApiKey => or_dash(&g.api_key_id),
            GroupBy::Account => or_dash(&g.account_id),
            GroupBy::ServiceAccount => or_dash(&g.service_account_id),
            GroupBy::Tier => p.service_tier.name().to_string(),
            GroupBy::InferenceGeo => p.inference_geo.name().to_string(),
            GroupBy::Speed => p.speed.name().to_string(),
            GroupBy::ContextWindow => p.context_window.map_or("-", |c| c.name()).to_string(),
        }
    }
}

/// One token class (or web searches) of a row or of the whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassCost {
    /// The class.
    #[serde(rename = "class", serialize_with = "item_key")]
    pub item: Item,
    /// Tokens (searches for web search).
    #[serde(with = "crate::money::exact")]
    pub quantity: Decimal,
    /// Its cost, exact.
    #[serde(rename = "cost_usd", with = "crate::money::exact")]
    pub cost: Decimal,
    /// Its share of the row's cost (`None` when the row costs nothing).
    #[serde(rename = "share_of_total", with = "crate::money::exact_opt")]
    pub share: Option<Decimal>,
}

fn item_key<S: serde::Serializer>(item: &Item, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(item.key())
}

/// One period and group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsageRow {
    /// The period's label (`2026-11-03`, `2026-W45`, `2026-11`).
    pub period: String,
    /// The group's values, in the order of [`UsageReport::group`].
    pub group: Vec<String>,
    /// Per class.
    pub classes: Vec<ClassCost>,
    /// Its cost and savings.
    #[serde(flatten)]
    pub totals: Totals,
}

/// A cost, its range, and what caching and batching saved against list price, so that
/// `list = total + cache saving + batch saving`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Repriced cost.
    #[serde(with = "crate::money::exact")]
    pub total_usd: Decimal,
    /// The cost range where a prompt-length tier cannot be told from the export.
    pub total_range: Option<Range>,
    /// The same tokens at list price: uncached and real-time.
    #[serde(with = "crate::money::exact")]
    pub list_usd: Decimal,
    /// What caching saved: the same tokens uncached less cached, both real-time.
    #[serde(with = "crate::money::exact")]
    pub cache_saving_usd: Decimal,
    /// What the Batch API saved: the same tokens real-time, less the cost.
    #[serde(with = "crate::money::exact")]
    pub batch_saving_usd: Decimal,
}

/// What decides a rate besides the day: the model and the price dimensions, as reports name
/// them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PriceDims {
    /// Canonical model id.
    pub model: String,
    /// Service tier.
    pub service_tier: ServiceTier,
    /// `standard` or `fast`.
    pub speed: &'static str,
    /// `global` or `us`.
    pub inference_geo: &'static str,
    /// The context-window bucket, if the export gave one.
    pub context_window: Option<&'static str>,
    /// For single requests: the prompt-length tier their own prompts fell in (its threshold).
    pub prompt_over: Option<u64>,
}

impl PriceDims {
    /// The dimensions of `pricing` on `model`.
    pub(super) fn of(model: &Model, pricing: &Pricing) -> PriceDims {
        PriceDims {
            model: model.id.clone(),
            service_tier: pricing.service_tier,
            speed: pricing.speed.name(),
            inference_geo: pricing.inference_geo.name(),
            context_window: pricing
                .context_window
                .map(super::record::ContextWindow::name),
            prompt_over: pricing.exact_tier.flatten(),
        }
    }
}

/// A rate the repricing used, and the days (of the usage) it was used for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RateUsed {
    /// What it is for.
    #[serde(flatten)]
    pub dims: PriceDims,
    /// The class.
    #[serde(rename = "class", serialize_with = "item_key")]
    pub item: Item,
    /// First day of usage priced at it.
    #[serde(serialize_with = "date")]
    pub from: Date,
    /// Last day of usage priced at it.
    #[serde(serialize_with = "date")]
    pub until: Date,
    /// The price it starts from.
    pub base_price: String,
    /// That price.
    #[serde(with = "crate::money::exact")]
    pub base_rate_usd: Decimal,
    /// The factors applied, in order.
    pub multipliers: Vec<Factor>,
    /// The rate: USD per MTok (per 1,000 searches for web search).
    #[serde(with = "crate::money::exact")]
    pub rate_usd: Decimal,
}

pub(crate) fn date<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

fn hours<S: serde::Serializer>(h: &Option<Vec<Decimal>>, s: S) -> Result<S::Ok, S::Error> {
    match h {
        Some(v) => crate::money::exact_vec::serialize(v, s),
        None => s.serialize_none(),
    }
}

pub(crate) fn opt_date<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

/// One class of usage on one day at one set of price dimensions and groups: the finest grain
/// the repricing has (the FOCUS export writes one row per charge).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Charge {
    /// The UTC day.
    #[serde(serialize_with = "date")]
    pub date: Date,
    /// What it was priced by.
    #[serde(flatten)]
    pub dims: PriceDims,
    /// Workspace id, where given.
    pub workspace_id: Option<String>,
    /// API key id, where given.
    pub api_key_id: Option<String>,
    /// The class.
    #[serde(rename = "class", serialize_with = "item_key")]
    pub item: Item,
    /// Tokens (searches for web search).
    #[serde(with = "crate::money::exact")]
    pub quantity: Decimal,
    /// USD per MTok (per 1,000 searches).
    #[serde(with = "crate::money::exact")]
    pub rate_usd: Decimal,
    /// Repriced cost.
    #[serde(rename = "cost_usd", with = "crate::money::exact")]
    pub cost: Decimal,
}

/// Standard-tier usage of one model and group, and what the Batch API would have charged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchOpportunity {
    /// Canonical model id.
    pub model: String,
    /// The group's values, in the order of [`UsageReport::group`].
    pub group: Vec<String>,
    /// What the standard-tier, standard-speed usage cost.
    #[serde(with = "crate::money::exact")]
    pub standard_usd: Decimal,
    /// The same tokens through the Batch API.
    #[serde(with = "crate::money::exact")]
    pub batched_usd: Decimal,
    /// `standard − batched`.
    #[serde(with = "crate::money::exact")]
    pub saving_usd: Decimal,
    /// Standard-tier tokens per UTC hour of the day (0 to 23), where the source's records are
    /// an hour or shorter: when the traffic runs, so which of it can wait.
    #[serde(serialize_with = "hours")]
    pub hours: Option<Vec<Decimal>>,
}

/// Usage repriced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsageReport {
    /// The files read.
    pub files: Vec<String>,
    /// Records read (result rows of the usage report).
    pub records: usize,
    /// Records left out as duplicates.
    pub duplicates: usize,
    /// First day of usage.
    #[serde(serialize_with = "opt_date")]
    pub first_day: Option<Date>,
    /// Last day of usage.
    #[serde(serialize_with = "opt_date")]
    pub last_day: Option<Date>,
    /// The day the usage report's latest bucket (empty ones included) ends on: usage was
    /// looked for up to its start.
    #[serde(serialize_with = "opt_date")]
    pub observed_until: Option<Date>,
    /// Row period.
    pub by: Period,
    /// Row groups.
    pub group: Vec<GroupBy>,
    /// One per period and group, in order.
    pub rows: Vec<UsageRow>,
    /// Per class over everything.
    pub classes: Vec<ClassCost>,
    /// The whole's cost and savings.
    #[serde(flatten)]
    pub totals: Totals,
    /// Every rate used, with its days.
    pub rates: Vec<RateUsed>,
    /// Every charge at the finest grain, in order.
    pub charges: Vec<Charge>,
    /// Per model and group, what moving standard-tier usage to the Batch API would save.
    pub batch_opportunity: Vec<BatchOpportunity>,
    /// Per model and group, what the cache did: hit rate, write amplification, writes never
    /// read back, the other TTL, prefixes below the minimum (only those with cache traffic
    /// or a request that asked to cache).
    pub cache: Vec<super::cache_diagnostics::CacheDiagnostics>,
    /// The bill beside the repricing, when a cost report was given.
    pub reconciliation: Option<super::reconcile::Reconciliation>,
    /// What the user should know.
    #[serde(serialize_with = "crate::report::warning::serialize")]
    pub warnings: Vec<Warning>,
}
