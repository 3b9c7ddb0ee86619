//! Fitting a tokenizer family's factors to real counts, or checking Claude's reconstructed
//! vocabulary against them.
//!
//! For a family with a vocabulary, ratio = (true tokens − frame) ÷ burnrate's content count: a
//! residual that should be close to 1 (the frame defaults to the model's measured one), reported
//! and written nowhere. The factor fit below is for families without one (or when asked).
//!
//! A user who has true Claude counts for some texts (the `usage.input_tokens` of real requests,
//! or the free `count_tokens` endpoint) lists them as `file,tokens` (CSV with that header) or
//! `{"file": ..., "tokens": ...}` lines (JSONL), paths relative to the samples file. For each
//! sample, ratio = (true tokens − frame) ÷ `cl100k_base` tokens, where `frame` is the fixed
//! per-request overhead the true count includes (about 7–13 tokens for a one-message request).
//!
//! Per content type: typical = Σ(true − frame) ÷ Σ base (the token-weighted ratio, so long
//! samples count for more), and the range is the smallest and largest sample ratio (the 5th and
//! 95th percentiles from 20 samples on). Content types without samples keep the table's factors.

use std::path::Path;

use rust_decimal::Decimal;

use super::content::Content;
use super::count::cl100k_tokens;
use super::inputs::collect;
use crate::error::{Error, FactorsFor, Result};
use crate::money::{div, sum};
use crate::pricing::schema::{ContentFactors, FactorRange, Tokenizer};

/// One fitted content type.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fit {
    /// The content type.
    pub content: Content,
    /// Samples of this type.
    pub samples: usize,
    /// The fitted factor and range.
    pub factor: FactorRange,
    /// The table's factor before calibration.
    pub previous: FactorRange,
}

/// The result: fits per content type and the tokenizer entry that carries them.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Calibration {
    /// The tokenizer family calibrated.
    pub tokenizer: String,
    /// What was fitted: factors over `cl100k_base`, or the residual of Claude's vocabulary.
    pub against: Against,
    /// Tokens subtracted from each true count (the request's framing).
    pub frame: u64,
    /// One fit per content type with samples.
    pub fits: Vec<Fit>,
    /// The override file to pass with `--pricing` (factors only: a residual changes nothing).
    pub override_yaml: Option<String>,
}

/// What the true counts were divided by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Against {
    /// `cl100k_base` counts: the fit is the family's factors.
    Cl100k,
    /// Claude's reconstructed vocabulary: the fit is a residual, which should be close to 1.
    Vocabulary(super::method::ClaudeCount),
}

/// One sample: a file (or folder, or glob) and its true count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// The path as written, relative to the samples file.
    pub file: String,
    /// The true Claude count.
    pub tokens: u64,
    /// Its line in the samples file.
    pub line: usize,
}

/// A samples file read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Samples {
    /// The samples file's name, for errors.
    pub name: String,
    /// The folder its paths are relative to.
    pub base: std::path::PathBuf,
    /// The samples, in order.
    pub items: Vec<Sample>,
}

/// Reads the samples of a CSV (`file,tokens`, the header on the first line that is not blank; a
/// byte-order mark is allowed) or JSONL samples file.
pub fn read_samples(path: &Path) -> Result<Samples> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path.display().to_string();
    let bad = |line: usize, message: String| Error::Invalid {
        path: name.clone(),
        line: Some(line),
        column: None,
        message,
    };
    let text = crate::utf8::text(&name, bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut out = Vec::new();
    let jsonl = path
        .extension()
        .is_some_and(|e| e == "jsonl" || e == "json");
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        if jsonl {
            let v: serde_json::Value =
                serde_json::from_str(line).map_err(|e| bad(n, format!("not valid JSON: {e}")))?;
            let file = v.get("file").and_then(|f| f.as_str());
            let tokens = v.get("tokens").and_then(|t| t.as_u64());
            match (file, tokens) {
                (Some(f), Some(t)) => out.push(Sample {
                    file: f.to_string(),
                    tokens: t,
                    line: n,
                }),
                _ => {
                    return Err(bad(
                        n,
                        "expected {\"file\": <path>, \"tokens\": <whole number>}".into(),
                    ));
                }
            }
        } else {
            if !header_seen {
                if line.trim() != "file,tokens" {
                    return Err(bad(n, "expected the header `file,tokens`".into()));
                }
                header_seen = true;
                continue;
            }
            let (file, tokens) = line
                .rsplit_once(',')
                .ok_or_else(|| bad(n, "expected `file,tokens`".into()))?;
            let tokens = tokens.trim().parse().map_err(|_| {
                bad(
                    n,
                    format!("`{}` is not a whole number of tokens", tokens.trim()),
                )
            })?;
            out.push(Sample {
                file: file.trim().trim_matches('"').to_string(),
                tokens,
                line: n,
            });
        }
    }
    if out.is_empty() {
        return Err(bad(1, "no samples".into()));
    }
    Ok(Samples {
        base: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
        name,
        items: out,
    })
}

/// Fits `tokenizer`'s factors (against `cl100k_base`) or the residual of its vocabulary (as
/// `against` says) to `samples` (paths relative to `base`), subtracting `frame` from each true
/// count; `content` forces one content type for every sample.
pub fn calibrate(
    tokenizer: &Tokenizer,
    against: Against,
    samples: &Samples,
    frame: u64,
    content: Option<Content>,
    today: &str,
) -> Result<Calibration> {
    let previous = match against {
        Against::Cl100k => tokenizer.factors.ok_or_else(|| Error::MissingFactors {
            tokenizer: tokenizer.id.clone(),
            needed_for: FactorsFor::Calibration,
        })?,
        // The vocabulary's own counts: a residual of exactly 1 for every content type.
        Against::Vocabulary(_) => {
            let one = FactorRange {
                typical: Decimal::ONE,
                low: Decimal::ONE,
                high: Decimal::ONE,
            };
            ContentFactors {
                prose: one,
                code: one,
                json: one,
                cjk: one,
                agentic: one,
            }
        }
    };
    let counter_name = match against {
        Against::Cl100k => "cl100k_base",
        Against::Vocabulary(_) => "Claude",
    };
    let count = |t: &str| match against {
        Against::Cl100k => cl100k_tokens(t) as u64,
        Against::Vocabulary(c) => c.content_tokens(t),
    };
    // (content, base count, true count) per sample.
    let mut points = Vec::with_capacity(samples.items.len());
    for sample in &samples.items {
        let full = samples.base.join(&sample.file).display().to_string();
        let truth = &sample.tokens;
        let at = |message: String| Error::Invalid {
            path: samples.name.clone(),
            line: Some(sample.line),
            column: None,
            message: format!("`{}`: {message}", sample.file),
        };
        let (inputs, skipped) = collect(std::slice::from_ref(&full), &mut std::io::empty())
            .map_err(|e| match e {
                Error::NoFiles(_) => at("no files to calibrate on".to_string()),
                e => at(e.to_string()),
            })?;
        if inputs.is_empty() {
            return Err(at(match skipped.first() {
                Some(s) => format!("no text to calibrate on (`{}`: {})", s.name, s.reason),
                None => "no files to calibrate on".to_string(),
            }));
        }
        for input in inputs {
            let counted = count(&input.text);
            let kind =
                content.unwrap_or_else(|| Content::detect(input.path.as_deref(), &input.text));
            if counted == 0 || *truth <= frame {
                return Err(at(format!(
                    "cannot calibrate on this sample: {counted} {counter_name} tokens, {truth} \
                     true tokens, frame {frame}"
                )));
            }
            points.push((kind, counted, truth - frame));
        }
    }
    let mut fitted = previous;
    let mut fits = Vec::new();
    for kind in [
        Content::Prose,
        Content::Code,
        Content::Json,
        Content::Cjk,
        Content::Agentic,
    ] {
        let mine: Vec<(u64, u64)> = points
            .iter()
            .filter(|(k, ..)| *k == kind)
            .map(|(_, b, t)| (*b, *t))
            .collect();
        if mine.is_empty() {
            continue;
        }
        let what = "a calibration ratio";
        // Summed as decimals: u64 counts of many samples can pass u64::MAX (and wrap in a
        // release build).
        let typical = div(
            sum(mine.iter().map(|(_, t)| Decimal::from(*t)), what)?,
            sum(mine.iter().map(|(b, _)| Decimal::from(*b)), what)?,
            what,
        )?;
        let mut ratios = mine
            .iter()
            .map(|(b, t)| div(Decimal::from(*t), Decimal::from(*b), what))
            .collect::<Result<Vec<_>>>()?;
        ratios.sort();
        let (low, high) = if ratios.len() >= 20 {
            (percentile(&ratios, 5), percentile(&ratios, 95))
        } else {
            (ratios[0], ratios[ratios.len() - 1])
        };
        let round = |d: Decimal| d.round_dp(4).normalize();
        let factor = FactorRange {
            typical: round(typical),
            low: round(low.min(typical)),
            high: round(high.max(typical)),
        };
        set(&mut fitted, kind, factor);
        fits.push(Fit {
            content: kind,
            samples: mine.len(),
            factor,
            previous: kind.factor(&previous),
        });
    }
    Ok(Calibration {
        tokenizer: tokenizer.id.clone(),
        against,
        frame,
        override_yaml: match against {
            Against::Cl100k => Some(override_yaml(tokenizer, &fitted, &fits, frame, today)),
            Against::Vocabulary(_) => None,
        },
        fits,
    })
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[Decimal], p: usize) -> Decimal {
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank - 1]
}

fn set(factors: &mut ContentFactors, kind: Content, value: FactorRange) {
    match kind {
        Content::Prose => factors.prose = value,
        Content::Code => factors.code = value,
        Content::Json => factors.json = value,
        Content::Cjk => factors.cjk = value,
        Content::Agentic => factors.agentic = value,
    }
}

fn override_yaml(
    tokenizer: &Tokenizer,
    factors: &ContentFactors,
    fits: &[Fit],
    frame: u64,
    today: &str,
) -> String {
    let line = |name: &str, f: FactorRange| {
        format!(
            "      {name}: {{ typical: \"{}\", low: \"{}\", high: \"{}\" }}\n",
            f.typical, f.low, f.high
        )
    };
    let fitted = fits
        .iter()
        .map(|f| {
            let plural = if f.samples == 1 { "" } else { "s" };
            format!("{} ({} sample{plural})", f.content.name(), f.samples)
        })
        .collect::<Vec<_>>()
        .join(", ");
    let quote = |s: &str| {
        format!(
            "\"{}\"",
            s.trim().replace('\\', "\\\\").replace('"', "\\\"")
        )
    };
    format!(
        "# Tokenizer factors calibrated by `burnrate calibrate` on {today}. Pass this file with\n\
         # `--pricing` (or list it in BURNRATE_PRICING) to use them.\n\
         schema_version: 1\n\
         provider: anthropic\n\
         currency: USD\n\
         tokenizers:\n\
         \x20 - id: {id}\n\
         \x20   description: {description}\n\
         \x20   source: {source}\n\
         \x20   base_encoding: cl100k_base\n\
         \x20   factors:\n\
         {prose}{code}{json}{cjk}{agentic}\
         \x20   factors_source: {factors_source}\n\
         \x20   factors_checked: {today}\n",
        id = tokenizer.id,
        description = quote(&tokenizer.description),
        source = quote(&tokenizer.source),
        prose = line("prose", factors.prose),
        code = line("code", factors.code),
        json = line("json", factors.json),
        cjk = line("cjk", factors.cjk),
        agentic = line("agentic", factors.agentic),
        factors_source = quote(&format!(
            "calibrated by burnrate on {today} from your counts: {fitted}; frame of {frame} \
             tokens subtracted; other content types unchanged from the table"
        )),
    )
}

/// Today's date (UTC) as `YYYY-MM-DD`, from the system clock.
pub fn today() -> String {
    utc_date(jiff::Timestamp::now())
}

/// The UTC calendar date of `at`, as `YYYY-MM-DD`.
fn utc_date(at: jiff::Timestamp) -> String {
    jiff::tz::Offset::UTC.to_datetime(at).date().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let v: Vec<Decimal> = (1..=20).map(Decimal::from).collect();
        assert_eq!(percentile(&v, 5), Decimal::from(1));
        assert_eq!(percentile(&v, 95), Decimal::from(19));
    }

    #[test]
    fn dates_are_utc_days_of_the_clock() {
        let at = |secs: i64| utc_date(jiff::Timestamp::from_second(secs).unwrap());
        // 1,772,323,200 s after the epoch is 2026-03-01T00:00:00Z; one second earlier is the
        // last second of February (28 days in 2026).
        assert_eq!(at(1_772_323_200), "2026-03-01");
        assert_eq!(at(1_772_323_199), "2026-02-28");
        // 2028 is a leap year: its last February second is 1,835,481,599.
        assert_eq!(at(1_835_481_599), "2028-02-29");
        assert_eq!(at(0), "1970-01-01");
        let t = today();
        assert_eq!((t.len(), &t[4..5], &t[7..8]), (10, "-", "-"));
    }
}
