//! YAML reading for every file burnrate takes (pricing tables, workloads), with errors that
//! name the file, line, column and field, and the position of every value for the checks that
//! run after parsing. This is the only module that touches the YAML crate (serde-saphyr).
//!
//! A file is read twice by the same parser under the same limits: once into a tree of
//! positions ([`Positions`]), which also enforces the structural limits whatever the schema
//! accepts, then into the schema types, with serde_path_to_error supplying the field path.

mod message;
mod positions;

pub use positions::{Position, Positions};

use serde::de::DeserializeOwned;
use serde_saphyr::{Options, Spanned};

use crate::error::{Error, Result};

/// Largest YAML file burnrate reads, in bytes. The embedded pricing table is about 30 KB and a
/// workload a few KB; the cap keeps a mistaken or hostile file from costing time or memory.
pub const MAX_BYTES: usize = 1024 * 1024;

/// Deepest nesting of mappings and sequences. burnrate's schemas need five levels at most.
pub const MAX_DEPTH: usize = 32;

/// Most values (scalars, mappings, sequences) in a file, counting each alias expansion; bounds
/// alias bombs (`&a [*b, *b, …]` chains). The embedded pricing table holds about 1,500.
pub const MAX_NODES: usize = 50_000;

/// A deserialized document and where each of its values starts.
#[derive(Debug)]
pub struct Parsed<T> {
    /// The value.
    pub value: T,
    /// Positions by field path (`tasks[0].model`).
    pub positions: Positions,
}

/// Deserializes `text` (read from `name`), turning errors into
/// `name:line:column: field.path: message`. A document with no content is rejected with
/// `empty` as the message, since "missing field" would misdescribe it.
pub fn from_str<T: DeserializeOwned>(name: &str, text: &str, empty: &str) -> Result<Parsed<T>> {
    if text.len() > MAX_BYTES {
        return Err(Error::Invalid {
            path: name.to_string(),
            line: None,
            column: None,
            message: format!(
                "the file is {} bytes; burnrate reads YAML files of at most {MAX_BYTES} bytes \
                 (1 MiB)",
                text.len()
            ),
        });
    }
    let tree: Spanned<positions::Node> = serde_saphyr::from_str_with_options(text, options())
        .map_err(|e| syntax(name, text, &e, ""))?;
    let positions = Positions::from_tree(&tree);
    if let Some((field, at, raw, read)) = positions::inexact_float(&tree, text) {
        return Err(Error::Invalid {
            path: name.to_string(),
            line: Some(at.line),
            column: Some(at.column),
            message: format!(
                "{field}: `{}` has more digits than a number written without quotes keeps (it \
                 would be read as {read}): write it in quotes to keep every digit",
                crate::number::echo(&raw)
            ),
        });
    }
    if positions.is_empty() {
        return Err(Error::Invalid {
            path: name.to_string(),
            line: None,
            column: None,
            message: empty.to_string(),
        });
    }
    let mut path = String::new();
    let value = serde_saphyr::with_deserializer_from_str_with_options(text, options(), |de| {
        serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
            path = e.path().to_string();
            e.into_inner()
        })
    })
    .map_err(|e| {
        let mut error = syntax(name, text, &e, &path);
        // The reader places a value of the wrong type at its key; the value itself is where the
        // tree read found it.
        if let (Error::Syntax { line, column, .. }, Some(at)) = (&mut error, positions.get(&path))
            && message::is_about_the_value(&e)
        {
            (*line, *column) = (at.line, at.column);
        }
        error
    })?;
    Ok(Parsed { value, positions })
}

/// The reader's settings: burnrate's limits, YAML 1.2 booleans (a `yes` is not `true`), and no
/// source snippets (the CLI prints one line per error).
fn options() -> Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            flow_nesting_limit: MAX_DEPTH,
            max_nodes: MAX_NODES,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_NODES,
        },
        strict_booleans: true,
        with_snippet: false,
    }
}

fn syntax(name: &str, text: &str, err: &serde_saphyr::Error, path: &str) -> Error {
    let (message, at) = message::describe(err, text);
    let at = at.unwrap_or(Position { line: 1, column: 1 });
    Error::Syntax {
        path: name.to_string(),
        line: at.line,
        column: at.column,
        // A `?` in the path means serde could not tell where it was (a YAML syntax error).
        message: if path == "." || path.is_empty() || path.contains('?') {
            message
        } else {
            format!("{path}: {message}")
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn positions(text: &str) -> Positions {
        from_str::<serde::de::IgnoredAny>("t.yaml", text, "empty")
            .unwrap()
            .positions
    }

    #[test]
    fn positions_are_those_of_the_values() {
        let p = positions("a: 1\nitems:\n  - id: x\n  - id: y\n    n: [1, 2]\n");
        let at = |line, column| Some(Position { line, column });
        assert_eq!(p.get("a"), at(1, 4));
        assert_eq!(p.get("items[0]"), at(3, 5));
        assert_eq!(p.get("items[1].id"), at(4, 9));
        assert_eq!(p.get("items[1].n[1]"), at(5, 12));
        assert_eq!(p.nearest("items[1].missing"), at(4, 5));
        assert_eq!(p.get("items[2]"), None);
    }

    #[test]
    fn comments_only_is_empty() {
        let e =
            from_str::<serde::de::IgnoredAny>("t.yaml", "# nothing\n", "nothing here").unwrap_err();
        assert_eq!(e.to_string(), "t.yaml: nothing here");
    }

    #[test]
    fn nesting_beyond_the_limit_names_it() {
        let text = format!("{}x\n", "- ".repeat(MAX_DEPTH + 1));
        let e = from_str::<serde::de::IgnoredAny>("t.yaml", &text, "").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.yaml:1:65: the YAML is nested more than 32 levels deep, the limit for burnrate's files"
        );
    }
}
