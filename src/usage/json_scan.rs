//! Where JSON values end, found without parsing them: strings, escapes and bracket depth only.
//! It lets a file of report pages be cut into whole pages, so that the pages can be read on
//! every core, each typed by serde; a page the scan misjudges (it is not JSON) is still read
//! by serde, which names the error.

/// What a [`Mark`] marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A page (an object at the top, or in a top-level array) opens (the offset of its `{`).
    PageOpen,
    /// A value at the top ends (a page), or an element of a top-level array, or the array.
    Value,
    /// A page's `data` array opens (the offset after its `[`).
    DataOpen,
    /// An element of a page's `data` array (a bucket) ends.
    Bucket,
    /// A page's `data` array closes (the offset of its `]`).
    DataClose,
}

/// A place in the bytes fed: what is there, and its offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// The offset (after the value for [`Kind::Value`] and [`Kind::Bucket`]).
    pub at: usize,
    /// What ends or opens there.
    pub kind: Kind,
}

/// A page cut across pieces (too big for one): where it starts, and its bytes up to its
/// `data` array's elements, which the piece that holds its end checks with that end.
#[derive(Debug)]
pub struct OpenPage {
    /// The file offset of its `{`.
    pub offset: u64,
    /// The 1-based line and column of its `{`.
    pub line: usize,
    /// See `line`.
    pub column: usize,
    /// Its bytes from its `{` to just after its `data`'s `[`.
    pub head: Vec<u8>,
}

/// Where to cut `marks` (those of a piece's bytes so far): after the last value that ends in
/// them; else after the last bucket of a page that is open there, with the offsets of that
/// page's `{` and `data`'s `[` when it opens in them (`None` when it is the page already open
/// before them, `open`). `None` for no cut.
pub fn cut(marks: &[Mark], open: bool) -> Option<(usize, Option<(usize, usize)>)> {
    // Pages that fit in a piece stay whole: only a page with no end in sight is cut.
    match marks.iter().rposition(|m| m.kind == Kind::Value) {
        Some(v) => Some((marks[v].at, None)),
        None => bucket_cut(marks, open),
    }
}

/// A cut after the last bucket in `marks`, in which no value ends, with the page it is in.
fn bucket_cut(marks: &[Mark], open: bool) -> Option<(usize, Option<(usize, usize)>)> {
    let bucket = marks.iter().rposition(|m| m.kind == Kind::Bucket)?;
    let page = marks[..bucket]
        .iter()
        .rposition(|m| m.kind == Kind::PageOpen);
    match page {
        Some(p) => {
            let data = marks[p..bucket]
                .iter()
                .position(|m| m.kind == Kind::DataOpen)?;
            let closed = marks[p..bucket].iter().any(|m| m.kind == Kind::DataClose);
            (!closed).then_some((marks[bucket].at, Some((marks[p].at, marks[p + data].at))))
        }
        None => {
            let closed = marks[..bucket].iter().any(|m| m.kind == Kind::DataClose);
            (open && !closed).then_some((marks[bucket].at, None))
        }
    }
}

/// Where the scan is among a page's own fields (the bytes at the page's depth).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Field {
    /// A key (or the page's end) comes next.
    #[default]
    Key,
    /// After a key: `data` or another.
    Colon { data: bool },
    /// A field's value comes next.
    Value { data: bool },
    /// In or after a field's value.
    Rest,
}

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
    /// Among the fields of the page being read.
    field: Field,
    /// The first bytes of the key being read (a key longer than `data` is not `data`).
    key: [u8; 5],
    key_len: usize,
    capturing: bool,
    /// The depth of the elements of the page's `data` array while in it, else 0.
    data_depth: u32,
    /// Whether the page's `data` was seen: only the first is cut at its buckets (a second is
    /// an error that serde names).
    data_seen: bool,
    /// What the bytes fed hold, as offsets into them (the caller moves them).
    pub marks: Vec<Mark>,
}

impl Scanner {
    /// A scan from the start of a file.
    pub fn new() -> Scanner {
        Scanner::default()
    }

    /// Scans `bytes`, the file's next ones, and returns the offset just after the last value
    /// that ends in them (0 if none does). Inside a top-level array the values are its
    /// elements, and its closing bracket ends one too. Inside each page (an object) the
    /// opening and closing of its `data` array and the end of each element are marked too, so
    /// that a page too big for one piece can be cut between its buckets.
    pub fn feed(&mut self, bytes: &[u8]) -> usize {
        let (mut cut, mut i) = (0, 0);
        while i < bytes.len() {
            if self.in_string {
                let from = i;
                i = string_end(bytes, i, &mut self.in_string, &mut self.escaped);
                if self.capturing {
                    let end = if self.in_string { i } else { i - 1 };
                    self.capture(&bytes[from..end]);
                }
                continue;
            }
            let page = self.base + 1;
            if self.depth > page {
                // Inside a field's value: straight to the next byte that matters.
                while i < bytes.len() && !STRUCTURAL[bytes[i] as usize] {
                    i += 1;
                }
                if i == bytes.len() {
                    break;
                }
            }
            let b = bytes[i];
            i += 1;
            if self.depth == page {
                if self.page_byte(b, i) {
                    cut = i;
                }
            } else {
                match b {
                    b'"' => self.in_string = true,
                    b'{' | b'[' => {
                        if !self.started && b == b'[' {
                            self.base = 1;
                        }
                        if b == b'{' && self.depth == self.base {
                            self.field = Field::Key;
                            self.data_seen = false;
                            self.marks.push(Mark {
                                at: i - 1,
                                kind: Kind::PageOpen,
                            });
                        }
                        self.depth += 1;
                    }
                    b'}' | b']' => {
                        self.depth = self.depth.saturating_sub(1);
                        if self.data_depth > 0 && self.depth == self.data_depth {
                            self.marks.push(Mark {
                                at: i,
                                kind: Kind::Bucket,
                            });
                        } else if self.data_depth > 0 && self.depth + 1 == self.data_depth {
                            self.data_depth = 0;
                            self.marks.push(Mark {
                                at: i - 1,
                                kind: Kind::DataClose,
                            });
                        }
                        if self.depth <= self.base {
                            cut = i;
                            self.marks.push(Mark {
                                at: i,
                                kind: Kind::Value,
                            });
                        }
                    }
                    // A value that is neither an object nor an array at the top ends the
                    // block where it is: serde then says what it is.
                    b if !b.is_ascii_whitespace() && self.depth == 0 => {
                        cut = i;
                        self.marks.push(Mark {
                            at: i,
                            kind: Kind::Value,
                        });
                    }
                    _ => {}
                }
            }
            if !b.is_ascii_whitespace() {
                self.started = true;
            }
        }
        cut
    }

    /// A byte among a page's own fields, at offset `i - 1`: keys are followed to find `data`.
    /// Whether the page ends there.
    fn page_byte(&mut self, b: u8, i: usize) -> bool {
        match (b, self.field) {
            (b'"', Field::Key) => {
                self.in_string = true;
                self.capturing = true;
                self.key_len = 0;
            }
            (b'"', _) => {
                self.in_string = true;
                self.field = Field::Rest;
            }
            (b':', Field::Colon { data }) => self.field = Field::Value { data },
            (b',', _) => self.field = Field::Key,
            (b'[', Field::Value { data: true }) if !self.data_seen => {
                self.data_seen = true;
                self.depth += 1;
                self.data_depth = self.depth;
                self.field = Field::Rest;
                self.marks.push(Mark {
                    at: i,
                    kind: Kind::DataOpen,
                });
            }
            (b'{' | b'[', _) => {
                self.depth += 1;
                self.field = Field::Rest;
            }
            (b'}' | b']', _) => {
                // The page closes (a `]` here is an error serde names).
                self.depth -= 1;
                self.marks.push(Mark {
                    at: i,
                    kind: Kind::Value,
                });
                return true;
            }
            (b, _) if b.is_ascii_whitespace() => {}
            _ => self.field = Field::Rest,
        }
        false
    }

    /// The next bytes of a key; at its closing quote, whether it is `data`.
    fn capture(&mut self, bytes: &[u8]) {
        let n = bytes.len().min(self.key.len() - self.key_len);
        self.key[self.key_len..self.key_len + n].copy_from_slice(&bytes[..n]);
        self.key_len += n;
        if bytes.len() > n {
            // Longer than `data`: marked as such by a full buffer that is not `data`.
            self.key_len = self.key.len();
        }
        if !self.in_string {
            self.capturing = false;
            self.field = Field::Colon {
                data: &self.key[..self.key_len] == b"data",
            };
        }
    }
}

/// The blanks of JSON (serde's: not form feeds).
pub fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\t' | b'\r')
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
        let ends: Vec<usize> = s
            .marks
            .iter()
            .filter(|m| m.kind == Kind::Value)
            .map(|m| m.at)
            .collect();
        assert_eq!(values(&text[..cut], &ends, false), [0..9, 10..22]);
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
