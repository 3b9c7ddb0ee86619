//! Exact decimal arithmetic and the one place where amounts are rounded: for display.
//!
//! Every amount is a [`Decimal`] from the pricing file to the report. Arithmetic goes through
//! [`mul`], [`add`] and [`div`], which turn overflow into [`Error::Overflow`] instead of a
//! panic. Rounding happens only in the `format_*` functions, with
//! [`RoundingStrategy::MidpointAwayFromZero`] (0.125 → 0.13), the rule people expect of money.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::error::{Error, Result};

/// `a × b`, or an overflow error naming `what` was being computed.
pub fn mul(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    a.checked_mul(b)
        .ok_or_else(|| Error::Overflow(what.to_string()))
}

/// `a + b`, or an overflow error naming `what` was being computed.
pub fn add(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    a.checked_add(b)
        .ok_or_else(|| Error::Overflow(what.to_string()))
}

/// `a − b`, or an overflow error naming `what` was being computed.
pub fn sub(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    a.checked_sub(b)
        .ok_or_else(|| Error::Overflow(what.to_string()))
}

/// `a ÷ b`, or an overflow error naming `what` was being computed. `b` must not be zero.
pub fn div(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    a.checked_div(b)
        .ok_or_else(|| Error::Overflow(what.to_string()))
}

/// Sum of `items`, checked.
pub fn sum(items: impl IntoIterator<Item = Decimal>, what: &str) -> Result<Decimal> {
    items
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, x| add(acc, x, what))
}

/// A dollar amount for people, to cents with thousands separators (`$1,234.57`).
///
/// An amount that is not zero but rounds to `$0.00` is shown with two significant digits
/// (`$0.0012`) instead, so a cost is never displayed as free.
pub fn format_usd(amount: Decimal) -> String {
    format_usd_places(amount, 2)
}

/// Decimal places that suit a report whose largest amount is `total`: cents from one dollar
/// up, four places below it (a single request costs fractions of a cent).
pub fn display_places(total: Decimal) -> u32 {
    if total.abs() >= Decimal::ONE { 2 } else { 4 }
}

/// A dollar amount rounded to `places` decimals, with the same never-`$0.00` rule as
/// [`format_usd`].
pub fn format_usd_places(amount: Decimal, places: u32) -> String {
    let sign = if amount.is_sign_negative() && !amount.is_zero() {
        "-"
    } else {
        ""
    };
    let abs = amount.abs();
    if abs.is_zero() {
        // Zero reads the same in every report, whatever its precision.
        return "$0.00".to_string();
    }
    let rounded = abs.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    let shown = if rounded.is_zero() && !abs.is_zero() {
        abs.round_sf_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
            .unwrap_or(abs)
            .normalize()
    } else {
        let mut r = rounded;
        r.rescale(places);
        r
    };
    format!("{sign}${}", group_thousands(&shown.to_string()))
}

/// Decimal places at which every non-zero amount of `amounts` shows at least two significant
/// digits, and never fewer than `places`: one precision for the ends of a range, so rounding
/// keeps their order (a typical figure never reads above its high end).
pub fn places_for(amounts: &[Decimal], places: u32) -> u32 {
    amounts
        .iter()
        .filter(|a| !a.is_zero())
        .map(|a| {
            let abs = a.abs();
            // The first significant digit of 0.000044 is the 5th decimal: show 6.
            let mut p = 0u32;
            let mut x = abs;
            while x < Decimal::ONE && p < 26 {
                x *= Decimal::TEN;
                p += 1;
            }
            p + 1
        })
        .fold(places, u32::max)
}

/// A rate for people: exact, without trailing zeros beyond cents (`$3`, `$0.20`, `$0.165`).
pub fn format_rate(rate: Decimal) -> String {
    let mut r = rate.normalize();
    if !r.fract().is_zero() && r.scale() < 2 {
        r.rescale(2);
    }
    format!("${}", group_thousands(&r.to_string()))
}

/// A count for people: thousands separators; a fractional count keeps up to two decimals, and a
/// count too small for that shows as `<0.01` rather than `0`.
pub fn format_count(count: Decimal) -> String {
    let shown = if count.fract().is_zero() {
        count.trunc()
    } else {
        count
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
            .normalize()
    };
    if shown.is_zero() && count > Decimal::ZERO {
        return "<0.01".to_string();
    }
    group_thousands(&shown.to_string())
}

/// A multiplier for people: the exact decimal without trailing zeros (`1.25`, `0.5`).
pub fn format_factor(factor: Decimal) -> String {
    factor.normalize().to_string()
}

/// A full-precision decimal string for machines (JSON, CSV): no rounding, no trailing zeros.
pub fn exact(value: Decimal) -> String {
    value.normalize().to_string()
}

/// Serializes a [`Decimal`] as a full-precision string without trailing zeros (`"0.0732"`):
/// `#[serde(with = "crate::money::exact")]`. JSON and CSV never see a float.
pub mod exact {
    use rust_decimal::Decimal;
    use serde::Serializer;

    /// The serializer.
    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&value.normalize())
    }
}

/// [`exact`](mod@exact) for an optional decimal (`null` when absent).
pub mod exact_opt {
    use rust_decimal::Decimal;
    use serde::Serializer;

    /// The serializer.
    pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.collect_str(&v.normalize()),
            None => s.serialize_none(),
        }
    }
}

/// [`exact`](mod@exact) for a list of decimals.
pub mod exact_vec {
    use rust_decimal::Decimal;
    use serde::Serializer;

    /// The serializer.
    pub fn serialize<S: Serializer>(values: &[Decimal], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(values.iter().map(|v| v.normalize().to_string()))
    }
}

/// A decimal that serializes as [`exact`](mod@exact): for CSV rows and other serialized views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Exact(pub Decimal);

impl serde::Serialize for Exact {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        exact::serialize(&self.0, s)
    }
}

/// Inserts `,` every three digits in the integer part of a plain decimal string.
fn group_thousands(plain: &str) -> String {
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn usd_rounds_half_away_from_zero_to_cents() {
        assert_eq!(format_usd(d("45")), "$45.00");
        assert_eq!(format_usd(d("0.125")), "$0.13");
        assert_eq!(format_usd(d("1234567.891")), "$1,234,567.89");
        assert_eq!(format_usd(d("-12.345")), "-$12.35");
        assert_eq!(format_usd(Decimal::ZERO), "$0.00");
    }

    #[test]
    fn usd_never_shows_a_nonzero_amount_as_zero() {
        assert_eq!(format_usd(d("0.0012")), "$0.0012");
        assert_eq!(format_usd(d("0.000165")), "$0.00017");
        assert_eq!(format_usd(d("0.0049999")), "$0.005");
        assert_eq!(format_usd(d("0.005")), "$0.01");
        assert_eq!(format_usd(d("-0.0001")), "-$0.0001");
    }

    #[test]
    fn small_reports_show_four_places() {
        assert_eq!(display_places(d("0.0732")), 4);
        assert_eq!(display_places(d("1")), 2);
        assert_eq!(format_usd_places(d("0.032"), 4), "$0.0320");
        assert_eq!(format_usd_places(d("0.0000123"), 4), "$0.000012");
    }

    #[test]
    fn ranges_share_one_precision() {
        let ends = [d("0.000044"), d("0.00007"), d("0.000096")];
        let p = places_for(&ends, 4);
        assert_eq!(p, 6);
        let shown: Vec<String> = ends.iter().map(|a| format_usd_places(*a, p)).collect();
        assert_eq!(shown, ["$0.000044", "$0.000070", "$0.000096"]);
        assert_eq!(places_for(&[d("12.5"), d("3")], 2), 2);
        assert_eq!(format_usd_places(Decimal::ZERO, 4), "$0.00");
    }

    #[test]
    fn rates_counts_and_factors_are_exact() {
        assert_eq!(format_rate(d("0.16500")), "$0.165");
        assert_eq!(format_rate(d("3.00")), "$3");
        assert_eq!(format_rate(d("0.2")), "$0.20");
        assert_eq!(format_rate(d("22.5")), "$22.50");
        assert_eq!(format_count(d("5000000")), "5,000,000");
        assert_eq!(format_count(d("1234.5678")), "1,234.57");
        assert_eq!(format_count(d("0.000000047")), "<0.01");
        assert_eq!(format_factor(d("1.250")), "1.25");
        assert_eq!(exact(d("0.07320000")), "0.0732");
    }

    #[test]
    fn overflow_is_an_error() {
        assert!(matches!(
            mul(Decimal::MAX, d("2"), "x"),
            Err(Error::Overflow(_))
        ));
        assert!(matches!(
            add(Decimal::MAX, Decimal::MAX, "x"),
            Err(Error::Overflow(_))
        ));
    }
}
