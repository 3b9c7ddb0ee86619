//! `compare`: the workload as written against the same traffic run entirely on each of several
//! models, each under four modes. Every cell is an [`estimate`](super::estimate) of an edited
//! copy of the workload, so a cell and an estimate of the same edit always agree.

use rust_decimal::Decimal;

use super::estimate::{FactorPick, estimate, estimate_with};
use super::schema::{CacheSpec, HitRateSpec, Ttl, Variants, Workload};
use crate::error::Result;
use crate::pricing::PricingTable;
use crate::quantity::Fraction;

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
            CompareMode::RealTime => "realtime",
            CompareMode::RealTimeCache => "realtime_cache",
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Canonical model id.
    pub model: String,
    /// The mode.
    pub mode: CompareMode,
    /// The period's total, or why this combination cannot be priced.
    pub total: std::result::Result<Decimal, String>,
}

/// The comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// The workload's name.
    pub name: String,
    /// The period (`month`) and its days.
    pub period: &'static str,
    /// Days in the period.
    pub days: Decimal,
    /// The workload as written.
    pub as_written: Decimal,
    /// Models × modes, row by row.
    pub cells: Vec<Cell>,
    /// Token-count conversions the cells applied (a model of another tokenizer family).
    pub notes: Vec<String>,
}

impl Comparison {
    /// The cheapest priced cell, if any (the first one on ties).
    pub fn cheapest(&self) -> Option<&Cell> {
        self.cells
            .iter()
            .filter_map(|c| c.total.as_ref().ok().map(|t| (t, c)))
            .min_by(|a, b| a.0.cmp(b.0))
            .map(|(_, c)| c)
    }
}

/// The cache a compare mode uses for a task: its own, or 5-minute TTL with an auto hit rate.
pub fn default_cache() -> CacheSpec {
    CacheSpec {
        ttl: Ttl::FiveMinutes,
        hit_rate: HitRateSpec::Auto,
        prefix_variants: Variants(1),
    }
}

/// The workload run entirely on `model` under `mode`: every task moved to the model, no
/// escalation (there is no stronger model to escalate to), batch share 0 or 1, cache off or on.
pub fn variant(workload: &Workload, model: &str, mode: CompareMode) -> Workload {
    let mut w = workload.clone();
    for task in &mut w.tasks {
        task.model = model.to_string();
        task.escalation = None;
        task.batch_share = Fraction(if mode.batch() {
            Decimal::ONE
        } else {
            Decimal::ZERO
        });
        task.cache = if mode.cache() {
            Some(task.cache.clone().unwrap_or_else(default_cache))
        } else {
            None
        };
    }
    w
}

/// Compares the workload as written with each of `models` (ids) under the four modes.
pub fn compare(table: &PricingTable, workload: &Workload, models: &[String]) -> Result<Comparison> {
    let written = estimate(table, workload)?;
    let mut cells = Vec::new();
    let mut notes = Vec::new();
    for model in models {
        let (m, _) = table.resolve(model)?;
        let mut measured: Vec<&str> = Vec::new();
        for task in &workload.tasks {
            let on = table
                .resolve(&task.tokens.measured_on)
                .ok()
                .map(|(on, _)| on);
            if let Some(on) = on.filter(|on| {
                on.tokenizer != m.tokenizer && !measured.contains(&on.tokenizer.as_str())
            }) {
                measured.push(&on.tokenizer);
            }
        }
        for from in measured {
            if let Some((typical, low, high)) = table.conversion(from, &m.tokenizer) {
                let f = crate::money::format_factor;
                notes.push(format!(
                    "{}: token counts measured on the {from} tokenizer are converted to {} at ×{} \
                     (range {}–{})",
                    m.id,
                    m.tokenizer,
                    f(typical),
                    f(low),
                    f(high)
                ));
            }
        }
        for mode in CompareMode::ALL {
            let total = estimate_with(
                table,
                &variant(workload, &m.id, mode),
                false,
                FactorPick::Typical,
            )
            .map(|e| e.total)
            .map_err(|e| e.to_string());
            cells.push(Cell {
                model: m.id.clone(),
                mode,
                total,
            });
        }
    }
    Ok(Comparison {
        name: workload.name.clone(),
        period: workload.period.name(),
        days: written.days,
        as_written: written.total,
        cells,
        notes,
    })
}

/// The newest Haiku, Sonnet and Opus in the table: the default models to compare.
pub fn default_models(table: &PricingTable) -> Vec<String> {
    ["haiku", "sonnet", "opus"]
        .iter()
        .filter_map(|f| table.newest_of_family(f).map(|m| m.id.clone()))
        .collect()
}
