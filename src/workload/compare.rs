//! `compare`: the workload as written against the same traffic run entirely on each of several
//! models, each under four modes. Every cell is an [`estimate`](super::estimate()) of an edited
//! copy of the workload, so a cell and an estimate of the same edit always agree.

use rust_decimal::Decimal;
use serde::Serialize;

use super::CacheOutcome;
use super::edit::{CacheChange, Changes, EscalationChange, apply};
use super::estimate::{Estimate, MeasuredFrom, TokenRole, estimate, estimate_with};
use super::schema::{Period, Workload};
use crate::error::Result;
use crate::pricing::PricingTable;
use crate::range::{Pick, Range};

/// A way of running the whole workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareMode {
    /// No batch, no cache.
    RealTime,
    /// No batch; cache as the task says, or 5-minute TTL with an auto hit rate.
    RealTimeCache,
    /// Everything through the Batch API, no cache.
    Batch,
    /// Everything through the Batch API, with the cache as above.
    BatchCache,
}

impl Serialize for CompareMode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl CompareMode {
    /// All four, in column order.
    pub const ALL: [CompareMode; 4] = [
        CompareMode::RealTime,
        CompareMode::RealTimeCache,
        CompareMode::Batch,
        CompareMode::BatchCache,
    ];

    /// Machine name (`realtime_cache`).
    pub fn key(self) -> &'static str {
        match self {
            CompareMode::RealTime => "real_time",
            CompareMode::RealTimeCache => "real_time_cache",
            CompareMode::Batch => "batch",
            CompareMode::BatchCache => "batch_cache",
        }
    }

    /// Column title (`real-time + cache`).
    pub fn label(self) -> &'static str {
        match self {
            CompareMode::RealTime => "real-time",
            CompareMode::RealTimeCache => "real-time + cache",
            CompareMode::Batch => "batch",
            CompareMode::BatchCache => "batch + cache",
        }
    }

    fn batch(self) -> bool {
        matches!(self, CompareMode::Batch | CompareMode::BatchCache)
    }

    fn cache(self) -> bool {
        matches!(self, CompareMode::RealTimeCache | CompareMode::BatchCache)
    }
}

/// One priced cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// Canonical model id.
    pub model: String,
    /// The mode.
    pub mode: CompareMode,
    /// The period's total (`None` when the combination cannot be priced).
    #[serde(rename = "total_usd", with = "crate::money::exact_opt")]
    pub total: Option<Decimal>,
    /// The saving against the workload as written (negative: it costs more).
    #[serde(rename = "saving_usd", with = "crate::money::exact_opt")]
    pub saving: Option<Decimal>,
    /// Whether this is the cheapest cell (the first one on ties).
    pub cheapest: bool,
    /// Why the combination cannot be priced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Whether some of the cell's token counts were converted to the model's tokenizer (the
    /// comparison's `conversions` say which).
    pub converted: bool,
    /// In a cache mode, the tasks whose prefix is not cached on this model, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_cached: Vec<NotCached>,
}

/// A task a cache mode cannot cache on a model: its prefix is empty or below the model's
/// minimum cacheable length, so the cell costs what it costs without the cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotCached {
    /// The task.
    pub task: String,
    /// Its prefix per request (system prompt and tool definitions).
    #[serde(with = "crate::money::exact")]
    pub prefix_tokens: Decimal,
    /// The model's minimum cacheable prompt.
    pub minimum: u64,
}

/// Token counts converted because a model uses another tokenizer than they were measured in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conversion {
    /// The model of the cells.
    pub model: String,
    /// The task whose count it is.
    pub task: String,
    /// Which count.
    pub role: TokenRole,
    /// The count per request as the task gives it.
    #[serde(with = "crate::money::exact")]
    pub count: Decimal,
    /// The model the task says it was measured on.
    pub measured_on: String,
    /// That model's tokenizer.
    pub from_tokenizer: String,
    /// The cells' model's tokenizer.
    pub to_tokenizer: String,
    /// The factor applied, with its range.
    pub factor: Range,
    /// The count per request the cells priced, with its range.
    pub tokens: Range,
}

/// The comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// The workload's name.
    pub name: String,
    /// The period.
    pub period: Period,
    /// Days in the period.
    #[serde(with = "crate::money::exact")]
    pub days: Decimal,
    /// The workload as written.
    #[serde(rename = "as_written_usd", with = "crate::money::exact")]
    pub as_written: Decimal,
    /// The models compared, in row order.
    pub models: Vec<String>,
    /// Models × modes, row by row.
    pub cells: Vec<Cell>,
    /// Token-count conversions the cells applied.
    #[serde(serialize_with = "crate::report::warning::serialize")]
    pub conversions: Vec<Conversion>,
}

/// The changes that run the whole workload on `model` under `mode`: every task moved to the
/// model, no escalation (there is no stronger model to escalate to), batch share 0 or 1, cache
/// off or on.
pub fn variant(model: &str, mode: CompareMode) -> Changes {
    Changes {
        to_model: Some(model.to_string()),
        escalation: Some(EscalationChange::Drop),
        batch_share: Some(if mode.batch() {
            Decimal::ONE
        } else {
            Decimal::ZERO
        }),
        cache: Some(if mode.cache() {
            CacheChange::On
        } else {
            CacheChange::Off
        }),
        ..Changes::default()
    }
}

/// Compares the workload as written with each of `models` (ids) under the four modes.
pub fn compare(table: &PricingTable, workload: &Workload, models: &[String]) -> Result<Comparison> {
    let written = estimate(table, workload)?;
    let mut cells = Vec::new();
    let mut conversions = Vec::new();
    let mut ids = Vec::new();
    for model in models {
        let (m, _) = table.resolve(model)?;
        ids.push(m.id.clone());
        let first = cells.len();
        let mut model_conversions = None;
        for mode in CompareMode::ALL {
            let priced = apply(workload, &variant(&m.id, mode))
                .and_then(|w| estimate_with(table, &w, false, Pick::Typical));
            let (total, error, not_cached) = match &priced {
                Ok(e) => {
                    // Counts do not depend on the mode: the first priced cell says which ones
                    // were converted for the model.
                    model_conversions.get_or_insert_with(|| converted(&m.id, e));
                    let not_cached = if mode.cache() {
                        uncached(e)
                    } else {
                        Vec::new()
                    };
                    (Some(e.total), None, not_cached)
                }
                Err(e) => (None, Some(e.to_string()), Vec::new()),
            };
            cells.push(Cell {
                model: m.id.clone(),
                mode,
                saving: total.map(|t| written.total - t),
                total,
                cheapest: false,
                error,
                converted: false,
                not_cached,
            });
        }
        let model_conversions = model_conversions.unwrap_or_default();
        if !model_conversions.is_empty() {
            for cell in &mut cells[first..] {
                cell.converted = cell.total.is_some();
            }
        }
        conversions.extend(model_conversions);
    }
    // The first cheapest cell on ties.
    let cheapest = cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.total.map(|t| (t, i)))
        .min();
    if let Some((_, i)) = cheapest {
        cells[i].cheapest = true;
    }
    Ok(Comparison {
        name: workload.name.clone(),
        period: workload.period,
        days: written.days,
        as_written: written.total,
        models: ids,
        cells,
        conversions,
    })
}

/// The counts of `estimate` (every task on `model`) given in another tokenizer and converted
/// (a count of 0 stays 0 and is left out).
fn converted(model: &str, estimate: &Estimate) -> Vec<Conversion> {
    let mut out = Vec::new();
    for row in &estimate.tasks {
        for m in &row.measured {
            if let MeasuredFrom::Converted {
                count,
                measured_on,
                from_tokenizer,
                factor,
            } = &m.from
                && !count.is_zero()
            {
                out.push(Conversion {
                    model: model.to_string(),
                    task: row.task.clone(),
                    role: m.role,
                    count: *count,
                    measured_on: measured_on.clone(),
                    from_tokenizer: from_tokenizer.clone(),
                    to_tokenizer: m.tokenizer.clone(),
                    factor: *factor,
                    tokens: m.tokens,
                });
            }
        }
    }
    out
}

/// The tasks of `estimate` whose prefix the cache cannot take.
fn uncached(estimate: &Estimate) -> Vec<NotCached> {
    estimate
        .tasks
        .iter()
        .filter_map(|row| match row.cache {
            CacheOutcome::BelowMinimum { minimum } => Some(NotCached {
                task: row.task.clone(),
                prefix_tokens: row.prefix_tokens,
                minimum,
            }),
            _ => None,
        })
        .collect()
}

/// The newest Haiku, Sonnet and Opus in the table: the default models to compare.
pub fn default_models(table: &PricingTable) -> Vec<String> {
    ["haiku", "sonnet", "opus"]
        .iter()
        .filter_map(|f| table.newest_of_family(f).map(|m| m.id.clone()))
        .collect()
}
