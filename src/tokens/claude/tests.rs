//! Unit tests; the pinned ctok fixtures are in `tests/claude_tokens.rs`.

use super::*;

#[test]
fn hello_world_matches_ctoks_readme() {
    // README: v3 content 3, v4.8 content 4; token_count("hello, world", "4.7") = 15 = 11 + 4.
    assert_eq!(content_tokens(Family::V3, "hello, world"), 3);
    assert_eq!(content_tokens(Family::V4_7, "hello, world"), 4);
    assert_eq!(content_tokens(Family::V4_8, "hello, world"), 4);
}
