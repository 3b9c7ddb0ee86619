//! `burnrate sweep`: points equal estimates of the edited workload; the SVG chart is well formed.

use std::sync::OnceLock;

use burnrate::pricing::PricingTable;
use burnrate::report::{Format, render};
use burnrate::workload;
use proptest::prelude::*;

use super::util::{burnrate, temp_yaml};

const WORKLOAD: &str = "name: s\nperiod: month\ntasks:\n  - name: t\n    model: claude-haiku-4-5\n    requests_per_day: 1000\n    system_tokens: 5000\n    user_tokens: 400\n    output_tokens: 60\n    cache: { ttl: 5m }\n    escalation: { model: claude-sonnet-4-6, share: 25% }\n";

#[test]
fn the_chart_is_svg_with_one_series_per_model_and_labelled_axes() {
    let p = temp_yaml("sweep.yaml", WORKLOAD).display().to_string();
    let chart = std::env::temp_dir().join(format!("burnrate-sweep-{}.svg", std::process::id()));
    let run = burnrate(&[
        "sweep",
        &p,
        "--vary",
        "requests_per_day=100..100000",
        "--log",
        "--points",
        "4",
        "--models",
        "claude-haiku-5-5,claude-sonnet-4-6,claude-opus-5-5",
        "--chart",
        chart.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Issue 13 trap 8: it said nothing of where the chart went.
    assert_eq!(
        run.stderr,
        format!("chart written to {}\n", chart.display())
    );
    let svg = std::fs::read_to_string(&chart).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("the chart is XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(|t| t.trim().to_string()))
        .collect();
    for label in [
        "requests_per_day (log scale)",
        "USD per month (log scale)",
        "claude-haiku-5-5",
        "claude-sonnet-4-6",
        "claude-opus-5-5",
    ] {
        assert!(
            texts.iter().any(|t| t == label),
            "missing {label:?} in {texts:?}"
        );
    }
    // Each series is drawn once as a line and once as its legend sample.
    let lines = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke-width") == Some("2"))
        .count();
    assert_eq!(lines, 2 * 3);
}

#[test]
fn bad_sweeps_are_usage_errors() {
    let p = temp_yaml("sweep-bad.yaml", WORKLOAD).display().to_string();
    let run = burnrate(&["sweep", &p, "--vary", "hit_rate=0..2"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`hit_rate` is a share: the range must lie within 0..1 (0%..100%)"),
        "{}",
        run.stderr
    );
    let run = burnrate(&["sweep", &p, "--vary", "requests_per_day=0..10", "--log"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "error: a log-spaced sweep needs FROM > 0\n");
    // The library names no flag; the command line adds `--task`, and lists the tasks as
    // `migrate` does.
    let run = burnrate(&["sweep", &p, "--vary", "hit_rate=0..1", "--task", "x"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: `--task x`: the workload has no such task; its tasks are: `t`\n"
    );
}

/// Issue 13 trap 3: a model series runs every task on its model alone (as `compare` does), so
/// the Opus line is Opus, not Opus plus a 25% re-run on Sonnet; the report says so.
#[test]
fn model_series_drop_the_escalation_and_say_so() {
    let w = workload::load::parse("s.yaml", WORKLOAD, table()).unwrap();
    let vary = "requests_per_day=100..1000".parse().unwrap();
    // Opus 4.6 counts in the same tokenizer as Haiku 4.5: no conversion to account for.
    let models = ["claude-opus-4-6".to_string()];
    let sw = workload::sweep::sweep(table(), &w, vary, 2, false, &models, None).unwrap();
    assert_eq!(sw.escalation_dropped, ["t"]);
    assert!(sw.cache_added.is_empty());
    // The same workload written by hand on Opus 4.6 without the escalation, at 1000 a day.
    let by_hand = WORKLOAD
        .replace("claude-haiku-4-5", "claude-opus-4-6")
        .replace(
            "    escalation: { model: claude-sonnet-4-6, share: 25% }\n",
            "",
        );
    let e = workload::estimate(
        table(),
        &workload::load::parse("o.yaml", &by_hand, table()).unwrap(),
    )
    .unwrap();
    assert_eq!(sw.values[1], rust_decimal::Decimal::from(1000));
    assert_eq!(sw.series[0].totals[1].clone(), Ok(e.total));
    let text = render(&sw, Format::Markdown, None).unwrap();
    assert!(
        text.contains(
            "each series runs every task on its model alone (as `compare` does): the \
             escalation of `t` is left out"
        ),
        "{text}"
    );
    // Swept as written, the escalation stays and nothing is said.
    let vary = "requests_per_day=100..1000".parse().unwrap();
    let sw = workload::sweep::sweep(table(), &w, vary, 2, false, &[], None).unwrap();
    assert!(sw.escalation_dropped.is_empty());
    assert!(
        !render(&sw, Format::Markdown, None)
            .unwrap()
            .contains("escalation")
    );
}

/// Issue 13 trap 8: a hit-rate sweep of a task without a cache gives it one (5-minute TTL, one
/// prefix), and says so instead of adding it in silence.
#[test]
fn a_hit_rate_sweep_says_which_tasks_it_gave_a_cache() {
    let uncached = WORKLOAD.replace("    cache: { ttl: 5m }\n", "");
    let w = workload::load::parse("u.yaml", &uncached, table()).unwrap();
    let vary = "hit_rate=0..1".parse().unwrap();
    let sw = workload::sweep::sweep(table(), &w, vary, 3, false, &[], None).unwrap();
    assert_eq!(sw.cache_added, ["t"]);
    // At hit rate 0.5, the same as the cache written by hand.
    let by_hand = WORKLOAD.replace("cache: { ttl: 5m }", "cache: { ttl: 5m, hit_rate: 0.5 }");
    let e = workload::estimate(
        table(),
        &workload::load::parse("h.yaml", &by_hand, table()).unwrap(),
    )
    .unwrap();
    assert_eq!(sw.values[1], rust_decimal::Decimal::new(5, 1));
    assert_eq!(sw.series[0].totals[1].clone(), Ok(e.total));
    let text = render(&sw, Format::Markdown, None).unwrap();
    assert!(
        text.contains(
            "`t` had no cache: priced with a 5-minute TTL and one prefix to vary the hit rate"
        ),
        "{text}"
    );
    // A task that has a cache is not named.
    let vary = "hit_rate=0..1".parse().unwrap();
    let cached = workload::load::parse("s.yaml", WORKLOAD, table()).unwrap();
    let sw = workload::sweep::sweep(table(), &cached, vary, 3, false, &[], None).unwrap();
    assert!(sw.cache_added.is_empty());
}

fn table() -> &'static PricingTable {
    static TABLE: OnceLock<PricingTable> = OnceLock::new();
    TABLE.get_or_init(|| PricingTable::builtin().unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_sweep_point_equals_an_estimate_of_the_edited_workload(
        i in 0usize..5,
        field in prop::sample::select(vec!["requests_per_day", "output_tokens", "system_tokens", "batch_share"]),
    ) {
        let w = workload::load::parse("s.yaml", WORKLOAD, table()).unwrap();
        let (from, to) = if field == "batch_share" { ("0", "1") } else { ("10", "50000") };
        let vary = format!("{field}={from}..{to}").parse().unwrap();
        let sw = workload::sweep::sweep(table(), &w, vary, 5, false, &[], None).unwrap();
        let value = sw.values[i];
        // The same workload with the value written into the YAML by hand.
        let line = match field {
            "requests_per_day" => ("requests_per_day: 1000", format!("requests_per_day: {value}")),
            "output_tokens" => ("output_tokens: 60", format!("output_tokens: {value}")),
            "system_tokens" => ("system_tokens: 5000", format!("system_tokens: {value}")),
            _ => ("output_tokens: 60", format!("output_tokens: 60\n    batch_share: {value}")),
        };
        let edited = WORKLOAD.replace(line.0, &line.1);
        let e = workload::estimate(table(), &workload::load::parse("e.yaml", &edited, table()).unwrap()).unwrap();
        prop_assert_eq!(sw.series[0].totals[i].clone(), Ok(e.total));
    }
}
