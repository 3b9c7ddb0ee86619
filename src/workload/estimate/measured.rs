//! Per-request token counts on a model: a number as given (converted when it was measured in
//! another tokenizer), or the mean of sample files' base-encoding counts times the model's
//! content factors. Each count that is not a plain number is described for the report.

use rust_decimal::Decimal;

use super::result::{Measured, MeasuredFrom, TokenRole};
use crate::error::{Error, FactorsFor, Result};
use crate::money::{add, div, mul};
use crate::pricing::{Model, PricingTable};
use crate::range::{Pick, Range};
use crate::workload::schema::{Task, TokenSource};

/// Per-request tokens of `source` on `model`, at the `pick` end of its range.
pub(super) fn tokens(
    table: &PricingTable,
    model: &Model,
    measured_on: &str,
    source: &TokenSource,
    pick: Pick,
) -> Result<Decimal> {
    Ok(range(table, model, measured_on, source)?.pick(pick))
}

/// Per-request tokens of `source` on `model` with their range.
fn range(
    table: &PricingTable,
    model: &Model,
    measured_on: &str,
    source: &TokenSource,
) -> Result<Range> {
    let sample = match source {
        TokenSource::Count(n) => {
            let factor = conversion(table, measured_on, model)?;
            return factor.map(|f| mul(*n, f, "a converted token count"));
        }
        TokenSource::Text(sample) => sample,
    };
    let factors = table
        .tokenizer_of(model)
        .and_then(|t| t.factors)
        .ok_or_else(|| Error::MissingFactors {
            tokenizer: model.tokenizer.clone(),
            needed_for: FactorsFor::Sample {
                model: model.id.clone(),
                pattern: sample.pattern.clone(),
            },
        })?;
    let what = "tokens measured from text";
    let mut total = Range::default();
    for (base, content) in &sample.files {
        let factor = Range::from(content.factor(&factors));
        let tokens = factor.map(|x| mul(Decimal::from(*base), x, what))?;
        total = Range {
            typical: add(total.typical, tokens.typical, what)?,
            low: add(total.low, tokens.low, what)?,
            high: add(total.high, tokens.high, what)?,
        };
    }
    let files = Decimal::from(sample.files.len());
    total.map(|t| div(t, files, what))
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
            TokenSource::Text(sample) => {
                let bases = sample.files.iter().map(|(b, _)| *b);
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
        };
        out.push(Measured {
            role,
            tokenizer: model.tokenizer.clone(),
            tokens: range(table, model, on, source)?,
            from,
        });
    }
    Ok(out)
}
