//! Validated decimal quantities read from YAML files: prices, multipliers, counts and
//! fractions. Each is read exactly (see `DecimalVisitor`) and checked while deserializing, so a
//! bad value is reported with its file, line and field.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::number::{self, Kind};

/// A price in USD: a non-negative decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Price(pub Decimal);

/// A multiplier: a strictly positive decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Factor(pub Decimal);

/// A count (tokens, requests, searches): a non-negative decimal; averages may be fractional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Count(pub Decimal);

/// A share between 0 and 1 inclusive, written as a number (`0.25`) or a percentage (`"25%"`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fraction(pub Decimal);

/// Reads a decimal from a YAML integer, float or string without losing digits; a string is
/// read in the one number syntax ([`crate::number`]: `10k`, `2.5M`, `1e6`, `80%` for shares).
///
/// The YAML reader hands unquoted floats over as `f64`; Rust's `Display` for `f64` prints the
/// shortest string that round-trips, which for the short literals of a price table or workload
/// (`0.125`, `22.5`) is the literal itself. A test checks every embedded price against its
/// text. Quoted strings (`"0.0000001"`) are parsed directly and are exact at any length.
/// 2^64 and 2^63: unquoted integers in `-2^63..2^64` are read as 64-bit integers, exactly.
const UNQUOTED_MAX: f64 = 18_446_744_073_709_551_616.0;
const UNQUOTED_MIN: f64 = 9_223_372_036_854_775_808.0;

pub(crate) struct DecimalVisitor {
    /// Accept `NN%` strings, as `NN / 100`.
    pub(crate) percent: bool,
}

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind().expected())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        if !v.is_finite() {
            return Err(E::custom(format!("expected a decimal number, found {v}")));
        }
        // An unquoted integer that does not fit 64 bits reaches here as a float, its digits
        // past the 17th already lost (18446744073709551616 read as 18446744073709552000).
        if v.fract() == 0.0 && !(-UNQUOTED_MIN..UNQUOTED_MAX).contains(&v) {
            return Err(E::custom(format!(
                "a number written without quotes must be between {} and {}; write a larger one \
                 in quotes to keep every digit (at most {})",
                i64::MIN,
                u64::MAX,
                Decimal::MAX
            )));
        }
        Decimal::from_str(&v.to_string())
            .map_err(|_| E::custom(format!("{v} is out of range for an exact decimal")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        number::parse(v, self.kind()).map_err(E::custom)
    }
}

impl DecimalVisitor {
    fn kind(&self) -> Kind {
        if self.percent {
            Kind::Share
        } else {
            Kind::Number
        }
    }
}

fn decimal<'de, D: Deserializer<'de>>(d: D, percent: bool) -> Result<Decimal, D::Error> {
    d.deserialize_any(DecimalVisitor { percent })
}

fn non_negative<E: de::Error>(v: Decimal, what: &str) -> Result<Decimal, E> {
    if v.is_sign_negative() && !v.is_zero() {
        Err(E::custom(format!("{what} must be zero or more, found {v}")))
    } else {
        Ok(v)
    }
}

impl<'de> Deserialize<'de> for Price {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        non_negative(decimal(d, false)?, "a price").map(Price)
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        non_negative(decimal(d, false)?, "a count").map(Count)
    }
}

impl<'de> Deserialize<'de> for Factor {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = decimal(d, false)?;
        if v <= Decimal::ZERO {
            return Err(de::Error::custom(format!(
                "a multiplier must be greater than zero, found {v}"
            )));
        }
        Ok(Factor(v))
    }
}

impl Fraction {
    /// Checks that `v` lies in 0..=1.
    pub(crate) fn checked<E: de::Error>(v: Decimal) -> Result<Fraction, E> {
        if v < Decimal::ZERO || v > Decimal::ONE {
            return Err(E::custom(format!(
                "a share must be between 0 and 1 (or 0% and 100%), found {}",
                v.normalize()
            )));
        }
        Ok(Fraction(v))
    }
}

impl<'de> Deserialize<'de> for Fraction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Fraction::checked(decimal(d, true)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_read_exactly_from_numbers_and_strings() {
        let p: Price = serde_saphyr::from_str("0.125").unwrap();
        assert_eq!(p.0.to_string(), "0.125");
        let p: Price = serde_saphyr::from_str("22.5").unwrap();
        assert_eq!(p.0.to_string(), "22.5");
        let p: Price = serde_saphyr::from_str("\"0.0000001234567890123\"").unwrap();
        assert_eq!(p.0.to_string(), "0.0000001234567890123");
        assert!(serde_saphyr::from_str::<Price>("-1").is_err());
        assert!(serde_saphyr::from_str::<Factor>("0").is_err());
        assert!(serde_saphyr::from_str::<Price>(".nan").is_err());
        assert!(serde_saphyr::from_str::<Price>("\"5%\"").is_err());
    }

    #[test]
    fn fractions_accept_percentages_within_bounds() {
        let f: Fraction = serde_saphyr::from_str("\"25%\"").unwrap();
        assert_eq!(f.0, Decimal::from_str("0.25").unwrap());
        let f: Fraction = serde_saphyr::from_str("0.5").unwrap();
        assert_eq!(f.0, Decimal::from_str("0.5").unwrap());
        let f: Fraction = serde_saphyr::from_str("1").unwrap();
        assert_eq!(f.0, Decimal::ONE);
        assert!(serde_saphyr::from_str::<Fraction>("1.5").is_err());
        assert!(serde_saphyr::from_str::<Fraction>("\"120%\"").is_err());
        assert!(serde_saphyr::from_str::<Count>("-3").is_err());
    }
}
