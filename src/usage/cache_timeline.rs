//! The cache's timeline, followed request by request through per-request logs: which writes
//! were read back within their TTL, which 5-minute writes an hour's TTL would have kept, and
//! which 1-hour writes a 5-minute TTL would have lost.
//!
//! The logs carry counts, not prompts, so a cached prefix is known only by its length: the
//! tokens up to its breakpoint (`cache_read + cache_write` of the request that wrote it). The
//! matching rule, in a *stream* (the same model, groups and Claude Code session):
//!
//! - a request writing `w1h` and `w5m` tokens after reading `r` makes one entry per TTL: the
//!   1-hour one ends at `r + w1h`, the 5-minute one at `r + w1h + w5m` (the API requires
//!   longer TTLs first);
//! - a later request that reads `R ≥` an entry's end while the entry is live (at most its TTL
//!   after its write or last refresh) reads it back, and refreshes it;
//! - an entry never read back before its TTL ran out is a write never read; one whose TTL runs
//!   past the last request of the logs is open (what came after is not in the logs);
//! - a 5-minute entry that ran out (read back or not) and whose end a later request of the
//!   stream wrote again (`R < end ≤ R + W`) within an hour of its last refresh would have been read instead
//!   under a 1-hour TTL (its tokens are *rewritten*);
//! - a read back of a 1-hour entry more than 5 minutes after its last refresh would have
//!   found nothing under a 5-minute TTL (its tokens *refetched*).
//!
//! Two conversations with prefixes of the same length in one stream are taken for one: the
//! rule is generous to the cache, so the writes it finds never read are a floor.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};
use rust_decimal::Decimal;

use super::fold::Key;
use super::record::{Groups, Record};
use crate::error::Result;
use crate::money::add;

/// What the timeline needs of a request: its canonical model and the key it is priced under.
pub struct Resolved {
    /// Canonical model id.
    pub model: String,
    /// The day, price and group it is summed under.
    pub key: Key,
}

/// Tokens found on the timeline of one day, price and group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// 5-minute writes never read back within their TTL.
    pub never_read_5m: Decimal,
    /// 1-hour writes never read back within their TTL.
    pub never_read_1h: Decimal,
    /// Unread writes whose TTL runs past the end of the logs.
    pub open: Decimal,
    /// 5-minute writes of requests with a time.
    pub written_5m: Decimal,
    /// 1-hour writes of requests with a time.
    pub written_1h: Decimal,
    /// 5-minute writes that ran out and were written again within the hour of their last
    /// refresh.
    pub rewritten: Decimal,
    /// 1-hour writes read back more than 5 minutes after their last refresh, once per read.
    pub refetched: Decimal,
    /// Requests followed (with a time).
    pub timed: u64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ttl {
    FiveMinutes,
    OneHour,
}

impl Ttl {
    fn duration(self) -> SignedDuration {
        match self {
            Ttl::FiveMinutes => SignedDuration::from_mins(5),
            Ttl::OneHour => SignedDuration::from_hours(1),
        }
    }
}

struct Entry {
    end: Decimal,
    tokens: Decimal,
    ttl: Ttl,
    refreshed: Timestamp,
    read: bool,
    key: usize,
}

/// A 5-minute entry that ran out: written again before `until`, an hour's TTL would
/// have kept it.
struct Lapsed {
    end: Decimal,
    tokens: Decimal,
    until: Timestamp,
    key: usize,
}

type Stream = (String, Groups, Option<String>);

/// Follows the timeline of every stream of `requests` (those with a time; `resolve` gives
/// `None` for those the repricing leaves out) and tallies what it finds per key.
pub fn follow(
    requests: &[(u64, Record)],
    resolve: &mut dyn FnMut(&Record) -> Result<Option<Resolved>>,
) -> Result<BTreeMap<Key, Tally>> {
    let mut keys: Vec<Key> = Vec::new();
    let mut index: BTreeMap<Key, usize> = BTreeMap::new();
    let mut timeline: Vec<(Stream, Timestamp, u64, usize, &Record)> = Vec::new();
    for (seq, r) in requests.iter().filter(|(_, r)| r.cache.timed) {
        let Some(resolved) = resolve(r)? else {
            continue;
        };
        let k = *index.entry(resolved.key.clone()).or_insert_with(|| {
            keys.push(resolved.key);
            keys.len() - 1
        });
        let stream = (resolved.model, r.groups.clone(), r.cache.session.clone());
        timeline.push((stream, r.start, *seq, k, r));
    }
    timeline.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
    let last = timeline.iter().map(|t| t.1).max();
    let mut tallies = vec![Tally::default(); keys.len()];
    let mut at = 0;
    while at < timeline.len() {
        let stream = &timeline[at].0;
        let end = at + timeline[at..].iter().take_while(|t| &t.0 == stream).count();
        let steps: Vec<_> = timeline[at..end].iter().map(|t| (t.1, t.3, t.4)).collect();
        follow_stream(&steps, last, &mut tallies)?;
        at = end;
    }
    Ok(keys.into_iter().zip(tallies).collect())
}

fn follow_stream(
    steps: &[(Timestamp, usize, &Record)],
    last: Option<Timestamp>,
    tallies: &mut [Tally],
) -> Result<()> {
    let what = "the cache timeline";
    let mut live: Vec<Entry> = Vec::new();
    let mut lapsed: Vec<Lapsed> = Vec::new();
    for &(t, k, r) in steps {
        let u = &r.usage;
        // Entries whose TTL ran out before this request.
        let mut kept = Vec::with_capacity(live.len());
        for e in live.drain(..) {
            if t <= plus(e.refreshed, e.ttl) {
                kept.push(e);
                continue;
            }
            if !e.read {
                close_unread(&e, tallies)?;
            }
            // Read back or not, a 5-minute entry written again within the hour is one an
            // hour's TTL would have kept.
            if e.ttl == Ttl::FiveMinutes {
                lapsed.push(Lapsed {
                    end: e.end,
                    tokens: e.tokens,
                    until: plus(e.refreshed, Ttl::OneHour),
                    key: e.key,
                });
            }
        }
        live = kept;
        // A lapsed write this request writes again, within the hour.
        let written = add(u.cache_write_5m, u.cache_write_1h, what)?;
        lapsed.retain(|l| t <= l.until);
        let mut i = 0;
        while i < lapsed.len() {
            let l = &lapsed[i];
            if !written.is_zero() && u.cache_read < l.end && l.end <= u.cache_read + written {
                let tally = &mut tallies[l.key];
                tally.rewritten = add(tally.rewritten, l.tokens, what)?;
                lapsed.swap_remove(i);
            } else {
                i += 1;
            }
        }
        // Reads back, and refresh.
        if !u.cache_read.is_zero() {
            for e in live.iter_mut().filter(|e| e.end <= u.cache_read) {
                if e.ttl == Ttl::OneHour && t > plus(e.refreshed, Ttl::FiveMinutes) {
                    let tally = &mut tallies[e.key];
                    tally.refetched = add(tally.refetched, e.tokens, what)?;
                }
                e.read = true;
                e.refreshed = t;
            }
        }
        // New entries: the 1-hour breakpoint first.
        let tally = &mut tallies[k];
        tally.timed += 1;
        tally.written_5m = add(tally.written_5m, u.cache_write_5m, what)?;
        tally.written_1h = add(tally.written_1h, u.cache_write_1h, what)?;
        let mut end = u.cache_read;
        for (tokens, ttl) in [
            (u.cache_write_1h, Ttl::OneHour),
            (u.cache_write_5m, Ttl::FiveMinutes),
        ] {
            if tokens.is_zero() {
                continue;
            }
            end = add(end, tokens, what)?;
            live.push(Entry {
                end,
                tokens,
                ttl,
                refreshed: t,
                read: false,
                key: k,
            });
        }
    }
    for e in live.into_iter().filter(|e| !e.read) {
        if last.is_some_and(|last| last > plus(e.refreshed, e.ttl)) {
            close_unread(&e, tallies)?;
        } else {
            let tally = &mut tallies[e.key];
            tally.open = add(tally.open, e.tokens, "the cache timeline")?;
        }
    }
    Ok(())
}

/// `t` plus a TTL (the end of time, for a time at its end).
fn plus(t: Timestamp, ttl: Ttl) -> Timestamp {
    t.checked_add(ttl.duration()).unwrap_or(Timestamp::MAX)
}

fn close_unread(e: &Entry, tallies: &mut [Tally]) -> Result<()> {
    let tally = &mut tallies[e.key];
    let slot = match e.ttl {
        Ttl::FiveMinutes => &mut tally.never_read_5m,
        Ttl::OneHour => &mut tally.never_read_1h,
    };
    *slot = add(*slot, e.tokens, "the cache timeline")?;
    Ok(())
}
