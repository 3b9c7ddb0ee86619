//! `tokens`: one row per text with its base count, factor, Claude tokens and input cost.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Report;
use super::sheet::{Sheet, ratio, usd_range, with_range};
use crate::money::{Exact, format_count};
use crate::tokens::TokenEstimate;

/// A CSV record: one text (or the `total`), every figure at full precision.
#[derive(Serialize)]
pub struct TokenRow<'a> {
    path: &'a str,
    bytes: u64,
    content: &'static str,
    base_tokens: u64,
    factor: Option<Exact>,
    factor_low: Option<Exact>,
    factor_high: Option<Exact>,
    tokens: Exact,
    tokens_low: Exact,
    tokens_high: Exact,
    input_cost_usd: Exact,
    input_cost_low_usd: Exact,
    input_cost_high_usd: Exact,
}

impl Report for TokenEstimate {
    type Row<'a> = TokenRow<'a>;

    fn sheets(&self) -> Vec<Sheet> {
        let t = self;
        let largest = t.total_input_cost.high;
        let whole = |d: Decimal| format_count(d.round());
        let whole_range = |r: crate::range::Range| format!("{}–{}", whole(r.low), whole(r.high));
        let mut rows: Vec<Vec<String>> = t
            .files
            .iter()
            .map(|f| {
                vec![
                    f.name.clone(),
                    format_count(Decimal::from(f.bytes)),
                    f.content.name().to_string(),
                    format_count(Decimal::from(f.base_tokens)),
                    with_range(f.factor, &ratio),
                    whole(f.tokens.typical),
                    whole_range(f.tokens),
                    usd_range(f.input_cost, largest),
                ]
            })
            .collect();
        rows.push(vec![
            format!("total ({} files)", t.files.len()),
            format_count(Decimal::from(t.total_bytes)),
            String::new(),
            format_count(Decimal::from(t.total_base_tokens)),
            String::new(),
            whole(t.total_tokens.typical),
            whole_range(t.total_tokens),
            usd_range(t.total_input_cost, largest),
        ]);
        vec![Sheet {
            title: vec![format!(
                "Estimated tokens for {} (tokenizer {}): {} count × factor for the content",
                t.model, t.tokenizer, t.base_encoding
            )],
            header: vec![
                "file".into(),
                "bytes".into(),
                "content".into(),
                t.base_encoding.to_string(),
                "factor".into(),
                "Claude tokens".into(),
                "range".into(),
                "as input".into(),
            ],
            rows,
            right_aligned: vec![1, 3, 4, 5, 6, 7],
            notes: vec![
                "Claude's tokenizer is not public: these are estimates; the range is what \
                 published measurements span for this content (`burnrate calibrate` narrows it \
                 with your counts)"
                    .into(),
                format!("factors: {}", t.factors_source),
            ],
            drop_first: vec![1, 2, 3, 6],
        }]
    }

    fn rows(&self) -> Vec<TokenRow<'_>> {
        let mut rows: Vec<TokenRow> = self
            .files
            .iter()
            .map(|f| TokenRow {
                path: &f.name,
                bytes: f.bytes,
                content: f.content.name(),
                base_tokens: f.base_tokens,
                factor: Some(Exact(f.factor.typical)),
                factor_low: Some(Exact(f.factor.low)),
                factor_high: Some(Exact(f.factor.high)),
                tokens: Exact(f.tokens.typical),
                tokens_low: Exact(f.tokens.low),
                tokens_high: Exact(f.tokens.high),
                input_cost_usd: Exact(f.input_cost.typical),
                input_cost_low_usd: Exact(f.input_cost.low),
                input_cost_high_usd: Exact(f.input_cost.high),
            })
            .collect();
        rows.push(TokenRow {
            path: "total",
            bytes: self.total_bytes,
            content: "",
            base_tokens: self.total_base_tokens,
            factor: None,
            factor_low: None,
            factor_high: None,
            tokens: Exact(self.total_tokens.typical),
            tokens_low: Exact(self.total_tokens.low),
            tokens_high: Exact(self.total_tokens.high),
            input_cost_usd: Exact(self.total_input_cost.typical),
            input_cost_low_usd: Exact(self.total_input_cost.low),
            input_cost_high_usd: Exact(self.total_input_cost.high),
        });
        rows
    }
}
