//! Where each value of a YAML document starts, by field path, as the parser reported it.
//!
//! Rules checked after deserialization (unique names, models that exist) need the line and
//! column of the offending value. The schema types stay plain (`String`, not a span wrapper, so
//! the rest of the crate is unaffected); instead the document is also read into a small tree of
//! [`Spanned`] nodes, flattened into a map from path (`tasks[1].model`, the syntax of error
//! messages) to position. Aliases and merge keys are resolved by the parser exactly as for the
//! typed read, so the paths match the deserialized values.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A 1-based line and column in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// The position of every value in a document, by path.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    by_path: HashMap<String, Position>,
    /// Whether the document holds no value at all (empty, or only comments).
    empty: bool,
}

impl Positions {
    /// Where the value at `path` starts (`""` is the whole document).
    pub fn get(&self, path: &str) -> Option<Position> {
        self.by_path.get(path).copied()
    }

    /// Where the value at `path` starts or, when it is absent (a defaulted field), where its
    /// nearest enclosing value starts.
    pub fn nearest(&self, path: &str) -> Option<Position> {
        let mut path = path;
        loop {
            if let Some(p) = self.get(path) {
                return Some(p);
            }
            path = &path[..path.rfind(['.', '['])?];
        }
    }

    /// An error in `file` at the value of `path` (or its nearest enclosing value).
    pub fn invalid(&self, file: &str, path: &str, message: String) -> crate::error::Error {
        let at = self.nearest(path);
        crate::error::Error::Invalid {
            path: file.to_string(),
            line: at.map(|p| p.line),
            column: at.map(|p| p.column),
            message,
        }
    }

    /// Whether the document is empty or holds only comments.
    pub fn is_empty(&self) -> bool {
        self.empty
    }

    pub(super) fn from_tree(root: &Spanned<Node>) -> Self {
        let mut positions = Positions {
            by_path: HashMap::new(),
            empty: matches!(root.value, Node::Null),
        };
        positions.record(root, String::new());
        positions
    }

    fn record(&mut self, node: &Spanned<Node>, path: String) {
        match &node.value {
            Node::Null | Node::Scalar | Node::Float(_) => {}
            Node::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.record(item, format!("{path}[{i}]"));
                }
            }
            Node::Map(entries) => {
                for (key, value) in entries {
                    let child = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    self.record(value, child);
                }
            }
        }
        // The first value read wins if a path repeats (duplicate keys are rejected anyway).
        let at = node.referenced;
        if at.line() > 0 {
            self.by_path.entry(path).or_insert(Position {
                line: at.line() as usize,
                column: at.column() as usize,
            });
        }
    }
}

/// The first unquoted number in `text` with more digits than the reader keeps: the YAML reader
/// hands such a number over as an `f64`, so `0.1000000000000000001` would be read as `0.1`
/// without a word. Returns its path, where it is, its text and what it would be read as. A whole
/// number beyond 64 bits is left to the typed read, which says what range it accepts.
pub(super) fn inexact_float(
    root: &Spanned<Node>,
    text: &str,
) -> Option<(String, Position, String, f64)> {
    // Where each line starts, found once: a file of many numbers is not rescanned per number.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    inexact_in(root, "", text, &starts)
}

fn inexact_in(
    node: &Spanned<Node>,
    path: &str,
    text: &str,
    starts: &[usize],
) -> Option<(String, Position, String, f64)> {
    let child = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match &node.value {
        Node::Float(v) if v.fract() != 0.0 || v.abs() < 1.8e19 => {
            let at = node.referenced;
            let start = *starts.get((at.line() as usize).checked_sub(1)?)?;
            let line = text[start..].split('\n').next()?;
            let raw: String = line
                .chars()
                .skip((at.column() as usize).checked_sub(1)?)
                .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}' | '#'))
                .collect();
            let written = if raw.contains(['e', 'E']) {
                rust_decimal::Decimal::from_scientific(&raw).ok()
            } else {
                raw.parse::<rust_decimal::Decimal>().ok()
            }?;
            let read = v.to_string().parse::<rust_decimal::Decimal>().ok();
            let at = Position {
                line: at.line() as usize,
                column: at.column() as usize,
            };
            (read != Some(written)).then(|| (path.to_string(), at, raw, *v))
        }
        Node::Seq(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| inexact_in(item, &format!("{path}[{i}]"), text, starts)),
        Node::Map(entries) => entries
            .iter()
            .find_map(|(k, v)| inexact_in(v, &child(k), text, starts)),
        Node::Float(_) | Node::Null | Node::Scalar => None,
    }
}

/// One YAML node: only its shape is kept, the positions live in the `Spanned` around it.
#[derive(Debug)]
pub(super) enum Node {
    /// `null`, `~` or nothing.
    Null,
    /// A number the reader took as a float (its text may hold more digits than an `f64`).
    Float(f64),
    /// Any other scalar.
    Scalar,
    /// A sequence.
    Seq(Vec<Spanned<Node>>),
    /// A mapping, keys as text.
    Map(Vec<(String, Spanned<Node>)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_i128<E>(self, _: i128) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_u128<E>(self, _: u128) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }

    fn visit_char<E>(self, _: char) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_str<E>(self, _: &str) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some((Key(key), value)) = map.next_entry()? {
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

/// A mapping key as text. Keys that are not scalars cannot name a field; they are kept as `?`
/// so that the typed read, not this one, reports them.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping key")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<Key, E> {
                Ok(Key("?".to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Key, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(Key("?".to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Key, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Key("?".to_string()))
            }
        }
        d.deserialize_any(V)
    }
}
