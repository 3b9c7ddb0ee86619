//! Records folded into sums as they are read, in file order, with the checks that keep a sum
//! from counting usage twice: one kind of source per day, duplicates and disagreements, and
//! (at the end) overlapping buckets.
//!
//! What it holds, and so the memory a run needs:
//! - the sums, one per day, price and group (the report's own size);
//! - per bucket span (start, end) where it was first read, for overlaps and duplicates; a span
//!   read again from another page or file is compared row by row with the first reading, which
//!   is read again from the file ([`Unit`]), so only spans read twice hold their rows;
//! - per single request (a log line) the request itself, until the end: a request logged twice
//!   keeps its largest counts, so it cannot be summed before the last copy is seen. Request logs
//!   therefore take memory per request (a few hundred bytes each), usage reports do not.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use rust_decimal::Decimal;

use super::fx::FxHashMap as HashMap;
use super::record::{Groups, Origin, Pricing, Record, ServiceTier};
use crate::billing::Usage;
use crate::error::{Error, Result};
use crate::money::add;

/// Where a bucket record was read, to read it again: a report page or a whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A usage report page: the file, and the page's bytes and origin line.
    Page {
        /// Index into the files read.
        file: usize,
        /// Byte offset of the page.
        offset: u64,
        /// Its length in bytes.
        len: usize,
        /// The line its records carry.
        line: usize,
        /// The whole page, or some of its buckets.
        bytes: PageBytes,
    },
    /// A whole file (a Console CSV).
    File(usize),
    /// Single requests, never read again.
    Request,
}

/// What a [`Unit::Page`]'s bytes hold: a page too big for one piece of a file is read (and
/// so read again) in parts, runs of its buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageBytes {
    /// The whole page.
    Whole,
    /// Buckets of its `data`, the commas between them, and one before the first unless
    /// `first` (they start just after `data`'s `[`).
    Buckets {
        /// See above.
        first: bool,
    },
}

/// The records of `unit`, read again from its file.
pub type Reread<'a> = dyn Fn(Unit) -> Result<Vec<Record>> + 'a;

/// The sum of the records of one day, price and group.
#[derive(Debug, Clone)]
pub struct Sum {
    /// Their usage.
    pub usage: Usage,
    /// The first of them, for messages about them all.
    pub example: Origin,
    /// The first's place among the records kept.
    pub seq: u64,
    /// How many.
    pub records: usize,
}

/// What day, price and group a sum is of.
pub type Key = (Date, Pricing, Groups);

struct Span {
    owner: Unit,
    first: Origin,
}

type SpanKey = (Timestamp, Timestamp);
type Rows = HashMap<(Pricing, Groups), (Usage, Origin)>;

/// The running fold.
#[derive(Default)]
pub struct Fold {
    sums: HashMap<Key, Sum>,
    spans: BTreeMap<SpanKey, Span>,
    known: HashMap<SpanKey, Rows>,
    reread: Option<(Unit, Vec<Record>)>,
    days: HashMap<Date, (Origin, &'static str)>,
    requests: Vec<(u64, Record)>,
    by_id: HashMap<String, usize>,
    by_key: HashMap<(Timestamp, Timestamp, Pricing, Groups), usize>,
    hours: HashMap<(Date, String), Vec<Decimal>>,
    seq: u64,
    read: usize,
    duplicates: usize,
}

/// What the fold found.
#[derive(Debug, Default)]
pub struct Folded {
    /// Bucket records summed.
    pub sums: HashMap<Key, Sum>,
    /// Single requests kept (after duplicates), with their place among the records kept.
    pub requests: Vec<(u64, Record)>,
    /// Per day and model name, the tokens of standard-tier bucket records of at most an hour
    /// by UTC hour.
    pub hours: HashMap<(Date, String), Vec<Decimal>>,
    /// Records read, duplicates included.
    pub read: usize,
    /// Records dropped as copies of others.
    pub duplicates: usize,
}

/// A page's records summed while it is parsed: what the fold needs of a page whose spans are
/// all new, without its rows.
#[derive(Debug, Default)]
pub struct PageSums {
    /// The origin its records carry.
    pub origin: Option<Origin>,
    /// Its bucket spans, in order.
    pub spans: Vec<SpanKey>,
    /// Its days, in order.
    pub dates: Vec<Date>,
    /// Its sums per day, price and group, in order of first record, with their records.
    pub sums: Vec<(Key, Usage, usize)>,
    /// As [`Folded::hours`].
    pub hours: Vec<((Date, String), Vec<Decimal>)>,
    /// Its records.
    pub records: usize,
    index: HashMap<Key, (usize, usize)>,
    hours_index: HashMap<(Date, String), usize>,
    last: Option<(SpanKey, Date, Option<usize>)>,
    repeats: bool,
}

impl PageSums {
    /// The sums of `records` (a page's, all with one origin).
    pub fn of(records: Vec<Record>) -> Result<PageSums> {
        let mut out = PageSums::default();
        for r in records {
            out.add(r)?;
        }
        Ok(out)
    }

    /// Adds a record, the page's next.
    pub fn add(&mut self, r: Record) -> Result<()> {
        if self.origin.is_none() {
            self.origin = Some(r.origin.clone());
        }
        self.records += 1;
        let span = (r.start, r.end);
        let (date, hour) = match self.last {
            Some((s, date, hour)) if s == span => (date, hour),
            _ => {
                let d = (r.date(), standard_hour(&r));
                self.last = Some((span, d.0, d.1));
                // A span twice in one page: its rows may repeat.
                self.repeats |= self.spans.contains(&span);
                self.spans.push(span);
                if self.dates.last() != Some(&d.0) {
                    self.dates.push(d.0);
                }
                d
            }
        };
        let bucket = self.spans.len();
        if let Some(h) = hour {
            let i = match self.hours_index.get(&(date, r.pricing.model.clone())) {
                Some(&i) => i,
                None => {
                    let key = (date, r.pricing.model.clone());
                    self.hours.push((key.clone(), vec![Decimal::ZERO; 24]));
                    self.hours_index.insert(key, self.hours.len() - 1);
                    self.hours.len() - 1
                }
            };
            add_hour(&mut self.hours[i].1, h, total_tokens(&r.usage));
        }
        let key = (date, r.pricing, r.groups);
        match self.index.get_mut(&key) {
            Some((i, last_bucket)) => {
                // The same row twice in one bucket.
                self.repeats |= *last_bucket == bucket;
                *last_bucket = bucket;
                let (_, usage, n) = &mut self.sums[*i];
                *usage = add_usage(usage, &r.usage)?;
                *n += 1;
            }
            None => {
                self.index.insert(key.clone(), (self.sums.len(), bucket));
                self.sums.push((key, r.usage, 1));
            }
        }
        Ok(())
    }

    /// Whether the page may hold a row twice: a span or a row in a bucket seen twice.
    pub fn repeats(&self) -> bool {
        self.repeats
    }

    /// The sums, without what summing needed.
    pub fn done(mut self) -> PageSums {
        self.index = HashMap::default();
        self.hours_index = HashMap::default();
        self.spans.sort();
        self.spans.dedup();
        self
    }
}

impl Fold {
    /// A page of bucket records, summed as it was parsed, from `unit` of a `kind` of source.
    /// A page with a span read before elsewhere is folded row by row, read again.
    pub fn page(
        &mut self,
        unit: Unit,
        kind: &'static str,
        page: PageSums,
        reread: &Reread<'_>,
    ) -> Result<()> {
        let Some(origin) = page.origin else {
            return Ok(());
        };
        let seen_elsewhere = page
            .spans
            .iter()
            .any(|s| self.spans.get(s).is_some_and(|span| span.owner != unit));
        if seen_elsewhere {
            for r in reread(unit)? {
                self.bucket(unit, kind, r, reread)?;
            }
            return Ok(());
        }
        for &date in &page.dates {
            self.one_kind_on(date, &origin, kind)?;
        }
        for span in page.spans {
            self.spans.entry(span).or_insert_with(|| Span {
                owner: unit,
                first: origin.clone(),
            });
        }
        self.read += page.records;
        for (key, hours) in page.hours {
            let slot = self
                .hours
                .entry(key)
                .or_insert_with(|| vec![Decimal::ZERO; 24]);
            for (h, tokens) in hours.into_iter().enumerate() {
                add_hour(slot, h, tokens);
            }
        }
        for (key, usage, n) in page.sums {
            match self.sums.get_mut(&key) {
                Some(sum) => {
                    sum.usage = add_usage(&sum.usage, &usage)?;
                    sum.records += n;
                }
                None => {
                    self.sums.insert(
                        key,
                        Sum {
                            usage,
                            example: origin.clone(),
                            seq: self.seq,
                            records: n,
                        },
                    );
                }
            }
            self.seq += n as u64;
        }
        Ok(())
    }

    /// Records dropped as copies found before the fold (the same row twice in one page).
    pub fn add_duplicates(&mut self, n: usize) {
        self.duplicates += n;
        self.read += n;
    }

    /// A bucket record (usage report or Console CSV) read from `unit` of a `kind` of source.
    pub fn bucket(
        &mut self,
        unit: Unit,
        kind: &'static str,
        r: Record,
        reread: &Reread<'_>,
    ) -> Result<()> {
        self.read += 1;
        self.one_kind_per_day(&r, kind)?;
        let span = (r.start, r.end);
        let owner = match self.spans.get(&span) {
            None => {
                self.spans.insert(
                    span,
                    Span {
                        owner: unit,
                        first: r.origin.clone(),
                    },
                );
                return self.add(r);
            }
            Some(s) if s.owner == unit => return self.add(r),
            Some(s) => s.owner,
        };
        // The span again, from another page or file: row by row against what was read.
        if !self.known.contains_key(&span) {
            let rows = self.rows_of(owner, span, reread)?;
            self.known.insert(span, rows);
        }
        let rows = self.known.entry(span).or_default();
        let key = (r.pricing.clone(), r.groups.clone());
        match rows.get(&key) {
            Some((usage, _)) if *usage == r.usage => {
                self.duplicates += 1;
                Ok(())
            }
            Some((_, first)) => Err(conflict(&r, first)),
            None => {
                rows.insert(key, (r.usage.clone(), r.origin.clone()));
                self.add(r)
            }
        }
    }

    /// A single request (a log line) from a `kind` of source.
    pub fn request(&mut self, kind: &'static str, r: Record) -> Result<()> {
        self.read += 1;
        self.one_kind_per_day(&r, kind)?;
        let Some(id) = r.id.clone() else {
            // No id: the same time, price and counts twice is taken for a copy.
            let key = (r.start, r.end, r.pricing.clone(), r.groups.clone());
            return match self.by_key.get(&key) {
                Some(&i) if self.requests[i].1.usage == r.usage => {
                    self.duplicates += 1;
                    Ok(())
                }
                Some(&i) => Err(conflict(&r, &self.requests[i].1.origin)),
                None => {
                    self.by_key.insert(key, self.requests.len());
                    self.spans.entry((r.start, r.end)).or_insert(Span {
                        owner: Unit::Request,
                        first: r.origin.clone(),
                    });
                    self.keep(r);
                    Ok(())
                }
            };
        };
        // A request read twice (a re-exported log, a streamed message logged at each step, a
        // sidechain replaying its parent's message) keeps its largest counts: streaming usage
        // is cumulative; a main-chain copy wins over a sidechain one. The same id on another
        // model or day is not the same request.
        match self.by_id.get(&id) {
            Some(&i) => {
                let kept = &mut self.requests[i].1;
                if kept.pricing.model != r.pricing.model || kept.date() != r.date() {
                    return Err(r.origin.invalid(format!(
                        "request `{id}` is also at {} on another model or day: two requests \
                         share an id, so neither can be counted once",
                        kept.origin
                    )));
                }
                self.duplicates += 1;
                let replace = if kept.sidechain != r.sidechain {
                    kept.sidechain
                } else {
                    total_tokens(&r.usage) > total_tokens(&kept.usage)
                };
                if replace {
                    *kept = r;
                }
            }
            None => {
                self.by_id.insert(id, self.requests.len());
                self.keep(r);
            }
        }
        Ok(())
    }

    /// The sums, or the first overlap of distinct bucket spans (a 1d page beside 1h pages of
    /// the same day), which no sum can be right with.
    pub fn finish(self) -> Result<Folded> {
        let mut previous: Option<(Timestamp, Timestamp, &Origin)> = None;
        for (&(start, end), span) in &self.spans {
            if let Some((p_start, p_end, p)) = previous.filter(|&(_, p_end, _)| start < p_end) {
                return Err(span.first.invalid(format!(
                    "the bucket {start} to {end} overlaps the bucket {p_start} to {p_end} at \
                     {p}: exports of different bucket widths cannot be summed"
                )));
            }
            if previous.is_none_or(|(_, p_end, _)| end > p_end) {
                previous = Some((start, end, &span.first));
            }
        }
        Ok(Folded {
            sums: self.sums,
            requests: self.requests,
            hours: self.hours,
            read: self.read,
            duplicates: self.duplicates,
        })
    }

    fn keep(&mut self, r: Record) {
        self.requests.push((self.seq, r));
        self.seq += 1;
    }

    fn add(&mut self, r: Record) -> Result<()> {
        if let Some(hour) = standard_hour(&r) {
            let slot = self
                .hours
                .entry((r.date(), r.pricing.model.clone()))
                .or_insert_with(|| vec![Decimal::ZERO; 24]);
            add_hour(slot, hour, total_tokens(&r.usage));
        }
        let key = (r.date(), r.pricing, r.groups);
        match self.sums.get_mut(&key) {
            Some(sum) => {
                sum.usage = add_usage(&sum.usage, &r.usage)?;
                sum.records += 1;
            }
            None => {
                self.sums.insert(
                    key,
                    Sum {
                        usage: r.usage,
                        example: r.origin,
                        seq: self.seq,
                        records: 1,
                    },
                );
            }
        }
        self.seq += 1;
        Ok(())
    }

    /// The rows of `span` that `owner` holds, read again (the last unit read again is kept:
    /// the spans of one page repeat one after another).
    fn rows_of(&mut self, owner: Unit, span: SpanKey, reread: &Reread<'_>) -> Result<Rows> {
        if self.reread.as_ref().is_none_or(|(u, _)| *u != owner) {
            self.reread = Some((owner, reread(owner)?));
        }
        let mut rows = Rows::default();
        for r in self.reread.iter().flat_map(|(_, records)| records) {
            if (r.start, r.end) == span {
                rows.entry((r.pricing.clone(), r.groups.clone()))
                    .or_insert_with(|| (r.usage.clone(), r.origin.clone()));
            }
        }
        Ok(rows)
    }

    /// Refuses a day that two kinds of source both report: the same traffic from a usage report
    /// and a Console CSV, or a report and the requests' own logs, would be counted twice.
    fn one_kind_per_day(&mut self, r: &Record, kind: &'static str) -> Result<()> {
        self.one_kind_on(r.date(), &r.origin, kind)
    }

    fn one_kind_on(&mut self, date: Date, origin: &Origin, kind: &'static str) -> Result<()> {
        match self.days.get(&date) {
            Some((first, first_kind)) if *first_kind != kind => Err(origin.invalid(format!(
                "usage on {date} is also in {first} ({first_kind}, {kind}): the same traffic \
                 from two kinds of source would be counted twice; give one source per period",
            ))),
            Some(_) => Ok(()),
            None => {
                self.days.insert(date, (origin.clone(), kind));
                Ok(())
            }
        }
    }
}

/// Drops the records of one unit (a page, a CSV) seen twice in it (the same bucket and
/// dimensions with the same counts); the same with other counts is an error.
pub fn within_unit(records: Vec<Record>) -> Result<(Vec<Record>, usize)> {
    let mut seen: HashMap<(Timestamp, Timestamp, &Pricing, &Groups), usize> =
        HashMap::with_capacity_and_hasher(records.len(), Default::default());
    let mut dropped = vec![false; records.len()];
    for (i, r) in records.iter().enumerate() {
        match seen.get(&(r.start, r.end, &r.pricing, &r.groups)) {
            Some(&k) if records[k].usage == r.usage => dropped[i] = true,
            Some(&k) => return Err(conflict(r, &records[k].origin)),
            None => {
                seen.insert((r.start, r.end, &r.pricing, &r.groups), i);
            }
        }
    }
    drop(seen);
    let duplicates = dropped.iter().filter(|&&d| d).count();
    if duplicates == 0 {
        return Ok((records, 0));
    }
    let kept = records
        .into_iter()
        .zip(dropped)
        .filter_map(|(r, d)| (!d).then_some(r))
        .collect();
    Ok((kept, duplicates))
}

/// [`within_unit`] as records stream by: holds one entry per bucket and price and group (the
/// sums' own size), not the records.
#[derive(Default)]
pub struct UnitCopies {
    seen: HashMap<(Timestamp, Timestamp, Pricing, Groups), (Usage, Origin)>,
}

impl UnitCopies {
    /// Whether `r` is new (else a copy of one seen, to drop); the same bucket with other
    /// counts is an error.
    pub fn is_new(&mut self, r: &Record) -> Result<bool> {
        let key = (r.start, r.end, r.pricing.clone(), r.groups.clone());
        match self.seen.get(&key) {
            Some((usage, _)) if *usage == r.usage => Ok(false),
            Some((_, first)) => Err(conflict(r, first)),
            None => {
                self.seen.insert(key, (r.usage.clone(), r.origin.clone()));
                Ok(true)
            }
        }
    }
}

fn conflict(r: &Record, first: &Origin) -> Error {
    r.origin.invalid(format!(
        "the bucket starting {} for `{}` is also at {first} with other counts: the two exports \
         disagree, so neither can be summed",
        r.start, r.pricing.model
    ))
}

/// The UTC hour of a standard-tier record spanning at most an hour (single requests, 1h and 1m
/// buckets), for the batch opportunity's hours.
pub fn standard_hour(r: &Record) -> Option<usize> {
    let hourly = r.end.duration_since(r.start) <= jiff::SignedDuration::from_hours(1);
    (r.pricing.service_tier == ServiceTier::Standard && hourly)
        .then(|| usize::try_from(jiff::tz::Offset::UTC.to_datetime(r.start).hour()).ok())
        .flatten()
}

/// Adds `tokens` to `slot[hour]`, saturating (hours are a chart, not money).
pub fn add_hour(slot: &mut [Decimal], hour: usize, tokens: Decimal) {
    if let Some(h) = slot.get_mut(hour) {
        *h = h.checked_add(tokens).unwrap_or(Decimal::MAX);
    }
}

/// A single request's counts are u64 each, so their sum cannot overflow a decimal.
pub fn total_tokens(u: &Usage) -> Decimal {
    u.input + u.cache_write_5m + u.cache_write_1h + u.cache_read + u.output
}

/// The sum of two usages, checked.
pub fn add_usage(a: &Usage, b: &Usage) -> Result<Usage> {
    let what = "usage totals";
    Ok(Usage {
        input: add(a.input, b.input, what)?,
        cache_write_5m: add(a.cache_write_5m, b.cache_write_5m, what)?,
        cache_write_1h: add(a.cache_write_1h, b.cache_write_1h, what)?,
        cache_read: add(a.cache_read, b.cache_read, what)?,
        output: add(a.output, b.output, what)?,
        web_searches: add(a.web_searches, b.web_searches, what)?,
    })
}
