//! Which kind of usage export a file is: told by its first bytes, or forced by the user
//! (`--input-format`).

use serde_json::Value;

use super::log_fields::LogFields;
use super::requests::{self, Shape};

/// The kinds of usage export burnrate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum InputFormat {
    /// Admin API usage report pages (JSON: one page, an array, or one per line).
    UsageReport,
    /// The Console's usage CSV export.
    ConsoleCsv,
    /// Message Batches results (JSONL).
    BatchResults,
    /// Messages API responses, or their `usage` objects with a model (JSONL).
    ResponseLog,
    /// Claude Code session logs (JSONL).
    ClaudeCode,
}

impl InputFormat {
    /// The value `--input-format` takes for it.
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::UsageReport => "usage-report",
            InputFormat::ConsoleCsv => "console-csv",
            InputFormat::BatchResults => "batch-results",
            InputFormat::ResponseLog => "response-log",
            InputFormat::ClaudeCode => "claude-code",
        }
    }

    /// What it is, as said in messages ("a Console usage CSV").
    pub fn kind(self) -> &'static str {
        match self {
            InputFormat::UsageReport => "an Admin API usage report",
            InputFormat::ConsoleCsv => "a Console usage CSV",
            InputFormat::BatchResults | InputFormat::ResponseLog | InputFormat::ClaudeCode => {
                "a log of single requests"
            }
        }
    }

    /// Its name in a sentence ("a Claude Code log").
    pub fn title(self) -> &'static str {
        match self {
            InputFormat::UsageReport => "an Admin API usage report",
            InputFormat::ConsoleCsv => "a Console usage CSV",
            InputFormat::BatchResults => "a Message Batches results file",
            InputFormat::ResponseLog => "a Messages response log",
            InputFormat::ClaudeCode => "a Claude Code log",
        }
    }

    /// The per-request shape, for the request logs.
    pub fn shape(self) -> Option<Shape> {
        match self {
            InputFormat::BatchResults => Some(Shape::BatchResults),
            InputFormat::ResponseLog => Some(Shape::ResponseLog),
            InputFormat::ClaudeCode => Some(Shape::ClaudeCode),
            InputFormat::UsageReport | InputFormat::ConsoleCsv => None,
        }
    }

    fn of_shape(shape: Shape) -> InputFormat {
        match shape {
            Shape::BatchResults => InputFormat::BatchResults,
            Shape::ResponseLog => InputFormat::ResponseLog,
            Shape::ClaudeCode => InputFormat::ClaudeCode,
        }
    }
}

/// The format `head` (a file's first bytes; `whole` when they are all of it) shows: a Console
/// CSV by its first column, a request log by its first line that says which (Claude Code
/// writes summary and snapshot lines before any message), else usage report pages (whose
/// reader names anything else). A response log is known by its usage object where `fields`
/// put it.
pub fn detect(head: &[u8], whole: bool, fields: &LogFields) -> InputFormat {
    if super::console_csv::is_console_csv(head) {
        return InputFormat::ConsoleCsv;
    }
    let head = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
    let complete = if whole {
        head
    } else {
        head.iter()
            .rposition(|&b| b == b'\n')
            .map_or(&head[..0], |p| &head[..p])
    };
    let mut bookkeeping = false;
    for line in complete
        .split(|&b| b == b'\n')
        .filter(|l| l.iter().any(|b| !b.is_ascii_whitespace()))
    {
        let Ok(value) = serde_json::from_slice::<Value>(line) else {
            break;
        };
        // A page is no request (its keys are `data`, `has_more`, `next_page`), so a mapped
        // log line that happens to hold a `data` key is still told.
        if let Some(shape) = requests::shape_of(&value, fields) {
            return InputFormat::of_shape(shape);
        }
        if value.get("data").is_some() {
            break;
        }
        if matches!(
            value.get("type").and_then(Value::as_str),
            Some("summary" | "file-history-snapshot")
        ) {
            bookkeeping = true;
            continue;
        }
        break;
    }
    if bookkeeping {
        // Only Claude Code's bookkeeping lines so far (a session without a reply yet, or a
        // head that ends before the first message).
        InputFormat::ClaudeCode
    } else {
        InputFormat::UsageReport
    }
}

/// Whether `head` starts as report pages do: an array, or an object whose first key is a
/// page's (`data`, `has_more`, `next_page`; a log line's are not).
pub fn starts_as_report(head: &[u8]) -> bool {
    let head = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
    let blank = |b: &u8| b.is_ascii_whitespace();
    let Some(first) = head.iter().position(|b| !blank(b)) else {
        return false;
    };
    match head[first] {
        b'[' => true,
        b'{' => {
            let rest = &head[first + 1..];
            let Some(quote) = rest.iter().position(|b| !blank(b)) else {
                return false;
            };
            let key = &rest[quote..];
            [&b"\"data\""[..], b"\"has_more\"", b"\"next_page\""]
                .iter()
                .any(|k| key.starts_with(k))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claude_code_log_may_start_with_a_summary_line() {
        let text = b"{\"type\":\"summary\",\"summary\":\"Fix the build\",\"leafUuid\":\"u1\"}\n\
            {\"type\":\"assistant\",\"sessionId\":\"s\",\"message\":{\"id\":\"m\",\"usage\":{}}}\n";
        assert_eq!(
            detect(text, true, &LogFields::default()),
            InputFormat::ClaudeCode
        );
    }

    #[test]
    fn a_page_is_told_by_its_first_key_before_its_line_ends() {
        for head in [
            &b" [{\"data\":["[..],
            b"\xef\xbb\xbf{ \"data\":[{",
            b"{\"has_more\":true,",
        ] {
            assert!(starts_as_report(head), "{head:?}");
        }
        for head in [
            &b"{\"type\":\"assistant\""[..],
            b"{\"database\":1",
            b"",
            b"usage_date",
        ] {
            assert!(!starts_as_report(head), "{head:?}");
        }
    }

    #[test]
    fn pages_and_csvs_are_told_apart() {
        assert_eq!(
            detect(b"{\"data\":[]}\n", true, &LogFields::default()),
            InputFormat::UsageReport
        );
        assert_eq!(
            detect(b"{\n  \"data\": []\n}", true, &LogFields::default()),
            InputFormat::UsageReport
        );
        assert_eq!(
            detect(
                b"usage_date_utc,model_version\n",
                true,
                &LogFields::default()
            ),
            InputFormat::ConsoleCsv
        );
        assert_eq!(
            detect(
                b"{\"custom_id\":\"a\",\"result\":{}}\n",
                true,
                &LogFields::default()
            ),
            InputFormat::BatchResults
        );
    }
}
