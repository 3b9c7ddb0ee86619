//! The embedded table parses, validates, and reproduces every published figure of the fact sheet
//! (`shared/reference/anthropic-pricing.md` §2), including the cache and batch prices that
//! burnrate derives from multipliers.

use std::str::FromStr;

use burnrate::billing::{Item, Mode, Speed, rate};
use burnrate::pricing::{PricingTable, load};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Fact sheet §2, typed in by hand: input, 5m write, 1h write, cache hit, output, batch in,
/// batch out (USD per MTok), for prompts in the base tier.
const PUBLISHED: &[(&str, [&str; 7])] = &[
    (
        "claude-fable-5-2",
        ["8", "10", "16", "0.20", "40", "4", "20"],
    ),
    (
        "claude-mythos-5-2",
        ["8", "10", "16", "0.20", "40", "4", "20"],
    ),
    (
        "claude-fable-5-1",
        ["10", "12.50", "20", "0.25", "50", "5", "25"],
    ),
    (
        "claude-mythos-5-1",
        ["10", "12.50", "20", "0.25", "50", "5", "25"],
    ),
    (
        "claude-fable-5",
        ["10", "12.50", "20", "1.00", "50", "5", "25"],
    ),
    (
        "claude-mythos-5",
        ["10", "12.50", "20", "1.00", "50", "5", "25"],
    ),
    ("claude-opus-5-5", ["4", "5", "8", "0.20", "20", "2", "10"]),
    (
        "claude-opus-5",
        ["5", "6.25", "10", "0.50", "25", "2.50", "12.50"],
    ),
    (
        "claude-opus-4-8",
        ["5", "6.25", "10", "0.50", "25", "2.50", "12.50"],
    ),
    (
        "claude-opus-4-7",
        ["5", "6.25", "10", "0.50", "25", "2.50", "12.50"],
    ),
    (
        "claude-opus-4-6",
        ["5", "6.25", "10", "0.50", "25", "2.50", "12.50"],
    ),
    (
        "claude-opus-4-5-20251101",
        ["5", "6.25", "10", "0.50", "25", "2.50", "12.50"],
    ),
    (
        "claude-opus-4-1-20250805",
        ["15", "18.75", "30", "1.50", "75", "7.50", "37.50"],
    ),
    (
        "claude-opus-4-20250514",
        ["15", "18.75", "30", "1.50", "75", "7.50", "37.50"],
    ),
    (
        "claude-3-opus-20240229",
        ["15", "18.75", "30", "1.50", "75", "7.50", "37.50"],
    ),
    (
        "claude-sonnet-5-5",
        ["2", "2.50", "4", "0.10", "10", "1", "5"],
    ),
    (
        "claude-sonnet-5",
        ["2", "2.50", "4", "0.20", "10", "1", "5"],
    ),
    (
        "claude-sonnet-4-6",
        ["3", "3.75", "6", "0.30", "15", "1.50", "7.50"],
    ),
    (
        "claude-sonnet-4-5-20250929",
        ["3", "3.75", "6", "0.30", "15", "1.50", "7.50"],
    ),
    (
        "claude-sonnet-4-20250514",
        ["3", "3.75", "6", "0.30", "15", "1.50", "7.50"],
    ),
    (
        "claude-3-7-sonnet-20250219",
        ["3", "3.75", "6", "0.30", "15", "1.50", "7.50"],
    ),
    (
        "claude-haiku-5-5",
        ["0.10", "0.125", "0.20", "0.01", "0.50", "0.05", "0.25"],
    ),
    (
        "claude-haiku-4-5-20251001",
        ["1", "1.25", "2", "0.10", "5", "0.50", "2.50"],
    ),
    (
        "claude-3-5-haiku-20241022",
        ["0.80", "1", "1.60", "0.08", "4", "0.40", "2"],
    ),
    (
        "claude-3-haiku-20240307",
        ["0.25", "0.30", "0.50", "0.03", "1.25", "0.125", "0.625"],
    ),
];

/// Published rates in a prompt-length tier: model, prompt tokens, then the same 7 columns.
const PUBLISHED_TIERS: &[(&str, u64, [&str; 7])] = &[
    // Fact sheet §2 (Haiku 5.5 >100K) and §5.
    (
        "claude-haiku-5-5",
        100_001,
        ["0.50", "0.625", "1.00", "0.05", "2.50", "0.25", "1.25"],
    ),
    // Fact sheet §4 and §14: Sonnet 4.5 >200K, cache 7.50 / 12 / 0.60 (GP).
    (
        "claude-sonnet-4-5-20250929",
        200_001,
        ["6", "7.50", "12", "0.60", "22.50", "3", "11.25"],
    ),
];

fn all_rates(table: &PricingTable, id: &str, prompt: u64) -> [Decimal; 7] {
    let (model, _) = table.resolve(id).unwrap();
    let prompt = Decimal::from(prompt);
    let standard = Mode::default();
    let batch = Mode {
        batch: true,
        ..Mode::default()
    };
    let r = |item, mode: &Mode| rate(table, model, item, prompt, mode).unwrap();
    [
        r(Item::Input, &standard),
        r(Item::CacheWrite5m, &standard),
        r(Item::CacheWrite1h, &standard),
        r(Item::CacheRead, &standard),
        r(Item::Output, &standard),
        r(Item::Input, &batch),
        r(Item::Output, &batch),
    ]
}

#[test]
fn embedded_table_parses_and_validates() {
    let table = PricingTable::builtin().unwrap();
    assert_eq!(table.models().len(), 26);
    assert_eq!(table.sources(), ["<builtin>/pricing/anthropic.yaml"]);
    for m in table.models() {
        assert!(!m.source.trim().is_empty(), "{} has a source", m.id);
        assert!(m.checked.0.len() == 10, "{} has a checked date", m.id);
    }
}

#[test]
fn every_derived_price_equals_the_published_figure() {
    let table = PricingTable::builtin().unwrap();
    for (id, expected) in PUBLISHED {
        let expected = expected.map(d);
        assert_eq!(all_rates(&table, id, 0), expected, "rates of {id}");
    }
    for (id, prompt, expected) in PUBLISHED_TIERS {
        let expected = expected.map(d);
        assert_eq!(
            all_rates(&table, id, *prompt),
            expected,
            "tier rates of {id}"
        );
    }
}

#[test]
fn the_fact_sheet_list_covers_every_priced_model() {
    let table = PricingTable::builtin().unwrap();
    for m in table.models() {
        let listed = PUBLISHED.iter().any(|(id, _)| *id == m.id);
        // Mythos Preview has only third-party input/output prices; cache and batch are
        // unpublished and must stay unpriced.
        assert!(
            listed || m.id == "claude-mythos-preview",
            "{} is checked",
            m.id
        );
    }
}

#[test]
fn fast_mode_rates_match_the_fact_sheet() {
    // §7: Opus 5.5 fast $8/$40 with a $0.40 cache hit; Opus 5 and 4.8 $10/$50; Fable 5.2 $16/$80.
    // Opus 4.8's fast mode was removed on 2026-11-30: read the table of a day it still had it.
    let table = PricingTable::builtin()
        .unwrap()
        .as_of(jiff::civil::date(2026, 11, 15))
        .unwrap();
    let fast = Mode {
        speed: Speed::Fast,
        ..Mode::default()
    };
    for (id, input, read, output) in [
        ("claude-opus-5-5", "8", "0.40", "40"),
        ("claude-opus-5", "10", "1.00", "50"),
        ("claude-opus-4-8", "10", "1.00", "50"),
        ("claude-fable-5-2", "16", "0.40", "80"),
    ] {
        let (model, _) = table.resolve(id).unwrap();
        let r = |item| rate(&table, model, item, Decimal::ZERO, &fast).unwrap();
        assert_eq!(r(Item::Input), d(input), "{id}");
        assert_eq!(r(Item::CacheRead), d(read), "{id}");
        assert_eq!(r(Item::Output), d(output), "{id}");
    }
}

#[test]
fn every_price_literal_in_the_yaml_is_read_exactly() {
    // The YAML reader hands unquoted floats over as f64; make sure every literal survives to
    // Decimal intact, in a model's own fields and in its dated `history` entries alike.
    let text = include_str!("../../pricing/anthropic.yaml");
    let table = load(&burnrate::pricing::PricingSources::builtin()).unwrap();
    let mut checked = 0;
    let mut current: Option<&burnrate::pricing::Model> = None;
    let mut in_fast = false;
    let mut in_tier = false;
    // The dated entry being read, by its index in the model's `history`.
    let mut change: Option<usize> = None;
    for line in text.lines() {
        let t = line.trim_start();
        let starts_entry = t.starts_with("- ");
        let t = t.trim_start_matches("- ");
        if let Some(id) = t.strip_prefix("id: ") {
            current = table.models().iter().find(|m| m.id == id);
            in_fast = false;
            in_tier = false;
            change = None;
        }
        if starts_entry && (t.starts_with("from: ") || t.starts_with("until: ")) {
            change = Some(change.map_or(0, |k| k + 1));
            in_fast = false;
            in_tier = false;
        }
        in_fast |= t.starts_with("fast:");
        in_tier |= t.starts_with("prompt_tiers:") || t.starts_with("above_prompt_tokens:");
        let Some((key, literal)) = t.split_once(": ") else {
            continue;
        };
        if !(key.ends_with("_usd_per_mtok") || key.ends_with("_multiplier")) {
            continue;
        }
        let Some(m) = current else { continue };
        let literal = d(literal.trim_matches('"'));
        let parsed = match change {
            Some(k) => {
                let c = &m.history[k];
                match key {
                    _ if in_fast => {
                        let fast = c.fast.clone().flatten().unwrap();
                        match key {
                            "input_usd_per_mtok" => fast.input_usd_per_mtok.0,
                            _ => fast.output_usd_per_mtok.0,
                        }
                    }
                    _ if in_tier => {
                        let tier = &c.prompt_tiers.as_ref().unwrap()[0];
                        match key {
                            "input_usd_per_mtok" => tier.input_usd_per_mtok.0,
                            _ => tier.output_usd_per_mtok.0,
                        }
                    }
                    "input_usd_per_mtok" => c.input_usd_per_mtok.unwrap().0,
                    "output_usd_per_mtok" => c.output_usd_per_mtok.unwrap().0,
                    "cache_read_multiplier" => c.cache_read_multiplier.unwrap().unwrap().0,
                    other => panic!("unchecked dated price field {other}"),
                }
            }
            None => match key {
                _ if in_fast => match key {
                    "input_usd_per_mtok" => m.fast.as_ref().unwrap().input_usd_per_mtok.0,
                    _ => m.fast.as_ref().unwrap().output_usd_per_mtok.0,
                },
                _ if in_tier => match key {
                    "input_usd_per_mtok" => m.prompt_tiers[0].input_usd_per_mtok.0,
                    _ => m.prompt_tiers[0].output_usd_per_mtok.0,
                },
                "input_usd_per_mtok" => m.input_usd_per_mtok.0,
                "output_usd_per_mtok" => m.output_usd_per_mtok.0,
                "cache_write_5m_multiplier" => m.cache_write_5m_multiplier.unwrap().0,
                "cache_write_1h_multiplier" => m.cache_write_1h_multiplier.unwrap().0,
                "cache_read_multiplier" => m.cache_read_multiplier.unwrap().0,
                "cache_write_5m_usd_per_mtok" => m.cache_write_5m_usd_per_mtok.unwrap().0,
                "cache_read_usd_per_mtok" => m.cache_read_usd_per_mtok.unwrap().0,
                "batch_multiplier" => m.batch_multiplier.unwrap().0,
                "inference_geo_us_multiplier" => m.inference_geo_us_multiplier.unwrap().0,
                other => panic!("unchecked price field {other}"),
            },
        };
        assert_eq!(parsed, literal, "{} {key}", m.id);
        checked += 1;
    }
    // 183 undated literals before dates existed, minus Opus 4.8's fast block (2), which moved
    // into its history, plus the dated literals: Opus 4.8 fast (2), Opus 4.7 fast (2), Opus 4.6
    // tier and fast (4), Sonnet 5.5 cache read (1), Sonnet 4.6 tier (2).
    assert_eq!(
        checked,
        183 - 2 + 2 + 2 + 4 + 1 + 2,
        "every price literal of the embedded file is checked"
    );
}

#[test]
fn family_aliases_resolve_to_the_newest_model() {
    let table = PricingTable::builtin().unwrap();
    let newest = |f| table.resolve(f).unwrap().0.id.clone();
    assert_eq!(newest("haiku"), "claude-haiku-5-5");
    assert_eq!(newest("sonnet"), "claude-sonnet-5-5");
    assert_eq!(newest("opus"), "claude-opus-5-5");
    assert_eq!(newest("fable"), "claude-fable-5-2");
}

#[test]
fn a_day_before_a_models_release_is_said_and_families_resolve_to_what_existed() {
    let table = PricingTable::builtin().unwrap();
    // Fable 5.2 was released on 2026-11-09. Priced on 2025-01-01 (a what-if on past traffic),
    // 1M input at its first rate, $8 per MTok (fact sheet §2), says so.
    let quoted = |day| {
        let table = table.as_of(day).unwrap();
        let (fable, _) = table.resolve("claude-fable-5-2").unwrap();
        let usage = burnrate::billing::Usage {
            input: Decimal::from(1_000_000),
            ..Default::default()
        };
        burnrate::billing::quote(&table, fable, &usage, Decimal::ONE, &Mode::default()).unwrap()
    };
    let before = quoted(jiff::civil::date(2025, 1, 1));
    assert_eq!(before.total, Decimal::from(8));
    let said: Vec<String> = before.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "claude-fable-5-2 was released on 2026-11-09, after 2025-01-01: it is priced at its \
          first published rates, which no one paid that day"
        ]
    );
    // On its release day, the same price and no such warning.
    let on_the_day = quoted(jiff::civil::date(2026, 11, 9));
    assert_eq!(on_the_day.total, Decimal::from(8));
    assert!(on_the_day.warnings.is_empty(), "{:?}", on_the_day.warnings);
    // `sonnet` on 2026-03-01 is the newest Sonnet of that day, 4.6 (released 2026-02-17), not
    // Sonnet 5 (2026-06-30) or 5.5 (2026-09-28); today it is 5.5.
    let march = table.as_of(jiff::civil::date(2026, 3, 1)).unwrap();
    assert_eq!(march.resolve("sonnet").unwrap().0.id, "claude-sonnet-4-6");
    assert_eq!(table.resolve("sonnet").unwrap().0.id, "claude-sonnet-5-5");
    // The list of that day leaves the later models out and names them.
    let list = burnrate::billing::catalog(&march, None).unwrap();
    assert!(list.models.iter().all(|m| m.id != "claude-sonnet-5"));
    assert!(
        list.not_yet_released
            .contains(&"claude-sonnet-5-5".to_string())
    );
    assert!(
        !list
            .not_yet_released
            .contains(&"claude-sonnet-4-6".to_string())
    );
}
