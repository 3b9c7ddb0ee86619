//! The Admin API's report pages saved as JSON, for the usage and the cost report alike: one
//! page, an array of pages, or pages one after another (one per line). Each page is read typed,
//! so an error names its field's path and its line and column in the file.

use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::de::SliceRead;

use super::record::Origin;
use crate::error::{Error, Result};

/// One page: its buckets. Every field is known: an unknown one is an error.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page<R> {
    /// The time buckets.
    pub data: Vec<Bucket<R>>,
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

/// Reads every page of `text` (from `file`, a `report` such as "usage report"), handing each to
/// `each` with the line it starts on. `explain` turns a JSON error's words into the message
/// (it names the other report when one is given for the other).
pub fn read<R: DeserializeOwned>(
    file: &str,
    text: &[u8],
    report: &str,
    explain: fn(&str) -> String,
    mut each: impl FnMut(usize, Page<R>) -> Result<()>,
) -> Result<()> {
    // A byte-order mark is no part of the JSON (and has no line break, so lines stay right).
    let text = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
    let Some(start) = text.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Err(Error::Invalid {
            path: file.to_string(),
            line: None,
            column: None,
            message: format!("the file is empty; expected {report} pages (JSON)"),
        });
    };
    if text[start] == b'[' {
        let pages: Vec<Page<R>> = typed(file, text, (1, 1), explain)?;
        let line = 1 + lines_in(&text[..start]);
        for page in pages {
            each(line, page)?;
        }
        return Ok(());
    }
    // Pages one after another: find each page's end first, then read it typed. Lines are
    // counted once, page by page, up to where each page starts.
    let mut ends = serde_json::Deserializer::new(SliceRead::new(text)).into_iter::<IgnoredAny>();
    let (mut at, mut counted, mut line) = (start, 0, 1);
    while let Some(next) = ends.next() {
        next.map_err(|e| syntax(file, &e.to_string(), e.line(), e.column(), explain))?;
        let end = ends.byte_offset();
        line += lines_in(&text[counted..at]);
        counted = at;
        let column = 1 + at
            - text[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
        each(line, typed(file, &text[at..end], (line, column), explain)?)?;
        at = text[end..]
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .map_or(end, |p| end + p);
    }
    Ok(())
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
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let (l, c) = (inner.line(), inner.column());
        let text = inner.to_string();
        let message = if path == "." || path.is_empty() {
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
    })
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

/// Line breaks in `bytes`.
fn lines_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
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
