//! The repriced usage set beside the bill (the cost report): per day, and per model and class
//! where the bill gives them; each difference over a cent and half a percent flagged, with its
//! likely cause.

use std::borrow::Cow;
use std::collections::BTreeMap;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;

use super::cost_report::{Billed, CostType};
use super::reprice::PricesOn;
use crate::billing::Item;
use crate::error::Result;
use crate::money::{add, sub};
use crate::pricing::PricingTable;

/// A difference below this many dollars is never flagged.
const CENT: Decimal = Decimal::from_parts(1, 0, 0, false, 2);
/// Nor one below this share of the billed amount.
const HALF_PERCENT: Decimal = Decimal::from_parts(5, 0, 0, false, 3);

/// Why a line differs, as far as the data shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// A charge the usage report does not carry (code execution, Managed Agents runtime).
    NotInUsage,
    /// Usage with no billed line (a credit, a missing page of the cost report).
    NotBilled,
    /// Billed more than repriced: a price the table lacks or has too low, or usage missing
    /// from the usage export.
    BilledMore,
    /// Billed less than repriced: a discount or credit, or a price the table has too high.
    BilledLess,
}

/// What the bill says, what burnrate reprices, and the difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Amounts {
    /// What the cost report bills.
    #[serde(with = "crate::money::exact")]
    pub billed_usd: Decimal,
    /// What burnrate reprices.
    #[serde(with = "crate::money::exact")]
    pub repriced_usd: Decimal,
    /// `billed − repriced`.
    #[serde(with = "crate::money::exact")]
    pub difference_usd: Decimal,
}

impl Amounts {
    fn new(billed_usd: Decimal, repriced_usd: Decimal, what: &str) -> Result<Self> {
        Ok(Amounts {
            billed_usd,
            repriced_usd,
            difference_usd: sub(billed_usd, repriced_usd, what)?,
        })
    }
}

/// One day (and model and class, where the bill gives them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// The UTC day.
    #[serde(serialize_with = "super::result::date")]
    pub date: Date,
    /// The model (canonical id where the table knows it), when compared per model.
    pub model: Option<String>,
    /// The class, when compared per class.
    #[serde(serialize_with = "opt_item")]
    pub class: Option<Item>,
    /// The bill and the repricing of the line.
    #[serde(flatten)]
    pub amounts: Amounts,
    /// Over a cent and over half a percent of the bill.
    pub flagged: bool,
    /// The likely cause of a flagged difference.
    pub cause: Option<Cause>,
}

fn opt_item<S: serde::Serializer>(item: &Option<Item>, s: S) -> Result<S::Ok, S::Error> {
    match item {
        Some(i) => s.serialize_str(i.key()),
        None => s.serialize_none(),
    }
}

/// The bill and the repricing side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reconciliation {
    /// What the lines are per: `day`, then `model` and `class` where the bill gives them.
    pub per: Vec<&'static str>,
    /// Every line, in order.
    pub lines: Vec<Line>,
    /// The totals (Priority Tier usage left out of the repriced one: the cost report does not
    /// carry it).
    #[serde(flatten)]
    pub amounts: Amounts,
    /// Repriced Priority Tier usage, left out of the comparison.
    #[serde(with = "crate::money::exact")]
    pub priority_usd: Decimal,
    /// Lines flagged.
    pub flagged: usize,
}

/// Repriced cost per day, model, class and whether it was Priority Tier.
pub(super) type Repriced = BTreeMap<(Date, String, Item, bool), Decimal>;

type Key = (Date, Option<String>, Option<Item>);

/// Compares `billed` with `repriced`, resolving the bill's model names in the table of their
/// day.
pub(super) fn reconcile(
    billed: &[Billed],
    repriced: &Repriced,
    prices: &dyn PricesOn,
) -> Result<Reconciliation> {
    let by_model = !billed.is_empty() && billed.iter().all(|b| b.model.is_some());
    let by_class = !billed.is_empty() && billed.iter().all(|b| b.item.is_some());
    let what = "the reconciliation";
    let mut sides: BTreeMap<Key, (Decimal, Decimal, bool)> = BTreeMap::new();
    let mut tables: BTreeMap<Date, Option<Cow<'_, PricingTable>>> = BTreeMap::new();
    for b in billed {
        let model = match (&b.model, by_model) {
            (Some(m), true) => {
                let table = tables
                    .entry(b.date)
                    .or_insert_with(|| prices.on(b.date).ok());
                // A name the table does not know stays as billed: its line shows unmatched.
                Some(
                    table
                        .as_ref()
                        .and_then(|t| t.resolve(m).ok().map(|(model, _)| model.id.clone()))
                        .unwrap_or_else(|| m.clone()),
                )
            }
            _ => None,
        };
        let key = (b.date, model, if by_class { b.item } else { None });
        let side = sides.entry(key).or_default();
        side.0 = add(side.0, b.usd, what)?;
        side.2 |= matches!(
            b.cost_type,
            Some(CostType::CodeExecution | CostType::SessionUsage)
        );
    }
    let mut priority = Decimal::ZERO;
    for ((date, model, item, is_priority), cost) in repriced {
        if *is_priority {
            priority = add(priority, *cost, what)?;
            continue;
        }
        let key = (
            *date,
            by_model.then(|| model.clone()),
            by_class.then_some(*item),
        );
        let side = sides.entry(key).or_default();
        side.1 = add(side.1, *cost, what)?;
    }
    let mut lines = Vec::with_capacity(sides.len());
    let (mut billed_usd, mut repriced_usd) = (Decimal::ZERO, Decimal::ZERO);
    for ((date, model, class), (bill, ours, other_charge)) in sides {
        billed_usd = add(billed_usd, bill, what)?;
        repriced_usd = add(repriced_usd, ours, what)?;
        let amounts = Amounts::new(bill, ours, what)?;
        let difference = amounts.difference_usd;
        let flagged = difference.abs() > CENT
            && (bill.is_zero() || difference.abs() > bill.abs() * HALF_PERCENT);
        let cause = flagged.then(|| {
            if other_charge {
                Cause::NotInUsage
            } else if bill.is_zero() {
                Cause::NotBilled
            } else if difference > Decimal::ZERO {
                Cause::BilledMore
            } else {
                Cause::BilledLess
            }
        });
        lines.push(Line {
            date,
            model,
            class,
            amounts,
            flagged,
            cause,
        });
    }
    let mut per = vec!["day"];
    if by_model {
        per.push("model");
    }
    if by_class {
        per.push("class");
    }
    Ok(Reconciliation {
        per,
        flagged: lines.iter().filter(|l| l.flagged).count(),
        lines,
        amounts: Amounts::new(billed_usd, repriced_usd, what)?,
        priority_usd: priority,
    })
}
