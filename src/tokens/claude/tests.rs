//! Unit tests; the pinned ctok fixtures are in `tests/claude_tokens.rs`.

use super::*;

#[test]
fn hello_world_matches_ctoks_readme() {
    // README: v3 content 3, v4.8 content 4; token_count("hello, world", "4.7") = 15 = 11 + 4.
    assert_eq!(content_tokens(Family::V3, "hello, world"), 3);
    assert_eq!(content_tokens(Family::V4_7, "hello, world"), 4);
    assert_eq!(content_tokens(Family::V4_8, "hello, world"), 4);
}

/// The two cut rules of `cut.rs` rest on facts about the vocabularies; a new vocabulary that
/// breaks one fails here rather than miscounting in parallel.
#[test]
fn no_piece_spans_a_cut() {
    for file in [data::V3, data::V4_7] {
        let text = std::str::from_utf8(file).unwrap();
        let pieces = text.split('\0').skip(1).take_while(|r| *r != "#bytes");
        for piece in pieces {
            let chars: Vec<char> = piece.chars().collect();
            for w in chars.windows(2) {
                // A line feed is followed only by another line feed.
                assert!(w[0] != '\n' || w[1] == '\n', "{piece:?}");
                // An eow (U+FDD1) ends its piece.
                assert_ne!(w[0], '\u{fdd1}', "{piece:?}");
            }
        }
    }
}

#[test]
fn cuts_fall_only_at_the_two_safe_places() {
    use super::cut::cut_at;
    assert_eq!(cut_at(b"a\nb", 2), Some(Edge::AfterNewline));
    assert_eq!(cut_at(b"a\n b", 2), None);
    assert_eq!(cut_at(b"a\n\xc3\xa9", 2), None);
    assert_eq!(cut_at(b"ab cd", 2), Some(Edge::AfterWord));
    assert_eq!(cut_at(b"ab  cd", 2), None);
    assert_eq!(cut_at(b"a. b", 2), None);
    assert_eq!(cut_at(b"ab c", 0), None);
    assert_eq!(cut_at(b"ab\":", 2), Some(Edge::AfterLetter));
    assert_eq!(cut_at(b"a_b", 1), Some(Edge::AfterLetter));
    // An apostrophe may open a contraction, which reads the word before it.
    assert_eq!(cut_at(b"it's", 2), None);
    assert_eq!(cut_at(b"a1.", 2), None);
    assert_eq!(cut_at(b"sha256", 3), Some(Edge::AfterLetter));
    // A digit run followed by a word does not end in an eow.
    assert_eq!(cut_at(b"256bit", 3), None);
    assert_eq!(cut_at(b"\xc3\xa9.", 2), None);
}

/// Minified JSON has no line break and no space: it is cut between letters and punctuation, and
/// the pieces add up to the whole in every family.
#[test]
fn minified_json_is_cut_after_letters_and_adds_up() {
    let record = r#"{"id":"msg_01","Type":"message","ROLE":"assistant","it's":[1,2.5,-3e4],"s":"x_y/z?q=a&b#c","h":"deadbeef0a1b2c3dSHA256x9"}"#;
    let text = format!("[{}]", [record; 40].join(","));
    assert!(!text.contains(' ') && !text.contains('\n'));
    for family in [Family::V3, Family::V4_7, Family::V4_8] {
        let c = counter(family);
        let whole = c.content_tokens_chunked(&text, usize::MAX);
        for chunk in [16, 17, 40, 333] {
            let pieces = cut::pieces(&text, chunk);
            assert!(
                pieces.len() > text.len() / 400,
                "{family:?} {chunk}: {}",
                pieces.len()
            );
            assert_eq!(
                c.content_tokens_chunked(&text, chunk),
                whole,
                "{family:?} {chunk}"
            );
        }
    }
}

#[test]
fn counting_never_panics_on_odd_input() {
    let odd = [
        "\0",
        "\u{fdd0}",
        "\u{10ffff}",
        "\u{e000}",
        "\r\n\r\n",
        "'",
        "''s",
        " '",
        "\u{301}",
        "\u{fe0f}",
        "ẞẞ",
        "İİ",
        "ΣΣΣΣ",
        "\n\n\n",
        "   ",
        "\t\n \u{3000}",
    ];
    for family in [Family::V3, Family::V4_7, Family::V4_8] {
        for text in odd {
            let whole = content_tokens(family, text);
            assert_eq!(counter(family).content_tokens_chunked(text, 16), whole);
        }
    }
}

/// A text counted again on a thread that remembers its stretches counts the same, in every
/// family, whatever the family counted before it.
#[test]
fn remembered_stretches_count_as_the_first_time() {
    let text = "The THE the. \"key\":\"value\",\"Key\":1\nthe end\n\n";
    let families = [Family::V3, Family::V4_7, Family::V4_8];
    let first: Vec<u64> = families.iter().map(|&f| content_tokens(f, text)).collect();
    for _ in 0..2 {
        for (family, first) in families.iter().zip(&first) {
            assert_eq!(content_tokens(*family, text), *first, "{family:?}");
        }
    }
}
