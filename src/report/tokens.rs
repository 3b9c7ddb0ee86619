//! `tokens`: one row per text with its Claude tokens and input cost, and how they were counted
//! (Claude's vocabulary, or the base count × the content factor); for several models, each
//! model's count and its ratio to the first.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Report;
use super::sheet::{Sheet, count_cell, ratio, usd_range, with_range};
use crate::money::{Exact, format_count};
use crate::tokens::compare::TokenComparison;
use crate::tokens::{Fallback, MethodKind, TokenEstimate};

fn method_name(t: &TokenEstimate) -> String {
    match (t.method, t.family) {
        (MethodKind::ClaudeVocabulary, Some(f)) => format!("Claude vocabulary {}", f.name()),
        (MethodKind::ClaudeVocabulary, None) => "Claude vocabulary".to_string(),
        (MethodKind::Cl100kFactor, _) => "cl100k × factor".to_string(),
    }
}

/// What the method means for these figures, as notes.
fn method_notes(t: &TokenEstimate) -> Vec<String> {
    match t.method {
        MethodKind::ClaudeVocabulary => vec![
            format!(
                "counted with Claude's {} vocabulary, reconstructed offline (unofficial; exact \
                 against ctok 1.3.0, which reports exact agreement with recorded count_tokens \
                 responses on its published corpora): {}",
                t.family.map_or("", |f| f.name()),
                t.source
            ),
            format!(
                "each text is counted as the content of one message; a request adds {} tokens \
                 per message on {}",
                t.frame_tokens.unwrap_or_default(),
                t.model
            ),
        ],
        MethodKind::Cl100kFactor => vec![
            match t.fallback {
                Some(Fallback::Asked) => format!(
                    "the cl100k × factor estimate, as asked (the {} tokenizer has a reconstructed \
                 vocabulary that counts exactly)",
                    t.tokenizer
                ),
                _ => format!(
                    "the {} tokenizer has no reconstructed vocabulary: these are estimates, and \
                 the range is what published measurements span for this content \
                 (`burnrate calibrate` narrows it with your counts)",
                    t.tokenizer
                ),
            },
            format!("factors: {}", t.source),
        ],
    }
}

/// A CSV record: one text (or the `total`), every figure at full precision.
#[derive(Serialize)]
pub struct TokenRow<'a> {
    path: &'a str,
    bytes: u64,
    content: &'static str,
    method: MethodKind,
    base_tokens: Option<u64>,
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
        let estimated = t.method == MethodKind::Cl100kFactor;
        let method = match (t.method, t.family) {
            (MethodKind::ClaudeVocabulary, Some(f)) => format!("{} vocabulary", f.name()),
            (MethodKind::ClaudeVocabulary, None) => "vocabulary".to_string(),
            (MethodKind::Cl100kFactor, _) => "cl100k × factor".to_string(),
        };
        let optional = |n: Option<u64>| n.map_or_else(String::new, |n| format_count(n.into()));
        let mut rows: Vec<Vec<String>> = t
            .files
            .iter()
            .map(|f| {
                let mut row = vec![
                    f.name.clone(),
                    format_count(Decimal::from(f.bytes)),
                    f.content.name().to_string(),
                    method.clone(),
                ];
                if estimated {
                    row.push(optional(f.base_tokens));
                    row.push(f.factor.map_or_else(String::new, |x| with_range(x, &ratio)));
                }
                row.push(count_cell(f.tokens));
                row.push(usd_range(f.input_cost, largest));
                row
            })
            .collect();
        let mut total = vec![
            format!(
                "total ({} file{})",
                t.files.len(),
                if t.files.len() == 1 { "" } else { "s" }
            ),
            format_count(Decimal::from(t.total_bytes)),
            String::new(),
            String::new(),
        ];
        if estimated {
            total.push(optional(t.total_base_tokens));
            total.push(String::new());
        }
        total.push(count_cell(t.total_tokens));
        total.push(usd_range(t.total_input_cost, largest));
        rows.push(total);
        let mut header: Vec<String> = vec![
            "file".into(),
            "bytes".into(),
            "content".into(),
            "method".into(),
        ];
        if estimated {
            header.push(t.base_encoding.unwrap_or_default().to_string());
            header.push("factor".into());
        }
        header.push("Claude tokens".into());
        header.push("as input".into());
        let n = header.len();
        vec![Sheet {
            title: vec![format!(
                "Tokens for {} (tokenizer {}), counted with {}",
                t.model,
                t.tokenizer,
                method_name(t)
            )],
            header,
            rows,
            right_aligned: std::iter::once(1).chain(4..n).collect(),
            notes: method_notes(t),
            drop_first: if estimated {
                vec![3, 1, 2, 4]
            } else {
                vec![3, 1, 2]
            },
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
                method: self.method,
                base_tokens: f.base_tokens,
                factor: f.factor.map(|x| Exact(x.typical)),
                factor_low: f.factor.map(|x| Exact(x.low)),
                factor_high: f.factor.map(|x| Exact(x.high)),
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
            method: self.method,
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

/// A CSV record of a comparison: one text (or the `total`) on one model.
#[derive(Serialize)]
pub struct ComparisonRow<'a> {
    path: &'a str,
    model: &'a str,
    method: MethodKind,
    tokens: Exact,
    tokens_low: Exact,
    tokens_high: Exact,
    ratio_to_first: Option<Exact>,
}

impl Report for TokenComparison {
    type Row<'a> = ComparisonRow<'a>;

    fn sheets(&self) -> Vec<Sheet> {
        let first = &self.models[0].model;
        let mut header = vec!["file".to_string()];
        header.extend(self.models.iter().map(|m| m.model.clone()));
        // Two models: one ratio column; more: one per later model.
        let two = self.models.len() == 2;
        header.extend(self.models[1..].iter().map(|m| {
            if two {
                "ratio".to_string()
            } else {
                format!("{} ratio", m.model)
            }
        }));
        let ratio_cell =
            |r: &Option<Decimal>| r.map_or_else(|| "-".to_string(), |r| format!("×{}", ratio(r)));
        let row = |c: &crate::tokens::compare::CountsAcross| {
            let mut row = vec![c.path.clone()];
            row.extend(c.tokens.iter().map(|t| count_cell(*t)));
            row.extend(c.ratios.iter().map(ratio_cell));
            row
        };
        let mut rows: Vec<Vec<String>> = self.files.iter().map(row).collect();
        rows.push(row(&self.total));
        let mut notes: Vec<String> = self
            .models
            .iter()
            .map(|m| {
                format!(
                    "{}: {} tokenizer, counted with {}",
                    m.model,
                    m.tokenizer,
                    method_name(m)
                )
            })
            .collect();
        for m in &self.models {
            for note in method_notes(m) {
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
        }
        let n = header.len();
        vec![Sheet {
            title: vec![format!(
                "Tokens of the same texts on {} models, and each as a ratio to {first}",
                self.models.len()
            )],
            header,
            rows,
            right_aligned: (1..n).collect(),
            notes,
            drop_first: Vec::new(),
        }]
    }

    fn rows(&self) -> Vec<ComparisonRow<'_>> {
        let mut out = Vec::new();
        for c in self.files.iter().chain(std::iter::once(&self.total)) {
            for (i, (m, t)) in self.models.iter().zip(&c.tokens).enumerate() {
                out.push(ComparisonRow {
                    path: &c.path,
                    model: &m.model,
                    method: m.method,
                    tokens: Exact(t.typical),
                    tokens_low: Exact(t.low),
                    tokens_high: Exact(t.high),
                    ratio_to_first: i
                        .checked_sub(1)
                        .and_then(|k| c.ratios.get(k).copied().flatten())
                        .map(Exact),
                });
            }
        }
        out
    }
}
