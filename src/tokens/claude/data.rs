//! The embedded data (`data/ctok/`, from ctok 1.3.0; see its README for the licence and how to
//! re-derive it) and its decoding into a family's model.

use super::chars::Chars;
use super::vocab::Vocab;

/// v3 pieces and byte prefixes.
pub const V3: &[u8] = include_bytes!("../../../data/ctok/v3.pieces");
/// v4.7 pieces and byte prefixes (also used by v4.8+).
pub const V4_7: &[u8] = include_bytes!("../../../data/ctok/v4_7.pieces");
/// Per-codepoint properties.
pub const CHARS: &[u8] = include_bytes!("../../../data/ctok/chars.bin");
/// Per-codepoint lowercase.
pub const LOWER: &[u8] = include_bytes!("../../../data/ctok/lower.bin");

/// A vocabulary file's family parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    /// Tokens of the one-message frame.
    pub frame: u64,
    /// Curly quotes fold to ASCII.
    pub fold_quotes: bool,
    /// Shortest `caps` word (`None`: no `caps` marker).
    pub allcaps_min: Option<usize>,
}

/// Decodes a `.pieces` file into its meta, its vocabulary and its piece count.
pub fn vocabulary(file: &'static [u8]) -> Option<(Meta, Vocab, usize)> {
    let text = std::str::from_utf8(file).ok()?;
    let mut records = text.split('\0');
    let meta = parse_meta(records.next()?)?;
    let mut pieces = Vec::new();
    let mut prefixes = Vec::new();
    let mut in_bytes = false;
    for r in records {
        if r == "#bytes" {
            in_bytes = true;
        } else if in_bytes {
            prefixes.push(r);
        } else {
            pieces.push(r);
        }
    }
    let count = pieces.len();
    let vocab = Vocab::build(pieces.into_iter(), prefixes.into_iter())?;
    Some((meta, vocab, count))
}

fn parse_meta(line: &str) -> Option<Meta> {
    let mut frame = None;
    let mut fold = None;
    let mut caps = None;
    for kv in line.split(' ') {
        let (k, v) = kv.split_once('=')?;
        let v: u64 = v.parse().ok()?;
        match k {
            "message_overhead" => frame = Some(v),
            "fold_quotes" => fold = Some(v != 0),
            "allcaps_min" => caps = Some((v != 0).then(|| usize::try_from(v).ok()).flatten()),
            _ => return None,
        }
    }
    Some(Meta {
        frame: frame?,
        fold_quotes: fold?,
        allcaps_min: caps?,
    })
}

/// The character tables.
pub fn chars() -> Option<Chars> {
    Chars::decode(CHARS, LOWER)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    fn hex(data: &[u8]) -> String {
        Sha256::digest(data)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The same hashes `scripts/derive-ctok-data.py` pins.
    #[test]
    fn embedded_data_matches_the_pinned_hashes() {
        let pinned = [
            (
                V3,
                "e4f44c4057a9db0daefefa97afab35cd6f5db3a633b022d045c8c1596802bb2b",
            ),
            (
                V4_7,
                "2c906f2e9c766688afe372ffb2f3a5d81cbf07fc191aa812b95f6df7d1622b4b",
            ),
            (
                CHARS,
                "1acda85db4e62eee99ba56905f12468c8fb5309d934085020e7233d1ae2ee649",
            ),
            (
                LOWER,
                "e7e2b18f4d0a0d584ad46b363f0f8db2cf13f73f7a6e904909be867778e07adf",
            ),
            (
                include_bytes!("../../../data/ctok/LICENSE"),
                "5607d5baf3f475f490487e7c9c3ddbf39a96f8c16c41ff0d563f483615b430f3",
            ),
        ];
        for (data, hash) in pinned {
            assert_eq!(hex(data), hash);
        }
    }

    #[test]
    fn vocabularies_have_ctoks_sizes_and_frames() {
        // 48,792 and 15,283 published pieces, plus the glued contractions (`'s` + eow).
        let (meta, _, count) = vocabulary(V3).unwrap();
        assert_eq!(
            (meta.frame, meta.fold_quotes, meta.allcaps_min),
            (7, true, Some(4))
        );
        assert_eq!(count, 48_792 - 467 + 7);
        let (meta, _, count) = vocabulary(V4_7).unwrap();
        assert_eq!(
            (meta.frame, meta.fold_quotes, meta.allcaps_min),
            (11, false, None)
        );
        assert_eq!(count, 15_283 - 468 + 4);
    }
}
