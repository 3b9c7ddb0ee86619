//! A file read in pieces of whole units (lines, or report pages), each piece parsed on any core
//! and the results folded in file order: memory holds a few pieces, not the file, and what the
//! fold says (warnings, the first error) comes out in file order whatever the thread count.

use std::io::Read;
use std::sync::Arc;

use super::json_scan::{self, Kind, Mark, OpenPage, Scanner};
use crate::error::{Error, Result};

/// The size a piece is cut at, at the first unit end after it (a unit longer than this makes
/// a longer piece; a report page is cut between its buckets).
pub const PIECE_BYTES: usize = 2 << 20;

/// Whole units of a file, and where they start in it.
pub struct Piece {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// The offset of `bytes[0]` in the file.
    pub offset: u64,
    /// The 1-based line and column of `bytes[0]`.
    pub line: usize,
    /// See `line`.
    pub column: usize,
    /// Whether this is the file's first piece.
    pub first: bool,
    /// Whether this is its last (it ends where the file does).
    pub last: bool,
    /// Where its JSON values and their parts are, for [`Units::Json`].
    pub marks: Vec<Mark>,
    /// The report page it starts inside of (cut at a bucket before it), for [`Units::Json`].
    pub starts_in: Option<Arc<OpenPage>>,
    /// The report page it ends inside of (cut at a bucket), for [`Units::Json`].
    pub ends_in: Option<Arc<OpenPage>>,
}

impl Piece {
    /// The 1-based (line, column) of `bytes[at]`.
    pub fn position(&self, at: usize) -> (usize, usize) {
        advance(&self.bytes[..at], (self.line, self.column))
    }
}

/// Where a piece may end.
pub enum Units {
    /// After a line break.
    Lines,
    /// After a JSON value (see [`Scanner`]).
    Json(Scanner),
}

impl Units {
    /// The offset after the last unit that ends in `bytes`, the bytes after the `scanned` ones
    /// already given (0 if none), and for a report page cut at a bucket, where that page and
    /// its `data` array open, if in `bytes`.
    fn cut(&mut self, bytes: &[u8], scanned: usize, open: bool) -> (usize, Option<(usize, usize)>) {
        match self {
            Units::Lines => (
                bytes[scanned..]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| scanned + p + 1),
                None,
            ),
            Units::Json(scanner) => {
                let marks = scanner.marks.len();
                scanner.feed(&bytes[scanned..]);
                for m in &mut scanner.marks[marks..] {
                    m.at += scanned;
                }
                json_scan::cut(&scanner.marks, open).unwrap_or((0, None))
            }
        }
    }
}

/// Reads `reader` (the file `path` from its byte `from`, where line 1, column 1 is counted:
/// after a byte-order mark, say) in pieces of about `piece_bytes` ([`PIECE_BYTES`]; tests
/// cut small ones) cut at `units`, parses them with `parse` on every core and folds the
/// results with `fold`, in order. A fold error stops the reading.
pub fn each_piece<T: Send>(
    piece_bytes: usize,
    (path, from): (&std::path::Path, u64),
    mut reader: impl Read,
    mut units: Units,
    parse: impl Fn(&Piece) -> T + Sync + Send,
    mut fold: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    let mut cutter = Cutter {
        piece_bytes: piece_bytes.max(1),
        open: None,
        path,
        buffer: Vec::new(),
        scanned: 0,
        offset: from,
        line: 1,
        column: 1,
        first: true,
        eof: false,
        spare: Vec::new(),
    };
    // Two pieces per core in flight: while they are parsed, the last ones are folded and the
    // next ones read.
    let batch = 2 * rayon::current_num_threads().max(1);
    let mut pieces = cutter.next_batch(&mut reader, &mut units, batch)?;
    let mut parsed: Vec<T> = Vec::new();
    while !pieces.is_empty() || !parsed.is_empty() {
        let mut now = Vec::new();
        let next = rayon::in_place_scope(|scope| {
            let (now, pieces) = (&mut now, &pieces);
            let parse = &parse;
            scope.spawn(move |_| {
                use rayon::prelude::*;
                *now = pieces.par_iter().map(parse).collect::<Vec<T>>();
            });
            for t in parsed.drain(..) {
                fold(t)?;
            }
            cutter.next_batch(&mut reader, &mut units, batch)
        });
        // The pieces' buffers are used again: fresh ones cost page faults.
        let done = std::mem::replace(&mut pieces, next?);
        cutter.spare.extend(done.into_iter().map(|p| p.bytes));
        cutter.spare.truncate(2 * batch);
        parsed = now;
    }
    Ok(())
}

struct Cutter<'a> {
    piece_bytes: usize,
    /// The page open at the end of the last piece (cut between its buckets).
    open: Option<Arc<OpenPage>>,
    path: &'a std::path::Path,
    buffer: Vec<u8>,
    /// How much of `buffer` the units have seen.
    scanned: usize,
    offset: u64,
    line: usize,
    column: usize,
    first: bool,
    eof: bool,
    /// Buffers of pieces parsed, to read into again.
    spare: Vec<Vec<u8>>,
}

impl Cutter<'_> {
    fn next_batch(
        &mut self,
        reader: &mut impl Read,
        units: &mut Units,
        n: usize,
    ) -> Result<Vec<Piece>> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            match self.next(reader, units)? {
                Some(p) => out.push(p),
                None => break,
            }
        }
        Ok(out)
    }

    fn next(&mut self, reader: &mut impl Read, units: &mut Units) -> Result<Option<Piece>> {
        let (mut cut, mut opens) = (0, None);
        let piece_bytes = self.piece_bytes;
        loop {
            let want = if self.buffer.len() < piece_bytes {
                piece_bytes - self.buffer.len()
            } else {
                let c = units.cut(&self.buffer, self.scanned, self.open.is_some());
                self.scanned = self.buffer.len();
                if c.0 > 0 {
                    (cut, opens) = c;
                }
                if cut > 0 || self.eof {
                    break;
                }
                // A unit longer than a piece: read on to its end.
                piece_bytes
            };
            if self.eof {
                let c = units.cut(&self.buffer, self.scanned, self.open.is_some());
                self.scanned = self.buffer.len();
                if c.0 > 0 {
                    (cut, opens) = c;
                }
                break;
            }
            let start = self.buffer.len();
            self.buffer.resize(start + want, 0);
            let n = read_some(reader, &mut self.buffer[start..]).map_err(|source| Error::Io {
                path: self.path.to_path_buf(),
                source,
            })?;
            self.buffer.truncate(start + n);
            self.eof = n < want;
        }
        if self.eof {
            // The rest: a last line without a break, or a value cut short; its parser says.
            cut = self.buffer.len();
        }
        if cut == 0 {
            return Ok(None);
        }
        let mut rest = self.spare.pop().unwrap_or_default();
        rest.clear();
        rest.extend_from_slice(&self.buffer[cut..]);
        self.buffer.truncate(cut);
        let bytes = std::mem::replace(&mut self.buffer, rest);
        self.scanned -= cut;
        let mut marks = Vec::new();
        if let Units::Json(scanner) = units {
            // A mark at the cut is this piece's if it ends something there.
            let n = scanner.marks.partition_point(|m| {
                m.at < cut || (m.at == cut && matches!(m.kind, Kind::Value | Kind::Bucket))
            });
            marks.extend(scanner.marks.drain(..n));
            for m in &mut scanner.marks {
                m.at -= cut;
            }
        }
        let mut piece = Piece {
            offset: self.offset,
            line: self.line,
            column: self.column,
            first: self.first,
            last: self.eof,
            bytes,
            marks,
            starts_in: self.open.take(),
            ends_in: None,
        };
        let end_mark = piece.marks.last().filter(|m| m.at == cut).map(|m| m.kind);
        piece.ends_in = match (end_mark, opens) {
            (Some(Kind::Bucket), Some((page, data))) if !piece.last => {
                let (line, column) = piece.position(page);
                Some(Arc::new(OpenPage {
                    offset: self.offset + page as u64,
                    line,
                    column,
                    head: piece.bytes[page..data].to_vec(),
                }))
            }
            (Some(Kind::Bucket), None) if !piece.last => piece.starts_in.clone(),
            _ => None,
        };
        self.open = piece.ends_in.clone();
        (self.line, self.column) = piece.position(piece.bytes.len());
        self.offset += cut as u64;
        self.first = false;
        Ok(Some(piece))
    }
}

/// The (line, column) after `bytes`, which start at `(line, column)`.
pub fn advance(bytes: &[u8], (line, column): (usize, usize)) -> (usize, usize) {
    match newlines(bytes) {
        0 => (line, column + bytes.len()),
        n => {
            let last = last_newline(bytes).unwrap_or(0);
            (line + n, bytes.len() - last)
        }
    }
}

const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` that is a line break (exact: no carries between bytes).
fn breaks(word: &[u8]) -> u64 {
    let w = u64::from_le_bytes(word.try_into().unwrap_or_default())
        ^ (0x0101_0101_0101_0101 * u64::from(b'\n'));
    !(((w & !HIGH) + !HIGH) | w) & HIGH
}

/// Line breaks in `bytes`, a word at a time.
pub fn newlines(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let n: usize = (&mut chunks).map(|c| breaks(c).count_ones() as usize).sum();
    n + chunks.remainder().iter().filter(|&&b| b == b'\n').count()
}

/// The offset of the last line break in `bytes`, a word at a time.
fn last_newline(bytes: &[u8]) -> Option<usize> {
    let whole = bytes.len() / 8 * 8;
    if let Some(p) = bytes[whole..].iter().rposition(|&b| b == b'\n') {
        return Some(whole + p);
    }
    (0..whole / 8).rev().find_map(|i| {
        let b = breaks(&bytes[i * 8..i * 8 + 8]);
        (b != 0).then(|| i * 8 + (63 - b.leading_zeros() as usize) / 8)
    })
}

/// Fills `buf` as far as the reader goes.
fn read_some(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match reader.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn line_breaks_are_counted_a_word_at_a_time() {
        let text = b"a\n\n\x8a\x0b\n0123456789\n\x0a\xff\n";
        assert_eq!(
            super::newlines(text),
            text.iter().filter(|&&b| b == b'\n').count()
        );
        for end in 0..text.len() {
            assert_eq!(
                super::last_newline(&text[..end]),
                text[..end].iter().rposition(|&b| b == b'\n')
            );
        }
    }
}
