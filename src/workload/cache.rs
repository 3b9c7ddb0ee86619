//! The cache-hit model for `hit_rate: auto`.
//!
//! Requests for one prefix variant arrive at random (a Poisson process) at λ per minute during
//! the active hours. A cache entry lives T minutes after the last request that wrote or read it
//! (each hit refreshes the TTL), so a request hits exactly when the previous request for the same
//! variant came less than T minutes before it: P(hit) = P(gap < T) = 1 − e^(−λT).
//!
//! Cold starts: when traffic stops for at least T each day (24 − active_hours ≥ T), the first
//! request of each active day finds the cache empty. With n requests a day per variant, one is a
//! sure miss and the other n − 1 hit with the probability above:
//! P(hit) = (1 − 1/n)(1 − e^(−λT)), and 0 when n ≤ 1. Traffic round the clock has no cold
//! start, and the rate is exactly 1 − e^(−λT).

use rust_decimal::Decimal;
use rust_decimal::MathematicalOps;

use crate::error::{Error, Result};
use crate::money::{div, mul};

/// Above this λT, e^(−λT) is below 10⁻²⁸, the resolution of a decimal: the hit rate is 1.
const SATURATION: u32 = 66;

/// The share of requests that hit the cache, for `per_minute` requests a minute per prefix
/// variant and a TTL of `ttl_minutes`; `daily_cold_start` is `Some(n requests a day per
/// variant)` when the cache expires between active periods. Accurate to better than 1e-16
/// (rust_decimal's `exp`).
pub fn auto_hit_rate(
    per_minute: Decimal,
    ttl_minutes: Decimal,
    daily_cold_start: Option<Decimal>,
) -> Result<Decimal> {
    let warm = steady_state_hit_rate(per_minute, ttl_minutes)?;
    match daily_cold_start {
        None => Ok(warm),
        Some(n) if n <= Decimal::ONE => Ok(Decimal::ZERO),
        Some(n) => {
            let after_first = div(n - Decimal::ONE, n, "the cache hit rate")?;
            mul(after_first, warm, "the cache hit rate")
        }
    }
}

/// `1 − e^(−λT)`.
fn steady_state_hit_rate(per_minute: Decimal, ttl_minutes: Decimal) -> Result<Decimal> {
    let x = mul(per_minute, ttl_minutes, "the cache hit rate")?;
    if x > Decimal::from(SATURATION) {
        return Ok(Decimal::ONE);
    }
    let miss = (-x)
        .checked_exp()
        .ok_or_else(|| Error::Overflow("the cache hit rate".to_string()))?;
    Ok(Decimal::ONE - miss)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// rust_decimal's `exp` is good to about 5e-18 here; a hit rate is irrational anyway, and
    /// 1e-16 of a bill is far below a cent for any budget.
    fn close(a: Decimal, b: Decimal) -> bool {
        (a - b).abs() < d("0.0000000000000001")
    }

    #[test]
    fn matches_one_minus_e_to_the_minus_lambda_t() {
        // 1 − e^(−1) = 0.632120558828557678404476229838539…
        let h = auto_hit_rate(d("0.2"), d("5"), None).unwrap();
        assert!(close(h, d("0.6321205588285576784044762298")), "{h}");
        // 1 − e^(−0.1) = 0.095162581964040431858607615783…
        let h = auto_hit_rate(d("0.02"), d("5"), None).unwrap();
        assert!(close(h, d("0.0951625819640404318586076158")), "{h}");
        // 1 − e^(−6) = 0.997521247823333739…
        let h = auto_hit_rate(d("0.1"), d("60"), None).unwrap();
        assert!(close(h, d("0.9975212478233336")), "{h}");
    }

    #[test]
    fn a_daily_cold_start_costs_one_miss_a_day() {
        // 100 requests a day: 99 of them hit with 1 − e^(−1).
        let h = auto_hit_rate(d("0.2"), d("5"), Some(d("100"))).unwrap();
        assert!(
            close(h, d("0.99") * d("0.6321205588285576784044762298")),
            "{h}"
        );
        // Saturated traffic: exactly (n − 1) / n.
        assert_eq!(
            auto_hit_rate(d("1000"), d("5"), Some(d("4"))).unwrap(),
            d("0.75")
        );
        assert_eq!(
            auto_hit_rate(d("1000"), d("5"), Some(d("1"))).unwrap(),
            Decimal::ZERO
        );
    }

    #[test]
    fn no_traffic_never_hits_and_heavy_traffic_always_does() {
        assert_eq!(
            auto_hit_rate(Decimal::ZERO, d("5"), None).unwrap(),
            Decimal::ZERO
        );
        assert_eq!(
            auto_hit_rate(d("1000"), d("60"), None).unwrap(),
            Decimal::ONE
        );
    }
}
