//! A reader that passes on only UTF-8 text, and on the first byte that is not says where it is
//! (byte offset and line), so a streamed CSV's error names the byte as a file read whole does.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

const CHUNK: usize = 64 << 10;

/// Where the first invalid byte was: its offset and line (from 1).
pub type BadByte = Rc<Cell<Option<(u64, usize)>>>;

/// `inner`, checked as UTF-8 as it is read.
pub struct Utf8Reader<R> {
    inner: R,
    buf: Vec<u8>,
    /// Bytes of `buf` handed out, valid, and read.
    start: usize,
    valid: usize,
    end: usize,
    /// The file offset of `buf[0]`, and the line breaks before it.
    offset: u64,
    lines: usize,
    /// An invalid byte at `buf[valid]`, to report once the valid text before it is read.
    invalid_next: bool,
    bad: BadByte,
}

impl<R: Read> Utf8Reader<R> {
    /// `inner` checked; `bad` is set at the first invalid byte.
    pub fn new(inner: R, bad: BadByte) -> Self {
        Utf8Reader {
            inner,
            buf: vec![0; CHUNK],
            start: 0,
            valid: 0,
            end: 0,
            offset: 0,
            lines: 0,
            invalid_next: false,
            bad,
        }
    }

    fn fail(&mut self, at: usize) -> io::Error {
        let line = 1 + self.lines + bytecount(&self.buf[..at]);
        self.bad.set(Some((self.offset + at as u64, line)));
        io::Error::new(io::ErrorKind::InvalidData, "not UTF-8 text")
    }

    /// Moves the unchecked tail to the front and reads more, until some valid text is ready.
    fn refill(&mut self) -> io::Result<()> {
        if self.invalid_next {
            return Err(self.fail(self.valid));
        }
        self.lines += bytecount(&self.buf[..self.valid]);
        self.offset += self.valid as u64;
        self.buf.copy_within(self.valid..self.end, 0);
        self.end -= self.valid;
        self.start = 0;
        self.valid = 0;
        loop {
            let n = self.inner.read(&mut self.buf[self.end..])?;
            if n == 0 {
                // Bytes left unchecked at the end are a sequence cut short.
                return if self.end > 0 {
                    Err(self.fail(0))
                } else {
                    Ok(())
                };
            }
            self.end += n;
            match std::str::from_utf8(&self.buf[..self.end]) {
                Ok(_) => self.valid = self.end,
                Err(e) => {
                    self.valid = e.valid_up_to();
                    if e.error_len().is_some() {
                        if self.valid == 0 {
                            return Err(self.fail(0));
                        }
                        self.invalid_next = true;
                    }
                }
            }
            if self.valid > 0 {
                return Ok(());
            }
        }
    }
}

fn bytecount(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

impl<R: Read> Read for Utf8Reader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.start == self.valid {
            self.refill()?;
        }
        let n = out.len().min(self.valid - self.start);
        out[..n].copy_from_slice(&self.buf[self.start..self.start + n]);
        self.start += n;
        Ok(n)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Bytes read out at most `.1` at a time, as a pipe or a slow disk hands them over.
    pub(in crate::usage) struct Trickle<'a>(pub &'a [u8], pub usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = out.len().min(self.1).min(self.0.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// Reads `bytes` through the checker, `step` bytes of input at a time.
    fn check(bytes: &[u8], step: usize) -> (Vec<u8>, Option<(u64, usize)>) {
        let bad = BadByte::default();
        let mut out = Vec::new();
        let _ = Utf8Reader::new(Trickle(bytes, step), bad.clone()).read_to_end(&mut out);
        (out, bad.get())
    }

    #[test]
    fn valid_text_passes_whole_however_it_is_cut() {
        let text = "a,é\n東京,😀\n".repeat(50);
        for step in [1, 2, 3, 7, 1 << 20] {
            assert_eq!(
                check(text.as_bytes(), step),
                (text.clone().into_bytes(), None)
            );
        }
    }

    #[test]
    fn the_first_invalid_byte_is_named_by_offset_and_line() {
        // "ab\nc" then 0xE9 (Latin-1 é) at offset 4, on line 2.
        for step in [1, 3, 1 << 20] {
            let (out, bad) = check(b"ab\nc\xe9d\n", step);
            assert_eq!(bad, Some((4, 2)), "step {step}");
            assert_eq!(out, b"ab\nc");
        }
        // A sequence cut short by the end of the file.
        assert_eq!(check(b"ab\xe6\x9d", 1 << 20).1, Some((2, 1)));
    }
}
