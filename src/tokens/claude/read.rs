//! Counting readers (files, standard input) in bounded memory on several threads: the reader cuts
//! each input at safe places (`cut.rs`) into pieces of about `chunk` bytes and the pool counts
//! them (`tokens::parallel`), so at most about (3 × workers + 2) pieces are alive at once
//! whatever the input size. A stretch with no safe place (one long line of ideographs) is read
//! whole before it is cut.

use std::io::Read;

use super::cut::last_cut;
use super::{Counter, Edge};
use crate::error::{Error, Result};
use crate::tokens::parallel;

/// A piece on its way to a worker: which input, its text, what precedes it, whether it ends the
/// message.
type Work = (usize, String, Edge, bool);

/// Content tokens of each reader's text as one user message, with `workers` threads. `names`
/// label errors (a reader that is not UTF-8).
pub fn count_readers(
    counter: &Counter,
    readers: &mut [(String, Box<dyn Read + Send>)],
    chunk: usize,
    workers: usize,
) -> Result<Vec<u64>> {
    let chunk = chunk.max(1024);
    let work = |(index, text, edge, last): Work| (index, counter.piece_tokens(&text, edge, last));
    let (fed, done) = parallel::run(workers, 2 * workers, work, |lanes| {
        let mut early = Vec::new();
        for (index, (name, reader)) in readers.iter_mut().enumerate() {
            let mut buf: Vec<u8> = Vec::with_capacity(chunk + 4096);
            let mut edge = None;
            let mut eof = false;
            while !eof {
                // Fill to `chunk` bytes, or twice what is held when no safe cut was found in it
                // (doubling keeps the rescans linear).
                let want = if buf.len() < chunk {
                    chunk
                } else {
                    buf.len() * 2
                };
                let mut filled = buf.len();
                buf.resize(want, 0);
                while filled < want {
                    match reader.read(&mut buf[filled..]) {
                        Ok(0) => {
                            eof = true;
                            break;
                        }
                        Ok(n) => filled += n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(Error::System(format!("cannot read `{name}`: {e}"))),
                    }
                }
                buf.truncate(filled);
                let head = *edge.get_or_insert(Edge::Head {
                    raw_space: buf.first() == Some(&b' '),
                });
                let (at, next) = if eof {
                    (buf.len(), head)
                } else {
                    match last_cut(&buf, 1, buf.len().saturating_sub(1)) {
                        Some(cut) => cut,
                        None => continue,
                    }
                };
                let rest = buf.split_off(at);
                let text = String::from_utf8(std::mem::replace(&mut buf, rest))
                    .map_err(|_| Error::System(format!("`{name}` is not UTF-8 text")))?;
                lanes.send((index, text, head, eof));
                edge = Some(next);
                early.extend(lanes.ready());
            }
        }
        Ok(early)
    })?;
    let mut totals = vec![0u64; readers.len()];
    for (index, tokens) in fed?.into_iter().chain(done) {
        totals[index] = totals[index].saturating_add(tokens);
    }
    Ok(totals)
}
