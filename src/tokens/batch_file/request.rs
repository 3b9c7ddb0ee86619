//! One line of a Message Batches file, as typed structs: what the request says, before anything
//! is counted or priced.
//!
//! Only the fields that change the price are read; the API's other parameters (`temperature`,
//! `metadata`, `stop_sequences`…) and message roles (both are billed as input) are ignored, so a
//! file written for a newer API version still prices. Fields that are needed are `Option`s checked
//! after parsing, so a missing one gets a message that says what was expected.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// A line: `{"custom_id": …, "params": {…}}`.
#[derive(Debug, Deserialize)]
#[serde(remote = "Self")]
struct Line {
    custom_id: Option<String>,
    params: Option<Params>,
}

/// The request a line carries, with the fields pricing needs.
#[derive(Debug, Deserialize)]
#[serde(remote = "Self")]
pub struct Params {
    /// The model as written (an id, alias or family).
    pub model: Option<String>,
    /// The output ceiling.
    pub max_tokens: Option<i64>,
    /// The system prompt.
    pub system: Option<TextOrBlocks>,
    /// The conversation.
    pub messages: Option<Vec<Message>>,
    /// Tool definitions, in order.
    pub tools: Option<Vec<Tool>>,
    /// How the model must use the tools (`auto` when absent).
    pub tool_choice: Option<ToolChoice>,
    /// Top-level caching: everything up to the last block is cached.
    pub cache_control: Option<CacheControl>,
}

/// One message; its role does not change the price.
#[derive(Debug, Deserialize)]
#[serde(remote = "Self")]
pub struct Message {
    /// The message's text or blocks.
    pub content: Option<TextOrBlocks>,
}

/// A tool definition: counted as its JSON, without its `cache_control`.
#[derive(Debug, Deserialize)]
pub struct Tool {
    /// A breakpoint after this tool.
    pub cache_control: Option<CacheControl>,
    /// Everything else (`name`, `description`, `input_schema`, or a server tool's `type`).
    #[serde(flatten)]
    pub definition: Map<String, Value>,
}

/// `tool_choice`: only its type matters.
#[derive(Debug, Deserialize)]
#[serde(remote = "Self")]
pub struct ToolChoice {
    /// `auto`, `any`, `tool` or `none`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// `cache_control` on a block, a tool or the request.
#[derive(Debug, Deserialize)]
#[serde(remote = "Self")]
pub struct CacheControl {
    /// `5m` (the default) or `1h`.
    pub ttl: Option<String>,
}

/// A content block. Its fields are those of every block type that is counted; blocks of other
/// types (images, documents…) keep only their type, so their own fields never fail a line.
#[derive(Debug, Deserialize)]
#[serde(remote = "Self")]
pub struct Block {
    /// `text`, `tool_use`, `tool_result`, `image`…
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// A text block's text.
    pub text: Option<String>,
    /// A `tool_use` block's input, counted as JSON.
    pub input: Option<Value>,
    /// A `tool_result` block's content (other block types' `content` is read but not used).
    pub content: Option<TextOrBlocks>,
    /// A breakpoint after this block.
    pub cache_control: Option<CacheControl>,
}

/// Reads a struct derived with `#[serde(remote = "Self")]` from a JSON object only. A derived
/// struct also accepts an array, taking its items as the fields in order; in a request line that
/// is always a mistake (`["an", "array"]` would have read as a line with custom_id `an`).
trait FromObject<'de>: Sized {
    fn from_fields<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

struct ObjectOnly<T>(PhantomData<T>);

impl<'de, T: FromObject<'de>> Visitor<'de> for ObjectOnly<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_fields(MapAccessDeserializer::new(map))
    }
}

macro_rules! from_objects_only {
    ($($t:ident),*) => {$(
        impl<'de> FromObject<'de> for $t {
            fn from_fields<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // The inherent function that `remote = "Self"` derived.
                $t::deserialize(d)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_map(ObjectOnly::<$t>(PhantomData))
            }
        }
    )*};
}

from_objects_only!(Line, Params, Message, ToolChoice, CacheControl, Block);

/// A `system`, message or tool-result content: a plain string or a list of blocks. Anything else
/// (an object, as some server-tool results carry) is kept as `Other` and refused where a string
/// or blocks are required.
#[derive(Debug)]
pub enum TextOrBlocks {
    /// A plain string.
    Text(String),
    /// A list of blocks.
    Blocks(Vec<Block>),
    /// Some other JSON object.
    Other,
}

impl<'de> Deserialize<'de> for TextOrBlocks {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TextOrBlocks;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of content blocks")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TextOrBlocks, E> {
                Ok(TextOrBlocks::Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<TextOrBlocks, E> {
                Ok(TextOrBlocks::Text(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TextOrBlocks, A::Error> {
                let mut blocks = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(b) = seq.next_element()? {
                    blocks.push(b);
                }
                Ok(TextOrBlocks::Blocks(blocks))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TextOrBlocks, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(TextOrBlocks::Other)
            }
        }
        d.deserialize_any(V)
    }
}

/// A line's request, with the fields every request needs present.
#[derive(Debug)]
pub struct Request {
    /// The request's id, unique in a batch.
    pub custom_id: String,
    /// The model as written.
    pub model: String,
    /// The output ceiling.
    pub max_tokens: u64,
    /// The rest of the request.
    pub params: Params,
}

/// Parses one line; the error says what is wrong, for a message prefixed with the line.
pub fn parse(text: &str) -> Result<Request, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let line: Line = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let at_root = e.path().iter().next().is_none();
        let inner = e.inner();
        match inner.classify() {
            serde_json::error::Category::Data if at_root => "not a JSON object".to_string(),
            serde_json::error::Category::Data => format!("`{}`: {inner}", e.path()),
            _ => format!("not valid JSON: {inner}"),
        }
    })?;
    de.end().map_err(|e| format!("not valid JSON: {e}"))?;
    let custom_id = line.custom_id.ok_or("missing `custom_id` (a string)")?;
    let mut params = line.params.ok_or("missing `params` (an object)")?;
    let model = params
        .model
        .take()
        .ok_or("missing `params.model` (a string)")?;
    let max_tokens = params
        .max_tokens
        .ok_or("missing `params.max_tokens` (a whole number)")?;
    let max_tokens = u64::try_from(max_tokens)
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`params.max_tokens` must be positive, found {max_tokens}"))?;
    Ok(Request {
        custom_id,
        model,
        max_tokens,
        params,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        parse(text).unwrap_err()
    }

    #[test]
    fn reads_the_fields_that_change_the_price() {
        let r = parse(
            r#"{"custom_id": "a", "params": {"model": "haiku", "max_tokens": 100,
                "temperature": 0.2, "system": [{"type": "text", "text": "S",
                "cache_control": {"type": "ephemeral", "ttl": "1h"}}],
                "messages": [{"role": "user", "content": "hi"}],
                "tools": [{"name": "t", "input_schema": {}, "cache_control": {}}],
                "tool_choice": {"type": "any"}}}"#,
        )
        .unwrap();
        assert_eq!((r.model.as_str(), r.max_tokens), ("haiku", 100));
        let Some(TextOrBlocks::Blocks(system)) = &r.params.system else {
            panic!("{:?}", r.params.system)
        };
        assert_eq!(system[0].text.as_deref(), Some("S"));
        let ttl = system[0]
            .cache_control
            .as_ref()
            .and_then(|c| c.ttl.as_deref());
        assert_eq!(ttl, Some("1h"));
        let messages = r.params.messages.as_ref().unwrap();
        assert!(matches!(&messages[0].content, Some(TextOrBlocks::Text(t)) if t == "hi"));
        let tools = r.params.tools.as_ref().unwrap();
        assert!(tools[0].cache_control.is_some());
        assert_eq!(
            Value::Object(tools[0].definition.clone()).to_string(),
            r#"{"input_schema":{},"name":"t"}"#
        );
        assert_eq!(r.params.tool_choice.unwrap().kind.as_deref(), Some("any"));
    }

    #[test]
    fn other_block_types_and_object_contents_are_kept_aside() {
        let r = parse(
            r#"{"custom_id": "a", "params": {"model": "m", "max_tokens": 1, "messages": [
                {"role": "user", "content": [{"type": "image", "source": {"type": "base64"}},
                {"type": "web_search_tool_result", "content": {"error_code": "x"}}]}]}}"#,
        )
        .unwrap();
        let messages = r.params.messages.unwrap();
        let Some(TextOrBlocks::Blocks(blocks)) = &messages[0].content else {
            panic!()
        };
        assert_eq!(blocks[0].kind.as_deref(), Some("image"));
        assert!(matches!(blocks[1].content, Some(TextOrBlocks::Other)));
    }

    #[test]
    fn errors_say_what_was_expected() {
        assert_eq!(
            error("this line is not JSON"),
            "not valid JSON: expected ident at line 1 column 2"
        );
        assert_eq!(
            error("{} {}"),
            "not valid JSON: trailing characters at line 1 column 4"
        );
        assert_eq!(error(r#"["an", "array"]"#), "not a JSON object");
        assert_eq!(error("17"), "not a JSON object");
        assert_eq!(
            error(r#"{"custom_id": "a", "params": ["m", 5]}"#),
            "`params`: invalid type: sequence, expected a JSON object at line 1 column 29"
        );
        assert_eq!(error(r#"{"params": {}}"#), "missing `custom_id` (a string)");
        assert_eq!(
            error(r#"{"custom_id": "a"}"#),
            "missing `params` (an object)"
        );
        assert_eq!(
            error(r#"{"custom_id": "a", "params": {"max_tokens": 10}}"#),
            "missing `params.model` (a string)"
        );
        assert_eq!(
            error(r#"{"custom_id": "a", "params": {"model": "m"}}"#),
            "missing `params.max_tokens` (a whole number)"
        );
        // A field of the wrong type is named with its path.
        assert_eq!(
            error(r#"{"custom_id": "a", "params": {"model": "m", "max_tokens": -1}}"#),
            "`params.max_tokens` must be positive, found -1"
        );
        assert_eq!(
            error(
                r#"{"custom_id": "a", "params": {"model": "m", "max_tokens": 1, "messages": [{"content": 5}]}}"#
            ),
            "`params.messages[0].content`: invalid type: integer `5`, expected a string or an \
             array of content blocks at line 1 column 87"
        );
        assert_eq!(
            error(r#"{"custom_id": 7, "params": {}}"#),
            "`custom_id`: invalid type: integer `7`, expected a string at line 1 column 15"
        );
    }
}
