//! YAML reading for every file burnrate takes (pricing tables, workloads), with errors that
//! name the file, line, column and field. This is the only module that touches serde_yaml
//! (archived upstream), so swapping it for a maintained fork is a one-file change.

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// Deserializes `text` (read from `name`), turning errors into
/// `name:line:column: field.path: message`.
///
/// serde_yaml locates a value rejected by a field's own deserializer (a negative price, a bad
/// date) at the start of the enclosing mapping and without the field's name;
/// serde_path_to_error supplies the full field path, and the line is then that of the field.
pub fn from_str<T: DeserializeOwned>(name: &str, text: &str) -> Result<T> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize::<_, T>(deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let (mut line, mut column) = inner
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        let mut message = strip_location(&inner.to_string());
        // serde_yaml prefixes its own (shorter) path; the full one replaces it below.
        if let Some((_, rest)) = message
            .split_once(": ")
            .filter(|(prefix, _)| path.starts_with(prefix) && !prefix.contains(' '))
        {
            message = rest.to_string();
        }
        if let Some(field) = path.rsplit('.').next().filter(|f| !f.contains('[')) {
            // Only move where serde_yaml pointed elsewhere (at the enclosing mapping).
            if let Some((l, c)) = field_position(text, line, field).filter(|p| p.0 != line) {
                (line, column) = (l, c);
            }
        }
        Error::Syntax {
            path: name.to_string(),
            line,
            column,
            // A `?` in the path means serde could not tell where it was (a YAML syntax error).
            message: if path == "." || path.is_empty() || path.contains('?') {
                message
            } else {
                format!("{path}: {message}")
            },
        }
    })
}

/// Line and column of the first `field:` key at or after line `from` (1-based).
fn field_position(text: &str, from: usize, field: &str) -> Option<(usize, usize)> {
    let key = format!("{field}:");
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find_map(|(i, l)| {
            let body = l.trim_start().trim_start_matches("- ");
            body.starts_with(&key)
                .then(|| (i + 1, l.len() - body.len() + key.len() + 2))
        })
}

/// serde_yaml appends " at line L column C" to its messages; the location is already in front.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => message[..i].to_string(),
        _ => message.to_string(),
    }
}

/// 1-based number of the `nth` line whose text, without indentation or a list dash, is
/// `needle` or starts with `needle` followed by a space. Locates entries for errors found after
/// parsing (duplicates, unknown references).
pub fn line_of(text: &str, needle: &str, nth: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start().trim_start_matches("- ").trim_start();
            t == needle || t.starts_with(&format!("{needle} "))
        })
        .nth(nth.saturating_sub(1))
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_suffix_is_stripped_once() {
        assert_eq!(
            strip_location("models[0]: missing field `id` at line 3 column 5"),
            "models[0]: missing field `id`"
        );
        assert_eq!(strip_location("plain"), "plain");
    }

    #[test]
    fn lines_are_found_past_indentation_and_dashes() {
        let text = "a: 1\nitems:\n  - id: x\n  - id: x\n";
        assert_eq!(line_of(text, "id: x", 1), Some(3));
        assert_eq!(line_of(text, "id: x", 2), Some(4));
        assert_eq!(line_of(text, "id: y", 1), None);
    }
}
