//! The one workload editor: `migrate`, `compare`, `sweep` and `cache` each price an edited copy
//! of the workload, and every edit they make is a [`Changes`] applied here.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::schema::{CacheSpec, ClassTokens, HitRateSpec, TokenSource, Variants, Workload};
use crate::billing::{InferenceGeo, Speed, Ttl};
use crate::error::{Error, Result};
use crate::quantity::{Count, Fraction};

/// The cache setting an edit applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheChange {
    /// Cache with this TTL (keeping the task's hit rate and variants, or `auto` and 1).
    Ttl(Ttl),
    /// Cache as the task says, or with [`default_cache`] where it does not cache.
    On,
    /// Cache with a given hit rate (keeping the task's TTL and variants, or the default's).
    HitRate(Decimal),
    /// No caching.
    Off,
}

impl FromStr for CacheChange {
    type Err = String;

    /// `5m`, `1h` or `none`, as `--cache-ttl` takes them.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "5m" => Ok(CacheChange::Ttl(Ttl::FiveMinutes)),
            "1h" => Ok(CacheChange::Ttl(Ttl::OneHour)),
            "none" => Ok(CacheChange::Off),
            other => Err(format!("expected `5m`, `1h` or `none`, found `{other}`")),
        }
    }
}

/// What to do with a task's escalation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EscalationChange {
    /// Remove it: the whole task runs on its (new) model.
    Drop,
}

/// The changes to apply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Only this task (by name); all tasks when `None`.
    pub task: Option<String>,
    /// Move to this model.
    pub to_model: Option<String>,
    /// New batch share.
    pub batch_share: Option<Decimal>,
    /// New cache setting.
    pub cache: Option<CacheChange>,
    /// New speed.
    pub speed: Option<Speed>,
    /// New inference geo.
    pub inference_geo: Option<InferenceGeo>,
    /// What happens to escalations.
    pub escalation: Option<EscalationChange>,
}

impl Changes {
    /// Whether the changes change nothing (only a task is named).
    pub fn is_empty(&self) -> bool {
        *self
            == Changes {
                task: self.task.clone(),
                ..Changes::default()
            }
    }
}

/// The cache a task gets where it has none: 5-minute TTL with an auto hit rate, one prefix.
pub fn default_cache() -> CacheSpec {
    CacheSpec {
        ttl: Ttl::FiveMinutes,
        hit_rate: HitRateSpec::Auto,
        prefix_variants: Variants(1),
    }
}

/// Applies `changes` to a copy of `workload`. A `task` the workload does not have is an error
/// listing the tasks it does have.
pub fn apply(workload: &Workload, changes: &Changes) -> Result<Workload> {
    let mut w = workload.clone();
    if let Some(name) = changes
        .task
        .as_ref()
        .filter(|n| !w.tasks.iter().any(|t| &t.name == *n))
    {
        return Err(Error::UnknownTask {
            name: name.clone(),
            known: w.tasks.iter().map(|t| t.name.clone()).collect(),
        });
    }
    for task in &mut w.tasks {
        if changes.task.as_ref().is_some_and(|n| n != &task.name) {
            continue;
        }
        if let Some(m) = &changes.to_model {
            task.model = m.clone();
        }
        if let Some(b) = changes.batch_share {
            task.batch_share = Fraction(b);
        }
        if task.class_tokens().is_some() {
            // Observed class tokens: a cache change moves tokens between classes.
            if let Some(change) = changes.cache {
                for classes in [&mut task.tokens_per_request, &mut task.tokens_per_day]
                    .into_iter()
                    .flatten()
                {
                    recache(classes, change);
                }
                if let Some((cached, input)) = task.class_tokens().map(|c| (c.cached(), c.input.0))
                {
                    task.tokens.system = TokenSource::Count(cached);
                    task.tokens.user = TokenSource::Count(input);
                }
            }
        }
        let own = task.cache.clone();
        match changes.cache.filter(|_| task.class_tokens().is_none()) {
            Some(CacheChange::Off) => task.cache = None,
            Some(CacheChange::On) => task.cache = Some(own.unwrap_or_else(default_cache)),
            Some(CacheChange::Ttl(ttl)) => {
                task.cache = Some(CacheSpec {
                    ttl,
                    ..own.unwrap_or_else(default_cache)
                });
            }
            Some(CacheChange::HitRate(h)) => {
                task.cache = Some(CacheSpec {
                    hit_rate: HitRateSpec::Fixed(Fraction(h)),
                    ..own.unwrap_or_else(default_cache)
                });
            }
            None => {}
        }
        if let Some(s) = changes.speed {
            task.speed = s;
        }
        if let Some(g) = changes.inference_geo {
            task.inference_geo = g;
        }
        match changes.escalation {
            Some(EscalationChange::Drop) => task.escalation = None,
            None => {}
        }
    }
    Ok(w)
}

/// A cache change on observed class tokens: `none` makes every cached token plain input; a TTL
/// moves every write to it; a hit rate splits the cached tokens into that share of reads and
/// the rest written (at the TTL most writes had); `on` keeps them.
fn recache(c: &mut ClassTokens, change: CacheChange) {
    let writes = c.cache_write_5m.0 + c.cache_write_1h.0;
    let one_hour = c.cache_write_1h.0 > c.cache_write_5m.0;
    let set_writes = |c: &mut ClassTokens, w: Decimal, one_hour: bool| {
        let (w5, w1) = if one_hour {
            (Decimal::ZERO, w)
        } else {
            (w, Decimal::ZERO)
        };
        c.cache_write_5m = Count(w5);
        c.cache_write_1h = Count(w1);
    };
    match change {
        CacheChange::On => {}
        CacheChange::Off => {
            c.input = Count(c.input.0 + c.cached());
            c.cache_read = Count(Decimal::ZERO);
            set_writes(c, Decimal::ZERO, false);
        }
        CacheChange::Ttl(ttl) => set_writes(c, writes, ttl == Ttl::OneHour),
        CacheChange::HitRate(h) => {
            let cached = c.cached();
            let reads = cached * h;
            c.cache_read = Count(reads);
            set_writes(c, cached - reads, one_hour);
        }
    }
}
