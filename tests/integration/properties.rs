//! Invariants of the billing engine over every model of the embedded table.

use std::sync::OnceLock;

use burnrate::billing::{InferenceGeo, Mode, Quote, Speed, Usage, quote};
use burnrate::pricing::{Model, PricingTable};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn table() -> &'static PricingTable {
    static TABLE: OnceLock<PricingTable> = OnceLock::new();
    TABLE.get_or_init(|| PricingTable::builtin().unwrap())
}

/// Models that publish every cache price (Mythos Preview does not, and must refuse them).
fn priced_models() -> Vec<&'static Model> {
    table()
        .models()
        .iter()
        .filter(|m| m.cache_read_multiplier.is_some() && m.batch_multiplier.is_some())
        .collect()
}

fn model_strategy() -> impl Strategy<Value = &'static Model> {
    let models = priced_models();
    (0..models.len()).prop_map(move |i| models[i])
}

/// Per-request usage small enough that two of them, plus growth in the monotonicity test, fit
/// every model's context window (200K) and output limit (4,096 on the Claude 3 models).
fn usage_strategy() -> impl Strategy<Value = Usage> {
    (
        0u64..24_000,
        0u64..24_000,
        0u64..24_000,
        0u64..24_000,
        0u64..2_000,
        0u64..5,
    )
        .prop_map(|(i, w5, w1, r, o, s)| Usage {
            input: i.into(),
            cache_write_5m: w5.into(),
            cache_write_1h: w1.into(),
            cache_read: r.into(),
            output: o.into(),
            web_searches: s.into(),
        })
}

/// A mode the model supports: batch or not, US-only where eligible.
fn mode_for(model: &Model, batch: bool, us: bool) -> Mode {
    Mode {
        batch,
        inference_geo: if us && model.inference_geo_us_multiplier.is_some() {
            InferenceGeo::Us
        } else {
            InferenceGeo::Global
        },
        ..Mode::default()
    }
}

fn q(model: &Model, usage: &Usage, requests: u64, mode: &Mode) -> Quote {
    quote(table(), model, usage, requests.into(), mode).unwrap()
}

fn add(a: &Usage, b: &Usage) -> Usage {
    Usage {
        input: a.input + b.input,
        cache_write_5m: a.cache_write_5m + b.cache_write_5m,
        cache_write_1h: a.cache_write_1h + b.cache_write_1h,
        cache_read: a.cache_read + b.cache_read,
        output: a.output + b.output,
        web_searches: a.web_searches + b.web_searches,
    }
}

/// Cost of the token lines only (web search is a flat fee outside the multipliers).
fn token_cost(quote: &Quote) -> Decimal {
    quote
        .lines
        .iter()
        .filter(|l| l.item.is_tokens())
        .map(|l| l.cost)
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn zero_usage_costs_zero(model in model_strategy(), batch: bool, us: bool, n in 0u64..1_000_000) {
        let quote = q(model, &Usage::default(), n, &mode_for(model, batch, us));
        prop_assert_eq!(quote.total, Decimal::ZERO);
    }

    #[test]
    fn cost_is_additive_within_a_tier(
        model in model_strategy(), a in usage_strategy(), b in usage_strategy(), batch: bool, us: bool,
    ) {
        let mode = mode_for(model, batch, us);
        let (qa, qb, qab) = (q(model, &a, 1, &mode), q(model, &b, 1, &mode), q(model, &add(&a, &b), 1, &mode));
        // A prompt-length tier reprices the whole request, so additivity holds within a tier.
        prop_assume!(qa.tier_above == qab.tier_above && qb.tier_above == qab.tier_above);
        prop_assert_eq!(qa.total + qb.total, qab.total);
    }

    #[test]
    fn cost_is_monotone_in_every_count(
        model in model_strategy(), base in usage_strategy(), extra in 1u64..60_000, which in 0usize..6,
        batch: bool, us: bool,
    ) {
        let mode = mode_for(model, batch, us);
        let mut more = base.clone();
        let extra = Decimal::from(extra);
        match which {
            0 => more.input += extra,
            1 => more.cache_write_5m += extra,
            2 => more.cache_write_1h += extra,
            3 => more.cache_read += extra,
            4 => more.output += extra.min(Decimal::from(1_000)),
            _ => more.web_searches += Decimal::ONE,
        }
        prop_assert!(q(model, &more, 1, &mode).total >= q(model, &base, 1, &mode).total);
    }

    #[test]
    fn batch_is_exactly_half_of_real_time_for_tokens(
        model in model_strategy(), usage in usage_strategy(), us: bool, n in 1u64..100_000,
    ) {
        let real_time = q(model, &usage, n, &mode_for(model, false, us));
        let batch = q(model, &usage, n, &mode_for(model, true, us));
        prop_assert_eq!(token_cost(&batch) * Decimal::TWO, token_cost(&real_time));
        // The web search fee is the same either way.
        prop_assert_eq!(batch.total - token_cost(&batch), real_time.total - token_cost(&real_time));
    }

    #[test]
    fn n_requests_cost_n_times_one(
        model in model_strategy(), usage in usage_strategy(), n in 0u64..10_000_000, batch: bool, us: bool,
    ) {
        let mode = mode_for(model, batch, us);
        prop_assert_eq!(q(model, &usage, n, &mode).total, q(model, &usage, 1, &mode).total * Decimal::from(n));
    }

    #[test]
    fn fast_mode_stacks_with_cache_and_us_only(usage in usage_strategy(), us: bool) {
        // Opus 5.5 fast is exactly twice standard on every token class, with or without US-only.
        let (model, _) = table().resolve("claude-opus-5-5").unwrap();
        let standard = mode_for(model, false, us);
        let fast = Mode { speed: Speed::Fast, ..standard.clone() };
        prop_assert_eq!(token_cost(&q(model, &usage, 1, &fast)), token_cost(&q(model, &usage, 1, &standard)) * Decimal::TWO);
    }
}
