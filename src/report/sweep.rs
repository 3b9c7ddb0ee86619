//! `sweep`: one row per grid value, one column per series, the cheapest marked, and the
//! break-even points where series cross.

use serde::Serialize;

use super::Report;
use super::sheet::{Sheet, usd_for};
use crate::money::{Exact, format_count};
use crate::workload::sweep::Sweep;

/// A CSV record: one series at one grid value (long form, so the columns do not depend on the
/// models swept).
#[derive(Serialize)]
pub struct SweepRow<'a> {
    field: &'static str,
    value: Exact,
    series: &'a str,
    total_usd: Option<Exact>,
    cheapest: bool,
}

impl Report for Sweep {
    type Row<'a> = SweepRow<'a>;

    fn sheets(&self) -> Vec<Sheet> {
        let sw = self;
        let max = sw
            .series
            .iter()
            .flat_map(|s| s.totals.iter().filter_map(|t| t.as_ref().ok().copied()))
            .max()
            .unwrap_or_default();
        let usd = usd_for(max);
        let mut notes = Vec::new();
        let rows: Vec<Vec<String>> = sw
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mut row = vec![format_count(*v)];
                for (k, s) in sw.series.iter().enumerate() {
                    row.push(match &s.totals[i] {
                        Ok(t) if sw.series.len() > 1 && sw.cheapest[i] == Some(k) => {
                            format!("{} ★", usd(*t))
                        }
                        Ok(t) => usd(*t),
                        Err(why) => {
                            notes.push(format!("{} at {}: {why}", s.label, format_count(*v)));
                            "n/a".into()
                        }
                    });
                }
                row
            })
            .collect();
        for c in &sw.crossings {
            notes.push(format!(
                "break-even: {} and {} cost the same, {}, at {} ≈ {}; above it {} is cheaper",
                c.cheaper_below,
                c.cheaper_above,
                usd(c.cost),
                sw.field.name(),
                format_count(c.at),
                c.cheaper_above
            ));
        }
        if sw.series.len() > 1 {
            notes.insert(0, "★ cheapest at that value".into());
        }
        if !sw.escalation_dropped.is_empty() {
            notes.push(format!(
                "each series runs every task on its model alone (as `compare` does): the \
                 escalation of {} is left out",
                names(&sw.escalation_dropped)
            ));
        }
        if !sw.cache_added.is_empty() {
            notes.push(format!(
                "{} had no cache: priced with a 5-minute TTL and one prefix to vary the hit rate",
                names(&sw.cache_added)
            ));
        }
        let title = format!(
            "Cost per {} as {} varies ({} grid), USD",
            sw.period.name(),
            sw.field.name(),
            if sw.log { "log" } else { "linear" }
        );
        let series = sw.series.iter().map(|s| s.label.as_str());
        let sheet = Sheet::new(title, &format!(">{}", sw.field.name())).cols_from(series, true);
        vec![sheet.rows(rows).notes(notes)]
    }

    fn rows(&self) -> Vec<SweepRow<'_>> {
        let mut rows = Vec::new();
        for (i, v) in self.values.iter().enumerate() {
            for (k, s) in self.series.iter().enumerate() {
                rows.push(SweepRow {
                    field: self.field.name(),
                    value: Exact(*v),
                    series: &s.label,
                    total_usd: s.totals[i].as_ref().ok().copied().map(Exact),
                    cheapest: self.cheapest[i] == Some(k),
                });
            }
        }
        rows
    }
}

/// Task names as the notes quote them: `a`, `b`.
fn names(tasks: &[String]) -> String {
    tasks
        .iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
