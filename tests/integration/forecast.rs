//! `burnrate forecast`: a flat history projects its mean; the budget day and exit code; the
//! 80% band's coverage over generated histories with known trend, weekly pattern and noise.

use std::str::FromStr;

use burnrate::forecast::{Options, Span, forecast_series};
use jiff::ToSpan;
use jiff::civil::{Date, date};
use rust_decimal::Decimal;

use super::util::{burnrate, temp_yaml};

/// Daily usage-report pages: `days` days from 2026-10-18 of 10M Haiku 4.5 input tokens a day
/// ($10 a day at $1/MTok).
fn flat_history(days: i64) -> String {
    let start = date(2026, 10, 18);
    let buckets: Vec<String> = (0..days)
        .map(|i| {
            let d = start.checked_add(i.days()).unwrap();
            let e = d.checked_add(1.day()).unwrap();
            format!(
                "{{\"starting_at\":\"{d}T00:00:00Z\",\"ending_at\":\"{e}T00:00:00Z\",\"results\":\
                 [{{\"model\":\"claude-haiku-4-5\",\"uncached_input_tokens\":10000000,\
                 \"output_tokens\":0,\"service_tier\":\"standard\",\"speed\":\"standard\",\
                 \"inference_geo\":\"global\"}}]}}"
            )
        })
        .collect();
    format!("{{\"data\":[{}]}}\n", buckets.join(","))
}

#[test]
fn a_flat_history_projects_its_mean_and_the_day_the_budget_runs_out() {
    // 28 days at $10 (2026-10-18 to 11-14): now is 2026-11-15. November: 14 days spent ($140)
    // and 16 projected at $10 ($160): $300, no spread. A $250 budget is passed on day 26
    // ($260), and the projection is over it: exit 3.
    let p = temp_yaml("forecast-flat.json", &flat_history(28));
    let run = burnrate(&[
        "forecast",
        p.to_str().unwrap(),
        "--budget",
        "250",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["now"], "2026-11-15");
    assert_eq!(doc["spent_usd"], "140");
    assert_eq!(doc["projected_usd"]["typical"], "300");
    assert_eq!(doc["projected_usd"]["low"], "300");
    assert_eq!(doc["projected_usd"]["high"], "300");
    assert_eq!(doc["budget_runs_out"], "2026-11-26");
    assert_eq!(doc["over_budget"], true);
    assert_eq!(doc["history_days"], 28);
    // Under the budget: exit 0, and no day it runs out.
    let run = burnrate(&["forecast", p.to_str().unwrap(), "--budget", "400"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("not this period"), "{}", run.stdout);
}

#[test]
fn as_of_sets_now_and_a_short_history_uses_the_mean() {
    // 10 days (2026-10-18 to 10-27) and now 2026-10-28: the mean, $10 a day; October has 4
    // days left: $100 spent + $40.
    let p = temp_yaml("forecast-short.json", &flat_history(10));
    let run = burnrate(&[
        "forecast",
        p.to_str().unwrap(),
        "--as-of",
        "2026-10-28",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["projected_usd"]["typical"], "140");
    assert!(
        doc["method"].as_str().unwrap().starts_with("the mean"),
        "{}",
        doc["method"]
    );
}

/// A small deterministic generator (SplitMix64), normal draws by Box–Muller.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        let (u, v) = (self.next().max(1e-300), self.next());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

#[test]
fn the_80_percent_band_holds_the_true_total_about_80_percent_of_the_time() {
    // Histories of 8 weeks with a trend of $0.50 a day, weekends $40 below weekdays and
    // normal noise of $10 a day; November 2026 is projected from 2026-11-15, and the true
    // total draws the other 16 days from the same process.
    let first = date(2026, 9, 20);
    let now = date(2026, 11, 15);
    let end = date(2026, 11, 30);
    let level = |d: Date, t: usize| {
        let weekend = matches!(d.weekday().to_monday_zero_offset(), 5 | 6);
        100.0 + 0.5 * t as f64 - if weekend { 40.0 } else { 0.0 }
    };
    let cents = |x: f64| Decimal::from_str(&format!("{x:.2}")).unwrap();
    let trials = 400;
    let mut inside = 0;
    for seed in 0..trials {
        let mut noise = Noise(seed);
        let mut spend = Vec::new();
        let (mut day, mut t) = (first, 0);
        while day < now {
            spend.push(cents(level(day, t) + 10.0 * noise.normal()));
            day = day.checked_add(1.day()).unwrap();
            t += 1;
        }
        let options = Options {
            span: Span::Month,
            budget: None,
            now: Some(now),
        };
        let f = forecast_series(first, &spend, now, &options).unwrap();
        let mut truth = f.spent_usd;
        while day <= end {
            truth += cents(level(day, t) + 10.0 * noise.normal());
            day = day.checked_add(1.day()).unwrap();
            t += 1;
        }
        if f.projected_usd.low <= truth && truth <= f.projected_usd.high {
            inside += 1;
        }
    }
    let coverage = f64::from(inside) / trials as f64;
    eprintln!("forecast backtest: {inside} of {trials} totals inside the 80% band");
    assert!(
        (0.75..=0.85).contains(&coverage),
        "coverage {coverage} over {trials} trials"
    );
}

#[test]
fn a_partial_last_day_is_predicted_not_counted_as_a_whole_day() {
    // 28 whole days at $10, then 2026-11-15 from 00:00 to 15:00 at $10 in hourly buckets
    // ending 15:00: now is 2026-11-15, its $10 so far is left out and the day predicted at the
    // mean: November = 14 × $10 spent + 16 × $10 = $300, as if the partial day had not been
    // seen (counting it as a whole $10 day would be the same here, so the check is on `now`
    // and on the history length).
    let mut text = flat_history(28);
    text.push_str(
        "{\"data\":[{\"starting_at\":\"2026-11-15T14:00:00Z\",\"ending_at\":\"2026-11-15T15:00:00Z\",\
         \"results\":[{\"model\":\"claude-haiku-4-5\",\"uncached_input_tokens\":10000000,\
         \"output_tokens\":0,\"service_tier\":\"standard\",\"speed\":\"standard\",\
         \"inference_geo\":\"global\"}]}]}\n",
    );
    let p = temp_yaml("forecast-partial.jsonl", &text);
    let run = burnrate(&["forecast", p.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["now"], "2026-11-15");
    assert_eq!(doc["history_days"], 28);
    assert_eq!(doc["spent_usd"], "140");
    assert_eq!(doc["projected_usd"]["typical"], "300");
}

#[test]
fn a_short_history_gets_a_band_as_wide_as_its_evidence() {
    // A week of history (the mean model, 6 degrees of freedom): level $100, noise $10 a day;
    // the other 23 days of November projected. With Student's t the band holds the true total
    // about 80% of the time; a normal quantile would hold it less often.
    let first = date(2026, 11, 1);
    let now = date(2026, 11, 8);
    let end = date(2026, 11, 30);
    let cents = |x: f64| Decimal::from_str(&format!("{x:.2}")).unwrap();
    let trials = 400;
    let mut inside = 0;
    for seed in 0..trials {
        let mut noise = Noise(1_000 + seed);
        let mut spend = Vec::new();
        let mut day = first;
        while day < now {
            spend.push(cents(100.0 + 10.0 * noise.normal()));
            day = day.checked_add(1.day()).unwrap();
        }
        let options = Options {
            span: Span::Month,
            budget: None,
            now: Some(now),
        };
        let f = forecast_series(first, &spend, now, &options).unwrap();
        let mut truth = f.spent_usd;
        while day <= end {
            truth += cents(100.0 + 10.0 * noise.normal());
            day = day.checked_add(1.day()).unwrap();
        }
        if f.projected_usd.low <= truth && truth <= f.projected_usd.high {
            inside += 1;
        }
    }
    let coverage = f64::from(inside) / trials as f64;
    eprintln!("forecast backtest, a week of history: {inside} of {trials} inside the band");
    assert!((0.75..=0.85).contains(&coverage), "coverage {coverage}");
    // One day of history: no spread to measure, so no band.
    let f = forecast_series(
        first,
        &[Decimal::TEN],
        date(2026, 11, 2),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(f.projected_usd.low, f.projected_usd.high);
}
