//! Where a message can be cut so that its pieces' counts add up to the whole.
//!
//! Three places are safe, each derived from the vocabulary (a test re-checks it) and from the
//! stream rules:
//!
//! - after a line feed, before a printable ASCII character. No piece holds a line feed followed by
//!   anything but another line feed, so no tile spans the cut; the character after it reads the
//!   line feed as its neighbour (not a space, so no border marker), which the right piece's
//!   [`Edge::AfterNewline`] reproduces; NFC cannot combine across a line feed.
//! - at a space between two ASCII letters. The space is the seam (`eow` then `bow`), no piece
//!   holds an `eow` anywhere but at its end, so no tile spans it; the right piece starts
//!   [`Edge::AfterWord`], which drops the space as the seam does.
//! - between an ASCII letter and an ASCII digit or ASCII punctuation other than `'`
//!   (`"key":"value"`, `sha256`, `deadbeef0a1b`: so minified JSON, hex and long tokens of code
//!   can be cut). The letter ends a word run, whose stream ends in an `eow`, so no tile spans the
//!   cut; the digit or punctuation starts a run of its own (a test checks the classes), which
//!   reads its left neighbour only to ask whether it is a space, and a letter is not, as the
//!   right piece's [`Edge::AfterLetter`] says. The apostrophe is left out: a contraction (`'s`)
//!   looks past it at the runs before, and this cut is kept to runs that read no farther left
//!   than their neighbour. NFC cannot combine an ASCII character with the one before it, and
//!   `cl100k_base` splits there too (a run of letters ends before a digit or punctuation; no
//!   contraction starts without `'`).
//!
//! Only the last piece ends the message (its trailing line feeds meet the frame), and only the
//! first starts it.

use super::stream::Edge;

/// Default piece size in bytes: large enough to amortise the hand-off, small enough to spread.
pub const CHUNK: usize = 256 << 10;

/// One piece of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Byte range in the text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// What precedes the piece.
    pub edge: Edge,
    /// Whether the piece ends the message.
    pub last: bool,
}

/// The safe cut at byte `p` of `b` (the piece after it starts at `p`), if there is one.
#[inline]
pub fn cut_at(b: &[u8], p: usize) -> Option<Edge> {
    let (prev, here) = (*b.get(p.checked_sub(1)?)?, *b.get(p)?);
    if prev == b'\n' && (0x21..=0x7e).contains(&here) {
        return Some(Edge::AfterNewline);
    }
    if here == b' '
        && prev.is_ascii_alphabetic()
        && b.get(p + 1).is_some_and(u8::is_ascii_alphabetic)
    {
        return Some(Edge::AfterWord);
    }
    if prev.is_ascii_alphabetic()
        && (here.is_ascii_digit() || here.is_ascii_punctuation() && here != b'\'')
    {
        return Some(Edge::AfterLetter);
    }
    None
}

/// The last safe cut in `b[from..=to]`, preferring a line break, then a space between words.
pub fn last_cut(b: &[u8], from: usize, to: usize) -> Option<(usize, Edge)> {
    let to = to.min(b.len().saturating_sub(1));
    let (mut word, mut letter) = (None, None);
    let mut p = to;
    while p >= from.max(1) {
        match cut_at(b, p) {
            Some(Edge::AfterNewline) => return Some((p, Edge::AfterNewline)),
            Some(Edge::AfterLetter) if letter.is_none() => letter = Some((p, Edge::AfterLetter)),
            Some(Edge::AfterWord) if word.is_none() => word = Some((p, Edge::AfterWord)),
            _ => {}
        }
        // A line break within the next few KiB back is worth the shorter piece.
        if to - p > 4096 && (word.is_some() || letter.is_some()) {
            return word.or(letter);
        }
        p -= 1;
    }
    word.or(letter)
}

/// Cuts `text` into pieces of about `chunk` bytes at safe places. A stretch with no safe place
/// (a long line of ideographs) stays whole, however long.
pub fn pieces(text: &str, chunk: usize) -> Vec<Piece> {
    let b = text.as_bytes();
    let chunk = chunk.max(16);
    let mut out = Vec::with_capacity(b.len() / chunk + 1);
    let mut start = 0;
    let mut edge = Edge::Head {
        raw_space: b.first() == Some(&b' '),
    };
    while b.len() - start > chunk {
        let found = last_cut(b, start + 1, start + chunk)
            .or_else(|| (start + chunk..b.len()).find_map(|p| cut_at(b, p).map(|e| (p, e))));
        let Some((at, next)) = found else { break };
        out.push(Piece {
            start,
            end: at,
            edge,
            last: false,
        });
        start = at;
        edge = next;
    }
    out.push(Piece {
        start,
        end: b.len(),
        edge,
        last: true,
    });
    out
}
