//! Usage records repriced: duplicates and overlaps found, records summed per day, price and
//! group, each sum priced at the rates in force on its day, then gathered per period and group.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::cost_report::Billed;
use super::fold::{self, Folded, Key, Sum};
use super::reconcile::{Repriced, reconcile};
use super::record::{ContextWindow, Pricing, ServiceTier};
use super::result::{
    BatchOpportunity, Charge, ClassCost, GroupBy, Period, PriceDims, RateUsed, Totals, UsageReport,
    UsageRow,
};
use super::usage_report::Assumed;
use crate::billing::{self, DEFAULT_PLATFORM, Item, Line, Mode, Speed, Usage};
use crate::error::{Error, Result};
use crate::money::{add, sub};
use crate::pricing::{Model, PricingTable};
use crate::range::Range;
use crate::warning::Warning;

/// The pricing table in force on a day.
pub trait PricesOn {
    /// The table of `date`.
    fn on(&self, date: Date) -> Result<std::borrow::Cow<'_, PricingTable>>;
}

impl PricesOn for PricingTable {
    /// The table's dated facts resolved for `date` ([`PricingTable::as_of`]).
    fn on(&self, date: Date) -> Result<std::borrow::Cow<'_, PricingTable>> {
        Ok(std::borrow::Cow::Owned(self.as_of(date)?))
    }
}

/// What to do with records of a model the table does not know.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Unknown {
    /// Stop with an error naming the records.
    #[default]
    Error,
    /// Leave them out, and say how many.
    Skip,
}

/// How to gather the repriced usage.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Rows per day, week or month.
    pub by: Period,
    /// Rows per these dimensions too.
    pub group: Vec<GroupBy>,
    /// Records of unknown models.
    pub unknown: Unknown,
    /// Whether to list every charge at the finest grain ([`UsageReport::charges`]: one per
    /// day, price, group and class, which JSON, FOCUS and forecasts need and tables do not).
    pub charges: bool,
}

/// Reprices what [`super::load`] read.
///
/// With `billed` (a cost report's lines), the result also sets the bill beside the repricing.
pub fn reprice(
    prices: &dyn PricesOn,
    loaded: super::Loaded,
    options: &Options,
    billed: Option<&[Billed]>,
) -> Result<UsageReport> {
    let super::Loaded {
        files,
        folded,
        assumed,
        warnings: read_warnings,
        observed_until,
    } = loaded;
    let Folded {
        sums: bucket_sums,
        requests,
        hours: bucket_hours,
        read,
        duplicates,
    } = folded;
    let mut warnings: Vec<Warning> = assumed
        .iter()
        .map(|a| {
            let (dimension, assumed) = match a {
                Assumed::ServiceTier => ("service_tier", "standard"),
                Assumed::Speed => ("speed", "standard"),
                Assumed::InferenceGeo => ("inference_geo", "global"),
                Assumed::CacheTtl => ("cache_creation", "5m"),
            };
            Warning::UsageAssumed { dimension, assumed }
        })
        .collect();
    warnings.extend(read_warnings);
    if read == 0 {
        warnings.push(Warning::NoUsage);
    }
    if duplicates > 0 {
        warnings.push(Warning::DuplicateUsage {
            records: duplicates as u64,
        });
    }

    // Each day's table is resolved once, and only one is held at a time (a table of a day is
    // over a megabyte; a year of them was most of a run's memory): the requests, the sums and
    // the hours are each gone through day by day.
    let mut tables = DayTable::new(prices);
    let mut requests = requests;
    requests.sort_by_key(|(_, r)| r.date());

    // Sums per day, price and group: price is linear in tokens, so pricing the sums is exact
    // and prices each day once. Buckets were summed as they were read; a single request's own
    // prompt decides its tier, so it is summed with the requests of the same tier only.
    let mut sums: BTreeMap<Key, Sum> = bucket_sums.into_iter().collect();
    let mut hours_by_name = bucket_hours;
    let (mut diagnose, tallies) = cache_timeline(&requests, &mut tables, options)?;
    for (seq, r) in requests {
        let pricing = request_pricing(tables.on(r.date())?, &r);
        if let Some(hour) = fold::standard_hour(&r) {
            let slot = hours_by_name
                .entry((r.date(), r.pricing.model.clone()))
                .or_insert_with(|| vec![Decimal::ZERO; 24]);
            fold::add_hour(slot, hour, fold::total_tokens(&r.usage));
        }
        let key = (r.date(), pricing, r.groups.clone());
        match sums.get_mut(&key) {
            Some(sum) => {
                sum.usage = fold::add_usage(&sum.usage, &r.usage)?;
                sum.records += 1;
                if seq < sum.seq {
                    (sum.seq, sum.example) = (seq, r.origin);
                }
            }
            None => {
                sums.insert(
                    key,
                    Sum {
                        usage: r.usage,
                        example: r.origin,
                        seq,
                        records: 1,
                    },
                );
            }
        }
    }

    let mut rows: BTreeMap<(String, Vec<String>), Acc> = BTreeMap::new();
    let mut all = Acc::default();
    let mut rates: BTreeMap<RateKey, Vec<RateUsed>> = BTreeMap::new();
    let mut repriced = Repriced::new();
    let mut charges = Vec::new();
    let mut opportunity: BTreeMap<(String, Vec<String>), (Decimal, Decimal)> = BTreeMap::new();
    let hours = standard_hours(hours_by_name, &mut tables)?;
    let mut skipped: BTreeMap<String, u64> = BTreeMap::new();
    let mut priority: Vec<String> = Vec::new();
    let mut tiers: Vec<(String, u64)> = Vec::new();
    let (mut first, mut last) = (None::<Date>, None::<Date>);
    for (
        (date, pricing, groups),
        Sum {
            usage,
            example,
            records: n,
            ..
        },
    ) in &sums
    {
        let table = tables.on(*date)?;
        let in_records = |e: Error| Error::InRecords {
            at: example.to_string(),
            more: n - 1,
            source: Box::new(e),
        };
        let model = match table.resolve(&pricing.model) {
            Ok((m, _)) => m,
            Err(e) if options.unknown == Unknown::Skip => {
                let _ = e;
                *skipped.entry(pricing.model.clone()).or_default() += *n as u64;
                continue;
            }
            Err(e) => return Err(in_records(e)),
        };
        let priced = price(table, model, pricing, usage).map_err(in_records)?;
        let values: Vec<String> = options
            .group
            .iter()
            .map(|g| g.value(model, pricing, groups))
            .collect();
        diagnose
            .add(
                &model.id,
                &values,
                usage,
                pricing.exact_tier.is_none(),
                tallies.get(&(*date, pricing.clone(), groups.clone())),
                &|u| total(&price(table, model, pricing, u)?.lines),
            )
            .map_err(in_records)?;
        if matches!(
            pricing.service_tier,
            ServiceTier::Priority | ServiceTier::PriorityOnDemand
        ) {
            priority.push(model.id.clone());
        }
        if let Some(w) = &priced.billed_as
            && !warnings.contains(w)
        {
            warnings.push(w.clone());
        }
        if let Some(above) = priced.unknown_tier {
            tiers.push((model.id.clone(), above));
        }
        let is_priority = matches!(
            pricing.service_tier,
            ServiceTier::Priority | ServiceTier::PriorityOnDemand
        );
        for line in &priced.lines {
            add_rate(
                &mut rates,
                (PriceDims::of(model, pricing), line.item),
                *date,
                line,
            );
            let cost = repriced
                .entry((*date, model.id.clone(), line.item, is_priority))
                .or_default();
            *cost = add(*cost, line.cost, "the repriced usage")?;
        }
        first = Some(first.map_or(*date, |f: Date| f.min(*date)));
        last = Some(last.map_or(*date, |l: Date| l.max(*date)));
        let period = options.by.of(*date);
        for line in priced.lines.iter().filter(|_| options.charges) {
            charges.push(Charge {
                date: *date,
                dims: PriceDims::of(model, pricing),
                workspace_id: groups.workspace_id.clone(),
                api_key_id: groups.api_key_id.clone(),
                item: line.item,
                quantity: line.quantity,
                rate_usd: line.rate,
                cost: line.cost,
            });
        }
        if let Some(batched) = priced.batched {
            let cost = total(&priced.lines)?;
            let o = opportunity
                .entry((model.id.clone(), values.clone()))
                .or_insert((Decimal::ZERO, Decimal::ZERO));
            o.0 = add(o.0, cost, "the batch opportunity")?;
            o.1 = add(o.1, batched, "the batch opportunity")?;
        }
        rows.entry((period, values)).or_default().add(&priced)?;
        all.add(&priced)?;
    }
    priority.sort();
    priority.dedup();
    warnings.extend(
        priority
            .into_iter()
            .map(|model| Warning::PriorityAtList { model }),
    );
    tiers.sort();
    tiers.dedup();
    warnings.extend(
        tiers
            .into_iter()
            .map(|(model, above)| Warning::TierUnknown { model, above }),
    );
    warnings.extend(
        skipped
            .into_iter()
            .map(|(model, records)| Warning::UnknownModelSkipped { model, records }),
    );

    let total_usd = all.cost()?;
    let reconciliation = billed
        .map(|b| reconcile(b, &repriced, prices))
        .transpose()?;
    Ok(UsageReport {
        reconciliation,
        files,
        records: read,
        duplicates,
        first_day: first,
        last_day: last,
        observed_until: observed_until.map(|t| jiff::tz::Offset::UTC.to_datetime(t).date()),
        by: options.by,
        group: options.group.clone(),
        rows: rows
            .into_iter()
            .map(|((period, group), acc)| acc.row(period, group))
            .collect::<Result<_>>()?,
        classes: all.classes(total_usd)?,
        totals: all.totals()?,
        rates: rates.into_values().flatten().collect(),
        batch_opportunity: opportunity
            .into_iter()
            .filter(|(_, (standard, _))| !standard.is_zero())
            .map(|((model, group), (standard, batched))| {
                Ok(BatchOpportunity {
                    hours: hours.get(&model).cloned(),
                    saving_usd: sub(standard, batched, "the batch opportunity")?,
                    model,
                    group,
                    standard_usd: standard,
                    batched_usd: batched,
                })
            })
            .collect::<Result<_>>()?,
        charges,
        cache: diagnose.finish()?,
        warnings,
    })
}

/// A single request's pricing: its own prompt decides its prompt-length tier.
fn request_pricing(table: &PricingTable, r: &super::record::Record) -> Pricing {
    let mut pricing = r.pricing.clone();
    if let Some(prompt) = r.prompt_tokens
        && let Ok((model, _)) = table.resolve(&pricing.model)
    {
        pricing.exact_tier = Some(
            model
                .prompt_tiers
                .iter()
                .map(|t| t.above_prompt_tokens)
                .filter(|&above| prompt > Decimal::from(above))
                .max(),
        );
    }
    pricing
}

/// The requests' cache timeline followed ([`super::cache_timeline`]), and what each request
/// tells of prefixes below the minimum; requests of a model the table does not know are left
/// to the repricing (an error, or skipped).
fn cache_timeline(
    requests: &[(u64, super::record::Record)],
    tables: &mut DayTable<'_>,
    options: &Options,
) -> Result<(
    super::cache_diagnostics::Diagnose,
    BTreeMap<Key, super::cache_timeline::Tally>,
)> {
    let mut diagnose = super::cache_diagnostics::Diagnose::default();
    for (_, r) in requests {
        let table = tables.on(r.date())?;
        let Ok((model, _)) = table.resolve(&r.pricing.model) else {
            continue;
        };
        let pricing = request_pricing(table, r);
        let values: Vec<String> = options
            .group
            .iter()
            .map(|g| g.value(model, &pricing, &r.groups))
            .collect();
        diagnose.request(
            &model.id,
            &values,
            model.min_cacheable_tokens,
            super::cache_diagnostics::RequestSeen {
                usage: &r.usage,
                facts: &r.cache,
            },
        )?;
    }
    let tallies = super::cache_timeline::follow(requests, &mut |r| {
        let table = tables.on(r.date())?;
        let Ok((model, _)) = table.resolve(&r.pricing.model) else {
            return Ok(None);
        };
        Ok(Some(super::cache_timeline::Resolved {
            model: model.id.clone(),
            key: (r.date(), request_pricing(table, r), r.groups.clone()),
        }))
    })?;
    Ok((diagnose, tallies))
}

/// The table of one day at a time.
struct DayTable<'p> {
    prices: &'p dyn PricesOn,
    day: Option<(Date, std::borrow::Cow<'p, PricingTable>)>,
}

impl<'p> DayTable<'p> {
    fn new(prices: &'p dyn PricesOn) -> DayTable<'p> {
        DayTable { prices, day: None }
    }

    /// The table of `date` (resolved again when the day changes).
    fn on(&mut self, date: Date) -> Result<&PricingTable> {
        if self.day.as_ref().is_none_or(|(d, _)| *d != date) {
            self.day = Some((date, self.prices.on(date)?));
        }
        Ok(self.day.as_ref().map(|(_, t)| &**t).expect("just set"))
    }
}

/// Per model, the tokens of standard-tier usage by UTC hour of the day, from records that
/// span at most an hour (single requests, 1h and 1m buckets), gathered per day and model name;
/// a model with none, or that the table does not know, is left out.
fn standard_hours(
    by_name: super::fx::FxHashMap<(Date, String), Vec<Decimal>>,
    tables: &mut DayTable<'_>,
) -> Result<BTreeMap<String, Vec<Decimal>>> {
    let by_name: BTreeMap<(Date, String), Vec<Decimal>> = by_name.into_iter().collect();
    let mut out: BTreeMap<String, Vec<Decimal>> = BTreeMap::new();
    for ((date, name), hours) in by_name {
        let Ok((model, _)) = tables.on(date)?.resolve(&name) else {
            continue;
        };
        let slot = out
            .entry(model.id.clone())
            .or_insert_with(|| vec![Decimal::ZERO; 24]);
        for (hour, tokens) in hours.into_iter().enumerate() {
            fold::add_hour(slot, hour, tokens);
        }
    }
    Ok(out)
}

/// One sum of usage, priced.
struct Priced {
    lines: Vec<Line>,
    /// The cost with every prompt in the ambiguous tier, when there is one.
    high: Option<Decimal>,
    /// The threshold of a tier the export cannot tell, if any.
    unknown_tier: Option<u64>,
    /// The same tokens uncached and real-time.
    list: Decimal,
    /// The same tokens with their cache, real-time.
    real_time: Decimal,
    /// For standard-tier, standard-speed usage on a model with batch prices: the same tokens
    /// through the Batch API.
    batched: Option<Decimal>,
    /// Why the mode was billed otherwise than asked (fast mode after its removal).
    billed_as: Option<Warning>,
}

fn total(lines: &[Line]) -> Result<Decimal> {
    crate::money::sum(lines.iter().map(|l| l.cost), "the repriced total")
}

fn price(table: &PricingTable, model: &Model, p: &Pricing, usage: &Usage) -> Result<Priced> {
    if matches!(
        p.service_tier,
        ServiceTier::Flex | ServiceTier::FlexDiscount
    ) {
        return Err(Error::NoTierPrice {
            tier: p.service_tier.name(),
        });
    }
    let mode = Mode {
        platform: DEFAULT_PLATFORM.to_string(),
        batch: p.service_tier == ServiceTier::Batch,
        speed: p.speed,
        inference_geo: p.inference_geo,
    };
    // What the source says of prompt lengths: a request's own tier, a bucket (lo, hi], or
    // nothing.
    let (prompt, ambiguous) = match p.exact_tier {
        Some(tier) => (
            tier.map_or(Decimal::ZERO, |a| Decimal::from(a) + Decimal::ONE),
            None,
        ),
        None => {
            let (lo, hi) = p
                .context_window
                .map_or((0, None), ContextWindow::prompt_range);
            let ambiguous = model
                .prompt_tiers
                .iter()
                .map(|t| t.above_prompt_tokens)
                .filter(|&above| above > lo && hi.is_none_or(|hi| above < hi))
                .max();
            // The shortest prompt the bucket can hold decides the typical rates.
            (Decimal::from(if lo == 0 { 0 } else { lo + 1 }), ambiguous)
        }
    };
    let (lines, billed_as) = billing::bill(table, model, usage, prompt, &mode)?;
    let high = match ambiguous {
        Some(above) => Some(total(
            &billing::bill(
                table,
                model,
                usage,
                Decimal::from(above) + Decimal::ONE,
                &mode,
            )?
            .0,
        )?),
        None => None,
    };
    let uncached_usage = Usage {
        input: usage.prompt_tokens()?,
        cache_write_5m: Decimal::ZERO,
        cache_write_1h: Decimal::ZERO,
        cache_read: Decimal::ZERO,
        ..usage.clone()
    };
    let real_time_mode = Mode {
        batch: false,
        ..mode.clone()
    };
    let batched = if p.service_tier == ServiceTier::Standard && p.speed == Speed::Standard {
        let batch_mode = Mode {
            batch: true,
            ..mode.clone()
        };
        match billing::bill(table, model, usage, prompt, &batch_mode) {
            Ok((lines, _)) => Some(total(&lines)?),
            // A model without batch prices has no batch opportunity.
            Err(Error::Unavailable { .. }) => None,
            Err(e) => return Err(e),
        }
    } else {
        None
    };
    Ok(Priced {
        billed_as,
        batched,
        high,
        unknown_tier: ambiguous,
        list: total(&billing::bill(table, model, &uncached_usage, prompt, &real_time_mode)?.0)?,
        real_time: total(&billing::bill(table, model, usage, prompt, &real_time_mode)?.0)?,
        lines,
    })
}

/// Sums of one row (or of everything).
#[derive(Default)]
struct Acc {
    classes: BTreeMap<Item, (Decimal, Decimal)>,
    high_extra: Decimal,
    ranged: bool,
    list: Decimal,
    cache_saving: Decimal,
    batch_saving: Decimal,
}

impl Acc {
    fn add(&mut self, p: &Priced) -> Result<()> {
        let what = "the repriced usage";
        for l in &p.lines {
            let (q, c) = self.classes.entry(l.item).or_default();
            *q = add(*q, l.quantity, what)?;
            *c = add(*c, l.cost, what)?;
        }
        let cost = total(&p.lines)?;
        if let Some(high) = p.high {
            self.ranged = true;
            self.high_extra = add(self.high_extra, sub(high, cost, what)?, what)?;
        }
        self.list = add(self.list, p.list, what)?;
        // list = cost + cache saving + batch saving: caching measured real-time, batching on
        // the cached tokens, so the two add up to the whole difference.
        self.cache_saving = add(self.cache_saving, sub(p.list, p.real_time, what)?, what)?;
        self.batch_saving = add(self.batch_saving, sub(p.real_time, cost, what)?, what)?;
        Ok(())
    }

    fn cost(&self) -> Result<Decimal> {
        crate::money::sum(self.classes.values().map(|(_, c)| *c), "the repriced usage")
    }

    fn classes(&self, total: Decimal) -> Result<Vec<ClassCost>> {
        self.classes
            .iter()
            .map(|(&item, &(quantity, cost))| {
                Ok(ClassCost {
                    item,
                    quantity,
                    cost,
                    share: (!total.is_zero())
                        .then(|| crate::money::div(cost, total, "a class's share"))
                        .transpose()?,
                })
            })
            .collect()
    }

    fn range(&self, total: Decimal) -> Result<Option<Range>> {
        Ok(self.ranged.then_some(Range {
            typical: total,
            low: total,
            high: add(total, self.high_extra, "the repriced usage")?,
        }))
    }

    fn totals(&self) -> Result<Totals> {
        let total = self.cost()?;
        Ok(Totals {
            total_range: self.range(total)?,
            total_usd: total,
            list_usd: self.list,
            cache_saving_usd: self.cache_saving,
            batch_saving_usd: self.batch_saving,
        })
    }

    fn row(self, period: String, group: Vec<String>) -> Result<UsageRow> {
        let total = self.cost()?;
        Ok(UsageRow {
            period,
            group,
            classes: self.classes(total)?,
            totals: self.totals()?,
        })
    }
}

/// What one rate is for: the price dimensions and an item.
type RateKey = (PriceDims, Item);

/// Adds a rate used on `date` (the sums come day by day): one entry per rate and run of days
/// it held for.
fn add_rate(rates: &mut BTreeMap<RateKey, Vec<RateUsed>>, key: RateKey, date: Date, line: &Line) {
    let runs = rates.entry(key.clone()).or_default();
    if let Some(last) = runs.last_mut()
        && last.rate_usd == line.rate
        && last.base_price == line.base.label
    {
        last.until = date;
        return;
    }
    runs.push(RateUsed {
        dims: key.0,
        item: line.item,
        from: date,
        until: date,
        base_price: line.base.label.clone(),
        base_rate_usd: line.base.usd,
        multipliers: line.factors.clone(),
        rate_usd: line.rate,
    });
}
