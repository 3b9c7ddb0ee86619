//! Counts and factors into Claude tokens and their cost as input.
//!
//! For each text: base tokens = its `cl100k_base` count; Claude tokens = base × the factor of its
//! content type for the model's tokenizer family (typical, low, high); cost = Claude tokens × the
//! model's input rate for a prompt of that size (prompt-length tiers apply), real-time, global.

use rust_decimal::Decimal;

use super::content::Content;
use super::inputs::Skipped;
use super::stream::Counted;
use serde::Serialize;

use crate::billing::{self, Item, Mode};
use crate::error::{Error, FactorsFor, Result};
use crate::money::{div, mul, sum};
use crate::pricing::schema::BaseEncoding;
use crate::pricing::{Model, PricingTable};
pub use crate::range::Range;
use crate::warning::Warning;

/// One counted text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileEstimate {
    /// The path, or `-`.
    #[serde(rename = "path")]
    pub name: String,
    /// Size in bytes.
    pub bytes: u64,
    /// The content type that picked the factor.
    pub content: Content,
    /// Tokens in the base encoding (exact).
    pub base_tokens: u64,
    /// The factor applied.
    pub factor: Range,
    /// Estimated Claude tokens.
    pub tokens: Range,
    /// The cost of those tokens as uncached input on the model.
    #[serde(rename = "input_cost_usd")]
    pub input_cost: Range,
}

/// The whole count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenEstimate {
    /// Canonical model id.
    pub model: String,
    /// The model's tokenizer family.
    pub tokenizer: String,
    /// The base encoding (`cl100k_base`).
    pub base_encoding: &'static str,
    /// Where the factors come from.
    pub factors_source: String,
    /// One entry per text.
    pub files: Vec<FileEstimate>,
    /// Bytes over all texts.
    pub total_bytes: u64,
    /// Base tokens over all texts.
    pub total_base_tokens: u64,
    /// Claude tokens over all texts.
    pub total_tokens: Range,
    /// Input cost over all texts (each text priced as its own prompt).
    #[serde(rename = "total_input_cost_usd")]
    pub total_input_cost: Range,
    /// Files passed over.
    pub skipped: Vec<Skipped>,
    /// What the user should know (a text larger than the context window…).
    #[serde(serialize_with = "crate::report::warning::serialize")]
    pub warnings: Vec<Warning>,
}

/// Estimates `inputs` for `model`; `content` overrides the detected content type.
pub fn estimate(
    table: &PricingTable,
    model: &Model,
    inputs: Vec<Counted>,
    skipped: Vec<Skipped>,
    content: Option<Content>,
) -> Result<TokenEstimate> {
    let tokenizer = table
        .tokenizer_of(model)
        .ok_or_else(|| Error::UnknownTokenizer(model.tokenizer.clone()))?;
    let (Some(BaseEncoding::Cl100kBase), Some(factors)) =
        (tokenizer.base_encoding, tokenizer.factors)
    else {
        return Err(Error::MissingFactors {
            tokenizer: tokenizer.id.clone(),
            needed_for: FactorsFor::Estimate {
                model: model.id.clone(),
            },
        });
    };
    let mode = Mode::default();
    let mut files = Vec::with_capacity(inputs.len());
    let mut warnings = Vec::new();
    for input in inputs {
        let kind = content.unwrap_or(input.content);
        let base = input.base_tokens;
        let factor = Range::from(kind.factor(&factors));
        let tokens = factor.map(|f| mul(Decimal::from(base), f, "a token estimate"))?;
        let input_cost = tokens.map(|t| {
            let rate = billing::rate(table, model, Item::Input, t, &mode)?;
            div(
                mul(t, rate, "an input cost")?,
                Item::Input.rate_unit(),
                "an input cost",
            )
        })?;
        if tokens.typical > Decimal::from(model.context_window_tokens) {
            warnings.push(Warning::TextOverContextWindow {
                path: input.name.clone(),
                tokens: tokens.typical,
                model: model.id.clone(),
                window: model.context_window_tokens,
            });
        }
        files.push(FileEstimate {
            name: input.name,
            bytes: input.bytes,
            content: kind,
            base_tokens: base,
            factor,
            tokens,
            input_cost,
        });
    }
    let total_tokens = files.iter().fold(Range::default(), |a, f| a + f.tokens);
    let total_input_cost = files.iter().fold(Range::default(), |a, f| a + f.input_cost);
    // Overflow is impossible here for any corpus that fits on disk, but stay checked.
    sum(
        files.iter().map(|f| f.input_cost.high),
        "the total input cost",
    )?;
    for s in &skipped {
        warnings.push(Warning::Skipped {
            path: s.name.clone(),
            reason: s.reason.clone(),
        });
    }
    Ok(TokenEstimate {
        model: model.id.clone(),
        tokenizer: tokenizer.id.clone(),
        base_encoding: BaseEncoding::Cl100kBase.name(),
        factors_source: tokenizer
            .factors_source
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_string(),
        total_bytes: files.iter().map(|f| f.bytes).sum(),
        total_base_tokens: files.iter().map(|f| f.base_tokens).sum(),
        files,
        total_tokens,
        total_input_cost,
        skipped,
        warnings,
    })
}
