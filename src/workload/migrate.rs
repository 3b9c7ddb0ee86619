//! `migrate`: the bill before and after a change (model, batch share, cache TTL, speed,
//! inference geo), applied to every task or to one. Both sides are [`estimate`]s (the after side
//! of an edited copy of the workload), so every rule and tokenizer conversion applies to each.
//!
//! On top of the two estimates the migration reports what a user must know before switching:
//! the delta with its tokenizer range (each side at the same factor pick), the change per row
//! and per class (with the average rate paid), the one-off cost of re-writing cached prefixes
//! on a new model (the cache starts cold), prefixes that cross the new model's cache minimum,
//! prompt-length tiers entered or left, and tool-use overhead changes.

use rust_decimal::Decimal;
use serde::Serialize;

use super::edit::{Changes, apply};
use super::estimate::{
    CacheOutcome, Class, ClassTotal, Estimate, TaskEstimate, estimate, estimate_with,
};
use super::schema::Workload;
use super::setting_change::{SettingChange, setting_changes};
use crate::billing::{self, Item};
use crate::error::Result;
use crate::money::Exact;
use crate::pricing::PricingTable;
use crate::range::{Pick, Range};
use crate::warning::{BelowCacheMinimum, Row};

/// The migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Migration {
    /// The one task changed (`None`: every task).
    pub changed_task: Option<String>,
    /// Each setting changed, with its values before.
    pub changes: Vec<SettingChange>,
    /// The workload as written.
    pub before: Estimate,
    /// The workload with the changes.
    pub after: Estimate,
    /// The change in total.
    pub delta: Delta,
    /// Row by row: before, after and the change.
    pub tasks: Vec<RowChange>,
    /// Class by class, with the average rate paid on each side.
    pub classes: Vec<ClassChange>,
    /// What changes besides the money (cache minimum crossings, tiers, tool overhead…).
    #[serde(serialize_with = "crate::report::warning::serialize")]
    pub notes: Vec<MigrationNote>,
}

/// The change in total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delta {
    /// `after − before`, exact.
    #[serde(rename = "total_usd", with = "crate::money::exact")]
    pub total: Decimal,
    /// The change as a share of the before total (a fraction, like every other share; `None`
    /// when the before total is zero).
    #[serde(with = "crate::money::exact_opt")]
    pub share: Option<Decimal>,
    /// The delta at the low and high tokenizer factors (each side at the same pick), when the
    /// counts are uncertain; `typical` is [`Delta::total`].
    pub range: Option<Range>,
    /// One-off cost of writing the cached prefixes again on a new model.
    #[serde(rename = "first_day_cache_usd", with = "crate::money::exact")]
    pub first_day_cache: Decimal,
}

/// One row before and after.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RowChange {
    /// The task.
    pub task: String,
    /// For an escalation row, its share.
    #[serde(with = "crate::money::exact_opt")]
    pub escalation_share: Option<Decimal>,
    /// The model before.
    pub model_before: String,
    /// The model after.
    pub model_after: String,
    /// The hit rate before (`None`: not cached).
    #[serde(with = "crate::money::exact_opt")]
    pub hit_rate_before: Option<Decimal>,
    /// The hit rate after.
    #[serde(with = "crate::money::exact_opt")]
    pub hit_rate_after: Option<Decimal>,
    /// Cost before.
    #[serde(rename = "cost_before_usd", with = "crate::money::exact")]
    pub before: Decimal,
    /// Cost after.
    #[serde(rename = "cost_after_usd", with = "crate::money::exact")]
    pub after: Decimal,
    /// `after − before`.
    #[serde(rename = "change_usd", with = "crate::money::exact")]
    pub change: Decimal,
    /// The change as a share of the cost before (`None` when that is zero).
    #[serde(with = "crate::money::exact_opt")]
    pub change_share: Option<Decimal>,
}

/// One class before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassChange {
    /// The class.
    pub class: Class,
    /// Its tokens (searches) and cost before.
    pub before: ClassTotal,
    /// And after.
    pub after: ClassTotal,
    /// The change in quantity as a share of the quantity before (`None` when that is zero).
    pub quantity_change_share: Option<Decimal>,
    /// The average rate paid before: cost ÷ quantity, per MTok (per 1,000 searches).
    pub average_rate_before: Option<Decimal>,
    /// And after.
    pub average_rate_after: Option<Decimal>,
}

impl Serialize for ClassChange {
    /// Average rates are per `rate_per` (`MTok`, or `1K searches` for web search).
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("ClassChange", 9)?;
        st.serialize_field("class", self.class.key())?;
        st.serialize_field("quantity_before", &Exact(self.before.quantity))?;
        st.serialize_field("quantity_after", &Exact(self.after.quantity))?;
        st.serialize_field(
            "quantity_change_share",
            &self.quantity_change_share.map(Exact),
        )?;
        st.serialize_field("cost_before_usd", &Exact(self.before.cost))?;
        st.serialize_field("cost_after_usd", &Exact(self.after.cost))?;
        st.serialize_field(
            "average_rate_before_usd",
            &self.average_rate_before.map(Exact),
        )?;
        st.serialize_field(
            "average_rate_after_usd",
            &self.average_rate_after.map(Exact),
        )?;
        st.serialize_field(
            "rate_per",
            if self.class.is_searches() {
                "1K searches"
            } else {
                "MTok"
            },
        )?;
        st.end()
    }
}

/// What a migration changes besides the money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MigrationNote {
    /// The cache starts cold on the new model: the prefixes are written once more.
    ColdCache {
        /// The row.
        #[serde(flatten)]
        row: Row,
        /// The new model.
        model: String,
        /// The one-off cost.
        #[serde(with = "crate::money::exact")]
        cost_usd: Decimal,
    },
    /// The prefix falls below the new model's cache minimum.
    LeavesCache(BelowCacheMinimum),
    /// The prefix now meets the new model's cache minimum.
    EntersCache {
        /// The row.
        #[serde(flatten)]
        row: Row,
        /// The new model.
        model: String,
        /// Prefix tokens per request.
        #[serde(with = "crate::money::exact")]
        prefix_tokens: Decimal,
    },
    /// The prompts enter a prompt-length tier.
    EntersTier {
        /// The row.
        #[serde(flatten)]
        row: Row,
        /// The new model.
        model: String,
        /// The tier's threshold.
        above: u64,
    },
    /// The prompts leave a prompt-length tier.
    LeavesTier {
        /// The row.
        #[serde(flatten)]
        row: Row,
        /// The tier's threshold.
        above: u64,
    },
    /// Counts measured from the task's files change with the tokenizer: the inflation of a
    /// tokenizer change on the user's own text.
    TokensRecounted {
        /// The row.
        #[serde(flatten)]
        row: Row,
        /// Which count.
        role: crate::workload::estimate::TokenRole,
        /// The tokenizer before.
        tokenizer_before: String,
        /// Per-request tokens before.
        #[serde(with = "crate::money::exact")]
        before: Decimal,
        /// The tokenizer after.
        tokenizer_after: String,
        /// Per-request tokens after.
        #[serde(with = "crate::money::exact")]
        after: Decimal,
        /// `after ÷ before` (`None` when before is zero).
        #[serde(with = "crate::money::exact_opt")]
        ratio: Option<Decimal>,
    },
    /// The tool-use system prompt changes size.
    ToolOverhead {
        /// The row.
        #[serde(flatten)]
        row: Row,
        /// Tokens before.
        #[serde(with = "crate::money::exact")]
        before: Decimal,
        /// Tokens after.
        #[serde(with = "crate::money::exact")]
        after: Decimal,
    },
}

/// `(after − before) ÷ before`, `None` when `before` is zero.
fn change_share(before: Decimal, after: Decimal) -> Option<Decimal> {
    (after - before)
        .checked_div(before)
        .filter(|_| !before.is_zero())
}

/// Prices `workload` before and after `changes`.
pub fn migrate(table: &PricingTable, workload: &Workload, changes: &Changes) -> Result<Migration> {
    let edited = apply(workload, changes)?;
    let before = estimate(table, workload)?;
    let after = estimate(table, &edited)?;
    let total = after.total - before.total;
    let range = if before.total_range.is_some() || after.total_range.is_some() {
        let at = |w: &Workload, pick| estimate_with(table, w, false, pick).map(|e| e.total);
        let low = at(&edited, Pick::Low)? - at(workload, Pick::Low)?;
        let high = at(&edited, Pick::High)? - at(workload, Pick::High)?;
        Some(Range {
            typical: total,
            low: low.min(high),
            high: low.max(high),
        })
    } else {
        None
    };
    let mut notes = Vec::new();
    let mut first_day_cache = Decimal::ZERO;
    let mut tasks = Vec::new();
    for (b, a) in before.tasks.iter().zip(&after.tasks) {
        tasks.push(RowChange {
            task: a.task.clone(),
            escalation_share: a.escalation_share,
            model_before: b.model.clone(),
            model_after: a.model.clone(),
            hit_rate_before: b.cache.hit_rate(),
            hit_rate_after: a.cache.hit_rate(),
            before: b.total,
            after: a.total,
            change: a.total - b.total,
            change_share: change_share(b.total, a.total),
        });
        let row = || Row {
            task: a.task.clone(),
            escalation_to: a.escalation_share.map(|_| a.model.clone()),
        };
        let switched = b.model != a.model;
        if let Some(cost) = switched
            .then(|| cold_start_cost(table, workload, a))
            .transpose()?
            .flatten()
        {
            first_day_cache = crate::money::add(first_day_cache, cost, "the cold-cache cost")?;
            notes.push(MigrationNote::ColdCache {
                row: row(),
                model: a.model.clone(),
                cost_usd: cost,
            });
        }
        match (&b.cache, &a.cache) {
            (CacheOutcome::On { .. }, CacheOutcome::BelowMinimum { minimum }) => {
                notes.push(MigrationNote::LeavesCache(BelowCacheMinimum {
                    row: row(),
                    model: a.model.clone(),
                    prefix_tokens: a.prefix_tokens,
                    minimum: *minimum,
                }))
            }
            (CacheOutcome::BelowMinimum { .. }, CacheOutcome::On { .. }) => {
                notes.push(MigrationNote::EntersCache {
                    row: row(),
                    model: a.model.clone(),
                    prefix_tokens: a.prefix_tokens,
                })
            }
            _ => {}
        }
        let tier = |t: &TaskEstimate| t.parts.iter().find_map(|p| p.quote.tier_above);
        match (tier(b), tier(a)) {
            (None, Some(above)) => notes.push(MigrationNote::EntersTier {
                row: row(),
                model: a.model.clone(),
                above,
            }),
            (Some(above), None) => notes.push(MigrationNote::LeavesTier { row: row(), above }),
            _ => {}
        }
        for m in &a.measured {
            let from_files = |x: &crate::workload::estimate::Measured| {
                !matches!(
                    x.from,
                    crate::workload::estimate::MeasuredFrom::Converted { .. }
                )
            };
            let Some(was) = b
                .measured
                .iter()
                .find(|x| x.role == m.role && from_files(x))
            else {
                continue;
            };
            if from_files(m) && was.tokenizer != m.tokenizer {
                notes.push(MigrationNote::TokensRecounted {
                    row: row(),
                    role: m.role,
                    tokenizer_before: was.tokenizer.clone(),
                    before: was.tokens.typical,
                    tokenizer_after: m.tokenizer.clone(),
                    after: m.tokens.typical,
                    ratio: m
                        .tokens
                        .typical
                        .checked_div(was.tokens.typical)
                        .filter(|_| !was.tokens.typical.is_zero()),
                });
            }
        }
        if switched && b.tool_overhead != a.tool_overhead {
            notes.push(MigrationNote::ToolOverhead {
                row: row(),
                before: b.tool_overhead,
                after: a.tool_overhead,
            });
        }
    }
    let classes = before
        .classes
        .iter()
        .zip(after.classes.iter())
        .filter(|((_, b), (_, a))| !(b.quantity.is_zero() && a.quantity.is_zero()))
        .map(|((class, b), (_, a))| ClassChange {
            class,
            before: b,
            after: a,
            quantity_change_share: change_share(b.quantity, a.quantity),
            average_rate_before: b.average_rate(class),
            average_rate_after: a.average_rate(class),
        })
        .collect();
    let share = change_share(before.total, after.total);
    Ok(Migration {
        changed_task: changes.task.clone(),
        changes: setting_changes(table, workload, changes),
        delta: Delta {
            total,
            share,
            range,
            first_day_cache,
        },
        before,
        after,
        tasks,
        classes,
        notes,
    })
}

/// One write per prefix variant at the new model's write rate instead of a read: what a cold
/// cache costs once after the switch. `None` when the row is not cached, or its cache is cold
/// every morning already.
fn cold_start_cost(
    table: &PricingTable,
    workload: &Workload,
    row: &TaskEstimate,
) -> Result<Option<Decimal>> {
    let CacheOutcome::On { ttl, auto, .. } = row.cache else {
        return Ok(None);
    };
    // A cache that already goes cold every night is re-written each morning anyway.
    if auto.is_some_and(|a| a.cold_window_minutes.is_some()) {
        return Ok(None);
    }
    let Some(task) = workload.tasks.iter().find(|t| t.name == row.task) else {
        return Ok(None);
    };
    let variants = task
        .cache
        .as_ref()
        .map_or(Decimal::ONE, |c| Decimal::from(c.prefix_variants.0));
    let (model, _) = table.resolve(&row.model)?;
    let mode = task.mode(row.batch_share == Decimal::ONE);
    let per_mtok = billing::rate(table, model, ttl.write_item(), row.prefix_tokens, &mode)?
        - billing::rate(table, model, Item::CacheRead, row.prefix_tokens, &mode)?;
    Ok(Some(
        variants * row.prefix_tokens * per_mtok / Item::CacheRead.rate_unit(),
    ))
}
