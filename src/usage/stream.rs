//! A file read in pieces of whole units (lines, or report pages), each piece parsed on any core
//! and the results folded in file order: memory holds a few pieces, not the file, and what the
//! fold says (warnings, the first error) comes out in file order whatever the thread count.

use std::io::Read;

use super::json_scan::Scanner;
use crate::error::{Error, Result};

/// The size a piece is cut at, at the first unit end after it (a unit longer than this makes
/// a longer piece).
const PIECE_BYTES: usize = 2 << 20;

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
}

impl Piece {
    /// The 1-based (line, column) of `bytes[at]`.
    pub fn position(&self, at: usize) -> (usize, usize) {
        let before = &self.bytes[..at];
        match before.iter().rposition(|&b| b == b'\n') {
            Some(nl) => (
                self.line + before.iter().filter(|&&b| b == b'\n').count(),
                at - nl,
            ),
            None => (self.line, self.column + at),
        }
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
    /// already given, and the (line, column) after it.
    fn cut(&mut self, bytes: &[u8], scanned: usize) -> usize {
        match self {
            Units::Lines => bytes[scanned..]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| scanned + p + 1),
            Units::Json(scanner) => {
                let c = scanner.feed(&bytes[scanned..]);
                if c == 0 { 0 } else { scanned + c }
            }
        }
    }
}

/// Reads `reader` (the file `path`) in pieces cut at `units`, parses them with `parse` on
/// every core and folds the results with `fold`, in order. A fold error stops the reading.
pub fn each_piece<T: Send>(
    path: &std::path::Path,
    mut reader: impl Read,
    mut units: Units,
    parse: impl Fn(&Piece) -> T + Sync + Send,
    mut fold: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    let mut cutter = Cutter {
        path,
        buffer: Vec::new(),
        scanned: 0,
        offset: 0,
        line: 1,
        column: 1,
        first: true,
        eof: false,
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
        pieces = next?;
        parsed = now;
    }
    Ok(())
}

struct Cutter<'a> {
    path: &'a std::path::Path,
    buffer: Vec<u8>,
    /// How much of `buffer` the units have seen.
    scanned: usize,
    offset: u64,
    line: usize,
    column: usize,
    first: bool,
    eof: bool,
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
        let mut cut = 0;
        loop {
            let want = if self.buffer.len() < PIECE_BYTES {
                PIECE_BYTES - self.buffer.len()
            } else {
                let c = units.cut(&self.buffer, self.scanned);
                self.scanned = self.buffer.len();
                if c > 0 {
                    cut = c;
                }
                if cut > 0 || self.eof {
                    break;
                }
                // A unit longer than a piece: read on to its end.
                PIECE_BYTES
            };
            if self.eof {
                let c = units.cut(&self.buffer, self.scanned);
                self.scanned = self.buffer.len();
                cut = cut.max(c);
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
        let rest = self.buffer.split_off(cut);
        let bytes = std::mem::replace(&mut self.buffer, rest);
        self.scanned -= cut;
        let piece = Piece {
            offset: self.offset,
            line: self.line,
            column: self.column,
            first: self.first,
            bytes,
        };
        (self.line, self.column) = piece.position(piece.bytes.len());
        self.offset += cut as u64;
        self.first = false;
        Ok(Some(piece))
    }
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
