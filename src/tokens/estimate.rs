//! Counts and factors into Claude tokens and their cost as input.
//!
//! For each text, Claude tokens are either its content count in Claude's reconstructed vocabulary
//! (exact) or its `cl100k_base` count × the factor of its content type for the model's tokenizer
//! family (typical, low, high); cost = Claude tokens × the model's input rate for a prompt of that
//! size (prompt-length tiers apply), real-time, global.

use rust_decimal::Decimal;

use super::content::Content;
use super::inputs::Skipped;
use super::stream::Counted;
use serde::Serialize;

use super::method::{Counter, Method};
use crate::billing::{self, Item, Mode};
use crate::error::{Error, FactorsFor, Result};
use crate::money::{div, mul};
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
    /// The content type (it picks the factor of the estimate).
    pub content: Content,
    /// Tokens in the base encoding (exact); `None` when Claude's vocabulary counted the text.
    pub base_tokens: Option<u64>,
    /// The factor applied to the base count; `None` when Claude's vocabulary counted the text.
    pub factor: Option<Range>,
    /// Claude's content tokens: exact (typical = low = high) from the vocabulary, a range from
    /// the factor.
    pub tokens: Range,
    /// The cost of those tokens as uncached input on the model.
    #[serde(rename = "input_cost_usd")]
    pub input_cost: Range,
}

/// How the texts were counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodKind {
    /// Claude's own vocabulary, reconstructed.
    ClaudeVocabulary,
    /// The `cl100k_base` count times the content factor.
    Cl100kFactor,
}

/// The whole count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenEstimate {
    /// Canonical model id.
    pub model: String,
    /// The model's tokenizer family.
    pub tokenizer: String,
    /// How the texts were counted.
    pub method: MethodKind,
    /// The reconstructed family that counted them (`v3`, `v4.7`, `v4.8`), for the vocabulary.
    pub family: Option<super::claude::Family>,
    /// Tokens a request adds per message on this model (the vocabulary's measured frame, with
    /// the model's extra tokens); not part of any count here.
    pub frame_tokens: Option<u64>,
    /// The base encoding (`cl100k_base`), for the factor estimate.
    pub base_encoding: Option<&'static str>,
    /// Where the vocabulary and its evidence, or the factors, come from.
    pub source: String,
    /// Why the factor estimate was used: the tokenizer has no reconstruction, or it was asked
    /// for. `None` for the vocabulary.
    pub fallback: Option<Fallback>,
    /// One entry per text.
    pub files: Vec<FileEstimate>,
    /// Bytes over all texts.
    pub total_bytes: u64,
    /// Base tokens over all texts (the factor estimate only).
    pub total_base_tokens: Option<u64>,
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

/// Why a count is the factor estimate rather than Claude's vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fallback {
    /// The model's tokenizer has no reconstructed vocabulary.
    NoVocabulary,
    /// `--method cl100k-factor` asked for it.
    Asked,
}

/// How a model's texts are counted, and why the factor estimate when it is one.
#[derive(Debug, Clone)]
pub struct Chosen {
    /// The method.
    pub method: Method,
    /// Why the factor estimate was used (`None` for the vocabulary).
    pub fallback: Option<Fallback>,
}

impl Chosen {
    /// The method for `model`: its vocabulary unless `factor` asks for the estimate or the
    /// tokenizer has none.
    pub fn of(table: &PricingTable, model: &Model, factor: bool) -> Result<Chosen> {
        let needed_for = || FactorsFor::Estimate {
            model: model.id.clone(),
        };
        let method = Method::of(table, model, needed_for())?;
        Ok(match method {
            Method::Claude { .. } if factor => Chosen {
                method: Method::factors_of(table, model, needed_for())?,
                fallback: Some(Fallback::Asked),
            },
            Method::Claude { .. } => Chosen {
                method,
                fallback: None,
            },
            Method::Factors { .. } => Chosen {
                method,
                fallback: Some(Fallback::NoVocabulary),
            },
        })
    }
}

/// Estimates the texts of `inputs` (counted with `counters`) for `model` as `chosen` says;
/// `content` overrides the detected content type (it matters to the factor estimate only).
pub fn estimate(
    table: &PricingTable,
    model: &Model,
    chosen: &Chosen,
    inputs: &[Counted],
    counters: &[Counter],
    skipped: Vec<Skipped>,
    content: Option<Content>,
) -> Result<TokenEstimate> {
    let (method, fallback) = (&chosen.method, chosen.fallback);
    let slot = counters
        .iter()
        .position(|c| *c == method.counter())
        .ok_or_else(|| {
            Error::System(format!("the texts were not counted with {}", method.name()))
        })?;
    let mode = Mode::default();
    let mut files = Vec::with_capacity(inputs.len());
    let mut warnings = Vec::new();
    for input in inputs {
        let kind = content.unwrap_or(input.content);
        let counted = input.tokens.get(slot).copied().unwrap_or_default();
        let (base, factor, tokens) = match method {
            Method::Claude { .. } => (None, None, Range::exact(Decimal::from(counted))),
            Method::Factors { factors, .. } => {
                let factor = Range::from(kind.factor(factors));
                let tokens = factor.map(|f| mul(Decimal::from(counted), f, "a token estimate"))?;
                (Some(counted), Some(factor), tokens)
            }
        };
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
            name: input.name.clone(),
            bytes: input.bytes,
            content: kind,
            base_tokens: base,
            factor,
            tokens,
            input_cost,
        });
    }
    // Overflow is impossible here for any corpus that fits on disk, but stay checked.
    let (mut total_tokens, mut total_input_cost) = (Range::default(), Range::default());
    for f in &files {
        total_tokens = total_tokens.checked_add(f.tokens, "the total tokens")?;
        total_input_cost = total_input_cost.checked_add(f.input_cost, "the total input cost")?;
    }
    for s in &skipped {
        warnings.push(Warning::Skipped {
            path: s.name.clone(),
            reason: s.reason.clone(),
        });
    }
    let (kind, family, frame, base_encoding, source) = match method {
        Method::Claude {
            count,
            frame,
            source,
        } => (
            MethodKind::ClaudeVocabulary,
            Some(count.family),
            Some(*frame),
            None,
            source.clone(),
        ),
        Method::Factors { source, .. } => (
            MethodKind::Cl100kFactor,
            None,
            None,
            Some(BaseEncoding::Cl100kBase.name()),
            source.clone(),
        ),
    };
    let total_base_tokens = match method {
        Method::Claude { .. } => None,
        Method::Factors { .. } => Some(
            files
                .iter()
                .filter_map(|f| f.base_tokens)
                .fold(0, u64::saturating_add),
        ),
    };
    Ok(TokenEstimate {
        model: model.id.clone(),
        tokenizer: model.tokenizer.clone(),
        method: kind,
        family,
        frame_tokens: frame,
        base_encoding,
        source,
        fallback,
        total_bytes: files.iter().map(|f| f.bytes).fold(0, u64::saturating_add),
        total_base_tokens,
        files,
        total_tokens,
        total_input_cost,
        skipped,
        warnings,
    })
}
