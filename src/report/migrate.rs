//! `migrate`: per row and in total, before and after side by side; by class with the average
//! rate paid; and what changes besides the money.

use rust_decimal::Decimal;

use super::Report;
use super::estimate::{hit_rate_cell, measured_text, row_label};
use super::sheet::{Sheet, cells, change, dash, days, percent, signed, usd_for};
use super::warning::Who;
use crate::billing::Ttl;
use crate::money::{format_count, format_rate, format_usd};
use crate::warning::BelowCacheMinimum;
use crate::workload::Migration;
use crate::workload::migrate::{MigrationNote, RowChange};
use crate::workload::setting_change::SettingChange;

/// Every changed setting in one line, `before → after`: `changes (every task): model
/// claude-haiku-4-5 → claude-sonnet-4-6; batch share 0% → 50%; cache TTL 5m → 1h`.
fn changes_line(m: &Migration) -> Option<String> {
    fn from_to<T>(from: &[T], to: &T, name: impl Fn(&T) -> String) -> String {
        let before: Vec<String> = from.iter().map(&name).collect();
        format!("{} → {}", before.join(" / "), name(to))
    }
    let ttl = |t: &Option<Ttl>| t.map_or_else(|| "no cache".to_string(), |t| t.name().to_string());
    let parts: Vec<String> = m
        .changes
        .iter()
        .map(|c| match c {
            SettingChange::Model { from, to } => {
                format!("model {}", from_to(from, to, String::clone))
            }
            SettingChange::BatchShare { from, to } => {
                format!("batch share {}", from_to(from, to, |s| percent(*s)))
            }
            SettingChange::CacheTtl { from, to } => format!("cache TTL {}", from_to(from, to, ttl)),
            SettingChange::Speed { from, to } => {
                format!("speed {}", from_to(from, to, |s| s.name().to_string()))
            }
            SettingChange::InferenceGeo { from, to } => {
                format!(
                    "inference geo {}",
                    from_to(from, to, |g| g.name().to_string())
                )
            }
        })
        .collect();
    (!parts.is_empty()).then(|| {
        format!(
            "changes ({}): {}",
            m.changed_task
                .as_ref()
                .map_or_else(|| "every task".to_string(), |t| format!("task `{t}`")),
            parts.join("; ")
        )
    })
}

impl std::fmt::Display for MigrationNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&note_text(self))
    }
}

/// The words of a migration note.
fn note_text(n: &MigrationNote) -> String {
    let count = |d: Decimal| format_count(d);
    match n {
        MigrationNote::ColdCache {
            row,
            model,
            cost_usd,
        } => format!(
            "{}: the cache starts cold on {model}: re-writing the prefixes once costs {} more on \
             the first day",
            Who(row),
            format_usd(*cost_usd)
        ),
        MigrationNote::LeavesCache(BelowCacheMinimum {
            row,
            model,
            prefix_tokens,
            minimum,
        }) => format!(
            "{}: the {}-token prefix falls below {model}'s cache minimum of {} tokens: it is no \
             longer cached",
            Who(row),
            count(*prefix_tokens),
            count(Decimal::from(*minimum))
        ),
        MigrationNote::EntersCache {
            row,
            model,
            prefix_tokens,
        } => format!(
            "{}: the {}-token prefix now meets {model}'s cache minimum: it is cached",
            Who(row),
            count(*prefix_tokens)
        ),
        MigrationNote::EntersTier { row, model, above } => format!(
            "{}: its prompts enter {model}'s prompt-length tier above {} tokens, which prices \
             the whole request",
            Who(row),
            count(Decimal::from(*above))
        ),
        MigrationNote::LeavesTier { row, above } => format!(
            "{}: its prompts leave the prompt-length tier above {} tokens",
            Who(row),
            count(Decimal::from(*above))
        ),
        MigrationNote::TokensRecounted {
            row,
            role,
            tokenizer_before,
            before,
            tokenizer_after,
            after,
            ratio,
        } => format!(
            "{}: {} recounted from its files: {} per request on {tokenizer_before}, {} on \
             {tokenizer_after}{}",
            Who(row),
            super::estimate::role(*role),
            count(*before),
            count(*after),
            ratio
                .map(|r| format!(" (×{} on your text)", super::sheet::ratio(r)))
                .unwrap_or_default()
        ),
        MigrationNote::ToolOverhead { row, before, after } => format!(
            "{}: the tool-use system prompt changes from {} to {} tokens",
            Who(row),
            count(*before),
            count(*after)
        ),
    }
}

impl Report for Migration {
    type Row<'a> = RowChange;

    fn sheets(&self) -> Vec<Sheet> {
        let m = self;
        let usd = usd_for(m.before.total.max(m.after.total));
        let signed = |amount| signed(amount, &usd);
        let tasks = m
            .tasks
            .iter()
            .zip(m.before.tasks.iter().zip(&m.after.tasks));
        // A task's row and the total row, after their first three cells.
        let costs = |mut row: Vec<String>, before, after, delta, share| {
            row.extend([usd(before), usd(after), signed(delta), change(share, after)]);
            row
        };
        let rows = tasks.map(|(c, (b, a))| {
            let model = if c.model_before == c.model_after {
                c.model_after.clone()
            } else {
                format!("{} → {}", c.model_before, c.model_after)
            };
            let hit_rate = format!("{} → {}", hit_rate_cell(b), hit_rate_cell(a));
            let what = cells![row_label(a), model, hit_rate];
            costs(what, c.before, c.after, c.change, c.change_share)
        });
        let (before, after) = (m.before.total, m.after.total);
        let total = costs(
            cells!["total", "", ""],
            before,
            after,
            m.delta.total,
            m.delta.share,
        );
        let mut notes = Vec::new();
        if let Some(range) = m.delta.range {
            notes.push(format!(
                "change {} (range {} to {} over the tokenizer factors)",
                signed(m.delta.total),
                signed(range.low),
                signed(range.high)
            ));
        }
        if !m.delta.first_day_cache.is_zero() {
            notes.push(format!(
                "one-off: {} on the first day to re-write the cached prefixes on the new model",
                usd(m.delta.first_day_cache)
            ));
        }
        notes.extend(m.notes.iter().map(note_text));
        for a in &m.after.tasks {
            let measured = a.measured.iter();
            notes.extend(measured.map(|x| format!("{}: {}", a.task, measured_text(x))));
        }
        if let (Some(budget), Some(headroom)) = (m.after.budget, m.after.headroom) {
            let verdict = if m.after.over_budget {
                format!("OVER by {}", format_usd(-headroom))
            } else {
                format!("{} under", format_usd(headroom))
            };
            notes.push(format!(
                "budget {}: {verdict} after the change",
                format_usd(budget)
            ));
        }
        let (period, days) = (m.after.period.name(), days(m.after.days));
        let title = format!("{}: migration over a {period} ({days}), USD", m.after.name);
        let mut cost = Sheet::new(title, "task|model|hit rate|>before|>after|>change|>%");
        cost.title.extend(changes_line(m));
        let cost = cost.rows(rows).rows([total]).notes(notes).droppable(&[2]);
        let rate = |r: Option<Decimal>| dash(r, |r| format_rate(r.round_dp(4)));
        let class_rows = m.classes.iter().map(|c| {
            cells![
                c.class.label(),
                format_count(c.before.quantity.round()),
                format_count(c.after.quantity.round()),
                change(c.quantity_change_share, c.after.quantity),
                rate(c.average_rate_before),
                rate(c.average_rate_after),
                usd(c.before.cost),
                usd(c.after.cost),
            ]
        });
        let classes = Sheet::new(
            format!("By class over the {period}:"),
            "class|>tokens before|>tokens after|>tokens|>avg rate before|>avg rate after|\
             >cost before|>cost after",
        )
        .rows(class_rows)
        .notes([
            "avg rate: the class's cost ÷ its tokens, per MTok (per 1K searches for web search)",
        ]);
        vec![cost, classes]
    }

    fn rows(&self) -> Vec<RowChange> {
        let mut rows = self.tasks.clone();
        // The total record: no model or hit rate of its own.
        rows.push(RowChange {
            task: "total".into(),
            before: self.before.total,
            after: self.after.total,
            change: self.delta.total,
            change_share: self.delta.share,
            ..RowChange::default()
        });
        rows
    }
}
