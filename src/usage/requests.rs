//! Per-request sources, one JSON object per line: Message Batches results, logs of Messages
//! API responses (or of their `usage` objects), and Claude Code session logs. Each carries the
//! API's `usage` object; they differ in where the model, the time and the ids are.

use jiff::Timestamp;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;

use super::cache_diagnostics::RequestFacts;
use super::log_fields::{LogField, LogFields};
use super::record::{Groups, Origin, Pricing, Record, ServiceTier};
use super::stream::Piece;
use super::usage_report::{Assumed, CacheCreation};
use crate::billing::{InferenceGeo, Speed, Usage};
use crate::error::{Error, Result};

/// Which per-request shape a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `{"custom_id", "result": {"type", "message"}}` lines.
    BatchResults,
    /// Messages responses (`{"model", "usage", ...}`) or usage objects with a model, one per
    /// line, with a time where the log has one.
    ResponseLog,
    /// Claude Code transcripts: `{"timestamp", "requestId", "message": {"id", "model",
    /// "usage"}}` on assistant lines.
    ClaudeCode,
}

/// The shape of a JSON object line, if it is one of these; a response log is known by its
/// usage object where `fields` put it.
pub fn shape_of(line: &Value, fields: &LogFields) -> Option<Shape> {
    let o = line.as_object()?;
    // A mapped usage field is the user saying the file is their own response log.
    if fields.is_custom() && fields.usage.get(line).is_some_and(Value::is_object) {
        Some(Shape::ResponseLog)
    } else if o.contains_key("custom_id") && o.contains_key("result") {
        Some(Shape::BatchResults)
    } else if o.get("message").is_some_and(|m| m.get("usage").is_some())
        || (o.contains_key("sessionId") && o.contains_key("message"))
    {
        Some(Shape::ClaudeCode)
    } else if o.contains_key("usage") {
        Some(Shape::ResponseLog)
    } else {
        None
    }
}

/// The API's `usage` object; fields burnrate does not price are ignored (it grows often:
/// `iterations`, `output_tokens_details`), the priced ones are typed.
#[derive(Deserialize)]
struct ApiUsage {
    input_tokens: u64,
    output_tokens: u64,
    #[serde(default)]
    cache_creation_input_tokens: Option<u64>,
    #[serde(default)]
    cache_read_input_tokens: Option<u64>,
    #[serde(default)]
    cache_creation: Option<CacheCreation>,
    #[serde(default)]
    server_tool_use: Option<ServerToolUse>,
    #[serde(default)]
    service_tier: Option<ServiceTier>,
    #[serde(default)]
    inference_geo: Option<String>,
    #[serde(default)]
    speed: Option<Speed>,
}

// Unlike the usage report's, this accepts fields burnrate does not price: server tools grow
// (`web_fetch_requests`, `code_execution_requests`, ...). The cache-write split does not: an
// unknown TTL there is tokens burnrate cannot price, so it is the report's strict type.
#[derive(Deserialize)]
struct ServerToolUse {
    #[serde(default)]
    web_search_requests: u64,
}

/// What a file held.
#[derive(Default)]
pub struct Parsed {
    /// One per priced request.
    pub records: Vec<Record>,
    /// Dimensions assumed.
    pub assumed: Vec<Assumed>,
    /// Batch results not billed (errored, canceled, expired), by type.
    pub not_billed: Vec<(String, u64)>,
    /// Lines that were not usage (Claude Code user lines, summaries), skipped.
    pub other_lines: u64,
    /// Requests priced at `undated` because the source gives no time.
    pub undated: u64,
    /// Lines that could not be read, with why: left out of the totals.
    pub unread: Vec<(Origin, String)>,
}

/// Reads the lines of `piece` (of `file`) of `shape`, dating records without a time at
/// `undated`; a response log's fields are read where `fields` say.
pub fn parse(
    file: &str,
    piece: &Piece,
    shape: Shape,
    undated: Date,
    fields: &LogFields,
) -> Result<Parsed> {
    let mut out = Parsed::default();
    let text = std::str::from_utf8(&piece.bytes).map_err(|e| Error::Invalid {
        path: file.to_string(),
        line: Some(piece.position(e.valid_up_to()).0),
        column: None,
        message: format!(
            "not UTF-8 text (invalid byte at offset {})",
            piece.offset + e.valid_up_to() as u64
        ),
    })?;
    for (i, raw) in text.lines().enumerate() {
        let raw = if i == 0 && piece.first {
            raw.trim_start_matches('\u{feff}')
        } else {
            raw
        };
        if raw.trim().is_empty() {
            continue;
        }
        let origin = Origin {
            file: file.to_string(),
            line: piece.line + i,
        };
        // A bad line (truncated, not JSON, missing fields) is left out and said; the other
        // lines are still priced.
        let read = serde_json::from_str::<Value>(raw)
            .map_err(|e| {
                let text = e.to_string();
                let bare = text
                    .rfind(" at line ")
                    .map_or(text.as_str(), |i| &text[..i]);
                format!("not a JSON object: {bare} (column {})", e.column())
            })
            .and_then(|line| {
                match shape {
                    Shape::BatchResults => batch_result(&origin, &line, undated, &mut out),
                    Shape::ResponseLog => response(&origin, &line, undated, fields, &mut out),
                    Shape::ClaudeCode => claude_code(&origin, &line, &mut out),
                }
                .map_err(|e| match e {
                    Error::Invalid { message, .. } => message,
                    other => other.to_string(),
                })
            });
        if let Err(reason) = read {
            out.unread.push((origin, reason));
        }
    }
    out.assumed.sort();
    out.assumed.dedup();
    Ok(out)
}

fn text<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_str()
}

fn batch_result(origin: &Origin, line: &Value, day: Date, out: &mut Parsed) -> Result<()> {
    let kind = text(line, &["result", "type"])
        .ok_or_else(|| origin.invalid("a batch result without `result.type`".into()))?;
    if kind != "succeeded" {
        if !matches!(kind, "errored" | "canceled" | "expired") {
            return Err(origin.invalid(format!(
                "`result.type` is `{kind}`; expected succeeded, errored, canceled or expired"
            )));
        }
        match out.not_billed.iter_mut().find(|(k, _)| k == kind) {
            Some((_, n)) => *n += 1,
            None => out.not_billed.push((kind.to_string(), 1)),
        }
        return Ok(());
    }
    let message = line
        .pointer("/result/message")
        .ok_or_else(|| origin.invalid("a succeeded result without `result.message`".into()))?;
    // A custom_id is unique only within its batch: the message id names the request, the
    // file and custom_id stand in where there is none.
    let fallback = text(line, &["custom_id"]).map(|c| format!("{}#{c}", origin.file));
    let at = date_start(origin, day)?;
    // Every result of a batch is billed at the batch tier.
    let mut record = record(
        origin,
        message,
        "result.message",
        &LogFields::default(),
        at,
        Some(ServiceTier::Batch),
        out,
    )?;
    record.id = record.id.or(fallback);
    // The results file gives no time: the cache's timeline cannot be followed.
    record.cache.timed = false;
    out.undated += 1;
    out.records.push(record);
    Ok(())
}

fn response(
    origin: &Origin,
    line: &Value,
    day: Date,
    fields: &LogFields,
    out: &mut Parsed,
) -> Result<()> {
    let time = match &fields.timestamp {
        // A mapped time is one the log always writes: a line without it is not guessed at.
        Some(path) => Some(path.get(line).and_then(Value::as_str).ok_or_else(|| {
            origin.invalid(fields.missing(LogField::Timestamp, "an RFC 3339 time with a zone"))
        })?),
        None => ["timestamp", "created_at", "time"]
            .iter()
            .find_map(|k| text(line, &[k])),
    };
    let at = match time {
        Some(t) => parse_time(origin, t)?,
        None => {
            out.undated += 1;
            date_start(origin, day)?
        }
    };
    let mut r = record(origin, line, "", fields, at, None, out)?;
    r.cache.timed = time.is_some();
    // A log that keeps the request beside the response shows whether it asked to cache.
    r.cache.cache_control = line
        .get("request")
        .filter(|q| q.is_object())
        .map(has_cache_control);
    out.records.push(r);
    Ok(())
}

fn claude_code(origin: &Origin, line: &Value, out: &mut Parsed) -> Result<()> {
    let Some(message) = line.get("message").filter(|m| m.get("usage").is_some()) else {
        out.other_lines += 1;
        return Ok(());
    };
    // Synthetic and error lines carry no billed usage.
    if line.get("isApiErrorMessage") == Some(&Value::Bool(true))
        || text(message, &["model"]) == Some("<synthetic>")
    {
        out.other_lines += 1;
        return Ok(());
    }
    let time = text(line, &["timestamp"])
        .ok_or_else(|| origin.invalid("an assistant line without `timestamp`".into()))?;
    let at = parse_time(origin, time)?;
    let mut r = record(
        origin,
        message,
        "message",
        &LogFields::default(),
        at,
        None,
        out,
    )?;
    // Claude Code logs a streamed message at each step, and a sidechain may replay it under
    // another request id: the message id names the request, the request id stands in without
    // one.
    r.id =
        r.id.or_else(|| text(line, &["requestId"]).map(str::to_string));
    r.sidechain = line.get("isSidechain") == Some(&Value::Bool(true));
    // A session is one conversation, so one run of cached prefixes.
    r.cache.session = text(line, &["sessionId"]).map(str::to_string);
    out.records.push(r);
    Ok(())
}

/// Whether a request object marks any block (or itself) with `cache_control`.
fn has_cache_control(v: &Value) -> bool {
    match v {
        Value::Object(o) => o
            .iter()
            .any(|(k, v)| k == "cache_control" && !v.is_null() || has_cache_control(v)),
        Value::Array(a) => a.iter().any(has_cache_control),
        _ => false,
    }
}

fn date_start(origin: &Origin, day: Date) -> Result<Timestamp> {
    jiff::tz::Offset::UTC
        .to_timestamp(day.at(0, 0, 0, 0))
        .map_err(|e| origin.invalid(format!("the day {day} has no UTC midnight ({e})")))
}

fn parse_time(origin: &Origin, t: &str) -> Result<Timestamp> {
    t.parse().map_err(|e: jiff::Error| {
        origin.invalid(format!("`{t}` is not an RFC 3339 time with a zone ({e})"))
    })
}

/// A record from a Messages response-like object (`model`, `usage`, and `id`, or where
/// `fields` put them), at `at_path` in its line.
fn record(
    origin: &Origin,
    message: &Value,
    at_path: &str,
    fields: &LogFields,
    at: Timestamp,
    tier: Option<ServiceTier>,
    out: &mut Parsed,
) -> Result<Record> {
    let missing = |name: LogField, what: &str| {
        origin.invalid(if at_path.is_empty() {
            fields.missing(name, what)
        } else {
            format!("no `{at_path}.{}` ({what})", name.name())
        })
    };
    let model = fields
        .model
        .get(message)
        .and_then(Value::as_str)
        .ok_or_else(|| missing(LogField::Model, "a string"))?
        .to_string();
    let usage_value = fields
        .usage
        .get(message)
        .ok_or_else(|| missing(LogField::Usage, "an object"))?;
    let usage_path = if at_path.is_empty() {
        fields.usage.to_string()
    } else {
        format!("{at_path}.usage")
    };
    let usage: ApiUsage = serde_path_to_error::deserialize(usage_value)
        .map_err(|e| origin.invalid(format!("`{usage_path}.{}`: {}", e.path(), e.inner())))?;
    let (w5, w1) = match (&usage.cache_creation, usage.cache_creation_input_tokens) {
        (Some(c), _) => (c.ephemeral_5m_input_tokens, c.ephemeral_1h_input_tokens),
        (None, Some(total)) if total > 0 => {
            out.assumed.push(Assumed::CacheTtl);
            (total, 0)
        }
        _ => (0, 0),
    };
    let tier = tier.or(usage.service_tier);
    if tier.is_none() {
        out.assumed.push(Assumed::ServiceTier);
    }
    Ok(Record {
        origin: origin.clone(),
        id: fields
            .id
            .get(message)
            .and_then(Value::as_str)
            .map(str::to_string),
        start: at,
        end: at,
        pricing: Pricing {
            model,
            service_tier: tier.unwrap_or(ServiceTier::Standard),
            inference_geo: match usage.inference_geo.as_deref() {
                Some("us") => InferenceGeo::Us,
                _ => InferenceGeo::Global,
            },
            speed: usage.speed.unwrap_or_default(),
            context_window: None,
            exact_tier: None,
        },
        groups: Groups::default(),
        sidechain: false,
        cache: RequestFacts {
            timed: true,
            ..RequestFacts::default()
        },
        prompt_tokens: Some(
            Decimal::from(usage.input_tokens)
                + Decimal::from(w5)
                + Decimal::from(w1)
                + Decimal::from(usage.cache_read_input_tokens.unwrap_or(0)),
        ),
        usage: Usage {
            input: usage.input_tokens.into(),
            cache_write_5m: w5.into(),
            cache_write_1h: w1.into(),
            cache_read: usage.cache_read_input_tokens.unwrap_or(0).into(),
            output: usage.output_tokens.into(),
            web_searches: usage
                .server_tool_use
                .map_or(0, |s| s.web_search_requests)
                .into(),
        },
    })
}
