//! Turns a YAML reader error into burnrate's wording: lower-case, names in back-ticks, the
//! limit named when one was hit. The position is the parser's, with one correction for tabs.

use std::borrow::Cow;

use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::ErrorKind;
use serde_saphyr::localizer::ExternalMessageSource;
use serde_saphyr::{Error, MessageFormatter, UserMessageFormatter};

use super::positions::Position;
use super::{MAX_DEPTH, MAX_NODES};

/// The message and position of `err`, read from `text`.
pub(super) fn describe(err: &Error, text: &str) -> (String, Option<Position>) {
    let err = original(err);
    let at = err.location().filter(|l| l.line() > 0).map(|l| Position {
        line: l.line() as usize,
        column: l.column() as usize,
    });
    if let Some(kind) = scan_kind(err) {
        if is_tab_indentation(kind) {
            let at = at.map(|p| tab_after(text, p).unwrap_or(p));
            return (
                "a tab is not allowed for indentation; indent with spaces".to_string(),
                at,
            );
        }
        if matches!(kind, ErrorKind::RecursionLimitExceeded) {
            return (too_deep(), at);
        }
        if matches!(kind, ErrorKind::UnclosedQuotedScalar) {
            return (
                "unclosed quote: the string that starts here has no closing quote".to_string(),
                at,
            );
        }
    }
    (message(err).into_owned(), at)
}

/// Whether `err` rejects a value as a whole (its type, or a mapping that lacks a field), so that
/// it is best shown where the value starts.
pub(super) fn is_about_the_value(err: &Error) -> bool {
    matches!(
        original(err),
        Error::SerdeInvalidType { .. }
            | Error::SerdeInvalidValue { .. }
            | Error::Unexpected { .. }
            | Error::SerdeMissingField { .. }
    )
}

/// The error behind alias and snippet wrappers, which only add context we do not print.
fn original(mut err: &Error) -> &Error {
    loop {
        match err {
            Error::WithSnippet { error, .. } | Error::AliasError { error, .. } => err = error,
            _ => return err,
        }
    }
}

fn scan_kind(err: &Error) -> Option<&ErrorKind> {
    match err {
        Error::ExternalMessage { source, .. } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => Some(scan.kind()),
            _ => None,
        },
        _ => None,
    }
}

fn is_tab_indentation(kind: &ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::TabInPlainScalar
            | ErrorKind::TabInBlockIndentation
            | ErrorKind::TabInIndentation
    )
}

/// The parser reports a tab in indentation where the token it was reading starts (a plain
/// scalar that would continue on the tab's line) or where the indentation ends, not at the tab.
/// The tab is the first one in the leading whitespace of a line from there on.
fn tab_after(text: &str, from: Position) -> Option<Position> {
    text.lines()
        .enumerate()
        .skip(from.line.saturating_sub(1))
        .find_map(|(i, line)| {
            let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
            line[..indent].find('\t').map(|col| Position {
                line: i + 1,
                column: col + 1,
            })
        })
}

fn too_deep() -> String {
    format!("the YAML is nested more than {MAX_DEPTH} levels deep, the limit for burnrate's files")
}

fn message(err: &Error) -> Cow<'_, str> {
    match err {
        Error::Message { msg, .. } => Cow::Borrowed(msg),
        Error::Eof { .. } => Cow::Borrowed("unexpected end of file"),
        Error::SerdeUnknownField {
            field, expected, ..
        } => Cow::Owned(format!(
            "unknown field `{field}`, {}",
            one_of(expected, "fields")
        )),
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => Cow::Owned(format!(
            "unknown variant `{variant}`, {}",
            one_of(expected, "variants")
        )),
        Error::SerdeMissingField { field, .. } => Cow::Owned(format!("missing field `{field}`")),
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => Cow::Owned(format!(
            "expected {expected}, found {}",
            // serde's name for an empty value (`requests_per_day:` and nothing after it).
            if unexpected == "unit value" {
                "nothing"
            } else {
                unexpected.as_str()
            }
        )),
        Error::Unexpected { expected, .. } => Cow::Owned(match *expected {
            "mapping start" => "expected a mapping of `key: value` entries".to_string(),
            "sequence start" => "expected a list".to_string(),
            other => format!("expected {other}"),
        }),
        Error::InvalidScalar { ty, .. } => Cow::Owned(format!("expected {}", scalar_kind(ty))),
        Error::NullIntoString { .. } => Cow::Borrowed("expected a text value, found nothing"),
        Error::InvalidBooleanStrict { .. } => Cow::Borrowed("expected `true` or `false`"),
        Error::DuplicateMappingKey { key: Some(k), .. } => {
            Cow::Owned(format!("`{k}` appears twice in this mapping"))
        }
        Error::Budget { breach, .. } => Cow::Owned(match breach {
            BudgetBreach::Depth { .. } => too_deep(),
            BudgetBreach::Nodes { .. } => too_many(),
            other => format!("the YAML exceeds a limit for burnrate's files ({other:?})"),
        }),
        Error::AliasReplayLimitExceeded { .. } | Error::AliasExpansionLimitExceeded { .. } => {
            Cow::Owned(too_many())
        }
        Error::AliasReplayStackDepthExceeded { .. } => Cow::Owned(too_deep()),
        other => UserMessageFormatter.format_message(other),
    }
}

fn too_many() -> String {
    format!(
        "the YAML holds more than {MAX_NODES} values once aliases (`*name`) are expanded, the \
         limit for burnrate's files"
    )
}

/// serde's own wording: "expected `a` or `b`", "expected one of `a`, `b`, `c`".
fn one_of(names: &[&str], what: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => format!("there are no {what}"),
        [one] => format!("expected {one}"),
        [a, b] => format!("expected {a} or {b}"),
        many => format!("expected one of {}", many.join(", ")),
    }
}

/// What a Rust scalar type means to someone writing the file.
fn scalar_kind(ty: &str) -> &'static str {
    match ty {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number, 0 or more",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "bool" => "`true` or `false`",
        "char" => "a single character",
        _ => "a different kind of value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tab_is_found_on_the_line_after_the_scalar() {
        let text = "a:\n  b: x\n\tc: y\n";
        assert_eq!(
            tab_after(text, Position { line: 2, column: 6 }),
            Some(Position { line: 3, column: 1 })
        );
        // A tab inside a value is not indentation.
        assert_eq!(
            tab_after("a: x\ty\n", Position { line: 1, column: 4 }),
            None
        );
    }

    #[test]
    fn expected_names_read_like_serde() {
        assert_eq!(one_of(&["5m", "1h"], "variants"), "expected `5m` or `1h`");
        assert_eq!(
            one_of(&["a", "b", "c"], "fields"),
            "expected one of `a`, `b`, `c`"
        );
    }
}
