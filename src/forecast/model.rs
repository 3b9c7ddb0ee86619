//! The daily-spend model: ordinary least squares on a linear trend with one level per weekday
//! (or the mean alone when the history is under two weeks), in exact decimals, and the
//! prediction variance of a sum of future days.

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::money::{add, div, mul, sub};

/// Days of history below which the model is the mean alone: each weekday needs two days to
/// have a level and a spread.
pub const MIN_DAYS_FOR_TREND: usize = 14;

/// A fitted model of daily spend.
#[derive(Debug, Clone)]
pub struct Fit {
    /// `true` for trend and weekday levels, `false` for the mean alone.
    pub seasonal: bool,
    /// Coefficients: the seven weekday levels (Monday first) then the slope, or the mean.
    beta: Vec<Decimal>,
    /// `(XᵀX)⁻¹` applied through a solve; kept as the normal matrix.
    normal: Vec<Vec<Decimal>>,
    /// Residual variance.
    pub variance: Decimal,
    /// Degrees of freedom of the residuals (days less coefficients); 0 leaves no spread to
    /// measure.
    pub dof: usize,
    /// Days fitted.
    pub days: usize,
}

fn overflow() -> Error {
    Error::Overflow("the forecast model".into())
}

/// The design row of day `t` (0 = the first day of history) falling on `weekday` (0 = Monday).
fn row(seasonal: bool, t: usize, weekday: usize) -> Vec<Decimal> {
    if seasonal {
        let mut x = vec![Decimal::ZERO; 8];
        x[weekday] = Decimal::ONE;
        x[7] = Decimal::from(t);
        x
    } else {
        vec![Decimal::ONE]
    }
}

/// Solves `a · x = b` by Gaussian elimination with partial pivoting.
fn solve(a: &[Vec<Decimal>], b: &[Decimal]) -> Result<Vec<Decimal>> {
    let n = b.len();
    let mut m: Vec<Vec<Decimal>> = a
        .iter()
        .zip(b)
        .map(|(r, &v)| {
            let mut r = r.clone();
            r.push(v);
            r
        })
        .collect();
    for col in 0..n {
        let pivot = (col..n)
            .max_by_key(|&r| m[r][col].abs())
            .ok_or_else(overflow)?;
        if m[pivot][col].is_zero() {
            return Err(Error::Overflow(
                "the forecast model (the history does not determine it)".into(),
            ));
        }
        m.swap(col, pivot);
        for r in 0..n {
            if r == col || m[r][col].is_zero() {
                continue;
            }
            let f = div(m[r][col], m[col][col], "the forecast model")?;
            let pivot_row = m[col].clone();
            for (cell, p) in m[r].iter_mut().zip(&pivot_row).skip(col) {
                *cell = sub(
                    *cell,
                    mul(f, *p, "the forecast model")?,
                    "the forecast model",
                )?;
            }
        }
    }
    (0..n)
        .map(|r| div(m[r][n], m[r][r], "the forecast model"))
        .collect()
}

fn dot(a: &[Decimal], b: &[Decimal]) -> Result<Decimal> {
    a.iter().zip(b).try_fold(Decimal::ZERO, |acc, (x, y)| {
        add(
            acc,
            mul(*x, *y, "the forecast model")?,
            "the forecast model",
        )
    })
}

/// Fits `spend[t]`, day `t` falling on weekday `(first_weekday + t) % 7`.
pub fn fit(spend: &[Decimal], first_weekday: usize) -> Result<Fit> {
    let seasonal = spend.len() >= MIN_DAYS_FOR_TREND;
    let p = if seasonal { 8 } else { 1 };
    let mut normal = vec![vec![Decimal::ZERO; p]; p];
    let mut xty = vec![Decimal::ZERO; p];
    for (t, &y) in spend.iter().enumerate() {
        let x = row(seasonal, t, (first_weekday + t) % 7);
        for (i, &xi) in x.iter().enumerate() {
            if xi.is_zero() {
                continue;
            }
            xty[i] = add(
                xty[i],
                mul(xi, y, "the forecast model")?,
                "the forecast model",
            )?;
            for (cell, &xj) in normal[i].iter_mut().zip(&x) {
                *cell = add(
                    *cell,
                    mul(xi, xj, "the forecast model")?,
                    "the forecast model",
                )?;
            }
        }
    }
    let beta = solve(&normal, &xty)?;
    let mut rss = Decimal::ZERO;
    for (t, &y) in spend.iter().enumerate() {
        let x = row(seasonal, t, (first_weekday + t) % 7);
        let e = sub(y, dot(&x, &beta)?, "the forecast model")?;
        rss = add(rss, mul(e, e, "the forecast model")?, "the forecast model")?;
    }
    let dof = spend.len().saturating_sub(p);
    Ok(Fit {
        seasonal,
        dof,
        variance: div(rss, Decimal::from(dof.max(1)), "the forecast model")?,
        beta,
        normal,
        days: spend.len(),
    })
}

/// Student's t quantile for a two-sided 80% band (the 0.9 quantile) at `dof` degrees of
/// freedom, from the standard table; between rows the lower row's (wider) value. `None` for 0.
pub fn t80(dof: usize) -> Option<Decimal> {
    const TABLE: [(usize, i64); 17] = [
        (1, 3078),
        (2, 1886),
        (3, 1638),
        (4, 1533),
        (5, 1476),
        (6, 1440),
        (7, 1415),
        (8, 1397),
        (9, 1383),
        (10, 1372),
        (12, 1356),
        (15, 1341),
        (20, 1325),
        (30, 1310),
        (60, 1296),
        (120, 1289),
        (usize::MAX, 1282),
    ];
    TABLE
        .iter()
        .rev()
        .find(|(d, _)| *d <= dof)
        .map(|(_, t)| Decimal::new(*t, 3))
}

impl Fit {
    /// The predicted spend of day `t` (counting from the first day of history).
    pub fn predict(&self, t: usize, weekday: usize) -> Result<Decimal> {
        dot(&row(self.seasonal, t, weekday), &self.beta)
    }

    /// The variance of the error of a predicted sum over future days `ts` (each with its
    /// weekday): `σ² (N + cᵀ (XᵀX)⁻¹ c)`, `c` the sum of their design rows.
    pub fn sum_variance(&self, days: &[(usize, usize)]) -> Result<Decimal> {
        if days.is_empty() {
            return Ok(Decimal::ZERO);
        }
        let p = self.beta.len();
        let mut c = vec![Decimal::ZERO; p];
        for &(t, w) in days {
            for (ci, xi) in c.iter_mut().zip(row(self.seasonal, t, w)) {
                *ci = add(*ci, xi, "the forecast model")?;
            }
        }
        let v = solve(&self.normal, &c)?;
        let spread = add(
            Decimal::from(days.len()),
            dot(&c, &v)?,
            "the forecast model",
        )?;
        mul(self.variance, spread, "the forecast model")
    }

    /// The slope per day (zero for the mean model).
    pub fn trend_per_day(&self) -> Decimal {
        if self.seasonal {
            self.beta[7]
        } else {
            Decimal::ZERO
        }
    }
}
