//! A request's prompt as the API reads it (tools, then system, then messages) cut into pieces of
//! text, and where its cached prefix ends.
//!
//! The prefix runs to the last `cache_control` breakpoint, or over the whole prompt with a
//! top-level `cache_control`; its TTL is that breakpoint's. A breakpoint on a block that is not
//! counted (an image) still ends the prefix there.

use std::hash::{DefaultHasher, Hash, Hasher};

use serde_json::Value;

use super::request::{Block, CacheControl, Params, TextOrBlocks};
use crate::billing::Ttl;
use crate::tokens::content::Content;

/// A piece of the prompt: its text, how to convert it, and whether a breakpoint ends it.
#[derive(Debug, PartialEq, Eq)]
pub struct Piece {
    /// The text counted (a tool definition or tool input as compact JSON).
    pub text: String,
    /// Its content type, which picks the conversion factor.
    pub content: Content,
    /// A breakpoint right after this piece.
    pub breakpoint: Option<Ttl>,
}

/// The prompt in API order, split at the end of its cached prefix.
#[derive(Debug)]
pub struct Prompt {
    /// Every piece, in order.
    pieces: Vec<Piece>,
    /// How many leading pieces are the cached prefix.
    cut: usize,
    /// The prefix's TTL; `None` when nothing is cached.
    pub ttl: Option<Ttl>,
    /// Block types that were not counted (images, documents…), each once.
    pub uncounted: Vec<String>,
    /// Where each message starts: the index of its first piece.
    message_starts: Vec<usize>,
    /// Whether a block inside a `tool_result` carried a `cache_control` (not a breakpoint).
    pub inner_breakpoint: bool,
}

impl Prompt {
    /// Reads the prompt of `params` (taking its texts).
    pub fn of(params: Params) -> Result<Prompt, String> {
        let mut b = Builder::default();
        for tool in params.tools.unwrap_or_default() {
            b.pieces.push(Piece {
                text: Value::Object(tool.definition).to_string(),
                content: Content::Json,
                breakpoint: ttl_of(tool.cache_control.as_ref())?,
            });
        }
        match params.system {
            None => {}
            Some(TextOrBlocks::Text(s)) => b.text(s, None),
            Some(TextOrBlocks::Blocks(blocks)) => b.blocks(blocks)?,
            Some(TextOrBlocks::Other) => {
                return Err("`params.system` is neither a string nor an array".into());
            }
        }
        let messages = params
            .messages
            .ok_or("missing `params.messages` (an array)")?;
        for message in messages {
            b.message_starts.push(b.pieces.len());
            match message.content {
                Some(TextOrBlocks::Text(s)) => b.text(s, None),
                Some(TextOrBlocks::Blocks(blocks)) => b.blocks(blocks)?,
                None | Some(TextOrBlocks::Other) => return Err("a message has no `content`".into()),
            }
        }
        let top_level = params
            .cache_control
            .as_ref()
            .map(|c| ttl_of(Some(c)))
            .transpose()?
            .flatten();
        let last = b.pieces.iter().rposition(|p| p.breakpoint.is_some());
        let (cut, ttl) = match (top_level, last) {
            (Some(t), _) => (b.pieces.len(), Some(t)),
            (None, Some(i)) => (i + 1, b.pieces[i].breakpoint),
            (None, None) => (0, None),
        };
        Ok(Prompt {
            pieces: b.pieces,
            cut,
            ttl,
            uncounted: b.uncounted,
            message_starts: b.message_starts,
            inner_breakpoint: b.inner_breakpoint,
        })
    }

    /// The cached prefix (empty when nothing is cached).
    pub fn prefix(&self) -> &[Piece] {
        &self.pieces[..self.cut]
    }

    /// What follows the prefix.
    pub fn rest(&self) -> &[Piece] {
        &self.pieces[self.cut..]
    }

    /// Messages that start in the cached prefix, and those that start after it: each adds its
    /// message frame where it starts.
    pub fn messages(&self) -> (u64, u64) {
        let total = self.message_starts.len() as u64;
        let in_prefix = self
            .message_starts
            .iter()
            .filter(|&&s| s < self.cut)
            .count() as u64;
        (in_prefix, total - in_prefix)
    }

    /// Identifies the prefix on `model`: two requests with the same key share a cache entry.
    pub fn prefix_key(&self, model: &str) -> u64 {
        let mut hasher = DefaultHasher::new();
        model.hash(&mut hasher);
        for p in self.prefix() {
            p.text.hash(&mut hasher);
        }
        hasher.finish()
    }
}

/// The TTL a `cache_control` asks for; `None` without one.
fn ttl_of(c: Option<&CacheControl>) -> Result<Option<Ttl>, String> {
    let Some(c) = c else { return Ok(None) };
    match c.ttl.as_deref() {
        None | Some("5m") => Ok(Some(Ttl::FiveMinutes)),
        Some("1h") => Ok(Some(Ttl::OneHour)),
        Some(other) => Err(format!(
            "unknown cache_control ttl `{other}` (expected 5m or 1h)"
        )),
    }
}

#[derive(Default)]
struct Builder {
    pieces: Vec<Piece>,
    uncounted: Vec<String>,
    message_starts: Vec<usize>,
    inner_breakpoint: bool,
}

impl Builder {
    fn text(&mut self, text: String, breakpoint: Option<Ttl>) {
        self.pieces.push(Piece {
            content: Content::detect(None, &text),
            text,
            breakpoint,
        });
    }

    fn blocks(&mut self, blocks: Vec<Block>) -> Result<(), String> {
        for block in blocks {
            let breakpoint = ttl_of(block.cache_control.as_ref())?;
            self.block(block, breakpoint)?;
        }
        Ok(())
    }

    /// Adds `block`; `breakpoint` ends the prefix after it.
    fn block(&mut self, block: Block, breakpoint: Option<Ttl>) -> Result<(), String> {
        match block.kind.as_deref() {
            Some("text") => {
                let text = block.text.ok_or("a text block has no `text`")?;
                self.text(text, breakpoint);
            }
            Some("tool_use") => self.pieces.push(Piece {
                text: block.input.map(|i| i.to_string()).unwrap_or_default(),
                content: Content::Json,
                breakpoint,
            }),
            Some("tool_result") => match block.content {
                Some(TextOrBlocks::Text(s)) => self.text(s, breakpoint),
                Some(TextOrBlocks::Blocks(inner)) => {
                    // Breakpoints inside a tool result are not the API's; the result's own one
                    // ends it.
                    for i in inner {
                        self.inner_breakpoint |= i.cache_control.is_some();
                        self.block(i, None)?;
                    }
                    self.end_prefix_here(breakpoint);
                }
                None | Some(TextOrBlocks::Other) => self.end_prefix_here(breakpoint),
            },
            Some(other) => {
                if !self.uncounted.iter().any(|u| u == other) {
                    self.uncounted.push(other.to_string());
                }
                self.end_prefix_here(breakpoint);
            }
            None => return Err("a content block has no `type`".into()),
        }
        Ok(())
    }

    /// Moves a breakpoint of a block with no text of its own onto the piece before it.
    fn end_prefix_here(&mut self, breakpoint: Option<Ttl>) {
        if let (Some(b), Some(last)) = (breakpoint, self.pieces.last_mut()) {
            last.breakpoint = Some(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::batch_file::request;

    fn prompt(params: &str) -> Result<Prompt, String> {
        let line = format!(
            r#"{{"custom_id": "a", "params": {{"model": "m", "max_tokens": 1, {params}}}}}"#
        );
        Prompt::of(request::parse(&line)?.params)
    }

    fn texts(pieces: &[Piece]) -> Vec<&str> {
        pieces.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn the_prefix_ends_at_the_last_breakpoint_in_api_order() {
        let p = prompt(
            r#""messages": [{"role": "user", "content": [
                 {"type": "text", "text": "doc", "cache_control": {"type": "ephemeral"}},
                 {"type": "text", "text": "question"}]}],
               "system": "rules",
               "tools": [{"name": "t", "cache_control": {"type": "ephemeral", "ttl": "1h"}}]"#,
        )
        .unwrap();
        assert_eq!(texts(p.prefix()), vec![r#"{"name":"t"}"#, "rules", "doc"]);
        assert_eq!(texts(p.rest()), vec!["question"]);
        // The one message starts inside the prefix (its "doc" is cached).
        assert_eq!(p.messages(), (1, 0));
        // The last breakpoint's TTL is the prefix's.
        assert_eq!(p.ttl, Some(Ttl::FiveMinutes));
        assert_eq!(p.prefix()[0].content, Content::Json);
    }

    #[test]
    fn top_level_cache_control_caches_everything() {
        let p = prompt(
            r#""messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}],
               "cache_control": {"type": "ephemeral", "ttl": "1h"}"#,
        )
        .unwrap();
        assert_eq!((texts(p.prefix()), p.rest().len()), (vec!["a", "b"], 0));
        assert_eq!(p.ttl, Some(Ttl::OneHour));
        let none = prompt(r#""messages": [{"role": "user", "content": "a"}]"#).unwrap();
        assert_eq!((none.prefix().len(), none.ttl), (0, None));
    }

    #[test]
    fn a_breakpoint_on_a_block_without_text_ends_the_prefix_before_it() {
        let p = prompt(
            r#""messages": [{"role": "user", "content": [
                 {"type": "text", "text": "look"},
                 {"type": "image", "source": {}, "cache_control": {"type": "ephemeral"}},
                 {"type": "tool_result", "tool_use_id": "x", "content": [
                     {"type": "text", "text": "r1", "cache_control": {"type": "ephemeral"}},
                     {"type": "text", "text": "r2"}]},
                 {"type": "tool_result", "tool_use_id": "y", "cache_control": {"type": "ephemeral"}},
                 {"type": "text", "text": "tail"}]}]"#,
        )
        .unwrap();
        // The image's breakpoint lands on "look"; the inner one in the first result is ignored;
        // the empty second result's breakpoint lands on "r2", the last before it.
        assert_eq!(texts(p.prefix()), vec!["look", "r1", "r2"]);
        assert_eq!(texts(p.rest()), vec!["tail"]);
        assert_eq!(p.uncounted, vec!["image"]);
        assert!(p.inner_breakpoint);
    }

    #[test]
    fn tool_inputs_are_counted_as_compact_json() {
        let p = prompt(
            r#""messages": [{"role": "assistant", "content": [
                 {"type": "tool_use", "id": "t", "name": "f", "input": {"b": 1, "a": [1, 2]}}]}]"#,
        )
        .unwrap();
        assert_eq!(texts(p.rest()), vec![r#"{"a":[1,2],"b":1}"#]);
    }

    #[test]
    fn malformed_prompts_are_named() {
        let bad = |p: &str| prompt(p).unwrap_err();
        assert_eq!(
            bad(r#""system": "s""#),
            "missing `params.messages` (an array)"
        );
        assert_eq!(
            bad(r#""system": {"a": 1}, "messages": []"#),
            "`params.system` is neither a string nor an array"
        );
        assert_eq!(
            bad(r#""messages": [{"role": "user"}]"#),
            "a message has no `content`"
        );
        assert_eq!(
            bad(r#""messages": [{"role": "user", "content": [{"text": "x"}]}]"#),
            "a content block has no `type`"
        );
        assert_eq!(
            bad(r#""messages": [{"role": "user", "content": [{"type": "text"}]}]"#),
            "a text block has no `text`"
        );
        assert_eq!(
            bad(r#""messages": [], "cache_control": {"type": "ephemeral", "ttl": "2h"}"#),
            "unknown cache_control ttl `2h` (expected 5m or 1h)"
        );
    }

    /// Issue 14 #10: the API takes only `5m` and `1h`; a null `cache_control` is no breakpoint
    /// (it was billed as a 5-minute one).
    #[test]
    fn only_5m_and_1h_are_ttls_and_null_is_no_breakpoint() {
        let p = prompt(
            r#""messages": [], "system": [{"type": "text", "text": "s", "cache_control": null}]"#,
        )
        .unwrap();
        assert!(p.pieces.iter().all(|piece| piece.breakpoint.is_none()));
        for ttl in [r#""10m""#, "300"] {
            let e = prompt(&format!(
                r#""messages": [], "cache_control": {{"type": "ephemeral", "ttl": {ttl}}}"#
            ))
            .unwrap_err();
            assert!(e.contains("ttl"), "{ttl}: {e}");
        }
    }
}
