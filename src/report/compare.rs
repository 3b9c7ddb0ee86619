//! `compare`: models × modes, the cheapest cell marked, savings against the workload as
//! written, and the tokenizer conversions the cells applied.

use serde::Serialize;

use super::Report;
use super::sheet::{Sheet, days, ratio, usd_for};
use crate::money::Exact;
use crate::workload::compare::Conversion;
use crate::workload::{CompareMode, Comparison};

impl std::fmt::Display for Conversion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&conversion_text(self))
    }
}

/// How a conversion was applied, in one line.
fn conversion_text(c: &Conversion) -> String {
    format!(
        "{}: token counts measured on the {} tokenizer are converted to {} at ×{} (range {}–{})",
        c.model,
        c.from_tokenizer,
        c.to_tokenizer,
        ratio(c.factor.typical),
        ratio(c.factor.low),
        ratio(c.factor.high)
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
}

impl Report for Comparison {
    type Row<'a> = CompareRow<'a>;

    fn sheets(&self) -> Vec<Sheet> {
        let c = self;
        let usd = usd_for(c.as_written);
        let mut header = vec!["model".to_string()];
        header.extend(CompareMode::ALL.iter().map(|m| m.label().to_string()));
        let mut notes = vec![
            "★ cheapest; savings are against the workload as written".to_string(),
            "each cell runs every task on the model (no escalation); cache modes use the task's \
             cache settings, or a 5m TTL with an auto hit rate"
                .to_string(),
        ];
        let mut unavailable = Vec::new();
        let rows = c
            .models
            .iter()
            .map(|model| {
                let mut row = vec![model.clone()];
                for cell in c.cells.iter().filter(|x| &x.model == model) {
                    row.push(match (cell.total, cell.saving) {
                        (Some(t), Some(saving)) => {
                            let mark = if cell.cheapest { " ★" } else { "" };
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
        notes.extend(c.conversions.iter().map(conversion_text));
        vec![Sheet {
            title: vec![format!(
                "{}: cost of a {} ({}), USD; as written: {}",
                c.name,
                c.period.name(),
                days(c.days),
                usd(c.as_written)
            )],
            right_aligned: (1..header.len()).collect(),
            header,
            rows,
            notes,
            drop_first: Vec::new(),
        }]
    }

    fn rows(&self) -> Vec<CompareRow<'_>> {
        let mut rows = vec![CompareRow {
            model: "as written",
            mode: "as written",
            total_usd: Some(Exact(self.as_written)),
            saving_usd: Some(Exact(rust_decimal::Decimal::ZERO)),
            cheapest: false,
        }];
        rows.extend(self.cells.iter().map(|cell| CompareRow {
            model: &cell.model,
            mode: cell.mode.key(),
            total_usd: cell.total.map(Exact),
            saving_usd: cell.saving.map(Exact),
            cheapest: cell.cheapest,
        }));
        rows
    }
}
