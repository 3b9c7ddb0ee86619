//! `usage`: repriced usage per period and group and class, what caching and batching saved,
//! and the rates used with their days.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Report;
use super::sheet::{
    Sheet, cells, count_of, dash, percent, quantity_name, rate_made, share_cells, signed, usd_for,
    usd_range,
};
use crate::billing::Item;
use crate::money::{Exact, format_count, format_rate, format_usd};
use crate::usage::reconcile::{Amounts, Cause, Reconciliation};
use crate::usage::result::{ClassCost, RateUsed, Totals};
use crate::usage::{GroupBy, UsageReport};

/// A CSV record: one class of one period and group. Every dimension has its column, empty
/// where the rows are not grouped by it, so the columns never depend on the flags.
#[derive(Serialize)]
pub struct UsageRecord<'a> {
    period: &'a str,
    model: &'a str,
    workspace: &'a str,
    api_key: &'a str,
    account: &'a str,
    service_account: &'a str,
    tier: &'a str,
    inference_geo: &'a str,
    speed: &'a str,
    context_window: &'a str,
    class: &'static str,
    quantity: Exact,
    cost_usd: Exact,
}

/// `input $5 × 0.1 cache read × 0.5 batch`.
fn how(r: &RateUsed) -> String {
    let factors = r.multipliers.iter().map(|f| (f.value, f.name));
    rate_made(&r.base_price, r.base_rate_usd, factors)
}

/// A sheet whose first column is `first`, then one per dimension the rows are grouped by.
pub(super) fn grouped(title: impl Into<String>, first: &str, r: &UsageReport) -> Sheet {
    Sheet::new(title, first).cols_from(r.group.iter().map(|g| g.name()), false)
}

impl Report for UsageReport {
    type Row<'a> = UsageRecord<'a>;

    fn sheets(&self) -> Vec<Sheet> {
        let usd = usd_for(self.totals.total_usd);
        let items: Vec<Item> = self.classes.iter().map(|c| c.item).collect();
        let costs = |label: &str, group: &[String], classes: &[ClassCost], totals: &Totals| {
            let mut row = cells![label];
            row.extend(group.iter().cloned());
            row.extend(items.iter().map(|i| {
                let class = classes.iter().find(|c| c.item == *i);
                dash(class, |c| usd(c.cost))
            }));
            row.push(match totals.total_range {
                Some(range) => usd_range(range, self.totals.total_usd),
                None => usd(totals.total_usd),
            });
            row
        };
        let rows = self
            .rows
            .iter()
            .map(|r| costs(&r.period, &r.group, &r.classes, &r.totals));
        let pad = vec![String::new(); self.group.len()];
        let total = costs("total", &pad, &self.classes, &self.totals);
        let mut shares = cells!["share"];
        shares.extend(pad.iter().cloned());
        let class_shares = self.classes.iter().map(|c| c.share);
        shares.extend(share_cells(class_shares, self.totals.total_usd));

        let quantities = self.classes.iter().map(|c| {
            let what = quantity_name(c.item.label(), c.item.is_tokens());
            format!("{} {what}", format_count(c.quantity))
        });
        let notes = [
            format!("usage: {}", quantities.collect::<Vec<_>>().join(", ")),
            format!(
                "at list price (uncached, real-time) the same tokens cost {}; caching saved {}, \
                 the Batch API saved {}",
                format_usd(self.totals.list_usd),
                format_usd(self.totals.cache_saving_usd),
                format_usd(self.totals.batch_saving_usd)
            ),
        ];
        let span = match (self.first_day, self.last_day) {
            (Some(a), Some(b)) if a == b => format!("{a}"),
            (Some(a), Some(b)) => format!("{a} to {b}"),
            _ => "no usage".to_string(),
        };
        let title = format!(
            "Usage repriced: {} from {}, {span}, USD",
            count_of(self.records, "record"),
            count_of(self.files.len() as u64, "file"),
        );
        let cost = grouped(title, "period", self)
            .cols_from(items.iter().map(|i| i.label()), true)
            .col("total", true)
            .rows(rows)
            .rows([total, shares])
            .notes(notes);

        let rate_rows = self.rates.iter().map(|r| {
            cells![
                &r.dims.model,
                r.dims.service_tier.name(),
                r.dims.speed.to_string(),
                r.dims.inference_geo.to_string(),
                r.dims.context_window.unwrap_or("-"),
                r.item.label(),
                if r.from == r.until {
                    r.from.to_string()
                } else {
                    format!("{} to {}", r.from, r.until)
                },
                how(r),
                format_rate(r.rate_usd),
            ]
        });
        let rates = Sheet::new(
            "Rates used (USD per MTok; per 1,000 searches for web search), by the days of usage \
             they priced:",
            "model|tier|speed|geo|context|class|days|how the rate is made|>rate",
        );
        let mut sheets = vec![cost, rates.rows(rate_rows).droppable(&[3, 2, 4])];
        if !self.batch_opportunity.is_empty() {
            sheets.push(opportunity(self));
        }
        if !self.cache.is_empty() {
            sheets.push(super::usage_cache::sheet(self));
        }
        sheets.extend(self.reconciliation.as_ref().map(reconciliation));
        sheets
    }

    fn rows(&self) -> Vec<UsageRecord<'_>> {
        let mut out = Vec::new();
        for r in &self.rows {
            let value = |d: GroupBy| {
                self.group
                    .iter()
                    .position(|g| *g == d)
                    .map_or("", |i| r.group[i].as_str())
            };
            for c in &r.classes {
                out.push(UsageRecord {
                    period: &r.period,
                    model: value(GroupBy::Model),
                    workspace: value(GroupBy::Workspace),
                    api_key: value(GroupBy::ApiKey),
                    account: value(GroupBy::Account),
                    service_account: value(GroupBy::ServiceAccount),
                    tier: value(GroupBy::Tier),
                    inference_geo: value(GroupBy::InferenceGeo),
                    speed: value(GroupBy::Speed),
                    context_window: value(GroupBy::ContextWindow),
                    class: c.item.key(),
                    quantity: Exact(c.quantity),
                    cost_usd: Exact(c.cost),
                });
            }
        }
        out
    }
}

/// The three busiest UTC hours of standard-tier tokens: `12:00 60%, 13:00 30%, 9:00 10%`.
fn busiest(hours: &[Decimal]) -> String {
    let all: Decimal = hours.iter().copied().fold(Decimal::ZERO, |a, b| {
        a.checked_add(b).unwrap_or(Decimal::MAX)
    });
    if all.is_zero() {
        return "-".into();
    }
    let mut ranked: Vec<(usize, Decimal)> = hours.iter().copied().enumerate().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
        .iter()
        .take(3)
        .filter(|(_, t)| !t.is_zero())
        .map(|(h, t)| format!("{h}:00 {}", percent(*t / all)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Standard-tier spend per model and group, what the Batch API would charge, and when it ran.
fn opportunity(r: &UsageReport) -> Sheet {
    let usd = usd_for(r.totals.total_usd);
    let rows = r.batch_opportunity.iter().map(|o| {
        let mut row = cells![&o.model];
        row.extend(o.group.iter().cloned());
        row.extend([usd(o.standard_usd), usd(o.batched_usd), usd(o.saving_usd)]);
        row.push(dash(o.hours.as_deref(), busiest));
        row
    });
    let title = "Batch opportunity: standard-tier usage at Batch API rates (for traffic that can \
                 wait up to 24 hours), USD:";
    grouped(title, "model", r)
        .cols(">standard tier|>through the Batch API|>saving|busiest hours (UTC)")
        .rows(rows)
        .notes([
            "busiest hours: the share of standard-tier tokens by UTC hour, from records of an \
             hour or less (`-` for daily buckets)",
        ])
}

/// Why a line may differ, in words.
fn cause(c: Cause) -> &'static str {
    match c {
        Cause::NotInUsage => {
            "a charge the usage report does not carry (code execution, Managed Agents runtime)"
        }
        Cause::NotBilled => "usage with no billed line: a credit, or a page of the bill missing",
        Cause::BilledMore => {
            "billed more: a price the table lacks or has too low, or usage missing from the \
             usage export"
        }
        Cause::BilledLess => "billed less: a discount or credit, or a price the table has too high",
    }
}

/// The bill beside the repricing: every flagged line with its likely cause, then the totals.
fn reconciliation(r: &Reconciliation) -> Sheet {
    let usd = usd_for(r.amounts.billed_usd.max(r.amounts.repriced_usd));
    let row = |what: [String; 3], amounts: &Amounts, cause: &str| {
        let [day, model, class] = what;
        cells![
            day,
            model,
            class,
            usd(amounts.billed_usd),
            usd(amounts.repriced_usd),
            signed(amounts.difference_usd, &usd),
            cause,
        ]
    };
    let rows = r.lines.iter().filter(|l| l.flagged).map(|l| {
        let what = [
            l.date.to_string(),
            l.model.clone().unwrap_or_default(),
            l.class.map(|c| c.label()).unwrap_or_default().to_string(),
        ];
        row(what, &l.amounts, l.cause.map(cause).unwrap_or_default())
    });
    let total = row(
        ["total".into(), String::new(), String::new()],
        &r.amounts,
        "",
    );
    let mut notes = vec![format!(
        "{} of {} lines (per {}) differ by over $0.01 and 0.5% of the bill{}",
        r.flagged,
        r.lines.len(),
        r.per.join(", "),
        if r.flagged == 0 {
            ": the bill matches the repricing"
        } else {
            "; only those are listed"
        }
    )];
    if !r.priority_usd.is_zero() {
        notes.push(format!(
            "Priority Tier usage repriced at {} is left out: the cost report does not carry it",
            format_usd(r.priority_usd)
        ));
    }
    Sheet::new(
        "Reconciliation with the cost report, USD:",
        "day|model|class|>billed|>repriced|>difference|likely cause",
    )
    .rows(rows)
    .rows([total])
    .notes(notes)
    .droppable(&[6])
}
