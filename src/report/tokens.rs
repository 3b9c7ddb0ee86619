//! `tokens`: one row per text with its Claude tokens and input cost, and how they were counted
//! (Claude's vocabulary, or the base count × the content factor); for several models, each
//! model's count and its ratio to the first.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Report;
use super::sheet::{Sheet, cells, count_cell, count_of, dash, ratio, usd_range, with_range};
use crate::money::{Exact, format_count};
use crate::range::Range;
use crate::tokens::compare::TokenComparison;
use crate::tokens::{Fallback, MethodKind, TokenEstimate};

/// How the texts were counted: `Claude vocabulary claude-3` in titles and notes; in the
/// table's `method` column, short enough to repeat on every row: `claude-3 vocabulary`.
fn method_name(t: &TokenEstimate, column: bool) -> String {
    let family = t.family.map(|f| f.name());
    match (t.method, family) {
        (MethodKind::Cl100kFactor, _) => "cl100k × factor".to_string(),
        (_, Some(f)) if column => format!("{f} vocabulary"),
        (_, Some(f)) => format!("Claude vocabulary {f}"),
        (_, None) if column => "vocabulary".to_string(),
        (_, None) => "Claude vocabulary".to_string(),
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

/// A text's (or the total's) record; `factor` only for a cl100k × factor estimate.
fn token_row<'a>(
    path: &'a str,
    bytes: u64,
    content: &'static str,
    method: MethodKind,
    counts: (Option<u64>, Option<Range>, Range, Range),
) -> TokenRow<'a> {
    let (base_tokens, factor, tokens, cost) = counts;
    TokenRow {
        path,
        bytes,
        content,
        method,
        base_tokens,
        factor: factor.map(|x| Exact(x.typical)),
        factor_low: factor.map(|x| Exact(x.low)),
        factor_high: factor.map(|x| Exact(x.high)),
        tokens: Exact(tokens.typical),
        tokens_low: Exact(tokens.low),
        tokens_high: Exact(tokens.high),
        input_cost_usd: Exact(cost.typical),
        input_cost_low_usd: Exact(cost.low),
        input_cost_high_usd: Exact(cost.high),
    }
}

impl Report for TokenEstimate {
    type Row<'a> = TokenRow<'a>;

    fn sheets(&self) -> Vec<Sheet> {
        let t = self;
        let largest = t.total_input_cost.high;
        let estimated = t.method == MethodKind::Cl100kFactor;
        let method = method_name(t, true);
        let optional = |n: Option<u64>| n.map_or_else(String::new, |n| format_count(n.into()));
        // The base count and factor columns only for an estimate.
        let row = |mut row: Vec<String>, base, factor: Option<Range>, tokens, cost| {
            if estimated {
                row.push(optional(base));
                row.push(factor.map_or_else(String::new, |x| with_range(x, &ratio)));
            }
            row.extend([count_cell(tokens), usd_range(cost, largest)]);
            row
        };
        let rows = t.files.iter().map(|f| {
            let text = cells![
                &f.name,
                format_count(f.bytes.into()),
                f.content.name(),
                &method
            ];
            row(text, f.base_tokens, f.factor, f.tokens, f.input_cost)
        });
        let total = cells![
            format!("total ({})", count_of(t.files.len() as u64, "file")),
            format_count(t.total_bytes.into()),
            "",
            "",
        ];
        let total = row(
            total,
            t.total_base_tokens,
            None,
            t.total_tokens,
            t.total_input_cost,
        );
        let title = format!(
            "Tokens for {} (tokenizer {}), counted with {}",
            t.model,
            t.tokenizer,
            method_name(t, false)
        );
        let mut sheet = Sheet::new(title, "file|>bytes|content|method");
        if estimated {
            sheet = sheet
                .col(t.base_encoding.unwrap_or_default(), true)
                .col("factor", true);
        }
        let sheet = sheet
            .cols(">Claude tokens|>as input")
            .rows(rows)
            .rows([total]);
        let drop: &[usize] = if estimated { &[3, 1, 2, 4] } else { &[3, 1, 2] };
        vec![sheet.notes(method_notes(t)).droppable(drop)]
    }

    fn rows(&self) -> Vec<TokenRow<'_>> {
        let files = self.files.iter().map(|f| {
            let counts = (f.base_tokens, f.factor, f.tokens, f.input_cost);
            token_row(&f.name, f.bytes, f.content.name(), self.method, counts)
        });
        let total = (
            self.total_base_tokens,
            None,
            self.total_tokens,
            self.total_input_cost,
        );
        let total = token_row("total", self.total_bytes, "", self.method, total);
        files.chain([total]).collect()
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
        // Two models: one ratio column; more: one per later model.
        let two = self.models.len() == 2;
        let ratios = self.models[1..].iter().map(|m| match two {
            true => "ratio".to_string(),
            false => format!("{} ratio", m.model),
        });
        let ratio_cell = |r: &Option<Decimal>| dash(*r, |r| format!("×{}", ratio(r)));
        let row = |c: &crate::tokens::compare::CountsAcross| {
            let mut row = cells![&c.path];
            row.extend(c.tokens.iter().map(|t| count_cell(*t)));
            row.extend(c.ratios.iter().map(ratio_cell));
            row
        };
        let rows = self.files.iter().chain([&self.total]).map(row);
        let notes: Vec<String> = self
            .models
            .iter()
            .map(|m| {
                format!(
                    "{}: {} tokenizer, counted with {}",
                    m.model,
                    m.tokenizer,
                    method_name(m, false)
                )
            })
            .collect();
        let title = format!(
            "Tokens of the same texts on {} models, and each as a ratio to {first}",
            self.models.len()
        );
        let sheet =
            Sheet::new(title, "file").cols_from(self.models.iter().map(|m| m.model.as_str()), true);
        let sheet = sheet.cols_from(ratios, true).rows(rows).notes(notes);
        vec![sheet.notes_once(self.models.iter().flat_map(method_notes))]
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
