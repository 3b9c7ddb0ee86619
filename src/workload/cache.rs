//! The cache-hit model for `hit_rate: auto`.
//!
//! Requests for one prefix variant arrive at random (a Poisson process) at λ per minute during
//! the active hours. A cache entry lives T minutes after the last request that wrote or read it
//! (each hit refreshes the TTL), so a request hits exactly when the previous request for the same
//! variant came less than T minutes before it: P(hit) = P(gap < T) = 1 − e^(−λT).
//!
//! Cold starts: when traffic stops for at least T each day (24 − active_hours ≥ T), each active
//! window of H minutes starts with an empty cache. A request t minutes into the window hits when
//! any earlier request came within min(t, T) before it, with probability 1 − e^(−λ·min(t, T)).
//! Averaging over the window's n = λH expected requests:
//!
//! ```text
//! H ≥ T:  P(hit) = (1 − 1/n)(1 − e^(−λT)) + e^(−λT)·T/H
//! H < T:  P(hit) = 1 − (1 − e^(−n))/n
//! ```
//!
//! (both are the integral of λ·P(hit at t) over the window, divided by n). Traffic round the
//! clock has no cold start, and the rate is exactly 1 − e^(−λT).

use rust_decimal::Decimal;
use rust_decimal::MathematicalOps;

use crate::error::{Error, Result};
use crate::money::{div, mul};

/// Above this λT, e^(−λT) is below 10⁻²⁸, the resolution of a decimal: the hit rate is 1.
const SATURATION: u32 = 66;

/// The share of requests that hit the cache, for `per_minute` requests a minute per prefix
/// variant and a TTL of `ttl_minutes`; `cold_window_minutes` is `Some(H)`, the active minutes a
/// day, when the cache expires between active periods. Accurate to better than 1e-16
/// (rust_decimal's `exp`).
pub fn auto_hit_rate(
    per_minute: Decimal,
    ttl_minutes: Decimal,
    cold_window_minutes: Option<Decimal>,
) -> Result<Decimal> {
    let what = "the cache hit rate";
    let Some(window) = cold_window_minutes else {
        return steady_state_hit_rate(per_minute, ttl_minutes);
    };
    let n = mul(per_minute, window, what)?;
    if n.is_zero() {
        return Ok(Decimal::ZERO);
    }
    if window < ttl_minutes {
        // Every request is within T of the window's start: 1 − (1 − e^(−n))/n.
        let warm_at_end = steady_state_hit_rate(Decimal::ONE, n)?;
        return Ok(Decimal::ONE - div(warm_at_end, n, what)?);
    }
    let warm = steady_state_hit_rate(per_minute, ttl_minutes)?;
    let miss = Decimal::ONE - warm;
    let after_first = mul(warm, Decimal::ONE - div(Decimal::ONE, n, what)?, what)?;
    let early = mul(miss, div(ttl_minutes, window, what)?, what)?;
    Ok(after_first + early)
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
    fn a_daily_cold_start_is_the_window_average() {
        // λ = 1/60, T = 60, H = 240 (n = 4): (1 − e^(−1))(3/4) + e^(−1)/4
        // = 0.566060279414278839202238114919…
        let h = auto_hit_rate(d("1") / d("60"), d("60"), Some(d("240"))).unwrap();
        assert!(close(h, d("0.5660602794142788392022381149")), "{h}");
        // One request in a window shorter than the TTL: 1 − (1 − e^(−1)) = e^(−1).
        let h = auto_hit_rate(d("1") / d("30"), d("60"), Some(d("30"))).unwrap();
        assert!(close(h, d("0.3678794411714423215955237702")), "{h}");
        // Saturated traffic: every request but the first of the day, up to e^(−λT)·T/H ≈ 0.
        let h = auto_hit_rate(d("10"), d("5"), Some(d("600"))).unwrap();
        assert!(close(h, d("1") - d("1") / d("6000")), "{h}");
        assert_eq!(
            auto_hit_rate(Decimal::ZERO, d("5"), Some(d("600"))).unwrap(),
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
