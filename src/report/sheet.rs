//! The human view of a result: titled tables with notes, cells already formatted. The terminal
//! table and Markdown render the same sheets; they only differ in syntax. Also the few
//! formatting rules every sheet shares (shares, day counts, ratios).

use rust_decimal::Decimal;

use crate::money::{
    display_places, format_count, format_factor, format_rate, format_usd_places, places_for,
};

/// A table ready to print.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    /// Lines printed above the table.
    pub title: Vec<String>,
    /// Column names.
    pub header: Vec<String>,
    /// Cells, already formatted.
    pub rows: Vec<Vec<String>>,
    /// Indices of numeric columns, aligned right.
    pub right_aligned: Vec<usize>,
    /// Lines printed below the table.
    pub notes: Vec<String>,
    /// Columns a narrow terminal may leave out, least useful first.
    pub drop_first: Vec<usize>,
}

impl Sheet {
    /// A sheet with one title line and the columns of a `|` list (see [`Sheet::cols`]).
    pub(super) fn new(title: impl Into<String>, columns: &str) -> Self {
        Sheet {
            title: vec![title.into()],
            ..Sheet::default()
        }
        .cols(columns)
    }

    /// Adds the columns of a `|` list; a name written `>name` is numeric, aligned right
    /// (`"task|>requests|>cost"`).
    pub(super) fn cols(self, list: &str) -> Self {
        list.split('|')
            .fold(self, |s, name| match name.strip_prefix('>') {
                Some(name) => s.col(name, true),
                None => s.col(name, false),
            })
    }

    /// Adds one column; `right` for a numeric one.
    pub(super) fn col(mut self, name: impl Into<String>, right: bool) -> Self {
        if right {
            self.right_aligned.push(self.header.len());
        }
        self.header.push(name.into());
        self
    }

    /// Adds columns named by `names`, all numeric or all not.
    pub(super) fn cols_from<S: Into<String>>(
        self,
        names: impl IntoIterator<Item = S>,
        right: bool,
    ) -> Self {
        names.into_iter().fold(self, |s, n| s.col(n, right))
    }

    /// Adds rows.
    pub(super) fn rows(mut self, rows: impl IntoIterator<Item = Vec<String>>) -> Self {
        self.rows.extend(rows);
        self
    }

    /// Adds notes.
    pub(super) fn notes<S: Into<String>>(mut self, notes: impl IntoIterator<Item = S>) -> Self {
        self.notes.extend(notes.into_iter().map(Into::into));
        self
    }

    /// Adds the notes the sheet does not have yet: several rows or models may give the same.
    pub(super) fn notes_once(mut self, notes: impl IntoIterator<Item = String>) -> Self {
        for note in notes {
            if !self.notes.contains(&note) {
                self.notes.push(note);
            }
        }
        self
    }

    /// The columns a narrow terminal may leave out, least useful first.
    pub(super) fn droppable(mut self, columns: &[usize]) -> Self {
        self.drop_first = columns.to_vec();
        self
    }
}

/// One row of cells from anything that makes a `String` (`&str`, `String`, `&String`):
/// `cells!["total", "", usd(x)]`.
macro_rules! cells {
    ($($cell:expr),* $(,)?) => { vec![$(String::from($cell)),*] };
}
pub(super) use cells;

/// A figure, or `-` where there is none.
pub(super) fn dash<T>(value: Option<T>, f: impl FnOnce(T) -> String) -> String {
    value.map_or_else(|| "-".to_string(), f)
}

/// `1 file`, `3 files`: a count and its noun.
pub(super) fn count_of(n: impl Into<Decimal>, noun: &str) -> String {
    let n = n.into();
    let s = if n == Decimal::ONE { "" } else { "s" };
    format!("{} {noun}{s}", format_count(n))
}

/// What a class's quantity counts: `cache read tokens`, or `web searches` for the one class
/// that is not billed per token (whatever its label).
pub(super) fn quantity_name(label: &str, tokens: bool) -> String {
    if tokens {
        format!("{label} tokens")
    } else {
        "web searches".to_string()
    }
}

/// An amount with its sign: `+$1.20`, `-$0.40`, `$0`.
pub(super) fn signed(amount: Decimal, usd: &dyn Fn(Decimal) -> String) -> String {
    if amount > Decimal::ZERO {
        format!("+{}", usd(amount))
    } else {
        usd(amount)
    }
}

/// How a rate is made: `input $3 × 0.1 cache read × 0.5 batch`.
pub(super) fn rate_made<'a>(
    base: &str,
    usd: Decimal,
    factors: impl IntoIterator<Item = (Decimal, &'a str)>,
) -> String {
    let mut text = format!("{base} {}", format_rate(usd));
    for (value, name) in factors {
        text.push_str(&format!(" × {} {name}", format_factor(value)));
    }
    text
}

/// The share row under a money table: each column's share of the total, `-` where there is
/// none, and `100%` under the total (`-` when the total is zero).
pub(super) fn share_cells(
    shares: impl IntoIterator<Item = Option<Decimal>>,
    total: Decimal,
) -> Vec<String> {
    let mut row: Vec<String> = shares.into_iter().map(|s| dash(s, percent)).collect();
    row.push(if total.is_zero() { "-" } else { "100%" }.to_string());
    row
}

/// A dollar formatter at the precision that suits a report whose largest amount is `largest`.
pub(super) fn usd_for(largest: Decimal) -> impl Fn(Decimal) -> String {
    let places = display_places(largest);
    move |amount| format_usd_places(amount, places)
}

/// A share as a percentage with up to two decimals (`12.5%`); a share that is not exactly 0 or
/// 1 never shows as `0%` or `100%`.
pub fn percent(share: Decimal) -> String {
    // Shares beyond ±10^24 cannot be scaled to percent exactly; they are not shares a person
    // reads, so they are shown as such.
    let Some(scaled) = share.checked_mul(Decimal::ONE_HUNDRED) else {
        return if share.is_sign_negative() {
            "<-10^26%".to_string()
        } else {
            ">10^26%".to_string()
        };
    };
    let shown = format_count(scaled.abs());
    let sign = if share.is_sign_negative() && !share.is_zero() {
        "-"
    } else {
        ""
    };
    let abs = share.abs();
    if shown == "100" && abs < Decimal::ONE {
        format!("{sign}>99.99%")
    } else if shown == "<0.01" || (shown == "0" && abs > Decimal::ZERO) {
        format!("{sign}<0.01%")
    } else {
        format!("{sign}{shown}%")
    }
}

/// A share of change with its sign (`+12.5%`, `-3%`), `new` from nothing, `0%` for no change.
pub(super) fn change(share: Option<Decimal>, after: Decimal) -> String {
    match share {
        None if after.is_zero() => "0%".into(),
        None => "new".into(),
        Some(s) if s > Decimal::ZERO => format!("+{}", percent(s)),
        Some(s) => percent(s),
    }
}

/// `1 day`, `30 days`.
pub(super) fn days(n: Decimal) -> String {
    if n == Decimal::ONE {
        "1 day".to_string()
    } else {
        format!("{} days", format_count(n))
    }
}

/// A ratio for people: three significant decimals at most (`×0.769` is `0.769`), exact when
/// shorter; JSON keeps every digit.
pub(super) fn ratio(value: Decimal) -> String {
    let rounded = value
        .round_dp_with_strategy(3, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    if rounded.is_zero() && !value.is_zero() {
        return value.round_sf(3).unwrap_or(value).normalize().to_string();
    }
    rounded.to_string()
}

/// A typical figure with its range: `typical (low–high)`, all three formatted alike.
pub(super) fn with_range(r: crate::range::Range, f: &dyn Fn(Decimal) -> String) -> String {
    format!("{} ({}–{})", f(r.typical), f(r.low), f(r.high))
}

/// Whole tokens, with their range when the count is not exact: `217 (182–245)`, `197`.
pub(super) fn count_cell(r: crate::range::Range) -> String {
    let whole = |d: Decimal| format_count(d.round());
    if r.low == r.high {
        whole(r.typical)
    } else {
        with_range(r, &whole)
    }
}

/// A money range at one precision for its three figures (at least the report's `largest`
/// precision), so the typical figure never reads above the high end.
/// An exact range (low = high) shows its one figure.
pub(super) fn usd_range(r: crate::range::Range, largest: Decimal) -> String {
    let places = places_for(&[r.low, r.typical, r.high], display_places(largest));
    if r.low == r.high {
        return format_usd_places(r.typical, places);
    }
    with_range(r, &|a| format_usd_places(a, places))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn percentages_never_round_to_zero_or_all() {
        assert_eq!(percent(d("0.125")), "12.5%");
        assert_eq!(percent(d("0.99999")), ">99.99%");
        assert_eq!(percent(d("0.00001")), "<0.01%");
        assert_eq!(percent(d("-0.00001")), "-<0.01%");
        assert_eq!(percent(Decimal::ZERO), "0%");
        assert_eq!(percent(Decimal::ONE), "100%");
        assert_eq!(percent(Decimal::MAX), ">10^26%");
    }

    #[test]
    fn ratios_are_readable() {
        assert_eq!(ratio(d("0.7692307692307692307692307692")), "0.769");
        assert_eq!(ratio(d("1.30")), "1.3");
        assert_eq!(ratio(d("0.00012345")), "0.000123");
    }

    #[test]
    fn columns_marked_numeric_align_right() {
        let s = Sheet::new("t", "task|>requests|model|>cost").col("extra", true);
        assert_eq!(s.header, ["task", "requests", "model", "cost", "extra"]);
        assert_eq!(s.right_aligned, [1, 3, 4]);
        assert_eq!(s.title, ["t"]);
    }

    #[test]
    fn small_words_and_signs() {
        assert_eq!(count_of(1u64, "file"), "1 file");
        assert_eq!(count_of(1234u64, "record"), "1,234 records");
        assert_eq!(count_of(0u64, "day"), "0 days");
        let usd = |d: Decimal| format!("${d}");
        assert_eq!(signed(d("1.2"), &usd), "+$1.2");
        assert_eq!(signed(d("-0.4"), &usd), "$-0.4");
        assert_eq!(signed(Decimal::ZERO, &usd), "$0");
        assert_eq!(
            share_cells([Some(d("0.25")), None], d("4")),
            ["25%", "-", "100%"]
        );
        assert_eq!(share_cells([None], Decimal::ZERO), ["-", "-"]);
    }
}
