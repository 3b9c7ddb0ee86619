//! The content type of a text, which picks the conversion factor.

use std::path::Path;

use crate::pricing::schema::{ContentFactors, FactorRange};

/// What a text mostly is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Content {
    /// Natural-language prose.
    Prose,
    /// Source code.
    Code,
    /// JSON, YAML, CSV and other structured data.
    Json,
    /// Mostly Chinese, Japanese or Korean.
    Cjk,
    /// A whole agentic request: tool schemas, code and prose mixed.
    Agentic,
}

/// Extensions read as source code.
const CODE: &[&str] = &[
    "rs", "py", "js", "ts", "tsx", "jsx", "go", "java", "kt", "c", "h", "cc", "cpp", "hpp", "cs",
    "rb", "php", "swift", "scala", "sh", "bash", "sql", "hs", "ml", "ex", "exs", "lua", "r", "m",
    "css", "html", "xml", "toml",
];

/// Extensions read as structured data.
const DATA: &[&str] = &["json", "jsonl", "ndjson", "yaml", "yml", "csv", "tsv"];

impl Content {
    /// The name used in reports (`prose`).
    pub fn name(self) -> &'static str {
        match self {
            Content::Prose => "prose",
            Content::Code => "code",
            Content::Json => "json",
            Content::Cjk => "cjk",
            Content::Agentic => "agentic",
        }
    }

    /// Guesses the content type: CJK when at least a third of the letters are CJK, otherwise
    /// by file extension (code, data), otherwise prose.
    pub fn detect(path: Option<&Path>, text: &str) -> Content {
        // ASCII letters are counted over the bytes (a loop the compiler vectorises): this runs
        // over every file's first chunk, on the thread that feeds the counters.
        let mut letters = text.bytes().filter(u8::is_ascii_alphabetic).count();
        let mut cjk = 0usize;
        if !text.is_ascii() {
            for ch in text.chars().filter(|c| !c.is_ascii() && c.is_alphabetic()) {
                letters += 1;
                if is_cjk(ch) {
                    cjk += 1;
                }
            }
        }
        if letters > 0 && cjk * 3 >= letters {
            return Content::Cjk;
        }
        let ext = path
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some(e) if DATA.contains(&e) => Content::Json,
            Some(e) if CODE.contains(&e) => Content::Code,
            _ => Content::Prose,
        }
    }

    /// This content type's factor range.
    pub fn factor(self, factors: &ContentFactors) -> FactorRange {
        match self {
            Content::Prose => factors.prose,
            Content::Code => factors.code,
            Content::Json => factors.json,
            Content::Cjk => factors.cjk,
            Content::Agentic => factors.agentic,
        }
    }
}

/// Han, kana and hangul.
fn is_cjk(ch: char) -> bool {
    matches!(ch as u32,
        0x3040..=0x30FF        // hiragana, katakana
        | 0x3400..=0x4DBF      // CJK extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xAC00..=0xD7AF      // hangul syllables
        | 0x1100..=0x11FF      // hangul jamo
        | 0xF900..=0xFAFF      // CJK compatibility ideographs
        | 0x20000..=0x2FA1F) // CJK extensions B–F and supplement
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_script_then_extension() {
        assert_eq!(Content::detect(None, "東京の天気は晴れです"), Content::Cjk);
        assert_eq!(
            Content::detect(Some(Path::new("a.RS")), "fn main() {}"),
            Content::Code
        );
        assert_eq!(
            Content::detect(Some(Path::new("a.jsonl")), "{}"),
            Content::Json
        );
        assert_eq!(
            Content::detect(Some(Path::new("notes.txt")), "hello"),
            Content::Prose
        );
        assert_eq!(Content::detect(None, ""), Content::Prose);
        // A little Japanese in an English text does not make it CJK.
        assert_eq!(
            Content::detect(None, "the word for weather is 天気, used daily"),
            Content::Prose
        );
    }
}
