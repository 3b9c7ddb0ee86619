//! The one number syntax of the command line and the files: `1500`, `1.5`, `1e6`, `2.5E-3`,
//! `10k`, `2.5M`, `1B`, `1_000_000`, and `80%` where a share is taken.
//!
//! Every flag and every file field that takes a number reads it here, so `--input 10k` and
//! `user_tokens: 10k` mean the same, and a share is `0.8` or `80%` everywhere. The suffixes are
//! decimal, as token counts and request rates are quoted: `k`/`K` a thousand, `M` a million,
//! `B` a billion. A lone `m` is refused rather than guessed (milli? million?).

use std::str::FromStr;

use rust_decimal::Decimal;

/// What a number stands for: it decides whether `%` is accepted and what a bad one reads as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A count, rate, price or multiplier.
    Number,
    /// A share: also `NN%`, as `NN / 100`.
    Share,
}

impl Kind {
    /// What a value of this kind looks like, for errors.
    pub fn expected(self) -> &'static str {
        match self {
            Kind::Number => "a number (such as 1500, 1.5, 1e6, 10k or 2.5M)",
            Kind::Share => "a share (such as 0.8 or 80%)",
        }
    }
}

/// Reads `text` as a number of `kind`, exactly. The error says what was expected and echoes
/// the text (shortened if long).
///
/// ```
/// use burnrate::number::{parse, Kind};
/// use rust_decimal::Decimal;
///
/// assert_eq!(parse("2.5M", Kind::Number), Ok(Decimal::from(2_500_000)));
/// assert_eq!(parse("1e3", Kind::Number), Ok(Decimal::from(1000)));
/// assert_eq!(parse("80%", Kind::Share), Ok(Decimal::new(8, 1)));
/// assert!(parse("80%", Kind::Number).is_err());
/// ```
pub fn parse(text: &str, kind: Kind) -> Result<Decimal, String> {
    read(text, kind).ok_or_else(|| {
        if out_of_range(text.trim()) {
            format!(
                "`{}` is out of range: burnrate reads numbers exactly up to {} in size",
                echo(text.trim()),
                Decimal::MAX
            )
        } else {
            format!("expected {}, found `{}`", kind.expected(), echo(text))
        }
    })
}

/// Plain digits (one point at most) that are a number, only too large to hold exactly.
fn out_of_range(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.bytes().any(|b| b.is_ascii_digit())
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1
        && Decimal::from_str(text).is_err()
}

fn read(text: &str, kind: Kind) -> Option<Decimal> {
    let text = text.trim();
    if let Some(number) = text.strip_suffix('%') {
        return match kind {
            Kind::Share => plain(number.trim_end())?.checked_div(Decimal::ONE_HUNDRED),
            Kind::Number => None,
        };
    }
    let (digits, scale) = match text.char_indices().last()? {
        (i, 'k' | 'K') => (&text[..i], 1_000u32),
        (i, 'M') => (&text[..i], 1_000_000),
        (i, 'B') => (&text[..i], 1_000_000_000),
        _ => (text, 1),
    };
    if scale == 1 {
        return plain(digits);
    }
    // A suffix scales a plain decimal: `1e3k` is not a number anyone writes.
    if digits.contains(['e', 'E']) {
        return None;
    }
    plain(digits)?.checked_mul(Decimal::from(scale))
}

/// A decimal with optional `_` separators between digits and an optional exponent.
fn plain(text: &str) -> Option<Decimal> {
    if text.is_empty() || text.starts_with('_') || text.ends_with('_') || text.contains("__") {
        return None;
    }
    let text = text.replace('_', "");
    if text.contains(['e', 'E']) {
        // `from_scientific` reads `1e6` and `2.5E-3` exactly; it wants a mantissa digit.
        let mantissa = text.split(['e', 'E']).next()?;
        if !mantissa.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        return Decimal::from_scientific(&text).ok();
    }
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    Decimal::from_str(&text).ok()
}

/// `text` as an error echoes it: at most 40 characters, so a 2 MB value is not printed whole.
pub fn echo(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}… ({} bytes)", &text[..cut], text.len()),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Result<Decimal, String> {
        parse(text, Kind::Number)
    }

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn plain_scientific_and_suffixed_numbers_are_exact() {
        assert_eq!(n("1500"), Ok(d("1500")));
        assert_eq!(n(" 1.5 "), Ok(d("1.5")));
        assert_eq!(n("1e6"), Ok(d("1000000")));
        assert_eq!(n("2.5E-3"), Ok(d("0.0025")));
        assert_eq!(n("10k"), Ok(d("10000")));
        assert_eq!(n("10K"), Ok(d("10000")));
        assert_eq!(n("2.5M"), Ok(d("2500000")));
        assert_eq!(n("1.25B"), Ok(d("1250000000")));
        assert_eq!(n("1_000_000"), Ok(d("1000000")));
        assert_eq!(n("-3"), Ok(d("-3")));
        assert_eq!(
            n("0.000000000000000000000000001"),
            Ok(d("0.000000000000000000000000001"))
        );
    }

    #[test]
    fn percentages_are_shares_only() {
        assert_eq!(parse("80%", Kind::Share), Ok(d("0.8")));
        assert_eq!(parse("12.5 %", Kind::Share), Ok(d("0.125")));
        assert_eq!(parse("0.25", Kind::Share), Ok(d("0.25")));
        assert_eq!(
            n("80%"),
            Err("expected a number (such as 1500, 1.5, 1e6, 10k or 2.5M), found `80%`".into())
        );
    }

    #[test]
    fn anything_else_is_refused_with_what_was_expected() {
        for bad in [
            "", "k", "1m", "1e3k", "1__0", "_1", "1_", "e5", "1.2.3", "ten", "1 k", "%",
        ] {
            assert!(n(bad).is_err(), "{bad:?} was read");
        }
        assert_eq!(
            parse("lots", Kind::Share),
            Err("expected a share (such as 0.8 or 80%), found `lots`".into())
        );
        // Beyond the exact range (28 digits), not rounded.
        assert!(n("79228162514264337593543950336").is_err());
        assert!(n("79228162514264337593543950335k").is_err());
    }

    #[test]
    fn a_long_value_is_echoed_shortened() {
        let long = "9".repeat(2_000_000);
        let e = n(&format!("{long}x")).unwrap_err();
        assert_eq!(
            e,
            format!(
                "expected a number (such as 1500, 1.5, 1e6, 10k or 2.5M), found `{}… (2000001 bytes)`",
                "9".repeat(40)
            )
        );
    }
}
