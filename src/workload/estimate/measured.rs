//! Per-request token counts on a model: a number as given (converted when it was measured in
//! another tokenizer), or the mean of sample files' counts in the model's Claude vocabulary
//! (exact; a user message adds its frame), or, for a tokenizer without one, their base-encoding
//! counts times the model's content factors. Each count that is not a plain number is described for the report.

use rust_decimal::Decimal;

use super::result::{Measured, MeasuredFrom, TokenRole};
use crate::error::{Error, FactorsFor, Result};
use crate::money::{add, div, mul};
use crate::pricing::{Model, PricingTable};
use crate::range::{Pick, Range};
use crate::tokens::method::{ClaudeCount, Method};
use crate::workload::schema::{Task, TextSample, TokenSource};

/// Per-request tokens of `source` (the count of `role`) on `model`, at the `pick` end of its
/// range.
pub(super) fn tokens(
    table: &PricingTable,
    model: &Model,
    measured_on: &str,
    role: TokenRole,
    source: &TokenSource,
    pick: Pick,
) -> Result<Decimal> {
    Ok(range(table, model, measured_on, role, source)?.pick(pick))
}

/// How sample files are counted on `model`.
fn method(table: &PricingTable, model: &Model, sample: &TextSample) -> Result<Method> {
    Method::of(
        table,
        model,
        FactorsFor::Sample {
            model: model.id.clone(),
            pattern: sample.pattern.clone(),
        },
    )
}

/// The message frame a sample's count carries: a user message's, once per request; a system
/// prompt and the output are not messages of their own.
fn frame_for(role: TokenRole, method: &Method) -> u64 {
    match role {
        TokenRole::User => method.frame(),
        TokenRole::System | TokenRole::Output => 0,
    }
}

/// Per-request tokens of `source` on `model` with their range: exact when Claude's vocabulary
/// counted the sample files.
fn range(
    table: &PricingTable,
    model: &Model,
    measured_on: &str,
    role: TokenRole,
    source: &TokenSource,
) -> Result<Range> {
    let sample = match source {
        TokenSource::Count(n) => {
            let factor = conversion(table, measured_on, model)?;
            return factor.map(|f| mul(*n, f, "a converted token count"));
        }
        TokenSource::Text(sample) => sample,
    };
    let what = "tokens measured from text";
    let files = Decimal::from(sample.files.len());
    let method = method(table, model, sample)?;
    match &method {
        Method::Claude { count, .. } => {
            let total = claude_total(sample, *count)?;
            let mean = div(Decimal::from(total), files, what)?;
            let frame = Decimal::from(frame_for(role, &method));
            Ok(Range::exact(add(mean, frame, what)?))
        }
        Method::Factors { factors, .. } => {
            let mut total = Range::default();
            for f in &sample.files {
                let factor = Range::from(f.content.factor(factors));
                let tokens = factor.map(|x| mul(Decimal::from(f.base_tokens), x, what))?;
                total = Range {
                    typical: add(total.typical, tokens.typical, what)?,
                    low: add(total.low, tokens.low, what)?,
                    high: add(total.high, tokens.high, what)?,
                };
            }
            total.map(|t| div(t, files, what))
        }
    }
}

/// The sample files' content tokens in `count`, summed.
fn claude_total(sample: &TextSample, count: ClaudeCount) -> Result<u64> {
    sample
        .files
        .iter()
        .map(|f| f.claude_tokens(count).unwrap_or_default())
        .try_fold(0u64, u64::checked_add)
        .ok_or_else(|| Error::Overflow("the tokens of the sample files".to_string()))
}

/// The conversion from the tokenizer of `measured_on` (a model id) to `model`'s tokenizer.
fn conversion(table: &PricingTable, measured_on: &str, model: &Model) -> Result<Range> {
    let (from, _) = table.resolve(measured_on)?;
    table
        .conversion(&from.tokenizer, &model.tokenizer)
        .ok_or_else(|| Error::NoConversion {
            from_model: from.id.clone(),
            from_tokenizer: from.tokenizer.clone(),
            to_model: model.id.clone(),
            to_tokenizer: model.tokenizer.clone(),
        })
}

/// Whether pricing `task` on `model` converts its numeric counts to another tokenizer.
pub(super) fn converts(table: &PricingTable, task: &Task, model: &Model) -> bool {
    table
        .resolve(&task.tokens.measured_on)
        .is_ok_and(|(m, _)| !table.same_counts(&m.tokenizer, &model.tokenizer))
}

/// How each of the task's counts that is not a plain number in the model's tokenizer was made.
pub(super) fn describe(table: &PricingTable, model: &Model, task: &Task) -> Result<Vec<Measured>> {
    let on = task.tokens.measured_on.as_str();
    let mut out = Vec::new();
    for (role, source) in [
        (TokenRole::System, &task.tokens.system),
        (TokenRole::User, &task.tokens.user),
        (TokenRole::Output, &task.tokens.output),
    ] {
        let from = match source {
            TokenSource::Count(n) => {
                let (from, _) = table.resolve(on)?;
                if table.same_counts(&from.tokenizer, &model.tokenizer) {
                    continue;
                }
                MeasuredFrom::Converted {
                    count: *n,
                    measured_on: from.id.clone(),
                    from_tokenizer: from.tokenizer.clone(),
                    factor: conversion(table, on, model)?,
                }
            }
            TokenSource::Text(sample) => match method(table, model, sample)? {
                Method::Claude { count, .. } => {
                    let each = sample
                        .files
                        .iter()
                        .map(|f| f.claude_tokens(count).unwrap_or_default());
                    MeasuredFrom::Counted {
                        pattern: sample.pattern.clone(),
                        files: sample.files.len(),
                        family: count.family,
                        mean: div(
                            Decimal::from(claude_total(sample, count)?),
                            Decimal::from(sample.files.len()),
                            "a mean",
                        )?,
                        min: each.clone().min().unwrap_or_default(),
                        max: each.max().unwrap_or_default(),
                        frame: frame_for(role, &method(table, model, sample)?),
                    }
                }
                Method::Factors { .. } => {
                    let bases = sample.files.iter().map(|f| f.base_tokens);
                    let sum = bases
                        .clone()
                        .try_fold(0u64, u64::checked_add)
                        .ok_or_else(|| {
                            Error::Overflow("the base tokens of the sample files".to_string())
                        })?;
                    MeasuredFrom::Text {
                        pattern: sample.pattern.clone(),
                        files: sample.files.len(),
                        base_mean: div(
                            Decimal::from(sum),
                            Decimal::from(sample.files.len()),
                            "a mean",
                        )?,
                        base_min: bases.clone().min().unwrap_or_default(),
                        base_max: bases.max().unwrap_or_default(),
                    }
                }
            },
        };
        out.push(Measured {
            role,
            tokenizer: model.tokenizer.clone(),
            tokens: range(table, model, on, role, source)?,
            from,
        });
    }
    Ok(out)
}
