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
