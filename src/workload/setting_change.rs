//! What a migration changed, setting by setting, with the values the changed tasks had before,
//! so a report's header names every change (not only the model).

use rust_decimal::Decimal;
use serde::Serialize;

use super::edit::{CacheChange, Changes};
use super::schema::Workload;
use crate::billing::{InferenceGeo, Speed, Ttl};
use crate::pricing::PricingTable;

/// One changed setting: the distinct values the changed tasks had (in task order), and the
/// value they all have after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "setting", rename_all = "snake_case")]
pub enum SettingChange {
    /// The model (canonical ids).
    Model {
        /// Before.
        from: Vec<String>,
        /// After.
        to: String,
    },
    /// The share sent through the Batch API.
    BatchShare {
        /// Before.
        #[serde(with = "crate::money::exact_vec")]
        from: Vec<Decimal>,
        /// After.
        #[serde(with = "crate::money::exact")]
        to: Decimal,
    },
    /// The cache TTL; `None` is no caching.
    CacheTtl {
        /// Before.
        from: Vec<Option<Ttl>>,
        /// After.
        to: Option<Ttl>,
    },
    /// The speed.
    Speed {
        /// Before.
        from: Vec<Speed>,
        /// After.
        to: Speed,
    },
    /// Where inference runs.
    InferenceGeo {
        /// Before.
        from: Vec<InferenceGeo>,
        /// After.
        to: InferenceGeo,
    },
}

/// The settings `changes` sets on the tasks it applies to, each with their values before.
/// A cache edit that keeps the TTL (`On`, a hit rate: the what-ifs of `sweep` and `cache`) is
/// not a migration setting and is not listed.
pub fn setting_changes(
    table: &PricingTable,
    workload: &Workload,
    changes: &Changes,
) -> Vec<SettingChange> {
    let tasks: Vec<_> = workload
        .tasks
        .iter()
        .filter(|t| changes.task.as_ref().is_none_or(|n| n == &t.name))
        .collect();
    fn distinct<T: PartialEq>(values: impl Iterator<Item = T>) -> Vec<T> {
        let mut out = Vec::new();
        for v in values {
            if !out.contains(&v) {
                out.push(v);
            }
        }
        out
    }
    let mut out = Vec::new();
    if let Some(to) = &changes.to_model {
        let id = |m: &str| {
            table
                .resolve(m)
                .map_or_else(|_| m.to_string(), |(m, _)| m.id.clone())
        };
        out.push(SettingChange::Model {
            from: distinct(tasks.iter().map(|t| id(&t.model))),
            to: id(to),
        });
    }
    if let Some(to) = changes.batch_share {
        out.push(SettingChange::BatchShare {
            from: distinct(tasks.iter().map(|t| t.batch_share.0)),
            to,
        });
    }
    let ttl_to = match changes.cache {
        Some(CacheChange::Ttl(t)) => Some(Some(t)),
        Some(CacheChange::Off) => Some(None),
        Some(CacheChange::On | CacheChange::HitRate(_)) | None => None,
    };
    if let Some(to) = ttl_to {
        out.push(SettingChange::CacheTtl {
            from: distinct(tasks.iter().map(|t| t.cache.as_ref().map(|c| c.ttl))),
            to,
        });
    }
    if let Some(to) = changes.speed {
        out.push(SettingChange::Speed {
            from: distinct(tasks.iter().map(|t| t.speed)),
            to,
        });
    }
    if let Some(to) = changes.inference_geo {
        out.push(SettingChange::InferenceGeo {
            from: distinct(tasks.iter().map(|t| t.inference_geo)),
            to,
        });
    }
    out
}
