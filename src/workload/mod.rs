//! Workloads: a description of traffic (tasks with request rates, prompt sizes, caching, batch
//! share, escalation) turned into the bill for a period.
//!
//! - `schema.rs`: the YAML format;
//! - `load.rs`: reading and cross-field validation;
//! - `cache.rs`: the `hit_rate: auto` model;
//! - `estimate.rs`: pricing a workload;
//! - `compare.rs`: the same traffic on other models and modes.

pub mod cache;
pub mod cache_advice;
pub mod compare;
pub mod estimate;
pub mod load;
pub mod migrate;
pub mod schema;
pub mod sweep;

pub use compare::{Cell, CompareMode, Comparison, compare, default_models};
pub use estimate::{
    AutoHitRate, CacheOutcome, ClassTotal, Classes, Estimate, Part, TaskEstimate, estimate,
};
pub use load::load;
pub use migrate::{CacheChange, Changes, Migration, migrate};
pub use schema::Workload;
