//! Claude's own token counts, offline: a reconstruction of Claude's tokenizers from ctok 1.3.0's
//! published vocabularies and counting model (MIT, Sander Land; data and attribution in
//! `data/ctok/`). Unofficial: ctok reports exact agreement with recorded `count_tokens` responses
//! on its published gates, and so does this counter with ctok on burnrate's fixtures.
//!
//! A count is the text's *content* count: ctok's `token_count` of the text as one user message
//! minus the family's message frame, i.e. the number of tiles. The pipeline, one module per step:
//!
//! - `normalize.rs`: NFC, stripped controls and private use, the family's folds;
//! - `chars.rs`: the oracle's per-codepoint classes and case (embedded data);
//! - `stream.rs`: runs, word and case markers, border markers, the seam;
//! - `vocab.rs`: the pieces as an automaton;
//! - `tile.rs`: the minimum tiling with its byte floor, and the trailing line-feed ladder;
//! - `cut.rs`: where text can be cut so that counts add up, for parallel and streamed counting;
//! - `words.rs`: each thread's memory of the short stretches between cuts it has counted;

mod chars;
pub mod cut;
mod data;
mod normalize;
mod stream;
mod tile;
mod vocab;
mod words;

use std::cell::RefCell;
use std::sync::OnceLock;

use rayon::iter::{IntoParallelIterator, ParallelIterator};

pub use cut::Piece;
pub use stream::Edge;

/// A reconstructed tokenizer family.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
pub enum Family {
    /// Claude 3 through Opus 4.6, Sonnet 4.6 and Haiku 4.5: 48,792 pieces, frame 7.
    #[serde(rename = "v3")]
    V3,
    /// Opus 4.7: 15,283 pieces, frame 11.
    #[serde(rename = "v4.7")]
    V4_7,
    /// Opus 4.8 and later (Sonnet 5, Fable 5): the v4.7 pieces under a 6-token frame that ends in
    /// no `bow`, so a leading space is a character.
    #[serde(rename = "v4.8")]
    V4_8,
}

impl Family {
    /// The family's tokens per one-message frame, as measured by ctok.
    pub fn frame(self) -> u64 {
        counter(self).frame
    }

    /// The family's name (`v3`, `v4.7`, `v4.8`).
    pub fn name(self) -> &'static str {
        match self {
            Family::V3 => "v3",
            Family::V4_7 => "v4.7",
            Family::V4_8 => "v4.8",
        }
    }

    /// The family named `name` (`v3`, `v4.7`, `v4.8`).
    pub fn from_name(name: &str) -> Option<Family> {
        match name {
            "v3" => Some(Family::V3),
            "v4.7" => Some(Family::V4_7),
            "v4.8" => Some(Family::V4_8),
            _ => None,
        }
    }
}

/// A loaded family: its vocabulary and rules.
pub struct Counter {
    chars: &'static chars::Chars,
    vocab: &'static vocab::Vocab,
    fold_quotes: bool,
    rules: stream::Rules,
    frame: u64,
    /// Which of a thread's stretch memories serves this family.
    family_slot: usize,
}

fn load_chars() -> &'static chars::Chars {
    static CHARS: OnceLock<chars::Chars> = OnceLock::new();
    // The tables are embedded and checked by tests; they cannot fail to decode in a build that
    // passed them.
    CHARS.get_or_init(|| data::chars().expect("embedded character tables decode"))
}

fn load_vocab(v3: bool) -> &'static (data::Meta, vocab::Vocab, usize) {
    static V3: OnceLock<(data::Meta, vocab::Vocab, usize)> = OnceLock::new();
    static V4_7: OnceLock<(data::Meta, vocab::Vocab, usize)> = OnceLock::new();
    let (cell, file) = if v3 {
        (&V3, data::V3)
    } else {
        (&V4_7, data::V4_7)
    };
    cell.get_or_init(|| data::vocabulary(file).expect("embedded vocabulary decodes"))
}

/// The family's counter, loaded on first use (a few milliseconds) and shared afterwards.
pub fn counter(family: Family) -> &'static Counter {
    static COUNTERS: [OnceLock<Counter>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = match family {
        Family::V3 => 0,
        Family::V4_7 => 1,
        Family::V4_8 => 2,
    };
    COUNTERS[slot].get_or_init(|| {
        let (meta, vocab, _) = load_vocab(family == Family::V3);
        let (frame, frame_bow) = match family {
            Family::V4_8 => (6, false),
            _ => (meta.frame, true),
        };
        Counter {
            chars: load_chars(),
            vocab,
            fold_quotes: meta.fold_quotes,
            rules: stream::Rules {
                allcaps_min: meta.allcaps_min,
                frame_bow,
            },
            frame,
            family_slot: slot,
        }
    })
}

/// Per-thread scratch space, reused across pieces so counting allocates only while buffers grow.
#[derive(Default)]
struct Scratch {
    work: Work,
    /// Counts of the short stretches between safe cuts already counted, per family.
    spans: [words::Spans; 3],
}

/// The buffers one stretch of text is counted in.
#[derive(Default)]
struct Work {
    norm: Vec<char>,
    syms: Vec<u32>,
    word: Vec<u32>,
    runs: Vec<stream::Run>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Counter {
    /// Tokens per one-message frame.
    pub fn frame(&self) -> u64 {
        self.frame
    }

    /// Content tokens of one piece of a message: `edge` says what precedes it, `last` whether it
    /// ends the message (where trailing line feeds meet the frame). Pieces cut by
    /// [`cut::pieces`] add up to the whole.
    ///
    /// The piece is counted stretch by stretch between its own safe cuts (they add up for the
    /// same reason pieces do), and a short stretch seen before on this thread is not counted
    /// again: text repeats its words, so most of it becomes a hash lookup.
    pub fn piece_tokens(&self, text: &str, edge: Edge, last: bool) -> u64 {
        SCRATCH.with(|s| {
            let mut guard = s.try_borrow_mut();
            let mut fresh = Scratch::default();
            let Scratch { work, spans } = match guard.as_deref_mut() {
                Ok(s) => s,
                Err(_) => &mut fresh,
            };
            let seen = &mut spans[self.family_slot];
            let b = text.as_bytes();
            let (mut start, mut edge, mut p) = (0, edge, 1);
            let mut total = 0u64;
            loop {
                let mut next = None;
                while p < b.len() {
                    if let Some(e) = cut::cut_at(b, p) {
                        next = Some(e);
                        break;
                    }
                    p += 1;
                }
                let end = if next.is_some() { p } else { b.len() };
                // Every safe cut falls between two ASCII bytes, so these are char boundaries.
                let stretch = &text[start..end];
                let ends = last && next.is_none();
                let count = match seen.get(stretch, edge, ends) {
                    Some(n) => n,
                    None => {
                        let n = self.count_stretch(work, stretch, edge, ends);
                        seen.remember(stretch, edge, ends, n);
                        n
                    }
                };
                total = total.saturating_add(count);
                match next {
                    Some(e) => (start, edge, p) = (p, e, p + 1),
                    None => break,
                }
            }
            total
        })
    }

    /// Content tokens of one stretch, counted through the whole pipeline.
    fn count_stretch(&self, w: &mut Work, text: &str, edge: Edge, last: bool) -> u64 {
        w.norm.clear();
        normalize::normalise(text, self.fold_quotes, &mut w.norm);
        let mut tail = 0u64;
        if last {
            while w.norm.last() == Some(&'\n') {
                w.norm.pop();
                tail += 1;
            }
        }
        w.syms.clear();
        stream::stream(
            self.chars,
            &w.norm,
            edge,
            self.rules,
            &mut w.word,
            &mut w.runs,
            &mut w.syms,
        );
        tile::tiles(self.vocab, &w.syms).saturating_add(tile::newline_tail(self.vocab, tail))
    }

    /// Content tokens of `text` as one user message, counted in pieces of about `chunk` bytes
    /// on rayon's pool.
    pub fn content_tokens_chunked(&self, text: &str, chunk: usize) -> u64 {
        let pieces = cut::pieces(text, chunk);
        pieces
            .into_par_iter()
            .map(|p| self.piece_tokens(&text[p.start..p.end], p.edge, p.last))
            .reduce(|| 0, u64::saturating_add)
    }

    /// Content tokens of `text` as one user message.
    pub fn content_tokens(&self, text: &str) -> u64 {
        self.content_tokens_chunked(text, cut::CHUNK)
    }
}

/// Content tokens of `text` as one user message in `family`: ctok's `token_count` minus the
/// family's frame.
pub fn content_tokens(family: Family, text: &str) -> u64 {
    counter(family).content_tokens(text)
}

#[cfg(test)]
mod tests;
