//! `quote`: one row per billed item with how its rate is made, then the total.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Report;
use super::sheet::{Sheet, columns, usd_for};
use crate::billing::{Line, Quote};
use crate::money::{Exact, format_count, format_factor, format_rate};

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
    let mut text = format!("{} {}", line.base.label, format_rate(line.base.usd));
    for f in &line.factors {
        text.push_str(&format!(" × {} {}", format_factor(f.value), f.name));
    }
    text
}

fn rate_with_unit(line: &Line) -> String {
    if line.item.is_tokens() {
        format!("{}/MTok", format_rate(line.rate))
    } else {
        format!("{}/1K searches", format_rate(line.rate))
    }
}

/// A CSV record of a quote.
#[derive(Serialize)]
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
        let mut rows: Vec<Vec<String>> = self
            .lines
            .iter()
            .map(|l| {
                vec![
                    l.item.label().to_string(),
                    format_count(l.per_request),
                    format_count(l.quantity),
                    rate_with_unit(l),
                    how(l),
                    usd(l.cost),
                ]
            })
            .collect();
        let mut total = vec![String::new(); 6];
        total[0] = "total".into();
        total[5] = usd(self.total);
        rows.push(total);
        let mut notes = Vec::new();
        if let Some(above) = self.tier_above {
            notes.push(format!(
                "prompt of {} tokens per request is over {}: the higher tier prices every token \
                 of the request, output included",
                format_count(self.prompt_tokens),
                format_count(Decimal::from(above))
            ));
        }
        vec![Sheet {
            title: vec![title(self)],
            header: columns("item|per request|total|rate|how the rate is made|cost"),
            rows,
            right_aligned: vec![1, 2, 3, 5],
            notes,
            drop_first: Vec::new(),
        }]
    }

    fn rows(&self) -> Vec<QuoteRow<'_>> {
        let mut rows: Vec<QuoteRow> = self
            .lines
            .iter()
            .map(|l| {
                let (unit, per) = if l.item.is_tokens() {
                    ("tokens", "MTok")
                } else {
                    ("searches", "1K searches")
                };
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
            per_request: None,
            quantity: None,
            unit: "",
            rate_usd: None,
            rate_per: "",
            how: String::new(),
            cost_usd: Exact(self.total),
        });
        rows
    }
}
