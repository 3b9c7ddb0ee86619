//! The count: a minimum-cost tiling of the marked stream, every piece costing one, with a
//! one-symbol floor (a marker is a token; a codepoint no piece covers pays its byte tiling).
//!
//! The dynamic programme runs forward over a ring of `best` costs as long as the longest piece
//! (plus one), so its memory does not grow with the text: from each position the automaton walks
//! the pieces that start there and relaxes the positions they end at. (Repeated words are not
//! tiled again: `words.rs` remembers whole stretches between cuts, which also skips the stream.)

use super::stream::BOW;
use super::vocab::Vocab;

/// Ring size: a power of two above every family's longest piece.
const RING: usize = 256;

/// Minimum number of tiles of `syms`.
pub fn tiles(vocab: &Vocab, syms: &[u32]) -> u64 {
    debug_assert!(vocab.longest < RING);
    let mut best = [u64::MAX; RING];
    best[0] = 0;
    let n = syms.len();
    for i in 0..n {
        let here = std::mem::replace(&mut best[i % RING], u64::MAX);
        let sym = syms[i];
        let node = vocab.start(sym);
        let unit = match node {
            Some(node) if vocab.is_piece(node) => 1,
            _ if sym >= BOW => 1,
            _ => char::from_u32(sym).map_or(1, |c| vocab.byte_floor(c)),
        };
        relax(&mut best[(i + 1) % RING], here.saturating_add(unit));
        if let Some(mut node) = node {
            let one = here.saturating_add(1);
            for (j, &s) in syms.iter().enumerate().skip(i + 1).take(RING - 2) {
                match vocab.step(node, s) {
                    Some(next) => node = next,
                    None => break,
                }
                if vocab.is_piece(node) {
                    relax(&mut best[(j + 1) % RING], one);
                }
            }
        }
    }
    best[n % RING]
}

#[inline]
fn relax(slot: &mut u64, cost: u64) {
    if cost < *slot {
        *slot = cost;
    }
}

/// What `n` line feeds ending the content cost beyond the frame's own: the frame appends two line
/// feeds and one token can span into them, so the tokenizer sees `n + 2` and the frame already
/// pays one of those tokens (28 trailing line feeds are free in v3, 29 cost one).
pub fn newline_tail(vocab: &Vocab, n: u64) -> u64 {
    if n == 0 {
        return 0;
    }
    let total = n.saturating_add(2);
    let runs = &vocab.newline_runs;
    // best[k] over k = 0..=total, kept in a ring as long as the longest run.
    let mut best = [u64::MAX; RING];
    best[0] = 0;
    let mut k = 0u64;
    while k < total {
        let here = std::mem::replace(&mut best[(k % RING as u64) as usize], u64::MAX);
        // A single line feed is always a token (a piece, or the byte floor of one byte).
        let mut lens = runs.iter().copied().peekable();
        if lens.peek() != Some(&1) {
            relax(
                &mut best[((k + 1) % RING as u64) as usize],
                here.saturating_add(1),
            );
        }
        for len in lens {
            let to = k + len as u64;
            if to <= total {
                relax(
                    &mut best[(to % RING as u64) as usize],
                    here.saturating_add(1),
                );
            }
        }
        k += 1;
    }
    best[(total % RING as u64) as usize].saturating_sub(1)
}
