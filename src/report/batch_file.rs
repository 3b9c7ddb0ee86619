//! `batch-file`: per model, tokens by class, output ceiling and guess, batch and real-time cost.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Report;
use super::sheet::{Sheet, cells, count_cell, percent, usd_for, usd_range};
use crate::money::{Exact, format_count};
use crate::tokens::MethodKind;
use crate::tokens::batch_file::{BatchEstimate, ModelTotal};

/// The cache-hit assumption and what it spans, when some request repeats a cached prefix.
fn hits_note(b: &BatchEstimate, usd: &dyn Fn(Decimal) -> String) -> Option<String> {
    let t = &b.total;
    (t.batch_no_hits != t.batch_all_hits).then(|| {
        format!(
            "cache hits: {} of the requests after the first with a cached prefix are assumed to \
             read it; batch requests run concurrently and hits are best effort (a 1-hour TTL \
             keeps shared context longer): from {} with no hits to {} with all",
            percent(b.cache_hit_rate),
            usd(t.batch_no_hits),
            usd(t.batch_all_hits)
        )
    })
}

/// How the input was counted, by model.
fn counting_note(b: &BatchEstimate) -> String {
    let of = |kind: MethodKind| {
        b.models
            .iter()
            .filter(|m| m.method == Some(kind))
            .map(|m| m.model.as_str())
            .collect::<Vec<_>>()
    };
    let (exact, estimated) = (
        of(MethodKind::ClaudeVocabulary),
        of(MethodKind::Cl100kFactor),
    );
    let mut parts = Vec::new();
    if !exact.is_empty() {
        parts.push(format!(
            "counted in Claude's vocabulary of the model, each block on its own and each \
             message adding the model's frame ({})",
            exact.join(", ")
        ));
    }
    if !estimated.is_empty() {
        parts.push(format!(
            "cl100k_base estimates converted with the tokenizer's factors, range in brackets \
             ({}: no reconstructed vocabulary)",
            estimated.join(", ")
        ));
    }
    format!("input tokens: {}", parts.join("; "))
}

/// A CSV record: one model.
#[derive(Serialize)]
pub struct BatchRow<'a> {
    model: &'a str,
    requests: u64,
    input_tokens: Exact,
    cache_write_tokens: Exact,
    cache_read_tokens: Exact,
    output_tokens_ceiling: Exact,
    output_tokens_typical: Option<Exact>,
    batch_cost_usd: Exact,
    batch_cost_low_usd: Exact,
    batch_cost_high_usd: Exact,
    batch_cost_at_max_tokens_usd: Exact,
    real_time_cost_usd: Exact,
    batch_cost_no_hits_usd: Exact,
    batch_cost_all_hits_usd: Exact,
}

impl Report for BatchEstimate {
    type Row<'a> = BatchRow<'a>;

    fn sheets(&self) -> Vec<Sheet> {
        let b = self;
        let t = &b.total;
        let largest = t.batch.high.max(t.batch_ceiling);
        let usd = usd_for(largest);
        let whole = |d: Decimal| format_count(d.round());
        // A model's row and the total row; the total leaves the output column empty.
        let row = |label: &str, requests: u64, m: &ModelTotal, output: String| {
            cells![
                label,
                format_count(requests.into()),
                count_cell(m.input),
                whole(m.cache_write.typical),
                whole(m.cache_read.typical),
                output,
                usd_range(m.batch, largest),
                usd(m.batch_ceiling),
                usd_range(m.real_time, largest),
            ]
        };
        let rows = b.models.iter().map(|m| {
            let output = match m.output_typical {
                Some(t) => format!("{} of {}", whole(t), whole(m.output_ceiling)),
                None => format!("≤ {}", whole(m.output_ceiling)),
            };
            row(&m.model, m.requests, m, output)
        });
        let total = row("total", b.requests, t, String::new());
        let output = if b.output_guessed {
            "costs use the typical output guess; \"batch at max_tokens\" is the ceiling"
        } else {
            "no output guess given (--output-tokens or --output-ratio): costs assume every \
             request uses its max_tokens"
        };
        let saving = format!(
            "the Batch API saves {} against real-time",
            usd(t.batch_saving)
        );
        let title = format!(
            "Message Batches file: {} requests on {} lines, {} bytes",
            format_count(b.requests.into()),
            format_count(Decimal::from(b.lines as u64)),
            format_count(b.bytes.into())
        );
        let sheet = Sheet::new(
            title,
            "model|>requests|>input tokens (range)|>cache write|>cache read|>output|\
             >batch cost (range)|>batch at max_tokens|>same real-time",
        );
        let notes = [output.to_string(), saving, counting_note(b)];
        let sheet = sheet
            .rows(rows)
            .rows([total])
            .notes(notes)
            .notes(hits_note(b, &usd));
        vec![sheet.droppable(&[7, 3, 4])]
    }

    fn rows(&self) -> Vec<BatchRow<'_>> {
        self.models
            .iter()
            .map(|m| BatchRow {
                model: &m.model,
                requests: m.requests,
                input_tokens: Exact(m.input.typical),
                cache_write_tokens: Exact(m.cache_write.typical),
                cache_read_tokens: Exact(m.cache_read.typical),
                output_tokens_ceiling: Exact(m.output_ceiling),
                output_tokens_typical: m.output_typical.map(Exact),
                batch_cost_usd: Exact(m.batch.typical),
                batch_cost_low_usd: Exact(m.batch.low),
                batch_cost_high_usd: Exact(m.batch.high),
                batch_cost_at_max_tokens_usd: Exact(m.batch_ceiling),
                real_time_cost_usd: Exact(m.real_time.typical),
                batch_cost_no_hits_usd: Exact(m.batch_no_hits),
                batch_cost_all_hits_usd: Exact(m.batch_all_hits),
            })
            .collect()
    }
}
