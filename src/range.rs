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

impl Range {
    /// `self + other` at each end, or an overflow error naming `what` (decimal `+` would panic).
    pub fn checked_add(self, other: Range, what: &str) -> Result<Range> {
        Ok(Range {
            typical: crate::money::add(self.typical, other.typical, what)?,
            low: crate::money::add(self.low, other.low, what)?,
            high: crate::money::add(self.high, other.high, what)?,
        })
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
