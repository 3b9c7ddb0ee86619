//! A reader that turns each CRLF line break into LF, so a CSV exported on Windows is read with
//! the right line numbers: the csv crate counts a line at the `\n` it has not yet consumed after
//! a record ending in `\r\n`, which names every row one line low (BurntSushi/rust-csv#395).

use std::io::{self, Read};

const CHUNK: usize = 64 << 10;

/// `inner` with every `\r` that comes just before a `\n` left out; a lone `\r` passes.
pub struct LfReader<R> {
    inner: R,
    buf: Box<[u8]>,
    start: usize,
    end: usize,
    /// A `\r` ended the last chunk read: whether it is passed on waits on the next byte.
    held_cr: bool,
}

impl<R: Read> LfReader<R> {
    /// `inner`, its CRLF breaks read as LF.
    pub fn new(inner: R) -> Self {
        LfReader {
            inner,
            buf: vec![0; CHUNK].into_boxed_slice(),
            start: 0,
            end: 0,
            held_cr: false,
        }
    }
}

impl<R: Read> Read for LfReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        if self.start == self.end {
            self.start = 0;
            self.end = self.inner.read(&mut self.buf)?;
            if self.end == 0 {
                // The file ends on the held `\r`: it was no line break's, so it is passed on.
                return Ok(if std::mem::take(&mut self.held_cr) {
                    out[0] = b'\r';
                    1
                } else {
                    0
                });
            }
        }
        let mut n = 0;
        if self.held_cr {
            self.held_cr = false;
            if self.buf[self.start] != b'\n' {
                out[0] = b'\r';
                n = 1;
            }
        }
        while n < out.len() && self.start < self.end {
            let b = self.buf[self.start];
            self.start += 1;
            if b == b'\r' {
                match self.buf[self.start..self.end].first() {
                    Some(b'\n') => continue,
                    Some(_) => {}
                    None => {
                        self.held_cr = true;
                        break;
                    }
                }
            }
            out[n] = b;
            n += 1;
        }
        if n == 0 {
            // Only a held `\r` was read; ask again rather than signal the end.
            return self.read(out);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usage::utf8_reader::tests::Trickle;

    /// Reads `bytes` through the reader, `step` bytes of input at a time.
    fn lf(bytes: &[u8], step: usize) -> Vec<u8> {
        let mut out = Vec::new();
        LfReader::new(Trickle(bytes, step))
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn crlf_becomes_lf_and_a_lone_cr_stays_however_the_input_is_cut() {
        let input = b"a,b\r\nc,\"d\r\ne\"\r\nf\rg\r\r\nh\r";
        let want = b"a,b\nc,\"d\ne\"\nf\rg\r\nh\r";
        for step in [1, 2, 3, 5, 1 << 20] {
            assert_eq!(lf(input, step), want, "step {step}");
        }
        assert_eq!(lf(b"", 1), b"");
        assert_eq!(lf(b"\r", 1), b"\r");
        assert_eq!(lf(b"\r\n", 1), b"\n");
    }
}
