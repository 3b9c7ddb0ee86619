//! `tokens -m A -m B`: the same texts counted for several models, with each model's count as a
//! ratio to the first model's (the inflation a move between tokenizers brings, on these texts).

use rust_decimal::Decimal;
use serde::Serialize;

use super::estimate::{Range, TokenEstimate};
use crate::error::{Error, Result};
use crate::money::div;
use crate::warning::Warning;

/// One text (or the total) across the models.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountsAcross {
    /// The path, `-`, or `total`.
    pub path: String,
    /// The text's tokens on each model, in the order of [`TokenComparison::models`].
    pub tokens: Vec<Range>,
    /// Each later model's typical count over the first model's (`ratios[0]` is the second
    /// model's); `None` where the first count is 0.
    pub ratios: Vec<Option<Decimal>>,
}

/// The texts counted for several models.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenComparison {
    /// Each model's full estimate.
    pub models: Vec<TokenEstimate>,
    /// One entry per text, in the order counted.
    pub files: Vec<CountsAcross>,
    /// Over all texts.
    pub total: CountsAcross,
    /// What the user should know, once each.
    #[serde(serialize_with = "crate::report::warning::serialize")]
    pub warnings: Vec<Warning>,
}

fn across(path: String, tokens: Vec<Range>) -> Result<CountsAcross> {
    let first = tokens.first().map(|r| r.typical).unwrap_or_default();
    let ratios = tokens
        .iter()
        .skip(1)
        .map(|r| {
            if first.is_zero() {
                Ok(None)
            } else {
                div(r.typical, first, "a token ratio").map(Some)
            }
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(CountsAcross {
        path,
        tokens,
        ratios,
    })
}

impl TokenComparison {
    /// Lines up `models`' estimates of the same texts (counted in one pass, so their files
    /// are in the same order).
    pub fn new(models: Vec<TokenEstimate>) -> Result<TokenComparison> {
        let first = models
            .first()
            .ok_or_else(|| Error::Usage("no model to count for".into()))?;
        let mut files = Vec::with_capacity(first.files.len());
        for (i, f) in first.files.iter().enumerate() {
            let tokens = models
                .iter()
                .map(|m| m.files.get(i).map(|g| g.tokens).unwrap_or_default())
                .collect();
            files.push(across(f.name.clone(), tokens)?);
        }
        let total = across(
            "total".to_string(),
            models.iter().map(|m| m.total_tokens).collect(),
        )?;
        let mut warnings: Vec<Warning> = Vec::new();
        for w in models.iter().flat_map(|m| &m.warnings) {
            if !warnings.contains(w) {
                warnings.push(w.clone());
            }
        }
        Ok(TokenComparison {
            models,
            files,
            total,
            warnings,
        })
    }
}
