//! `sweep`: the period cost over a grid of one workload value, per model (or as written), and
//! where the series cross. Every point is an [`estimate`] of an edited copy of the workload.

use std::str::FromStr;

use rust_decimal::{Decimal, MathematicalOps};

use serde::Serialize;

use super::edit::{CacheChange, Changes, EscalationChange, apply};
use super::estimate::estimate;
use super::schema::{Period, TokenSource, Workload};
use crate::error::{Error, Result};
use crate::number::{self, Kind};
use crate::pricing::PricingTable;
use crate::quantity::Count;

/// A workload value a sweep varies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// `requests_per_day` (replaces any other request rate).
    RequestsPerDay,
    /// A given `cache.hit_rate` (a 5-minute cache is added where a task has none).
    HitRate,
    /// `batch_share`.
    BatchShare,
    /// `output_tokens`.
    OutputTokens,
    /// `system_tokens`.
    SystemTokens,
}

impl Field {
    /// The field's name in a workload.
    pub fn name(self) -> &'static str {
        match self {
            Field::RequestsPerDay => "requests_per_day",
            Field::HitRate => "hit_rate",
            Field::BatchShare => "batch_share",
            Field::OutputTokens => "output_tokens",
            Field::SystemTokens => "system_tokens",
        }
    }
}

/// What to vary and over which range: `requests_per_day=1000..1000000`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vary {
    /// The field.
    pub field: Field,
    /// First value.
    pub from: Decimal,
    /// Last value.
    pub to: Decimal,
}

impl FromStr for Vary {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let (name, range) = s
            .split_once('=')
            .ok_or_else(|| format!("expected FIELD=FROM..TO, found `{s}`"))?;
        let field = [
            Field::RequestsPerDay,
            Field::HitRate,
            Field::BatchShare,
            Field::OutputTokens,
            Field::SystemTokens,
        ]
        .into_iter()
        .find(|f| f.name() == name.trim())
        .ok_or_else(|| {
            format!(
                "cannot vary `{name}`; choose requests_per_day, hit_rate, batch_share, \
                 output_tokens or system_tokens"
            )
        })?;
        let (from, to) = range
            .split_once("..")
            .ok_or_else(|| format!("expected FROM..TO, found `{range}`"))?;
        let share = matches!(field, Field::HitRate | Field::BatchShare);
        let kind = if share { Kind::Share } else { Kind::Number };
        let number = |t: &str| number::parse(t, kind);
        let (from, to) = (number(from)?, number(to)?);
        if from < Decimal::ZERO || to <= from {
            return Err(format!("expected 0 <= FROM < TO, found {from}..{to}"));
        }
        if share && to > Decimal::ONE {
            return Err(format!(
                "`{name}` is a share: the range must lie within 0..1 (0%..100%)"
            ));
        }
        Ok(Vary { field, from, to })
    }
}

/// One line of the sweep: a model (or the workload as written) and its cost at each value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// Canonical model id, or `as written`.
    pub label: String,
    /// The period cost at each grid value, or why it cannot be priced.
    pub totals: Vec<std::result::Result<Decimal, String>>,
}

impl Serialize for Series {
    /// `{"label", "totals_usd": [… | null], "errors": [… | null]}`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use crate::money::Exact;
        use serde::ser::SerializeStruct;
        let totals: Vec<Option<Exact>> = self
            .totals
            .iter()
            .map(|t| t.as_ref().ok().copied().map(Exact))
            .collect();
        let errors: Vec<Option<&str>> = self
            .totals
            .iter()
            .map(|t| t.as_ref().err().map(String::as_str))
            .collect();
        let mut st = s.serialize_struct("Series", 3)?;
        st.serialize_field("label", &self.label)?;
        st.serialize_field("totals_usd", &totals)?;
        st.serialize_field("errors", &errors)?;
        st.end()
    }
}

/// Where two series swap order between two grid values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Crossing {
    /// The series that is cheaper above the crossing.
    pub cheaper_above: String,
    /// The other one.
    pub cheaper_below: String,
    /// The value where they cost the same (linear between the two grid points).
    #[serde(with = "crate::money::exact")]
    pub at: Decimal,
    /// The cost there (linear between the two grid points).
    #[serde(rename = "cost_usd", with = "crate::money::exact")]
    pub cost: Decimal,
}

/// The sweep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sweep {
    /// What was varied.
    pub field: Field,
    /// The range asked for.
    #[serde(skip)]
    pub vary: Vary,
    /// The grid.
    #[serde(with = "crate::money::exact_vec")]
    pub values: Vec<Decimal>,
    /// Log-spaced grid.
    pub log: bool,
    /// The period.
    pub period: Period,
    /// One series per model (or one, as written).
    pub series: Vec<Series>,
    /// At each grid value, the index of the cheapest series (the first on ties); `None` where
    /// nothing could be priced.
    pub cheapest: Vec<Option<usize>>,
    /// Where series cross.
    pub crossings: Vec<Crossing>,
    /// Tasks whose escalation the model series leave out: a series runs every task on its
    /// model alone, as `compare` does (empty when sweeping the workload as written).
    pub escalation_dropped: Vec<String>,
    /// Tasks without a cache that a hit-rate sweep prices with the default cache (5-minute
    /// TTL, one prefix) to have a hit rate to vary.
    pub cache_added: Vec<String>,
}

/// `points` values from `from` to `to`, evenly or log-spaced, rounded to six significant
/// digits (values a person would type).
pub fn grid(from: Decimal, to: Decimal, points: usize, log: bool) -> Result<Vec<Decimal>> {
    let n = points.max(2);
    let steps = Decimal::from(n - 1);
    (0..n)
        .map(|i| {
            let t = Decimal::from(i) / steps;
            let v = if i == 0 {
                from
            } else if i == n - 1 {
                to
            } else if log {
                let (a, b) = (
                    from.checked_ln().ok_or(Error::LogGridFromZero)?,
                    to.checked_ln().unwrap_or_default(),
                );
                (a + (b - a) * t).exp()
            } else {
                from + (to - from) * t
            };
            Ok(v.round_sf(6).unwrap_or(v).normalize())
        })
        .collect()
}

/// The workload with `field` set to `value` in every task (or `task`).
pub fn set(
    workload: &Workload,
    task: Option<&str>,
    field: Field,
    value: Decimal,
) -> Result<Workload> {
    let edit = |changes: Changes| {
        apply(
            workload,
            &Changes {
                task: task.map(str::to_string),
                ..changes
            },
        )
    };
    let mut w = match field {
        Field::HitRate => {
            return edit(Changes {
                cache: Some(CacheChange::HitRate(value)),
                ..Changes::default()
            });
        }
        Field::BatchShare => {
            return edit(Changes {
                batch_share: Some(value),
                ..Changes::default()
            });
        }
        _ => workload.clone(),
    };
    for t in w
        .tasks
        .iter_mut()
        .filter(|t| task.is_none_or(|n| n == t.name))
    {
        // A task in observed class tokens has no prefix, and a day of totals no request rate:
        // varying them would change nothing the estimate prices, so it is refused.
        if let Some(classes) = t.tokens_per_request.as_mut()
            && field == Field::OutputTokens
        {
            classes.output = Count(value);
            t.tokens.output = TokenSource::Count(value);
            continue;
        }
        let per_day = t.tokens_per_day.is_some();
        if (t.class_tokens().is_some() && field == Field::SystemTokens)
            || (per_day && field != Field::SystemTokens)
        {
            return Err(Error::Usage(format!(
                "task `{}` gives its tokens by class ({}): it has no `{}` to vary; vary \
                 `hit_rate` or `batch_share`, or edit the class counts",
                t.name,
                if per_day {
                    "`tokens_per_day`"
                } else {
                    "`tokens_per_request`"
                },
                field.name()
            )));
        }
        match field {
            Field::RequestsPerDay => {
                t.requests_per_day = Some(Count(value));
                t.requests_per_hour = None;
                t.requests_per_month = None;
            }
            Field::OutputTokens => t.tokens.output = TokenSource::Count(value),
            Field::SystemTokens => t.tokens.system = TokenSource::Count(value),
            Field::HitRate | Field::BatchShare => {}
        }
    }
    Ok(w)
}

/// Sweeps `vary` over `points` values for each of `models` (the workload as written when empty).
pub fn sweep(
    table: &PricingTable,
    workload: &Workload,
    vary: Vary,
    points: usize,
    log: bool,
    models: &[String],
    task: Option<&str>,
) -> Result<Sweep> {
    if let Some(name) = task.filter(|n| !workload.tasks.iter().any(|t| t.name == *n)) {
        return Err(Error::UnknownTask {
            name: name.to_string(),
            known: workload.tasks.iter().map(|t| t.name.clone()).collect(),
        });
    }
    let values = grid(vary.from, vary.to, points, log)?;
    let bases: Vec<(String, Workload)> = if models.is_empty() {
        vec![("as written".to_string(), workload.clone())]
    } else {
        models
            .iter()
            .map(|m| {
                let (model, _) = table.resolve(m)?;
                let changes = Changes {
                    task: task.map(str::to_string),
                    to_model: Some(model.id.clone()),
                    escalation: Some(EscalationChange::Drop),
                    ..Changes::default()
                };
                Ok((model.id.clone(), apply(workload, &changes)?))
            })
            .collect::<Result<_>>()?
    };
    let series: Vec<Series> = bases
        .iter()
        .map(|(label, base)| Series {
            label: label.clone(),
            totals: values
                .iter()
                .map(|v| {
                    set(base, task, vary.field, *v)
                        .and_then(|w| estimate(table, &w))
                        .map(|e| e.total)
                        .map_err(|e| e.to_string())
                })
                .collect(),
        })
        .collect();
    let crossings = crossings(&values, &series);
    let cheapest = (0..values.len())
        .map(|i| {
            series
                .iter()
                .enumerate()
                .filter_map(|(k, s)| s.totals[i].as_ref().ok().map(|t| (*t, k)))
                .min()
                .map(|(_, k)| k)
        })
        .collect();
    let swept = |t: &&crate::workload::schema::Task| task.is_none_or(|n| n == t.name);
    let escalation_dropped = workload
        .tasks
        .iter()
        .filter(|t| !models.is_empty() && t.escalation.is_some())
        .filter(swept)
        .map(|t| t.name.clone())
        .collect();
    let cache_added = workload
        .tasks
        .iter()
        .filter(|t| vary.field == Field::HitRate && t.cache.is_none())
        .filter(swept)
        .map(|t| t.name.clone())
        .collect();
    Ok(Sweep {
        escalation_dropped,
        cache_added,
        field: vary.field,
        vary,
        values,
        log,
        period: workload.period,
        series,
        cheapest,
        crossings,
    })
}

/// Pairs of series whose difference changes sign between two grid values.
fn crossings(values: &[Decimal], series: &[Series]) -> Vec<Crossing> {
    let mut out = Vec::new();
    for (i, a) in series.iter().enumerate() {
        for b in &series[i + 1..] {
            for k in 1..values.len() {
                let (Ok(a0), Ok(a1), Ok(b0), Ok(b1)) = (
                    &a.totals[k - 1],
                    &a.totals[k],
                    &b.totals[k - 1],
                    &b.totals[k],
                ) else {
                    continue;
                };
                let (d0, d1) = (*a0 - *b0, *a1 - *b1);
                if d0.is_zero() || d0.is_sign_negative() == d1.is_sign_negative() || d1.is_zero() {
                    continue;
                }
                let t = d0 / (d0 - d1);
                let at = values[k - 1] + (values[k] - values[k - 1]) * t;
                let cost = *a0 + (*a1 - *a0) * t;
                let (above, below) = if d1.is_sign_negative() {
                    (a, b)
                } else {
                    (b, a)
                };
                out.push(Crossing {
                    cheaper_above: above.label.clone(),
                    cheaper_below: below.label.clone(),
                    at: at.round_sf(4).unwrap_or(at).normalize(),
                    cost,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn grids_are_linear_or_logarithmic() {
        let lin = grid(d("0"), d("1"), 5, false).unwrap();
        assert_eq!(lin, ["0", "0.25", "0.5", "0.75", "1"].map(d));
        let log = grid(d("100"), d("1000000"), 5, true).unwrap();
        assert_eq!(log, ["100", "1000", "10000", "100000", "1000000"].map(d));
    }

    #[test]
    fn crossings_are_found_where_the_order_swaps() {
        // a = 10 + x, b = 2x: equal at x = 10, cost 20; b is cheaper below, a above.
        let values = ["0", "5", "15", "20"].map(d).to_vec();
        let line = |label: &str, f: &dyn Fn(Decimal) -> Decimal| Series {
            label: label.into(),
            totals: values.iter().map(|x| Ok(f(*x))).collect(),
        };
        let series = [line("a", &|x| d("10") + x), line("b", &|x| d("2") * x)];
        let c = crossings(&values, &series);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].at, d("10"));
        assert_eq!(c[0].cost, d("20"));
        assert_eq!(c[0].cheaper_below, "b");
        assert_eq!(c[0].cheaper_above, "a");
    }

    #[test]
    fn vary_is_parsed_and_checked() {
        let v: Vary = "requests_per_day=1000..1000000".parse().unwrap();
        assert_eq!(v.field, Field::RequestsPerDay);
        assert!("hit_rate=0..2".parse::<Vary>().is_err());
        assert!("colour=1..2".parse::<Vary>().is_err());
        assert!("batch_share=0.5..0.1".parse::<Vary>().is_err());
    }
}
