//! The count: a minimum-cost tiling of the marked stream, every piece costing one, with a
//! one-symbol floor (a marker is a token; a codepoint no piece covers pays its byte tiling).
//!
//! An `eow` marker ends every piece that holds it (a fact of both vocabularies, checked by the
//! tests), so no piece spans the place after an `eow`: every tiling passes there, and the
//! stream's count is the sum of its segments' counts, each segment ending at an `eow`. Text
//! repeats its words, so each thread keeps the counts of the segments it has tiled
//! ([`Segments`]) and tiles each distinct segment once; most of the stream is then one hash
//! lookup per word instead of a walk of the automaton from every symbol.
//!
//! A segment is tiled by a dynamic programme that runs forward over a ring of `best` costs as
//! long as the longest piece (plus one), so its memory does not grow with the text: from each
//! position the automaton walks the pieces that start there and relaxes the positions they end
//! at.

use rustc_hash::FxHashMap;

use super::stream::{BOW, EOW};
use super::vocab::Vocab;

/// Ring size: a power of two above every family's longest piece.
const RING: usize = 256;

/// Segments longer than this are tiled each time, not remembered: long ones rarely repeat.
const CACHED_LEN: usize = 48;

/// Remembered segments per thread and vocabulary before the memory is cleared and refilled
/// (about 5 MB at most).
const CACHED_SEGMENTS: usize = 1 << 16;

/// One thread's remembered segment counts, for one vocabulary.
#[derive(Default)]
pub struct Segments {
    counts: FxHashMap<Box<[u32]>, u32>,
}

/// Minimum number of tiles of `syms`, with the counts of segments already seen in `seen`.
pub fn tiles(vocab: &Vocab, syms: &[u32], seen: &mut Segments) -> u64 {
    let mut total = 0u64;
    for segment in syms.split_inclusive(|&s| s == EOW) {
        let count = if segment.len() > CACHED_LEN {
            tile(vocab, segment)
        } else if let Some(&n) = seen.counts.get(segment) {
            u64::from(n)
        } else {
            let n = tile(vocab, segment);
            // A count that does not fit is not remembered (a segment of 48 symbols costs at
            // most a few hundred).
            if let Ok(small) = u32::try_from(n) {
                if seen.counts.len() >= CACHED_SEGMENTS {
                    seen.counts.clear();
                }
                seen.counts.insert(segment.into(), small);
            }
            n
        };
        total = total.saturating_add(count);
    }
    total
}

/// Minimum number of tiles of `syms`, without the memory.
fn tile(vocab: &Vocab, syms: &[u32]) -> u64 {
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
