//! `quote`: one row per billed item with how its rate is made, then the total.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Report;
use super::sheet::{Sheet, cells, rate_made, usd_for};
use crate::billing::{Line, Quote};
use crate::money::{Exact, format_count, format_rate};

/// `claude-sonnet-4-6 (Claude Sonnet 4.6): 10,000 requests, real-time, standard speed, …`.
pub fn title(q: &Quote) -> String {
    format!(
        "{} ({}): {} {}, {}, {} speed, {} inference, platform {}",
        q.model,
        q.model_name,
        format_count(q.requests),
        if q.requests == Decimal::ONE {
            "request"
        } else {
            "requests"
        },
        if q.mode.batch { "batch" } else { "real-time" },
        q.mode.speed.name(),
        match q.mode.inference_geo {
            crate::billing::InferenceGeo::Global => "global",
            crate::billing::InferenceGeo::Us => "US-only",
        },
        q.mode.platform
    )
}

/// How a line's rate is made: `input $3 × 0.1 cache read × 0.5 batch`.
pub fn how(line: &Line) -> String {
    let factors = line.factors.iter().map(|f| (f.value, f.name));
    rate_made(&line.base.label, line.base.usd, factors)
}

/// What a line counts and what its rate is per: `("tokens", "MTok")` or
/// `("searches", "1K searches")`.
fn unit_per(line: &Line) -> (&'static str, &'static str) {
    if line.item.is_tokens() {
        ("tokens", "MTok")
    } else {
        ("searches", "1K searches")
    }
}

/// A CSV record of a quote; the `total` record leaves every column but the cost empty.
#[derive(Serialize, Default)]
pub struct QuoteRow<'a> {
    model: &'a str,
    item: &'static str,
    per_request: Option<Exact>,
    quantity: Option<Exact>,
    unit: &'static str,
    rate_usd: Option<Exact>,
    rate_per: &'static str,
    how: String,
    cost_usd: Exact,
}

impl Report for Quote {
    type Row<'a> = QuoteRow<'a>;

    fn sheets(&self) -> Vec<Sheet> {
        let usd = usd_for(self.total);
        let rows = self.lines.iter().map(|l| {
            cells![
                l.item.label(),
                format_count(l.per_request),
                format_count(l.quantity),
                format!("{}/{}", format_rate(l.rate), unit_per(l).1),
                how(l),
                usd(l.cost)
            ]
        });
        let tier = self.tier_above.map(|above| {
            format!(
                "prompt of {} tokens per request is over {}: the higher tier prices every token \
                 of the request, output included",
                format_count(self.prompt_tokens),
                format_count(Decimal::from(above))
            )
        });
        let sheet = Sheet::new(
            title(self),
            "item|>per request|>total|>rate|how the rate is made|>cost",
        );
        vec![
            sheet
                .rows(rows)
                .rows([cells!["total", "", "", "", "", usd(self.total)]])
                .notes(tier),
        ]
    }

    fn rows(&self) -> Vec<QuoteRow<'_>> {
        let mut rows: Vec<QuoteRow> = self
            .lines
            .iter()
            .map(|l| {
                let (unit, per) = unit_per(l);
                QuoteRow {
                    model: &self.model,
                    item: l.item.key(),
                    per_request: Some(Exact(l.per_request)),
                    quantity: Some(Exact(l.quantity)),
                    unit,
                    rate_usd: Some(Exact(l.rate)),
                    rate_per: per,
                    how: how(l),
                    cost_usd: Exact(l.cost),
                }
            })
            .collect();
        rows.push(QuoteRow {
            model: &self.model,
            item: "total",
            cost_usd: Exact(self.total),
            ..QuoteRow::default()
        });
        rows
    }
}
