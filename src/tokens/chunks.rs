//! Cutting text into chunks whose token counts add up to the count of the whole.
//!
//! cl100k_base first splits text into pieces with a regex, then encodes each piece on its own, so
//! a cut that never falls inside a piece (and does not change how the pieces around it are
//! matched) leaves the total unchanged. No piece contains a line feed followed by a character
//! that is not whitespace: the patterns that can hold a `\n` (`\s*[\r\n]+`, `[\r\n]*` after
//! punctuation, `\s+`) all end at line breaks or whitespace. So a cut right after `\n`, before a
//! non-whitespace byte, is safe. For text without such a place (one very long line) a cut before
//! a space that separates two ASCII letters is used: the space starts the next word's piece.
//! Both cut points are ASCII, so chunks stay valid UTF-8.

/// Where to cut `buf` so that the first part is as long as possible without exceeding `max`
/// bytes (or `None` if no safe place exists in the first `max` bytes).
pub fn cut_point(buf: &[u8], max: usize) -> Option<usize> {
    let limit = max.min(buf.len().saturating_sub(1));
    let window = &buf[..=limit];
    // After a line feed that is followed by a non-whitespace byte.
    if let Some(i) = (1..window.len())
        .rev()
        .find(|&i| window[i - 1] == b'\n' && !window[i].is_ascii_whitespace())
    {
        return Some(i);
    }
    // Before a space between two ASCII letters.
    (1..window.len().saturating_sub(1)).rev().find(|&i| {
        window[i] == b' ' && window[i - 1].is_ascii_alphabetic() && buf[i + 1].is_ascii_alphabetic()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::count::cl100k_tokens;

    /// Cuts `text` greedily into chunks of at most `max` bytes and sums their counts.
    fn chunked_count(text: &str, max: usize) -> usize {
        let mut rest = text.as_bytes();
        let mut total = 0;
        while rest.len() > max {
            let at = cut_point(rest, max).unwrap_or(rest.len());
            total += cl100k_tokens(std::str::from_utf8(&rest[..at]).unwrap());
            rest = &rest[at..];
        }
        total + cl100k_tokens(std::str::from_utf8(rest).unwrap())
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
        ];
        for text in texts {
            let whole = cl100k_tokens(text);
            for max in [8, 13, 32, 64, 100] {
                assert_eq!(chunked_count(text, max), whole, "max {max} on {text:?}");
            }
        }
    }

    #[test]
    fn no_cut_without_a_safe_place() {
        assert_eq!(cut_point(b"abcdefghij", 5), None);
        assert_eq!(cut_point(b"ab\ncd", 4), Some(3));
        assert_eq!(cut_point(b"ab cd", 4), Some(2));
        assert_eq!(cut_point(b"ab\n cd", 5), None);
    }
}
