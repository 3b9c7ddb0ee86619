//! Facts that hold for a period: a model's `history` of dated changes, and the table as it stood
//! on a date.
//!
//! A model entry states its facts without dates: they hold whenever no dated change says
//! otherwise, so an entry with no `history` means "always" (every override file written before
//! dates existed keeps its meaning). Each entry of `history` names a period (`from`, `until`)
//! and the facts that differed in it, with its own `source` and `checked`:
//!
//! ```yaml
//! - id: claude-opus-4-6
//!   input_usd_per_mtok: 5            # today's facts, open-ended
//!   ...
//!   history:
//!     - until: 2026-03-13            # the first day it no longer held
//!       prompt_tiers: [{ above_prompt_tokens: 200000, input_usd_per_mtok: 10, output_usd_per_mtok: 37.5 }]
//!       source: ...
//!       checked: 2026-08-21
//! ```
//!
//! **Periods are half-open: `from` is the first day a fact holds, `until` the first day it no
//! longer does.** The fact sheet dates a change by the day it takes effect ("fast mode removed on
//! 2026-11-30", "surcharge removed from 2026-03-13"): on that day the API already behaves the new
//! way, so the old fact's `until` and the new fact's `from` are the same date, and two
//! consecutive periods never need a day of arithmetic to line up.
//!
//! Resolution ([`PricingTable::as_of`]) starts from the undated facts and lays over them every
//! change whose period contains the date. Validation guarantees that no two changes set the same
//! fact for overlapping periods, so the order of `history` never decides a price.

use std::fmt;

use serde::{Deserialize, Deserializer};

use super::PricingTable;
use super::schema::{Date, FastAfterRemoval, FastMode, Model, PromptTier, Status};
use crate::error::{Error, Result};
use crate::quantity::{Factor, Price};

/// One dated change of a model: the facts that held for a period instead of the entry's undated
/// ones, and where they come from.
///
/// A field that is absent leaves the fact alone. For facts that may be absent from a model
/// (multipliers, fast mode, limits), `null` states that the fact did not exist in the period
/// (`fast: null` from the day fast mode is removed).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// First day the change holds (absent: since the model existed).
    pub from: Option<Date>,
    /// First day it no longer holds (absent: open-ended).
    pub until: Option<Date>,
    /// Availability on the Claude API in the period.
    pub status: Option<Status>,
    /// Uncached input, USD per MTok.
    pub input_usd_per_mtok: Option<Price>,
    /// Output, USD per MTok.
    pub output_usd_per_mtok: Option<Price>,
    /// 5-minute cache-write multiplier.
    #[serde(default, deserialize_with = "present")]
    pub cache_write_5m_multiplier: Option<Option<Factor>>,
    /// 1-hour cache-write multiplier.
    #[serde(default, deserialize_with = "present")]
    pub cache_write_1h_multiplier: Option<Option<Factor>>,
    /// Cache-read multiplier.
    #[serde(default, deserialize_with = "present")]
    pub cache_read_multiplier: Option<Option<Factor>>,
    /// Published 5-minute cache-write price.
    #[serde(default, deserialize_with = "present")]
    pub cache_write_5m_usd_per_mtok: Option<Option<Price>>,
    /// Published 1-hour cache-write price.
    #[serde(default, deserialize_with = "present")]
    pub cache_write_1h_usd_per_mtok: Option<Option<Price>>,
    /// Published cache-read price.
    #[serde(default, deserialize_with = "present")]
    pub cache_read_usd_per_mtok: Option<Option<Price>>,
    /// Batch API factor (`null`: no batch in the period).
    #[serde(default, deserialize_with = "present")]
    pub batch_multiplier: Option<Option<Factor>>,
    /// US-only inference factor (`null`: not eligible in the period).
    #[serde(default, deserialize_with = "present")]
    pub inference_geo_us_multiplier: Option<Option<Factor>>,
    /// Fast-mode prices and platforms (`null`: no fast mode in the period).
    #[serde(default, deserialize_with = "present")]
    pub fast: Option<Option<FastMode>>,
    /// What the API does with a fast request when the model has no fast mode.
    #[serde(default, deserialize_with = "present")]
    pub fast_after_removal: Option<Option<FastAfterRemoval>>,
    /// Prompt-length tiers (`[]`: none in the period).
    pub prompt_tiers: Option<Vec<PromptTier>>,
    /// Maximum output per request.
    #[serde(default, deserialize_with = "present")]
    pub max_output_tokens: Option<Option<u64>>,
    /// Maximum output per request through the Batch API.
    #[serde(default, deserialize_with = "present")]
    pub batch_max_output_tokens: Option<Option<u64>>,
    /// Caveats about this change (an approximate date, a third-party figure).
    pub notes: Option<String>,
    /// Where the change comes from.
    pub source: String,
    /// Date of the newest source copy that confirms it.
    pub checked: Date,
}

/// Keeps `null` apart from an absent field: absent is `None` (serde's default), `null` is
/// `Some(None)`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// Applies `$action!(field)` to every fact a [`Change`] can set, so the list of dated facts is
/// written once for resolution and for the overlap check.
macro_rules! each_fact {
    ($action:ident) => {
        $action!(status);
        $action!(input_usd_per_mtok);
        $action!(output_usd_per_mtok);
        $action!(cache_write_5m_multiplier);
        $action!(cache_write_1h_multiplier);
        $action!(cache_read_multiplier);
        $action!(cache_write_5m_usd_per_mtok);
        $action!(cache_write_1h_usd_per_mtok);
        $action!(cache_read_usd_per_mtok);
        $action!(batch_multiplier);
        $action!(inference_geo_us_multiplier);
        $action!(fast);
        $action!(fast_after_removal);
        $action!(prompt_tiers);
        $action!(max_output_tokens);
        $action!(batch_max_output_tokens);
    };
}

impl Change {
    /// The period the change holds for.
    pub fn period(&self) -> Period {
        Period {
            from: self.from.clone(),
            until: self.until.clone(),
        }
    }

    /// The names of the facts this change sets, in schema order.
    pub fn facts(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        macro_rules! name {
            ($field:ident) => {
                if self.$field.is_some() {
                    out.push(stringify!($field));
                }
            };
        }
        each_fact!(name);
        out
    }

    /// Whether this change sets the fact `name`.
    pub fn sets(&self, name: &str) -> bool {
        self.facts().contains(&name)
    }

    /// Lays this change's facts over `model`.
    fn apply(&self, model: &mut Model) {
        macro_rules! set {
            ($field:ident) => {
                if let Some(value) = &self.$field {
                    model.$field = value.clone();
                }
            };
        }
        each_fact!(set);
    }
}

/// A period `[from, until)`: `from` is the first day, `until` the first day after it. Either end
/// may be open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// First day (absent: open).
    pub from: Option<Date>,
    /// First day after the period (absent: open).
    pub until: Option<Date>,
}

impl Period {
    /// Whether `day` falls in the period.
    pub fn contains(&self, day: &Date) -> bool {
        self.from.as_ref().is_none_or(|f| f <= day) && self.until.as_ref().is_none_or(|u| day < u)
    }

    /// Whether the two periods share a day.
    pub fn overlaps(&self, other: &Period) -> bool {
        let starts_before_end = |a: &Period, b: &Period| match (&a.from, &b.until) {
            (Some(f), Some(u)) => f < u,
            _ => true,
        };
        starts_before_end(self, other) && starts_before_end(other, self)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.from, &self.until) {
            (Some(a), Some(b)) => write!(f, "from {a} until {b}"),
            (Some(a), None) => write!(f, "from {a}"),
            (None, Some(b)) => write!(f, "until {b}"),
            (None, None) => f.write_str("always"),
        }
    }
}

/// What resolution found out about a model on a date, beyond the facts themselves: since when
/// the facts that refuse a request have held, for error messages that say since when.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The date the table was resolved for.
    pub date: Date,
    /// The entry as loaded, with its undated facts, to resolve it again for another day.
    pub undated: Box<Model>,
    /// Since when the model has had its status on that date, where the table says.
    pub status_since: Option<Date>,
    /// Since when the model has had no fast mode, where the table says (when it has none).
    pub fast_absent_since: Option<Date>,
}

impl Model {
    /// Whether `day` comes before the model's release (never, when no release date is known).
    pub fn unreleased_on(&self, day: &Date) -> bool {
        self.released.is_some_and(|r| r.first_day() > *day)
    }

    /// The model as it stood on `day`: its undated facts with every change in force that day
    /// laid over them. The history is kept, so the snapshot can still list it.
    pub fn as_of(&self, day: &Date) -> Model {
        let undated = self.undated();
        let mut out = undated.clone();
        for change in undated.history.iter().filter(|c| c.period().contains(day)) {
            change.apply(&mut out);
        }
        out.resolved = Some(Resolved {
            date: day.clone(),
            undated: Box::new(undated.clone()),
            status_since: undated.since("status", day),
            fast_absent_since: out
                .fast
                .is_none()
                .then(|| undated.since("fast", day))
                .flatten(),
        });
        out
    }

    /// The entry as loaded: a snapshot's undated facts, or the model itself when it is not a
    /// snapshot.
    pub fn undated(&self) -> &Model {
        self.resolved.as_ref().map_or(self, |r| &r.undated)
    }

    /// Since when the value of `fact` in force on `day` has held: the `from` of the change that
    /// sets it that day, or, where the undated value holds, the latest `until` of a change to
    /// the fact that ended by then. `None` when the table does not say.
    fn since(&self, fact: &str, day: &Date) -> Option<Date> {
        let setting = self.history.iter().filter(|c| c.sets(fact));
        let mut in_force = setting.clone().filter(|c| c.period().contains(day));
        match in_force.next() {
            Some(change) => change.from.clone(),
            None => setting
                .filter_map(|c| c.until.clone().filter(|u| u <= day))
                .max(),
        }
    }

    /// Every date on which one of the model's facts changes, ascending and distinct.
    pub fn change_dates(&self) -> Vec<Date> {
        let mut dates: Vec<Date> = self
            .history
            .iter()
            .flat_map(|c| [c.from.clone(), c.until.clone()])
            .flatten()
            .collect();
        dates.sort();
        dates.dedup();
        dates
    }

    /// The periods between the model's change dates, in order, each with the model as it stood
    /// then. A model without history has one period, "always".
    pub fn periods(&self) -> Result<Vec<(Period, Model)>> {
        let dates = self.change_dates();
        let Some(first) = dates.first() else {
            return Ok(vec![(
                Period {
                    from: None,
                    until: None,
                },
                self.undated().clone(),
            )]);
        };
        let mut out = vec![(
            Period {
                from: None,
                until: Some(first.clone()),
            },
            self.as_of(&first.day_before()?),
        )];
        for (k, start) in dates.iter().enumerate() {
            out.push((
                Period {
                    from: Some(start.clone()),
                    until: dates.get(k + 1).cloned(),
                },
                self.as_of(start),
            ));
        }
        Ok(out)
    }
}

impl PricingTable {
    /// The table as it stood on `day`: every model resolved with [`Model::as_of`]. Platforms,
    /// tokenizers and fees have no dates. The calculator runs unchanged on the snapshot.
    pub fn as_of(&self, day: jiff::civil::Date) -> Result<PricingTable> {
        let day = Date::from_civil(day)?;
        Ok(PricingTable {
            models: self.models.iter().map(|m| m.as_of(&day)).collect(),
            as_of: Some(day),
            ..self.clone()
        })
    }
}

impl Date {
    /// The date of a calendar day; years outside 1–9999 have no `YYYY-MM-DD` form.
    pub fn from_civil(day: jiff::civil::Date) -> Result<Date> {
        if !(1..=9999).contains(&day.year()) {
            return Err(Error::Usage(format!(
                "the date {day} is outside the years 0001 to 9999 that pricing dates cover"
            )));
        }
        Ok(Date(format!(
            "{:04}-{:02}-{:02}",
            day.year(),
            day.month(),
            day.day()
        )))
    }

    /// The calendar day.
    pub fn civil(&self) -> Result<jiff::civil::Date> {
        self.0.parse().map_err(|e| {
            Error::Usage(format!(
                "expected a date as YYYY-MM-DD, found `{}` ({e})",
                self.0
            ))
        })
    }

    /// The day before.
    pub fn day_before(&self) -> Result<Date> {
        let day = self.civil()?;
        let before = day
            .yesterday()
            .map_err(|e| Error::Usage(format!("there is no day before {}: {e}", self.0)))?;
        Date::from_civil(before)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::schema::Status;

    fn d(s: &str) -> Date {
        Date(s.to_string())
    }

    fn p(from: Option<&str>, until: Option<&str>) -> Period {
        Period {
            from: from.map(d),
            until: until.map(d),
        }
    }

    #[test]
    fn until_is_the_first_day_after_the_period() {
        let fast = p(None, Some("2026-11-30"));
        assert!(fast.contains(&d("2026-11-29")));
        assert!(!fast.contains(&d("2026-11-30")));
        let after = p(Some("2026-11-30"), None);
        assert!(after.contains(&d("2026-11-30")));
        assert!(!after.overlaps(&fast), "consecutive periods share no day");
    }

    #[test]
    fn overlaps_need_a_shared_day() {
        let a = p(Some("2026-01-01"), Some("2026-02-01"));
        assert!(a.overlaps(&p(Some("2026-01-31"), None)));
        assert!(a.overlaps(&p(None, Some("2026-01-02"))));
        assert!(!a.overlaps(&p(Some("2026-02-01"), None)));
        assert!(!a.overlaps(&p(None, Some("2026-01-01"))));
        assert!(p(None, None).overlaps(&a));
    }

    fn model(table: &PricingTable, id: &str) -> Model {
        table.resolve(id).unwrap().0.clone()
    }

    #[test]
    fn a_snapshot_says_since_when_its_refusals_hold() {
        let table = PricingTable::builtin().unwrap();
        let opus = model(&table, "claude-opus-4-8");
        let before = opus.as_of(&d("2026-11-29"));
        assert!(before.fast.is_some());
        let after = opus.as_of(&d("2026-11-30"));
        assert!(after.fast.is_none());
        let resolved = after.resolved.as_ref().unwrap();
        assert_eq!(resolved.fast_absent_since, Some(d("2026-11-30")));
        let sonnet = model(&table, "claude-sonnet-4-5");
        let retired = sonnet.as_of(&d("2026-12-01"));
        assert_eq!(retired.status, Status::Retired);
        assert_eq!(
            retired.resolved.unwrap().status_since,
            Some(d("2026-11-30"))
        );
        // The deprecation's start is not in the table.
        let deprecated = sonnet.as_of(&d("2026-11-01"));
        assert_eq!(deprecated.status, Status::Deprecated);
        assert_eq!(deprecated.resolved.unwrap().status_since, None);
    }

    #[test]
    fn a_snapshot_resolves_again_from_the_undated_facts() {
        let table = PricingTable::builtin().unwrap();
        let early = table.as_of(jiff::civil::date(2026, 3, 1)).unwrap();
        let again = early.as_of(jiff::civil::date(2026, 12, 1)).unwrap();
        let sonnet = model(&again, "claude-sonnet-4-5");
        assert_eq!(sonnet.status, Status::Retired);
        let opus = model(&again, "claude-opus-4-6");
        assert!(opus.prompt_tiers.is_empty() && opus.fast.is_none());
        assert_eq!(again.as_of_date(), Some(&d("2026-12-01")));
        assert_eq!(
            model(&table, "claude-opus-4-6").change_dates(),
            [d("2026-03-13"), d("2026-06-27")]
        );
    }

    #[test]
    fn dates_convert_both_ways() {
        let day = jiff::civil::date(2026, 3, 1);
        assert_eq!(Date::from_civil(day).unwrap(), d("2026-03-01"));
        assert_eq!(d("2026-03-01").day_before().unwrap(), d("2026-02-28"));
        assert!(Date::from_civil(jiff::civil::date(0, 1, 1)).is_err());
    }
}
