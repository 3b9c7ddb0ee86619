//! Workloads: a description of traffic (tasks with request rates, prompt sizes, caching, batch
//! share, escalation) turned into the bill for a period.
//!
//! - `schema.rs`: the YAML format;
//! - `load.rs`: reading and cross-field validation;
//! - `cache.rs`: the `hit_rate: auto` model;
//! - `estimate/`: pricing a workload;
//! - `edit.rs`: the edits the what-if commands price;
//! - `compare.rs`: the same traffic on other models and modes;
//! - `migrate.rs`: before and after a change;
//! - `setting_change.rs`: what a migration changed, setting by setting;
//! - `cache_advice.rs`: when caching pays and which TTL;
//! - `sweep.rs`: the cost over a range of one value;
//! - `starter.rs`: the commented starter workload `burnrate init` writes.

pub mod cache;
pub mod cache_advice;
pub mod compare;
pub mod edit;
pub mod estimate;
pub mod load;
pub mod migrate;
mod overflow;
pub mod schema;
pub mod setting_change;
pub mod starter;
pub mod sweep;

pub use compare::{Cell, CompareMode, Comparison, compare, default_models};
pub use edit::{CacheChange, Changes, EscalationChange};
pub use estimate::{
    AutoHitRate, CacheOutcome, Class, ClassTotal, Classes, Estimate, Part, TaskEstimate, estimate,
};
pub use estimate::{Estimates, sum_estimates};
pub use load::load;
pub use migrate::{Migration, migrate};
pub use schema::Workload;
