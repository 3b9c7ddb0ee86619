//! Each thread's memory of the stretches between safe cuts it has counted (a word and the
//! space before it, a key of minified JSON and its quote): the same stretch after the same kind
//! of cut always has the same count, so it is counted once and then looked up.
//!
//! Only stretches inside a message are remembered: one that starts the message reads the
//! frame before it, and one that ends it pays for its trailing line feeds, so those are always
//! counted.

use rustc_hash::FxHashMap;

use super::stream::Edge;

/// Stretches longer than this are counted each time: long ones rarely repeat.
const REMEMBERED_BYTES: usize = 64;

/// Stretches remembered per thread and family before the memory is cleared and refilled
/// (about 4 MB at most).
const REMEMBERED: usize = 1 << 16;

/// One thread's remembered stretch counts, for one family.
#[derive(Default)]
pub struct Spans {
    /// Keyed by the kind of cut before the stretch (one byte), then its bytes.
    counts: FxHashMap<Box<[u8]>, u32>,
    /// The key being looked up, reused.
    key: Vec<u8>,
}

impl Spans {
    /// Makes the key of `text` after `edge` in `self.key`; `false` when such a stretch is not
    /// remembered.
    fn key(&mut self, text: &str, edge: Edge, last: bool) -> bool {
        let tag = match edge {
            Edge::AfterNewline => b'n',
            Edge::AfterWord => b'w',
            Edge::AfterLetter => b'l',
            Edge::Head { .. } => return false,
        };
        if last || text.len() > REMEMBERED_BYTES {
            return false;
        }
        self.key.clear();
        self.key.push(tag);
        self.key.extend_from_slice(text.as_bytes());
        true
    }

    /// The count of `text` after `edge`, if this thread has counted it.
    pub fn get(&mut self, text: &str, edge: Edge, last: bool) -> Option<u64> {
        if !self.key(text, edge, last) {
            return None;
        }
        self.counts.get(self.key.as_slice()).map(|&n| u64::from(n))
    }

    /// Remembers that `text` after `edge` counts `n` (when such a stretch is remembered).
    pub fn remember(&mut self, text: &str, edge: Edge, last: bool, n: u64) {
        let Ok(n) = u32::try_from(n) else { return };
        if !self.key(text, edge, last) {
            return;
        }
        if self.counts.len() >= REMEMBERED {
            self.counts.clear();
        }
        self.counts.insert(self.key.as_slice().into(), n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_stretches_inside_a_message_are_remembered() {
        let mut spans = Spans::default();
        spans.remember(" word", Edge::AfterWord, false, 2);
        assert_eq!(spans.get(" word", Edge::AfterWord, false), Some(2));
        // The same bytes after another kind of cut are another stretch.
        assert_eq!(spans.get(" word", Edge::AfterNewline, false), None);
        spans.remember("end\n", Edge::AfterNewline, true, 1);
        assert_eq!(spans.get("end\n", Edge::AfterNewline, true), None);
        spans.remember("start", Edge::Head { raw_space: false }, false, 1);
        assert_eq!(
            spans.get("start", Edge::Head { raw_space: false }, false),
            None
        );
        let long = "x".repeat(REMEMBERED_BYTES + 1);
        spans.remember(&long, Edge::AfterLetter, false, 9);
        assert_eq!(spans.get(&long, Edge::AfterLetter, false), None);
    }
}
