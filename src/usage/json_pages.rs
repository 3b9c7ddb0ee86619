//! The Admin API's report pages saved as JSON, for the usage and the cost report alike: one
//! page, an array of pages, or pages one after another (one per line). Each page is read typed,
//! so an error names its field's path and its line and column in the file.
//!
//! A file is read in pieces ([`super::stream`]), each piece's pages and runs of buckets
//! handed out by [`each_run`] and typed by [`buckets`].
//!
//! A page too big for one piece of a file is read in parts, between its buckets ([`parts`]):
//! each part's buckets typed, its fields around `data` checked at its end. A page with an
//! error is read again whole, as a stream ([`recheck`]), so that the error named is the one a
//! page read whole names.

use std::marker::PhantomData;
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};

use super::fold::PageBytes;
use super::json_scan::{self, Kind, OpenPage};
use super::record::Origin;
use super::stream::{self, Piece};
use crate::error::{Error, Result};

/// A page's buckets, read.
pub type Buckets<R> = Vec<Bucket<R>>;

/// One page: its buckets (`D`: [`Buckets`], or what reads them). Every field is known: an
/// unknown one is an error.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Page")]
pub struct Page<D> {
    /// The time buckets.
    pub data: D,
    #[serde(default)]
    #[allow(dead_code)]
    has_more: Option<bool>,
    #[serde(default)]
    #[allow(dead_code)]
    next_page: Option<String>,
}

/// One time bucket and its result rows.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bucket<R> {
    /// RFC 3339 start.
    pub starting_at: String,
    /// RFC 3339 end (exclusive).
    pub ending_at: String,
    /// The rows.
    pub results: Vec<R>,
}

/// `bytes` read as `T`, which starts at `(line, column)` of the file.
pub fn typed<T: DeserializeOwned>(
    file: &str,
    bytes: &[u8],
    (line, column): (usize, usize),
    explain: fn(&str) -> String,
) -> Result<T> {
    // The path to a bad field costs on every field: it is found only once there is an error.
    if let Ok(value) = T::deserialize(&mut serde_json::Deserializer::from_slice(bytes)) {
        return Ok(value);
    }
    typed_in(file, bytes, (line, column), explain, "")
}

/// [`typed`], for a value at `within` (a path such as `data[2]`) of the value an error names.
fn typed_in<T: DeserializeOwned>(
    file: &str,
    bytes: &[u8],
    at: (usize, usize),
    explain: fn(&str) -> String,
    within: &str,
) -> Result<T> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| located(file, e, at, explain, within))
}

/// A typed read's error at its field's path, in a value that starts at `(line, column)`.
fn located(
    file: &str,
    e: serde_path_to_error::Error<serde_json::Error>,
    (line, column): (usize, usize),
    explain: fn(&str) -> String,
    within: &str,
) -> Error {
    let path = match e.path().to_string() {
        p if p == "." || p.is_empty() => within.to_string(),
        p if within.is_empty() => p,
        p if p.starts_with('[') => format!("{within}{p}"),
        p => format!("{within}.{p}"),
    };
    let inner = e.into_inner();
    let (l, c) = (inner.line(), inner.column());
    let text = inner.to_string();
    let message = if path.is_empty() {
        text
    } else {
        format!("{path}: {text}")
    };
    // serde_json places a value error at the end of the object that holds it; the path
    // names the field.
    syntax(
        file,
        &message,
        line + l - 1,
        if l == 1 { column + c - 1 } else { c },
        explain,
    )
}

/// The first syntax error of the JSON value `de` reads, which starts at `(line, column)` of
/// `file`, with no field's path: what a file of pages one after another names when one is not
/// JSON, before any page is typed.
pub fn syntax_error<'de, R: serde_json::de::Read<'de>>(
    file: &str,
    mut de: serde_json::Deserializer<R>,
    (line, column): (usize, usize),
    explain: fn(&str) -> String,
) -> Option<Error> {
    let e = IgnoredAny::deserialize(&mut de).err()?;
    let (l, c) = (e.line(), e.column());
    let column = if l == 1 { column + c - 1 } else { c };
    Some(syntax(file, &e.to_string(), line + l - 1, column, explain))
}

fn syntax(
    file: &str,
    text: &str,
    line: usize,
    column: usize,
    explain: fn(&str) -> String,
) -> Error {
    // serde_json appends " at line L column C"; the position is given apart.
    let bare = text.rfind(" at line ").map_or(text, |i| &text[..i]);
    Error::Syntax {
        path: file.to_string(),
        line,
        column,
        message: explain(bare),
    }
}

/// An RFC 3339 time with a zone, from `field` of the page at `origin`.
pub fn time(origin: &Origin, field: &str, text: &str) -> Result<jiff::Timestamp> {
    text.parse().map_err(|e: jiff::Error| Error::Invalid {
        path: origin.file.clone(),
        line: Some(origin.line),
        column: None,
        message: format!("`{field}`: `{text}` is not an RFC 3339 time with a zone ({e})"),
    })
}

/// What a piece of a report file holds, in file order.
#[derive(Debug)]
pub enum Part {
    /// A whole page: the bytes `range` of the piece.
    Page(Range<usize>),
    /// Buckets of a page cut across pieces: the bytes `range` of the piece, elements of the
    /// page's `data` with the commas between them (and one before the first unless `first`).
    Buckets {
        /// The page.
        page: Arc<OpenPage>,
        /// The bytes.
        range: Range<usize>,
        /// Whether they start just after `data`'s `[`.
        first: bool,
    },
    /// The end of a page cut across pieces: its bytes from its `data`'s `]` to its end.
    Tail {
        /// The page.
        page: Arc<OpenPage>,
        /// The bytes.
        range: Range<usize>,
    },
}

/// The pages and parts of pages of `piece` (the elements of a top-level array when
/// `in_array`), or the page cut across pieces that does not end as a page should (cut short,
/// say), for [`recheck`] to name what is wrong.
pub fn parts(piece: &Piece, in_array: bool) -> std::result::Result<Vec<Part>, Arc<OpenPage>> {
    let mut out = Vec::new();
    let (mut from, mut marks) = (0, &piece.marks[..]);
    if let Some(page) = &piece.starts_in {
        let continues = piece.ends_in.as_ref().is_some_and(|p| Arc::ptr_eq(p, page));
        let close = marks.iter().position(|m| m.kind == Kind::DataClose);
        let Some(c) = close else {
            if !continues {
                return Err(page.clone());
            }
            out.push(Part::Buckets {
                page: page.clone(),
                range: 0..piece.bytes.len(),
                first: false,
            });
            return Ok(out);
        };
        let Some(v) = marks[c..].iter().position(|m| m.kind == Kind::Value) else {
            return Err(page.clone());
        };
        let (close, end) = (marks[c].at, marks[c + v].at);
        out.push(Part::Buckets {
            page: page.clone(),
            range: 0..close,
            first: false,
        });
        out.push(Part::Tail {
            page: page.clone(),
            range: close..end,
        });
        (from, marks) = (end, &marks[c + v + 1..]);
    }
    let leaves = piece
        .ends_in
        .as_ref()
        .filter(|p| !piece.starts_in.as_ref().is_some_and(|s| Arc::ptr_eq(s, p)));
    // A page left open starts in this piece, after the whole values.
    let whole_to = leaves.map_or(piece.bytes.len(), |p| (p.offset - piece.offset) as usize);
    let ends: Vec<usize> = marks
        .iter()
        .filter(|m| m.kind == Kind::Value && m.at <= whole_to)
        .map(|m| m.at)
        .collect();
    for range in json_scan::values(
        &piece.bytes[from..whole_to],
        &rebased(&ends, from),
        in_array,
    ) {
        out.push(Part::Page(from + range.start..from + range.end));
    }
    if let Some(page) = leaves {
        out.push(Part::Buckets {
            page: page.clone(),
            range: whole_to + page.head.len()..piece.bytes.len(),
            first: true,
        });
    }
    Ok(out)
}

fn rebased(ends: &[usize], from: usize) -> Vec<usize> {
    ends.iter().map(|e| e - from).collect()
}

/// An error, and the page cut across pieces that it is in, if any: such a page is read again
/// to name its first error as the page read whole names it ([`recheck`]).
pub type Failed = (Error, Option<Arc<OpenPage>>);

/// A whole page or a run of buckets of a piece, to read typed ([`buckets`]).
pub struct Run<'a> {
    /// Its bytes.
    pub bytes: &'a [u8],
    /// Where they are in the piece.
    pub range: Range<usize>,
    /// The 1-based line and column of their first byte in the file.
    pub at: (usize, usize),
    /// A whole page, or some of its buckets.
    pub what: PageBytes,
    /// The page cut across pieces that the buckets are of.
    pub split: Option<Arc<OpenPage>>,
}

/// Hands `each` the pages and runs of buckets of `piece` of `file` (the elements of a
/// top-level array when `in_array`), in order, and checks the end of each page cut across
/// pieces that ends in it; the first error stops it. For the usage and the cost report alike.
pub fn each_run(
    file: &str,
    piece: &Piece,
    in_array: bool,
    explain: fn(&str) -> String,
    mut each: impl FnMut(Run<'_>) -> Result<()>,
) -> std::result::Result<(), Failed> {
    let parts = parts(piece, in_array).map_err(|page| {
        let e = Error::Syntax {
            path: file.to_string(),
            line: page.line,
            column: page.column,
            message: explain("its `data` array does not end as a page's"),
        };
        (e, Some(page))
    })?;
    let (mut at, mut line, mut column) = (0, piece.line, piece.column);
    for part in parts {
        let (range, split, what) = match part {
            Part::Page(range) => (range, None, PageBytes::Whole),
            Part::Buckets { page, range, first } => {
                (range, Some(page), PageBytes::Buckets { first })
            }
            Part::Tail { page, range } => {
                // A page's end is read only when wrong: its place is counted then.
                let tail = &piece.bytes[range.clone()];
                let place = || stream::advance(&piece.bytes[at..range.start], (line, column));
                check_tail(file, &page, tail, place(), explain).map_err(|e| (e, Some(page)))?;
                continue;
            }
        };
        // Lines and columns counted once, part by part.
        (line, column) = stream::advance(&piece.bytes[at..range.start], (line, column));
        at = range.start;
        let run = Run {
            bytes: &piece.bytes[range.clone()],
            range,
            at: (line, column),
            what,
            split: split.clone(),
        };
        each(run).map_err(|e| (e, split))?;
    }
    Ok(())
}

/// The buckets of `bytes` (a whole page, or a run of a page's buckets, as `what` says), which
/// start at `at` of `file`, typed and handed to `each` in order.
pub fn buckets<R: DeserializeOwned>(
    file: &str,
    bytes: &[u8],
    what: PageBytes,
    at: (usize, usize),
    explain: fn(&str) -> String,
    each: impl FnMut(Bucket<R>) -> Result<()>,
) -> Result<()> {
    match what {
        PageBytes::Whole => {
            let page: Page<Buckets<R>> = typed(file, bytes, at, explain)?;
            page.data.into_iter().try_for_each(each)
        }
        PageBytes::Buckets { first } => each_bucket(file, bytes, first, at, explain, each),
    }
}

/// The buckets of `bytes` (a [`Part::Buckets`] whose first byte is at `at` of the file
/// `file`), typed, each handed to `each` in order. The commas between them are checked as
/// serde checks them; an error is named as in a bucket read alone (a page read again whole
/// names it as it would be named there: see [`recheck`]).
pub fn each_bucket<R: DeserializeOwned>(
    file: &str,
    bytes: &[u8],
    first: bool,
    at: (usize, usize),
    explain: fn(&str) -> String,
    mut each: impl FnMut(Bucket<R>) -> Result<()>,
) -> Result<()> {
    let blank = |i: usize| {
        bytes[i..]
            .iter()
            .position(|&b| !json_scan::is_blank(b))
            .map_or(bytes.len(), |p| i + p)
    };
    let unexpected = |i: usize, what: &str| {
        let (line, column) = stream::advance(&bytes[..i], at);
        Error::Syntax {
            path: file.to_string(),
            line,
            column,
            message: explain(what),
        }
    };
    let (mut i, mut first) = (blank(0), first);
    while i < bytes.len() {
        if !first {
            if bytes[i] != b',' {
                return Err(unexpected(i, "expected `,` or `]`"));
            }
            i = blank(i + 1);
            if i == bytes.len() {
                return Err(unexpected(i, "trailing comma"));
            }
        }
        first = false;
        let mut values = serde_json::Deserializer::from_slice(&bytes[i..]).into_iter();
        let bucket = match values.next() {
            Some(Ok(bucket)) => bucket,
            // Its error again, with the field's path.
            _ => {
                typed::<Bucket<R>>(file, &bytes[i..], stream::advance(&bytes[..i], at), explain)?;
                return Err(unexpected(i, "expected a bucket"));
            }
        };
        i = blank(i + values.byte_offset());
        each(bucket)?;
    }
    Ok(())
}

/// Checks the end of a page cut across pieces (`tail`, from its `data`'s `]`, which is at
/// `tail_at` of the file) with its start: its other fields, as a page read whole checks them.
pub fn check_tail(
    file: &str,
    page: &OpenPage,
    tail: &[u8],
    tail_at: (usize, usize),
    explain: fn(&str) -> String,
) -> Result<()> {
    let mut shell = Vec::with_capacity(page.head.len() + tail.len());
    shell.extend_from_slice(&page.head);
    shell.extend_from_slice(tail);
    let start = (page.line, page.column);
    let mut e = match typed::<Page<Buckets<IgnoredAny>>>(file, &shell, start, explain) {
        Ok(_) => return Ok(()),
        Err(e) => e,
    };
    // The shell's places after its head are the tail's.
    let (hl, hc) = stream::advance(&page.head, start);
    if let Error::Syntax { line, column, .. } = &mut e
        && (*line, *column) >= (hl, hc)
    {
        (*line, *column) = if *line == hl {
            (tail_at.0, tail_at.1 + *column - hc)
        } else {
            (tail_at.0 + *line - hl, *column)
        };
    }
    Err(e)
}

/// The first error of `page` of the file `path` (named `file`), read again whole as a stream
/// (in a buffer's memory, whatever its size): serde's first, with its field's path, line and
/// column as when the page is read whole, else the first that `check` finds in its buckets,
/// in order. `None` when neither finds one.
pub fn recheck<R: DeserializeOwned>(
    path: &std::path::Path,
    file: &str,
    page: &OpenPage,
    explain: fn(&str) -> String,
    mut check: impl FnMut(Bucket<R>) -> Result<()>,
) -> Option<Error> {
    let open = || -> Result<_> {
        use std::io::{Seek, SeekFrom};
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut f = std::fs::File::open(path).map_err(io)?;
        f.seek(SeekFrom::Start(page.offset)).map_err(io)?;
        Ok(serde_json::Deserializer::from_reader(
            std::io::BufReader::with_capacity(1 << 16, f),
        ))
    };
    let mut de = match open() {
        Ok(de) => de,
        Err(e) => return Some(e),
    };
    if let Err(e) = serde_path_to_error::deserialize::<_, Page<Dropped<Bucket<R>>>>(&mut de) {
        // A stream reader may count a byte it has only peeked at: an error in a bucket is
        // named from that bucket's own bytes, as a page read whole names it.
        // An error in its other fields is named from its start and end.
        let k = bucket_index(&e.path().to_string());
        match (scan_page(path, page, k), k) {
            (Ok(Some((bytes, at))), Some(k)) => {
                let within = format!("data[{k}]");
                if let Err(e) = typed_in::<Bucket<R>>(file, &bytes, at, explain, &within) {
                    return Some(e);
                }
            }
            (Ok(Some((tail, at))), None) => {
                if let Err(e) = check_tail(file, page, &tail, at, explain) {
                    return Some(e);
                }
            }
            (Ok(None), _) => {}
            (Err(e), _) => return Some(e),
        }
        return Some(located(file, e, (page.line, page.column), explain, ""));
    }
    let mut de = match open() {
        Ok(de) => de,
        Err(e) => return Some(e),
    };
    let mut found = None;
    let seed = EachBucket {
        check: &mut check,
        found: &mut found,
    };
    // serde found no error, so the only one here is the check's own.
    let _ = serde::de::DeserializeSeed::deserialize(seed, &mut de);
    found
}

/// Bytes, and the line and column of the first.
type Placed = (Vec<u8>, (usize, usize));

/// The bucket an error's path is in (`data[k]...`).
fn bucket_index(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("data[")?;
    rest[..rest.find(']')?].parse().ok()
}

/// The bytes of bucket `k` (from 0) of `page` of the file `path`, or with no `k` its end (from
/// its `data`'s `]`), and the line and column they start at, found by scanning the page again
/// (holding one bucket, not the page); `None` if it has no such bucket or end.
fn scan_page(path: &std::path::Path, page: &OpenPage, k: Option<usize>) -> Result<Option<Placed>> {
    use std::io::{Read, Seek, SeekFrom};
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut f = std::fs::File::open(path).map_err(io)?;
    f.seek(SeekFrom::Start(page.offset)).map_err(io)?;
    let mut scanner = json_scan::Scanner::new();
    // `held` are the bytes since the last element's end (or `data`'s `[`), which start at
    // `at`; `seen` the elements ended.
    let (mut held, mut at, mut seen, mut open) = (Vec::new(), (page.line, page.column), 0, false);
    let mut chunk = vec![0; 1 << 16];
    loop {
        let n = f.read(&mut chunk).map_err(io)?;
        if n == 0 {
            return Ok(None);
        }
        let from = held.len();
        held.extend_from_slice(&chunk[..n]);
        scanner.feed(&chunk[..n]);
        let mut done = 0;
        for m in scanner.marks.drain(..) {
            let end = from + m.at;
            match m.kind {
                Kind::DataOpen if !open => open = true,
                Kind::Bucket if open && Some(seen) == k => {
                    let start = done
                        + held[done..end]
                            .iter()
                            .position(|&b| !json_scan::is_blank(b) && b != b',')
                            .unwrap_or(end - done);
                    let at = stream::advance(&held[done..start], at);
                    return Ok(Some((held[start..end].to_vec(), at)));
                }
                Kind::Bucket if open => seen += 1,
                Kind::DataClose if open && k.is_none() => {}
                Kind::Value if open && k.is_none() => {
                    return Ok(Some((held[done..end].to_vec(), at)));
                }
                Kind::DataClose | Kind::Value if open => return Ok(None),
                _ => continue,
            }
            at = stream::advance(&held[done..end], at);
            done = end;
        }
        held.drain(..done);
    }
}

/// A sequence read element by element and dropped: a page's buckets checked without holding
/// them.
struct Dropped<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Dropped<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Each<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Each<T> {
            type Value = Dropped<T>;
            // As a Vec says it, so that the message is the same.
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                while seq.next_element::<T>()?.is_some() {}
                Ok(Dropped(PhantomData))
            }
        }
        d.deserialize_seq(Each(PhantomData))
    }
}

/// A page whose buckets are handed to `check` one by one, up to the first error it finds
/// (in `found`); the page's other fields are skipped (serde has checked them).
struct EachBucket<'a, R> {
    check: &'a mut dyn FnMut(Bucket<R>) -> Result<()>,
    found: &'a mut Option<Error>,
}

/// [`EachBucket`] in the page's `data`.
struct InData<'a, R>(EachBucket<'a, R>);

impl<'de, R: DeserializeOwned> serde::de::DeserializeSeed<'de> for EachBucket<'_, R> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, R: DeserializeOwned> serde::de::Visitor<'de> for EachBucket<'_, R> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("struct Page")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<(), A::Error> {
        let mut me = Some(self);
        while let Some(key) = map.next_key::<String>()? {
            match (key.as_str(), me.take()) {
                ("data", Some(each)) => map.next_value_seed(InData(each))?,
                (_, rest) => {
                    me = rest;
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

impl<'de, R: DeserializeOwned> serde::de::DeserializeSeed<'de> for InData<'_, R> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, R: DeserializeOwned> serde::de::Visitor<'de> for InData<'_, R> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a sequence")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<(), A::Error> {
        let EachBucket { check, found } = self.0;
        while let Some(bucket) = seq.next_element::<Bucket<R>>()? {
            if let Err(e) = check(bucket) {
                *found = Some(e);
                // Stops the read: what it says is not used.
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}
