//! How a model's tokens are counted: with Claude's own vocabulary where the pricing table names a
//! reconstruction for the model's tokenizer, otherwise as the `cl100k_base` count times the
//! tokenizer's content factor (a planning estimate with a range).
//!
//! A text's count is its *content* count (the tiles of the text as one user message); a request
//! adds the measured frame once per message ([`Method::frame`]).

use serde::Serialize;

use super::claude::{self, Family};
use super::count::cl100k_tokens_own;
use crate::error::{Error, FactorsFor, Result};
use crate::pricing::schema::{BaseEncoding, ContentFactors};
use crate::pricing::{Model, PricingTable};

/// A way to count a text: the base encoding, or one model's Claude count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Counter {
    /// Tokens of tiktoken's `cl100k_base`.
    Cl100k,
    /// Claude's content tokens in a reconstructed family.
    Claude(ClaudeCount),
}

/// What Claude's content count of a text depends on: the family, and whether the model makes
/// trailing ASCII whitespace free.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct ClaudeCount {
    /// The reconstructed family.
    pub family: Family,
    /// Trailing ASCII whitespace of a message is not counted (a per-model quirk).
    pub trailing_whitespace_free: bool,
}

impl ClaudeCount {
    /// How `model`'s texts are counted, when its tokenizer has a reconstructed vocabulary.
    pub fn of(table: &PricingTable, model: &Model) -> Option<ClaudeCount> {
        let r = table.tokenizer_of(model)?.reconstruction.as_ref()?;
        Some(ClaudeCount {
            family: r.family,
            trailing_whitespace_free: model
                .tokenizer_quirks
                .as_ref()
                .is_some_and(|q| q.trailing_ascii_whitespace_free),
        })
    }

    /// Content tokens of `text` as one user message.
    pub fn content_tokens(self, text: &str) -> u64 {
        claude::content_tokens(self.family, self.message_text(text))
    }

    /// The part of a message's text that is counted.
    pub fn message_text(self, text: &str) -> &str {
        if self.trailing_whitespace_free {
            text.trim_end_matches(|c: char| c.is_ascii_whitespace())
        } else {
            text
        }
    }
}

impl Counter {
    /// Tokens of `text` (one piece of a message, cut where counts add up: `edge` says what
    /// precedes it, `last` whether it ends the message), counted on the calling thread.
    pub fn piece_tokens(self, text: &str, edge: claude::Edge, last: bool) -> u64 {
        match self {
            Counter::Cl100k => cl100k_tokens_own(text) as u64,
            Counter::Claude(c) => {
                let text = if last { c.message_text(text) } else { text };
                claude::counter(c.family).piece_tokens(text, edge, last)
            }
        }
    }
}

/// How one model's token counts are made.
#[derive(Debug, Clone)]
pub enum Method {
    /// Claude's own vocabulary (reconstructed, exact on its published evidence).
    Claude {
        /// What the content count depends on.
        count: ClaudeCount,
        /// Tokens each message adds: the family's frame plus the model's extra tokens.
        frame: u64,
        /// Where the reconstruction and its evidence come from.
        source: String,
    },
    /// `cl100k_base` tokens times the content factor of the model's tokenizer family.
    Factors {
        /// The factors by content type.
        factors: Box<ContentFactors>,
        /// Where the factors come from.
        source: String,
    },
}

impl Method {
    /// How `model`'s tokens are counted under `table`. `needed_for` names what needs the
    /// factors when the tokenizer has neither a reconstruction nor factors.
    pub fn of(table: &PricingTable, model: &Model, needed_for: FactorsFor) -> Result<Method> {
        let tokenizer = table
            .tokenizer_of(model)
            .ok_or_else(|| Error::UnknownTokenizer(model.tokenizer.clone()))?;
        let quirks = model.tokenizer_quirks.as_ref();
        if let (Some(r), Some(count)) = (&tokenizer.reconstruction, ClaudeCount::of(table, model)) {
            return Ok(Method::Claude {
                count,
                frame: r
                    .frame_tokens
                    .saturating_add(quirks.map_or(0, |q| q.extra_message_tokens)),
                source: r.source.trim().to_string(),
            });
        }
        Method::factors_of(table, model, needed_for)
    }

    /// The factor estimate for `model`, whether or not its tokenizer has a vocabulary.
    pub fn factors_of(
        table: &PricingTable,
        model: &Model,
        needed_for: FactorsFor,
    ) -> Result<Method> {
        let tokenizer = table
            .tokenizer_of(model)
            .ok_or_else(|| Error::UnknownTokenizer(model.tokenizer.clone()))?;
        match (tokenizer.base_encoding, tokenizer.factors) {
            (Some(BaseEncoding::Cl100kBase), Some(factors)) => Ok(Method::Factors {
                factors: Box::new(factors),
                source: tokenizer
                    .factors_source
                    .as_deref()
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            }),
            _ => Err(Error::MissingFactors {
                tokenizer: tokenizer.id.clone(),
                needed_for,
            }),
        }
    }

    /// The counter this method reads texts with.
    pub fn counter(&self) -> Counter {
        match self {
            Method::Claude { count, .. } => Counter::Claude(*count),
            Method::Factors { .. } => Counter::Cl100k,
        }
    }

    /// The method's name in reports: `claude vocabulary (v3)` or `cl100k x factor`.
    pub fn name(&self) -> String {
        match self {
            Method::Claude { count, .. } => format!("claude vocabulary ({})", count.family.name()),
            Method::Factors { .. } => "cl100k x factor".to_string(),
        }
    }

    /// Tokens one message adds (0 for the factor estimate, whose factors include it).
    pub fn frame(&self) -> u64 {
        match self {
            Method::Claude { frame, .. } => *frame,
            Method::Factors { .. } => 0,
        }
    }
}
