//! The rate of each billed item under a mode: base price (model, tier or fast) × factors.

use rust_decimal::Decimal;

use super::checks::check_mode;
use super::mode::{InferenceGeo, Mode, Speed};
use super::quote::{BaseRate, Factor, Item};
use crate::error::{Error, Result};
use crate::money::{format_count, mul};
use crate::pricing::schema::Factor as TableFactor;
use crate::pricing::{Model, Platform, PricingTable};

/// Everything that fixes the rates of a request: the checked mode, the tier, the base prices
/// and the factors common to every token class.
pub(super) struct Pricer<'a> {
    table: &'a PricingTable,
    model: &'a Model,
    input: BaseRate,
    output: BaseRate,
    common: Vec<Factor>,
    pub(super) tier_above: Option<u64>,
}

impl<'a> Pricer<'a> {
    pub(super) fn new(
        table: &'a PricingTable,
        model: &'a Model,
        prompt_tokens: Decimal,
        mode: &Mode,
    ) -> Result<Self> {
        let platform = table.platform(&mode.platform)?;
        check_mode(table, model, platform, mode)?;
        let tier = match mode.speed {
            Speed::Fast => None,
            Speed::Standard => model
                .prompt_tiers
                .iter()
                .rev()
                .find(|t| prompt_tokens > Decimal::from(t.above_prompt_tokens)),
        };
        let (input, output) = match (mode.speed, tier, &model.fast) {
            (Speed::Fast, _, Some(fast)) => (
                base("fast input", fast.input_usd_per_mtok.0),
                base("fast output", fast.output_usd_per_mtok.0),
            ),
            (_, Some(t), _) => (
                base(
                    &format!(
                        "input (prompt > {})",
                        format_count(t.above_prompt_tokens.into())
                    ),
                    t.input_usd_per_mtok.0,
                ),
                base(
                    &format!(
                        "output (prompt > {})",
                        format_count(t.above_prompt_tokens.into())
                    ),
                    t.output_usd_per_mtok.0,
                ),
            ),
            _ => (
                base("input", model.input_usd_per_mtok.0),
                base("output", model.output_usd_per_mtok.0),
            ),
        };
        Ok(Pricer {
            table,
            model,
            input,
            output,
            common: common_factors(model, platform, mode),
            tier_above: tier.map(|t| t.above_prompt_tokens),
        })
    }

    pub(super) fn rate(&self, item: Item) -> Result<(BaseRate, Vec<Factor>, Decimal)> {
        let (line_base, mut factors) = match item {
            Item::Input => (self.input.clone(), Vec::new()),
            Item::Output => (self.output.clone(), Vec::new()),
            Item::CacheWrite5m | Item::CacheWrite1h | Item::CacheRead => {
                cache_base(self.model, item, &self.input)?
            }
            Item::WebSearch => (web_search_base(self.table)?, Vec::new()),
        };
        if item.is_tokens() {
            factors.extend(self.common.iter().cloned());
        }
        let rate = factors.iter().try_fold(line_base.usd, |r, f| {
            mul(r, f.value, &format!("the {} rate", item.label()))
        })?;
        Ok((line_base, factors, rate))
    }
}

fn base(label: &str, usd: Decimal) -> BaseRate {
    BaseRate {
        label: label.to_string(),
        usd,
    }
}

/// The base and cache factor of a cache line: the model's published absolute price where it
/// breaks the multiplier rule, otherwise the (tier or fast) input rate times the multiplier.
fn cache_base(model: &Model, item: Item, input: &BaseRate) -> Result<(BaseRate, Vec<Factor>)> {
    let (published, multiplier, field) = match item {
        Item::CacheWrite5m => (
            model.cache_write_5m_usd_per_mtok,
            model.cache_write_5m_multiplier,
            "cache_write_5m_multiplier",
        ),
        Item::CacheWrite1h => (
            model.cache_write_1h_usd_per_mtok,
            model.cache_write_1h_multiplier,
            "cache_write_1h_multiplier",
        ),
        _ => (
            model.cache_read_usd_per_mtok,
            model.cache_read_multiplier,
            "cache_read_multiplier",
        ),
    };
    // Validation guarantees a published price never meets a tier or fast mode, so the base
    // input here is the model's own input price.
    if let Some(p) = published {
        return Ok((
            base(&format!("published {}", item.label()), p.0),
            Vec::new(),
        ));
    }
    let Some(TableFactor(m)) = multiplier else {
        return Err(Error::MissingPrice {
            model: model.id.clone(),
            price: item.label().to_string(),
            field: field.to_string(),
        });
    };
    Ok((
        input.clone(),
        vec![Factor {
            name: item.label(),
            value: m,
        }],
    ))
}

fn web_search_base(table: &PricingTable) -> Result<BaseRate> {
    let tools = table.server_tools.as_ref().ok_or(Error::MissingFee {
        fee: "web search",
        field: "server_tools.web_search_usd_per_1k_searches",
    })?;
    Ok(base(
        "web search per 1,000",
        tools.web_search_usd_per_1k_searches.0,
    ))
}

/// Factors that apply to every token class: batch, US-only, regional premium.
fn common_factors(model: &Model, platform: &Platform, mode: &Mode) -> Vec<Factor> {
    let mut factors = Vec::new();
    // check_mode has ensured that a requested multiplier exists.
    if let (true, Some(TableFactor(b))) = (mode.batch, model.batch_multiplier) {
        factors.push(Factor {
            name: "batch",
            value: b,
        });
    }
    if let (InferenceGeo::Us, Some(TableFactor(us))) =
        (mode.inference_geo, model.inference_geo_us_multiplier)
    {
        factors.push(Factor {
            name: "US-only",
            value: us,
        });
    }
    if let (Some(TableFactor(r)), true) = (platform.regional_multiplier, model.regional_premium) {
        factors.push(Factor {
            name: "regional",
            value: r,
        });
    }
    factors
}
