//! `usage`: repriced usage per period and group and class, what caching and batching saved,
//! and the rates used with their days.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Report;
use super::sheet::{Sheet, percent, usd_for, usd_range};
use crate::billing::Item;
use crate::money::{Exact, format_count, format_factor, format_rate, format_usd};
use crate::usage::reconcile::{Cause, Reconciliation};
use crate::usage::result::RateUsed;
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

const DIMENSIONS: [GroupBy; 9] = [
    GroupBy::Model,
    GroupBy::Workspace,
    GroupBy::ApiKey,
    GroupBy::Account,
    GroupBy::ServiceAccount,
    GroupBy::Tier,
    GroupBy::InferenceGeo,
    GroupBy::Speed,
    GroupBy::ContextWindow,
];

/// `input $5 × 0.1 cache read × 0.5 batch`.
fn how(r: &RateUsed) -> String {
    let mut text = format!("{} {}", r.base_price, format_rate(r.base_rate_usd));
    for f in &r.multipliers {
        text.push_str(&format!(" × {} {}", format_factor(f.value), f.name));
    }
    text
}

impl Report for UsageReport {
    type Row<'a> = UsageRecord<'a>;

    fn sheets(&self) -> Vec<Sheet> {
        let usd = usd_for(self.totals.total_usd);
        let items: Vec<Item> = self.classes.iter().map(|c| c.item).collect();
        let mut header = vec!["period".to_string()];
        header.extend(self.group.iter().map(|g| g.name().to_string()));
        let first_number = header.len();
        header.extend(items.iter().map(|i| i.label().to_string()));
        header.push("total".into());
        let cells = |classes: &[crate::usage::result::ClassCost], f: &dyn Fn(Decimal) -> String| {
            items
                .iter()
                .map(|i| {
                    classes
                        .iter()
                        .find(|c| c.item == *i)
                        .map_or_else(|| "-".to_string(), |c| f(c.cost))
                })
                .collect::<Vec<_>>()
        };
        let mut rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                let mut row = vec![r.period.clone()];
                row.extend(r.group.iter().cloned());
                row.extend(cells(&r.classes, &usd));
                row.push(match r.totals.total_range {
                    Some(range) => usd_range(range, self.totals.total_usd),
                    None => usd(r.totals.total_usd),
                });
                row
            })
            .collect();
        let pad = || vec![String::new(); self.group.len()];
        let mut total = vec!["total".to_string()];
        total.extend(pad());
        total.extend(cells(&self.classes, &usd));
        total.push(match self.totals.total_range {
            Some(range) => usd_range(range, self.totals.total_usd),
            None => usd(self.totals.total_usd),
        });
        rows.push(total);
        let mut shares = vec!["share".to_string()];
        shares.extend(pad());
        shares.extend(
            self.classes
                .iter()
                .map(|c| c.share.map_or_else(|| "-".into(), percent)),
        );
        shares.push(if self.totals.total_usd.is_zero() {
            "-".into()
        } else {
            "100%".into()
        });
        rows.push(shares);

        let quantities = self
            .classes
            .iter()
            .map(|c| {
                format!(
                    "{} {}",
                    format_count(c.quantity),
                    if c.item.is_tokens() {
                        format!("{} tokens", c.item.label())
                    } else {
                        "web searches".to_string()
                    }
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let notes = vec![
            format!("usage: {quantities}"),
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
        let cost = Sheet {
            title: vec![format!(
                "Usage repriced: {} record{} from {} file{}, {span}, USD",
                format_count(Decimal::from(self.records)),
                if self.records == 1 { "" } else { "s" },
                self.files.len(),
                if self.files.len() == 1 { "" } else { "s" },
            )],
            right_aligned: (first_number..header.len()).collect(),
            header,
            rows,
            notes,
            drop_first: Vec::new(),
        };

        let rate_rows = self
            .rates
            .iter()
            .map(|r| {
                vec![
                    r.dims.model.clone(),
                    r.dims.service_tier.name().to_string(),
                    r.dims.speed.to_string(),
                    r.dims.inference_geo.to_string(),
                    r.dims.context_window.unwrap_or("-").to_string(),
                    r.item.label().to_string(),
                    if r.from == r.until {
                        r.from.to_string()
                    } else {
                        format!("{} to {}", r.from, r.until)
                    },
                    how(r),
                    format_rate(r.rate_usd),
                ]
            })
            .collect();
        let rates = Sheet {
            title: vec![
                "Rates used (USD per MTok; per 1,000 searches for web search), by the days of \
                 usage they priced:"
                    .into(),
            ],
            header: super::sheet::columns(
                "model|tier|speed|geo|context|class|days|how the rate is made|rate",
            ),
            rows: rate_rows,
            right_aligned: vec![8],
            notes: Vec::new(),
            drop_first: vec![3, 2, 4],
        };
        let mut sheets = vec![cost, rates];
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
            let [
                model,
                workspace,
                api_key,
                account,
                service_account,
                tier,
                geo,
                speed,
                window,
            ] = DIMENSIONS.map(value);
            for c in &r.classes {
                out.push(UsageRecord {
                    period: &r.period,
                    model,
                    workspace,
                    api_key,
                    account,
                    service_account,
                    tier,
                    inference_geo: geo,
                    speed,
                    context_window: window,
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
    let mut header = vec!["model".to_string()];
    header.extend(r.group.iter().map(|g| g.name().to_string()));
    let first_number = header.len();
    header.extend(super::sheet::columns(
        "standard tier|through the Batch API|saving|busiest hours (UTC)",
    ));
    let rows = r
        .batch_opportunity
        .iter()
        .map(|o| {
            let mut row = vec![o.model.clone()];
            row.extend(o.group.iter().cloned());
            row.push(usd(o.standard_usd));
            row.push(usd(o.batched_usd));
            row.push(usd(o.saving_usd));
            row.push(o.hours.as_deref().map_or_else(|| "-".into(), busiest));
            row
        })
        .collect();
    Sheet {
        title: vec![
            "Batch opportunity: standard-tier usage at Batch API rates (for traffic that can \
             wait up to 24 hours), USD:"
                .into(),
        ],
        right_aligned: (first_number..first_number + 3).collect(),
        header,
        rows,
        notes: vec![
            "busiest hours: the share of standard-tier tokens by UTC hour, from records of an \
             hour or less (`-` for daily buckets)"
                .into(),
        ],
        drop_first: Vec::new(),
    }
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
    let usd = usd_for(r.billed_usd.max(r.repriced_usd));
    let signed = |d: Decimal| {
        if d > Decimal::ZERO {
            format!("+{}", usd(d))
        } else {
            usd(d)
        }
    };
    let mut rows: Vec<Vec<String>> = r
        .lines
        .iter()
        .filter(|l| l.flagged)
        .map(|l| {
            vec![
                l.date.to_string(),
                l.model.clone().unwrap_or_default(),
                l.class.map(|c| c.label().to_string()).unwrap_or_default(),
                usd(l.billed_usd),
                usd(l.repriced_usd),
                signed(l.difference_usd),
                l.cause.map(cause).unwrap_or_default().to_string(),
            ]
        })
        .collect();
    rows.push(vec![
        "total".into(),
        String::new(),
        String::new(),
        usd(r.billed_usd),
        usd(r.repriced_usd),
        signed(r.difference_usd),
        String::new(),
    ]);
    let mut notes = vec![format!(
        "{} of {} lines (per {}) differ by over $0.01 and 0.5% of the bill{}",
        r.flagged,
        r.lines.len(),
        r.per.join(", "),
        if r.flagged == 0 {
            ": the bill matches the repricing".to_string()
        } else {
            "; only those are listed".to_string()
        }
    )];
    if !r.priority_usd.is_zero() {
        notes.push(format!(
            "Priority Tier usage repriced at {} is left out: the cost report does not carry it",
            format_usd(r.priority_usd)
        ));
    }
    Sheet {
        title: vec!["Reconciliation with the cost report, USD:".into()],
        header: super::sheet::columns("day|model|class|billed|repriced|difference|likely cause"),
        rows,
        right_aligned: vec![3, 4, 5],
        notes,
        drop_first: vec![6],
    }
}
