//! FOCUS 1.2 CSV for repriced observed usage: the specification's 21 mandatory columns, the
//! conditional ones a token charge fills (`ConsumedQuantity`, `ConsumedUnit`, `SkuId`,
//! `SkuMeter`, `ListUnitPrice`), recommended `ServiceSubcategory` and `ChargeFrequency`, then
//! `x_` columns for what FOCUS has no column for (token class, tier, geo, speed). One row per
//! charge: a day, a model, its price dimensions and one class.
//!
//! The costs are burnrate's repricing at list rates, not Anthropic's invoice: `x_Source` says
//! so on every row, and `x_PriceVersion` names the table day that priced it.

use jiff::ToSpan;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::money::Exact;
use crate::usage::UsageReport;
use crate::usage::result::Charge;

/// One FOCUS row, columns in the specification's names and order.
#[derive(Serialize)]
#[allow(non_snake_case)]
struct Row<'a> {
    BilledCost: Exact,
    EffectiveCost: Exact,
    ListCost: Exact,
    ContractedCost: Exact,
    BillingCurrency: &'static str,
    BillingAccountId: &'a str,
    BillingAccountName: &'static str,
    BillingPeriodStart: String,
    BillingPeriodEnd: String,
    ChargePeriodStart: String,
    ChargePeriodEnd: String,
    ChargeCategory: &'static str,
    ChargeClass: &'static str,
    ChargeDescription: String,
    PricingQuantity: Exact,
    PricingUnit: &'static str,
    ProviderName: &'static str,
    PublisherName: &'static str,
    InvoiceIssuerName: &'static str,
    ServiceName: &'static str,
    ServiceCategory: &'static str,
    ServiceSubcategory: &'static str,
    ChargeFrequency: &'static str,
    ConsumedQuantity: Exact,
    ConsumedUnit: &'static str,
    SkuId: String,
    SkuMeter: &'static str,
    ListUnitPrice: Exact,
    ResourceId: &'a str,
    x_Model: &'a str,
    x_TokenType: &'static str,
    x_ServiceTier: &'static str,
    x_InferenceGeo: &'static str,
    x_Speed: &'static str,
    x_ContextWindow: &'static str,
    x_Workspace: &'a str,
    x_Source: &'static str,
    x_PriceVersion: String,
}

/// RFC 3339 midnight UTC of a day.
fn midnight(d: jiff::civil::Date) -> String {
    format!("{d}T00:00:00Z")
}

fn row<'a>(c: &'a Charge, account: &'a str) -> Result<Row<'a>> {
    let span = |e: jiff::Error| Error::Render(format!("FOCUS: {e}"));
    let next_day = c.date.checked_add(1.day()).map_err(span)?;
    let month = c.date.first_of_month();
    let next_month = month.checked_add(1.month()).map_err(span)?;
    let (unit, per, consumed) = if c.item.is_tokens() {
        ("1M tokens", Decimal::from(1_000_000u32), "Tokens")
    } else {
        ("1K searches", Decimal::from(1_000u32), "Searches")
    };
    let cost = Exact(c.cost);
    Ok(Row {
        BilledCost: cost,
        EffectiveCost: cost,
        ListCost: cost,
        ContractedCost: cost,
        BillingCurrency: "USD",
        BillingAccountId: account,
        BillingAccountName: "",
        BillingPeriodStart: midnight(month),
        BillingPeriodEnd: midnight(next_month),
        ChargePeriodStart: midnight(c.date),
        ChargePeriodEnd: midnight(next_day),
        ChargeCategory: "Usage",
        ChargeClass: "",
        ChargeDescription: format!(
            "{} {} ({}, {}, {})",
            c.dims.model,
            c.item.label(),
            c.dims.service_tier.name(),
            c.dims.speed,
            c.dims.inference_geo
        ),
        PricingQuantity: Exact(c.quantity / per),
        PricingUnit: unit,
        ProviderName: "Anthropic",
        PublisherName: "Anthropic",
        InvoiceIssuerName: "Anthropic",
        ServiceName: "Claude API",
        ServiceCategory: "AI and Machine Learning",
        ServiceSubcategory: "Generative AI",
        ChargeFrequency: "Usage-Based",
        ConsumedQuantity: Exact(c.quantity),
        ConsumedUnit: consumed,
        SkuId: format!("{}:{}", c.dims.model, c.item.key()),
        SkuMeter: c.item.label(),
        ListUnitPrice: Exact(c.rate_usd),
        ResourceId: c
            .api_key_id
            .as_deref()
            .or(c.workspace_id.as_deref())
            .unwrap_or(""),
        x_Model: &c.dims.model,
        x_TokenType: c.item.key(),
        x_ServiceTier: c.dims.service_tier.name(),
        x_InferenceGeo: c.dims.inference_geo,
        x_Speed: c.dims.speed,
        x_ContextWindow: c.dims.context_window.unwrap_or(""),
        x_Workspace: c.workspace_id.as_deref().unwrap_or(""),
        x_Source: "burnrate repricing of observed usage at list rates (not an invoice)",
        x_PriceVersion: format!("burnrate pricing table as of {}", c.date),
    })
}

/// The report's charges as FOCUS 1.2 CSV; `account` fills `BillingAccountId`.
pub fn render(report: &UsageReport, account: &str) -> Result<String> {
    let rows = report
        .charges
        .iter()
        .map(|c| row(c, account))
        .collect::<Result<Vec<_>>>()?;
    super::csv::render(&rows)
}
