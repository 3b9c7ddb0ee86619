//! What the counting model needs to know about each codepoint: its stream class, the mark, digit
//! and case predicates, and its lowercase.
//!
//! These come from `data/ctok/chars.bin` and `lower.bin`, computed by ctok's own predicates under
//! the Unicode version of the oracle's Python (15.0), not from Rust's `char` methods: the standard
//! library follows a newer Unicode, and a codepoint assigned or re-cased since then would
//! otherwise be classified differently from the oracle.

use std::collections::HashMap;

/// The stream class of a codepoint (ctok's `classify`), plus the stray-mark class runs can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Letters and Alphabetic marks of word-forming scripts: the full word model.
    Wordy,
    /// Ideographs, syllables, astral characters, symbols: no word model.
    Hard,
    /// ASCII and Arabic-Indic decimal digits.
    Digit,
    /// ASCII punctuation and symbols, and a measured set of others.
    Punct,
    /// Separators and ASCII whitespace.
    Space,
    /// A run of unattached combining marks (a run class only, never a codepoint's).
    Stray,
}

/// A codepoint's properties, bit-packed as the derivation script writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Props(u16);

impl Props {
    // Bit 4 (a non-Alphabetic BMP mark) is in the table for completeness; the stream reads it
    // through `punct_like` and `stray_mark`, which the derivation folds it into.

    /// The codepoint's class.
    pub fn class(self) -> Class {
        match self.0 & 7 {
            0 => Class::Wordy,
            2 => Class::Digit,
            3 => Class::Punct,
            4 => Class::Space,
            _ => Class::Hard,
        }
    }
    /// A combining mark that opens a word of its own where nothing before it can be its base.
    pub fn stray_mark(self) -> bool {
        self.0 & (1 << 3) != 0
    }
    /// Punctuation, symbol, format or separator-mark: takes border markers in a hard run.
    pub fn punct_like(self) -> bool {
        self.0 & (1 << 5) != 0
    }
    /// A digit that takes border markers (non-ASCII Nd, or No, below U+10000).
    pub fn digit_border(self) -> bool {
        self.0 & (1 << 6) != 0
    }
    /// 1 for general category Nd, 2 for No, 0 otherwise.
    pub fn number_category(self) -> u16 {
        (self.0 >> 7) & 3
    }
    /// A capital that lowers to something else.
    pub fn upper(self) -> bool {
        self.0 & (1 << 9) != 0
    }
    /// A lowercase letter.
    pub fn lower(self) -> bool {
        self.0 & (1 << 10) != 0
    }
    /// A letter or mark with no lowered form: blocks both case markers.
    pub fn unlowerable(self) -> bool {
        self.0 & (1 << 11) != 0
    }
    /// Its lowercase differs from itself.
    pub fn lowers(self) -> bool {
        self.0 & (1 << 12) != 0
    }
}

/// The decoded tables: a two-stage lookup (256-codepoint blocks, shared when equal) and the
/// lowercase map.
pub struct Chars {
    ascii: [Props; 128],
    blocks: Vec<u16>,
    props: Vec<Props>,
    lower: rustc_hash::FxHashMap<char, &'static str>,
}

impl Chars {
    /// Decodes the embedded tables; `None` if they are malformed (a build from a bad derivation).
    pub fn decode(runs: &[u8], lower: &'static [u8]) -> Option<Chars> {
        let mut starts = Vec::with_capacity(runs.len() / 6);
        for rec in runs.chunks_exact(6) {
            let start = u32::from_le_bytes(rec[..4].try_into().ok()?);
            let props = u16::from_le_bytes(rec[4..].try_into().ok()?);
            starts.push((start, Props(props)));
        }
        if starts.first()?.0 != 0 || starts.windows(2).any(|w| w[0].0 >= w[1].0) {
            return None;
        }
        let mut blocks = Vec::with_capacity(0x1100);
        let mut props: Vec<Props> = Vec::new();
        let mut seen: HashMap<Vec<u16>, u16> = HashMap::new();
        let mut run = 0;
        let mut uniform: HashMap<u16, u16> = HashMap::new();
        for block in 0..0x1100u32 {
            while run + 1 < starts.len() && starts[run + 1].0 <= block * 256 {
                run += 1;
            }
            // Most blocks (unassigned planes, ideographs) hold one run: share one block per value
            // instead of building and hashing 256 entries.
            if starts
                .get(run + 1)
                .is_none_or(|next| next.0 >= block * 256 + 256)
            {
                let value = starts[run].1.0;
                let next = u16::try_from(props.len() / 256).ok()?;
                let index = *uniform.entry(value).or_insert_with(|| {
                    props.extend(std::iter::repeat_n(Props(value), 256));
                    next
                });
                blocks.push(index);
                continue;
            }
            let mut this = Vec::with_capacity(256);
            for cp in block * 256..block * 256 + 256 {
                while run + 1 < starts.len() && starts[run + 1].0 <= cp {
                    run += 1;
                }
                this.push(starts[run].1.0);
            }
            let next = u16::try_from(props.len() / 256).ok()?;
            let index = *seen.entry(this.clone()).or_insert_with(|| {
                props.extend(this.iter().map(|&p| Props(p)));
                next
            });
            blocks.push(index);
        }
        let mut ascii = [Props(0); 128];
        for (cp, slot) in ascii.iter_mut().enumerate() {
            *slot = props[usize::from(blocks[0]) * 256 + cp];
        }
        let mut map = rustc_hash::FxHashMap::default();
        let mut rest = lower;
        while !rest.is_empty() {
            let cp = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?);
            let len = usize::from(*rest.get(4)?);
            let text = std::str::from_utf8(rest.get(5..5 + len)?).ok()?;
            map.insert(char::from_u32(cp)?, text);
            rest = &rest[5 + len..];
        }
        Some(Chars {
            ascii,
            blocks,
            props,
            lower: map,
        })
    }

    /// The properties of `c`.
    #[inline]
    pub fn get(&self, c: char) -> Props {
        let cp = c as u32;
        if cp < 128 {
            return self.ascii[cp as usize];
        }
        let block = usize::from(self.blocks[(cp >> 8) as usize]);
        self.props[block * 256 + (cp & 255) as usize]
    }

    /// `c` lowered as ctok lowers (one codepoint at a time, so Σ is always σ).
    pub fn lower(&self, c: char, out: &mut Vec<u32>) {
        // ASCII lowers as the table says it does, without the map (most words are ASCII).
        if c.is_ascii() {
            out.push(u32::from(c.to_ascii_lowercase()));
            return;
        }
        match self.get(c).lowers().then(|| self.lower.get(&c)).flatten() {
            Some(s) => out.extend(s.chars().map(u32::from)),
            None => out.push(u32::from(c)),
        }
    }

    /// Whether `c` lowers to a single codepoint equal to itself.
    pub fn lowers_to_itself(&self, c: char) -> bool {
        !self.get(c).lowers()
    }
}

#[cfg(test)]
mod tests {
    /// `lower` skips the map for ASCII: the map must agree with ASCII lowering.
    #[test]
    fn ascii_lowers_as_the_table_says() {
        let chars = super::super::load_chars();
        for c in (0u8..128).map(char::from) {
            let from_table = match chars.get(c).lowers().then(|| chars.lower.get(&c)).flatten() {
                Some(s) => s.to_string(),
                None => c.to_string(),
            };
            assert_eq!(from_table, c.to_ascii_lowercase().to_string(), "{c:?}");
        }
    }

    /// The cut after a letter (`cut.rs`) rests on this: an ASCII letter is a word character,
    /// ASCII punctuation punctuation and an ASCII digit a digit, so a letter and what follows it
    /// are always separate runs.
    #[test]
    fn ascii_letters_digits_and_punctuation_are_their_own_classes() {
        use super::Class;
        let chars = super::super::load_chars();
        for c in (0u8..128).map(char::from) {
            let p = chars.get(c);
            if c.is_ascii_alphabetic() {
                assert!(p.class() == Class::Wordy && !p.stray_mark(), "{c:?}");
            } else if c.is_ascii_punctuation() {
                assert_eq!(p.class(), Class::Punct, "{c:?}");
            } else if c.is_ascii_digit() {
                assert_eq!(p.class(), Class::Digit, "{c:?}");
            }
        }
    }
}
