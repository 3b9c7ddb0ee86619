//! Counting with the base encoding.

use tiktoken_rs::CoreBPE;

/// The `cl100k_base` encoder, built on first use and shared afterwards.
fn cl100k() -> &'static CoreBPE {
    tiktoken_rs::cl100k_base_singleton()
}

/// Tokens of `text` in `cl100k_base`, treating special-token strings as ordinary text (a
/// document that contains `<|endoftext|>` is counted as the text it is).
pub fn cl100k_tokens(text: &str) -> usize {
    cl100k().encode_ordinary(text).len()
}

/// A `cl100k_base` encoder of its own, for a counting thread. Clones of one encoder share the
/// regex engine's scratch space, and threads contending for it ran at about 60% of their
/// single-thread speed; a separate instance per extra thread (built in about 0.1 s) removes that.
pub fn cl100k_own() -> CoreBPE {
    tiktoken_rs::cl100k_base().unwrap_or_else(|_| cl100k().clone())
}

/// Tokens of `text` with a given encoder.
pub fn tokens_with(bpe: &CoreBPE, text: &str) -> usize {
    bpe.encode_ordinary(text).len()
}
