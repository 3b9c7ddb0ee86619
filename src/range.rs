//! A figure with its uncertainty: the typical (planning) value and the low and high ends, used
//! for tokenizer factors, token counts converted between tokenizers, and the money they imply.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::Result;

/// A typical figure with its low–high range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Range {
    /// The planning figure.
    #[serde(with = "crate::money::exact")]
    pub typical: Decimal,
    /// The low end.
    #[serde(with = "crate::money::exact")]
    pub low: Decimal,
    /// The high end.
    #[serde(with = "crate::money::exact")]
    pub high: Decimal,
}

impl Range {
    /// A figure with no uncertainty.
    pub fn exact(value: Decimal) -> Range {
        Range {
            typical: value,
            low: value,
            high: value,
        }
    }

    /// Applies a checked computation to each end.
    pub fn map(self, f: impl Fn(Decimal) -> Result<Decimal>) -> Result<Range> {
        Ok(Range {
            typical: f(self.typical)?,
            low: f(self.low)?,
            high: f(self.high)?,
        })
    }

    /// The value at one end of the range.
    pub fn pick(self, pick: Pick) -> Decimal {
        match pick {
            Pick::Typical => self.typical,
            Pick::Low => self.low,
            Pick::High => self.high,
        }
    }

    /// The reciprocal range (`1/x`; low and high swap), for converting the other way.
    pub fn inverse(self) -> Range {
        let inv = |x: Decimal| Decimal::ONE.checked_div(x).unwrap_or(Decimal::ONE);
        Range {
            typical: inv(self.typical),
            low: inv(self.high),
            high: inv(self.low),
        }
    }
}

impl std::ops::Add for Range {
    type Output = Range;

    fn add(self, other: Range) -> Range {
        Range {
            typical: self.typical + other.typical,
            low: self.low + other.low,
            high: self.high + other.high,
        }
    }
}

impl std::iter::Sum for Range {
    fn sum<I: Iterator<Item = Range>>(iter: I) -> Range {
        iter.fold(Range::default(), |a, b| a + b)
    }
}

impl From<crate::pricing::schema::FactorRange> for Range {
    fn from(f: crate::pricing::schema::FactorRange) -> Range {
        Range {
            typical: f.typical,
            low: f.low,
            high: f.high,
        }
    }
}

/// Which end of a range a calculation takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// The planning figure.
    Typical,
    /// The low end.
    Low,
    /// The high end.
    High,
}
