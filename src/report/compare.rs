//! `compare`: models × modes, the cheapest cell marked, savings against the workload as
//! written, and the tokenizer conversions the cells applied.

use serde::Serialize;

use super::Report;
use super::sheet::{Sheet, days, ratio, usd_for};
use rust_decimal::Decimal;

use crate::money::{Exact, format_count};
use crate::workload::compare::{Conversion, NotCached};
use crate::workload::{CompareMode, Comparison};

impl std::fmt::Display for Conversion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&conversion_text(self))
    }
}

/// Which count was converted, and by how much, in one line.
fn conversion_text(c: &Conversion) -> String {
    let count = |d| format_count(d);
    format!(
        "{}, {}: {} {} per request measured on {} ({}) → {} {} tokens at ×{} (range {}–{})",
        c.model,
        c.task,
        count(c.count),
        super::estimate::role(c.role),
        c.measured_on,
        c.from_tokenizer,
        count(c.tokens.typical),
        c.to_tokenizer,
        ratio(c.factor.typical),
        count(c.tokens.low),
        count(c.tokens.high)
    )
}

/// The conversions under the † mark: one line per tokenizer change with the models it applies
/// to, then each task's converted counts (the same for every model of that tokenizer).
fn conversion_notes(conversions: &[Conversion]) -> Vec<String> {
    if conversions.is_empty() {
        return Vec::new();
    }
    let mut notes = vec![
        "† token counts converted: each task's counts are taken in the tokenizer of the model it \
         names"
            .to_string(),
    ];
    let key = |c: &Conversion| (c.from_tokenizer.clone(), c.to_tokenizer.clone(), c.factor);
    let mut seen = Vec::new();
    for c in conversions {
        if seen.contains(&key(c)) {
            continue;
        }
        seen.push(key(c));
        let group: Vec<&Conversion> = conversions.iter().filter(|x| key(x) == key(c)).collect();
        let mut models: Vec<&str> = group.iter().map(|x| x.model.as_str()).collect();
        models.dedup();
        notes.push(format!(
            "  {} → {} at ×{} (range {}–{}), for {}:",
            c.from_tokenizer,
            c.to_tokenizer,
            ratio(c.factor.typical),
            ratio(c.factor.low),
            ratio(c.factor.high),
            models.join(", ")
        ));
        let first = group.iter().filter(|x| x.model == c.model);
        let mut tasks: Vec<(&str, &str, Vec<String>)> = Vec::new();
        for x in first {
            let count = format!(
                "{} {} → {} ({}–{})",
                format_count(x.count),
                super::estimate::role(x.role),
                format_count(x.tokens.typical),
                format_count(x.tokens.low),
                format_count(x.tokens.high)
            );
            match tasks.iter_mut().find(|(t, _, _)| *t == x.task) {
                Some((_, _, counts)) => counts.push(count),
                None => tasks.push((&x.task, &x.measured_on, vec![count])),
            }
        }
        for (task, on, counts) in tasks {
            notes.push(format!(
                "    {task} (measured on {on}): {}",
                counts.join("; ")
            ));
        }
    }
    notes
}

/// Why a cache mode's cell did not cache a task.
fn not_cached_text(model: &str, n: &NotCached) -> String {
    let why = if n.prefix_tokens.is_zero() {
        "has no prefix to cache".to_string()
    } else {
        format!(
            "has a {}-token prefix, below the model's {}-token cache minimum",
            format_count(n.prefix_tokens),
            format_count(Decimal::from(n.minimum))
        )
    };
    format!(
        "{model}, cache modes: {} {why}: priced without the cache",
        n.task
    )
}

/// A CSV record: one cell, the workload as written first.
#[derive(Serialize)]
pub struct CompareRow<'a> {
    model: &'a str,
    mode: &'a str,
    total_usd: Option<Exact>,
    saving_usd: Option<Exact>,
    cheapest: bool,
    converted: bool,
}

impl Report for Comparison {
    type Row<'a> = CompareRow<'a>;

    fn sheets(&self) -> Vec<Sheet> {
        let c = self;
        let usd = usd_for(c.as_written);
        let mut notes = vec![
            "★ cheapest; savings are against the workload as written".to_string(),
            "each cell runs every task on the model (no escalation); cache modes use the task's \
             cache settings, or a 5m TTL with an auto hit rate"
                .to_string(),
        ];
        let mut unavailable = Vec::new();
        let rows: Vec<Vec<String>> = c
            .models
            .iter()
            .map(|model| {
                let mut row = vec![model.clone()];
                for cell in c.cells.iter().filter(|x| &x.model == model) {
                    row.push(match (cell.total, cell.saving) {
                        (Some(t), Some(saving)) => {
                            let mark = match (cell.converted, cell.cheapest) {
                                (true, true) => " † ★",
                                (true, false) => " †",
                                (false, true) => " ★",
                                (false, false) => "",
                            };
                            let delta = if saving.is_sign_negative() && !saving.is_zero() {
                                format!("+{}", usd(-saving))
                            } else {
                                format!("saves {}", usd(saving))
                            };
                            format!("{} ({delta}){mark}", usd(t))
                        }
                        _ => {
                            unavailable.push(format!(
                                "{model}, {}: {}",
                                cell.mode.label(),
                                cell.error.as_deref().unwrap_or("cannot be priced")
                            ));
                            "n/a".to_string()
                        }
                    });
                }
                row
            })
            .collect();
        notes.extend(unavailable);
        // Both cache modes of a model miss the cache for the same tasks: said once.
        let not_cached = c.cells.iter().flat_map(|cell| {
            let model = &cell.model;
            cell.not_cached
                .iter()
                .map(move |n| not_cached_text(model, n))
        });
        let title = format!(
            "{}: cost of a {} ({}), USD; as written: {}",
            c.name,
            c.period.name(),
            days(c.days),
            usd(c.as_written)
        );
        let modes = CompareMode::ALL.iter().map(|m| m.label());
        let sheet = Sheet::new(title, "model").cols_from(modes, true).rows(rows);
        let notes = sheet.notes(notes).notes_once(not_cached);
        vec![notes.notes(conversion_notes(&c.conversions))]
    }

    fn rows(&self) -> Vec<CompareRow<'_>> {
        let mut rows = vec![CompareRow {
            model: "as written",
            mode: "as written",
            total_usd: Some(Exact(self.as_written)),
            saving_usd: Some(Exact(rust_decimal::Decimal::ZERO)),
            cheapest: false,
            converted: false,
        }];
        rows.extend(self.cells.iter().map(|cell| CompareRow {
            model: &cell.model,
            mode: cell.mode.key(),
            total_usd: cell.total.map(Exact),
            saving_usd: cell.saving.map(Exact),
            cheapest: cell.cheapest,
            converted: cell.converted,
        }));
        rows
    }
}
