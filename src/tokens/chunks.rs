//! Cutting text into chunks whose token counts add up to the count of the whole.
//!
//! cl100k_base first splits text into pieces with a regex, then encodes each piece on its own, so
//! a cut that never falls inside a piece (and does not change how the pieces around it are
//! matched) leaves the total unchanged. No piece contains a line feed followed by a character
//! that is not whitespace: the patterns that can hold a `\n` (`\s*[\r\n]+`, `[\r\n]*` after
//! punctuation, `\s+`) all end at line breaks or whitespace. So a cut right after `\n`, before a
//! non-whitespace byte, is safe. For text without such a place (one very long line) a cut before
//! a space that separates two ASCII letters is used: the space starts the next word's piece.
//! A third place is safe too: after an ASCII letter, before an ASCII digit or punctuation other
//! than `'`. The letter run (`\p{L}+`) ends there, and the match that starts at the digit or
//! punctuation is the same whether the text before it is there or not (no contraction starts
//! without `'`). Every cut point is between ASCII bytes, so chunks stay valid UTF-8.
//!
//! Claude's safe cuts (`claude/cut.rs`) are exactly these three: a line feed before printable
//! ASCII, a space between two ASCII letters, and an ASCII digit or punctuation after an ASCII
//! letter. So the counting reader (`stream.rs`) cuts only there, and every counter's chunk
//! counts add up; the tests below check it for `cl100k_base`.

#[cfg(test)]
mod tests {
    use crate::tokens::count::cl100k_tokens;

    /// Cuts `text` greedily into chunks of at most `max` bytes and sums their counts.
    fn chunked_count(text: &str, max: usize) -> usize {
        crate::tokens::claude::cut::pieces(text, max)
            .iter()
            .map(|p| cl100k_tokens(&text[p.start..p.end]))
            .sum()
    }

    #[test]
    fn chunk_counts_add_up_to_the_whole() {
        let texts = [
            include_str!("../../tests/fixtures/text/prose.txt"),
            include_str!("../../tests/fixtures/text/code.rs"),
            include_str!("../../tests/fixtures/text/data.json"),
            include_str!("../../tests/fixtures/text/cjk.txt"),
            include_str!("../../tests/fixtures/text/emoji.txt"),
            "line one\n\n\n  indented\r\n\tTabbed\n}\nfoo's bar'll  baz 12345 \u{1F600}\n",
            "a very long line without breaks that must be cut between words somewhere here",
            r#"{"id":"msg_01","Type":"message","it's":[1,2.5,-3e4],"s":"x_y/z?q=a&b#c"},{"k":"v"}"#,
            "deadbeef0a1b2c3d4e5f60718293a4b5c6d7e8f9sha256v4x7y8z9",
        ];
        for text in texts {
            let whole = cl100k_tokens(text);
            for max in [16, 23, 32, 64, 100] {
                assert_eq!(chunked_count(text, max), whole, "max {max} on {text:?}");
            }
        }
    }
}
