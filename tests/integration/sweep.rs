//! `burnrate sweep`: points equal estimates of the edited workload; the SVG chart is well formed.

use std::sync::OnceLock;

use burnrate::pricing::PricingTable;
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
            .contains("`hit_rate` is a share: the range must lie within 0..1"),
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
