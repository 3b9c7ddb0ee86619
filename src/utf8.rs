//! Files read whole as text: bytes that are not UTF-8 are an error naming the file, the line and
//! the byte offset of the first invalid byte (the standard library's "stream did not contain
//! valid UTF-8" names none of them).

use std::path::Path;

use crate::error::{Error, Result};

/// The file at `path` as text, or an error at its first byte that is not UTF-8.
pub(crate) fn read(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    text(&path.display().to_string(), bytes)
}

/// `bytes` (read from `name`) as text, or an error at the first byte that is not UTF-8.
pub(crate) fn text(name: &str, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        not_utf8(name, e.as_bytes(), at)
    })
}

/// The error for `bytes` of `name` whose first invalid byte is at offset `at`.
pub(crate) fn not_utf8(name: &str, bytes: &[u8], at: usize) -> Error {
    let before = &bytes[..at.min(bytes.len())];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    Error::Invalid {
        path: name.to_string(),
        line: Some(line),
        column: None,
        message: format!("not UTF-8 text (invalid byte at offset {at})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_invalid_byte_is_named_by_line_and_offset() {
        let e = text("w.yaml", b"a: 1\nb: \"x\xff\"\n".to_vec()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "w.yaml:2: not UTF-8 text (invalid byte at offset 10)"
        );
        assert_eq!(text("w.yaml", b"ok".to_vec()).unwrap(), "ok");
    }
}
