//! Where JSON values end, found without parsing them: strings, escapes and bracket depth only.
//! It lets a file of report pages be cut into whole pages, so that the pages can be read on
//! every core, each typed by serde; a page the scan misjudges (it is not JSON) is still read
//! by serde, which names the error.

/// The scan's state between blocks of a file.
#[derive(Debug, Clone, Default)]
pub struct Scanner {
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// The depth at which a value ends: 0 for values one after another, 1 inside a top-level
    /// array.
    base: u32,
    /// Whether the first non-blank byte has been seen.
    started: bool,
    /// Where values ended, as offsets into the bytes fed (the caller moves them).
    pub ends: Vec<usize>,
}

impl Scanner {
    /// A scan from the start of a file.
    pub fn new() -> Scanner {
        Scanner::default()
    }

    /// Scans `bytes`, the file's next ones, and returns the offset just after the last value
    /// that ends in them (0 if none does). Inside a top-level array the values are its
    /// elements, and its closing bracket ends one too.
    pub fn feed(&mut self, bytes: &[u8]) -> usize {
        let (mut cut, mut i) = (0, 0);
        while i < bytes.len() {
            if self.in_string {
                i = string_end(bytes, i, &mut self.in_string, &mut self.escaped);
                continue;
            }
            if self.depth > self.base {
                // Inside a value: straight to the next byte that matters.
                while i < bytes.len() && !STRUCTURAL[bytes[i] as usize] {
                    i += 1;
                }
                if i == bytes.len() {
                    break;
                }
            }
            let b = bytes[i];
            i += 1;
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => {
                    if !self.started && b == b'[' {
                        self.base = 1;
                    }
                    self.depth += 1;
                }
                b'}' | b']' => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth <= self.base {
                        cut = i;
                        self.ends.push(i);
                    }
                }
                // A value that is neither an object nor an array at the top ends the block
                // where it is: serde then says what it is.
                b if !b.is_ascii_whitespace() && self.depth == 0 => {
                    cut = i;
                    self.ends.push(i);
                }
                _ => {}
            }
            if !b.is_ascii_whitespace() {
                self.started = true;
            }
        }
        cut
    }
}

/// The bytes that open or close a string, an object or an array.
const STRUCTURAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'{' as usize] = true;
    t[b'}' as usize] = true;
    t[b'[' as usize] = true;
    t[b']' as usize] = true;
    t
};

/// The bytes that matter in a string.
const IN_STRING: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// From `i` inside a string, the offset after its closing quote (clearing `in_string`), or the
/// end of `bytes`.
fn string_end(bytes: &[u8], mut i: usize, in_string: &mut bool, escaped: &mut bool) -> usize {
    if *escaped && i < bytes.len() {
        *escaped = false;
        i += 1;
    }
    while i < bytes.len() {
        while i < bytes.len() && !IN_STRING[bytes[i] as usize] {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'"') => {
                *in_string = false;
                return i + 1;
            }
            Some(_) if i + 1 < bytes.len() => i += 2,
            Some(_) => {
                *escaped = true;
                return bytes.len();
            }
            None => {}
        }
    }
    bytes.len()
}

/// The values of `bytes` that end at `ends` (as [`Scanner::feed`] found them), and anything
/// after the last, as byte ranges: blanks, and inside an array its commas and brackets, are
/// skipped.
pub fn values(bytes: &[u8], ends: &[usize], in_array: bool) -> Vec<std::ops::Range<usize>> {
    let separator =
        |b: u8| b.is_ascii_whitespace() || (in_array && matches!(b, b',' | b'[' | b']'));
    let mut out = Vec::with_capacity(ends.len() + 1);
    let mut from = 0;
    for &end in ends.iter().chain(std::iter::once(&bytes.len())) {
        let start = bytes[from..end]
            .iter()
            .position(|&b| !separator(b))
            .map(|p| from + p);
        if let Some(start) = start {
            out.push(start..end);
        }
        from = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_one_after_another_are_cut_after_each() {
        let text = b"{\"a\":\"}\"}\n{\"b\":[1,{}]}\n{\"c\"";
        let mut s = Scanner::new();
        let cut = s.feed(text);
        assert_eq!(&text[..cut], b"{\"a\":\"}\"}\n{\"b\":[1,{}]}");
        assert_eq!(values(&text[..cut], &s.ends, false), [0..9, 10..22]);
    }

    #[test]
    fn an_array_is_cut_after_each_element() {
        let text = b" [{\"a\":1},\n {\"b\":\"\\\"]\"}]";
        let mut s = Scanner::new();
        let first = s.feed(&text[..12]);
        assert_eq!(first, 9);
        let rest = s.feed(&text[12..]);
        assert_eq!(rest, text.len() - 12);
        // An escape cut between two blocks.
        let mut s = Scanner::new();
        assert_eq!(s.feed(b"{\"a\":\"x\\"), 0);
        assert_eq!(s.feed(b"\"}\"}"), 4);
        let n = text.len();
        assert_eq!(values(text, &[9, n], true), [2..9, 12..n]);
    }
}
