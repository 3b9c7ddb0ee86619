//! Counting large inputs fast and in bounded memory.
//!
//! One reader walks the inputs and cuts each into chunks of about [`CHUNK_BYTES`] at places
//! where counts add up exactly for every counter (Claude's safe cuts, `claude/cut.rs`, are also
//! safe for `cl100k_base`, `chunks.rs`: a line feed before printable ASCII is a line feed before
//! a non-whitespace byte, and the cuts after a letter end its letter run); a pool of `workers` threads counts each
//! chunk with every counter asked for, each thread with its own encoder (`parallel.rs`). At most two chunks per worker wait for a thread, so
//! memory stays near (3 × workers + 3) × chunk size whatever the input size (queued, being
//! counted, being cut and read). Progress is reported to the caller's [`Progress`]; the library
//! draws nothing.

use std::io::Read;
use std::path::PathBuf;

use super::claude::Edge;
use super::claude::cut::{cut_at, last_cut};
use super::content::Content;
use super::inputs::{Skipped, Source};
use super::method::Counter;
use super::parallel;
use super::progress::Progress;
use crate::error::{Error, Result};

/// Target chunk size: large enough to amortise the hand-off, small enough to spread work.
pub const CHUNK_BYTES: usize = 1 << 20;

/// The longest stretch of text counted in one piece: counts add up only across safe cuts (a
/// line break before printable ASCII, a space between two ASCII letters, an ASCII digit or
/// punctuation after an ASCII letter), and one piece costs about 12 bytes of working memory per
/// byte of text, so a longer stretch with none of them (megabytes of ideographs, or of one
/// letter, on one line) is refused rather than held whole.
pub const MAX_UNCUT_BYTES: usize = 8 << 20;

/// A counted input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// The path, or `-`.
    pub name: String,
    /// The path, when the text came from a file.
    pub path: Option<PathBuf>,
    /// Size in bytes.
    pub bytes: u64,
    /// Tokens by each counter asked for, in the order asked.
    pub tokens: Vec<u64>,
    /// The content type detected from the file name and its first chunk.
    pub content: Content,
}

/// Counts every source with each of `counters`, on `workers` threads and chunks of about
/// `chunk_bytes`; non-UTF-8 files that were not named directly are skipped.
pub fn count_with(
    counters: &[Counter],
    sources: &[Source],
    stdin: &mut dyn Read,
    chunk_bytes: usize,
    workers: usize,
    progress: &dyn Progress,
) -> Result<(Vec<Counted>, Vec<Skipped>)> {
    let mut counted: Vec<Counted> = Vec::with_capacity(sources.len());
    let mut skipped = Vec::new();
    let mut dropped = vec![false; sources.len()];
    let total: u64 = sources
        .iter()
        .filter(|s| s.skip.is_none())
        .filter_map(|s| s.path.as_ref())
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        // Only the progress bar's length: saturating, never wrapping.
        .fold(0, u64::saturating_add);
    progress.start(total);

    // One chunk's worth of input needs one thread; more threads only pay their start-up.
    let has_stdin = sources.iter().any(|s| s.path.is_none());
    let workers = if has_stdin {
        workers
    } else {
        workers.min(
            usize::try_from(total / chunk_bytes as u64)
                .unwrap_or(usize::MAX)
                .max(1),
        )
    };
    let count = |(index, text, edge, last): (usize, String, Edge, bool)| {
        let tokens: Vec<u64> = counters
            .iter()
            .map(|c| c.piece_tokens(&text, edge, last))
            .collect();
        (index, tokens)
    };
    // What an empty input counts (Claude's frame may charge for a text that is not there).
    let empty: Vec<u64> = counters
        .iter()
        .map(|c| c.piece_tokens("", Edge::Head { raw_space: false }, true))
        .collect();
    let (read, tokens) = parallel::run(workers, 2 * workers, count, |lanes| {
        for source in sources {
            if let Some(reason) = &source.skip {
                skipped.push(Skipped {
                    name: source.name.clone(),
                    reason: reason.clone(),
                });
                continue;
            }
            let mut reader: Box<dyn Read> = match &source.path {
                Some(p) => Box::new(std::fs::File::open(p).map_err(|e| Error::Io {
                    path: p.clone(),
                    source: e,
                })?),
                None => Box::new(&mut *stdin),
            };
            let outcome = split_into(&mut reader, chunk_bytes, |offset, chunk, edge, last| {
                progress.advance(chunk.len() as u64);
                let text =
                    std::str::from_utf8(chunk).map_err(|e| offset + e.valid_up_to() as u64)?;
                if offset == 0 {
                    counted.push(Counted {
                        name: source.name.clone(),
                        path: source.path.clone(),
                        bytes: 0,
                        tokens: vec![0; counters.len()],
                        content: Content::detect(source.path.as_deref(), text),
                    });
                }
                if let Some(c) = counted.last_mut() {
                    c.bytes += chunk.len() as u64;
                }
                lanes.send((counted.len() - 1, text.to_string(), edge, last));
                Ok(())
            });
            match outcome {
                Ok(true) => {}
                // An empty input: no chunk was sent.
                Ok(false) => counted.push(Counted {
                    name: source.name.clone(),
                    path: source.path.clone(),
                    bytes: 0,
                    tokens: empty.clone(),
                    content: Content::detect(source.path.as_deref(), ""),
                }),
                Err(Split::Io(e)) => {
                    return Err(Error::Io {
                        path: source.path.clone().unwrap_or_else(|| "-".into()),
                        source: e,
                    });
                }
                Err(Split::NoCut(at)) => {
                    return Err(Error::Invalid {
                        path: source.name.clone(),
                        line: None,
                        column: None,
                        message: format!(
                            "more than {} MiB of text from byte {at} without a line break \
                             before printable text, a space between two letters, or a digit or \
                             punctuation after a letter: burnrate counts in pieces that end at such places, \
                             to stay exact in bounded memory; break the text into lines",
                            MAX_UNCUT_BYTES >> 20
                        ),
                    });
                }
                Err(Split::NotUtf8(at)) => {
                    let reason = format!("not UTF-8 text (invalid byte at offset {at})");
                    if source.strict {
                        return Err(Error::Invalid {
                            path: source.name.clone(),
                            line: None,
                            column: None,
                            message: format!("{reason}; burnrate counts text files only"),
                        });
                    }
                    // Chunks already sent for this input are discarded below.
                    if counted.last().is_some_and(|c| c.name == source.name) {
                        dropped_mark(&mut dropped, counted.len() - 1);
                    }
                    skipped.push(Skipped {
                        name: source.name.clone(),
                        reason,
                    });
                }
            }
        }
        Ok(())
    })?;
    read?;
    for (index, tokens) in tokens {
        for (sum, n) in counted[index].tokens.iter_mut().zip(tokens) {
            *sum = sum.saturating_add(n);
        }
    }
    progress.finish();
    let kept = counted
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !dropped.get(*i).copied().unwrap_or(false))
        .map(|(_, c)| c)
        .collect();
    Ok((kept, skipped))
}

fn dropped_mark(dropped: &mut Vec<bool>, index: usize) {
    if dropped.len() <= index {
        dropped.resize(index + 1, false);
    }
    dropped[index] = true;
}

enum Split {
    Io(std::io::Error),
    NotUtf8(u64),
    /// No safe cut in [`MAX_UNCUT_BYTES`] from this offset.
    NoCut(u64),
}

/// Reads `reader` to the end, handing chunks cut at safe places to `each(offset, bytes, edge,
/// last)`: what precedes the chunk, and whether it ends the input. Returns whether any chunk was
/// handed over.
fn split_into(
    reader: &mut dyn Read,
    chunk_bytes: usize,
    mut each: impl FnMut(u64, &[u8], Edge, bool) -> std::result::Result<(), u64>,
) -> std::result::Result<bool, Split> {
    let mut buf: Vec<u8> = Vec::with_capacity(2 * chunk_bytes);
    let mut offset = 0u64;
    let mut any = false;
    let mut eof = false;
    let mut edge: Option<Edge> = None;
    while !eof || !buf.is_empty() {
        while !eof && buf.len() < 2 * chunk_bytes {
            let start = buf.len();
            buf.resize(start + chunk_bytes, 0);
            let n = reader.read(&mut buf[start..]).map_err(Split::Io)?;
            buf.truncate(start + n);
            eof = n == 0;
        }
        let (at, next) = if eof && buf.len() <= chunk_bytes {
            (buf.len(), None)
        } else {
            // The last safe cut within a chunk, else the first one after it (one long line).
            let found = last_cut(&buf, 1, chunk_bytes).or_else(|| {
                (chunk_bytes + 1..buf.len()).find_map(|p| cut_at(&buf, p).map(|e| (p, e)))
            });
            match found {
                Some((at, next)) => (at, Some(next)),
                _ if buf.len() > MAX_UNCUT_BYTES => return Err(Split::NoCut(offset)),
                None if eof => (buf.len(), None),
                None => {
                    let start = buf.len();
                    buf.resize(start + chunk_bytes, 0);
                    let n = reader.read(&mut buf[start..]).map_err(Split::Io)?;
                    buf.truncate(start + n);
                    eof = n == 0;
                    continue;
                }
            }
        };
        if at == 0 {
            break;
        }
        let head = *edge.get_or_insert(Edge::Head {
            raw_space: buf.first() == Some(&b' '),
        });
        each(offset, &buf[..at], head, eof && at == buf.len()).map_err(Split::NotUtf8)?;
        edge = next;
        any = true;
        offset += at as u64;
        buf.drain(..at);
    }
    Ok(any)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::progress::Silent;

    fn source(path: &str, strict: bool) -> Source {
        Source {
            name: path.to_string(),
            path: Some(PathBuf::from(path)),
            strict,
            skip: None,
        }
    }

    #[test]
    fn small_chunks_on_many_workers_count_exactly() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/text");
        let files = [
            "prose.txt",
            "code.rs",
            "data.json",
            "cjk.txt",
            "emoji.txt",
            "empty.txt",
        ];
        let sources: Vec<Source> = files
            .iter()
            .map(|f| source(&format!("{dir}/{f}"), true))
            .collect();
        for (chunk, workers) in [(16, 3), (64, 2), (1 << 20, 1)] {
            let (counted, skipped) = count_with(
                &[Counter::Cl100k],
                &sources,
                &mut std::io::empty(),
                chunk,
                workers,
                &Silent,
            )
            .unwrap();
            assert!(skipped.is_empty());
            for (c, f) in counted.iter().zip(files) {
                let text = std::fs::read_to_string(format!("{dir}/{f}")).unwrap();
                assert_eq!(
                    c.tokens[0],
                    crate::tokens::count::cl100k_tokens(&text) as u64,
                    "{f} at {chunk}"
                );
                assert_eq!(c.bytes, text.len() as u64);
            }
        }
    }

    #[test]
    fn a_long_line_is_cut_after_the_chunk_and_a_stretch_without_cuts_is_refused() {
        let dir = std::env::temp_dir().join(format!("burnrate-uncut-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // 300 KiB of one "line" with a letter-space-letter every 10 KiB: cut after each 16 KiB
        // chunk, counted exactly.
        let unit = format!("{} b", "a".repeat(10 << 10));
        let long = unit.repeat(30);
        let path = dir.join("long.txt");
        std::fs::write(&path, &long).unwrap();
        let counters = [Counter::Cl100k];
        let (counted, _) = count_with(
            &counters,
            &[source(path.to_str().unwrap(), true)],
            &mut std::io::empty(),
            1 << 20,
            2,
            &Silent,
        )
        .unwrap();
        assert_eq!(
            counted[0].tokens[0],
            crate::tokens::count::cl100k_tokens(&long) as u64
        );
        // 9 MiB without a safe cut: refused, the limit named.
        let path = dir.join("uncut.txt");
        std::fs::write(&path, "a".repeat(9 << 20)).unwrap();
        let err = count_with(
            &counters,
            &[source(path.to_str().unwrap(), true)],
            &mut std::io::empty(),
            1 << 20,
            2,
            &Silent,
        )
        .unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            err.to_string()
                .contains("more than 8 MiB of text from byte 0 without a line break"),
            "{err}"
        );
    }

    #[test]
    fn a_bad_byte_deep_in_a_walked_file_skips_that_file_only() {
        let dir = std::env::temp_dir().join(format!("burnrate-stream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("bad.txt");
        let mut bytes = "word ".repeat(100).into_bytes();
        bytes.extend_from_slice(b"\n\xff tail\n");
        std::fs::write(&bad, bytes).unwrap();
        let good = dir.join("good.txt");
        std::fs::write(&good, "hello world\n").unwrap();
        let sources = vec![
            source(bad.to_str().unwrap(), false),
            source(good.to_str().unwrap(), false),
        ];
        let (counted, skipped) = count_with(
            &[Counter::Cl100k],
            &sources,
            &mut std::io::empty(),
            32,
            2,
            &Silent,
        )
        .unwrap();
        assert_eq!(counted.len(), 1);
        assert_eq!(counted[0].tokens, [3]);
        assert_eq!(
            skipped[0].reason,
            "not UTF-8 text (invalid byte at offset 501)"
        );
        // Named directly, the same file is an error.
        let strict = vec![source(bad.to_str().unwrap(), true)];
        assert!(
            count_with(
                &[Counter::Cl100k],
                &strict,
                &mut std::io::empty(),
                32,
                2,
                &Silent
            )
            .is_err()
        );
    }
}
